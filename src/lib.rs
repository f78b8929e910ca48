#[macro_use]
pub mod i18n;
pub mod catalog;
pub mod clock;
pub mod diagnostics;
pub mod double_click;
pub mod error;
pub mod model;
pub mod schema;
pub mod validate;
pub mod yaml;

pub use error::{Error, Result};
pub mod check;
pub mod cli;
pub mod interview;
pub mod report;
pub mod scoring;
pub mod storage;
pub mod summary;
pub mod terminal_text;
