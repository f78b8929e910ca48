//! Writes N realistic assessments over the bundled checklists (or a `--checklists` folder), for
//! benchmarks and demos:
//!
//!     cargo run --release --example generate -- 1000 /tmp/bedomningar [CHECKLISTS_DIR]
//!
//! Answers are drawn with a fixed seed, so the same N gives the same files. Most controls are in
//! place, some are partial or missing, a few are "Vet ej" or "Ej aktuellt" — roughly what a
//! municipality's first round looks like.

use std::path::PathBuf;

use crimeproof::catalog::{ChecklistSet, Origin};
use crimeproof::model::{Action, ActionStatus, Answer, Assessment, NOT_APPLICABLE, UNKNOWN};

/// A small deterministic generator (xorshift64*), enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const UNITS: [&str; 12] = [
    "Försörjningsstöd",
    "Mottagningen",
    "Hemtjänst norr",
    "Hemtjänst söder",
    "Upphandlingsenheten",
    "Ekonomienheten",
    "Fritidsgården",
    "Bygglovsenheten",
    "Miljö och hälsa",
    "Förskoleområde öst",
    "Jobbcentrum",
    "Färdtjänsthandläggningen",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out)) = (
        args.first().and_then(|s| s.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: generate N OUTDIR [CHECKLISTS_DIR]");
        std::process::exit(2);
    };
    let origin = match args.get(2) {
        Some(dir) => Origin::Dir(PathBuf::from(dir)),
        None => Origin::Bundled,
    };
    let set = match ChecklistSet::load(&origin) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("create output folder");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..n {
        let entry = &set.entries[i % set.entries.len()];
        let c = &entry.checklist;
        let unit = format!(
            "{} {}",
            UNITS[rng.below(UNITS.len() as u64) as usize],
            i / set.entries.len() + 1
        );
        let mut a = Assessment {
            format: 1,
            checklist: c.id.clone(),
            checklist_version: c.version.clone(),
            checklist_digest: Some(entry.digest.clone()),
            unit,
            assessor: Some("Testperson".into()),
            created: Some("2026-11-02T09:00:00+01:00".into()),
            updated: Some("2026-11-02T09:45:00+01:00".into()),
            completed: None,
            answers: Default::default(),
            adjustments: Default::default(),
            actions: Vec::new(),
            decisions: Default::default(),
            indicators: Default::default(),
        };
        let complete = rng.below(10) < 8;
        for (_, q) in c.questions() {
            if !complete && rng.below(4) == 0 {
                continue;
            }
            let options = c.scale_of(q).unwrap_or_default();
            let roll = rng.below(100);
            let (answer, comment) = match roll {
                0..=4 => (
                    NOT_APPLICABLE.to_string(),
                    Some("Verksamheten hanterar inte detta.".to_string()),
                ),
                5..=11 => (UNKNOWN.to_string(), None),
                _ => {
                    // Skewed towards the first (best) option.
                    let idx = (rng.below(100) as usize * rng.below(100) as usize * options.len())
                        / 10_000;
                    (
                        options[idx.min(options.len() - 1)].id.clone(),
                        roll.is_multiple_of(3)
                            .then(|| "Rutinen ses över i vår.".to_string()),
                    )
                }
            };
            a.answers.insert(q.id.clone(), Answer { answer, comment });
        }
        for (k, t) in crimeproof::scoring::triggered_measures(c, &a)
            .into_iter()
            .enumerate()
        {
            let assigned = rng.below(3) > 0;
            a.actions.push(Action {
                question: Some(t.question),
                measure: t.measure,
                owner: assigned.then(|| "Enhetschef".to_string()),
                partners: assigned.then(|| "Ekonomi, HR".to_string()),
                due: assigned.then(|| format!("2027-{:02}-15", 1 + (k % 12))),
                status: Some(
                    [
                        ActionStatus::Planerad,
                        ActionStatus::Pagar,
                        ActionStatus::Klar,
                    ][rng.below(3) as usize],
                ),
                ..Default::default()
            });
        }
        if complete && a.answers.len() == c.question_count() {
            a.completed = a.updated.clone();
        }
        let text = crimeproof::storage::assessment_yaml(&a).expect("serialize");
        let path = out.join(format!("{:05}-{}.yaml", i, c.id));
        std::fs::write(path, text).expect("write assessment");
    }
    eprintln!("{n} bedömningar skrivna till {}", out.display());
}
