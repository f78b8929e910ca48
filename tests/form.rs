//! `crimeproof form` without a browser: the file is written, every hook of SPEC §5.4 is there for
//! every question, hostile text stays inert, `--from` fills the form in, and the command never
//! writes onto its own input. The page's behaviour is tested in Chromium by `tests/form/run.sh`.
mod common;
use common::Test;

use crimeproof::catalog::{ChecklistSet, Origin};
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The JSON data block of a page, parsed.
fn page_data(doc: &Html) -> serde_json::Value {
    let text: String = doc
        .select(&sel("script#form-data"))
        .next()
        .expect("data block")
        .text()
        .collect();
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn every_question_has_its_hooks() {
    let mut t = Test::new();
    let out = t.exec(&["form", "ekonomiskt-bistand", "--unit", "Försörjningsstöd"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = t.read("ekonomiskt-bistand-forsorjningsstod.html");
    let doc = Html::parse_document(&html);
    let set = ChecklistSet::load(&Origin::Bundled).unwrap();
    let c = &set.get("ekonomiskt-bistand").unwrap().checklist;

    assert_eq!(
        doc.select(&sel("html")).next().unwrap().attr("lang"),
        Some("sv")
    );
    for (_, q) in c.questions() {
        let fs = doc
            .select(&sel(&format!("fieldset[data-question=\"{}\"]", q.id)))
            .next()
            .unwrap_or_else(|| panic!("no element for {}", q.id));
        assert!(fs.select(&sel("legend")).next().is_some(), "{}", q.id);
        let values: Vec<&str> = fs
            .select(&sel("input[type=radio]"))
            .filter_map(|r| r.attr("value"))
            .collect();
        let mut want: Vec<String> = c.scale_of(q).unwrap().into_iter().map(|o| o.id).collect();
        want.extend(["vet-ej".to_string(), "ej-aktuellt".to_string()]);
        assert_eq!(values, want, "{}", q.id);
        // Every radio is inside its label; the comment has a label of its own.
        assert_eq!(
            fs.select(&sel("label > input[type=radio]")).count(),
            want.len()
        );
        let comment = fs.select(&sel("textarea[data-comment]")).next().unwrap();
        let id = comment.attr("id").unwrap();
        assert_eq!(doc.select(&sel(&format!("label[for=\"{id}\"]"))).count(), 1);
    }
    for area in &c.areas {
        let row = doc
            .select(&sel(&format!("[data-area=\"{}\"]", area.id)))
            .next()
            .unwrap();
        assert_eq!(
            row.attr("data-level"),
            Some(""),
            "not scored before the script runs"
        );
    }
    let unit = doc.select(&sel("input[name=unit]")).next().unwrap();
    assert_eq!(unit.attr("value"), Some("Försörjningsstöd"));
    assert_eq!(doc.select(&sel("input[name=assessor]")).count(), 1);
    assert_eq!(doc.select(&sel("button[data-action=download]")).count(), 1);

    // Self-contained: nothing to fetch, and the policy forbids fetching anything.
    assert!(
        doc.select(&sel("[src], link, iframe, object, embed"))
            .next()
            .is_none()
    );
    let csp = doc
        .select(&sel("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .unwrap()
        .attr("content")
        .unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("connect-src 'none'"),
        "{csp}"
    );
    // The embedded WebAssembly is the committed module.
    let b64: String = doc
        .select(&sel("script#form-wasm"))
        .next()
        .unwrap()
        .text()
        .collect();
    let wasm = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/crimeproof-form.wasm"
    ))
    .unwrap();
    assert_eq!(b64.trim(), crimeproof::form::base64(&wasm));
    assert!(wasm.starts_with(b"\0asm"));
    assert_eq!(page_data(&doc)["checklist"]["id"], "ekonomiskt-bistand");
}

#[test]
fn hostile_checklist_text_cannot_break_out() {
    let checklist = r#"format: 1
id: elak
version: "1"
title: "Titel <!-- och </script>"
sector: S
areas:
  - id: a
    title: "</script><script>alert(1)</script>"
    consequence: 2
    questions:
      - id: q1
        text: "Fråga </SCRIPT><script>alert(2)</script> <!-- ?"
        help: "<script>alert(3)</script> <img src=x onerror=alert(4)> [x](javascript:alert(5))"
        measure: "Gör </script> nu"
"#;
    let mut t = Test::new().file("lista/elak.yaml", checklist);
    let out = t.exec(&[
        "--checklists",
        "lista",
        "form",
        "elak",
        "--unit",
        "\"><script>alert(6)</script>",
        "-o",
        "elak.html",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = t.read("elak.html");
    // Exactly our three script elements: data, WebAssembly, code.
    assert_eq!(html.to_lowercase().matches("<script").count(), 3, "{html}");
    assert!(!html.contains("<img"));
    assert!(!html.contains("href=\"javascript:"));
    let doc = Html::parse_document(&html);
    let data_raw: String = doc
        .select(&sel("script#form-data"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        !data_raw.contains('<') && !data_raw.contains('>'),
        "{data_raw}"
    );
    let data = page_data(&doc);
    assert_eq!(
        data["checklist"]["areas"][0]["questions"][0]["text"],
        "Fråga </SCRIPT><script>alert(2)</script> <!-- ?"
    );
    let legend: String = doc.select(&sel("legend")).next().unwrap().text().collect();
    assert!(
        legend.contains("</SCRIPT><script>alert(2)</script>"),
        "{legend}"
    );
    let unit = doc.select(&sel("input[name=unit]")).next().unwrap();
    assert_eq!(unit.attr("value"), Some("\"><script>alert(6)</script>"));
}

#[test]
fn from_fills_in_the_answers_and_the_unit() {
    let mut t = Test::new().stdin("nej\nen kommentar\nja\n\nq\n").args(&[
        "assess",
        "ekonomiskt-bistand",
        "--plain",
        "--unit",
        "Enhet Ett",
        "--assessor",
        "Bo Ek",
        "-o",
        "forra.yaml",
    ]);
    let out = t.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = t.exec(&["form", "ekonomiskt-bistand", "--from", "forra.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = Html::parse_document(&t.read("ekonomiskt-bistand-enhet-ett.html"));
    let unit = doc.select(&sel("input[name=unit]")).next().unwrap();
    assert_eq!(unit.attr("value"), Some("Enhet Ett"));
    let assessor = doc.select(&sel("input[name=assessor]")).next().unwrap();
    assert_eq!(assessor.attr("value"), Some("Bo Ek"));
    let data = page_data(&doc);
    let answers = data["from"]["answers"].as_object().unwrap();
    assert_eq!(answers.len(), 2);
    let first = answers.values().next().unwrap();
    assert_eq!(first["answer"], "nej");
    assert_eq!(first["comment"], "en kommentar");
    assert_eq!(data["from"]["actions"].as_array().unwrap().len(), 1);
    // A new answers file begins when the unit starts answering.
    assert!(data["from"].get("created").is_none(), "{}", data["from"]);

    // --unit wins over the earlier file's unit.
    let out = t.exec(&[
        "form",
        "ekonomiskt-bistand",
        "--from",
        "forra.yaml",
        "--unit",
        "Enhet Två",
        "-o",
        "tva.html",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = Html::parse_document(&t.read("tva.html"));
    let unit = doc.select(&sel("input[name=unit]")).next().unwrap();
    assert_eq!(unit.attr("value"), Some("Enhet Två"));
    assert_eq!(page_data(&doc)["from"]["unit"], "Enhet Två");

    // An assessment of another checklist is refused.
    let out = t.exec(&[
        "form",
        "skola-forskola",
        "--from",
        "forra.yaml",
        "-o",
        "x.html",
    ]);
    assert_eq!(out.code, 1);
    assert!(!t.path().join("x.html").exists());
}

#[test]
fn output_onto_an_input_or_a_folder_is_refused() {
    let mut t = Test::new().stdin("ja\n\nq\n").args(&[
        "assess",
        "ekonomiskt-bistand",
        "--plain",
        "--unit",
        "U",
        "--assessor",
        "A",
        "-o",
        "a.yaml",
    ]);
    t.run();
    let before = t.read("a.yaml");
    let out = t.exec(&[
        "form",
        "ekonomiskt-bistand",
        "--from",
        "a.yaml",
        "-o",
        "a.yaml",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("a.yaml"), "{}", out.stderr);
    assert_eq!(t.read("a.yaml"), before, "the input is untouched");
    std::fs::create_dir(t.path().join("mapp")).unwrap();
    let out = t.exec(&["form", "ekonomiskt-bistand", "-o", "mapp"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    // Nor onto the checklist it reads.
    t.put("lista/elak.yaml", "format: 1\nid: elak\nversion: \"1\"\ntitle: T\nsector: S\nareas:\n  - id: a\n    title: A\n    consequence: 1\n    questions:\n      - {id: q, text: Q?}\n");
    let out = t.exec(&[
        "--checklists",
        "lista",
        "form",
        "elak",
        "-o",
        "lista/elak.yaml",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(t.read("lista/elak.yaml").starts_with("format: 1"));
}

#[test]
fn english_form() {
    let mut t = Test::new();
    let out = t.exec(&["--lang", "en", "form", "ekonomiskt-bistand", "-o", "f.html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = Html::parse_document(&t.read("f.html"));
    assert_eq!(
        doc.select(&sel("html")).next().unwrap().attr("lang"),
        Some("en")
    );
    let button: String = doc
        .select(&sel("button[data-action=download]"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(button, "Save answers file");
}

#[test]
fn base64_matches_the_rfc_examples() {
    use crimeproof::form::base64;
    for (plain, enc) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(plain.as_bytes()), enc);
    }
}
