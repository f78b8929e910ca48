//! Reports: golden files for both formats on fixture assessments, HTML structure checked with an
//! HTML5 parser, hostile strings inert in both formats, template overrides, compare, CSV, init.
//! Regenerate golden files after an intended change with `UPDATE_GOLDEN=1 cargo test --test report`.
mod common;
use common::{Output, Test};

use scraper::{Html, Selector};

const REPORT_FIXTURES: &[&str] = &[
    "tests/fixtures/score/complete.yaml",
    "tests/fixtures/score/adjusted.yaml",
    "tests/fixtures/score/drifted.yaml",
    "tests/fixtures/report/incomplete.yaml",
    "tests/fixtures/report/hostile.yaml",
    "tests/fixtures/report/old.yaml",
    "tests/fixtures/report/new.yaml",
];

/// A test folder with the mini checklist set and the fixtures copied by file name.
fn setup() -> Test {
    let mut t = Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml");
    for f in REPORT_FIXTURES {
        let name = std::path::Path::new(f)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        t = t.copy(f, name);
    }
    t
}

fn run(t: &mut Test, args: &[&str]) -> Output {
    let mut full = vec!["--checklists", "set"];
    full.extend_from_slice(args);
    let out = t.exec(&full);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    out
}

/// Compares with a golden file; the harness fixes the clock, so the report date is exact.
fn golden(name: &str, text: &str) {
    let masked = text;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, masked).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    similar_asserts::assert_eq!(
        want,
        masked,
        "{name} differs from its golden file (left: golden, right: now); after an intended change run UPDATE_GOLDEN=1 cargo test --test report and review the diff"
    );
}

#[test]
fn unit_reports_match_their_golden_files() {
    let mut t = setup();
    for (fixture, name) in [
        ("complete.yaml", "unit-complete"),
        ("incomplete.yaml", "unit-incomplete"),
        ("adjusted.yaml", "unit-all-not-applicable-area"),
        ("drifted.yaml", "unit-drifted"),
    ] {
        for fmt in ["md", "html"] {
            let out = run(&mut t, &["report", fixture, "--format", fmt]);
            assert_eq!(out.code, 0, "{fixture}: {}", out.stderr);
            golden(&format!("{name}.{fmt}"), &out.stdout);
        }
    }
}

#[test]
fn sector_report_and_compare_match_their_golden_files() {
    let mut t = setup();
    for fmt in ["md", "html"] {
        let out = run(
            &mut t,
            &[
                "report",
                "complete.yaml",
                "incomplete.yaml",
                "new.yaml",
                "--format",
                fmt,
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        golden(&format!("sector.{fmt}"), &out.stdout);
        let out = run(
            &mut t,
            &["compare", "old.yaml", "new.yaml", "--format", fmt],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        golden(&format!("compare.{fmt}"), &out.stdout);
    }
}

#[test]
fn the_unit_report_says_what_a_sector_head_needs() {
    let mut t = setup();
    let out = run(
        &mut t,
        &[
            "report",
            "incomplete.yaml",
            "--municipality",
            "Exempelkommun",
        ],
    );
    let md = out.stdout;
    assert!(md.contains("Exempelkommun"));
    assert!(
        md.contains("offentlighets- och sekretesslagen"),
        "confidentiality note"
    );
    assert!(
        md.contains("Ofullständig bedömning: 2 av 5"),
        "incomplete banner"
    );
    assert!(
        md.contains("**Samlad risknivå: Mycket hög**"),
        "overall level first"
    );
    assert!(
        md.contains("| Åtgärd | Samverkan | Ansvarig | Uppföljning | Nivå | Status |"),
        "handlingsplan columns"
    );
    assert!(
        md.contains("⚠ saknas"),
        "measures without owner are flagged"
    );
    assert!(
        md.contains("Sannolikhet = 1 + ⌊G·3 + 0,5⌋"),
        "the calculation is shown"
    );
    let out = run(&mut t, &["report", "adjusted.yaml"]);
    assert!(
        out.stdout.contains("Enheten betalar inte ut något själv."),
        "N/A justifications listed"
    );
    assert!(
        out.stdout
            .contains("| 2 | Utbetalningar | ej aktuellt | – |"),
        "unscored area"
    );
}

#[test]
fn html_is_one_valid_self_contained_file() {
    let mut t = setup();
    for args in [
        vec!["report", "complete.yaml", "--format", "html"],
        vec!["report", "complete.yaml", "new.yaml", "--format", "html"],
        vec!["compare", "old.yaml", "new.yaml", "--format", "html"],
    ] {
        let out = run(&mut t, &args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let doc = Html::parse_document(&out.stdout);
        assert!(
            doc.errors.is_empty(),
            "{args:?}: HTML5 parse errors {:?}",
            doc.errors
        );
        let sel = |s: &str| Selector::parse(s).unwrap();
        assert_eq!(doc.select(&sel("html[lang=sv]")).count(), 1);
        assert_eq!(doc.select(&sel("head > title")).count(), 1);
        assert_eq!(doc.select(&sel("head > meta[charset=utf-8]")).count(), 1);
        assert_eq!(doc.select(&sel("h1")).count(), 1);
        assert!(doc.select(&sel("h2")).count() >= 2);
        assert_eq!(
            doc.select(&sel("script")).count(),
            0,
            "works without JavaScript"
        );
        assert_eq!(
            doc.select(&sel("link, img, iframe, object, embed")).count(),
            0,
            "nothing fetched"
        );
        assert!(
            !out.stdout.contains("@import") && !out.stdout.contains("url("),
            "no external CSS"
        );
        assert!(
            out.stdout.contains("@media print") && out.stdout.contains("size: A4"),
            "print CSS"
        );
    }
    let out = run(&mut t, &["report", "complete.yaml", "--format", "html"]);
    let doc = Html::parse_document(&out.stdout);
    let svg = Selector::parse("svg.heatmap text").unwrap();
    let labels: Vec<String> = doc.select(&svg).map(|e| e.text().collect()).collect();
    assert!(
        labels.iter().any(|l| l == "Hög (3)"),
        "cells carry their level as text, name and number: {labels:?}"
    );
    assert!(
        labels.iter().any(|l| l == "1"),
        "areas are placed by number: {labels:?}"
    );
}

/// What a screen reader needs and axe cannot see in a test without a browser (the browser check
/// is tests/browser/run.sh): the report's language, one h1 and no skipped heading level, a caption
/// and scoped header cells in every table, the heat map as a table, a level's number beside its
/// colour everywhere.
#[test]
fn html_reports_are_structured_for_screen_readers() {
    let mut t = setup();
    for (lang, args) in [
        ("sv", vec!["report", "complete.yaml", "--format", "html"]),
        (
            "en",
            vec![
                "--lang",
                "en",
                "report",
                "incomplete.yaml",
                "--format",
                "html",
            ],
        ),
        (
            "sv",
            vec!["report", "complete.yaml", "new.yaml", "--format", "html"],
        ),
        (
            "sv",
            vec!["compare", "old.yaml", "new.yaml", "--format", "html"],
        ),
    ] {
        let out = run(&mut t, &args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let doc = Html::parse_document(&out.stdout);
        let sel = |s: &str| Selector::parse(s).unwrap();
        assert_eq!(
            doc.select(&sel(&format!("html[lang={lang}]"))).count(),
            1,
            "{args:?}: language declared"
        );
        let levels: Vec<usize> = doc
            .select(&sel("h1, h2, h3, h4, h5, h6"))
            .map(|h| h.value().name()[1..].parse().unwrap())
            .collect();
        assert_eq!(levels.first(), Some(&1), "{args:?}: starts with h1");
        assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "{args:?}");
        for w in levels.windows(2) {
            assert!(w[1] <= w[0] + 1, "{args:?}: heading levels {levels:?}");
        }
        for table in doc.select(&sel("table")) {
            assert_eq!(
                table.select(&sel("caption")).count(),
                1,
                "{args:?}: a table without caption: {}",
                table.html()
            );
            for th in table.select(&sel("th")) {
                let scope = th.value().attr("scope");
                assert!(
                    matches!(scope, Some("col" | "row")),
                    "{args:?}: <th> without scope: {}",
                    th.html()
                );
            }
        }
        for badge in doc.select(&sel(".level")) {
            let text: String = badge.text().collect();
            let scored = badge.select(&sel(".level-rank")).count() == 1;
            assert!(
                scored || text == "ej aktuellt" || text == "not applicable",
                "{args:?}: a level shown without its number: {text}"
            );
        }
        if let Some(svg) = doc.select(&sel("svg.heatmap")).next() {
            assert_eq!(svg.value().attr("aria-hidden"), Some("true"));
            let cells: Vec<String> = doc
                .select(&sel(".visually-hidden table td"))
                .map(|e| e.text().collect())
                .collect();
            assert_eq!(cells.len(), 16, "{args:?}: the heat map as a 4 × 4 table");
            assert!(
                cells.iter().any(|c| c.contains(": 1")),
                "{args:?}: the table places the areas: {cells:?}"
            );
        }
    }
}

#[test]
fn output_file_is_written_owner_only() {
    let mut t = setup();
    let out = run(&mut t, &["report", "complete.yaml", "-o", "rapport.html"]);
    assert_eq!(out.code, 0);
    let html = t.read("rapport.html");
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "format follows the file name"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(t.path().join("rapport.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn hostile_strings_are_inert_in_both_formats() {
    let mut t = setup();
    let html = run(&mut t, &["report", "hostile.yaml", "--format", "html"]).stdout;
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let sel = |s: &str| Selector::parse(s).unwrap();
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("img")).count(), 0);
    assert_eq!(
        doc.select(&sel("b")).count(),
        0,
        "markup in a measure stays text"
    );
    for a in doc.select(&sel("a")) {
        let href = a.value().attr("href").unwrap_or_default();
        assert!(
            href.starts_with("http") || href.starts_with("mailto:"),
            "unsafe link {href}"
        );
    }
    for el in doc.select(&sel("*")) {
        for (name, _) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
        }
    }
    assert!(
        html.contains("&lt;script&gt;alert(&#x27;enhet&#x27;)&lt;&#x2f;script&gt;"),
        "unit name is shown, escaped"
    );
    assert!(
        html.contains("{{ 7*7 }}"),
        "template syntax in data is printed, not run"
    );
    assert!(!html.contains(">49<"));

    let md = run(&mut t, &["report", "hostile.yaml", "--format", "md"]).stdout;
    assert!(!md.contains("<script"), "no raw HTML in Markdown");
    assert!(!md.contains("<img"), "no raw HTML in Markdown");
    assert!(
        !md.replace("\\]", "").contains("](javascript:"),
        "no live javascript: links"
    );
    assert!(
        md.contains("{{ 7\\*7 }}") || md.contains("{{ 7*7 }}"),
        "template syntax printed"
    );
    // Every table row keeps its column count although comments contain | and newlines.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells >= 3, "{line}");
    }
    let detail_rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| Kontrolleras"))
        .collect();
    assert_eq!(
        detail_rows.len(),
        1,
        "a comment with a newline stays in its row"
    );
    assert_eq!(
        detail_rows[0].replace("\\|", "").matches('|').count(),
        5,
        "{}",
        detail_rows[0]
    );
}

#[test]
fn templates_are_overridden_file_by_file_and_only_from_the_folder() {
    let mut t = setup()
        .file("mallar/style.css", "body { color: rebeccapurple; }")
        .file("mallar/unit.md.j2", "EGEN MALL {{ m.unit }}\n")
        .file("secret.j2", "HEMLIGT");
    let out = run(
        &mut t,
        &[
            "report",
            "complete.yaml",
            "--format",
            "html",
            "--templates",
            "mallar",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("rebeccapurple"),
        "the overriding stylesheet is used"
    );
    assert!(
        out.stdout.contains("Riskrapport"),
        "the other templates still come from the binary"
    );
    let out = run(
        &mut t,
        &["report", "complete.yaml", "--templates", "mallar"],
    );
    assert_eq!(out.stdout, "EGEN MALL Försörjningsstöd\n");
    // A template that tries to include a file outside its folder gets nothing from there.
    t.put("mallar/unit.md.j2", "{% include \"../secret.j2\" %}");
    let out = run(
        &mut t,
        &["report", "complete.yaml", "--templates", "mallar"],
    );
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains("HEMLIGT"));
    assert!(out.stderr.contains("rapportmallen"), "{}", out.stderr);
    // A broken template is reported with its name, not a panic.
    t.put("mallar/unit.md.j2", "{% for x in %}");
    let out = run(
        &mut t,
        &["report", "complete.yaml", "--templates", "mallar"],
    );
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("unit.md.j2"), "{}", out.stderr);
}

#[test]
fn compare_shows_levels_answers_and_completed_measures() {
    let mut t = setup();
    let md = run(&mut t, &["compare", "old.yaml", "new.yaml"]).stdout;
    assert!(
        md.contains("| Identitet och folkbokföring | Mycket hög | Låg | 4 → 1 | ↓ lägre risk |"),
        "{md}"
    );
    assert!(md.contains("| Nej | Ja |"), "{md}");
    assert!(
        md.contains("| Gör stickprov varje kvartal. | Controller | 2026-03-31 |"),
        "completed measure listed: {md}"
    );
    assert!(
        !md.contains("olika versioner"),
        "same checklist version: no warning"
    );
    let md = run(&mut t, &["compare", "drifted.yaml", "new.yaml"]).stdout;
    assert!(
        md.contains("olika versioner av checklistan (2025.2 och 2026.1)"),
        "{md}"
    );
    assert!(md.contains("% av frågorna"), "{md}");
}

#[test]
fn csv_export_round_trips_through_a_csv_reader() {
    let mut t = setup();
    for what in ["answers", "actions"] {
        let out = run(
            &mut t,
            &[
                "export",
                "hostile.yaml",
                "complete.yaml",
                "--what",
                what,
                "-o",
                "ut.csv",
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let bytes = std::fs::read(t.path().join("ut.csv")).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.contains("\r\n"), "CRLF");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.as_bytes());
        let header = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert!(!rows.is_empty());
        for r in &rows {
            assert_eq!(r.len(), header.len(), "every row has every column");
            for cell in r.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "formula cell {cell:?}"
                );
            }
        }
        if what == "answers" {
            assert_eq!(rows.len(), 10, "one row per question and assessment");
            let comment = header.iter().position(|h| h == "Kommentar").unwrap();
            assert!(
                rows.iter().any(|r| r[comment].contains("rad ett\nrad två")),
                "newlines survive quoting"
            );
            assert!(
                rows.iter().any(|r| r[comment].starts_with("'=HYPERLINK")),
                "formula neutralised"
            );
        } else {
            let owner = header.iter().position(|h| h == "Ansvarig").unwrap();
            assert!(
                rows.iter().any(|r| &r[owner] == "'=cmd|'/c calc'!A0"),
                "formula neutralised"
            );
        }
    }
}

#[test]
fn init_writes_a_folder_that_checks_clean_and_never_clobbers() {
    let mut t = Test::new();
    let out = t.exec(&["init", "kommun"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for f in [
        "matrix.yaml",
        "checklist.schema.json",
        "README.md",
        "templates/unit.html.j2",
        "templates/style.css",
    ] {
        assert!(t.path().join("kommun").join(f).is_file(), "{f}");
    }
    let out = t.exec(&["--checklists", "kommun", "check"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // Running again is harmless; a changed file is never overwritten.
    assert_eq!(t.exec(&["init", "kommun"]).code, 0);
    t.put("kommun/matrix.yaml", "# min egen\n");
    let out = t.exec(&["init", "kommun"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("matrix.yaml"), "{}", out.stderr);
    assert_eq!(t.read("kommun/matrix.yaml"), "# min egen\n");
}

#[test]
fn english_reports() {
    let mut t = setup();
    let out = run(
        &mut t,
        &[
            "--lang",
            "en",
            "report",
            "complete.yaml",
            "--format",
            "html",
        ],
    );
    assert!(out.stdout.contains("<html lang=\"en\">"));
    assert!(out.stdout.contains("Risk report"));
    assert!(out.stdout.contains("Action plan"));
}

#[test]
fn a_broken_assessment_stops_the_report_with_its_location() {
    let mut t = setup().copy(
        "tests/fixtures/broken/assessments/bad-option.yaml",
        "trasig.yaml",
    );
    let out = run(&mut t, &["report", "complete.yaml", "trasig.yaml"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("trasig.yaml:8:25: fel[E052]"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
}

#[test]
fn an_included_template_escapes_like_the_report_it_is_part_of() {
    let mut t = setup()
        .file("mallar/unit.html.j2", "{% include \"header.j2\" %}")
        .file("mallar/header.j2", "<p>{{ m.unit }}</p>")
        .file("mallar/unit.md.j2", "{% include \"header.j2\" %}");
    let html = run(
        &mut t,
        &[
            "report",
            "hostile.yaml",
            "--format",
            "html",
            "--templates",
            "mallar",
        ],
    );
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(!html.stdout.contains("<script"), "{}", html.stdout);
    assert!(html.stdout.contains("&lt;script"), "{}", html.stdout);
    let md = run(&mut t, &["report", "hostile.yaml", "--templates", "mallar"]);
    assert!(!md.stdout.contains("<script"), "{}", md.stdout);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_the_templates_folder_cannot_reach_outside_it() {
    let mut t = setup()
        .file("secret.j2", "HEMLIGT")
        .file("mallar/inne.j2", "INNE");
    std::os::unix::fs::symlink(
        t.path().join("secret.j2"),
        t.path().join("mallar/unit.md.j2"),
    )
    .unwrap();
    let out = run(
        &mut t,
        &["report", "complete.yaml", "--templates", "mallar"],
    );
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains("HEMLIGT"));
    assert!(out.stderr.contains("unit.md.j2"), "{}", out.stderr);
    // A link that stays inside the folder is followed.
    std::fs::remove_file(t.path().join("mallar/unit.md.j2")).unwrap();
    std::os::unix::fs::symlink("inne.j2", t.path().join("mallar/unit.md.j2")).unwrap();
    let out = run(
        &mut t,
        &["report", "complete.yaml", "--templates", "mallar"],
    );
    assert_eq!(out.stdout, "INNE");
}

#[test]
fn runaway_templates_stop_with_a_message_naming_the_file() {
    let cases = [
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
            "unit.md.j2",
        ),
        (
            "{% set s = namespace(t=\"xxxxxxxx\") %}{% for i in range(60) %}{% set s.t = s.t ~ s.t %}{% endfor %}{{ s.t }}",
            "unit.md.j2",
        ),
        (
            "{% for i in range(1000000) %}{{ \"x\" * 200 }}{% endfor %}",
            "unit.md.j2",
        ),
        (
            "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
            "unit.md.j2",
        ),
        ("{% include \"loop.j2\" %}", "loop.j2"),
    ];
    for (body, named) in cases {
        let mut t = setup().file("mallar/unit.md.j2", body).file(
            "mallar/loop.j2",
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        );
        let out = run(
            &mut t,
            &["report", "complete.yaml", "--templates", "mallar"],
        );
        assert_eq!(out.code, 1, "{body}");
        assert!(out.stderr.contains(named), "{body}: {}", out.stderr);
        if named == "loop.j2" {
            // The cause inside the included file is told, not just "could not render include".
            assert!(out.stderr.contains("för mycket arbete"), "{}", out.stderr);
        }
    }
}

#[test]
fn compare_warns_about_other_units_and_reversed_order() {
    let mut t = setup();
    let ok = run(&mut t, &["compare", "old.yaml", "new.yaml"]);
    assert!(!ok.stderr.contains("varning"), "{}", ok.stderr);
    let reversed = run(&mut t, &["compare", "new.yaml", "old.yaml"]);
    assert_eq!(reversed.code, 0, "{}", reversed.stderr);
    assert!(
        reversed.stderr.contains("omvänd ordning"),
        "{}",
        reversed.stderr
    );
    assert!(
        reversed.stdout.contains("> **⚠** Den första bedömningen"),
        "{}",
        reversed.stdout
    );
    let other = t
        .read("new.yaml")
        .replace("unit: Försörjningsstöd", "unit: Hemtjänst");
    t.put("other.yaml", other);
    let out = run(
        &mut t,
        &["compare", "old.yaml", "other.yaml", "--format", "html"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("olika enheter"), "{}", out.stderr);
    let doc = Html::parse_document(&out.stdout);
    let banners: Vec<String> = doc
        .select(&Selector::parse("div.banner").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert!(
        banners
            .iter()
            .any(|b| b.contains("Försörjningsstöd och Hemtjänst")),
        "{banners:?}"
    );
}
