//! Killing `assess` at any moment loses at most the answer being typed: the process is killed
//! with SIGKILL at random points, many times, and the file must always parse and hold every
//! answer that was confirmed (its comment prompt shown, which happens after the save).
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crimeproof::catalog::{ChecklistSet, Origin};

const QUESTIONS: [&str; 5] = [
    "id-kontroll",
    "folkbokforing",
    "underrattelse",
    "attest",
    "stickprov",
];

struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Waits until the accumulated output contains `needle` `times` times.
fn wait_for(rx: &mpsc::Receiver<Vec<u8>>, seen: &mut String, needle: &str, times: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.matches(needle).count() < times {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(chunk) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            Err(_) => panic!("timed out waiting for {needle:?} ×{times}; output so far:\n{seen}"),
        }
    }
}

#[test]
fn sigkill_at_random_points_never_loses_a_confirmed_answer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set_dir = root.join("tests/fixtures/mini");
    let set = ChecklistSet::load(&Origin::Dir(set_dir.clone())).unwrap();
    let mut rng = Lcg(20261125);
    for round in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("crimeproof"))
            .args([
                "--checklists",
                set_dir.to_str().unwrap(),
                "assess",
                "mini",
                "--plain",
            ])
            .args([
                "--unit",
                "Enheten",
                "--assessor",
                "Testare",
                "-o",
                file.to_str().unwrap(),
            ])
            .env_remove("CRIMEPROOF_LANG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let mut seen = String::new();
        // Confirm `k` answers, then start one more and kill at a random moment within it.
        let k = rng.below(QUESTIONS.len() as u64) as usize;
        let mut confirmed = Vec::new();
        for (i, q) in QUESTIONS.iter().enumerate().take(k) {
            let choice = 1 + rng.below(4);
            stdin.write_all(format!("{choice}\n").as_bytes()).unwrap();
            wait_for(&rx, &mut seen, "Kommentar:", i + 1);
            confirmed.push(*q);
            stdin.write_all(b"\n").unwrap();
        }
        match rng.below(3) {
            0 => {}
            1 => {
                let _ = stdin.write_all(b"2");
            }
            _ => {
                let _ = stdin.write_all(b"3\n");
            }
        }
        std::thread::sleep(Duration::from_micros(rng.below(3000)));
        child.kill().unwrap();
        let _ = child.wait();

        if confirmed.is_empty() && !file.exists() {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("round {round}: {e}"));
        let (a, _) = crimeproof::storage::check_assessment("a.yaml", &bytes, &set)
            .unwrap_or_else(|d| panic!("round {round}: the file does not parse: {d:?}"));
        for q in &confirmed {
            assert!(
                a.answers.contains_key(*q),
                "round {round}: confirmed answer {q} lost"
            );
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        // A kill between write and rename may leave a temporary file, but never a broken a.yaml.
        assert!(leftovers.len() <= 1, "round {round}: {leftovers:?}");
    }
}
