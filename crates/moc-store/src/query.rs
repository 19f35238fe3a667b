//! Reading the projections: the rows the CLI, the API and the pages show.
//!
//! Rows are plain data that serialise to the JSON the API answers; the
//! structured columns (lists, reports) come back as JSON values. Filters
//! are bound parameters, never spliced into the SQL.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Store, StoreError, to_u64};

/// A mechanism with its counts, for the home page and `GET /mechanisms`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MechanismSummary {
    /// Id.
    pub id: String,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// Its log's origin.
    pub log_origin: String,
    /// Parties.
    pub parties: u64,
    /// Zones.
    pub zones: u64,
    /// Members (every status).
    pub members: u64,
    /// Approved members.
    pub approved_members: u64,
    /// Patrols (every status).
    pub patrols: u64,
    /// Incidents (those merged into another counted once, with it).
    pub incidents: u64,
}

/// A party row.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartyRow {
    /// Id.
    pub id: String,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// Kind code.
    #[cfg_attr(feature = "openapi", schema(value_type = moc_domain::PartyKind))]
    pub kind: String,
    /// Witness key.
    pub witness_key: String,
}

/// A zone row.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZoneRow {
    /// Id.
    pub id: String,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// Other spellings.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub variants: Value,
    /// Region.
    pub region: String,
    /// Latitude, micro-degrees.
    pub lat_e6: i64,
    /// Longitude, micro-degrees.
    pub lon_e6: i64,
}

/// A member row: codes only, never personal data.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    /// The mechanism.
    pub mechanism: String,
    /// Service number.
    pub service_number: String,
    /// Party.
    pub party: String,
    /// Unit.
    pub unit: String,
    /// Rank code.
    #[cfg_attr(feature = "openapi", schema(value_type = moc_domain::Rank))]
    pub rank: String,
    /// Function codes.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<moc_domain::MemberRole>))]
    pub roles: Value,
    /// Language codes.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<moc_domain::Language>))]
    pub languages: Value,
    /// Vetting status code.
    #[cfg_attr(feature = "openapi", schema(value_type = moc_domain::VettingStatus))]
    pub status: String,
    /// Approvals so far.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<moc_domain::Approval>))]
    pub approvals: Value,
    /// Rejection or suspension, if any.
    pub decision: Value,
    /// Leave periods.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<moc_domain::Window>))]
    pub leave: Value,
    /// Commitment to the personal data.
    pub identity_commitment: String,
}

/// A patrol row.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PatrolRow {
    /// The mechanism.
    pub mechanism: String,
    /// Id.
    pub id: String,
    /// Zone.
    pub zone: String,
    /// Waypoints.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<moc_domain::Coord>))]
    pub route: Value,
    /// Planned start, Unix seconds.
    pub window_start: i64,
    /// Planned end, Unix seconds.
    pub window_end: i64,
    /// Leader's service number.
    pub leader: String,
    /// Members' service numbers.
    pub members: Vec<String>,
    /// Status code.
    #[cfg_attr(feature = "openapi", schema(value_type = moc_domain::PatrolStatus))]
    pub status: String,
    /// Actual start.
    pub started_at: Option<i64>,
    /// The report.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<moc_domain::PatrolReport>))]
    pub report: Value,
    /// Why it was aborted.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<moc_domain::AbortReason>))]
    pub abort_reason: Option<String>,
    /// Parties that had members on it.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub parties: Value,
    /// Endorsements, party → user.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, String>))]
    pub endorsements: Value,
}

/// Which members to list.
#[derive(Clone, Debug, Default)]
pub struct MemberFilter {
    /// Only this party's.
    pub party: Option<String>,
    /// Only in this vetting status.
    pub status: Option<String>,
}

/// Which patrols to list.
#[derive(Clone, Debug, Default)]
pub struct PatrolFilter {
    /// Only in this status.
    pub status: Option<String>,
}

fn parse(table: &'static str, text: Option<String>) -> Result<Value, StoreError> {
    match text {
        None => Ok(Value::Null),
        Some(t) => serde_json::from_str(&t).map_err(|e| StoreError::Corrupt {
            table,
            why: e.to_string(),
        }),
    }
}

fn member_row(r: &AnyRow) -> Result<MemberRow, StoreError> {
    Ok(MemberRow {
        mechanism: r.try_get(0)?,
        service_number: r.try_get(1)?,
        party: r.try_get(2)?,
        unit: r.try_get(3)?,
        rank: r.try_get(4)?,
        roles: parse("members", r.try_get(5)?)?,
        languages: parse("members", r.try_get(6)?)?,
        identity_commitment: r.try_get(7)?,
        status: r.try_get(8)?,
        approvals: parse("members", r.try_get(9)?)?,
        decision: parse("members", r.try_get(10)?)?,
        leave: parse("members", r.try_get(11)?)?,
    })
}

fn patrol_row(r: &AnyRow, members: Vec<String>) -> Result<PatrolRow, StoreError> {
    Ok(PatrolRow {
        mechanism: r.try_get(0)?,
        id: r.try_get(1)?,
        zone: r.try_get(2)?,
        route: parse("patrols", r.try_get(3)?)?,
        window_start: r.try_get(4)?,
        window_end: r.try_get(5)?,
        leader: r.try_get(6)?,
        members,
        status: r.try_get(7)?,
        started_at: r.try_get(8)?,
        report: parse("patrols", r.try_get(9)?)?,
        abort_reason: r.try_get(10)?,
        parties: parse("patrols", r.try_get(11)?)?,
        endorsements: parse("patrols", r.try_get(12)?)?,
    })
}

const MEMBER_COLUMNS: &str = "mechanism, service_number, party, unit, rank, roles, languages, \
     identity_commitment, status, approvals, decision, leave";

const PATROL_COLUMNS: &str = "mechanism, id, zone, route, window_start, window_end, leader, \
     status, started_at, report, abort_reason, parties, endorsements";

impl Store {
    /// Every mechanism with its counts, by id.
    ///
    /// # Errors
    /// The database's error.
    pub async fn mechanisms(&self) -> Result<Vec<MechanismSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.id, m.name_fr, m.name_en, m.log_origin, \
             (SELECT COUNT(*) FROM parties p WHERE p.mechanism = m.id), \
             (SELECT COUNT(*) FROM zones z WHERE z.mechanism = m.id), \
             (SELECT COUNT(*) FROM members x WHERE x.mechanism = m.id), \
             (SELECT COUNT(*) FROM members x WHERE x.mechanism = m.id AND x.status = 'approved'), \
             (SELECT COUNT(*) FROM patrols t WHERE t.mechanism = m.id), \
             (SELECT COUNT(*) FROM incidents i WHERE i.mechanism = m.id AND i.merged_into = '') \
             FROM mechanisms m ORDER BY m.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MechanismSummary {
                    id: r.try_get(0)?,
                    name_fr: r.try_get(1)?,
                    name_en: r.try_get(2)?,
                    log_origin: r.try_get(3)?,
                    parties: to_u64(r.try_get(4)?),
                    zones: to_u64(r.try_get(5)?),
                    members: to_u64(r.try_get(6)?),
                    approved_members: to_u64(r.try_get(7)?),
                    patrols: to_u64(r.try_get(8)?),
                    incidents: to_u64(r.try_get(9)?),
                })
            })
            .collect()
    }

    /// A mechanism's parties, by id.
    ///
    /// # Errors
    /// The database's error.
    pub async fn parties(&self, mechanism: &str) -> Result<Vec<PartyRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name_fr, name_en, kind, witness_key FROM parties \
             WHERE mechanism = $1 ORDER BY id",
        )
        .bind(mechanism)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PartyRow {
                    id: r.try_get(0)?,
                    name_fr: r.try_get(1)?,
                    name_en: r.try_get(2)?,
                    kind: r.try_get(3)?,
                    witness_key: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// A mechanism's zones, by id.
    ///
    /// # Errors
    /// The database's error.
    pub async fn zones(&self, mechanism: &str) -> Result<Vec<ZoneRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name_fr, name_en, variants, region, lat_e6, lon_e6 FROM zones \
             WHERE mechanism = $1 ORDER BY id",
        )
        .bind(mechanism)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ZoneRow {
                    id: r.try_get(0)?,
                    name_fr: r.try_get(1)?,
                    name_en: r.try_get(2)?,
                    variants: parse("zones", r.try_get(3)?)?,
                    region: r.try_get(4)?,
                    lat_e6: r.try_get(5)?,
                    lon_e6: r.try_get(6)?,
                })
            })
            .collect()
    }

    /// A mechanism's members, by service number.
    ///
    /// # Errors
    /// The database's error.
    pub async fn members(
        &self,
        mechanism: &str,
        filter: &MemberFilter,
    ) -> Result<Vec<MemberRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MEMBER_COLUMNS} FROM members WHERE mechanism = $1 \
             AND ($2 IS NULL OR party = $2) AND ($3 IS NULL OR status = $3) \
             ORDER BY service_number"
        ))
        .bind(mechanism)
        .bind(filter.party.clone())
        .bind(filter.status.clone())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(member_row).collect()
    }

    /// One member.
    ///
    /// # Errors
    /// The database's error.
    pub async fn member(
        &self,
        mechanism: &str,
        service_number: &str,
    ) -> Result<Option<MemberRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {MEMBER_COLUMNS} FROM members WHERE mechanism = $1 AND service_number = $2"
        ))
        .bind(mechanism)
        .bind(service_number)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(member_row).transpose()
    }

    /// A mechanism's patrols, by planned start then id.
    ///
    /// # Errors
    /// The database's error.
    pub async fn patrols(
        &self,
        mechanism: &str,
        filter: &PatrolFilter,
    ) -> Result<Vec<PatrolRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PATROL_COLUMNS} FROM patrols WHERE mechanism = $1 \
             AND ($2 IS NULL OR status = $2) ORDER BY window_start, id"
        ))
        .bind(mechanism)
        .bind(filter.status.clone())
        .fetch_all(&self.pool)
        .await?;
        let mut members = self.patrol_members(mechanism, None).await?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get(1)?;
                patrol_row(r, members.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    /// One patrol.
    ///
    /// # Errors
    /// The database's error.
    pub async fn patrol(&self, mechanism: &str, id: &str) -> Result<Option<PatrolRow>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PATROL_COLUMNS} FROM patrols WHERE mechanism = $1 AND id = $2"
        ))
        .bind(mechanism)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let mut members = self.patrol_members(mechanism, Some(id)).await?;
        patrol_row(&r, members.remove(id).unwrap_or_default()).map(Some)
    }

    /// Members by patrol, of one patrol or of all a mechanism's, in one
    /// query (a list must not cost a query per patrol).
    async fn patrol_members(
        &self,
        mechanism: &str,
        patrol: Option<&str>,
    ) -> Result<BTreeMap<String, Vec<String>>, StoreError> {
        let rows = sqlx::query(
            "SELECT patrol, service_number FROM patrol_members WHERE mechanism = $1 \
             AND ($2 IS NULL OR patrol = $2) ORDER BY patrol, service_number",
        )
        .bind(mechanism)
        .bind(patrol)
        .fetch_all(&self.pool)
        .await?;
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in &rows {
            out.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
        }
        Ok(out)
    }
}
