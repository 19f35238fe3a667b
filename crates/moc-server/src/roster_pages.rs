//! `GET /roster?m=&from=`: a week of patrols per zone and day, each with
//! its crew by party and the rules it breaks now (`moc_domain::
//! patrol_faults`, the planning rules run again on the patrol as it
//! stands), worded as the domain's refusals are.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use moc_domain::access::Action;
use moc_domain::moc_incidents::model::{civil_from_days, days_from_civil, parse_iso_date};
use moc_domain::{Patrol, patrol_faults};
use moc_i18n::{Lang, code_label};
use moc_web::{Page, format};
use tower_sessions::Session;

use crate::AppState;
use crate::auth::Caller;
use crate::figures::in_lang;
use crate::pages::{not_found_page, open_page, page, query_text, shown_mechanism};
use crate::problem::Problem;

/// Days in a week of the roster.
const DAYS: i64 = 7;

fn day_of(seconds: i64) -> i64 {
    seconds.div_euclid(86_400)
}

fn iso(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The first day shown when none is asked for: the week that ends with
/// the latest patrol (the plans ahead and the days just done), or this
/// week when there is none.
fn default_start(patrols: &[&Patrol]) -> i64 {
    patrols
        .iter()
        .map(|p| day_of(p.window.start.0))
        .max()
        .map_or_else(|| day_of(crate::pages::now().0), |last| last - (DAYS - 1))
}

/// `GET /roster?m=&from=`.
pub(crate) async fn roster(
    State(app): State<AppState>,
    caller: Caller,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let mut chrome = match open_page(
        &caller,
        &session,
        &uri,
        &headers,
        Page::Roster,
        Action::ReadPatrols,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let lang = chrome.lang;
    let q = uri.query();
    let view = {
        let state = app.node.state().await;
        let Some(m) = shown_mechanism(&state, q) else {
            drop(state);
            return not_found_page(&chrome);
        };
        let all: Vec<&Patrol> = m.patrols.values().collect();
        let from = parse_iso_date(&query_text(q, "from")).map_or_else(
            || default_start(&all),
            |(y, mo, d)| days_from_civil(i64::from(y), mo, d),
        );
        let contributing: Vec<_> = m
            .parties
            .values()
            .filter(|p| p.kind.contributes_members())
            .collect();
        let mut patrols = 0;
        let mut faulty = 0;
        let rows = m
            .zones
            .values()
            .map(|z| {
                let days = (0..DAYS)
                    .map(|d| {
                        let mut cell: Vec<&Patrol> = all
                            .iter()
                            .copied()
                            .filter(|p| p.zone == z.id && day_of(p.window.start.0) == from + d)
                            .collect();
                        cell.sort_by_key(|p| (p.window.start, p.id.clone()));
                        cell.into_iter()
                            .map(|p| {
                                let faults: Vec<String> = patrol_faults(m, p)
                                    .into_iter()
                                    .map(|e| Problem::from(e).detail(lang))
                                    .collect();
                                patrols += 1;
                                if !faults.is_empty() {
                                    faulty += 1;
                                }
                                let crew = contributing
                                    .iter()
                                    .map(|party| {
                                        let n = p
                                            .members
                                            .iter()
                                            .filter(|sn| {
                                                m.members
                                                    .get(*sn)
                                                    .is_some_and(|x| x.party == party.id)
                                            })
                                            .count();
                                        format!("{} {n}", party.id.as_str().to_uppercase())
                                    })
                                    .collect::<Vec<_>>()
                                    .join(" · ");
                                let (_, start) = format::utc(p.window.start.0);
                                let (_, end) = format::utc(p.window.end.0);
                                moc_web::RosterPatrol {
                                    id: p.id.to_string(),
                                    hours: format!("{start}–{end}"),
                                    status: code_label(lang, "patrol-status", p.status.as_str()),
                                    status_code: p.status.as_str().to_owned(),
                                    crew,
                                    faults,
                                }
                            })
                            .collect()
                    })
                    .collect();
                moc_web::RosterRow {
                    zone: in_lang(lang, &z.name_fr, &z.name_en).to_owned(),
                    days,
                }
            })
            .collect();
        moc_web::RosterView {
            mechanism: m.id.to_string(),
            name: in_lang(lang, &m.name_fr, &m.name_en).to_owned(),
            from: iso(from),
            days: (0..DAYS).map(|d| day_label(lang, from + d)).collect(),
            rows,
            previous: iso(from - DAYS),
            next: iso(from + DAYS),
            patrols,
            faulty,
        }
    };
    chrome.keep.push(("m".into(), view.mechanism.clone()));
    chrome.keep.push(("from".into(), view.from.clone()));
    let html = moc_web::roster(&chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, StatusCode::OK, html))
}

fn day_label(lang: Lang, day: i64) -> String {
    format::day(lang, &iso(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_in_utc_and_written_back() {
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(-1), -1);
        assert_eq!(iso(17_184), "2017-01-18");
        assert_eq!(iso(days_from_civil(2017, 3, 1) - 1), "2017-02-28");
    }
}
