//! Folding, tokens and sentences, all keeping byte offsets into the
//! article so that every extracted field can quote its evidence.
//!
//! Matching is done on *folded* text: lower case, diacritics stripped,
//! typographic apostrophes and dashes treated like spaces. "Ménaka",
//! "MENAKA" and "Menaka" fold to the same token; so do "l’armée" and
//! "l'armee". The fold is a small table of the Latin letters French, and
//! GeoNames' romanisations of Malian names, use, so the crate needs no
//! Unicode normalisation library.

use serde::Serialize;

/// A span of the article: byte offsets and the quoted text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The article's text between the two offsets.
    pub text: String,
}

impl Evidence {
    /// The evidence for `text[start..end]`; an empty quote when the offsets
    /// are not character boundaries (they always are when they come from
    /// this crate's tokens).
    pub fn of(text: &str, start: usize, end: usize) -> Evidence {
        Evidence {
            start,
            end,
            text: text.get(start..end).unwrap_or_default().to_string(),
        }
    }
}

/// One word or number of the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token in the article.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// Lower case, without diacritics.
    pub folded: String,
    /// Whether its first letter is upper case (names, sentence starts).
    pub capitalised: bool,
    /// Whether punctuation that ends a clause (`,` `;` `:` `(` `)` `—`)
    /// stands between this token and the previous one.
    pub clause_break_before: bool,
}

impl Token {
    /// Whether the token is a number written in digits (`54`, `13,000`).
    pub fn is_digits(&self) -> bool {
        self.folded
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit())
    }
}

/// Folds one character: lower case without diacritics. Characters outside
/// the table are lower-cased as Rust does.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let mapped = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'ā' | 'Ā' => {
            'a'
        }
        'ç' | 'Ç' | 'č' | 'Č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ē' | 'ɛ' | 'Ɛ' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ī' => 'i',
        'ñ' | 'Ñ' | 'ŋ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'ō' | 'ɔ' | 'Ɔ' | 'ŏ' => {
            'o'
        }
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'ū' | 'ŭ' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'š' | 'Š' => 's',
        'ž' | 'Ž' => 'z',
        'œ' | 'Œ' => {
            out.push_str("oe");
            return;
        }
        'æ' | 'Æ' => {
            out.push_str("ae");
            return;
        }
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(mapped);
}

/// Folds a whole string and splits it into words: `"Ti-n-Essako"` →
/// `"ti n essako"`. Used for dictionary keys, so that they compare equal
/// to the tokens of an article.
pub fn fold_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_word = false;
    let mut digits = false;
    for (i, c) in s.char_indices() {
        if is_word_char(c) {
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            if !in_word {
                digits = c.is_ascii_digit();
            }
            in_word = true;
            fold_char(c, &mut out);
        } else if in_word
            && digits
            && matches!(c, ',' | '.')
            && s[i + 1..].bytes().take_while(u8::is_ascii_digit).count() == 3
        {
            // A thousands separator, as in `tokenize`.
        } else {
            in_word = false;
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text` into tokens; `base` is added to every offset (the text's
/// position in the article). A token is a run of letters and digits;
/// digits may be grouped with `,` or `.` (`13,000`, `1.500`).
pub fn tokenize(text: &str, base: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut clause_break = false;
    while let Some((i, c)) = chars.next() {
        if !is_word_char(c) {
            if matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '"' | '“' | '”') {
                clause_break = true;
            }
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut folded = String::new();
        fold_char(c, &mut folded);
        let digits = c.is_ascii_digit();
        while let Some(&(j, d)) = chars.peek() {
            if is_word_char(d) {
                fold_char(d, &mut folded);
                end = j + d.len_utf8();
                chars.next();
            } else if digits
                && matches!(d, ',' | '.')
                && text[j + 1..].bytes().take_while(u8::is_ascii_digit).count() == 3
            {
                // A thousands separator: keep the group, drop the mark.
                chars.next();
            } else {
                break;
            }
        }
        tokens.push(Token {
            start: base + i,
            end: base + end,
            folded,
            capitalised: c.is_uppercase(),
            clause_break_before: clause_break,
        });
        clause_break = false;
    }
    tokens
}

/// A sentence of the article: its byte range and its tokens.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// Byte offset of the sentence in the article.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// Its tokens, offsets in the article.
    pub tokens: Vec<Token>,
    /// Index of the line (paragraph) it belongs to.
    pub paragraph: usize,
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr",
    "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "maj", "no", "vs", "etc", "janv",
    "fev", "avr", "juil", "dec", "m", "mme", "cf",
];

/// Splits one paragraph (`text`, at byte `base` of the article) into
/// sentences. A sentence ends at `.`, `!` or `?` followed by a space and
/// an upper-case letter, a digit or a quote, unless the word before the
/// stop is an abbreviation ("Feb.", "U.N.") or a single letter.
pub fn sentences(text: &str, base: usize, paragraph: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let after = &text[i + 1..];
        let trimmed = after.trim_start_matches([' ', '\u{a0}']);
        if trimmed.len() == after.len() {
            continue;
        }
        let next_starts = trimmed
            .chars()
            .next()
            .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"“‘'«".contains(n));
        if !next_starts {
            continue;
        }
        if c == '.' {
            let word_start = text[..i]
                .rfind(|ch: char| !ch.is_alphanumeric())
                .map_or(0, |p| {
                    p + text[p..].chars().next().map_or(1, char::len_utf8)
                });
            let word = &text[word_start..i];
            let single_letter = word.chars().count() == 1;
            let dotted = word_start > 0 && bytes.get(word_start - 1) == Some(&b'.');
            let mut folded = String::new();
            word.chars().for_each(|ch| fold_char(ch, &mut folded));
            if single_letter || dotted || ABBREVIATIONS.contains(&folded.as_str()) {
                continue;
            }
        }
        let end = i + 1;
        push_sentence(&mut out, text, base, paragraph, start, end);
        start = end;
    }
    push_sentence(&mut out, text, base, paragraph, start, text.len());
    out
}

fn push_sentence(
    out: &mut Vec<Sentence>,
    text: &str,
    base: usize,
    paragraph: usize,
    start: usize,
    end: usize,
) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if piece.trim().is_empty() {
        return;
    }
    let (s, e) = (start + lead, end - trail);
    out.push(Sentence {
        start: base + s,
        end: base + e,
        tokens: tokenize(&text[s..e], base + s),
        paragraph,
    });
}

/// FNV-1a, a fast hash for the short words the lexicons are keyed by
/// (std's SipHash guards against flooding, which a fixed dictionary needs
/// not fear, at several times the cost).
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A hash map keyed by words, with [`Fnv`].
pub type WordMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;
/// A hash set of words, with [`Fnv`].
pub type WordSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<Fnv>>;

/// A list of phrases (folded words separated by spaces; a word ending in
/// `*` matches any token it starts), compiled once so that matching a
/// sentence costs one hash lookup per token rather than a scan of the
/// list.
#[derive(Debug)]
pub struct Lexicon {
    phrases: Vec<Vec<Word>>,
    /// Phrases by their first word, in list order.
    by_first: WordMap<&'static str, Vec<usize>>,
    /// Phrases whose first word is a prefix (`kidnap*`), by the prefix's
    /// first three bytes, in list order.
    prefixed: WordMap<&'static str, Vec<usize>>,
    /// Phrases whose first word is a prefix shorter than three bytes.
    short_prefixed: Vec<usize>,
}

#[derive(Debug)]
enum Word {
    Exact(&'static str),
    Prefix(&'static str),
}

impl Word {
    fn matches(&self, token: &Token) -> bool {
        match self {
            Word::Exact(w) => token.folded == *w,
            Word::Prefix(p) => token.folded.starts_with(p),
        }
    }
}

impl Lexicon {
    /// Compiles `phrases`; earlier phrases win when several match at one
    /// token.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a &'static str>) -> Lexicon {
        let mut lexicon = Lexicon {
            phrases: Vec::new(),
            by_first: WordMap::default(),
            prefixed: WordMap::default(),
            short_prefixed: Vec::new(),
        };
        for (index, phrase) in phrases.into_iter().enumerate() {
            let words: Vec<Word> = phrase
                .split(' ')
                .map(|w| match w.strip_suffix('*') {
                    Some(p) => Word::Prefix(p),
                    None => Word::Exact(w),
                })
                .collect();
            match words.first() {
                Some(Word::Exact(w)) => lexicon.by_first.entry(w).or_default().push(index),
                Some(Word::Prefix(p)) => match p.get(..3) {
                    Some(head) => lexicon.prefixed.entry(head).or_default().push(index),
                    None => lexicon.short_prefixed.push(index),
                },
                None => {}
            }
            lexicon.phrases.push(words);
        }
        lexicon
    }

    /// The first phrase (in list order) that starts at token `at`: its
    /// index in the list and its length in tokens.
    pub fn match_at(&self, tokens: &[Token], at: usize) -> Option<(usize, usize)> {
        let token = tokens.get(at)?;
        let exact = self
            .by_first
            .get(token.folded.as_str())
            .into_iter()
            .flatten();
        let prefixed = token
            .folded
            .get(..3)
            .and_then(|head| self.prefixed.get(head))
            .into_iter()
            .flatten();
        let mut best: Option<(usize, usize)> = None;
        for &index in exact.chain(prefixed).chain(&self.short_prefixed) {
            if best.is_some_and(|(b, _)| b < index) {
                continue;
            }
            let words = &self.phrases[index];
            let fits = words.len() <= tokens.len() - at
                && words.iter().zip(&tokens[at..]).all(|(w, t)| w.matches(t));
            if fits {
                best = Some((index, words.len()));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> Vec<String> {
        tokenize(s, 0).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn folds_case_diacritics_and_apostrophes() {
        assert_eq!(folded("Ménaka, l’armée"), ["menaka", "l", "armee"]);
        assert_eq!(fold_words("Ti-n-Essako"), "ti n essako");
        assert_eq!(fold_words("TOMBOUCTOU"), fold_words("Tombouctou"));
        assert_eq!(
            fold_words("Mécanisme opérationnel"),
            "mecanisme operationnel"
        );
    }

    #[test]
    fn numbers_keep_their_thousands_groups() {
        assert_eq!(
            folded("more than 13,000 troops"),
            ["more", "than", "13000", "troops"]
        );
        assert_eq!(folded("In 2012, 54 died"), ["in", "2012", "54", "died"]);
        assert_eq!(folded("80km north"), ["80km", "north"]);
    }

    #[test]
    fn offsets_point_into_the_article() {
        let text = "À Gao, l’attaque";
        for t in tokenize(text, 0) {
            let mut f = String::new();
            text[t.start..t.end]
                .chars()
                .for_each(|c| fold_char(c, &mut f));
            assert_eq!(f, t.folded);
        }
    }

    #[test]
    fn sentences_skip_abbreviations() {
        let text = "Gao, Mali, Feb. 23, 2017. The U.N. mission said so. Next one!";
        let s: Vec<&str> = sentences(text, 0, 0)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            s,
            [
                "Gao, Mali, Feb. 23, 2017.",
                "The U.N. mission said so.",
                "Next one!"
            ]
        );
    }

    #[test]
    fn lexicons_match_phrases_prefixes_and_keep_list_order() {
        let t = tokenize("Rebels kidnapped seven foreigners", 0);
        let lexicon = Lexicon::new(&["seven", "kidnap*", "seven foreigners"]);
        assert_eq!(lexicon.match_at(&t, 0), None);
        assert_eq!(lexicon.match_at(&t, 1), Some((1, 1)));
        // "seven" comes first in the list, so it wins over the longer phrase.
        assert_eq!(lexicon.match_at(&t, 2), Some((0, 1)));
        assert_eq!(
            Lexicon::new(&["seven foreigners"]).match_at(&t, 2),
            Some((0, 2))
        );
    }
}
