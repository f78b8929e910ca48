mod common;
use common::Test;

#[test]
fn unknown_command_is_usage_error() {
    let out = Test::new().arg("bogus").run();
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn unreadable_file_exits_1_with_location() {
    let out = Test::new().args(&["check", "missing.yaml"]).run();
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .starts_with("missing.yaml:1:1: fel[E001]: kan inte läsa"),
        "{}",
        out.stdout
    );
}

#[test]
fn list_fits_80_columns_and_still_names_every_field() {
    let out = Test::new().arg("list").run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    for line in out
        .stdout
        .lines()
        .filter(|l| !l.contains("Starta en bedömning"))
    {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    for field in [
        "ekonomiskt-bistand – Ekonomiskt bistånd (försörjningsstöd)",
        "Individ- och familjeomsorg · version",
        "5 riskområden, 20 frågor",
    ] {
        assert!(out.stdout.contains(field), "{field}: {}", out.stdout);
    }
}
