//! Semantic checks that a schema cannot express: unique ids, references between parts of a file
//! and between files, the matrix's shape. Pure functions: typed value + its node tree in,
//! diagnostics out.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, Source, suggest};
use crate::model::{
    Assessment, Checklist, DEFAULT_SCALE, Matrix, NOT_APPLICABLE, UNKNOWN, is_valid_id,
};
use crate::yaml::{Node, Pos, Step};

/// Builds a path into a node tree: `path!["areas", 2, "id"]`.
macro_rules! path {
    ($($s:expr),* $(,)?) => { &[$(Step::from($s)),*][..] };
}

impl From<&str> for Step {
    fn from(s: &str) -> Step {
        Step::Key(s.to_string())
    }
}
impl From<&String> for Step {
    fn from(s: &String) -> Step {
        Step::Key(s.clone())
    }
}
impl From<usize> for Step {
    fn from(i: usize) -> Step {
        Step::Index(i)
    }
}

struct Ctx<'a> {
    root: &'a Node,
    src: &'a Source<'a>,
    out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn at(&self, path: &[Step]) -> Pos {
        self.root.pos_of(path, false)
    }
    fn key_at(&self, path: &[Step]) -> Pos {
        self.root.pos_of(path, true)
    }
    fn push(&mut self, code: Code, pos: Pos, message: String, help: Option<String>) {
        self.out.push(self.src.diag(code, pos, message, help));
    }
}

/// Checks a checklist. `stem` is the file name without `.yaml` when the checklist came from a
/// file; `matrix` gives the number of consequence levels.
pub fn checklist(
    c: &Checklist,
    root: &Node,
    src: &Source,
    stem: Option<&str>,
    matrix: &Matrix,
) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        root,
        src,
        out: Vec::new(),
    };

    if let Some(stem) = stem
        && stem != c.id
    {
        let id = &c.id;
        cx.push(
            Code::FileNameMismatch,
            cx.at(path!["id"]),
            t!(
                "filen heter `{stem}.yaml` men checklistans id är `{id}`",
                "the file is named `{stem}.yaml` but the checklist id is `{id}`"
            ),
            Some(t!(
                "döp om filen till `{id}.yaml`, eller ändra id till `{stem}`",
                "rename the file to `{id}.yaml`, or change the id to `{stem}`"
            )),
        );
    }

    // Scales: valid names, not the built-in one, unique option ids, no reserved ids.
    for (name, options) in &c.scales {
        let p = cx.key_at(path!["scales", name]);
        if !is_valid_id(name) {
            cx.push(
                Code::BadId,
                p,
                t!("ogiltigt skal-id `{name}`", "invalid scale id `{name}`"),
                Some(id_help(name)),
            );
        }
        if name == DEFAULT_SCALE {
            cx.push(
                Code::BadScale,
                p,
                t!(
                    "skalan `{DEFAULT_SCALE}` är inbyggd och kan inte definieras om",
                    "the scale `{DEFAULT_SCALE}` is built in and cannot be redefined"
                ),
                Some(t!(
                    "ge din skala ett annat namn",
                    "give your scale another name"
                )),
            );
        }
        if options.is_empty() {
            cx.push(
                Code::BadScale,
                p,
                t!("skalan `{name}` har inga svarsalternativ", "the scale `{name}` has no options"),
                Some(t!(
                    "lägg till minst två alternativ, t.ex. `- {{id: alltid, label: Alltid, gap: 0}}`",
                    "add at least two options, e.g. `- {{id: always, label: Always, gap: 0}}`"
                )),
            );
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, o) in options.iter().enumerate() {
            let op = cx.at(path!["scales", name, i, "id"]);
            let oid = &o.id;
            if oid == UNKNOWN || oid == NOT_APPLICABLE {
                cx.push(
                    Code::BadScale,
                    op,
                    t!(
                        "`{oid}` läggs till automatiskt i varje skala och får inte anges",
                        "`{oid}` is added to every scale automatically and must not be listed"
                    ),
                    Some(t!("ta bort alternativet", "remove the option")),
                );
            }
            if let Some(first) = seen.insert(oid, i) {
                let line = cx.at(path!["scales", name, first, "id"]).line;
                cx.push(
                    Code::BadScale,
                    op,
                    t!(
                        "alternativet `{oid}` finns redan i skalan `{name}` (rad {line})",
                        "option `{oid}` already exists in scale `{name}` (line {line})"
                    ),
                    Some(t!(
                        "ge alternativet ett eget id",
                        "give the option an id of its own"
                    )),
                );
            }
        }
    }

    let mut area_ids: HashMap<&str, usize> = HashMap::new();
    let mut question_ids: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut texts: HashMap<String, (usize, usize)> = HashMap::new();
    for (ai, area) in c.areas.iter().enumerate() {
        let aid = &area.id;
        if let Some(first) = area_ids.insert(aid, ai) {
            let line = cx.at(path!["areas", first, "id"]).line;
            cx.push(
                Code::DuplicateArea,
                cx.at(path!["areas", ai, "id"]),
                t!(
                    "riskområdet `{aid}` finns redan (rad {line})",
                    "risk area `{aid}` already exists (line {line})"
                ),
                Some(t!(
                    "ge varje riskområde ett eget id",
                    "give each risk area an id of its own"
                )),
            );
        }
        consequence_in_matrix(
            &mut cx,
            path!["areas", ai, "consequence"],
            area.consequence,
            matrix,
        );
        for (qi, q) in area.questions.iter().enumerate() {
            let qid = &q.id;
            if let Some((fa, fq)) = question_ids.insert(qid, (ai, qi)) {
                let line = cx.at(path!["areas", fa, "questions", fq, "id"]).line;
                cx.push(
                    Code::DuplicateQuestion,
                    cx.at(path!["areas", ai, "questions", qi, "id"]),
                    t!(
                        "fråge-id `{qid}` finns redan (rad {line})",
                        "question id `{qid}` already exists (line {line})"
                    ),
                    Some(t!(
                        "fråge-id måste vara unika i hela checklistan",
                        "question ids must be unique within the whole checklist"
                    )),
                );
            }
            let norm: String = q
                .text
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if let Some((fa, fq)) = texts.insert(norm, (ai, qi)) {
                let line = cx.at(path!["areas", fa, "questions", fq, "text"]).line;
                cx.push(
                    Code::DuplicateText,
                    cx.at(path!["areas", ai, "questions", qi, "text"]),
                    t!(
                        "frågan `{qid}` har samma text som frågan på rad {line}",
                        "question `{qid}` has the same text as the question on line {line}"
                    ),
                    Some(t!(
                        "ta bort dubbletten eller formulera om en av frågorna",
                        "remove the duplicate or reword one of the questions"
                    )),
                );
            }
            let options = match c.scale_of(q) {
                Some(o) => o,
                None => {
                    let name = q.scale.as_deref().unwrap_or_default();
                    let names: Vec<&str> = c
                        .scales
                        .keys()
                        .map(String::as_str)
                        .chain([DEFAULT_SCALE])
                        .collect();
                    let help = match suggest(name, names.iter().copied()) {
                        Some(s) => t!("menade du `{s}`?", "did you mean `{s}`?"),
                        None => {
                            let list = names.join(", ");
                            t!(
                                "definiera skalan under `scales:` eller använd en av: {list}",
                                "define the scale under `scales:` or use one of: {list}"
                            )
                        }
                    };
                    cx.push(
                        Code::UnknownScale,
                        cx.at(path!["areas", ai, "questions", qi, "scale"]),
                        t!("okänd skala `{name}`", "unknown scale `{name}`"),
                        Some(help),
                    );
                    continue;
                }
            };
            for key in q.measures.keys() {
                let known = options.iter().any(|o| &o.id == key) || key == UNKNOWN;
                if !known {
                    let ids: Vec<&str> = options
                        .iter()
                        .map(|o| o.id.as_str())
                        .chain([UNKNOWN])
                        .collect();
                    let list = ids.join(", ");
                    cx.push(
                        Code::UnknownMeasureOption,
                        cx.key_at(path!["areas", ai, "questions", qi, "measures", key]),
                        t!(
                            "`measures` nämner svarsalternativet `{key}`, som inte finns i frågans skala",
                            "`measures` names the option `{key}`, which is not in the question's scale"
                        ),
                        Some(t!("möjliga alternativ: {list}", "possible options: {list}")),
                    );
                }
            }
        }
    }

    // Indicators: ids unique within the checklist (their values are stored by id).
    let mut indicator_ids: HashMap<&str, usize> = HashMap::new();
    for (ii, ind) in c.indicators.iter().enumerate() {
        let iid = &ind.id;
        if let Some(first) = indicator_ids.insert(iid, ii) {
            let line = cx.at(path!["indicators", first, "id"]).line;
            cx.push(
                Code::DuplicateIndicator,
                cx.at(path!["indicators", ii, "id"]),
                t!(
                    "indikatorn `{iid}` finns redan (rad {line})",
                    "indicator `{iid}` already exists (line {line})"
                ),
                Some(t!(
                    "ge varje indikator ett eget id",
                    "give each indicator an id of its own"
                )),
            );
        }
    }

    // `replaces`: old ids may not be live ids, nor be claimed by two questions.
    let mut claimed: HashMap<&str, &str> = HashMap::new();
    for (ai, area) in c.areas.iter().enumerate() {
        for (qi, q) in area.questions.iter().enumerate() {
            for (ri, old) in q.replaces.iter().enumerate() {
                let p = cx.at(path!["areas", ai, "questions", qi, "replaces", ri]);
                let qid = &q.id;
                if !is_valid_id(old) {
                    cx.push(
                        Code::BadId,
                        p,
                        t!(
                            "ogiltigt id `{old}` i `replaces`",
                            "invalid id `{old}` in `replaces`"
                        ),
                        Some(id_help(old)),
                    );
                } else if question_ids.contains_key(old.as_str()) {
                    cx.push(
                        Code::ReplacesCollision,
                        p,
                        t!(
                            "`{old}` i `replaces` är id för en fråga som fortfarande finns",
                            "`{old}` in `replaces` is the id of a question that still exists"
                        ),
                        Some(t!(
                            "`replaces` ska bara nämna id som frågan hade i tidigare versioner",
                            "`replaces` should only name ids the question had in earlier versions"
                        )),
                    );
                } else if let Some(other) = claimed.insert(old, qid) {
                    cx.push(
                        Code::ReplacesCollision,
                        p,
                        t!(
                            "`{old}` ersätts redan av frågan `{other}`",
                            "`{old}` is already replaced by question `{other}`"
                        ),
                        Some(t!(
                            "ett gammalt svar kan bara föras över till en fråga",
                            "an old answer can carry over to one question only"
                        )),
                    );
                }
            }
        }
    }
    cx.out
}

/// Checks a risk matrix: the grid matches the axes and names only defined levels.
pub fn matrix(m: &Matrix, root: &Node, src: &Source) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        root,
        src,
        out: Vec::new(),
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, l) in m.levels.iter().enumerate() {
        let lid = &l.id;
        if let Some(first) = seen.insert(lid, i) {
            let line = cx.at(path!["levels", first, "id"]).line;
            cx.push(
                Code::DuplicateLevel,
                cx.at(path!["levels", i, "id"]),
                t!(
                    "risknivån `{lid}` finns redan (rad {line})",
                    "risk level `{lid}` already exists (line {line})"
                ),
                None,
            );
        }
    }
    let (n_l, n_c) = (m.likelihood.len(), m.consequence.len());
    if m.grid.len() != n_l {
        let rows = m.grid.len();
        cx.push(
            Code::GridRows,
            cx.key_at(path!["grid"]),
            t!(
                "`grid` har {rows} rader men `likelihood` har {n_l} nivåer",
                "`grid` has {rows} rows but `likelihood` has {n_l} levels"
            ),
            Some(t!(
                "skriv en rad per sannolikhetsnivå, lägsta först",
                "write one row per likelihood level, lowest first"
            )),
        );
    }
    let ids: Vec<&str> = m.levels.iter().map(|l| l.id.as_str()).collect();
    for (r, row) in m.grid.iter().enumerate() {
        if row.len() != n_c {
            let cells = row.len();
            let line = r + 1;
            cx.push(
                Code::GridColumns,
                cx.at(path!["grid", r]),
                t!(
                    "rad {line} i `grid` har {cells} celler men `consequence` har {n_c} nivåer",
                    "row {line} of `grid` has {cells} cells but `consequence` has {n_c} levels"
                ),
                Some(t!(
                    "skriv en cell per konsekvensnivå",
                    "write one cell per consequence level"
                )),
            );
        }
        for (ci, cell) in row.iter().enumerate() {
            if !ids.contains(&cell.as_str()) {
                let list = ids.join(", ");
                let help = match suggest(cell, ids.iter().copied()) {
                    Some(s) => t!(
                        "menade du `{s}`? Definierade nivåer: {list}",
                        "did you mean `{s}`? Defined levels: {list}"
                    ),
                    None => t!("definierade nivåer: {list}", "defined levels: {list}"),
                };
                cx.push(
                    Code::UnknownLevel,
                    cx.at(path!["grid", r, ci]),
                    t!(
                        "okänd risknivå `{cell}` i `grid`",
                        "unknown risk level `{cell}` in `grid`"
                    ),
                    Some(help),
                );
            }
        }
    }
    cx.out
}

/// Checks an assessment against its checklist (when it could be found) and the matrix.
/// `digest` is the loaded checklist's digest, for the drift warning.
pub fn assessment(
    a: &Assessment,
    root: &Node,
    src: &Source,
    checklist: Option<(&Checklist, &str)>,
    available: &[&str],
    matrix: &Matrix,
) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        root,
        src,
        out: Vec::new(),
    };
    for (field, value) in [
        ("created", &a.created),
        ("updated", &a.updated),
        ("completed", &a.completed),
    ] {
        if let Some(v) = value
            && chrono::DateTime::parse_from_rfc3339(v).is_err()
        {
            cx.push(
                Code::BadDate,
                cx.at(path![field]),
                t!("ogiltig tidpunkt `{v}` i `{field}`", "invalid timestamp `{v}` in `{field}`"),
                Some(t!(
                    "skriv tidpunkten som ÅÅÅÅ-MM-DDTtt:mm:ss+01:00, t.ex. 2026-11-25T09:14:00+01:00",
                    "write the timestamp as YYYY-MM-DDThh:mm:ss+01:00, e.g. 2026-11-25T09:14:00+01:00"
                )),
            );
        }
    }
    for (i, action) in a.actions.iter().enumerate() {
        if let Some(due) = &action.due
            && chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err()
        {
            cx.push(
                Code::BadDate,
                cx.at(path!["actions", i, "due"]),
                t!(
                    "ogiltigt datum `{due}` i `due`",
                    "invalid date `{due}` in `due`"
                ),
                Some(t!(
                    "skriv ett datum som finns, som ÅÅÅÅ-MM-DD, t.ex. 2026-06-30",
                    "write a real date as YYYY-MM-DD, e.g. 2026-06-30"
                )),
            );
        }
    }

    let Some((c, digest)) = checklist else {
        let id = &a.checklist;
        let list = available.join(", ");
        let help = match suggest(id, available.iter().copied()) {
            Some(s) => t!(
                "menade du `{s}`? Tillgängliga: {list}",
                "did you mean `{s}`? Available: {list}"
            ),
            None => t!(
                "tillgängliga checklistor: {list} (ange en annan mapp med --checklists)",
                "available checklists: {list} (give another folder with --checklists)"
            ),
        };
        cx.push(
            Code::UnknownChecklist,
            cx.at(path!["checklist"]),
            t!("okänd checklista `{id}`", "unknown checklist `{id}`"),
            Some(help),
        );
        return cx.out;
    };

    let drifted = a.drifted_from(c, digest);
    if drifted {
        let (old, new) = (&a.checklist_version, &c.version);
        cx.push(
            Code::ChecklistChanged,
            cx.at(path!["checklist_version"]),
            if old == new {
                t!(
                    "checklistan har ändrats sedan bedömningen påbörjades (samma version {new}, annat innehåll)",
                    "the checklist changed after the assessment began (same version {new}, other content)"
                )
            } else {
                t!(
                    "bedömningen gjordes mot version {old} av checklistan; den som nu används är {new}",
                    "the assessment was made against version {old} of the checklist; version {new} is now in use"
                )
            },
            Some(t!(
                "svar på borttagna frågor räknas inte; nya frågor räknas som obesvarade. Kör `crimeproof assess` på filen för att besvara dem",
                "answers to removed questions do not count; new questions count as unanswered. Run `crimeproof assess` on the file to answer them"
            )),
        );
    }

    // Which question an answer id belongs to: the question itself or one it `replaces`.
    let mut owner: HashMap<&str, &crate::model::Question> = HashMap::new();
    for (_, q) in c.questions() {
        owner.insert(&q.id, q);
        for old in &q.replaces {
            owner.entry(old).or_insert(q);
        }
    }
    for (id, ans) in &a.answers {
        let Some(q) = owner.get(id.as_str()) else {
            let ids: Vec<&str> = c.questions().map(|(_, q)| q.id.as_str()).collect();
            let help = suggest(id, ids.iter().copied())
                .map(|s| t!("menade du `{s}`?", "did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    let cid = &c.id;
                    t!(
                        "frågan finns inte i checklistan `{cid}`; ta bort svaret",
                        "the question is not in checklist `{cid}`; remove the answer"
                    )
                });
            let mut d = cx.src.diag(
                Code::UnknownQuestion,
                cx.key_at(path!["answers", id]),
                t!(
                    "svar på okänd fråga `{id}`",
                    "answer to unknown question `{id}`"
                ),
                Some(help),
            );
            if drifted {
                // Expected after a checklist change: the answer is kept but does not count.
                d.severity = crate::diagnostics::Severity::Warning;
            }
            cx.out.push(d);
            continue;
        };
        if id != &q.id && a.answers.contains_key(&q.id) {
            let qid = &q.id;
            cx.push(
                Code::DuplicateAnswer,
                cx.key_at(path!["answers", id]),
                t!(
                    "`{id}` är ett gammalt id för frågan `{qid}`, som också har ett svar; det nya svaret gäller",
                    "`{id}` is an old id of question `{qid}`, which also has an answer; the new answer counts"
                ),
                Some(t!("ta bort det gamla svaret", "remove the old answer")),
            );
        }
        let options = c.scale_of(q).unwrap_or_default();
        let value = &ans.answer;
        let valid =
            options.iter().any(|o| &o.id == value) || value == UNKNOWN || value == NOT_APPLICABLE;
        if !valid {
            let ids: Vec<&str> = options
                .iter()
                .map(|o| o.id.as_str())
                .chain([UNKNOWN, NOT_APPLICABLE])
                .collect();
            let list = ids.join(", ");
            let help = match suggest(value, ids.iter().copied()) {
                Some(s) => t!(
                    "menade du `{s}`? Möjliga svar: {list}",
                    "did you mean `{s}`? Possible answers: {list}"
                ),
                None => t!("möjliga svar: {list}", "possible answers: {list}"),
            };
            cx.push(
                Code::UnknownOption,
                cx.at(path!["answers", id, "answer"]),
                t!(
                    "`{value}` är inte ett svarsalternativ för frågan `{id}`",
                    "`{value}` is not an option of question `{id}`"
                ),
                Some(help),
            );
        }
        if value == NOT_APPLICABLE && ans.comment.as_deref().is_none_or(crate::model::is_blank) {
            cx.push(
                Code::MissingJustification,
                cx.at(path!["answers", id]),
                t!(
                    "svaret ”Ej aktuellt” på frågan `{id}` saknar motivering",
                    "the answer \"Not applicable\" to question `{id}` has no justification"
                ),
                Some(t!(
                    "skriv varför frågan inte gäller enheten i `comment:`",
                    "write why the question does not apply to the unit in `comment:`"
                )),
            );
        }
    }

    for (area_id, adj) in &a.adjustments {
        if !c.areas.iter().any(|ar| &ar.id == area_id) {
            let ids: Vec<&str> = c.areas.iter().map(|a| a.id.as_str()).collect();
            let list = ids.join(", ");
            cx.push(
                Code::UnknownArea,
                cx.key_at(path!["adjustments", area_id]),
                t!(
                    "justering för okänt riskområde `{area_id}`",
                    "adjustment for unknown risk area `{area_id}`"
                ),
                Some(match suggest(area_id, ids.iter().copied()) {
                    Some(s) => t!("menade du `{s}`?", "did you mean `{s}`?"),
                    None => t!("riskområden: {list}", "risk areas: {list}"),
                }),
            );
        }
        if let Some(cons) = adj.consequence {
            consequence_in_matrix(
                &mut cx,
                path!["adjustments", area_id, "consequence"],
                cons,
                matrix,
            );
        }
    }
    for (i, action) in a.actions.iter().enumerate() {
        if !owner.contains_key(action.question.as_str()) && !drifted {
            let qid = &action.question;
            let mut d = cx.src.diag(
                Code::UnknownQuestion,
                cx.at(path!["actions", i, "question"]),
                t!(
                    "åtgärden hänvisar till okänd fråga `{qid}`",
                    "the action refers to unknown question `{qid}`"
                ),
                None,
            );
            if action.is_touched() {
                // A person's action outlives its question (SPEC §5.1): `assess` keeps it, so
                // the file it saves must stay readable.
                d.severity = crate::diagnostics::Severity::Warning;
            }
            cx.out.push(d);
        }
    }
    cx.out
}

fn id_help(got: &str) -> String {
    let fixed = crate::schema::slugify(got);
    t!(
        "ett id består av små bokstäver a–z utan å/ä/ö, siffror och enkla bindestreck, t.ex. `{fixed}`",
        "an id is lowercase letters a–z, digits and single hyphens, e.g. `{fixed}`"
    )
}

/// A consequence level (of an area or an adjustment) must exist in the matrix.
fn consequence_in_matrix(cx: &mut Ctx, at: &[Step], got: u32, m: &Matrix) {
    let n_c = m.consequence.len();
    if got as usize > n_c {
        let pos = cx.at(at);
        cx.push(
            Code::ConsequenceOutsideMatrix,
            pos,
            t!(
                "konsekvensen {got} ligger utanför riskmatrisen, som har {n_c} konsekvensnivåer",
                "consequence {got} is outside the risk matrix, which has {n_c} consequence levels"
            ),
            Some(consequence_help(m)),
        );
    }
}

fn consequence_help(m: &Matrix) -> String {
    let levels: Vec<String> = m
        .consequence
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} {l}", i + 1))
        .collect();
    let list = levels.join(", ");
    t!("välj en nivå: {list}", "choose a level: {list}")
}
