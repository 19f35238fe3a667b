//! Places named in a sentence, found in the [`Gazetteer`], with ACLED's
//! `geo_precision`: 1 when the event is at the place, 2 when it is near
//! it ("near Tin-Essako", "80 km north of Timbuktu", "près de Gao"), 3
//! when only the region is named ("in the Kidal region").
//!
//! Names that are also ordinary words ("Ber", "Pa", "San", "Koro") are the
//! trap: a name must be capitalised; a short one (three letters or fewer)
//! or one that is a common word needs a locative word before it ("in",
//! "at", "near", "à", "de"); and among places sharing a name, Malian
//! places come first, then the most populous (see
//! [`Gazetteer::lookup_folded`]).

use serde::Serialize;

use crate::gazetteer::Gazetteer;
use crate::text::Token;

/// A place named in a sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceMention {
    /// Index of the place in the gazetteer ([`UNRESOLVED`] for a name the
    /// gazetteer lacks).
    pub place: usize,
    /// The name as written, for a place the gazetteer lacks.
    pub unresolved: Option<String>,
    /// First token of the name (or of the relation, "80 km north of").
    pub first: usize,
    /// One past the name's last token.
    pub end: usize,
    /// ACLED's `geo_precision`.
    pub geo_precision: u8,
    /// Whether a locative word introduces it ("in", "at", "near", "à").
    pub locative: bool,
    /// The relation to the place, when the event is near it ("near",
    /// "80 km north of").
    pub relation: Option<String>,
}

/// The `place` of a [`PlaceMention`] the gazetteer does not know.
pub const UNRESOLVED: usize = usize::MAX;

impl PlaceMention {
    /// Whether two mentions name one place.
    pub fn same_place(&self, other: &PlaceMention) -> bool {
        self.place == other.place && self.unresolved == other.unresolved
    }
}

/// Words that put what follows in a place.
const LOCATIVES: &[&str] = &[
    "in", "at", "near", "outside", "of", "from", "to", "into", "around", "a", "de", "du", "pres",
    "dans", "vers", "sur", "entre", "between", "and", "et", "towards", "toward",
];

/// Words that make the event near, not at, the place that follows.
const NEAR: &[&str] = &[
    "near",
    "outside",
    "around",
    "nearby",
    "pres",
    "proche",
    "environs",
    "abords",
    "outskirts",
    "vicinity",
    "close",
];

const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "nord",
    "sud",
    "est",
    "ouest",
    "northern",
    "southern",
    "eastern",
    "western",
];

/// Common words (English and French) that GeoNames also has as place
/// names somewhere in the border band; such a name needs a locative word.
const COMMON_WORDS: &[&str] = &[
    "pa", "san", "bla", "sogo", "koro", "fana", "nara", "kita", "bama", "bana", "camp", "mine",
    "army", "police", "la", "le", "les", "un", "une", "des", "bele", "gama", "popo", "pogo",
    "sibi", "doko", "kolo", "sio", "sion", "toma", "kona", "koma", "koba", "foro", "baya",
];

/// Finds the gazetteer's places in a sentence.
pub fn find_places(tokens: &[Token], gazetteer: &Gazetteer) -> Vec<PlaceMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match place_at(tokens, i, gazetteer) {
            Some(m) => {
                i = m.end;
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

fn place_at(tokens: &[Token], i: usize, gazetteer: &Gazetteer) -> Option<PlaceMention> {
    if !tokens[i].capitalised || !gazetteer.starts_a_name(&tokens[i].folded) {
        return None;
    }
    let longest = gazetteer.longest_name().min(tokens.len() - i);
    for len in (1..=longest).rev() {
        let key = tokens[i..i + len]
            .iter()
            .map(|t| t.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let Some(&place) = gazetteer.lookup_folded(&key).first() else {
            continue;
        };
        let before = i.checked_sub(1).map(|b| tokens[b].folded.as_str());
        let locative = before.is_some_and(|b| LOCATIVES.contains(&b));
        let short = len == 1 && key.chars().count() <= 3 && key != "gao";
        if (short || COMMON_WORDS.contains(&key.as_str())) && !locative {
            continue;
        }
        // The word after a name that is the start of a longer proper noun
        // ("Gao Regional Assembly") keeps the place; one that makes it a
        // person ("Mohamed Maiga") does not: a capitalised word before the
        // name that is no locative makes it part of another name.
        if i > 0 && tokens[i - 1].capitalised && !locative && !tokens[i].clause_break_before {
            let prev = &tokens[i - 1].folded;
            if !matches!(prev.as_str(), "the" | "and" | "in" | "at") && i - 1 > 0 {
                continue;
            }
        }
        let mut mention = PlaceMention {
            place,
            unresolved: None,
            first: i,
            end: i + len,
            geo_precision: 1,
            locative,
            relation: None,
        };
        let after = tokens.get(i + len).map(|t| t.folded.as_str());
        if matches!(after, Some("region" | "province" | "area")) {
            mention.geo_precision = 3;
            mention.end += 1;
        } else if before == Some("region")
            || (before == Some("de") && i >= 2 && tokens[i - 2].folded == "region")
        {
            mention.geo_precision = 3;
        } else {
            relation(tokens, i, &mut mention);
        }
        return Some(mention);
    }
    None
}

/// Nouns that introduce a place's name ("the village of Ogossagou", "la
/// localité de Boni").
const PLACE_NOUNS: &[&str] = &[
    "village", "town", "locality", "commune", "city", "hamlet", "localite", "ville", "hameau",
];

/// Capitalised words that are not names of places (months and weekdays
/// aside, which `dates` knows).
const NOT_PLACES: &[&str] = &[
    "the",
    "a",
    "an",
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "nord",
    "sud",
    "est",
    "ouest",
    "centre",
    "center",
    "mali",
    "malian",
    "niger",
    "burkina",
    "mauritania",
    "algeria",
    "region",
    "district",
    "circle",
    "cercle",
];

/// Places the gazetteer lacks, named where the text says they are places:
/// after a place noun ("the village of Ogossagou", "la commune de Boni"),
/// or after a locative word with a region named just after ("in Boni, in
/// the Mopti region", "près de Dioura, dans la région de Ségou"). `known`
/// are the gazetteer's mentions of the sentence, for the region.
pub fn find_unresolved(tokens: &[Token], known: &[PlaceMention]) -> Vec<PlaceMention> {
    let mut out = Vec::new();
    for i in 1..tokens.len() {
        let t = &tokens[i];
        let not_a_name = |t: &Token| {
            NOT_PLACES.contains(&t.folded.as_str()) || crate::dates::is_calendar_word(&t.folded)
        };
        if !t.capitalised || t.is_digits() || not_a_name(t) {
            continue;
        }
        if known.iter().any(|k| (k.first..k.end).contains(&i)) {
            continue;
        }
        if out.last().is_some_and(|m: &PlaceMention| m.end > i) {
            continue;
        }
        let prev = tokens[i - 1].folded.as_str();
        let prev2 = i.checked_sub(2).map(|k| tokens[k].folded.as_str());
        let after_noun =
            matches!(prev, "of" | "de" | "d") && prev2.is_some_and(|w| PLACE_NOUNS.contains(&w));
        let locative = matches!(prev, "in" | "at" | "near" | "a" | "pres" | "outside")
            || prev == "de" && prev2 == Some("pres");
        // A run of capitalised words: "Sobane Da", "Sobane-Da".
        let mut end = i + 1;
        while end < tokens.len()
            && end - i < 3
            && tokens[end].capitalised
            && !tokens[end].clause_break_before
            && !not_a_name(&tokens[end])
            && !known.iter().any(|k| k.first == end)
        {
            end += 1;
        }
        let region_follows = known
            .iter()
            .any(|k| k.geo_precision == 3 && k.first >= end && k.first <= end + 7);
        if after_noun || (locative && region_follows) {
            let name = tokens[i..end]
                .iter()
                .map(|t| t.folded.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let near = matches!(prev, "near" | "pres" | "outside") || prev2 == Some("pres");
            out.push(PlaceMention {
                place: UNRESOLVED,
                unresolved: Some(name),
                first: i,
                end,
                geo_precision: if near { 2 } else { 1 },
                locative: true,
                relation: near.then(|| {
                    if prev2 == Some("pres") {
                        "pres de".to_string()
                    } else {
                        prev.to_string()
                    }
                }),
            });
        }
    }
    out
}

/// Looks back from the name at `i` for "near", "north of", "80 km north
/// of", "à 80 km au nord de", "près de".
fn relation(tokens: &[Token], i: usize, mention: &mut PlaceMention) {
    let from = i.saturating_sub(6);
    let window = &tokens[from..i];
    let Some(pos) = window.iter().rposition(|t| {
        NEAR.contains(&t.folded.as_str()) || DIRECTIONS.contains(&t.folded.as_str())
    }) else {
        return;
    };
    // Only "of"/"de"/"to"/"du" and the like may stand between the relation
    // word and the name, so "near the camp in Gao" stays at Gao.
    let between = &window[pos + 1..];
    if between.iter().any(|t| {
        !matches!(
            t.folded.as_str(),
            "of" | "de" | "du" | "to" | "d" | "la" | "l"
        )
    }) {
        return;
    }
    let mut start = from + pos;
    // Take the distance along: "80 km", "80km", "à 80 kilomètres au".
    let mut k = start;
    while k > from {
        let w = tokens[k - 1].folded.as_str();
        let is_distance = w.ends_with("km")
            || matches!(
                w,
                "km" | "kilometres"
                    | "kilometers"
                    | "miles"
                    | "about"
                    | "some"
                    | "au"
                    | "a"
                    | "environ"
            )
            || tokens[k - 1].is_digits();
        if !is_distance {
            break;
        }
        k -= 1;
    }
    if k < start && tokens[k..start].iter().any(|t| t.is_digits()) {
        start = k;
        while tokens[start].folded == "a" || tokens[start].folded == "au" {
            start += 1;
        }
    }
    mention.first = start;
    mention.geo_precision = 2;
    mention.relation = Some(
        tokens[start..i]
            .iter()
            .map(|t| t.folded.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// `(canonical name, geo precision, relation)` of every place found.
    fn check(sentence: &str, expected: &[(&str, u8, Option<&str>)]) {
        let g = Gazetteer::mali().expect("embedded gazetteer");
        let found: Vec<(String, u8, Option<String>)> = find_places(&tokenize(sentence, 0), &g)
            .into_iter()
            .map(|m| {
                let name = g.place(m.place).map(|p| p.name.clone()).unwrap_or_default();
                (name, m.geo_precision, m.relation)
            })
            .collect();
        let expected: Vec<(String, u8, Option<String>)> = expected
            .iter()
            .map(|(n, p, r)| (n.to_string(), *p, r.map(str::to_string)))
            .collect();
        assert_eq!(found, expected, "{sentence}");
    }

    #[test]
    fn places_from_the_seeds() {
        check(
            "a suicide bomber drove an explosives-laden vehicle into a military camp in Gao, killing",
            &[("Gao", 1, None)],
        );
        check(
            "accused the CMA of attacking its positions near Tin-Essako in the Kidal region.",
            &[("Ti-n-Essako", 2, Some("near")), ("Kidal", 3, None)],
        );
        check(
            "vehicles gathered about 80km north of Timbuktu.",
            &[("Timbuktu", 2, Some("about 80km north of"))],
        );
        check(
            "Mali’s Army also pulled out of Ménaka, Léré and Tessalit.",
            &[("Ménaka", 1, None), ("Tessalit", 1, None)],
        );
    }

    #[test]
    fn variations() {
        check(
            "à 80 km au nord de Tombouctou",
            &[("Timbuktu", 2, Some("80 km au nord de"))],
        );
        check(
            "une attaque près de Menaka",
            &[("Ménaka", 2, Some("pres de"))],
        );
        check(
            "an IED exploded on the road between Gao and Ansongo",
            &[("Gao", 1, None), ("Ansongo", 1, None)],
        );
        check("In the TIMBUKTU region, gunmen", &[("Timbuktu", 3, None)]);
        check("near the camp in Kidal", &[("Kidal", 1, None)]);
    }

    fn unresolved(sentence: &str) -> Vec<(String, u8)> {
        let g = Gazetteer::mali().expect("embedded gazetteer");
        let tokens = tokenize(sentence, 0);
        let known = find_places(&tokens, &g);
        find_unresolved(&tokens, &known)
            .into_iter()
            .map(|m| (m.unresolved.unwrap_or_default(), m.geo_precision))
            .collect()
    }

    #[test]
    fn places_the_gazetteer_lacks() {
        assert_eq!(
            unresolved("gunmen attacked the village of Ogossagou on Saturday"),
            [("ogossagou".to_string(), 1)]
        );
        assert_eq!(
            unresolved("une attaque près de Boni, dans la région de Mopti"),
            [("boni".to_string(), 2)]
        );
        assert_eq!(
            unresolved("clashes in Anefis, in the Kidal region"),
            [("anefis".to_string(), 1)]
        );
        // A capitalised word after "in" with no region after it is not
        // taken for a place.
        assert_eq!(unresolved("the attack in Islamic circles"), []);
        assert_eq!(unresolved("in Gao, in the Gao region"), []);
    }

    #[test]
    fn common_words_and_countries_are_not_places() {
        // "Mali" is a village in Guinea, "Pa" one in Burkina Faso.
        check("Mali suffered one of the deadliest attacks", &[]);
        check("Pa said the army had left", &[]);
        check("the army of Niger", &[]);
        check("in gao, lower case", &[]);
        // A person's name is not a place.
        check("Mohamed Maiga, a resident, said", &[]);
    }
}
