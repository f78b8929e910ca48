//! The shipped schemas are the generated ones, and they accept every bundled checklist.
mod common;

use crimeproof::schema::{FileKind, check_structure, schema_text};

fn repo(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn shipped_schemas_equal_generated_ones() {
    for kind in FileKind::ALL {
        let path = repo("checklists").join(kind.schema_file());
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            shipped == schema_text(kind),
            "{} is out of date; regenerate it with: cargo run -- schema {} > {}",
            path.display(),
            kind.name(),
            path.display()
        );
    }
}

#[test]
fn schema_command_prints_the_schema() {
    let out = common::Test::new().args(&["schema", "assessment"]).run();
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, schema_text(FileKind::Assessment));
}

#[test]
fn schemas_validate_every_bundled_file() {
    let mut seen = 0;
    for entry in std::fs::read_dir(repo("checklists")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let root = crimeproof::yaml::parse(&text).unwrap();
        let kind = if path.ends_with("matrix.yaml") {
            FileKind::Matrix
        } else {
            FileKind::Checklist
        };
        let name = path.display().to_string();
        let src = crimeproof::diagnostics::Source {
            name: &name,
            text: &text,
        };
        let errors = check_structure(kind, &root, &src);
        assert!(errors.is_empty(), "{name}: {errors:?}");
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn bundled_checklists_point_editors_at_the_schema() {
    for entry in std::fs::read_dir(repo("checklists")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".yaml") {
            continue;
        }
        let first = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        let want = if name == "matrix.yaml" {
            "matrix.schema.json"
        } else {
            "checklist.schema.json"
        };
        assert_eq!(
            first,
            format!("# yaml-language-server: $schema={want}"),
            "{name}"
        );
    }
}
