//! Reading the mechanism's own incidents: filtered pages of their views,
//! one incident's view, and the monthly aggregate for the dashboard.
//!
//! A mechanism records hundreds of incidents, not millions (those are the
//! imported datasets of `datasets.rs`), so one table with an index on the
//! date serves every filter. Incidents merged into another are left out
//! of lists unless asked for: their sources and claims are read through
//! the incident they were merged into.

use moc_domain::incident::{IncidentView, VerificationStatus, fold};
use serde::Serialize;
use sqlx::Row;

use crate::{Store, StoreError, to_u64};

/// Most incidents one page holds.
pub const MAX_INCIDENT_PAGE: u32 = 500;

/// Which incidents to list. Every field narrows; the default lists them
/// all (but merged ones), by date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentFilter {
    /// From this day on (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Up to this day, included.
    pub to: Option<String>,
    /// `(south, west, north, east)` in micro-degrees.
    pub bbox: Option<(i32, i32, i32, i32)>,
    /// ACLED event type code (`battles`).
    pub event_type: Option<String>,
    /// First-level region, exactly (`Gao`).
    pub admin1: Option<String>,
    /// Verification status.
    pub status: Option<VerificationStatus>,
    /// Words to find in the place, actors, outlets, notes, tags or claims,
    /// ignoring case and accents.
    pub text: Option<String>,
    /// At least this many deaths (ACLED's figure).
    pub min_fatalities: Option<u32>,
    /// With this actor, first or second, by its exact name (as ACLED
    /// writes it: `CMA: Coordination of Azawad Movements`).
    pub actor: Option<String>,
    /// Include incidents merged into another.
    pub include_merged: bool,
    /// Skip this many.
    pub offset: u32,
    /// At most this many ([`MAX_INCIDENT_PAGE`] at most).
    pub limit: u32,
}

/// A page of incidents.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncidentList {
    /// How many match, over all pages.
    pub total: u64,
    /// This page, by date then id.
    pub incidents: Vec<IncidentView>,
}

/// One cell of the monthly aggregate.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncidentMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// ACLED event type code.
    pub event_type: String,
    /// First-level region (empty when unknown).
    pub admin1: String,
    /// Incidents.
    pub events: u64,
    /// Deaths by ACLED's rule.
    pub fatalities: u64,
    /// The sum of the lowest figures (incidents without one count 0).
    pub killed_low: u64,
    /// The sum of the highest figures.
    pub killed_high: u64,
}

enum Param {
    Text(String),
    Int(i64),
}

/// The `WHERE` clause of a filter and its parameters, numbered from `$2`
/// (`$1` is the mechanism).
fn where_clause(f: &IncidentFilter) -> (String, Vec<Param>) {
    let mut sql = String::from("mechanism = $1");
    let mut params = Vec::new();
    let mut add = |sql: &mut String, clause: &str, p: Param| {
        params.push(p);
        sql.push_str(&clause.replace('?', &format!("${}", params.len() + 1)));
    };
    if !f.include_merged {
        sql.push_str(" AND merged_into = ''");
    }
    if let Some(d) = &f.from {
        add(&mut sql, " AND event_date >= ?", Param::Text(d.clone()));
    }
    if let Some(d) = &f.to {
        add(&mut sql, " AND event_date <= ?", Param::Text(d.clone()));
    }
    if let Some((s, w, n, e)) = f.bbox {
        add(&mut sql, " AND lat_e6 >= ?", Param::Int(s.into()));
        add(&mut sql, " AND lat_e6 <= ?", Param::Int(n.into()));
        add(&mut sql, " AND lon_e6 >= ?", Param::Int(w.into()));
        add(&mut sql, " AND lon_e6 <= ?", Param::Int(e.into()));
    }
    if let Some(t) = &f.event_type {
        add(&mut sql, " AND event_type = ?", Param::Text(t.clone()));
    }
    if let Some(a) = &f.admin1 {
        add(&mut sql, " AND admin1 = ?", Param::Text(a.clone()));
    }
    if let Some(s) = f.status {
        add(&mut sql, " AND status = ?", Param::Text(s.as_str().into()));
    }
    if let Some(n) = f.min_fatalities {
        add(&mut sql, " AND fatalities >= ?", Param::Int(n.into()));
    }
    if let Some(a) = &f.actor {
        add(&mut sql, " AND (actor1 = ?", Param::Text(a.clone()));
        add(&mut sql, " OR actor2 = ?)", Param::Text(a.clone()));
    }
    if let Some(t) = &f.text {
        // Every word must appear; `%`, `_` and `\` in a word are literal.
        for word in fold(t).split_whitespace() {
            let escaped = word
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            add(
                &mut sql,
                " AND search LIKE ? ESCAPE '\\'",
                Param::Text(format!("%{escaped}%")),
            );
        }
    }
    (sql, params)
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    mechanism: &str,
    params: &'q [Param],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    q = q.bind(mechanism.to_owned());
    for p in params {
        q = match p {
            Param::Text(t) => q.bind(t.as_str()),
            Param::Int(i) => q.bind(*i),
        };
    }
    q
}

fn view(text: &str) -> Result<IncidentView, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        table: "incidents",
        why: e.to_string(),
    })
}

impl Store {
    /// A page of a mechanism's incidents, by date then id.
    ///
    /// # Errors
    /// The database's error; [`StoreError::Corrupt`] for a view that does
    /// not parse.
    pub async fn incidents(
        &self,
        mechanism: &str,
        filter: &IncidentFilter,
    ) -> Result<IncidentList, StoreError> {
        let (clause, params) = where_clause(filter);
        let total: i64 = bind_all(
            sqlx::query(&format!("SELECT COUNT(*) FROM incidents WHERE {clause}")),
            mechanism,
            &params,
        )
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
        let limit = filter.limit.min(MAX_INCIDENT_PAGE);
        let sql = format!(
            "SELECT view FROM incidents WHERE {clause} ORDER BY event_date, id \
             LIMIT {limit} OFFSET {}",
            filter.offset
        );
        let rows = bind_all(sqlx::query(&sql), mechanism, &params)
            .fetch_all(&self.pool)
            .await?;
        let incidents = rows
            .iter()
            .map(|r| view(&r.try_get::<String, _>(0)?))
            .collect::<Result<_, _>>()?;
        Ok(IncidentList {
            total: to_u64(total),
            incidents,
        })
    }

    /// Every incident the filter selects (its page ignored), by date then
    /// id: what an export writes.
    ///
    /// # Errors
    /// As [`Store::incidents`].
    pub async fn all_mechanism_incidents(
        &self,
        mechanism: &str,
        filter: &IncidentFilter,
    ) -> Result<Vec<IncidentView>, StoreError> {
        let (clause, params) = where_clause(filter);
        let sql = format!("SELECT view FROM incidents WHERE {clause} ORDER BY event_date, id");
        let rows = bind_all(sqlx::query(&sql), mechanism, &params)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| view(&r.try_get::<String, _>(0)?))
            .collect()
    }

    /// One incident's view, merged or not.
    ///
    /// # Errors
    /// The database's error; [`StoreError::Corrupt`] for a view that does
    /// not parse.
    pub async fn incident(
        &self,
        mechanism: &str,
        id: &str,
    ) -> Result<Option<IncidentView>, StoreError> {
        let row = sqlx::query("SELECT view FROM incidents WHERE mechanism = $1 AND id = $2")
            .bind(mechanism)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| view(&r.try_get::<String, _>(0)?)).transpose()
    }

    /// Incidents and deaths by month × event type × region, for the
    /// incidents the filter selects (its page is ignored).
    ///
    /// # Errors
    /// The database's error.
    pub async fn incident_aggregate(
        &self,
        mechanism: &str,
        filter: &IncidentFilter,
    ) -> Result<Vec<IncidentMonth>, StoreError> {
        // PostgreSQL sums BIGINTs as NUMERIC: cast back for both backends.
        let (clause, params) = where_clause(filter);
        let sql = format!(
            "SELECT SUBSTR(event_date, 1, 7) AS month, event_type, admin1, COUNT(*), \
             CAST(SUM(fatalities) AS BIGINT), \
             CAST(SUM(CASE WHEN killed_low < 0 THEN 0 ELSE killed_low END) AS BIGINT), \
             CAST(SUM(CASE WHEN killed_high < 0 THEN 0 ELSE killed_high END) AS BIGINT) \
             FROM incidents WHERE {clause} \
             GROUP BY SUBSTR(event_date, 1, 7), event_type, admin1 \
             ORDER BY month, event_type, admin1"
        );
        let rows = bind_all(sqlx::query(&sql), mechanism, &params)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(IncidentMonth {
                    month: r.try_get(0)?,
                    event_type: r.try_get(1)?,
                    admin1: r.try_get(2)?,
                    events: to_u64(r.try_get(3)?),
                    fatalities: to_u64(r.try_get(4)?),
                    killed_low: to_u64(r.try_get(5)?),
                    killed_high: to_u64(r.try_get(6)?),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use moc_domain::demo::{DemoConfig, generate, placeholder_commitment};
    use moc_domain::{MechanismId, State};

    use super::*;

    fn demo() -> State {
        generate(&DemoConfig::default(), &mut placeholder_commitment)
            .unwrap()
            .state
    }

    async fn ids(store: &Store, f: &IncidentFilter) -> Vec<String> {
        let f = IncidentFilter {
            limit: MAX_INCIDENT_PAGE,
            ..f.clone()
        };
        let page = store.incidents("moc-gao", &f).await.unwrap();
        let ids: Vec<String> = page.incidents.iter().map(|v| v.id.to_string()).collect();
        assert_eq!(page.total, ids.len() as u64);
        ids
    }

    /// The demo's incidents through every filter, and the projection
    /// written event by event equal to a rebuild.
    async fn filters_find_the_demo_incidents(store: &Store) {
        let state = demo();
        store
            .reindex(
                &state,
                &[("gao".into(), MechanismId::new("moc-gao").unwrap(), 0)],
            )
            .await
            .unwrap();
        let all = IncidentFilter::default();
        assert_eq!(
            ids(store, &all).await,
            [
                "kidal-2014-05-21",
                "gao-2017-01-18",
                "tin-essako-2017-01-22",
                "tombouctou-2017-03-06"
            ]
        );
        let merged = IncidentFilter {
            include_merged: true,
            ..all.clone()
        };
        assert_eq!(ids(store, &merged).await.len(), 5);
        let cases: Vec<(IncidentFilter, Vec<&str>)> = vec![
            (
                IncidentFilter {
                    status: Some(VerificationStatus::Disputed),
                    ..all.clone()
                },
                vec!["tin-essako-2017-01-22"],
            ),
            (
                IncidentFilter {
                    event_type: Some("battles".into()),
                    ..all.clone()
                },
                // Taking over Timbuktu's checkpoints is ACLED's "Battles,
                // Non-state actor overtakes territory".
                vec![
                    "kidal-2014-05-21",
                    "tin-essako-2017-01-22",
                    "tombouctou-2017-03-06",
                ],
            ),
            (
                IncidentFilter {
                    from: Some("2017-01-01".into()),
                    to: Some("2017-01-31".into()),
                    ..all.clone()
                },
                vec!["gao-2017-01-18", "tin-essako-2017-01-22"],
            ),
            (
                // Around Kidal and Tin-Essako.
                IncidentFilter {
                    bbox: Some((18_000_000, 1_000_000, 19_000_000, 3_000_000)),
                    ..all.clone()
                },
                vec!["kidal-2014-05-21", "tin-essako-2017-01-22"],
            ),
            (
                IncidentFilter {
                    admin1: Some("Tombouctou".into()),
                    ..all.clone()
                },
                vec!["tombouctou-2017-03-06"],
            ),
            (
                IncidentFilter {
                    min_fatalities: Some(40),
                    ..all.clone()
                },
                vec!["gao-2017-01-18"],
            ),
            (
                // First or second actor, by name.
                IncidentFilter {
                    actor: Some("GATIA: Imghad Tuareg and Allies Self-Defense Group".into()),
                    ..all.clone()
                },
                vec!["tin-essako-2017-01-22"],
            ),
            (
                IncidentFilter {
                    actor: Some("Al Mourabitoun".into()),
                    include_merged: true,
                    ..all.clone()
                },
                vec!["gao-2017-01-18", "gao-2017-01-18-iss"],
            ),
            (
                IncidentFilter {
                    actor: Some("GATIA".into()),
                    ..all.clone()
                },
                vec![],
            ),
            (
                // Case and accents ignored; a claim's words count; the ISS
                // report merged into the bombing is found through it.
                IncidentFilter {
                    text: Some("MOURABITOUN iss".into()),
                    ..all.clone()
                },
                vec!["gao-2017-01-18"],
            ),
            (
                IncidentFilter {
                    text: Some("dément".into()),
                    ..all.clone()
                },
                vec![],
            ),
            (
                IncidentFilter {
                    text: Some("denies".into()),
                    ..all.clone()
                },
                vec!["tin-essako-2017-01-22"],
            ),
            (
                // `%` is a character, not a wildcard.
                IncidentFilter {
                    text: Some("%".into()),
                    ..all.clone()
                },
                vec![],
            ),
            (
                // Account names are not searchable.
                IncidentFilter {
                    text: Some("minusma-observer".into()),
                    ..all.clone()
                },
                vec![],
            ),
        ];
        for (f, want) in cases {
            assert_eq!(ids(store, &f).await, want, "{f:?}");
        }
        let page = store
            .incidents(
                "moc-gao",
                &IncidentFilter {
                    offset: 1,
                    limit: 2,
                    ..all.clone()
                },
            )
            .await
            .unwrap();
        assert_eq!(page.total, 4);
        assert_eq!(page.incidents.len(), 2);
        assert_eq!(page.incidents[0].id.as_str(), "gao-2017-01-18");
        let every = store
            .all_mechanism_incidents(
                "moc-gao",
                &IncidentFilter {
                    limit: 1,
                    ..all.clone()
                },
            )
            .await
            .unwrap();
        let every: Vec<&str> = every.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(every, ids(store, &all).await);

        let bombing = store
            .incident("moc-gao", "gao-2017-01-18")
            .await
            .unwrap()
            .unwrap();
        let expected = moc_domain::incident::view(
            &state.mechanisms[&MechanismId::new("moc-gao").unwrap()],
            &bombing.id,
        )
        .unwrap();
        assert_eq!(bombing, expected);
        assert_eq!(bombing.record.sources.len(), 9);
        let iss = store
            .incident("moc-gao", "gao-2017-01-18-iss")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(iss.merged_into, Some(bombing.id.clone()));
        assert!(store.incident("moc-gao", "nope").await.unwrap().is_none());

        let cells = store.incident_aggregate("moc-gao", &all).await.unwrap();
        let jan = cells
            .iter()
            .find(|c| c.month == "2017-01" && c.event_type == "explosions-remote-violence")
            .unwrap();
        assert_eq!(
            (jan.events, jan.fatalities, jan.killed_low, jan.killed_high),
            (1, 47, 47, 80)
        );
        assert_eq!(cells.iter().map(|c| c.events).sum::<u64>(), 4);
    }

    #[tokio::test]
    async fn filters_find_the_demo_incidents_on_sqlite() {
        crate::on_sqlite(filters_find_the_demo_incidents).await;
    }

    #[cfg(feature = "testing")]
    #[tokio::test]
    async fn filters_find_the_demo_incidents_on_postgres() {
        crate::testing::on_postgres("incidents", filters_find_the_demo_incidents).await;
    }
}
