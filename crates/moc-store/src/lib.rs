//! moc's SQL store: the projections of the logs, and the restricted table
//! of personal data.
//!
//! **Key design decision:** the logs are the source of truth and the SQL
//! tables are a cache for queries. The node keeps the folded
//! [`moc_domain::State`] in memory; after a batch of events is durable in
//! the log, [`Store::project`] writes the rows those events touched, taken
//! from the state, and moves each log's cursor, all in one transaction. A
//! crash between the log append and the projection loses nothing: on start
//! the node folds the logs and projects again from the stored cursor, and
//! since a projection writes whole rows from the state it is idempotent.
//! [`Store::reindex`] empties every projection table and writes them again
//! from the state; [`Store::dump`] reads them back in a fixed order, so that
//! a test can check that a rebuild gives identical tables.
//!
//! One schema, two backends: SQLite (a file in the node's data directory,
//! the default) and PostgreSQL (by URL), through sqlx's `Any` driver with
//! `$1` placeholders, which both accept. The migrations differ only in
//! collation (PostgreSQL's text columns are `COLLATE "C"`), so both
//! backends sort rows byte by byte and answer the same lists in the same
//! order.
//!
//! The `identities` table is not a projection: it holds each member's
//! personal data (name, birth date and place, photo reference, next of
//! kin) with the opening of the salted commitment that the log carries.
//! Reindex never touches it; access control to it is the accounts issue's.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Once;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

mod accounts;
mod datasets;
mod identity;
mod incidents;
mod project;
mod query;
#[cfg(feature = "testing")]
pub mod testing;

/// Runs `check` on a store in a new SQLite file (the SQLite half of tests
/// that [`testing::on_postgres`] runs on PostgreSQL).
#[cfg(test)]
async fn on_sqlite(check: impl AsyncFnOnce(&Store)) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = Store::connect(&Store::sqlite_url(&dir.path().join("t.sqlite")))
        .await
        .expect("connect");
    check(&store).await;
    store.close().await;
}

pub use accounts::{TokenRow, UserRow};
pub use datasets::{
    EncodedIncident, IncidentImport, IncidentPage, IncidentQuery, MAX_PAGE, MonthCell,
};
pub use identity::IdentityRow;
pub use incidents::{IncidentFilter, IncidentList, IncidentMonth, MAX_INCIDENT_PAGE};
pub use project::{Projected, Touched};
pub use query::{
    MechanismSummary, MemberFilter, MemberRow, PartyRow, PatrolFilter, PatrolRow, ZoneRow,
};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL names no backend moc supports.
    #[error("unsupported database URL {0:?}: expected sqlite:… or postgres://…")]
    UnsupportedUrl(String),
    /// The database refused or failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value does not parse (a table edited by hand).
    #[error("table {table}: stored value does not parse: {why}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// What is wrong.
        why: String,
    },
}

/// Which database a store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The projection tables, their columns and their sort order, written once
/// for [`Store::reindex`] (which empties them) and [`Store::dump`] (which
/// reads them back).
const TABLES: &[(&str, &[&str], &str)] = &[
    (
        "projection_cursor",
        &["log_origin", "mechanism", "next_index"],
        "log_origin",
    ),
    (
        "mechanisms",
        &[
            "id",
            "name_fr",
            "name_en",
            "log_origin",
            "patrol_min_per_party",
        ],
        "id",
    ),
    (
        "parties",
        &[
            "mechanism",
            "id",
            "name_fr",
            "name_en",
            "kind",
            "witness_key",
        ],
        "mechanism, id",
    ),
    (
        "zones",
        &[
            "mechanism",
            "id",
            "name_fr",
            "name_en",
            "variants",
            "region",
            "lat_e6",
            "lon_e6",
        ],
        "mechanism, id",
    ),
    (
        "quotas",
        &["mechanism", "unit", "party", "target", "tolerance"],
        "mechanism, unit, party",
    ),
    (
        "members",
        &[
            "mechanism",
            "service_number",
            "party",
            "unit",
            "rank",
            "roles",
            "languages",
            "identity_commitment",
            "status",
            "approvals",
            "decision",
            "leave",
        ],
        "mechanism, service_number",
    ),
    (
        "patrols",
        &[
            "mechanism",
            "id",
            "zone",
            "route",
            "window_start",
            "window_end",
            "leader",
            "status",
            "started_at",
            "report",
            "abort_reason",
            "parties",
            "endorsements",
        ],
        "mechanism, id",
    ),
    (
        "patrol_members",
        &["mechanism", "patrol", "service_number"],
        "mechanism, patrol, service_number",
    ),
    (
        "incidents",
        &[
            "mechanism",
            "id",
            "event_date",
            "event_type",
            "sub_event_type",
            "admin1",
            "location",
            "lat_e6",
            "lon_e6",
            "fatalities",
            "killed_low",
            "killed_high",
            "status",
            "merged_into",
            "reported_party",
            "search",
            "view",
        ],
        "mechanism, id",
    ),
];

/// Every projection table's rows, as text, in key order.
pub type Dump = BTreeMap<&'static str, Vec<Vec<Option<String>>>>;

/// A connection pool to the projection database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

static DRIVERS: Once = Once::new();

impl Store {
    /// The URL of the SQLite file at `path` (created when missing).
    #[must_use]
    pub fn sqlite_url(path: &Path) -> String {
        format!("sqlite://{}?mode=rwc", path.display())
    }

    /// Connects and brings the schema up to date.
    ///
    /// # Errors
    /// [`StoreError::UnsupportedUrl`], or the database's error.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let mut options = AnyPoolOptions::new();
        if backend == Backend::Sqlite {
            // WAL lets readers (the API, another `moc … list`) read while
            // the node projects; NORMAL sync is enough because the log,
            // not this file, is what must survive a crash. A new file
            // gets 16 KiB pages (SQLite ignores the pragma once the file
            // has tables): most of a node's bytes are imported incident
            // rows, which a million-row import writes 27 % faster and
            // indexes 20 % faster than with 4 KiB pages.
            options = options.max_connections(4).after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::query("PRAGMA page_size = 16384")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA journal_mode = WAL")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA synchronous = NORMAL")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA busy_timeout = 10000")
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            });
        } else {
            options = options.max_connections(8);
        }
        let pool = options.connect(url).await?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        let store = Store { pool, backend };
        // A large import interrupted by a crash left its indexes dropped.
        store.ensure_incident_indexes(false).await?;
        Ok(store)
    }

    /// The backend in use.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Each log's projection cursor: the index of the first entry not yet
    /// projected, by log origin.
    ///
    /// # Errors
    /// The database's error.
    pub async fn cursors(&self) -> Result<BTreeMap<String, u64>, StoreError> {
        let rows = sqlx::query("SELECT log_origin, next_index FROM projection_cursor")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, to_u64(r.try_get(1)?))))
            .collect()
    }

    /// Reads every projection table back, each row's columns as text (NULL
    /// as `None`), in primary-key order.
    ///
    /// # Errors
    /// The database's error.
    pub async fn dump(&self) -> Result<Dump, StoreError> {
        let mut out = Dump::new();
        for (table, columns, order) in TABLES {
            let select: Vec<String> = columns
                .iter()
                .map(|c| format!("CAST({c} AS TEXT)"))
                .collect();
            let sql = format!("SELECT {} FROM {table} ORDER BY {order}", select.join(", "));
            let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
            let rows = rows
                .iter()
                .map(|r: &AnyRow| {
                    (0..columns.len())
                        .map(|i| r.try_get::<Option<String>, _>(i))
                        .collect::<Result<Vec<_>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()?;
            out.insert(table, rows);
        }
        Ok(out)
    }
}

/// SQL integers are signed; indexes and counts never exceed `i64::MAX`.
fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
