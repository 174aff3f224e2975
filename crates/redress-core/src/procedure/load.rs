//! Loading a procedure file: TOML text in, a validated `Procedure` or errors that point at lines.

use std::fmt;

use super::model::Procedure;
use super::validate::{PathSeg, validate};

/// One thing wrong with a procedure file, located where possible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcedureError {
    /// 1-based line of the offending value, when it can be found.
    pub line: Option<usize>,
    /// 1-based column of the offending value, when it can be found.
    pub column: Option<usize>,
    /// The dotted path of the field, e.g. `stage[1].handler.role`; empty for syntax errors and
    /// errors about the file as a whole.
    pub field: String,
    /// What is wrong, and what would be right.
    pub message: String,
}

impl fmt::Display for ProcedureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "{line}:{column}: ")?;
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)
    }
}

/// Every error found in one procedure file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ProcedureErrors(pub Vec<ProcedureError>);

impl fmt::Display for ProcedureErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// Parses and validates a procedure file's text.
///
/// Syntax and type errors stop at the first one (that is all the TOML parser reports); rule
/// errors are all reported together, each with the line of the field it concerns.
pub fn parse(text: &str) -> Result<Procedure, ProcedureErrors> {
    let procedure: Procedure = toml::from_str(text).map_err(|error| {
        let (line, column) = match error.span() {
            Some(span) => line_column(text, span.start),
            None => (None, None),
        };
        // The deserialiser knows where, not which field: find the field at that place, so a
        // malformed handler or duration is named like a rule error is.
        let field = error
            .span()
            .zip(toml_edit::Document::parse(text).ok())
            .map(|(span, document)| {
                let mut path = Vec::new();
                if let Some(root) = document.as_item().as_table() {
                    table_at(root, span.start, &mut path);
                }
                path_text(&path)
            })
            .unwrap_or_default();
        ProcedureErrors(vec![ProcedureError {
            line,
            column,
            field,
            message: error.message().trim_end_matches('.').to_owned(),
        }])
    })?;
    let problems = validate(&procedure);
    if problems.is_empty() {
        return Ok(procedure);
    }
    let document = toml_edit::Document::parse(text).ok();
    let errors = problems
        .into_iter()
        .map(|(path, message)| {
            let offset = document
                .as_ref()
                .and_then(|doc| locate(doc.as_item(), &path));
            let (line, column) = match offset {
                Some(offset) => line_column(text, offset),
                None => (None, None),
            };
            ProcedureError {
                line,
                column,
                field: path_text(&path),
                message,
            }
        })
        .collect();
    Err(ProcedureErrors(errors))
}

/// The 1-based line and column of `field` (a dotted path as [`ProcedureError::field`] writes
/// it, e.g. `stage[1].acknowledge.within`) in a procedure file's `text`: the deepest part of
/// the path that the file has. `None` for an empty path or text that is not TOML.
pub fn field_position(text: &str, field: &str) -> Option<(usize, usize)> {
    if field.is_empty() {
        return None;
    }
    let mut path = Vec::new();
    for part in field.split('.') {
        let (key, indices) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        path.push(PathSeg::Key(key.to_owned()));
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            path.push(PathSeg::Index(index.trim_end_matches(']').parse().ok()?));
        }
    }
    let document = toml_edit::Document::parse(text).ok()?;
    let offset = locate(document.as_item(), &path)?;
    match line_column(text, offset) {
        (Some(line), Some(column)) => Some((line, column)),
        _ => None,
    }
}

/// The byte offset of the deepest part of `path` that exists in the document.
fn locate(mut item: &toml_edit::Item, path: &[PathSeg]) -> Option<usize> {
    let mut best = item.span().map(|span| span.start);
    for segment in path {
        let next = match segment {
            PathSeg::Key(key) => item.get(key),
            PathSeg::Index(index) => match item {
                toml_edit::Item::ArrayOfTables(tables) => tables.get(*index).map(|_| &item[*index]),
                _ => item.get(*index),
            },
        };
        match next {
            Some(found) => {
                item = found;
                if let Some(span) = found.span() {
                    best = Some(span.start);
                } else if let Some(table) = found.as_table()
                    && let Some(span) = table.span()
                {
                    best = Some(span.start);
                }
            }
            None => break,
        }
    }
    best
}

/// Whether `span` contains `offset`.
fn spans(span: Option<std::ops::Range<usize>>, offset: usize) -> bool {
    span.is_some_and(|span| span.contains(&offset))
}

/// Extends `path` with the keys leading to the deepest field of `table` whose text contains
/// `offset`; false (and `path` unchanged) when no field does.
fn table_at(table: &toml_edit::Table, offset: usize, path: &mut Vec<PathSeg>) -> bool {
    for (key, item) in table.iter() {
        path.push(PathSeg::Key(key.to_owned()));
        let found = match item {
            toml_edit::Item::Value(value) => {
                // A key-value pair runs from its key to the end of its value.
                let start = table.key(key).and_then(|k| k.span()).map(|s| s.start);
                let whole = match (start, value.span()) {
                    (Some(start), Some(value)) => Some(start..value.end),
                    (None, value) => value,
                    (Some(_), None) => None,
                };
                spans(whole, offset) && {
                    value_at(value, offset, path);
                    true
                }
            }
            // A table's own span is its `[header]`; its fields come after it.
            toml_edit::Item::Table(inner) => {
                table_at(inner, offset, path) || spans(inner.span(), offset)
            }
            toml_edit::Item::ArrayOfTables(tables) => {
                tables.iter().enumerate().any(|(i, inner)| {
                    path.push(PathSeg::Index(i));
                    let found = table_at(inner, offset, path) || spans(inner.span(), offset);
                    if !found {
                        path.pop();
                    }
                    found
                })
            }
            toml_edit::Item::None => false,
        };
        if found {
            return true;
        }
        path.pop();
    }
    false
}

/// Extends `path` into an inline table or array `value` down to the part containing `offset`.
fn value_at(value: &toml_edit::Value, offset: usize, path: &mut Vec<PathSeg>) {
    match value {
        toml_edit::Value::InlineTable(table) => {
            for (key, inner) in table.iter() {
                let start = table.key(key).and_then(|k| k.span()).map(|s| s.start);
                let whole = start.zip(inner.span()).map(|(start, v)| start..v.end);
                if spans(whole, offset) {
                    path.push(PathSeg::Key(key.to_owned()));
                    value_at(inner, offset, path);
                    return;
                }
            }
        }
        toml_edit::Value::Array(array) => {
            for (i, inner) in array.iter().enumerate() {
                if spans(inner.span(), offset) {
                    path.push(PathSeg::Index(i));
                    value_at(inner, offset, path);
                    return;
                }
            }
        }
        _ => {}
    }
}

fn path_text(path: &[PathSeg]) -> String {
    let mut text = String::new();
    for segment in path {
        match segment {
            PathSeg::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            PathSeg::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

fn line_column(text: &str, offset: usize) -> (Option<usize>, Option<usize>) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (Some(line), Some(column))
}
