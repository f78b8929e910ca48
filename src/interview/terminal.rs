//! Terminal mode: arrow-key menus (inquire). Esc goes back, Ctrl-C saves and quits. Help, skip
//! and quit are also menu entries, so nobody has to remember a key.

use chrono::NaiveDate;
use inquire::error::InquireError;
use inquire::ui::RenderConfig;
use inquire::{Confirm, DateSelect, Select, Text};

use crate::error::{Error, Result};
use crate::i18n::tr;

use crate::terminal_text::{is_unsafe, visible, visible_line};

use super::flow::{Choice, DUE_YEARS, Prompter, QuestionView, Reply, TextView};
use super::plain::parse_yes_no;

pub struct TerminalPrompter {
    render: RenderConfig<'static>,
}

impl Default for TerminalPrompter {
    fn default() -> Self {
        Self::new()
    }
}

impl TerminalPrompter {
    pub fn new() -> Self {
        let render = if std::env::var_os("NO_COLOR").is_some() {
            RenderConfig::empty()
        } else {
            RenderConfig::default_colored()
        };
        TerminalPrompter { render }
    }
}

/// What an inquire error means for the interview: Esc is back, Ctrl-C is save and quit, anything
/// else is a real problem with the terminal.
fn map<T>(r: std::result::Result<T, InquireError>) -> Result<Reply<T>> {
    match r {
        Ok(v) => Ok(Reply::Value(v)),
        Err(InquireError::OperationCanceled) => Ok(Reply::Back),
        Err(InquireError::OperationInterrupted) => Ok(Reply::Quit),
        Err(e) => Err(Error::Terminal(Box::new(e))),
    }
}

#[derive(Clone)]
enum Entry {
    Option(usize, String),
    Help,
    Skip,
    Quit,
}

impl std::fmt::Display for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Entry::Option(_, label) => f.write_str(&visible_line(label)),
            Entry::Help => f.write_str(tr("(Visa hjälp)", "(Show help)")),
            Entry::Skip => f.write_str(tr(
                "(Hoppa över frågan tills vidare)",
                "(Skip the question for now)",
            )),
            Entry::Quit => f.write_str(tr("(Spara och avsluta)", "(Save and quit)")),
        }
    }
}

impl Prompter for TerminalPrompter {
    fn show(&mut self, text: &str) {
        println!("\n{}", visible(text));
    }

    fn choose(&mut self, q: &QuestionView) -> Result<Choice> {
        if !q.repeat {
            let (no, total, a, m, area) = (q.number, q.total, q.area_no, q.areas, &q.area_title);
            let text = &q.text;
            self.show(&t!(
                "Fråga {no} av {total} · riskområde {a} av {m}: {area}\n{text}",
                "Question {no} of {total} · risk area {a} of {m}: {area}\n{text}"
            ));
        }
        let mut entries: Vec<Entry> = q
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| Entry::Option(i, o.label.clone()))
            .collect();
        if q.has_help {
            entries.push(Entry::Help);
        }
        entries.push(Entry::Skip);
        entries.push(Entry::Quit);
        let help = if q.can_back {
            tr(
                "↑↓ välj, Enter svarar, Esc går tillbaka, Ctrl-C sparar och avslutar",
                "↑↓ choose, Enter answers, Esc goes back, Ctrl-C saves and quits",
            )
        } else {
            tr(
                "↑↓ välj, Enter svarar, Ctrl-C sparar och avslutar",
                "↑↓ choose, Enter answers, Ctrl-C saves and quits",
            )
        };
        let start = q.current.unwrap_or(0);
        let prompt = Select::new(tr("Ditt svar:", "Your answer:"), entries)
            .with_help_message(help)
            .with_starting_cursor(start)
            .with_page_size(12)
            .without_filtering()
            .with_render_config(self.render)
            .prompt();
        Ok(match map(prompt)? {
            Reply::Value(Entry::Option(i, _)) => Choice::Answer(i),
            Reply::Value(Entry::Help) => Choice::Help,
            Reply::Value(Entry::Skip) => Choice::Skip,
            Reply::Value(Entry::Quit) | Reply::Quit => Choice::Quit,
            Reply::Back => Choice::Back,
        })
    }

    fn text(&mut self, t: &TextView) -> Result<Reply<String>> {
        let label = format!("{}:", visible_line(&t.label));
        if t.date {
            let default = t
                .current
                .as_deref()
                .or(t.suggestion.as_deref())
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
            let help = tr(
                "Piltangenterna väljer dag, Enter bekräftar, Esc hoppar över",
                "Arrow keys choose a day, Enter confirms, Esc skips",
            );
            let (first, last) = (*DUE_YEARS.start(), *DUE_YEARS.end());
            let mut p = DateSelect::new(&label)
                .with_help_message(help)
                .with_min_date(NaiveDate::from_ymd_opt(first, 1, 1).unwrap_or_default())
                .with_max_date(NaiveDate::from_ymd_opt(last, 12, 31).unwrap_or_default())
                .with_week_start(chrono::Weekday::Mon)
                .with_render_config(self.render);
            if let Some(d) = default {
                p = p.with_default(d);
            }
            return Ok(match map(p.prompt())? {
                Reply::Value(d) => Reply::Value(d.format("%Y-%m-%d").to_string()),
                Reply::Back => Reply::Back,
                Reply::Quit => Reply::Quit,
            });
        }
        // A current value with control characters is not put in the line to edit, where it would
        // reach the terminal raw; it is shown escaped in the help, and an empty line keeps it.
        let (initial, hint) = match t.current.as_deref() {
            Some(c) if c.chars().any(is_unsafe) => {
                let (hint, c) = (&t.hint, visible_line(c));
                (
                    String::new(),
                    t!("{hint} Nu står det: {c}", "{hint} Currently: {c}"),
                )
            }
            c => (c.unwrap_or_default().to_string(), t.hint.clone()),
        };
        let hint = visible_line(&hint);
        let p = Text::new(&label)
            .with_help_message(&hint)
            .with_initial_value(&initial)
            .with_render_config(self.render)
            .prompt();
        map(p)
    }

    fn confirm(&mut self, question: &str, default: bool) -> Result<Reply<bool>> {
        let fmt = &|b: bool| {
            if b {
                tr("Ja", "Yes").to_string()
            } else {
                tr("Nej", "No").to_string()
            }
        };
        let question = visible_line(question);
        let p = Confirm::new(&question)
            .with_default(default)
            .with_parser(&|s| parse_yes_no(s).ok_or(()))
            .with_formatter(fmt)
            .with_default_value_formatter(&|b| {
                if b {
                    tr("J/n", "Y/n").to_string()
                } else {
                    tr("j/N", "y/N").to_string()
                }
            })
            .with_error_message(tr("Svara j eller n.", "Answer y or n."))
            .with_render_config(self.render)
            .prompt();
        map(p)
    }
}
