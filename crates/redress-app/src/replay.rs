//! A dry run of a change to a procedure (issue 10, item 8): every past case of an organisation
//! that ran on the procedure a proposal would replace, replayed under the proposal by core's
//! `case::replay`. Read-only: nothing is stored, no audit entry is written (no case is read
//! for a person; the output lists references and dates, no personal data).
//!
//! Cases are read a page of summaries at a time (`list_cases`, 200 a page) and each case's
//! events loaded and folded once, so memory stays that of one page whatever the number of
//! cases; the summary's procedure version lets cases of the organisation's other procedures be
//! passed over without loading them.

use redress_core::calendar::Calendar;
use redress_core::case::Case;
use redress_core::case::replay::{CaseReplay, Rules, Totals, replay};
use redress_core::ids::OrgId;
use redress_core::procedure::Procedure;
use redress_store::{CaseFilter, Store, Viewer};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::procedures::Procedures;

/// What became of one case in a replay.
#[derive(Debug)]
pub enum Replayed<'a> {
    /// Its deadlines under both procedures.
    Case(&'a CaseReplay),
    /// It could not be replayed, and why (its version is not loaded; a date outside the
    /// calendar's data).
    Skipped(String),
}

/// The counts of a whole replay.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReplaySummary {
    /// The replayed cases' deadlines, counted.
    pub totals: Totals,
    /// Cases of the organisation's other procedures, passed over.
    pub other_procedures: u64,
    /// Cases that could not be replayed.
    pub skipped: u64,
}

/// Checks that `proposal` may be replayed over `org`'s cases among `procedures`: the
/// organisation is loaded, the proposal is for it, and it has a procedure with the proposal's
/// `[procedure] id`. Errors name the flag or field at fault. Needs no store, so a command can
/// refuse bad input before opening the database.
pub fn check_proposal(procedures: &Procedures, org: &OrgId, proposal: &Procedure) -> AppResult<()> {
    if procedures.latest(org).is_none() {
        return Err(AppError::invalid(
            "org",
            format!("no organisation `{org}` is loaded"),
        ));
    }
    let for_org = &proposal.organisation.id;
    if for_org != org {
        return Err(AppError::invalid(
            "organisation.id",
            format!("the proposal is for `{for_org}`, not `{org}`"),
        ));
    }
    let id = &proposal.procedure.id;
    let mut ids: Vec<String> = procedures
        .all()
        .filter(|l| &l.procedure.organisation.id == org)
        .map(|l| l.procedure.procedure.id.to_string())
        .collect();
    ids.sort();
    ids.dedup();
    if !ids.iter().any(|known| known == id.as_str()) {
        return Err(AppError::invalid(
            "procedure.id",
            format!(
                "`{org}` has no procedure `{id}` whose cases could be replayed (it has: {})",
                ids.join(", ")
            ),
        ));
    }
    Ok(())
}

impl<S: Store> App<S> {
    /// Replays every case of `org` that ran on a version of the procedure `proposal` would
    /// replace (the same `[procedure] id`), at the app's clock, calling `each` with each case's
    /// reference and what became of it, newest received first; then the counts. Checks the
    /// proposal first ([`check_proposal`]). An error from `each` stops the replay.
    pub async fn replay(
        &self,
        org: &OrgId,
        proposal: &Procedure,
        mut each: impl FnMut(&str, Replayed<'_>) -> std::io::Result<()>,
    ) -> AppResult<ReplaySummary> {
        check_proposal(&self.procedures, org, proposal)?;
        let calendar = Calendar::new(
            proposal.organisation.region,
            &proposal.organisation.closure_days,
        );
        let new = Rules {
            procedure: proposal,
            calendar: &calendar,
        };
        let now = self.now();
        let mut summary = ReplaySummary::default();
        let mut filter = CaseFilter {
            viewer: Viewer::system([org.clone()]),
            org: Some(org.clone()),
            limit: 200,
            ..CaseFilter::default()
        };
        let written = |error: std::io::Error| AppError::Internal(Box::new(error));
        loop {
            let page = self.store.list_cases(&filter).await?;
            for row in &page.cases {
                let Some(loaded) = self.procedures.version(org, &row.procedure_version) else {
                    summary.skipped += 1;
                    let why = format!(
                        "its procedure version `{}` is not loaded",
                        row.procedure_version
                    );
                    each(&row.reference, Replayed::Skipped(why)).map_err(written)?;
                    continue;
                };
                if loaded.procedure.procedure.id != proposal.procedure.id {
                    summary.other_procedures += 1;
                    continue;
                }
                let Some(stream) = self.store.load(&row.reference).await? else {
                    continue;
                };
                let case = Case::from_events(&stream.events);
                let old = Rules {
                    procedure: &loaded.procedure,
                    calendar: &loaded.calendar,
                };
                match replay(&case, old, new, now) {
                    Ok(replayed) => {
                        summary.totals.add(&replayed);
                        each(&row.reference, Replayed::Case(&replayed)).map_err(written)?;
                    }
                    Err(error) => {
                        summary.skipped += 1;
                        each(&row.reference, Replayed::Skipped(error.to_string()))
                            .map_err(written)?;
                    }
                }
            }
            match page.next {
                Some(next) => filter.after = Some(next),
                None => break,
            }
        }
        Ok(summary)
    }
}
