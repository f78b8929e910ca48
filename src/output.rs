//! Everything the tool prints to standard output and standard error goes through here: a full
//! disk is an error, a closed pipe is not, and file text never reaches a terminal raw.

use std::io::Write;

use crate::error::{Error, Result};
use crate::terminal_text::visible_line;

/// Prints diagnostics (warnings) on standard error.
pub fn warn_all(diags: &[crate::diagnostics::Diagnostic]) {
    if !diags.is_empty() {
        eprint!("{}", crate::diagnostics::render_all(diags));
    }
}

/// Writes to stdout. A closed pipe (`crimeproof list | head`) is not an error; any other
/// failure (a full disk) is, so that nobody takes a missing output for a success.
pub fn print(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Stdout(e)),
        _ => Ok(()),
    }
}

/// Prints JSON for scripts, which also end up on a terminal: a control or bidi character in a
/// string is written as a `\uXXXX` escape, which is the same JSON value.
pub fn print_json(v: &impl serde::Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        // Outside strings JSON has only ASCII punctuation and white space, so any such
        // character is inside a string (serde_json leaves DEL, C1 and bidi as they are).
        if crate::terminal_text::is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    print(&out)
}

/// A plain text table with columns padded to their widest cell (counted in characters). Cells
/// come from files (titles, unit names), so control characters are shown as visible escapes.
pub fn table<const N: usize>(header: &[String; N], rows: &[[String; N]]) -> String {
    let rows: Vec<[String; N]> = rows
        .iter()
        .map(|row| row.each_ref().map(|c| visible_line(c).into_owned()))
        .collect();
    let mut widths = [0usize; N];
    for row in std::iter::once(header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows.iter()) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths.iter())
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// How to run this program again, for hints such as "continue with: crimeproof assess …":
/// `crimeproof` when it was started by that name from the PATH, else the path it was started by
/// (`/…/target/release/crimeproof` under `cargo run`), so the hint works as printed.
pub fn program() -> String {
    match std::env::args_os().next().map(std::path::PathBuf::from) {
        Some(p) if p.components().count() > 1 => quote_path(&p),
        _ => "crimeproof".into(),
    }
}

/// A path as a shell word: as it is when it has only safe characters, else in double quotes.
pub fn quote_path(p: &std::path::Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_alphanumeric() || "-_./\\:".contains(c))
    {
        s
    } else {
        format!("\"{s}\"")
    }
}
