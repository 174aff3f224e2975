//! Tracking links for everyone over HTTP: the case page's send-tracking-link action (shown once
//! or e-mailed), internal notes kept from the tracking page, the public lost-link page and its
//! API, the calendar feed pages and feed, and the organisation's contact details on the
//! complainant's pages. On SQLite, and on PostgreSQL when `REDRESS_TEST_POSTGRES_URL` is set.

use redress_store::{Role, Store};
use reqwest::StatusCode;
use serde_json::json;

use super::{Browser, user};
use crate::helpers::{Db, TestApp, complaint, spawn_app_on};

async fn both(test: &str) -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in [Db::Sqlite, Db::Postgres] {
        if let Some(app) = spawn_app_on(db, test, "2026-12-23 10:00", 10).await {
            apps.push(app);
        }
    }
    apps
}

/// A phone complaint to `org` recorded by staff, with an e-mail address; (reference, token).
async fn by_phone(app: &TestApp, org: &str) -> (String, String) {
    app.record_ok(org, &complaint(json!({"channel": "phone"})))
        .await
}

async fn tracking_links_sent(app: &TestApp) -> Vec<serde_json::Value> {
    app.store
        .pending_outbox(100)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.kind == "tracking-link")
        .map(|m| m.payload)
        .collect()
}

/// The text between `start` and the next `<` in `html`.
fn text_after<'h>(html: &'h str, start: &str) -> &'h str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"))
        + start.len();
    html[from..].split('<').next().unwrap_or_default()
}

#[tokio::test]
async fn an_officer_sends_a_tracking_link_from_the_case_page() {
    for app in both("an_officer_sends_a_tracking_link_from_the_case_page").await {
        user(&app, "olive", Role::FeedbackOfficer, &["tfc-sunderland"]).await;
        let (reference, old_token) = by_phone(&app, "tfc-sunderland").await;
        let browser = Browser::signed_in(&app, "olive").await;
        let case = browser.get(&format!("/staff/cases/{reference}")).await;
        assert_eq!(case.status, StatusCode::OK);
        let action = format!("/staff/cases/{reference}/actions/issue-tracking-link");
        assert!(case.body.contains(&action), "the action is offered");
        assert!(case.body.contains("E-mail it to parent@example.org"));

        // Shown once: the page shows the link, which works; the old one does not.
        let shown = browser
            .post(
                &action,
                &[
                    ("csrf", &case.csrf()),
                    ("delivery", "shown"),
                    ("on", "2026-12-23"),
                ],
            )
            .await;
        assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
        let link = text_after(&shown.body, "<code id=\"tracking-link\">");
        let token = link.rsplit('/').next().expect("a token");
        assert_eq!(app.track(token).await.status(), 200);
        assert_eq!(app.track(&old_token).await.status(), 404);
        assert!(tracking_links_sent(&app).await.is_empty());

        // By e-mail: back to the case with a banner, and the e-mail queued.
        let emailed = browser
            .post(
                &action,
                &[
                    ("csrf", &case.csrf()),
                    ("delivery", "email"),
                    ("on", "2026-12-23"),
                ],
            )
            .await;
        assert_eq!(emailed.status, StatusCode::SEE_OTHER);
        assert_eq!(
            emailed.location,
            format!("/staff/cases/{reference}?done=issue-tracking-link")
        );
        let sent = tracking_links_sent(&app).await;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0]["to"], "parent@example.org");
        assert_eq!(app.track(token).await.status(), 404, "replaced again");
        let after = browser.get(&emailed.location).await;
        assert!(after.body.contains("New tracking link sent by e-mail"));
        assert!(!after.body.contains(token));

        // No choice made: the form says so, 422, nothing changes.
        let missing = browser
            .post(&action, &[("csrf", &case.csrf()), ("on", "2026-12-23")])
            .await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(tracking_links_sent(&app).await.len(), 1);

        // An internal note is on the case page and nowhere the complainant looks.
        let noted = browser
            .post(
                &format!("/staff/cases/{reference}/actions/add-note"),
                &[
                    ("csrf", &case.csrf()),
                    ("text", "NOTE-FOR-STAFF: ring back after 3pm"),
                    ("on", "2026-12-23"),
                ],
            )
            .await;
        assert_eq!(noted.status, StatusCode::SEE_OTHER, "{}", noted.body);
        let page = browser.get(&format!("/staff/cases/{reference}")).await;
        assert!(page.body.contains("NOTE-FOR-STAFF"));
        // The stored text has the placeholder; the link waits in the secret, which only a
        // claim for sending returns (as the worker claims it).
        assert!(!sent[0]["text"].as_str().unwrap_or("").contains("/track/"));
        let now = app.app.now();
        let claimed = loop {
            let claimed = app
                .store
                .claim_outbox(now, now + jiff::SignedDuration::from_hours(1), "test")
                .await
                .expect("claim")
                .expect("the e-mail is due");
            if claimed.message.kind == "tracking-link" {
                break claimed;
            }
        };
        let new_token = claimed
            .message
            .secret
            .as_deref()
            .and_then(|link| link.split("/track/").nth(1))
            .expect("the link waits in the secret")
            .to_owned();
        let public = browser.get(&format!("/track/{new_token}")).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(!public.body.contains("NOTE-FOR-STAFF"));
        let api = app.track(&new_token).await.text().await.unwrap();
        assert!(!api.contains("NOTE-FOR-STAFF"));
    }
}

#[tokio::test]
async fn the_lost_link_page_answers_the_same_whether_or_not_the_details_match() {
    for app in both("the_lost_link_page_answers_the_same_whether_or_not_the_details_match").await {
        let (reference, _) = by_phone(&app, "tfc-sunderland").await;
        let browser = Browser::new(&app);
        let form = browser.get("/track/lost").await;
        assert_eq!(form.status, StatusCode::OK);
        let csrf = form.csrf();
        let ask = |reference: String, email: &'static str| {
            let csrf = csrf.clone();
            let browser = &browser;
            async move {
                browser
                    .post(
                        "/track/lost",
                        &[("csrf", &csrf), ("reference", &reference), ("email", email)],
                    )
                    .await
            }
        };
        // Each field missing is named, 422, nothing sent.
        let empty = ask(String::new(), "").await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.body.contains("href=\"#reference\""));
        assert!(empty.body.contains("Enter your e-mail address"));
        let bad = ask(reference.clone(), "not-an-address").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("href=\"#email\""));

        let matched = ask(reference.clone(), "parent@example.org").await;
        let unmatched = ask(reference.clone(), "stranger@example.org").await;
        let unknown = ask("TFC-2026-9999".to_owned(), "parent@example.org").await;
        assert_eq!(matched.status, StatusCode::OK);
        assert!(matched.body.contains("Check your e-mail"));
        assert_eq!(matched.body, unmatched.body, "the same page either way");
        assert_eq!(matched.body, unknown.body);
        let sent = tracking_links_sent(&app).await;
        assert_eq!(sent.len(), 1, "only the matching request sends");
        assert_eq!(sent[0]["to"], "parent@example.org");
        assert!(sent[0]["subject"].as_str().unwrap().contains(&reference));

        // The third request about one case in a day is answered; the fourth is refused.
        let third = ask(reference.clone(), "parent@example.org").await;
        assert_eq!(third.status, StatusCode::OK);
        assert_eq!(tracking_links_sent(&app).await.len(), 2);
        let limited = ask(reference.clone(), "parent@example.org").await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(tracking_links_sent(&app).await.len(), 2);

        // Without the form's cookie, refused.
        let forged = Browser::new(&app)
            .post(
                "/track/lost",
                &[
                    ("csrf", "forged"),
                    ("reference", &reference),
                    ("email", "parent@example.org"),
                ],
            )
            .await;
        assert_ne!(forged.status, StatusCode::OK);

        // The API says the same: 202 either way, 422 naming a bad field. A day later by the
        // app's clock, the address may ask again.
        app.set_now("2026-12-24 11:00");
        let api = |body: serde_json::Value| {
            let app = &app;
            async move {
                app.client
                    .post(format!("{}/api/v1/track-link-requests", app.address))
                    .json(&body)
                    .send()
                    .await
                    .expect("sent")
            }
        };
        let other = app
            .record_ok("tfc-sunderland", &complaint(json!({"channel": "letter"})))
            .await
            .0;
        let response = api(json!({"reference": other, "email": "stranger@example.org"})).await;
        assert_eq!(response.status(), 202);
        let response = api(json!({"reference": other, "email": "nope"})).await;
        assert_eq!(response.status(), 422);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["field"], "email");
        let response = api(json!({"reference": other})).await;
        assert_eq!(response.status(), 422);
        let response = api(json!({"reference": other, "email": "parent@example.org"})).await;
        assert_eq!(response.status(), 202);
        assert_eq!(tracking_links_sent(&app).await.len(), 3);
    }
}

#[tokio::test]
async fn a_staff_member_creates_and_revokes_a_calendar_feed() {
    for app in both("a_staff_member_creates_and_revokes_a_calendar_feed").await {
        user(&app, "olive", Role::FeedbackOfficer, &["tfc-sunderland"]).await;
        let (reference, _) = by_phone(&app, "tfc-sunderland").await;
        let browser = Browser::signed_in(&app, "olive").await;
        let page = browser.get("/staff/calendar").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("You have no calendar feed yet."));
        let created = browser
            .post("/staff/calendar", &[("csrf", &page.csrf())])
            .await;
        assert_eq!(created.status, StatusCode::OK);
        let link = text_after(&created.body, "<code id=\"feed-link\">").to_owned();
        let path = &link[link.find("/feeds/").expect("a feed path")..];
        let feed = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(feed.status(), 200);
        assert_eq!(
            feed.headers()["content-type"],
            "text/calendar; charset=utf-8"
        );
        let text = feed.text().await.unwrap();
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains(&format!("SUMMARY:[{reference}]")));
        let again = browser.get("/staff/calendar").await;
        assert!(!again.body.contains(path), "shown once");
        let revoked = browser
            .post("/staff/calendar/revoke", &[("csrf", &again.csrf())])
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        let gone = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 404);
        let forged = browser.post("/staff/calendar", &[("csrf", "forged")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_complainants_pages_say_how_to_contact_the_organisation() {
    for app in both("the_complainants_pages_say_how_to_contact_the_organisation").await {
        let (reference, token) = app.submit_ok("tfc-sunderland", &complaint(json!({}))).await;
        let browser = Browser::new(&app);
        for path in [
            format!("/track/{token}"),
            format!("/track/{token}/confirmation"),
        ] {
            let page = browser.get(&path).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(
                page.body
                    .contains("Contact Together for Children Sunderland"),
                "{path}"
            );
            assert!(page.body.contains("0191 561 7997"));
            assert!(
                page.body
                    .contains("customer.feedback@togetherforchildren.org.uk")
            );
            assert!(page.body.contains(
                "Customer Feedback Team, Together for Children, City Hall, Plater Way, Sunderland, SR1 3AA"
            ));
            assert!(
                page.body
                    .contains(&format!("Quote your reference number {reference}."))
            );
        }
        let confirmation = browser.get(&format!("/track/{token}/confirmation")).await;
        assert!(!confirmation.body.contains("We cannot send it to you again"));
        assert!(confirmation.body.contains("href=\"/track/lost\""));
    }
}

/// The tags of the case page's thread, in the order shown.
fn thread_tags(html: &str) -> Vec<String> {
    let thread = &html[html.find("id=\"timeline\"").expect("the thread")..];
    thread
        .split("<strong class=\"govuk-tag govuk-tag--grey govuk-!-margin-right-1\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_case_page_is_one_thread_of_letters_e_mail_calls_notes_and_files_in_order() {
    for app in both("the_case_page_is_one_thread").await {
        user(&app, "olive", Role::FeedbackOfficer, &["leeds-pps"]).await;
        // 10:00 the parent submits (a confirmation e-mail is written); 11:00 the officer
        // acknowledges (a letter, e-mailed); 12:00 the parent replies by e-mail quoting the
        // reference; 13:00 an internal note; 14:00 a call; 15:00 a file.
        let (reference, token) = app.submit_ok("leeds-pps", &complaint(json!({}))).await;
        app.set_now("2026-12-23 11:00");
        app.act_ok(
            &reference,
            json!({"type": "acknowledge", "phone": "0113 378 5020", "email": "pps@example.org"}),
        )
        .await;
        app.set_now("2026-12-23 12:00");
        let reply = format!(
            "From: A Parent <parent@example.org>\r\nMessage-ID: <reply-1@example.org>\r\n\
             Subject: Re: Your complaint [{reference}]\r\n\r\nREPLY-TEXT: thank you, I am free on Friday.\r\n"
        );
        let settings = redress_app::mail::inbound::MailIn {
            org: Some(redress_core::ids::OrgId::parse("leeds-pps").expect("an id")),
            ..Default::default()
        };
        let ingested = app
            .app
            .ingest_mail(reply.as_bytes(), None, &settings)
            .await
            .expect("ingested");
        assert!(
            matches!(
                ingested,
                redress_app::mail::inbound::Ingested::Information { .. }
            ),
            "the reply lands on its case: {ingested:?}"
        );
        app.set_now("2026-12-23 13:00");
        app.act_ok(
            &reference,
            json!({"type": "add-note", "text": "NOTE-TEXT: ring back after 3pm"}),
        )
        .await;
        app.set_now("2026-12-23 14:00");
        app.act_ok(
            &reference,
            json!({"type": "record-contact", "kind": "call", "who": "A Parent",
            "held_on": "2026-12-23", "summary": "CALL-TEXT: agreed to meet"}),
        )
        .await;
        app.set_now("2026-12-23 15:00");
        app.app
            .attach_as(
                &reference,
                "call-notes.txt",
                b"Notes of the call.",
                redress_core::case::attachment::AttachmentSource::Staff,
            )
            .await
            .expect("attached");

        let browser = Browser::signed_in(&app, "olive").await;
        let page = browser.get(&format!("/staff/cases/{reference}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let tags = thread_tags(&page.body);
        let first = |tag: &str| {
            tags.iter()
                .position(|t| t == tag)
                .unwrap_or_else(|| panic!("no {tag} in the thread: {tags:?}"))
        };
        // Newest first: the file, the call, the note, the e-mail in, the letter, then the
        // confirmation e-mail written with the submission.
        let order = [
            first("File"),
            first("Phone call"),
            first("Internal note"),
            first("E-mail received"),
            first("Letter"),
        ];
        assert!(order.is_sorted(), "{tags:?}");
        let confirmation = tags
            .iter()
            .rposition(|t| t == "E-mail")
            .expect("e-mail out");
        assert!(confirmation > order[4], "{tags:?}");
        let thread = &page.body[page.body.find("id=\"timeline\"").unwrap()..];
        for text in ["REPLY-TEXT", "NOTE-TEXT", "CALL-TEXT", "call-notes.txt"] {
            assert!(thread.contains(text), "{text} is in the thread");
        }
        // The letter with its PDF and how it went out; the e-mails say they wait for a server.
        assert!(thread.contains(&format!("/staff/cases/{reference}/letters/")));
        assert!(thread.contains("/pdf\" download>Download PDF"));
        assert!(thread.contains("/attachments/"));
        assert!(
            thread
                .matches("Not sent: no mail server configured")
                .count()
                >= 2,
            "the letter's e-mail and the confirmation are both waiting"
        );
        // The complainant's page shows neither the note nor the call.
        let tracking = app.track(&token).await.text().await.unwrap();
        assert!(!tracking.contains("NOTE-TEXT") && !tracking.contains("CALL-TEXT"));
    }
}
