//! The sector report: many units' assessments side by side.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{ActionView, Detail, LevelView, actions, area_views, level_view, percent, today};
use crate::catalog::ChecklistSet;
use crate::storage::LoadedAssessment;

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
    pub unit_plans: Vec<crate::report::followup::UnitPlan>,
    /// Every overdue action of every unit, the longest overdue first.
    pub overdue: Vec<ActionView>,
    /// Each indicator of the checklist summed over the units.
    pub indicators: Vec<crate::report::followup::IndicatorSum>,
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

/// The sector report built one assessment at a time, so a caller can load, add and drop each
/// file and keep only the view in memory; builders filled on several threads are merged.
pub struct SectorBuilder<'a> {
    set: &'a ChecklistSet,
    municipality: Option<String>,
    files: usize,
    groups: BTreeMap<String, SectorGroup>,
}

impl<'a> SectorBuilder<'a> {
    pub fn new(set: &'a ChecklistSet, municipality: Option<&str>) -> Self {
        SectorBuilder {
            set,
            municipality: municipality
                .map(str::to_string)
                .filter(|s| !s.trim().is_empty()),
            files: 0,
            groups: BTreeMap::new(),
        }
    }

    /// Adds one unit's assessment: its row, serious risks, actions and indicator values.
    pub fn add(&mut self, l: &LoadedAssessment) {
        let m = &self.set.matrix;
        let c = &l.entry.checklist;
        let score = l.score(self.set);
        let areas = area_views(c, m, &l.assessment, &score, Detail::Scores);
        self.files += 1;
        let g = self
            .groups
            .entry(c.id.clone())
            .or_insert_with(|| SectorGroup {
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
        g.unit_plans.push(crate::report::followup::UnitPlan {
            unit: l.assessment.unit.clone(),
            plan: crate::report::followup::counts(&unit_actions),
        });
        g.overdue
            .extend(unit_actions.iter().filter(|x| x.overdue).cloned());
        crate::report::followup::add_indicators(&mut g.indicators, c, &l.assessment);
        g.actions.extend(unit_actions);
        // Keep the serious list short while adding, so memory does not grow with the units.
        if g.serious.len() > 4 * SERIOUS_LIMIT {
            sort_serious(&mut g.serious);
        }
    }

    /// Takes in what another builder (over other files) collected.
    pub fn merge(&mut self, other: SectorBuilder<'_>) {
        self.files += other.files;
        for (id, o) in other.groups {
            match self.groups.get_mut(&id) {
                None => {
                    self.groups.insert(id, o);
                }
                Some(g) => {
                    g.units.extend(o.units);
                    g.serious.extend(o.serious);
                    g.actions.extend(o.actions);
                    g.unit_plans.extend(o.unit_plans);
                    g.overdue.extend(o.overdue);
                    g.incomplete += o.incomplete;
                    g.drifted += o.drifted;
                    if g.indicators.is_empty() {
                        g.indicators = o.indicators;
                    } else {
                        for (s, t) in g.indicators.iter_mut().zip(o.indicators) {
                            s.total = s.total.saturating_add(t.total);
                            s.reported += t.reported;
                        }
                    }
                }
            }
        }
    }

    /// Sorts every list and returns the view.
    pub fn finish(self) -> SectorReport {
        let m = &self.set.matrix;
        let mut groups: Vec<SectorGroup> = self.groups.into_values().collect();
        for g in &mut groups {
            g.units.sort_by(|a, b| a.unit.cmp(&b.unit));
            sort_serious(&mut g.serious);
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
            municipality: self.municipality,
            generated: today(),
            files: self.files,
            groups,
            levels: m
                .levels
                .iter()
                .filter_map(|l| level_view(m, Some(&l.id)))
                .collect(),
        }
    }
}

/// The most serious first, cut to the list's length. Stable, so equal risks keep the order in
/// which units were added (and `finish` sorts units by name before anyone reads it).
fn sort_serious(serious: &mut Vec<SeriousRisk>) {
    serious.sort_by(|a, b| {
        (std::cmp::Reverse((a.level.rank, a.risk)), &a.unit, &a.area).cmp(&(
            std::cmp::Reverse((b.level.rank, b.risk)),
            &b.unit,
            &b.area,
        ))
    });
    serious.truncate(SERIOUS_LIMIT);
}

/// The sector report over assessments already in memory.
pub fn sector_report(
    set: &ChecklistSet,
    loaded: &[LoadedAssessment],
    municipality: Option<&str>,
) -> SectorReport {
    let mut b = SectorBuilder::new(set, municipality);
    for l in loaded {
        b.add(l);
    }
    b.finish()
}
