//! The demo node the server's tests run against, and a request helper.
//!
//! Building the Gao demo takes seconds, so each test binary builds it once
//! (in its own thread and runtime, then closes it) and every test opens a
//! copy of that directory: the node's tasks belong to the test's runtime,
//! and no test sees another's writes.

#![allow(dead_code)] // Each test binary uses part of this module.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use moc_domain::demo::DemoConfig;
use moc_node::demo::open_or_create;
use moc_node::{Node, NodeOptions, Password, TokenScope};
use serde_json::Value;
use tower::ServiceExt as _;

/// The demo accounts' password in tests.
pub const PASSWORD: &str = "demo-password-for-tests";

/// The account plain reads are made as: an observer sees what every
/// signed-in account sees, and no names.
pub const READER: &str = "minusma-observer";

/// A demo node of its own, its router, an `act` token per account, and the
/// directory holding them.
pub struct Demo {
    pub node: Arc<Node>,
    pub app: Router,
    pub tokens: HashMap<String, String>,
    _dir: tempfile::TempDir,
}

impl Demo {
    /// Sends one request through the router (no network).
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(req).await.expect("infallible");
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .expect("body")
            .to_vec();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// The bearer token of `user`'s account; for an account the demo
    /// does not have, a well-formed token the node never issued.
    pub fn token(&self, user: &str) -> String {
        self.tokens
            .get(user)
            .cloned()
            .unwrap_or_else(|| format!("moc_00000000deadbeef_{}", "A".repeat(43)))
    }

    /// `GET uri` as [`READER`].
    pub async fn get(&self, uri: &str) -> Reply {
        self.get_as(uri, Some(READER)).await
    }

    /// `GET uri` as `user`, or as the public.
    pub async fn get_as(&self, uri: &str, user: Option<&str>) -> Reply {
        let mut req = get(uri);
        if let Some(u) = user {
            bearer(&mut req, &self.token(u));
        }
        self.send(req).await
    }

    /// `POST uri` with a JSON body, as `user` when given.
    pub async fn post(&self, uri: &str, user: Option<&str>, body: &Value) -> Reply {
        self.send(self.post_req(uri, user, body.to_string())).await
    }

    /// A `POST` with a body, as `user` when given.
    pub fn post_req(&self, uri: &str, user: Option<&str>, body: impl Into<Body>) -> Request<Body> {
        let mut req = post(uri, body);
        if let Some(u) = user {
            bearer(&mut req, &self.token(u));
        }
        req
    }

    /// Waits for writes in flight and closes the node.
    pub async fn close(self) {
        self.node.close().await;
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON (panics with the body when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header's value, or "".
    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts a problem details answer with this status; returns its body.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        assert_eq!(
            self.header(header::CONTENT_TYPE),
            "application/problem+json",
            "{}",
            self.text()
        );
        let v = self.json();
        assert_eq!(v["status"], status, "{v}");
        assert!(v["type"].is_string() && v["title"].is_string(), "{v}");
        assert!(v["detail"].is_string(), "{v}");
        v
    }
}

/// A `GET` request.
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

/// A `POST` with a JSON body, from the public.
pub fn post(uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .expect("request")
}

/// Adds `Authorization: Bearer token`.
pub fn bearer(req: &mut Request<Body>, token: &str) {
    req.headers_mut().insert(
        header::AUTHORIZATION,
        header::HeaderValue::from_str(&format!("Bearer {token}")).expect("token header"),
    );
}

/// A fresh demo node of its own (nextest runs each test in its own
/// process, so nothing is shared between tests), with its router.
pub async fn demo() -> Demo {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data = dir.path().join("demo");
    let password = Password::new(PASSWORD).expect("password");
    let (node, report) = open_or_create(
        &data,
        NodeOptions::default(),
        &DemoConfig::default(),
        &password,
    )
    .await
    .expect("the demo builds");
    assert!(!report.reused);
    let mut tokens = HashMap::new();
    for account in node.accounts().iter() {
        let actor = node.actor(account.user.as_str()).expect("actor");
        let issued = node
            .issue_token(&actor, TokenScope::Act, "tests")
            .await
            .expect("token");
        tokens.insert(account.user.as_str().to_owned(), issued.token);
    }
    assert!(tokens.contains_key(READER), "{:?}", tokens.keys());
    let app = moc_server::router(Arc::clone(&node));
    Demo {
        node,
        app,
        tokens,
        _dir: dir,
    }
}

/// A new member of `party` in Gao, with a personal record naming
/// `full_name`.
pub fn new_member(service_number: &str, party: &str, full_name: &str) -> Value {
    serde_json::json!({
        "mechanism": "moc-gao",
        "service_number": service_number,
        "party": party,
        "unit": "bataillon-gao",
        "rank": "sergeant",
        "roles": ["driver"],
        "languages": ["french", "songhai"],
        "identity": {
            "full_name": full_name,
            "birth_date": "1991-04-05",
            "birth_place": "Tessalit-Ouest-Essai",
            "next_of_kin": "Famille Essaidonnée (mère)"
        }
    })
}

/// An incident record (ACLED's fields) for the API's bodies.
pub fn incident_record(id: &str, outlet: &str, killed: u32) -> serde_json::Value {
    serde_json::json!({
        "event_id_cnty": id,
        "event_date": "2017-03-20",
        "time_precision": 1,
        "disorder_type": "political-violence",
        "event_type": "battles",
        "sub_event_type": "armed-clash",
        "actor1": {"name": "Unidentified Armed Group (Mali)", "associated": [], "kind": "political-militia"},
        "actor2": null,
        "civilian_targeting": false,
        "iso": 466,
        "country": "Mali",
        "region": "Western Africa",
        "admin1": "Gao",
        "admin2": null,
        "admin3": null,
        "location": "Gao",
        "latitude_e6": 16_271_700,
        "longitude_e6": -10_200,
        "geo_precision": 1,
        "sources": [{
            "outlet": outlet, "url": null, "date": "2017-03-21", "language": "fr",
            "scale": null, "killed": {"exact": killed}, "injured": null, "abducted": null,
            "kind": "media"
        }],
        "notes": "Échange de tirs signalé au nord de la ville.",
        "tags": [],
        "fatalities": killed
    })
}

/// Every route of the API that acts for someone, as `METHOD template`: the
/// probes must cover each (the witness endpoint is open to all and checked
/// in `api.rs`; the public page shows counts only).
pub const ROUTES: &[&str] = &[
    "GET /api/v1/mechanisms",
    "GET /api/v1/mechanisms/{m}",
    "GET /api/v1/mechanisms/{m}/incidents",
    "POST /api/v1/mechanisms/{m}/incidents",
    "GET /api/v1/mechanisms/{m}/incidents/aggregate",
    "GET /api/v1/mechanisms/{m}/incidents/export",
    "GET /api/v1/mechanisms/{m}/incidents/{i}",
    "POST /api/v1/mechanisms/{m}/incidents/{i}/sources",
    "POST /api/v1/mechanisms/{m}/incidents/{i}/claims",
    "POST /api/v1/mechanisms/{m}/incidents/{i}/investigations",
    "POST /api/v1/mechanisms/{m}/incidents/{i}/findings",
    "POST /api/v1/mechanisms/{m}/incidents/{i}/merge",
    "POST /api/v1/mechanisms/{m}/incidents/{i}/split",
    "GET /api/v1/mechanisms/{m}/members",
    "POST /api/v1/mechanisms/{m}/members",
    "GET /api/v1/mechanisms/{m}/members/{sn}",
    "GET /api/v1/mechanisms/{m}/members/{sn}/identity",
    "POST /api/v1/mechanisms/{m}/members/{sn}/vetting",
    "POST /api/v1/mechanisms/{m}/identities/export",
    "GET /api/v1/mechanisms/{m}/patrols",
    "POST /api/v1/mechanisms/{m}/patrols",
    "GET /api/v1/mechanisms/{m}/patrols/{id}",
    "POST /api/v1/mechanisms/{m}/patrols/{id}/start",
    "POST /api/v1/mechanisms/{m}/patrols/{id}/report",
    "POST /api/v1/mechanisms/{m}/patrols/{id}/endorse",
    "POST /api/v1/mechanisms/{m}/patrols/{id}/abort",
    "GET /api/v1/datasets/incidents",
    "GET /api/v1/datasets/incidents/aggregate",
    "GET /logs/{m}/checkpoint",
    "GET /logs/{m}/tile/{*path}",
    "GET /api/v1/users",
    "POST /api/v1/users",
    "POST /api/v1/users/{id}/disable",
    "POST /api/v1/users/{id}/enable",
    "PUT /api/v1/users/{id}/password",
    "GET /api/v1/tokens",
    "POST /api/v1/tokens",
    "DELETE /api/v1/tokens/{id}",
    "GET /api/v1/session",
    "DELETE /api/v1/session",
];
