//! Fuzzing on the stable toolchain (issue 11, item 7): the procedure parser, the duration
//! parser and the JSON decoders of commands and submissions, through the mutation engine of
//! `tests/fuzz/mutate.rs`. Each target's contract is that bad input is an error, never a panic;
//! and what parses keeps its promises (a duration prints as text that parses back to it; a
//! procedure that loads can be explained). A short run here (`cargo test`); the long form is
//! `REDRESS_FUZZ_ITERATIONS=200000 cargo test --release -p redress-core --test fuzz`.

#[path = "../../../tests/fuzz/mutate.rs"]
mod mutate;

use redress_core::calendar::{Calendar, Duration, Region};
use redress_core::case::input::{Submitter, ValidSubmission};
use redress_core::case::{Command, Submission};
use redress_core::procedure::{explain, mermaid, parse};

fn shipped() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../procedures");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the shipped procedures")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read(path).expect("a procedure file"))
        .collect()
}

#[test]
fn the_procedure_parser_refuses_mangled_files_without_panicking() {
    let corpus = shipped();
    mutate::run(
        "procedure",
        0x5eed_0011_0001,
        mutate::iterations(1_500),
        &corpus,
        |input| {
            let Ok(text) = std::str::from_utf8(input) else {
                return;
            };
            if let Ok(procedure) = parse(text) {
                let _ = explain(&procedure).to_markdown();
                let _ = mermaid(&procedure);
            }
        },
    );
}

#[test]
fn the_duration_parser_refuses_bad_durations_and_prints_good_ones_back() {
    let corpus: Vec<Vec<u8>> = [
        "3 working days",
        "1 working day",
        "24 hours",
        "2 weeks",
        "12 months",
        "1 year",
        "20 days",
        "  5   Working   Days ",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    let calendar = Calendar::new(Region::EnglandAndWales, &[]);
    let start: jiff::Timestamp = "2026-06-01T09:00:00Z".parse().expect("an instant");
    mutate::run(
        "duration",
        0x5eed_0011_0002,
        mutate::iterations(20_000),
        &corpus,
        |input| {
            let Ok(text) = std::str::from_utf8(input) else {
                return;
            };
            if let Ok(duration) = text.parse::<Duration>() {
                let printed = duration.to_string();
                assert_eq!(
                    printed.parse::<Duration>().ok(),
                    Some(duration),
                    "{printed}"
                );
                // Counting it on the calendar is an answer or an error, never a panic.
                let _ = calendar.due(start, duration);
            }
        },
    );
}

#[test]
fn the_json_decoders_refuse_bad_commands_and_submissions_without_panicking() {
    let corpus: Vec<Vec<u8>> = [
        r#"{"type":"add-note","text":"Looked."}"#,
        r#"{"type":"acknowledge","letter":{"body":"Dear parent","delivery":"email"}}"#,
        r#"{"type":"assign","stage":"stage-1","role":"coordinator"}"#,
        r#"{"type":"respond","outcome":"upheld","findings":"We were wrong.","remedies":[{"kind":"apology","description":"Sorry"}]}"#,
        r#"{"type":"add-learning-action","what":"Train staff","owner":"Manager","due":"2026-12-31"}"#,
        r#"{"type":"extend","stage":"stage-1","by":"10 working days","reason":"Complex"}"#,
        r#"{"kind":"complaint","channel":"web","complainant":{"name":"A Parent","email":"a@example.org","phone":"0113 496 0000"},"people_named":[{"name":"Alex Example"}],"what_happened":"No call back.","outcome_wanted":"A call.","became_aware_on":"2026-05-01"}"#,
        r#"{"kind":"compliment","channel":"web","anonymous":true,"what_happened":"Thank you."}"#,
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    let procedure = parse(&String::from_utf8(shipped()[0].clone()).expect("utf-8"))
        .expect("a shipped procedure loads");
    let received = jiff::civil::date(2026, 6, 1);
    mutate::run(
        "json",
        0x5eed_0011_0003,
        mutate::iterations(20_000),
        &corpus,
        |input| {
            let _ = serde_json::from_slice::<Command>(input);
            if let Ok(submission) = serde_json::from_slice::<Submission>(input) {
                let _ = ValidSubmission::parse(
                    submission.clone(),
                    &procedure,
                    received,
                    Submitter::Public,
                );
                let _ = ValidSubmission::parse(submission, &procedure, received, Submitter::Staff);
            }
        },
    );
}
