//! End-to-end tests of `moc roster`: the real binary in a temporary
//! directory.

use std::path::Path;
use std::process::Output;

mod util;

const TINY: &str = "\
SECTION_HORIZON
14

SECTION_SHIFTS
D,480,

SECTION_STAFF
A,D=14,4320,3360,5,2,2,1
B,D=14,4320,3360,5,2,2,1
C,D=14,4320,3360,5,2,2,1

SECTION_DAYS_OFF
A,0

SECTION_SHIFT_ON_REQUESTS
A,2,D,2

SECTION_SHIFT_OFF_REQUESTS
C,12,D,1

SECTION_COVER
0,D,2,100,1
1,D,2,100,1
2,D,2,100,1
3,D,2,100,1
4,D,2,100,1
5,D,2,100,1
6,D,2,100,1
7,D,2,100,1
8,D,2,100,1
9,D,2,100,1
10,D,2,100,1
11,D,2,100,1
12,D,2,100,1
13,D,2,100,1
";

fn moc(dir: &Path, args: &[&str]) -> Output {
    util::moc(dir, args, "")
}

/// Writes `TINY` with `from` replaced by `to`, runs `evaluate` on it and
/// expects a failure whose message holds `line` and `what`.
fn check_bad(from: &str, to: &str, line: usize, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let text = TINY.replacen(from, to, 1);
    assert_ne!(text, TINY, "{from} not in TINY");
    std::fs::write(dir.path().join("bad.txt"), text).unwrap();
    std::fs::write(dir.path().join("r.txt"), "").unwrap();
    for args in [
        &["roster", "evaluate", "bad.txt", "r.txt"][..],
        &["roster", "solve", "bad.txt", "--time-limit", "0.1"][..],
    ] {
        let out = moc(dir.path(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("invalid instance"), "{err}");
        assert!(err.contains(&format!("line {line}: ")), "{err}");
        assert!(err.contains(what), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn bad_instances_give_line_numbered_errors() {
    check_bad(
        "SECTION_DAYS_OFF\nA,0\n",
        "",
        34,
        "missing section SECTION_DAYS_OFF",
    );
    check_bad("A,2,D,2", "A,2,N,2", 16, "unknown shift id \"N\"");
    check_bad("C,12,D,1", "Z,12,D,1", 19, "unknown staff id \"Z\"");
    check_bad("5,D,2,100,1", "5,D,2,-100,1", 27, "negative weight -100");
}

#[test]
fn solve_then_evaluate_agree() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tiny.txt"), TINY).unwrap();
    for out in ["r.txt", "r.json"] {
        let solved = moc(
            dir.path(),
            &[
                "roster",
                "solve",
                "tiny.txt",
                "--iterations",
                "50000",
                "--threads",
                "2",
                "--seed",
                "3",
                "--out",
                out,
                "--json",
            ],
        );
        assert!(
            solved.status.success(),
            "{}",
            String::from_utf8_lossy(&solved.stderr)
        );
        let s: serde_json::Value = serde_json::from_slice(&solved.stdout).unwrap();
        for key in [
            "instance",
            "objective",
            "feasible",
            "seconds_to_best",
            "lower_bound",
        ] {
            assert!(s.get(key).is_some(), "{key} missing in {s}");
        }
        assert_eq!(s["instance"], "tiny");
        let evaluated = moc(
            dir.path(),
            &["roster", "evaluate", "tiny.txt", out, "--json"],
        );
        assert!(evaluated.status.success());
        let e: serde_json::Value = serde_json::from_slice(&evaluated.stdout).unwrap();
        assert_eq!(e["objective"], s["objective"]);
        assert_eq!(e["feasible"], s["feasible"]);
        assert!(s["objective"].as_u64().unwrap() >= s["lower_bound"].as_u64().unwrap());
    }
}

#[test]
fn evaluate_lists_violations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tiny.txt"), TINY).unwrap();
    // A works on its day off, seven days in a row and two weekends; B and C
    // never work.
    let mut grid = String::from("A");
    for d in 0..14 {
        grid.push('\t');
        grid.push_str(if d < 7 || d == 13 { "D" } else { "" });
    }
    grid.push('\n');
    for id in ["B", "C"] {
        grid.push_str(id);
        grid.push_str(&"\t".repeat(14));
        grid.push('\n');
    }
    std::fs::write(dir.path().join("r.txt"), grid).unwrap();
    let out = moc(
        dir.path(),
        &["roster", "evaluate", "tiny.txt", "r.txt", "--json"],
    );
    assert!(out.status.success());
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["feasible"], false);
    let kinds: Vec<&str> = e["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    for k in ["day_off", "max_consecutive", "min_minutes", "max_weekends"] {
        assert!(kinds.contains(&k), "{k} not in {kinds:?}");
    }
    let human = moc(dir.path(), &["roster", "evaluate", "tiny.txt", "r.txt"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("infeasible"), "{text}");
    assert!(text.contains("day_off: staff A, day 0, amount 1"), "{text}");
}

#[test]
fn benchmark_instance1_reaches_its_optimum() {
    let data =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/curtois/Instance1.txt");
    if !data.exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = data.to_string_lossy().into_owned();
    let solved = moc(
        dir.path(),
        &[
            "roster",
            "solve",
            &path,
            "--iterations",
            "1000000",
            "--threads",
            "2",
            "--out",
            "r.txt",
            "--json",
        ],
    );
    assert!(solved.status.success());
    let s: serde_json::Value = serde_json::from_slice(&solved.stdout).unwrap();
    assert_eq!(s["objective"], 607);
    assert_eq!(s["feasible"], true);
    let evaluated = moc(
        dir.path(),
        &["roster", "evaluate", &path, "r.txt", "--json"],
    );
    let e: serde_json::Value = serde_json::from_slice(&evaluated.stdout).unwrap();
    assert_eq!(e["objective"], 607);
    assert_eq!(e["feasible"], true);
}

#[test]
fn the_mechanism_case_meets_every_hard_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out = moc(
        dir.path(),
        &[
            "roster",
            "solve",
            "--moc-case",
            "2",
            "--iterations",
            "200000",
            "--threads",
            "1",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", util::stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&util::stdout(&out)).unwrap();
    assert_eq!(v["instance"], "moc-case-2");
    assert_eq!(v["feasible"], true, "{v}");
    assert!(v["seconds_to_feasible"].as_f64().is_some(), "{v}");
    // The mechanism's soft terms are priced and reported.
    assert!(v["extension_costs"].is_object(), "{v}");
    // An instance file and a generated case at once: a usage error.
    let both = moc(
        dir.path(),
        &["roster", "solve", "x.txt", "--moc-case", "1", "--json"],
    );
    assert_eq!(both.status.code(), Some(2), "{}", util::stderr(&both));
    let neither = moc(dir.path(), &["roster", "solve", "--json"]);
    assert_eq!(neither.status.code(), Some(2));
}

/// A reader that goes away (`moc … | head`) ends the output quietly, with
/// SIGPIPE's status, instead of a panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("tiny.txt"), TINY).unwrap();
    let mut child = std::process::Command::new(util::MOC)
        .args(["roster", "solve", "tiny.txt", "--iterations", "1000"])
        .current_dir(tmp.path())
        .env("MOC_LANG", "en")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before the roster is printed.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
}
