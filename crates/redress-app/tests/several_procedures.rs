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
