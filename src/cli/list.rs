//! `list` and `score`: the commands that print what the checklists hold and what an assessment
//! scores, as text or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::catalog::ChecklistSet;
use crate::error::{Error, Result};
use crate::i18n::{self, tr};
use crate::output::{print, print_json, warn_all};
use crate::terminal_text::visible_line;

pub(super) fn list(set: &ChecklistSet, json: bool) -> Result<()> {
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

pub(super) fn score(set: &ChecklistSet, file: &Path, json: bool) -> Result<ExitCode> {
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
pub(super) fn score_many(set: &ChecklistSet, files: &[PathBuf], json: bool) -> Result<ExitCode> {
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
