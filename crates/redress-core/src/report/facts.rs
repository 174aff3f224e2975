//! `CaseFacts`: what reports need to know about one case, worked out once from its state and
//! procedure — dates, kinds, stages with their working-day timings, outcomes, themes — and
//! nothing that identifies anyone. Reports fold these; a store may keep them as a read model.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarError, london_date};
use crate::case::{Case, ScopeDecision, original_response_due, start_of};
use crate::ids::{ProcedureId, StageId, ThemeId};
use crate::procedure::{Channel, FeedbackKind, Outcome, Procedure};

/// One case, as reports count it. Dates are Europe/London days. Serialised compactly (what is
/// absent, empty or false is left out), as the store keeps one per case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    /// Which of the organisation's procedures it runs on (`main` is left out when written).
    #[serde(
        default = "ProcedureId::main",
        skip_serializing_if = "ProcedureId::is_main"
    )]
    pub procedure: ProcedureId,
    /// The day it was received.
    pub received_on: Date,
    /// Complaint, compliment, comment or suggestion.
    pub kind: FeedbackKind,
    /// How it arrived.
    pub channel: Channel,
    /// Given without a name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
    /// Made by someone on the person's behalf.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub representative: bool,
    /// Its themes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<ThemeId>,
    /// The stages it entered, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StageFacts>,
    /// The scope decision and the day it was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<(Date, ScopeOutcome)>,
    /// The day it was withdrawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_on: Option<Date>,
    /// The days it was referred to the ombudsman or another external body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referred_on: Vec<Date>,
    /// Each learning action: the day it was recorded and the day it was done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learning: Vec<(Date, Option<Date>)>,
}

/// A scope decision, without its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "kebab-case")]
pub enum ScopeOutcome {
    /// Within the procedure.
    InScope,
    /// Late, accepted for special circumstances.
    LateAccepted,
    /// Late and not accepted.
    OutOfTime,
    /// Excluded, by the exclusion's id (its route).
    Excluded {
        /// The exclusion's id.
        exclusion: String,
    },
}

/// One stage of one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageFacts {
    /// The stage.
    pub id: StageId,
    /// Entered by escalation (or referral up).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub escalated: bool,
    /// The day it was entered.
    pub entered_on: Date,
    /// The acknowledgement, where the stage has a timescale for one and it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Timed>,
    /// The response, where it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responded: Option<Timed>,
    /// The response's outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// Something done, and how long it took.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timed {
    /// The day it was done.
    pub on: Date,
    /// Working days from the day its clock started (day 0) to the day it was done, by the
    /// organisation's calendar.
    pub working_days: u32,
    /// Whether it was done within the procedure's own timescale (extensions by holding letter
    /// do not count; pauses while waiting for information do). `None`: the stage sets none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<bool>,
}

impl CaseFacts {
    /// A case just received: nothing else has happened to it yet.
    pub fn received(
        procedure: ProcedureId,
        received_on: Date,
        kind: FeedbackKind,
        channel: Channel,
    ) -> CaseFacts {
        CaseFacts {
            procedure,
            received_on,
            kind,
            channel,
            anonymous: false,
            representative: false,
            themes: Vec::new(),
            stages: Vec::new(),
            scope: None,
            withdrawn_on: None,
            referred_on: Vec::new(),
            learning: Vec::new(),
        }
    }

    /// The first and last days anything counted happened: the day received, and the latest day
    /// of any stage, response, scope decision, withdrawal, referral or learning action. A report
    /// on a period that ends before the first or starts after the last counts nothing of it, so
    /// a store may skip it (what `ReportBuilder::span` allows).
    pub fn days(&self) -> (Date, Date) {
        let mut last = self.received_on;
        let mut see = |day: Date| last = last.max(day);
        for stage in &self.stages {
            see(stage.entered_on);
            for timed in [&stage.acknowledged, &stage.responded]
                .into_iter()
                .flatten()
            {
                see(timed.on);
            }
        }
        if let Some((on, _)) = &self.scope {
            see(*on);
        }
        self.withdrawn_on.into_iter().for_each(&mut see);
        self.referred_on.iter().copied().for_each(&mut see);
        for (opened, done) in &self.learning {
            see(*opened);
            done.iter().copied().for_each(&mut see);
        }
        (self.received_on, last)
    }

    /// The facts of `case`, run on `procedure` (its own version) with the organisation's
    /// `calendar`; `None` for a case not yet received. `now` only closes a pause still running.
    pub fn of(
        case: &Case,
        procedure: &Procedure,
        calendar: &Calendar,
        now: jiff::Timestamp,
    ) -> Result<Option<CaseFacts>, CalendarError> {
        let (Some(received_at), Some(submission)) = (case.received_at, case.submission.as_ref())
        else {
            return Ok(None);
        };
        let mut stages = Vec::new();
        for record in &case.stages {
            let stage = procedure.stages.iter().find(|s| s.id == record.id);
            let acknowledged = match (
                stage.and_then(|s| s.acknowledge.as_ref()),
                record.acknowledged_at,
            ) {
                (Some(rule), Some(done)) => {
                    let start = start_of(record, rule.from).unwrap_or(record.entered_at);
                    let due = calendar.due(start, rule.within)?;
                    Some(Timed {
                        on: london_date(done),
                        working_days: calendar
                            .working_days_between(london_date(start), london_date(done))?,
                        within: Some(done < due.at),
                    })
                }
                _ => None,
            };
            let responded = match record.response {
                Some((done, _)) => {
                    let rule = stage.and_then(|s| s.respond.as_ref());
                    let start = rule
                        .and_then(|r| start_of(record, r.from))
                        .unwrap_or(record.entered_at);
                    let due = match stage {
                        Some(stage) => original_response_due(calendar, record, stage, now)?,
                        None => None,
                    };
                    Some(Timed {
                        on: london_date(done),
                        working_days: calendar
                            .working_days_between(london_date(start), london_date(done))?,
                        within: due.map(|due| done < due.at),
                    })
                }
                None => None,
            };
            stages.push(StageFacts {
                id: record.id.clone(),
                escalated: record.escalated,
                entered_on: london_date(record.entered_at),
                acknowledged,
                responded,
                outcome: record.response.map(|(_, outcome)| outcome),
            });
        }
        Ok(Some(CaseFacts {
            procedure: procedure.procedure.id.clone(),
            received_on: london_date(received_at),
            kind: submission.kind,
            channel: submission.channel,
            anonymous: submission.complainant.is_none(),
            representative: submission.representative.is_some(),
            themes: case.themes.clone(),
            stages,
            scope: case
                .scope_decided_at
                .zip(case.scope.as_ref())
                .map(|(at, decision)| {
                    (
                        london_date(at),
                        match decision {
                            ScopeDecision::InScope => ScopeOutcome::InScope,
                            ScopeDecision::LateAccepted { .. } => ScopeOutcome::LateAccepted,
                            ScopeDecision::OutOfTime => ScopeOutcome::OutOfTime,
                            ScopeDecision::Excluded { exclusion, .. } => ScopeOutcome::Excluded {
                                exclusion: exclusion.clone(),
                            },
                        },
                    )
                }),
            withdrawn_on: case.withdrawn_at.map(london_date),
            referred_on: case.referred_at.iter().copied().map(london_date).collect(),
            learning: case
                .learning
                .iter()
                .map(|l| (london_date(l.opened_at), l.done_at.map(london_date)))
                .collect(),
        }))
    }
}
