//! Reports as PDFs: a report with text that would be typst markup or code if it were read as
//! such is typeset as text, and the PDF is a PDF.

use redress_pdf::{ReportDocument, ReportSection, figures, figures_source};

fn document(tricky: &str) -> ReportDocument {
    ReportDocument {
        title: format!("Feedback report: {tricky}, 2026"),
        subtitle: vec!["2026: 2026-01-01 to 2026-12-31".to_owned()],
        columns: ["Figure".to_owned(), "2026".to_owned(), "2025".to_owned()],
        sections: vec![ReportSection {
            heading: "By theme".to_owned(),
            note: tricky.to_owned(),
            rows: vec![
                (
                    [tricky.to_owned(), "3".to_owned(), "1".to_owned()],
                    Some(1.0),
                ),
                (
                    ["None".to_owned(), "0".to_owned(), "0".to_owned()],
                    Some(f64::NAN),
                ),
                (
                    ["Huge".to_owned(), "9".to_owned(), "0".to_owned()],
                    Some(7.5),
                ),
                (
                    [
                        "Median".to_owned(),
                        "4 working days".to_owned(),
                        "none".to_owned(),
                    ],
                    None,
                ),
            ],
        }],
        page_of: "Page {n} of {total}".to_owned(),
        footer: tricky.to_owned(),
    }
}

#[test]
fn a_report_with_markup_in_its_words_is_typeset_as_text() {
    let tricky = "#panic(\"x\") *bold* ]) \\ $x$ <a> @ref // not a comment";
    let source = figures_source(&document(tricky));
    assert!(!source.contains("#panic(\"x\")"), "quoted and escaped");
    let pdf = figures(&document(tricky)).expect("a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() > 1000);
}
