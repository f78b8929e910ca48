//! CSV for Swedish Excel: UTF-8 with byte-order mark, `;` between fields, CRLF line ends, quoted
//! as RFC 4180. Cells that a spreadsheet would run as a formula are neutralised.

/// Quotes one field when needed and defuses formula starters (`=`, `+`, `-`, `@`, tab, CR) with a
/// leading apostrophe, which Excel shows as text.
pub fn field(value: &str) -> String {
    let mut v = String::with_capacity(value.len() + 2);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        v.push('\'');
    }
    v.push_str(value);
    if v.contains([';', '"', '\n', '\r', ',']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// A CSV document written row by row (exports of thousands of assessments stay small).
pub struct Csv {
    out: String,
}

impl Csv {
    /// Starts a document with the byte-order mark and the header row.
    pub fn new(header: &[&str]) -> Csv {
        let mut csv = Csv {
            out: String::from("\u{feff}"),
        };
        csv.row(header.iter().copied());
        csv
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(';');
            }
            self.out.push_str(&field(cell.as_ref()));
        }
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formula_neutralising() {
        assert_eq!(field("enkel"), "enkel");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("säger \"hej\""), "\"säger \"\"hej\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("-1+1"), "'-1+1");
        assert_eq!(field("@cmd"), "'@cmd");
        assert_eq!(field("rad\nrad"), "\"rad\nrad\"");
    }
}
