//! The data directory, written down once.
//!
//! ```text
//! DIR/
//!   node.json                   the node's own party (whose witness key it uses)
//!   private/parties/<p>.key     party signing keys (mode 0600)
//!   logs/<mechanism>/           one C2SP tiled log per mechanism
//!   witness/state               the witness's latest cosigned sizes
//!   intake/queue.json           candidate incidents from articles, for review
//!   moc.sqlite                  projections; the restricted tables: identities,
//!                               accounts, API tokens, sessions
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::NodeError;

/// The paths of one data directory.
#[derive(Clone, Debug)]
pub struct Layout {
    root: PathBuf,
}

/// `node.json`: what this node is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeFile {
    /// The party running this node; its key, as a cosignature key, is the
    /// node's witness key.
    pub party: String,
}

impl Layout {
    /// The layout under `root`.
    #[must_use]
    pub fn new(root: &Path) -> Self {
        Layout {
            root: root.to_owned(),
        }
    }

    /// The directory itself.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `node.json`.
    #[must_use]
    pub fn node_file(&self) -> PathBuf {
        self.root.join("node.json")
    }

    /// The directory of party keys.
    #[must_use]
    pub fn party_keys(&self) -> PathBuf {
        self.root.join("private").join("parties")
    }

    /// One party's key file.
    #[must_use]
    pub fn party_key(&self, party: &str) -> PathBuf {
        self.party_keys().join(format!("{party}.key"))
    }

    /// The directory of the logs.
    #[must_use]
    pub fn logs(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// One mechanism's log.
    #[must_use]
    pub fn log(&self, mechanism: &str) -> PathBuf {
        self.logs().join(mechanism)
    }

    /// The witness's state file.
    #[must_use]
    pub fn witness_state(&self) -> PathBuf {
        self.root.join("witness").join("state")
    }

    /// The review queue of candidate incidents read from articles
    /// (`moc intake queue`): this node's own work list, not part of any
    /// log.
    #[must_use]
    pub fn intake_queue(&self) -> PathBuf {
        self.root.join("intake").join("queue.json")
    }

    /// The default SQLite file.
    #[must_use]
    pub fn sqlite(&self) -> PathBuf {
        self.root.join("moc.sqlite")
    }

    /// Whether a node lives here.
    #[must_use]
    pub fn exists(&self) -> bool {
        self.node_file().is_file()
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a
/// crash leaves the old file or the new one, never half of one. Private
/// files get mode 0600.
///
/// # Errors
/// [`NodeError::Io`] naming the path.
pub fn write_atomic(path: &Path, bytes: &[u8], private: bool) -> Result<(), NodeError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| NodeError::io(dir, e))?;
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(&tmp).map_err(|e| NodeError::io(&tmp, e))?;
    file.write_all(bytes).map_err(|e| NodeError::io(&tmp, e))?;
    file.sync_all().map_err(|e| NodeError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| NodeError::io(path, e))?;
    Ok(())
}
