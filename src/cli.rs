//! The command line (SPEC §4): argument parsing and one function per command. Commands that
//! belong to a larger part of the tool (the interview, the reports) live in that part's module.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::{ChecklistSet, Origin};
use crate::check;
use crate::error::{Error, Result};
use crate::i18n::{self, Lang, tr};
use crate::output::{print, print_json, warn_all};
use crate::report::{ExportWhat, ReportFormat};
use crate::schema::FileKind;
use crate::terminal_text::visible_line;

#[derive(Debug, Parser)]
#[command(
    name = "crimeproof",
    version,
    about = "Crime-proofing analysis of municipal operations against welfare crime and unlawful influence",
    long_about = "Crime-proofing analysis (brottssäkring) of municipal operations against welfare crime \
(välfärdsbrott) and unlawful influence (otillåten påverkan): checklists per sector, an interactive \
walk-through for unit managers, risk scoring and reports for the sector head.",
    // Help and version are arguments of our own so that their help, too, can be Swedish
    // (`cli_help`); `crimeproof COMMAND --help` replaces the `help` subcommand.
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Print help.
    #[arg(short = 'h', long, action = clap::ArgAction::Help, global = true)]
    pub help: Option<bool>,
    /// Print name and version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// Folder with checklists and matrix.yaml to use instead of the bundled ones.
    #[arg(long, global = true, env = "CRIMEPROOF_CHECKLISTS", value_name = "DIR")]
    pub checklists: Option<PathBuf>,
    /// Language of messages, prompts and reports.
    #[arg(long, global = true, env = "CRIMEPROOF_LANG", value_enum)]
    pub lang: Option<LangArg>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Sv,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the available checklists.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Validate checklists, the matrix and assessment files (default: the active checklist set).
    Check {
        /// Files or folders to check.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Print the JSON Schema (draft-07) of a file format, for editors.
    Schema {
        #[arg(value_enum, default_value_t = SchemaKind::Checklist)]
        kind: SchemaKind,
    },
    /// Walk a unit manager through a checklist; resumes FILE when it exists.
    Assess {
        /// Checklist id (see `crimeproof list`).
        checklist: String,
        /// Assessment file (default: <checklist>-<unit>-<date>.yaml in this folder).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The unit (enhet) assessed.
        #[arg(long)]
        unit: Option<String>,
        /// Who answers.
        #[arg(long)]
        assessor: Option<String>,
        /// Line-by-line mode for screen readers and scripts (automatic when stdin is not a terminal).
        #[arg(long)]
        plain: bool,
        /// Walk through all questions again, with earlier answers as defaults.
        #[arg(long)]
        review: bool,
        /// The unit's previous assessment: open actions carry over, its answers are offered.
        #[arg(long, value_name = "OLD.yaml")]
        from: Option<PathBuf>,
    },
    /// Follow up the action plan of an assessment: status, notes, own measures, decisions.
    FollowUp {
        file: PathBuf,
        /// Line-by-line mode for screen readers and scripts (automatic when stdin is not a terminal).
        #[arg(long)]
        plain: bool,
    },
    /// Print the scores of one or more assessments.
    Score {
        /// Assessment files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Render a unit report (one file) or a sector report (several files).
    Report {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format (default: from the -o file name, else md).
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Output file (default: standard output).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// Folder with templates that override the built-in ones, file by file.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// The municipality's name, shown in the report header.
        #[arg(long, env = "CRIMEPROOF_MUNICIPALITY")]
        municipality: Option<String>,
    },
    /// Show what changed between two assessments of the same unit.
    Compare {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// Folder with templates that override the built-in ones, file by file.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// The municipality's name, shown in the report header.
        #[arg(long, env = "CRIMEPROOF_MUNICIPALITY")]
        municipality: Option<String>,
    },
    /// Export answers or actions as CSV for spreadsheets.
    Export {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = WhatArg::Answers)]
        what: WhatArg,
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// csv, or xlsx for an Excel workbook with both answers and actions (default: from the
        /// -o file name, else csv).
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
    },
    /// Write the bundled checklists, matrix and templates to DIR for adaptation.
    Init { dir: PathBuf },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: ShellArg,
    },
    /// Write a self-contained HTML form in which a unit answers a checklist in the browser.
    Form {
        /// Checklist id (see `crimeproof list`).
        checklist: String,
        /// The HTML file to write (default: <checklist>-<unit>.html in this folder).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The unit (enhet) the form is for.
        #[arg(long)]
        unit: Option<String>,
        /// An earlier assessment whose answers and actions fill in the form.
        #[arg(long, value_name = "ASSESSMENT")]
        from: Option<PathBuf>,
    },
    /// Read an edited actions sheet back into the assessment files.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Open actions with a due date (and a round's deadline) as an iCalendar file.
    Calendar {
        /// Assessment files or folders with them.
        files: Vec<PathBuf>,
        /// A round file (omgang.yaml) whose deadline is added.
        #[arg(long, value_name = "ROUND")]
        round: Option<PathBuf>,
        /// Output file, e.g. atgarder.ics (default: standard output).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// The coordinator's round (omgång): status of every unit, forms to hand out.
    Round {
        #[command(subcommand)]
        action: RoundCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// An actions sheet (.xlsx or .csv from `export --what actions`): owner, partners,
    /// follow-up date and status, matched by file and action.
    Actions {
        /// The edited sheet.
        file: PathBuf,
        /// Save the changes (without it, only show them).
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    /// Show how far every unit of the round has come, from the answers files in FOLDER(s).
    Status {
        /// The round file (omgang.yaml).
        round: PathBuf,
        /// Folders or files with answers files (default: the round file's folder).
        folders: Vec<PathBuf>,
        /// Output format (default: a table in the terminal; with -o, from the file name).
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Write one browser form per unit of the round into DIR.
    Forms {
        /// The round file (omgang.yaml).
        round: PathBuf,
        /// Folder to write the forms to.
        #[arg(short = 'o', long = "output", value_name = "DIR", required = true)]
        output: PathBuf,
    },
}

/// The shells `completions` writes for (SPEC §5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Checklist,
    Assessment,
    Matrix,
    Round,
}

/// `--format` of the reports; the report module has its own enum and knows no command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Md,
    Html,
    /// A Word document (report only; needs -o FILE.docx).
    Docx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl From<FormatArg> for ReportFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Md => ReportFormat::Md,
            FormatArg::Html => ReportFormat::Html,
            FormatArg::Docx => ReportFormat::Docx,
        }
    }
}

/// `--what` of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WhatArg {
    Answers,
    Actions,
}

impl From<WhatArg> for ExportWhat {
    fn from(w: WhatArg) -> Self {
        match w {
            WhatArg::Answers => ExportWhat::Answers,
            WhatArg::Actions => ExportWhat::Actions,
        }
    }
}

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

fn list(set: &ChecklistSet, json: bool) -> Result<()> {
    if json {
        let rows: Vec<serde_json::Value> = set
            .entries
            .iter()
            .map(|e| {
                let c = &e.checklist;
                serde_json::json!({
                    "id": c.id, "version": c.version, "title": c.title, "sector": c.sector,
                    "areas": c.areas.len(), "questions": c.question_count(),
                })
            })
            .collect();
        return print_json(&rows);
    }
    // One record of two lines per checklist rather than a table of six columns, which was
    // about 170 columns wide: it fits 80, and each line reads as a sentence.
    let width = crate::output::stdout_width().map_or(80, |w| w.min(80));
    let mut out = String::new();
    for e in &set.entries {
        let c = &e.checklist;
        let (id, title, sector, version) = (&c.id, &c.title, &c.sector, &c.version);
        let areas = i18n::count(
            c.areas.len(),
            ("riskområde", "riskområden"),
            ("risk area", "risk areas"),
        );
        let questions = i18n::questions(c.question_count());
        let head = visible_line(&format!("{id} – {title}")).into_owned();
        let tail = visible_line(&t!(
            "    {sector} · version {version} · {areas}, {questions}",
            "    {sector} · version {version} · {areas}, {questions}"
        ))
        .into_owned();
        // A title that does not fit goes on under the id, indented like the second line.
        let head = textwrap::fill(
            &head,
            textwrap::Options::new(width - 1)
                .subsequent_indent("    ")
                .break_words(false),
        );
        out.push_str(&head);
        out.push('\n');
        out.push_str(&crate::output::wrap(&tail, Some(width)));
        out.push('\n');
    }
    let total: usize = set
        .entries
        .iter()
        .map(|e| e.checklist.question_count())
        .sum();
    let n = set.entries.len();
    let prog = crate::output::program();
    out.push_str(&t!(
        "\n{n} checklistor, {total} frågor. Starta en bedömning med: {prog} assess <ID>\n",
        "\n{n} checklists, {total} questions. Start an assessment with: {prog} assess <ID>\n"
    ));
    print(&out)
}

/// The `score --json` object of one assessment.
fn score_json(
    loaded: &crate::storage::LoadedAssessment<'_>,
    s: &crate::scoring::Score,
) -> Result<serde_json::Value> {
    let mut v = serde_json::to_value(s).map_err(|e| Error::Internal(e.to_string()))?;
    v["title"] = loaded.entry.checklist.title.clone().into();
    v["drifted"] = loaded.drifted().into();
    // The indicator values by id (SPEC §5.3); an empty object when none are given.
    let indicators: serde_json::Map<String, serde_json::Value> = loaded
        .entry
        .checklist
        .indicators
        .iter()
        .filter_map(|i| {
            let value = loaded.assessment.indicators.get(&i.id)?;
            Some((i.id.clone(), (*value).into()))
        })
        .collect();
    v["indicators"] = indicators.into();
    Ok(v)
}

fn score(set: &ChecklistSet, file: &Path, json: bool) -> Result<ExitCode> {
    let loaded = crate::storage::load_assessment(file, set)?;
    warn_all(&loaded.warnings);
    let s = loaded.score(set);
    if json {
        print_json(&score_json(&loaded, &s)?)?;
    } else {
        print(&crate::summary::score_table(
            &loaded.entry.checklist,
            &set.matrix,
            &s,
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `score` of several files: one table, a line per assessment, or with `--json` an array of the
/// objects one file gives. Every file is read before anything is printed, so a wrong file stops
/// the command (exit 1) without half an output.
fn score_many(set: &ChecklistSet, files: &[PathBuf], json: bool) -> Result<ExitCode> {
    let mut loaded = Vec::with_capacity(files.len());
    for f in files {
        let l = crate::storage::load_assessment(f, set)?;
        warn_all(&l.warnings);
        loaded.push(l);
    }
    if json {
        let all = loaded
            .iter()
            .map(|l| score_json(l, &l.score(set)))
            .collect::<Result<Vec<_>>>()?;
        print_json(&all)?;
        return Ok(ExitCode::SUCCESS);
    }
    let header = [
        tr("ENHET", "UNIT"),
        tr("CHECKLISTA", "CHECKLIST"),
        tr("SAMLAD NIVÅ", "OVERALL"),
        tr("HÖGSTA RISKOMRÅDE", "HIGHEST RISK AREA"),
        tr("BESVARADE", "ANSWERED"),
        tr("FIL", "FILE"),
    ]
    .map(str::to_string);
    let rows: Vec<[String; 6]> = loaded
        .iter()
        .zip(files)
        .map(|(l, f)| {
            let c = &l.entry.checklist;
            let s = l.score(set);
            // The area with the highest risk value names where to look first.
            let top = c
                .areas
                .iter()
                .zip(&s.areas)
                .filter(|(_, a)| a.risk.is_some())
                .max_by_key(|(_, a)| a.risk)
                .map_or_else(|| "–".to_string(), |(area, _)| area.title.clone());
            let mut answered = format!("{}/{}", s.answered(), s.questions());
            if !s.complete {
                answered.push_str(tr(" (ofullständig)", " (incomplete)"));
            }
            [
                s.unit.clone(),
                c.title.clone(),
                crate::summary::level_label(&set.matrix, s.overall.as_deref()),
                top,
                answered,
                f.display().to_string(),
            ]
        })
        .collect();
    // Fitted to a terminal's width; into a pipe or a file, one line per assessment.
    let width = crate::output::stdout_width().unwrap_or(usize::MAX);
    print(&crate::output::table_fit(&header, &rows, width, 3))?;
    Ok(ExitCode::SUCCESS)
}
