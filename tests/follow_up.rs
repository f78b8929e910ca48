//! The year of an action plan, end to end in plain mode (SPEC §5.2, §5.3): assess with
//! indicators → report → follow-up (two measures klar, one of one's own, the sector head accepts a
//! risk) → next year's assess --from carries the open actions → compare shows what was completed.

mod common;
use common::{Output, Test};

fn go(t: &mut Test, args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let taken = std::mem::replace(t, Test::new());
    *t = taken.args(args).stdin(stdin);
    t.run()
}

fn ok(out: &Output) {
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
}

fn cl<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--checklists", "cl"];
    v.extend_from_slice(args);
    v
}

/// The first assessment: every answer nej (three measures), indicators, owners filled in.
fn assessed() -> Test {
    let mut t = Test::new()
        .copy(
            "tests/fixtures/follow/uppfoljning.yaml",
            "cl/uppfoljning.yaml",
        )
        .copy("tests/fixtures/mini/matrix.yaml", "cl/matrix.yaml");
    let out = go(
        &mut t,
        &cl(&[
            "assess",
            "uppfoljning",
            "-o",
            "2026.yaml",
            "--unit",
            "Försörjningsstöd",
            "--assessor",
            "Anna Andersson",
            "--plain",
        ]),
        "3\n\n3\n\n3\n\nmånga\n-1\n14\n\nj\nEnhetschef\n\n2027-03\nEkonomichef\nHR\n2027-06-30\nControllern\n\nlöpande\n",
    );
    ok(&out);
    let s = &out.stdout;
    let asked = s.find("Antal medarbetare som utbildats").expect(s);
    assert!(
        asked < s.find("Resultat per riskområde").unwrap(),
        "indicators before the result"
    );
    assert!(s.contains("”många” är inte ett heltal"), "{s}");
    assert!(s.contains("”-1” är inte ett heltal"), "{s}");
    t
}

#[test]
fn a_year_of_follow_up() {
    let mut t = assessed();
    let file = t.read("2026.yaml");
    assert!(file.contains("indicators:\n  utbildade: 14\n"), "{file}");
    assert!(!file.contains("enkat"), "an empty line skips the indicator");
    for id in ["id: a1", "id: a2", "id: a3"] {
        assert!(file.contains(id), "{file}");
    }
    assert!(
        file.contains("due: 2027-03") || file.contains("due: \"2027-03\""),
        "{file}"
    );

    // The sector head's follow-up: two measures klar, one of one's own, one risk accepted.
    let out = go(
        &mut t,
        &cl(&["follow-up", "2026.yaml", "--plain"]),
        "3\nRutinen beslutad i nämnden.\nklar\n\n\nEn första utbildning hölls.\nj\nutbetalning\nUtbilda attestanterna.\nEkonomichef\n2027-06\nn\nj\nidentitet\nacceptera\nEva Ek\nKontrollen görs redan manuellt i alla ärenden.\nn\n",
    );
    ok(&out);
    assert!(
        out.stdout
            .contains("[1/3] Åtgärd 1 av 3: Inför id-kontroll"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Ansvarig: Enhetschef. Uppföljning: 2027-03. Status: Planerad.")
    );
    assert!(
        out.stdout.contains("Uppföljningen är sparad"),
        "{}",
        out.stdout
    );
    let check = go(&mut t, &cl(&["check", "2026.yaml"]), "");
    ok(&check);
    let file = t.read("2026.yaml");
    assert!(file.contains("status: klar"), "{file}");
    assert!(
        file.contains("done: 2026-11-25") || file.contains("done: \"2026-11-25\""),
        "{file}"
    );
    assert!(file.contains("note: En första utbildning hölls."), "{file}");
    assert!(
        file.contains("id: a4\n  area: utbetalning\n  measure: Utbilda attestanterna."),
        "{file}"
    );
    assert!(file.contains("decision: acceptera"), "{file}");
    assert!(file.contains("justification: Kontrollen görs redan manuellt i alla ärenden."));

    // Next year: the unit comes from last year's file, last year's answers are offered.
    let out = go(
        &mut t,
        &cl(&[
            "assess",
            "uppfoljning",
            "--from",
            "2026.yaml",
            "-o",
            "2027.yaml",
            "--assessor",
            "Anna Andersson",
            "--plain",
        ]),
        "\n\n\n\n\n1\n\n\n\nn\n",
    );
    ok(&out);
    assert!(
        out.stdout
            .contains("Förra bedömningens svar: Nej. En tom rad tar det."),
        "{}",
        out.stdout
    );
    let next = t.read("2027.yaml");
    assert!(next.contains("unit: Försörjningsstöd"), "{next}");
    assert!(next.contains("id-kontroll:\n    answer: nej"), "{next}");
    assert!(next.contains("attest:\n    answer: ja"), "{next}");
    // Klar ones stay behind; the open ones keep id, owner, due, status and note.
    assert!(!next.contains("Rutinen beslutad i nämnden."), "{next}");
    assert!(next.contains("id: a3\n  question: attest"), "{next}");
    assert!(next.contains("note: En första utbildning hölls."), "{next}");
    assert!(next.contains("id: a4\n  area: utbetalning"), "{next}");
    // This year's answers trigger their measures again, under new ids.
    assert!(next.contains("id: a5\n  question: id-kontroll"), "{next}");
    assert!(
        !next.contains("decisions:"),
        "a decision belongs to its year"
    );
    let check = go(&mut t, &cl(&["check", "2027.yaml"]), "");
    ok(&check);

    // What the year achieved.
    let cmp = go(&mut t, &cl(&["compare", "2026.yaml", "2027.yaml"]), "");
    ok(&cmp);
    let md = &cmp.stdout;
    let section = |title: &str| {
        let start = md.find(title).unwrap_or_else(|| panic!("{title}: {md}"));
        let rest = &md[start + title.len()..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
    };
    let completed = section("## Genomförda åtgärder sedan förra bedömningen");
    assert!(
        completed.contains("Inför id-kontroll vid varje nyansökan."),
        "{md}"
    );
    assert!(
        completed.contains("Stäm av adressen i varje ärende."),
        "{md}"
    );
    assert!(completed.contains("Rutinen beslutad i nämnden."), "{md}");
    let open = section("## Åtgärder som fortfarande pågår eller är planerade");
    assert!(open.contains("Inför attest av två personer."), "{md}");
    assert!(open.contains("Utbilda attestanterna."), "{md}");
    let new = section("## Nya åtgärder");
    assert!(
        new.contains("Inför id-kontroll vid varje nyansökan."),
        "{md}"
    );
}

#[test]
fn report_score_and_export_show_the_follow_up() {
    let mut t = assessed();
    let out = go(
        &mut t,
        &cl(&["follow-up", "2026.yaml", "--plain"]),
        "3\nKlart.\n\n\n\n\nn\nj\nutbetalning\nacceptera\nEva Ek\nSmå belopp.\nn\n",
    );
    ok(&out);
    let report = go(&mut t, &cl(&["report", "2026.yaml"]), "");
    ok(&report);
    let md = &report.stdout;
    assert!(
        md.contains("Åtgärder per status: Planerad 2 · Pågår 0 · Klar 1 · Försenade 0"),
        "{md}"
    );
    assert!(md.contains("| Klar | 2026-11-25 | Klart. |"), "{md}");
    assert!(
        md.contains("| Acceptera | Eva Ek | 2026-11-25 | Små belopp. |"),
        "{md}"
    );
    assert!(
        md.contains("| Antal medarbetare som utbildats om otillåten påverkan | 14 personer |"),
        "{md}"
    );
    assert!(
        md.contains("| Antal genomförda medarbetarenkäter | ej angivet |"),
        "{md}"
    );

    let score = go(&mut t, &cl(&["score", "2026.yaml", "--json"]), "");
    ok(&score);
    let v: serde_json::Value = serde_json::from_str(&score.stdout).unwrap();
    assert_eq!(v["indicators"], serde_json::json!({"utbildade": 14}));

    let export = go(
        &mut t,
        &cl(&["export", "2026.yaml", "--what", "actions"]),
        "",
    );
    ok(&export);
    let mut lines = export.stdout.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("Fil;Åtgärds-id;"), "{header}");
    assert!(
        header.contains("Status;Klar datum;Försenad;Anteckning"),
        "{header}"
    );
    assert!(
        export.stdout.contains("2026.yaml;a1;Försörjningsstöd;"),
        "{}",
        export.stdout
    );
}

#[test]
fn without_from_an_empty_line_is_still_no_answer() {
    let mut t = assessed();
    let out = go(
        &mut t,
        &cl(&[
            "assess",
            "uppfoljning",
            "-o",
            "other.yaml",
            "--unit",
            "Försörjningsstöd",
            "--assessor",
            "Anna",
            "--plain",
        ]),
        "\n",
    );
    ok(&out);
    assert!(
        out.stdout.contains("Du skrev inget svar."),
        "{}",
        out.stdout
    );
}

#[test]
fn from_refuses_to_write_into_the_previous_file() {
    let mut t = assessed();
    let before = t.read("2026.yaml");
    let out = go(
        &mut t,
        &cl(&[
            "assess",
            "uppfoljning",
            "--from",
            "2026.yaml",
            "-o",
            "2026.yaml",
            "--plain",
        ]),
        "",
    );
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(t.read("2026.yaml"), before);
}

#[test]
fn follow_up_speaks_english_on_request_and_stops_at_q() {
    let mut t = assessed();
    let out = go(
        &mut t,
        &[
            "--lang",
            "en",
            "--checklists",
            "cl",
            "follow-up",
            "2026.yaml",
        ],
        "pågår\n\nq\n",
    );
    ok(&out);
    assert!(
        out.stdout
            .contains("[1/3] Measure 1 of 3: Inför id-kontroll"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("[2/3] Measure 2 of 3"));
    assert!(!out.stdout.contains("[3/3]"), "q stops");
    assert!(
        out.stdout
            .contains("The follow-up was stopped; everything you changed is saved")
    );
    let file = t.read("2026.yaml");
    assert!(file.contains("status: pagar"), "{file}");
}
