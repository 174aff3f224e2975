//! `redress procedure replay --org ORG --with NEW.toml [--format text|json]`: a dry run of a
//! change to a procedure. The counts of `App::replay` first, then a line (or JSON object) per
//! case whose deadlines move, appear, go or turn late or on time.
//!
//! The input is checked before the database is opened, and bad input exits with 2. The lines
//! are written to an unnamed temporary file as cases stream past and copied out after the
//! counts, so the counts can come first without holding a million cases' lines in memory.

use std::io::{BufWriter, Seek, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use jiff::Timestamp;
use redress_app::AppError;
use redress_app::replay::{ReplaySummary, Replayed, check_proposal};
use redress_core::calendar::{Due, end_of_day, london_date};
use redress_core::case::Clock;
use redress_core::case::replay::{Change, Kind, Turn};
use redress_core::ids::OrgId;
use redress_core::procedure::Procedure;
use serde::Serialize;

use super::config::Config;
use super::server::{configured_procedures, open_app};

/// The arguments of `redress procedure replay`.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The organisation whose cases are replayed.
    #[arg(long)]
    pub org: String,
    /// The proposed procedure file (TOML), for the same organisation.
    #[arg(long = "with", value_name = "NEW.toml")]
    pub with: PathBuf,
    /// text (the counts, then a line per deadline affected) or json.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReplayFormat,
}

/// What `redress procedure replay` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReplayFormat {
    /// For people.
    Text,
    /// One JSON object: the counts (`summary`), then `cases`, each with its affected
    /// `changes` or why it was `skipped`.
    Json,
}

/// Bad input: the message is printed and the command exits with 2, having changed nothing.
const BAD_INPUT: u8 = 2;

/// Runs `redress procedure replay`.
pub async fn run(config: &Config, args: ReplayArgs) -> anyhow::Result<ExitCode> {
    let (org, proposal) = match checked(config, &args) {
        Ok(checked) => checked,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    let app = open_app(config).await?;
    let now = app.now();
    let mut sink = Sink::new(args.format)?;
    let summary = app
        .replay(&org, &proposal, |reference, replayed| {
            sink.case(reference, replayed)
        })
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))?;
    let [mut turned, mut moved, mut skipped] = sink.files()?;
    let mut out = std::io::stdout().lock();
    match args.format {
        ReplayFormat::Text => {
            write_summary(&mut out, &org, &proposal, &args.with, now, &summary)?;
            let t = &summary.totals;
            if t.newly_missed + t.newly_met > 0 {
                writeln!(
                    out,
                    "\nWould turn late or on time ({}):",
                    t.newly_missed + t.newly_met
                )?;
                std::io::copy(&mut turned, &mut out)?;
            }
            // Every change that moved may also have turned: the section only when it has lines.
            if moved.metadata()?.len() > 0 {
                writeln!(out, "\nMove, appear or go, lateness unchanged:")?;
                std::io::copy(&mut moved, &mut out)?;
            }
            if summary.skipped > 0 {
                writeln!(out, "\nNot replayed ({}):", summary.skipped)?;
                std::io::copy(&mut skipped, &mut out)?;
            }
        }
        ReplayFormat::Json => {
            let head = serde_json::json!({
                "org": org,
                "procedure": proposal.procedure.id,
                "proposal_version": proposal.procedure.version,
                "as_of": now,
                "summary": summary,
            });
            // The object's closing brace is dropped so `cases` follows from the file.
            let head = serde_json::to_string(&head)?;
            write!(out, "{},\"cases\":[", &head[..head.len() - 1])?;
            std::io::copy(&mut turned, &mut out)?;
            writeln!(out, "]}}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The organisation and the proposal, or what is wrong with them, as a person reads it.
fn checked(config: &Config, args: &ReplayArgs) -> Result<(OrgId, Procedure), String> {
    let org = OrgId::parse(args.org.trim()).map_err(|e| format!("--org: {e}"))?;
    let proposal = super::procedure::load(&args.with).map_err(|e| format!("--with: {e:#}"))?;
    let procedures = configured_procedures(config).map_err(|e| format!("{e:#}"))?;
    check_proposal(&procedures, &org, &proposal).map_err(|error| match error {
        AppError::Invalid { field, message } if field == "org" => format!("--org: {message}"),
        AppError::Invalid { field, message } => {
            // The file was read a moment ago; point at the field's line when it can be found.
            let text = std::fs::read_to_string(&args.with).unwrap_or_default();
            let place = match redress_core::procedure::field_position(&text, &field) {
                Some((line, column)) => format!("{}:{line}:{column}", args.with.display()),
                None => args.with.display().to_string(),
            };
            format!("--with: {place}: {field}: {message}")
        }
        other => other.to_string(),
    })?;
    Ok((org, proposal))
}

/// Where the lines go while cases stream past: unnamed temporary files, one per section of the
/// text (deadlines that turn, those that only move, cases not replayed); JSON uses the first.
struct Sink {
    format: ReplayFormat,
    files: [BufWriter<std::fs::File>; 3],
    first: bool,
}

impl Sink {
    fn new(format: ReplayFormat) -> anyhow::Result<Sink> {
        let file = || -> anyhow::Result<BufWriter<std::fs::File>> {
            Ok(BufWriter::new(
                tempfile::tempfile().context("cannot make a temporary file")?,
            ))
        };
        Ok(Sink {
            format,
            files: [file()?, file()?, file()?],
            first: true,
        })
    }

    /// One case's affected deadlines (nothing for a case with none), or why it was skipped.
    fn case(&mut self, reference: &str, replayed: Replayed<'_>) -> std::io::Result<()> {
        let [turned, moved, skipped] = &mut self.files;
        match (self.format, replayed) {
            (ReplayFormat::Text, Replayed::Case(replay)) => {
                for change in replay.affected() {
                    let out = if change.turn.is_some() {
                        &mut *turned
                    } else {
                        &mut *moved
                    };
                    writeln!(out, "{reference} {}", line(change))?;
                }
            }
            (ReplayFormat::Text, Replayed::Skipped(why)) => {
                writeln!(skipped, "{reference}: {why}")?;
            }
            (ReplayFormat::Json, replayed) => {
                let value = match replayed {
                    Replayed::Case(replay) => {
                        let changes: Vec<JsonChange> = replay
                            .affected()
                            .map(|change| JsonChange {
                                kind: change.kind(),
                                change,
                            })
                            .collect();
                        if changes.is_empty() {
                            return Ok(());
                        }
                        serde_json::json!({"reference": reference, "changes": changes})
                    }
                    Replayed::Skipped(why) => {
                        serde_json::json!({"reference": reference, "skipped": why})
                    }
                };
                if !std::mem::take(&mut self.first) {
                    turned.write_all(b",")?;
                }
                serde_json::to_writer(&mut *turned, &value)?;
            }
        }
        Ok(())
    }

    /// The files, flushed and rewound for reading.
    fn files(self) -> anyhow::Result<[std::fs::File; 3]> {
        let done = |writer: BufWriter<std::fs::File>| -> anyhow::Result<std::fs::File> {
            let mut file = writer.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            Ok(file)
        };
        let [turned, moved, skipped] = self.files;
        Ok([done(turned)?, done(moved)?, done(skipped)?])
    }
}

/// A change as JSON: its fields and its kind.
#[derive(Serialize)]
struct JsonChange<'a> {
    kind: Kind,
    #[serde(flatten)]
    change: &'a Change,
}

fn write_summary(
    out: &mut impl Write,
    org: &OrgId,
    proposal: &Procedure,
    file: &std::path::Path,
    now: Timestamp,
    summary: &ReplaySummary,
) -> std::io::Result<()> {
    let t = &summary.totals;
    writeln!(
        out,
        "Replayed {} case(s) of {org} (procedure {}) under {} (version {}), as of {}.",
        t.cases,
        proposal.procedure.id,
        file.display(),
        proposal.procedure.version,
        now.strftime("%Y-%m-%d %H:%M UTC")
    )?;
    writeln!(
        out,
        "Deadlines: {} unchanged, {} moved, {} new, {} gone.",
        t.unchanged, t.moved, t.new, t.gone
    )?;
    writeln!(
        out,
        "Newly missed: {} (on time or not yet due before, late under the proposal). Newly met: {} (late before, on time under the proposal).",
        t.newly_missed, t.newly_met
    )?;
    writeln!(
        out,
        "Cases affected: {}. Cases of other procedures, not replayed: {}. Cases that could not be replayed: {}.",
        t.cases_affected, summary.other_procedures, summary.skipped
    )
}

/// "Acknowledge (Stage One – Complaint): due 2026-09-02 → 2026-08-28 (-2 working days); done
/// 2026-09-01: was on time, would be late".
fn line(change: &Change) -> String {
    let dates = match (change.was, change.would_be) {
        (Some(was), Some(would_be)) if change.kind() == Kind::Moved => format!(
            "due {} → {} ({})",
            due(was),
            due(would_be),
            moved(change.moved_by.unwrap_or(0), was, would_be)
        ),
        (Some(was), Some(_)) => format!("due {} (unchanged)", due(was)),
        (None, Some(would_be)) => format!("new: due {}", due(would_be)),
        (Some(was), None) => format!("gone: was due {}", due(was)),
        (None, None) => String::new(),
    };
    let escalation = change.clock == Clock::EscalationWindow;
    let turn = change
        .turn
        .map(|turn| match (turn, escalation, change.done) {
            (Turn::WouldBeLate, false, Some(_)) => "was on time, would be late",
            (Turn::WouldBeOnTime, false, Some(_)) => "was late, would be on time",
            (Turn::WouldBeLate, true, _) => "was within the window, would be outside it",
            (Turn::WouldBeOnTime, true, _) => "was outside the window, would be within it",
            (Turn::WouldBeLate, false, None) => "was not yet due, would be overdue now",
            (Turn::WouldBeOnTime, false, None) => "is overdue now, would not yet be due",
        });
    let done = change.done.map(|at| {
        let verb = if escalation {
            "asked to escalate"
        } else {
            "done"
        };
        format!("{verb} {}", london_date(at))
    });
    let tail = match (done, turn) {
        (Some(done), Some(turn)) => format!("; {done}: {turn}"),
        (Some(done), None) => format!("; {done}"),
        (None, Some(turn)) => format!("; not done: {turn}"),
        (None, None) => String::new(),
    };
    format!("{}: {dates}{tail}", change.what)
}

/// A due date, with the time when it passes at an hour of its own ("24 hours").
fn due(due: Due) -> String {
    if due.at == end_of_day(due.date) {
        due.date.to_string()
    } else {
        let time = due
            .at
            .to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC));
        format!("{} {}", due.date, time.strftime("%H:%M"))
    }
}

/// "+5 working days"; for a move between non-working days or within a day, what moved instead.
fn moved(working_days: i64, was: Due, would_be: Due) -> String {
    let days = i64::from((would_be.date - was.date).get_days());
    match (working_days, days) {
        (1 | -1, _) => format!("{working_days:+} working day"),
        (0, 0) => "same day".to_owned(),
        (0, 1 | -1) => format!("{days:+} day, no working day between"),
        (0, _) => format!("{days:+} days, no working day between"),
        _ => format!("{working_days:+} working days"),
    }
}
