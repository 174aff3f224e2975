//! Letter expectations: the one place that reads a letter, so a change in how letters are made
//! (lines of text today, typed statements tomorrow) needs one edit here.

use serde_json::Value;

use super::expect::{LetterExpect, fact_json, fact_types};
use super::matching::matches;
use crate::case::Event;
use crate::procedure::Statement;

/// Finds the one letter among a step's events and checks it.
pub(super) fn check_letter_of(expected: &LetterExpect, events: &[Event], out: &mut Vec<String>) {
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
