//! The incident record and its vocabulary, after ACLED's codebook.
//!
//! Labels are ACLED's exact English labels (ACLED Codebook 2024, "Event
//! Types and Sub-Event Types" and "Actor Names, Types, and 'Inter' Codes");
//! serialised codes are kebab-case and stable.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest label (names, places, outlets, tags) a record may hold, in
/// characters.
pub const MAX_LABEL_CHARS: usize = 300;
/// Longest `notes` a record may hold, in characters.
pub const MAX_NOTES_CHARS: usize = 4000;
/// Longest source URL, in characters.
pub const MAX_URL_CHARS: usize = 2000;

/// Implements `ALL`, `label()` and a case-insensitive `from_label()` for a
/// fieldless enum from one table of (variant, label) pairs.
macro_rules! labelled {
    ($ty:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in codebook order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// ACLED's exact English label.
            #[must_use]
            pub fn label(self) -> &'static str {
                match self {
                    $($ty::$variant => $label),+
                }
            }

            /// The stable kebab-case code serde writes (`armed-clash`),
            /// without going through a serializer: a bulk import asks
            /// for it a million times.
            #[must_use]
            pub fn slug(self) -> &'static str {
                let i = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
                Self::slugs().get(i).map_or("", String::as_str)
            }

            /// The value whose [`slug`](Self::slug) is `slug`, exactly.
            #[must_use]
            pub fn from_slug(slug: &str) -> Option<Self> {
                let i = Self::slugs().iter().position(|s| s == slug)?;
                Self::ALL.get(i).copied()
            }

            /// The codes of [`Self::ALL`], in its order, written once.
            fn slugs() -> &'static [String] {
                static SLUGS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
                SLUGS.get_or_init(|| {
                    Self::ALL
                        .iter()
                        .map(|v| match serde_json::to_value(v) {
                            Ok(serde_json::Value::String(s)) => s,
                            _ => String::new(),
                        })
                        .collect()
                })
            }

            /// The value whose label is `label`, ignoring ASCII case and
            /// surrounding spaces.
            #[must_use]
            pub fn from_label(label: &str) -> Option<Self> {
                let label = label.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.label().eq_ignore_ascii_case(label))
                    .or_else(|| Self::alias(label))
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

/// ACLED's six event types.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventType {
    /// "Battles": a violent interaction between two organised armed groups.
    Battles,
    /// "Explosions/Remote violence".
    ExplosionsRemoteViolence,
    /// "Violence against civilians".
    ViolenceAgainstCivilians,
    /// "Protests".
    Protests,
    /// "Riots".
    Riots,
    /// "Strategic developments".
    StrategicDevelopments,
}

labelled!(EventType {
    Battles => "Battles",
    ExplosionsRemoteViolence => "Explosions/Remote violence",
    ViolenceAgainstCivilians => "Violence against civilians",
    Protests => "Protests",
    Riots => "Riots",
    StrategicDevelopments => "Strategic developments",
});

impl EventType {
    fn alias(_label: &str) -> Option<Self> {
        None
    }

    /// The sub-event types of this event type.
    pub fn sub_event_types(self) -> impl Iterator<Item = SubEventType> {
        SubEventType::ALL
            .iter()
            .copied()
            .filter(move |s| s.event_type() == self)
    }
}

/// ACLED's 25 sub-event types; each belongs to one [`EventType`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubEventType {
    /// Battles: "Armed clash".
    ArmedClash,
    /// Battles: "Government regains territory".
    GovernmentRegainsTerritory,
    /// Battles: "Non-state actor overtakes territory".
    NonStateActorOvertakesTerritory,
    /// Explosions/Remote violence: "Chemical weapon".
    ChemicalWeapon,
    /// Explosions/Remote violence: "Air/drone strike".
    AirDroneStrike,
    /// Explosions/Remote violence: "Suicide bomb".
    SuicideBomb,
    /// Explosions/Remote violence: "Shelling/artillery/missile attack".
    ShellingArtilleryMissileAttack,
    /// Explosions/Remote violence: "Remote explosive/landmine/IED".
    RemoteExplosiveLandmineIed,
    /// Explosions/Remote violence: "Grenade".
    Grenade,
    /// Violence against civilians: "Sexual violence".
    SexualViolence,
    /// Violence against civilians: "Attack".
    Attack,
    /// Violence against civilians: "Abduction/forced disappearance".
    AbductionForcedDisappearance,
    /// Protests: "Peaceful protest".
    PeacefulProtest,
    /// Protests: "Protest with intervention".
    ProtestWithIntervention,
    /// Protests: "Excessive force against protesters" (older files spell it
    /// "protestors"; both are read).
    ExcessiveForceAgainstProtesters,
    /// Riots: "Violent demonstration".
    ViolentDemonstration,
    /// Riots: "Mob violence".
    MobViolence,
    /// Strategic developments: "Agreement".
    Agreement,
    /// Strategic developments: "Arrests".
    Arrests,
    /// Strategic developments: "Change to group/activity".
    ChangeToGroupActivity,
    /// Strategic developments: "Disrupted weapons use".
    DisruptedWeaponsUse,
    /// Strategic developments: "Headquarters or base established".
    HeadquartersOrBaseEstablished,
    /// Strategic developments: "Looting/property destruction".
    LootingPropertyDestruction,
    /// Strategic developments: "Non-violent transfer of territory".
    NonViolentTransferOfTerritory,
    /// Strategic developments: "Other".
    Other,
}

labelled!(SubEventType {
    ArmedClash => "Armed clash",
    GovernmentRegainsTerritory => "Government regains territory",
    NonStateActorOvertakesTerritory => "Non-state actor overtakes territory",
    ChemicalWeapon => "Chemical weapon",
    AirDroneStrike => "Air/drone strike",
    SuicideBomb => "Suicide bomb",
    ShellingArtilleryMissileAttack => "Shelling/artillery/missile attack",
    RemoteExplosiveLandmineIed => "Remote explosive/landmine/IED",
    Grenade => "Grenade",
    SexualViolence => "Sexual violence",
    Attack => "Attack",
    AbductionForcedDisappearance => "Abduction/forced disappearance",
    PeacefulProtest => "Peaceful protest",
    ProtestWithIntervention => "Protest with intervention",
    ExcessiveForceAgainstProtesters => "Excessive force against protesters",
    ViolentDemonstration => "Violent demonstration",
    MobViolence => "Mob violence",
    Agreement => "Agreement",
    Arrests => "Arrests",
    ChangeToGroupActivity => "Change to group/activity",
    DisruptedWeaponsUse => "Disrupted weapons use",
    HeadquartersOrBaseEstablished => "Headquarters or base established",
    LootingPropertyDestruction => "Looting/property destruction",
    NonViolentTransferOfTerritory => "Non-violent transfer of territory",
    Other => "Other",
});

impl SubEventType {
    fn alias(label: &str) -> Option<Self> {
        label
            .eq_ignore_ascii_case("Excessive force against protestors")
            .then_some(SubEventType::ExcessiveForceAgainstProtesters)
    }

    /// The event type this sub-event type belongs to.
    #[must_use]
    pub fn event_type(self) -> EventType {
        use SubEventType::*;
        match self {
            ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => {
                EventType::Battles
            }
            ChemicalWeapon
            | AirDroneStrike
            | SuicideBomb
            | ShellingArtilleryMissileAttack
            | RemoteExplosiveLandmineIed
            | Grenade => EventType::ExplosionsRemoteViolence,
            SexualViolence | Attack | AbductionForcedDisappearance => {
                EventType::ViolenceAgainstCivilians
            }
            PeacefulProtest | ProtestWithIntervention | ExcessiveForceAgainstProtesters => {
                EventType::Protests
            }
            ViolentDemonstration | MobViolence => EventType::Riots,
            Agreement
            | Arrests
            | ChangeToGroupActivity
            | DisruptedWeaponsUse
            | HeadquartersOrBaseEstablished
            | LootingPropertyDestruction
            | NonViolentTransferOfTerritory
            | Other => EventType::StrategicDevelopments,
        }
    }

    /// The disorder type ACLED gives this sub-event type by default, used
    /// when a file (the older ACLED shape, UCDP) has no `disorder_type`:
    /// violent event types are political violence, protests and riots are
    /// demonstrations, except excessive force against protesters, which is
    /// both.
    #[must_use]
    pub fn default_disorder_type(self) -> DisorderType {
        match self.event_type() {
            EventType::Battles
            | EventType::ExplosionsRemoteViolence
            | EventType::ViolenceAgainstCivilians => DisorderType::PoliticalViolence,
            EventType::Protests if self == SubEventType::ExcessiveForceAgainstProtesters => {
                DisorderType::PoliticalViolenceAndDemonstrations
            }
            EventType::Protests | EventType::Riots => DisorderType::Demonstrations,
            EventType::StrategicDevelopments => DisorderType::StrategicDevelopments,
        }
    }
}

/// ACLED's disorder categories (column `disorder_type`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DisorderType {
    /// "Political violence".
    PoliticalViolence,
    /// "Demonstrations".
    Demonstrations,
    /// "Strategic developments".
    StrategicDevelopments,
    /// "Political violence; Demonstrations": both at once.
    PoliticalViolenceAndDemonstrations,
}

labelled!(DisorderType {
    PoliticalViolence => "Political violence",
    Demonstrations => "Demonstrations",
    StrategicDevelopments => "Strategic developments",
    PoliticalViolenceAndDemonstrations => "Political violence; Demonstrations",
});

impl DisorderType {
    fn alias(_label: &str) -> Option<Self> {
        None
    }
}

/// ACLED's actor types, with their "inter" codes 1–8.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActorType {
    /// 1: "State forces".
    StateForces,
    /// 2: "Rebel group".
    RebelGroup,
    /// 3: "Political militia".
    PoliticalMilitia,
    /// 4: "Identity militia".
    IdentityMilitia,
    /// 5: "Rioters".
    Rioters,
    /// 6: "Protesters".
    Protesters,
    /// 7: "Civilians".
    Civilians,
    /// 8: "External/Other forces".
    ExternalOtherForces,
}

labelled!(ActorType {
    StateForces => "State forces",
    RebelGroup => "Rebel group",
    PoliticalMilitia => "Political militia",
    IdentityMilitia => "Identity militia",
    Rioters => "Rioters",
    Protesters => "Protesters",
    Civilians => "Civilians",
    ExternalOtherForces => "External/Other forces",
});

impl ActorType {
    /// Accepts singular and plural forms ("Rebel groups", "State force",
    /// "Protestors") by comparing labels without a final "s".
    fn alias(label: &str) -> Option<Self> {
        fn stem(s: &str) -> String {
            let s = s
                .trim()
                .to_ascii_lowercase()
                .replace("protestor", "protester");
            s.strip_suffix('s').map(str::to_owned).unwrap_or(s)
        }
        let wanted = stem(label);
        Self::ALL
            .iter()
            .copied()
            .find(|v| stem(v.label()) == wanted)
    }

    /// ACLED's inter code, 1–8.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            ActorType::StateForces => 1,
            ActorType::RebelGroup => 2,
            ActorType::PoliticalMilitia => 3,
            ActorType::IdentityMilitia => 4,
            ActorType::Rioters => 5,
            ActorType::Protesters => 6,
            ActorType::Civilians => 7,
            ActorType::ExternalOtherForces => 8,
        }
    }

    /// The actor type with inter code `code`.
    #[must_use]
    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }

    /// Reads an inter column: a code ("1") or a label ("State forces").
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        match text.parse::<u8>() {
            Ok(code) => Self::from_code(code),
            Err(_) => Self::from_label(text),
        }
    }
}

/// One side of an incident, as ACLED names it (e.g. "JNIM: Jama'at Nasr
/// al-Islam wal Muslimin"), with its associated actors.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The actor's name.
    pub name: String,
    /// Associated actors (ACLED's `assoc_actor_N`, "; "-separated there, so
    /// a name may not hold ';').
    pub associated: Vec<String>,
    /// The actor's type (ACLED's `interN`).
    pub kind: ActorType,
}

/// A time or geographic precision code: 1 (most precise) to 3.
///
/// Time (ACLED): 1 the day is known, 2 the week, 3 the month.
/// Place (ACLED): 1 the town itself, 2 near the town or a part of a
/// region, 3 only the larger region.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Precision(u8);

impl Precision {
    /// Precision 1, the best.
    pub const EXACT: Precision = Precision(1);

    /// `value` if it is 1, 2 or 3.
    #[must_use]
    pub fn new(value: u8) -> Option<Self> {
        (1..=3).contains(&value).then_some(Precision(value))
    }

    /// The code, 1 to 3.
    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Precision {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Precision::new(value).ok_or_else(|| format!("precision {value} is not 1, 2 or 3"))
    }
}

impl From<Precision> for u8 {
    fn from(p: Precision) -> u8 {
        p.0
    }
}

/// ACLED's `source_scale`: one or more scales joined by '-', e.g.
/// "National", "Local partner-International", "New media-National".
///
/// Stored as the validated, canonically spelt string (each part one of
/// [`SourceScale::PARTS`], matched without regard to ASCII case), because
/// that is what ACLED files carry and the combinations are open-ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SourceScale(String);

impl SourceScale {
    /// The scales a part may name.
    pub const PARTS: &'static [&'static str] = &[
        "Local",
        "Local partner",
        "Subnational",
        "National",
        "Regional",
        "International",
        "New media",
        "Other",
    ];

    /// Parses and canonicalises a scale; `None` if a part is unknown.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let mut out = String::with_capacity(text.len());
        for (i, part) in text.split('-').enumerate() {
            let part = part.trim();
            let canon = Self::PARTS.iter().find(|p| p.eq_ignore_ascii_case(part))?;
            if i > 0 {
                out.push('-');
            }
            out.push_str(canon);
        }
        Some(SourceScale(out))
    }

    /// The canonical text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The parts, e.g. `["National", "International"]`.
    pub fn parts(&self) -> impl Iterator<Item = &str> {
        self.0.split('-')
    }
}

impl TryFrom<String> for SourceScale {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        SourceScale::parse(&value).ok_or_else(|| format!("unknown source scale {value:?}"))
    }
}

impl From<SourceScale> for String {
    fn from(s: SourceScale) -> String {
        s.0
    }
}

/// A vague casualty word, valued by ACLED's rule.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VagueWord {
    /// "several", "a few", "plusieurs", "عدة": 10.
    Several,
    /// "many", "numerous", "de nombreux", "العديد": 10.
    Many,
    /// "tens", "des dizaines", "عشرات": 10.
    Tens,
    /// "dozens", "des douzaines": 12.
    Dozens,
    /// "hundreds", "des centaines", "مئات": 100.
    Hundreds,
    /// "thousands", "des milliers", "آلاف": 1000.
    Thousands,
}

impl VagueWord {
    /// ACLED's fixed value for the word (see [`Figure::value`]).
    #[must_use]
    pub fn value(self) -> u32 {
        match self {
            VagueWord::Several | VagueWord::Many | VagueWord::Tens => 10,
            VagueWord::Dozens => 12,
            VagueWord::Hundreds => 100,
            VagueWord::Thousands => 1000,
        }
    }
}

/// A casualty figure as a source reports it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Figure {
    /// "54".
    Exact(u32),
    /// "at least 47", "more than 47", "au moins 47".
    AtLeast(u32),
    /// "nearly 80", "about 80", "près de 80", "حوالي 80": an approximate
    /// figure, which may be above or below the truth.
    About(u32),
    /// "dozens", "des dizaines", "عشرات".
    Vague(VagueWord),
}

impl Figure {
    /// The number to count: the figure itself, or ACLED's fixed value for
    /// a vague word.
    ///
    /// ACLED's rule (ACLED Codebook 2024, section "Reported Fatalities",
    /// and ACLED's FAQ "Fatalities", 2023–2024): where sources give a
    /// vague figure, ACLED codes 10 for "several", "many" or "tens"
    /// (a plural without a number), 12 for "dozens", 100 for "hundreds";
    /// where sources differ it keeps the most conservative figure.
    #[must_use]
    pub fn value(self) -> u32 {
        match self {
            Figure::Exact(n) | Figure::AtLeast(n) | Figure::About(n) => n,
            Figure::Vague(w) => w.value(),
        }
    }

    /// Parses a figure written in English, French or Arabic, in Western or
    /// Arabic-Indic digits: "54", "at least 47", "nearly 80", "dozens",
    /// "des dizaines", "عشرات", "٥٤".
    ///
    /// # Errors
    /// [`FigureError`] when the text is neither a number, a number with a
    /// known qualifier, nor a known vague word.
    pub fn parse(text: &str) -> Result<Figure, FigureError> {
        let err = || FigureError::Unrecognised {
            value: text.chars().take(MAX_LABEL_CHARS).collect(),
        };
        let lowered = text.trim().to_lowercase();
        let t = lowered.trim_end_matches(['.', '!']).trim();
        if t.is_empty() {
            return Err(err());
        }
        if let Some(n) = parse_number(t) {
            return Ok(Figure::Exact(n));
        }
        for (prefix, make) in QUALIFIERS {
            if let Some(rest) = t.strip_prefix(prefix) {
                // A qualifier is a whole word: "over 5", not "overt5".
                let rest_trimmed = rest.trim_start();
                if rest_trimmed.len() == rest.len() && !prefix.ends_with(' ') {
                    continue;
                }
                if let Some(n) = parse_number(rest_trimmed) {
                    return Ok(make(n));
                }
            }
        }
        let word = t
            .strip_prefix("des ")
            .or_else(|| t.strip_prefix("de "))
            .unwrap_or(t)
            .trim();
        VAGUE_WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, v)| Figure::Vague(*v))
            .ok_or_else(err)
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Exact(n) => write!(f, "{n}"),
            Figure::AtLeast(n) => write!(f, "at least {n}"),
            Figure::About(n) => write!(f, "about {n}"),
            Figure::Vague(w) => f.write_str(match w {
                VagueWord::Several => "several",
                VagueWord::Many => "many",
                VagueWord::Tens => "tens",
                VagueWord::Dozens => "dozens",
                VagueWord::Hundreds => "hundreds",
                VagueWord::Thousands => "thousands",
            }),
        }
    }
}

type MakeFigure = fn(u32) -> Figure;

/// Qualifiers before a number, lower-case, longest first where one is a
/// prefix of another.
const QUALIFIERS: &[(&str, MakeFigure)] = &[
    ("at least", Figure::AtLeast),
    ("more than", Figure::AtLeast),
    ("over", Figure::AtLeast),
    ("au moins", Figure::AtLeast),
    ("plus de", Figure::AtLeast),
    ("على الأقل", Figure::AtLeast),
    ("أكثر من", Figure::AtLeast),
    ("ما لا يقل عن", Figure::AtLeast),
    ("nearly", Figure::About),
    ("almost", Figure::About),
    ("about", Figure::About),
    ("around", Figure::About),
    ("approximately", Figure::About),
    ("some", Figure::About),
    ("près de", Figure::About),
    ("presque", Figure::About),
    ("environ", Figure::About),
    ("حوالي", Figure::About),
    ("نحو", Figure::About),
    ("قرابة", Figure::About),
];

/// Vague words, lower-case (French articles "des"/"de" are stripped first).
const VAGUE_WORDS: &[(&str, VagueWord)] = &[
    ("several", VagueWord::Several),
    ("a few", VagueWord::Several),
    ("plusieurs", VagueWord::Several),
    ("quelques", VagueWord::Several),
    ("عدة", VagueWord::Several),
    ("بضعة", VagueWord::Several),
    ("many", VagueWord::Many),
    ("numerous", VagueWord::Many),
    ("nombreux", VagueWord::Many),
    ("nombreuses", VagueWord::Many),
    ("beaucoup", VagueWord::Many),
    ("العديد", VagueWord::Many),
    ("الكثير", VagueWord::Many),
    ("tens", VagueWord::Tens),
    ("dizaines", VagueWord::Tens),
    ("عشرات", VagueWord::Tens),
    ("dozens", VagueWord::Dozens),
    ("douzaines", VagueWord::Dozens),
    ("hundreds", VagueWord::Hundreds),
    ("centaines", VagueWord::Hundreds),
    ("مئات", VagueWord::Hundreds),
    ("thousands", VagueWord::Thousands),
    ("milliers", VagueWord::Thousands),
    ("آلاف", VagueWord::Thousands),
];

/// A whole number in Western or Arabic-Indic digits, with optional
/// thousands separators (',', ' ', U+202F, '.' between groups of three).
fn parse_number(text: &str) -> Option<u32> {
    let mut n: u32 = 0;
    let mut digits = 0;
    for c in text.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
            '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
            ',' | ' ' | '\u{202F}' | '\u{00A0}' | '\u{066C}' if digits > 0 => continue,
            _ => return None,
        };
        n = n.checked_mul(10)?.checked_add(d)?;
        digits += 1;
    }
    (digits > 0).then_some(n)
}

/// A figure that could not be read.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum FigureError {
    /// Not a number, a qualified number or a known vague word.
    #[error("unrecognised casualty figure {value:?}")]
    Unrecognised {
        /// The text (at most 300 characters of it).
        value: String,
    },
}

/// Who a source is, which decides how far its figures are trusted.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A news outlet.
    Media,
    /// A government or army statement.
    Official,
    /// An observer: the UN, ACLED, an NGO.
    Observer,
    /// A party to the mechanism.
    Party,
    /// A claim by the perpetrators.
    Perpetrator,
}

impl SourceKind {
    /// Every kind, in the forms' order.
    pub const ALL: [SourceKind; 5] = [
        SourceKind::Media,
        SourceKind::Official,
        SourceKind::Observer,
        SourceKind::Party,
        SourceKind::Perpetrator,
    ];

    /// The kind's code, as serde writes it (`media`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Media => "media",
            SourceKind::Official => "official",
            SourceKind::Observer => "observer",
            SourceKind::Party => "party",
            SourceKind::Perpetrator => "perpetrator",
        }
    }
}

/// One report of an incident.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The outlet or body ("RFI", "MINUSMA"); no ';' (ACLED joins outlets
    /// with "; ").
    pub outlet: String,
    /// Where the report is.
    pub url: Option<String>,
    /// When it was published, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Its language, a BCP 47 tag ("fr", "ar", "en").
    pub language: Option<String>,
    /// ACLED's scale of the source.
    pub scale: Option<SourceScale>,
    /// People it says were killed.
    pub killed: Option<Figure>,
    /// People it says were injured.
    pub injured: Option<Figure>,
    /// People it says were abducted.
    pub abducted: Option<Figure>,
    /// Who the source is.
    pub kind: SourceKind,
}

impl Source {
    /// A source with only an outlet and a kind.
    #[must_use]
    pub fn new(outlet: impl Into<String>, kind: SourceKind) -> Self {
        Source {
            outlet: outlet.into(),
            url: None,
            date: None,
            language: None,
            scale: None,
            killed: None,
            injured: None,
            abducted: None,
            kind,
        }
    }

    /// Checks the source's fields; errors name them under `at`
    /// (`sources[2]` gives `sources[2].url`).
    ///
    /// # Errors
    /// [`RecordError`]: an empty outlet or one holding ';', a URL over
    /// [`MAX_URL_CHARS`], a date that is not a real day, a language that is
    /// not a BCP 47 tag.
    pub fn validate(&self, at: &str) -> Result<(), RecordError> {
        check_list_item(&format!("{at}.outlet"), &self.outlet)?;
        if let Some(url) = &self.url {
            check_text(&format!("{at}.url"), url, MAX_URL_CHARS, true, &[])?;
        }
        if let Some(date) = &self.date {
            check_date(&format!("{at}.date"), date)?;
        }
        if let Some(lang) = &self.language {
            let ok = !lang.is_empty()
                && lang.len() <= 35
                && lang.split('-').all(|p| {
                    !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric())
                });
            if !ok {
                return Err(RecordError::BadLanguage {
                    field: format!("{at}.language"),
                    value: lang.chars().take(MAX_LABEL_CHARS).collect(),
                });
            }
        }
        Ok(())
    }

    /// The source's figure for `what`.
    #[must_use]
    pub fn figure(&self, what: Toll) -> Option<Figure> {
        match what {
            Toll::Killed => self.killed,
            Toll::Injured => self.injured,
            Toll::Abducted => self.abducted,
        }
    }
}

/// Which toll to reconcile.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Toll {
    /// People killed.
    Killed,
    /// People injured.
    Injured,
    /// People abducted.
    Abducted,
}

/// One toll reconciled across the sources that give it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Casualties {
    /// The lowest figure of any source.
    pub low: u32,
    /// The best estimate (see [`reconcile`]).
    pub best: u32,
    /// The highest figure of any source.
    pub high: u32,
    /// ACLED's figure: the most conservative one, here the lowest.
    pub acled: u32,
}

/// Reconciles the sources' figures for `what`; `None` if no source gives
/// one.
///
/// - `low` and `high` are the minimum and maximum over every source
///   (a perpetrator's claim included: it bounds the range).
/// - `acled` follows ACLED's rule, the most conservative figure, which
///   here is the minimum.
/// - `best` follows UCDP's idea of a best estimate, the most likely
///   figure given all reports: the median of the figures of the sources
///   that are not the perpetrators' own claim, because attackers inflate
///   (and sometimes deflate) their tolls for propaganda while the others,
///   though each may err, err in both directions; a median resists one
///   outlier where a mean would not. With an even count the lower of the
///   two middle figures is taken (conservative, and an integer). When only
///   perpetrators give a figure, the median of all figures.
///
/// Vague figures count with ACLED's values ([`Figure::value`]).
#[must_use]
pub fn reconcile(sources: &[Source], what: Toll) -> Option<Casualties> {
    let mut all: Vec<u32> = Vec::with_capacity(sources.len());
    let mut credible: Vec<u32> = Vec::with_capacity(sources.len());
    for s in sources {
        if let Some(f) = s.figure(what) {
            all.push(f.value());
            if s.kind != SourceKind::Perpetrator {
                credible.push(f.value());
            }
        }
    }
    let low = *all.iter().min()?;
    let high = *all.iter().max()?;
    let pool = if credible.is_empty() {
        &mut all
    } else {
        &mut credible
    };
    pool.sort_unstable();
    let best = pool[(pool.len() - 1) / 2];
    Some(Casualties {
        low,
        best,
        high,
        acled: low,
    })
}

/// The record of one incident, as one party reports it or as ACLED or UCDP
/// publish it. Field names are ACLED's column names where one exists.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentRecord {
    /// ACLED's id ("MLI1234"), UCDP's ("UCDP-123456") or ours
    /// ("MOC-GAO-0001").
    pub event_id_cnty: String,
    /// The day of the event, `YYYY-MM-DD`.
    pub event_date: String,
    /// How precise the date is.
    pub time_precision: Precision,
    /// ACLED's disorder category.
    pub disorder_type: DisorderType,
    /// The event type.
    pub event_type: EventType,
    /// The sub-event type; must belong to `event_type`.
    pub sub_event_type: SubEventType,
    /// The first actor.
    pub actor1: Actor,
    /// The second actor, if any.
    pub actor2: Option<Actor>,
    /// Whether civilians were targeted (ACLED's `civilian_targeting`).
    pub civilian_targeting: bool,
    /// ISO 3166-1 numeric country code (466 is Mali).
    pub iso: u16,
    /// The country's name.
    pub country: String,
    /// ACLED's world region ("Western Africa").
    pub region: String,
    /// First-level administrative division (a region of Mali: "Gao").
    pub admin1: Option<String>,
    /// Second-level division (a cercle: "Ansongo").
    pub admin2: Option<String>,
    /// Third-level division (a commune).
    pub admin3: Option<String>,
    /// The place's name.
    pub location: String,
    /// Latitude in micro-degrees (integers, so a signed record has one
    /// canonical form).
    pub latitude_e6: i32,
    /// Longitude in micro-degrees.
    pub longitude_e6: i32,
    /// How precise the place is.
    pub geo_precision: Precision,
    /// The reports.
    pub sources: Vec<Source>,
    /// What happened, in prose.
    pub notes: String,
    /// Tags ("ceasefire violation"); no ';' (ACLED joins tags with "; ").
    pub tags: Vec<String>,
    /// Deaths: ACLED's figure for ACLED rows; for our own records,
    /// `reconcile(&sources, Toll::Killed).acled`.
    pub fatalities: u32,
}

/// A record that breaks a rule; `field` names the field (with an index
/// for lists: `sources[2].outlet`).
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum RecordError {
    /// A required text is empty.
    #[error("{field}: must not be empty")]
    Empty {
        /// The field.
        field: String,
    },
    /// A text is too long.
    #[error("{field}: {len} characters, at most {max} allowed")]
    TooLong {
        /// The field.
        field: String,
        /// Its length in characters.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A text holds a control character (or a separator it may not hold).
    #[error("{field}: holds the forbidden character {character:?}")]
    ForbiddenCharacter {
        /// The field.
        field: String,
        /// The character.
        character: char,
    },
    /// A date is not a real `YYYY-MM-DD` day.
    #[error("{field}: {value:?} is not a date YYYY-MM-DD")]
    BadDate {
        /// The field.
        field: String,
        /// The text.
        value: String,
    },
    /// A language tag is not BCP 47-shaped (alphanumeric subtags of 1–8
    /// characters joined by '-').
    #[error("{field}: {value:?} is not a BCP 47 language tag")]
    BadLanguage {
        /// The field.
        field: String,
        /// The text.
        value: String,
    },
    /// A number is out of its range.
    #[error("{field}: {value} is out of range ({range})")]
    OutOfRange {
        /// The field.
        field: String,
        /// The value.
        value: i64,
        /// The allowed range.
        range: &'static str,
    },
    /// The sub-event type is not one of the event type's.
    #[error("sub_event_type: {sub_event_type:?} is not a sub-event of {event_type:?}")]
    SubEventMismatch {
        /// The sub-event type's label.
        sub_event_type: String,
        /// The event type's label.
        event_type: String,
    },
}

impl RecordError {
    /// The field the error is about.
    #[must_use]
    pub fn field(&self) -> &str {
        match self {
            RecordError::Empty { field }
            | RecordError::TooLong { field, .. }
            | RecordError::ForbiddenCharacter { field, .. }
            | RecordError::BadDate { field, .. }
            | RecordError::BadLanguage { field, .. }
            | RecordError::OutOfRange { field, .. } => field,
            RecordError::SubEventMismatch { .. } => "sub_event_type",
        }
    }
}

/// Checks a text: not too long, no control character (notes may hold
/// line breaks and tabs), none of `forbidden`.
fn check_text(
    field: &str,
    value: &str,
    max: usize,
    required: bool,
    forbidden: &[char],
) -> Result<(), RecordError> {
    if required && value.trim().is_empty() {
        return Err(RecordError::Empty {
            field: field.to_owned(),
        });
    }
    let multiline = max == MAX_NOTES_CHARS;
    let mut len = 0;
    for c in value.chars() {
        len += 1;
        let allowed_control = multiline && (c == '\n' || c == '\t');
        if (c.is_control() && !allowed_control) || forbidden.contains(&c) {
            return Err(RecordError::ForbiddenCharacter {
                field: field.to_owned(),
                character: c,
            });
        }
    }
    if len > max {
        return Err(RecordError::TooLong {
            field: field.to_owned(),
            len,
            max,
        });
    }
    Ok(())
}

fn check_label(field: &str, value: &str) -> Result<(), RecordError> {
    check_text(field, value, MAX_LABEL_CHARS, true, &[])
}

fn check_list_item(field: &str, value: &str) -> Result<(), RecordError> {
    check_text(field, value, MAX_LABEL_CHARS, true, &[';'])
}

fn check_date(field: &str, value: &str) -> Result<(), RecordError> {
    parse_iso_date(value)
        .map(|_| ())
        .ok_or_else(|| RecordError::BadDate {
            field: field.to_owned(),
            value: value.chars().take(MAX_LABEL_CHARS).collect(),
        })
}

/// A bounding box `south,west,north,east` in decimal degrees, as the
/// filters take it, in micro-degrees; `None` unless four finite numbers
/// in range with south ≤ north and west ≤ east.
#[must_use]
pub fn parse_bbox(text: &str) -> Option<(i32, i32, i32, i32)> {
    let parts: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect::<Option<_>>()?;
    let [s, w, n, e] = parts[..] else {
        return None;
    };
    let lat = |x: f64| (-90.0..=90.0).contains(&x);
    let lon = |x: f64| (-180.0..=180.0).contains(&x);
    if !(lat(s) && lat(n) && lon(w) && lon(e) && s <= n && w <= e) {
        return None;
    }
    // In range, so the products fit an i32.
    #[allow(clippy::cast_possible_truncation)]
    let e6 = |x: f64| (x * 1e6).round() as i32;
    Some((e6(s), e6(w), e6(n), e6(e)))
}

/// Parses a `YYYY-MM-DD` date into (year, month, day), checking that the
/// day exists (leap years included).
#[must_use]
pub fn parse_iso_date(text: &str) -> Option<(u16, u8, u8)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u16> {
        b[r].iter().try_fold(0u16, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (m, d) = (u8::try_from(m).ok()?, u8::try_from(d).ok()?);
    (y >= 1 && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

/// The number of days in month `m` (1–12) of year `y`.
#[must_use]
pub fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The Gregorian year, month (1–12) and day (1–31) of the day `days`
/// after 1970-01-01 (negative before): Howard Hinnant's
/// `civil_from_days`, exact over every `i64` day count a timestamp in
/// seconds can give. The one calendar conversion of the workspace: the
/// web pages' moments and the intake's relative dates use it.
#[must_use]
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // In range by construction: 1–12 and 1–31.
    (
        y,
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

/// The day count from 1970-01-01 (negative before) of a Gregorian date:
/// Howard Hinnant's `days_from_civil`, the inverse of [`civil_from_days`].
#[must_use]
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn check_actor(field: &str, actor: &Actor) -> Result<(), RecordError> {
    check_label(&format!("{field}.name"), &actor.name)?;
    for (i, a) in actor.associated.iter().enumerate() {
        check_list_item(&format!("{field}.associated[{i}]"), a)?;
    }
    Ok(())
}

fn check_optional(field: &str, value: Option<&String>) -> Result<(), RecordError> {
    value.map_or(Ok(()), |v| check_label(field, v))
}

impl IncidentRecord {
    /// Checks every field; the error names the first field that breaks a
    /// rule.
    ///
    /// # Errors
    /// [`RecordError`]: an empty required text, a text over
    /// [`MAX_LABEL_CHARS`] (or [`MAX_NOTES_CHARS`] for `notes`), a control
    /// character, ';' in a list item (associated actors, outlets, tags), a
    /// date that is not a real `YYYY-MM-DD` day, a coordinate out of
    /// ±90°/±180°, an `iso` outside 1–999, or a sub-event type of another
    /// event type.
    pub fn validate(&self) -> Result<(), RecordError> {
        check_label("event_id_cnty", &self.event_id_cnty)?;
        check_date("event_date", &self.event_date)?;
        if self.sub_event_type.event_type() != self.event_type {
            return Err(RecordError::SubEventMismatch {
                sub_event_type: self.sub_event_type.label().to_owned(),
                event_type: self.event_type.label().to_owned(),
            });
        }
        check_actor("actor1", &self.actor1)?;
        if let Some(a) = &self.actor2 {
            check_actor("actor2", a)?;
        }
        if !(1..=999).contains(&self.iso) {
            return Err(RecordError::OutOfRange {
                field: "iso".into(),
                value: self.iso.into(),
                range: "1..=999",
            });
        }
        check_label("country", &self.country)?;
        check_label("region", &self.region)?;
        check_optional("admin1", self.admin1.as_ref())?;
        check_optional("admin2", self.admin2.as_ref())?;
        check_optional("admin3", self.admin3.as_ref())?;
        check_label("location", &self.location)?;
        if !(-90_000_000..=90_000_000).contains(&self.latitude_e6) {
            return Err(RecordError::OutOfRange {
                field: "latitude_e6".into(),
                value: self.latitude_e6.into(),
                range: "-90000000..=90000000",
            });
        }
        if !(-180_000_000..=180_000_000).contains(&self.longitude_e6) {
            return Err(RecordError::OutOfRange {
                field: "longitude_e6".into(),
                value: self.longitude_e6.into(),
                range: "-180000000..=180000000",
            });
        }
        for (i, s) in self.sources.iter().enumerate() {
            s.validate(&format!("sources[{i}]"))?;
        }
        check_text("notes", &self.notes, MAX_NOTES_CHARS, false, &[])?;
        for (i, t) in self.tags.iter().enumerate() {
            check_list_item(&format!("tags[{i}]"), t)?;
        }
        Ok(())
    }

    /// The year of `event_date` (0 if the date is malformed).
    #[must_use]
    pub fn year(&self) -> u16 {
        parse_iso_date(&self.event_date).map_or(0, |(y, _, _)| y)
    }
}

/// Records for the tests of every module.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// The Gao bombing of 18 January 2017, as the mechanism would record
    /// it from the seed articles' sources.
    pub(crate) fn gao_2017() -> IncidentRecord {
        let src = |outlet: &str, killed: u32, kind: SourceKind| Source {
            killed: Some(Figure::Exact(killed)),
            ..Source::new(outlet, kind)
        };
        let sources = vec![
            src("ORTM", 47, SourceKind::Official),
            src("UN", 54, SourceKind::Observer),
            src("ACLED", 55, SourceKind::Observer),
            src("RFI", 60, SourceKind::Media),
            src("MINUSMA", 61, SourceKind::Observer),
            src("The Guardian", 76, SourceKind::Media),
            src("French army via AP", 77, SourceKind::Official),
            src("Al-Mourabitoun claim", 80, SourceKind::Perpetrator),
        ];
        let fatalities = reconcile(&sources, Toll::Killed).map_or(0, |c| c.acled);
        IncidentRecord {
            event_id_cnty: "MOC-GAO-0001".into(),
            event_date: "2017-01-18".into(),
            time_precision: Precision::EXACT,
            disorder_type: DisorderType::PoliticalViolence,
            event_type: EventType::ExplosionsRemoteViolence,
            sub_event_type: SubEventType::SuicideBomb,
            actor1: Actor {
                name: "Al Mourabitoun".into(),
                associated: vec![],
                kind: ActorType::RebelGroup,
            },
            actor2: Some(Actor {
                name: "MOC: Operational Coordination Mechanism".into(),
                associated: vec!["CMA".into(), "Platform".into(), "FAMa".into()],
                kind: ActorType::StateForces,
            }),
            civilian_targeting: false,
            iso: 466,
            country: "Mali".into(),
            region: "Western Africa".into(),
            admin1: Some("Gao".into()),
            admin2: Some("Gao".into()),
            admin3: Some("Gao".into()),
            location: "Gao".into(),
            latitude_e6: 16_271_700,
            longitude_e6: -10_200,
            geo_precision: Precision::EXACT,
            sources,
            notes: "A suicide vehicle bomb hit the MOC camp in Gao during the morning \
                    assembly of mixed units."
                .into(),
            tags: vec!["ceasefire violation".into()],
            fatalities,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_kinds_are_coded_as_serde_writes_them() {
        for k in SourceKind::ALL {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.as_str().to_owned())
            );
        }
    }

    #[test]
    fn days_and_dates_convert_both_ways() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2017, 1, 18), 17_184);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn validate_names_the_field() {
        let good = fixtures::gao_2017();
        assert_eq!(good.validate(), Ok(()));
        assert_eq!(good.fatalities, 47);
        let check = |edit: &dyn Fn(&mut IncidentRecord), field: &str| {
            let mut r = fixtures::gao_2017();
            edit(&mut r);
            let err = r.validate().expect_err(field);
            assert_eq!(err.field(), field, "{err}");
        };
        check(&|r| r.event_date = "2017-02-30".into(), "event_date");
        check(
            &|r| r.sub_event_type = SubEventType::Arrests,
            "sub_event_type",
        );
        check(&|r| r.latitude_e6 = 200_000_000, "latitude_e6");
        check(&|r| r.longitude_e6 = -180_000_001, "longitude_e6");
        check(&|r| r.location = " ".into(), "location");
        check(&|r| r.country = "Ma\u{7}li".into(), "country");
        check(&|r| r.notes = "x".repeat(4001), "notes");
        check(&|r| r.region = "é".repeat(301), "region");
        check(&|r| r.tags.push("a;b".into()), "tags[1]");
        check(
            &|r| r.sources[3].outlet = "RFI; AFP".into(),
            "sources[3].outlet",
        );
        check(
            &|r| r.sources[0].language = Some("fr_FR".into()),
            "sources[0].language",
        );
        check(
            &|r| r.sources[0].date = Some("2017-1-18".into()),
            "sources[0].date",
        );
        check(&|r| r.iso = 0, "iso");
        check(
            &|r| {
                r.actor2
                    .as_mut()
                    .map_or((), |a| a.associated[1] = String::new())
            },
            "actor2.associated[1]",
        );
        let mut notes = fixtures::gao_2017();
        notes.notes = "line one\nline two".into();
        assert_eq!(notes.validate(), Ok(()));
    }

    #[test]
    fn serde_is_strict_and_round_trips() {
        let r = fixtures::gao_2017();
        let json = serde_json::to_string(&r).expect("serialise");
        assert!(
            json.contains("\"sub_event_type\":\"suicide-bomb\""),
            "{json}"
        );
        assert!(json.contains("\"killed\":{\"exact\":47}"), "{json}");
        let back: IncidentRecord = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, r);
        let extra = json.replacen('{', "{\"colour\":1,", 1);
        assert!(serde_json::from_str::<IncidentRecord>(&extra).is_err());
    }

    fn src(outlet: &str, killed: u32, kind: SourceKind) -> Source {
        Source {
            killed: Some(Figure::Exact(killed)),
            ..Source::new(outlet, kind)
        }
    }

    /// The Gao bombing of 18 January 2017 (the MOC camp): the acceptance
    /// fixture for reconciliation.
    #[test]
    fn gao_2017_reconciliation() {
        let sources = [
            src("ORTM", 47, SourceKind::Official),
            src("UN", 54, SourceKind::Observer),
            src("ACLED", 55, SourceKind::Observer),
            src("RFI", 60, SourceKind::Media),
            src("MINUSMA", 61, SourceKind::Observer),
            src("The Guardian", 76, SourceKind::Media),
            src("French army via AP", 77, SourceKind::Official),
            src("Al-Mourabitoun claim", 80, SourceKind::Perpetrator),
        ];
        assert_eq!(
            reconcile(&sources, Toll::Killed),
            Some(Casualties {
                low: 47,
                best: 60,
                high: 80,
                acled: 47
            })
        );
        assert_eq!(reconcile(&sources, Toll::Injured), None);
    }

    #[test]
    fn reconcile_only_perpetrators_and_vague() {
        let mut a = src("claim", 30, SourceKind::Perpetrator);
        let b = src("claim 2", 10, SourceKind::Perpetrator);
        a.injured = Some(Figure::Vague(VagueWord::Dozens));
        let c = reconcile(&[a.clone(), b], Toll::Killed).expect("figures");
        assert_eq!((c.low, c.best, c.high, c.acled), (10, 10, 30, 10));
        let i = reconcile(&[a], Toll::Injured).expect("figure");
        assert_eq!(i.best, 12);
    }

    #[test]
    fn figures_in_three_languages() {
        let cases: &[(&str, Figure)] = &[
            ("54", Figure::Exact(54)),
            ("1,200", Figure::Exact(1200)),
            ("at least 47", Figure::AtLeast(47)),
            ("Au moins 12", Figure::AtLeast(12)),
            ("nearly 80", Figure::About(80)),
            ("près de 80", Figure::About(80)),
            ("dozens", Figure::Vague(VagueWord::Dozens)),
            ("des dizaines", Figure::Vague(VagueWord::Tens)),
            ("Plusieurs", Figure::Vague(VagueWord::Several)),
            ("des centaines", Figure::Vague(VagueWord::Hundreds)),
            ("عشرات", Figure::Vague(VagueWord::Tens)),
            ("٥٤", Figure::Exact(54)),
            ("على الأقل ٤٧", Figure::AtLeast(47)),
            ("حوالي 80", Figure::About(80)),
        ];
        for (text, want) in cases {
            assert_eq!(Figure::parse(text).as_ref(), Ok(want), "{text}");
        }
        for bad in ["", "overt5", "lots of people", "-3", "99999999999"] {
            assert!(Figure::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Figure::Vague(VagueWord::Dozens).value(), 12);
        assert_eq!(Figure::Vague(VagueWord::Several).value(), 10);
        assert_eq!(Figure::Vague(VagueWord::Hundreds).value(), 100);
    }

    #[test]
    fn slugs_are_what_serde_writes() {
        for t in SubEventType::ALL {
            assert_eq!(
                serde_json::to_value(t).unwrap(),
                serde_json::Value::String(t.slug().to_owned())
            );
        }
        assert_eq!(
            EventType::ExplosionsRemoteViolence.slug(),
            "explosions-remote-violence"
        );
        assert_eq!(SubEventType::ArmedClash.slug(), "armed-clash");
        for t in SubEventType::ALL {
            assert_eq!(SubEventType::from_slug(t.slug()), Some(*t));
        }
        for t in EventType::ALL {
            assert_eq!(EventType::from_slug(t.slug()), Some(*t));
        }
        assert_eq!(
            EventType::from_slug("Battles"),
            None,
            "labels are not codes"
        );
        assert_eq!(SubEventType::from_slug(""), None);
    }

    #[test]
    fn labels_round_trip() {
        assert_eq!(SubEventType::ALL.len(), 25);
        assert_eq!(EventType::ALL.len(), 6);
        for s in SubEventType::ALL {
            assert_eq!(
                SubEventType::from_label(&s.label().to_uppercase()),
                Some(*s)
            );
            assert!(s.event_type().sub_event_types().any(|x| x == *s));
        }
        for e in EventType::ALL {
            assert_eq!(EventType::from_label(e.label()), Some(*e));
        }
        for d in DisorderType::ALL {
            assert_eq!(DisorderType::from_label(d.label()), Some(*d));
        }
        for a in ActorType::ALL {
            assert_eq!(ActorType::from_code(a.code()), Some(*a));
            assert_eq!(ActorType::parse(&a.code().to_string()), Some(*a));
            assert_eq!(ActorType::from_label(a.label()), Some(*a));
        }
        assert_eq!(
            ActorType::from_label("Rebel groups"),
            Some(ActorType::RebelGroup)
        );
        assert_eq!(
            ActorType::from_label("State Forces"),
            Some(ActorType::StateForces)
        );
        assert_eq!(
            ActorType::from_label("protestors"),
            Some(ActorType::Protesters)
        );
        assert_eq!(
            SubEventType::from_label("Excessive force against protestors"),
            Some(SubEventType::ExcessiveForceAgainstProtesters)
        );
        assert_eq!(ActorType::from_code(9), None);
        assert_eq!(EventType::from_label("Battle"), None);
    }

    #[test]
    fn precision_and_scale() {
        assert!(Precision::new(0).is_none() && Precision::new(4).is_none());
        assert_eq!(Precision::new(3).map(Precision::get), Some(3));
        assert!(serde_json::from_str::<Precision>("4").is_err());
        let s = SourceScale::parse("national-INTERNATIONAL").expect("scale");
        assert_eq!(s.as_str(), "National-International");
        assert_eq!(s.parts().count(), 2);
        assert!(SourceScale::parse("New media-Regional").is_some());
        assert!(SourceScale::parse("Galactic").is_none());
        assert!(serde_json::from_str::<SourceScale>("\"Planetary\"").is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_iso_date("2017-01-18"), Some((2017, 1, 18)));
        assert_eq!(parse_iso_date("2024-02-29"), Some((2024, 2, 29)));
        for bad in [
            "2023-02-29",
            "2017-13-01",
            "2017-1-18",
            "18-01-2017",
            "2017-01-32",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn boxes_are_read_in_degrees_and_checked() {
        assert_eq!(
            parse_bbox("14.5,-2,18,2.25"),
            Some((14_500_000, -2_000_000, 18_000_000, 2_250_000))
        );
        assert_eq!(parse_bbox("18,-2,14,2"), None, "south above north");
        assert_eq!(parse_bbox("14,-2,95,2"), None, "latitude out of range");
        assert_eq!(parse_bbox("14,-2,18"), None, "three numbers");
        assert_eq!(parse_bbox("a,b,c,d"), None);
        assert_eq!(parse_bbox("NaN,0,1,1"), None);
    }
}
