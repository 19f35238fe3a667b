//! End-to-end test of `moc bench pages`: the real binary, a tiny run on
//! the demo node, every page answered and weighed (no timing is
//! asserted).

mod util;

use util::{stderr, stdout};

#[test]
fn every_page_answers_and_is_weighed_with_the_files_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let scratch = dir.path().join("bench");
    let scratch_arg = scratch.display().to_string();
    let out = util::moc(
        dir.path(),
        &[
            "bench",
            "pages",
            "--rounds",
            "2",
            "--dir",
            &scratch_arg,
            "--json",
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["rounds"], 2);
    let pages = v["pages"].as_array().expect("pages");
    assert!(pages.len() >= 12, "{v}");
    for p in pages {
        assert_eq!(p["status"], 200, "{p}");
        let (html, total) = (
            p["html_kb"].as_f64().unwrap(),
            p["total_kb"].as_f64().unwrap(),
        );
        assert!(html > 0.0 && total > html, "the page loads files: {p}");
        assert!(p["ms"]["p95"].as_f64().unwrap() >= p["ms"]["p50"].as_f64().unwrap());
    }
    assert!(v["heaviest_kb"].as_f64().unwrap() > 0.0);
}
