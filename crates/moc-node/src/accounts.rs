//! The node's accounts: who may sign in, for which party, in which roles;
//! their passwords and API tokens.
//!
//! **Key design decision:** the store keeps only what cannot sign anyone
//! in. Passwords are kept as argon2id hashes (RFC 9106's second
//! recommended setting: 19 MiB, 2 passes), tokens as the SHA-256 of their
//! secret, sessions (in `moc-server`) as the SHA-256 of their id. A copy of
//! the database gives an attacker hashes to crack, not access.
//!
//! Accounts belong to the node, not to the log: each party runs its own
//! node with its own accounts, and the log records the user id of every
//! event, signed with the party's key, so it says who did what for which
//! party. The node keeps a copy of the accounts in memory so that turning
//! a user id into an [`Actor`] costs no query.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use base64::Engine as _;
use moc_domain::access::{Action, Target, authorize, may_grant};
use moc_domain::{Actor, PartyId, Role, UserId};
use moc_store::{TokenRow, UserRow};
use rand::Rng as _;
use rand::rngs::OsRng;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Node, NodeError, now};

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;
/// Longest password accepted (argon2 takes any length; a bound keeps a
/// request from making the node hash megabytes).
pub const MAX_PASSWORD: usize = 256;

/// A password in clear, on its way to being hashed or checked. `Debug`
/// does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl Password {
    /// A password a user chose.
    ///
    /// # Errors
    /// [`NodeError::Invalid`] when shorter than [`MIN_PASSWORD`] or longer
    /// than [`MAX_PASSWORD`] characters.
    pub fn new(text: impl Into<String>) -> Result<Password, NodeError> {
        let text = text.into();
        let n = text.chars().count();
        if !(MIN_PASSWORD..=MAX_PASSWORD).contains(&n) {
            return Err(NodeError::Invalid {
                field: "password",
                why: format!("must be {MIN_PASSWORD} to {MAX_PASSWORD} characters, not {n}"),
            });
        }
        Ok(Password(text))
    }

    /// A random password of 20 characters from an alphabet without
    /// look-alikes (about 110 bits), for a first sign-in.
    #[must_use]
    pub fn generate() -> Password {
        const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        let mut rng = OsRng;
        let text = (0..20)
            .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
            .collect();
        Password(text)
    }

    /// The password itself, to show once to whoever created it.
    #[must_use]
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

/// One account as the node holds it in memory.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The user id: a call sign or code, never a person's name (it is in
    /// every event the user records).
    pub user: UserId,
    /// The party it acts for.
    pub party: PartyId,
    /// Its roles.
    pub roles: BTreeSet<Role>,
    /// Whether it is disabled.
    pub disabled: bool,
    /// Whether it has a password (else it signs in only by token, or not
    /// at all).
    pub has_password: bool,
}

/// Every account of a node, by user id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accounts(BTreeMap<UserId, Account>);

impl Accounts {
    /// Reads them from the store's rows.
    ///
    /// # Errors
    /// [`NodeError::BadFile`]-like [`NodeError::Invalid`] for a row whose
    /// id, party or role does not parse (a table edited by hand).
    pub fn from_rows(rows: &[UserRow]) -> Result<Self, NodeError> {
        let mut map = BTreeMap::new();
        for r in rows {
            let account = account_of(r)?;
            map.insert(account.user.clone(), account);
        }
        Ok(Accounts(map))
    }

    /// The actor behind an enabled account.
    ///
    /// # Errors
    /// [`NodeError::UnknownAccount`] listing the accounts there are, or
    /// [`NodeError::AccountDisabled`].
    pub fn actor(&self, user: &str) -> Result<Actor, NodeError> {
        let account = UserId::new(user)
            .ok()
            .and_then(|u| self.0.get(&u))
            .ok_or_else(|| NodeError::UnknownAccount {
                user: user.chars().take(64).collect(),
                known: self.0.keys().map(|u| u.as_str().to_owned()).collect(),
            })?;
        if account.disabled {
            return Err(NodeError::AccountDisabled(account.user.as_str().to_owned()));
        }
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

    /// One account.
    #[must_use]
    pub fn get(&self, user: &str) -> Option<&Account> {
        UserId::new(user).ok().and_then(|u| self.0.get(&u))
    }
}

fn account_of(r: &UserRow) -> Result<Account, NodeError> {
    let bad = |why: String| NodeError::Invalid {
        field: "users",
        why: format!("account {:?}: {why}", r.id),
    };
    let roles = r
        .roles
        .iter()
        .map(|code| role_of(code).ok_or_else(|| bad(format!("unknown role {code:?}"))))
        .collect::<Result<_, _>>()?;
    Ok(Account {
        user: UserId::new(&r.id).map_err(|e| bad(e.to_string()))?,
        party: PartyId::new(&r.party).map_err(|e| bad(e.to_string()))?,
        roles,
        disabled: r.disabled,
        has_password: r.password_hash.is_some(),
    })
}

/// A role from its code.
#[must_use]
pub fn role_of(code: &str) -> Option<Role> {
    [
        Role::PartyAdmin,
        Role::PartyOfficer,
        Role::VettingOfficer,
        Role::JointCommander,
        Role::Observer,
    ]
    .into_iter()
    .find(|r| r.as_str() == code)
}

/// An account to create.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// The user id.
    pub user: UserId,
    /// Its party.
    pub party: PartyId,
    /// Its roles (at least one).
    pub roles: BTreeSet<Role>,
    /// Its password; `None`: no password sign-in (tokens only).
    pub password: Option<Password>,
}

/// What an API token may do.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenScope {
    /// Reads only (a witness pulling tiles, a dashboard).
    Read,
    /// Everything its owner may do.
    Act,
}

impl TokenScope {
    /// The scope's code.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Act => "act",
        }
    }

    /// A scope from its code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<TokenScope> {
        match code {
            "read" => Some(TokenScope::Read),
            "act" => Some(TokenScope::Act),
            _ => None,
        }
    }
}

/// A token just issued: `secret` is shown once and never stored.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The token's public id.
    pub id: String,
    /// The whole token, `moc_<id>_<secret>`, for the `Authorization:
    /// Bearer` header.
    pub token: String,
    /// Its scope.
    pub scope: TokenScope,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("id", &self.id)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// A token as listed to its owner (never its secret).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// The token's public id.
    pub id: String,
    /// Its scope.
    #[cfg_attr(feature = "openapi", schema(value_type = TokenScope))]
    pub scope: String,
    /// Its label.
    pub label: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds, when revoked.
    pub revoked_at: Option<i64>,
}

impl From<TokenRow> for TokenInfo {
    fn from(t: TokenRow) -> Self {
        TokenInfo {
            id: t.id,
            scope: t.scope,
            label: t.label,
            created_at: t.created_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// Hashes a password with argon2id and a fresh salt.
fn hash_password(password: &Password) -> Result<String, NodeError> {
    Argon2::default()
        .hash_password(password.0.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| NodeError::Key(format!("password hashing: {e}")))
}

/// Checks a password against a PHC string; false for a malformed one.
fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash to check against when the account does not exist, so that an
/// unknown user takes as long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password(&Password::generate()).unwrap_or_default())
}

/// Lowercase hex SHA-256.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Equality whose time does not depend on where the inputs differ.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `<id>` and `<secret>` of `moc_<id>_<secret>`.
fn split_token(token: &str) -> Option<(&str, &str)> {
    let rest = token.strip_prefix("moc_")?;
    let (id, secret) = rest.split_once('_')?;
    let id_ok = id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit());
    let secret_ok = (20..=128).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (id_ok && secret_ok).then_some((id, secret))
}

impl Node {
    /// A snapshot of the accounts.
    #[must_use]
    pub fn accounts(&self) -> Accounts {
        self.accounts.read().map(|a| a.clone()).unwrap_or_default()
    }

    /// The actor behind an enabled account (no password asked: for the
    /// local operator and for requests already authenticated).
    ///
    /// # Errors
    /// [`NodeError::UnknownAccount`] or [`NodeError::AccountDisabled`].
    pub fn actor(&self, user: &str) -> Result<Actor, NodeError> {
        self.accounts
            .read()
            .map_err(|_| NodeError::Stopped)?
            .actor(user)
    }

    /// Runs a password hash or check on the blocking pool, at most one per
    /// core at a time.
    async fn hashed<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, NodeError> {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|_| NodeError::Stopped)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| NodeError::Stopped)
    }

    async fn reload_accounts(&self) -> Result<(), NodeError> {
        let fresh = Accounts::from_rows(&self.store().users().await?)?;
        if let Ok(mut a) = self.accounts.write() {
            *a = fresh;
        }
        Ok(())
    }

    /// Whether `by` may manage an account of `party` holding `roles`
    /// (`None`: the node's operator at the command line, who holds the keys
    /// anyway): a party admin manages its own party's accounts, and only
    /// those whose roles it could give ([`may_grant`]).
    fn may_manage(
        by: Option<&Actor>,
        party: &PartyId,
        roles: &BTreeSet<Role>,
    ) -> Result<(), NodeError> {
        let Some(a) = by else { return Ok(()) };
        authorize(Some(a), Action::ManageUsers, Target::Party(party))?;
        for role in roles {
            may_grant(Some(a), *role)?;
        }
        Ok(())
    }

    /// Creates accounts, all or none.
    ///
    /// # Errors
    /// [`NodeError::Invalid`] for an account with no role or for a party
    /// this node holds no key for; [`NodeError::DuplicateAccount`]; a
    /// policy refusal when `by` may not manage the party's accounts.
    pub async fn add_users(
        &self,
        by: Option<&Actor>,
        users: Vec<NewUser>,
    ) -> Result<(), NodeError> {
        let created_by = by.map_or("operator", |a| a.user.as_str()).to_owned();
        let created_at = now().0.0;
        let mut rows = Vec::with_capacity(users.len());
        for u in users {
            Self::may_manage(by, &u.party, &u.roles)?;
            if u.roles.is_empty() {
                return Err(NodeError::Invalid {
                    field: "roles",
                    why: format!("account {} needs at least one role", u.user),
                });
            }
            if !self.holds_key(u.party.as_str()) {
                return Err(NodeError::NoPartyKey(u.party.as_str().to_owned()));
            }
            let password_hash = match u.password {
                Some(p) => Some(self.hashed(move || hash_password(&p)).await??),
                None => None,
            };
            rows.push(UserRow {
                id: u.user.as_str().to_owned(),
                party: u.party.as_str().to_owned(),
                roles: u.roles.iter().map(|r| r.as_str().to_owned()).collect(),
                password_hash,
                disabled: false,
                created_at,
                created_by: created_by.clone(),
            });
        }
        if let Some(taken) = self.store().add_users(&rows).await? {
            return Err(NodeError::DuplicateAccount(taken));
        }
        for r in &rows {
            tracing::info!(
                user = r.id.as_str(),
                party = r.party.as_str(),
                by = created_by.as_str(),
                "account created"
            );
        }
        self.reload_accounts().await
    }

    /// Disables (or enables again) an account. Disabling ends its sessions
    /// and revokes its tokens.
    ///
    /// # Errors
    /// [`NodeError::UnknownAccount`], or a policy refusal.
    pub async fn set_disabled(
        &self,
        by: Option<&Actor>,
        user: &str,
        disabled: bool,
    ) -> Result<(), NodeError> {
        let (party, roles) = self.account_party(user)?;
        Self::may_manage(by, &party, &roles)?;
        if !self.store().set_disabled(user, disabled, now().0.0).await? {
            return Err(self.unknown(user));
        }
        tracing::info!(user, disabled, "account changed");
        self.reload_accounts().await
    }

    /// Sets an account's password: by its owner, who must give the current
    /// one (a stolen session must not be enough to take the account), by
    /// its party's admin, or by the operator. The account's sessions end.
    ///
    /// # Errors
    /// [`NodeError::UnknownAccount`], [`NodeError::BadCredentials`] for a
    /// wrong current password, or a policy refusal.
    pub async fn set_password(
        &self,
        by: Option<&Actor>,
        user: &str,
        password: Password,
        current: Option<&str>,
    ) -> Result<(), NodeError> {
        let (party, roles) = self.account_party(user)?;
        match by {
            Some(a) if a.user.as_str() == user => {
                self.sign_in(user, current.unwrap_or_default()).await?;
            }
            _ => Self::may_manage(by, &party, &roles)?,
        }
        let hash = self.hashed(move || hash_password(&password)).await??;
        if !self.store().set_password_hash(user, &hash).await? {
            return Err(self.unknown(user));
        }
        self.reload_accounts().await
    }

    fn account_party(&self, user: &str) -> Result<(PartyId, BTreeSet<Role>), NodeError> {
        self.accounts()
            .get(user)
            .map(|a| (a.party.clone(), a.roles.clone()))
            .ok_or_else(|| self.unknown(user))
    }

    fn unknown(&self, user: &str) -> NodeError {
        NodeError::UnknownAccount {
            user: user.chars().take(64).collect(),
            known: self
                .accounts()
                .iter()
                .map(|a| a.user.as_str().to_owned())
                .collect(),
        }
    }

    /// Checks a user id and password. Every failure — unknown account,
    /// disabled account, no password, wrong password — is the same
    /// [`NodeError::BadCredentials`] and takes the same time.
    ///
    /// # Errors
    /// [`NodeError::BadCredentials`], or the store's error.
    pub async fn sign_in(&self, user: &str, password: &str) -> Result<Actor, NodeError> {
        if password.chars().count() > MAX_PASSWORD {
            return Err(NodeError::BadCredentials);
        }
        let row = match UserId::new(user) {
            Ok(u) => self.store().user(u.as_str()).await?,
            Err(_) => None,
        };
        let usable = row
            .as_ref()
            .filter(|r| !r.disabled)
            .and_then(|r| r.password_hash.clone());
        let phc = usable.clone().unwrap_or_else(|| decoy_hash().to_owned());
        let password = password.to_owned();
        let ok = self
            .hashed(move || verify_password(&password, &phc))
            .await?;
        if !(ok && usable.is_some()) {
            return Err(NodeError::BadCredentials);
        }
        self.actor(user).map_err(|_| NodeError::BadCredentials)
    }

    /// Issues an API token for `actor` (signed in already).
    ///
    /// # Errors
    /// [`NodeError::Invalid`] for an empty or long label; the store's error.
    pub async fn issue_token(
        &self,
        actor: &Actor,
        scope: TokenScope,
        label: &str,
    ) -> Result<IssuedToken, NodeError> {
        authorize(Some(actor), Action::ManageOwnTokens, Target::Whole)?;
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 80 || label.chars().any(char::is_control) {
            return Err(NodeError::Invalid {
                field: "label",
                why: "must be 1 to 80 printable characters".into(),
            });
        }
        let mut rng = OsRng;
        let id: String = (0..8)
            .map(|_| format!("{:02x}", rng.r#gen::<u8>()))
            .collect();
        let mut secret = [0u8; 32];
        rng.fill(&mut secret);
        let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret);
        self.store()
            .add_token(&TokenRow {
                id: id.clone(),
                user_id: actor.user.as_str().to_owned(),
                secret_sha256: sha256_hex(secret.as_bytes()),
                scope: scope.as_str().to_owned(),
                label: label.to_owned(),
                created_at: now().0.0,
                revoked_at: None,
            })
            .await?;
        tracing::info!(
            user = actor.user.as_str(),
            token = id.as_str(),
            "token issued"
        );
        Ok(IssuedToken {
            token: format!("moc_{id}_{secret}"),
            id,
            scope,
        })
    }

    /// The account and scope behind a bearer token.
    ///
    /// # Errors
    /// [`NodeError::BadCredentials`] for a malformed, unknown, revoked
    /// token or a disabled account; the store's error.
    pub async fn token_actor(&self, token: &str) -> Result<(Actor, TokenScope), NodeError> {
        let (id, secret) = split_token(token).ok_or(NodeError::BadCredentials)?;
        let row = self
            .store()
            .token(id)
            .await?
            .filter(|t| t.revoked_at.is_none())
            .ok_or(NodeError::BadCredentials)?;
        let digest = sha256_hex(secret.as_bytes());
        if !same_bytes(digest.as_bytes(), row.secret_sha256.as_bytes()) {
            return Err(NodeError::BadCredentials);
        }
        let scope = TokenScope::from_code(&row.scope).ok_or(NodeError::BadCredentials)?;
        let actor = self
            .actor(&row.user_id)
            .map_err(|_| NodeError::BadCredentials)?;
        Ok((actor, scope))
    }

    /// `actor`'s tokens, revoked ones included.
    ///
    /// # Errors
    /// The store's error.
    pub async fn tokens(&self, actor: &Actor) -> Result<Vec<TokenInfo>, NodeError> {
        authorize(Some(actor), Action::ManageOwnTokens, Target::Whole)?;
        let rows = self.store().tokens_of(actor.user.as_str()).await?;
        Ok(rows.into_iter().map(TokenInfo::from).collect())
    }

    /// Revokes one of `actor`'s tokens.
    ///
    /// # Errors
    /// [`NodeError::Invalid`] when `actor` has no live token `id`.
    pub async fn revoke_token(&self, actor: &Actor, id: &str) -> Result<(), NodeError> {
        authorize(Some(actor), Action::ManageOwnTokens, Target::Whole)?;
        if !self
            .store()
            .revoke_token(actor.user.as_str(), id, now().0.0)
            .await?
        {
            return Err(NodeError::Invalid {
                field: "token",
                why: format!(
                    "no live token {:?} of yours",
                    id.chars().take(20).collect::<String>()
                ),
            });
        }
        tracing::info!(user = actor.user.as_str(), token = id, "token revoked");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_bounded_generated_and_never_printed() {
        assert!(Password::new("short").is_err());
        assert!(Password::new("x".repeat(MAX_PASSWORD + 1)).is_err());
        let p = Password::new("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
        let g = Password::generate();
        assert_eq!(g.reveal().len(), 20);
        assert_ne!(g, Password::generate());
        let phc = hash_password(&p).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("correct horse batterx", &phc));
        assert!(!verify_password("correct horse battery", "not a hash"));
        // Two hashes of one password differ (fresh salts).
        assert_ne!(phc, hash_password(&p).unwrap());
    }

    #[test]
    fn tokens_are_parsed_strictly() {
        let good = format!("moc_0123456789abcdef_{}", "A".repeat(43));
        assert_eq!(
            split_token(&good),
            Some(("0123456789abcdef", "A".repeat(43).as_str()))
        );
        for bad in [
            "",
            "moc_",
            "moc_0123456789abcdef",
            "moc_0123456789abcdeg_AAAAAAAAAAAAAAAAAAAAAAAA",
            "moc_0123456789abcde_AAAAAAAAAAAAAAAAAAAAAAAA",
            "moc_0123456789abcdef_short",
            "moc_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAA A",
            "xyz_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAA",
        ] {
            assert_eq!(split_token(bad), None, "{bad}");
        }
        assert!(same_bytes(b"abc", b"abc"));
        assert!(!same_bytes(b"abc", b"abd"));
        assert!(!same_bytes(b"abc", b"ab"));
    }

    #[test]
    fn every_role_code_reads_back() {
        for r in [
            Role::PartyAdmin,
            Role::PartyOfficer,
            Role::VettingOfficer,
            Role::JointCommander,
            Role::Observer,
        ] {
            assert_eq!(role_of(r.as_str()), Some(r));
        }
        assert_eq!(role_of("admin"), None);
    }
}
