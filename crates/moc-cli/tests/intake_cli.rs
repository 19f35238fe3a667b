//! End-to-end tests of `moc intake` and `moc bench intake`: the real
//! binary on the seed articles, and on files that are not articles.

use std::path::{Path, PathBuf};

mod util;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../moc-intake/tests/data/seeds")
}

fn seed(name: &str) -> String {
    seeds().join(name).display().to_string()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON output")
}

#[test]
fn extract_finds_the_gao_bombing_with_its_evidence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = util::ok(
        dir.path(),
        &[
            "intake",
            "extract",
            "--json",
            &seed("000_fe1b975141318dc0.txt"),
        ],
        "",
    );
    let v = json(&out);
    let candidates = v[0]["candidates"].as_array().expect("candidates");
    assert_eq!(candidates.len(), 1);
    let c = &candidates[0];
    assert_eq!(c["date"]["value"]["date"], "2017-01-18");
    assert_eq!(c["place"]["value"]["location"], "Gao");
    assert_eq!(c["event_type"]["value"], "explosions-remote-violence");
    assert_eq!(c["fatalities"]["low"], 54);
    assert_eq!(c["place"]["evidence"]["text"], "Gao");

    // The same in words, in English.
    let text = util::ok(
        dir.path(),
        &["intake", "extract", &seed("000_fe1b975141318dc0.txt")],
        "",
    );
    assert!(text.contains("1 candidate incident(s)"), "{text}");
    assert!(
        text.contains("2017-01-18 — Gao (Gao, geo precision 1)"),
        "{text}"
    );
    assert!(text.contains("killed: 54 to 54"), "{text}");
}

#[test]
fn published_resolves_relative_dates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "Armed men took over checkpoints around Timbuktu on Monday.\n",
    )
    .expect("write");
    let path = article.display().to_string();
    let out = util::ok(
        dir.path(),
        &[
            "intake",
            "extract",
            "--json",
            "--published",
            "2017-03-08",
            &path,
        ],
        "",
    );
    assert_eq!(
        json(&out)[0]["candidates"][0]["date"]["value"]["date"],
        "2017-03-06"
    );
    let err = util::fails(
        dir.path(),
        &["intake", "extract", "--published", "8 March", &path],
        "",
    );
    assert!(err.contains("invalid publication date: 8 March"), "{err}");
}

#[test]
fn eval_on_the_seed_gold_set_scores_at_least_0_9_per_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seeds = seeds().display().to_string();
    let gold = seed("gold.csv");
    let out = util::ok(
        dir.path(),
        &["intake", "eval", &seeds, "--gold", &gold, "--json"],
        "",
    );
    let v = json(&out);
    assert_eq!(v["articles"], 5);
    let fields = v["fields"].as_array().expect("fields");
    assert_eq!(fields.len(), 5);
    for f in fields {
        let f1 = f["f1"].as_f64().expect("f1");
        assert!(f1 >= 0.9, "{f}");
    }
    let text = util::ok(dir.path(), &["intake", "eval", &seeds, "--gold", &gold], "");
    assert!(text.contains("5 article(s)"), "{text}");
    assert!(text.contains("event_date: precision"), "{text}");
}

/// Runs `moc intake extract` on a file written with `bytes` and returns
/// the error it printed.
fn refused(name: &str, write: impl FnOnce(&Path)) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    write(&path);
    util::fails(
        dir.path(),
        &["intake", "extract", &path.display().to_string()],
        "",
    )
}

#[test]
fn bad_inputs_are_refused_with_the_file_and_the_reason() {
    let err = refused("empty.txt", |p| std::fs::write(p, "").expect("write"));
    assert!(err.contains("empty.txt is empty"), "{err}");
    let err = refused("blank.txt", |p| {
        std::fs::write(p, " \n\n  \n").expect("write")
    });
    assert!(err.contains("blank.txt is empty"), "{err}");

    let err = refused("photo.txt", |p| {
        std::fs::write(p, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").expect("write")
    });
    assert!(
        err.contains("photo.txt is a binary file, not text (NUL byte at offset 8)"),
        "{err}"
    );

    let err = refused("latin1.txt", |p| {
        std::fs::write(p, b"Attaque \xe0 Gao, le 18 janvier").expect("write")
    });
    assert!(
        err.contains("latin1.txt is not valid UTF-8 text (invalid byte at offset 8)"),
        "{err}"
    );

    // 50 MB, sparse: refused on its size, before it is read.
    let err = refused("huge.txt", |p| {
        std::fs::File::create(p)
            .and_then(|f| f.set_len(50 * 1024 * 1024))
            .expect("sparse file")
    });
    assert!(
        err.contains("huge.txt is too large for an article: 52428800 bytes"),
        "{err}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let err = util::fails(dir.path(), &["intake", "extract", "missing.txt"], "");
    assert!(err.contains("cannot read missing.txt"), "{err}");
    let err = util::fails(dir.path(), &["intake", "extract", "."], "");
    assert!(err.contains(". is not a file"), "{err}");
    let err = util::fails(
        dir.path(),
        &["intake", "eval", ".", "--gold", &seed("gold.csv")],
        "",
    );
    assert!(err.contains("no articles (*.txt) in ."), "{err}");
}

#[test]
fn a_bad_gold_file_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gold = dir.path().join("gold.csv");
    std::fs::write(
        &gold,
        "file,event_date,location,admin1,event_type,fatalities_min,fatalities_max\na.txt,18/01/2017,,,,,\n",
    )
    .expect("write");
    let err = util::fails(
        dir.path(),
        &[
            "intake",
            "eval",
            &seeds().display().to_string(),
            "--gold",
            &gold.display().to_string(),
        ],
        "",
    );
    assert!(err.contains("invalid gold file"), "{err}");
    assert!(
        err.contains("line 2: event_date \"18/01/2017\" is not valid"),
        "{err}"
    );
}

#[test]
fn bench_intake_reports_articles_per_second() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = util::ok(
        dir.path(),
        &["bench", "intake", "--rounds", "3", "--json"],
        "",
    );
    let v = json(&out);
    assert_eq!(v["articles"], 5);
    assert_eq!(v["rounds"], 3);
    assert_eq!(v["threads"], 1);
    assert_eq!(v["candidates"], 10);
    assert!(v["articles_per_s"].as_f64().is_some_and(|r| r > 0.0), "{v}");
}
