//! The rules of a person's conduct record: who may decide (the procedure's `[behaviour]
//! decided_by`, Sunderland's Customer Feedback Manager), a warning before any restriction
//! unless staff safety is at risk, only the restrictions the policy provides for, each with its
//! particulars, a length and a review date that falls on a working day within it, and reviews
//! that keep a restriction (with the next review) or lift it.

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ConductEvent, ConductFact, ConductRecord, ContactForm, Terms};
use crate::calendar::{Calendar, Duration, format_date, london_date};
use crate::case::input::submission_refusal as refusal;
use crate::case::input::{limits, required};
use crate::case::{Refusal, RefusalCode};
use crate::ids::RoleId;
use crate::letters::{Letter, LetterKind, Said};
use crate::names::serde_name;
use crate::procedure::{BehaviourPolicy, Procedure};

/// What a review decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "decision", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ReviewDecision {
    /// Keep it, and review it again on this day.
    Continue {
        /// The next review.
        next_review: Date,
    },
    /// Lift the restriction, or end the adjustments, from today.
    End,
}

/// A decision about a person's conduct record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ConductCommand {
    /// Tell the person why their behaviour is unacceptable and ask them to change it.
    Warn {
        /// Why.
        reason: String,
    },
    /// Restrict their contact.
    Restrict {
        /// The restrictions, each with its particulars.
        terms: Vec<Terms>,
        /// Why the behaviour falls into the policy.
        reason: String,
        /// The first day; absent: today.
        #[serde(default)]
        starts: Option<Date>,
        /// How long, e.g. "3 months".
        lasts: String,
        /// When it will be reviewed: a working day after today, no later than its last day.
        review_on: Date,
        /// Set when behaviour threatens staff safety, which allows acting without a warning.
        #[serde(default)]
        safety_risk: bool,
    },
    /// Review the restriction in force.
    ReviewRestriction {
        /// Keep it or lift it.
        decision: Keep,
        /// When kept: the next review, a working day no later than its last day.
        #[serde(default)]
        next_review: Option<Date>,
        /// What the review found.
        note: String,
    },
    /// Record reasonable adjustments the person needs, with when they are reviewed.
    RecordAdjustments {
        /// What they need.
        adjustments: String,
        /// When they are reviewed: a working day after today.
        review_on: Date,
    },
    /// Review the adjustments in force.
    ReviewAdjustments {
        /// Keep them or end them.
        decision: Keep,
        /// When kept: the next review, a working day.
        #[serde(default)]
        next_review: Option<Date>,
        /// What the review found.
        note: String,
    },
}

/// What a review decides, as a command says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Keep {
    /// Keep it, with a next review.
    Continue,
    /// Lift or end it from today.
    End,
}

fn text(field: &str, value: &str) -> Result<String, Refusal> {
    required(value, limits::STAFF_TEXT).map_err(|p| refusal(field, p))?;
    Ok(value.to_owned())
}

fn line(field: &str, value: &str) -> Result<String, Refusal> {
    required(value, limits::NAME).map_err(|p| refusal(field, p))?;
    Ok(value.trim().to_owned())
}

/// The procedure's behaviour policy, or a refusal saying it has none.
fn policy(procedure: &Procedure) -> Result<&BehaviourPolicy, Refusal> {
    procedure.behaviour.as_ref().ok_or_else(|| {
        Refusal::new(
            RefusalCode::NotInProcedure,
            "this organisation's procedure has no behaviour policy, so contact cannot be restricted under it",
        )
    })
}

/// A review date: a working day (a review is an officer's act, so it is set on a day they are
/// at work) after `today` and, where given, no later than `last`.
fn review_day(
    field: &str,
    day: Date,
    today: Date,
    last: Option<Date>,
    calendar: &Calendar,
) -> Result<Date, Refusal> {
    if day <= today {
        return Err(Refusal::invalid(
            field,
            format!("the review must fall after today ({})", format_date(today)),
        ));
    }
    if let Some(last) = last
        && day > last
    {
        return Err(Refusal::invalid(
            field,
            format!(
                "the review must fall no later than the restriction's last day ({})",
                format_date(last)
            ),
        ));
    }
    if !calendar.is_working_day(day)? {
        let next = calendar.start_day(day)?;
        return Err(Refusal::invalid(
            field,
            format!(
                "{} is not a working day, so no one would review it then",
                format_date(day)
            ),
        )
        .instead(format!(
            "choose a working day, such as {}",
            format_date(next)
        )));
    }
    Ok(day)
}

fn check_terms(policy: &BehaviourPolicy, terms: &[Terms]) -> Result<(), Refusal> {
    if terms.is_empty() {
        return Err(Refusal::missing("terms", "name at least one restriction"));
    }
    for (index, term) in terms.iter().enumerate() {
        let path = |field: &str| format!("terms[{index}].{field}");
        if !policy.restrictions.contains(&term.kind()) {
            return Err(Refusal::invalid(
                format!("terms[{index}]"),
                format!(
                    "the policy does not provide for `{}`",
                    serde_name(&term.kind())
                ),
            ));
        }
        if terms[..index].iter().any(|t| t.kind() == term.kind()) {
            return Err(Refusal::invalid(
                format!("terms[{index}]"),
                format!("`{}` is named twice", serde_name(&term.kind())),
            ));
        }
        match term {
            Terms::NamedOfficer { officer } => {
                line(&path("officer"), officer)?;
            }
            Terms::CallTimes { times } => {
                line(&path("times"), times)?;
            }
            Terms::ContactAgreement { agreement } => {
                text(&path("agreement"), agreement)?;
            }
            Terms::SingleForm { .. } | Terms::NoAcknowledgement => {}
        }
    }
    let letters_only = terms.iter().any(|t| {
        matches!(
            t,
            Terms::SingleForm {
                form: ContactForm::Letter
            }
        )
    });
    if letters_only && terms.iter().any(|t| matches!(t, Terms::CallTimes { .. })) {
        return Err(Refusal::invalid(
            "terms",
            "letters only and set times for calls contradict each other",
        ));
    }
    Ok(())
}

/// Decides `command` on the person's `record` at `at`, by someone holding `holds` under
/// `procedure`. The events to append, or why not. Case refers to the case it is decided on.
pub fn decide_conduct(
    record: &ConductRecord,
    command: ConductCommand,
    procedure: &Procedure,
    calendar: &Calendar,
    at: Timestamp,
    holds: &[RoleId],
) -> Result<Vec<ConductFact>, Refusal> {
    let today = london_date(at);
    let is_adjustment = matches!(
        command,
        ConductCommand::RecordAdjustments { .. } | ConductCommand::ReviewAdjustments { .. }
    );
    // Adjustments are support, not sanctions: any officer records and reviews them. Warnings
    // and restrictions are the decider's the procedure names.
    if !is_adjustment {
        let policy = policy(procedure)?;
        if !holds.contains(&policy.decided_by) {
            let title = procedure.role_title(&policy.decided_by);
            return Err(Refusal::new(
                RefusalCode::NotTheirRole,
                format!(
                    "the procedure says the {title} decides on warnings and restrictions, and you do not hold that role here"
                ),
            )
            .instead(format!("ask the {title} to decide")));
        }
    }
    let fact = match command {
        ConductCommand::Warn { reason } => {
            let reason = text("reason", &reason)?;
            let letter = signed(
                procedure,
                Letter::new(LetterKind::BehaviourWarning).with(Said::Behaviour {
                    reason: reason.clone(),
                }),
            );
            ConductFact::Warned { reason, letter }
        }
        ConductCommand::Restrict {
            terms,
            reason,
            starts,
            lasts,
            review_on,
            safety_risk,
        } => restrict(
            record,
            procedure,
            calendar,
            at,
            terms,
            reason,
            starts,
            lasts,
            review_on,
            safety_risk,
        )?,
        ConductCommand::ReviewRestriction {
            decision,
            next_review,
            note,
        } => {
            let Some(current) = record.restriction_in_force(today) else {
                return Err(Refusal::not_now("no restriction is in force to review"));
            };
            let decision = reviewed(decision, next_review, today, Some(current.until), calendar)?;
            ConductFact::RestrictionReviewed {
                decision,
                note: text("note", &note)?,
            }
        }
        ConductCommand::RecordAdjustments {
            adjustments,
            review_on,
        } => ConductFact::AdjustmentsRecorded {
            adjustments: text("adjustments", &adjustments)?,
            review_on: review_day("review_on", review_on, today, None, calendar)?,
        },
        ConductCommand::ReviewAdjustments {
            decision,
            next_review,
            note,
        } => {
            if record.adjustments_in_force().is_none() {
                return Err(Refusal::not_now("no adjustments are in force to review"));
            }
            ConductFact::AdjustmentsReviewed {
                decision: reviewed(decision, next_review, today, None, calendar)?,
                note: text("note", &note)?,
            }
        }
    };
    Ok(vec![fact])
}

fn reviewed(
    decision: Keep,
    next_review: Option<Date>,
    today: Date,
    last: Option<Date>,
    calendar: &Calendar,
) -> Result<ReviewDecision, Refusal> {
    Ok(match (decision, next_review) {
        (Keep::Continue, Some(next_review)) => ReviewDecision::Continue {
            next_review: review_day("next_review", next_review, today, last, calendar)?,
        },
        (Keep::Continue, None) => {
            return Err(Refusal::missing(
                "next_review",
                "say when it will be reviewed next",
            ));
        }
        (Keep::End, Some(_)) => {
            return Err(Refusal::invalid(
                "next_review",
                "something that ends is not reviewed again",
            ));
        }
        (Keep::End, None) => ReviewDecision::End,
    })
}

#[allow(clippy::too_many_arguments)]
fn restrict(
    record: &ConductRecord,
    procedure: &Procedure,
    calendar: &Calendar,
    at: Timestamp,
    terms: Vec<Terms>,
    reason: String,
    starts: Option<Date>,
    lasts: String,
    review_on: Date,
    safety_risk: bool,
) -> Result<ConductFact, Refusal> {
    let policy = policy(procedure)?;
    let today = london_date(at);
    check_terms(policy, &terms)?;
    let reason = text("reason", &reason)?;
    // "should follow a prior warning to the complainant"; "In such cases [behaviour so
    // extreme that it threatens the immediate safety and welfare of staff] TfC may not give
    // prior warning" (seed 004).
    if policy.warning_first && !safety_risk && !record.warnings.iter().any(|w| *w < at) {
        return Err(
            Refusal::not_now("the policy requires a warning before contact is restricted")
                .instead("warn first, or record that staff safety is at risk (safety_risk)"),
        );
    }
    if record.restriction_in_force(today).is_some() {
        return Err(Refusal::not_now("a restriction is already in force")
            .instead("review it (keep it with a new review date, or lift it) first"));
    }
    let starts = starts.unwrap_or(today);
    if starts < today {
        return Err(Refusal::invalid(
            "starts",
            "a restriction cannot start before the day it is decided: the person must be told first",
        ));
    }
    let lasts: Duration = lasts
        .parse()
        .map_err(|e: crate::calendar::CalendarError| Refusal::invalid("lasts", e.to_string()))?;
    // "the duration of that action": a span of dates. The last day is the day before the
    // same date so many days, weeks or months on, so "3 months" from 4 January ends on
    // 3 April.
    let until = match lasts {
        Duration::WorkingDays(_) | Duration::Hours(_) => {
            return Err(Refusal::invalid(
                "lasts",
                "give the length in days, weeks or months, as the letter states it",
            ));
        }
        _ => crate::calendar::date_after(starts, lasts)?
            .yesterday()
            .map_err(|_| Refusal::invalid("lasts", "too long"))?,
    };
    let review_on = review_day("review_on", review_on, today, Some(until), calendar)?;
    let letter = signed(
        procedure,
        Letter::new(LetterKind::ContactRestriction)
            .with(Said::Behaviour {
                reason: reason.clone(),
            })
            .with(Said::Restrictions {
                restrictions: terms.iter().map(Terms::kind).collect(),
                until,
                review_on,
            }),
    );
    Ok(ConductFact::Restricted {
        terms,
        reason,
        starts,
        lasts,
        until,
        review_on,
        safety_risk,
        letter,
    })
}

/// The adjustments a person asked for at intake (`adjustments` of a submission received on
/// `received`), recorded on their conduct record so they are shown on every case of theirs and
/// reviewed like a restriction: first on the working day after receipt, when an officer
/// confirms them and sets the next review. `None` when the same adjustments are already in
/// force (a second complaint asking for the same support).
pub fn adjustments_at_intake(
    record: &ConductRecord,
    adjustments: &str,
    received: Date,
    calendar: &Calendar,
) -> Result<Option<ConductFact>, crate::calendar::CalendarError> {
    let adjustments = adjustments.trim();
    if adjustments.is_empty()
        || record
            .adjustments_in_force()
            .is_some_and(|a| a.adjustments.trim() == adjustments)
    {
        return Ok(None);
    }
    let review_on = calendar.add_working_days(calendar.start_day(received)?, 1)?;
    Ok(Some(ConductFact::AdjustmentsRecorded {
        adjustments: adjustments.to_owned(),
        review_on,
    }))
}

/// Signs a conduct letter with the title of the role the policy names as deciding.
fn signed(procedure: &Procedure, mut letter: Letter) -> Letter {
    if let Some(policy) = &procedure.behaviour {
        letter.signed_by = Some(procedure.role_title(&policy.decided_by));
    }
    letter
}

/// The events of `facts` decided at `at` by `by` on `case`.
pub fn events(
    facts: Vec<ConductFact>,
    at: Timestamp,
    by: Option<String>,
    case: Option<String>,
) -> Vec<ConductEvent> {
    facts
        .into_iter()
        .map(|fact| ConductEvent {
            at,
            by: by.clone(),
            case: case.clone(),
            fact,
        })
        .collect()
}
