//! A subject access export as a readable PDF: each case with what the person gave, every event
//! in order with its words, the letters as sent, the e-mail written and received, and the files
//! (`redress_pdf::report`, typst in-process like the letters).

use redress_pdf::{Report, Section};
use serde_json::Value;

use crate::error::{AppError, AppResult};
use crate::person::{PersonCase, PersonExport};

/// `export` as an A4 PDF.
pub fn person_pdf(export: &PersonExport) -> AppResult<Vec<u8>> {
    redress_pdf::report(&report(export)).map_err(|error| AppError::Internal(error.into()))
}

/// The report the PDF sets: one main section per case, with its parts inside.
pub fn report(export: &PersonExport) -> Report {
    let mut sections = Vec::new();
    for case in &export.cases {
        sections.extend(case_sections(case));
    }
    for record in &export.conduct {
        sections.push(Section {
            level: 2,
            heading: format!("Conduct record at {}", record.org),
            rows: vec![("Entries".to_owned(), record.events.len().to_string())],
            paragraphs: Vec::new(),
        });
        for event in &record.events {
            sections.push(fact_section(event.at, &event.fact));
        }
    }
    let found = match export.cases.len() {
        0 => "No case holds this address.".to_owned(),
        1 => "One case holds this address.".to_owned(),
        n => format!("{n} cases hold this address."),
    };
    Report {
        title: format!("Everything held about {}", export.email),
        intro: vec![
            format!(
                "Made on {} in answer to a subject access request.",
                words_instant(export.generated_at)
            ),
            found,
        ],
        footer: format!("Subject access export: {}", export.email),
        sections,
    }
}

/// The sections of one case: its summary, every event with its words, the letters as sent,
/// the e-mail written and received, and the files. Shared with the ombudsman's evidence pack.
/// One event of a case or a conduct record: its kind and instant as the heading, and every
/// value it holds as a row.
fn fact_section(at: jiff::Timestamp, fact: &impl serde::Serialize) -> Section {
    let fact = serde_json::to_value(fact).unwrap_or(Value::Null);
    let kind = fact
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("event")
        .to_owned();
    let mut rows = Vec::new();
    leaves(&fact, "", &mut rows);
    rows.retain(|(path, _)| path != "type");
    Section {
        level: 3,
        heading: format!("{}: {kind}", words_instant(at)),
        rows,
        paragraphs: Vec::new(),
    }
}

pub(crate) fn case_sections(case: &PersonCase) -> Vec<Section> {
    let mut sections = Vec::new();
    let capacities: Vec<String> = case
        .capacities
        .iter()
        .map(redress_core::names::serde_name)
        .collect();
    sections.push(Section {
        level: 2,
        heading: format!("Case {} ({})", case.reference, case.org),
        rows: vec![
            ("Held as".to_owned(), capacities.join(", ")),
            ("Events".to_owned(), case.events.len().to_string()),
            ("Letters".to_owned(), case.letters.len().to_string()),
            ("Files".to_owned(), case.attachments.len().to_string()),
        ],
        paragraphs: Vec::new(),
    });
    for event in &case.events {
        sections.push(fact_section(event.at, &event.fact));
    }
    for letter in &case.letters {
        sections.push(Section {
            level: 3,
            heading: format!("Letter {}: {}", letter.id, letter.letter.subject),
            rows: vec![
                ("Sent".to_owned(), words_instant(letter.sent_at)),
                (
                    "How".to_owned(),
                    redress_core::names::serde_name(&letter.status),
                ),
                ("To".to_owned(), letter.letter.addressee.join(", ")),
            ],
            paragraphs: std::iter::once(letter.letter.salutation.clone())
                .chain(letter.letter.body.split("\n\n").map(str::to_owned))
                .chain(std::iter::once(letter.letter.closing.clone()))
                .chain(std::iter::once(letter.letter.signature.join(", ")))
                .collect(),
        });
    }
    if !case.messages_sent.is_empty() {
        sections.push(Section {
            level: 3,
            heading: "E-mail written for the case".to_owned(),
            rows: case
                .messages_sent
                .iter()
                .map(|entry| {
                    let sent = entry
                        .sent_at
                        .map_or_else(|| "not sent yet".to_owned(), words_instant);
                    (
                        words_instant(entry.message.created_at),
                        format!(
                            "{} to {}; {sent}",
                            entry.message.kind,
                            entry.message.recipient.as_deref().unwrap_or("nobody")
                        ),
                    )
                })
                .collect(),
            paragraphs: Vec::new(),
        });
    }
    if !case.messages_received.is_empty() {
        sections.push(Section {
            level: 3,
            heading: "Information received".to_owned(),
            rows: case
                .messages_received
                .iter()
                .map(|received| {
                    (
                        words_instant(received.at),
                        format!(
                            "{}{}",
                            received
                                .channel
                                .as_deref()
                                .map(|c| format!("({c}) "))
                                .unwrap_or_default(),
                            received.summary
                        ),
                    )
                })
                .collect(),
            paragraphs: Vec::new(),
        });
    }
    if !case.attachments.is_empty() {
        sections.push(Section {
            level: 3,
            heading: "Files".to_owned(),
            rows: case
                .attachments
                .iter()
                .map(|file| {
                    (
                        file.name.clone(),
                        format!(
                            "{}, {}, added {}",
                            file.media_type,
                            crate::attachments::size_words(file.size),
                            words_instant(file.at)
                        ),
                    )
                })
                .collect(),
            paragraphs: Vec::new(),
        });
    }
    sections
}

/// Every leaf of `value` as (path, text): `complainant.name`, `remedies[1].description`.
fn leaves(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, inner) in map {
                leaves(inner, &join(key), out);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                leaves(inner, &format!("{path}[{index}]"), out);
            }
        }
        Value::String(text) => out.push((path.to_owned(), text.clone())),
        other => out.push((path.to_owned(), other.to_string())),
    }
}

pub(crate) fn words_instant(at: jiff::Timestamp) -> String {
    match jiff::tz::TimeZone::get("Europe/London") {
        Ok(zone) => at.to_zoned(zone).strftime("%-d %B %Y, %H:%M").to_string(),
        Err(_) => at.to_string(),
    }
}
