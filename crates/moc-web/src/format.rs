//! Numbers, shares and months as each language writes them.
//!
//! French groups thousands with a narrow no-break space and writes
//! `12,5 %`; English `1,234` and `12.5%`; Arabic keeps the Western digits
//! used in the Sahel and Maghreb, with the Arabic separators (`٬`, `٫`) and
//! percent sign (`٪`). Month names come from the translation files. Days
//! and moments are the Gregorian calendar in UTC, the log's time.

use moc_i18n::{Arg, Lang, tr};

/// `n` with its thousands grouped: `12 345`, `12,345`, `12٬345`.
pub fn number(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let separator = match lang {
        Lang::Fr => '\u{202f}',
        Lang::En => ',',
        Lang::Ar => '\u{066c}',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// `part / whole` as a percentage with one decimal: `12,5 %`; `0` when
/// `whole` is zero (no share of nothing).
pub fn percent(lang: Lang, part: u64, whole: u64) -> String {
    // Tenths of a percent, rounded half up, in integers: no float drift.
    let share = if whole == 0 {
        0
    } else {
        (u128::from(part) * 2000 + u128::from(whole)) / (u128::from(whole) * 2)
    };
    let value = tenths(lang, i64::try_from(share).unwrap_or(i64::MAX));
    match lang {
        Lang::Fr => format!("{value}\u{202f}%"),
        Lang::En => format!("{value}%"),
        Lang::Ar => format!("{value}\u{066a}"),
    }
}

/// `n` tenths with one decimal: `12,5`, `12.5`, `12٫5`.
pub fn tenths(lang: Lang, n: i64) -> String {
    let int = number(lang, n / 10);
    let int = if n < 0 && n > -10 {
        format!("-{int}")
    } else {
        int
    };
    let frac = (n % 10).unsigned_abs();
    match lang {
        Lang::Fr => format!("{int},{frac}"),
        Lang::En => format!("{int}.{frac}"),
        Lang::Ar => format!("{int}\u{066b}{frac}"),
    }
}

/// A month, `2017-03` as `mars 2017`, `March 2017`, `مارس 2017`; the text
/// as given when it is not `YYYY-MM`.
pub fn month(lang: Lang, yyyy_mm: &str) -> String {
    let parsed = yyyy_mm
        .split_once('-')
        .filter(|(y, m)| y.len() == 4 && m.len() == 2)
        .and_then(|(y, m)| Some((y.parse::<u16>().ok()?, m.parse::<u8>().ok()?)))
        .filter(|(_, m)| (1..=12).contains(m));
    match parsed {
        Some((year, m)) => tr(
            lang,
            "web-month-year",
            &[
                ("month", Arg::from(tr(lang, &format!("web-month-{m}"), &[]))),
                ("year", Arg::from(year.to_string())),
            ],
        ),
        None => yyyy_mm.to_owned(),
    }
}

/// A day, `2017-01-18` as `18 janv. 2017`, `18 January 2017`,
/// `18 يناير 2017`; the text as given when it is not `YYYY-MM-DD`.
pub fn day(lang: Lang, yyyy_mm_dd: &str) -> String {
    let parsed = yyyy_mm_dd
        .get(..7)
        .zip(yyyy_mm_dd.get(7..8))
        .zip(yyyy_mm_dd.get(8..))
        .filter(|((_, dash), d)| *dash == "-" && d.len() == 2)
        .and_then(|((ym, _), d)| Some((ym, d.parse::<u8>().ok()?)))
        .filter(|(_, d)| (1..=31).contains(d));
    match parsed {
        Some((ym, d)) if month(lang, ym) != ym => tr(
            lang,
            "web-day",
            &[
                ("day", Arg::from(d.to_string())),
                ("month", Arg::from(month(lang, ym))),
            ],
        ),
        _ => yyyy_mm_dd.to_owned(),
    }
}

/// A moment, in seconds since 1970 UTC, as its day and `08:40 UTC`.
pub fn moment(lang: Lang, seconds: i64) -> String {
    let (date, time) = utc(seconds);
    tr(
        lang,
        "web-moment",
        &[
            ("day", Arg::from(day(lang, &date))),
            ("time", Arg::from(time)),
        ],
    )
}

/// A moment, in seconds since 1970, as its UTC day `2017-01-18` and time
/// `08:40` (the CLI prints them as they are).
pub fn utc(seconds: i64) -> (String, String) {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = civil(days);
    (
        format!("{y:04}-{m:02}-{d:02}"),
        format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60),
    )
}

/// The Gregorian year, month and day of a day count from 1970-01-01.
fn civil(days: i64) -> (i64, u32, u32) {
    let (y, m, d) = moc_incidents::model::civil_from_days(days);
    (y, u32::from(m), u32::from(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_per_language() {
        for (lang, n, want) in [
            (Lang::Fr, 0, "0"),
            (Lang::Fr, 999, "999"),
            (Lang::Fr, 1000, "1\u{202f}000"),
            (Lang::Fr, -1_234_567, "-1\u{202f}234\u{202f}567"),
            (Lang::En, 1_234_567, "1,234,567"),
            (Lang::Ar, 12_345, "12\u{066c}345"),
            (Lang::En, i64::MIN, "-9,223,372,036,854,775,808"),
        ] {
            assert_eq!(number(lang, n), want, "{lang:?} {n}");
        }
    }

    #[test]
    fn percentages_round_to_a_tenth() {
        for (lang, part, whole, want) in [
            (Lang::Fr, 1, 8, "12,5\u{202f}%"),
            (Lang::En, 1, 3, "33.3%"),
            (Lang::En, 2, 3, "66.7%"),
            (Lang::En, 3, 3, "100.0%"),
            (Lang::En, 5, 0, "0.0%"),
            (Lang::Ar, 1, 4, "25\u{066b}0\u{066a}"),
            (Lang::En, u64::MAX, u64::MAX, "100.0%"),
        ] {
            assert_eq!(percent(lang, part, whole), want, "{part}/{whole}");
        }
    }

    #[test]
    fn months_are_named_in_each_language() {
        assert_eq!(month(Lang::Fr, "2017-03"), "mars 2017");
        assert_eq!(month(Lang::En, "2017-03"), "March 2017");
        assert_eq!(month(Lang::Ar, "2017-12"), "ديسمبر 2017");
        for bad in ["", "2017", "2017-13", "2017-00", "17-03", "abcd-ef"] {
            assert_eq!(month(Lang::En, bad), bad);
        }
    }

    #[test]
    fn days_and_moments_in_each_language() {
        assert_eq!(day(Lang::Fr, "2017-01-18"), "18 janv. 2017");
        assert_eq!(day(Lang::En, "2017-01-18"), "18 January 2017");
        assert_eq!(day(Lang::Ar, "2017-01-18"), "18 يناير 2017");
        for bad in [
            "",
            "2017-01",
            "2017-01-1",
            "2017-01-32",
            "2017-13-01",
            "2017/01/18",
            "2017-01-é8",
        ] {
            assert_eq!(day(Lang::En, bad), bad);
        }
        assert_eq!(moment(Lang::En, 0), "1 January 1970, 00:00 UTC");
        assert_eq!(
            moment(Lang::En, 1_484_728_800),
            "18 January 2017, 08:40 UTC"
        );
        assert_eq!(
            moment(Lang::Fr, 951_782_400 + 59),
            "29 févr. 2000 à 00:00 UTC"
        );
        assert_eq!(moment(Lang::En, -1), "31 December 1969, 23:59 UTC");
        // No panic at the ends of the range.
        assert!(moment(Lang::En, i64::MAX).ends_with("UTC"));
        assert!(moment(Lang::En, i64::MIN).ends_with("UTC"));
    }

    #[test]
    fn civil_days_match_known_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(17_184), (2017, 1, 18));
        assert_eq!(civil(11_016), (2000, 2, 29));
        assert_eq!(civil(-719_468), (0, 3, 1));
    }
}
