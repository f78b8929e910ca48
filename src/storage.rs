//! Files the tool writes: assessments after every answer, reports and exports. Writes are atomic
//! and durable (temporary file in the same folder, fsync, rename, fsync of the folder), so a crash
//! or a kill leaves either the old or the new file, never half of one. Everything is created
//! readable by the owner only: these files describe the municipality's control weaknesses.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::catalog::{ChecklistSet, Entry, Parsed, parse_as, parse_tree, read_file, text_of};
use crate::diagnostics::{Diagnostic, Source};
use crate::error::{Error, Result};
use crate::model::Assessment;
use crate::schema::FileKind;
use crate::validate;

/// Writes `bytes` to `path` atomically, with mode 0600 on Unix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Like [`write_atomic`], with the content streamed by `fill` (large reports are not held in
/// memory twice).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("crimeproof");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let f = private_options().open(&tmp)?;
        let mut w = std::io::BufWriter::new(f);
        fill(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        sync_dir(&dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(write_err)
}

fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Makes the rename itself durable. Not possible on every platform; the data is already synced.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// An advisory lock that keeps two `assess` sessions from writing the same file. It is a
/// separate `.NAME.lock` file because the assessment itself is replaced on every save. The
/// operating system releases the lock when the process dies, so a stale lock file is harmless.
pub struct Lock {
    _file: File,
    path: PathBuf,
}

impl Lock {
    pub fn acquire(target: &Path) -> Result<Lock> {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("assessment");
        let path = dir.join(format!(".{name}.lock"));
        let file = private_options()
            .truncate(false)
            .open(&path)
            .map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file, path }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked {
                path: target.to_path_buf(),
            }),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Write { path, source }),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// An assessment file read and checked against the active checklist set.
pub struct LoadedAssessment<'s> {
    pub path: PathBuf,
    pub assessment: Assessment,
    pub entry: &'s Entry,
    /// Warnings (e.g. the checklist changed since answering began).
    pub warnings: Vec<Diagnostic>,
}

impl LoadedAssessment<'_> {
    pub fn score(&self, set: &ChecklistSet) -> crate::scoring::Score {
        crate::scoring::score(&self.entry.checklist, &set.matrix, &self.assessment)
    }
    /// True when the checklist changed after the assessment began.
    pub fn drifted(&self) -> bool {
        self.assessment.checklist_version != self.entry.checklist.version
            || self
                .assessment
                .checklist_digest
                .as_deref()
                .is_some_and(|d| d != self.entry.digest)
    }
}

/// Reads an assessment and checks it fully; any error makes it unusable (nothing is guessed).
pub fn load_assessment<'s>(path: &Path, set: &'s ChecklistSet) -> Result<LoadedAssessment<'s>> {
    let bytes = read_file(path)?;
    let (assessment, warnings) =
        check_assessment(&path.display().to_string(), &bytes, set).map_err(Error::Invalid)?;
    let entry = set.get(&assessment.checklist)?;
    Ok(LoadedAssessment {
        path: path.to_path_buf(),
        assessment,
        entry,
        warnings,
    })
}

/// The full check of an assessment's bytes: the typed value and its warnings, or every problem.
pub fn check_assessment(
    name: &str,
    bytes: &[u8],
    set: &ChecklistSet,
) -> std::result::Result<(Assessment, Vec<Diagnostic>), Vec<Diagnostic>> {
    let root = parse_tree(name, bytes).map_err(|d| vec![d])?;
    assessment_from_tree(name, bytes, root, set)
}

/// [`check_assessment`] for a file already parsed into a tree.
pub fn assessment_from_tree(
    name: &str,
    bytes: &[u8],
    root: crate::yaml::Node,
    set: &ChecklistSet,
) -> std::result::Result<(Assessment, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = text_of(bytes);
    let Parsed { value, root } = parse_as::<Assessment>(FileKind::Assessment, name, text, root)?;
    let entry = set
        .entries
        .iter()
        .find(|e| e.checklist.id == value.checklist);
    let diags = validate::assessment(
        &value,
        &root,
        &Source { name, text },
        entry.map(|e| (&e.checklist, e.digest.as_str())),
        &set.ids(),
        &set.matrix,
    );
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((value, diags))
}

/// Serializes an assessment the way the tool writes it: answers in checklist order, with a
/// comment line on top for the person who opens it.
pub fn assessment_yaml(a: &Assessment) -> Result<String> {
    let body = crate::yaml::to_string(a).map_err(|detail| Error::Write {
        path: PathBuf::from(&a.unit),
        source: std::io::Error::other(detail),
    })?;
    let head = crate::i18n::tr(
        "# Bedömning gjord med crimeproof. Filen sparas efter varje svar; kontrollera den med `crimeproof check`.",
        "# Assessment made with crimeproof. The file is saved after every answer; check it with `crimeproof check`.",
    );
    Ok(format!("{head}\n{body}"))
}

/// Loads many assessments, spread over the available cores (YAML parsing dominates the cost of
/// a sector report). Results keep the order of `paths`; every file's problems are collected.
pub fn load_assessments<'s>(
    paths: &[PathBuf],
    set: &'s ChecklistSet,
) -> Result<Vec<LoadedAssessment<'s>>> {
    let results = crate::parallel::chunked(paths, |part| {
        part.iter().map(|p| load_assessment(p, set)).collect()
    });
    let mut loaded = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(l) => loaded.push(l),
            Err(Error::Invalid(d)) => diags.extend(d),
            Err(e) => return Err(e),
        }
    }
    if diags.is_empty() {
        Ok(loaded)
    } else {
        Err(Error::Invalid(diags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    }

    #[test]
    fn second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        let first = Lock::acquire(&p).unwrap();
        assert!(matches!(Lock::acquire(&p), Err(Error::Locked { .. })));
        drop(first);
        assert!(Lock::acquire(&p).is_ok());
    }
}
