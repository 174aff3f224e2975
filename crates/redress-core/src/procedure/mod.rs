//! Procedure files: the format (`model`), loading with errors that point at lines (`load`),
//! the rules that tie fields together (`validate`), plain-English explanation (`explain`) and
//! the JSON Schema of the format (`schema`).

mod dates;
mod document;
mod durations;
mod explain;
mod handler;
mod load;
mod model;
mod route;
mod schema;
mod validate;

pub use document::{Block, Document, Span};
pub use durations::longest;
pub use explain::{explain, mermaid};
pub use load::{ProcedureError, ProcedureErrors, field_position, parse};
pub use model::*;
pub use schema::json_schema;
