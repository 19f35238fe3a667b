//! UCDP GED CSV import (the Georeferenced Event Dataset, codebook
//! version 23.1 and later; columns looked up by name, in any order).
//!
//! The mapping to [`IncidentRecord`]:
//!
//! | UCDP | record |
//! |---|---|
//! | `id` | `event_id_cnty` = "UCDP-" + id |
//! | `date_start` (first 10 characters) | `event_date` |
//! | `date_prec` 1 (day) / 2–3 (days, week) / 4–5 (month, longer) | `time_precision` 1 / 2 / 3 |
//! | `type_of_violence` 1 (state-based) | Battles / Armed clash; side A "Government of …" is state forces, else a rebel group; side B a rebel group |
//! | `type_of_violence` 2 (non-state) | Battles / Armed clash between two political militias |
//! | `type_of_violence` 3 (one-sided) | Violence against civilians / Attack, actor 2 civilians, civilian targeting |
//! | `where_prec` 1 / 2–3 / 4–7 | `geo_precision` 1 / 2 / 3 |
//! | `where_coordinates` (else `adm_2`, `adm_1`) | `location` |
//! | `adm_1`, `adm_2` | `admin1`, `admin2` |
//! | `country` | `country`, and `iso` from a table of the Sahel's countries (UCDP gives Gleditsch–Ward codes, not ISO) |
//! | `region` | `region` |
//! | `best`, `low`, `high` | one source "UCDP GED" (an observer) with killed = best; `fatalities` = best; the range, the deaths per side and the articles in `notes` |
//!
//! The disorder type is political violence for all three.

use crate::acled::quote;
use crate::decimal::parse_e6;
use crate::model::{
    Actor, ActorType, DisorderType, EventType, Figure, IncidentRecord, MAX_NOTES_CHARS, Precision,
    Source, SourceKind, SubEventType, parse_iso_date,
};
use crate::table::{ImportError, RowError, Table, non_empty};
use std::io::Read;

const COLUMNS: [&str; 23] = [
    "id",
    "type_of_violence",
    "conflict_name",
    "dyad_name",
    "side_a",
    "side_b",
    "source_article",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "region",
    "date_prec",
    "date_start",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
];
// `low` is read too; kept apart so the table above stays one line each.
const LOW: &str = "low";

/// ISO 3166-1 numeric codes of the countries around Mali, by UCDP name.
const ISO: &[(&str, u16)] = &[
    ("Mali", 466),
    ("Burkina Faso", 854),
    ("Niger", 562),
    ("Mauritania", 478),
    ("Algeria", 12),
    ("Senegal", 686),
    ("Guinea", 324),
    ("Ivory Coast", 384),
    ("Côte d'Ivoire", 384),
    ("Chad", 148),
    ("Nigeria", 566),
    ("Libya", 434),
];

/// Streams [`IncidentRecord`]s out of a UCDP GED CSV file, one `Result`
/// per row.
pub struct UcdpReader<R> {
    table: Table<R>,
    cols: [usize; COLUMNS.len()],
    low: usize,
}

impl<R: Read> UcdpReader<R> {
    /// Reads the header row.
    ///
    /// # Errors
    /// [`ImportError`]: no header, an unreadable header, or a missing
    /// column (named).
    pub fn new(reader: R) -> Result<Self, ImportError> {
        let table = Table::new(reader)?;
        let mut cols = [0; COLUMNS.len()];
        for (slot, name) in cols.iter_mut().zip(COLUMNS) {
            *slot = table.require(name)?;
        }
        let low = table.require(LOW)?;
        Ok(UcdpReader { table, cols, low })
    }

    fn get(&self, name: &str) -> Result<&str, RowError> {
        let idx = if name == LOW {
            self.low
        } else {
            COLUMNS
                .iter()
                .position(|c| *c == name)
                .map_or(self.low, |i| self.cols[i])
        };
        self.table.get(idx)
    }

    fn number<T: std::str::FromStr>(&self, name: &str) -> Result<T, RowError> {
        let text = self.get(name)?;
        // Some releases write integers as "3.0".
        let text = text.strip_suffix(".0").unwrap_or(text);
        text.parse().map_err(|_| {
            RowError::at(
                self.table.line(),
                name,
                format!("{} is not a whole number", quote(text)),
            )
        })
    }

    fn record(&self) -> Result<IncidentRecord, RowError> {
        let line = self.table.line();
        let err = |field: &str, reason: String| RowError::at(line, field, reason);
        let id = self.get("id")?;
        let date = self.get("date_start")?;
        let day = date
            .get(..10)
            .filter(|d| parse_iso_date(d).is_some())
            .ok_or_else(|| {
                err(
                    "date_start",
                    format!("{} is not a date YYYY-MM-DD", quote(date)),
                )
            })?;
        let date_prec: u8 = self.number("date_prec")?;
        let time_precision = match date_prec {
            1 => 1,
            2 | 3 => 2,
            4 | 5 => 3,
            p => return Err(err("date_prec", format!("{p} is not 1–5"))),
        };
        let where_prec: u8 = self.number("where_prec")?;
        let geo_precision = match where_prec {
            1 => 1,
            2 | 3 => 2,
            4..=7 => 3,
            p => return Err(err("where_prec", format!("{p} is not 1–7"))),
        };
        let side_a = self.get("side_a")?.to_owned();
        let side_b = self.get("side_b")?.to_owned();
        let kind_a = if side_a.starts_with("Government of") {
            ActorType::StateForces
        } else {
            ActorType::RebelGroup
        };
        let violence: u8 = self.number("type_of_violence")?;
        let (event_type, sub_event_type, actor1, actor2) = match violence {
            1 => (
                EventType::Battles,
                SubEventType::ArmedClash,
                kind_a,
                ActorType::RebelGroup,
            ),
            2 => (
                EventType::Battles,
                SubEventType::ArmedClash,
                ActorType::PoliticalMilitia,
                ActorType::PoliticalMilitia,
            ),
            3 => (
                EventType::ViolenceAgainstCivilians,
                SubEventType::Attack,
                kind_a,
                ActorType::Civilians,
            ),
            t => return Err(err("type_of_violence", format!("{t} is not 1, 2 or 3"))),
        };
        let coordinate = |name: &str, max: i32| -> Result<i32, RowError> {
            let text = self.get(name)?;
            parse_e6(text).filter(|v| v.abs() <= max).ok_or_else(|| {
                err(
                    name,
                    format!(
                        "{} is not a coordinate within ±{}",
                        quote(text),
                        max / 1_000_000
                    ),
                )
            })
        };
        let latitude_e6 = coordinate("latitude", 90_000_000)?;
        let longitude_e6 = coordinate("longitude", 180_000_000)?;
        let country = self.get("country")?.to_owned();
        let iso = ISO
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&country))
            .map(|(_, code)| *code)
            .ok_or_else(|| {
                err(
                    "country",
                    format!("{} has no ISO code in this importer", quote(&country)),
                )
            })?;
        let admin1 = non_empty(self.get("adm_1")?);
        let admin2 = non_empty(self.get("adm_2")?);
        let location = non_empty(self.get("where_coordinates")?)
            .or_else(|| admin2.clone())
            .or_else(|| admin1.clone())
            .unwrap_or_else(|| country.clone());
        let best: u32 = self.number("best")?;
        let low: u32 = self.number(LOW)?;
        let high: u32 = self.number("high")?;
        let mut notes = format!(
            "UCDP GED event {id} ({}; {}). Deaths: best {best}, low {low}, high {high}; \
             side A {}, side B {}, civilians {}, unknown {}. Sources: {}",
            self.get("conflict_name")?,
            self.get("dyad_name")?,
            self.get("deaths_a")?,
            self.get("deaths_b")?,
            self.get("deaths_civilians")?,
            self.get("deaths_unknown")?,
            self.get("source_article")?,
        );
        notes.retain(|c| !c.is_control());
        if let Some((cut, _)) = notes.char_indices().nth(MAX_NOTES_CHARS) {
            notes.truncate(cut);
        }
        let mut source = Source::new("UCDP GED", SourceKind::Observer);
        source.killed = Some(Figure::Exact(best));
        let record = IncidentRecord {
            event_id_cnty: format!("UCDP-{id}"),
            event_date: day.to_owned(),
            time_precision: Precision::new(time_precision).unwrap_or(Precision::EXACT),
            disorder_type: DisorderType::PoliticalViolence,
            event_type,
            sub_event_type,
            actor1: Actor {
                name: side_a,
                associated: Vec::new(),
                kind: actor1,
            },
            actor2: Some(Actor {
                name: side_b,
                associated: Vec::new(),
                kind: actor2,
            }),
            civilian_targeting: violence == 3,
            iso,
            country,
            region: self.get("region")?.to_owned(),
            admin1,
            admin2,
            admin3: None,
            location,
            latitude_e6,
            longitude_e6,
            geo_precision: Precision::new(geo_precision).unwrap_or(Precision::EXACT),
            sources: vec![source],
            notes,
            tags: Vec::new(),
            fatalities: best,
        };
        record
            .validate()
            .map_err(|e| RowError::at(line, e.field(), e.to_string()))?;
        Ok(record)
    }
}

impl<R: Read> Iterator for UcdpReader<R> {
    type Item = Result<IncidentRecord, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(self.table.advance()?.and_then(|_| self.record()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../../data/incidents/ucdp-ged-fictional.csv");

    #[test]
    fn maps_the_fixture() {
        let rows: Vec<_> = UcdpReader::new(FIXTURE.as_bytes())
            .expect("header")
            .collect();
        assert_eq!(rows.len(), 4);
        let a = rows[0].as_ref().expect("row 1");
        assert_eq!(a.event_id_cnty, "UCDP-900001");
        assert_eq!(a.event_date, "2017-01-18");
        assert_eq!(
            (a.event_type, a.sub_event_type),
            (EventType::Battles, SubEventType::ArmedClash)
        );
        assert_eq!(a.actor1.kind, ActorType::StateForces);
        assert_eq!(
            (
                a.iso,
                a.fatalities,
                a.geo_precision.get(),
                a.time_precision.get()
            ),
            (466, 60, 1, 1)
        );
        assert!(a.notes.contains("best 60, low 47, high 77"), "{}", a.notes);
        assert_eq!(a.sources[0].killed, Some(Figure::Exact(60)));
        let b = rows[1].as_ref().expect("row 2");
        assert_eq!(b.event_type, EventType::ViolenceAgainstCivilians);
        assert!(b.civilian_targeting);
        assert_eq!((b.geo_precision.get(), b.time_precision.get()), (3, 2));
        let c = rows[2].as_ref().expect("row 3");
        assert_eq!(
            c.actor2.as_ref().map(|x| x.kind),
            Some(ActorType::PoliticalMilitia)
        );
        let bad = rows[3].as_ref().expect_err("row 4 has latitude 200");
        assert_eq!((bad.line, bad.field.as_deref()), (5, Some("latitude")));
    }

    #[test]
    fn missing_column_is_named() {
        let header = FIXTURE
            .lines()
            .next()
            .expect("header")
            .replace("where_prec", "where_precision");
        assert_eq!(
            UcdpReader::new(header.as_bytes()).err(),
            Some(ImportError::MissingColumn {
                column: "where_prec".into()
            })
        );
    }
}
