//! The text rules applied to every text of every command but `Receive` (whose submission is
//! parsed whole by `ValidSubmission`): findings, reasons, summaries, notes, names.
//!
//! The command is walked in its JSON form, the form callers send it in, so every text is
//! reached whatever the command's Rust shape, a text field added later is checked without
//! anyone remembering to, and the path in a refusal (`remedies[1].description`) is the path
//! the caller wrote.

use serde_json::Value;

use super::submission::refusal;
use super::{Email, Limit, Phone, limits, text};
use crate::case::command::Command;
use crate::case::refusal::Refusal;

/// Refuses the first text of `command` with a control or bidi character, or over its limit.
/// Says nothing about empty texts: which may be empty is each rule's business.
pub fn check_texts(command: &Command) -> Result<(), Refusal> {
    if let Command::Receive { .. } = command {
        return Ok(());
    }
    // A command is plain data (strings, numbers, dates, enums); it always serialises.
    let value = serde_json::to_value(command).map_err(|error| {
        Refusal::invalid("type", format!("the command could not be read: {error}"))
    })?;
    walk("", None, &value)
}

fn walk(path: &str, key: Option<&str>, value: &Value) -> Result<(), Refusal> {
    match value {
        Value::String(s) => check(path, key.unwrap_or_default(), s),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| walk(&format!("{path}[{i}]"), key, item)),
        Value::Object(fields) => fields.iter().try_for_each(|(name, item)| {
            let inner = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            walk(&inner, Some(name), item)
        }),
        _ => Ok(()),
    }
}

fn check(path: &str, key: &str, value: &str) -> Result<(), Refusal> {
    let blank = value.trim().is_empty();
    let checked = match key {
        "email" if !blank => Email::parse(value).map(drop),
        "phone" if !blank => Phone::parse(value).map(drop),
        // A letter's body is a whole letter, not the one-line `body` of a referral.
        _ if path == "letter.body" => text(value, super::limits::STAFF_TEXT),
        _ => text(value, limit_for(key)),
    };
    checked.map_err(|problem| refusal(path, problem))
}

/// One-line fields by name; every other text is a staff text of paragraphs.
fn limit_for(key: &str) -> Limit {
    match key {
        "name" | "handler_name" | "agreed_by" | "owner" | "member_id" | "id" | "body"
        | "exclusion" | "type" | "decision" => limits::NAME,
        _ => limits::STAFF_TEXT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_json(json: Value) -> Option<String> {
        let command: Command = serde_json::from_value(json).expect("a command");
        check_texts(&command).err().and_then(|r| r.field)
    }

    #[test]
    fn every_text_of_a_command_is_checked_and_named_by_its_path() {
        let respond = |description: &str| {
            serde_json::json!({
                "type": "respond", "outcome": "upheld", "findings": "We were wrong.\n\nSorry.",
                "remedies": [
                    {"kind": "apology", "description": "An apology."},
                    {"kind": "explanation", "description": description},
                ],
            })
        };
        assert_eq!(check_json(respond("Why it happened.")), None);
        assert_eq!(
            check_json(respond("bad\u{0}")).as_deref(),
            Some("remedies[1].description")
        );
        assert_eq!(
            check_json(respond("\u{202E}reversed")).as_deref(),
            Some("remedies[1].description")
        );
        let summary = "x".repeat(limits::STAFF_TEXT.max + 1);
        assert_eq!(
            check_json(serde_json::json!({"type": "send-update", "summary": summary})).as_deref(),
            Some("summary")
        );
        assert_eq!(
            check_json(
                serde_json::json!({"type": "assign-handler", "name": "A\nB", "role": "chair"})
            )
            .as_deref(),
            Some("name")
        );
        assert_eq!(
            check_json(serde_json::json!({"type": "acknowledge", "email": "not-an-email"}))
                .as_deref(),
            Some("email")
        );
    }
}
