//! The plain-text score table, shared by `score` and the end of the interview.

use crate::i18n::{number, tr};
use crate::model::{Checklist, Matrix};
use crate::scoring::Score;
use crate::terminal_text::visible_line;

/// The label of a level id, or "ej aktuellt" for an area that is not scored.
pub fn level_label(m: &Matrix, level: Option<&str>) -> String {
    match level.and_then(|l| m.level(l)) {
        Some(l) => l.label.clone(),
        None => tr("ej aktuellt", "not applicable").to_string(),
    }
}

pub fn score_table(c: &Checklist, m: &Matrix, s: &Score) -> String {
    let header = [
        tr("RISKOMRÅDE", "RISK AREA"),
        tr("BRIST", "GAP"),
        tr("S", "L"),
        tr("K", "C"),
        tr("NIVÅ", "LEVEL"),
        tr("RISK", "RISK"),
        tr("BESVARADE", "ANSWERED"),
        tr("VET EJ", "UNKNOWN"),
        tr("EJ AKTUELLT", "N/A"),
    ]
    .map(str::to_string);
    let dash = || "–".to_string();
    let rows: Vec<[String; 9]> = c
        .areas
        .iter()
        .zip(&s.areas)
        .map(|(area, a)| {
            [
                area.title.clone(),
                a.gap.map_or_else(dash, |g| number(g, 2)),
                a.likelihood.map_or_else(dash, |l| l.to_string()),
                a.consequence.map_or_else(dash, |k| k.to_string()),
                level_label(m, a.level.as_deref()),
                a.risk.map_or_else(dash, |r| r.to_string()),
                format!("{}/{}", a.answered, a.questions),
                a.unknown.to_string(),
                a.not_applicable.to_string(),
            ]
        })
        .collect();
    let title = visible_line(&c.title);
    let unit = visible_line(&s.unit);
    let mut out = t!("{title} – {unit}\n\n", "{title} – {unit}\n\n");
    // Fitted to a terminal's width; into a pipe or a file the table keeps one line per area.
    let width = crate::output::stdout_width();
    out.push_str(&crate::output::table_fit(
        &header,
        &rows,
        width.unwrap_or(usize::MAX),
        0,
    ));
    out.push('\n');
    let table_end = out.len();
    for (area, a) in c.areas.iter().zip(&s.areas) {
        let t = visible_line(&area.title);
        if let Some(id) = &a.critical_raised_by {
            let floor = m.likelihood.len() - 1;
            // The reader knows the question by its text, not by its id in the file.
            let q = c
                .question(id)
                .map_or_else(|| id.clone(), |q| visible_line(&q.text).into_owned());
            out.push_str(&t!(
                "• {t}: den kritiska frågan ”{q}” visar brist, så sannolikheten höjdes till minst {floor}.\n",
                "• {t}: the critical question \"{q}\" shows a gap, so the likelihood was raised to at least {floor}.\n"
            ));
        }
        if a.likelihood_adjustment.is_some_and(|d| d != 0) || a.consequence_override.is_some() {
            out.push_str(&t!(
                "• {t}: justerad manuellt (se bedömningsfilen).\n",
                "• {t}: adjusted manually (see the assessment file).\n"
            ));
        }
    }
    let overall = level_label(m, s.overall.as_deref());
    out.push_str(&t!(
        "Samlad risknivå: {overall}\n",
        "Overall risk level: {overall}\n"
    ));
    let (answered, total, unknown) = (s.answered(), s.questions(), s.unknown());
    out.push_str(&t!(
        "Besvarade frågor: {answered} av {total}, varav {unknown} ”Vet ej”.\n",
        "Questions answered: {answered} of {total}, of which {unknown} \"Don't know\".\n"
    ));
    if !s.complete {
        out.push_str(tr(
            "OBS: Bedömningen är ofullständig; obesvarade frågor räknas som brister.\n",
            "NOTE: The assessment is incomplete; unanswered questions count as gaps.\n",
        ));
    }
    if !s.ignored_answers.is_empty() {
        let n = s.ignored_answers.len();
        out.push_str(&t!(
            "OBS: {n} svar gäller frågor som inte längre finns i checklistan och räknas inte.\n",
            "NOTE: {n} answers concern questions no longer in the checklist and do not count.\n"
        ));
    }
    // The notes below the table are sentences: wrapped between words like the table's titles.
    let notes = crate::output::wrap(out[table_end..].trim_end_matches('\n'), width);
    out.truncate(table_end);
    out.push_str(&notes);
    out.push('\n');
    out
}
