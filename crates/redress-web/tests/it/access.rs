//! Who may see a case, through the API, on SQLite and PostgreSQL: a PIPS complaint about the
//! Chair keeps every holder of the Chair's role out (even an admin), a person named and linked
//! by an officer is kept out, so is someone who declared a conflict; investigators and
//! reviewers see only what is assigned to them. Each user is asked for the case, the case list,
//! the dashboard's counts, the complaints log and an action; every cell is asserted, and the
//! list, the counts, the log and the single read must agree.

use redress_app::auth::Actor;
use redress_core::ids::OrgId;
use redress_store::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, complaint, spawn_app_on};

const ORG: &str = "pips-stockport";

async fn user(app: &TestApp, username: &str, role: Role, holds: &[&str]) -> String {
    let org = OrgId::parse(ORG).unwrap();
    app.app.add_user(username, username, None).await.unwrap();
    app.app.grant(username, &org, role).await.unwrap();
    for held in holds {
        app.app.hold(username, &org, held).await.unwrap();
    }
    app.app.create_token(username, "test").await.unwrap()
}

/// The actor a bearer token signs in as, with their roles as stored now.
async fn actor(app: &TestApp, bearer: &str) -> Actor {
    app.app
        .authenticate_token(bearer)
        .await
        .expect("the token is known")
}

async fn listed(app: &TestApp, bearer: &str, reference: &str) -> bool {
    let page: Value = app.list_as(bearer, "").await.json().await.unwrap();
    page["cases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["reference"] == reference)
}

async fn matrix(db: Db) {
    let Some(app) = spawn_app_on(db, "access_matrix", "2026-12-16 10:00", 10).await else {
        return;
    };
    let chair_admin = user(&app, "chair-admin", Role::Admin, &["chair"]).await;
    let chair_officer = user(&app, "chair-officer", Role::FeedbackOfficer, &["chair"]).await;
    let officer = user(&app, "fo", Role::FeedbackOfficer, &[]).await;
    let manager = user(&app, "manager", Role::Manager, &[]).await;
    let linked = user(&app, "sam", Role::FeedbackOfficer, &[]).await;
    let conflicted = user(&app, "jo", Role::Manager, &[]).await;
    let investigator = user(&app, "ivy", Role::Investigator, &[]).await;
    let assigned = user(&app, "ian", Role::Investigator, &[]).await;
    let reviewer = user(&app, "rex", Role::Reviewer, &[]).await;
    let reader = user(&app, "reader-p", Role::ReadOnly, &[]).await;

    let (reference, _) = app
        .submit_ok(
            ORG,
            &complaint(json!({ "people_named": [
                { "name": "The Chair", "role": "chair" },
                { "name": "Sam Example" }
            ] })),
        )
        .await;
    for step in [
        json!({ "type": "link-person", "person": 2, "username": "sam" }),
        json!({ "type": "declare-conflict", "username": "jo", "reason": "The parent is my neighbour." }),
        json!({ "type": "acknowledge" }),
        json!({ "type": "assign-handler", "name": "Ian", "role": "data-protection-secretary", "username": "ian" }),
    ] {
        let response = app.act_as(&officer, &reference, &step).await;
        assert_eq!(response.status(), StatusCode::OK, "{step}");
    }
    // A kept-out user cannot be assigned.
    let refused = app
        .act_as(
            &officer,
            &reference,
            &json!({ "type": "assign-handler", "name": "Jo", "role": "data-protection-secretary", "username": "jo" }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // (who, may see, may act)
    let cells: [(&str, &str, bool, bool); 10] = [
        ("admin holding the Chair's role", &chair_admin, false, false),
        (
            "officer holding the Chair's role",
            &chair_officer,
            false,
            false,
        ),
        ("feedback officer", &officer, true, true),
        ("manager", &manager, true, true),
        ("person named, linked", &linked, false, false),
        ("declared a conflict", &conflicted, false, false),
        ("investigator, not assigned", &investigator, false, false),
        ("investigator, assigned", &assigned, true, true),
        ("reviewer, not assigned", &reviewer, false, false),
        ("read-only", &reader, true, false),
    ];
    for (who, bearer, sees, acts) in cells {
        let read = app.case_as(bearer, &reference).await.status();
        assert_eq!(read == StatusCode::OK, sees, "{who}: read {read}");
        if !sees {
            assert_eq!(
                read,
                StatusCode::NOT_FOUND,
                "{who}: not found, not forbidden"
            );
        }
        assert_eq!(listed(&app, bearer, &reference).await, sees, "{who}: list");
        let actor = actor(&app, bearer).await;
        let counts = app
            .app
            .open_counts(&actor, &app.app.due_windows())
            .await
            .expect("counts");
        let open: u64 = counts.orgs.iter().map(|o| o.open).sum();
        assert_eq!(open, u64::from(sees), "{who}: the dashboard's count");
        let log = app
            .app
            .complaints_log(&actor, &OrgId::parse(ORG).unwrap(), 2026)
            .await
            .expect("the log");
        assert_eq!(
            log.iter().any(|row| row.reference == reference),
            sees,
            "{who}: the complaints log"
        );
        let acted = app
            .act_as(
                bearer,
                &reference,
                &json!({ "type": "add-note", "text": "Looked." }),
            )
            .await
            .status();
        let expected = match (sees, acts) {
            (false, _) => StatusCode::NOT_FOUND,
            (true, false) => StatusCode::FORBIDDEN,
            (true, true) => StatusCode::OK,
        };
        assert_eq!(acted, expected, "{who}: act");
    }
}

#[tokio::test]
async fn who_sees_a_case_about_the_chair_on_sqlite() {
    matrix(Db::Sqlite).await;
}

#[tokio::test]
async fn who_sees_a_case_about_the_chair_on_postgres() {
    matrix(Db::Postgres).await;
}
