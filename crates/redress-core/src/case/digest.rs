//! Reminders to staff: when the daily digest may go out, and what it lists for one case — what
//! is overdue, what falls due soon, and whether an open case with no clock running has been
//! left untouched too long.
//!
//! Helpdesk staff's most common complaint about reminders is that they arrive at midnight and
//! at weekends, so a digest goes only on the organisation's working days, within its working
//! hours, and at most once a day. The rules take "now" as an argument like everything in core.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::deadlines::{ClockStatus, Deadline, deadlines};
use super::state::Case;
use crate::calendar::{Calendar, CalendarError, Duration, london_date};
use crate::procedure::{Procedure, WorkingHours};

/// The organisation's day at `now`, when a digest may go out now: a working day of `calendar`
/// and a time within `hours`, and no digest sent for that day yet (`last_sent` is the day of
/// the latest one). `None` when it must wait.
pub fn digest_day(
    calendar: &Calendar,
    hours: &WorkingHours,
    now: Timestamp,
    last_sent: Option<Date>,
) -> Result<Option<Date>, CalendarError> {
    // The zone was checked when the procedure was loaded; London is the fallback for a
    // procedure built by hand in a test.
    let zone = TimeZone::get(&hours.time_zone).unwrap_or_else(|_| {
        TimeZone::get("Europe/London").expect("the bundled tz database has Europe/London")
    });
    let local = now.to_zoned(zone);
    let day = local.date();
    let within_hours = local.time() >= hours.start && local.time() < hours.end;
    if !within_hours || last_sent.is_some_and(|sent| sent >= day) {
        return Ok(None);
    }
    Ok(calendar.is_working_day(day)?.then_some(day))
}

/// Whether something last touched at `last_touched` has been left for at least `after` (a
/// count of working days) by `now`: the working days after the day it was touched, up to and
/// including today, reach the count. Other units count as their working-day equivalents are
/// not defined, so only working days are accepted by the procedure's validation.
pub fn is_stale(
    calendar: &Calendar,
    last_touched: Timestamp,
    now: Timestamp,
    after: Duration,
) -> Result<bool, CalendarError> {
    let Duration::WorkingDays(days) = after else {
        return Ok(false);
    };
    let passed = calendar.working_days_between(london_date(last_touched), london_date(now))?;
    Ok(passed >= days)
}

/// What the digest says about one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DigestItem {
    /// Clocks that have passed.
    pub overdue: Vec<Deadline>,
    /// Clocks that fall due within the procedure's `reminders.due_within`.
    pub due_soon: Vec<Deadline>,
    /// For an open case with no clock running: when it was last touched, if that was at least
    /// `reminders.stale_after` ago (a stage with no timescale, say, that nobody is moving on).
    pub stale_since: Option<Timestamp>,
}

impl DigestItem {
    /// Whether there is nothing to say.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty() && self.due_soon.is_empty() && self.stale_since.is_none()
    }
}

/// What the digest at `now` lists for `case`, or `None` when nothing (a closed case, or an
/// open one with nothing due soon that was touched recently).
pub fn digest_item(
    case: &Case,
    procedure: &Procedure,
    calendar: &Calendar,
    now: Timestamp,
) -> Result<Option<DigestItem>, CalendarError> {
    if case.submission.is_none() || case.is_closed() {
        return Ok(None);
    }
    let clocks = deadlines(case, procedure, calendar, now)?;
    let Duration::WorkingDays(within) = procedure.reminders.due_within else {
        return Ok(None);
    };
    let horizon = calendar.add_working_days(london_date(now), within)?;
    let mut item = DigestItem {
        overdue: Vec::new(),
        due_soon: Vec::new(),
        stale_since: None,
    };
    let mut running = false;
    for clock in clocks {
        match clock.status {
            ClockStatus::Overdue => {
                running = true;
                item.overdue.push(clock);
            }
            ClockStatus::Open => {
                running = true;
                if clock.due.date <= horizon {
                    item.due_soon.push(clock);
                }
            }
            ClockStatus::Paused => running = true,
            _ => {}
        }
    }
    if !running
        && let Some(touched) = case.last_event_at
        && is_stale(calendar, touched, now, procedure.reminders.stale_after)?
    {
        item.stale_since = Some(touched);
    }
    Ok((!item.is_empty()).then_some(item))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Region;
    use jiff::civil::{date, time};

    fn at(text: &str) -> Timestamp {
        text.parse().expect("an RFC 3339 instant")
    }

    fn england() -> Calendar {
        Calendar::new(Region::EnglandAndWales, &[])
    }

    /// Hand-worked: Fri 25 Dec 2026 is Christmas Day, Sat 26 Boxing Day, so Mon 28 Dec is the
    /// substitute bank holiday in England and Wales; Tue 29 Dec is the next working day.
    #[test]
    fn a_digest_goes_only_on_working_days_within_working_hours_once_a_day() {
        let calendar = england();
        let hours = WorkingHours::default();
        let check = |now: &str, last: Option<Date>| {
            digest_day(&calendar, &hours, at(now), last).expect("inside the data")
        };
        // Thu 24 Dec 2026, 10:00 GMT: a working day, in hours.
        assert_eq!(
            check("2026-12-24T10:00:00Z", None),
            Some(date(2026, 12, 24))
        );
        // ...but not twice on the same day.
        assert_eq!(
            check("2026-12-24T15:00:00Z", Some(date(2026, 12, 24))),
            None
        );
        // Christmas Day, the weekend and the substitute bank holiday: nothing.
        for now in [
            "2026-12-25T10:00:00Z",
            "2026-12-26T10:00:00Z",
            "2026-12-27T10:00:00Z",
            "2026-12-28T10:00:00Z",
        ] {
            assert_eq!(check(now, Some(date(2026, 12, 24))), None, "{now}");
        }
        // Tue 29 Dec: 08:59 is before hours, 09:00 is the first minute, 16:59 the last.
        assert_eq!(
            check("2026-12-29T08:59:00Z", Some(date(2026, 12, 24))),
            None
        );
        assert_eq!(
            check("2026-12-29T09:00:00Z", Some(date(2026, 12, 24))),
            Some(date(2026, 12, 29))
        );
        assert_eq!(
            check("2026-12-29T16:59:59Z", Some(date(2026, 12, 24))),
            Some(date(2026, 12, 29))
        );
        assert_eq!(
            check("2026-12-29T17:00:00Z", Some(date(2026, 12, 24))),
            None
        );
        // Midnight is never in hours.
        assert_eq!(check("2026-12-30T00:00:00Z", None), None);
    }

    #[test]
    fn working_hours_are_local_time_so_summer_time_moves_them_an_hour_in_utc() {
        let calendar = england();
        let hours = WorkingHours::default();
        // Mon 1 Jun 2026 is in British Summer Time: 08:30 UTC is 09:30 in London.
        assert_eq!(
            digest_day(&calendar, &hours, at("2026-06-01T08:30:00Z"), None).unwrap(),
            Some(date(2026, 6, 1))
        );
        // 16:30 UTC is 17:30 in London: after hours.
        assert_eq!(
            digest_day(&calendar, &hours, at("2026-06-01T16:30:00Z"), None).unwrap(),
            None
        );
        // Mon 30 Nov 2026 is GMT: 08:30 UTC is 08:30 in London, before hours.
        assert_eq!(
            digest_day(&calendar, &hours, at("2026-11-30T08:30:00Z"), None).unwrap(),
            None
        );
    }

    #[test]
    fn scottish_bank_holidays_are_the_scottish_ones() {
        // Fri 1 Jan 2027 and Sat 2 Jan 2027 are Scottish bank holidays, so Mon 4 Jan 2027 is
        // the substitute day in Scotland but an ordinary working day in England.
        let hours = WorkingHours {
            start: time(8, 0, 0, 0),
            end: time(12, 0, 0, 0),
            time_zone: "Europe/London".to_owned(),
        };
        let now = at("2027-01-04T10:00:00Z");
        let scotland = Calendar::new(Region::Scotland, &[]);
        assert_eq!(digest_day(&scotland, &hours, now, None).unwrap(), None);
        assert_eq!(
            digest_day(&england(), &hours, now, None).unwrap(),
            Some(date(2027, 1, 4))
        );
        // Outside these shorter hours.
        assert_eq!(
            digest_day(&england(), &hours, at("2027-01-04T12:00:00Z"), None).unwrap(),
            None
        );
    }

    /// Hand-worked: touched Wed 23 Dec 2026. Working days after it: Thu 24 (1); Fri 25, Sat 26,
    /// Sun 27 and Mon 28 are not; Tue 29 (2), Wed 30 (3), Thu 31 (4), Fri 1 Jan 2027 is New
    /// Year's Day, Mon 4 Jan (5).
    #[test]
    fn a_case_is_stale_after_the_working_days_the_procedure_sets() {
        let calendar = england();
        let touched = at("2026-12-23T15:00:00Z");
        let stale = |now: &str, days: u32| {
            is_stale(&calendar, touched, at(now), Duration::WorkingDays(days)).unwrap()
        };
        assert!(!stale("2026-12-29T10:00:00Z", 3));
        assert!(stale("2026-12-30T10:00:00Z", 3));
        assert!(!stale("2027-01-01T10:00:00Z", 5));
        assert!(!stale("2027-01-03T10:00:00Z", 5));
        assert!(stale("2027-01-04T10:00:00Z", 5));
        // The same day is never stale.
        assert!(!stale("2026-12-23T23:00:00Z", 1));
        // Only working days are counted.
        assert!(
            !is_stale(
                &calendar,
                touched,
                at("2027-06-01T10:00:00Z"),
                Duration::Days(1)
            )
            .unwrap()
        );
    }
}
