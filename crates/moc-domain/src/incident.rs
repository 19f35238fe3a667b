//! The mechanism's incidents: one ACLED-compatible record per incident,
//! every source with its own figures, the parties' claims side by side,
//! joint verification, and merges that can be undone.
//!
//! **Key design decisions:**
//! - The record is [`moc_incidents::IncidentRecord`], so an incident the
//!   mechanism records exports exactly like an imported ACLED row; its
//!   `event_id_cnty` is the incident's id.
//! - Nothing is overwritten. Sources and claims are appended; a merge hangs
//!   the absorbed incident under its target without changing either, so a
//!   split restores both exactly, and [`view`] combines them for reading.
//! - Verification is joint: every party on the investigating team (at
//!   least two contributing parties and an observer) files its own
//!   finding, and the outcome is derived from them — unanimous, it is that
//!   finding; otherwise *disputed*. No single party declares it.
//! - Each event repeats who acted, for which party and when (a [`Stamp`]),
//!   so the incident's timeline is rebuilt from the payloads alone.

use std::collections::{BTreeMap, BTreeSet};

use moc_incidents::{Casualties, IncidentRecord, Source, Toll, reconcile};
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::ids::{IncidentId, PartyId, Timestamp, UserId, ZoneId};
use crate::model::{Lifecycle, MAX_LABEL, MAX_TEXT};
use crate::state::Mechanism;

/// Most sources one incident keeps (its own; merged ones add theirs).
pub const MAX_SOURCES: usize = 100;
/// Most claims recorded on one incident.
pub const MAX_CLAIMS: usize = 200;
/// Most people on one investigating team.
pub const MAX_TEAM: usize = 20;

/// Who acted, for which party, and when.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    /// The account; absent in public views, which show the party only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<UserId>,
    /// Its party.
    pub party: PartyId,
    /// When.
    pub at: Timestamp,
}

/// What a claim says.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    /// The speaker blames someone.
    Accusation,
    /// The speaker denies having a part in it.
    Denial,
    /// The speaker claims it.
    Responsibility,
}

impl ClaimKind {
    /// Its code.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Accusation => "accusation",
            ClaimKind::Denial => "denial",
            ClaimKind::Responsibility => "responsibility",
        }
    }
}

/// Who says something: a party of the mechanism, or another group
/// (an armed group outside it, a ministry).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Speaker {
    /// A party of the mechanism.
    Party(PartyId),
    /// Anyone else, by the name it uses ("Al-Mourabitoun", "GATIA").
    Group(String),
}

/// "X says Y about this incident", with the report where X said it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Accusation, denial or claim of responsibility.
    pub kind: ClaimKind,
    /// Who says it.
    pub speaker: Speaker,
    /// Whom it accuses (for an accusation).
    #[serde(default)]
    pub against: Option<Speaker>,
    /// What was said, quoted or summarised.
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub statement: String,
    /// Where it was said.
    pub source: Source,
}

/// A claim as the log recorded it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedClaim {
    /// The claim.
    pub claim: Claim,
    /// Who entered it.
    pub recorded: Stamp,
    /// The incident it was recorded on (another one's, once merged in).
    pub incident: IncidentId,
}

/// Where an incident stands in joint verification.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerificationStatus {
    /// Reported, not yet looked into.
    Reported,
    /// A joint team is on it.
    UnderInvestigation,
    /// Every party on the team found it happened as reported.
    Verified,
    /// Every party on the team found it did not, or could not confirm it.
    NotVerified,
    /// The parties on the team disagree.
    Disputed,
}

impl VerificationStatus {
    /// Every status.
    pub const ALL: [VerificationStatus; 5] = [
        VerificationStatus::Reported,
        VerificationStatus::UnderInvestigation,
        VerificationStatus::Verified,
        VerificationStatus::NotVerified,
        VerificationStatus::Disputed,
    ];

    /// Its code.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationStatus::Reported => "reported",
            VerificationStatus::UnderInvestigation => "under-investigation",
            VerificationStatus::Verified => "verified",
            VerificationStatus::NotVerified => "not-verified",
            VerificationStatus::Disputed => "disputed",
        }
    }

    /// The status with this code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// The transition table: an investigation opens on a reported incident
    /// or reopens on a concluded one; only an investigation concludes.
    #[must_use]
    pub fn can_become(self, to: Self) -> bool {
        use VerificationStatus as V;
        match (self, to) {
            (V::UnderInvestigation, V::Verified | V::NotVerified | V::Disputed) => true,
            (V::UnderInvestigation, _) => false,
            (_, V::UnderInvestigation) => true,
            _ => false,
        }
    }
}

impl Lifecycle for VerificationStatus {
    fn can_become(self, to: Self) -> bool {
        VerificationStatus::can_become(self, to)
    }
    fn code(self) -> &'static str {
        self.as_str()
    }
}

/// One party's finding.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Finding {
    /// It happened as reported.
    Verified,
    /// It did not, or it cannot be confirmed.
    NotVerified,
}

impl Finding {
    /// Its code.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Verified => "verified",
            Finding::NotVerified => "not-verified",
        }
    }
}

/// Someone on an investigating team.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Investigator {
    /// Their party.
    pub party: PartyId,
    /// Their account; absent in public views.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserId>,
}

/// A party's finding as filed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiledFinding {
    /// The finding.
    pub finding: Finding,
    /// What the party's investigators found, in prose.
    pub text: String,
    /// Who filed it.
    pub filed: Stamp,
}

/// One joint investigation.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Investigation {
    /// Who opened it.
    pub opened: Stamp,
    /// The team.
    pub team: Vec<Investigator>,
    /// Each party's finding, once filed.
    pub findings: BTreeMap<PartyId, FiledFinding>,
    /// The outcome, once every party on the team has filed.
    pub outcome: Option<VerificationStatus>,
}

impl Investigation {
    /// The parties on the team.
    #[must_use]
    pub fn parties(&self) -> BTreeSet<&PartyId> {
        self.team.iter().map(|i| &i.party).collect()
    }
}

/// The outcome of findings: `None` until every party in `parties` has
/// filed; then the shared finding if they agree, *disputed* if not.
#[must_use]
pub fn outcome<'a>(
    parties: impl IntoIterator<Item = &'a PartyId>,
    findings: &BTreeMap<PartyId, FiledFinding>,
) -> Option<VerificationStatus> {
    let mut seen = BTreeSet::new();
    for p in parties {
        seen.insert(findings.get(p)?.finding);
    }
    match seen.len() {
        1 => Some(match seen.first()? {
            Finding::Verified => VerificationStatus::Verified,
            Finding::NotVerified => VerificationStatus::NotVerified,
        }),
        0 => None,
        _ => Some(VerificationStatus::Disputed),
    }
}

/// A step of an incident's history, for its timeline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum StepKind {
    /// It was reported.
    Reported,
    /// A source was added.
    SourceAdded {
        /// The outlet.
        outlet: String,
    },
    /// A claim was recorded.
    ClaimRecorded {
        /// Its kind.
        kind: ClaimKind,
    },
    /// A joint investigation opened.
    InvestigationOpened {
        /// The parties on the team.
        parties: Vec<PartyId>,
    },
    /// A party filed its finding.
    FindingFiled {
        /// The finding.
        finding: Finding,
    },
    /// Every party had filed: the investigation concluded.
    Concluded {
        /// The outcome.
        status: VerificationStatus,
    },
    /// Another incident was merged into this one.
    Absorbed {
        /// The other incident.
        from: IncidentId,
        /// Why.
        reason: String,
    },
    /// This incident was merged into another.
    MergedInto {
        /// The other incident.
        into: IncidentId,
        /// Why.
        reason: String,
    },
    /// An incident merged into this one was split off again.
    Released {
        /// The other incident.
        from: IncidentId,
        /// Why.
        reason: String,
    },
    /// This incident was split off the one it had been merged into.
    SplitFrom {
        /// The other incident.
        into: IncidentId,
        /// Why.
        reason: String,
    },
}

/// A step with who took it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Step {
    /// Who, for which party, when.
    pub stamp: Stamp,
    /// What.
    #[serde(flatten)]
    pub what: StepKind,
}

/// An incident as the mechanism holds it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Incident {
    /// Its id (also the record's `event_id_cnty`).
    pub id: IncidentId,
    /// The mechanism's zone it happened in, if any.
    pub zone: Option<ZoneId>,
    /// The record as reported, with every source added since.
    pub record: IncidentRecord,
    /// Who reported it.
    pub reported: Stamp,
    /// Claims, in the order recorded.
    pub claims: Vec<RecordedClaim>,
    /// Where verification stands.
    pub status: VerificationStatus,
    /// Investigations, the latest last.
    pub investigations: Vec<Investigation>,
    /// The incident this one was merged into.
    pub merged_into: Option<IncidentId>,
    /// The incidents merged into this one.
    pub absorbed: BTreeSet<IncidentId>,
    /// Everything that happened to it, in order.
    pub timeline: Vec<Step>,
}

/// An incident as read: its own data with that of every incident merged
/// into it (and into those), the tolls reconciled across all the sources.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct IncidentView {
    /// Its id.
    pub id: IncidentId,
    /// Its zone.
    pub zone: Option<ZoneId>,
    /// The record: sources of every merged report, without repeats, and
    /// `fatalities` by ACLED's rule over them when any gives a figure.
    pub record: IncidentRecord,
    /// Deaths across the sources (low, best, high, ACLED's).
    pub killed: Option<Casualties>,
    /// Injured across the sources.
    pub injured: Option<Casualties>,
    /// Abducted across the sources.
    pub abducted: Option<Casualties>,
    /// Claims, of every merged report, by time.
    pub claims: Vec<RecordedClaim>,
    /// Where verification stands.
    pub status: VerificationStatus,
    /// Investigations of this incident.
    pub investigations: Vec<Investigation>,
    /// The incident it was merged into: read that one instead.
    pub merged_into: Option<IncidentId>,
    /// Incidents merged into it, directly or not.
    pub merged: Vec<IncidentId>,
    /// Who reported it.
    pub reported: Stamp,
    /// Its history.
    pub timeline: Vec<Step>,
}

impl IncidentView {
    /// The view without account names: the public sees which party acted,
    /// never which person.
    #[must_use]
    pub fn public(mut self) -> Self {
        let clear = |s: &mut Stamp| s.by = None;
        clear(&mut self.reported);
        for c in &mut self.claims {
            clear(&mut c.recorded);
        }
        for i in &mut self.investigations {
            clear(&mut i.opened);
            for m in &mut i.team {
                m.user = None;
            }
            for f in i.findings.values_mut() {
                clear(&mut f.filed);
            }
        }
        for s in &mut self.timeline {
            clear(&mut s.stamp);
        }
        self
    }
}

/// The view of incident `id` in `m`, or `None` if there is none.
///
/// Merged incidents form a tree (merges join two top-level incidents, so
/// no cycle can form); it is walked with a stack, not recursion, and each
/// incident is visited once even if a tampered log repeats it.
#[must_use]
pub fn view(m: &Mechanism, id: &IncidentId) -> Option<IncidentView> {
    let root = m.incidents.get(id)?;
    let mut record = root.record.clone();
    let mut claims = root.claims.clone();
    let mut merged = Vec::new();
    let mut seen: BTreeSet<&IncidentId> = BTreeSet::from([id]);
    let mut stack: Vec<&IncidentId> = root.absorbed.iter().rev().collect();
    while let Some(next) = stack.pop() {
        if !seen.insert(next) {
            continue;
        }
        let Some(i) = m.incidents.get(next) else {
            continue;
        };
        merged.push(next.clone());
        for s in &i.record.sources {
            if !record.sources.contains(s) {
                record.sources.push(s.clone());
            }
        }
        claims.extend(i.claims.iter().cloned());
        stack.extend(i.absorbed.iter().rev());
    }
    claims.sort_by_key(|c| c.recorded.at);
    let killed = reconcile(&record.sources, Toll::Killed);
    if let Some(k) = killed {
        record.fatalities = k.acled;
    }
    Some(IncidentView {
        id: root.id.clone(),
        zone: root.zone.clone(),
        killed,
        injured: reconcile(&record.sources, Toll::Injured),
        abducted: reconcile(&record.sources, Toll::Abducted),
        record,
        claims,
        status: root.status,
        investigations: root.investigations.clone(),
        merged_into: root.merged_into.clone(),
        merged,
        reported: root.reported.clone(),
        timeline: root.timeline.clone(),
    })
}

// ---------------------------------------------------------------------------
// Checks shared by the rules.

/// A record error as a domain error, its field path kept.
pub(crate) fn record_error(e: &moc_incidents::RecordError) -> DomainError {
    DomainError::InvalidRecord {
        field: e.field().to_owned(),
        reason: e.to_string(),
    }
}

/// Checks a new incident's record against the mechanism.
pub(crate) fn check_report(
    m: &Mechanism,
    id: &IncidentId,
    zone: Option<&ZoneId>,
    record: &IncidentRecord,
) -> Result<(), DomainError> {
    record.validate().map_err(|e| record_error(&e))?;
    if record.event_id_cnty != id.as_str() {
        return Err(DomainError::InvalidRecord {
            field: "event_id_cnty".into(),
            reason: format!("must be the incident id {id}"),
        });
    }
    if record.sources.len() > MAX_SOURCES {
        return Err(too_long("sources"));
    }
    if let Some(z) = zone
        && !m.zones.contains_key(z)
    {
        return Err(DomainError::UnknownZone { zone: z.clone() });
    }
    if m.incidents.contains_key(id) {
        return Err(DomainError::DuplicateIncident {
            incident: id.clone(),
        });
    }
    Ok(())
}

/// The incident, if it exists.
pub(crate) fn find<'a>(m: &'a Mechanism, id: &IncidentId) -> Result<&'a Incident, DomainError> {
    m.incidents
        .get(id)
        .ok_or_else(|| DomainError::UnknownIncident {
            incident: id.clone(),
        })
}

/// The incident, if it exists and has not been merged into another (whose
/// record it now is part of).
pub(crate) fn find_open<'a>(
    m: &'a Mechanism,
    id: &IncidentId,
) -> Result<&'a Incident, DomainError> {
    let i = find(m, id)?;
    match &i.merged_into {
        Some(into) => Err(DomainError::IncidentMerged {
            incident: id.clone(),
            into: into.clone(),
        }),
        None => Ok(i),
    }
}

/// Checks a source added to `incident`: well formed, room left, not the
/// same report twice.
pub(crate) fn check_new_source(incident: &Incident, source: &Source) -> Result<(), DomainError> {
    source.validate("source").map_err(|e| record_error(&e))?;
    if incident.record.sources.len() >= MAX_SOURCES {
        return Err(too_long("sources"));
    }
    if incident.record.sources.contains(source) {
        return Err(DomainError::DuplicateSource {
            incident: incident.id.clone(),
            outlet: source.outlet.clone(),
        });
    }
    Ok(())
}

fn speaker(m: &Mechanism, field: &'static str, s: &Speaker) -> Result<(), DomainError> {
    match s {
        Speaker::Party(p) if m.parties.contains_key(p) => Ok(()),
        Speaker::Party(p) => Err(DomainError::UnknownParty { party: p.clone() }),
        Speaker::Group(name) => text(field, name, MAX_LABEL),
    }
}

/// Checks a claim.
pub(crate) fn check_claim(
    m: &Mechanism,
    incident: &Incident,
    c: &Claim,
) -> Result<(), DomainError> {
    speaker(m, "speaker", &c.speaker)?;
    if let Some(a) = &c.against {
        speaker(m, "against", a)?;
    }
    text("statement", &c.statement, MAX_TEXT)?;
    c.source.validate("source").map_err(|e| record_error(&e))?;
    if incident.claims.len() >= MAX_CLAIMS {
        return Err(too_long("claims"));
    }
    Ok(())
}

/// Checks a team: known parties, no one twice, at most [`MAX_TEAM`], and
/// joint — two contributing parties or more, and an observer.
pub(crate) fn check_team(m: &Mechanism, team: &[Investigator]) -> Result<(), DomainError> {
    if team.len() > MAX_TEAM {
        return Err(too_long("team"));
    }
    let mut contributing = BTreeSet::new();
    let mut observers = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for i in team {
        let party = m
            .parties
            .get(&i.party)
            .ok_or_else(|| DomainError::UnknownParty {
                party: i.party.clone(),
            })?;
        if i.user.is_none() {
            return Err(DomainError::InvalidField {
                field: "team",
                reason: "every investigator needs an account".into(),
            });
        }
        if !seen.insert(i) {
            return Err(DomainError::InvalidField {
                field: "team",
                reason: "an investigator is listed twice".into(),
            });
        }
        if party.kind.contributes_members() {
            contributing.insert(&i.party);
        } else {
            observers.insert(&i.party);
        }
    }
    if contributing.len() < 2 || observers.is_empty() {
        return Err(DomainError::TeamNotJoint {
            parties: u32::try_from(contributing.len()).unwrap_or(u32::MAX),
            observers: u32::try_from(observers.len()).unwrap_or(u32::MAX),
        });
    }
    Ok(())
}

/// Checks a free text: not blank, at most `max` characters.
pub(crate) fn text(field: &'static str, value: &str, max: usize) -> Result<(), DomainError> {
    if value.trim().is_empty() || value.chars().count() > max {
        return Err(DomainError::InvalidField {
            field,
            reason: format!("must be 1 to {max} characters"),
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

/// Text folded for search: lower case, and the accents of French and of
/// transliterated names dropped, so "Ménaka" finds "MENAKA" and "menaka".
#[must_use]
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            '’' => '\'',
            other => other,
        })
        .collect()
}

impl IncidentView {
    /// What a text search looks in, folded ([`fold`]): the place, the
    /// actors, the outlets, the notes, the tags and the claims — never an
    /// account name.
    #[must_use]
    pub fn search_text(&self) -> String {
        let r = &self.record;
        let mut parts: Vec<&str> = vec![self.id.as_str(), &r.location, &r.notes, &r.actor1.name];
        parts.extend(r.admin1.as_deref());
        parts.extend(r.admin2.as_deref());
        parts.extend(r.admin3.as_deref());
        parts.extend(r.actor1.associated.iter().map(String::as_str));
        if let Some(a) = &r.actor2 {
            parts.push(&a.name);
            parts.extend(a.associated.iter().map(String::as_str));
        }
        parts.extend(r.tags.iter().map(String::as_str));
        parts.extend(r.sources.iter().map(|s| s.outlet.as_str()));
        for c in &self.claims {
            parts.push(&c.claim.statement);
            for s in [Some(&c.claim.speaker), c.claim.against.as_ref()]
                .into_iter()
                .flatten()
            {
                parts.push(match s {
                    Speaker::Party(p) => p.as_str(),
                    Speaker::Group(g) => g,
                });
            }
        }
        fold(&parts.join("\n"))
    }
}
