//! The bundled checklists: valid, complete and usable on day one (issue 3).
mod common;
use common::Test;

use crimeproof::catalog::{ChecklistSet, Origin};

const SECTORS: [&str; 11] = [
    "ekonomiskt-bistand",
    "lss-personlig-assistans",
    "hemtjanst-kopt-omsorg",
    "upphandling-avtalsuppfoljning",
    "ekonomiadministration-utbetalningar",
    "foreningsbidrag",
    "tillstand-och-tillsyn",
    "skola-forskola",
    "arbetsmarknadsinsatser",
    "hr-ledning-overgripande",
    "fardtjanst-bostadsanpassning",
];

#[test]
fn check_on_the_bundled_set_exits_0_without_warnings() {
    let out = Test::new().arg("check").run();
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "", "no problems, not even warnings");
}

#[test]
fn list_shows_all_eleven_sectors() {
    let out = Test::new().args(&["list", "--json"]).run();
    assert_eq!(out.code, 0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for s in SECTORS {
        assert!(ids.contains(&s), "{s} missing from {ids:?}");
    }
}

#[test]
fn every_checklist_meets_the_content_bar() {
    let set = ChecklistSet::load(&Origin::Bundled).expect("bundled set loads");
    let mut total = 0;
    for e in &set.entries {
        let c = &e.checklist;
        let desc = c.description.as_deref().unwrap_or_default();
        assert!(
            desc.contains("2023:196"),
            "{}: description must name lag (2023:196)",
            c.id
        );
        assert!(
            desc.contains("Vet ej"),
            "{}: description must explain \"Vet ej\"",
            c.id
        );
        assert!(
            (3..=6).contains(&c.areas.len()),
            "{}: {} areas",
            c.id,
            c.areas.len()
        );
        for a in &c.areas {
            assert!(
                (3..=6).contains(&a.questions.len()),
                "{}/{}: {} questions",
                c.id,
                a.id,
                a.questions.len()
            );
            assert!(
                a.description.as_deref().is_some_and(|d| d.len() > 40),
                "{}/{}: modus description",
                c.id,
                a.id
            );
            assert!(
                a.consequence_note.is_some(),
                "{}/{}: consequence_note",
                c.id,
                a.id
            );
            for q in &a.questions {
                let where_ = format!("{}/{}", c.id, q.id);
                assert!(
                    q.help.as_deref().is_some_and(|h| h.len() > 40),
                    "{where_}: help"
                );
                let source = q.source.as_deref().unwrap_or_default();
                assert!(!source.is_empty(), "{where_}: source");
                assert!(
                    !source.contains('['),
                    "{where_}: sources are cited by title, not [n]"
                );
                assert!(
                    q.measure.as_deref().is_some_and(|m| !m.is_empty()),
                    "{where_}: measure"
                );
                assert!(
                    q.text.ends_with('?'),
                    "{where_}: a question ends with a question mark"
                );
                total += 1;
            }
        }
        assert!(
            c.areas
                .iter()
                .any(|a| a.questions.iter().any(|q| q.critical)),
            "{}: no critical question",
            c.id
        );
    }
    assert!(total >= 130, "only {total} questions in all");
}

#[test]
fn hr_checklist_feeds_the_follow_up_indicators() {
    let set = ChecklistSet::load(&Origin::Bundled).unwrap();
    let hr = &set.get("hr-ledning-overgripande").unwrap().checklist;
    let text: String = hr
        .questions()
        .map(|(_, q)| q.text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    for needle in ["utbildning", "kunskapshöjande", "enkät"] {
        assert!(
            text.contains(needle),
            "the HR checklist must ask about {needle}"
        );
    }
}

#[test]
fn swedish_prose_has_no_common_ascii_slips() {
    // Words that are only right with å, ä or ö; written without them they are a slip.
    let slips = [
        " pa ",
        " nar ",
        " aven ",
        " atgard",
        " forvalt",
        " ocksa ",
        " bistand",
        " for att ",
        " ar ",
        " over ",
    ];
    for e in &ChecklistSet::load(&Origin::Bundled).unwrap().entries {
        let c = &e.checklist;
        let mut prose = vec![c.title.clone(), c.description.clone().unwrap_or_default()];
        for a in &c.areas {
            prose.push(a.title.clone());
            prose.extend(a.description.clone());
            for q in &a.questions {
                prose.push(q.text.clone());
                prose.extend(q.help.clone());
                prose.extend(q.measure.clone());
            }
        }
        let all = format!(" {} ", prose.join(" ").to_lowercase());
        for s in slips {
            assert!(
                !all.contains(s),
                "{}: `{}` looks like a missing å/ä/ö",
                c.id,
                s.trim()
            );
        }
    }
}
