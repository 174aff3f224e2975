//! Bar charts as SVG, drawn by hand: one pair of bars per row (this period, the period before).
//!
//! Hand-written rather than plotters: the markup is a few rectangles and labels, colours are
//! presentation attributes (the pages' CSP forbids inline styles), and the text alternative is
//! exact. Each chart is `role="img"` with a `<title>` and a `<desc>` that says every value, and
//! the page puts the same figures in a table beside it.

use std::fmt::Write;

use super::tables::{Row, Section};

const WIDTH: f64 = 640.0;
const LABEL: f64 = 220.0;
const BAR: f64 = 12.0;
const GAP: f64 = 14.0;
const TOP: f64 = 30.0;
const NOW: &str = "#1d70b8";
const BEFORE: &str = "#b1b4b6";

/// Escapes text for SVG (XML).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The rows a chart draws: those with a numeric value.
fn charted(section: &Section) -> Vec<&Row> {
    section
        .rows
        .iter()
        .filter(|r| r.now_value.is_finite() && r.before_value.is_finite())
        .collect()
}

/// The chart of `section`, or none when it has nothing to draw. `id` must be unique on the
/// page; `legend` names the two periods; `description` is the sentence before the values.
pub fn svg(section: &Section, id: &str, legend: [&str; 2], description: &str) -> Option<String> {
    let rows = charted(section);
    if rows.is_empty() {
        return None;
    }
    let most = rows
        .iter()
        .map(|r| r.now_value.max(r.before_value))
        .fold(if section.percent { 100.0 } else { 1.0 }, f64::max);
    let scale = (WIDTH - LABEL - 60.0) / most;
    let height = TOP + rows.len() as f64 * (2.0 * BAR + GAP) + 10.0;
    let values: Vec<String> = rows
        .iter()
        .map(|r| format!("{}: {}, {}: {}", r.label, r.now, legend[1], r.before))
        .collect();
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="redress-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" font-family="Arial, sans-serif" font-size="13">"#
    );
    let _ = write!(
        out,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{} {}.</desc>"#,
        escape(&section.heading),
        escape(description),
        escape(&values.join("; "))
    );
    let _ = write!(
        out,
        r#"<rect x="{LABEL}" y="4" width="12" height="12" fill="{NOW}"/><text x="{}" y="15">{}</text><rect x="{}" y="4" width="12" height="12" fill="{BEFORE}"/><text x="{}" y="15">{}</text>"#,
        LABEL + 18.0,
        escape(legend[0]),
        LABEL + 200.0,
        LABEL + 218.0,
        escape(legend[1])
    );
    for (index, row) in rows.iter().enumerate() {
        let y = TOP + index as f64 * (2.0 * BAR + GAP);
        let label: String = if row.label.chars().count() > 32 {
            row.label.chars().take(31).chain(['…']).collect()
        } else {
            row.label.clone()
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            LABEL - 8.0,
            y + BAR + 4.0,
            escape(&label)
        );
        for (offset, value, colour) in [(0.0, row.now_value, NOW), (BAR, row.before_value, BEFORE)]
        {
            let width = (value * scale).max(if value > 0.0 { 1.0 } else { 0.0 });
            let shown = if section.percent {
                format!("{value:.0}%")
            } else {
                format!("{value}")
            };
            let _ = write!(
                out,
                r#"<rect x="{LABEL}" y="{}" width="{width:.1}" height="{BAR}" fill="{colour}"/><text x="{:.1}" y="{}" font-size="11">{shown}</text>"#,
                y + offset,
                LABEL + width + 4.0,
                y + offset + BAR - 2.0,
            );
        }
    }
    out.push_str("</svg>");
    Some(out)
}
