//! One function per page: figures in, HTML out.

use askama::Template;
use moc_i18n::{Arg, Lang, tr};

use crate::WebError;
use crate::chart::{self, BarChart, Layout, Series};
use crate::figures::Mechanism;
use crate::format;
use crate::view::{Chrome, Page};

/// `/`: every mechanism's public figures and checkpoint.
#[derive(Template)]
#[template(path = "public.html")]
struct PublicPage<'a> {
    chrome: &'a Chrome,
    mechanisms: &'a [Mechanism],
}

/// The public transparency page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn public(chrome: &Chrome, mechanisms: &[Mechanism]) -> Result<String, WebError> {
    Ok(PublicPage { chrome, mechanisms }.render()?)
}

/// What the sign-in form shows: what was typed (never the password) and
/// what was wrong with it, field by field.
#[derive(Clone, Debug, Default)]
pub struct SignInForm {
    /// The user name as typed.
    pub user: String,
    /// What is wrong with the user name (a message key).
    pub user_error: Option<String>,
    /// What is wrong with the password (a message key).
    pub password_error: Option<String>,
    /// What is wrong with the whole attempt (already translated).
    pub form_error: Option<String>,
    /// The form's anti-forgery token, also set as a cookie.
    pub token: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    chrome: &'a Chrome,
    form: &'a SignInForm,
}

/// The sign-in page, with the errors of a previous attempt.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn sign_in(chrome: &Chrome, form: &SignInForm) -> Result<String, WebError> {
    Ok(SignInPage { chrome, form }.render()?)
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage<'a> {
    chrome: &'a Chrome,
    title: &'a str,
    text: &'a str,
}

/// A page that only says something (an error the reader can act on).
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn message(chrome: &Chrome, title: &str, text: &str) -> Result<String, WebError> {
    Ok(MessagePage {
        chrome,
        title,
        text,
    }
    .render()?)
}

/// The map page's filters, as typed (empty: no filter).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapFilter {
    /// An event type's slug (`battles`).
    pub event_type: String,
    /// A first-level region (`Gao`).
    pub region: String,
    /// The first day, `YYYY-MM-DD`.
    pub from: String,
    /// The last day, `YYYY-MM-DD`.
    pub to: String,
}

/// What the map page shows: its mechanism, the filters' choices and the
/// URL its script reads the incidents from.
#[derive(Clone, Debug, Default)]
pub struct MapView {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// Event types to choose from: slug and label.
    pub types: Vec<(String, String)>,
    /// Regions to choose from.
    pub regions: Vec<String>,
    /// The filters as typed.
    pub filter: MapFilter,
    /// Fields whose value is not a date (`from`, `to`), each said beside
    /// its field and left out of `incidents_url`.
    pub errors: Vec<&'static str>,
    /// The incidents API URL with the valid filters.
    pub incidents_url: String,
}

impl MapView {
    fn has_error(&self, field: &str) -> bool {
        self.errors.contains(&field)
    }
}

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage<'a> {
    chrome: &'a Chrome,
    view: &'a MapView,
}

/// The map page; its script draws the countries and the incidents.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn map(chrome: &Chrome, view: &MapView) -> Result<String, WebError> {
    Ok(MapPage { chrome, view }.render()?)
}

/// A chart with the table of its figures.
struct Section {
    id: &'static str,
    heading: String,
    note: Option<String>,
    svg: String,
    /// Further charts of the same figures, each under its own heading.
    more: Vec<(String, String)>,
    head: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

/// A mechanism to choose on the dashboard.
struct Choice {
    id: String,
    name: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage<'a> {
    chrome: &'a Chrome,
    choices: Vec<Choice>,
    name: &'a str,
    sections: Vec<Section>,
}

/// The dashboard of `shown`, with a choice among `all` (ids and names).
///
/// # Errors
/// [`WebError::Chart`] for figures of inconsistent shape (a month without
/// a count per type), [`WebError::Template`] if a template fails.
pub fn dashboard(
    chrome: &Chrome,
    all: &[(String, String)],
    shown: &Mechanism,
) -> Result<String, WebError> {
    let lang = chrome.lang;
    let sections = sections(lang, shown)?;
    let choices = all
        .iter()
        .map(|(id, name)| Choice {
            id: id.clone(),
            name: name.clone(),
            current: *id == shown.id,
        })
        .collect();
    Ok(DashboardPage {
        chrome,
        choices,
        name: &shown.name,
        sections,
    }
    .render()?)
}

/// The dashboard's charts, each with its table.
fn sections(lang: Lang, m: &Mechanism) -> Result<Vec<Section>, WebError> {
    let t = |key: &str| tr(lang, key, &[]);
    let n = |v: u64| format::number(lang, i64::try_from(v).unwrap_or(i64::MAX));
    let parties: Vec<String> = m.parties.iter().map(|p| p.name.clone()).collect();
    let mut out = Vec::new();

    // Members per party against quota.
    let members = BarChart {
        title: t("web-chart-members"),
        categories: parties.clone(),
        series: vec![
            series(t("web-series-target"), m.parties.iter().map(|p| p.target)),
            series(t("web-series-members"), m.parties.iter().map(|p| p.current)),
        ],
        layout: Layout::Grouped,
    };
    let rows = m
        .parties
        .iter()
        .map(|p| {
            let standing = if p.within() {
                "web-quota-within"
            } else {
                "web-quota-outside"
            };
            (
                p.name.clone(),
                vec![n(p.target), n(p.tolerance), n(p.current), t(standing)],
            )
        })
        .collect();
    out.push(Section {
        id: "members",
        heading: members.title.clone(),
        note: None,
        svg: chart::svg(&members, lang)?,
        more: Vec::new(),
        head: cols(
            lang,
            &[
                "web-col-party",
                "web-col-target",
                "web-col-tolerance",
                "web-col-current",
                "web-col-status",
            ],
        ),
        rows,
    });

    // Patrols per zone.
    let zones: Vec<String> = m.zones.iter().map(|z| z.name.clone()).collect();
    let patrols = BarChart {
        title: t("web-chart-patrols"),
        categories: zones,
        series: vec![
            series(
                t("web-series-planned"),
                m.zones.iter().map(|z| z.patrols.planned),
            ),
            series(
                t("web-series-completed"),
                m.zones.iter().map(|z| z.patrols.completed),
            ),
        ],
        layout: Layout::Grouped,
    };
    let rows = m
        .zones
        .iter()
        .map(|z| {
            let p = z.patrols;
            (
                z.name.clone(),
                vec![n(p.planned), n(p.under_way), n(p.completed), n(p.aborted)],
            )
        })
        .collect();
    out.push(Section {
        id: "patrols",
        heading: patrols.title.clone(),
        note: None,
        svg: chart::svg(&patrols, lang)?,
        more: Vec::new(),
        head: cols(
            lang,
            &[
                "web-col-zone",
                "web-patrol-planned",
                "web-patrol-under-way",
                "web-patrol-completed",
                "web-patrol-aborted",
            ],
        ),
        rows,
    });

    // Incidents per month by type, and the toll's range.
    let months: Vec<String> = m
        .months
        .iter()
        .map(|x| format::month(lang, &x.month))
        .collect();
    let types: Vec<String> = m
        .event_types
        .iter()
        .map(|slug| tr(lang, &format!("event-type-{slug}"), &[]))
        .collect();
    let incidents = BarChart {
        title: t("web-chart-incidents"),
        categories: months.clone(),
        series: types
            .iter()
            .enumerate()
            .map(|(i, name)| {
                series(
                    name.clone(),
                    m.months
                        .iter()
                        .map(|x| x.by_type.get(i).copied().unwrap_or(0)),
                )
            })
            .collect(),
        layout: Layout::Stacked,
    };
    let mut head = vec![t("web-col-month")];
    head.extend(types.iter().cloned());
    head.extend([t("web-series-low"), t("web-series-high")]);
    let rows = m
        .months
        .iter()
        .zip(&months)
        .map(|(x, label)| {
            let mut cells: Vec<String> = (0..types.len())
                .map(|i| n(x.by_type.get(i).copied().unwrap_or(0)))
                .collect();
            cells.extend([n(x.killed_low), n(x.killed_high)]);
            (label.clone(), cells)
        })
        .collect::<Vec<_>>();
    let killed = BarChart {
        title: t("web-chart-killed"),
        categories: months,
        series: vec![
            series(t("web-series-low"), m.months.iter().map(|x| x.killed_low)),
            series(t("web-series-high"), m.months.iter().map(|x| x.killed_high)),
        ],
        layout: Layout::Range,
    };
    out.push(Section {
        id: "incidents",
        heading: incidents.title.clone(),
        note: None,
        svg: chart::svg(&incidents, lang)?,
        more: vec![(killed.title.clone(), chart::svg(&killed, lang)?)],
        head,
        rows,
    });

    // Shares of duty and of risky duty, in whole percent on the chart and
    // to a tenth in the table.
    let duty: u64 = m.parties.iter().map(|p| p.duty).sum();
    let risky: u64 = m.parties.iter().map(|p| p.risky_duty).sum();
    let whole_percent = |part: u64, whole: u64| {
        if whole == 0 {
            0
        } else {
            (u128::from(part) * 200 + u128::from(whole)) / (u128::from(whole) * 2)
        }
    };
    let shares = BarChart {
        title: t("web-chart-duty"),
        categories: parties,
        series: vec![
            series(
                t("web-series-duty"),
                m.parties
                    .iter()
                    .map(|p| u64::try_from(whole_percent(p.duty, duty)).unwrap_or(100)),
            ),
            series(
                t("web-series-risky"),
                m.parties
                    .iter()
                    .map(|p| u64::try_from(whole_percent(p.risky_duty, risky)).unwrap_or(100)),
            ),
        ],
        layout: Layout::Grouped,
    };
    let rows = m
        .parties
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                vec![
                    format::percent(lang, p.duty, duty),
                    format::percent(lang, p.risky_duty, risky),
                ],
            )
        })
        .collect();
    out.push(Section {
        id: "duty",
        heading: shares.title.clone(),
        note: Some(t("web-duty-note")),
        svg: chart::svg(&shares, lang)?,
        more: Vec::new(),
        head: cols(
            lang,
            &["web-col-party", "web-series-duty", "web-series-risky"],
        ),
        rows,
    });
    Ok(out)
}

fn series(name: String, values: impl Iterator<Item = u64>) -> Series {
    Series {
        name,
        values: values.collect(),
    }
}

fn cols(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(lang, k, &[])).collect()
}

/// `web-public-incidents` and the like: a message with a number.
fn counted(lang: Lang, key: &str, name: &str, n: u64) -> String {
    tr(
        lang,
        key,
        &[(
            name,
            Arg::from(format::number(lang, i64::try_from(n).unwrap_or(i64::MAX))),
        )],
    )
}

impl PublicPage<'_> {
    fn incidents(&self, m: &Mechanism) -> String {
        counted(
            self.chrome.lang,
            "web-public-incidents",
            "count",
            m.incidents,
        )
    }

    fn checkpoint_intro(&self, size: impl std::borrow::Borrow<u64>) -> String {
        counted(
            self.chrome.lang,
            "web-public-checkpoint-intro",
            "size",
            *size.borrow(),
        )
    }
}

impl Page {
    /// Whether this is the sign-in page (the header hides its own link).
    pub fn is_sign_in(&self) -> bool {
        *self == Page::SignIn
    }
}

#[cfg(test)]
mod tests;
