//! The language of everything a person reads. Swedish by default; English with `--lang en` or
//! `CRIMEPROOF_LANG=en`. One process speaks one language, so it is a process-wide setting.

use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sv" | "sv-se" | "sv_se" | "svenska" => Some(Lang::Sv),
            "en" | "en-gb" | "en-us" | "english" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::En as u8 {
        Lang::En
    } else {
        Lang::Sv
    }
}

/// Picks the text for the current language: `tr("Spara", "Save")`.
pub fn tr<'a>(sv: &'a str, en: &'a str) -> &'a str {
    match lang() {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// `t!("Fråga {n}", "Question {n}")` formats the text for the current language; both texts use
/// the same named arguments, captured from scope like `format!`.
#[macro_export]
macro_rules! t {
    ($sv:literal, $en:literal $(,)?) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::Sv => format!($sv),
            $crate::i18n::Lang::En => format!($en),
        }
    };
}

/// Formats a number the way the current language writes it (decimal comma in Swedish).
pub fn number(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    match lang() {
        Lang::Sv => s.replace('.', ","),
        Lang::En => s,
    }
}

/// "1 fråga" / "3 frågor": a count with the noun in the right number for the current language.
pub fn count(n: usize, sv: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang() {
        Lang::Sv => sv,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A count of questions: "1 fråga", "5 frågor".
pub fn questions(n: usize) -> String {
    count(n, ("fråga", "frågor"), ("question", "questions"))
}

/// How an answer reads for a person: the option's label in the question's scale, "Vet ej",
/// "Ej aktuellt" or "Obesvarad" — one place for reports, exports and the walk-through.
pub fn answer_label(
    c: &crate::model::Checklist,
    q: &crate::model::Question,
    answer: Option<&str>,
) -> String {
    match answer {
        None => tr("Obesvarad", "Unanswered").to_string(),
        Some(crate::model::UNKNOWN) => tr("Vet ej", "Don't know").to_string(),
        Some(crate::model::NOT_APPLICABLE) => tr("Ej aktuellt", "Not applicable").to_string(),
        Some(id) => c
            .scale_of(q)
            .and_then(|opts| opts.into_iter().find(|o| o.id == id))
            .map_or_else(|| id.to_string(), |o| o.label),
    }
}
