//! `import actions FILE.xlsx|FILE.csv [--apply]`: an actions sheet that people edited in Excel
//! (owner, partners, follow-up date, status) back into the assessment files. Nothing is changed
//! unless every row is right: unknown files and actions and invalid values are reported by row
//! and column. Without `--apply` it only shows what would change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::catalog::ChecklistSet;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::model::{Action, ActionStatus, Assessment, Checklist};

/// The most characters a typed text may have (SPEC §5.1).
const MAX_TEXT: usize = 10_000;

/// The cells of a sheet, header first, as text.
fn read_rows(path: &Path) -> Result<Vec<Vec<String>>> {
    let is_xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        read_xlsx(path)
    } else {
        let bytes = crate::catalog::read_file(path)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            let p = path.display();
            Error::Refused(t!(
                "{p} är inte UTF-8. Spara filen i Excel som ”CSV UTF-8 (kommaavgränsad)”.",
                "{p} is not UTF-8. Save it in Excel as \"CSV UTF-8 (comma delimited)\"."
            ))
        })?;
        Ok(crate::report::xlsx::csv_rows(&text))
    }
}

fn read_xlsx(path: &Path) -> Result<Vec<Vec<String>>> {
    use calamine::{Data, Reader};
    let p = path.display().to_string();
    let bad = |e: String| {
        Error::Refused(t!(
            "{p} kan inte läsas som Excel-arbetsbok: {e}",
            "{p} cannot be read as an Excel workbook: {e}"
        ))
    };
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| bad(e.to_string()))?;
    let names = wb.sheet_names();
    // The actions sheet of our export, else the first sheet.
    let name = names
        .iter()
        .find(|n| ["åtgärder", "actions"].contains(&n.to_lowercase().as_str()))
        .or(names.first())
        .cloned()
        .ok_or_else(|| bad(tr("inga blad", "no sheets").to_string()))?;
    let range = wb.worksheet_range(&name).map_err(|e| bad(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    Data::DateTime(d) => excel_date(d.as_f64()),
                    Data::DateTimeIso(s) => s.chars().take(10).collect(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

/// An Excel date serial as YYYY-MM-DD (day 0 = 1899-12-30 in the 1900 system).
fn excel_date(serial: f64) -> String {
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|d| d.checked_add_days(chrono::Days::new(serial.max(0.0).floor() as u64)))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// A status written as its id or its label, Swedish or English, in any case.
pub fn parse_status(s: &str) -> Option<ActionStatus> {
    match s.trim().to_lowercase().as_str() {
        "planerad" | "planned" => Some(ActionStatus::Planerad),
        "pagar" | "pågår" | "in progress" => Some(ActionStatus::Pagar),
        "klar" | "done" => Some(ActionStatus::Klar),
        _ => None,
    }
}

/// Whether a follow-up date can be saved: a date, a month, a year or `löpande` (SPEC §5.2).
fn due_is_valid(s: &str) -> bool {
    crate::plan::Due::parse(s).is_some()
}

/// Which action of the file a row is: an action in the file, or a triggered measure not yet in
/// it. Matched by the action id when the row has one, else by question and measure.
enum Target {
    Existing(usize),
    New(String),
}

fn find_action(
    c: &Checklist,
    a: &Assessment,
    id: Option<&str>,
    question: Option<&str>,
    measure: &str,
) -> Option<Target> {
    if let Some(id) = id.map(str::trim).filter(|i| !i.is_empty()) {
        return a
            .actions
            .iter()
            .position(|x| x.id.as_deref() == Some(id))
            .map(Target::Existing);
    }
    let measure = measure.trim();
    let question_ok = |qid: &str| match question.map(str::trim).filter(|q| !q.is_empty()) {
        None => true,
        Some(text) => c.questions().any(|(_, q)| {
            (q.id == qid || q.replaces.iter().any(|r| r == qid))
                && (q.text.trim() == text || q.id == text)
        }),
    };
    if let Some(i) = a.actions.iter().position(|x| {
        x.measure.trim() == measure && question_ok(x.question.as_deref().unwrap_or_default())
    }) {
        return Some(Target::Existing(i));
    }
    crate::scoring::triggered_measures(c, a)
        .into_iter()
        .find(|t| t.measure.trim() == measure && question_ok(&t.question))
        .map(|t| Target::New(t.question))
}

/// Spreadsheet column letters: 0 → A, 26 → AA.
fn column_letter(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s
}

struct Columns {
    file: usize,
    measure: usize,
    question: Option<usize>,
    owner: Option<usize>,
    partners: Option<usize>,
    due: Option<usize>,
    status: Option<usize>,
    id: Option<usize>,
    done: Option<usize>,
    note: Option<usize>,
}

fn columns(header: &[String]) -> std::result::Result<Columns, String> {
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
    };
    let missing = |sv: &str, en: &str| {
        t!(
            "rad 1: kolumnen ”{sv}” saknas. Utgå från bladet som `crimeproof export --what actions` skriver.",
            "row 1: the column \"{en}\" is missing. Start from the sheet `crimeproof export --what actions` writes."
        )
    };
    Ok(Columns {
        file: find(&["fil", "file"]).ok_or_else(|| missing("Fil", "File"))?,
        measure: find(&["åtgärd", "measure"]).ok_or_else(|| missing("Åtgärd", "Measure"))?,
        question: find(&["fråga", "question"]),
        owner: find(&["ansvarig", "owner"]),
        partners: find(&["samverkan", "partners"]),
        due: find(&["uppföljning", "follow-up"]),
        status: find(&["status"]),
        id: find(&["åtgärds-id", "action id"]),
        done: find(&["klar datum", "done on", "done"]),
        note: find(&["anteckning", "notering", "note"]),
    })
}

/// One change to one field of one action.
struct Change {
    row: usize,
    measure: String,
    field: &'static str,
    old: String,
    new: String,
}

/// What the sheet would do to one file.
struct FilePlan {
    changes: Vec<Change>,
    /// The actions as they will be saved.
    actions: Vec<Action>,
}

fn text_or_none(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// `import actions FILE [--apply]`.
pub fn run(set: &ChecklistSet, sheet: &Path, apply: bool) -> Result<()> {
    let rows = read_rows(sheet)?;
    let name = sheet.display().to_string();
    let Some((header, data)) = rows.split_first() else {
        return Err(Error::Refused(t!(
            "{name} är tomt: det finns ingen rubrikrad.",
            "{name} is empty: there is no header row."
        )));
    };
    let cols = columns(header).map_err(|e| Error::Refused(format!("{name}: {e}")))?;
    let base = crate::storage::parent_dir(sheet).to_path_buf();
    let mut problems: Vec<String> = Vec::new();
    let mut plans: BTreeMap<PathBuf, (crate::storage::LoadedAssessment, FilePlan)> =
        BTreeMap::new();
    let cell = |row: &[String], i: usize| row.get(i).map(String::as_str).unwrap_or("").to_string();
    for (i, row) in data.iter().enumerate() {
        let r = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut problem = |col: usize, msg: String| {
            let letter = column_letter(col);
            let head = header.get(col).map(String::as_str).unwrap_or("");
            problems.push(t!(
                "{name}: rad {r}, kolumn {letter} ({head}): {msg}",
                "{name}: row {r}, column {letter} ({head}): {msg}"
            ));
        };
        let file_cell = cell(row, cols.file);
        let given = PathBuf::from(file_cell.trim());
        let path = if given.is_file() {
            given.clone()
        } else if base.join(&given).is_file() {
            base.join(&given)
        } else {
            let f = file_cell.trim();
            problem(
                cols.file,
                t!(
                    "filen `{f}` finns inte. Kör importen i mappen där exporten gjordes, eller rätta sökvägen.",
                    "the file `{f}` does not exist. Run the import in the folder where the export was made, or correct the path."
                ),
            );
            continue;
        };
        if !plans.contains_key(&path) {
            match crate::storage::load_assessment(&path, set) {
                Ok(l) => {
                    let actions = l.assessment.actions.clone();
                    plans.insert(
                        path.clone(),
                        (
                            l,
                            FilePlan {
                                changes: Vec::new(),
                                actions,
                            },
                        ),
                    );
                }
                Err(e) => {
                    let first = e.to_string().lines().next().unwrap_or_default().to_string();
                    problem(
                        cols.file,
                        t!(
                            "filen kan inte läsas: {first}",
                            "the file cannot be read: {first}"
                        ),
                    );
                    continue;
                }
            }
        }
        let Some((loaded, plan)) = plans.get_mut(&path) else {
            continue;
        };
        let measure = cell(row, cols.measure);
        let question = cols.question.map(|c| cell(row, c));
        let c = &loaded.entry.checklist;
        // Find the action in the plan being built (earlier rows may have added it).
        let mut current = loaded.assessment.clone();
        current.actions = plan.actions.clone();
        let id = cols.id.map(|c| cell(row, c));
        let Some(target) = find_action(c, &current, id.as_deref(), question.as_deref(), &measure)
        else {
            let m = measure.trim();
            let f = path.display();
            problem(
                cols.measure,
                t!(
                    "åtgärden ”{m}” finns inte i {f}. Ändra inte texten i kolumnen Åtgärd.",
                    "the measure \"{m}\" is not in {f}. Do not change the text in the Measure column."
                ),
            );
            continue;
        };
        let old = match &target {
            Target::Existing(i) => plan.actions[*i].clone(),
            Target::New(q) => Action {
                question: Some(q.clone()),
                measure: measure.trim().to_string(),
                ..Action::default()
            },
        };
        let mut new = old.clone();
        let mut ok = true;
        for (col, field) in [
            (cols.owner, "owner"),
            (cols.partners, "partners"),
            (cols.note, "note"),
        ] {
            let Some(col) = col else { continue };
            let v = cell(row, col);
            if v.chars().count() > MAX_TEXT {
                problem(
                    col,
                    t!("högst {MAX_TEXT} tecken", "at most {MAX_TEXT} characters"),
                );
                ok = false;
                continue;
            }
            let v = text_or_none(&v);
            match field {
                "owner" => new.owner = v,
                "partners" => new.partners = v,
                _ => new.note = v,
            }
        }
        if let Some(col) = cols.due {
            let v = cell(row, col);
            match text_or_none(&v) {
                Some(d) if !due_is_valid(&d) => {
                    problem(
                        col,
                        t!(
                            "ogiltig uppföljning `{d}`; skriv ett datum (2026-06-30), en månad (2026-06), ett år (2026) eller löpande",
                            "invalid follow-up `{d}`; write a date (2026-06-30), a month (2026-06), a year (2026) or löpande"
                        ),
                    );
                    ok = false;
                }
                d => new.due = d,
            }
        }
        if let Some(col) = cols.done {
            let v = cell(row, col);
            match text_or_none(&v) {
                Some(d) if crate::plan::Date::parse(&d).is_none() => {
                    problem(
                        col,
                        t!(
                            "ogiltigt datum `{d}`; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-05-02",
                            "invalid date `{d}`; write YYYY-MM-DD, e.g. 2026-05-02"
                        ),
                    );
                    ok = false;
                }
                d => new.done = d,
            }
        }
        if let Some(col) = cols.status {
            let v = cell(row, col);
            if !v.trim().is_empty() {
                match parse_status(&v) {
                    // "Planerad" is also how the export shows an action without a status.
                    Some(ActionStatus::Planerad) if old.status.is_none() => {}
                    Some(s) => new.status = Some(s),
                    None => {
                        let v = v.trim();
                        problem(
                            col,
                            t!(
                                "okänd status ”{v}”; skriv planerad, pågår eller klar",
                                "unknown status \"{v}\"; write planerad, pagar or klar"
                            ),
                        );
                        ok = false;
                    }
                }
            }
        }
        if !ok || new == old {
            continue;
        }
        let show = |s: &Option<String>| s.clone().unwrap_or_else(|| "–".into());
        let status = |s: Option<ActionStatus>| crate::report::model::status_label(s);
        for (field, o, n) in [
            ("owner", show(&old.owner), show(&new.owner)),
            ("partners", show(&old.partners), show(&new.partners)),
            ("due", show(&old.due), show(&new.due)),
            ("status", status(old.status), status(new.status)),
            ("done", show(&old.done), show(&new.done)),
            ("note", show(&old.note), show(&new.note)),
        ] {
            if o != n {
                plan.changes.push(Change {
                    row: r,
                    measure: new.measure.clone(),
                    field,
                    old: o,
                    new: n,
                });
            }
        }
        match target {
            Target::Existing(i) => plan.actions[i] = new,
            Target::New(_) => plan.actions.push(new),
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        let mut msg = problems.join("\n");
        msg.push('\n');
        msg.push_str(&t!(
            "{n} problem; ingenting har ändrats. Rätta bladet och kör igen.",
            "{n} problems; nothing has been changed. Correct the sheet and run again."
        ));
        return Err(Error::Refused(msg));
    }
    let label = |f: &str| match f {
        "owner" => tr("Ansvarig", "Owner"),
        "partners" => tr("Samverkan", "Partners"),
        "due" => tr("Uppföljning", "Follow-up"),
        "done" => tr("Klar datum", "Done on"),
        "note" => tr("Anteckning", "Note"),
        _ => tr("Status", "Status"),
    };
    let mut out = String::new();
    let mut files = 0;
    let mut total = 0;
    for (path, (_, plan)) in &plans {
        if plan.changes.is_empty() {
            continue;
        }
        files += 1;
        total += plan.changes.len();
        out.push_str(&format!(
            "{}:\n",
            crate::terminal_text::visible_line(&path.display().to_string())
        ));
        for ch in &plan.changes {
            let line = format!(
                "  {} {}: {}: {}: {} → {}\n",
                tr("rad", "row"),
                ch.row,
                ch.measure,
                label(ch.field),
                ch.old,
                ch.new
            );
            out.push_str(&crate::terminal_text::visible(&line));
        }
    }
    if total == 0 {
        out.push_str(tr("Inga ändringar.\n", "No changes.\n"));
        return crate::output::print(&out);
    }
    if !apply {
        out.push_str(&t!(
            "{total} ändringar i {files} filer. Ingenting är sparat; kör igen med --apply för att spara.\n",
            "{total} changes in {files} files. Nothing is saved; run again with --apply to save.\n"
        ));
        return crate::output::print(&out);
    }
    for (path, (loaded, plan)) in plans {
        if plan.changes.is_empty() {
            continue;
        }
        let _lock = crate::storage::Lock::acquire(&path)?;
        // Under the lock: the file must still be what the plan was made from.
        let now = crate::storage::load_assessment(&path, set)?;
        if now.assessment != loaded.assessment {
            let p = path.display();
            return Err(Error::Refused(t!(
                "{p} ändrades medan importen pågick och lämnas orörd. Kör importen igen.",
                "{p} changed while the import ran and is left as it is. Run the import again."
            )));
        }
        let mut a = now.assessment;
        a.actions = plan.actions;
        a.updated = Some(crate::clock::timestamp());
        crate::storage::write_atomic(&path, crate::storage::assessment_yaml(&a)?.as_bytes())?;
    }
    out.push_str(&t!(
        "{total} ändringar sparade i {files} filer.\n",
        "{total} changes saved in {files} files.\n"
    ));
    crate::output::print(&out)
}
