#[macro_use]
pub mod i18n;
pub mod catalog;
pub mod clock;
pub mod diagnostics;
pub mod error;
pub use crimeproof_core::model;
pub mod schema;
pub mod validate;
pub mod yaml;

pub use error::{Error, Result};
pub mod check;
pub mod cli;
pub mod cli_help;
pub mod interview;
pub mod output;
pub mod parallel;
pub mod report;
pub use crimeproof_core::scoring;
pub mod storage;
pub mod summary;
pub mod terminal_text;
pub mod text;
