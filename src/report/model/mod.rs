//! The view models the templates render. Every number is computed here once, from `scoring`, so
//! templates only lay out; Markdown and HTML come from the same model.
//!
//! One file per report: `unit`, `sector`, `compare`; the parts they share are `levels`, `area`
//! (an area's score and questions, the heat map) and `actions` (the action plan).

mod actions;
mod area;
mod compare;
mod levels;
mod sector;
mod unit;

pub use actions::{ActionView, actions};
pub use area::{
    AreaView, Cell, MatrixRow, MatrixView, QuestionView, area_views, matrix_view, seriousness,
};
pub use compare::*;
pub use levels::{LevelCount, LevelView, level_view};
pub use sector::*;
pub use unit::*;

use crate::i18n::tr;
use crate::model::ActionStatus;

pub fn today() -> String {
    crate::clock::today().format("%Y-%m-%d").to_string()
}

/// A timestamp as a date and time a person reads ("2026-11-25 09:14").
fn readable_time(ts: &Option<String>) -> Option<String> {
    ts.as_deref()
        .map(|t| match chrono::DateTime::parse_from_rfc3339(t) {
            Ok(d) => d.format("%Y-%m-%d %H:%M").to_string(),
            Err(_) => t.to_string(),
        })
}

pub fn status_label(s: Option<ActionStatus>) -> String {
    match s {
        Some(ActionStatus::Pagar) => tr("Pågår", "In progress"),
        Some(ActionStatus::Klar) => tr("Klar", "Done"),
        _ => tr("Planerad", "Planned"),
    }
    .to_string()
}

/// How much of an area a view needs: the unit report shows everything; the sector report,
/// comparison and export only the scores (thousands of files, so no text is rendered for them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    Scores,
}

/// `part` of `whole` in whole percent; an empty whole counts as complete.
fn percent(part: usize, whole: usize) -> u32 {
    (part * 100).checked_div(whole).map_or(100, |p| p as u32)
}
