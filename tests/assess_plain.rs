//! `crimeproof assess` in plain mode (SPEC §4.1), end to end: the real binary, stdin piped.

mod common;
use common::{Output, Test};

/// Runs the binary again in the same folder.
fn go(t: &mut Test, args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let taken = std::mem::replace(t, Test::new());
    *t = taken.args(args).stdin(stdin);
    t.run()
}

fn with_checklists() -> Test {
    Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "cl/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "cl/matrix.yaml")
}

const ASSESS: &[&str] = &[
    "--checklists",
    "cl",
    "assess",
    "mini",
    "-o",
    "a.yaml",
    "--unit",
    "Försörjningsstöd",
    "--assessor",
    "Anna Andersson",
];

#[test]
fn complete_run_writes_a_file_that_check_accepts() {
    let mut t = with_checklists();
    let out = go(
        &mut t,
        ASSESS,
        "2\nGörs vid nyansökan men inte vid ändringar.\n1\n\n3\n\n1\n\nvet-ej\n\nj\nEnhetschefen\nEkonomi\n2026-06-30\n\n\n\n\n\n\n",
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("[1/5] Fråga 1 av 5: Kontrolleras"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Riskområde 2 av 2: Utbetalningar"));
    assert!(out.stdout.contains("Resultat per riskområde"));
    assert!(out.stdout.contains("Bedömningen är klar"), "{}", out.stdout);
    let file = t.read("a.yaml");
    assert!(file.contains("answer: delvis"), "{file}");
    assert!(file.contains("comment: Görs vid nyansökan men inte vid ändringar."));
    assert!(file.contains("completed:"));
    assert!(file.contains("assessor: Anna Andersson"));
    assert!(file.contains("checklist_digest: sha256:"));
    assert!(file.contains("owner: Enhetschefen"), "{file}");
    assert!(file.contains("due: \"2026-06-30\""), "{file}");
    assert!(file.contains("status: planerad"));
    let check = go(&mut t, &["--checklists", "cl", "check", "a.yaml"], "");
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    let score = go(
        &mut t,
        &["--checklists", "cl", "score", "a.yaml", "--json"],
        "",
    );
    assert!(
        score.stdout.contains("\"complete\": true"),
        "{}",
        score.stdout
    );
}

#[test]
fn end_of_input_midway_then_resume() {
    let mut t = with_checklists();
    let out = go(&mut t, ASSESS, "1\n\n2\nkommentar");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Bedömningen är inte klar"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("a.yaml"));
    let file = t.read("a.yaml");
    assert!(file.contains("answer: ja"));
    // The second answer was saved before its comment was finished.
    assert!(file.contains("answer: ibland"), "{file}");
    assert!(!file.contains("completed:"));
    let check = go(&mut t, &["--checklists", "cl", "check", "a.yaml"], "");
    assert_eq!(check.code, 0, "{}", check.stdout);

    let out = go(&mut t, ASSESS, "3\n\n");
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("Fortsätter bedömningen"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "Fortsätter bedömningen i filen a.yaml: 2 av 5 besvarade — vi fortsätter med fråga 3."
        ),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("Välkommen"),
        "the introduction is not repeated on resume"
    );
    assert!(
        !out.stdout.contains("[1/5]"),
        "answered questions are not asked again"
    );
    assert!(out.stdout.contains("[3/5] Fråga 3 av 5"));
    assert!(t.read("a.yaml").contains("answer: nej"));

    // --review walks all questions again; an empty line keeps the earlier answer.
    let mut args = ASSESS.to_vec();
    args.push("--review");
    let out = go(&mut t, &args, "\n\n");
    assert!(out.stdout.contains("[1/5]"));
    assert!(
        out.stdout
            .contains("Nuvarande svar: Ja. En tom rad behåller det.")
    );
}

#[test]
fn invalid_lines_are_explained_and_asked_again_crlf_accepted() {
    let mut t = with_checklists();
    let out = go(&mut t, ASSESS, "7\r\nkanske\r\n\r\nnej\r\n\r\nq\r\n");
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("”7” är inte ett av svaren"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("”kanske” är inte ett av svaren"));
    assert!(out.stdout.contains("Du skrev inget svar"));
    let file = t.read("a.yaml");
    assert!(file.contains("answer: nej"), "{file}");
    assert!(!file.contains('\r'));
}

#[test]
fn not_applicable_without_justification_is_refused() {
    let mut t = with_checklists();
    let out = go(&mut t, ASSESS, "5\n\nVi gör inga nyansökningar.\nq\n");
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("behöver en motivering"),
        "{}",
        out.stdout
    );
    let file = t.read("a.yaml");
    assert!(file.contains("answer: ej-aktuellt"));
    assert!(file.contains("comment: Vi gör inga nyansökningar."));
}

#[test]
fn unit_and_assessor_are_read_first_and_name_the_default_file() {
    let mut t = with_checklists();
    let out = go(
        &mut t,
        &["--checklists", "cl", "assess", "mini"],
        "\nFörsörjningsstöd\nAnna\n?\nq\n",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Raden får inte vara tom"));
    assert!(out.stdout.contains("Hjälp:"));
    // The harness fixes the clock (SOURCE_DATE_EPOCH) at 2026-11-25 12:00 UTC.
    let name = "mini-forsorjningsstod-2026-11-25.yaml".to_string();
    // Quit before any answer: nothing written yet.
    assert!(!out.dir.join(&name).exists());
    let out = go(
        &mut t,
        &["--checklists", "cl", "assess", "mini"],
        "Försörjningsstöd\nAnna\n1\n\nq\n",
    );
    assert!(out.stdout.contains(&name), "{}", out.stdout);
    assert!(t.read(&name).contains("unit: Försörjningsstöd"));
}

#[test]
fn unknown_checklist_lists_the_available_ones() {
    let mut t = with_checklists();
    let out = go(&mut t, &["--checklists", "cl", "assess", "minj"], "");
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("Tillgängliga checklistor: mini"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("Menade du `mini`?"));
}

#[test]
fn a_file_of_another_checklist_is_refused() {
    let other = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini/mini.yaml"),
    )
    .unwrap()
    .replace("id: mini\n", "id: annan\n");
    let mut t = with_checklists().file("cl/annan.yaml", other);
    let out = go(
        &mut t,
        &[
            "--checklists",
            "cl",
            "assess",
            "annan",
            "-o",
            "b.yaml",
            "--unit",
            "E",
            "--assessor",
            "A",
        ],
        "1\n\nq\n",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = t.read("b.yaml");
    let out = go(
        &mut t,
        &[
            "--checklists",
            "cl",
            "assess",
            "mini",
            "-o",
            "b.yaml",
            "--unit",
            "E",
            "--assessor",
            "A",
        ],
        "1\n\n",
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("är en bedömning av checklistan `annan`, inte `mini`"),
        "{}",
        out.stderr
    );
    assert_eq!(t.read("b.yaml"), before);
}

#[test]
fn a_corrupt_file_is_left_byte_for_byte_untouched() {
    let corrupt = b"format: 1\nchecklist: mini\nanswers: [\n\xff trasig\n";
    let mut t = with_checklists().file("a.yaml", corrupt);
    let out = go(&mut t, ASSESS, "1\n\n");
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("Filen har inte ändrats"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(out.dir.join("a.yaml")).unwrap(), corrupt);

    // Valid YAML but an invalid assessment (ej-aktuellt without justification): also refused.
    let invalid = "format: 1\nchecklist: mini\nchecklist_version: \"2026.1\"\nunit: E\nanswers:\n  attest: {answer: ej-aktuellt}\n";
    let mut t = with_checklists().file("a.yaml", invalid);
    let out = go(&mut t, ASSESS, "1\n\n");
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("saknar motivering"), "{}", out.stderr);
    assert_eq!(t.read("a.yaml"), invalid);
}

#[test]
fn a_file_in_use_by_another_session_is_refused() {
    let mut t = with_checklists();
    let _lock = crimeproof::storage::Lock::acquire(&t.path().join("a.yaml")).unwrap();
    let out = go(&mut t, ASSESS, "1\n\n");
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("används redan"), "{}", out.stderr);
    assert!(!t.path().join("a.yaml").exists());
}

#[test]
fn english_prompts() {
    let mut t = with_checklists();
    let out = go(&mut t, &[ASSESS, &["--lang", "en"]].concat(), "?\nq\n");
    assert!(
        out.stdout.contains("[1/5] Question 1 of 5"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Don't know"));
}

#[test]
fn a_changed_checklist_is_explained_and_answers_carry_over() {
    let old = "format: 1\nchecklist: mini\nchecklist_version: \"2025.1\"\nchecklist_digest: \"sha256:0000\"\nunit: Försörjningsstöd\nassessor: Anna\ncreated: 2025-11-25T09:14:00+01:00\nupdated: 2025-11-25T09:14:00+01:00\ncompleted: 2025-11-25T09:14:00+01:00\nanswers:\n  id-kontroll: {answer: ja}\n  adress-kontroll: {answer: ibland}\n  borttagen-fraga: {answer: nej}\n";
    let mut t = with_checklists().file("a.yaml", old);
    let out = go(&mut t, ASSESS, "1\n\nq\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("version 2025.1 har ersatts av 2026.1"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("borttagen-fraga"));
    assert!(
        out.stdout
            .contains("3 frågor i den nya versionen saknar svar")
    );
    assert!(
        out.stdout.contains("[3/5]"),
        "the first unanswered question is asked"
    );
    let file = t.read("a.yaml");
    assert!(file.contains("checklist_version: \"2026.1\""), "{file}");
    assert!(
        file.contains("folkbokforing:\n    answer: ibland"),
        "{file}"
    );
    assert!(!file.contains("adress-kontroll") && !file.contains("borttagen-fraga"));
    assert!(
        !file.contains("completed:"),
        "new questions make it incomplete again"
    );
    let check = go(&mut t, &["--checklists", "cl", "check", "a.yaml"], "");
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn an_answer_whose_option_was_removed_is_asked_again() {
    let old = "format: 1\nchecklist: mini\nchecklist_version: \"2025.1\"\nunit: Försörjningsstöd\nanswers:\n  id-kontroll: {answer: ja}\n  folkbokforing: {answer: ofta}\n";
    let mut t = with_checklists().file("a.yaml", old);
    let out = go(&mut t, ASSESS, "1\n\nq\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("svarsalternativ som inte längre finns (folkbokforing)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("[2/5]"));
    let file = t.read("a.yaml");
    assert!(
        file.contains("folkbokforing:\n    answer: alltid"),
        "{file}"
    );
    let check = go(&mut t, &["--checklists", "cl", "check", "a.yaml"], "");
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// Every question answered; attest `ja`, so its measure is no longer triggered.
const ANSWERED: &str = "format: 1\nchecklist: mini\nchecklist_version: \"2026.1\"\nunit: Försörjningsstöd\nassessor: Anna\nanswers:\n  id-kontroll: {answer: delvis}\n  folkbokforing: {answer: alltid}\n  underrattelse: {answer: ja}\n  attest: {answer: ja}\n  stickprov: {answer: ja}\n";

#[test]
fn resuming_keeps_every_action_a_person_wrote() {
    let file = format!(
        "{ANSWERED}actions:\n  \
         - {{question: id-kontroll, measure: Dokumentera id-kontrollen i akten., status: planerad}}\n  \
         - {{question: id-kontroll, measure: Utbilda handläggarna i id-kontroll., status: planerad}}\n  \
         - {{question: attest, measure: Inför attest av två personer., owner: Ekonomichefen, due: 2026-03-31, status: klar}}\n  \
         - {{question: stickprov, measure: Gör stickprov varje kvartal., status: planerad}}\n"
    );
    let mut t = with_checklists().file("a.yaml", file);
    let out = go(&mut t, ASSESS, "n\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let saved = t.read("a.yaml");
    assert!(
        saved.contains("Utbilda handläggarna i id-kontroll."),
        "{saved}"
    );
    assert!(saved.contains("owner: Ekonomichefen"), "{saved}");
    assert!(saved.contains("status: klar"), "{saved}");
    // An untouched generated action whose answer is now Ja is the only one removed.
    assert!(!saved.contains("Gör stickprov"), "{saved}");
    let check = go(&mut t, &["--checklists", "cl", "check", "a.yaml"], "");
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn a_persons_action_outlives_a_removed_question_and_the_file_stays_valid() {
    let old = "format: 1\nchecklist: mini\nchecklist_version: \"2025.1\"\nunit: Försörjningsstöd\nanswers:\n  id-kontroll: {answer: ja}\n  borttagen-fraga: {answer: nej}\nactions:\n  - {question: borttagen-fraga, measure: Samverka med polisen., owner: Eva Ek}\n";
    let mut t = with_checklists().file("a.yaml", old);
    let out = go(&mut t, ASSESS, "1\n\nq\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let saved = t.read("a.yaml");
    assert!(saved.contains("measure: Samverka med polisen."), "{saved}");
    assert!(saved.contains("owner: Eva Ek"), "{saved}");
    let check = go(&mut t, &["--checklists", "cl", "check", "a.yaml"], "");
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("borttagen-fraga"), "{}", check.stdout);
}

#[test]
fn a_huge_comment_is_refused_and_the_file_stays_loadable() {
    let mut t = with_checklists();
    let huge = "x".repeat(6 * 1024 * 1024);
    let out = go(&mut t, ASSESS, format!("1\n{huge}\nkort\nq\n"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Texten är för lång: 6291456 tecken. Här får den vara högst 10000 tecken."),
        "{}",
        &out.stdout[..out.stdout.len().min(3000)]
    );
    let saved = t.read("a.yaml");
    assert!(saved.len() < 10_000, "{}", saved.len());
    assert!(saved.contains("comment: kort"), "{saved}");
    let score = go(&mut t, &["--checklists", "cl", "score", "a.yaml"], "");
    assert_eq!(score.code, 0, "{}", score.stderr);
}

#[test]
fn a_unit_name_over_200_characters_is_refused_and_asked_again() {
    let long = "E".repeat(201);
    let mut t = with_checklists();
    let args = [
        "--checklists",
        "cl",
        "assess",
        "mini",
        "-o",
        "a.yaml",
        "--assessor",
        "A",
    ];
    let out = go(&mut t, &args, format!("{long}\nEnheten\nq\n"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Texten är för lång: 201 tecken"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("för Enheten:"), "{}", out.stdout);

    // Given on the command line, it is refused the same way and a line is read instead.
    let mut with_unit = args.to_vec();
    with_unit.extend(["--unit", &long]);
    let out = go(&mut t, &with_unit, "Enheten\n1\n\nq\n");
    assert!(
        out.stdout.contains("Texten är för lång: 201 tecken"),
        "{}",
        out.stdout
    );
    assert!(t.read("a.yaml").contains("unit: Enheten\n"));
}

#[test]
fn file_text_never_reaches_the_terminal_raw() {
    let mini = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini/mini.yaml"),
    )
    .unwrap();
    let hostile = mini
        .replace(
            "title: Minichecklista för tester",
            "title: \"Mini\\e[31mlista\"",
        )
        .replace(
            "text: Kontrolleras sökandens identitet mot giltig id-handling vid nyansökan?",
            "text: \"Kontrolleras \\e[2J identiteten\\r?\"",
        );
    assert_ne!(hostile, mini);
    let mut t = with_checklists().file("cl/mini.yaml", hostile);
    let unit = "Enhet \u{202e}gnissab";
    let raw = |s: &str| s.contains('\u{1b}') || s.contains('\r') || s.contains('\u{202e}');
    let args = [
        "--checklists",
        "cl",
        "assess",
        "mini",
        "-o",
        "a.yaml",
        "--unit",
        unit,
        "--assessor",
        "A",
    ];
    let out = go(
        &mut t,
        &args,
        "1\n\u{1b}[2Jkommentar\rmed\u{202e}tecken\nq\n",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!raw(&out.stdout), "{:?}", out.stdout);
    assert!(
        out.stdout
            .contains("Fråga 1 av 5: Kontrolleras \\e[2J identiteten\\r?"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Enhet \\u{202e}gnissab"),
        "{}",
        out.stdout
    );

    // The comment comes back from the file as the current value when resuming.
    let out = go(&mut t, &[&args[..], &["--review"]].concat(), "\nq\n");
    assert!(!raw(&out.stdout), "{:?}", out.stdout);
    assert!(
        // (A leading escape character is trimmed like any invisible edge of typed text.)
        out.stdout.contains("kommentar\\rmed\\u{202e}tecken"),
        "{}",
        out.stdout
    );

    for cmd in [
        &["--checklists", "cl", "list"][..],
        &["--checklists", "cl", "score", "a.yaml"],
    ] {
        let out = go(&mut t, cmd, "");
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(!raw(&out.stdout), "{:?}", out.stdout);
        assert!(out.stdout.contains("Mini\\e[31mlista"), "{}", out.stdout);
    }
    // JSON for scripts says the same in `\u` escapes: the values are unchanged.
    let json = go(
        &mut t,
        &["--checklists", "cl", "score", "a.yaml", "--json"],
        "",
    );
    assert!(!raw(&json.stdout), "{:?}", json.stdout);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["unit"], unit);
    assert_eq!(v["title"], "Mini\u{1b}[31mlista");
    let list = go(&mut t, &["--checklists", "cl", "list", "--json"], "");
    assert!(!raw(&list.stdout), "{:?}", list.stdout);
    assert!(
        list.stdout.contains("Mini\\u001b[31mlista"),
        "{}",
        list.stdout
    );
    let score = go(&mut t, &["--checklists", "cl", "score", "a.yaml"], "");
    assert!(
        score.stdout.contains("Enhet \\u{202e}gnissab"),
        "{}",
        score.stdout
    );
}

/// Fields of the follow-up (SPEC §5.2) that a person may write by hand: while the format lacks
/// them the file is refused and left as it is; once it has them, resuming keeps them.
#[test]
fn a_hand_written_action_field_is_never_dropped() {
    for (action, kept) in [
        (
            "{question: attest, measure: Inför attest av två personer., note: Beslutat i nämnden.}",
            "Beslutat i nämnden.",
        ),
        (
            "{area: utbetalning, measure: En egen åtgärd.}",
            "En egen åtgärd.",
        ),
    ] {
        let file = format!("{ANSWERED}actions:\n  - {action}\n");
        let mut t = with_checklists().file("a.yaml", &file);
        let out = go(&mut t, ASSESS, "n\n");
        let saved = t.read("a.yaml");
        match out.code {
            1 => assert_eq!(saved, file, "a refused file is left as it is"),
            0 => assert!(saved.contains(kept), "{action}: {saved}"),
            code => panic!("exit {code}: {}", out.stderr),
        }
    }
}

#[test]
fn skipped_questions_are_named_at_the_end_and_can_be_answered_then() {
    let mut t = with_checklists();
    // Question 1 and 4 skipped; at the end `j` answers them, then the action fill-in is declined.
    let out = go(&mut t, ASSESS, "-\n1\n\n1\n\n-\n1\n\nj\n1\n\n2\n\nn\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let o = &out.stdout;
    let named = o.find("2 frågor saknar svar:").expect(o);
    assert!(
        o[named..].contains(
            "1. Kontrolleras sökandens identitet mot giltig id-handling vid nyansökan?\n4. Attesteras varje utbetalning av två personer?\nVill du besvara dem nu?"
        ),
        "{o}"
    );
    // SPEC §4.1: this comes before the result per area.
    let result = o.find("Resultat per riskområde").expect(o);
    assert!(named < result, "{o}");
    assert!(o[named..result].contains("[1/5] Fråga 1 av 5"), "{o}");
    assert!(o[named..result].contains("[4/5] Fråga 4 av 5"), "{o}");
    assert!(o.contains("Bedömningen är klar"), "{o}");
    let file = t.read("a.yaml");
    assert!(file.contains("completed:"), "{file}");
    assert!(
        file.contains("answer: delvis"),
        "question 4 answered at the end: {file}"
    );

    // `n` leaves them unanswered and goes on to the result.
    let mut t = with_checklists();
    let out = go(&mut t, ASSESS, "1\n\n-\n1\n\n1\n\n1\n\nn\nn\n");
    let o = &out.stdout;
    assert!(
        o.contains("1 fråga saknar svar:\n2. Jämförs uppgiven adress med folkbokföringen?"),
        "{o}"
    );
    assert!(o.contains("Obesvarade: 1 fråga"), "{o}");
    assert!(
        o.contains("Bedömningen är inte klar: 1 fråga saknar svar"),
        "{o}"
    );
}
