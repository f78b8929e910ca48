//! `import actions`: an actions sheet edited in Excel back into the assessment files — shown
//! first, saved only with --apply, and nothing at all changed when any row is wrong.
mod common;
use common::Test;

fn setup() -> Test {
    let complete = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/score/complete.yaml"),
    )
    .unwrap();
    Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml")
        .file(
            "svar/fs.yaml",
            format!(
                "{complete}actions:\n  - {{question: id-kontroll, measure: Dokumentera id-kontrollen i akten., owner: Anna, due: 2026-06-30}}\n"
            ),
        )
}

/// The exported actions sheet as rows of cells.
fn export(t: &mut Test) -> Vec<Vec<String>> {
    let out = t.exec(&[
        "--checklists",
        "set",
        "export",
        "svar",
        "--what",
        "actions",
        "-o",
        "atgarder.csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = t.read("atgarder.csv");
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn write_csv(t: &Test, name: &str, rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![]);
    for r in rows {
        w.write_record(r).unwrap();
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_inner().unwrap());
    t.put(name, bytes);
}

fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{name}"))
}

fn row_of(rows: &[Vec<String>], measure: &str) -> usize {
    let m = col(rows, "Åtgärd");
    rows.iter().position(|r| r[m] == measure).unwrap()
}

#[test]
fn file_and_action_come_first_and_edits_go_back_only_with_apply() {
    let mut t = setup();
    let mut rows = export(&mut t);
    assert_eq!(rows[0][0], "Fil", "the file is the first column");
    let (owner, status, due) = (
        col(&rows, "Ansvarig"),
        col(&rows, "Status"),
        col(&rows, "Uppföljning"),
    );
    let doc = row_of(&rows, "Dokumentera id-kontrollen i akten.");
    rows[doc][owner] = "Eva Ek".into();
    rows[doc][status] = "Klar".into();
    // A triggered measure that was not yet in the file gets its owner and date.
    let sample = row_of(&rows, "Gör stickprov varje kvartal.");
    rows[sample][owner] = "Bo Berg".into();
    rows[sample][due] = "2027-03-31".into();
    rows[sample][status] = "pagar".into();
    write_csv(&t, "redigerad.csv", &rows);
    let before = t.read("svar/fs.yaml");

    let out = t.exec(&["--checklists", "set", "import", "actions", "redigerad.csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Ansvarig: Anna → Eva Ek"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Status: Planerad → Klar"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Ansvarig: – → Bo Berg"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("--apply"));
    assert_eq!(
        t.read("svar/fs.yaml"),
        before,
        "nothing saved without --apply"
    );

    let out = t.exec(&[
        "--checklists",
        "set",
        "import",
        "actions",
        "redigerad.csv",
        "--apply",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = t.read("svar/fs.yaml");
    assert!(
        after.contains("owner: Eva Ek") && after.contains("status: klar"),
        "{after}"
    );
    assert!(
        after.contains("owner: Bo Berg") && after.contains("status: pagar"),
        "{after}"
    );
    let out = t.exec(&["--checklists", "set", "check", "svar/fs.yaml"]);
    assert_eq!(out.code, 0, "the saved file checks clean: {}", out.stdout);
    // Importing again changes nothing.
    let out = t.exec(&["--checklists", "set", "import", "actions", "redigerad.csv"]);
    assert!(out.stdout.contains("Inga ändringar."), "{}", out.stdout);
}

#[test]
fn every_wrong_row_is_named_and_nothing_changes() {
    let mut t = setup();
    let mut rows = export(&mut t);
    let (owner, status, due, measure, file) = (
        col(&rows, "Ansvarig"),
        col(&rows, "Status"),
        col(&rows, "Uppföljning"),
        col(&rows, "Åtgärd"),
        col(&rows, "Fil"),
    );
    let good = rows[1].clone();
    rows[1][owner] = "Giltig ändring".into();
    let mut bad_status = good.clone();
    bad_status[status] = "typ klar".into();
    let mut bad_due = good.clone();
    bad_due[due] = "31/6".into();
    let mut bad_measure = good.clone();
    bad_measure[measure] = "En åtgärd som inte finns".into();
    let mut bad_file = good.clone();
    bad_file[file] = "svar/saknas.yaml".into();
    rows.extend([bad_status, bad_due, bad_measure, bad_file]);
    write_csv(&t, "fel.csv", &rows);
    let before = t.read("svar/fs.yaml");
    let out = t.exec(&[
        "--checklists",
        "set",
        "import",
        "actions",
        "fel.csv",
        "--apply",
    ]);
    assert_eq!(out.code, 1);
    let e = &out.stderr;
    let letter = |i: usize| ((b'A' + i as u8) as char).to_string();
    for want in [
        format!(
            "fel.csv: rad 4, kolumn {} (Status): okänd status ”typ klar”",
            letter(status)
        ),
        format!(
            "fel.csv: rad 5, kolumn {} (Uppföljning): ogiltig uppföljning `31/6`",
            letter(due)
        ),
        format!(
            "fel.csv: rad 6, kolumn {} (Åtgärd): åtgärden ”En åtgärd som inte finns” finns inte",
            letter(measure)
        ),
        "fel.csv: rad 7, kolumn A (Fil): filen `svar/saknas.yaml` finns inte".to_string(),
        "4 problem; ingenting har ändrats.".to_string(),
    ] {
        assert!(e.contains(&want), "{want}\n in\n{e}");
    }
    assert_eq!(
        t.read("svar/fs.yaml"),
        before,
        "not even the valid row is saved"
    );
    let out = t.exec(&[
        "--checklists",
        "set",
        "--lang",
        "en",
        "import",
        "actions",
        "fel.csv",
    ]);
    assert!(out.stderr.contains("row 4, column"), "{}", out.stderr);
}

#[test]
fn an_excel_workbook_is_read_like_the_csv() {
    let mut t = setup();
    let rows = export(&mut t);
    let (owner, status) = (col(&rows, "Ansvarig"), col(&rows, "Status"));
    let doc = row_of(&rows, "Dokumentera id-kontrollen i akten.");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Åtgärder").unwrap();
    for (r, row) in [&rows[0], &rows[doc]].into_iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let v = match (r, c) {
                (1, c) if c == owner => "Excel-Eva",
                (1, c) if c == status => "Pågår",
                _ => v.as_str(),
            };
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    t.put("redigerad.xlsx", wb.save_to_buffer().unwrap());
    let out = t.exec(&[
        "--checklists",
        "set",
        "import",
        "actions",
        "redigerad.xlsx",
        "--apply",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let after = t.read("svar/fs.yaml");
    assert!(
        after.contains("owner: Excel-Eva") && after.contains("status: pagar"),
        "{after}"
    );
}

#[test]
fn rows_match_by_action_id_and_bring_back_done_date_and_note() {
    let complete = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/score/complete.yaml"),
    )
    .unwrap();
    let mut t = Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml")
        .file(
            "svar/fs.yaml",
            format!(
                "{complete}actions:\n  - {{id: a7, question: id-kontroll, measure: Dokumentera id-kontrollen i akten., owner: Anna, due: 2026-06}}\n"
            ),
        );
    let mut rows = export(&mut t);
    assert_eq!(
        rows[0][1], "Åtgärds-id",
        "the action id is the second column"
    );
    let doc = row_of(&rows, "Dokumentera id-kontrollen i akten.");
    assert_eq!(rows[doc][1], "a7");
    let (status, done, note) = (
        col(&rows, "Status"),
        col(&rows, "Klar datum"),
        col(&rows, "Anteckning"),
    );
    rows[doc][status] = "Klar".into();
    rows[doc][done] = "2026-05-02".into();
    rows[doc][note] = "Rutinen beslutad i nämnden.".into();
    write_csv(&t, "atgarder.csv", &rows);
    let out = t.exec(&[
        "--checklists",
        "set",
        "import",
        "actions",
        "atgarder.csv",
        "--apply",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let saved = t.read("svar/fs.yaml");
    for want in [
        "id: a7",
        "status: klar",
        "done: \"2026-05-02\"",
        "Rutinen beslutad i nämnden.",
    ] {
        assert!(saved.contains(want), "{want} missing in\n{saved}");
    }
    // A done date that is no date is named by row and column, and nothing changes.
    rows[doc][done] = "2 maj".into();
    write_csv(&t, "fel.csv", &rows);
    let out = t.exec(&[
        "--checklists",
        "set",
        "import",
        "actions",
        "fel.csv",
        "--apply",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("(Klar datum): ogiltigt datum `2 maj`"),
        "{}",
        out.stderr
    );
    assert_eq!(t.read("svar/fs.yaml"), saved);
}
