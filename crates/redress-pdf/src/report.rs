//! Readable A4 reports that are not letters (a person's subject access export): a title, a few
//! lines of introduction, and sections of label-value rows and paragraphs, typeset by the same
//! in-process typst as letters with every value a string literal.

use std::fmt::Write;

use crate::PdfError;
use crate::source::{escape_string, string_array};

/// The fixed layout every report is set in.
const LAYOUT: &str = include_str!("report.typ");

/// A report: what [`report`] typesets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The heading on the first page and the document's title.
    pub title: String,
    /// Paragraphs under the title.
    pub intro: Vec<String>,
    /// The footer's left side on every page.
    pub footer: String,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// One section of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// 2 for a main section, 3 for one inside it.
    pub level: u8,
    /// Its heading.
    pub heading: String,
    /// Label and value, as a two-column table.
    pub rows: Vec<(String, String)>,
    /// Paragraphs after the table.
    pub paragraphs: Vec<String>,
}

/// The whole `main.typ` for `report`.
pub fn report_source(report: &Report) -> String {
    let mut out = String::from("#let report = (\n");
    let _ = writeln!(out, "  title: {},", escape_string(&report.title));
    let _ = writeln!(out, "  footer: {},", escape_string(&report.footer));
    let _ = writeln!(out, "  page_of: {},", escape_string("Page {n} of {total}"));
    let _ = writeln!(out, "  intro: {},", string_array(&report.intro));
    out.push_str("  sections: (\n");
    for section in &report.sections {
        let rows: Vec<String> = section
            .rows
            .iter()
            .map(|(label, value)| format!("({}, {})", escape_string(label), escape_string(value)))
            .collect();
        let _ = writeln!(
            out,
            "    (level: {}, heading: {}, rows: ({}), paragraphs: {}),",
            section.level.clamp(2, 3),
            escape_string(&section.heading),
            rows.iter()
                .map(|row| format!("{row}, "))
                .collect::<String>(),
            string_array(&section.paragraphs),
        );
    }
    out.push_str("  ),\n)\n");
    out.push_str(LAYOUT);
    out
}

/// `report` as an A4 PDF with "Page n of N" and the footer on every page.
pub fn report(report: &Report) -> Result<Vec<u8>, PdfError> {
    crate::typeset(report_source(report), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_with_hostile_text_typesets_as_text() {
        let hostile = "#panic(\"no\") ] [ * _ $x$ \\ \" \u{7}";
        let pdf = report(&Report {
            title: "Everything held about a@example.org".to_owned(),
            intro: vec![hostile.to_owned()],
            footer: "Subject access export".to_owned(),
            sections: vec![
                Section {
                    level: 2,
                    heading: hostile.to_owned(),
                    rows: vec![("Name".to_owned(), hostile.to_owned())],
                    paragraphs: vec![hostile.to_owned()],
                },
                Section {
                    level: 3,
                    heading: "Empty".to_owned(),
                    ..Section::default()
                },
            ],
        })
        .expect("typeset");
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
