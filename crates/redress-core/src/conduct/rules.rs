//! What a person's conduct record allows now: which restriction is in force, whether their
//! e-mail is answered or filed without reply, whether letters to them go by post, and which
//! reviews fall due (on the dashboard) and when.

use jiff::civil::Date;
use serde::Serialize;

use super::{AdjustmentState, ConductRecord, ContactForm, RestrictionState, Terms};
use crate::calendar::{Calendar, CalendarError, Duration};

/// What happens to an e-mail from the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "handling", rename_all = "kebab-case")]
pub enum EmailIn {
    /// Filed and answered as anyone's would be.
    Answer,
    /// Filed where it belongs, with no reply to the sender, and the officer told: the person
    /// is kept to letters (or another form), or told that correspondence raising nothing new
    /// is kept on file without acknowledgement.
    FileWithoutReply {
        /// The restrictions that say so.
        because: Vec<Terms>,
    },
}

/// What a review is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewSubject {
    /// A contact restriction.
    Restriction,
    /// Reasonable adjustments.
    Adjustments,
}

/// Where a review stands today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// Later than the reminder window.
    Upcoming,
    /// Within the procedure's `[reminders] due_within` working days.
    DueSoon,
    /// Today.
    DueToday,
    /// The day has passed without a review.
    Overdue,
}

/// A review to be done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Review {
    /// Of what.
    pub subject: ReviewSubject,
    /// The day set for it.
    pub on: Date,
    /// Where it stands.
    pub status: ReviewStatus,
}

impl Review {
    /// Whether the dashboard lists it: due soon, today, or overdue.
    pub fn shown(&self) -> bool {
        self.status != ReviewStatus::Upcoming
    }
}

/// Why a conduct record is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeptBecause {
    /// So many of the person's cases still hold their details.
    Cases(usize),
    /// A restriction runs until this day.
    Restriction {
        /// Its last day.
        until: Date,
    },
}

impl std::fmt::Display for KeptBecause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeptBecause::Cases(n) => {
                write!(f, "kept while {n} of their cases here hold their details")
            }
            KeptBecause::Restriction { until } => write!(
                f,
                "a restriction of contact runs until {}",
                crate::calendar::format_date(*until)
            ),
        }
    }
}

impl ConductRecord {
    /// The latest restriction not lifted and not yet past its last day on `today` (it may
    /// start later).
    pub fn current_restriction(&self, today: Date) -> Option<&RestrictionState> {
        self.restrictions
            .last()
            .filter(|r| r.lifted_on.is_none() && r.until >= today)
    }

    /// Whether the record may be deleted on `today`, when `cases_kept` of the person's cases
    /// in the organisation still hold their personal data, and if not, why: a conduct record
    /// exists for the handling of their complaints, so it is kept as long as any of them is
    /// and no longer; but a restriction not yet over is kept to its last day (or until
    /// lifted), because it protects staff whatever the cases.
    pub fn may_be_deleted(&self, today: Date, cases_kept: usize) -> Result<(), KeptBecause> {
        if cases_kept > 0 {
            return Err(KeptBecause::Cases(cases_kept));
        }
        match self.current_restriction(today) {
            Some(restriction) => Err(KeptBecause::Restriction {
                until: restriction.until,
            }),
            None => Ok(()),
        }
    }

    /// The restriction applying on `today`: current, and started.
    pub fn restriction_in_force(&self, today: Date) -> Option<&RestrictionState> {
        self.current_restriction(today)
            .filter(|r| r.starts <= today)
    }

    /// The adjustments in force: the latest recorded, unless ended.
    pub fn adjustments_in_force(&self) -> Option<&AdjustmentState> {
        self.adjustments.last().filter(|a| a.ended_on.is_none())
    }

    /// What happens to an e-mail from the person that arrives on `today`.
    pub fn email_in(&self, today: Date) -> EmailIn {
        let because: Vec<Terms> = self
            .restriction_in_force(today)
            .map(|r| {
                r.terms
                    .iter()
                    .filter(|t| match t {
                        Terms::SingleForm { form } => *form != ContactForm::Email,
                        Terms::NoAcknowledgement => true,
                        _ => false,
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        if because.is_empty() {
            EmailIn::Answer
        } else {
            EmailIn::FileWithoutReply { because }
        }
    }

    /// Whether letters to the person on `today` must go by post: they are kept to letters.
    pub fn letters_by_post(&self, today: Date) -> bool {
        self.restriction_in_force(today).is_some_and(|r| {
            r.terms.iter().any(|t| {
                matches!(
                    t,
                    Terms::SingleForm {
                        form: ContactForm::Letter
                    }
                )
            })
        })
    }

    /// The reviews set for the current restriction and the adjustments in force, with where
    /// each stands on `today`: due soon when `due_within` (working days, the procedure's
    /// `[reminders]`) or fewer working days away, counted as the calendar counts them.
    pub fn reviews(
        &self,
        today: Date,
        calendar: &Calendar,
        due_within: Duration,
    ) -> Result<Vec<Review>, CalendarError> {
        let mut out = Vec::new();
        if let Some(restriction) = self.current_restriction(today) {
            out.push((ReviewSubject::Restriction, restriction.review_on));
        }
        if let Some(adjustments) = self.adjustments_in_force() {
            out.push((ReviewSubject::Adjustments, adjustments.review_on));
        }
        out.into_iter()
            .map(|(subject, on)| {
                Ok(Review {
                    subject,
                    on,
                    status: status(on, today, calendar, due_within)?,
                })
            })
            .collect()
    }
}

fn status(
    on: Date,
    today: Date,
    calendar: &Calendar,
    due_within: Duration,
) -> Result<ReviewStatus, CalendarError> {
    if on < today {
        return Ok(ReviewStatus::Overdue);
    }
    if on == today {
        return Ok(ReviewStatus::DueToday);
    }
    let window = match due_within {
        Duration::WorkingDays(n) => n,
        _ => 5,
    };
    // Working days after today up to and including the review day.
    let between = calendar.working_days_between(today, on)?;
    Ok(if between <= window {
        ReviewStatus::DueSoon
    } else {
        ReviewStatus::Upcoming
    })
}
