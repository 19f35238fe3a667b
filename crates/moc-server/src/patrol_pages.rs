//! The patrol pages: `GET /patrols` (the list, latest first, by zone,
//! status, day, or waiting for an endorsement), `GET /patrol?m=&id=` (one
//! patrol) and `POST /patrol/{start,report,endorse,abort}` (its forms).
//!
//! Who sees which button is the domain's own answer: each possible
//! command is put to `moc_domain::decide` against the current state, which
//! records nothing, so a button shows exactly when the command would be
//! accepted (the right role, the reader's own party, the right status).
//! A form posts plain fields with the session's CSRF token; success
//! redirects to the patrol (post/redirect/get), a report with wrong fields
//! comes back with what was typed and an error beside each field, and a
//! refusal of the node is said at the top of the page.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use moc_domain::access::Action;
use moc_domain::{
    AbortReason, Actor, AirSupport, Command, Mechanism, MechanismId, Outreach, OutreachItem,
    PartyId, Patrol, PatrolId, PatrolRef, PatrolReport, PatrolStatus, Timestamp,
};
use moc_i18n::{Arg, Lang, code_label, tr};
use moc_web::format;
use moc_web::{Chrome, Page};
use tower_sessions::Session;

use crate::AppState;
use crate::auth::Caller;
use crate::figures::in_lang;
use crate::incident_forms::{field, posted};
use crate::pages::{
    is_date, not_found_page, open_page, page, query_text, serde_code, shown_mechanism, would_accept,
};
use crate::problem::Problem;

/// Patrols per page of the list.
const PAGE: u64 = 50;

/// The longest distance a report may give, in km: more than any patrol
/// drives, well inside the payload's `u32` metres.
const MAX_KM: f64 = 5_000.0;

/// The largest outreach quantity a report may give.
const MAX_QUANTITY: u32 = 1_000_000;

/// `GET /patrols?m=&zone=&status=&day=&waiting=&offset=`.
pub(crate) async fn list(
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
        Page::Patrols,
        Action::ReadPatrols,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let lang = chrome.lang;
    let q = uri.query();
    let value = |k: &str| query_text(q, k);
    let state = app.node.state().await;
    let Some(m) = shown_mechanism(&state, q) else {
        drop(state);
        return not_found_page(&chrome);
    };
    let mut filter = moc_web::PatrolFilter {
        zone: value("zone"),
        status: value("status"),
        day: value("day"),
        waiting: value("waiting") == "1",
    };
    // A choice that is not offered is ignored (an old link); a typed day
    // that is not one is said beside its field.
    if !m.zones.keys().any(|z| z.as_str() == filter.zone) {
        filter.zone.clear();
    }
    if !PatrolStatus::ALL
        .iter()
        .any(|s| s.as_str() == filter.status)
    {
        filter.status.clear();
    }
    let mut errors = Vec::new();
    if !filter.day.is_empty() && !is_date(&filter.day) {
        errors.push("day");
    }
    let day = (!errors.contains(&"day") && !filter.day.is_empty()).then_some(filter.day.as_str());
    let mut chosen: Vec<&Patrol> = m
        .patrols
        .values()
        .filter(|p| filter.zone.is_empty() || p.zone.as_str() == filter.zone)
        .filter(|p| filter.status.is_empty() || p.status.as_str() == filter.status)
        .filter(|p| day.is_none_or(|d| format::utc(p.window.start.0).0 == d))
        .filter(|p| !filter.waiting || waiting(p))
        .collect();
    chosen.sort_by(|a, b| {
        (b.window.start, b.id.as_str())
            .cmp(&(a.window.start, a.id.as_str()))
            .then(a.zone.cmp(&b.zone))
    });
    let offset: u64 = value("offset").parse().unwrap_or(0);
    // The parties that put members on patrols: one column each.
    let contributing: Vec<&moc_domain::Party> = m
        .parties
        .values()
        .filter(|p| p.kind.contributes_members())
        .collect();
    let parties: Vec<&PartyId> = contributing.iter().map(|p| &p.id).collect();
    let rows = chosen
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(PAGE).unwrap_or(usize::MAX))
        .map(|p| row(lang, m, &parties, p))
        .collect();
    let view = moc_web::PatrolList {
        mechanism: m.id.to_string(),
        name: in_lang(lang, &m.name_fr, &m.name_en).to_owned(),
        parties: contributing
            .iter()
            .map(|p| {
                (
                    p.id.as_str().to_uppercase(),
                    in_lang(lang, &p.name_fr, &p.name_en).to_owned(),
                )
            })
            .collect(),
        zones: m
            .zones
            .values()
            .map(|z| {
                (
                    z.id.to_string(),
                    in_lang(lang, &z.name_fr, &z.name_en).to_owned(),
                )
            })
            .collect(),
        statuses: PatrolStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), status(lang, *s)))
            .collect(),
        filter,
        errors,
        total: chosen.len() as u64,
        offset,
        limit: PAGE,
        rows,
    };
    drop(state);
    chrome.keep.push(("m".into(), view.mechanism.clone()));
    let html = moc_web::patrols(&chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, StatusCode::OK, html))
}

/// Whether a completed patrol still waits for a party's endorsement.
fn waiting(p: &Patrol) -> bool {
    p.status == PatrolStatus::Completed && !p.fully_endorsed()
}

fn status(lang: Lang, s: PatrolStatus) -> String {
    code_label(lang, "patrol-status", s.as_str())
}

/// One line of the list: members counted per party, in `parties`' order.
fn row(lang: Lang, m: &Mechanism, parties: &[&PartyId], p: &Patrol) -> moc_web::PatrolRow {
    let (day, start) = format::utc(p.window.start.0);
    let (end_day, end) = format::utc(p.window.end.0);
    let hours = if end_day == day {
        format!("{start}–{end}")
    } else {
        format!("{start}–{end} (+1)")
    };
    let composition = parties
        .iter()
        .map(|party| {
            p.members
                .iter()
                .filter(|sn| m.members.get(*sn).is_some_and(|x| &x.party == *party))
                .count() as u64
        })
        .collect();
    let endorsed = if p.status == PatrolStatus::Completed {
        (p.endorsements.len() as u64, p.parties.len() as u64)
    } else {
        (0, 0)
    };
    moc_web::PatrolRow {
        id: p.id.to_string(),
        day: format::day(lang, &day),
        hours,
        zone: zone_name(lang, m, p),
        status: status(lang, p.status),
        status_code: p.status.as_str().to_owned(),
        composition,
        endorsed,
    }
}

fn zone_name(lang: Lang, m: &Mechanism, p: &Patrol) -> String {
    m.zones.get(&p.zone).map_or_else(
        || p.zone.to_string(),
        |z| in_lang(lang, &z.name_fr, &z.name_en).to_owned(),
    )
}

/// `GET /patrol?m=&id=`.
pub(crate) async fn detail(
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
        Page::Patrol,
        Action::ReadPatrols,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let q = uri.query();
    let (m, id) = (query_text(q, "m"), query_text(q, "id"));
    chrome.keep.push(("m".into(), m.clone()));
    chrome.keep.push(("id".into(), id.clone()));
    let actor = caller.actor.as_ref();
    render(&app, &chrome, actor, (&m, &id), None, None, StatusCode::OK).await
}

/// The patrol's page, with a report form as typed and a refusal, if any.
async fn render(
    app: &AppState,
    chrome: &Chrome,
    actor: Option<&Actor>,
    (m, id): (&str, &str),
    form: Option<moc_web::ReportForm>,
    refusal: Option<String>,
    code: StatusCode,
) -> Result<Response, Problem> {
    let view = {
        let state = app.node.state().await;
        let found = state
            .mechanisms
            .values()
            .find(|x| x.id.as_str() == m)
            .and_then(|x| {
                let id = PatrolId::new(id).ok()?;
                x.patrols.get(&id).map(|p| (x, p))
            });
        let Some((mechanism, patrol)) = found else {
            drop(state);
            return not_found_page(chrome);
        };
        let mut view = detail_view(chrome.lang, &state, mechanism, patrol, actor);
        if let (Some(form), Some(_)) = (form, view.report_form.as_ref()) {
            view.report_form = Some(form);
        }
        view.refusal = refusal;
        view
    };
    let html = moc_web::patrol(chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(chrome.lang, code, html))
}

/// What the page shows of `p`, and which of its forms `actor` may use.
fn detail_view(
    lang: Lang,
    state: &moc_domain::State,
    m: &Mechanism,
    p: &Patrol,
    actor: Option<&Actor>,
) -> moc_web::PatrolDetail {
    let r = PatrolRef {
        mechanism: m.id.clone(),
        patrol: p.id.clone(),
    };
    let accepts = |command: Command| would_accept(state, actor, &command);
    let crews = m
        .parties
        .values()
        .filter(|party| p.parties.contains(&party.id))
        .map(|party| moc_web::PartyCrew {
            party: party.id.to_string(),
            name: in_lang(lang, &party.name_fr, &party.name_en).to_owned(),
            members: p
                .members
                .iter()
                .filter_map(|sn| m.members.get(sn))
                .filter(|x| x.party == party.id)
                .map(|x| moc_web::CrewMember {
                    service_number: x.service_number.to_string(),
                    profile: std::iter::once(code_label(
                        lang,
                        "rank",
                        serde_code(&x.rank).as_str(),
                    ))
                    .chain(
                        x.roles
                            .iter()
                            .map(|role| code_label(lang, "role", serde_code(role).as_str())),
                    )
                    .collect::<Vec<_>>()
                    .join(" · "),
                    leader: x.service_number == p.leader,
                })
                .collect(),
            endorsed_by: p.endorsements.get(&party.id).map(ToString::to_string),
            can_endorse: accepts(Command::EndorsePatrol {
                patrol: r.clone(),
                party: party.id.clone(),
            }),
        })
        .collect();
    let can_report = accepts(Command::ReportPatrol {
        patrol: r.clone(),
        report: PatrolReport {
            departed: Timestamp(0),
            returned: Timestamp(1),
            distance_m: 0,
            observations: String::new(),
            air_support: AirSupport::default(),
            outreach: Vec::new(),
        },
    });
    let moment = |t: Timestamp| format::moment(lang, t.0);
    moc_web::PatrolDetail {
        mechanism: m.id.to_string(),
        name: in_lang(lang, &m.name_fr, &m.name_en).to_owned(),
        id: p.id.to_string(),
        zone: zone_name(lang, m, p),
        status: status(lang, p.status),
        status_code: p.status.as_str().to_owned(),
        window: tr(
            lang,
            "web-patrol-window-value",
            &[
                ("start", Arg::from(moment(p.window.start))),
                ("end", Arg::from(moment(p.window.end))),
            ],
        ),
        started: p.started_at.map(moment),
        route: p
            .route
            .iter()
            .map(|c| {
                format!(
                    "{:.4}, {:.4}",
                    f64::from(c.lat_e6) / 1e6,
                    f64::from(c.lon_e6) / 1e6
                )
            })
            .collect(),
        crews,
        report: p.report.as_ref().map(|report| report_view(lang, report)),
        abort_reason: p
            .abort_reason
            .map(|why| code_label(lang, "abort-reason", serde_code(&why).as_str())),
        can_start: accepts(Command::StartPatrol(r.clone())),
        can_abort: accepts(Command::AbortPatrol {
            patrol: r,
            reason: AbortReason::Other,
        }),
        abort_reasons: AbortReason::ALL
            .iter()
            .map(|why| {
                let c = serde_code(why);
                let label = code_label(lang, "abort-reason", &c);
                (c, label)
            })
            .collect(),
        report_form: can_report.then(|| blank_form(lang, p)),
        refusal: None,
    }
}

fn report_view(lang: Lang, r: &PatrolReport) -> moc_web::ReportView {
    let air = match (r.air_support.requested, r.air_support.received) {
        (false, false) => "web-patrol-air-none",
        (true, false) => "web-patrol-air-not-received",
        (true, true) => "web-patrol-air-came",
        (false, true) => "web-patrol-air-unasked",
    };
    moc_web::ReportView {
        departed: format::moment(lang, r.departed.0),
        returned: format::moment(lang, r.returned.0),
        distance: tr(
            lang,
            "web-patrol-distance-value",
            &[(
                "km",
                Arg::from(format::tenths(lang, (i64::from(r.distance_m) + 50) / 100)),
            )],
        ),
        observations: r.observations.clone(),
        air_support: tr(lang, air, &[]),
        outreach: r
            .outreach
            .iter()
            .map(|o| {
                format!(
                    "{} {}",
                    code_label(lang, "outreach", &serde_code(&o.item)),
                    format::number(lang, i64::from(o.quantity))
                )
            })
            .collect(),
    }
}

/// The report form before anything is typed: the departure is when the
/// patrol started.
fn blank_form(lang: Lang, p: &Patrol) -> moc_web::ReportForm {
    let departed = p.started_at.map(datetime_value).unwrap_or_default();
    moc_web::ReportForm {
        departed: moc_web::Field {
            value: departed,
            error: None,
        },
        outreach: OutreachItem::ALL
            .iter()
            .map(|item| outreach_field(lang, *item, String::new()))
            .collect(),
        ..moc_web::ReportForm::default()
    }
}

fn outreach_field(lang: Lang, item: OutreachItem, value: String) -> moc_web::OutreachField {
    let c = serde_code(&item);
    moc_web::OutreachField {
        name: format!("outreach-{c}"),
        label: code_label(lang, "outreach", &c),
        field: moc_web::Field { value, error: None },
    }
}

/// A moment as an `<input type="datetime-local">` value, `2017-01-18T08:40`.
fn datetime_value(t: Timestamp) -> String {
    let (day, time) = format::utc(t.0);
    format!("{day}T{time}")
}

/// Reads `2017-01-18T08:40` (seconds optional, a space for the `T`) as
/// UTC seconds since 1970.
fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let (day, time) = text.split_once(['T', ' '])?;
    let (y, mo, d) = moc_domain::moc_incidents::model::parse_iso_date(day)?;
    let mut parts = time.split(':');
    let field = |p: Option<&str>, max: i64| -> Option<i64> {
        let p = p?;
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<i64>().ok())
            .flatten()
            .filter(|v| *v <= max)
    };
    let h = field(parts.next(), 23)?;
    let mi = field(parts.next(), 59)?;
    let s = match parts.next() {
        None => 0,
        some => field(some, 59)?,
    };
    if parts.next().is_some() {
        return None;
    }
    let days = moc_domain::moc_incidents::model::days_from_civil(i64::from(y), mo, d);
    Some(days * 86_400 + h * 3600 + mi * 60 + s)
}

/// Reads a distance in km, `12.5` or `12,5`, as metres.
fn parse_km(text: &str) -> Result<u32, &'static str> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Err("web-form-error-number");
    }
    let km: f64 = text.parse().map_err(|_| "web-form-error-number")?;
    if !km.is_finite() || km < 0.0 {
        return Err("web-form-error-number");
    }
    if km > MAX_KM {
        return Err("web-form-error-too-large");
    }
    // In range: at most 5,000,000 m.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok((km * 1000.0).round() as u32)
}

/// Reads the report form's fields: the form as typed with an error beside
/// each wrong field, and the report when nothing is wrong.
fn read_report(
    lang: Lang,
    fields: &[(String, String)],
) -> (moc_web::ReportForm, Option<PatrolReport>) {
    let get = |k: &str| field(fields, k).to_owned();
    let t = |key: &str| tr(lang, key, &[]);
    let mut form = moc_web::ReportForm {
        departed: moc_web::Field {
            value: get("departed"),
            error: None,
        },
        returned: moc_web::Field {
            value: get("returned"),
            error: None,
        },
        distance_km: moc_web::Field {
            value: get("distance_km"),
            error: None,
        },
        observations: moc_web::Field {
            value: get("observations"),
            error: None,
        },
        air_requested: get("air_requested") == "1",
        air_received: get("air_received") == "1",
        outreach: Vec::new(),
    };
    let departed = parse_datetime(&form.departed.value);
    if departed.is_none() {
        form.departed.error = Some(t("web-form-error-time"));
    }
    let returned = parse_datetime(&form.returned.value);
    match (departed, returned) {
        (_, None) => form.returned.error = Some(t("web-form-error-time")),
        (Some(d), Some(r)) if r <= d => form.returned.error = Some(t("web-form-error-order")),
        _ => {}
    }
    let distance = parse_km(&form.distance_km.value)
        .map_err(|key| form.distance_km.error = Some(t(key)))
        .ok();
    if form.observations.value.chars().count() > moc_domain::MAX_TEXT {
        form.observations.error = Some(tr(
            lang,
            "web-form-error-too-long",
            &[("max", Arg::from(format::number(lang, 4000)))],
        ));
    }
    let mut outreach = Vec::new();
    for item in OutreachItem::ALL {
        let mut f = outreach_field(lang, item, String::new());
        f.field.value = get(&f.name);
        let typed = f.field.value.trim();
        if !typed.is_empty() {
            match typed.parse::<u32>() {
                Ok(0) => {}
                Ok(q) if q > MAX_QUANTITY => {
                    f.field.error = Some(t("web-form-error-too-large"));
                }
                Ok(quantity) => outreach.push(Outreach { item, quantity }),
                Err(_) => f.field.error = Some(t("web-form-error-number")),
            }
        }
        form.outreach.push(f);
    }
    let report = match (departed, returned, distance) {
        (Some(d), Some(r), Some(distance_m)) if !form.has_errors() => Some(PatrolReport {
            departed: Timestamp(d),
            returned: Timestamp(r),
            distance_m,
            observations: form.observations.value.trim().to_owned(),
            air_support: AirSupport {
                requested: form.air_requested,
                received: form.air_received,
            },
            outreach,
        }),
        _ => None,
    };
    (form, report)
}

/// `POST /patrol/{action}` with `csrf`, `m`, `id` and the action's fields
/// (`party` to endorse, `reason` to abort, the report's).
pub(crate) async fn act(
    State(app): State<AppState>,
    session: Session,
    Path(action): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let (actor, chrome) =
        match posted(&app, &session, &uri, &headers, &fields, Page::Patrol).await? {
            Ok(posted) => posted,
            Err(answer) => return Ok(answer),
        };
    let lang = chrome.lang;
    let (m, id) = (field(&fields, "m"), field(&fields, "id"));
    let (Ok(mechanism), Ok(patrol)) = (MechanismId::new(m), PatrolId::new(id)) else {
        return not_found_page(&chrome);
    };
    let r = PatrolRef { mechanism, patrol };
    let command = match action.as_str() {
        "start" => Command::StartPatrol(r),
        "endorse" => {
            let Ok(party) = PartyId::new(field(&fields, "party")) else {
                return not_found_page(&chrome);
            };
            Command::EndorsePatrol { patrol: r, party }
        }
        "abort" => {
            let reason = AbortReason::ALL
                .into_iter()
                .find(|why| serde_code(why) == field(&fields, "reason"))
                .unwrap_or(AbortReason::Other);
            Command::AbortPatrol { patrol: r, reason }
        }
        "report" => {
            let (form, report) = read_report(lang, &fields);
            let Some(report) = report else {
                let code = StatusCode::UNPROCESSABLE_ENTITY;
                return render(&app, &chrome, Some(&actor), (m, id), Some(form), None, code).await;
            };
            Command::ReportPatrol { patrol: r, report }
        }
        _ => return not_found_page(&chrome),
    };
    match app.node.execute(&actor, command).await {
        Ok(_) => {
            let to = moc_web::patrol_href(&chrome, m, id);
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let problem = Problem::from(e);
            let Some(code) = problem.refusal_status() else {
                return Err(problem);
            };
            let text = problem.detail(lang);
            render(&app, &chrome, Some(&actor), (m, id), None, Some(text), code).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn datetimes_are_read_as_utc() {
        assert_eq!(parse_datetime("1970-01-01T00:00"), Some(0));
        assert_eq!(
            parse_datetime("2017-01-18T08:40"),
            Some(17_184 * 86_400 + 8 * 3600 + 40 * 60)
        );
        assert_eq!(
            parse_datetime("2017-01-18 08:40:30"),
            parse_datetime("2017-01-18T08:40").map(|t| t + 30)
        );
        for bad in [
            "",
            "2017-01-18",
            "2017-02-30T08:00",
            "2017-01-18T24:00",
            "2017-01-18T8:40",
            "2017-01-18T08:40:00:00",
            "demain",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
        assert_eq!(
            parse_datetime(&datetime_value(Timestamp(1_484_728_800))),
            Some(1_484_728_800)
        );
    }

    #[test]
    fn distances_take_a_decimal_point_or_comma() {
        assert_eq!(parse_km("12.5"), Ok(12_500));
        assert_eq!(parse_km(" 12,5 "), Ok(12_500));
        assert_eq!(parse_km("0"), Ok(0));
        assert_eq!(parse_km(""), Err("web-form-error-number"));
        assert_eq!(parse_km("-1"), Err("web-form-error-number"));
        assert_eq!(parse_km("NaN"), Err("web-form-error-number"));
        assert_eq!(parse_km("5000.1"), Err("web-form-error-too-large"));
    }

    #[test]
    fn a_good_report_form_becomes_the_report() {
        let (form, report) = read_report(
            Lang::Fr,
            &fields(&[
                ("departed", "2017-01-18T06:00"),
                ("returned", "2017-01-18T11:30"),
                ("distance_km", "42,3"),
                ("observations", " Piste dégagée. "),
                ("air_requested", "1"),
                ("outreach-tea", "10"),
                ("outreach-medicine", "0"),
                ("outreach-water", ""),
            ]),
        );
        assert!(!form.has_errors(), "{form:?}");
        let report = report.expect("a report");
        assert_eq!(report.returned.0 - report.departed.0, 5 * 3600 + 1800);
        assert_eq!(report.distance_m, 42_300);
        assert_eq!(report.observations, "Piste dégagée.");
        assert_eq!(
            report.air_support,
            AirSupport {
                requested: true,
                received: false
            }
        );
        assert_eq!(
            report.outreach,
            vec![Outreach {
                item: OutreachItem::Tea,
                quantity: 10
            }]
        );
    }

    #[test]
    fn a_wrong_report_form_says_why_beside_each_field_and_keeps_the_text() {
        let long = "x".repeat(4001);
        let (form, report) = read_report(
            Lang::En,
            &fields(&[
                ("departed", "2017-01-18T06:00"),
                ("returned", "2017-01-18T05:00"),
                ("distance_km", "far"),
                ("observations", &long),
                ("outreach-sugar", "two"),
                ("outreach-fuel", "2000000"),
            ]),
        );
        assert!(report.is_none());
        assert_eq!(form.departed.error, None);
        assert_eq!(
            form.returned.error.as_deref(),
            Some("The return must come after the departure.")
        );
        assert_eq!(form.distance_km.value, "far");
        assert_eq!(
            form.distance_km.error.as_deref(),
            Some("Enter a number, 0 or more.")
        );
        assert_eq!(
            form.observations.error.as_deref(),
            Some("At most 4,000 characters.")
        );
        let sugar = form
            .outreach
            .iter()
            .find(|o| o.name == "outreach-sugar")
            .unwrap();
        assert_eq!(sugar.field.value, "two");
        assert!(sugar.field.error.is_some());
        let fuel = form
            .outreach
            .iter()
            .find(|o| o.name == "outreach-fuel")
            .unwrap();
        assert_eq!(
            fuel.field.error.as_deref(),
            Some("This number is too large.")
        );
        let (form, report) = read_report(Lang::En, &fields(&[("distance_km", "3")]));
        assert!(report.is_none());
        assert!(form.departed.error.is_some() && form.returned.error.is_some());
    }
}
