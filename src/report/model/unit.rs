//! The unit report: one assessment in full.

use serde::Serialize;

use super::{
    ActionView, AreaView, Detail, LevelCount, LevelView, MatrixView, actions, area_views,
    level_view, matrix_view, percent, readable_time, seriousness, today,
};
use crate::catalog::ChecklistSet;
use crate::i18n::{number, tr};
use crate::scoring::Score;
use crate::storage::LoadedAssessment;

#[derive(Debug, Clone, Serialize)]
pub struct NaView {
    pub area: String,
    pub question: String,
    pub justification: String,
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
    pub plan: crate::report::followup::PlanCounts,
    /// Whether any area has a decision (the decisions section is shown then).
    pub has_decisions: bool,
    /// The checklist's indicators with the unit's values.
    pub indicators: Vec<crate::report::followup::IndicatorView>,
    pub not_applicable: Vec<NaView>,
    pub drift: Option<String>,
    pub ignored_answers: Vec<String>,
    pub scale: Vec<String>,
    pub unknown_policy: String,
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
        plan: crate::report::followup::counts(&actions),
        has_decisions: !a.decisions.is_empty(),
        indicators: crate::report::followup::indicator_views(c, a),
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
