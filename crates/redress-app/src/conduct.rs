//! Conduct records, person by person: the record of the person a case is from (shown on every
//! case of theirs), a decision on it (warning, restriction, review, adjustments) with its
//! letter rendered and e-mailed or kept for post, the reviews due across an organisation for
//! the dashboard, and what e-mail in and the outbox must do for a person now. Core decides
//! every rule (`redress_core::conduct`); this is load → decide → commit.
//!
//! A conduct record runs on the organisation's latest procedure: it outlives any one case, so
//! the behaviour policy in force now is the one that applies.

use jiff::Timestamp;
use redress_core::calendar::london_date;
use redress_core::case::Case;
use redress_core::conduct::{
    ConductCommand, ConductEvent, ConductRecord, EmailIn, Person, Review, decide_conduct, events,
};
use redress_core::ids::OrgId;
use redress_letters::RenderedLetter;
use redress_store::{ConductCommit, OutboxMessage, Store};
use serde::Serialize;

use crate::App;
use crate::audit::Seen;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::letters::{LetterStatus, email_text, render};
use crate::procedures::Loaded;
use crate::views::ConductSummary;

/// A letter a conduct decision sent.
#[derive(Clone, Debug, Serialize)]
pub struct ConductLetter {
    /// Its id: the position of the event in the person's record.
    pub id: u64,
    /// Which letter.
    pub kind: String,
    /// How it went out: sent or queued by e-mail, or to print and post.
    pub status: LetterStatus,
    /// The case it was decided on.
    pub reference: Option<String>,
    /// The letter as printed.
    pub letter: RenderedLetter,
}

/// A person's conduct record as the case page and the API show it.
#[derive(Clone, Debug, Serialize)]
pub struct ConductView {
    /// Who.
    pub person: Person,
    /// The record, folded.
    pub record: ConductRecord,
    /// Its events, oldest first.
    pub events: Vec<ConductEvent>,
    /// What happens to an e-mail from them today.
    pub email_in: EmailIn,
    /// Whether letters to them go by post today.
    pub letters_by_post: bool,
    /// The reviews set, with where each stands today.
    pub reviews: Vec<Review>,
    /// Their cases in the organisation, newest first.
    pub cases: Vec<String>,
    /// The letters decisions on the record sent.
    pub letters: Vec<ConductLetter>,
}

/// A review the dashboard lists.
#[derive(Clone, Debug, Serialize)]
pub struct DueReview {
    /// Whose.
    pub person: Person,
    /// The review.
    pub review: Review,
    /// Their latest case, to open the record from.
    pub reference: Option<String>,
}

/// The outbox id of a conduct letter: one per letter.
fn outbox_id(org: &OrgId, person: &Person, seq: u64) -> String {
    format!("conduct-{org}-{person}-{seq}")
}

impl<S: Store> App<S> {
    fn conduct_procedure(&self, org: &OrgId) -> AppResult<&Loaded> {
        self.procedures
            .latest(org)
            .ok_or_else(|| AppError::Internal(format!("no procedure for {org}").into()))
    }

    /// The person whose conduct a case's decisions are about: the address correspondence on
    /// the case goes to (the representative's, once authorised, else the person's own).
    fn person_of(case: &Case, loaded: &Loaded) -> Option<Person> {
        case.correspondence_email(&loaded.procedure)
            .and_then(|a| Person::from_email(a).ok())
    }

    /// The conduct record of a person in `org`, folded.
    pub(crate) async fn record_of(&self, org: &OrgId, person: &Person) -> AppResult<ConductRecord> {
        let events = self.store.conduct(org, person.as_str()).await?;
        Ok(ConductRecord::from_events(&events))
    }

    /// Whether letters on `case` are to go by post today: its correspondent is kept to letters.
    pub(crate) async fn post_only(
        &self,
        org: &OrgId,
        case: &Case,
        loaded: &Loaded,
        at: Timestamp,
    ) -> AppResult<bool> {
        let Some(person) = Self::person_of(case, loaded) else {
            return Ok(false);
        };
        Ok(self
            .record_of(org, &person)
            .await?
            .letters_by_post(london_date(at)))
    }

    /// Whether letters on a new case with `submission` are to go by post: an address on it
    /// belongs to someone kept to letters at `at`.
    pub(crate) async fn post_only_submission(
        &self,
        org: &OrgId,
        submission: &redress_core::case::Submission,
        at: Timestamp,
    ) -> AppResult<bool> {
        let addresses = [
            submission
                .complainant
                .as_ref()
                .and_then(|c| c.email.as_deref()),
            submission
                .representative
                .as_ref()
                .and_then(|r| r.contact.email.as_deref()),
        ];
        for address in addresses.into_iter().flatten() {
            if let Ok(person) = Person::from_email(address)
                && self
                    .record_of(org, &person)
                    .await?
                    .letters_by_post(london_date(at))
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// What happens to an e-mail from `sender` to `org` arriving at `at`.
    pub(crate) async fn email_in_for(
        &self,
        org: &OrgId,
        sender: &str,
        at: Timestamp,
    ) -> AppResult<EmailIn> {
        let Ok(person) = Person::from_email(sender) else {
            return Ok(EmailIn::Answer);
        };
        Ok(self
            .record_of(org, &person)
            .await?
            .email_in(london_date(at)))
    }

    /// The conduct record of the person `case` is from, as the case page shows it; `None`
    /// when it has no e-mail address or they have no record.
    pub(crate) async fn conduct_summary(
        &self,
        org: &OrgId,
        case: &Case,
        now: Timestamp,
    ) -> AppResult<Option<ConductSummary>> {
        let loaded = self.conduct_procedure(org)?;
        let Some(person) = Self::person_of(case, loaded) else {
            return Ok(None);
        };
        let record = self.record_of(org, &person).await?;
        if record.is_empty() {
            return Ok(None);
        }
        let today = london_date(now);
        let reviews = record
            .reviews(
                today,
                &loaded.calendar,
                loaded.procedure.reminders.due_within,
            )
            .map_err(redress_core::case::Refusal::from)?;
        Ok(Some(ConductSummary {
            person,
            restriction: record.current_restriction(today).cloned(),
            in_force: record.restriction_in_force(today).is_some(),
            email_in: record.email_in(today),
            letters_by_post: record.letters_by_post(today),
            warnings: record.warnings.clone(),
            adjustments: record.adjustments_in_force().cloned(),
            reviews,
        }))
    }

    /// The conduct record of the person the case `reference` is from; `None` when the case
    /// has no e-mail address (a record is kept by address).
    pub async fn case_conduct(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> AppResult<Option<ConductView>> {
        let (org, events) = self
            .visible(actor, reference, Seen::Read("read conduct record"))
            .await?;
        let case = Case::from_events(&events);
        let loaded = self.conduct_procedure(&org)?;
        let Some(person) = Self::person_of(&case, loaded) else {
            return Ok(None);
        };
        Ok(Some(
            self.conduct_view(&org, &person, reference, &case).await?,
        ))
    }

    async fn conduct_view(
        &self,
        org: &OrgId,
        person: &Person,
        reference: &str,
        case: &Case,
    ) -> AppResult<ConductView> {
        let loaded = self.conduct_procedure(org)?;
        let events = self.store.conduct(org, person.as_str()).await?;
        let record = ConductRecord::from_events(&events);
        let now = self.clock.now();
        let today = london_date(now);
        let reviews = record
            .reviews(
                today,
                &loaded.calendar,
                loaded.procedure.reminders.due_within,
            )
            .map_err(redress_core::case::Refusal::from)?;
        let outbox = self.store.case_outbox(reference).await?;
        let mut letters = Vec::new();
        for (index, event) in events.iter().enumerate() {
            let Some(letter) = conduct_letter(event) else {
                continue;
            };
            let id = index as u64 + 1;
            let row = outbox
                .iter()
                .find(|row| row.message.id == outbox_id(org, person, id));
            let status = match row {
                Some(row) if row.sent_at.is_some() => LetterStatus::Sent,
                Some(row) if row.parked_at.is_some() => LetterStatus::Failed,
                Some(_) => LetterStatus::Queued,
                None if event.case.as_deref() == Some(reference) => LetterStatus::ForPost,
                // Decided on another case: its outbox is that case's.
                None => LetterStatus::Unsent,
            };
            letters.push(ConductLetter {
                id,
                kind: letter.kind.as_str().to_owned(),
                status,
                reference: event.case.clone(),
                letter: render(
                    &self.templates,
                    loaded,
                    event.case.as_deref().unwrap_or(reference),
                    case,
                    letter,
                    event.at,
                    None,
                )?,
            });
        }
        Ok(ConductView {
            person: person.clone(),
            email_in: record.email_in(today),
            letters_by_post: record.letters_by_post(today),
            reviews,
            cases: self.store.cases_of_person(org, person.as_str()).await?,
            record,
            events,
            letters,
        })
    }

    /// Decides `command` on the conduct record of the person the case `reference` is from:
    /// its letter is e-mailed to them, or kept to print and post when they are kept to
    /// letters (or gave no address to send to).
    pub async fn decide_conduct(
        &self,
        actor: &Actor,
        reference: &str,
        command: ConductCommand,
        expected_version: Option<u64>,
    ) -> AppResult<ConductView> {
        let (org, case_events) = self.visible(actor, reference, Seen::ToChange).await?;
        if !actor.can_act(&org) {
            return Err(AppError::Forbidden(
                "read-only users cannot decide on conduct".to_owned(),
            ));
        }
        let case = Case::from_events(&case_events);
        let loaded = self.conduct_procedure(&org)?.clone();
        let person = Self::person_of(&case, &loaded).ok_or_else(|| {
            AppError::invalid(
                "reference",
                "this case has no e-mail address, and a conduct record is kept by e-mail address",
            )
        })?;
        let stored = self.store.conduct(&org, person.as_str()).await?;
        let mut record = ConductRecord::from_events(&stored);
        if let Some(expected) = expected_version
            && expected != record.version
        {
            return Err(AppError::Conflict(format!(
                "the conduct record changed since it was read (expected version {expected}, now {}); nothing was saved: reload and try again",
                record.version
            )));
        }
        let now = self.clock.now();
        let holds = actor.holds_in(&org);
        let facts = decide_conduct(
            &record,
            command,
            &loaded.procedure,
            &loaded.calendar,
            now,
            &holds,
        )?;
        let new_events = events(facts, now, actor.username(), Some(reference.to_owned()));
        for event in &new_events {
            record.apply(event);
        }
        let by_post = record.letters_by_post(london_date(now));
        let mut outbox = Vec::new();
        for (offset, event) in new_events.iter().enumerate() {
            let Some(letter) = conduct_letter(event) else {
                continue;
            };
            let Some(to) = (!by_post).then_some(person.as_str()) else {
                continue;
            };
            let rendered = render(
                &self.templates,
                &loaded,
                reference,
                &case,
                letter,
                now,
                None,
            )?;
            outbox.push(OutboxMessage {
                id: outbox_id(&org, &person, stored.len() as u64 + offset as u64 + 1),
                reference: reference.to_owned(),
                kind: letter.kind.as_str().to_owned(),
                recipient: Some(to.to_owned()),
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
        self.store
            .append_conduct(ConductCommit {
                org: org.clone(),
                person: person.as_str().to_owned(),
                expected_version: stored.len() as u64,
                events: new_events,
                outbox,
            })
            .await?;
        self.mail.queued.notify_one();
        self.conduct_view(&org, &person, reference, &case).await
    }

    /// A conduct letter as an A4 PDF.
    pub async fn conduct_letter_pdf(
        &self,
        actor: &Actor,
        reference: &str,
        id: u64,
    ) -> AppResult<Vec<u8>> {
        let view = self
            .case_conduct(actor, reference)
            .await?
            .ok_or(AppError::NotFound)?;
        let letter = view
            .letters
            .into_iter()
            .find(|l| l.id == id)
            .ok_or(AppError::NotFound)?;
        redress_pdf::letter(&letter.letter).map_err(|e| AppError::Internal(e.into()))
    }

    /// Records on the person's conduct record the adjustments a new case's submission asks
    /// for (core's `adjustments_at_intake`), after the case is stored: so they show on every
    /// case of theirs and fall due for review. A failure here is logged, not the submitter's:
    /// the case is stored and shows the adjustments it was sent with.
    pub(crate) async fn record_intake_adjustments(
        &self,
        org: &OrgId,
        reference: &str,
        submission: &redress_core::case::Submission,
        received: Timestamp,
    ) {
        let (Some(adjustments), Some(address)) = (
            submission.adjustments.as_deref(),
            submission
                .complainant
                .as_ref()
                .and_then(|c| c.email.as_deref()),
        ) else {
            return;
        };
        let Ok(person) = Person::from_email(address) else {
            return;
        };
        let result: AppResult<()> = async {
            let loaded = self.conduct_procedure(org)?;
            let stored = self.store.conduct(org, person.as_str()).await?;
            let record = ConductRecord::from_events(&stored);
            let Some(fact) = redress_core::conduct::adjustments_at_intake(
                &record,
                adjustments,
                london_date(received),
                &loaded.calendar,
            )
            .map_err(redress_core::case::Refusal::from)?
            else {
                return Ok(());
            };
            self.store
                .append_conduct(ConductCommit {
                    org: org.clone(),
                    person: person.as_str().to_owned(),
                    expected_version: stored.len() as u64,
                    events: events(vec![fact], received, None, Some(reference.to_owned())),
                    outbox: Vec::new(),
                })
                .await?;
            Ok(())
        }
        .await;
        if let Err(error) = result {
            tracing::error!(reference, %error, "the adjustments asked for were not recorded on the conduct record");
        }
    }

    /// The conduct reviews due soon, today or overdue in the organisations the actor sees,
    /// soonest first, for the dashboard.
    pub async fn conduct_reviews(&self, actor: &Actor) -> AppResult<Vec<DueReview>> {
        let today = london_date(self.clock.now());
        let mut out = Vec::new();
        for org in actor.orgs() {
            let Ok(loaded) = self.conduct_procedure(&org) else {
                continue;
            };
            for (person, events) in self.store.conduct_people(&org).await? {
                let record = ConductRecord::from_events(&events);
                let reviews = record
                    .reviews(
                        today,
                        &loaded.calendar,
                        loaded.procedure.reminders.due_within,
                    )
                    .map_err(redress_core::case::Refusal::from)?;
                let Ok(person) = Person::from_email(&person) else {
                    continue;
                };
                // Only a case the actor may open is linked, so a kept-out case stays unknown.
                let mut reference = None;
                for candidate in self.store.cases_of_person(&org, person.as_str()).await? {
                    if self
                        .visible(actor, &candidate, Seen::PartOfPage)
                        .await
                        .is_ok()
                    {
                        reference = Some(candidate);
                        break;
                    }
                }
                for review in reviews.into_iter().filter(Review::shown) {
                    out.push(DueReview {
                        person: person.clone(),
                        review,
                        reference: reference.clone(),
                    });
                }
            }
        }
        out.sort_by_key(|r| r.review.on);
        Ok(out)
    }
}

/// The letter a conduct event sent, if it sent one.
fn conduct_letter(event: &ConductEvent) -> Option<&redress_core::letters::Letter> {
    use redress_core::conduct::ConductFact;
    match &event.fact {
        ConductFact::Warned { letter, .. } | ConductFact::Restricted { letter, .. } => Some(letter),
        _ => None,
    }
}
