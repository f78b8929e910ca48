//! `round forms ROUND -o DIR`: one browser form (SPEC §5.4) per unit of the round, pre-filled
//! with the unit and its checklist, named `<unit>-<checklist>.html` so the coordinator sees at
//! once whose it is.

use std::path::{Path, PathBuf};

use crate::catalog::ChecklistSet;
use crate::error::{Error, Result};

/// Writes the browser form of `checklist_id`, pre-filled with `unit`, to `out_path`: the same
/// page `crimeproof form CHECKLIST --unit UNIT` writes.
pub fn write_form(
    set: &ChecklistSet,
    checklist_id: &str,
    unit: &str,
    out_path: &Path,
) -> Result<()> {
    let entry = set.get(checklist_id)?;
    let html = crate::form::render(set, entry, Some(unit), None)?;
    crate::storage::write_atomic(out_path, html.as_bytes())
}

/// The file name of a unit's form: readable, safe on Windows, unique within the round.
pub fn form_name(unit: &str, checklist: &str, taken: &[PathBuf], dir: &Path) -> PathBuf {
    let slug = crate::schema::slugify(unit);
    let slug: String = if unit.chars().any(|c| {
        c.is_ascii_alphanumeric() || "åäöéü".contains(c.to_lowercase().next().unwrap_or(c))
    }) {
        // Keep names short enough for Windows paths.
        slug.chars().take(60).collect()
    } else {
        "enhet".into()
    };
    let slug = slug.trim_end_matches('-');
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{slug}-{checklist}.html")
        } else {
            format!("{slug}-{checklist}-{n}.html")
        };
        let p = dir.join(name);
        if !taken.contains(&p) {
            return p;
        }
        n += 1;
    }
}

/// Writes every form of the round into `dir` (created when missing).
pub fn run(set: &ChecklistSet, round_path: &Path, dir: &Path) -> Result<Vec<PathBuf>> {
    let round = super::load(round_path, Some(set))?;
    if dir.exists() && !dir.is_dir() {
        let d = dir.display();
        return Err(Error::Refused(t!(
            "{d} är ingen mapp. Ange med -o en mapp som formulären ska skrivas till.",
            "{d} is not a folder. Give with -o a folder to write the forms to."
        )));
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written: Vec<PathBuf> = Vec::new();
    for u in &round.units {
        let out = form_name(&u.unit, &u.checklist, &written, dir);
        crate::storage::guard_output(&out, &[round_path.to_path_buf()])?;
        write_form(set, &u.checklist, &u.unit, &out)?;
        written.push(out);
    }
    Ok(written)
}
