//! A log's rows and columns in words, for the page and for the CSV alike (each with its own
//! way of writing dates).

use jiff::civil::Date;
use redress_app::admin::logs::{ComplaintLogRow, FeedbackLogRow, Investigator, PassedOnTo};

use super::super::super::messages::Messages;
use super::Log;

/// One complaint as the log shows it.
pub(super) struct ComplaintLine {
    pub received: String,
    pub reference: String,
    pub panel_number: Option<String>,
    pub panel_note: Option<String>,
    pub investigation: Vec<String>,
    pub decision: String,
    pub closed: String,
}

pub(super) fn complaint_line(
    m: &Messages,
    row: ComplaintLogRow,
    date: fn(Date) -> String,
) -> ComplaintLine {
    let mut investigation: Vec<String> = row
        .investigated_by
        .iter()
        .map(|(stage, who)| match who {
            Investigator::Panel(names) => m.fill(
                "admin.logs.by_panel",
                &[("stage", stage), ("names", &names.join(", "))],
            ),
            Investigator::External(who) => {
                m.fill("admin.logs.by_external", &[("stage", stage), ("who", who)])
            }
            Investigator::Handler(name, title) => m.fill(
                "admin.logs.by_handler",
                &[("stage", stage), ("name", name), ("title", title)],
            ),
        })
        .collect();
    investigation.extend(
        row.referred_to
            .iter()
            .map(|body| m.fill("admin.logs.referred_to", &[("body", body)])),
    );
    if investigation.is_empty() {
        investigation.push(m.get("admin.logs.not_yet").to_owned());
    }
    let several_stages = row.investigated_by.len() > 1;
    let decision = match (&row.outcome, row.ending) {
        (Some((stage, outcome)), _) => {
            let outcome = word(m, "outcome", outcome);
            if several_stages {
                m.fill(
                    "admin.logs.outcome_at",
                    &[("outcome", &outcome), ("stage", stage)],
                )
            } else {
                outcome
            }
        }
        (None, Some(ending)) => word(m, "ending", ending),
        (None, None) => m.get("admin.logs.not_decided").to_owned(),
    };
    ComplaintLine {
        received: date(row.received_on),
        reference: row.reference,
        panel_note: row
            .panel_number
            .as_ref()
            .map(|number| m.fill("admin.logs.panel_number", &[("number", number)])),
        panel_number: row.panel_number,
        investigation,
        decision,
        closed: row
            .closed_on
            .map_or_else(|| m.get("admin.logs.still_open").to_owned(), date),
    }
}

/// One compliment, comment or suggestion as the log shows it.
pub(super) struct FeedbackLine {
    pub received: String,
    pub reference: String,
    pub kind: String,
    pub title: String,
    pub passed_on: String,
    pub replied: String,
    pub published: String,
    pub closed: String,
}

pub(super) fn feedback_line(
    m: &Messages,
    row: FeedbackLogRow,
    date: fn(Date) -> String,
) -> FeedbackLine {
    let not_yet = || m.get("admin.logs.not_yet").to_owned();
    let passed_on: Vec<String> = row
        .passed_on_to
        .iter()
        .map(|to| match to {
            PassedOnTo::Person => m.get("admin.logs.passed_on_person").to_owned(),
            PassedOnTo::Role(title) => title.clone(),
        })
        .collect();
    FeedbackLine {
        received: date(row.received_on),
        kind: m.get(&format!("admin.kind.{}", row.kind)).to_owned(),
        passed_on: if passed_on.is_empty() {
            not_yet()
        } else {
            passed_on.join("; ")
        },
        replied: row.replied_on.map_or_else(not_yet, date),
        published: row.published.map_or_else(not_yet, |(on, place)| {
            m.fill(
                "admin.logs.published_at",
                &[("date", &date(on)), ("place", &place)],
            )
        }),
        closed: row
            .closed_on
            .map_or_else(|| m.get("admin.logs.still_open").to_owned(), date),
        reference: row.reference,
        title: row.title,
    }
}

/// The catalogue's word for a value: `admin.{group}.{serde name}`.
fn word<T: serde::Serialize>(m: &Messages, group: &str, value: T) -> String {
    m.get(&format!(
        "admin.{group}.{}",
        redress_app::views::word(&value)
    ))
    .to_owned()
}

/// The column headings of a log; the CSV has the panel number in a column of its own.
pub(super) fn columns(m: &Messages, log: Log, csv: bool) -> Vec<String> {
    let keys: &[&str] = match (log, csv) {
        (Log::Complaints, false) => &["received", "number", "investigation", "decision", "closed"],
        (Log::Complaints, true) => &[
            "received",
            "number",
            "panel_number",
            "investigation",
            "decision",
            "closed",
        ],
        (Log::Feedback, _) => &[
            "received",
            "reference",
            "kind",
            "about",
            "passed_on",
            "replied",
            "published",
            "closed",
        ],
    };
    keys.iter()
        .map(|key| m.get(&format!("admin.logs.column.{key}")).to_owned())
        .collect()
}
