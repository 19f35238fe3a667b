//! ACLED event and sub-event types from trigger words, resolved by their
//! context in the sentence.
//!
//! Each trigger has a weight: 5–6 for words that name one sub-event type
//! ("suicide bomber", "IED", "clashes", "abducted"), 3–4 for strong but
//! less specific ones ("blast", "took control of", "arrested"), 1–2 for
//! generic ones ("attack", "killed", "occupied") that only tip the
//! balance. A trigger under a modal or negation ("planning an attack",
//! "protests were expected", "to prevent attacks") counts for nothing: it
//! reports no event.
//!
//! Context rules (ACLED Codebook 2024, "Event Types and Sub-Event
//! Types"):
//! - an explosion where a suicide attacker is mentioned is a *Suicide
//!   bomb*; any other bomb, IED or blast a *Remote explosive/landmine/IED*;
//! - an attack on civilians (villagers, residents, passengers…) is
//!   *Violence against civilians / Attack*; an attack on anything else
//!   (camps, positions, patrols, soldiers) is a *Battles / Armed clash*;
//! - an armed group taking a town is *Battles / Non-state actor overtakes
//!   territory*; taking it "without firing a shot", or a government force
//!   withdrawing, is *Strategic developments / Non-violent transfer of
//!   territory*;
//! - armed men taking over **checkpoints** or a building (the Timbuktu
//!   checkpoints in March 2017) are coded *Strategic developments /
//!   Non-violent transfer of territory*: ACLED keeps *Non-state actor
//!   overtakes territory* for territory won in an armed engagement with
//!   an opponent, and a checkpoint or building taken with no reported
//!   fight, no casualty and no opponent named is a change of control
//!   without battle; gunfire heard nearby is not by itself a clash. When
//!   the same sentence reports clashes, the clash trigger outweighs it;
//! - people occupying a building while "demanding" something are
//!   *Protests / Peaceful protest*.

use moc_incidents::{EventType, SubEventType};

use std::sync::LazyLock;

use crate::text::{Lexicon, Token};

/// What a trigger word means before its context is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Meaning {
    /// One sub-event type, whatever the context.
    Fixed(SubEventType),
    /// An explosion: a suicide bomb if a suicide attacker is mentioned.
    Explosion,
    /// An attack: on civilians, or on armed actors.
    Attack,
    /// Taking a place: by force or not, a town or a checkpoint.
    TakeOver,
    /// "suicide", "kamikaze": turns an explosion into a suicide bomb.
    Suicide,
}

use Meaning::{Attack, Explosion, Fixed, Suicide, TakeOver};
use SubEventType as S;

/// Trigger phrases (folded words; `*` ends a prefix), meaning and weight.
const TRIGGERS: &[(&str, Meaning, u8)] = &[
    ("suicide bomb*", Fixed(S::SuicideBomb), 6),
    ("suicide attack*", Fixed(S::SuicideBomb), 6),
    ("attentat* suicide*", Fixed(S::SuicideBomb), 6),
    ("kamikaze*", Suicide, 2),
    ("suicide", Suicide, 2),
    ("car bomb*", Explosion, 5),
    ("explosives laden", Explosion, 5),
    ("vehicle borne", Explosion, 5),
    ("voiture* piegee*", Explosion, 5),
    ("vehicule* piege*", Explosion, 5),
    ("ied", Explosion, 5),
    ("ieds", Explosion, 5),
    ("roadside bomb*", Explosion, 5),
    ("landmine*", Explosion, 5),
    ("land mine*", Explosion, 5),
    ("explosive device*", Explosion, 5),
    ("engin* explosi*", Explosion, 5),
    ("sur une mine", Explosion, 5),
    ("hit a mine", Explosion, 5),
    ("struck a mine", Explosion, 5),
    ("bomb", Explosion, 3),
    ("bombs", Explosion, 3),
    ("blast*", Explosion, 3),
    ("explosion*", Explosion, 3),
    ("exploded", Explosion, 3),
    ("explose", Explosion, 3),
    ("grenade*", Fixed(S::Grenade), 5),
    ("shelling", Fixed(S::ShellingArtilleryMissileAttack), 5),
    ("shelled", Fixed(S::ShellingArtilleryMissileAttack), 5),
    ("mortar*", Fixed(S::ShellingArtilleryMissileAttack), 5),
    ("rocket*", Fixed(S::ShellingArtilleryMissileAttack), 5),
    ("roquette*", Fixed(S::ShellingArtilleryMissileAttack), 5),
    ("obus", Fixed(S::ShellingArtilleryMissileAttack), 5),
    ("air strike*", Fixed(S::AirDroneStrike), 5),
    ("airstrike*", Fixed(S::AirDroneStrike), 5),
    ("drone strike*", Fixed(S::AirDroneStrike), 5),
    ("frappe* aerienne*", Fixed(S::AirDroneStrike), 5),
    ("clash*", Fixed(S::ArmedClash), 4),
    ("fighting", Fixed(S::ArmedClash), 4),
    ("firefight*", Fixed(S::ArmedClash), 4),
    ("gunfight*", Fixed(S::ArmedClash), 4),
    ("gun battle*", Fixed(S::ArmedClash), 4),
    ("exchange of fire", Fixed(S::ArmedClash), 4),
    ("affrontement*", Fixed(S::ArmedClash), 4),
    ("combats", Fixed(S::ArmedClash), 4),
    ("accrochage*", Fixed(S::ArmedClash), 4),
    ("heurts", Fixed(S::ArmedClash), 4),
    ("ambush*", Fixed(S::ArmedClash), 3),
    ("embuscade*", Fixed(S::ArmedClash), 3),
    ("retake", Fixed(S::ArmedClash), 3),
    ("gunfire", Fixed(S::ArmedClash), 1),
    ("fusillade*", Fixed(S::ArmedClash), 3),
    ("retook", Fixed(S::GovernmentRegainsTerritory), 4),
    ("recaptured", Fixed(S::GovernmentRegainsTerritory), 4),
    ("regained control", Fixed(S::GovernmentRegainsTerritory), 4),
    (
        "repris le controle",
        Fixed(S::GovernmentRegainsTerritory),
        4,
    ),
    ("took control", TakeOver, 4),
    ("taken control", TakeOver, 4),
    ("take control", TakeOver, 4),
    ("took over", TakeOver, 4),
    ("taken over", TakeOver, 4),
    ("seized", TakeOver, 4),
    ("captured", TakeOver, 4),
    ("overran", TakeOver, 4),
    ("pris le controle", TakeOver, 4),
    ("empare*", TakeOver, 4),
    ("occupied", TakeOver, 2),
    ("occupe*", TakeOver, 2),
    ("withdrew", Fixed(S::NonViolentTransferOfTerritory), 2),
    ("pulled out", Fixed(S::NonViolentTransferOfTerritory), 2),
    ("pull out", Fixed(S::NonViolentTransferOfTerritory), 2),
    (
        "se sont retire*",
        Fixed(S::NonViolentTransferOfTerritory),
        2,
    ),
    ("attack*", Attack, 2),
    ("attaqu*", Attack, 2),
    ("assault*", Attack, 2),
    ("assaut", Attack, 2),
    ("raid*", Attack, 2),
    ("killed", Attack, 1),
    ("killing", Attack, 1),
    ("shot dead", Attack, 2),
    ("abattu*", Attack, 2),
    ("attentat*", Attack, 2),
    ("tue*", Attack, 1),
    ("massacre*", Fixed(S::Attack), 5),
    ("executed", Fixed(S::Attack), 4),
    ("execute", Fixed(S::Attack), 4),
    ("executes", Fixed(S::Attack), 4),
    ("assassinat*", Fixed(S::Attack), 4),
    ("assassinated", Fixed(S::Attack), 4),
    ("abduct*", Fixed(S::AbductionForcedDisappearance), 4),
    ("kidnap*", Fixed(S::AbductionForcedDisappearance), 4),
    ("hostage*", Fixed(S::AbductionForcedDisappearance), 3),
    ("enlev*", Fixed(S::AbductionForcedDisappearance), 4),
    ("otage*", Fixed(S::AbductionForcedDisappearance), 3),
    ("raped", Fixed(S::SexualViolence), 5),
    ("looted", Fixed(S::LootingPropertyDestruction), 3),
    ("looting", Fixed(S::LootingPropertyDestruction), 3),
    ("pillage*", Fixed(S::LootingPropertyDestruction), 3),
    ("torched", Fixed(S::LootingPropertyDestruction), 3),
    ("protest*", Fixed(S::PeacefulProtest), 4),
    ("demonstrators", Fixed(S::PeacefulProtest), 4),
    ("demonstration*", Fixed(S::PeacefulProtest), 4),
    ("manifestation*", Fixed(S::PeacefulProtest), 4),
    ("manifestant*", Fixed(S::PeacefulProtest), 4),
    ("sit in", Fixed(S::PeacefulProtest), 4),
    ("marched", Fixed(S::PeacefulProtest), 3),
    ("demanding", Fixed(S::PeacefulProtest), 3),
    ("tear gas", Fixed(S::ProtestWithIntervention), 5),
    ("gaz lacrymogene*", Fixed(S::ProtestWithIntervention), 5),
    ("riot*", Fixed(S::ViolentDemonstration), 5),
    ("emeute*", Fixed(S::ViolentDemonstration), 5),
    ("mob", Fixed(S::MobViolence), 4),
    ("lynch*", Fixed(S::MobViolence), 5),
    ("arrested", Fixed(S::Arrests), 4),
    ("arrests", Fixed(S::Arrests), 4),
    ("detained", Fixed(S::Arrests), 4),
    ("interpell*", Fixed(S::Arrests), 4),
    ("defused", Fixed(S::DisruptedWeaponsUse), 4),
    ("weapons cache*", Fixed(S::DisruptedWeaponsUse), 4),
    ("desamorce*", Fixed(S::DisruptedWeaponsUse), 4),
    ("ceasefire", Fixed(S::Agreement), 2),
    ("cessez le feu", Fixed(S::Agreement), 2),
];

/// Words before a trigger that make it no event: plans, threats, fears,
/// prevention, negation, and the generic "fight against".
const MODALS_BEFORE: &[&str] = &[
    "planning",
    "plan",
    "plans",
    "planned",
    "plot",
    "plotting",
    "threat",
    "threats",
    "threatened",
    "threatening",
    "prevent",
    "preventing",
    "avoid",
    "will",
    "would",
    "could",
    "might",
    "possible",
    "risk",
    "fear",
    "feared",
    "fears",
    "no",
    "not",
    "never",
    "without",
    "against",
    "combat",
    "stop",
    "stopping",
    "end",
    "should",
    "must",
    "wait",
    "need",
    "needs",
    "ready",
    "intend",
    "intends",
    "want",
    "wants",
    "able",
    "doit",
    "devrait",
    "pourrait",
    "pourraient",
    "preparer",
    "prevu",
    "prevue",
    "menace",
    "menaces",
    "eviter",
    "empecher",
    "contre",
    "pas",
    "sans",
    "future",
    "frequent",
    "target",
    "warned",
    "vowed",
];

/// Words right after a trigger that make it no event ("protests were
/// expected", "attacks could").
const MODALS_AFTER: &[&str] = &[
    "expected",
    "planned",
    "feared",
    "could",
    "would",
    "will",
    "might",
    "threatened",
    "prevues",
    "prevus",
    "prevue",
    "prevu",
];

/// Words that make an attack one on civilians.
const CIVILIANS: &[&str] = &[
    "civilian",
    "civilians",
    "people",
    "personnes",
    "villagers",
    "residents",
    "passengers",
    "women",
    "children",
    "civils",
    "civiles",
    "villageois",
    "habitants",
    "population",
    "populations",
    "travellers",
    "travelers",
    "voyageurs",
    "worship*",
    "market",
    "marche",
    "wedding",
    "school",
    "ecole",
];

/// Targets that make an attack one on armed actors, and a specific
/// trigger ("attacking its positions", "an attack on the camp").
const MILITARY_TARGETS: &[&str] = &[
    "position",
    "positions",
    "camp",
    "base",
    "barracks",
    "patrol",
    "convoy",
    "post",
    "checkpoint",
    "soldiers",
    "troops",
    "army",
    "forces",
    "militaires",
    "soldats",
    "poste",
    "convoi",
    "patrouille",
    "caserne",
];

/// Words that make a take-over a change of control without battle.
const NON_VIOLENT: &[&str] = &[
    "checkpoint",
    "checkpoints",
    "check",
    "building",
    "assembly",
    "office",
    "offices",
    "mansion",
    "governorate",
    "barrages",
    "poste",
    "postes",
    "batiment",
    "gouvernorat",
    "abandoned",
    "abandonnee",
    "abandonnees",
    "peacefully",
    "shot",
    "resistance",
];

/// A trigger found in a sentence, already resolved by its context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trigger {
    /// The sub-event type it points to.
    pub sub_event: SubEventType,
    /// Its weight (see the module's doc).
    pub weight: u8,
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
}

impl Trigger {
    /// The ACLED event type of its sub-event type.
    pub fn event_type(&self) -> EventType {
        self.sub_event.event_type()
    }
}

fn word_in(t: &Token, list: &[&str]) -> bool {
    list.iter().any(|w| match w.strip_suffix('*') {
        Some(prefix) => t.folded.starts_with(prefix),
        None => t.folded == *w,
    })
}

fn suppressed(tokens: &[Token], first: usize, end: usize) -> bool {
    let before = tokens[first.saturating_sub(4)..first]
        .iter()
        .any(|t| word_in(t, MODALS_BEFORE));
    let after = tokens[end..tokens.len().min(end + 3)]
        .iter()
        .any(|t| word_in(t, MODALS_AFTER));
    before || after
}

/// The triggers of a sentence, resolved by its context; triggers under a
/// modal or a negation are left out.
pub fn find_triggers(tokens: &[Token]) -> Vec<Trigger> {
    static LEXICON: LazyLock<Lexicon> =
        LazyLock::new(|| Lexicon::new(TRIGGERS.iter().map(|(phrase, ..)| phrase)));
    let mut raw = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let hit = LEXICON.match_at(tokens, i).map(|(index, len)| {
            let (_, meaning, weight) = TRIGGERS[index];
            (len, meaning, weight)
        });
        match hit {
            Some((len, meaning, weight)) => {
                if !suppressed(tokens, i, i + len) {
                    raw.push((meaning, weight, i, i + len));
                }
                i += len;
            }
            None => i += 1,
        }
    }
    let suicide = raw.iter().any(|(m, ..)| *m == Suicide);
    if raw.is_empty() {
        return Vec::new();
    }
    let civilians = tokens.iter().any(|t| word_in(t, CIVILIANS));
    let non_violent = tokens.iter().any(|t| word_in(t, NON_VIOLENT));
    raw.into_iter()
        .filter_map(|(meaning, weight, first, end)| {
            let sub_event = match meaning {
                Fixed(s) => s,
                Explosion if suicide => S::SuicideBomb,
                Explosion => S::RemoteExplosiveLandmineIed,
                Attack if civilians => S::Attack,
                Attack if weight >= 2 && targets_military(tokens, end) => {
                    return Some(Trigger {
                        sub_event: S::ArmedClash,
                        weight: 3,
                        first,
                        end,
                    });
                }
                Attack => S::ArmedClash,
                TakeOver if non_violent => S::NonViolentTransferOfTerritory,
                TakeOver => S::NonStateActorOvertakesTerritory,
                Suicide => return None,
            };
            Some(Trigger {
                sub_event,
                weight,
                first,
                end,
            })
        })
        .collect()
}

/// Whether a military target follows an attack within a few words.
fn targets_military(tokens: &[Token], end: usize) -> bool {
    tokens[end..tokens.len().min(end + 5)]
        .iter()
        .any(|t| word_in(t, MILITARY_TARGETS))
}

/// Sums trigger weights per sub-event type and returns the heaviest, with
/// the index of its heaviest trigger. A suicide bomb outranks any other
/// explosion mentioned with it: "a suicide bomber drove an
/// explosives-laden vehicle" is one suicide bomb, not an IED.
pub fn resolve(triggers: &[Trigger]) -> Option<(SubEventType, u32, usize)> {
    let mut totals: Vec<(SubEventType, u32, usize)> = Vec::new();
    for (index, t) in triggers.iter().enumerate() {
        let sub = if t.event_type() == EventType::ExplosionsRemoteViolence
            && triggers.iter().any(|o| o.sub_event == S::SuicideBomb)
            && t.sub_event == S::RemoteExplosiveLandmineIed
        {
            S::SuicideBomb
        } else {
            t.sub_event
        };
        match totals.iter_mut().find(|(s, ..)| *s == sub) {
            Some(entry) => {
                entry.1 += u32::from(t.weight);
                if triggers[entry.2].weight < t.weight {
                    entry.2 = index;
                }
            }
            None => totals.push((sub, u32::from(t.weight), index)),
        }
    }
    totals
        .into_iter()
        .max_by_key(|(_, total, index)| (*total, std::cmp::Reverse(*index)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn check(sentence: &str, expected: Option<SubEventType>) {
        let triggers = find_triggers(&tokenize(sentence, 0));
        assert_eq!(resolve(&triggers).map(|r| r.0), expected, "{sentence}");
    }

    #[test]
    fn types_from_the_seeds() {
        check(
            "On January 18, 2017, a suicide bomber drove an explosives-laden vehicle into a military camp in Gao, killing at least 54 people",
            Some(S::SuicideBomb),
        );
        check(
            "Nearly 80 people were killed and more than 100 wounded following the car bomb attack in Gao, Mali.",
            Some(S::RemoteExplosiveLandmineIed),
        );
        check(
            "accused the CMA of attacking its positions near Tin-Essako in the Kidal region.",
            Some(S::ArmedClash),
        );
        check(
            "And Monday, armed men from groups that have also complained of a lack of consultation took over checkpoints surrounding the storied city of Timbuktu.",
            Some(S::NonViolentTransferOfTerritory),
        );
        check(
            "A coalition of Tuareg groups promptly took control of towns abandoned by the Malian Army without firing a shot.",
            Some(S::NonViolentTransferOfTerritory),
        );
        check(
            "In response, rebels abducted 30 people and occupied the governor’s mansion.",
            Some(S::AbductionForcedDisappearance),
        );
        check(
            "A week later, on 26 January, Malian intelligence services arrested two individuals suspected of planning a terrorist attack in the capital, Bamako.",
            Some(S::Arrests),
        );
        check(
            "In Gao, dozens of potential spoilers demanding a greater role in the process occupied the regional assembly.",
            Some(S::PeacefulProtest),
        );
        check(
            "The troops lost some 20 men—including their second in command—in the six hour firefight.",
            Some(S::ArmedClash),
        );
    }

    #[test]
    fn variations() {
        check(
            "Rebels seized the town of Anefis after heavy fighting.",
            Some(S::NonStateActorOvertakesTerritory),
        );
        check(
            "Rebels seized the town of Anefis.",
            Some(S::NonStateActorOvertakesTerritory),
        );
        check(
            "Gunmen attacked villagers in Ogossagou, killing 37 civilians.",
            Some(S::Attack),
        );
        check(
            "Des hommes armés ont attaqué un poste de l’armée malienne",
            Some(S::ArmedClash),
        );
        check(
            "Un engin explosif a touché un convoi près de Gao",
            Some(S::RemoteExplosiveLandmineIed),
        );
        check(
            "Un kamikaze a fait exploser une voiture piégée",
            Some(S::SuicideBomb),
        );
        check(
            "Des manifestants ont marché à Gao",
            Some(S::PeacefulProtest),
        );
        check(
            "Police fired tear gas at protesters in Bamako",
            Some(S::ProtestWithIntervention),
        );
        check(
            "Rioters burned tyres in Kati",
            Some(S::ViolentDemonstration),
        );
    }

    #[test]
    fn plans_threats_and_background_are_no_events() {
        check("protests were expected in Timbuktu on Friday.", None);
        check("to prevent attacks by Aqim on its territory", None);
        check(
            "The city has been a frequent target of attacks by extremists",
            None,
        );
        check(
            "Former rebels have been vetted to ensure they are not allied",
            None,
        );
        check("The joint battalion of 600 people is the first", None);
    }
}
