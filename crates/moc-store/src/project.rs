//! Writing the projections: the rows an event touched, from the state.

use std::collections::{BTreeMap, BTreeSet};

use moc_domain::incident::{self, IncidentView};
use moc_domain::{
    DomainEvent, IncidentId, Mechanism, MechanismId, PartyId, PatrolId, ServiceNumber, State,
    UnitId, ZoneId,
};
use serde::Serialize;
use sqlx::{Any, Transaction};

use crate::{Store, StoreError, TABLES, to_i64};

/// One durable log entry to project.
#[derive(Clone, Debug)]
pub struct Projected<'a> {
    /// The log's origin.
    pub log_origin: &'a str,
    /// Its index in that log.
    pub index: u64,
    /// The event it holds.
    pub event: &'a DomainEvent,
}

/// A row (and its child rows) that an event changed.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Touched {
    /// A mechanism's own row.
    Mechanism(MechanismId),
    /// A party.
    Party(MechanismId, PartyId),
    /// A zone.
    Zone(MechanismId, ZoneId),
    /// A quota line.
    Quota(MechanismId, UnitId, PartyId),
    /// A member.
    Member(MechanismId, ServiceNumber),
    /// A patrol and its member list.
    Patrol(MechanismId, PatrolId),
    /// An incident.
    Incident(MechanismId, IncidentId),
}

impl Touched {
    /// What `event` changes (an incident's row stands for it and every
    /// incident it is merged into, whose views include it).
    #[must_use]
    pub fn by(event: &DomainEvent) -> Vec<Touched> {
        use DomainEvent as E;
        let m = event.mechanism().clone();
        let one = match event {
            E::MechanismCreated(_) => Touched::Mechanism(m),
            E::PartyJoined(e) => Touched::Party(m, e.party.id.clone()),
            E::QuotaSet(e) => Touched::Quota(m, e.unit.clone(), e.party.clone()),
            E::ZoneAdded(e) => Touched::Zone(m, e.zone.id.clone()),
            E::MemberRegistered(e) => Touched::Member(m, e.service_number.clone()),
            E::MemberUpdated(e) => Touched::Member(m, e.service_number.clone()),
            E::VettingOpened(e) => Touched::Member(m, e.service_number.clone()),
            E::VettingApproved(e) => Touched::Member(m, e.act.service_number.clone()),
            E::VettingRejected(e) | E::MemberSuspended(e) => {
                Touched::Member(m, e.act.service_number.clone())
            }
            E::LeaveGranted(e) => Touched::Member(m, e.service_number.clone()),
            E::PatrolPlanned(e) => Touched::Patrol(m, e.patrol.clone()),
            E::PatrolStarted(e) => Touched::Patrol(m, e.patrol.clone()),
            E::PatrolReported(e) => Touched::Patrol(m, e.patrol.clone()),
            E::PatrolEndorsed(e) => Touched::Patrol(m, e.patrol.clone()),
            E::PatrolAborted(e) => Touched::Patrol(m, e.patrol.clone()),
            E::IncidentReported(e) => Touched::Incident(m, e.incident.clone()),
            E::IncidentSourceAdded(e) => Touched::Incident(m, e.incident.clone()),
            E::ClaimRecorded(e) => Touched::Incident(m, e.incident.clone()),
            E::InvestigationOpened(e) => Touched::Incident(m, e.incident.clone()),
            E::FindingFiled(e) => Touched::Incident(m, e.incident.clone()),
            E::IncidentsMerged(e) | E::IncidentSplit(e) => {
                return vec![
                    Touched::Incident(m.clone(), e.from.clone()),
                    Touched::Incident(m, e.into.clone()),
                ];
            }
            // Changes no table; rewriting the mechanism's row is harmless.
            E::IdentitiesExported(_) => Touched::Mechanism(m),
        };
        vec![one]
    }
}

async fn write_incident(
    tx: &mut Transaction<'_, Any>,
    mechanism: &MechanismId,
    view: &IncidentView,
) -> Result<(), StoreError> {
    let r = &view.record;
    let range = |end: fn(&moc_domain::moc_incidents::Casualties) -> u32| {
        view.killed.as_ref().map_or(-1, |k| i64::from(end(k)))
    };
    sqlx::query(
        "INSERT INTO incidents (mechanism, id, event_date, event_type, sub_event_type, admin1, \
         location, lat_e6, lon_e6, fatalities, killed_low, killed_high, status, merged_into, \
         reported_party, search, view, actor1, actor2) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19)",
    )
    .bind(mechanism.as_str())
    .bind(view.id.as_str())
    .bind(&r.event_date)
    .bind(r.event_type.slug())
    .bind(r.sub_event_type.slug())
    .bind(r.admin1.as_deref().unwrap_or(""))
    .bind(&r.location)
    .bind(i64::from(r.latitude_e6))
    .bind(i64::from(r.longitude_e6))
    .bind(i64::from(r.fatalities))
    .bind(range(|k| k.low))
    .bind(range(|k| k.high))
    .bind(view.status.as_str())
    .bind(view.merged_into.as_ref().map_or("", |i| i.as_str()))
    .bind(view.reported.party.as_str())
    .bind(view.search_text())
    .bind(json(view))
    .bind(&r.actor1.name)
    .bind(r.actor2.as_ref().map_or("", |a| a.name.as_str()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A value's serde code (`"staff-sergeant"` for a rank), or its JSON text
/// for structured values.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn code<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

impl Store {
    /// Projects a batch of durable entries, in one transaction: the rows
    /// they touched are rewritten from `state` (which must already include
    /// them), and each log's cursor moves past the batch.
    ///
    /// # Errors
    /// The database's error; nothing of the batch is then written.
    pub async fn project(&self, state: &State, batch: &[Projected<'_>]) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let touched: BTreeSet<Touched> = batch.iter().flat_map(|p| Touched::by(p.event)).collect();
        let mut cursors: BTreeMap<&str, (&MechanismId, u64)> = BTreeMap::new();
        for p in batch {
            let next = cursors
                .entry(p.log_origin)
                .or_insert((p.event.mechanism(), 0));
            next.1 = next.1.max(p.index + 1);
        }
        let mut tx = self.pool.begin().await?;
        for t in &touched {
            write_touched(&mut tx, state, t).await?;
        }
        for (origin, (mechanism, next)) in cursors {
            set_cursor(&mut tx, origin, mechanism, next).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Empties every projection table and writes them again from `state`,
    /// with the cursors at `sizes` (log origin → mechanism, size), in one
    /// transaction: a failure leaves the old tables.
    ///
    /// # Errors
    /// The database's error.
    pub async fn reindex(
        &self,
        state: &State,
        sizes: &[(String, MechanismId, u64)],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for (table, _, _) in TABLES {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for (id, m) in &state.mechanisms {
            write_mechanism(&mut tx, m).await?;
            for p in m.parties.keys() {
                write_touched(&mut tx, state, &Touched::Party(id.clone(), p.clone())).await?;
            }
            for z in m.zones.keys() {
                write_touched(&mut tx, state, &Touched::Zone(id.clone(), z.clone())).await?;
            }
            for (unit, parties) in &m.quotas {
                for p in parties.keys() {
                    let t = Touched::Quota(id.clone(), unit.clone(), p.clone());
                    write_touched(&mut tx, state, &t).await?;
                }
            }
            for s in m.members.keys() {
                write_touched(&mut tx, state, &Touched::Member(id.clone(), s.clone())).await?;
            }
            for p in m.patrols.keys() {
                write_touched(&mut tx, state, &Touched::Patrol(id.clone(), p.clone())).await?;
            }
            for i in m.incidents.keys() {
                write_touched(&mut tx, state, &Touched::Incident(id.clone(), i.clone())).await?;
            }
        }
        for (origin, mechanism, size) in sizes {
            set_cursor(&mut tx, origin, mechanism, *size).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn set_cursor(
    tx: &mut Transaction<'_, Any>,
    origin: &str,
    mechanism: &MechanismId,
    next: u64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM projection_cursor WHERE log_origin = $1")
        .bind(origin)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO projection_cursor (log_origin, mechanism, next_index) VALUES ($1, $2, $3)",
    )
    .bind(origin)
    .bind(mechanism.as_str())
    .bind(to_i64(next))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes the row(s) behind `key` in `table` (`key` names the columns,
/// bound in order to `values`).
async fn delete(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    key: &[&str],
    values: &[&str],
) -> Result<(), StoreError> {
    let cond: Vec<String> = key
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{k} = ${}", i + 1))
        .collect();
    let sql = format!("DELETE FROM {table} WHERE {}", cond.join(" AND "));
    let mut q = sqlx::query(&sql);
    for v in values {
        q = q.bind(*v);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

async fn write_mechanism(tx: &mut Transaction<'_, Any>, m: &Mechanism) -> Result<(), StoreError> {
    delete(tx, "mechanisms", &["id"], &[m.id.as_str()]).await?;
    sqlx::query(
        "INSERT INTO mechanisms (id, name_fr, name_en, log_origin, patrol_min_per_party) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(m.id.as_str())
    .bind(&m.name_fr)
    .bind(&m.name_en)
    .bind(&m.log_origin)
    .bind(i64::from(m.patrol_min_per_party))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Rewrites the row(s) behind `t` from `state`; deletes them if the state
/// no longer has the thing (which the domain never does, but a rewrite must
/// not leave a stale row either way).
async fn write_touched(
    tx: &mut Transaction<'_, Any>,
    state: &State,
    t: &Touched,
) -> Result<(), StoreError> {
    let mech = |id: &MechanismId| state.mechanisms.get(id);
    match t {
        Touched::Mechanism(id) => match mech(id) {
            Some(m) => write_mechanism(tx, m).await?,
            None => delete(tx, "mechanisms", &["id"], &[id.as_str()]).await?,
        },
        Touched::Party(id, p) => {
            delete(
                tx,
                "parties",
                &["mechanism", "id"],
                &[id.as_str(), p.as_str()],
            )
            .await?;
            if let Some(party) = mech(id).and_then(|m| m.parties.get(p)) {
                sqlx::query(
                    "INSERT INTO parties (mechanism, id, name_fr, name_en, kind, witness_key) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id.as_str())
                .bind(party.id.as_str())
                .bind(&party.name_fr)
                .bind(&party.name_en)
                .bind(code(&party.kind))
                .bind(&party.witness_key)
                .execute(&mut **tx)
                .await?;
            }
        }
        Touched::Zone(id, z) => {
            delete(
                tx,
                "zones",
                &["mechanism", "id"],
                &[id.as_str(), z.as_str()],
            )
            .await?;
            if let Some(zone) = mech(id).and_then(|m| m.zones.get(z)) {
                sqlx::query(
                    "INSERT INTO zones (mechanism, id, name_fr, name_en, variants, region, lat_e6, lon_e6) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(id.as_str())
                .bind(zone.id.as_str())
                .bind(&zone.name_fr)
                .bind(&zone.name_en)
                .bind(json(&zone.variants))
                .bind(&zone.region)
                .bind(i64::from(zone.coord.lat_e6))
                .bind(i64::from(zone.coord.lon_e6))
                .execute(&mut **tx)
                .await?;
            }
        }
        Touched::Quota(id, unit, p) => {
            delete(
                tx,
                "quotas",
                &["mechanism", "unit", "party"],
                &[id.as_str(), unit.as_str(), p.as_str()],
            )
            .await?;
            if let Some(q) = mech(id)
                .and_then(|m| m.quotas.get(unit))
                .and_then(|u| u.get(p))
            {
                sqlx::query(
                    "INSERT INTO quotas (mechanism, unit, party, target, tolerance) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id.as_str())
                .bind(unit.as_str())
                .bind(p.as_str())
                .bind(i64::from(q.target))
                .bind(i64::from(q.tolerance))
                .execute(&mut **tx)
                .await?;
            }
        }
        Touched::Member(id, s) => {
            let key = [id.as_str(), s.as_str()];
            delete(tx, "members", &["mechanism", "service_number"], &key).await?;
            if let Some(m) = mech(id).and_then(|m| m.members.get(s)) {
                sqlx::query(
                    "INSERT INTO members (mechanism, service_number, party, unit, rank, roles, \
                     languages, identity_commitment, status, approvals, decision, leave) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(id.as_str())
                .bind(m.service_number.as_str())
                .bind(m.party.as_str())
                .bind(m.unit.as_str())
                .bind(code(&m.rank))
                .bind(json(&m.roles))
                .bind(json(&m.languages))
                .bind(m.identity_commitment.as_str())
                .bind(code(&m.status))
                .bind(json(&m.approvals))
                .bind(m.decision.as_ref().map(json))
                .bind(json(&m.leave))
                .execute(&mut **tx)
                .await?;
            }
        }
        Touched::Patrol(id, p) => {
            let key = [id.as_str(), p.as_str()];
            delete(tx, "patrols", &["mechanism", "id"], &key).await?;
            delete(tx, "patrol_members", &["mechanism", "patrol"], &key).await?;
            if let Some(patrol) = mech(id).and_then(|m| m.patrols.get(p)) {
                sqlx::query(
                    "INSERT INTO patrols (mechanism, id, zone, route, window_start, window_end, \
                     leader, status, started_at, report, abort_reason, parties, endorsements) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .bind(id.as_str())
                .bind(patrol.id.as_str())
                .bind(patrol.zone.as_str())
                .bind(json(&patrol.route))
                .bind(patrol.window.start.0)
                .bind(patrol.window.end.0)
                .bind(patrol.leader.as_str())
                .bind(code(&patrol.status))
                .bind(patrol.started_at.map(|t| t.0))
                .bind(patrol.report.as_ref().map(json))
                .bind(patrol.abort_reason.as_ref().map(code))
                .bind(json(&patrol.parties))
                .bind(json(&patrol.endorsements))
                .execute(&mut **tx)
                .await?;
                for s in &patrol.members {
                    sqlx::query(
                        "INSERT INTO patrol_members (mechanism, patrol, service_number) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(id.as_str())
                    .bind(patrol.id.as_str())
                    .bind(s.as_str())
                    .execute(&mut **tx)
                    .await?;
                }
            }
        }
        Touched::Incident(id, i) => {
            // The incident and every incident it is merged into, up to the
            // one read on its own: their views all include it. The walk
            // stops at a repeat, which only a tampered log could hold.
            let mut next = Some(i.clone());
            let mut seen = BTreeSet::new();
            while let Some(i) = next.take() {
                if !seen.insert(i.clone()) {
                    break;
                }
                delete(
                    tx,
                    "incidents",
                    &["mechanism", "id"],
                    &[id.as_str(), i.as_str()],
                )
                .await?;
                let Some(view) = mech(id).and_then(|m| incident::view(m, &i)) else {
                    break;
                };
                write_incident(tx, id, &view).await?;
                next = view.merged_into;
            }
        }
    }
    Ok(())
}
