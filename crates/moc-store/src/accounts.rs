//! Accounts, API tokens and web sessions: rows only. Hashing, checking and
//! the rules (who may add whom) are the node's; this module stores what it
//! is given and never sees a password or a token in clear.

use std::fmt;

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Store, StoreError};

/// One account. `Debug` leaves the password hash out.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRow {
    /// The user id (a call sign or code, never a name).
    pub id: String,
    /// The party it belongs to.
    pub party: String,
    /// Role codes, sorted.
    pub roles: Vec<String>,
    /// An argon2id hash in PHC form; `None`: cannot sign in with a password.
    pub password_hash: Option<String>,
    /// A disabled account cannot sign in, and its tokens and sessions stop
    /// working.
    pub disabled: bool,
    /// Unix seconds.
    pub created_at: i64,
    /// Who created it (a user id, or `moc init`).
    pub created_by: String,
}

impl fmt::Debug for UserRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("party", &self.party)
            .field("roles", &self.roles)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

/// One API token. The secret's digest is kept, never the secret.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TokenRow {
    /// The public part of the token, which names it.
    pub id: String,
    /// Whose.
    pub user_id: String,
    /// SHA-256 of the secret, hex.
    pub secret_sha256: String,
    /// What it may do (`read`, `act`).
    pub scope: String,
    /// What its owner called it.
    pub label: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds; `None` while it works.
    pub revoked_at: Option<i64>,
}

/// Whether an insert found the key taken.
fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(sqlx::error::DatabaseError::is_unique_violation)
}

fn user_of(r: &AnyRow) -> Result<UserRow, StoreError> {
    let roles: String = r.try_get(2)?;
    let disabled: i64 = r.try_get(4)?;
    Ok(UserRow {
        id: r.try_get(0)?,
        party: r.try_get(1)?,
        roles: roles
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        password_hash: r.try_get(3)?,
        disabled: disabled != 0,
        created_at: r.try_get(5)?,
        created_by: r.try_get(6)?,
    })
}

fn token_of(r: &AnyRow) -> Result<TokenRow, StoreError> {
    Ok(TokenRow {
        id: r.try_get(0)?,
        user_id: r.try_get(1)?,
        secret_sha256: r.try_get(2)?,
        scope: r.try_get(3)?,
        label: r.try_get(4)?,
        created_at: r.try_get(5)?,
        revoked_at: r.try_get(6)?,
    })
}

const USER_COLUMNS: &str = "id, party, roles, password_hash, disabled, created_at, created_by";
const INSERT_SESSION: &str =
    "INSERT INTO sessions (id_sha256, user_id, record, expires_at) VALUES ($1, $2, $3, $4)";
const TOKEN_COLUMNS: &str = "id, user_id, secret_sha256, scope, label, created_at, revoked_at";

async fn insert_user(tx: &mut Transaction<'_, Any>, u: &UserRow) -> Result<bool, StoreError> {
    let mut roles = u.roles.clone();
    roles.sort();
    let done = sqlx::query(&format!(
        "INSERT INTO users ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
    ))
    .bind(&u.id)
    .bind(&u.party)
    .bind(roles.join(","))
    .bind(u.password_hash.clone())
    .bind(i64::from(u.disabled))
    .bind(u.created_at)
    .bind(&u.created_by)
    .execute(&mut **tx)
    .await;
    match done {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

impl Store {
    /// Adds accounts, all or none.
    ///
    /// # Errors
    /// The database's error; `Ok(Some(id))` names the first id already
    /// taken, and then nothing was added.
    pub async fn add_users(&self, users: &[UserRow]) -> Result<Option<String>, StoreError> {
        let mut tx = self.pool.begin().await?;
        for u in users {
            if !insert_user(&mut tx, u).await? {
                tx.rollback().await?;
                return Ok(Some(u.id.clone()));
            }
        }
        tx.commit().await?;
        Ok(None)
    }

    /// Every account, by id.
    ///
    /// # Errors
    /// The database's error.
    pub async fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_of).collect()
    }

    /// One account.
    ///
    /// # Errors
    /// The database's error.
    pub async fn user(&self, id: &str) -> Result<Option<UserRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_of).transpose()
    }

    /// Replaces an account's password hash and ends its sessions, in one
    /// transaction; `false` when there is no such account.
    ///
    /// # Errors
    /// The database's error; then nothing changed.
    pub async fn set_password_hash(&self, id: &str, hash: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Disables or enables an account; disabling also ends its sessions
    /// and revokes its tokens, in the same transaction. `false` when there
    /// is no such account.
    ///
    /// # Errors
    /// The database's error; then nothing changed.
    pub async fn set_disabled(
        &self,
        id: &str,
        disabled: bool,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Stores a new token.
    ///
    /// # Errors
    /// The database's error (a taken id among them: ids are random).
    pub async fn add_token(&self, t: &TokenRow) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO api_tokens ({TOKEN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        ))
        .bind(&t.id)
        .bind(&t.user_id)
        .bind(&t.secret_sha256)
        .bind(&t.scope)
        .bind(&t.label)
        .bind(t.created_at)
        .bind(t.revoked_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A token by its id.
    ///
    /// # Errors
    /// The database's error.
    pub async fn token(&self, id: &str) -> Result<Option<TokenRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(token_of).transpose()
    }

    /// A user's tokens, revoked ones included, oldest first.
    ///
    /// # Errors
    /// The database's error.
    pub async fn tokens_of(&self, user: &str) -> Result<Vec<TokenRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id"
        ))
        .bind(user)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(token_of).collect()
    }

    /// Revokes a token of `user`; `false` when the user has no such live
    /// token.
    ///
    /// # Errors
    /// The database's error.
    pub async fn revoke_token(&self, user: &str, id: &str, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 \
             WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(user)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Writes a session (insert or replace).
    ///
    /// # Errors
    /// The database's error.
    pub async fn put_session(
        &self,
        id_sha256: &str,
        user: Option<&str>,
        record: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        // Both backends read `ON CONFLICT … DO UPDATE` alike.
        let upsert = format!(
            "{INSERT_SESSION} ON CONFLICT (id_sha256) DO UPDATE SET \
             user_id = excluded.user_id, record = excluded.record, expires_at = excluded.expires_at"
        );
        sqlx::query(&upsert)
            .bind(id_sha256)
            .bind(user)
            .bind(record)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Inserts a session unless the id is taken; `false` when it is.
    ///
    /// # Errors
    /// The database's error.
    pub async fn create_session(
        &self,
        id_sha256: &str,
        user: Option<&str>,
        record: &str,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(INSERT_SESSION)
            .bind(id_sha256)
            .bind(user)
            .bind(record)
            .bind(expires_at)
            .execute(&self.pool)
            .await;
        match done {
            Ok(_) => Ok(true),
            Err(e) if is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// A live session's record and expiry (`None` when missing or expired
    /// at `now`).
    ///
    /// # Errors
    /// The database's error.
    pub async fn session(
        &self,
        id_sha256: &str,
        now: i64,
    ) -> Result<Option<(String, i64)>, StoreError> {
        let row = sqlx::query(
            "SELECT record, expires_at FROM sessions WHERE id_sha256 = $1 AND expires_at > $2",
        )
        .bind(id_sha256)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
            .transpose()?)
    }

    /// Ends a session.
    ///
    /// # Errors
    /// The database's error.
    pub async fn delete_session(&self, id_sha256: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_sha256 = $1")
            .bind(id_sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes sessions expired at `now`; returns how many.
    ///
    /// # Errors
    /// The database's error.
    pub async fn delete_expired_sessions(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str) -> UserRow {
        UserRow {
            id: id.into(),
            party: "cma".into(),
            roles: vec!["party-officer".into(), "observer".into()],
            password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
            disabled: false,
            created_at: 100,
            created_by: "moc-init".into(),
        }
    }

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&Store::sqlite_url(&dir.path().join("t.sqlite")))
            .await
            .unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn users_are_added_all_or_none_and_read_back() {
        let (_dir, store) = store().await;
        assert_eq!(
            store.add_users(&[user("a"), user("b")]).await.unwrap(),
            None
        );
        // One taken id: nothing of the batch is added.
        assert_eq!(
            store.add_users(&[user("c"), user("a")]).await.unwrap(),
            Some("a".into())
        );
        let ids: Vec<String> = store
            .users()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.id)
            .collect();
        assert_eq!(ids, ["a", "b"]);
        let a = store.user("a").await.unwrap().unwrap();
        // Roles come back sorted.
        assert_eq!(a.roles, ["observer", "party-officer"]);
        assert!(!format!("{a:?}").contains("argon2"), "{a:?}");
        assert!(store.set_password_hash("a", "new").await.unwrap());
        assert!(!store.set_password_hash("zz", "new").await.unwrap());
        assert_eq!(
            store
                .user("a")
                .await
                .unwrap()
                .unwrap()
                .password_hash
                .as_deref(),
            Some("new")
        );
    }

    #[tokio::test]
    async fn disabling_ends_sessions_and_revokes_tokens() {
        let (_dir, store) = store().await;
        sessions_and_tokens(&store).await;
    }

    /// The same on PostgreSQL, whose upsert and unique-violation paths
    /// differ from SQLite's.
    #[cfg(feature = "testing")]
    #[tokio::test]
    async fn disabling_ends_sessions_and_revokes_tokens_on_postgres() {
        let Some(db) = crate::testing::fresh_postgres("accounts").await else {
            return;
        };
        let store = Store::connect(&db.url).await.unwrap();
        sessions_and_tokens(&store).await;
        store.close().await;
        db.drop_database().await;
    }

    async fn sessions_and_tokens(store: &Store) {
        store.add_users(&[user("a"), user("b")]).await.unwrap();
        for (id, owner) in [("t1", "a"), ("t2", "b")] {
            store
                .add_token(&TokenRow {
                    id: id.into(),
                    user_id: owner.into(),
                    secret_sha256: "00".into(),
                    scope: "read".into(),
                    label: "witness".into(),
                    created_at: 1,
                    revoked_at: None,
                })
                .await
                .unwrap();
        }
        assert!(
            store
                .create_session("s1", Some("a"), "{}", 1000)
                .await
                .unwrap()
        );
        assert!(
            !store
                .create_session("s1", Some("a"), "{}", 1000)
                .await
                .unwrap()
        );
        store
            .put_session("s2", Some("b"), "{\"v\":1}", 900)
            .await
            .unwrap();
        // Saving again replaces the record and the expiry.
        store
            .put_session("s2", Some("b"), "{}", 1000)
            .await
            .unwrap();
        assert_eq!(
            store.session("s2", 950).await.unwrap(),
            Some(("{}".to_owned(), 1000))
        );
        assert!(store.set_disabled("a", true, 50).await.unwrap());
        assert!(!store.set_disabled("nobody", true, 50).await.unwrap());
        assert_eq!(store.session("s1", 10).await.unwrap(), None);
        assert_eq!(
            store.session("s2", 10).await.unwrap(),
            Some(("{}".to_owned(), 1000))
        );
        assert_eq!(
            store.token("t1").await.unwrap().unwrap().revoked_at,
            Some(50)
        );
        assert_eq!(store.token("t2").await.unwrap().unwrap().revoked_at, None);
        assert!(store.user("a").await.unwrap().unwrap().disabled);
        // Expiry.
        assert_eq!(store.session("s2", 1000).await.unwrap(), None);
        assert_eq!(store.delete_expired_sessions(1000).await.unwrap(), 1);
        // Revocation is by the owner only.
        assert!(!store.revoke_token("a", "t2", 60).await.unwrap());
        assert!(store.revoke_token("b", "t2", 60).await.unwrap());
        assert!(!store.revoke_token("b", "t2", 61).await.unwrap());
        assert_eq!(store.tokens_of("b").await.unwrap().len(), 1);
    }
}
