//! moc's HTTP face: a node's JSON API, its web pages, its logs as C2SP
//! tiles and its witness, with axum.
//!
//! **Key design decision:** thin handlers over [`moc_node::Node`] and one
//! web error type. A handler reads the path, the body and the acting
//! account, calls the node once, and turns the answer into JSON; every
//! failure, from an unknown route to a domain refusal, is an RFC 9457
//! problem (`application/problem+json`) built in one place, `problem`.
//!
//! # Routes
//!
//! | route | answer |
//! |---|---|
//! | `GET /` | the public transparency page: figures and checkpoints (`?lang=fr\|en\|ar`, else `Accept-Language`, else French) |
//! | `GET /sign-in`, `POST /sign-in`, `POST /sign-out`, `GET /dashboard` | the pages (`crate::pages`, rendered by `moc_web`) |
//! | `GET /assets/{build}/{*path}` | the pages' CSS, scripts and fonts, embedded in the binary |
//! | `GET /api/v1/mechanisms` | every mechanism with its counts |
//! | `GET /api/v1/mechanisms/{m}` | summary, parties, zones, quota lines with deviations |
//! | `GET /api/v1/mechanisms/{m}/members?party=&status=` | members (codes only) |
//! | `GET /api/v1/mechanisms/{m}/members/{sn}` | one member |
//! | `POST /api/v1/mechanisms/{m}/members` | registers a member (`NewMember`): 201 |
//! | `POST /api/v1/mechanisms/{m}/members/{sn}/vetting` | `{"action": "open"\|"approve"\|"reject"\|"suspend", "reason": …}`: 200 |
//! | `GET /api/v1/mechanisms/{m}/patrols?status=` | patrols |
//! | `GET /api/v1/mechanisms/{m}/patrols/{id}` | one patrol |
//! | `POST /api/v1/mechanisms/{m}/patrols` | plans a patrol (`PlanPatrol`): 201 |
//! | `POST /api/v1/mechanisms/{m}/patrols/{id}/start` | no body: 200 |
//! | `POST /api/v1/mechanisms/{m}/patrols/{id}/report` | a `PatrolReport`: 200 |
//! | `POST /api/v1/mechanisms/{m}/patrols/{id}/endorse` | `{"party": …}`: 200 |
//! | `POST /api/v1/mechanisms/{m}/patrols/{id}/abort` | `{"reason": …}`: 200 |
//! | `GET /api/v1/mechanisms/{m}/incidents` | incidents |
//! | `POST /api/v1/mechanisms/{m}/incidents` | a new incident: 201 |
//! | `GET /api/v1/mechanisms/{m}/incidents/{i}` | one incident's view |
//! | `GET …/incidents/aggregate`, `…/incidents/export` | month × type × region; ACLED CSV, GeoJSON, HXL |
//! | `GET /api/v1/datasets/incidents`, `…/aggregate` | imported ACLED/UCDP records; month × type × region |
//! | `POST …/incidents/{i}/sources`, `/claims`, `/investigations`, `/findings`, `/merge`, `/split` | incident steps |
//! | `GET /logs/{m}/checkpoint` | the log's checkpoint (c2sp.org/tlog-tiles) |
//! | `GET /logs/{m}/tile/{*path}` | a hash tile or entry bundle |
//! | `POST /witness/add-checkpoint` | c2sp.org/tlog-witness |
//! | `GET /api/openapi.json` | the API's OpenAPI 3.1 description (`crate::openapi`) |
//! | `GET /api/docs/` | a Swagger UI over it, its files served from the binary |
//!
//! A write answers `{"log_origin", "index", "kind", "event"}`: the entry
//! the log recorded, with its payload. Bodies that name the mechanism
//! (`NewMember`, `PlanPatrol`) must name the path's (else 422).
//!
//! # Who acts
//!
//! `crate::auth`: a bearer token (`Authorization: Bearer moc_…`) or the
//! session cookie of `POST /api/v1/session`, whose unsafe requests carry
//! the session's CSRF token. Every handler asks
//! `moc_domain::access::authorize` before it reads or writes: the public
//! reads mechanisms, zones, quota lines and incidents; members, patrols and
//! the log need an account; names need a party officer or vetting officer
//! of the member's own party, or a logged export. Accounts and tokens:
//! `/api/v1/users…` (party admins), `/api/v1/tokens…` (every account).

//! # Errors
//!
//! Domain refusals map by category: not found 404, invalid 422, forbidden
//! 403, rejected 409, sign-in required 401, with the error's `code` and
//! numbers as extension members and a translated detail. Bad credentials
//! or an invalid session 401 (naming no account), too many sign-ins 429, malformed
//! JSON 400 (naming line and column), unknown field 422, wrong media type
//! 415, body over 64 KiB 413, unknown route 404, wrong method 405, a
//! stopped node 503, anything else 500 with nothing of its cause.
//!
//! # Server logs
//!
//! One line per request: method, route template (`/api/v1/mechanisms/{m}`,
//! not the path itself, which a client could fill with anything), status
//! and latency. Never a body, a query string or a header's value: personal
//! data must never reach the server's logs.
//!
//! # Out of scope
//!
//! TLS (a reverse proxy's); rendering pages (`moc_web`'s: this crate
//! reads the node and hands it figures).

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use moc_node::Node;
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;

mod accounts_api;
mod api;
mod auth;
mod datasets_api;
mod extract;
mod figures;
mod incident_forms;
mod incident_pages;
mod incidents_api;
mod intake_pages;
mod ledger_pages;
mod logs;
mod member_pages;
mod openapi;
mod pages;
mod patrol_pages;
mod problem;
mod roster_pages;

pub use auth::{CSRF_HEADER, SESSION_COOKIE, SESSION_IDLE};
pub use extract::BODY_LIMIT;

use problem::{Kind, Problem};

/// What every handler shares: the node and the sign-in limits.
#[derive(Clone)]
pub(crate) struct AppState {
    node: Arc<Node>,
    sign_in_limits: Arc<auth::SignInLimits>,
}

/// The longest a request may take before the server gives up on it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The whole application: every route, the body limit, and the edge
/// (problem language, panics, security headers, request log).
pub fn router(node: Arc<Node>) -> Router {
    let m = "/api/v1/mechanisms/{m}";
    // Per client address: 30 sign-ins at once, then one every 2 s.
    // The API's sign-in and the sign-in page share one limiter.
    let per_address = GovernorConfigBuilder::default()
        .per_second(2)
        .burst_size(30)
        .key_extractor(auth::PeerIp)
        .finish()
        .map(Arc::new);
    let mut sign_in = post(auth::sign_in);
    let mut sign_in_page = post(pages::sign_in);
    if let Some(config) = per_address {
        sign_in = sign_in
            .layer(GovernorLayer::new(Arc::clone(&config)).error_handler(auth::governor_refusal));
        sign_in_page =
            sign_in_page.layer(GovernorLayer::new(config).error_handler(pages::too_many_page));
    }
    let store = node.store().clone();
    Router::new()
        .route("/", get(pages::public))
        .route("/sign-in", sign_in_page.get(pages::sign_in_form))
        .route("/sign-out", post(pages::sign_out))
        .route("/dashboard", get(pages::dashboard))
        .route("/map", get(pages::map))
        .route("/incidents", get(incident_pages::list))
        .route("/incident", get(incident_pages::detail))
        .route(
            "/incidents/new",
            get(incident_forms::new_form).post(incident_forms::file),
        )
        .route("/incident/source", post(incident_forms::add_source))
        .route("/intake", get(intake_pages::review))
        .route("/intake/{action}", post(intake_pages::act))
        .route("/ledger", get(ledger_pages::ledger))
        .route("/members", get(member_pages::list))
        .route("/vetting", get(member_pages::queue))
        .route("/vetting/{action}", post(member_pages::act))
        .route("/roster", get(roster_pages::roster))
        .route("/patrols", get(patrol_pages::list))
        .route("/patrol", get(patrol_pages::detail))
        .route("/patrol/{action}", post(patrol_pages::act))
        .route("/ledger/proof", get(ledger_pages::proof))
        .route("/assets/{build}/{*path}", get(pages::asset))
        .route(
            "/api/v1/session",
            sign_in.get(auth::current).delete(auth::sign_out),
        )
        .route(
            "/api/v1/users",
            get(accounts_api::users).post(accounts_api::add_user),
        )
        .route(
            "/api/v1/users/{id}/disable",
            post(accounts_api::disable_user),
        )
        .route("/api/v1/users/{id}/enable", post(accounts_api::enable_user))
        .route(
            "/api/v1/users/{id}/password",
            put(accounts_api::set_password),
        )
        .route(
            "/api/v1/tokens",
            get(accounts_api::tokens).post(accounts_api::issue_token),
        )
        .route("/api/v1/tokens/{id}", delete(accounts_api::revoke_token))
        .route("/api/v1/mechanisms", get(api::mechanisms))
        .route(m, get(api::mechanism))
        .route(
            &format!("{m}/members"),
            get(api::members).post(api::register_member),
        )
        .route(&format!("{m}/members/{{sn}}"), get(api::member))
        .route(&format!("{m}/members/{{sn}}/identity"), get(api::identity))
        .route(
            &format!("{m}/identities/export"),
            post(api::export_identities),
        )
        .route(&format!("{m}/members/{{sn}}/vetting"), post(api::vetting))
        .route(
            &format!("{m}/patrols"),
            get(api::patrols).post(api::plan_patrol),
        )
        .route(&format!("{m}/patrols/{{id}}"), get(api::patrol))
        .route(
            &format!("{m}/patrols/{{id}}/start"),
            post(api::start_patrol),
        )
        .route(
            &format!("{m}/patrols/{{id}}/report"),
            post(api::report_patrol),
        )
        .route(
            &format!("{m}/patrols/{{id}}/endorse"),
            post(api::endorse_patrol),
        )
        .route(
            &format!("{m}/patrols/{{id}}/abort"),
            post(api::abort_patrol),
        )
        .route(
            &format!("{m}/incidents"),
            get(incidents_api::incidents).post(incidents_api::report),
        )
        .route(
            &format!("{m}/incidents/aggregate"),
            get(incidents_api::aggregate),
        )
        .route(&format!("{m}/incidents/export"), get(incidents_api::export))
        .route(
            &format!("{m}/incidents/{{i}}"),
            get(incidents_api::incident),
        )
        .route(
            &format!("{m}/incidents/{{i}}/sources"),
            post(incidents_api::add_source),
        )
        .route(
            &format!("{m}/incidents/{{i}}/claims"),
            post(incidents_api::record_claim),
        )
        .route(
            &format!("{m}/incidents/{{i}}/investigations"),
            post(incidents_api::open_investigation),
        )
        .route(
            &format!("{m}/incidents/{{i}}/findings"),
            post(incidents_api::file_finding),
        )
        .route(
            &format!("{m}/incidents/{{i}}/merge"),
            post(incidents_api::merge),
        )
        .route(
            &format!("{m}/incidents/{{i}}/split"),
            post(incidents_api::split),
        )
        .route("/api/v1/datasets/incidents", get(datasets_api::query))
        .route(
            "/api/v1/datasets/incidents/aggregate",
            get(datasets_api::aggregate),
        )
        .route("/logs/{m}/checkpoint", get(logs::checkpoint))
        .route("/logs/{m}/tile/{*path}", get(logs::tile))
        .route("/witness/add-checkpoint", post(logs::add_checkpoint))
        .merge(openapi::routes())
        .fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(auth::session_layer(store))
        .layer(middleware::from_fn(edge))
        // Outside `edge`, which may rewrite a problem's body: what is
        // compressed is the final answer. gzip only when the client asks.
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(AppState {
            node,
            sign_in_limits: auth::limits(),
        })
}

/// Serves [`router`] on `listener` until `shutdown` completes, then lets
/// requests in flight finish.
///
/// The node is not closed here: the caller, who opened it, closes it after
/// this returns.
///
/// # Errors
/// The listener's I/O error.
pub async fn serve(
    node: Arc<Node>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "serving");
    }
    // Expired sessions are refused when read; this removes them from the
    // table too, every ten minutes, while the server runs.
    let store = node.store().clone();
    let sweeper = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            match store.delete_expired_sessions(now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "expired sessions removed"),
                Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
            }
        }
    });
    let app = router(node).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    sweeper.abort();
    served
}

async fn no_route() -> Problem {
    Problem::message(Kind::NoRoute, "server-detail-no-route", Vec::new())
}

async fn wrong_method() -> Problem {
    Problem::message(Kind::MethodNotAllowed, "server-detail-method", Vec::new())
}

/// Around every request: runs the handler in its own task so that a panic
/// becomes a 500 problem and a request over [`REQUEST_TIMEOUT`] a 503,
/// renders problems in the request's language, adds the security headers,
/// and logs method, route, status and latency.
async fn edge(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |p| p.as_str().to_owned());
    let lang = extract::negotiate(req.uri().query(), req.headers());
    // A page asked for in a language (the language switch's links) leaves
    // a cookie, so the next page without `?lang=` keeps it.
    let remember = extract::asked_lang(req.uri().query()).filter(|asked| {
        !route.starts_with("/api/")
            && !route.starts_with("/assets/")
            && !route.starts_with("/logs/")
            && extract::cookie(req.headers(), extract::LANG_COOKIE).as_deref() != Some(asked.code())
    });
    let mut handler = tokio::spawn(next.run(req));
    let mut response = match tokio::time::timeout(REQUEST_TIMEOUT, &mut handler).await {
        Err(_) => {
            // Stop the work too: a command already submitted is still
            // recorded (the node's committer owns it), nothing is half done.
            handler.abort();
            Problem::message(Kind::Unavailable, "server-detail-timeout", Vec::new())
                .with("code", "timeout")
                .into_response()
        }
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            // The panic's message may quote data: say only that it was one.
            let what = if e.is_panic() {
                "a handler panicked"
            } else {
                "a handler was cancelled"
            };
            Problem::internal(&what).into_response()
        }
    };
    if let Some(problem) = response.extensions().get::<Problem>().cloned()
        && lang != moc_i18n::Lang::Fr
    {
        *response.body_mut() = Body::from(problem.body(lang));
        if let Ok(v) = HeaderValue::from_str(lang.code()) {
            response.headers_mut().insert(header::CONTENT_LANGUAGE, v);
        }
    }
    if let Some(asked) = remember
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{}={}; Path=/; Max-Age=31536000; HttpOnly; Secure; SameSite=Lax",
            extract::LANG_COOKIE,
            asked.code()
        ))
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    security_headers(response.headers_mut(), route.starts_with("/api/"));
    tracing::info!(
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    response
}

/// The content security policy: scripts, styles and everything else from
/// this server only, no inline script, no plugin, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// Headers on every answer; API answers are never cached by anyone.
fn security_headers(headers: &mut axum::http::HeaderMap, api: bool) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A page may have set a stricter policy of its own.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;
    use moc_i18n::{Arg, Lang, tr};
    use tower::ServiceExt as _;

    #[tokio::test]
    async fn a_panicking_handler_is_a_500_problem_that_tells_nothing() {
        let app: Router = Router::new()
            .route(
                "/boom",
                get(|| async {
                    if true {
                        panic!("secret detail from the handler");
                    }
                    "never"
                }),
            )
            .layer(middleware::from_fn(edge));
        let req = Request::get("/boom?lang=en").body(Body::empty()).unwrap();
        let response = app.oneshot(req).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
        assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "en");
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("Internal Server Error"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }

    /// The messages of this crate's `server.ftl` in one language, with the
    /// variables each uses.
    fn server_messages(lang: Lang) -> Vec<(String, Vec<String>)> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../moc-i18n/locales")
            .join(lang.code())
            .join("server.ftl");
        let text = std::fs::read_to_string(&path).expect("server.ftl");
        text.lines()
            .filter(|l| l.starts_with("server-"))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| {
                let vars = v
                    .split('$')
                    .skip(1)
                    .map(|p| {
                        p.chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                            .collect()
                    })
                    .collect();
                (k.trim().to_owned(), vars)
            })
            .collect()
    }

    #[test]
    fn every_domain_refusal_has_a_message_in_every_language() {
        // Every variable any domain message uses; Fluent ignores the rest.
        let names = [
            "what",
            "value",
            "start",
            "end",
            "lat_e6",
            "lon_e6",
            "field",
            "reason",
            "mechanism",
            "party",
            "zone",
            "member",
            "unit",
            "target",
            "tolerance",
            "current",
            "leave_start",
            "leave_end",
            "other",
            "needed",
            "got",
            "actor_party",
            "target_party",
            "role",
            "action",
            "from",
            "to",
            "patrol",
            "incident",
            "kind",
            "into",
            "parties",
            "observers",
            "outlet",
        ];
        let args: Vec<(&str, Arg)> = names.iter().map(|n| (*n, Arg::from("V"))).collect();
        for lang in Lang::ALL {
            for code in moc_domain::ERROR_CODES {
                let key = format!("domain-{code}");
                let text = tr(lang, &key, &args);
                assert_ne!(text, key, "{} lacks {key}", lang.code());
                assert!(!text.contains('{') && text.contains('V'), "{key}: {text}");
            }
        }
    }

    #[test]
    fn every_server_message_resolves_in_every_language() {
        let fr: Vec<String> = server_messages(Lang::Fr)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert!(fr.len() > 40);
        for lang in Lang::ALL {
            let messages = server_messages(lang);
            let keys: Vec<&String> = messages.iter().map(|(k, _)| k).collect();
            assert_eq!(keys, fr.iter().collect::<Vec<_>>(), "{}", lang.code());
            for (key, vars) in &messages {
                let args: Vec<(&str, Arg)> = vars
                    .iter()
                    .map(|v| (v.as_str(), Arg::from("VALUE")))
                    .collect();
                let text = tr(lang, key, &args);
                assert_ne!(&text, key, "{key} in {}", lang.code());
                assert!(!text.contains('$') && !text.contains('{'), "{key}: {text}");
                for v in vars {
                    assert!(text.contains("VALUE"), "{key} drops ${v}: {text}");
                }
            }
        }
    }
}
