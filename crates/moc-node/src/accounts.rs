//! The node's accounts: who may act, for which party, in which roles.
//!
//! A JSON file in the data directory. This is the minimal form the domain
//! needs (an [`Actor`] per user); passwords, sessions and the full
//! authorisation matrix come with the accounts issue.

use std::collections::BTreeMap;
use std::path::Path;

use moc_domain::{Actor, PartyId, Role, UserId};
use serde::{Deserialize, Serialize};

use crate::NodeError;

/// One account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The user id.
    pub user: UserId,
    /// The party it acts for.
    pub party: PartyId,
    /// Its roles.
    pub roles: Vec<Role>,
}

/// Every account of a node, by user id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accounts(BTreeMap<UserId, Account>);

impl Accounts {
    /// Builds from a list; a later account with the same user replaces an
    /// earlier one.
    #[must_use]
    pub fn new(accounts: impl IntoIterator<Item = Account>) -> Self {
        Accounts(accounts.into_iter().map(|a| (a.user.clone(), a)).collect())
    }

    /// Reads `accounts.json`.
    ///
    /// # Errors
    /// [`NodeError::Io`] or [`NodeError::BadFile`] naming the file and
    /// what is wrong in it.
    pub fn load(path: &Path) -> Result<Self, NodeError> {
        let text = std::fs::read_to_string(path).map_err(|e| NodeError::io(path, e))?;
        let list: Vec<Account> = serde_json::from_str(&text).map_err(|e| NodeError::BadFile {
            path: path.to_owned(),
            why: e.to_string(),
        })?;
        Ok(Accounts::new(list))
    }

    /// Writes `accounts.json`.
    ///
    /// # Errors
    /// [`NodeError::Io`].
    pub fn save(&self, path: &Path) -> Result<(), NodeError> {
        let list: Vec<&Account> = self.0.values().collect();
        let text = serde_json::to_string_pretty(&list).unwrap_or_default();
        crate::layout::write_atomic(path, text.as_bytes(), false)
    }

    /// The actor behind `user`.
    ///
    /// # Errors
    /// [`NodeError::UnknownAccount`] listing the accounts there are.
    pub fn actor(&self, user: &str) -> Result<Actor, NodeError> {
        let account = UserId::new(user)
            .ok()
            .and_then(|u| self.0.get(&u))
            .ok_or_else(|| NodeError::UnknownAccount {
                user: user.chars().take(64).collect(),
                known: self.0.keys().map(|u| u.as_str().to_owned()).collect(),
            })?;
        Ok(Actor::new(
            account.user.clone(),
            account.party.clone(),
            account.roles.iter().copied(),
        ))
    }

    /// Every account.
    pub fn iter(&self) -> impl Iterator<Item = &Account> {
        self.0.values()
    }
}
