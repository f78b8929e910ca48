//! The `crimeproof` binary: parse the command line, run, map errors to exit codes (SPEC §4).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // SPEC §4: a panic is always a bug; say so before the details.
    let details = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        eprintln!(
            "{}",
            crimeproof::i18n::tr(
                "fel: internt fel i crimeproof (en bugg). Rapportera det, med kommandot och filerna som gav felet.",
                "error: internal error in crimeproof (a bug). Please report it, with the command and the files that caused it."
            )
        );
        details(info);
    }));
    let cli = crimeproof::cli::Cli::parse();
    match crimeproof::cli::run(cli).map_err(anyhow::Error::from) {
        Ok(code) => code,
        Err(err) => {
            let code = err
                .downcast_ref::<crimeproof::Error>()
                .map_or(1, crimeproof::Error::exit_code);
            // Invalid files print their diagnostics as they are; other errors get a prefix.
            match err.downcast_ref::<crimeproof::Error>() {
                Some(crimeproof::Error::Invalid(_) | crimeproof::Error::Unusable { .. }) => {
                    eprintln!("{err}")
                }
                _ => eprintln!("{}: {err}", crimeproof::i18n::tr("fel", "error")),
            }
            ExitCode::from(code)
        }
    }
}
