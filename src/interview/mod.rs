//! The interactive walk-through (`crimeproof assess`). Being built: see issue 5.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::ChecklistSet;
use crate::error::{Error, Result};

pub struct AssessOptions {
    pub checklist: String,
    pub output: Option<PathBuf>,
    pub unit: Option<String>,
    pub assessor: Option<String>,
    pub plain: bool,
    pub review: bool,
}

pub fn run_assess(set: &ChecklistSet, opts: AssessOptions) -> Result<ExitCode> {
    set.get(&opts.checklist)?;
    Err(Error::Usage("assess: not built yet".into()))
}
