//! The command line (SPEC §4): argument parsing and one function per command. Commands that
//! belong to a larger part of the tool (the interview, the reports) live in that part's module.

use std::path::Path;
use std::process::ExitCode;

use crate::catalog::{ChecklistSet, Origin};
use crate::check;
use crate::error::Result;
use crate::i18n::{self, Lang};
use crate::output::{print, warn_all};
use crate::report::ReportFormat;
use crate::schema::FileKind;

mod args;
mod list;

pub use args::*;
use list::{list, score, score_many};

/// Sets the language from `--lang` / `CRIMEPROOF_LANG`; call before anything prints.
pub fn apply_lang(cli: &Cli) {
    i18n::set_lang(match cli.lang {
        Some(LangArg::En) => Lang::En,
        _ => Lang::Sv,
    });
}

pub fn origin(cli: &Cli) -> Origin {
    match &cli.checklists {
        Some(dir) => Origin::Dir(dir.clone()),
        None => Origin::Bundled,
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    apply_lang(&cli);
    let origin = origin(&cli);
    match cli.command {
        Command::Schema { kind } => {
            let kind = match kind {
                SchemaKind::Checklist => FileKind::Checklist,
                SchemaKind::Assessment => FileKind::Assessment,
                SchemaKind::Matrix => FileKind::Matrix,
                SchemaKind::Round => FileKind::Round,
            };
            print(&crate::schema::schema_text(kind))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { paths, format } => {
            check::run(&origin, &paths, format == CheckFormat::Json)
        }
        Command::List { json } => {
            let set = load_set(&origin)?;
            list(&set, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Score { files, json } => {
            let set = load_set(&origin)?;
            match files.as_slice() {
                [file] => score(&set, file, json),
                files => score_many(&set, files, json),
            }
        }
        Command::Completions { shell } => {
            let shell = match shell {
                ShellArg::Bash => clap_complete::Shell::Bash,
                ShellArg::Zsh => clap_complete::Shell::Zsh,
                ShellArg::Fish => clap_complete::Shell::Fish,
                ShellArg::Powershell => clap_complete::Shell::PowerShell,
            };
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut crate::cli_help::command(),
                "crimeproof",
                &mut script,
            );
            print(&String::from_utf8_lossy(&script))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Assess {
            checklist,
            output,
            unit,
            assessor,
            plain,
            review,
            from,
        } => {
            let set = load_set(&origin)?;
            crate::interview::run_assess(
                &set,
                crate::interview::AssessOptions {
                    checklist,
                    output,
                    unit,
                    assessor,
                    plain,
                    review,
                    from,
                },
            )
        }
        Command::FollowUp { file, plain } => {
            let set = load_set(&origin)?;
            crate::followup::run_follow_up(&set, &file, plain)
        }
        Command::Report {
            files,
            format,
            output,
            templates,
            municipality,
        } => {
            let set = load_set(&origin)?;
            let opts = crate::report::RenderOptions {
                format: ReportFormat::resolve(format.map(Into::into), output.as_deref()),
                output: output.as_deref(),
                templates: templates.as_deref(),
                municipality: municipality.as_deref(),
            };
            crate::report::run_report(&set, &files, &opts)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare {
            old,
            new,
            format,
            output,
            templates,
            municipality,
        } => {
            let set = load_set(&origin)?;
            let opts = crate::report::RenderOptions {
                format: ReportFormat::resolve(format.map(Into::into), output.as_deref()),
                output: output.as_deref(),
                templates: templates.as_deref(),
                municipality: municipality.as_deref(),
            };
            crate::report::run_compare(&set, &old, &new, &opts)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            files,
            what,
            output,
            format,
        } => {
            let set = load_set(&origin)?;
            let xlsx = format == Some(ExportFormat::Xlsx)
                || (format.is_none()
                    && output
                        .as_deref()
                        .and_then(Path::extension)
                        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")));
            if xlsx {
                crate::report::xlsx::run_export_xlsx(&set, &files, output.as_deref())?;
                return Ok(ExitCode::SUCCESS);
            }
            crate::report::run_export(&set, &files, what.into(), output.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Form {
            checklist,
            output,
            unit,
            from,
        } => {
            let set = load_set(&origin)?;
            let opts = crate::form::FormOptions {
                checklist,
                output,
                unit,
                from,
            };
            crate::form::run_form(&set, &origin, opts)
        }
        Command::Init { dir } => {
            crate::report::run_init(&dir)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            what: ImportWhat::Actions { file, apply },
        } => {
            let set = load_set(&origin)?;
            crate::import::run(&set, &file, apply)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Calendar {
            files,
            round,
            output,
        } => {
            let set = load_set(&origin)?;
            crate::calendar::run(&set, &files, round.as_deref(), output.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Round { action } => {
            let set = load_set(&origin)?;
            match action {
                RoundCommand::Status {
                    round,
                    folders,
                    format,
                    output,
                } => crate::round::status::run(
                    &set,
                    &round,
                    &folders,
                    format.map(Into::into),
                    output.as_deref(),
                )?,
                RoundCommand::Forms { round, output } => {
                    let written = crate::round::forms::run(&set, &round, &output)?;
                    let n = written.len();
                    let d = output.display();
                    eprintln!(
                        "{}",
                        t!("{n} formulär skrivna till {d}", "{n} forms written to {d}")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Loads the active set and prints its warnings on stderr.
pub fn load_set(origin: &Origin) -> Result<ChecklistSet> {
    let set = ChecklistSet::load(origin)?;
    warn_all(&set.warnings);
    Ok(set)
}
