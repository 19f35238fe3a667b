//! The OpenAPI description against the router and the real answers: it
//! names every API route and nothing else, its security requirements say
//! truly who may call each operation, every refusal it lists is a problem,
//! and the Swagger UI is served from the binary under the page's CSP.
//!
//! The bodies themselves are checked against their schemas by the
//! schemathesis run (`scripts/api-check`), which `scripts/test` runs.

mod common;

use std::collections::BTreeSet;

use axum::http::{StatusCode, header};
use common::{ROUTES, demo, get};
use serde_json::Value;

/// Every operation of the description as (`METHOD template`, operation).
fn operations(doc: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if matches!(method.as_str(), "get" | "post" | "put" | "delete" | "patch") {
                out.push((format!("{} {path}", method.to_uppercase()), op.clone()));
            }
        }
    }
    out
}

#[tokio::test]
async fn the_description_names_every_api_route_and_nothing_else() {
    let d = demo().await;
    let r = d.send(get("/api/openapi.json")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header(header::CONTENT_TYPE), "application/json");
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let described: BTreeSet<String> = operations(&doc).into_iter().map(|(k, _)| k).collect();
    let mut routed: BTreeSet<String> = ROUTES
        .iter()
        .filter(|r| r.contains(" /api/"))
        .map(|r| (*r).to_owned())
        .collect();
    // Signing in acts for nobody yet, so the matrix does not probe it.
    routed.insert("POST /api/v1/session".to_owned());
    assert_eq!(described, routed);
    // Operation ids are unique: schemathesis and client generators key on
    // them.
    let ids: Vec<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("item").values())
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    assert_eq!(ids.len(), described.len(), "every operation has an id");
    d.close().await;
}

#[tokio::test]
async fn every_refusal_described_is_a_problem_and_every_operation_can_refuse_a_stranger() {
    let d = demo().await;
    let doc = d.send(get("/api/openapi.json")).await.json();
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    for name in ["token", "session"] {
        assert!(
            doc["components"]["securitySchemes"][name].is_object(),
            "{name}"
        );
    }
    for (key, op) in operations(&doc) {
        let responses = op["responses"].as_object().expect("responses");
        assert!(
            responses.contains_key("401"),
            "{key} lists no 401, yet a bad token or session gets one"
        );
        for (status, response) in responses {
            let code: u16 = status.parse().expect("numeric status");
            let content = &response["content"];
            if code >= 400 {
                assert_eq!(
                    content["application/problem+json"]["schema"]["$ref"],
                    "#/components/schemas/Problem",
                    "{key} {status}"
                );
            } else if code != 204 {
                // Exports answer files; everything else JSON.
                let body = ["application/json", "text/csv"]
                    .iter()
                    .find(|t| content[**t].is_object())
                    .map_or(&Value::Null, |t| &content[*t]["schema"]);
                assert!(body.is_object(), "{key} {status} describes no body");
            }
        }
        assert!(op["security"].is_array(), "{key} says nothing of who");
    }
    d.close().await;
}

/// A real id for each path parameter of the demo.
async fn example_path(d: &common::Demo, template: &str) -> String {
    let members = d.get("/api/v1/mechanisms/moc-gao/members").await.json();
    let sn = members["members"][0]["service_number"]
        .as_str()
        .expect("a member")
        .to_owned();
    let patrols = d.get("/api/v1/mechanisms/moc-gao/patrols").await.json();
    let patrol = patrols["patrols"][0]["id"]
        .as_str()
        .expect("a patrol")
        .to_owned();
    let id = if template.contains("/patrols/") {
        patrol
    } else {
        "fama-officer".to_owned()
    };
    template
        .replace("{m}", "moc-gao")
        .replace("{sn}", &sn)
        .replace("{id}", &id)
        .replace("{i}", "kidal-2014-05-21")
}

#[tokio::test]
async fn the_security_requirements_say_truly_what_a_stranger_may_do() {
    let d = demo().await;
    let doc = d.send(get("/api/openapi.json")).await.json();
    let mut open = Vec::new();
    for (key, op) in operations(&doc) {
        let (method, template) = key.split_once(' ').expect("METHOD path");
        let anonymous = op["security"]
            .as_array()
            .expect("security")
            .iter()
            .any(|req| req.as_object().is_some_and(serde_json::Map::is_empty));
        let uri = example_path(&d, template).await;
        let req = axum::http::Request::builder()
            .method(method)
            .uri(&uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from("{}"))
            .expect("request");
        let r = d.send(req).await;
        if anonymous {
            open.push(key.clone());
            assert_ne!(r.status, StatusCode::UNAUTHORIZED, "{key}: {}", r.text());
            assert_ne!(r.status, StatusCode::FORBIDDEN, "{key}: {}", r.text());
        } else {
            r.problem(401);
        }
    }
    // The public reads and signing in: nothing else is open.
    assert_eq!(
        open,
        [
            "GET /api/v1/datasets/incidents",
            "GET /api/v1/datasets/incidents/aggregate",
            "GET /api/v1/mechanisms",
            "GET /api/v1/mechanisms/{m}",
            "GET /api/v1/mechanisms/{m}/incidents",
            "GET /api/v1/mechanisms/{m}/incidents/aggregate",
            "GET /api/v1/mechanisms/{m}/incidents/export",
            "GET /api/v1/mechanisms/{m}/incidents/{i}",
            "POST /api/v1/session",
        ]
    );
    d.close().await;
}

#[tokio::test]
async fn the_swagger_ui_comes_from_the_binary_and_runs_no_inline_script() {
    let d = demo().await;
    let page = d.send(get("/api/docs/")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(page.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert!(
        page.header(header::CONTENT_SECURITY_POLICY)
            .contains("script-src 'self'")
    );
    let html = page.text();
    // Every script is a file of this server: none inline, none elsewhere.
    let mut scripts = 0;
    for tag in html.split("<script").skip(1) {
        scripts += 1;
        let (open_tag, rest) = tag.split_once('>').expect("tag");
        assert!(
            open_tag.contains("src=\"./"),
            "not a local file: <script{open_tag}>"
        );
        assert!(
            rest.trim_start().starts_with("</script>"),
            "inline script: {rest}"
        );
    }
    assert!(scripts >= 2, "{html}");
    let init = d.send(get("/api/docs/swagger-initializer.js")).await;
    assert_eq!(init.status, StatusCode::OK);
    assert!(init.text().contains("/api/openapi.json"), "{}", init.text());
    d.close().await;
}
