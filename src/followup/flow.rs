//! The follow-up dialogue (SPEC §5.2): status and note of each action, measures of one's own, and
//! the sector head's decisions. Written against the interview's [`Prompter`], so plain mode, the
//! terminal and the tests' scripted prompter all drive the same steps, and against a save
//! callback, so the caller decides how the file is written.

use chrono::NaiveDate;

use crate::error::Result;
use crate::i18n::tr;
use crate::interview::flow::{Prompter, Reply, TextView, parse_due};
use crate::model::{Action, ActionStatus, Assessment, Checklist, Decision, DecisionKind};
use crate::plan;
use crate::report::model::status_label;
use crate::terminal_text::visible;

/// The longest text a person may type into one field (SPEC §5.1).
pub const MAX_TEXT: usize = 10_000;

type Save<'s> = dyn FnMut(&Assessment) -> Result<()> + 's;

/// A follow-up of one assessment's action plan.
pub struct FollowUp<'a> {
    pub checklist: &'a Checklist,
    pub assessment: Assessment,
    pub today: NaiveDate,
    /// The current time as RFC 3339 (a parameter so tests are reproducible).
    pub clock: Box<dyn Fn() -> String + 'a>,
}

/// The person stopped (`q`, Ctrl-C or the end of input): everything is saved already.
struct Stopped;

type Step<T> = std::result::Result<T, Stopped>;

impl FollowUp<'_> {
    /// Walks the actions, then offers own measures and decisions. Returns whether the person went
    /// through to the end (false: stopped early; the file is saved either way).
    pub fn run(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<bool> {
        self.intro(p);
        let finished = match self.walk(p, save)? {
            Ok(()) => true,
            Err(Stopped) => false,
        };
        p.show(&self.summary());
        Ok(finished)
    }

    fn walk(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<Step<()>> {
        for k in 0..self.assessment.actions.len() {
            if let Err(s) = self.follow_action(p, save, k)? {
                return Ok(Err(s));
            }
        }
        let own = tr(
            "Vill du lägga till en egen åtgärd?",
            "Do you want to add a measure of your own?",
        );
        loop {
            match ask_yes(p, own)? {
                Ok(true) => {}
                Ok(false) => break,
                Err(s) => return Ok(Err(s)),
            }
            if let Err(s) = self.add_own(p, save)? {
                return Ok(Err(s));
            }
        }
        let decide = tr(
            "Vill du registrera ett beslut för ett riskområde (åtgärda eller acceptera risken)?",
            "Do you want to record a decision for a risk area (address or accept the risk)?",
        );
        loop {
            match ask_yes(p, decide)? {
                Ok(true) => {}
                Ok(false) => break,
                Err(s) => return Ok(Err(s)),
            }
            if let Err(s) = self.add_decision(p, save)? {
                return Ok(Err(s));
            }
        }
        Ok(Ok(()))
    }

    fn intro(&self, p: &mut dyn Prompter) {
        let a = &self.assessment;
        let (title, unit) = (visible(&self.checklist.title), visible(&a.unit));
        let n = crate::i18n::count(
            a.actions.len(),
            ("åtgärd", "åtgärder"),
            ("measure", "measures"),
        );
        p.show(&t!(
            "Uppföljning av handlingsplanen för {unit} (”{title}”): {n}. Ändringarna sparas efter varje steg; q sparar och avslutar.",
            "Follow-up of the action plan of {unit} (\"{title}\"): {n}. Changes are saved after every step; q saves and quits."
        ));
    }

    /// Saves with `updated` set to now.
    fn commit(&mut self, save: &mut Save<'_>) -> Result<()> {
        plan::assign_action_ids(&mut self.assessment);
        self.assessment.updated = Some((self.clock)());
        save(&self.assessment)
    }

    fn area_title(&self, id: &str) -> String {
        self.checklist
            .areas
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.title.clone())
    }

    /// One action: shows it, reads the status line and the note line.
    fn follow_action(
        &mut self,
        p: &mut dyn Prompter,
        save: &mut Save<'_>,
        k: usize,
    ) -> Result<Step<()>> {
        let (n, total) = (k + 1, self.assessment.actions.len());
        let a = self.assessment.actions[k].clone();
        let measure = visible(&a.measure);
        let none = tr("ej angiven", "not given");
        let owner = a.owner.as_deref().map_or(none.into(), visible);
        let due = a.due.as_deref().map_or(none.into(), visible);
        let status = status_label(Some(plan::status(&a)));
        let mut s = t!(
            "[{n}/{total}] Åtgärd {n} av {total}: {measure}\nAnsvarig: {owner}. Uppföljning: {due}. Status: {status}.",
            "[{n}/{total}] Measure {n} of {total}: {measure}\nOwner: {owner}. Follow-up: {due}. Status: {status}."
        );
        if let Some(area) = a.area.as_deref().filter(|_| a.question.is_none()) {
            let title = self.area_title(area);
            let title = visible(&title);
            s.push_str(&t!(
                "\nEgen åtgärd inom {title}.",
                "\nOwn measure within {title}."
            ));
        }
        if plan::is_overdue(&a, crate::clock::plan_date(self.today)) {
            s.push_str(tr("\nÅtgärden är försenad.", "\nThe measure is overdue."));
        }
        p.show(&s);
        let view = TextView {
            label: tr("Status", "Status").into(),
            hint: tr(
                "Ny status: 1 planerad, 2 pågår, 3 klar. En tom rad lämnar statusen som den är; q sparar och avslutar.",
                "New status: 1 planned, 2 in progress, 3 done. An empty line leaves the status as it is; q saves and quits.",
            )
            .into(),
            ..Default::default()
        };
        let new_status = loop {
            let line = match p.text(&view)? {
                Reply::Value(v) => v,
                Reply::Back => String::new(),
                Reply::Quit => return Ok(Err(Stopped)),
            };
            match parse_status(&line) {
                Ok(s) => break s,
                Err(Quit) => return Ok(Err(Stopped)),
                Err(Invalid) => {
                    let l = line.trim();
                    p.show(&t!(
                        "”{l}” är inte en status. Skriv 1, 2 eller 3 (planerad, pagar, klar), en tom rad för oförändrad, eller q.",
                        "\"{l}\" is not a status. Write 1, 2 or 3 (planerad, pagar, klar), an empty line for unchanged, or q."
                    ));
                }
            }
        };
        if let Some(st) = new_status
            && Some(st) != a.status
        {
            self.set_status(k, st);
            self.commit(save)?;
        }
        let note = TextView {
            label: tr("Anteckning", "Note").into(),
            hint: tr(
                "Skriv en anteckning om vad som har gjorts eller beslutats. En tom rad lämnar anteckningen som den är.",
                "Write a note on what has been done or decided. An empty line leaves the note as it is.",
            )
            .into(),
            current: a.note.clone(),
            ..Default::default()
        };
        match read_text(p, &note, false)? {
            Err(s) => return Ok(Err(s)),
            Ok(Some(v)) => {
                self.assessment.actions[k].note = Some(v);
                self.commit(save)?;
            }
            Ok(None) => {}
        }
        Ok(Ok(()))
    }

    /// A new status; klar records today as the done date, leaving klar removes it.
    fn set_status(&mut self, k: usize, st: ActionStatus) {
        let today = self.today.format("%Y-%m-%d").to_string();
        let a = &mut self.assessment.actions[k];
        a.status = Some(st);
        if st == ActionStatus::Klar {
            a.done = Some(today);
        } else {
            a.done = None;
        }
    }

    /// A measure of one's own: area id, measure, owner, due.
    fn add_own(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<Step<()>> {
        let area = match self.read_area(p)? {
            Ok(a) => a,
            Err(s) => return Ok(Err(s)),
        };
        let view = TextView {
            label: tr("Åtgärd", "Measure").into(),
            hint: tr("Vad ska göras?", "What is to be done?").into(),
            ..Default::default()
        };
        let measure = match read_text(p, &view, true)? {
            Ok(m) => m.unwrap_or_default(),
            Err(s) => return Ok(Err(s)),
        };
        let view = TextView {
            label: tr("Ansvarig", "Owner").into(),
            hint: tr(
                "Vem ansvarar för åtgärden (namn eller funktion)? En tom rad lämnar fältet tomt.",
                "Who is responsible for the measure (name or role)? An empty line leaves the field empty.",
            )
            .into(),
            ..Default::default()
        };
        let owner = match read_text(p, &view, false)? {
            Ok(o) => o,
            Err(s) => return Ok(Err(s)),
        };
        // Saved before the due date is asked: stopping there keeps the measure.
        self.assessment.actions.push(Action {
            area: Some(area),
            measure,
            owner,
            status: Some(ActionStatus::Planerad),
            ..Default::default()
        });
        self.commit(save)?;
        let k = self.assessment.actions.len() - 1;
        match read_due(p)? {
            Ok(Some(due)) => {
                self.assessment.actions[k].due = Some(due);
                self.commit(save)?;
            }
            Ok(None) => {}
            Err(s) => return Ok(Err(s)),
        }
        let id = self.assessment.actions[k].id.clone().unwrap_or_default();
        p.show(&t!(
            "Åtgärden är tillagd i handlingsplanen som {id}.",
            "The measure has been added to the action plan as {id}."
        ));
        Ok(Ok(()))
    }

    /// A decision: area id, atgarda/acceptera, by whom, justification (required to accept).
    fn add_decision(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<Step<()>> {
        let area = match self.read_area(p)? {
            Ok(a) => a,
            Err(s) => return Ok(Err(s)),
        };
        let earlier = self.assessment.decisions.get(&area).cloned();
        let view = TextView {
            label: tr("Beslut", "Decision").into(),
            hint: tr(
                "Skriv atgarda (1) om risken ska åtgärdas eller acceptera (2) om den accepteras.",
                "Write atgarda (1) if the risk is to be addressed or acceptera (2) if it is accepted.",
            )
            .into(),
            current: earlier.as_ref().map(|d| d.decision.id().to_string()),
            ..Default::default()
        };
        let decision = loop {
            let line = match p.text(&view)? {
                Reply::Value(v) => v,
                Reply::Back => String::new(),
                Reply::Quit => return Ok(Err(Stopped)),
            };
            match line.trim().to_lowercase().as_str() {
                "1" | "atgarda" | "åtgärda" => break DecisionKind::Atgarda,
                "2" | "acceptera" => break DecisionKind::Acceptera,
                "q" => return Ok(Err(Stopped)),
                "" if earlier.is_some() => break earlier.as_ref().map(|d| d.decision).unwrap(),
                other => p.show(&t!(
                    "”{other}” är inget beslut. Skriv atgarda eller acceptera.",
                    "\"{other}\" is not a decision. Write atgarda or acceptera."
                )),
            }
        };
        let view = TextView {
            label: tr("Beslutat av", "Decided by").into(),
            hint: tr("Vem fattar beslutet?", "Who makes the decision?").into(),
            current: earlier.as_ref().map(|d| d.by.clone()),
            ..Default::default()
        };
        let by = match read_text(p, &view, earlier.is_none())? {
            Ok(b) => b
                .or(earlier.as_ref().map(|d| d.by.clone()))
                .unwrap_or_default(),
            Err(s) => return Ok(Err(s)),
        };
        let accept = decision == DecisionKind::Acceptera;
        let view = TextView {
            label: tr("Motivering", "Justification").into(),
            hint: if accept {
                tr(
                    "Varför accepteras risken? Motiveringen krävs.",
                    "Why is the risk accepted? The justification is required.",
                )
            } else {
                tr(
                    "Motivering om du vill, eller en tom rad.",
                    "A justification if you like, or an empty line.",
                )
            }
            .into(),
            current: earlier.as_ref().and_then(|d| d.justification.clone()),
            ..Default::default()
        };
        let earlier_justification = earlier.as_ref().and_then(|d| d.justification.clone());
        let justification = match read_text(p, &view, accept && earlier_justification.is_none())? {
            Ok(j) => j.or(earlier_justification),
            Err(s) => return Ok(Err(s)),
        };
        self.assessment.decisions.insert(
            area.clone(),
            Decision {
                decision,
                by,
                date: self.today.format("%Y-%m-%d").to_string(),
                justification,
                review: earlier.and_then(|d| d.review),
            },
        );
        self.commit(save)?;
        let title = self.area_title(&area);
        let title = visible(&title);
        p.show(&match decision {
            DecisionKind::Atgarda => t!(
                "Beslut sparat: risken i {title} ska åtgärdas.",
                "Decision saved: the risk in {title} is to be addressed."
            ),
            DecisionKind::Acceptera => t!(
                "Beslut sparat: risken i {title} accepteras.",
                "Decision saved: the risk in {title} is accepted."
            ),
        });
        Ok(Ok(()))
    }

    /// An area id of the checklist, asked until it is one (the list is in the hint).
    fn read_area(&self, p: &mut dyn Prompter) -> Result<Step<String>> {
        let ids: Vec<String> = self
            .checklist
            .areas
            .iter()
            .map(|a| format!("{} ({})", a.id, visible(&a.title)))
            .collect();
        let list = ids.join(", ");
        let view = TextView {
            label: tr("Riskområde", "Risk area").into(),
            hint: t!(
                "Vilket riskområde? Skriv dess id: {list}.",
                "Which risk area? Write its id: {list}."
            ),
            ..Default::default()
        };
        loop {
            let line = match p.text(&view)? {
                Reply::Value(v) => v,
                Reply::Back => String::new(),
                Reply::Quit => return Ok(Err(Stopped)),
            };
            let id = line.trim();
            if id.eq_ignore_ascii_case("q") {
                return Ok(Err(Stopped));
            }
            if self.checklist.areas.iter().any(|a| a.id == id) {
                return Ok(Ok(id.to_string()));
            }
            let id = visible(id);
            p.show(&t!(
                "”{id}” är inte ett riskområde i checklistan. Skriv ett av: {list}.",
                "\"{id}\" is not a risk area of the checklist. Write one of: {list}."
            ));
        }
    }

    /// Counts per status and the overdue ones, for the end of the dialogue.
    fn summary(&self) -> String {
        let today = crate::clock::plan_date(self.today);
        let actions = &self.assessment.actions;
        let counts: Vec<String> = ActionStatus::ALL
            .iter()
            .map(|&st| {
                let n = actions.iter().filter(|a| plan::status(a) == st).count();
                format!("{} {n}", status_label(Some(st)))
            })
            .collect();
        let counts = counts.join(", ");
        let overdue = actions
            .iter()
            .filter(|a| plan::is_overdue(a, today))
            .count();
        let decisions = self.assessment.decisions.len();
        t!(
            "Handlingsplanen: {counts}; försenade {overdue}. Beslut finns för {decisions} riskområden.",
            "The action plan: {counts}; overdue {overdue}. Decisions exist for {decisions} risk areas."
        )
    }
}

enum BadStatus {
    Quit,
    Invalid,
}
use BadStatus::{Invalid, Quit};

/// `1`/`planerad`, `2`/`pagar`, `3`/`klar` (labels too, any case); empty = unchanged (None).
fn parse_status(line: &str) -> std::result::Result<Option<ActionStatus>, BadStatus> {
    let s = line.trim().to_lowercase();
    Ok(Some(match s.as_str() {
        "" => return Ok(None),
        "q" => return Err(Quit),
        "1" | "planerad" | "planned" => ActionStatus::Planerad,
        "2" | "pagar" | "pågår" | "in progress" => ActionStatus::Pagar,
        "3" | "klar" | "done" => ActionStatus::Klar,
        _ => return Err(Invalid),
    }))
}

/// j/n (empty = no); `q`, Ctrl-C or the end of input stop.
fn ask_yes(p: &mut dyn Prompter, q: &str) -> Result<Step<bool>> {
    Ok(match p.confirm(q, false)? {
        Reply::Value(v) => Ok(v),
        Reply::Back => Ok(false),
        Reply::Quit => Err(Stopped),
    })
}

/// One line of text, trimmed. Empty = None (refused and asked again when `required`). Only the
/// end of input and Ctrl-C stop here: in a free text `q` may be what the person means to write.
fn read_text(
    p: &mut dyn Prompter,
    view: &TextView,
    required: bool,
) -> Result<Step<Option<String>>> {
    loop {
        let line = match p.text(view)? {
            Reply::Value(v) => v,
            Reply::Back => String::new(),
            Reply::Quit => return Ok(Err(Stopped)),
        };
        let v = line.trim();
        if v.chars().count() > MAX_TEXT {
            p.show(&t!(
                "Texten är för lång; högst {MAX_TEXT} tecken.",
                "The text is too long; at most {MAX_TEXT} characters."
            ));
            continue;
        }
        if v.is_empty() {
            if required {
                p.show(tr("Raden får inte vara tom.", "The line may not be empty."));
                continue;
            }
            return Ok(Ok(None));
        }
        return Ok(Ok(Some(v.to_string())));
    }
}

/// A due date as SPEC §5.2 allows (date, month, year, löpande); empty = none.
fn read_due(p: &mut dyn Prompter) -> Result<Step<Option<String>>> {
    let view = TextView {
        label: tr("Uppföljning", "Follow-up").into(),
        hint: tr(
            "När ska åtgärden vara gjord? Ett datum (2027-06-30), en månad (2027-06), ett år (2027) eller löpande. En tom rad lämnar fältet tomt.",
            "When is the measure to be done? A date (2027-06-30), a month (2027-06), a year (2027) or löpande. An empty line leaves the field empty.",
        )
        .into(),
        date: false,
        ..Default::default()
    };
    loop {
        let line = match read_text(p, &view, false)? {
            Ok(l) => l,
            Err(s) => return Ok(Err(s)),
        };
        let Some(line) = line else {
            return Ok(Ok(None));
        };
        match parse_due(&line) {
            Ok(due) => return Ok(Ok(due)),
            Err(msg) => p.show(&visible(&msg)),
        }
    }
}

#[cfg(test)]
mod tests;
