//! Comparing what a script expects with the JSON of what happened: chosen fields of tables, lists
//! item by item, times as London time, and the special values `"(none)"`, `"(some)"`,
//! `{ contains = ... }` and `{ ends_with = ... }`.

use jiff::Timestamp;
use serde_json::Value;

use super::expect::Words;
use super::parse_instant;

/// Whether `actual` has everything `expected` says; otherwise where and how they differ.
pub(super) fn matches(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
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
pub(super) fn civil(at: Timestamp) -> String {
    at.in_tz("Europe/London")
        .map(|z| z.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| at.to_string())
}
