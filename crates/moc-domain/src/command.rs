//! Commands: what a user asks for. [`crate::decide`] turns one into events or
//! refuses it. Where a command carries exactly its event's data, it reuses
//! the event's payload type; the others leave out what the domain fills in
//! (the acting officer, the time, the derived approval outcome).

use serde::{Deserialize, Serialize};

use crate::event::{
    LeaveGranted, MechanismCreated, MemberRegistered, MemberUpdated, PartyJoined, QuotaSet,
    ZoneAdded,
};
use moc_incidents::{IncidentRecord, Source};

use crate::ids::{
    Coord, IncidentId, MechanismId, PartyId, PatrolId, ServiceNumber, Window, ZoneId,
};
use crate::incident::{Claim, Finding, Investigator};
use crate::model::{AbortReason, PatrolReport, VettingReason};

/// A member addressed in a mechanism.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRef {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The member.
    pub service_number: ServiceNumber,
}

/// A patrol addressed in a mechanism.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatrolRef {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The patrol.
    pub patrol: PatrolId,
}

/// An incident addressed in a mechanism.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentRef {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The incident.
    pub incident: IncidentId,
}

/// A patrol plan. The parties to endorse are derived from the members.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanPatrol {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The new patrol's id.
    pub patrol: PatrolId,
    /// The zone.
    pub zone: ZoneId,
    /// Waypoints.
    pub route: Vec<Coord>,
    /// Planned window.
    pub window: Window,
    /// Members, leader included.
    pub members: Vec<ServiceNumber>,
    /// The leader.
    pub leader: ServiceNumber,
}

/// A new incident.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportIncident {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The new incident's id.
    pub incident: IncidentId,
    /// The mechanism's zone it happened in, if any.
    #[serde(default)]
    pub zone: Option<ZoneId>,
    /// The record; its `event_id_cnty` must be the incident id.
    pub record: IncidentRecord,
}

/// Everything a user can ask of the domain.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Command {
    /// Set up a mechanism (joint commander).
    CreateMechanism(MechanismCreated),
    /// Add a party (joint commander).
    JoinParty(PartyJoined),
    /// Set a party's quota in a unit (joint commander).
    SetQuota(QuotaSet),
    /// Add a zone (joint commander).
    AddZone(ZoneAdded),
    /// Register a member (party officer of the member's party).
    RegisterMember(MemberRegistered),
    /// Change a member's codes (party officer of the member's party).
    UpdateMember(MemberUpdated),
    /// Put a registered member under review (vetting officer).
    OpenVetting(MemberRef),
    /// Approve a member under review (vetting officer).
    ApproveVetting(MemberRef),
    /// Reject a member under review (vetting officer).
    RejectVetting {
        /// The member.
        member: MemberRef,
        /// Why.
        reason: VettingReason,
    },
    /// Suspend an approved member (vetting officer).
    SuspendMember {
        /// The member.
        member: MemberRef,
        /// Why.
        reason: VettingReason,
    },
    /// Grant leave (party officer of the member's party).
    GrantLeave(LeaveGranted),
    /// Plan a patrol (joint commander).
    PlanPatrol(PlanPatrol),
    /// Start a planned patrol now (joint commander).
    StartPatrol(PatrolRef),
    /// File the report of a patrol under way (joint commander or party
    /// officer of a party on it).
    ReportPatrol {
        /// The patrol.
        patrol: PatrolRef,
        /// The report.
        report: PatrolReport,
    },
    /// Endorse a completed patrol for a party (party officer of that party).
    EndorsePatrol {
        /// The patrol.
        patrol: PatrolRef,
        /// The party endorsing.
        party: PartyId,
    },
    /// Abort a planned or running patrol (joint commander).
    AbortPatrol {
        /// The patrol.
        patrol: PatrolRef,
        /// Why.
        reason: AbortReason,
    },
    /// Report an incident (party officer, joint commander or observer).
    ReportIncident(ReportIncident),
    /// Add a source to an incident (party officer, joint commander or
    /// observer).
    AddIncidentSource {
        /// The incident.
        incident: IncidentRef,
        /// The source.
        source: Source,
    },
    /// Record a party's or a group's claim about an incident (party
    /// officer, joint commander or observer).
    RecordClaim {
        /// The incident.
        incident: IncidentRef,
        /// The claim.
        claim: Claim,
    },
    /// Open a joint investigation (joint commander or observer).
    OpenInvestigation {
        /// The incident.
        incident: IncidentRef,
        /// The team: two contributing parties or more, and an observer.
        team: Vec<Investigator>,
    },
    /// File the acting investigator's party's finding (an investigator on
    /// the team).
    FileFinding {
        /// The incident.
        incident: IncidentRef,
        /// The finding.
        finding: Finding,
        /// What was found.
        text: String,
    },
    /// Merge `from` into `into`: two reports of one event (joint commander
    /// or observer).
    MergeIncidents {
        /// The mechanism.
        mechanism: MechanismId,
        /// The incident that keeps its id.
        into: IncidentId,
        /// The incident merged into it.
        from: IncidentId,
        /// Why.
        reason: String,
    },
    /// Undo a merge: split `incident` off the incident it was merged into
    /// (joint commander or observer).
    SplitIncident {
        /// The incident to split off.
        incident: IncidentRef,
        /// Why.
        reason: String,
    },
    /// Export members' personal records for vetting (vetting officer):
    /// those of the officer's own party, or of members under review.
    ExportIdentities {
        /// The mechanism.
        mechanism: MechanismId,
        /// Whose records.
        members: Vec<ServiceNumber>,
    },
}
