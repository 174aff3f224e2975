//! What a script expects of a step, and the checks that compare it with what the step did.
//!
//! Values are compared as they appear in the case's JSON: an expected table need name only the
//! fields that matter, an expected list must have as many items as the actual one, and a time
//! may be written as Europe/London civil time. Four special values: `"(none)"` for something
//! absent, `"(some)"` for something present whatever it is, `{ contains = "words" }` (or a list of words) for text that includes them, and
//! `{ ends_with = "words" }` for text that ends with them.

use std::fmt;

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{Step, StepResult, parse_instant, step_name};
use crate::calendar::Calendar;
use crate::case::{Case, Clock, Deadline, Event, Fact, Member, deadlines, verify_panel};
use crate::procedure::{Procedure, Statement};

/// What should come of a step. Every key is optional; a step with none still fails if refused.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Exactly these events, in order: a fact type, or a table of the type and chosen fields.
    pub events: Option<Vec<Value>>,
    /// The step is refused, like this.
    pub refused: Option<RefusalExpect>,
    /// Clocks as of a moment (`now`, by default the step's `at`).
    #[serde(default)]
    pub deadlines: Vec<DeadlineExpect>,
    /// The case after the step: `stage` (the current stage's id), `current_stage` (its record),
    /// `is_closed`, or any field of the case as its JSON has it.
    pub case: Option<Map<String, Value>>,
    /// The one letter the step sent.
    pub letter: Option<LetterExpect>,
    /// The step drew a panel that anyone can draw again from its seed and exclusions, and that
    /// any other order or membership fails that check.
    pub panel_reproducible: Option<bool>,
}

/// A refusal: its code, the field at fault and words it contains.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalExpect {
    /// `not-allowed-now`, `missing`, `late`, `conflict-of-interest`, `not-in-procedure`,
    /// `invalid`, `out-of-order`, `closed` or `calendar`.
    pub code: Option<String>,
    /// The command field at fault, or `"(none)"`.
    pub field: Option<String>,
    /// Words the whole refusal contains (field, reason and what is allowed instead).
    #[serde(default)]
    pub says: Words,
    /// Words what it offers instead contains, or `"(none)"`.
    #[serde(default)]
    pub instead: Words,
    /// The whole refusal, word for word.
    pub text: Option<String>,
}

/// One clock at one moment.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineExpect {
    /// `acknowledgement`, `response`, `holding-letter`, `update`, `escalation-window`,
    /// `reply`, `restriction-review` or `deletion`; without it, any clock (of `stage`).
    pub clock: Option<String>,
    /// The stage, for stage clocks; without it there must be one such clock in the case.
    pub stage: Option<String>,
    /// When to look (default: the step's `at`).
    pub now: Option<String>,
    /// The last day it is in time.
    pub due: Option<String>,
    /// The instant it passes.
    pub due_at: Option<String>,
    /// `open`, `overdue`, `met`, `paused`, `not-needed` or `lapsed`.
    pub status: Option<String>,
    /// For `met`: whether in time.
    pub on_time: Option<bool>,
    /// For `met`: when.
    pub met_at: Option<String>,
    /// Words the explanation of the date contains.
    #[serde(default)]
    pub why: Words,
    /// Words the description contains.
    #[serde(default)]
    pub what: Words,
    /// There is no such clock.
    #[serde(default)]
    pub absent: bool,
}

/// A letter: its kind, which statements it carries, and what they say.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterExpect {
    /// `acknowledgement`, `holding-letter` or `response`.
    pub kind: Option<String>,
    /// Exactly these statements, in order, by their names (`outcome`, `escalation-rights`, ...).
    pub statements: Option<Vec<String>>,
    /// What a statement says: its words exactly, `{ contains = ... }`, or `"(none)"` when the
    /// letter must not carry it.
    #[serde(default)]
    pub says: Map<String, Value>,
    /// Words somewhere in the letter.
    #[serde(default)]
    pub contains: Words,
    /// Words nowhere in the letter.
    #[serde(default)]
    pub lacks: Words,
}

/// One or more pieces of text.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "OneOrMany")]
pub struct Words(pub Vec<String>);

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl From<OneOrMany> for Words {
    fn from(words: OneOrMany) -> Words {
        match words {
            OneOrMany::One(one) => Words(vec![one]),
            OneOrMany::Many(many) => Words(many),
        }
    }
}

impl Words {
    fn is_none(&self) -> bool {
        self.0 == ["(none)"]
    }

    /// The first piece `text` lacks.
    fn missing_from(&self, text: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|words| !text.contains(words.as_str()))
            .map(String::as_str)
    }
}

/// An expectation not met: where, what was expected and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The step, counted from 1 in its own file.
    pub step: usize,
    /// Whether the step is one of the `start` script's.
    pub in_start: bool,
    /// The step's command and time, e.g. `acknowledge at 2026-12-29 15:00`.
    pub command: String,
    /// What was expected and what was found.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let start = if self.in_start { " of the start" } else { "" };
        write!(
            f,
            "step {}{start} ({}): {}",
            self.step, self.command, self.message
        )
    }
}

/// What a check needs to know about the step it checks.
pub(super) struct Context<'a> {
    pub step: &'a Step,
    /// The step's number in its own file, and whether that is the `start` script.
    pub number: (usize, bool),
    pub result: &'a StepResult,
    pub case: &'a Case,
    pub procedure: &'a Procedure,
    pub calendar: &'a Calendar,
}

impl Expect {
    /// Every expectation of the step that its result does not meet.
    pub(super) fn check(&self, context: &Context<'_>) -> Vec<Failure> {
        let mut messages = Vec::new();
        match (context.result, &self.refused) {
            (StepResult::Refused(refusal), None) => {
                messages.push(format!(
                    "expected it to be done, but it was refused: {refusal}"
                ));
            }
            (StepResult::Done(events), Some(_)) => messages.push(format!(
                "expected a refusal, but it was done: {}",
                fact_types(events)
            )),
            (StepResult::Refused(refusal), Some(expected)) => {
                check_refusal(expected, refusal, &mut messages);
            }
            (StepResult::Done(events), None) => {
                if let Some(expected) = &self.events {
                    check_events(expected, events, &mut messages);
                }
                if let Some(expected) = &self.letter {
                    check_letter_of(expected, events, &mut messages);
                }
                if let Some(expected) = self.panel_reproducible {
                    check_panel(expected, events, &mut messages);
                }
            }
        }
        for expected in &self.deadlines {
            check_deadline(expected, context, &mut messages);
        }
        if let Some(expected) = &self.case {
            check_case(expected, context.case, &mut messages);
        }
        let command = format!("{} at {}", step_name(context.step), civil(context.step.at));
        messages
            .into_iter()
            .map(|message| Failure {
                step: context.number.0,
                in_start: context.number.1,
                command: command.clone(),
                message,
            })
            .collect()
    }
}

fn fact_types(events: &[Event]) -> String {
    let types: Vec<String> = events
        .iter()
        .map(|e| fact_json(&e.fact)["type"].to_string())
        .collect();
    format!("[{}]", types.join(", "))
}

fn fact_json(fact: &Fact) -> Value {
    serde_json::to_value(fact).unwrap_or_default()
}

fn check_refusal(expected: &RefusalExpect, refusal: &crate::case::Refusal, out: &mut Vec<String>) {
    let text = refusal.to_string();
    if let Some(code) = &expected.code
        && code != refusal.code.as_str()
    {
        out.push(format!(
            "expected refusal code {code}, found {} ({text})",
            refusal.code.as_str()
        ));
    }
    if let Some(field) = &expected.field {
        let found = refusal.field.unwrap_or("(none)");
        if field != found {
            out.push(format!(
                "expected refusal field {field}, found {found} ({text})"
            ));
        }
    }
    if let Some(words) = expected.says.missing_from(&text) {
        out.push(format!(
            "expected the refusal to say \"{words}\", found: {text}"
        ));
    }
    match (&refusal.instead, expected.instead.is_none()) {
        (Some(instead), true) => out.push(format!("expected no alternative, found: {instead}")),
        (instead, false) => {
            let instead = instead.as_deref().unwrap_or("");
            if let Some(words) = expected.instead.missing_from(instead) {
                out.push(format!(
                    "expected what is allowed instead to say \"{words}\", found: {}",
                    if instead.is_empty() {
                        "nothing"
                    } else {
                        instead
                    }
                ));
            }
        }
        (None, true) => {}
    }
    if let Some(whole) = &expected.text
        && whole != &text
    {
        out.push(format!(
            "expected the refusal \"{whole}\", found \"{text}\""
        ));
    }
}

fn check_events(expected: &[Value], events: &[Event], out: &mut Vec<String>) {
    let found: Vec<Value> = events.iter().map(|e| fact_json(&e.fact)).collect();
    if expected.len() != found.len() {
        out.push(format!(
            "expected {} events, found {}: {}",
            expected.len(),
            found.len(),
            fact_types(events)
        ));
        return;
    }
    for (index, (expected, found)) in expected.iter().zip(&found).enumerate() {
        let expected = match expected {
            Value::String(kind) => &serde_json::json!({ "type": kind }),
            table => table,
        };
        if let Err(difference) = matches(expected, found, "") {
            out.push(format!("event {}: {difference}", index + 1));
        }
    }
}

/// Finds the one letter among a step's events and checks it.
fn check_letter_of(expected: &LetterExpect, events: &[Event], out: &mut Vec<String>) {
    let letters: Vec<Value> = events
        .iter()
        .filter_map(|e| fact_json(&e.fact).get("letter").cloned())
        .collect();
    match letters.as_slice() {
        [letter] => check_letter(expected, letter, out),
        _ => out.push(format!(
            "expected one letter, found {} in {}",
            letters.len(),
            fact_types(events)
        )),
    }
}

/// Every letter expectation goes through here, so a change in how letters are made needs one
/// edit: the letter is read as its JSON (`{kind, lines: [{says, text}]}`).
fn check_letter(expected: &LetterExpect, letter: &Value, out: &mut Vec<String>) {
    let kind = letter["kind"].as_str().unwrap_or_default();
    if let Some(expected_kind) = &expected.kind
        && expected_kind != kind
    {
        out.push(format!(
            "expected a {expected_kind} letter, found a {kind} letter"
        ));
    }
    let lines: Vec<(&str, &str)> = letter["lines"]
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .map(|l| {
                    (
                        l["says"].as_str().unwrap_or(""),
                        l["text"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(statements) = &expected.statements {
        let found: Vec<&str> = lines.iter().map(|(says, _)| *says).collect();
        if statements != &found {
            out.push(format!(
                "expected the letter's statements [{}], found [{}]",
                statements.join(", "),
                found.join(", ")
            ));
        }
    }
    let names = expected
        .says
        .keys()
        .chain(expected.statements.iter().flatten());
    for name in names {
        if serde_json::from_value::<Statement>(Value::String(name.clone())).is_err() {
            out.push(format!("a letter has no statement `{name}`"));
        }
    }
    for (statement, words) in &expected.says {
        let text = lines
            .iter()
            .find(|(says, _)| says == statement)
            .map_or(Value::Null, |(_, text)| Value::String((*text).to_owned()));
        if let Err(difference) = matches(words, &text, "") {
            out.push(format!("letter, {statement}: {difference}"));
        }
    }
    let whole: Vec<&str> = lines.iter().map(|(_, text)| *text).collect();
    let whole = whole.join("\n");
    if let Some(words) = expected.contains.missing_from(&whole) {
        out.push(format!(
            "expected the letter to say \"{words}\", found:\n{whole}"
        ));
    }
    if let Some(words) = expected.lacks.0.iter().find(|w| whole.contains(w.as_str())) {
        out.push(format!(
            "expected the letter not to say \"{words}\", found:\n{whole}"
        ));
    }
}

fn check_panel(expected: bool, events: &[Event], out: &mut Vec<String>) {
    let Some(fact) = events
        .iter()
        .map(|e| &e.fact)
        .find(|f| matches!(f, Fact::PanelDrawn { .. }))
    else {
        out.push(format!(
            "expected a panel draw, found {}",
            fact_types(events)
        ));
        return;
    };
    let Fact::PanelDrawn {
        candidates, drawn, ..
    } = fact
    else {
        return;
    };
    // The draw is reproducible, and no other panel passes for it: not the same members in
    // another order, nor anyone not drawn slipped in for the first member drawn.
    let mut others: Vec<Vec<Member>> = Vec::new();
    if drawn.len() > 1 {
        others.push(drawn.iter().rev().cloned().collect());
    }
    for candidate in candidates.iter().filter(|c| !drawn.contains(c)) {
        let mut other = drawn.clone();
        if let Some(first) = other.first_mut() {
            *first = candidate.clone();
            others.push(other);
        }
    }
    let holds = verify_panel(fact)
        && others.into_iter().all(|other| {
            let mut tampered = fact.clone();
            if let Fact::PanelDrawn { drawn, .. } = &mut tampered {
                *drawn = other;
            }
            !verify_panel(&tampered)
        });
    if holds != expected {
        out.push(format!(
            "expected the panel draw {}to be reproducible from its seed alone",
            if expected { "" } else { "not " }
        ));
    }
}

fn check_deadline(expected: &DeadlineExpect, context: &Context<'_>, out: &mut Vec<String>) {
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

fn check_case(expected: &Map<String, Value>, case: &Case, out: &mut Vec<String>) {
    let mut json = serde_json::to_value(case).unwrap_or_default();
    if let Some(object) = json.as_object_mut() {
        let stage = case
            .current_stage()
            .map_or(Value::Null, |s| Value::String(s.id.to_string()));
        object.insert("stage".to_owned(), stage);
        let record = case
            .current_stage()
            .and_then(|s| serde_json::to_value(s).ok())
            .unwrap_or_default();
        object.insert("current_stage".to_owned(), record);
        object.insert("is_closed".to_owned(), case.is_closed().into());
    }
    let expected = Value::Object(expected.clone());
    if let Err(difference) = matches(&expected, &json, "case") {
        out.push(difference);
    }
}

/// Whether `actual` has everything `expected` says; otherwise where and how they differ.
fn matches(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    let at = |path: &str| {
        if path.is_empty() {
            String::new()
        } else {
            format!("{path}: ")
        }
    };
    match (expected, actual) {
        (Value::String(none), Value::Null) if none == "(none)" => Ok(()),
        (Value::String(some), Value::Null) if some == "(some)" => {
            Err(format!("{}expected something, found nothing", at(path)))
        }
        (Value::String(some), _) if some == "(some)" => Ok(()),
        (Value::Object(words), Value::String(text))
            if words.len() == 1 && words.contains_key("contains") =>
        {
            let words: Words = serde_json::from_value(words["contains"].clone())
                .map_err(|e| format!("{}`contains`: {e}", at(path)))?;
            match words.missing_from(text) {
                Some(missing) => Err(format!(
                    "{}expected words \"{missing}\", found \"{text}\"",
                    at(path)
                )),
                None => Ok(()),
            }
        }
        (Value::Object(words), Value::String(text))
            if words.len() == 1 && words.contains_key("ends_with") =>
        {
            match words["ends_with"].as_str() {
                Some(end) if text.ends_with(end) => Ok(()),
                Some(end) => Err(format!(
                    "{}expected words ending \"{end}\", found \"{text}\"",
                    at(path)
                )),
                None => Err(format!("{}`ends_with` takes words", at(path))),
            }
        }
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                // A name that is not there is a mistake in the script, not an absence: every
                // field is in the JSON, `null` when empty.
                let found = actual
                    .get(key)
                    .ok_or_else(|| format!("{child}: there is no such field"))?;
                matches(value, found, &child)?;
            }
            Ok(())
        }
        (Value::Array(expected), Value::Array(actual)) => {
            if expected.len() != actual.len() {
                return Err(format!(
                    "{}expected {} items, found {}: {}",
                    at(path),
                    expected.len(),
                    actual.len(),
                    Value::Array(actual.clone())
                ));
            }
            // Items are counted from 1, as a person counts them.
            for (index, (expected, item)) in expected.iter().zip(actual).enumerate() {
                matches(expected, item, &format!("{path}[{}]", index + 1))
                    .map_err(|e| format!("{e} (the list: {})", Value::Array(actual.clone())))?;
            }
            Ok(())
        }
        (Value::String(expected), Value::String(actual)) => {
            let same_instant = || match (parse_instant(expected), actual.parse::<Timestamp>()) {
                (Ok(expected), Ok(actual)) => expected == actual,
                _ => false,
            };
            if expected == actual || same_instant() {
                Ok(())
            } else {
                Err(format!(
                    "{}expected \"{expected}\", found \"{actual}\"",
                    at(path)
                ))
            }
        }
        (expected, actual) if expected == actual => Ok(()),
        (expected, actual) => Err(format!("{}expected {expected}, found {actual}", at(path))),
    }
}

/// An instant as Europe/London civil time, as scripts write it.
fn civil(at: Timestamp) -> String {
    at.in_tz("Europe/London")
        .map(|z| z.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| at.to_string())
}
