//! JSON Schemas (draft-07) generated from the model, and structural validation of a parsed file
//! against them. The schema is the single description of each file's shape: editors use it for
//! completion, and `check` uses it to report every type, field and range problem at once.

use std::sync::OnceLock;

use serde_json::Value as Json;

use crate::model::{Assessment, Checklist, Matrix};
use crate::yaml::Node;

mod walk;
pub use walk::check_structure;

/// The kinds of file crimeproof reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Checklist,
    Assessment,
    Matrix,
    Round,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [
        FileKind::Checklist,
        FileKind::Assessment,
        FileKind::Matrix,
        FileKind::Round,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Checklist => "checklist",
            FileKind::Assessment => "assessment",
            FileKind::Matrix => "matrix",
            FileKind::Round => "round",
        }
    }

    /// File name of the shipped schema next to the bundled checklists.
    pub fn schema_file(self) -> String {
        format!("{}.schema.json", self.name())
    }
}

/// The draft-07 JSON Schema of a file kind, as pretty JSON text.
pub fn schema_text(kind: FileKind) -> String {
    let mut text = serde_json::to_string_pretty(schema(kind)).expect("schema serializes");
    text.push('\n');
    text
}

/// The draft-07 JSON Schema of a file kind.
pub fn schema(kind: FileKind) -> &'static Json {
    static SCHEMAS: OnceLock<[Json; 4]> = OnceLock::new();
    let all = SCHEMAS.get_or_init(|| {
        let generate = |f: fn(&mut schemars::SchemaGenerator) -> schemars::Schema| {
            let mut generator = schemars::generate::SchemaSettings::draft07().into_generator();
            f(&mut generator).to_value()
        };
        [
            generate(|g| g.root_schema_for::<Checklist>()),
            generate(|g| g.root_schema_for::<Assessment>()),
            generate(|g| g.root_schema_for::<Matrix>()),
            generate(|g| g.root_schema_for::<crate::round::Round>()),
        ]
    });
    &all[kind as usize]
}

/// A copy of `root` without the keys its schema does not know, when it has any: with them gone
/// the typed model can often be built, so the semantic checks can run and a coordinator sees
/// every problem of the file in one pass.
pub fn without_unknown_fields(kind: FileKind, root: &Node) -> Option<Node> {
    fn strip(schema: &Json, here: &Json, node: &mut Node) -> bool {
        let here = resolve(schema, here);
        match &mut node.value {
            crate::yaml::Value::Seq(items) => match here.get("items") {
                Some(item) => items
                    .iter_mut()
                    .fold(false, |changed, child| strip(schema, item, child) | changed),
                None => false,
            },
            crate::yaml::Value::Map(entries) => {
                let closed = here.get("additionalProperties") == Some(&Json::Bool(false));
                let props = here.get("properties");
                let before = entries.len();
                if closed {
                    entries.retain(|(k, _)| props.is_some_and(|p| p.get(&k.name).is_some()));
                }
                let mut changed = entries.len() != before;
                for (key, child) in entries.iter_mut() {
                    let sub = props
                        .and_then(|p| p.get(&key.name))
                        .or_else(|| here.get("additionalProperties").filter(|a| a.is_object()));
                    if let Some(sub) = sub {
                        changed |= strip(schema, sub, child);
                    }
                }
                changed
            }
            _ => false,
        }
    }
    let schema = schema(kind);
    let mut copy = root.clone();
    strip(schema, schema, &mut copy).then_some(copy)
}

/// Follows a `$ref` into `definitions`.
pub(crate) fn resolve<'a>(root: &'a Json, s: &'a Json) -> &'a Json {
    match s.get("$ref").and_then(Json::as_str) {
        Some(r) => root.pointer(r.trim_start_matches('#')).unwrap_or(s),
        None => s,
    }
}

/// A best-effort valid id from free text: "Ekonomiskt bistånd" → "ekonomiskt-bistand".
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "mitt-id".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Diagnostic, Source};
    use crate::yaml::parse;

    fn diags(kind: FileKind, text: &str) -> Vec<Diagnostic> {
        let root = parse(text).unwrap();
        check_structure(
            kind,
            &root,
            &Source {
                name: "t.yaml",
                text,
            },
        )
    }

    #[test]
    fn schemas_are_draft07_with_descriptions() {
        let s = schema(FileKind::Checklist);
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        let text = schema_text(FileKind::Checklist);
        assert!(
            text.contains("Content version"),
            "doc comments become descriptions"
        );
    }

    #[test]
    fn reports_every_structural_problem_with_positions() {
        let text = "format: 1\nid: Bistånd\nversion: 2025.1\ntitel: X\nsector: S\nareas: []\n";
        let d = diags(FileKind::Checklist, text);
        let codes: Vec<_> = d.iter().map(|d| (d.code.as_str(), d.line)).collect();
        assert!(codes.contains(&("E016", 2)), "{codes:?}");
        assert!(codes.contains(&("E013", 3)), "{codes:?}");
        assert!(codes.contains(&("E011", 4)), "{codes:?}");
        assert!(codes.contains(&("E012", 1)), "{codes:?}");
        assert!(codes.contains(&("E017", 6)), "{codes:?}");
        let unknown = d.iter().find(|d| d.code == Code::UnknownField).unwrap();
        assert_eq!(unknown.help.as_deref(), Some("menade du `title`?"));
    }

    /// The structural walk knows the keywords and patterns our schemas use, and no more: a new
    /// one in the model must be taught to it (`walk.rs`) before it is silently ignored.
    #[test]
    fn the_walk_knows_every_keyword_and_pattern_of_the_schemas() {
        const KNOWN: &[&str] = &[
            "$schema",
            "$ref",
            "definitions",
            "title",
            "description",
            "default",
            "format",
            "type",
            "properties",
            "additionalProperties",
            "required",
            "items",
            "allOf",
            "anyOf",
            "oneOf",
            "enum",
            "const",
            "pattern",
            "minLength",
            "maxLength",
            "minItems",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
        ];
        fn visit(s: &Json, in_names: bool) {
            let Some(map) = s.as_object() else {
                if let Some(items) = s.as_array() {
                    items.iter().for_each(|i| visit(i, false));
                }
                return;
            };
            for (k, v) in map {
                if in_names {
                    visit(v, false);
                    continue;
                }
                assert!(KNOWN.contains(&k.as_str()), "unknown keyword {k}");
                if k == "pattern" {
                    let p = v.as_str().unwrap();
                    assert!(walk::Form::of_pattern(p).is_some(), "unknown pattern {p}");
                }
                match k.as_str() {
                    "properties" | "definitions" => visit(v, true),
                    "enum" | "const" | "default" | "required" => {}
                    _ => visit(v, false),
                }
            }
        }
        for kind in FileKind::ALL {
            visit(schema(kind), false);
        }
    }

    #[test]
    fn slugify_makes_valid_ids() {
        assert_eq!(slugify("Ekonomiskt bistånd"), "ekonomiskt-bistand");
        assert!(crate::model::is_valid_id(&slugify("  Öl & Vin!! ")));
    }
}
