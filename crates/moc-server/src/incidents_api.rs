//! The mechanism's incidents over HTTP: lists with filters, one incident's
//! view, the monthly aggregate, exports (ACLED CSV, GeoJSON, HXL), and the
//! writes — report, add a source, record a claim, open an investigation,
//! file a finding, merge, split.
//!
//! Incidents are public (the policy's `ReadPublic`). What the public reads
//! names parties, never accounts ([`IncidentView::public`]); signed-in
//! callers see which account acted.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use moc_domain::access::{Action, Target};
use moc_domain::incident::{Claim, Finding, IncidentView, Investigator, VerificationStatus};
use moc_domain::moc_incidents::model::parse_bbox;
use moc_domain::moc_incidents::{self, IncidentRecord, Source};
use moc_domain::{Command, IncidentId, IncidentRef, ReportIncident, ZoneId};
use moc_store::{IncidentFilter, IncidentMonth};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::{
    Mechanism, Written, code_of, filter, known_mechanism, mechanism_id, store_error, written,
};
use crate::auth::{Acting, Caller};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::openapi::{ReadRefusals, WriteRefusals};
use crate::problem::{Kind, Problem};

type Answer = Result<Response, Problem>;

/// A mechanism and one of its incidents.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Describes the path; handlers read it as strings.
pub(crate) struct IncidentPath {
    /// The mechanism's id.
    #[param(example = "moc-gao")]
    m: String,
    /// The incident's id.
    #[param(example = "gao-2017-01-18")]
    i: String,
}

/// The filters of the incident lists, aggregates and exports.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct IncidentQuery {
    /// From this day on (`YYYY-MM-DD`).
    #[param(example = "2017-01-01")]
    from: Option<String>,
    /// Up to this day, included.
    #[param(example = "2017-12-31")]
    to: Option<String>,
    /// `south,west,north,east` in decimal degrees.
    #[param(example = "15,-1,17,1")]
    bbox: Option<String>,
    /// ACLED event type code (`battles`, `explosions-remote-violence`).
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<moc_incidents::EventType>)]
    event_type: Option<String>,
    /// First-level region (`Gao`).
    region: Option<String>,
    /// Verification status.
    #[param(value_type = Option<VerificationStatus>)]
    status: Option<String>,
    /// Words to find (place, actors, outlets, notes, tags, claims).
    q: Option<String>,
    /// At least this many deaths.
    #[param(value_type = Option<u32>)]
    min_fatalities: Option<String>,
    /// With this actor, first or second, by its exact ACLED name.
    #[param(example = "Al Mourabitoun")]
    actor: Option<String>,
    /// `true` to list incidents merged into another as well.
    #[param(value_type = Option<bool>)]
    include_merged: Option<String>,
    /// Skip this many (lists only).
    #[param(value_type = Option<u32>)]
    offset: Option<String>,
    /// At most this many, 1 to 500 (lists only; default 100).
    #[param(value_type = Option<u32>)]
    limit: Option<String>,
}

pub(crate) fn bad_filter(name: &'static str) -> Problem {
    Problem::message(
        Kind::Invalid,
        "server-detail-bad-filter",
        vec![("name", name.into())],
    )
    .with("code", "bad-filter")
    .with("parameter", name)
}

/// A text filter: at most 200 characters, no control character.
pub(crate) fn text(t: &str) -> bool {
    t.chars().count() <= 200 && !t.chars().any(char::is_control)
}

pub(crate) fn number(value: Option<String>, name: &'static str) -> Result<Option<u32>, Problem> {
    filter(value, name, |v| v.parse::<u32>().is_ok()).map(|v| v.and_then(|v| v.parse::<u32>().ok()))
}

impl IncidentQuery {
    fn filter(self) -> Result<IncidentFilter, Problem> {
        let date = |d: &str| moc_incidents::model::parse_iso_date(d).is_some();
        let include_merged = filter(self.include_merged, "include_merged", |v| {
            v == "true" || v == "false"
        })?
        .is_some_and(|v| v == "true");
        let limit = number(self.limit, "limit")?.unwrap_or(100);
        if !(1..=moc_store::MAX_INCIDENT_PAGE).contains(&limit) {
            return Err(bad_filter("limit"));
        }
        Ok(IncidentFilter {
            from: filter(self.from, "from", date)?,
            to: filter(self.to, "to", date)?,
            bbox: filter(self.bbox, "bbox", |b| parse_bbox(b).is_some())?
                .and_then(|b| parse_bbox(&b)),
            event_type: filter(self.event_type, "type", |t| {
                code_of::<moc_incidents::EventType>(t).is_some()
            })?,
            admin1: filter(self.region, "region", text)?,
            status: filter(self.status, "status", |s| {
                VerificationStatus::parse(s).is_some()
            })?
            .and_then(|s| VerificationStatus::parse(&s)),
            text: filter(self.q, "q", text)?,
            min_fatalities: number(self.min_fatalities, "min_fatalities")?,
            actor: filter(self.actor, "actor", text)?,
            include_merged,
            offset: number(self.offset, "offset")?.unwrap_or(0),
            limit,
        })
    }
}

/// The answer of `GET …/incidents`.
#[derive(Serialize, ToSchema)]
pub(crate) struct IncidentListPage {
    mechanism: String,
    /// How many match, over all pages.
    total: u64,
    /// This page, by date then id: each incident with every source's
    /// figures, the reconciled range, the claims, the verification and
    /// its timeline.
    incidents: Vec<IncidentView>,
}

/// Public callers see parties, not accounts.
fn for_caller(caller: &Caller, view: IncidentView) -> IncidentView {
    if caller.actor.is_some() {
        view
    } else {
        view.public()
    }
}

/// `GET /api/v1/mechanisms/{m}/incidents`.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}/incidents",
    tag = "incidents",
    operation_id = "list_incidents",
    summary = "Incidents, each source with its figures, filtered and paged",
    params(Mechanism, IncidentQuery),
    security((), ("token" = []), ("session" = [])),
    responses((status = 200, description = "A page of incidents, by date.", body = IncidentListPage), ReadRefusals),
)]
pub(crate) async fn incidents(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(m): ApiPath<String>,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let f = q.filter()?;
    let page = app
        .node
        .store()
        .incidents(id.as_str(), &f)
        .await
        .map_err(store_error)?;
    Ok(Json(IncidentListPage {
        mechanism: id.as_str().to_owned(),
        total: page.total,
        incidents: page
            .incidents
            .into_iter()
            .map(|v| for_caller(&caller, v))
            .collect(),
    })
    .into_response())
}

/// `GET /api/v1/mechanisms/{m}/incidents/{i}`.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}/incidents/{i}",
    tag = "incidents",
    operation_id = "get_incident",
    summary = "One incident: sources, range, claims, verification, timeline",
    params(IncidentPath),
    security((), ("token" = []), ("session" = [])),
    responses((status = 200, description = "The incident (read the one it was merged into when `merged_into` is set).", body = IncidentView), ReadRefusals),
)]
pub(crate) async fn incident(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath((m, i)): ApiPath<(String, String)>,
) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let view = app
        .node
        .store()
        .incident(id.as_str(), &i)
        .await
        .map_err(store_error)?
        .ok_or_else(Problem::not_found)?;
    Ok(Json(for_caller(&caller, view)).into_response())
}

/// The answer of `GET …/incidents/aggregate`.
#[derive(Serialize, ToSchema)]
pub(crate) struct Aggregate {
    mechanism: String,
    /// Incidents and deaths by month × event type × region.
    cells: Vec<IncidentMonth>,
}

/// `GET /api/v1/mechanisms/{m}/incidents/aggregate`.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}/incidents/aggregate",
    tag = "incidents",
    operation_id = "aggregate_incidents",
    summary = "Incidents and deaths (ACLED's figure, low and high) by month, type and region",
    params(Mechanism, IncidentQuery),
    security((), ("token" = []), ("session" = [])),
    responses((status = 200, description = "The cells, by month, type and region.", body = Aggregate), ReadRefusals),
)]
pub(crate) async fn aggregate(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(m): ApiPath<String>,
    ApiQuery(q): ApiQuery<IncidentQuery>,
) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let f = q.filter()?;
    let cells = app
        .node
        .store()
        .incident_aggregate(id.as_str(), &f)
        .await
        .map_err(store_error)?;
    Ok(Json(Aggregate {
        mechanism: id.as_str().to_owned(),
        cells,
    })
    .into_response())
}

/// An export format.
#[derive(Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ExportFormat {
    /// ACLED's 31 columns, CSV.
    Acled,
    /// RFC 7946 GeoJSON, a feature per incident.
    Geojson,
    /// CSV with the HXL hashtag row HDX uses for ACLED.
    Hxl,
}

/// The format of `GET …/incidents/export`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ExportQuery {
    /// `acled` (default), `geojson` or `hxl`.
    #[param(value_type = Option<ExportFormat>)]
    format: Option<String>,
}

/// `GET /api/v1/mechanisms/{m}/incidents/export`: every incident the
/// filters select (pages ignored), as a file. Records name armed groups,
/// places and outlets, never a person.
#[utoipa::path(
    get,
    path = "/api/v1/mechanisms/{m}/incidents/export",
    tag = "incidents",
    operation_id = "export_incidents",
    summary = "Incidents as ACLED CSV, GeoJSON or HXL",
    params(Mechanism, ExportQuery, IncidentQuery),
    security((), ("token" = []), ("session" = [])),
    responses(
        (status = 200, description = "The file.", content(
            (String = "text/csv"),
            (String = "application/geo+json"),
        )),
        ReadRefusals,
    ),
)]
pub(crate) async fn export(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(m): ApiPath<String>,
    ApiQuery(q): ApiQuery<ExportQuery>,
    ApiQuery(filters): ApiQuery<IncidentQuery>,
) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let id = known_mechanism(&app, &m).await?;
    let format = filter(q.format, "format", |f| code_of::<ExportFormat>(f).is_some())?
        .and_then(|f| code_of::<ExportFormat>(&f))
        .unwrap_or(ExportFormat::Acled);
    let f = filters.filter()?;
    let records: Vec<IncidentRecord> = app
        .node
        .store()
        .all_mechanism_incidents(id.as_str(), &f)
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|v| v.record)
        .collect();
    let mut body = Vec::new();
    let (done, content_type, ext) = match format {
        ExportFormat::Acled => (
            moc_incidents::write_acled(&records, &mut body),
            "text/csv; charset=utf-8",
            "csv",
        ),
        ExportFormat::Geojson => (
            moc_incidents::write_geojson(&records, &mut body),
            "application/geo+json",
            "geojson",
        ),
        ExportFormat::Hxl => (
            moc_incidents::write_hxl(&records, &mut body),
            "text/csv; charset=utf-8",
            "hxl.csv",
        ),
    };
    done.map_err(|e| Problem::internal(&e))?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}-incidents.{ext}\"",
        id.as_str()
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// The body of `POST …/incidents`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewIncident {
    /// The new incident's id (also the record's `event_id_cnty`).
    #[schema(value_type = String, example = "gao-2017-01-18")]
    incident: IncidentId,
    /// The mechanism's zone it happened in, if any.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "gao")]
    zone: Option<ZoneId>,
    /// The record, ACLED's fields.
    record: IncidentRecord,
}

async fn run(
    app: &AppState,
    actor: &moc_domain::Actor,
    command: Command,
    status: StatusCode,
) -> Answer {
    let done = app.node.execute(actor, command).await?;
    Ok(written(status, &done, None))
}

/// `POST /api/v1/mechanisms/{m}/incidents`.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/incidents",
    tag = "incidents",
    operation_id = "report_incident",
    summary = "Report an incident",
    params(Mechanism),
    request_body = NewIncident,
    security(("token" = []), ("session" = [])),
    responses((status = 201, description = "Reported: the log's entry.", body = Written), WriteRefusals),
)]
pub(crate) async fn report(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(m): ApiPath<String>,
    ApiJson(body): ApiJson<NewIncident>,
) -> Answer {
    let command = Command::ReportIncident(ReportIncident {
        mechanism: mechanism_id(&m)?,
        incident: body.incident,
        zone: body.zone,
        record: body.record,
    });
    run(&app, &actor, command, StatusCode::CREATED).await
}

fn incident_ref(m: &str, i: String) -> Result<IncidentRef, Problem> {
    Ok(IncidentRef {
        mechanism: mechanism_id(m)?,
        incident: IncidentId::new(i).map_err(|_| Problem::not_found())?,
    })
}

/// `POST /api/v1/mechanisms/{m}/incidents/{i}/sources` with a source.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/incidents/{i}/sources",
    tag = "incidents",
    operation_id = "add_incident_source",
    summary = "Add a source, with its figures",
    params(IncidentPath),
    request_body = Source,
    security(("token" = []), ("session" = [])),
    responses((status = 201, description = "Added: the log's entry.", body = Written), WriteRefusals),
)]
pub(crate) async fn add_source(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, i)): ApiPath<(String, String)>,
    ApiJson(source): ApiJson<Source>,
) -> Answer {
    let incident = incident_ref(&m, i)?;
    let command = Command::AddIncidentSource { incident, source };
    run(&app, &actor, command, StatusCode::CREATED).await
}

/// `POST /api/v1/mechanisms/{m}/incidents/{i}/claims` with a claim.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/incidents/{i}/claims",
    tag = "incidents",
    operation_id = "record_claim",
    summary = "Record an accusation, a denial or a claim of responsibility",
    params(IncidentPath),
    request_body = Claim,
    security(("token" = []), ("session" = [])),
    responses((status = 201, description = "Recorded: the log's entry.", body = Written), WriteRefusals),
)]
pub(crate) async fn record_claim(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, i)): ApiPath<(String, String)>,
    ApiJson(claim): ApiJson<Claim>,
) -> Answer {
    let incident = incident_ref(&m, i)?;
    let command = Command::RecordClaim { incident, claim };
    run(&app, &actor, command, StatusCode::CREATED).await
}

/// The body of `POST …/investigations`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewInvestigation {
    /// The team: members of two contributing parties or more, and of an
    /// observer mission, each with their account.
    team: Vec<Investigator>,
}

/// `POST /api/v1/mechanisms/{m}/incidents/{i}/investigations`.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/incidents/{i}/investigations",
    tag = "incidents",
    operation_id = "open_investigation",
    summary = "Open a joint investigation (joint commander or observer)",
    params(IncidentPath),
    request_body = NewInvestigation,
    security(("token" = []), ("session" = [])),
    responses((status = 201, description = "Opened: the log's entry.", body = Written), WriteRefusals),
)]
pub(crate) async fn open_investigation(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, i)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<NewInvestigation>,
) -> Answer {
    let incident = incident_ref(&m, i)?;
    let command = Command::OpenInvestigation {
        incident,
        team: body.team,
    };
    run(&app, &actor, command, StatusCode::CREATED).await
}

/// The body of `POST …/findings`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewFinding {
    /// The party's finding.
    finding: Finding,
    /// What its investigators found.
    #[schema(max_length = 4000)]
    text: String,
}

/// `POST /api/v1/mechanisms/{m}/incidents/{i}/findings`.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/incidents/{i}/findings",
    tag = "incidents",
    operation_id = "file_finding",
    summary = "File your party's finding (an investigator on the team)",
    params(IncidentPath),
    request_body = NewFinding,
    security(("token" = []), ("session" = [])),
    responses((status = 201, description = "Filed: the log's entry (with the outcome once every party has filed).", body = Written), WriteRefusals),
)]
pub(crate) async fn file_finding(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, i)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<NewFinding>,
) -> Answer {
    let incident = incident_ref(&m, i)?;
    let command = Command::FileFinding {
        incident,
        finding: body.finding,
        text: body.text,
    };
    run(&app, &actor, command, StatusCode::CREATED).await
}

/// The body of `POST …/merge`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MergeBody {
    /// The incident to merge into this one.
    #[schema(value_type = String, example = "gao-2017-01-18-iss")]
    from: IncidentId,
    /// Why they are one event.
    #[schema(max_length = 4000)]
    reason: String,
}

/// `POST /api/v1/mechanisms/{m}/incidents/{i}/merge`.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/incidents/{i}/merge",
    tag = "incidents",
    operation_id = "merge_incidents",
    summary = "Merge another report of the same event into this incident",
    params(IncidentPath),
    request_body = MergeBody,
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "Merged: the log's entry.", body = Written), WriteRefusals),
)]
pub(crate) async fn merge(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, i)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<MergeBody>,
) -> Answer {
    let into = incident_ref(&m, i)?;
    let command = Command::MergeIncidents {
        mechanism: into.mechanism,
        into: into.incident,
        from: body.from,
        reason: body.reason,
    };
    run(&app, &actor, command, StatusCode::OK).await
}

/// The body of `POST …/split`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SplitBody {
    /// Why the merge was wrong.
    #[schema(max_length = 4000)]
    reason: String,
}

/// `POST /api/v1/mechanisms/{m}/incidents/{i}/split`.
#[utoipa::path(
    post,
    path = "/api/v1/mechanisms/{m}/incidents/{i}/split",
    tag = "incidents",
    operation_id = "split_incident",
    summary = "Undo a merge: split this incident off the one it was merged into",
    params(IncidentPath),
    request_body = SplitBody,
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "Split: the log's entry.", body = Written), WriteRefusals),
)]
pub(crate) async fn split(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath((m, i)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<SplitBody>,
) -> Answer {
    let incident = incident_ref(&m, i)?;
    let command = Command::SplitIncident {
        incident,
        reason: body.reason,
    };
    run(&app, &actor, command, StatusCode::OK).await
}
