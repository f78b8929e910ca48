//! Structural validation: a walk over the positioned YAML tree, driven by the generated JSON
//! Schema, that emits our diagnostics directly. It knows the keywords our schemas use and
//! nothing more (a test walks the schemas to keep it so); each problem is recognised by the
//! keyword that failed, never by the text of a message.

use serde_json::Value as Json;

use super::resolve;
use crate::diagnostics::{Code, Diagnostic, Source, suggest};
use crate::yaml::{Node, Pos, Step, Value};

use super::FileKind;

/// Every structural problem of `root` as a file of `kind`, in file order.
pub fn check_structure(kind: FileKind, root: &Node, src: &Source) -> Vec<Diagnostic> {
    let schema = super::schema(kind);
    let mut walk = Walk {
        root: schema,
        src,
        path: Vec::new(),
        diags: Vec::new(),
    };
    walk.node(schema, root);
    let mut diags = walk.diags;
    diags.sort_by_key(|d| (d.line, d.column));
    diags.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.code == b.code);
    diags
}

/// The forms our schemas give as `pattern`, keyed on the exact pattern text so that no regular
/// expression engine is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Id,
    Date,
    /// A follow-up time (SPEC §5.2): a date, a month, a year or `löpande`.
    Due,
    Colour,
}

impl Form {
    pub(crate) fn of_pattern(pattern: &str) -> Option<Form> {
        match pattern {
            crate::model::ID_PATTERN => Some(Form::Id),
            r"^\d{4}-\d{2}-\d{2}$" => Some(Form::Date),
            r"^(\d{4}(-\d{2}(-\d{2})?)?|löpande)$" => Some(Form::Due),
            "^#[0-9a-fA-F]{6}$" => Some(Form::Colour),
            _ => None,
        }
    }

    fn matches(self, s: &str) -> bool {
        let b = s.as_bytes();
        match self {
            Form::Id => crate::model::is_valid_id(s),
            Form::Date => {
                b.len() == 10
                    && b.iter().enumerate().all(|(i, c)| match i {
                        4 | 7 => *c == b'-',
                        _ => c.is_ascii_digit(),
                    })
            }
            Form::Due => {
                s == "löpande"
                    || [4, 7, 10].contains(&b.len())
                        && b.iter().enumerate().all(|(i, c)| match i {
                            4 | 7 => *c == b'-',
                            _ => c.is_ascii_digit(),
                        })
            }
            Form::Colour => {
                b.len() == 7 && b[0] == b'#' && b[1..].iter().all(u8::is_ascii_hexdigit)
            }
        }
    }
}

/// Whether `node` is of the JSON type `ty`. Floats JSON cannot hold (.nan, .inf) count as null,
/// as they did when files were converted to JSON for validation.
fn has_type(node: &Node, ty: &str) -> bool {
    match (&node.value, ty) {
        (Value::Float(f), _) if !f.is_finite() => ty == "null",
        (Value::Float(f), "integer") => f.fract() == 0.0,
        (Value::Int(_), "integer" | "number")
        | (Value::Float(_), "number")
        | (Value::Null, "null")
        | (Value::Bool(_), "boolean")
        | (Value::Str(_), "string")
        | (Value::Seq(_), "array")
        | (Value::Map(_), "object") => true,
        _ => false,
    }
}

fn number(node: &Node) -> Option<f64> {
    match node.value {
        Value::Int(i) => Some(i as f64),
        Value::Float(f) if f.is_finite() => Some(f),
        _ => None,
    }
}

/// A value as it is quoted in messages: JSON, as before.
fn shown(node: &Node) -> String {
    node.to_json().to_string()
}

struct Walk<'a> {
    root: &'a Json,
    src: &'a Source<'a>,
    path: Vec<Step>,
    diags: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    /// The name of the field being checked, for messages: only built when there is a problem.
    fn field(&self) -> String {
        field_name(&self.path)
    }

    fn push(&mut self, code: Code, pos: Pos, message: String, help: Option<String>) {
        self.diags.push(self.src.diag(code, pos, message, help));
    }

    /// Checks `node` against `schema`: `type` and `required` first, then the other keywords in
    /// the schema's (sorted) key order, as the JSON Schema validator before did, so problems at
    /// one place keep their order. Keywords apply only to values of their type.
    fn node(&mut self, schema: &'a Json, node: &Node) {
        let schema = resolve(self.root, schema);
        let Some(keywords) = schema.as_object() else {
            return;
        };
        if let Some(types) = keywords.get("type") {
            let ok = match types {
                Json::String(t) => has_type(node, t),
                Json::Array(ts) => ts
                    .iter()
                    .filter_map(Json::as_str)
                    .any(|t| has_type(node, t)),
                _ => true,
            };
            if !ok {
                self.wrong_type(types, node);
            }
        }
        if let Some(names) = keywords.get("required") {
            self.required(schema, names, node);
        }
        for (keyword, value) in keywords {
            match keyword.as_str() {
                "additionalProperties" => self.mapping(keywords, node),
                "properties" if !keywords.contains_key("additionalProperties") => {
                    self.mapping(keywords, node)
                }
                "items" => self.items(value, node),
                "allOf" => {
                    for sub in value.as_array().into_iter().flatten() {
                        self.node(sub, node);
                    }
                }
                "anyOf" | "oneOf" => self.alternatives(value, node),
                "enum" => self.one_of_values(value, node),
                "const" => self.constant(value, node),
                "pattern" => self.pattern(value, node),
                "minLength" => self.min_length(value, node),
                "maxLength" => self.max_length(value, node),
                "minItems" => self.min_items(value, node),
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
                    self.range(keyword, value, node)
                }
                _ => {}
            }
        }
    }

    /// The fields of a mapping: known ones are checked against their schema, unknown ones
    /// reported when the schema is closed (`additionalProperties: false`).
    fn mapping(&mut self, keywords: &'a serde_json::Map<String, Json>, node: &Node) {
        let Value::Map(entries) = &node.value else {
            return;
        };
        let props = keywords.get("properties").and_then(Json::as_object);
        let extra = keywords.get("additionalProperties");
        for (key, child) in entries {
            let sub = props
                .and_then(|p| p.get(&key.name))
                .or(extra.filter(|a| a.is_object()));
            match sub {
                Some(sub) => {
                    self.path.push(Step::Key(key.name.clone()));
                    self.node(sub, child);
                    self.path.pop();
                }
                None if extra == Some(&Json::Bool(false)) => {
                    let allowed: Vec<&str> = props
                        .map(|o| o.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let name = &key.name;
                    let help = match suggest(name, allowed.iter().copied()) {
                        Some(s) => t!("menade du `{s}`?", "did you mean `{s}`?"),
                        None => {
                            let list = allowed.join(", ");
                            t!("tillåtna fält här: {list}", "allowed fields here: {list}")
                        }
                    };
                    self.push(
                        Code::UnknownField,
                        key.pos,
                        t!("okänt fält `{name}`", "unknown field `{name}`"),
                        Some(help),
                    );
                }
                None => {}
            }
        }
    }

    fn required(&mut self, schema: &'a Json, names: &Json, node: &Node) {
        let Value::Map(entries) = &node.value else {
            return;
        };
        let field = field_name(&self.path);
        for name in names
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
        {
            if entries.iter().any(|(k, _)| k.name == name) {
                continue;
            }
            let what = schema
                .get("properties")
                .and_then(|p| p.get(name))
                .map(|p| resolve(self.root, p))
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
            self.push(
                Code::MissingField,
                node.pos,
                t!(
                    "obligatoriskt fält `{name}` saknas{place}",
                    "required field `{name}` is missing{place}"
                ),
                Some(match what {
                    Some(w) => t!("lägg till `{name}:` ({w})", "add `{name}:` ({w})"),
                    None => t!("lägg till `{name}:`", "add `{name}:`"),
                }),
            );
        }
    }

    fn items(&mut self, item: &'a Json, node: &Node) {
        let Value::Seq(items) = &node.value else {
            return;
        };
        for (i, child) in items.iter().enumerate() {
            self.path.push(Step::Index(i));
            self.node(item, child);
            self.path.pop();
        }
    }

    fn wrong_type(&mut self, types: &Json, node: &Node) {
        let field = field_name(&self.path);
        let expected = match types {
            Json::Array(set) => set
                .iter()
                .filter_map(Json::as_str)
                .filter(|t| *t != "null")
                .map(type_word)
                .collect::<Vec<_>>()
                .join(crate::i18n::tr(" eller ", " or ")),
            other => type_word(other.as_str().unwrap_or_default()),
        };
        let actual = type_word(node.kind());
        let is_answer = self.path.len() == 2 && self.path[0] == Step::Key("answers".into());
        let help = match &node.value {
            Value::Str(v) if is_answer => Some(t!(
                "skriv svaret som `{field}: {{answer: {v}}}`, eventuellt med `comment:`",
                "write the answer as `{field}: {{answer: {v}}}`, optionally with `comment:`"
            )),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) if expected == type_word("string") => {
                let raw = shown(node);
                Some(t!(
                    "sätt värdet inom citattecken: `{field}: \"{raw}\"`",
                    "put the value in quotes: `{field}: \"{raw}\"`"
                ))
            }
            Value::Null => Some(t!(
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
        self.push(Code::WrongType, node.pos, message, help);
    }

    fn one_of_values(&mut self, options: &Json, node: &Node) {
        let options = options.as_array().map(Vec::as_slice).unwrap_or_default();
        if !options.contains(&node.to_json()) {
            let allowed = options.iter().filter_map(Json::as_str).collect();
            self.not_allowed(node, allowed);
        }
    }

    fn constant(&mut self, expected_value: &Json, node: &Node) {
        if node.to_json() != *expected_value {
            let field = self.field();
            self.push(
                Code::NotAllowed,
                node.pos,
                t!(
                    "`{field}` måste vara {expected_value}",
                    "`{field}` must be {expected_value}"
                ),
                None,
            );
        }
    }

    fn not_allowed(&mut self, node: &Node, allowed: Vec<&str>) {
        let field = self.field();
        let got = shown(node);
        let list = allowed.join(", ");
        let help = suggest(got.trim_matches('"'), allowed.iter().copied())
            .map(|s| t!("menade du `{s}`?", "did you mean `{s}`?"));
        self.push(
            Code::NotAllowed,
            node.pos,
            t!(
                "`{field}` har värdet {got}, tillåtna värden är: {list}",
                "`{field}` is {got}; allowed values are: {list}"
            ),
            help,
        );
    }

    /// schemars writes enums with documented variants and optional enums as anyOf/oneOf over
    /// constants; a value that fits none is one "allowed values" problem. (Our alternatives
    /// never overlap, so oneOf is checked like anyOf.)
    fn alternatives(&mut self, branches: &'a Json, node: &Node) {
        let branches: Vec<&Json> = branches.as_array().into_iter().flatten().collect();
        let fits = |sub: &'a Json| {
            let mut trial = Walk {
                root: self.root,
                src: self.src,
                path: self.path.clone(),
                diags: Vec::new(),
            };
            trial.node(sub, node);
            trial.diags.is_empty()
        };
        if branches.iter().any(|b| fits(b)) {
            return;
        }
        let mut allowed: Vec<&str> = Vec::new();
        for branch in branches {
            let branch = resolve(self.root, branch);
            allowed.extend(branch.get("const").and_then(Json::as_str));
            allowed.extend(
                branch
                    .get("enum")
                    .and_then(Json::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Json::as_str),
            );
        }
        let field = field_name(&self.path);
        if allowed.is_empty() {
            let got = shown(node);
            self.push(
                Code::Invalid,
                node.pos,
                t!(
                    "`{field}` har ett ogiltigt värde: {got}",
                    "`{field}` has an invalid value: {got}"
                ),
                None,
            );
        } else {
            self.not_allowed(node, allowed);
        }
    }

    fn pattern(&mut self, pattern: &Json, node: &Node) {
        let Value::Str(got) = &node.value else {
            return;
        };
        let form = pattern.as_str().and_then(Form::of_pattern);
        if form.is_some_and(|f| f.matches(got)) {
            return;
        }
        let field = self.field();
        let (code, message, help) = match form {
            Some(Form::Id) => {
                let fixed = super::slugify(got);
                (
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
            }
            Some(Form::Date) => (
                Code::BadDate,
                t!(
                    "ogiltigt datum `{got}` i `{field}`",
                    "invalid date `{got}` in `{field}`"
                ),
                Some(t!(
                    "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-06-30",
                    "write the date as YYYY-MM-DD, e.g. 2026-06-30"
                )),
            ),
            Some(Form::Due) => (
                Code::BadDate,
                t!(
                    "ogiltigt datum `{got}` i `{field}`",
                    "invalid date `{got}` in `{field}`"
                ),
                Some(t!(
                    "skriv ett datum (2026-06-30), en månad (2026-06), ett år (2026) eller löpande",
                    "write a date (2026-06-30), a month (2026-06), a year (2026) or löpande"
                )),
            ),
            Some(Form::Colour) => (
                Code::Invalid,
                t!("ogiltig färg `{got}`", "invalid colour `{got}`"),
                Some(t!(
                    "skriv färgen som \"#rrggbb\" inom citattecken, t.ex. \"#c62828\"",
                    "write the colour as \"#rrggbb\" in quotes, e.g. \"#c62828\""
                )),
            ),
            // Unreachable for our schemas (a test keeps every pattern known).
            None => (
                Code::Invalid,
                t!("`{field}` har fel form", "`{field}` has the wrong form"),
                None,
            ),
        };
        self.push(code, node.pos, message, help);
    }

    /// A text longer than the format allows (names of units and people: SPEC §5.1).
    fn max_length(&mut self, limit: &Json, node: &Node) {
        let Value::Str(text) = &node.value else {
            return;
        };
        let limit = limit.as_u64().unwrap_or(u64::MAX);
        let got = text.chars().count() as u64;
        if got <= limit {
            return;
        }
        let field = self.field();
        self.push(
            Code::OutOfRange,
            node.pos,
            t!(
                "`{field}` har {got} tecken; högst {limit} får plats",
                "`{field}` has {got} characters; at most {limit} fit"
            ),
            Some(t!("korta texten", "shorten the text")),
        );
    }

    /// A required text: empty by its length, or blank: the schema counts characters, but a
    /// reader sees nothing in spaces or a zero-width space.
    fn min_length(&mut self, limit: &Json, node: &Node) {
        let Value::Str(text) = &node.value else {
            return;
        };
        let limit = limit.as_u64().unwrap_or(0);
        let empty = (text.chars().count() as u64) < limit;
        let blank = !empty && limit > 0 && crate::model::is_blank(text);
        if !empty && !blank {
            return;
        }
        let field = self.field();
        let help = blank.then(|| {
            t!(
                "texten består bara av mellanslag eller osynliga tecken; skriv ut texten",
                "the text holds only spaces or invisible characters; write the text out"
            )
        });
        self.push(
            Code::TooShort,
            node.pos,
            t!(
                "`{field}` får inte vara tomt",
                "`{field}` must not be empty"
            ),
            help,
        );
    }

    fn min_items(&mut self, limit: &Json, node: &Node) {
        let Value::Seq(items) = &node.value else {
            return;
        };
        let limit = limit.as_u64().unwrap_or(0);
        if items.len() as u64 >= limit {
            return;
        }
        let field = self.field();
        if limit <= 1 {
            self.push(
                Code::TooShort,
                node.pos,
                t!("listan `{field}` är tom", "the list `{field}` is empty"),
                Some(t!("lägg till minst en post", "add at least one item")),
            );
        } else {
            self.push(
                Code::TooShort,
                node.pos,
                t!(
                    "listan `{field}` har för få poster; minst {limit} behövs",
                    "the list `{field}` has too few items; at least {limit} are needed"
                ),
                None,
            );
        }
    }

    fn range(&mut self, keyword: &str, limit: &Json, node: &Node) {
        let (Some(got_n), Some(limit_n)) = (number(node), limit.as_f64()) else {
            return;
        };
        let outside = match keyword {
            "minimum" => got_n < limit_n,
            "maximum" => got_n > limit_n,
            "exclusiveMinimum" => got_n <= limit_n,
            _ => got_n >= limit_n,
        };
        if !outside {
            return;
        }
        let field = self.field();
        if field == "format" {
            let got = shown(node);
            self.push(
                Code::NotAllowed,
                node.pos,
                t!(
                    "filformatet {got} stöds inte",
                    "file format {got} is not supported"
                ),
                Some(t!(
                    "den här versionen av crimeproof läser `format: 1`",
                    "this version of crimeproof reads `format: 1`"
                )),
            );
            return;
        }
        let got = shown(node);
        let weight = field == "weight";
        let code = if weight && keyword != "minimum" {
            Code::BadWeight
        } else {
            Code::OutOfRange
        };
        let message = match keyword {
            "minimum" => t!(
                "`{field}` är {got} men ska vara minst {limit}",
                "`{field}` is {got} but must be at least {limit}"
            ),
            "exclusiveMinimum" => t!(
                "`{field}` är {got} men ska vara större än {limit}",
                "`{field}` is {got} but must be greater than {limit}"
            ),
            _ => t!(
                "`{field}` är {got} men får vara högst {limit}",
                "`{field}` is {got} but may be at most {limit}"
            ),
        };
        let help = (weight && keyword != "minimum").then(weight_help);
        self.push(code, node.pos, message, help);
    }
}

fn weight_help() -> String {
    t!(
        "vikten anger hur viktig frågan är inom området; använd t.ex. 1, 2 eller 3",
        "the weight says how important the question is within its area; use e.g. 1, 2 or 3"
    )
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
