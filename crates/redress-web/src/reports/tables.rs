//! A report in words: core's figures as sections of rows (an item, this period, the period
//! before), worded from the message catalogue and the procedure's own names. The page, the
//! standalone HTML, the CSV and the PDF are all drawn from these sections, so they agree.

use redress_core::report::{Count, Figures, Rate, Report, Times};

use crate::pages::messages::Messages;
use crate::pages::staff::words::name;

/// One row: what is counted, and its value in each period.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// What is counted, in words.
    pub label: String,
    /// This period's value, as shown.
    pub now: String,
    /// The previous period's value, as shown.
    pub before: String,
    /// This period's value as a number, for a chart.
    pub now_value: f64,
    /// The previous period's value as a number.
    pub before_value: f64,
}

/// One section of the report: a table, and a chart of it where `chart` is set.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// A stable id (`by-kind`), for anchors and the CSV.
    pub id: &'static str,
    /// The heading.
    pub heading: String,
    /// What the figures count, in one sentence.
    pub note: String,
    /// Whether the rows are drawn as a bar chart (counts, or percentages when `percent`).
    pub chart: bool,
    /// Whether the chart's values are percentages.
    pub percent: bool,
    /// The rows.
    pub rows: Vec<Row>,
}

/// The report's words: title, the two periods, and its sections.
#[derive(Clone, Debug, PartialEq)]
pub struct Tables {
    /// "Complaints report: SENDIASS Staffordshire, 2026-Q1".
    pub title: String,
    /// The organisation's name.
    pub organisation: String,
    /// This period, in words.
    pub period: String,
    /// The previous period, in words.
    pub previous: String,
    /// "Compared with ...": the previous period, as a sentence.
    pub compared: String,
    /// The column heads: item, this period, previous period.
    pub columns: [String; 3],
    /// The sections.
    pub sections: Vec<Section>,
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn number(n: u64) -> Row {
    Row {
        label: String::new(),
        now: n.to_string(),
        before: String::new(),
        now_value: n as f64,
        before_value: 0.0,
    }
}

/// A row of two counts.
fn counts(label: String, now: u64, before: u64) -> Row {
    Row {
        label,
        before: before.to_string(),
        before_value: before as f64,
        ..number(now)
    }
}

/// A percentage as shown: "33.3% (1 of 3)", or "none" with nothing to share.
fn rate_text(m: &Messages, rate: Rate) -> String {
    match rate.percent() {
        Some(p) => m.fill(
            "report.rate",
            &[
                ("percent", &format!("{p:.1}")),
                ("count", &rate.count.to_string()),
                ("of", &rate.of.to_string()),
            ],
        ),
        None => m.get("report.none").to_owned(),
    }
}

fn rates(m: &Messages, label: String, now: Rate, before: Rate) -> Row {
    Row {
        label,
        now: rate_text(m, now),
        before: rate_text(m, before),
        now_value: now.percent().unwrap_or(0.0),
        before_value: before.percent().unwrap_or(0.0),
    }
}

fn days(m: &Messages, value: Option<u32>) -> String {
    match value {
        Some(d) => m.fill("report.working_days", &[("days", &d.to_string())]),
        None => m.get("report.none").to_owned(),
    }
}

/// Rows for keyed counts, both periods having the same keys in the same order.
fn keyed(now: &[Count], before: &[Count], label: impl Fn(&str) -> String) -> Vec<Row> {
    now.iter()
        .map(|c| {
            let previous = before
                .iter()
                .find(|b| b.key == c.key)
                .map_or(0, |b| b.count);
            counts(label(&c.key), c.count, previous)
        })
        .collect()
}

impl Tables {
    /// The report's sections, worded with `m`.
    pub fn of(report: &Report, m: &Messages) -> Tables {
        let (now, before) = (&report.current, &report.previous);
        let label = |key: &str| {
            report
                .labels
                .get(key)
                .cloned()
                .unwrap_or_else(|| key.to_owned())
        };
        let section = |id: &'static str, chart: bool, rows: Vec<Row>| Section {
            id,
            heading: m.get(&format!("report.section.{id}")).to_owned(),
            note: m.get(&format!("report.note.{id}")).to_owned(),
            chart,
            percent: false,
            rows,
        };
        let row = |key: &str, now: u64, before: u64| {
            counts(m.get(&format!("report.row.{key}")).to_owned(), now, before)
        };
        let mut sections = vec![
            section(
                "received",
                false,
                vec![
                    row("received", now.received, before.received),
                    row("complaints", now.complaints, before.complaints),
                    row("compliments", now.compliments, before.compliments),
                    row("anonymous", now.anonymous, before.anonymous),
                    row("representative", now.representative, before.representative),
                ],
            ),
            section(
                "by-kind",
                true,
                keyed(&now.by_kind, &before.by_kind, |k| name(m, "kind", k)),
            ),
            section(
                "by-channel",
                true,
                keyed(&now.by_channel, &before.by_channel, |k| {
                    capitalised(&name(m, "channel", k))
                }),
            ),
            section(
                "by-stage",
                true,
                keyed(&now.by_stage_reached, &before.by_stage_reached, label),
            ),
            section(
                "by-outcome",
                true,
                keyed(&now.by_outcome, &before.by_outcome, |k| {
                    name(m, "outcome", k)
                }),
            ),
        ];
        if !report.by_procedure.is_empty() {
            sections.insert(1, section("by-procedure", false, by_procedure(m, report)));
        }
        let mut themes = keyed(&now.by_theme, &before.by_theme, label);
        themes.push(row(
            "without-theme",
            now.without_theme,
            before.without_theme,
        ));
        sections.push(section("by-theme", true, themes));
        sections.push(Section {
            percent: true,
            ..section("times", true, times(m, report, now, before))
        });
        sections.push(section(
            "escalation",
            false,
            vec![
                rates(
                    m,
                    m.get("report.row.escalation-rate").to_owned(),
                    now.escalation_rate,
                    before.escalation_rate,
                ),
                rates(
                    m,
                    m.get("report.row.referral-rate").to_owned(),
                    now.referral_rate,
                    before.referral_rate,
                ),
                row("escalations", now.escalations, before.escalations),
                row("referrals", now.referrals, before.referrals),
                row("withdrawals", now.withdrawals, before.withdrawals),
                row("late-accepted", now.late_accepted, before.late_accepted),
            ],
        ));
        sections.push(section(
            "out-of-scope",
            true,
            keyed(&now.out_of_scope, &before.out_of_scope, |k| {
                if k == "out-of-time" {
                    m.get("report.row.out-of-time").to_owned()
                } else {
                    label(k)
                }
            }),
        ));
        sections.push(section(
            "learning",
            false,
            vec![
                row(
                    "learning-opened",
                    now.learning_opened,
                    before.learning_opened,
                ),
                row("learning-done", now.learning_done, before.learning_done),
            ],
        ));
        let period = report.period.label();
        let previous = report.previous_period.label();
        let previous_words = m.fill(
            "report.period",
            &[
                ("label", &previous),
                ("first", &report.previous_period.first.to_string()),
                ("last", &report.previous_period.last.to_string()),
            ],
        );
        Tables {
            compared: m.fill("report.compared_with", &[("period", &previous_words)]),
            title: match &report.procedure {
                Some(procedure) => m.fill(
                    "report.title_procedure",
                    &[
                        ("organisation", &report.organisation_name),
                        ("procedure", &procedure.title),
                        ("period", &period),
                    ],
                ),
                None => m.fill(
                    "report.title",
                    &[
                        ("organisation", &report.organisation_name),
                        ("period", &period),
                    ],
                ),
            },
            organisation: report.organisation_name.clone(),
            columns: [
                m.get("report.column.item").to_owned(),
                m.fill("report.column.period", &[("period", &period)]),
                m.fill("report.column.period", &[("period", &previous)]),
            ],
            period: m.fill(
                "report.period",
                &[
                    ("label", &period),
                    ("first", &report.period.first.to_string()),
                    ("last", &report.period.last.to_string()),
                ],
            ),
            previous: previous_words,
            sections,
        }
    }
}

/// Each procedure's headline figures in an organisation's report over several: cases and
/// complaints received, acknowledgements and responses within that procedure's own
/// timescales (each case's facts were worked out under its own procedure), escalations and
/// withdrawals.
fn by_procedure(m: &Messages, report: &Report) -> Vec<Row> {
    let mut rows = Vec::new();
    for part in &report.by_procedure {
        let (now, before) = (&part.current, &part.previous);
        let label = |key: &str| {
            m.fill(
                &format!("report.by_procedure.{key}"),
                &[("procedure", &part.procedure.title)],
            )
        };
        rows.extend([
            counts(label("received"), now.received, before.received),
            counts(label("complaints"), now.complaints, before.complaints),
            rates(
                m,
                label("acknowledged_within"),
                now.acknowledged_within(),
                before.acknowledged_within(),
            ),
            rates(
                m,
                label("responded_within"),
                now.responded_within(),
                before.responded_within(),
            ),
            counts(label("escalations"), now.escalations, before.escalations),
            counts(label("withdrawals"), now.withdrawals, before.withdrawals),
        ]);
    }
    rows
}

/// Per stage: the share within the timescale (charted), the median and the 90th percentile,
/// for acknowledgements and responses.
fn times(m: &Messages, report: &Report, now: &Figures, before: &Figures) -> Vec<Row> {
    let mut rows = Vec::new();
    for stage in &now.times {
        let stage_name = report
            .labels
            .get(&stage.stage)
            .cloned()
            .unwrap_or_else(|| stage.stage.clone());
        let previous = before.times.iter().find(|t| t.stage == stage.stage);
        for (what, now_times, before_times) in [
            (
                "acknowledge",
                &stage.acknowledge,
                previous.map(|p| &p.acknowledge),
            ),
            ("respond", &stage.respond, previous.map(|p| &p.respond)),
        ] {
            let empty = Times::default();
            let before_times = before_times.unwrap_or(&empty);
            if now_times.count == 0 && before_times.count == 0 {
                continue;
            }
            let label = |key: &str| {
                m.fill(
                    &format!("report.times.{what}.{key}"),
                    &[("stage", &stage_name)],
                )
            };
            rows.push(rates(
                m,
                label("within"),
                now_times.within,
                before_times.within,
            ));
            rows.push(Row {
                label: label("median"),
                now: days(m, now_times.median),
                before: days(m, before_times.median),
                now_value: f64::NAN,
                before_value: f64::NAN,
            });
            rows.push(Row {
                label: label("p90"),
                now: days(m, now_times.p90),
                before: days(m, before_times.p90),
                now_value: f64::NAN,
                before_value: f64::NAN,
            });
        }
    }
    rows
}
