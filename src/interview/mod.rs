//! The interactive walk-through (`crimeproof assess`): picks the checklist, the file and the
//! front end, locks and loads the file, and hands over to the flow. The flow decides what is
//! asked; the front ends (`plain`, `terminal`) only present and read.

pub mod flow;
pub mod markdown;
pub mod plain;
pub mod terminal;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::catalog::{ChecklistSet, Entry, read_file};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::model::Assessment;
use crate::output::quote_path;
use crate::storage::{self, Lock};

use crate::text::{MAX_NAME_CHARS, trim_invisible};
use flow::{Outcome, Prompter, Reply, Session, TextView, read_text, too_long};

pub struct AssessOptions {
    pub checklist: String,
    pub output: Option<PathBuf>,
    pub unit: Option<String>,
    pub assessor: Option<String>,
    pub plain: bool,
    pub review: bool,
    /// The previous assessment of the same unit: open actions carry over, answers are defaults.
    pub from: Option<PathBuf>,
}

/// `crimeproof assess`: plain mode when asked for or when standard input is not a terminal.
pub fn run_assess(set: &ChecklistSet, opts: AssessOptions) -> Result<ExitCode> {
    let entry = set.get(&opts.checklist)?;
    if opts.plain || !std::io::stdin().is_terminal() {
        let stdin = std::io::stdin();
        let mut p = plain::PlainPrompter::new(stdin.lock(), std::io::stdout())
            .with_width(crate::output::stdout_width());
        assess(set, entry, &opts, &mut p)
    } else {
        let mut p = terminal::TerminalPrompter::new();
        assess(set, entry, &opts, &mut p)
    }
}

/// The current local time as RFC 3339 with offset, to the second.
pub fn now() -> String {
    crate::clock::timestamp()
}

/// The whole session with any front end.
pub fn assess(
    set: &ChecklistSet,
    entry: &Entry,
    opts: &AssessOptions,
    p: &mut dyn Prompter,
) -> Result<ExitCode> {
    let today = crate::clock::today();
    outside_checklists(set, opts.output.as_deref())?;
    // With -o the file is known at once: lock it before reading it.
    let mut held: Option<(PathBuf, Lock, Option<Assessment>)> = None;
    let inputs: Vec<PathBuf> = opts.from.iter().cloned().collect();
    if let Some(path) = &opts.output {
        // A folder, a device or a named pipe is no assessment (reading a pipe would hang), and
        // last year's file (`--from`) is an input the new answers never go into.
        storage::guard_output(path, &inputs)?;
        let lock = Lock::acquire(path)?;
        let existing = load_existing(path, set, entry)?;
        held = Some((path.clone(), lock, existing));
    }
    let previous = match &opts.from {
        Some(from) => Some(load_previous(from, set, entry)?),
        None => None,
    };
    // Without a file to resume, last year's file says which unit this is (an empty line keeps it).
    let known = held
        .as_ref()
        .and_then(|(_, _, a)| a.as_ref())
        .or(previous.as_ref());
    let Some(unit) = ask_identity(
        p,
        opts.unit.as_deref(),
        known.map(|a| a.unit.clone()),
        Identity::Unit,
    )?
    else {
        return not_started(p);
    };
    // The default file depends on the unit only, so it is found before the assessor is asked:
    // a file that already names the assessor need not ask again (in the terminal).
    let (path, _lock, existing) = match held {
        Some(h) => h,
        None => default_file(set, entry, &unit, today)?,
    };
    storage::guard_output(&path, &inputs)?;
    let Some(assessor) = ask_identity(
        p,
        opts.assessor.as_deref(),
        existing.as_ref().and_then(|a| a.assessor.clone()),
        Identity::Assessor,
    )?
    else {
        return not_started(p);
    };
    let stamp = now();
    let resumed = existing.is_some();
    let mut left_behind = Vec::new();
    let mut assessment = existing.unwrap_or_else(|| {
        let mut a =
            Session::new_assessment(&entry.checklist, &entry.digest, &unit, &assessor, &stamp);
        if let Some(old) = &previous {
            (a.actions, left_behind) = carried_actions(old, &entry.checklist);
        }
        a
    });
    assessment.unit = unit;
    assessment.assessor = Some(assessor);
    if assessment.created.is_none() {
        assessment.created = Some(stamp);
    }
    let mut session = Session {
        checklist: &entry.checklist,
        matrix: &set.matrix,
        digest: entry.digest.clone(),
        assessment,
        review: opts.review,
        previous,
        today,
        clock: Box::new(now),
    };
    let shown = path.display().to_string();
    p.show(
        &if let Some(line) = session.resume_line().filter(|_| resumed) {
            t!(
                "Fortsätter bedömningen i filen {shown}: {line}.",
                "Continuing the assessment in the file {shown}: {line}."
            )
        } else if resumed {
            t!(
                "Bedömningen i filen {shown} gås igenom igen.",
                "The assessment in the file {shown} is gone through again."
            )
        } else {
            t!(
                "Svaren sparas i filen {shown}.",
                "The answers are saved in the file {shown}."
            )
        },
    );
    if let Some(msg) = session.migrate() {
        p.show(&msg);
    }
    if !left_behind.is_empty() {
        let list = left_behind.join(", ");
        p.show(&t!(
            "Åtgärderna {list} gäller frågor som inte längre finns i checklistan och har inte förts över; de finns kvar i den tidigare filen.",
            "The actions {list} concern questions no longer in the checklist and were not carried over; they remain in the previous file."
        ));
    }
    let mut save =
        |a: &Assessment| storage::write_atomic(&path, loadable_yaml(a, &shown)?.as_bytes());
    let outcome = session.run(p, &mut save)?;
    let id = &entry.checklist.id;
    let prog = crate::output::program();
    let resume = format!("{prog} assess {id} -o {}", quote_path(&path));
    let msg = match outcome {
        Outcome::Complete => t!(
            "Bedömningen är klar och sparad i {shown}. Rapporten skapas med: {prog} report {shown}",
            "The assessment is complete and saved in {shown}. Create the report with: {prog} report {shown}"
        ),
        Outcome::Incomplete { unanswered } => {
            let unanswered = crate::i18n::questions(unanswered);
            t!(
                "Bedömningen är inte klar: {unanswered} saknar svar. Allt du har svarat är sparat i {shown}. Fortsätt senare med: {resume}",
                "The assessment is not complete: {unanswered} have no answer. Everything you answered is saved in {shown}. Continue later with: {resume}"
            )
        }
        Outcome::Stopped if path.exists() => t!(
            "Bedömningen är inte klar. Allt du har svarat är sparat i {shown}. Fortsätt senare med: {resume}",
            "The assessment is not complete. Everything you answered is saved in {shown}. Continue later with: {resume}"
        ),
        Outcome::Stopped => tr(
            "Bedömningen är inte klar och inga svar har sparats ännu.",
            "The assessment is not complete and no answers have been saved yet.",
        )
        .to_string(),
    };
    p.show(&msg);
    Ok(ExitCode::SUCCESS)
}

/// The assessment as YAML, refused when it is larger than the tool reads. The limits on typed
/// text keep a file far below that; should a huge checklist still reach it, the last loadable
/// version stays rather than one no command can open.
fn loadable_yaml(a: &Assessment, shown: &str) -> Result<String> {
    let yaml = storage::assessment_yaml(a)?;
    if yaml.len() > crate::yaml::MAX_FILE_BYTES {
        let mb = crate::yaml::MAX_FILE_BYTES / (1024 * 1024);
        return Err(Error::Refused(t!(
            "Bedömningen skulle bli större än {mb} MB och sparas därför inte; det som sparades senast finns kvar i {shown}. Korta kommentarerna.",
            "The assessment would be larger than {mb} MB, so it is not saved; what was saved last is kept in {shown}. Shorten the comments."
        )));
    }
    Ok(yaml)
}

/// The previous assessment for `--from`: a valid file of the same checklist.
fn load_previous(path: &Path, set: &ChecklistSet, entry: &Entry) -> Result<Assessment> {
    let loaded = storage::load_assessment(path, set)?;
    crate::output::warn_all(&loaded.warnings);
    if loaded.assessment.checklist != entry.checklist.id {
        return Err(Error::WrongChecklist {
            path: path.to_path_buf(),
            found: loaded.assessment.checklist,
            expected: entry.checklist.id.clone(),
        });
    }
    Ok(loaded.assessment)
}

/// The actions of the previous assessment that are not klar, unchanged (id, owner, due, status,
/// note): the work goes on in the new assessment. A question the checklist has since renamed is
/// followed to its new id; an action whose question is gone cannot be placed and is left behind
/// (its id, or measure, is returned so the person can be told).
pub fn carried_actions(
    old: &Assessment,
    c: &crate::model::Checklist,
) -> (Vec<crate::model::Action>, Vec<String>) {
    let mut carried = Vec::new();
    let mut left = Vec::new();
    for a in old
        .actions
        .iter()
        .filter(|a| crate::plan::status(a) != crate::model::ActionStatus::Klar)
    {
        let mut a = a.clone();
        if let Some(q) = &a.question
            && c.question(q).is_none()
        {
            match c.questions().find(|(_, n)| n.replaces.contains(q)) {
                Some((_, n)) => a.question = Some(n.id.clone()),
                None => {
                    left.push(a.id.clone().unwrap_or(a.measure));
                    continue;
                }
            }
        }
        carried.push(a);
    }
    (carried, left)
}

fn not_started(p: &mut dyn Prompter) -> Result<ExitCode> {
    p.show(tr(
        "Bedömningen påbörjades inte och ingen fil har skrivits.",
        "The assessment was not started and no file has been written.",
    ));
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy)]
enum Identity {
    Unit,
    Assessor,
}

/// The unit or the assessor: from the command line, else one line (an empty line keeps what the
/// file already says). None when the person stopped.
fn ask_identity(
    p: &mut dyn Prompter,
    given: Option<&str>,
    current: Option<String>,
    what: Identity,
) -> Result<Option<String>> {
    if let Some(v) = given.map(trim_invisible).filter(|v| !v.is_empty()) {
        match too_long(v, MAX_NAME_CHARS) {
            None => return Ok(Some(v.to_string())),
            // Refused like a typed line that is too long: said, then asked for.
            Some(msg) => p.show(&msg),
        }
    } else if let Some(c) = current.as_ref().filter(|_| !p.reads_every_line())
        && too_long(c, MAX_NAME_CHARS).is_none()
    {
        // Resuming in the terminal: the file already says it; `--unit`/`--assessor` change it.
        return Ok(Some(c.clone()));
    }
    let view = match what {
        Identity::Unit => TextView {
            label: tr("Enhet", "Unit").into(),
            hint: tr(
                "Vilken enhet gäller bedömningen? Skriv enhetens namn, till exempel Försörjningsstöd.",
                "Which unit is assessed? Write the unit's name, for example Income support.",
            )
            .into(),
            current,
            ..Default::default()
        },
        Identity::Assessor => TextView {
            label: tr("Ditt namn", "Your name").into(),
            hint: tr(
                "Vem gör bedömningen? Skriv ditt namn.",
                "Who makes the assessment? Write your name.",
            )
            .into(),
            current,
            ..Default::default()
        },
    };
    loop {
        match read_text(p, &view, MAX_NAME_CHARS)? {
            Reply::Value(v) => {
                let v = trim_invisible(&v);
                if !v.is_empty() {
                    return Ok(Some(v.to_string()));
                }
                if let Some(c) = &view.current {
                    return Ok(Some(c.clone()));
                }
                p.show(tr("Raden får inte vara tom.", "The line may not be empty."));
            }
            Reply::Back => continue,
            Reply::Quit => return Ok(None),
        }
    }
}

/// Reads an existing assessment to resume it. Missing → None. Anything wrong with it → an error
/// that names every problem; the file itself is never touched.
pub fn load_existing(path: &Path, set: &ChecklistSet, entry: &Entry) -> Result<Option<Assessment>> {
    if !path.exists() {
        return Ok(None);
    }
    let bytes = read_file(path)?;
    let name = path.display().to_string();
    let a = match storage::check_assessment(&name, &bytes, set) {
        Ok((a, _warnings)) => a,
        Err(diagnostics) => match drifted_options_only(&name, &bytes, entry, &diagnostics) {
            Some(a) => a,
            None => {
                return Err(Error::Unusable {
                    path: path.to_path_buf(),
                    diagnostics,
                });
            }
        },
    };
    if a.checklist != entry.checklist.id {
        return Err(Error::WrongChecklist {
            path: path.to_path_buf(),
            found: a.checklist,
            expected: entry.checklist.id.clone(),
        });
    }
    Ok(Some(a))
}

/// A file begun against an earlier checklist whose only errors are answers with options the
/// checklist no longer has: that is the checklist's change, not damage, so it can be resumed (the
/// flow drops those answers and says so). Anything else stays refused.
fn drifted_options_only(
    name: &str,
    bytes: &[u8],
    entry: &Entry,
    diags: &[crate::diagnostics::Diagnostic],
) -> Option<Assessment> {
    use crate::diagnostics::Code;
    if !diags
        .iter()
        .filter(|d| d.is_error())
        .all(|d| d.code == Code::UnknownOption)
    {
        return None;
    }
    let root = crate::catalog::parse_tree(name, bytes).ok()?;
    let text = crate::catalog::text_of(bytes);
    let parsed = crate::catalog::parse_as::<Assessment>(
        crate::schema::FileKind::Assessment,
        name,
        text,
        root,
    )
    .ok()?;
    let a = parsed.value;
    let drifted = a.drifted_from(&entry.checklist, &entry.digest);
    (drifted && a.checklist == entry.checklist.id).then_some(a)
}

/// The default file `<checklist>-<unit>-<date>.yaml` in the current folder. An unfinished file
/// of the same checklist and unit from an earlier day is resumed rather than started anew. A file
/// of another unit that got the same name ("Åsen" and "Asen" both give `asen`) is never
/// continued: the next free name, `…-2.yaml`, `…-3.yaml`, is taken instead.
fn default_file(
    set: &ChecklistSet,
    entry: &Entry,
    unit: &str,
    today: NaiveDate,
) -> Result<(PathBuf, Lock, Option<Assessment>)> {
    let prefix = format!("{}-", default_stem(&entry.checklist.id, unit));
    let mut earlier: Vec<(NaiveDate, u32, String)> = std::fs::read_dir(".")
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| {
            let (date, k) = dated_name(&n, &prefix)?;
            (date < today).then_some((date, k, n))
        })
        .collect();
    earlier.sort();
    // The newest earlier file of this unit decides: resumed when unfinished.
    for (_, _, name) in earlier.into_iter().rev() {
        let path = PathBuf::from(name);
        let lock = Lock::acquire(&path)?;
        match of_unit(load_existing(&path, set, entry), unit)? {
            Some(Some(a)) if a.completed.is_none() => return Ok((path, lock, Some(a))),
            Some(_) => break,
            None => continue,
        }
    }
    for k in 1..=MAX_SAME_DAY {
        let suffix = if k == 1 {
            String::new()
        } else {
            format!("-{k}")
        };
        let path = PathBuf::from(format!("{prefix}{}{suffix}.yaml", today.format("%Y-%m-%d")));
        let lock = Lock::acquire(&path)?;
        if let Some(existing) = of_unit(load_existing(&path, set, entry), unit)? {
            return Ok((path, lock, existing));
        }
    }
    Err(Error::Refused(t!(
        "det finns redan {MAX_SAME_DAY} bedömningsfiler med namnet {prefix}… från i dag. Ange en fil med -o.",
        "there are already {MAX_SAME_DAY} assessment files named {prefix}… from today. Give a file with -o."
    )))
}

const MAX_SAME_DAY: u32 = 99;

/// What a default file means for `unit`: Some(None) when it does not exist, Some(assessment) when
/// it is this unit's, None when it belongs to another unit or checklist (and is left alone).
fn of_unit(loaded: Result<Option<Assessment>>, unit: &str) -> Result<Option<Option<Assessment>>> {
    match loaded {
        Ok(Some(a)) if a.unit.trim() != unit => Ok(None),
        Ok(existing) => Ok(Some(existing)),
        Err(Error::WrongChecklist { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The date and same-day number of a default file name: `<prefix>2026-11-25.yaml` is (date, 1),
/// `<prefix>2026-11-25-2.yaml` is (date, 2).
fn dated_name(name: &str, prefix: &str) -> Option<(NaiveDate, u32)> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(".yaml")?;
    let (date, k) = match rest.get(10..)? {
        "" => (rest, 1),
        tail => (
            &rest[..10],
            tail.strip_prefix('-')?.parse().ok().filter(|k| *k >= 2)?,
        ),
    };
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some((date, k))
}

/// `<checklist>-<unit>` for default file names: never empty, and short, so that the name with
/// its date stays far below the file system's 255-byte limit however long the unit's name is.
fn default_stem(checklist: &str, unit: &str) -> String {
    // slugify falls back to "mitt-id" when nothing of the text is left ("日本語", ".").
    let nothing_left = crate::schema::slugify(&format!("{unit} x")) == "x";
    let slug = if nothing_left {
        tr("enhet", "unit").to_string()
    } else {
        crate::schema::slugify(unit)
    };
    let stem = format!("{checklist}-{slug}");
    let end = stem.char_indices().nth(100).map_or(stem.len(), |(i, _)| i);
    stem[..end].trim_end_matches('-').to_string()
}

/// SPEC §5.1: an assessment is never saved in the active checklist folder, where every command
/// would then read it as a checklist.
fn outside_checklists(set: &ChecklistSet, file: Option<&Path>) -> Result<()> {
    let Some(dir) = &set.dir else {
        return Ok(());
    };
    let folder = file.map_or(Path::new("."), storage::parent_dir);
    if crate::catalog::file_id(folder).is_none_or(|f| crate::catalog::file_id(dir) != Some(f)) {
        return Ok(());
    }
    let shown = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
    let d = shown.display();
    Err(Error::Refused(match file {
        Some(f) => {
            let f = f.display();
            t!(
                "{f} ligger i checklistmappen {d}. Bedömningar sparas inte där, eftersom de då skulle läsas som checklistor. Ange en fil i en annan mapp med -o.",
                "{f} is in the checklist folder {d}. Assessments are not saved there, because they would then be read as checklists. Give a file in another folder with -o."
            )
        }
        None => t!(
            "den aktuella mappen är checklistmappen {d}. Bedömningar sparas inte där, eftersom de då skulle läsas som checklistor. Kör kommandot från en annan mapp, eller ange en fil i en annan mapp med -o.",
            "the current folder is the checklist folder {d}. Assessments are not saved there, because they would then be read as checklists. Run the command from another folder, or give a file in another folder with -o."
        ),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ChecklistSet, Origin};
    use crate::model::Answer;

    #[test]
    fn a_file_larger_than_the_tool_reads_is_never_written() {
        let set = ChecklistSet::load(&Origin::Bundled).unwrap();
        let checklist = &set.entries[0].checklist;
        let mut a = Session::new_assessment(checklist, "sha256:0", "E", "A", "2026-01-01");
        let mut answer = |comment: String| {
            let answer = "ja".to_string();
            let comment = Some(comment);
            a.answers.insert("q".into(), Answer { answer, comment });
            loadable_yaml(&a, "a.yaml")
        };
        assert!(answer("kort".into()).is_ok());
        let too_big = answer("x".repeat(crate::yaml::MAX_FILE_BYTES)).unwrap_err();
        assert!(
            too_big.to_string().contains("sparas därför inte"),
            "{too_big}"
        );
    }

    use crate::model::{Action, ActionStatus};

    #[test]
    fn open_actions_carry_over_renamed_questions_follow_removed_ones_stay() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let set = ChecklistSet::load(&crate::catalog::Origin::Dir(dir)).unwrap();
        let c = &set.get("mini").unwrap().checklist;
        let mut old = Session::new_assessment(c, "sha256:x", "E", "A", "2025-11-25T09:00:00+01:00");
        let action = |id: &str, q: Option<&str>, status| Action {
            id: Some(id.into()),
            question: q.map(str::to_string),
            area: q.is_none().then(|| "identitet".to_string()),
            measure: format!("Åtgärd {id}"),
            owner: Some("Ägare".into()),
            status: Some(status),
            note: Some("Pågår sedan maj.".into()),
            ..Default::default()
        };
        old.actions = vec![
            action("a1", Some("attest"), ActionStatus::Klar),
            action("a2", Some("attest"), ActionStatus::Pagar),
            action("a3", Some("adress-kontroll"), ActionStatus::Planerad),
            action("a4", Some("borttagen"), ActionStatus::Planerad),
            action("a5", None, ActionStatus::Planerad),
        ];
        let (carried, left) = carried_actions(&old, c);
        let ids: Vec<_> = carried.iter().filter_map(|a| a.id.as_deref()).collect();
        assert_eq!(ids, ["a2", "a3", "a5"]);
        assert_eq!(carried[0], old.actions[1], "carried over unchanged");
        assert_eq!(carried[1].question.as_deref(), Some("folkbokforing"));
        assert_eq!(left, ["a4"]);
    }
}
