//! The web pages: thin handlers that read the node, count with
//! `crate::figures`, and render with `moc_web`.
//!
//! | route | page |
//! |---|---|
//! | `GET /` | the public transparency page: figures and checkpoints, no login |
//! | `GET /sign-in`, `POST /sign-in` | the sign-in form |
//! | `POST /sign-out` | signs out (the session's CSRF token in the form) |
//! | `GET /dashboard?m=` | charts of one mechanism, for signed-in accounts |
//! | `GET /map?m=&type=&region=&from=&to=` | incidents on a map (its script reads the incidents API) |
//! | `GET /incidents?m=&type=&region=&status=&from=&to=&q=&offset=` | the incidents list (`incident_pages`) |
//! | `GET /incident?m=&id=` | one incident: sources, range, claims, investigations, timeline |
//! | `GET /ledger?m=&entry=&old=`, `GET /ledger/proof` | checkpoint, cosignatures, proofs (`ledger_pages`) |
//! | `GET /members?m=&party=&status=&q=&offset=`, `GET /vetting?m=`, `POST /vetting/{open,approve,reject}` | the members and the vetting queue (`member_pages`) |
//! | `GET /roster?m=&from=` | a week of patrols per zone and day, rules broken flagged (`roster_pages`) |
//! | `GET /patrols?m=&zone=&status=&day=&waiting=&offset=`, `GET /patrol?m=&id=` | the patrols and one patrol (`patrol_pages`) |
//! | `POST /patrol/{start,report,endorse,abort}` | a patrol's forms, with the session's CSRF token |
//! | `GET /incidents/new?m=&intake=`, `POST /incidents/new`, `POST /incident/source` | file an incident, add a source (`incident_forms`) |
//! | `GET /intake?m=`, `POST /intake/{source,reject}` | review candidate incidents read from articles (`intake_pages`) |
//! | `GET /assets/{build}/{*path}` | the embedded CSS, scripts and fonts |
//!
//! Forms post plain `application/x-www-form-urlencoded` bodies, so pages
//! work without script. The sign-in form is protected against login CSRF
//! by a token in the form and in a cookie scoped to `/sign-in` (double
//! submit; the cookie is `SameSite=Strict`, and a cross-site
//! `Sec-Fetch-Site` is refused); the sign-out form carries the session's
//! own CSRF token. Sign-in attempts share the API's limits, per account
//! and per address.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use moc_domain::access::{Action, Target};
use moc_i18n::{Arg, Lang, tr};
use moc_web::{Chrome, Page, SignInForm};
use serde::Deserialize;
use tower_governor::GovernorError;
use tower_sessions::Session;

use crate::AppState;
use crate::auth::{self, Caller, Refusal};
use crate::extract::negotiate;
use crate::problem::Problem;

/// The cookie holding the sign-in form's token.
const FORM_COOKIE: &str = "moc_form";

/// `GET /`.
pub(crate) async fn public(
    State(app): State<AppState>,
    caller: Caller,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let lang = negotiate(uri.query(), &headers);
    let mechanisms = all_figures(&app, lang).await;
    let chrome = chrome(lang, Page::Public, &caller, None);
    let html = moc_web::public(&chrome, &mechanisms).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, StatusCode::OK, html))
}

/// The start of a page handler: the reader's language, the caller's right
/// to `action`, and the page's frame with the session's CSRF token (for
/// the sign-out form). A page for accounts sends the public to the sign-in
/// page instead (`Ok(Err(redirect))`).
pub(crate) async fn open_page(
    caller: &Caller,
    session: &Session,
    uri: &Uri,
    headers: &HeaderMap,
    page: Page,
    action: Action,
) -> Result<Result<Chrome, Response>, Problem> {
    let lang = negotiate(uri.query(), headers);
    let for_accounts = !matches!(action, Action::ReadPublic);
    if for_accounts && caller.actor.is_none() {
        let to = format!("{}?lang={}", Page::SignIn.path(), lang.code());
        return Ok(Err(Redirect::to(&to).into_response()));
    }
    caller.allow(action, Target::Whole)?;
    let csrf = auth::session_csrf(session).await?;
    Ok(Ok(chrome(lang, page, caller, csrf)))
}

/// The query value `key`, percent-decoded; empty when absent.
pub(crate) fn query_text(query: Option<&str>, key: &str) -> String {
    query_value(query, key).map(decode).unwrap_or_default()
}

/// Every mechanism's figures, with its log's checkpoint.
async fn all_figures(app: &AppState, lang: Lang) -> Vec<moc_web::figures::Mechanism> {
    let mut checkpoints = std::collections::BTreeMap::new();
    for log in app.node.logs().await {
        let path = log.dir.join(moc_ledger::storage::CHECKPOINT);
        // A log without a checkpoint yet shows none; the figures still do.
        if let Ok(bytes) = tokio::fs::read(&path).await {
            checkpoints.insert(log.mechanism.clone(), crate::figures::checkpoint(&bytes));
        }
    }
    let state = app.node.state().await;
    state
        .mechanisms
        .values()
        .map(|m| {
            let checkpoint = checkpoints.get(&m.id).cloned().flatten();
            crate::figures::mechanism(m, lang, checkpoint)
        })
        .collect()
}

/// `GET /dashboard?m=`: the signed-in reader's charts; the public is sent
/// to the sign-in page.
pub(crate) async fn dashboard(
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
        Page::Dashboard,
        Action::ReadPatrols,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let lang = chrome.lang;
    let asked = query_value(uri.query(), "m");
    let mechanisms = all_figures(&app, lang).await;
    let all: Vec<(String, String)> = mechanisms
        .iter()
        .map(|m| (m.id.clone(), m.name.clone()))
        .collect();
    let shown = match asked {
        Some(id) => mechanisms.iter().find(|m| m.id == id),
        // The largest mechanism first: a node holds one battalion and,
        // perhaps, smaller ones beside it.
        None => mechanisms.iter().max_by_key(|m| m.members),
    };
    let Some(shown) = shown else {
        let html = moc_web::public(&chrome, &[]).map_err(|e| Problem::internal(&e))?;
        return Ok(page(lang, StatusCode::NOT_FOUND, html));
    };
    chrome.keep.push(("m".into(), shown.id.clone()));
    let html = moc_web::dashboard(&chrome, &all, shown).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, StatusCode::OK, html))
}

/// `GET /map?m=&type=&region=&from=&to=`: the incidents on a map, for
/// everyone (incidents are public). The filters are checked here: a date
/// that is not one is said beside its field and left out of the incidents
/// URL the page's script reads; an unknown type or region is ignored.
pub(crate) async fn map(
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
        Page::Map,
        Action::ReadPublic,
    )
    .await?
    {
        Ok(chrome) => chrome,
        Err(sign_in) => return Ok(sign_in),
    };
    let lang = chrome.lang;
    let q = uri.query();
    let value = |k: &str| query_text(q, k);
    let view = {
        let state = app.node.state().await;
        let Some(m) = shown_mechanism(&state, q) else {
            drop(state);
            return not_found_page(&chrome);
        };
        let mut regions: Vec<String> = m.zones.values().map(|z| z.region.clone()).collect();
        regions.sort();
        regions.dedup();
        let types: Vec<(String, String)> = moc_domain::moc_incidents::EventType::ALL
            .iter()
            .map(|t| {
                let slug = t.slug().to_owned();
                let label = tr(lang, &format!("event-type-{slug}"), &[]);
                (slug, label)
            })
            .collect();
        let mut filter = moc_web::MapFilter {
            event_type: value("type"),
            region: value("region"),
            from: value("from"),
            to: value("to"),
        };
        if !types.iter().any(|(slug, _)| *slug == filter.event_type) {
            filter.event_type.clear();
        }
        if !regions.contains(&filter.region) {
            filter.region.clear();
        }
        let errors = date_errors(&filter.from, &filter.to);
        let mut url = format!(
            "/api/v1/mechanisms/{}/incidents?limit={}",
            m.id,
            moc_store::MAX_INCIDENT_PAGE
        );
        for (key, v, ok) in [
            ("type", &filter.event_type, true),
            ("region", &filter.region, true),
            ("from", &filter.from, !errors.contains(&"from")),
            ("to", &filter.to, !errors.contains(&"to")),
        ] {
            if ok && !v.is_empty() {
                url.push_str(&format!("&{key}={}", moc_web::encode_query(v)));
            }
        }
        let name = crate::incident_pages::mechanism_name(m, lang);
        moc_web::MapView {
            mechanism: m.id.to_string(),
            name: name.to_owned(),
            types,
            regions,
            filter,
            errors,
            incidents_url: url,
        }
    };
    chrome.keep.push(("m".into(), view.mechanism.clone()));
    let status = if !view.errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = moc_web::map(&chrome, &view).map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, status, html))
}

/// The mechanism a page's `?m=` names or, without one, the largest (a
/// node holds one battalion and, perhaps, smaller ones beside it).
pub(crate) fn shown_mechanism<'a>(
    state: &'a moc_domain::State,
    query: Option<&str>,
) -> Option<&'a moc_domain::Mechanism> {
    match query_value(query, "m") {
        Some(id) => state.mechanisms.values().find(|m| m.id.as_str() == id),
        None => state.mechanisms.values().max_by_key(|m| m.members.len()),
    }
}

/// A 404 page for a mechanism or record that does not exist: the public
/// page's frame with nothing in it.
pub(crate) fn not_found_page(chrome: &Chrome) -> Result<Response, Problem> {
    let html = moc_web::public(chrome, &[]).map_err(|e| Problem::internal(&e))?;
    Ok(page(chrome.lang, StatusCode::NOT_FOUND, html))
}

/// The date filters (`from`, `to`) that are typed but not dates.
pub(crate) fn date_errors(from: &str, to: &str) -> Vec<&'static str> {
    [("from", from), ("to", to)]
        .into_iter()
        .filter(|(_, v)| !v.is_empty() && !is_date(v))
        .map(|(field, _)| field)
        .collect()
}

/// Whether `text` is a `YYYY-MM-DD` date with a month 01–12 and a day
/// 01–31.
pub(crate) fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let number = |r: std::ops::Range<usize>| text.get(r).and_then(|t| t.parse::<u8>().ok());
    b.len() == 10
        && digits(0..4)
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(5..7)
        && digits(8..10)
        && number(5..7).is_some_and(|m| (1..=12).contains(&m))
        && number(8..10).is_some_and(|d| (1..=31).contains(&d))
}

/// Percent-decodes a query value (`+` is a space); invalid UTF-8 is
/// replaced, which then matches no choice.
pub(crate) fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(v) = hex {
                    out.push(v);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `GET /sign-in`: an empty form, with a fresh form token.
pub(crate) async fn sign_in_form(
    caller: Caller,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let lang = negotiate(uri.query(), &headers);
    let form = SignInForm {
        token: auth::random_token(),
        ..SignInForm::default()
    };
    render_sign_in(lang, &caller, form, StatusCode::OK)
}

/// The sign-in form's fields; missing ones read as empty, so that every
/// bad input is shown beside its field rather than refused as a body.
#[derive(Deserialize)]
pub(crate) struct SignInFields {
    #[serde(default)]
    user: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    token: String,
}

/// `POST /sign-in`.
pub(crate) async fn sign_in(
    State(app): State<AppState>,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
    Form(fields): Form<SignInFields>,
) -> Result<Response, Problem> {
    // Not `Caller`: it would ask a signed-in browser for the CSRF header
    // that a plain form cannot send. The form's own token stands for it.
    let caller = Caller::public();
    let lang = negotiate(uri.query(), &headers);
    let user = fields.user.trim().to_owned();
    let mut form = SignInForm {
        user: user.clone(),
        token: auth::random_token(),
        ..SignInForm::default()
    };
    let cookie = cookie_value(&headers, FORM_COOKIE);
    let forged = cross_site(&headers)
        || cookie.is_none_or(|c| fields.token.is_empty() || !auth::same_token(&c, &fields.token));
    if forged {
        form.form_error = Some(tr(lang, "web-sign-in-expired", &[]));
        return render_sign_in(lang, &caller, form, StatusCode::FORBIDDEN);
    }
    if user.is_empty() {
        form.user_error = Some("web-sign-in-user-missing".into());
    }
    if fields.password.is_empty() {
        form.password_error = Some("web-sign-in-password-missing".into());
    }
    if form.user_error.is_some() || form.password_error.is_some() {
        return render_sign_in(lang, &caller, form, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let actor = match auth::authenticate(&app, &user, &fields.password).await {
        Ok(actor) => actor,
        Err(Refusal::TooMany(seconds)) => {
            form.form_error = Some(tr(
                lang,
                "web-sign-in-too-many",
                &[("seconds", Arg::from(seconds))],
            ));
            let mut r = render_sign_in(lang, &caller, form, StatusCode::TOO_MANY_REQUESTS)?;
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            return Ok(r);
        }
        Err(Refusal::BadCredentials) => {
            form.form_error = Some(tr(lang, "web-sign-in-bad", &[]));
            return render_sign_in(lang, &caller, form, StatusCode::UNAUTHORIZED);
        }
        Err(Refusal::Failed(problem)) => return Err(problem),
    };
    auth::start_session(&session, &actor).await?;
    let mut r =
        Redirect::to(&format!("{}?lang={}", Page::Dashboard.path(), lang.code())).into_response();
    // The form token has served.
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "moc_form=; Path=/sign-in; Max-Age=0; HttpOnly; Secure; SameSite=Strict",
        ),
    );
    Ok(r)
}

/// The form's body for sign-out.
#[derive(Deserialize)]
pub(crate) struct SignOutFields {
    #[serde(default)]
    csrf: String,
}

/// `POST /sign-out`: ends the session if the form carries its CSRF token.
pub(crate) async fn sign_out(
    session: Session,
    uri: Uri,
    headers: HeaderMap,
    Form(fields): Form<SignOutFields>,
) -> Result<Response, Problem> {
    // Not `Caller`, as for signing in: the form carries the CSRF token.
    let lang = negotiate(uri.query(), &headers);
    let home = format!("{}?lang={}", Page::Public.path(), lang.code());
    let expected = auth::session_csrf(&session).await?;
    let Some(expected) = expected else {
        // Not signed in (any more): nothing to end.
        return Ok(Redirect::to(&home).into_response());
    };
    if cross_site(&headers) || !auth::same_token(&expected, &fields.csrf) {
        return forged_form(lang);
    }
    let user = auth::session_user(&session).await?;
    session.flush().await.map_err(|e| Problem::internal(&e))?;
    if let Some(user) = user {
        tracing::info!(user = user.as_str(), "signed out");
    }
    Ok(Redirect::to(&home).into_response())
}

/// Whether the node would accept `command` from `actor` now: the domain's
/// own rules, run without recording anything.
pub(crate) fn would_accept(
    state: &moc_domain::State,
    actor: Option<&moc_domain::Actor>,
    command: &moc_domain::Command,
) -> bool {
    actor.is_some_and(|a| moc_domain::decide(state, command, a, now()).is_ok())
}

pub(crate) fn now() -> moc_domain::Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    moc_domain::Timestamp(seconds)
}

/// A domain value's code: its serde name (`staff-sergeant`), which the
/// translation files' `{family}-{code}` keys use.
pub(crate) fn serde_code<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A form whose token is not the session's, or posted from another site:
/// a 403 page that says to reload and try again.
pub(crate) fn forged_form(lang: Lang) -> Result<Response, Problem> {
    let chrome = chrome(lang, Page::Public, &Caller::public(), None);
    let html = moc_web::message(
        &chrome,
        &tr(lang, "web-error-title", &[]),
        &tr(lang, "web-error-csrf", &[]),
    )
    .map_err(|e| Problem::internal(&e))?;
    Ok(page(lang, StatusCode::FORBIDDEN, html))
}

/// Over the per-address limit on `POST /sign-in`: a page, in French (the
/// limiter runs before the request's language is read).
pub(crate) fn too_many_page(e: GovernorError) -> Response {
    let seconds = match e {
        GovernorError::TooManyRequests { wait_time, .. } => wait_time.max(1),
        _ => 1,
    };
    let lang = Lang::Fr;
    let chrome = Chrome::new(lang, Page::SignIn);
    let text = tr(
        lang,
        "web-sign-in-too-many",
        &[("seconds", Arg::from(seconds))],
    );
    match moc_web::message(&chrome, &tr(lang, "web-error-title", &[]), &text) {
        Ok(html) => {
            let mut r = page(lang, StatusCode::TOO_MANY_REQUESTS, html);
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            r
        }
        Err(e) => Problem::internal(&e).into_response(),
    }
}

/// `GET /assets/{build}/{*path}`: an embedded file. Under the current
/// build id it is cached for a year; under another (a page from an older
/// binary) it is served but revalidated.
pub(crate) async fn asset(
    axum::extract::Path((build, path)): axum::extract::Path<(String, String)>,
) -> Response {
    let Some(asset) = moc_web::assets::get(&path) else {
        return Problem::not_found().into_response();
    };
    let cache = if build == moc_web::assets::build_id() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut r = (StatusCode::OK, asset.bytes.into_owned()).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r
}

fn render_sign_in(
    lang: Lang,
    caller: &Caller,
    form: SignInForm,
    status: StatusCode,
) -> Result<Response, Problem> {
    let chrome = chrome(lang, Page::SignIn, caller, None);
    let html = moc_web::sign_in(&chrome, &form).map_err(|e| Problem::internal(&e))?;
    let mut r = page(lang, status, html);
    let cookie = format!(
        "{FORM_COOKIE}={}; Path=/sign-in; HttpOnly; Secure; SameSite=Strict",
        form.token
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

/// The frame of a page for this caller.
pub(crate) fn chrome(lang: Lang, page: Page, caller: &Caller, csrf: Option<String>) -> Chrome {
    let mut chrome = Chrome::new(lang, page);
    chrome.user = caller.actor.as_ref().map(|a| a.user.to_string());
    chrome.csrf = csrf;
    chrome
}

/// An HTML answer in `lang`, never stored by caches (pages name the
/// signed-in account).
pub(crate) fn page(lang: Lang, status: StatusCode, html: String) -> Response {
    let mut r = (status, Html(html)).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(lang.code()) {
        h.insert(header::CONTENT_LANGUAGE, v);
    }
    h.insert(
        header::VARY,
        HeaderValue::from_static("accept-language, cookie"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// A browser's word that the request comes from another site.
fn cross_site(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
}

/// The value of cookie `name`.
fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    crate::extract::cookie(headers, name)
}

/// The first value of `key` in a query string (ids only: no decoding
/// needed, anything else finds no mechanism).
pub(crate) fn query_value<'a>(query: Option<&'a str>, key: &str) -> Option<&'a str> {
    query?.split('&').find_map(|pair| {
        pair.split_once('=')
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_and_queries_are_read_by_name() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; moc_form=xyz"),
        );
        assert_eq!(cookie_value(&h, "moc_form").as_deref(), Some("xyz"));
        assert_eq!(cookie_value(&h, "moc"), None);
        assert_eq!(query_value(Some("lang=fr&m=moc-gao"), "m"), Some("moc-gao"));
        assert_eq!(query_value(Some("lang=fr"), "m"), None);
        assert_eq!(query_value(None, "m"), None);
    }

    #[test]
    fn dates_and_query_values() {
        for good in ["2017-01-18", "1999-12-31"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "",
            "2017-1-18",
            "2017-13-01",
            "2017-00-10",
            "2017-01-32",
            "20170118xx",
            "2017/01/18",
            "٢٠١٧-٠١-١٨",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        assert_eq!(decode("M%C3%A9naka+Nord"), "Ménaka Nord");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(
            moc_web::encode_query("Ménaka Nord&x"),
            "M%C3%A9naka%20Nord%26x"
        );
        assert_eq!(
            decode(&moc_web::encode_query("Tombouctou é")),
            "Tombouctou é"
        );
    }
}
