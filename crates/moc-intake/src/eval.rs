//! Scoring extractions against a gold CSV.
//!
//! The gold file has one row per incident an article reports, with the
//! columns `file,event_date,location,admin1,event_type,fatalities_min,
//! fatalities_max`; `event_type` is one of ACLED's six labels, and an
//! empty field means the article does not say it, so it is not scored. A
//! file with no row reports no incident: whatever is extracted from it is
//! a false positive.
//!
//! **Pairing.** Within each file, candidates and gold rows are paired
//! greedily, best pair first, by how many fields they agree on (location
//! counts twice: it is what most tells incidents apart; ties go to the
//! earlier candidate and row). A pair must agree on at least one field;
//! what stays unpaired is an invented or a missed incident.
//!
//! **Counting**, per field, only where the gold row has a value or the
//! candidate is unpaired:
//! - paired, values match: a true positive;
//! - paired, values differ: a false positive *and* a false negative (a
//!   wrong value is both an error and a miss);
//! - paired, the candidate has no value: a false negative;
//! - an unpaired candidate's value: a false positive;
//! - an unpaired gold row's value: a false negative.
//!
//! **Matching**, per field: the date exactly (`YYYY-MM-DD`); location and
//! region by the gazetteer's canonical name ("Tombouctou" = "Timbuktu"),
//! ignoring case and diacritics; the event type by ACLED label; the
//! fatalities when the candidate's low–high range overlaps the gold's
//! (`fatalities_min`–`fatalities_max`; one of them alone stands for both).
//!
//! Precision is TP / (TP + FP), recall TP / (TP + FN), each 1 when its
//! denominator is 0 (nothing claimed, nothing wrong), and F1 their
//! harmonic mean.

use moc_incidents::EventType;
use serde::Serialize;

use crate::error::GoldError;
use crate::extract::{Candidate, Extraction};
use crate::gazetteer::Gazetteer;
use crate::text::fold_words;

/// One expected incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldRow {
    /// The article's file name.
    pub file: String,
    /// `YYYY-MM-DD`.
    pub event_date: Option<String>,
    /// Place name.
    pub location: Option<String>,
    /// Region name.
    pub admin1: Option<String>,
    /// ACLED event type.
    pub event_type: Option<EventType>,
    /// Lowest fatalities.
    pub fatalities_min: Option<u32>,
    /// Highest fatalities.
    pub fatalities_max: Option<u32>,
}

/// The scored fields, in report order.
pub const FIELDS: [&str; 5] = [
    "event_date",
    "location",
    "admin1",
    "event_type",
    "fatalities",
];

/// The counts and scores of one field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldScore {
    /// The field's gold column name (`fatalities` for the range).
    pub field: &'static str,
    /// True positives.
    pub tp: u32,
    /// False positives.
    pub fp: u32,
    /// False negatives.
    pub fn_: u32,
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

/// The whole evaluation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Articles read.
    pub articles: usize,
    /// Candidates extracted.
    pub candidates: usize,
    /// Gold incidents.
    pub gold: usize,
    /// Candidate–gold pairs made.
    pub paired: usize,
    /// One score per field of [`FIELDS`].
    pub fields: Vec<FieldScore>,
}

/// Reads a gold CSV.
///
/// # Errors
/// [`GoldError`] naming the line and column of the first bad value.
pub fn read_gold(text: &str) -> Result<Vec<GoldRow>, GoldError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let columns = crate::columns::positions(
        &mut reader,
        &[
            "file",
            "event_date",
            "location",
            "admin1",
            "event_type",
            "fatalities_min",
            "fatalities_max",
        ],
    )
    .map_err(|e| match e {
        Ok(column) => GoldError::MissingColumn { column },
        Err(e) => GoldError::Csv {
            line: 1,
            message: e.to_string(),
        },
    })?;
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = record.map_err(|e| GoldError::Csv {
            line,
            message: e.to_string(),
        })?;
        let get = |i: usize| {
            record
                .get(columns[i])
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let bad = |column: &'static str, value: &str| GoldError::BadValue {
            line,
            column,
            value: value.to_string(),
        };
        let file = get(0).ok_or_else(|| bad("file", ""))?;
        let event_date = get(1);
        if let Some(d) = &event_date {
            crate::dates::Day::parse_iso(d).ok_or_else(|| bad("event_date", d))?;
        }
        let event_type = match get(4) {
            Some(t) => Some(EventType::from_label(&t).ok_or_else(|| bad("event_type", &t))?),
            None => None,
        };
        let number = |i: usize, column: &'static str| match get(i) {
            Some(v) => v.parse::<u32>().map(Some).map_err(|_| bad(column, &v)),
            None => Ok(None),
        };
        rows.push(GoldRow {
            file,
            event_date,
            location: get(2),
            admin1: get(3),
            event_type,
            fatalities_min: number(5, "fatalities_min")?,
            fatalities_max: number(6, "fatalities_max")?,
        });
    }
    Ok(rows)
}

/// A field's verdict for one candidate–gold pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// The gold row has no value: not scored.
    Unscored,
    /// Same value.
    Match,
    /// Different values.
    Mismatch,
    /// The candidate has no value.
    Missing,
}

/// The canonical form of a place name: the gazetteer's name when it knows
/// the place, else the name itself; folded either way.
fn place_key(gazetteer: &Gazetteer, name: &str) -> String {
    gazetteer
        .find(name)
        .map_or_else(|| fold_words(name), |p| fold_words(&p.name))
}

fn region_key(gazetteer: &Gazetteer, name: &str) -> String {
    gazetteer
        .region(name)
        .map_or_else(|| fold_words(name), fold_words)
}

fn verdicts(c: &Candidate, g: &GoldRow, gazetteer: &Gazetteer) -> [Verdict; 5] {
    fn judge<T>(gold: Option<T>, candidate: Option<T>, same: impl Fn(&T, &T) -> bool) -> Verdict {
        match (gold, candidate) {
            (None, _) => Verdict::Unscored,
            (Some(_), None) => Verdict::Missing,
            (Some(a), Some(b)) if same(&a, &b) => Verdict::Match,
            _ => Verdict::Mismatch,
        }
    }
    let date = c.date.as_ref().and_then(|d| d.value.date.clone());
    let place = c.place.as_ref().map(|p| &p.value);
    let gold_range = match (g.fatalities_min, g.fatalities_max) {
        (None, None) => None,
        (Some(a), None) | (None, Some(a)) => Some((a, a)),
        (Some(a), Some(b)) => Some((a.min(b), a.max(b))),
    };
    [
        judge(g.event_date.clone(), date, |a, b| a == b),
        judge(
            g.location.clone(),
            place.map(|p| p.location.clone()),
            |a, b| place_key(gazetteer, a) == place_key(gazetteer, b),
        ),
        judge(g.admin1.clone(), place.map(|p| p.admin1.clone()), |a, b| {
            region_key(gazetteer, a) == region_key(gazetteer, b)
        }),
        judge(
            g.event_type,
            c.event_type.as_ref().map(|t| t.value),
            |a, b| a == b,
        ),
        judge(gold_range, c.fatalities.map(|r| (r.low, r.high)), |a, b| {
            a.0 <= b.1 && b.0 <= a.1
        }),
    ]
}

fn has_value(c: &Candidate) -> [bool; 5] {
    let place = c.place.as_ref();
    [
        c.date.as_ref().is_some_and(|d| d.value.date.is_some()),
        place.is_some(),
        place.is_some_and(|p| !p.value.admin1.is_empty()),
        c.event_type.is_some(),
        c.fatalities.is_some(),
    ]
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

/// Scores `articles` (file name, extraction) against `gold`.
pub fn evaluate(
    articles: &[(String, Extraction)],
    gold: &[GoldRow],
    gazetteer: &Gazetteer,
) -> Report {
    let mut counts = [Counts::default(); 5];
    let mut paired_total = 0;
    let mut files: Vec<&str> = articles.iter().map(|(f, _)| f.as_str()).collect();
    files.extend(gold.iter().map(|g| g.file.as_str()));
    files.sort_unstable();
    files.dedup();
    for file in files {
        let candidates: Vec<&Candidate> = articles
            .iter()
            .filter(|(f, _)| f == file)
            .flat_map(|(_, x)| &x.candidates)
            .collect();
        let rows: Vec<&GoldRow> = gold.iter().filter(|g| g.file == file).collect();
        let pairs = pair(&candidates, &rows, gazetteer);
        paired_total += pairs.len();
        for (ci, c) in candidates.iter().enumerate() {
            match pairs.iter().find(|(pc, _)| *pc == ci) {
                Some(&(_, gi)) => {
                    for (k, v) in verdicts(c, rows[gi], gazetteer).into_iter().enumerate() {
                        match v {
                            Verdict::Unscored => {}
                            Verdict::Match => counts[k].tp += 1,
                            Verdict::Mismatch => {
                                counts[k].fp += 1;
                                counts[k].fn_ += 1;
                            }
                            Verdict::Missing => counts[k].fn_ += 1,
                        }
                    }
                }
                None => {
                    for (k, has) in has_value(c).into_iter().enumerate() {
                        counts[k].fp += u32::from(has);
                    }
                }
            }
        }
        for (gi, g) in rows.iter().enumerate() {
            if pairs.iter().any(|(_, pg)| *pg == gi) {
                continue;
            }
            let present = [
                g.event_date.is_some(),
                g.location.is_some(),
                g.admin1.is_some(),
                g.event_type.is_some(),
                g.fatalities_min.is_some() || g.fatalities_max.is_some(),
            ];
            for (k, has) in present.into_iter().enumerate() {
                counts[k].fn_ += u32::from(has);
            }
        }
    }
    let ratio = |num: u32, den: u32| {
        if den == 0 {
            1.0
        } else {
            f64::from(num) / f64::from(den)
        }
    };
    let fields = FIELDS
        .iter()
        .zip(counts)
        .map(|(field, c)| {
            let precision = ratio(c.tp, c.tp + c.fp);
            let recall = ratio(c.tp, c.tp + c.fn_);
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            FieldScore {
                field,
                tp: c.tp,
                fp: c.fp,
                fn_: c.fn_,
                precision,
                recall,
                f1,
            }
        })
        .collect();
    Report {
        articles: articles.len(),
        candidates: articles.iter().map(|(_, x)| x.candidates.len()).sum(),
        gold: gold.len(),
        paired: paired_total,
        fields,
    }
}

/// Greedy best-first pairing (see the module's doc): `(candidate, row)`.
fn pair(
    candidates: &[&Candidate],
    rows: &[&GoldRow],
    gazetteer: &Gazetteer,
) -> Vec<(usize, usize)> {
    let mut scored: Vec<(u32, usize, usize)> = Vec::new();
    for (ci, c) in candidates.iter().enumerate() {
        for (gi, g) in rows.iter().enumerate() {
            let score: u32 = verdicts(c, g, gazetteer)
                .iter()
                .zip([1, 2, 1, 1, 1])
                .filter(|(v, _)| **v == Verdict::Match)
                .map(|(_, w)| w)
                .sum();
            if score > 0 {
                scored.push((score, ci, gi));
            }
        }
    }
    scored.sort_by_key(|&(score, ci, gi)| (std::cmp::Reverse(score), ci, gi));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (_, ci, gi) in scored {
        if !pairs.iter().any(|&(c, g)| c == ci || g == gi) {
            pairs.push((ci, gi));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Options, extract};

    fn gazetteer() -> Gazetteer {
        Gazetteer::mali().expect("embedded gazetteer")
    }

    const HEADER: &str =
        "file,event_date,location,admin1,event_type,fatalities_min,fatalities_max\n";

    #[test]
    fn reads_gold_and_names_bad_values() {
        let rows = read_gold(&format!(
            "{HEADER}a.txt,2017-01-18,Gao,Gao,Explosions/Remote violence,54,54\nb.txt,,,,,,\n"
        ))
        .expect("valid gold");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].event_type,
            Some(EventType::ExplosionsRemoteViolence)
        );
        assert_eq!(rows[1].location, None);
        assert_eq!(
            read_gold(&format!("{HEADER}a.txt,2017-13-01,,,,,\n")).err(),
            Some(GoldError::BadValue {
                line: 2,
                column: "event_date",
                value: "2017-13-01".into()
            })
        );
        assert_eq!(
            read_gold(&format!("{HEADER}a.txt,,,,Bombing,,\n")).err(),
            Some(GoldError::BadValue {
                line: 2,
                column: "event_type",
                value: "Bombing".into()
            })
        );
        assert_eq!(
            read_gold("file,location\n").err(),
            Some(GoldError::MissingColumn {
                column: "event_date"
            })
        );
    }

    fn report(articles: &[(&str, &str)], gold: &str) -> Report {
        let g = gazetteer();
        let extracted: Vec<(String, Extraction)> = articles
            .iter()
            .map(|(f, t)| (f.to_string(), extract(t, &g, &Options::default())))
            .collect();
        evaluate(
            &extracted,
            &read_gold(&format!("{HEADER}{gold}")).expect("gold"),
            &g,
        )
    }

    fn counts(r: &Report, field: &str) -> (u32, u32, u32) {
        r.fields
            .iter()
            .find(|f| f.field == field)
            .map_or((0, 0, 0), |f| (f.tp, f.fp, f.fn_))
    }

    #[test]
    fn spellings_of_one_place_match_and_ranges_overlap() {
        let r = report(
            &[(
                "a.txt",
                "On 6 March 2017, gunmen attacked a patrol near Tombouctou, killing nearly 10 soldiers.",
            )],
            "a.txt,2017-03-06,Timbuktu,Timbuktu,Battles,8,9\n",
        );
        assert_eq!(r.paired, 1);
        for field in FIELDS {
            assert_eq!(counts(&r, field), (1, 0, 0), "{field}");
        }
        assert!(r.fields.iter().all(|f| (f.f1 - 1.0).abs() < 1e-9));
    }

    #[test]
    fn wrong_values_invented_and_missed_incidents() {
        let r = report(
            &[
                (
                    "a.txt",
                    "On 6 March 2017, gunmen attacked a patrol in Gao, killing 3 soldiers.",
                ),
                ("b.txt", "On 7 March 2017, protesters marched in Kidal."),
            ],
            "a.txt,2017-03-05,Gao,Gao,Battles,,\nc.txt,2017-03-01,Bamako,,,,\n",
        );
        // a.txt: paired; the date is wrong (FP and FN), fatalities unscored.
        assert_eq!(counts(&r, "event_date"), (0, 2, 2));
        assert_eq!(counts(&r, "location"), (1, 1, 1));
        assert_eq!(counts(&r, "admin1"), (1, 1, 0));
        assert_eq!(counts(&r, "fatalities"), (0, 0, 0));
        let date = r
            .fields
            .iter()
            .find(|f| f.field == "event_date")
            .expect("date");
        assert_eq!((date.precision, date.recall, date.f1), (0.0, 0.0, 0.0));
    }
}
