//! What the two SQL databases share and that does not depend on which one runs it: the rows as
//! read back and their conversion into model types, the case list's cursor and its `WHERE`
//! clause, and the mapping of instants, dates and unique violations.
//!
//! The statements themselves live in `store_impl.rs` beside this file. That file is not a child
//! of this module: `sqlite.rs` and `postgres.rs` each compile it as their own `store_impl`
//! module, so the same source is type-checked against each driver with concrete types, without
//! a generic layer over sqlx. Both databases accept `$1`-style placeholders, which is what lets
//! one statement text serve both.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_core::ids::OrgId;

use crate::{
    CaseFilter, CaseSummary, DeadlineRow, OutboxMessage, ProcedureVersion, StoreError, StoreResult,
};

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

fn optional_instant(micros: Option<i64>) -> StoreResult<Option<Timestamp>> {
    micros.map(instant).transpose()
}

fn org_id(text: &str) -> StoreResult<OrgId> {
    OrgId::parse(text).map_err(|error| other(format!("stored organisation id: {error}")))
}

fn date(text: &str) -> StoreResult<Date> {
    text.parse()
        .map_err(|error| other(format!("stored date `{text}`: {error}")))
}

/// A count or position as stored (both databases have signed 64-bit integers only).
pub(crate) fn stored_count(count: u64) -> StoreResult<i64> {
    i64::try_from(count).map_err(|_| other(format!("{count} is too large to store")))
}

/// An event row, as `load` reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct EventRecord {
    pub org: String,
    pub data: String,
}

impl EventRecord {
    pub(crate) fn org(&self) -> StoreResult<OrgId> {
        org_id(&self.org)
    }

    pub(crate) fn event(&self) -> StoreResult<redress_core::case::Event> {
        Ok(serde_json::from_str(&self.data)?)
    }
}

/// An event row with what export adds to it.
#[derive(sqlx::FromRow)]
pub(crate) struct ExportRecord {
    pub reference: String,
    pub org: String,
    pub seq: i64,
    pub recorded_at_us: i64,
    pub actor: Option<String>,
    pub data: String,
    pub tracking_hash: Option<Vec<u8>>,
}

impl ExportRecord {
    pub(crate) fn into_exported(self) -> StoreResult<crate::ExportedEvent> {
        Ok(crate::ExportedEvent {
            org: org_id(&self.org)?,
            seq: u64::try_from(self.seq)
                .map_err(|_| other(format!("stored seq {} of {}", self.seq, self.reference)))?,
            recorded_at: instant(self.recorded_at_us)?,
            actor: self.actor,
            tracking_hash: self.tracking_hash.map(hex::encode),
            event: serde_json::from_str(&self.data)?,
            reference: self.reference,
        })
    }
}

/// The columns of `cases` that make a [`CaseSummary`], in the order `CASE_COLUMNS` names them.
#[derive(sqlx::FromRow)]
pub(crate) struct CaseRecord {
    pub reference: String,
    pub org: String,
    pub kind: String,
    pub status: String,
    pub stage: Option<String>,
    pub handler: Option<String>,
    pub received_at_us: i64,
    pub closed_at_us: Option<i64>,
    pub next_due_at_us: Option<i64>,
    pub next_due_what: Option<String>,
    pub title: String,
    pub version: i64,
    pub procedure_version: String,
}

/// The `cases` columns [`CaseRecord`] reads, qualified by the alias `c`.
pub(crate) const CASE_COLUMNS: &str = "c.reference, c.org, c.kind, c.status, c.stage, c.handler, c.received_at_us, \
     c.closed_at_us, c.next_due_at_us, c.next_due_what, c.title, c.version, c.procedure_version";

impl CaseRecord {
    pub(crate) fn into_summary(self) -> StoreResult<CaseSummary> {
        Ok(CaseSummary {
            org: org_id(&self.org)?,
            kind: self.kind,
            status: self.status,
            stage: self.stage,
            handler: self.handler,
            received_at: instant(self.received_at_us)?,
            closed_at: optional_instant(self.closed_at_us)?,
            next_due_at: optional_instant(self.next_due_at_us)?,
            next_due_what: self.next_due_what,
            title: self.title,
            version: u64::try_from(self.version)
                .map_err(|_| other(format!("stored version of {}", self.reference)))?,
            procedure_version: self.procedure_version,
            reference: self.reference,
        })
    }
}

/// A `case_deadlines` row.
#[derive(sqlx::FromRow)]
pub(crate) struct DeadlineRecord {
    pub clock: String,
    pub stage: Option<String>,
    pub what: String,
    pub due_at_us: i64,
    pub due_date: String,
    pub paused: bool,
}

impl DeadlineRecord {
    pub(crate) fn into_row(self) -> StoreResult<DeadlineRow> {
        Ok(DeadlineRow {
            due_at: instant(self.due_at_us)?,
            due_date: date(&self.due_date)?,
            clock: self.clock,
            stage: self.stage,
            what: self.what,
            paused: self.paused,
        })
    }
}

/// An `outbox` row.
#[derive(sqlx::FromRow)]
pub(crate) struct OutboxRecord {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub recipient: Option<String>,
    pub payload: String,
    pub created_at_us: i64,
}

impl OutboxRecord {
    pub(crate) fn into_message(self) -> StoreResult<OutboxMessage> {
        Ok(OutboxMessage {
            payload: serde_json::from_str(&self.payload)?,
            created_at: instant(self.created_at_us)?,
            id: self.id,
            reference: self.reference,
            kind: self.kind,
            recipient: self.recipient,
        })
    }
}

/// A `procedures` row.
#[derive(sqlx::FromRow)]
pub(crate) struct ProcedureRecord {
    pub org: String,
    pub version: String,
    pub effective_from: String,
    pub text: String,
}

impl ProcedureRecord {
    pub(crate) fn into_version(self) -> StoreResult<ProcedureVersion> {
        Ok(ProcedureVersion {
            org: org_id(&self.org)?,
            effective_from: date(&self.effective_from)?,
            version: self.version,
            text: self.text,
        })
    }
}

/// A `users` row.
#[derive(sqlx::FromRow)]
pub(crate) struct UserRecord {
    pub username: String,
    pub display_name: String,
    pub password_hash: Option<String>,
}

/// A `memberships` row, for a user's roles.
#[derive(sqlx::FromRow)]
pub(crate) struct RoleRecord {
    pub org: String,
    pub role: String,
}

impl RoleRecord {
    pub(crate) fn into_role(self) -> StoreResult<(OrgId, crate::Role)> {
        let role = crate::Role::parse(&self.role)
            .ok_or_else(|| other(format!("stored role `{}`", self.role)))?;
        Ok((org_id(&self.org)?, role))
    }
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

/// Where a page of the case list starts: after this (received_at, reference), in list order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub received_at_us: i64,
    pub reference: String,
}

impl Cursor {
    /// The opaque text handed to the caller. Hex so it survives URLs and forms unescaped.
    pub(crate) fn encode(&self) -> String {
        hex::encode(format!("{}/{}", self.received_at_us, self.reference))
    }

    /// Reads a cursor back. A cursor that did not come from [`Cursor::encode`] names no page:
    /// `NotFound`, which the web layer turns into a client error rather than a server fault.
    pub(crate) fn decode(text: &str) -> StoreResult<Cursor> {
        let bytes = hex::decode(text).map_err(|_| StoreError::NotFound)?;
        let text = String::from_utf8(bytes).map_err(|_| StoreError::NotFound)?;
        let (micros, reference) = text.split_once('/').ok_or(StoreError::NotFound)?;
        Ok(Cursor {
            received_at_us: micros.parse().map_err(|_| StoreError::NotFound)?,
            reference: reference.to_owned(),
        })
    }
}

/// The page size a filter asks for: 0 means the default of 50, and no page exceeds 200.
pub(crate) fn page_size(requested: u32) -> usize {
    match requested {
        0 => 50,
        size => size.min(200) as usize,
    }
}

/// A value to bind to a placeholder of a built statement.
pub(crate) enum Bind {
    Text(String),
    Int(i64),
}

/// How a database matches the user's search words: the condition on the case aliased `c`, with
/// `{}` where the placeholder goes, and the value bound to it, made from the user's text.
pub(crate) struct TextSearch {
    pub condition: &'static str,
    /// The bound value for the user's text; `None` when the text holds no searchable word.
    pub parameter: fn(&str) -> Option<String>,
}

/// The case list's statement, built from a filter.
pub(crate) struct ListQuery {
    pub sql: String,
    pub binds: Vec<Bind>,
    pub page_size: usize,
}

impl ListQuery {
    /// The statement for `filter`, or `None` when nothing can match (no organisation allowed,
    /// or search text with no word in it). Filter values are always bound, never spliced in.
    pub(crate) fn build(
        filter: &CaseFilter,
        search: &TextSearch,
    ) -> StoreResult<Option<ListQuery>> {
        if filter.orgs.is_empty() {
            return Ok(None);
        }
        let mut query = ListQuery {
            sql: format!("SELECT {CASE_COLUMNS} FROM cases c WHERE "),
            binds: Vec::new(),
            page_size: page_size(filter.limit),
        };
        let orgs: Vec<String> = filter
            .orgs
            .iter()
            .map(|org| query.bind(Bind::Text(org.to_string())))
            .collect();
        query
            .sql
            .push_str(&format!("c.org IN ({})", orgs.join(", ")));
        let equal_to = [
            ("c.org", filter.org.as_ref().map(OrgId::to_string)),
            ("c.kind", filter.kind.clone()),
            ("c.status", filter.status.clone()),
            ("c.stage", filter.stage.clone()),
            ("c.handler", filter.handler.clone()),
        ];
        for (column, value) in equal_to {
            if let Some(value) = value {
                let placeholder = query.bind(Bind::Text(value));
                query
                    .sql
                    .push_str(&format!(" AND {column} = {placeholder}"));
            }
        }
        let deadline_bounds = [("<", filter.due_before), ("<=", filter.overdue_at)];
        for (comparison, bound) in deadline_bounds {
            if let Some(bound) = bound {
                let placeholder = query.bind(Bind::Int(micros(bound)));
                query.sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM case_deadlines d WHERE d.reference = c.reference \
                     AND d.paused = FALSE AND d.due_at_us {comparison} {placeholder})"
                ));
            }
        }
        if let Some(text) = filter
            .text
            .as_deref()
            .filter(|text| !text.trim().is_empty())
        {
            let Some(parameter) = (search.parameter)(text) else {
                return Ok(None);
            };
            let placeholder = query.bind(Bind::Text(parameter));
            query.sql.push_str(" AND ");
            query
                .sql
                .push_str(&search.condition.replace("{}", &placeholder));
        }
        if let Some(after) = filter.after.as_deref() {
            let cursor = Cursor::decode(after)?;
            let micros = query.bind(Bind::Int(cursor.received_at_us));
            let reference = query.bind(Bind::Text(cursor.reference));
            query.sql.push_str(&format!(
                " AND (c.received_at_us < {micros} OR (c.received_at_us = {micros} AND c.reference < {reference}))"
            ));
        }
        // One row more than the page shows, to know whether there is a next page.
        let limit = query.bind(Bind::Int(query.page_size as i64 + 1));
        query.sql.push_str(&format!(
            " ORDER BY c.received_at_us DESC, c.reference DESC LIMIT {limit}"
        ));
        Ok(Some(query))
    }

    fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// Turns the fetched rows into a page, with a cursor when a row beyond the page came back.
    pub(crate) fn page(&self, mut rows: Vec<CaseRecord>) -> StoreResult<crate::Page> {
        let next = if rows.len() > self.page_size {
            rows.truncate(self.page_size);
            rows.last().map(|last| {
                Cursor {
                    received_at_us: last.received_at_us,
                    reference: last.reference.clone(),
                }
                .encode()
            })
        } else {
            None
        };
        let cases = rows
            .into_iter()
            .map(CaseRecord::into_summary)
            .collect::<StoreResult<_>>()?;
        Ok(crate::Page { cases, next })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_anything_else() {
        let cursor = Cursor {
            received_at_us: -12,
            reference: "LPP-2026-0001".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        for bad in ["", "zz", "2f", &hex::encode("x/LPP")] {
            assert!(
                matches!(Cursor::decode(bad), Err(StoreError::NotFound)),
                "{bad}"
            );
        }
    }

    #[test]
    fn references_split_into_year_and_number() {
        assert_eq!(reference_number("LPP-2026-0042"), Some((2026, 42)));
        assert_eq!(reference_number("A-B-2026-7"), Some((2026, 7)));
        assert_eq!(reference_number("2026-0042"), None);
        assert_eq!(reference_number("LPP-x-1"), None);
        assert_eq!(format_reference("LPP", 2026, 7), "LPP-2026-0007");
        assert_eq!(format_reference("LPP", 2026, 12345), "LPP-2026-12345");
    }

    #[test]
    fn page_sizes_default_and_clamp() {
        assert_eq!(page_size(0), 50);
        assert_eq!(page_size(1), 1);
        assert_eq!(page_size(200), 200);
        assert_eq!(page_size(5000), 200);
    }
}
