//! Read models rebuilt from events equal the ones written as events arrived; an export imported
//! into an empty database gives identical cases. Run on SQLite always, and on PostgreSQL when
//! `REDRESS_TEST_POSTGRES_URL` is set.

use std::sync::Arc;

use jiff::Timestamp;
use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::ManualClock;
use redress_app::procedures::Procedures;
use redress_core::case::{Command, Submission};
use redress_core::ids::OrgId;
use redress_store::{AnyStore, CaseFilter, Role, Store};
use serde_json::json;

fn at(text: &str) -> Timestamp {
    redress_core::simulate::parse_instant(text).expect("an instant")
}

fn submission(extra: serde_json::Value) -> Submission {
    let mut base = json!({
        "kind": "complaint",
        "channel": "email",
        "complainant": { "name": "A Parent", "email": "parent@example.org" },
        "what_happened": "My calls about the tribunal were not returned.",
    });
    base.as_object_mut()
        .expect("an object")
        .extend(extra.as_object().expect("an object").clone());
    serde_json::from_value(base).expect("a submission")
}

fn command(value: serde_json::Value) -> Command {
    serde_json::from_value(value).expect("a command")
}

async fn sqlite(dir: &tempfile::TempDir, name: &str) -> AnyStore {
    redress_store::testing::sqlite(&dir.path().join(name)).await
}

/// Puts a few cases through several steps.
async fn populate(app: &App<AnyStore>, clock: &ManualClock) -> Vec<String> {
    let leeds = OrgId::parse("leeds-pps").expect("an id");
    let tfc = OrgId::parse("tfc-sunderland").expect("an id");
    app.add_user("officer", "Officer", None)
        .await
        .expect("user");
    for org in [&leeds, &tfc] {
        app.grant("officer", org, Role::FeedbackOfficer)
            .await
            .expect("grant");
    }
    let officer = Actor::User {
        username: "officer".into(),
        roles: vec![
            (leeds.clone(), Role::FeedbackOfficer),
            (tfc.clone(), Role::FeedbackOfficer),
        ],
        holds: Vec::new(),
        member_ids: Vec::new(),
    };
    let mut references = Vec::new();
    let first = app
        // The public gives feedback through the web; e-mails are recorded by staff.
        .submit(
            &Actor::Public,
            &leeds,
            submission(json!({"channel": "web"})),
            None,
        )
        .await
        .expect("submitted");
    references.push(first.reference.clone());
    clock.set(at("2026-12-24 10:00"));
    app.act(
        &officer,
        &first.reference,
        command(
            json!({"type": "acknowledge", "phone": "0113 000 0000", "email": "pps@example.org"}),
        ),
        None,
        None,
    )
    .await
    .expect("acknowledged");
    app.act(
        &officer,
        &first.reference,
        command(json!({"type": "pause-clock", "reason": "waiting for the call log"})),
        None,
        None,
    )
    .await
    .expect("paused");
    let second = app
        .submit(
            &officer,
            &tfc,
            submission(json!({"channel": "phone"})),
            Some(at("2026-12-21 09:30")),
        )
        .await
        .expect("recorded");
    references.push(second.reference.clone());
    clock.set(at("2027-01-06 15:00"));
    app.act(&officer, &second.reference, command(json!({"type": "respond", "outcome": "upheld", "findings": "The calls were missed.", "remedies": [{"kind": "apology", "description": "We apologise."}]})), None, None)
        .await
        .expect("responded");
    let third = app
        .submit(
            &Actor::Public,
            &tfc,
            submission(json!({"channel": "web", "what_happened": "Nobody answered the phone."})),
            None,
        )
        .await
        .expect("submitted");
    app.track_act(
        &third.tracking_token,
        command(json!({"type": "withdraw", "reason": "sorted out"})),
    )
    .await
    .expect("withdrawn");
    references.push(third.reference);
    references
}

async fn snapshot(app: &App<AnyStore>, references: &[String]) -> Vec<String> {
    let mut rows = Vec::new();
    let page = app
        .store()
        .list_cases(&CaseFilter {
            viewer: redress_store::Viewer::system(app.procedures().orgs().cloned()),
            limit: 200,
            ..CaseFilter::default()
        })
        .await
        .expect("listed");
    rows.push(format!("{:?}", page.cases));
    for reference in references {
        rows.push(format!(
            "{reference}: {:?}",
            app.store()
                .case_deadlines(reference)
                .await
                .expect("deadlines")
        ));
        rows.push(format!(
            "{reference}: {:?}",
            app.store().load(reference).await.expect("loaded")
        ));
    }
    rows
}

async fn rebuild_gives_identical_read_models(store: AnyStore) {
    let clock = Arc::new(ManualClock::new(at("2026-12-23 10:00")));
    let app = App::start(store, Procedures::shipped(), clock.clone())
        .await
        .expect("starts");
    let references = populate(&app, &clock).await;
    let before = snapshot(&app, &references).await;
    clock.set(at("2027-03-01 12:00"));
    assert_eq!(app.rebuild().await.expect("rebuilt"), 3);
    assert_eq!(snapshot(&app, &references).await, before);
}

async fn export_then_import_gives_identical_cases(from: AnyStore, into: AnyStore) {
    let clock = Arc::new(ManualClock::new(at("2026-12-23 10:00")));
    let app = App::start(from, Procedures::shipped(), clock.clone())
        .await
        .expect("starts");
    let references = populate(&app, &clock).await;
    let copy = App::start(into, Procedures::shipped(), clock.clone())
        .await
        .expect("starts");
    let mut exported = Vec::new();
    for org in ["leeds-pps", "tfc-sunderland"] {
        let events = app
            .export(&OrgId::parse(org).expect("an id"))
            .await
            .expect("exported");
        copy.import(events.clone()).await.expect("imported");
        exported.push(events);
    }
    assert_eq!(
        snapshot(&copy, &references).await,
        snapshot(&app, &references).await
    );
    for (i, org) in ["leeds-pps", "tfc-sunderland"].into_iter().enumerate() {
        assert_eq!(
            copy.export(&OrgId::parse(org).expect("an id"))
                .await
                .expect("exported"),
            exported[i]
        );
    }
    // The tracking tokens travel with the cases.
    let third = &references[2];
    assert!(copy.store().load(third).await.expect("loads").is_some());
}

#[tokio::test]
async fn rebuild_gives_identical_read_models_on_sqlite() {
    let dir = tempfile::tempdir().expect("a directory");
    rebuild_gives_identical_read_models(sqlite(&dir, "a.db").await).await;
}

#[tokio::test]
async fn export_then_import_gives_identical_cases_on_sqlite() {
    let dir = tempfile::tempdir().expect("a directory");
    export_then_import_gives_identical_cases(
        sqlite(&dir, "a.db").await,
        sqlite(&dir, "b.db").await,
    )
    .await;
}

#[tokio::test]
async fn rebuild_gives_identical_read_models_on_postgres() {
    let Some(store) = redress_store::testing::postgres("rebuild").await else {
        eprintln!("skipped: REDRESS_TEST_POSTGRES_URL is not set");
        return;
    };
    rebuild_gives_identical_read_models(store).await;
}

#[tokio::test]
async fn export_then_import_gives_identical_cases_on_postgres() {
    let (Some(from), Some(into)) = (
        redress_store::testing::postgres("export_from").await,
        redress_store::testing::postgres("export_into").await,
    ) else {
        eprintln!("skipped: REDRESS_TEST_POSTGRES_URL is not set");
        return;
    };
    export_then_import_gives_identical_cases(from, into).await;
}

/// `redress import` streams a file a batch at a time: each batch is imported whole or not at
/// all, and a case already in the database refuses its batch without touching the others.
async fn import_writes_each_batch_whole(from: AnyStore, into: AnyStore) {
    let clock = Arc::new(ManualClock::new(at("2026-12-23 10:00")));
    let app = App::start(from, Procedures::shipped(), clock.clone())
        .await
        .expect("starts");
    let references = populate(&app, &clock).await;
    let copy = App::start(into, Procedures::shipped(), clock.clone())
        .await
        .expect("starts");
    let tfc = app
        .export(&OrgId::parse("tfc-sunderland").expect("an id"))
        .await
        .expect("exported");
    let leeds = app
        .export(&OrgId::parse("leeds-pps").expect("an id"))
        .await
        .expect("exported");
    let (second, third): (Vec<_>, Vec<_>) = tfc
        .into_iter()
        .partition(|event| event.reference == references[1]);
    assert!(!second.is_empty() && !third.is_empty());
    assert_eq!(copy.import(second.clone()).await.expect("imported"), 1);
    // A batch of a new case and one already there: refused, and the new case is not written.
    let mut batch = leeds.clone();
    batch.extend(second);
    let refused = copy.import(batch).await.expect_err("a case already there");
    assert!(
        refused
            .to_string()
            .contains(&format!("case {} already exists", references[1])),
        "{refused}"
    );
    assert!(
        copy.store()
            .load(&references[0])
            .await
            .expect("loads")
            .is_none(),
        "nothing of a refused batch is written"
    );
    assert_eq!(copy.import(leeds).await.expect("imported"), 1);
    assert_eq!(copy.import(third).await.expect("imported"), 1);
    assert_eq!(
        snapshot(&copy, &references).await,
        snapshot(&app, &references).await,
        "batch by batch gives the same cases and read models as the original"
    );
}

#[tokio::test]
async fn import_writes_each_batch_whole_on_sqlite() {
    let dir = tempfile::tempdir().expect("a directory");
    import_writes_each_batch_whole(sqlite(&dir, "a.db").await, sqlite(&dir, "b.db").await).await;
}

#[tokio::test]
async fn import_writes_each_batch_whole_on_postgres() {
    let (Some(from), Some(into)) = (
        redress_store::testing::postgres("batch_from").await,
        redress_store::testing::postgres("batch_into").await,
    ) else {
        eprintln!("skipped: REDRESS_TEST_POSTGRES_URL is not set");
        return;
    };
    import_writes_each_batch_whole(from, into).await;
}
