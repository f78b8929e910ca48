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

/// A whole CSV document: BOM, header, rows.
pub fn document(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| cells.join(";") + "\r\n";
    out.push_str(&line(header.iter().map(|h| field(h)).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(|c| field(c)).collect()));
    }
    out
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
