//! `redress serve` sending e-mail to a real SMTP server (`tests/smtp/sink.py`, aiosmtpd), and
//! killed with SIGKILL in the middle of a send: the server has the message but has not said
//! so yet. After a restart on the same address nothing is lost, and the one message in flight
//! is the only one sent twice, with the same Message-ID both times. On SQLite always, and on
//! PostgreSQL when `REDRESS_TEST_POSTGRES_URL` names a server.

#[path = "support/serve.rs"]
mod serve;
#[path = "../../../tests/smtp/sink.rs"]
mod sink;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serve::{free_port, redress};
use sink::{SmtpSink, parse};

/// Starts `redress serve` in `dir` on `port` over `database`, sending through `smtp_url`.
fn serve(dir: &Path, database: &str, port: u16, smtp_url: &str) -> Child {
    let mut command = redress(dir);
    command
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--database", database])
        .args(["--smtp-url", smtp_url])
        .args(["--mail-from", "Complaints <complaints@mail.example.org>"])
        .env("RUST_LOG", "warn")
        .stderr(Stdio::inherit());
    serve::start(command)
}

fn http(port: u16, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.write_all(request.as_bytes()).expect("sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

/// A public complaint from `email`; returns its reference.
fn submit(port: u16, email: &str) -> String {
    let body = format!(
        r#"{{"kind":"complaint","channel":"web","complainant":{{"name":"A Parent","email":"{email}"}},"what_happened":"No call back."}}"#
    );
    let answer = http(
        port,
        &format!(
            "POST /api/v1/orgs/leeds-pps/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let start = answer.find("\"reference\":\"").expect("a reference") + 13;
    answer[start..start + answer[start..].find('"').expect("quote")].to_owned()
}

/// Whether every message of `reference` is marked sent, through the API.
fn all_sent(port: u16, token: &str, reference: &str) -> bool {
    let answer = http(
        port,
        &format!(
            "GET /api/v1/cases/{reference}/outbox HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    );
    answer.starts_with("HTTP/1.1 200")
        && answer.contains("\"state\":\"sent\"")
        && !answer.contains("\"state\":\"queued\"")
}

/// A new, empty PostgreSQL database's URL, or `None` (having said so) when no server is set.
fn postgres_database() -> Option<String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(redress_store::testing::postgres_url("mail_crash"))
}

#[test]
fn serve_killed_mid_send_loses_no_e_mail_and_sends_only_that_one_again() {
    killed_mid_send("sqlite:redress.db");
}

#[test]
fn serve_killed_mid_send_on_postgres_loses_no_e_mail_either() {
    if let Some(database) = postgres_database() {
        killed_mid_send(&database);
        drop_database(&database);
    }
}

fn drop_database(url: &str) {
    let (base, name) = url.rsplit_once('/').expect("a database URL");
    let admin =
        std::env::var("REDRESS_TEST_POSTGRES_URL").unwrap_or_else(|_| format!("{base}/postgres"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        if let Ok(pool) = sqlx::PgPool::connect(&admin).await {
            let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            sqlx::query(sqlx::AssertSqlSafe(statement))
                .execute(&pool)
                .await
                .ok();
            pool.close().await;
        }
    });
}

fn killed_mid_send(database: &str) {
    let sink = SmtpSink::start();
    sink.stall();
    let dir = tempfile::tempdir().expect("a directory");
    let port = free_port();
    let mut server = serve(dir.path(), database, port, &sink.url());
    let references: Vec<String> = (0..3)
        .map(|n| submit(port, &format!("parent{n}@example.org")))
        .collect();

    // The first confirmation is with the mail server, which has not answered yet: kill -9.
    sink.wait_until_stalled();
    server.kill().expect("SIGKILL");
    server.wait().expect("ended");
    assert_eq!(sink.messages().len(), 1, "one message reached the server");
    sink.release();

    let mut server = serve(dir.path(), database, port, &sink.url());
    let token = redress(dir.path())
        .args(["token", "create", "--user", "admin", "--database", database])
        .output()
        .expect("token created");
    assert!(token.status.success());
    let token = String::from_utf8(token.stdout)
        .expect("utf-8")
        .trim()
        .to_owned();
    let start = Instant::now();
    while !references.iter().all(|r| all_sent(port, &token, r)) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "every message is marked sent after the restart"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let received: Vec<_> = sink.messages().iter().map(|m| parse(m)).collect();
    let mut by_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for mail in &received {
        by_id.entry(&mail.message_id).or_default().push(&mail.to);
    }
    assert_eq!(by_id.len(), 3, "every confirmation arrived: {by_id:?}");
    assert_eq!(received.len(), 4, "one message twice, no more: {by_id:?}");
    let twice: Vec<_> = by_id.iter().filter(|(_, to)| to.len() == 2).collect();
    assert_eq!(twice.len(), 1, "{by_id:?}");
    assert_eq!(
        twice[0].1,
        &["parent0@example.org", "parent0@example.org"],
        "the one sent twice is the one that was in flight, under one Message-ID"
    );
    for (n, reference) in references.iter().enumerate() {
        let to = format!("parent{n}@example.org");
        let mail = received
            .iter()
            .find(|m| m.to == to)
            .expect("each person's e-mail");
        assert!(mail.subject.contains(reference), "{}", mail.subject);
        assert!(mail.message_id.ends_with("@mail.example.org"));
    }

    // A graceful stop still ends with exit code 0 with the worker running.
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    assert!(server.wait().expect("ended").success());
}
