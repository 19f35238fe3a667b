//! The article's header lines and boilerplate: what is not the story.
//!
//! A file may start with `Key: value` lines (`Title:`, `Published:`,
//! `URL:`, `Source:`) before its first blank line. After them, pages
//! copied from the web carry their site's furniture: the title repeated
//! (sometimes twice on one line, or glued to a teaser), photo captions
//! ("… (AP photo by Baba Ahmed).", "… Air Force photo"), a byline
//! ("Published on 01 February 2017 in", "By"), paywall and subscription
//! blurbs, comment forms, and the site's footer.
//!
//! Lines are judged one by one, with two rules of thumb: a short line
//! (a blurb is short) that speaks of subscribing, logging in or
//! commenting is dropped, and a line that starts a paywall or comment
//! form ("Keep reading for free!", "Please enter your comment!") ends
//! the story: everything after it is dropped too. A byline's date is kept
//! as the publication date when the header gives none.

use std::sync::LazyLock;

use serde::Serialize;

use crate::dates::{DateContext, Day, find_dates};
use crate::text::{fold_words, tokenize};

/// The article's header lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Header {
    /// `Title:`.
    pub title: Option<String>,
    /// `Published:`, as a day.
    pub published: Option<Day>,
    /// `URL:`.
    pub url: Option<String>,
    /// `Source:`.
    pub source: Option<String>,
    /// Byte offset where the body starts (0 without a header).
    #[serde(skip)]
    pub body_start: usize,
}

/// Why a line was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The title again.
    RepeatedTitle,
    /// A paragraph already seen.
    Duplicate,
    /// A photo caption or credit.
    Caption,
    /// A byline or the publication line.
    Byline,
    /// A subscription, paywall or newsletter blurb.
    Paywall,
    /// A comment form.
    CommentForm,
    /// The site's footer, or anything after a paywall or comment form.
    Footer,
}

/// A dropped line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// Byte offset of the line.
    pub start: usize,
    /// One past its end.
    pub end: usize,
    /// Why it was dropped.
    pub reason: Reason,
}

/// The article with its boilerplate set aside.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The kept paragraphs (one per line), as byte ranges.
    pub paragraphs: Vec<(usize, usize)>,
    /// The dropped lines.
    pub removed: Vec<Removed>,
    /// The date of a byline ("Published on 01 February 2017").
    pub byline_date: Option<Day>,
}

/// Reads the header lines, if the text starts with any.
pub fn parse_header(text: &str) -> Header {
    let mut header = Header::default();
    let mut offset = 0;
    let mut any = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if any {
                header.body_start = offset + line.len();
            }
            break;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            return Header::default();
        };
        let value = value.trim().to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => header.title = Some(value),
            "published" | "date" => header.published = published(&value),
            "url" => header.url = Some(value),
            "source" => header.source = Some(value),
            _ => return Header::default(),
        }
        any = true;
        offset += line.len();
    }
    if header.body_start == 0 {
        // Header lines with no body after them: still a header.
        header.body_start = if any { text.len() } else { 0 };
    }
    header
}

/// A publication date written as ISO or in words.
fn published(value: &str) -> Option<Day> {
    Day::parse_iso(value.get(..10).unwrap_or(value)).or_else(|| {
        find_dates(&tokenize(value, 0), &DateContext::default())
            .into_iter()
            .find_map(|m| m.value.filter(|v| v.year_known && v.precision == 1))
            .map(|v| v.day)
    })
}

/// Phrases that start a paywall, a comment form or the site's footer:
/// the story ends before them.
const ENDS_STORY: &[&str] = &[
    "keep reading",
    "subscribe now",
    "already a subscriber",
    "please enter your comment",
    "leave a reply",
    "leave a comment",
    "if you have any problems viewing this article",
    "related articles",
    "you may also like",
    "laisser un commentaire",
    "deja abonne",
    "lire la suite",
    "abonnez vous",
    "articles similaires",
];

/// Phrases that mark a short line as a blurb.
const BLURBS: &[(&str, Reason)] = &[
    ("subscribe", Reason::Paywall),
    ("subscription", Reason::Paywall),
    ("subscriber", Reason::Paywall),
    ("newsletter", Reason::Paywall),
    ("ad free", Reason::Paywall),
    ("log in", Reason::Paywall),
    ("sign in", Reason::Paywall),
    ("sign up", Reason::Paywall),
    ("per year", Reason::Paywall),
    ("abonne", Reason::Paywall),
    ("abonnement", Reason::Paywall),
    ("please enter your", Reason::CommentForm),
    ("your email address", Reason::CommentForm),
    ("all rights reserved", Reason::Footer),
    ("tous droits reserves", Reason::Footer),
    ("copyright", Reason::Footer),
    ("exclusive rights to re publish", Reason::Footer),
    ("re publishing policy", Reason::Footer),
    ("click here", Reason::Footer),
    ("lire aussi", Reason::Footer),
    ("read also", Reason::Footer),
    ("see also", Reason::Footer),
    ("reporting by", Reason::Footer),
    ("editing by", Reason::Footer),
    ("follow us", Reason::Footer),
];

/// [`ENDS_STORY`] split into words once.
static ENDS_STORY_WORDS: LazyLock<Vec<Vec<&'static str>>> =
    LazyLock::new(|| ENDS_STORY.iter().map(|p| p.split(' ').collect()).collect());

/// [`BLURBS`] split into words once.
static BLURB_WORDS: LazyLock<Vec<(Vec<&'static str>, Reason)>> = LazyLock::new(|| {
    BLURBS
        .iter()
        .map(|(p, r)| (p.split(' ').collect(), *r))
        .collect()
});

/// A blurb is short; a paragraph of the story that mentions a subscriber
/// is not dropped.
const SHORT_LINE: usize = 240;

/// Whether the word sequence `needle` occurs in `hay`.
fn words_contain(hay: &[&str], needle: &[&str]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn is_caption(line: &str, words: &[&str]) -> bool {
    let last = words.last().copied().unwrap_or_default();
    let trimmed = line.trim_end_matches(['.', ' ', ')']);
    let ends_with_credit = matches!(
        last,
        "photo" | "photos" | "photograph" | "images" | "afp" | "reuters"
    ) && !trimmed.ends_with(['!', '?']);
    ends_with_credit
        || words_contain(words, &["photo", "by"])
        || words_contain(words, &["photo", "credit"])
        || words_contain(words, &["credit", "photo"])
        || matches!(words.first(), Some(&("photo" | "caption")))
}

/// Sets the boilerplate of `text` (after `body_start`) aside. `title` is
/// the header's title, if any; otherwise the first line is the title.
pub fn clean(text: &str, body_start: usize, title: Option<&str>) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let mut title_folded = title.map(fold_words).filter(|t| !t.is_empty());
    let mut seen: Vec<String> = Vec::new();
    let mut offset = body_start;
    let mut ended = false;
    let body = text.get(body_start..).unwrap_or_default();
    for raw in body.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let (s, e) = (start + lead, start + lead + line.len());
        let drop = |cleaned: &mut Cleaned, reason| {
            cleaned.removed.push(Removed {
                start: s,
                end: e,
                reason,
            });
        };
        if ended {
            drop(&mut cleaned, Reason::Footer);
            continue;
        }
        let folded = fold_words(line);
        let words: Vec<&str> = folded.split(' ').collect();
        let short = line.len() <= SHORT_LINE;
        if short && ENDS_STORY_WORDS.iter().any(|p| words_contain(&words, p)) {
            ended = true;
            let reason = if folded.contains("comment") {
                Reason::CommentForm
            } else {
                Reason::Paywall
            };
            drop(&mut cleaned, reason);
            continue;
        }
        if let Some((_, reason)) = BLURB_WORDS
            .iter()
            .find(|(p, _)| short && words_contain(&words, p))
        {
            drop(&mut cleaned, *reason);
            continue;
        }
        if is_caption(line, &words) {
            drop(&mut cleaned, Reason::Caption);
            continue;
        }
        if folded == "by"
            || folded.starts_with("by ") && folded.split(' ').count() <= 5 && !line.ends_with('.')
        {
            drop(&mut cleaned, Reason::Byline);
            continue;
        }
        if short && (folded.starts_with("published ") || folded.starts_with("publie le ")) {
            if cleaned.byline_date.is_none() {
                cleaned.byline_date = published(line);
            }
            drop(&mut cleaned, Reason::Byline);
            continue;
        }
        match &title_folded {
            None => title_folded = Some(folded.clone()),
            Some(t) if words_contain(&words, &t.split(' ').collect::<Vec<_>>()) => {
                drop(&mut cleaned, Reason::RepeatedTitle);
                continue;
            }
            Some(_) => {}
        }
        if seen.contains(&folded) {
            drop(&mut cleaned, Reason::Duplicate);
            continue;
        }
        seen.push(folded);
        cleaned.paragraphs.push((s, e));
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<&str> {
        let header = parse_header(text);
        clean(text, header.body_start, header.title.as_deref())
            .paragraphs
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn header_lines() {
        let text = "Title: Attack in Gao\nPublished: 2017-02-23\nURL: https://example.org/a\nSource: AP\n\nBody.";
        let h = parse_header(text);
        assert_eq!(h.title.as_deref(), Some("Attack in Gao"));
        assert_eq!(h.published.map(Day::iso).as_deref(), Some("2017-02-23"));
        assert_eq!(h.source.as_deref(), Some("AP"));
        assert_eq!(&text[h.body_start..], "Body.");
        // A first line that merely has a colon is no header.
        let plain = "Peace in Mali: one step forward\nOn 18 January, Mali suffered.";
        assert_eq!(parse_header(plain).body_start, 0);
        assert_eq!(
            parse_header("Published: 23 February 2017\n\nx")
                .published
                .map(Day::iso)
                .as_deref(),
            Some("2017-02-23")
        );
    }

    #[test]
    fn repeated_titles_and_teasers() {
        let text = "Mali’s Army Just Lost Half the Country\n\nMali’s Army Just Lost Half the Country Mali’s Army Just Lost Half the Country\nMali’s military has lost control... Mali’s Army Just Lost Half the Country\n\nMali’s military has lost control of the north.";
        assert_eq!(
            kept(text),
            [
                "Mali’s Army Just Lost Half the Country",
                "Mali’s military has lost control of the north."
            ]
        );
    }

    #[test]
    fn captions_from_the_seeds_and_variations() {
        for caption in [
            "Malian troops join with former rebels during a joint patrol, Gao, Mali, Feb. 23, 2017 (AP photo by Baba Ahmed).",
            "Malian soldiers train with U.S. forces. Air Force photo",
            "Unidentified “African forces” supporting France’s intervention in Mali in February 2013. French Ministère de la Défense photo",
            "Des soldats maliens à Gao. Photo AFP",
        ] {
            let text = format!("Title\n{caption}\nThe army said so.");
            assert_eq!(kept(&text), ["Title", "The army said so."], "{caption}");
        }
    }

    #[test]
    fn paywalls_comment_forms_and_footers() {
        let text = "Title\nRebels attacked Gao.\n\nKeep reading for free!\n\nGet instant access to the rest of this article.\n  • Completely ad-free reading.";
        assert_eq!(kept(text), ["Title", "Rebels attacked Gao."]);
        let text = "Title\nRebels attacked Gao.\n\n\nPlease enter your comment!\nPlease enter your name here";
        assert_eq!(kept(text), ["Title", "Rebels attacked Gao."]);
        let text =
            "Title\nRebels attacked Gao.\nBecome a War is Boring subscriber\nOnly $19.99 per year!";
        assert_eq!(kept(text), ["Title", "Rebels attacked Gao."]);
        let text = "Titre\nDes rebelles ont attaqué Gao.\nAbonnez-vous pour lire la suite";
        assert_eq!(kept(text), ["Titre", "Des rebelles ont attaqué Gao."]);
    }

    #[test]
    fn bylines_give_the_publication_date() {
        let text = "Peace in Mali\nOn 18 January, Mali suffered.\nPublished on 01 February 2017 in\nISS Today\nBy\nNearly 80 people were killed.";
        let cleaned = clean(text, 0, None);
        assert_eq!(
            cleaned.byline_date.map(Day::iso).as_deref(),
            Some("2017-02-01")
        );
        assert_eq!(
            kept(text),
            [
                "Peace in Mali",
                "On 18 January, Mali suffered.",
                "ISS Today",
                "Nearly 80 people were killed."
            ]
        );
    }

    #[test]
    fn a_story_line_that_mentions_subscribers_is_kept_when_long() {
        let long = format!(
            "Title\n{}",
            "The subscribers of the newspaper in Gao said that the attack killed many. ".repeat(5)
        );
        assert_eq!(kept(&long).len(), 2);
    }
}
