//! What the person reads around the questions: the introduction, the one-line resume, the
//! offer to answer skipped questions, the results and the indicators.

use crate::error::Result;
use crate::i18n::{number, tr};
use crate::model::Question;
use crate::scoring;

use super::{Filled, Outcome, Prompter, Reply, Save, Session, TextView, estimate_minutes, short};

impl<'a> Session<'a> {
    /// After the last question: the questions still without an answer, by number and a short
    /// text, and the offer to answer them now (one j/n line in plain mode), as long as some are
    /// left and the person says yes. Returns false when the person stopped.
    pub(super) fn offer_skipped(
        &mut self,
        p: &mut dyn Prompter,
        save: &mut Save<'_>,
    ) -> Result<bool> {
        loop {
            let open: Vec<(usize, &Question)> = self
                .questions()
                .into_iter()
                .enumerate()
                .filter(|(_, (_, q))| !self.answered(q))
                .map(|(i, (_, q))| (i + 1, q))
                .collect();
            if open.is_empty() {
                return Ok(true);
            }
            let n = crate::i18n::questions(open.len());
            let mut s = t!("{n} saknar svar:", "{n} have no answer:");
            for (no, q) in &open {
                let text = short(&q.text, 70);
                s.push_str(&format!("\n{no}. {text}"));
            }
            p.show(&s);
            let q = tr("Vill du besvara dem nu?", "Do you want to answer them now?");
            match p.confirm(q, true)? {
                Reply::Value(true) => {}
                Reply::Value(false) | Reply::Back => return Ok(true),
                Reply::Quit => return Ok(false),
            }
            let review = std::mem::replace(&mut self.review, false);
            let went_on = self.questions_loop(p, save);
            self.review = review;
            if !went_on? {
                return Ok(false);
            }
        }
    }

    /// A few lines before the first question of a new assessment (or of `--review`). A resumed
    /// assessment gets the one line of [`Self::resume_line`] instead, shown by the caller with
    /// the file's name. The checklist's description is not repeated here: it is long, and the
    /// help of each question says what counts.
    pub(super) fn welcome(&self, p: &mut dyn Prompter) {
        let c = self.checklist;
        let total = c.question_count();
        let done = total - self.unanswered();
        if done > 0 && !self.review {
            return;
        }
        let minutes = estimate_minutes(total);
        let title = &c.title;
        let unit = &self.assessment.unit;
        let total_q = crate::i18n::questions(total);
        let areas_n = crate::i18n::count(
            c.areas.len(),
            ("riskområde", "riskområden"),
            ("risk area", "risk areas"),
        );
        let mut s = if self.review {
            t!(
                "Du går igenom alla {total_q} i ”{title}” för {unit} igen, ungefär {minutes} minuter. De tidigare svaren är förvalda.",
                "You go through all {total_q} of \"{title}\" for {unit} again, about {minutes} minutes. The earlier answers are preselected."
            )
        } else {
            t!(
                "Välkommen till bedömningen ”{title}” för {unit}: {total_q} i {areas_n}, ungefär {minutes} minuter.",
                "Welcome to the assessment \"{title}\" for {unit}: {total_q} in {areas_n}, about {minutes} minutes."
            )
        };
        s.push('\n');
        s.push_str(tr(
            "Svaren sparas efter varje fråga, så du kan sluta när som helst och fortsätta senare. Svara ”Vet ej” hellre än att gissa.",
            "Your answers are saved after every question, so you can stop at any time and continue later. Answer \"Don't know\" rather than guess.",
        ));
        p.show(&s);
    }

    /// Where a resumed assessment stands, in one line: "8 av 16 besvarade — vi fortsätter med
    /// fråga 9". None for `--review`, which starts at question 1 with its own introduction.
    pub fn resume_line(&self) -> Option<String> {
        if self.review {
            return None;
        }
        let list = self.questions();
        let total = list.len();
        let done = total - self.unanswered();
        Some(match list.iter().position(|(_, q)| !self.answered(q)) {
            Some(i) => {
                let next = i + 1;
                t!(
                    "{done} av {total} besvarade — vi fortsätter med fråga {next}",
                    "{done} of {total} answered — we continue with question {next}"
                )
            }
            None => t!(
                "alla {total} frågor är besvarade",
                "all {total} questions are answered"
            ),
        })
    }

    /// The results, the triggered measures, and the offer to fill in the action plan.
    pub(super) fn finish(&mut self, p: &mut dyn Prompter, save: &mut Save<'_>) -> Result<Outcome> {
        let unanswered = self.unanswered();
        // Saves the actions even when nothing else changed (e.g. resumed after the last answer).
        self.commit(save)?;
        let outcome = if unanswered == 0 {
            Outcome::Complete
        } else {
            Outcome::Incomplete { unanswered }
        };
        if !self.ask_indicators(p, save)? {
            return Ok(outcome);
        }
        p.show(&self.results());
        let triggered = self.triggered_actions();
        let kept = self.assessment.actions.len() - triggered.len();
        if kept > 0 {
            let kept = crate::i18n::count(kept, ("åtgärd", "åtgärder"), ("measure", "measures"));
            p.show(&t!(
                "Handlingsplanen har också {kept} som svaren inte pekar på, till exempel egna eller redan påbörjade; de ligger kvar i filen.",
                "The action plan also has {kept} that the answers do not call for, such as measures of your own or ones already under way; they stay in the file."
            ));
        }
        let n = triggered.len();
        if n == 0 {
            p.show(tr(
                "Svaren pekar inte på några åtgärder.",
                "The answers do not call for any measures.",
            ));
            return Ok(outcome);
        }
        let measures = crate::i18n::count(n, ("åtgärd", "åtgärder"), ("measure", "measures"));
        let mut s = t!(
            "Svaren pekar på {measures}:",
            "The answers call for {measures}:"
        );
        for (no, &k) in triggered.iter().enumerate() {
            let (no, m) = (no + 1, &self.assessment.actions[k].measure);
            s.push_str(&format!("\n{no}. {m}"));
        }
        p.show(&s);
        let q = tr(
            "Vill du fylla i Ansvarig, Samverkan och Uppföljning för åtgärderna nu?",
            "Do you want to fill in owner, partners and follow-up date for the measures now?",
        );
        match p.confirm(q, true)? {
            Reply::Value(true) => {}
            Reply::Value(false) | Reply::Back => {
                p.show(tr(
                    "Du kan fylla i åtgärderna senare genom att köra samma kommando igen.",
                    "You can fill in the measures later by running the same command again.",
                ));
                return Ok(outcome);
            }
            Reply::Quit => return Ok(outcome),
        }
        let (mut i, mut from) = (0, 0);
        while i < n {
            match self.fill_action(p, save, triggered[i], (i + 1, n), from)? {
                Filled::Done => (i, from) = (i + 1, 0),
                Filled::Back if i > 0 => (i, from) = (i - 1, 2),
                Filled::Back => from = 0,
                Filled::Stop => break,
            }
        }
        Ok(outcome)
    }

    /// The checklist's indicators (SPEC §5.3), one line each in checklist order; an empty line
    /// skips (keeps the value there is). Each value is saved at once. False when the person stopped.
    pub(super) fn ask_indicators(
        &mut self,
        p: &mut dyn Prompter,
        save: &mut Save<'_>,
    ) -> Result<bool> {
        if self.checklist.indicators.is_empty() {
            return Ok(true);
        }
        p.show(tr(
            "Till sist några tal som följs upp varje år.",
            "Finally a few numbers that are followed up every year.",
        ));
        for ind in &self.checklist.indicators {
            let unit = ind
                .unit
                .as_deref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            let view = TextView {
                label: format!("{}{unit}", ind.text),
                hint: tr(
                    "Skriv ett heltal, 0 eller större. En tom rad hoppar över frågan.",
                    "Write a whole number, 0 or more. An empty line skips the question.",
                )
                .into(),
                current: self.assessment.indicators.get(&ind.id).map(u64::to_string),
                ..Default::default()
            };
            loop {
                let line = match p.text(&view)? {
                    Reply::Value(v) => v,
                    Reply::Back => String::new(),
                    Reply::Quit => return Ok(false),
                };
                let v = line.trim();
                if v.is_empty() {
                    break;
                }
                match v.parse::<u64>() {
                    Ok(n) => {
                        self.assessment.indicators.insert(ind.id.clone(), n);
                        self.commit(save)?;
                        break;
                    }
                    Err(_) => p.show(&t!(
                        "”{v}” är inte ett heltal som är 0 eller större. Skriv bara siffror, till exempel 12.",
                        "\"{v}\" is not a whole number of 0 or more. Write digits only, for example 12."
                    )),
                }
            }
        }
        Ok(true)
    }

    /// Per area: level, likelihood, consequence and gap, as sentences that read well aloud.
    pub(super) fn results(&self) -> String {
        let s = scoring::score(self.checklist, self.matrix, &self.assessment);
        let mut out = tr("Resultat per riskområde:", "Result per risk area:").to_string();
        for (area, a) in self.checklist.areas.iter().zip(&s.areas) {
            let title = &area.title;
            let line = match (a.level.as_deref(), a.likelihood, a.consequence, a.gap) {
                (Some(level), Some(l), Some(c), Some(g)) => {
                    let level = crate::summary::level_label(self.matrix, Some(level));
                    let g = number(g, 2);
                    t!(
                        "{title}: risknivå {level} (sannolikhet {l}, konsekvens {c}, brist {g}).",
                        "{title}: risk level {level} (likelihood {l}, consequence {c}, gap {g})."
                    )
                }
                _ => t!(
                    "{title}: ej bedömt, eftersom ingen fråga är aktuell.",
                    "{title}: not scored, since no question applies."
                ),
            };
            out.push('\n');
            out.push_str(&line);
            if let Some(qid) = &a.critical_raised_by {
                let text = self
                    .checklist
                    .question(qid)
                    .map_or(qid.as_str(), |q| q.text.as_str());
                out.push_str(&t!(
                    " Sannolikheten har höjts eftersom en kritisk fråga visar brist: ”{text}”",
                    " The likelihood was raised because a critical question shows a gap: \"{text}\""
                ));
            }
        }
        let overall = crate::summary::level_label(self.matrix, s.overall.as_deref());
        out.push_str(&t!(
            "\nSamlad risknivå: {overall}.",
            "\nOverall risk level: {overall}."
        ));
        let open = self.unanswered();
        if open > 0 {
            let open = crate::i18n::questions(open);
            out.push_str(&t!(
                "\nObesvarade: {open}. De räknas som brister. Kör samma kommando igen för att besvara dem.",
                "\nUnanswered: {open}. They count as gaps. Run the same command again to answer them."
            ));
        }
        out
    }
}
