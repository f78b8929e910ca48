//! What the interview shows and what a front end answers: the small interface both front ends
//! (terminal and plain) implement, so the flow is tested with a scripted fake.

use crate::error::Result;
use crate::i18n::tr;
use crate::model::{Checklist, NOT_APPLICABLE, Question, UNKNOWN};

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
