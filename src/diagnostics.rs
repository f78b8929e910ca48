//! Diagnostics in the style of rustc and cargo-deny: a stable code, `file:line:col`, a message,
//! a source snippet and a `help:` line; or JSON for tools.

use serde::Serialize;

use crate::i18n::tr;
use crate::terminal_text::visible;
use crate::yaml::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Stable diagnostic codes. Never renumber: tools and documentation refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    // The file itself
    Unreadable,
    TooLarge,
    InvalidUtf8,
    NulByte,
    Syntax,
    Tab,
    DuplicateKey,
    TooComplex,
    Empty,
    // Structure (from the JSON Schema)
    UnknownField,
    MissingField,
    WrongType,
    NotAllowed,
    OutOfRange,
    BadId,
    TooShort,
    Invalid,
    NotAChecklist,
    // Checklists
    FileNameMismatch,
    DuplicateArea,
    DuplicateQuestion,
    UnknownScale,
    BadScale,
    ConsequenceOutsideMatrix,
    ReplacesCollision,
    UnknownMeasureOption,
    DuplicateChecklist,
    DuplicateText,
    BadWeight,
    DuplicateIndicator,
    // Matrix
    GridRows,
    GridColumns,
    UnknownLevel,
    DuplicateLevel,
    // Assessments
    UnknownChecklist,
    UnknownQuestion,
    UnknownOption,
    MissingJustification,
    BadDate,
    UnknownArea,
    ChecklistChanged,
    DuplicateAnswer,
    // Follow-up (SPEC §5.2, §5.3)
    AcceptWithoutJustification,
    DuplicateActionId,
    UnknownIndicator,
    ActionWithoutPlace,
    // Rounds
    DuplicateUnit,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        use Code::*;
        match self {
            Unreadable => "E001",
            TooLarge => "E002",
            InvalidUtf8 => "E003",
            NulByte => "E004",
            Syntax => "E005",
            Tab => "E006",
            DuplicateKey => "E007",
            TooComplex => "E008",
            Empty => "E009",
            UnknownField => "E011",
            MissingField => "E012",
            WrongType => "E013",
            NotAllowed => "E014",
            OutOfRange => "E015",
            BadId => "E016",
            TooShort => "E017",
            Invalid => "E018",
            NotAChecklist => "W019",
            FileNameMismatch => "E020",
            DuplicateArea => "E021",
            DuplicateQuestion => "E022",
            UnknownScale => "E023",
            BadScale => "E024",
            ConsequenceOutsideMatrix => "E025",
            ReplacesCollision => "E026",
            UnknownMeasureOption => "E027",
            DuplicateChecklist => "E028",
            DuplicateText => "W029",
            BadWeight => "E030",
            DuplicateIndicator => "E031",
            GridRows => "E040",
            GridColumns => "E041",
            UnknownLevel => "E042",
            DuplicateLevel => "E043",
            UnknownChecklist => "E050",
            UnknownQuestion => "E051",
            UnknownOption => "E052",
            MissingJustification => "E053",
            BadDate => "E054",
            UnknownArea => "E055",
            ChecklistChanged => "W056",
            DuplicateAnswer => "E057",
            AcceptWithoutJustification => "E058",
            DuplicateActionId => "E059",
            UnknownIndicator => "E060",
            ActionWithoutPlace => "E061",
            DuplicateUnit => "E070",
        }
    }

    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The source line the diagnostic points at (not in JSON: tools have the file).
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `FILE:LINE:COLUMN: fel[E012]: message`, then the snippet and `help:`. File text (the
    /// snippet, and the names and values messages quote) may hold escape sequences or bidi
    /// overrides, so every part is shown through [`visible`].
    pub fn render(&self) -> String {
        let kind = match self.severity {
            Severity::Error => tr("fel", "error"),
            Severity::Warning => tr("varning", "warning"),
        };
        let mut out = format!(
            "{}:{}:{}: {}[{}]: {}\n",
            visible(&self.file),
            self.line,
            self.column,
            kind,
            self.code.as_str(),
            visible(&self.message)
        );
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let raw: String = src.chars().take(160).collect();
            let col = self.column.max(1) as usize - 1;
            // The caret is placed under the escaped text, so widths are measured after escaping.
            let before: String = raw.chars().take(col).collect();
            let token: String = raw.chars().skip(col).take(token_width(&raw, col)).collect();
            let lead: String = visible(&before)
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let width = visible(&token).chars().count().max(1);
            out.push_str(&format!(
                "{pad} |\n{num} | {}\n{pad} | {lead}{}\n",
                visible(&raw),
                "^".repeat(width)
            ));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("{}: {}\n", tr("hjälp", "help"), visible(help)));
        }
        out
    }
}

/// Width of the token starting at `col` (a key up to its colon, or a word), at least 1.
fn token_width(line: &str, col: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(col).collect();
    let mut n = 0;
    while n < rest.len() {
        let c = rest[n];
        if c.is_whitespace() || (c == ':' && rest.get(n + 1).is_none_or(|d| d.is_whitespace())) {
            break;
        }
        n += 1;
    }
    n.max(1)
}

/// A file being checked: its display name and text, so diagnostics can quote the source.
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    pub fn diag(&self, code: Code, pos: Pos, message: String, help: Option<String>) -> Diagnostic {
        let pos = if pos.line == 0 { Pos::new(1, 1) } else { pos };
        Diagnostic {
            file: self.name.to_string(),
            line: pos.line,
            column: pos.column.max(1),
            code,
            severity: code.severity(),
            message,
            help,
            source_line: self
                .text
                .lines()
                .nth(pos.line as usize - 1)
                .map(|l| l.trim_end_matches('\r').to_string()),
        }
    }
}

/// Prints diagnostics as text, errors and warnings in file order, with a closing count.
pub fn render_all(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.render());
    }
    out
}

/// The closing line of `check`: how many errors and warnings.
pub fn summary(diags: &[Diagnostic], files: usize) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let files = crate::i18n::count(files, ("fil", "filer"), ("file", "files"));
    let errs = crate::i18n::count(errors, ("fel", "fel"), ("error", "errors"));
    let warns = crate::i18n::count(warnings, ("varning", "varningar"), ("warning", "warnings"));
    match (errors, warnings) {
        (0, 0) => t!("Inga problem i {files}.", "No problems in {files}."),
        _ => t!(
            "{errs} och {warns} i {files}.",
            "{errs} and {warns} in {files}."
        ),
    }
}

/// "Did you mean …?": the closest candidate by edit distance, if it is close enough.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_snippet_and_help() {
        let src = Source {
            name: "x.yaml",
            text: "a: 1\n  titel: Hej\n",
        };
        let d = src.diag(
            Code::UnknownField,
            Pos::new(2, 3),
            "okänt fält".into(),
            Some("byt".into()),
        );
        let r = d.render();
        assert!(r.starts_with("x.yaml:2:3: fel[E011]: okänt fält\n"), "{r}");
        assert!(r.contains("2 |   titel: Hej\n  |   ^^^^^\n"), "{r}");
        assert!(r.ends_with("hjälp: byt\n"), "{r}");
    }

    #[test]
    fn file_text_reaches_the_terminal_escaped() {
        let src = Source {
            name: "x.yaml",
            text: "a: 1\n\u{1b}[2J\u{202e}titel\r\n",
        };
        let d = src.diag(
            Code::UnknownField,
            Pos::new(2, 6),
            "okänt fält `\u{1b}[2J\u{202e}titel`".into(),
            Some("\u{1b}]0;x\u{7}".into()),
        );
        let r = d.render();
        assert!(!r.chars().any(crate::terminal_text::is_unsafe), "{r:?}");
        assert!(r.contains("okänt fält `\\e[2J\\u{202e}titel`"), "{r}");
        // The caret stays under `titel` although the escapes before it are wider.
        assert!(
            r.contains("2 | \\e[2J\\u{202e}titel\n  |              ^^^^^\n"),
            "{r}"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("titel", ["title", "text", "id"]), Some("title"));
        assert_eq!(suggest("zzz", ["title", "text"]), None);
    }
}
