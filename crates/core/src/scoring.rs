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
mod tests;
