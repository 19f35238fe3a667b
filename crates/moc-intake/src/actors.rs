//! Actors: the armed forces, groups and missions of the Malian conflict,
//! each under its English, French and acronym spellings, and claims of
//! responsibility ("claimed responsibility", "a revendiqué").
//!
//! The dictionary holds the actors the mechanism deals with; a name is
//! matched on folded words, so "AQMI", "Aqmi" and "aqmi" are one actor. An
//! acronym must be written in capitals or with a capital first letter
//! ("Aqim"), so the English word "cma" in lower case never matches.

use serde::Serialize;

use std::sync::LazyLock;

use crate::text::{Lexicon, Token};

/// One actor of the dictionary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ActorEntry {
    /// The canonical name (ACLED-like).
    pub name: &'static str,
    /// ACLED's actor type ("inter" code): 1 state forces, 2 rebel group
    /// (ACLED codes the jihadist groups so too), 3 political militia, 8
    /// external forces (the UN mission, Barkhane). The MOC's mixed units
    /// act under the army's command: state forces.
    pub inter: u8,
    /// Its folded spellings.
    #[serde(skip)]
    pub variants: &'static [&'static str],
}

/// The dictionary, most specific spellings first within each entry.
pub const ACTORS: &[ActorEntry] = &[
    ActorEntry {
        name: "Military Forces of Mali (FAMa)",
        inter: 1,
        variants: &[
            "fama",
            "malian army",
            "malian soldiers",
            "malian troops",
            "malian forces",
            "malian military",
            "mali s army",
            "mali s military",
            "armee malienne",
            "forces armees maliennes",
            "soldats maliens",
            "militaires maliens",
            "government forces",
            "government soldiers",
            "government troops",
        ],
    },
    ActorEntry {
        name: "CMA: Coordination of Azawad Movements",
        inter: 2,
        variants: &[
            "cma",
            "coordination of azawad movements",
            "coordination of movements of azawad",
            "coordination of the movements of azawad",
            "coordination des mouvements de l azawad",
        ],
    },
    ActorEntry {
        name: "GATIA: Imghad Tuareg and Allies Self-Defense Group",
        inter: 3,
        variants: &[
            "gatia",
            "allied self defence group",
            "self defense group of imghad tuareg and allies",
            "groupe d autodefense touareg imghad et allies",
        ],
    },
    ActorEntry {
        name: "Platform",
        inter: 3,
        variants: &["platform", "plateforme", "self defence groups platform"],
    },
    ActorEntry {
        name: "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali",
        inter: 8,
        variants: &[
            "minusma",
            "u n stabilization mission in mali",
            "u n peacekeeping mission",
            "casques bleus",
            "peacekeepers",
        ],
    },
    ActorEntry {
        name: "Operation Barkhane",
        inter: 8,
        variants: &[
            "barkhane",
            "operation barkhane",
            "operation serval",
            "serval",
            "french forces",
            "forces francaises",
        ],
    },
    ActorEntry {
        name: "AQIM: Al Qaeda in the Islamic Maghreb",
        inter: 2,
        variants: &[
            "aqim",
            "aqmi",
            "al qaeda in the islamic maghreb",
            "al qaida in the islamic maghreb",
            "al qaeda au maghreb islamique",
            "al qaida au maghreb islamique",
        ],
    },
    ActorEntry {
        name: "Al Mourabitoun",
        inter: 2,
        variants: &[
            "al mourabitoun",
            "al mourabitounes",
            "al murabitun",
            "mourabitoun",
        ],
    },
    ActorEntry {
        name: "Ansar Dine",
        inter: 2,
        variants: &["ansar dine", "ansar eddine", "ansar ed dine"],
    },
    ActorEntry {
        name: "JNIM: Jama'at Nusrat al-Islam wal-Muslimin",
        inter: 2,
        variants: &[
            "jnim",
            "gsim",
            "jama at nusrat al islam wal muslimin",
            "group to support islam and muslims",
            "groupe de soutien a l islam et aux musulmans",
        ],
    },
    ActorEntry {
        name: "Islamic State (Greater Sahara)",
        inter: 2,
        variants: &[
            "isgs",
            "eigs",
            "islamic state in the greater sahara",
            "etat islamique au grand sahara",
        ],
    },
    ActorEntry {
        name: "MNLA: National Movement for the Liberation of Azawad",
        inter: 2,
        variants: &[
            "mnla",
            "national movement for the liberation of azawad",
            "mouvement national de liberation de l azawad",
        ],
    },
    ActorEntry {
        name: "MOC: Operational Coordination Mechanism",
        inter: 1,
        variants: &[
            "moc",
            "operational coordination mechanism",
            "mecanisme operationnel de coordination",
            "joint patrols",
            "joint patrol",
            "patrouilles mixtes",
        ],
    },
];

/// An actor named in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActorMention {
    /// Index in [`ACTORS`].
    pub actor: usize,
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
}

/// Finds the dictionary's actors in a sentence.
pub fn find_actors(tokens: &[Token]) -> Vec<ActorMention> {
    /// Every variant, with the index of its actor.
    static VARIANTS: LazyLock<(Lexicon, Vec<usize>)> = LazyLock::new(|| {
        let owners = ACTORS
            .iter()
            .enumerate()
            .flat_map(|(actor, e)| e.variants.iter().map(move |_| actor))
            .collect();
        let lexicon = Lexicon::new(ACTORS.iter().flat_map(|e| e.variants.iter()));
        (lexicon, owners)
    });
    let (lexicon, owners) = &*VARIANTS;
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match lexicon.match_at(tokens, i) {
            // An acronym (one word) must be capitalised.
            Some((variant, len)) if len > 1 || tokens[i].capitalised => {
                out.push(ActorMention {
                    actor: owners[variant],
                    first: i,
                    end: i + len,
                });
                i += len;
            }
            _ => i += 1,
        }
    }
    out
}

/// Whether the sentence claims responsibility: "claimed responsibility",
/// "claimed the attack", "a revendiqué", "revendiqué par". Returns the
/// token where the claim starts.
pub fn find_claim(tokens: &[Token]) -> Option<usize> {
    tokens.iter().enumerate().find_map(|(i, t)| {
        let next = tokens.get(i + 1).map(|t| t.folded.as_str());
        let claim = t.folded.starts_with("revendiq")
            || t.folded.starts_with("claim")
                && matches!(next, Some("responsibility" | "the" | "credit"));
        // "n'a pas été revendiqué", "no group has claimed responsibility".
        let negated = tokens[i.saturating_sub(4)..i].iter().any(|t| {
            matches!(
                t.folded.as_str(),
                "pas" | "not" | "no" | "never" | "jamais" | "aucun" | "yet"
            )
        });
        (claim && !negated).then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn check(sentence: &str, expected: &[&str]) {
        let found: Vec<&str> = find_actors(&tokenize(sentence, 0))
            .into_iter()
            .map(|m| ACTORS[m.actor].name)
            .collect();
        let expected: Vec<&str> = expected
            .iter()
            .map(|e| {
                ACTORS
                    .iter()
                    .find(|a| a.name.starts_with(e))
                    .map_or("?", |a| a.name)
            })
            .collect();
        assert_eq!(found, expected, "{sentence}");
    }

    #[test]
    fn actors_from_the_seeds() {
        check(
            "Al-Mourabitoun, a group linked to al-Qaida in the Islamic Maghreb, claimed responsibility",
            &["Al Mourabitoun", "AQIM"],
        );
        check(
            "accused the CMA of attacking its positions near Tin-Essako",
            &["CMA"],
        );
        check(
            "Malian Soldiers and former Tuareg rebels staged",
            &["Military"],
        );
        check(
            "the Allied Self-Defence Group (GATIA) – one of the main movements of the Platform",
            &["GATIA", "GATIA", "Platform"],
        );
        check("to combat Aqim units", &["AQIM"]);
        check("The MNLA was chief among the groups", &["MNLA"]);
    }

    #[test]
    fn french_and_acronym_variants() {
        check("l’armée malienne et la CMA", &["Military", "CMA"]);
        check("AQMI et l’EIGS", &["AQIM", "Islamic State"]);
        check("le JNIM a revendiqué l’attaque", &["JNIM"]);
        check("la Plateforme et la MINUSMA", &["Platform", "MINUSMA"]);
        // Lower-case acronyms are words, not actors.
        check("a moc trial", &[]);
    }

    #[test]
    fn claims_of_responsibility() {
        let claim = |s: &str| find_claim(&tokenize(s, 0)).is_some();
        assert!(claim("Al-Mourabitoun claimed responsibility and warned"));
        assert!(claim(
            "This group had claimed responsibility for the 18 January attack"
        ));
        assert!(claim("le JNIM a revendiqué l’attaque"));
        assert!(!claim("the claims of the parties"));
        assert!(!claim("he claimed that peace was near"));
        assert!(!claim("L’enlèvement n’a pas été revendiqué."));
        assert!(!claim(
            "No group has yet claimed responsibility for the attack."
        ));
    }
}
