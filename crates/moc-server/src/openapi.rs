//! The API's OpenAPI 3.1 description, from the handlers' own annotations
//! (utoipa), served at `/api/openapi.json` with a Swagger UI at
//! `/api/docs/`.
//!
//! **Key design decision:** the description is written beside the code it
//! describes. Request and response bodies are the types the handlers
//! deserialise and serialise, so their schemas cannot drift from them; the
//! route list is checked against the router by a test
//! (`tests/matrix.rs`), and the served server is checked against the
//! description by a schemathesis run in CI (`scripts/api-check`).
//!
//! Refusals are RFC 9457 problems; each operation lists the statuses it can
//! answer, from the sets below, so that a client (or schemathesis) can
//! rely on the list.

use std::borrow::Cow;
use std::collections::BTreeMap;

use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response};
use utoipa::{IntoResponses, Modify, OpenApi, PartialSchema, ToSchema};

use crate::problem::PROBLEM_JSON;
use crate::{accounts_api, api, auth, datasets_api, incidents_api};

/// The description: every operation under `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "moc",
        description = "The API of a moc node: the record of a joint operational coordination \
            mechanism (mechanisms, members by service number, patrols, incidents), and the \
            accounts and tokens that act on it.\n\n\
            Scripts and witnesses authenticate with `Authorization: Bearer moc_…` (a token from \
            `POST /api/v1/tokens` or `moc token create`). Browsers sign in with \
            `POST /api/v1/session`; every unsafe request of a session carries the session's \
            `X-CSRF-Token`.\n\n\
            Every refusal is an RFC 9457 problem (`application/problem+json`) with a `code` \
            member; `Accept-Language` (fr, en, ar) chooses the language of its `title` and \
            `detail`. The log itself is served as C2SP tiles under `/logs/{mechanism}/` \
            (c2sp.org/tlog-tiles) and is not described here.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    paths(
        auth::sign_in,
        auth::current,
        auth::sign_out,
        accounts_api::users,
        accounts_api::add_user,
        accounts_api::disable_user,
        accounts_api::enable_user,
        accounts_api::set_password,
        accounts_api::tokens,
        accounts_api::issue_token,
        accounts_api::revoke_token,
        api::mechanisms,
        api::mechanism,
        api::members,
        api::register_member,
        api::member,
        api::identity,
        api::export_identities,
        api::vetting,
        api::patrols,
        api::plan_patrol,
        api::patrol,
        api::start_patrol,
        api::report_patrol,
        api::endorse_patrol,
        api::abort_patrol,
        incidents_api::incidents,
        incidents_api::report,
        incidents_api::incident,
        incidents_api::aggregate,
        incidents_api::export,
        incidents_api::add_source,
        incidents_api::record_claim,
        incidents_api::open_investigation,
        incidents_api::file_finding,
        incidents_api::merge,
        incidents_api::split,
        datasets_api::query,
        datasets_api::aggregate,
    ),
    components(schemas(ProblemSchema)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "session", description = "Signing in and out of a browser session."),
        (name = "accounts", description = "Accounts (party admins) and API tokens (every account)."),
        (name = "mechanisms", description = "Mechanisms, their parties, zones and quota lines: public."),
        (name = "members", description = "Members by service number; names only to their own party."),
        (name = "patrols", description = "Mixed patrols: planning, start, report, endorsement."),
        (name = "datasets", description = "Imported incident datasets (ACLED, UCDP GED): public reference data outside the logs."),
        (name = "incidents", description = "Incidents with every source's figures, the parties' claims side by side, joint verification, merges."),
    ),
)]
pub(crate) struct ApiDoc;

/// The two ways to authenticate: a bearer token, or the session cookie.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("moc_<id>_<secret>")
                    .description(Some(
                        "An API token: `moc token create` or POST /api/v1/tokens.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::SESSION_COOKIE,
                "The session of POST /api/v1/session; unsafe requests also send X-CSRF-Token.",
            ))),
        );
    }
}

/// The schema of an RFC 9457 problem as this server writes it: the
/// standard members, a `code`, and whatever extension members the refusal
/// carries (the field, the numbers).
pub(crate) struct ProblemSchema;

impl PartialSchema for ProblemSchema {
    fn schema() -> RefOr<Schema> {
        let string = |description: &str| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(description))
        };
        ObjectBuilder::new()
            .description(Some(
                "An RFC 9457 problem. Extension members name what was wrong (`field`, \
                 `parameter`, `line`, `column`) and carry the refusal's numbers.",
            ))
            .property(
                "type",
                string("A URI naming the kind of problem, or about:blank."),
            )
            .required("type")
            .property("title", string("The kind of problem, translated."))
            .required("title")
            .property(
                "status",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(400))
                    .maximum(Some(599)),
            )
            .required("status")
            .property("detail", string("What went wrong here, translated."))
            .required("detail")
            .property(
                "code",
                string("A stable code for programs (`unknown-member`, `bad-filter`)."),
            )
            .into()
    }
}

impl ToSchema for ProblemSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Problem")
    }
}

/// Builds a set of problem responses.
fn problems(list: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    list.iter()
        .map(|(status, description)| {
            let response = ResponseBuilder::new()
                .description(*description)
                .content(
                    PROBLEM_JSON,
                    Content::new(Some(Ref::from_schema_name("Problem"))),
                )
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
}

const UNAUTHENTICATED: (u16, &str) = (
    401,
    "Sign-in required, or the token or session is not valid.",
);
const FORBIDDEN: (u16, &str) = (403, "The account may not do this, for this party.");
const NOT_FOUND: (u16, &str) = (404, "No such mechanism, member, patrol or account.");
const MALFORMED: (u16, &str) = (
    400,
    "The body is not JSON (the problem names line and column), or the query string is \
     malformed (a parameter given twice).",
);
const CONFLICT: (u16, &str) = (
    409,
    "The record refuses it as things stand (a duplicate, a wrong status).",
);
const TOO_LARGE: (u16, &str) = (413, "The body is over 64 KiB.");
const MEDIA_TYPE: (u16, &str) = (415, "The body is not application/json.");
const INVALID: (u16, &str) = (422, "A field is invalid (the problem names it).");
const TOO_MANY: (u16, &str) = (429, "Too many sign-ins: wait for Retry-After seconds.");

/// What a read can answer besides success: a malformed query, a bad
/// credential, a role that may not read it, an unknown resource, a bad
/// filter.
pub(crate) struct ReadRefusals;

impl IntoResponses for ReadRefusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problems(&[MALFORMED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID])
    }
}

/// What a write can answer besides success.
pub(crate) struct WriteRefusals;

impl IntoResponses for WriteRefusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problems(&[
            MALFORMED,
            UNAUTHENTICATED,
            FORBIDDEN,
            NOT_FOUND,
            CONFLICT,
            TOO_LARGE,
            MEDIA_TYPE,
            INVALID,
        ])
    }
}

/// What signing in can answer besides success.
pub(crate) struct SignInRefusals;

impl IntoResponses for SignInRefusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problems(&[
            MALFORMED,
            (
                401,
                "Wrong account or password (the same answer for every cause).",
            ),
            TOO_LARGE,
            MEDIA_TYPE,
            INVALID,
            TOO_MANY,
        ])
    }
}

/// The description as JSON, built once per process.
pub(crate) fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOC.get_or_init(ApiDoc::openapi)
}

/// `GET /api/openapi.json` and the Swagger UI under `/api/docs/`, its files
/// served from the binary.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    utoipa_swagger_ui::SwaggerUi::new("/api/docs")
        .url("/api/openapi.json", document().clone())
        .into()
}
