//! The case use cases: submit feedback, act on a case, read it, list cases, and the
//! complainant's tracking actions. Each is load → decide → commit.

use jiff::Timestamp;
use redress_core::calendar::london_date;
use redress_core::case::input::{Submitter, ValidSubmission};
use redress_core::case::{Case, Command, Event, Party, Submission, decide};
use redress_core::ids::OrgId;
use redress_store::{CaseFilter, Commit, NewCase, OutboxMessage, Page, Store};
use serde::Serialize;

use crate::App;
use crate::auth::{Actor, hash_token, new_token};
use crate::error::{AppError, AppResult};
use crate::procedures::Loaded;
use crate::views::{self, CaseView, NextStep, TrackingView};

/// What the person who gave feedback is told straight away.
#[derive(Clone, Debug, Serialize)]
pub struct Submitted {
    /// The case reference.
    pub reference: String,
    /// The secret token for the tracking page. Shown once; stored only as a hash.
    pub tracking_token: String,
    /// What happens next and by when.
    pub next: Option<NextStep>,
}

impl<S: Store> App<S> {
    pub(crate) fn loaded_for(&self, org: &OrgId, case: &Case) -> AppResult<&Loaded> {
        let version = case
            .procedure_version
            .as_deref()
            .ok_or(AppError::NotFound)?;
        self.procedures.version(org, version).ok_or_else(|| {
            AppError::Internal(format!("procedure {org} version {version} is not loaded").into())
        })
    }

    /// Records feedback: from the public form (`actor` is `Public`, `at` is now) or from staff
    /// recording a call, letter or visit (`at` may be in the past, never the future).
    pub async fn submit(
        &self,
        actor: &Actor,
        org: &OrgId,
        submission: Submission,
        at: Option<Timestamp>,
    ) -> AppResult<Submitted> {
        self.submit_with_uploads(actor, org, submission, at, &[])
            .await
    }

    /// `submit`, with files uploaded beforehand (`App::upload`) linked to the new case in the
    /// same transaction: each is (name, SHA-256) as the form carried it.
    pub async fn submit_with_uploads(
        &self,
        actor: &Actor,
        org: &OrgId,
        submission: Submission,
        at: Option<Timestamp>,
        uploads: &[(String, String)],
    ) -> AppResult<Submitted> {
        let now = self.clock.now();
        if let Actor::User { .. } = actor
            && !actor.can_act(org)
        {
            return Err(if actor.can_see(org) {
                AppError::Forbidden("read-only users cannot record feedback".to_owned())
            } else {
                AppError::NotFound
            });
        }
        let at = self.when(at, now)?;
        let loaded = self
            .procedures
            .in_force(org, london_date(at))
            .ok_or(AppError::NotFound)?
            .clone();
        // The public may only use the procedure's self-service channels; the decider, which
        // knows nothing of who is asking, checks everything else again for staff.
        let submitter = match actor {
            Actor::Public => Submitter::Public,
            Actor::User { .. } => Submitter::Staff,
        };
        let submission =
            ValidSubmission::parse(submission, &loaded.procedure, london_date(at), submitter)?
                .into_inner();
        let source = match actor {
            Actor::Public => redress_core::case::AttachmentSource::PublicForm,
            Actor::User { .. } => redress_core::case::AttachmentSource::Staff,
        };
        let attachments = self.uploaded(uploads, source)?;
        let (token, hash) = new_token();
        let year = london_date(at).year();
        let prefix = loaded.procedure.organisation.reference_prefix.clone();
        let actor_name = actor.username();
        let created = self
            .store
            .create_case(org, &prefix, year, |reference| -> AppResult<NewCase> {
                let command = Command::Receive(redress_core::case::Receive {
                    reference: Some(reference.to_owned()),
                    submission: Box::new(submission),
                });
                let mut events = decide(
                    &Case::default(),
                    command,
                    &loaded.procedure,
                    &loaded.calendar,
                    at,
                )?;
                let mut case = Case::from_events(&events);
                for attachment in attachments {
                    let more = decide(
                        &case,
                        Command::AddAttachment(attachment),
                        &loaded.procedure,
                        &loaded.calendar,
                        at,
                    )
                    .map_err(crate::attachments::on_file)?;
                    for event in &more {
                        case.apply(event);
                    }
                    events.extend(more);
                }
                Ok(NewCase {
                    read_models: views::read_models(reference, org, &case, &loaded)?,
                    outbox: outbox(reference, &case, &events, now),
                    events,
                    actor: actor_name,
                    tracking_hash: Some(hash),
                })
            })
            .await??;
        let stream = self.store.load(&created).await?.ok_or(AppError::NotFound)?;
        let view = views::tracking_view(&created, &stream.events, &loaded, now)?;
        tracing::info!(reference = %created, org = %org, "feedback received");
        Ok(Submitted {
            reference: created,
            tracking_token: token,
            next: view.next,
        })
    }

    fn when(&self, at: Option<Timestamp>, now: Timestamp) -> AppResult<Timestamp> {
        match at {
            Some(at) if at > now => Err(AppError::invalid(
                "at",
                "an action cannot be dated in the future",
            )),
            Some(at) => Ok(at),
            None => Ok(now),
        }
    }

    /// Loads a case the actor may see; `NotFound` otherwise (so references do not leak).
    pub(crate) async fn visible(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> AppResult<(OrgId, Vec<Event>)> {
        let stream = self
            .store
            .load(reference)
            .await?
            .ok_or(AppError::NotFound)?;
        if !actor.can_see(&stream.org) {
            return Err(AppError::NotFound);
        }
        Ok((stream.org, stream.events))
    }

    /// Everything staff see of a case.
    pub async fn read_case(&self, actor: &Actor, reference: &str) -> AppResult<CaseView> {
        let (org, events) = self.visible(actor, reference).await?;
        let case = Case::from_events(&events);
        let loaded = self.loaded_for(&org, &case)?;
        views::case_view(reference, &org, events, loaded, self.clock.now())
    }

    /// Staff act on a case. `expected_version`, when given, must match the stored version.
    pub async fn act(
        &self,
        actor: &Actor,
        reference: &str,
        command: Command,
        at: Option<Timestamp>,
        expected_version: Option<u64>,
    ) -> AppResult<CaseView> {
        let (org, events) = self.visible(actor, reference).await?;
        if !actor.can_act(&org) {
            return Err(AppError::Forbidden(
                "read-only users cannot act on cases".to_owned(),
            ));
        }
        if let Command::Receive(_) = command {
            return Err(AppError::invalid(
                "type",
                "a case is received once; submit new feedback instead",
            ));
        }
        if let Command::AddAttachment(_) = command {
            return Err(AppError::invalid(
                "type",
                "a file is attached by uploading it (POST /api/v1/cases/{reference}/attachments), so its content is stored",
            ));
        }
        self.commit(
            actor,
            reference,
            &org,
            events,
            command,
            at,
            expected_version,
        )
        .await?;
        self.read_case(actor, reference).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn commit(
        &self,
        actor: &Actor,
        reference: &str,
        org: &OrgId,
        events: Vec<Event>,
        command: Command,
        at: Option<Timestamp>,
        expected_version: Option<u64>,
    ) -> AppResult<()> {
        self.commit_prepared(
            actor,
            reference,
            org,
            events,
            command,
            at,
            expected_version,
            || Ok(()),
        )
        .await
    }

    /// `commit`, running `prepare` after the decider has accepted the command and before its
    /// events are appended (an attachment's content is stored then, so a refused command
    /// stores nothing and an event never names content that is not on disk).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn commit_prepared(
        &self,
        actor: &Actor,
        reference: &str,
        org: &OrgId,
        events: Vec<Event>,
        command: Command,
        at: Option<Timestamp>,
        expected_version: Option<u64>,
        prepare: impl FnOnce() -> AppResult<()>,
    ) -> AppResult<()> {
        let now = self.clock.now();
        let at = self.when(at, now)?;
        let mut case = Case::from_events(&events);
        if let Some(expected) = expected_version
            && expected != case.version
        {
            return Err(AppError::Conflict(format!(
                "case {reference} changed since it was read (expected version {expected}, now {}); nothing was saved: reload the case and try again",
                case.version
            )));
        }
        let loaded = self.loaded_for(org, &case)?.clone();
        // A panel draw's seed comes from the Rng port, never from the caller.
        let command = command.with_seed(self.rng.seed());
        let new_events = decide(&case, command, &loaded.procedure, &loaded.calendar, at)?;
        for event in &new_events {
            case.apply(event);
        }
        prepare()?;
        let commit = Commit {
            reference: reference.to_owned(),
            expected_version: events.len() as u64,
            actor: actor.username(),
            read_models: views::read_models(reference, org, &case, &loaded)?,
            outbox: outbox(reference, &case, &new_events, now),
            events: new_events,
        };
        self.store.append(commit).await?;
        Ok(())
    }

    /// Lists cases the actor may see. `filter.orgs` is replaced by the actor's organisations.
    pub async fn query_cases(&self, actor: &Actor, mut filter: CaseFilter) -> AppResult<Page> {
        filter.orgs = actor.orgs();
        match self.store.list_cases(&filter).await {
            // The store reports a cursor it cannot read as not found: the caller sent it.
            Err(redress_store::StoreError::NotFound) if filter.after.is_some() => {
                Err(AppError::invalid(
                    "cursor",
                    "this is not a cursor from a previous page; start again without it",
                ))
            }
            result => Ok(result?),
        }
    }

    /// The case behind a tracking token.
    pub(crate) async fn tracked(&self, token: &str) -> AppResult<(String, OrgId, Vec<Event>)> {
        let reference = self
            .store
            .case_for_tracking(&hash_token(token))
            .await?
            .ok_or(AppError::NotFound)?;
        let stream = self
            .store
            .load(&reference)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((reference, stream.org, stream.events))
    }

    /// What the complainant may see.
    pub async fn track(&self, token: &str) -> AppResult<TrackingView> {
        let (reference, org, events) = self.tracked(token).await?;
        let case = Case::from_events(&events);
        let loaded = self.loaded_for(&org, &case)?;
        views::tracking_view(&reference, &events, loaded, self.clock.now())
    }

    /// A public action through the tracking token: escalate, withdraw, or send information.
    pub async fn track_act(&self, token: &str, command: Command) -> AppResult<TrackingView> {
        let (reference, org, events) = self.tracked(token).await?;
        if let Command::AddAttachment(_) = command {
            return Err(AppError::invalid(
                "type",
                "a file is sent by uploading it, so its content is stored",
            ));
        }
        if !Party::Complainant.may(command.kind(), &Case::from_events(&events)) {
            return Err(AppError::invalid(
                "type",
                "the public may escalate, withdraw or send more information while the case is open",
            ));
        }
        self.commit(
            &Actor::Public,
            &reference,
            &org,
            events,
            command,
            None,
            None,
        )
        .await?;
        self.track(token).await
    }
}

/// Messages the new events cause: each letter goes to the complainant (or their representative).
pub(crate) fn outbox(
    reference: &str,
    case: &Case,
    events: &[Event],
    now: Timestamp,
) -> Vec<OutboxMessage> {
    let recipient = case.submission.as_ref().and_then(|s| {
        s.representative
            .as_ref()
            .and_then(|r| r.contact.email.clone())
            .or_else(|| s.complainant.as_ref().and_then(|c| c.email.clone()))
    });
    views::letters(events)
        .into_iter()
        .map(|(kind, letter)| OutboxMessage {
            id: uuid::Uuid::new_v4().to_string(),
            reference: reference.to_owned(),
            kind,
            recipient: recipient.clone(),
            payload: serde_json::json!({ "reference": reference, "letter": letter }),
            created_at: now,
        })
        .collect()
}
