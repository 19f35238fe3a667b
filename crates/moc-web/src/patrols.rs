//! The patrol pages: the list, by day, zone and status, and one patrol
//! with its composition by party, its report and each party's
//! endorsement, with the forms of whoever may act on it (start, report,
//! endorse for one's own party, abort).
//!
//! The server decides who may do what (the policy of `moc-domain`) and
//! fills these view models with translated labels; a form that failed
//! comes back with what was typed and an error beside each wrong field.

use askama::Template;

use crate::WebError;
use crate::view::{Chrome, Page, encode_query};

/// The list's filters, as typed (empty: no filter).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatrolFilter {
    /// A zone's id.
    pub zone: String,
    /// A status's code (`completed`).
    pub status: String,
    /// A day, `YYYY-MM-DD`.
    pub day: String,
    /// Only patrols still waiting for an endorsement (`1`).
    pub waiting: bool,
}

/// One patrol in the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatrolRow {
    /// Its id.
    pub id: String,
    /// Its day, as the reader's language writes it.
    pub day: String,
    /// Its planned hours, `06:00–12:00`.
    pub hours: String,
    /// Its zone's name.
    pub zone: String,
    /// Its status, translated.
    pub status: String,
    /// Its status's code, for styling.
    pub status_code: String,
    /// Members of each party, in the list's `parties` order.
    pub composition: Vec<u64>,
    /// Endorsements given and due.
    pub endorsed: (u64, u64),
}

/// The patrols list page.
#[derive(Clone, Debug, Default)]
pub struct PatrolList {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// The parties that put members on patrols, one column each: a short
    /// code (`FAMA`) and the name.
    pub parties: Vec<(String, String)>,
    /// Zones to choose from: id and name.
    pub zones: Vec<(String, String)>,
    /// Statuses to choose from: code and label.
    pub statuses: Vec<(String, String)>,
    /// The filters as typed.
    pub filter: PatrolFilter,
    /// Fields whose value was refused (`day`), said beside the field and
    /// ignored.
    pub errors: Vec<&'static str>,
    /// Patrols matching, over all pages.
    pub total: u64,
    /// The first one shown, counted from 0.
    pub offset: u64,
    /// At most this many per page.
    pub limit: u64,
    /// This page, latest first.
    pub rows: Vec<PatrolRow>,
}

impl PatrolList {
    fn has_error(&self, field: &str) -> bool {
        self.errors.contains(&field)
    }
}

#[derive(Template)]
#[template(path = "patrols.html")]
struct ListPage<'a> {
    chrome: &'a Chrome,
    view: &'a PatrolList,
}

impl ListPage<'_> {
    /// This list from `offset` on, with the same filters.
    fn page_href(&self, offset: u64) -> String {
        let v = self.view;
        let mut href = format!(
            "{}?lang={}&m={}",
            Page::Patrols.path(),
            self.chrome.code(),
            encode_query(&v.mechanism)
        );
        let f = &v.filter;
        for (k, value) in [("zone", &f.zone), ("status", &f.status), ("day", &f.day)] {
            if !value.is_empty() {
                href.push_str(&format!("&{k}={}", encode_query(value)));
            }
        }
        if f.waiting {
            href.push_str("&waiting=1");
        }
        if offset > 0 {
            href.push_str(&format!("&offset={offset}"));
        }
        href
    }

    fn patrol_href(&self, id: &str) -> String {
        patrol_href(self.chrome, &self.view.mechanism, id)
    }

    fn summary(&self) -> String {
        let v = self.view;
        crate::view::summary(
            self.chrome,
            "web-patrols-none",
            "web-patrols-shown",
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

    fn endorsed(&self, row: &PatrolRow) -> String {
        let (given, due) = row.endorsed;
        if due == 0 {
            return "—".to_owned();
        }
        format!("{} / {}", self.chrome.n(given), self.chrome.n(due))
    }
}

/// The link to patrol `id` of `mechanism`.
pub fn patrol_href(chrome: &Chrome, mechanism: &str, id: &str) -> String {
    format!(
        "{}?lang={}&m={}&id={}",
        Page::Patrol.path(),
        chrome.code(),
        encode_query(mechanism),
        encode_query(id)
    )
}

/// The patrols list page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn patrols(chrome: &Chrome, view: &PatrolList) -> Result<String, WebError> {
    Ok(ListPage { chrome, view }.render()?)
}

/// One member on a patrol.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrewMember {
    /// The service number (never a name).
    pub service_number: String,
    /// Rank and functions, translated (`sergent · infirmier`).
    pub profile: String,
    /// Whether it leads the patrol.
    pub leader: bool,
}

/// One party's members on a patrol, and its endorsement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartyCrew {
    /// The party's id (the endorse form's value).
    pub party: String,
    /// Its name in the reader's language.
    pub name: String,
    /// Its members on the patrol.
    pub members: Vec<CrewMember>,
    /// The account that endorsed the report for the party, if one did.
    pub endorsed_by: Option<String>,
    /// Whether the reader may endorse for this party now.
    pub can_endorse: bool,
}

/// What a completed patrol reported, worded for the reader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportView {
    /// When it left.
    pub departed: String,
    /// When it came back.
    pub returned: String,
    /// Distance, in km in the reader's digits.
    pub distance: String,
    /// What was observed.
    pub observations: String,
    /// Air support, translated (`demandé, reçu`).
    pub air_support: String,
    /// Outreach: item and quantity with its unit, translated.
    pub outreach: Vec<String>,
}

/// One field of the report form: its value as typed and what is wrong
/// with it (a translated message).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Field {
    /// The value as typed.
    pub value: String,
    /// What is wrong, if anything.
    pub error: Option<String>,
}

/// The quantity of one outreach item on the report form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutreachField {
    /// The form field's name, `outreach-tea`.
    pub name: String,
    /// The item and its unit, translated (`Thé (kg)`).
    pub label: String,
    /// The quantity as typed.
    pub field: Field,
}

/// The report form, blank or as a failed attempt left it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportForm {
    /// Departure, `YYYY-MM-DDTHH:MM` (UTC).
    pub departed: Field,
    /// Return, likewise.
    pub returned: Field,
    /// Distance in km.
    pub distance_km: Field,
    /// Observations.
    pub observations: Field,
    /// Air support asked for.
    pub air_requested: bool,
    /// Air support came.
    pub air_received: bool,
    /// One quantity per outreach item.
    pub outreach: Vec<OutreachField>,
}

impl ReportForm {
    /// Whether any field is wrong.
    pub fn has_errors(&self) -> bool {
        [
            &self.departed,
            &self.returned,
            &self.distance_km,
            &self.observations,
        ]
        .into_iter()
        .chain(self.outreach.iter().map(|o| &o.field))
        .any(|f| f.error.is_some())
    }
}

/// One patrol, as a signed-in reader sees it.
#[derive(Clone, Debug, Default)]
pub struct PatrolDetail {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// The patrol's id.
    pub id: String,
    /// Its zone's name.
    pub zone: String,
    /// Its status, translated.
    pub status: String,
    /// Its status's code.
    pub status_code: String,
    /// The planned window, worded.
    pub window: String,
    /// When it actually started, worded.
    pub started: Option<String>,
    /// The route's waypoints, `16.2717, -0.0447`.
    pub route: Vec<String>,
    /// Its members by party, with each party's endorsement.
    pub crews: Vec<PartyCrew>,
    /// The report, once filed.
    pub report: Option<ReportView>,
    /// Why it was aborted, translated.
    pub abort_reason: Option<String>,
    /// Whether the reader may start it now.
    pub can_start: bool,
    /// Whether the reader may abort it now.
    pub can_abort: bool,
    /// Abort reasons to choose from: code and label.
    pub abort_reasons: Vec<(String, String)>,
    /// The report form, when the reader may file the report now.
    pub report_form: Option<ReportForm>,
    /// A refusal of the last action, translated, shown at the top.
    pub refusal: Option<String>,
}

impl PatrolDetail {
    /// Whether every party on it has endorsed its report.
    pub fn fully_endorsed(&self) -> bool {
        !self.crews.is_empty() && self.crews.iter().all(|c| c.endorsed_by.is_some())
    }
}

#[derive(Template)]
#[template(path = "patrol.html")]
struct DetailPage<'a> {
    chrome: &'a Chrome,
    view: &'a PatrolDetail,
}

impl DetailPage<'_> {
    fn list_href(&self) -> String {
        format!(
            "{}?lang={}&m={}",
            Page::Patrols.path(),
            self.chrome.code(),
            encode_query(&self.view.mechanism)
        )
    }

    /// Where the form for `action` (`start`, `report`, `endorse`,
    /// `abort`) posts.
    fn action(&self, action: &str) -> String {
        format!(
            "{}/{action}?lang={}",
            Page::Patrol.path(),
            self.chrome.code()
        )
    }

    fn members(&self) -> usize {
        self.view.crews.iter().map(|c| c.members.len()).sum()
    }
}

/// One patrol's page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn patrol(chrome: &Chrome, view: &PatrolDetail) -> Result<String, WebError> {
    Ok(DetailPage { chrome, view }.render()?)
}

#[cfg(test)]
mod tests;
