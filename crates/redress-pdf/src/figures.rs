//! Reports as A4 PDFs: a title, the periods compared, and sections of three-column tables
//! (item, this period, the period before), each row with a bar for charted values. Like
//! letters, every value is a typst string literal ahead of the fixed layout `figures.typ`.

use std::fmt::Write;

use crate::source::{escape_string, string_array};

/// A report, already in words.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportDocument {
    /// The title.
    pub title: String,
    /// Lines under the title: the organisation, the periods compared.
    pub subtitle: Vec<String>,
    /// The column heads: item, this period, the period before.
    pub columns: [String; 3],
    /// The sections.
    pub sections: Vec<ReportSection>,
    /// The footer's words, e.g. "Page {n} of {total}"; `{n}` and `{total}` are filled in.
    pub page_of: String,
    /// Printed in every footer beside the page number.
    pub footer: String,
}

/// One section of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportSection {
    /// The heading.
    pub heading: String,
    /// What it counts.
    pub note: String,
    /// The rows: item, this period, the period before, and this period's bar as a fraction of
    /// the section's largest value (none for rows without a bar).
    pub rows: Vec<([String; 3], Option<f64>)>,
}

const LAYOUT: &str = include_str!("figures.typ");

/// The whole `main.typ` for `report`.
pub fn figures_source(report: &ReportDocument) -> String {
    let mut out = String::from("#let report = (\n");
    let _ = writeln!(out, "  title: {},", escape_string(&report.title));
    let _ = writeln!(out, "  subtitle: {},", string_array(&report.subtitle));
    let _ = writeln!(out, "  columns: {},", string_array(&report.columns));
    let _ = writeln!(out, "  page_of: {},", escape_string(&report.page_of));
    let _ = writeln!(out, "  footer: {},", escape_string(&report.footer));
    out.push_str("  sections: (\n");
    for section in &report.sections {
        let _ = writeln!(
            out,
            "    (heading: {}, note: {}, rows: (",
            escape_string(&section.heading),
            escape_string(&section.note)
        );
        for (cells, bar) in &section.rows {
            // A bar is a ratio typst reads as a number literal, clamped to 0..=1 so no value
            // can be anything but a plain number.
            let bar = bar
                .filter(|b| b.is_finite())
                .map(|b| format!("{:.4}", b.clamp(0.0, 1.0)))
                .unwrap_or_else(|| "none".to_owned());
            let _ = writeln!(out, "      (cells: {}, bar: {bar}),", string_array(cells));
        }
        out.push_str("    )),\n");
    }
    out.push_str("  ),\n)\n");
    out.push_str(LAYOUT);
    out
}
