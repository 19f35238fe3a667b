//! Domain events: what the log records.
//!
//! Each event becomes one ledger entry whose `kind` is [`DomainEvent::kind`]
//! and whose `payload` is [`DomainEvent::to_payload`]; the entry's origin,
//! party, user and time are the ledger's. Reading back is strict
//! ([`DomainEvent::from_kind_payload`] rejects unknown kinds and unknown
//! fields), so a payload cannot smuggle extra data, such as a name, past the
//! types.
//!
//! Member events carry a service number, codes (rank, roles, languages) and
//! an [`IdentityCommitment`]; nothing else. The fold needs a few facts that
//! the entry also carries (who approved, when), and those are repeated in
//! the payload so that replay needs only the payloads.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::DomainError;
use moc_incidents::{IncidentRecord, Source};

use crate::ids::{
    Coord, IdentityCommitment, IncidentId, MechanismId, PartyId, PatrolId, ServiceNumber,
    Timestamp, UnitId, UserId, Window, ZoneId,
};
use crate::incident::{Claim, Finding, Investigator, Stamp, VerificationStatus};
use crate::model::{
    AbortReason, Language, MemberRole, Party, PatrolReport, Rank, VettingReason, Zone,
};

/// A mechanism was set up.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MechanismCreated {
    /// Its id.
    pub mechanism: MechanismId,
    /// French name (`MOC Gao`).
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// The origin line of its log's checkpoints.
    pub log_origin: String,
    /// The composition rule: each contributing party needs at least this
    /// many members on every patrol.
    pub patrol_min_per_party: u32,
}

/// A party joined a mechanism.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyJoined {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The party.
    pub party: Party,
}

/// A party's quota in a unit was set (or changed).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSet {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The unit.
    pub unit: UnitId,
    /// The party.
    pub party: PartyId,
    /// Target.
    pub target: u32,
    /// Allowed excess.
    pub tolerance: u32,
}

/// A zone was added.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneAdded {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The zone.
    pub zone: Zone,
}

/// A member was registered by its party. No personal data: only codes and
/// the identity commitment.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRegistered {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// Unique per mechanism.
    pub service_number: ServiceNumber,
    /// The member's party.
    pub party: PartyId,
    /// The unit.
    pub unit: UnitId,
    /// Rank.
    pub rank: Rank,
    /// Functions.
    pub roles: BTreeSet<MemberRole>,
    /// Languages.
    pub languages: BTreeSet<Language>,
    /// Commitment to the personal data held elsewhere.
    pub identity_commitment: IdentityCommitment,
}

/// A member's rank, functions, languages or identity commitment changed.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberUpdated {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The member.
    pub service_number: ServiceNumber,
    /// New rank.
    pub rank: Rank,
    /// New functions.
    pub roles: BTreeSet<MemberRole>,
    /// New languages.
    pub languages: BTreeSet<Language>,
    /// New commitment, when the personal data changed.
    pub identity_commitment: Option<IdentityCommitment>,
}

/// A vetting officer's act on a member: opening, approval, rejection or
/// suspension.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VettingAct {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The member.
    pub service_number: ServiceNumber,
    /// The officer.
    pub officer: UserId,
    /// The officer's party.
    pub officer_party: PartyId,
    /// When.
    pub at: Timestamp,
}

/// An approval; `complete` says whether the two-party rule now holds, so a
/// projection need not re-derive it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VettingApproved {
    /// Who, whom, when.
    pub act: VettingAct,
    /// Whether the member is now approved.
    pub complete: bool,
}

/// A rejection or suspension, with its reason code.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VettingDecision {
    /// Who, whom, when.
    pub act: VettingAct,
    /// Why.
    pub reason: VettingReason,
}

/// Leave was granted.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveGranted {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The member.
    pub service_number: ServiceNumber,
    /// The leave.
    pub period: Window,
}

/// A patrol was planned. `parties` lists the parties with members on it:
/// exactly those whose endorsement it needs.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatrolPlanned {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The patrol.
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
    /// Parties with members on it.
    pub parties: BTreeSet<PartyId>,
}

/// A patrol started or was aborted at a time.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatrolStarted {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The patrol.
    pub patrol: PatrolId,
    /// When.
    pub at: Timestamp,
}

/// A patrol came back with its report.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatrolReported {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The patrol.
    pub patrol: PatrolId,
    /// The report.
    pub report: PatrolReport,
}

/// A party endorsed a patrol's report.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatrolEndorsed {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The patrol.
    pub patrol: PatrolId,
    /// The endorsing party.
    pub party: PartyId,
    /// The endorsing officer.
    pub by: UserId,
}

/// A patrol was aborted.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatrolAborted {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The patrol.
    pub patrol: PatrolId,
    /// When.
    pub at: Timestamp,
    /// Why.
    pub reason: AbortReason,
}

/// An incident was reported.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentReported {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The incident.
    pub incident: IncidentId,
    /// The mechanism's zone it happened in, if any.
    #[serde(default)]
    pub zone: Option<ZoneId>,
    /// The record, its `event_id_cnty` the incident id.
    pub record: IncidentRecord,
    /// Who reported it.
    pub stamp: Stamp,
}

/// A source was added to an incident.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentSourceAdded {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The incident.
    pub incident: IncidentId,
    /// The source, with its figures.
    pub source: Source,
    /// Who added it.
    pub stamp: Stamp,
}

/// A claim about an incident was recorded.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRecorded {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The incident.
    pub incident: IncidentId,
    /// The claim.
    pub claim: Claim,
    /// Who recorded it.
    pub stamp: Stamp,
}

/// A joint investigation of an incident opened.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvestigationOpened {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The incident.
    pub incident: IncidentId,
    /// The team.
    pub team: Vec<Investigator>,
    /// Who opened it.
    pub stamp: Stamp,
}

/// A party on the team filed its finding; `outcome` is set when it was the
/// last party to file, so a projection need not re-derive it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingFiled {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The incident.
    pub incident: IncidentId,
    /// The finding.
    pub finding: Finding,
    /// What was found.
    pub text: String,
    /// Who filed it, for which party.
    pub stamp: Stamp,
    /// The investigation's outcome, if this finding concluded it.
    pub outcome: Option<VerificationStatus>,
}

/// One incident was merged into another, or split off it again.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentsMerged {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// The incident that keeps its id.
    pub into: IncidentId,
    /// The incident merged into it (or split off it).
    pub from: IncidentId,
    /// Why.
    pub reason: String,
    /// Who did it.
    pub stamp: Stamp,
}

/// Personal records were exported, for vetting. The log says who took
/// whose records, so that every party sees it; the records themselves never
/// enter the log.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentitiesExported {
    /// The mechanism.
    pub mechanism: MechanismId,
    /// Whose records.
    pub members: Vec<ServiceNumber>,
    /// The vetting officer who exported them.
    pub officer: UserId,
    /// The officer's party.
    pub officer_party: PartyId,
    /// When.
    pub at: Timestamp,
}

/// Defines [`DomainEvent`] and its kind/payload conversions from one table,
/// so that a kind string and its payload type cannot drift apart.
macro_rules! events {
    ($($variant:ident($payload:ty) = $kind:literal,)*) => {
        /// Everything that can happen, one variant per ledger entry kind.
        #[derive(Clone, PartialEq, Eq, Debug)]
        #[allow(missing_docs)] // Each variant is documented by its payload type.
        pub enum DomainEvent {
            $($variant($payload),)*
        }

        /// Every event kind, in the order of the table.
        pub const KINDS: &[&str] = &[$($kind,)*];

        impl DomainEvent {
            /// The ledger entry kind, kebab-case.
            #[must_use]
            pub fn kind(&self) -> &'static str {
                match self {
                    $(DomainEvent::$variant(_) => $kind,)*
                }
            }

            /// The ledger entry payload.
            #[must_use]
            pub fn to_payload(&self) -> Value {
                let value = match self {
                    $(DomainEvent::$variant(p) => serde_json::to_value(p),)*
                };
                // Every payload type serialises to a JSON object: plain
                // structs of strings, integers, booleans and lists.
                value.unwrap_or(Value::Null)
            }

            /// Reads an entry's kind and payload back.
            ///
            /// # Errors
            /// [`DomainError::UnknownEventKind`] for a kind not in
            /// [`KINDS`]; [`DomainError::BadPayload`] when the payload has
            /// a missing, unknown or malformed field.
            pub fn from_kind_payload(kind: &str, payload: &Value) -> Result<DomainEvent, DomainError> {
                match kind {
                    $($kind => <$payload>::deserialize(payload)
                        .map(DomainEvent::$variant)
                        .map_err(|e| DomainError::BadPayload { kind: $kind, reason: e.to_string() }),)*
                    other => Err(DomainError::UnknownEventKind(other.chars().take(64).collect())),
                }
            }
        }
    };
}

events! {
    MechanismCreated(MechanismCreated) = "mechanism-created",
    PartyJoined(PartyJoined) = "party-joined",
    QuotaSet(QuotaSet) = "quota-set",
    ZoneAdded(ZoneAdded) = "zone-added",
    MemberRegistered(MemberRegistered) = "member-registered",
    MemberUpdated(MemberUpdated) = "member-updated",
    VettingOpened(VettingAct) = "vetting-opened",
    VettingApproved(VettingApproved) = "vetting-approved",
    VettingRejected(VettingDecision) = "vetting-rejected",
    MemberSuspended(VettingDecision) = "member-suspended",
    LeaveGranted(LeaveGranted) = "leave-granted",
    PatrolPlanned(PatrolPlanned) = "patrol-planned",
    PatrolStarted(PatrolStarted) = "patrol-started",
    PatrolReported(PatrolReported) = "patrol-reported",
    PatrolEndorsed(PatrolEndorsed) = "patrol-endorsed",
    PatrolAborted(PatrolAborted) = "patrol-aborted",
    IncidentReported(IncidentReported) = "incident-reported",
    IncidentSourceAdded(IncidentSourceAdded) = "incident-source-added",
    ClaimRecorded(ClaimRecorded) = "incident-claim-recorded",
    InvestigationOpened(InvestigationOpened) = "incident-investigation-opened",
    FindingFiled(FindingFiled) = "incident-finding-filed",
    IncidentsMerged(IncidentsMerged) = "incidents-merged",
    IncidentSplit(IncidentsMerged) = "incident-split",
    IdentitiesExported(IdentitiesExported) = "identities-exported",
}

impl DomainEvent {
    /// The mechanism the event belongs to (each mechanism has its own log).
    #[must_use]
    pub fn mechanism(&self) -> &MechanismId {
        use DomainEvent::*;
        match self {
            MechanismCreated(e) => &e.mechanism,
            PartyJoined(e) => &e.mechanism,
            QuotaSet(e) => &e.mechanism,
            ZoneAdded(e) => &e.mechanism,
            MemberRegistered(e) => &e.mechanism,
            MemberUpdated(e) => &e.mechanism,
            VettingOpened(e) => &e.mechanism,
            VettingApproved(e) => &e.act.mechanism,
            VettingRejected(e) | MemberSuspended(e) => &e.act.mechanism,
            LeaveGranted(e) => &e.mechanism,
            PatrolPlanned(e) => &e.mechanism,
            PatrolStarted(e) => &e.mechanism,
            PatrolReported(e) => &e.mechanism,
            PatrolEndorsed(e) => &e.mechanism,
            PatrolAborted(e) => &e.mechanism,
            IncidentReported(e) => &e.mechanism,
            IncidentSourceAdded(e) => &e.mechanism,
            ClaimRecorded(e) => &e.mechanism,
            InvestigationOpened(e) => &e.mechanism,
            FindingFiled(e) => &e.mechanism,
            IncidentsMerged(e) | IncidentSplit(e) => &e.mechanism,
            IdentitiesExported(e) => &e.mechanism,
        }
    }
}
