//! The unit and sector reports as a Word document (.docx) for the nämnd and the diarium: the
//! same view model and the same order as the HTML report, with real Word headings (Heading 1–3,
//! so the navigation pane and a table of contents work) and real tables. Every level is written
//! out in text beside its colour, so the document reads in black and white too.

use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, RunFonts, Shading, Style, StyleType, Table, TableCell,
    TableRow, WidthType,
};

use super::model::{ActionView, AreaView, LevelView, SectorReport, UnitReport};
use super::render::label as l;
use crate::error::{Error, Result};

fn hex(color: &str) -> String {
    color.trim_start_matches('#').to_uppercase()
}

fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text))
        .style(&format!("Heading{level}"))
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// "Label: text" with the label in bold.
fn field(label: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(format!("{label}: ")).bold())
        .add_run(Run::new().add_text(text))
}

fn level_text(lv: Option<&LevelView>) -> String {
    match lv {
        Some(lv) => format!("{} ({})", lv.label, lv.rank),
        None => l("not_scored"),
    }
}

fn cell(text: &str) -> TableCell {
    // A line break in a cell becomes its own paragraph.
    let mut c = TableCell::new();
    for line in text.split('\n') {
        c = c.add_paragraph(para(line));
    }
    c
}

fn header_cell(text: &str) -> TableCell {
    TableCell::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(text).bold()))
        .shading(Shading::new().fill("E0E0E0"))
}

/// A level in a cell: its label and rank in text, on its colour.
fn level_cell(lv: Option<&LevelView>) -> TableCell {
    let text = level_text(lv);
    match lv {
        Some(lv) => TableCell::new()
            .add_paragraph(
                Paragraph::new().add_run(Run::new().add_text(text).bold().color(hex(&lv.ink))),
            )
            .shading(Shading::new().fill(hex(&lv.color))),
        None => cell(&text),
    }
}

fn table(header: &[String], rows: Vec<Vec<TableCell>>) -> Table {
    let mut all = vec![TableRow::new(
        header.iter().map(|h| header_cell(h)).collect(),
    )];
    all.extend(rows.into_iter().map(TableRow::new));
    full_width(Table::new(all), header.len())
}

/// A table over the text width of an A4 page, its columns equally wide to start with (Word
/// fits them to their content), with a grid so that merged cells are understood everywhere.
fn full_width(t: Table, columns: usize) -> Table {
    const TEXT_WIDTH_TWIPS: usize = 9600;
    let n = columns.max(1);
    t.set_grid(vec![TEXT_WIDTH_TWIPS / n; n])
        .width(5000, WidthType::Pct)
}

fn dash(v: Option<u32>) -> String {
    v.map_or_else(|| "–".into(), |v| v.to_string())
}

fn styles(doc: Docx) -> Docx {
    let h = |id: &str, name: &str, size: usize, lvl: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(size)
            .bold()
            .outline_lvl(lvl)
    };
    doc.add_style(h("Heading1", "heading 1", 36, 0))
        .add_style(h("Heading2", "heading 2", 28, 1))
        .add_style(h("Heading3", "heading 3", 24, 2))
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
        .default_size(22)
}

fn confidential(doc: Docx) -> Docx {
    doc.add_paragraph(
        Paragraph::new()
            .add_run(
                Run::new()
                    .add_text(format!("{} ", l("confidential_title")))
                    .bold(),
            )
            .add_run(Run::new().add_text(l("confidential"))),
    )
}

fn action_table(actions: &[ActionView], with_unit: bool) -> Table {
    let mut header = Vec::new();
    if with_unit {
        header.push(l("unit"));
    }
    for k in ["measure", "partners", "owner", "due", "level", "status"] {
        header.push(l(k));
    }
    let missing = format!("⚠ {}", l("missing"));
    let rows = actions
        .iter()
        .map(|a| {
            let mut r = Vec::new();
            if with_unit {
                r.push(cell(&a.unit));
            }
            let flag = if a.flagged { "⚠ " } else { "" };
            r.push(cell(&format!(
                "{flag}{}\n{}: {}",
                a.measure,
                l("area"),
                a.area
            )));
            r.push(cell(a.partners.as_deref().unwrap_or("")));
            r.push(cell(a.owner.as_deref().unwrap_or(&missing)));
            r.push(cell(a.due.as_deref().unwrap_or(&missing)));
            r.push(level_cell(a.level.as_ref()));
            r.push(cell(&a.status));
            r
        })
        .collect();
    table(&header, rows)
}

fn area_rows(areas: &[AreaView]) -> Vec<Vec<TableCell>> {
    let mut rows = Vec::new();
    for a in areas {
        rows.push(vec![
            cell(&a.n.to_string()),
            cell(&a.title),
            level_cell(a.level.as_ref()),
            match &a.target_level {
                Some(t) => level_cell(Some(t)),
                None => cell("–"),
            },
            cell(&dash(a.likelihood)),
            cell(&dash(a.consequence)),
            cell(&dash(a.risk)),
            cell(a.gap.as_deref().unwrap_or("–")),
            cell(&format!("{}/{}", a.answered, a.questions)),
            cell(&a.unknown.to_string()),
        ]);
        let mut calc = TableCell::new()
            .grid_span(10)
            .add_paragraph(field(&l("calculation"), ""));
        for step in &a.calculation {
            calc = calc.add_paragraph(para(&format!("• {step}")));
        }
        rows.push(vec![calc]);
    }
    rows
}

/// The unit report as a Word document.
pub fn unit_docx(m: &UnitReport) -> Docx {
    let mut doc = styles(Docx::new());
    doc = doc.add_paragraph(heading(1, &format!("{}: {}", l("report"), m.unit)));
    let subtitle = match &m.municipality {
        Some(k) => format!("{k} · {}", l("subtitle")),
        None => l("subtitle"),
    };
    doc = doc.add_paragraph(para(&subtitle));
    let mut meta: Vec<(String, String)> = Vec::new();
    if let Some(k) = &m.municipality {
        meta.push((l("municipality"), k.clone()));
    }
    meta.push((l("unit"), m.unit.clone()));
    meta.push((l("sector"), m.sector.clone()));
    meta.push((
        l("checklist"),
        format!(
            "{}, {} {}",
            m.checklist_title,
            l("version"),
            m.checklist_version
        ),
    ));
    for (k, v) in [
        ("assessor", &m.assessor),
        ("created", &m.created),
        ("updated", &m.updated),
        ("completed", &m.completed),
    ] {
        if let Some(v) = v {
            meta.push((l(k), v.clone()));
        }
    }
    meta.push((l("generated"), m.generated.clone()));
    doc = doc.add_table(meta_table(&meta));
    doc = confidential(doc);
    if !m.complete {
        doc = doc.add_paragraph(para(&format!(
            "⚠ {}: {} {} {}. {}",
            l("incomplete_title"),
            m.answered,
            l("of"),
            m.total,
            l("incomplete")
        )));
    }
    if let Some(d) = &m.drift {
        doc = doc.add_paragraph(para(&format!("⚠ {}: {d}", l("drift_title"))));
    }

    doc = doc.add_paragraph(heading(2, &l("summary")));
    doc = doc.add_paragraph(field(&l("overall"), &level_text(m.overall.as_ref())));
    let mut counts: Vec<String> = m
        .level_counts
        .iter()
        .map(|c| format!("{}: {}", c.level.label, c.count))
        .collect();
    if m.not_scored > 0 {
        counts.push(format!("{}: {}", l("not_scored"), m.not_scored));
    }
    doc = doc.add_paragraph(field(&l("areas_per_level"), &counts.join(" · ")));
    if !m.top.is_empty() {
        doc = doc.add_paragraph(field(&l("most_serious"), ""));
        for (i, a) in m.top.iter().enumerate() {
            doc = doc.add_paragraph(para(&format!("{}. {}", i + 1, a.sentence)));
        }
    }
    let mut coverage = format!(
        "{} {} {} ({} %) · {}: {}",
        m.answered,
        l("of"),
        m.total,
        m.coverage_percent,
        l("unknown"),
        m.unknown
    );
    if m.flagged_actions > 0 {
        coverage.push_str(&format!(" · ⚠ {}: {}", l("flagged"), m.flagged_actions));
    }
    doc = doc.add_paragraph(field(&l("coverage"), &coverage));

    // The risk matrix as a table: likelihood rows from the highest down, each cell's level in
    // text and colour, with the numbers of the areas in it.
    doc = doc.add_paragraph(heading(2, &l("matrix")));
    doc = doc.add_paragraph(para(&l("matrix_help")));
    let mut header = vec![format!("{} ↓ / {} →", l("likelihood"), l("consequence"))];
    header.extend(
        m.matrix
            .consequence
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} {c}", i + 1)),
    );
    let rows = m
        .matrix
        .rows
        .iter()
        .map(|row| {
            let mut r = vec![header_cell(&format!("{} {}", row.likelihood, row.label))];
            for c in &row.cells {
                let marks = if c.areas.is_empty() {
                    String::new()
                } else {
                    format!(
                        ": {}",
                        c.areas
                            .iter()
                            .map(usize::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                let text = format!(
                    "{}{marks}",
                    c.level.as_ref().map(|x| x.label.as_str()).unwrap_or("")
                );
                r.push(match &c.level {
                    Some(lv) => TableCell::new()
                        .add_paragraph(
                            Paragraph::new().add_run(Run::new().add_text(text).color(hex(&lv.ink))),
                        )
                        .shading(Shading::new().fill(hex(&lv.color))),
                    None => cell(&text),
                });
            }
            r
        })
        .collect();
    doc = doc.add_table(table(&header, rows));
    doc = doc.add_paragraph(para(
        &m.areas
            .iter()
            .map(|a| format!("{} {}", a.n, a.title))
            .collect::<Vec<_>>()
            .join(" · "),
    ));

    doc = doc.add_paragraph(heading(2, &l("areas")));
    doc = doc.add_paragraph(para(&l("target_help")));
    let header: Vec<String> = [
        "#".to_string(),
        l("area"),
        l("level_now"),
        l("target"),
        l("likelihood"),
        l("consequence"),
        l("risk_value"),
        l("gap"),
        l("coverage"),
        l("unknown"),
    ]
    .to_vec();
    doc = doc.add_table(table(&header, area_rows(&m.ranked)));

    doc = doc.add_paragraph(heading(2, &l("action_plan")));
    if m.actions.is_empty() {
        doc = doc.add_paragraph(para(&l("no_actions")));
    } else {
        doc = doc.add_paragraph(para(&l("action_plan_help")));
        doc = doc.add_table(action_table(&m.actions, false));
    }

    doc = doc.add_paragraph(heading(2, &l("na_title")));
    if m.not_applicable.is_empty() {
        doc = doc.add_paragraph(para(&l("none")));
    } else {
        doc = doc.add_paragraph(para(&l("na_help")));
        let rows = m
            .not_applicable
            .iter()
            .map(|n| vec![cell(&n.area), cell(&n.question), cell(&n.justification)])
            .collect();
        doc = doc.add_table(table(&[l("area"), l("question"), l("justification")], rows));
    }

    doc = doc.add_paragraph(heading(2, &l("details")));
    for a in &m.areas {
        doc = doc.add_paragraph(heading(
            3,
            &format!("{}. {} – {}", a.n, a.title, level_text(a.level.as_ref())),
        ));
        if let Some(d) = &a.description_md {
            doc = doc.add_paragraph(para(d.trim()));
        }
        if let Some(n) = &a.consequence_note {
            doc = doc.add_paragraph(field(&l("consequence_note"), n));
        }
        let rows = a
            .items
            .iter()
            .map(|q| {
                let text = if q.critical {
                    format!("{} ({})", q.text, l("critical"))
                } else {
                    q.text.clone()
                };
                vec![
                    cell(&text),
                    cell(&q.answer),
                    cell(q.comment.as_deref().unwrap_or("")),
                    cell(q.measure.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        doc = doc.add_table(table(
            &[l("question"), l("answer"), l("comment"), l("measure")],
            rows,
        ));
    }

    doc = doc.add_paragraph(heading(2, &l("appendix")));
    doc = doc.add_paragraph(para(&l("method_intro")));
    doc = doc.add_paragraph(field(
        &l("method_scale"),
        &format!(
            "{}. {}: 1. {}",
            m.scale.join(", "),
            l("unknown"),
            m.unknown_policy
        ),
    ));
    doc = doc.add_paragraph(para(&l("method_formula")));
    doc = doc.add_paragraph(field(
        &l("legend"),
        &m.matrix
            .levels
            .iter()
            .map(|x| level_text(Some(x)))
            .collect::<Vec<_>>()
            .join(" · "),
    ));
    doc = doc.add_paragraph(field(
        &l("checklist"),
        &format!(
            "{}, {} {}",
            m.checklist_id,
            l("version"),
            m.checklist_version
        ),
    ));
    doc = doc.add_paragraph(field(&l("digest"), &m.digest));
    if let Some(d) = &m.drift {
        doc = doc.add_paragraph(field(&format!("⚠ {}", l("drift_title")), d));
    }
    if !m.ignored_answers.is_empty() {
        doc = doc.add_paragraph(field(&l("ignored"), &m.ignored_answers.join(", ")));
    }
    doc.add_paragraph(para(&format!("crimeproof · {}", m.generated)).align(AlignmentType::Center))
}

/// The sector report as a Word document.
pub fn sector_docx(m: &SectorReport) -> Docx {
    let mut doc = styles(Docx::new());
    let title = match &m.municipality {
        Some(k) => format!("{} – {k}", l("sector_report")),
        None => l("sector_report"),
    };
    doc = doc.add_paragraph(heading(1, &title));
    doc = doc.add_paragraph(para(&l("subtitle")));
    let mut meta = Vec::new();
    if let Some(k) = &m.municipality {
        meta.push((l("municipality"), k.clone()));
    }
    meta.push((l("units"), format!("{} {}", m.files, l("files"))));
    meta.push((l("generated"), m.generated.clone()));
    doc = doc.add_table(meta_table(&meta));
    doc = confidential(doc);
    for g in &m.groups {
        doc = doc.add_paragraph(heading(
            2,
            &format!(
                "{} ({}, {} {})",
                g.checklist_title,
                g.sector,
                l("version"),
                g.checklist_version
            ),
        ));
        if g.incomplete > 0 {
            doc = doc.add_paragraph(para(&format!(
                "⚠ {}: {}.",
                l("incomplete_units"),
                g.incomplete
            )));
        }
        if g.drifted > 0 {
            doc = doc.add_paragraph(para(&format!("⚠ {}: {}.", l("drifted_units"), g.drifted)));
        }
        doc = doc.add_paragraph(heading(3, &l("most_serious")));
        let rows = g
            .serious
            .iter()
            .map(|s| {
                vec![
                    cell(&s.unit),
                    cell(&s.area),
                    level_cell(Some(&s.level)),
                    match &s.target_level {
                        Some(t) => level_cell(Some(t)),
                        None => cell("–"),
                    },
                    cell(&s.likelihood.to_string()),
                    cell(&s.consequence.to_string()),
                    cell(&s.risk.to_string()),
                ]
            })
            .collect();
        doc = doc.add_table(table(
            &[
                l("unit"),
                l("area"),
                l("level_now"),
                l("target"),
                l("likelihood"),
                l("consequence"),
                l("risk_value"),
            ],
            rows,
        ));
        doc = doc.add_paragraph(heading(3, &l("units_areas")));
        let mut header = vec![l("unit"), l("overall")];
        header.extend(
            g.area_titles
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{}. {t}", i + 1)),
        );
        header.push(l("coverage"));
        let rows = g
            .units
            .iter()
            .map(|u| {
                let mut r = vec![cell(&u.unit), level_cell(u.overall.as_ref())];
                r.extend(u.cells.iter().map(|c| level_cell(c.as_ref())));
                let warn = if u.complete { "" } else { " ⚠" };
                r.push(cell(&format!("{} %{warn}", u.coverage_percent)));
                r
            })
            .collect();
        doc = doc.add_table(table(&header, rows));
        doc = doc.add_paragraph(heading(3, &l("action_plan")));
        if g.actions.is_empty() {
            doc = doc.add_paragraph(para(&l("no_actions")));
        } else {
            let mut help = l("action_plan_help");
            if g.flagged_actions > 0 {
                help.push_str(&format!(" ⚠ {}: {}.", l("flagged"), g.flagged_actions));
            }
            doc = doc.add_paragraph(para(&help));
            doc = doc.add_table(action_table(&g.actions, true));
        }
    }
    doc = doc.add_paragraph(heading(2, &l("appendix")));
    doc = doc.add_paragraph(para(&l("method_intro")));
    doc = doc.add_paragraph(para(&l("method_formula")));
    doc = doc.add_paragraph(field(
        &l("legend"),
        &m.levels
            .iter()
            .map(|x| level_text(Some(x)))
            .collect::<Vec<_>>()
            .join(" · "),
    ));
    doc.add_paragraph(para(&format!("crimeproof · {}", m.generated)).align(AlignmentType::Center))
}

/// A document packed into the bytes of a .docx file.
pub fn pack(doc: Docx) -> Result<Vec<u8>> {
    let stamp = crate::clock::now()
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.created_at(&stamp)
        .updated_at(&stamp)
        .build()
        .pack(&mut buf)
        .map_err(|e| Error::Write {
            path: "rapport.docx".into(),
            source: std::io::Error::other(e.to_string()),
        })?;
    Ok(buf.into_inner())
}

/// The report's facts (unit, checklist, dates …) as a two-column table, label beside value.
fn meta_table(meta: &[(String, String)]) -> Table {
    full_width(
        Table::new(
            meta.iter()
                .map(|(k, v)| TableRow::new(vec![header_cell(k), cell(v)]))
                .collect(),
        ),
        2,
    )
}
