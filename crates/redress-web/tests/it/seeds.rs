//! Each seed procedure's main path, over HTTP only, with the deadlines in the responses checked
//! against dates worked out by hand from the procedure's words.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{complaint, due, spawn_app, spawn_app_at, status};

#[tokio::test]
async fn leeds_complaint_is_acknowledged_answered_and_escalated_to_the_advisory_board() {
    let app = spawn_app().await;
    // Received Wed 23 Dec 2026. "Acknowledged in writing within 3 working days of receipt":
    // Thu 24 (1), Fri 25 Christmas and Mon 28 Boxing Day skipped, Tue 29 (2), Wed 30 Dec (3).
    let response = app.submit("leeds-pps", &complaint(json!({}))).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["reference"], "LPP-2026-0001");
    assert_eq!(body["next"]["by"], "2026-12-30");
    let (reference, token) = (
        body["reference"].as_str().unwrap().to_owned(),
        body["tracking_token"].as_str().unwrap().to_owned(),
    );
    assert!(
        token.len() >= 43,
        "a 256-bit token in base64 is 43 characters"
    );

    app.set_now("2026-12-24 10:00");
    let case = app
        .act_ok(&reference, json!({"type": "acknowledge", "handler_name": "Sam Taylor", "phone": "0113 000 0000", "email": "pps@example.org"}))
        .await;
    // "15 working days" from receipt: Thu 24 Dec (1), Tue 29 (2), Wed 30 (3), Thu 31 (4),
    // Fri 1 Jan New Year's Day skipped, Mon 4 (5) ... Fri 8 (9), Mon 11 (10) ... Fri 15 (14), Mon 18 Jan (15).
    assert_eq!(due(&case, "response", "stage-1"), "2027-01-18");
    assert_eq!(status(&case, "acknowledgement", "stage-1"), "met");

    app.set_now("2027-01-15 14:00");
    app.act_ok(&reference, json!({"type": "respond", "outcome": "not-upheld", "findings": "The calls were returned within the service standard."}))
        .await;
    let tracking: Value = app.track(&token).await.json().await.unwrap();
    assert_eq!(tracking["escalation"]["to_stage"], "Advisory Board review");

    let escalated = app
        .track_act(
            &token,
            "escalate",
            &json!({"reasons": "The call log is wrong.", "outcome_sought": "A review."}),
        )
        .await;
    assert_eq!(
        escalated.status(),
        StatusCode::OK,
        "{}",
        escalated.text().await.unwrap()
    );
    let case = app.case(&reference).await;
    assert_eq!(case["stage"]["id"], "advisory-board");
    // "Within 15 working days of the complainant indicating their intention" (Fri 15 Jan):
    // Mon 18 (1) ... Fri 22 (5), Mon 25 (6) ... Fri 29 (10), Mon 1 Feb (11) ... Fri 5 Feb (15).
    assert_eq!(due(&case, "response", "advisory-board"), "2027-02-05");
}

#[tokio::test]
async fn tfc_acknowledges_within_24_hours_even_over_a_weekend() {
    // Friday 18 December 2026, 16:00: 24 hours later is Saturday 19 December, 16:00.
    let app = spawn_app_at("2026-12-18 16:00").await;
    let response = app
        .submit("tfc-sunderland", &complaint(json!({"channel": "web"})))
        .await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["reference"], "TFC-2026-0001");
    assert_eq!(body["next"]["by"], "2026-12-19");
}

#[tokio::test]
async fn an_officer_records_a_phone_complaint_dated_last_week_and_the_deadlines_follow() {
    let app = spawn_app().await;
    // Taken by phone on Wed 16 Dec 2026 at 11:00, typed in on Wed 23 Dec.
    let response = app
        .record("tfc-sunderland", &json!({"submission": complaint(json!({"channel": "phone"})), "at": "2026-12-16T11:00:00Z"}))
        .await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await.unwrap()
    );
    let reference = response.json::<Value>().await.unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let case = app.case(&reference).await;
    // "Within 24 hours": Thu 17 Dec 11:00, long past.
    assert_eq!(due(&case, "acknowledgement", "stage-1"), "2026-12-17");
    assert_eq!(status(&case, "acknowledgement", "stage-1"), "overdue");
    // "10 working days" from Wed 16 Dec: Thu 17 (1), Fri 18 (2), Mon 21 (3), Tue 22 (4), Wed 23 (5),
    // Thu 24 (6), Fri 25 and Mon 28 skipped, Tue 29 (7), Wed 30 (8), Thu 31 (9), Fri 1 Jan skipped, Mon 4 Jan (10).
    assert_eq!(due(&case, "response", "stage-1"), "2027-01-04");

    let case = app.act_ok(&reference, json!({"type": "acknowledge"})).await;
    let acknowledgement = case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["clock"] == "acknowledgement")
        .unwrap()
        .clone();
    assert_eq!(
        acknowledgement["status"],
        json!({"state": "met", "at": "2026-12-23T10:00:00Z", "on_time": false})
    );

    // A date in the future is refused and changes nothing.
    let response = app
        .act_as(
            &app.officer,
            &reference,
            &json!({"type": "send-update", "summary": "x", "at": "2027-01-01T10:00:00Z"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"]["field"],
        "at"
    );
}

#[tokio::test]
async fn pips_complaint_about_the_chair_goes_to_the_membership_secretary() {
    let app = spawn_app().await;
    let (reference, _) = app
        .record_ok(
            "pips-stockport",
            &complaint(
                json!({"channel": "email", "people_named": [{"name": "Pat Doe", "role": "chair"}]}),
            ),
        )
        .await;
    let response = app
        .act_as(
            &app.officer,
            &reference,
            &json!({"type": "assign-handler", "name": "Chris Roe", "role": "chair"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "refused");
    assert_eq!(error["error"]["rule"], "conflict-of-interest");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Data Protection/Membership Secretary"),
        "{error}"
    );
    let case = app.act_ok(&reference, json!({"type": "assign-handler", "name": "Chris Roe", "role": "data-protection-secretary"})).await;
    assert_eq!(case["version"], 2);
}

#[tokio::test]
async fn sendiass_complaint_about_the_manager_starts_at_stage_two() {
    let app = spawn_app().await;
    let (reference, _) = app
        .record_ok("sendiass-staffordshire", &complaint(json!({"channel": "email", "people_named": [{"name": "Jo Bloggs", "role": "manager"}]})))
        .await;
    let case = app.case(&reference).await;
    assert_eq!(case["stage"]["id"], "stage-2");
    // "Acknowledgement ... within 5 working days of receipt" (Wed 23 Dec): Thu 24 (1), Tue 29 (2),
    // Wed 30 (3), Thu 31 (4), Mon 4 Jan (5).
    assert_eq!(due(&case, "acknowledgement", "stage-2"), "2027-01-04");
}

#[tokio::test]
async fn kings_park_draws_a_panel_without_the_people_named() {
    let app = spawn_app().await;
    let (reference, _) = app
        .record_ok("kings-park-pp", &complaint(json!({"channel": "email", "people_named": [{"name": "Member Two", "member_id": "m2"}]})))
        .await;
    let members: Vec<Value> = (1..=5).map(|i| json!({"id": format!("m{i}"), "name": format!("Member {}", ["One", "Two", "Three", "Four", "Five"][i - 1])})).collect();
    // A caller may not choose the seed: one could search for a seed that draws the panel
    // they want. The refusal names the field and nothing is drawn.
    let chosen = app
        .act_as(
            &app.officer,
            &reference,
            &json!({"type": "draw-panel", "candidates": members, "seed": 42}),
        )
        .await;
    assert_eq!(chosen.status(), 422);
    let refused: Value = chosen.json().await.expect("JSON");
    assert_eq!(refused["error"]["field"], "seed", "{refused}");
    let case = app
        .act_ok(
            &reference,
            json!({"type": "draw-panel", "candidates": members}),
        )
        .await;

    let drawn = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "panel-drawn")
        .unwrap();
    assert_eq!(drawn["excluded"][0]["member_id"], "m2");
    assert_eq!(drawn["drawn"].as_array().unwrap().len(), 3);
    assert!(
        drawn["drawn"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["id"] != "m2")
    );
    assert_eq!(drawn["number"], reference);
}

#[tokio::test]
async fn pips_tracking_offers_stage_two_for_14_working_days_and_then_says_the_time_has_passed() {
    let app = spawn_app_at("2026-11-02 10:00").await;
    let (reference, token) = app
        .record_ok("pips-stockport", &complaint(json!({"channel": "email"})))
        .await;
    app.set_now("2026-11-10 10:00");
    app.act_ok(&reference, json!({"type": "respond", "outcome": "not-upheld", "findings": "The meeting was moved at the school's request."}))
        .await;
    // "Appeal within 14 working days" of the response on Tue 10 Nov: Wed 11 (1), Thu 12 (2),
    // Fri 13 (3), Mon 16 (4) ... Fri 20 (8), Mon 23 (9) ... Fri 27 (13), Mon 30 Nov (14).
    app.set_now("2026-11-30 23:00");
    let view: Value = app.track(&token).await.json().await.unwrap();
    assert_eq!(view["escalation"]["until"], "2026-11-30");
    assert_eq!(view["escalation_closed"], Value::Null);
    app.set_now("2026-12-01 09:00");
    let view: Value = app.track(&token).await.json().await.unwrap();
    assert_eq!(view["escalation"], Value::Null);
    assert_eq!(
        view["escalation_closed"],
        json!(["Stage Two – Independent Review", "2026-11-30"])
    );
}
