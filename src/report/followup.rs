//! The follow-up parts of the reports (SPEC §5.2, §5.3): counts per status and overdue, the
//! decision per area, the indicators, and what became of the actions between two assessments.
//! Built from the action views of `model`, so every report marks the same actions overdue.

use serde::Serialize;

use crate::i18n::tr;
use crate::model::{ActionStatus, Assessment, Checklist, DecisionKind};
use crate::plan;

use super::model::{ActionView, status_label};

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    /// planerad, pagar or klar.
    pub status_id: &'static str,
    pub label: String,
    pub count: usize,
}

/// How far an action plan has come: actions per status, and how many are overdue.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCounts {
    pub total: usize,
    pub overdue: usize,
    pub counts: Vec<StatusCount>,
}

pub fn counts(actions: &[ActionView]) -> PlanCounts {
    PlanCounts {
        total: actions.len(),
        overdue: actions.iter().filter(|a| a.overdue).count(),
        counts: ActionStatus::ALL
            .iter()
            .map(|&s| StatusCount {
                status_id: s.id(),
                label: status_label(Some(s)),
                count: actions.iter().filter(|a| a.status_id == s.id()).count(),
            })
            .collect(),
    }
}

/// The sector head's decision on one area.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    /// atgarda or acceptera.
    pub decision_id: &'static str,
    pub label: String,
    pub by: String,
    pub date: String,
    pub justification: Option<String>,
    pub review: Option<String>,
    /// An acceptance whose review date has passed: to be reconsidered.
    pub review_passed: bool,
}

pub fn decision_view(a: &Assessment, area_id: &str) -> Option<DecisionView> {
    let d = a.decisions.get(area_id)?;
    Some(DecisionView {
        decision_id: d.decision.id(),
        label: match d.decision {
            DecisionKind::Atgarda => tr("Åtgärda", "Address"),
            DecisionKind::Acceptera => tr("Acceptera", "Accept"),
        }
        .to_string(),
        by: d.by.clone(),
        date: d.date.clone(),
        justification: d.justification.clone(),
        review: d.review.clone(),
        review_passed: plan::review_passed(d, crate::clock::core_today()),
    })
}

/// One indicator of the checklist with the unit's value (None: not given).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub id: String,
    pub text: String,
    pub unit: Option<String>,
    pub value: Option<u64>,
}

pub fn indicator_views(c: &Checklist, a: &Assessment) -> Vec<IndicatorView> {
    c.indicators
        .iter()
        .map(|i| IndicatorView {
            id: i.id.clone(),
            text: i.text.clone(),
            unit: i.unit.clone(),
            value: a.indicators.get(&i.id).copied(),
        })
        .collect()
}

/// The sum of one indicator over the units of a sector report.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSum {
    pub id: String,
    pub text: String,
    pub unit: Option<String>,
    pub total: u64,
    /// How many units gave a value.
    pub reported: usize,
}

/// Adds one unit's indicator values to the sums (created in checklist order on first use).
pub fn add_indicators(sums: &mut Vec<IndicatorSum>, c: &Checklist, a: &Assessment) {
    if sums.is_empty() {
        sums.extend(c.indicators.iter().map(|i| IndicatorSum {
            id: i.id.clone(),
            text: i.text.clone(),
            unit: i.unit.clone(),
            total: 0,
            reported: 0,
        }));
    }
    for s in sums.iter_mut() {
        if let Some(v) = a.indicators.get(&s.id) {
            s.total = s.total.saturating_add(*v);
            s.reported += 1;
        }
    }
}

/// One unit's row in the sector report's table of actions per status.
#[derive(Debug, Clone, Serialize)]
pub struct UnitPlan {
    pub unit: String,
    pub plan: PlanCounts,
}

/// What became of the actions between two assessments of a unit.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ActionChanges {
    /// Klar now and not before, or marked klar in the follow-up of the old assessment.
    pub completed: Vec<ActionView>,
    /// In the new assessment only, not klar.
    pub new: Vec<ActionView>,
    /// In both, still not klar.
    pub open: Vec<ActionView>,
}

/// Matches actions by id when both have one, else by question and measure (files written by
/// hand or before ids). Two ids that differ are two actions, even for the same question: next
/// year's new measure is not last year's completed one.
fn same(a: &ActionView, b: &ActionView) -> bool {
    match (&a.id, &b.id) {
        (Some(x), Some(y)) => x == y,
        _ => a.question == b.question && a.measure == b.measure && !a.question.is_empty(),
    }
}

/// `old_completed` is the date the old assessment was completed (YYYY-MM-DD...): an action marked
/// klar in the old file on or after it was done in the year between the two.
pub fn action_changes(
    old: &[ActionView],
    new: &[ActionView],
    old_completed: Option<&str>,
) -> ActionChanges {
    let klar = ActionStatus::Klar.id();
    let mut out = ActionChanges::default();
    for n in new {
        let before = old.iter().find(|o| same(o, n));
        if n.status_id == klar {
            if before.is_none_or(|o| o.status_id != klar) {
                out.completed.push(n.clone());
            }
        } else if before.is_some() {
            out.open.push(n.clone());
        } else {
            out.new.push(n.clone());
        }
    }
    let since = old_completed.map(|d| d.get(..10).unwrap_or(d));
    for o in old {
        let during_follow_up = match (o.done.as_deref(), since) {
            (Some(done), Some(since)) => done >= since,
            _ => true,
        };
        if o.status_id == klar && during_follow_up && !new.iter().any(|n| same(o, n)) {
            out.completed.push(o.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(
        id: Option<&str>,
        question: &str,
        status: ActionStatus,
        done: Option<&str>,
    ) -> ActionView {
        ActionView {
            id: id.map(str::to_string),
            unit: "E".into(),
            area: "A".into(),
            question: question.into(),
            measure: format!("Gör {question}"),
            owner: None,
            partners: None,
            due: None,
            status: status_label(Some(status)),
            status_id: status.id(),
            done: done.map(str::to_string),
            note: None,
            overdue: false,
            level: None,
            risk: None,
            flagged: false,
        }
    }

    fn ids(v: &[ActionView]) -> Vec<String> {
        v.iter()
            .map(|a| a.id.clone().unwrap_or(a.question.clone()))
            .collect()
    }

    #[test]
    fn completed_open_and_new_between_two_assessments() {
        use ActionStatus::*;
        let old = [
            view(Some("a1"), "q1", Klar, Some("2026-03-01")), // done in the follow-up year
            view(Some("a2"), "q2", Planerad, None),           // klar now
            view(Some("a3"), "q3", Pagar, None),              // still open
            view(Some("a4"), "q4", Klar, Some("2025-10-01")), // klar before the old assessment
            view(None, "q5", Planerad, None),                 // matched by question and measure
        ];
        let new = [
            view(Some("a2"), "q2", Klar, Some("2026-11-01")),
            view(Some("a3"), "q3", Pagar, None),
            view(Some("a6"), "q1", Planerad, None), // same question, another action
            view(None, "q5", Klar, None),
        ];
        let c = action_changes(&old, &new, Some("2025-11-20T10:00:00+01:00"));
        assert_eq!(ids(&c.completed), ["a2", "q5", "a1"]);
        assert_eq!(ids(&c.open), ["a3"]);
        assert_eq!(ids(&c.new), ["a6"]);
    }
}
