//! A person's conduct record in subject access and erasure (issue 9, items 3–5): the export
//! holds it; an erasure request erases the closed case but keeps the record while its
//! restriction runs, saying why; and the retention run deletes it the day after the
//! restriction's last day, audited. Together for Children, Sunderland (the one shipped
//! procedure with a `[behaviour]` policy): a warning on Mon 14 December 2026, then letters only
//! for "3 months" from Mon 21 December 2026, whose last day is Sat 20 March 2027 (the day
//! before 21 March, by hand). On SQLite always, on PostgreSQL when
//! `REDRESS_TEST_POSTGRES_URL` is set.

use std::sync::Arc;

use jiff::Timestamp;
use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::ManualClock;
use redress_app::person::Requester;
use redress_app::procedures::Procedures;
use redress_core::case::{Command, Submission};
use redress_core::ids::{OrgId, RoleId};
use redress_store::{AnyStore, Role, Store};
use serde_json::json;

const EMAIL: &str = "parent@example.org";

fn at(text: &str) -> Timestamp {
    redress_core::simulate::parse_instant(text).expect("an instant")
}

fn tfc() -> OrgId {
    OrgId::parse("tfc-sunderland").expect("an id")
}

async fn story(store: AnyStore) {
    let clock = Arc::new(ManualClock::new(at("2026-12-14 10:00")));
    let app = App::start(store.clone(), Procedures::shipped(), clock.clone())
        .await
        .expect("starts");
    app.add_user("manager", "The Manager", None)
        .await
        .expect("user");
    app.grant("manager", &tfc(), Role::Admin)
        .await
        .expect("granted");
    let manager = Actor::User {
        username: "manager".into(),
        roles: vec![(tfc(), Role::Admin)],
        holds: vec![(tfc(), RoleId::parse("feedback-manager").expect("a role"))],
        member_ids: Vec::new(),
    };
    let submission: Submission = serde_json::from_value(json!({
        "kind": "complaint", "channel": "email",
        "complainant": { "name": "A Parent", "email": EMAIL },
        "what_happened": "Nobody called me back about my son's transport.",
    }))
    .expect("a submission");
    let reference = app
        .submit(&manager, &tfc(), submission, None)
        .await
        .expect("received")
        .reference;
    let conduct = |value: serde_json::Value| serde_json::from_value(value).expect("a command");
    app.decide_conduct(
        &manager,
        &reference,
        conduct(json!({"type": "warn", "reason": "Abusive calls to the team."})),
        None,
    )
    .await
    .expect("warned");
    clock.set(at("2026-12-21 10:00"));
    app.decide_conduct(
        &manager,
        &reference,
        conduct(json!({
            "type": "restrict",
            "terms": [{"restriction": "single-form", "form": "letter"}],
            "reason": "Daily e-mails to the team about the same closed matter.",
            "lasts": "3 months",
            "review_on": "2027-01-11",
        })),
        None,
    )
    .await
    .expect("restricted");
    // While the case is open, neither it nor the record goes.
    let early = app
        .person_erase(Requester::Operator, EMAIL, "Asked by phone on 21 December.")
        .await
        .expect("done");
    assert!(early.erased.is_empty() && early.conduct_deleted.is_empty());
    assert_eq!(
        early.refused.last(),
        Some(&(
            "conduct record at tfc-sunderland".to_owned(),
            "kept while 1 of their cases here hold their details".to_owned()
        )),
        "{early:?}"
    );
    let command: Command =
        serde_json::from_value(json!({"type": "withdraw", "reason": "Sorted out by phone"}))
            .expect("a command");
    app.act(&manager, &reference, command, None, None)
        .await
        .expect("withdrawn, so closed");

    // The export holds the record, by organisation.
    let export = app
        .person_export(Requester::Operator, "Parent@Example.org")
        .await
        .expect("exported");
    assert_eq!(export.conduct.len(), 1);
    assert_eq!(export.conduct[0].org, tfc());
    assert_eq!(
        export.conduct[0].events.len(),
        2,
        "the warning and the restriction"
    );
    let pdf = redress_app::person_pdf::report(&export);
    assert!(
        pdf.sections
            .iter()
            .any(|s| s.heading == "Conduct record at tfc-sunderland"),
        "{:?}",
        pdf.sections.iter().map(|s| &s.heading).collect::<Vec<_>>()
    );

    // Erasure on request: the case goes, the record stays while the restriction runs.
    let erasure = app
        .person_erase(Requester::Operator, EMAIL, "Asked by letter on 4 January.")
        .await
        .expect("done");
    assert_eq!(erasure.erased, vec![reference.clone()]);
    assert!(erasure.conduct_deleted.is_empty());
    assert_eq!(
        erasure.refused,
        vec![(
            "conduct record at tfc-sunderland".to_owned(),
            "a restriction of contact runs until Sat 20 Mar 2027".to_owned()
        )]
    );

    // Retention: kept on the restriction's last day, deleted the day after.
    clock.set(at("2027-03-20 23:59"));
    let dry = app.run_retention(true).await.expect("listed");
    assert_eq!(dry.conduct_deleted, 0);
    assert_eq!(
        app.run_retention(false).await.expect("run").conduct_deleted,
        0
    );
    clock.set(at("2027-03-21 00:01"));
    let dry = app.run_retention(true).await.expect("listed");
    assert_eq!(dry.conduct_deleted, 1);
    assert_eq!(store.conduct(&tfc(), EMAIL).await.expect("read").len(), 2);
    let run = app.run_retention(false).await.expect("run");
    assert_eq!(run.conduct_deleted, 1);
    assert!(store.conduct(&tfc(), EMAIL).await.expect("read").is_empty());
    let head = store
        .audit_page(0, u64::MAX / 2, 10_000)
        .await
        .expect("the log");
    assert!(
        head.iter()
            .any(|r| r.entry.action == "delete conduct record (retention)"
                && r.entry.actor == "system"
                && r.entry.reference.is_none()),
        "the deletion is audited"
    );
    let export = app
        .person_export(Requester::Operator, EMAIL)
        .await
        .expect("exported");
    assert!(export.conduct.is_empty() && export.cases.is_empty());
}

#[tokio::test]
async fn a_conduct_record_is_exported_kept_while_its_restriction_runs_then_deleted_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    story(redress_store::testing::sqlite(&dir.path().join("app.db")).await).await;
}

#[tokio::test]
async fn a_conduct_record_is_exported_kept_while_its_restriction_runs_then_deleted_on_postgres() {
    let Some(store) = redress_store::testing::postgres("conduct_retention").await else {
        return;
    };
    story(store).await;
}
