//! Simulation: a small TOML script of dated commands run through the decider, printed as a
//! timeline and the case's deadlines. This is how a person checks a procedure by hand.
//!
//! ```toml
//! now = "2027-01-20 09:00"            # when to read the deadlines; default: the last step
//!
//! [[step]]
//! at = "2026-12-23 10:00"             # Europe/London civil time, or RFC 3339 with an offset
//! type = "receive"
//! submission = { kind = "complaint", channel = "email", what_happened = "..." }
//!
//! [[step]]
//! at = "2026-12-24 09:30"
//! type = "acknowledge"
//! ```

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::DateTime;

use crate::calendar::{Calendar, format_date, london_date};
use crate::case::{Case, ClockStatus, Command, Event, Refusal, deadlines, decide};
use crate::procedure::Procedure;

/// One dated command.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// When it takes effect.
    pub at: Timestamp,
    /// What.
    pub command: Command,
}

/// A parsed script.
#[derive(Clone, Debug, PartialEq)]
pub struct Script {
    /// When to read the deadlines.
    pub now: Option<Timestamp>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// What a step did.
#[derive(Clone, Debug, PartialEq)]
pub enum StepResult {
    /// Its events.
    Done(Vec<Event>),
    /// Why it was refused; the case is unchanged.
    Refused(Refusal),
}

/// Parses an instant: `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM` as Europe/London civil
/// time, a bare date as 09:00 London time, or RFC 3339 with an offset.
pub fn parse_instant(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(instant) = text.parse::<Timestamp>() {
        return Ok(instant);
    }
    let civil = text
        .parse::<DateTime>()
        .or_else(|_| text.parse::<jiff::civil::Date>().map(|d| d.at(9, 0, 0, 0)))
        .map_err(|_| format!("`{text}` is not a date and time like 2026-12-23 10:00"))?;
    civil
        .in_tz("Europe/London")
        .map(|zoned| zoned.timestamp())
        .map_err(|e| format!("`{text}`: {e}"))
}

/// Parses a script's text.
pub fn parse_script(text: &str) -> Result<Script, String> {
    let mut table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let now = match table.remove("now") {
        Some(toml::Value::String(now)) => Some(parse_instant(&now)?),
        Some(toml::Value::Datetime(now)) => Some(parse_instant(&now.to_string())?),
        Some(_) => return Err("`now` must be a date and time".to_owned()),
        None => None,
    };
    let steps = match table.remove("step") {
        Some(toml::Value::Array(steps)) => steps,
        None => Vec::new(),
        Some(_) => return Err("write steps as [[step]] tables".to_owned()),
    };
    if let Some(key) = table.keys().next() {
        return Err(format!(
            "unknown key `{key}`: a script has `now` and [[step]] tables"
        ));
    }
    let steps = steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let json = to_json(step);
            let at = json
                .get("at")
                .and_then(|at| at.as_str())
                .ok_or_else(|| format!("step {}: every step needs `at`", i + 1))
                .and_then(|at| parse_instant(at).map_err(|e| format!("step {}: at: {e}", i + 1)))?;
            let mut json = json;
            json.as_object_mut().map(|object| object.remove("at"));
            let command: Command =
                serde_json::from_value(json).map_err(|e| format!("step {}: {e}", i + 1))?;
            Ok(Step { at, command })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Script { now, steps })
}

/// TOML to JSON, writing TOML dates and times as the strings they are.
fn to_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => items.into_iter().map(to_json).collect(),
        toml::Value::Table(table) => table.into_iter().map(|(k, v)| (k, to_json(v))).collect(),
    }
}

/// Runs every step against a fresh case. Refused steps change nothing and the run goes on.
pub fn run(
    script: &Script,
    procedure: &Procedure,
    calendar: &Calendar,
) -> (Case, Vec<(Step, StepResult)>) {
    let mut case = Case::default();
    let mut results = Vec::new();
    for step in &script.steps {
        let result = match decide(&case, step.command.clone(), procedure, calendar, step.at) {
            Ok(events) => {
                for event in &events {
                    case.apply(event);
                }
                StepResult::Done(events)
            }
            Err(refusal) => StepResult::Refused(refusal),
        };
        results.push((step.clone(), result));
    }
    (case, results)
}

/// The timeline and deadlines as text for a person.
pub fn render(
    case: &Case,
    results: &[(Step, StepResult)],
    procedure: &Procedure,
    calendar: &Calendar,
    now: Timestamp,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — procedure version {}",
        procedure.organisation.name, procedure.procedure.version
    );
    let _ = writeln!(out, "\nTimeline");
    for (step, result) in results {
        let when = step
            .at
            .in_tz("Europe/London")
            .map(|z| z.strftime("%a %d %b %Y %H:%M").to_string())
            .unwrap_or_default();
        match result {
            StepResult::Done(events) => {
                for event in events {
                    let json = serde_json::to_value(&event.fact).unwrap_or_default();
                    let kind = json
                        .get("type")
                        .and_then(|t| t.as_str())
                        .unwrap_or("?")
                        .to_owned();
                    let _ = writeln!(out, "  {when}  {kind}");
                    if let Some(lines) = json.pointer("/letter/lines").and_then(|l| l.as_array()) {
                        for line in lines {
                            let _ = writeln!(
                                out,
                                "        | {}",
                                line.get("text").and_then(|t| t.as_str()).unwrap_or("")
                            );
                        }
                    }
                }
            }
            StepResult::Refused(refusal) => {
                let _ = writeln!(
                    out,
                    "  {when}  REFUSED {}: {refusal}",
                    command_name(&step.command)
                );
            }
        }
    }
    let now_day = london_date(now);
    let _ = writeln!(out, "\nDeadlines on {}", format_date(now_day));
    match deadlines(case, procedure, calendar, now) {
        Ok(list) if list.is_empty() => {
            let _ = writeln!(out, "  none");
        }
        Ok(list) => {
            for deadline in list {
                let status = match deadline.status {
                    ClockStatus::Open => "open".to_owned(),
                    ClockStatus::Overdue => "OVERDUE".to_owned(),
                    ClockStatus::Met { at, on_time } => format!(
                        "met {}{}",
                        format_date(london_date(at)),
                        if on_time { "" } else { " (late)" }
                    ),
                    ClockStatus::Paused => "paused".to_owned(),
                    ClockStatus::NotNeeded => "not needed".to_owned(),
                    ClockStatus::Lapsed => "lapsed".to_owned(),
                };
                let _ = writeln!(
                    out,
                    "  {:<16} {}  {}",
                    format_date(deadline.due.date),
                    status,
                    deadline.what
                );
                let _ = writeln!(out, "        why: {}", deadline.why);
            }
        }
        Err(error) => {
            let _ = writeln!(out, "  cannot work out deadlines: {error}");
        }
    }
    out
}

/// The `type` tag of a command.
pub fn command_name(command: &Command) -> String {
    serde_json::to_value(command)
        .ok()
        .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_owned))
        .unwrap_or_default()
}
