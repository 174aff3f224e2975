//! E-mail in: one message becomes information received on its case, an item of the triage
//! queue, or a new case awaiting triage — where it goes is core's rule (`redress_core::mail`);
//! this file reads the facts that rule needs and commits its answer, the message stored once
//! per Message-ID in the same transaction. And the officer's decisions on the queue.

use jiff::Timestamp;
use redress_core::calendar::london_date;
use redress_core::case::Party;
use redress_core::case::input::{Submitter, ValidSubmission, limits};
use redress_core::case::{
    Case, Command, Contact, Receive, ReceiveInformation, Refusal, Submission, decide,
};
use redress_core::ids::OrgId;
use redress_core::mail::{Arrival, KnownCase, Route, TriageReason, route};
use redress_core::procedure::{Channel, FeedbackKind};
use redress_store::{Commit, InboundMail, MailDecision, NewCase, Store, StoreError};
use serde::Serialize;

use super::parse::{MailLimits, ParsedMail, block, parse};
use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::views;

/// How e-mail in is set up: settings `mail_org`, `mail_from` (its domain) and the limits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailIn {
    /// The organisation whose mailbox this is: mail quoting no reference becomes a case there.
    /// `None` is allowed when one organisation is loaded.
    pub org: Option<OrgId>,
    /// The domain of the Message-IDs redress sends (`<{outbox id}@{domain}>`, the domain of
    /// `mail_from`), by which a reply's In-Reply-To finds its case.
    pub domain: Option<String>,
    /// How much of a message is read.
    pub limits: MailLimits,
}

/// What became of one message. Every message ends in exactly one of these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Ingested {
    /// Stored as information received on the case.
    Information {
        /// The case.
        reference: String,
        /// The message's id in redress.
        mail: String,
    },
    /// Stored as a new case, awaiting triage.
    NewCase {
        /// The new case.
        reference: String,
        /// The message's id in redress.
        mail: String,
    },
    /// Stored in the triage queue.
    Triaged {
        /// The message's id in redress.
        mail: String,
        /// Why, in words.
        reason: String,
    },
    /// Stored before, under the same Message-ID: nothing new was stored.
    AlreadyStored {
        /// The message's id in redress.
        mail: String,
    },
    /// Not stored, and why.
    Refused {
        /// The reason, in words.
        reason: String,
    },
}

impl Ingested {
    /// Whether the message is now stored (so a mailbox may let go of it).
    pub fn is_stored(&self) -> bool {
        !matches!(self, Ingested::Refused { .. })
    }
}

/// What an officer decides about a message waiting in the triage queue.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case", deny_unknown_fields)]
pub enum MailAction {
    /// It belongs to this case: it becomes information received there.
    Match {
        /// The case.
        reference: String,
    },
    /// It belongs to no case (spam, a spoof): it is closed and its text deleted.
    Reject,
    /// A new case made from it has been looked at: it leaves the queue.
    Accept,
}

/// How many times an append that lost a race is tried again.
const RETRIES: usize = 3;

impl<S: Store> App<S> {
    /// Ingests one RFC 5322 message that arrived at `arrived` (its IMAP INTERNALDATE; now for a
    /// pipe). A message that is refused (too large, not mail, no organisation to take it)
    /// changes nothing; `Err` only when the store fails.
    pub async fn ingest_mail(
        &self,
        raw: &[u8],
        arrived: Option<Timestamp>,
        settings: &MailIn,
    ) -> AppResult<Ingested> {
        let mail = match parse(raw, &settings.limits) {
            Ok(mail) => mail,
            Err(unreadable) => {
                return Ok(Ingested::Refused {
                    reason: unreadable.to_string(),
                });
            }
        };
        if let Some(stored) = self.store.mail_by_message_id(&mail.message_id).await? {
            return Ok(Ingested::AlreadyStored { mail: stored.id });
        }
        let now = self.clock.now();
        let arrived = arrived.map_or(now, |at| at.min(now));
        let (arrival, orgs) = self.arrival(&mail, settings).await?;
        let kept = self.keep_attachments(&mail).await?;
        let mail = Received { mail, kept };
        let result = match route(&arrival) {
            Route::Information { reference } => {
                self.information(&mail, &reference, &orgs, arrived).await
            }
            Route::Triage { reference, reason } => {
                let org = reference
                    .as_ref()
                    .and_then(|reference| org_of(&orgs, reference))
                    .or_else(|| self.org_of_prefix(&arrival.references))
                    .or_else(|| self.mailbox_org(settings));
                self.triage(&mail, org, reference, reason.words().to_owned(), arrived)
                    .await
            }
            Route::NewCase => self.new_case(&mail, settings, arrived).await,
        };
        match result {
            // Someone stored the same message first (two pollers, a pipe and a poll).
            Err(AppError::Invalid { .. }) | Err(AppError::Conflict(_))
                if self
                    .store
                    .mail_by_message_id(&mail.message_id)
                    .await?
                    .is_some() =>
            {
                let stored = self.store.mail_by_message_id(&mail.message_id).await?;
                Ok(Ingested::AlreadyStored {
                    mail: stored.map(|m| m.id).unwrap_or_default(),
                })
            }
            other => other,
        }
    }

    /// The facts core's rule needs: references in the subject and in the thread of messages
    /// redress sent, and each existing case's contact addresses (and its organisation).
    async fn arrival(
        &self,
        mail: &ParsedMail,
        settings: &MailIn,
    ) -> AppResult<(Arrival, Vec<(String, OrgId)>)> {
        let prefixes: Vec<String> = self
            .procedures
            .all()
            .map(|loaded| loaded.procedure.organisation.reference_prefix.clone())
            .collect();
        let prefixes: Vec<&str> = prefixes.iter().map(String::as_str).collect();
        let mut references = redress_core::mail::find_references(&mail.subject, &prefixes);
        if let Some(domain) = &settings.domain {
            for id in &mail.thread {
                if let Some(outbox_id) = redress_core::mail::sent_message_id(id, domain)
                    && let Some(reference) = self.store.outbox_reference(outbox_id).await?
                    && !references.contains(&reference)
                {
                    references.push(reference);
                }
            }
        }
        let mut cases = Vec::new();
        let mut orgs = Vec::new();
        for reference in &references {
            if let Some(stream) = self.store.load(reference).await? {
                let case = Case::from_events(&stream.events);
                cases.push(KnownCase::of(reference, &case));
                orgs.push((reference.clone(), stream.org));
            }
        }
        let arrival = Arrival {
            sender: mail.sender.clone(),
            references,
            cases,
        };
        Ok((arrival, orgs))
    }

    /// The organisation of the first reference whose prefix a loaded procedure uses.
    fn org_of_prefix(&self, references: &[String]) -> Option<OrgId> {
        references.iter().find_map(|reference| {
            self.procedures.all().find_map(|loaded| {
                let prefix = &loaded.procedure.organisation.reference_prefix;
                reference
                    .strip_prefix(prefix.as_str())
                    .filter(|rest| rest.starts_with('-'))
                    .map(|_| loaded.procedure.organisation.id.clone())
            })
        })
    }

    /// The organisation whose mailbox this is: the setting, or the only one loaded.
    fn mailbox_org(&self, settings: &MailIn) -> Option<OrgId> {
        settings.org.clone().or_else(|| {
            let mut orgs = self.procedures.orgs();
            match (orgs.next(), orgs.next()) {
                (Some(only), None) => Some(only.clone()),
                _ => None,
            }
        })
    }

    async fn information(
        &self,
        mail: &Received,
        reference: &str,
        orgs: &[(String, OrgId)],
        arrived: Timestamp,
    ) -> AppResult<Ingested> {
        let org = org_of(orgs, reference);
        for _ in 0..RETRIES {
            let stream = self
                .store
                .load(reference)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut case = Case::from_events(&stream.events);
            let loaded = self.loaded_for(&stream.org, &case)?.clone();
            // A message cannot be dated before what the case already records.
            let at = case.last_event_at.map_or(arrived, |last| arrived.max(last));
            let command = Command::ReceiveInformation(ReceiveInformation {
                summary: summary(mail),
                channel: Some(Channel::Email),
                message_id: Some(mail.message_id.clone()),
            });
            let events = match decide(
                &case,
                command,
                &loaded.procedure,
                &loaded.calendar,
                at,
                Party::System,
            ) {
                Ok(events) => events,
                Err(refusal) => {
                    return self
                        .triage(
                            mail,
                            Some(stream.org),
                            Some(reference.to_owned()),
                            refused(&refusal),
                            arrived,
                        )
                        .await;
                }
            };
            for event in &events {
                case.apply(event);
            }
            let mut record = record(mail, &stream.org, arrived, "information", "done");
            record.reference = Some(reference.to_owned());
            let id = record.id.clone();
            let by_post = self.post_only(&stream.org, &case, &loaded, arrived).await?;
            let mut outbox = crate::letters::outbox(
                &self.templates,
                &loaded,
                reference,
                &case,
                stream.events.len() as u64 + 1,
                &events,
                self.clock.now(),
                by_post,
            )?;
            outbox.extend(
                self.told_of_restricted(&stream.org, reference, &loaded, mail, arrived)
                    .await?,
            );
            let commit = Commit {
                reference: reference.to_owned(),
                expected_version: stream.events.len() as u64,
                actor: None,
                read_models: views::read_models(reference, &stream.org, &case, &loaded)?,
                outbox,
                events,
                audit: vec![self.audit_entry(
                    &Actor::System,
                    "act: receive-information (e-mail)",
                    Some(reference),
                    Some(&stream.org),
                )],
            };
            match self.store.append_with_mail(commit, record).await {
                Ok(()) => {
                    tracing::info!(reference, mail = %id, "e-mail received on a case");
                    self.attach_kept(reference, &mail.kept).await;
                    return Ok(Ingested::Information {
                        reference: reference.to_owned(),
                        mail: id,
                    });
                }
                Err(StoreError::Conflict { .. }) => continue,
                Err(error) => return Err(error.into()),
            }
        }
        Err(AppError::Conflict(format!(
            "case {reference} kept changing while an e-mail was added{}",
            org.map(|org| format!(" ({org})")).unwrap_or_default()
        )))
    }

    async fn triage(
        &self,
        mail: &Received,
        org: Option<OrgId>,
        reference: Option<String>,
        reason: String,
        arrived: Timestamp,
    ) -> AppResult<Ingested> {
        let Some(org) = org else {
            return Ok(Ingested::Refused {
                reason: format!(
                    "{reason}, and no organisation takes mail without a reference here: set mail_org"
                ),
            });
        };
        let mut record = record(mail, &org, arrived, "triage", "open");
        record.body = summary(mail);
        record.reason = Some(reason.clone());
        record.reference = reference;
        let id = record.id.clone();
        self.store.add_mail(record).await?;
        tracing::info!(mail = %id, %org, reason, "e-mail waits in the triage queue");
        Ok(Ingested::Triaged { mail: id, reason })
    }

    async fn new_case(
        &self,
        mail: &Received,
        settings: &MailIn,
        arrived: Timestamp,
    ) -> AppResult<Ingested> {
        let Some(org) = self.mailbox_org(settings) else {
            return Ok(Ingested::Refused {
                reason:
                    "it quotes no reference, and no organisation takes new mail here: set mail_org"
                        .to_owned(),
            });
        };
        let Some(loaded) = self
            .procedures
            .in_force(&org, london_date(arrived))
            .cloned()
        else {
            return self
                .triage(
                    mail,
                    Some(org),
                    None,
                    "no procedure was in force on the day it arrived".to_owned(),
                    arrived,
                )
                .await;
        };
        let submission = Submission {
            kind: FeedbackKind::Complaint,
            channel: Channel::Email,
            matter: None,
            complainant: mail.sender.as_ref().map(|address| Contact {
                name: mail.sender_name.clone().unwrap_or_else(|| address.clone()),
                email: Some(address.clone()),
                phone: None,
                address: None,
                prefers: Some(Channel::Email),
            }),
            representative: None,
            people_named: Vec::new(),
            what_happened: what_happened(mail),
            happened_on: None,
            became_aware_on: None,
            outcome_wanted: None,
            adjustments: None,
            consent_to_publish: false,
        };
        let submission = match ValidSubmission::parse(
            submission,
            &loaded.procedure,
            london_date(arrived),
            Submitter::Staff,
        ) {
            Ok(valid) => valid.into_inner(),
            Err(refusal) => {
                return self
                    .triage(mail, Some(org), None, refused(&refusal), arrived)
                    .await;
            }
        };
        let record = record(mail, &org, arrived, "new-case", "open");
        let id = record.id.clone();
        let now = self.clock.now();
        let by_post = self
            .post_only_submission(&org, &submission, arrived)
            .await?;
        let sender = mail.mail.sender.clone();
        let restricted = match &sender {
            Some(sender) => self.email_in_for(&org, sender, arrived).await?,
            None => redress_core::conduct::EmailIn::Answer,
        };
        let app = self.clone();
        let year = london_date(arrived).year();
        let prefix = loaded.procedure.organisation.reference_prefix.clone();
        let build_org = org.clone();
        let created = self
            .store
            .create_case_with_mail(
                &org,
                &prefix,
                year,
                move |reference| -> Result<NewCase, AppError> {
                    let command = Command::Receive(Receive {
                        reference: Some(reference.to_owned()),
                        submission: Box::new(submission),
                    });
                    let events = decide(
                        &Case::default(),
                        command,
                        &loaded.procedure,
                        &loaded.calendar,
                        arrived,
                        Party::System,
                    )?;
                    let case = Case::from_events(&events);
                    let mut outbox = crate::letters::outbox(
                        &app.templates,
                        &loaded,
                        reference,
                        &case,
                        1,
                        &events,
                        now,
                        by_post,
                    )?;
                    if let (
                        Some(sender),
                        redress_core::conduct::EmailIn::FileWithoutReply { because },
                    ) = (&sender, &restricted)
                    {
                        outbox.extend(
                            app.mail_filed_without_reply(reference, &loaded, sender, because, now),
                        );
                    }
                    Ok(NewCase {
                        read_models: views::read_models(reference, &build_org, &case, &loaded)?,
                        outbox,
                        events,
                        actor: None,
                        tracking_hash: None,
                        audit: vec![self.audit_entry(
                            &Actor::System,
                            "act: receive (e-mail)",
                            Some(reference),
                            Some(&build_org),
                        )],
                    })
                },
                record,
            )
            .await?;
        match created {
            Ok(reference) => {
                tracing::info!(%reference, mail = %id, "e-mail became a new case");
                self.attach_kept(&reference, &mail.kept).await;
                Ok(Ingested::NewCase {
                    reference,
                    mail: id,
                })
            }
            Err(AppError::Refused(refusal)) => {
                self.triage(mail, Some(org), None, refused(&refusal), arrived)
                    .await
            }
            Err(error) => Err(error),
        }
    }

    /// The triage queue of the organisations the actor works for, oldest first.
    pub async fn mail_queue(&self, actor: &Actor) -> AppResult<Vec<InboundMail>> {
        let orgs: Vec<OrgId> = actor
            .orgs()
            .into_iter()
            .filter(|org| actor.reads_unsorted_mail(org))
            .collect();
        if orgs.is_empty() && !actor.orgs().is_empty() {
            return Err(AppError::Forbidden(
                "e-mail not yet matched to a case is read by officers who see all of the \
                 organisation's cases"
                    .to_owned(),
            ));
        }
        Ok(self.store.open_mail(&orgs).await?)
    }

    /// One ingested message, if the actor reads its organisation's unsorted mail and, once
    /// it is matched to a case, may see that case.
    pub async fn mail_item(&self, actor: &Actor, id: &str) -> AppResult<InboundMail> {
        let mail = match self.store.mail(id).await? {
            Some(mail) if actor.reads_unsorted_mail(&mail.org) => mail,
            _ => return Err(AppError::NotFound),
        };
        if let Some(reference) = &mail.reference {
            self.visible(actor, reference, crate::audit::Seen::Read("read e-mail"))
                .await?;
        }
        Ok(mail)
    }

    /// An officer's decision on a message in the triage queue.
    pub async fn decide_mail(
        &self,
        actor: &Actor,
        id: &str,
        action: MailAction,
    ) -> AppResult<InboundMail> {
        let mail = self.mail_item(actor, id).await?;
        if !actor.can_act(&mail.org) {
            return Err(AppError::Forbidden(
                "read-only users cannot decide on e-mail".to_owned(),
            ));
        }
        if mail.status != "open" {
            return Err(AppError::invalid(
                "action",
                format!("this e-mail was already decided on ({})", mail.status),
            ));
        }
        let by = actor.username().unwrap_or_default();
        let now = self.clock.now();
        let (status, reference, commit) = match (&action, mail.route.as_str()) {
            (MailAction::Match { reference }, "triage") => {
                let commit = self.matched(actor, &mail, reference).await?;
                ("matched", Some(reference.clone()), Some(commit))
            }
            (MailAction::Reject, "triage") => ("rejected", None, None),
            (MailAction::Accept, "new-case") => ("accepted", None, None),
            (_, "new-case") => {
                return Err(AppError::invalid(
                    "action",
                    "this e-mail is already a case: accept it, then act on the case",
                ));
            }
            _ => {
                return Err(AppError::invalid(
                    "action",
                    "an e-mail in the queue is matched to a case or rejected",
                ));
            }
        };
        let decision = MailDecision {
            id: mail.id.clone(),
            status: status.to_owned(),
            reference,
            by,
            at: now,
            commit,
        };
        let matched_to = decision.commit.as_ref().map(|c| c.reference.clone());
        self.store
            .decide_mail(decision)
            .await
            .map_err(|error| match error {
                StoreError::Duplicate(_) => {
                    AppError::invalid("action", "someone else decided on this e-mail first")
                }
                other => other.into(),
            })?;
        if let Some(reference) = matched_to {
            let kept = self.kept_of(&mail);
            self.attach_kept(&reference, &kept).await;
        }
        self.mail_item(actor, id).await
    }

    /// The events that put a triaged message on a case, as information received.
    async fn matched(
        &self,
        actor: &Actor,
        mail: &InboundMail,
        reference: &str,
    ) -> AppResult<Commit> {
        let stream = match self.store.load(reference).await? {
            Some(stream)
                if actor.can_act(&stream.org)
                    && stream.org == mail.org
                    && actor
                        .case_access(&stream.org, &Case::from_events(&stream.events))
                        .is_ok() =>
            {
                stream
            }
            _ => {
                return Err(AppError::invalid(
                    "reference",
                    format!("{reference} is not a case of {} you can act on", mail.org),
                ));
            }
        };
        let mut case = Case::from_events(&stream.events);
        let loaded = self.loaded_for(&stream.org, &case)?.clone();
        let now = self.clock.now();
        let at = case
            .last_event_at
            .map_or(mail.received_at, |last| mail.received_at.max(last));
        let command = Command::ReceiveInformation(ReceiveInformation {
            summary: mail.body.clone(),
            channel: Some(Channel::Email),
            message_id: Some(mail.message_id.clone()),
        });
        let events = actor.decide(&stream.org, &case, command, &loaded, at)?;
        for event in &events {
            case.apply(event);
        }
        Ok(Commit {
            reference: reference.to_owned(),
            expected_version: stream.events.len() as u64,
            actor: actor.username(),
            read_models: views::read_models(reference, &stream.org, &case, &loaded)?,
            outbox: crate::letters::outbox(
                &self.templates,
                &loaded,
                reference,
                &case,
                stream.events.len() as u64 + 1,
                &events,
                now,
                self.post_only(&stream.org, &case, &loaded, at).await?,
            )?,
            events,
            audit: vec![self.audit_entry(
                actor,
                "act: receive-information (e-mail matched)",
                Some(reference),
                Some(&stream.org),
            )],
        })
    }

    /// The e-mail telling the officer that `mail` was filed on `reference` without reply,
    /// when its sender's contact is restricted (core's `ConductRecord::email_in`).
    async fn told_of_restricted(
        &self,
        org: &OrgId,
        reference: &str,
        loaded: &crate::procedures::Loaded,
        mail: &Received,
        arrived: Timestamp,
    ) -> AppResult<Option<redress_store::OutboxMessage>> {
        let Some(sender) = &mail.mail.sender else {
            return Ok(None);
        };
        Ok(match self.email_in_for(org, sender, arrived).await? {
            redress_core::conduct::EmailIn::FileWithoutReply { because } => {
                self.mail_filed_without_reply(reference, loaded, sender, &because, self.clock.now())
            }
            redress_core::conduct::EmailIn::Answer => None,
        })
    }
}

fn org_of(orgs: &[(String, OrgId)], reference: &str) -> Option<OrgId> {
    orgs.iter()
        .find(|(known, _)| known == reference)
        .map(|(_, org)| org.clone())
}

fn refused(refusal: &Refusal) -> String {
    format!("{}: {refusal}", TriageReason::Refused.words())
}

/// The message as information: who sent it, its subject, then its text, within core's limit.
fn summary(mail: &ParsedMail) -> String {
    let from = match (&mail.sender_name, &mail.sender) {
        (Some(name), Some(address)) => format!("{name} <{address}>"),
        (None, Some(address)) => address.clone(),
        (Some(name), None) => name.clone(),
        (None, None) => "(no sender address)".to_owned(),
    };
    let subject = if mail.subject.is_empty() {
        "(no subject)"
    } else {
        &mail.subject
    };
    let mut text = format!("E-mail from {from}\nSubject: {subject}\n\n{}", mail.text);
    if mail.truncated {
        text.push_str("\n\n[The e-mail was longer than this and was cut here.]");
    }
    block(&text, limits::STAFF_TEXT.max).0
}

/// The message as a new case's "what happened": its subject and text.
fn what_happened(mail: &ParsedMail) -> String {
    let mut text = match (mail.subject.is_empty(), mail.text.is_empty()) {
        (true, true) => "(an e-mail with no subject or text)".to_owned(),
        (true, false) => mail.text.clone(),
        (false, true) => mail.subject.clone(),
        (false, false) => format!("{}\n\n{}", mail.subject, mail.text),
    };
    if mail.truncated {
        text.push_str("\n\n[The e-mail was longer than this and was cut here.]");
    }
    block(&text, limits::WHAT_HAPPENED.max).0
}

/// The stored record of a message, before its route's details.
fn record(
    mail: &Received,
    org: &OrgId,
    arrived: Timestamp,
    route: &str,
    status: &str,
) -> InboundMail {
    InboundMail {
        id: uuid::Uuid::new_v4().to_string(),
        message_id: mail.message_id.clone(),
        org: org.clone(),
        received_at: arrived,
        sender: mail.sender.clone(),
        subject: mail.subject.clone(),
        body: String::new(),
        route: route.to_owned(),
        reason: None,
        reference: None,
        status: status.to_owned(),
        resolved_by: None,
        resolved_at: None,
        attachments: mail.listed(),
    }
}

/// A message read, with the attachments kept in the content store (name, bytes, SHA-256) and
/// the list of every attachment, kept or refused with the reason.
struct Received {
    mail: ParsedMail,
    kept: Kept,
}

/// What became of a message's attachments.
#[derive(Default)]
struct Kept {
    /// Stored in the content store: (name, bytes).
    files: Vec<(String, Vec<u8>)>,
    /// Every attachment as listed on the stored message.
    listed: Vec<serde_json::Value>,
}

impl std::ops::Deref for Received {
    type Target = ParsedMail;
    fn deref(&self) -> &ParsedMail {
        &self.mail
    }
}

impl Received {
    fn listed(&self) -> serde_json::Value {
        serde_json::Value::Array(self.kept.listed.clone())
    }
}

impl<S: Store> App<S> {
    /// Checks each attachment against the limits and by its content, as every attachment is
    /// checked, and writes those that pass to the content store before anything refers to them.
    async fn keep_attachments(&self, mail: &ParsedMail) -> AppResult<Kept> {
        let mut kept = Kept::default();
        for attachment in &mail.attachments {
            let size = attachment.bytes.len() as u64;
            let mut entry = serde_json::json!({
                "name": attachment.name,
                "declared_type": attachment.declared_type,
                "size": size,
            });
            let refused = match self.files() {
                None => Some("this service does not keep files".to_owned()),
                Some(_) if size == 0 => Some("the file is empty".to_owned()),
                Some(files) if size > files.limits.max_bytes => Some(format!(
                    "larger than the {} a file may be",
                    crate::attachments::size_words(files.limits.max_bytes)
                )),
                Some(files) if kept.files.len() >= files.limits.per_case => Some(format!(
                    "more than the {} files a case may hold",
                    files.limits.per_case
                )),
                Some(_) => match redress_core::case::attachment::sniff(&attachment.bytes) {
                    None => Some(format!(
                        "this kind of file is not kept: {}",
                        redress_core::case::attachment::ALLOWED_WORDS
                    )),
                    Some(media_type) => {
                        entry["media_type"] = media_type.into();
                        None
                    }
                },
            };
            match (refused, self.files()) {
                (Some(reason), _) => entry["refused"] = reason.into(),
                (None, Some(files)) => {
                    let files = files.clone();
                    let bytes = attachment.bytes.clone();
                    let sha256 = tokio::task::spawn_blocking(move || files.put(&bytes))
                        .await
                        .map_err(|error| AppError::Internal(Box::new(error)))?
                        .map_err(|error| AppError::Internal(Box::new(error)))?;
                    entry["sha256"] = sha256.into();
                    kept.files
                        .push((attachment.name.clone(), attachment.bytes.clone()));
                }
                (None, None) => {}
            }
            kept.listed.push(entry);
        }
        Ok(kept)
    }

    /// The kept attachments of a stored message, read back from the content store.
    fn kept_of(&self, mail: &InboundMail) -> Kept {
        let mut kept = Kept::default();
        let Some(files) = self.files() else {
            return kept;
        };
        for entry in mail.attachments.as_array().into_iter().flatten() {
            let (Some(name), Some(sha256)) = (
                entry.get("name").and_then(|v| v.as_str()),
                entry.get("sha256").and_then(|v| v.as_str()),
            ) else {
                continue;
            };
            match files.get(sha256) {
                Ok(Some(bytes)) => kept.files.push((name.to_owned(), bytes)),
                Ok(None) | Err(_) => {
                    tracing::warn!(mail = %mail.id, sha256, "an e-mail's attachment is missing")
                }
            }
        }
        kept
    }

    /// Attaches the kept files to the case the message went to. A file the case refuses (its
    /// count is full, the case closed meanwhile) stays listed with the message and is logged.
    async fn attach_kept(&self, reference: &str, kept: &Kept) {
        for (name, bytes) in &kept.files {
            if let Err(error) = self
                .attach_as(
                    reference,
                    name,
                    bytes,
                    redress_core::case::AttachmentSource::Email,
                )
                .await
            {
                tracing::warn!(reference, name, %error, "an e-mail's attachment was not added to its case");
            }
        }
    }
}
