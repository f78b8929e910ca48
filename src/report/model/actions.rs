//! The action plan of one assessment as the reports show it.

use serde::Serialize;

use super::{AreaView, LevelView, status_label};
use crate::scoring::triggered_measures;
use crate::storage::LoadedAssessment;

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
