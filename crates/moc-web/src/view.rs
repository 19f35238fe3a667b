//! What every page shares: the language, the navigation, the account.

use std::borrow::Borrow;

use moc_i18n::{Arg, Lang, tr};

use crate::{assets, format};

/// A page of the site, and its path: the one place URLs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/`: the public transparency page.
    Public,
    /// `/sign-in`.
    SignIn,
    /// `/dashboard`: figures and charts, for signed-in accounts.
    Dashboard,
    /// `/map`: incidents on a map of the region.
    Map,
    /// `/incidents`: the list, with filters.
    Incidents,
    /// `/incident?id=`: one incident, every source and claim; its source
    /// form posts to [`Page::INCIDENT_SOURCE`].
    Incident,
    /// `/incidents/new`: the form that files an incident.
    IncidentNew,
    /// `/intake`: candidate incidents read from articles, to review; its
    /// forms post to `/intake/{source,reject}`.
    Intake,
    /// `/ledger`: the log's checkpoint, cosignatures and proofs, for
    /// accounts.
    Ledger,
    /// `/members`: the members (codes, never names), for accounts.
    Members,
    /// `/vetting`: members waiting for vetting; its forms post to
    /// `/vetting/{open,approve,reject}`.
    Vetting,
    /// `/roster`: a week's patrols per zone and day, for accounts.
    Roster,
    /// `/patrols`: the patrols, for accounts.
    Patrols,
    /// `/patrol?id=`: one patrol, its report and endorsements; its forms
    /// post to `/patrol/{action}`.
    Patrol,
}

impl Page {
    /// The pages in the navigation, in order.
    pub const NAV: [Page; 8] = [
        Page::Public,
        Page::Dashboard,
        Page::Members,
        Page::Roster,
        Page::Patrols,
        Page::Map,
        Page::Incidents,
        Page::Ledger,
    ];

    /// Its path.
    pub fn path(self) -> &'static str {
        match self {
            Page::Public => "/",
            Page::SignIn => "/sign-in",
            Page::Dashboard => "/dashboard",
            Page::Map => "/map",
            Page::Incidents => "/incidents",
            Page::Incident => "/incident",
            Page::IncidentNew => "/incidents/new",
            Page::Intake => "/intake",
            Page::Ledger => "/ledger",
            Page::Members => "/members",
            Page::Vetting => "/vetting",
            Page::Roster => "/roster",
            Page::Patrols => "/patrols",
            Page::Patrol => "/patrol",
        }
    }

    /// The path that signs out (a form's `POST`).
    pub const SIGN_OUT: &'static str = "/sign-out";

    /// The path the incident page's source form posts to.
    pub const INCIDENT_SOURCE: &'static str = "/incident/source";

    /// The path of an entry's proof bundle (`?m=&index=`).
    pub const LEDGER_PROOF: &'static str = "/ledger/proof";

    fn label_key(self) -> &'static str {
        match self {
            Page::Public => "web-nav-public",
            Page::SignIn => "web-sign-in",
            Page::Dashboard => "web-nav-dashboard",
            Page::Map => "web-nav-map",
            Page::Incidents | Page::Incident | Page::IncidentNew => "web-nav-incidents",
            Page::Intake => "web-nav-intake",
            Page::Ledger => "web-nav-ledger",
            Page::Patrols | Page::Patrol => "web-nav-patrols",
            Page::Members | Page::Vetting => "web-nav-members",
            Page::Roster => "web-nav-roster",
        }
    }
}

/// The frame of a page: its language, which page it is, who reads it.
#[derive(Clone, Debug)]
pub struct Chrome {
    /// The reader's language.
    pub lang: Lang,
    /// The page.
    pub page: Page,
    /// Query parameters other than `lang` that the page keeps when the
    /// language changes (`m=moc-gao`).
    pub keep: Vec<(String, String)>,
    /// The signed-in account's id, if any.
    pub user: Option<String>,
    /// The session's CSRF token, which the sign-out form sends.
    pub csrf: Option<String>,
}

/// A link of the navigation or the language switch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Where it goes.
    pub href: String,
    /// Its text.
    pub label: String,
    /// Whether it is the page (or language) being read.
    pub current: bool,
    /// The language code it switches to, for language links.
    pub code: &'static str,
}

impl Chrome {
    /// A frame for the public reading `page` in `lang`.
    pub fn new(lang: Lang, page: Page) -> Chrome {
        Chrome {
            lang,
            page,
            keep: Vec::new(),
            user: None,
            csrf: None,
        }
    }

    /// The message `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key, &[])
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        tr(self.lang, key, &[(name, Arg::from(value))])
    }

    /// `n` as the page's language writes it (by value or by reference:
    /// templates pass either).
    pub fn n(&self, n: impl Borrow<u64>) -> String {
        format::number(self.lang, i64::try_from(*n.borrow()).unwrap_or(i64::MAX))
    }

    /// `lang` attribute.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// `dir` attribute.
    pub fn dir(&self) -> &'static str {
        if self.lang.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The URL of an embedded file.
    pub fn asset(&self, path: &str) -> String {
        assets::url(path)
    }

    /// `page`'s URL in this language.
    pub fn href(&self, page: Page) -> String {
        format!("{}?lang={}", page.path(), self.lang.code())
    }

    /// The navigation.
    pub fn nav(&self) -> Vec<Link> {
        Page::NAV
            .iter()
            .map(|&p| Link {
                href: self.href(p),
                label: self.t(p.label_key()),
                current: p == self.page
                    || (p == Page::Incidents
                        && matches!(self.page, Page::Incident | Page::IncidentNew))
                    || (p == Page::Patrols && self.page == Page::Patrol)
                    || (p == Page::Members && self.page == Page::Vetting),
                code: self.lang.code(),
            })
            .collect()
    }

    /// This page in each language, named in that language.
    pub fn languages(&self) -> Vec<Link> {
        Lang::ALL
            .iter()
            .map(|&lang| {
                let mut href = format!("{}?lang={}", self.page.path(), lang.code());
                for (k, v) in &self.keep {
                    href.push('&');
                    href.push_str(&encode_query(k));
                    href.push('=');
                    href.push_str(&encode_query(v));
                }
                Link {
                    href,
                    label: tr(lang, "server-language-name", &[]),
                    current: lang == self.lang,
                    code: lang.code(),
                }
            })
            .collect()
    }
}

/// "12 incidents; 1 to 50 shown" (`shown_key`, with `total`, `first`
/// and `last`), or `none_key` when the page is empty; `(total, offset,
/// rows)` count the list over all pages, where the page starts, and what
/// it holds.
pub(crate) fn summary(
    chrome: &Chrome,
    none_key: &str,
    shown_key: &str,
    (total, offset, rows): (u64, u64, u64),
) -> String {
    if rows == 0 {
        return chrome.t(none_key);
    }
    tr(
        chrome.lang,
        shown_key,
        &[
            ("total", chrome.n(total).into()),
            ("first", chrome.n(offset + 1).into()),
            ("last", chrome.n(offset + rows).into()),
        ],
    )
}

/// Where the previous page of a list starts, if there is one.
pub(crate) fn previous(offset: u64, limit: u64) -> Option<u64> {
    (offset > 0).then(|| offset.saturating_sub(limit))
}

/// Where the next page of a list starts, if there is one.
pub(crate) fn next(total: u64, offset: u64, rows: u64) -> Option<u64> {
    let shown = offset + rows;
    (shown < total && rows > 0).then_some(shown)
}

/// Percent-encodes a query component (everything but unreserved bytes).
/// The server's links use it too.
pub fn encode_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_links_keep_the_page_and_its_query() {
        let mut chrome = Chrome::new(Lang::Fr, Page::Dashboard);
        chrome.keep.push(("m".into(), "moc gao&x".into()));
        let links = chrome.languages();
        let hrefs: Vec<&str> = links.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "/dashboard?lang=fr&m=moc%20gao%26x",
                "/dashboard?lang=en&m=moc%20gao%26x",
                "/dashboard?lang=ar&m=moc%20gao%26x"
            ]
        );
        assert_eq!(links[2].label, "العربية");
        assert!(links[0].current && !links[1].current);
    }

    #[test]
    fn navigation_marks_the_current_page() {
        let chrome = Chrome::new(Lang::En, Page::Public);
        let nav = chrome.nav();
        assert_eq!(nav[0].href, "/?lang=en");
        assert_eq!(nav[0].label, "Transparency");
        assert!(nav[0].current);
        assert_eq!(nav[1].href, "/dashboard?lang=en");
        assert!(!nav[1].current);
        assert_eq!(Chrome::new(Lang::Ar, Page::Public).dir(), "rtl");
    }
}
