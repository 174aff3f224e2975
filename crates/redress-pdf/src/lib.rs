//! Letters as A4 PDFs, typeset in-process by typst with embedded fonts.
//!
//! [`letter`] writes one typst source: a `letter` dictionary of string literals made from the
//! [`RenderedLetter`] (so no text a person wrote is ever read as typst markup or code), followed
//! by the fixed layout in `letter.typ`. It is compiled in a [`World`] of our own that has only
//! that one file and typst's embedded fonts (Libertinus Serif and friends): no files, no
//! network, no system fonts. The PDF is tagged (typst-pdf's default), its text selectable and
//! its fonts embedded as subsets.

mod assessment;
mod figures;
mod report;
mod source;
mod world;

use redress_letters::RenderedLetter;
use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

pub use assessment::{TableDocument, table, table_source};
pub use figures::{ReportDocument, ReportSection, figures_source};
pub use report::{Report, Section, report, report_source};
pub use source::{escape_string, typst_source};

/// Why a letter could not be made into a PDF.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// typst could not lay the letter out.
    #[error("typesetting failed: {0}")]
    Typeset(String),
    /// The laid-out letter could not be written as PDF.
    #[error("PDF export failed: {0}")]
    Export(String),
}

/// `letter` as an A4 PDF: letterhead, date, reference, addressee, subject, salutation, body,
/// closing and signature, with "Page 1 of 2" and the reference in every page's footer.
pub fn letter(letter: &RenderedLetter) -> Result<Vec<u8>, PdfError> {
    typeset(
        typst_source(letter),
        Some(format!(
            "redress/{}/{}/{}",
            letter.reference, letter.kind, letter.date
        )),
    )
}

/// Compiles `source` (a whole `main.typ`) in our own world and exports it as PDF, with `ident`
/// as the document's identifier when given. Every PDF redress makes is set here.
pub(crate) fn typeset(source: String, ident: Option<String>) -> Result<Vec<u8>, PdfError> {
    let world = world::LetterWorld::new(source);
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| PdfError::Typeset(messages(&errors)))?;
    let options = PdfOptions {
        ident: ident.map_or(Smart::Auto, Smart::Custom),
        creator: Smart::Custom(Some("redress".into())),
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| PdfError::Export(messages(&errors)))?;
    // typst memoises across compilations; drop what recent documents did not reuse so a
    // long-running server does not keep every letter it ever typeset.
    typst::comemo::evict(10);
    Ok(pdf)
}

/// An organisation's figures for a period as an A4 PDF: the title and periods, then each
/// section's table, with "Page 1 of 2" in every page's footer.
pub fn figures(report: &ReportDocument) -> Result<Vec<u8>, PdfError> {
    typeset(
        figures_source(report),
        Some(format!("redress/report/{}", report.title)),
    )
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
