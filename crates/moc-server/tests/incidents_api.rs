//! The mechanism's incidents over HTTP: report two accounts of one event,
//! add a source, record a claim and its denial, merge and split, run a
//! joint verification to its outcome, filter, aggregate and export — and
//! the public sees parties, never accounts.

mod common;

use common::{demo, incident_record};
use serde_json::{Value, json};

const GAO: &str = "/api/v1/mechanisms/moc-gao";

fn ids(v: &Value) -> Vec<String> {
    v["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incidents_from_report_to_verification() {
    let d = demo().await;
    let incidents = format!("{GAO}/incidents");
    let report = |id: &str, outlet: &str, killed: u32| json!({"incident": id, "zone": "gao", "record": incident_record(id, outlet, killed)});
    let r = d
        .post(
            &incidents,
            Some("fama-officer"),
            &report("http-a", "ORTM", 2),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["kind"], "incident-reported");
    d.post(
        &incidents,
        Some("fama-officer"),
        &report("http-a", "ORTM", 2),
    )
    .await
    .problem(409);
    // A record that breaks the format: 422 naming the field.
    let mut bad = report("http-bad", "RFI", 1);
    bad["record"]["latitude_e6"] = json!(200_000_000);
    let v = d
        .post(&incidents, Some("fama-officer"), &bad)
        .await
        .problem(422);
    assert_eq!(v["code"], "invalid-record");
    assert_eq!(v["field"], "latitude_e6");
    let r = d
        .post(&incidents, Some("cma-officer"), &report("http-b", "RFI", 5))
        .await;
    assert_eq!(r.status, 201, "{}", r.text());

    // Another source, a claim and a denial.
    let source = json!({
        "outlet": "MINUSMA", "url": null, "date": "2017-03-22", "language": "fr",
        "scale": null, "killed": {"about": 4}, "injured": null, "abducted": null,
        "kind": "observer"
    });
    let r = d
        .post(
            &format!("{incidents}/http-a/sources"),
            Some("minusma-observer"),
            &source,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let claim = |kind: &str, speaker: Value, statement: &str| json!({"kind": kind, "speaker": speaker, "statement": statement, "source": source});
    for (user, body) in [
        (
            "plateforme-officer",
            claim("accusation", json!({"group": "GATIA"}), "La CMA a attaqué."),
        ),
        (
            "cma-officer",
            claim("denial", json!({"party": "cma"}), "La CMA dément."),
        ),
    ] {
        let r = d
            .post(&format!("{incidents}/http-b/claims"), Some(user), &body)
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
    }

    // Two reports of one event: merged, read as one, then split again.
    let r = d
        .post(
            &format!("{incidents}/http-a/merge"),
            Some("moc-gao-commander"),
            &json!({"from": "http-b", "reason": "Même accrochage."}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let a = d.get(&format!("{incidents}/http-a")).await.json();
    let outlets: Vec<&str> = a["record"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(outlets, ["ORTM", "MINUSMA", "RFI"]);
    assert_eq!(a["killed"]["low"], 2);
    assert_eq!(a["killed"]["high"], 5);
    assert_eq!(a["record"]["fatalities"], 2);
    assert_eq!(a["claims"].as_array().unwrap().len(), 2);
    // Case ignored; the demo's bombing cites the ORTM too.
    let listed = d
        .get(&format!("{incidents}?q=orTm&from=2017-03-01"))
        .await
        .json();
    assert_eq!(ids(&listed), ["http-a"]);
    let all = d
        .get(&format!(
            "{incidents}?include_merged=true&from=2017-03-20&to=2017-03-20"
        ))
        .await
        .json();
    assert_eq!(ids(&all), ["http-a", "http-b"]);
    d.post(
        &format!("{incidents}/http-b/claims"),
        Some("moc-gao-commander"),
        &json!({"kind": "denial", "speaker": {"party": "no-such-party"}, "statement": "x", "source": source}),
    )
    .await
    .problem(404);
    let v = d
        .post(
            &format!("{incidents}/http-b/merge"),
            Some("moc-gao-commander"),
            &json!({"from": "http-a", "reason": "x"}),
        )
        .await
        .problem(409);
    assert_eq!(v["code"], "incident-merged");
    let r = d
        .post(
            &format!("{incidents}/http-b/split"),
            Some("minusma-observer"),
            &json!({"reason": "Deux accrochages distincts."}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let a = d.get(&format!("{incidents}/http-a")).await.json();
    assert_eq!(a["record"]["sources"].as_array().unwrap().len(), 2);

    // Joint verification: a team of two parties and the observer.
    let team = json!({"team": [
        {"party": "fama", "user": "fama-officer"},
        {"party": "cma", "user": "cma-officer"},
        {"party": "minusma", "user": "minusma-observer"},
    ]});
    let v = d
        .post(
            &format!("{incidents}/http-a/investigations"),
            Some("moc-gao-commander"),
            &json!({"team": [{"party": "fama", "user": "fama-officer"}, {"party": "minusma", "user": "minusma-observer"}]}),
        )
        .await
        .problem(409);
    assert_eq!(v["code"], "team-not-joint");
    d.post(
        &format!("{incidents}/http-a/investigations"),
        Some("cma-officer"),
        &team,
    )
    .await
    .problem(403);
    let r = d
        .post(
            &format!("{incidents}/http-a/investigations"),
            Some("moc-gao-commander"),
            &team,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let finding = json!({"finding": "verified", "text": "Douilles relevées sur place."});
    let v = d
        .post(
            &format!("{incidents}/http-a/findings"),
            Some("plateforme-officer"),
            &finding,
        )
        .await
        .problem(403);
    assert_eq!(v["code"], "not-investigator");
    let mut last = Value::Null;
    for user in ["fama-officer", "cma-officer", "minusma-observer"] {
        let r = d
            .post(
                &format!("{incidents}/http-a/findings"),
                Some(user),
                &finding,
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        last = r.json();
    }
    assert_eq!(last["event"]["outcome"], "verified");
    let verified = d.get(&format!("{incidents}?status=verified")).await.json();
    assert!(ids(&verified).contains(&"http-a".to_owned()));
    // By actor, first or second, by name; a name's prefix is not the name.
    let by_actor = d
        .get(&format!("{incidents}?actor=Al%20Mourabitoun"))
        .await
        .json();
    assert_eq!(ids(&by_actor), ["gao-2017-01-18"]);
    let none = d.get(&format!("{incidents}?actor=Al")).await.json();
    assert!(ids(&none).is_empty(), "{none}");

    // What the public reads: parties, not accounts.
    let public = d.get_as(&format!("{incidents}/http-a"), None).await.text();
    assert!(public.contains("\"party\":\"cma\""), "{public}");
    for user in [
        "fama-officer",
        "cma-officer",
        "minusma-observer",
        "moc-gao-commander",
    ] {
        assert!(!public.contains(user), "{user} in {public}");
    }
    let signed_in = d.get(&format!("{incidents}/http-a")).await.text();
    assert!(signed_in.contains("fama-officer"));

    // Aggregates and exports.
    let agg = d
        .get_as(
            &format!("{incidents}/aggregate?from=2017-03-01&to=2017-03-31"),
            None,
        )
        .await
        .json();
    let cells = agg["cells"].as_array().unwrap();
    let march: u64 = cells.iter().map(|c| c["events"].as_u64().unwrap()).sum();
    assert_eq!(march, 3, "{agg}"); // http-a, http-b and the demo's Tombouctou
    let geo = d
        .get_as(
            &format!("{incidents}/export?format=geojson&from=2017-03-20&to=2017-03-20"),
            None,
        )
        .await;
    assert_eq!(geo.status, 200);
    assert_eq!(
        geo.header(axum::http::header::CONTENT_TYPE),
        "application/geo+json"
    );
    let fc: Value = serde_json::from_str(&geo.text()).unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    assert_eq!(fc["features"].as_array().unwrap().len(), 2);
    let hxl = d
        .get_as(&format!("{incidents}/export?format=hxl"), None)
        .await
        .text();
    let tags = hxl.lines().nth(1).unwrap();
    assert!(tags.starts_with("#event+code"), "{tags}");
    let csv = d.get_as(&format!("{incidents}/export"), None).await.text();
    assert!(csv.starts_with("event_id_cnty,"), "{csv}");
    assert!(csv.contains("http-a"));

    // Bad filters name the parameter.
    for q in [
        "from=2017-02-30",
        "bbox=1,2,3",
        "status=rumour",
        "type=war",
        "limit=0",
        "limit=501",
        "min_fatalities=-1",
        "actor=%07",
        "include_merged=yes",
    ] {
        let v = d.get(&format!("{incidents}?{q}")).await.problem(422);
        assert_eq!(v["code"], "bad-filter", "{q}");
    }
    d.get(&format!("{incidents}/no-such-incident"))
        .await
        .problem(404);
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imported_datasets_are_public_pages_and_months() {
    use moc_domain::moc_incidents::IncidentRecord;
    let d = demo().await;
    let records: Vec<IncidentRecord> = (0..30)
        .map(|i| {
            let mut r = incident_record(&format!("MLI{i:03}"), "ACLED", i);
            r["event_date"] = json!(format!("2017-0{}-15", 1 + i % 3));
            serde_json::from_value(r).unwrap()
        })
        .collect();
    let store = d.node.store();
    store.put_incidents("acled", records.clone()).await.unwrap();
    store.refresh_incident_months("acled").await.unwrap();

    let page = d
        .get_as(
            "/api/v1/datasets/incidents?origin=acled&from=2017-02-01&limit=5",
            None,
        )
        .await
        .json();
    assert_eq!(page["total"], 20, "{page}");
    let rows = page["records"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert!(
        rows.iter()
            .all(|r| r["event_date"].as_str().unwrap() >= "2017-02-01")
    );
    let deadly = d
        .get_as(
            "/api/v1/datasets/incidents?min_fatalities=25&type=battles",
            None,
        )
        .await
        .json();
    assert_eq!(deadly["total"], 5);
    let months = d
        .get_as(
            "/api/v1/datasets/incidents/aggregate?from=2017-01&to=2017-02",
            None,
        )
        .await
        .json();
    let cells = months["cells"].as_array().unwrap();
    let events: u64 = cells.iter().map(|c| c["events"].as_u64().unwrap()).sum();
    assert_eq!(events, 20, "{months}");
    for q in ["from=2017-13", "to=17-01", "type=war"] {
        let v = d
            .get_as(&format!("/api/v1/datasets/incidents/aggregate?{q}"), None)
            .await
            .problem(422);
        assert_eq!(v["code"], "bad-filter", "{q}");
    }
    for q in ["limit=0", "bbox=0,0", "from=2017-02-30"] {
        d.get_as(&format!("/api/v1/datasets/incidents?{q}"), None)
            .await
            .problem(422);
    }
    d.close().await;
}
