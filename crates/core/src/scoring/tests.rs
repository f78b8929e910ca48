use super::*;
use crate::model::{Adjustment, Answer, Area, Language, ScaleOption};
use indexmap::IndexMap;

/// The matrix of SPEC §2.2, written out so these tests check the formula, not the bundled file.
fn matrix() -> Matrix {
    let row = |r: [&str; 4]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let names = |r: [&str; 4]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    Matrix {
        format: 1,
        likelihood: names(["Mycket liten", "Liten", "Stor", "Mycket stor"]),
        consequence: names(["Begränsad", "Måttlig", "Betydande", "Allvarlig"]),
        levels: [
            ("lag", "Låg", "#2e7d32"),
            ("medel", "Medel", "#f9a825"),
            ("hog", "Hög", "#ef6c00"),
            ("mycket-hog", "Mycket hög", "#c62828"),
        ]
        .iter()
        .map(|(id, label, color)| crate::model::RiskLevel {
            id: id.to_string(),
            label: label.to_string(),
            color: color.to_string(),
        })
        .collect(),
        grid: vec![
            row(["lag", "lag", "lag", "medel"]),
            row(["lag", "medel", "medel", "hog"]),
            row(["lag", "medel", "hog", "mycket-hog"]),
            row(["medel", "hog", "mycket-hog", "mycket-hog"]),
        ],
    }
}

fn q(id: &str) -> Question {
    Question {
        id: id.into(),
        text: format!("Fråga {id}?"),
        help: None,
        source: None,
        weight: 1.0,
        critical: false,
        scale: None,
        measure: Some(format!("Åtgärda {id}")),
        measures: Default::default(),
        replaces: vec![],
    }
}

fn checklist(questions: Vec<Question>) -> Checklist {
    Checklist {
        format: 1,
        id: "t".into(),
        version: "1".into(),
        title: "T".into(),
        sector: "S".into(),
        language: Language::Sv,
        description: None,
        unknown: UnknownPolicy::Worst,
        scales: Default::default(),
        areas: vec![Area {
            id: "a".into(),
            title: "A".into(),
            description: None,
            consequence: 3,
            consequence_note: None,
            questions,
        }],
        indicators: vec![],
    }
}

fn assessment(answers: &[(&str, &str)]) -> Assessment {
    Assessment {
        format: 1,
        checklist: "t".into(),
        checklist_version: "1".into(),
        checklist_digest: None,
        unit: "U".into(),
        assessor: None,
        created: None,
        updated: None,
        completed: None,
        answers: answers
            .iter()
            .map(|(q, a)| {
                (
                    q.to_string(),
                    Answer {
                        answer: a.to_string(),
                        comment: Some("motivering".into()),
                    },
                )
            })
            .collect::<IndexMap<_, _>>(),
        adjustments: Default::default(),
        actions: vec![],
        decisions: Default::default(),
        indicators: Default::default(),
    }
}

fn area(c: &Checklist, a: &Assessment) -> AreaScore {
    score(c, &matrix(), a).areas.remove(0)
}

#[test]
fn round_half_up_at_the_boundaries() {
    // N_L = 4: G·3 + 0.5; boundaries at G = 1/6, 1/2, 5/6 go up.
    assert_eq!(likelihood_from_gap(0.0, 4), 1);
    assert_eq!(likelihood_from_gap(1.0 / 6.0, 4), 2);
    assert_eq!(likelihood_from_gap(1.0 / 6.0 - 1e-6, 4), 1);
    assert_eq!(likelihood_from_gap(0.5, 4), 3);
    assert_eq!(likelihood_from_gap(0.5 - 1e-6, 4), 2);
    assert_eq!(likelihood_from_gap(5.0 / 6.0, 4), 4);
    assert_eq!(likelihood_from_gap(5.0 / 6.0 - 1e-6, 4), 3);
    assert_eq!(likelihood_from_gap(1.0, 4), 4);
    assert_eq!(likelihood_from_gap(0.5, 5), 3);
}

#[test]
fn exact_sixth_from_answers() {
    // Three questions, one "delvis" (0.5): G = 0.5/3 = 1/6 exactly → L = 2.
    let c = checklist(vec![q("a"), q("b"), q("c")]);
    let s = area(
        &c,
        &assessment(&[("a", "delvis"), ("b", "ja"), ("c", "ja")]),
    );
    assert_eq!(s.gap, Some(0.1667));
    assert_eq!(s.likelihood, Some(2));
    assert_eq!(s.consequence, Some(3));
    assert_eq!(s.level.as_deref(), Some("medel"));
    assert_eq!(s.risk, Some(6));
}

#[test]
fn weights_count() {
    let mut heavy = q("a");
    heavy.weight = 3.0;
    let c = checklist(vec![heavy, q("b")]);
    // G = 3·1 / 4 = 0.75 → L = 1 + ⌊2.25 + 0.5⌋ = 3
    let s = area(&c, &assessment(&[("a", "nej"), ("b", "ja")]));
    assert_eq!(s.gap, Some(0.75));
    assert_eq!(s.likelihood, Some(3));
}

#[test]
fn tiny_weights_do_not_underflow() {
    let mut a = q("a");
    a.weight = 5e-324;
    let c = checklist(vec![a]);
    let s = area(&c, &assessment(&[("a", "delvis")]));
    assert_eq!(s.gap, Some(0.5));
}

#[test]
fn unknown_worst_versus_exclude() {
    let mut c = checklist(vec![q("a"), q("b")]);
    let a = assessment(&[("a", "vet-ej"), ("b", "ja")]);
    let s = area(&c, &a);
    assert_eq!((s.gap, s.unknown, s.answered), (Some(0.5), 1, 2));
    c.unknown = UnknownPolicy::Exclude;
    let s = area(&c, &a);
    assert_eq!(
        (s.gap, s.unknown, s.answered, s.likelihood),
        (Some(0.0), 1, 2, Some(1))
    );
    // Only vet-ej under exclude: nothing left to score.
    let s = area(&c, &assessment(&[("a", "vet-ej"), ("b", "vet-ej")]));
    assert_eq!((s.gap, s.level.clone(), s.unknown), (None, None, 2));
}

#[test]
fn the_question_row_and_the_action_plan_trigger_the_same_measures() {
    // vet-ej under `exclude` does not count in G but still calls for finding out; an
    // unanswered question counts as a gap but is no answer, so it triggers nothing.
    for policy in [UnknownPolicy::Worst, UnknownPolicy::Exclude] {
        let mut c = checklist(vec![q("a"), q("b"), q("c"), q("d"), q("e")]);
        c.unknown = policy;
        let a = assessment(&[
            ("a", "vet-ej"),
            ("b", "ja"),
            ("c", "delvis"),
            ("e", "ej-aktuellt"),
        ]);
        let s = area(&c, &a);
        let rows: Vec<(&str, Option<&str>)> = s
            .detail
            .iter()
            .map(|d| (d.id.as_str(), d.measure.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [
                ("a", Some("Åtgärda a")),
                ("b", None),
                ("c", Some("Åtgärda c")),
                ("d", None),
                ("e", None)
            ],
            "{policy:?}"
        );
        let plan: Vec<String> = triggered_measures(&c, &a)
            .into_iter()
            .map(|t| t.question)
            .collect();
        assert_eq!(plan, ["a", "c"], "{policy:?}");
    }
}

#[test]
fn all_not_applicable_is_not_scored() {
    let c = checklist(vec![q("a"), q("b")]);
    let sc = score(
        &c,
        &matrix(),
        &assessment(&[("a", "ej-aktuellt"), ("b", "ej-aktuellt")]),
    );
    let s = &sc.areas[0];
    assert_eq!(
        (s.gap, s.likelihood, s.level.clone(), s.risk),
        (None, None, None, None)
    );
    assert_eq!((s.not_applicable, s.answered, s.unanswered), (2, 2, 0));
    assert_eq!(sc.overall, None);
    assert!(sc.complete);
}

#[test]
fn unanswered_counts_as_full_gap() {
    let c = checklist(vec![q("a"), q("b")]);
    let sc = score(&c, &matrix(), &assessment(&[("a", "ja")]));
    assert_eq!((sc.areas[0].gap, sc.areas[0].unanswered), (Some(0.5), 1));
    assert!(!sc.complete);
}

#[test]
fn critical_rule_with_answer_unknown_and_unanswered() {
    let mut crit = q("k");
    crit.critical = true;
    let others: Vec<Question> = (0..9).map(|i| q(&format!("o{i}"))).collect();
    let mut qs = vec![crit];
    qs.extend(others);
    let c = checklist(qs);
    let yes: Vec<(String, &str)> = (0..9).map(|i| (format!("o{i}"), "ja")).collect();
    let with = |k: Option<&str>| {
        let mut ans: Vec<(&str, &str)> = yes.iter().map(|(q, a)| (q.as_str(), *a)).collect();
        if let Some(k) = k {
            ans.push(("k", k));
        }
        area(&c, &assessment(&ans))
    };
    // G = 0.05 → L 1; critical "delvis" raises it to N_L − 1 = 3.
    let s = with(Some("delvis"));
    assert_eq!((s.base_likelihood, s.likelihood), (Some(1), Some(3)));
    assert_eq!(s.critical_raised_by.as_deref(), Some("k"));
    assert_eq!(with(Some("nej")).likelihood, Some(3));
    assert_eq!(with(Some("vet-ej")).likelihood, Some(3));
    assert_eq!(with(None).likelihood, Some(3));
    assert_eq!(with(Some("ja")).likelihood, Some(1));
    assert_eq!(with(Some("ej-aktuellt")).likelihood, Some(1));
    // Under `exclude`, vet-ej does not count in G, so the rule does not fire.
    let mut c2 = c.clone();
    c2.unknown = UnknownPolicy::Exclude;
    let mut ans: Vec<(&str, &str)> = yes.iter().map(|(q, a)| (q.as_str(), *a)).collect();
    ans.push(("k", "vet-ej"));
    assert_eq!(area(&c2, &assessment(&ans)).likelihood, Some(1));
}

#[test]
fn adjustments_clamp_and_override_consequence() {
    let c = checklist(vec![q("a")]);
    let mut a = assessment(&[("a", "nej")]);
    a.adjustments.insert(
        "a".into(),
        Adjustment {
            likelihood: Some(1),
            consequence: Some(1),
            justification: "x".into(),
        },
    );
    let s = area(&c, &a);
    assert_eq!(
        (s.likelihood, s.consequence, s.level.as_deref()),
        (Some(4), Some(1), Some("medel"))
    );
    let mut a = assessment(&[("a", "ja")]);
    a.adjustments.insert(
        "a".into(),
        Adjustment {
            likelihood: Some(-1),
            consequence: Some(4),
            justification: "x".into(),
        },
    );
    let s = area(&c, &a);
    assert_eq!(
        (s.likelihood, s.consequence, s.risk),
        (Some(1), Some(4), Some(4))
    );
    // SPEC §2.2's matrix (the tests' own, not the bundled one): S1 × K4 is Medel.
    assert_eq!(s.level.as_deref(), Some("medel"));
}

#[test]
fn five_by_five_matrix_and_custom_scale() {
    let m = Matrix {
        format: 1,
        likelihood: (1..=5).map(|i| format!("S{i}")).collect(),
        consequence: (1..=5).map(|i| format!("K{i}")).collect(),
        levels: ["l", "m", "h"]
            .iter()
            .map(|id| crate::model::RiskLevel {
                id: id.to_string(),
                label: id.to_string(),
                color: "#000000".into(),
            })
            .collect(),
        grid: (1..=5)
            .map(|l| {
                (1..=5)
                    .map(|c| {
                        match l * c {
                            0..=4 => "l",
                            5..=12 => "m",
                            _ => "h",
                        }
                        .to_string()
                    })
                    .collect()
            })
            .collect(),
    };
    let mut c = checklist(vec![q("a"), q("b")]);
    c.scales.insert(
        "frekvens".into(),
        vec![
            ScaleOption {
                id: "alltid".into(),
                label: "Alltid".into(),
                gap: 0.0,
            },
            ScaleOption {
                id: "ibland".into(),
                label: "Ibland".into(),
                gap: 0.25,
            },
            ScaleOption {
                id: "aldrig".into(),
                label: "Aldrig".into(),
                gap: 1.0,
            },
        ],
    );
    for qq in &mut c.areas[0].questions {
        qq.scale = Some("frekvens".into());
    }
    c.areas[0].consequence = 5;
    // G = (0.25 + 1) / 2 = 0.625 → L = 1 + ⌊0.625·4 + 0.5⌋ = 4; 4·5 = 20 → h
    let s = score(&c, &m, &assessment(&[("a", "ibland"), ("b", "aldrig")]))
        .areas
        .remove(0);
    assert_eq!(
        (s.gap, s.likelihood, s.risk, s.level.as_deref()),
        (Some(0.625), Some(4), Some(20), Some("h"))
    );
    // An option of another scale does not count: unanswered.
    let s = score(&c, &m, &assessment(&[("a", "ja"), ("b", "alltid")]))
        .areas
        .remove(0);
    assert_eq!((s.answered, s.unanswered), (1, 1));
}

#[test]
fn replaces_carries_answers_and_unknown_ids_are_ignored() {
    let mut renamed = q("ny");
    renamed.replaces = vec!["gammal".into()];
    let c = checklist(vec![renamed, q("b")]);
    let sc = score(
        &c,
        &matrix(),
        &assessment(&[("gammal", "nej"), ("b", "ja"), ("borta", "nej")]),
    );
    let s = &sc.areas[0];
    assert_eq!((s.answered, s.gap), (2, Some(0.5)));
    assert_eq!(s.detail[0].answered_as.as_deref(), Some("gammal"));
    assert_eq!(sc.ignored_answers, vec!["borta".to_string()]);
}

#[test]
fn overall_is_the_highest_level() {
    let mut c = checklist(vec![q("a")]);
    let mut second = c.areas[0].clone();
    second.id = "b".into();
    second.consequence = 4;
    second.questions = vec![q("x")];
    c.areas.push(second);
    let sc = score(&c, &matrix(), &assessment(&[("a", "ja"), ("x", "nej")]));
    assert_eq!(sc.areas[0].level.as_deref(), Some("lag"));
    assert_eq!(sc.areas[1].level.as_deref(), Some("mycket-hog"));
    assert_eq!(sc.overall.as_deref(), Some("mycket-hog"));
}

#[test]
fn measures_follow_the_answer() {
    let mut a1 = q("a");
    a1.measures
        .insert("delvis".into(), "Dokumentera rutinen".into());
    let c = checklist(vec![a1, q("b"), q("c"), q("d")]);
    let t = triggered_measures(
        &c,
        &assessment(&[
            ("a", "delvis"),
            ("b", "ja"),
            ("c", "vet-ej"),
            ("d", "ej-aktuellt"),
        ]),
    );
    let got: Vec<(&str, &str)> = t
        .iter()
        .map(|t| (t.question.as_str(), t.measure.as_str()))
        .collect();
    assert_eq!(got, vec![("a", "Dokumentera rutinen"), ("c", "Åtgärda c")]);
}

/// An action for question `qid`, as a person would add it to the file.
fn action(qid: &str) -> crate::model::Action {
    crate::model::Action {
        question: Some(qid.into()),
        measure: format!("Egen åtgärd för {qid}"),
        ..Default::default()
    }
}

fn target(s: &AreaScore) -> (Option<u32>, Option<&str>, Option<u32>) {
    (
        s.target_likelihood,
        s.target_level.as_deref(),
        s.target_risk,
    )
}

#[test]
fn target_risk_answers_every_triggered_measure_with_ja() {
    let c = checklist(vec![q("a"), q("b"), q("c"), q("d")]);
    let s = area(
        &c,
        &assessment(&[("a", "nej"), ("b", "delvis"), ("c", "vet-ej"), ("d", "ja")]),
    );
    // G = (1 + 0.5 + 1 + 0) / 4 = 0.625 → L = 3, C = 3 → hög.
    assert_eq!((s.likelihood, s.level.as_deref()), (Some(3), Some("hog")));
    assert_eq!(target(&s), (Some(1), Some("lag"), Some(3)));
}

#[test]
fn target_risk_leaves_questions_without_action_as_they_are() {
    let mut bare = q("a");
    bare.measure = None;
    let c = checklist(vec![bare, q("b"), q("c")]);
    // a (no measure) and c (unanswered) keep gap 1; b's measure is done: G = 2/3 → L = 3.
    let a = assessment(&[("a", "nej"), ("b", "nej")]);
    let s = area(&c, &a);
    assert_eq!(s.likelihood, Some(4));
    assert_eq!(target(&s), (Some(3), Some("hog"), Some(9)));
    // An action a person wrote for `a` counts as a measure for it.
    let mut a = a;
    a.actions.push(action("a"));
    assert_eq!(target(&area(&c, &a)), (Some(2), Some("medel"), Some(6)));
}

#[test]
fn target_risk_lifts_the_critical_rule_and_keeps_the_adjustment() {
    let mut crit = q("k");
    crit.critical = true;
    let c = checklist(vec![crit, q("o1"), q("o2"), q("o3")]);
    let mut a = assessment(&[("k", "nej"), ("o1", "ja"), ("o2", "ja"), ("o3", "ja")]);
    let s = area(&c, &a);
    assert_eq!(s.likelihood, Some(3), "the critical rule raises L");
    assert_eq!(target(&s), (Some(1), Some("lag"), Some(3)));
    a.adjustments.insert(
        "a".into(),
        Adjustment {
            likelihood: Some(1),
            consequence: Some(4),
            justification: "Känt fall".into(),
        },
    );
    let s = area(&c, &a);
    assert_eq!(target(&s), (Some(2), Some("hog"), Some(8)));
}

#[test]
fn target_risk_is_absent_when_the_area_is_not_scored() {
    let c = checklist(vec![q("a")]);
    let s = area(&c, &assessment(&[("a", "ej-aktuellt")]));
    assert_eq!(target(&s), (None, None, None));
}

#[test]
fn target_risk_uses_the_best_option_of_a_custom_scale() {
    let mut c = checklist(vec![q("a")]);
    c.scales.insert(
        "egen".into(),
        vec![
            ScaleOption {
                id: "bra".into(),
                label: "Bra".into(),
                gap: 0.2,
            },
            ScaleOption {
                id: "dalig".into(),
                label: "Dålig".into(),
                gap: 1.0,
            },
        ],
    );
    c.areas[0].questions[0].scale = Some("egen".into());
    let s = area(&c, &assessment(&[("a", "dalig")]));
    // Best option gap 0.2: 0.2·3 + 0.5 = 1.1 → L = 2.
    assert_eq!(target(&s), (Some(2), Some("medel"), Some(6)));
}
