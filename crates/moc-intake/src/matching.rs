//! Matching a candidate against the incidents already known: is this
//! article another source for one of them, or a new incident?
//!
//! Two reports name one incident when all three hold:
//! - **time:** their dates are at most 2 days apart, each date widened by
//!   its precision (a week-precise date covers its week, a month-precise
//!   one its month), so "last week" can match a dated incident;
//! - **place:** their points are less than 50 km apart (haversine on a
//!   sphere of 6,371 km): sources place one attack in the town, its camp,
//!   or "near" it;
//! - **type:** the same ACLED event type, or two that sources commonly
//!   confuse for one event: political violence among itself (a car bomb
//!   followed by gunfire is "Explosions" for one source and "Battles" for
//!   another; an attack on a camp may be "Violence against civilians"),
//!   and demonstrations among themselves (a protest that turns into a riot).
//!   Strategic developments match only each other.
//!
//! Among the incidents that match, the closest in time, then in space,
//! wins. Without a date or a place a candidate cannot be matched: it is
//! new, and a reviewer decides.

use moc_incidents::EventType;
use serde::Serialize;

use crate::dates::EventDate;
use crate::extract::Candidate;

/// Days two dates may lie apart, beyond their precision.
pub const MAX_DAYS_APART: i64 = 2;
/// Kilometres two points may lie apart.
pub const MAX_KM_APART: f64 = 50.0;

/// What matching needs of an incident, known or candidate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Key {
    /// The date with its precision.
    pub date: EventDate,
    /// Latitude, degrees.
    pub latitude: f64,
    /// Longitude, degrees.
    pub longitude: f64,
    /// ACLED event type.
    pub event_type: EventType,
}

impl Key {
    /// The key of a candidate, when it has a date (with its year), a place
    /// and a type.
    pub fn of(candidate: &Candidate) -> Option<Key> {
        let date = candidate.date.as_ref()?;
        let day = crate::dates::Day::parse_iso(date.value.date.as_deref()?)?;
        let place = candidate.place.as_ref()?;
        Some(Key {
            date: EventDate {
                day,
                precision: date.value.time_precision,
                year_known: true,
            },
            latitude: place.value.latitude?,
            longitude: place.value.longitude?,
            event_type: candidate.event_type.as_ref()?.value,
        })
    }
}

/// A known incident.
#[derive(Clone, Debug, PartialEq)]
pub struct Known {
    /// The incident's id.
    pub id: String,
    /// Its key.
    pub key: Key,
}

/// What to do with a candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "decision", rename_all = "kebab-case")]
pub enum Decision {
    /// Add the article as a source of this incident.
    AddSource {
        /// The incident.
        incident: String,
        /// Days between the two dates' intervals (0 when they overlap).
        days_apart: i64,
        /// Kilometres between the two points.
        km_apart: f64,
    },
    /// Record a new incident.
    NewIncident,
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// Days between two dates' intervals; 0 when they overlap.
pub fn days_apart(a: EventDate, b: EventDate) -> i64 {
    let (a0, a1) = a.interval();
    let (b0, b1) = b.interval();
    (b0 - a1).max(a0 - b1).max(0)
}

fn group(t: EventType) -> u8 {
    match t {
        EventType::Battles
        | EventType::ExplosionsRemoteViolence
        | EventType::ViolenceAgainstCivilians => 0,
        EventType::Protests | EventType::Riots => 1,
        EventType::StrategicDevelopments => 2,
    }
}

/// Whether two event types may describe one incident.
pub fn types_compatible(a: EventType, b: EventType) -> bool {
    group(a) == group(b)
}

/// Decides whether `candidate` is another source for one of `known`.
pub fn decide(candidate: &Key, known: &[Known]) -> Decision {
    known
        .iter()
        .filter(|k| types_compatible(candidate.event_type, k.key.event_type))
        .map(|k| {
            let days = days_apart(candidate.date, k.key.date);
            let km = haversine_km(
                candidate.latitude,
                candidate.longitude,
                k.key.latitude,
                k.key.longitude,
            );
            (k, days, km)
        })
        .filter(|(_, days, km)| *days <= MAX_DAYS_APART && *km < MAX_KM_APART)
        .min_by(|a, b| {
            (a.1, a.2)
                .partial_cmp(&(b.1, b.2))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map_or(Decision::NewIncident, |(k, days, km)| Decision::AddSource {
            incident: k.id.clone(),
            days_apart: days,
            km_apart: km,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Day;

    fn key(iso: &str, precision: u8, lat: f64, lon: f64, t: EventType) -> Key {
        Key {
            date: EventDate {
                day: Day::parse_iso(iso).expect("valid"),
                precision,
                year_known: true,
            },
            latitude: lat,
            longitude: lon,
            event_type: t,
        }
    }

    const GAO: (f64, f64) = (16.27167, -0.04472);
    const TIMBUKTU: (f64, f64) = (16.77348, -3.00742);

    fn known() -> Vec<Known> {
        vec![
            Known {
                id: "gao-2017-01-18".into(),
                key: key(
                    "2017-01-18",
                    1,
                    GAO.0,
                    GAO.1,
                    EventType::ExplosionsRemoteViolence,
                ),
            },
            Known {
                id: "timbuktu-2017-03-06".into(),
                key: key(
                    "2017-03-06",
                    1,
                    TIMBUKTU.0,
                    TIMBUKTU.1,
                    EventType::StrategicDevelopments,
                ),
            },
        ]
    }

    fn check(candidate: Key, expected: Option<&str>) {
        let got = match decide(&candidate, &known()) {
            Decision::AddSource { incident, .. } => Some(incident),
            Decision::NewIncident => None,
        };
        assert_eq!(got.as_deref(), expected, "{candidate:?}");
    }

    #[test]
    fn distances() {
        let km = haversine_km(GAO.0, GAO.1, TIMBUKTU.0, TIMBUKTU.1);
        assert!((km - 320.0).abs() < 10.0, "{km}");
        assert!(haversine_km(GAO.0, GAO.1, GAO.0, GAO.1) < 1e-9);
    }

    #[test]
    fn time_place_and_type_must_all_agree() {
        use EventType::*;
        check(
            key("2017-01-18", 1, GAO.0, GAO.1, ExplosionsRemoteViolence),
            Some("gao-2017-01-18"),
        );
        // Two days off, 20 km off, told as a battle: still the same attack.
        check(
            key("2017-01-20", 1, GAO.0 + 0.18, GAO.1, Battles),
            Some("gao-2017-01-18"),
        );
        check(
            key("2017-01-21", 1, GAO.0, GAO.1, ExplosionsRemoteViolence),
            None,
        );
        check(
            key(
                "2017-01-18",
                1,
                GAO.0 + 0.5,
                GAO.1,
                ExplosionsRemoteViolence,
            ),
            None,
        );
        check(key("2017-01-18", 1, GAO.0, GAO.1, Protests), None);
        // "Last week" (a week's precision) or "in January" reach it.
        check(
            key("2017-01-23", 2, GAO.0, GAO.1, Battles),
            Some("gao-2017-01-18"),
        );
        check(
            key("2017-01-01", 3, GAO.0, GAO.1, Battles),
            Some("gao-2017-01-18"),
        );
        check(
            key(
                "2017-03-07",
                1,
                TIMBUKTU.0,
                TIMBUKTU.1,
                StrategicDevelopments,
            ),
            Some("timbuktu-2017-03-06"),
        );
        check(key("2017-03-07", 1, TIMBUKTU.0, TIMBUKTU.1, Battles), None);
    }
}
