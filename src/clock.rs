//! The one place the tool reads the clock. Tests and reproducible builds set
//! `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention) so that report
//! dates and timestamps are fixed instead of masked; then the time is given in UTC.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat, TimeZone, Utc};

/// The current time: `SOURCE_DATE_EPOCH` when it is set to a valid number, else the local clock.
pub fn now() -> DateTime<FixedOffset> {
    if let Some(fixed) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| Utc.timestamp_opt(secs, 0).single())
    {
        return fixed.fixed_offset();
    }
    Local::now().fixed_offset()
}

/// Today's date in the clock's time zone.
pub fn today() -> NaiveDate {
    now().date_naive()
}

/// Today as the core's calendar day, for the action plan's predicates (overdue, review).
pub fn core_today() -> crimeproof_core::plan::Date {
    plan_date(today())
}

/// A chrono date as the core's calendar day.
pub fn plan_date(d: NaiveDate) -> crimeproof_core::plan::Date {
    use chrono::Datelike;
    crimeproof_core::plan::Date {
        year: d.year(),
        month: d.month(),
        day: d.day(),
    }
}

/// The current time as RFC 3339 with offset, to the second, as written into assessments.
pub fn timestamp() -> String {
    now().to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn source_date_epoch_fixes_the_clock_in_utc() {
        // The variable is read per call; this test is the only one in the crate that sets it.
        // SAFETY: no other test in this binary reads or writes SOURCE_DATE_EPOCH.
        unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1795608000") };
        assert_eq!(super::timestamp(), "2026-11-25T12:00:00+00:00");
        assert_eq!(super::today().to_string(), "2026-11-25");
        unsafe { std::env::remove_var("SOURCE_DATE_EPOCH") };
    }
}
