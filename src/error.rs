//! The library's error type. Every variant is something a user can act on; the message says
//! what is wrong and how to fix it, in the user's language.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, render_all};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more files are invalid; each diagnostic says where and why.
    #[error("{}", render_invalid(.0))]
    Invalid(Vec<Diagnostic>),

    #[error("{}", read_msg(.path, .source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}", write_msg(.path, .source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    /// Standard output could not be written (a full disk, not a closed pipe).
    #[error("{}", stdout_msg(.0))]
    Stdout(std::io::Error),

    #[error("{}", unknown_checklist(.id, .available))]
    UnknownChecklist { id: String, available: Vec<String> },

    #[error("{}", wrong_checklist(.path, .found, .expected))]
    WrongChecklist {
        path: PathBuf,
        found: String,
        expected: String,
    },

    #[error("{}", locked(.path))]
    Locked { path: PathBuf },

    /// An existing assessment file that cannot be resumed; it is left exactly as it is.
    #[error("{}", unusable(.path, .diagnostics))]
    Unusable {
        path: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },

    /// The terminal could not be used for the interactive mode.
    #[error("{}", terminal_msg(&**.0))]
    Terminal(#[source] Box<dyn std::error::Error + Send + Sync>),

    #[error("{}", template_msg(.name, .detail))]
    Template { name: String, detail: String },

    /// The request cannot be carried out as given (exit code 1); the message says why.
    #[error("{0}")]
    Refused(String),

    /// The command line is wrong in a way clap cannot see (exit code 2).
    #[error("{0}")]
    Usage(String),

    /// Something that cannot happen did (exit code 1): a bug, not the user's mistake.
    #[error("{}", internal_msg(.0))]
    Internal(String),
}

impl Error {
    /// SPEC §4: 1 for wrong input, 2 for wrong usage.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn render_invalid(diags: &[Diagnostic]) -> String {
    render_all(diags).trim_end().to_string()
}

/// What an operating-system error means, in the person's language: "filen finns inte" rather
/// than "No such file or directory (os error 2)". English keeps the system's own text.
pub fn io_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    if crate::i18n::lang() == crate::i18n::Lang::En {
        return e.to_string();
    }
    let text = match e.kind() {
        NotFound => "filen eller mappen finns inte",
        PermissionDenied => "saknar behörighet",
        AlreadyExists => "filen finns redan",
        IsADirectory => "det är en mapp, inte en fil",
        NotADirectory => "en del av sökvägen är inte en mapp",
        DirectoryNotEmpty => "mappen är inte tom",
        ReadOnlyFilesystem => "filsystemet är skrivskyddat",
        StorageFull | QuotaExceeded => "disken är full",
        FileTooLarge => "filen är för stor",
        InvalidFilename => "ogiltigt filnamn",
        InvalidData => "innehållet kan inte läsas",
        ResourceBusy | ExecutableFileBusy => "filen används av ett annat program",
        TimedOut => "tidsgränsen överskreds",
        Interrupted => "avbröts",
        BrokenPipe => "mottagaren har stängt utdata",
        CrossesDevices => "filen kan inte flyttas mellan två diskar",
        TooManyLinks => "för många länkar",
        OutOfMemory => "minnet räcker inte",
        Unsupported => "stöds inte här",
        UnexpectedEof => "filen tog slut för tidigt",
        WouldBlock => "skulle behöva vänta",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("systemfel {code}"),
                None => "okänt systemfel".to_string(),
            };
        }
    };
    text.to_string()
}

fn read_msg(path: &std::path::Path, e: &std::io::Error) -> String {
    let p = path.display();
    let e = io_text(e);
    t!(
        "kan inte läsa {p}: {e}. Kontrollera sökvägen och att du har läsrättighet.",
        "cannot read {p}: {e}. Check the path and that you may read the file."
    )
}

fn write_msg(path: &std::path::Path, e: &std::io::Error) -> String {
    let p = path.display();
    let held = held_by_other_program(e);
    let full = is_full(e);
    let e = io_text(e);
    if full {
        return t!(
            "kan inte skriva {p}: {e}. Disken är full: frigör utrymme eller skriv till en annan disk. Ingen del av filen har sparats.",
            "cannot write {p}: {e}. The disk is full: free some space or write to another disk. No part of the file was saved."
        );
    }
    if let Some(code) = held {
        let hint = match code {
            32 => String::new(),
            _ => t!(
                " Är den inte öppen någonstans: kontrollera att du har skrivrättighet i mappen.",
                " If it is not open anywhere: check that you may write to the folder."
            ),
        };
        return t!(
            "filen {p} används av ett annat program (till exempel Excel). Stäng den och försök igen.{hint}",
            "the file {p} is in use by another program (for example Excel). Close it and try again.{hint}"
        );
    }
    t!(
        "kan inte skriva {p}: {e}. Kontrollera att mappen finns och att du har skrivrättighet.",
        "cannot write {p}: {e}. Check that the folder exists and that you may write to it."
    )
}

/// Windows cannot replace a file that another program holds open (Excel keeps the workbook it
/// shows open): the save's rename fails with ERROR_ACCESS_DENIED (5) or ERROR_SHARING_VIOLATION
/// (32). Returns that code; always `None` elsewhere, where the codes mean something else.
fn held_by_other_program(e: &std::io::Error) -> Option<i32> {
    e.raw_os_error()
        .filter(|code| cfg!(windows) && matches!(code, 5 | 32))
}

fn is_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

fn stdout_msg(e: &std::io::Error) -> String {
    let hint = if is_full(e) {
        crate::i18n::tr(
            "Disken är full: frigör utrymme",
            "The disk is full: free some space",
        )
    } else {
        crate::i18n::tr(
            "Kontrollera vart utdata skickas",
            "Check where the output goes",
        )
    };
    let e = io_text(e);
    t!(
        "kan inte skriva till standardutdata: {e}. {hint}, eller skriv till en fil med -o.",
        "cannot write to standard output: {e}. {hint}, or write to a file with -o."
    )
}

fn unknown_checklist(id: &str, available: &[String]) -> String {
    let list = available.join(", ");
    let hint = crate::diagnostics::suggest(id, available.iter().map(String::as_str))
        .map(|s| t!(" Menade du `{s}`?", " Did you mean `{s}`?"))
        .unwrap_or_default();
    t!(
        "det finns ingen checklista med id `{id}`.{hint}\nTillgängliga checklistor: {list}\n(`crimeproof list` visar dem med titel.)",
        "there is no checklist with id `{id}`.{hint}\nAvailable checklists: {list}\n(`crimeproof list` shows them with titles.)"
    )
}

fn wrong_checklist(path: &std::path::Path, found: &str, expected: &str) -> String {
    let p = path.display();
    t!(
        "{p} är en bedömning av checklistan `{found}`, inte `{expected}`. Ange en annan fil med -o, eller kör `crimeproof assess {found} -o {p}` för att fortsätta den.",
        "{p} is an assessment of checklist `{found}`, not `{expected}`. Give another file with -o, or run `crimeproof assess {found} -o {p}` to continue it."
    )
}

fn locked(path: &std::path::Path) -> String {
    let p = path.display();
    t!(
        "{p} används redan av en annan pågående crimeproof-session. Avsluta den först (dina svar där är sparade), eller välj en annan fil med -o.",
        "{p} is already in use by another running crimeproof session. Finish that one first (its answers are saved), or choose another file with -o."
    )
}

fn unusable(path: &std::path::Path, diags: &[Diagnostic]) -> String {
    let p = path.display();
    let list = render_all(diags);
    let list = list.trim_end();
    t!(
        "{list}\n{p} kan inte fortsättas eftersom filen innehåller fel. Filen har inte ändrats. Rätta felen (`crimeproof check {p}` visar dem), eller välj en annan fil med -o.",
        "{list}\n{p} cannot be continued because the file has errors. The file was not changed. Fix the errors (`crimeproof check {p}` shows them), or choose another file with -o."
    )
}

fn internal_msg(detail: &str) -> String {
    t!(
        "internt fel i crimeproof (en bugg): {detail}. Rapportera det, med kommandot och filerna som gav felet.",
        "internal error in crimeproof (a bug): {detail}. Please report it, with the command and the files that caused it."
    )
}

fn terminal_msg(detail: &(dyn std::error::Error + Send + Sync)) -> String {
    t!(
        "terminalen kan inte användas för frågorna ({detail}). Kör med --plain för att svara rad för rad.",
        "the terminal cannot be used for the questions ({detail}). Run with --plain to answer line by line."
    )
}

fn template_msg(name: &str, detail: &str) -> String {
    t!(
        "fel i rapportmallen {name}: {detail}",
        "error in report template {name}: {detail}"
    )
}
