//! End-to-end tests of `moc keys`: the real binary in a temporary
//! directory.

use std::path::Path;
use std::process::Output;

mod util;

fn moc(dir: &Path, args: &[&str]) -> Output {
    util::moc(dir, args, "")
}

use util::{stderr, stdout};

#[test]
fn generate_writes_both_files_and_show_prints_the_vkey() {
    let dir = tempfile::tempdir().unwrap();
    let out = moc(
        dir.path(),
        &[
            "keys",
            "generate",
            "--name",
            "moc.example/gao",
            "--out",
            "keys",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let vkey = stdout(&out).trim().to_owned();
    assert!(vkey.starts_with("moc.example/gao+"), "{vkey}");

    let private = dir.path().join("keys/moc.example-gao.key");
    let public = dir.path().join("keys/moc.example-gao.pub");
    let skey = std::fs::read_to_string(&private).unwrap();
    assert!(skey.starts_with("PRIVATE+KEY+moc.example/gao+"));
    assert_eq!(std::fs::read_to_string(&public).unwrap().trim(), vkey);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The secret is never printed.
    assert!(!stdout(&out).contains("PRIVATE") && !stderr(&out).contains("PRIVATE+KEY"));

    for file in ["keys/moc.example-gao.key", "keys/moc.example-gao.pub"] {
        let shown = moc(dir.path(), &["keys", "show", file]);
        assert!(shown.status.success(), "{}", stderr(&shown));
        assert_eq!(stdout(&shown).trim(), vkey);
    }
}

#[test]
fn generate_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let first = moc(
        dir.path(),
        &["keys", "generate", "--name", "fama", "--out", "."],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let before = std::fs::read(dir.path().join("fama.key")).unwrap();
    let again = moc(
        dir.path(),
        &["keys", "generate", "--name", "fama", "--out", "."],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(dir.path().join("fama.key")).unwrap(), before);
}

#[test]
fn witness_keys_use_the_cosignature_type() {
    let dir = tempfile::tempdir().unwrap();
    let out = moc(
        dir.path(),
        &[
            "keys",
            "generate",
            "--name",
            "fama-witness",
            "--out",
            ".",
            "--witness",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let vkey: moc_ledger::keys::VerifierKey = stdout(&out).trim().parse().unwrap();
    assert_eq!(vkey.kind(), moc_ledger::keys::KeyKind::Cosignature);
}

#[test]
fn bad_input_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let bad_name = moc(
        dir.path(),
        &["keys", "generate", "--name", "two words", "--out", "."],
    );
    assert_eq!(bad_name.status.code(), Some(1));
    assert!(
        stderr(&bad_name).contains("invalid key name"),
        "{}",
        stderr(&bad_name)
    );

    std::fs::write(dir.path().join("junk.pub"), "fama+00000000+AQ==\n").unwrap();
    let junk = moc(dir.path(), &["keys", "show", "junk.pub"]);
    assert_eq!(junk.status.code(), Some(1));
    let err = stderr(&junk);
    assert!(
        err.contains("junk.pub") && err.contains("malformed key"),
        "{err}"
    );

    let missing = moc(dir.path(), &["keys", "show", "nope.key"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("cannot read nope.key"),
        "{}",
        stderr(&missing)
    );
    assert!(!stderr(&missing).contains("panicked"));
}
