//! One risk area as the reports show it: its score, its questions and the heat map.

use serde::Serialize;

use super::{Detail, LevelView, level_view};
use crate::i18n::{answer_label, number, tr};
use crate::model::{Checklist, Matrix, NOT_APPLICABLE, UNKNOWN};
use crate::scoring::{AreaScore, Score, answer_for};

#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: String,
    pub text: String,
    pub answer: String,
    pub answered: bool,
    pub not_applicable: bool,
    pub unknown: bool,
    pub comment: Option<String>,
    /// The measure the answer triggers, from the scoring result (one rule for row and plan).
    pub measure: Option<String>,
    pub gap: Option<String>,
    pub weight: String,
    pub critical: bool,
    pub help_html: Option<String>,
    pub help_md: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    /// Marker used in the heat map: the area's number in checklist order.
    pub n: usize,
    pub id: String,
    pub title: String,
    pub description_html: Option<String>,
    pub description_md: Option<String>,
    pub consequence_note: Option<String>,
    pub level: Option<LevelView>,
    pub likelihood: Option<u32>,
    pub consequence: Option<u32>,
    pub risk: Option<u32>,
    /// Target risk (målrisk, "efter åtgärder"): the level when every measure is done.
    pub target_level: Option<LevelView>,
    pub target_likelihood: Option<u32>,
    pub target_risk: Option<u32>,
    pub gap: Option<String>,
    pub gap_percent: Option<u32>,
    pub questions: usize,
    pub answered: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
    /// The calculation of SPEC §3 in words, step by step.
    pub calculation: Vec<String>,
    /// One sentence for the summary.
    pub sentence: String,
    pub items: Vec<QuestionView>,
    /// The sector head's decision on the area, when one is recorded.
    pub decision: Option<crate::report::followup::DecisionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub level: Option<LevelView>,
    /// Markers of the areas in this cell.
    pub areas: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixView {
    /// Likelihood labels, highest first (the heat map's rows top to bottom).
    pub likelihood: Vec<String>,
    pub consequence: Vec<String>,
    /// Rows from the highest likelihood down.
    pub rows: Vec<MatrixRow>,
    pub levels: Vec<LevelView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub likelihood: u32,
    pub label: String,
    pub cells: Vec<Cell>,
}

fn area_view(
    c: &Checklist,
    m: &Matrix,
    a: &crate::model::Assessment,
    idx: usize,
    s: &AreaScore,
    detail: Detail,
) -> AreaView {
    let area = &c.areas[idx];
    let level = level_view(m, s.level.as_deref());
    let n_l = m.likelihood.len();
    let full = detail == Detail::Full;
    let mut calculation = Vec::new();
    if !full {
        // Scores only: no calculation text.
    } else if let (Some(g), Some(base)) = (s.gap_exact, s.base_likelihood) {
        let counted: Vec<String> = s
            .detail
            .iter()
            .filter_map(|d| {
                d.gap
                    .map(|g| format!("{}·{}", number(d.weight, 0), number(g, 1)))
            })
            .collect();
        let weights: f64 = s
            .detail
            .iter()
            .filter(|d| d.gap.is_some())
            .map(|d| d.weight)
            .sum();
        let terms = counted.join(" + ");
        let (g2, w2, g4) = (number(g * weights, 2), number(weights, 0), number(g, 4));
        calculation.push(t!(
            "Viktat gap G = ({terms}) / {w2} = {g2} / {w2} = {g4}",
            "Weighted gap G = ({terms}) / {w2} = {g2} / {w2} = {g4}"
        ));
        let steps = n_l - 1;
        calculation.push(t!(
            "Sannolikhet = 1 + ⌊G·{steps} + 0,5⌋ = {base}",
            "Likelihood = 1 + ⌊G·{steps} + 0.5⌋ = {base}"
        ));
        if let Some(qid) = &s.critical_raised_by {
            let floor = n_l - 1;
            let q = c.question(qid).map_or(qid.as_str(), |q| q.text.as_str());
            calculation.push(t!(
                "Den kritiska frågan ”{q}” visar brist: sannolikheten höjs till minst {floor}",
                "The critical question \"{q}\" shows a gap: likelihood raised to at least {floor}"
            ));
        }
        if let Some(d) = s.likelihood_adjustment.filter(|d| *d != 0) {
            let why = a
                .adjustments
                .get(&area.id)
                .map(|x| x.justification.clone())
                .unwrap_or_default();
            calculation.push(t!(
                "Justering av sannolikheten med {d:+}: {why}",
                "Likelihood adjusted by {d:+}: {why}"
            ));
        }
        if let Some(k) = s.consequence_override {
            let why = a
                .adjustments
                .get(&area.id)
                .map(|x| x.justification.clone())
                .unwrap_or_default();
            calculation.push(t!(
                "Konsekvensen ändrad till {k}: {why}",
                "Consequence changed to {k}: {why}"
            ));
        }
        let (l, k, r) = (
            s.likelihood.unwrap_or(0),
            s.consequence.unwrap_or(0),
            s.risk.unwrap_or(0),
        );
        let label = level.as_ref().map(|l| l.label.clone()).unwrap_or_default();
        calculation.push(t!(
            "Sannolikhet {l} × konsekvens {k} = riskvärde {r}; matrisen ger nivån {label}",
            "Likelihood {l} × consequence {k} = risk value {r}; the matrix gives level {label}"
        ));
    } else {
        calculation.push(
            tr(
                "Ingen fråga räknas (alla är ”Ej aktuellt”), så området bedöms inte.",
                "No question counts (all are \"Not applicable\"), so the area is not scored.",
            )
            .to_string(),
        );
    }
    let title = &area.title;
    let sentence = match &level {
        Some(lv) => {
            let label = &lv.label;
            let (l, k) = (s.likelihood.unwrap_or(0), s.consequence.unwrap_or(0));
            let gaps = s
                .detail
                .iter()
                .filter(|d| d.gap.is_some_and(|g| g > 0.0))
                .count();
            let total = s.questions;
            t!(
                "{title}: risknivå {label} (sannolikhet {l}, konsekvens {k}); {gaps} av {total} frågor visar brist.",
                "{title}: risk level {label} (likelihood {l}, consequence {k}); {gaps} of {total} questions show a gap."
            )
        }
        None => t!(
            "{title}: bedöms inte (ej aktuellt).",
            "{title}: not scored (not applicable)."
        ),
    };
    let items = area
        .questions
        .iter()
        .zip(&s.detail)
        .filter(|_| full)
        .map(|(q, d)| {
            let found = answer_for(q, a);
            let ans = found.map(|(_, x)| x);
            QuestionView {
                id: q.id.clone(),
                text: q.text.clone(),
                answer: answer_label(c, q, d.answer.as_deref()),
                answered: d.answer.is_some(),
                not_applicable: d.answer.as_deref() == Some(NOT_APPLICABLE),
                unknown: d.answer.as_deref() == Some(UNKNOWN),
                comment: ans
                    .and_then(|x| x.comment.clone())
                    .filter(|c| !c.trim().is_empty()),
                measure: d.measure.clone(),
                gap: d.gap.map(|g| number(g, 2)),
                weight: number(q.weight, if q.weight.fract() == 0.0 { 0 } else { 1 }),
                critical: q.critical,
                help_html: q.help.as_deref().map(crate::report::text::markdown_to_html),
                help_md: q.help.as_deref().map(crate::report::text::markdown_inline),
            }
        })
        .collect();
    AreaView {
        n: idx + 1,
        id: area.id.clone(),
        title: area.title.clone(),
        description_html: area
            .description
            .as_deref()
            .filter(|_| full)
            .map(crate::report::text::markdown_to_html),
        description_md: area
            .description
            .as_deref()
            .filter(|_| full)
            .map(crate::report::text::markdown_to_markdown),
        consequence_note: area.consequence_note.clone(),
        level,
        likelihood: s.likelihood,
        consequence: s.consequence,
        risk: s.risk,
        target_level: level_view(m, s.target_level.as_deref()),
        target_likelihood: s.target_likelihood,
        target_risk: s.target_risk,
        gap: s.gap.map(|g| number(g, 2)),
        gap_percent: s.gap.map(|g| (g * 100.0).round() as u32),
        questions: s.questions,
        answered: s.answered,
        unknown: s.unknown,
        not_applicable: s.not_applicable,
        unanswered: s.unanswered,
        calculation,
        sentence,
        items,
        decision: crate::report::followup::decision_view(a, &area.id),
    }
}

/// The views of every area of an assessment, in checklist order.
pub fn area_views(
    c: &Checklist,
    m: &Matrix,
    a: &crate::model::Assessment,
    score: &Score,
    detail: Detail,
) -> Vec<AreaView> {
    score
        .areas
        .iter()
        .enumerate()
        .map(|(i, s)| area_view(c, m, a, i, s, detail))
        .collect()
}

/// Most serious first: by level rank, then risk value; unscored areas last.
pub fn seriousness(a: &AreaView) -> (usize, u32) {
    (a.level.as_ref().map_or(0, |l| l.rank), a.risk.unwrap_or(0))
}

pub fn matrix_view(m: &Matrix, areas: &[AreaView]) -> MatrixView {
    let n_l = m.likelihood.len();
    let rows = (1..=n_l)
        .rev()
        .map(|l| MatrixRow {
            likelihood: l as u32,
            label: m.likelihood[l - 1].clone(),
            cells: (1..=m.consequence.len())
                .map(|k| Cell {
                    level: level_view(
                        m,
                        m.grid
                            .get(l - 1)
                            .and_then(|r| r.get(k - 1))
                            .map(String::as_str),
                    ),
                    areas: areas
                        .iter()
                        .filter(|a| {
                            a.likelihood == Some(l as u32) && a.consequence == Some(k as u32)
                        })
                        .map(|a| a.n)
                        .collect(),
                })
                .collect(),
        })
        .collect();
    MatrixView {
        likelihood: m.likelihood.iter().rev().cloned().collect(),
        consequence: m.consequence.clone(),
        rows,
        levels: m
            .levels
            .iter()
            .filter_map(|l| level_view(m, Some(&l.id)))
            .collect(),
    }
}
