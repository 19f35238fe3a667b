//! The article's language, English or French, by counting stop words:
//! short function words are frequent in any text of a language and rare
//! in the other, so a few hundred words decide reliably.

use serde::Serialize;

use crate::text::Token;

/// A language the extractor reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    /// English.
    En,
    /// French.
    Fr,
}

impl Language {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }
}

/// Function words of English that French does not use.
const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "in", "was", "were", "is", "that", "with", "for", "on", "by", "from",
    "has", "have", "had", "which", "their", "it", "at", "an", "this", "who", "after",
];

/// Function words of French that English does not use.
const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "et", "un", "une", "est", "dans", "pour", "par", "sur",
    "au", "aux", "qui", "que", "avec", "ont", "a", "l", "d", "ete", "selon",
];

/// The language with more stop words among `tokens`; English on a tie
/// (an empty text included), the language of most of the sources.
pub fn detect(tokens: &[Token]) -> Language {
    let count = |list: &[&str]| {
        tokens
            .iter()
            .filter(|t| list.contains(&t.folded.as_str()))
            .count()
    };
    if count(FRENCH) > count(ENGLISH) {
        Language::Fr
    } else {
        Language::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn check(text: &str, expected: Language) {
        assert_eq!(detect(&tokenize(text, 0)), expected, "{text}");
    }

    #[test]
    fn english_and_french() {
        check(
            "On January 18, 2017, a suicide bomber drove an explosives-laden vehicle into a military camp in Gao",
            Language::En,
        );
        check(
            "Le 18 janvier 2017, un kamikaze a fait exploser un véhicule piégé dans le camp du MOC à Gao",
            Language::Fr,
        );
        check(
            "Des hommes armés ont pris le contrôle des postes de contrôle autour de Tombouctou lundi.",
            Language::Fr,
        );
        check(
            "Armed men took over checkpoints around Timbuktu on Monday.",
            Language::En,
        );
        check("", Language::En);
    }
}
