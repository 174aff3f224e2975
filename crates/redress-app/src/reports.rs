//! Reports: an organisation's figures for a period, folded by core's `ReportBuilder` from the
//! facts of each case whose dates touch the period and the one before (the store's
//! `report_facts`): one procedure's, or the organisation's over all its procedures (with each
//! procedure's figures beside the whole when it runs more than one).
//!
//! Kept-out cases are counted: a report is aggregate, names no one and lists no case, and the
//! same figures whoever asks are what a Board is shown. Pages and exports that *list* cases
//! keep applying core's `CaseAccess`.

use redress_core::case::Case;
use redress_core::ids::{OrgId, ProcedureId};
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
    /// Reads the `procedure` field for `org`: none given (absent or blank) is the organisation
    /// as a whole; otherwise one of its procedures' ids, or an error naming the field and the
    /// ids it has.
    pub fn parse_procedure(
        &self,
        org: &OrgId,
        text: Option<&str>,
    ) -> AppResult<Option<ProcedureId>> {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let ids = self.procedures.ids(org);
        ProcedureId::parse(text)
            .ok()
            .filter(|id| ids.contains(&id))
            .map(Some)
            .ok_or_else(|| {
                let known: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
                AppError::invalid(
                    "procedure",
                    format!(
                        "`{org}` has no procedure `{text}`; its procedures: {}",
                        known.join(", ")
                    ),
                )
            })
    }

    /// The report on `org` for `period`, for a trusted caller (the CLI): `procedure`'s alone
    /// (only its cases, in its words), or with none the organisation's over every procedure.
    pub async fn report(
        &self,
        org: &OrgId,
        period: Period,
        procedure: Option<&ProcedureId>,
    ) -> AppResult<Report> {
        let latest = self.procedures.latest(org).ok_or_else(|| {
            AppError::invalid("org", format!("no organisation `{org}` is loaded"))
        })?;
        let mut builder = match procedure {
            Some(id) => {
                let loaded = self.procedures.latest_of(org, id).ok_or_else(|| {
                    AppError::invalid("procedure", format!("`{org}` has no procedure `{id}`"))
                })?;
                ReportBuilder::of_procedure(&loaded.procedure, period)
            }
            None => {
                let mut all: Vec<&redress_core::procedure::Procedure> = vec![&latest.procedure];
                all.extend(
                    self.procedures
                        .ids(org)
                        .into_iter()
                        .filter(|id| !id.is_main())
                        .filter_map(|id| self.procedures.latest_of(org, id))
                        .map(|l| &*l.procedure),
                );
                ReportBuilder::combined(&all, period)
            }
        };
        self.each_facts(org, builder.span(), procedure, |facts| builder.add(facts))
            .await?;
        Ok(builder.finish())
    }

    /// Calls `add` with the facts of every case of `org` whose days touch `span` (only those
    /// running on `procedure`, when named): the store's `case_facts` read model, and for cases
    /// stored before it (until `redress rebuild`), the facts worked out here from their events
    /// under the procedure version each ran on. What reports and self-assessments both fold.
    pub(crate) async fn each_facts(
        &self,
        org: &OrgId,
        span: Period,
        procedure: Option<&ProcedureId>,
        mut add: impl FnMut(&CaseFacts) + Send,
    ) -> AppResult<()> {
        let latest = self.procedures.latest(org).ok_or_else(|| {
            AppError::invalid("org", format!("no organisation `{org}` is loaded"))
        })?;
        let without_facts = self
            .store
            .report_facts(org, span.first, span.last, procedure, &mut add)
            .await?;
        let now = self.now();
        for (reference, events) in without_facts {
            let case = Case::from_events(&events);
            let loaded = case
                .procedure_version
                .as_deref()
                .and_then(|version| self.procedures.version(org, version))
                .unwrap_or(latest);
            let facts = CaseFacts::of(&case, &loaded.procedure, &loaded.calendar, now)
                .map_err(|error| AppError::Internal(format!("case {reference}: {error}").into()))?;
            if let Some(facts) = facts.filter(|f| procedure.is_none_or(|p| f.procedure == *p)) {
                add(&facts);
            }
        }
        Ok(())
    }

    /// The report on `org` for `period` (`procedure` as the field was given: see
    /// [`App::parse_procedure`]), for a member of staff who [may read its
    /// figures](Self::may_read_figures).
    pub async fn report_for(
        &self,
        actor: &Actor,
        org: &OrgId,
        period: Period,
        procedure: Option<&str>,
    ) -> AppResult<Report> {
        self.may_read_figures(actor, org)?;
        let procedure = self.parse_procedure(org, procedure)?;
        self.report(org, period, procedure.as_ref()).await
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
