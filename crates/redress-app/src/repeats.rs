//! Repeats and duplicates: the earlier cases a case closely matches (core's
//! `redress_core::repeats` decides; the store gives the cases of the same person and the most
//! recent ones of the organisation), and merging a duplicate into the case that survives.

use redress_core::case::Case;
use redress_core::ids::OrgId;
use redress_core::procedure::Exclusion;
use redress_core::repeats::{Earlier, Repeat, decide_merge, matter_words, refusal_reason, repeats};
use redress_store::{Commit, Store};

use crate::App;
use crate::audit::Seen;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::procedures::Loaded;
use crate::views::{self, CaseView, case_people};

/// How many of an organisation's most recent cases a case is compared with for the same
/// matter, besides every case of the same person.
const RECENT: u32 = 500;

impl<S: Store> App<S> {
    /// The earlier cases `case` closely matches, that the actor may see, and the procedure's
    /// refusal reason when one of them was investigated.
    pub(crate) async fn repeats_of(
        &self,
        actor: &Actor,
        org: &OrgId,
        reference: &str,
        case: &Case,
        loaded: &Loaded,
    ) -> AppResult<(Vec<Repeat>, Option<Exclusion>)> {
        let Some(submission) = &case.submission else {
            return Ok((Vec::new(), None));
        };
        let people = case_people(case);
        let received = case.received_at;
        let earlier: Vec<Earlier> = self
            .store
            .matters(org, &people, RECENT)
            .await?
            .into_iter()
            .filter(|row| received.is_none_or(|r| row.received_at <= r))
            .map(|row| Earlier {
                same_person: row.people.iter().any(|p| people.contains(p)),
                reference: row.reference,
                words: row.matter.words,
                investigated: row.matter.investigated,
            })
            .collect();
        let words = matter_words(&submission.what_happened);
        let found = repeats(reference, &words, &earlier);
        // A case the actor may not open is not even hinted at.
        let references: Vec<String> = found.iter().map(|r| r.reference.clone()).collect();
        let visible = self
            .store
            .visible_cases(&actor.viewer(), &references)
            .await?;
        let found: Vec<_> = found
            .into_iter()
            .filter(|r| visible.contains(&r.reference))
            .collect();
        let refusal = refusal_reason(&loaded.procedure, &found).cloned();
        Ok((found, refusal))
    }
}

impl<S: Store> App<S> {
    /// Merges the case `reference`, a duplicate, into `survivor`: core decides whether it may
    /// (`repeats::decide_merge`); both cases' events are appended in one transaction, the
    /// duplicate closing as merged with its events kept. A survivor the actor may not see is
    /// "no such case", as everywhere.
    pub async fn merge_into(
        &self,
        actor: &Actor,
        reference: &str,
        survivor: &str,
        expected_version: Option<u64>,
    ) -> AppResult<CaseView> {
        let (org, events) = self.visible(actor, reference, Seen::ToChange).await?;
        if !actor.can_act(&org) {
            return Err(AppError::Forbidden(
                "read-only users cannot act on cases".to_owned(),
            ));
        }
        let survivor = survivor.trim();
        let (survivor_org, survivor_events) =
            match self.visible(actor, survivor, Seen::ToChange).await {
                Ok(found) => found,
                Err(AppError::NotFound) => {
                    return Err(AppError::invalid(
                        "reference",
                        format!("there is no case {survivor} that you can see"),
                    ));
                }
                Err(error) => return Err(error),
            };
        let mut case = Case::from_events(&events);
        if let Some(expected) = expected_version
            && expected != case.version
        {
            return Err(AppError::Conflict(format!(
                "case {reference} changed since it was read (expected version {expected}, now {}); nothing was saved: reload the case and try again",
                case.version
            )));
        }
        let mut kept = Case::from_events(&survivor_events);
        let loaded = self.loaded_for(&org, &case)?.clone();
        let kept_loaded = self.loaded_for(&survivor_org, &kept)?.clone();
        let now = self.clock.now();
        let (merged_events, kept_events) = actor.with_party(&org, |party| {
            decide_merge(
                reference,
                &case,
                &org,
                survivor,
                &kept,
                &survivor_org,
                &loaded.procedure,
                &loaded.calendar,
                now,
                party,
            )
        })?;
        for event in &merged_events {
            case.apply(event);
        }
        for event in &kept_events {
            kept.apply(event);
        }
        let first = Commit {
            reference: reference.to_owned(),
            expected_version: events.len() as u64,
            actor: actor.username(),
            read_models: views::read_models(reference, &org, &case, &loaded)?,
            outbox: Vec::new(),
            events: merged_events,
            audit: vec![self.audit_entry(actor, "act: merge-into", Some(reference), Some(&org))],
        };
        let second = Commit {
            reference: survivor.to_owned(),
            expected_version: survivor_events.len() as u64,
            actor: actor.username(),
            read_models: views::read_models(survivor, &survivor_org, &kept, &kept_loaded)?,
            outbox: Vec::new(),
            events: kept_events,
            audit: vec![self.audit_entry(
                actor,
                "act: duplicate merged in",
                Some(survivor),
                Some(&survivor_org),
            )],
        };
        self.store.append_both(first, second).await?;
        self.read_case(actor, reference).await
    }
}
