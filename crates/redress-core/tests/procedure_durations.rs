//! Impossible durations in a procedure file (issue 7, item 6): a zero clock, a count past the
//! longest redress accepts for its unit, or a working-day count past the bank-holiday data is
//! refused by `parse` on the line of the duration; the longest accepted value still loads; and
//! a case on a procedure that somehow carries a huge duration gets an error, never a panic.

mod common;

use common::{Scenario, at, date};
use redress_core::calendar::{Calendar, CalendarError, Duration, Region, date_after};
use redress_core::procedure::{longest, parse};
use serde_json::json;

fn shipped(file: &str) -> String {
    let path = format!("{}/../../procedures/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One duration changed in a shipped file: `find` (its first occurrence) becomes `replace`.
struct Change {
    file: &'static str,
    find: &'static str,
    replace: &'static str,
}

const fn change(file: &'static str, find: &'static str, replace: &'static str) -> Change {
    Change {
        file,
        find,
        replace,
    }
}

/// The changed text and the 1-based line of the changed value, found without the parser.
fn apply(change: &Change) -> (String, usize) {
    let text = shipped(change.file);
    assert!(
        text.contains(change.find),
        "`{}` is not in {}",
        change.find,
        change.file
    );
    let changed = text.replacen(change.find, change.replace, 1);
    let offset = changed.find(change.replace).unwrap();
    (changed.clone(), changed[..offset].matches('\n').count() + 1)
}

/// Each change must give exactly one error, on the changed line, naming `field` and saying
/// `message`.
fn refused(change: &Change, field: &str, message: &str) {
    let (text, line) = apply(change);
    let what = format!("{} in {}", change.replace, change.file);
    let errors = match parse(&text) {
        Ok(_) => panic!("{what}: parsed"),
        Err(errors) => errors.0,
    };
    assert_eq!(errors.len(), 1, "{what}: {errors:?}");
    let error = &errors[0];
    assert_eq!(error.line, Some(line), "{what}: wrong line for {error}");
    assert!(error.column.is_some(), "{what}: no column in {error}");
    assert_eq!(error.field, field, "{what}");
    assert!(
        error.message.contains(message),
        "{what}: `{}` should say `{message}`",
        error.message
    );
}

#[test]
fn a_zero_duration_is_refused_on_its_line_for_every_kind_of_clock() {
    let cases = [
        (
            change(
                "leeds-pps.toml",
                "within = \"3 working days\"",
                "within = \"0 working days\"",
            ),
            "stage[0].acknowledge.within",
            "0 working days is no time at all for an acknowledgement",
        ),
        (
            change(
                "leeds-pps.toml",
                "within = \"15 working days\"",
                "within = \"0 working days\"",
            ),
            "stage[0].respond.within",
            "give at least 1 working day",
        ),
        (
            change(
                "leeds-pps.toml",
                "every = \"2 weeks\"",
                "every = \"0 weeks\"",
            ),
            "stage[0].updates.every",
            "0 weeks is no time at all for the interval between updates",
        ),
        (
            change(
                "tfc-sunderland.toml",
                "within = \"24 hours\"",
                "within = \"0 hours\"",
            ),
            "stage[0].acknowledge.within",
            "give at least 1 hour",
        ),
        (
            change(
                "tfc-sunderland.toml",
                "within = \"20 working days\"",
                "within = \"0 working days\"",
            ),
            "stage[0].escalation.within",
            "for the window to escalate",
        ),
        (
            change(
                "tfc-sunderland.toml",
                "within = \"12 months\"",
                "within = \"0 months\"",
            ),
            "time_limit.within",
            "for the time limit to complain",
        ),
        (
            change(
                "kings-park-pp.toml",
                "within = \"5 days\"",
                "within = \"0 days\"",
            ),
            "stage[0].acknowledge.within",
            "give at least 1 day",
        ),
        (
            change(
                "kings-park-pp.toml",
                "keep = \"1 year\"",
                "keep = \"0 years\"",
            ),
            "retention.keep",
            "0 months is no time at all for retention",
        ),
        (
            change(
                "pips-stockport.toml",
                "within = \"20 working days\"",
                "within = \"0 working days\"",
            ),
            "stage[0].holding_letter.within",
            "for a holding letter",
        ),
        (
            change(
                "leeds-pps.toml",
                "respond_within = \"10 working days\"",
                "respond_within = \"0 working days\"",
            ),
            "compliments.respond_within",
            "for a reply to a compliment",
        ),
    ];
    for (change, field, message) in &cases {
        refused(change, field, message);
    }
}

#[test]
fn a_duration_past_the_longest_for_its_unit_is_refused_on_its_line() {
    let cases = [
        (
            change(
                "leeds-pps.toml",
                "within = \"15 working days\"",
                "within = \"999999 working days\"",
            ),
            "stage[0].respond.within",
            "999999 working days is longer than redress accepts for a response: at most 260 working days",
        ),
        (
            change(
                "kings-park-pp.toml",
                "keep = \"1 year\"",
                "keep = \"99999999 months\"",
            ),
            "retention.keep",
            "at most 84 months",
        ),
        (
            change(
                "tfc-sunderland.toml",
                "within = \"12 months\"",
                "within = \"99999999 months\"",
            ),
            "time_limit.within",
            "for the time limit to complain: at most 84 months",
        ),
        (
            change(
                "leeds-pps.toml",
                "within = \"15 working days\"",
                "within = \"261 working days\"",
            ),
            "stage[0].respond.within",
            "at most 260 working days",
        ),
        (
            change(
                "tfc-sunderland.toml",
                "within = \"24 hours\"",
                "within = \"721 hours\"",
            ),
            "stage[0].acknowledge.within",
            "at most 720 hours",
        ),
        (
            change(
                "kings-park-pp.toml",
                "within = \"5 days\"",
                "within = \"731 days\"",
            ),
            "stage[0].acknowledge.within",
            "at most 730 days",
        ),
        (
            change(
                "kings-park-pp.toml",
                "within = \"2 weeks\"",
                "within = \"105 weeks\"",
            ),
            "stage[0].respond.within",
            "at most 104 weeks",
        ),
        (
            // Eight years is 96 months: years are read as months, and bounded as months.
            change(
                "kings-park-pp.toml",
                "every = \"2 years\"",
                "every = \"8 years\"",
            ),
            "review.every",
            "96 months is longer than redress accepts for the review period",
        ),
        (
            change(
                "tfc-sunderland.toml",
                "every = \"6 months\"",
                "every = \"85 months\"",
            ),
            "report[1].every",
            "for a report period: at most 84 months",
        ),
    ];
    for (change, field, message) in &cases {
        refused(change, field, message);
    }
}

#[test]
fn the_longest_duration_for_each_unit_still_loads() {
    let cases = [
        change(
            "leeds-pps.toml",
            "within = \"15 working days\"",
            "within = \"260 working days\"",
        ),
        change(
            "tfc-sunderland.toml",
            "within = \"24 hours\"",
            "within = \"720 hours\"",
        ),
        change(
            "kings-park-pp.toml",
            "within = \"5 days\"",
            "within = \"730 days\"",
        ),
        change(
            "kings-park-pp.toml",
            "within = \"2 weeks\"",
            "within = \"104 weeks\"",
        ),
        change(
            "kings-park-pp.toml",
            "keep = \"1 year\"",
            "keep = \"84 months\"",
        ),
        change(
            "kings-park-pp.toml",
            "keep = \"1 year\"",
            "keep = \"7 years\"",
        ),
        change(
            "tfc-sunderland.toml",
            "within = \"12 months\"",
            "within = \"1 month\"",
        ),
        change(
            "leeds-pps.toml",
            "within = \"3 working days\"",
            "within = \"1 working day\"",
        ),
    ];
    for change in &cases {
        let (text, _) = apply(change);
        if let Err(errors) = parse(&text) {
            panic!("{} in {}:\n{errors}", change.replace, change.file);
        }
    }
    assert_eq!(longest(Duration::WorkingDays(1)), 260);
    assert_eq!(longest(Duration::Days(1)), 730);
    assert_eq!(longest(Duration::Weeks(1)), 104);
    assert_eq!(longest(Duration::Months(1)), 84);
    assert_eq!(longest(Duration::Hours(1)), 720);
    // The JSON Schema tells editors the same limits.
    let schema = redress_core::procedure::json_schema();
    let described = schema["$defs"]["Duration"]["description"].as_str().unwrap();
    for unit in [
        Duration::WorkingDays(1),
        Duration::Days(1),
        Duration::Weeks(1),
        Duration::Months(1),
        Duration::Hours(1),
    ] {
        let most = match unit {
            Duration::WorkingDays(_) => Duration::WorkingDays(longest(unit)),
            Duration::Days(_) => Duration::Days(longest(unit)),
            Duration::Weeks(_) => Duration::Weeks(longest(unit)),
            Duration::Months(_) => Duration::Months(longest(unit)),
            Duration::Hours(_) => Duration::Hours(longest(unit)),
        };
        assert!(described.contains(&most.to_string()), "{most}: {described}");
    }
}

#[test]
fn a_working_day_count_that_runs_past_the_bank_holiday_data_is_refused() {
    // 260 working days is within the bound, but from 1 June 2030 it runs past 31 Dec 2030, the
    // last day of the embedded data; so the file says so rather than every case failing later.
    let text = shipped("leeds-pps.toml");
    let effective = text
        .lines()
        .find(|l| l.starts_with("effective_from"))
        .unwrap()
        .to_owned();
    let text = text
        .replacen(&effective, "effective_from = \"2030-06-01\"", 1)
        .replacen(
            "within = \"15 working days\"",
            "within = \"260 working days\"",
            1,
        );
    let errors = parse(&text)
        .expect_err("260 working days from June 2030 runs past the data")
        .0;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "stage[0].respond.within");
    assert!(
        errors[0].message.contains(
            "260 working days from 2030-06-01, when this version takes effect, runs past 2030-12-31"
        ),
        "{}",
        errors[0]
    );
    // The same procedure's 15 working days from then are fine.
    let fine = text.replacen(
        "within = \"260 working days\"",
        "within = \"15 working days\"",
        1,
    );
    parse(&fine).unwrap_or_else(|errors| panic!("{errors}"));
}

#[test]
fn counting_a_huge_duration_is_an_error_not_a_panic() {
    let calendar = Calendar::new(Region::EnglandAndWales, &[]);
    let start = at("2026-12-23 10:00");
    for duration in [
        Duration::WorkingDays(u32::MAX),
        Duration::Days(u32::MAX),
        Duration::Weeks(u32::MAX),
        Duration::Months(u32::MAX),
        Duration::Hours(u32::MAX),
    ] {
        let error = calendar
            .due(start, duration)
            .expect_err("no date is that far away");
        assert!(
            matches!(
                error,
                CalendarError::TooFar { .. } | CalendarError::CountPastData { .. }
            ),
            "{duration}: {error}"
        );
        assert!(calendar.explain_due(start, duration).is_err(), "{duration}");
        if !matches!(duration, Duration::WorkingDays(_)) {
            assert!(
                date_after(date(2026, 12, 23), duration).is_err(),
                "{duration}"
            );
        }
    }
}

/// A procedure version stored before durations were bounded may still carry one; the case gets
/// a refusal in words, not a server error.
#[test]
fn a_case_under_a_procedure_with_a_huge_time_limit_or_retention_is_refused_not_panicked() {
    let mut s = Scenario::new("tfc-sunderland.toml");
    s.procedure.time_limit.as_mut().unwrap().within = Duration::Months(u32::MAX);
    let refusal = s
        .try_act(
            "2026-12-23 10:00",
            json!({
                "type": "receive",
                "reference": "T-0001",
                "submission": common::complaint(json!({ "happened_on": "2026-12-01" })),
            }),
        )
        .expect_err("no last day can be worked out");
    assert_eq!(refusal.field.as_deref(), Some("happened_on"), "{refusal}");
    assert!(
        refusal.to_string().contains("beyond the last date"),
        "{refusal}"
    );

    let mut s = Scenario::new("kings-park-pp.toml");
    s.procedure.retention.as_mut().unwrap().keep = Duration::Months(u32::MAX);
    s.receive("2026-12-23 10:00", json!({}));
    let refusal = s
        .try_act(
            "2026-12-23 11:00",
            json!({ "type": "withdraw", "reason": "Sorted out." }),
        )
        .expect_err("no deletion date can be worked out");
    assert!(
        refusal.to_string().contains("beyond the last date"),
        "{refusal}"
    );
}

/// In an inline table (`respond = { within = "...", ... }`, as the format reference's minimal
/// file writes it) the error points at the duration itself: its line and its column.
#[test]
fn a_bad_duration_in_an_inline_table_points_at_its_column() {
    let path = format!(
        "{}/../../docs/procedure-format.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc = std::fs::read_to_string(path).unwrap();
    let minimal = doc
        .split("```toml\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.starts_with("[procedure]"))
        .expect("the reference has a minimal file");
    let find = "respond = { within = \"20 working days\"";
    assert!(minimal.contains(find), "the minimal file changed");
    let text = minimal.replacen(find, "respond = { within = \"0 working days\"", 1);
    let errors = parse(&text).expect_err("a zero response clock").0;
    assert_eq!(errors.len(), 1, "{errors:?}");
    let line_text = text
        .lines()
        .find(|l| l.contains("\"0 working days\""))
        .unwrap();
    let line = text.lines().position(|l| l == line_text).unwrap() + 1;
    let column = line_text.find("\"0 working days\"").unwrap() + 1;
    assert_eq!(
        (errors[0].line, errors[0].column),
        (Some(line), Some(column)),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].field, "stage[0].respond.within");
}

/// Every duration of every shipped procedure set to the largest count of one unit: receiving,
/// acknowledging, working out deadlines and responding each give an answer (events, a refusal
/// or a calendar error) and never panic.
#[test]
fn no_duration_however_large_panics_the_decider_or_the_deadlines() {
    use redress_core::case::deadlines;
    let files = [
        "kings-park-pp.toml",
        "leeds-pps.toml",
        "pips-stockport.toml",
        "sendiass-staffordshire.toml",
        "tfc-sunderland.toml",
    ];
    let huge = [
        Duration::WorkingDays(u32::MAX),
        Duration::Days(u32::MAX),
        Duration::Weeks(u32::MAX),
        Duration::Months(u32::MAX),
        Duration::Hours(u32::MAX),
    ];
    for file in files {
        for duration in huge {
            let mut s = Scenario::new(file);
            // The time limit is left as it is (a huge one is refused at receipt, tested above),
            // so that the case is received and the later steps meet the huge clocks.
            let p = &mut s.procedure;
            for stage in &mut p.stages {
                if let Some(a) = stage.acknowledge.as_mut() {
                    a.within = duration;
                }
                if let Some(r) = stage.respond.as_mut() {
                    r.within = duration;
                }
                if let Some(h) = stage.holding_letter.as_mut() {
                    h.within = duration;
                }
                if let Some(e) = stage.extension.as_mut() {
                    e.max = Some(duration);
                }
                if let Some(u) = stage.updates.as_mut() {
                    u.every = Some(duration);
                }
                if let Some(e) = stage.escalation.as_mut().filter(|e| e.within.is_some()) {
                    e.within = Some(duration);
                }
            }
            if let Some(r) = p.retention.as_mut() {
                r.keep = duration;
            }
            let steps = [
                (
                    "2026-12-23 10:00",
                    json!({"type": "receive", "reference": "T-1", "submission": common::complaint(json!({ "happened_on": "2026-12-01" }))}),
                ),
                ("2026-12-23 11:00", json!({"type": "acknowledge"})),
                (
                    "2026-12-24 10:00",
                    json!({"type": "pause-clock", "reason": "Waiting for papers."}),
                ),
                (
                    "2027-01-04 10:00",
                    json!({"type": "respond", "outcome": "not-upheld", "findings": "Nothing went wrong."}),
                ),
                (
                    "2027-01-05 10:00",
                    json!({"type": "withdraw", "reason": "Done."}),
                ),
            ];
            for (when, step) in steps {
                if let Ok(events) = s.try_act(when, step) {
                    for event in &events {
                        s.case.apply(event);
                    }
                }
                let _ = deadlines(&s.case, &s.procedure, &s.calendar, at(when));
            }
            assert!(
                s.case.received_at.is_some(),
                "{file} with {duration}: not received"
            );
        }
    }
}
