//! E-mail out: the outbox rows written with the events are sent over SMTP by a [`Worker`]
//! (inside `redress serve` by default; [`Worker::run_once`] for tests and scripts), and the
//! e-mails redress itself writes (`compose`): to the person, a confirmation with their
//! reference, what happens next and their tracking link; to staff, a new case and an
//! assignment.
//!
//! Every outbox row that is an e-mail has the payload [`Payload`]
//! (`{to, subject, text, reply_to, letter}`); the worker sends it as it is, with the letter's
//! PDF attached when there is one, and the Message-ID `<{outbox id}@{domain of mail_from}>`, so
//! a message sent again after a crash is recognisable as the same one.
//!
//! Delivery: claim → send → mark sent, each step its own transaction (see ARCHITECTURE.md,
//! "Sending e-mail", for what a crash between any two steps does). A failed attempt waits
//! [`retry_delay`] (exponential, by the app's clock); after [`MAX_ATTEMPTS`] attempts, or at once
//! when the mail server refuses the message for good, it is parked until an admin retries it.

mod compose;
mod message;
mod worker;

pub use message::{Payload, TRACKING_LINK};
pub use worker::{RunReport, Worker};

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use lettre::message::Mailbox;
use redress_core::ids::OrgId;
use redress_store::{OutboxEntry, Role, Store};
use serde::Serialize;
use tokio::sync::Notify;

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};

/// Attempts before a message is parked.
pub const MAX_ATTEMPTS: u32 = 10;

/// How long a claimed message is left to its claimant before another may try it: longer than
/// any one send can take (the SMTP timeout is [`SMTP_TIMEOUT`] per command).
pub const LEASE: SignedDuration = SignedDuration::from_mins(10);

/// How long the worker waits for each answer from the mail server.
pub const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// How long to wait after the `attempts`th failed attempt: one minute, doubling each time, at
/// most four hours (so ten attempts span about eight hours).
pub fn retry_delay(attempts: u32) -> SignedDuration {
    let minutes = 1i64 << attempts.saturating_sub(1).min(10);
    SignedDuration::from_mins(minutes.min(240))
}

/// How redress sends e-mail, from the `smtp_url`, `mail_from` and `public_url` settings.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// The mail server: `smtp://host:port` (plain on a loopback address, STARTTLS required
    /// anywhere else), `smtp://user:pass@host:587`, `smtps://…` (TLS). `None`: nothing is sent
    /// and messages stay queued.
    pub smtp_url: Option<String>,
    /// Who e-mails are from (and so where replies go unless a message names a `reply_to`).
    pub mail_from: Option<Mailbox>,
    /// The base of links in e-mails, e.g. `https://complaints.example.org`, without a trailing
    /// slash.
    pub public_url: String,
}

impl Default for MailSettings {
    fn default() -> MailSettings {
        MailSettings {
            smtp_url: None,
            mail_from: None,
            public_url: "http://127.0.0.1:8080".to_owned(),
        }
    }
}

impl MailSettings {
    /// Checks the settings: each problem is `Invalid` naming its setting. `mail_from` is
    /// needed when `smtp_url` is given; `public_url` must be an `http` or `https` address.
    pub fn new(
        smtp_url: Option<&str>,
        mail_from: Option<&str>,
        public_url: &str,
    ) -> AppResult<MailSettings> {
        let smtp_url = smtp_url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(url) = smtp_url {
            worker::builder(url)?;
        }
        let mail_from = mail_from
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(|text| {
                text.parse::<Mailbox>().map_err(|error| {
                    AppError::invalid(
                        "mail_from",
                        format!("`{text}` is not an e-mail address: {error}"),
                    )
                })
            })
            .transpose()?;
        if smtp_url.is_some() && mail_from.is_none() {
            return Err(AppError::invalid(
                "mail_from",
                "give the address e-mails are sent from (mail_from) when smtp_url is set",
            ));
        }
        let public_url = public_url.trim().trim_end_matches('/');
        if !(public_url.starts_with("http://") || public_url.starts_with("https://"))
            || public_url.contains(char::is_whitespace)
        {
            return Err(AppError::invalid(
                "public_url",
                format!("`{public_url}` is not an http:// or https:// address"),
            ));
        }
        Ok(MailSettings {
            smtp_url: smtp_url.map(str::to_owned),
            mail_from,
            public_url: public_url.to_owned(),
        })
    }

    /// Whether a mail server is configured.
    pub fn configured(&self) -> bool {
        self.smtp_url.is_some()
    }

    /// The domain of `mail_from`, which Message-IDs end in.
    pub fn domain(&self) -> Option<&str> {
        self.mail_from.as_ref().map(|m| m.email.domain())
    }
}

/// The settings and the worker's wake-up call, shared by every clone of the app.
#[derive(Debug, Default)]
pub(crate) struct Mail {
    pub(crate) settings: MailSettings,
    /// Notified when a commit queues messages, so the worker sends them without waiting.
    pub(crate) queued: Notify,
}

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
        self.visible(actor, reference).await?;
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

    /// The parked messages of the organisations the actor is admin of, oldest first.
    pub async fn parked_mail(&self, actor: &Actor) -> AppResult<Vec<MailLine>> {
        let configured = self.mail.settings.configured();
        Ok(self
            .store
            .parked_outbox()
            .await?
            .into_iter()
            .filter(|entry| {
                entry
                    .org
                    .as_ref()
                    .is_some_and(|org| actor.role(org) == Some(Role::Admin))
            })
            .map(|entry| MailLine::from_entry(entry, configured))
            .collect())
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
        if actor.role(org) != Some(Role::Admin) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_four_hours() {
        let minutes: Vec<i64> = (1..=MAX_ATTEMPTS)
            .map(|n| retry_delay(n).as_mins())
            .collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 64, 128, 240, 240]);
        assert_eq!(retry_delay(0).as_mins(), 1);
        assert_eq!(retry_delay(u32::MAX).as_mins(), 240);
    }

    #[test]
    fn settings_name_the_setting_at_fault() {
        let field = |result: AppResult<MailSettings>| match result {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected Invalid, got {other:?}"),
        };
        assert_eq!(
            field(MailSettings::new(
                Some("smtp://127.0.0.1:2525"),
                None,
                "http://x"
            )),
            "mail_from"
        );
        assert_eq!(
            field(MailSettings::new(None, Some("not an address"), "http://x")),
            "mail_from"
        );
        assert_eq!(
            field(MailSettings::new(
                Some("ftp://mail"),
                Some("a@b.example"),
                "http://x"
            )),
            "smtp_url"
        );
        assert_eq!(
            field(MailSettings::new(None, None, "complaints.example.org")),
            "public_url"
        );
        let settings = MailSettings::new(
            Some("smtp://127.0.0.1:2525"),
            Some("Complaints <complaints@mail.example.org>"),
            "https://complaints.example.org/",
        )
        .expect("valid");
        assert_eq!(settings.domain(), Some("mail.example.org"));
        assert_eq!(settings.public_url, "https://complaints.example.org");
        assert!(settings.configured());
    }
}
