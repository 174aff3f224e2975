//! The case use cases: submit feedback, act on a case, read it, list cases, and the
//! complainant's tracking actions. Each is load → decide → commit.

use jiff::Timestamp;
use redress_core::calendar::london_date;
use redress_core::case::input::{Submitter, ValidSubmission};
use redress_core::case::{Case, Command, Event, Party, Submission};
use redress_core::ids::OrgId;
use redress_store::{CaseFilter, Commit, NewCase, Once, Page, Store};
use serde::Serialize;

use crate::App;
use crate::audit::Seen;
use crate::auth::{Actor, hash_token, new_token};
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey};
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
    /// This is the answer to an earlier request with the same `Idempotency-Key`: no case was
    /// made now.
    #[serde(skip)]
    pub replayed: bool,
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

    /// The version, of the organisation's procedures in force on `day`, that `submission`
    /// runs on: core's `choose_procedure` by its matter.
    pub(crate) fn procedure_for(
        &self,
        org: &OrgId,
        day: jiff::civil::Date,
        submission: &Submission,
    ) -> AppResult<Loaded> {
        let in_force = self.procedures.in_force_all(org, day);
        if in_force.is_empty() {
            return Err(AppError::NotFound);
        }
        let procedures: Vec<&redress_core::procedure::Procedure> =
            in_force.iter().map(|l| &*l.procedure).collect();
        let chosen =
            redress_core::case::choose_procedure(&procedures, submission.matter.as_deref())?;
        let index = procedures
            .iter()
            .position(|p| std::ptr::eq(*p, chosen))
            .expect("chosen from these");
        Ok(in_force[index].clone())
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

    /// `submit` with an `Idempotency-Key` (as sent, checked here): the first request with the
    /// key makes the case and records the key in the same transaction; a later one with the
    /// same request, while the key counts, is given the same answer (`replayed`) and makes
    /// nothing; one with another request is refused naming the header.
    pub async fn submit_once(
        &self,
        actor: &Actor,
        org: &OrgId,
        submission: Submission,
        at: Option<Timestamp>,
        key: Option<&str>,
    ) -> AppResult<Submitted> {
        let key = key.map(IdempotencyKey::parse).transpose()?;
        self.submit_inner(actor, org, submission, at, &[], key.as_ref())
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
        self.submit_inner(actor, org, submission, at, uploads, None)
            .await
    }

    async fn submit_inner(
        &self,
        actor: &Actor,
        org: &OrgId,
        submission: Submission,
        at: Option<Timestamp>,
        uploads: &[(String, String)],
        key: Option<&IdempotencyKey>,
    ) -> AppResult<Submitted> {
        let now = self.clock.now();
        // Hashed as sent, before anything is read from it.
        let request_hash = match key {
            Some(_) => Some(idempotency::request_hash(actor, at, &submission)?),
            None => None,
        };
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
        let loaded = self.procedure_for(org, london_date(at), &submission)?;
        // The public may only use the procedure's self-service channels; the decider, which
        // knows nothing of who is asking, checks everything else again for staff.
        let submitter = match actor {
            Actor::Public | Actor::System => Submitter::Public,
            Actor::User { .. } => Submitter::Staff,
        };
        let submission =
            ValidSubmission::parse(submission, &loaded.procedure, london_date(at), submitter)?
                .into_inner();
        let source = match actor {
            Actor::Public | Actor::System => redress_core::case::AttachmentSource::PublicForm,
            Actor::User { .. } => redress_core::case::AttachmentSource::Staff,
        };
        let attachments = self.uploaded(uploads, source)?;
        let (token, hash) = new_token();
        let year = london_date(at).year();
        let prefix = loaded.procedure.organisation.reference_prefix.clone();
        let actor_name = actor.username();
        // The person gets their tracking link by e-mail only when they sent the form themselves.
        let public_token = matches!(actor, Actor::Public).then_some(token.as_str());
        let by_post = self.post_only_submission(org, &submission, at).await?;
        let intake = submission.adjustments.is_some().then(|| submission.clone());
        let build = |reference: &str| -> AppResult<NewCase> {
            let command = Command::Receive(redress_core::case::Receive {
                reference: Some(reference.to_owned()),
                submission: Box::new(submission),
            });
            let mut events = actor.decide(org, &Case::default(), command, &loaded, at)?;
            let mut case = Case::from_events(&events);
            for attachment in attachments {
                let more = actor
                    .decide(org, &case, Command::AddAttachment(attachment), &loaded, at)
                    .map_err(crate::attachments::on_file)?;
                for event in &more {
                    case.apply(event);
                }
                events.extend(more);
            }
            let read_models = views::read_models(reference, org, &case, &loaded)?;
            let mut messages = crate::letters::outbox(
                &self.templates,
                &loaded,
                reference,
                &case,
                1,
                &events,
                now,
                by_post,
            )?;
            messages.extend(self.mail_on_receipt(
                reference,
                org,
                &case,
                &events,
                &loaded,
                &read_models.summary,
                public_token,
                now,
            ));
            Ok(NewCase {
                read_models,
                outbox: messages,
                events,
                actor: actor_name,
                tracking_hash: Some(hash),
                audit: vec![self.audit_entry(actor, "act: receive", Some(reference), Some(org))],
            })
        };
        let created = match (key, request_hash) {
            (Some(key), Some(request_hash)) => {
                let row = idempotency::new_key(
                    key,
                    actor,
                    request_hash,
                    &token,
                    now,
                    self.idempotency_key_hours,
                )?;
                let made = self
                    .store
                    .create_case_once(org, &prefix, year, row, |reference| -> AppResult<_> {
                        let new_case = build(reference)?;
                        // The answer as it will be given, kept for a retry.
                        let view = views::tracking_view(
                            reference,
                            &new_case.events,
                            &loaded,
                            &self.templates,
                            now,
                        )?;
                        let answer = serde_json::to_string(&view.next).map_err(|e| {
                            AppError::Internal(format!("an answer as JSON: {e}").into())
                        })?;
                        Ok((new_case, answer))
                    })
                    .await??;
                match made {
                    Once::Created(reference) => reference,
                    Once::Replayed(found) if found.request_hash != request_hash => {
                        return Err(idempotency::reused());
                    }
                    Once::Replayed(found) => {
                        tracing::info!(reference = %found.reference, org = %org, "a retried submission answered again");
                        return Ok(Submitted {
                            tracking_token: idempotency::unseal(key, actor, &found.sealed_token)?,
                            next: serde_json::from_str(&found.answer).map_err(|e| {
                                AppError::Internal(format!("a stored answer: {e}").into())
                            })?,
                            reference: found.reference,
                            replayed: true,
                        });
                    }
                }
            }
            _ => self.store.create_case(org, &prefix, year, build).await??,
        };
        self.mail.queued.notify_one();
        if let Some(intake) = &intake {
            self.record_intake_adjustments(org, &created, intake, at)
                .await;
        }
        let stream = self.store.load(&created).await?.ok_or(AppError::NotFound)?;
        let view = views::tracking_view(&created, &stream.events, &loaded, &self.templates, now)?;
        tracing::info!(reference = %created, org = %org, "feedback received");
        Ok(Submitted {
            reference: created,
            tracking_token: token,
            next: view.next,
            replayed: false,
        })
    }

    pub(crate) fn when(&self, at: Option<Timestamp>, now: Timestamp) -> AppResult<Timestamp> {
        match at {
            Some(at) if at > now => Err(AppError::invalid(
                "at",
                "an action cannot be dated in the future",
            )),
            Some(at) => Ok(at),
            None => Ok(now),
        }
    }

    /// Loads a case the actor may see; `NotFound` otherwise (so references do not leak). The
    /// one door to a case for staff: a read (`Seen::Read`) is recorded in the audit log before
    /// anything of the case is returned.
    pub(crate) async fn visible(
        &self,
        actor: &Actor,
        reference: &str,
        seen: Seen<'_>,
    ) -> AppResult<(OrgId, Vec<Event>)> {
        let stream = self
            .store
            .load(reference)
            .await?
            .ok_or(AppError::NotFound)?;
        // Not theirs, kept out, not assigned, or sensitive: all "not found", so a reference
        // tells nothing to someone who may not see the case.
        if let Err(denied) = actor.case_access(&stream.org, &Case::from_events(&stream.events)) {
            tracing::debug!(reference, ?denied, "case not shown");
            return Err(AppError::NotFound);
        }
        if let Seen::Read(action) = seen {
            let entry = self.audit_entry(actor, action, Some(reference), Some(&stream.org));
            self.record_reads(vec![entry]).await?;
        }
        Ok((stream.org, stream.events))
    }

    /// A panel draw given no candidates draws from the organisation's stored member list that
    /// the current stage's panel is drawn from (King's Park's members, Leeds' Advisory Board);
    /// the decider then leaves out those named and those who declined.
    async fn with_stored_list(
        &self,
        org: &OrgId,
        events: &[Event],
        command: Command,
    ) -> AppResult<Command> {
        let Command::DrawPanel(mut draw) = command else {
            return Ok(command);
        };
        if draw.candidates.is_empty() {
            let case = Case::from_events(events);
            let loaded = self.loaded_for(org, &case)?;
            let from = case.current_stage().and_then(|record| {
                let stage = loaded.procedure.stages.iter().find(|s| s.id == record.id)?;
                match &stage.handler {
                    redress_core::procedure::Handler::Panel { from, .. } => Some(from.clone()),
                    _ => None,
                }
            });
            if let Some(from) = from {
                draw.candidates = self
                    .store
                    .members(org)
                    .await?
                    .into_iter()
                    .filter(|member| member.list == from)
                    .map(|member| redress_core::case::Member {
                        id: member.id,
                        name: member.name,
                    })
                    .collect();
            }
        }
        Ok(Command::DrawPanel(draw))
    }

    /// Everything staff see of a case (recorded as `read case`).
    pub async fn read_case(&self, actor: &Actor, reference: &str) -> AppResult<CaseView> {
        self.case_view(actor, reference, Seen::Read("read case"))
            .await
    }

    /// The case as it stands after the actor changed it: the change's audit entry covers it.
    pub(crate) async fn read_after_change(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> AppResult<CaseView> {
        self.case_view(actor, reference, Seen::ToChange).await
    }

    async fn case_view(
        &self,
        actor: &Actor,
        reference: &str,
        seen: Seen<'_>,
    ) -> AppResult<CaseView> {
        let (org, events) = self.visible(actor, reference, seen).await?;
        let case = Case::from_events(&events);
        let loaded = self.loaded_for(&org, &case)?;
        let letters = self.letter_entries(reference, &events, loaded).await?;
        let now = self.clock.now();
        let mut view = actor.with_party(&org, |party| {
            views::case_view(reference, &org, events, loaded, now, party)
        })?;
        view.letters = letters;
        view.conduct = self.conduct_summary(&org, &view.case, now).await?;
        let (repeats, refusal) = self
            .repeats_of(actor, &org, reference, &view.case, loaded)
            .await?;
        view.repeats = repeats;
        view.repeat_refusal = refusal;
        Ok(view)
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
        let (org, events) = self.visible(actor, reference, Seen::ToChange).await?;
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
        let command = self.with_stored_list(&org, &events, command).await?;
        if let Command::IssueTrackingLink(issue) = &command {
            // The new link must reach someone: by e-mail here, or shown once through
            // `issue_tracking_link`, which returns it.
            if issue.delivery == redress_core::case::LinkDelivery::Shown {
                return Err(AppError::invalid(
                    "delivery",
                    "a link to be shown is returned once by POST /api/v1/cases/{reference}/tracking-link; here it would be lost",
                ));
            }
            self.issue_tracking_link(actor, reference, issue.delivery, at)
                .await?;
            return self.read_after_change(actor, reference).await;
        }
        if let Command::AddAttachment(_) = command {
            return Err(AppError::invalid(
                "type",
                "a file is attached by uploading it (POST /api/v1/cases/{reference}/attachments), so its content is stored",
            ));
        }
        if let Command::MergeInto(merge) = &command {
            return self
                .merge_into(actor, reference, &merge.reference, expected_version)
                .await;
        }
        self.commit(
            actor,
            reference,
            &org,
            events,
            command,
            at,
            expected_version,
            None,
        )
        .await?;
        self.read_after_change(actor, reference).await
    }

    /// Load → decide → commit for one command. With `reissue`, the case's tracking token is
    /// replaced in the same transaction and the e-mail carrying the new link is queued with it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn commit(
        &self,
        actor: &Actor,
        reference: &str,
        org: &OrgId,
        events: Vec<Event>,
        command: Command,
        at: Option<Timestamp>,
        expected_version: Option<u64>,
        reissue: Option<&crate::tracking::Reissue>,
    ) -> AppResult<()> {
        self.commit_prepared(
            actor,
            reference,
            org,
            events,
            command,
            at,
            expected_version,
            reissue,
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
        reissue: Option<&crate::tracking::Reissue>,
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
        let audit = self.audit_entry(
            actor,
            format!("act: {}", command.kind().as_str()),
            Some(reference),
            Some(org),
        );
        // A panel draw's seed comes from the Rng port, never from the caller.
        let command = command.with_seed(self.rng.seed());
        let new_events = actor.decide(org, &case, command, &loaded, at)?;
        for event in &new_events {
            case.apply(event);
        }
        let by_post = self.post_only(org, &case, &loaded, at).await?;
        prepare()?;
        let read_models = views::read_models(reference, org, &case, &loaded)?;
        let mut messages = crate::letters::outbox(
            &self.templates,
            &loaded,
            reference,
            &case,
            events.len() as u64 + 1,
            &new_events,
            now,
            by_post,
        )?;
        messages.extend(self.mail_on_events(
            reference,
            org,
            &case,
            &new_events,
            &loaded,
            &read_models.summary,
            now,
        ));
        if let Some(reissue) = reissue {
            messages.extend(self.tracking_link_messages(
                reference,
                &loaded,
                &new_events,
                reissue,
                now,
            )?);
        }
        let commit = Commit {
            reference: reference.to_owned(),
            expected_version: events.len() as u64,
            actor: actor.username(),
            read_models,
            outbox: messages,
            events: new_events,
            audit: vec![audit],
        };
        match reissue {
            Some(reissue) => {
                self.store
                    .append_reissuing_tracking(commit, &reissue.hash)
                    .await?
            }
            None => self.store.append(commit).await?,
        }
        self.mail.queued.notify_one();
        Ok(())
    }

    /// Lists cases the actor may see. `filter.viewer` is replaced by the actor: their
    /// organisations, narrowed by core's access rule.
    pub async fn query_cases(&self, actor: &Actor, mut filter: CaseFilter) -> AppResult<Page> {
        filter.viewer = actor.viewer();
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

    /// What the complainant may see (recorded as `read tracking page` by `public`).
    pub async fn track(&self, token: &str) -> AppResult<TrackingView> {
        self.track_seen(token, true).await
    }

    /// `track`, recording the read unless it is the page shown after the complainant's own
    /// action (whose entry covers it).
    async fn track_seen(&self, token: &str, record: bool) -> AppResult<TrackingView> {
        let (reference, org, events) = self.tracked(token).await?;
        if record {
            let entry = self.audit_entry(
                &Actor::Public,
                "read tracking page",
                Some(&reference),
                Some(&org),
            );
            self.record_reads(vec![entry]).await?;
        }
        let case = Case::from_events(&events);
        let loaded = self.loaded_for(&org, &case)?;
        views::tracking_view(
            &reference,
            &events,
            loaded,
            &self.templates,
            self.clock.now(),
        )
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
            None,
        )
        .await?;
        self.track_seen(token, false).await
    }
}
