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

/// What the program wrote before `needle`, as text (escape sequences included).
fn until(s: &mut Session, needle: &str) -> String {
    let m = s.expect(needle).unwrap();
    String::from_utf8_lossy(m.before()).into_owned()
}

#[test]
fn number_keys_answer_and_the_due_date_is_a_swedish_text_prompt_where_esc_goes_back() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let mut s = spawn(dir.path(), &[]);
    let intro = until(&mut s, "Fråga 1 av 5");
    // A short introduction: a few lines, the time estimate once.
    assert!(intro.contains("Välkommen till bedömningen"), "{intro:?}");
    assert_eq!(intro.matches("minuter").count(), 1, "{intro:?}");
    let lines = intro.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(lines <= 8, "{lines} lines: {intro:?}");
    s.expect("Ditt svar").unwrap();
    send(&mut s, "3"); // the number key, as in plain mode: Nej
    send(&mut s, ENTER);
    s.expect("Kommentar").unwrap();
    send(&mut s, ENTER);
    s.expect("Fråga 2 av 5").unwrap();
    s.expect("Ditt svar").unwrap();
    send(&mut s, ESC); // back to question 1
    let back = until(&mut s, "Fråga 1 av 5");
    assert!(!back.contains("<canceled>"), "{back:?}");
    assert!(back.contains("(tillbaka)"), "{back:?}");
    s.expect("Ditt svar").unwrap();
    send(&mut s, ENTER); // keeps Nej
    s.expect("Kommentar").unwrap();
    send(&mut s, ENTER);
    for no in 2..=5 {
        s.expect(format!("Fråga {no} av 5").as_str()).unwrap();
        s.expect("Ditt svar").unwrap();
        send(&mut s, "1");
        send(&mut s, ENTER);
        s.expect("Kommentar").unwrap();
        send(&mut s, ENTER);
    }
    s.expect("Vill du fylla i").unwrap();
    send(&mut s, "j");
    send(&mut s, ENTER);
    s.expect("Ansvarig:").unwrap();
    send(&mut s, "Eva");
    send(&mut s, ENTER);
    s.expect("Samverkan:").unwrap();
    send(&mut s, ESC); // back one step: the owner again, with what was written
    s.expect("Ansvarig:").unwrap();
    send(&mut s, ENTER);
    s.expect("Samverkan:").unwrap();
    send(&mut s, ENTER);
    s.expect("Uppföljning:").unwrap();
    // The hint, wrapped between words at the terminal's width.
    let hint = until(&mut s, "ett steg.");
    let hint = hint.replace("\r\n", " ");
    assert!(hint.contains("ÅÅÅÅ-MM-DD"), "{hint:?}");
    assert!(hint.contains("Esc går tillbaka"), "{hint:?}");
    send(&mut s, "31/3");
    send(&mut s, ENTER);
    s.expect("är inte ett datum").unwrap();
    s.expect("Uppföljning:").unwrap();
    send(&mut s, "2027-03-31");
    send(&mut s, ENTER);
    let end = until(&mut s, "Bedömningen är klar");
    s.expect(Eof).unwrap();
    for english in ["<canceled>", "March", "Mo Tu", "mo tu"] {
        assert!(!end.contains(english), "{english}: {end:?}");
    }
    let file = read(dir.path());
    assert!(file.contains("answer: nej"), "{file}");
    assert!(file.contains("owner: Eva"), "{file}");
    assert!(file.contains("due: \"2027-03-31\""), "{file}");
}

#[test]
fn an_empty_due_date_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let mut s = spawn(dir.path(), &[]);
    for no in 1..=5 {
        s.expect(format!("Fråga {no} av 5").as_str()).unwrap();
        s.expect("Ditt svar").unwrap();
        send(&mut s, if no == 1 { "3" } else { "1" });
        send(&mut s, ENTER);
        s.expect("Kommentar").unwrap();
        send(&mut s, ENTER);
    }
    s.expect("Vill du fylla i").unwrap();
    send(&mut s, ENTER);
    for field in ["Ansvarig:", "Samverkan:", "Uppföljning:"] {
        s.expect(field).unwrap();
        send(&mut s, ENTER);
    }
    s.expect("Bedömningen är klar").unwrap();
    s.expect(Eof).unwrap();
    let file = read(dir.path());
    assert!(file.contains("status: planerad"), "{file}");
    assert!(!file.contains("due:"), "{file}");
}

#[test]
fn text_is_wrapped_between_words_at_the_terminal_width() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let mut s = spawn(dir.path(), &[]);
    let _ = s.set_window_size(50, 40);
    let shown = until(&mut s, "Ditt svar");
    let text = shown.replace('\r', "");
    // Our own lines (the introduction and the question) fit; no word is cut at the edge.
    let question = text
        .lines()
        .skip_while(|l| !l.starts_with("Fråga 1 av 5"))
        .take_while(|l| !l.contains('\u{1b}'))
        .collect::<Vec<_>>();
    assert!(question.len() > 2, "{text:?}");
    for line in &question {
        assert!(line.chars().count() < 50, "{line:?} in {text:?}");
    }
    let words = question.join(" ");
    assert!(
        words.contains("Kontrolleras sökandens identitet mot giltig id-handling vid nyansökan?"),
        "{words:?}"
    );
    send(&mut s, CTRL_C);
    s.expect(Eof).unwrap();
}

#[test]
fn resuming_says_where_it_stands_in_one_line_and_asks_nothing_the_file_knows() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let mut s = spawn(dir.path(), &[]);
    s.expect("Ditt svar").unwrap();
    send(&mut s, ENTER);
    s.expect("Kommentar").unwrap();
    send(&mut s, ENTER);
    s.expect("Fråga 2 av 5").unwrap();
    s.expect("Ditt svar").unwrap();
    send(&mut s, CTRL_C);
    s.expect(Eof).unwrap();

    // Without --unit and --assessor: the file has both, so nothing is asked before question 2.
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"));
    cmd.current_dir(dir.path())
        .args(["--checklists", "cl", "assess", "mini", "-o", "a.yaml"])
        .env_remove("CRIMEPROOF_LANG")
        .env_remove("CRIMEPROOF_CHECKLISTS")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn crimeproof in a pty");
    let _ = s.set_window_size(100, 40);
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    let before = until(&mut s, "Fråga 2 av 5");
    assert!(
        before.contains(
            "Fortsätter bedömningen i filen a.yaml: 1 av 5 besvarade — vi fortsätter med fråga 2."
        ),
        "{before:?}"
    );
    for not_again in ["Välkommen", "Enhet:", "Ditt namn", "minuter"] {
        assert!(!before.contains(not_again), "{not_again}: {before:?}");
    }
    s.expect("Ditt svar").unwrap();
    send(&mut s, CTRL_C);
    s.expect(Eof).unwrap();
    let file = read(dir.path());
    assert!(file.contains("assessor: Anna"), "{file}");
}

#[test]
fn the_keys_of_plain_mode_work_in_the_menu() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let mut s = spawn(dir.path(), &[]);
    s.expect("Ditt svar").unwrap();
    send(&mut s, "?");
    send(&mut s, ENTER);
    s.expect("Hjälp:").unwrap();
    s.expect("Ditt svar").unwrap();
    send(&mut s, "-");
    send(&mut s, ENTER);
    s.expect("Fråga 2 av 5").unwrap();
    s.expect("Ditt svar").unwrap();
    send(&mut s, "q");
    send(&mut s, ENTER);
    s.expect("Bedömningen är inte klar").unwrap();
    s.expect(Eof).unwrap();
}
