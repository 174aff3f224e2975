//! The procedure as staff read it: the plain-English explanation of any loaded version, the
//! versions past and to come, members' confirmations that they have read the version in force,
//! and when the procedure is next due for review.
//!
//! Confirmations are per version: when a new version comes into force, everyone is asked again.
//! Members are asked only where the procedure file says so (`[review] members_confirm`).
//!
//! The review date is the newest loaded version's effective date plus `[review] every`: loading
//! a reviewed version, even one that takes effect later, is the review. It is "due" from one
//! month before that date and "overdue" after it.

use jiff::civil::Date;
use jiff::{Span, Timestamp};
use redress_core::calendar::{Duration, london_date};
use redress_core::ids::OrgId;
use redress_core::procedure::explain;
use redress_store::{Confirmation, Store};

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::procedures::Loaded;

/// Where a version stands today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionState {
    /// Replaced by a later version (cases received under it still run on it).
    Past,
    /// The version new cases are received under.
    Current,
    /// Loaded, taking effect later.
    Upcoming,
}

/// One loaded version, for the list of versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionSummary {
    /// The label.
    pub version: String,
    /// When it takes effect.
    pub effective_from: Date,
    /// Where it stands today.
    pub state: VersionState,
}

/// Whether the procedure's review is near.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewState {
    /// More than a month away.
    Later,
    /// Within the next month.
    Due,
    /// The date has passed without a new version.
    Overdue,
}

/// When the procedure is next reviewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Review {
    /// The day the review falls due.
    pub on: Date,
    /// How near it is.
    pub state: ReviewState,
}

/// One version of a procedure as the staff procedure page shows it.
#[derive(Clone, Debug)]
pub struct ProcedureView {
    /// The organisation's id.
    pub org: OrgId,
    /// Its name.
    pub organisation: String,
    /// The document's title.
    pub title: String,
    /// This version's label.
    pub version: String,
    /// When it takes effect.
    pub effective_from: Date,
    /// Where it stands today.
    pub state: VersionState,
    /// The procedure in plain English, as a document tree.
    pub explained: redress_core::procedure::Document,
    /// Every loaded version, oldest first.
    pub versions: Vec<VersionSummary>,
    /// The next review, where the procedure sets a period.
    pub review: Option<Review>,
    /// Whether members confirm they have read the procedure.
    pub members_confirm: bool,
    /// The declaration they confirm, where the procedure words one.
    pub declaration: Option<String>,
    /// Who has confirmed this version, earliest first.
    pub confirmations: Vec<Confirmation>,
    /// When the actor confirmed this version, if they have.
    pub confirmed_at: Option<Timestamp>,
    /// Members of the organisation who have not confirmed this version, by display name
    /// (empty where members are not asked).
    pub awaiting: Vec<String>,
}

/// What the dashboard says about one organisation's procedure for one user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcedureReminder {
    /// The organisation's id.
    pub org: OrgId,
    /// Its name.
    pub organisation: String,
    /// The version in force.
    pub version: String,
    /// The next review, where the procedure sets a period.
    pub review: Option<Review>,
    /// Whether the user still has to confirm they have read the version in force.
    pub must_confirm: bool,
}

impl ProcedureReminder {
    /// Whether there is anything to tell the user.
    pub fn needs_attention(&self) -> bool {
        self.must_confirm
            || self
                .review
                .is_some_and(|review| review.state != ReviewState::Later)
    }
}

/// `from` plus a duration as a review period; `None` past the calendar's range.
fn add_period(from: Date, every: Duration, loaded: &Loaded) -> Option<Date> {
    let span = match every {
        Duration::Months(n) => Span::new().try_months(n).ok()?,
        Duration::Weeks(n) => Span::new().try_weeks(n).ok()?,
        Duration::Days(n) => Span::new().try_days(n).ok()?,
        Duration::Hours(n) => Span::new().try_days(n.div_ceil(24)).ok()?,
        Duration::WorkingDays(n) => return loaded.calendar.add_working_days(from, n).ok(),
    };
    from.checked_add(span).ok()
}

fn review_of(latest: &Loaded, today: Date) -> Option<Review> {
    let procedure = &latest.procedure;
    let every = procedure.review.as_ref()?.every;
    let on = add_period(procedure.procedure.effective_from, every, latest)?;
    let warn_from = on.checked_sub(Span::new().months(1)).unwrap_or(on);
    let state = if today > on {
        ReviewState::Overdue
    } else if today >= warn_from {
        ReviewState::Due
    } else {
        ReviewState::Later
    };
    Some(Review { on, state })
}

impl<S: Store> App<S> {
    fn today(&self) -> Date {
        london_date(self.clock.now())
    }

    /// The version of `org` in force today (or the first, if none is yet).
    fn current_version(&self, org: &OrgId) -> AppResult<&Loaded> {
        self.procedures
            .in_force(org, self.today())
            .or_else(|| {
                self.procedures
                    .all()
                    .find(|l| &l.procedure.organisation.id == org)
            })
            .ok_or(AppError::NotFound)
    }

    fn state_of(&self, org: &OrgId, loaded: &Loaded) -> AppResult<VersionState> {
        let current = self.current_version(org)?;
        let this = &loaded.procedure.procedure;
        Ok(if this.version == current.procedure.procedure.version {
            VersionState::Current
        } else if this.effective_from > current.procedure.procedure.effective_from {
            VersionState::Upcoming
        } else {
            VersionState::Past
        })
    }

    /// A version of `org`'s procedure (the one in force when `version` is `None`) for a member.
    pub async fn procedure_view(
        &self,
        actor: &Actor,
        org: &OrgId,
        version: Option<&str>,
    ) -> AppResult<ProcedureView> {
        let latest = self.member_of(actor, org)?;
        let loaded = match version {
            Some(version) => self
                .procedures
                .version(org, version)
                .ok_or(AppError::NotFound)?,
            None => self.current_version(org)?,
        };
        let procedure = &loaded.procedure;
        let label = procedure.procedure.version.clone();
        let confirmations = self.store.confirmations(org, &label).await?;
        let username = actor.username().unwrap_or_default();
        let mut versions = Vec::new();
        for other in self
            .procedures
            .all()
            .filter(|l| &l.procedure.organisation.id == org)
        {
            versions.push(VersionSummary {
                version: other.procedure.procedure.version.clone(),
                effective_from: other.procedure.procedure.effective_from,
                state: self.state_of(org, other)?,
            });
        }
        let members_confirm = procedure.review.as_ref().is_some_and(|r| r.members_confirm);
        let awaiting = if members_confirm {
            self.store
                .users()
                .await?
                .into_iter()
                .filter(|u| u.roles.iter().any(|(o, _)| o == org))
                .filter(|u| !confirmations.iter().any(|c| c.username == u.username))
                .map(|u| u.display_name)
                .collect()
        } else {
            Vec::new()
        };
        Ok(ProcedureView {
            org: org.clone(),
            organisation: procedure.organisation.name.clone(),
            title: procedure.procedure.title.clone(),
            effective_from: procedure.procedure.effective_from,
            state: self.state_of(org, loaded)?,
            explained: explain(procedure),
            versions,
            review: review_of(latest, self.today()),
            members_confirm,
            awaiting,
            declaration: procedure
                .review
                .as_ref()
                .and_then(|r| r.declaration.clone()),
            confirmed_at: confirmations
                .iter()
                .find(|c| c.username == username)
                .map(|c| c.at),
            confirmations,
            version: label,
        })
    }

    /// Records that the actor has read and understood `version` of `org`'s procedure, now.
    /// Only the version in force, or one still to come, can be confirmed, and only where the
    /// procedure asks members to confirm.
    pub async fn confirm_procedure(
        &self,
        actor: &Actor,
        org: &OrgId,
        version: &str,
    ) -> AppResult<()> {
        self.member_of(actor, org)?;
        let username = actor.username().ok_or(AppError::Unauthenticated)?;
        let loaded = self.procedures.version(org, version).ok_or_else(|| {
            AppError::invalid("version", format!("there is no version {version}"))
        })?;
        if !loaded
            .procedure
            .review
            .as_ref()
            .is_some_and(|r| r.members_confirm)
        {
            return Err(AppError::invalid(
                "version",
                "this procedure does not ask members to confirm they have read it",
            ));
        }
        if self.state_of(org, loaded)? == VersionState::Past {
            return Err(AppError::invalid(
                "version",
                format!(
                    "version {version} has been replaced; read and confirm the version in force"
                ),
            ));
        }
        let now = self.clock.now();
        Ok(self
            .store
            .confirm_read(org, version, &username, now)
            .await?)
    }

    /// For each organisation the actor belongs to: the next review of its procedure and whether
    /// the actor still has to confirm the version in force. For the dashboard.
    pub async fn procedure_reminders(&self, actor: &Actor) -> AppResult<Vec<ProcedureReminder>> {
        let username = actor.username().unwrap_or_default();
        let mut reminders = Vec::new();
        for org in actor.orgs() {
            let (Some(latest), Ok(current)) =
                (self.procedures.latest(&org), self.current_version(&org))
            else {
                continue;
            };
            let procedure = &current.procedure;
            let version = procedure.procedure.version.clone();
            let asks = procedure.review.as_ref().is_some_and(|r| r.members_confirm);
            let must_confirm = asks
                && !self
                    .store
                    .confirmations(&org, &version)
                    .await?
                    .iter()
                    .any(|c| c.username == username);
            reminders.push(ProcedureReminder {
                organisation: procedure.organisation.name.clone(),
                review: review_of(latest, self.today()),
                must_confirm,
                version,
                org,
            });
        }
        Ok(reminders)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedures::Procedures;

    fn kings_park() -> Loaded {
        let procedures = Procedures::shipped();
        let org = OrgId::parse("kings-park-pp").expect("an id");
        procedures.latest(&org).expect("loaded").clone()
    }

    #[test]
    fn the_review_falls_due_two_years_after_the_version_took_effect() {
        let loaded = kings_park();
        let day = |text: &str| -> Date { text.parse().expect("a date") };
        let review = |today| review_of(&loaded, day(today)).expect("a review period");
        assert_eq!(review("2025-06-01").on, day("2026-01-01"));
        assert_eq!(review("2025-11-30").state, ReviewState::Later);
        assert_eq!(review("2025-12-01").state, ReviewState::Due);
        assert_eq!(review("2026-01-01").state, ReviewState::Due);
        assert_eq!(review("2026-01-02").state, ReviewState::Overdue);
    }
}
