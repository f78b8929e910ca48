//! The arguments: what clap parses (SPEC §4). Help texts are English here; the Swedish help is
//! `cli_help`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::{ExportWhat, ReportFormat};

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
