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
fn help_and_usage_errors_are_swedish_and_english_with_lang_en() {
    let help = Test::new().arg("--help").run();
    assert_eq!(help.code, 0, "{}", help.stderr);
    for sv in [
        "Användning: crimeproof",
        "Kommandon:",
        "Flaggor:",
        "Visa hjälpen.",
    ] {
        assert!(help.stdout.contains(sv), "{sv}: {}", help.stdout);
    }
    for en in ["Usage:", "Options:", "Print help", "[possible values"] {
        assert!(!help.stdout.contains(en), "{en}: {}", help.stdout);
    }
    assert!(help.stdout.ends_with('\n'), "{:?}", help.stdout);
    let sub = Test::new().args(&["check", "--help"]).run();
    assert!(
        sub.stdout.contains("[värden: text, json]"),
        "{}",
        sub.stdout
    );
    assert!(sub.stdout.contains("Argument:"), "{}", sub.stdout);

    let typo = Test::new().args(&["list", "--jsn"]).run();
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.starts_with("fel: okänt argument ”--jsn”"),
        "{}",
        typo.stderr
    );
    assert!(
        typo.stderr.contains("menade du ”--json”"),
        "{}",
        typo.stderr
    );
    assert!(!typo.stderr.contains("error:"), "{}", typo.stderr);
    let value = Test::new().args(&["check", "--format", "xml"]).run();
    assert_eq!(value.code, 2);
    assert!(
        value.stderr.contains("ogiltigt värde ”xml”"),
        "{}",
        value.stderr
    );
    assert!(
        value.stderr.contains("möjliga värden: text, json"),
        "{}",
        value.stderr
    );
    let missing = Test::new().arg("assess").run();
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("det här saknas: <CHECKLIST>"),
        "{}",
        missing.stderr
    );

    let en = Test::new().args(&["--lang", "en", "bogus"]).run();
    assert_eq!(en.code, 2);
    assert!(
        en.stderr.contains("error: unrecognized subcommand"),
        "{}",
        en.stderr
    );
    let en = Test::new().env("CRIMEPROOF_LANG", "en").arg("--help").run();
    assert!(en.stdout.contains("Usage: crimeproof"), "{}", en.stdout);
}

#[test]
fn operating_system_errors_are_said_in_swedish() {
    let out = Test::new().args(&["score", "saknas.yaml"]).run();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("saknas.yaml: filen eller mappen finns inte"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("os error"), "{}", out.stderr);
    let out = Test::new()
        .args(&["--lang", "en", "score", "saknas.yaml"])
        .run();
    assert!(
        out.stderr.contains("No such file or directory"),
        "{}",
        out.stderr
    );
}

#[test]
fn completions_for_four_shells() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = Test::new().args(&["completions", shell]).run();
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains("crimeproof"), "{shell}");
        assert!(out.stdout.contains("assess"), "{shell}");
    }
    let out = Test::new().args(&["completions", "tcsh"]).run();
    assert_eq!(out.code, 2);
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
