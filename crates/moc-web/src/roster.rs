//! The roster: a calendar of a week's patrols, one row per zone and one
//! column per day, each patrol with its hours, its status, its crew by
//! party, and the rules it breaks now (a member suspended after planning,
//! say), flagged.

use askama::Template;

use crate::WebError;
use crate::view::{Chrome, Page, encode_query};

/// One patrol in a cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterPatrol {
    /// Its id.
    pub id: String,
    /// Its hours, `06:00–12:00`.
    pub hours: String,
    /// Its status, translated.
    pub status: String,
    /// Its status's code.
    pub status_code: String,
    /// Its crew by party, `FAMA 4 · CMA 3`.
    pub crew: String,
    /// The rules it breaks now, translated.
    pub faults: Vec<String>,
}

/// One zone's week.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterRow {
    /// The zone's name.
    pub zone: String,
    /// One cell per day: that day's patrols in the zone.
    pub days: Vec<Vec<RosterPatrol>>,
}

/// The roster page.
#[derive(Clone, Debug, Default)]
pub struct RosterView {
    /// The mechanism's id.
    pub mechanism: String,
    /// Its name in the reader's language.
    pub name: String,
    /// The first day shown, `YYYY-MM-DD`.
    pub from: String,
    /// The days shown, worded.
    pub days: Vec<String>,
    /// One row per zone.
    pub rows: Vec<RosterRow>,
    /// The first day of the week before and after.
    pub previous: String,
    /// See `previous`.
    pub next: String,
    /// Patrols shown.
    pub patrols: u64,
    /// Of which break a rule now.
    pub faulty: u64,
}

#[derive(Template)]
#[template(path = "roster.html")]
struct RosterPage<'a> {
    chrome: &'a Chrome,
    view: &'a RosterView,
}

impl RosterPage<'_> {
    fn week_href(&self, from: &str) -> String {
        format!(
            "{}?lang={}&m={}&from={}",
            Page::Roster.path(),
            self.chrome.code(),
            encode_query(&self.view.mechanism),
            encode_query(from)
        )
    }

    fn patrol_href(&self, id: &str) -> String {
        crate::patrol_href(self.chrome, &self.view.mechanism, id)
    }
}

/// The roster page.
///
/// # Errors
/// [`WebError::Template`] if a template fails.
pub fn roster(chrome: &Chrome, view: &RosterView) -> Result<String, WebError> {
    Ok(RosterPage { chrome, view }.render()?)
}

#[cfg(test)]
mod tests {
    use moc_i18n::Lang;

    use super::*;

    #[test]
    fn a_week_is_a_grid_of_zones_and_days_with_faults_flagged() {
        let patrol = |id: &str, faults: Vec<String>| RosterPatrol {
            id: id.into(),
            hours: "06:00–12:00".into(),
            status: "planifiée".into(),
            status_code: "planned".into(),
            crew: "FAMA 4 · CMA 3 · PLATEFORME 3".into(),
            faults,
        };
        let view = RosterView {
            mechanism: "moc-gao".into(),
            name: "MOC Gao".into(),
            from: "2017-03-24".into(),
            days: (24..=30).map(|d| format!("{d} mars")).collect(),
            rows: vec![
                RosterRow {
                    zone: "Gao".into(),
                    days: (0..7)
                        .map(|d| {
                            if d == 2 {
                                vec![patrol(
                                    "gao-j26",
                                    vec!["CMA-0001 n'est pas approuvé.".into()],
                                )]
                            } else {
                                vec![patrol(&format!("gao-{d}"), vec![])]
                            }
                        })
                        .collect(),
                },
                RosterRow {
                    zone: "Kidal".into(),
                    days: vec![Vec::new(); 7],
                },
            ],
            previous: "2017-03-17".into(),
            next: "2017-03-31".into(),
            patrols: 7,
            faulty: 1,
        };
        let page = roster(&Chrome::new(Lang::Fr, Page::Roster), &view).unwrap();
        assert_eq!(
            page.matches("<th scope=\"col\">").count(),
            8,
            "the zone column and 7 days"
        );
        assert_eq!(page.matches("class=\"roster-patrol").count(), 7);
        assert_eq!(page.matches("class=\"roster-patrol faulty").count(), 1);
        assert!(page.contains("from=2017-03-31") && page.contains("from=2017-03-17"));
        assert!(page.contains("id=gao-j26"));
        assert!(page.contains("role=\"alert\"") || page.contains("class=\"fault\""));
    }
}
