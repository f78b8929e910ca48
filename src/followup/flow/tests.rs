use super::*;
use crate::catalog::{ChecklistSet, Origin};
use crate::interview::plain::PlainPrompter;
use crate::model::Answer;

fn set() -> ChecklistSet {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    ChecklistSet::load(&Origin::Dir(dir)).unwrap()
}

/// An assessment of the mini checklist with two actions, the second overdue.
fn assessment(set: &ChecklistSet) -> Assessment {
    let e = set.get("mini").unwrap();
    let mut a = crate::interview::flow::Session::new_assessment(
        &e.checklist,
        &e.digest,
        "Enheten",
        "Anna",
        "2026-01-01T09:00:00+01:00",
    );
    a.answers.insert(
        "attest".into(),
        Answer {
            answer: "nej".into(),
            comment: None,
        },
    );
    a.actions = vec![
        Action {
            id: Some("a1".into()),
            question: Some("attest".into()),
            measure: "Inför attest av två personer.".into(),
            owner: Some("Ekonomichef".into()),
            due: Some("2027-06".into()),
            status: Some(ActionStatus::Planerad),
            ..Default::default()
        },
        Action {
            id: Some("a2".into()),
            question: Some("stickprov".into()),
            measure: "Gör stickprov varje kvartal.".into(),
            due: Some("2026-10-31".into()),
            status: Some(ActionStatus::Pagar),
            note: Some("Första stickprovet gjort.".into()),
            ..Default::default()
        },
    ];
    a
}

/// Plays `input` as the lines a person types; returns the screen and every saved version.
fn play(set: &ChecklistSet, input: &str) -> (bool, String, Vec<Assessment>, Assessment) {
    let e = set.get("mini").unwrap();
    let mut f = FollowUp {
        checklist: &e.checklist,
        assessment: assessment(set),
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        clock: Box::new(|| "2026-11-25T12:00:00+00:00".to_string()),
    };
    let mut p = PlainPrompter::new(input.as_bytes(), Vec::new());
    let mut saved = Vec::new();
    let finished = f
        .run(&mut p, &mut |a: &Assessment| {
            saved.push(a.clone());
            Ok(())
        })
        .unwrap();
    let out = String::from_utf8(p.into_output()).unwrap();
    (finished, out, saved, f.assessment)
}

#[test]
fn statuses_notes_own_measure_and_decision() {
    let set = set();
    let input = "klar\nBeslutad i nämnden.\n\n\nj\nokant\nidentitet\n\nKontrollera id.\nEnhetschef\n30/6\nlöpande\nn\nj\nutbetalning\nkanske\nacceptera\nEva Ek\n\nLåg volym.\nn\n";
    let (finished, out, saved, a) = play(&set, input);
    assert!(finished);
    assert!(
        out.contains("[1/2] Åtgärd 1 av 2: Inför attest av två personer."),
        "{out}"
    );
    assert!(out.contains("Ansvarig: Ekonomichef. Uppföljning: 2027-06. Status: Planerad."));
    assert!(out.contains("[2/2]"));
    assert!(out.contains("Åtgärden är försenad."), "{out}");
    assert!(out.contains("”okant” är inte ett riskområde"));
    assert!(out.contains("Raden får inte vara tom."));
    assert!(out.contains("”30/6” är inte ett datum"));
    assert!(out.contains("”kanske” är inget beslut"));
    assert!(out.contains("Klar 1"), "{out}");

    let first = &a.actions[0];
    assert_eq!(first.status, Some(ActionStatus::Klar));
    assert_eq!(first.done.as_deref(), Some("2026-11-25"));
    assert_eq!(first.note.as_deref(), Some("Beslutad i nämnden."));
    let second = &a.actions[1];
    assert_eq!(
        second.status,
        Some(ActionStatus::Pagar),
        "empty = unchanged"
    );
    assert_eq!(second.note.as_deref(), Some("Första stickprovet gjort."));
    let own = &a.actions[2];
    assert_eq!(own.id.as_deref(), Some("a3"));
    assert_eq!(own.question, None);
    assert_eq!(own.area.as_deref(), Some("identitet"));
    assert_eq!(own.measure, "Kontrollera id.");
    assert_eq!(own.owner.as_deref(), Some("Enhetschef"));
    assert_eq!(own.due.as_deref(), Some("löpande"));
    let d = &a.decisions["utbetalning"];
    assert_eq!(d.decision, DecisionKind::Acceptera);
    assert_eq!(d.by, "Eva Ek");
    assert_eq!(d.date, "2026-11-25");
    assert_eq!(d.justification.as_deref(), Some("Låg volym."));
    // Saved after every change: status, note, own measure, its due date, the decision.
    assert_eq!(saved.len(), 5);
    assert!(
        saved
            .iter()
            .all(|s| s.updated.as_deref() == Some("2026-11-25T12:00:00+00:00"))
    );
}

#[test]
fn q_and_end_of_input_save_what_was_done_and_stop() {
    let set = set();
    let (finished, _, saved, a) = play(&set, "2\n\nq\n");
    assert!(!finished);
    assert_eq!(saved.len(), 1);
    assert_eq!(a.actions[0].status, Some(ActionStatus::Pagar));
    let (finished, _, saved, _) = play(&set, "3\nKlart.\n");
    assert!(!finished);
    assert_eq!(saved.len(), 2);
    // Leaving klar removes the done date.
    let (_, _, _, a) = play(&set, "3\n\n1\n");
    assert_eq!(a.actions[1].status, Some(ActionStatus::Planerad));
    assert_eq!(a.actions[1].done, None);
    assert_eq!(a.actions[0].done.as_deref(), Some("2026-11-25"));
}

#[test]
fn status_words_and_numbers() {
    assert_eq!(parse_status(" 3 ").ok(), Some(Some(ActionStatus::Klar)));
    assert_eq!(parse_status("Pågår").ok(), Some(Some(ActionStatus::Pagar)));
    assert_eq!(
        parse_status("planerad").ok(),
        Some(Some(ActionStatus::Planerad))
    );
    assert_eq!(parse_status("").ok(), Some(None));
    assert!(matches!(parse_status("Q"), Err(Quit)));
    assert!(matches!(parse_status("4"), Err(Invalid)));
}
