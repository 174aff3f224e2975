//! A person's requests and the audit log from the command line, end to end (issue 9, items 2
//! and 4): `person export` gathers every case holding an address across organisations as JSON
//! and PDF, `person erase` erases the closed ones and names the open and held ones it keeps,
//! each leaves audit entries without the address, and `audit verify` passes until the database
//! is tampered with, then names the entry altered and the entry removed. On SQLite always, on
//! PostgreSQL when `REDRESS_TEST_POSTGRES_URL` is set.

use std::path::Path;
use std::process::{Command as Process, Output};
use std::sync::Arc;

use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::ManualClock;
use redress_app::procedures::Procedures;
use redress_core::case::{Command, Submission};
use redress_core::ids::{OrgId, RoleId};
use redress_store::{AnyStore, Role, Store};
use serde_json::json;

const NAME: &str = "Ann Brightwater";
const EMAIL: &str = "ann.brightwater@example.org";
const WHAT: &str = "The treasurer spent the tombola takings unagreed";

fn redress(dir: &Path, url: &str, args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_redress"))
        .current_dir(dir)
        .env("REDRESS_DATABASE_URL", url)
        .env_remove("REDRESS_LISTEN")
        .args(args)
        .output()
        .expect("redress runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn org(id: &str) -> OrgId {
    OrgId::parse(id).expect("an id")
}

fn command(value: serde_json::Value) -> Command {
    serde_json::from_value(value).expect("a command")
}

/// Cases as the story needs them: (closed, held, open) at King's Park for the person, one
/// at Leeds where they represent someone, and one closed case of somebody else.
struct Cases {
    closed: String,
    held: String,
    open: String,
    leeds: String,
    other: String,
}

async fn cases(app: &App<AnyStore>, admin: &Actor) -> Cases {
    let submit = |org_id: &'static str, body: serde_json::Value| async move {
        let submission: Submission = serde_json::from_value(body).expect("a submission");
        app.submit(admin, &org(org_id), submission, None)
            .await
            .expect("received")
            .reference
    };
    let theirs = || {
        json!({
            "kind": "complaint", "channel": "email",
            "complainant": { "name": NAME, "email": EMAIL },
            "what_happened": WHAT,
        })
    };
    let closed = submit("kings-park-pp", theirs()).await;
    let held = submit("kings-park-pp", theirs()).await;
    let open = submit("kings-park-pp", theirs()).await;
    let other = submit(
        "kings-park-pp",
        json!({
            "kind": "complaint", "channel": "email",
            "complainant": { "name": "Bea Other", "email": "bea@example.org" },
            "what_happened": "Someone else's matter",
        }),
    )
    .await;
    let leeds = submit(
        "leeds-pps",
        json!({
            "kind": "complaint", "channel": "email",
            "complainant": { "name": "Cal Child", "email": "cal@example.org" },
            "representative": { "contact": { "name": NAME, "email": "Ann.Brightwater@Example.org" }, "relationship": "parent" },
            "what_happened": "My son's review was missed",
        }),
    )
    .await;
    for reference in [&closed, &held, &other] {
        app.act(
            admin,
            reference,
            command(json!({"type": "withdraw", "reason": "Sorted out at the school gate"})),
            None,
            None,
        )
        .await
        .expect("withdrawn, so closed");
    }
    app.act(
        admin,
        &held,
        command(json!({"type": "place-legal-hold", "reason": "The ombudsman is considering it"})),
        None,
        None,
    )
    .await
    .expect("held");
    app.read_case(admin, &open).await.expect("read");
    Cases {
        closed,
        held,
        open,
        leeds,
        other,
    }
}

async fn story(url: String) {
    let dir = tempfile::tempdir().expect("a directory");
    let clock = Arc::new(ManualClock::new(
        redress_core::simulate::parse_instant("2025-03-03 09:00").expect("an instant"),
    ));
    let store = AnyStore::open(&url).await.expect("the store opens");
    let app = App::start(store.clone(), Procedures::shipped(), clock)
        .await
        .expect("starts");
    app.add_user("admin", "An Admin", None).await.expect("user");
    for id in ["kings-park-pp", "leeds-pps"] {
        app.grant("admin", &org(id), Role::Admin)
            .await
            .expect("grant");
    }
    let admin = Actor::User {
        username: "admin".into(),
        roles: vec![
            (org("kings-park-pp"), Role::Admin),
            (org("leeds-pps"), Role::Admin),
        ],
        holds: vec![(
            org("kings-park-pp"),
            RoleId::parse("chair").expect("a role"),
        )],
        member_ids: Vec::new(),
    };
    let cases = cases(&app, &admin).await;

    // Subject access, asked for with the address in other letters' case.
    let out = dir.path().join("sar");
    let exported = redress(
        dir.path(),
        &url,
        &[
            "person",
            "export",
            "--email",
            "ANN.BRIGHTWATER@example.org",
            "--out",
            out.to_str().expect("UTF-8"),
        ],
    );
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    assert!(
        text(&exported.stdout).starts_with("4 case(s) hold"),
        "{}",
        text(&exported.stdout)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("person.json")).expect("person.json"))
            .expect("JSON");
    let mut references: Vec<&str> = json["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| case["reference"].as_str().expect("a reference"))
        .collect();
    references.sort_unstable();
    let mut expected = vec![
        cases.closed.as_str(),
        cases.held.as_str(),
        cases.open.as_str(),
        cases.leeds.as_str(),
    ];
    expected.sort_unstable();
    assert_eq!(references, expected, "not {}", cases.other);
    let leeds = json["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|case| case["reference"] == cases.leeds.as_str())
        .expect("the Leeds case");
    assert_eq!(leeds["capacities"], json!(["representative"]));
    assert!(json.to_string().contains(WHAT));
    let pdf = std::fs::read(out.join("person.pdf")).expect("person.pdf");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");

    let bad = redress(
        dir.path(),
        &url,
        &["person", "export", "--email", "not an address"],
    );
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("email"), "{}", text(&bad.stderr));

    // Erasure: the reason is required; then only the closed case goes.
    let no_reason = redress(
        dir.path(),
        &url,
        &["person", "erase", "--email", EMAIL, "--reason", " "],
    );
    assert!(!no_reason.status.success());
    assert!(
        text(&no_reason.stderr).contains("reason"),
        "{}",
        text(&no_reason.stderr)
    );
    let erased = redress(
        dir.path(),
        &url,
        &[
            "person",
            "erase",
            "--email",
            EMAIL,
            "--reason",
            "Asked for by letter of 1 March",
        ],
    );
    let said = text(&erased.stdout);
    assert!(!erased.status.success(), "cases were kept: {said}");
    assert!(
        said.contains(&format!("erased {}\n", cases.closed)),
        "{said}"
    );
    assert!(
        said.contains(&format!("kept {}: a legal hold is in force", cases.held)),
        "{said}"
    );
    assert!(
        said.contains(&format!("kept {}: the case is still open", cases.open)),
        "{said}"
    );
    assert!(
        said.contains(&format!("kept {}: the case is still open", cases.leeds)),
        "{said}"
    );
    assert!(said.contains("1 case(s) erased, 3 kept"), "{said}");
    let gone = app
        .read_case(&admin, &cases.closed)
        .await
        .expect("still a case");
    let gone = serde_json::to_string(&gone).expect("JSON");
    assert!(
        !gone.contains(NAME) && !gone.contains(EMAIL) && !gone.contains(WHAT),
        "{gone}"
    );
    let kept = serde_json::to_string(&app.read_case(&admin, &cases.held).await.expect("a case"))
        .expect("JSON");
    assert!(kept.contains(NAME), "the held case keeps its data");

    // The audit log: the exports and the erasure are in it, by the operator, per case, and
    // nothing in it names the person.
    let head = store.audit_head().await.expect("the head");
    let entries = store
        .audit_page(0, head.seq, 10_000)
        .await
        .expect("entries");
    let said_of = |reference: &str| -> Vec<String> {
        entries
            .iter()
            .filter(|r| r.entry.reference.as_deref() == Some(reference))
            .map(|r| format!("{}: {}", r.entry.actor, r.entry.action))
            .collect()
    };
    let closed_entries = said_of(&cases.closed);
    for expected in [
        "admin: act: receive",
        "admin: act: withdraw",
        "operator (command line): subject access export",
        "operator (command line): erase personal data (request)",
    ] {
        assert!(
            closed_entries.iter().any(|e| e == expected),
            "{expected} in {closed_entries:?}"
        );
    }
    assert!(
        !said_of(&cases.other)
            .iter()
            .any(|e| e.contains("subject access"))
    );
    let all = serde_json::to_string(&entries)
        .expect("JSON")
        .to_lowercase();
    assert!(!all.contains("brightwater"), "{all}");

    let verified = redress(dir.path(), &url, &["audit", "verify"]);
    assert!(verified.status.success(), "{}", text(&verified.stdout));
    assert_eq!(
        text(&verified.stdout),
        format!("{} entries, chain intact\n", entries.len())
    );

    tamper(
        &url,
        &[
            "UPDATE audit_log SET actor = 'nobody' WHERE seq = 2",
            "DELETE FROM audit_log WHERE seq = 4",
        ],
    )
    .await;
    let broken = redress(dir.path(), &url, &["audit", "verify"]);
    let said = text(&broken.stdout);
    assert!(!broken.status.success(), "{said}");
    assert!(said.contains("entry 2 was altered"), "{said}");
    assert!(said.contains("entry 4 was removed"), "{said}");
    assert!(said.ends_with("problem(s)\n"), "{said}");
}

/// Runs statements straight on the database, as someone with access to it could.
async fn tamper(url: &str, statements: &[&str]) {
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url)
            .await
            .expect("the file opens");
        for statement in statements {
            sqlx::query(sqlx::AssertSqlSafe(*statement))
                .execute(&pool)
                .await
                .expect("tampered");
        }
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url)
            .await
            .expect("the database opens");
        for statement in statements {
            sqlx::query(sqlx::AssertSqlSafe(*statement))
                .execute(&pool)
                .await
                .expect("tampered");
        }
        pool.close().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn person_export_erase_and_audit_verify_on_sqlite() {
    let dir = tempfile::tempdir().expect("a directory");
    let url = format!("sqlite:{}", dir.path().join("redress.db").display());
    story(url).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn person_export_erase_and_audit_verify_on_postgres() {
    let Some(url) = redress_store::testing::postgres_url("person_cli").await else {
        return;
    };
    story(url).await;
}
