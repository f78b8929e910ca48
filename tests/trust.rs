//! "You never lose an answer, and nothing you load can hurt you": outputs never replace inputs
//! or special files, folders are read safely, default file names never mix two units, and a
//! failed write is never taken for success.
#![cfg(unix)]

mod common;
use common::{Output, Test};

use std::os::unix::fs::symlink;
use std::process::{Command, Stdio};

fn with_checklists() -> Test {
    Test::new()
        .copy("tests/fixtures/mini/mini.yaml", "cl/mini.yaml")
        .copy("tests/fixtures/mini/matrix.yaml", "cl/matrix.yaml")
        .copy("tests/fixtures/report/old.yaml", "old.yaml")
        .copy("tests/fixtures/report/new.yaml", "new.yaml")
}

fn run(t: &mut Test, args: &[&str]) -> Output {
    let mut all = vec!["--checklists", "cl"];
    all.extend_from_slice(args);
    t.exec(&all)
}

fn mkfifo(path: &std::path::Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo");
}

#[test]
fn no_command_writes_onto_its_own_input() {
    let mut t = with_checklists();
    std::fs::create_dir(t.path().join("sub")).unwrap();
    symlink(t.path().join("old.yaml"), t.path().join("link.yaml")).unwrap();
    std::fs::hard_link(t.path().join("new.yaml"), t.path().join("hard.yaml")).unwrap();
    let before = (t.read("old.yaml"), t.read("new.yaml"));
    let cases: &[&[&str]] = &[
        &["report", "old.yaml", "-o", "old.yaml"],
        &["report", "old.yaml", "-o", "./sub/../old.yaml"],
        &["report", "old.yaml", "new.yaml", "-o", "link.yaml"],
        &["report", ".", "-o", "hard.yaml"],
        &["export", "new.yaml", "-o", "new.yaml"],
        &["export", "old.yaml", "--what", "actions", "-o", "link.yaml"],
        &["compare", "old.yaml", "new.yaml", "-o", "new.yaml"],
        &["compare", "old.yaml", "new.yaml", "-o", "hard.yaml"],
    ];
    for args in cases {
        let out = run(&mut t, args);
        assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("samma fil som indatafilen"),
            "{args:?}: {}",
            out.stderr
        );
        assert_eq!((t.read("old.yaml"), t.read("new.yaml")), before, "{args:?}");
    }
    assert!(
        std::fs::symlink_metadata(t.path().join("link.yaml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn an_output_that_is_a_folder_device_or_pipe_is_refused() {
    let mut t = with_checklists();
    std::fs::create_dir(t.path().join("out")).unwrap();
    mkfifo(&t.path().join("pipe.md"));
    for (out, what) in [
        ("out", "en mapp"),
        ("/dev/null", "en enhetsfil"),
        ("pipe.md", "en namngiven pipe"),
    ] {
        for args in [
            vec!["report", "old.yaml", "-o", out],
            vec!["export", "old.yaml", "-o", out],
            vec!["compare", "old.yaml", "new.yaml", "-o", out],
            vec![
                "assess",
                "mini",
                "--plain",
                "--unit",
                "U",
                "--assessor",
                "A",
                "-o",
                out,
            ],
        ] {
            let o = run(&mut t, &args);
            assert_eq!(o.code, 1, "{args:?}: {}", o.stderr);
            assert!(o.stderr.contains(what), "{args:?}: {}", o.stderr);
        }
    }
    assert!(t.path().join("out").is_dir());
}

#[test]
fn init_does_not_write_through_symbolic_links() {
    let mut t = Test::new();
    std::fs::create_dir_all(t.path().join("kommun/templates")).unwrap();
    std::fs::create_dir(t.path().join("elsewhere")).unwrap();
    // Dangling links pointing out of the folder: following them would create files there.
    symlink(
        t.path().join("elsewhere/matrix.yaml"),
        t.path().join("kommun/matrix.yaml"),
    )
    .unwrap();
    symlink(
        t.path().join("elsewhere/x"),
        t.path().join("kommun/templates/style.css"),
    )
    .unwrap();
    let out = t.exec(&["init", "kommun"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("symbolisk länk"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_dir(t.path().join("elsewhere"))
            .unwrap()
            .count(),
        0
    );

    let mut t = Test::new();
    std::fs::create_dir_all(t.path().join("kommun")).unwrap();
    std::fs::create_dir(t.path().join("elsewhere")).unwrap();
    symlink(
        t.path().join("elsewhere"),
        t.path().join("kommun/templates"),
    )
    .unwrap();
    let out = t.exec(&["init", "kommun"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        std::fs::read_dir(t.path().join("elsewhere"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn folders_are_read_without_loops_pipes_or_duplicates() {
    let mut t = with_checklists();
    std::fs::create_dir(t.path().join("enheter")).unwrap();
    std::fs::rename(t.path().join("old.yaml"), t.path().join("enheter/old.yaml")).unwrap();
    symlink(".", t.path().join("enheter/aktuell")).unwrap();
    symlink("old.yaml", t.path().join("enheter/samma.yaml")).unwrap();
    mkfifo(&t.path().join("enheter/ror.yaml"));
    let check = run(&mut t, &["check", "enheter", "enheter/old.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("Inga problem i 1 fil."),
        "{}",
        check.stderr
    );
    // One assessment, however often it is reachable: the unit report, not a sector report.
    let report = run(&mut t, &["report", "enheter", "enheter/aktuell/old.yaml"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let single = run(&mut t, &["report", "enheter/old.yaml"]);
    assert_eq!(report.stdout, single.stdout);
    // The checklist folder too: a pipe there is never opened.
    symlink(".", t.path().join("cl/aktuell")).unwrap();
    mkfifo(&t.path().join("cl/ror.yaml"));
    let list = run(&mut t, &["list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
}

#[test]
fn report_on_an_empty_folder_has_nothing_to_report() {
    let mut t = with_checklists();
    std::fs::create_dir(t.path().join("tom")).unwrap();
    for args in [["report", "tom"], ["export", "tom"]] {
        let out = run(&mut t, &args);
        assert_eq!(out.code, 1, "{}", out.stdout);
        assert!(out.stderr.contains("inget att ta med"), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn an_assessment_in_the_checklist_folder_is_skipped_with_a_warning() {
    let mut t = with_checklists().copy("tests/fixtures/report/old.yaml", "cl/sparad.yaml");
    for args in [
        &["list"][..],
        &["score", "new.yaml"],
        &["report", "new.yaml"],
    ] {
        let out = run(&mut t, args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("cl/sparad.yaml"), "{}", out.stderr);
        assert!(out.stderr.contains("W019"), "{}", out.stderr);
    }
}

#[test]
fn assess_never_saves_into_the_checklist_folder() {
    let mut t = with_checklists();
    let out = t.exec(&[
        "--checklists",
        "cl",
        "assess",
        "mini",
        "--plain",
        "--unit",
        "U",
        "--assessor",
        "A",
        "-o",
        "cl/u.yaml",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("checklistmappen"), "{}", out.stderr);
    // Without -o from inside the checklist folder.
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"));
    let status = cmd
        .current_dir(t.path().join("cl"))
        .args([
            "--checklists",
            ".",
            "assess",
            "mini",
            "--plain",
            "--unit",
            "U",
            "--assessor",
            "A",
        ])
        .env_remove("CRIMEPROOF_LANG")
        .env("SOURCE_DATE_EPOCH", common::FIXED_EPOCH)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let names: Vec<_> = std::fs::read_dir(t.path().join("cl"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// Answers the first question (option 1) and quits.
fn assess_unit(t: &mut Test, unit: &str, assessor: &str) -> Output {
    let taken = std::mem::replace(t, Test::new());
    *t = taken
        .args(&[
            "--checklists",
            "cl",
            "assess",
            "mini",
            "--plain",
            "--unit",
            unit,
            "--assessor",
            assessor,
        ])
        .stdin("1\n\nq\n");
    t.run()
}

#[test]
fn units_with_the_same_default_name_never_share_a_file() {
    let mut t = with_checklists();
    let first = assess_unit(&mut t, "Äldreboende Åsen", "Anna");
    assert_eq!(first.code, 0, "{}", first.stderr);
    let second = assess_unit(&mut t, "Aldreboende Asen", "Bo");
    assert_eq!(second.code, 0, "{}", second.stderr);
    let a = t.read("mini-aldreboende-asen-2026-11-25.yaml");
    assert!(
        a.contains("unit: Äldreboende Åsen") && a.contains("assessor: Anna"),
        "{a}"
    );
    let b = t.read("mini-aldreboende-asen-2026-11-25-2.yaml");
    assert!(
        b.contains("unit: Aldreboende Asen") && b.contains("assessor: Bo"),
        "{b}"
    );
    // The same unit again continues its own file.
    let again = assess_unit(&mut t, "Aldreboende Asen", "Bo");
    assert!(
        again
            .stdout
            .contains("Fortsätter bedömningen i filen mini-aldreboende-asen-2026-11-25-2.yaml"),
        "{}",
        again.stdout
    );

    for (unit, file) in [
        (".", "mini-enhet-2026-11-25.yaml"),
        ("日本語", "mini-enhet-2026-11-25-2.yaml"),
    ] {
        let out = assess_unit(&mut t, unit, "C");
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            t.read(file)
                .contains(&format!("unit: {}", if unit == "." { "'.'" } else { unit })),
            "{unit}: {}",
            t.read(file)
        );
    }
}

#[test]
fn a_long_unit_name_is_saved_at_the_first_answer() {
    let id = "a".repeat(60);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mini/mini.yaml"
    ))
    .unwrap()
    .replace("id: mini\n", &format!("id: {id}\n"));
    let mut t = Test::new()
        .file(&format!("cl/{id}.yaml"), text)
        .copy("tests/fixtures/mini/matrix.yaml", "cl/matrix.yaml");
    let unit = "Enheten för särskilt långa namn ".repeat(6);
    let taken = std::mem::replace(&mut t, Test::new());
    t = taken
        .args(&[
            "--checklists",
            "cl",
            "assess",
            &id,
            "--plain",
            "--unit",
            unit.trim(),
            "--assessor",
            "A",
        ])
        .stdin("1\n\nq\n");
    let out = t.run();
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let saved: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(saved[0].len() < 150, "{saved:?}");
}

/// Runs the binary with standard output going to `/dev/full`.
fn to_full_stdout(t: &Test, args: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"))
        .current_dir(t.path())
        .args(["--checklists", "cl"])
        .args(args)
        .env_remove("CRIMEPROOF_LANG")
        .env("SOURCE_DATE_EPOCH", common::FIXED_EPOCH)
        .stdin(Stdio::null())
        .stdout(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_on_standard_output_is_an_error() {
    let t = with_checklists();
    for args in [
        &["list"][..],
        &["check", "--format", "json"],
        &["score", "old.yaml"],
        &["report", "old.yaml"],
        &["export", "old.yaml"],
        &["compare", "old.yaml", "new.yaml"],
        &["schema"],
    ] {
        let out = to_full_stdout(&t, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("kan inte skriva till standardutdata"),
            "{args:?}: {err}"
        );
        assert!(err.contains("Disken är full"), "{args:?}: {err}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let t = with_checklists();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"))
        .current_dir(t.path())
        .args(["--checklists", "cl", "report", "old.yaml", "new.yaml"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
