//! Limitation of civil claims under the PRC Civil Code (民法典):
//! art. 188 (three years from when the right-holder knew or should have known of the damage and the
//! obligor), art. 195 (interruption: a demand that reaches the obligor, the obligor's
//! acknowledgment, suit or arbitration, and equivalent steps — per the SPC limitation rules art. 8 a
//! demand by data message that reaches the obligor, art. 13 a report to the police — after which the
//! period runs anew), arts. 201–203 (counting: the first day is not counted; a period in years ends
//! on the corresponding day of the last year; a last day that falls on a rest day or public holiday
//! moves to the next working day).
//!
//! Rest days: Saturdays and Sundays always; public holidays only from the sourced table passed in
//! (`holidays`), so an unsourced holiday is never assumed.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use serde::Serialize;

/// A recorded event that interrupts the period.
#[derive(Debug, Clone, Serialize)]
pub struct Interruption {
    pub date: NaiveDate,
    /// `demand`, `police-report`, `acknowledgment`, `suit`, …
    pub kind: String,
    /// The respondent the event reached; `None` for events that interrupt against every obligor.
    pub reached: Option<String>,
    pub label: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Limitation {
    pub respondent: String,
    pub start: NaiveDate,
    /// The unadjusted end (start + 3 years, the corresponding day).
    pub nominal_end: NaiveDate,
    /// The last day after moving off rest days.
    pub last_day: NaiveDate,
    pub rolled_from: Option<NaiveDate>,
    pub interruptions_applied: Vec<Interruption>,
    pub as_of: NaiveDate,
    pub expired: bool,
    pub days_left: i64,
}

/// Is `day` a rest day (weekend or a listed public holiday)?
pub fn is_rest_day(day: NaiveDate, holidays: &[NaiveDate]) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun) || holidays.contains(&day)
}

/// The last day of a period of `years` that starts running on the day after `from` (art. 201–203).
pub fn last_day(from: NaiveDate, years: u32, holidays: &[NaiveDate]) -> (NaiveDate, NaiveDate) {
    // Art. 202: the corresponding day of the final year; if the month lacks it, its last day.
    // `checked_add_months` does exactly that (2024-02-29 + 12 months = 2025-02-28).
    let nominal = from
        .checked_add_months(Months::new(12 * years))
        .expect("date in range");
    let mut day = nominal;
    while is_rest_day(day, holidays) {
        day += Duration::days(1);
    }
    (nominal, day)
}

/// The limitation of the claims against `respondent`, as of `as_of`.
///
/// Interruptions count only when they happen while the period is still running and reached this
/// respondent (or reached no one in particular, like a police report); each restarts the period.
pub fn compute(
    respondent: &str,
    knew: NaiveDate,
    interruptions: &[Interruption],
    holidays: &[NaiveDate],
    as_of: NaiveDate,
) -> Limitation {
    let mut start = knew;
    let (mut nominal, mut last) = last_day(start, 3, holidays);
    let mut applied = Vec::new();
    let mut sorted: Vec<&Interruption> = interruptions
        .iter()
        .filter(|i| i.reached.as_deref().is_none_or(|r| r == respondent))
        .collect();
    sorted.sort_by_key(|i| i.date);
    for i in sorted {
        if i.date > start && i.date <= last {
            start = i.date;
            (nominal, last) = last_day(start, 3, holidays);
            applied.push(i.clone());
        }
    }
    Limitation {
        respondent: respondent.to_owned(),
        start,
        nominal_end: nominal,
        last_day: last,
        rolled_from: (nominal != last).then_some(nominal),
        interruptions_applied: applied,
        as_of,
        expired: as_of > last,
        days_left: (last - as_of).num_days(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn no_interruption_rolls_saturday_to_monday_and_has_expired() {
        let l = compute("antbot", d("2023-03-21"), &[], &[], d("2026-11-24"));
        assert_eq!(l.nominal_end, d("2026-03-21"));
        assert_eq!(l.nominal_end.weekday(), Weekday::Sat);
        assert_eq!(l.last_day, d("2026-03-23"));
        assert_eq!(l.rolled_from, Some(d("2026-03-21")));
        assert!(l.expired);
    }

    #[test]
    fn demand_to_antbot_restarts_only_antbots_period() {
        let demand = Interruption {
            date: d("2025-01-10"),
            kind: "demand".into(),
            reached: Some("antbot".into()),
            label: "demand".into(),
            source: "test".into(),
        };
        let antbot = compute(
            "antbot",
            d("2023-03-21"),
            std::slice::from_ref(&demand),
            &[],
            d("2026-11-24"),
        );
        assert_eq!(antbot.last_day, d("2028-01-10"));
        assert_eq!(antbot.last_day.weekday(), Weekday::Mon);
        assert!(!antbot.expired);
        let binance = compute("binance", d("2023-03-21"), &[demand], &[], d("2026-11-24"));
        assert_eq!(binance.last_day, d("2026-03-23"));
        assert!(binance.expired);
    }

    #[test]
    fn an_interruption_after_expiry_does_not_revive() {
        let late = Interruption {
            date: d("2026-04-01"),
            kind: "demand".into(),
            reached: None,
            label: "late".into(),
            source: "test".into(),
        };
        let l = compute("antbot", d("2023-03-21"), &[late], &[], d("2026-11-24"));
        assert!(l.interruptions_applied.is_empty());
        assert!(l.expired);
    }

    #[test]
    fn listed_holiday_extends_the_last_day() {
        // A (hypothetical, test-only) holiday on Monday 2026-03-23 moves the end to Tuesday.
        let l = compute(
            "x",
            d("2023-03-21"),
            &[],
            &[d("2026-03-23")],
            d("2026-03-01"),
        );
        assert_eq!(l.last_day, d("2026-03-24"));
        assert!(!l.expired);
    }

    #[test]
    fn leap_day_maps_to_month_end() {
        assert_eq!(last_day(d("2024-02-29"), 3, &[]).0, d("2027-02-28"));
    }
}
