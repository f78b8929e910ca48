//! Actions during the interview: what a person wrote is never lost.

use super::*;

fn action(question: &str, measure: &str) -> Action {
    Action {
        question: Some(question.into()),
        measure: measure.into(),
        status: Some(ActionStatus::Planerad),
        ..Action::default()
    }
}

/// Every question answered: id-kontroll `delvis`, the rest `ja` (attest as given).
fn answered(set: &ChecklistSet, attest: &str, actions: Vec<Action>) -> Assessment {
    let mut a = session(set, None).assessment;
    for (q, ans) in [
        ("id-kontroll", "delvis"),
        ("folkbokforing", "alltid"),
        ("underrattelse", "ja"),
        ("attest", attest),
        ("stickprov", "ja"),
    ] {
        a.answers.insert(
            q.into(),
            Answer {
                answer: ans.into(),
                comment: None,
            },
        );
    }
    a.actions = actions;
    a
}

/// The actions as written before the tool assigned ids.
fn without_ids(actions: &[Action]) -> Vec<Action> {
    let strip = |a: &Action| Action {
        id: None,
        ..a.clone()
    };
    actions.iter().map(strip).collect()
}

fn measures(a: &Assessment) -> Vec<(&str, &str)> {
    a.actions
        .iter()
        .map(|x| {
            (
                x.question.as_deref().unwrap_or_default(),
                x.measure.as_str(),
            )
        })
        .collect()
}

#[test]
fn resuming_keeps_every_action_a_person_wrote() {
    let set = set();
    let with_owner = Action {
        owner: Some("Eva".into()),
        ..action("id-kontroll", "Dokumentera id-kontrollen i akten.")
    };
    let second = action("id-kontroll", "Utbilda handläggarna i id-kontroll.");
    let done = Action {
        owner: Some("Ekonomichefen".into()),
        due: Some("2026-03-31".into()),
        status: Some(ActionStatus::Klar),
        ..action("attest", "Inför attest av två personer.")
    };
    let stale = action("stickprov", "Gör stickprov varje kvartal.");
    let a = answered(
        &set,
        "ja",
        vec![stale, done.clone(), second.clone(), with_owner.clone()],
    );
    let mut s = session(&set, Some(a));
    let (outcome, p, saved) = play(&mut s, vec![Y(false)]);
    assert_eq!(outcome, Outcome::Complete);
    // The untouched generated action whose answer is now Ja is the only one to go (the rest
    // keep everything, and get an id).
    assert_eq!(
        without_ids(&s.assessment.actions),
        [with_owner, second, done]
    );
    assert!(saved.iter().all(|a| a.actions.len() == 3));
    assert!(p.saw("Handlingsplanen har också 2 åtgärder som svaren inte pekar på"));
    assert!(p.saw("Svaren pekar på 1 åtgärd:"));
}

#[test]
fn answering_ja_in_review_keeps_an_action_with_owner_and_date() {
    let set = set();
    let planned = Action {
        owner: Some("Ekonomichefen".into()),
        due: Some("2026-06-30".into()),
        ..action("attest", "Inför attest av två personer.")
    };
    let mut s = session(&set, Some(answered(&set, "nej", vec![planned.clone()])));
    s.review = true;
    let mut steps = Vec::new();
    for k in [1, 0, 0, 0, 0] {
        steps.extend([C(Choice::Answer(k)), T("")]);
    }
    steps.push(Y(false));
    let (_, _, saved) = play(&mut s, steps);
    assert_eq!(answer(&s.assessment, "attest").as_deref(), Some("ja"));
    assert!(
        saved
            .iter()
            .all(|a| without_ids(&a.actions).contains(&planned))
    );
    assert_eq!(
        measures(&s.assessment),
        [
            ("id-kontroll", "Dokumentera id-kontrollen i akten."),
            ("attest", "Inför attest av två personer.")
        ]
    );
}

#[test]
fn a_persons_action_outlives_a_removed_question() {
    let set = set();
    let mut a = answered(
        &set,
        "ja",
        vec![
            Action {
                partners: Some("Polisen".into()),
                ..action("borttagen", "Samverka med polisen.")
            },
            action("ocksa-borttagen", "Gör något."),
            action(
                "adress-kontroll",
                "Stäm av adressen mot folkbokföringen i varje ärende.",
            ),
        ],
    );
    a.answers["folkbokforing"].answer = "ibland".into();
    a.checklist_version = "2025.1".into();
    let mut s = session(&set, Some(a));
    s.migrate().unwrap();
    play(&mut s, vec![Y(false)]);
    // The old id of a question is brought up to date; the untouched action of a removed
    // question goes; the one a person wrote stays.
    assert_eq!(
        measures(&s.assessment),
        [
            ("id-kontroll", "Dokumentera id-kontrollen i akten."),
            (
                "folkbokforing",
                "Stäm av adressen mot folkbokföringen i varje ärende."
            ),
            ("borttagen", "Samverka med polisen."),
        ]
    );
}

#[test]
fn the_touched_predicate() {
    let plain = action("attest", "Inför attest av två personer.");
    assert!(!plain.is_touched());
    assert!(
        !Action {
            status: None,
            ..plain.clone()
        }
        .is_touched()
    );
    for touched in [
        Action {
            owner: Some("Eva".into()),
            ..plain.clone()
        },
        Action {
            partners: Some("Polisen".into()),
            ..plain.clone()
        },
        Action {
            due: Some("2026-06-30".into()),
            ..plain.clone()
        },
        Action {
            status: Some(ActionStatus::Pagar),
            ..plain.clone()
        },
    ] {
        assert!(touched.is_touched(), "{touched:?}");
    }
}
