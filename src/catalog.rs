//! Loading files: one pipeline for every file kind (bytes → YAML tree → schema → typed value →
//! semantic checks), and the active checklist set (bundled in the binary, or `--checklists DIR`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Code, Diagnostic, Source};
use crate::error::{Error, Result};
use crate::model::{Checklist, Matrix};
use crate::schema::{FileKind, check_structure};
use crate::validate;
use crate::yaml::{self, Node, Pos, SyntaxError, SyntaxErrorKind};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// Files built into the binary: checklists (with `matrix.yaml`, schemas, README) and templates.
pub fn bundled_files() -> &'static [(&'static str, &'static [u8])] {
    bundled::CHECKLISTS
}
pub fn bundled_templates() -> &'static [(&'static str, &'static [u8])] {
    bundled::TEMPLATES
}

pub const MATRIX_FILE: &str = "matrix.yaml";

/// `sha256:<hex>` of a file's bytes: identifies exactly which checklist text was answered.
pub fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut s = String::from("sha256:");
    for b in hash {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// A parsed file: its typed value and the tree with positions, for further checks.
pub struct Parsed<T> {
    pub value: T,
    pub root: Node,
}

/// Decodes and parses a file into a tree, or a diagnostic that says where it broke.
pub fn parse_tree(name: &str, bytes: &[u8]) -> std::result::Result<Node, Diagnostic> {
    let text = yaml::decode(bytes).map_err(|e| syntax_diag(name, "", &e))?;
    let root = yaml::parse(text).map_err(|e| syntax_diag(name, text, &e))?;
    if root.value == yaml::Value::Null {
        let src = Source { name, text };
        return Err(src.diag(
            Code::Empty,
            Pos::new(1, 1),
            t!("filen är tom", "the file is empty"),
            Some(t!(
                "`crimeproof init MAPP` skriver exempelfiler att utgå från",
                "`crimeproof init DIR` writes example files to start from"
            )),
        ));
    }
    Ok(root)
}

/// Structure and types: every schema problem, or the typed value.
pub fn parse_as<T: DeserializeOwned>(
    kind: FileKind,
    name: &str,
    text: &str,
    root: Node,
) -> std::result::Result<Parsed<T>, Vec<Diagnostic>> {
    let src = Source { name, text };
    let diags = check_structure(kind, &root, &src);
    if !diags.is_empty() {
        return Err(diags);
    }
    match serde_json::from_value::<T>(root.to_json()) {
        Ok(value) => Ok(Parsed { value, root }),
        // The schema and the model agree, so this is a last line of defence.
        Err(e) => Err(vec![src.diag(
            Code::Invalid,
            root.pos,
            {
                let kind = kind.name();
                t!(
                    "filen kan inte läsas som {kind}: {e}",
                    "the file cannot be read as {kind}: {e}"
                )
            },
            None,
        )]),
    }
}

/// The text of a file that `parse_tree` accepted (decode cannot fail then).
pub fn text_of(bytes: &[u8]) -> &str {
    yaml::decode(bytes).unwrap_or_default()
}

pub fn syntax_diag(name: &str, text: &str, e: &SyntaxError) -> Diagnostic {
    let src = Source { name, text };
    let (code, message, help) = match &e.kind {
        SyntaxErrorKind::TooLarge { bytes } => {
            let mb = crate::i18n::number(*bytes as f64 / 1_048_576.0, 1);
            (
                Code::TooLarge,
                t!(
                    "filen är för stor ({mb} MB; högst 5 MB)",
                    "the file is too large ({mb} MB; at most 5 MB)"
                ),
                Some(t!(
                    "en checklista eller bedömning är normalt under 200 kB; kontrollera att det är rätt fil",
                    "a checklist or assessment is normally under 200 kB; check that it is the right file"
                )),
            )
        }
        SyntaxErrorKind::InvalidUtf8 => (
            Code::InvalidUtf8,
            t!("filen är inte UTF-8-kodad", "the file is not UTF-8 encoded"),
            Some(t!(
                "spara filen som UTF-8 i din editor (i Anteckningar: Spara som → Kodning: UTF-8)",
                "save the file as UTF-8 in your editor (in Notepad: Save as → Encoding: UTF-8)"
            )),
        ),
        SyntaxErrorKind::NulByte => (
            Code::NulByte,
            t!(
                "filen innehåller ett NUL-tecken och är troligen inte en textfil",
                "the file contains a NUL character and is probably not a text file"
            ),
            Some(t!(
                "kontrollera att det är rätt fil",
                "check that it is the right file"
            )),
        ),
        SyntaxErrorKind::Tab => (
            Code::Tab,
            t!("tabbtecken i indraget", "tab character in the indentation"),
            Some(t!(
                "YAML tillåter bara mellanslag för indrag; ersätt tabben med mellanslag",
                "YAML allows only spaces for indentation; replace the tab with spaces"
            )),
        ),
        SyntaxErrorKind::TooDeep => (
            Code::TooComplex,
            t!(
                "filen är nästlad för djupt",
                "the file is nested too deeply"
            ),
            Some(t!(
                "formaten behöver högst sex nivåer; kontrollera indragen",
                "the formats need at most six levels; check the indentation"
            )),
        ),
        SyntaxErrorKind::Budget(_) => (
            Code::TooComplex,
            t!(
                "filen är för komplex att läsa säkert (för många ankare, alias eller element)",
                "the file is too complex to read safely (too many anchors, aliases or elements)"
            ),
            Some(t!(
                "ankare och alias (&, *) får bara användas sparsamt; skriv ut värdena i stället",
                "anchors and aliases (&, *) may only be used sparingly; write the values out instead"
            )),
        ),
        SyntaxErrorKind::DuplicateKey(key) => (
            Code::DuplicateKey,
            t!(
                "nyckeln `{key}` förekommer två gånger",
                "the key `{key}` occurs twice"
            ),
            Some(t!(
                "ta bort eller byt namn på en av dem; bara en får finnas på samma nivå",
                "remove or rename one of them; only one may exist at the same level"
            )),
        ),
        SyntaxErrorKind::MultipleDocuments => (
            Code::Syntax,
            t!(
                "filen innehåller flera YAML-dokument (`---`)",
                "the file contains several YAML documents (`---`)"
            ),
            Some(t!(
                "lägg varje checklista eller bedömning i en egen fil",
                "put each checklist or assessment in a file of its own"
            )),
        ),
        SyntaxErrorKind::Parser(detail) => (
            Code::Syntax,
            t!("YAML-syntaxfel: {detail}", "YAML syntax error: {detail}"),
            Some(t!(
                "kontrollera indrag, kolon efter nycklar och citattecken; text med `: ` eller `#` behöver citattecken",
                "check indentation, colons after keys and quotes; text containing `: ` or `#` needs quotes"
            )),
        ),
    };
    src.diag(code, e.pos, message, help)
}

/// One checklist of the active set.
#[derive(Debug, Clone)]
pub struct Entry {
    pub checklist: Checklist,
    pub digest: String,
    /// Where it came from, for messages.
    pub file: String,
}

/// The active checklists and matrix.
#[derive(Debug, Clone)]
pub struct ChecklistSet {
    pub matrix: Matrix,
    pub entries: Vec<Entry>,
    /// Warnings found while loading (errors make loading fail).
    pub warnings: Vec<Diagnostic>,
    /// The folder of `--checklists DIR`; None for the bundled set.
    pub dir: Option<PathBuf>,
}

/// Where checklists come from.
#[derive(Debug, Clone)]
pub enum Origin {
    Bundled,
    Dir(PathBuf),
}

/// A file to load: display name, bytes, and the stem the id must match.
struct RawFile {
    name: String,
    bytes: Vec<u8>,
}

impl ChecklistSet {
    pub fn load(origin: &Origin) -> Result<ChecklistSet> {
        let (matrix_file, files) = match origin {
            Origin::Bundled => {
                let mut matrix = None;
                let mut files = Vec::new();
                for (name, bytes) in bundled_files() {
                    let raw = RawFile {
                        name: format!("checklists/{name}"),
                        bytes: bytes.to_vec(),
                    };
                    if *name == MATRIX_FILE {
                        matrix = Some(raw);
                    } else if name.ends_with(".yaml") {
                        files.push(raw);
                    }
                }
                (matrix, files)
            }
            Origin::Dir(dir) => read_dir(dir)?,
        };
        let mut diags = Vec::new();
        let matrix = match matrix_file {
            Some(f) => match load_matrix(&f.name, &f.bytes) {
                Ok(m) => Some(m),
                Err(d) => {
                    diags.extend(d);
                    None
                }
            },
            None => Some(default_matrix()),
        };
        let Some(matrix) = matrix else {
            return Err(Error::Invalid(diags));
        };
        let mut entries: Vec<Entry> = Vec::new();
        for f in files {
            let root = match parse_tree(&f.name, &f.bytes) {
                Ok(root) => root,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            // An assessment (or a second matrix) saved in the folder is not a broken checklist.
            let kind = kind_of(Path::new(&f.name), &root);
            if kind != FileKind::Checklist {
                diags.push(not_a_checklist(&f.name, &f.bytes, kind));
                continue;
            }
            match checklist_from_tree(&f.name, &f.bytes, root, &matrix) {
                Ok((entry, warnings)) => {
                    if let Some(first) = entries
                        .iter()
                        .find(|e| e.checklist.id == entry.checklist.id)
                    {
                        diags.push(duplicate_checklist(
                            &f.name,
                            &f.bytes,
                            &entry.checklist.id,
                            &first.file,
                        ));
                    } else {
                        diags.extend(warnings);
                        entries.push(entry);
                    }
                }
                Err(d) => diags.extend(d),
            }
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(Error::Invalid(diags));
        }
        entries.sort_by(|a, b| a.checklist.id.cmp(&b.checklist.id));
        Ok(ChecklistSet {
            matrix,
            entries,
            warnings: diags,
            dir: match origin {
                Origin::Dir(dir) => Some(dir.clone()),
                Origin::Bundled => None,
            },
        })
    }

    pub fn ids(&self) -> Vec<&str> {
        self.entries
            .iter()
            .map(|e| e.checklist.id.as_str())
            .collect()
    }

    pub fn get(&self, id: &str) -> Result<&Entry> {
        self.entries
            .iter()
            .find(|e| e.checklist.id == id)
            .ok_or_else(|| Error::UnknownChecklist {
                id: id.to_string(),
                available: self.ids().into_iter().map(String::from).collect(),
            })
    }
}

/// What a file is, judged by its name and top-level keys.
pub fn kind_of(path: &Path, root: &Node) -> FileKind {
    if path.file_name().is_some_and(|n| n == MATRIX_FILE) {
        return FileKind::Matrix;
    }
    if let yaml::Value::Map(entries) = &root.value {
        let has = |k: &str| entries.iter().any(|(key, _)| key.name == k);
        if has("checklist") || has("answers") {
            return FileKind::Assessment;
        }
        if has("grid") || has("likelihood") {
            return FileKind::Matrix;
        }
    }
    if crate::round::looks_like_round(root) {
        return FileKind::Round;
    }
    FileKind::Checklist
}

fn not_a_checklist(name: &str, bytes: &[u8], kind: FileKind) -> Diagnostic {
    let what = match kind {
        FileKind::Assessment => crate::i18n::tr("en bedömning", "an assessment"),
        FileKind::Round => crate::i18n::tr("en omgångsfil", "a round file"),
        _ => crate::i18n::tr("en riskmatris", "a risk matrix"),
    };
    Source {
        name,
        text: text_of(bytes),
    }
    .diag(
        Code::NotAChecklist,
        Pos::new(1, 1),
        t!(
            "filen är {what}, inte en checklista, och hoppas över",
            "the file is {what}, not a checklist, and is skipped"
        ),
        Some(t!(
            "flytta den ut ur checklistmappen; där ska bara checklistor och {MATRIX_FILE} ligga",
            "move it out of the checklist folder; only checklists and {MATRIX_FILE} belong there"
        )),
    )
}

pub fn duplicate_checklist(name: &str, bytes: &[u8], id: &str, first: &str) -> Diagnostic {
    let text = text_of(bytes);
    let pos = parse_tree(name, bytes)
        .map(|r| r.pos_of(&[crate::yaml::Step::Key("id".into())], false))
        .unwrap_or(Pos::new(1, 1));
    Source { name, text }.diag(
        Code::DuplicateChecklist,
        pos,
        t!(
            "checklistan `{id}` finns redan i {first}",
            "checklist `{id}` already exists in {first}"
        ),
        Some(t!(
            "varje checklista måste ha ett eget id",
            "every checklist needs an id of its own"
        )),
    )
}

/// The `matrix.yaml` and checklist files of a folder.
fn read_dir(dir: &Path) -> Result<(Option<RawFile>, Vec<RawFile>)> {
    let mut seen = HashSet::new();
    let (paths, _) = list_dir(dir)?;
    let mut matrix = None;
    let mut files = Vec::new();
    for p in paths {
        if !first_time(&mut seen, &p) {
            continue;
        }
        let bytes = read_file(&p)?;
        let raw = RawFile {
            name: p.display().to_string(),
            bytes,
        };
        if p.file_name().is_some_and(|n| n == MATRIX_FILE) {
            matrix = Some(raw);
        } else {
            files.push(raw);
        }
    }
    Ok((matrix, files))
}

/// The regular `.yaml`/`.yml` files and the subfolders of a folder, sorted, hidden entries
/// skipped. Symbolic links count as what they point to. Named pipes, devices and sockets are
/// only looked at, never opened (opening a pipe waits forever).
fn list_dir(dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let rd = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for e in entries {
        if e.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        match std::fs::metadata(&e) {
            Ok(m) if m.is_dir() => dirs.push(e),
            Ok(m) if m.is_file() && is_yaml(&e) => files.push(e),
            _ => {}
        }
    }
    Ok((files, dirs))
}

/// Identifies a file however its path is spelled (device and inode on Unix, so hard links too).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

/// The identity of an existing file or folder; None when it cannot be read.
pub fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| FileId((m.dev(), m.ino())))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileId)
    }
}

/// False when `path` is a file or folder already in `seen` (one that cannot be identified is new).
fn first_time(seen: &mut HashSet<FileId>, path: &Path) -> bool {
    file_id(path).is_none_or(|id| seen.insert(id))
}

/// Collects the YAML files below the given paths: folders recursively (hidden entries skipped,
/// every folder visited once, so a symbolic-link loop ends), each file once however often it is
/// named. A file named directly is taken whatever its extension; a named pipe or device is
/// refused.
pub fn yaml_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        let Ok(meta) = std::fs::metadata(p) else {
            out.push(p.clone()); // reading it will say what is wrong, with the file's name
            continue;
        };
        if meta.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                if !first_time(&mut seen, &dir) {
                    continue;
                }
                let (files, dirs) = list_dir(&dir)?;
                out.extend(files.into_iter().filter(|f| first_time(&mut seen, f)));
                // Popped from the end: push in reverse to walk in name order.
                stack.extend(dirs.into_iter().rev());
            }
        } else if meta.is_file() {
            if first_time(&mut seen, p) {
                out.push(p.clone());
            }
        } else {
            let n = p.display();
            return Err(Error::Refused(t!(
                "{n} är ingen vanlig fil eller mapp och läses inte. Ange en .yaml-fil eller en mapp med sådana.",
                "{n} is not a regular file or folder and is not read. Give a .yaml file or a folder of them."
            )));
        }
    }
    Ok(out)
}

pub fn is_yaml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// Reads a file, refusing ones far larger than any valid file before reading them whole.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    // One byte over the limit is enough for `decode` to report "too large".
    file.take(yaml::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    Ok(bytes)
}

/// The built-in matrix of SPEC §2.2.
pub fn default_matrix() -> Matrix {
    let bytes = bundled_files()
        .iter()
        .find(|(n, _)| *n == MATRIX_FILE)
        .map(|(_, b)| *b)
        .expect("matrix.yaml is bundled");
    yaml::from_str(text_of(bytes)).expect("bundled matrix is valid")
}

pub fn load_matrix(name: &str, bytes: &[u8]) -> std::result::Result<Matrix, Vec<Diagnostic>> {
    let root = parse_tree(name, bytes).map_err(|d| vec![d])?;
    matrix_from_tree(name, bytes, root)
}

/// [`load_matrix`] for a file already parsed into a tree.
pub fn matrix_from_tree(
    name: &str,
    bytes: &[u8],
    root: Node,
) -> std::result::Result<Matrix, Vec<Diagnostic>> {
    let text = text_of(bytes);
    let parsed: Parsed<Matrix> = parse_as(FileKind::Matrix, name, text, root)?;
    let diags = validate::matrix(&parsed.value, &parsed.root, &Source { name, text });
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(parsed.value)
}

/// Loads a checklist file; on success also returns its warnings.
pub fn load_checklist(
    name: &str,
    bytes: &[u8],
    matrix: &Matrix,
) -> std::result::Result<(Entry, Vec<Diagnostic>), Vec<Diagnostic>> {
    let root = parse_tree(name, bytes).map_err(|d| vec![d])?;
    checklist_from_tree(name, bytes, root, matrix)
}

/// [`load_checklist`] for a file already parsed into a tree.
pub fn checklist_from_tree(
    name: &str,
    bytes: &[u8],
    root: Node,
    matrix: &Matrix,
) -> std::result::Result<(Entry, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = text_of(bytes);
    let parsed: Parsed<Checklist> = parse_as(FileKind::Checklist, name, text, root)?;
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str());
    let diags = validate::checklist(
        &parsed.value,
        &parsed.root,
        &Source { name, text },
        stem,
        matrix,
    );
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((
        Entry {
            checklist: parsed.value,
            digest: digest(bytes),
            file: name.to_string(),
        },
        diags,
    ))
}
