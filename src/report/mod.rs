//! Reports for the sector head (`report`, `compare`), CSV for the coordinator (`export`) and the
//! starting folder for adapting checklists (`init`). A view model (`model`) is rendered by
//! Markdown and HTML templates (`render`), like mdBook's book and renderers.

pub mod csv;
pub mod followup;
pub mod model;
pub mod render;
pub mod text;

use std::path::{Path, PathBuf};

use crate::catalog::{ChecklistSet, bundled_files, bundled_templates, yaml_files};
use crate::cli::{ExportWhat, ReportFormat};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::scoring::answer_for;
use crate::storage::{LoadedAssessment, load_assessment, load_assessments, write_atomic};

/// Options shared by the rendering commands.
pub struct RenderOptions<'a> {
    pub format: ReportFormat,
    pub output: Option<&'a Path>,
    pub templates: Option<&'a Path>,
    pub municipality: Option<&'a str>,
}

fn template_name(kind: &str, format: ReportFormat) -> String {
    match format {
        ReportFormat::Md => format!("{kind}.md.j2"),
        ReportFormat::Html => format!("{kind}.html.j2"),
    }
}

/// Writes to the output file (atomically, owner-only) or to standard output.
fn emit(output: Option<&Path>, text: &str) -> Result<()> {
    match output {
        Some(p) => write_atomic(p, text.as_bytes()),
        None => {
            crate::cli::print(text);
            Ok(())
        }
    }
}

/// Renders a template straight into the output file or standard output.
fn emit_rendered<T: serde::Serialize>(name: &str, view: &T, opts: &RenderOptions) -> Result<()> {
    match opts.output {
        Some(p) => {
            // A template error inside the writer surfaces as an I/O error; keep the real one.
            let mut failure = None;
            let written = crate::storage::write_atomic_with(p, |w| {
                render::render_to(name, view, opts.templates, w).map_err(|e| {
                    let msg = e.to_string();
                    failure = Some(e);
                    std::io::Error::other(msg)
                })
            });
            match (failure, written) {
                (Some(e), _) => Err(e),
                (None, r) => r,
            }
        }
        None => {
            let text = render::render(name, view, opts.templates)?;
            crate::cli::print(&text);
            Ok(())
        }
    }
}

fn warn_loaded(loaded: &[LoadedAssessment]) {
    for l in loaded {
        crate::cli::warn_all(&l.warnings);
    }
}

pub fn run_report(set: &ChecklistSet, files: &[PathBuf], opts: &RenderOptions) -> Result<()> {
    if let Some(dir) = opts.templates
        && !dir.is_dir()
    {
        return Err(Error::Read {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                tr("mappen finns inte", "the folder does not exist"),
            ),
        });
    }
    let paths = yaml_files(files)?;
    let loaded = load_assessments(&paths, set)?;
    warn_loaded(&loaded);
    if let [one] = loaded.as_slice() {
        let score = one.score(set);
        let view = model::unit_report(set, one, &score, opts.municipality);
        emit_rendered(&template_name("unit", opts.format), &view, opts)
    } else {
        let view = model::sector_report(set, &loaded, opts.municipality);
        // The view holds all it needs; free the assessments before rendering (memory at scale).
        drop(loaded);
        emit_rendered(&template_name("sector", opts.format), &view, opts)
    }
}

pub fn run_compare(set: &ChecklistSet, old: &Path, new: &Path, opts: &RenderOptions) -> Result<()> {
    let old = load_assessment(old, set)?;
    let new = load_assessment(new, set)?;
    crate::cli::warn_all(&old.warnings);
    crate::cli::warn_all(&new.warnings);
    if old.assessment.checklist != new.assessment.checklist {
        let (a, b) = (&old.assessment.checklist, &new.assessment.checklist);
        return Err(Error::Refused(t!(
            "bedömningarna gäller olika checklistor ({a} och {b}) och kan inte jämföras",
            "the assessments are of different checklists ({a} and {b}) and cannot be compared"
        )));
    }
    let view = model::compare_report(set, &old, &new, opts.municipality);
    let text = render::render(
        &template_name("compare", opts.format),
        &view,
        opts.templates,
    )?;
    emit(opts.output, &text)
}

pub fn run_export(
    set: &ChecklistSet,
    files: &[PathBuf],
    what: ExportWhat,
    output: Option<&Path>,
) -> Result<()> {
    let paths = yaml_files(files)?;
    let loaded = load_assessments(&paths, set)?;
    warn_loaded(&loaded);
    let text = match what {
        ExportWhat::Answers => export_answers(set, &loaded),
        ExportWhat::Actions => export_actions(set, &loaded),
    };
    emit(output, &text)
}

fn export_answers(set: &ChecklistSet, loaded: &[LoadedAssessment]) -> String {
    let header = [
        tr("Checklista", "Checklist"),
        tr("Version", "Version"),
        tr("Enhet", "Unit"),
        tr("Bedömare", "Assessor"),
        tr("Senast sparad", "Last saved"),
        tr("Riskområde", "Risk area"),
        tr("Fråge-id", "Question id"),
        tr("Fråga", "Question"),
        tr("Svar", "Answer"),
        tr("Svars-id", "Answer id"),
        tr("Kommentar", "Comment"),
        tr("Gap", "Gap"),
        tr("Risknivå för området", "Area risk level"),
    ];
    let mut out = csv::Csv::new(&header);
    for l in loaded {
        let c = &l.entry.checklist;
        let score = l.score(set);
        for (area, s) in c.areas.iter().zip(&score.areas) {
            let level = crate::summary::level_label(&set.matrix, s.level.as_deref());
            for (q, d) in area.questions.iter().zip(&s.detail) {
                let ans = answer_for(q, &l.assessment).map(|(_, a)| a);
                let a = &l.assessment;
                out.row([
                    c.id.as_str(),
                    a.checklist_version.as_str(),
                    a.unit.as_str(),
                    a.assessor.as_deref().unwrap_or_default(),
                    a.updated.as_deref().unwrap_or_default(),
                    area.title.as_str(),
                    q.id.as_str(),
                    q.text.as_str(),
                    &model::answer_label(c, q, d.answer.as_deref()),
                    d.answer.as_deref().unwrap_or_default(),
                    ans.and_then(|a| a.comment.as_deref()).unwrap_or_default(),
                    &d.gap.map(|g| crate::i18n::number(g, 2)).unwrap_or_default(),
                    level.as_str(),
                ]);
            }
        }
    }
    out.finish()
}

/// One row per action. The file and the action id come first, so an edited sheet can be matched
/// back to the file and the action it came from.
fn export_actions(set: &ChecklistSet, loaded: &[LoadedAssessment]) -> String {
    let header = [
        tr("Fil", "File"),
        tr("Åtgärds-id", "Action id"),
        tr("Enhet", "Unit"),
        tr("Checklista", "Checklist"),
        tr("Riskområde", "Risk area"),
        tr("Risknivå", "Risk level"),
        tr("Fråga", "Question"),
        tr("Åtgärd", "Measure"),
        tr("Samverkan", "Partners"),
        tr("Ansvarig", "Owner"),
        tr("Uppföljning", "Follow-up"),
        tr("Status", "Status"),
        tr("Klar datum", "Done on"),
        tr("Försenad", "Overdue"),
        tr("Anteckning", "Note"),
    ];
    let mut out = csv::Csv::new(&header);
    for l in loaded {
        let score = l.score(set);
        let c = &l.entry.checklist;
        let areas = model::area_views(c, &set.matrix, &l.assessment, &score, model::Detail::Scores);
        let file = l.path.display().to_string();
        for a in model::actions(l, &areas) {
            out.row([
                file.clone(),
                a.id.unwrap_or_default(),
                a.unit,
                c.id.clone(),
                a.area,
                a.level.map(|l| l.label).unwrap_or_default(),
                a.question,
                a.measure,
                a.partners.unwrap_or_default(),
                a.owner.unwrap_or_default(),
                a.due.unwrap_or_default(),
                a.status,
                a.done.unwrap_or_default(),
                if a.overdue { tr("ja", "yes") } else { "" }.to_string(),
                a.note.unwrap_or_default(),
            ]);
        }
    }
    out.finish()
}

/// Writes the bundled checklists, matrix, schemas, README and templates to `dir`. Existing files
/// are never overwritten: identical ones are skipped, different ones stop the command.
pub fn run_init(dir: &Path) -> Result<()> {
    let mut plan: Vec<(PathBuf, &[u8])> = Vec::new();
    for (name, bytes) in bundled_files() {
        plan.push((dir.join(name), bytes));
    }
    for (name, bytes) in bundled_templates() {
        plan.push((dir.join("templates").join(name), bytes));
    }
    let conflicts: Vec<String> = plan
        .iter()
        .filter(|(p, bytes)| std::fs::read(p).is_ok_and(|old| old != *bytes))
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !conflicts.is_empty() {
        let list = conflicts.join("\n  ");
        return Err(Error::Refused(t!(
            "init skriver inte över filer som redan finns och har ändrats:\n  {list}\nFlytta eller döp om dem, eller välj en annan mapp.",
            "init does not overwrite files that exist and have been changed:\n  {list}\nMove or rename them, or choose another folder."
        )));
    }
    let mut written = 0;
    for (p, bytes) in &plan {
        if p.exists() {
            continue;
        }
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(p, bytes).map_err(|source| Error::Write {
            path: p.clone(),
            source,
        })?;
        written += 1;
    }
    let d = dir.display();
    eprintln!(
        "{}",
        t!(
            "Skrev {written} filer till {d}. Anpassa checklistorna och kontrollera dem med: crimeproof --checklists {d} check\nRapportmallarna finns i {d}/templates; använd dem med --templates {d}/templates.",
            "Wrote {written} files to {d}. Adapt the checklists and check them with: crimeproof --checklists {d} check\nThe report templates are in {d}/templates; use them with --templates {d}/templates."
        )
    );
    Ok(())
}
