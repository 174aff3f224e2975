//! Retention end to end (issue 9, item 3): a King's Park complaint with a file, a letter
//! e-mailed and an e-mail received, withdrawn on Mon 10 March 2025. King's Park keeps a case
//! "for up to one year after the complaint" (`keep = "1 year"`, `from = "closure"`), so its
//! personal data falls due on Tue 10 March 2026 (twelve months after 10 March 2025, by hand):
//! nothing goes on Mon 9 March 2026 at 23:59, a legal hold keeps it on the day, a dry run
//! lists it and changes nothing, and the run erases it everywhere — the app, the search, an
//! export, the outbox, e-mail in, the file on disk, and on SQLite the raw database file and
//! its write-ahead log. On SQLite always, on PostgreSQL when `REDRESS_TEST_POSTGRES_URL` is set.

use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::ManualClock;
use redress_app::files::{Files, Limits};
use redress_app::mail::inbound::MailIn;
use redress_app::mail::parse::MailLimits;
use redress_app::procedures::Procedures;
use redress_core::case::{Command, Submission};
use redress_core::ids::OrgId;
use redress_store::{AnyStore, CaseFilter, Role, Store};
use serde_json::json;

/// Words only the complainant gave; none may survive the run.
const NAME: &str = "Ann Brightwater";
const EMAIL: &str = "ann.brightwater@example.org";
const PHONE: &str = "07700 900461";
const WHAT: &str = "The treasurer spent the tombola takings unagreed";
const MAIL_TEXT: &str = "Here are the minutes showing nobody voted";
const FILE_NAME: &str = "tombola-receipts.pdf";
const NOTE: &str = "Spoke to Ann about the Tuesday meeting";

fn at(text: &str) -> Timestamp {
    redress_core::simulate::parse_instant(text).expect("an instant")
}

fn command(value: serde_json::Value) -> Command {
    serde_json::from_value(value).expect("a command")
}

fn kpp() -> OrgId {
    OrgId::parse("kings-park-pp").expect("an id")
}

struct Case {
    app: App<AnyStore>,
    clock: Arc<ManualClock>,
    admin: Actor,
    reference: String,
    token: String,
    file: std::path::PathBuf,
}

/// The case, closed on 10 March 2025, as described at the top.
async fn closed_case(store: AnyStore, data: &Path) -> Case {
    let clock = Arc::new(ManualClock::new(at("2025-03-03 09:00")));
    let app = App::start(store, Procedures::shipped(), clock.clone())
        .await
        .expect("starts")
        .with_files(Files::new(data, Limits::default()));
    app.add_user("admin", "An Admin", None).await.expect("user");
    app.grant("admin", &kpp(), Role::Admin)
        .await
        .expect("grant");
    // King's Park's Chairperson acknowledges and sends the response ([stage.*] by = "chair").
    let admin = Actor::User {
        username: "admin".into(),
        roles: vec![(kpp(), Role::Admin)],
        holds: vec![(
            kpp(),
            redress_core::ids::RoleId::parse("chair").expect("a role id"),
        )],
        member_ids: Vec::new(),
    };
    let submission: Submission = serde_json::from_value(json!({
        "kind": "complaint",
        "channel": "email",
        "complainant": { "name": NAME, "email": EMAIL, "phone": PHONE },
        "what_happened": WHAT,
        "outcome_wanted": "An apology from the committee",
    }))
    .expect("a submission");
    let submitted = app
        .submit(&admin, &kpp(), submission, None)
        .await
        .expect("received");
    let reference = submitted.reference.clone();
    clock.set(at("2025-03-04 10:00"));
    app.act(
        &admin,
        &reference,
        command(json!({"type": "acknowledge"})),
        None,
        None,
    )
    .await
    .expect("acknowledged");
    // The acknowledgement went by e-mail: marked sent as the worker would.
    for message in app.store().pending_outbox(100).await.expect("outbox") {
        app.store()
            .mark_sent(&message.id, at("2025-03-04 10:01"))
            .await
            .expect("sent");
    }
    let pdf = b"%PDF-1.4\n%\xc7\xec\x8f\xa2\nretention test receipts only this case holds\n%%EOF\n";
    let record = app
        .attach(&admin, &reference, FILE_NAME, pdf)
        .await
        .expect("attached");
    let file = data
        .join("files")
        .join(&record.sha256[..2])
        .join(&record.sha256[2..]);
    assert!(file.is_file(), "the file is on disk");
    clock.set(at("2025-03-05 10:00"));
    let raw = format!(
        "From: {NAME} <{EMAIL}>\r\nMessage-ID: <m1@example.org>\r\nSubject: More about {reference}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{MAIL_TEXT}\r\n"
    );
    let settings = MailIn {
        org: Some(kpp()),
        domain: None,
        limits: MailLimits::default(),
    };
    let ingested = app
        .ingest_mail(raw.as_bytes(), None, &settings)
        .await
        .expect("ingested");
    assert!(format!("{ingested:?}").contains(&reference), "{ingested:?}");
    app.act(
        &admin,
        &reference,
        command(json!({"type": "add-note", "text": NOTE})),
        None,
        None,
    )
    .await
    .expect("noted");
    clock.set(at("2025-03-10 10:00"));
    app.act(
        &admin,
        &reference,
        command(json!({"type": "withdraw", "reason": "Sorted out with Ann at the school gate"})),
        None,
        None,
    )
    .await
    .expect("withdrawn, so closed");
    Case {
        app,
        clock,
        admin,
        reference,
        token: submitted.tracking_token,
        file,
    }
}

/// Everything the app and the store give out about the case, as one text to search.
async fn everything(case: &Case) -> String {
    let app = &case.app;
    let view = app
        .read_case(&case.admin, &case.reference)
        .await
        .expect("readable");
    let export = app.store().export(&kpp()).await.expect("exported");
    let search = app
        .query_cases(
            &case.admin,
            CaseFilter {
                text: Some("Brightwater".into()),
                ..CaseFilter::default()
            },
        )
        .await
        .expect("searched");
    let outbox = app
        .store()
        .case_outbox(&case.reference)
        .await
        .expect("outbox");
    let mail = app
        .store()
        .mail_by_message_id("<m1@example.org>")
        .await
        .expect("mail");
    format!(
        "{}\n{}\n{:?}\n{:?}\n{:?}",
        serde_json::to_string(&view).expect("json"),
        serde_json::to_string(&export).expect("json"),
        search,
        outbox,
        mail
    )
}

fn assert_gone(text: &str, what: &str) {
    for word in [
        NAME,
        "Brightwater",
        EMAIL,
        PHONE,
        WHAT,
        MAIL_TEXT,
        FILE_NAME,
        NOTE,
    ] {
        assert!(!text.contains(word), "{what} still holds {word:?}");
    }
}

async fn story(store: AnyStore, data: &Path, sqlite_file: Option<&Path>) {
    let case = closed_case(store, data).await;
    let (app, reference) = (&case.app, case.reference.as_str());
    assert!(
        everything(&case).await.contains(NAME),
        "the name is there before"
    );
    if let Some(file) = sqlite_file {
        assert!(
            raw_holds(file, NAME),
            "the raw check can see the name before the run"
        );
    }

    // The day before the deletion day: nothing goes, and a run does not even read the case
    // (King's Park states its period, so the day is in the case's read model).
    case.clock.set(at("2026-03-09 23:59"));
    let candidates = |day: &str| {
        let day: jiff::civil::Date = day.parse().expect("a date");
        async move {
            app.store()
                .retention_candidates(&kpp(), day, jiff::Timestamp::MIN)
                .await
                .expect("read")
        }
    };
    assert!(candidates("2026-03-09").await.is_empty());
    assert_eq!(candidates("2026-03-10").await, vec![reference.to_owned()]);
    let report = app.run_retention(false).await.expect("runs");
    assert!(report.erased.is_empty(), "{report:?}");
    assert!(everything(&case).await.contains(NAME));

    // On the day, a legal hold keeps it.
    case.clock.set(at("2026-03-10 00:30"));
    app.act(
        &case.admin,
        reference,
        command(json!({"type": "place-legal-hold", "reason": "The ombudsman is considering it"})),
        None,
        None,
    )
    .await
    .expect("held");
    let report = app.run_retention(false).await.expect("runs");
    assert!(report.erased.is_empty(), "{report:?}");
    assert_eq!(report.held.len(), 1, "{report:?}");
    assert!(everything(&case).await.contains(NAME));
    app.act(
        &case.admin,
        reference,
        command(json!({"type": "lift-legal-hold"})),
        None,
        None,
    )
    .await
    .expect("lifted");

    // A dry run lists it and changes nothing (the two runs above are logged, with no case).
    let runs_before = app.retention_runs(10).await.expect("runs");
    assert_eq!(runs_before.len(), 2);
    assert!(runs_before.iter().all(|run| run.references.is_empty()));
    let before = everything(&case).await;
    let report = app.run_retention(true).await.expect("runs");
    assert_eq!(report.erased.len(), 1);
    assert_eq!(report.erased[0].reference, reference);
    assert_eq!(report.erased[0].due_on.to_string(), "2026-03-10");
    assert_eq!(everything(&case).await, before, "a dry run changes nothing");
    assert!(case.file.is_file());
    assert_eq!(
        app.retention_runs(10).await.expect("runs"),
        runs_before,
        "a dry run is not logged"
    );

    // The run, a quarter of an hour later.
    case.clock.set(at("2026-03-10 00:45"));
    let report = app.run_retention(false).await.expect("runs");
    assert_eq!(report.erased.len(), 1, "{report:?}");
    assert_eq!(report.files_deleted, 1);
    assert_gone(&everything(&case).await, "the app or the store");
    assert!(!case.file.exists(), "the file is deleted");
    let runs = app.retention_runs(10).await.expect("runs");
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[0].references, vec![reference.to_owned()]);
    assert_eq!(runs[0].cause, "retention");

    // The facts remain: kind, channel, dates, how it ended, the deletion clock met on time.
    let view = serde_json::to_value(
        app.read_case(&case.admin, reference)
            .await
            .expect("readable"),
    )
    .expect("json");
    let text = view.to_string();
    assert!(text.contains("\"complaint\""), "{text}");
    assert!(text.contains("\"email\""), "{text}");
    assert!(text.contains("withdrawn"), "{text}");
    assert!(text.contains("personal-data-erased"), "{text}");
    assert!(text.contains("2025-03-10"), "{text}");
    // The tracking link no longer opens anything, and nothing more can be recorded.
    assert!(app.track(&case.token).await.is_err());
    let refused = app
        .act(
            &case.admin,
            reference,
            command(json!({"type": "add-note", "text": "x"})),
            None,
            None,
        )
        .await;
    assert!(refused.is_err(), "{refused:?}");
    // A second run finds nothing more, and reads nothing: the erased case is not a candidate.
    assert!(candidates("2027-01-01").await.is_empty());
    assert!(
        app.run_retention(false)
            .await
            .expect("runs")
            .erased
            .is_empty()
    );

    if let Some(file) = sqlite_file {
        for word in [NAME, EMAIL, PHONE, WHAT, MAIL_TEXT, NOTE, FILE_NAME] {
            assert!(
                !raw_holds(file, word),
                "the database file or its WAL still holds {word:?}"
            );
        }
    }
}

/// Whether the SQLite file or its write-ahead log holds `word`, byte for byte.
fn raw_holds(file: &Path, word: &str) -> bool {
    [file.to_path_buf(), file.with_extension("db-wal")]
        .iter()
        .any(|path| {
            let bytes = std::fs::read(path).unwrap_or_default();
            bytes.windows(word.len()).any(|w| w == word.as_bytes())
        })
}

#[tokio::test]
async fn a_king_s_park_case_is_erased_one_year_after_closure_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("app.db");
    let store = redress_store::testing::sqlite(&file).await;
    story(store, dir.path(), Some(&file)).await;
}

#[tokio::test]
async fn a_king_s_park_case_is_erased_one_year_after_closure_on_postgres() {
    let Some(store) = redress_store::testing::postgres("retention").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    story(store, dir.path(), None).await;
}

/// Leeds' procedure says nothing of retention, so a Leeds case is kept for the instance's
/// default, six years (72 months) from closure: withdrawn on Fri 6 November 2026, it falls due
/// on Sat 6 November 2032 (by hand: six years on, the same day of the month). On Fri 5 November
/// 2032 at 23:59 a run does not even read it; at midnight (GMT) it erases it.
///
/// With `written_before_0026` (the database's URL), the case's row is made as migration 0026
/// found rows written before it: no retention day and not marked silent. Such a row is read by
/// every run, from the day after closing on, and still erased only when it is due.
async fn silent_story(store: AnyStore, data: &Path, written_before_0026: Option<&str>) {
    let leeds = OrgId::parse("leeds-pps").expect("an id");
    let clock = Arc::new(ManualClock::new(at("2026-11-02 09:00")));
    let app = App::start(store, Procedures::shipped(), clock.clone())
        .await
        .expect("starts")
        .with_files(Files::new(data, Limits::default()));
    assert_eq!(
        app.retention_default(),
        redress_core::calendar::Duration::Months(72)
    );
    app.add_user("admin", "An Admin", None).await.expect("user");
    app.grant("admin", &leeds, Role::Admin)
        .await
        .expect("grant");
    let admin = Actor::User {
        username: "admin".into(),
        roles: vec![(leeds.clone(), Role::Admin)],
        holds: Vec::new(),
        member_ids: Vec::new(),
    };
    let submission: Submission = serde_json::from_value(json!({
        "kind": "complaint",
        "channel": "email",
        "complainant": { "name": NAME, "email": EMAIL },
        "what_happened": WHAT,
    }))
    .expect("a submission");
    let reference = app
        .submit(&admin, &leeds, submission, None)
        .await
        .expect("received")
        .reference;
    clock.set(at("2026-11-06 10:00"));
    app.act(
        &admin,
        &reference,
        command(json!({"type": "withdraw", "reason": "Resolved informally"})),
        None,
        None,
    )
    .await
    .expect("withdrawn, so closed");
    if let Some(url) = written_before_0026 {
        let statement = "UPDATE cases SET retention_silent = FALSE WHERE reference = $1";
        let changed = if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(url)
                .await
                .expect("the file opens");
            let done = sqlx::query(statement).bind(&reference).execute(&pool).await;
            done.expect("updated").rows_affected()
        } else {
            let pool = sqlx::PgPool::connect(url)
                .await
                .expect("the database opens");
            let done = sqlx::query(statement).bind(&reference).execute(&pool).await;
            done.expect("updated").rows_affected()
        };
        assert_eq!(changed, 1);
    }

    let read_by = |now: &str| {
        let today = redress_core::calendar::london_date(at(now));
        let before =
            redress_core::case::retention::silent_due_closed_before(today, app.retention_default())
                .expect("a day");
        let app = &app;
        let leeds = leeds.clone();
        async move {
            app.store()
                .retention_candidates(&leeds, today, before)
                .await
                .expect("read")
        }
    };
    // Read before it is due only when its row is from before migration 0026, and kept.
    let read_early = match written_before_0026 {
        Some(_) => vec![reference.clone()],
        None => Vec::new(),
    };
    for now in ["2026-11-07 00:00", "2032-11-05 23:59"] {
        clock.set(at(now));
        assert_eq!(read_by(now).await, read_early, "{now}");
        let report = app.run_retention(false).await.expect("runs");
        assert!(report.erased.is_empty(), "{now}: {report:?}");
    }

    clock.set(at("2032-11-06 00:00"));
    assert_eq!(read_by("2032-11-06 00:00").await, vec![reference.clone()]);
    let report = app.run_retention(false).await.expect("runs");
    let erased: Vec<_> = report
        .erased
        .iter()
        .map(|due| (due.reference.as_str(), due.due_on.to_string()))
        .collect();
    assert_eq!(erased, vec![(reference.as_str(), "2032-11-06".to_owned())]);
    // Erased, it is read no more.
    assert!(read_by("2032-11-07 00:00").await.is_empty());
}

#[tokio::test]
async fn a_leeds_case_is_erased_six_years_after_closure_by_the_default_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = redress_store::testing::sqlite(&dir.path().join("app.db")).await;
    silent_story(store, dir.path(), None).await;
}

#[tokio::test]
async fn a_leeds_case_from_before_migration_0026_is_read_every_run_and_erased_when_due_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("app.db");
    let store = redress_store::testing::sqlite(&file).await;
    let url = format!("sqlite:{}", file.display());
    silent_story(store, dir.path(), Some(&url)).await;
}

#[tokio::test]
async fn a_leeds_case_from_before_migration_0026_is_read_every_run_and_erased_when_due_on_postgres()
{
    let Some(url) = redress_store::testing::postgres_url("retention-before-0026").await else {
        return;
    };
    let store = AnyStore::open(&url).await.expect("the new database opens");
    let dir = tempfile::tempdir().expect("a temporary directory");
    silent_story(store, dir.path(), Some(&url)).await;
}

#[tokio::test]
async fn a_leeds_case_is_erased_six_years_after_closure_by_the_default_on_postgres() {
    let Some(store) = redress_store::testing::postgres("retention-silent").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    silent_story(store, dir.path(), None).await;
}
