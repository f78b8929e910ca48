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
