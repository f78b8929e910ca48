//! "You never lose an answer, and nothing you load can hurt you": outputs never replace inputs
//! or special files, folders are read safely, default file names never mix two units, and a
//! failed write is never taken for success.
#![cfg(unix)]

mod common;
use common::Test;

use std::process::{Command, Stdio};

fn with_checklists() -> Test {
    Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "cl/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "cl/matrix.yaml")
        .copy("tests/fixtures/report/old.yaml", "old.yaml")
        .copy("tests/fixtures/report/new.yaml", "new.yaml")
}

/// Runs the binary with standard output going to `/dev/full`.
fn to_full_stdout(t: &Test, args: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"))
        .current_dir(t.path())
        .args(["--checklists", "cl"])
        .args(args)
        .env_remove("CRIMEPROOF_LANG")
        .env("SOURCE_DATE_EPOCH", common::FIXED_EPOCH)
        .stdin(Stdio::null())
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_on_standard_output_is_an_error() {
    let t = with_checklists();
    for args in [
        &["list"][..],
        &["check", "--format", "json"],
        &["score", "old.yaml"],
        &["report", "old.yaml"],
        &["export", "old.yaml"],
        &["compare", "old.yaml", "new.yaml"],
        &["schema"],
    ] {
        let out = to_full_stdout(&t, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("kan inte skriva till standardutdata"),
            "{args:?}: {err}"
        );
        assert!(err.contains("Disken är full"), "{args:?}: {err}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let t = with_checklists();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"))
        .current_dir(t.path())
        .args(["--checklists", "cl", "report", "old.yaml", "new.yaml"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
