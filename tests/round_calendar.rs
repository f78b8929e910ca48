//! `calendar`: open actions with a due date and a round's deadline as RFC 5545 iCalendar, checked
//! by reading the output back with the `icalendar` crate's parser and by a strict look at the
//! lines themselves (CRLF, folding at 75 octets, required properties).
mod common;
use common::Test;
use icalendar::{Calendar, Component};

const ROUND: &str = "format: 1\nname: Brottssäkring 2026\ndeadline: 2026-03-31\nunits:\n  - {unit: Försörjningsstöd, checklist: mini, respondent: Anna Andersson}\n";

const ACTIONS: &str = "actions:
  - {question: id-kontroll, measure: \"Dokumentera id-kontrollen i akten; också vid ändringar, i varje ärende och utan undantag – även när handläggaren känner sökanden sedan tidigare\", owner: Eva Ek, partners: IT, due: 2026-06-30, status: pagar}
  - {question: stickprov, measure: Gör stickprov varje kvartal., owner: Bo, due: 2026-03-01, status: klar}
  - {question: stickprov, measure: Utan datum., owner: Bo}
";

fn setup() -> Test {
    let complete = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/score/complete.yaml"),
    )
    .unwrap();
    Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml")
        .file("omgang.yaml", ROUND)
        .file("svar/fs.yaml", format!("{complete}{ACTIONS}"))
}

fn calendar(t: &mut Test, extra: &[&str]) -> common::Output {
    let mut args = vec!["--checklists", "set", "calendar"];
    args.extend_from_slice(extra);
    t.exec(&args)
}

/// RFC 5545 §3.1: CRLF line ends, no line longer than 75 octets, continuation lines start with a
/// space; §3.6 and §3.8.7.2: the calendar and each event carry their required properties.
fn assert_strict(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    let lines: Vec<&str> = ics.trim_end_matches("\r\n").split("\r\n").collect();
    for l in &lines {
        assert!(l.len() <= 75, "longer than 75 octets: {l:?}");
    }
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    let unfolded = ics.replace("\r\n ", "");
    for p in ["VERSION:2.0", "PRODID:"] {
        assert!(unfolded.contains(p), "{p}");
    }
    for ev in unfolded.split("BEGIN:VEVENT").skip(1) {
        let ev = ev.split("END:VEVENT").next().unwrap();
        for p in [
            "\r\nUID:",
            "\r\nDTSTAMP:",
            "\r\nDTSTART;VALUE=DATE:",
            "\r\nSUMMARY:",
        ] {
            assert!(ev.contains(p), "{p} missing in {ev}");
        }
    }
}

#[test]
fn open_actions_with_a_due_date_become_all_day_events() {
    let mut t = setup();
    let out = calendar(
        &mut t,
        &["svar", "--round", "omgang.yaml", "-o", "atgarder.ics"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ics = t.read("atgarder.ics");
    assert_strict(&ics);
    let cal: Calendar = ics.parse().expect("parses as iCalendar");
    let events: Vec<_> = cal.events().collect();
    assert_eq!(
        events.len(),
        2,
        "the deadline and the one open action with a date"
    );
    let deadline = events[0];
    assert_eq!(
        deadline.get_summary(),
        Some("Sista dag för svar: Brottssäkring 2026")
    );
    assert!(ics.contains("DTSTART;VALUE=DATE:20260331"));
    let action = events[1];
    let summary = action.get_summary().unwrap();
    assert!(
        summary.contains("Dokumentera id-kontrollen i akten") && summary.contains("ändringar"),
        "{summary}"
    );
    // Commas and semicolons in text are escaped in the file.
    assert!(
        ics.replace("\r\n ", "")
            .contains("akten\\; också vid ändringar\\, i varje")
    );
    let desc = action.get_description().unwrap();
    for want in [
        "Enhet: Försörjningsstöd",
        "Riskområde: Identitet och folkbokföring",
        "Ansvarig: Eva Ek",
        "Samverkan: IT",
    ] {
        assert!(desc.contains(want), "{want} in {desc}");
    }
    assert!(ics.contains("DTSTART;VALUE=DATE:20260630"));
    assert!(
        ics.contains("DTEND;VALUE=DATE:20260701"),
        "the end is exclusive"
    );
    assert!(
        !ics.contains("kvartal"),
        "a completed action is no reminder"
    );
    assert!(
        !ics.contains("Utan datum"),
        "an action without a date has no day"
    );
    // The clock is fixed in the tests, so DTSTAMP is too.
    assert!(ics.contains("DTSTAMP:20261125T120000Z"));
}

#[test]
fn uids_stay_the_same_wherever_the_file_lies() {
    let mut t = setup();
    let first = calendar(&mut t, &["svar/fs.yaml"]).stdout;
    t.put("annan/mapp/fs.yaml", t.read("svar/fs.yaml"));
    let second = calendar(&mut t, &["annan/mapp/fs.yaml"]).stdout;
    let uids = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(uids(&first).len(), 1);
    assert_eq!(uids(&first), uids(&second));
}

#[test]
fn english_text_and_bad_input() {
    let mut t = setup();
    let out = calendar(&mut t, &["--lang", "en", "svar", "--round", "omgang.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("SUMMARY:Deadline for answers: Brottssäkring 2026")
    );
    assert!(out.stdout.contains("Owner: Eva Ek"));
    // Never onto an input.
    let before = t.read("svar/fs.yaml");
    let out = calendar(&mut t, &["svar", "-o", "svar/fs.yaml"]);
    assert_eq!(out.code, 1);
    assert_eq!(t.read("svar/fs.yaml"), before);
    // Nothing to read is wrong usage.
    let out = calendar(&mut t, &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // A broken assessment is named with its place.
    t.put(
        "svar/fs.yaml",
        before.replace("due: 2026-06-30", "due: 2026-06-31"),
    );
    let out = calendar(&mut t, &["svar"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("svar/fs.yaml:"), "{}", out.stderr);
}
