//! Random and mutated input never panics: the loaders return a value or diagnostics that each
//! carry a location, and scoring stays within the matrix for any answers.

use crimeproof::catalog::{ChecklistSet, Origin, default_matrix, load_checklist};
use crimeproof::storage::check_assessment;
use proptest::prelude::*;

const MINI: &str = include_str!("fixtures/mini/mini.yaml");

fn located(diags: &[crimeproof::diagnostics::Diagnostic]) -> bool {
    !diags.is_empty()
        && diags
            .iter()
            .all(|d| d.line >= 1 && d.column >= 1 && !d.message.is_empty())
}

/// A mutation of the mini checklist: replace a byte range with arbitrary text.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        0..MINI.len(),
        0usize..40,
        proptest::collection::vec(any::<u8>(), 0..40),
    )
        .prop_map(|(at, len, insert)| {
            let mut bytes = MINI.as_bytes().to_vec();
            let end = (at + len).min(bytes.len());
            bytes.splice(at..end, insert);
            bytes
        })
}

/// A mutation that keeps the text YAML-ish: swap a line for one built from YAML punctuation.
fn yamlish() -> impl Strategy<Value = Vec<u8>> {
    let line = proptest::string::string_regex("[ a-z0-9:\\-\\[\\]{}&*!|>'\"#,.]{0,30}").unwrap();
    (0usize..80, line).prop_map(|(n, line)| {
        let mut lines: Vec<&str> = MINI.lines().collect();
        let i = n % lines.len();
        lines[i] = &line;
        lines.join("\n").into_bytes()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let m = default_matrix();
        if let Err(d) = load_checklist("mini.yaml", &bytes, &m) {
            prop_assert!(located(&d));
        }
    }

    #[test]
    fn mutated_checklists_load_or_say_where(bytes in mutated()) {
        let m = default_matrix();
        if let Err(d) = load_checklist("mini.yaml", &bytes, &m) {
            prop_assert!(located(&d), "{d:?}");
        }
    }

    #[test]
    fn yamlish_mutations_load_or_say_where(bytes in yamlish()) {
        let m = default_matrix();
        if let Err(d) = load_checklist("mini.yaml", &bytes, &m) {
            prop_assert!(located(&d), "{d:?}");
        }
    }

    #[test]
    fn any_answers_score_within_the_matrix(
        answers in proptest::collection::vec(
            (prop::sample::select(vec!["id-kontroll", "folkbokforing", "adress-kontroll", "underrattelse", "attest", "stickprov", "okand"]),
             prop::sample::select(vec!["ja", "delvis", "nej", "vet-ej", "ej-aktuellt", "alltid", "ibland", "aldrig", "x"])),
            0..8),
        adj in proptest::option::of((-1i32..=1, proptest::option::of(1u32..=4))),
    ) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let set = ChecklistSet::load(&Origin::Dir(dir)).unwrap();
        let mut text = String::from("format: 1\nchecklist: mini\nchecklist_version: \"2026.1\"\nunit: U\nanswers:\n");
        let mut seen = std::collections::HashSet::new();
        for (q, a) in &answers {
            if seen.insert(*q) {
                text.push_str(&format!("  {q}: {{answer: {a}, comment: skäl}}\n"));
            }
        }
        if let Some((l, c)) = adj {
            text.push_str(&format!("adjustments:\n  identitet: {{likelihood: {l}, justification: skäl"));
            if let Some(c) = c { text.push_str(&format!(", consequence: {c}")); }
            text.push_str("}\n");
        }
        match check_assessment("a.yaml", text.as_bytes(), &set) {
            Ok((a, _)) => {
                let entry = set.get("mini").unwrap();
                let s = crimeproof::scoring::score(&entry.checklist, &set.matrix, &a);
                for area in &s.areas {
                    if let (Some(l), Some(c), Some(g)) = (area.likelihood, area.consequence, area.gap) {
                        prop_assert!((1..=4).contains(&l) && (1..=4).contains(&c));
                        prop_assert!((0.0..=1.0).contains(&g));
                        prop_assert!(area.level.is_some());
                        prop_assert_eq!(area.risk, Some(l * c));
                    }
                    prop_assert_eq!(area.answered + area.unanswered, area.questions);
                }
            }
            Err(d) => prop_assert!(located(&d), "{d:?}"),
        }
    }
}
