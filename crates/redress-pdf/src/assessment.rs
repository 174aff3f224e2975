//! Tables organisations publish, such as a self-assessment against a complaint handling code:
//! an A4 landscape PDF of a title, a few lines under it, and one five-column table (provision,
//! requirement, verdict, evidence, commentary). Like letters, every value is a typst string
//! literal ahead of the fixed layout `assessment.typ`.

use std::fmt::Write;

use crate::PdfError;
use crate::source::{escape_string, string_array};

const LAYOUT: &str = include_str!("assessment.typ");

/// A table already in words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableDocument {
    /// The title.
    pub title: String,
    /// Lines under the title.
    pub subtitle: Vec<String>,
    /// The five column heads.
    pub columns: [String; 5],
    /// The rows, five cells each.
    pub rows: Vec<[String; 5]>,
    /// The footer's words, e.g. "Page {n} of {total}".
    pub page_of: String,
    /// Printed in every footer beside the page number.
    pub footer: String,
}

/// The whole `main.typ` for `table`.
pub fn table_source(table: &TableDocument) -> String {
    let mut out = String::from("#let table_doc = (\n");
    let _ = writeln!(out, "  title: {},", escape_string(&table.title));
    let _ = writeln!(out, "  subtitle: {},", string_array(&table.subtitle));
    let _ = writeln!(out, "  columns: {},", string_array(&table.columns));
    let _ = writeln!(out, "  page_of: {},", escape_string(&table.page_of));
    let _ = writeln!(out, "  footer: {},", escape_string(&table.footer));
    out.push_str("  rows: (\n");
    for row in &table.rows {
        let _ = writeln!(out, "    {},", string_array(row));
    }
    out.push_str("  ),\n)\n");
    out.push_str(LAYOUT);
    out
}

/// `table` as an A4 landscape PDF, with "Page 1 of 2" in every footer.
pub fn table(table: &TableDocument) -> Result<Vec<u8>, PdfError> {
    crate::typeset(
        table_source(table),
        Some(format!("redress/table/{}", table.title)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_with_markup_in_its_cells_typesets_as_text() {
        let cells = || {
            [
                "6.2".to_owned(),
                "#panic(\"no\") *bold* $x$".to_owned(),
                "Not met".to_owned(),
                "\"quoted\" \\ back".to_owned(),
                String::new(),
            ]
        };
        let document = TableDocument {
            title: "Self-assessment".into(),
            subtitle: vec!["one line".into()],
            columns: cells(),
            rows: vec![cells(), cells()],
            page_of: "Page {n} of {total}".into(),
            footer: "footer".into(),
        };
        let pdf = table(&document).expect("typesets");
        assert!(pdf.starts_with(b"%PDF"));
    }
}
