//! `export … --format xlsx`: the same data as the CSV export, as an Excel workbook with one
//! sheet per kind (answers, actions), the header row frozen and filters on.
//!
//! The sheets are made from the CSV export's own text, read back with a CSV reader, so the
//! workbook carries exactly the CSV's columns — also when the CSV gains columns.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::catalog::ChecklistSet;
use crate::error::{Error, Result};
use crate::i18n::tr;

/// The rows of a CSV export (header first), with the tool's formula guard taken off again: in
/// a workbook every cell is written as text, so nothing is run as a formula.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(|r| r.ok())
        .map(|r| {
            r.iter()
                .map(|f| match f.strip_prefix('\'') {
                    Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                        rest.to_string()
                    }
                    _ => f.to_string(),
                })
                .collect()
        })
        .collect()
}

fn sheet(
    wb: &mut Workbook,
    name: &str,
    rows: &[Vec<String>],
) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r == 0 {
                ws.write_string_with_format(r, c, value, &bold)?;
            } else {
                ws.write_string(r, c, value)?;
            }
        }
    }
    for c in 0..cols {
        let widest = rows
            .iter()
            .filter_map(|row| row.get(c))
            .map(|v| v.chars().count())
            .max()
            .unwrap_or(8);
        ws.set_column_width(c as u16, (widest.clamp(8, 60) + 2) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if cols > 0 {
        let last_row = rows.len().saturating_sub(1).max(1) as u32;
        ws.autofilter(0, 0, last_row, (cols - 1) as u16)?;
    }
    Ok(())
}

/// The workbook's bytes: the answers sheet and the actions sheet.
pub fn workbook(answers: &str, actions: &str) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    sheet(&mut wb, tr("Svar", "Answers"), &csv_rows(answers))?;
    sheet(&mut wb, tr("Åtgärder", "Actions"), &csv_rows(actions))?;
    wb.save_to_buffer()
}

/// `export FILE... --format xlsx -o FILE.xlsx`.
pub fn run_export_xlsx(set: &ChecklistSet, files: &[PathBuf], output: Option<&Path>) -> Result<()> {
    let Some(out) = output else {
        return Err(Error::Usage(
            tr(
                "en Excel-arbetsbok skrivs till en fil: ange -o FIL.xlsx",
                "an Excel workbook is written to a file: give -o FILE.xlsx",
            )
            .to_string(),
        ));
    };
    let (answers, actions) = super::export_texts(set, files, out)?;
    let bytes = workbook(&answers, &actions).map_err(|e| Error::Write {
        path: out.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    crate::storage::write_atomic(out, &bytes)
}
