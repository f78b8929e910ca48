//! Terminal mode: arrow-key menus (inquire). A number key picks an option as in plain mode, Esc
//! goes back one step everywhere, Ctrl-C saves and quits. Help, skip and quit are also menu
//! entries, so nobody has to remember a key. Text is wrapped at the terminal's width.

use inquire::error::InquireError;
use inquire::ui::{RenderConfig, Styled};
use inquire::{Confirm, Select, Text};

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::output::{stdout_width, wrap};

use crate::terminal_text::{is_unsafe, visible, visible_line};

use super::flow::{Choice, Prompter, QuestionView, Reply, TextView};
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
        let mut render = if std::env::var_os("NO_COLOR").is_some() {
            RenderConfig::empty()
        } else {
            RenderConfig::default_colored()
        };
        // Esc goes back a step: the left prompt says so in the person's language, never
        // inquire's "<canceled>".
        render.canceled_prompt_indicator = Styled::new(tr("(tillbaka)", "(back)"));
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
            Entry::Option(i, label) => write!(f, "{}. {}", i + 1, visible_line(label)),
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
        println!("\n{}", wrap(&visible(text), stdout_width()));
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
                "↑↓ eller siffra väljer, Enter svarar, Esc går tillbaka till förra frågan, Ctrl-C sparar och avslutar (? hjälp, - hoppa över, q avsluta)",
                "↑↓ or a number chooses, Enter answers, Esc goes back to the previous question, Ctrl-C saves and quits (? help, - skip, q quit)",
            )
        } else {
            tr(
                "↑↓ eller siffra väljer, Enter svarar, Ctrl-C sparar och avslutar (? hjälp, - hoppa över, q avsluta)",
                "↑↓ or a number chooses, Enter answers, Ctrl-C saves and quits (? help, - skip, q quit)",
            )
        };
        let help = wrap(help, stdout_width().map(|w| w.saturating_sub(2)));
        let start = q.current.unwrap_or(0);
        let n = q.options.len();
        let prompt = Select::new(tr("Ditt svar:", "Your answer:"), entries)
            .with_help_message(&help)
            .with_starting_cursor(start)
            .with_page_size(12)
            .with_scorer(&|typed, entry, _, _| by_number(typed, entry, n))
            .with_sorter(&|scored| scored.sort_by_key(|(i, _)| *i))
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
        let hint = format!(
            "{} {}",
            visible_line(&hint),
            tr(
                "Enter sparar, Esc går tillbaka ett steg.",
                "Enter saves, Esc goes back one step."
            )
        );
        // Within the brackets inquire puts around it, wrapped between words.
        let hint = wrap(&hint, stdout_width().map(|w| w.saturating_sub(2)));
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
            // Where a yes/no is asked (answer the skipped questions now, fill in the measures
            // now) the step back is not to do it: Esc answers no.
            .with_help_message(tr(
                "j eller n, Enter svarar, Esc betyder nej",
                "y or n, Enter answers, Esc means no",
            ))
            .with_render_config(self.render)
            .prompt();
        map(p)
    }
}

/// Which menu entries stay visible while the person types: a number shows only that option
/// (so "2" and Enter answer with the second, as in plain mode), `?`, `-` and `q` the entries for
/// help, skip and quit, other text the entries whose label contains it, nothing typed all.
fn by_number(typed: &str, entry: &Entry, options: usize) -> Option<i64> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Some(0);
    }
    // The keys of plain mode: ? help, - skip, q save and quit.
    let key = match typed {
        "?" => Some(matches!(entry, Entry::Help)),
        "-" => Some(matches!(entry, Entry::Skip)),
        "q" | "Q" => Some(matches!(entry, Entry::Quit)),
        _ => None,
    };
    if let Some(shown) = key {
        return shown.then_some(0);
    }
    if let Ok(k) = typed.parse::<usize>() {
        return match entry {
            Entry::Option(i, _) if (1..=options).contains(&k) && *i + 1 == k => Some(0),
            _ => None,
        };
    }
    entry
        .to_string()
        .to_lowercase()
        .contains(&typed.to_lowercase())
        .then_some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_keeps_only_its_option() {
        let entries = [
            Entry::Option(0, "Ja".into()),
            Entry::Option(1, "Delvis".into()),
            Entry::Skip,
            Entry::Help,
            Entry::Quit,
        ];
        let shown = |typed: &str| -> Vec<usize> {
            (0..entries.len())
                .filter(|&i| by_number(typed, &entries[i], 2).is_some())
                .collect()
        };
        assert_eq!(shown(""), [0, 1, 2, 3, 4]);
        assert_eq!(shown("2"), [1]);
        assert_eq!(shown("9"), Vec::<usize>::new());
        assert_eq!(shown("del"), [1]);
        assert_eq!(shown("?"), [3]);
        assert_eq!(shown("-"), [2]);
        assert_eq!(shown("q"), [4]);
    }
}
