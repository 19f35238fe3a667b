//! What handlers take from a request, each with a problem as its
//! rejection: a JSON body, a path, a query string, and the reader's
//! language. Who is asking is `crate::auth`'s.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::HeaderMap;
use axum::http::header;
use axum::http::request::Parts;
use moc_i18n::{Arg, Lang};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::problem::{Kind, Problem};

/// The largest request body read, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON body: `application/json` (or `application/*+json`), at most
/// [`BODY_LIMIT`] bytes, read strictly.
///
/// Rejections: 415 for another media type, 413 for a body too large, 400
/// naming the line and column for text that is not JSON, 422 for JSON that
/// does not fit the type (an unknown field, a missing one, a bad code).
pub(crate) struct ApiJson<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        if !is_json(req.headers()) {
            return Err(Problem::message(
                Kind::UnsupportedMediaType,
                "server-detail-content-type",
                Vec::new(),
            ));
        }
        let bytes = body_bytes(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The raw body, at most [`BODY_LIMIT`] bytes.
pub(crate) async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Problem> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            Problem::message(
                Kind::BodyTooLarge,
                "server-detail-body-too-large",
                vec![("limit", Arg::from(BODY_LIMIT))],
            )
            .with("limit", BODY_LIMIT)
        } else {
            Problem::message(
                Kind::BadRequest,
                "server-detail-unreadable-body",
                Vec::new(),
            )
        }
    })
}

/// Reads JSON text into `T`, with problems naming where it went wrong.
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    serde_json::from_slice(bytes).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        match e.classify() {
            Category::Data => {
                let text = e.to_string();
                let code = if text.starts_with("unknown field") {
                    "unknown-field"
                } else {
                    "bad-value"
                };
                Problem::text(Kind::Invalid, text)
                    .with("code", code)
                    .with("line", line)
                    .with("column", column)
            }
            Category::Syntax | Category::Eof | Category::Io => Problem::message(
                Kind::MalformedJson,
                "server-detail-malformed-json",
                vec![("line", Arg::from(line)), ("column", Arg::from(column))],
            )
            .with("line", line)
            .with("column", column),
        }
    })
}

/// Whether the request says its body is JSON.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Path parameters read into `T`; a malformed one (bad percent-encoding)
/// names nothing, a 404 problem.
pub(crate) struct ApiPath<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(p)| ApiPath(p))
            .map_err(|_| Problem::not_found())
    }
}

/// A query string read into `T`; a malformed one is a 400 problem.
pub(crate) struct ApiQuery<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| ApiQuery(q))
            .map_err(|e| Problem::text(Kind::BadRequest, e.body_text()))
    }
}

/// The cookie that remembers the language a reader chose.
pub(crate) const LANG_COOKIE: &str = "moc_lang";

/// The language a query asks for: `?lang=fr|en|ar`.
pub(crate) fn asked_lang(query: Option<&str>) -> Option<Lang> {
    query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == "lang").then(|| Lang::parse(v)).flatten()
        })
}

/// The value of cookie `name`.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
}

/// The reader's language: `?lang=fr|en|ar`, else the one they chose
/// before (the `moc_lang` cookie the language switch leaves), else the
/// best of `Accept-Language` that moc speaks, else French.
pub(crate) fn negotiate(query: Option<&str>, headers: &HeaderMap) -> Lang {
    if let Some(lang) = asked_lang(query) {
        return lang;
    }
    if let Some(lang) = cookie(headers, LANG_COOKIE).and_then(|v| Lang::parse(&v)) {
        return lang;
    }
    headers
        .get_all(header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(accept_language)
        .unwrap_or_default()
}

/// The language moc speaks that an `Accept-Language` value prefers most
/// (RFC 9110, section 12.5.4): highest weight first, the earlier range on a
/// tie, ranges of weight 0 never.
fn accept_language(value: &str) -> Option<Lang> {
    let mut ranges: Vec<(u16, usize, Lang)> = Vec::new();
    for (position, item) in value.split(',').enumerate() {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let mut weight = 1000u16;
        for param in parts {
            if let Some(q) = param.trim().strip_prefix("q=") {
                weight = parse_weight(q.trim()).unwrap_or(0);
            }
        }
        if weight == 0 {
            continue;
        }
        if let Some(lang) = Lang::parse(tag) {
            ranges.push((weight, position, lang));
        }
    }
    ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.first().map(|r| r.2)
}

/// A weight `0` to `1` with up to three decimals, in thousandths.
fn parse_weight(q: &str) -> Option<u16> {
    let (int, frac) = q.split_once('.').unwrap_or((q, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac_value: u16 = format!("{frac:0<3}").parse().ok()?;
    match int {
        "0" => Some(frac_value),
        "1" if frac_value == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn check(query: Option<&str>, accept: Option<&str>, expected: Lang) {
        let mut headers = HeaderMap::new();
        if let Some(a) = accept {
            headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(a).unwrap());
        }
        assert_eq!(
            negotiate(query, &headers),
            expected,
            "query {query:?}, accept {accept:?}"
        );
    }

    #[test]
    fn language_from_query_then_header_then_french() {
        check(None, None, Lang::Fr);
        check(Some("lang=ar"), Some("en"), Lang::Ar);
        check(Some("x=1&lang=en"), None, Lang::En);
        check(Some("lang=de"), Some("ar-ML"), Lang::Ar);
        check(None, Some("en-GB,en;q=0.9"), Lang::En);
        check(None, Some("de, ar;q=0.5, en;q=0.4"), Lang::Ar);
        check(None, Some("en;q=0.2, ar;q=0.8"), Lang::Ar);
        check(None, Some("en;q=0, de"), Lang::Fr);
        check(None, Some("*"), Lang::Fr);
        check(None, Some("en;q=abc, ar;q=0.1"), Lang::Ar);
    }

    #[test]
    fn a_chosen_language_is_remembered_below_the_query_above_the_header() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en"));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("moc_session=abc; moc_lang=ar"),
        );
        assert_eq!(negotiate(None, &headers), Lang::Ar);
        assert_eq!(negotiate(Some("lang=fr"), &headers), Lang::Fr);
        headers.insert(header::COOKIE, HeaderValue::from_static("moc_lang=xx"));
        assert_eq!(
            negotiate(None, &headers),
            Lang::En,
            "a bad cookie is ignored"
        );
        assert_eq!(cookie(&headers, "moc_lang").as_deref(), Some("xx"));
        assert_eq!(cookie(&headers, "moc"), None);
    }

    #[test]
    fn weights_parse_as_rfc_9110_writes_them() {
        assert_eq!(parse_weight("1"), Some(1000));
        assert_eq!(parse_weight("1.000"), Some(1000));
        assert_eq!(parse_weight("0.5"), Some(500));
        assert_eq!(parse_weight("0.125"), Some(125));
        assert_eq!(parse_weight("0.1234"), None);
        assert_eq!(parse_weight("1.5"), None);
        assert_eq!(parse_weight("2"), None);
    }

    #[test]
    fn json_media_types() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        for (value, ok) in [
            ("application/json", true),
            ("Application/JSON; charset=utf-8", true),
            ("application/merge-patch+json", true),
            ("text/plain", false),
            ("application/jsonx", false),
        ] {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            assert_eq!(is_json(&h), ok, "{value}");
        }
    }

    #[test]
    fn json_errors_are_located_and_classified() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let p = parse_json::<T>(b"{\n  \"a\": 1,\n  oops").unwrap_err();
        assert_eq!(p.kind(), Kind::MalformedJson);
        let v: serde_json::Value = serde_json::from_slice(&p.body(Lang::En)).unwrap();
        assert_eq!(v["line"], 3);
        assert!(v["detail"].as_str().unwrap().contains('3'), "{v}");
        let p = parse_json::<T>(br#"{"a": 1, "b": 2}"#).unwrap_err();
        assert_eq!(p.kind(), Kind::Invalid);
        let v: serde_json::Value = serde_json::from_slice(&p.body(Lang::En)).unwrap();
        assert_eq!(v["code"], "unknown-field");
        let p = parse_json::<T>(br#"{"a": "x"}"#).unwrap_err();
        assert_eq!(p.kind(), Kind::Invalid);
        assert!(parse_json::<T>(br#"{"a": 7}"#).is_ok());
    }
}
