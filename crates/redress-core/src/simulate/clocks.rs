//! Clock expectations: each clock of a case as of a moment, its due date, the instant it passes,
//! its status and how its date was worked out.

use jiff::Timestamp;
use serde_json::Value;

use super::expect::{Context, DeadlineExpect};
use super::matching::civil;
use super::parse_instant;
use crate::case::{Clock, Deadline, deadlines};
use crate::procedure::Procedure;

pub(super) fn check_deadline(
    expected: &DeadlineExpect,
    context: &Context<'_>,
    out: &mut Vec<String>,
) {
    let now = match &expected.now {
        Some(now) => match parse_instant(now) {
            Ok(now) => now,
            Err(error) => return out.push(format!("deadline `now`: {error}")),
        },
        None => context.step.at,
    };
    let all = match deadlines(context.case, context.procedure, context.calendar, now) {
        Ok(all) => all,
        Err(error) => return out.push(format!("cannot work out deadlines: {error}")),
    };
    if let Some(mistake) = unknown_names(expected, context.procedure) {
        return out.push(mistake);
    }
    let clock = expected.clock.as_deref().unwrap_or("any");
    let name = match &expected.stage {
        Some(stage) => format!("{clock} clock of {stage} as of {}", civil(now)),
        None => format!("{clock} clock as of {}", civil(now)),
    };
    let found: Vec<&Deadline> = all
        .iter()
        .filter(|d| {
            expected.clock.as_ref().is_none_or(|clock| {
                serde_json::to_value(d.clock)
                    .ok()
                    .and_then(|c| c.as_str().map(str::to_owned))
                    == Some(clock.clone())
            }) && expected
                .stage
                .as_ref()
                .is_none_or(|stage| d.stage.as_ref().is_some_and(|id| id.as_str() == stage))
        })
        .collect();
    if expected.absent {
        if !found.is_empty() {
            out.push(format!(
                "expected no {name}, found one: {}",
                describe(found[0])
            ));
        }
        return;
    }
    let deadline = match found.as_slice() {
        [one] => *one,
        _ => {
            let list: Vec<String> = all.iter().map(describe).collect();
            return out.push(format!(
                "expected one {name}, found {}; the clocks are: {}",
                found.len(),
                if list.is_empty() {
                    "none".to_owned()
                } else {
                    list.join("; ")
                }
            ));
        }
    };
    let status = serde_json::to_value(deadline.status).unwrap_or_default();
    let mut differences = Vec::new();
    if let Some(due) = &expected.due
        && due != &deadline.due.date.to_string()
    {
        differences.push(format!("due {due}"));
    }
    if let Some(due_at) = &expected.due_at
        && parse_instant(due_at).ok() != Some(deadline.due.at)
    {
        differences.push(format!("passing at {due_at}"));
    }
    if let Some(state) = &expected.status
        && Some(state.as_str()) != status["state"].as_str()
    {
        differences.push(format!("status {state}"));
    }
    if let Some(on_time) = expected.on_time
        && status["on_time"].as_bool() != Some(on_time)
    {
        differences.push(if on_time { "met on time" } else { "met late" }.to_owned());
    }
    if let Some(met_at) = &expected.met_at
        && parse_instant(met_at)
            .ok()
            .map(|t| Value::String(t.to_string()))
            != Some(status["at"].clone())
    {
        differences.push(format!("met at {met_at}"));
    }
    if let Some(words) = expected.why.missing_from(&deadline.why) {
        differences.push(format!("worked out with \"{words}\""));
    }
    if let Some(words) = expected.what.missing_from(&deadline.what) {
        differences.push(format!("described with \"{words}\""));
    }
    if !differences.is_empty() {
        out.push(format!(
            "expected the {name} {}, found {}",
            differences.join(", "),
            describe(deadline)
        ));
    }
}

/// A clock, stage or status the script names that cannot exist, so that "absent" is never
/// met by a misspelling.
fn unknown_names(expected: &DeadlineExpect, procedure: &Procedure) -> Option<String> {
    if let Some(clock) = &expected.clock
        && serde_json::from_value::<Clock>(Value::String(clock.clone())).is_err()
    {
        return Some(format!("there is no clock `{clock}`"));
    }
    if let Some(stage) = &expected.stage
        && !procedure.stages.iter().any(|s| s.id.as_str() == stage)
    {
        return Some(format!("the procedure has no stage `{stage}`"));
    }
    const STATES: [&str; 6] = ["open", "overdue", "met", "paused", "not-needed", "lapsed"];
    match &expected.status {
        Some(status) if !STATES.contains(&status.as_str()) => Some(format!(
            "there is no clock status `{status}`: it is one of {}",
            STATES.join(", ")
        )),
        _ => None,
    }
}

/// A deadline in words, for failure messages.
fn describe(deadline: &Deadline) -> String {
    let clock = serde_json::to_value(deadline.clock).unwrap_or_default();
    let stage = deadline
        .stage
        .as_ref()
        .map(|s| format!(" of {s}"))
        .unwrap_or_default();
    let status = match serde_json::to_value(deadline.status).unwrap_or_default() {
        Value::Object(status) => {
            let mut words = status["state"].as_str().unwrap_or("").to_owned();
            if let Some(at) = status.get("at").and_then(|a| a.as_str())
                && let Ok(at) = at.parse::<Timestamp>()
            {
                words.push_str(&format!(" at {}", civil(at)));
            }
            if status.get("on_time") == Some(&Value::Bool(false)) {
                words.push_str(" (late)");
            }
            words
        }
        other => other.to_string(),
    };
    format!(
        "{}{stage} due {} (passing at {}), {status}; why: {}",
        clock.as_str().unwrap_or(""),
        deadline.due.date,
        civil(deadline.due.at),
        deadline.why
    )
}
