//! The JSON API under `/api/v1`: thin handlers over the node.
//!
//! Reads come from the SQL projections ([`moc_store::Store`]) and, for the
//! quota lines, from the durable state; none holds personal data. Writes
//! build a [`Command`] from the path and the body, run it as the acting
//! account, and answer with the entry the log recorded.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use moc_domain::access::{Action, Target};
use moc_domain::{
    AbortReason, Command, DomainError, Incident, IncidentReported, MechanismId, MemberRef, PartyId,
    PatrolId, PatrolRef, PatrolReport, PatrolStatus, PlanPatrol, ServiceNumber, VettingReason,
    VettingStatus,
};
use moc_node::{Executed, identity::NewMember};
use moc_store::{MemberFilter, PatrolFilter};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::{Acting, Caller};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::{Kind, Problem};

type Answer = Result<Response, Problem>;

/// `GET /api/v1/mechanisms`: every mechanism with its counts and links.
pub(crate) async fn mechanisms(State(app): State<AppState>, caller: Caller) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let list = app.node.store().mechanisms().await.map_err(store_error)?;
    let list: Vec<Value> = list
        .into_iter()
        .map(|m| {
            let links = links(&m.id);
            let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
            if let Value::Object(o) = &mut v {
                o.insert("links".into(), links);
            }
            v
        })
        .collect();
    Ok(Json(json!({ "mechanisms": list })).into_response())
}

/// `GET /api/v1/mechanisms/{m}`: the summary, parties, zones and quota
/// lines with their deviations.
pub(crate) async fn mechanism(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(m): ApiPath<String>,
) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let id = mechanism_id(&m)?;
    let (patrol_min_per_party, quotas) = {
        let state = app.node.state().await;
        let mech = state
            .mechanism(&id)
            .ok_or_else(|| DomainError::UnknownMechanism(id.clone()))?;
        (mech.patrol_min_per_party, mech.quota_status())
    };
    let store = app.node.store();
    let summary = store
        .mechanisms()
        .await
        .map_err(store_error)?
        .into_iter()
        .find(|s| s.id == id.as_str())
        .ok_or_else(|| DomainError::UnknownMechanism(id.clone()))?;
    let parties = store.parties(id.as_str()).await.map_err(store_error)?;
    let zones = store.zones(id.as_str()).await.map_err(store_error)?;
    Ok(Json(json!({
        "mechanism": summary,
        "patrol_min_per_party": patrol_min_per_party,
        "links": links(id.as_str()),
        "parties": parties,
        "zones": zones,
        "quotas": quotas,
    }))
    .into_response())
}

/// The filters of `GET …/members`.
#[derive(Deserialize)]
pub(crate) struct MemberQuery {
    party: Option<String>,
    status: Option<String>,
}

/// `GET /api/v1/mechanisms/{m}/members?party=&status=`.
pub(crate) async fn members(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(m): ApiPath<String>,
    ApiQuery(q): ApiQuery<MemberQuery>,
) -> Answer {
    caller.allow(Action::ReadMembers, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let party = filter(q.party, "party", |p| PartyId::new(p).is_ok())?;
    let status = filter(q.status, "status", |s| {
        code_of::<VettingStatus>(s).is_some()
    })?;
    let rows = app
        .node
        .store()
        .members(id.as_str(), &MemberFilter { party, status })
        .await
        .map_err(store_error)?;
    Ok(Json(json!({ "mechanism": id.as_str(), "members": rows })).into_response())
}

/// `GET /api/v1/mechanisms/{m}/members/{sn}`.
pub(crate) async fn member(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath((m, sn)): ApiPath<(String, String)>,
) -> Answer {
    caller.allow(Action::ReadMembers, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let sn = ServiceNumber::new(sn).map_err(|_| Problem::not_found())?;
    let row = app
        .node
        .store()
        .member(id.as_str(), sn.as_str())
        .await
        .map_err(store_error)?
        .ok_or(DomainError::UnknownMember { member: sn })?;
    Ok(Json(row).into_response())
}

/// `POST /api/v1/mechanisms/{m}/members`: registers a member; the personal
/// record goes to the restricted table, its commitment to the log.
pub(crate) async fn register_member(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(m): ApiPath<String>,
    ApiJson(body): ApiJson<NewMember>,
) -> Answer {
    let id = mechanism_id(&m)?;
    same_mechanism(&id, &body.mechanism)?;
    let location = format!(
        "/api/v1/mechanisms/{}/members/{}",
        id.as_str(),
        body.service_number.as_str()
    );
    let done = app.node.register_member(&actor, body).await?;
    Ok(written(StatusCode::CREATED, &done, Some(&location)))
}

/// What a vetting officer does to a member.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum VettingAction {
    Open,
    Approve,
    Reject,
    Suspend,
}

/// The body of `POST …/members/{sn}/vetting`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VettingBody {
    action: VettingAction,
    #[serde(default)]
    reason: Option<VettingReason>,
}

/// `POST /api/v1/mechanisms/{m}/members/{sn}/vetting`: opens, approves,
/// rejects or suspends; a rejection or suspension needs a reason code, the
/// others take none.
pub(crate) async fn vetting(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, sn)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<VettingBody>,
) -> Answer {
    let member = MemberRef {
        mechanism: mechanism_id(&m)?,
        service_number: ServiceNumber::new(sn).map_err(|_| Problem::not_found())?,
    };
    let command = match (body.action, body.reason) {
        (VettingAction::Open, None) => Command::OpenVetting(member),
        (VettingAction::Approve, None) => Command::ApproveVetting(member),
        (VettingAction::Reject, Some(reason)) => Command::RejectVetting { member, reason },
        (VettingAction::Suspend, Some(reason)) => Command::SuspendMember { member, reason },
        (VettingAction::Open | VettingAction::Approve, Some(_)) => {
            return Err(reason_problem("server-detail-reason-unexpected"));
        }
        (VettingAction::Reject | VettingAction::Suspend, None) => {
            return Err(reason_problem("server-detail-reason-required"));
        }
    };
    let done = app.node.execute(&actor, command).await?;
    Ok(written(StatusCode::OK, &done, None))
}

fn reason_problem(key: &'static str) -> Problem {
    Problem::message(Kind::Invalid, key, Vec::new())
        .with("code", "invalid-field")
        .with("field", "reason")
}

/// The filter of `GET …/patrols`.
#[derive(Deserialize)]
pub(crate) struct PatrolQuery {
    status: Option<String>,
}

/// `GET /api/v1/mechanisms/{m}/patrols?status=`.
pub(crate) async fn patrols(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(m): ApiPath<String>,
    ApiQuery(q): ApiQuery<PatrolQuery>,
) -> Answer {
    caller.allow(Action::ReadPatrols, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let status = filter(q.status, "status", |s| code_of::<PatrolStatus>(s).is_some())?;
    let rows = app
        .node
        .store()
        .patrols(id.as_str(), &PatrolFilter { status })
        .await
        .map_err(store_error)?;
    Ok(Json(json!({ "mechanism": id.as_str(), "patrols": rows })).into_response())
}

/// `GET /api/v1/mechanisms/{m}/patrols/{id}`.
pub(crate) async fn patrol(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath((m, p)): ApiPath<(String, String)>,
) -> Answer {
    caller.allow(Action::ReadPatrols, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let p = PatrolId::new(p).map_err(|_| Problem::not_found())?;
    let row = app
        .node
        .store()
        .patrol(id.as_str(), p.as_str())
        .await
        .map_err(store_error)?
        .ok_or(DomainError::UnknownPatrol { patrol: p })?;
    Ok(Json(row).into_response())
}

/// `POST /api/v1/mechanisms/{m}/patrols`: plans a patrol.
pub(crate) async fn plan_patrol(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(m): ApiPath<String>,
    ApiJson(body): ApiJson<PlanPatrol>,
) -> Answer {
    let id = mechanism_id(&m)?;
    same_mechanism(&id, &body.mechanism)?;
    let location = format!(
        "/api/v1/mechanisms/{}/patrols/{}",
        id.as_str(),
        body.patrol.as_str()
    );
    let done = app.node.execute(&actor, Command::PlanPatrol(body)).await?;
    Ok(written(StatusCode::CREATED, &done, Some(&location)))
}

/// `POST /api/v1/mechanisms/{m}/patrols/{id}/start` (no body).
pub(crate) async fn start_patrol(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, p)): ApiPath<(String, String)>,
) -> Answer {
    let patrol = patrol_ref(&m, p)?;
    let done = app
        .node
        .execute(&actor, Command::StartPatrol(patrol))
        .await?;
    Ok(written(StatusCode::OK, &done, None))
}

/// `POST /api/v1/mechanisms/{m}/patrols/{id}/report` with a
/// [`PatrolReport`].
pub(crate) async fn report_patrol(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, p)): ApiPath<(String, String)>,
    ApiJson(report): ApiJson<PatrolReport>,
) -> Answer {
    let patrol = patrol_ref(&m, p)?;
    let done = app
        .node
        .execute(&actor, Command::ReportPatrol { patrol, report })
        .await?;
    Ok(written(StatusCode::OK, &done, None))
}

/// The body of `POST …/patrols/{id}/endorse`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EndorseBody {
    party: PartyId,
}

/// `POST /api/v1/mechanisms/{m}/patrols/{id}/endorse` with `{"party": …}`.
pub(crate) async fn endorse_patrol(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, p)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<EndorseBody>,
) -> Answer {
    let patrol = patrol_ref(&m, p)?;
    let command = Command::EndorsePatrol {
        patrol,
        party: body.party,
    };
    let done = app.node.execute(&actor, command).await?;
    Ok(written(StatusCode::OK, &done, None))
}

/// The body of `POST …/patrols/{id}/abort`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AbortBody {
    reason: AbortReason,
}

/// `POST /api/v1/mechanisms/{m}/patrols/{id}/abort` with `{"reason": …}`.
pub(crate) async fn abort_patrol(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, p)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<AbortBody>,
) -> Answer {
    let patrol = patrol_ref(&m, p)?;
    let command = Command::AbortPatrol {
        patrol,
        reason: body.reason,
    };
    let done = app.node.execute(&actor, command).await?;
    Ok(written(StatusCode::OK, &done, None))
}

/// `GET /api/v1/mechanisms/{m}/incidents`.
pub(crate) async fn incidents(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(m): ApiPath<String>,
) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let rows = app
        .node
        .store()
        .incidents(id.as_str())
        .await
        .map_err(store_error)?;
    Ok(Json(json!({ "mechanism": id.as_str(), "incidents": rows })).into_response())
}

/// `POST /api/v1/mechanisms/{m}/incidents` with an [`Incident`].
pub(crate) async fn report_incident(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(m): ApiPath<String>,
    ApiJson(incident): ApiJson<Incident>,
) -> Answer {
    let mechanism = mechanism_id(&m)?;
    let command = Command::ReportIncident(IncidentReported {
        mechanism,
        incident,
    });
    let done = app.node.execute(&actor, command).await?;
    Ok(written(StatusCode::CREATED, &done, None))
}

/// `GET /api/v1/mechanisms/{m}/members/{sn}/identity`: the member's
/// personal record, to an officer or vetting officer of the member's own
/// party. Never cached.
pub(crate) async fn identity(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath((m, sn)): ApiPath<(String, String)>,
) -> Answer {
    // Who may read which party's names is the policy's; a caller who may
    // read no names at all learns nothing, not even whether the member
    // exists.
    caller.allow(Action::ReadMembers, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let sn = ServiceNumber::new(sn).map_err(|_| Problem::not_found())?;
    let party = {
        let state = app.node.state().await;
        state
            .mechanism(&id)
            .and_then(|mech| mech.members.get(&sn))
            .map(|x| x.party.clone())
    };
    let party = party.ok_or(DomainError::UnknownMember { member: sn.clone() })?;
    caller.allow(Action::ReadIdentity, Target::Party(&party))?;
    let row = app
        .node
        .store()
        .identity(id.as_str(), sn.as_str())
        .await
        .map_err(store_error)?;
    let record = match row {
        Some(r) => serde_json::from_str::<Value>(&r.record).map_err(|e| Problem::internal(&e))?,
        None => Value::Null,
    };
    if let Some(actor) = &caller.actor {
        tracing::info!(
            user = actor.user.as_str(),
            member = sn.as_str(),
            "identity read"
        );
    }
    Ok(private(Json(json!({
        "mechanism": id.as_str(),
        "service_number": sn.as_str(),
        "record": record,
    }))))
}

/// The body of `POST …/identities/export`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportBody {
    members: Vec<ServiceNumber>,
}

/// `POST /api/v1/mechanisms/{m}/identities/export`: a vetting officer takes
/// the records of its own party's members or of members under review. The
/// export is recorded in the log first; the records come back only once it
/// is.
pub(crate) async fn export_identities(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(m): ApiPath<String>,
    ApiJson(body): ApiJson<ExportBody>,
) -> Answer {
    let mechanism = mechanism_id(&m)?;
    let (done, records) = app
        .node
        .export_identities(&actor, &mechanism, &body.members)
        .await?;
    Ok(private(Json(json!({
        "log_origin": done.log_origin,
        "index": done.index,
        "records": records,
    }))))
}

/// A response no cache may keep.
fn private(body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The answer to a write: the entry the log recorded.
fn written(status: StatusCode, done: &Executed, location: Option<&str>) -> Response {
    let body = json!({
        "log_origin": done.log_origin,
        "index": done.index,
        "kind": done.event.kind(),
        "event": done.event.to_payload(),
    });
    let mut response = (status, Json(body)).into_response();
    if let Some(l) = location.and_then(|l| HeaderValue::from_str(l).ok()) {
        response.headers_mut().insert(header::LOCATION, l);
    }
    response
}

/// The links of a mechanism, relative to the server.
fn links(id: &str) -> Value {
    json!({
        "self": format!("/api/v1/mechanisms/{id}"),
        "members": format!("/api/v1/mechanisms/{id}/members"),
        "patrols": format!("/api/v1/mechanisms/{id}/patrols"),
        "incidents": format!("/api/v1/mechanisms/{id}/incidents"),
        "checkpoint": format!("/logs/{id}/checkpoint"),
    })
}

/// A mechanism id from the path; a malformed one names nothing (404).
fn mechanism_id(m: &str) -> Result<MechanismId, Problem> {
    MechanismId::new(m).map_err(|_| Problem::not_found())
}

/// A mechanism id from the path that the node hosts.
async fn known_mechanism(app: &AppState, m: &str) -> Result<MechanismId, Problem> {
    let id = mechanism_id(m)?;
    if app.node.state().await.mechanism(&id).is_none() {
        return Err(DomainError::UnknownMechanism(id).into());
    }
    Ok(id)
}

fn patrol_ref(m: &str, p: String) -> Result<PatrolRef, Problem> {
    Ok(PatrolRef {
        mechanism: mechanism_id(m)?,
        patrol: PatrolId::new(p).map_err(|_| Problem::not_found())?,
    })
}

/// The body's mechanism must be the path's.
fn same_mechanism(path: &MechanismId, body: &MechanismId) -> Result<(), Problem> {
    if path == body {
        return Ok(());
    }
    Err(Problem::message(
        Kind::Invalid,
        "server-detail-mechanism-mismatch",
        vec![
            ("path", path.as_str().into()),
            ("body", body.as_str().into()),
        ],
    )
    .with("code", "mechanism-mismatch")
    .with("path_mechanism", path.as_str())
    .with("body_mechanism", body.as_str()))
}

/// A query filter: absent or empty means none; a value `valid` refuses is
/// a 422 naming the parameter.
fn filter(
    value: Option<String>,
    name: &'static str,
    valid: impl Fn(&str) -> bool,
) -> Result<Option<String>, Problem> {
    match value {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) if valid(&v) => Ok(Some(v)),
        Some(_) => Err(Problem::message(
            Kind::Invalid,
            "server-detail-bad-filter",
            vec![("name", name.into())],
        )
        .with("code", "bad-filter")
        .with("parameter", name)),
    }
}

/// A status code parsed into its enum (`approved`, `under-way`).
fn code_of<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(Value::String(code.to_owned())).ok()
}

fn store_error(e: moc_store::StoreError) -> Problem {
    Problem::internal(&e)
}
