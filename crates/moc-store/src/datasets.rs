//! Imported incident datasets (ACLED, UCDP GED, synthetic): bulk upserts,
//! filtered pages and monthly aggregates at the scale of a million rows.
//!
//! **Key design decision:** imported rows are reference data, not entries
//! of a mechanism's log: a million ACLED rows are public already, and
//! signing each would add nothing but time. They go to `incident_rows`
//! keyed by (origin, event id), so re-importing a file replaces its rows
//! instead of doubling them. The columns a filter reads are copied out of
//! the record and indexed; the record itself is kept whole as JSON.
//! Aggregates read `incident_months`, which [`Store::refresh_incident_months`]
//! rebuilds from the rows after an import.

use moc_incidents::IncidentRecord;
use serde::Serialize;
use serde_json::Value;
use sqlx::Row;

use crate::{Store, StoreError, to_u64};

/// Rows per `INSERT` statement: 14 parameters each, well under both
/// backends' limits, and few enough statements to reach 100,000 rows/s.
const ROWS_PER_STATEMENT: usize = 200;

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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IncidentPage {
    /// How many rows match the filters.
    pub total: u64,
    /// The records of this page.
    pub records: Vec<Value>,
}

/// One cell of the monthly aggregate.
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

/// A serde enum's code (`battles`, `armed-clash`).
fn code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

impl Store {
    /// Inserts or replaces `records` of `origin` in one transaction.
    /// Returns how many rows were written.
    ///
    /// # Errors
    /// The database's; nothing of the batch is written then.
    pub async fn put_incidents(
        &self,
        origin: &str,
        records: &[IncidentRecord],
    ) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        for chunk in records.chunks(ROWS_PER_STATEMENT) {
            let mut sql = String::with_capacity(64 + chunk.len() * 80);
            sql.push_str(
                "INSERT INTO incident_rows (origin, event_id, event_date, month, event_type, \
                 sub_event_type, admin1, location, lat_e6, lon_e6, fatalities, actor1, actor2, \
                 record) VALUES ",
            );
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push(',');
                }
                sql.push('(');
                for j in 0..14 {
                    if j > 0 {
                        sql.push(',');
                    }
                    sql.push('$');
                    sql.push_str(&(i * 14 + j + 1).to_string());
                }
                sql.push(')');
            }
            sql.push_str(
                " ON CONFLICT (origin, event_id) DO UPDATE SET event_date = excluded.event_date, \
                 month = excluded.month, event_type = excluded.event_type, \
                 sub_event_type = excluded.sub_event_type, admin1 = excluded.admin1, \
                 location = excluded.location, lat_e6 = excluded.lat_e6, \
                 lon_e6 = excluded.lon_e6, fatalities = excluded.fatalities, \
                 actor1 = excluded.actor1, actor2 = excluded.actor2, record = excluded.record",
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                let record = serde_json::to_string(r).map_err(|e| StoreError::Corrupt {
                    table: "incident_rows",
                    why: e.to_string(),
                })?;
                q = q
                    .bind(origin.to_owned())
                    .bind(r.event_id_cnty.clone())
                    .bind(r.event_date.clone())
                    .bind(r.event_date.get(..7).unwrap_or_default().to_owned())
                    .bind(code(&r.event_type))
                    .bind(code(&r.sub_event_type))
                    .bind(r.admin1.clone().unwrap_or_default())
                    .bind(r.location.clone())
                    .bind(i64::from(r.latitude_e6))
                    .bind(i64::from(r.longitude_e6))
                    .bind(i64::from(r.fatalities))
                    .bind(r.actor1.name.clone())
                    .bind(
                        r.actor2
                            .as_ref()
                            .map(|a| a.name.clone())
                            .unwrap_or_default(),
                    )
                    .bind(record);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(records.len() as u64)
    }

    /// Rebuilds the monthly aggregate of `origin` from its rows.
    ///
    /// # Errors
    /// The database's; the old aggregate stays then.
    pub async fn refresh_incident_months(&self, origin: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM incident_months WHERE origin = $1")
            .bind(origin.to_owned())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO incident_months (origin, month, event_type, admin1, events, fatalities) \
             SELECT origin, month, event_type, admin1, COUNT(*), SUM(fatalities) \
             FROM incident_rows WHERE origin = $1 \
             GROUP BY origin, month, event_type, admin1",
        )
        .bind(origin.to_owned())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
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

    /// Every imported incident matching `q` (its offset and limit aside),
    /// newest first, for exports.
    ///
    /// # Errors
    /// As [`Store::query_incidents`].
    pub async fn all_incidents(
        &self,
        q: &IncidentQuery,
    ) -> Result<Vec<IncidentRecord>, StoreError> {
        let (filter, params) = where_clause(q);
        self.records(&filter, &params, "")
            .await?
            .into_iter()
            .map(|v| {
                serde_json::from_value(v).map_err(|e| StoreError::Corrupt {
                    table: "incident_rows",
                    why: e.to_string(),
                })
            })
            .collect()
    }

    async fn records(
        &self,
        filter: &str,
        params: &[Bound],
        page: &str,
    ) -> Result<Vec<Value>, StoreError> {
        let sql = format!(
            "SELECT record FROM incident_rows{filter} \
             ORDER BY event_date DESC, origin, event_id{page}"
        );
        let rows = bind_all(&sql, params).fetch_all(&self.pool).await?;
        let mut records = Vec::with_capacity(rows.len());
        for row in rows {
            let text: String = row.try_get(0)?;
            records.push(
                serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                    table: "incident_rows",
                    why: e.to_string(),
                })?,
            );
        }
        Ok(records)
    }

    /// Events and deaths by month × type × region, from `from` to `to`
    /// (`YYYY-MM`, inclusive), over every dataset or one.
    ///
    /// # Errors
    /// The database's.
    pub async fn incident_months(
        &self,
        origin: Option<&str>,
        from: &str,
        to: &str,
    ) -> Result<Vec<MonthCell>, StoreError> {
        let sql = format!(
            "SELECT month, event_type, admin1, CAST(SUM(events) AS BIGINT), \
             CAST(SUM(fatalities) AS BIGINT) \
             FROM incident_months WHERE month >= $1 AND month <= $2{} \
             GROUP BY month, event_type, admin1 ORDER BY month, event_type, admin1",
            if origin.is_some() {
                " AND origin = $3"
            } else {
                ""
            }
        );
        let mut query = sqlx::query(&sql).bind(from.to_owned()).bind(to.to_owned());
        if let Some(o) = origin {
            query = query.bind(o.to_owned());
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
                    .is_none_or(|t| code(&r.event_type) == *t)
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
            .map(|r| r["event_id_cnty"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    async fn queries_agree_with_the_records(store: &Store) {
        let all = records(3000, 7);
        assert_eq!(store.put_incidents("synth", &all).await.unwrap(), 3000);
        // A re-import replaces: still 3,000 rows, and a changed figure
        // wins.
        let mut again = all[..100].to_vec();
        again[0].fatalities = 999;
        store.put_incidents("synth", &again).await.unwrap();
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
                event_type: Some(code(&gao.event_type)),
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
        let back: IncidentRecord = serde_json::from_value(one.records[0].clone()).unwrap();
        assert_eq!(back, all[0]);

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
                    code(&r.event_type),
                    r.admin1.clone().unwrap_or_default(),
                ))
                .or_default();
            cell.0 += 1;
            cell.1 += u64::from(r.fatalities);
        }
        let cells = store
            .incident_months(Some("synth"), "2015-01", "2016-12")
            .await
            .unwrap();
        let got: BTreeMap<(String, String, String), (u64, u64)> = cells
            .into_iter()
            .map(|c| ((c.month, c.event_type, c.admin1), (c.events, c.fatalities)))
            .collect();
        assert!(!want.is_empty());
        assert_eq!(got, want);
        assert!(
            store
                .incident_months(Some("acled"), "2015-01", "2016-12")
                .await
                .unwrap()
                .is_empty()
        );
    }

    #[tokio::test]
    async fn queries_and_aggregates_agree_with_the_records_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&Store::sqlite_url(&dir.path().join("t.sqlite")))
            .await
            .unwrap();
        queries_agree_with_the_records(&store).await;
        store.close().await;
    }

    #[cfg(feature = "testing")]
    #[tokio::test]
    async fn queries_and_aggregates_agree_with_the_records_on_postgres() {
        let Some(db) = crate::testing::fresh_postgres("datasets").await else {
            return;
        };
        let store = Store::connect(&db.url).await.unwrap();
        queries_agree_with_the_records(&store).await;
        store.close().await;
        db.drop_database().await;
    }
}
