//! Form plumbing for the staff pages: the fields a browser posted ([`FormData`]), the fields a
//! template draws ([`Field`]), and the "date it happened" every action carries.

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use redress_core::calendar::london_date;

use super::super::messages::Messages;
use super::words::london;

/// The fields of a posted form, in order (a name may repeat, as checkboxes do).
#[derive(Clone, Debug, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// The first value of `name`, trimmed; empty if absent.
    pub fn text(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    /// The first value of `name`, trimmed, unless empty.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|v| !v.is_empty())
    }

    /// Every non-empty value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// Whether the checkbox or yes/no question `name` was answered yes.
    pub fn yes(&self, name: &str) -> bool {
        self.text(name) == "yes"
    }
}

/// One form field as a template draws it: see `templates/staff/macros.html`.
#[derive(Clone, Debug, Default)]
pub struct Field {
    /// text, email, tel, password, date, time, textarea, select, radios, checkboxes, checkbox
    /// or hidden.
    pub kind: &'static str,
    /// The element id (and the error summary's link target).
    pub id: String,
    /// The posted name.
    pub name: String,
    /// The label or legend.
    pub label: String,
    /// Help under the label; empty for none.
    pub hint: String,
    /// The value (for checkbox: "yes" when ticked).
    pub value: String,
    /// The values ticked, for checkboxes.
    pub values: Vec<String>,
    /// (value, label) choices for select, radios and checkboxes.
    pub options: Vec<(String, String)>,
    /// What is wrong with it, when re-shown.
    pub error: Option<String>,
    /// Rows of a textarea.
    pub rows: u32,
    /// The `autocomplete` token; empty for none.
    pub autocomplete: &'static str,
    /// A width class such as `govuk-input--width-20`; empty for full width.
    pub width: &'static str,
}

impl Field {
    /// A field named `name` of `kind`, in the form whose ids start with `prefix`.
    pub fn new(kind: &'static str, prefix: &str, name: &str, label: impl Into<String>) -> Field {
        Field {
            kind,
            id: field_id(prefix, name),
            name: name.to_owned(),
            label: label.into(),
            rows: 4,
            ..Field::default()
        }
    }

    /// With help text.
    pub fn hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = hint.into();
        self
    }

    /// With a value.
    pub fn value(mut self, value: impl Into<String>) -> Field {
        self.value = value.into();
        self
    }

    /// With choices.
    pub fn options(mut self, options: Vec<(String, String)>) -> Field {
        self.options = options;
        self
    }

    /// With a width class.
    pub fn width(mut self, width: &'static str) -> Field {
        self.width = width;
        self
    }

    /// With an `autocomplete` token.
    pub fn autocomplete(mut self, token: &'static str) -> Field {
        self.autocomplete = token;
        self
    }

    /// With this many rows.
    pub fn rows(mut self, rows: u32) -> Field {
        self.rows = rows;
        self
    }
}

/// The element id of field `name` in the form `prefix`.
pub fn field_id(prefix: &str, name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{prefix}-{name}")
}

/// What was typed into a form that is being shown again, and what is wrong with it.
#[derive(Clone, Debug, Default)]
pub struct Typed {
    /// The posted fields.
    pub form: FormData,
    /// (field name, message) for each problem; an empty name is about the whole form.
    pub errors: Vec<(String, String)>,
}

impl Typed {
    /// Puts the typed values and the errors back into `fields`. Errors for a field the form
    /// does not have are kept for the summary only.
    pub fn refill(&self, fields: &mut [Field]) {
        for field in fields.iter_mut().filter(|f| f.kind != "hidden") {
            match field.kind {
                "checkboxes" => field.values = self.form.all(&field.name),
                "checkbox" => {
                    field.value = if self.form.yes(&field.name) {
                        "yes"
                    } else {
                        ""
                    }
                    .to_owned();
                }
                "password" => field.value.clear(),
                _ => field.value = self.form.text(&field.name),
            }
            field.error = self
                .errors
                .iter()
                .find(|(name, _)| *name == field.name)
                .map(|(_, message)| message.clone());
        }
    }

    /// The error summary's (link, message) pairs, in the order of the form: to the field
    /// when the form has it, to `fallback` (first) otherwise.
    pub fn summary(&self, fields: &[Field], fallback: &str) -> Vec<(String, String)> {
        let mut linked: Vec<(usize, String, String)> = self
            .errors
            .iter()
            .map(|(name, message)| {
                match fields
                    .iter()
                    .position(|f| f.name == *name && f.kind != "hidden")
                {
                    Some(at) => (at + 1, format!("#{}", fields[at].id), message.clone()),
                    None => (0, fallback.to_owned(), message.clone()),
                }
            })
            .collect();
        linked.sort_by_key(|(at, _, _)| *at);
        linked
            .into_iter()
            .map(|(_, href, message)| (href, message))
            .collect()
    }
}

/// The "date it happened" and "time" fields of a form, defaulting to today.
pub fn when_fields(m: &Messages, prefix: &str, today: Date) -> [Field; 2] {
    [
        Field::new("date", prefix, "on", m.get("staff.when.on"))
            .hint(m.get("staff.when.on_hint"))
            .value(today.to_string())
            .width("govuk-input--width-10"),
        Field::new("time", prefix, "time", m.get("staff.when.time"))
            .hint(m.get("staff.when.time_hint"))
            .width("govuk-input--width-5"),
    ]
}

/// Parses a date as a date field sends it (2026-12-23), or as people type it (23/12/2026).
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>() {
        return Some(date);
    }
    let parts: Vec<&str> = text.split(['/', '-', '.', ' ']).collect();
    match parts.as_slice() {
        [day, month, year] if year.len() == 4 => {
            Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()
        }
        _ => None,
    }
}

fn parse_time(text: &str) -> Option<Time> {
    let (hour, minute) = text.trim().split_once([':', '.'])?;
    Time::new(hour.parse().ok()?, minute.parse().ok()?, 0, 0).ok()
}

/// The instant an action happened, from the form's `on` and `time` at `now`: `None` for "now"
/// (today with no time). A past day with no time is taken as midday, or just after the case's
/// latest event if that was later on the same day, so the history stays in order. A date or
/// time in the future is refused: (field, message).
pub fn when(
    m: &Messages,
    form: &FormData,
    now: Timestamp,
    last_event: Option<Timestamp>,
) -> Result<Option<Timestamp>, (String, String)> {
    let problem = |field: &str, key: &str| (field.to_owned(), m.get(key).to_owned());
    let text = form.text("on");
    if text.is_empty() {
        return Err(problem("on", "staff.when.on_missing"));
    }
    let date = parse_date(&text).ok_or_else(|| problem("on", "staff.when.on_invalid"))?;
    let today = london_date(now);
    if date > today {
        return Err(problem("on", "staff.when.on_future"));
    }
    let time = match form.opt("time") {
        None => None,
        Some(text) => {
            Some(parse_time(&text).ok_or_else(|| problem("time", "staff.when.time_invalid"))?)
        }
    };
    let at = match time {
        None if date == today => return Ok(None),
        None => {
            let midday = to_instant(date, Time::constant(12, 0, 0, 0))
                .ok_or_else(|| problem("on", "staff.when.on_invalid"))?;
            match last_event {
                Some(last) if london_date(last) == date && last >= midday => {
                    last + jiff::SignedDuration::from_secs(1)
                }
                _ => midday,
            }
        }
        Some(time) => {
            to_instant(date, time).ok_or_else(|| problem("time", "staff.when.time_invalid"))?
        }
    };
    if at > now {
        return Err(problem("time", "staff.when.time_future"));
    }
    Ok(Some(at))
}

fn to_instant(date: Date, time: Time) -> Option<Timestamp> {
    date.to_datetime(time)
        .to_zoned(london().clone())
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(on: &str, time: &str) -> FormData {
        FormData(vec![
            ("on".to_owned(), on.to_owned()),
            ("time".to_owned(), time.to_owned()),
        ])
    }

    fn instant(text: &str) -> Timestamp {
        redress_core::simulate::parse_instant(text).expect("valid")
    }

    #[test]
    fn the_date_it_happened_is_now_today_midday_before_and_never_the_future() {
        let m = Messages::english();
        let now = instant("2026-12-23 10:00");
        assert_eq!(when(m, &form("2026-12-23", ""), now, None), Ok(None));
        assert_eq!(
            when(m, &form("16/12/2026", ""), now, None),
            Ok(Some(instant("2026-12-16 12:00")))
        );
        assert_eq!(
            when(m, &form("2026-12-16", "14:30"), now, None),
            Ok(Some(instant("2026-12-16 14:30")))
        );
        let after = when(
            m,
            &form("2026-12-16", ""),
            now,
            Some(instant("2026-12-16 15:00")),
        );
        assert_eq!(after, Ok(Some(instant("2026-12-16 15:00:01"))));
        assert_eq!(
            when(m, &form("2026-12-24", ""), now, None).map_err(|e| e.0),
            Err("on".to_owned())
        );
        assert_eq!(
            when(m, &form("2026-12-23", "11:00"), now, None).map_err(|e| e.0),
            Err("time".to_owned())
        );
        assert_eq!(
            when(m, &form("", ""), now, None).map_err(|e| e.0),
            Err("on".to_owned())
        );
        assert_eq!(
            when(m, &form("31/02/2026", ""), now, None).map_err(|e| e.0),
            Err("on".to_owned())
        );
        assert_eq!(
            when(m, &form("2026-12-16", "25:00"), now, None).map_err(|e| e.0),
            Err("time".to_owned())
        );
    }
}
