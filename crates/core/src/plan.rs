//! The action plan over time (SPEC §5.2): when a measure is due, whether it is overdue, whether an
//! accepted risk is up for review, and the ids that let a later file or sheet refer to an action.
//!
//! Dates are a small calendar type of their own: the core has no clock and no date crate, and all
//! it needs is to compare days and find the last day of a month.

use std::fmt;

use crate::model::{Action, ActionStatus, Assessment, Decision, DecisionKind};

/// A calendar day (proleptic Gregorian). Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A day that exists in the calendar, else None.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Exactly `YYYY-MM-DD`, a day that exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| s.parse().ok())
        .flatten()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The word for continuous work in `due`.
pub const ONGOING: &str = "löpande";

/// When a measure is to be done (Uppföljning): a day, a month, a year, or continuous work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Day(Date),
    Month { year: i32, month: u32 },
    Year(i32),
    Ongoing,
}

impl Due {
    /// `2026-06-30`, `2026-06`, `2026` or `löpande` (any case, surrounding space ignored).
    pub fn parse(s: &str) -> Option<Due> {
        let s = s.trim();
        if s.to_lowercase() == ONGOING {
            return Some(Due::Ongoing);
        }
        match s.len() {
            10 => Date::parse(s).map(Due::Day),
            7 if s.as_bytes()[4] == b'-' => {
                let (year, month) = (digits(&s[..4])?, digits(&s[5..])?);
                (1..=12)
                    .contains(&month)
                    .then_some(Due::Month { year, month })
            }
            4 => digits(s).map(Due::Year),
            _ => None,
        }
    }

    /// The last day of the period; None for continuous work.
    pub fn last_day(self) -> Option<Date> {
        match self {
            Due::Day(d) => Some(d),
            Due::Month { year, month } => Date::new(year, month, days_in_month(year, month)),
            Due::Year(year) => Date::new(year, 12, 31),
            Due::Ongoing => None,
        }
    }
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Due::Day(d) => d.fmt(f),
            Due::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Due::Year(y) => write!(f, "{y:04}"),
            Due::Ongoing => f.write_str(ONGOING),
        }
    }
}

/// The status of an action; a file that leaves it out means planerad.
pub fn status(a: &Action) -> ActionStatus {
    a.status.unwrap_or(ActionStatus::Planerad)
}

/// Overdue: not klar, and `today` is after the last day of its due period. An action without a
/// due date, with an unreadable one, or with `löpande` is never overdue.
pub fn is_overdue(a: &Action, today: Date) -> bool {
    status(a) != ActionStatus::Klar
        && a.due
            .as_deref()
            .and_then(Due::parse)
            .and_then(Due::last_day)
            .is_some_and(|last| last < today)
}

/// An accepted risk whose review date has passed: it is to be reconsidered.
pub fn review_passed(d: &Decision, today: Date) -> bool {
    d.decision == DecisionKind::Acceptera
        && d.review
            .as_deref()
            .and_then(Date::parse)
            .is_some_and(|r| r < today)
}

/// Gives every action without an id the next free `a<n>`, so later files, reports and sheets can
/// refer to it. Existing ids are never changed.
pub fn assign_action_ids(a: &mut Assessment) {
    let mut next = a
        .actions
        .iter()
        .filter_map(|x| x.id.as_deref()?.strip_prefix('a')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    for x in a.actions.iter_mut().filter(|x| x.id.is_none()) {
        next += 1;
        x.id = Some(format!("a{next}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn action(due: &str, status: ActionStatus) -> Action {
        Action {
            measure: "m".into(),
            due: Some(due.into()),
            status: Some(status),
            ..Default::default()
        }
    }

    #[test]
    fn due_forms_and_their_last_day() {
        assert_eq!(
            Due::parse("2026-06-30").unwrap().last_day(),
            Some(d("2026-06-30"))
        );
        assert_eq!(
            Due::parse("2026-06").unwrap().last_day(),
            Some(d("2026-06-30"))
        );
        assert_eq!(
            Due::parse("2028-02").unwrap().last_day(),
            Some(d("2028-02-29"))
        );
        assert_eq!(
            Due::parse("2100-02").unwrap().last_day(),
            Some(d("2100-02-28"))
        );
        assert_eq!(
            Due::parse("2026").unwrap().last_day(),
            Some(d("2026-12-31"))
        );
        assert_eq!(Due::parse(" Löpande ").unwrap().last_day(), None);
        for bad in [
            "",
            "2026-13",
            "2026-02-30",
            "26",
            "2026-6",
            "2026/06",
            "+202",
            "snart",
        ] {
            assert_eq!(Due::parse(bad), None, "{bad}");
        }
        for s in ["2026-06-30", "2026-06", "2026", "löpande"] {
            assert_eq!(Due::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn overdue_means_after_the_last_day_and_not_klar() {
        let today = d("2026-07-01");
        assert!(is_overdue(
            &action("2026-06-30", ActionStatus::Planerad),
            today
        ));
        assert!(is_overdue(&action("2026-06", ActionStatus::Pagar), today));
        assert!(!is_overdue(
            &action("2026-07-01", ActionStatus::Planerad),
            today
        ));
        assert!(!is_overdue(
            &action("2026-07", ActionStatus::Planerad),
            today
        ));
        assert!(!is_overdue(&action("2026", ActionStatus::Planerad), today));
        assert!(!is_overdue(
            &action("2026-06-30", ActionStatus::Klar),
            today
        ));
        assert!(!is_overdue(
            &action("löpande", ActionStatus::Planerad),
            today
        ));
        let no_due = Action {
            measure: "m".into(),
            ..Default::default()
        };
        assert!(!is_overdue(&no_due, today));
    }

    #[test]
    fn an_acceptance_is_flagged_after_its_review_date() {
        let mut dec = Decision {
            decision: DecisionKind::Acceptera,
            by: "Eva".into(),
            date: "2026-01-10".into(),
            justification: Some("Låg volym.".into()),
            review: Some("2026-12-31".into()),
        };
        assert!(!review_passed(&dec, d("2026-12-31")));
        assert!(review_passed(&dec, d("2027-01-01")));
        dec.decision = DecisionKind::Atgarda;
        assert!(!review_passed(&dec, d("2027-01-01")));
    }

    #[test]
    fn ids_fill_gaps_after_the_highest_and_never_change() {
        let mut a = Assessment {
            format: 1,
            checklist: "c".into(),
            checklist_version: "1".into(),
            checklist_digest: None,
            unit: "u".into(),
            assessor: None,
            created: None,
            updated: None,
            completed: None,
            answers: Default::default(),
            adjustments: Default::default(),
            actions: vec![Action::default(), Action::default(), Action::default()],
            decisions: Default::default(),
            indicators: Default::default(),
        };
        a.actions[1].id = Some("a7".into());
        assign_action_ids(&mut a);
        let ids: Vec<_> = a.actions.iter().map(|x| x.id.clone().unwrap()).collect();
        assert_eq!(ids, ["a8", "a7", "a9"]);
    }
}
