//! `crimeproof follow-up FILE`: the unit manager or coordinator goes through the action plan of an
//! assessment (status, done date, note), adds measures of their own, and records the sector
//! head's decision per risk area. The file is locked and saved the same way `assess` saves it.

pub mod flow;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::catalog::ChecklistSet;
use crate::error::Result;
use crate::interview::flow::Prompter;
use crate::interview::{plain::PlainPrompter, terminal::TerminalPrompter};
use crate::storage::{self, Lock};

use flow::FollowUp;

/// Plain mode when asked for or when standard input is not a terminal, as in `assess`.
pub fn run_follow_up(set: &ChecklistSet, path: &Path, plain: bool) -> Result<ExitCode> {
    if plain || !std::io::stdin().is_terminal() {
        let stdin = std::io::stdin();
        let mut p = PlainPrompter::new(stdin.lock(), std::io::stdout());
        follow_up(set, path, &mut p)
    } else {
        follow_up(set, path, &mut TerminalPrompter::new())
    }
}

/// The whole follow-up with any front end. The lock is held from before reading to the last
/// save, so an `assess` or another follow-up of the same file cannot interleave.
pub fn follow_up(set: &ChecklistSet, path: &Path, p: &mut dyn Prompter) -> Result<ExitCode> {
    let _lock = Lock::acquire(path)?;
    let loaded = storage::load_assessment(path, set)?;
    crate::output::warn_all(&loaded.warnings);
    let mut session = FollowUp {
        checklist: &loaded.entry.checklist,
        assessment: loaded.assessment.clone(),
        today: crate::clock::today(),
        clock: Box::new(crate::clock::timestamp),
    };
    let mut save = |a: &crate::model::Assessment| {
        storage::write_atomic(path, storage::assessment_yaml(a)?.as_bytes())
    };
    let finished = session.run(p, &mut save)?;
    let shown = path.display();
    p.show(&if finished {
        t!(
            "Uppföljningen är sparad i {shown}.",
            "The follow-up is saved in {shown}."
        )
    } else {
        t!(
            "Uppföljningen avbröts; allt du har ändrat är sparat i {shown}.",
            "The follow-up was stopped; everything you changed is saved in {shown}."
        )
    });
    Ok(ExitCode::SUCCESS)
}
