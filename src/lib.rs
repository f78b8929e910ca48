#[macro_use]
pub mod i18n;
pub mod catalog;
pub mod clock;
pub mod diagnostics;
pub mod double_click;
pub mod error;
pub mod followup;
pub use crimeproof_core::model;
pub mod schema;
pub mod validate;
pub mod yaml;

pub use error::{Error, Result};
pub mod check;
pub mod cli;
pub mod form;
pub mod interview;
pub mod output;
pub mod parallel;
pub mod report;
pub use crimeproof_core::plan;
pub use crimeproof_core::scoring;
pub mod storage;
pub mod summary;
pub mod terminal_text;
pub mod text;
