//! `redress procedure replay` as an organisation runs it: PIPS cases imported into a fresh
//! SQLite database, replayed under a proposal that acknowledges in 5 working days instead of
//! 7; the output names the deadlines that move and the one that would have been missed, and bad
//! input exits with 2, naming what is wrong, before any database is opened.

use std::path::Path;
use std::process::{Command, Output};

use jiff::Timestamp;
use redress_core::calendar::Calendar;
use redress_core::case::{Case, Command as CaseCommand, Party, decide};
use redress_core::ids::RoleId;
use redress_core::procedure::parse;
use redress_store::ExportedEvent;
use serde_json::json;

const PIPS: &str = include_str!("../../../procedures/pips-stockport.toml");

fn redress(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redress"));
    command
        .current_dir(dir)
        .env_remove("REDRESS_DATABASE_URL")
        .env_remove("REDRESS_READ_DATABASE_URL")
        .env_remove("REDRESS_PROCEDURES");
    command
}

/// A PIPS complaint `reference` received at `received` and acknowledged at `acknowledged`
/// (UTC), as the lines of an export.
fn case(reference: &str, received: &str, acknowledged: &str) -> Vec<ExportedEvent> {
    let procedure = parse(PIPS).unwrap();
    let calendar = Calendar::new(
        procedure.organisation.region,
        &procedure.organisation.closure_days,
    );
    let roles: Vec<RoleId> = procedure.roles.keys().cloned().collect();
    let commands = [
        (
            received,
            json!({"type": "receive", "reference": reference, "submission": {
                "kind": "complaint",
                "channel": "email",
                "complainant": {"name": "A Parent", "email": "parent@example.org"},
                "what_happened": "The adviser did not return my calls.",
                "outcome_wanted": "A call back.",
            }}),
        ),
        (acknowledged, json!({"type": "acknowledge"})),
    ];
    let mut case = Case::default();
    let mut lines = Vec::new();
    for (at, command) in commands {
        let at: Timestamp = at.parse().unwrap();
        let command: CaseCommand = serde_json::from_value(command).unwrap();
        let events = decide(
            &case,
            command,
            &procedure,
            &calendar,
            at,
            Party::Staff { holds: &roles },
        )
        .unwrap();
        for event in events {
            case.apply(&event);
            lines.push(ExportedEvent {
                reference: reference.to_owned(),
                org: procedure.organisation.id.clone(),
                seq: lines.len() as u64 + 1,
                recorded_at: at,
                actor: None,
                tracking_hash: None,
                event,
            });
        }
    }
    lines
}

/// A directory with `redress.db` holding two PIPS cases, and the proposal beside it.
fn database() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut export = String::new();
    // Fri 21 Aug 2026, acknowledged Tue 1 Sep: 7 working days across the summer bank holiday
    // (Mon 31 Aug) end Wed 2 Sep; 5 end Fri 28 Aug. On time then, late under the proposal.
    // Mon 2 Mar 2026, acknowledged Fri 6 Mar: 7 end Wed 11 Mar, 5 Mon 9 Mar. On time both.
    for lines in [
        case(
            "PIPS-2026-0001",
            "2026-08-21T09:00:00Z",
            "2026-09-01T09:00:00Z",
        ),
        case(
            "PIPS-2026-0002",
            "2026-03-02T10:00:00Z",
            "2026-03-06T10:00:00Z",
        ),
    ] {
        for line in lines {
            export.push_str(&serde_json::to_string(&line).unwrap());
            export.push('\n');
        }
    }
    std::fs::write(dir.path().join("cases.jsonl"), export).unwrap();
    let import = redress(dir.path())
        .args(["import", "cases.jsonl"])
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    std::fs::write(
        dir.path().join("proposal.toml"),
        PIPS.replace(
            "within = \"7 working days\"\nfrom = \"receipt\"",
            "within = \"5 working days\"\nfrom = \"receipt\"",
        )
        .replace("version = \"1\"", "version = \"2\""),
    )
    .unwrap();
    dir
}

fn replay(dir: &Path, args: &[&str]) -> Output {
    redress(dir)
        .args(["procedure", "replay"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn replay_names_the_deadlines_that_move_and_the_acknowledgement_that_would_have_been_late() {
    let dir = database();
    let output = replay(
        dir.path(),
        &["--org", "pips-stockport", "--with", "proposal.toml"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout.starts_with(
            "Replayed 2 case(s) of pips-stockport (procedure main) under proposal.toml (version 2)"
        ),
        "{stdout}"
    );
    // Each case has its acknowledgement, response and holding-letter clocks.
    assert!(
        stdout.contains("Deadlines: 4 unchanged, 2 moved, 0 new, 0 gone."),
        "{stdout}"
    );
    assert!(stdout.contains("Newly missed: 1 "), "{stdout}");
    assert!(stdout.contains("Newly met: 0 "), "{stdout}");
    assert!(
        stdout.contains(
            "Would turn late or on time (1):\nPIPS-2026-0001 Acknowledge (Stage One – Complaint): \
             due 2026-09-02 → 2026-08-28 (-2 working days); done 2026-09-01: was on time, would be late\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "PIPS-2026-0002 Acknowledge (Stage One – Complaint): due 2026-03-11 → 2026-03-09 \
             (-2 working days); done 2026-03-06\n"
        ),
        "{stdout}"
    );

    let output = replay(
        dir.path(),
        &[
            "--org",
            "pips-stockport",
            "--with",
            "proposal.toml",
            "--format",
            "json",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["summary"]["totals"]["cases"], 2);
    assert_eq!(json["summary"]["totals"]["moved"], 2);
    assert_eq!(json["summary"]["totals"]["newly_missed"], 1);
    let first = json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reference"] == "PIPS-2026-0001")
        .unwrap();
    assert_eq!(first["changes"][0]["clock"], "acknowledgement");
    assert_eq!(first["changes"][0]["kind"], "moved");
    assert_eq!(first["changes"][0]["moved_by"], -2);
    assert_eq!(first["changes"][0]["was"]["date"], "2026-09-02");
    assert_eq!(first["changes"][0]["would_be"]["date"], "2026-08-28");
    assert_eq!(first["changes"][0]["turn"], "would-be-late");
}

#[test]
fn bad_input_exits_with_2_naming_the_flag_and_field_and_opens_no_database() {
    let dir = tempfile::tempdir().unwrap();
    let broken = PIPS.replace(
        "within = \"7 working days\"\nfrom = \"receipt\"",
        "within = \"0 working days\"\nfrom = \"receipt\"",
    );
    std::fs::write(dir.path().join("broken.toml"), broken).unwrap();
    std::fs::write(dir.path().join("pips.toml"), PIPS).unwrap();
    for (args, says) in [
        (
            ["--org", "pips-stockport", "--with", "broken.toml"],
            "broken.toml:142:10: stage[0].acknowledge.within: 0 working days is no time at all",
        ),
        (
            ["--org", "leeds-pps", "--with", "pips.toml"],
            "--with: pips.toml:41:6: organisation.id: the proposal is for `pips-stockport`, not `leeds-pps`",
        ),
        (
            ["--org", "no-such-org", "--with", "pips.toml"],
            "--org: no organisation `no-such-org` is loaded",
        ),
        (
            ["--org", "pips-stockport", "--with", "missing.toml"],
            "--with: cannot read missing.toml",
        ),
    ] {
        let output = replay(dir.path(), &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    assert!(
        !dir.path().join("redress.db").exists(),
        "bad input is refused before the database is opened (or made)"
    );
}
