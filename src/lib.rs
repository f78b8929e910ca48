#[macro_use]
pub mod i18n;
pub mod diagnostics;
pub mod yaml;
pub mod model;
pub mod schema;
pub mod catalog;
pub mod error;
pub mod validate;

pub use error::{Error, Result};
pub mod scoring;
