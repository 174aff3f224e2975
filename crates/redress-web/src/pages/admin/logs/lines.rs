//! A log's rows and columns in words, for the page and for the CSV alike (each with its own
//! way of writing dates).

use jiff::civil::Date;
use redress_app::admin::logs::{
    ComplaintLogRow, FeedbackLogRow, Investigator, LogClock, PassedOnTo,
};

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
    /// The full CSV's further columns.
    pub channel: String,
    pub clocks: Vec<LogClock>,
    pub remedies: String,
    pub themes: String,
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
        channel: crate::pages::staff::words::name(m, "channel", &row.channel),
        remedies: row
            .remedies
            .iter()
            .map(|(kind, description)| {
                format!(
                    "{}: {description}",
                    crate::pages::staff::words::name(m, "remedy", kind)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        themes: row
            .themes
            .iter()
            .map(|t| redress_core::report::theme_title(t.as_str()))
            .collect::<Vec<_>>()
            .join("; "),
        clocks: row.clocks.clone(),
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
            "channel",
            "investigation",
            "decision",
            "remedies",
            "themes",
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

/// The full CSV's clock columns for each stage of the procedure: the acknowledgement's and the
/// response's due day, done day and whether on time.
pub(super) fn clock_columns(m: &Messages, stages: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (_, name) in stages {
        for clock in ["acknowledgement", "response"] {
            for part in ["due", "done", "on_time"] {
                out.push(m.fill(
                    &format!("admin.logs.column.{clock}_{part}"),
                    &[("stage", name)],
                ));
            }
        }
    }
    out
}

/// The clock cells of one complaint, in the order of [`clock_columns`].
pub(super) fn clock_cells(
    m: &Messages,
    line: &ComplaintLine,
    stages: &[(String, String)],
) -> Vec<String> {
    use redress_core::case::Clock;
    let mut out = Vec::new();
    for (id, _) in stages {
        for clock in [Clock::Acknowledgement, Clock::Response] {
            match line
                .clocks
                .iter()
                .find(|c| c.stage.as_str() == id && c.clock == clock)
            {
                Some(c) => {
                    out.push(c.due.to_string());
                    out.push(c.done.map(|d| d.to_string()).unwrap_or_default());
                    out.push(
                        match (c.on_time, c.overdue) {
                            (Some(true), _) => m.get("admin.logs.on_time"),
                            (Some(false), _) => m.get("admin.logs.late"),
                            (None, true) => m.get("admin.logs.overdue"),
                            (None, false) => "",
                        }
                        .to_owned(),
                    );
                }
                None => out.extend([String::new(), String::new(), String::new()]),
            }
        }
    }
    out
}
