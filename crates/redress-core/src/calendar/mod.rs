//! Working days: the three UK bank-holiday regions, an organisation's closure days, and
//! deadlines counted from them (DESIGN §4 "Counting time").
//!
//! A working day is Monday to Friday, less the region's bank holidays and the
//! organisation's closure days. The day of receipt is day 0; something received on a
//! non-working day counts as received on the next working day. Dates outside the embedded
//! bank-holiday data are an error ([`CalendarError::OutOfRange`]), never a guess.
//!
//! **Invariant:** after [`Calendar::new`], adding working days and counting them are O(1)
//! table look-ups: no loops over days, no calls into jiff's date arithmetic.

mod data;
mod due;
mod duration;
mod error;
mod london;
mod region;

use std::fmt;
use std::sync::Arc;

pub use due::{date_after, date_before};
pub use duration::{DURATION_PATTERN, Duration};
pub use error::CalendarError;
pub use jiff::civil::Date;
pub use london::{end_of_day, format_date, london_date, long_date, start_of_day};
pub use region::Region;

/// Why a day is not a working day.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
pub enum NonWorking {
    /// Saturday or Sunday.
    Weekend,
    /// A bank holiday of the calendar's region, with its official name.
    BankHoliday(String),
    /// One of the organisation's own closure days.
    Closure,
}

impl fmt::Display for NonWorking {
    /// "weekend", the bank holiday's name, or "closure day".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NonWorking::Weekend => f.write_str("weekend"),
            NonWorking::BankHoliday(name) => f.write_str(name),
            NonWorking::Closure => f.write_str("closure day"),
        }
    }
}

/// One bank holiday of a region.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Holiday {
    /// The day off (always a weekday: substitute days are listed, not the weekend date).
    pub date: Date,
    /// The official name, e.g. "Boxing Day".
    pub name: String,
    /// True when the date is not confirmed by the official feed bundled in this build
    /// (computed by rule for later years, or a one-off announced after it was taken).
    pub provisional: bool,
}

/// A deadline: the last civil day (Europe/London) and the instant it passes.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Due {
    /// The last day on which the thing is in time (Europe/London).
    pub date: Date,
    /// The instant the deadline passes: for day-based durations the first instant of the
    /// day after `date`; for hours the exact instant.
    pub at: jiff::Timestamp,
}

/// What kind of day each covered day is; working days are `Working`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DayKind {
    Working,
    Weekend,
    BankHoliday,
    Closure,
}

/// The precomputed tables; shared between clones of a calendar.
#[derive(Debug)]
struct Tables {
    region: Region,
    first: Date,
    last: Date,
    /// Days-from-civil of `first`, so a date's index is plain subtraction.
    first_number: i32,
    /// The kind of each day, indexed from `first`.
    kinds: Vec<DayKind>,
    /// `prefix[i]` = working days strictly before day `i`; one longer than `kinds`.
    prefix: Vec<u32>,
    /// Every working day in the covered range, in order.
    working: Vec<Date>,
    /// The region's bank holidays, in date order.
    holidays: &'static [Holiday],
}

/// The working-day calendar of one organisation: its region's bank holidays and its own
/// closure days. Cheap to clone (the tables are shared).
#[derive(Clone, Debug)]
pub struct Calendar {
    tables: Arc<Tables>,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
/// Plain arithmetic: much faster than asking jiff for a span.
fn days_from_civil(date: Date) -> i32 {
    let month = i32::from(date.month());
    let year = i32::from(date.year()) - i32::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i32::from(date.day()) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

impl Calendar {
    /// The calendar of `region` from the embedded bank-holiday data, with the organisation's
    /// own `closure_days` as extra non-working days. Closure days outside the data's range
    /// (or on weekends and bank holidays) change nothing.
    pub fn new(region: Region, closure_days: &[Date]) -> Calendar {
        let data = data::embedded();
        let (first, last) = (data.first, data.last);
        let first_number = days_from_civil(first);
        let length = usize::try_from(days_from_civil(last) - first_number + 1)
            .expect("the embedded data's first day is not after its last (checked by tests)");
        let mut kinds = Vec::with_capacity(length);
        let mut day = first;
        for _ in 0..length {
            let weekend = day.weekday().to_monday_one_offset() >= 6;
            kinds.push(if weekend {
                DayKind::Weekend
            } else {
                DayKind::Working
            });
            day = day
                .tomorrow()
                .expect("the data ends well before jiff's last date");
        }
        // A weekend stays a weekend and a bank holiday a bank holiday: the first reason wins.
        let mut mark = |date: Date, kind: DayKind| {
            let index = usize::try_from(days_from_civil(date) - first_number).ok();
            if let Some(day) = index.and_then(|i| kinds.get_mut(i))
                && *day == DayKind::Working
            {
                *day = kind;
            }
        };
        let holidays = data.holidays(region);
        for holiday in holidays {
            mark(holiday.date, DayKind::BankHoliday);
        }
        for &closure in closure_days {
            mark(closure, DayKind::Closure);
        }
        let mut prefix = Vec::with_capacity(length + 1);
        let mut working = Vec::new();
        let mut day = first;
        for &kind in &kinds {
            prefix.push(working.len() as u32);
            if kind == DayKind::Working {
                working.push(day);
            }
            // The last step may reach past `last`; that day is never used.
            day = day.tomorrow().unwrap_or(day);
        }
        prefix.push(working.len() as u32);
        Calendar {
            tables: Arc::new(Tables {
                region,
                first,
                last,
                first_number,
                kinds,
                prefix,
                working,
                holidays,
            }),
        }
    }

    /// The bank-holiday region this calendar follows.
    pub fn region(&self) -> Region {
        self.tables.region
    }

    /// The first day the bank-holiday data covers (no later than 2018-01-01).
    pub fn first_day(&self) -> Date {
        self.tables.first
    }

    /// The last day the bank-holiday data covers (no earlier than 2030-12-31).
    pub fn last_day(&self) -> Date {
        self.tables.last
    }

    /// Where the bank-holiday data came from, in words, for "about" pages and explanations.
    pub fn data_source(&self) -> &'static str {
        &data::embedded().source
    }

    /// The day the bank-holiday data was generated.
    pub fn data_generated(&self) -> Date {
        data::embedded().generated
    }

    /// The index of `d` in the tables, or `OutOfRange`.
    #[inline]
    fn index(&self, d: Date) -> Result<usize, CalendarError> {
        let offset = days_from_civil(d) - self.tables.first_number;
        match usize::try_from(offset) {
            Ok(i) if i < self.tables.kinds.len() => Ok(i),
            _ => Err(self.out_of_range(d)),
        }
    }

    fn out_of_range(&self, date: Date) -> CalendarError {
        CalendarError::OutOfRange {
            date,
            first: self.tables.first,
            last: self.tables.last,
        }
    }

    /// Whether `d` is a working day; `OutOfRange` outside the data.
    pub fn is_working_day(&self, d: Date) -> Result<bool, CalendarError> {
        Ok(self.tables.kinds[self.index(d)?] == DayKind::Working)
    }

    /// Why `d` is not a working day (`None` when it is). A weekend wins over a bank holiday
    /// or closure on the same day, and a bank holiday over a closure.
    pub fn non_working_reason(&self, d: Date) -> Result<Option<NonWorking>, CalendarError> {
        Ok(match self.tables.kinds[self.index(d)?] {
            DayKind::Working => None,
            DayKind::Weekend => Some(NonWorking::Weekend),
            DayKind::Closure => Some(NonWorking::Closure),
            DayKind::BankHoliday => Some(NonWorking::BankHoliday(self.holiday_name(d))),
        })
    }

    fn holiday_name(&self, d: Date) -> String {
        let holidays = self.tables.holidays;
        holidays
            .binary_search_by_key(&d, |h| h.date)
            .map(|i| holidays[i].name.clone())
            .unwrap_or_else(|_| "bank holiday".to_string())
    }

    /// The region's bank holidays in `year`, in date order (closure days are not included);
    /// `YearOutOfRange` when the data does not cover the whole year.
    pub fn holidays_in_year(&self, year: i16) -> Result<Vec<Holiday>, CalendarError> {
        // The data always covers whole years (checked by tests), so a year is either in or out.
        let (first, last) = (self.tables.first, self.tables.last);
        if year < first.year() || year > last.year() {
            return Err(CalendarError::YearOutOfRange { year, first, last });
        }
        Ok(self
            .tables
            .holidays
            .iter()
            .filter(|h| h.date.year() == year)
            .cloned()
            .collect())
    }

    /// Day 0 of a count: `d` itself if it is a working day, otherwise the next working day.
    pub fn start_day(&self, d: Date) -> Result<Date, CalendarError> {
        self.add_working_days(d, 0)
    }

    /// The `n`th working day after `start_day(d)`; `n = 0` gives `start_day(d)`.
    /// O(1): two table look-ups. `OutOfRange` if `d` is outside the data, `CountPastData`
    /// if the answer would be after the last day.
    #[inline]
    pub fn add_working_days(&self, d: Date, n: u32) -> Result<Date, CalendarError> {
        let tables = &*self.tables;
        let position = (tables.prefix[self.index(d)?] as usize).saturating_add(n as usize);
        tables
            .working
            .get(position)
            .copied()
            .ok_or(CalendarError::CountPastData {
                from: d,
                working_days: n,
                last: tables.last,
            })
    }

    /// Working days after `start_day(from)` up to and including `to` (0 when `to` is on or
    /// before `start_day(from)`). Invariant: `working_days_between(d, add_working_days(d, n))
    /// == n`.
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<u32, CalendarError> {
        let start = self.start_day(from)?;
        let to_index = self.index(to)?;
        if to <= start {
            return Ok(0);
        }
        let prefix = &self.tables.prefix;
        Ok(prefix[to_index + 1] - prefix[self.index(start)? + 1])
    }

    /// The non-working weekdays (bank holidays and closure days) in `from..=to`, in order,
    /// for explanations. Empty when `to` is before `from`.
    pub fn skipped_between(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<(Date, NonWorking)>, CalendarError> {
        let start = self.index(from)?;
        let end = self.index(to)?;
        let mut skipped = Vec::new();
        let mut day = from;
        for i in start..=end {
            match self.tables.kinds[i] {
                DayKind::BankHoliday => {
                    skipped.push((day, NonWorking::BankHoliday(self.holiday_name(day))))
                }
                DayKind::Closure => skipped.push((day, NonWorking::Closure)),
                DayKind::Working | DayKind::Weekend => {}
            }
            day = day.tomorrow().unwrap_or(day);
        }
        Ok(skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_from_civil_agrees_with_jiff() {
        let epoch = jiff::civil::date(1970, 1, 1);
        let mut day = jiff::civil::date(1600, 1, 1);
        while day < jiff::civil::date(2400, 1, 1) {
            let expected = (day - epoch).get_days();
            assert_eq!(days_from_civil(day), expected, "{day}");
            day = day.tomorrow().unwrap();
        }
    }
}
