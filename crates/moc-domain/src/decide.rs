//! The rules: from the state, a command, the actor and the time, either the
//! events to record or the reason for refusal.
//!
//! `decide` reads the state and never changes it: the caller appends the
//! events to the log and folds them with [`State::apply`]. Checks run in a
//! fixed order (role, party, existence, rule) so the same refusal comes back
//! for the same input.

use std::collections::{BTreeMap, BTreeSet};

use crate::access::{Action, Target, authorize};
use crate::command::{Command, MemberRef, PatrolRef, PlanPatrol};
use crate::error::DomainError;
use crate::event::{
    ClaimRecorded, DomainEvent, FindingFiled, IdentitiesExported, IncidentReported,
    IncidentSourceAdded, IncidentsMerged, InvestigationOpened, MemberRegistered, PatrolAborted,
    PatrolEndorsed, PatrolPlanned, PatrolReported, PatrolStarted, VettingAct, VettingApproved,
    VettingDecision,
};
use crate::ids::{MechanismId, PartyId, PatrolId, ServiceNumber, Timestamp, Window};
use crate::incident::{self, FiledFinding, Investigator, Stamp, VerificationStatus};
use crate::model::{
    Actor, Approval, Lifecycle, MAX_LABEL, MAX_TEXT, Member, MemberRole, Patrol, PatrolStatus,
    VettingStatus, vetting_rule_holds,
};
use crate::state::{Mechanism, State, parties_of};

/// Most members on one patrol, and most waypoints on one route.
pub const MAX_PATROL_SIZE: usize = 200;

/// Decides a command.
///
/// # Errors
/// The [`DomainError`] naming the first rule the command breaks.
pub fn decide(
    state: &State,
    command: &Command,
    actor: &Actor,
    now: Timestamp,
) -> Result<Vec<DomainEvent>, DomainError> {
    use Command as C;
    use DomainEvent as E;
    let event = match command {
        C::CreateMechanism(c) => {
            allow(actor, Action::CreateMechanism, Target::Whole)?;
            label("name_fr", &c.name_fr)?;
            label("name_en", &c.name_en)?;
            label("log_origin", &c.log_origin)?;
            if state.mechanisms.contains_key(&c.mechanism) {
                return Err(DomainError::DuplicateMechanism(c.mechanism.clone()));
            }
            E::MechanismCreated(c.clone())
        }
        C::JoinParty(c) => {
            allow(actor, Action::SetUpMechanism, Target::Whole)?;
            let m = mechanism(state, &c.mechanism)?;
            label("name_fr", &c.party.name_fr)?;
            label("name_en", &c.party.name_en)?;
            label("witness_key", &c.party.witness_key)?;
            if m.parties.contains_key(&c.party.id) {
                return Err(DomainError::DuplicateParty {
                    party: c.party.id.clone(),
                });
            }
            E::PartyJoined(c.clone())
        }
        C::SetQuota(c) => {
            let m = acting_in(state, &c.mechanism, actor, Action::SetUpMechanism)?;
            party(m, &c.party)?;
            E::QuotaSet(c.clone())
        }
        C::AddZone(c) => {
            let m = acting_in(state, &c.mechanism, actor, Action::SetUpMechanism)?;
            label("name_fr", &c.zone.name_fr)?;
            label("name_en", &c.zone.name_en)?;
            label("region", &c.zone.region)?;
            for v in &c.zone.variants {
                label("variants", v)?;
            }
            if c.zone.variants.len() > 20 {
                return Err(too_long("variants"));
            }
            c.zone.coord.check()?;
            if m.zones.contains_key(&c.zone.id) {
                return Err(DomainError::DuplicateZone {
                    zone: c.zone.id.clone(),
                });
            }
            E::ZoneAdded(c.clone())
        }
        C::RegisterMember(c) => {
            let m = officer_for(state, &c.mechanism, actor, &c.party)?;
            if m.members.contains_key(&c.service_number) {
                return Err(DomainError::DuplicateServiceNumber {
                    member: c.service_number.clone(),
                });
            }
            check_quota(m, c)?;
            E::MemberRegistered(c.clone())
        }
        C::UpdateMember(c) => {
            let m = mechanism(state, &c.mechanism)?;
            let member = member(m, &c.service_number)?;
            officer_for(state, &c.mechanism, actor, &member.party)?;
            E::MemberUpdated(c.clone())
        }
        C::OpenVetting(r) => {
            let (_, member) = vetting(state, r, actor)?;
            member.status.transition(VettingStatus::UnderReview)?;
            E::VettingOpened(act(r, actor, now))
        }
        C::ApproveVetting(r) => {
            let (_, member) = vetting(state, r, actor)?;
            member.status.transition(VettingStatus::Approved)?;
            if member.approvals.iter().any(|a| a.party == actor.party) {
                return Err(DomainError::VettingNeedsTwoParties {
                    member: member.service_number.clone(),
                    party: actor.party.clone(),
                });
            }
            let mut approvals = member.approvals.clone();
            approvals.push(Approval {
                officer: actor.user.clone(),
                party: actor.party.clone(),
                at: now,
            });
            let complete = vetting_rule_holds(&member.party, &approvals);
            E::VettingApproved(VettingApproved {
                act: act(r, actor, now),
                complete,
            })
        }
        C::RejectVetting { member: r, reason } => {
            let (_, member) = vetting(state, r, actor)?;
            member.status.transition(VettingStatus::Rejected)?;
            E::VettingRejected(VettingDecision {
                act: act(r, actor, now),
                reason: *reason,
            })
        }
        C::SuspendMember { member: r, reason } => {
            let (_, member) = vetting(state, r, actor)?;
            member.status.transition(VettingStatus::Suspended)?;
            E::MemberSuspended(VettingDecision {
                act: act(r, actor, now),
                reason: *reason,
            })
        }
        C::GrantLeave(c) => {
            c.period.check()?;
            let m = mechanism(state, &c.mechanism)?;
            let member = member(m, &c.service_number)?;
            officer_for(state, &c.mechanism, actor, &member.party)?;
            if let Some(p) = m
                .patrols_of(&c.service_number, &c.period)
                .find(|p| matches!(p.status, PatrolStatus::Planned | PatrolStatus::UnderWay))
            {
                return Err(DomainError::LeaveConflictsWithPatrol {
                    member: c.service_number.clone(),
                    patrol: p.id.clone(),
                });
            }
            E::LeaveGranted(c.clone())
        }
        C::PlanPatrol(c) => {
            let m = acting_in(state, &c.mechanism, actor, Action::CommandPatrol)?;
            E::PatrolPlanned(plan_patrol(m, c)?)
        }
        C::StartPatrol(r) => {
            let (_, p) = patrol(state, r, actor)?;
            p.status.transition(PatrolStatus::UnderWay)?;
            E::PatrolStarted(PatrolStarted {
                mechanism: r.mechanism.clone(),
                patrol: r.patrol.clone(),
                at: now,
            })
        }
        C::ReportPatrol { patrol: r, report } => {
            let m = mechanism(state, &r.mechanism)?;
            let p = find_patrol(m, r)?;
            allow(actor, Action::ReportPatrol, Target::Parties(&p.parties))?;
            p.status.transition(PatrolStatus::Completed)?;
            if report.observations.chars().count() > MAX_TEXT {
                return Err(too_long("observations"));
            }
            if report.outreach.len() > 100 {
                return Err(too_long("outreach"));
            }
            if report.departed >= report.returned {
                return Err(DomainError::InvalidWindow {
                    start: report.departed.0,
                    end: report.returned.0,
                });
            }
            E::PatrolReported(PatrolReported {
                mechanism: r.mechanism.clone(),
                patrol: r.patrol.clone(),
                report: report.clone(),
            })
        }
        C::EndorsePatrol { patrol: r, party } => {
            allow(actor, Action::EndorsePatrol, Target::Party(party))?;
            let m = mechanism(state, &r.mechanism)?;
            self::party(m, party)?;
            let p = find_patrol(m, r)?;
            if !p.parties.contains(party) {
                return Err(DomainError::NotOnPatrol {
                    party: party.clone(),
                });
            }
            if p.status != PatrolStatus::Completed {
                return Err(DomainError::InvalidTransition {
                    from: p.status.as_str(),
                    to: "endorsed",
                });
            }
            if p.endorsements.contains_key(party) {
                return Err(DomainError::AlreadyEndorsed {
                    party: party.clone(),
                    patrol: r.patrol.clone(),
                });
            }
            E::PatrolEndorsed(PatrolEndorsed {
                mechanism: r.mechanism.clone(),
                patrol: r.patrol.clone(),
                party: party.clone(),
                by: actor.user.clone(),
            })
        }
        C::AbortPatrol { patrol: r, reason } => {
            let (_, p) = patrol(state, r, actor)?;
            p.status.transition(PatrolStatus::Aborted)?;
            E::PatrolAborted(PatrolAborted {
                mechanism: r.mechanism.clone(),
                patrol: r.patrol.clone(),
                at: now,
                reason: *reason,
            })
        }
        C::ReportIncident(c) => {
            let m = acting_in(state, &c.mechanism, actor, Action::ReportIncident)?;
            incident::check_report(m, &c.incident, c.zone.as_ref(), &c.record)?;
            E::IncidentReported(IncidentReported {
                mechanism: c.mechanism.clone(),
                incident: c.incident.clone(),
                zone: c.zone.clone(),
                record: c.record.clone(),
                stamp: stamp(actor, now),
            })
        }
        C::AddIncidentSource {
            incident: r,
            source,
        } => {
            let m = acting_in(state, &r.mechanism, actor, Action::ReportIncident)?;
            let i = incident::find(m, &r.incident)?;
            incident::check_new_source(i, source)?;
            E::IncidentSourceAdded(IncidentSourceAdded {
                mechanism: r.mechanism.clone(),
                incident: r.incident.clone(),
                source: source.clone(),
                stamp: stamp(actor, now),
            })
        }
        C::RecordClaim { incident: r, claim } => {
            let m = acting_in(state, &r.mechanism, actor, Action::ReportIncident)?;
            let i = incident::find(m, &r.incident)?;
            incident::check_claim(m, i, claim)?;
            E::ClaimRecorded(ClaimRecorded {
                mechanism: r.mechanism.clone(),
                incident: r.incident.clone(),
                claim: claim.clone(),
                stamp: stamp(actor, now),
            })
        }
        C::OpenInvestigation { incident: r, team } => {
            let m = acting_in(state, &r.mechanism, actor, Action::ManageIncidents)?;
            let i = incident::find_open(m, &r.incident)?;
            i.status
                .transition(VerificationStatus::UnderInvestigation)?;
            incident::check_team(m, team)?;
            E::InvestigationOpened(InvestigationOpened {
                mechanism: r.mechanism.clone(),
                incident: r.incident.clone(),
                team: team.clone(),
                stamp: stamp(actor, now),
            })
        }
        C::FileFinding {
            incident: r,
            finding,
            text,
        } => {
            let m = acting_in(state, &r.mechanism, actor, Action::FileFinding)?;
            let i = incident::find_open(m, &r.incident)?;
            let open = i
                .investigations
                .last()
                .filter(|_| i.status == VerificationStatus::UnderInvestigation)
                .ok_or_else(|| DomainError::NoOpenInvestigation {
                    incident: r.incident.clone(),
                })?;
            let me = Investigator {
                party: actor.party.clone(),
                user: Some(actor.user.clone()),
            };
            if !open.team.contains(&me) {
                return Err(DomainError::NotInvestigator {
                    incident: r.incident.clone(),
                });
            }
            if open.findings.contains_key(&actor.party) {
                return Err(DomainError::FindingAlreadyFiled {
                    incident: r.incident.clone(),
                    party: actor.party.clone(),
                });
            }
            incident::text("text", text, MAX_TEXT)?;
            let stamp = stamp(actor, now);
            let mut findings = open.findings.clone();
            findings.insert(
                actor.party.clone(),
                FiledFinding {
                    finding: *finding,
                    text: text.clone(),
                    filed: stamp.clone(),
                },
            );
            E::FindingFiled(FindingFiled {
                mechanism: r.mechanism.clone(),
                incident: r.incident.clone(),
                finding: *finding,
                text: text.clone(),
                outcome: incident::outcome(open.parties(), &findings),
                stamp,
            })
        }
        C::MergeIncidents {
            mechanism: id,
            into,
            from,
            reason,
        } => {
            let m = acting_in(state, id, actor, Action::ManageIncidents)?;
            incident::find_open(m, into)?;
            let f = incident::find_open(m, from)?;
            if into == from {
                return Err(DomainError::InvalidField {
                    field: "from",
                    reason: "an incident cannot be merged into itself".into(),
                });
            }
            if f.status == VerificationStatus::UnderInvestigation {
                return Err(DomainError::UnderInvestigation {
                    incident: from.clone(),
                });
            }
            incident::text("reason", reason, MAX_TEXT)?;
            E::IncidentsMerged(IncidentsMerged {
                mechanism: id.clone(),
                into: into.clone(),
                from: from.clone(),
                reason: reason.clone(),
                stamp: stamp(actor, now),
            })
        }
        C::SplitIncident {
            incident: r,
            reason,
        } => {
            let m = acting_in(state, &r.mechanism, actor, Action::ManageIncidents)?;
            let i = incident::find(m, &r.incident)?;
            let into = i
                .merged_into
                .clone()
                .ok_or_else(|| DomainError::NotMerged {
                    incident: r.incident.clone(),
                })?;
            incident::text("reason", reason, MAX_TEXT)?;
            E::IncidentSplit(IncidentsMerged {
                mechanism: r.mechanism.clone(),
                into,
                from: r.incident.clone(),
                reason: reason.clone(),
                stamp: stamp(actor, now),
            })
        }
        C::ExportIdentities {
            mechanism: id,
            members,
        } => {
            let m = acting_in(state, id, actor, Action::ExportIdentities)?;
            E::IdentitiesExported(export_identities(m, id, members, actor, now)?)
        }
    };
    Ok(vec![event])
}

/// The patrol rules: known zone, members approved, not on leave, not on an
/// overlapping patrol, a qualified leader among them, and at least
/// `patrol_min_per_party` members of every contributing party.
fn plan_patrol(m: &Mechanism, c: &PlanPatrol) -> Result<PatrolPlanned, DomainError> {
    c.window.check()?;
    if m.patrols.contains_key(&c.patrol) {
        return Err(DomainError::DuplicatePatrol {
            patrol: c.patrol.clone(),
        });
    }
    if !m.zones.contains_key(&c.zone) {
        return Err(DomainError::UnknownZone {
            zone: c.zone.clone(),
        });
    }
    if c.route.len() > MAX_PATROL_SIZE {
        return Err(too_long("route"));
    }
    for w in &c.route {
        w.check()?;
    }
    if c.members.is_empty() || c.members.len() > MAX_PATROL_SIZE {
        return Err(DomainError::InvalidField {
            field: "members",
            reason: format!("between 1 and {MAX_PATROL_SIZE} members"),
        });
    }
    let mut seen = BTreeSet::new();
    for s in &c.members {
        if !seen.insert(s) {
            return Err(DomainError::DuplicateMemberOnPatrol { member: s.clone() });
        }
    }
    if let Some(fault) = crew_faults(m, None, &c.window, &c.members, &c.leader)
        .into_iter()
        .next()
    {
        return Err(fault);
    }
    Ok(PatrolPlanned {
        mechanism: c.mechanism.clone(),
        patrol: c.patrol.clone(),
        zone: c.zone.clone(),
        route: c.route.clone(),
        window: c.window,
        members: c.members.clone(),
        leader: c.leader.clone(),
        parties: parties_of(m, &c.members),
    })
}

/// Every rule of a patrol's crew that `members` led by `leader` over
/// `window` breaks in `m`, in the order planning checks them: each
/// member known, approved, not on leave, not on another patrol (`itself`,
/// a planned patrol's own id, does not count), the leader on the crew and
/// a patrol leader by function, and every contributing party with its
/// minimum. Planning refuses the first; the roster page lists them all
/// for patrols already planned, which a later suspension can break.
pub(crate) fn crew_faults(
    m: &Mechanism,
    itself: Option<&PatrolId>,
    window: &Window,
    members: &[ServiceNumber],
    leader: &ServiceNumber,
) -> Vec<DomainError> {
    let mut faults = Vec::new();
    let mut per_party: BTreeMap<&PartyId, u32> = BTreeMap::new();
    for s in members {
        let x = match member(m, s) {
            Ok(x) => x,
            Err(e) => {
                faults.push(e);
                continue;
            }
        };
        if x.status != VettingStatus::Approved {
            faults.push(DomainError::NotApproved { member: s.clone() });
        }
        if let Some(l) = x.on_leave_during(window) {
            faults.push(DomainError::OnLeave {
                member: s.clone(),
                leave_start: l.start.0,
                leave_end: l.end.0,
            });
        }
        if let Some(other) = m.patrols_of(s, window).find(|p| Some(&p.id) != itself) {
            faults.push(DomainError::DoubleBooked {
                member: s.clone(),
                other: other.id.clone(),
            });
        }
        *per_party.entry(&x.party).or_default() += 1;
    }
    let leader_ok = members.contains(leader)
        && m.members
            .get(leader)
            .is_some_and(|l| l.roles.contains(&MemberRole::PatrolLeader));
    if !leader_ok {
        faults.push(DomainError::InvalidLeader {
            member: leader.clone(),
        });
    }
    for p in m.contributing_parties() {
        let got = per_party.get(&p.id).copied().unwrap_or(0);
        if got < m.patrol_min_per_party {
            faults.push(DomainError::MissingParty {
                party: p.id.clone(),
                needed: m.patrol_min_per_party,
                got,
            });
        }
    }
    faults
}

/// The rules a planned patrol breaks now ([`crew_faults`]): none when it
/// was planned, but a member suspended since, say, shows here. Aborted
/// and completed patrols are history and break nothing.
#[must_use]
pub fn patrol_faults(m: &Mechanism, p: &Patrol) -> Vec<DomainError> {
    if matches!(p.status, PatrolStatus::Aborted | PatrolStatus::Completed) {
        return Vec::new();
    }
    crew_faults(m, Some(&p.id), &p.window, &p.members, &p.leader)
}

/// The export rule: at most [`MAX_PATROL_SIZE`] distinct, known members,
/// each of the officer's own party or under review (vetting is the only
/// reason to read another party's records).
fn export_identities(
    m: &Mechanism,
    id: &MechanismId,
    members: &[crate::ids::ServiceNumber],
    actor: &Actor,
    now: Timestamp,
) -> Result<IdentitiesExported, DomainError> {
    if members.is_empty() || members.len() > MAX_PATROL_SIZE {
        return Err(DomainError::InvalidField {
            field: "members",
            reason: format!("between 1 and {MAX_PATROL_SIZE} members"),
        });
    }
    let mut seen = BTreeSet::new();
    for s in members {
        if !seen.insert(s) {
            return Err(DomainError::InvalidField {
                field: "members",
                reason: format!("{s} is listed twice"),
            });
        }
        let x = member(m, s)?;
        if x.party != actor.party && x.status != VettingStatus::UnderReview {
            return Err(DomainError::NotUnderReview { member: s.clone() });
        }
    }
    Ok(IdentitiesExported {
        mechanism: id.clone(),
        members: members.to_vec(),
        officer: actor.user.clone(),
        officer_party: actor.party.clone(),
        at: now,
    })
}

/// Refuses a registration that would take the party over `target +
/// tolerance` in the unit. A unit without a quota for the party has no
/// limit.
fn check_quota(m: &Mechanism, c: &MemberRegistered) -> Result<(), DomainError> {
    let Some(q) = m.quotas.get(&c.unit).and_then(|u| u.get(&c.party)) else {
        return Ok(());
    };
    let current = m.quota_count(&c.unit, &c.party);
    if u64::from(current) + 1 > u64::from(q.target) + u64::from(q.tolerance) {
        return Err(DomainError::QuotaExceeded {
            party: c.party.clone(),
            unit: c.unit.clone(),
            target: q.target,
            tolerance: q.tolerance,
            current,
        });
    }
    Ok(())
}

/// The policy's answer for a signed-in actor ([`authorize`]).
fn allow(actor: &Actor, action: Action, target: Target<'_>) -> Result<(), DomainError> {
    authorize(Some(actor), action, target)
}

fn mechanism<'a>(state: &'a State, id: &MechanismId) -> Result<&'a Mechanism, DomainError> {
    state
        .mechanisms
        .get(id)
        .ok_or_else(|| DomainError::UnknownMechanism(id.clone()))
}

fn party(m: &Mechanism, id: &PartyId) -> Result<(), DomainError> {
    if m.parties.contains_key(id) {
        Ok(())
    } else {
        Err(DomainError::UnknownParty { party: id.clone() })
    }
}

fn member<'a>(m: &'a Mechanism, s: &crate::ids::ServiceNumber) -> Result<&'a Member, DomainError> {
    m.members
        .get(s)
        .ok_or_else(|| DomainError::UnknownMember { member: s.clone() })
}

fn find_patrol<'a>(m: &'a Mechanism, r: &PatrolRef) -> Result<&'a Patrol, DomainError> {
    m.patrols
        .get(&r.patrol)
        .ok_or_else(|| DomainError::UnknownPatrol {
            patrol: r.patrol.clone(),
        })
}

/// An actor allowed `action` in a mechanism its party belongs to.
fn acting_in<'a>(
    state: &'a State,
    id: &MechanismId,
    actor: &Actor,
    action: Action,
) -> Result<&'a Mechanism, DomainError> {
    allow(actor, action, Target::Whole)?;
    let m = mechanism(state, id)?;
    party(m, &actor.party)?;
    Ok(m)
}

/// A party officer acting for `target` (its own party) in the mechanism.
fn officer_for<'a>(
    state: &'a State,
    id: &MechanismId,
    actor: &Actor,
    target: &PartyId,
) -> Result<&'a Mechanism, DomainError> {
    allow(actor, Action::ManageMember, Target::Party(target))?;
    let m = mechanism(state, id)?;
    party(m, target)?;
    Ok(m)
}

/// A vetting officer of a party of the mechanism, and the member addressed.
fn vetting<'a>(
    state: &'a State,
    r: &MemberRef,
    actor: &Actor,
) -> Result<(&'a Mechanism, &'a Member), DomainError> {
    allow(actor, Action::Vet, Target::Whole)?;
    let m = mechanism(state, &r.mechanism)?;
    party(m, &actor.party)?;
    Ok((m, member(m, &r.service_number)?))
}

fn patrol<'a>(
    state: &'a State,
    r: &PatrolRef,
    actor: &Actor,
) -> Result<(&'a Mechanism, &'a Patrol), DomainError> {
    let m = acting_in(state, &r.mechanism, actor, Action::CommandPatrol)?;
    Ok((m, find_patrol(m, r)?))
}

fn stamp(actor: &Actor, now: Timestamp) -> Stamp {
    Stamp {
        by: Some(actor.user.clone()),
        party: actor.party.clone(),
        at: now,
    }
}

fn act(r: &MemberRef, actor: &Actor, now: Timestamp) -> VettingAct {
    VettingAct {
        mechanism: r.mechanism.clone(),
        service_number: r.service_number.clone(),
        officer: actor.user.clone(),
        officer_party: actor.party.clone(),
        at: now,
    }
}

fn label(field: &'static str, value: &str) -> Result<(), DomainError> {
    if value.trim().is_empty() || value.chars().count() > MAX_LABEL {
        return Err(DomainError::InvalidField {
            field,
            reason: format!("must be 1 to {MAX_LABEL} characters"),
        });
    }
    Ok(())
}

fn too_long(field: &'static str) -> DomainError {
    DomainError::InvalidField {
        field,
        reason: "too long".into(),
    }
}
