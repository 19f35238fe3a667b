//! The members pages: the list (service numbers and codes, never a name),
//! and the vetting queue, where vetting officers open a review, approve or
//! reject, with the two-party rule said for each member: approvals from
//! two parties, one at least not the member's own.
//!
//! The server decides which buttons a reader gets (the domain's own
//! `decide`, run without recording) and words every label.

use askama::Template;

use crate::WebError;
use crate::view::{Chrome, Page, encode_query};

/// The list's filters, as chosen (empty: no filter).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberFilter {
    /// A party's id.
    pub party: String,
    /// A vetting status's code.
    pub status: String,
    /// Part of a service number.
    pub q: String,
}

/// One member in the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberRow {
    /// The service number.
    pub service_number: String,
    /// The party: a short code (`FAMA`) and its name.
    pub party: (String, String),
    /// The rank, translated.
    pub rank: String,
    /// The functions, translated.
    pub roles: String,
    /// The languages, translated.
    pub languages: String,
    /// The vetting status, translated.
    pub status: String,
    /// The parties that approved: code and name.
    pub approvals: Vec<(String, String)>,
    /// Leave periods granted.
    pub leave: u64,
}

/// The members list page.
#[derive(Clone, Debug, Default)]
pub struct MemberList {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// Parties to choose from: id and name.
    pub parties: Vec<(String, String)>,
    /// Statuses to choose from: code and label.
    pub statuses: Vec<(String, String)>,
    /// The filters as chosen.
    pub filter: MemberFilter,
    /// Members matching, over all pages.
    pub total: u64,
    /// The first one shown, counted from 0.
    pub offset: u64,
    /// At most this many per page.
    pub limit: u64,
    /// This page.
    pub rows: Vec<MemberRow>,
    /// Members waiting for vetting (a link to the queue when any).
    pub waiting: u64,
}

#[derive(Template)]
#[template(path = "members.html")]
struct ListPage<'a> {
    chrome: &'a Chrome,
    view: &'a MemberList,
}

impl ListPage<'_> {
    fn page_href(&self, offset: u64) -> String {
        let v = self.view;
        let mut href = mechanism_href(self.chrome, Page::Members, &v.mechanism);
        for (k, value) in [
            ("party", &v.filter.party),
            ("status", &v.filter.status),
            ("q", &v.filter.q),
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

    fn vetting_href(&self) -> String {
        mechanism_href(self.chrome, Page::Vetting, &self.view.mechanism)
    }

    fn summary(&self) -> String {
        let v = self.view;
        crate::view::summary(
            self.chrome,
            "web-members-none",
            "web-members-shown",
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
}

fn mechanism_href(chrome: &Chrome, page: Page, mechanism: &str) -> String {
    format!(
        "{}?lang={}&m={}",
        page.path(),
        chrome.code(),
        encode_query(mechanism)
    )
}

/// The members list page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn members(chrome: &Chrome, view: &MemberList) -> Result<String, WebError> {
    Ok(ListPage { chrome, view }.render()?)
}

/// One member waiting for vetting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VettingRow {
    /// The service number.
    pub service_number: String,
    /// The party's name.
    pub party: String,
    /// Rank and functions, translated.
    pub profile: String,
    /// The vetting status, translated.
    pub status: String,
    /// Each approval so far: party, officer and day, worded.
    pub approvals: Vec<String>,
    /// Where the member stands against the two-party rule, translated.
    pub rule: String,
    /// Whether the reader may open the review now.
    pub can_open: bool,
    /// Whether the reader may approve now.
    pub can_approve: bool,
    /// Whether the reader may reject now.
    pub can_reject: bool,
}

/// The vetting queue page.
#[derive(Clone, Debug, Default)]
pub struct VettingView {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// Members registered or under review, by service number.
    pub rows: Vec<VettingRow>,
    /// Rejection reasons: code and label.
    pub reasons: Vec<(String, String)>,
    /// A refusal of the last action, translated.
    pub refusal: Option<String>,
}

#[derive(Template)]
#[template(path = "vetting.html")]
struct VettingPage<'a> {
    chrome: &'a Chrome,
    view: &'a VettingView,
}

impl VettingPage<'_> {
    fn members_href(&self) -> String {
        mechanism_href(self.chrome, Page::Members, &self.view.mechanism)
    }

    /// Where the form for `action` (`open`, `approve`, `reject`) posts.
    fn action(&self, action: &str) -> String {
        format!(
            "{}/{action}?lang={}",
            Page::Vetting.path(),
            self.chrome.code()
        )
    }
}

/// The vetting queue page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn vetting(chrome: &Chrome, view: &VettingView) -> Result<String, WebError> {
    Ok(VettingPage { chrome, view }.render()?)
}

#[cfg(test)]
mod tests {
    use moc_i18n::Lang;

    use super::*;

    #[test]
    fn the_list_shows_codes_and_links_the_vetting_queue() {
        let view = MemberList {
            mechanism: "moc-gao".into(),
            name: "MOC Gao".into(),
            parties: vec![("fama".into(), "FAMa".into())],
            statuses: vec![("approved".into(), "approuvé".into())],
            filter: MemberFilter {
                party: "fama".into(),
                q: "<x>".into(),
                ..MemberFilter::default()
            },
            total: 1,
            offset: 0,
            limit: 50,
            rows: vec![MemberRow {
                service_number: "FAMA-0001".into(),
                party: ("FAMA".into(), "Forces armées maliennes".into()),
                rank: "sergent".into(),
                roles: "chauffeur".into(),
                languages: "français".into(),
                status: "approuvé".into(),
                approvals: vec![
                    ("FAMA".into(), "Forces armées maliennes".into()),
                    (
                        "CMA".into(),
                        "Coordination des mouvements de l'Azawad".into(),
                    ),
                ],
                leave: 1,
            }],
            waiting: 3,
        };
        let page = members(&Chrome::new(Lang::Fr, Page::Members), &view).unwrap();
        assert!(page.contains("<option value=\"fama\" selected>FAMa</option>"));
        assert!(!page.contains("<x>"));
        assert!(page.contains("<code dir=\"ltr\">FAMA-0001</code>"));
        assert!(page.contains("<abbr title=\"Forces armées maliennes\">FAMA</abbr>, <abbr"));
        assert!(page.contains("id=\"vetting-link\""), "{page}");
        assert!(page.contains("3"));
    }

    #[test]
    fn the_queue_offers_each_officer_only_the_actions_the_rule_allows() {
        let mut chrome = Chrome::new(Lang::Fr, Page::Vetting);
        chrome.csrf = Some("tok".into());
        let row = |sn: &str, open, approve| VettingRow {
            service_number: sn.into(),
            party: "FAMa".into(),
            profile: "sergent".into(),
            status: "en cours de contrôle".into(),
            approvals: vec!["FAMa — fama-vetting, 3 févr. 2017".into()],
            rule: "Il manque l'approbation d'une autre partie.".into(),
            can_open: open,
            can_approve: approve,
            can_reject: approve,
        };
        let view = VettingView {
            mechanism: "moc-gao".into(),
            name: "MOC Gao".into(),
            rows: vec![row("FAMA-0601", true, false), row("FAMA-0602", false, true)],
            reasons: vec![("failed-checks".into(), "contrôles échoués".into())],
            refusal: None,
        };
        let page = vetting(&chrome, &view).unwrap();
        assert_eq!(page.matches("class=\"open-review\"").count(), 1);
        assert_eq!(page.matches("class=\"approve\"").count(), 1);
        assert_eq!(page.matches("class=\"reject\"").count(), 1);
        assert!(
            page.contains("Il manque l&#39;approbation")
                || page.contains("Il manque l&#x27;approbation"),
            "{page}"
        );
        assert!(page.contains("name=\"sn\" value=\"FAMA-0602\""));
    }
}
