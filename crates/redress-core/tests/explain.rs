//! The plain-English explanation, the Mermaid flowchart and the JSON Schema of procedure files:
//! each stage, duration, role title and the ombudsman appears in words, no role id leaks out,
//! the diagram has one node per stage, and the committed schema matches the types.

use std::collections::BTreeSet;

use redress_core::procedure::{Procedure, explain, json_schema, mermaid, parse};

/// A small procedure that uses most of the format: a panel, an external reviewer, a conflict
/// rule, exclusions, informal resolution with mediation, and the ombudsman. Role ids are
/// deliberately unlike their titles so a leaked id is easy to spot.
const SMALL: &str = r#"
[procedure]
title = "Feedback Procedure"
version = "2026.1"
effective_from = "2026-04-01"

[organisation]
id = "riverside-carers"
name = "Riverside Carers Forum"
reference_prefix = "RCF"
region = "england-and-wales"
kinds = ["complaint", "compliment"]
contact = { email = "feedback@example.org" }

[roles.lead-officer]
title = "Forum Co-ordinator"

[roles.top-person]
title = "Chair"

[roles.data-sec]
title = "Data Protection Secretary"

[roles.outside-reviewer]
title = "Independent Reviewer"
external = true

[intake]
channels = ["email", "letter", "phone"]
verbal = "record-in-writing"
anonymous = "accepted-limited"
representatives = { accepted = true, written_authority = true }

[[intake.redirect]]
channels = ["social-media"]
say = "Please e-mail us so we can look into it properly"

[time_limit]
within = "12 months"
from = "event-or-awareness"
late = "special-circumstances"

[[exclusion]]
id = "safeguarding"
title = "Safeguarding concerns"
route = "the local safeguarding team"
action = "refer"

[informal]
description = "We try to put things right straight away."
by = ["lead-officer"]
mediation = { by = ["top-person"] }

[[stage]]
id = "stage-1"
name = "Stage One – Panel"
outcomes = ["upheld", "partly-upheld", "not-upheld"]
handler = { panel = 3, from = "members", exclude_named = true, arranged_by = "top-person" }
acknowledge = { within = "3 working days", in_writing = true, must_state = ["handler", "phone", "email", "response-due"] }
respond = { within = "15 working days", from = "receipt" }
holding_letter = { within = "10 working days", from = "receipt" }
extension = { max = "10 working days" }
updates = { every = "2 weeks" }
escalation = { by = "complainant", within = "20 working days", in_writing = true, must_state = ["grounds"], grounds = ["outcome", "handling"] }

[[stage]]
id = "stage-2"
name = "Stage Two – Independent Review"
modes = ["review"]
outcomes = ["outcome-stands", "outcome-changed"]
handler = { role = "outside-reviewer" }
respond = { within = "4 weeks", from = "escalation" }

[[conflict]]
when_named = "top-person"
handler = "data-sec"

[ombudsman]
name = "Local Government and Social Care Ombudsman"
when = "after-final-stage"
contact = { web = "https://www.lgo.org.uk" }

[compliments]
recorded_by = "lead-officer"
respond_within = "5 working days"

[retention]
keep = "2 years"
from = "closure"
"#;

fn small() -> Procedure {
    parse(SMALL).unwrap_or_else(|errors| panic!("the test procedure is invalid:\n{errors}"))
}

/// Every shipped procedure (`procedures/*.toml`), by file name; none while they are being written.
fn shipped() -> Vec<(String, Procedure)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../procedures");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("a listed file can be read");
            let procedure = parse(&text).unwrap_or_else(|errors| panic!("{name}:\n{errors}"));
            (name, procedure)
        })
        .collect()
}

/// The words of `text`: runs of letters, digits and hyphens, as role ids are written.
fn tokens(text: &str) -> BTreeSet<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|token| !token.is_empty())
        .collect()
}

/// Checks the explanation of one procedure: stage names, durations, role titles, no role ids,
/// the ombudsman.
fn check_explanation(name: &str, procedure: &Procedure) {
    let text = explain(procedure).to_markdown();
    assert!(
        text.ends_with('\n'),
        "{name}: the explanation ends with a newline"
    );
    for stage in &procedure.stages {
        assert!(
            text.contains(&stage.name),
            "{name}: stage {:?} is not named",
            stage.name
        );
        if let Some(respond) = &stage.respond {
            let within = respond.within.to_string();
            assert!(
                text.contains(&within),
                "{name}: {within} for {} is missing",
                stage.name
            );
        }
        if let Some(acknowledge) = &stage.acknowledge {
            let within = acknowledge.within.to_string();
            assert!(
                text.contains(&within),
                "{name}: acknowledgement {within} is missing"
            );
        }
        if let Some(within) = stage.escalation.as_ref().and_then(|e| e.within) {
            assert!(
                text.contains(&within.to_string()),
                "{name}: escalation {within} is missing"
            );
        }
    }
    // Role ids never appear, unless the organisation's own prose uses the same word.
    let explained = tokens(&text);
    for id in procedure.roles.keys() {
        assert!(
            !explained.contains(id.as_str()) || prose_has(procedure, id.as_str()),
            "{name}: role id `{id}` appears in the explanation"
        );
    }
    if let Some(ombudsman) = &procedure.ombudsman {
        assert!(
            text.contains(&ombudsman.name),
            "{name}: the ombudsman is not named"
        );
    }
}

/// Whether `word` is a word of the procedure's own prose (titles, names, descriptions), so its
/// appearance in the explanation is that prose, not a leaked id.
fn prose_has(procedure: &Procedure, word: &str) -> bool {
    let mut prose: Vec<&str> = procedure.roles.values().map(|r| r.title.as_str()).collect();
    prose.extend(procedure.stages.iter().map(|s| s.name.as_str()));
    prose.extend(
        procedure
            .stages
            .iter()
            .filter_map(|s| s.description.as_deref()),
    );
    prose.extend(procedure.informal.iter().map(|i| i.description.as_str()));
    prose.extend(procedure.privacy.as_deref());
    prose.extend(procedure.intake.support.as_deref());
    prose.extend(procedure.intake.ask_for.iter().map(String::as_str));
    prose.extend(procedure.intake.redirect.iter().map(|r| r.say.as_str()));
    for exclusion in &procedure.exclusions {
        prose.push(&exclusion.title);
        prose.extend(exclusion.route.as_deref());
        prose.extend(exclusion.note.as_deref());
    }
    for report in &procedure.reports {
        prose.push(&report.to);
        prose.extend(report.contents.iter().map(String::as_str));
    }
    prose.extend(procedure.ombudsman.iter().filter_map(|o| o.note.as_deref()));
    prose.extend(procedure.retention.iter().filter_map(|r| r.note.as_deref()));
    prose.iter().any(|text| tokens(text).contains(word))
}

/// Checks the diagram of one procedure: a flowchart with one node per stage and quoted labels.
fn check_mermaid(name: &str, procedure: &Procedure) {
    let chart = mermaid(procedure);
    assert!(
        chart.starts_with("flowchart TD\n"),
        "{name}: not a top-down flowchart"
    );
    let stage_nodes = chart
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            line.starts_with("stage_") && line.contains("[\"") && !line.contains("--")
        })
        .count();
    assert_eq!(
        stage_nodes,
        procedure.stages.len(),
        "{name}: one node per stage\n{chart}"
    );
    for line in chart.lines().skip(1) {
        assert_eq!(
            line.matches('"').count() % 2,
            0,
            "{name}: unbalanced quotes in {line:?}"
        );
        if line.contains('[') {
            assert!(line.contains("[\""), "{name}: unquoted label in {line:?}");
        }
    }
}

#[test]
fn the_explanation_names_each_stage_duration_role_title_and_the_ombudsman() {
    let procedure = small();
    check_explanation("small", &procedure);
    let text = explain(&procedure).to_markdown();
    for words in [
        "# Riverside Carers Forum: Feedback Procedure",
        "in effect from 1 April 2026",
        "acknowledged within 3 working days of receipt, in writing, stating who is dealing with \
         it, a phone number, an e-mail address and the date to expect a response",
        "a full response within 15 working days of receipt",
        "holding letter within 10 working days of receipt",
        "by at most 10 working days in total",
        "an update at least every 2 weeks",
        "A panel of 3 people drawn at random from the members, leaving out anyone named in the \
         complaint",
        "The Chair arranges the draw.",
        "If the complaint is about the Chair, the Data Protection Secretary handles it instead.",
        "within 20 working days of this stage's response, in writing, saying why you are still \
         dissatisfied",
        "The Independent Reviewer, who is from outside Riverside Carers Forum, handles this stage.",
        "within 4 weeks of your request to move to this stage",
        "the Local Government and Social Care Ombudsman",
        "Mediation is available from the Chair.",
        "The Forum Co-ordinator will try to resolve it with you.",
        "**Safeguarding concerns**: we pass it to the local safeguarding team.",
        "Please complain within 12 months",
        "only if there are special circumstances",
        "“Please e-mail us so we can look into it properly.”",
        "written permission (or a Power of Attorney)",
        "recorded by the Forum Co-ordinator",
        "kept for 2 years after the case is closed",
        "Monday to Friday, except bank holidays in England and Wales",
        "day 0",
    ] {
        assert!(text.contains(words), "missing {words:?} in:\n{text}");
    }
    for id in [
        "lead-officer",
        "top-person",
        "data-sec",
        "outside-reviewer",
        "stage-1",
    ] {
        assert!(
            !text.contains(id),
            "role or stage id `{id}` leaked into:\n{text}"
        );
    }
}

#[test]
fn a_scottish_procedure_counts_scottish_bank_holidays() {
    let text = explain(&parse(&SMALL.replace("england-and-wales", "scotland")).expect("valid"))
        .to_markdown();
    assert!(text.contains("bank holidays in Scotland"), "{text}");
}

#[test]
fn the_flowchart_has_one_node_per_stage_and_labelled_routes() {
    let procedure = small();
    check_mermaid("small", &procedure);
    let chart = mermaid(&procedure);
    for words in [
        "stage_0 -->|\"complainant asks within 20 working days\"| stage_1",
        "received -->|\"out of scope\"| out_of_scope",
        "referred to the local safeguarding team",
        "informal -->|\"not resolved\"| stage_0",
        "complaint about Chair: Data Protection Secretary handles it",
        "ombudsman[[\"Local Government and Social Care Ombudsman\"]]",
    ] {
        assert!(chart.contains(words), "missing {words:?} in:\n{chart}");
    }
    assert!(!chart.contains("top-person"), "{chart}");
}

#[test]
fn flowchart_labels_escape_quotes_and_brackets() {
    let tricky = SMALL.replace(
        "name = \"Stage One – Panel\"",
        "name = 'Stage \"One\" <first> #1'",
    );
    let procedure = parse(&tricky).expect("valid");
    let chart = mermaid(&procedure);
    assert!(
        chart.contains("Stage #quot;One#quot; #lt;first#gt; #35;1"),
        "{chart}"
    );
    check_mermaid("tricky", &procedure);
}

#[test]
fn every_shipped_procedure_is_explained_and_drawn() {
    for (name, procedure) in shipped() {
        check_explanation(&name, &procedure);
        check_mermaid(&name, &procedure);
    }
}

#[test]
fn the_committed_json_schema_matches_the_procedure_types() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/procedure.schema.json"
    );
    let generated = serde_json::to_string_pretty(&json_schema()).expect("a schema is JSON") + "\n";
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/procedure.schema.json is out of date with the procedure types; regenerate it with\n\
         \n    cargo run -p redress -- procedure schema > docs/procedure.schema.json\n\
         \n(that is `redress procedure schema > docs/procedure.schema.json`) and commit the result"
    );
    assert_eq!(json_schema()["title"], "redress procedure file");
}

#[test]
fn the_format_reference_minimal_example_is_a_valid_procedure() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/procedure-format.md"
    );
    let doc = std::fs::read_to_string(path).expect("docs/procedure-format.md exists");
    let minimal = doc
        .split("```toml\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.starts_with("[procedure]"))
        .expect("the reference has a complete minimal example starting with [procedure]");
    let procedure = parse(minimal).unwrap_or_else(|errors| panic!("{errors}\n{minimal}"));
    check_explanation("minimal example", &procedure);
    check_mermaid("minimal example", &procedure);
}

#[test]
fn anonymous_feedback_is_promised_only_where_the_procedure_says_so() {
    for (name, procedure) in shipped() {
        let text = explain(&procedure).to_markdown().to_lowercase();
        match procedure.intake.anonymous {
            None => assert!(
                !text.contains("anonymous"),
                "{name} says nothing of anonymous feedback"
            ),
            Some(_) => assert!(
                text.contains("anonymous"),
                "{name} states its rule on anonymous feedback"
            ),
        }
    }
}
