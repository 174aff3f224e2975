//! Letter expectations: the one place that reads a letter, so a change in how letters are made
//! (typed statements, worded by the web) needs one edit here.

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
/// edit: the letter is read as its JSON (`{kind, statements: [{says, ...}]}`), and each
/// `says.NAME` is matched against the typed statement of that name (chosen fields only).
fn check_letter(expected: &LetterExpect, letter: &Value, out: &mut Vec<String>) {
    let kind = letter["kind"].as_str().unwrap_or_default();
    if let Some(expected_kind) = &expected.kind
        && expected_kind != kind
    {
        out.push(format!(
            "expected a {expected_kind} letter, found a {kind} letter"
        ));
    }
    let statements: Vec<(&str, &Value)> = letter["statements"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|s| (s["says"].as_str().unwrap_or(""), s))
                .collect()
        })
        .unwrap_or_default();
    if let Some(names) = &expected.statements {
        let found: Vec<&str> = statements.iter().map(|(says, _)| *says).collect();
        if names != &found {
            out.push(format!(
                "expected the letter's statements [{}], found [{}]",
                names.join(", "),
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
    for (statement, said) in &expected.says {
        let actual = statements
            .iter()
            .find(|(says, _)| says == statement)
            .map_or(Value::Null, |(_, s)| (*s).clone());
        if let Err(difference) = matches(said, &actual, "") {
            out.push(format!("letter, {statement}: {difference}"));
        }
    }
    let whole = serde_json::to_string(&letter["statements"]).unwrap_or_default();
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
