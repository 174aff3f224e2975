//! Reporting periods: a year (`2026`), a half (`2026-H1`), a quarter (`2026-Q3`) or any run of
//! days (`2026-01-01..2026-03-31`, both days included), and the period of equal length before.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Serialize, Serializer};

/// A run of whole days, Europe/London, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub first: Date,
    /// The last day.
    pub last: Date,
    shape: Shape,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Year,
    Half(u8),
    Quarter(u8),
    Days,
}

/// Why a period could not be read: the message names what was wrong and what would do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PeriodError(String);

const HELP: &str = "give a year (2026), a half (2026-H1), a quarter (2026-Q3) or two days (2026-01-01..2026-03-31)";

/// Reports cover years from 2000 to 2100: beyond that there is no bank-holiday data and no
/// case, and a bounded range keeps every date sum below jiff's limits.
const YEARS: std::ops::RangeInclusive<i16> = 2000..=2100;

fn bad(text: &str, why: &str) -> PeriodError {
    PeriodError(format!("`{text}` is not a period: {why}; {HELP}"))
}

impl Period {
    /// Reads a period as the CLI, the API and the reports page take it.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PeriodError(format!("the period is missing: {HELP}")));
        }
        if let Some((from, to)) = text.split_once("..") {
            let day = |part: &str| -> Result<Date, PeriodError> {
                let date: Date = part
                    .trim()
                    .parse()
                    .map_err(|_| bad(text, &format!("`{part}` is not a date like 2026-01-31")))?;
                if !YEARS.contains(&date.year()) {
                    return Err(bad(text, "reports cover the years 2000 to 2100"));
                }
                Ok(date)
            };
            let (first, last) = (day(from)?, day(to)?);
            if last < first {
                return Err(bad(text, "the last day is before the first"));
            }
            return Ok(Period {
                first,
                last,
                shape: Shape::Days,
            });
        }
        let (year, part) = match text.split_once('-') {
            Some((year, part)) => (year, Some(part)),
            None => (text, None),
        };
        let year: i16 = year
            .parse()
            .ok()
            .filter(|y| YEARS.contains(y))
            .ok_or_else(|| bad(text, "the year must be from 2000 to 2100"))?;
        let shape = match part.map(str::to_ascii_uppercase).as_deref() {
            None => Shape::Year,
            Some("H1") => Shape::Half(1),
            Some("H2") => Shape::Half(2),
            Some("Q1") => Shape::Quarter(1),
            Some("Q2") => Shape::Quarter(2),
            Some("Q3") => Shape::Quarter(3),
            Some("Q4") => Shape::Quarter(4),
            Some(_) => return Err(bad(text, "after the year comes H1, H2 or Q1 to Q4")),
        };
        Ok(Period::of(year, shape))
    }

    fn of(year: i16, shape: Shape) -> Period {
        let month_span = |first_month: i8, months: i8| {
            let first = Date::new(year, first_month, 1).expect("the first of a month");
            let last = first
                .checked_add(months.months())
                .and_then(|d| d.checked_sub(1.day()))
                .expect("a year from 2000 to 2100");
            (first, last)
        };
        let (first, last) = match shape {
            Shape::Year => month_span(1, 12),
            Shape::Half(h) => month_span(1 + 6 * (h as i8 - 1), 6),
            Shape::Quarter(q) => month_span(1 + 3 * (q as i8 - 1), 3),
            Shape::Days => unreachable!("days are not made from a year"),
        };
        Period { first, last, shape }
    }

    /// The period of equal length just before: the year, half or quarter before, or as many
    /// days ending the day before `first`.
    pub fn previous(&self) -> Period {
        let year = self.first.year();
        match self.shape {
            Shape::Year => Period::of(year - 1, Shape::Year),
            Shape::Half(1) => Period::of(year - 1, Shape::Half(2)),
            Shape::Half(_) => Period::of(year, Shape::Half(1)),
            Shape::Quarter(1) => Period::of(year - 1, Shape::Quarter(4)),
            Shape::Quarter(q) => Period::of(year, Shape::Quarter(q - 1)),
            Shape::Days => {
                let days = self.days();
                let last = self.first.yesterday().expect("a day after 2000");
                let first = last
                    .checked_sub(((days - 1) as i64).days())
                    .expect("a period within the years reported");
                Period {
                    first,
                    last,
                    shape: Shape::Days,
                }
            }
        }
    }

    /// The days from `first` to `last`, both included, as a custom period. Unchecked: for
    /// spans worked out from periods already read (a period and the one before it).
    pub(crate) fn covering(first: Date, last: Date) -> Period {
        Period {
            first,
            last,
            shape: Shape::Days,
        }
    }

    /// How many days it covers.
    pub fn days(&self) -> i32 {
        (self.last - self.first).get_days() + 1
    }

    /// Whether `day` is in it.
    pub fn contains(&self, day: Date) -> bool {
        self.first <= day && day <= self.last
    }

    /// The period as `parse` reads it: `2026`, `2026-H1`, `2026-Q3`, `2026-01-01..2026-03-31`.
    pub fn label(&self) -> String {
        let year = self.first.year();
        match self.shape {
            Shape::Year => year.to_string(),
            Shape::Half(h) => format!("{year}-H{h}"),
            Shape::Quarter(q) => format!("{year}-Q{q}"),
            Shape::Days => format!("{}..{}", self.first, self.last),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Period", 3)?;
        s.serialize_field("label", &self.label())?;
        s.serialize_field("first", &self.first)?;
        s.serialize_field("last", &self.last)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, first: &str, last: &str, previous: &str) {
        let period = Period::parse(text).expect(text);
        assert_eq!(period.first.to_string(), first, "{text}");
        assert_eq!(period.last.to_string(), last, "{text}");
        assert_eq!(period.previous().label(), previous, "{text}");
    }

    #[test]
    fn periods_read_as_years_halves_quarters_and_days() {
        check("2026", "2026-01-01", "2026-12-31", "2025");
        check("2026-H1", "2026-01-01", "2026-06-30", "2025-H2");
        check("2026-h2", "2026-07-01", "2026-12-31", "2026-H1");
        check("2026-Q1", "2026-01-01", "2026-03-31", "2025-Q4");
        check("2026-Q3", "2026-07-01", "2026-09-30", "2026-Q2");
        check(
            "2026-03-01..2026-03-10",
            "2026-03-01",
            "2026-03-10",
            "2026-02-19..2026-02-28",
        );
    }

    #[test]
    fn the_longest_custom_period_has_a_period_before_it() {
        let period = Period::parse("2000-01-01..2100-12-31").unwrap();
        let previous = period.previous();
        assert_eq!(previous.last.to_string(), "1999-12-31");
        assert_eq!(previous.days(), period.days());
    }

    #[test]
    fn bad_periods_say_what_would_do() {
        for text in [
            "",
            "26",
            "2026-Q5",
            "2026-H3",
            "1999",
            "2026-13-01..2026-12-01",
            "2026-03-10..2026-03-01",
            "2026-01-01..",
            "x..y",
            "99999",
        ] {
            let error = Period::parse(text).expect_err(text).to_string();
            assert!(error.contains("2026-Q3"), "{text}: {error}");
        }
    }
}
