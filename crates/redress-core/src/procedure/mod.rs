//! Procedure files: the format (`model`), loading with errors that point at lines (`load`),
//! the rules that tie fields together (`validate`), plain-English explanation (`explain`) and
//! the JSON Schema of the format (`schema`).

mod load;
mod model;
mod validate;

pub use load::{ProcedureError, ProcedureErrors, parse};
pub use model::*;
