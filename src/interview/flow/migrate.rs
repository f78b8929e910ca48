//! Bringing an assessment begun against an earlier checklist version up to date.

use std::collections::HashSet;

use crate::i18n::tr;
use crate::model::{NOT_APPLICABLE, UNKNOWN};

use super::Session;

impl<'a> Session<'a> {
    /// Brings an assessment begun against an earlier version of the checklist up to date: answers
    /// under an id in `replaces` move to the new id, answers to removed questions are dropped,
    /// version and digest become the current ones. Returns what to tell the person, or None when
    /// the checklist has not changed. Nothing is saved until the next answer.
    pub fn migrate(&mut self) -> Option<String> {
        let a = &mut self.assessment;
        if !a.drifted_from(self.checklist, &self.digest) {
            return None;
        }
        let mut moved = 0usize;
        for (_, q) in self.checklist.questions() {
            if a.answers.contains_key(&q.id) {
                for old in &q.replaces {
                    a.answers.shift_remove(old);
                }
                continue;
            }
            if let Some(old) = q.replaces.iter().find(|o| a.answers.contains_key(*o)) {
                if let Some(ans) = a.answers.shift_remove(old) {
                    a.answers.insert(q.id.clone(), ans);
                    moved += 1;
                }
                for old in &q.replaces {
                    a.answers.shift_remove(old);
                }
            }
        }
        // Answers whose option the scale no longer has cannot count either.
        let mut changed_options: Vec<String> = Vec::new();
        for (_, q) in self.checklist.questions() {
            let valid = self.checklist.scale_of(q).unwrap_or_default();
            if let Some(ans) = a.answers.get(&q.id)
                && ans.answer != UNKNOWN
                && ans.answer != NOT_APPLICABLE
                && !valid.iter().any(|o| o.id == ans.answer)
            {
                a.answers.shift_remove(&q.id);
                changed_options.push(q.id.clone());
            }
        }
        let known: HashSet<&str> = self
            .checklist
            .questions()
            .map(|(_, q)| q.id.as_str())
            .collect();
        let removed: Vec<String> = a
            .answers
            .keys()
            .filter(|k| !known.contains(k.as_str()))
            .cloned()
            .collect();
        for k in &removed {
            a.answers.shift_remove(k);
        }
        let (old, new) = (a.checklist_version.clone(), self.checklist.version.clone());
        a.checklist_version = new.clone();
        a.checklist_digest = Some(self.digest.clone());
        let open = crate::i18n::questions(self.unanswered());
        let open_n = self.unanswered();
        let mut msg = if old == new {
            t!(
                "Checklistan har ändrats sedan bedömningen påbörjades (samma version {new}, nytt innehåll).",
                "The checklist has changed since the assessment began (same version {new}, new content)."
            )
        } else {
            t!(
                "Checklistan har ändrats sedan bedömningen påbörjades: version {old} har ersatts av {new}.",
                "The checklist has changed since the assessment began: version {old} has been replaced by {new}."
            )
        };
        msg.push(' ');
        if removed.is_empty() {
            msg.push_str(tr(
                "Alla tidigare svar gäller fortfarande.",
                "All earlier answers still count.",
            ));
        } else {
            let (n, list) = (removed.len(), removed.join(", "));
            msg.push_str(&t!(
                "{n} svar gäller frågor som har tagits bort och räknas inte längre ({list}); de tas bort när du sparar.",
                "{n} answers concern questions that have been removed and no longer count ({list}); they are removed when you save."
            ));
        }
        if !changed_options.is_empty() {
            let (n, list) = (changed_options.len(), changed_options.join(", "));
            msg.push_str(&t!(
                " {n} svar har svarsalternativ som inte längre finns ({list}); de frågorna ställs igen.",
                " {n} answers use options that no longer exist ({list}); those questions are asked again."
            ));
        }
        if moved > 0 {
            msg.push_str(&t!(
                " {moved} svar har förts över till frågor med nytt id.",
                " {moved} answers were carried over to questions with a new id."
            ));
        }
        msg.push('\n');
        msg.push_str(&if open_n == 0 {
            tr(
                "Alla frågor i den nya versionen har svar.",
                "Every question of the new version has an answer.",
            )
            .to_string()
        } else {
            t!(
                "{open} i den nya versionen saknar svar; de ställs nu.",
                "{open} of the new version have no answer; they are asked now."
            )
        });
        Some(msg)
    }
}
