//! The coordinator's round (SPEC §5.6): the round file is checked like every other file, and
//! `round status` finds every unit's answers file — missing, partial, complete, followed up —
//! and names the files that belong to no unit.
mod common;
use common::Test;

const ROUND: &str = "\u{feff}format: 1\r
name: Brottssäkring 2026\r
deadline: 2026-03-31\r
units:\r
  - {unit: Försörjningsstöd, checklist: mini, respondent: Anna Andersson, sector: IFO}\r
  - {unit: Mottagningen, checklist: mini, respondent: Bo Berg}\r
  - {unit: Hemtjänst Norr, checklist: mini}\r
  - {unit: Ingen fil ännu, checklist: mini, respondent: Cecilia Ceder}\r
";

fn answers(unit: &str, answers: &[(&str, &str)], actions: &str) -> String {
    let mut s = format!(
        "format: 1\nchecklist: mini\nchecklist_version: \"2026.1\"\nunit: \"{unit}\"\n\
         updated: 2026-11-20T10:15:00+01:00\nanswers:\n"
    );
    if answers.is_empty() {
        s = s.replace("answers:\n", "answers: {}\n");
    }
    for (q, a) in answers {
        s.push_str(&format!("  {q}: {{answer: {a}}}\n"));
    }
    s.push_str(actions);
    s
}

const ALL_NEJ: [(&str, &str); 5] = [
    ("id-kontroll", "nej"),
    ("folkbokforing", "aldrig"),
    ("underrattelse", "nej"),
    ("attest", "nej"),
    ("stickprov", "nej"),
];

fn setup() -> Test {
    Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml")
        .file("omgang.yaml", ROUND)
        .copy("tests/fixtures/score/complete.yaml", "svar/fs.yaml")
        .file(
            "svar/mottagningen.yaml",
            answers(
                "  mottagningen ",
                &[("id-kontroll", "ja"), ("attest", "ja")],
                "",
            ),
        )
        .file(
            "svar/hemtjanst.yaml",
            answers(
                "HEMTJÄNST  NORR",
                &ALL_NEJ,
                "actions:\n  - {question: attest, measure: Inför attest av två personer., status: pagar}\n",
            ),
        )
        .file(
            "svar/annan.yaml",
            answers("Försörjningsstod", &[("id-kontroll", "ja")], ""),
        )
        .file("svar/trasig.yaml", "format: 1\nchecklist: mini\nunit: [trasig\n")
}

fn status(t: &mut Test, extra: &[&str]) -> common::Output {
    let mut args = vec![
        "--checklists",
        "set",
        "round",
        "status",
        "omgang.yaml",
        "svar",
    ];
    args.extend_from_slice(extra);
    t.exec(&args)
}

fn line<'a>(text: &'a str, unit: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(unit))
        .unwrap_or_else(|| panic!("no line for {unit} in\n{text}"))
}

#[test]
fn status_shows_every_unit_and_the_files_that_match_none() {
    let mut t = setup();
    let out = status(&mut t, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s = &out.stdout;
    let fs = line(s, "Försörjningsstöd");
    assert!(fs.contains("Klar") && fs.contains("svar/fs.yaml"), "{fs}");
    assert!(
        !fs.contains("FÖRSENAD"),
        "a complete unit is never late: {fs}"
    );
    // Case and white space in the unit name do not matter.
    let mo = line(s, "Mottagningen");
    assert!(
        mo.contains("Pågår (2 av 5)") && mo.contains("FÖRSENAD"),
        "{mo}"
    );
    assert!(mo.contains("2026-11-20 10:15"), "last saved: {mo}");
    let ht = line(s, "Hemtjänst Norr");
    assert!(ht.contains("Klar och uppföljd"), "{ht}");
    let none = line(s, "Ingen fil ännu");
    assert!(
        none.contains("Ej påbörjad") && none.contains("FÖRSENAD"),
        "{none}"
    );
    assert!(
        s.contains("4 enheter: 1 ej påbörjade, 1 pågår, 1 klara, 1 klara och uppföljda."),
        "{s}"
    );
    assert!(s.contains("Sista dag 2026-03-31 har passerat: 2 enheter är försenade."));
    // The stray file, with the unit it was probably meant for; the broken one, with its place.
    assert!(
        s.contains("svar/annan.yaml: enheten `Försörjningsstod`")
            && s.contains("Menade du `Försörjningsstöd`?"),
        "{s}"
    );
    assert!(s.contains("svar/trasig.yaml: kan inte läsas: rad 3"), "{s}");
}

#[test]
fn the_latest_of_several_files_speaks_for_the_unit() {
    let mut t = setup();
    let older = answers("Mottagningen", &ALL_NEJ, "").replace("2026-11-20", "2026-10-01");
    t.put("svar/mottagningen-gammal.yaml", older);
    let out = status(&mut t, &[]);
    let mo = line(&out.stdout, "Mottagningen");
    assert!(mo.contains("Pågår (2 av 5)") && mo.contains("(+1)"), "{mo}");
}

#[test]
fn markdown_and_html_pages_escape_what_files_say() {
    let mut t = setup();
    t.put(
        "svar/x.yaml",
        answers("<script>alert(1)</script> | *fet*", &[("attest", "ja")], ""),
    );
    let out = status(&mut t, &["-o", "status.html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = t.read("status.html");
    assert!(html.contains("<h1>Omgångens status: Brottssäkring 2026</h1>"));
    assert!(html.contains(r#"data-state="followed-up""#));
    assert!(!html.contains("<script>alert"), "escaped");
    assert!(html.contains("&lt;script&gt;"));
    let out = status(&mut t, &["--format", "md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("| Mottagningen | mini | Bo Berg | Pågår (2 av 5) ⚠ försenad |")
    );
    assert!(out.stdout.contains(r"\| \*fet\*"), "{}", out.stdout);
}

#[test]
fn english_and_before_the_deadline() {
    let mut t = setup();
    t.put("omgang.yaml", ROUND.replace("2026-03-31", "2027-03-31"));
    let out = status(&mut t, &["--lang", "en"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("In progress (2 of 5)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("OVERDUE"));
    assert!(out.stdout.contains("Deadline: 2027-03-31."));
}

#[test]
fn status_never_writes_onto_the_round_or_an_answers_file() {
    let mut t = setup();
    let before = t.read("svar/fs.yaml");
    let out = status(&mut t, &["-o", "svar/fs.yaml"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("samma fil"), "{}", out.stderr);
    assert_eq!(t.read("svar/fs.yaml"), before);
    let out = status(&mut t, &["-o", "omgang.yaml", "--format", "md"]);
    assert_eq!(out.code, 1);
    assert_eq!(t.read("omgang.yaml"), ROUND);
}

#[test]
fn a_wrong_round_file_is_reported_at_its_place() {
    let mut t = setup();
    t.put(
        "omgang.yaml",
        "format: 1\nname: Omgång\ndeadline: 2026-02-30\nunits:\n  - {unit: A, checklist: minni}\n  - {unit: ' a ', checklist: minni}\n  - {unit: B, checklist: mini, mail: b@x.se}\n",
    );
    let out = t.exec(&["--checklists", "set", "check", "omgang.yaml"]);
    assert_eq!(out.code, 1);
    let e = &out.stdout;
    assert!(e.contains("omgang.yaml:7:32: fel[E011]"), "{e}");
    let out = t.exec(&["--checklists", "set", "round", "status", "omgang.yaml"]);
    assert_eq!(out.code, 1);
    // Structure first; once that is right, the meaning.
    t.put(
        "omgang.yaml",
        "format: 1\nname: Omgång\ndeadline: 2026-02-30\nunits:\n  - {unit: A, checklist: minni}\n  - {unit: ' a ', checklist: mini}\n  - {unit: a, checklist: mini}\n",
    );
    let out = t.exec(&["--checklists", "set", "round", "status", "omgang.yaml"]);
    assert_eq!(out.code, 1);
    let e = &out.stderr;
    assert!(
        e.contains("omgang.yaml:3:11: fel[E054]: ogiltigt datum `2026-02-30`"),
        "{e}"
    );
    assert!(
        e.contains("omgang.yaml:5:26: fel[E050]: okänd checklista `minni`"),
        "{e}"
    );
    assert!(e.contains("menade du `mini`?"), "{e}");
    assert!(e.contains("omgang.yaml:7:12: fel[E070]"), "{e}");
    assert!(e.contains("rad 6"), "{e}");
    let out = t.exec(&[
        "--checklists",
        "set",
        "--lang",
        "en",
        "check",
        "omgang.yaml",
    ]);
    assert!(
        out.stdout.contains("unknown checklist `minni`"),
        "{}",
        out.stdout
    );
}

#[test]
fn schema_round_is_the_shipped_one() {
    let out = Test::new().args(&["schema", "round"]).run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("\"title\": \"crimeproof round\""));
}

#[test]
fn forms_writes_one_prefilled_form_per_unit() {
    let mut t = setup();
    let out = t.exec(&[
        "--checklists",
        "set",
        "round",
        "forms",
        "omgang.yaml",
        "-o",
        "formulär",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for name in [
        "forsorjningsstod-mini.html",
        "mottagningen-mini.html",
        "hemtjanst-norr-mini.html",
        "ingen-fil-annu-mini.html",
    ] {
        let html = t.read(&format!("formulär/{name}"));
        assert!(html.contains("data-question="), "{name}");
        assert!(html.contains("name=\"unit\""), "{name}");
    }
}

#[test]
fn a_round_file_in_the_checklist_folder_is_skipped_with_a_warning() {
    let mut t = setup();
    t.put("set/omgang.yaml", ROUND);
    let out = t.exec(&["--checklists", "set", "list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("W019") && out.stderr.contains("omgångsfil"),
        "{}",
        out.stderr
    );
}
