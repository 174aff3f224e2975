//! The seed scenarios: every `tests/scenarios/<seed>/*.toml` script run on the shipped procedure
//! it names, with every expectation it writes checked. The scripts are the tests; this file only
//! finds them, runs them and reports each expectation not met with its file and step.

use std::path::{Path, PathBuf};

use redress_core::calendar::Calendar;
use redress_core::procedure::parse;
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

/// Reads a script and, before it, the script it names as its `start`.
fn read_script(path: &Path) -> Result<Script, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
    if !text.starts_with('#') {
        return Err("it must open with a `#` comment saying what the scenario is".to_owned());
    }
    let script = parse_script(&text)?;
    match &script.start {
        Some(start) => {
            let start_path = path.parent().expect("a folder").join(start);
            let start = read_script(&start_path).map_err(|e| format!("start {start}: {e}"))?;
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
