//! moc's domain: the rules of a joint military mechanism as pure functions.
//!
//! A mechanism (the MOC in Gao, the Mali–Mauritania joint patrols) brings
//! former enemies together: parties put members into mixed units under
//! quotas, members are vetted by officers of more than one party, and mixed
//! patrols go out and are endorsed by every party that had members on them.
//!
//! **Key design decision:** event sourcing with no I/O. [`decide`] takes the
//! [`State`], a [`Command`], the [`Actor`] and the time, and returns the
//! [`DomainEvent`]s to record or a [`DomainError`]; [`State::apply`] folds an
//! event. Time and ids come in with the command, so replaying the log's
//! events from an empty state gives the same state, which the tests check
//! with random command sequences. Each event maps to one ledger entry
//! through [`DomainEvent::kind`] and [`DomainEvent::to_payload`], and back
//! through the strict [`DomainEvent::from_kind_payload`].
//!
//! **Identities never enter events.** A member event holds a service
//! number, codes (rank, roles, languages) and an [`IdentityCommitment`]; no
//! field takes free text, so a name has nowhere to go.
//!
//! # In scope
//! - Mechanisms, parties, zones, quotas and their deviations
//!   ([`Mechanism::quota_status`]).
//! - Members, leave, and vetting (two parties, one not the member's own).
//! - Patrols: composition, planning, start, report, abort, endorsement.
//! - Incidents ([`incident`]): ACLED-compatible records with every
//!   source's figures, claims, joint verification, merge and split.
//! - The domain's own permission rules: an officer acts for its own party,
//!   vetting needs a vetting officer, set-up and planning need a joint
//!   commander.
//! - A deterministic demo ([`demo`]) produced by running the real rules.
//!
//! # Out of scope
//! - Signing, appending and proving (`moc-ledger`), storage and SQL
//!   projections, accounts and the full authorisation matrix, personal data
//!   and the computing of commitments, roster optimisation (`moc-roster`),
//!   the incident formats and their import and export (`moc-incidents`).

pub mod access;
mod command;
mod decide;
pub mod demo;
mod error;
mod event;
mod ids;
pub mod incident;
mod model;
#[cfg(feature = "openapi")]
mod openapi;
mod state;

pub use command::{Command, IncidentRef, MemberRef, PatrolRef, PlanPatrol, ReportIncident};
pub use decide::{MAX_PATROL_SIZE, decide, patrol_faults};
pub use error::{DomainError, ERROR_CODES, ErrorCategory};
pub use event::{
    ClaimRecorded, DomainEvent, FindingFiled, IdentitiesExported, IncidentReported,
    IncidentSourceAdded, IncidentsMerged, InvestigationOpened, KINDS, LeaveGranted,
    MechanismCreated, MemberRegistered, MemberUpdated, PartyJoined, PatrolAborted, PatrolEndorsed,
    PatrolPlanned, PatrolReported, PatrolStarted, QuotaSet, VettingAct, VettingApproved,
    VettingDecision, ZoneAdded,
};
pub use ids::{
    Code, Coord, Date, IdentityCommitment, IncidentId, MechanismId, PartyId, PatrolId,
    ServiceNumber, Timestamp, UnitId, UserId, Window, ZoneId,
};
pub use incident::{
    Claim, ClaimKind, Finding, Incident, IncidentView, Investigator, Speaker, Stamp,
    VerificationStatus,
};
pub use moc_incidents;
pub use model::{
    AbortReason, Actor, AirSupport, Approval, Language, Lifecycle, MAX_LABEL, MAX_TEXT, Member,
    MemberRole, Outreach, OutreachItem, Party, PartyKind, Patrol, PatrolReport, PatrolStatus,
    Quota, Rank, Role, VettingReason, VettingStatus, Zone, vetting_rule_holds,
};
pub use state::{Mechanism, QuotaLine, State};

#[cfg(test)]
mod tests;
