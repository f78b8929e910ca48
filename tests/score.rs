//! `score` against golden JSON. The expected files were checked by hand against SPEC §3:
//! - complete: identitet G = 2·0,5/4 = 0,25 → L 2, raised to 3 by the critical id-kontroll;
//!   C 3 → hög, risk 9. utbetalning G = (0 + 1 for vet-ej)/2 = 0,5 → L 3, C 2 → medel.
//! - adjusted: identitet G = (0·2 + 0,5 + 1)/4 = 0,375 → L 2, +1 → 3, C overridden to 4 →
//!   mycket hög, 12. utbetalning all "ej aktuellt" → not scored (nulls).
//! - drifted: an answer under the old id adress-kontroll counts for folkbokforing; the answer to
//!   a removed question is ignored; the new question is unanswered (gap 1).
//! - target risk (every question with a measure answered with its gap-0 option): complete →
//!   both areas G 0 → L 1 (lag, 3 and 2); adjusted identitet G 0 → L 1, +1 → 2, C 4 → hög, 8;
//!   drifted identitet keeps the unanswered underrattelse: G = 1/4 → L 2, C 3 → medel, 6;
//!   utbetalning keeps the unanswered stickprov: G = 1/2 → L 3, C 2 → medel, 6.
mod common;
use common::Test;

fn score(fixture: &str, extra: &[&str]) -> common::Output {
    Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml")
        .copy(&format!("tests/fixtures/score/{fixture}.yaml"), "a.yaml")
        .args(&["--checklists", "set", "score", "a.yaml"])
        .args(extra)
        .run()
}

#[test]
fn json_matches_the_hand_checked_golden_files() {
    for fixture in ["complete", "adjusted", "drifted"] {
        let out = score(fixture, &["--json"]);
        assert_eq!(out.code, 0, "{fixture}: {}", out.stderr);
        let got: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/score/{fixture}.json"));
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(got, want, "{fixture}");
    }
}

#[test]
fn json_has_every_field_the_spec_fixes() {
    let out = score("adjusted", &["--json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    for key in [
        "checklist",
        "checklist_version",
        "unit",
        "complete",
        "overall",
        "areas",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let keys = [
        "id",
        "gap",
        "likelihood",
        "consequence",
        "level",
        "risk",
        "questions",
        "answered",
        "unknown",
        "not_applicable",
        "unanswered",
        "target_likelihood",
        "target_level",
        "target_risk",
    ];
    for area in v["areas"].as_array().unwrap() {
        for key in keys {
            assert!(area.get(key).is_some(), "{key} in {area}");
        }
    }
    let na = &v["areas"][1];
    for key in [
        "gap",
        "likelihood",
        "consequence",
        "level",
        "risk",
        "target_likelihood",
        "target_level",
        "target_risk",
    ] {
        assert!(
            na[key].is_null(),
            "{key} must be null for an area that is not scored"
        );
    }
}

#[test]
fn checklist_drift_is_a_warning_on_stderr() {
    let out = score("drifted", &[]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .contains("varning[W056]: bedömningen gjordes mot version 2025.2"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout
            .contains("1 svar gäller frågor som inte längre finns"),
        "{}",
        out.stdout
    );
}

#[test]
fn readable_table_in_swedish_and_english() {
    let out = score("complete", &[]);
    assert!(
        out.stdout
            .contains("Identitet och folkbokföring  0,25   3  3  Hög"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Samlad risknivå: Hög"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("den kritiska frågan ”Kontrolleras sökandens identitet mot giltig id-handling vid nyansökan?” visar brist"),
        "{}",
        out.stdout
    );
    let out = score("complete", &["--lang", "en"]);
    assert!(
        out.stdout.contains("Overall risk level: Hög"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_invalid_assessment_is_refused_with_exit_1() {
    let out = Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy(
            "tests/fixtures/broken/assessments/bad-option.yaml",
            "a.yaml",
        )
        .args(&["--checklists", "set", "score", "a.yaml"])
        .run();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("a.yaml:8:25: fel[E052]"),
        "{}",
        out.stderr
    );
}

#[test]
fn several_files_give_one_table_or_a_json_array() {
    let mut t = Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "set/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "set/matrix.yaml")
        .copy("tests/fixtures/score/complete.yaml", "a.yaml")
        .copy("tests/fixtures/score/adjusted.yaml", "b.yaml");
    let out = t.exec(&["--checklists", "set", "score", "a.yaml", "b.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert!(lines[0].starts_with("ENHET"), "{}", out.stdout);
    assert!(
        lines[1].contains("Hög") && lines[1].ends_with("a.yaml"),
        "{}",
        out.stdout
    );
    assert!(
        lines[2].contains("Mycket hög") && lines[2].ends_with("b.yaml"),
        "{}",
        out.stdout
    );

    let out = t.exec(&["--checklists", "set", "score", "a.yaml", "b.yaml", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let all = v.as_array().expect("an array");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["overall"], "hog");
    assert_eq!(all[1]["overall"], "mycket-hog");
    // One file keeps the single object.
    let out = t.exec(&["--checklists", "set", "score", "a.yaml", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(v.is_object());
    // A wrong file among them: exit 1, nothing printed.
    let out = t.exec(&["--checklists", "set", "score", "a.yaml", "saknas.yaml"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}
