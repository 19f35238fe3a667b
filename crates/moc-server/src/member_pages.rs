//! The members pages: `GET /members` (the list: service numbers and
//! codes, never a name — names stay in the restricted table), `GET
//! /vetting` (members registered or under review, with where each stands
//! against the two-party rule) and `POST /vetting/{open,approve,reject}`.
//!
//! As on the patrol pages, a button shows exactly when the domain's own
//! `decide` would accept the command from the reader; a refusal (a second
//! approval from the same party, say) is said at the top of the page.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use moc_domain::access::Action;
use moc_domain::{
    Actor, Approval, Command, Mechanism, MechanismId, Member, MemberRef, PartyId, ServiceNumber,
    VettingReason, VettingStatus,
};
use moc_i18n::{Arg, Lang, code_label, tr};
use moc_web::{Chrome, Page, format};
use tower_sessions::Session;

use crate::AppState;
use crate::auth::Caller;
use crate::figures::in_lang;
use crate::incident_forms::{field, posted};
use crate::pages::{
    not_found_page, open_page, page, query_text, serde_code, shown_mechanism, would_accept,
};
use crate::problem::Problem;

/// Members per page of the list.
const PAGE: u64 = 50;

fn party_name(lang: Lang, m: &Mechanism, party: &PartyId) -> String {
    m.parties.get(party).map_or_else(
        || party.to_string(),
        |p| in_lang(lang, &p.name_fr, &p.name_en).to_owned(),
    )
}

/// A party's short code (its id, upper-case) and its name.
fn short(lang: Lang, m: &Mechanism, party: &PartyId) -> (String, String) {
    (party.as_str().to_uppercase(), party_name(lang, m, party))
}

fn labels<'a, T: serde::Serialize + 'a>(
    lang: Lang,
    family: &str,
    values: impl IntoIterator<Item = &'a T>,
) -> String {
    values
        .into_iter()
        .map(|v| code_label(lang, family, &serde_code(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn waiting(member: &Member) -> bool {
    matches!(
        member.status,
        VettingStatus::Registered | VettingStatus::UnderReview
    )
}

/// `GET /members?m=&party=&status=&q=&offset=`.
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
        Page::Members,
        Action::ReadMembers,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let lang = chrome.lang;
    let q = uri.query();
    let state = app.node.state().await;
    let Some(m) = shown_mechanism(&state, q) else {
        drop(state);
        return not_found_page(&chrome);
    };
    let mut filter = moc_web::MemberFilter {
        party: query_text(q, "party"),
        status: query_text(q, "status"),
        q: query_text(q, "q").trim().to_owned(),
    };
    if !m.parties.keys().any(|p| p.as_str() == filter.party) {
        filter.party.clear();
    }
    if !VettingStatus::ALL
        .iter()
        .any(|s| s.as_str() == filter.status)
    {
        filter.status.clear();
    }
    let needle = filter.q.to_uppercase();
    let chosen: Vec<&Member> = m
        .members
        .values()
        .filter(|x| filter.party.is_empty() || x.party.as_str() == filter.party)
        .filter(|x| filter.status.is_empty() || x.status.as_str() == filter.status)
        .filter(|x| needle.is_empty() || x.service_number.as_str().to_uppercase().contains(&needle))
        .collect();
    let offset: u64 = query_text(q, "offset").parse().unwrap_or(0);
    let rows = chosen
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(PAGE).unwrap_or(usize::MAX))
        .map(|x| moc_web::MemberRow {
            service_number: x.service_number.to_string(),
            party: short(lang, m, &x.party),
            rank: code_label(lang, "rank", &serde_code(&x.rank)),
            roles: labels(lang, "role", &x.roles),
            languages: labels(lang, "language", &x.languages),
            status: code_label(lang, "vetting", x.status.as_str()),
            approvals: x
                .approvals
                .iter()
                .map(|a| short(lang, m, &a.party))
                .collect(),
            leave: x.leave.len() as u64,
        })
        .collect();
    let view = moc_web::MemberList {
        mechanism: m.id.to_string(),
        name: in_lang(lang, &m.name_fr, &m.name_en).to_owned(),
        parties: m
            .parties
            .values()
            .filter(|p| p.kind.contributes_members())
            .map(|p| {
                (
                    p.id.to_string(),
                    in_lang(lang, &p.name_fr, &p.name_en).to_owned(),
                )
            })
            .collect(),
        statuses: VettingStatus::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str().to_owned(),
                    code_label(lang, "vetting", s.as_str()),
                )
            })
            .collect(),
        filter,
        total: chosen.len() as u64,
        offset,
        limit: PAGE,
        rows,
        waiting: m.members.values().filter(|x| waiting(x)).count() as u64,
    };
    drop(state);
    chrome.keep.push(("m".into(), view.mechanism.clone()));
    let html = moc_web::members(&chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, StatusCode::OK, html))
}

/// Where a member stands against the two-party rule, worded: approvals
/// from two parties, one at least not the member's own.
fn rule(lang: Lang, m: &Mechanism, member: &Member) -> String {
    let own = party_name(lang, m, &member.party);
    let approved: std::collections::BTreeSet<&PartyId> =
        member.approvals.iter().map(|a| &a.party).collect();
    let other = approved.iter().any(|p| **p != member.party);
    let key = match (approved.len(), other) {
        (0, _) => "web-vetting-needs-two",
        (1, false) => "web-vetting-needs-other",
        (1, true) => "web-vetting-needs-second",
        _ => "web-vetting-rule-met",
    };
    tr(lang, key, &[("party", Arg::from(own))])
}

fn approval(lang: Lang, m: &Mechanism, a: &Approval) -> String {
    let (day, _) = format::utc(a.at.0);
    format!(
        "{} — {}, {}",
        party_name(lang, m, &a.party),
        a.officer,
        format::day(lang, &day)
    )
}

/// `GET /vetting?m=`.
pub(crate) async fn queue(
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
        Page::Vetting,
        Action::ReadMembers,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let m = {
        let state = app.node.state().await;
        match shown_mechanism(&state, uri.query()) {
            Some(m) => m.id.to_string(),
            None => {
                drop(state);
                return not_found_page(&chrome);
            }
        }
    };
    chrome.keep.push(("m".into(), m.clone()));
    render(
        &app,
        &chrome,
        caller.actor.as_ref(),
        &m,
        None,
        StatusCode::OK,
    )
    .await
}

async fn render(
    app: &AppState,
    chrome: &Chrome,
    actor: Option<&Actor>,
    m: &str,
    refusal: Option<String>,
    code: StatusCode,
) -> Result<Response, Problem> {
    let lang = chrome.lang;
    let view = {
        let state = app.node.state().await;
        let Some(mech) = state.mechanisms.values().find(|x| x.id.as_str() == m) else {
            drop(state);
            return not_found_page(chrome);
        };
        let accepts = |command: Command| would_accept(&state, actor, &command);
        let rows = mech
            .members
            .values()
            .filter(|x| waiting(x))
            .map(|x| {
                let r = MemberRef {
                    mechanism: mech.id.clone(),
                    service_number: x.service_number.clone(),
                };
                moc_web::VettingRow {
                    service_number: x.service_number.to_string(),
                    party: party_name(lang, mech, &x.party),
                    profile: std::iter::once(code_label(lang, "rank", &serde_code(&x.rank)))
                        .chain(
                            x.roles
                                .iter()
                                .map(|role| code_label(lang, "role", &serde_code(role))),
                        )
                        .collect::<Vec<_>>()
                        .join(" · "),
                    status: code_label(lang, "vetting", x.status.as_str()),
                    approvals: x
                        .approvals
                        .iter()
                        .map(|a| approval(lang, mech, a))
                        .collect(),
                    rule: rule(lang, mech, x),
                    can_open: accepts(Command::OpenVetting(r.clone())),
                    can_approve: accepts(Command::ApproveVetting(r.clone())),
                    can_reject: accepts(Command::RejectVetting {
                        member: r,
                        reason: VettingReason::Other,
                    }),
                }
            })
            .collect();
        moc_web::VettingView {
            mechanism: mech.id.to_string(),
            name: in_lang(lang, &mech.name_fr, &mech.name_en).to_owned(),
            rows,
            reasons: VettingReason::ALL
                .iter()
                .map(|why| {
                    let c = serde_code(why);
                    let label = code_label(lang, "vetting-reason", &c);
                    (c, label)
                })
                .collect(),
            refusal,
        }
    };
    let html = moc_web::vetting(chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, code, html))
}

/// `POST /vetting/{open,approve,reject}` with `csrf`, `m`, `sn`, and
/// `reason` to reject.
pub(crate) async fn act(
    State(app): State<AppState>,
    session: Session,
    Path(action): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let (actor, mut chrome) =
        match posted(&app, &session, &uri, &headers, &fields, Page::Vetting).await? {
            Ok(posted) => posted,
            Err(answer) => return Ok(answer),
        };
    chrome.keep.retain(|(k, _)| k == "m");
    let lang = chrome.lang;
    let m = field(&fields, "m").to_owned();
    let (Ok(mechanism), Ok(service_number)) = (
        MechanismId::new(&m),
        ServiceNumber::new(field(&fields, "sn")),
    ) else {
        return not_found_page(&chrome);
    };
    let r = MemberRef {
        mechanism,
        service_number,
    };
    let command = match action.as_str() {
        "open" => Command::OpenVetting(r),
        "approve" => Command::ApproveVetting(r),
        "reject" => Command::RejectVetting {
            member: r,
            reason: VettingReason::ALL
                .into_iter()
                .find(|why| serde_code(why) == field(&fields, "reason"))
                .unwrap_or(VettingReason::Other),
        },
        _ => return not_found_page(&chrome),
    };
    match app.node.execute(&actor, command).await {
        Ok(_) => {
            let to = format!(
                "{}?lang={}&m={}",
                Page::Vetting.path(),
                lang.code(),
                moc_web::encode_query(&m)
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let problem = Problem::from(e);
            let Some(code) = problem.refusal_status() else {
                return Err(problem);
            };
            render(
                &app,
                &chrome,
                Some(&actor),
                &m,
                Some(problem.detail(lang)),
                code,
            )
            .await
        }
    }
}
