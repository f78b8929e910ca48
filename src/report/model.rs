//! The view models the templates render. Every number is computed here once, from `scoring`, so
//! templates only lay out; Markdown and HTML come from the same model.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::ChecklistSet;
use crate::i18n::{answer_label, number, tr};
use crate::model::{ActionStatus, Checklist, Matrix, NOT_APPLICABLE, UNKNOWN};
use crate::scoring::{AreaScore, Score, answer_for, triggered_measures};
use crate::storage::LoadedAssessment;

#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    pub id: String,
    pub label: String,
    pub color: String,
    /// Text colour readable on `color`.
    pub ink: String,
    /// 1 = lowest level.
    pub rank: usize,
}

pub fn level_view(m: &Matrix, id: Option<&str>) -> Option<LevelView> {
    let id = id?;
    let level = m.level(id)?;
    Some(LevelView {
        id: level.id.clone(),
        label: level.label.clone(),
        ink: ink_for(&level.color).to_string(),
        color: level.color.clone(),
        rank: m.rank(id) + 1,
    })
}

/// Black or white text, whichever contrasts more with a background colour `#rrggbb` by WCAG 2.1's
/// contrast ratio. The better of the two always reaches at least 4.58:1, so a level badge meets
/// WCAG AA (4.5:1) whatever colour a coordinator puts in `matrix.yaml`.
fn ink_for(color: &str) -> &'static str {
    let l = relative_luminance(color);
    // Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05).
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        "#000000"
    } else {
        "#ffffff"
    }
}

/// WCAG 2.1 relative luminance of `#rrggbb` (0 = black, 1 = white); unreadable digits count as 0.
fn relative_luminance(color: &str) -> f64 {
    let hex = color.trim().trim_start_matches('#');
    let channel = |i: usize| {
        let c = f64::from(
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .unwrap_or(0),
        ) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

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
    pub decision: Option<super::followup::DecisionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    /// The action's id in its file (none for a triggered measure not yet written to the file).
    pub id: Option<String>,
    pub unit: String,
    pub area: String,
    /// The question's text; empty for a measure of one's own.
    pub question: String,
    pub measure: String,
    pub owner: Option<String>,
    pub partners: Option<String>,
    pub due: Option<String>,
    /// The status, translated for reading.
    pub status: String,
    /// The status id (planerad, pagar, klar), for templates and comparisons.
    pub status_id: &'static str,
    pub done: Option<String>,
    pub note: Option<String>,
    /// Due before the report date and not klar.
    pub overdue: bool,
    pub level: Option<LevelView>,
    pub risk: Option<u32>,
    /// True when owner or follow-up date is missing.
    pub flagged: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NaView {
    pub area: String,
    pub question: String,
    pub justification: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    pub level: LevelView,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    pub municipality: Option<String>,
    pub generated: String,
    pub checklist_id: String,
    pub checklist_title: String,
    pub checklist_version: String,
    pub answered_version: String,
    pub digest: String,
    pub sector: String,
    pub unit: String,
    pub assessor: Option<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub completed: Option<String>,
    pub complete: bool,
    pub overall: Option<LevelView>,
    pub level_counts: Vec<LevelCount>,
    pub not_scored: usize,
    pub top: Vec<AreaView>,
    pub answered: usize,
    pub total: usize,
    pub coverage_percent: u32,
    pub unknown: usize,
    pub unanswered: usize,
    /// Areas sorted by level and risk value, most serious first.
    pub ranked: Vec<AreaView>,
    /// Areas in checklist order, for the details.
    pub areas: Vec<AreaView>,
    pub matrix: MatrixView,
    pub actions: Vec<ActionView>,
    pub flagged_actions: usize,
    /// Actions per status and overdue.
    pub plan: super::followup::PlanCounts,
    /// Whether any area has a decision (the decisions section is shown then).
    pub has_decisions: bool,
    /// The checklist's indicators with the unit's values.
    pub indicators: Vec<super::followup::IndicatorView>,
    pub not_applicable: Vec<NaView>,
    pub drift: Option<String>,
    pub ignored_answers: Vec<String>,
    pub scale: Vec<String>,
    pub unknown_policy: String,
}

pub fn today() -> String {
    crate::clock::today().format("%Y-%m-%d").to_string()
}

/// A timestamp as a date and time a person reads ("2026-11-25 09:14").
fn readable_time(ts: &Option<String>) -> Option<String> {
    ts.as_deref()
        .map(|t| match chrono::DateTime::parse_from_rfc3339(t) {
            Ok(d) => d.format("%Y-%m-%d %H:%M").to_string(),
            Err(_) => t.to_string(),
        })
}

pub fn status_label(s: Option<ActionStatus>) -> String {
    match s {
        Some(ActionStatus::Pagar) => tr("Pågår", "In progress"),
        Some(ActionStatus::Klar) => tr("Klar", "Done"),
        _ => tr("Planerad", "Planned"),
    }
    .to_string()
}

/// How much of an area a view needs: the unit report shows everything; the sector report,
/// comparison and export only the scores (thousands of files, so no text is rendered for them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    Scores,
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
                help_html: q.help.as_deref().map(super::text::markdown_to_html),
                help_md: q.help.as_deref().map(super::text::markdown_inline),
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
            .map(super::text::markdown_to_html),
        description_md: area
            .description
            .as_deref()
            .filter(|_| full)
            .map(super::text::markdown_to_markdown),
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
        decision: super::followup::decision_view(a, &area.id),
    }
}

/// `part` of `whole` in whole percent; an empty whole counts as complete.
fn percent(part: usize, whole: usize) -> u32 {
    (part * 100).checked_div(whole).map_or(100, |p| p as u32)
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

/// The action plan of one assessment: the measures in the file (with owner, partners, date,
/// status, note) and any triggered measure not yet in it, ordered by the risk of their area.
pub fn actions(loaded: &LoadedAssessment, areas: &[AreaView]) -> Vec<ActionView> {
    let c = &loaded.entry.checklist;
    let a = &loaded.assessment;
    let today = crate::clock::core_today();
    let question_of = |qid: &str| {
        c.areas.iter().enumerate().find_map(|(ai, ar)| {
            ar.questions
                .iter()
                .find(|q| q.id == qid || q.replaces.iter().any(|r| r == qid))
                .map(|q| (ai, q.text.clone()))
        })
    };
    let mut out: Vec<(usize, ActionView)> = Vec::new();
    let mut push = |ai: usize, question: String, act: &crate::model::Action| {
        let av = &areas[ai];
        let flagged = act.owner.as_deref().is_none_or(|o| o.trim().is_empty()) || act.due.is_none();
        let status = crate::plan::status(act);
        out.push((
            ai,
            ActionView {
                id: act.id.clone(),
                unit: a.unit.clone(),
                area: av.title.clone(),
                question,
                measure: act.measure.clone(),
                owner: act.owner.clone(),
                partners: act.partners.clone(),
                due: act.due.clone(),
                status: status_label(Some(status)),
                status_id: status.id(),
                done: act.done.clone(),
                note: act.note.clone(),
                overdue: crate::plan::is_overdue(act, today),
                level: av.level.clone(),
                risk: av.risk,
                flagged,
            },
        ));
    };
    for act in &a.actions {
        let place = match (&act.question, &act.area) {
            (Some(qid), _) => question_of(qid),
            (None, Some(area)) => c
                .areas
                .iter()
                .position(|ar| &ar.id == area)
                .map(|ai| (ai, String::new())),
            (None, None) => None,
        };
        if let Some((ai, question)) = place {
            push(ai, question, act);
        }
    }
    for t in triggered_measures(c, a) {
        let present = a
            .actions
            .iter()
            .any(|x| x.question.as_deref() == Some(t.question.as_str()) && x.measure == t.measure);
        if !present && let Some((ai, question)) = question_of(&t.question) {
            let act = crate::model::Action {
                question: Some(t.question),
                measure: t.measure,
                ..Default::default()
            };
            push(ai, question, &act);
        }
    }
    out.sort_by(|(ia, x), (ib, y)| {
        let key = |i: &usize, v: &ActionView| {
            (
                std::cmp::Reverse(v.level.as_ref().map_or(0, |l| l.rank)),
                std::cmp::Reverse(v.risk.unwrap_or(0)),
                *i,
            )
        };
        key(ia, x).cmp(&key(ib, y))
    });
    out.into_iter().map(|(_, v)| v).collect()
}

pub fn unit_report(
    set: &ChecklistSet,
    loaded: &LoadedAssessment,
    score: &Score,
    municipality: Option<&str>,
) -> UnitReport {
    let c = &loaded.entry.checklist;
    let m = &set.matrix;
    let a = &loaded.assessment;
    let areas = area_views(c, m, a, score, Detail::Full);
    let mut ranked = areas.clone();
    ranked.sort_by_key(|x| std::cmp::Reverse(seriousness(x)));
    let level_counts = m
        .levels
        .iter()
        .rev()
        .filter_map(|l| {
            let count = areas
                .iter()
                .filter(|a| a.level.as_ref().is_some_and(|x| x.id == l.id))
                .count();
            level_view(m, Some(&l.id)).map(|level| LevelCount { level, count })
        })
        .collect();
    let actions = actions(loaded, &areas);
    let not_applicable = areas
        .iter()
        .flat_map(|ar| {
            ar.items
                .iter()
                .filter(|q| q.not_applicable)
                .map(move |q| NaView {
                    area: ar.title.clone(),
                    question: q.text.clone(),
                    justification: q.comment.clone().unwrap_or_default(),
                })
        })
        .collect();
    let drift = loaded.drifted().then(|| {
        let (old, new) = (&a.checklist_version, &c.version);
        if old == new {
            t!(
                "Checklistan har ändrats efter att bedömningen påbörjades (samma version {new}, annat innehåll). Svar på borttagna frågor räknas inte och nya frågor räknas som obesvarade.",
                "The checklist changed after the assessment began (same version {new}, other content). Answers to removed questions do not count and new questions count as unanswered."
            )
        } else {
            t!(
                "Bedömningen gjordes mot version {old} av checklistan, men rapporten bygger på version {new}. Svar på borttagna frågor räknas inte och nya frågor räknas som obesvarade.",
                "The assessment was made against version {old} of the checklist, but the report uses version {new}. Answers to removed questions do not count and new questions count as unanswered."
            )
        }
    });
    let total = score.questions();
    let answered = score.answered();
    let scale = crate::model::default_scale(c.language)
        .iter()
        .map(|o| format!("{} = {}", o.label, number(o.gap, 1)))
        .collect();
    UnitReport {
        municipality: municipality
            .map(str::to_string)
            .filter(|s| !s.trim().is_empty()),
        generated: today(),
        checklist_id: c.id.clone(),
        checklist_title: c.title.clone(),
        checklist_version: c.version.clone(),
        answered_version: a.checklist_version.clone(),
        digest: loaded.entry.digest.clone(),
        sector: c.sector.clone(),
        unit: a.unit.clone(),
        assessor: a.assessor.clone(),
        created: readable_time(&a.created),
        updated: readable_time(&a.updated),
        completed: readable_time(&a.completed),
        complete: score.complete,
        overall: level_view(m, score.overall.as_deref()),
        not_scored: areas.iter().filter(|a| a.level.is_none()).count(),
        level_counts,
        top: ranked
            .iter()
            .filter(|a| a.level.is_some())
            .take(3)
            .cloned()
            .collect(),
        answered,
        total,
        coverage_percent: percent(answered, total),
        unknown: score.unknown(),
        unanswered: total - answered,
        matrix: matrix_view(m, &areas),
        flagged_actions: actions.iter().filter(|x| x.flagged).count(),
        plan: super::followup::counts(&actions),
        has_decisions: !a.decisions.is_empty(),
        indicators: super::followup::indicator_views(c, a),
        actions,
        not_applicable,
        drift,
        ignored_answers: score.ignored_answers.clone(),
        ranked,
        areas,
        scale,
        unknown_policy: match c.unknown {
            crate::model::UnknownPolicy::Worst => tr(
                "”Vet ej” räknas som full brist (gap 1).",
                "\"Don't know\" counts as a full gap (1).",
            ),
            crate::model::UnknownPolicy::Exclude => tr(
                "”Vet ej” räknas inte in i gapet men redovisas.",
                "\"Don't know\" is left out of the gap but reported.",
            ),
        }
        .to_string(),
    }
}

// --- Sector report ---------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
pub struct SectorUnit {
    pub unit: String,
    pub file: String,
    pub overall: Option<LevelView>,
    pub complete: bool,
    pub coverage_percent: u32,
    /// One cell per area of the checklist, in checklist order.
    pub cells: Vec<Option<LevelView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriousRisk {
    pub unit: String,
    pub area: String,
    pub level: LevelView,
    pub likelihood: u32,
    pub consequence: u32,
    pub risk: u32,
    /// The level after the measures (target risk).
    pub target_level: Option<LevelView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectorGroup {
    pub checklist_id: String,
    pub checklist_title: String,
    pub checklist_version: String,
    pub sector: String,
    pub area_titles: Vec<String>,
    pub units: Vec<SectorUnit>,
    pub serious: Vec<SeriousRisk>,
    pub actions: Vec<ActionView>,
    pub flagged_actions: usize,
    /// Actions per unit and status, the units with most overdue first.
    pub unit_plans: Vec<super::followup::UnitPlan>,
    /// Every overdue action of every unit, the longest overdue first.
    pub overdue: Vec<ActionView>,
    /// Each indicator of the checklist summed over the units.
    pub indicators: Vec<super::followup::IndicatorSum>,
    pub incomplete: usize,
    pub drifted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectorReport {
    pub municipality: Option<String>,
    pub generated: String,
    pub files: usize,
    pub groups: Vec<SectorGroup>,
    pub levels: Vec<LevelView>,
}

/// How many serious risks the sector report lists per checklist.
const SERIOUS_LIMIT: usize = 15;

pub fn sector_report(
    set: &ChecklistSet,
    loaded: &[LoadedAssessment],
    municipality: Option<&str>,
) -> SectorReport {
    let m = &set.matrix;
    let mut groups: BTreeMap<String, SectorGroup> = BTreeMap::new();
    for l in loaded {
        let c = &l.entry.checklist;
        let score = l.score(set);
        let areas = area_views(c, m, &l.assessment, &score, Detail::Scores);
        let g = groups.entry(c.id.clone()).or_insert_with(|| SectorGroup {
            checklist_id: c.id.clone(),
            checklist_title: c.title.clone(),
            checklist_version: c.version.clone(),
            sector: c.sector.clone(),
            area_titles: c.areas.iter().map(|a| a.title.clone()).collect(),
            units: Vec::new(),
            serious: Vec::new(),
            actions: Vec::new(),
            flagged_actions: 0,
            unit_plans: Vec::new(),
            overdue: Vec::new(),
            indicators: Vec::new(),
            incomplete: 0,
            drifted: 0,
        });
        let total = score.questions();
        g.units.push(SectorUnit {
            unit: l.assessment.unit.clone(),
            file: l.path.display().to_string(),
            overall: level_view(m, score.overall.as_deref()),
            complete: score.complete,
            coverage_percent: percent(score.answered(), total),
            cells: areas.iter().map(|a| a.level.clone()).collect(),
        });
        g.incomplete += usize::from(!score.complete);
        g.drifted += usize::from(l.drifted());
        for a in &areas {
            // The lowest level is no "serious risk"; it would only crowd the list.
            if let (Some(level), Some(li), Some(k), Some(r)) =
                (&a.level, a.likelihood, a.consequence, a.risk)
                && level.rank > 1
            {
                g.serious.push(SeriousRisk {
                    unit: l.assessment.unit.clone(),
                    area: a.title.clone(),
                    level: level.clone(),
                    likelihood: li,
                    consequence: k,
                    risk: r,
                    target_level: a.target_level.clone(),
                });
            }
        }
        let unit_actions = actions(l, &areas);
        g.unit_plans.push(super::followup::UnitPlan {
            unit: l.assessment.unit.clone(),
            plan: super::followup::counts(&unit_actions),
        });
        g.overdue
            .extend(unit_actions.iter().filter(|x| x.overdue).cloned());
        super::followup::add_indicators(&mut g.indicators, c, &l.assessment);
        g.actions.extend(unit_actions);
    }
    let mut groups: Vec<SectorGroup> = groups.into_values().collect();
    for g in &mut groups {
        g.units.sort_by(|a, b| a.unit.cmp(&b.unit));
        g.serious
            .sort_by_key(|s| std::cmp::Reverse((s.level.rank, s.risk)));
        g.serious.truncate(SERIOUS_LIMIT);
        g.actions.sort_by_key(|x| {
            std::cmp::Reverse((x.level.as_ref().map_or(0, |l| l.rank), x.risk.unwrap_or(0)))
        });
        g.flagged_actions = g.actions.iter().filter(|x| x.flagged).count();
        g.unit_plans.sort_by(|a, b| {
            (std::cmp::Reverse(a.plan.overdue), &a.unit)
                .cmp(&(std::cmp::Reverse(b.plan.overdue), &b.unit))
        });
        // The earliest due period first: the longest overdue.
        g.overdue.sort_by_key(|x| {
            x.due
                .as_deref()
                .and_then(crate::plan::Due::parse)
                .and_then(crate::plan::Due::last_day)
        });
    }
    SectorReport {
        municipality: municipality
            .map(str::to_string)
            .filter(|s| !s.trim().is_empty()),
        generated: today(),
        files: loaded.len(),
        groups,
        levels: m
            .levels
            .iter()
            .filter_map(|l| level_view(m, Some(&l.id)))
            .collect(),
    }
}

// --- Comparison ------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
pub struct AreaChange {
    pub title: String,
    pub old_level: Option<LevelView>,
    pub new_level: Option<LevelView>,
    pub old_likelihood: Option<u32>,
    pub new_likelihood: Option<u32>,
    /// -1 better, 0 same, 1 worse.
    pub direction: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerChange {
    pub area: String,
    pub question: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompareReport {
    pub municipality: Option<String>,
    pub generated: String,
    pub checklist_title: String,
    pub unit: String,
    pub old_file: String,
    pub new_file: String,
    pub old_date: Option<String>,
    pub new_date: Option<String>,
    pub old_version: String,
    pub new_version: String,
    pub old_overall: Option<LevelView>,
    pub new_overall: Option<LevelView>,
    pub areas: Vec<AreaChange>,
    pub answers: Vec<AnswerChange>,
    /// Actions completed since the old assessment (klar in the new one and not before, or marked
    /// klar in the old one's follow-up).
    pub completed_measures: Vec<ActionView>,
    /// Actions of the new assessment that the old one did not have, not klar.
    pub new_actions: Vec<ActionView>,
    /// Actions in both, still not klar.
    pub open_actions: Vec<ActionView>,
    /// Set when the checklist differs between the two: a warning with the share in common.
    pub version_warning: Option<String>,
    /// Why the comparison may mislead: two different units, or OLD made after NEW.
    pub warnings: Vec<String>,
}

/// When an assessment was made: completed, else last saved, else begun.
fn made_at(a: &crate::model::Assessment) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    [&a.completed, &a.updated, &a.created]
        .into_iter()
        .flatten()
        .find_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
}

/// The warnings of a comparison that is not "the same unit, earlier then later".
pub fn compare_warnings(
    old: &crate::model::Assessment,
    new: &crate::model::Assessment,
) -> Vec<String> {
    let mut out = Vec::new();
    if old.unit.trim() != new.unit.trim() {
        let (a, b) = (&old.unit, &new.unit);
        out.push(t!(
            "Bedömningarna gäller olika enheter ({a} och {b}); jämförelsen visar inte en enhets utveckling.",
            "The assessments are of different units ({a} and {b}); the comparison does not show one unit's progress."
        ));
    }
    if let (Some(o), Some(n)) = (made_at(old), made_at(new))
        && o > n
    {
        out.push(t!(
            "Den första bedömningen (FÖRE) är gjord efter den andra (EFTER); har filerna angetts i omvänd ordning?",
            "The first assessment (BEFORE) was made after the second (AFTER); were the files given in reverse order?"
        ));
    }
    out
}

pub fn compare_report(
    set: &ChecklistSet,
    old: &LoadedAssessment,
    new: &LoadedAssessment,
    municipality: Option<&str>,
) -> CompareReport {
    let c = &new.entry.checklist;
    let m = &set.matrix;
    let (so, sn) = (old.score(set), new.score(set));
    let areas = c
        .areas
        .iter()
        .zip(so.areas.iter().zip(&sn.areas))
        .map(|(area, (o, n))| {
            let (ro, rn) = (
                level_view(m, o.level.as_deref()).map_or(0, |l| l.rank),
                level_view(m, n.level.as_deref()).map_or(0, |l| l.rank),
            );
            let key = |rank: usize, risk: Option<u32>| (rank, risk.unwrap_or(0));
            AreaChange {
                title: area.title.clone(),
                old_level: level_view(m, o.level.as_deref()),
                new_level: level_view(m, n.level.as_deref()),
                old_likelihood: o.likelihood,
                new_likelihood: n.likelihood,
                direction: match key(rn, n.risk).cmp(&key(ro, o.risk)) {
                    std::cmp::Ordering::Less => -1,
                    std::cmp::Ordering::Equal => 0,
                    std::cmp::Ordering::Greater => 1,
                },
            }
        })
        .collect();
    let mut answers = Vec::new();
    for (area, q) in c.questions() {
        let before = answer_for(q, &old.assessment).map(|(_, x)| x.answer.as_str());
        let after = answer_for(q, &new.assessment).map(|(_, x)| x.answer.as_str());
        if before != after {
            answers.push(AnswerChange {
                area: area.title.clone(),
                question: q.text.clone(),
                old: answer_label(c, q, before),
                new: answer_label(c, q, after),
            });
        }
    }
    let new_areas = area_views(c, m, &new.assessment, &sn, Detail::Scores);
    let old_areas = area_views(
        &old.entry.checklist,
        m,
        &old.assessment,
        &so,
        Detail::Scores,
    );
    let changes = super::followup::action_changes(
        &actions(old, &old_areas),
        &actions(new, &new_areas),
        old.assessment.completed.as_deref(),
    );
    let versions_differ = old.assessment.checklist_version != new.assessment.checklist_version
        || old.assessment.checklist_digest != new.assessment.checklist_digest
        || old.drifted()
        || new.drifted();
    let version_warning = versions_differ.then(|| {
        let total = c.question_count().max(1);
        let common = c
            .questions()
            .filter(|(_, q)| answer_for(q, &old.assessment).is_some() && answer_for(q, &new.assessment).is_some())
            .count();
        let share = common * 100 / total;
        let (ov, nv) = (&old.assessment.checklist_version, &new.assessment.checklist_version);
        t!(
            "Bedömningarna gjordes mot olika versioner av checklistan ({ov} och {nv}). Bara {share} % av frågorna ({common} av {total}) är besvarade i båda, så jämför med försiktighet.",
            "The assessments were made against different versions of the checklist ({ov} and {nv}). Only {share} % of the questions ({common} of {total}) are answered in both, so compare with care."
        )
    });
    CompareReport {
        municipality: municipality
            .map(str::to_string)
            .filter(|s| !s.trim().is_empty()),
        generated: today(),
        checklist_title: c.title.clone(),
        unit: new.assessment.unit.clone(),
        old_file: old.path.display().to_string(),
        new_file: new.path.display().to_string(),
        old_date: readable_time(
            &old.assessment
                .updated
                .clone()
                .or(old.assessment.created.clone()),
        ),
        new_date: readable_time(
            &new.assessment
                .updated
                .clone()
                .or(new.assessment.created.clone()),
        ),
        old_version: old.assessment.checklist_version.clone(),
        new_version: new.assessment.checklist_version.clone(),
        old_overall: level_view(m, so.overall.as_deref()),
        new_overall: level_view(m, sn.overall.as_deref()),
        areas,
        answers,
        completed_measures: changes.completed,
        new_actions: changes.new,
        open_actions: changes.open,
        version_warning,
        warnings: compare_warnings(&old.assessment, &new.assessment),
    }
}

#[cfg(test)]
mod tests {
    use super::{ink_for, relative_luminance};

    fn contrast(a: f64, b: f64) -> f64 {
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn luminance_follows_wcag() {
        assert_eq!(relative_luminance("#000000"), 0.0);
        assert!((relative_luminance("#ffffff") - 1.0).abs() < 1e-12);
        // #767676 is the lightest grey with 4.5:1 on white.
        assert!(contrast(relative_luminance("#767676"), 1.0) >= 4.5);
        assert!(contrast(relative_luminance("#777777"), 1.0) < 4.5);
    }

    #[test]
    fn ink_reaches_aa_contrast_on_every_background() {
        // The default levels: white on green and red, black on yellow and orange (white on
        // #ef6c00 is only 3.1:1).
        assert_eq!(ink_for("#2e7d32"), "#ffffff");
        assert_eq!(ink_for("#f9a825"), "#000000");
        assert_eq!(ink_for("#ef6c00"), "#000000");
        assert_eq!(ink_for("#c62828"), "#ffffff");
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    let bg = format!("#{r:02x}{g:02x}{b:02x}");
                    let ink = relative_luminance(ink_for(&bg));
                    let ratio = contrast(relative_luminance(&bg), ink);
                    assert!(ratio >= 4.5, "{bg}: {ratio:.2}");
                }
            }
        }
    }
}
