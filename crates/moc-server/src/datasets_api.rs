//! Imported incident datasets over HTTP (ACLED, UCDP GED, synthetic):
//! filtered pages of records and the monthly aggregate. They are public
//! reference data, outside the mechanisms' logs; `moc incident import`
//! loads them. Bulk exports stay with the CLI (`moc incident export`): a
//! million-row file is not something the public API builds on request.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use moc_domain::access::{Action, Target};
use moc_domain::moc_incidents::{self, model::parse_bbox};
use moc_store::{IncidentPage, IncidentQuery, MAX_PAGE, MonthCell};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::{code_of, filter, store_error};
use crate::auth::Caller;
use crate::extract::ApiQuery;
use crate::incidents_api::{bad_filter, number, text};
use crate::openapi::ReadRefusals;
use crate::problem::Problem;

type Answer = Result<Response, Problem>;

/// The filters of `GET /api/v1/datasets/incidents`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DatasetQuery {
    /// Only this dataset (`acled`, `ucdp`, `synth`).
    #[param(example = "acled")]
    origin: Option<String>,
    /// From this day on (`YYYY-MM-DD`).
    #[param(example = "2017-01-01")]
    from: Option<String>,
    /// Up to this day, included.
    #[param(example = "2017-12-31")]
    to: Option<String>,
    /// `south,west,north,east` in decimal degrees.
    #[param(example = "15,-1,17,1")]
    bbox: Option<String>,
    /// ACLED event type code (`battles`).
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<moc_incidents::EventType>)]
    event_type: Option<String>,
    /// First-level region (`Gao`).
    region: Option<String>,
    /// An actor's name, first or second, exactly.
    actor: Option<String>,
    /// At least this many deaths.
    #[param(value_type = Option<u32>)]
    min_fatalities: Option<String>,
    /// Skip this many.
    #[param(value_type = Option<u32>)]
    offset: Option<String>,
    /// At most this many, 1 to 500 (default 100).
    #[param(value_type = Option<u32>)]
    limit: Option<String>,
}

/// `GET /api/v1/datasets/incidents`.
#[utoipa::path(
    get,
    path = "/api/v1/datasets/incidents",
    tag = "datasets",
    operation_id = "query_dataset_incidents",
    summary = "Imported incidents (ACLED, UCDP), filtered and paged, newest first",
    params(DatasetQuery),
    security((), ("token" = []), ("session" = [])),
    responses((status = 200, description = "A page of records.", body = IncidentPage), ReadRefusals),
)]
pub(crate) async fn query(
    State(app): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<DatasetQuery>,
) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let date = |d: &str| moc_incidents::model::parse_iso_date(d).is_some();
    let limit = number(q.limit, "limit")?.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(bad_filter("limit"));
    }
    let query = IncidentQuery {
        origin: filter(q.origin, "origin", text)?,
        from: filter(q.from, "from", date)?,
        to: filter(q.to, "to", date)?,
        bbox: filter(q.bbox, "bbox", |b| parse_bbox(b).is_some())?.and_then(|b| parse_bbox(&b)),
        event_type: filter(q.event_type, "type", |t| {
            code_of::<moc_incidents::EventType>(t).is_some()
        })?,
        admin1: filter(q.region, "region", text)?,
        actor: filter(q.actor, "actor", text)?,
        min_fatalities: number(q.min_fatalities, "min_fatalities")?,
        offset: number(q.offset, "offset")?.unwrap_or(0),
        limit,
    };
    let page = app
        .node
        .store()
        .query_incidents(&query)
        .await
        .map_err(store_error)?;
    Ok(Json(page).into_response())
}

/// The filters of `GET /api/v1/datasets/incidents/aggregate`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct MonthsQuery {
    /// Only this dataset.
    #[param(example = "acled")]
    origin: Option<String>,
    /// From this month on (`YYYY-MM`).
    #[param(example = "2017-01")]
    from: Option<String>,
    /// Up to this month, included.
    #[param(example = "2017-12")]
    to: Option<String>,
    /// ACLED event type code.
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<moc_incidents::EventType>)]
    event_type: Option<String>,
    /// First-level region.
    region: Option<String>,
}

/// The answer of the monthly aggregate.
#[derive(Serialize, ToSchema)]
pub(crate) struct Months {
    /// Events and deaths by month × type × region.
    cells: Vec<MonthCell>,
}

/// `YYYY-MM` with a real month.
fn month(m: &str) -> bool {
    let b = m.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(m[5..].parse::<u8>(), Ok(1..=12))
}

/// `GET /api/v1/datasets/incidents/aggregate`.
#[utoipa::path(
    get,
    path = "/api/v1/datasets/incidents/aggregate",
    tag = "datasets",
    operation_id = "aggregate_dataset_incidents",
    summary = "Imported incidents and deaths by month, type and region",
    params(MonthsQuery),
    security((), ("token" = []), ("session" = [])),
    responses((status = 200, description = "The cells, by month, type and region.", body = Months), ReadRefusals),
)]
pub(crate) async fn aggregate(
    State(app): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<MonthsQuery>,
) -> Answer {
    caller.allow(Action::ReadPublic, Target::Whole)?;
    let from = filter(q.from, "from", month)?.unwrap_or_else(|| "0000-01".into());
    let to = filter(q.to, "to", month)?.unwrap_or_else(|| "9999-12".into());
    let origin = filter(q.origin, "origin", text)?;
    let event_type = filter(q.event_type, "type", |t| {
        code_of::<moc_incidents::EventType>(t).is_some()
    })?;
    let region = filter(q.region, "region", text)?;
    let cells = app
        .node
        .store()
        .incident_months(
            origin.as_deref(),
            &from,
            &to,
            event_type.as_deref(),
            region.as_deref(),
        )
        .await
        .map_err(store_error)?;
    Ok(Json(Months { cells }).into_response())
}

#[cfg(test)]
mod tests {
    use super::month;

    #[test]
    fn months_are_real() {
        assert!(month("2017-01") && month("2024-12"));
        for bad in [
            "2017-13",
            "2017-00",
            "2017-1",
            "17-01-01",
            "2017/01",
            "２０１７-01",
        ] {
            assert!(!month(bad), "{bad}");
        }
    }
}
