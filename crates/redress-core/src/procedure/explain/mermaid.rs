//! The complainant's journey as a Mermaid flowchart: received, out of scope, informal
//! resolution, each stage, the ombudsman.
//!
//! Node ids are generated (`received`, `stage_0`, ...), never taken from the file, so nothing a
//! procedure writer types can break the diagram's syntax; every label is quoted and escaped.

use std::fmt::Write as _;

use super::words::{Words, capitalise, duration, list};
use crate::procedure::model::*;

/// The procedure as a Mermaid `flowchart TD`: the complaint is received; out-of-scope matters
/// branch off to where each goes instead; a late complaint branches off under the time limit;
/// informal resolution (if any) leads to closure or to the first stage; one node per stage,
/// labelled with its name, its handler and its response time; escalation edges labelled with
/// who moves the case on and within what window; conflict-of-interest routes as labelled edges;
/// and the ombudsman after the last stage (or from the start, when it may be approached at any
/// time). Ends with a newline.
pub fn mermaid(procedure: &Procedure) -> String {
    let words = Words::new(procedure);
    let mut chart = Chart::default();
    chart.line("flowchart TD");
    chart.node("received", "([", "Complaint received", "])");
    chart.node("closed", "([", "Closed", "])");

    let entry = if let Some(informal) = &procedure.informal {
        let mut lines = vec!["Informal resolution".to_owned()];
        if !informal.by.is_empty() {
            lines.push(format!("by {}", words.roles(&informal.by, "or")));
        }
        if let Some(mediation) = &informal.mediation {
            lines.push(format!("mediation by {}", words.roles(&mediation.by, "or")));
        }
        chart.node("informal", "[", &lines.join("\n"), "]");
        chart.edge("received", "-->", None, "informal");
        chart.edge("informal", "-->", Some("resolved"), "closed");
        "informal"
    } else {
        "received"
    };
    let first = if procedure.stages.is_empty() {
        "closed"
    } else {
        "stage_0"
    };
    if entry == "informal" {
        chart.edge("informal", "-->", Some("not resolved"), first);
    } else {
        chart.edge("received", "-->", None, first);
    }

    if let Some(limit) = &procedure.time_limit {
        let late = match limit.late {
            LateComplaints::Refused => "Late: not accepted",
            LateComplaints::SpecialCircumstances => "Late: accepted only in special circumstances",
        };
        chart.node("late", "[", late, "]");
        let label = format!("more than {} after the events", duration(limit.within));
        chart.edge("received", "-->", Some(&label), "late");
        if limit.late == LateComplaints::SpecialCircumstances {
            chart.edge("late", "-.->", Some("special circumstances"), entry);
        }
    }

    if !procedure.exclusions.is_empty() {
        chart.node("out_of_scope", "[", "Out of scope", "]");
        chart.edge("received", "-->", Some("out of scope"), "out_of_scope");
        for (index, exclusion) in procedure.exclusions.iter().enumerate() {
            let id = format!("excluded_{index}");
            let label = format!("{}\n{}", exclusion.title, exclusion_route(exclusion));
            chart.node(&id, "[", &label, "]");
            chart.edge("out_of_scope", "-->", None, &id);
        }
    }

    for (index, stage) in procedure.stages.iter().enumerate() {
        chart.node(
            &format!("stage_{index}"),
            "[",
            &stage_label(&words, stage),
            "]",
        );
    }
    for (index, stage) in procedure.stages.iter().enumerate() {
        let from = format!("stage_{index}");
        if let (Some(escalation), Some(target)) =
            (&stage.escalation, words.escalation_target(index))
        {
            let label = escalation_label(&words, stage, escalation);
            chart.edge(&from, "-->", Some(&label), &format!("stage_{target}"));
            chart.edge(&from, "-.->", None, "closed");
        } else {
            chart.edge(&from, "-->", Some("final response"), "closed");
        }
    }
    conflicts(&words, &mut chart);

    if let Some(ombudsman) = &procedure.ombudsman {
        chart.node("ombudsman", "[[", &ombudsman.name, "]]");
        match ombudsman.when {
            OmbudsmanWhen::AfterFinalStage => {
                chart.edge("closed", "-->", Some("still dissatisfied"), "ombudsman");
            }
            OmbudsmanWhen::AnyTime => {
                chart.edge("received", "-.->", Some("at any time"), "ombudsman");
            }
        }
    }
    chart.text
}

/// Edges for the conflict-of-interest rules: a complaint about the role named goes straight to
/// a later stage, or to the stage where another role takes over.
fn conflicts(words: &Words, chart: &mut Chart) {
    let procedure = words.procedure;
    for rule in &procedure.conflicts {
        let about = format!("complaint about {}", words.title(&rule.when_named));
        if let Some(start) = &rule.start_at
            && let Some(target) = procedure.stages.iter().position(|s| &s.id == start)
        {
            chart.edge("received", "-.->", Some(&about), &format!("stage_{target}"));
        } else if let Some(handler) = &rule.handler {
            let acts = procedure
                .stages
                .iter()
                .position(|stage| stage.handler.roles().contains(&&rule.when_named));
            let target = acts.unwrap_or(0);
            if procedure.stages.is_empty() {
                continue;
            }
            let from = if target == 0 {
                "received".to_owned()
            } else {
                format!("stage_{}", target - 1)
            };
            let label = format!("{about}: {} handles it", words.title(handler));
            chart.edge(&from, "-.->", Some(&label), &format!("stage_{target}"));
        }
    }
}

/// Where an out-of-scope matter goes, in a few words.
fn exclusion_route(exclusion: &Exclusion) -> String {
    let route = exclusion.route.as_deref();
    match (exclusion.action, route) {
        (ExclusionAction::Refer, Some(route)) => format!("referred to {route}"),
        (ExclusionAction::Refer, None) => "referred on".to_owned(),
        (ExclusionAction::Signpost, Some(route)) => format!("signposted to {route}"),
        (ExclusionAction::Signpost, None) => "signposted elsewhere".to_owned(),
        (ExclusionAction::Explain, _) => "explained, not investigated".to_owned(),
        (ExclusionAction::Decline, _) => "not considered".to_owned(),
    }
}

/// A stage's label: its name, who handles it, and how long the response may take.
fn stage_label(words: &Words, stage: &Stage) -> String {
    let handler = match &stage.handler {
        Handler::Role { role, with, or } => {
            let mut titles = vec![words.title(role)];
            titles.extend(with.iter().map(|r| words.title(r)));
            let mut text = list(&titles, "and");
            for role in or {
                text.push_str(&format!(" or {}", words.title(role)));
            }
            text
        }
        Handler::Panel {
            size,
            exclude_named,
            ..
        } => {
            let mut text = format!("panel of {size} drawn at random");
            if *exclude_named {
                text.push_str(", excluding anyone named");
            }
            text
        }
        Handler::External { who, .. } => capitalise(who),
    };
    let mut lines = vec![stage.name.clone(), capitalise(&handler)];
    if let Some(respond) = &stage.respond {
        lines.push(format!("response within {}", duration(respond.within)));
    }
    lines.join("\n")
}

/// An escalation edge's label: who moves the case on, and within what window.
fn escalation_label(words: &Words, stage: &Stage, escalation: &Escalation) -> String {
    match escalation.by {
        Escalator::Complainant => match escalation.within {
            Some(within) => format!("complainant asks within {}", duration(within)),
            None => "complainant asks".to_owned(),
        },
        Escalator::Handler => {
            let who = match &stage.handler {
                Handler::Role { role, .. } => words.title(role),
                Handler::Panel { .. } => "panel".to_owned(),
                Handler::External { .. } => "external person".to_owned(),
            };
            format!("referred up by the {who}")
        }
    }
}

/// Mermaid text under construction.
#[derive(Default)]
struct Chart {
    text: String,
}

impl Chart {
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// A node with a quoted label between the shape's brackets, e.g. `["..."]`.
    fn node(&mut self, id: &str, open: &str, label: &str, close: &str) {
        let _ = writeln!(self.text, "    {id}{open}\"{}\"{close}", escape(label));
    }

    /// An edge, with an optional quoted label: `a -->|"label"| b`.
    fn edge(&mut self, from: &str, arrow: &str, label: Option<&str>, to: &str) {
        let _ = match label {
            Some(label) => writeln!(self.text, "    {from} {arrow}|\"{}\"| {to}", escape(label)),
            None => writeln!(self.text, "    {from} {arrow} {to}"),
        };
    }
}

/// A label made safe inside Mermaid quotes: quotes, angle brackets, `#` and backticks become
/// Mermaid entity codes, and line breaks become `<br>`.
fn escape(label: &str) -> String {
    let lines: Vec<String> = label
        .lines()
        .map(|line| {
            line.replace('#', "#35;")
                .replace('"', "#quot;")
                .replace('<', "#lt;")
                .replace('>', "#gt;")
                .replace('`', "#96;")
        })
        .collect();
    lines.join("<br>")
}
