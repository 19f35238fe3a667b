//! A moc node: the data directory, the mechanisms' logs, the folded domain
//! state and the SQL projections, tied together by one command path.
//!
//! **Key design decision:** the logs are the truth. A node folds them into
//! a [`moc_domain::State`] when it opens, and every command is decided on
//! that state, signed by the acting party's key, appended durably, and only
//! then projected into SQL ([`node`] explains the pipeline). The SQL tables
//! can always be rebuilt from the logs ([`Node::reindex`]); the only data
//! not in the logs is the restricted identity table, whose records the
//! logs commit to with salted hashes ([`identity`]).
//!
//! # In scope
//! - Opening a node: folding and verifying its logs, catching the
//!   projection up after a crash.
//! - Commands as actors from the node's accounts; members registered with
//!   their personal record kept off the log.
//! - The Gao demo ([`demo`]) and the node benchmark ([`bench`]).
//! - Cosigning this node's logs' checkpoints as a witness.
//!
//! # Out of scope
//! - HTTP (`moc-server`), flags and tables (`moc`), authentication and the
//!   authorisation matrix (the accounts issue), mirroring other parties'
//!   nodes (the reliability issue).

use std::path::{Path, PathBuf};

pub mod accounts;
pub mod bench;
pub mod demo;
pub mod identity;
pub mod intake;
pub mod layout;
mod node;

pub use accounts::{Account, Accounts, IssuedToken, NewUser, Password, TokenInfo, TokenScope};
pub use node::{Executed, LogInfo, Node, NodeOptions, ReindexReport, now};

use moc_domain::DomainError;
use moc_ledger::entry::EntryError;
use moc_ledger::log::LogError;
use moc_store::StoreError;

/// Why a node operation failed.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A file of the data directory does not parse.
    #[error("{path}: {why}")]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// There is no node in this directory.
    #[error("{0}: no moc node here (node.json is missing)")]
    NotANode(PathBuf),
    /// A node is already there.
    #[error("{0}: a moc node already exists here")]
    AlreadyExists(PathBuf),
    /// No account has this user id.
    #[error("no account {user:?} (accounts: {})", known.join(", "))]
    UnknownAccount {
        /// The id asked for.
        user: String,
        /// The ids there are.
        known: Vec<String>,
    },
    /// The account exists but is disabled.
    #[error("account {0} is disabled")]
    AccountDisabled(String),
    /// A sign-in or token failed. Deliberately says nothing more: not
    /// whether the account exists, is disabled, or the password was wrong.
    #[error("unknown account or wrong password or token")]
    BadCredentials,
    /// The user id is taken.
    #[error("account {0} already exists")]
    DuplicateAccount(String),
    /// A rule refused the command; nothing was recorded.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The SQL store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A log could not be opened or read.
    #[error("log {dir}: {source}")]
    Log {
        /// The log's directory.
        dir: PathBuf,
        /// The error.
        source: LogError,
    },
    /// A log holds something the node cannot fold.
    #[error("log {dir}: {why}")]
    BadLog {
        /// The log's directory.
        dir: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// The entry could not be signed.
    #[error("entry: {0}")]
    Entry(#[from] EntryError),
    /// A key could not be made or used.
    #[error("key: {0}")]
    Key(String),
    /// The node holds no signing key for the actor's party.
    #[error("this node holds no signing key for party {0}")]
    NoPartyKey(String),
    /// The command names a mechanism this node does not host.
    #[error("no mechanism {0} on this node")]
    UnknownMechanism(String),
    /// The database has projected more of a log than the log holds.
    #[error(
        "the database has projected {cursor} entries of log {origin}, which holds {size}: it belongs to another data directory (run `moc reindex` to rebuild it from this one)"
    )]
    ProjectionAhead {
        /// The log.
        origin: String,
        /// The database's cursor.
        cursor: u64,
        /// The log's size.
        size: u64,
    },
    /// The append failed; nothing of this command is in the log.
    #[error("the log append failed: {0}")]
    Append(String),
    /// The event is in the log but could not be projected.
    #[error(
        "recorded in the log, but the SQL projection failed: {0} (restart the node to catch up)"
    )]
    Projection(String),
    /// A field of the input is invalid.
    #[error("invalid {field}: {why}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        why: String,
    },
    /// An earlier failure stopped the node.
    #[error("the node stopped after an earlier failure; restart it")]
    Stopped,
}

impl NodeError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        NodeError::Io {
            path: path.to_owned(),
            source,
        }
    }

    pub(crate) fn log(dir: &Path, source: LogError) -> Self {
        NodeError::Log {
            dir: dir.to_owned(),
            source,
        }
    }
}
