//! A corpus of XSS, Markdown, template and spreadsheet-formula payloads placed in every field a
//! person writes (unit, assessor, comments, owner, partners, measures). Reports in both formats
//! and CSV exports must keep all of them inert.
mod common;
use common::Test;

use scraper::{Html, Selector};

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">klicka</a>",
    "[klicka](javascript:alert(1))",
    "![bild](https://evil.example/x.png)",
    "<style>body{display:none}</style>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "</td></tr></table><script>alert(1)</script>",
    "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}",
    "<!-- kommentar -->",
    "&lt;script&gt;",
    "| a | b |\n|---|---|",
    "rad ett\r\nrad två",
    "=1+1",
    "+SUM(1)",
    "-2+3",
    "@SUM(A1)",
    "=HYPERLINK(\"http://evil.example\";\"klick\")",
    "\tTAB",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<a@b.se>",
    "<javascript:alert(1)>",
];

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn assessment(p: &str) -> String {
    let q = yaml_str(p);
    format!(
        "format: 1\nchecklist: mini\nchecklist_version: \"2026.1\"\nunit: {q}\nassessor: {q}\nanswers:\n  \
         id-kontroll: {{answer: delvis, comment: {q}}}\n  folkbokforing: {{answer: ej-aktuellt, comment: {q}}}\n  \
         attest: {{answer: nej, comment: {q}}}\nactions:\n  - {{question: attest, measure: {q}, owner: {q}, partners: {q}, due: 2027-01-01}}\n"
    )
}

#[test]
fn every_payload_is_inert_in_html_markdown_and_csv() {
    let mut t = Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml");
    for (i, p) in PAYLOADS.iter().enumerate() {
        t.put(&format!("a{i}.yaml"), assessment(p));
    }
    let all: Vec<String> = (0..PAYLOADS.len()).map(|i| format!("a{i}.yaml")).collect();
    for (i, p) in PAYLOADS.iter().enumerate() {
        let file = format!("a{i}.yaml");
        let html = t.exec(&["--checklists", "set", "report", &file, "--format", "html"]);
        assert_eq!(html.code, 0, "{p}: {}", html.stderr);
        let doc = Html::parse_document(&html.stdout);
        let sel = |s: &str| Selector::parse(s).unwrap();
        for bad in [
            "script",
            "img",
            "iframe",
            "svg[onload]",
            "details[ontoggle]",
            "math",
            "a[href^=javascript]",
        ] {
            assert_eq!(doc.select(&sel(bad)).count(), 0, "{p}: `{bad}` in the HTML");
        }
        assert_eq!(
            doc.select(&sel("style")).count(),
            1,
            "{p}: only our stylesheet"
        );
        assert_eq!(doc.select(&sel("body")).count(), 1);
        for el in doc.select(&sel("*")) {
            for (name, value) in el.value().attrs() {
                assert!(!name.starts_with("on"), "{p}: {name} attribute");
                assert!(
                    !value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{p}: {name}={value}"
                );
            }
        }
        assert!(!html.stdout.contains(">49<"), "{p}: template code ran");

        let md = t
            .exec(&["--checklists", "set", "report", &file, "--format", "md"])
            .stdout;
        for raw in [
            "<script",
            "<img",
            "<iframe",
            "<svg",
            "<style",
            "<details",
            "<math",
            "<a ",
            "<body",
            "<!--",
            "<a@",
            "<javascript:",
        ] {
            assert!(!md.contains(raw), "{p}: raw `{raw}` in Markdown");
        }
        assert!(
            !md.replace("\\]", "").contains("](javascript:"),
            "{p}: live link in Markdown"
        );
        assert!(
            !md.replace("\\!", "").contains("!["),
            "{p}: image in Markdown"
        );
        // Table rows keep their shape: the detail table has four columns whatever the comment.
        for line in md.lines().filter(|l| l.starts_with("| Kontrolleras")) {
            assert_eq!(
                line.replace("\\|", "").matches('|').count(),
                5,
                "{p}: {line}"
            );
        }
    }
    let mut args = vec!["--checklists", "set", "export", "--what", "actions"];
    args.extend(all.iter().map(String::as_str));
    let csv_text = t.exec(&args).stdout;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.len() >= PAYLOADS.len());
    for r in &rows {
        for cell in r.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?}"
            );
        }
    }
}
