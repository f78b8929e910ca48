//! Plain mode (SPEC §4.1): a line protocol for screen readers and scripts. Every line is a whole
//! sentence that makes sense read aloud: no box drawing, no symbols standing in for words.

use std::io::{BufRead, Write};

use crate::error::Result;
use crate::i18n::tr;
use crate::output::wrap;
use crate::terminal_text::{visible, visible_line};

use super::flow::{Choice, Prompter, QuestionView, Reply, TextView};

pub struct PlainPrompter<R, W> {
    input: R,
    out: W,
    first_line: bool,
    /// A prompt without a line end is on screen (so the next output starts on a new line).
    open_prompt: bool,
    /// Wrap output at this width (a terminal's); None writes every paragraph as one line.
    width: Option<usize>,
}

impl<R: BufRead, W: Write> PlainPrompter<R, W> {
    pub fn new(input: R, out: W) -> Self {
        PlainPrompter {
            input,
            out,
            first_line: true,
            open_prompt: false,
            width: None,
        }
    }

    /// Wraps output between words at `width` columns: for a terminal, which would otherwise
    /// break lines in the middle of a word. Without it (a pipe, a file, a screen reader's
    /// capture) each paragraph stays one line, as scripts and braille displays want it.
    pub fn with_width(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    pub fn into_output(self) -> W {
        self.out
    }

    /// Every line of output passes here or through [`Self::prompt`]: text from files (questions,
    /// unit names, comments) is shown with its control characters made visible.
    fn say(&mut self, text: &str) {
        if self.open_prompt {
            let _ = self.out.write_all(b"\n");
            self.open_prompt = false;
        }
        let _ = writeln!(self.out, "{}", wrap(&visible(text), self.width));
        let _ = self.out.flush();
    }

    fn prompt(&mut self, text: &str) {
        let _ = write!(self.out, "{} ", visible_line(text));
        let _ = self.out.flush();
        self.open_prompt = true;
    }

    /// One line without its line end (LF or CRLF); None at the end of input. Bytes that are not
    /// UTF-8 are replaced rather than refused, so a wrongly encoded line is explained, not fatal.
    fn line(&mut self) -> Option<String> {
        let mut buf = Vec::new();
        match self.input.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => {
                if self.open_prompt {
                    let _ = self.out.write_all(b"\n");
                }
                self.open_prompt = false;
                None
            }
            Ok(_) => {
                self.open_prompt = false;
                let mut s = String::from_utf8_lossy(&buf).into_owned();
                if self.first_line {
                    self.first_line = false;
                    if let Some(rest) = s.strip_prefix('\u{feff}') {
                        s = rest.to_string();
                    }
                }
                while s.ends_with('\n') || s.ends_with('\r') {
                    s.pop();
                }
                Some(s)
            }
        }
    }
}

impl<R: BufRead, W: Write> Prompter for PlainPrompter<R, W> {
    fn reads_every_line(&self) -> bool {
        true
    }

    fn show(&mut self, text: &str) {
        self.say("");
        self.say(text);
    }

    fn choose(&mut self, q: &QuestionView) -> Result<Choice> {
        let n = q.options.len();
        if !q.repeat {
            let (number, total, text) = (q.number, q.total, &q.text);
            self.say("");
            self.say(&t!(
                "[{number}/{total}] Fråga {number} av {total}: {text}",
                "[{number}/{total}] Question {number} of {total}: {text}"
            ));
            for (i, o) in q.options.iter().enumerate() {
                let no = i + 1;
                let label = &o.label;
                self.say(&format!("{no}. {label}"));
            }
            if let Some(c) = q.current {
                let label = &q.options[c].label;
                self.say(&if q.previous {
                    t!(
                        "Förra bedömningens svar: {label}. En tom rad tar det.",
                        "The previous assessment's answer: {label}. An empty line takes it."
                    )
                } else {
                    t!(
                        "Nuvarande svar: {label}. En tom rad behåller det.",
                        "Current answer: {label}. An empty line keeps it."
                    )
                });
            }
            self.say(&keys_line(n, q));
        }
        loop {
            self.prompt(tr("Svar:", "Answer:"));
            let Some(line) = self.line() else {
                return Ok(Choice::Quit);
            };
            let s = line.trim();
            match s {
                "" => {
                    if let Some(c) = q.current {
                        return Ok(Choice::Answer(c));
                    }
                }
                "?" => return Ok(Choice::Help),
                "<" => return Ok(Choice::Back),
                "-" => return Ok(Choice::Skip),
                "q" | "Q" => return Ok(Choice::Quit),
                _ => {
                    if let Ok(k) = s.parse::<usize>()
                        && (1..=n).contains(&k)
                    {
                        return Ok(Choice::Answer(k - 1));
                    }
                    let lower = s.to_lowercase();
                    if let Some(k) = q
                        .options
                        .iter()
                        .position(|o| o.id == lower || o.label.to_lowercase() == lower)
                    {
                        return Ok(Choice::Answer(k));
                    }
                }
            }
            let msg = if s.is_empty() {
                t!(
                    "Du skrev inget svar. Skriv en siffra från 1 till {n}.",
                    "You wrote no answer. Write a number from 1 to {n}."
                )
            } else {
                t!(
                    "”{s}” är inte ett av svaren. Skriv en siffra från 1 till {n}, eller ? för hjälp, < för att gå tillbaka, - för att hoppa över, q för att spara och avsluta.",
                    "\"{s}\" is not one of the answers. Write a number from 1 to {n}, or ? for help, < to go back, - to skip, q to save and quit."
                )
            };
            self.say(&msg);
        }
    }

    fn text(&mut self, t: &TextView) -> Result<Reply<String>> {
        let mut hint = t.hint.clone();
        if let Some(c) = &t.current {
            hint.push_str(&t!(" Nu står det: {c}.", " Currently: {c}."));
        }
        self.say(&hint);
        self.prompt(&format!("{}:", t.label));
        Ok(match self.line() {
            Some(s) => Reply::Value(s),
            None => Reply::Quit,
        })
    }

    fn confirm(&mut self, question: &str, default: bool) -> Result<Reply<bool>> {
        self.say(question);
        let keys = if default {
            tr(
                "Skriv j för ja eller n för nej (tom rad betyder ja):",
                "Write y for yes or n for no (an empty line means yes):",
            )
        } else {
            tr(
                "Skriv j för ja eller n för nej (tom rad betyder nej):",
                "Write y for yes or n for no (an empty line means no):",
            )
        };
        loop {
            self.prompt(keys);
            let Some(line) = self.line() else {
                return Ok(Reply::Quit);
            };
            if line.trim().eq_ignore_ascii_case("q") {
                return Ok(Reply::Quit);
            }
            match parse_yes_no(&line) {
                Some(v) => return Ok(Reply::Value(v)),
                None if line.trim().is_empty() => return Ok(Reply::Value(default)),
                None => {
                    let s = line.trim();
                    self.say(&t!(
                        "”{s}” är varken ja eller nej.",
                        "\"{s}\" is neither yes nor no."
                    ));
                }
            }
        }
    }
}

/// j/ja/y/yes and n/nej/no, in either language, any case.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "j" | "ja" | "y" | "yes" => Some(true),
        "n" | "nej" | "no" => Some(false),
        _ => None,
    }
}

fn keys_line(n: usize, q: &QuestionView) -> String {
    let mut s = t!(
        "Svara med en siffra från 1 till {n}.",
        "Answer with a number from 1 to {n}."
    );
    if q.has_help {
        s.push_str(tr(" ? visar hjälp.", " ? shows help."));
    }
    if q.can_back {
        s.push_str(tr(" < går tillbaka.", " < goes back."));
    }
    s.push_str(tr(
        " - hoppar över. q sparar och avslutar.",
        " - skips. q saves and quits.",
    ));
    s
}
