//! Refusals: why the decider will not do what was asked, and what it would do instead.

use std::fmt;

use serde::Serialize;

use crate::calendar::CalendarError;

/// A command the procedure does not allow now, said in words a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct Refusal {
    /// A stable code for programs: `not-allowed-now`, `missing`, `late`, `conflict-of-interest`,
    /// `not-in-procedure`, `invalid`, `out-of-order`, `closed`, `calendar`.
    pub code: &'static str,
    /// The command field at fault, when there is one.
    pub field: Option<&'static str>,
    /// The rule that stops it.
    pub reason: String,
    /// What would be allowed instead, when something would.
    pub instead: Option<String>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(field) = self.field {
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
    pub fn new(code: &'static str, reason: impl Into<String>) -> Refusal {
        Refusal {
            code,
            field: None,
            reason: reason.into(),
            instead: None,
        }
    }

    /// The command may not be given at this point in the case.
    pub fn not_now(reason: impl Into<String>) -> Refusal {
        Refusal::new("not-allowed-now", reason)
    }

    /// A field the rule needs is missing or empty.
    pub fn missing(field: &'static str, reason: impl Into<String>) -> Refusal {
        Refusal::new("missing", reason).field(field)
    }

    /// A field's value is not allowed.
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Refusal {
        Refusal::new("invalid", reason).field(field)
    }

    /// Names the field at fault.
    pub fn field(mut self, field: &'static str) -> Refusal {
        self.field = Some(field);
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
        Refusal::new("calendar", error.to_string())
    }
}
