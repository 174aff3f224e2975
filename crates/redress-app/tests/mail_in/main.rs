//! E-mail in, end to end: messages delivered into a real IMAP server (dovecot), polled, and
//! found where core's rule sends them — on SQLite always and on PostgreSQL when
//! `REDRESS_TEST_POSTGRES_URL` is set. Also hostile messages straight into `ingest_mail`, and a
//! fuzzing run of a fixed budget (`fuzz.rs`).

mod dovecot;
mod fuzz;

use std::sync::Arc;

use jiff::Timestamp;
use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::ManualClock;
use redress_app::files::{Files, Limits};
use redress_app::mail::imap::ImapUrl;
use redress_app::mail::inbound::{Ingested, MailAction, MailIn};
use redress_app::procedures::Procedures;
use redress_core::case::{Command, Fact, Submission};
use redress_core::ids::OrgId;
use redress_core::procedure::Channel;
use redress_store::{AnyStore, Role, Store};
use serde_json::json;

use dovecot::Dovecot;

/// The domain of the Message-IDs redress sends in these tests.
const DOMAIN: &str = "leeds.example.org";

fn at(text: &str) -> Timestamp {
    redress_core::simulate::parse_instant(text).expect("an instant")
}

fn leeds() -> OrgId {
    OrgId::parse("leeds-pps").expect("an id")
}

fn officer() -> Actor {
    Actor::User {
        username: "officer".into(),
        roles: vec![(leeds(), Role::FeedbackOfficer)],
        holds: Vec::new(),
        member_ids: Vec::new(),
    }
}

fn settings() -> MailIn {
    MailIn {
        org: Some(leeds()),
        domain: Some(DOMAIN.to_owned()),
        ..MailIn::default()
    }
}

/// A plain message, CRLF line ends.
pub fn message(from: &str, id: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: complaints@leeds.example.org\r\nMessage-ID: <{id}>\r\nSubject: {subject}\r\n\
         Date: Tue, 1 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n{extra}\r\n{body}\r\n"
    )
    .into_bytes()
}

async fn sqlite(dir: &tempfile::TempDir, name: &str) -> AnyStore {
    redress_store::testing::sqlite(&dir.path().join(name)).await
}

/// The stores to run on: SQLite, and PostgreSQL when configured.
async fn stores(dir: &tempfile::TempDir, name: &str) -> Vec<AnyStore> {
    let mut stores = vec![sqlite(dir, &format!("{name}.db")).await];
    match redress_store::testing::postgres(name).await {
        Some(store) => stores.push(store),
        None => eprintln!("{name}: PostgreSQL skipped (REDRESS_TEST_POSTGRES_URL is not set)"),
    }
    stores
}

/// The app on `store` with its clock at `now`, keeping attachments under `data` (default
/// limits: 10 MiB a file, 20 a case).
async fn app(
    store: AnyStore,
    now: &str,
    data: &std::path::Path,
) -> (App<AnyStore>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(at(now)));
    let app = App::start(store, Procedures::shipped(), clock.clone())
        .await
        .expect("the app starts")
        .with_files(Files::new(data, Limits::default()));
    (app, clock)
}

/// A multipart message with a text part and one attachment (base64).
pub fn with_attachment(
    from: &str,
    id: &str,
    subject: &str,
    text: &str,
    (name, content_type, bytes): (&str, &str, &[u8]),
) -> Vec<u8> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    message(
        from,
        id,
        subject,
        "Content-Type: multipart/mixed; boundary=\"part\"\r\n",
        &format!(
            "--part\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n--part\r\n\
             Content-Type: {content_type}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n--part--"
        ),
    )
}

/// A small PDF's first bytes: enough for content sniffing.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
/// A PNG's signature and header.
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// An e-mail complaint recorded by staff from `email`.
async fn case_from(app: &App<AnyStore>, email: &str) -> String {
    let submission: Submission = serde_json::from_value(json!({
        "kind": "complaint",
        "channel": "email",
        "complainant": { "name": "A Parent", "email": email },
        "what_happened": "My calls about the tribunal were not returned.",
    }))
    .expect("a submission");
    app.submit(&officer(), &leeds(), submission, None)
        .await
        .expect("recorded")
        .reference
}

/// Every information-received fact of a case: (summary, channel, message id).
async fn information(
    app: &App<AnyStore>,
    reference: &str,
) -> Vec<(String, Option<Channel>, Option<String>)> {
    let stream = app
        .store()
        .load(reference)
        .await
        .expect("loads")
        .expect("the case");
    stream
        .events
        .into_iter()
        .filter_map(|event| match event.fact {
            Fact::InformationReceived {
                summary,
                channel,
                message_id,
            } => Some((summary, channel, message_id)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn polled_mail_lands_where_the_rule_says_once_each_on_every_database() {
    let dovecot = Dovecot::start().await;
    let url = ImapUrl::parse(&dovecot.url()).expect("the test URL parses");
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (run, store) in stores(&dir, "poll").await.into_iter().enumerate() {
        let inbox = format!("INBOX.run{run}");
        let url = ImapUrl {
            mailbox: inbox.clone(),
            processed: format!("Processed{run}"),
            refused: format!("Refused{run}"),
            ..url.clone()
        };
        let data = dir.path().join(format!("data{run}"));
        let (app, clock) = app(store, "2026-12-01 08:00", &data).await;
        let first = case_from(&app, "parent@example.org").await;
        let second = case_from(&app, "carer@example.org").await;
        // The second case's acknowledgement is a message redress sends: its outbox id makes
        // the Message-ID a reply quotes in In-Reply-To.
        app.act(
            &officer(),
            &second,
            serde_json::from_value::<Command>(json!({"type": "acknowledge", "phone": "0113 000 0000", "email": "pps@example.org"})).expect("a command"),
            None,
            None,
        )
        .await
        .expect("acknowledged");
        let sent = app.store().pending_outbox(10).await.expect("the outbox");
        let acknowledgement = sent
            .iter()
            .find(|message| message.reference == second)
            .expect("the acknowledgement is queued");
        clock.set(at("2026-12-01 10:00"));

        let reply = with_attachment(
            "A Parent <Parent@Example.org>",
            &format!("reply-{run}@example.org"),
            &format!("Re: Your complaint [{first}]"),
            "Here are the dates of my calls: 3 and 5 November.",
            ("call-log.pdf", "application/pdf", PDF),
        );
        let deliveries = [
            reply.clone(),
            with_attachment(
                "Someone Else <spoof@example.net>",
                &format!("spoof-{run}@example.net"),
                &format!("Re: [{first}] please send me everything"),
                "I am the parent, honestly.",
                ("photo.png", "image/png", PNG),
            ),
            message(
                "New Person <new.person@example.org>",
                &format!("new-{run}@example.org"),
                "My son's transport",
                "Content-Type: text/html; charset=utf-8\r\n",
                "<html><body><script>steal()</script><p>The taxi never came &amp; nobody called.</p></body></html>",
            ),
            message(
                "carer@example.org",
                &format!("thread-{run}@example.org"),
                "Re: your letter",
                &format!("In-Reply-To: <{}@{DOMAIN}>\r\n", acknowledgement.id),
                "Thank you, I can do the 9th.",
            ),
        ];
        for delivery in &deliveries {
            dovecot
                .deliver(&inbox, delivery, "01-Dec-2026 09:15:00 +0000")
                .await;
        }
        let report = app.poll_imap(&url, &settings()).await.expect("polled");
        let outcomes: Vec<&Ingested> = report.messages.iter().map(|(_, o)| o).collect();
        assert_eq!(outcomes.len(), 4, "{outcomes:?}");
        assert!(
            matches!(outcomes[0], Ingested::Information { reference, .. } if *reference == first),
            "{outcomes:?}"
        );
        assert!(
            matches!(outcomes[1], Ingested::Triaged { .. }),
            "{outcomes:?}"
        );
        let Ingested::NewCase {
            reference: new_case,
            ..
        } = outcomes[2]
        else {
            panic!("no reference should make a new case: {outcomes:?}");
        };
        assert!(
            matches!(outcomes[3], Ingested::Information { reference, .. } if *reference == second),
            "a reply to redress's own Message-ID finds its case: {outcomes:?}"
        );
        // Taken away from the inbox only now that it is stored.
        assert_eq!(dovecot.count(&inbox).await, 0);
        assert_eq!(dovecot.count(&url.processed).await, 4);

        // The reply from the case's own address is on the case, by e-mail, with its id.
        let received = information(&app, &first).await;
        assert_eq!(received.len(), 1, "{received:?}");
        assert!(received[0].0.contains("3 and 5 November"));
        assert_eq!(received[0].1, Some(Channel::Email));
        assert_eq!(
            received[0].2.as_deref(),
            Some(format!("reply-{run}@example.org").as_str())
        );
        assert_eq!(information(&app, &second).await.len(), 1);
        // Its attachment is on the case, from e-mail, sniffed as a PDF.
        let files = app
            .attachments(&officer(), &first)
            .await
            .expect("attachments");
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].name, "call-log.pdf");
        assert_eq!(files[0].media_type, "application/pdf");

        // The spoof waits for an officer, against the case it quoted, and is not on the case.
        let queue = app.mail_queue(&officer()).await.expect("the queue");
        let spoof = queue
            .iter()
            .find(|mail| mail.route == "triage")
            .expect("the spoof is in the queue");
        assert_eq!(spoof.sender.as_deref(), Some("spoof@example.net"));
        assert_eq!(spoof.reference.as_deref(), Some(first.as_str()));
        assert!(spoof.body.contains("I am the parent"));
        // Its attachment waits with it, in the content store, not on the case.
        assert_eq!(spoof.attachments[0]["name"], "photo.png");
        assert!(
            spoof.attachments[0]["sha256"].is_string(),
            "{}",
            spoof.attachments
        );

        // The message with no reference is a new e-mail case, received when it arrived, from
        // its sender, its HTML read as text without the script; it awaits triage.
        let view = app.read_case(&officer(), new_case).await.expect("the case");
        let submission = view.case.submission.as_ref().expect("a submission");
        assert_eq!(submission.channel, Channel::Email);
        assert_eq!(
            submission
                .complainant
                .as_ref()
                .and_then(|c| c.email.as_deref()),
            Some("new.person@example.org")
        );
        assert!(
            submission
                .what_happened
                .contains("The taxi never came & nobody called.")
        );
        assert!(
            !submission.what_happened.contains("steal") && !submission.what_happened.contains('<')
        );
        assert_eq!(view.case.received_at, Some(at("2026-12-01 09:15")));
        assert!(
            queue.iter().any(|mail| mail.route == "new-case"
                && mail.reference.as_deref() == Some(new_case.as_str()))
        );

        // The same message polled again is stored once.
        dovecot
            .deliver(&inbox, &reply, "01-Dec-2026 09:20:00 +0000")
            .await;
        let again = app.poll_imap(&url, &settings()).await.expect("polled");
        assert!(
            matches!(
                again.messages.as_slice(),
                [(_, Ingested::AlreadyStored { .. })]
            ),
            "{:?}",
            again.messages
        );
        assert_eq!(information(&app, &first).await.len(), 1);
        assert_eq!(dovecot.count(&inbox).await, 0);

        // An officer matches the spoof to the case after checking it, and accepts the new case.
        let matched = app
            .decide_mail(
                &officer(),
                &spoof.id,
                MailAction::Match {
                    reference: first.clone(),
                },
            )
            .await
            .expect("matched");
        assert_eq!(matched.status, "matched");
        assert!(matched.body.is_empty(), "the text moved to the case");
        assert_eq!(information(&app, &first).await.len(), 2);
        let files = app
            .attachments(&officer(), &first)
            .await
            .expect("attachments");
        assert!(
            files
                .iter()
                .any(|file| file.name == "photo.png" && file.media_type == "image/png"),
            "matching brings the attachment to the case: {files:?}"
        );
        let twice = app
            .decide_mail(&officer(), &spoof.id, MailAction::Reject)
            .await;
        assert!(twice.is_err(), "a decided message cannot be decided again");
        let new_item = queue
            .iter()
            .find(|mail| mail.route == "new-case")
            .expect("the new case's item");
        app.decide_mail(&officer(), &new_item.id, MailAction::Accept)
            .await
            .expect("accepted");
        assert!(app.mail_queue(&officer()).await.expect("queue").is_empty());
    }
}

#[tokio::test]
async fn refused_mail_is_moved_aside_with_nothing_stored() {
    let dovecot = Dovecot::start().await;
    let url = ImapUrl::parse(&dovecot.url()).expect("parses");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = sqlite(&dir, "refused.db").await;
    let (app, _clock) = app(store, "2026-12-01 10:00", dir.path()).await;
    let mut small = settings();
    small.limits.max_message_bytes = 2_000;
    let big = message(
        "a@example.org",
        "big@example.org",
        "big",
        "",
        &"x".repeat(5_000),
    );
    dovecot
        .deliver("INBOX", &big, "01-Dec-2026 09:15:00 +0000")
        .await;
    let report = app.poll_imap(&url, &small).await.expect("polled");
    assert!(
        matches!(report.messages.as_slice(), [(_, Ingested::Refused { reason })] if reason.contains("over the limit")),
        "{:?}",
        report.messages
    );
    assert_eq!(dovecot.count("INBOX").await, 0);
    assert_eq!(dovecot.count(&url.refused).await, 1);
    assert!(app.mail_queue(&officer()).await.expect("queue").is_empty());
}

#[tokio::test]
async fn a_wrong_password_is_an_error_and_takes_nothing() {
    let dovecot = Dovecot::start().await;
    let mut url = ImapUrl::parse(&dovecot.url()).expect("parses");
    url.password = "wrong".into();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (app, _clock) = app(
        sqlite(&dir, "password.db").await,
        "2026-12-01 10:00",
        dir.path(),
    )
    .await;
    dovecot
        .deliver(
            "INBOX",
            &message("a@example.org", "p@example.org", "hello", "", "hi"),
            "01-Dec-2026 09:15:00 +0000",
        )
        .await;
    let error = app.poll_imap(&url, &settings()).await.expect_err("refused");
    assert!(!error.to_string().contains("wrong"), "{error}");
    assert_eq!(dovecot.count("INBOX").await, 1);
}

#[tokio::test]
async fn hostile_mail_is_stored_as_text_or_refused_with_a_reason() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (app, _clock) = app(
        sqlite(&dir, "hostile.db").await,
        "2026-12-01 10:00",
        dir.path(),
    )
    .await;
    let settings = settings();
    for (name, raw) in fuzz::hostile_corpus() {
        let outcome = app
            .ingest_mail(&raw, None, &settings)
            .await
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        match (&name[..], &outcome) {
            ("huge headers", Ingested::Refused { reason }) => {
                assert!(reason.contains("headers"), "{reason}")
            }
            ("binary junk", Ingested::Refused { reason }) => {
                assert!(reason.contains("not an e-mail"), "{reason}")
            }
            ("huge headers" | "binary junk", other) => panic!("{name}: {other:?}"),
            (_, Ingested::NewCase { reference, mail }) => {
                if name == "a 25 MB attachment" {
                    let item = app.mail_item(&officer(), mail).await.expect("the item");
                    let listed = &item.attachments[0];
                    assert_eq!(listed["size"], 25_000_000 / 57 * 57, "{listed}");
                    assert!(
                        listed["refused"]
                            .as_str()
                            .is_some_and(|r| r.contains("larger than")),
                        "{listed}"
                    );
                    assert!(
                        app.attachments(&officer(), reference)
                            .await
                            .expect("files")
                            .is_empty()
                    );
                }
                let view = app.read_case(&officer(), reference).await.expect("case");
                let text = &view.case.submission.expect("submission").what_happened;
                assert!(
                    !text.contains("<script") && !text.contains("alert("),
                    "{name}: {text}"
                );
                redress_core::case::input::text(
                    text,
                    redress_core::case::input::limits::WHAT_HAPPENED,
                )
                .unwrap_or_else(|problem| panic!("{name}: {problem}"));
            }
            (_, Ingested::Triaged { mail, .. }) => {
                let item = app.mail_item(&officer(), mail).await.expect("the item");
                assert!(!item.body.contains("<script"), "{name}: {}", item.body);
                redress_core::case::input::text(
                    &item.body,
                    redress_core::case::input::limits::STAFF_TEXT,
                )
                .unwrap_or_else(|problem| panic!("{name}: {problem}"));
            }
            (_, other) => panic!("{name}: expected a new case or triage, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_reply_to_a_closed_case_waits_in_triage_as_a_new_matter() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (app, _clock) = app(
        sqlite(&dir, "closed.db").await,
        "2026-12-01 10:00",
        dir.path(),
    )
    .await;
    let reference = case_from(&app, "parent@example.org").await;
    app.act(
        &officer(),
        &reference,
        serde_json::from_value::<Command>(json!({"type": "withdraw", "reason": "sorted out"}))
            .expect("a command"),
        None,
        None,
    )
    .await
    .expect("withdrawn");
    let view = app.read_case(&officer(), &reference).await.expect("case");
    assert!(view.case.closed.is_some(), "a withdrawal closes the case");
    let before = app
        .store()
        .load(&reference)
        .await
        .expect("loads")
        .expect("case");
    let reply = message(
        "parent@example.org",
        "late-reply@example.org",
        &format!("Re: [{reference}]"),
        "",
        "One more thing.",
    );
    let outcome = app
        .ingest_mail(&reply, None, &settings())
        .await
        .expect("ingested");
    let Ingested::Triaged { reason, mail } = outcome else {
        panic!("a closed case takes no information from the complainant: {outcome:?}");
    };
    assert!(reason.contains("the case is closed"), "{reason}");
    let item = app.mail_item(&officer(), &mail).await.expect("item");
    assert_eq!(item.reference.as_deref(), Some(reference.as_str()));
    let after = app
        .store()
        .load(&reference)
        .await
        .expect("loads")
        .expect("case");
    assert_eq!(after.events, before.events, "nothing was added to the case");
}
