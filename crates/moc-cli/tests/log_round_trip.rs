//! End-to-end tests of `moc log …`: the real binary in a temporary
//! directory, from `keys generate` to `verify-proof`, and every tampering
//! and bad input the ledger issue names.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod util;
use util::{MOC, fails, moc, ok};
const ORIGIN: &str = "moc.example/gao";

/// A temporary directory with a log key, two party keys, and a log open to
/// the first party.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path().to_owned();
    ok(
        &d,
        &["keys", "generate", "--name", ORIGIN, "--out", "keys"],
        "",
    );
    ok(
        &d,
        &["keys", "generate", "--name", "fama", "--out", "keys"],
        "",
    );
    ok(
        &d,
        &["keys", "generate", "--name", "cma", "--out", "keys"],
        "",
    );
    ok(
        &d,
        &[
            "log",
            "init",
            "--dir",
            "log",
            "--origin",
            ORIGIN,
            "--key",
            "keys/moc.example-gao.key",
            "--party",
            "keys/fama.pub",
        ],
        "",
    );
    (tmp, d)
}

fn events(n: usize, start: usize) -> String {
    (start..start + n)
        .map(|i| {
            format!(
                "{{\"kind\":\"note\",\"user\":\"u{i}\",\"payload\":{{\"text\":\"hello\",\"i\":{i}}},\"time_ms\":{i}}}\n"
            )
        })
        .collect()
}

fn append(d: &Path, n: usize, start: usize) -> Vec<u64> {
    ok(
        d,
        &[
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/fama.key",
            "-",
        ],
        &events(n, start),
    )
    .lines()
    .map(|l| l.parse().expect("an index per line"))
    .collect()
}

fn policy(d: &Path) -> PathBuf {
    let vkey = ok(d, &["keys", "show", "keys/moc.example-gao.pub"], "");
    let p = d.join("policy.txt");
    std::fs::write(&p, format!("log {}\nquorum none\n", vkey.trim())).expect("write policy");
    p
}

#[test]
fn init_append_checkpoint_prove_verify() {
    let (_tmp, d) = setup();
    assert_eq!(append(&d, 3, 0), vec![0, 1, 2]);
    assert_eq!(append(&d, 300, 3), (3..303).collect::<Vec<u64>>());
    // From a file too.
    std::fs::write(d.join("events.jsonl"), events(2, 303)).expect("write events");
    let out = ok(
        &d,
        &[
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/fama.key",
            "events.jsonl",
        ],
        "",
    );
    assert_eq!(out, "303\n304\n");

    let cp = ok(&d, &["log", "checkpoint", "--dir", "log"], "");
    let mut lines = cp.lines();
    assert_eq!(lines.next(), Some(ORIGIN));
    assert_eq!(lines.next(), Some("305"));

    let proof = ok(&d, &["log", "prove", "--dir", "log", "--index", "256"], "");
    assert!(proof.starts_with("c2sp.org/tlog-proof@v1\nextra "));
    assert!(proof.ends_with(&cp), "the bundle carries the checkpoint");
    std::fs::write(d.join("proof.txt"), &proof).expect("write proof");
    policy(&d);
    let verified = ok(
        &d,
        &[
            "log",
            "verify-proof",
            "proof.txt",
            "--policy",
            "policy.txt",
            "--party",
            "keys/fama.pub",
        ],
        "",
    );
    assert!(verified.contains("entry 256"), "{verified}");

    let audit = ok(
        &d,
        &["log", "verify", "--dir", "log", "--policy", "policy.txt"],
        "",
    );
    assert!(audit.contains("305 entry"), "{audit}");
}

/// Flips one byte of `path` (relative to the log), runs `moc log verify`,
/// checks it fails naming `expected`, and restores the byte.
fn tamper(d: &Path, path: &str, at: usize, expected: &str) {
    let file = d.join("log").join(path);
    let original = std::fs::read(&file).expect("read");
    let mut bytes = original.clone();
    let at = at.min(bytes.len() - 1);
    bytes[at] ^= 0x01;
    std::fs::write(&file, &bytes).expect("write");
    let err = fails(d, &["log", "verify", "--dir", "log"], "");
    assert!(err.contains(expected), "{path}@{at}: {err}");
    std::fs::write(&file, &original).expect("restore");
    ok(d, &["log", "verify", "--dir", "log"], "");
}

#[test]
fn verify_names_the_flipped_byte() {
    let (_tmp, d) = setup();
    append(&d, 300, 0);
    ok(&d, &["log", "verify", "--dir", "log"], "");
    // An entry's text inside a bundle (past the 2-byte length).
    tamper(&d, "tile/entries/001.p/44", 2 + 30, "entry 256");
    // An entry's signature: the last bytes of a bundle are the last
    // entry's signature line.
    let bundle = std::fs::read(d.join("log/tile/entries/000")).expect("bundle");
    tamper(&d, "tile/entries/000", bundle.len() - 6, "entry 255");
    // A length prefix: the bundle itself is damaged.
    tamper(&d, "tile/entries/000", 0, "tile/entries/000");
    // Hash tiles, level 0 and 1.
    tamper(&d, "tile/0/000", 4000, "tile/0/000");
    tamper(&d, "tile/0/001.p/44", 40, "tile/0/001.p/44");
    tamper(&d, "tile/1/000.p/1", 7, "tile/1/000.p/1");
    // The checkpoint: its root, then its signature.
    tamper(&d, "checkpoint", ORIGIN.len() + 6, "checkpoint");
    let cp = std::fs::read(d.join("log/checkpoint")).expect("checkpoint");
    tamper(&d, "checkpoint", cp.len() - 5, "checkpoint");
}

#[test]
fn a_truncated_or_missing_tile_is_named() {
    let (_tmp, d) = setup();
    append(&d, 10, 0);
    let tile = d.join("log/tile/0/000.p/10");
    let bytes = std::fs::read(&tile).expect("tile");
    std::fs::write(&tile, &bytes[..bytes.len() - 1]).expect("truncate");
    let err = fails(&d, &["log", "verify", "--dir", "log"], "");
    assert!(err.contains("tile/0/000.p/10"), "{err}");
    let err = fails(&d, &["log", "prove", "--dir", "log", "--index", "3"], "");
    assert!(err.contains("tile/0/000.p/10"), "{err}");
    // Appending refuses a log whose edge does not match its checkpoint.
    fails(
        &d,
        &[
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/fama.key",
            "-",
        ],
        &events(1, 10),
    );
    std::fs::remove_file(&tile).expect("remove");
    let err = fails(&d, &["log", "verify", "--dir", "log"], "");
    assert!(err.contains("tile/0/000.p/10"), "{err}");
}

#[test]
fn bad_inputs_fail_clearly() {
    let (_tmp, d) = setup();
    // A bad line: named by number and field; nothing after it is written.
    let input = format!(
        "{}{{\"kind\":\"note\",\"payload\":1}}\n{}",
        events(2, 0),
        events(2, 2)
    );
    let out = moc(
        &d,
        &[
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/fama.key",
            "-",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("\"user\""), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0\n1\n");
    // From a file, a bad line means nothing is written at all.
    std::fs::write(d.join("bad.jsonl"), &input).expect("write");
    let err = fails(
        &d,
        &[
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/fama.key",
            "bad.jsonl",
        ],
        "",
    );
    assert!(err.contains("line 3"), "{err}");
    let cp = ok(&d, &["log", "checkpoint", "--dir", "log"], "");
    assert_eq!(cp.lines().nth(1), Some("2"));
    // Not JSON at all.
    let err = fails(
        &d,
        &[
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/fama.key",
            "-",
        ],
        "not json\n",
    );
    assert!(err.contains("line 1"), "{err}");

    // A key that is not a party's.
    let err = fails(
        &d,
        &[
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/cma.key",
            "-",
        ],
        &events(1, 0),
    );
    assert!(err.contains("cma"), "{err}");
    // A malformed key file.
    std::fs::write(d.join("keys/bad.key"), "PRIVATE+KEY+nonsense\n").expect("write");
    let err = fails(
        &d,
        &[
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/bad.key",
            "-",
        ],
        &events(1, 0),
    );
    assert!(err.contains("keys/bad.key"), "{err}");
    // Init: origin not the key's name; a log already there.
    fails(
        &d,
        &[
            "log",
            "init",
            "--dir",
            "log2",
            "--origin",
            "other",
            "--key",
            "keys/moc.example-gao.key",
        ],
        "",
    );
    fails(
        &d,
        &[
            "log",
            "init",
            "--dir",
            "log",
            "--origin",
            ORIGIN,
            "--key",
            "keys/moc.example-gao.key",
        ],
        "",
    );
    // Not a log; an index beyond the log.
    fails(&d, &["log", "checkpoint", "--dir", "keys"], "");
    fails(&d, &["log", "verify", "--dir", "nowhere"], "");
    fails(&d, &["log", "prove", "--dir", "log", "--index", "2"], "");

    // Proofs: malformed, or for a log the policy does not know.
    let proof = ok(&d, &["log", "prove", "--dir", "log", "--index", "1"], "");
    policy(&d);
    std::fs::write(d.join("junk.txt"), "c2sp.org/tlog-proof@v1\nindex x\n").expect("write");
    fails(
        &d,
        &["log", "verify-proof", "junk.txt", "--policy", "policy.txt"],
        "",
    );
    let other = ok(&d, &["keys", "show", "keys/cma.pub"], "");
    std::fs::write(d.join("other.txt"), format!("log {}quorum none\n", other)).expect("write");
    std::fs::write(d.join("proof.txt"), &proof).expect("write");
    let err = fails(
        &d,
        &["log", "verify-proof", "proof.txt", "--policy", "other.txt"],
        "",
    );
    assert!(err.contains(ORIGIN), "{err}");
    // A malformed checkpoint note in the proof.
    let broken = proof.replace("\n\u{2014} ", "\n- ");
    std::fs::write(d.join("broken.txt"), broken).expect("write");
    fails(
        &d,
        &[
            "log",
            "verify-proof",
            "broken.txt",
            "--policy",
            "policy.txt",
        ],
        "",
    );
    ok(
        &d,
        &["log", "verify-proof", "proof.txt", "--policy", "policy.txt"],
        "",
    );
}

#[test]
fn one_writer_at_a_time() {
    let (_tmp, d) = setup();
    // A first appender waits on its open standard input, holding the lock.
    let mut first = Command::new(MOC)
        .args([
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/fama.key",
            "-",
        ])
        .current_dir(&d)
        .env("MOC_LANG", "en")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("moc runs");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let err = fails(
        &d,
        &[
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/fama.key",
            "-",
        ],
        &events(1, 0),
    );
    assert!(err.contains("locked"), "{err}");
    // Readers are not blocked.
    ok(&d, &["log", "verify", "--dir", "log"], "");
    drop(first.stdin.take());
    assert!(first.wait().expect("first ends").success());
    assert_eq!(append(&d, 1, 0), vec![0]);
}

#[test]
fn french_by_default() {
    let (_tmp, d) = setup();
    let out = Command::new(MOC)
        .args(["log", "verify", "--dir", "nowhere"])
        .current_dir(&d)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MOC_LANG")
        .output()
        .expect("moc runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("impossible d'ouvrir le journal"), "{err}");
}
