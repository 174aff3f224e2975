//! Tracking links for everyone: staff issue a new link for a case recorded by phone, letter or
//! visit (e-mailed to the address on the case, or shown once to write into a letter), and a
//! person who lost theirs asks for a new one with the reference and their e-mail address.
//!
//! Tokens are stored only as hashes, so a link cannot be sent again: a new one is issued and
//! the old one stops working. The history records that a link was issued, never the link.
//! The e-mailed link waits in its outbox row's `secret` (the text has the placeholder the
//! worker fills in at send time) and is erased when the message is sent.

use jiff::{SignedDuration, Timestamp};
use redress_core::case::input::{Email, limits, required};
use redress_core::case::{Case, Command, Event, Fact, IssueTrackingLink, LinkDelivery};
use redress_store::{OutboxMessage, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::App;
use crate::auth::{Actor, new_token};
use crate::error::{AppError, AppResult};
use crate::procedures::Loaded;

/// How many times a new link may be asked for, per e-mail address and per case, in
/// [`REQUEST_WINDOW`]. Three covers a typo and a retry; more is someone trying addresses.
pub const REQUESTS_PER_WINDOW: u64 = 3;

/// The window the request limit counts in, by the app's clock.
pub const REQUEST_WINDOW: SignedDuration = SignedDuration::from_hours(24);

/// A new tracking token on its way into the store: its hash replaces the case's, and the link
/// goes into the e-mail queued with it (when it goes by e-mail).
pub(crate) struct Reissue {
    /// SHA-256 of the token.
    pub hash: [u8; 32],
    /// The whole link, `{public_url}/track/{token}`.
    pub link: String,
}

/// What the public page says after a request for a new link. It never says whether the
/// reference and address matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkRequest {
    /// "If they match a case, a new link is on its way."
    Received,
    /// Too many requests for this address or this reference: try again tomorrow.
    TooMany,
}

/// The e-mail that carries a new tracking link, as the template sees it.
#[derive(Serialize)]
struct LinkEmail<'a> {
    organisation: &'a str,
    reference: &'a str,
    tracking_link: &'a str,
    requested: bool,
    contact: ContactLines,
}

/// The organisation's contact details for an e-mail or page: only what the procedure gives.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ContactLines {
    /// The organisation's mailbox.
    pub email: Option<String>,
    /// Its telephone number.
    pub phone: Option<String>,
    /// Its postal address, one line each.
    pub address: Vec<String>,
    /// Its web site.
    pub web: Option<String>,
}

impl ContactLines {
    /// The organisation's contact details from its procedure file.
    pub fn of(contact: &redress_core::procedure::Contact) -> ContactLines {
        ContactLines {
            email: contact.email.clone(),
            phone: contact.phone.clone(),
            address: contact.address_lines(),
            web: contact.web.clone(),
        }
    }
}

/// SHA-256 of a rate-limit key, so the request table holds no address in the clear.
pub(crate) fn key_hash(kind: &str, value: &str) -> [u8; 32] {
    Sha256::digest(format!("{kind}:{value}").as_bytes()).into()
}

impl<S: Store> App<S> {
    /// Issues a new tracking link for a case (staff, who may act on it): e-mailed to the
    /// address on the case, or, for `Shown`, returned once to be written into a letter.
    pub async fn issue_tracking_link(
        &self,
        actor: &Actor,
        reference: &str,
        delivery: LinkDelivery,
        at: Option<Timestamp>,
    ) -> AppResult<Option<String>> {
        let (org, events) = self
            .visible(actor, reference, crate::audit::Seen::ToChange)
            .await?;
        if !actor.can_act(&org) {
            return Err(AppError::Forbidden(
                "read-only users cannot act on cases".to_owned(),
            ));
        }
        let reissue = self.new_reissue();
        let command = Command::IssueTrackingLink(IssueTrackingLink {
            delivery,
            requested: false,
        });
        self.commit(
            actor,
            reference,
            &org,
            events,
            command,
            at,
            None,
            Some(&reissue),
        )
        .await?;
        tracing::info!(reference, ?delivery, "tracking link issued");
        Ok((delivery == LinkDelivery::Shown).then_some(reissue.link))
    }

    /// A person asks for a new tracking link with their case reference and e-mail address.
    /// When both match a case (the address correspondence on it goes to), a new link is
    /// e-mailed to that address; either way the answer is the same. Requests count against the
    /// address and the reference, matched or not, by the app's clock.
    pub async fn request_tracking_link(
        &self,
        reference: &str,
        email: &str,
    ) -> AppResult<LinkRequest> {
        required(reference, limits::PARAMETER).map_err(|problem| {
            AppError::invalid("reference", format!("the reference {problem}"))
        })?;
        let email = Email::parse(email)
            .map_err(|problem| AppError::invalid("email", format!("the address {problem}")))?;
        let reference = reference.trim().to_uppercase();
        let address = email.as_str().to_lowercase();
        let now = self.clock.now();
        let counts = self
            .store
            .note_link_request(
                &[key_hash("email", &address), key_hash("case", &reference)],
                now,
                now - REQUEST_WINDOW,
            )
            .await?;
        if counts.iter().any(|count| *count > REQUESTS_PER_WINDOW) {
            tracing::warn!("lost-link requests over the limit");
            return Ok(LinkRequest::TooMany);
        }
        let Some(stream) = self.store.load(&reference).await? else {
            return Ok(LinkRequest::Received);
        };
        let case = Case::from_events(&stream.events);
        let loaded = self.loaded_for(&stream.org, &case)?.clone();
        let on_case = case
            .correspondence_email(&loaded.procedure)
            .map(str::to_lowercase);
        if on_case.as_deref() != Some(address.as_str()) {
            return Ok(LinkRequest::Received);
        }
        let reissue = self.new_reissue();
        let command = Command::IssueTrackingLink(IssueTrackingLink {
            delivery: LinkDelivery::Email,
            requested: true,
        });
        let committed = self
            .commit(
                &Actor::System,
                &reference,
                &stream.org,
                stream.events,
                command,
                None,
                None,
                Some(&reissue),
            )
            .await;
        match committed {
            Ok(()) => tracing::info!(%reference, "tracking link asked for and sent"),
            // Someone changed the case at that moment: the person asks again; the page still
            // says the same.
            Err(AppError::Conflict(_)) | Err(AppError::Refused(_)) => {
                tracing::warn!(%reference, "a lost-link request could not be met now")
            }
            Err(other) => return Err(other),
        }
        Ok(LinkRequest::Received)
    }

    fn new_reissue(&self) -> Reissue {
        let (token, hash) = new_token();
        Reissue {
            hash,
            link: self.tracking_link(&token),
        }
    }

    /// The whole link to a tracking page.
    pub fn tracking_link(&self, token: &str) -> String {
        format!("{}/track/{token}", self.public_url().trim_end_matches('/'))
    }

    /// The e-mail for each link issued by e-mail among `events`, in the brief's payload
    /// contract (`to`, `subject`, `text`, `reply_to`, `letter`).
    pub(crate) fn tracking_link_messages(
        &self,
        reference: &str,
        loaded: &Loaded,
        events: &[Event],
        reissue: &Reissue,
        now: Timestamp,
    ) -> AppResult<Vec<OutboxMessage>> {
        let organisation = &loaded.procedure.organisation;
        let mut messages = Vec::new();
        for event in events {
            let Fact::TrackingLinkIssued {
                delivery: LinkDelivery::Email,
                to: Some(to),
                requested,
            } = &event.fact
            else {
                continue;
            };
            let rendered = self
                .templates
                .render(
                    &organisation.id,
                    redress_letters::DEFAULT_LANGUAGE,
                    "email-tracking-link.txt",
                    LinkEmail {
                        organisation: &organisation.name,
                        reference,
                        tracking_link: crate::mail::TRACKING_LINK,
                        requested: *requested,
                        contact: ContactLines::of(&organisation.contact),
                    },
                )
                .map_err(|error| AppError::Internal(Box::new(error)))?;
            let (subject, text) = subject_and_text(&rendered, reference);
            messages.push(OutboxMessage {
                id: uuid::Uuid::new_v4().to_string(),
                reference: reference.to_owned(),
                kind: "tracking-link".to_owned(),
                recipient: Some(to.clone()),
                payload: serde_json::json!({
                    "to": to,
                    "subject": subject,
                    "text": text,
                    "reply_to": organisation.contact.email,
                    "letter": null,
                }),
                secret: Some(reissue.link.clone()),
                created_at: now,
            });
        }
        Ok(messages)
    }
}

/// An e-mail template's first line `Subject: ...` and the text after the blank line that
/// follows it. The subject always carries the case reference in square brackets, so replies
/// can be matched: it is added when an organisation's own template leaves it out.
pub fn subject_and_text(rendered: &str, reference: &str) -> (String, String) {
    let (subject, text) = match rendered.split_once('\n') {
        Some((first, rest)) if first.starts_with("Subject:") => (
            first["Subject:".len()..].trim().to_owned(),
            rest.trim_start_matches(['\r', '\n']).to_owned(),
        ),
        _ => (String::new(), rendered.to_owned()),
    };
    let tag = format!("[{reference}]");
    let subject = if reference.is_empty() || subject.contains(&tag) {
        subject
    } else {
        format!("{subject} {tag}").trim().to_owned()
    };
    (subject, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subject_comes_from_the_first_line_and_always_carries_the_reference() {
        let (subject, text) = subject_and_text(
            "Subject: Your tracking link [LPP-2026-0001]\n\nDear parent,\n",
            "LPP-2026-0001",
        );
        assert_eq!(subject, "Your tracking link [LPP-2026-0001]");
        assert_eq!(text, "Dear parent,\n");
        let (subject, text) = subject_and_text("Subject: Your link\n\nHello\n", "TFC-2026-0002");
        assert_eq!(subject, "Your link [TFC-2026-0002]");
        assert_eq!(text, "Hello\n");
        let (subject, text) = subject_and_text("Hello\n", "TFC-2026-0002");
        assert_eq!(subject, "[TFC-2026-0002]");
        assert_eq!(text, "Hello\n");
    }
}
