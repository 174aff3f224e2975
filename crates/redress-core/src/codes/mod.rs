//! Statutory complaint handling codes as data (`model`: the shipped codes in
//! `crates/redress-core/codes/*.toml`), the linter that checks a procedure file against one
//! (`lint`), and the self-assessment that adds the evidence of the live cases (`assess`).

mod assess;
mod lint;
mod model;

pub use assess::{Assessment, AssessmentBuilder, LiveCheckSummary, LiveEvidence, Row};
pub use lint::{Finding, Verdict, broken, lint, most_working_days};
pub use model::{
    Code, CodeError, CodeMeta, CodeStart, LiveCheck, ProcedureCheck, Provision, shipped,
    shipped_ids,
};
