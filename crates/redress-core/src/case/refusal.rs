//! Refusals: why the decider will not do what was asked, and what it would do instead.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::calendar::CalendarError;

/// Why a command was refused, as a stable code programs (and the message catalogue) match on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RefusalCode {
    /// The command may not be given at this point in the case.
    NotAllowedNow,
    /// A field the rule needs is missing or empty.
    Missing,
    /// A field's value is not allowed.
    Invalid,
    /// The request came after the window the procedure allows.
    Late,
    /// Someone named in the complaint, or who handled it before, would handle it.
    ConflictOfInterest,
    /// The procedure has no such step.
    NotInProcedure,
    /// The command is dated before the case's latest event.
    OutOfOrder,
    /// The case is closed.
    Closed,
    /// A date falls outside the calendar's bank-holiday data.
    Calendar,
    /// The case runs on another version of the procedure.
    WrongProcedure,
    /// The procedure names who does this, and the person acting does not hold that role.
    NotTheirRole,
}

impl RefusalCode {
    /// The code's name, as in JSON (`not-allowed-now`).
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalCode::NotAllowedNow => "not-allowed-now",
            RefusalCode::Missing => "missing",
            RefusalCode::Invalid => "invalid",
            RefusalCode::Late => "late",
            RefusalCode::ConflictOfInterest => "conflict-of-interest",
            RefusalCode::NotInProcedure => "not-in-procedure",
            RefusalCode::OutOfOrder => "out-of-order",
            RefusalCode::Closed => "closed",
            RefusalCode::Calendar => "calendar",
            RefusalCode::WrongProcedure => "wrong-procedure",
            RefusalCode::NotTheirRole => "not-their-role",
        }
    }
}

impl fmt::Display for RefusalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for RefusalCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A command the procedure does not allow now, said in words a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct Refusal {
    /// A stable code for programs.
    pub code: RefusalCode,
    /// The command field at fault, when there is one, as a path such as `findings`,
    /// `complainant.email` or `people_named[3].name` (a `String` so paths can carry indexes).
    pub field: Option<String>,
    /// The rule that stops it.
    pub reason: String,
    /// What would be allowed instead, when something would.
    pub instead: Option<String>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.reason)?;
        if let Some(instead) = &self.instead {
            write!(f, "; {instead}")?;
        }
        Ok(())
    }
}

impl Refusal {
    /// A refusal with a code and a reason.
    pub fn new(code: RefusalCode, reason: impl Into<String>) -> Refusal {
        Refusal {
            code,
            field: None,
            reason: reason.into(),
            instead: None,
        }
    }

    /// The command may not be given at this point in the case.
    pub fn not_now(reason: impl Into<String>) -> Refusal {
        Refusal::new(RefusalCode::NotAllowedNow, reason)
    }

    /// A field the rule needs is missing or empty.
    pub fn missing(field: impl Into<String>, reason: impl Into<String>) -> Refusal {
        Refusal::new(RefusalCode::Missing, reason).field(field)
    }

    /// A field's value is not allowed.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Refusal {
        Refusal::new(RefusalCode::Invalid, reason).field(field)
    }

    /// Names the field at fault.
    pub fn field(mut self, field: impl Into<String>) -> Refusal {
        self.field = Some(field.into());
        self
    }

    /// Says what would be allowed instead.
    pub fn instead(mut self, instead: impl Into<String>) -> Refusal {
        self.instead = Some(instead.into());
        self
    }
}

impl From<CalendarError> for Refusal {
    fn from(error: CalendarError) -> Refusal {
        Refusal::new(RefusalCode::Calendar, error.to_string())
    }
}
