//! The `crimeproof` binary: parse the command line, run, map errors to exit codes (SPEC §4).

use std::process::ExitCode;

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
    // Double-clicked in Explorer: explain instead of flashing the usage message (Windows only).
    if crimeproof::double_click::started_from_explorer() {
        crimeproof::double_click::explain_and_wait();
        return ExitCode::SUCCESS;
    }
    // Help and usage errors in the person's language (exit code 2 for wrong usage).
    let cli = match crimeproof::cli_help::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // The library's typed error already carries the message a person needs and the exit code,
    // so the binary needs no error framework of its own.
    match crimeproof::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Invalid files print their diagnostics as they are; other errors get a prefix.
            match err {
                crimeproof::Error::Invalid(_) | crimeproof::Error::Unusable { .. } => {
                    eprintln!("{err}")
                }
                _ => eprintln!("{}: {err}", crimeproof::i18n::tr("fel", "error")),
            }
            ExitCode::from(err.exit_code())
        }
    }
}
