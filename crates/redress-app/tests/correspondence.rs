//! Tracking links for everyone, internal notes and calls, written authority after intake, the
//! staff digest and the calendar feed, through the app as the web calls it. Run on SQLite
//! always, and on PostgreSQL when `REDRESS_TEST_POSTGRES_URL` is set. Time moves only by the
//! `ManualClock`; dates in comments are worked out by hand.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::ManualClock;
use redress_app::procedures::Procedures;
use redress_app::tracking::LinkRequest;
use redress_app::{AppError, Submitted};
use redress_core::case::{Command, CommandKind, LinkDelivery, Submission};
use redress_core::ids::OrgId;
use redress_store::{AnyStore, OutboxMessage, Role, Store};
use serde_json::json;

fn at(text: &str) -> Timestamp {
    redress_core::simulate::parse_instant(text).expect("an instant")
}

fn command(value: serde_json::Value) -> Command {
    serde_json::from_value(value).expect("a command")
}

fn tfc() -> OrgId {
    OrgId::parse("tfc-sunderland").expect("an id")
}

fn phone_call(extra: serde_json::Value) -> Submission {
    let mut base = json!({
        "kind": "complaint",
        "channel": "phone",
        "complainant": { "name": "A Parent", "email": "Parent@Example.org" },
        "what_happened": "My calls about the tribunal were not returned.",
    });
    base.as_object_mut()
        .expect("an object")
        .extend(extra.as_object().expect("an object").clone());
    serde_json::from_value(base).expect("a submission")
}

async fn sqlite(dir: &tempfile::TempDir) -> AnyStore {
    redress_store::testing::sqlite(&dir.path().join("app.db")).await
}

struct Setup {
    app: App<AnyStore>,
    clock: Arc<ManualClock>,
    officer: Actor,
}

async fn setup(store: AnyStore, now: &str) -> Setup {
    let clock = Arc::new(ManualClock::new(at(now)));
    let app = App::start(store, Procedures::shipped(), clock.clone())
        .await
        .expect("starts")
        .with_public_url("https://feedback.example.org/");
    app.add_user("officer", "An Officer", None)
        .await
        .expect("user");
    app.grant("officer", &tfc(), Role::FeedbackOfficer)
        .await
        .expect("grant");
    let officer = Actor::User {
        username: "officer".into(),
        roles: vec![(tfc(), Role::FeedbackOfficer)],
        holds: Vec::new(),
        member_ids: Vec::new(),
    };
    Setup {
        app,
        clock,
        officer,
    }
}

async fn pending(app: &App<AnyStore>, kind: &str) -> Vec<OutboxMessage> {
    app.store()
        .pending_outbox(100)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.kind == kind)
        .collect()
}

/// The token of the link a tracking-link e-mail carries. The stored text has the placeholder
/// the worker fills in at send time; the link waits in the message's secret, which only a claim
/// for sending returns (no listing shows it), so the test claims what is due, as the worker does.
async fn token_in(app: &App<AnyStore>, message: &OutboxMessage) -> String {
    let text = message.payload["text"].as_str().expect("a text");
    assert!(
        text.contains(redress_app::mail::TRACKING_LINK),
        "the text has the link's placeholder: {text}"
    );
    assert!(
        !text.contains("/track/"),
        "no link in the stored text: {text}"
    );
    assert!(message.secret.is_none(), "a listing shows no secret");
    let now = app.now();
    let lease = now + jiff::SignedDuration::from_hours(1);
    let link = loop {
        let claimed = app
            .store()
            .claim_outbox(now, lease, "test")
            .await
            .expect("claim")
            .expect("the message is due");
        if claimed.message.id == message.id {
            break claimed
                .message
                .secret
                .expect("the link waits in the secret");
        }
    };
    link.strip_prefix("https://feedback.example.org/track/")
        .expect("the link is the public address's tracking page")
        .to_owned()
}

async fn record(s: &Setup, extra: serde_json::Value, when: &str) -> Submitted {
    s.app
        .submit(&s.officer, &tfc(), phone_call(extra), Some(at(when)))
        .await
        .expect("recorded")
}

async fn staff_issue_links(store: AnyStore) {
    let s = setup(store, "2026-12-14 11:00").await;
    let recorded = record(&s, json!({}), "2026-12-14 10:00").await;
    let reference = recorded.reference.clone();
    assert!(s.app.track(&recorded.tracking_token).await.is_ok());

    // By e-mail: to the address on the case, in the payload contract.
    s.app
        .issue_tracking_link(&s.officer, &reference, LinkDelivery::Email, None)
        .await
        .expect("issued");
    let sent = pending(&s.app, "tracking-link").await;
    assert_eq!(sent.len(), 1);
    let payload = &sent[0].payload;
    assert_eq!(payload["to"], "Parent@Example.org");
    assert_eq!(sent[0].recipient.as_deref(), Some("Parent@Example.org"));
    let subject = payload["subject"].as_str().expect("a subject");
    assert!(subject.contains(&format!("[{reference}]")), "{subject}");
    assert_eq!(
        payload["reply_to"],
        "customer.feedback@togetherforchildren.org.uk"
    );
    assert!(payload["letter"].is_null());
    let text = payload["text"].as_str().expect("text");
    assert!(
        text.contains("0191 561 7997"),
        "the contact is in the e-mail: {text}"
    );
    let emailed = token_in(&s.app, &sent[0]).await;
    assert_eq!(
        s.app
            .track(&emailed)
            .await
            .expect("the new link works")
            .reference,
        reference
    );
    assert!(
        matches!(
            s.app.track(&recorded.tracking_token).await,
            Err(AppError::NotFound)
        ),
        "the old link stops working"
    );

    // Shown once: returned, not e-mailed, and it replaces the e-mailed one.
    let shown = s
        .app
        .issue_tracking_link(&s.officer, &reference, LinkDelivery::Shown, None)
        .await
        .expect("issued")
        .expect("a link to show");
    assert_eq!(pending(&s.app, "tracking-link").await.len(), 1);
    let token = shown
        .strip_prefix("https://feedback.example.org/track/")
        .expect("a whole link");
    assert!(s.app.track(token).await.is_ok());
    assert!(matches!(
        s.app.track(&emailed).await,
        Err(AppError::NotFound)
    ));

    // The history says a link was issued, and never holds it.
    let view = s.app.read_case(&s.officer, &reference).await.expect("case");
    let history = serde_json::to_string(&view.timeline).expect("json");
    assert_eq!(history.matches("tracking-link-issued").count(), 2);
    assert!(!history.contains(token) && !history.contains(&emailed));

    // Through `act`, a link to be shown is refused (it would be lost), by e-mail it goes.
    let refused = s
        .app
        .act(
            &s.officer,
            &reference,
            command(json!({"type": "issue-tracking-link", "delivery": "shown"})),
            None,
            None,
        )
        .await;
    assert!(matches!(refused, Err(AppError::Invalid { ref field, .. }) if field == "delivery"));
    s.app
        .act(
            &s.officer,
            &reference,
            command(json!({"type": "issue-tracking-link", "delivery": "email"})),
            None,
            None,
        )
        .await
        .expect("e-mailed through act");
    assert_eq!(pending(&s.app, "tracking-link").await.len(), 2);

    // A case with no e-mail address can only have its link shown.
    let by_post = s
        .app
        .submit(
            &s.officer,
            &tfc(),
            serde_json::from_value(json!({
                "kind": "complaint", "channel": "letter",
                "complainant": { "name": "A Parent", "address": "1 Road\nSunderland" },
                "what_happened": "No reply to my letter.",
            }))
            .expect("a submission"),
            Some(at("2026-12-14 10:30")),
        )
        .await
        .expect("recorded");
    let offers = s
        .app
        .read_case(&s.officer, &by_post.reference)
        .await
        .expect("case")
        .offers;
    let offer = offers
        .iter()
        .find(|o| o.command == CommandKind::IssueTrackingLink)
        .expect("offered");
    assert_eq!(offer.choices.deliveries, vec![LinkDelivery::Shown]);
    let refused = s
        .app
        .issue_tracking_link(&s.officer, &by_post.reference, LinkDelivery::Email, None)
        .await;
    assert!(
        matches!(refused, Err(AppError::Refused(ref r)) if r.field.as_deref() == Some("delivery")),
        "{refused:?}"
    );
}

async fn lost_links(store: AnyStore) {
    let s = setup(store, "2026-12-14 11:00").await;
    let recorded = record(&s, json!({}), "2026-12-14 10:00").await;
    let reference = recorded.reference.clone();

    // The right reference and address, in any case of letters: a new link goes to the case's
    // address.
    assert_eq!(
        s.app
            .request_tracking_link(&reference.to_lowercase(), " parent@example.ORG ")
            .await
            .expect("answered"),
        LinkRequest::Received
    );
    let sent = pending(&s.app, "tracking-link").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].payload["to"], "Parent@Example.org");
    assert!(s.app.track(&token_in(&s.app, &sent[0]).await).await.is_ok());
    assert!(s.app.track(&recorded.tracking_token).await.is_err());

    // Another address, or no such case: the same answer, and nothing sent.
    for (reference, email) in [
        (reference.as_str(), "someone.else@example.org"),
        ("TFC-2026-9999", "parent@example.org"),
    ] {
        assert_eq!(
            s.app.request_tracking_link(reference, email).await.unwrap(),
            LinkRequest::Received
        );
    }
    assert_eq!(pending(&s.app, "tracking-link").await.len(), 1);

    // Bad input names its field.
    for (reference, email, field) in [
        ("", "parent@example.org", "reference"),
        (reference.as_str(), "not an address", "email"),
    ] {
        let refused = s.app.request_tracking_link(reference, email).await;
        assert!(
            matches!(refused, Err(AppError::Invalid { field: ref f, .. }) if f == field),
            "{refused:?}"
        );
    }

    // Per case: three requests for it in 24 hours (one above, one with another address just
    // now, and this one); the fourth is refused even with the right address.
    assert_eq!(
        s.app
            .request_tracking_link(&reference, "parent@example.org")
            .await
            .unwrap(),
        LinkRequest::Received
    );
    assert_eq!(pending(&s.app, "tracking-link").await.len(), 2);
    assert_eq!(
        s.app
            .request_tracking_link(&reference, "parent@example.org")
            .await
            .unwrap(),
        LinkRequest::TooMany
    );
    assert_eq!(pending(&s.app, "tracking-link").await.len(), 2);

    // Per address: three cases asked about by one address; the fourth is refused.
    s.clock.advance(SignedDuration::from_hours(25));
    for n in 1..=3 {
        assert_eq!(
            s.app
                .request_tracking_link(&format!("TFC-2026-80{n:02}"), "prober@example.org")
                .await
                .unwrap(),
            LinkRequest::Received
        );
    }
    assert_eq!(
        s.app
            .request_tracking_link("TFC-2026-8004", "prober@example.org")
            .await
            .unwrap(),
        LinkRequest::TooMany
    );
    // A day on by the app's clock, the case may be asked about again.
    assert_eq!(
        s.app
            .request_tracking_link(&reference, "parent@example.org")
            .await
            .unwrap(),
        LinkRequest::Received
    );
    assert_eq!(pending(&s.app, "tracking-link").await.len(), 3);
}

async fn notes_calls_and_written_authority(store: AnyStore) {
    let s = setup(store, "2026-12-14 11:00").await;
    let recorded = record(
        &s,
        json!({"representative": {"contact": {"name": "R Advocate", "email": "advocate@example.org"}, "relationship": "advocate"}}),
        "2026-12-14 10:00",
    )
    .await;
    let reference = recorded.reference.clone();
    let act = |value: serde_json::Value| {
        let app = s.app.clone();
        let officer = s.officer.clone();
        let reference = reference.clone();
        async move {
            app.act(&officer, &reference, command(value), None, None)
                .await
        }
    };
    act(json!({"type": "add-note", "text": "INTERNAL-ONLY: the manager is on leave"}))
        .await
        .expect("note");
    act(json!({"type": "record-contact", "kind": "call", "who": "A Parent", "held_on": "2026-12-14", "summary": "CALL-SUMMARY: discussed the missed calls"}))
        .await
        .expect("call");
    let future = act(json!({"type": "record-contact", "kind": "meeting", "who": "A Parent", "held_on": "2027-01-01", "summary": "x"})).await;
    assert!(
        matches!(future, Err(AppError::Refused(ref r)) if r.field.as_deref() == Some("held_on")),
        "{future:?}"
    );
    let tracking = serde_json::to_string(
        &s.app
            .track(&recorded.tracking_token)
            .await
            .expect("tracking view"),
    )
    .expect("json");
    assert!(!tracking.contains("INTERNAL-ONLY") && !tracking.contains("CALL-SUMMARY"));

    // TfC asks for written authority before discussing the complaint with a representative:
    // until it arrives there is no response, and links go to the person, not the advocate.
    let view = s.app.read_case(&s.officer, &reference).await.expect("case");
    assert!(
        !view
            .offers
            .iter()
            .any(|o| o.command == CommandKind::Respond)
    );
    let respond = json!({"type": "respond", "outcome": "upheld", "findings": "The calls were missed.", "remedies": [{"kind": "apology", "description": "We apologise."}]});
    let refused = act(respond.clone()).await;
    assert!(
        matches!(refused, Err(AppError::Refused(ref r)) if r.reason.contains("written authority")),
        "{refused:?}"
    );
    s.app
        .issue_tracking_link(&s.officer, &reference, LinkDelivery::Email, None)
        .await
        .expect("issued");
    assert_eq!(
        pending(&s.app, "tracking-link").await[0].payload["to"],
        "Parent@Example.org"
    );
    act(json!({"type": "record-written-authority", "note": "Signed consent form"}))
        .await
        .expect("authority recorded");
    let again = act(json!({"type": "record-written-authority"})).await;
    assert!(matches!(again, Err(AppError::Refused(_))), "{again:?}");
    act(respond)
        .await
        .expect("responded once authority is held");
    let view = s.app.read_case(&s.officer, &reference).await.expect("case");
    let offer = view
        .offers
        .iter()
        .find(|o| o.command == CommandKind::IssueTrackingLink)
        .expect("offered");
    assert_eq!(
        offer.choices.send_to.as_deref(),
        Some("advocate@example.org")
    );
}

async fn digest_and_feed(store: AnyStore) {
    // Received Mon 14 Dec 2026 10:00. Acknowledgement: 24 hours, by Tue 15 Dec 10:00. Response:
    // 10 working days from Mon 14 Dec: Tue 15 (1), Wed 16, Thu 17, Fri 18, Mon 21, Tue 22,
    // Wed 23, Thu 24 (8); Fri 25 and Mon 28 Dec are bank holidays; Tue 29 (9), Wed 30 Dec (10).
    let s = setup(store, "2026-12-14 11:00").await;
    let recorded = record(&s, json!({}), "2026-12-14 10:00").await;
    let reference = recorded.reference.clone();

    // Thu 24 Dec 2026 08:00 GMT: a working day but before 09:00.
    s.clock.set(at("2026-12-24 08:00"));
    assert_eq!(s.app.run_digests_once().await.unwrap(), 0);
    // 10:00: one digest for TfC (the only organisation with a mailbox and a case).
    s.clock.set(at("2026-12-24 10:00"));
    assert_eq!(s.app.run_digests_once().await.unwrap(), 1);
    let digests = pending(&s.app, "digest").await;
    assert_eq!(digests.len(), 1);
    assert_eq!(
        digests[0].payload["to"],
        "customer.feedback@togetherforchildren.org.uk"
    );
    let text = digests[0].payload["text"].as_str().expect("text");
    let overdue = text.find("Overdue:").expect("an overdue section");
    let soon = text.find("Falling due soon:").expect("a due-soon section");
    assert!(text[overdue..soon].contains(&reference), "{text}");
    assert!(text[overdue..soon].contains("Tue 15 Dec 2026"), "{text}");
    // Due within 5 working days of Thu 24 Dec: Tue 29 (1), Wed 30 (2), ... so Wed 30 is.
    assert!(text[soon..].contains("Wed 30 Dec 2026"), "{text}");
    assert!(text.contains(&format!(
        "https://feedback.example.org/staff/cases/{reference}"
    )));
    // Once a day, even from a second instance that knows nothing of the first.
    s.clock.set(at("2026-12-24 15:00"));
    assert_eq!(s.app.run_digests_once().await.unwrap(), 0);
    let second = App::start(
        s.app.store().clone(),
        Procedures::shipped(),
        s.clock.clone(),
    )
    .await
    .expect("a second instance");
    assert_eq!(second.run_digests_once().await.unwrap(), 0);
    // Christmas Day, the weekend and the substitute bank holiday: none.
    for now in [
        "2026-12-25 10:00",
        "2026-12-26 10:00",
        "2026-12-27 10:00",
        "2026-12-28 10:00",
    ] {
        s.clock.set(at(now));
        assert_eq!(s.app.run_digests_once().await.unwrap(), 0, "{now}");
    }
    // Tue 29 Dec 17:00 is after hours; 09:00 the next working day's digest goes.
    s.clock.set(at("2026-12-29 17:00"));
    assert_eq!(s.app.run_digests_once().await.unwrap(), 0);
    s.clock.set(at("2026-12-30 09:00"));
    assert_eq!(s.app.run_digests_once().await.unwrap(), 1);

    // The calendar feed: one VEVENT per open deadline, parsed back.
    let link = s.app.create_feed(&s.officer).await.expect("feed");
    let token = link
        .strip_prefix("https://feedback.example.org/feeds/")
        .and_then(|rest| rest.strip_suffix(".ics"))
        .expect("a feed link");
    let text = s.app.feed(token).await.expect("the feed");
    let calendar = parse_ics(&text);
    let rows = s.app.store().case_deadlines(&reference).await.unwrap();
    let events: Vec<_> = calendar
        .iter()
        .filter(|c| c.get("BEGIN").is_some_and(|b| b == "VEVENT"))
        .collect();
    assert_eq!(events.len(), rows.len());
    assert!(!events.is_empty());
    let response = events
        .iter()
        .find(|e| e["UID"].contains(".response.stage-1@feedback.example.org"))
        .expect("the response deadline");
    assert_eq!(response["DTSTART;VALUE=DATE"], "20261230");
    assert_eq!(response["DTEND;VALUE=DATE"], "20261231");
    assert!(response["SUMMARY"].starts_with(&format!("[{reference}]")));
    assert_eq!(response["DTSTAMP"], "20261230T090000Z");
    // Stable UIDs: the same events tomorrow.
    s.clock.advance(SignedDuration::from_hours(24));
    let again = parse_ics(&s.app.feed(token).await.unwrap());
    let uids = |c: &[std::collections::BTreeMap<String, String>]| {
        c.iter()
            .filter_map(|e| e.get("UID").cloned())
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&calendar), uids(&again));
    // A new address revokes the old; revoking ends both.
    let newer = s.app.create_feed(&s.officer).await.unwrap();
    assert!(matches!(s.app.feed(token).await, Err(AppError::NotFound)));
    s.app.revoke_feed(&s.officer).await.unwrap();
    let newer_token = newer
        .rsplit('/')
        .next()
        .and_then(|t| t.strip_suffix(".ics"))
        .unwrap();
    assert!(matches!(
        s.app.feed(newer_token).await,
        Err(AppError::NotFound)
    ));
}

/// A small RFC 5545 reader: checks every line ends in CRLF and is at most 75 octets, unfolds,
/// and returns each component's properties (the calendar's, then each VEVENT's).
fn parse_ics(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    assert!(text.ends_with("\r\n"));
    let physical: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    for line in &physical {
        assert!(!line.contains('\n'), "a bare LF in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let mut logical: Vec<String> = Vec::new();
    for line in physical {
        match line.strip_prefix(' ') {
            Some(rest) => logical
                .last_mut()
                .expect("a line to continue")
                .push_str(rest),
            None => logical.push(line.to_owned()),
        }
    }
    let mut components = Vec::new();
    let mut current = std::collections::BTreeMap::new();
    for line in logical {
        let (name, value) = line.split_once(':').expect("NAME:VALUE");
        let value = value
            .replace("\\n", "\n")
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\\\", "\\");
        if name == "BEGIN" && !current.is_empty() {
            components.push(std::mem::take(&mut current));
        }
        if name == "END" {
            continue;
        }
        current.insert(name.to_owned(), value);
    }
    components.push(current);
    components
}

macro_rules! on_both {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[tokio::test]
            async fn sqlite() {
                let dir = tempfile::tempdir().expect("a directory");
                super::$story(super::sqlite(&dir).await).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(store) = redress_store::testing::postgres(stringify!($story)).await {
                    super::$story(store).await;
                }
            }
        }
    )*};
}

on_both!(
    staff_issue_links,
    lost_links,
    notes_calls_and_written_authority,
    digest_and_feed
);
