//! The state every rule reads, and the fold that builds it from events.
//! It serialises (for `--json` views) but does not deserialise: the only way
//! to a state is the fold.
//!
//! [`State::apply`] is total: it never fails and never panics. Events come
//! from [`crate::decide`], so they are consistent with the state they were
//! decided on; an event that refers to something missing (which only a
//! tampered or foreign log could hold) changes nothing. Replaying the same
//! events from [`State::default`] always gives the same state.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::event::{DomainEvent, IncidentsMerged};
use crate::ids::{IncidentId, MechanismId, PartyId, PatrolId, ServiceNumber, UnitId, ZoneId};
use crate::incident::{
    FiledFinding, Incident, Investigation, RecordedClaim, Stamp, Step, StepKind, VerificationStatus,
};
use crate::model::{Approval, Member, Party, Patrol, PatrolStatus, Quota, VettingStatus, Zone};

/// All mechanisms hosted by one node.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct State {
    /// Mechanisms by id.
    pub mechanisms: BTreeMap<MechanismId, Mechanism>,
}

/// One mechanism and everything in it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Mechanism {
    /// Its id.
    pub id: MechanismId,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// Its log's origin line.
    pub log_origin: String,
    /// Members each contributing party must have on every patrol.
    pub patrol_min_per_party: u32,
    /// Parties.
    pub parties: BTreeMap<PartyId, Party>,
    /// Zones.
    pub zones: BTreeMap<ZoneId, Zone>,
    /// Quotas by unit, then party.
    pub quotas: BTreeMap<UnitId, BTreeMap<PartyId, Quota>>,
    /// Members by service number.
    pub members: BTreeMap<ServiceNumber, Member>,
    /// Patrols.
    pub patrols: BTreeMap<PatrolId, Patrol>,
    /// Incidents.
    pub incidents: BTreeMap<IncidentId, Incident>,
}

/// One party's standing against its quota in one unit, visible to all.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct QuotaLine {
    /// The unit.
    pub unit: UnitId,
    /// The party.
    pub party: PartyId,
    /// Target.
    pub target: u32,
    /// Tolerance.
    pub tolerance: u32,
    /// Members counted (all but rejected ones).
    pub current: u32,
    /// `current − target`: negative when short, positive when over.
    pub deviation: i64,
    /// Whether `current` is within `target ± tolerance`.
    pub within_tolerance: bool,
}

impl Mechanism {
    /// Members of `party` in `unit` that count against its quota: every
    /// member not rejected (a suspended one still holds a place until
    /// replaced by a decision of the mechanism).
    #[must_use]
    pub fn quota_count(&self, unit: &UnitId, party: &PartyId) -> u32 {
        let n = self
            .members
            .values()
            .filter(|m| &m.unit == unit && &m.party == party && m.status != VettingStatus::Rejected)
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Every quota with its deviation, by unit then party.
    #[must_use]
    pub fn quota_status(&self) -> Vec<QuotaLine> {
        let mut lines = Vec::new();
        for (unit, parties) in &self.quotas {
            for (party, quota) in parties {
                let current = self.quota_count(unit, party);
                let deviation = i64::from(current) - i64::from(quota.target);
                lines.push(QuotaLine {
                    unit: unit.clone(),
                    party: party.clone(),
                    target: quota.target,
                    tolerance: quota.tolerance,
                    current,
                    deviation,
                    within_tolerance: deviation.abs() <= i64::from(quota.tolerance),
                });
            }
        }
        lines
    }

    /// Parties whose members go on patrols (all but observers).
    pub fn contributing_parties(&self) -> impl Iterator<Item = &Party> {
        self.parties
            .values()
            .filter(|p| p.kind.contributes_members())
    }

    /// Patrols, other than aborted ones, whose window overlaps `window`
    /// and that include `member`.
    pub fn patrols_of<'a>(
        &'a self,
        member: &'a ServiceNumber,
        window: &'a crate::ids::Window,
    ) -> impl Iterator<Item = &'a Patrol> {
        self.patrols.values().filter(move |p| {
            p.status != PatrolStatus::Aborted
                && p.window.overlaps(window)
                && p.members.contains(member)
        })
    }
}

impl State {
    /// The mechanism `id`, if any.
    #[must_use]
    pub fn mechanism(&self, id: &MechanismId) -> Option<&Mechanism> {
        self.mechanisms.get(id)
    }

    /// Replays `events` from an empty state.
    #[must_use]
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a DomainEvent>) -> State {
        let mut state = State::default();
        for e in events {
            state.apply(e);
        }
        state
    }

    /// Folds one event into the state.
    pub fn apply(&mut self, event: &DomainEvent) {
        use DomainEvent as E;
        if let E::MechanismCreated(e) = event {
            self.mechanisms
                .entry(e.mechanism.clone())
                .or_insert_with(|| Mechanism {
                    id: e.mechanism.clone(),
                    name_fr: e.name_fr.clone(),
                    name_en: e.name_en.clone(),
                    log_origin: e.log_origin.clone(),
                    patrol_min_per_party: e.patrol_min_per_party,
                    parties: BTreeMap::new(),
                    zones: BTreeMap::new(),
                    quotas: BTreeMap::new(),
                    members: BTreeMap::new(),
                    patrols: BTreeMap::new(),
                    incidents: BTreeMap::new(),
                });
            return;
        }
        let Some(m) = self.mechanisms.get_mut(event.mechanism()) else {
            return;
        };
        match event {
            E::MechanismCreated(_) => {}
            E::PartyJoined(e) => {
                m.parties
                    .entry(e.party.id.clone())
                    .or_insert_with(|| e.party.clone());
            }
            E::QuotaSet(e) => {
                m.quotas.entry(e.unit.clone()).or_default().insert(
                    e.party.clone(),
                    Quota {
                        target: e.target,
                        tolerance: e.tolerance,
                    },
                );
            }
            E::ZoneAdded(e) => {
                m.zones
                    .entry(e.zone.id.clone())
                    .or_insert_with(|| e.zone.clone());
            }
            E::MemberRegistered(e) => {
                m.members
                    .entry(e.service_number.clone())
                    .or_insert_with(|| Member {
                        service_number: e.service_number.clone(),
                        party: e.party.clone(),
                        unit: e.unit.clone(),
                        rank: e.rank,
                        roles: e.roles.clone(),
                        languages: e.languages.clone(),
                        identity_commitment: e.identity_commitment.clone(),
                        status: VettingStatus::Registered,
                        approvals: Vec::new(),
                        decision: None,
                        leave: Vec::new(),
                    });
            }
            E::MemberUpdated(e) => {
                if let Some(member) = m.members.get_mut(&e.service_number) {
                    member.rank = e.rank;
                    member.roles = e.roles.clone();
                    member.languages = e.languages.clone();
                    if let Some(c) = &e.identity_commitment {
                        member.identity_commitment = c.clone();
                    }
                }
            }
            E::VettingOpened(e) => {
                if let Some(member) = m.members.get_mut(&e.service_number) {
                    member.status = VettingStatus::UnderReview;
                }
            }
            E::VettingApproved(e) => {
                if let Some(member) = m.members.get_mut(&e.act.service_number) {
                    member.approvals.push(Approval {
                        officer: e.act.officer.clone(),
                        party: e.act.officer_party.clone(),
                        at: e.act.at,
                    });
                    if e.complete {
                        member.status = VettingStatus::Approved;
                    }
                }
            }
            E::VettingRejected(e) | E::MemberSuspended(e) => {
                if let Some(member) = m.members.get_mut(&e.act.service_number) {
                    member.status = if matches!(event, E::VettingRejected(_)) {
                        VettingStatus::Rejected
                    } else {
                        VettingStatus::Suspended
                    };
                    member.decision = Some((
                        Approval {
                            officer: e.act.officer.clone(),
                            party: e.act.officer_party.clone(),
                            at: e.act.at,
                        },
                        e.reason,
                    ));
                }
            }
            E::LeaveGranted(e) => {
                if let Some(member) = m.members.get_mut(&e.service_number) {
                    member.leave.push(e.period);
                }
            }
            E::PatrolPlanned(e) => {
                m.patrols.entry(e.patrol.clone()).or_insert_with(|| Patrol {
                    id: e.patrol.clone(),
                    zone: e.zone.clone(),
                    route: e.route.clone(),
                    window: e.window,
                    members: e.members.clone(),
                    leader: e.leader.clone(),
                    status: PatrolStatus::Planned,
                    started_at: None,
                    report: None,
                    abort_reason: None,
                    parties: e.parties.clone(),
                    endorsements: BTreeMap::new(),
                });
            }
            E::PatrolStarted(e) => {
                if let Some(p) = m.patrols.get_mut(&e.patrol) {
                    p.status = PatrolStatus::UnderWay;
                    p.started_at = Some(e.at);
                }
            }
            E::PatrolReported(e) => {
                if let Some(p) = m.patrols.get_mut(&e.patrol) {
                    p.status = PatrolStatus::Completed;
                    p.report = Some(e.report.clone());
                }
            }
            E::PatrolEndorsed(e) => {
                if let Some(p) = m.patrols.get_mut(&e.patrol) {
                    p.endorsements.insert(e.party.clone(), e.by.clone());
                }
            }
            E::PatrolAborted(e) => {
                if let Some(p) = m.patrols.get_mut(&e.patrol) {
                    p.status = PatrolStatus::Aborted;
                    p.abort_reason = Some(e.reason);
                }
            }
            E::IncidentReported(e) => {
                m.incidents
                    .entry(e.incident.clone())
                    .or_insert_with(|| Incident {
                        id: e.incident.clone(),
                        zone: e.zone.clone(),
                        record: e.record.clone(),
                        reported: e.stamp.clone(),
                        claims: Vec::new(),
                        status: VerificationStatus::Reported,
                        investigations: Vec::new(),
                        merged_into: None,
                        absorbed: BTreeSet::new(),
                        timeline: vec![step(&e.stamp, StepKind::Reported)],
                    });
            }
            E::IncidentSourceAdded(e) => {
                if let Some(i) = m.incidents.get_mut(&e.incident) {
                    i.record.sources.push(e.source.clone());
                    let outlet = e.source.outlet.clone();
                    i.timeline
                        .push(step(&e.stamp, StepKind::SourceAdded { outlet }));
                }
            }
            E::ClaimRecorded(e) => {
                if let Some(i) = m.incidents.get_mut(&e.incident) {
                    i.claims.push(RecordedClaim {
                        claim: e.claim.clone(),
                        recorded: e.stamp.clone(),
                        incident: e.incident.clone(),
                    });
                    let kind = e.claim.kind;
                    i.timeline
                        .push(step(&e.stamp, StepKind::ClaimRecorded { kind }));
                }
            }
            E::InvestigationOpened(e) => {
                if let Some(i) = m.incidents.get_mut(&e.incident) {
                    i.status = VerificationStatus::UnderInvestigation;
                    i.investigations.push(Investigation {
                        opened: e.stamp.clone(),
                        team: e.team.clone(),
                        findings: BTreeMap::new(),
                        outcome: None,
                    });
                    let parties: BTreeSet<PartyId> =
                        e.team.iter().map(|t| t.party.clone()).collect();
                    let parties = parties.into_iter().collect();
                    i.timeline
                        .push(step(&e.stamp, StepKind::InvestigationOpened { parties }));
                }
            }
            E::FindingFiled(e) => {
                if let Some(i) = m.incidents.get_mut(&e.incident)
                    && let Some(open) = i.investigations.last_mut()
                    && open.outcome.is_none()
                {
                    open.findings.insert(
                        e.stamp.party.clone(),
                        FiledFinding {
                            finding: e.finding,
                            text: e.text.clone(),
                            filed: e.stamp.clone(),
                        },
                    );
                    let finding = e.finding;
                    i.timeline
                        .push(step(&e.stamp, StepKind::FindingFiled { finding }));
                    if let Some(status) = e.outcome {
                        open.outcome = Some(status);
                        i.status = status;
                        i.timeline
                            .push(step(&e.stamp, StepKind::Concluded { status }));
                    }
                }
            }
            E::IncidentsMerged(e) => merge(m, e),
            E::IncidentSplit(e) => split(m, e),
            // A record of who read what; the state of the mechanism is
            // unchanged.
            E::IdentitiesExported(_) => {}
        }
    }
}

fn step(stamp: &Stamp, what: StepKind) -> Step {
    Step {
        stamp: stamp.clone(),
        what,
    }
}

/// Hangs `from` under `into`, if both are top-level and distinct (what
/// `decide` checked; a tampered log's inconsistent merge changes nothing).
fn merge(m: &mut Mechanism, e: &IncidentsMerged) {
    let top = |i: Option<&Incident>| i.is_some_and(|i| i.merged_into.is_none());
    if e.into == e.from || !top(m.incidents.get(&e.into)) || !top(m.incidents.get(&e.from)) {
        return;
    }
    let reason = e.reason.clone();
    if let Some(from) = m.incidents.get_mut(&e.from) {
        from.merged_into = Some(e.into.clone());
        let into = e.into.clone();
        from.timeline.push(step(
            &e.stamp,
            StepKind::MergedInto {
                into,
                reason: reason.clone(),
            },
        ));
    }
    if let Some(into) = m.incidents.get_mut(&e.into) {
        into.absorbed.insert(e.from.clone());
        let from = e.from.clone();
        into.timeline
            .push(step(&e.stamp, StepKind::Absorbed { from, reason }));
    }
}

/// Undoes [`merge`], if `from` hangs under `into`.
fn split(m: &mut Mechanism, e: &IncidentsMerged) {
    let hangs = m
        .incidents
        .get(&e.from)
        .is_some_and(|f| f.merged_into.as_ref() == Some(&e.into));
    if !hangs {
        return;
    }
    let reason = e.reason.clone();
    if let Some(from) = m.incidents.get_mut(&e.from) {
        from.merged_into = None;
        let into = e.into.clone();
        from.timeline.push(step(
            &e.stamp,
            StepKind::SplitFrom {
                into,
                reason: reason.clone(),
            },
        ));
    }
    if let Some(into) = m.incidents.get_mut(&e.into) {
        into.absorbed.remove(&e.from);
        let from = e.from.clone();
        into.timeline
            .push(step(&e.stamp, StepKind::Released { from, reason }));
    }
}

/// Parties of the given members (those found), for a patrol's endorsement set.
#[must_use]
pub fn parties_of(m: &Mechanism, members: &[ServiceNumber]) -> BTreeSet<PartyId> {
    members
        .iter()
        .filter_map(|s| m.members.get(s))
        .map(|x| x.party.clone())
        .collect()
}
