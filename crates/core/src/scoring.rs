//! The scoring of SPEC §3, exactly. Pure: (checklist, matrix, assessment) in, scores out. The
//! same result feeds `score`, the interview's summary and every report, so numbers never disagree.

use serde::Serialize;

use crate::model::{
    Answer, Assessment, Checklist, Matrix, NOT_APPLICABLE, Question, UNKNOWN, UnknownPolicy,
};

/// How one question counts in its area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionScore {
    pub id: String,
    /// The answer given (option id, vet-ej or ej-aktuellt); None when unanswered.
    pub answer: Option<String>,
    /// The id the answer was stored under when it came from an earlier id (`replaces`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_as: Option<String>,
    /// The gap that counts in G; None when the question does not count (ej-aktuellt, or vet-ej
    /// under `unknown: exclude`).
    pub gap: Option<f64>,
    pub weight: f64,
    pub critical: bool,
    /// The measure this answer triggers (see [`ValidAnswer::measure`]); every reader of triggered
    /// measures — reports, the interview, the form — takes it from here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaScore {
    pub id: String,
    /// Earned gap G, rounded to 4 decimals; None when the area is not scored.
    pub gap: Option<f64>,
    pub likelihood: Option<u32>,
    pub consequence: Option<u32>,
    pub level: Option<String>,
    pub risk: Option<u32>,
    pub questions: usize,
    pub answered: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
    /// Likelihood from G alone, before the critical rule and the adjustment.
    pub base_likelihood: Option<u32>,
    /// The critical question that raised the likelihood, when the rule fired.
    pub critical_raised_by: Option<String>,
    /// The likelihood adjustment applied (-1, 0 or 1), when one was given.
    pub likelihood_adjustment: Option<i32>,
    /// The consequence that replaced the checklist's, when one was given.
    pub consequence_override: Option<u32>,
    /// Target risk (målrisk): the likelihood the area would get if every question that has an
    /// action (a triggered measure, or an action in the file) were answered with the scale's
    /// option of gap 0. Adjustment and consequence stay as they are. None when not scored.
    pub target_likelihood: Option<u32>,
    /// The level of the target risk ("efter åtgärder").
    pub target_level: Option<String>,
    /// The risk value of the target risk: target likelihood × consequence.
    pub target_risk: Option<u32>,
    /// Exact G (unrounded), for the calculation shown in reports.
    #[serde(skip)]
    pub gap_exact: Option<f64>,
    #[serde(skip)]
    pub detail: Vec<QuestionScore>,
}

impl AreaScore {
    pub fn is_scored(&self) -> bool {
        self.level.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub checklist: String,
    pub checklist_version: String,
    pub unit: String,
    /// True when every question has an answer.
    pub complete: bool,
    /// The highest level among the scored areas; None when no area is scored.
    pub overall: Option<String>,
    pub areas: Vec<AreaScore>,
    /// Answers stored under ids that are not (or no longer) in the checklist; they do not count.
    pub ignored_answers: Vec<String>,
}

impl Score {
    pub fn questions(&self) -> usize {
        self.areas.iter().map(|a| a.questions).sum()
    }
    pub fn answered(&self) -> usize {
        self.areas.iter().map(|a| a.answered).sum()
    }
    pub fn unknown(&self) -> usize {
        self.areas.iter().map(|a| a.unknown).sum()
    }
    pub fn area(&self, id: &str) -> Option<&AreaScore> {
        self.areas.iter().find(|a| a.id == id)
    }
}

/// The answer that counts for a question: under its own id, or else under an id it `replaces`.
pub fn answer_for<'a>(q: &'a Question, a: &'a Assessment) -> Option<(&'a str, &'a Answer)> {
    if let Some(ans) = a.answers.get(&q.id) {
        return Some((q.id.as_str(), ans));
    }
    q.replaces
        .iter()
        .find_map(|old| a.answers.get_key_value(old))
        .map(|(k, v)| (k.as_str(), v))
}

/// Likelihood from an earned gap: 1 + ⌊G·(N_L − 1) + 0.5 + 1e-9⌋ (round half up).
pub fn likelihood_from_gap(gap: f64, n_l: u32) -> u32 {
    let l = 1.0 + (gap * f64::from(n_l - 1) + 0.5 + 1e-9).floor();
    (l as u32).clamp(1, n_l)
}

pub fn score(c: &Checklist, m: &Matrix, a: &Assessment) -> Score {
    let n_l = m.likelihood.len().max(1) as u32;
    let n_c = m.consequence.len().max(1) as u32;
    let mut areas = Vec::with_capacity(c.areas.len());
    for area in &c.areas {
        let mut s = AreaScore {
            id: area.id.clone(),
            gap: None,
            likelihood: None,
            consequence: None,
            level: None,
            risk: None,
            questions: area.questions.len(),
            answered: 0,
            unknown: 0,
            not_applicable: 0,
            unanswered: 0,
            base_likelihood: None,
            critical_raised_by: None,
            likelihood_adjustment: None,
            consequence_override: None,
            target_likelihood: None,
            target_level: None,
            target_risk: None,
            gap_exact: None,
            detail: Vec::with_capacity(area.questions.len()),
        };
        let (mut sum_w, mut sum_wg) = (0.0, 0.0);
        // Weights count relative to the area's largest, so a tiny weight such as 5e-324 cannot
        // underflow to a gap of 0 when multiplied.
        let max_w = area.questions.iter().map(|q| q.weight).fold(0.0, f64::max);
        let mut critical_hit: Option<&str> = None;
        // The same sums for the target risk, where a question with an action counts as answered
        // with its lowest-gap option (gap 0 on every bundled scale).
        let (mut t_sum_w, mut t_sum_wg) = (0.0, 0.0);
        let mut t_critical = false;
        for q in &area.questions {
            let valid = valid_answer(c, q, a);
            let gap = match valid.map(|v| v.answer.answer.as_str()) {
                None => {
                    s.unanswered += 1;
                    Some(1.0)
                }
                Some(NOT_APPLICABLE) => {
                    s.answered += 1;
                    s.not_applicable += 1;
                    None
                }
                Some(UNKNOWN) => {
                    s.answered += 1;
                    s.unknown += 1;
                    match c.unknown {
                        UnknownPolicy::Worst => Some(1.0),
                        UnknownPolicy::Exclude => None,
                    }
                }
                Some(_) => {
                    s.answered += 1;
                    valid.and_then(|v| v.option_gap)
                }
            };
            if let Some(g) = gap {
                let w = q.weight / max_w;
                sum_w += w;
                sum_wg += w * g;
                if q.critical && g >= 0.5 && critical_hit.is_none() {
                    critical_hit = Some(&q.id);
                }
            }
            let measure = valid.and_then(|v| v.measure(q)).cloned();
            let target_gap = if measure.is_some() || has_action(q, a) {
                Some(best_gap(c, q))
            } else {
                gap
            };
            if let Some(g) = target_gap {
                t_sum_w += q.weight;
                t_sum_wg += q.weight * g;
                t_critical |= q.critical && g >= 0.5;
            }
            s.detail.push(QuestionScore {
                id: q.id.clone(),
                answer: valid.map(|v| v.answer.answer.clone()),
                answered_as: valid.filter(|v| v.key != q.id).map(|v| v.key.to_string()),
                measure,
                gap,
                weight: q.weight,
                critical: q.critical,
            });
        }
        if sum_w > 0.0 {
            let g = sum_wg / sum_w;
            let base = likelihood_from_gap(g, n_l);
            let mut l = base;
            if let Some(qid) = critical_hit {
                let floor = n_l.saturating_sub(1).max(1);
                if l < floor {
                    s.critical_raised_by = Some(qid.to_string());
                }
                l = l.max(floor);
            }
            let adj = a.adjustments.get(&area.id);
            let delta = adj.and_then(|x| x.likelihood).unwrap_or(0);
            l = (i64::from(l) + i64::from(delta)).clamp(1, i64::from(n_l)) as u32;
            let cons = adj
                .and_then(|x| x.consequence)
                .unwrap_or(area.consequence)
                .clamp(1, n_c);
            s.likelihood_adjustment = adj.and_then(|x| x.likelihood);
            s.consequence_override = adj.and_then(|x| x.consequence);
            s.gap_exact = Some(g);
            s.gap = Some((g * 10_000.0).round() / 10_000.0);
            s.base_likelihood = Some(base);
            s.likelihood = Some(l);
            s.consequence = Some(cons);
            s.level = m
                .grid
                .get(l as usize - 1)
                .and_then(|row| row.get(cons as usize - 1))
                .cloned();
            s.risk = Some(l * cons);
            if t_sum_w > 0.0 {
                let mut tl = likelihood_from_gap(t_sum_wg / t_sum_w, n_l);
                if t_critical {
                    tl = tl.max(n_l.saturating_sub(1).max(1));
                }
                tl = (i64::from(tl) + i64::from(delta)).clamp(1, i64::from(n_l)) as u32;
                s.target_likelihood = Some(tl);
                s.target_level = m
                    .grid
                    .get(tl as usize - 1)
                    .and_then(|row| row.get(cons as usize - 1))
                    .cloned();
                s.target_risk = Some(tl * cons);
            }
        }
        areas.push(s);
    }
    let overall = areas
        .iter()
        .filter_map(|s| s.level.as_deref())
        .max_by_key(|lvl| m.rank(lvl))
        .map(str::to_string);
    let mut known: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (_, q) in c.questions() {
        known.insert(&q.id);
        known.extend(q.replaces.iter().map(String::as_str));
    }
    Score {
        checklist: a.checklist.clone(),
        checklist_version: a.checklist_version.clone(),
        unit: a.unit.clone(),
        complete: areas.iter().all(|s| s.unanswered == 0),
        overall,
        ignored_answers: a
            .answers
            .keys()
            .filter(|k| !known.contains(k.as_str()))
            .cloned()
            .collect(),
        areas,
    }
}

/// Whether the assessment's action plan has an action for `q` (under its id or an id it
/// `replaces`), whatever its status.
fn has_action(q: &Question, a: &Assessment) -> bool {
    a.actions
        .iter()
        .filter_map(|x| x.question.as_deref())
        .any(|id| id == q.id || q.replaces.iter().any(|r| r == id))
}

/// The gap of the best option of `q`'s scale: 0 on every scale that has a "ja".
fn best_gap(c: &Checklist, q: &Question) -> f64 {
    c.scale_of(q)
        .and_then(|opts| opts.iter().map(|o| o.gap).reduce(f64::min))
        .unwrap_or(0.0)
}

/// A measure an answer calls for: the option's own measure, else the question's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Triggered {
    pub area: String,
    pub question: String,
    pub answer: String,
    pub measure: String,
}

/// An answer that counts for a question: stored under the question's id or an id it `replaces`,
/// and naming an option of the question's scale (an option that left the scale counts as no
/// answer), `vet-ej` or `ej-aktuellt`.
#[derive(Debug, Clone, Copy)]
pub struct ValidAnswer<'a> {
    /// The id the answer is stored under.
    pub key: &'a str,
    pub answer: &'a Answer,
    /// The gap of the chosen scale option; None for `vet-ej` and `ej-aktuellt`.
    pub option_gap: Option<f64>,
}

impl<'a> ValidAnswer<'a> {
    /// The one rule for which measure an answer triggers: an answer with a gap above 0, or "Vet
    /// ej" (finding out is itself a measure), triggers the option's own measure, else the
    /// question's. "Ej aktuellt" and a missing answer trigger none.
    pub fn measure(&self, q: &'a Question) -> Option<&'a String> {
        let shows_gap = match self.answer.answer.as_str() {
            NOT_APPLICABLE => false,
            UNKNOWN => true,
            _ => self.option_gap.is_some_and(|g| g > 0.0),
        };
        if !shows_gap {
            return None;
        }
        q.measures.get(&self.answer.answer).or(q.measure.as_ref())
    }
}

/// The answer that counts for `q` in `a`, if any (see [`ValidAnswer`]).
pub fn valid_answer<'a>(
    c: &Checklist,
    q: &'a Question,
    a: &'a Assessment,
) -> Option<ValidAnswer<'a>> {
    let (key, answer) = answer_for(q, a)?;
    let option_gap = match answer.answer.as_str() {
        UNKNOWN | NOT_APPLICABLE => None,
        id => Some(c.scale_of(q)?.iter().find(|o| o.id == id)?.gap),
    };
    Some(ValidAnswer {
        key,
        answer,
        option_gap,
    })
}

/// The measures triggered by the answers, in checklist order, by the rule of
/// [`ValidAnswer::measure`] — the same rule that fills [`QuestionScore::measure`].
pub fn triggered_measures(c: &Checklist, a: &Assessment) -> Vec<Triggered> {
    c.questions()
        .filter_map(|(area, q)| {
            let v = valid_answer(c, q, a)?;
            Some(Triggered {
                area: area.id.clone(),
                question: q.id.clone(),
                answer: v.answer.answer.clone(),
                measure: v.measure(q)?.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
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
}
