//! The seed scenarios: every `tests/scenarios/<seed>/*.toml` script run on the shipped procedure
//! it names, with every expectation it writes checked. The scripts are the tests; this file only
//! finds them, runs them and reports each expectation not met with its file and step.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use redress_core::calendar::Calendar;
use redress_core::procedure::{Procedure, parse};
use redress_core::simulate::{Script, parse_script, run};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios")
}

/// Every `.toml` file under `dir`, sorted, at any depth.
fn scripts(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(scripts(&path));
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            found.push(path);
        }
    }
    found
}

/// Reads a script and, before it, the script it names as its `start` (a few deep at most).
fn read_script(path: &Path) -> Result<Script, String> {
    read_script_within(path, 8)
}

fn read_script_within(path: &Path, depth: usize) -> Result<Script, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
    if !text.starts_with('#') {
        return Err("it must open with a `#` comment saying what the scenario is".to_owned());
    }
    let script = parse_script(&text)?;
    match &script.start {
        Some(_) if depth == 0 => Err("too many scripts each starting from another".to_owned()),
        Some(start) => {
            let start_path = path.parent().expect("a folder").join(start);
            let start = read_script_within(&start_path, depth - 1)
                .map_err(|e| format!("start {start}: {e}"))?;
            Ok(script.after(start))
        }
        None => Ok(script),
    }
}

/// Every failure of one script, as lines naming the file.
fn check(path: &Path) -> Vec<String> {
    let name = path
        .strip_prefix(scenarios_dir())
        .unwrap_or(path)
        .display()
        .to_string();
    let script = match read_script(path) {
        Ok(script) => script,
        Err(error) => return vec![format!("{name}: {error}")],
    };
    let Some(procedure_name) = &script.procedure else {
        return vec![format!("{name}: it names no `procedure`")];
    };
    let procedure_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../procedures")
        .join(procedure_name);
    let procedure = match std::fs::read_to_string(&procedure_path) {
        Ok(text) => parse(&text).unwrap_or_else(|e| panic!("{procedure_name} is not valid:\n{e}")),
        Err(_) => return vec![format!("{name}: no shipped procedure `{procedure_name}`")],
    };
    if script.steps.is_empty() {
        return vec![format!("{name}: it has no steps")];
    }
    let calendar = Calendar::new(
        procedure.organisation.region,
        &procedure.organisation.closure_days,
    );
    run(&script, &procedure, &calendar)
        .failures
        .iter()
        .map(|failure| format!("{name}: {failure}"))
        .collect()
}

#[test]
fn every_seed_scenario_meets_its_expectations() {
    let files = scripts(&scenarios_dir());
    assert!(
        !files.is_empty(),
        "no scenarios under {}",
        scenarios_dir().display()
    );
    let failures: Vec<String> = files.iter().flat_map(|path| check(path)).collect();
    assert!(
        failures.is_empty(),
        "{} expectations not met in {} scenario files:\n\n{}\n",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

/// One wrong value at a time: every value a script expects, changed, must make its script fail,
/// so no expectation is one the runner ignores. Also counts the values checked.
#[test]
fn every_expected_value_when_wrong_makes_its_scenario_fail() {
    let mut checked = 0;
    let mut unnoticed = Vec::new();
    let mut procedures = Procedures::default();
    for path in scripts(&scenarios_dir()) {
        let text = std::fs::read_to_string(&path).expect("readable");
        let table: toml::Table = text.parse().expect("valid TOML");
        let steps = table["step"].as_array().expect("steps").len();
        for step in 0..steps {
            let expect = &table["step"][step].get("expect");
            let Some(expect) = expect else { continue };
            for wrong in mutations(expect, "expect") {
                checked += 1;
                let mut changed = table.clone();
                changed["step"].as_array_mut().expect("steps")[step]
                    .as_table_mut()
                    .expect("a step")
                    .insert("expect".to_owned(), wrong.value);
                if !fails(&path, &changed, &mut procedures) {
                    unnoticed.push(format!(
                        "{}: step {}: {}",
                        path.display(),
                        step + 1,
                        wrong.what
                    ));
                }
            }
        }
    }
    assert!(
        unnoticed.is_empty(),
        "{} of {checked} wrong values went unnoticed:\n{}",
        unnoticed.len(),
        unnoticed.join("\n")
    );
    assert!(checked > 0);
    println!("{checked} expected values, each shown to fail when wrong");
}

/// Whether the script `changed` (the file at `path`, altered) fails. Procedures are read once.
fn fails(path: &Path, changed: &toml::Table, procedures: &mut Procedures) -> bool {
    let text = toml::to_string(changed).expect("serialisable");
    let mut script = parse_script(&text).expect("still a script");
    if let Some(start) = script.start.clone() {
        let start_path = path.parent().expect("a folder").join(start);
        let start = procedures
            .starts
            .entry(start_path)
            .or_insert_with_key(|path| read_script(path).expect("start"));
        script = script.after(start.clone());
    }
    let name = script.procedure.clone().expect("a procedure");
    let (procedure, calendar) = procedures
        .procedures
        .entry(name)
        .or_insert_with_key(|name| {
            let text = std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../procedures")
                    .join(name),
            )
            .expect("shipped");
            let procedure = parse(&text).expect("valid");
            let calendar = Calendar::new(
                procedure.organisation.region,
                &procedure.organisation.closure_days,
            );
            (procedure, calendar)
        });
    !run(&script, procedure, calendar).failures.is_empty()
}

/// What every altered script shares with the others: procedures and `start` scripts, read once.
#[derive(Default)]
struct Procedures {
    procedures: HashMap<String, (Procedure, Calendar)>,
    starts: HashMap<PathBuf, Script>,
}

struct Mutation {
    what: String,
    value: toml::Value,
}

/// Every way to make `value` wrong by changing one thing in it.
fn mutations(value: &toml::Value, at: &str) -> Vec<Mutation> {
    use toml::Value;
    // Lists of words to look for, and the list of clocks to check: fewer would still be met, so
    // only change each item.
    let each_alone = at == "expect.deadlines"
        || at.ends_with("says")
        || at.ends_with("instead")
        || at.ends_with("why")
        || at.ends_with("what")
        || at.ends_with("contains")
        || at.ends_with("lacks");
    let one = |value: Value, what: String| vec![Mutation { what, value }];
    match value {
        Value::String(text) => one(
            Value::String(wrong_text(text)),
            format!("{at}: \"{text}\" changed"),
        ),
        Value::Boolean(flag) => one(Value::Boolean(!flag), format!("{at}: {flag} flipped")),
        Value::Integer(number) => one(Value::Integer(number + 1), format!("{at}: {number} + 1")),
        Value::Array(items) => {
            let mut all = Vec::new();
            for (index, item) in items.iter().enumerate() {
                for wrong in mutations(item, &format!("{at}[{}]", index + 1)) {
                    let mut changed = items.clone();
                    changed[index] = wrong.value;
                    all.push(Mutation {
                        what: wrong.what,
                        value: Value::Array(changed),
                    });
                }
            }
            if !each_alone {
                let mut changed = items.clone();
                let what = match changed.pop() {
                    Some(_) => format!("{at}: the last item dropped"),
                    None => {
                        changed.push(Value::String("one more".to_owned()));
                        format!("{at}: an item added")
                    }
                };
                all.push(Mutation {
                    what,
                    value: Value::Array(changed),
                });
            }
            all
        }
        Value::Table(table) => {
            let mut all = Vec::new();
            for (key, item) in table {
                // When to look is not a value expected.
                if key == "now" {
                    continue;
                }
                for wrong in mutations(item, &format!("{at}.{key}")) {
                    let mut changed = table.clone();
                    changed.insert(key.clone(), wrong.value);
                    all.push(Mutation {
                        what: wrong.what,
                        value: Value::Table(changed),
                    });
                }
            }
            all
        }
        Value::Float(_) | Value::Datetime(_) => Vec::new(),
    }
}

/// Text that is wrong but of the same kind: a date a day later, a time a minute later, "(none)"
/// and "(some)" swapped, other words with something added.
fn wrong_text(text: &str) -> String {
    match text {
        "(none)" => return "(some)".to_owned(),
        "(some)" => return "(none)".to_owned(),
        _ => {}
    }
    if let Ok(day) = text.parse::<jiff::civil::Date>() {
        return day.tomorrow().expect("in range").to_string();
    }
    if let Ok(instant) = redress_core::simulate::parse_instant(text) {
        return (instant + jiff::SignedDuration::from_mins(1)).to_string();
    }
    format!("{text} (wrong)")
}

/// Retention's redaction on every history the scenarios make: each event's erased form reads
/// back, folds to a case with the same kind, channel, stages, outcomes, closure and deadlines
/// (dates and whether met), and holds none of the complainant's name, contact details or words.
#[test]
fn every_scenario_history_erased_keeps_its_facts_and_loses_its_words() {
    use redress_core::case::retention::redact;
    use redress_core::case::{Case, Event, deadlines};
    use redress_core::simulate::StepResult;
    let mut histories = 0;
    for path in scripts(&scenarios_dir()) {
        let script = read_script(&path).expect("a valid script");
        let name = script.procedure.clone().expect("a procedure");
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../procedures")
                .join(&name),
        )
        .expect("shipped");
        let procedure = parse(&text).expect("valid");
        let calendar = Calendar::new(
            procedure.organisation.region,
            &procedure.organisation.closure_days,
        );
        let outcome = run(&script, &procedure, &calendar);
        let mut streams: Vec<Vec<Event>> = vec![Vec::new()];
        for (step, result) in &outcome.results {
            if step.new_case {
                streams.push(Vec::new());
            }
            if let (StepResult::Done(events), true) = (result, step.apply) {
                streams
                    .last_mut()
                    .expect("a stream")
                    .extend(events.iter().cloned());
            }
        }
        for events in streams.into_iter().filter(|e| !e.is_empty()) {
            histories += 1;
            let erased: Vec<Event> = events
                .iter()
                .map(|e| {
                    redact(e).unwrap_or_else(|err| {
                        let mut json = serde_json::to_value(e).expect("json");
                        redress_core::case::retention::redact_value_for_tests(&mut json);
                        panic!(
                            "{}: {json} does not read back erased: {err}",
                            path.display()
                        )
                    })
                })
                .collect();
            let fold = |events: &[Event]| {
                let mut case = Case::default();
                events.iter().for_each(|e| case.apply(e));
                case
            };
            let (before, after) = (fold(&events), fold(&erased));
            let now = events.last().expect("an event").at;
            let where_ = path.display();
            assert_eq!(before.kind(), after.kind(), "{where_}");
            assert_eq!(
                before.submission.as_ref().map(|s| s.channel),
                after.submission.as_ref().map(|s| s.channel),
                "{where_}"
            );
            assert_eq!(before.closed, after.closed, "{where_}");
            assert_eq!(before.delete_after, after.delete_after, "{where_}");
            let stages = |c: &Case| {
                c.stages
                    .iter()
                    .map(|s| (s.id.clone(), s.entered_at, s.response))
                    .collect::<Vec<_>>()
            };
            assert_eq!(stages(&before), stages(&after), "{where_}");
            let clocks = |c: &Case| {
                deadlines(c, &procedure, &calendar, now).map(|list| {
                    list.into_iter()
                        .map(|d| (d.clock, d.due, d.status))
                        .collect::<Vec<_>>()
                })
            };
            assert_eq!(
                format!("{:?}", clocks(&before)),
                format!("{:?}", clocks(&after)),
                "{where_}"
            );
            let json = serde_json::to_string(&erased).expect("serialises");
            let submission = before.submission.as_ref().expect("received");
            let mut words: Vec<&str> = vec![submission.what_happened.as_str()];
            for contact in submission
                .complainant
                .iter()
                .chain(submission.representative.iter().map(|r| &r.contact))
            {
                words.push(&contact.name);
                words.extend(contact.email.as_deref());
                words.extend(contact.phone.as_deref());
                words.extend(contact.address.as_deref());
            }
            words.extend(before.people_named.iter().map(|p| p.name.as_str()));
            for word in words.into_iter().filter(|w| w.len() > 3) {
                assert!(!json.contains(word), "{where_}: {word:?} survives erasure");
            }
        }
    }
    assert!(histories > 50, "only {histories} histories");
}
