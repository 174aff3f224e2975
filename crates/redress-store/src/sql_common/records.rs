//! The rows the stores read back, and their conversion into model types. `FromRow` is derived
//! generically, so one record serves both databases.

use redress_core::ids::OrgId;

use super::{date, instant, optional_instant, org_id, other};
use crate::{CaseSummary, DeadlineRow, OutboxEntry, OutboxMessage, ProcedureVersion, StoreResult};

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
            secret: None,
        })
    }
}

/// The columns of an outbox row with its delivery state and its case's organisation, read
/// from `outbox o LEFT JOIN cases c ON c.reference = o.reference`.
pub(crate) const ENTRY_COLUMNS: &str = "o.id, o.reference, o.kind, o.recipient, o.payload, \
     o.created_at_us, o.attempts, o.next_attempt_at_us, o.last_error, o.parked_at_us, \
     o.sent_at_us, c.org";

/// An `outbox` row with its delivery state, as [`ENTRY_COLUMNS`] reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct OutboxEntryRecord {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub recipient: Option<String>,
    pub payload: String,
    pub created_at_us: i64,
    pub attempts: i64,
    pub next_attempt_at_us: Option<i64>,
    pub last_error: Option<String>,
    pub parked_at_us: Option<i64>,
    pub sent_at_us: Option<i64>,
    pub org: Option<String>,
}

impl OutboxEntryRecord {
    pub(crate) fn into_entry(self) -> StoreResult<OutboxEntry> {
        Ok(OutboxEntry {
            org: self.org.as_deref().map(org_id).transpose()?,
            attempts: u32::try_from(self.attempts)
                .map_err(|_| other(format!("stored attempts of outbox message {}", self.id)))?,
            next_attempt_at: optional_instant(self.next_attempt_at_us)?,
            last_error: self.last_error,
            parked_at: optional_instant(self.parked_at_us)?,
            sent_at: optional_instant(self.sent_at_us)?,
            message: OutboxRecord {
                id: self.id,
                reference: self.reference,
                kind: self.kind,
                recipient: self.recipient,
                payload: self.payload,
                created_at_us: self.created_at_us,
            }
            .into_message()?,
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
    pub must_change_password: bool,
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
