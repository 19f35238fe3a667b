//! The one web error type: RFC 9457 problem details.
//!
//! Every error the server answers is a [`Problem`]: a kind (which fixes the
//! status, the `type` URI and the title), a detail, extension members and
//! sometimes headers (`WWW-Authenticate`). The body is
//! `application/problem+json` with the members `type`, `title`, `status`,
//! `detail` and the extensions (`code` and the domain error's numbers).
//!
//! Titles, and the details the server writes itself, come from the
//! `server-*` messages of `moc-i18n`; a domain refusal's detail from its
//! `domain-<code>` message, with the error's details as arguments. A
//! response is first rendered in French; the edge middleware
//! (`crate::edge`) renders it again in the request's language, which
//! `IntoResponse` cannot know. Details that are another library's error
//! text (a JSON parser's message) stay in English.
//!
//! Internal failures become a bare 500 whose detail says nothing of the
//! cause; the cause goes to the server log (node errors name files and
//! tables, never personal data).

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use moc_domain::{DomainError, ErrorCategory};
use moc_i18n::{Arg, Lang, tr};
use moc_node::NodeError;
use serde_json::{Map, Value, json};

/// Where the problem types live: `type` is this prefix and the slug.
pub(crate) const TYPE_PREFIX: &str = "https://moc.example/problems/";

/// The media type of every problem body (RFC 9457, section 3).
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";

/// What went wrong, broadly: each kind has one status, one `type` and one
/// title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// No route matches the path (plain HTTP: `about:blank`).
    NoRoute,
    /// The route exists but not for this method (`about:blank`).
    MethodNotAllowed,
    /// Something the request names does not exist.
    NotFound,
    /// The request is well-formed JSON but its content is invalid.
    Invalid,
    /// The actor may not do this.
    Forbidden,
    /// A domain rule refused the command.
    Rejected,
    /// No account, or an unknown one, acts.
    Unauthenticated,
    /// The body is not JSON.
    MalformedJson,
    /// The request is malformed in some other way.
    BadRequest,
    /// The body is not sent as JSON (`about:blank`).
    UnsupportedMediaType,
    /// The body is larger than the limit (`about:blank`).
    BodyTooLarge,
    /// Too many attempts (signing in); `Retry-After` says when to retry.
    TooManyRequests,
    /// The node has stopped accepting commands.
    Unavailable,
    /// Anything else; the cause is logged, not told (`about:blank`).
    Internal,
}

impl Kind {
    /// The HTTP status.
    pub(crate) fn status(self) -> StatusCode {
        match self {
            Kind::NoRoute | Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Kind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            Kind::Forbidden => StatusCode::FORBIDDEN,
            Kind::Rejected => StatusCode::CONFLICT,
            Kind::Unauthenticated => StatusCode::UNAUTHORIZED,
            Kind::MalformedJson | Kind::BadRequest => StatusCode::BAD_REQUEST,
            Kind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Kind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Kind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Kind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Kind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The slug of the `type` URI, or `None` for `about:blank` (a problem
    /// that means no more than its HTTP status).
    pub(crate) fn slug(self) -> Option<&'static str> {
        match self {
            Kind::NoRoute
            | Kind::MethodNotAllowed
            | Kind::UnsupportedMediaType
            | Kind::BodyTooLarge
            | Kind::Internal => None,
            Kind::NotFound => Some("not-found"),
            Kind::Invalid => Some("invalid"),
            Kind::Forbidden => Some("forbidden"),
            Kind::Rejected => Some("rejected"),
            Kind::Unauthenticated => Some("unauthenticated"),
            Kind::MalformedJson => Some("malformed-json"),
            Kind::BadRequest => Some("bad-request"),
            Kind::TooManyRequests => Some("too-many-requests"),
            Kind::Unavailable => Some("unavailable"),
        }
    }

    /// The message key of the title.
    fn title_key(self) -> &'static str {
        match self {
            Kind::NoRoute | Kind::NotFound => "server-problem-not-found",
            Kind::MethodNotAllowed => "server-problem-method-not-allowed",
            Kind::Invalid => "server-problem-invalid",
            Kind::Forbidden => "server-problem-forbidden",
            Kind::Rejected => "server-problem-rejected",
            Kind::Unauthenticated => "server-problem-unauthenticated",
            Kind::MalformedJson => "server-problem-malformed-json",
            Kind::BadRequest => "server-problem-bad-request",
            Kind::UnsupportedMediaType => "server-problem-unsupported-media-type",
            Kind::BodyTooLarge => "server-problem-body-too-large",
            Kind::TooManyRequests => "server-problem-too-many-requests",
            Kind::Unavailable => "server-problem-unavailable",
            Kind::Internal => "server-problem-internal",
        }
    }
}

/// The `detail` member: a message of the server's own, translated, or a
/// library's text, as is.
#[derive(Clone, Debug)]
pub(crate) enum Detail {
    /// A `server-detail-*` message and its arguments.
    Message(&'static str, Vec<(&'static str, Arg)>),
    /// A library's error text (English).
    Text(String),
    /// A message whose arguments are the problem's fields: a domain
    /// refusal (`domain-<code>`).
    Fields(String, Box<Map<String, Value>>),
}

/// An RFC 9457 problem, ready to be rendered in any language.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    kind: Kind,
    detail: Detail,
    /// Boxed: with `serde_json`'s `preserve_order` (which a test-only
    /// dependency, `thirtyfour`, turns on for the whole workspace's test
    /// build) a map is an `IndexMap`, and an unboxed one would make every
    /// `Result<_, Problem>` large.
    extensions: Box<Map<String, Value>>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Problem {
    /// A problem of `kind` with a message of the server's own.
    pub(crate) fn message(kind: Kind, key: &'static str, args: Vec<(&'static str, Arg)>) -> Self {
        Problem {
            kind,
            detail: Detail::Message(key, args),
            extensions: Box::default(),
            headers: Vec::new(),
        }
    }

    /// A problem of `kind` whose detail is a library's text.
    pub(crate) fn text(kind: Kind, text: impl Into<String>) -> Self {
        Problem {
            kind,
            detail: Detail::Text(text.into()),
            extensions: Box::default(),
            headers: Vec::new(),
        }
    }

    /// Adds an extension member.
    pub(crate) fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.extensions.insert(name.to_owned(), value.into());
        self
    }

    /// Adds a response header.
    pub(crate) fn with_header(self, name: HeaderName, value: &'static str) -> Self {
        self.with_header_value(name, HeaderValue::from_static(value))
    }

    /// Adds a header whose value is computed.
    pub(crate) fn with_header_value(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The kind.
    #[cfg(test)]
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    /// An internal failure: the cause is logged here and not told.
    pub(crate) fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Problem::message(Kind::Internal, "server-detail-internal", Vec::new())
    }

    /// Nothing at this address.
    pub(crate) fn not_found() -> Self {
        Problem::message(Kind::NotFound, "server-detail-no-resource", Vec::new())
    }

    /// The status of a refusal the reader can act on (invalid, forbidden,
    /// rejected, not found); `None` for a failure of the server.
    pub(crate) fn refusal_status(&self) -> Option<StatusCode> {
        match self.kind {
            Kind::Invalid | Kind::Forbidden | Kind::Rejected | Kind::NotFound => {
                Some(self.kind.status())
            }
            _ => None,
        }
    }

    /// The `detail` text in `lang`.
    pub(crate) fn detail(&self, lang: Lang) -> String {
        match &self.detail {
            Detail::Message(key, args) => tr(lang, key, args),
            Detail::Fields(key, fields) => moc_i18n::tr_fields(lang, key, fields),
            Detail::Text(text) => text.clone(),
        }
    }

    /// The JSON body in `lang`.
    pub(crate) fn body(&self, lang: Lang) -> Vec<u8> {
        let mut out = Map::new();
        let kind = match self.kind.slug() {
            Some(slug) => format!("{TYPE_PREFIX}{slug}"),
            None => "about:blank".to_owned(),
        };
        out.insert("type".into(), Value::String(kind));
        out.insert(
            "title".into(),
            Value::String(tr(lang, self.kind.title_key(), &[])),
        );
        out.insert("status".into(), json!(self.kind.status().as_u16()));
        out.insert("detail".into(), Value::String(self.detail(lang)));
        for (k, v) in self.extensions.iter() {
            // The standard members win over an extension of the same name.
            out.entry(k.clone()).or_insert_with(|| v.clone());
        }
        serde_json::to_vec(&Value::Object(out)).unwrap_or_default()
    }
}

impl IntoResponse for Problem {
    /// Renders in French and keeps the problem in the response's
    /// extensions, so the edge can render it again in the request's
    /// language.
    fn into_response(self) -> Response {
        let mut response = (self.kind.status(), self.body(Lang::Fr)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static("fr"));
        headers.insert(header::VARY, HeaderValue::from_static("accept-language"));
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        response.extensions_mut().insert(self);
        response
    }
}

impl From<DomainError> for Problem {
    fn from(e: DomainError) -> Self {
        let kind = match e.category() {
            ErrorCategory::NotFound => Kind::NotFound,
            ErrorCategory::Invalid => Kind::Invalid,
            ErrorCategory::Forbidden => Kind::Forbidden,
            ErrorCategory::Rejected => Kind::Rejected,
            ErrorCategory::Unauthenticated => Kind::Unauthenticated,
        };
        let (code, fields) = e.code_and_details();
        let fields = match fields {
            Value::Object(f) => f,
            _ => Map::new(),
        };
        let mut problem = Problem {
            kind,
            detail: Detail::Fields(format!("domain-{code}"), Box::new(fields.clone())),
            extensions: Box::default(),
            headers: Vec::new(),
        }
        .with("code", code);
        for (k, v) in fields {
            problem = problem.with(&k, v);
        }
        problem
    }
}

impl From<NodeError> for Problem {
    fn from(e: NodeError) -> Self {
        match e {
            NodeError::Domain(d) => d.into(),
            // The error lists the node's accounts: say nothing of them.
            NodeError::UnknownAccount { .. } => {
                Problem::message(Kind::NotFound, "server-detail-unknown-user", Vec::new())
                    .with("code", "unknown-account")
            }
            NodeError::BadCredentials => crate::auth::bad_credentials(),
            NodeError::AccountDisabled(user) => {
                Problem::text(Kind::Rejected, format!("account {user} is disabled"))
                    .with("code", "account-disabled")
            }
            NodeError::DuplicateAccount(user) => {
                Problem::text(Kind::Rejected, format!("account {user} already exists"))
                    .with("code", "duplicate-account")
                    .with("user", user)
            }
            NodeError::Invalid { field, why } => {
                Problem::text(Kind::Invalid, format!("invalid {field}: {why}"))
                    .with("code", "invalid-field")
                    .with("field", field)
            }
            NodeError::UnknownMechanism(m) => {
                Problem::text(Kind::NotFound, format!("unknown mechanism {m}"))
                    .with("code", "unknown-mechanism")
                    .with("mechanism", m)
            }
            NodeError::NoPartyKey(party) => Problem::text(
                Kind::Forbidden,
                format!("this node holds no signing key for party {party}"),
            )
            .with("code", "no-party-key")
            .with("party", party),
            NodeError::Stopped => {
                Problem::message(Kind::Unavailable, "server-detail-stopped", Vec::new())
            }
            NodeError::Projection(ref why) => {
                tracing::error!(error = %why, "projection failed after the append");
                Problem::message(Kind::Internal, "server-detail-projection", Vec::new())
            }
            other => Problem::internal(&other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use moc_domain::{PartyId, UnitId};

    fn rendered(p: &Problem, lang: Lang) -> Value {
        serde_json::from_slice(&p.body(lang)).unwrap()
    }

    #[test]
    fn a_domain_refusal_carries_its_category_code_and_numbers() {
        let e = DomainError::QuotaExceeded {
            party: PartyId::new("fama").unwrap(),
            unit: UnitId::new("bataillon-gao").unwrap(),
            target: 200,
            tolerance: 10,
            current: 210,
        };
        let p = Problem::from(e);
        assert_eq!(p.kind(), Kind::Rejected);
        let v = rendered(&p, Lang::En);
        assert_eq!(v["type"], "https://moc.example/problems/rejected");
        assert_eq!(v["status"], 409);
        assert_eq!(v["code"], "quota-exceeded");
        assert_eq!(v["current"], 210);
        assert_eq!(v["tolerance"], 10);
        assert_eq!(
            v["detail"],
            "Quota exceeded: fama already has 210 members in bataillon-gao (quota 200, tolerance 10)."
        );
        let v = rendered(&p, Lang::Fr);
        assert!(
            v["detail"].as_str().unwrap().starts_with("Quota dépassé"),
            "{v}"
        );
    }

    #[test]
    fn titles_follow_the_language_and_blank_types_say_so() {
        let p = Problem::message(Kind::NoRoute, "server-detail-no-route", Vec::new());
        let fr = rendered(&p, Lang::Fr);
        let ar = rendered(&p, Lang::Ar);
        assert_eq!(fr["type"], "about:blank");
        assert_eq!(fr["status"], 404);
        assert_ne!(fr["title"], ar["title"]);
        assert_ne!(fr["detail"], "server-detail-no-route");
        assert_ne!(fr["title"], "server-problem-not-found");
    }

    #[test]
    fn internal_errors_tell_nothing_of_their_cause() {
        let e = NodeError::Append("disk full at /srv/moc/logs/moc-gao".into());
        let v = rendered(&Problem::from(e), Lang::En);
        assert_eq!(v["status"], 500);
        assert!(!v.to_string().contains("/srv/moc"), "{v}");
        assert!(!v.to_string().contains("disk full"), "{v}");
    }

    #[test]
    fn an_unknown_account_names_no_account() {
        let e = NodeError::UnknownAccount {
            user: "intruder".into(),
            known: vec!["fama-officer".into(), "cma-vetting".into()],
        };
        let p = Problem::from(e);
        let v = rendered(&p, Lang::Fr).to_string();
        // A party admin naming an account that is not there: 404.
        assert!(v.contains("404"), "{v}");
        assert!(
            !v.contains("fama-officer") && !v.contains("cma-vetting"),
            "{v}"
        );
        assert!(!v.contains("intruder"), "{v}");
    }

    #[test]
    fn extensions_never_replace_standard_members() {
        let p = Problem::not_found().with("status", 200).with("extra", 1);
        let v = rendered(&p, Lang::Fr);
        assert_eq!(v["status"], 404);
        assert_eq!(v["extra"], 1);
    }
}
