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
/// memory twice). A symbolic link is written through: the file it points to is replaced.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let target = real_path(path);
    let dir = parent_dir(&target);
    // SIGINT/SIGTERM/SIGHUP wait until the temporary file is renamed or removed.
    let _signals = signals::Deferred::start();
    let result = (|| {
        // Created new (O_EXCL), with a random name and mode 0600; the name is short so that a
        // target name near the 255-byte limit still works. Dropping it removes it, so every
        // error path below cleans up.
        let mut tmp = tempfile::Builder::new()
            .prefix(".crimeproof-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
        drop(w);
        tmp.as_file().sync_all()?;
        tmp.persist(&target).map_err(|e| e.error)?;
        sync_dir(dir);
        Ok(())
    })();
    result.map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The folder a path is in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The path with symbolic links and `..` resolved, also for a file that does not exist yet (its
/// folder is resolved), so that every spelling of one file gives one path.
fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| match path.file_name() {
        Some(name) => std::fs::canonicalize(parent_dir(path))
            .map(|d| d.join(name))
            .unwrap_or_else(|_| path.to_path_buf()),
        None => path.to_path_buf(),
    })
}

/// Refuses an output path that is not a file to replace (a folder, a device, a named pipe) or
/// that is one of the command's input files under any name (a symbolic or hard link included).
/// A missing output is fine: it will be created.
pub fn guard_output(output: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Ok(meta) = std::fs::metadata(output) else {
        return Ok(());
    };
    let o = output.display();
    if !meta.is_file() {
        let what = not_a_file(&meta);
        return Err(Error::Refused(t!(
            "{o} är {what}, inte en vanlig fil, och skrivs inte över. Ange ett filnamn med -o.",
            "{o} is {what}, not a regular file, and is not replaced. Give a file name with -o."
        )));
    }
    let out_id = crate::catalog::file_id(output);
    if let Some(input) = inputs
        .iter()
        .find(|i| out_id.is_some() && crate::catalog::file_id(i) == out_id)
    {
        let i = input.display();
        return Err(Error::Refused(t!(
            "{o} är samma fil som indatafilen {i} och skrivs inte över. Ange en annan fil med -o.",
            "{o} is the same file as the input file {i} and is not replaced. Give another file with -o."
        )));
    }
    Ok(())
}

/// What kind of thing a path that is not a regular file is, for messages.
fn not_a_file(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return crate::i18n::tr("en namngiven pipe", "a named pipe");
        }
        if t.is_char_device() || t.is_block_device() {
            return crate::i18n::tr("en enhetsfil", "a device");
        }
        if t.is_socket() {
            return crate::i18n::tr("en socket", "a socket");
        }
    }
    if meta.is_dir() {
        crate::i18n::tr("en mapp", "a folder")
    } else {
        crate::i18n::tr("ingen vanlig fil", "not a regular file")
    }
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

/// Termination signals that arrive while a temporary file exists are held back until it is
/// renamed or removed, then take their default effect; at any other time they act at once.
#[cfg(unix)]
mod signals {
    use std::sync::Once;
    use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering::SeqCst};

    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::low_level::emulate_default_handler;

    static WRITING: AtomicUsize = AtomicUsize::new(0);
    static PENDING: AtomicI32 = AtomicI32::new(0);

    pub struct Deferred;

    impl Deferred {
        pub fn start() -> Deferred {
            static INSTALL: Once = Once::new();
            INSTALL.call_once(|| {
                for sig in [SIGINT, SIGTERM, SIGHUP] {
                    // SAFETY: the handler only uses atomics and `emulate_default_handler`, all
                    // async-signal-safe.
                    let _ = unsafe {
                        signal_hook::low_level::register(sig, move || {
                            if WRITING.load(SeqCst) > 0 {
                                PENDING.store(sig, SeqCst);
                            } else {
                                let _ = emulate_default_handler(sig);
                            }
                        })
                    };
                }
            });
            WRITING.fetch_add(1, SeqCst);
            Deferred
        }
    }

    impl Drop for Deferred {
        fn drop(&mut self) {
            if WRITING.fetch_sub(1, SeqCst) == 1 {
                let sig = PENDING.swap(0, SeqCst);
                if sig != 0 {
                    let _ = emulate_default_handler(sig);
                }
            }
        }
    }
}

#[cfg(not(unix))]
mod signals {
    pub struct Deferred;
    impl Deferred {
        pub fn start() -> Deferred {
            Deferred
        }
    }
}

/// An advisory lock that keeps two `assess` sessions from writing the same file. It is a
/// separate hidden `.NAME.lock` file beside the real file (symbolic links resolved, so every
/// spelling of the path meets the same lock), because the assessment itself is replaced on every
/// save. The lock is the operating system's lock on that file, not its existence: it is released
/// when the process ends, however it ends, and the file is left in place. Deleting it while
/// held would let the next two sessions lock two different files of the same name.
pub struct Lock {
    _file: File,
}

impl Lock {
    pub fn acquire(target: &Path) -> Result<Lock> {
        let path = lock_path(target);
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked {
                path: target.to_path_buf(),
            }),
            Err(std::fs::TryLockError::Error(source)) => Err(Error::Write { path, source }),
        }
    }
}

/// `.NAME.lock` beside the real file; a digest of the name when that would exceed 255 bytes.
fn lock_path(target: &Path) -> PathBuf {
    let real = real_path(target);
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut lock = format!(".{name}.lock");
    if lock.len() > 255 {
        let digest = crate::catalog::digest(name.as_bytes());
        lock = format!(".crimeproof-{}.lock", &digest["sha256:".len()..][..16]);
    }
    parent_dir(&real).join(lock)
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
        self.assessment
            .drifted_from(&self.entry.checklist, &self.entry.digest)
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

    #[cfg(unix)]
    #[test]
    fn temporary_file_does_not_follow_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep").unwrap();
        let p = dir.path().join("a.yaml");
        // The name the temporary file used to have, guessable from the process id.
        let guessed = dir
            .path()
            .join(format!(".a.yaml.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &guessed).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
    }

    #[test]
    fn names_near_the_length_limit_can_be_written_and_locked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(format!("{}.yaml", "a".repeat(250)));
        let _lock = Lock::acquire(&p).unwrap();
        write_atomic(&p, b"one").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        let r = write_atomic_with(&p, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn lock_file_stays_after_release_so_later_sessions_share_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        drop(Lock::acquire(&p).unwrap());
        // Deleting the held file let a waiting session lock the orphaned copy while the next
        // one created and locked a new file: two holders of one lock.
        assert!(dir.path().join(".a.yaml.lock").exists());
        let second = Lock::acquire(&p).unwrap();
        assert!(matches!(Lock::acquire(&p), Err(Error::Locked { .. })));
        drop(second);
    }

    #[cfg(unix)]
    #[test]
    fn every_spelling_of_the_path_meets_the_same_lock() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        write_atomic(&p, b"x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink(&p, dir.path().join("link.yaml")).unwrap();
        let _held = Lock::acquire(&p).unwrap();
        for other in [
            dir.path().join("link.yaml"),
            dir.path().join("sub/../a.yaml"),
        ] {
            assert!(
                matches!(Lock::acquire(&other), Err(Error::Locked { .. })),
                "{}",
                other.display()
            );
        }
    }

    /// Run by `termination_signals_wait_for_the_temporary_file` in a child process.
    #[cfg(unix)]
    #[test]
    fn signal_child() {
        let Some(dir) = std::env::var_os("CRIMEPROOF_SIGNAL_CHILD") else {
            return;
        };
        let sig: i32 = std::env::var("CRIMEPROOF_SIGNAL").unwrap().parse().unwrap();
        let p = Path::new(&dir).join("a.yaml");
        let _ = write_atomic_with(&p, |w| {
            signal_hook::low_level::raise(sig)?;
            w.write_all(b"complete")
        });
        unreachable!("the signal ends the process after the write");
    }

    #[cfg(unix)]
    #[test]
    fn termination_signals_wait_for_the_temporary_file() {
        use std::os::unix::process::ExitStatusExt;
        for sig in [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let status = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "storage::tests::signal_child",
                    "--test-threads=1",
                ])
                .env("CRIMEPROOF_SIGNAL_CHILD", dir.path())
                .env("CRIMEPROOF_SIGNAL", sig.to_string())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap();
            assert_eq!(status.signal(), Some(sig), "{status:?}");
            let names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            assert_eq!(names, ["a.yaml"], "signal {sig}");
            assert_eq!(
                std::fs::read(dir.path().join("a.yaml")).unwrap(),
                b"complete"
            );
        }
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
