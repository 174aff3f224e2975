//! The public compliments page (issue 10 item 10), end to end over HTTP: a consented compliment
//! an officer publishes shows in the approved wording only; without consent nothing can be
//! published; a take-down, withdrawn consent or an erasure removes it; organisations that
//! publish nothing have no page; and wording that still identifies the giver is refused naming
//! `wording`, the same through the API and the case page, changing nothing.

use redress_store::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::pages_staff::{Browser, user};

const GIVEN: &str =
    "Jo Bloggs from the adviser team made our review so much easier. Ring me on 07700 900123.";
const APPROVED: &str = "The adviser made our review so much easier.";

/// A Leeds compliment from a named giver, with or without consent; its reference.
async fn compliment(app: &TestApp, consent: bool) -> String {
    let body = json!({
        "kind": "compliment",
        "channel": "web",
        "complainant": { "name": "Robin Oakes", "email": "robin@example.org", "phone": "07700 900123" },
        "what_happened": GIVEN,
        "consent_to_publish": consent
    });
    app.submit_ok("leeds-pps", &body).await.0
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("request sent");
    let status = response.status();
    (status, response.text().await.expect("a body"))
}

async fn publish(app: &TestApp, reference: &str, wording: &str) -> reqwest::Response {
    app.act_as(
        &app.officer,
        reference,
        &json!({ "type": "publish", "wording": wording }),
    )
    .await
}

#[tokio::test]
async fn a_consented_compliment_an_officer_publishes_shows_in_the_approved_wording_only() {
    let app = spawn_app().await;
    let reference = compliment(&app, true).await;
    // The case page offers the publish form, starting from the giver's words.
    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let browser = Browser::signed_in(&app, "olive").await;
    let case = browser.get(&format!("/staff/cases/{reference}")).await;
    assert!(
        case.body
            .contains(&format!("/staff/cases/{reference}/actions/publish")),
        "publish is offered"
    );
    assert!(case.body.contains("Ring me on 07700 900123.</textarea>"));

    let response = publish(&app, &reference, APPROVED).await;
    assert_eq!(response.status(), StatusCode::OK);

    let (status, page) = get(&app, "/leeds-pps/compliments").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Compliments and suggestions"));
    assert!(page.contains(APPROVED));
    assert!(page.contains("Compliment, December 2026"), "{page}");
    for secret in [
        "Jo Bloggs",
        "Robin",
        "robin@example.org",
        "07700",
        "LPP-2026",
        "23 December",
    ] {
        assert!(!page.contains(secret), "{secret} is on the public page");
    }
    // The JSON twin says the same, and no more.
    let (status, body) = get(&app, "/api/v1/orgs/leeds-pps/compliments").await;
    assert_eq!(status, StatusCode::OK);
    let json: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        json["items"],
        json!([{ "kind": "compliment", "month": "2026-12", "wording": APPROVED }])
    );
    assert_eq!(json["next_page"], Value::Null);
    assert!(!body.contains("LPP-2026") && !body.contains("Robin"));
    // The start page links to it.
    let (_, start) = get(&app, "/leeds-pps").await;
    assert!(start.contains("href=\"/leeds-pps/compliments\""));
}

#[tokio::test]
async fn a_compliment_given_without_consent_cannot_be_published() {
    let app = spawn_app().await;
    let reference = compliment(&app, false).await;
    let response = publish(&app, &reference, APPROVED).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.expect("JSON");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("did not consent"),
        "{error}"
    );
    let (_, page) = get(&app, "/leeds-pps/compliments").await;
    assert!(page.contains("Nothing has been published yet."));
    assert_eq!(app.case(&reference).await["version"], 1);
}

#[tokio::test]
async fn a_taken_down_item_and_one_whose_consent_is_withdrawn_disappear() {
    let app = spawn_app().await;
    let first = compliment(&app, true).await;
    let second = compliment(&app, true).await;
    for reference in [&first, &second] {
        assert_eq!(
            publish(&app, reference, APPROVED).await.status(),
            StatusCode::OK
        );
    }
    let count = |body: &str| body.matches(APPROVED).count();
    assert_eq!(count(&get(&app, "/leeds-pps/compliments").await.1), 2);
    app.act_ok(
        &first,
        json!({ "type": "unpublish", "reason": "The adviser asked us to." }),
    )
    .await;
    assert_eq!(count(&get(&app, "/leeds-pps/compliments").await.1), 1);
    // The giver withdraws their consent with their tracking link.
    let body = json!({
        "kind": "compliment",
        "channel": "web",
        "complainant": { "name": "Robin Oakes", "email": "robin@example.org" },
        "what_happened": APPROVED,
        "consent_to_publish": true
    });
    let (third, token) = app.submit_ok("leeds-pps", &body).await;
    assert_eq!(
        publish(&app, &third, APPROVED).await.status(),
        StatusCode::OK
    );
    assert_eq!(count(&get(&app, "/leeds-pps/compliments").await.1), 2);
    let response = app.track_act(&token, "withdraw-consent", &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let again = app.track_act(&token, "withdraw-consent", &json!({})).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&get(&app, "/leeds-pps/compliments").await.1), 1);
    // Staff record it for a giver who phoned.
    app.act_ok(&second, json!({ "type": "withdraw-consent" }))
        .await;
    let (_, page) = get(&app, "/leeds-pps/compliments").await;
    assert_eq!(count(&page), 0);
    // Withdrawn consent is for good: it cannot be published again.
    assert_eq!(
        publish(&app, &second, APPROVED).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn an_erased_case_leaves_nothing_public() {
    let app = spawn_app().await;
    let reference = compliment(&app, true).await;
    assert_eq!(
        publish(&app, &reference, APPROVED).await.status(),
        StatusCode::OK
    );
    app.act_ok(
        &reference,
        json!({ "type": "reply", "summary": "Thank you." }),
    )
    .await;
    app.act_ok(&reference, json!({ "type": "close" })).await;
    assert!(
        get(&app, "/leeds-pps/compliments")
            .await
            .1
            .contains(APPROVED)
    );
    app.app
        .person_erase(
            redress_app::person::Requester::Operator,
            "robin@example.org",
            "The giver asked.",
        )
        .await
        .expect("erased");
    let (_, page) = get(&app, "/leeds-pps/compliments").await;
    assert!(
        !page.contains(APPROVED) && !page.contains("[erased]"),
        "{page}"
    );
    assert!(page.contains("Nothing has been published yet."));
    let (_, body) = get(&app, "/api/v1/orgs/leeds-pps/compliments").await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON")["items"],
        json!([])
    );
}

#[tokio::test]
async fn an_organisation_that_publishes_nothing_has_no_page() {
    let app = spawn_app().await;
    let (status, page) = get(&app, "/pips-stockport/compliments").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("This organisation does not publish compliments"));
    let (status, _) = get(&app, "/no-such-org/compliments").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for org in ["pips-stockport", "no-such-org"] {
        let (status, _) = get(&app, &format!("/api/v1/orgs/{org}/compliments")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{org}");
    }
    let (_, start) = get(&app, "/pips-stockport").await;
    assert!(!start.contains("/compliments\""));
    // A bad page number is the address's fault, never a server error.
    assert_eq!(
        get(&app, "/leeds-pps/compliments?page=abc").await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/api/v1/orgs/leeds-pps/compliments?page=0")
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, far) = get(&app, "/leeds-pps/compliments?page=4000000000").await;
    assert_eq!(status, StatusCode::OK);
    assert!(far.contains("Go back to the first page"));
}

#[tokio::test]
async fn wording_that_identifies_the_giver_is_refused_naming_wording_through_the_api_and_the_page()
{
    let app = spawn_app().await;
    let reference = compliment(&app, true).await;
    let response = publish(&app, &reference, GIVEN).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.expect("JSON");
    assert_eq!(error["error"]["field"], "wording", "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("phone number"),
        "{error}"
    );

    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let browser = Browser::signed_in(&app, "olive").await;
    let case = browser.get(&format!("/staff/cases/{reference}")).await;
    let typed = "Thanks to everyone, from robin@example.org";
    let page = browser
        .post(
            &format!("/staff/cases/{reference}/actions/publish"),
            &[
                ("csrf", &case.csrf()),
                ("version", "1"),
                ("wording", typed),
                ("on", "2026-12-23"),
            ],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(page.body.contains("e-mail address"), "{}", page.body);
    assert!(
        page.body.contains("href=\"#publish-wording\""),
        "{}",
        page.body
    );
    assert!(page.body.contains(typed), "what was typed is kept");
    assert_eq!(app.case(&reference).await["version"], 1);
    let (_, public) = get(&app, "/leeds-pps/compliments").await;
    assert!(public.contains("Nothing has been published yet."));
}
