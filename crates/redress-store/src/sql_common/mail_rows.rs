//! The `inbound_mail` row as read back, and its columns: e-mail in, shared by both databases.

use crate::sql_common::{optional_instant, org_id};
use crate::{InboundMail, StoreResult};

/// The columns of `inbound_mail`, in the order [`MailRecord`] reads them.
pub(crate) const MAIL_COLUMNS: &str = "id, message_id, org, received_at_us, sender, subject, body, \
     route, reason, reference, status, resolved_by, resolved_at_us, attachments";

/// An `inbound_mail` row.
#[derive(sqlx::FromRow)]
pub(crate) struct MailRecord {
    pub id: String,
    pub message_id: String,
    pub org: String,
    pub received_at_us: i64,
    pub sender: Option<String>,
    pub subject: String,
    pub body: String,
    pub route: String,
    pub reason: Option<String>,
    pub reference: Option<String>,
    pub status: String,
    pub resolved_by: Option<String>,
    pub resolved_at_us: Option<i64>,
    pub attachments: String,
}

impl MailRecord {
    pub(crate) fn into_mail(self) -> StoreResult<InboundMail> {
        Ok(InboundMail {
            org: org_id(&self.org)?,
            received_at: crate::sql_common::instant(self.received_at_us)?,
            resolved_at: optional_instant(self.resolved_at_us)?,
            attachments: serde_json::from_str(&self.attachments)?,
            id: self.id,
            message_id: self.message_id,
            sender: self.sender,
            subject: self.subject,
            body: self.body,
            route: self.route,
            reason: self.reason,
            reference: self.reference,
            status: self.status,
            resolved_by: self.resolved_by,
        })
    }
}
