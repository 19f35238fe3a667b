//! Dates: absolute ("January 18, 2017", "18 janvier 2017", "in February
//! 2017", "on 18 January") and relative to the publication date
//! ("Monday", "yesterday", "last week", "lundi", "la semaine dernière") or
//! to the date mentioned before ("on the day", "a week later", "six days
//! after").
//!
//! Each date carries ACLED's `time_precision`: 1 when the day is known,
//! 2 when only the week is ("last week", "this weekend"), 3 when only the
//! month is ("in February 2017", "late September"). A year alone is no
//! event date (ACLED has no year precision): it is reported as
//! [`DateKind::YearOnly`] so the caller can treat the sentence as
//! background.
//!
//! A day and month without a year take the year of the reference date
//! (the publication date, else the latest full date of the article), one
//! year earlier if that would put the event after the reference. Without
//! any reference the year stays unknown and the date is not reported as
//! an event date, though it still orders the article's story.

use std::sync::LazyLock;

use moc_incidents::model::parse_iso_date;
use serde::Serialize;

use crate::text::{Token, WordSet};

/// A day of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Day {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Day {
    /// A valid day, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Reads `YYYY-MM-DD` (moc-incidents' reader, which checks the day
    /// exists).
    pub fn parse_iso(text: &str) -> Option<Day> {
        let (year, month, day) = parse_iso_date(text.trim())?;
        Some(Day {
            year: i32::from(year),
            month,
            day,
        })
    }

    /// Days since 1970-01-01 (negative before), after Howard Hinnant's
    /// `days_from_civil`.
    pub fn to_days(self) -> i64 {
        moc_incidents::model::days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// The day `days` after 1970-01-01, the inverse of [`Day::to_days`].
    pub fn from_days(days: i64) -> Day {
        let (year, month, day) = moc_incidents::model::civil_from_days(days);
        Day {
            year: i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX }),
            month,
            day,
        }
    }

    /// This day moved by `n` days.
    pub fn plus(self, n: i64) -> Day {
        Day::from_days(self.to_days() + n)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        (self.to_days() + 3).rem_euclid(7) as u8
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The number of days of `month` in `year` (moc-incidents' calendar; 0
/// for a year it cannot hold).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    u16::try_from(year).map_or(0, |y| moc_incidents::model::days_in_month(y, month))
}

/// An event's date as ACLED records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EventDate {
    /// The day (for precision 2, a day in the week; for 3, the month's
    /// first day).
    pub day: Day,
    /// ACLED's `time_precision`: 1 day, 2 week, 3 month.
    pub precision: u8,
    /// Whether the year is known; when not, `day.year` is a placeholder
    /// that still orders dates of one story ("May 16" … "six days after").
    pub year_known: bool,
}

impl EventDate {
    /// The first and last day the date may stand for.
    pub fn interval(self) -> (i64, i64) {
        let d = self.day.to_days();
        match self.precision {
            1 => (d, d),
            2 => (d - 3, d + 3),
            _ => {
                let first = Day { day: 1, ..self.day };
                let f = first.to_days();
                (f, f + i64::from(days_in_month(first.year, first.month)) - 1)
            }
        }
    }

    /// Whether two dates may be the same day: their intervals overlap. A
    /// date whose year is unknown is compared in the other's year.
    pub fn compatible(self, other: EventDate) -> bool {
        let (mut a, mut b) = (self, other);
        if a.year_known && !b.year_known {
            b.day.year = a.day.year;
        } else if b.year_known && !a.year_known {
            a.day.year = b.day.year;
        }
        let (a0, a1) = a.interval();
        let (b0, b1) = b.interval();
        a0 <= b1 && b0 <= a1
    }

    /// The ISO date to report, when the year is known.
    pub fn iso(self) -> Option<String> {
        self.year_known.then(|| self.day.iso())
    }
}

/// What kind of expression a [`DateMention`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateKind {
    /// Written out: "January 18, 2017", "18 janvier", "in February 2017".
    Absolute,
    /// Relative to the publication date: "Monday", "last week", "hier".
    RelativeToPublication,
    /// Relative to the date mentioned before: "on the day", "a week later".
    RelativeToPrevious,
    /// A year alone ("in 2012"): background, not an event date.
    YearOnly,
}

/// A date found in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The date, when it could be resolved.
    pub value: Option<EventDate>,
    /// What kind of expression it is.
    pub kind: DateKind,
    /// First token of the expression.
    pub first: usize,
    /// One past its last token.
    pub end: usize,
}

/// What relative dates are resolved against.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateContext {
    /// The publication date.
    pub published: Option<Day>,
    /// The latest full date of the article, used for the year of "18
    /// January" when there is no publication date.
    pub latest: Option<Day>,
    /// The date mentioned last before this sentence.
    pub previous: Option<EventDate>,
}

impl DateContext {
    fn reference(&self) -> Option<Day> {
        self.published.or(self.latest)
    }
}

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("janvier", 1),
    ("janv", 1),
    ("february", 2),
    ("feb", 2),
    ("fevrier", 2),
    ("fev", 2),
    ("march", 3),
    ("mar", 3),
    ("mars", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("avr", 4),
    ("may", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("juin", 6),
    ("july", 7),
    ("jul", 7),
    ("juillet", 7),
    ("juil", 7),
    ("august", 8),
    ("aug", 8),
    ("aout", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("october", 10),
    ("oct", 10),
    ("octobre", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("december", 12),
    ("dec", 12),
    ("decembre", 12),
];

const WEEKDAYS: &[(&str, u8)] = &[
    ("monday", 0),
    ("lundi", 0),
    ("tuesday", 1),
    ("mardi", 1),
    ("wednesday", 2),
    ("mercredi", 2),
    ("thursday", 3),
    ("jeudi", 3),
    ("friday", 4),
    ("vendredi", 4),
    ("saturday", 5),
    ("samedi", 5),
    ("sunday", 6),
    ("dimanche", 6),
];

fn month(t: Option<&Token>) -> Option<u8> {
    let t = t?;
    // "May" and "mars" are also ordinary words: a month name is capitalised
    // in English; French writes months in lower case, so only "mai"/"mars"
    // need a number next to them, which every caller checks.
    let m = MONTHS.iter().find(|(n, _)| *n == t.folded)?.1;
    if t.folded == "may" && !t.capitalised {
        return None;
    }
    Some(m)
}

fn day_number(t: Option<&Token>) -> Option<u8> {
    let t = t?;
    let digits = t.folded.strip_suffix("er").unwrap_or(&t.folded);
    let digits = digits
        .strip_suffix("st")
        .or_else(|| digits.strip_suffix("nd"))
        .or_else(|| digits.strip_suffix("rd"))
        .or_else(|| digits.strip_suffix("th"))
        .unwrap_or(digits);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(t: Option<&Token>) -> Option<i32> {
    let t = t?;
    if t.folded.len() != 4 || !t.folded.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.folded.parse().ok().filter(|y| (1900..=2100).contains(y))
}

fn word(t: Option<&Token>, words: &[&str]) -> bool {
    t.is_some_and(|t| words.contains(&t.folded.as_str()))
}

/// The year for a month (and day) written without one: the reference's,
/// or the one before when that would put the date after the reference.
fn infer_year(ctx: &DateContext, month: u8, day: u8) -> (i32, bool) {
    match ctx.reference() {
        Some(r) if (month, day) > (r.month, r.day) => (r.year - 1, true),
        Some(r) => (r.year, true),
        // Placeholder year; a leap year so that 29 February is valid.
        None => (2000, false),
    }
}

/// Whether a folded word names a month or a day of the week.
pub fn is_calendar_word(word: &str) -> bool {
    MONTHS.iter().any(|(m, _)| *m == word) || WEEKDAYS.iter().any(|(d, _)| *d == word)
}

/// Words that may start a date expression (digits aside): most words
/// start none, and are passed over with one lookup.
static STARTERS: LazyLock<WordSet<&'static str>> = LazyLock::new(|| {
    let words = [
        "early",
        "mid",
        "late",
        "debut",
        "fin",
        "yesterday",
        "hier",
        "today",
        "aujourd",
        "last",
        "semaine",
        "this",
        "ce",
        "mois",
        "the",
        "that",
        "meme",
        "jour",
        "a",
        "one",
        "un",
        "une",
    ];
    MONTHS
        .iter()
        .map(|(m, _)| *m)
        .chain(WEEKDAYS.iter().map(|(d, _)| *d))
        .chain(words)
        .chain(crate::figures::NUMBER_WORDS.iter().map(|(w, _)| *w))
        .collect()
});

/// Finds every date expression in a sentence's tokens.
pub fn find_dates(tokens: &[Token], ctx: &DateContext) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.is_digits() && !STARTERS.contains(t.folded.as_str()) {
            i += 1;
            continue;
        }
        if let Some(m) = date_at(tokens, i, ctx) {
            i = m.end.max(i + 1);
            out.push(m);
        } else {
            i += 1;
        }
    }
    out
}

fn absolute(first: usize, end: usize, day: Option<Day>, precision: u8, known: bool) -> DateMention {
    DateMention {
        value: day.map(|day| EventDate {
            day,
            precision,
            year_known: known,
        }),
        kind: DateKind::Absolute,
        first,
        end,
    }
}

fn date_at(t: &[Token], i: usize, ctx: &DateContext) -> Option<DateMention> {
    let at = |k: usize| t.get(k);
    // Month D[, YYYY]
    if let (Some(m), Some(d)) = (month(at(i)), day_number(at(i + 1))) {
        if let Some(y) = year_number(at(i + 2)) {
            return Some(absolute(i, i + 3, Day::new(y, m, d), 1, true));
        }
        let (y, known) = infer_year(ctx, m, d);
        return Some(absolute(i, i + 2, Day::new(y, m, d), 1, known));
    }
    // "18th of January [2017]"
    if let (Some(d), true, Some(m)) = (
        day_number(at(i)),
        word(at(i + 1), &["of"]),
        month(at(i + 2)),
    ) {
        if let Some(y) = year_number(at(i + 3)) {
            return Some(absolute(i, i + 4, Day::new(y, m, d), 1, true));
        }
        let (y, known) = infer_year(ctx, m, d);
        return Some(absolute(i, i + 3, Day::new(y, m, d), 1, known));
    }
    // D Month[ YYYY]
    if let (Some(d), Some(m)) = (day_number(at(i)), month(at(i + 1))) {
        if let Some(y) = year_number(at(i + 2)) {
            return Some(absolute(i, i + 3, Day::new(y, m, d), 1, true));
        }
        let (y, known) = infer_year(ctx, m, d);
        return Some(absolute(i, i + 2, Day::new(y, m, d), 1, known));
    }
    // [early|mid|late] Month [YYYY]; "in January" alone.
    let qualified = word(at(i), &["early", "mid", "late", "debut", "fin"]);
    let mi = if qualified { i + 1 } else { i };
    if let Some(m) = month(at(mi)) {
        let preposition = i > 0 && word(at(i - 1), &["in", "en", "since", "until", "of", "depuis"]);
        if let Some(y) = year_number(at(mi + 1)) {
            return Some(absolute(i, mi + 2, Day::new(y, m, 1), 3, true));
        }
        // "mai", "mars", "march" and "may" are words too: a month alone needs
        // a preposition or a qualifier, and to be capitalised in English.
        let ambiguous = matches!(
            t[mi].folded.as_str(),
            "mai" | "mars" | "march" | "may" | "jan"
        );
        if (preposition || qualified) && (!ambiguous || t[mi].capitalised || preposition) {
            let (y, known) = infer_year(ctx, m, 1);
            return Some(absolute(i, mi + 1, Day::new(y, m, 1), 3, known));
        }
    }
    if year_number(at(i)).is_some() {
        return Some(DateMention {
            value: None,
            kind: DateKind::YearOnly,
            first: i,
            end: i + 1,
        });
    }
    relative(t, i, ctx)
}

fn relative_to_publication(
    i: usize,
    end: usize,
    ctx: &DateContext,
    make: impl Fn(Day) -> (Day, u8),
) -> DateMention {
    DateMention {
        value: ctx.published.map(|p| {
            let (day, precision) = make(p);
            EventDate {
                day,
                precision,
                year_known: true,
            }
        }),
        kind: DateKind::RelativeToPublication,
        first: i,
        end,
    }
}

fn relative_to_previous(i: usize, end: usize, ctx: &DateContext, days: i64) -> DateMention {
    DateMention {
        value: ctx.previous.map(|p| EventDate {
            day: p.day.plus(days),
            ..p
        }),
        kind: DateKind::RelativeToPrevious,
        first: i,
        end,
    }
}

fn relative(t: &[Token], i: usize, ctx: &DateContext) -> Option<DateMention> {
    let at = |k: usize| t.get(k);
    let w = t[i].folded.as_str();
    if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == w) {
        // The latest such weekday on or before publication: a report
        // published on a Tuesday about "Monday" means the day before.
        return Some(relative_to_publication(i, i + 1, ctx, |p| {
            let back = (i64::from(p.weekday()) - i64::from(wd)).rem_euclid(7);
            (p.plus(-back), 1)
        }));
    }
    match w {
        "yesterday" | "hier" => {
            return Some(relative_to_publication(i, i + 1, ctx, |p| (p.plus(-1), 1)));
        }
        "today" | "aujourd" => {
            return Some(relative_to_publication(i, i + 1, ctx, |p| (p, 1)));
        }
        _ => {}
    }
    // "last week", "la semaine dernière/passée", "this/last weekend".
    if w == "last" && word(at(i + 1), &["week"]) {
        return Some(relative_to_publication(i, i + 2, ctx, |p| (p.plus(-7), 2)));
    }
    if w == "semaine" && word(at(i + 1), &["derniere", "passee"]) {
        let first = if i > 0 && word(at(i - 1), &["la"]) {
            i - 1
        } else {
            i
        };
        return Some(relative_to_publication(first, i + 2, ctx, |p| {
            (p.plus(-7), 2)
        }));
    }
    if word(at(i), &["this", "last", "ce"]) && word(at(i + 1), &["weekend", "week"]) {
        let end = if word(at(i + 1), &["week"]) && word(at(i + 2), &["end"]) {
            i + 3
        } else {
            i + 2
        };
        if end == i + 2 && t[i + 1].folded == "week" {
            // "this week".
            return Some(relative_to_publication(i, end, ctx, |p| (p, 2)));
        }
        return Some(relative_to_publication(i, end, ctx, |p| {
            let back = (i64::from(p.weekday()) - 5).rem_euclid(7);
            (p.plus(-back), 2)
        }));
    }
    if w == "last" && word(at(i + 1), &["month"]) || w == "mois" && word(at(i + 1), &["dernier"]) {
        return Some(relative_to_publication(i, i + 2, ctx, |p| {
            let prev = Day { day: 1, ..p }.plus(-1);
            (Day { day: 1, ..prev }, 3)
        }));
    }
    // "on the day", "the same day", "le même jour", "ce jour-là".
    if (w == "the" || w == "that") && word(at(i + 1), &["day", "same"]) {
        let end = if word(at(i + 1), &["same"]) && word(at(i + 2), &["day"]) {
            i + 3
        } else if t[i + 1].folded == "day" && (w == "that" || i > 0 && word(at(i - 1), &["on"])) {
            i + 2
        } else {
            return None;
        };
        return Some(relative_to_previous(i, end, ctx, 0));
    }
    if w == "meme" && word(at(i + 1), &["jour"]) || w == "jour" && word(at(i + 1), &["la"]) {
        return Some(relative_to_previous(i, i + 2, ctx, 0));
    }
    // "a week later", "six days after", "deux jours plus tard".
    let count = if matches!(w, "a" | "one" | "un" | "une") {
        Some(1)
    } else {
        crate::figures::number_word(w).filter(|n| *n > 1)
    };
    if let Some(n) = count.map(i64::from) {
        let unit = match at(i + 1).map(|t| t.folded.as_str()) {
            Some("day" | "days" | "jour" | "jours") => 1,
            Some("week" | "weeks" | "semaine" | "semaines") => 7,
            _ => return None,
        };
        let later = word(at(i + 2), &["later", "after", "afterwards"])
            || word(at(i + 2), &["plus"]) && word(at(i + 3), &["tard"])
            || word(at(i + 2), &["apres"]);
        let earlier = word(at(i + 2), &["earlier", "before"]) || word(at(i + 2), &["avant"]);
        if later || earlier {
            let sign = if later { 1 } else { -1 };
            return Some(relative_to_previous(i, i + 3, ctx, sign * n * unit));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn ctx(published: Option<&str>, previous: Option<&str>) -> DateContext {
        DateContext {
            published: published.and_then(Day::parse_iso),
            latest: None,
            previous: previous.and_then(Day::parse_iso).map(|day| EventDate {
                day,
                precision: 1,
                year_known: true,
            }),
        }
    }

    /// The first date of `sentence`, as `(ISO date, precision)`.
    fn check(sentence: &str, c: &DateContext, expected: Option<(&str, u8)>) {
        let found = find_dates(&tokenize(sentence, 0), c)
            .into_iter()
            .find(|m| m.kind != DateKind::YearOnly)
            .and_then(|m| m.value)
            .and_then(|v| Some((v.iso()?, v.precision)));
        assert_eq!(
            found.as_ref().map(|(d, p)| (d.as_str(), *p)),
            expected,
            "{sentence}"
        );
    }

    #[test]
    fn calendar_round_trips() {
        for iso in [
            "1970-01-01",
            "2017-01-18",
            "2000-02-29",
            "1969-12-31",
            "2100-03-01",
        ] {
            let d = Day::parse_iso(iso).expect("valid");
            assert_eq!(Day::from_days(d.to_days()), d);
        }
        // 18 January 2017 was a Wednesday.
        assert_eq!(Day::parse_iso("2017-01-18").map(Day::weekday), Some(2));
        assert_eq!(Day::parse_iso("2017-02-30"), None);
    }

    #[test]
    fn absolute_dates_from_the_seeds_and_variations() {
        let none = ctx(None, None);
        check(
            "On January 18, 2017, a suicide bomber drove",
            &none,
            Some(("2017-01-18", 1)),
        );
        check("le 18 janvier 2017 à Gao", &none, Some(("2017-01-18", 1)));
        check(
            "to patrol the city of Gao in February 2017.",
            &none,
            Some(("2017-02-01", 3)),
        );
        check(
            "Le 1er mars 2016, des hommes armés",
            &none,
            Some(("2016-03-01", 1)),
        );
        check("On 22nd May 2014 the army", &none, Some(("2014-05-22", 1)));
        check(
            "on the 18th of January 2017",
            &none,
            Some(("2017-01-18", 1)),
        );
        let published = ctx(Some("2017-02-01"), None);
        check(
            "On 18 January, Mali suffered",
            &published,
            Some(("2017-01-18", 1)),
        );
        check(
            "On 22 December, Mali suffered",
            &published,
            Some(("2016-12-22", 1)),
        );
        check(
            "met in late September in Tamanrasset",
            &published,
            Some(("2016-09-01", 3)),
        );
    }

    #[test]
    fn a_year_alone_is_background() {
        let found = find_dates(
            &tokenize("since the start of the 2012 crisis", 0),
            &ctx(None, None),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, DateKind::YearOnly);
    }

    #[test]
    fn words_that_look_like_months() {
        let none = ctx(Some("2017-02-01"), None);
        check("the government may send troops", &none, None);
        check("les manifestants mars", &none, None);
    }

    #[test]
    fn relative_to_the_publication_date() {
        // 2017-03-08 was a Wednesday.
        let c = ctx(Some("2017-03-08"), None);
        check(
            "And Monday, armed men took over checkpoints",
            &c,
            Some(("2017-03-06", 1)),
        );
        check("lundi, des hommes armés", &c, Some(("2017-03-06", 1)));
        check("Wednesday, gunmen attacked", &c, Some(("2017-03-08", 1)));
        check("yesterday an IED exploded", &c, Some(("2017-03-07", 1)));
        check("hier, une mine a explosé", &c, Some(("2017-03-07", 1)));
        check("troops who arrived last week", &c, Some(("2017-03-01", 2)));
        check("arrivées la semaine dernière", &c, Some(("2017-03-01", 2)));
        check(
            "This weekend several hundred vehicles",
            &c,
            Some(("2017-03-04", 2)),
        );
        // Without a publication date they stay unresolved.
        check("And Monday, armed men", &ctx(None, None), None);
    }

    #[test]
    fn relative_to_the_previous_date() {
        let c = ctx(None, Some("2017-01-18"));
        check(
            "On the day, about 600 soldiers",
            &c,
            Some(("2017-01-18", 1)),
        );
        check("A week later, the army", &c, Some(("2017-01-25", 1)));
        check(
            "Six days after the initial incidents",
            &c,
            Some(("2017-01-24", 1)),
        );
        check("deux jours plus tard", &c, Some(("2017-01-20", 1)));
        check("le même jour", &c, Some(("2017-01-18", 1)));
    }

    #[test]
    fn intervals_follow_precision() {
        let day = |iso, precision| EventDate {
            day: Day::parse_iso(iso).expect("valid"),
            precision,
            year_known: true,
        };
        assert!(day("2017-01-18", 1).compatible(day("2017-01-01", 3)));
        assert!(!day("2017-02-18", 1).compatible(day("2017-01-01", 3)));
        assert!(day("2017-01-18", 1).compatible(day("2017-01-15", 2)));
        assert!(!day("2017-01-18", 1).compatible(day("2017-01-19", 1)));
    }
}
