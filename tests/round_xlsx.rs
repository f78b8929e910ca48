//! `export … --format xlsx`: the CSV export's data as an Excel workbook, one sheet per kind,
//! header row frozen and filters on; read back from the package's XML.
mod common;
use common::Test;
use std::io::Read;

fn part(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).expect("a zip archive");
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name}"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn setup() -> Test {
    let complete = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/score/complete.yaml"),
    )
    .unwrap();
    Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml")
        .file(
            "a.yaml",
            format!(
                "{complete}actions:\n  - {{question: id-kontroll, measure: \"=HYPERLINK(\\\"x\\\")\", owner: Eva & Bo, due: 2026-06-30}}\n"
            ),
        )
}

#[test]
fn the_workbook_has_both_sheets_frozen_and_filtered() {
    let mut t = setup();
    let out = t.exec(&[
        "--checklists",
        "set",
        "export",
        "a.yaml",
        "-o",
        "uppfoljning.xlsx",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let p = t.path().join("uppfoljning.xlsx");
    let wb = part(&p, "xl/workbook.xml");
    assert!(wb.contains(r#"<sheet name="Svar""#) && wb.contains(r#"<sheet name="Åtgärder""#));
    assert!(
        wb.contains("Svar!$A$1:$M$6"),
        "filter over the answers: {wb}"
    );
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let s = part(&p, sheet);
        assert!(
            s.contains(r#"ySplit="1""#) && s.contains(r#"state="frozen""#),
            "{sheet}"
        );
        assert!(s.contains("<autoFilter"), "{sheet}");
        assert!(!s.contains("<f>"), "no formulas: {sheet}");
    }
    let strings = part(&p, "xl/sharedStrings.xml");
    // The CSV's header, text as text (the formula guard is not needed in a workbook, where every
    // cell is a string), escaped XML.
    for want in [
        "Fråge-id",
        "Dokumentera id-kontrollen i akten.",
        "=HYPERLINK(\"x\")",
        "Eva &amp; Bo",
    ] {
        assert!(strings.contains(want), "{want} in {strings}");
    }
}

#[test]
fn format_flag_needs_a_file_and_spares_inputs() {
    let mut t = setup();
    let out = t.exec(&[
        "--checklists",
        "set",
        "export",
        "a.yaml",
        "--format",
        "xlsx",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let before = t.read("a.yaml");
    let out = t.exec(&[
        "--checklists",
        "set",
        "export",
        "a.yaml",
        "--format",
        "xlsx",
        "-o",
        "a.yaml",
    ]);
    assert_eq!(out.code, 1);
    assert_eq!(t.read("a.yaml"), before);
    // Without the flag, a .csv name keeps CSV.
    let out = t.exec(&["--checklists", "set", "export", "a.yaml", "-o", "svar.csv"]);
    assert_eq!(out.code, 0);
    assert!(t.read("svar.csv").starts_with('\u{feff}'));
}
