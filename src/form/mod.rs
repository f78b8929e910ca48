//! `crimeproof form`: one self-contained HTML file in which a unit manager answers a checklist in
//! the browser, offline (SPEC §5.4). The page is the walk-through of `assess` in another face: the
//! questions and their help are rendered here, in Rust, with the reports' safe Markdown; the
//! scoring runs in the page as the core compiled to WebAssembly (`crates/wasm`, embedded from
//! `assets/`), so the levels the form shows are the ones `score` computes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use minijinja::{AutoEscape, Environment, Value};
use serde::Serialize;

use crate::catalog::{ChecklistSet, Entry, Origin};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::model::Assessment;
use crate::report::text::markdown_to_html;

const TEMPLATE: &str = include_str!("../../templates/form/form.html.j2");
const SCRIPT: &str = include_str!("../../templates/form/form.js");
const STYLE: &str = include_str!("../../templates/form/form.css");
/// Built by `scripts/build-wasm.sh`; CI checks it matches the sources.
const WASM: &[u8] = include_bytes!("../../assets/crimeproof-form.wasm");

pub struct FormOptions {
    pub checklist: String,
    pub output: Option<PathBuf>,
    pub unit: Option<String>,
    pub from: Option<PathBuf>,
}

/// `crimeproof form`.
pub fn run_form(set: &ChecklistSet, origin: &Origin, opts: FormOptions) -> Result<ExitCode> {
    let entry = set.get(&opts.checklist)?;
    let from = match &opts.from {
        Some(path) => {
            let loaded = crate::storage::load_assessment(path, set)?;
            crate::output::warn_all(&loaded.warnings);
            if loaded.assessment.checklist != entry.checklist.id {
                return Err(Error::WrongChecklist {
                    path: path.clone(),
                    found: loaded.assessment.checklist,
                    expected: entry.checklist.id.clone(),
                });
            }
            Some(loaded.assessment)
        }
        None => None,
    };
    let unit = opts
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .or_else(|| from.as_ref().map(|a| a.unit.clone()));
    // `--unit` names the unit this form is for, also when the earlier file said another. The
    // earlier file is the starting point of a new answers file: its own times do not carry over,
    // nor actions already done (as with `assess --from`).
    let mut from = from;
    if let Some(a) = from.as_mut() {
        if let Some(u) = &unit {
            a.unit = u.clone();
        }
        (a.created, a.updated, a.completed) = (None, None, None);
        a.actions
            .retain(|x| x.status != Some(crate::model::ActionStatus::Klar));
    }
    let output = opts.output.clone().unwrap_or_else(|| {
        let id = &entry.checklist.id;
        PathBuf::from(match &unit {
            Some(u) => format!("{id}-{}.html", crate::schema::slugify(u)),
            None => format!("{id}.html"),
        })
    });
    crate::storage::guard_output(&output, &inputs(entry, origin, opts.from.as_deref()))?;
    let html = render(set, entry, unit.as_deref(), from.as_ref())?;
    crate::storage::write_atomic(&output, html.as_bytes())?;
    let (shown, size) = (output.display(), html.len().div_ceil(1024));
    eprintln!(
        "{}",
        t!(
            "Skrev formuläret {shown} ({size} kB). Skicka filen till enheten; svaret kommer tillbaka som en YAML-fil som du kontrollerar med: crimeproof check FIL",
            "Wrote the form {shown} ({size} kB). Send the file to the unit; the answers come back as a YAML file that you check with: crimeproof check FILE"
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// The files the command reads, which it must never overwrite.
fn inputs(entry: &Entry, origin: &Origin, from: Option<&Path>) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = from.into_iter().map(Path::to_path_buf).collect();
    if let Origin::Dir(dir) = origin {
        v.push(PathBuf::from(&entry.file));
        v.push(dir.join("matrix.yaml"));
    }
    v
}

use crate::interview::flow::{OptionView, options};

#[derive(Serialize)]
struct QuestionView {
    id: String,
    number: usize,
    text: String,
    help: Option<String>,
    source: Option<String>,
    critical: bool,
    /// Whether some answer can trigger a measure (the page shows its action fields then).
    has_measure: bool,
    options: Vec<OptionView>,
}

#[derive(Serialize)]
struct AreaView {
    id: String,
    number: usize,
    title: String,
    description: Option<String>,
    consequence: String,
    consequence_note: Option<String>,
    questions: Vec<QuestionView>,
}

/// What the page's script needs: the files for the scoring and what was answered before.
#[derive(Serialize)]
struct PageData<'a> {
    checklist: &'a crate::model::Checklist,
    matrix: &'a crate::model::Matrix,
    digest: &'a str,
    unit: Option<&'a str>,
    from: Option<&'a Assessment>,
    lang: &'static str,
    /// Whether answers files can hold indicator values (see [`assessment_holds_indicators`]).
    indicators: bool,
    t: std::collections::BTreeMap<&'static str, &'static str>,
}

/// Whether the assessment format of this build has a place for indicator values (SPEC §5.3). The
/// checklist format declares indicators before the assessment format stores them; until it does,
/// the form does not ask for numbers it could not save. Asked of the model itself, so the form
/// follows the format without a second list of its fields.
fn assessment_holds_indicators() -> bool {
    serde_json::from_value::<Assessment>(serde_json::json!({
        "format": 1, "checklist": "x", "checklist_version": "1", "unit": "u",
        "answers": {}, "indicators": {"i": 1}
    }))
    .is_ok()
}

pub(crate) fn render(
    set: &ChecklistSet,
    entry: &Entry,
    unit: Option<&str>,
    from: Option<&Assessment>,
) -> Result<String> {
    let c = &entry.checklist;
    let mut number = 0;
    let areas: Vec<AreaView> = c
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| AreaView {
            id: a.id.clone(),
            number: i + 1,
            title: a.title.clone(),
            description: a.description.as_deref().map(markdown_to_html),
            consequence: set
                .matrix
                .consequence
                .get(a.consequence as usize - 1)
                .cloned()
                .unwrap_or_else(|| a.consequence.to_string()),
            consequence_note: a.consequence_note.clone(),
            questions: a
                .questions
                .iter()
                .map(|q| {
                    number += 1;
                    QuestionView {
                        id: q.id.clone(),
                        number,
                        text: q.text.clone(),
                        help: q.help.as_deref().map(markdown_to_html),
                        source: q.source.clone(),
                        critical: q.critical,
                        has_measure: q.measure.is_some() || !q.measures.is_empty(),
                        options: options(c, q),
                    }
                })
                .collect(),
        })
        .collect();
    let with_indicators = !c.indicators.is_empty() && assessment_holds_indicators();
    // The script needs the checklist for the scoring only; its texts are in the page already.
    let mut lean = c.clone();
    lean.description = None;
    for a in &mut lean.areas {
        a.description = None;
        a.consequence_note = None;
        for q in &mut a.questions {
            q.help = None;
            q.source = None;
        }
    }
    let data = PageData {
        checklist: &lean,
        matrix: &set.matrix,
        digest: &entry.digest,
        unit,
        from,
        lang: crate::i18n::lang().code(),
        indicators: with_indicators,
        t: script_labels(),
    };
    let json = serde_json::to_string(&data).map_err(|e| Error::Usage(e.to_string()))?;
    let mut labels = page_labels();
    labels.extend(script_labels());
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template("form.html", TEMPLATE)
        .map_err(|e| template_error(&e))?;
    let ctx = minijinja::context! {
        lang => crate::i18n::lang().code(),
        l => Value::from(minijinja::value::Serde(labels)),
        checklist => Value::from(minijinja::value::Serde(c)),
        areas => Value::from(minijinja::value::Serde(&areas)),
        matrix => Value::from(minijinja::value::Serde(&set.matrix)),
        questions => number,
        indicators => if with_indicators { Value::from(minijinja::value::Serde(&c.indicators)) } else { Value::from(()) },
        unit => unit.unwrap_or_default(),
        assessor => from.and_then(|a| a.assessor.clone()).unwrap_or_default(),
        data => Value::from_safe_string(script_json(&json)),
        wasm => Value::from_safe_string(base64(WASM)),
        script => Value::from_safe_string(SCRIPT.to_string()),
        script_hash => Value::from_safe_string(script_hash()),
        style => Value::from_safe_string(STYLE.to_string()),
    };
    env.get_template("form.html")
        .and_then(|t| t.render(ctx))
        .map_err(|e| template_error(&e))
}

/// The Content-Security-Policy source of the page's one script: no other script can run, even if
/// some text escaped its escaping.
fn script_hash() -> String {
    use sha2::{Digest, Sha256};
    format!("'sha256-{}'", base64(&Sha256::digest(SCRIPT.as_bytes())))
}

fn template_error(e: &minijinja::Error) -> Error {
    Error::Template {
        name: "form.html".into(),
        detail: e.to_string(),
    }
}

/// JSON that can sit inside `<script type="application/json">`: with `<`, `>` and `&` escaped, no
/// text from a checklist or an assessment can close the element or open a comment.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Standard base64 (RFC 4648) with padding, for the embedded WebAssembly.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn pick(
    pairs: &[(&'static str, &'static str, &'static str)],
) -> std::collections::BTreeMap<&'static str, &'static str> {
    pairs.iter().map(|(k, sv, en)| (*k, tr(sv, en))).collect()
}

/// Fixed texts of the page itself.
fn page_labels() -> std::collections::BTreeMap<&'static str, &'static str> {
    pick(&[
        ("form", "Formulär", "Form"),
        (
            "intro",
            "Svara på frågorna om din enhet. Svaren sparas i den här webbläsaren medan du arbetar. När du är klar klickar du på ”Spara svarsfil” och skickar filen till samordnaren.",
            "Answer the questions about your unit. The answers are kept in this browser while you work. When you are done, click \"Save answers file\" and send the file to the coordinator.",
        ),
        (
            "nojs",
            "Formuläret behöver JavaScript för att räkna risknivåer och spara svarsfilen. Slå på JavaScript eller använd kommandot crimeproof assess.",
            "The form needs JavaScript to compute risk levels and save the answers file. Turn JavaScript on or use the command crimeproof assess.",
        ),
        ("about_you", "Enhet och bedömare", "Unit and assessor"),
        ("unit", "Enhet", "Unit"),
        ("assessor", "Ditt namn (bedömare)", "Your name (assessor)"),
        (
            "open",
            "Öppna tidigare svarsfil",
            "Open earlier answers file",
        ),
        (
            "open_help",
            "Fortsätt med svar som du har sparat tidigare (en .yaml-fil).",
            "Continue with answers you saved earlier (a .yaml file).",
        ),
        ("questions", "Frågor", "Questions"),
        ("area", "Riskområde", "Risk area"),
        ("consequence", "Konsekvens", "Consequence"),
        ("critical", "Kritisk kontroll", "Critical control"),
        ("help", "Vägledning", "Guidance"),
        ("about_area", "Om riskområdet", "About the risk area"),
        ("source", "Källa", "Source"),
        ("comment", "Kommentar", "Comment"),
        (
            "comment_help",
            "Frivillig, utom för ”Ej aktuellt” där den är motiveringen.",
            "Optional, except for \"Not applicable\" where it is the justification.",
        ),
        ("back", "Föregående", "Previous"),
        ("skip", "Hoppa över", "Skip"),
        ("next", "Nästa", "Next"),
        ("show_all", "Visa alla frågor", "Show all questions"),
        (
            "one_at_a_time",
            "En fråga i taget",
            "One question at a time",
        ),
        ("result", "Resultat per riskområde", "Result per risk area"),
        (
            "result_help",
            "Risknivån räknas om efter varje svar. Obesvarade frågor räknas som brister.",
            "The risk level is recomputed after every answer. Unanswered questions count as gaps.",
        ),
        ("gap", "Gap", "Gap"),
        ("likelihood", "Sannolikhet", "Likelihood"),
        ("level", "Risknivå", "Risk level"),
        ("risk_value", "Riskvärde", "Risk value"),
        ("matrix", "Riskmatris", "Risk matrix"),
        (
            "matrix_help",
            "Varje riskområde står med sitt nummer i sin ruta.",
            "Each risk area is shown by its number in its cell.",
        ),
        ("measures", "Åtgärder", "Measures"),
        (
            "measures_help",
            "Åtgärderna som dina svar visar behov av. Fyll i ansvarig, samverkan och uppföljningsdatum om du vet dem.",
            "The measures your answers call for. Fill in owner, partners and follow-up date if you know them.",
        ),
        ("indicators", "Indikatorer", "Indicators"),
        (
            "indicators_help",
            "Siffror som handlingsplanen följer upp. Ange heltal, 0 eller mer; lämna tomt om du inte vet.",
            "Figures the action plan follows up. Enter whole numbers, 0 or more; leave empty if you do not know.",
        ),
        ("save", "Spara svarsfil", "Save answers file"),
        (
            "save_help",
            "Filen hamnar i din mapp för hämtade filer. Skicka den till samordnaren.",
            "The file goes to your downloads folder. Send it to the coordinator.",
        ),
        ("print", "Skriv ut svaren", "Print the answers"),
        (
            "confidential",
            "Svaren beskriver brister i enhetens kontroller. Spara och skicka filen bara till den som behöver den.",
            "The answers describe weaknesses in the unit's controls. Keep and send the file only to those who need it.",
        ),
    ])
}

/// Texts the script shows (progress, results, errors).
fn script_labels() -> std::collections::BTreeMap<&'static str, &'static str> {
    pick(&[
        (
            "progress",
            "Fråga {n} av {total} · riskområde {a} av {areas} · {answered} besvarade",
            "Question {n} of {total} · risk area {a} of {areas} · {answered} answered",
        ),
        (
            "all_shown",
            "Alla frågor visas · {answered} av {total} besvarade",
            "All questions shown · {answered} of {total} answered",
        ),
        ("not_scored", "ej aktuellt", "not applicable"),
        ("unanswered", "{n} obesvarade", "{n} unanswered"),
        (
            "need_justification",
            "Svaret ”Ej aktuellt” behöver en motivering. Skriv i kommentarsfältet varför frågan inte gäller enheten, eller välj ett annat svar.",
            "The answer \"Not applicable\" needs a justification. Write in the comment field why the question does not apply to the unit, or choose another answer.",
        ),
        (
            "fix_first",
            "Svarsfilen sparades inte: {n} svar ”Ej aktuellt” saknar motivering.",
            "The answers file was not saved: {n} \"Not applicable\" answers have no justification.",
        ),
        (
            "bad_indicator",
            "Skriv ett heltal, 0 eller mer, eller lämna fältet tomt.",
            "Write a whole number, 0 or more, or leave the field empty.",
        ),
        (
            "need_assessor",
            "Svarsfilen sparades inte: skriv ditt namn som bedömare.",
            "The answers file was not saved: write your name as the assessor.",
        ),
        (
            "need_unit",
            "Svarsfilen sparades inte: skriv enhetens namn.",
            "The answers file was not saved: write the unit's name.",
        ),
        (
            "saved",
            "Svarsfilen {file} är sparad. Skicka den till samordnaren.",
            "The answers file {file} is saved. Send it to the coordinator.",
        ),
        (
            "incomplete",
            " {n} frågor saknar svar; du kan fortsätta senare.",
            " {n} questions have no answer; you can continue later.",
        ),
        (
            "prefilled",
            "Svaren är ifyllda från en tidigare bedömning. Gå igenom varje fråga och ändra det som inte stämmer längre.",
            "The answers are filled in from an earlier assessment. Go through every question and change what is no longer true.",
        ),
        (
            "restored",
            "Dina tidigare svar i den här webbläsaren har återställts.",
            "Your earlier answers in this browser have been restored.",
        ),
        (
            "no_storage",
            "Webbläsaren tillåter inte att svaren sparas här. Spara svarsfilen innan du stänger sidan.",
            "The browser does not allow the answers to be kept here. Save the answers file before closing the page.",
        ),
        (
            "opened",
            "Svaren i {file} är inlästa.",
            "The answers in {file} have been read.",
        ),
        (
            "open_failed",
            "Filen {file} kunde inte läsas: {why}",
            "The file {file} could not be read: {why}",
        ),
        (
            "wrong_checklist",
            "filen gäller checklistan {found}, inte {expected}",
            "the file is for the checklist {found}, not {expected}",
        ),
        (
            "ignored",
            " {n} svar gäller frågor som inte finns i formuläret och lästes inte in.",
            " {n} answers concern questions that are not in the form and were not read.",
        ),
        (
            "wasm_failed",
            "Risknivåerna kan inte räknas i den här webbläsaren. Svaren kan ändå sparas.",
            "The risk levels cannot be computed in this browser. The answers can still be saved.",
        ),
        (
            "no_measures",
            "Inga åtgärder ännu: dina svar visar inga brister som har en rekommenderad åtgärd.",
            "No measures yet: your answers show no gaps with a recommended measure.",
        ),
        ("owner", "Ansvarig", "Owner"),
        ("partners", "Samverkan", "Partners"),
        ("due", "Uppföljning (datum)", "Follow-up (date)"),
        ("question", "Fråga", "Question"),
        (
            "bad_date",
            "Skriv datumet som ÅÅÅÅ-MM-DD.",
            "Write the date as YYYY-MM-DD.",
        ),
        (
            "area_result",
            "Risknivå för området just nu: {level} (sannolikhet {l}, konsekvens {c}).",
            "Risk level of the area now: {level} (likelihood {l}, consequence {c}).",
        ),
        (
            "file_head",
            "Svarsfil från crimeproof-formuläret. Kontrollera den med `crimeproof check`.",
            "Answers file from the crimeproof form. Check it with `crimeproof check`.",
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text the script asks for but the labels lack would show as an error in the page only.
    #[test]
    fn every_text_the_script_uses_exists() {
        let have = script_labels();
        let mut rest = SCRIPT;
        while let Some(at) = rest.find("T.") {
            let before = rest[..at].chars().last();
            rest = &rest[at + 2..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let key: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(have.contains_key(key.as_str()), "form.js uses T.{key}");
        }
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let s = script_json(r#"{"a":"</script><!-- & \u2028"}"#);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["a"], "</script><!-- & \u{2028}");
    }
}
