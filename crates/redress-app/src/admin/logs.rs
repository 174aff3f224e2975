//! The compliments-and-comments log and the King's Park-style complaints log: one row per case
//! received in a year, worked out from each case's events.
//!
//! Why from events rather than new read-model columns: the log's columns (who a compliment was
//! passed on to, when it was published, who sat on the panel, the decision) are facts already in
//! every case's stream, and complaint volumes are small (a handful to a few hundred a year per
//! organisation), so loading each case of the year costs one indexed read per case. A log read
//! this way can never disagree with the case, needs no migration of the summary row, and needs
//! no rebuild when its columns change. If a tenant ever logs thousands of cases a year, the
//! place to speed it up is a `case_log` read model written with the summary.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_core::calendar::{london_date, start_of_day};
use redress_core::case::{Case, Ending, Fact};
use redress_core::ids::OrgId;
use redress_core::procedure::{Handler, Outcome};
use redress_store::{CaseSummary, Store};

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::procedures::Loaded;

/// Who a compliment or comment was passed on to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PassedOnTo {
    /// The person it was about.
    Person,
    /// A role, by its title.
    Role(String),
}

/// One row of the compliments-and-comments log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackLogRow {
    /// The reference.
    pub reference: String,
    /// compliment, comment or suggestion.
    pub kind: String,
    /// The day it was received (Europe/London).
    pub received_on: Date,
    /// What it was about: the first line of what was said.
    pub title: String,
    /// Who it was passed on to, in order.
    pub passed_on_to: Vec<PassedOnTo>,
    /// The day it was replied to.
    pub replied_on: Option<Date>,
    /// The day it was published, and where.
    pub published: Option<(Date, String)>,
    /// The day it was closed.
    pub closed_on: Option<Date>,
}

/// Who investigated a complaint at one stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Investigator {
    /// A panel (King's Park's subgroup), by members' names.
    Panel(Vec<String>),
    /// Someone from outside the organisation, as the procedure describes them or by name.
    External(String),
    /// A named handler and their role's title.
    Handler(String, String),
}

/// One row of the complaints log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplaintLogRow {
    /// The reference (King's Park's complaint number).
    pub reference: String,
    /// The number a panel was given, when it differs from the reference.
    pub panel_number: Option<String>,
    /// The day it was received (Europe/London).
    pub received_on: Date,
    /// What it was about.
    pub title: String,
    /// Who investigated, stage by stage (stage name, investigator).
    pub investigated_by: Vec<(String, Investigator)>,
    /// External bodies it was referred to.
    pub referred_to: Vec<String>,
    /// The last decision or recommendation, with the stage that reached it.
    pub outcome: Option<(String, Outcome)>,
    /// How it ended, when it is closed.
    pub ending: Option<Ending>,
    /// The day it was closed.
    pub closed_on: Option<Date>,
    /// How it arrived (the channel's kebab-case name).
    pub channel: String,
    /// The acknowledgement and response clocks of every stage it entered.
    pub clocks: Vec<LogClock>,
    /// Every remedy offered, stage by stage: (kind's kebab-case name, description).
    pub remedies: Vec<(String, String)>,
    /// Its themes.
    pub themes: Vec<redress_core::ids::ThemeId>,
}

/// One clock of a complaint, as the full log shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogClock {
    /// The stage.
    pub stage: redress_core::ids::StageId,
    /// Acknowledgement or response.
    pub clock: redress_core::case::Clock,
    /// The day it falls (or fell) due.
    pub due: Date,
    /// The day it was done.
    pub done: Option<Date>,
    /// Done by the due day; `None` while not yet done (or not needed).
    pub on_time: Option<bool>,
    /// Past due and not done.
    pub overdue: bool,
}

/// The first and last instants of a calendar year in Europe/London, as [from, until).
fn year_span(year: i16) -> AppResult<(Timestamp, Timestamp)> {
    let first = |y: i16| {
        Date::new(y, 1, 1).map_err(|_| AppError::invalid("year", "choose a year from the list"))
    };
    let next = year
        .checked_add(1)
        .ok_or_else(|| AppError::invalid("year", "choose a year from the list"))?;
    Ok((start_of_day(first(year)?), start_of_day(first(next)?)))
}

impl<S: Store> App<S> {
    /// The cases of `org` received in `year` that `actor` may see, each with its case state,
    /// events and procedure.
    async fn year_of_cases(
        &self,
        actor: &Actor,
        org: &OrgId,
        year: i16,
    ) -> AppResult<Vec<(CaseSummary, Case, Vec<redress_core::case::Event>, &Loaded)>> {
        self.member_of(actor, org)?;
        let (from, until) = year_span(year)?;
        let mut cases = Vec::new();
        for summary in self.store.cases_received(org, from, until).await? {
            let stream = self
                .store
                .load(&summary.reference)
                .await?
                .ok_or(AppError::NotFound)?;
            let case = Case::from_events(&stream.events);
            // A case that keeps the actor out is not in their logs either.
            if actor.case_access(org, &case).is_err() {
                continue;
            }
            let loaded = self
                .procedures
                .version(org, &summary.procedure_version)
                .or_else(|| self.procedures.latest(org))
                .ok_or(AppError::NotFound)?;
            cases.push((summary, case, stream.events, loaded));
        }
        Ok(cases)
    }

    /// Records that `actor` read each of `cases` in a log (one entry per case, one transaction).
    async fn record_log_reads<T>(
        &self,
        actor: &Actor,
        org: &OrgId,
        action: &str,
        cases: &[(CaseSummary, T, Vec<redress_core::case::Event>, &Loaded)],
    ) -> AppResult<()> {
        let entries = cases
            .iter()
            .map(|(summary, ..)| {
                self.audit_entry(actor, action, Some(&summary.reference), Some(org))
            })
            .collect();
        self.record_reads(entries).await
    }

    /// The compliments, comments and suggestions `org` received in `year`, oldest first.
    pub async fn feedback_log(
        &self,
        actor: &Actor,
        org: &OrgId,
        year: i16,
    ) -> AppResult<Vec<FeedbackLogRow>> {
        let cases = self.year_of_cases(actor, org, year).await?;
        let cases: Vec<_> = cases
            .into_iter()
            .filter(|(summary, ..)| summary.kind != "complaint")
            .collect();
        self.record_log_reads(actor, org, &format!("read feedback log {year}"), &cases)
            .await?;
        Ok(cases
            .into_iter()
            .map(|(summary, case, events, loaded)| feedback_row(summary, &case, &events, loaded))
            .collect())
    }

    /// The complaints `org` received in `year`, oldest first.
    pub async fn complaints_log(
        &self,
        actor: &Actor,
        org: &OrgId,
        year: i16,
    ) -> AppResult<Vec<ComplaintLogRow>> {
        let cases = self.year_of_cases(actor, org, year).await?;
        let cases: Vec<_> = cases
            .into_iter()
            .filter(|(summary, ..)| summary.kind == "complaint")
            .collect();
        self.record_log_reads(actor, org, &format!("read complaints log {year}"), &cases)
            .await?;
        Ok(cases
            .into_iter()
            .map(|(summary, case, events, loaded)| {
                complaint_row(summary, &case, &events, loaded, self.now())
            })
            .collect())
    }
}

fn feedback_row(
    summary: CaseSummary,
    case: &Case,
    events: &[redress_core::case::Event],
    loaded: &Loaded,
) -> FeedbackLogRow {
    let roles = &loaded.procedure.roles;
    // The publication in force: a take-down after it leaves none.
    let published = events
        .iter()
        .rev()
        .find_map(|event| match &event.fact {
            Fact::Published { place, .. } => Some(Some((london_date(event.at), place.clone()))),
            Fact::Unpublished { .. } => Some(None),
            _ => None,
        })
        .flatten();
    FeedbackLogRow {
        received_on: london_date(summary.received_at),
        passed_on_to: case
            .passed_on
            .iter()
            .map(|to| match to {
                None => PassedOnTo::Person,
                Some(role) => PassedOnTo::Role(
                    roles
                        .get(role)
                        .map_or_else(|| role.to_string(), |r| r.title.clone()),
                ),
            })
            .collect(),
        replied_on: case.replied_at.map(london_date),
        published,
        closed_on: summary.closed_at.map(london_date),
        reference: summary.reference,
        kind: summary.kind,
        title: summary.title,
    }
}

fn complaint_row(
    summary: CaseSummary,
    case: &Case,
    events: &[redress_core::case::Event],
    loaded: &Loaded,
    now: Timestamp,
) -> ComplaintLogRow {
    use redress_core::case::{Clock, ClockStatus};
    // A calendar error (a date past the bank-holiday data) leaves the clocks out rather than
    // the whole log: the case page says what is wrong.
    let clocks = redress_core::case::deadlines(case, &loaded.procedure, &loaded.calendar, now)
        .unwrap_or_default()
        .into_iter()
        .filter(|d| matches!(d.clock, Clock::Acknowledgement | Clock::Response))
        .filter_map(|d| {
            let (done, on_time) = match d.status {
                ClockStatus::Met { at, on_time } => (Some(london_date(at)), Some(on_time)),
                _ => (None, None),
            };
            Some(LogClock {
                stage: d.stage?,
                clock: d.clock,
                due: d.due.date,
                done,
                on_time,
                overdue: d.status == ClockStatus::Overdue,
            })
        })
        .collect();
    let remedies = events
        .iter()
        .filter_map(|event| match &event.fact {
            Fact::Responded { remedies, .. } => Some(remedies),
            _ => None,
        })
        .flatten()
        .map(|r| {
            (
                redress_core::names::serde_name(&r.kind),
                r.description.clone(),
            )
        })
        .collect();
    let procedure = &loaded.procedure;
    let stage_name = |id: &redress_core::ids::StageId| {
        procedure
            .stages
            .iter()
            .find(|s| &s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    let investigated_by = case
        .stages
        .iter()
        .filter_map(|record| {
            let stage = procedure.stages.iter().find(|s| s.id == record.id)?;
            let who = if !record.panel.is_empty() {
                Investigator::Panel(record.panel.iter().map(|m| m.name.clone()).collect())
            } else if let Some((name, role)) = &record.handler {
                let title = procedure
                    .roles
                    .get(role)
                    .map_or_else(|| role.to_string(), |r| r.title.clone());
                match procedure.roles.get(role) {
                    Some(r) if r.external => Investigator::External(format!("{name}, {title}")),
                    _ => Investigator::Handler(name.clone(), title),
                }
            } else if let Handler::External { who, .. } = &stage.handler {
                Investigator::External(who.clone())
            } else {
                return None;
            };
            Some((stage.name.clone(), who))
        })
        .collect();
    let panel_number = events.iter().find_map(|event| match &event.fact {
        Fact::PanelDrawn {
            number: Some(number),
            ..
        } if *number != summary.reference => Some(number.clone()),
        _ => None,
    });
    let outcome = case.stages.iter().rev().find_map(|record| {
        record
            .response
            .map(|(_, outcome)| (stage_name(&record.id), outcome))
    });
    ComplaintLogRow {
        channel: case
            .submission
            .as_ref()
            .map(|s| redress_core::names::serde_name(&s.channel))
            .unwrap_or_default(),
        clocks,
        remedies,
        themes: case.themes.clone(),
        received_on: london_date(summary.received_at),
        panel_number,
        investigated_by,
        referred_to: case.referred_to.clone(),
        outcome,
        ending: case.closed.map(|(_, how)| how),
        closed_on: summary.closed_at.map(london_date),
        reference: summary.reference,
        title: summary.title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_runs_from_midnight_london_time() {
        let (from, until) = year_span(2026).expect("a year");
        assert_eq!(from.to_string(), "2026-01-01T00:00:00Z");
        assert_eq!(until.to_string(), "2027-01-01T00:00:00Z");
        assert!(year_span(i16::MAX).is_err());
    }
}
