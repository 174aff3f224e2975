//! Issue 11: the dashboard counts every open case, not the first 2,000 it once read into Rust,
//! and its "see all" links and the API's `due` filter list the same cases, on both databases.

use jiff::SignedDuration;
use redress_core::case::{Event, Fact};
use redress_core::ids::OrgId;
use redress_store::{AnyStore, CaseSummary, DeadlineRow, NewCase, ReadModels, Role, Store};
use reqwest::StatusCode;
use serde_json::Value;

use super::{Browser, user};
use crate::helpers::{Db, TestApp, at, spawn_app_on};

/// More overdue cases than the dashboard used to read.
const OVERDUE: usize = 2_100;

/// An open Leeds complaint whose one running deadline passes at `due`, stored directly.
async fn open_case(store: AnyStore, due: jiff::Timestamp) {
    let org = OrgId::parse("leeds-pps").expect("an org id");
    let received = at("2026-12-01 09:00");
    store
        .create_case(&org, "LPP", 2026, |reference| {
            Ok::<_, String>(NewCase {
                events: vec![Event {
                    at: received,
                    fact: Fact::InformationReceived {
                        summary: "seeded".to_owned(),
                        channel: None,
                        message_id: None,
                    },
                }],
                actor: None,
                audit: Vec::new(),
                read_models: ReadModels {
                    summary: CaseSummary {
                        reference: reference.to_owned(),
                        org: org.clone(),
                        kind: "complaint".to_owned(),
                        status: "open".to_owned(),
                        stage: Some("stage-1".to_owned()),
                        handler: None,
                        received_at: received,
                        closed_at: None,
                        next_due_at: Some(due),
                        next_due_what: Some("Respond (Stage 1)".to_owned()),
                        title: "A seeded complaint".to_owned(),
                        version: 1,
                        procedure_version: String::new(),
                    },
                    deadlines: vec![DeadlineRow {
                        clock: "response".to_owned(),
                        stage: Some("stage-1".to_owned()),
                        what: "Respond (Stage 1)".to_owned(),
                        due_at: due,
                        due_date: due.to_zoned(jiff::tz::TimeZone::UTC).date(),
                        paused: false,
                    }],
                    search_text: String::new(),
                    access: Vec::new(),
                    people: Vec::new(),
                    matter: Default::default(),
                    learning: Vec::new(),
                    facts: None,
                    published: None,
                    retention: redress_core::case::retention::RetentionCheck::Never,
                },
                outbox: Vec::new(),
                tracking_hash: None,
            })
        })
        .await
        .expect("stored")
        .expect("built");
}

/// How many cases the API lists for `query`, page by page.
async fn api_total(app: &TestApp, query: &str) -> usize {
    let mut total = 0;
    let mut cursor = String::new();
    loop {
        let response = app
            .list_as(&app.officer, &format!("{query}&limit=200{cursor}"))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let page: Value = response.json().await.expect("JSON");
        total += page["cases"].as_array().expect("cases").len();
        match page["next"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return total,
        }
    }
}

async fn counts_are_exact_past_the_old_bound(db: Db) {
    let Some(app) = spawn_app_on(db, "dashboard counts", "2026-12-23 10:00", 10).await else {
        return;
    };
    let now = app.app.now();
    // 64 at a time: more would wait past the PostgreSQL pool's acquire timeout.
    for start in (0..OVERDUE).step_by(64) {
        let seeds: Vec<_> = (start..OVERDUE.min(start + 64))
            .map(|_| {
                let due = now - SignedDuration::from_hours(1);
                tokio::spawn(open_case(app.store.clone(), due))
            })
            .collect();
        for seed in seeds {
            seed.await.expect("seeded");
        }
    }
    open_case(app.store.clone(), now + SignedDuration::from_hours(2)).await;

    user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
    let browser = Browser::signed_in(&app, "olive").await;
    let dashboard = browser.get("/staff").await;
    assert!(
        dashboard.body.contains(&format!("Overdue ({OVERDUE})")),
        "{}",
        dashboard.body
    );
    assert!(dashboard.body.contains("Due today (1)"));
    assert!(dashboard.body.contains(&format!(
        "href=\"/staff/cases?due=overdue\">See all {OVERDUE} cases"
    )));
    assert_eq!(
        dashboard.body.matches("/staff/cases/LPP-2026-").count(),
        25 + 1,
        "the page lists a bounded number of the overdue cases, and the one due today"
    );
    let list = browser.get("/staff/cases?due=overdue").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("cursor="),
        "the full list goes on past one page"
    );
    let wrong = browser.get("/staff/cases?due=soon").await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("Choose overdue, due today"));

    assert_eq!(api_total(&app, "due=overdue").await, OVERDUE);
    assert_eq!(api_total(&app, "due=today").await, 1);
    assert_eq!(api_total(&app, "due=week").await, 0);
    let refused = app.list_as(&app.officer, "due=soon").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.expect("JSON");
    assert_eq!(body["error"]["field"], "due", "{body}");
}

#[tokio::test]
async fn dashboard_counts_are_exact_past_two_thousand_on_sqlite() {
    counts_are_exact_past_the_old_bound(Db::Sqlite).await;
}

#[tokio::test]
async fn dashboard_counts_are_exact_past_two_thousand_on_postgres() {
    counts_are_exact_past_the_old_bound(Db::Postgres).await;
}
