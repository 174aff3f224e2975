//! Deadlines: when something due "within a duration" of an instant falls due, and why.

use jiff::civil::Date;
use jiff::{SignedDuration, Span, Timestamp};

use super::london::format_instant;
use super::{
    Calendar, CalendarError, Due, Duration, NonWorking, end_of_day, format_date, london_date,
};

impl Calendar {
    /// When something due "within `duration`" of the instant `start` falls due.
    ///
    /// Day 0 is the Europe/London date of `start`, moved to the next working day if it is
    /// not one. Working days count on from day 0; days, weeks and months count calendar
    /// days or months from day 0 (a day missing from the target month becomes its last
    /// day); the deadline passes at the end of that day in Europe/London. Hours are an
    /// exact span from `start` and ignore the calendar.
    pub fn due(&self, start: Timestamp, duration: Duration) -> Result<Due, CalendarError> {
        let received = london_date(start);
        let date = match duration {
            Duration::Hours(hours) => {
                let at = start
                    .checked_add(SignedDuration::from_hours(i64::from(hours)))
                    .map_err(|_| CalendarError::TooFar {
                        duration,
                        from: received,
                    })?;
                return Ok(Due {
                    date: london_date(at),
                    at,
                });
            }
            Duration::WorkingDays(n) => self.add_working_days(received, n)?,
            Duration::Days(_) | Duration::Weeks(_) | Duration::Months(_) => {
                date_after(self.start_day(received)?, duration)?
            }
        };
        Ok(Due {
            date,
            at: end_of_day(date),
        })
    }

    /// The same deadline as [`Calendar::due`], with one plain-English sentence saying how it
    /// was worked out, e.g. "3 working days after Wed 23 Dec 2026 (day 0), skipping Fri 25
    /// Dec 2026 (Christmas Day) and Mon 28 Dec 2026 (Boxing Day): end of Wed 30 Dec 2026".
    pub fn explain_due(
        &self,
        start: Timestamp,
        duration: Duration,
    ) -> Result<(Due, String), CalendarError> {
        let due = self.due(start, duration)?;
        if let Duration::Hours(_) = duration {
            let text = format!(
                "{duration} after {}: {}",
                format_instant(start),
                format_instant(due.at)
            );
            return Ok((due, text));
        }
        let received = london_date(start);
        let day_zero = self.start_day(received)?;
        let mut text = format!("{duration} after {} (day 0", format_date(day_zero));
        if day_zero != received {
            let reason = self
                .non_working_reason(received)?
                .map_or_else(|| "not a working day".to_string(), |r| describe(&r));
            text.push_str(&format!("; received {}, {reason}", format_date(received)));
        }
        text.push(')');
        if let Duration::WorkingDays(_) = duration {
            let skipped = match day_zero.tomorrow() {
                Ok(next) if next <= due.date => self.skipped_between(next, due.date)?,
                _ => Vec::new(),
            };
            if !skipped.is_empty() {
                let items: Vec<String> = skipped
                    .iter()
                    .map(|(date, why)| format!("{} ({why})", format_date(*date)))
                    .collect();
                text.push_str(", skipping ");
                text.push_str(&join_with_and(&items));
            }
        }
        text.push_str(&format!(": end of {}", format_date(due.date)));
        if let Duration::Months(_) = duration
            && due.date.day() != day_zero.day()
        {
            text.push_str(&format!(
                " (the last day of the month, as it has no {})",
                ordinal(day_zero.day())
            ));
        }
        Ok((due, text))
    }
}

/// `day` plus `duration` counted in calendar days, weeks or months, with no working-day
/// table involved: what a time limit to complain or a retention period needs.
///
/// Working days and hours have no calendar meaning of their own here, so they count as days
/// (hours rounded up to whole days); a validated procedure never uses them for a time limit.
/// A result past the last date jiff can represent is `TooFar`, never a panic: a procedure
/// loaded before its durations were bounded must not take the server down.
pub fn date_after(day: Date, duration: Duration) -> Result<Date, CalendarError> {
    shifted(day, duration, 1)
}

/// `day` less `duration`, counted as [`date_after`] counts it. Months clamp at a month's end,
/// so `date_after(date_before(d, p), p)` can fall a day or three before `d`, never after.
pub fn date_before(day: Date, duration: Duration) -> Result<Date, CalendarError> {
    shifted(day, duration, -1)
}

/// `day` moved by `duration`, forward (`sign` 1) or back (-1), in calendar units.
fn shifted(day: Date, duration: Duration, sign: i64) -> Result<Date, CalendarError> {
    let span = Span::new();
    let span = match duration {
        Duration::Days(n) | Duration::WorkingDays(n) => span.try_days(sign * i64::from(n)),
        Duration::Hours(n) => span.try_days(sign * i64::from(n.div_ceil(24))),
        Duration::Weeks(n) => span.try_weeks(sign * i64::from(n)),
        Duration::Months(n) => span.try_months(sign * i64::from(n)),
    };
    // Spans reject values past their limits; treat that like a date past the representable.
    let too_far = |_| CalendarError::TooFar {
        duration,
        from: day,
    };
    day.checked_add(span.map_err(too_far)?).map_err(too_far)
}

/// How a non-working day reads after "received Sat 19 Dec 2026, ...".
fn describe(reason: &NonWorking) -> String {
    match reason {
        NonWorking::Weekend => "a weekend".to_string(),
        NonWorking::BankHoliday(name) => format!("a bank holiday ({name})"),
        NonWorking::Closure => "a closure day".to_string(),
    }
}

/// "a", "a and b", "a, b and c".
fn join_with_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// 29 → "29th", 31 → "31st".
fn ordinal(day: i8) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}
