//! Retention and erasure: `run_retention` finds every closed case whose personal data core says
//! is due (`case::retention::retained`), and erases each through `erase`, the one path that an
//! erasure asked for by a person (`App::person_erase`) also takes. Each erasure is one store
//! transaction (history rewritten, read models replaced, tracking hash, outbox rows, e-mail text
//! and link requests gone); then files no other case names are deleted, the run is logged, and
//! the store compacted so free pages and the write-ahead log keep no copy.

use jiff::Timestamp;
use redress_core::calendar::{Duration, london_date};
use redress_core::case::retention::{Retained, erase, retained, silent_due_closed_before};
use redress_core::case::{Case, ErasedBy, Event};
use redress_core::ids::OrgId;
use redress_store::{CaseErasure, RetentionRun, Store};
use serde::Serialize;

use crate::App;
use crate::error::{AppError, AppResult};

/// How long personal data is kept after closure when a procedure sets no `[retention]`.
pub const DEFAULT_RETENTION: Duration = Duration::Months(72);

/// One case a run erased, or would erase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Due {
    /// The case.
    pub reference: String,
    /// The day its personal data fell due for deletion.
    pub due_on: jiff::civil::Date,
}

/// What a retention run did (or, dry, would do).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RetentionReport {
    /// When it ran, by the app's clock.
    pub at: Timestamp,
    /// Whether it only listed.
    pub dry_run: bool,
    /// The cases erased (or due, on a dry run).
    pub erased: Vec<Due>,
    /// Closed cases kept past their day by a legal hold: reference and reason.
    pub held: Vec<(String, String)>,
    /// Files deleted because no other case names their content.
    pub files_deleted: usize,
    /// Conduct records deleted (or due, on a dry run): their person has no case left holding
    /// personal data, and no restriction is still to run (`ConductRecord::may_be_deleted`).
    pub conduct_deleted: usize,
}

impl<S: Store> App<S> {
    /// The default retention period (`retention_default`), for procedures silent on it.
    pub fn retention_default(&self) -> Duration {
        self.retention_default
    }

    /// The app with `period` as its default retention period.
    pub fn with_retention_default(mut self, period: Duration) -> App<S> {
        self.retention_default = period;
        self
    }

    /// Erases every case due at the app's clock; with `dry_run`, lists them and changes nothing.
    pub async fn run_retention(&self, dry_run: bool) -> AppResult<RetentionReport> {
        let now = self.clock.now();
        let mut report = RetentionReport {
            at: now,
            dry_run,
            erased: Vec::new(),
            held: Vec::new(),
            files_deleted: 0,
            conduct_deleted: 0,
        };
        let orgs: Vec<OrgId> = self.procedures.orgs().cloned().collect();
        let today = london_date(now);
        let silent_closed_before = silent_due_closed_before(today, self.retention_default)
            .map_err(|e| AppError::Internal(Box::new(e)))?;
        for org in &orgs {
            let candidates = self
                .store
                .retention_candidates(org, today, silent_closed_before)
                .await?;
            for reference in candidates {
                let Some(stream) = self.store.load(&reference).await? else {
                    continue;
                };
                let case = Case::from_events(&stream.events);
                let loaded = self.loaded_for(&stream.org, &case)?;
                let standing = retained(&case, &loaded.procedure, self.retention_default, now)
                    .map_err(|e| AppError::Internal(Box::new(e)))?;
                match standing {
                    Retained::Due(day) => {
                        if !dry_run {
                            report.files_deleted += self
                                .erase(
                                    &reference,
                                    &stream.org,
                                    stream.events,
                                    None,
                                    ErasedBy::Retention,
                                    None,
                                )
                                .await?;
                        }
                        report.erased.push(Due {
                            reference,
                            due_on: day,
                        });
                    }
                    Retained::Held(reason) => report.held.push((reference, reason)),
                    Retained::Open | Retained::Erased | Retained::Until(_) => {}
                }
            }
        }
        for org in &orgs {
            for (person, events) in self.store.conduct_people(org).await? {
                if self
                    .conduct_may_go(org, &person, &events, now)
                    .await?
                    .is_ok()
                {
                    if !dry_run {
                        self.delete_conduct(org, &person, "system".to_owned(), "retention")
                            .await?;
                    }
                    report.conduct_deleted += 1;
                }
            }
        }
        if !dry_run {
            self.finish_run(
                now,
                "retention".to_owned(),
                &report.erased,
                report.conduct_deleted,
            )
            .await?;
        }
        Ok(report)
    }

    /// Whether a person's conduct record at `org` may be deleted at `now`; if not, why not.
    pub(crate) async fn conduct_may_go(
        &self,
        org: &OrgId,
        person: &str,
        events: &[redress_core::conduct::ConductEvent],
        now: Timestamp,
    ) -> AppResult<Result<(), String>> {
        let record = redress_core::conduct::ConductRecord::from_events(events);
        let kept = self.store.cases_of_person(org, person).await?.len();
        Ok(record
            .may_be_deleted(redress_core::calendar::london_date(now), kept)
            .map_err(|why| why.to_string()))
    }

    /// Deletes a person's conduct record at `org`, audited as done by `actor` because of `why`.
    pub(crate) async fn delete_conduct(
        &self,
        org: &OrgId,
        person: &str,
        actor: String,
        why: &str,
    ) -> AppResult<usize> {
        let entry = self.audit_entry_by(
            actor,
            why != "retention",
            format!("delete conduct record ({why})"),
            None,
            Some(org),
        );
        Ok(self.store.delete_conduct(org, person, vec![entry]).await?)
    }

    /// The latest runs, newest first.
    pub async fn retention_runs(&self, limit: u32) -> AppResult<Vec<RetentionRun>> {
        Ok(self.store.retention_runs(limit).await?)
    }

    /// Erases one case: core redacts its history, the store rewrites it in one transaction,
    /// then the files only it named are deleted. Returns how many files went.
    pub(crate) async fn erase(
        &self,
        reference: &str,
        org: &OrgId,
        events: Vec<Event>,
        actor: Option<String>,
        by: ErasedBy,
        reason: Option<String>,
    ) -> AppResult<usize> {
        let now = self.clock.now();
        let case = Case::from_events(&events);
        let loaded = self.loaded_for(org, &case)?;
        let link_keys: Vec<[u8; 32]> = case
            .email_addresses()
            .into_iter()
            .map(|address| crate::tracking::key_hash("email", &address.to_lowercase()))
            .chain([crate::tracking::key_hash("case", reference)])
            .collect();
        let contents: Vec<String> = case.attachments.iter().map(|a| a.sha256.clone()).collect();
        let erasure = erase(
            &case,
            &events,
            now.max(case.last_event_at.unwrap_or(now)),
            by,
            reason,
        )
        .map_err(|e| AppError::invalid("reference", e.to_string()))?;
        let mut erased_case = Case::from_events(&erasure.redacted);
        erased_case.apply(&erasure.erased);
        let read_models = crate::views::read_models(reference, org, &erased_case, loaded)?;
        self.store
            .erase_case(CaseErasure {
                reference: reference.to_owned(),
                expected_version: case.version,
                redacted: erasure.redacted,
                erased: erasure.erased,
                audit: vec![self.audit_entry_by(
                    actor.clone().unwrap_or_else(|| "system".to_owned()),
                    by == ErasedBy::Request,
                    format!(
                        "erase personal data ({})",
                        redress_core::names::serde_name(&by)
                    ),
                    Some(reference),
                    Some(org),
                )],
                actor,
                read_models,
                link_keys,
            })
            .await?;
        let mut deleted = 0;
        if let Some(files) = self.files.as_deref() {
            for sha256 in contents {
                if self.store.content_in_use(&sha256).await? {
                    continue;
                }
                match std::fs::remove_file(files.path(&sha256)) {
                    Ok(()) => deleted += 1,
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                    Err(error) => return Err(AppError::Internal(Box::new(error))),
                }
            }
        }
        Ok(deleted)
    }

    pub(crate) async fn finish_run(
        &self,
        at: Timestamp,
        cause: String,
        erased: &[Due],
        conduct_deleted: usize,
    ) -> AppResult<()> {
        let id = format!("{}-{:016x}", at.as_microsecond(), self.rng.seed());
        self.store
            .record_retention_run(RetentionRun {
                id,
                at,
                cause,
                references: erased.iter().map(|d| d.reference.clone()).collect(),
            })
            .await?;
        if !erased.is_empty() || conduct_deleted > 0 {
            self.store.compact().await?;
        }
        Ok(())
    }
}
