//! The interview itself: which question comes next, what an answer does, when the file is saved,
//! what the end looks like. Pure apart from the prompter (which presents and reads) and the save
//! callback (which writes), so both front ends behave identically and tests can script it.

use std::collections::HashSet;

use chrono::{Datelike, Months, NaiveDate};

use crate::error::Result;
use crate::i18n::{number, tr};
use crate::model::{
    Action, ActionStatus, Answer, Assessment, Checklist, Matrix, NOT_APPLICABLE, Question, UNKNOWN,
};
use crate::scoring;
use crate::text::{MAX_TEXT_CHARS, is_blank, trim_invisible};

use super::markdown;

/// One answer option as a front end shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OptionView {
    pub id: String,
    pub label: String,
}

/// The options a question offers, in the order every front end shows them (the terminal, plain
/// mode and the browser form): the scale's own, then "Vet ej", then "Ej aktuellt".
pub fn options(c: &Checklist, q: &Question) -> Vec<OptionView> {
    let mut v: Vec<OptionView> = c
        .scale_of(q)
        .unwrap_or_default()
        .into_iter()
        .map(|o| OptionView {
            id: o.id,
            label: o.label,
        })
        .collect();
    v.push(OptionView {
        id: UNKNOWN.into(),
        label: tr("Vet ej", "Don't know").into(),
    });
    v.push(OptionView {
        id: NOT_APPLICABLE.into(),
        label: tr(
            "Ej aktuellt (kräver en motivering)",
            "Not applicable (needs a justification)",
        )
        .into(),
    });
    v
}

/// A question to answer.
#[derive(Debug, Clone)]
pub struct QuestionView {
    pub area_title: String,
    /// 1-based number of the area and the count of areas.
    pub area_no: usize,
    pub areas: usize,
    /// 1-based number of the question in the whole checklist and the count of questions.
    pub number: usize,
    pub total: usize,
    pub text: String,
    /// The scale's options, then "Vet ej", then "Ej aktuellt".
    pub options: Vec<OptionView>,
    /// Index in `options` of the answer already given, when there is one.
    pub current: Option<usize>,
    /// `current` is the answer of the previous assessment (`--from`), offered but not yet given.
    pub previous: bool,
    pub has_help: bool,
    /// Whether there is a question before this one to go back to.
    pub can_back: bool,
    /// Asked again right after help or a refusal: a front end may skip repeating the question.
    pub repeat: bool,
}

/// What the person did with a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Answer(usize),
    Help,
    Back,
    Skip,
    /// Save and quit: `q`, Ctrl-C, or the end of input.
    Quit,
}

/// A line of text to read.
#[derive(Debug, Clone, Default)]
pub struct TextView {
    /// What is asked, e.g. "Kommentar".
    pub label: String,
    /// One sentence on what to write and what an empty answer does.
    pub hint: String,
    /// The value already there; an empty answer keeps it.
    pub current: Option<String>,
    /// A proposal a terminal can fill in for the person to accept or edit.
    pub suggestion: Option<String>,
    /// Ask for a date (a terminal can show a calendar).
    pub date: bool,
}

/// The reply to a text or yes/no question.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    Value(T),
    /// Go back (Esc in the terminal).
    Back,
    /// Save and quit.
    Quit,
}

/// A front end: shows text and reads what the person chooses or writes. It does not decide
/// anything; the flow does.
pub trait Prompter {
    /// Shows information (one or more paragraphs).
    fn show(&mut self, text: &str);
    /// Asks a question with numbered options.
    fn choose(&mut self, q: &QuestionView) -> Result<Choice>;
    /// Reads one line of text.
    fn text(&mut self, t: &TextView) -> Result<Reply<String>>;
    /// Asks yes or no.
    fn confirm(&mut self, question: &str, default: bool) -> Result<Reply<bool>>;
    /// A line protocol (plain mode, SPEC §4.1) whose scripts send a line for every step, such
    /// as the unit and assessor lines on resume; a terminal skips what the file already says.
    fn reads_every_line(&self) -> bool {
        false
    }
}

/// How the interview ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every question has an answer.
    Complete,
    /// The end was reached but some questions were skipped.
    Incomplete { unanswered: usize },
    /// The person stopped (or input ended) before the end.
    Stopped,
}

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

    /// Brings an assessment begun against an earlier version of the checklist up to date: answers
    /// under an id in `replaces` move to the new id, answers to removed questions are dropped,
    /// version and digest become the current ones. Returns what to tell the person, or None when
    /// the checklist has not changed. Nothing is saved until the next answer.
    pub fn migrate(&mut self) -> Option<String> {
        let a = &mut self.assessment;
        if !a.drifted_from(self.checklist, &self.digest) {
            return None;
        }
        let mut moved = 0usize;
        for (_, q) in self.checklist.questions() {
            if a.answers.contains_key(&q.id) {
                for old in &q.replaces {
                    a.answers.shift_remove(old);
                }
                continue;
            }
            if let Some(old) = q.replaces.iter().find(|o| a.answers.contains_key(*o)) {
                if let Some(ans) = a.answers.shift_remove(old) {
                    a.answers.insert(q.id.clone(), ans);
                    moved += 1;
                }
                for old in &q.replaces {
                    a.answers.shift_remove(old);
                }
            }
        }
        // Answers whose option the scale no longer has cannot count either.
        let mut changed_options: Vec<String> = Vec::new();
        for (_, q) in self.checklist.questions() {
            let valid = self.checklist.scale_of(q).unwrap_or_default();
            if let Some(ans) = a.answers.get(&q.id)
                && ans.answer != UNKNOWN
                && ans.answer != NOT_APPLICABLE
                && !valid.iter().any(|o| o.id == ans.answer)
            {
                a.answers.shift_remove(&q.id);
                changed_options.push(q.id.clone());
            }
        }
        let known: HashSet<&str> = self
            .checklist
            .questions()
            .map(|(_, q)| q.id.as_str())
            .collect();
        let removed: Vec<String> = a
            .answers
            .keys()
            .filter(|k| !known.contains(k.as_str()))
            .cloned()
            .collect();
        for k in &removed {
            a.answers.shift_remove(k);
        }
        let (old, new) = (a.checklist_version.clone(), self.checklist.version.clone());
        a.checklist_version = new.clone();
        a.checklist_digest = Some(self.digest.clone());
        let open = crate::i18n::questions(self.unanswered());
        let open_n = self.unanswered();
        let mut msg = if old == new {
            t!(
                "Checklistan har ändrats sedan bedömningen påbörjades (samma version {new}, nytt innehåll).",
                "The checklist has changed since the assessment began (same version {new}, new content)."
            )
        } else {
            t!(
                "Checklistan har ändrats sedan bedömningen påbörjades: version {old} har ersatts av {new}.",
                "The checklist has changed since the assessment began: version {old} has been replaced by {new}."
            )
        };
        msg.push(' ');
        if removed.is_empty() {
            msg.push_str(tr(
                "Alla tidigare svar gäller fortfarande.",
                "All earlier answers still count.",
            ));
        } else {
            let (n, list) = (removed.len(), removed.join(", "));
            msg.push_str(&t!(
                "{n} svar gäller frågor som har tagits bort och räknas inte längre ({list}); de tas bort när du sparar.",
                "{n} answers concern questions that have been removed and no longer count ({list}); they are removed when you save."
            ));
        }
        if !changed_options.is_empty() {
            let (n, list) = (changed_options.len(), changed_options.join(", "));
            msg.push_str(&t!(
                " {n} svar har svarsalternativ som inte längre finns ({list}); de frågorna ställs igen.",
                " {n} answers use options that no longer exist ({list}); those questions are asked again."
            ));
        }
        if moved > 0 {
            msg.push_str(&t!(
                " {moved} svar har förts över till frågor med nytt id.",
                " {moved} answers were carried over to questions with a new id."
            ));
        }
        msg.push('\n');
        msg.push_str(&if open_n == 0 {
            tr(
                "Alla frågor i den nya versionen har svar.",
                "Every question of the new version has an answer.",
            )
            .to_string()
        } else {
            t!(
                "{open} i den nya versionen saknar svar; de ställs nu.",
                "{open} of the new version have no answer; they are asked now."
            )
        });
        Some(msg)
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

    /// The question an id names in the checklist: its own id or one it `replaces`.
    fn question_of(&self, id: &str) -> Option<(usize, &'a Question)> {
        self.checklist
            .questions()
            .enumerate()
            .find(|(_, (_, q))| q.id == id || q.replaces.iter().any(|r| r == id))
            .map(|(i, (_, q))| (i, q))
    }

    /// Whether the checklist itself generates this action for some answer, so that the tool may
    /// remove it again once no answer triggers it. The action of a removed question counts as
    /// generated: nothing can trigger it any more. A measure of one's own (no question) is not.
    fn generated(&self, a: &Action) -> bool {
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
    fn sync_actions(&mut self) {
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
    fn triggered_actions(&self) -> Vec<usize> {
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

    /// After the last question: the questions still without an answer, by number and a short
    /// text, and the offer to answer them now (one j/n line in plain mode), as long as some are
    /// left and the person says yes. Returns false when the person stopped.
    fn offer_skipped(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<bool> {
        loop {
            let open: Vec<(usize, &Question)> = self
                .questions()
                .into_iter()
                .enumerate()
                .filter(|(_, (_, q))| !self.answered(q))
                .map(|(i, (_, q))| (i + 1, q))
                .collect();
            if open.is_empty() {
                return Ok(true);
            }
            let n = crate::i18n::questions(open.len());
            let mut s = t!("{n} saknar svar:", "{n} have no answer:");
            for (no, q) in &open {
                let text = short(&q.text, 70);
                s.push_str(&format!("\n{no}. {text}"));
            }
            p.show(&s);
            let q = tr("Vill du besvara dem nu?", "Do you want to answer them now?");
            match p.confirm(q, true)? {
                Reply::Value(true) => {}
                Reply::Value(false) | Reply::Back => return Ok(true),
                Reply::Quit => return Ok(false),
            }
            let review = std::mem::replace(&mut self.review, false);
            let went_on = self.questions_loop(p, save);
            self.review = review;
            if !went_on? {
                return Ok(false);
            }
        }
    }

    /// A few lines before the first question of a new assessment (or of `--review`). A resumed
    /// assessment gets the one line of [`Self::resume_line`] instead, shown by the caller with
    /// the file's name. The checklist's description is not repeated here: it is long, and the
    /// help of each question says what counts.
    fn welcome(&self, p: &mut dyn Prompter) {
        let c = self.checklist;
        let total = c.question_count();
        let done = total - self.unanswered();
        if done > 0 && !self.review {
            return;
        }
        let minutes = estimate_minutes(total);
        let title = &c.title;
        let unit = &self.assessment.unit;
        let total_q = crate::i18n::questions(total);
        let areas_n = crate::i18n::count(
            c.areas.len(),
            ("riskområde", "riskområden"),
            ("risk area", "risk areas"),
        );
        let mut s = if self.review {
            t!(
                "Du går igenom alla {total_q} i ”{title}” för {unit} igen, ungefär {minutes} minuter. De tidigare svaren är förvalda.",
                "You go through all {total_q} of \"{title}\" for {unit} again, about {minutes} minutes. The earlier answers are preselected."
            )
        } else {
            t!(
                "Välkommen till bedömningen ”{title}” för {unit}: {total_q} i {areas_n}, ungefär {minutes} minuter.",
                "Welcome to the assessment \"{title}\" for {unit}: {total_q} in {areas_n}, about {minutes} minutes."
            )
        };
        s.push('\n');
        s.push_str(tr(
            "Svaren sparas efter varje fråga, så du kan sluta när som helst och fortsätta senare. Svara ”Vet ej” hellre än att gissa.",
            "Your answers are saved after every question, so you can stop at any time and continue later. Answer \"Don't know\" rather than guess.",
        ));
        p.show(&s);
    }

    /// Where a resumed assessment stands, in one line: "8 av 16 besvarade — vi fortsätter med
    /// fråga 9". None for `--review`, which starts at question 1 with its own introduction.
    pub fn resume_line(&self) -> Option<String> {
        if self.review {
            return None;
        }
        let list = self.questions();
        let total = list.len();
        let done = total - self.unanswered();
        Some(match list.iter().position(|(_, q)| !self.answered(q)) {
            Some(i) => {
                let next = i + 1;
                t!(
                    "{done} av {total} besvarade — vi fortsätter med fråga {next}",
                    "{done} of {total} answered — we continue with question {next}"
                )
            }
            None => t!(
                "alla {total} frågor är besvarade",
                "all {total} questions are answered"
            ),
        })
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

    /// The results, the triggered measures, and the offer to fill in the action plan.
    fn finish(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<Outcome> {
        let unanswered = self.unanswered();
        // Saves the actions even when nothing else changed (e.g. resumed after the last answer).
        self.commit(save)?;
        let outcome = if unanswered == 0 {
            Outcome::Complete
        } else {
            Outcome::Incomplete { unanswered }
        };
        if !self.ask_indicators(p, save)? {
            return Ok(outcome);
        }
        p.show(&self.results());
        let triggered = self.triggered_actions();
        let kept = self.assessment.actions.len() - triggered.len();
        if kept > 0 {
            let kept = crate::i18n::count(kept, ("åtgärd", "åtgärder"), ("measure", "measures"));
            p.show(&t!(
                "Handlingsplanen har också {kept} som svaren inte pekar på, till exempel egna eller redan påbörjade; de ligger kvar i filen.",
                "The action plan also has {kept} that the answers do not call for, such as measures of your own or ones already under way; they stay in the file."
            ));
        }
        let n = triggered.len();
        if n == 0 {
            p.show(tr(
                "Svaren pekar inte på några åtgärder.",
                "The answers do not call for any measures.",
            ));
            return Ok(outcome);
        }
        let measures = crate::i18n::count(n, ("åtgärd", "åtgärder"), ("measure", "measures"));
        let mut s = t!(
            "Svaren pekar på {measures}:",
            "The answers call for {measures}:"
        );
        for (no, &k) in triggered.iter().enumerate() {
            let (no, m) = (no + 1, &self.assessment.actions[k].measure);
            s.push_str(&format!("\n{no}. {m}"));
        }
        p.show(&s);
        let q = tr(
            "Vill du fylla i Ansvarig, Samverkan och Uppföljning för åtgärderna nu?",
            "Do you want to fill in owner, partners and follow-up date for the measures now?",
        );
        match p.confirm(q, true)? {
            Reply::Value(true) => {}
            Reply::Value(false) | Reply::Back => {
                p.show(tr(
                    "Du kan fylla i åtgärderna senare genom att köra samma kommando igen.",
                    "You can fill in the measures later by running the same command again.",
                ));
                return Ok(outcome);
            }
            Reply::Quit => return Ok(outcome),
        }
        let (mut i, mut from) = (0, 0);
        while i < n {
            match self.fill_action(p, save, triggered[i], (i + 1, n), from)? {
                Filled::Done => (i, from) = (i + 1, 0),
                Filled::Back if i > 0 => (i, from) = (i - 1, 2),
                Filled::Back => from = 0,
                Filled::Stop => break,
            }
        }
        Ok(outcome)
    }

    /// The checklist's indicators (SPEC §5.3), one line each in checklist order; an empty line
    /// skips (keeps the value there is). Each value is saved at once. False when the person stopped.
    fn ask_indicators(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<bool> {
        if self.checklist.indicators.is_empty() {
            return Ok(true);
        }
        p.show(tr(
            "Till sist några tal som följs upp varje år.",
            "Finally a few numbers that are followed up every year.",
        ));
        for ind in &self.checklist.indicators {
            let unit = ind
                .unit
                .as_deref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            let view = TextView {
                label: format!("{}{unit}", ind.text),
                hint: tr(
                    "Skriv ett heltal, 0 eller större. En tom rad hoppar över frågan.",
                    "Write a whole number, 0 or more. An empty line skips the question.",
                )
                .into(),
                current: self.assessment.indicators.get(&ind.id).map(u64::to_string),
                ..Default::default()
            };
            loop {
                let line = match p.text(&view)? {
                    Reply::Value(v) => v,
                    Reply::Back => String::new(),
                    Reply::Quit => return Ok(false),
                };
                let v = line.trim();
                if v.is_empty() {
                    break;
                }
                match v.parse::<u64>() {
                    Ok(n) => {
                        self.assessment.indicators.insert(ind.id.clone(), n);
                        self.commit(save)?;
                        break;
                    }
                    Err(_) => p.show(&t!(
                        "”{v}” är inte ett heltal som är 0 eller större. Skriv bara siffror, till exempel 12.",
                        "\"{v}\" is not a whole number of 0 or more. Write digits only, for example 12."
                    )),
                }
            }
        }
        Ok(true)
    }

    /// Per area: level, likelihood, consequence and gap, as sentences that read well aloud.
    fn results(&self) -> String {
        let s = scoring::score(self.checklist, self.matrix, &self.assessment);
        let mut out = tr("Resultat per riskområde:", "Result per risk area:").to_string();
        for (area, a) in self.checklist.areas.iter().zip(&s.areas) {
            let title = &area.title;
            let line = match (a.level.as_deref(), a.likelihood, a.consequence, a.gap) {
                (Some(level), Some(l), Some(c), Some(g)) => {
                    let level = crate::summary::level_label(self.matrix, Some(level));
                    let g = number(g, 2);
                    t!(
                        "{title}: risknivå {level} (sannolikhet {l}, konsekvens {c}, brist {g}).",
                        "{title}: risk level {level} (likelihood {l}, consequence {c}, gap {g})."
                    )
                }
                _ => t!(
                    "{title}: ej bedömt, eftersom ingen fråga är aktuell.",
                    "{title}: not scored, since no question applies."
                ),
            };
            out.push('\n');
            out.push_str(&line);
            if let Some(qid) = &a.critical_raised_by {
                let text = self
                    .checklist
                    .question(qid)
                    .map_or(qid.as_str(), |q| q.text.as_str());
                out.push_str(&t!(
                    " Sannolikheten har höjts eftersom en kritisk fråga visar brist: ”{text}”",
                    " The likelihood was raised because a critical question shows a gap: \"{text}\""
                ));
            }
        }
        let overall = crate::summary::level_label(self.matrix, s.overall.as_deref());
        out.push_str(&t!(
            "\nSamlad risknivå: {overall}.",
            "\nOverall risk level: {overall}."
        ));
        let open = self.unanswered();
        if open > 0 {
            let open = crate::i18n::questions(open);
            out.push_str(&t!(
                "\nObesvarade: {open}. De räknas som brister. Kör samma kommando igen för att besvara dem.",
                "\nUnanswered: {open}. They count as gaps. Run the same command again to answer them."
            ));
        }
        out
    }

    /// Owner, partners and follow-up date of one action, each saved at once, starting at field
    /// `from` (0 owner, 1 partners, 2 date). Esc goes back one field; from the first field it
    /// goes back to the previous action.
    fn fill_action(
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
enum Filled {
    Done,
    /// Esc at its first field: back to the previous action.
    Back,
    /// Stopped (Ctrl-C, `q`, end of input).
    Stop,
}

enum Step {
    Next,
    Skip,
    Back,
    Quit,
}

/// What a text line means: a blank line keeps the current value, anything else replaces it.
fn keep_or(v: String, current: Option<String>) -> Option<String> {
    let v = trim_invisible(&v);
    if v.is_empty() {
        current
    } else {
        Some(v.to_string())
    }
}

/// Reads a line of text and refuses, with a message, one longer than `max` characters until the
/// person writes one that fits (SPEC §5.1): a file the tool saves must stay small enough to load.
pub fn read_text(p: &mut dyn Prompter, view: &TextView, max: usize) -> Result<Reply<String>> {
    loop {
        let reply = p.text(view)?;
        if let Reply::Value(v) = &reply
            && let Some(msg) = too_long(v, max)
        {
            p.show(&msg);
            continue;
        }
        return Ok(reply);
    }
}

/// The message that refuses a text of more than `max` characters, or None when it fits.
pub fn too_long(v: &str, max: usize) -> Option<String> {
    let n = trim_invisible(v).chars().count();
    (n > max).then(|| {
        t!(
            "Texten är för lång: {n} tecken. Här får den vara högst {max} tecken. Korta den och skriv den igen.",
            "The text is too long: {n} characters. It may be at most {max} characters here. Shorten it and write it again."
        )
    })
}

/// The years a follow-up date may fall in: a year like 0000 or 9999 is a typing slip, not a plan.
pub const DUE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A date as YYYY-MM-DD that exists, in [`DUE_YEARS`]; empty is None. The error says what to
/// write instead.
pub fn parse_date(s: &str) -> std::result::Result<Option<String>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let ok_shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if ok_shape && DUE_YEARS.contains(&d.year()) => {
            Ok(Some(d.format("%Y-%m-%d").to_string()))
        }
        Ok(_) if ok_shape => {
            let (from, to) = (DUE_YEARS.start(), DUE_YEARS.end());
            Err(t!(
                "Datumet {s} ligger utanför de år som går att planera för. Skriv ett datum från år {from} till {to}.",
                "The date {s} is outside the years one can plan for. Write a date from the year {from} to {to}."
            ))
        }
        Err(_) if ok_shape => Err(t!(
            "Datumet {s} finns inte i kalendern. Skriv ett datum som finns, som ÅÅÅÅ-MM-DD.",
            "The date {s} does not exist. Write a real date as YYYY-MM-DD."
        )),
        _ => Err(t!(
            "”{s}” är inte ett datum i formen ÅÅÅÅ-MM-DD, till exempel 2026-06-30.",
            "\"{s}\" is not a date of the form YYYY-MM-DD, for example 2026-06-30."
        )),
    }
}

/// A follow-up time as SPEC §5.2 allows: a date, a month, a year or löpande; empty is None. A
/// date-shaped text gets the date's own explanation (a day that does not exist).
pub fn parse_due(s: &str) -> std::result::Result<Option<String>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(d) = crate::plan::Due::parse(s) {
        return Ok(Some(d.to_string()));
    }
    if s.len() == 10 {
        parse_date(s)?;
    }
    Err(t!(
        "”{s}” är inte ett datum, en månad, ett år eller löpande. Skriv till exempel 2027-06-30, 2027-06, 2027 eller löpande.",
        "\"{s}\" is not a date, a month, a year or löpande. Write for example 2027-06-30, 2027-06, 2027 or löpande."
    ))
}

/// The start of a text, at most `max` characters, cut between words with "…".
fn short(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// About one and a half minutes per question, rounded up to whole five minutes (at least five).
pub fn estimate_minutes(questions: usize) -> usize {
    let m = (questions * 3).div_ceil(2);
    m.div_ceil(5).max(1) * 5
}

#[cfg(test)]
mod tests;
