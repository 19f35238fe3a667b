//! The review page of candidate incidents read from articles (`moc intake
//! queue` fills it): each waiting item with its article, the fields the
//! extractor read and the text behind each, and what matching proposes —
//! a source for a known incident, or a new incident. The reviewer files it
//! through the incident form (pre-filled, every field editable), adds it as
//! a source of the proposed incident, or sets it aside with a reason.

use askama::Template;

use crate::WebError;
use crate::view::{Chrome, Page, encode_query};

/// What matching proposes for an item.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Proposal {
    /// The item lacks a date, a place or a type: it cannot be matched.
    #[default]
    Unknown,
    /// No known incident is the same event.
    New,
    /// The same event as a known incident.
    Source {
        /// The incident's id.
        incident: String,
        /// Days between the two dates (0 when they overlap), worded.
        days: String,
        /// Kilometres between the two places, worded.
        km: String,
    },
}

/// One waiting item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntakeItem {
    /// Its number in the queue.
    pub id: u32,
    /// The article's file, as queued.
    pub file: String,
    /// The article's title, if it has one.
    pub title: Option<String>,
    /// The outlet, if known.
    pub outlet: Option<String>,
    /// The article's address, when it is `http(s)`.
    pub url: Option<String>,
    /// When it was published, worded.
    pub published: Option<String>,
    /// The fields read: label and value, translated.
    pub fields: Vec<(String, String)>,
    /// The text behind each field: label and quote.
    pub evidence: Vec<(String, String)>,
    /// The extractor's confidence, worded (`82 %`).
    pub confidence: String,
    /// What matching proposes.
    pub proposal: Proposal,
}

/// An item already filed or set aside.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntakeDone {
    /// Its number.
    pub id: u32,
    /// The article's title or file.
    pub article: String,
    /// What became of it, translated.
    pub outcome: String,
    /// The incident it became or joined, if any.
    pub incident: Option<String>,
}

/// The review page.
#[derive(Clone, Debug, Default)]
pub struct IntakeView {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// The waiting items, oldest first.
    pub pending: Vec<IntakeItem>,
    /// The latest items decided, newest first.
    pub done: Vec<IntakeDone>,
    /// A refusal of the last action, translated.
    pub refusal: Option<String>,
}

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage<'a> {
    chrome: &'a Chrome,
    view: &'a IntakeView,
}

impl IntakePage<'_> {
    /// The incident form, pre-filled from item `id`.
    fn file_href(&self, id: &u32) -> String {
        format!(
            "{}?lang={}&m={}&intake={id}",
            Page::IncidentNew.path(),
            self.chrome.code(),
            encode_query(&self.view.mechanism)
        )
    }

    fn incident_href(&self, id: &str) -> String {
        crate::incident_href(self.chrome, &self.view.mechanism, id)
    }

    /// Where the item forms post (`source`, `reject`).
    fn action(&self, action: &str) -> String {
        format!(
            "{}/{action}?lang={}",
            Page::Intake.path(),
            self.chrome.code()
        )
    }
}

/// The review page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn intake(chrome: &Chrome, view: &IntakeView) -> Result<String, WebError> {
    Ok(IntakePage { chrome, view }.render()?)
}

#[cfg(test)]
mod tests {
    use moc_i18n::Lang;

    use super::*;

    #[test]
    fn each_item_shows_its_evidence_and_the_actions_matching_allows() {
        let mut chrome = Chrome::new(Lang::Fr, Page::Intake);
        chrome.csrf = Some("tok".into());
        let item = |id, proposal| IntakeItem {
            id,
            file: "000.txt".into(),
            title: Some("Gao <bombing>".into()),
            outlet: Some("VOA".into()),
            url: Some("https://voanews.com/x".into()),
            published: Some("18 janv. 2017".into()),
            fields: vec![("Tués".into(), "54".into())],
            evidence: vec![("Tués".into(), "killing 54 people".into())],
            confidence: "82 %".into(),
            proposal,
        };
        let view = IntakeView {
            mechanism: "moc-gao".into(),
            name: "MOC Gao".into(),
            pending: vec![
                item(1, Proposal::New),
                item(
                    2,
                    Proposal::Source {
                        incident: "gao-2017-01-18".into(),
                        days: "0".into(),
                        km: "1,2".into(),
                    },
                ),
            ],
            done: vec![IntakeDone {
                id: 0,
                article: "003.txt".into(),
                outcome: "rejeté".into(),
                incident: None,
            }],
            refusal: None,
        };
        let page = intake(&chrome, &view).unwrap();
        assert!(!page.contains("<bombing>"), "escaped");
        assert!(
            page.contains("<blockquote>killing 54 people</blockquote>"),
            "{page}"
        );
        assert_eq!(page.matches("class=\"button file-item\"").count(), 2);
        // Only the matched item offers to join its incident.
        assert_eq!(page.matches("action=\"/intake/source?lang=fr\"").count(), 1);
        assert!(page.contains("name=\"incident\" value=\"gao-2017-01-18\""));
        assert_eq!(page.matches("action=\"/intake/reject?lang=fr\"").count(), 2);
        assert!(page.contains("intake=2"), "the incident form, pre-filled");
        assert!(page.contains("003.txt") && page.contains("rejeté"));
    }
}
