//! The terminal mode of `crimeproof assess` in a pseudo-terminal: arrow-key menus, Esc for back,
//! Ctrl-C for save and quit. Timeouts are generous; nothing here waits on a clock to assert.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Session};

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const DOWN: &str = "\x1b[B";
const CTRL_C: &str = "\x03";

fn fixture(dir: &Path) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    std::fs::create_dir_all(dir.join("cl")).unwrap();
    for f in ["mini.yaml", "matrix.yaml"] {
        std::fs::copy(src.join(f), dir.join("cl").join(f)).unwrap();
    }
}

fn spawn(dir: &Path, extra: &[&str]) -> Session {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"));
    cmd.current_dir(dir)
        .args(["--checklists", "cl", "assess", "mini", "-o", "a.yaml"])
        .args(["--unit", "Försörjningsstöd", "--assessor", "Anna"])
        .args(extra)
        .env_remove("CRIMEPROOF_LANG")
        .env_remove("CRIMEPROOF_CHECKLISTS")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn crimeproof in a pty");
    let _ = s.set_window_size(100, 40);
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    s
}

/// Sends keys after a short pause: the prompt text can reach us a moment before the prompt
/// switches the terminal to raw mode, and keys typed in between would be read as a line.
/// The pause only paces the typing; no assertion depends on it.
fn send(s: &mut Session, keys: &str) {
    std::thread::sleep(Duration::from_millis(150));
    s.send(keys).expect("write to pty");
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("a.yaml")).unwrap_or_default()
}

#[test]
fn answer_then_escape_goes_back_and_ctrl_c_saves() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let mut s = spawn(dir.path(), &[]);
    s.expect("Välkommen till bedömningen").unwrap();
    s.expect("Fråga 1 av 5").unwrap();
    s.expect("Ditt svar").unwrap();
    send(&mut s, ENTER); // Ja, the first option
    s.expect("Kommentar").unwrap();
    send(&mut s, "bra");
    send(&mut s, ENTER);
    s.expect("Fråga 2 av 5").unwrap();
    s.expect("Ditt svar").unwrap();
    assert!(read(dir.path()).contains("answer: ja"));

    send(&mut s, ESC); // back to question 1
    s.expect("Fråga 1 av 5").unwrap();
    s.expect("Ditt svar").unwrap();
    send(&mut s, DOWN); // from the earlier answer (Ja) to Delvis
    send(&mut s, ENTER);
    s.expect("Kommentar").unwrap();
    send(&mut s, ENTER); // keeps the comment already filled in
    s.expect("Fråga 2 av 5").unwrap();
    s.expect("Ditt svar").unwrap();

    send(&mut s, CTRL_C);
    s.expect("Allt du har svarat är sparat i a.yaml").unwrap();
    s.expect(Eof).unwrap();
    let file = read(dir.path());
    assert!(file.contains("answer: delvis"), "{file}");
    assert!(file.contains("comment: bra"), "{file}");
    assert!(!file.contains("completed:"));
}

#[test]
fn ctrl_c_while_writing_a_comment_keeps_the_answer_and_resume_continues() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let mut s = spawn(dir.path(), &[]);
    s.expect("Ditt svar").unwrap();
    send(&mut s, DOWN);
    send(&mut s, DOWN);
    send(&mut s, ENTER); // Nej
    s.expect("Kommentar").unwrap();
    send(&mut s, "halvskriv");
    send(&mut s, CTRL_C);
    s.expect("Allt du har svarat är sparat").unwrap();
    s.expect(Eof).unwrap();
    let file = read(dir.path());
    assert!(file.contains("answer: nej"), "{file}");
    assert!(!file.contains("halvskriv"));

    // The next session starts at the first unanswered question.
    let mut s = spawn(dir.path(), &[]);
    s.expect("Fortsätter bedömningen").unwrap();
    s.expect("Fråga 2 av 5").unwrap();
    s.expect("Ditt svar").unwrap();
    send(&mut s, CTRL_C);
    s.expect(Eof).unwrap();
}

#[test]
fn file_text_reaches_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let mini = dir.path().join("cl/mini.yaml");
    let hostile = std::fs::read_to_string(&mini).unwrap().replace(
        "text: Kontrolleras sökandens identitet mot giltig id-handling vid nyansökan?",
        "text: \"Kontrolleras \\e[2J identiteten\\r \\u202E?\"",
    );
    std::fs::write(&mini, hostile).unwrap();
    let mut s = spawn(dir.path(), &[]);
    let shown = s.expect("Ditt svar").unwrap();
    let shown = String::from_utf8_lossy(shown.before()).into_owned();
    assert!(
        shown.contains("Kontrolleras \\e[2J identiteten\\r \\u{202e}?"),
        "{shown:?}"
    );
    assert!(
        !shown.contains("\u{1b}[2J") && !shown.contains('\u{202e}'),
        "{shown:?}"
    );
    send(&mut s, CTRL_C);
    s.expect(Eof).unwrap();
}
