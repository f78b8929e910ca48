//! The comparison of two assessments of one unit: what changed between them.

use serde::Serialize;

use super::{ActionView, Detail, LevelView, actions, area_views, level_view, readable_time, today};
use crate::catalog::ChecklistSet;
use crate::i18n::answer_label;
use crate::scoring::answer_for;
use crate::storage::LoadedAssessment;

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
    let changes = crate::report::followup::action_changes(
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
