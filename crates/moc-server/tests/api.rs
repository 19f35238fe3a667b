//! The server end to end in process: the real demo node behind the router,
//! requests through `tower::ServiceExt::oneshot`.

mod common;

use axum::http::{Request, header};
use common::{Demo, demo, new_member, post};
use moc_ledger::tiles::TileId;
use serde_json::{Value, json};

const GAO: &str = "/api/v1/mechanisms/moc-gao";

async fn member_count(d: &Demo) -> usize {
    let r = d.get(&format!("{GAO}/members")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["members"].as_array().expect("members").len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_are_listed_and_filtered() {
    let d = demo().await;
    let all = d.get(&format!("{GAO}/members")).await;
    assert_eq!(all.status, 200);
    assert_eq!(all.header(header::CONTENT_TYPE), "application/json");
    let all = all.json();
    let members = all["members"].as_array().unwrap();
    assert_eq!(members.len(), 600);
    for party in ["fama", "cma", "plateforme"] {
        let r = d.get(&format!("{GAO}/members?party={party}")).await.json();
        let list = r["members"].as_array().unwrap();
        assert_eq!(list.len(), 200, "{party}");
        assert!(list.iter().all(|m| m["party"] == party));
    }
    assert_eq!(
        d.get(&format!("{GAO}/members?party=minusma")).await.json()["members"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // An empty filter is no filter.
    assert_eq!(
        d.get(&format!("{GAO}/members?party=&status=")).await.json()["members"]
            .as_array()
            .unwrap()
            .len(),
        600
    );

    // The status filter agrees with the summary's count of approved.
    let summary = d.get("/api/v1/mechanisms").await.json();
    let gao = summary["mechanisms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "moc-gao")
        .unwrap()
        .clone();
    let approved = d
        .get(&format!("{GAO}/members?status=approved"))
        .await
        .json();
    let approved = approved["members"].as_array().unwrap();
    assert_eq!(
        approved.len() as u64,
        gao["approved_members"].as_u64().unwrap()
    );
    assert!(!approved.is_empty());
    assert!(approved.iter().all(|m| m["status"] == "approved"));
    let fama_approved = d
        .get(&format!("{GAO}/members?party=fama&status=approved"))
        .await
        .json();
    assert!(
        fama_approved["members"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["party"] == "fama" && m["status"] == "approved")
    );

    // One member, by service number.
    let first = &members[0];
    let sn = first["service_number"].as_str().unwrap();
    let one = d.get(&format!("{GAO}/members/{sn}")).await;
    assert_eq!(one.status, 200);
    assert_eq!(&one.json(), first);

    // Filters and ids that name nothing.
    let v = d
        .get(&format!("{GAO}/members?status=dancing"))
        .await
        .problem(422);
    assert_eq!(v["parameter"], "status");
    let v = d
        .get(&format!("{GAO}/members?party=NOT%20A%20CODE"))
        .await
        .problem(422);
    assert_eq!(v["parameter"], "party");
    let v = d
        .get(&format!("{GAO}/members/FAMA-9999"))
        .await
        .problem(404);
    assert_eq!(v["code"], "unknown-member");
    d.get(&format!("{GAO}/members/not-a-number"))
        .await
        .problem(404);
    let v = d
        .get("/api/v1/mechanisms/moc-nowhere/members")
        .await
        .problem(404);
    assert_eq!(v["code"], "unknown-mechanism");
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mechanisms_have_summaries_parties_zones_and_quotas() {
    let d = demo().await;
    let list = d.get("/api/v1/mechanisms").await.json();
    let ids: Vec<&str> = list["mechanisms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mali-mauritanie", "moc-gao"]);
    assert_eq!(
        list["mechanisms"][1]["links"]["checkpoint"],
        "/logs/moc-gao/checkpoint"
    );

    let gao = d.get(GAO).await;
    assert_eq!(gao.status, 200, "{}", gao.text());
    let gao = gao.json();
    assert_eq!(gao["mechanism"]["members"], 600);
    assert_eq!(gao["patrol_min_per_party"], 2);
    let parties: Vec<&str> = gao["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(parties, ["cma", "fama", "minusma", "plateforme"]);
    assert!(!gao["zones"].as_array().unwrap().is_empty());
    let quotas = gao["quotas"].as_array().unwrap();
    assert_eq!(quotas.len(), 3);
    for q in quotas {
        assert_eq!(q["target"], 200);
        assert_eq!(
            q["deviation"].as_i64().unwrap(),
            q["current"].as_i64().unwrap() - 200
        );
        assert!(q["within_tolerance"].is_boolean());
    }
    d.get("/api/v1/mechanisms/nowhere").await.problem(404);
    d.get("/api/v1/mechanisms/..").await.problem(404);
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_member_is_visible_once_and_its_name_nowhere() {
    let d = demo().await;
    let name = "Aïcha Nomdetestunique";
    let body = new_member("FAMA-0999", "fama", name);
    let r = d
        .post(&format!("{GAO}/members"), Some("fama-officer"), &body)
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        r.header(header::LOCATION),
        "/api/v1/mechanisms/moc-gao/members/FAMA-0999"
    );
    let written = r.json();
    assert_eq!(written["kind"], "member-registered");
    assert_eq!(written["log_origin"], "moc.example/moc-gao");
    assert_eq!(written["event"]["service_number"], "FAMA-0999");
    let commitment = written["event"]["identity_commitment"].as_str().unwrap();
    assert!(commitment.starts_with("sha256:"), "{commitment}");
    let index = written["index"].as_u64().unwrap();

    let got = d.get(&format!("{GAO}/members/FAMA-0999")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.json()["status"], "registered");
    assert_eq!(got.json()["identity_commitment"], commitment);
    assert_eq!(member_count(&d).await, 601);

    // The same service number again: refused, nothing recorded.
    let again = d
        .post(&format!("{GAO}/members"), Some("fama-officer"), &body)
        .await
        .problem(409);
    assert_eq!(again["code"], "duplicate-service-number");
    assert_eq!(again["member"], "FAMA-0999");
    assert_eq!(member_count(&d).await, 601);

    // The name, the birth place and the next of kin appear in no answer:
    // not the write's, not any page or API read, not the log's files.
    let checkpoint = d.get("/logs/moc-gao/checkpoint").await;
    let size: u64 = checkpoint.text().lines().nth(1).unwrap().parse().unwrap();
    assert_eq!(size, index + 1);
    let bundle = TileId::entries(
        index / 256,
        u16::try_from(size - index / 256 * 256).unwrap(),
    )
    .unwrap()
    .path();
    let bundle = d.get(&format!("/logs/moc-gao/{bundle}")).await;
    assert_eq!(bundle.status, 200);
    assert!(
        bundle.text().contains("FAMA-0999"),
        "the bundle holds the entry"
    );
    let mut answers = vec![r.text(), checkpoint.text(), bundle.text()];
    for uri in [
        "/",
        "/?lang=en",
        "/?lang=ar",
        "/api/v1/mechanisms",
        GAO,
        "/api/v1/mechanisms/moc-gao/members",
        "/api/v1/mechanisms/moc-gao/members?party=fama",
        "/api/v1/mechanisms/moc-gao/members/FAMA-0999",
        "/api/v1/mechanisms/moc-gao/patrols",
        "/api/v1/mechanisms/moc-gao/incidents",
    ] {
        let a = d.get(uri).await;
        assert_eq!(a.status, 200, "{uri}");
        answers.push(a.text());
    }
    for text in &answers {
        for secret in [
            name,
            "Nomdetestunique",
            "Tessalit-Ouest-Essai",
            "Essaidonnée",
        ] {
            assert!(!text.contains(secret), "{secret} leaked in {text:.200}");
        }
    }
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_need_a_known_account_of_the_right_party() {
    let d = demo().await;
    let uri = format!("{GAO}/members");
    let body = new_member("CMA-0999", "cma", "Personne Fictive");

    let r = d.post(&uri, None, &body).await;
    let v = r.problem(401);
    assert_eq!(v["type"], "https://moc.example/problems/unauthenticated");
    assert!(!r.header(header::WWW_AUTHENTICATE).is_empty());

    let r = d.post(&uri, Some("nobody-at-all"), &body).await;
    let v = r.problem(401);
    // The node's error lists its accounts; the answer must not.
    let text = v.to_string();
    for account in [
        "fama-officer",
        "cma-officer",
        "moc-gao-commander",
        "nobody-at-all",
    ] {
        assert!(!text.contains(account), "{text}");
    }

    // Two Authorization headers: ambiguous, refused.
    let req = Request::post(&uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", d.token("cma-officer")),
        )
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", d.token("fama-officer")),
        )
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    d.send(req).await.problem(401);

    // An officer of another party.
    let v = d.post(&uri, Some("fama-officer"), &body).await.problem(403);
    assert_eq!(v["code"], "wrong-party");
    assert_eq!(v["actor_party"], "fama");
    assert_eq!(v["target_party"], "cma");
    // A vetting officer of the right party lacks the officer's role.
    let v = d.post(&uri, Some("cma-vetting"), &body).await.problem(403);
    assert_eq!(v["code"], "missing-role");

    // A party that is not in the mechanism.
    let mut foreign = new_member("MRT-0999", "mauritanie", "Personne Fictive");
    foreign["unit"] = json!("bataillon-gao");
    let v = d
        .post(&uri, Some("mauritanie-officer"), &foreign)
        .await
        .problem(404);
    assert_eq!(v["code"], "unknown-party");
    assert_eq!(v["party"], "mauritanie");
    // A party code that is not a code at all.
    let bad = new_member("CMA-0998", "CMA!", "Personne Fictive");
    d.post(&uri, Some("cma-officer"), &bad).await.problem(422);

    // None of it was recorded; the right officer succeeds.
    assert_eq!(member_count(&d).await, 600);
    let r = d.post(&uri, Some("cma-officer"), &body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(member_count(&d).await, 601);
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_are_checked_before_any_command() {
    let d = demo().await;
    let uri = format!("{GAO}/members");

    // Not JSON: 400, naming the line and column.
    let r = d
        .send(d.post_req(
            &uri,
            Some("fama-officer"),
            "{\n  \"mechanism\": \"moc-gao\",\n  oops",
        ))
        .await;
    let v = r.problem(400);
    assert_eq!(v["type"], "https://moc.example/problems/malformed-json");
    assert_eq!(v["line"], 3);
    assert!(v["column"].as_u64().unwrap() > 0);
    assert!(v["detail"].as_str().unwrap().contains('3'), "{v}");
    d.send(d.post_req(&uri, Some("fama-officer"), ""))
        .await
        .problem(400);

    // An unknown field: 422.
    let mut body = new_member("FAMA-0998", "fama", "Personne Fictive");
    body["nickname"] = json!("x");
    let v = d.post(&uri, Some("fama-officer"), &body).await.problem(422);
    assert_eq!(v["code"], "unknown-field");
    assert!(v["detail"].as_str().unwrap().contains("nickname"));
    let mut body = new_member("FAMA-0998", "fama", "Personne Fictive");
    body["identity"]["eye_colour"] = json!("x");
    let v = d.post(&uri, Some("fama-officer"), &body).await.problem(422);
    assert_eq!(v["code"], "unknown-field");

    // The body's mechanism must be the path's.
    let mut body = new_member("FAMA-0998", "fama", "Personne Fictive");
    body["mechanism"] = json!("mali-mauritanie");
    let v = d.post(&uri, Some("fama-officer"), &body).await.problem(422);
    assert_eq!(v["code"], "mechanism-mismatch");

    // A personal record the node refuses.
    let mut body = new_member("FAMA-0998", "fama", "   ");
    let v = d.post(&uri, Some("fama-officer"), &body).await.problem(422);
    assert_eq!(v["field"], "full_name");
    body["identity"]["full_name"] = json!("Personne Fictive");

    // Too large: 413, over the 64 KiB limit.
    let mut large = body.clone();
    large["identity"]["photo_ref"] = json!("x".repeat(70 * 1024));
    let v = d
        .post(&uri, Some("fama-officer"), &large)
        .await
        .problem(413);
    assert_eq!(v["limit"], 65536);

    // Not sent as JSON: 415.
    let req = Request::post(&uri)
        .header(header::CONTENT_TYPE, "text/plain")
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", d.token("fama-officer")),
        )
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    d.send(req).await.problem(415);

    assert_eq!(member_count(&d).await, 600);
    let r = d.post(&uri, Some("fama-officer"), &body).await;
    assert_eq!(r.status, 201, "{}", r.text());
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_and_methods_are_problems_in_the_readers_language() {
    let d = demo().await;
    let v = d.get("/api/v2/nothing").await.problem(404);
    assert_eq!(v["type"], "about:blank");
    let fr_title = v["title"].as_str().unwrap().to_owned();

    let r = d
        .send(
            Request::get("/api/v2/nothing")
                .header(header::ACCEPT_LANGUAGE, "ar, fr;q=0.5")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    let v = r.problem(404);
    assert_eq!(r.header(header::CONTENT_LANGUAGE), "ar");
    assert_ne!(v["title"], fr_title.as_str());
    let v = d.get("/nothing?lang=en").await.problem(404);
    assert_eq!(v["title"], "Not Found");

    let r = d
        .send(
            Request::delete("/api/v1/mechanisms")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    r.problem(405);
    assert!(r.header(header::ALLOW).contains("GET"), "{:?}", r.headers);
    let r = d.send(post("/api/v1/mechanisms", "{}")).await;
    r.problem(405);
    let r = d.get("/witness/add-checkpoint").await;
    r.problem(405);
    assert!(r.header(header::ALLOW).contains("POST"));
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    d.close().await;
}

/// The members of `party` approved in Gao, leaders first.
async fn approved(d: &Demo, party: &str) -> Vec<Value> {
    let r = d
        .get(&format!("{GAO}/members?party={party}&status=approved"))
        .await
        .json();
    let mut list = r["members"].as_array().unwrap().clone();
    list.sort_by_key(|m| {
        !m["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "patrol-leader")
    });
    list
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vetting_over_http() {
    let d = demo().await;
    let r = d
        .post(
            &format!("{GAO}/members"),
            Some("fama-officer"),
            &new_member("FAMA-0997", "fama", "Personne Fictive"),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let vet = format!("{GAO}/members/FAMA-0997/vetting");

    let v = d
        .post(&vet, Some("cma-vetting"), &json!({"action": "approve"}))
        .await
        .problem(409);
    assert_eq!(v["code"], "invalid-transition");
    let r = d
        .post(&vet, Some("fama-vetting"), &json!({"action": "open"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["kind"], "vetting-opened");
    let r = d
        .post(&vet, Some("cma-vetting"), &json!({"action": "approve"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["event"]["complete"], false);
    let v = d
        .post(&vet, Some("cma-vetting"), &json!({"action": "approve"}))
        .await
        .problem(409);
    assert_eq!(v["code"], "vetting-needs-two-parties");
    let v = d
        .post(&vet, Some("fama-officer"), &json!({"action": "approve"}))
        .await
        .problem(403);
    assert_eq!(v["code"], "missing-role");
    d.post(
        &vet,
        Some("plateforme-vetting"),
        &json!({"action": "approve", "reason": "conduct"}),
    )
    .await
    .problem(422);
    let r = d
        .post(
            &vet,
            Some("plateforme-vetting"),
            &json!({"action": "approve"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["event"]["complete"], true);
    let m = d.get(&format!("{GAO}/members/FAMA-0997")).await.json();
    assert_eq!(m["status"], "approved");

    let v = d
        .post(&vet, Some("cma-vetting"), &json!({"action": "suspend"}))
        .await
        .problem(422);
    assert_eq!(v["field"], "reason");
    d.post(&vet, Some("cma-vetting"), &json!({"action": "promote"}))
        .await
        .problem(422);
    let r = d
        .post(
            &vet,
            Some("cma-vetting"),
            &json!({"action": "suspend", "reason": "conduct"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["kind"], "member-suspended");
    let m = d.get(&format!("{GAO}/members/FAMA-0997")).await.json();
    assert_eq!(m["status"], "suspended");
    let v = d
        .post(
            &format!("{GAO}/members/FAMA-0000/vetting"),
            Some("cma-vetting"),
            &json!({"action": "open"}),
        )
        .await
        .problem(404);
    assert_eq!(v["code"], "unknown-member");
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patrols_and_incidents_over_http() {
    let d = demo().await;
    let zone = d.get(GAO).await.json()["zones"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut members = Vec::new();
    for party in ["fama", "cma", "plateforme"] {
        let list = approved(&d, party).await;
        assert!(list.len() >= 2, "{party}");
        members.extend(list[..2].iter().map(|m| m["service_number"].clone()));
    }
    let leader = members[0].clone();
    // 2030-01-01, far from the demo's 2017 patrols.
    let window = json!({"start": 1_893_456_000, "end": 1_893_484_800});
    let plan = json!({
        "mechanism": "moc-gao",
        "patrol": "http-test-1",
        "zone": zone,
        "route": [{"lat_e6": 16_270_000, "lon_e6": -20_000}],
        "window": window,
        "members": members,
        "leader": leader,
    });
    let patrols = format!("{GAO}/patrols");

    // One party short: refused with the numbers.
    let mut short = plan.clone();
    short["members"] = json!(members[..4]);
    let v = d
        .post(&patrols, Some("moc-gao-commander"), &short)
        .await
        .problem(409);
    assert_eq!(v["code"], "missing-party");
    assert_eq!(v["party"], "plateforme");
    assert_eq!(v["needed"], 2);
    assert_eq!(v["got"], 0);
    d.post(&patrols, Some("fama-officer"), &plan)
        .await
        .problem(403);

    let r = d.post(&patrols, Some("moc-gao-commander"), &plan).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["kind"], "patrol-planned");
    assert_eq!(
        r.header(header::LOCATION),
        "/api/v1/mechanisms/moc-gao/patrols/http-test-1"
    );
    let p = format!("{GAO}/patrols/http-test-1");
    let got = d.get(&p).await.json();
    assert_eq!(got["status"], "planned");
    assert_eq!(got["members"].as_array().unwrap().len(), 6);

    let r = d
        .send(d.post_req(&format!("{p}/start"), Some("moc-gao-commander"), ""))
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let report = json!({
        "departed": 1_893_456_000,
        "returned": 1_893_470_000,
        "distance_m": 42_000,
        "observations": "Route dégagée, marché ouvert.",
        "air_support": {"requested": false, "received": false},
        "outreach": [{"item": "water", "quantity": 40}],
    });
    let r = d
        .post(&format!("{p}/report"), Some("cma-officer"), &report)
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["kind"], "patrol-reported");
    let r = d
        .post(
            &format!("{p}/endorse"),
            Some("fama-officer"),
            &json!({"party": "fama"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = d
        .post(
            &format!("{p}/endorse"),
            Some("fama-officer"),
            &json!({"party": "fama"}),
        )
        .await
        .problem(409);
    assert_eq!(v["code"], "already-endorsed");
    d.post(
        &format!("{p}/endorse"),
        Some("cma-officer"),
        &json!({"party": "fama"}),
    )
    .await
    .problem(403);
    let got = d.get(&p).await.json();
    assert_eq!(got["status"], "completed");
    assert_eq!(got["endorsements"]["fama"], "fama-officer");
    let completed = d.get(&format!("{patrols}?status=completed")).await.json();
    assert!(
        completed["patrols"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == "http-test-1")
    );
    d.get(&format!("{patrols}?status=lost")).await.problem(422);

    // Abort a planned demo patrol, once.
    let planned = d.get(&format!("{patrols}?status=planned")).await.json();
    let id = planned["patrols"][0]["id"].as_str().unwrap().to_owned();
    let abort = format!("{patrols}/{id}/abort");
    let r = d
        .post(
            &abort,
            Some("moc-gao-commander"),
            &json!({"reason": "weather"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["event"]["reason"], "weather");
    let v = d
        .post(
            &abort,
            Some("moc-gao-commander"),
            &json!({"reason": "weather"}),
        )
        .await
        .problem(409);
    assert_eq!(v["code"], "invalid-transition");
    let v = d
        .send(d.post_req(
            &format!("{patrols}/no-such-patrol/start"),
            Some("moc-gao-commander"),
            "",
        ))
        .await
        .problem(404);
    assert_eq!(v["code"], "unknown-patrol");
    d.get(&format!("{patrols}/no-such-patrol"))
        .await
        .problem(404);

    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_are_served_as_c2sp_tiles_and_nothing_else() {
    let d = demo().await;
    let cp = d.get("/logs/moc-gao/checkpoint").await;
    assert_eq!(cp.status, 200);
    assert_eq!(cp.header(header::CONTENT_TYPE), "text/plain; charset=utf-8");
    assert_eq!(cp.header(header::CACHE_CONTROL), "private, no-cache");
    // The log holds patrol plans: the public may not read it.
    d.get_as("/logs/moc-gao/checkpoint", None)
        .await
        .problem(401);
    let text = cp.text();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("moc.example/moc-gao"));
    let size: u64 = lines.next().unwrap().parse().unwrap();
    assert!(size > 600, "{size}");

    // A full tile and a full bundle: immutable.
    let full = d.get("/logs/moc-gao/tile/0/000").await;
    assert_eq!(full.status, 200);
    assert_eq!(
        full.header(header::CONTENT_TYPE),
        "application/octet-stream"
    );
    assert_eq!(
        full.header(header::CACHE_CONTROL),
        "private, max-age=31536000, immutable"
    );
    assert_eq!(full.body.len(), 256 * 32);
    let bundle = d.get("/logs/moc-gao/tile/entries/000").await;
    assert_eq!(bundle.status, 200);
    assert!(bundle.text().contains("mechanism-created"));

    // The partial tile at the current size: served, not cached.
    let last = TileId::in_tree(
        moc_ledger::tiles::TileKind::Hashes { level: 0 },
        (size - 1) / 256,
        size,
    )
    .unwrap();
    if !last.is_full() {
        let r = d.get(&format!("/logs/moc-gao/{}", last.path())).await;
        assert_eq!(r.status, 200, "{}", last.path());
        assert_eq!(r.header(header::CACHE_CONTROL), "private, no-cache");
        assert_eq!(r.body.len(), usize::from(last.width()) * 32);
    }
    // A tile the tree does not reach yet.
    let beyond = TileId::hashes(0, size / 256 + 1, 256).unwrap().path();
    d.get(&format!("/logs/moc-gao/{beyond}")).await.problem(404);
    // Tiles on disk that no checkpoint covers (what a crash between the
    // tile writes and the checkpoint leaves) are not part of the log.
    let dir = d
        .node
        .logs()
        .await
        .into_iter()
        .find(|l| l.mechanism.as_str() == "moc-gao")
        .unwrap()
        .dir;
    let mut uncovered = vec![TileId::hashes(0, size / 256 + 1, 256).unwrap()];
    if u64::from(last.width()) < 255 {
        uncovered.push(TileId::hashes(0, last.index(), last.width() + 1).unwrap());
    }
    for tile in uncovered {
        let file = dir.join(tile.path());
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, vec![7u8; usize::from(tile.width()) * 32]).unwrap();
        d.get(&format!("/logs/moc-gao/{}", tile.path()))
            .await
            .problem(404);
    }
    d.get("/logs/moc-nowhere/checkpoint").await.problem(404);
    d.get("/logs/moc-nowhere/tile/0/000").await.problem(404);

    // Nothing but the tile grammar: never `..`, never `private/`.
    for path in [
        "/logs/moc-gao/tile/../private/log.key",
        "/logs/moc-gao/tile/0/../../private/log.key",
        "/logs/moc-gao/tile/0/%2e%2e/%2e%2e/config",
        "/logs/moc-gao/tile/..%2f..%2fprivate%2flog.key",
        "/logs/moc-gao/tile/0/000.p/256",
        "/logs/moc-gao/tile/entries/000.json",
        "/logs/moc-gao/private/log.key",
        "/logs/moc-gao/config",
        "/logs/moc-gao/../../node.json",
        "/logs/%2e%2e/checkpoint",
        "/logs/../private/parties/fama.key",
    ] {
        let r = d.get(path).await;
        assert!(
            r.status == 404 || r.status == 400,
            "{path}: {} {}",
            r.status,
            r.text()
        );
        assert!(!r.text().contains("PRIVATE+KEY"), "{path}");
        assert_eq!(r.header(header::CONTENT_TYPE), "application/problem+json");
    }
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_witness_cosigns_this_nodes_logs() {
    let d = demo().await;
    let cp = d.get("/logs/moc-gao/checkpoint").await.text();
    let size = cp.lines().nth(1).unwrap().to_owned();
    let request = |old: &str| {
        Request::post("/witness/add-checkpoint")
            .body(axum::body::Body::from(format!("old {old}\n\n{cp}")))
            .unwrap()
    };
    let r = d.send(request("0")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header(header::CONTENT_TYPE), "text/plain; charset=utf-8");
    assert!(r.text().starts_with("— minusma "), "{}", r.text());

    // The witness now holds this size: a stale old size is a 409 telling it.
    let r = d.send(request("0")).await;
    assert_eq!(r.status, 409);
    assert_eq!(r.header(header::CONTENT_TYPE), "text/x.tlog.size");
    assert_eq!(r.text(), format!("{size}\n"));

    let r = d
        .send(
            Request::post("/witness/add-checkpoint")
                .body(axum::body::Body::from("hello"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 400);
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_lists_both_mechanisms_in_three_languages() {
    let d = demo().await;
    let fr = d.get("/").await;
    assert_eq!(fr.status, 200);
    assert_eq!(fr.header(header::CONTENT_TYPE), "text/html; charset=utf-8");
    assert_eq!(fr.header(header::CONTENT_LANGUAGE), "fr");
    // Scripts, styles and fonts from this server only; no inline script.
    let csp = fr.header(header::CONTENT_SECURITY_POLICY);
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(fr.header(header::CACHE_CONTROL), "no-store");
    let page = fr.text();
    assert!(page.contains("<html lang=\"fr\" dir=\"ltr\">"), "{page}");
    assert!(page.contains("MOC Gao"));
    assert!(page.contains("Patrouilles conjointes Mali–Mauritanie"));
    assert!(page.contains("<dd>600</dd>"), "{page}");
    // Each log's signed checkpoint, as served at /logs/{m}/checkpoint.
    for m in ["moc-gao", "mali-mauritanie"] {
        let origin = d
            .node
            .logs()
            .await
            .into_iter()
            .find(|l| l.mechanism.as_str() == m)
            .unwrap()
            .origin;
        assert!(page.contains(&format!("{origin}\n")), "{m}: {page}");
    }
    assert!(page.contains("\u{2014} "), "a signature line");
    // Scripts only as files of this server.
    assert!(!page.contains("<script>"));
    assert_eq!(
        page.matches("<script").count(),
        page.matches("<script src=\"/assets/").count()
    );

    let ar = d.get("/?lang=ar").await.text();
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
    assert!(ar.contains("Gao Operational Coordination Mechanism"));
    assert!(ar.contains("Mali–Mauritania joint patrols"));

    let en = d
        .send(
            Request::get("/")
                .header(header::ACCEPT_LANGUAGE, "de-DE, en-GB;q=0.8, fr;q=0.5")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(en.header(header::CONTENT_LANGUAGE), "en");
    let en = en.text();
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(en.contains("Gao Operational Coordination Mechanism"));
    assert_ne!(en, ar);
    // The query wins over the header.
    let r = d
        .send(
            Request::get("/?lang=ar")
                .header(header::ACCEPT_LANGUAGE, "en")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(r.text().contains("dir=\"rtl\""));
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_reads_need_no_account_and_head_answers_without_a_body() {
    let d = demo().await;
    // The public reads the mechanisms …
    let r = d.get_as("/api/v1/mechanisms", None).await;
    assert_eq!(r.status, 200);
    // … and a HEAD of a read route answers without a body.
    let r = d
        .send(
            Request::head("/api/v1/mechanisms")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    d.close().await;
}
