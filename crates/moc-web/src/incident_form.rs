//! The forms that file an incident and add a source to one: what was
//! typed, an error beside each wrong field, and the choices to pick from
//! (ACLED's sub-event types by event type, actor types, source kinds).
//!
//! The server reads the posted fields into these (and into the record
//! when nothing is wrong); this module only lays them out.

use askama::Template;

use crate::WebError;
use crate::patrols::Field;
use crate::view::{Chrome, Page, encode_query};

/// What one source says, as typed: who, when, where to read it, and the
/// tolls as the source words them (`54`, `nearly 80`, `des dizaines`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceFields {
    /// The outlet or body (`RFI`, `MINUSMA`).
    pub outlet: Field,
    /// Its kind's code (`media`).
    pub kind: String,
    /// The day it reported, `YYYY-MM-DD`.
    pub date: Field,
    /// Its article's address.
    pub url: Field,
    /// The language of the report's code (`fr`), or empty.
    pub language: String,
    /// Killed, as worded.
    pub killed: Field,
    /// Injured, as worded.
    pub injured: Field,
    /// Abducted, as worded.
    pub abducted: Field,
}

impl SourceFields {
    /// Whether any field is wrong.
    pub fn has_errors(&self) -> bool {
        [
            &self.outlet,
            &self.date,
            &self.url,
            &self.killed,
            &self.injured,
            &self.abducted,
        ]
        .iter()
        .any(|f| f.error.is_some())
    }
}

/// The choices a source's fields offer: code and label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceChoices {
    /// Source kinds.
    pub kinds: Vec<(String, String)>,
    /// Report languages (the first is "unknown", an empty code).
    pub languages: Vec<(String, String)>,
}

/// The form that adds a source to an incident, shown on its page to
/// readers who may.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceForm {
    /// The fields, blank or as a failed attempt left them.
    pub fields: SourceFields,
    /// The choices.
    pub choices: SourceChoices,
    /// A refusal of the node, translated.
    pub refusal: Option<String>,
}

/// The form that files a new incident.
#[derive(Clone, Debug, Default)]
pub struct IncidentForm {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// The incident's id; empty: made from the place and the day.
    pub id: Field,
    /// The day, `YYYY-MM-DD`.
    pub date: Field,
    /// How precise the day is: `1`, `2` or `3`.
    pub time_precision: String,
    /// The ACLED sub-event type's slug.
    pub sub_event: Field,
    /// The first actor, as ACLED names it.
    pub actor1: Field,
    /// Its type's code (`rebel-group`).
    pub actor1_type: String,
    /// The second actor, if any.
    pub actor2: Field,
    /// Its type's code.
    pub actor2_type: String,
    /// Civilians were targeted.
    pub civilians: bool,
    /// The place's name.
    pub location: Field,
    /// Its first-level region.
    pub region: Field,
    /// Latitude in degrees.
    pub latitude: Field,
    /// Longitude in degrees.
    pub longitude: Field,
    /// How precise the place is: `1`, `2` or `3`.
    pub geo_precision: String,
    /// The mechanism's zone's id, or empty.
    pub zone: String,
    /// What happened.
    pub notes: Field,
    /// The first source.
    pub source: SourceFields,
    /// Sub-event types to choose from, grouped by event type: the group's
    /// label and its (slug, label) choices.
    pub sub_events: Vec<(String, Vec<(String, String)>)>,
    /// Actor types: code and label.
    pub actor_types: Vec<(String, String)>,
    /// Time precisions: code and label.
    pub time_precisions: Vec<(String, String)>,
    /// Place precisions: code and label.
    pub geo_precisions: Vec<(String, String)>,
    /// Zones: id and name (the first is "none", an empty id).
    pub zones: Vec<(String, String)>,
    /// Known regions, offered as suggestions.
    pub regions: Vec<String>,
    /// The source's choices.
    pub source_choices: SourceChoices,
    /// A refusal of the node, translated.
    pub refusal: Option<String>,
    /// The review queue's item this form files, if any (its number).
    pub intake: String,
}

impl IncidentForm {
    /// Whether any field is wrong.
    pub fn has_errors(&self) -> bool {
        [
            &self.id,
            &self.date,
            &self.sub_event,
            &self.actor1,
            &self.actor2,
            &self.location,
            &self.region,
            &self.latitude,
            &self.longitude,
            &self.notes,
        ]
        .iter()
        .any(|f| f.error.is_some())
            || self.source.has_errors()
    }
}

#[derive(Template)]
#[template(path = "incident_new.html")]
struct NewPage<'a> {
    chrome: &'a Chrome,
    view: &'a IncidentForm,
}

impl NewPage<'_> {
    fn list_href(&self) -> String {
        format!(
            "{}?lang={}&m={}",
            Page::Incidents.path(),
            self.chrome.code(),
            encode_query(&self.view.mechanism)
        )
    }
}

/// The page that files a new incident.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn incident_new(chrome: &Chrome, view: &IncidentForm) -> Result<String, WebError> {
    Ok(NewPage { chrome, view }.render()?)
}

#[cfg(test)]
mod tests;
