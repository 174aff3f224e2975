//! Who may see what: organisations are walled off (404, not 403), tracking tokens open only
//! their own case, read-only users cannot act, and concurrent actions conflict without loss.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{complaint, spawn_app};

#[tokio::test]
async fn a_user_of_one_organisation_cannot_read_or_act_on_anothers_case() {
    let app = spawn_app().await;
    let (tfc, _) = app.submit_ok("tfc-sunderland", &complaint(json!({}))).await;
    let (leeds, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    assert_eq!(
        app.case_as(&app.leeds_only, &tfc).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.case_as(&app.leeds_only, "TFC-2026-9999").await.status(),
        StatusCode::NOT_FOUND
    );
    let acted = app
        .act_as(&app.leeds_only, &tfc, &json!({"type": "acknowledge"}))
        .await;
    assert_eq!(acted.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.case_as(&app.leeds_only, &leeds).await.status(),
        StatusCode::OK
    );
    let page: Value = app.list_as(&app.leeds_only, "").await.json().await.unwrap();
    let references: Vec<&str> = page["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert_eq!(references, vec![leeds.as_str()]);
    assert_eq!(
        app.case(&tfc).await["version"],
        1,
        "the refused action stored nothing"
    );
}

#[tokio::test]
async fn staff_routes_need_a_valid_token_and_read_only_users_cannot_act() {
    let app = spawn_app().await;
    let (reference, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    assert_eq!(
        app.case_as("not-a-token", &reference).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let unauthenticated = app
        .client
        .get(format!("{}/api/v1/cases", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.case_as(&app.reader, &reference).await.status(),
        StatusCode::OK
    );
    let acted = app
        .act_as(&app.reader, &reference, &json!({"type": "acknowledge"}))
        .await;
    assert_eq!(acted.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_tracking_token_gives_its_own_case_and_nothing_else() {
    let app = spawn_app().await;
    let (first, first_token) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    let (second, second_token) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    let view: Value = app.track(&first_token).await.json().await.unwrap();
    assert_eq!(view["reference"], first.as_str());
    assert!(
        view.get("timeline").is_none() && view.get("case").is_none(),
        "the public view is not the staff view"
    );
    let view: Value = app.track(&second_token).await.json().await.unwrap();
    assert_eq!(view["reference"], second.as_str());
    assert_eq!(
        app.track("made-up-token").await.status(),
        StatusCode::NOT_FOUND
    );
    // A tracking token is no staff token.
    assert_eq!(
        app.case_as(&first_token, &first).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn two_officers_acting_at_once_one_wins_and_the_other_gets_a_conflict() {
    let app = spawn_app().await;
    let (reference, _) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
    let first = json!({"type": "send-update", "summary": "first officer", "expected_version": 1});
    let second = json!({"type": "send-update", "summary": "second officer", "expected_version": 1});
    let (a, b) = tokio::join!(
        app.act_as(&app.officer, &reference, &first),
        app.act_as(&app.officer, &reference, &second)
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let case = app.case(&reference).await;
    assert_eq!(case["version"], 2, "exactly one event was added");
    let updates = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "update-sent")
        .count();
    assert_eq!(updates, 1);
}
