//! The `crimeproof` binary: parse the command line, run, map errors to exit codes (SPEC §4).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Double-clicked in Explorer: explain instead of flashing the usage message (Windows only).
    if crimeproof::double_click::started_from_explorer() {
        crimeproof::double_click::explain_and_wait();
        return ExitCode::SUCCESS;
    }
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
