//! The three file formats of SPEC §2 as Rust types.
//!
//! The doc comments here become the descriptions in the JSON Schemas that `crimeproof schema`
//! prints, so they are written for the coordinator who reads them as editor tooltips.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The regular expression every identifier matches (SPEC §2).
pub const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// Whether `s` is a valid identifier: lowercase ASCII letters and digits in groups joined by single
/// hyphens. Kept as code (not a regex crate) because it is this simple.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A character that shows nothing: white space, control characters and invisible characters
/// (zero-width spaces and joiners, direction marks, the byte-order mark, fillers).
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{34f}'
                | '\u{61c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
        )
}

/// Whether a text shows nothing (only invisible characters). A required text that is blank is
/// as good as missing (SPEC §5.1); `check` and every front end use this one test.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_invisible)
}

/// The text without leading and trailing invisible characters.
pub fn trim_invisible(s: &str) -> &str {
    s.trim_matches(is_invisible)
}

/// A crime-proofing checklist for one sector (`checklists/<id>.yaml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "crimeproof checklist")]
pub struct Checklist {
    /// File-format version. Always 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// Identifier of the checklist; the file must be named `<id>.yaml`.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Content version, e.g. "2026.1". Bump it whenever the questions change. Write it in quotes.
    #[schemars(length(min = 1))]
    pub version: String,
    /// Title shown to the unit manager and in reports.
    #[schemars(length(min = 1))]
    pub title: String,
    /// The sector (sektor/förvaltning) the checklist is written for.
    #[schemars(length(min = 1))]
    pub sector: String,
    /// Language of the texts: sv or en.
    #[serde(default)]
    pub language: Language,
    /// Introduction for the unit manager (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How "Vet ej" (unknown) answers are scored: worst (as a full gap, default) or exclude.
    #[serde(default)]
    pub unknown: UnknownPolicy,
    /// Custom answer scales, by id. Every scale also gets the options vet-ej and ej-aktuellt.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scales: BTreeMap<String, Vec<ScaleOption>>,
    /// The risk areas (riskområden), at least one.
    #[schemars(length(min = 1))]
    pub areas: Vec<Area>,
    /// Numbers to follow up (indikatorer), e.g. the number of staff trained; the unit enters
    /// them as non-negative integers after the last question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

/// A number the checklist asks the unit to report, such as "antal utbildade" (SPEC §5.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Identifier, unique among the checklist's indicators; the key of the value in assessments.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// What is counted, as the unit manager reads it.
    #[schemars(length(min = 1))]
    pub text: String,
    /// Unit of the count, e.g. "personer" or "aktiviteter" (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Sv,
    En,
}

/// How a "Vet ej" answer counts in the gap of its area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UnknownPolicy {
    /// "Vet ej" counts as a full gap (1).
    #[default]
    Worst,
    /// "Vet ej" is left out of the gap, like "Ej aktuellt", but still counted as unknown.
    Exclude,
}

/// One option of an answer scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleOption {
    /// Identifier stored in assessment files.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Text shown to the unit manager.
    #[schemars(length(min = 1))]
    pub label: String,
    /// How far this answer is from a fully working control: 0 (none) to 1 (missing).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub gap: f64,
}

/// A risk area (riskområde): a group of questions scored together on the risk matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Identifier, unique within the checklist.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Title of the area.
    #[schemars(length(min = 1))]
    pub title: String,
    /// The modus: how the crime is done and why this area is exposed (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What is at stake: a consequence level of the risk matrix, 1 (lowest) and up.
    #[schemars(range(min = 1))]
    pub consequence: u32,
    /// One line on why the consequence is at that level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consequence_note: Option<String>,
    /// The questions of the area, at least one.
    #[schemars(length(min = 1))]
    pub questions: Vec<Question>,
}

/// A crime-proofing question about one control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, unique within the checklist. Never reuse an old id for a new question.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// The question, answerable by the unit manager about their own unit.
    #[schemars(length(min = 1))]
    pub text: String,
    /// What counts as yes and partly, why it matters, the legal basis (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Where the question rests: law, regulation, authority guidance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Relative importance within the area, a number above 0 and at most 100 (default 1).
    #[serde(default = "default_weight")]
    #[schemars(extend("exclusiveMinimum" = 0), range(max = 100))]
    pub weight: f64,
    /// A critical control: when it shows a gap of 0.5 or more, the area's likelihood is raised.
    #[serde(default)]
    pub critical: bool,
    /// Id of the answer scale (default: the built-in ja-delvis-nej).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// Recommended measure (åtgärd) when the answer shows a gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub measure: Option<String>,
    /// Measures per answer option; wins over `measure` for that option.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("additionalProperties" = {"type": "string", "minLength": 1}))]
    pub measures: BTreeMap<String, String>,
    /// Ids this question had in earlier versions of the checklist; their answers carry over.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
}

fn default_weight() -> f64 {
    1.0
}

/// The risk matrix (`checklists/matrix.yaml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "crimeproof risk matrix")]
pub struct Matrix {
    /// File-format version. Always 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// Likelihood levels (sannolikhet), lowest first.
    #[schemars(length(min = 2), inner(length(min = 1)))]
    pub likelihood: Vec<String>,
    /// Consequence levels (konsekvens), lowest first.
    #[schemars(length(min = 2), inner(length(min = 1)))]
    pub consequence: Vec<String>,
    /// Risk levels, lowest first.
    #[schemars(length(min = 1))]
    pub levels: Vec<RiskLevel>,
    /// One row per likelihood level (row 1 = likelihood 1), one level id per consequence level.
    pub grid: Vec<Vec<String>>,
}

/// A risk level of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskLevel {
    /// Identifier used in the grid and in `score --json`.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Name shown in reports.
    #[schemars(length(min = 1))]
    pub label: String,
    /// Colour in reports, as "#rrggbb".
    #[schemars(regex(pattern = "^#[0-9a-fA-F]{6}$"))]
    pub color: String,
}

/// One unit's answers to one checklist on one occasion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "crimeproof assessment")]
pub struct Assessment {
    /// File-format version. Always 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// Id of the checklist answered.
    pub checklist: String,
    /// Version of the checklist when answering began.
    pub checklist_version: String,
    /// "sha256:…" digest of the checklist file when answering began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist_digest: Option<String>,
    /// The unit (enhet) assessed.
    #[schemars(length(min = 1))]
    pub unit: String,
    /// Who answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// When answering began (RFC 3339 date and time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// When the file was last saved (RFC 3339 date and time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// When the last question was answered (RFC 3339); absent while in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<String>,
    /// Answers by question id.
    pub answers: IndexMap<String, Answer>,
    /// Adjustments per risk area id, each with a justification.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub adjustments: IndexMap<String, Adjustment>,
    /// The action plan: one entry per measure triggered by an answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Option id from the question's scale, or vet-ej, or ej-aktuellt.
    pub answer: String,
    /// Comment; for ej-aktuellt the required justification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A manual adjustment of one area's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// Added to the computed likelihood: -1, 0 or 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = -1, max = 1))]
    pub likelihood: Option<i32>,
    /// Replaces the area's consequence level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub consequence: Option<u32>,
    /// Why the adjustment is made (required).
    #[schemars(length(min = 1))]
    pub justification: String,
}

/// A measure in the action plan (handlingsplan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Id of the question whose answer triggered the measure.
    pub question: String,
    /// The measure (Åtgärd).
    #[schemars(length(min = 1))]
    pub measure: String,
    /// Who is responsible (Ansvarig).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Who takes part (Samverkan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partners: Option<String>,
    /// Follow-up date (Uppföljning), YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub due: Option<String>,
    /// planerad, pagar or klar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActionStatus>,
}

impl Action {
    /// Whether a person has written or changed this action (SPEC §5.1): it has an owner, partners,
    /// a due date or a status other than `planerad`. Such an action is never removed by the tool,
    /// even when the answer that triggered it changes or its question leaves the checklist; only
    /// an untouched action the tool generated itself may be. (A note, or an action without a
    /// question, would count too; the format has neither field yet, so such a file is refused at
    /// load rather than losing them.)
    pub fn is_touched(&self) -> bool {
        self.owner.is_some()
            || self.partners.is_some()
            || self.due.is_some()
            || self.status.is_some_and(|s| s != ActionStatus::Planerad)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Planerad,
    Pagar,
    Klar,
}

/// The two options every scale has besides its own.
pub const UNKNOWN: &str = "vet-ej";
pub const NOT_APPLICABLE: &str = "ej-aktuellt";
/// The built-in scale.
pub const DEFAULT_SCALE: &str = "ja-delvis-nej";

impl Assessment {
    /// The one test of "the checklist changed since answering began": another version, or the
    /// same version with other content (a coordinator who forgot to bump `version`). `digest` is
    /// the digest of the checklist file as loaded now.
    pub fn drifted_from(&self, checklist: &Checklist, digest: &str) -> bool {
        self.checklist_version != checklist.version
            || self
                .checklist_digest
                .as_deref()
                .is_some_and(|d| d != digest)
    }
}

impl Checklist {
    pub fn questions(&self) -> impl Iterator<Item = (&Area, &Question)> {
        self.areas
            .iter()
            .flat_map(|a| a.questions.iter().map(move |q| (a, q)))
    }

    pub fn question_count(&self) -> usize {
        self.areas.iter().map(|a| a.questions.len()).sum()
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.id == id)
    }

    /// The options of a question's own scale (without vet-ej and ej-aktuellt), or None when the
    /// question names a scale that does not exist.
    pub fn scale_of(&self, q: &Question) -> Option<Vec<ScaleOption>> {
        match q.scale.as_deref() {
            None | Some(DEFAULT_SCALE) => Some(default_scale(self.language)),
            Some(id) => self.scales.get(id).cloned(),
        }
    }
}

/// The built-in scale ja-delvis-nej, labelled in the checklist's language.
pub fn default_scale(lang: Language) -> Vec<ScaleOption> {
    let (ja, delvis, nej) = match lang {
        Language::Sv => ("Ja", "Delvis", "Nej"),
        Language::En => ("Yes", "Partly", "No"),
    };
    vec![
        ScaleOption {
            id: "ja".into(),
            label: ja.into(),
            gap: 0.0,
        },
        ScaleOption {
            id: "delvis".into(),
            label: delvis.into(),
            gap: 0.5,
        },
        ScaleOption {
            id: "nej".into(),
            label: nej.into(),
            gap: 1.0,
        },
    ]
}

impl Matrix {
    pub fn level(&self, id: &str) -> Option<&RiskLevel> {
        self.levels.iter().find(|l| l.id == id)
    }
    /// Position of a level in `levels` (its rank; higher is worse).
    pub fn rank(&self, id: &str) -> usize {
        self.levels.iter().position(|l| l.id == id).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_syntax() {
        for ok in ["a", "ekonomiskt-bistand", "a1-b2", "2025"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "bistånd", "a_b", "../x", "a b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn blank_texts() {
        for blank in [
            "",
            " ",
            "\t\r\n",
            "\u{200b}",
            " \u{feff}\u{2060} ",
            "\u{3000}\u{a0}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for text in ["a", " Åtgärd ", "\u{200b}x"] {
            assert!(!is_blank(text), "{text:?}");
        }
    }
}
