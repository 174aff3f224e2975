//! An organisation running two procedures: feedback about children's social care runs on
//! Together for Children's statutory children's procedure (the fixture beside this file), other
//! matters on its main corporate procedure, and an unknown matter is refused naming `matter`.
//! Run on SQLite always, and on PostgreSQL when `REDRESS_TEST_POSTGRES_URL` is set.

use std::sync::Arc;

use jiff::Timestamp;
use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::ManualClock;
use redress_app::procedures::Procedures;
use redress_core::case::{Clock, Submission};
use redress_core::ids::OrgId;
use redress_store::AnyStore;
use serde_json::json;

fn at(text: &str) -> Timestamp {
    redress_core::simulate::parse_instant(text).expect("an instant")
}

fn complaint(matter: Option<&str>) -> Submission {
    serde_json::from_value(json!({
        "kind": "complaint",
        "channel": "web",
        "matter": matter,
        "complainant": { "name": "A Parent", "email": "parent@example.org" },
        "what_happened": "Nobody returned my calls about my child's plan.",
    }))
    .expect("a submission")
}

async fn stores() -> Vec<(AnyStore, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let mut stores = vec![(
        redress_store::testing::sqlite(&dir.path().join("db.sqlite")).await,
        dir,
    )];
    if let Some(store) = redress_store::testing::postgres("several_procedures").await {
        stores.push((store, tempfile::tempdir().unwrap()));
    }
    stores
}

async fn app(store: AnyStore) -> App<AnyStore> {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/procedures");
    let procedures = Procedures::shipped_and_dir(std::path::Path::new(fixtures)).unwrap();
    // Friday 22 May 2026, before the spring bank holiday on Monday 25 May.
    let clock = Arc::new(ManualClock::new(at("2026-05-22 10:00")));
    App::start(store, procedures, clock).await.unwrap()
}

fn acknowledgement_due(view: &redress_app::views::CaseView) -> jiff::civil::Date {
    view.deadlines
        .iter()
        .find(|d| d.clock == Clock::Acknowledgement)
        .expect("an acknowledgement clock")
        .due
        .date
}

#[tokio::test]
async fn childrens_social_care_runs_on_the_statutory_procedure_and_its_deadlines() {
    for (store, _dir) in stores().await {
        let app = app(store).await;
        let tfc = OrgId::parse("tfc-sunderland").unwrap();
        app.add_user("officer", "Officer", None).await.unwrap();
        app.grant("officer", &tfc, redress_store::Role::FeedbackOfficer)
            .await
            .unwrap();
        let officer = Actor::User {
            username: "officer".into(),
            roles: vec![(tfc.clone(), redress_store::Role::FeedbackOfficer)],
            holds: Vec::new(),
            member_ids: Vec::new(),
        };
        let made = app
            .submit(
                &Actor::Public,
                &tfc,
                complaint(Some("childrens-social-care")),
                None,
            )
            .await
            .unwrap();
        let view = app.read_case(&officer, &made.reference).await.unwrap();
        assert_eq!(view.case.procedure_version.as_deref(), Some("childrens-1"));
        // 3 working days from Friday 22 May 2026: Tuesday 26 (Monday 25 is the spring bank
        // holiday), Wednesday 27, Thursday 28 May.
        assert_eq!(acknowledgement_due(&view), jiff::civil::date(2026, 5, 28));

        let other = app
            .submit(&Actor::Public, &tfc, complaint(None), None)
            .await
            .unwrap();
        let view = app.read_case(&officer, &other.reference).await.unwrap();
        assert_eq!(view.case.procedure_version.as_deref(), Some("1"));
        // The corporate procedure's 24 hours from 10:00 on Friday 22 May: Saturday 23 May.
        assert_eq!(acknowledgement_due(&view), jiff::civil::date(2026, 5, 23));
    }
}

#[tokio::test]
async fn an_unknown_matter_is_refused_naming_the_field_and_makes_no_case() {
    for (store, _dir) in stores().await {
        let app = app(store).await;
        for org in ["tfc-sunderland", "leeds-pps"] {
            let org = OrgId::parse(org).unwrap();
            let error = app
                .submit(&Actor::Public, &org, complaint(Some("housing")), None)
                .await
                .unwrap_err();
            let text = format!("{error:?}");
            assert!(text.contains("matter"), "{text}");
        }
        // An organisation with one procedure is asked nothing new: no matter, main procedure.
        let leeds = OrgId::parse("leeds-pps").unwrap();
        let made = app
            .submit(&Actor::Public, &leeds, complaint(None), None)
            .await
            .unwrap();
        assert!(made.reference.ends_with("-0001"), "{}", made.reference);
    }
}

/// A dry run of a change to the children's procedure replays its cases only: the main
/// procedure's case is passed over, unloaded, and counted as such.
#[tokio::test]
async fn a_replay_of_the_childrens_procedure_passes_over_the_main_procedures_cases() {
    for (store, _dir) in stores().await {
        let app = app(store).await;
        let tfc = OrgId::parse("tfc-sunderland").unwrap();
        let childrens = app
            .submit(
                &Actor::Public,
                &tfc,
                complaint(Some("childrens-social-care")),
                None,
            )
            .await
            .unwrap();
        app.submit(&Actor::Public, &tfc, complaint(None), None)
            .await
            .unwrap();
        let fixture = include_str!("fixtures/procedures/tfc-sunderland-childrens.toml");
        let proposal = redress_core::procedure::parse(
            &fixture
                .replace("within = \"3 working days\"", "within = \"5 working days\"")
                .replace("version = \"childrens-1\"", "version = \"childrens-2\""),
        )
        .unwrap();
        let mut seen = Vec::new();
        let summary = app
            .replay(&tfc, &proposal, |reference, replayed| {
                let redress_app::replay::Replayed::Case(replay) = replayed else {
                    panic!("{reference} was skipped: {replayed:?}");
                };
                seen.push((
                    reference.to_owned(),
                    replay.affected().cloned().collect::<Vec<_>>(),
                ));
                Ok(())
            })
            .await
            .unwrap();
        assert_eq!(summary.totals.cases, 1);
        assert_eq!(summary.other_procedures, 1);
        assert_eq!(summary.skipped, 0);
        let [(reference, changes)] = seen.as_slice() else {
            panic!("{seen:?}");
        };
        assert_eq!(reference, &childrens.reference);
        let [acknowledgement] = changes.as_slice() else {
            panic!("{changes:?}");
        };
        // Received Fri 22 May 2026: three working days end Thu 28 May (Mon 25 the spring bank
        // holiday); five, Fri 29 (4) and Mon 1 Jun (5).
        assert_eq!(acknowledgement.clock, Clock::Acknowledgement);
        assert_eq!(
            acknowledgement.was.unwrap().date,
            jiff::civil::date(2026, 5, 28)
        );
        assert_eq!(
            acknowledgement.would_be.unwrap().date,
            jiff::civil::date(2026, 6, 1)
        );
        assert_eq!(acknowledgement.moved_by, Some(2));
        assert_eq!(acknowledgement.turn, None);

        // The main procedure's id is `main`: the same file under that id replays the other case.
        let main =
            redress_core::procedure::parse(include_str!("../../../procedures/tfc-sunderland.toml"))
                .unwrap();
        let summary = app.replay(&tfc, &main, |_, _| Ok(())).await.unwrap();
        assert_eq!((summary.totals.cases, summary.other_procedures), (1, 1));
        assert_eq!(summary.totals.cases_affected, 0);
    }
}

/// Five complaints received on Friday 22 May 2026 at 10:00, each acknowledged at a time of its
/// own: three on the children's procedure (3 working days; due by the end of Thursday 28 May,
/// Monday 25 being the spring bank holiday), two on the main one (24 hours: due by 10:00 on
/// Saturday 23 May). Returns the app and the officer, the clock moved on to 1 July.
async fn five_acknowledged(store: AnyStore) -> (App<AnyStore>, Actor) {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/procedures");
    let procedures = Procedures::shipped_and_dir(std::path::Path::new(fixtures)).unwrap();
    let clock = Arc::new(ManualClock::new(at("2026-05-22 10:00")));
    let app = App::start(store, procedures, clock.clone()).await.unwrap();
    let tfc = OrgId::parse("tfc-sunderland").unwrap();
    app.add_user("officer", "Officer", None).await.unwrap();
    app.grant("officer", &tfc, redress_store::Role::FeedbackOfficer)
        .await
        .unwrap();
    let officer = Actor::User {
        username: "officer".into(),
        roles: vec![(tfc.clone(), redress_store::Role::FeedbackOfficer)],
        holds: Vec::new(),
        member_ids: Vec::new(),
    };
    // (matter, when acknowledged)
    let cases = [
        // A: Wed 27 May, working day 2 (Tue 26 is 1): within 3 working days.
        (Some("childrens-social-care"), "2026-05-27 11:00"),
        // B: Fri 29 May, working day 4: late.
        (Some("childrens-social-care"), "2026-05-29 11:00"),
        // E: Tue 26 May, working day 1: within.
        (Some("childrens-social-care"), "2026-05-26 09:00"),
        // C: Tue 26 May 09:00, working day 1, but after 10:00 on Sat 23 May: late under the
        // main procedure's 24 hours (it would be within the children's 3 working days).
        (None, "2026-05-26 09:00"),
        // D: Fri 22 May 15:00, working day 0: within 24 hours.
        (None, "2026-05-22 15:00"),
    ];
    let mut made = Vec::new();
    for (matter, _) in &cases {
        made.push(
            app.submit(&Actor::Public, &tfc, complaint(*matter), None)
                .await
                .unwrap()
                .reference,
        );
    }
    let mut order: Vec<(usize, &str)> = cases.iter().map(|(_, at)| *at).enumerate().collect();
    order.sort_by_key(|(_, at)| *at);
    for (index, when) in order {
        clock.set(at(when));
        let acknowledge: redress_core::case::Command =
            serde_json::from_value(json!({ "type": "acknowledge" })).unwrap();
        app.act(&officer, &made[index], acknowledge, None, None)
            .await
            .unwrap();
    }
    clock.set(at("2026-07-01 09:00"));
    (app, officer)
}

fn ack_within(figures: &redress_core::report::Figures) -> (u64, u64) {
    let rate = figures.acknowledged_within();
    (rate.count, rate.of)
}

#[tokio::test]
async fn reports_count_each_procedures_cases_by_its_own_timescales_alone_and_together() {
    for (store, _dir) in stores().await {
        let (app, officer) = five_acknowledged(store).await;
        let tfc = OrgId::parse("tfc-sunderland").unwrap();
        let q2 = redress_core::report::Period::parse("2026-Q2").unwrap();
        let childrens = redress_core::ids::ProcedureId::parse("childrens-social-care").unwrap();
        let main = redress_core::ids::ProcedureId::main();

        // The whole organisation: five received; A, E and D acknowledged within their own
        // procedure's timescale, B and C not: 3 of 5.
        let whole = app.report(&tfc, q2, None).await.unwrap();
        assert_eq!(whole.procedure, None);
        assert_eq!(whole.current.received, 5);
        assert_eq!(whole.current.complaints, 5);
        assert_eq!(ack_within(&whole.current), (3, 5));
        // Working days to acknowledge: D 0, C 1, E 1, A 2, B 4; median (3rd of 5) 1, 90th
        // percentile (5th of 5) 4.
        let stage_1 = &whole.current.times[0];
        assert_eq!(stage_1.stage, "stage-1");
        assert_eq!(
            (stage_1.acknowledge.median, stage_1.acknowledge.p90),
            (Some(1), Some(4))
        );
        // ... and each procedure's figures, the main one first, adding up to the whole.
        let parts: Vec<(&str, u64, (u64, u64))> = whole
            .by_procedure
            .iter()
            .map(|p| {
                (
                    p.procedure.id.as_str(),
                    p.current.received,
                    ack_within(&p.current),
                )
            })
            .collect();
        assert_eq!(
            parts,
            [("main", 2, (1, 2)), ("childrens-social-care", 3, (2, 3))]
        );
        assert_eq!(
            whole.by_procedure[1].procedure.title,
            "Children's Social Care Complaints Procedure"
        );
        // The quarter before had nothing.
        assert_eq!(whole.previous.received, 0);

        // The children's procedure alone: A, B, E; A and E within 3 working days; working
        // days 1, 2, 4: median (2nd of 3) 2, 90th percentile (3rd) 4.
        let alone = app.report(&tfc, q2, Some(&childrens)).await.unwrap();
        assert_eq!(alone.procedure.as_ref().map(|p| &p.id), Some(&childrens));
        assert!(alone.by_procedure.is_empty());
        assert_eq!(alone.current.received, 3);
        assert_eq!(ack_within(&alone.current), (2, 3));
        let stage_1 = &alone.current.times[0];
        assert_eq!(
            (stage_1.acknowledge.median, stage_1.acknowledge.p90),
            (Some(2), Some(4))
        );

        // The main procedure alone: C late, D within; working days 0 and 1.
        let alone = app.report(&tfc, q2, Some(&main)).await.unwrap();
        assert_eq!(alone.current.received, 2);
        assert_eq!(ack_within(&alone.current), (1, 2));
        let stage_1 = &alone.current.times[0];
        assert_eq!(
            (stage_1.acknowledge.median, stage_1.acknowledge.p90),
            (Some(0), Some(1))
        );

        // A staff member names the procedure as the field is given; one the organisation does
        // not have is refused naming `procedure`.
        let through_staff = app
            .report_for(&officer, &tfc, q2, Some("childrens-social-care"))
            .await
            .unwrap();
        assert_eq!(through_staff.current.received, 3);
        for bad in ["housing", "Not An Id"] {
            let error = app
                .report_for(&officer, &tfc, q2, Some(bad))
                .await
                .unwrap_err();
            assert!(
                matches!(&error, redress_app::AppError::Invalid { field, .. } if field == "procedure"),
                "{error:?}"
            );
        }
        // A blank procedure is the organisation as a whole.
        let blank = app.report_for(&officer, &tfc, q2, Some(" ")).await.unwrap();
        assert_eq!(blank.current.received, 5);
    }
}

#[tokio::test]
async fn a_self_assessment_of_one_procedure_checks_its_file_and_its_cases_alone() {
    for (store, _dir) in stores().await {
        let (app, _officer) = five_acknowledged(store).await;
        let tfc = OrgId::parse("tfc-sunderland").unwrap();
        let q2 = redress_core::report::Period::parse("2026-Q2").unwrap();
        let code = redress_app::assess::parse_code("lgsco-2026").unwrap();
        let childrens = redress_core::ids::ProcedureId::parse("childrens-social-care").unwrap();
        // The code's stage 1 live check: acknowledged within five working days. Every one of
        // the five was (4 working days at most), so each count is the cases examined.
        let acknowledged = |assessment: &redress_core::codes::Assessment| {
            let live = assessment
                .rows
                .iter()
                .find_map(|row| {
                    row.live
                        .as_ref()
                        .filter(|l| l.check.what == "acknowledged" && l.check.stage == 1)
                })
                .expect("the stage 1 acknowledgement check");
            (live.within.count, live.within.of)
        };
        let alone = app.assess(&tfc, &code, q2, Some(&childrens)).await.unwrap();
        assert!(
            alone
                .procedure
                .contains("Children's Social Care Complaints Procedure"),
            "{}",
            alone.procedure
        );
        assert_eq!(acknowledged(&alone), (3, 3));
        let whole = app.assess(&tfc, &code, q2, None).await.unwrap();
        assert!(whole.procedure.contains("Corporate Complaints Procedure"));
        assert_eq!(acknowledged(&whole), (5, 5));
        let main = redress_core::ids::ProcedureId::main();
        let main_alone = app.assess(&tfc, &code, q2, Some(&main)).await.unwrap();
        assert_eq!(acknowledged(&main_alone), (2, 2));
    }
}
