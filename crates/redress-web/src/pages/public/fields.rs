//! What the form macros (`templates/macros/forms.html`) take: field errors for the error
//! summary and inline messages, choices for radios, checkboxes and selects, and the parsing of
//! GOV.UK date inputs, and the answer to "What is it about?". Shared by the public and staff
//! pages.

use jiff::civil::Date;
use redress_core::case::input::{self, Problem};

use crate::pages::messages::Messages;

/// The answer to "What is it about?" (the public form and the staff record form) that means
/// none of the matters listed: the organisation's main procedure. Not a kebab-case id, so no
/// procedure's matter can be spelt like it.
pub const SOMETHING_ELSE: &str = "something_else";

/// A posted answer to "What is it about?" as a submission's `matter`: `None` for none given or
/// "Something else"; anything else goes to core as sent, which refuses a matter no procedure
/// of the organisation lists, naming `matter`.
pub fn matter(posted: &str) -> Option<&str> {
    Some(posted.trim()).filter(|m| !m.is_empty() && *m != SOMETHING_ELSE)
}

/// One field's problem: `field` is the id of the input the error summary links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The input's id.
    pub field: String,
    /// What is wrong and how to put it right, in the catalogue's words.
    pub message: String,
}

/// The problems on one page, in the order the fields appear.
#[derive(Clone, Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    /// No problems.
    pub fn new() -> Errors {
        Errors::default()
    }

    /// Records a problem with the input `field`.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every problem.
    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }

    /// The message for `field` (or for an input whose id starts with `field-`, such as a
    /// date's day), or "" when it has none.
    pub fn get(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|e| {
                e.field == field
                    || e.field
                        .strip_prefix(field)
                        .is_some_and(|rest| rest.starts_with('-'))
            })
            .map_or("", |e| e.message.as_str())
    }

    /// The id of the input at fault for `field` ("" when none), e.g. `happened-month`.
    pub fn field_of(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|e| e.field == field || e.field.starts_with(&format!("{field}-")))
            .map_or("", |e| e.field.as_str())
    }
}

/// One option of a radio group, checkbox group or select.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What the person reads.
    pub label: String,
    /// More words under the label, or "".
    pub hint: String,
    /// Whether it is chosen.
    pub checked: bool,
}

impl Choice {
    /// A choice, checked when `value` is `current`.
    pub fn new(value: &str, label: &str, current: &str) -> Choice {
        Choice {
            value: value.to_owned(),
            label: label.to_owned(),
            hint: String::new(),
            checked: value == current,
        }
    }

    /// The same choice with a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Choice {
        self.hint = hint.into();
        self
    }
}

/// The three boxes of a date input, as typed.
#[derive(Clone, Copy, Debug)]
pub struct DateParts<'a> {
    /// Day.
    pub day: &'a str,
    /// Month: a number, or a month's name or its first three letters.
    pub month: &'a str,
    /// Year.
    pub year: &'a str,
}

/// Why a date input was not accepted: the part at fault ("" for all) and the catalogue key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateProblem {
    /// "day", "month", "year", or "" for the whole date.
    pub part: &'static str,
    /// The message's key; its text may use `{what}` for the question's subject.
    pub key: &'static str,
}

impl DateParts<'_> {
    /// True when all three boxes are empty.
    pub fn is_empty(&self) -> bool {
        self.day.trim().is_empty() && self.month.trim().is_empty() && self.year.trim().is_empty()
    }

    /// The date, checked the GOV.UK way: every part present, a real date, four-digit year; and
    /// core's range, not before 1900 nor after `today`.
    pub fn parse(&self, today: Date) -> Result<Date, DateProblem> {
        let problem = |part, key| DateProblem { part, key };
        if self.is_empty() {
            return Err(problem("", "common.date_missing"));
        }
        for (part, text, key) in [
            ("day", self.day, "common.date_missing_day"),
            ("month", self.month, "common.date_missing_month"),
            ("year", self.year, "common.date_missing_year"),
        ] {
            if text.trim().is_empty() {
                return Err(problem(part, key));
            }
        }
        let day: i8 = self
            .day
            .trim()
            .parse()
            .map_err(|_| problem("day", "common.date_not_real"))?;
        let month = month_number(self.month).ok_or(problem("month", "common.date_not_real"))?;
        let year_text = self.year.trim();
        if year_text.len() != 4 {
            return Err(problem("year", "common.date_year_digits"));
        }
        let year: i16 = year_text
            .parse()
            .map_err(|_| problem("year", "common.date_year_digits"))?;
        let date = Date::new(year, month, day).map_err(|_| problem("", "common.date_not_real"))?;
        // The range is core's rule for any date something happened.
        input::past_date(date, today).map_err(|error| match error {
            Problem::Future => problem("", "common.date_future"),
            _ => problem("year", "common.date_not_real"),
        })
    }
}

/// A month typed as a number ("3", "03") or a name ("March", "mar").
fn month_number(text: &str) -> Option<i8> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let text = text.trim().to_lowercase();
    if let Ok(number) = text.parse::<i8>() {
        return (1..=12).contains(&number).then_some(number);
    }
    let position = NAMES.iter().position(|name| text.starts_with(name))?;
    i8::try_from(position + 1).ok()
}

/// The message for a date problem, with the question's subject filled in (`{what}`, or
/// `{What}` at the start of a sentence).
pub fn date_message(m: &Messages, problem: DateProblem, what: &str) -> String {
    let mut chars = what.chars();
    let capitalised = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    m.fill(problem.key, &[("what", what), ("What", &capitalised)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn check(day: &str, month: &str, year: &str) -> Result<Date, &'static str> {
        DateParts { day, month, year }
            .parse(date(2026, 12, 23))
            .map_err(|p| p.key)
    }

    #[test]
    fn dates_are_checked_the_govuk_way() {
        assert_eq!(check("3", "11", "2026"), Ok(date(2026, 11, 3)));
        assert_eq!(check(" 03 ", "Nov", "2026"), Ok(date(2026, 11, 3)));
        assert_eq!(check("3", "november", "2026"), Ok(date(2026, 11, 3)));
        assert_eq!(check("", "", ""), Err("common.date_missing"));
        assert_eq!(check("3", "", "2026"), Err("common.date_missing_month"));
        assert_eq!(check("31", "2", "2026"), Err("common.date_not_real"));
        assert_eq!(check("3", "13", "2026"), Err("common.date_not_real"));
        assert_eq!(check("3", "11", "26"), Err("common.date_year_digits"));
        assert_eq!(check("24", "12", "2026"), Err("common.date_future"));
        assert_eq!(check("x", "12", "2026"), Err("common.date_not_real"));
    }

    #[test]
    fn errors_are_found_by_field_or_by_its_parts() {
        let mut errors = Errors::new();
        errors.add("happened-month", "Enter a month");
        assert_eq!(errors.get("happened"), "Enter a month");
        assert_eq!(errors.field_of("happened"), "happened-month");
        assert_eq!(errors.get("happen"), "");
        assert_eq!(errors.get("what"), "");
    }
}
