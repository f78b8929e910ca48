//! A small builder that runs the real `crimeproof` binary in a temporary folder, in the spirit
//! of `just`'s test harness: write files, set stdin and environment, run, inspect.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The clock every run of the binary sees, 2026-11-25T12:00:00Z (see `crimeproof::clock`).
pub const FIXED_EPOCH: &str = "1795608000";

pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    env: Vec<(String, String)>,
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub dir: PathBuf,
}

impl Test {
    pub fn new() -> Self {
        Test {
            dir: tempfile::tempdir().expect("temp dir"),
            args: Vec::new(),
            stdin: None,
            env: Vec::new(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn arg(mut self, a: impl AsRef<str>) -> Self {
        self.args.push(a.as_ref().to_string());
        self
    }

    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|s| s.to_string()));
        self
    }

    pub fn stdin(mut self, s: impl AsRef<[u8]>) -> Self {
        self.stdin = Some(s.as_ref().to_vec());
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    /// Writes a file (creating folders) relative to the test folder.
    pub fn file(self, rel: &str, content: impl AsRef<[u8]>) -> Self {
        let p = self.dir.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(p, content).unwrap();
        self
    }

    /// Copies a file from the repository (e.g. `tests/fixtures/...`) into the test folder.
    pub fn copy(self, from_repo: &str, rel: &str) -> Self {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(from_repo);
        let bytes = std::fs::read(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        self.file(rel, bytes)
    }

    /// Runs the binary with `args` in the same folder, which stays for more runs.
    pub fn exec(&mut self, args: &[&str]) -> Output {
        self.args = args.iter().map(|s| s.to_string()).collect();
        self.run()
    }

    /// Writes a file in the test folder without consuming the builder.
    pub fn put(&self, rel: &str, content: impl AsRef<[u8]>) {
        let p = self.dir.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(p, content).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).unwrap()
    }

    /// Runs the binary; the test folder stays alive with the returned Test for more runs.
    pub fn run(&mut self) -> Output {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"));
        cmd.current_dir(self.dir.path())
            .args(&self.args)
            .env_remove("CRIMEPROOF_LANG")
            .env_remove("CRIMEPROOF_CHECKLISTS")
            .env("NO_COLOR", "1")
            // A fixed clock (2026-11-25 12:00 UTC): dates in output are exact, on any day.
            .env("SOURCE_DATE_EPOCH", FIXED_EPOCH);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let out = match &self.stdin {
            Some(input) => {
                use std::io::Write;
                use std::process::Stdio;
                cmd.stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped());
                let mut child = cmd.spawn().expect("spawn crimeproof");
                let mut sin = child.stdin.take().unwrap();
                let data = input.clone();
                let writer = std::thread::spawn(move || {
                    let _ = sin.write_all(&data);
                });
                let out = child.wait_with_output().expect("wait");
                let _ = writer.join();
                out
            }
            None => cmd
                .stdin(std::process::Stdio::null())
                .output()
                .expect("run crimeproof"),
        };
        self.args.clear();
        self.stdin = None;
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            dir: self.dir.path().to_path_buf(),
        }
    }
}
