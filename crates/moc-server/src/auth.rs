//! Who is asking: web sessions, API tokens, CSRF, sign-in limits.
//!
//! A request is from the public unless it carries one of:
//! - `Authorization: Bearer moc_<id>_<secret>`: an API token (scripts,
//!   witnesses); a `read` token may only read;
//! - the `moc_session` cookie of a signed-in session (the pages, a
//!   browser). Then every unsafe method (`POST`, `DELETE`…) must also carry
//!   the session's CSRF token in `X-CSRF-Token`, and a browser's
//!   `Sec-Fetch-Site` must not say `cross-site`. The cookie is `Secure`,
//!   `HttpOnly`, `SameSite=Strict`, expires after 8 hours without use, and
//!   gets a new id at every sign-in.
//!
//! Sessions live in the node's database, keyed by the SHA-256 of their id
//! ([`SqlSessions`]). Signing in is limited twice: per client address (a
//! [`tower_governor`] layer on the route) and per account (here), so that
//! guessing one account's password from many addresses is slow too.

use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use moc_domain::access::{Action, Target, authorize};
use moc_domain::{Actor, DomainError, PartyId, Role, UserId};
use moc_node::NodeError;
use moc_node::accounts::sha256_hex;
use moc_store::Store;
use rand::RngCore as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use tower_governor::GovernorError;
use tower_governor::key_extractor::KeyExtractor;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use utoipa::ToSchema;

use crate::AppState;
use crate::extract::ApiJson;
use crate::openapi::{ReadRefusals, SignInRefusals, WriteRefusals};
use crate::problem::{Kind, Problem};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "moc_session";
/// The header carrying the CSRF token on unsafe requests of a session.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a session lives without use.
pub const SESSION_IDLE: Duration = Duration::from_secs(8 * 3600);

const USER_KEY: &str = "user";
const CSRF_KEY: &str = "csrf";

/// The `WWW-Authenticate` challenge of a 401 (RFC 9110 requires one).
pub(crate) const AUTH_CHALLENGE: &str = "Bearer realm=\"moc\"";

/// Sessions in the node's database. The key is the SHA-256 of the
/// session id, so the table cannot be used to sign in.
#[derive(Clone, Debug)]
pub(crate) struct SqlSessions(pub(crate) Store);

fn key(id: &Id) -> String {
    sha256_hex(&id.0.to_le_bytes())
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// The stored form of a record: its data and its expiry.
fn encode(record: &Record) -> Result<(Option<String>, String, i64), session_store::Error> {
    let user = record
        .data
        .get(USER_KEY)
        .and_then(Value::as_str)
        .map(str::to_owned);
    let text = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    Ok((user, text, record.expiry_date.unix_timestamp()))
}

fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[async_trait]
impl SessionStore for SqlSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let (user, text, expires) = encode(record)?;
            if self
                .0
                .create_session(&key(&record.id), user.as_deref(), &text, expires)
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            // 128 random bits collided: draw again.
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (user, text, expires) = encode(record)?;
        self.0
            .put_session(&key(&record.id), user.as_deref(), &text, expires)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some((text, expires)) = self
            .0
            .session(&key(id), now_unix())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data: HashMap<String, Value> =
            serde_json::from_str(&text).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(expires)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.0.delete_session(&key(id)).await.map_err(backend)
    }
}

/// The session layer: secure, HTTP-only, same-site strict cookies.
pub(crate) fn session_layer(store: Store) -> SessionManagerLayer<SqlSessions> {
    let idle = time::Duration::seconds(i64::try_from(SESSION_IDLE.as_secs()).unwrap_or(28_800));
    SessionManagerLayer::new(SqlSessions(store))
        .with_name(SESSION_COOKIE)
        .with_secure(true)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_path("/")
        // Saved at every request, so that the expiry really counts from
        // the last use.
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(idle))
}

/// How the caller proved who it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    /// It did not: the public.
    Nothing,
    /// A session cookie that names no live session (expired, signed out,
    /// forged): the public, but told why when it is refused.
    StaleSession,
    /// A signed-in session.
    Session,
    /// An API token.
    Token,
}

/// The caller: an account, or the public.
pub(crate) struct Caller {
    pub(crate) actor: Option<Actor>,
    pub(crate) via: Via,
}

impl Caller {
    /// The public, for pages that check their form's token themselves.
    pub(crate) fn public() -> Caller {
        Caller {
            actor: None,
            via: Via::Nothing,
        }
    }

    /// The policy's answer for this caller ([`authorize`]), as a problem.
    pub(crate) fn allow(&self, action: Action, target: Target<'_>) -> Result<(), Problem> {
        authorize(self.actor.as_ref(), action, target).map_err(|e| self.refusal(e))
    }

    fn refusal(&self, e: DomainError) -> Problem {
        match (&e, self.via) {
            (DomainError::SignInRequired { .. }, Via::StaleSession) => session_invalid(),
            (DomainError::SignInRequired { .. }, _) => {
                Problem::from(e).with_header(header::WWW_AUTHENTICATE, AUTH_CHALLENGE)
            }
            _ => Problem::from(e),
        }
    }
}

/// A 401 for a cookie naming no live session.
pub(crate) fn session_invalid() -> Problem {
    Problem::message(
        Kind::Unauthenticated,
        "server-detail-session-invalid",
        Vec::new(),
    )
    .with("code", "session-invalid")
    .with_header(header::WWW_AUTHENTICATE, AUTH_CHALLENGE)
}

/// A 401 for a bad password, token or account, saying no more.
pub(crate) fn bad_credentials() -> Problem {
    Problem::message(
        Kind::Unauthenticated,
        "server-detail-bad-credentials",
        Vec::new(),
    )
    .with("code", "bad-credentials")
    .with_header(header::WWW_AUTHENTICATE, AUTH_CHALLENGE)
}

fn internal(e: impl std::fmt::Display) -> Problem {
    Problem::internal(&e.to_string())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let safe = parts.method.is_safe();
        let mut auth = parts.headers.get_all(header::AUTHORIZATION).iter();
        if let Some(value) = auth.next() {
            if auth.next().is_some() {
                return Err(bad_credentials());
            }
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or_else(bad_credentials)?;
            let (actor, scope) =
                state
                    .node
                    .token_actor(token.trim())
                    .await
                    .map_err(|e| match e {
                        NodeError::BadCredentials => bad_credentials(),
                        other => Problem::from(other),
                    })?;
            if scope == moc_node::TokenScope::Read && !safe {
                return Err(Problem::message(
                    Kind::Forbidden,
                    "server-detail-read-only-token",
                    Vec::new(),
                )
                .with("code", "read-only-token"));
            }
            return Ok(Caller {
                actor: Some(actor),
                via: Via::Token,
            });
        }
        let had_cookie = parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| {
                v.split(';')
                    .any(|c| c.trim_start().starts_with(&format!("{SESSION_COOKIE}=")))
            });
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, why)| internal(why))?;
        let user: Option<String> = session.get(USER_KEY).await.map_err(internal)?;
        let Some(user) = user else {
            let via = if had_cookie {
                Via::StaleSession
            } else {
                Via::Nothing
            };
            return Ok(Caller { actor: None, via });
        };
        let Ok(actor) = state.node.actor(&user) else {
            // Disabled or removed since it signed in.
            session.flush().await.map_err(internal)?;
            return Err(session_invalid());
        };
        if !safe {
            check_csrf(parts, &session).await?;
        }
        Ok(Caller {
            actor: Some(actor),
            via: Via::Session,
        })
    }
}

/// An unsafe request of a session must carry the session's CSRF token and
/// not come from another site.
async fn check_csrf(parts: &Parts, session: &Session) -> Result<(), Problem> {
    let refuse =
        || Problem::message(Kind::Forbidden, "server-detail-csrf", Vec::new()).with("code", "csrf");
    let cross_site = parts
        .headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site");
    if cross_site {
        return Err(refuse());
    }
    let expected: Option<String> = session.get(CSRF_KEY).await.map_err(internal)?;
    let given = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    match (expected, given) {
        (Some(e), Some(g)) if same(e.as_bytes(), g.as_bytes()) => Ok(()),
        _ => Err(refuse()),
    }
}

/// Who posted a page's form.
pub(crate) enum FormCaller {
    /// No live session: the form goes to the sign-in page.
    Public,
    /// A session, but the form's token is not its own, or the request
    /// comes from another site.
    Forged,
    /// A signed-in account, its form checked.
    Actor(Actor),
}

/// The caller of a page's form post: the session's account, if the
/// form's `token` is the session's CSRF token and the browser does not
/// say the request comes from another site. (The [`Caller`] extractor
/// wants the token in a header, which a form without script cannot send.)
pub(crate) async fn form_caller(
    state: &AppState,
    session: &Session,
    headers: &axum::http::HeaderMap,
    token: &str,
) -> Result<FormCaller, Problem> {
    let user: Option<String> = session.get(USER_KEY).await.map_err(internal)?;
    let Some(user) = user else {
        return Ok(FormCaller::Public);
    };
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site");
    let expected: Option<String> = session.get(CSRF_KEY).await.map_err(internal)?;
    if cross_site || !expected.is_some_and(|e| same(e.as_bytes(), token.as_bytes())) {
        return Ok(FormCaller::Forged);
    }
    match state.node.actor(&user) {
        Ok(actor) => Ok(FormCaller::Actor(actor)),
        Err(_) => {
            // Disabled or removed since it signed in.
            session.flush().await.map_err(internal)?;
            Ok(FormCaller::Public)
        }
    }
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A signed-in caller, for writes.
pub(crate) struct Acting(pub(crate) Actor);

impl FromRequestParts<AppState> for Acting {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let caller = Caller::from_request_parts(parts, state).await?;
        match caller.actor {
            Some(a) => Ok(Acting(a)),
            None => Err(caller.refusal(DomainError::SignInRequired { action: "act" })),
        }
    }
}

/// Sign-in attempts allowed per account: 5 at once, then one every 12 s.
pub(crate) struct SignInLimits {
    per_account: DefaultKeyedRateLimiter<String>,
}

impl SignInLimits {
    pub(crate) fn new() -> Self {
        let quota = Quota::with_period(Duration::from_secs(12))
            .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(5).unwrap_or(NonZeroU32::MIN));
        SignInLimits {
            per_account: RateLimiter::keyed(quota),
        }
    }

    /// Counts one attempt on `user`; `Err(seconds)` when over the limit.
    fn check(&self, user: &str) -> Result<(), u64> {
        // Every malformed id shares one bucket: random ids cannot grow the
        // table.
        let key = UserId::new(user).map_or_else(|_| "(malformed)".to_owned(), |u| u.to_string());
        if self.per_account.len() > 10_000 {
            self.per_account.retain_recent();
        }
        self.per_account.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ));
            wait.as_secs().max(1)
        })
    }
}

/// The client's address for the per-address limit; requests that come
/// without one (in-process tests) share one bucket.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PeerIp;

impl KeyExtractor for PeerIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        Ok(req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip()))
    }
}

/// A 429 problem with `Retry-After`.
pub(crate) fn too_many(seconds: u64) -> Problem {
    Problem::message(
        Kind::TooManyRequests,
        "server-detail-too-many",
        vec![("seconds", moc_i18n::Arg::from(seconds))],
    )
    .with("code", "too-many-attempts")
    .with("retry_after", seconds)
    .with_header_value(header::RETRY_AFTER, HeaderValue::from(seconds))
}

/// The per-address limit's answer, as a problem.
pub(crate) fn governor_refusal(e: GovernorError) -> Response {
    match e {
        GovernorError::TooManyRequests { wait_time, .. } => {
            too_many(wait_time.max(1)).into_response()
        }
        _ => Problem::internal(&"rate limiter").into_response(),
    }
}

/// The body of `POST /api/v1/session`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignIn {
    user: String,
    password: String,
}

/// Who the caller is.
#[derive(Serialize, ToSchema)]
pub(crate) struct WhoAmI {
    user: UserId,
    party: PartyId,
    roles: BTreeSet<Role>,
    /// The token every unsafe request of this session sends as
    /// `X-CSRF-Token`; null when the caller used a bearer token.
    csrf_token: Option<String>,
}

fn whoami(actor: &Actor, csrf: Option<String>) -> WhoAmI {
    WhoAmI {
        user: actor.user.clone(),
        party: actor.party.clone(),
        roles: actor.roles.clone(),
        csrf_token: csrf,
    }
}

/// `POST /api/v1/session`: signs in, answers the account and the CSRF
/// token the session's unsafe requests must carry.
#[utoipa::path(
    post,
    path = "/api/v1/session",
    tag = "session",
    operation_id = "sign_in",
    summary = "Sign in: a session cookie and its CSRF token",
    request_body = SignIn,
    security(()),
    responses(
        (status = 200, description = "Signed in: the session cookie is set.", body = WhoAmI),
        SignInRefusals,
    ),
)]
pub(crate) async fn sign_in(
    State(app): State<AppState>,
    session: Session,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<Response, Problem> {
    let actor = authenticate(&app, &body.user, &body.password)
        .await
        .map_err(|refusal| match refusal {
            Refusal::TooMany(seconds) => too_many(seconds),
            Refusal::BadCredentials => bad_credentials(),
            Refusal::Failed(problem) => problem,
        })?;
    let csrf = start_session(&session, &actor).await?;
    Ok(Json(whoami(&actor, Some(csrf))).into_response())
}

/// Why a sign-in was refused.
pub(crate) enum Refusal {
    /// Over the per-account limit: retry after these seconds.
    TooMany(u64),
    /// No such account, or not this password (the caller is not told which).
    BadCredentials,
    /// The node failed.
    Failed(Problem),
}

/// Checks a user's password under the per-account limit: the API's
/// sign-in and the sign-in page share it.
pub(crate) async fn authenticate(
    app: &AppState,
    user: &str,
    password: &str,
) -> Result<Actor, Refusal> {
    app.sign_in_limits.check(user).map_err(Refusal::TooMany)?;
    match app.node.sign_in(user, password).await {
        Ok(a) => Ok(a),
        Err(NodeError::BadCredentials) => {
            // The id only when it names an account: a typed id may be
            // anything, a password pasted in the wrong field included.
            match app.node.accounts().get(user) {
                Some(a) => tracing::warn!(user = a.user.as_str(), "sign-in refused"),
                None => tracing::warn!("sign-in refused"),
            }
            Err(Refusal::BadCredentials)
        }
        Err(e) => Err(Refusal::Failed(e.into())),
    }
}

/// Makes `session` the signed-in session of `actor`, under a new id, and
/// answers its CSRF token. The API's sign-in and the sign-in page share it.
pub(crate) async fn start_session(session: &Session, actor: &Actor) -> Result<String, Problem> {
    session.cycle_id().await.map_err(internal)?;
    let csrf = random_token();
    session
        .insert(USER_KEY, actor.user.as_str())
        .await
        .map_err(internal)?;
    session.insert(CSRF_KEY, &csrf).await.map_err(internal)?;
    tracing::info!(user = actor.user.as_str(), "signed in");
    Ok(csrf)
}

/// 256 random bits, URL-safe: CSRF and form tokens.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The account of a signed-in session, if it is one.
pub(crate) async fn session_user(session: &Session) -> Result<Option<String>, Problem> {
    session.get(USER_KEY).await.map_err(internal)
}

/// The CSRF token of a signed-in session, if it is one.
pub(crate) async fn session_csrf(session: &Session) -> Result<Option<String>, Problem> {
    session.get(CSRF_KEY).await.map_err(internal)
}

/// Whether a form's token is the session's: same bytes, compared in
/// constant time.
pub(crate) fn same_token(expected: &str, given: &str) -> bool {
    same(expected.as_bytes(), given.as_bytes())
}

/// `GET /api/v1/session`: who the caller is.
#[utoipa::path(
    get,
    path = "/api/v1/session",
    tag = "session",
    operation_id = "current_session",
    summary = "Who the caller is",
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The caller's account.", body = WhoAmI), ReadRefusals),
)]
pub(crate) async fn current(caller: Caller, session: Session) -> Result<Response, Problem> {
    let Some(actor) = &caller.actor else {
        return Err(caller.refusal(DomainError::SignInRequired { action: "session" }));
    };
    let csrf: Option<String> = if caller.via == Via::Session {
        session.get(CSRF_KEY).await.map_err(internal)?
    } else {
        None
    };
    Ok(Json(whoami(actor, csrf)).into_response())
}

/// `DELETE /api/v1/session`: signs out (the CSRF token is required, as on
/// every unsafe request).
#[utoipa::path(
    delete,
    path = "/api/v1/session",
    tag = "session",
    operation_id = "sign_out",
    summary = "Sign out",
    security(("token" = []), ("session" = [])),
    responses((status = 204, description = "Signed out."), WriteRefusals),
)]
pub(crate) async fn sign_out(Acting(actor): Acting, session: Session) -> Result<Response, Problem> {
    session.flush().await.map_err(internal)?;
    tracing::info!(user = actor.user.as_str(), "signed out");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The state's limiter, shared.
pub(crate) fn limits() -> Arc<SignInLimits> {
    Arc::new(SignInLimits::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_limit_admits_five_then_refuses() {
        let limits = SignInLimits::new();
        for _ in 0..5 {
            assert!(limits.check("cma-officer").is_ok());
        }
        let wait = limits.check("cma-officer").unwrap_err();
        assert!((1..=12).contains(&wait), "{wait}");
        // Other accounts are not affected.
        assert!(limits.check("fama-officer").is_ok());
        // Malformed ids share one bucket.
        for i in 0..5 {
            assert!(limits.check(&format!("Bad Id {i}")).is_ok());
        }
        assert!(limits.check("Another Bad Id").is_err());
    }
}
