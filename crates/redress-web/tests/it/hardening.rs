//! Issue 9, part 7, over the API: API tokens expire and are revoked (401 like unknown ones),
//! and the public submission budget is per organisation with a per-address share, with client
//! addresses read from `X-Forwarded-For` because the test server trusts 127.0.0.1 as its proxy.

use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Db, complaint, spawn_app_on, spawn_app_with_limits};

async fn cases_status(app: &crate::helpers::TestApp, token: &str) -> StatusCode {
    app.client
        .get(format!("{}/api/v1/cases", app.address))
        .bearer_auth(token)
        .send()
        .await
        .expect("request sent")
        .status()
}

#[tokio::test]
async fn an_expired_or_revoked_token_answers_401_like_an_unknown_one() {
    for db in [Db::Sqlite, Db::Postgres] {
        if let Some(app) = spawn_app_on(db, "token_expiry", "2026-12-23 10:00", 10).await {
            tokens_expire_and_are_revoked(app).await;
        }
    }
}

async fn tokens_expire_and_are_revoked(app: crate::helpers::TestApp) {
    let (short, _) = app
        .app
        .create_token_lasting("officer", "one day", 1)
        .await
        .expect("token");
    let (revoked, revoked_id) = app
        .app
        .create_token_lasting("officer", "to revoke", 30)
        .await
        .expect("token");
    assert_eq!(cases_status(&app, &short).await, StatusCode::OK);
    assert_eq!(cases_status(&app, &revoked).await, StatusCode::OK);

    app.app.revoke_token(&revoked_id).await.expect("revoked");
    let unknown = cases_status(&app, "not-a-token").await;
    assert_eq!(unknown, StatusCode::UNAUTHORIZED);
    assert_eq!(cases_status(&app, &revoked).await, unknown, "revoked");

    app.clock.advance(SignedDuration::from_hours(24));
    assert_eq!(
        cases_status(&app, &short).await,
        unknown,
        "expired after a day"
    );
    assert_eq!(
        cases_status(&app, &app.officer).await,
        StatusCode::OK,
        "the default lifetime is 90 days"
    );
    app.clock.advance(SignedDuration::from_hours(24 * 89));
    assert_eq!(
        cases_status(&app, &app.officer).await,
        unknown,
        "90 days on"
    );

    let listed = app.app.tokens(Some("officer")).await.expect("listed");
    let revoked_row = listed.iter().find(|t| t.id == revoked_id).expect("listed");
    assert!(revoked_row.revoked.is_some());
    assert!(
        listed.iter().all(|t| t.last_used.is_some()),
        "every officer token was used: {listed:?}"
    );
    assert!(
        listed
            .iter()
            .all(|t| !short.contains(&t.id) || t.id.len() == 12),
        "ids are short hash prefixes"
    );
}

async fn submit_from(app: &crate::helpers::TestApp, org: &str, address: &str) -> StatusCode {
    app.client
        .post(format!("{}/api/v1/orgs/{org}/feedback", app.address))
        .header("x-forwarded-for", address)
        .json(&complaint(json!({})))
        .send()
        .await
        .expect("request sent")
        .status()
}

#[tokio::test]
async fn one_client_using_its_share_leaves_others_able_to_submit_and_the_organisation_budget_caps_all()
 {
    let app = spawn_app_with_limits("2026-12-23 10:00", 3, 5).await;
    for n in 0..3 {
        assert_eq!(
            submit_from(&app, "leeds-pps", "203.0.113.1").await,
            StatusCode::CREATED,
            "A's submission {n}"
        );
    }
    assert_eq!(
        submit_from(&app, "leeds-pps", "203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS,
        "A has used its share"
    );
    assert_eq!(
        submit_from(&app, "leeds-pps", "198.51.100.2").await,
        StatusCode::CREATED,
        "B still can"
    );
    assert_eq!(
        submit_from(&app, "leeds-pps", "198.51.100.3").await,
        StatusCode::CREATED,
        "C still can: A's refused try did not use the budget"
    );
    assert_eq!(
        submit_from(&app, "leeds-pps", "192.0.2.4").await,
        StatusCode::TOO_MANY_REQUESTS,
        "five an hour for Leeds from everyone"
    );
    assert_eq!(
        submit_from(&app, "kings-park-pp", "192.0.2.4").await,
        StatusCode::CREATED,
        "another organisation's budget is its own"
    );
    app.clock.advance(SignedDuration::from_mins(12));
    assert_eq!(
        submit_from(&app, "leeds-pps", "192.0.2.4").await,
        StatusCode::CREATED,
        "the budget refills by the app's clock: one per 12 minutes"
    );
}
