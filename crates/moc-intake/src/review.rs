//! The review queue: candidates waiting for a person's decision, the
//! edits a reviewer makes, and what an accepted candidate becomes — an
//! ACLED-shaped record whose one source is the article, or that source
//! added to an incident already known.
//!
//! The extractor proposes; a person decides. Nothing here reaches the
//! mechanism's record by itself: the caller (`moc intake accept`) turns an
//! accepted item into a signed command, and keeps the queue (a file of
//! the node's) with each item's outcome, so the same article is never
//! filed twice without a trace.
//!
//! A draft holds the fields a record needs and nothing of the article's
//! text but the evidence quotes, so a queue file can be read by a person.

use moc_incidents::{
    Actor, ActorType, EventType, Figure, IncidentRecord, Precision, Source, SourceKind,
    SubEventType,
};
use serde::{Deserialize, Serialize};

use crate::actors::ACTORS;
use crate::dates::{Day, EventDate};
use crate::extract::{Candidate, Extraction};
use crate::figures::TollKind;
use crate::matching::Key;

/// ACLED's name for an armed group no source names.
pub const UNIDENTIFIED: &str = "Unidentified Armed Group (Mali)";

/// The queue: every item ever queued, in order, with its outcome.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    /// The number the next item gets.
    pub next: u32,
    /// The items, oldest first.
    pub items: Vec<Item>,
}

/// One candidate incident of one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Its number in the queue.
    pub id: u32,
    /// The article it came from.
    pub article: Article,
    /// The fields as extracted, then as edited.
    pub draft: Draft,
    /// The text behind each extracted field: `(field, quote)`.
    pub evidence: Vec<(String, String)>,
    /// The extractor's confidence, 0 to 1.
    pub confidence: f32,
    /// Waiting, accepted or rejected.
    pub status: Status,
}

/// The article an item came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// The file's name as queued.
    pub file: String,
    /// Its title.
    pub title: Option<String>,
    /// The outlet: the source's name in the record.
    pub outlet: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// When it was published, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Its language, `en` or `fr`.
    pub language: String,
}

/// The fields of a record, as the extractor read them; each may be edited
/// ([`Draft::set`]) before the item is accepted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// ACLED's time precision, 1 to 3.
    pub time_precision: u8,
    /// The place's name.
    pub location: Option<String>,
    /// Its region.
    pub admin1: Option<String>,
    /// Latitude, degrees.
    pub latitude: Option<f64>,
    /// Longitude, degrees.
    pub longitude: Option<f64>,
    /// ACLED's geo precision, 1 to 3.
    pub geo_precision: u8,
    /// ACLED's sub-event type (which decides the event type).
    pub sub_event_type: Option<SubEventType>,
    /// The event type, when the sub-event type is not known.
    pub event_type: Option<EventType>,
    /// The first actor (the perpetrator), with its ACLED type.
    pub actor1: Option<(String, ActorType)>,
    /// The second actor (the target), if any.
    pub actor2: Option<(String, ActorType)>,
    /// The article's figures, as written.
    pub killed: Option<Figure>,
    /// Injured.
    pub injured: Option<Figure>,
    /// Abducted.
    pub abducted: Option<Figure>,
}

/// What became of an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Status {
    /// Waiting for a reviewer.
    Pending,
    /// Filed: a new incident, or a source of one already known.
    Accepted {
        /// The incident.
        incident: String,
        /// Whether the article was added as a source of a known incident.
        as_source: bool,
        /// Who accepted it.
        by: String,
    },
    /// Set aside.
    Rejected {
        /// Why.
        reason: String,
        /// Who rejected it.
        by: String,
    },
}

/// Why a draft cannot become a record, or an edit was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// A field the record needs is not known; the reviewer sets it.
    #[error("{field} is not known: set it with --set {field}=…")]
    Missing {
        /// The field, as `--set` names it.
        field: &'static str,
    },
    /// An edit names no field.
    #[error(
        "unknown field {field:?} (date, time-precision, location, region, at, geo-precision, sub-event, actor1, actor1-type, actor2, actor2-type, killed, injured, abducted, outlet, url)"
    )]
    UnknownField {
        /// What was given.
        field: String,
    },
    /// An edit's value is not valid for its field.
    #[error("{field}: {why}")]
    BadValue {
        /// The field.
        field: String,
        /// Why.
        why: String,
    },
    /// An edit is not `FIELD=VALUE`.
    #[error("{edit:?} is not FIELD=VALUE")]
    NotAnEdit {
        /// What was given.
        edit: String,
    },
}

impl Queue {
    /// Queues every candidate of `extraction`, read from `file`; returns
    /// the new items' numbers. `outlet` overrides the article's `Source:`.
    pub fn add(&mut self, file: &str, extraction: &Extraction, outlet: Option<&str>) -> Vec<u32> {
        let article = Article {
            file: file.to_owned(),
            title: extraction.title.clone(),
            outlet: outlet
                .map(str::to_owned)
                .or_else(|| extraction.source.clone()),
            url: extraction.url.clone(),
            published: extraction.published.clone(),
            language: extraction.language.code().to_owned(),
        };
        let mut ids = Vec::new();
        for c in &extraction.candidates {
            let id = self.next.max(1);
            self.next = id + 1;
            self.items.push(Item {
                id,
                article: article.clone(),
                draft: Draft::from_candidate(c),
                evidence: evidence(c),
                confidence: c.confidence,
                status: Status::Pending,
            });
            ids.push(id);
        }
        ids
    }

    /// The item numbered `id`.
    pub fn get_mut(&mut self, id: u32) -> Option<&mut Item> {
        self.items.iter_mut().find(|i| i.id == id)
    }

    /// The items still waiting.
    pub fn pending(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.status == Status::Pending)
    }
}

/// The quotes behind a candidate's fields.
fn evidence(c: &Candidate) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(d) = &c.date {
        out.push(("date".to_owned(), d.evidence.text.clone()));
    }
    if let Some(p) = &c.place {
        out.push(("location".to_owned(), p.evidence.text.clone()));
    }
    if let Some(t) = &c.sub_event_type {
        out.push(("sub-event".to_owned(), t.evidence.text.clone()));
    } else if let Some(t) = &c.event_type {
        out.push(("event-type".to_owned(), t.evidence.text.clone()));
    }
    for t in &c.tolls {
        out.push((toll_field(t.kind).to_owned(), t.evidence.text.clone()));
    }
    for claim in &c.claims {
        out.push(("claim".to_owned(), claim.evidence.text.clone()));
    }
    out
}

fn toll_field(kind: TollKind) -> &'static str {
    match kind {
        TollKind::Killed => "killed",
        TollKind::Injured => "injured",
        TollKind::Abducted => "abducted",
    }
}

/// ACLED's type of a dictionary actor; a name the dictionary lacks is
/// taken for an armed group (ACLED's "political militia" for groups it
/// cannot place).
fn actor_type(name: &str) -> ActorType {
    let code = ACTORS
        .iter()
        .find(|a| a.name == name)
        .map_or(3, |a| a.inter);
    ActorType::parse(&code.to_string()).unwrap_or(ActorType::PoliticalMilitia)
}

impl Draft {
    /// The draft of a candidate. The first actor is the one claiming
    /// responsibility, else the first armed group named (an unidentified
    /// one if none); the second is the first other actor named.
    pub fn from_candidate(c: &Candidate) -> Draft {
        let named: Vec<&str> = c.actors.iter().map(|a| a.value.as_str()).collect();
        let claimer = c.claims.iter().find_map(|cl| cl.actor.as_deref());
        let armed = named.iter().copied().find(|n| {
            matches!(
                actor_type(n),
                ActorType::RebelGroup | ActorType::PoliticalMilitia | ActorType::IdentityMilitia
            )
        });
        let first = claimer.or(armed).unwrap_or(UNIDENTIFIED);
        let second = named.iter().copied().find(|&n| n != first);
        // The article's own figure for each toll: the first it gives (the
        // lead usually states it); the range over the others is the
        // candidate's, not the source's.
        let figure = |kind: TollKind| {
            let t = c.tolls.iter().find(|t| t.kind == kind)?;
            Some(Figure::parse(&t.figure).unwrap_or(if t.low == t.high {
                Figure::Exact(t.low)
            } else {
                Figure::AtLeast(t.low)
            }))
        };
        Draft {
            date: c.date.as_ref().and_then(|d| d.value.date.clone()),
            time_precision: c.date.as_ref().map_or(1, |d| d.value.time_precision),
            location: c.place.as_ref().map(|p| p.value.location.clone()),
            admin1: c.place.as_ref().map(|p| p.value.admin1.clone()),
            latitude: c.place.as_ref().and_then(|p| p.value.latitude),
            longitude: c.place.as_ref().and_then(|p| p.value.longitude),
            geo_precision: c.place.as_ref().map_or(1, |p| p.value.geo_precision),
            sub_event_type: c.sub_event_type.as_ref().map(|f| f.value),
            event_type: c.event_type.as_ref().map(|f| f.value),
            actor1: Some((first.to_owned(), actor_type(first))),
            actor2: second.map(|n| (n.to_owned(), actor_type(n))),
            killed: figure(TollKind::Killed),
            injured: figure(TollKind::Injured),
            abducted: figure(TollKind::Abducted),
        }
    }

    /// The event type: the sub-event's, else the one extracted.
    pub fn event_type(&self) -> Option<EventType> {
        self.sub_event_type
            .map(SubEventType::event_type)
            .or(self.event_type)
    }

    /// What matching needs, when the draft has a date, a place and a type.
    pub fn key(&self) -> Option<Key> {
        Some(Key {
            date: EventDate {
                day: Day::parse_iso(self.date.as_deref()?)?,
                precision: self.time_precision,
                year_known: true,
            },
            latitude: self.latitude?,
            longitude: self.longitude?,
            event_type: self.event_type()?,
        })
    }
}

impl Item {
    /// Applies one `FIELD=VALUE` edit (the fields of `--set`).
    ///
    /// # Errors
    /// [`ReviewError`] naming the field and what is wrong with the value;
    /// the item is unchanged then.
    pub fn set(&mut self, edit: &str) -> Result<(), ReviewError> {
        let (field, value) = edit.split_once('=').ok_or_else(|| ReviewError::NotAnEdit {
            edit: edit.to_owned(),
        })?;
        let (field, value) = (field.trim(), value.trim());
        let bad = |why: String| ReviewError::BadValue {
            field: field.to_owned(),
            why,
        };
        let text = || (!value.is_empty()).then(|| value.to_owned());
        let precision = || {
            value
                .parse::<u8>()
                .ok()
                .filter(|p| (1..=3).contains(p))
                .ok_or_else(|| bad(format!("{value:?} is not 1, 2 or 3")))
        };
        let actor_kind = || {
            ActorType::parse(value)
                .ok_or_else(|| bad(format!("{value:?} is not an ACLED actor type 1-8")))
        };
        let figure = || -> Result<Option<Figure>, ReviewError> {
            if value.is_empty() {
                return Ok(None);
            }
            Figure::parse(value)
                .map(Some)
                .map_err(|e| bad(e.to_string()))
        };
        let d = &mut self.draft;
        match field {
            "date" => {
                Day::parse_iso(value).ok_or_else(|| bad(format!("{value:?} is not YYYY-MM-DD")))?;
                d.date = Some(value.to_owned());
            }
            "time-precision" => d.time_precision = precision()?,
            "location" => d.location = text(),
            "region" => d.admin1 = text(),
            "at" => {
                let (lat, lon) = parse_point(value)
                    .ok_or_else(|| bad(format!("{value:?} is not LAT,LON in degrees")))?;
                d.latitude = Some(lat);
                d.longitude = Some(lon);
            }
            "geo-precision" => d.geo_precision = precision()?,
            "sub-event" => {
                let sub = SubEventType::from_label(value).ok_or_else(|| {
                    let known: Vec<&str> = SubEventType::ALL.iter().map(|s| s.label()).collect();
                    bad(format!("{value:?} is not one of: {}", known.join(", ")))
                })?;
                d.sub_event_type = Some(sub);
            }
            "actor1" => {
                d.actor1 = text().map(|n| {
                    let kind = actor_type(&n);
                    (n, kind)
                });
            }
            "actor2" => {
                d.actor2 = text().map(|n| {
                    let kind = actor_type(&n);
                    (n, kind)
                });
            }
            "actor1-type" => {
                let kind = actor_kind()?;
                let a = d
                    .actor1
                    .as_mut()
                    .ok_or(ReviewError::Missing { field: "actor1" })?;
                a.1 = kind;
            }
            "actor2-type" => {
                let kind = actor_kind()?;
                let a = d
                    .actor2
                    .as_mut()
                    .ok_or(ReviewError::Missing { field: "actor2" })?;
                a.1 = kind;
            }
            "killed" => d.killed = figure()?,
            "injured" => d.injured = figure()?,
            "abducted" => d.abducted = figure()?,
            "outlet" => self.article.outlet = text(),
            "url" => self.article.url = text(),
            _ => {
                return Err(ReviewError::UnknownField {
                    field: field.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// The article as a source: its outlet, address, date, language and
    /// figures.
    ///
    /// # Errors
    /// [`ReviewError::Missing`] when the outlet is not known.
    pub fn source(&self) -> Result<Source, ReviewError> {
        let outlet = self
            .article
            .outlet
            .clone()
            .ok_or(ReviewError::Missing { field: "outlet" })?;
        let mut s = Source::new(outlet, SourceKind::Media);
        s.url = self.article.url.clone();
        s.date = self.article.published.clone();
        s.language = Some(self.article.language.clone());
        s.killed = self.draft.killed;
        s.injured = self.draft.injured;
        s.abducted = self.draft.abducted;
        Ok(s)
    }

    /// The record of a new incident `id` with the article as its source.
    ///
    /// # Errors
    /// [`ReviewError::Missing`] naming the first field the record needs
    /// and the draft lacks.
    pub fn record(&self, id: &str) -> Result<IncidentRecord, ReviewError> {
        let d = &self.draft;
        let missing = |field| ReviewError::Missing { field };
        let sub = d.sub_event_type.ok_or(missing("sub-event"))?;
        let date = d.date.clone().ok_or(missing("date"))?;
        let location = d.location.clone().ok_or(missing("location"))?;
        let (lat, lon) = d.latitude.zip(d.longitude).ok_or(missing("at"))?;
        let (name, kind) = d.actor1.clone().ok_or(missing("actor1"))?;
        let source = self.source()?;
        let fatalities = source.killed.map_or(0, Figure::value);
        let precision = |p: u8| Precision::new(p).unwrap_or(Precision::EXACT);
        let actor = |(name, kind): (String, ActorType)| Actor {
            name,
            associated: Vec::new(),
            kind,
        };
        Ok(IncidentRecord {
            event_id_cnty: id.to_owned(),
            event_date: date,
            time_precision: precision(d.time_precision),
            disorder_type: sub.default_disorder_type(),
            event_type: sub.event_type(),
            sub_event_type: sub,
            actor1: actor((name, kind)),
            actor2: d.actor2.clone().map(actor),
            civilian_targeting: sub.event_type() == EventType::ViolenceAgainstCivilians,
            iso: 466,
            country: "Mali".into(),
            region: "Western Africa".into(),
            admin1: d.admin1.clone(),
            admin2: None,
            admin3: None,
            location,
            latitude_e6: (lat * 1e6).round() as i32,
            longitude_e6: (lon * 1e6).round() as i32,
            geo_precision: precision(d.geo_precision),
            sources: vec![source],
            notes: self.article.title.clone().unwrap_or_default(),
            tags: Vec::new(),
            fatalities,
        })
    }
}

/// `LAT,LON` in degrees, within range.
fn parse_point(text: &str) -> Option<(f64, f64)> {
    let (lat, lon) = text.split_once(',')?;
    let (lat, lon): (f64, f64) = (lat.trim().parse().ok()?, lon.trim().parse().ok()?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

#[cfg(test)]
mod tests;
