//! Where each outbox message's delivery stands, as staff see it, and the use cases behind the
//! case page's e-mail list, the parked-mail page and its retry button.

use std::sync::Arc;

use jiff::Timestamp;
use redress_core::ids::OrgId;
use redress_store::{OutboxEntry, Store};
use serde::Serialize;
use tokio::sync::Notify;

use super::{Mail, MailSettings, Payload};
use crate::App;
use crate::audit::Seen;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};

/// Where one message's delivery stands, as staff are told it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Delivery {
    /// The mail server accepted it.
    Sent {
        /// When.
        at: Timestamp,
    },
    /// Waiting to be sent, or to be tried again.
    Queued {
        /// Attempts so far.
        attempts: u32,
        /// When it is next tried.
        next_attempt_at: Option<Timestamp>,
        /// What went wrong last time.
        last_error: Option<String>,
    },
    /// Set aside after failing; an admin can retry it.
    Parked {
        /// When.
        at: Timestamp,
        /// Why.
        error: Option<String>,
    },
    /// Not sent: no mail server is configured.
    NoMailServer,
}

/// One outbox message as staff see it: never its secret, nor its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MailLine {
    /// The outbox id (the Message-ID's left part).
    pub id: String,
    /// The case.
    pub reference: String,
    /// The case's organisation.
    pub org: Option<OrgId>,
    /// What it is: a letter kind, `confirmation`, `new-case`, `assignment`…
    pub kind: String,
    /// Its address.
    pub to: Option<String>,
    /// Its subject, when it is an e-mail.
    pub subject: Option<String>,
    /// When it was queued.
    pub created_at: Timestamp,
    /// Where its delivery stands.
    pub delivery: Delivery,
    /// The letter it e-mails (the letter's id in the case), if it is a letter.
    pub letter: Option<u64>,
}

impl MailLine {
    fn from_entry(entry: OutboxEntry, configured: bool) -> MailLine {
        let payload = Payload::read(&entry.message.payload).ok();
        let delivery = match (entry.sent_at, entry.parked_at) {
            (Some(at), _) => Delivery::Sent { at },
            (None, _) if !configured => Delivery::NoMailServer,
            (None, Some(at)) => Delivery::Parked {
                at,
                error: entry.last_error,
            },
            (None, None) => Delivery::Queued {
                attempts: entry.attempts,
                next_attempt_at: entry.next_attempt_at,
                last_error: entry.last_error,
            },
        };
        MailLine {
            to: payload
                .as_ref()
                .map(|p| p.to.clone())
                .or(entry.message.recipient),
            subject: payload.map(|p| p.subject),
            letter: crate::letters::letter_of(&entry.message.reference, &entry.message.id),
            id: entry.message.id,
            reference: entry.message.reference,
            org: entry.org,
            kind: entry.message.kind,
            created_at: entry.message.created_at,
            delivery,
        }
    }
}

impl<S: Store> App<S> {
    /// The app sending e-mail as `settings` say.
    pub fn with_mail(mut self, settings: MailSettings) -> App<S> {
        self.mail = Arc::new(Mail {
            settings,
            queued: Notify::new(),
        });
        self
    }

    /// How this app sends e-mail.
    pub fn mail_settings(&self) -> &MailSettings {
        &self.mail.settings
    }

    /// A case's messages and their delivery, oldest first, for staff who may see the case.
    pub async fn case_mail(&self, actor: &Actor, reference: &str) -> AppResult<Vec<MailLine>> {
        self.visible(actor, reference, crate::audit::Seen::PartOfPage)
            .await?;
        let configured = self.mail.settings.configured();
        Ok(self
            .store
            .case_outbox(reference)
            .await?
            .into_iter()
            .map(|entry| MailLine::from_entry(entry, configured))
            .collect())
    }

    /// The confirmation e-mailed to the person behind a tracking token, if one was queued:
    /// the confirmation page says whether the link was e-mailed. `NotFound` for an unknown
    /// token.
    pub async fn tracking_confirmation(&self, token: &str) -> AppResult<Option<MailLine>> {
        let (reference, _, _) = self.tracked(token).await?;
        let configured = self.mail.settings.configured();
        Ok(self
            .store
            .case_outbox(&reference)
            .await?
            .into_iter()
            .find(|entry| entry.message.kind == "confirmation")
            .map(|entry| MailLine::from_entry(entry, configured)))
    }

    /// The parked messages of the organisations the actor is admin of, oldest first, leaving
    /// out those of cases the actor may not see (a case about them).
    pub async fn parked_mail(&self, actor: &Actor) -> AppResult<Vec<MailLine>> {
        let configured = self.mail.settings.configured();
        let mut lines = Vec::new();
        for entry in self.store.parked_outbox().await? {
            let admin = entry.org.as_ref().is_some_and(|org| actor.administers(org));
            if admin
                && self
                    .visible(actor, &entry.message.reference, Seen::PartOfPage)
                    .await
                    .is_ok()
            {
                lines.push(MailLine::from_entry(entry, configured));
            }
        }
        Ok(lines)
    }

    /// Puts a parked message back in the queue, due now, for an admin of its case's
    /// organisation. `NotFound` for a message the actor may not see or that is not parked;
    /// `Forbidden` for a member who is not an admin there.
    pub async fn retry_mail(&self, actor: &Actor, id: &str) -> AppResult<()> {
        let entry = self
            .store
            .outbox_entry(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let org = entry.org.as_ref().ok_or(AppError::NotFound)?;
        if !actor.can_see(org) {
            return Err(AppError::NotFound);
        }
        self.visible(actor, &entry.message.reference, Seen::ToChange)
            .await?;
        if !actor.administers(org) {
            return Err(AppError::Forbidden(
                "only an admin of the case's organisation can retry its e-mail".to_owned(),
            ));
        }
        if entry.sent_at.is_some() || entry.parked_at.is_none() {
            return Err(AppError::invalid(
                "id",
                "this message is not parked: it is sent or still queued",
            ));
        }
        self.store.retry_outbox(id, self.clock.now()).await?;
        self.mail.queued.notify_one();
        tracing::info!(id, reference = %entry.message.reference, "parked e-mail retried");
        Ok(())
    }
}
