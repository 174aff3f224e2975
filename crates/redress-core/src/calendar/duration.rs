//! Durations as procedures write them: "3 working days", "24 hours", "2 weeks", "12 months".

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use super::CalendarError;

/// A span of time a procedure allows: "3 working days", "1 working day", "5 days", "2 weeks",
/// "24 hours", "12 months", "1 year" (read as 12 months).
///
/// Parsing ignores case and extra spaces and accepts singular or plural units; `Display`
/// gives the canonical form ("1 working day", "3 working days", "2 weeks", "12 months"),
/// which parses back to the same value. Serialised as that string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Duration {
    /// Working days after day 0 (see [`super::Calendar::add_working_days`]).
    WorkingDays(u32),
    /// Calendar days after day 0.
    Days(u32),
    /// Seven calendar days each, after day 0.
    Weeks(u32),
    /// An exact span from the instant something happened.
    Hours(u32),
    /// Calendar months after day 0; a day missing from the target month becomes its last day.
    Months(u32),
}

/// The units accepted, for error messages.
const ACCEPTED: &str = "expected a whole number and a unit: working days, days, weeks, hours, months or years (e.g. \"3 working days\")";

/// A regular expression (ECMAScript dialect, for JSON Schema) matching the durations a procedure
/// file may use: as `FromStr` reads them, but never zero (a zero clock is overdue the moment it
/// starts, so `redress procedure check` refuses it; the schema lets an editor flag it too).
pub const DURATION_PATTERN: &str =
    "^ *0*[1-9][0-9]* +(working +days?|days?|weeks?|hours?|months?|years?) *$";

impl FromStr for Duration {
    type Err = CalendarError;

    fn from_str(text: &str) -> Result<Duration, CalendarError> {
        let bad = |reason: String| CalendarError::BadDuration {
            text: text.to_string(),
            reason,
        };
        let lower = text.to_lowercase();
        let mut words = lower.split_whitespace();
        let Some(number_text) = words.next() else {
            return Err(bad(format!("it is empty; {ACCEPTED}")));
        };
        if !number_text.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad(format!(
                "\"{number_text}\" is not a whole number; {ACCEPTED}"
            )));
        }
        let number: u32 = number_text
            .parse()
            .map_err(|_| bad(format!("{number_text} is too large (at most {})", u32::MAX)))?;
        let unit: Vec<&str> = words.collect();
        let unit = unit.join(" ");
        let duration = match unit.as_str() {
            "working day" | "working days" => Duration::WorkingDays(number),
            "day" | "days" => Duration::Days(number),
            "week" | "weeks" => Duration::Weeks(number),
            "hour" | "hours" => Duration::Hours(number),
            "month" | "months" => Duration::Months(number),
            "year" | "years" => Duration::Months(
                number
                    .checked_mul(12)
                    .ok_or_else(|| bad(format!("{number} years is too long")))?,
            ),
            "" => return Err(bad(format!("the unit is missing; {ACCEPTED}"))),
            other => return Err(bad(format!("unknown unit \"{other}\"; {ACCEPTED}"))),
        };
        Ok(duration)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (number, singular, plural) = match *self {
            Duration::WorkingDays(n) => (n, "working day", "working days"),
            Duration::Days(n) => (n, "day", "days"),
            Duration::Weeks(n) => (n, "week", "weeks"),
            Duration::Hours(n) => (n, "hour", "hours"),
            Duration::Months(n) => (n, "month", "months"),
        };
        let unit = if number == 1 { singular } else { plural };
        write!(f, "{number} {unit}")
    }
}

impl serde::Serialize for Duration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Duration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Duration")
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "A whole number above zero and a unit: working days, days, weeks, hours, months or years (a year is 12 months). At most 260 working days, 730 days, 104 weeks, 84 months (7 years) or 720 hours.",
            "examples": ["3 working days", "1 working day", "24 hours", "2 weeks", "12 months"]
        })
    }
}
