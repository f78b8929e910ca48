//! JSON Schemas (draft-07) generated from the model, and structural validation of a parsed file
//! against them. The schema is the single description of each file's shape: editors use it for
//! completion, and `check` uses it to report every type, field and range problem at once.

use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use serde_json::Value as Json;

use crate::diagnostics::{Code, Diagnostic, Source, suggest};
use crate::model::{Assessment, Checklist, Matrix};
use crate::yaml::{Node, Step};

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

fn validator(kind: FileKind) -> &'static jsonschema::Validator {
    static VALIDATORS: OnceLock<Vec<jsonschema::Validator>> = OnceLock::new();
    let all = VALIDATORS.get_or_init(|| {
        FileKind::ALL
            .iter()
            .map(|k| jsonschema::draft7::new(schema(*k)).expect("generated schema is valid"))
            .collect()
    });
    &all[kind as usize]
}

/// Every structural problem of `root` as a file of `kind`, in file order.
pub fn check_structure(kind: FileKind, root: &Node, src: &Source) -> Vec<Diagnostic> {
    let instance = root.to_json();
    let schema = schema(kind);
    let mut diags: Vec<Diagnostic> = validator(kind)
        .iter_errors(&instance)
        .flat_map(|e| {
            let path: Vec<Step> = e
                .instance_path()
                .iter()
                .map(|seg| match seg {
                    LocationSegment::Property(p) => Step::Key(p.to_string()),
                    LocationSegment::Index(i) => Step::Index(i),
                })
                .collect();
            describe(schema, root, src, &path, e.kind())
        })
        .collect();
    blank_texts(schema, schema, root, &mut Vec::new(), &mut |path, node| {
        let field = field_name(path);
        diags.push(src.diag(
            Code::TooShort,
            node.pos,
            t!(
                "`{field}` får inte vara tomt",
                "`{field}` must not be empty"
            ),
            Some(t!(
                "texten består bara av mellanslag eller osynliga tecken; skriv ut texten",
                "the text holds only spaces or invisible characters; write the text out"
            )),
        ));
    });
    diags.sort_by_key(|d| (d.line, d.column));
    diags.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.code == b.code);
    diags
}

fn describe(
    schema: &Json,
    root: &Node,
    src: &Source,
    path: &[Step],
    kind: &ValidationErrorKind,
) -> Vec<Diagnostic> {
    let field = field_name(path);
    let here = schema_at(schema, path);
    let pos = root.pos_of(path, false);
    let node = root.at(path);
    let one =
        |code, message: String, help: Option<String>| vec![src.diag(code, pos, message, help)];
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<&str> = here
                .and_then(|s| s.get("properties"))
                .and_then(Json::as_object)
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            unexpected
                .iter()
                .map(|name| {
                    let mut key_path = path.to_vec();
                    key_path.push(Step::Key(name.clone()));
                    let help = match suggest(name, allowed.iter().copied()) {
                        Some(s) => t!("menade du `{s}`?", "did you mean `{s}`?"),
                        None => {
                            let list = allowed.join(", ");
                            t!("tillåtna fält här: {list}", "allowed fields here: {list}")
                        }
                    };
                    src.diag(
                        Code::UnknownField,
                        root.pos_of(&key_path, true),
                        t!("okänt fält `{name}`", "unknown field `{name}`"),
                        Some(help),
                    )
                })
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let what = here
                .and_then(|s| s.pointer(&format!("/properties/{name}")))
                .map(|p| resolve(schema, p))
                .and_then(|p| p.get("description"))
                .and_then(Json::as_str)
                .map(first_sentence)
                // The schema's descriptions are English (for editors); only quote them in English.
                .filter(|_| crate::i18n::lang() == crate::i18n::Lang::En);
            let place = if field.is_empty() {
                String::new()
            } else {
                format!(" (`{field}`)")
            };
            one(
                Code::MissingField,
                t!(
                    "obligatoriskt fält `{name}` saknas{place}",
                    "required field `{name}` is missing{place}"
                ),
                Some(match what {
                    Some(w) => t!("lägg till `{name}:` ({w})", "add `{name}:` ({w})"),
                    None => t!("lägg till `{name}:`", "add `{name}:`"),
                }),
            )
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => type_word(t.as_str()),
                TypeKind::Multiple(set) => set
                    .iter()
                    .filter(|t| t.as_str() != "null")
                    .map(|t| type_word(t.as_str()))
                    .collect::<Vec<_>>()
                    .join(crate::i18n::tr(" eller ", " or ")),
            };
            let actual = node.map_or("?", Node::kind);
            let actual = type_word(actual);
            let is_answer = path.len() == 2 && path[0] == Step::Key("answers".into());
            let help = match (expected.as_str(), node.map(|n| &n.value)) {
                (_, Some(crate::yaml::Value::Str(v))) if is_answer => Some(t!(
                    "skriv svaret som `{field}: {{answer: {v}}}`, eventuellt med `comment:`",
                    "write the answer as `{field}: {{answer: {v}}}`, optionally with `comment:`"
                )),
                (
                    e,
                    Some(
                        crate::yaml::Value::Int(_)
                        | crate::yaml::Value::Float(_)
                        | crate::yaml::Value::Bool(_),
                    ),
                ) if e == type_word("string") => {
                    let raw = node.map(|n| n.to_json().to_string()).unwrap_or_default();
                    Some(t!(
                        "sätt värdet inom citattecken: `{field}: \"{raw}\"`",
                        "put the value in quotes: `{field}: \"{raw}\"`"
                    ))
                }
                (_, Some(crate::yaml::Value::Null)) => Some(t!(
                    "fältet är tomt; skriv ett värde efter kolonet eller ta bort raden",
                    "the field is empty; write a value after the colon or remove the line"
                )),
                _ => None,
            };
            let message = if field.is_empty() {
                t!(
                    "filen ska vara {expected}, men är {actual}",
                    "the file must be {expected}, but is {actual}"
                )
            } else {
                t!(
                    "`{field}` ska vara {expected}, men är {actual}",
                    "`{field}` must be {expected}, but is {actual}"
                )
            };
            one(Code::WrongType, message, help)
        }
        ValidationErrorKind::Enum { options } => {
            let opts: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let got = node.map(|n| n.to_json().to_string()).unwrap_or_default();
            let list = opts.join(", ");
            let help = suggest(got.trim_matches('"'), opts.iter().map(String::as_str))
                .map(|s| t!("menade du `{s}`?", "did you mean `{s}`?"));
            one(
                Code::NotAllowed,
                t!(
                    "`{field}` har värdet {got}, tillåtna värden är: {list}",
                    "`{field}` is {got}; allowed values are: {list}"
                ),
                help,
            )
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // schemars writes enums with documented variants and optional enums as anyOf/oneOf
            // over constants; report them as one "allowed values" problem.
            let mut allowed: Vec<String> = Vec::new();
            for e in context.iter().flatten() {
                match e.kind() {
                    ValidationErrorKind::Constant { expected_value } => {
                        allowed.extend(expected_value.as_str().map(str::to_string));
                    }
                    ValidationErrorKind::Enum { options } => allowed.extend(
                        options
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|v| v.as_str().map(str::to_string)),
                    ),
                    _ => {}
                }
            }
            let got = node.map(|n| n.to_json().to_string()).unwrap_or_default();
            if allowed.is_empty() {
                one(
                    Code::Invalid,
                    t!(
                        "`{field}` har ett ogiltigt värde: {got}",
                        "`{field}` has an invalid value: {got}"
                    ),
                    None,
                )
            } else {
                let list = allowed.join(", ");
                let help = suggest(got.trim_matches('"'), allowed.iter().map(String::as_str))
                    .map(|s| t!("menade du `{s}`?", "did you mean `{s}`?"));
                one(
                    Code::NotAllowed,
                    t!(
                        "`{field}` har värdet {got}, tillåtna värden är: {list}",
                        "`{field}` is {got}; allowed values are: {list}"
                    ),
                    help,
                )
            }
        }
        ValidationErrorKind::Constant { expected_value } => one(
            Code::NotAllowed,
            t!(
                "`{field}` måste vara {expected_value}",
                "`{field}` must be {expected_value}"
            ),
            None,
        ),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit }
            if field == "format" =>
        {
            let _ = limit;
            unsupported_format(src, pos, node)
        }
        ValidationErrorKind::Maximum { .. } if field == "format" => {
            unsupported_format(src, pos, node)
        }
        ValidationErrorKind::Minimum { limit } => {
            let got = node.map(|n| n.to_json().to_string()).unwrap_or_default();
            one(
                Code::OutOfRange,
                t!(
                    "`{field}` är {got} men ska vara minst {limit}",
                    "`{field}` is {got} but must be at least {limit}"
                ),
                None,
            )
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            let got = node.map(|n| n.to_json().to_string()).unwrap_or_default();
            let code = if field == "weight" {
                Code::BadWeight
            } else {
                Code::OutOfRange
            };
            one(
                code,
                t!(
                    "`{field}` är {got} men ska vara större än {limit}",
                    "`{field}` is {got} but must be greater than {limit}"
                ),
                (field == "weight").then(weight_help),
            )
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            let got = node.map(|n| n.to_json().to_string()).unwrap_or_default();
            let code = if field == "weight" {
                Code::BadWeight
            } else {
                Code::OutOfRange
            };
            one(
                code,
                t!(
                    "`{field}` är {got} men får vara högst {limit}",
                    "`{field}` is {got} but may be at most {limit}"
                ),
                (field == "weight").then(weight_help),
            )
        }
        ValidationErrorKind::Pattern { pattern } => {
            let got = node
                .and_then(|n| n.to_json().as_str().map(str::to_string))
                .unwrap_or_default();
            if pattern.contains("[a-z0-9]") {
                let fixed = slugify(&got);
                one(
                    Code::BadId,
                    t!(
                        "ogiltigt id `{got}` i `{field}`",
                        "invalid id `{got}` in `{field}`"
                    ),
                    Some(t!(
                        "ett id består av små bokstäver a–z utan å/ä/ö, siffror och enkla bindestreck, t.ex. `{fixed}`",
                        "an id is lowercase letters a–z, digits and single hyphens, e.g. `{fixed}`"
                    )),
                )
            } else if field == "due" {
                one(
                    Code::BadDate,
                    t!(
                        "ogiltigt datum `{got}` i `due`",
                        "invalid date `{got}` in `due`"
                    ),
                    Some(t!(
                        "skriv ett datum (2026-06-30), en månad (2026-06), ett år (2026) eller löpande",
                        "write a date (2026-06-30), a month (2026-06), a year (2026) or löpande"
                    )),
                )
            } else if matches!(field.as_str(), "done" | "date" | "review") {
                one(
                    Code::BadDate,
                    t!(
                        "ogiltigt datum `{got}` i `{field}`",
                        "invalid date `{got}` in `{field}`"
                    ),
                    Some(t!(
                        "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-06-30",
                        "write the date as YYYY-MM-DD, e.g. 2026-06-30"
                    )),
                )
            } else if field == "color" {
                one(
                    Code::Invalid,
                    t!("ogiltig färg `{got}`", "invalid colour `{got}`"),
                    Some(t!(
                        "skriv färgen som \"#rrggbb\" inom citattecken, t.ex. \"#c62828\"",
                        "write the colour as \"#rrggbb\" in quotes, e.g. \"#c62828\""
                    )),
                )
            } else {
                one(
                    Code::Invalid,
                    t!("`{field}` har fel form", "`{field}` has the wrong form"),
                    None,
                )
            }
        }
        ValidationErrorKind::MinItems { limit } if *limit <= 1 => one(
            Code::TooShort,
            t!("listan `{field}` är tom", "the list `{field}` is empty"),
            Some(t!("lägg till minst en post", "add at least one item")),
        ),
        ValidationErrorKind::MinItems { limit } => one(
            Code::TooShort,
            t!(
                "listan `{field}` har för få poster; minst {limit} behövs",
                "the list `{field}` has too few items; at least {limit} are needed"
            ),
            None,
        ),
        ValidationErrorKind::MinLength { .. } => one(
            Code::TooShort,
            t!(
                "`{field}` får inte vara tomt",
                "`{field}` must not be empty"
            ),
            None,
        ),
        other => {
            let detail = format!("{other:?}");
            one(
                Code::Invalid,
                t!(
                    "`{field}` är ogiltigt: {detail}",
                    "`{field}` is invalid: {detail}"
                ),
                None,
            )
        }
    }
}

fn weight_help() -> String {
    t!(
        "vikten anger hur viktig frågan är inom området; använd t.ex. 1, 2 eller 3",
        "the weight says how important the question is within its area; use e.g. 1, 2 or 3"
    )
}

fn unsupported_format(src: &Source, pos: crate::yaml::Pos, node: Option<&Node>) -> Vec<Diagnostic> {
    let got = node.map(|n| n.to_json().to_string()).unwrap_or_default();
    vec![src.diag(
        Code::NotAllowed,
        pos,
        t!(
            "filformatet {got} stöds inte",
            "file format {got} is not supported"
        ),
        Some(t!(
            "den här versionen av crimeproof läser `format: 1`",
            "this version of crimeproof reads `format: 1`"
        )),
    )]
}

/// Calls `found` for every required text (a string its schema gives `minLength`) that is blank:
/// the schema counts characters, but a reader sees nothing in spaces or a zero-width space.
fn blank_texts(
    root: &Json,
    here: &Json,
    node: &Node,
    path: &mut Vec<Step>,
    found: &mut dyn FnMut(&[Step], &Node),
) {
    let here = resolve(root, here);
    match &node.value {
        crate::yaml::Value::Str(text) => {
            let required = here
                .get("minLength")
                .and_then(Json::as_u64)
                .is_some_and(|n| n > 0);
            // An empty text is already reported by the schema's own minLength.
            if required && !text.is_empty() && crate::model::is_blank(text) {
                found(path, node);
            }
        }
        crate::yaml::Value::Seq(items) => {
            if let Some(item) = here.get("items") {
                for (i, child) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    blank_texts(root, item, child, path, found);
                    path.pop();
                }
            }
        }
        crate::yaml::Value::Map(entries) => {
            for (key, child) in entries {
                let sub = here
                    .get("properties")
                    .and_then(|p| p.get(&key.name))
                    .or_else(|| here.get("additionalProperties").filter(|a| a.is_object()));
                if let Some(sub) = sub {
                    path.push(Step::Key(key.name.clone()));
                    blank_texts(root, sub, child, path, found);
                    path.pop();
                }
            }
        }
        _ => {}
    }
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

/// `areas[2].questions[0].weight` → "weight"; the root → "".
fn field_name(path: &[Step]) -> String {
    let mut name = String::new();
    for step in path.iter().rev() {
        match step {
            Step::Index(i) => name = format!("[{i}]{name}"),
            Step::Key(k) => {
                name = format!("{k}{name}");
                break;
            }
        }
    }
    name
}

fn type_word(json_type: &str) -> String {
    match json_type {
        "string" => crate::i18n::tr("text", "text"),
        "number" => crate::i18n::tr("ett tal", "a number"),
        "integer" => crate::i18n::tr("ett heltal", "a whole number"),
        "boolean" => crate::i18n::tr("true eller false", "true or false"),
        "array" | "list" => crate::i18n::tr("en lista", "a list"),
        "object" | "mapping" => {
            crate::i18n::tr("en mappning (nyckel: värde)", "a mapping (key: value)")
        }
        "null" => crate::i18n::tr("tomt", "empty"),
        other => other,
    }
    .to_string()
}

fn first_sentence(s: &str) -> String {
    let s = s.split_once(". ").map_or(s, |(a, _)| a);
    s.trim_end_matches('.').to_string()
}

/// Follows a `$ref` into `definitions`.
fn resolve<'a>(root: &'a Json, s: &'a Json) -> &'a Json {
    match s.get("$ref").and_then(Json::as_str) {
        Some(r) => root.pointer(r.trim_start_matches('#')).unwrap_or(s),
        None => s,
    }
}

/// The subschema that describes the value at `path`.
fn schema_at<'a>(root: &'a Json, path: &[Step]) -> Option<&'a Json> {
    let mut s = resolve(root, root);
    for step in path {
        s = match step {
            Step::Key(k) => s
                .get("properties")
                .and_then(|p| p.get(k))
                .or_else(|| s.get("additionalProperties").filter(|a| a.is_object()))?,
            Step::Index(_) => s.get("items")?,
        };
        s = resolve(root, s);
    }
    Some(s)
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

    #[test]
    fn slugify_makes_valid_ids() {
        assert_eq!(slugify("Ekonomiskt bistånd"), "ekonomiskt-bistand");
        assert!(crate::model::is_valid_id(&slugify("  Öl & Vin!! ")));
    }
}
