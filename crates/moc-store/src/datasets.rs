//! Imported incident datasets (ACLED, UCDP GED, synthetic): bulk upserts,
//! filtered pages and monthly aggregates at the scale of a million rows.
//!
//! **Key design decision:** imported rows are reference data, not entries
//! of a mechanism's log: a million ACLED rows are public already, and
//! signing each would add nothing but time. They go to `incident_rows`
//! keyed by (origin, event id), so re-importing a file replaces its rows
//! instead of doubling them. The columns a filter reads are copied out of
//! the record into columns and indexed; the rest of the record is kept as
//! a JSON array ([`Rest`]). Aggregates read
//! `incident_months`, which an import counts as it writes a new dataset
//! and [`Store::refresh_incident_months`] rebuilds from the rows. A large
//! import drops the secondary indexes and builds them again at the end
//! ([`Store::begin_incident_import`], [`Store::finish_incident_import`]).

use std::collections::HashMap;

use futures_util::TryStreamExt as _;
use moc_incidents::{
    Actor, ActorType, DisorderType, EventType, Figure, IncidentRecord, Precision, Source,
    SourceKind, SourceScale, SubEventType,
};
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::Row as _;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Connection as _};

use crate::{Backend, Store, StoreError, to_i64, to_u64};

/// Rows per `INSERT` statement: 14 parameters each, well under both
/// backends' limits (SQLite's 32,766, PostgreSQL's 65,535).
const ROWS_PER_STATEMENT: usize = 500;

/// The columns of `incident_rows`, in the order [`Store::put_incidents`]
/// binds them.
const COLUMNS: usize = 14;

/// The most rows a page holds.
pub const MAX_PAGE: u32 = 500;

/// Which imported incidents to list; every filter is optional and they
/// combine with AND. Dates are `YYYY-MM-DD`, inclusive.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentQuery {
    /// Only this dataset (`acled`, `ucdp`, `synth`).
    pub origin: Option<String>,
    /// On or after this day.
    pub from: Option<String>,
    /// On or before this day.
    pub to: Option<String>,
    /// Inside this box: (south, west, north, east) in micro-degrees.
    pub bbox: Option<(i32, i32, i32, i32)>,
    /// Of this event type (its code: `battles`).
    pub event_type: Option<String>,
    /// In this first-level division (`Gao`).
    pub admin1: Option<String>,
    /// With this actor, first or second.
    pub actor: Option<String>,
    /// With at least this many deaths.
    pub min_fatalities: Option<u32>,
    /// Rows to skip (pagination).
    pub offset: u32,
    /// Rows to return, at most [`MAX_PAGE`].
    pub limit: u32,
}

/// One page of a query: the rows, newest first, and how many match.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IncidentPage {
    /// How many rows match the filters.
    pub total: u64,
    /// The records of this page.
    pub records: Vec<IncidentRecord>,
}

/// One cell of the monthly aggregate.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthCell {
    /// `YYYY-MM`.
    pub month: String,
    /// The event type's code.
    pub event_type: String,
    /// The first-level division.
    pub admin1: String,
    /// Events.
    pub events: u64,
    /// Deaths.
    pub fatalities: u64,
}

/// What `record` holds: the fields of an [`IncidentRecord`] that have no
/// column of their own, as a JSON array in this order: time precision,
/// disorder type, actor 1's associated actors and type, actor 2's (or
/// `null`), civilian targeting, ISO code, country, region, admin2, admin3,
/// geographic precision, sources (objects without their absent fields),
/// notes, tags. The actors' names and admin1 are columns; an empty admin1
/// column is no admin1 (a valid record never has an empty one).
///
/// An array, not an object: a million rows would otherwise repeat the
/// same fifteen keys a million times, which made `record` half of every
/// row, and the bytes written are what a bulk import spends most on
/// (this shape and the counted aggregate together: a million ACLED rows
/// import in 11.5 s instead of 15.6 s, into 663 MB instead of 961).
/// [`decode`] also reads the two object shapes older versions wrote.
type Rest<'a> = (
    Precision,
    DisorderType,
    &'a [String],
    ActorType,
    Option<(&'a [String], ActorType)>,
    bool,
    u16,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Precision,
    Vec<RestSource<'a>>,
    &'a str,
    &'a [String],
);

/// [`Rest`] as read back.
type RestOwned = (
    Precision,
    DisorderType,
    Vec<String>,
    ActorType,
    Option<(Vec<String>, ActorType)>,
    bool,
    u16,
    String,
    String,
    Option<String>,
    Option<String>,
    Precision,
    Vec<Source>,
    String,
    Vec<String>,
);

/// A [`Source`] without its absent fields.
#[derive(Serialize)]
struct RestSource<'a> {
    outlet: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<&'a SourceScale>,
    #[serde(skip_serializing_if = "Option::is_none")]
    killed: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    injured: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    abducted: Option<Figure>,
    kind: SourceKind,
}

/// One record encoded for `incident_rows`: its columns and the rest as
/// compact JSON, ready to bind. Encoding is half the work of a write and
/// needs no database, so an import builds these on the thread that reads
/// the file ([`EncodedIncident::new`] takes the record, to move its strings
/// rather than copy them) and the writer only binds them.
#[derive(Clone, Debug)]
pub struct EncodedIncident {
    event_id: String,
    event_date: String,
    event_type: &'static str,
    sub_event_type: &'static str,
    admin1: String,
    location: String,
    lat_e6: i32,
    lon_e6: i32,
    fatalities: u32,
    actor1: String,
    actor2: String,
    rest: String,
}

impl EncodedIncident {
    /// Encodes `record`.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] if the record cannot be written as JSON
    /// (it always can: its fields are strings, numbers and enums).
    pub fn new(record: IncidentRecord) -> Result<Self, StoreError> {
        // Every field named, so that a field added to the record is a
        // compile error here rather than a field silently not stored.
        let IncidentRecord {
            event_id_cnty,
            event_date,
            time_precision,
            disorder_type,
            event_type,
            sub_event_type,
            actor1,
            actor2,
            civilian_targeting,
            iso,
            country,
            region,
            admin1,
            admin2,
            admin3,
            location,
            latitude_e6,
            longitude_e6,
            geo_precision,
            sources,
            notes,
            tags,
            fatalities,
        } = record;
        let sources = sources
            .iter()
            .map(|s| {
                let Source {
                    outlet,
                    url,
                    date,
                    language,
                    scale,
                    killed,
                    injured,
                    abducted,
                    kind,
                } = s;
                RestSource {
                    outlet,
                    url: url.as_deref(),
                    date: date.as_deref(),
                    language: language.as_deref(),
                    scale: scale.as_ref(),
                    killed: *killed,
                    injured: *injured,
                    abducted: *abducted,
                    kind: *kind,
                }
            })
            .collect();
        let rest: Rest<'_> = (
            time_precision,
            disorder_type,
            &actor1.associated,
            actor1.kind,
            actor2.as_ref().map(|a| (a.associated.as_slice(), a.kind)),
            civilian_targeting,
            iso,
            &country,
            &region,
            admin2.as_deref(),
            admin3.as_deref(),
            geo_precision,
            sources,
            &notes,
            &tags,
        );
        let rest = serde_json::to_string(&rest).map_err(corrupt)?;
        Ok(EncodedIncident {
            event_id: event_id_cnty,
            event_date,
            event_type: event_type.slug(),
            sub_event_type: sub_event_type.slug(),
            admin1: admin1.unwrap_or_default(),
            location,
            lat_e6: latitude_e6,
            lon_e6: longitude_e6,
            fatalities,
            actor1: actor1.name,
            actor2: actor2.map(|a| a.name).unwrap_or_default(),
            rest,
        })
    }
}

/// The upsert of `rows` rows, with the placeholders `backend` reads fastest:
/// SQLite looks a `$N` up by name for every parameter of a statement, which
/// costs time quadratic in the parameters; `?` it takes in order.
fn upsert_sql(backend: Backend, rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO incident_rows (origin, event_id, event_date, month, event_type, \
         sub_event_type, admin1, location, lat_e6, lon_e6, fatalities, actor1, actor2, \
         record) VALUES ",
    );
    sql.push_str(&placeholders(backend, rows, COLUMNS));
    sql.push_str(
        " ON CONFLICT (origin, event_id) DO UPDATE SET event_date = excluded.event_date, \
         month = excluded.month, event_type = excluded.event_type, \
         sub_event_type = excluded.sub_event_type, admin1 = excluded.admin1, \
         location = excluded.location, lat_e6 = excluded.lat_e6, \
         lon_e6 = excluded.lon_e6, fatalities = excluded.fatalities, \
         actor1 = excluded.actor1, actor2 = excluded.actor2, record = excluded.record",
    );
    sql
}

/// `rows` parenthesised groups of `columns` placeholders each, numbered
/// for PostgreSQL, `?` for SQLite.
fn placeholders(backend: Backend, rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 5);
    for i in 0..rows {
        sql.push_str(if i == 0 { "(" } else { ",(" });
        for j in 0..columns {
            if j > 0 {
                sql.push(',');
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&(i * columns + j + 1).to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}

/// An import of one dataset under way, from
/// [`Store::begin_incident_import`] to [`Store::finish_incident_import`].
#[derive(Debug)]
pub struct IncidentImport {
    origin: String,
    indexes_dropped: bool,
    /// The rows written, by month × type × region, while the dataset had
    /// no rows before the import.
    tally: Option<MonthTally>,
}

impl IncidentImport {
    /// Whether the import dropped the secondary indexes, to build them
    /// again when it finishes.
    #[must_use]
    pub fn indexes_dropped(&self) -> bool {
        self.indexes_dropped
    }
}

/// Rows and deaths by month × event type × region, counted as rows are
/// written.
#[derive(Debug, Default)]
struct MonthTally {
    /// Keyed by month, type and region joined by [`TALLY_SEP`] (none of
    /// them holds a control character; the region is last all the same).
    cells: HashMap<String, (u64, u64)>,
    /// Rows counted.
    rows: u64,
    /// The key being looked up, kept to spare an allocation per row.
    key: String,
}

/// What joins the parts of a [`MonthTally`] key.
const TALLY_SEP: char = '\u{1f}';

impl MonthTally {
    fn add(&mut self, row: &EncodedIncident) {
        self.key.clear();
        self.key
            .push_str(row.event_date.get(..7).unwrap_or_default());
        self.key.push(TALLY_SEP);
        self.key.push_str(row.event_type);
        self.key.push(TALLY_SEP);
        self.key.push_str(&row.admin1);
        let dead = u64::from(row.fatalities);
        match self.cells.get_mut(self.key.as_str()) {
            Some((events, fatalities)) => {
                *events += 1;
                *fatalities += dead;
            }
            None => {
                self.cells.insert(self.key.clone(), (1, dead));
            }
        }
        self.rows += 1;
    }

    /// (month, type, region, events, deaths) of every cell.
    fn cells(&self) -> impl Iterator<Item = (&str, &str, &str, u64, u64)> {
        self.cells.iter().map(|(key, (events, fatalities))| {
            let mut parts = key.splitn(3, TALLY_SEP);
            let mut next = || parts.next().unwrap_or_default();
            (next(), next(), next(), *events, *fatalities)
        })
    }
}

/// The secondary indexes of `incident_rows`, as migrations 0003 and 0007
/// create them (a test holds the two to the same text): by type for the
/// map's usual query (a type, a date range, a box), by date, covering
/// every cheap filter, for the rest. A large import drops them and builds
/// them again at the end: SQLite builds an index of a million rows from
/// one sort in about 1.5 s, where keeping date-led indexes up to date row
/// by row rewrites their pages at every commit and halves the import's
/// speed.
const ROW_INDEXES: [(&str, &str); 2] = [
    (
        "incident_rows_by_type_date",
        "incident_rows (event_type, event_date, lat_e6, lon_e6)",
    ),
    (
        "incident_rows_by_date",
        "incident_rows (event_date, lat_e6, lon_e6, event_type, admin1, origin)",
    ),
];

/// An import this large, in rows, drops the indexes first…
const BULK_MIN_ROWS: u64 = 50_000;
/// …when it also adds at least a quarter of the rows already there:
/// building the indexes again reads every row, old and new.
const BULK_MIN_SHARE: u64 = 4;

/// Whether importing `expected` rows next to `stored` ones is faster with
/// the indexes dropped and built again.
fn rebuild_pays(expected: u64, stored: u64) -> bool {
    expected >= BULK_MIN_ROWS && expected.saturating_mul(BULK_MIN_SHARE) >= stored
}

/// `records` in the order to write them: the last of each event id only
/// (a later row of a file replaces an earlier one, and PostgreSQL refuses
/// a statement that would update one row twice), by event id, so that the
/// primary key grows at a few places instead of everywhere (event ids are
/// a country's prefix and a running number).
fn write_order(rows: &[EncodedIncident]) -> Vec<&EncodedIncident> {
    // A stable sort keeps rows of one id in file order; of each run of
    // equal ids, the last is kept.
    let mut order: Vec<&EncodedIncident> = rows.iter().collect();
    order.sort_by(|a, b| a.event_id.cmp(&b.event_id));
    let mut kept: Vec<&EncodedIncident> = Vec::with_capacity(order.len());
    for row in order {
        match kept.last_mut() {
            Some(last) if last.event_id == row.event_id => *last = row,
            _ => kept.push(row),
        }
    }
    kept
}

impl Store {
    /// Prepares an import of about `expected_rows` rows into `origin`.
    ///
    /// When they are many, and many next to the rows already stored, drops
    /// the secondary indexes of the imported rows so that
    /// [`Store::finish_incident_import`] builds them in one pass. Queries
    /// of imported rows stay correct but read the whole table until the
    /// import finishes; a crash before then is repaired by the next
    /// [`Store::connect`].
    ///
    /// When `origin` has no rows yet, the import also counts the rows it
    /// writes by month × type × region, so that finishing it writes the
    /// monthly aggregate from that count instead of reading every row
    /// again (2.4 s of a million-row import).
    ///
    /// # Errors
    /// The database's.
    pub async fn begin_incident_import(
        &self,
        origin: &str,
        expected_rows: u64,
    ) -> Result<IncidentImport, StoreError> {
        let fresh = sqlx::query("SELECT 1 FROM incident_rows WHERE origin = $1 LIMIT 1")
            .bind(origin)
            .fetch_optional(&self.pool)
            .await?
            .is_none();
        let mut import = IncidentImport {
            origin: origin.to_owned(),
            indexes_dropped: false,
            tally: fresh.then(MonthTally::default),
        };
        if !rebuild_pays(expected_rows, 0) {
            return Ok(import);
        }
        let stored: i64 = sqlx::query("SELECT COUNT(*) FROM incident_rows")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        if !rebuild_pays(expected_rows, to_u64(stored)) {
            return Ok(import);
        }
        let mut tx = self.pool.begin().await?;
        for (name, _) in ROW_INDEXES {
            sqlx::query(&format!("DROP INDEX IF EXISTS {name}"))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        import.indexes_dropped = true;
        Ok(import)
    }

    /// Ends `import`, whether it succeeded or not: builds any index
    /// [`Store::begin_incident_import`] dropped, refreshes the planner's
    /// statistics, writes the dataset's monthly aggregate, and makes every
    /// row committed before durable.
    ///
    /// The aggregate comes from the import's own count when that count
    /// is the whole dataset: the dataset had no rows before, and it now
    /// holds as many rows as were counted (so no row of the file replaced
    /// another of an earlier batch, and nobody else wrote rows of it
    /// meanwhile). Otherwise it is rebuilt from the rows.
    ///
    /// Returns whether the aggregate came from the import's count.
    ///
    /// # Errors
    /// The database's; the old aggregate stays then.
    pub async fn finish_incident_import(&self, import: IncidentImport) -> Result<bool, StoreError> {
        self.ensure_incident_indexes(true).await?;
        let IncidentImport { origin, tally, .. } = import;
        let tally = match tally {
            Some(t) => {
                let stored: i64 =
                    sqlx::query("SELECT COUNT(*) FROM incident_rows WHERE origin = $1")
                        .bind(&origin)
                        .fetch_one(&self.pool)
                        .await?
                        .try_get(0)?;
                (to_u64(stored) == t.rows).then_some(t)
            }
            None => None,
        };
        self.write_months(&origin, tally.as_ref()).await?;
        Ok(tally.is_some())
    }

    /// Creates the indexes of imported rows that are missing: after an
    /// import, or at start-up after one that a crash interrupted. With
    /// `analyze`, also refreshes the query planner's statistics of
    /// `incident_rows`, in the same transaction.
    ///
    /// Without statistics SQLite takes a dataset filter (`origin = ?`, the
    /// primary key's first column) for a selective one and reads every
    /// row of the dataset through the key, where the date index answers
    /// from a range: 300 ms instead of 3 for a year of a million-row
    /// dataset. Reading both indexes whole takes 0.2 s for a million
    /// rows; SQLite's sampling (`analysis_limit`) is faster but sees one
    /// dataset as a thousand rows, which is the mistake again. One
    /// transaction, because a SQLite connection loads statistics with the
    /// schema: the other connections of the pool see new ones when a
    /// schema change (an index built) tells them to read it again.
    pub(crate) async fn ensure_incident_indexes(&self, analyze: bool) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Sqlite {
            // The sort of a million keys fits in memory.
            sqlx::query(BULK_PRAGMAS).execute(&mut *conn).await?;
        }
        let done = build_indexes(&mut conn, self.backend, analyze).await;
        if self.backend == Backend::Sqlite {
            sqlx::query(DEFAULT_PRAGMAS).execute(&mut *conn).await?;
        }
        done
    }

    /// Inserts or replaces `records` of `origin` in one transaction (of
    /// two rows with one event id, the later wins), outside any import:
    /// the monthly aggregate waits for [`Store::refresh_incident_months`].
    /// Returns how many records were given.
    ///
    /// # Errors
    /// As [`Store::put_encoded_incidents`].
    pub async fn put_incidents(
        &self,
        origin: &str,
        records: Vec<IncidentRecord>,
    ) -> Result<u64, StoreError> {
        let rows = records
            .into_iter()
            .map(EncodedIncident::new)
            .collect::<Result<Vec<_>, _>>()?;
        self.write_rows(origin, &write_order(&rows)).await?;
        Ok(rows.len() as u64)
    }

    /// Inserts or replaces `rows` of `import`'s dataset in one transaction
    /// (of two rows with one event id, the later wins). Returns how many
    /// rows were given.
    ///
    /// Rows committed this way may be lost by a crash of the machine (not
    /// of the process) until [`Store::finish_incident_import`] makes them
    /// durable.
    ///
    /// # Errors
    /// The database's; nothing of the batch is written (or counted) then.
    pub async fn put_encoded_incidents(
        &self,
        import: &mut IncidentImport,
        rows: &[EncodedIncident],
    ) -> Result<u64, StoreError> {
        let order = write_order(rows);
        self.write_rows(&import.origin, &order).await?;
        if let Some(tally) = &mut import.tally {
            for row in &order {
                tally.add(row);
            }
        }
        Ok(rows.len() as u64)
    }

    /// The upsert of `order`, in one transaction, with SQLite's bulk
    /// settings around it.
    async fn write_rows(&self, origin: &str, order: &[&EncodedIncident]) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Sqlite {
            // A batch touches pages all over four b-trees: with SQLite's
            // default 2 MB cache it writes them out and reads them back
            // many times, and its statement journal goes to a file.
            sqlx::query(BULK_PRAGMAS).execute(&mut *conn).await?;
        }
        let done = upsert(&mut conn, self.backend, origin, order).await;
        if self.backend == Backend::Sqlite {
            sqlx::query(DEFAULT_PRAGMAS).execute(&mut *conn).await?;
        }
        done
    }

    /// Rebuilds the monthly aggregate of `origin` from its rows, and makes
    /// every row committed before durable.
    ///
    /// # Errors
    /// The database's; the old aggregate stays then.
    pub async fn refresh_incident_months(&self, origin: &str) -> Result<(), StoreError> {
        self.write_months(origin, None).await
    }

    /// Replaces the monthly aggregate of `origin` by `tally`, or by one
    /// rebuilt from its rows, and makes every row committed before
    /// durable.
    async fn write_months(
        &self,
        origin: &str,
        tally: Option<&MonthTally>,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Sqlite {
            // The node's connections commit without syncing (the log, not
            // this file, is what must survive a crash); an imported
            // dataset has no log behind it. In WAL mode a FULL commit
            // syncs the WAL, and with it every transaction before it.
            sqlx::query("PRAGMA synchronous = FULL")
                .execute(&mut *conn)
                .await?;
        }
        let done = replace_months(&mut conn, self.backend, origin, tally).await;
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA synchronous = NORMAL")
                .execute(&mut *conn)
                .await?;
        }
        done
    }

    /// Imported incidents matching `q`, newest first: one page of at most
    /// [`MAX_PAGE`] rows, and the count of all.
    ///
    /// # Errors
    /// The database's, or [`StoreError::Corrupt`] for a stored record that
    /// is not JSON.
    pub async fn query_incidents(&self, q: &IncidentQuery) -> Result<IncidentPage, StoreError> {
        let (filter, params) = where_clause(q);
        let count_sql = format!("SELECT COUNT(*) FROM incident_rows{filter}");
        let total: i64 = bind_all(&count_sql, &params)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let page = format!(" LIMIT {} OFFSET {}", q.limit.min(MAX_PAGE), q.offset);
        let records = self.records(&filter, &params, &page).await?;
        Ok(IncidentPage {
            total: to_u64(total),
            records,
        })
    }

    /// Sends every imported incident matching `q` (its offset and limit
    /// aside), newest first, into `out` as they are read: an export of a
    /// million rows holds no more of them than the channel does. Stops
    /// early, without error, when `out` is closed.
    ///
    /// # Errors
    /// As [`Store::query_incidents`]; the rows sent before stay sent.
    pub async fn send_incidents(
        &self,
        q: &IncidentQuery,
        out: tokio::sync::mpsc::Sender<IncidentRecord>,
    ) -> Result<(), StoreError> {
        let (filter, params) = where_clause(q);
        let sql = records_sql(&filter, "");
        let mut rows = bind_all(&sql, &params).fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            if out.send(decode(&row)?).await.is_err() {
                break;
            }
        }
        Ok(())
    }

    /// The records matching `filter`, newest first, `page` appended.
    async fn records(
        &self,
        filter: &str,
        params: &[Bound],
        page: &str,
    ) -> Result<Vec<IncidentRecord>, StoreError> {
        let sql = records_sql(filter, page);
        let rows = bind_all(&sql, params).fetch_all(&self.pool).await?;
        rows.iter().map(decode).collect()
    }

    /// Events and deaths by month × type × region, from `from` to `to`
    /// (`YYYY-MM`, inclusive), over every dataset or one, every type or
    /// one, every region or one.
    ///
    /// # Errors
    /// The database's.
    pub async fn incident_months(
        &self,
        origin: Option<&str>,
        from: &str,
        to: &str,
        event_type: Option<&str>,
        admin1: Option<&str>,
    ) -> Result<Vec<MonthCell>, StoreError> {
        let mut sql = String::from(
            "SELECT month, event_type, admin1, CAST(SUM(events) AS BIGINT), \
             CAST(SUM(fatalities) AS BIGINT) \
             FROM incident_months WHERE month >= $1 AND month <= $2",
        );
        let mut query_params = vec![from, to];
        for (column, value) in [
            ("origin", origin),
            ("event_type", event_type),
            ("admin1", admin1),
        ] {
            if let Some(v) = value {
                query_params.push(v);
                sql.push_str(&format!(" AND {column} = ${}", query_params.len()));
            }
        }
        sql.push_str(" GROUP BY month, event_type, admin1 ORDER BY month, event_type, admin1");
        let mut query = sqlx::query(&sql);
        for p in query_params {
            query = query.bind(p);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(MonthCell {
                    month: r.try_get(0)?,
                    event_type: r.try_get(1)?,
                    admin1: r.try_get(2)?,
                    events: to_u64(r.try_get(3)?),
                    fatalities: to_u64(r.try_get(4)?),
                })
            })
            .collect()
    }
}

/// Connection settings while a batch is written (SQLite): a 64 MB page
/// cache, statement journals in memory.
const BULK_PRAGMAS: &str = "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY";
/// SQLite's defaults, restored after a batch so that the pool's connections
/// do not each keep 64 MB.
const DEFAULT_PRAGMAS: &str = "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT";

/// The body of [`Store::put_incidents`], in one transaction.
async fn upsert(
    conn: &mut AnyConnection,
    backend: Backend,
    origin: &str,
    rows: &[&EncodedIncident],
) -> Result<(), StoreError> {
    let full = upsert_sql(backend, ROWS_PER_STATEMENT);
    let mut tx = conn.begin().await?;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let partial;
        let sql = if chunk.len() == ROWS_PER_STATEMENT {
            &full
        } else {
            partial = upsert_sql(backend, chunk.len());
            &partial
        };
        let mut q = sqlx::query(sql);
        for r in chunk {
            q = q
                .bind(origin)
                .bind(r.event_id.as_str())
                .bind(r.event_date.as_str())
                .bind(r.event_date.get(..7).unwrap_or_default())
                .bind(r.event_type)
                .bind(r.sub_event_type)
                .bind(r.admin1.as_str())
                .bind(r.location.as_str())
                .bind(i64::from(r.lat_e6))
                .bind(i64::from(r.lon_e6))
                .bind(i64::from(r.fatalities))
                .bind(r.actor1.as_str())
                .bind(r.actor2.as_str())
                .bind(r.rest.as_str());
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Forbids SQLite skip-scans of the date index. Its statistics say a date
/// has ~200 rows, so SQLite would answer a type, a date range and a box by
/// seeking every date of the range for the box (`ANY(event_date) AND
/// lat_e6>?`): 35 ms for two years, where the type index reads the type's
/// range in 3. `noskipscan` in `sqlite_stat1` is SQLite's documented
/// switch; migration 0007 writes it too.
const NO_DATE_SKIP_SCAN: &str = "UPDATE sqlite_stat1 SET stat = stat || ' noskipscan' \
     WHERE tbl = 'incident_rows' AND idx = 'incident_rows_by_date'";

/// The body of [`Store::ensure_incident_indexes`].
async fn build_indexes(
    conn: &mut AnyConnection,
    backend: Backend,
    analyze: bool,
) -> Result<(), StoreError> {
    let mut tx = conn.begin().await?;
    for (name, on) in ROW_INDEXES {
        sqlx::query(&format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"))
            .execute(&mut *tx)
            .await?;
    }
    if analyze {
        sqlx::query("ANALYZE incident_rows")
            .execute(&mut *tx)
            .await?;
        if backend == Backend::Sqlite {
            sqlx::query(NO_DATE_SKIP_SCAN).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The body of [`Store::write_months`], in one transaction.
async fn replace_months(
    conn: &mut AnyConnection,
    backend: Backend,
    origin: &str,
    tally: Option<&MonthTally>,
) -> Result<(), StoreError> {
    let mut tx = conn.begin().await?;
    sqlx::query("DELETE FROM incident_months WHERE origin = $1")
        .bind(origin)
        .execute(&mut *tx)
        .await?;
    let Some(tally) = tally else {
        sqlx::query(
            "INSERT INTO incident_months (origin, month, event_type, admin1, events, fatalities) \
             SELECT origin, month, event_type, admin1, COUNT(*), SUM(fatalities) \
             FROM incident_rows WHERE origin = $1 \
             GROUP BY origin, month, event_type, admin1",
        )
        .bind(origin)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        return Ok(());
    };
    let cells: Vec<_> = tally.cells().collect();
    for chunk in cells.chunks(ROWS_PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO incident_months (origin, month, event_type, admin1, events, fatalities) VALUES ",
        );
        sql.push_str(&placeholders(backend, chunk.len(), 6));
        let mut q = sqlx::query(&sql);
        for (month, event_type, admin1, events, fatalities) in chunk {
            q = q
                .bind(origin)
                .bind(*month)
                .bind(*event_type)
                .bind(*admin1)
                .bind(to_i64(*events))
                .bind(to_i64(*fatalities));
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The query of the rows matching `filter`, newest first, `page` appended,
/// in the columns [`decode`] reads.
fn records_sql(filter: &str, page: &str) -> String {
    format!(
        "SELECT event_id, event_date, event_type, sub_event_type, location, lat_e6, \
         lon_e6, fatalities, record, admin1, actor1, actor2 FROM incident_rows{filter} \
         ORDER BY event_date DESC, origin, event_id{page}"
    )
}

/// A stored row that does not make a record.
fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        table: "incident_rows",
        why: e.to_string(),
    }
}

/// The record of a row read by [`Store::records`]: its columns and its
/// `record`, in the shape [`Rest`] describes or in either object shape of
/// older versions (the whole record, or the fields without a column), into
/// which the columns are put back.
fn decode(row: &AnyRow) -> Result<IncidentRecord, StoreError> {
    let rest: String = row.try_get(8)?;
    if rest.starts_with('[') {
        return decode_rest(row, &rest);
    }
    let mut map: Map<String, Value> = serde_json::from_str(&rest).map_err(corrupt)?;
    let texts = [
        "event_id_cnty",
        "event_date",
        "event_type",
        "sub_event_type",
        "location",
    ];
    for (i, key) in texts.into_iter().enumerate() {
        map.insert(key.to_owned(), Value::String(row.try_get(i)?));
    }
    let numbers = ["latitude_e6", "longitude_e6", "fatalities"];
    for (i, key) in numbers.into_iter().enumerate() {
        let n: i64 = row.try_get(texts.len() + i)?;
        map.insert(key.to_owned(), Value::from(n));
    }
    serde_json::from_value(Value::Object(map)).map_err(corrupt)
}

/// [`decode`] of a row whose `record` is a [`Rest`] array.
fn decode_rest(row: &AnyRow, rest: &str) -> Result<IncidentRecord, StoreError> {
    let (
        time_precision,
        disorder_type,
        associated1,
        kind1,
        actor2,
        civilian_targeting,
        iso,
        country,
        region,
        admin2,
        admin3,
        geo_precision,
        sources,
        notes,
        tags,
    ): RestOwned = serde_json::from_str(rest).map_err(corrupt)?;
    let event_type: String = row.try_get(2)?;
    let sub_event_type: String = row.try_get(3)?;
    let number = |i: usize| -> Result<i64, StoreError> { Ok(row.try_get::<i64, _>(i)?) };
    let narrow = |name: &str, n: i64| corrupt(format!("{name} {n} out of range"));
    let (lat, lon, dead) = (number(5)?, number(6)?, number(7)?);
    let admin1: String = row.try_get(9)?;
    let actor2_name: String = row.try_get(11)?;
    Ok(IncidentRecord {
        event_id_cnty: row.try_get(0)?,
        event_date: row.try_get(1)?,
        time_precision,
        disorder_type,
        event_type: EventType::from_slug(&event_type)
            .ok_or_else(|| corrupt(format!("unknown event type {event_type:?}")))?,
        sub_event_type: SubEventType::from_slug(&sub_event_type)
            .ok_or_else(|| corrupt(format!("unknown sub-event type {sub_event_type:?}")))?,
        actor1: Actor {
            name: row.try_get(10)?,
            associated: associated1,
            kind: kind1,
        },
        actor2: actor2.map(|(associated, kind)| Actor {
            name: actor2_name,
            associated,
            kind,
        }),
        civilian_targeting,
        iso,
        country,
        region,
        admin1: (!admin1.is_empty()).then_some(admin1),
        admin2,
        admin3,
        location: row.try_get(4)?,
        latitude_e6: i32::try_from(lat).map_err(|_| narrow("latitude_e6", lat))?,
        longitude_e6: i32::try_from(lon).map_err(|_| narrow("longitude_e6", lon))?,
        geo_precision,
        sources,
        notes,
        tags,
        fatalities: u32::try_from(dead).map_err(|_| narrow("fatalities", dead))?,
    })
}

/// The `WHERE` clause of `q` (empty without filters) and its parameters.
fn where_clause(q: &IncidentQuery) -> (String, Vec<Bound>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<Bound> = Vec::new();
    // Each `?` of a clause becomes the parameter just pushed.
    let mut push = |sql: &str, value: Bound| {
        params.push(value);
        clauses.push(sql.replace('?', &format!("${}", params.len())));
    };
    let texts = [
        ("origin = ?", &q.origin),
        ("event_date >= ?", &q.from),
        ("event_date <= ?", &q.to),
        ("event_type = ?", &q.event_type),
        ("admin1 = ?", &q.admin1),
        ("(actor1 = ? OR actor2 = ?)", &q.actor),
    ];
    for (sql, value) in texts {
        if let Some(v) = value {
            push(sql, Bound::Text(v.clone()));
        }
    }
    if let Some((s, w, n, e)) = q.bbox {
        push("lat_e6 >= ?", Bound::Number(i64::from(s)));
        push("lat_e6 <= ?", Bound::Number(i64::from(n)));
        push("lon_e6 >= ?", Bound::Number(i64::from(w)));
        push("lon_e6 <= ?", Bound::Number(i64::from(e)));
    }
    if let Some(f) = q.min_fatalities {
        push("fatalities >= ?", Bound::Number(i64::from(f)));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (filter, params)
}

/// A query parameter.
enum Bound {
    Text(String),
    Number(i64),
}

/// `sql` with `params` bound in order.
fn bind_all<'q>(
    sql: &'q str,
    params: &[Bound],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut query = sqlx::query(sql);
    for p in params {
        query = match p {
            Bound::Text(t) => query.bind(t.clone()),
            Bound::Number(n) => query.bind(*n),
        };
    }
    query
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use moc_incidents::{IncidentRecord, synthesize};
    use rand::SeedableRng;

    use super::*;

    fn records(n: usize, seed: u64) -> Vec<IncidentRecord> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        synthesize(n, &mut rng).collect()
    }

    /// What `q` must answer, computed in memory: the oracle the SQL is
    /// checked against.
    fn expected(all: &[IncidentRecord], q: &IncidentQuery) -> Vec<String> {
        let mut hits: Vec<&IncidentRecord> = all
            .iter()
            .filter(|r| q.from.as_ref().is_none_or(|d| r.event_date >= *d))
            .filter(|r| q.to.as_ref().is_none_or(|d| r.event_date <= *d))
            .filter(|r| {
                q.event_type
                    .as_ref()
                    .is_none_or(|t| r.event_type.slug() == t)
            })
            .filter(|r| {
                q.admin1
                    .as_ref()
                    .is_none_or(|a| r.admin1.as_deref() == Some(a.as_str()))
            })
            .filter(|r| {
                q.actor.as_ref().is_none_or(|a| {
                    r.actor1.name == *a || r.actor2.as_ref().is_some_and(|x| x.name == *a)
                })
            })
            .filter(|r| {
                q.bbox.is_none_or(|(s, w, n, e)| {
                    (s..=n).contains(&r.latitude_e6) && (w..=e).contains(&r.longitude_e6)
                })
            })
            .filter(|r| q.min_fatalities.is_none_or(|f| r.fatalities >= f))
            .collect();
        hits.sort_by(|a, b| {
            b.event_date
                .cmp(&a.event_date)
                .then_with(|| a.event_id_cnty.cmp(&b.event_id_cnty))
        });
        hits.iter().map(|r| r.event_id_cnty.clone()).collect()
    }

    fn ids(page: &IncidentPage) -> Vec<String> {
        page.records
            .iter()
            .map(|r| r.event_id_cnty.clone())
            .collect()
    }

    async fn queries_agree_with_the_records(store: &Store) {
        let all = records(3000, 7);
        assert_eq!(
            store.put_incidents("synth", all.clone()).await.unwrap(),
            3000
        );
        // A re-import replaces: still 3,000 rows, and a changed figure
        // wins.
        let mut again = all[..100].to_vec();
        again[0].fatalities = 999;
        store.put_incidents("synth", again).await.unwrap();
        let mut all = all;
        all[0].fatalities = 999;
        store.refresh_incident_months("synth").await.unwrap();

        let everything = IncidentQuery {
            limit: 10,
            ..IncidentQuery::default()
        };
        let page = store.query_incidents(&everything).await.unwrap();
        assert_eq!(page.total, 3000);
        assert_eq!(ids(&page), expected(&all, &everything)[..10]);

        let gao = &all[0];
        let queries = [
            IncidentQuery {
                from: Some("2018-01-01".into()),
                to: Some("2019-12-31".into()),
                event_type: Some(gao.event_type.slug().to_owned()),
                bbox: Some((14_000_000, -2_000_000, 18_000_000, 2_000_000)),
                limit: 500,
                ..IncidentQuery::default()
            },
            IncidentQuery {
                admin1: gao.admin1.clone(),
                min_fatalities: Some(5),
                limit: 50,
                offset: 3,
                ..IncidentQuery::default()
            },
            IncidentQuery {
                actor: Some(gao.actor1.name.clone()),
                origin: Some("synth".into()),
                limit: 500,
                ..IncidentQuery::default()
            },
            IncidentQuery {
                min_fatalities: Some(999),
                limit: 5,
                ..IncidentQuery::default()
            },
        ];
        for q in &queries {
            let want = expected(&all, q);
            let page = store.query_incidents(q).await.unwrap();
            assert_eq!(page.total, want.len() as u64, "{q:?}");
            let start = (q.offset as usize).min(want.len());
            let end = (start + q.limit as usize).min(want.len());
            assert_eq!(ids(&page), want[start..end], "{q:?}");
            assert!(
                !want.is_empty(),
                "a query that finds nothing proves little: {q:?}"
            );
        }
        // The stored record comes back whole.
        let one = store.query_incidents(&queries[3]).await.unwrap();
        assert_eq!(one.records[0], all[0]);

        // The monthly aggregate equals a count over the records.
        let mut want: BTreeMap<(String, String, String), (u64, u64)> = BTreeMap::new();
        for r in &all {
            let month = r.event_date[..7].to_owned();
            if month.as_str() < "2015-01" || month.as_str() > "2016-12" {
                continue;
            }
            let cell = want
                .entry((
                    month,
                    r.event_type.slug().to_owned(),
                    r.admin1.clone().unwrap_or_default(),
                ))
                .or_default();
            cell.0 += 1;
            cell.1 += u64::from(r.fatalities);
        }
        let cells = store
            .incident_months(Some("synth"), "2015-01", "2016-12", None, None)
            .await
            .unwrap();
        let got: BTreeMap<(String, String, String), (u64, u64)> = cells
            .into_iter()
            .map(|c| ((c.month, c.event_type, c.admin1), (c.events, c.fatalities)))
            .collect();
        assert!(!want.is_empty());
        assert_eq!(got, want);
        // Filtered by type and by region: the matching cells only.
        let battles = gao.event_type.slug().to_owned();
        let typed = store
            .incident_months(None, "2015-01", "2016-12", Some(&battles), None)
            .await
            .unwrap();
        let want_typed: Vec<_> = want.iter().filter(|(k, _)| k.1 == battles).collect();
        assert_eq!(typed.len(), want_typed.len());
        assert!(typed.iter().all(|c| c.event_type == battles));
        let region = gao.admin1.clone().unwrap_or_default();
        let regional = store
            .incident_months(Some("synth"), "2015-01", "2016-12", None, Some(&region))
            .await
            .unwrap();
        let want_regional = want.iter().filter(|(k, _)| k.2 == region).count();
        assert_eq!(regional.len(), want_regional);
        assert!(!regional.is_empty());
        assert!(
            store
                .incident_months(Some("acled"), "2015-01", "2016-12", None, None)
                .await
                .unwrap()
                .is_empty()
        );
    }

    /// What [`Store::send_incidents`] sends for `q`, through a channel
    /// much shorter than the rows, collected.
    async fn sent(store: &Store, q: &IncidentQuery) -> Vec<IncidentRecord> {
        let (tx, mut rx) = tokio::sync::mpsc::channel(16);
        let collect = async {
            let mut out = Vec::new();
            while let Some(r) = rx.recv().await {
                out.push(r);
            }
            out
        };
        let (sent, out) = tokio::join!(store.send_incidents(q, tx), collect);
        sent.unwrap();
        out
    }

    /// One batch with an event id twice (the later wins, as a re-import
    /// would), and a row written whole by an older moc: both read back as
    /// the records they are.
    async fn batches_and_older_rows_read_back(store: &Store) {
        let all = records(1200, 11);
        let mut later = all[5].clone();
        later.fatalities = 77;
        later.notes = "corrected".into();
        let mut batch = all.clone();
        batch.push(later.clone());
        store.put_incidents("dup", batch).await.unwrap();
        let one = IncidentQuery {
            origin: Some("dup".into()),
            min_fatalities: Some(77),
            actor: Some(later.actor1.name.clone()),
            limit: 500,
            ..IncidentQuery::default()
        };
        let got = sent(store, &one).await;
        assert!(got.contains(&later), "the later row of the batch wins");
        let every = IncidentQuery {
            origin: Some("dup".into()),
            ..IncidentQuery::default()
        };
        let back = sent(store, &every).await;
        assert_eq!(back.len(), 1200);
        let mut want = all.clone();
        want[5] = later;
        want.sort_by(|a, b| a.event_id_cnty.cmp(&b.event_id_cnty));
        let mut back = back;
        back.sort_by(|a, b| a.event_id_cnty.cmp(&b.event_id_cnty));
        assert_eq!(back, want, "every field of every record comes back");

        // Rows as older versions wrote them: the whole record as JSON
        // (migration 0003), and the fields without a column as an object
        // (stop 15); `record` is the only difference.
        let whole = serde_json::to_value(&all[0]).unwrap();
        let mut fields = whole.clone();
        let columns = [
            "event_id_cnty",
            "event_date",
            "event_type",
            "sub_event_type",
            "location",
            "latitude_e6",
            "longitude_e6",
            "fatalities",
        ];
        for key in columns {
            fields.as_object_mut().unwrap().remove(key);
        }
        for (origin, record) in [("whole", whole), ("fields", fields)] {
            let old = &all[0];
            sqlx::query(&upsert_sql(store.backend, 1))
                .bind(origin)
                .bind(old.event_id_cnty.as_str())
                .bind(old.event_date.as_str())
                .bind(&old.event_date[..7])
                .bind(old.event_type.slug())
                .bind(old.sub_event_type.slug())
                .bind(old.admin1.clone().unwrap_or_default())
                .bind(old.location.as_str())
                .bind(i64::from(old.latitude_e6))
                .bind(i64::from(old.longitude_e6))
                .bind(i64::from(old.fatalities))
                .bind(old.actor1.name.as_str())
                .bind(old.actor2.as_ref().map_or("", |a| a.name.as_str()))
                .bind(record.to_string())
                .execute(&store.pool)
                .await
                .unwrap();
            let q = IncidentQuery {
                origin: Some(origin.into()),
                limit: 5,
                ..IncidentQuery::default()
            };
            assert_eq!(sent(store, &q).await, vec![old.clone()], "{origin}");
            let page = store.query_incidents(&q).await.unwrap();
            assert_eq!(page.records, vec![old.clone()], "{origin}");
        }

        // What this version writes: an array, no keys, no actor names.
        let stored: String =
            sqlx::query("SELECT record FROM incident_rows WHERE origin = 'dup' LIMIT 1")
                .fetch_one(&store.pool)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
        assert!(stored.starts_with('['), "{stored}");
        assert!(!stored.contains("time_precision"), "{stored}");
    }

    #[test]
    fn only_large_imports_drop_the_indexes() {
        assert!(!rebuild_pays(BULK_MIN_ROWS - 1, 0));
        assert!(rebuild_pays(BULK_MIN_ROWS, 0));
        assert!(rebuild_pays(100_000, 400_000));
        assert!(!rebuild_pays(100_000, 400_001));
        assert!(rebuild_pays(u64::MAX, u64::MAX));
    }

    /// The names of `incident_rows`' secondary indexes that exist.
    async fn row_indexes(store: &Store) -> Vec<String> {
        let sql = match store.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'index' \
                 AND tbl_name = 'incident_rows' AND sql IS NOT NULL ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(indexname AS TEXT) FROM pg_indexes WHERE tablename = 'incident_rows' \
                 AND indexname <> 'incident_rows_pkey' ORDER BY indexname"
            }
        };
        sqlx::query(sql)
            .fetch_all(&store.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<String, _>(0).unwrap())
            .collect()
    }

    /// A large import drops the indexes and builds them again; a small one
    /// next to many stored rows keeps them; the rows read back either way.
    async fn large_imports_build_the_indexes_again(store: &Store) {
        let mut all_indexes: Vec<String> =
            ROW_INDEXES.iter().map(|(n, _)| (*n).to_owned()).collect();
        all_indexes.sort();
        assert_eq!(row_indexes(store).await, all_indexes);
        let small = store
            .begin_incident_import("bulk", BULK_MIN_ROWS - 1)
            .await
            .unwrap();
        assert!(!small.indexes_dropped());
        assert_eq!(row_indexes(store).await, all_indexes);
        store.finish_incident_import(small).await.unwrap();

        let all = records(2000, 5);
        let mut large = store
            .begin_incident_import("bulk", BULK_MIN_ROWS)
            .await
            .unwrap();
        assert!(large.indexes_dropped());
        assert!(row_indexes(store).await.is_empty());
        put(store, &mut large, &all[..1500]).await;
        store.finish_incident_import(large).await.unwrap();
        assert_eq!(row_indexes(store).await, all_indexes);

        let q = IncidentQuery {
            origin: Some("bulk".into()),
            from: Some("2014-01-01".into()),
            limit: 500,
            ..IncidentQuery::default()
        };
        let want = expected(&all[..1500], &q);
        let page = store.query_incidents(&q).await.unwrap();
        assert_eq!(page.total, want.len() as u64);
        assert!(!want.is_empty());
    }

    /// Writes `records` in `import`.
    async fn put(store: &Store, import: &mut IncidentImport, records: &[IncidentRecord]) {
        let rows: Vec<EncodedIncident> = records
            .iter()
            .cloned()
            .map(|r| EncodedIncident::new(r).unwrap())
            .collect();
        store.put_encoded_incidents(import, &rows).await.unwrap();
    }

    /// The monthly aggregate of `origin` as stored.
    async fn months_of(store: &Store, origin: &str) -> Vec<MonthCell> {
        store
            .incident_months(Some(origin), "0000-00", "9999-99", None, None)
            .await
            .unwrap()
    }

    /// The aggregate an import counts as it writes is the one rebuilt from
    /// the rows; when the count cannot be the whole dataset (rows there
    /// before, a row of the file replacing one of an earlier batch) the
    /// import rebuilds it instead, and it is right again.
    async fn imports_count_the_monthly_aggregate(store: &Store) {
        let all = records(3000, 21);
        let rebuilt = async |origin: &str| {
            store.refresh_incident_months(origin).await.unwrap();
            months_of(store, origin).await
        };

        // A new dataset in three batches: counted.
        let mut import = store.begin_incident_import("fresh", 3000).await.unwrap();
        for batch in all.chunks(1000) {
            put(store, &mut import, batch).await;
        }
        assert!(store.finish_incident_import(import).await.unwrap());
        let counted = months_of(store, "fresh").await;
        assert!(counted.len() > 100, "{} cells", counted.len());
        assert_eq!(counted, rebuilt("fresh").await);

        // The second batch corrects a row of the first: rebuilt.
        let mut corrected = all[7].clone();
        corrected.fatalities += 1000;
        let mut import = store.begin_incident_import("twice", 3000).await.unwrap();
        put(store, &mut import, &all[..1500]).await;
        put(store, &mut import, std::slice::from_ref(&corrected)).await;
        assert!(!store.finish_incident_import(import).await.unwrap());
        let months = months_of(store, "twice").await;
        assert_eq!(months, rebuilt("twice").await);
        let deaths: u64 = months.iter().map(|c| c.fatalities).sum();
        let want: u64 = all[..1500]
            .iter()
            .map(|r| u64::from(r.fatalities))
            .sum::<u64>()
            + 1000;
        assert_eq!(deaths, want);

        // Rows there before: rebuilt, the old rows included.
        let mut import = store.begin_incident_import("fresh", 10).await.unwrap();
        let mut more = records(10, 22);
        for (i, r) in more.iter_mut().enumerate() {
            r.event_id_cnty = format!("NEW{i}");
        }
        put(store, &mut import, &more).await;
        assert!(!store.finish_incident_import(import).await.unwrap());
        let months = months_of(store, "fresh").await;
        assert_eq!(months, rebuilt("fresh").await);
        assert_eq!(months.iter().map(|c| c.events).sum::<u64>(), 3010);
    }

    #[tokio::test]
    async fn imports_count_the_monthly_aggregate_on_sqlite() {
        crate::on_sqlite(imports_count_the_monthly_aggregate).await;
    }

    #[cfg(feature = "testing")]
    #[tokio::test]
    async fn imports_count_the_monthly_aggregate_on_postgres() {
        crate::testing::on_postgres("datasets_tally", imports_count_the_monthly_aggregate).await;
    }

    #[tokio::test]
    async fn large_imports_build_the_indexes_again_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        let store = Store::connect(&Store::sqlite_url(&path)).await.unwrap();
        let schema = "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'incident_rows' \
                      ORDER BY name";
        let before: Vec<(String, Option<String>)> = sqlx::query(schema)
            .fetch_all(&store.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap()))
            .collect();
        large_imports_build_the_indexes_again(&store).await;
        // Built again as the migration wrote them, word for word.
        let after: Vec<(String, Option<String>)> = sqlx::query(schema)
            .fetch_all(&store.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap()))
            .collect();
        assert_eq!(after, before);
        // With the statistics the import left, a dataset's date range is
        // read as a range of an index, not through the whole dataset by
        // key.
        let q = IncidentQuery {
            origin: Some("bulk".into()),
            from: Some("2014-01-01".into()),
            to: Some("2014-12-31".into()),
            ..IncidentQuery::default()
        };
        let (filter, params) = where_clause(&q);
        let sql = format!("EXPLAIN QUERY PLAN {}", records_sql(&filter, " LIMIT 50"));
        let plan: Vec<String> = bind_all(&sql, &params)
            .fetch_all(&store.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<String, _>(3).unwrap())
            .collect();
        let ranged = |step: &String| step.contains("event_date>? AND event_date<?)");
        assert!(plan.iter().any(ranged), "{plan:?}");
        assert!(!plan.iter().any(|s| s.contains("(origin=?)")), "{plan:?}");
        let stat: String =
            sqlx::query("SELECT stat FROM sqlite_stat1 WHERE idx = 'incident_rows_by_date'")
                .fetch_one(&store.pool)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
        assert!(stat.ends_with(" noskipscan"), "{stat}");
        // An import cut short by a crash: the next start builds them.
        let cut = store.begin_incident_import("cut", u64::MAX).await.unwrap();
        assert!(cut.indexes_dropped());
        store.close().await;
        let store = Store::connect(&Store::sqlite_url(&path)).await.unwrap();
        assert_eq!(row_indexes(&store).await.len(), ROW_INDEXES.len());
        // The file was made with 16 KiB pages, and keeps them.
        let page_size: i64 = sqlx::query("PRAGMA page_size")
            .fetch_one(&store.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert_eq!(page_size, 16384);
        store.close().await;
    }

    #[cfg(feature = "testing")]
    #[tokio::test]
    async fn large_imports_build_the_indexes_again_on_postgres() {
        crate::testing::on_postgres("datasets_bulk", large_imports_build_the_indexes_again).await;
    }

    #[tokio::test]
    async fn batches_and_older_rows_read_back_on_sqlite() {
        crate::on_sqlite(batches_and_older_rows_read_back).await;
    }

    #[cfg(feature = "testing")]
    #[tokio::test]
    async fn batches_and_older_rows_read_back_on_postgres() {
        crate::testing::on_postgres("datasets_batches", batches_and_older_rows_read_back).await;
    }

    #[tokio::test]
    async fn queries_and_aggregates_agree_with_the_records_on_sqlite() {
        crate::on_sqlite(queries_agree_with_the_records).await;
    }

    #[cfg(feature = "testing")]
    #[tokio::test]
    async fn queries_and_aggregates_agree_with_the_records_on_postgres() {
        crate::testing::on_postgres("datasets", queries_agree_with_the_records).await;
    }
}
