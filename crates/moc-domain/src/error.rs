//! The one error type of the domain. Each variant carries the ids and numbers
//! a user needs to understand the refusal (the CLI and API translate them);
//! [`DomainError::category`] separates "not found", "rejected by a rule" and
//! "malformed input".

use serde_json::{Value, json};
use thiserror::Error;

use crate::ids::{IncidentId, MechanismId, PartyId, PatrolId, ServiceNumber, UnitId, ZoneId};

/// Why a command was refused or a payload could not be read.
#[derive(Clone, PartialEq, Eq, Debug, Error)]
#[non_exhaustive]
pub enum DomainError {
    /// An identifier or code is malformed.
    #[error("invalid {what}: {value:?}")]
    InvalidCode {
        /// What kind of code.
        what: &'static str,
        /// The value (truncated; redacted for commitments).
        value: String,
    },
    /// A time window ends before it starts.
    #[error("invalid time window: start {start} is not before end {end}")]
    InvalidWindow {
        /// Start (Unix seconds).
        start: i64,
        /// End (Unix seconds).
        end: i64,
    },
    /// Coordinates out of range.
    #[error("invalid coordinates: lat {lat_e6}e-6, lon {lon_e6}e-6")]
    InvalidCoordinates {
        /// Latitude × 1e6.
        lat_e6: i32,
        /// Longitude × 1e6.
        lon_e6: i32,
    },
    /// A text or a list is too long or empty where it must not be.
    #[error("{field}: {reason}")]
    InvalidField {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// No such mechanism.
    #[error("unknown mechanism {0}")]
    UnknownMechanism(MechanismId),
    /// The mechanism exists already.
    #[error("mechanism {0} already exists")]
    DuplicateMechanism(MechanismId),
    /// The party is not part of the mechanism.
    #[error("unknown party {party}")]
    UnknownParty {
        /// The party.
        party: PartyId,
    },
    /// The party has joined already.
    #[error("party {party} has already joined")]
    DuplicateParty {
        /// The party.
        party: PartyId,
    },
    /// No such zone.
    #[error("unknown zone {zone}")]
    UnknownZone {
        /// The zone.
        zone: ZoneId,
    },
    /// The zone exists already.
    #[error("zone {zone} already exists")]
    DuplicateZone {
        /// The zone.
        zone: ZoneId,
    },
    /// No such member.
    #[error("unknown member {member}")]
    UnknownMember {
        /// The service number.
        member: ServiceNumber,
    },
    /// The service number is taken in this mechanism.
    #[error("service number {member} is already registered")]
    DuplicateServiceNumber {
        /// The service number.
        member: ServiceNumber,
    },
    /// The registration would take the party over its hard quota.
    #[error(
        "quota exceeded for {party} in {unit}: target {target}, tolerance {tolerance}, already {current}"
    )]
    QuotaExceeded {
        /// The party.
        party: PartyId,
        /// The unit.
        unit: UnitId,
        /// Target.
        target: u32,
        /// Tolerance.
        tolerance: u32,
        /// Members already counted.
        current: u32,
    },
    /// The member is not approved (or was suspended).
    #[error("member {member} is not approved")]
    NotApproved {
        /// The member.
        member: ServiceNumber,
    },
    /// The member is on leave during the window.
    #[error("member {member} is on leave from {leave_start} to {leave_end}")]
    OnLeave {
        /// The member.
        member: ServiceNumber,
        /// Leave start (Unix seconds).
        leave_start: i64,
        /// Leave end (Unix seconds).
        leave_end: i64,
    },
    /// The member is on another patrol whose window overlaps.
    #[error("member {member} is already on patrol {other} at that time")]
    DoubleBooked {
        /// The member.
        member: ServiceNumber,
        /// The other patrol.
        other: PatrolId,
    },
    /// A party has too few members on the patrol.
    #[error("patrol needs at least {needed} member(s) of {party}, has {got}")]
    MissingParty {
        /// The party.
        party: PartyId,
        /// Needed.
        needed: u32,
        /// Present.
        got: u32,
    },
    /// The patrol leader is not among the members or not qualified.
    #[error("leader {member} is not a patrol leader among the members")]
    InvalidLeader {
        /// The leader.
        member: ServiceNumber,
    },
    /// The same member is listed twice.
    #[error("member {member} is listed twice")]
    DuplicateMemberOnPatrol {
        /// The member.
        member: ServiceNumber,
    },
    /// This party already approved; approval needs a second, different party.
    #[error(
        "member {member} already has an approval from {party}; approval needs vetting officers of two different parties, one not the member's own"
    )]
    VettingNeedsTwoParties {
        /// The member.
        member: ServiceNumber,
        /// The party that approved again.
        party: PartyId,
    },
    /// The party had no members on the patrol.
    #[error("party {party} had no members on the patrol")]
    NotOnPatrol {
        /// The party.
        party: PartyId,
    },
    /// The party has endorsed already.
    #[error("party {party} has already endorsed patrol {patrol}")]
    AlreadyEndorsed {
        /// The party.
        party: PartyId,
        /// The patrol.
        patrol: PatrolId,
    },
    /// An officer acted for another party.
    #[error("an officer of {actor_party} cannot act for {target_party}")]
    WrongParty {
        /// The actor's party.
        actor_party: PartyId,
        /// The party acted for.
        target_party: PartyId,
    },
    /// Another party's member whose records are not needed for vetting.
    #[error(
        "member {member} is of another party and not under review: their record is not yours to read"
    )]
    NotUnderReview {
        /// The member.
        member: ServiceNumber,
    },
    /// Only a signed-in account may do this.
    #[error("sign in to {action}")]
    SignInRequired {
        /// The action's code.
        action: &'static str,
    },
    /// The actor lacks a role.
    #[error("role {role} is required")]
    MissingRole {
        /// The role's code.
        role: &'static str,
    },
    /// A status change the transition table forbids.
    #[error("cannot go from {from} to {to}")]
    InvalidTransition {
        /// Current status.
        from: &'static str,
        /// Requested status.
        to: &'static str,
    },
    /// No such patrol.
    #[error("unknown patrol {patrol}")]
    UnknownPatrol {
        /// The patrol.
        patrol: PatrolId,
    },
    /// The patrol id is taken.
    #[error("patrol {patrol} already exists")]
    DuplicatePatrol {
        /// The patrol.
        patrol: PatrolId,
    },
    /// Leave would clash with a patrol the member is on.
    #[error("member {member} is on patrol {patrol} during that leave")]
    LeaveConflictsWithPatrol {
        /// The member.
        member: ServiceNumber,
        /// The patrol.
        patrol: PatrolId,
    },
    /// The incident id is taken.
    #[error("incident {incident} already exists")]
    DuplicateIncident {
        /// The incident.
        incident: IncidentId,
    },
    /// An incident record breaks a rule of the format.
    #[error("incident record, {field}: {reason}")]
    InvalidRecord {
        /// The field (`sources[2].date`).
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// No such incident.
    #[error("unknown incident {incident}")]
    UnknownIncident {
        /// The incident.
        incident: IncidentId,
    },
    /// The incident was merged into another: act on that one.
    #[error("incident {incident} was merged into {into}")]
    IncidentMerged {
        /// The incident.
        incident: IncidentId,
        /// The one it was merged into.
        into: IncidentId,
    },
    /// The incident was not merged into another, so there is nothing to
    /// split.
    #[error("incident {incident} is not merged into another")]
    NotMerged {
        /// The incident.
        incident: IncidentId,
    },
    /// The incident is under investigation.
    #[error("incident {incident} is under investigation")]
    UnderInvestigation {
        /// The incident.
        incident: IncidentId,
    },
    /// An investigating team needs two contributing parties and an
    /// observer.
    #[error(
        "a joint team needs two parties or more and an observer: {parties} parties, {observers} observers"
    )]
    TeamNotJoint {
        /// Contributing parties on the team.
        parties: u32,
        /// Observer missions on the team.
        observers: u32,
    },
    /// The actor is not on the incident's investigating team.
    #[error("not on the team investigating incident {incident}")]
    NotInvestigator {
        /// The incident.
        incident: IncidentId,
    },
    /// No investigation of the incident is open.
    #[error("no investigation of incident {incident} is open")]
    NoOpenInvestigation {
        /// The incident.
        incident: IncidentId,
    },
    /// The party has filed its finding already.
    #[error("party {party} has already filed its finding on incident {incident}")]
    FindingAlreadyFiled {
        /// The incident.
        incident: IncidentId,
        /// The party.
        party: PartyId,
    },
    /// The incident has this source already.
    #[error("incident {incident} already has this source from {outlet}")]
    DuplicateSource {
        /// The incident.
        incident: IncidentId,
        /// The source's outlet.
        outlet: String,
    },
    /// An event kind this version does not know.
    #[error("unknown event kind {0:?}")]
    UnknownEventKind(String),
    /// A payload that does not match its kind.
    #[error("bad payload for {kind}: {reason}")]
    BadPayload {
        /// The event kind.
        kind: &'static str,
        /// The parser's message.
        reason: String,
    },
}

/// Every [`DomainError::code_and_details`] code: the translation files
/// have a `domain-<code>` message for each.
pub const ERROR_CODES: &[&str] = &[
    "invalid-code",
    "invalid-window",
    "invalid-coordinates",
    "invalid-field",
    "unknown-mechanism",
    "duplicate-mechanism",
    "unknown-party",
    "duplicate-party",
    "unknown-zone",
    "duplicate-zone",
    "unknown-member",
    "duplicate-service-number",
    "quota-exceeded",
    "not-approved",
    "on-leave",
    "double-booked",
    "missing-party",
    "invalid-leader",
    "duplicate-member-on-patrol",
    "vetting-needs-two-parties",
    "not-on-patrol",
    "already-endorsed",
    "wrong-party",
    "missing-role",
    "sign-in-required",
    "not-under-review",
    "invalid-transition",
    "unknown-patrol",
    "duplicate-patrol",
    "leave-conflicts-with-patrol",
    "duplicate-incident",
    "invalid-record",
    "unknown-incident",
    "incident-merged",
    "not-merged",
    "under-investigation",
    "team-not-joint",
    "not-investigator",
    "no-open-investigation",
    "finding-already-filed",
    "duplicate-source",
    "unknown-event-kind",
    "bad-payload",
];

/// The broad class of an error, for mapping to exit codes or HTTP statuses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ErrorCategory {
    /// Something named does not exist.
    NotFound,
    /// The input is malformed.
    Invalid,
    /// The actor may not do this.
    Forbidden,
    /// A domain rule refused it.
    Rejected,
    /// Nobody is signed in, and the action needs an account.
    Unauthenticated,
}

impl DomainError {
    /// The error's broad class.
    #[must_use]
    pub fn category(&self) -> ErrorCategory {
        use DomainError::*;
        match self {
            UnknownMechanism(_)
            | UnknownParty { .. }
            | UnknownZone { .. }
            | UnknownMember { .. }
            | UnknownPatrol { .. }
            | UnknownIncident { .. } => ErrorCategory::NotFound,
            InvalidCode { .. }
            | InvalidWindow { .. }
            | InvalidCoordinates { .. }
            | InvalidField { .. }
            | InvalidRecord { .. }
            | UnknownEventKind(_)
            | BadPayload { .. } => ErrorCategory::Invalid,
            WrongParty { .. }
            | MissingRole { .. }
            | NotOnPatrol { .. }
            | NotUnderReview { .. }
            | NotInvestigator { .. } => ErrorCategory::Forbidden,
            SignInRequired { .. } => ErrorCategory::Unauthenticated,
            _ => ErrorCategory::Rejected,
        }
    }

    /// The error's code (its variant, kebab-case) and the ids and numbers
    /// it carries, by name: what an API answer's extension members and a
    /// translated message are made of.
    pub fn code_and_details(&self) -> (&'static str, Value) {
        use DomainError as D;
        match self {
            D::InvalidCode { what, value } => {
                ("invalid-code", json!({"what": what, "value": value}))
            }
            D::InvalidWindow { start, end } => {
                ("invalid-window", json!({"start": start, "end": end}))
            }
            D::InvalidCoordinates { lat_e6, lon_e6 } => (
                "invalid-coordinates",
                json!({"lat_e6": lat_e6, "lon_e6": lon_e6}),
            ),
            D::InvalidField { field, reason } => {
                ("invalid-field", json!({"field": field, "reason": reason}))
            }
            D::UnknownMechanism(m) => ("unknown-mechanism", json!({"mechanism": m.as_str()})),
            D::DuplicateMechanism(m) => ("duplicate-mechanism", json!({"mechanism": m.as_str()})),
            D::UnknownParty { party } => ("unknown-party", json!({"party": party.as_str()})),
            D::DuplicateParty { party } => ("duplicate-party", json!({"party": party.as_str()})),
            D::UnknownZone { zone } => ("unknown-zone", json!({"zone": zone.as_str()})),
            D::DuplicateZone { zone } => ("duplicate-zone", json!({"zone": zone.as_str()})),
            D::UnknownMember { member } => ("unknown-member", json!({"member": member.as_str()})),
            D::DuplicateServiceNumber { member } => (
                "duplicate-service-number",
                json!({"member": member.as_str()}),
            ),
            D::QuotaExceeded {
                party,
                unit,
                target,
                tolerance,
                current,
            } => (
                "quota-exceeded",
                json!({
                    "party": party.as_str(),
                    "unit": unit.as_str(),
                    "target": target,
                    "tolerance": tolerance,
                    "current": current,
                }),
            ),
            D::NotApproved { member } => ("not-approved", json!({"member": member.as_str()})),
            D::OnLeave {
                member,
                leave_start,
                leave_end,
            } => (
                "on-leave",
                json!({
                    "member": member.as_str(),
                    "leave_start": leave_start,
                    "leave_end": leave_end,
                }),
            ),
            D::DoubleBooked { member, other } => (
                "double-booked",
                json!({"member": member.as_str(), "other": other.as_str()}),
            ),
            D::MissingParty { party, needed, got } => (
                "missing-party",
                json!({"party": party.as_str(), "needed": needed, "got": got}),
            ),
            D::InvalidLeader { member } => ("invalid-leader", json!({"member": member.as_str()})),
            D::DuplicateMemberOnPatrol { member } => (
                "duplicate-member-on-patrol",
                json!({"member": member.as_str()}),
            ),
            D::VettingNeedsTwoParties { member, party } => (
                "vetting-needs-two-parties",
                json!({"member": member.as_str(), "party": party.as_str()}),
            ),
            D::NotOnPatrol { party } => ("not-on-patrol", json!({"party": party.as_str()})),
            D::AlreadyEndorsed { party, patrol } => (
                "already-endorsed",
                json!({"party": party.as_str(), "patrol": patrol.as_str()}),
            ),
            D::WrongParty {
                actor_party,
                target_party,
            } => (
                "wrong-party",
                json!({"actor_party": actor_party.as_str(), "target_party": target_party.as_str()}),
            ),
            D::MissingRole { role } => ("missing-role", json!({"role": role})),
            D::SignInRequired { action } => ("sign-in-required", json!({"action": action})),
            D::NotUnderReview { member } => {
                ("not-under-review", json!({"member": member.as_str()}))
            }
            D::InvalidTransition { from, to } => {
                ("invalid-transition", json!({"from": from, "to": to}))
            }
            D::UnknownPatrol { patrol } => ("unknown-patrol", json!({"patrol": patrol.as_str()})),
            D::DuplicatePatrol { patrol } => {
                ("duplicate-patrol", json!({"patrol": patrol.as_str()}))
            }
            D::LeaveConflictsWithPatrol { member, patrol } => (
                "leave-conflicts-with-patrol",
                json!({"member": member.as_str(), "patrol": patrol.as_str()}),
            ),
            D::DuplicateIncident { incident } => {
                ("duplicate-incident", json!({"incident": incident.as_str()}))
            }
            D::InvalidRecord { field, reason } => {
                ("invalid-record", json!({"field": field, "reason": reason}))
            }
            D::UnknownIncident { incident } => {
                ("unknown-incident", json!({"incident": incident.as_str()}))
            }
            D::IncidentMerged { incident, into } => (
                "incident-merged",
                json!({"incident": incident.as_str(), "into": into.as_str()}),
            ),
            D::NotMerged { incident } => ("not-merged", json!({"incident": incident.as_str()})),
            D::UnderInvestigation { incident } => (
                "under-investigation",
                json!({"incident": incident.as_str()}),
            ),
            D::TeamNotJoint { parties, observers } => (
                "team-not-joint",
                json!({"parties": parties, "observers": observers}),
            ),
            D::NotInvestigator { incident } => {
                ("not-investigator", json!({"incident": incident.as_str()}))
            }
            D::NoOpenInvestigation { incident } => (
                "no-open-investigation",
                json!({"incident": incident.as_str()}),
            ),
            D::FindingAlreadyFiled { incident, party } => (
                "finding-already-filed",
                json!({"incident": incident.as_str(), "party": party.as_str()}),
            ),
            D::DuplicateSource { incident, outlet } => (
                "duplicate-source",
                json!({"incident": incident.as_str(), "outlet": outlet}),
            ),
            D::UnknownEventKind(kind) => ("unknown-event-kind", json!({"kind": kind})),
            D::BadPayload { kind, reason } => {
                ("bad-payload", json!({"kind": kind, "reason": reason}))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{IncidentId, MechanismId, PartyId, PatrolId, ServiceNumber, UnitId, ZoneId};

    #[test]
    fn every_variant_has_a_listed_code_and_its_details() {
        let m = || MechanismId::new("moc-gao").unwrap();
        let p = || PartyId::new("cma").unwrap();
        let s = || ServiceNumber::new("CMA-0001").unwrap();
        let t = || PatrolId::new("p1").unwrap();
        let i = || IncidentId::new("i1").unwrap();
        use DomainError as D;
        let all = [
            D::InvalidCode {
                what: "party",
                value: "x".into(),
            },
            D::InvalidWindow { start: 2, end: 1 },
            D::InvalidCoordinates {
                lat_e6: 1,
                lon_e6: 2,
            },
            D::InvalidField {
                field: "route",
                reason: "too long".into(),
            },
            D::UnknownMechanism(m()),
            D::DuplicateMechanism(m()),
            D::UnknownParty { party: p() },
            D::DuplicateParty { party: p() },
            D::UnknownZone {
                zone: ZoneId::new("gao").unwrap(),
            },
            D::DuplicateZone {
                zone: ZoneId::new("gao").unwrap(),
            },
            D::UnknownMember { member: s() },
            D::DuplicateServiceNumber { member: s() },
            D::QuotaExceeded {
                party: p(),
                unit: UnitId::new("u").unwrap(),
                target: 1,
                tolerance: 0,
                current: 1,
            },
            D::NotApproved { member: s() },
            D::OnLeave {
                member: s(),
                leave_start: 1,
                leave_end: 2,
            },
            D::DoubleBooked {
                member: s(),
                other: t(),
            },
            D::MissingParty {
                party: p(),
                needed: 2,
                got: 1,
            },
            D::InvalidLeader { member: s() },
            D::DuplicateMemberOnPatrol { member: s() },
            D::VettingNeedsTwoParties {
                member: s(),
                party: p(),
            },
            D::NotOnPatrol { party: p() },
            D::AlreadyEndorsed {
                party: p(),
                patrol: t(),
            },
            D::WrongParty {
                actor_party: p(),
                target_party: PartyId::new("fama").unwrap(),
            },
            D::MissingRole {
                role: "party-officer",
            },
            D::SignInRequired {
                action: "read-members",
            },
            D::NotUnderReview { member: s() },
            D::InvalidTransition {
                from: "planned",
                to: "completed",
            },
            D::UnknownPatrol { patrol: t() },
            D::DuplicatePatrol { patrol: t() },
            D::LeaveConflictsWithPatrol {
                member: s(),
                patrol: t(),
            },
            D::DuplicateIncident {
                incident: IncidentId::new("i1").unwrap(),
            },
            D::InvalidRecord {
                field: "sources[0].date".into(),
                reason: "not a date".into(),
            },
            D::UnknownIncident { incident: i() },
            D::IncidentMerged {
                incident: i(),
                into: IncidentId::new("i2").unwrap(),
            },
            D::NotMerged { incident: i() },
            D::UnderInvestigation { incident: i() },
            D::TeamNotJoint {
                parties: 1,
                observers: 0,
            },
            D::NotInvestigator { incident: i() },
            D::NoOpenInvestigation { incident: i() },
            D::FindingAlreadyFiled {
                incident: i(),
                party: p(),
            },
            D::DuplicateSource {
                incident: i(),
                outlet: "RFI".into(),
            },
            D::UnknownEventKind("x".into()),
            D::BadPayload {
                kind: "quota-set",
                reason: "missing field".into(),
            },
        ];
        let codes: Vec<&str> = all.iter().map(|e| e.code_and_details().0).collect();
        assert_eq!(codes, ERROR_CODES);
        for e in &all {
            let (code, details) = e.code_and_details();
            let details = details.as_object().unwrap();
            assert!(!details.is_empty(), "{code}");
            for v in details.values() {
                assert!(v.is_string() || v.is_number(), "{code}: {v}");
            }
        }
    }
}
