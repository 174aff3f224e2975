//! Conduct: the record an organisation keeps of one *person*'s behaviour under its behaviour
//! policy (Sunderland's "Unreasonably Persistent Complainants", "Unacceptable Behaviour" and
//! "Restricting Access"), and of the reasonable adjustments agreed for them. It belongs to the
//! person, not to a case: a warning, a restriction with its reason, start, length and review
//! date, each review, and each adjustment, as a stream of events folded into a
//! [`ConductRecord`]. Every case of that person shows it and intake and the outbox obey it.
//!
//! A person is identified within an organisation by e-mail address ([`Person`]): it is the one
//! thing every channel that needs a rule here carries (e-mail in, e-mail out), and it is what a
//! complainant gives to be answered. Addresses are compared case-insensitively and trimmed. A
//! person who gave no address has no conduct record; their letters go by post anyway.
//!
//! `decide` (in [`decide`]) applies the rules; `rules` answers what a record allows now.

mod decide;
mod rules;

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::input::{Email, Problem};
use crate::letters::Letter;
use crate::procedure::Restriction;

pub use decide::{
    ConductCommand, Keep, ReviewDecision, adjustments_at_intake, decide_conduct, events,
};
pub use rules::{EmailIn, KeptBecause, Review, ReviewStatus, ReviewSubject};

/// A person, as an organisation's conduct records know them: an e-mail address, trimmed and in
/// lower case, so `Parent@Example.org` and `parent@example.org` are one person.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Person(String);

impl Person {
    /// The person with this address; refused when it is not an e-mail address.
    pub fn from_email(address: &str) -> Result<Person, Problem> {
        let email = Email::parse(address)?;
        Ok(Person(email.as_str().to_lowercase()))
    }

    /// The address, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The form of contact a `single-form` restriction keeps a person to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ContactForm {
    /// Letters only: nothing is e-mailed to them, and their e-mail is filed without reply.
    Letter,
    /// E-mail only.
    Email,
    /// Telephone only.
    Phone,
}

/// One restriction with its particulars: what the letter tells the person and what intake and
/// the outbox obey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "restriction", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Terms {
    /// "Requesting contact in a particular form (for example, letters only)".
    SingleForm {
        /// The one form of contact.
        form: ContactForm,
    },
    /// "Requiring contact to take place with a named officer".
    NamedOfficer {
        /// The officer, by name or title.
        officer: String,
    },
    /// "Restricting telephone calls to specified days and times".
    CallTimes {
        /// The days and times, e.g. "Tuesdays 10:00 to 12:00".
        times: String,
    },
    /// "Asking the customer to enter into an agreement about his future contact".
    ContactAgreement {
        /// What the agreement says.
        agreement: String,
    },
    /// "Any further correspondence that does not present significant new matters or new
    /// information will not necessarily be acknowledged but will be kept on file".
    NoAcknowledgement,
}

impl Terms {
    /// The kind of restriction, as the procedure's `[behaviour] restrictions` lists them.
    pub fn kind(&self) -> Restriction {
        match self {
            Terms::SingleForm { .. } => Restriction::SingleForm,
            Terms::NamedOfficer { .. } => Restriction::NamedOfficer,
            Terms::CallTimes { .. } => Restriction::CallTimes,
            Terms::ContactAgreement { .. } => Restriction::ContactAgreement,
            Terms::NoAcknowledgement => Restriction::NoAcknowledgement,
        }
    }
}

/// Something that happened to a person's conduct record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ConductFact {
    /// The person was told why their behaviour is unacceptable and asked to change it.
    Warned {
        /// Why.
        reason: String,
        /// The letter saying so.
        letter: Letter,
    },
    /// Contact was restricted.
    Restricted {
        /// What is restricted, with the particulars.
        terms: Vec<Terms>,
        /// Why the behaviour falls into the policy.
        reason: String,
        /// The first day it applies.
        starts: Date,
        /// How long, as decided ("3 months").
        lasts: crate::calendar::Duration,
        /// The last day it applies.
        until: Date,
        /// The day it is reviewed.
        review_on: Date,
        /// Whether it was imposed without a prior warning because staff safety was at risk.
        safety_risk: bool,
        /// The letter saying why, what, for how long and when it will be reviewed.
        letter: Letter,
    },
    /// A restriction was reviewed: kept with a next review, or lifted.
    RestrictionReviewed {
        /// What was decided.
        decision: ReviewDecision,
        /// The reviewer's note.
        note: String,
    },
    /// Reasonable adjustments the person asked for (at intake, or later) were recorded.
    AdjustmentsRecorded {
        /// What they need.
        adjustments: String,
        /// When they are next reviewed.
        review_on: Date,
    },
    /// The adjustments were reviewed: kept with a next review, or ended.
    AdjustmentsReviewed {
        /// What was decided.
        decision: ReviewDecision,
        /// The reviewer's note.
        note: String,
    },
}

/// A fact with when it happened, who recorded it and the case it was recorded on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ConductEvent {
    /// When.
    pub at: Timestamp,
    /// The username that recorded it; absent for redress itself (adjustments at intake).
    #[serde(default)]
    pub by: Option<String>,
    /// The case it was decided on (whose letterhead and addressee its letter takes).
    #[serde(default)]
    pub case: Option<String>,
    /// What happened.
    pub fact: ConductFact,
}

/// A restriction as it stands: decided, perhaps reviewed since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RestrictionState {
    /// When decided.
    pub decided_at: Timestamp,
    /// What.
    pub terms: Vec<Terms>,
    /// Why.
    pub reason: String,
    /// First day.
    pub starts: Date,
    /// Last day.
    pub until: Date,
    /// Next review (moved on by each review that keeps it).
    pub review_on: Date,
    /// The day it was lifted at review, if it was.
    pub lifted_on: Option<Date>,
}

/// Adjustments as they stand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AdjustmentState {
    /// When recorded.
    pub recorded_at: Timestamp,
    /// What.
    pub adjustments: String,
    /// Next review.
    pub review_on: Date,
    /// The day they were ended at review, if they were.
    pub ended_on: Option<Date>,
}

/// A person's conduct record, folded from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ConductRecord {
    /// The warnings given, by when.
    pub warnings: Vec<Timestamp>,
    /// Every restriction decided, oldest first.
    pub restrictions: Vec<RestrictionState>,
    /// Every adjustment recorded, oldest first.
    pub adjustments: Vec<AdjustmentState>,
    /// How many events.
    pub version: u64,
}

impl ConductRecord {
    /// Folds events, in order.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a ConductEvent>) -> ConductRecord {
        let mut record = ConductRecord::default();
        for event in events {
            record.apply(event);
        }
        record
    }

    /// Applies one event; never refuses.
    pub fn apply(&mut self, event: &ConductEvent) {
        self.version += 1;
        let day = crate::calendar::london_date(event.at);
        match &event.fact {
            ConductFact::Warned { .. } => self.warnings.push(event.at),
            ConductFact::Restricted {
                terms,
                reason,
                starts,
                until,
                review_on,
                ..
            } => self.restrictions.push(RestrictionState {
                decided_at: event.at,
                terms: terms.clone(),
                reason: reason.clone(),
                starts: *starts,
                until: *until,
                review_on: *review_on,
                lifted_on: None,
            }),
            ConductFact::RestrictionReviewed { decision, .. } => {
                if let Some(last) = self.restrictions.last_mut() {
                    match decision {
                        ReviewDecision::Continue { next_review } => last.review_on = *next_review,
                        ReviewDecision::End => last.lifted_on = Some(day),
                    }
                }
            }
            ConductFact::AdjustmentsRecorded {
                adjustments,
                review_on,
            } => self.adjustments.push(AdjustmentState {
                recorded_at: event.at,
                adjustments: adjustments.clone(),
                review_on: *review_on,
                ended_on: None,
            }),
            ConductFact::AdjustmentsReviewed { decision, .. } => {
                if let Some(last) = self.adjustments.last_mut() {
                    match decision {
                        ReviewDecision::Continue { next_review } => last.review_on = *next_review,
                        ReviewDecision::End => last.ended_on = Some(day),
                    }
                }
            }
        }
    }

    /// Whether nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.version == 0
    }
}
