//! The interview itself: which question comes next, what an answer does, when the file is saved,
//! what the end looks like. Pure apart from the prompter (which presents and reads) and the save
//! callback (which writes), so both front ends behave identically and tests can script it.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::error::Result;
use crate::i18n::tr;
use crate::model::{Answer, Assessment, Checklist, Matrix, NOT_APPLICABLE, Question};
use crate::scoring;
use crate::text::{MAX_TEXT_CHARS, is_blank};

use super::markdown;

mod actions;
mod ending;
mod input;
mod migrate;
mod prompter;

use actions::Filled;
pub use input::{estimate_minutes, parse_date, parse_due, read_text, too_long};
use input::{keep_or, short};
pub use prompter::*;

/// A running interview over one assessment.
pub struct Session<'a> {
    pub checklist: &'a Checklist,
    pub matrix: &'a Matrix,
    pub digest: String,
    pub assessment: Assessment,
    /// Walk all questions again, with the earlier answers as defaults.
    pub review: bool,
    /// The previous assessment of the unit (`--from`): its answers are offered as defaults.
    pub previous: Option<Assessment>,
    pub today: NaiveDate,
    /// The current time as RFC 3339 (a parameter so tests are reproducible).
    pub clock: Box<dyn Fn() -> String + 'a>,
}

type Save<'s> = dyn FnMut(&Assessment) -> Result<()> + 's;

impl<'a> Session<'a> {
    /// A new, empty assessment of `checklist`.
    pub fn new_assessment(
        checklist: &Checklist,
        digest: &str,
        unit: &str,
        assessor: &str,
        now: &str,
    ) -> Assessment {
        Assessment {
            format: 1,
            checklist: checklist.id.clone(),
            checklist_version: checklist.version.clone(),
            checklist_digest: Some(digest.to_string()),
            unit: unit.to_string(),
            assessor: Some(assessor.to_string()),
            created: Some(now.to_string()),
            updated: Some(now.to_string()),
            completed: None,
            answers: Default::default(),
            adjustments: Default::default(),
            actions: Vec::new(),
            decisions: Default::default(),
            indicators: Default::default(),
        }
    }

    fn questions(&self) -> Vec<(usize, &'a Question)> {
        self.checklist
            .areas
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.questions.iter().map(move |q| (i, q)))
            .collect()
    }

    fn answered(&self, q: &Question) -> bool {
        scoring::answer_for(q, &self.assessment).is_some()
    }

    fn unanswered(&self) -> usize {
        self.checklist
            .questions()
            .filter(|(_, q)| !self.answered(q))
            .count()
    }

    /// Stamps and saves the assessment: actions follow the answers, `updated` is now, and
    /// `completed` is set once every question has an answer.
    fn commit(&mut self, save: &mut Save<'_>) -> Result<()> {
        self.sync_actions();
        let now = (self.clock)();
        if self.unanswered() == 0 {
            if self.assessment.completed.is_none() {
                self.assessment.completed = Some(now.clone());
            }
        } else {
            self.assessment.completed = None;
        }
        self.assessment.updated = Some(now);
        save(&self.assessment)
    }

    fn set_answer(&mut self, q: &Question, answer: String, comment: Option<String>) {
        for old in &q.replaces {
            self.assessment.answers.shift_remove(old);
        }
        self.assessment
            .answers
            .insert(q.id.clone(), Answer { answer, comment });
        // Keep the file in checklist order, as people read it.
        let order: Vec<&str> = self
            .checklist
            .questions()
            .map(|(_, q)| q.id.as_str())
            .collect();
        self.assessment.answers.sort_by(|a, _, b, _| {
            let pa = order.iter().position(|x| x == a).unwrap_or(usize::MAX);
            let pb = order.iter().position(|x| x == b).unwrap_or(usize::MAX);
            pa.cmp(&pb)
        });
    }

    /// Runs the interview from where the assessment stands to the end (or until the person stops).
    pub fn run(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<Outcome> {
        self.welcome(p);
        if !self.questions_loop(p, save)? || !self.offer_skipped(p, save)? {
            return Ok(Outcome::Stopped);
        }
        self.finish(p, save)
    }

    /// Walks the questions. Returns false when the person stopped.
    fn questions_loop(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<bool> {
        let list = self.questions();
        let n = list.len();
        let mut visited: HashSet<usize> = HashSet::new();
        let wanted = |s: &Self, visited: &HashSet<usize>, j: usize| {
            s.review || visited.contains(&j) || !s.answered(list[j].1)
        };
        let next_from = |s: &Self, visited: &HashSet<usize>, from: usize| {
            (from..n).find(|&j| wanted(s, visited, j)).unwrap_or(n)
        };
        let mut i = next_from(self, &visited, 0);
        let mut shown_area: Option<usize> = None;
        while i < n {
            let (area_idx, q) = list[i];
            if shown_area != Some(area_idx) {
                self.area_intro(p, area_idx);
                shown_area = Some(area_idx);
            }
            match self.ask(p, save, i, q, area_idx)? {
                Step::Next => {
                    visited.insert(i);
                    i = next_from(self, &visited, i + 1);
                }
                Step::Skip => i = next_from(self, &visited, i + 1),
                Step::Back => {
                    visited.insert(i);
                    i -= 1;
                }
                Step::Quit => return Ok(false),
            }
        }
        Ok(true)
    }

    fn area_intro(&self, p: &mut dyn Prompter, idx: usize) {
        let area = &self.checklist.areas[idx];
        let (no, m, title) = (idx + 1, self.checklist.areas.len(), &area.title);
        let mut s = t!(
            "Riskområde {no} av {m}: {title}",
            "Risk area {no} of {m}: {title}"
        );
        if let Some(d) = area.description.as_deref().map(markdown::to_text)
            && !d.is_empty()
        {
            s.push('\n');
            s.push_str(&d);
        }
        p.show(&s);
    }

    fn help_text(&self, q: &Question) -> String {
        let mut s = q
            .help
            .as_deref()
            .map(markdown::to_text)
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| {
                tr(
                    "Det finns ingen hjälptext till den här frågan.",
                    "There is no help text for this question.",
                )
                .to_string()
            });
        if let Some(src) = &q.source {
            s.push_str(&t!("\nKälla: {src}", "\nSource: {src}"));
        }
        format!("{}\n{s}", tr("Hjälp:", "Help:"))
    }

    /// Asks one question until it is answered, skipped, left or the person stops.
    fn ask(
        &mut self,
        p: &mut dyn Prompter,
        save: &mut Save<'_>,
        i: usize,
        q: &Question,
        area_idx: usize,
    ) -> Result<Step> {
        let options = options(self.checklist, q);
        let given = scoring::answer_for(q, &self.assessment).map(|(_, a)| a.clone());
        // Last year's answer is only a default: it counts once the person confirms it.
        let previous = match (&given, &self.previous) {
            (None, Some(old)) => scoring::answer_for(q, old).map(|(_, a)| a.clone()),
            _ => None,
        };
        let current = given.clone().or(previous.clone());
        let mut view = QuestionView {
            area_title: self.checklist.areas[area_idx].title.clone(),
            area_no: area_idx + 1,
            areas: self.checklist.areas.len(),
            number: i + 1,
            total: self.checklist.question_count(),
            text: q.text.clone(),
            current: current
                .as_ref()
                .and_then(|c| options.iter().position(|o| o.id == c.answer)),
            previous: previous.is_some(),
            options,
            has_help: q.help.is_some() || q.source.is_some(),
            can_back: i > 0,
            repeat: false,
        };
        loop {
            let choice = p.choose(&view)?;
            view.repeat = true;
            let k = match choice {
                Choice::Quit => return Ok(Step::Quit),
                Choice::Skip => return Ok(Step::Skip),
                Choice::Help => {
                    p.show(&self.help_text(q));
                    continue;
                }
                Choice::Back if i == 0 => {
                    p.show(tr(
                        "Det här är den första frågan; det finns ingen före.",
                        "This is the first question; there is none before it.",
                    ));
                    continue;
                }
                Choice::Back => return Ok(Step::Back),
                Choice::Answer(k) if k < view.options.len() => k,
                Choice::Answer(_) => continue,
            };
            let answer = view.options[k].id.clone();
            let na = answer == NOT_APPLICABLE;
            let earlier_comment = current.as_ref().and_then(|c| c.comment.clone());
            if !na {
                // Saved at once: stopping while writing the comment keeps the answer (a comment
                // from the previous assessment only once it is confirmed).
                let kept = given.as_ref().and_then(|c| c.comment.clone());
                self.set_answer(q, answer.clone(), kept);
                self.commit(save)?;
            }
            match self.ask_comment(p, na, earlier_comment)? {
                Reply::Value(comment) => {
                    self.set_answer(q, answer, comment);
                    self.commit(save)?;
                    return Ok(Step::Next);
                }
                Reply::Back => {
                    view.current = Some(k);
                    continue;
                }
                Reply::Quit => return Ok(Step::Quit),
            }
        }
    }

    /// The comment after an answer; for "Ej aktuellt" a justification that may not be empty.
    fn ask_comment(
        &self,
        p: &mut dyn Prompter,
        required: bool,
        current: Option<String>,
    ) -> Result<Reply<Option<String>>> {
        let view = if required {
            TextView {
                label: tr("Motivering", "Justification").into(),
                hint: tr(
                    "Skriv varför frågan inte gäller er enhet. Motiveringen krävs för svaret ”Ej aktuellt”.",
                    "Write why the question does not apply to your unit. The justification is required for \"Not applicable\".",
                )
                .into(),
                current: current.clone(),
                ..Default::default()
            }
        } else {
            TextView {
                label: tr("Kommentar", "Comment").into(),
                hint: if current.is_some() {
                    tr(
                        "Skriv en kommentar om du vill. En tom rad behåller den tidigare kommentaren.",
                        "Write a comment if you like. An empty line keeps the earlier comment.",
                    )
                } else {
                    tr(
                        "Skriv en kommentar om du vill, eller lämna raden tom.",
                        "Write a comment if you like, or leave the line empty.",
                    )
                }
                .into(),
                current: current.clone(),
                ..Default::default()
            }
        };
        loop {
            match read_text(p, &view, MAX_TEXT_CHARS)? {
                Reply::Value(s) => {
                    let value = keep_or(s, current.clone());
                    if required && value.as_deref().is_none_or(is_blank) {
                        p.show(tr(
                            "Svaret ”Ej aktuellt” behöver en motivering. Skriv varför frågan inte gäller enheten, eller gå tillbaka och välj ett annat svar.",
                            "The answer \"Not applicable\" needs a justification. Write why the question does not apply to the unit, or go back and choose another answer.",
                        ));
                        continue;
                    }
                    return Ok(Reply::Value(value));
                }
                Reply::Back => return Ok(Reply::Back),
                Reply::Quit => return Ok(Reply::Quit),
            }
        }
    }
}

enum Step {
    Next,
    Skip,
    Back,
    Quit,
}

#[cfg(test)]
mod tests;
