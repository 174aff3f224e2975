//! A case's letters: every letter its events sent, rendered as printed (the officer's text
//! where one was sent, else the template's), with how each went out; a letter's PDF; and the
//! officer's draft → edit → preview → send flow, where a draft is the command and the text the
//! officer is working on (carried by the page, never stored: nothing is decided until sent).

use jiff::Timestamp;
use redress_core::calendar::london_date;
use redress_core::case::{Case, Command, Event};
use redress_core::letters::{Delivery, Letter, LetterText};
use redress_letters::{LetterSource, RenderedLetter, Templates};
use redress_store::{OutboxMessage, Store};
use serde::Serialize;

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::procedures::Loaded;
use crate::views::CaseView;

/// How a letter went out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LetterStatus {
    /// Being written; not sent (a draft exists only on the officer's page).
    Draft,
    /// Waiting in the outbox for the mail server.
    Queued,
    /// Handed to the mail server.
    Sent,
    /// Marked by the officer as printed and posted.
    Posted,
    /// The mail server kept refusing it.
    Failed,
    /// Recorded without a text and with no e-mail address to send it to: to print and post.
    Unsent,
    /// Not e-mailed because the person's contact is restricted to letters: to print and post.
    ForPost,
}

/// A letter of a case, as the list shows it.
#[derive(Clone, Debug, Serialize)]
pub struct LetterEntry {
    /// Its id within the case: the position of the event that sent it.
    pub id: u64,
    /// Which letter.
    pub kind: String,
    /// How it went out.
    pub status: LetterStatus,
    /// When it was sent, posted or decided.
    pub sent_at: Timestamp,
    /// Whether the officer edited (or kept) the text, rather than the template writing it.
    pub edited: bool,
    /// The letter as printed.
    pub letter: RenderedLetter,
}

/// A letter being written: the command that will send it, and the text so far.
#[derive(Clone, Debug, Serialize)]
pub struct Draft {
    /// The command, without its letter.
    pub command: Command,
    /// The letter as it will be printed with the current text.
    pub letter: RenderedLetter,
}

/// The id an e-mailed letter's outbox row has: one per letter, so its status can be asked.
pub(crate) fn outbox_id(reference: &str, seq: u64) -> String {
    format!("letter-{reference}-{seq}")
}

/// The letter (its id, the position of the event that sent it) an outbox row of `reference`
/// e-mails, if it is a letter's: the inverse of [`outbox_id`].
pub(crate) fn letter_of(reference: &str, outbox_id: &str) -> Option<u64> {
    outbox_id
        .strip_prefix("letter-")?
        .strip_prefix(reference)?
        .strip_prefix('-')?
        .parse()
        .ok()
}

/// The letter of `letter` as printed, for the case of `events`, dated `at`.
pub(crate) fn render(
    templates: &Templates,
    loaded: &Loaded,
    reference: &str,
    case: &Case,
    letter: &Letter,
    at: Timestamp,
    body: Option<String>,
) -> AppResult<RenderedLetter> {
    let submission = case.submission.as_ref().ok_or(AppError::NotFound)?;
    let source = LetterSource {
        letter,
        procedure: &loaded.procedure,
        submission,
        reference,
        received_on: london_date(case.received_at.unwrap_or(at)),
        date: london_date(at),
        language: redress_letters::DEFAULT_LANGUAGE,
    };
    let rendered = match body {
        Some(body) => templates.compose_with(&source, body),
        None => templates.compose(&source),
    };
    rendered.map_err(|e| AppError::Internal(e.into()))
}

/// The plain-text e-mail of a letter: salutation, body, closing and signature.
pub(crate) fn email_text(letter: &RenderedLetter) -> String {
    format!(
        "{}\n\n{}\n\n{}\n{}\n",
        letter.salutation,
        letter.body,
        letter.closing,
        letter.signature.join("\n")
    )
}

/// The outbox rows for the letters among `new_events` (numbered from `first_seq`): each
/// letter sent by e-mail, or recorded without a text, to the address on the case, in the
/// payload the mail-out worker sends. Posted letters and letters to nobody have none, nor do
/// any when `by_post` (the person's contact is restricted to letters: core's
/// `ConductRecord::letters_by_post`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn outbox(
    templates: &Templates,
    loaded: &Loaded,
    reference: &str,
    case: &Case,
    first_seq: u64,
    new_events: &[Event],
    now: Timestamp,
    by_post: bool,
) -> AppResult<Vec<OutboxMessage>> {
    if by_post {
        return Ok(Vec::new());
    }
    let submission = case.submission.as_ref();
    let recipient = submission.and_then(|s| {
        s.representative
            .as_ref()
            .and_then(|r| r.contact.email.clone())
            .or_else(|| s.complainant.as_ref().and_then(|c| c.email.clone()))
    });
    let mut out = Vec::new();
    for (offset, event) in new_events.iter().enumerate() {
        let Some(letter) = event.fact.letter() else {
            continue;
        };
        if letter
            .text
            .as_ref()
            .is_some_and(|t| t.delivery == Delivery::Post)
        {
            continue;
        }
        let Some(to) = recipient.clone() else {
            continue;
        };
        let rendered = render(templates, loaded, reference, case, letter, event.at, None)?;
        out.push(OutboxMessage {
            id: outbox_id(reference, first_seq + offset as u64),
            reference: reference.to_owned(),
            kind: letter.kind.as_str().to_owned(),
            recipient: Some(to.clone()),
            payload: serde_json::json!({
                "to": to,
                "subject": rendered.subject,
                "text": email_text(&rendered),
                "reply_to": loaded.procedure.organisation.contact.email,
                "letter": rendered,
            }),
            created_at: now,
            secret: None,
        });
    }
    Ok(out)
}

impl<S: Store> App<S> {
    /// Every letter the case sent, oldest first, with how each went out.
    pub async fn letters(&self, actor: &Actor, reference: &str) -> AppResult<Vec<LetterEntry>> {
        self.letters_seen(actor, reference, crate::audit::Seen::Read("read letters"))
            .await
    }

    async fn letters_seen(
        &self,
        actor: &Actor,
        reference: &str,
        seen: crate::audit::Seen<'_>,
    ) -> AppResult<Vec<LetterEntry>> {
        let (org, events) = self.visible(actor, reference, seen).await?;
        let case = Case::from_events(&events);
        let loaded = self.loaded_for(&org, &case)?;
        self.letter_entries(reference, &events, loaded).await
    }

    /// The letters among `events` of the case `reference`, with their outbox rows' state.
    pub(crate) async fn letter_entries(
        &self,
        reference: &str,
        events: &[Event],
        loaded: &Loaded,
    ) -> AppResult<Vec<LetterEntry>> {
        let case = Case::from_events(events);
        let outbox = self.store.case_outbox(reference).await?;
        let conduct = match case
            .correspondence_email(&loaded.procedure)
            .and_then(|a| redress_core::conduct::Person::from_email(a).ok())
        {
            Some(person) => {
                self.record_of(&loaded.procedure.organisation.id, &person)
                    .await?
            }
            None => redress_core::conduct::ConductRecord::default(),
        };
        let mut out = Vec::new();
        for (index, event) in events.iter().enumerate() {
            let Some(letter) = event.fact.letter() else {
                continue;
            };
            let id = index as u64 + 1;
            let row = outbox
                .iter()
                .find(|row| row.message.id == outbox_id(reference, id));
            let status = match (&letter.text, row) {
                (
                    Some(LetterText {
                        delivery: Delivery::Post,
                        ..
                    }),
                    _,
                ) => LetterStatus::Posted,
                (_, Some(row)) if row.sent_at.is_some() => LetterStatus::Sent,
                (_, Some(row)) if row.parked_at.is_some() => LetterStatus::Failed,
                (_, Some(_)) => LetterStatus::Queued,
                (_, None) if conduct.letters_by_post(london_date(event.at)) => {
                    LetterStatus::ForPost
                }
                (_, None) => LetterStatus::Unsent,
            };
            out.push(LetterEntry {
                id,
                kind: letter.kind.as_str().to_owned(),
                status,
                sent_at: row.and_then(|r| r.sent_at).unwrap_or(event.at),
                edited: letter.text.is_some(),
                letter: render(
                    &self.templates,
                    loaded,
                    reference,
                    &case,
                    letter,
                    event.at,
                    None,
                )?,
            });
        }
        Ok(out)
    }

    /// One letter of the case as an A4 PDF.
    pub async fn letter_pdf(&self, actor: &Actor, reference: &str, id: u64) -> AppResult<Vec<u8>> {
        let action = format!("download letter {id}");
        let letter = self
            .letters_seen(actor, reference, crate::audit::Seen::Read(&action))
            .await?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or(AppError::NotFound)?;
        redress_pdf::letter(&letter.letter).map_err(|e| AppError::Internal(e.into()))
    }

    /// Starts a letter: decides `command` as if sent now, without saving anything, and writes
    /// its letter from the template. Refused as the command itself would be, and when the
    /// command sends no letter.
    pub async fn draft_letter(
        &self,
        actor: &Actor,
        reference: &str,
        command: Command,
    ) -> AppResult<Draft> {
        self.preview_letter(actor, reference, command, None).await
    }

    /// The letter `command` would send with `body` as its text (the template's when none),
    /// as printed. The decider checks the body only when the letter is sent; a preview shows
    /// any text.
    pub async fn preview_letter(
        &self,
        actor: &Actor,
        reference: &str,
        command: Command,
        body: Option<String>,
    ) -> AppResult<Draft> {
        let (org, events) = self
            .visible(actor, reference, crate::audit::Seen::Read("draft letter"))
            .await?;
        if !actor.can_act(&org) {
            return Err(AppError::Forbidden(
                "read-only users cannot write letters".to_owned(),
            ));
        }
        let case = Case::from_events(&events);
        let loaded = self.loaded_for(&org, &case)?;
        let now = self.clock.now();
        let command = command.with_letter(None).with_seed(0);
        let new_events = actor.decide(&org, &case, command.clone(), loaded, now)?;
        let mut after = case.clone();
        for event in &new_events {
            after.apply(event);
        }
        let letter = new_events
            .iter()
            .find_map(|e| e.fact.letter())
            .ok_or_else(|| AppError::invalid("type", "this action sends no letter"))?;
        let letter = render(
            &self.templates,
            loaded,
            reference,
            &after,
            letter,
            now,
            body,
        )?;
        Ok(Draft { command, letter })
    }

    /// Sends `command` with `body` as its letter's text, by `delivery`: the decider checks the
    /// text says everything the letter must at this moment, and the event keeps it unchanged.
    pub async fn send_letter(
        &self,
        actor: &Actor,
        reference: &str,
        command: Command,
        body: String,
        delivery: Delivery,
        expected_version: Option<u64>,
    ) -> AppResult<CaseView> {
        let command = command.with_letter(Some(LetterText { body, delivery }));
        self.act(actor, reference, command, None, expected_version)
            .await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_letters_outbox_id_names_its_letter_and_nothing_else_does() {
        let id = super::outbox_id("LPP-2026-0007", 12);
        assert_eq!(super::letter_of("LPP-2026-0007", &id), Some(12));
        assert_eq!(super::letter_of("LPP-2026-0070", &id), None);
        assert_eq!(
            super::letter_of("LPP-2026-0007", "confirmation-LPP-2026-0007"),
            None
        );
        assert_eq!(
            super::letter_of("LPP-2026-0007", "letter-LPP-2026-0007-x"),
            None
        );
    }
}
