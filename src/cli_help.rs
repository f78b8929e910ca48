//! The command line in the person's language: `--help` and the argument parser's errors are
//! Swedish by default and English with `--lang en` (SPEC §1). The English texts are the doc
//! comments on `cli::Cli`; the Swedish ones are the table [`SV`] below, looked up by command and
//! argument id when the command is built, so a new command or option only needs a line here
//! (without one it shows its English text). Usage errors keep exit code 2.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, Command, CommandFactory};

use crate::i18n::{self, Lang};

/// Swedish help: (command name, "" for the top level; argument id, "" for the command itself;
/// text).
const SV: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "Brottssäkringsanalys av kommunens verksamheter mot välfärdsbrott och otillåten påverkan: checklistor per sektor, en genomgång för enhetschefer, riskbedömning och rapporter.",
    ),
    (
        "",
        "checklists",
        "Mapp med checklistor och matrix.yaml som används i stället för de inbyggda.",
    ),
    (
        "",
        "lang",
        "Språk för meddelanden, frågor och rapporter (sv eller en).",
    ),
    ("", "help", "Visa hjälpen."),
    (
        "assess",
        "from",
        "Förra bedömningen av samma enhet: öppna åtgärder förs över och de gamla svaren föreslås.",
    ),
    (
        "follow-up",
        "",
        "Följ upp handlingsplanen i en bedömning: status, anteckningar, egna åtgärder och beslut per riskområde.",
    ),
    ("follow-up", "file", "Bedömningsfilen som följs upp."),
    (
        "follow-up",
        "plain",
        "Rad för rad, för skärmläsare och skript (används automatiskt när standard in inte är en terminal).",
    ),
    (
        "export",
        "format",
        "Utdataformat: csv eller xlsx (standard: efter filnamnet i -o, annars csv).",
    ),
    (
        "form",
        "",
        "Skriv ett fristående HTML-formulär där en enhet besvarar en checklista i webbläsaren.",
    ),
    (
        "form",
        "checklist",
        "Checklistans id (se `crimeproof list`).",
    ),
    (
        "form",
        "output",
        "HTML-filen som skrivs (standard: <checklista>-<enhet>.html i den här mappen).",
    ),
    ("form", "unit", "Enheten som formuläret gäller."),
    (
        "form",
        "from",
        "En tidigare bedömning vars svar och åtgärder fyller i formuläret.",
    ),
    (
        "import",
        "",
        "Läs tillbaka ett redigerat åtgärdsblad till bedömningsfilerna.",
    ),
    (
        "calendar",
        "",
        "Öppna åtgärder med uppföljningsdatum (och omgångens sista dag) som en iCalendar-fil.",
    ),
    (
        "calendar",
        "files",
        "Bedömningsfiler eller mappar med sådana.",
    ),
    (
        "calendar",
        "round",
        "En omgångsfil (omgang.yaml) vars sista svarsdag läggs till.",
    ),
    (
        "calendar",
        "output",
        "Utdatafil, till exempel atgarder.ics (standard: standard ut).",
    ),
    (
        "round",
        "",
        "Samordnarens omgång: status för varje enhet och formulär att dela ut.",
    ),
    ("", "version", "Visa programmets namn och version."),
    ("list", "", "Visa de tillgängliga checklistorna."),
    ("list", "json", "Skriv JSON i stället för en lista."),
    (
        "check",
        "",
        "Kontrollera checklistor, matrisen och bedömningsfiler (utan sökvägar: de aktiva checklistorna).",
    ),
    ("check", "paths", "Filer eller mappar att kontrollera."),
    ("check", "format", "Utdataformat: text eller json."),
    (
        "schema",
        "",
        "Skriv ut JSON-schemat (draft-07) för ett filformat, för textredigerare.",
    ),
    (
        "schema",
        "kind",
        "Vilket format: checklist, assessment eller matrix.",
    ),
    (
        "assess",
        "",
        "Gå igenom en checklista för en enhet; fortsätter i filen från -o om den redan finns.",
    ),
    (
        "assess",
        "checklist",
        "Checklistans id (se `crimeproof list`).",
    ),
    (
        "assess",
        "output",
        "Bedömningsfilen (standard: <checklista>-<enhet>-<datum>.yaml i den här mappen).",
    ),
    ("assess", "unit", "Enheten som bedöms."),
    ("assess", "assessor", "Den som svarar."),
    (
        "assess",
        "plain",
        "Rad för rad, för skärmläsare och skript (används automatiskt när standard in inte är en terminal).",
    ),
    (
        "assess",
        "review",
        "Gå igenom alla frågor igen, med de tidigare svaren förvalda.",
    ),
    (
        "score",
        "",
        "Visa riskbedömningen av en eller flera bedömningar.",
    ),
    ("score", "files", "Bedömningsfiler."),
    ("score", "json", "Skriv JSON."),
    (
        "report",
        "",
        "Skapa en rapport för en enhet (en fil) eller en sektorsrapport (flera filer).",
    ),
    (
        "report",
        "files",
        "Bedömningsfiler eller mappar med sådana.",
    ),
    (
        "report",
        "format",
        "Utdataformat (standard: efter filnamnet i -o, annars md).",
    ),
    ("report", "output", "Utdatafil (standard: standard ut)."),
    (
        "report",
        "templates",
        "Mapp med egna mallar som ersätter de inbyggda, fil för fil.",
    ),
    (
        "report",
        "municipality",
        "Kommunens namn, som visas i rapportens sidhuvud.",
    ),
    (
        "compare",
        "",
        "Visa vad som har ändrats mellan två bedömningar av samma enhet.",
    ),
    ("compare", "old", "Den tidigare bedömningen."),
    ("compare", "new", "Den senare bedömningen."),
    ("compare", "format", "Utdataformat: md eller html."),
    ("compare", "output", "Utdatafil (standard: standard ut)."),
    (
        "compare",
        "templates",
        "Mapp med egna mallar som ersätter de inbyggda, fil för fil.",
    ),
    (
        "compare",
        "municipality",
        "Kommunens namn, som visas i rapportens sidhuvud.",
    ),
    (
        "export",
        "",
        "Exportera svar eller åtgärder som CSV för kalkylprogram.",
    ),
    (
        "export",
        "files",
        "Bedömningsfiler eller mappar med sådana.",
    ),
    (
        "export",
        "what",
        "Vad som exporteras: answers eller actions.",
    ),
    ("export", "output", "Utdatafil (standard: standard ut)."),
    (
        "init",
        "",
        "Skriv de inbyggda checklistorna, matrisen och mallarna till DIR för att anpassa dem.",
    ),
    ("init", "dir", "Mappen att skriva till."),
    (
        "completions",
        "",
        "Skriv ut ett skript för kompletteringar i skalet (bash, zsh, fish eller powershell).",
    ),
    ("completions", "shell", "Skalet."),
];

const TEMPLATE_SV: &str = "\
{before-help}{about-with-newline}
Användning: {usage}

{all-args}{after-help}";

fn sv(command: &str, arg: &str) -> Option<&'static str> {
    SV.iter()
        .find(|(c, a, _)| *c == command && *a == arg)
        .map(|(_, _, t)| *t)
}

/// The language from `--lang` / `CRIMEPROOF_LANG` before the command line is parsed, so that
/// help and parse errors are already in it. An invalid value is left to the parser to report.
pub fn preset_lang(args: &[OsString]) {
    let mut given = None;
    let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            given = it.next().map(str::to_string);
        } else if let Some(v) = a.strip_prefix("--lang=") {
            given = Some(v.to_string());
        }
    }
    let given = given.or_else(|| std::env::var("CRIMEPROOF_LANG").ok());
    i18n::set_lang(given.as_deref().and_then(Lang::parse).unwrap_or_default());
}

/// The command line of `crimeproof` with help in the current language.
pub fn command() -> Command {
    let cmd = crate::cli::Cli::command();
    match i18n::lang() {
        Lang::En => cmd,
        Lang::Sv => localize(cmd, ""),
    }
}

fn localize(mut cmd: Command, name: &'static str) -> Command {
    if let Some(text) = sv(name, "") {
        cmd = cmd.about(text).long_about(None);
    }
    cmd = cmd
        .help_template(TEMPLATE_SV)
        .subcommand_help_heading("Kommandon")
        .subcommand_value_name("KOMMANDO")
        .mut_args(|a| localize_arg(a, name));
    cmd.mut_subcommands(|sub| {
        // Names of the table are 'static; a command without a line keeps its English help.
        let name = SV
            .iter()
            .map(|(c, _, _)| *c)
            .find(|c| *c == sub.get_name())
            .unwrap_or("?");
        localize(sub, name)
    })
}

/// The Swedish help of one argument, with its possible values, default and environment
/// variable said in Swedish instead of clap's English "[possible values: …]".
fn localize_arg(a: Arg, command: &str) -> Arg {
    let id = a.get_id().as_str().to_string();
    let mut text = match sv(command, &id) {
        Some(t) => t.to_string(),
        None => a.get_help().map(|h| h.to_string()).unwrap_or_default(),
    };
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    // A flag's possible values are true/false: nothing to say.
    let flag = !a.get_action().takes_values();
    if !values.is_empty() && !flag {
        text.push_str(&format!(" [värden: {}]", values.join(", ")));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !flag {
        text.push_str(&format!(" [standard: {}]", defaults.join(", ")));
    }
    if let Some(env) = a.get_env() {
        text.push_str(&format!(" [miljövariabel: {}]", env.to_string_lossy()));
    }
    let heading = if a.is_positional() {
        "Argument"
    } else {
        "Flaggor"
    };
    let a = a
        .help(text)
        .long_help(None)
        .help_heading(heading)
        .hide_env(true);
    if flag {
        a
    } else {
        a.hide_possible_values(true).hide_default_value(true)
    }
}

/// Prints a parse error (or the help or version clap was asked for) in the current language and
/// gives the exit code: 0 for help and version, 2 for wrong usage.
pub fn report(err: &clap::Error) -> ExitCode {
    use ErrorKind::*;
    let code = ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    if matches!(err.kind(), DisplayVersion) || i18n::lang() == Lang::En {
        let _ = err.print();
        return code;
    }
    if matches!(
        err.kind(),
        DisplayHelp | DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // The help is Swedish already, but for the placeholder clap writes into usage lines.
        let mut help = err.to_string().replace("[OPTIONS]", "[FLAGGOR]");
        if !help.ends_with('\n') {
            help.push('\n');
        }
        if err.kind() == DisplayHelp {
            let _ = crate::output::print(&help);
        } else {
            eprint!("{help}");
        }
        return code;
    }
    eprint!("{}", swedish(err));
    code
}

/// The Swedish text of a parse error: what is wrong, a suggestion when clap has one, the usage
/// line and where to find more help.
pub fn swedish(err: &clap::Error) -> String {
    use ErrorKind::*;
    let get = |k: ContextKind| err.get(k).map(|v| v.to_string()).unwrap_or_default();
    let (arg, value) = (get(ContextKind::InvalidArg), get(ContextKind::InvalidValue));
    let mut msg = match err.kind() {
        UnknownArgument => format!("okänt argument ”{arg}”"),
        InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand);
            format!("okänt kommando ”{sub}”")
        }
        InvalidValue if value.is_empty() => format!("{arg} behöver ett värde"),
        InvalidValue => format!("ogiltigt värde ”{value}” för {arg}"),
        MissingRequiredArgument => format!("det här saknas: {arg}"),
        MissingSubcommand => "ett kommando saknas".to_string(),
        NoEquals => format!("{arg} behöver ett likhetstecken (=) före värdet"),
        ValueValidation => format!("ogiltigt värde ”{value}” för {arg}"),
        TooManyValues => format!("för många värden för {arg}: ”{value}”"),
        TooFewValues | WrongNumberOfValues => {
            let expected = get(ContextKind::ExpectedNumValues);
            let actual = get(ContextKind::ActualNumValues);
            format!("{arg} behöver {expected} värden men fick {actual}")
        }
        ArgumentConflict => {
            let prior = get(ContextKind::PriorArg);
            if prior.is_empty() || prior == arg {
                format!("{arg} får bara anges en gång")
            } else {
                format!("{arg} kan inte användas tillsammans med {prior}")
            }
        }
        InvalidUtf8 => "ett argument är inte giltig text (UTF-8)".to_string(),
        _ => "kommandoraden kunde inte tolkas".to_string(),
    };
    let valid = get(ContextKind::ValidValue);
    if !valid.is_empty() {
        msg.push_str(&format!("\n  möjliga värden: {valid}"));
    }
    let valid_sub = get(ContextKind::ValidSubcommand);
    if !valid_sub.is_empty() {
        msg.push_str(&format!("\n  kommandon: {valid_sub}"));
    }
    for k in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        let s = get(k);
        if !s.is_empty() {
            msg.push_str(&format!("\n  tips: menade du ”{s}”?"));
        }
    }
    let trailing = get(ContextKind::TrailingArg);
    if trailing == "true" {
        msg.push_str(&format!(
            "\n  tips: skriv ”-- {arg}” om värdet ska börja med ett bindestreck"
        ));
    }
    let usage = get(ContextKind::Usage);
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
    let usage = usage.replace("[OPTIONS]", "[FLAGGOR]");
    let mut out = format!("fel: {msg}\n");
    if !usage.is_empty() {
        out.push_str(&format!("\nAnvändning: {usage}\n"));
    }
    out.push_str("\nMer hjälp får du med --help.\n");
    out
}

/// Parses the process's command line in its language; a parse error is reported (see
/// [`report`]) and its exit code returned.
pub fn parse() -> Result<crate::cli::Cli, ExitCode> {
    use clap::FromArgMatches;
    let args: Vec<OsString> = std::env::args_os().collect();
    preset_lang(&args);
    command()
        .try_get_matches_from(args)
        .and_then(|m| crate::cli::Cli::from_arg_matches(&m))
        .map_err(|e| report(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_and_argument_has_swedish_help() {
        let cmd = crate::cli::Cli::command();
        let mut missing = Vec::new();
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            if sv(name, "").is_none() {
                missing.push(name.to_string());
            }
            for a in sub.get_arguments() {
                let id = a.get_id().as_str();
                if sv(name, id).is_none() && sv("", id).is_none() {
                    missing.push(format!("{name} {id}"));
                }
            }
        }
        assert!(missing.is_empty(), "no Swedish help for: {missing:?}");
    }

    #[test]
    fn the_swedish_command_line_builds() {
        i18n::set_lang(Lang::Sv);
        command().debug_assert();
    }
}
