//! Requests from a person about their own data (issue 9, item 4): subject access — everything
//! held about them across cases and organisations, as JSON and as a readable PDF — and erasure
//! where the law allows (core's `case::subject`). Each is recorded in the audit log, by case,
//! without the person's address (the audit log never holds it).
//!
//! Who asks: the operator on the command line sees every case; a member of staff only the
//! cases of organisations they administer that core's access rule lets them see, so a case that
//! keeps them out stays out of the export too.

use jiff::Timestamp;
use redress_core::case::subject::{Capacity, capacities, erasable};
use redress_core::case::{AttachmentRecord, Case, ErasedBy, Event};
use redress_core::conduct::Person;
use redress_core::ids::OrgId;
use redress_store::{OutboxEntry, Store};
use serde::Serialize;

use crate::App;
use crate::audit::OPERATOR;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::letters::LetterEntry;

/// Who makes a request on a person's behalf.
#[derive(Clone, Copy, Debug)]
pub enum Requester<'a> {
    /// Whoever runs `redress person ...` on the server: every case.
    Operator,
    /// A member of staff: the cases they administer and may see.
    Staff(&'a Actor),
}

/// Everything held about one person.
#[derive(Clone, Debug, Serialize)]
pub struct PersonExport {
    /// Their e-mail address, as asked for.
    pub email: String,
    /// When the export was made (the app's clock).
    pub generated_at: Timestamp,
    /// Every case holding them, by reference.
    pub cases: Vec<PersonCase>,
    /// Their conduct records (warnings, restrictions, reviews, adjustments), by organisation.
    pub conduct: Vec<PersonConduct>,
}

/// A person's conduct record in one organisation.
#[derive(Clone, Debug, Serialize)]
pub struct PersonConduct {
    /// The organisation.
    pub org: OrgId,
    /// Every event of the record, as stored.
    pub events: Vec<redress_core::conduct::ConductEvent>,
}

/// One case holding the person, whole.
#[derive(Clone, Debug, Serialize)]
pub struct PersonCase {
    /// The reference.
    pub reference: String,
    /// The organisation.
    pub org: OrgId,
    /// As whom the case holds them.
    pub capacities: Vec<Capacity>,
    /// Every event of the case, as stored.
    pub events: Vec<Event>,
    /// The letters sent, as printed.
    pub letters: Vec<LetterEntry>,
    /// The e-mail redress wrote for the case, with how each went.
    pub messages_sent: Vec<OutboxEntry>,
    /// What the case received after it began (e-mail, calls, letters), as recorded.
    pub messages_received: Vec<Received>,
    /// The files attached.
    pub attachments: Vec<AttachmentRecord>,
}

/// Information the case received.
#[derive(Clone, Debug, Serialize)]
pub struct Received {
    /// When.
    pub at: Timestamp,
    /// How (`email`, `phone`, ...), when recorded.
    pub channel: Option<String>,
    /// What it said, as recorded.
    pub summary: String,
}

/// What an erasure request came to.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PersonErasure {
    /// The cases erased.
    pub erased: Vec<String>,
    /// The cases kept, each with why.
    pub refused: Vec<(String, String)>,
    /// Attachment files deleted.
    pub files_deleted: usize,
    /// The organisations whose conduct record of the person was deleted.
    pub conduct_deleted: Vec<OrgId>,
}

impl<S: Store> App<S> {
    /// One case whole: its events, letters as printed, e-mail written and information
    /// received, and its files' list. Shared by subject access and the ombudsman's evidence
    /// pack; the caller has checked access.
    pub(crate) async fn gather_case(
        &self,
        reference: String,
        org: OrgId,
        events: Vec<Event>,
        capacities: Vec<Capacity>,
    ) -> AppResult<PersonCase> {
        let case = Case::from_events(&events);
        let loaded = self.loaded_for(&org, &case)?;
        let letters = self.letter_entries(&reference, &events, loaded).await?;
        let messages_sent = self.store.case_outbox(&reference).await?;
        let messages_received = events
            .iter()
            .filter_map(|event| match &event.fact {
                redress_core::case::Fact::InformationReceived {
                    summary, channel, ..
                } => Some(Received {
                    at: event.at,
                    channel: channel.as_ref().map(redress_core::names::serde_name),
                    summary: summary.clone(),
                }),
                _ => None,
            })
            .collect();
        Ok(PersonCase {
            reference,
            org,
            capacities,
            attachments: case.attachments.clone(),
            events,
            letters,
            messages_sent,
            messages_received,
        })
    }

    /// Every case holding `email` that `requester` may gather, each with its streams.
    async fn cases_of_person(
        &self,
        requester: Requester<'_>,
        email: &str,
    ) -> AppResult<(String, Vec<(String, OrgId, Vec<Event>, Vec<Capacity>)>)> {
        let email = redress_core::case::input::Email::parse(email)
            .map_err(|problem| AppError::invalid("email", format!("the e-mail address {problem}")))?
            .as_str()
            .to_owned();
        if let Requester::Staff(actor) = requester
            && !actor.administers_any()
        {
            return Err(AppError::Forbidden(
                "only an administrator may gather what is held about a person".to_owned(),
            ));
        }
        let mut found = Vec::new();
        // Every case is looked at: a request is rare, and no index may hold the address.
        for reference in self.store.all_references().await? {
            let Some(stream) = self.store.load(&reference).await? else {
                continue;
            };
            let case = Case::from_events(&stream.events);
            let held = capacities(&case, &email);
            if held.is_empty() {
                continue;
            }
            if let Requester::Staff(actor) = requester
                && (!actor.administers(&stream.org)
                    || actor.case_access(&stream.org, &case).is_err())
            {
                continue;
            }
            found.push((reference, stream.org, stream.events, held));
        }
        Ok((email, found))
    }

    /// Everything held about the person with `email`, recorded in the audit log (one entry
    /// per case, or one saying nothing was found). `Invalid` naming `email` for an address
    /// that is not one; `Forbidden` for staff who administer no organisation.
    pub async fn person_export(
        &self,
        requester: Requester<'_>,
        email: &str,
    ) -> AppResult<PersonExport> {
        let (email, found) = self.cases_of_person(requester, email).await?;
        let mut cases = Vec::new();
        for (reference, org, events, held) in found {
            cases.push(self.gather_case(reference, org, events, held).await?);
        }
        let entries = if cases.is_empty() {
            vec![self.request_entry(requester, "subject access export: no case held", None, None)]
        } else {
            cases
                .iter()
                .map(|case| {
                    self.request_entry(
                        requester,
                        "subject access export",
                        Some(&case.reference),
                        Some(&case.org),
                    )
                })
                .collect()
        };
        let mut conduct = Vec::new();
        for (org, events) in self
            .conduct_of_person(requester, &conduct_key(&email)?)
            .await?
        {
            conduct.push(PersonConduct { org, events });
        }
        self.record_reads(entries).await?;
        Ok(PersonExport {
            email,
            generated_at: self.clock.now(),
            cases,
            conduct,
        })
    }

    /// The person's conduct records in the organisations `requester` may gather from: every
    /// organisation for the operator, those they administer for staff.
    async fn conduct_of_person(
        &self,
        requester: Requester<'_>,
        person: &Person,
    ) -> AppResult<Vec<(OrgId, Vec<redress_core::conduct::ConductEvent>)>> {
        let mut found = Vec::new();
        for org in self.procedures.orgs() {
            if let Requester::Staff(actor) = requester
                && !actor.administers(org)
            {
                continue;
            }
            let events = self.store.conduct(org, person.as_str()).await?;
            if !events.is_empty() {
                found.push((org.clone(), events));
            }
        }
        Ok(found)
    }

    /// Erases, at the person's request, the personal data of every closed case holding
    /// `email` that no legal hold keeps (core's `subject::erasable`); the others are named with
    /// why they were kept. Each erasure is a `PersonalDataErased` event by request, an audit
    /// entry in its transaction and a logged run. `Invalid` naming the field for a bad address
    /// or an empty reason.
    pub async fn person_erase(
        &self,
        requester: Requester<'_>,
        email: &str,
        reason: &str,
    ) -> AppResult<PersonErasure> {
        redress_core::case::input::required(reason, redress_core::case::input::limits::STAFF_TEXT)
            .map_err(|problem| AppError::invalid("reason", format!("the reason {problem}")))?;
        let reason = reason.trim().to_owned();
        let (email, found) = self.cases_of_person(requester, email).await?;
        let now = self.clock.now();
        let actor = match requester {
            Requester::Operator => OPERATOR.to_owned(),
            Requester::Staff(actor) => crate::audit::actor_name(actor),
        };
        let mut report = PersonErasure::default();
        let mut dues = Vec::new();
        for (reference, org, events, _) in found {
            let case = Case::from_events(&events);
            let loaded = self.loaded_for(&org, &case)?;
            let retained = redress_core::case::retention::retained(
                &case,
                &loaded.procedure,
                self.retention_default,
                now,
            )
            .map_err(|error| AppError::Internal(error.into()))?;
            if let Err(refused) = erasable(&retained) {
                report.refused.push((reference, refused.to_string()));
                continue;
            }
            report.files_deleted += self
                .erase(
                    &reference,
                    &org,
                    events,
                    Some(actor.clone()),
                    ErasedBy::Request,
                    Some(reason.clone()),
                )
                .await?;
            dues.push(crate::retention::Due {
                reference: reference.clone(),
                due_on: redress_core::calendar::london_date(now),
            });
            report.erased.push(reference);
        }
        // Then the conduct records: each goes once no case of the person is left holding their
        // details and no restriction is still to run; otherwise it is named with why.
        let person = conduct_key(&email)?;
        for (org, events) in self.conduct_of_person(requester, &person).await? {
            match self
                .conduct_may_go(&org, person.as_str(), &events, now)
                .await?
            {
                Ok(()) => {
                    self.delete_conduct(&org, person.as_str(), actor.clone(), "request")
                        .await?;
                    report.conduct_deleted.push(org);
                }
                Err(why) => report
                    .refused
                    .push((format!("conduct record at {org}"), why)),
            }
        }
        if !dues.is_empty() || !report.conduct_deleted.is_empty() {
            self.finish_run(
                now,
                format!("request by {actor}"),
                &dues,
                report.conduct_deleted.len(),
            )
            .await?;
        }
        Ok(report)
    }

    fn request_entry(
        &self,
        requester: Requester<'_>,
        action: &str,
        reference: Option<&str>,
        org: Option<&OrgId>,
    ) -> redress_store::AuditEntry {
        match requester {
            Requester::Operator => {
                self.audit_entry_by(OPERATOR.to_owned(), false, action, reference, org)
            }
            Requester::Staff(actor) => self.audit_entry(actor, action, reference, org),
        }
    }
}

/// The person a conduct record is kept under, for an address `Email::parse` accepted.
fn conduct_key(email: &str) -> AppResult<Person> {
    Person::from_email(email)
        .map_err(|problem| AppError::invalid("email", format!("the e-mail address {problem}")))
}
