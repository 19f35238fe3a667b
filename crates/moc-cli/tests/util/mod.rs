//! The harness the end-to-end tests share: run the real `moc` binary in a
//! directory, with English messages, and check it never panics.

// Each test file uses the part it needs.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const MOC: &str = env!("CARGO_BIN_EXE_moc");

/// Runs `moc args…` in `dir` with `stdin`; fails the test if it panicked.
pub fn moc(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(MOC)
        .args(args)
        .current_dir(dir)
        .env("MOC_LANG", "en")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("moc runs");
    // A command that fails before reading its input closes the pipe: that
    // is its business, not a test failure.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    let out = child.wait_with_output().expect("moc ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "moc panicked: {stderr}");
    out
}

/// Runs a command that must succeed and returns its standard output.
pub fn ok(dir: &Path, args: &[&str], stdin: &str) -> String {
    let out = moc(dir, args, stdin);
    assert!(
        out.status.success(),
        "moc {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs a command that must fail with exit code 1 and returns its stderr.
pub fn fails(dir: &Path, args: &[&str], stdin: &str) -> String {
    let out = moc(dir, args, stdin);
    assert_eq!(
        out.status.code(),
        Some(1),
        "moc {args:?} should fail: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).expect("UTF-8 errors")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
