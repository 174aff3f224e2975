//! The e-mails redress writes itself, as outbox rows queued with the events that cause them:
//! the confirmation to the person who sent feedback (with an e-mail address, from the public
//! form), and to staff a new case and an assignment. Words come from the `email-<name>.txt`
//! templates (shipped in redress-letters, overridable per organisation); what happens next
//! comes from the tracking view, and who handles what from core, never from a rule here.
//!
//! An `email-*.txt` template's first line is `Subject: …`; the body follows a blank line.

use jiff::Timestamp;
use redress_core::calendar::london_date;
use redress_core::case::{Case, Event, Fact};
use redress_core::ids::OrgId;
use redress_letters::{DEFAULT_LANGUAGE, long_date};
use redress_store::{CaseSummary, OutboxMessage, Store};
use serde_json::{Value, json};

use super::message::{Payload, TRACKING_LINK};
use crate::App;
use crate::procedures::Loaded;
use crate::views::{self, word};

/// An instant as an e-mail says it: "23 December 2026 at 10:00" (London time).
fn long_when(at: Timestamp) -> String {
    let zoned = at
        .in_tz("Europe/London")
        .unwrap_or_else(|_| at.in_tz("UTC").expect("UTC"));
    format!(
        "{} at {}",
        long_date(zoned.date(), DEFAULT_LANGUAGE),
        zoned.strftime("%H:%M")
    )
}

/// What falls due next on the case, from its read model: `{what, by}`.
fn next_due(summary: &CaseSummary) -> Value {
    match (&summary.next_due_what, summary.next_due_at) {
        (Some(what), Some(at)) => json!({
            "what": what,
            "by": long_date(london_date(at), DEFAULT_LANGUAGE),
        }),
        _ => Value::Null,
    }
}

/// The name of the stage the case is at, in its procedure.
fn stage_name(case: &Case, loaded: &Loaded) -> Option<String> {
    let record = case.current_stage()?;
    loaded
        .procedure
        .stages
        .iter()
        .find(|stage| stage.id == record.id)
        .map(|stage| stage.name.clone())
}

/// Splits a rendered e-mail template into its subject and body.
fn subject_and_body(name: &str, rendered: &str) -> Result<(String, String), String> {
    let (first, rest) = rendered.split_once('\n').unwrap_or((rendered, ""));
    let subject = first
        .strip_prefix("Subject:")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| format!("template {name}: the first line must be `Subject: …`"))?;
    Ok((subject.to_owned(), format!("{}\n", rest.trim())))
}

impl<S: Store> App<S> {
    /// An outbox row for template `name` rendered with `context`, to `to`; `None` (logged) if
    /// the template fails, so a broken override never stops a case being recorded.
    #[allow(clippy::too_many_arguments)]
    fn email(
        &self,
        org: &OrgId,
        reference: &str,
        kind: &str,
        name: &str,
        to: &str,
        context: Value,
        secret: Option<String>,
        now: Timestamp,
    ) -> Option<OutboxMessage> {
        let rendered = self
            .templates
            .render(org, DEFAULT_LANGUAGE, name, context)
            .map_err(|error| error.to_string())
            .and_then(|text| subject_and_body(name, &text));
        let (subject, text) = match rendered {
            Ok(parts) => parts,
            Err(error) => {
                tracing::error!(%org, reference, %error, "e-mail not queued: its template failed");
                return None;
            }
        };
        let payload = Payload {
            to: to.to_owned(),
            subject,
            text,
            reply_to: None,
            letter: None,
        };
        Some(OutboxMessage {
            id: uuid::Uuid::new_v4().to_string(),
            reference: reference.to_owned(),
            kind: kind.to_owned(),
            recipient: Some(to.to_owned()),
            payload: payload.to_json(),
            created_at: now,
            secret,
        })
    }

    /// The e-mail telling the organisation's mailbox that an e-mail from `sender` was filed on
    /// `reference` without reply, because their contact is restricted (`because`, core's
    /// words for each restriction: `conduct::EmailIn::FileWithoutReply`).
    pub(crate) fn mail_filed_without_reply(
        &self,
        reference: &str,
        loaded: &Loaded,
        sender: &str,
        because: &[redress_core::conduct::Terms],
        now: Timestamp,
    ) -> Option<OutboxMessage> {
        let procedure = &loaded.procedure;
        let mailbox = procedure.organisation.contact.email.as_deref()?;
        let because: Vec<String> = because.iter().map(terms_words).collect();
        let context = json!({
            "organisation": procedure.organisation.name,
            "reference": reference,
            "kind": "case",
            "sender": sender,
            "because": because,
            "case_link": self.case_link(reference),
        });
        self.email(
            &procedure.organisation.id,
            reference,
            "restricted-mail",
            "email-restricted-mail.txt",
            mailbox,
            context,
            None,
            now,
        )
    }

    /// The link to a case's staff page.
    fn case_link(&self, reference: &str) -> String {
        format!("{}/staff/cases/{reference}", self.mail.settings.public_url)
    }

    /// The e-mails a new case causes: to the person, when `tracking_token` is given (a public
    /// submission) and they gave an e-mail address, the confirmation; to staff, the new case,
    /// at the organisation's mailbox or else the mailboxes of the roles that handle the stage
    /// it starts at (core's `handler_roles`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn mail_on_receipt(
        &self,
        reference: &str,
        org: &OrgId,
        case: &Case,
        events: &[Event],
        loaded: &Loaded,
        summary: &CaseSummary,
        tracking_token: Option<&str>,
        now: Timestamp,
    ) -> Vec<OutboxMessage> {
        let procedure = &loaded.procedure;
        let Some(submission) = case.submission.as_ref() else {
            return Vec::new();
        };
        let kind = views::kind_name(submission.kind);
        let organisation = &procedure.organisation;
        let mut messages = Vec::new();
        let person = submission
            .representative
            .as_ref()
            .map(|r| &r.contact)
            .filter(|c| c.email.is_some())
            .or(submission.complainant.as_ref());
        if let (Some(token), Some(person)) = (tracking_token, person)
            && let Some(address) = person.email.as_deref()
        {
            let next = views::tracking_view(reference, events, loaded, &self.templates, now)
                .ok()
                .and_then(|view| view.next)
                .map(|next| {
                    json!({
                        "clock": word(&next.clock),
                        "by": long_date(next.by, DEFAULT_LANGUAGE),
                    })
                });
            let context = json!({
                "organisation": organisation.name,
                "reference": reference,
                "kind": kind,
                "name": person.name,
                "next": next,
                "tracking_link": TRACKING_LINK,
                "contact": organisation.contact,
            });
            let link = format!("{}/track/{token}", self.mail.settings.public_url);
            messages.extend(self.email(
                org,
                reference,
                "confirmation",
                "email-confirmation.txt",
                address,
                context,
                Some(link),
                now,
            ));
        }
        let mut staff: Vec<&str> = organisation.contact.email.as_deref().into_iter().collect();
        if staff.is_empty()
            && let Some(record) = case.current_stage()
            && let Some(stage) = procedure.stages.iter().find(|s| s.id == record.id)
        {
            for role in case.handler_roles(procedure, stage) {
                if let Some(mailbox) = procedure
                    .roles
                    .get(&role)
                    .and_then(|r| r.contact.email.as_deref())
                    && !staff.contains(&mailbox)
                {
                    staff.push(mailbox);
                }
            }
        }
        let context = json!({
            "organisation": organisation.name,
            "reference": reference,
            "kind": kind,
            "received": long_when(case.received_at.unwrap_or(now)),
            "stage": stage_name(case, loaded),
            "next_due": next_due(summary),
            "case_link": self.case_link(reference),
        });
        for mailbox in staff {
            messages.extend(self.email(
                org,
                reference,
                "new-case",
                "email-new-case.txt",
                mailbox,
                context.clone(),
                None,
                now,
            ));
        }
        messages
    }

    /// The e-mails new events on a case cause: for each handler assigned, an assignment to the
    /// assigned role's mailbox (when the procedure gives it one).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn mail_on_events(
        &self,
        reference: &str,
        org: &OrgId,
        case: &Case,
        events: &[Event],
        loaded: &Loaded,
        summary: &CaseSummary,
        now: Timestamp,
    ) -> Vec<OutboxMessage> {
        let procedure = &loaded.procedure;
        let kind = case
            .submission
            .as_ref()
            .map_or("case", |s| views::kind_name(s.kind));
        let mut messages = Vec::new();
        for event in events {
            let Fact::HandlerAssigned {
                stage, name, role, ..
            } = &event.fact
            else {
                continue;
            };
            let Some(role_entry) = procedure.roles.get(role) else {
                continue;
            };
            let Some(mailbox) = role_entry.contact.email.as_deref() else {
                continue;
            };
            let stage = procedure
                .stages
                .iter()
                .find(|s| &s.id == stage)
                .map(|s| s.name.clone());
            let context = json!({
                "organisation": procedure.organisation.name,
                "reference": reference,
                "kind": kind,
                "name": name,
                "role": role_entry.title,
                "stage": stage,
                "next_due": next_due(summary),
                "case_link": self.case_link(reference),
            });
            messages.extend(self.email(
                org,
                reference,
                "assignment",
                "email-assignment.txt",
                mailbox,
                context,
                None,
                now,
            ));
        }
        messages
    }
}

/// A restriction in a sentence, for staff e-mail.
fn terms_words(terms: &redress_core::conduct::Terms) -> String {
    use redress_core::conduct::{ContactForm, Terms};
    match terms {
        Terms::SingleForm { form } => match form {
            ContactForm::Letter => "contact by letter only".to_owned(),
            ContactForm::Email => "contact by e-mail only".to_owned(),
            ContactForm::Phone => "contact by telephone only".to_owned(),
        },
        Terms::NamedOfficer { officer } => format!("contact with {officer} only"),
        Terms::CallTimes { times } => format!("calls only {times}"),
        Terms::ContactAgreement { .. } => "an agreement about contact".to_owned(),
        Terms::NoAcknowledgement => {
            "correspondence raising nothing new is kept on file without acknowledgement".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::subject_and_body;

    #[test]
    fn a_template_starts_with_its_subject() {
        assert_eq!(
            subject_and_body("t", "Subject: Hello [X-1]\n\nDear A,\n\n\n").expect("ok"),
            ("Hello [X-1]".to_owned(), "Dear A,\n".to_owned())
        );
        assert!(subject_and_body("t", "Dear A,\n").is_err());
        assert!(subject_and_body("t", "Subject:   \n\nbody").is_err());
    }
}
