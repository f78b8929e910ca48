//! Every file under tests/fixtures/broken holds one problem (three-problems.yaml three); `check`
//! must report it at the right place with the exact text of the golden `.out` file next to it.
//! Regenerate the golden files after an intended change with `UPDATE_GOLDEN=1 cargo test`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("tests/fixtures/broken")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml") {
                out.push(p.strip_prefix(root()).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn check(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"))
        .current_dir(root())
        .env_remove("CRIMEPROOF_LANG")
        .env_remove("CRIMEPROOF_CHECKLISTS")
        .args(["--checklists", "tests/fixtures/mini", "check"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn each_broken_fixture_matches_its_golden_diagnostics() {
    let files = fixtures();
    assert!(
        files.len() >= 40,
        "the broken corpus has {} files",
        files.len()
    );
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for rel in &files {
        let rel_str = rel.to_str().unwrap();
        let (code, stdout, stderr) = check(&[rel_str]);
        assert!(!stderr.contains("panicked"), "{rel_str} panicked: {stderr}");
        let golden = root().join(format!("{rel_str}.out"));
        if update {
            std::fs::write(&golden, &stdout).unwrap();
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if stdout != expected {
            failures.push(format!(
                "{rel_str}:\n--- expected\n{expected}--- got\n{stdout}"
            ));
        }
        let only_warnings = !stdout.contains(": fel[");
        assert_eq!(
            code,
            if only_warnings { 0 } else { 1 },
            "{rel_str}: exit code\n{stdout}"
        );
        let first = stdout.lines().next().unwrap_or_default();
        let prefix = format!("{rel_str}:");
        assert!(
            first.starts_with(&prefix),
            "{rel_str}: first line `{first}` must start with the file"
        );
        let loc: Vec<&str> = first[prefix.len()..].splitn(3, ':').collect();
        assert!(
            loc.len() == 3
                && loc[0].parse::<u32>().unwrap_or(0) >= 1
                && loc[1].parse::<u32>().unwrap_or(0) >= 1,
            "{rel_str}: `{first}` has no LINE:COLUMN"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn three_independent_problems_are_all_reported() {
    let (code, stdout, _) = check(&["tests/fixtures/broken/checklists/three-problems.yaml"]);
    assert_eq!(code, 1);
    let errors: Vec<&str> = stdout.lines().filter(|l| l.contains(": fel[")).collect();
    assert_eq!(errors.len(), 3, "{stdout}");
}

#[test]
fn a_folder_is_checked_file_by_file() {
    let (code, stdout, stderr) = check(&["tests/fixtures/broken/assessments"]);
    assert_eq!(code, 1);
    let files: std::collections::BTreeSet<&str> = stdout
        .lines()
        .filter(|l| l.contains(": fel["))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert!(files.len() >= 9, "{files:?}");
    assert!(
        stderr.contains(" fel och 0 varningar i ") && stderr.contains(" filer."),
        "closing count on stderr: {stderr}"
    );
}

#[test]
fn json_format_lists_every_problem_with_location_and_code() {
    let (code, stdout, _) = check(&[
        "--format",
        "json",
        "tests/fixtures/broken/checklists/three-problems.yaml",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 3);
    for d in arr {
        for key in ["file", "line", "column", "code", "message"] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
    assert_eq!(arr[1]["code"], "E011");
    assert_eq!(arr[1]["line"], 5);
}

#[test]
fn english_messages_with_lang_en() {
    let out = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"))
        .current_dir(root())
        .args([
            "--lang",
            "en",
            "check",
            "tests/fixtures/broken/checklists/unknown-field.yaml",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error[E011]: unknown field `titel`"),
        "{stdout}"
    );
    assert!(stdout.contains("help: did you mean `title`?"), "{stdout}");
}

#[test]
fn a_file_over_five_megabytes_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("stor.yaml");
    let mut text = String::from("format: 1\nid: stor\ndescription: |\n");
    while text.len() < 6 * 1024 * 1024 {
        text.push_str("  Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n");
    }
    std::fs::write(&p, text).unwrap();
    let (code, stdout, _) = check(&[p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("fel[E002]: filen är för stor"), "{stdout}");
}

#[test]
fn a_bom_and_crlf_file_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/mini/mini.yaml")).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace('\n', "\r\n").as_bytes());
    let p = dir.path().join("mini.yaml");
    std::fs::write(&p, bytes).unwrap();
    let (code, stdout, stderr) = check(&[p.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn an_enormous_string_is_reported_quickly_without_flooding_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("enorm.yaml");
    let value = "x".repeat(4 * 1024 * 1024);
    std::fs::write(&p, format!("format: 1\nid: enorm\ntitel: {value}\n")).unwrap();
    let (code, stdout, _) = check(&[p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(":3:1: fel[E011]"),
        "{}",
        &stdout[..stdout.len().min(300)]
    );
    // The snippet is cut, so the 4 MB key is not echoed back in full.
    assert!(stdout.len() < 64 * 1024, "output is {} bytes", stdout.len());
}
