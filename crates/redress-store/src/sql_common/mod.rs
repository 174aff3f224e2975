//! What the two SQL databases share and that does not depend on which one runs it: the mapping
//! of instants, dates and unique violations, case references, and checking an import; the rows
//! as read back ([`records`]); the case list's `WHERE` clause and cursor ([`list`]).
//!
//! The statements themselves live in `store_impl.rs` (and its children `writes.rs` and
//! `admin.rs`) beside this file. That file is not a child of this module: `sqlite.rs` and
//! `postgres.rs` each compile it as their own `store_impl` module, so the same source is
//! type-checked against each driver with concrete types, without a generic layer over sqlx. Both databases accept `$1`-style placeholders, which is what lets
//! one statement text serve both.

mod list;
mod mail_rows;
pub(crate) mod nul;
mod records;

pub(crate) use list::{Bind, GrantCondition, ListQuery, Reach, TextSearch, bind, viewer_condition};
pub(crate) use mail_rows::{MAIL_COLUMNS, MailRecord};
pub(crate) use records::{
    CASE_COLUMNS, CaseRecord, DeadlineRecord, ENTRY_COLUMNS, EventRecord, ExportRecord,
    OutboxEntryRecord, OutboxRecord, ProcedureRecord, RoleRecord, UserRecord,
};

use jiff::Timestamp;
use jiff::civil::Date;
use redress_core::ids::OrgId;

use crate::{ExportedEvent, StoreError, StoreResult};

/// Whether the cases whose read models are written may have rows already: `Replace` deletes a
/// case's old rows first (an append, an erasure, a rebuild); `New` writes into nothing, which is
/// only for cases whose first event is in the same transaction (a new case, an import), and
/// saves a statement a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rows {
    New,
    Replace,
}

/// How many rows one multi-row `INSERT` of `columns` columns carries: well under both
/// databases' limits on bound parameters (SQLite 32,766, PostgreSQL 65,535), and at most 500,
/// so a statement stays a few hundred kilobytes.
pub(crate) fn rows_per_statement(columns: usize) -> usize {
    (16_000 / columns.max(1)).clamp(1, 500)
}

/// Microseconds in a day: `open_due` counts deadlines by UTC day, `next_due_at_us / DAY_US`.
pub(crate) const DAY_US: i64 = 86_400_000_000;

/// A [`StoreError::Other`] with a message.
pub(crate) fn other(message: impl Into<String>) -> StoreError {
    StoreError::Other(message.into().into())
}

/// Whether a driver error is a unique or primary-key violation.
pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(database_error) if database_error.is_unique_violation())
}

/// An instant as stored: microseconds since the Unix epoch.
pub(crate) fn micros(instant: Timestamp) -> i64 {
    instant.as_microsecond()
}

/// An instant read back.
pub(crate) fn instant(micros: i64) -> StoreResult<Timestamp> {
    Timestamp::from_microsecond(micros)
        .map_err(|error| other(format!("stored instant {micros} is out of range: {error}")))
}

pub(crate) fn optional_instant(micros: Option<i64>) -> StoreResult<Option<Timestamp>> {
    micros.map(instant).transpose()
}

pub(crate) fn org_id(text: &str) -> StoreResult<OrgId> {
    OrgId::parse(text).map_err(|error| other(format!("stored organisation id: {error}")))
}

pub(crate) fn date(text: &str) -> StoreResult<Date> {
    text.parse()
        .map_err(|error| other(format!("stored date `{text}`: {error}")))
}

/// A count or position as stored (both databases have signed 64-bit integers only).
pub(crate) fn stored_count(count: u64) -> StoreResult<i64> {
    i64::try_from(count).map_err(|_| other(format!("{count} is too large to store")))
}

/// Splits a reference of the form `PREFIX-YEAR-NUMBER` into its year and number, so an import
/// can move the organisation's counter past the cases it brings.
pub(crate) fn reference_number(reference: &str) -> Option<(i64, i64)> {
    let mut parts = reference.rsplitn(3, '-');
    let number = parts.next()?.parse().ok()?;
    let year = parts.next()?.parse().ok()?;
    parts.next().filter(|prefix| !prefix.is_empty())?;
    Some((year, number))
}

/// Formats a reference: `LPP-2026-0001`.
pub(crate) fn format_reference(prefix: &str, year: i16, number: i64) -> String {
    format!("{prefix}-{year}-{number:04}")
}

/// Splits exported events into cases, checking each is one organisation's complete stream.
pub(crate) fn group_into_cases(events: Vec<ExportedEvent>) -> StoreResult<Vec<Vec<ExportedEvent>>> {
    let mut cases: Vec<Vec<ExportedEvent>> = Vec::new();
    for event in events {
        match cases.last_mut() {
            Some(case) if case[0].reference == event.reference => case.push(event),
            _ => cases.push(vec![event]),
        }
    }
    let mut seen = std::collections::HashSet::new();
    for case in &cases {
        let first = &case[0];
        if !seen.insert(first.reference.as_str()) {
            return Err(other(format!(
                "import: the events of case {} are not together",
                first.reference
            )));
        }
        for (index, event) in case.iter().enumerate() {
            if event.seq != index as u64 + 1 {
                return Err(other(format!(
                    "import: case {} has event {} where event {} belongs",
                    first.reference,
                    event.seq,
                    index + 1
                )));
            }
            if event.org != first.org {
                return Err(other(format!(
                    "import: case {} belongs to two organisations",
                    first.reference
                )));
            }
        }
    }
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_split_into_year_and_number() {
        assert_eq!(reference_number("LPP-2026-0042"), Some((2026, 42)));
        assert_eq!(reference_number("A-B-2026-7"), Some((2026, 7)));
        assert_eq!(reference_number("2026-0042"), None);
        assert_eq!(reference_number("LPP-x-1"), None);
        assert_eq!(format_reference("LPP", 2026, 7), "LPP-2026-0007");
        assert_eq!(format_reference("LPP", 2026, 12345), "LPP-2026-12345");
    }
}
