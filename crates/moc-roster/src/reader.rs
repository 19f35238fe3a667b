//! Reader for the Curtois & Qu text format.
//!
//! The file is a sequence of sections (`SECTION_HORIZON`, `SECTION_SHIFTS`,
//! `SECTION_STAFF`, `SECTION_DAYS_OFF`, `SECTION_SHIFT_ON_REQUESTS`,
//! `SECTION_SHIFT_OFF_REQUESTS`, `SECTION_COVER`) of comma-separated lines;
//! lines starting with `#` are comments. The reader accepts the sections in
//! any order and reports the first problem with the 1-based line number
//! where it is, so a hand-edited file can be fixed quickly.

use std::collections::HashMap;

use crate::model::{Cover, Extensions, Instance, Request, ShiftType, Staff};

/// Why an instance file could not be read, and on which line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct ParseError {
    /// 1-based line number; for a missing section, the line after the last.
    pub line: usize,
    /// What is wrong.
    pub kind: ParseErrorKind,
}

/// What is wrong with an instance file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A required section never appears.
    #[error("missing section {0}")]
    MissingSection(&'static str),
    /// A `SECTION_…` header this reader does not know.
    #[error("unknown section {0:?}")]
    UnknownSection(String),
    /// The same section appears twice.
    #[error("section {0} appears twice")]
    DuplicateSection(&'static str),
    /// Data before the first section header.
    #[error("data outside any section: {0:?}")]
    OutsideSection(String),
    /// A line has the wrong number of comma-separated fields.
    #[error("expected {expected} fields, found {found}")]
    FieldCount {
        /// What the section wants.
        expected: &'static str,
        /// What the line has.
        found: usize,
    },
    /// A field that should be a non-negative integer is not.
    #[error("{field}: {text:?} is not a non-negative integer")]
    BadNumber {
        /// Which field.
        field: &'static str,
        /// The text found.
        text: String,
    },
    /// A weight is negative: the objective would reward violations.
    #[error("{field}: negative weight {value}")]
    NegativeWeight {
        /// Which weight.
        field: &'static str,
        /// The value found.
        value: i64,
    },
    /// A shift identifier that `SECTION_SHIFTS` does not define.
    #[error("unknown shift id {0:?}")]
    UnknownShift(String),
    /// A staff identifier that `SECTION_STAFF` does not define.
    #[error("unknown staff id {0:?}")]
    UnknownStaff(String),
    /// A shift identifier defined twice.
    #[error("duplicate shift id {0:?}")]
    DuplicateShift(String),
    /// A staff identifier defined twice.
    #[error("duplicate staff id {0:?}")]
    DuplicateStaff(String),
    /// Two cover lines for the same day and shift.
    #[error("duplicate cover for day {day}, shift {shift:?}")]
    DuplicateCover {
        /// The day.
        day: usize,
        /// The shift identifier.
        shift: String,
    },
    /// A day index not below the horizon.
    #[error("day {day} is outside the horizon of {horizon} days")]
    DayOutOfRange {
        /// The day found.
        day: usize,
        /// The horizon.
        horizon: usize,
    },
    /// A section that must hold at least one entry is empty.
    #[error("section {0} is empty")]
    EmptySection(&'static str),
}

/// Reads an instance in the Curtois & Qu text format.
///
/// # Errors
/// The first problem found, with its line number (see [`ParseErrorKind`]).
pub fn parse_instance(text: &str) -> Result<Instance, ParseError> {
    let sections = split_sections(text)?;
    let get = |name: &'static str| -> Result<&Section<'_>, ParseError> {
        sections.iter().find(|s| s.name == name).ok_or(ParseError {
            line: text.lines().count() + 1,
            kind: ParseErrorKind::MissingSection(name),
        })
    };

    let horizon = read_horizon(get(HORIZON)?)?;
    let (shifts, shift_ids) = read_shifts(get(SHIFTS)?)?;
    let (mut staff, staff_ids) = read_staff(get(STAFF)?, horizon, &shifts, &shift_ids)?;
    let ids = Ids {
        horizon,
        shifts: &shift_ids,
        staff: &staff_ids,
    };
    read_days_off(get(DAYS_OFF)?, &ids, &mut staff)?;
    let on_requests = read_requests(get(ON_REQUESTS)?, &ids)?;
    let off_requests = read_requests(get(OFF_REQUESTS)?, &ids)?;
    let cover = read_cover(get(COVER)?, &ids)?;
    Ok(Instance {
        horizon,
        shifts,
        staff,
        on_requests,
        off_requests,
        cover,
        extensions: Extensions::default(),
    })
}

const HORIZON: &str = "SECTION_HORIZON";
const SHIFTS: &str = "SECTION_SHIFTS";
const STAFF: &str = "SECTION_STAFF";
const DAYS_OFF: &str = "SECTION_DAYS_OFF";
const ON_REQUESTS: &str = "SECTION_SHIFT_ON_REQUESTS";
const OFF_REQUESTS: &str = "SECTION_SHIFT_OFF_REQUESTS";
const COVER: &str = "SECTION_COVER";
const ALL: [&str; 7] = [
    HORIZON,
    SHIFTS,
    STAFF,
    DAYS_OFF,
    ON_REQUESTS,
    OFF_REQUESTS,
    COVER,
];

/// One section: its header's line and its data lines, with line numbers.
struct Section<'a> {
    name: &'static str,
    line: usize,
    rows: Vec<(usize, &'a str)>,
}

/// Identifier lookups shared by the sections after `SECTION_STAFF`.
struct Ids<'a> {
    horizon: usize,
    shifts: &'a HashMap<String, usize>,
    staff: &'a HashMap<String, usize>,
}

fn err(line: usize, kind: ParseErrorKind) -> ParseError {
    ParseError { line, kind }
}

fn split_sections(text: &str) -> Result<Vec<Section<'_>>, ParseError> {
    let mut sections: Vec<Section<'_>> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with("SECTION_") {
            let name = ALL
                .iter()
                .find(|n| **n == content)
                .ok_or_else(|| err(line, ParseErrorKind::UnknownSection(content.to_owned())))?;
            if sections.iter().any(|s| s.name == *name) {
                return Err(err(line, ParseErrorKind::DuplicateSection(name)));
            }
            sections.push(Section {
                name,
                line,
                rows: Vec::new(),
            });
            continue;
        }
        match sections.last_mut() {
            Some(s) => s.rows.push((line, content)),
            None => {
                return Err(err(
                    line,
                    ParseErrorKind::OutsideSection(content.to_owned()),
                ));
            }
        }
    }
    Ok(sections)
}

fn fields(row: &str) -> Vec<&str> {
    row.split(',').map(str::trim).collect()
}

fn number(line: usize, field: &'static str, text: &str) -> Result<u32, ParseError> {
    // Instance15 writes one requirement as "-0": accept a signed zero.
    let value = text.parse::<i64>().ok().filter(|v| *v >= 0);
    value.and_then(|v| u32::try_from(v).ok()).ok_or_else(|| {
        err(
            line,
            ParseErrorKind::BadNumber {
                field,
                text: text.to_owned(),
            },
        )
    })
}

fn weight(line: usize, field: &'static str, text: &str) -> Result<u32, ParseError> {
    match text.parse::<i64>() {
        Ok(v) if v < 0 => Err(err(
            line,
            ParseErrorKind::NegativeWeight { field, value: v },
        )),
        _ => number(line, field, text),
    }
}

fn day(line: usize, text: &str, horizon: usize) -> Result<usize, ParseError> {
    let d = number(line, "day", text)? as usize;
    if d >= horizon {
        return Err(err(line, ParseErrorKind::DayOutOfRange { day: d, horizon }));
    }
    Ok(d)
}

fn lookup(
    line: usize,
    map: &HashMap<String, usize>,
    id: &str,
    unknown: fn(String) -> ParseErrorKind,
) -> Result<usize, ParseError> {
    map.get(id)
        .copied()
        .ok_or_else(|| err(line, unknown(id.to_owned())))
}

fn expect_fields(line: usize, f: &[&str], n: usize, what: &'static str) -> Result<(), ParseError> {
    if f.len() != n {
        return Err(err(
            line,
            ParseErrorKind::FieldCount {
                expected: what,
                found: f.len(),
            },
        ));
    }
    Ok(())
}

fn read_horizon(s: &Section<'_>) -> Result<usize, ParseError> {
    let Some(&(line, row)) = s.rows.first() else {
        return Err(err(s.line, ParseErrorKind::EmptySection(HORIZON)));
    };
    if let Some(&(extra, _)) = s.rows.get(1) {
        return Err(err(
            extra,
            ParseErrorKind::FieldCount {
                expected: "1 line",
                found: s.rows.len(),
            },
        ));
    }
    let h = number(line, "horizon", row)? as usize;
    if h == 0 {
        return Err(err(line, ParseErrorKind::EmptySection(HORIZON)));
    }
    Ok(h)
}

type ShiftsRead = (Vec<ShiftType>, HashMap<String, usize>);

fn read_shifts(s: &Section<'_>) -> Result<ShiftsRead, ParseError> {
    let mut shifts = Vec::new();
    let mut ids = HashMap::new();
    for &(line, row) in &s.rows {
        let f = fields(row);
        if f.len() != 2 && f.len() != 3 {
            return Err(err(
                line,
                ParseErrorKind::FieldCount {
                    expected: "2 or 3 (id, minutes, forbidden next)",
                    found: f.len(),
                },
            ));
        }
        if ids.insert(f[0].to_owned(), shifts.len()).is_some() {
            return Err(err(line, ParseErrorKind::DuplicateShift(f[0].to_owned())));
        }
        shifts.push(ShiftType {
            id: f[0].to_owned(),
            minutes: number(line, "shift minutes", f[1])?,
            forbidden_next: Vec::new(),
        });
    }
    if shifts.is_empty() {
        return Err(err(s.line, ParseErrorKind::EmptySection(SHIFTS)));
    }
    // Successions may name shifts defined further down: resolve them after.
    for (i, &(line, row)) in s.rows.iter().enumerate() {
        let f = fields(row);
        let Some(list) = f.get(2) else { continue };
        let mut next: Vec<usize> = Vec::new();
        for id in list.split('|').map(str::trim).filter(|x| !x.is_empty()) {
            next.push(lookup(line, &ids, id, ParseErrorKind::UnknownShift)?);
        }
        next.sort_unstable();
        next.dedup();
        shifts[i].forbidden_next = next;
    }
    Ok((shifts, ids))
}

type StaffRead = (Vec<Staff>, HashMap<String, usize>);

fn read_staff(
    s: &Section<'_>,
    horizon: usize,
    shifts: &[ShiftType],
    shift_ids: &HashMap<String, usize>,
) -> Result<StaffRead, ParseError> {
    let mut staff = Vec::new();
    let mut ids = HashMap::new();
    for &(line, row) in &s.rows {
        let f = fields(row);
        expect_fields(
            line,
            &f,
            8,
            "8 (id, max shifts, max minutes, min minutes, max consecutive, \
             min consecutive, min days off, max weekends)",
        )?;
        if ids.insert(f[0].to_owned(), staff.len()).is_some() {
            return Err(err(line, ParseErrorKind::DuplicateStaff(f[0].to_owned())));
        }
        // A shift type the line does not limit is limited by the horizon.
        let mut max_shifts = vec![horizon as u32; shifts.len()];
        for item in f[1].split('|').map(str::trim).filter(|x| !x.is_empty()) {
            let (id, n) = item.split_once('=').ok_or_else(|| {
                err(
                    line,
                    ParseErrorKind::BadNumber {
                        field: "max shifts (want SHIFT=N)",
                        text: item.to_owned(),
                    },
                )
            })?;
            let k = lookup(line, shift_ids, id.trim(), ParseErrorKind::UnknownShift)?;
            max_shifts[k] = number(line, "max shifts", n.trim())?;
        }
        staff.push(Staff {
            id: f[0].to_owned(),
            max_shifts,
            max_minutes: number(line, "max total minutes", f[2])?,
            min_minutes: number(line, "min total minutes", f[3])?,
            max_consecutive: number(line, "max consecutive shifts", f[4])?,
            min_consecutive: number(line, "min consecutive shifts", f[5])?,
            min_days_off: number(line, "min consecutive days off", f[6])?,
            max_weekends: number(line, "max weekends", f[7])?,
            days_off: Vec::new(),
        });
    }
    if staff.is_empty() {
        return Err(err(s.line, ParseErrorKind::EmptySection(STAFF)));
    }
    Ok((staff, ids))
}

fn read_days_off(s: &Section<'_>, ids: &Ids<'_>, staff: &mut [Staff]) -> Result<(), ParseError> {
    for &(line, row) in &s.rows {
        let f = fields(row);
        let e = lookup(line, ids.staff, f[0], ParseErrorKind::UnknownStaff)?;
        for d in f[1..].iter().filter(|x| !x.is_empty()) {
            staff[e].days_off.push(day(line, d, ids.horizon)?);
        }
    }
    for member in staff {
        member.days_off.sort_unstable();
        member.days_off.dedup();
    }
    Ok(())
}

fn read_requests(s: &Section<'_>, ids: &Ids<'_>) -> Result<Vec<Request>, ParseError> {
    let mut out = Vec::with_capacity(s.rows.len());
    for &(line, row) in &s.rows {
        let f = fields(row);
        expect_fields(line, &f, 4, "4 (staff, day, shift, weight)")?;
        out.push(Request {
            staff: lookup(line, ids.staff, f[0], ParseErrorKind::UnknownStaff)?,
            day: day(line, f[1], ids.horizon)?,
            shift: lookup(line, ids.shifts, f[2], ParseErrorKind::UnknownShift)?,
            weight: weight(line, "request weight", f[3])?,
        });
    }
    Ok(out)
}

fn read_cover(s: &Section<'_>, ids: &Ids<'_>) -> Result<Vec<Cover>, ParseError> {
    let n = ids.shifts.len();
    let mut cover = vec![Cover::default(); ids.horizon * n];
    let mut seen = vec![false; ids.horizon * n];
    for &(line, row) in &s.rows {
        let f = fields(row);
        expect_fields(
            line,
            &f,
            5,
            "5 (day, shift, requirement, weight under, weight over)",
        )?;
        let d = day(line, f[0], ids.horizon)?;
        let k = lookup(line, ids.shifts, f[1], ParseErrorKind::UnknownShift)?;
        let at = d * n + k;
        if std::mem::replace(&mut seen[at], true) {
            return Err(err(
                line,
                ParseErrorKind::DuplicateCover {
                    day: d,
                    shift: f[1].to_owned(),
                },
            ));
        }
        cover[at] = Cover {
            requirement: number(line, "requirement", f[2])?,
            under_weight: weight(line, "weight for under cover", f[3])?,
            over_weight: weight(line, "weight for over cover", f[4])?,
        };
    }
    Ok(cover)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "\
# comment
SECTION_HORIZON
7

SECTION_SHIFTS
D,480,N
N,600,

SECTION_STAFF
A,D=5|N=2,2400,960,5,2,2,1
B,D=7,2400,0,7,1,1,1

SECTION_DAYS_OFF
A,0,3

SECTION_SHIFT_ON_REQUESTS
A,1,D,2

SECTION_SHIFT_OFF_REQUESTS
B,2,N,3

SECTION_COVER
0,D,1,100,1
6,N,2,50,5
";

    /// Replaces the first occurrence of `from` in [`TINY`] and parses.
    fn check(from: &str, to: &str, expected: Result<(), (usize, &str)>) {
        let text = TINY.replacen(from, to, 1);
        let got = parse_instance(&text).map(|_| ()).map_err(|e| {
            let line = e.line;
            (line, e.to_string())
        });
        match (got, expected) {
            (Ok(()), Ok(())) => {}
            (Err((line, msg)), Err((want_line, want))) => {
                assert_eq!(line, want_line, "{msg}");
                assert!(msg.contains(want), "{msg:?} lacks {want:?}");
            }
            (got, want) => panic!("got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn reads_tiny() {
        let inst = parse_instance(TINY).unwrap();
        assert_eq!(inst.horizon, 7);
        assert_eq!(inst.shifts.len(), 2);
        assert_eq!(inst.shifts[0].forbidden_next, vec![1]);
        assert_eq!(inst.staff[0].max_shifts, vec![5, 2]);
        assert_eq!(inst.staff[1].max_shifts, vec![7, 7]);
        assert_eq!(inst.staff[0].days_off, vec![0, 3]);
        assert_eq!(inst.on_requests[0].weight, 2);
        assert_eq!(inst.off_requests[0].shift, 1);
        assert_eq!(inst.cover(6, 1).requirement, 2);
        assert_eq!(inst.cover(3, 1).requirement, 0);
    }

    #[test]
    fn errors_carry_line_numbers() {
        check("A,D=5", "A,D=5", Ok(()));
        check(
            "SECTION_COVER",
            "SECTION_NOPE",
            Err((22, "unknown section")),
        );
        check(
            "SECTION_COVER\n0,D,1,100,1\n6,N,2,50,5\n",
            "",
            Err((22, "missing section SECTION_COVER")),
        );
        check("A,1,D,2", "A,1,X,2", Err((17, "unknown shift id \"X\"")));
        check("D,480,N", "D,480,Z", Err((6, "unknown shift id \"Z\"")));
        check("B,2,N,3", "C,2,N,3", Err((20, "unknown staff id \"C\"")));
        check("A,0,3", "A,0,9", Err((14, "outside the horizon")));
        check(
            "6,N,2,50,5",
            "6,N,2,-50,5",
            Err((24, "negative weight -50")),
        );
        check("A,1,D,2", "A,1,D,-2", Err((17, "negative weight")));
        check("N,600,", "D,600,", Err((7, "duplicate shift id")));
        check("B,D=7", "A,D=7", Err((11, "duplicate staff id")));
        check("6,N,2,50,5", "0,D,2,50,5", Err((24, "duplicate cover")));
        check(
            "2400,960",
            "24x0,960",
            Err((10, "not a non-negative integer")),
        );
        check(
            "A,D=5|N=2",
            "A,D=5|Q=2",
            Err((10, "unknown shift id \"Q\"")),
        );
        check("\n7\n", "\nseven\n", Err((3, "horizon")));
        check("# comment", "stray", Err((1, "outside any section")));
        check("A,1,D,2", "A,1,D", Err((17, "expected 4")));
    }

    /// Instance15 writes one requirement as `-0`; CRLF line ends occur in
    /// copies edited on Windows.
    #[test]
    fn accepts_signed_zero_and_crlf() {
        check("6,N,2,50,5", "6,N,-0,50,5", Ok(()));
        let crlf = TINY.replace('\n', "\r\n");
        assert_eq!(
            parse_instance(&crlf).unwrap(),
            parse_instance(TINY).unwrap()
        );
        check(
            "6,N,2,50,5",
            "6,N,-1,50,5",
            Err((24, "not a non-negative integer")),
        );
    }

    #[test]
    fn reads_every_benchmark_instance() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/curtois");
        if !dir.exists() {
            return;
        }
        for i in 1..=24 {
            let text = std::fs::read_to_string(dir.join(format!("Instance{i}.txt"))).unwrap();
            let inst = parse_instance(&text).unwrap_or_else(|e| panic!("Instance{i}: {e}"));
            assert!(inst.horizon.is_multiple_of(7), "Instance{i}");
        }
    }
}
