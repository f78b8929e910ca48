//! `crimeproof check`: validates checklists, the matrix and assessments, reporting every problem.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::catalog::{
    self, ChecklistSet, MATRIX_FILE, Origin, duplicate_checklist, parse_tree, read_file,
};
use crate::diagnostics::{Code, Diagnostic, render_all, summary};
use crate::error::{Error, Result};
use crate::model::Matrix;

/// Checks files; returns all diagnostics and the number of files read.
pub fn check_paths(origin: &Origin, paths: &[PathBuf]) -> Result<(Vec<Diagnostic>, usize)> {
    let files: Vec<PathBuf> = if paths.is_empty() {
        match origin {
            Origin::Dir(dir) => catalog::yaml_files(std::slice::from_ref(dir))?,
            Origin::Bundled => return Ok(check_bundled()),
        }
    } else {
        catalog::yaml_files(paths)?
    };
    // Assessments are checked against the active set; if it cannot load, say so per file.
    let set = ChecklistSet::load(origin);
    // Files are independent, so they are checked on all cores; duplicate checklist ids are
    // found afterwards, in file order.
    let results = crate::parallel::chunked(&files, |part| {
        let mut matrices = HashMap::new();
        part.iter()
            .map(|p| check_file(p, &set, &mut matrices))
            .collect()
    });
    let mut diags = Vec::new();
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    for r in results {
        diags.extend(r.diags);
        if let Some((id, name, bytes)) = r.checklist {
            if let Some(first) = seen_ids.get(&id) {
                diags.push(duplicate_checklist(&name, &bytes, &id, first));
            } else {
                seen_ids.insert(id, name);
            }
        }
    }
    diags.dedup();
    Ok((diags, files.len()))
}

/// What checking one file found; a valid checklist also gives its id, for the duplicate check.
#[derive(Default)]
struct Checked {
    diags: Vec<Diagnostic>,
    checklist: Option<(String, String, Vec<u8>)>,
}

fn check_file(
    path: &Path,
    set: &Result<ChecklistSet>,
    matrices: &mut HashMap<PathBuf, Option<Matrix>>,
) -> Checked {
    let name = path.display().to_string();
    let mut out = Checked::default();
    let bytes = match read_file(path) {
        Ok(b) => b,
        Err(e) => {
            out.diags.push(unreadable(&name, &e));
            return out;
        }
    };
    let root = match parse_tree(&name, &bytes) {
        Ok(r) => r,
        Err(d) => {
            out.diags.push(d);
            return out;
        }
    };
    let kind = catalog::kind_of(path, &root);
    // When the only structural problems are unknown fields, the file is checked once more
    // without them, so its semantic problems are reported in the same pass.
    let lenient = crate::schema::without_unknown_fields(kind, &root);
    let mut checked = check_tree(kind, path, &name, &bytes, root, set, matrices);
    if let Some(stripped) = lenient
        && checked.diags.iter().all(|d| d.code == Code::UnknownField)
    {
        let second = check_tree(kind, path, &name, &bytes, stripped, set, matrices);
        checked.diags.extend(second.diags);
        checked.diags.sort_by_key(|d| (d.line, d.column));
    }
    checked
}

/// The structural and semantic checks of one parsed file.
fn check_tree(
    kind: crate::schema::FileKind,
    path: &Path,
    name: &str,
    bytes: &[u8],
    root: crate::yaml::Node,
    set: &Result<ChecklistSet>,
    matrices: &mut HashMap<PathBuf, Option<Matrix>>,
) -> Checked {
    let mut out = Checked::default();
    match kind {
        crate::schema::FileKind::Matrix => {
            if let Err(d) = catalog::matrix_from_tree(name, bytes, root) {
                out.diags.extend(d);
            }
        }
        crate::schema::FileKind::Checklist => {
            let matrix = matrix_for(path, matrices, set.as_ref().ok().map(|s| &s.matrix));
            match catalog::checklist_from_tree(name, bytes, root, &matrix) {
                Ok((entry, warnings)) => {
                    out.diags.extend(warnings);
                    out.checklist = Some((entry.checklist.id, name.to_string(), bytes.to_vec()));
                }
                Err(d) => out.diags.extend(d),
            }
        }
        crate::schema::FileKind::Round => {
            match crate::round::round_from_tree(name, bytes, root, set.as_ref().ok()) {
                Ok((_, warnings)) => out.diags.extend(warnings),
                Err(d) => out.diags.extend(d),
            }
        }
        crate::schema::FileKind::Assessment => match set {
            Ok(set) => match crate::storage::assessment_from_tree(name, bytes, root, set) {
                Ok((_, warnings)) => out.diags.extend(warnings),
                Err(d) => out.diags.extend(d),
            },
            Err(Error::Invalid(d)) => out.diags.extend(d.iter().cloned()),
            Err(e) => out.diags.push(unreadable(name, e)),
        },
    }
    out
}

/// The matrix next to a checklist file when there is a valid one, else the active set's.
fn matrix_for(
    path: &Path,
    cache: &mut HashMap<PathBuf, Option<Matrix>>,
    active: Option<&Matrix>,
) -> Matrix {
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let local = cache
        .entry(dir.clone())
        .or_insert_with(|| {
            let p = dir.join(MATRIX_FILE);
            read_file(&p)
                .ok()
                .and_then(|b| catalog::load_matrix(&p.display().to_string(), &b).ok())
        })
        .clone();
    local
        .or_else(|| active.cloned())
        .unwrap_or_else(catalog::default_matrix)
}

fn check_bundled() -> (Vec<Diagnostic>, usize) {
    let files = catalog::bundled_files()
        .iter()
        .filter(|(n, _)| n.ends_with(".yaml"))
        .count();
    match ChecklistSet::load(&Origin::Bundled) {
        Ok(set) => (set.warnings, files),
        Err(Error::Invalid(d)) => (d, files),
        Err(e) => (vec![unreadable("checklists", &e)], files),
    }
}

fn unreadable(name: &str, e: &Error) -> Diagnostic {
    crate::diagnostics::Source { name, text: "" }.diag(
        crate::diagnostics::Code::Unreadable,
        crate::yaml::Pos::new(1, 1),
        e.to_string(),
        None,
    )
}

/// The `check` command: prints every problem; exit 1 when any is an error.
pub fn run(origin: &Origin, paths: &[PathBuf], json: bool) -> Result<ExitCode> {
    let (diags, files) = check_paths(origin, paths)?;
    if json {
        crate::output::print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&diags).unwrap_or_default()
        ))?;
    } else {
        crate::output::print(&render_all(&diags))?;
        eprintln!("{}", summary(&diags, files));
    }
    Ok(if diags.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
