//! A report in every format: the staff page's body, a standalone HTML file, CSV, JSON and PDF,
//! all from the same [`Tables`] (core's figures in the catalogue's words). The CLI's
//! `redress report` and the `/staff/reports` pages both call these.

mod chart;
mod tables;

use askama::Template;
use redress_core::report::Report;

pub use tables::{Row, Section, Tables};

use crate::pages::admin::csv::Csv;
use crate::pages::messages::Messages;

/// The formats a report is given in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON: core's figures with their keys.
    Json,
    /// CSV for a spreadsheet.
    Csv,
    /// A standalone HTML file with charts.
    Html,
    /// An A4 PDF.
    Pdf,
}

impl Format {
    /// Reads the `format` field.
    pub fn parse(text: &str) -> Result<Format, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "html" => Ok(Format::Html),
            "pdf" => Ok(Format::Pdf),
            other => Err(format!(
                "`{other}` is not a report format: give json, csv, html or pdf"
            )),
        }
    }

    /// The media type of the format.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
            Format::Pdf => "application/pdf",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

/// A section as the HTML shows it: its chart (SVG), if it has one.
pub struct SectionView {
    /// The section.
    pub section: Section,
    /// Its chart.
    pub chart: Option<String>,
}

/// The sections of `tables` with their charts.
pub fn views(tables: &Tables, m: &Messages) -> Vec<SectionView> {
    let legend = [tables.columns[1].as_str(), tables.columns[2].as_str()];
    tables
        .sections
        .iter()
        .map(|section| SectionView {
            chart: section
                .chart
                .then(|| {
                    chart::svg(
                        section,
                        &format!("chart-{}", section.id),
                        legend,
                        &m.fill("report.chart_description", &[("heading", &section.heading)]),
                    )
                })
                .flatten(),
            section: section.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "reports/standalone.html")]
struct Standalone<'a> {
    m: &'a Messages,
    tables: &'a Tables,
    sections: Vec<SectionView>,
}

/// `report` as a file in `format`.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>, String> {
    let m = Messages::english();
    Ok(match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
            text.push('\n');
            text.into_bytes()
        }
        Format::Csv => csv(&Tables::of(report, m)).into_bytes(),
        Format::Html => {
            let tables = Tables::of(report, m);
            let page = Standalone {
                m,
                sections: views(&tables, m),
                tables: &tables,
            };
            page.render().map_err(|e| e.to_string())?.into_bytes()
        }
        Format::Pdf => pdf(&Tables::of(report, m), m)?,
    })
}

/// The CSV: one row per figure, `section, item, this period, previous period`, under a header
/// row; every field guarded by the logs' `Csv` (quoted where needed, formulas made inert).
pub fn csv(tables: &Tables) -> String {
    let mut csv = Csv::new();
    let m = Messages::english();
    csv.row(&[
        m.get("report.column.section"),
        &tables.columns[0],
        &tables.columns[1],
        &tables.columns[2],
    ]);
    for section in &tables.sections {
        for row in &section.rows {
            csv.row(&[&section.heading, &row.label, &row.now, &row.before]);
        }
    }
    csv.finish()
}

/// The PDF, typeset by redress-pdf.
pub fn pdf(tables: &Tables, m: &Messages) -> Result<Vec<u8>, String> {
    let document = redress_pdf::ReportDocument {
        title: tables.title.clone(),
        subtitle: vec![tables.period.clone(), tables.compared.clone()],
        columns: tables.columns.clone(),
        sections: tables
            .sections
            .iter()
            .map(|section| {
                let most = section
                    .rows
                    .iter()
                    .filter(|r| r.now_value.is_finite())
                    .map(|r| r.now_value.max(r.before_value))
                    .fold(if section.percent { 100.0 } else { 0.0 }, f64::max);
                redress_pdf::ReportSection {
                    heading: section.heading.clone(),
                    note: section.note.clone(),
                    rows: section
                        .rows
                        .iter()
                        .map(|r| {
                            let bar = (section.chart && r.now_value.is_finite() && most > 0.0)
                                .then(|| r.now_value / most);
                            ([r.label.clone(), r.now.clone(), r.before.clone()], bar)
                        })
                        .collect(),
                }
            })
            .collect(),
        page_of: m.get("report.page_of").to_owned(),
        footer: tables.title.clone(),
    };
    redress_pdf::figures(&document).map_err(|e| e.to_string())
}
