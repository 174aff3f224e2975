//! What a script expects of a step, and the checks that compare it with what the step did.
//!
//! Values are compared as they appear in the case's JSON (see `matching.rs`): an expected table
//! need name only the fields that matter, an expected list must have as many items as the actual
//! one, and a time may be written as Europe/London civil time. Clocks are checked in `clocks.rs`
//! and letters in `letters.rs`.

use std::fmt;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::clocks::check_deadline;
use super::letters::check_letter_of;
use super::matching::{civil, matches};
use super::{Step, StepResult, step_name};
use crate::calendar::Calendar;
use crate::case::{Case, Event, Fact, Member, verify_panel};
use crate::procedure::Procedure;

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
    pub(super) fn is_none(&self) -> bool {
        self.0 == ["(none)"]
    }

    /// The first piece `text` lacks.
    pub(super) fn missing_from(&self, text: &str) -> Option<&str> {
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

pub(super) fn fact_types(events: &[Event]) -> String {
    let types: Vec<String> = events
        .iter()
        .map(|e| fact_json(&e.fact)["type"].to_string())
        .collect();
    format!("[{}]", types.join(", "))
}

pub(super) fn fact_json(fact: &Fact) -> Value {
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
        let found = refusal.field.as_deref().unwrap_or("(none)");
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
