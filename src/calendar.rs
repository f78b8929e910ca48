//! `calendar`: the open actions of the action plans (and a round's deadline) as an iCalendar
//! file (RFC 5545) that Outlook and phones import — reminders without a server. One all-day
//! event per open action with a due date; the UID is stable, so importing again updates.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use icalendar::{Calendar, Component, Event, EventLike};
use sha2::{Digest, Sha256};

use crate::catalog::ChecklistSet;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::model::{Action, ActionStatus};
use crate::storage::{LoadedAssessment, guard_output, load_assessments};

/// The last day of a due period: a date is itself, a month (`2026-06`) its last day, a year
/// (`2026`) 31 December; `löpande` (continuous) and anything else has none.
///
/// The follow-up of the action plan brings a `Due` type to the core; this is the one place to
/// swap for it.
pub fn due_last_day(due: &str) -> Option<NaiveDate> {
    // One definition of the due periods: the core's (a date, a month, a year or löpande).
    let last = crimeproof_core::plan::Due::parse(due)?.last_day()?;
    NaiveDate::from_ymd_opt(last.year, last.month, last.day)
}

/// What identifies an action within its file: its id, else (a hand-written action) its
/// question or area and its measure.
pub fn action_key(a: &Action) -> String {
    match &a.id {
        Some(id) => id.clone(),
        None => {
            let place = a
                .question
                .as_deref()
                .or(a.area.as_deref())
                .unwrap_or_default();
            format!("{place}\u{1f}{}", a.measure)
        }
    }
}

/// A UID that stays the same for the same action of the same file, on every machine.
fn uid(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{hex}@crimeproof")
}

fn is_open(a: &Action) -> bool {
    a.status != Some(ActionStatus::Klar)
}

fn status_label(a: &Action) -> &'static str {
    match a.status {
        Some(ActionStatus::Pagar) => tr("pågår", "in progress"),
        Some(ActionStatus::Klar) => tr("klar", "done"),
        _ => tr("planerad", "planned"),
    }
}

/// The events of one assessment's open actions that have a due date, in file order.
fn action_events(l: &LoadedAssessment, stamp: chrono::DateTime<chrono::Utc>) -> Vec<Event> {
    let c = &l.entry.checklist;
    let file = l
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unit = &l.assessment.unit;
    l.assessment
        .actions
        .iter()
        .filter(|a| is_open(a))
        .filter_map(|a| {
            let day = due_last_day(a.due.as_deref()?)?;
            let area = c
                .questions()
                .find(|(_, q)| {
                    a.question
                        .as_deref()
                        .is_some_and(|id| q.id == id || q.replaces.iter().any(|r| r == id))
                })
                .map(|(ar, _)| ar.title.as_str())
                .or_else(|| {
                    let area = a.area.as_deref()?;
                    c.areas
                        .iter()
                        .find(|x| x.id == area)
                        .map(|x| x.title.as_str())
                })
                .unwrap_or("–");
            let mut lines = vec![
                format!("{}: {unit}", tr("Enhet", "Unit")),
                format!("{}: {area}", tr("Riskområde", "Risk area")),
                format!(
                    "{}: {}",
                    tr("Ansvarig", "Owner"),
                    a.owner.as_deref().unwrap_or("–")
                ),
            ];
            if let Some(p) = &a.partners {
                lines.push(format!("{}: {p}", tr("Samverkan", "Partners")));
            }
            lines.push(format!(
                "{}: {} ({})",
                tr("Uppföljning", "Follow-up"),
                a.due.as_deref().unwrap_or_default(),
                status_label(a)
            ));
            lines.push(format!("{}: {file}", tr("Fil", "File")));
            Some(
                Event::new()
                    .uid(&uid(&[&file, unit, &action_key(a)]))
                    .timestamp(stamp)
                    .summary(&a.measure)
                    .description(&lines.join("\n"))
                    .starts(day)
                    .ends(day.succ_opt().unwrap_or(day))
                    .done(),
            )
        })
        .collect()
}

/// The whole calendar as text (CRLF line ends, lines folded at 75 octets by the crate).
pub fn calendar_text(loaded: &[LoadedAssessment], round: Option<&crate::round::Round>) -> String {
    let stamp = crate::clock::now().with_timezone(&chrono::Utc);
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property((
        "PRODID",
        concat!(
            "-//crimeproof//crimeproof ",
            env!("CARGO_PKG_VERSION"),
            "//SV"
        ),
    ));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", "PUBLISH"));
    let name = match round {
        Some(r) => format!("{}: {}", tr("Brottssäkring", "Crime proofing"), r.name),
        None => tr("Brottssäkring: åtgärder", "Crime proofing: measures").to_string(),
    };
    cal.name(&name);
    if let Some(r) = round
        && let Some(day) = r.deadline_date()
    {
        let units: Vec<String> = r
            .units
            .iter()
            .map(|u| match &u.respondent {
                Some(p) => format!("{} ({p})", u.unit),
                None => u.unit.clone(),
            })
            .collect();
        let n = units.len();
        let description = format!(
            "{}\n{}",
            t!(
                "{n} enheter ska ha lämnat sina svar:",
                "{n} units are to have handed in their answers:"
            ),
            units.join("\n")
        );
        cal.push(
            Event::new()
                .uid(&uid(&["round", &r.name]))
                .timestamp(stamp)
                .summary(&{
                    let name = &r.name;
                    t!("Sista dag för svar: {name}", "Deadline for answers: {name}")
                })
                .description(&description)
                .starts(day)
                .ends(day.succ_opt().unwrap_or(day))
                .done(),
        );
    }
    for l in loaded {
        for e in action_events(l, stamp) {
            cal.push(e);
        }
    }
    cal.to_string()
}

/// `calendar FILE... [--round ROUND] [-o OUT.ics]`.
pub fn run(
    set: &ChecklistSet,
    files: &[PathBuf],
    round: Option<&Path>,
    output: Option<&Path>,
) -> Result<()> {
    if files.is_empty() && round.is_none() {
        return Err(Error::Usage(
            tr(
                "ange bedömningsfiler (eller en mapp med dem) och/eller --round OMGÅNG",
                "give assessment files (or a folder with them) and/or --round ROUND",
            )
            .to_string(),
        ));
    }
    let paths = crate::catalog::yaml_files(files)?;
    let round_file = match round {
        Some(p) => Some(crate::round::load(p, Some(set))?),
        None => None,
    };
    // The round file may sit in the same folder as the answers; it is no assessment.
    let round_id = round.and_then(crate::catalog::file_id);
    let paths: Vec<PathBuf> = paths
        .into_iter()
        .filter(|p| round_id.is_none() || crate::catalog::file_id(p) != round_id)
        .collect();
    if let Some(out) = output {
        let mut inputs = paths.clone();
        inputs.extend(round.map(Path::to_path_buf));
        guard_output(out, &inputs)?;
    }
    let loaded = load_assessments(&paths, set)?;
    for l in &loaded {
        crate::output::warn_all(&l.warnings);
    }
    let text = calendar_text(&loaded, round_file.as_ref());
    match output {
        Some(p) => crate::storage::write_atomic(p, text.as_bytes()),
        None => crate::output::print(&text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_periods_end_on_their_last_day() {
        let d = |s: &str| due_last_day(s).map(|d| d.to_string());
        assert_eq!(d("2026-06-30").as_deref(), Some("2026-06-30"));
        assert_eq!(d("2026-06").as_deref(), Some("2026-06-30"));
        assert_eq!(d("2028-02").as_deref(), Some("2028-02-29"));
        assert_eq!(d("2026-12").as_deref(), Some("2026-12-31"));
        assert_eq!(d("2026").as_deref(), Some("2026-12-31"));
        assert_eq!(d("löpande"), None);
        assert_eq!(d("2026-13"), None);
        assert_eq!(d("snart"), None);
    }
}
