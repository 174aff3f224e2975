//! The linter on every shipped code × every shipped procedure, with each verdict worked out by
//! hand from the code's text (its file in `codes/`) and the procedure's own words; and the
//! self-assessment's live evidence over hand-counted cases.
//!
//! A verdict string has one letter per provision, in the code's order: `M` met, `N` not met,
//! `-` not evidenced (the procedure file cannot show it).

use redress_core::codes::{Code, Finding, Verdict, broken, lint, shipped, shipped_ids};
use redress_core::procedure::{Procedure, field_position, parse};

fn text_of(name: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::read_to_string(format!("{root}/../../procedures/{name}.toml"))
        .unwrap_or_else(|_| panic!("no procedure {name}"))
}

fn procedure(name: &str) -> Procedure {
    parse(&text_of(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn letter(verdict: Verdict) -> char {
    match verdict {
        Verdict::Met => 'M',
        Verdict::NotMet => 'N',
        Verdict::NotEvidenced => '-',
    }
}

/// Lints `name` against `code` and compares the verdicts with `expect`.
fn check(code: &str, name: &str, expect: &str) -> Vec<Finding> {
    let code = shipped(code).expect("a shipped code");
    let findings = lint(&procedure(name), &code);
    let got: String = findings.iter().map(|f| letter(f.verdict)).collect();
    let expect: String = expect.split_whitespace().collect();
    assert_eq!(
        got,
        expect,
        "{} on {name}:\n{}",
        code.code.id,
        findings
            .iter()
            .map(|f| format!("{} {:?}: {}", f.section, f.verdict, f.evidence))
            .collect::<Vec<_>>()
            .join("\n")
    );
    findings
}

/// The line of the field the finding for `section` rests on (the `nth` with that section).
fn line_of(name: &str, findings: &[Finding], section: &str) -> Option<usize> {
    let finding = findings
        .iter()
        .find(|f| f.section == section)
        .expect("a section");
    field_position(&text_of(name), &finding.field).map(|(line, _)| line)
}

#[test]
fn every_shipped_code_parses_and_has_a_dated_text() {
    for id in shipped_ids() {
        let code = shipped(id).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(code.code.id, id);
        assert!(!code.code.text_date.is_empty(), "{id} has no date");
        assert!(code.provisions.iter().all(|p| !p.section.is_empty()));
    }
    assert!(shipped("housing-ombudsman-2023").is_err());
}

// Housing Ombudsman 2024, in order: 1 definition; 6.2 acknowledge ≤ 5; 6.3 stage 1 response ≤ 10
// of acknowledgement; 6.4 extension ≤ 10; 6.10 the complainant escalates; 6.11 stage 2
// acknowledged ≤ 5; 6.12 no reasons needed; 6.13 a different handler; stage 2 response ≤ 20 of
// acknowledgement; at most two stages; at least two; the ombudsman named.

#[test]
fn housing_ombudsman_2024_on_pips_breaks_the_five_day_acknowledgement() {
    // 3.7: "acknowledged within 7 working days" (more than 5); "a written response ... within
    // 30 working days" (more than 10); an extension by holding letter with no cap; stage 2 (an
    // independent review) has no acknowledgement or response timescale; no ombudsman named.
    let findings = check(
        "housing-ombudsman-2024",
        "pips-stockport",
        "- N N N M N M M N M M N",
    );
    assert_eq!(line_of("pips-stockport", &findings, "6.2"), Some(142));
    assert!(
        findings[1].evidence.contains("7 working days"),
        "{}",
        findings[1].evidence
    );
}

#[test]
fn housing_ombudsman_2024_on_the_other_procedures() {
    // King's Park: "within five days" (≤ 5 working days); the subgroup's two weeks run from the
    // start of its investigation, which nothing bounds; only the subgroup moves a complaint on;
    // no stage 2 acknowledgement; stage 2 "4 weeks" from escalation (20 working days at most).
    check(
        "housing-ombudsman-2024",
        "kings-park-pp",
        "- M N M N N M M M M M N",
    );
    // Leeds: 3 working days; 15 working days from receipt (more than 10); the Advisory Board
    // gives no acknowledgement; three stages.
    let leeds = check(
        "housing-ombudsman-2024",
        "leeds-pps",
        "- M N M M N M M M N M M",
    );
    assert_eq!(leeds[9].field, "stage[2]");
    // SENDIASS: 5 working days; 20 from receipt (more than 10); extensions uncapped; the
    // request to escalate must give its grounds (5.8 "specify why").
    check(
        "housing-ombudsman-2024",
        "sendiass-staffordshire",
        "- M N N M M N M M M M M",
    );
    // Sunderland: 24 hours; 10 working days from receipt; extensions uncapped; stage 2 gives
    // no acknowledgement and 25 working days.
    check(
        "housing-ombudsman-2024",
        "tfc-sunderland",
        "- M M N M N M M N M M M",
    );
}

// LGSCO 2026: acknowledge ≤ 5; response ≤ 10 of acknowledgement; extension ≤ 10; the
// complainant escalates; stage 2 acknowledged ≤ 5; stage 2 response ≤ 20 of acknowledgement;
// a different handler; at most two stages; the ombudsman named.
#[test]
fn lgsco_2026_on_each_procedure() {
    check("lgsco-2026", "kings-park-pp", "M N M N N M M M N");
    check("lgsco-2026", "leeds-pps", "M N M M N M M N M");
    check("lgsco-2026", "pips-stockport", "N N N M N N M M N");
    check("lgsco-2026", "sendiass-staffordshire", "M N N M M M M M M");
    check("lgsco-2026", "tfc-sunderland", "M M N M N N M M M");
}

// SPSO: at most two stages; stage 1 decision ≤ 5 of receipt; the complainant escalates;
// straight to stage 2 (no procedure field says it); stage 2 acknowledged ≤ 3; stage 2 response
// ≤ 20; the SPSO signposted.
#[test]
fn spso_mchp_on_each_procedure() {
    // King's Park, the one Scottish procedure: its two weeks count from the investigation, the
    // subgroup alone escalates, stage 2 is not acknowledged, and no ombudsman is named.
    let kings_park = check("spso-mchp", "kings-park-pp", "M N N - N M N");
    assert_eq!(kings_park[1].field, "stage[0].respond.from");
    assert_eq!(
        line_of("kings-park-pp", &kings_park, "Part 3, Stage 1: Timelines"),
        Some(148)
    );
    check("spso-mchp", "leeds-pps", "N N M - N M M");
    check("spso-mchp", "pips-stockport", "M N M - N N N");
    // SENDIASS acknowledges stage 2 in 5 working days, more than 3.
    check("spso-mchp", "sendiass-staffordshire", "M N M - N M M");
    check("spso-mchp", "tfc-sunderland", "M N M - N N M");
}

// NHS 2009: 3(2)(e) timely response (not in a file); 3(2)(f) the final response states the
// outcome; 12 a limit of at least 12 months, also from awareness; 13(2) acknowledged ≤ 3
// working days; 14(2) the final response states how considered, findings, actions, ombudsman.
#[test]
fn nhs_2009_on_each_procedure() {
    // King's Park: stage 2 states outcome and actions only; "five days" may be five working
    // days, more than three.
    check("nhs-2009", "kings-park-pp", "- M M N N");
    // Leeds' last stage (the Strategic Link) sets out no response at all.
    check("nhs-2009", "leeds-pps", "- N M M N");
    check("nhs-2009", "pips-stockport", "- N M N N");
    // SENDIASS: "within the last 12 months" of the events, not from awareness.
    let sendiass = check("nhs-2009", "sendiass-staffordshire", "- M N N M");
    assert_eq!(sendiass[2].field, "time_limit.from");
    // Sunderland: stage 2 must state findings, actions and the ombudsman, but not the outcome
    // or how it was considered; acknowledged within 24 hours.
    check("nhs-2009", "tfc-sunderland", "- N M M N");
}

#[test]
fn broken_lists_only_what_is_not_met() {
    let code = shipped("housing-ombudsman-2024").expect("shipped");
    let findings = lint(&procedure("tfc-sunderland"), &code);
    let sections: Vec<&str> = broken(&findings).map(|f| f.section.as_str()).collect();
    assert_eq!(sections, ["6.4", "6.11", "6"]);
}

#[test]
fn a_code_file_with_a_stage_zero_or_no_provisions_is_refused() {
    let head = "[code]\nid = \"x\"\ntitle = \"X\"\ntext_date = \"2024\"\nsource = \"s\"\n";
    assert!(Code::parse(head).is_err());
    let zero = format!(
        "{head}[[provision]]\nsection = \"1\"\nrequirement = \"r\"\nprocedure = {{ check = \"acknowledge-within\", stage = 0, working_days = 5 }}\n"
    );
    let error = Code::parse(&zero).expect_err("stage 0");
    assert!(error.0.contains("counted from 1"), "{error}");
}
