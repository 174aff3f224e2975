//! Self-assessment against a complaint handling code: core's `AssessmentBuilder` fed the facts
//! of an organisation's cases (the same `each_facts` reports fold). For one of its procedures:
//! that procedure's latest version is the file assessed and its cases the live evidence. For
//! the organisation as a whole: its main procedure's latest version (the one it publishes) and
//! every case, whichever procedure it runs on.

use redress_core::codes::{self, Assessment, AssessmentBuilder, Code};
use redress_core::ids::{OrgId, ProcedureId};
use redress_core::report::Period;
use redress_store::Store;

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};

/// Reads the `against` field: a shipped code's id, or an error naming the field and the ids.
pub fn parse_code(text: &str) -> AppResult<Code> {
    codes::shipped(text.trim()).map_err(|error| AppError::invalid("against", error.to_string()))
}

/// The codes a self-assessment may be made against: each shipped code's id and title, in the
/// order core ships them.
pub fn codes() -> Vec<(&'static str, String)> {
    codes::shipped_ids()
        .into_iter()
        .filter_map(|id| codes::shipped(id).ok().map(|code| (id, code.code.title)))
        .collect()
}

impl<S: Store> App<S> {
    /// The self-assessment of `org` against `code`, with the live evidence of `period`, for a
    /// trusted caller (the CLI): of `procedure` (its file and its cases), or with none of the
    /// organisation (its main procedure's file and every case).
    pub async fn assess(
        &self,
        org: &OrgId,
        code: &Code,
        period: Period,
        procedure: Option<&ProcedureId>,
    ) -> AppResult<Assessment> {
        let main = self.procedures.latest(org).ok_or_else(|| {
            AppError::invalid("org", format!("no organisation `{org}` is loaded"))
        })?;
        let latest = match procedure {
            Some(id) => self.procedures.latest_of(org, id).ok_or_else(|| {
                AppError::invalid("procedure", format!("`{org}` has no procedure `{id}`"))
            })?,
            None => main,
        };
        let mut builder = AssessmentBuilder::new(&latest.procedure, &latest.calendar, code, period);
        self.each_facts(org, period, procedure, |facts| builder.add(facts))
            .await?;
        Ok(builder.finish(&latest.procedure.organisation.name))
    }

    /// The same for a member of staff who may read the organisation's reports: the reports'
    /// rule ([`App::may_read_figures`]), so another organisation reads as unknown, naming `org`.
    pub async fn assess_for(
        &self,
        actor: &Actor,
        org: &OrgId,
        code: &Code,
        period: Period,
        procedure: Option<&str>,
    ) -> AppResult<Assessment> {
        self.may_read_figures(actor, org)?;
        let procedure = self.parse_procedure(org, procedure)?;
        self.assess(org, code, period, procedure.as_ref()).await
    }
}
