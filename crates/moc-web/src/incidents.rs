//! The incidents pages: the list with its filters, and one incident with
//! every source's figures, the range they span, the claims and denials
//! side by side, the joint investigations and the timeline.
//!
//! The server fills these view models from the node (already translated
//! labels, party names in the reader's language, account names only for
//! signed-in readers); this module only lays them out.

use askama::Template;

use crate::WebError;
use crate::view::{Chrome, Page, encode_query};

/// The list's filters, as typed (empty: no filter).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentFilter {
    /// An event type's slug (`battles`).
    pub event_type: String,
    /// A first-level region (`Gao`).
    pub region: String,
    /// A verification status's code (`disputed`).
    pub status: String,
    /// The first day, `YYYY-MM-DD`.
    pub from: String,
    /// The last day, `YYYY-MM-DD`.
    pub to: String,
    /// Words to find.
    pub q: String,
}

/// One incident in the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentRow {
    /// Its id.
    pub id: String,
    /// Its day, as the reader's language writes it.
    pub date: String,
    /// Its place.
    pub location: String,
    /// Its region.
    pub region: String,
    /// Its event type, translated.
    pub event_type: String,
    /// Killed: the lowest and highest figure of its sources.
    pub killed: Option<(u64, u64)>,
    /// How many sources report it.
    pub sources: u64,
    /// Its verification status, translated.
    pub status: String,
}

/// The incidents list page.
#[derive(Clone, Debug, Default)]
pub struct IncidentList {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// Event types to choose from: slug and label.
    pub types: Vec<(String, String)>,
    /// Regions to choose from.
    pub regions: Vec<String>,
    /// Statuses to choose from: code and label.
    pub statuses: Vec<(String, String)>,
    /// The filters as typed.
    pub filter: IncidentFilter,
    /// Fields whose value was refused (`from`, `to`, `q`), each shown
    /// beside its field; the list ignores them.
    pub errors: Vec<&'static str>,
    /// Incidents matching, over all pages.
    pub total: u64,
    /// The first one shown, counted from 0.
    pub offset: u64,
    /// At most this many per page.
    pub limit: u64,
    /// This page.
    pub rows: Vec<IncidentRow>,
    /// Whether the reader may file an incident (a link to the form).
    pub can_report: bool,
}

impl IncidentList {
    fn has_error(&self, field: &str) -> bool {
        self.errors.contains(&field)
    }
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct ListPage<'a> {
    chrome: &'a Chrome,
    view: &'a IncidentList,
}

impl ListPage<'_> {
    /// This list from `offset` on, with the same filters.
    fn page_href(&self, offset: u64) -> String {
        let v = self.view;
        let mut href = format!(
            "{}?lang={}&m={}",
            Page::Incidents.path(),
            self.chrome.code(),
            encode_query(&v.mechanism)
        );
        let f = &v.filter;
        for (k, value) in [
            ("type", &f.event_type),
            ("region", &f.region),
            ("status", &f.status),
            ("from", &f.from),
            ("to", &f.to),
            ("q", &f.q),
        ] {
            if !value.is_empty() {
                href.push_str(&format!("&{k}={}", encode_query(value)));
            }
        }
        if offset > 0 {
            href.push_str(&format!("&offset={offset}"));
        }
        href
    }

    /// The link to incident `id`.
    fn incident_href(&self, id: &str) -> String {
        incident_href(self.chrome, &self.view.mechanism, id)
    }

    /// The form that files an incident in this mechanism.
    fn new_href(&self) -> String {
        self.mechanism_href(Page::IncidentNew)
    }

    /// The review of articles' candidate incidents.
    fn intake_href(&self) -> String {
        self.mechanism_href(Page::Intake)
    }

    fn mechanism_href(&self, page: Page) -> String {
        format!(
            "{}?lang={}&m={}",
            page.path(),
            self.chrome.code(),
            encode_query(&self.view.mechanism)
        )
    }

    /// "12 incidents, 1–100 shown".
    fn summary(&self) -> String {
        let v = self.view;
        crate::view::summary(
            self.chrome,
            "web-incidents-none",
            "web-incidents-shown",
            (v.total, v.offset, v.rows.len() as u64),
        )
    }

    fn previous(&self) -> Option<String> {
        let v = self.view;
        crate::view::previous(v.offset, v.limit).map(|o| self.page_href(o))
    }

    fn next(&self) -> Option<String> {
        let v = self.view;
        crate::view::next(v.total, v.offset, v.rows.len() as u64).map(|o| self.page_href(o))
    }

    /// `47–80`, or one figure when the sources agree.
    fn killed(&self, row: &IncidentRow) -> String {
        range(self.chrome, row.killed)
    }
}

/// `low–high` in the reader's digits; one figure when both are the same;
/// a dash when no source gives one.
fn range(chrome: &Chrome, r: Option<(u64, u64)>) -> String {
    match r {
        None => "—".to_owned(),
        Some((low, high)) if low == high => chrome.n(low),
        Some((low, high)) => format!("{}–{}", chrome.n(low), chrome.n(high)),
    }
}

/// The link to incident `id` of `mechanism`.
pub fn incident_href(chrome: &Chrome, mechanism: &str, id: &str) -> String {
    format!(
        "{}?lang={}&m={}&id={}",
        Page::Incident.path(),
        chrome.code(),
        encode_query(mechanism),
        encode_query(id)
    )
}

/// The incidents list page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn incidents(chrome: &Chrome, view: &IncidentList) -> Result<String, WebError> {
    Ok(ListPage { chrome, view }.render()?)
}

/// One casualty count across the sources.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Toll {
    /// What is counted (`Tués`), translated.
    pub label: String,
    /// The lowest figure of the sources.
    pub low: u64,
    /// The best estimate.
    pub best: u64,
    /// The highest figure.
    pub high: u64,
    /// The figure ACLED's rule keeps.
    pub acled: u64,
}

/// One source and what it says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceRow {
    /// The outlet (`RFI`).
    pub outlet: String,
    /// Its article, when it is an `http(s)` address (anything else is not
    /// linked).
    pub url: Option<String>,
    /// The day it reported, written per language.
    pub date: String,
    /// Its kind (media, official…), translated.
    pub kind: String,
    /// The language of the report (`fr`).
    pub language: String,
    /// Killed, as the source says it (`nearly 80`); empty when it does not.
    pub killed: String,
    /// Injured, likewise.
    pub injured: String,
    /// Abducted, likewise.
    pub abducted: String,
}

/// Who entered something, for which party, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamp {
    /// The party's name.
    pub party: String,
    /// The account, for signed-in readers only.
    pub by: Option<String>,
    /// When, written per language.
    pub at: String,
}

/// One claim, accusation or denial.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimRow {
    /// Who says it.
    pub speaker: String,
    /// Whom it accuses (accusations).
    pub against: Option<String>,
    /// What was said.
    pub statement: String,
    /// Where it was said.
    pub source: SourceRow,
    /// Who entered it.
    pub recorded: Stamp,
}

/// The claims of one kind, a column of the side-by-side view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimColumn {
    /// The kind (`Revendications`), translated.
    pub heading: String,
    /// Its claims, in the order recorded.
    pub claims: Vec<ClaimRow>,
}

/// One party's finding in a joint investigation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingRow {
    /// The finding (`vérifié`), translated.
    pub finding: String,
    /// What its investigators found.
    pub text: String,
    /// Who filed it.
    pub filed: Stamp,
}

/// A joint investigation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvestigationView {
    /// Who opened it.
    pub opened: Stamp,
    /// Its team: each investigator's party, and account for signed-in
    /// readers.
    pub team: Vec<String>,
    /// The findings filed so far.
    pub findings: Vec<FindingRow>,
    /// Parties of the team that have not filed yet.
    pub waiting: Vec<String>,
    /// Its outcome, translated, once every party has filed.
    pub outcome: Option<String>,
}

/// A step of the timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepRow {
    /// Who and when.
    pub stamp: Stamp,
    /// What happened, translated.
    pub what: String,
}

/// One incident's page.
#[derive(Clone, Debug, Default)]
pub struct IncidentDetail {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// The incident's id.
    pub id: String,
    /// Its day, written per language.
    pub date: String,
    /// How precise the day is, translated.
    pub time_precision: String,
    /// Its place, region and country.
    pub location: String,
    /// Its region.
    pub region: String,
    /// Its country.
    pub country: String,
    /// `16.2717, -0.0102`.
    pub coordinates: String,
    /// How precise the place is, translated.
    pub geo_precision: String,
    /// The event type, translated.
    pub event_type: String,
    /// The sub-event type, translated.
    pub sub_event_type: String,
    /// The actors, first then second.
    pub actors: Vec<String>,
    /// What happened.
    pub notes: String,
    /// Its verification status, translated.
    pub status: String,
    /// The incident it was merged into: read that one instead.
    pub merged_into: Option<String>,
    /// Other reports merged into it.
    pub merged: Vec<String>,
    /// Killed, injured, abducted across the sources (those reported).
    pub tolls: Vec<Toll>,
    /// Every source.
    pub sources: Vec<SourceRow>,
    /// Claims of responsibility, denials, accusations: side by side.
    pub claims: Vec<ClaimColumn>,
    /// Joint investigations, the latest last.
    pub investigations: Vec<InvestigationView>,
    /// Everything that happened to it, in order.
    pub timeline: Vec<StepRow>,
    /// The form that adds a source, for readers who may add one.
    pub source_form: Option<crate::incident_form::SourceForm>,
}

#[derive(Template)]
#[template(path = "incident.html")]
struct DetailPage<'a> {
    chrome: &'a Chrome,
    view: &'a IncidentDetail,
}

impl DetailPage<'_> {
    fn incident_href(&self, id: &str) -> String {
        incident_href(self.chrome, &self.view.mechanism, id)
    }

    fn list_href(&self) -> String {
        format!(
            "{}?lang={}&m={}",
            Page::Incidents.path(),
            self.chrome.code(),
            encode_query(&self.view.mechanism)
        )
    }

    fn has_claims(&self) -> bool {
        self.view.claims.iter().any(|c| !c.claims.is_empty())
    }

    /// "FAMa (fama-officer), 18 janv. 2017 à 08:40 UTC"; the public reads
    /// the party only.
    fn stamp(&self, s: &Stamp) -> String {
        let lang = self.chrome.lang;
        match &s.by {
            Some(by) => moc_i18n::tr(
                lang,
                "web-stamp-by",
                &[
                    ("party", s.party.clone().into()),
                    ("user", by.clone().into()),
                    ("at", s.at.clone().into()),
                ],
            ),
            None => moc_i18n::tr(
                lang,
                "web-stamp",
                &[
                    ("party", s.party.clone().into()),
                    ("at", s.at.clone().into()),
                ],
            ),
        }
    }

    /// "Opened by …".
    fn opened(&self, inv: &InvestigationView) -> String {
        self.chrome
            .t1("web-incident-opened", "stamp", &self.stamp(&inv.opened))
    }
}

/// One incident's page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn incident(chrome: &Chrome, view: &IncidentDetail) -> Result<String, WebError> {
    Ok(DetailPage { chrome, view }.render()?)
}

/// `url` when it is an `http` or `https` address: the one kind a page may
/// link (a `javascript:` address typed into a source must stay text).
pub fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.trim().to_owned())
}

#[cfg(test)]
mod tests;
