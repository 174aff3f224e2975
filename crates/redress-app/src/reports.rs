//! Reports: an organisation's figures for a period, folded by core's `ReportBuilder` from the
//! facts of each case whose dates touch the period and the one before (the store's
//! `report_facts`).
//!
//! Kept-out cases are counted: a report is aggregate, names no one and lists no case, and the
//! same figures whoever asks are what a Board is shown. Pages and exports that *list* cases
//! keep applying core's `CaseAccess`.

use redress_core::case::Case;
use redress_core::ids::OrgId;
use redress_core::report::{CaseFacts, Period, Report, ReportBuilder};
use redress_store::Store;

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};

/// Reads the `org` field: a loaded organisation's id, or an error naming the field.
pub fn parse_org(text: &str) -> AppResult<OrgId> {
    OrgId::parse(text.trim()).map_err(|message| AppError::invalid("org", message))
}

/// Reads the `period` field, or an error naming it.
pub fn parse_period(text: &str) -> AppResult<Period> {
    Period::parse(text).map_err(|error| AppError::invalid("period", error.to_string()))
}

impl<S: Store> App<S> {
    /// The report on `org` for `period`, for a trusted caller (the CLI).
    pub async fn report(&self, org: &OrgId, period: Period) -> AppResult<Report> {
        let latest = self.procedures.latest(org).ok_or_else(|| {
            AppError::invalid("org", format!("no organisation `{org}` is loaded"))
        })?;
        let mut builder = ReportBuilder::new(&latest.procedure, period);
        self.each_facts(org, builder.span(), |facts| builder.add(facts))
            .await?;
        Ok(builder.finish())
    }

    /// Calls `add` with the facts of every case of `org` whose days touch `span`: the store's
    /// `case_facts` read model, and for cases stored before it (until `redress rebuild`), the
    /// facts worked out here from their events under the procedure version each ran on. What
    /// reports and self-assessments both fold.
    pub(crate) async fn each_facts(
        &self,
        org: &OrgId,
        span: Period,
        mut add: impl FnMut(&CaseFacts),
    ) -> AppResult<()> {
        let latest = self.procedures.latest(org).ok_or_else(|| {
            AppError::invalid("org", format!("no organisation `{org}` is loaded"))
        })?;
        let read = self.store.report_facts(org, span.first, span.last).await?;
        read.facts.iter().for_each(&mut add);
        let now = self.now();
        for (reference, events) in read.without_facts {
            let case = Case::from_events(&events);
            let loaded = case
                .procedure_version
                .as_deref()
                .and_then(|version| self.procedures.version(org, version))
                .unwrap_or(latest);
            let facts = CaseFacts::of(&case, &loaded.procedure, &loaded.calendar, now)
                .map_err(|error| AppError::Internal(format!("case {reference}: {error}").into()))?;
            if let Some(facts) = facts {
                add(&facts);
            }
        }
        Ok(())
    }

    /// The report on `org` for `period`, for a member of staff who [may read its
    /// figures](Self::may_read_figures).
    pub async fn report_for(
        &self,
        actor: &Actor,
        org: &OrgId,
        period: Period,
    ) -> AppResult<Report> {
        self.may_read_figures(actor, org)?;
        self.report(org, period).await
    }

    /// Who may read an organisation's aggregate figures — its reports and self-assessments,
    /// which name no one and list no case: any member of it. An organisation the actor does not
    /// belong to (or that is not loaded) reads as unknown, an error naming `org`, so the answer
    /// tells nothing of which organisations exist.
    pub fn may_read_figures(&self, actor: &Actor, org: &OrgId) -> AppResult<()> {
        if !actor.can_see(org) || self.procedures.latest(org).is_none() {
            return Err(AppError::invalid(
                "org",
                format!("no organisation `{org}` that you belong to is loaded"),
            ));
        }
        Ok(())
    }
}

/// How many learning actions on the cases the dashboard lists, at most.
pub const LEARNING_LISTED: u32 = 20;

/// The learning actions not yet done on the cases an actor may open, as the dashboard tracks
/// them: exact counts, and the first [`LEARNING_LISTED`] soonest due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenActions {
    /// How many there are.
    pub open: u64,
    /// How many of them are past their due day (Europe/London) at the app's clock.
    pub overdue: u64,
    /// The first of them, soonest due first (those with no due day last).
    pub first: Vec<OpenAction>,
}

/// A learning action not yet done, as the dashboard lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenAction {
    /// The organisation.
    pub org: OrgId,
    /// The case, its number there, what, who and when (the store's row).
    pub row: redress_store::LearningRow,
    /// Past its due day (Europe/London) at the app's clock.
    pub overdue: bool,
}

impl<S: Store> App<S> {
    /// The learning actions not yet done in the actor's organisations, on cases the actor may
    /// open (they name the case; the store applies the case list's access rule): what the
    /// dashboard tracks to done.
    pub async fn open_learning(&self, actor: &Actor) -> AppResult<OpenActions> {
        let today = redress_core::calendar::london_date(self.now());
        let found = self
            .store
            .open_learning(&actor.viewer(), today, LEARNING_LISTED)
            .await?;
        Ok(OpenActions {
            open: found.open,
            overdue: found.overdue,
            first: found
                .first
                .into_iter()
                .map(|(org, row)| OpenAction {
                    overdue: row.due_on.is_some_and(|due| due < today),
                    org,
                    row,
                })
                .collect(),
        })
    }
}
