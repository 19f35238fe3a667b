//! The one error type of the domain. Each variant carries the ids and numbers
//! a user needs to understand the refusal (the CLI and API translate them);
//! [`DomainError::category`] separates "not found", "rejected by a rule" and
//! "malformed input".

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
            | UnknownPatrol { .. } => ErrorCategory::NotFound,
            InvalidCode { .. }
            | InvalidWindow { .. }
            | InvalidCoordinates { .. }
            | InvalidField { .. }
            | UnknownEventKind(_)
            | BadPayload { .. } => ErrorCategory::Invalid,
            WrongParty { .. } | MissingRole { .. } | NotOnPatrol { .. } | NotUnderReview { .. } => {
                ErrorCategory::Forbidden
            }
            SignInRequired { .. } => ErrorCategory::Unauthenticated,
            _ => ErrorCategory::Rejected,
        }
    }
}
