//! The bundled checklists: valid, complete and usable on day one (issue 3).
mod common;
use common::Test;

use crimeproof::catalog::{ChecklistSet, Origin};

const SECTORS: [&str; 13] = [
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
    "kommunledning",
    "kunskapsenkat",
];

#[test]
fn check_on_the_bundled_set_exits_0_without_warnings() {
    let out = Test::new().arg("check").run();
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "", "no problems, not even warnings");
}

#[test]
fn list_shows_every_bundled_checklist() {
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
    assert!(
        set.entries.len() >= 12,
        "only {} bundled checklists",
        set.entries.len()
    );
    assert!(total >= 200, "only {total} questions in all");
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
    // The action plan's counts are indicators the sector report can sum, not free-text comments.
    let ids: Vec<&str> = hr.indicators.iter().map(|i| i.id.as_str()).collect();
    for id in ["utbildade", "aktiviteter", "enkat-genomford"] {
        assert!(ids.contains(&id), "HR indicator {id} missing from {ids:?}");
    }
    let ledning = &set.get("kommunledning").unwrap().checklist;
    assert!(
        !ledning.indicators.is_empty(),
        "kommunledning declares indicators"
    );
}

#[test]
fn the_knowledge_survey_scores_like_any_checklist() {
    // Everyone knows everything and needs nothing: every area Låg. Nobody knows anything: the
    // survey's areas (consequence Måttlig) come out Medel, never Mycket hög.
    let set = ChecklistSet::load(&Origin::Bundled).unwrap();
    let survey = &set.get("kunskapsenkat").unwrap().checklist;
    let dir = tempfile::tempdir().unwrap();
    for (best, want) in [(true, "lag"), (false, "medel")] {
        let mut answers = String::new();
        for (_, q) in survey.questions() {
            let options = survey.scale_of(q).unwrap();
            let pick = if best {
                options.first().unwrap()
            } else {
                options.last().unwrap()
            };
            answers.push_str(&format!("  {}: {{answer: {}}}\n", q.id, pick.id));
        }
        let file = dir.path().join(format!("enkat-{best}.yaml"));
        std::fs::write(
            &file,
            format!(
                "format: 1\nchecklist: kunskapsenkat\nchecklist_version: \"{}\"\nunit: Test\nanswers:\n{answers}",
                survey.version
            ),
        )
        .unwrap();
        let out = Test::new()
            .args(&["score", "--json", file.to_str().unwrap()])
            .run();
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v["overall"], want, "{}", out.stdout);
    }
}

#[test]
fn shared_routines_are_asked_once_in_the_general_checklist() {
    // Polisanmälan and reporting influence attempts are asked in hr-ledning-overgripande; the
    // sector checklists kept by the same coordinator do not ask them again.
    let set = ChecklistSet::load(&Origin::Bundled).unwrap();
    let hr = &set.get("hr-ledning-overgripande").unwrap().checklist;
    for id in [
        "polisanmalan",
        "underrattelse",
        "jav-rutin",
        "stod-drabbad",
        "incidentrapportering",
    ] {
        assert!(hr.question(id).is_some(), "HR must ask {id}");
    }
    for sector in [
        "upphandling-avtalsuppfoljning",
        "ekonomiadministration-utbetalningar",
        "foreningsbidrag",
    ] {
        let c = &set.get(sector).unwrap().checklist;
        for id in ["polisanmalan", "paverkansforsok"] {
            assert!(
                c.question(id).is_none(),
                "{sector} asks the shared routine {id} again"
            );
        }
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
