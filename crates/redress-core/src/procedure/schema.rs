//! The JSON Schema of the procedure-file format, for editors that check TOML against a schema
//! and for people writing a procedure. The committed copy is `docs/procedure.schema.json`.

use super::model::Procedure;

/// The JSON Schema (draft 2020-12) of a procedure file, titled "redress procedure file",
/// generated from the `Procedure` types so it cannot drift from what `parse` accepts.
///
/// It describes the shape only: the rules that tie fields together (a handler names a role
/// that exists, ...) are checked by `redress procedure check`.
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(Procedure);
    schema.insert("title".to_owned(), "redress procedure file".into());
    schema.to_value()
}
