//! Reading and checking typed text: lengths, dates, follow-up periods.

use chrono::{Datelike, NaiveDate};

use crate::error::Result;
use crate::text::trim_invisible;

use super::{Prompter, Reply, TextView};

/// What a text line means: a blank line keeps the current value, anything else replaces it.
pub(super) fn keep_or(v: String, current: Option<String>) -> Option<String> {
    let v = trim_invisible(&v);
    if v.is_empty() {
        current
    } else {
        Some(v.to_string())
    }
}

/// Reads a line of text and refuses, with a message, one longer than `max` characters until the
/// person writes one that fits (SPEC §5.1): a file the tool saves must stay small enough to load.
pub fn read_text(p: &mut dyn Prompter, view: &TextView, max: usize) -> Result<Reply<String>> {
    loop {
        let reply = p.text(view)?;
        if let Reply::Value(v) = &reply
            && let Some(msg) = too_long(v, max)
        {
            p.show(&msg);
            continue;
        }
        return Ok(reply);
    }
}

/// The message that refuses a text of more than `max` characters, or None when it fits.
pub fn too_long(v: &str, max: usize) -> Option<String> {
    let n = trim_invisible(v).chars().count();
    (n > max).then(|| {
        t!(
            "Texten är för lång: {n} tecken. Här får den vara högst {max} tecken. Korta den och skriv den igen.",
            "The text is too long: {n} characters. It may be at most {max} characters here. Shorten it and write it again."
        )
    })
}

/// The years a follow-up date may fall in: a year like 0000 or 9999 is a typing slip, not a plan.
pub const DUE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A date as YYYY-MM-DD that exists, in [`DUE_YEARS`]; empty is None. The error says what to
/// write instead.
pub fn parse_date(s: &str) -> std::result::Result<Option<String>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let ok_shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if ok_shape && DUE_YEARS.contains(&d.year()) => {
            Ok(Some(d.format("%Y-%m-%d").to_string()))
        }
        Ok(_) if ok_shape => {
            let (from, to) = (DUE_YEARS.start(), DUE_YEARS.end());
            Err(t!(
                "Datumet {s} ligger utanför de år som går att planera för. Skriv ett datum från år {from} till {to}.",
                "The date {s} is outside the years one can plan for. Write a date from the year {from} to {to}."
            ))
        }
        Err(_) if ok_shape => Err(t!(
            "Datumet {s} finns inte i kalendern. Skriv ett datum som finns, som ÅÅÅÅ-MM-DD.",
            "The date {s} does not exist. Write a real date as YYYY-MM-DD."
        )),
        _ => Err(t!(
            "”{s}” är inte ett datum i formen ÅÅÅÅ-MM-DD, till exempel 2026-06-30.",
            "\"{s}\" is not a date of the form YYYY-MM-DD, for example 2026-06-30."
        )),
    }
}

/// A follow-up time as SPEC §5.2 allows: a date, a month, a year or löpande; empty is None. A
/// date-shaped text gets the date's own explanation (a day that does not exist).
pub fn parse_due(s: &str) -> std::result::Result<Option<String>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(d) = crate::plan::Due::parse(s) {
        return Ok(Some(d.to_string()));
    }
    if s.len() == 10 {
        parse_date(s)?;
    }
    Err(t!(
        "”{s}” är inte ett datum, en månad, ett år eller löpande. Skriv till exempel 2027-06-30, 2027-06, 2027 eller löpande.",
        "\"{s}\" is not a date, a month, a year or löpande. Write for example 2027-06-30, 2027-06, 2027 or löpande."
    ))
}

/// The start of a text, at most `max` characters, cut between words with "…".
pub(super) fn short(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// About one and a half minutes per question, rounded up to whole five minutes (at least five).
pub fn estimate_minutes(questions: usize) -> usize {
    let m = (questions * 3).div_ceil(2);
    m.div_ceil(5).max(1) * 5
}
