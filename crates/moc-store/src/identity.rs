//! The restricted table: each member's personal record with the opening of
//! the commitment the log carries. Written before the member's event is
//! appended (so the log never commits to a record nobody holds), removed
//! again if the append fails.

use std::fmt;

use sqlx::{Any, Row, Transaction};

use crate::{Store, StoreError};

/// A member's stored personal record. `Debug` is redacted: the record must
/// never reach a server log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct IdentityRow {
    /// The mechanism.
    pub mechanism: String,
    /// The member.
    pub service_number: String,
    /// The commitment the log holds.
    pub commitment: String,
    /// The opening (salt), base64.
    pub opening: String,
    /// The record, canonical JSON: exactly the bytes committed to.
    pub record: String,
}

impl fmt::Debug for IdentityRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentityRow")
            .field("mechanism", &self.mechanism)
            .field("service_number", &self.service_number)
            .field("record", &"<redacted>")
            .finish_non_exhaustive()
    }
}

async fn insert(tx: &mut Transaction<'_, Any>, row: &IdentityRow) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO identities (mechanism, service_number, commitment, opening, record) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&row.mechanism)
    .bind(&row.service_number)
    .bind(&row.commitment)
    .bind(&row.opening)
    .bind(&row.record)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Stores a member's record, replacing any row left for the member by
    /// an append that failed (the caller has checked the member is new).
    ///
    /// # Errors
    /// The database's error; then nothing changed.
    pub async fn replace_identity(&self, row: &IdentityRow) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM identities WHERE mechanism = $1 AND service_number = $2")
            .bind(&row.mechanism)
            .bind(&row.service_number)
            .execute(&mut *tx)
            .await?;
        insert(&mut tx, row).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores many records in one transaction (the demo's 680).
    ///
    /// # Errors
    /// The database's error; then none is stored.
    pub async fn put_identities(&self, rows: &[IdentityRow]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for row in rows {
            insert(&mut tx, row).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A member's record.
    ///
    /// # Errors
    /// The database's error.
    pub async fn identity(
        &self,
        mechanism: &str,
        service_number: &str,
    ) -> Result<Option<IdentityRow>, StoreError> {
        let row = sqlx::query(
            "SELECT mechanism, service_number, commitment, opening, record FROM identities \
             WHERE mechanism = $1 AND service_number = $2",
        )
        .bind(mechanism)
        .bind(service_number)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(IdentityRow {
                mechanism: r.try_get(0)?,
                service_number: r.try_get(1)?,
                commitment: r.try_get(2)?,
                opening: r.try_get(3)?,
                record: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// Removes a member's record: after a failed append, or to erase a
    /// person (the log's commitment then opens to nothing, forever).
    ///
    /// # Errors
    /// The database's error.
    pub async fn delete_identity(
        &self,
        mechanism: &str,
        service_number: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM identities WHERE mechanism = $1 AND service_number = $2")
            .bind(mechanism)
            .bind(service_number)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
