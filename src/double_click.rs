//! Started by a double-click in Explorer, a console program gets a console window of its own that
//! closes the moment the program ends, so clap's usage message would flash and vanish. Started
//! without arguments as the only process of its console, the program instead explains in Swedish
//! what it is and how to run it from PowerShell, and waits for Enter. Everywhere else (a shell, a
//! script, every other platform) no arguments behave as before: usage on stderr, exit code 2.

use std::io::{BufRead, Write};

/// True when the program was started without arguments from Explorer (Windows only).
pub fn started_from_explorer() -> bool {
    std::env::args_os().len() == 1 && sole_console_process()
}

/// Only a console that Windows created for this process alone has exactly one process attached;
/// started from cmd.exe or PowerShell the shell is attached too.
#[cfg(windows)]
fn sole_console_process() -> bool {
    let mut ids = [0u32; 2];
    // SAFETY: the buffer is valid for `ids.len()` process ids; the call writes at most that many.
    let attached = unsafe {
        windows_sys::Win32::System::Console::GetConsoleProcessList(
            ids.as_mut_ptr(),
            ids.len() as u32,
        )
    };
    attached == 1
}

#[cfg(not(windows))]
fn sole_console_process() -> bool {
    false
}

/// Shows [`explanation`] and waits until Enter is pressed (or the console is closed).
pub fn explain_and_wait() {
    if let Some(lang) = std::env::var("CRIMEPROOF_LANG")
        .ok()
        .and_then(|v| crate::i18n::Lang::parse(&v))
    {
        crate::i18n::set_lang(lang);
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(explanation().as_bytes());
    let _ = out.flush();
    drop(out);
    let _ = std::io::stdin().lock().read_line(&mut String::new());
}

/// What the program is and how to start it from PowerShell.
pub fn explanation() -> String {
    let version = env!("CARGO_PKG_VERSION");
    t!(
        "crimeproof {version} – brottssäkringsanalys av kommunens verksamheter

crimeproof är ett kommandoradsprogram: det har inget eget fönster utan körs
i PowerShell (eller Kommandotolken).

Så gör du:
  1. Öppna mappen där crimeproof.exe ligger.
  2. Högerklicka i mappen och välj \"Öppna i Terminal\" (Windows 11), eller
     håll ned Skift, högerklicka och välj \"Öppna PowerShell-fönstret här\".
  3. Skriv ett kommando och tryck Enter, till exempel:
       .\\crimeproof.exe list                          checklistorna som finns
       .\\crimeproof.exe assess ekonomiskt-bistand     besvara en checklista
       .\\crimeproof.exe --help                        alla kommandon

Tryck Enter för att stänga fönstret.
",
        "crimeproof {version} – crime-proofing analysis of municipal operations

crimeproof is a command-line program: it has no window of its own but runs
in PowerShell (or the Command Prompt).

How to start it:
  1. Open the folder that holds crimeproof.exe.
  2. Right-click in the folder and choose \"Open in Terminal\" (Windows 11), or
     hold Shift, right-click and choose \"Open PowerShell window here\".
  3. Type a command and press Enter, for example:
       .\\crimeproof.exe list                          the available checklists
       .\\crimeproof.exe assess ekonomiskt-bistand     answer a checklist
       .\\crimeproof.exe --help                        all commands

Press Enter to close the window.
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanation_names_the_program_and_powershell_commands() {
        let text = explanation();
        assert!(text.contains(env!("CARGO_PKG_VERSION")));
        assert!(text.contains(r".\crimeproof.exe assess ekonomiskt-bistand"));
    }

    #[cfg(not(windows))]
    #[test]
    fn never_detected_outside_windows() {
        assert!(!started_from_explorer());
    }
}
