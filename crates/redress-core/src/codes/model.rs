//! A statutory code as data: the provisions of a complaint handling code that can be checked,
//! each with its section number, its requirement in one line, and what to check — over a
//! procedure file (`ProcedureCheck`) and/or over the live cases (`LiveCheck`).
//!
//! The shipped codes are TOML files in `crates/redress-core/codes/`, embedded at build time.

use serde::Deserialize;

use crate::procedure::Statement;

/// A complaint handling code: `[code]` and its `[[provision]]`s.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// What the code is, and the date of the text its provisions were taken from.
    pub code: CodeMeta,
    /// The checkable provisions, in the code's order.
    #[serde(rename = "provision")]
    pub provisions: Vec<Provision>,
}

/// The `[code]` table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeMeta {
    /// Short stable id, as given to `--against`: `housing-ombudsman-2024`.
    pub id: String,
    /// The code's published title.
    pub title: String,
    /// The date of the published text the provisions were read from, as precisely as the text
    /// gives it ("8 February 2024", "2020 revision").
    pub text_date: String,
    /// Where the text (or the pages quoting it) was read, and what could not be found.
    pub source: String,
}

/// One checkable provision of a code.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    /// The code's own section number (or heading, where the text numbers none).
    pub section: String,
    /// The requirement in one line, quoted or closely paraphrased from the text.
    pub requirement: String,
    /// What the procedure file must say to meet it. Absent: a procedure file cannot show it.
    #[serde(default)]
    pub procedure: Option<ProcedureCheck>,
    /// What the live cases must show. Absent: the case data cannot show it.
    #[serde(default)]
    pub live: Option<LiveCheck>,
}

/// Where a code's clock counts from, at a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeStart {
    /// The day the complaint (at stage 1) or the request to escalate (later) is received.
    Receipt,
    /// The day it is acknowledged.
    Acknowledgement,
}

/// A check over a procedure file. `stage` is the stage's position, 1 for the first.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ProcedureCheck {
    /// The stage is acknowledged within at most this many working days of its start.
    AcknowledgeWithin {
        /// The stage's position.
        stage: usize,
        /// The longest the code allows.
        working_days: u32,
    },
    /// The stage's response is due within at most this many working days of `from`.
    RespondWithin {
        /// The stage's position.
        stage: usize,
        /// The longest the code allows.
        working_days: u32,
        /// What the code counts from.
        from: CodeStart,
    },
    /// Any extension of the stage's response is capped at this many working days.
    ExtensionCapped {
        /// The stage's position.
        stage: usize,
        /// The longest extension the code allows.
        working_days: u32,
    },
    /// The procedure has no more than this many formal stages.
    StagesAtMost {
        /// How many.
        stages: usize,
    },
    /// The procedure has at least this many formal stages.
    StagesAtLeast {
        /// How many.
        stages: usize,
    },
    /// After the stage, the complainant may ask for the next one.
    EscalationByComplainant {
        /// The stage escalated from.
        stage: usize,
    },
    /// Escalating from the stage needs no reasons from the complainant.
    EscalationWithoutReasons {
        /// The stage escalated from.
        stage: usize,
    },
    /// The stage is handled by someone other than the previous stage's handler.
    DifferentHandler {
        /// The later stage.
        stage: usize,
    },
    /// The stage's response must state each of `items`.
    ResponseStates {
        /// The stage's position; 0 for the last stage (the final response).
        stage: usize,
        /// What it must state, in the procedure format's words.
        items: Vec<Statement>,
    },
    /// The procedure names the ombudsman or other body the complainant may go to.
    OmbudsmanSignposted,
    /// Complaints may be made for at least this many months, counted from when the complainant
    /// became aware of the matter where `from_awareness`.
    TimeLimitAtLeast {
        /// The shortest limit the code allows.
        months: u32,
        /// Whether the limit must also run from when the matter came to the complainant's notice.
        #[serde(default)]
        from_awareness: bool,
    },
}

/// A check over the live cases of a period. `stage` is the stage's position, 1 for the first.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case", deny_unknown_fields)]
pub enum LiveCheck {
    /// Acknowledgements at the stage sent within this many working days of its start.
    AcknowledgedWithin {
        /// The stage's position.
        stage: usize,
        /// The longest the code allows.
        working_days: u32,
    },
    /// Responses at the stage sent within this many working days of `from`.
    RespondedWithin {
        /// The stage's position.
        stage: usize,
        /// The longest the code allows.
        working_days: u32,
        /// What the code counts from.
        from: CodeStart,
    },
}

/// Why a code file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CodeError(pub String);

impl Code {
    /// Reads a code file's text, checking every stage position is at least 1 where one is
    /// required and that it has at least one provision.
    pub fn parse(text: &str) -> Result<Code, CodeError> {
        let code: Code = toml::from_str(text).map_err(|e| CodeError(e.to_string()))?;
        if code.provisions.is_empty() {
            return Err(CodeError("a code needs at least one [[provision]]".into()));
        }
        for provision in &code.provisions {
            let stage = match &provision.procedure {
                Some(
                    ProcedureCheck::AcknowledgeWithin { stage, .. }
                    | ProcedureCheck::RespondWithin { stage, .. }
                    | ProcedureCheck::ExtensionCapped { stage, .. }
                    | ProcedureCheck::EscalationByComplainant { stage }
                    | ProcedureCheck::EscalationWithoutReasons { stage }
                    | ProcedureCheck::DifferentHandler { stage },
                ) => Some(*stage),
                _ => None,
            };
            let live = match &provision.live {
                Some(
                    LiveCheck::AcknowledgedWithin { stage, .. }
                    | LiveCheck::RespondedWithin { stage, .. },
                ) => Some(*stage),
                None => None,
            };
            if stage == Some(0) || live == Some(0) {
                return Err(CodeError(format!(
                    "provision {}: stages are counted from 1",
                    provision.section
                )));
            }
        }
        Ok(code)
    }
}

/// The shipped codes' files, by id.
const SHIPPED: &[(&str, &str)] = &[
    (
        "housing-ombudsman-2024",
        include_str!("../../codes/housing-ombudsman-2024.toml"),
    ),
    ("lgsco-2026", include_str!("../../codes/lgsco-2026.toml")),
    ("spso-mchp", include_str!("../../codes/spso-mchp.toml")),
    ("nhs-2009", include_str!("../../codes/nhs-2009.toml")),
];

/// The ids of the shipped codes, in order.
pub fn shipped_ids() -> Vec<&'static str> {
    SHIPPED.iter().map(|(id, _)| *id).collect()
}

/// The shipped code `id`, or an error listing the ids there are.
pub fn shipped(id: &str) -> Result<Code, CodeError> {
    let Some((_, text)) = SHIPPED.iter().find(|(known, _)| *known == id) else {
        return Err(CodeError(format!(
            "no code `{id}`: the codes are {}",
            shipped_ids().join(", ")
        )));
    };
    Code::parse(text)
}
