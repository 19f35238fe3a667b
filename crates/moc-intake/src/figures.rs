//! Tolls: people killed, injured and abducted, written in digits or words,
//! exact or qualified, in English or French.
//!
//! Each figure becomes a `moc_incidents::Figure` and a low–high range by
//! ACLED's conventions (ACLED Codebook 2024, "Reported Fatalities"):
//! - an exact figure N ("54", "fifty-four", "cinquante-quatre") is N–N;
//! - "at least N", "more than N", "over N", "plus de N", "au moins N" is
//!   N–N: ACLED codes the stated minimum and never guesses above it;
//! - "nearly N", "almost N", "close to N", "près de N", "up to N" is a
//!   range just below N: ⌈0.9·N⌉–N;
//! - "about N", "some N", "around N", "environ N", and the French
//!   approximate nouns ("une cinquantaine" = about 50) are ⌈0.9·N⌉–⌊1.1·N⌋;
//! - a vague plural takes ACLED's fixed value: "several", "many", "tens",
//!   "des dizaines" 10; "dozens" 12; "hundreds" 100 (moc-incidents'
//!   `Figure::parse` and `VagueWord`).
//!
//! moc-incidents' `Figure` makes "nearly 80" and "about 80" the same
//! `About(80)`; the ranges here tell them apart, since "nearly" says the
//! truth lies below.
//!
//! A number is a toll only when a casualty word governs it: "killing at
//! least 54", "80 killed", "lost some 20 men", "abducted 30 people", "plus
//! de 60 morts". A distance ("80 km"), a year, a day of a date or a count
//! of patrolling men is not.

use moc_incidents::Figure;
use serde::Serialize;

use std::sync::LazyLock;

use crate::text::{Lexicon, Token};

/// Which toll a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TollKind {
    /// People killed.
    Killed,
    /// People injured.
    Injured,
    /// People abducted, kidnapped or taken hostage.
    Abducted,
}

/// A toll found in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TollMention {
    /// What it counts.
    pub kind: TollKind,
    /// The figure as written.
    pub figure: Figure,
    /// The lowest number it allows.
    pub low: u32,
    /// The highest number it allows.
    pub high: u32,
    /// First token of the figure phrase.
    #[serde(skip)]
    pub first: usize,
    /// One past its last token.
    #[serde(skip)]
    pub end: usize,
}

/// Numbers written as one word, English and French.
pub const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("un", 1),
    ("une", 1),
    ("two", 2),
    ("deux", 2),
    ("three", 3),
    ("trois", 3),
    ("four", 4),
    ("quatre", 4),
    ("five", 5),
    ("cinq", 5),
    ("six", 6),
    ("seven", 7),
    ("sept", 7),
    ("eight", 8),
    ("huit", 8),
    ("nine", 9),
    ("neuf", 9),
    ("ten", 10),
    ("dix", 10),
    ("eleven", 11),
    ("onze", 11),
    ("twelve", 12),
    ("douze", 12),
    ("thirteen", 13),
    ("treize", 13),
    ("fourteen", 14),
    ("quatorze", 14),
    ("fifteen", 15),
    ("quinze", 15),
    ("sixteen", 16),
    ("seize", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("vingt", 20),
    ("thirty", 30),
    ("trente", 30),
    ("forty", 40),
    ("quarante", 40),
    ("fifty", 50),
    ("cinquante", 50),
    ("sixty", 60),
    ("soixante", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
    ("cent", 100),
];

/// The value of a number written as one word ("six", "vingt").
pub fn number_word(folded: &str) -> Option<u32> {
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == folded)
        .map(|(_, v)| *v)
}

/// French approximate nouns: "une dizaine" is about ten.
const APPROX_NOUNS: &[(&str, u32)] = &[
    ("dizaine", 10),
    ("douzaine", 12),
    ("quinzaine", 15),
    ("vingtaine", 20),
    ("trentaine", 30),
    ("quarantaine", 40),
    ("cinquantaine", 50),
    ("soixantaine", 60),
    ("centaine", 100),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Qualifier {
    Exact,
    AtLeast,
    Below,
    About,
}

/// Qualifiers, longest first.
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("at least", Qualifier::AtLeast),
    ("more than", Qualifier::AtLeast),
    ("no fewer than", Qualifier::AtLeast),
    ("au moins", Qualifier::AtLeast),
    ("plus de", Qualifier::AtLeast),
    ("over", Qualifier::AtLeast),
    ("nearly", Qualifier::Below),
    ("almost", Qualifier::Below),
    ("close to", Qualifier::Below),
    ("up to", Qualifier::Below),
    ("pres de", Qualifier::Below),
    ("presque", Qualifier::Below),
    ("jusqu a", Qualifier::Below),
    ("about", Qualifier::About),
    ("around", Qualifier::About),
    ("some", Qualifier::About),
    ("approximately", Qualifier::About),
    ("roughly", Qualifier::About),
    ("an estimated", Qualifier::About),
    ("environ", Qualifier::About),
    ("quelque", Qualifier::About),
];

/// Casualty words and the toll they name. A word ending in `*` matches
/// any word it starts.
const TOLL_WORDS: &[(&str, TollKind)] = &[
    ("kill*", TollKind::Killed),
    ("dead", TollKind::Killed),
    ("toll", TollKind::Killed),
    ("bilan", TollKind::Killed),
    ("died", TollKind::Killed),
    ("death*", TollKind::Killed),
    ("lives", TollKind::Killed),
    ("lost", TollKind::Killed),
    ("fatalit*", TollKind::Killed),
    ("bodies", TollKind::Killed),
    ("massacr*", TollKind::Killed),
    ("execut*", TollKind::Killed),
    ("morts", TollKind::Killed),
    ("mort", TollKind::Killed),
    ("tue*", TollKind::Killed),
    ("deces", TollKind::Killed),
    ("wound*", TollKind::Injured),
    ("injur*", TollKind::Injured),
    ("hurt", TollKind::Injured),
    ("blesse*", TollKind::Injured),
    ("abduct*", TollKind::Abducted),
    ("kidnap*", TollKind::Abducted),
    ("hostage*", TollKind::Abducted),
    ("enleve*", TollKind::Abducted),
    ("otage*", TollKind::Abducted),
    ("enlev*", TollKind::Abducted),
];

/// Nouns for people, which "lost N" must be followed by to count deaths.
const PEOPLE: &[&str] = &[
    "men",
    "soldiers",
    "troops",
    "people",
    "lives",
    "fighters",
    "civilians",
    "hommes",
    "soldats",
    "personnes",
    "elements",
    "combatants",
    "combattants",
];

/// Nouns for one person, after "a", "one", "un", "une".
const SINGLE_PERSONS: &[&str] = &[
    "person",
    "soldier",
    "civilian",
    "man",
    "woman",
    "child",
    "peacekeeper",
    "policeman",
    "gendarme",
    "officer",
    "fighter",
    "homme",
    "femme",
    "enfant",
    "soldat",
    "civil",
    "personne",
    "militaire",
    "casque",
];

fn toll_word(t: &Token) -> Option<TollKind> {
    static LEXICON: LazyLock<Lexicon> =
        LazyLock::new(|| Lexicon::new(TOLL_WORDS.iter().map(|(w, _)| w)));
    LEXICON
        .match_at(std::slice::from_ref(t), 0)
        .map(|(index, _)| TOLL_WORDS[index].1)
}

/// A number at `i`: digits, words ("fifty-four" is two tokens, "fifty
/// four"), or "N hundred"; returns its value and the next token.
fn number_at(tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    let t = tokens.get(i)?;
    if t.is_digits() {
        if !t.folded.bytes().all(|b| b.is_ascii_digit()) {
            // "80km", "1er": not a count.
            return None;
        }
        return Some((t.folded.parse().ok()?, i + 1));
    }
    let unit = |k: usize| tokens.get(k).and_then(|t| number_word(&t.folded));
    let mut value = unit(i)?;
    let mut next = i + 1;
    if (20..100).contains(&value) {
        // "fifty-four", "cinquante-quatre", "soixante et onze".
        let skip_et = tokens.get(next).is_some_and(|t| t.folded == "et");
        let k = if skip_et { next + 1 } else { next };
        if let Some(u) = unit(k).filter(|u| *u < 20) {
            value += u;
            next = k + 1;
        }
    }
    if tokens
        .get(next)
        .is_some_and(|t| t.folded == "hundred" || t.folded == "cent")
        && value < 10
    {
        value *= 100;
        next += 1;
    }
    // "un", "une" and "one" are also articles and pronouns ("including
    // one in January"): they count only before a person or a casualty.
    if value == 1 {
        let next = tokens.get(next)?;
        let person = PEOPLE.contains(&next.folded.as_str())
            || matches!(
                next.folded.as_str(),
                "person"
                    | "soldier"
                    | "civilian"
                    | "man"
                    | "woman"
                    | "child"
                    | "homme"
                    | "femme"
                    | "enfant"
                    | "soldat"
                    | "civil"
                    | "personne"
                    | "peacekeeper"
            )
            || toll_word(next).is_some();
        if !person {
            return None;
        }
    }
    Some((value, next))
}

fn qualifier_before(tokens: &[Token], i: usize) -> (Qualifier, usize) {
    for (phrase, q) in QUALIFIERS {
        let words: Vec<&str> = phrase.split(' ').collect();
        if i >= words.len()
            && words
                .iter()
                .zip(&tokens[i - words.len()..i])
                .all(|(w, t)| *w == t.folded)
        {
            return (*q, i - words.len());
        }
    }
    (Qualifier::Exact, i)
}

fn range(q: Qualifier, n: u32) -> (Figure, u32, u32) {
    let tenth_below = n - n / 10;
    match q {
        Qualifier::Exact => (Figure::Exact(n), n, n),
        Qualifier::AtLeast => (Figure::AtLeast(n), n, n),
        Qualifier::Below => (
            Figure::About(n),
            tenth_below.min(n.saturating_sub(1)).max(1),
            n,
        ),
        Qualifier::About => (Figure::About(n), tenth_below, n.saturating_add(n / 10)),
    }
}

/// A figure phrase at `i`: `(figure, low, high, first, end)`.
fn figure_at(tokens: &[Token], i: usize) -> Option<(Figure, u32, u32, usize, usize)> {
    let t = tokens.get(i)?;
    // "a peacekeeper was killed": one person.
    if matches!(t.folded.as_str(), "a" | "an")
        && tokens
            .get(i + 1)
            .is_some_and(|n| SINGLE_PERSONS.contains(&n.folded.as_str()))
    {
        return Some((Figure::Exact(1), 1, 1, i, i + 1));
    }
    // Vague plurals ("dozens", "des dizaines") are moc-incidents' words,
    // valued as ACLED values them.
    if let Ok(Figure::Vague(v)) = Figure::parse(&t.folded) {
        let first = if i > 0 && matches!(tokens[i - 1].folded.as_str(), "des" | "de") {
            i - 1
        } else {
            i
        };
        let value = v.value();
        return Some((Figure::Vague(v), value, value, first, i + 1));
    }
    if let Some((_, n)) = APPROX_NOUNS.iter().find(|(w, _)| *w == t.folded) {
        let first = if i > 0 && tokens[i - 1].folded == "une" {
            i - 1
        } else {
            i
        };
        let (f, low, high) = range(Qualifier::About, *n);
        return Some((f, low, high, first, i + 1));
    }
    let (n, end) = number_at(tokens, i)?;
    // Not a year, nor a distance.
    if (1900..=2100).contains(&n) && t.is_digits() && t.folded.len() == 4 {
        return None;
    }
    if tokens.get(end).is_some_and(|t| {
        matches!(
            t.folded.as_str(),
            "km" | "kilometres"
                | "kilometers"
                | "miles"
                | "percent"
                | "pour"
                | "h"
                | "hours"
                | "years"
                | "ans"
                | "days"
                | "jours"
                | "months"
                | "mois"
                | "weeks"
        )
    }) {
        return None;
    }
    let (q, first) = qualifier_before(tokens, i);
    let (f, low, high) = range(q, n);
    Some((f, low, high, first, end))
}

/// Finds the tolls of a sentence. `masked` marks tokens that belong to a
/// date ("18 January"), which are never tolls.
pub fn find_tolls(tokens: &[Token], masked: &[bool]) -> Vec<TollMention> {
    let mut out = Vec::new();
    // Most sentences count no victims: without a casualty word there is
    // nothing to look for.
    if !tokens.iter().any(|t| toll_word(t).is_some()) {
        return out;
    }
    let mut i = 0;
    while i < tokens.len() {
        if masked.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        let Some((figure, low, high, first, end)) = figure_at(tokens, i) else {
            i += 1;
            continue;
        };
        if let Some(kind) = governing_word(tokens, first, end) {
            out.push(TollMention {
                kind,
                figure,
                low,
                high,
                first,
                end,
            });
        }
        i = end.max(i + 1);
    }
    out
}

/// The casualty word that governs the figure spanning `first..end`: the
/// verb right before it ("killing at least 54", "lost some 20 men"), or
/// the first casualty word after it within the clause ("80 killed",
/// "nearly 80 people were killed", "plus de 60 morts").
fn governing_word(tokens: &[Token], first: usize, end: usize) -> Option<TollKind> {
    if first > 0
        && let Some(k) = toll_word(&tokens[first - 1])
    {
        // "killed" right before a number ("killed 54") governs it; a
        // noun such as "deaths" does not ("deaths 54" is no phrase).
        // "lost" counts the dead only when people follow ("lost some
        // 20 men"), not towns ("lost three towns").
        let lost_people = tokens[first - 1].folded != "lost"
            || tokens
                .get(end)
                .is_some_and(|t| PEOPLE.contains(&t.folded.as_str()));
        if !tokens[first].clause_break_before && lost_people {
            return Some(k);
        }
    }
    // "the death toll rose to 37", "le bilan s'élève à 37 morts".
    if tokens[first.saturating_sub(5)..first]
        .iter()
        .any(|t| matches!(t.folded.as_str(), "toll" | "bilan"))
    {
        return Some(TollKind::Killed);
    }
    // A figure that opens the sentence is its subject, and its verb may
    // come after an aside: "Au moins 26 civils, dont des femmes et des
    // enfants, ont été tués".
    let subject = first <= 1;
    let reach = if subject { 16 } else { 6 };
    for (k, t) in tokens.iter().enumerate().skip(end).take(reach) {
        if k > end && t.clause_break_before && !subject {
            break;
        }
        if let Some(kind) = toll_word(t) {
            return Some(kind);
        }
        // Another figure starts another phrase: "80 killed and 100
        // wounded" is handled by the first match above.
        let joins = matches!(t.folded.as_str(), "and" | "et");
        if k > end && (t.is_digits() || joins && !subject) {
            // "54 people and injuring" — the governing verb came first.
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// `(kind, low, high)` of every toll in `sentence`.
    fn check(sentence: &str, expected: &[(TollKind, u32, u32)]) {
        let tokens = tokenize(sentence, 0);
        let found: Vec<(TollKind, u32, u32)> = find_tolls(&tokens, &[])
            .into_iter()
            .map(|m| (m.kind, m.low, m.high))
            .collect();
        assert_eq!(found, expected, "{sentence}");
    }

    use TollKind::{Abducted, Injured, Killed};

    #[test]
    fn tolls_from_the_seeds() {
        check(
            "a military camp in Gao, killing at least 54 people and injuring more than 100 others.",
            &[(Killed, 54, 54), (Injured, 100, 100)],
        );
        check(
            "Nearly 80 people were killed and more than 100 wounded following the car bomb attack",
            &[(Killed, 72, 80), (Injured, 100, 100)],
        );
        check(
            "80 killed and over 100 wounded in the Mali car bomb attack",
            &[(Killed, 80, 80), (Injured, 100, 100)],
        );
        check(
            "including one in January that killed 54.",
            &[(Killed, 54, 54)],
        );
        check(
            "a coalition of armed groups killed at least 20 government soldiers.",
            &[(Killed, 20, 20)],
        );
        check(
            "The troops lost some 20 men—including their second in command",
            &[(Killed, 18, 22)],
        );
        check(
            "In response, rebels abducted 30 people",
            &[(Abducted, 30, 30)],
        );
    }

    #[test]
    fn words_and_french() {
        check("fifty-four people were killed", &[(Killed, 54, 54)]);
        check("dozens of civilians were killed", &[(Killed, 12, 12)]);
        check("une cinquantaine de morts", &[(Killed, 45, 55)]);
        check(
            "plus de 60 morts et des dizaines de blessés",
            &[(Killed, 60, 60), (Injured, 10, 10)],
        );
        check("cinquante-quatre soldats tués", &[(Killed, 54, 54)]);
        check(
            "three soldiers were wounded and two killed",
            &[(Injured, 3, 3), (Killed, 2, 2)],
        );
        check("kidnapped seven foreigners", &[(Abducted, 7, 7)]);
        check("one soldier was killed", &[(Killed, 1, 1)]);
        check("the death toll rose to 37 on Sunday", &[(Killed, 37, 37)]);
        check("le bilan s’élève à 41", &[(Killed, 41, 41)]);
        check(
            "a peacekeeper was killed and three others wounded",
            &[(Killed, 1, 1), (Injured, 3, 3)],
        );
        check(
            "Au moins 26 civils, dont des femmes et des enfants, ont été tués dimanche",
            &[(Killed, 26, 26)],
        );
        check(
            "including one in January that killed 54.",
            &[(Killed, 54, 54)],
        );
    }

    #[test]
    fn counts_that_are_not_tolls() {
        check("50 men in distinctive turbans started to patrol", &[]);
        check("vehicles gathered about 80km north of Timbuktu", &[]);
        check(
            "a peacekeeping mission that now boasts more than 13,000 troops",
            &[],
        );
        check(
            "arrested two individuals suspected of planning an attack",
            &[],
        );
        check("in 2012 killed", &[]);
        check(
            "dozens of potential spoilers occupied the regional assembly",
            &[],
        );
    }
}
