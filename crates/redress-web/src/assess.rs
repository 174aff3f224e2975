//! A self-assessment against a complaint handling code in every format: a standalone HTML
//! file, CSV and PDF (and JSON: core's `Assessment` as it is), all from the same [`Table`] —
//! core's verdicts and counts in the catalogue's words. `redress assess` calls these.

use askama::Template;
use redress_core::codes::{Assessment, Row};
use redress_core::names::serde_name;

use crate::pages::admin::csv::Csv;
use crate::pages::messages::Messages;
use crate::reports::Format;

/// The assessment in words: a title, the lines under it, and one row per provision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The title.
    pub title: String,
    /// The organisation and procedure, the code's text date, the period, what the verdicts mean.
    pub lines: Vec<String>,
    /// The column heads.
    pub columns: [String; 5],
    /// Provision, requirement, verdict, evidence, commentary (blank, for the organisation).
    pub rows: Vec<[String; 5]>,
}

impl Table {
    /// The words of `assessment`.
    pub fn of(assessment: &Assessment, m: &Messages) -> Table {
        let period = &assessment.period;
        Table {
            title: m.fill("assess.title", &[("code", &assessment.code_title)]),
            lines: vec![
                m.fill(
                    "assess.organisation",
                    &[
                        ("organisation", &assessment.organisation_name),
                        ("procedure", &assessment.procedure),
                    ],
                ),
                m.fill("assess.text_date", &[("date", &assessment.text_date)]),
                m.fill(
                    "assess.period",
                    &[
                        ("label", &period.label()),
                        ("first", &period.first.to_string()),
                        ("last", &period.last.to_string()),
                    ],
                ),
                m.get("assess.intro").to_owned(),
            ],
            columns: [
                "section",
                "requirement",
                "verdict",
                "evidence",
                "commentary",
            ]
            .map(|c| m.get(&format!("assess.column.{c}")).to_owned()),
            rows: assessment.rows.iter().map(|row| cells(row, m)).collect(),
        }
    }
}

fn cells(row: &Row, m: &Messages) -> [String; 5] {
    let mut evidence = vec![m.fill(
        "assess.procedure_evidence",
        &[("text", &row.procedure.evidence)],
    )];
    if let Some(live) = &row.live {
        let what = m
            .get(&format!("assess.what.{}", live.check.what))
            .to_owned();
        let stage = live.check.stage.to_string();
        evidence.push(match live.within.percent() {
            None => m.fill("assess.live_none", &[("what", &what), ("stage", &stage)]),
            Some(percent) => m.fill(
                "assess.live_evidence",
                &[
                    ("what", &what),
                    ("stage", &stage),
                    ("days", &live.check.working_days.to_string()),
                    ("from", m.get(&format!("assess.from.{}", live.check.from))),
                    ("percent", &format!("{percent:.0}")),
                    ("of", &live.within.of.to_string()),
                ],
            ),
        });
    }
    [
        row.section.clone(),
        row.requirement.clone(),
        m.get(&format!("assess.verdict.{}", serde_name(&row.verdict)))
            .to_owned(),
        evidence.join(" "),
        String::new(),
    ]
}

#[derive(Template)]
#[template(path = "assess/standalone.html")]
struct Standalone<'a> {
    table: &'a Table,
}

/// `assessment` as a file in `format`.
pub fn render(assessment: &Assessment, format: Format) -> Result<Vec<u8>, String> {
    let m = Messages::english();
    let table = Table::of(assessment, m);
    Ok(match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(assessment).map_err(|e| e.to_string())?;
            text.push('\n');
            text.into_bytes()
        }
        Format::Csv => {
            let mut csv = Csv::new();
            csv.row(&table.columns);
            for row in &table.rows {
                csv.row(row);
            }
            csv.finish().into_bytes()
        }
        Format::Html => Standalone { table: &table }
            .render()
            .map_err(|e| e.to_string())?
            .into_bytes(),
        Format::Pdf => redress_pdf::table(&redress_pdf::TableDocument {
            title: table.title.clone(),
            subtitle: table.lines.clone(),
            columns: table.columns.clone(),
            rows: table.rows.clone(),
            page_of: m.get("assess.page_of").to_owned(),
            footer: table.title.clone(),
        })
        .map_err(|e| e.to_string())?,
    })
}
