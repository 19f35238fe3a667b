//! Incident datasets through the real binary: `moc incident synth`,
//! `import`, `query` and `export`; the round trip import → export →
//! import; bad files that import nothing wrong.

mod util;

use std::path::Path;

use serde_json::Value;
use util::{fails, ok};

fn node(dir: &Path) {
    ok(dir, &["demo", "--no-serve", "--data", "node"], "");
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// How many rows `origin` holds.
fn count(dir: &Path, origin: &str) -> u64 {
    let out = ok(
        dir,
        &[
            "incident", "query", "--data", "node", "--origin", origin, "--limit", "1", "--json",
        ],
        "",
    );
    json(&out)["total"].as_u64().expect("total")
}

#[test]
fn synthetic_incidents_round_trip_through_every_export() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    node(dir);
    ok(
        dir,
        &[
            "incident", "synth", "--data", "node", "--count", "2000", "--seed", "3",
        ],
        "",
    );
    assert_eq!(count(dir, "synth"), 2000);

    // ACLED CSV out, in again under another name, out again: the same file.
    ok(
        dir,
        &[
            "incident", "export", "--data", "node", "--origin", "synth", "--out", "a.csv",
        ],
        "",
    );
    let summary = ok(
        dir,
        &[
            "incident", "import", "--data", "node", "a.csv", "--origin", "again", "--json",
        ],
        "",
    );
    let summary = json(&summary);
    assert_eq!(summary["imported"], 2000, "{summary}");
    assert_eq!(summary["refused"], 0, "{summary}");
    ok(
        dir,
        &[
            "incident", "export", "--data", "node", "--origin", "again", "--out", "b.csv",
        ],
        "",
    );
    let a = std::fs::read_to_string(dir.join("a.csv")).unwrap();
    let b = std::fs::read_to_string(dir.join("b.csv")).unwrap();
    assert_eq!(a.lines().count(), 2001);
    assert!(a == b, "the round trip changed the file");

    // Importing the same file again replaces its rows.
    ok(
        dir,
        &[
            "incident", "import", "--data", "node", "a.csv", "--origin", "again",
        ],
        "",
    );
    assert_eq!(count(dir, "again"), 2000);

    // GeoJSON: a FeatureCollection of points in range, one per incident.
    ok(
        dir,
        &[
            "incident",
            "export",
            "--data",
            "node",
            "--origin",
            "synth",
            "--format",
            "geojson",
            "--out",
            "a.geojson",
        ],
        "",
    );
    let geo = json(&std::fs::read_to_string(dir.join("a.geojson")).unwrap());
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 2000);
    for f in features {
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(
            (-13.0..=5.0).contains(&lon) && (10.0..=25.0).contains(&lat),
            "{c:?}"
        );
    }

    // HXL: a header row, then the hashtag row, then the data.
    let hxl = ok(
        dir,
        &[
            "incident", "export", "--data", "node", "--origin", "synth", "--region", "Gao",
            "--format", "hxl",
        ],
        "",
    );
    let mut lines = hxl.lines();
    assert!(lines.next().unwrap().starts_with("event_id_cnty,"));
    let tags = lines.next().unwrap();
    assert!(tags.starts_with("#event+code,#date+occurred"), "{tags}");
    assert!(tags.contains("#geo+lat") && tags.contains("#affected+killed"));
    let gao = lines.filter(|l| l.contains(",Gao,")).count();
    assert!(gao > 0);

    // An existing file is never overwritten.
    let err = fails(
        dir,
        &["incident", "export", "--data", "node", "--out", "a.csv"],
        "",
    );
    assert!(err.contains("a.csv"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.join("a.csv")).unwrap(), a);
}

#[test]
fn bad_rows_are_named_by_line_and_the_good_ones_still_go_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    node(dir);
    ok(
        dir,
        &[
            "incident", "synth", "--data", "node", "--count", "5", "--out", "good.csv",
        ],
        "",
    );
    let good = std::fs::read_to_string(dir.join("good.csv")).unwrap();
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    // Line 3: a latitude of 200; line 5: a date that does not exist.
    let lat = |l: &str| {
        let mut cells: Vec<String> = l.split(',').map(str::to_owned).collect();
        cells[22] = "200".into();
        cells.join(",")
    };
    assert!(
        lines[0].split(',').nth(22) == Some("latitude"),
        "{}",
        lines[0]
    );
    lines[2] = lat(&lines[2]);
    let mut cells: Vec<String> = lines[4].split(',').map(str::to_owned).collect();
    cells[1] = "2017-02-30".into();
    lines[4] = cells.join(",");
    std::fs::write(dir.join("bad.csv"), lines.join("\n") + "\n").unwrap();

    let err = fails(
        dir,
        &["incident", "import", "--data", "node", "bad.csv"],
        "",
    );
    assert!(
        err.contains("bad.csv:line 3") && err.contains("latitude"),
        "{err}"
    );
    assert!(err.contains("bad.csv:line 5"), "{err}");
    assert_eq!(count(dir, "acled"), 3, "the three good rows went in");

    // --strict: nothing at all.
    let err = fails(
        dir,
        &[
            "incident", "import", "--data", "node", "bad.csv", "--origin", "strict", "--strict",
        ],
        "",
    );
    assert!(err.contains("line 3"), "{err}");
    assert_eq!(count(dir, "strict"), 0);

    // A missing column: named, and nothing imported.
    let no_lat: Vec<String> = good
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(22);
            cells.join(",")
        })
        .collect();
    std::fs::write(dir.join("nolat.csv"), no_lat.join("\n")).unwrap();
    let err = fails(
        dir,
        &[
            "incident",
            "import",
            "--data",
            "node",
            "nolat.csv",
            "--origin",
            "nolat",
        ],
        "",
    );
    assert!(err.contains("latitude"), "{err}");
    assert_eq!(count(dir, "nolat"), 0);

    // Bad filters are named.
    let err = fails(
        dir,
        &[
            "incident",
            "query",
            "--data",
            "node",
            "--bbox",
            "18,-2,14,2",
        ],
        "",
    );
    assert!(err.contains("--bbox"), "{err}");
    let err = fails(
        dir,
        &[
            "incident",
            "query",
            "--data",
            "node",
            "--from",
            "2017-13-01",
        ],
        "",
    );
    assert!(err.contains("--from"), "{err}");
}

#[test]
fn the_mechanisms_own_incidents_export_as_read() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    node(dir);
    let text = ok(
        dir,
        &[
            "incident", "export", "-m", "moc-gao", "--format", "geojson", "--data", "node",
        ],
        "",
    );
    let fc = json(&text);
    let features = fc["features"].as_array().unwrap();
    // Four incidents: the ISS report is inside the bombing it was merged into.
    assert_eq!(features.len(), 4, "{text}");
    let bombing = features
        .iter()
        .find(|f| f["properties"]["event_id_cnty"] == "gao-2017-01-18")
        .unwrap();
    assert_eq!(bombing["properties"]["fatalities"], 47);
    let csv = ok(
        dir,
        &[
            "incident", "export", "-m", "moc-gao", "--type", "battles", "--data", "node",
        ],
        "",
    );
    assert_eq!(csv.lines().count(), 4, "{csv}"); // the header and three battles
    for account in ["minusma-observer", "cma-officer", "moc-gao-commander"] {
        assert!(!text.contains(account) && !csv.contains(account));
    }
    // An actor filter reads imported datasets only: a usage error.
    let out = util::moc(
        dir,
        &[
            "incident", "export", "-m", "moc-gao", "--actor", "GATIA", "--data", "node",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--actor"));
}
