use super::*;
use crate::catalog::{ChecklistSet, Origin};
use crate::model::{Action, ActionStatus};
use std::collections::VecDeque;

mod actions;

enum Step {
    C(Choice),
    T(&'static str),
    TBack,
    Y(bool),
}
use Step::*;

/// A prompter that plays a script and records what it was shown and asked.
#[derive(Default)]
struct Script {
    steps: VecDeque<Step>,
    shown: Vec<String>,
    asked: Vec<usize>,
}

impl Script {
    fn new(steps: Vec<Step>) -> Self {
        Script {
            steps: steps.into(),
            ..Default::default()
        }
    }
    fn saw(&self, needle: &str) -> bool {
        self.shown.iter().any(|s| s.contains(needle))
    }
}

impl Prompter for Script {
    fn show(&mut self, text: &str) {
        self.shown.push(text.to_string());
    }
    fn choose(&mut self, q: &QuestionView) -> Result<Choice> {
        self.asked.push(q.number);
        match self.steps.pop_front() {
            Some(C(c)) => Ok(c),
            None => Ok(Choice::Quit),
            Some(_) => panic!(
                "question {} asked, script expected something else",
                q.number
            ),
        }
    }
    fn text(&mut self, t: &TextView) -> Result<Reply<String>> {
        match self.steps.pop_front() {
            Some(T(s)) => Ok(Reply::Value(s.to_string())),
            Some(TBack) => Ok(Reply::Back),
            None => Ok(Reply::Quit),
            Some(_) => panic!("text `{}` asked, script expected something else", t.label),
        }
    }
    fn confirm(&mut self, _: &str, _: bool) -> Result<Reply<bool>> {
        match self.steps.pop_front() {
            Some(Y(b)) => Ok(Reply::Value(b)),
            None => Ok(Reply::Quit),
            Some(_) => panic!("confirm asked, script expected something else"),
        }
    }
}

fn set() -> ChecklistSet {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    ChecklistSet::load(&Origin::Dir(dir)).unwrap()
}

fn session<'a>(set: &'a ChecklistSet, a: Option<Assessment>) -> Session<'a> {
    let e = set.get("mini").unwrap();
    let a = a.unwrap_or_else(|| {
        Session::new_assessment(
            &e.checklist,
            &e.digest,
            "Enheten",
            "Anna",
            "2026-01-01T09:00:00+01:00",
        )
    });
    Session {
        checklist: &e.checklist,
        matrix: &set.matrix,
        digest: e.digest.clone(),
        assessment: a,
        review: false,
        previous: None,
        today: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        clock: Box::new(|| "2026-01-01T10:00:00+01:00".to_string()),
    }
}

/// Runs a script; returns the outcome, the prompter and every saved version.
fn play(s: &mut Session, steps: Vec<Step>) -> (Outcome, Script, Vec<Assessment>) {
    let mut p = Script::new(steps);
    let mut saved = Vec::new();
    let outcome = s
        .run(&mut p, &mut |a: &Assessment| {
            saved.push(a.clone());
            Ok(())
        })
        .unwrap();
    assert!(p.steps.is_empty(), "script not used up");
    (outcome, p, saved)
}

fn answer(a: &Assessment, id: &str) -> Option<String> {
    a.answers.get(id).map(|x| x.answer.clone())
}

#[test]
fn answering_everything_completes_and_saves_after_each_answer() {
    let set = set();
    let mut s = session(&set, None);
    let (outcome, p, saved) = play(
        &mut s,
        vec![
            C(Choice::Answer(0)),
            T("Alltid."),
            C(Choice::Answer(1)),
            T(""),
            C(Choice::Answer(2)),
            T(""),
            C(Choice::Answer(0)),
            T(""),
            C(Choice::Answer(3)),
            T(""),
            Y(false),
        ],
    );
    assert_eq!(outcome, Outcome::Complete);
    let last = &s.assessment;
    assert_eq!(answer(last, "id-kontroll").as_deref(), Some("ja"));
    assert_eq!(
        last.answers["id-kontroll"].comment.as_deref(),
        Some("Alltid.")
    );
    assert_eq!(answer(last, "stickprov").as_deref(), Some("vet-ej"));
    assert!(last.completed.is_some());
    // Two saves per answer (choice, comment) and one at the end.
    assert_eq!(saved.len(), 11);
    assert!(saved[0].answers.contains_key("id-kontroll"));
    assert!(saved[..8].iter().all(|a| a.completed.is_none()));
    // Measures: folkbokforing (ibland), underrattelse (nej), stickprov (vet-ej).
    let qs: Vec<&str> = last
        .actions
        .iter()
        .filter_map(|a| a.question.as_deref())
        .collect();
    assert_eq!(qs, ["folkbokforing", "underrattelse", "stickprov"]);
    assert!(
        last.actions
            .iter()
            .all(|a| a.status == Some(ActionStatus::Planerad))
    );
    assert!(p.saw("Riskområde 2 av 2: Utbetalningar"));
    assert!(p.saw("Resultat per riskområde"));
}

#[test]
fn back_skip_and_help() {
    let set = set();
    let mut s = session(&set, None);
    let (outcome, p, _) = play(
        &mut s,
        vec![
            C(Choice::Back), // first question: nothing before it
            C(Choice::Help),
            C(Choice::Answer(2)),
            T(""),
            C(Choice::Back), // to question 1, which shows the answer given
            C(Choice::Answer(0)),
            T(""),
            C(Choice::Skip), // question 2 skipped
            C(Choice::Quit),
        ],
    );
    assert_eq!(outcome, Outcome::Stopped);
    assert_eq!(p.asked, [1, 1, 1, 2, 1, 2, 3]);
    assert!(p.saw("första frågan"));
    assert!(p.saw("Ja betyder att kontrollen görs"), "{:?}", p.shown);
    assert!(p.saw("Källa: Brå 2015:8"));
    assert_eq!(answer(&s.assessment, "id-kontroll").as_deref(), Some("ja"));
    assert!(!s.assessment.answers.contains_key("folkbokforing"));
}

#[test]
fn not_applicable_needs_a_justification() {
    let set = set();
    let mut s = session(&set, None);
    let (_, p, saved) = play(
        &mut s,
        vec![
            C(Choice::Answer(4)),
            T(""),
            T("  "),
            T("Vi har inga nyansökningar."),
            C(Choice::Quit),
        ],
    );
    assert!(p.saw("behöver en motivering"));
    // Never saved without its justification.
    assert!(
        saved
            .iter()
            .all(|a| a.answers.values().all(|x| x.comment.is_some()))
    );
    let a = &s.assessment.answers["id-kontroll"];
    assert_eq!(a.answer, NOT_APPLICABLE);
    assert_eq!(a.comment.as_deref(), Some("Vi har inga nyansökningar."));
}

#[test]
fn back_from_the_justification_returns_to_the_question() {
    let set = set();
    let mut s = session(&set, None);
    let (_, p, _) = play(
        &mut s,
        vec![
            C(Choice::Answer(4)),
            TBack,
            C(Choice::Answer(1)),
            T(""),
            C(Choice::Quit),
        ],
    );
    assert_eq!(p.asked, [1, 1, 2]);
    assert_eq!(
        answer(&s.assessment, "id-kontroll").as_deref(),
        Some("delvis")
    );
}

#[test]
fn resume_starts_at_the_first_unanswered_and_review_walks_all() {
    let set = set();
    let mut s = session(&set, None);
    play(
        &mut s,
        vec![
            C(Choice::Answer(0)),
            T("k"),
            C(Choice::Skip),
            C(Choice::Answer(1)),
            T(""),
            C(Choice::Quit),
        ],
    );
    let stored = s.assessment.clone();

    let mut s = session(&set, Some(stored.clone()));
    assert_eq!(
        s.resume_line().as_deref(),
        Some("2 av 5 besvarade — vi fortsätter med fråga 2")
    );
    let (_, p, _) = play(&mut s, vec![C(Choice::Quit)]);
    assert_eq!(p.asked, [2]);
    // A resumed walk-through gets no introduction again; the caller shows the one line.
    assert!(!p.saw("Välkommen"), "{:?}", p.shown);

    let mut s = session(&set, Some(stored));
    s.review = true;
    let mut p = Script::new(vec![C(Choice::Answer(0)), T(""), C(Choice::Quit)]);
    let mut current = None;
    struct Peek<'a>(&'a mut Script, &'a mut Option<Option<usize>>);
    impl Prompter for Peek<'_> {
        fn show(&mut self, t: &str) {
            self.0.show(t)
        }
        fn choose(&mut self, q: &QuestionView) -> Result<Choice> {
            if self.1.is_none() {
                *self.1 = Some(q.current);
            }
            self.0.choose(q)
        }
        fn text(&mut self, t: &TextView) -> Result<Reply<String>> {
            self.0.text(t)
        }
        fn confirm(&mut self, q: &str, d: bool) -> Result<Reply<bool>> {
            self.0.confirm(q, d)
        }
    }
    s.run(
        &mut Peek(&mut p, &mut current),
        &mut |_: &Assessment| Ok(()),
    )
    .unwrap();
    assert_eq!(p.asked, [1, 2]);
    assert_eq!(
        current,
        Some(Some(0)),
        "review shows the earlier answer as default"
    );
    // An empty comment keeps the earlier one.
    assert_eq!(
        s.assessment.answers["id-kontroll"].comment.as_deref(),
        Some("k")
    );
}

#[test]
fn actions_are_filled_in_and_dates_validated() {
    let set = set();
    let mut s = session(&set, None);
    let (_, p, _) = play(
        &mut s,
        vec![
            C(Choice::Answer(2)),
            T(""),
            C(Choice::Answer(0)),
            T(""),
            C(Choice::Answer(0)),
            T(""),
            C(Choice::Answer(0)),
            T(""),
            C(Choice::Answer(0)),
            T(""),
            Y(true),
            T("Enhetschefen"),
            T("Ekonomi"),
            T("2026-02-30"),
            T("30/6"),
            T("2026-06-30"),
        ],
    );
    assert!(p.saw("finns inte i kalendern"));
    assert!(p.saw("inte ett datum, en månad"));
    let a = &s.assessment.actions[0];
    assert_eq!(a.question.as_deref(), Some("id-kontroll"));
    assert_eq!(a.owner.as_deref(), Some("Enhetschefen"));
    assert_eq!(a.partners.as_deref(), Some("Ekonomi"));
    assert_eq!(a.due.as_deref(), Some("2026-06-30"));
}

#[test]
fn back_in_the_action_fill_in_goes_one_field_back_and_to_the_previous_measure() {
    let set = set();
    let mut s = session(&set, None);
    let mut steps = vec![
        C(Choice::Answer(2)), // id-kontroll: Nej, a measure
        T(""),
        C(Choice::Answer(2)), // folkbokforing: Sällan eller aldrig, a measure
        T(""),
    ];
    for _ in 0..3 {
        steps.extend([C(Choice::Answer(0)), T("")]);
    }
    steps.extend([
        Y(true),
        T("Eva"),
        TBack, // from Samverkan back to Ansvarig
        T(""), // keeps Eva
        T("Polisen"),
        T(""), // no date
        TBack, // from the second measure's Ansvarig to the first measure's date
        T("2027-03-31"),
        T("Olle"),
        T(""),
        T(""),
    ]);
    play(&mut s, steps);
    let a = &s.assessment.actions;
    assert_eq!(a[0].owner.as_deref(), Some("Eva"));
    assert_eq!(a[0].partners.as_deref(), Some("Polisen"));
    assert_eq!(a[0].due.as_deref(), Some("2027-03-31"));
    assert_eq!(a[1].owner.as_deref(), Some("Olle"));
    assert_eq!(a[1].due, None);
}

#[test]
fn skipped_questions_are_named_and_offered_before_the_result() {
    let set = set();
    let mut s = session(&set, None);
    let mut steps = vec![C(Choice::Skip)];
    for _ in 0..4 {
        steps.extend([C(Choice::Answer(0)), T("")]);
    }
    // The offer is declined once, so the walk-through goes on to the result.
    steps.push(Y(false));
    let (outcome, p, _) = play(&mut s, steps);
    assert_eq!(outcome, Outcome::Incomplete { unanswered: 1 });
    let named = p
        .shown
        .iter()
        .position(|t| t.starts_with("1 fråga saknar svar:\n1. Kontrolleras sökandens"))
        .expect("the skipped question named");
    let result = p
        .shown
        .iter()
        .position(|t| t.starts_with("Resultat per riskområde"))
        .unwrap();
    assert!(named < result);
    assert_eq!(
        short(
            "Kontrolleras sökandens identitet mot giltig id-handling vid nyansökan?",
            40
        ),
        "Kontrolleras sökandens identitet mot…"
    );
}

#[test]
fn a_changed_checklist_carries_answers_over_and_says_so() {
    let set = set();
    let e = set.get("mini").unwrap();
    let mut old = Session::new_assessment(
        &e.checklist,
        "sha256:old",
        "E",
        "A",
        "2025-01-01T09:00:00+01:00",
    );
    old.checklist_version = "2025.1".into();
    old.answers.insert(
        "adress-kontroll".into(),
        Answer {
            answer: "alltid".into(),
            comment: None,
        },
    );
    old.answers.insert(
        "borttagen".into(),
        Answer {
            answer: "ja".into(),
            comment: None,
        },
    );
    let mut s = session(&set, Some(old));
    let msg = s.migrate().unwrap();
    assert!(
        msg.contains("version 2025.1 har ersatts av 2026.1"),
        "{msg}"
    );
    assert!(msg.contains("borttagen"), "{msg}");
    assert!(
        msg.contains("4 frågor i den nya versionen saknar svar"),
        "{msg}"
    );
    assert_eq!(
        answer(&s.assessment, "folkbokforing").as_deref(),
        Some("alltid")
    );
    assert!(!s.assessment.answers.contains_key("adress-kontroll"));
    assert_eq!(
        s.assessment.checklist_digest.as_deref(),
        Some(e.digest.as_str())
    );
    assert!(session(&set, None).migrate().is_none());
}

#[test]
fn text_longer_than_the_limit_is_refused_and_asked_again() {
    let set = set();
    let mut s = session(&set, None);
    let long: &'static str = "x".repeat(MAX_TEXT_CHARS + 1).leak();
    let fits: &'static str = "y".repeat(MAX_TEXT_CHARS).leak();
    let (_, p, saved) = play(
        &mut s,
        vec![C(Choice::Answer(0)), T(long), T(fits), C(Choice::Quit)],
    );
    assert!(p.saw("Texten är för lång: 10001 tecken"), "{:?}", p.shown);
    assert!(saved.iter().all(|a| a.answers.values().all(|x| {
        x.comment
            .as_deref()
            .is_none_or(|c| c.len() <= MAX_TEXT_CHARS)
    })));
    assert_eq!(
        s.assessment.answers["id-kontroll"].comment.as_deref(),
        Some(fits)
    );
}

#[test]
fn an_invisible_justification_is_as_blank_as_an_empty_one() {
    let set = set();
    let mut s = session(&set, None);
    let (_, p, _) = play(
        &mut s,
        vec![
            C(Choice::Answer(4)),
            T("\u{200b} \u{feff}"),
            T("Inga nyansökningar."),
            C(Choice::Answer(0)),
            T("\u{200b}"),
            C(Choice::Quit),
        ],
    );
    assert!(p.saw("behöver en motivering"));
    let a = &s.assessment.answers;
    assert_eq!(
        a["id-kontroll"].comment.as_deref(),
        Some("Inga nyansökningar.")
    );
    assert_eq!(
        a["folkbokforing"].comment, None,
        "an invisible comment is no comment"
    );
}

#[test]
fn dates_and_estimates() {
    assert_eq!(parse_date("2026-06-30"), Ok(Some("2026-06-30".into())));
    assert_eq!(parse_date(" "), Ok(None));
    assert!(parse_date("2026-13-01").is_err());
    assert!(parse_date("2026-6-30").is_err());
    for ok in ["2000-01-01", "2100-12-31"] {
        assert!(parse_date(ok).is_ok(), "{ok}");
    }
    for far in ["0000-01-01", "1999-12-31", "2101-01-01", "9999-12-31"] {
        let msg = parse_date(far).unwrap_err();
        assert!(msg.contains("från år 2000 till 2100"), "{msg}");
    }
    assert_eq!(parse_due(" 2026-06 "), Ok(Some("2026-06".into())));
    assert_eq!(parse_due("Löpande"), Ok(Some("löpande".into())));
    assert!(
        parse_due("2026-02-30")
            .unwrap_err()
            .contains("finns inte i kalendern")
    );
    assert!(
        parse_due("30/6")
            .unwrap_err()
            .contains("inte ett datum, en månad")
    );
    assert_eq!(estimate_minutes(5), 10);
    assert_eq!(estimate_minutes(1), 5);
    assert_eq!(estimate_minutes(14), 25);
}
