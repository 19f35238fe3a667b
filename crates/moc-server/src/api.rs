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
use moc_domain::QuotaLine;
use moc_domain::access::{Action, Target};
use moc_domain::{
    AbortReason, Command, DomainError, MechanismId, MemberRef, PartyId, PatrolId, PatrolRef,
    PatrolReport, PatrolStatus, PlanPatrol, ServiceNumber, VettingReason, VettingStatus,
};
use moc_node::Executed;
use moc_node::identity::{NewMember, PersonalRecord};
use moc_store::{
    MechanismSummary, MemberFilter, MemberRow, PartyRow, PatrolFilter, PatrolRow, ZoneRow,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::{Acting, Caller};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::openapi::{ReadRefusals, WriteRefusals};
use crate::problem::{Kind, Problem};

type Answer = Result<Response, Problem>;

/// The links of a mechanism, relative to the server.
#[derive(Serialize, ToSchema)]
pub(crate) struct Links {
    /// The mechanism.
    #[serde(rename = "self")]
    this: String,
    /// Its members.
    members: String,
    /// Its patrols.
    patrols: String,
    /// Its incidents.
    incidents: String,
    /// Its log's checkpoint.
    checkpoint: String,
}

impl Links {
    fn of(id: &str) -> Links {
        Links {
            this: format!("/api/v1/mechanisms/{id}"),
            members: format!("/api/v1/mechanisms/{id}/members"),
            patrols: format!("/api/v1/mechanisms/{id}/patrols"),
            incidents: format!("/api/v1/mechanisms/{id}/incidents"),
            checkpoint: format!("/logs/{id}/checkpoint"),
        }
    }
}

/// A mechanism in the list: its counts and links.
#[derive(Serialize, ToSchema)]
pub(crate) struct MechanismEntry {
    #[serde(flatten)]
    summary: MechanismSummary,
    links: Links,
}

/// The answer of `GET /api/v1/mechanisms`.
#[derive(Serialize, ToSchema)]
pub(crate) struct MechanismList {
    mechanisms: Vec<MechanismEntry>,
}

/// `GET /api/v1/mechanisms`: every mechanism with its counts and links.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms",
    tag = "mechanisms",
    operation_id = "list_mechanisms",
    summary = "Every mechanism, with its counts",
    security((), ("token" = []), ("session" = [])),
    responses((status = 200, description = "Every mechanism the node hosts.", body = MechanismList), ReadRefusals),
)]
pub(crate) async fn mechanisms(State(app): State<AppState>, caller: Caller) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let list = app.node.store().mechanisms().await.map_err(store_error)?;
    let mechanisms = list
        .into_iter()
        .map(|summary| MechanismEntry {
            links: Links::of(&summary.id),
            summary,
        })
        .collect();
    Ok(Json(MechanismList { mechanisms }).into_response())
}

/// The answer of `GET /api/v1/mechanisms/{m}`.
#[derive(Serialize, ToSchema)]
pub(crate) struct MechanismDetail {
    mechanism: MechanismSummary,
    /// The fewest members of each party on a patrol.
    patrol_min_per_party: u32,
    links: Links,
    parties: Vec<PartyRow>,
    zones: Vec<ZoneRow>,
    /// Every quota with its deviation, by unit then party.
    quotas: Vec<QuotaLine>,
}

/// `GET /api/v1/mechanisms/{m}`: the summary, parties, zones and quota
/// lines with their deviations.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}",
    tag = "mechanisms",
    operation_id = "get_mechanism",
    summary = "A mechanism: parties, zones, quota lines and their deviations",
    params(Mechanism),
    security((), ("token" = []), ("session" = [])),
    responses((status = 200, description = "The mechanism.", body = MechanismDetail), ReadRefusals),
)]
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
    Ok(Json(MechanismDetail {
        mechanism: summary,
        patrol_min_per_party,
        links: Links::of(id.as_str()),
        parties,
        zones,
        quotas,
    })
    .into_response())
}

/// The mechanism of the path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Describes the path; handlers read it as a string.
pub(crate) struct Mechanism {
    /// The mechanism's id.
    #[param(value_type = moc_domain::MechanismId, example = "moc-gao")]
    m: String,
}

/// A member of the path's mechanism.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Describes the path; handlers read it as strings.
pub(crate) struct MemberPath {
    /// The mechanism's id.
    #[param(value_type = moc_domain::MechanismId, example = "moc-gao")]
    m: String,
    /// The member's service number.
    #[param(value_type = ServiceNumber, example = "FAMA-0001")]
    sn: String,
}

/// A patrol of the path's mechanism.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Describes the path; handlers read it as strings.
pub(crate) struct PatrolPath {
    /// The mechanism's id.
    #[param(value_type = moc_domain::MechanismId, example = "moc-gao")]
    m: String,
    /// The patrol's id.
    #[param(value_type = PatrolId)]
    id: String,
}

/// The filters of `GET …/members`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct MemberQuery {
    /// Only this party's members.
    #[param(value_type = Option<PartyId>)]
    party: Option<String>,
    /// Only members with this vetting status.
    #[param(value_type = Option<VettingStatus>)]
    status: Option<String>,
}

/// The answer of `GET …/members`.
#[derive(Serialize, ToSchema)]
pub(crate) struct MemberList {
    mechanism: String,
    /// Codes only: never a name.
    members: Vec<MemberRow>,
}

/// `GET /api/v1/mechanisms/{m}/members?party=&status=`.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}/members",
    tag = "members",
    operation_id = "list_members",
    summary = "Members by service number, by party and vetting status",
    params(Mechanism, MemberQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The members, by service number.", body = MemberList), ReadRefusals),
)]
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
    Ok(Json(MemberList {
        mechanism: id.as_str().to_owned(),
        members: rows,
    })
    .into_response())
}

/// `GET /api/v1/mechanisms/{m}/members/{sn}`.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}/members/{sn}",
    tag = "members",
    operation_id = "get_member",
    summary = "A member: codes only, never a name",
    params(MemberPath),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The member: codes only.", body = MemberRow), ReadRefusals),
)]
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
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/members",
    tag = "members",
    operation_id = "register_member",
    summary = "Register a member of the caller's party",
    params(Mechanism),
    request_body = NewMember,
    security(("token" = []), ("session" = [])),
    responses((status = 201, description = "Registered: the log's entry (a commitment, never the record).", body = Written), WriteRefusals),
)]
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
#[derive(Deserialize, Clone, Copy, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum VettingAction {
    Open,
    Approve,
    Reject,
    Suspend,
}

/// The body of `POST …/members/{sn}/vetting`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VettingBody {
    action: VettingAction,
    /// Required to reject or suspend; refused otherwise.
    #[serde(default)]
    reason: Option<VettingReason>,
}

/// `POST /api/v1/mechanisms/{m}/members/{sn}/vetting`: opens, approves,
/// rejects or suspends; a rejection or suspension needs a reason code, the
/// others take none.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/members/{sn}/vetting",
    tag = "members",
    operation_id = "vetting",
    summary = "Open, approve, reject or suspend a member's vetting",
    params(MemberPath),
    request_body = VettingBody,
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "Recorded: the log's entry.", body = Written), WriteRefusals),
)]
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
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PatrolQuery {
    /// Only patrols with this status.
    #[param(value_type = Option<PatrolStatus>)]
    status: Option<String>,
}

/// The answer of `GET …/patrols`.
#[derive(Serialize, ToSchema)]
pub(crate) struct PatrolList {
    mechanism: String,
    patrols: Vec<PatrolRow>,
}

/// `GET /api/v1/mechanisms/{m}/patrols?status=`.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}/patrols",
    tag = "patrols",
    operation_id = "list_patrols",
    summary = "Patrols, by status",
    params(Mechanism, PatrolQuery),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The patrols.", body = PatrolList), ReadRefusals),
)]
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
    Ok(Json(PatrolList {
        mechanism: id.as_str().to_owned(),
        patrols: rows,
    })
    .into_response())
}

/// `GET /api/v1/mechanisms/{m}/patrols/{id}`.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}/patrols/{id}",
    tag = "patrols",
    operation_id = "get_patrol",
    summary = "A patrol",
    params(PatrolPath),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The patrol.", body = PatrolRow), ReadRefusals),
)]
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
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/patrols",
    tag = "patrols",
    operation_id = "plan_patrol",
    summary = "Plan a mixed patrol (joint commander)",
    params(Mechanism),
    request_body = PlanPatrol,
    security(("token" = []), ("session" = [])),
    responses((status = 201, description = "Planned: the log's entry.", body = Written), WriteRefusals),
)]
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
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/patrols/{id}/start",
    tag = "patrols",
    operation_id = "start_patrol",
    summary = "Start a planned patrol (joint commander)",
    params(PatrolPath),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "Started: the log's entry.", body = Written), WriteRefusals),
)]
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
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/patrols/{id}/report",
    tag = "patrols",
    operation_id = "report_patrol",
    summary = "Report a patrol that went out",
    params(PatrolPath),
    request_body = PatrolReport,
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "Reported: the log's entry.", body = Written), WriteRefusals),
)]
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
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EndorseBody {
    party: PartyId,
}

/// `POST /api/v1/mechanisms/{m}/patrols/{id}/endorse` with `{"party": …}`.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/patrols/{id}/endorse",
    tag = "patrols",
    operation_id = "endorse_patrol",
    summary = "Endorse a patrol's report for one party",
    params(PatrolPath),
    request_body = EndorseBody,
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "Endorsed for the party: the log's entry.", body = Written), WriteRefusals),
)]
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
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AbortBody {
    reason: AbortReason,
}

/// `POST /api/v1/mechanisms/{m}/patrols/{id}/abort` with `{"reason": …}`.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/patrols/{id}/abort",
    tag = "patrols",
    operation_id = "abort_patrol",
    summary = "Abort a patrol (joint commander)",
    params(PatrolPath),
    request_body = AbortBody,
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "Aborted: the log's entry.", body = Written), WriteRefusals),
)]
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

/// `GET /api/v1/mechanisms/{m}/members/{sn}/identity`: the member's
/// personal record, to an officer or vetting officer of the member's own
/// party. Never cached.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}/members/{sn}/identity",
    tag = "members",
    operation_id = "get_identity",
    summary = "A member's personal record (own party's officers only)",
    params(MemberPath),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The personal record (null when this node holds none).", body = IdentityRecord), ReadRefusals),
)]
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
        Some(r) => Some(
            serde_json::from_str::<PersonalRecord>(&r.record).map_err(|e| Problem::internal(&e))?,
        ),
        None => None,
    };
    if let Some(actor) = &caller.actor {
        tracing::info!(
            user = actor.user.as_str(),
            member = sn.as_str(),
            "identity read"
        );
    }
    Ok(private(Json(IdentityRecord {
        mechanism: id.as_str().to_owned(),
        service_number: sn.as_str().to_owned(),
        record,
    })))
}

/// A member's personal record, as read or exported.
#[derive(Serialize, ToSchema)]
pub(crate) struct IdentityRecord {
    mechanism: String,
    service_number: String,
    /// Null when this node holds no record for the member.
    record: Option<PersonalRecord>,
}

/// The body of `POST …/identities/export`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportBody {
    members: Vec<ServiceNumber>,
}

/// The answer of `POST …/identities/export`.
#[derive(Serialize, ToSchema)]
pub(crate) struct Exported {
    /// The log that recorded the export.
    log_origin: String,
    /// The export's entry.
    index: u64,
    #[schema(value_type = Vec<IdentityRecord>)]
    records: Vec<Value>,
}

/// `POST /api/v1/mechanisms/{m}/identities/export`: a vetting officer takes
/// the records of its own party's members or of members under review. The
/// export is recorded in the log first; the records come back only once it
/// is.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/identities/export",
    tag = "members",
    operation_id = "export_identities",
    summary = "Export personal records for vetting (recorded in the log)",
    params(Mechanism),
    request_body = ExportBody,
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The records, after the export is in the log.", body = Exported), WriteRefusals),
)]
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
    Ok(private(Json(Exported {
        log_origin: done.log_origin,
        index: done.index,
        records,
    })))
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
#[derive(Serialize, ToSchema)]
pub(crate) struct Written {
    /// The mechanism's log.
    log_origin: String,
    /// The entry's index in it.
    index: u64,
    /// The event's kind (`member-registered`, `patrol-planned`, …).
    kind: String,
    /// The event's payload, as signed into the log.
    #[schema(value_type = Object)]
    event: Value,
}

/// The answer to a write: the entry the log recorded.
pub(crate) fn written(status: StatusCode, done: &Executed, location: Option<&str>) -> Response {
    let body = Written {
        log_origin: done.log_origin.clone(),
        index: done.index,
        kind: done.event.kind().to_owned(),
        event: done.event.to_payload(),
    };
    let mut response = (status, Json(body)).into_response();
    if let Some(l) = location.and_then(|l| HeaderValue::from_str(l).ok()) {
        response.headers_mut().insert(header::LOCATION, l);
    }
    response
}

/// A mechanism id from the path; a malformed one names nothing (404).
pub(crate) fn mechanism_id(m: &str) -> Result<MechanismId, Problem> {
    MechanismId::new(m).map_err(|_| Problem::not_found())
}

/// A mechanism id from the path that the node hosts.
pub(crate) async fn known_mechanism(app: &AppState, m: &str) -> Result<MechanismId, Problem> {
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
pub(crate) fn filter(
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
pub(crate) fn code_of<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(Value::String(code.to_owned())).ok()
}

pub(crate) fn store_error(e: moc_store::StoreError) -> Problem {
    Problem::internal(&e)
}
