//! Repeats and duplicates end to end (issue 9, item 6), on SQLite and on PostgreSQL: a new
//! complaint from the same person, or about the same matter, is flagged with a link on its case;
//! an officer merges a duplicate into the case that goes on (`merge-into`), which core allows
//! only into another open case of the same organisation; the merged case keeps its events,
//! closes as merged, points to the survivor (shown on both pages) and leaves the open list.

use redress_core::ids::OrgId;
use redress_store::Role;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, spawn_app_on};

const TFC: &str = "tfc-sunderland";

async fn record(app: &TestApp, org: &str, email: &str, what: &str) -> String {
    let (reference, _) = app
        .record_ok(
            org,
            &json!({
                "kind": "complaint", "channel": "email",
                "complainant": {"name": "A Parent", "email": email},
                "what_happened": what,
            }),
        )
        .await;
    reference
}

async fn open_references(app: &TestApp) -> Vec<String> {
    let page: Value = app
        .list_as(&app.officer, &format!("org={TFC}&status=open&limit=200"))
        .await
        .json()
        .await
        .expect("JSON");
    page["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["reference"].as_str().expect("a reference").to_owned())
        .collect()
}

const PASSWORD: &str = "correct horse battery staple";

/// Adds `clerk`, a Sunderland feedback officer who signs in with a password.
async fn add_clerk(app: &TestApp) {
    app.app
        .add_user("clerk", "A Clerk", Some(PASSWORD))
        .await
        .expect("user");
    app.app
        .grant(
            "clerk",
            &OrgId::parse(TFC).expect("id"),
            Role::FeedbackOfficer,
        )
        .await
        .expect("granted");
}

/// A staff page as `clerk`.
async fn page(app: &TestApp, path: &str) -> String {
    let password = PASSWORD;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let login = client
        .get(format!("{}/staff/login", app.address))
        .send()
        .await
        .expect("login");
    let login_cookie = cookie(&login, "redress_login");
    let html = login.text().await.expect("html");
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("csrf") + marker.len();
    let csrf = &html[start..start + html[start..].find('"').expect("quote")];
    let signed = client
        .post(format!("{}/staff/login", app.address))
        .header(COOKIE, &login_cookie)
        .form(&[
            ("csrf", csrf),
            ("username", "clerk"),
            ("password", password),
            ("next", "/staff"),
        ])
        .send()
        .await
        .expect("signed in");
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let session = cookie(&signed, "redress_session");
    let response = client
        .get(format!("{}{path}", app.address))
        .header(COOKIE, &session)
        .send()
        .await
        .expect("page");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.expect("html")
}

fn cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .expect("the cookie is set")
        .to_owned()
}

async fn repeats_are_flagged_and_a_duplicate_merged_on(db: Db) {
    let Some(app) = spawn_app_on(db, "repeats_story", "2026-12-14 10:00", 10).await else {
        return;
    };
    add_clerk(&app).await;
    let first = record(
        &app,
        TFC,
        "parent@example.org",
        "My son's school transport bus did not arrive on Monday morning and nobody rang us.",
    )
    .await;
    app.set_now("2026-12-15 10:00");
    let same_matter = record(
        &app,
        TFC,
        "grandparent@example.net",
        "The school transport bus for my grandson did not arrive on Monday morning, nobody rang.",
    )
    .await;
    let same_person = record(
        &app,
        TFC,
        "Parent@Example.org",
        "The annual review meeting was cancelled twice without notice.",
    )
    .await;
    let unrelated = record(
        &app,
        TFC,
        "someone@example.com",
        "Your website form would not load.",
    )
    .await;
    let leeds = record(
        &app,
        "leeds-pps",
        "parent@example.org",
        "Nobody called back.",
    )
    .await;

    // Flagged, with why; the earliest case and an unrelated one are not.
    let flags = |case: &Value| -> Vec<(String, bool, bool)> {
        case["repeats"]
            .as_array()
            .expect("repeats")
            .iter()
            .map(|r| {
                (
                    r["reference"].as_str().expect("ref").to_owned(),
                    r["same_person"] == true,
                    r["same_matter"] == true,
                )
            })
            .collect()
    };
    assert_eq!(
        flags(&app.case(&same_matter).await),
        [(first.clone(), false, true)]
    );
    assert_eq!(
        flags(&app.case(&same_person).await),
        [(first.clone(), true, false)]
    );
    assert_eq!(flags(&app.case(&first).await), []);
    assert_eq!(flags(&app.case(&unrelated).await), []);
    // Another organisation's case from the same address is not this organisation's repeat.
    assert_eq!(flags(&app.case(&leeds).await), []);
    let html = page(&app, &format!("/staff/cases/{same_matter}")).await;
    assert!(html.contains("Possible repeats"), "{html}");
    assert!(html.contains(&format!("href=\"/staff/cases/{first}\"")));

    // Merges core refuses, naming the field and changing nothing.
    for (into, why) in [
        (same_matter.as_str(), "itself"),
        ("TFC-2026-9999", "no such case"),
        (leeds.as_str(), "another organisation"),
        ("", "empty"),
    ] {
        let response = app
            .act_as(
                &app.officer,
                &same_matter,
                &json!({"type": "merge-into", "reference": into}),
            )
            .await;
        let status = response.status();
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {body}");
        assert_eq!(body["error"]["field"], "reference", "{why}: {body}");
    }
    let response = app
        .act_as(&app.officer, &same_matter, &json!({"type": "merge-into"}))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .act_as(
            &app.reader,
            &same_matter,
            &json!({"type": "merge-into", "reference": first}),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "a Leeds reader does not see it"
    );
    assert_eq!(app.case(&same_matter).await["status"], "open");

    // The merge: the duplicate closes as merged, its events kept, pointing to the survivor.
    let before = app.case(&same_matter).await["timeline"]
        .as_array()
        .expect("timeline")
        .len();
    let merged = app
        .act_ok(
            &same_matter,
            json!({"type": "merge-into", "reference": first}),
        )
        .await;
    assert_eq!(merged["status"], "closed-merged", "{merged}");
    assert_eq!(merged["case"]["merged_into"], first.as_str());
    let timeline = merged["timeline"].as_array().expect("timeline");
    assert_eq!(timeline.len(), before + 2, "its events stay: {merged}");
    assert_eq!(timeline[0]["type"], "received");
    let survivor = app.case(&first).await;
    assert_eq!(survivor["status"], "open");
    assert_eq!(survivor["case"]["merged_from"], json!([same_matter]));
    let open = open_references(&app).await;
    assert!(!open.contains(&same_matter), "{open:?}");
    assert!(open.contains(&first));

    let html = page(&app, &format!("/staff/cases/{same_matter}")).await;
    assert!(
        html.contains("Closed as a duplicate and merged into"),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"/staff/cases/{first}\"")));
    let html = page(&app, &format!("/staff/cases/{first}")).await;
    assert!(html.contains("Duplicates merged into this case"), "{html}");
    assert!(html.contains(&format!("href=\"/staff/cases/{same_matter}\"")));

    // Not again, and nothing into the merged case.
    let response = app
        .act_as(
            &app.officer,
            &same_matter,
            &json!({"type": "merge-into", "reference": first}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .act_as(
            &app.officer,
            &same_person,
            &json!({"type": "merge-into", "reference": same_matter}),
        )
        .await;
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["error"]["field"], "reference", "{body}");
    assert_eq!(app.case(&same_person).await["status"], "open");
}

#[tokio::test]
async fn repeats_are_flagged_and_a_duplicate_merged_on_sqlite() {
    repeats_are_flagged_and_a_duplicate_merged_on(Db::Sqlite).await;
}

#[tokio::test]
async fn repeats_are_flagged_and_a_duplicate_merged_on_postgres() {
    repeats_are_flagged_and_a_duplicate_merged_on(Db::Postgres).await;
}
