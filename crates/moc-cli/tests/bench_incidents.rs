//! End-to-end test of `moc bench incidents`: the real binary, a tiny run,
//! every figure present and positive (no timing is asserted).

mod util;

use util::{stderr, stdout};

#[test]
fn a_tiny_run_reports_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let scratch = dir.path().join("bench");
    let scratch_arg = scratch.display().to_string();
    let out = util::moc(
        dir.path(),
        &[
            "bench",
            "incidents",
            "--count",
            "300",
            "--queries",
            "20",
            "--seed",
            "3",
            "--dir",
            &scratch_arg,
            "--json",
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text.lines().count(),
        1,
        "one JSON object on one line: {text}"
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["backend"], "sqlite");
    assert_eq!(v["rows"], 300);
    assert_eq!(v["queries"], 20);
    for key in ["file_mb", "import_s", "import_rows_per_s", "database_mb"] {
        assert!(v[key].as_f64().unwrap() > 0.0, "{key}: {text}");
    }
    for kind in ["bbox_date_type_ms", "monthly_ms"] {
        for p in ["p50", "p95", "p99", "max"] {
            assert!(v[kind][p].as_f64().unwrap() > 0.0, "{kind}.{p}: {text}");
        }
        assert!(v[kind]["p50"].as_f64() <= v[kind]["p99"].as_f64());
    }
    // The import went through `moc incident import`'s path: every row is
    // in the database.
    assert!(scratch.join("moc.sqlite").exists());
}
