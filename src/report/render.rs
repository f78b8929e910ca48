//! Renders view models through minijinja templates. The templates are built into the binary and
//! can be overridden file by file from a folder (`--templates DIR`), as in mdBook. User text is
//! only ever data: it is escaped for HTML by auto-escaping and for Markdown by our formatter.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, Error as TplError, ErrorKind, Value};
use serde::Serialize;

use crate::catalog::bundled_templates;
use crate::error::{Error, Result};
use crate::i18n::tr;

/// Custom auto-escape mode for Markdown templates.
const MARKDOWN: &str = "markdown";

/// Work one render may do (minijinja's fuel: about one unit per instruction, more for the data
/// it builds), so a template with a runaway loop or string doubling stops instead of hanging or
/// exhausting memory. It grows with the number of assessments rendered: the bundled sector
/// report over 10 000 units needs about half of what it is given, a unit report a few percent.
fn fuel_for(units: usize) -> u64 {
    const BASE: u64 = 5_000_000;
    const PER_UNIT: u64 = 10_000;
    BASE.saturating_add(PER_UNIT.saturating_mul(units as u64))
}
/// Largest report we write; the HTML sector report over 10 000 units is about 35 MB.
const MAX_OUTPUT_BYTES: usize = 128 * 1024 * 1024;
/// Deepest nesting of includes, macros and recursive loops; the bundled templates need three.
const MAX_RECURSION: usize = 32;

/// A template from the override folder, else the built-in one. Only plain file names are looked
/// up, and a symbolic link is followed only when it stays inside the folder, so a template
/// cannot reach outside the folder it was given.
fn load(dir: Option<&Path>, name: &str) -> std::result::Result<Option<String>, TplError> {
    let plain = !name.is_empty()
        && !name.contains(['/', '\\', ':'])
        && name != "."
        && name != ".."
        && !name.starts_with('.');
    if !plain {
        return Ok(None);
    }
    if let Some(dir) = dir {
        let p: PathBuf = dir.join(name);
        if p.is_file() {
            let fail = |detail: String| {
                TplError::new(
                    ErrorKind::InvalidOperation,
                    format!("{}: {detail}", p.display()),
                )
            };
            // The resolved path is the one read, so what was checked is what is used.
            let real = match (p.canonicalize(), dir.canonicalize()) {
                (Ok(real), Ok(base)) if real.starts_with(&base) => real,
                _ => {
                    return Err(fail(
                        tr(
                            "länken leder utanför mallmappen",
                            "the link leads outside the templates folder",
                        )
                        .to_string(),
                    ));
                }
            };
            return std::fs::read_to_string(&real)
                .map(Some)
                .map_err(|e| fail(e.to_string()));
        }
    }
    Ok(bundled_templates()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned()))
}

/// The escaping of a whole render, chosen by the output format of the template asked for, so
/// a file it includes (`header.j2`) escapes the same way whatever its own name.
fn escape_for(template: &str) -> AutoEscape {
    if template.contains(".html") {
        AutoEscape::Html
    } else if template.contains(".md") {
        AutoEscape::Custom(MARKDOWN.into())
    } else {
        AutoEscape::None
    }
}

fn environment(dir: Option<&Path>, escape: AutoEscape, units: usize) -> Environment<'static> {
    let mut env = Environment::new();
    let dir = dir.map(Path::to_path_buf);
    env.set_loader(move |name| load(dir.as_deref(), name));
    env.set_auto_escape_callback(move |_| escape.clone());
    env.set_formatter(|out, state, value| {
        if *state.auto_escape() == AutoEscape::Custom(MARKDOWN.into()) && !value.is_safe() {
            let text = if value.is_none() || value.is_undefined() {
                String::new()
            } else {
                value.to_string()
            };
            out.write_str(&super::text::escape_markdown(&text))
                .map_err(TplError::from)
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_fuel(Some(fuel_for(units)));
    env.set_recursion_limit(MAX_RECURSION);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env
}

/// Passes output on until [`MAX_OUTPUT_BYTES`], then fails and remembers why.
struct Bounded<'a> {
    out: &'a mut dyn std::io::Write,
    written: usize,
    exceeded: bool,
}

impl std::io::Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written + buf.len() > MAX_OUTPUT_BYTES {
            self.exceeded = true;
            return Err(std::io::Error::other("output limit"));
        }
        let n = self.out.write(buf)?;
        self.written += n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Renders `template` with `data` under `m` and the labels of the current language as `l`.
/// `units` is the number of assessments in the view, which sets how much work is allowed.
pub fn render<T: Serialize>(
    template: &str,
    data: &T,
    templates: Option<&Path>,
    units: usize,
) -> Result<String> {
    let mut out = Vec::new();
    render_to(template, data, templates, units, &mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Renders straight into a writer.
pub fn render_to<T: Serialize>(
    template: &str,
    data: &T,
    templates: Option<&Path>,
    units: usize,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let env = environment(templates, escape_for(template), units);
    let tpl_err = |e: TplError| {
        // The file where it went wrong: an included one when the error is there.
        let e = innermost(&e);
        Error::Template {
            name: e.name().unwrap_or(template).to_string(),
            detail: describe(e),
        }
    };
    let tpl = env.get_template(template).map_err(tpl_err)?;
    let css = load(templates, "style.css")
        .ok()
        .flatten()
        .unwrap_or_default();
    let ctx = minijinja::context! {
        m => Value::from(minijinja::value::Serde(data)),
        l => labels(),
        lang => crate::i18n::lang().code(),
        css => Value::from_safe_string(css),
    };
    let mut bounded = Bounded {
        out,
        written: 0,
        exceeded: false,
    };
    match tpl.render_captured_to(ctx, &mut bounded) {
        Ok(_) => Ok(()),
        Err(_) if bounded.exceeded => {
            let mb = MAX_OUTPUT_BYTES / (1024 * 1024);
            Err(Error::Template {
                name: template.to_string(),
                detail: t!(
                    "rapporten blir större än {mb} MB; mallen skriver troligen samma sak om och om igen",
                    "the report grows beyond {mb} MB; the template probably writes the same thing over and over"
                ),
            })
        }
        Err(e) => Err(tpl_err(e)),
    }
}

/// The error an include or macro call wraps, where the real cause and file are.
fn innermost(mut e: &TplError) -> &TplError {
    while let Some(inner) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<TplError>())
    {
        e = inner;
    }
    e
}

fn describe(e: &TplError) -> String {
    let mut s = match e.kind() {
        ErrorKind::OutOfFuel => tr(
            "mallen gör för mycket arbete (en loop utan slut eller en text som växer)",
            "the template does too much work (an endless loop or a text that keeps growing)",
        )
        .to_string(),
        _ => e.to_string(),
    };
    if let Some(line) = e.line() {
        s = t!("rad {line}: {s}", "line {line}: {s}");
    }
    s
}

/// One fixed text of the reports in the current language, for renderers without templates
/// (the Word document); the key itself when there is none.
pub fn label(key: &str) -> String {
    labels()
        .get_attr(key)
        .ok()
        .filter(|v| !v.is_undefined())
        .map_or_else(|| key.to_string(), |v| v.to_string())
}

/// Every fixed text of the reports, in the current language.
fn labels() -> Value {
    let pairs: &[(&str, &str, &str)] = &[
        ("report", "Riskrapport", "Risk report"),
        ("sector_report", "Sektorsrapport", "Sector report"),
        ("compare_report", "Jämförelse", "Comparison"),
        (
            "subtitle",
            "Brottssäkring mot välfärdsbrott och otillåten påverkan",
            "Crime proofing against welfare crime and unlawful influence",
        ),
        ("municipality", "Kommun", "Municipality"),
        ("unit", "Enhet", "Unit"),
        ("sector", "Sektor", "Sector"),
        ("checklist", "Checklista", "Checklist"),
        ("version", "version", "version"),
        ("assessor", "Bedömare", "Assessor"),
        ("created", "Påbörjad", "Started"),
        ("updated", "Senast sparad", "Last saved"),
        ("completed", "Klar", "Completed"),
        ("generated", "Rapporten skapad", "Report generated"),
        (
            "confidential_title",
            "Hantera rapporten varsamt",
            "Handle this report with care",
        ),
        (
            "confidential",
            "Rapporten beskriver brister i verksamhetens kontroller och kan ge vägledning till den som vill begå brott. Gör en sekretessprövning enligt offentlighets- och sekretesslagen (2009:400) innan rapporten lämnas ut, och sprid den bara till dem som behöver den i arbetet.",
            "The report describes weaknesses in the operation's controls and could guide someone who wants to commit crime. Make a secrecy assessment under the Swedish Public Access to Information and Secrecy Act (2009:400) before it is handed out, and share it only with those who need it for their work.",
        ),
        (
            "incomplete_title",
            "Ofullständig bedömning",
            "Incomplete assessment",
        ),
        (
            "incomplete",
            "Alla frågor är inte besvarade. Obesvarade frågor räknas som brister, så risknivåerna kan bli lägre när bedömningen är klar.",
            "Not every question is answered. Unanswered questions count as gaps, so the risk levels may drop when the assessment is finished.",
        ),
        ("summary", "Sammanfattning", "Summary"),
        ("overall", "Samlad risknivå", "Overall risk level"),
        (
            "areas_per_level",
            "Riskområden per nivå",
            "Risk areas per level",
        ),
        (
            "most_serious",
            "De allvarligaste riskerna",
            "The most serious risks",
        ),
        ("coverage", "Besvarade frågor", "Questions answered"),
        ("of", "av", "of"),
        ("unknown", "Vet ej", "Don't know"),
        ("not_applicable", "Ej aktuellt", "Not applicable"),
        ("not_scored", "ej aktuellt", "not applicable"),
        ("unanswered", "Obesvarade", "Unanswered"),
        ("matrix", "Riskmatris", "Risk matrix"),
        (
            "matrix_help",
            "Varje riskområde är placerat i sin ruta med sitt nummer. Rutans nivå står i text, så matrisen går att läsa även utskriven i svartvitt.",
            "Each risk area is placed in its cell by its number. The level of each cell is written out, so the matrix reads in black and white too.",
        ),
        ("likelihood", "Sannolikhet", "Likelihood"),
        ("consequence", "Konsekvens", "Consequence"),
        ("level", "Nivå", "Level"),
        ("risk_value", "Riskvärde", "Risk value"),
        ("level_now", "Nivå nu", "Level now"),
        ("target", "Efter åtgärder", "After measures"),
        (
            "target_help",
            "”Efter åtgärder” (målrisk) är nivån området får när varje fråga som har en åtgärd besvaras med ”Ja”.",
            "\"After measures\" (target risk) is the level the area gets when every question that has a measure is answered \"Yes\".",
        ),
        ("gap", "Gap", "Gap"),
        ("areas", "Riskområden", "Risk areas"),
        ("area", "Riskområde", "Risk area"),
        ("calculation", "Beräkning", "Calculation"),
        ("action_plan", "Handlingsplan", "Action plan"),
        (
            "action_plan_help",
            "Åtgärderna är ordnade efter risken i det område de gäller. Åtgärder som saknar ansvarig eller uppföljningsdatum är markerade med ⚠ och behöver kompletteras.",
            "Measures are ordered by the risk of the area they treat. Measures without an owner or follow-up date are marked ⚠ and need completing.",
        ),
        ("measure", "Åtgärd", "Measure"),
        ("partners", "Samverkan", "Partners"),
        ("owner", "Ansvarig", "Owner"),
        ("due", "Uppföljning", "Follow-up"),
        ("status", "Status", "Status"),
        ("missing", "saknas", "missing"),
        (
            "no_actions",
            "Inga åtgärder: svaren visar inga brister som har en rekommenderad åtgärd.",
            "No measures: the answers show no gaps with a recommended measure.",
        ),
        (
            "flagged",
            "Åtgärder som saknar ansvarig eller datum",
            "Measures without an owner or date",
        ),
        (
            "details",
            "Frågor och svar per riskområde",
            "Questions and answers per risk area",
        ),
        ("question", "Fråga", "Question"),
        ("answer", "Svar", "Answer"),
        ("comment", "Kommentar", "Comment"),
        ("critical", "kritisk", "critical"),
        ("help", "Vägledning", "Guidance"),
        ("consequence_note", "Konsekvensen", "The consequence"),
        (
            "na_title",
            "Svar ”Ej aktuellt” och deras motiveringar",
            "\"Not applicable\" answers and their justifications",
        ),
        (
            "na_help",
            "Granska motiveringarna: en fråga som felaktigt bedöms som ej aktuell döljer en risk.",
            "Review the justifications: a question wrongly judged not applicable hides a risk.",
        ),
        ("justification", "Motivering", "Justification"),
        ("none", "Inga.", "None."),
        ("appendix", "Bilaga: metod", "Appendix: method"),
        (
            "method_intro",
            "Varje fråga besvaras på en skala där varje svar har ett gap mellan 0 (kontrollen finns, är dokumenterad och följs upp) och 1 (kontrollen saknas).",
            "Each question is answered on a scale where each answer has a gap between 0 (the control exists, is documented and followed up) and 1 (the control is missing).",
        ),
        ("method_scale", "Standardskalan", "The default scale"),
        (
            "method_formula",
            "Per riskområde räknas det viktade gapet G = Σ vikt·gap / Σ vikt över frågorna som är aktuella; obesvarade frågor räknas som gap 1. Sannolikheten blir 1 + ⌊G·(antal sannolikhetsnivåer − 1) + 0,5⌋. En kritisk fråga med gap 0,5 eller mer höjer sannolikheten till minst näst högsta nivån. Konsekvensen anges i checklistan per område. Risknivån läses ut ur matrisen och riskvärdet är sannolikhet × konsekvens. Den samlade nivån är den högsta nivån bland områdena.",
            "Per risk area the weighted gap G = Σ weight·gap / Σ weight over the applicable questions; unanswered questions count as gap 1. The likelihood is 1 + ⌊G·(number of likelihood levels − 1) + 0.5⌋. A critical question with a gap of 0.5 or more raises the likelihood to at least the second highest level. The consequence is set per area in the checklist. The risk level is read from the matrix and the risk value is likelihood × consequence. The overall level is the highest level among the areas.",
        ),
        (
            "digest",
            "Kontrollsumma för checklistan",
            "Checklist digest",
        ),
        (
            "drift_title",
            "Checklistan har ändrats",
            "The checklist has changed",
        ),
        (
            "ignored",
            "Svar som inte räknas (frågan finns inte längre)",
            "Answers that do not count (the question no longer exists)",
        ),
        ("units", "Enheter", "Units"),
        (
            "units_areas",
            "Risknivå per enhet och riskområde",
            "Risk level per unit and risk area",
        ),
        ("files", "bedömningar", "assessments"),
        (
            "incomplete_units",
            "Ofullständiga bedömningar",
            "Incomplete assessments",
        ),
        (
            "drifted_units",
            "Bedömningar gjorda mot en annan version av checklistan",
            "Assessments made against another version of the checklist",
        ),
        ("yes", "ja", "yes"),
        ("no", "nej", "no"),
        ("complete", "Komplett", "Complete"),
        ("before", "Före", "Before"),
        ("after", "Efter", "After"),
        ("change", "Förändring", "Change"),
        ("better", "lägre risk", "lower risk"),
        ("worse", "högre risk", "higher risk"),
        ("same", "oförändrad", "unchanged"),
        ("changed_answers", "Ändrade svar", "Changed answers"),
        (
            "completed_measures",
            "Genomförda åtgärder sedan förra bedömningen",
            "Measures completed since the previous assessment",
        ),
        ("no_changes", "Inga ändrade svar.", "No changed answers."),
        ("legend", "Nivåer", "Levels"),
        (
            "rank_note",
            "Talet inom parentes är risknivåns nummer i riskmatrisen; 1 är den lägsta.",
            "The number in brackets is the risk level's number in the risk matrix; 1 is the lowest.",
        ),
        ("done", "Klar datum", "Done on"),
        ("note", "Anteckning", "Note"),
        ("overdue", "försenad", "overdue"),
        ("overdue_count", "Försenade", "Overdue"),
        ("overdue_title", "Försenade åtgärder", "Overdue measures"),
        (
            "overdue_help",
            "Åtgärder som inte är klara fast uppföljningsperioden har passerat rapportdagen, den äldsta först.",
            "Measures not done although their follow-up period ended before the report date, the oldest first.",
        ),
        (
            "status_counts",
            "Åtgärder per status",
            "Measures per status",
        ),
        ("total", "Totalt", "Total"),
        (
            "decisions",
            "Beslut per riskområde",
            "Decision per risk area",
        ),
        ("decision", "Beslut", "Decision"),
        ("decided_by", "Beslutat av", "Decided by"),
        ("date", "Datum", "Date"),
        ("review", "Omprövas", "Review"),
        (
            "review_passed",
            "omprövningsdatumet har passerat",
            "the review date has passed",
        ),
        ("no_decision", "inget beslut", "no decision"),
        ("indicators", "Indikatorer", "Indicators"),
        ("indicator", "Indikator", "Indicator"),
        ("value", "Värde", "Value"),
        ("not_given", "ej angivet", "not given"),
        ("sum", "Summa", "Sum"),
        ("reported", "Enheter som rapporterat", "Units reporting"),
        (
            "unit_plans",
            "Åtgärder per enhet och status",
            "Measures per unit and status",
        ),
        ("new_actions", "Nya åtgärder", "New measures"),
        (
            "open_actions",
            "Åtgärder som fortfarande pågår eller är planerade",
            "Measures still in progress or planned",
        ),
        ("own_measure", "egen åtgärd", "own measure"),
    ];
    let map: std::collections::BTreeMap<&str, &str> =
        pairs.iter().map(|(k, sv, en)| (*k, tr(sv, en))).collect();
    Value::from(minijinja::value::Serde(map))
}
