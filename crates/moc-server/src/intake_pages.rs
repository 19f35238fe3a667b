//! The review of candidate incidents read from articles: `GET /intake?m=`
//! lists the node's queue (`moc_node::intake`, filled by `moc intake
//! queue`) with what matching proposes for each item; `POST
//! /intake/source` files an item as a source of the proposed incident,
//! `POST /intake/reject` sets it aside with a reason. Filing an item as a
//! new incident goes through the incident form, pre-filled from the item
//! (`GET /incidents/new?intake=`), so every field can be corrected first;
//! the form marks the item accepted once the incident is recorded.
//!
//! The queue file is read and written on a blocking thread under its lock,
//! and written only after the signed command succeeded, as the CLI does.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use moc_domain::access::Action;
use moc_domain::{Command, IncidentId, IncidentRef, MechanismId};
use moc_i18n::{Arg, Lang, code_label, tr};
use moc_intake::matching::Decision;
use moc_intake::review::{Item, Queue, Status};
use moc_node::intake::{IntakeError, LockedQueue, proposal};
use moc_web::{Chrome, Page, format};
use tower_sessions::Session;

use crate::AppState;
use crate::api::store_error;
use crate::auth::Caller;
use crate::figures::in_lang;
use crate::incident_forms::{field, posted};
use crate::pages::{not_found_page, open_page, page, shown_mechanism};
use crate::problem::Problem;

/// Decided items shown under the waiting ones.
const DONE_SHOWN: usize = 20;

/// Locks and reads the node's queue on a blocking thread.
pub(crate) async fn open_queue(app: &AppState) -> Result<LockedQueue, Problem> {
    let layout = app.node.layout().clone();
    tokio::task::spawn_blocking(move || LockedQueue::open(&layout))
        .await
        .map_err(|e| Problem::internal(&e))?
        .map_err(|e| Problem::internal(&e))
}

/// Writes the queue back on a blocking thread, releasing the lock.
pub(crate) async fn save_queue(queue: LockedQueue) -> Result<(), IntakeError> {
    tokio::task::spawn_blocking(move || queue.save())
        .await
        .map_err(|e| IntakeError::Unwritable {
            path: std::path::PathBuf::from("intake/queue.json"),
            why: e.to_string(),
        })?
}

/// `GET /intake?m=`.
pub(crate) async fn review(
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
        Page::Intake,
        Action::ReportIncident,
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
    render(&app, &chrome, &m, None, StatusCode::OK).await
}

/// The review page of mechanism `m`, with a refusal if any.
async fn render(
    app: &AppState,
    chrome: &Chrome,
    m: &str,
    refusal: Option<String>,
    code: StatusCode,
) -> Result<Response, Problem> {
    let lang = chrome.lang;
    // A copy: the lock is not held while the page is put together.
    let queue: Queue = open_queue(app).await?.queue().clone();
    let name = {
        let state = app.node.state().await;
        let Some(found) = state.mechanisms.values().find(|x| x.id.as_str() == m) else {
            drop(state);
            return not_found_page(chrome);
        };
        in_lang(lang, &found.name_fr, &found.name_en).to_owned()
    };
    let mut pending = Vec::new();
    for item in queue.pending() {
        let matched = proposal(app.node.store(), m, item)
            .await
            .map_err(store_error)?;
        pending.push(item_view(lang, item, matched));
    }
    let done = queue
        .items
        .iter()
        .rev()
        .filter(|i| i.status != Status::Pending)
        .take(DONE_SHOWN)
        .map(|i| done_view(lang, i))
        .collect();
    let view = moc_web::IntakeView {
        mechanism: m.to_owned(),
        name,
        pending,
        done,
        refusal,
    };
    let html = moc_web::intake(chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, code, html))
}

fn article_name(item: &Item) -> String {
    item.article
        .title
        .clone()
        .unwrap_or_else(|| item.article.file.clone())
}

fn done_view(lang: Lang, item: &Item) -> moc_web::IntakeDone {
    let (outcome, incident) = match &item.status {
        Status::Accepted {
            incident,
            as_source,
            ..
        } => {
            let key = if *as_source {
                "web-intake-accepted-source"
            } else {
                "web-intake-accepted"
            };
            (tr(lang, key, &[]), Some(incident.clone()))
        }
        Status::Rejected { reason, .. } => (
            tr(
                lang,
                "web-intake-rejected",
                &[("reason", Arg::from(reason.as_str()))],
            ),
            None,
        ),
        Status::Pending => (String::new(), None),
    };
    moc_web::IntakeDone {
        id: item.id,
        article: article_name(item),
        outcome,
        incident,
    }
}

/// The label of a draft field or evidence key, translated.
fn field_label(lang: Lang, key: &str) -> String {
    let message = match key {
        "date" => "web-col-date",
        "location" => "col-location",
        "region" | "admin1" => "web-map-region",
        "event_type" | "sub_event_type" | "type" => "web-intake-field-type",
        "actors" | "actor1" | "actor2" => "web-intake-field-actors",
        "killed" => "col-killed",
        "injured" => "col-injured",
        "abducted" => "col-abducted",
        other => return other.to_owned(),
    };
    tr(lang, message, &[])
}

fn item_view(lang: Lang, item: &Item, matched: Option<Decision>) -> moc_web::IntakeItem {
    let d = &item.draft;
    let mut fields = Vec::new();
    if let Some(date) = &d.date {
        fields.push((field_label(lang, "date"), format::day(lang, date)));
    }
    if let Some(place) = &d.location {
        fields.push((field_label(lang, "location"), place.clone()));
    }
    if let Some(region) = &d.admin1 {
        fields.push((field_label(lang, "region"), region.clone()));
    }
    if let Some(sub) = d.sub_event_type {
        fields.push((
            field_label(lang, "type"),
            format!(
                "{} — {}",
                code_label(lang, "event-type", sub.event_type().slug()),
                code_label(lang, "sub-event-type", sub.slug())
            ),
        ));
    } else if let Some(t) = d.event_type {
        fields.push((
            field_label(lang, "type"),
            code_label(lang, "event-type", t.slug()),
        ));
    }
    let actors: Vec<String> = [&d.actor1, &d.actor2]
        .into_iter()
        .flatten()
        .map(|(name, _)| name.clone())
        .collect();
    if !actors.is_empty() {
        fields.push((field_label(lang, "actors"), actors.join(" × ")));
    }
    for (key, figure) in [
        ("killed", d.killed),
        ("injured", d.injured),
        ("abducted", d.abducted),
    ] {
        if let Some(f) = figure {
            fields.push((field_label(lang, key), f.to_string()));
        }
    }
    let proposal = match matched {
        None => moc_web::Proposal::Unknown,
        Some(Decision::NewIncident) => moc_web::Proposal::New,
        Some(Decision::AddSource {
            incident,
            days_apart,
            km_apart,
        }) => moc_web::Proposal::Source {
            incident,
            days: format::number(lang, days_apart),
            // Tenths of a km, at most a few hundred km: fits.
            #[allow(clippy::cast_possible_truncation)]
            km: format::tenths(lang, (km_apart * 10.0).round() as i64),
        },
    };
    // Whole percents of a confidence in 0–1.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let percent = (f64::from(item.confidence).clamp(0.0, 1.0) * 1000.0).round() as u64;
    moc_web::IntakeItem {
        id: item.id,
        file: item.article.file.clone(),
        title: item.article.title.clone(),
        outlet: item.article.outlet.clone(),
        url: item.article.url.as_deref().and_then(moc_web::safe_url),
        published: item
            .article
            .published
            .as_deref()
            .map(|p| format::day(lang, p)),
        fields,
        evidence: item
            .evidence
            .iter()
            .map(|(key, quote)| (field_label(lang, key), quote.clone()))
            .collect(),
        confidence: format::percent(lang, percent, 1000),
        proposal,
    }
}

/// `POST /intake/{source,reject}` with `csrf`, `m`, `item`, and
/// `incident` or `reason`.
pub(crate) async fn act(
    State(app): State<AppState>,
    session: Session,
    Path(action): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Problem> {
    let (actor, mut chrome) =
        match posted(&app, &session, &uri, &headers, &fields, Page::Intake).await? {
            Ok(posted) => posted,
            Err(answer) => return Ok(answer),
        };
    chrome.page = Page::Intake;
    let lang = chrome.lang;
    let m = field(&fields, "m").to_owned();
    let Ok(mechanism) = MechanismId::new(&m) else {
        return not_found_page(&chrome);
    };
    let Ok(id) = field(&fields, "item").parse::<u32>() else {
        return not_found_page(&chrome);
    };
    let back = format!(
        "{}?lang={}&m={}",
        Page::Intake.path(),
        lang.code(),
        moc_web::encode_query(&m)
    );
    let refuse = |text: String, code: StatusCode| render(&app, &chrome, &m, Some(text), code);
    // Only accounts that may report incidents review them.
    if let Err(e) = moc_domain::access::authorize(
        Some(&actor),
        Action::ReportIncident,
        moc_domain::access::Target::Whole,
    ) {
        return refuse(Problem::from(e).detail(lang), StatusCode::FORBIDDEN).await;
    }
    let mut queue = open_queue(&app).await?;
    let item = match queue.pending(id) {
        Ok(item) => item.clone(),
        Err(e) => {
            drop(queue);
            return refuse(intake_refusal(lang, &e), StatusCode::CONFLICT).await;
        }
    };
    let status = match action.as_str() {
        "reject" => {
            let reason = field(&fields, "reason").trim();
            if reason.is_empty() {
                drop(queue);
                let text = tr(lang, "web-intake-reason-required", &[]);
                return refuse(text, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
            Status::Rejected {
                reason: reason.chars().take(300).collect(),
                by: actor.user.to_string(),
            }
        }
        "source" => {
            let incident = field(&fields, "incident").to_owned();
            let (Ok(incident_id), Ok(source)) = (IncidentId::new(&incident), item.source()) else {
                drop(queue);
                let text = tr(lang, "web-intake-proposal-unknown", &[]);
                return refuse(text, StatusCode::UNPROCESSABLE_ENTITY).await;
            };
            let command = Command::AddIncidentSource {
                incident: IncidentRef {
                    mechanism,
                    incident: incident_id,
                },
                source,
            };
            if let Err(e) = app.node.execute(&actor, command).await {
                drop(queue);
                let problem = Problem::from(e);
                let Some(code) = problem.refusal_status() else {
                    return Err(problem);
                };
                return refuse(problem.detail(lang), code).await;
            }
            Status::Accepted {
                incident,
                as_source: true,
                by: actor.user.to_string(),
            }
        }
        _ => return not_found_page(&chrome),
    };
    if let Ok(item) = queue.pending(id) {
        item.status = status;
    }
    if let Err(e) = save_queue(queue).await {
        // The command, if any, is in the log: say so rather than fail.
        tracing::error!(item = id, error = %e, "intake queue not saved");
        return refuse(intake_refusal(lang, &e), StatusCode::INTERNAL_SERVER_ERROR).await;
    }
    Ok(Redirect::to(&back).into_response())
}

/// Why an item could not be reviewed, for the page.
fn intake_refusal(lang: Lang, e: &IntakeError) -> String {
    match e {
        IntakeError::NoItem(id) => tr(
            lang,
            "intake-no-item",
            &[("item", Arg::from(id.to_string()))],
        ),
        IntakeError::AlreadyAccepted { item, incident } => tr(
            lang,
            "intake-already-accepted",
            &[
                ("item", Arg::from(item.to_string())),
                ("incident", Arg::from(incident.as_str())),
            ],
        ),
        IntakeError::AlreadyRejected(item) => tr(
            lang,
            "intake-already-rejected",
            &[("item", Arg::from(item.to_string()))],
        ),
        other => tr(
            lang,
            "intake-queue-unwritable",
            &[("path", Arg::from(other.to_string()))],
        ),
    }
}

/// Marks item `id` accepted as the new incident `incident` (the incident
/// form filed it). The incident is in the log whatever happens here, so a
/// failure is logged, not answered.
pub(crate) async fn accepted_as_new(app: &AppState, id: u32, incident: &str, by: &str) {
    let mut queue = match open_queue(app).await {
        Ok(q) => q,
        Err(_) => {
            tracing::error!(item = id, "intake queue unreadable after filing");
            return;
        }
    };
    let Ok(item) = queue.pending(id) else {
        return;
    };
    item.status = Status::Accepted {
        incident: incident.to_owned(),
        as_source: false,
        by: by.to_owned(),
    };
    if let Err(e) = save_queue(queue).await {
        tracing::error!(item = id, error = %e, "intake queue not saved");
    }
}

/// Item `id` of the queue, if it waits for review.
pub(crate) async fn pending_item(app: &AppState, id: u32) -> Result<Option<Item>, Problem> {
    let mut queue = open_queue(app).await?;
    Ok(queue.pending(id).ok().cloned())
}
