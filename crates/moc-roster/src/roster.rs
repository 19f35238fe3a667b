//! A roster (a solution): which shifts each staff member works each day,
//! and its two file forms.
//!
//! The benchmark defines no solution format of its own that its tools
//! share, so the text form is the simplest grid that round-trips: one line
//! per staff member, tab-separated, the staff id then one cell per day,
//! each cell empty (day off) or a shift id. `#` starts a comment line.
//! The JSON form is `{"roster": {"A": ["", "D", …], …}}`.
//!
//! A cell may hold several shifts (`D|N`) so that a roster breaking the
//! "one shift a day" rule can be written down and then rejected by the
//! evaluator, rather than being unrepresentable.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::Instance;

/// The shifts each staff member works each day.
///
/// `cells[staff][day]` lists shift indices; an empty list is a day off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roster {
    /// One row per staff member of the instance, one cell per day.
    pub cells: Vec<Vec<Vec<usize>>>,
}

/// Why a roster file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RosterError {
    /// A row names a staff member the instance does not have.
    #[error("line {line}: unknown staff id {id:?}")]
    UnknownStaff {
        /// 1-based line (0 for JSON).
        line: usize,
        /// The id found.
        id: String,
    },
    /// A cell names a shift the instance does not have.
    #[error("line {line}: unknown shift id {id:?}")]
    UnknownShift {
        /// 1-based line (0 for JSON).
        line: usize,
        /// The id found.
        id: String,
    },
    /// A row does not have one cell per day of the horizon.
    #[error("line {line}: {found} days for staff {id:?}, the horizon has {horizon}")]
    WrongLength {
        /// 1-based line (0 for JSON).
        line: usize,
        /// The staff id.
        id: String,
        /// Cells found.
        found: usize,
        /// Days in the horizon.
        horizon: usize,
    },
    /// A staff member has two rows.
    #[error("line {line}: second row for staff {id:?}")]
    DuplicateStaff {
        /// 1-based line (0 for JSON).
        line: usize,
        /// The staff id.
        id: String,
    },
    /// A staff member has no row.
    #[error("no row for staff {0:?}")]
    MissingStaff(String),
    /// The JSON form is malformed.
    #[error("bad JSON roster: {0}")]
    Json(String),
}

impl Roster {
    /// A roster where nobody works.
    pub fn empty(inst: &Instance) -> Roster {
        Roster {
            cells: vec![vec![Vec::new(); inst.horizon]; inst.staff.len()],
        }
    }

    /// Writes the tab-separated text form.
    pub fn to_text(&self, inst: &Instance) -> String {
        let mut out = String::new();
        for (e, row) in self.cells.iter().enumerate() {
            out.push_str(&inst.staff[e].id);
            for cell in row {
                out.push('\t');
                out.push_str(&cell_text(inst, cell));
            }
            out.push('\n');
        }
        out
    }

    /// Writes the JSON form.
    pub fn to_json(&self, inst: &Instance) -> serde_json::Value {
        let map: serde_json::Map<String, serde_json::Value> = self
            .cells
            .iter()
            .enumerate()
            .map(|(e, row)| {
                let days = row.iter().map(|c| cell_text(inst, c).into()).collect();
                (inst.staff[e].id.clone(), serde_json::Value::Array(days))
            })
            .collect();
        let mut obj = serde_json::Map::new();
        obj.insert("roster".into(), serde_json::Value::Object(map));
        serde_json::Value::Object(obj)
    }

    /// Reads either form: JSON when the text starts with `{`, else the grid.
    ///
    /// # Errors
    /// Unknown ids, rows of the wrong length, missing or duplicate rows.
    pub fn parse(inst: &Instance, text: &str) -> Result<Roster, RosterError> {
        let rows: Vec<(usize, String, Vec<String>)> = if text.trim_start().starts_with('{') {
            parse_json_rows(text)?
        } else {
            text.lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .map(|(i, l)| {
                    let l = l.trim_end_matches(['\r', '\n']);
                    let sep = if l.contains('\t') { '\t' } else { ',' };
                    let mut parts = l.split(sep).map(|p| p.trim().to_owned());
                    let id = parts.next().unwrap_or_default();
                    (i + 1, id, parts.collect())
                })
                .collect()
        };
        let mut cells: Vec<Option<Vec<Vec<usize>>>> = vec![None; inst.staff.len()];
        for (line, id, days) in rows {
            let e = inst
                .staff_index(&id)
                .ok_or_else(|| RosterError::UnknownStaff {
                    line,
                    id: id.clone(),
                })?;
            if days.len() != inst.horizon {
                return Err(RosterError::WrongLength {
                    line,
                    id,
                    found: days.len(),
                    horizon: inst.horizon,
                });
            }
            let mut row = Vec::with_capacity(days.len());
            for cell in &days {
                let mut shifts = Vec::new();
                for s in cell.split('|').map(str::trim) {
                    if s.is_empty() || s == "." {
                        continue;
                    }
                    shifts.push(
                        inst.shift_index(s)
                            .ok_or_else(|| RosterError::UnknownShift {
                                line,
                                id: s.to_owned(),
                            })?,
                    );
                }
                row.push(shifts);
            }
            if cells[e].replace(row).is_some() {
                return Err(RosterError::DuplicateStaff { line, id });
            }
        }
        let cells = cells
            .into_iter()
            .enumerate()
            .map(|(e, r)| r.ok_or_else(|| RosterError::MissingStaff(inst.staff[e].id.clone())))
            .collect::<Result<_, _>>()?;
        Ok(Roster { cells })
    }
}

fn cell_text(inst: &Instance, cell: &[usize]) -> String {
    let mut s = String::new();
    for (i, &k) in cell.iter().enumerate() {
        if i > 0 {
            s.push('|');
        }
        let _ = write!(s, "{}", inst.shifts[k].id);
    }
    s
}

type Rows = Vec<(usize, String, Vec<String>)>;

fn parse_json_rows(text: &str) -> Result<Rows, RosterError> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| RosterError::Json(e.to_string()))?;
    let map: BTreeMap<String, Vec<String>> = serde_json::from_value(
        v.get("roster")
            .cloned()
            .ok_or_else(|| RosterError::Json("no \"roster\" field".into()))?,
    )
    .map_err(|e| RosterError::Json(e.to_string()))?;
    Ok(map.into_iter().map(|(id, days)| (0, id, days)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_instance;

    const INST: &str = "SECTION_HORIZON\n3\nSECTION_SHIFTS\nD,480,\nN,480,D\n\
        SECTION_STAFF\nA,D=3,9999,0,9,0,0,9\nB,D=3,9999,0,9,0,0,9\n\
        SECTION_DAYS_OFF\nSECTION_SHIFT_ON_REQUESTS\nSECTION_SHIFT_OFF_REQUESTS\nSECTION_COVER\n";

    #[test]
    fn round_trips_text_and_json() {
        let inst = parse_instance(INST).unwrap();
        let r = Roster {
            cells: vec![
                vec![vec![0], vec![], vec![1]],
                vec![vec![0, 1], vec![1], vec![]],
            ],
        };
        let text = r.to_text(&inst);
        assert_eq!(text, "A\tD\t\tN\nB\tD|N\tN\t\n");
        assert_eq!(Roster::parse(&inst, &text).unwrap(), r);
        let json = r.to_json(&inst).to_string();
        assert_eq!(Roster::parse(&inst, &json).unwrap(), r);
    }

    #[test]
    fn rejects_bad_rosters() {
        let inst = parse_instance(INST).unwrap();
        let bad = |t: &str| Roster::parse(&inst, t).unwrap_err().to_string();
        assert!(bad("A\tD\t\t\nC\t\t\t\n").contains("line 2: unknown staff"));
        assert!(bad("A\tD\tX\t\nB\t\t\t\n").contains("unknown shift id \"X\""));
        assert!(bad("A\tD\t\nB\t\t\t\n").contains("2 days"));
        assert!(bad("A\tD\t\t\n").contains("no row for staff \"B\""));
        assert!(bad("A\tD\t\t\nA\tD\t\t\n").contains("second row"));
    }
}
