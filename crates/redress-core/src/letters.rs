//! Letters: what each letter a procedure promises must say, as lines a person can read.
//!
//! The decider writes a letter's required contents into the event that sends it, so the case
//! history shows exactly what the complainant was told. Turning a letter into an e-mail or a PDF
//! is for the outer layers; what it must contain is decided here.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::procedure::Statement;

/// Which letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LetterKind {
    /// Acknowledges a complaint or a request to escalate.
    Acknowledgement,
    /// Tells the complainant the response will take longer, and the new date.
    HoldingLetter,
    /// A stage's response.
    Response,
}

/// A letter's required contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Letter {
    /// Which letter.
    pub kind: LetterKind,
    /// What it says, one line per thing the procedure requires (and any the letter always has).
    pub lines: Vec<LetterLine>,
}

/// One required thing a letter says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LetterLine {
    /// What the line is for.
    pub says: Statement,
    /// The words.
    pub text: String,
}

impl Letter {
    /// A letter of `kind` with no lines yet.
    pub fn new(kind: LetterKind) -> Letter {
        Letter {
            kind,
            lines: Vec::new(),
        }
    }

    /// Adds a line.
    pub fn line(mut self, says: Statement, text: impl Into<String>) -> Letter {
        self.lines.push(LetterLine {
            says,
            text: text.into(),
        });
        self
    }

    /// The text of the line for `says`, if the letter has one.
    pub fn says(&self, says: Statement) -> Option<&str> {
        self.lines
            .iter()
            .find(|line| line.says == says)
            .map(|line| line.text.as_str())
    }
}
