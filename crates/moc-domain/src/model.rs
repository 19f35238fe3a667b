//! The nouns of the domain: actors, parties, zones, members, patrols and
//! incidents, with the two status machines (vetting and patrol) written once
//! as transition tables.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::ids::{
    Coord, IdentityCommitment, PartyId, PatrolId, ServiceNumber, Timestamp, UnitId, UserId, Window,
    ZoneId,
};

/// Longest operational free text (patrol observations, incident
/// descriptions), so that one entry cannot swamp the log.
pub const MAX_TEXT: usize = 4000;
/// Longest name or label (mechanism, party and zone names, outlets, URLs).
pub const MAX_LABEL: usize = 300;

/// What a user may do, as far as the domain rules care. The full
/// authorisation matrix (role × party × action) belongs to the access-control
/// layer; the domain checks only the rules that are about the mechanism
/// itself (an officer acts for its own party, vetting needs a vetting
/// officer).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Administers its party's accounts.
    PartyAdmin,
    /// Registers its party's members, files reports, endorses for its party.
    PartyOfficer,
    /// Takes vetting decisions.
    VettingOfficer,
    /// Sets up the mechanism and plans patrols.
    JointCommander,
    /// Reads and adds observations (the UN mission).
    Observer,
}

impl Role {
    /// The role's code, as serialised.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PartyAdmin => "party-admin",
            Role::PartyOfficer => "party-officer",
            Role::VettingOfficer => "vetting-officer",
            Role::JointCommander => "joint-commander",
            Role::Observer => "observer",
        }
    }
}

/// Who issues a command: the user, the party the user belongs to, and the
/// user's roles. Authenticated elsewhere; the domain trusts it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The account.
    pub user: UserId,
    /// The account's party.
    pub party: PartyId,
    /// The account's roles.
    pub roles: BTreeSet<Role>,
}

impl Actor {
    /// Builds an actor.
    #[must_use]
    pub fn new(user: UserId, party: PartyId, roles: impl IntoIterator<Item = Role>) -> Self {
        Self {
            user,
            party,
            roles: roles.into_iter().collect(),
        }
    }

    /// Whether the actor holds `role`.
    #[must_use]
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// What kind of body a party is; observers contribute no members to
/// patrols, so the composition rule skips them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyKind {
    /// A national army (FAMa).
    StateForce,
    /// A signatory armed coalition (CMA, Platform).
    SignatoryArmedCoalition,
    /// An observer mission (MINUSMA).
    ObserverMission,
    /// A partner state's army (Mauritania's).
    PartnerArmy,
}

impl PartyKind {
    /// Whether parties of this kind put members on patrols.
    #[must_use]
    pub fn contributes_members(self) -> bool {
        self != PartyKind::ObserverMission
    }
}

/// A party to a mechanism.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Its id, equal to its signed-note key name.
    pub id: PartyId,
    /// French name.
    pub name_fr: String,
    /// English name.
    pub name_en: String,
    /// Its kind.
    pub kind: PartyKind,
    /// Its witness's public verifier key (signed-note `name+hash+key` form),
    /// kept as text: the ledger parses it.
    pub witness_key: String,
}

/// A zone or locality, with the spellings people search for.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Its id, e.g. `tombouctou`.
    pub id: ZoneId,
    /// French name (`Tombouctou`).
    pub name_fr: String,
    /// English name (`Timbuktu`).
    pub name_en: String,
    /// Other spellings (`Menaka` for `Ménaka`).
    pub variants: Vec<String>,
    /// Administrative region (`Gao`).
    pub region: String,
    /// Its centre.
    pub coord: Coord,
}

/// One party's quota in one unit: `target` members, and at most
/// `target + tolerance` (a hard limit).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// Members wanted.
    pub target: u32,
    /// Members allowed above the target.
    pub tolerance: u32,
}

/// A military rank, as a code (never free text).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // The names are the ranks.
pub enum Rank {
    Private,
    Corporal,
    Sergeant,
    StaffSergeant,
    WarrantOfficer,
    SecondLieutenant,
    Lieutenant,
    Captain,
    Major,
    LieutenantColonel,
    Colonel,
}

/// A member's function on a patrol.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // The names are the functions.
pub enum MemberRole {
    PatrolLeader,
    Driver,
    Medic,
    RadioOperator,
    Interpreter,
    Rifleman,
    Mechanic,
    Deminer,
}

/// A language a member speaks.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // The names are the languages.
pub enum Language {
    French,
    Bambara,
    Songhai,
    Tamasheq,
    Arabic,
    Fulfulde,
    Hassaniya,
}

/// Where a member stands in vetting.
///
/// ```text
/// Registered → UnderReview → Approved → Suspended
///                          ↘ Rejected
/// ```
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VettingStatus {
    /// Registered by its party; not yet under review.
    Registered,
    /// Vetting opened; approvals are being collected.
    UnderReview,
    /// Approved by vetting officers of two parties; may patrol.
    Approved,
    /// Refused by a vetting officer. Final.
    Rejected,
    /// Approved, then suspended. Final here (reinstatement is a new vetting).
    Suspended,
}

impl VettingStatus {
    /// Every status, in the order a member goes through them.
    pub const ALL: [VettingStatus; 5] = [
        VettingStatus::Registered,
        VettingStatus::UnderReview,
        VettingStatus::Approved,
        VettingStatus::Rejected,
        VettingStatus::Suspended,
    ];

    /// The transition table, written once.
    #[must_use]
    pub fn can_become(self, to: VettingStatus) -> bool {
        use VettingStatus::*;
        matches!(
            (self, to),
            (Registered, UnderReview)
                | (UnderReview, Approved)
                | (UnderReview, Rejected)
                | (Approved, Suspended)
        )
    }

    /// The status's code.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            VettingStatus::Registered => "registered",
            VettingStatus::UnderReview => "under-review",
            VettingStatus::Approved => "approved",
            VettingStatus::Rejected => "rejected",
            VettingStatus::Suspended => "suspended",
        }
    }
}

/// One vetting officer's approval.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The officer.
    pub officer: UserId,
    /// The officer's party.
    pub party: PartyId,
    /// When.
    pub at: Timestamp,
}

/// Why a member was rejected or suspended: a code, never a narrative (which
/// could name people).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VettingReason {
    /// Links to an armed group outside the agreement.
    ExtremistLinks,
    /// Background checks failed.
    FailedChecks,
    /// The file is incomplete.
    IncompleteFile,
    /// Conduct while serving.
    Conduct,
    /// Anything else (details in the restricted store).
    Other,
}

impl VettingReason {
    /// Every reason, in the forms' order.
    pub const ALL: [VettingReason; 5] = [
        VettingReason::ExtremistLinks,
        VettingReason::FailedChecks,
        VettingReason::IncompleteFile,
        VettingReason::Conduct,
        VettingReason::Other,
    ];
}

/// A member of a mixed unit. Holds no personal data: the identity lives in
/// the party-restricted store and only its commitment is here.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Member {
    /// Unique per mechanism.
    pub service_number: ServiceNumber,
    /// The member's party.
    pub party: PartyId,
    /// The unit whose quota it counts against.
    pub unit: UnitId,
    /// Rank.
    pub rank: Rank,
    /// Functions.
    pub roles: BTreeSet<MemberRole>,
    /// Languages.
    pub languages: BTreeSet<Language>,
    /// Commitment to the personal data.
    pub identity_commitment: IdentityCommitment,
    /// Vetting status.
    pub status: VettingStatus,
    /// Approvals so far (at most one per party).
    pub approvals: Vec<Approval>,
    /// Who rejected or suspended, and why.
    pub decision: Option<(Approval, VettingReason)>,
    /// Leave periods.
    pub leave: Vec<Window>,
}

impl Member {
    /// Whether any leave period overlaps `window`.
    #[must_use]
    pub fn on_leave_during(&self, window: &Window) -> Option<Window> {
        self.leave.iter().find(|l| l.overlaps(window)).copied()
    }
}

/// The vetting rule, in one place: approvals by vetting officers of at least
/// two different parties, at least one of them not the member's own.
///
/// Any party of the mechanism counts, the observer mission included. A
/// second approval from a party that already approved is refused by
/// `decide` with [`DomainError::VettingNeedsTwoParties`], so each party
/// counts once and the attempt is reported to the officer.
#[must_use]
pub fn vetting_rule_holds(member_party: &PartyId, approvals: &[Approval]) -> bool {
    let parties: BTreeSet<&PartyId> = approvals.iter().map(|a| &a.party).collect();
    parties.len() >= 2 && parties.iter().any(|p| *p != member_party)
}

/// Where a patrol stands.
///
/// ```text
/// Planned → UnderWay → Completed
///    ↘          ↘
///     Aborted    Aborted
/// ```
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PatrolStatus {
    /// Planned, not started.
    Planned,
    /// Out on the ground.
    UnderWay,
    /// Back, with a report.
    Completed,
    /// Called off. Final.
    Aborted,
}

impl PatrolStatus {
    /// Every status, in the order a patrol goes through them.
    pub const ALL: [PatrolStatus; 4] = [
        PatrolStatus::Planned,
        PatrolStatus::UnderWay,
        PatrolStatus::Completed,
        PatrolStatus::Aborted,
    ];

    /// The transition table, written once.
    #[must_use]
    pub fn can_become(self, to: PatrolStatus) -> bool {
        use PatrolStatus::*;
        matches!(
            (self, to),
            (Planned, UnderWay) | (UnderWay, Completed) | (Planned, Aborted) | (UnderWay, Aborted)
        )
    }

    /// The status's code.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PatrolStatus::Planned => "planned",
            PatrolStatus::UnderWay => "under-way",
            PatrolStatus::Completed => "completed",
            PatrolStatus::Aborted => "aborted",
        }
    }
}

/// Air support asked for and received during a patrol.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AirSupport {
    /// Whether the patrol asked for it.
    pub requested: bool,
    /// Whether it came.
    pub received: bool,
}

/// What was handed out to civilians.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // The names are the items.
pub enum OutreachItem {
    Tea,
    Sugar,
    Medicine,
    Water,
    Food,
    Fuel,
    Other,
}

impl OutreachItem {
    /// Every item, in the report form's order.
    pub const ALL: [OutreachItem; 7] = [
        OutreachItem::Tea,
        OutreachItem::Sugar,
        OutreachItem::Medicine,
        OutreachItem::Water,
        OutreachItem::Food,
        OutreachItem::Fuel,
        OutreachItem::Other,
    ];
}

/// One outreach line: an item and a quantity in its usual unit (kg of tea
/// or sugar, kits of medicine, litres of water or fuel).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outreach {
    /// The item.
    pub item: OutreachItem,
    /// How much.
    pub quantity: u32,
}

/// A patrol's report. `observations` is operational text about what was
/// seen on the ground, never about people by name.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatrolReport {
    /// When it left.
    pub departed: Timestamp,
    /// When it came back; after `departed`.
    pub returned: Timestamp,
    /// Distance covered, in metres (integers keep the payload canonical).
    pub distance_m: u32,
    /// What was observed.
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub observations: String,
    /// Air support.
    pub air_support: AirSupport,
    /// Outreach handed out.
    pub outreach: Vec<Outreach>,
}

/// A patrol.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Patrol {
    /// Its id.
    pub id: PatrolId,
    /// Its zone.
    pub zone: ZoneId,
    /// Waypoints, in order.
    pub route: Vec<Coord>,
    /// Planned window.
    pub window: Window,
    /// Members, leader included.
    pub members: Vec<ServiceNumber>,
    /// The leader.
    pub leader: ServiceNumber,
    /// Status.
    pub status: PatrolStatus,
    /// When it actually started.
    pub started_at: Option<Timestamp>,
    /// The report, once completed.
    pub report: Option<PatrolReport>,
    /// Why it was aborted.
    pub abort_reason: Option<AbortReason>,
    /// The parties that had members on it, fixed at planning.
    pub parties: BTreeSet<PartyId>,
    /// Endorsements: party → endorsing user.
    pub endorsements: BTreeMap<PartyId, UserId>,
}

impl Patrol {
    /// Whether every party that had members on it has endorsed it.
    #[must_use]
    pub fn fully_endorsed(&self) -> bool {
        self.parties
            .iter()
            .all(|p| self.endorsements.contains_key(p))
    }

    /// Parties that still have to endorse.
    #[must_use]
    pub fn missing_endorsements(&self) -> Vec<PartyId> {
        self.parties
            .iter()
            .filter(|p| !self.endorsements.contains_key(*p))
            .cloned()
            .collect()
    }
}

/// Why a patrol was aborted.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)] // The names are the reasons.
pub enum AbortReason {
    Security,
    Weather,
    Vehicle,
    Composition,
    Order,
    Other,
}

impl AbortReason {
    /// Every reason, in the abort form's order.
    pub const ALL: [AbortReason; 6] = [
        AbortReason::Security,
        AbortReason::Weather,
        AbortReason::Vehicle,
        AbortReason::Composition,
        AbortReason::Order,
        AbortReason::Other,
    ];
}

impl Lifecycle for VettingStatus {
    fn can_become(self, to: Self) -> bool {
        VettingStatus::can_become(self, to)
    }
    fn code(self) -> &'static str {
        self.as_str()
    }
}

impl Lifecycle for PatrolStatus {
    fn can_become(self, to: Self) -> bool {
        PatrolStatus::can_become(self, to)
    }
    fn code(self) -> &'static str {
        self.as_str()
    }
}

/// A status with a transition table: vetting and patrol statuses. The check
/// and its error are written once here, the tables on each enum.
pub trait Lifecycle: Copy {
    /// Whether the table allows `self → to`.
    fn can_become(self, to: Self) -> bool;
    /// The status's code, for errors.
    fn code(self) -> &'static str;
    /// Checks a transition.
    ///
    /// # Errors
    /// [`DomainError::InvalidTransition`] when the table forbids it.
    fn transition(self, to: Self) -> Result<Self, DomainError> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(DomainError::InvalidTransition {
                from: self.code(),
                to: to.code(),
            })
        }
    }
}
