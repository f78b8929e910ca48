//! `report … -o FILE.docx`: the unit and sector reports as Word documents, read back from
//! `word/document.xml` — real headings (Heading1–3 styles), real tables, levels in text, the
//! confidentiality note, the same order as the HTML report.
mod common;
use common::Test;
use std::io::Read;

fn setup() -> Test {
    Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml")
        .copy("tests/fixtures/score/complete.yaml", "a.yaml")
        .copy("tests/fixtures/score/adjusted.yaml", "b.yaml")
}

/// The main part of a .docx and its styles.
fn read_docx(path: &std::path::Path) -> (String, String) {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("a zip archive");
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the package"))
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    (part("word/document.xml"), part("word/styles.xml"))
}

/// The text of every paragraph with its style, in document order.
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    let mut parts = Vec::new();
    let mut rest = xml;
    let start = |s: &str| {
        [s.find("<w:p>"), s.find("<w:p ")]
            .into_iter()
            .flatten()
            .min()
    };
    while let Some(i) = start(rest) {
        let after = &rest[i..];
        let end = after.find("</w:p>").unwrap_or(after.len());
        parts.push(&after[..end]);
        rest = &after[end..];
    }
    parts
        .into_iter()
        .map(|p| {
            let style = p
                .split("<w:pStyle w:val=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .to_string();
            let text: String = p
                .split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .filter_map(|t| t.split("</w:t>").next())
                .collect();
            (style, text)
        })
        .collect()
}

fn headings(xml: &str) -> Vec<(String, String)> {
    paragraphs(xml)
        .into_iter()
        .filter(|(s, _)| s.starts_with("Heading"))
        .collect()
}

#[test]
fn unit_report_as_word_has_headings_tables_and_levels_in_text() {
    let mut t = setup();
    let out = t.exec(&[
        "--checklists",
        "set",
        "report",
        "a.yaml",
        "-o",
        "rapport.docx",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (doc, styles) = read_docx(&t.path().join("rapport.docx"));
    assert!(
        styles.contains(r#"w:styleId="Heading1""#)
            && styles.contains(r#"<w:name w:val="heading 1" />"#)
    );
    let h = headings(&doc);
    let h2: Vec<&str> = h
        .iter()
        .filter(|(s, _)| s == "Heading2")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        h[0],
        ("Heading1".into(), "Riskrapport: Försörjningsstöd".into())
    );
    // The order of the HTML report.
    assert_eq!(
        h2,
        [
            "Sammanfattning",
            "Riskmatris",
            "Riskområden",
            "Handlingsplan",
            "Svar ”Ej aktuellt” och deras motiveringar",
            "Frågor och svar per riskområde",
            "Bilaga: metod"
        ]
    );
    assert!(h.contains(&(
        "Heading3".into(),
        "1. Identitet och folkbokföring – Hög (3)".into()
    )));
    assert!(doc.matches("<w:tbl>").count() >= 5, "real tables");
    let text: String = paragraphs(&doc)
        .into_iter()
        .map(|(_, t)| t + "\n")
        .collect();
    assert!(text.contains("Samlad risknivå: Hög (3)"), "{text}");
    assert!(
        text.contains("offentlighets- och sekretesslagen"),
        "confidentiality"
    );
    assert!(text.contains("Efter åtgärder"), "target risk column");
    assert!(text.contains("Låg (1)"), "target level in text");
    assert!(
        text.contains("Dokumentera id-kontrollen i akten."),
        "the measure"
    );
    // The colour is there as well as the text.
    assert!(doc.contains(r#"w:fill="EF6C00""#));
}

#[test]
fn sector_report_as_word_and_the_format_flag() {
    let mut t = setup();
    t.put(
        "b.yaml",
        t.read("b.yaml")
            .replace("unit: Försörjningsstöd", "unit: Mottagningen"),
    );
    let out = t.exec(&[
        "--checklists",
        "set",
        "report",
        "a.yaml",
        "b.yaml",
        "--format",
        "docx",
        "-o",
        "sektor.bin",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (doc, _) = read_docx(&t.path().join("sektor.bin"));
    let h = headings(&doc);
    assert_eq!(h[0].1, "Sektorsrapport");
    assert!(
        h.iter()
            .any(|(s, t)| s == "Heading3" && t == "Risknivå per enhet och riskområde")
    );
    let text: String = paragraphs(&doc)
        .into_iter()
        .map(|(_, t)| t + "\n")
        .collect();
    assert!(text.contains("Mottagningen") && text.contains("Försörjningsstöd"));
    assert!(text.contains("Mycket hög (4)"));
}

#[test]
fn word_needs_a_file_and_never_replaces_an_input() {
    let mut t = setup();
    let out = t.exec(&[
        "--checklists",
        "set",
        "report",
        "a.yaml",
        "--format",
        "docx",
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("-o RAPPORT.docx"), "{}", out.stderr);
    let before = t.read("a.yaml");
    let out = t.exec(&[
        "--checklists",
        "set",
        "report",
        "a.yaml",
        "--format",
        "docx",
        "-o",
        "a.yaml",
    ]);
    assert_eq!(out.code, 1);
    assert_eq!(t.read("a.yaml"), before);
    let out = t.exec(&[
        "--checklists",
        "set",
        "compare",
        "a.yaml",
        "b.yaml",
        "-o",
        "c.docx",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!t.path().join("c.docx").exists());
}
