//! Embeds the bundled checklists, schemas and report templates in the binary, so that a fresh
//! install works without any files next to it.

use std::fmt::Write as _;
use std::path::Path;

fn embed(dir: &str, exts: &[&str], out: &mut String, name: &str) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| {
        p.is_file()
            && p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| exts.iter().any(|e| n.ends_with(e)))
    });
    files.sort();
    writeln!(out, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    for p in &files {
        let file = p.file_name().unwrap().to_str().unwrap();
        let abs = std::fs::canonicalize(p).unwrap();
        writeln!(
            out,
            "    ({file:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    println!("cargo:rerun-if-changed={dir}");
}

fn main() {
    let mut out = String::new();
    embed(
        "checklists",
        &[".yaml", ".json", ".md"],
        &mut out,
        "CHECKLISTS",
    );
    embed(
        "templates",
        &[".j2", ".css", ".md", ".html"],
        &mut out,
        "TEMPLATES",
    );
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(dest, out).unwrap();
}
