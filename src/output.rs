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
    table_fit(header, rows, usize::MAX, 0)
}

/// Like [`table`], at most `max_width` columns wide where it can be: the cells of column `wrap`
/// (a title) are wrapped between words onto more lines to make room for the others.
pub fn table_fit<const N: usize>(
    header: &[String; N],
    rows: &[[String; N]],
    max_width: usize,
    wrap: usize,
) -> String {
    let rows: Vec<[String; N]> = rows
        .iter()
        .map(|row| row.each_ref().map(|c| visible_line(c).into_owned()))
        .collect();
    let width = |s: &str| textwrap::core::display_width(s);
    let mut widths = [0usize; N];
    for row in std::iter::once(header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(width(cell));
        }
    }
    let others: usize = widths
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != wrap)
        .map(|(_, w)| w + 2)
        .sum();
    let room = max_width
        .saturating_sub(others)
        .max(16)
        .max(width(&header[wrap]));
    widths[wrap] = widths[wrap].min(room);
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows.iter()) {
        let options = textwrap::Options::new(widths[wrap]).break_words(false);
        let lines = textwrap::wrap(&row[wrap], options);
        for (k, line) in lines.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let c = match (i == wrap, k) {
                        (true, _) => line.as_ref(),
                        (false, 0) => c.as_str(),
                        (false, _) => "",
                    };
                    format!("{c}{}", " ".repeat(widths[i].saturating_sub(width(c))))
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
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

/// The width of the terminal standard output goes to, or None when it goes elsewhere (a pipe, a
/// file): text for a terminal is wrapped at its width, text for a program is left as it is.
pub fn stdout_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(cols, _)| usize::from(cols))
        .filter(|&w| w > 0)
}

/// Wraps every line of `text` at `width` columns, breaking only between words (a word longer
/// than the line is left whole rather than cut), so "handläggaren" never becomes "hand|läggaren".
/// Indentation of a line (a list item's "  ") is kept on its continuation lines. `None` leaves
/// the text as it is. One helper for both front ends of the walk-through and the tables.
pub fn wrap(text: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return text.to_string();
    };
    // One column short of the edge: some terminals move the cursor to the next line when the
    // last column is written, which would leave an empty line after every full one.
    let width = width.saturating_sub(1).max(20);
    let mut out = String::with_capacity(text.len() + text.len() / width.max(1));
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let bullet = ["• ", "- ", "* "]
            .iter()
            .find(|b| line[indent.len()..].starts_with(**b))
            .map_or(0, |b| b.chars().count());
        let rest = " ".repeat(indent.chars().count() + bullet);
        let options = textwrap::Options::new(width)
            .subsequent_indent(&rest)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        out.push_str(&textwrap::fill(line, options));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_between_words_only_and_keeps_paragraphs() {
        let text = "Kontrolleras att handläggaren stämmer av sökandens uppgifter mot folkbokföringen?\n\n  - en punkt i en lista som är lång nog att brytas över flera rader";
        let w = wrap(text, Some(40));
        for line in w.lines() {
            assert!(line.chars().count() <= 39, "{line:?}");
        }
        assert!(w.contains("handläggaren"), "{w}");
        assert!(w.contains("\n\n"), "paragraphs stay apart: {w}");
        // The list item's continuation lines are indented under its text.
        assert!(w.contains("\n    "), "{w}");
        let words: Vec<&str> = text.split_whitespace().collect();
        let again: Vec<&str> = w.split_whitespace().collect();
        assert_eq!(words, again, "no word is cut or lost");
        assert_eq!(wrap(text, None), text);
    }

    #[test]
    fn a_table_wraps_its_title_column_to_fit() {
        let header = ["ID".to_string(), "TITEL".into(), "FRÅGOR".into()];
        let rows = [[
            "ekonomiadministration-utbetalningar".to_string(),
            "Skola, förskola och pedagogisk omsorg – bidrag till enskilda huvudmän".into(),
            "18".into(),
        ]];
        let t = table_fit(&header, &rows, 80, 1);
        assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
        assert!(t.lines().count() > 2, "{t}");
        let words: Vec<&str> = t.split_whitespace().collect();
        assert!(words.contains(&"huvudmän") && words.contains(&"18"), "{t}");
        // Without a limit, one line per row.
        assert_eq!(table(&header, &rows).lines().count(), 2);
    }

    #[test]
    fn a_word_longer_than_the_line_stays_whole() {
        let long = "https://www.bra.se/".to_string() + &"x".repeat(60);
        let w = wrap(&format!("Se {long} för mer."), Some(30));
        assert!(w.lines().any(|l| l == long), "{w}");
    }
}
