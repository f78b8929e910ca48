//! `crimeproof follow-up` in a pseudo-terminal: the inquire front end reads the status and the
//! note, answers the yes/no questions, and Ctrl-C saves what was done and ends.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Session};

const ENTER: &str = "\r";
const CTRL_C: &str = "\x03";

const ASSESSMENT: &str = "format: 1
checklist: mini
checklist_version: \"2026.1\"
unit: Försörjningsstöd
answers:
  attest: {answer: nej}
actions:
  - {id: a1, question: attest, measure: Inför attest av två personer., owner: Ekonomichef, due: 2027-06, status: planerad}
";

/// Paces the typing: the prompt text can arrive before the prompt switches to raw mode.
fn send(s: &mut Session, keys: &str) {
    std::thread::sleep(Duration::from_millis(150));
    s.send(keys).expect("write to pty");
}

#[test]
fn status_and_note_are_saved_and_ctrl_c_ends() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    std::fs::create_dir_all(dir.path().join("cl")).unwrap();
    for f in ["mini.yaml", "matrix.yaml"] {
        std::fs::copy(src.join(f), dir.path().join("cl").join(f)).unwrap();
    }
    std::fs::write(dir.path().join("a.yaml"), ASSESSMENT).unwrap();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"));
    cmd.current_dir(dir.path())
        .args(["--checklists", "cl", "follow-up", "a.yaml"])
        .env_remove("CRIMEPROOF_LANG")
        .env_remove("CRIMEPROOF_CHECKLISTS")
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795608000")
        .env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn crimeproof in a pty");
    let _ = s.set_window_size(100, 40);
    s.set_expect_timeout(Some(Duration::from_secs(60)));

    s.expect("[1/1]").unwrap();
    s.expect("Status:").unwrap();
    send(&mut s, "3");
    send(&mut s, ENTER);
    s.expect("Anteckning:").unwrap();
    send(&mut s, "Beslutad i nämnden.");
    send(&mut s, ENTER);
    s.expect("egen åtgärd").unwrap();
    send(&mut s, "n");
    send(&mut s, ENTER);
    s.expect("registrera ett beslut").unwrap();
    send(&mut s, CTRL_C);
    s.expect("allt du har ändrat är sparat i a.yaml").unwrap();
    s.expect(Eof).unwrap();

    let file = std::fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    assert!(file.contains("status: klar"), "{file}");
    assert!(file.contains("2026-11-25"), "{file}");
    assert!(file.contains("note: Beslutad i nämnden."), "{file}");
}
