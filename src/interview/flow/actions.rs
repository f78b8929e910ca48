//! The action plan during the interview: actions follow the answers, and the person fills in
//! owner, partners and date.

use chrono::Months;

use crate::error::Result;
use crate::i18n::tr;
use crate::model::{Action, ActionStatus, Question};
use crate::scoring;
use crate::text::MAX_TEXT_CHARS;

use super::{Prompter, Reply, Save, Session, TextView, keep_or, parse_due, read_text};

impl<'a> Session<'a> {
    /// The question an id names in the checklist: its own id or one it `replaces`.
    pub(super) fn question_of(&self, id: &str) -> Option<(usize, &'a Question)> {
        self.checklist
            .questions()
            .enumerate()
            .find(|(_, (_, q))| q.id == id || q.replaces.iter().any(|r| r == id))
            .map(|(i, (_, q))| (i, q))
    }

    /// Whether the checklist itself generates this action for some answer, so that the tool may
    /// remove it again once no answer triggers it. The action of a removed question counts as
    /// generated: nothing can trigger it any more. A measure of one's own (no question) is not.
    pub(super) fn generated(&self, a: &Action) -> bool {
        let Some(id) = a.question.as_deref() else {
            return false;
        };
        self.question_of(id).is_none_or(|(_, q)| {
            q.measure.as_ref() == Some(&a.measure) || q.measures.values().any(|m| *m == a.measure)
        })
    }

    /// Actions follow the answers: one per triggered measure, in checklist order. An action already
    /// in the file for that question and measure is kept as it is (owner, due, status, note, id).
    /// Every other action stays when a person wrote or changed it (SPEC §5.1) or its measure is
    /// not the checklist's own; only an untouched generated action that no answer triggers any
    /// more is removed. Actions without an id get one.
    pub(super) fn sync_actions(&mut self) {
        let mut old: Vec<Option<Action>> = std::mem::take(&mut self.assessment.actions)
            .into_iter()
            .map(|mut a| {
                if let Some((_, q)) = a.question.as_deref().and_then(|id| self.question_of(id)) {
                    a.question = Some(q.id.clone());
                }
                Some(a)
            })
            .collect();
        let triggered = scoring::triggered_measures(self.checklist, &self.assessment);
        let mut actions: Vec<Action> = triggered
            .into_iter()
            .map(|t| {
                let kept = old
                    .iter_mut()
                    .find(|a| {
                        a.as_ref().is_some_and(|a| {
                            a.question.as_deref() == Some(t.question.as_str())
                                && a.measure == t.measure
                        })
                    })
                    .and_then(Option::take);
                let mut a = kept.unwrap_or_else(|| Action {
                    question: Some(t.question),
                    measure: t.measure,
                    ..Action::default()
                });
                a.status.get_or_insert(ActionStatus::Planerad);
                a
            })
            .collect();
        actions.extend(
            old.into_iter()
                .flatten()
                .filter(|a| a.is_touched() || !self.generated(a)),
        );
        // Stable: a measure of one's own follows the triggered one of its question; actions of
        // questions no longer in the checklist, and measures of one's own for an area, come last.
        actions.sort_by_key(|a| {
            a.question
                .as_deref()
                .and_then(|id| self.question_of(id))
                .map_or(usize::MAX, |(i, _)| i)
        });
        self.assessment.actions = actions;
        crate::plan::assign_action_ids(&mut self.assessment);
    }

    /// Indices of the actions that the answers trigger now (the rest are kept from earlier).
    pub(super) fn triggered_actions(&self) -> Vec<usize> {
        let triggered = scoring::triggered_measures(self.checklist, &self.assessment);
        let actions = &self.assessment.actions;
        triggered
            .iter()
            .filter_map(|t| {
                actions.iter().position(|a| {
                    a.question.as_deref() == Some(t.question.as_str()) && a.measure == t.measure
                })
            })
            .collect()
    }

    /// Owner, partners and follow-up date of one action, each saved at once, starting at field
    /// `from` (0 owner, 1 partners, 2 date). Esc goes back one field; from the first field it
    /// goes back to the previous action.
    pub(super) fn fill_action(
        &mut self,
        p: &mut dyn Prompter,
        save: &mut Save<'_>,
        k: usize,
        (no, total): (usize, usize),
        from: usize,
    ) -> Result<Filled> {
        let action = self.assessment.actions[k].clone();
        let measure = &action.measure;
        let mut s = t!(
            "Åtgärd {no} av {total}: {measure}",
            "Measure {no} of {total}: {measure}"
        );
        if let Some(q) = action
            .question
            .as_deref()
            .and_then(|id| self.checklist.question(id))
        {
            let text = &q.text;
            let answer = scoring::answer_for(q, &self.assessment)
                .map(|(_, a)| crate::i18n::answer_label(self.checklist, q, Some(&a.answer)))
                .unwrap_or_default();
            s.push_str(&t!(
                "\nFrågan: {text} Svar: {answer}.",
                "\nThe question: {text} Answer: {answer}."
            ));
        }
        p.show(&s);
        let keep = tr(
            "En tom rad lämnar fältet som det är.",
            "An empty line leaves the field as it is.",
        );
        let suggestion = self
            .today
            .checked_add_months(Months::new(3))
            .unwrap_or(self.today)
            .format("%Y-%m-%d")
            .to_string();
        let mut field = from;
        while field < 3 {
            let current = self.assessment.actions[k].clone();
            let reply = match field {
                0 => read_text(
                    p,
                    &TextView {
                        label: tr("Ansvarig", "Owner").into(),
                        hint: format!(
                            "{} {keep}",
                            tr(
                                "Vem ansvarar för åtgärden (namn eller funktion)?",
                                "Who is responsible for the measure (name or role)?"
                            )
                        ),
                        current: current.owner.clone(),
                        ..Default::default()
                    },
                    MAX_TEXT_CHARS,
                )?,
                1 => read_text(
                    p,
                    &TextView {
                        label: tr("Samverkan", "Partners").into(),
                        hint: format!(
                            "{} {keep}",
                            tr(
                                "Vilka andra behöver delta (enheter, myndigheter)?",
                                "Who else needs to take part (units, authorities)?"
                            )
                        ),
                        current: current.partners.clone(),
                        ..Default::default()
                    },
                    MAX_TEXT_CHARS,
                )?,
                _ => p.text(&TextView {
                    label: tr("Uppföljning", "Follow-up").into(),
                    hint: t!(
                        "När ska åtgärden följas upp? Skriv ett datum som ÅÅÅÅ-MM-DD, till exempel {suggestion}, en månad (ÅÅÅÅ-MM), ett år eller löpande. {keep}",
                        "When is the measure followed up? Write a date as YYYY-MM-DD, for example {suggestion}, a month (YYYY-MM), a year or löpande. {keep}"
                    ),
                    current: current.due.clone(),
                    suggestion: Some(suggestion.clone()),
                    date: true,
                })?,
            };
            let v = match reply {
                Reply::Value(v) => v,
                Reply::Back if field == 0 => return Ok(Filled::Back),
                Reply::Back => {
                    field -= 1;
                    continue;
                }
                Reply::Quit => return Ok(Filled::Stop),
            };
            let a = &mut self.assessment.actions[k];
            match field {
                0 => a.owner = keep_or(v, current.owner),
                1 => a.partners = keep_or(v, current.partners),
                _ => match parse_due(&v) {
                    Ok(d) => a.due = d.or(current.due),
                    Err(msg) => {
                        p.show(&msg);
                        continue;
                    }
                },
            }
            self.commit(save)?;
            field += 1;
        }
        Ok(Filled::Done)
    }
}

/// How the fill-in of one action ended.
pub(super) enum Filled {
    Done,
    /// Esc at its first field: back to the previous action.
    Back,
    /// Stopped (Ctrl-C, `q`, end of input).
    Stop,
}
