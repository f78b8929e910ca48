//! The one place that knows which YAML crate we use (serde-saphyr).
//!
//! Files are parsed into a [`Node`] tree that keeps the line and column of every value and key,
//! so structural checks (`schema`) and semantic checks (`validate`) can both point at the exact
//! spot in a coordinator's file. Swapping the YAML crate means rewriting this module only.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// Largest file we read: checklists and assessments are a few hundred kilobytes at most.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Deepest nesting we accept; our formats need six levels, so 32 leaves room and still stops
/// stack-exhausting input early.
pub const MAX_DEPTH: usize = 32;

/// A 1-based position in a source file. Line 0 means "unknown".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }
}

impl From<serde_saphyr::Location> for Pos {
    fn from(l: serde_saphyr::Location) -> Self {
        Pos {
            line: u32::try_from(l.line()).unwrap_or(u32::MAX),
            column: u32::try_from(l.column()).unwrap_or(u32::MAX),
        }
    }
}

/// A YAML value with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in file order, each with its own position (for "unknown field" diagnostics).
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

/// One step of a path into a document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl Node {
    /// The node at `path`, if it exists.
    pub fn at(&self, path: &[Step]) -> Option<&Node> {
        let mut node = self;
        for step in path {
            node = match (step, &node.value) {
                (Step::Key(k), Value::Map(entries)) => {
                    &entries.iter().find(|(key, _)| &key.name == k)?.1
                }
                (Step::Index(i), Value::Seq(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The position of the deepest existing node along `path`; with `key_pos`, the position
    /// of the last key itself rather than its value (where "unknown field" should point).
    pub fn pos_of(&self, path: &[Step], key_pos: bool) -> Pos {
        let mut node = self;
        let mut pos = self.pos;
        for (i, step) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            match (step, &node.value) {
                (Step::Key(k), Value::Map(entries)) => {
                    match entries.iter().find(|(key, _)| &key.name == k) {
                        Some((key, child)) => {
                            pos = if last && key_pos { key.pos } else { child.pos };
                            node = child;
                        }
                        None => return pos,
                    }
                }
                (Step::Index(i), Value::Seq(items)) => match items.get(*i) {
                    Some(child) => {
                        pos = child.pos;
                        node = child;
                    }
                    None => return pos,
                },
                _ => return pos,
            }
        }
        pos
    }

    /// Converts to JSON for schema validation (YAML floats that JSON cannot hold become null).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// A short name of the value's type, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }
}

/// Why a file could not be parsed as YAML at all.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub kind: SyntaxErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SyntaxErrorKind {
    TooLarge {
        bytes: usize,
    },
    InvalidUtf8,
    NulByte,
    Tab,
    TooDeep,
    /// The parser's own budget (aliases, nodes, events) was exhausted: an alias bomb or similar.
    Budget(String),
    DuplicateKey(String),
    MultipleDocuments,
    /// Anything else the parser reports, in its (English) words.
    Parser(String),
}

/// Reads YAML text from raw bytes: checks size and encoding, strips a UTF-8 byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<&str, SyntaxError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SyntaxError {
            pos: Pos::new(1, 1),
            kind: SyntaxErrorKind::TooLarge { bytes: bytes.len() },
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| SyntaxError {
        pos: pos_of_offset(bytes, e.valid_up_to()),
        kind: SyntaxErrorKind::InvalidUtf8,
    })?;
    if let Some(at) = text.find('\0') {
        return Err(SyntaxError {
            pos: pos_of_offset(text.as_bytes(), at),
            kind: SyntaxErrorKind::NulByte,
        });
    }
    Ok(text)
}

/// 1-based line and column (in characters) of a byte offset.
fn pos_of_offset(bytes: &[u8], offset: usize) -> Pos {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Parses one YAML document into a [`Node`] tree. An empty document is `Null`.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Some(pos) = indentation_tab(text) {
        return Err(SyntaxError {
            pos,
            kind: SyntaxErrorKind::Tab,
        });
    }
    if text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    }) {
        return Ok(Node {
            value: Value::Null,
            pos: Pos::new(1, 1),
        });
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: 200_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_recorded_anchor_events: 100_000,
            max_documents: 1,
        },
    };
    serde_saphyr::from_str_with_options::<NodeSeed>(text, options)
        .map(|seed| seed.0)
        .map_err(|e| classify(text, &e))
}

/// A tab at the start of a line (inside the indentation) is never valid YAML, and it is the most
/// common mistake of hand-edited files, so it gets its own message.
fn indentation_tab(text: &str) -> Option<Pos> {
    // Inside a literal or folded block (`|`, `>`), a tab after the indentation is content. The
    // block holds the lines indented deeper than the line of its header; the first non-empty line
    // that is not (counting leading spaces only) ends it, whether it starts at column 1 or not.
    let mut block_indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let spaces = line.chars().take_while(|c| *c == ' ').count();
        let trimmed = line.trim();
        if block_indent.is_some_and(|b| !trimmed.is_empty() && spaces <= b) {
            block_indent = None;
        }
        if block_indent.is_some() || trimmed.is_empty() {
            continue;
        }
        let indent = line
            .char_indices()
            .take_while(|(_, c)| *c == ' ' || *c == '\t')
            .find(|(_, c)| *c == '\t');
        if let Some((col, _)) = indent {
            return Some(Pos::new(
                u32::try_from(i + 1).unwrap_or(u32::MAX),
                u32::try_from(col + 1).unwrap_or(u32::MAX),
            ));
        }
        let header = trimmed.trim_end_matches(['-', '+']);
        if header.ends_with('|') || header.ends_with('>') {
            block_indent = Some(spaces);
        }
    }
    None
}

/// Sorts a parser error by its variant (never by its English text, which may change).
fn classify(text: &str, e: &serde_saphyr::Error) -> SyntaxError {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as Breach;
    use serde_saphyr::granit_parser::ErrorKind as Scan;
    let pos = e
        .location()
        .map(Pos::from)
        .filter(|p| p.line > 0)
        .unwrap_or(Pos::new(1, 1));
    // Snippet and alias wrappers carry the real error inside.
    let mut inner = e;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = inner {
        inner = error;
    }
    let scan = match inner {
        E::ExternalMessage { source, .. } => match &**source {
            serde_saphyr::ExternalMessageSource::Parser(s) => Some(s.kind()),
            _ => None,
        },
        _ => None,
    };
    let message = || first_line(&inner.to_string());
    let kind = match (inner, scan) {
        (E::MultipleDocuments { .. }, _)
        | (
            E::Budget {
                breach: Breach::Documents { .. },
                ..
            },
            _,
        ) => SyntaxErrorKind::MultipleDocuments,
        (
            E::Budget {
                breach: Breach::Depth { .. },
                ..
            }
            | E::AliasReplayStackDepthExceeded { .. },
            _,
        )
        | (_, Some(Scan::RecursionLimitExceeded)) => SyntaxErrorKind::TooDeep,
        (
            E::Budget { .. }
            | E::AliasReplayCounterOverflow { .. }
            | E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. },
            _,
        ) => SyntaxErrorKind::Budget(message()),
        (E::DuplicateMappingKey { key, .. }, _) => SyntaxErrorKind::DuplicateKey(
            key.clone().unwrap_or_else(|| duplicate_key_name(text, pos)),
        ),
        (_, Some(Scan::TabInIndentation | Scan::TabInBlockIndentation)) => SyntaxErrorKind::Tab,
        _ => SyntaxErrorKind::Parser(message()),
    };
    SyntaxError { pos, kind }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    // serde-saphyr appends " at line X column Y"; we print the position ourselves.
    match line.rfind(" at line ") {
        Some(i) => line[..i].to_string(),
        None => line.to_string(),
    }
}

/// The key text at `pos` (the parser reports where the duplicate starts).
fn duplicate_key_name(text: &str, pos: Pos) -> String {
    let line = text
        .lines()
        .nth(pos.line.saturating_sub(1) as usize)
        .unwrap_or("");
    let rest: String = line
        .chars()
        .skip(pos.column.saturating_sub(1) as usize)
        .collect();
    let key = rest.split(':').next().unwrap_or("").trim();
    key.trim_start_matches("- ")
        .trim_matches(['"', '\''])
        .to_string()
}

// --- Deserialization of the Node tree ---------------------------------------------------------
// Depth is bounded by the parser budget (`max_depth`), before our recursion can grow.

struct NodeSeed(Node);

impl<'de> de::Deserialize<'de> for NodeSeed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Node::deserialize(d).map(NodeSeed)
    }
}

impl<'de> de::Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned: Spanned<Value> = Spanned::deserialize(d)?;
        Ok(Node {
            value: spanned.value,
            pos: spanned.referenced.into(),
        })
    }
}

impl<'de> de::Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let key = Key {
                name: scalar_text(&key.value),
                pos: key.pos,
            };
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

/// Keys are compared as text: `1:` and `"1":` both name the key "1".
fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.clone(),
        Value::Seq(_) | Value::Map(_) => "<complex key>".to_string(),
    }
}

/// Serializes a value as YAML (used for the files the tool writes).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_saphyr::to_string(value).map_err(|e| e.to_string())
}

/// Typed parse without positions, for trusted text (our own embedded files) and fast paths.
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let n = parse("a: 1\nb:\n  - x\n  - {c: true}\n").unwrap();
        assert_eq!(
            n.pos_of(&[Step::Key("b".into()), Step::Index(1)], false),
            Pos::new(4, 5)
        );
        assert_eq!(n.pos_of(&[Step::Key("b".into())], true), Pos::new(2, 1));
        let c = n
            .at(&[Step::Key("b".into()), Step::Index(1), Step::Key("c".into())])
            .unwrap();
        assert_eq!(c.value, Value::Bool(true));
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let text = decode(b"\xEF\xBB\xBFa: 1\r\nb: x\r\n").unwrap();
        let n = parse(text).unwrap();
        assert_eq!(n.at(&[Step::Key("b".into())]).unwrap().pos, Pos::new(2, 4));
    }

    #[test]
    fn rejects_duplicate_keys_with_the_key_name() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(
            matches!(e.kind, SyntaxErrorKind::DuplicateKey(ref k) if k == "a"),
            "{e:?}"
        );
        assert_eq!(e.pos.line, 3);
    }

    #[test]
    fn rejects_tabs_in_indentation() {
        let e = parse("a:\n\tb: 1\n").unwrap_err();
        assert_eq!(
            e,
            SyntaxError {
                pos: Pos::new(2, 1),
                kind: SyntaxErrorKind::Tab
            }
        );
    }

    #[test]
    fn rejects_deep_nesting_and_alias_bombs() {
        let deep = "- ".repeat(5000) + "x\n";
        assert!(parse(&deep).is_err());
        let flow = "[".repeat(10_000);
        assert!(parse(&flow).is_err());
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            bomb.push_str(&format!(
                "{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                n = (b'a' + i) as char,
                p = (b'a' + i - 1) as char
            ));
        }
        let e = parse(&bomb).unwrap_err();
        assert!(
            matches!(
                e.kind,
                SyntaxErrorKind::Budget(_) | SyntaxErrorKind::TooDeep
            ),
            "{e:?}"
        );
    }

    #[test]
    fn reports_invalid_utf8_and_nul_with_position() {
        let e = decode(b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!(
            e,
            SyntaxError {
                pos: Pos::new(2, 4),
                kind: SyntaxErrorKind::InvalidUtf8
            }
        );
        let e = decode(b"a: 1\n\0").unwrap_err();
        assert_eq!(e.kind, SyntaxErrorKind::NulByte);
    }

    #[test]
    fn empty_document_is_null() {
        assert_eq!(parse("# nothing\n").unwrap().value, Value::Null);
        assert_eq!(parse("").unwrap().value, Value::Null);
    }

    #[test]
    fn a_tab_after_an_indented_block_scalar_is_reported_on_its_own_line() {
        let e = parse("a:\n  b: |\n    text\n  c: 1\n\td: 2\n").unwrap_err();
        assert_eq!(
            e,
            SyntaxError {
                pos: Pos::new(5, 1),
                kind: SyntaxErrorKind::Tab
            }
        );
        // A tab inside the block, after its indentation, is content.
        assert!(parse("a:\n  b: |\n    x\n    \ty\n  c: 1\n").is_ok());
    }

    #[test]
    fn errors_are_sorted_by_variant() {
        let kind = |t: &str| parse(t).unwrap_err().kind;
        assert_eq!(
            kind("a: 1\n---\nb: 2\n"),
            SyntaxErrorKind::MultipleDocuments
        );
        assert_eq!(kind(&"[".repeat(10_000)), SyntaxErrorKind::TooDeep);
        assert_eq!(kind(&("- ".repeat(100) + "x\n")), SyntaxErrorKind::TooDeep);
        assert!(matches!(kind("a: [1\n"), SyntaxErrorKind::Parser(_)));
    }
}
