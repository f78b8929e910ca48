//! The coordinator's round (omgång, SPEC §5.6): one file that lists which unit answers which
//! checklist by when. `round status` shows how far every unit has come, `round forms` hands out
//! one browser form per unit. The round sits above storage and files, beside the reports.

pub mod forms;
pub mod status;

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{ChecklistSet, Parsed, parse_as, parse_tree, read_file, text_of};
use crate::diagnostics::{Code, Diagnostic, Source, suggest};
use crate::error::{Error, Result};
use crate::schema::FileKind;
use crate::yaml::{Node, Step};

/// The most characters a unit name may have (SPEC §5.1).
const MAX_UNIT_CHARS: usize = 200;

/// A round of crime-proofing analyses (`omgang.yaml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "crimeproof round")]
pub struct Round {
    /// File-format version. Always 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// The round's name, e.g. "Brottssäkring 2026".
    #[schemars(length(min = 1))]
    pub name: String,
    /// The last day for the units' answers, YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub deadline: Option<String>,
    /// The units that take part, each with the checklist it answers.
    #[schemars(length(min = 1))]
    pub units: Vec<RoundUnit>,
}

/// One unit of a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundUnit {
    /// The unit (enhet), written as in its assessment file.
    #[schemars(length(min = 1, max = 200))]
    pub unit: String,
    /// Id of the checklist the unit answers (see `crimeproof list`).
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub checklist: String,
    /// Who answers for the unit (usually the enhetschef).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent: Option<String>,
    /// The sector (sektor/förvaltning) the unit belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

impl Round {
    /// The deadline as a date (validated on load).
    pub fn deadline_date(&self) -> Option<chrono::NaiveDate> {
        self.deadline.as_deref().and_then(parse_date)
    }
}

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A unit name as it is compared: case, surrounding and repeated white space do not matter.
pub fn unit_key(unit: &str) -> String {
    unit.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a parsed file looks like a round: a list of units and no risk areas.
pub fn looks_like_round(root: &Node) -> bool {
    if let crate::yaml::Value::Map(entries) = &root.value {
        let has = |k: &str| entries.iter().any(|(key, _)| key.name == k);
        has("units") && !has("areas") && !has("answers")
    } else {
        false
    }
}

/// Reads and checks a round file; every problem is reported at its place.
pub fn load(path: &Path, set: Option<&ChecklistSet>) -> Result<Round> {
    let bytes = read_file(path)?;
    let name = path.display().to_string();
    let root = parse_tree(&name, &bytes).map_err(|d| Error::Invalid(vec![d]))?;
    let (round, warnings) = round_from_tree(&name, &bytes, root, set).map_err(Error::Invalid)?;
    crate::output::warn_all(&warnings);
    Ok(round)
}

/// The full check of a round already parsed into a tree: structure (the JSON Schema), dates,
/// checklist ids against the active set (when it loaded) and units named twice.
pub fn round_from_tree(
    name: &str,
    bytes: &[u8],
    root: Node,
    set: Option<&ChecklistSet>,
) -> std::result::Result<(Round, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = text_of(bytes);
    let Parsed { value, root } = parse_as::<Round>(FileKind::Round, name, text, root)?;
    let src = Source { name, text };
    let at = |path: &[Step]| root.pos_of(path, false);
    let mut diags = Vec::new();
    if let Some(d) = &value.deadline
        && parse_date(d).is_none()
    {
        diags.push(src.diag(
            Code::BadDate,
            at(&[Step::Key("deadline".into())]),
            t!(
                "ogiltigt datum `{d}` i `deadline`",
                "invalid date `{d}` in `deadline`"
            ),
            Some(t!(
                "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-31",
                "write the date as YYYY-MM-DD, e.g. 2026-03-31"
            )),
        ));
    }
    let mut seen: Vec<(String, String, usize)> = Vec::new();
    for (i, u) in value.units.iter().enumerate() {
        let path = |field: &str| {
            [
                Step::Key("units".into()),
                Step::Index(i),
                Step::Key(field.into()),
            ]
        };
        let key = unit_key(&u.unit);
        if key.is_empty() || u.unit.chars().count() > MAX_UNIT_CHARS {
            diags.push(src.diag(
                Code::TooShort,
                at(&path("unit")),
                t!(
                    "enhetens namn måste ha 1–{MAX_UNIT_CHARS} tecken",
                    "the unit's name must have 1–{MAX_UNIT_CHARS} characters"
                ),
                Some(t!(
                    "skriv enhetens namn som i dess svarsfil, t.ex. unit: Försörjningsstöd",
                    "write the unit's name as in its answers file, e.g. unit: Försörjningsstöd"
                )),
            ));
        }
        if let Some(set) = set
            && set.entries.iter().all(|e| e.checklist.id != u.checklist)
        {
            let id = &u.checklist;
            let help = match suggest(id, set.ids()) {
                Some(s) => t!("menade du `{s}`?", "did you mean `{s}`?"),
                None => {
                    let list = set.ids().join(", ");
                    t!(
                        "tillgängliga checklistor: {list}",
                        "available checklists: {list}"
                    )
                }
            };
            diags.push(src.diag(
                Code::UnknownChecklist,
                at(&path("checklist")),
                t!("okänd checklista `{id}`", "unknown checklist `{id}`"),
                Some(help),
            ));
        }
        if let Some((_, _, first)) = seen.iter().find(|(k, c, _)| *k == key && *c == u.checklist) {
            let line = at(&[Step::Key("units".into()), Step::Index(*first)]).line;
            let unit = &u.unit;
            diags.push(src.diag(
                Code::DuplicateUnit,
                at(&path("unit")),
                t!(
                    "enheten `{unit}` står redan med samma checklista på rad {line}",
                    "the unit `{unit}` is already listed with the same checklist on line {line}"
                ),
                Some(t!(
                    "ta bort den ena raden; stora och små bokstäver och mellanslag räknas inte som skillnad",
                    "remove one of the lines; upper and lower case and spaces do not count as a difference"
                )),
            ));
        } else {
            seen.push((key, u.checklist.clone(), i));
        }
    }
    diags.sort_by_key(|d| (d.line, d.column));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((value, diags))
}
