//! Reports for the sector head (`report`, `compare`), CSV for the coordinator (`export`) and the
//! starting folder for adapting checklists (`init`). A view model (`model`) is rendered by
//! Markdown and HTML templates (`render`), like mdBook's book and renderers.

pub mod csv;
pub mod docx;
pub mod followup;
pub mod model;
pub mod render;
pub mod text;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::catalog::{ChecklistSet, bundled_files, bundled_templates, yaml_files};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::scoring::answer_for;
use crate::storage::{
    LoadedAssessment, guard_output, load_assessment, load_assessments, write_atomic,
};

/// The output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Md,
    Html,
    /// A Word document (`report` only).
    Docx,
}

impl ReportFormat {
    /// The explicit format, else the output file's extension, else Markdown.
    pub fn resolve(explicit: Option<ReportFormat>, output: Option<&Path>) -> ReportFormat {
        explicit.unwrap_or_else(|| {
            match output.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
                Some(e) if e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm") => {
                    ReportFormat::Html
                }
                Some(e) if e.eq_ignore_ascii_case("docx") => ReportFormat::Docx,
                _ => ReportFormat::Md,
            }
        })
    }
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportWhat {
    Answers,
    Actions,
}

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
        ReportFormat::Html | ReportFormat::Docx => format!("{kind}.html.j2"),
    }
}

/// Word is written only by `report`, and only into a file (it is no text for a terminal).
pub fn docx_only_with_output(
    format: ReportFormat,
    output: Option<&Path>,
    command: &str,
) -> Result<()> {
    if format != ReportFormat::Docx {
        return Ok(());
    }
    if command != "report" {
        return Err(Error::Usage(t!(
            "`{command}` kan inte skriva Word; använd --format md eller html",
            "`{command}` cannot write Word; use --format md or html"
        )));
    }
    if output.is_none() {
        return Err(Error::Usage(
            tr(
                "ett Word-dokument skrivs till en fil: ange -o RAPPORT.docx",
                "a Word document is written to a file: give -o REPORT.docx",
            )
            .to_string(),
        ));
    }
    Ok(())
}

/// Writes to the output file (atomically, owner-only) or to standard output.
fn emit(output: Option<&Path>, text: &str) -> Result<()> {
    match output {
        Some(p) => write_atomic(p, text.as_bytes()),
        None => crate::output::print(text),
    }
}

/// Renders a template straight into the output file or standard output.
/// `units` is the number of assessments in the view (it bounds the work a template may do).
fn emit_rendered<T: serde::Serialize>(
    name: &str,
    view: &T,
    units: usize,
    opts: &RenderOptions,
) -> Result<()> {
    match opts.output {
        Some(p) => {
            let mut template_error = None;
            let written = crate::storage::write_atomic_with(p, |w| {
                render_io(name, view, opts.templates, units, w, &mut template_error)
            });
            template_error.map_or(written, Err)
        }
        None => crate::output::print(&render::render(name, view, opts.templates, units)?),
    }
}

/// Renders into `w` for a writer that wants an I/O result. A failed write (a full disk) comes
/// back as itself, so the message names the file and the reason; a problem in the template is
/// kept in `template_error`, so it is not reported as a write error.
fn render_io<T: serde::Serialize>(
    name: &str,
    view: &T,
    templates: Option<&Path>,
    units: usize,
    w: &mut dyn std::io::Write,
    template_error: &mut Option<Error>,
) -> std::io::Result<()> {
    let mut w = Recording {
        inner: w,
        error: None,
    };
    match render::render_to(name, view, templates, units, &mut w) {
        Ok(()) => Ok(()),
        Err(e) => Err(w.error.take().unwrap_or_else(|| {
            let io = std::io::Error::other(e.to_string());
            *template_error = Some(e);
            io
        })),
    }
}

/// A writer that remembers the first I/O error of the writer it wraps.
struct Recording<'w> {
    inner: &'w mut dyn std::io::Write,
    error: Option<std::io::Error>,
}

impl std::io::Write for Recording<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| self.remember(e))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|e| self.remember(e))
    }
}

impl Recording<'_> {
    fn remember(&mut self, e: &std::io::Error) {
        if self.error.is_none() {
            self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
        }
    }
}

/// The assessment files named on the command line (folders expanded), checked against the
/// output: none may be overwritten, and there must be at least one.
fn inputs(files: &[PathBuf], output: Option<&Path>) -> Result<Vec<PathBuf>> {
    let paths = yaml_files(files)?;
    if let Some(out) = output {
        guard_output(out, &paths)?;
    }
    if paths.is_empty() {
        let named = files
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::Refused(t!(
            "det finns inget att ta med: {named} innehåller inga bedömningar (.yaml-filer). Ange bedömningsfilerna eller mappen där de ligger.",
            "there is nothing to include: {named} contains no assessments (.yaml files). Give the assessment files or the folder they are in."
        )));
    }
    Ok(paths)
}

fn warn_loaded(loaded: &[LoadedAssessment]) {
    for l in loaded {
        crate::output::warn_all(&l.warnings);
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
    docx_only_with_output(opts.format, opts.output, "report")?;
    let paths = inputs(files, opts.output)?;
    let loaded = load_assessments(&paths, set)?;
    warn_loaded(&loaded);
    if opts.format == ReportFormat::Docx
        && let Some(out) = opts.output
    {
        let doc = if let [one] = loaded.as_slice() {
            let score = one.score(set);
            docx::unit_docx(&model::unit_report(set, one, &score, opts.municipality))
        } else {
            docx::sector_docx(&model::sector_report(set, &loaded, opts.municipality))
        };
        return write_atomic(out, &docx::pack(doc)?);
    }
    if let [one] = loaded.as_slice() {
        let score = one.score(set);
        let view = model::unit_report(set, one, &score, opts.municipality);
        emit_rendered(&template_name("unit", opts.format), &view, 1, opts)
    } else {
        let view = model::sector_report(set, &loaded, opts.municipality);
        let units = loaded.len();
        // The view holds all it needs; free the assessments before rendering (memory at scale).
        drop(loaded);
        emit_rendered(&template_name("sector", opts.format), &view, units, opts)
    }
}

pub fn run_compare(set: &ChecklistSet, old: &Path, new: &Path, opts: &RenderOptions) -> Result<()> {
    docx_only_with_output(opts.format, opts.output, "compare")?;
    if let Some(out) = opts.output {
        guard_output(out, &[old.to_path_buf(), new.to_path_buf()])?;
    }
    let old = load_assessment(old, set)?;
    let new = load_assessment(new, set)?;
    crate::output::warn_all(&old.warnings);
    crate::output::warn_all(&new.warnings);
    if old.assessment.checklist != new.assessment.checklist {
        let (a, b) = (&old.assessment.checklist, &new.assessment.checklist);
        return Err(Error::Refused(t!(
            "bedömningarna gäller olika checklistor ({a} och {b}) och kan inte jämföras",
            "the assessments are of different checklists ({a} and {b}) and cannot be compared"
        )));
    }
    let view = model::compare_report(set, &old, &new, opts.municipality);
    for w in &view.warnings {
        eprintln!(
            "{}: {}",
            tr("varning", "warning"),
            crate::terminal_text::visible(w)
        );
    }
    let text = render::render(
        &template_name("compare", opts.format),
        &view,
        opts.templates,
        2,
    )?;
    emit(opts.output, &text)
}

pub fn run_export(
    set: &ChecklistSet,
    files: &[PathBuf],
    what: ExportWhat,
    output: Option<&Path>,
) -> Result<()> {
    let paths = inputs(files, output)?;
    let loaded = load_assessments(&paths, set)?;
    warn_loaded(&loaded);
    let text = match what {
        ExportWhat::Answers => export_answers(set, &loaded),
        ExportWhat::Actions => export_actions(set, &loaded),
    };
    emit(output, &text)
}

/// Both CSV exports of the files (answers, actions), for the workbook; `output` is guarded.
pub(crate) fn export_texts(
    set: &ChecklistSet,
    files: &[PathBuf],
    output: &Path,
) -> Result<(String, String)> {
    let paths = inputs(files, Some(output))?;
    let loaded = load_assessments(&paths, set)?;
    warn_loaded(&loaded);
    Ok((export_answers(set, &loaded), export_actions(set, &loaded)))
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
                    &crate::i18n::answer_label(c, q, d.answer.as_deref()),
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

/// Why `init` may not write `path` below `dir`: a symbolic link on the way or at the end (it
/// may point anywhere, and may not even exist yet), or a different file already there. None
/// when it can be created or is already there with the same content.
fn init_conflict(dir: &Path, path: &Path, bytes: &[u8]) -> Option<String> {
    let shown = path.display();
    let mut at = dir.to_path_buf();
    for part in path.strip_prefix(dir).ok()?.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = at.display();
                return Some(t!(
                    "{shown} ({link} är en symbolisk länk)",
                    "{shown} ({link} is a symbolic link)"
                ));
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    (std::fs::read(path).ok().as_deref() != Some(bytes)).then(|| shown.to_string())
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
        .filter_map(|(p, bytes)| init_conflict(dir, p, bytes))
        .collect();
    if !conflicts.is_empty() {
        let list = conflicts.join("\n  ");
        return Err(Error::Refused(t!(
            "init skriver inte över filer som redan finns och har ändrats, och skriver inte genom symboliska länkar:\n  {list}\nFlytta eller döp om dem, eller välj en annan mapp.",
            "init does not overwrite files that exist and have been changed, and does not write through symbolic links:\n  {list}\nMove or rename them, or choose another folder."
        )));
    }
    let mut written = 0;
    for (p, bytes) in &plan {
        if std::fs::symlink_metadata(p).is_ok() {
            continue; // identical, see init_conflict
        }
        let write_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        // create_new: never follows a link put there since the check, never replaces a file.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(p)
            .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
            .map_err(write_err(p))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A disk that is full.
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::StorageFull.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_disk_is_reported_as_a_write_error_not_as_the_template() {
        let mut template_error = None;
        let view = serde_json::json!({});
        let r = render_io("unit.md.j2", &view, None, 1, &mut Full, &mut template_error);
        assert_eq!(r.unwrap_err().kind(), std::io::ErrorKind::StorageFull);
        assert!(template_error.is_none());
    }
}
