//! `round status`: which unit of the round has answered how much, matched from the answers
//! files in the given folders. Shown as a plain table, or as a Markdown or HTML page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Round, unit_key};
use crate::catalog::{ChecklistSet, file_id, kind_of, parse_tree, read_file, yaml_files};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::model::{ActionStatus, Assessment};
use crate::report::ReportFormat;
use crate::schema::FileKind;
use crate::terminal_text::visible_line;

/// How far a unit has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    NotStarted,
    InProgress,
    Complete,
    FollowedUp,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub unit: String,
    pub checklist: String,
    pub respondent: Option<String>,
    pub sector: Option<String>,
    pub state: State,
    /// The state in words, with "n of N" while in progress.
    pub state_label: String,
    pub answered: usize,
    pub questions: usize,
    /// When the answers file was last saved, "YYYY-MM-DD hh:mm".
    pub last_saved: Option<String>,
    /// Not complete and the deadline has passed.
    pub overdue: bool,
    /// The answers file the row is read from (the latest when there are several).
    pub file: Option<String>,
    /// How many answers files matched the unit.
    pub files: usize,
}

/// A file in the folders that is no answers file of the round.
#[derive(Debug, Clone, Serialize)]
pub struct StrayRow {
    pub file: String,
    /// Why it matches no unit, and what to do.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub name: String,
    pub deadline: Option<String>,
    pub deadline_passed: bool,
    pub today: String,
    pub generated: String,
    pub summary: String,
    pub units: Vec<UnitRow>,
    pub stray: Vec<StrayRow>,
    /// Fixed texts in the current language.
    pub t: BTreeMap<&'static str, &'static str>,
}

/// Whether anyone has followed up the action plan: an action whose status is no longer
/// `planerad`. (When actions get a `note`, a note counts too; swap in the core's predicate then.)
pub fn followed_up(a: &Assessment) -> bool {
    a.actions
        .iter()
        .any(|x| x.status.is_some_and(|s| s != ActionStatus::Planerad))
}

/// A found answers file: what the status needs of it.
struct Found {
    path: PathBuf,
    checklist: String,
    unit: String,
    answered: usize,
    questions: usize,
    complete: bool,
    followed_up: bool,
    updated: Option<chrono::DateTime<chrono::FixedOffset>>,
}

fn state_label(state: State, answered: usize, questions: usize) -> String {
    match state {
        State::NotStarted => tr("Ej påbörjad", "Not started").to_string(),
        State::InProgress => t!(
            "Pågår ({answered} av {questions})",
            "In progress ({answered} of {questions})"
        ),
        State::Complete => tr("Klar", "Complete").to_string(),
        State::FollowedUp => tr("Klar och uppföljd", "Complete, followed up").to_string(),
    }
}

/// Reads the folders: answers files of the round's checklists, and what matches nothing.
fn scan(
    set: &ChecklistSet,
    round_path: &Path,
    folders: &[PathBuf],
) -> Result<(Vec<Found>, Vec<StrayRow>, Vec<PathBuf>)> {
    let paths = yaml_files(folders)?;
    let round_id = file_id(round_path);
    let mut found = Vec::new();
    let mut stray = Vec::new();
    for p in &paths {
        if round_id.is_some() && file_id(p) == round_id {
            continue;
        }
        let name = p.display().to_string();
        let problem = |d: &crate::diagnostics::Diagnostic| {
            let (line, col, msg) = (d.line, d.column, &d.message);
            StrayRow {
                file: name.clone(),
                reason: t!(
                    "kan inte läsas: rad {line}, kolumn {col}: {msg}. Kontrollera filen med `crimeproof check {name}`.",
                    "cannot be read: line {line}, column {col}: {msg}. Check the file with `crimeproof check {name}`."
                ),
            }
        };
        let bytes = match read_file(p) {
            Ok(b) => b,
            Err(e) => {
                stray.push(StrayRow {
                    file: name.clone(),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let root = match parse_tree(&name, &bytes) {
            Ok(r) => r,
            Err(d) => {
                stray.push(problem(&d));
                continue;
            }
        };
        // Checklists, a matrix or another round in the folder are no answers; leave them be.
        if kind_of(p, &root) != FileKind::Assessment {
            continue;
        }
        match crate::storage::assessment_from_tree(&name, &bytes, root, set) {
            Ok((a, _warnings)) => {
                let Ok(entry) = set.get(&a.checklist) else {
                    continue;
                };
                let s = crate::scoring::score(&entry.checklist, &set.matrix, &a);
                found.push(Found {
                    path: p.clone(),
                    answered: s.answered(),
                    questions: s.questions(),
                    complete: s.complete,
                    followed_up: followed_up(&a),
                    updated: a
                        .updated
                        .as_deref()
                        .or(a.created.as_deref())
                        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()),
                    checklist: a.checklist,
                    unit: a.unit,
                });
            }
            Err(diags) => {
                if let Some(d) = diags.iter().find(|d| d.is_error()) {
                    stray.push(problem(d));
                }
            }
        }
    }
    Ok((found, stray, paths))
}

/// The status of every unit of the round, with the files that match none.
pub fn status(
    set: &ChecklistSet,
    round: &Round,
    round_path: &Path,
    folders: &[PathBuf],
) -> Result<(StatusView, Vec<PathBuf>)> {
    let (found, mut stray, paths) = scan(set, round_path, folders)?;
    let today = crate::clock::today();
    let deadline_passed = round.deadline_date().is_some_and(|d| today > d);
    let mut used = vec![false; found.len()];
    let mut units = Vec::with_capacity(round.units.len());
    for u in &round.units {
        let key = unit_key(&u.unit);
        let mine: Vec<usize> = (0..found.len())
            .filter(|&i| found[i].checklist == u.checklist && unit_key(&found[i].unit) == key)
            .collect();
        for &i in &mine {
            used[i] = true;
        }
        // The most recently saved file speaks for the unit; on a tie, the one with most answers.
        let best = mine
            .iter()
            .copied()
            .max_by_key(|&i| (found[i].updated, found[i].answered));
        let questions = set
            .get(&u.checklist)
            .map(|e| e.checklist.question_count())
            .unwrap_or(0);
        let (state, answered, questions, last_saved, file) = match best.map(|i| &found[i]) {
            None => (State::NotStarted, 0, questions, None, None),
            Some(f) => {
                let state = if f.complete && f.followed_up {
                    State::FollowedUp
                } else if f.complete {
                    State::Complete
                } else if f.answered == 0 {
                    State::NotStarted
                } else {
                    State::InProgress
                };
                (
                    state,
                    f.answered,
                    f.questions,
                    f.updated.map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
                    Some(f.path.display().to_string()),
                )
            }
        };
        units.push(UnitRow {
            unit: u.unit.clone(),
            checklist: u.checklist.clone(),
            respondent: u.respondent.clone(),
            sector: u.sector.clone(),
            state,
            state_label: state_label(state, answered, questions),
            answered,
            questions,
            last_saved,
            overdue: deadline_passed && state < State::Complete,
            file,
            files: mine.len(),
        });
    }
    for (f, _) in found.iter().zip(&used).filter(|(_, u)| !**u) {
        let (unit, checklist) = (&f.unit, &f.checklist);
        let same_checklist: Vec<&str> = round
            .units
            .iter()
            .filter(|u| &u.checklist == checklist)
            .map(|u| u.unit.as_str())
            .collect();
        let hint = match crate::diagnostics::suggest(unit, same_checklist.iter().copied()) {
            Some(s) => t!(
                " Menade du `{s}`? Rätta `unit` i svarsfilen eller i omgångsfilen.",
                " Did you mean `{s}`? Correct `unit` in the answers file or in the round file."
            ),
            None => tr(
                " Lägg till enheten i omgångsfilen om den ska vara med.",
                " Add the unit to the round file if it takes part.",
            )
            .to_string(),
        };
        stray.push(StrayRow {
            file: f.path.display().to_string(),
            reason: t!(
                "enheten `{unit}` med checklistan `{checklist}` finns inte i omgången.{hint}",
                "the unit `{unit}` with the checklist `{checklist}` is not in the round.{hint}"
            ),
        });
    }
    stray.sort_by(|a, b| a.file.cmp(&b.file));
    let count = |s: State| units.iter().filter(|u| u.state == s).count();
    let n = units.len();
    let (ns, ip, co, fu) = (
        count(State::NotStarted),
        count(State::InProgress),
        count(State::Complete),
        count(State::FollowedUp),
    );
    let late = units.iter().filter(|u| u.overdue).count();
    let mut summary = t!(
        "{n} enheter: {ns} ej påbörjade, {ip} pågår, {co} klara, {fu} klara och uppföljda.",
        "{n} units: {ns} not started, {ip} in progress, {co} complete, {fu} complete and followed up."
    );
    if let Some(d) = &round.deadline {
        summary.push(' ');
        summary.push_str(&if deadline_passed {
            t!(
                "Sista dag {d} har passerat: {late} enheter är försenade.",
                "The deadline {d} has passed: {late} units are overdue."
            )
        } else {
            t!("Sista dag: {d}.", "Deadline: {d}.")
        });
    }
    let view = StatusView {
        name: round.name.clone(),
        deadline: round.deadline.clone(),
        deadline_passed,
        today: today.to_string(),
        generated: crate::clock::now().format("%Y-%m-%d %H:%M").to_string(),
        summary,
        units,
        stray,
        t: labels(),
    };
    Ok((view, paths))
}

fn labels() -> BTreeMap<&'static str, &'static str> {
    [
        ("title", tr("Omgångens status", "Status of the round")),
        ("unit", tr("Enhet", "Unit")),
        ("checklist", tr("Checklista", "Checklist")),
        ("respondent", tr("Svarar", "Respondent")),
        ("sector", tr("Sektor", "Sector")),
        ("state", tr("Status", "Status")),
        ("last_saved", tr("Senast sparad", "Last saved")),
        ("file", tr("Fil", "File")),
        ("overdue", tr("försenad", "overdue")),
        ("deadline", tr("Sista dag", "Deadline")),
        ("generated", tr("Skapad", "Generated")),
        (
            "stray",
            tr(
                "Filer som inte hör till någon enhet i omgången",
                "Files that match no unit of the round",
            ),
        ),
        ("reason", tr("Varför", "Why")),
        ("none", tr("Inga.", "None.")),
        (
            "files_note",
            tr(
                "svarsfiler; den senast sparade visas",
                "answers files; the last saved is shown",
            ),
        ),
    ]
    .into_iter()
    .collect()
}

/// The plain table for the terminal; every text from a file is made visible-safe.
pub fn text(v: &StatusView) -> String {
    let safe = |s: &str| visible_line(s).into_owned();
    let header = [
        tr("ENHET", "UNIT"),
        tr("CHECKLISTA", "CHECKLIST"),
        tr("SVARAR", "RESPONDENT"),
        tr("STATUS", "STATUS"),
        tr("SENAST SPARAD", "LAST SAVED"),
        tr("FIL", "FILE"),
    ]
    .map(str::to_string);
    let rows: Vec<[String; 6]> = v
        .units
        .iter()
        .map(|u| {
            let mut state = u.state_label.clone();
            if u.overdue {
                state = format!("{state} ⚠ {}", tr("FÖRSENAD", "OVERDUE"));
            }
            let mut file = u.file.as_deref().map(safe).unwrap_or_else(|| "–".into());
            if u.files > 1 {
                file = format!("{file} (+{})", u.files - 1);
            }
            [
                safe(&u.unit),
                u.checklist.clone(),
                u.respondent.as_deref().map(safe).unwrap_or_default(),
                state,
                u.last_saved.clone().unwrap_or_else(|| "–".into()),
                file,
            ]
        })
        .collect();
    let mut out = format!("{}\n\n", safe(&v.name));
    out.push_str(&crate::output::table(&header, &rows));
    out.push('\n');
    out.push_str(&v.summary);
    out.push('\n');
    if !v.stray.is_empty() {
        out.push('\n');
        out.push_str(tr(
            "Filer som inte hör till någon enhet i omgången:\n",
            "Files that match no unit of the round:\n",
        ));
        for s in &v.stray {
            out.push_str(&format!("  {}: {}\n", safe(&s.file), safe(&s.reason)));
        }
    }
    out
}

/// `round status ROUND [FOLDER...]`: always exit 0 once the round file itself is valid.
pub fn run(
    set: &ChecklistSet,
    round_path: &Path,
    folders: &[PathBuf],
    format: Option<ReportFormat>,
    output: Option<&Path>,
) -> Result<()> {
    if let Some(f) = output
        .map(|o| ReportFormat::resolve(format, Some(o)))
        .or(format)
    {
        crate::report::docx_only_with_output(f, output, "round status")?;
    }
    let round = super::load(round_path, Some(set))?;
    let folders: Vec<PathBuf> = if folders.is_empty() {
        vec![crate::storage::parent_dir(round_path).to_path_buf()]
    } else {
        folders.to_vec()
    };
    let (view, mut inputs) = status(set, &round, round_path, &folders)?;
    inputs.push(round_path.to_path_buf());
    if let Some(out) = output {
        crate::storage::guard_output(out, &inputs)?;
    }
    let text = match (format, output) {
        (None, None) => text(&view),
        (f, out) => {
            let name = match ReportFormat::resolve(f, out) {
                ReportFormat::Md => "round-status.md.j2",
                ReportFormat::Html | ReportFormat::Docx => "round-status.html.j2",
            };
            crate::report::render::render(name, &view, None, view.units.len())?
        }
    };
    match output {
        Some(p) => crate::storage::write_atomic(p, text.as_bytes()),
        None => crate::output::print(&text),
    }
    .map_err(|e: Error| e)
}
