//! Reports, comparison, CSV export and `init`. Being built: see issue 6.

use std::path::{Path, PathBuf};

use crate::catalog::ChecklistSet;
use crate::cli::{ExportWhat, ReportFormat};
use crate::error::{Error, Result};

pub fn run_report(
    _set: &ChecklistSet,
    _files: &[PathBuf],
    _format: ReportFormat,
    _output: Option<&Path>,
    _templates: Option<&Path>,
) -> Result<()> {
    Err(Error::Usage("report: not built yet".into()))
}
pub fn run_compare(
    _set: &ChecklistSet,
    _old: &Path,
    _new: &Path,
    _format: ReportFormat,
    _output: Option<&Path>,
    _templates: Option<&Path>,
) -> Result<()> {
    Err(Error::Usage("compare: not built yet".into()))
}
pub fn run_export(
    _set: &ChecklistSet,
    _files: &[PathBuf],
    _what: ExportWhat,
    _output: Option<&Path>,
) -> Result<()> {
    Err(Error::Usage("export: not built yet".into()))
}
pub fn run_init(_dir: &Path) -> Result<()> {
    Err(Error::Usage("init: not built yet".into()))
}
