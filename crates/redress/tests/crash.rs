//! The crash test (issue 11): public submissions, staff actions and the outbox's sending run
//! concurrently against `redress serve` on SQLite while it is killed with SIGKILL at random
//! moments, `REDRESS_CRASH_ROUNDS` times (default 20; the long form is
//! `REDRESS_CRASH_ROUNDS=500 cargo test --release -p redress --test crash`). A round kills the
//! server once a random number of requests have been answered, so the kill lands wherever the
//! requests still in flight happen to be. Afterwards: every submission answered 2xx is present
//! and whole, every action answered 2xx is in its case, no case's events are torn (each stream
//! is `1..=n` and its read model is at version `n`), every outbox message is sent, `redress
//! rebuild` gives the same read models, and `PRAGMA integrity_check` says `ok`.
//! `REDRESS_CRASH_SEED` replays a run (the seed is printed).

#[path = "support/serve.rs"]
mod serve;
#[path = "../../../tests/smtp/sink.rs"]
mod sink;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serve::free_port;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sink::{SmtpSink, parse};
use sqlx::Row;

const SUBMITTERS: usize = 4;
const STAFF: usize = 2;

/// `redress` in `dir` on the test's SQLite file.
fn redress(dir: &Path) -> Command {
    let mut command = serve::redress(dir);
    command.args(["--database", "sqlite:redress.db"]);
    command
}

/// `redress serve` in `dir` on `port`, with the public rate limits out of the way (the test's
/// clients all come from 127.0.0.1), sending through `smtp_url`.
fn serve(dir: &Path, port: u16, smtp_url: &str) -> Child {
    let mut command = redress(dir);
    command
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--smtp-url", smtp_url])
        .args(["--mail-from", "Complaints <complaints@mail.example.org>"])
        .args(["--submissions-per-address-minute", "1000000"])
        .args(["--submissions-per-org-hour", "1000000"])
        .env("RUST_LOG", "error")
        .stderr(Stdio::null());
    serve::start(command)
}

/// One request; `None` when the server is gone (refused, reset or cut short).
fn http(port: u16, request: &str) -> Option<String> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    (!response.is_empty()).then_some(response)
}

fn post(port: u16, path: &str, token: Option<&str>, body: &str) -> Option<String> {
    let authorization = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    http(
        port,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\n{authorization}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn is_2xx(response: &str) -> bool {
    response.starts_with("HTTP/1.1 2")
}

fn reference_in(response: &str) -> String {
    let start = response.find("\"reference\":\"").expect("a reference") + 13;
    response[start..start + response[start..].find('"').expect("quote")].to_owned()
}

/// A small deterministic generator (SplitMix64): the kill moments come from the seed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

/// What the server acknowledged: submissions (reference, the unique text sent) and notes
/// (reference, the note's text).
#[derive(Default)]
struct Acknowledged {
    submissions: Vec<(String, String)>,
    notes: Vec<(String, String)>,
}

/// A public complaint whose text carries `marker`; `None` when the server is gone.
fn submit(port: u16, marker: &str, seen: &Mutex<Acknowledged>) -> Option<String> {
    let body = format!(
        r#"{{"kind":"complaint","channel":"web","complainant":{{"name":"A Parent","email":"{marker}@example.org"}},"what_happened":"Nobody called back ({marker})."}}"#
    );
    let answer = post(port, "/api/v1/orgs/leeds-pps/feedback", None, &body)?;
    if is_2xx(&answer) {
        let reference = reference_in(&answer);
        seen.lock()
            .expect("not poisoned")
            .submissions
            .push((reference, marker.to_owned()));
    }
    Some(answer)
}

/// A note on a case acknowledged earlier (a submission of its own first when there is none).
fn add_note(
    port: u16,
    token: &str,
    text: &str,
    pick: usize,
    seen: &Mutex<Acknowledged>,
) -> Option<String> {
    let target = {
        let seen = seen.lock().expect("not poisoned");
        let count = seen.submissions.len();
        (count > 0).then(|| seen.submissions[pick % count].0.clone())
    };
    let Some(reference) = target else {
        return submit(port, text, seen);
    };
    let body = format!(r#"{{"type":"add-note","text":"{text}"}}"#);
    let answer = post(
        port,
        &format!("/api/v1/cases/{reference}/actions"),
        Some(token),
        &body,
    )?;
    // 409: another client changed the case between its read and its write, which is allowed.
    assert!(
        is_2xx(&answer) || answer.starts_with("HTTP/1.1 409"),
        "{answer}"
    );
    if is_2xx(&answer) {
        seen.lock()
            .expect("not poisoned")
            .notes
            .push((reference, text.to_owned()));
    }
    Some(answer)
}

/// Starts the clients of round `round`; returns once the server has answered `answers`
/// requests, with the clients still running (they end at their first failed request, once the
/// caller has killed the server).
fn round(
    port: u16,
    token: &str,
    round: usize,
    answers: u64,
    seen: &Arc<Mutex<Acknowledged>>,
) -> Vec<std::thread::JoinHandle<()>> {
    let (answered, answered_rx) = mpsc::channel::<()>();
    let clients = (0..SUBMITTERS + STAFF)
        .map(|client| {
            let (seen, answered, token) = (seen.clone(), answered.clone(), token.to_owned());
            std::thread::spawn(move || {
                for n in 0usize.. {
                    let marker = format!("crash-{round}-{client}-{n}");
                    let answer = if client < SUBMITTERS {
                        submit(port, &marker, &seen)
                    } else {
                        add_note(port, &token, &marker, n * 7 + client, &seen)
                    };
                    let Some(answer) = answer else { return };
                    assert!(
                        !answer.starts_with("HTTP/1.1 5"),
                        "no request answers 5xx: {answer}"
                    );
                    // Once the round has had its answers nobody listens; keep going until killed.
                    answered.send(()).ok();
                }
            })
        })
        .collect();
    drop(answered);
    for _ in 0..answers {
        if answered_rx.recv().is_err() {
            break;
        }
    }
    clients
}

fn join(clients: Vec<std::thread::JoinHandle<()>>) {
    for client in clients {
        client.join().expect("a client did not panic");
    }
}

fn kill(server: &mut Child) {
    server.kill().expect("SIGKILL");
    server.wait().expect("ended");
}

/// Every row of the read-model tables, as text, in a stable order.
async fn read_models(pool: &sqlx::SqlitePool) -> Vec<String> {
    let mut rows = Vec::new();
    for table in [
        "cases",
        "case_deadlines",
        "case_access",
        "case_people",
        "case_matters",
        "case_learning",
        "open_groups",
        "open_due",
        "open_learning",
    ] {
        let columns: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT name FROM pragma_table_info('{table}')"
        )))
        .fetch_all(pool)
        .await
        .expect("columns")
        .iter()
        .map(|row| format!("quote({})", row.get::<String, _>(0)))
        .collect();
        let select = format!(
            "SELECT '{table}:' || {} AS row FROM {table} ORDER BY 1",
            columns.join(" || '|' || ")
        );
        let table_rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(select))
            .fetch_all(pool)
            .await
            .expect("rows");
        rows.extend(table_rows);
    }
    // The search index keeps no text (contentless since migration 0019): each case's row of
    // token counts per column stands for it.
    let search: Vec<String> = sqlx::query_scalar(
        "SELECT c.reference || ':' || hex(d.sz) FROM case_search_docsize d JOIN cases c ON c.id = d.id ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .expect("search rows");
    rows.extend(search);
    rows
}

#[test]
fn serve_killed_at_random_moments_keeps_everything_it_acknowledged_whole() {
    let rounds: usize = std::env::var("REDRESS_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("REDRESS_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("after 1970")
                .as_nanos() as u64
        });
    eprintln!("crash test: {rounds} rounds, REDRESS_CRASH_SEED={seed}");
    let mut random = Random(seed);
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().expect("a directory");
    let port = free_port();
    let mut server = serve(dir.path(), port, &sink.url());
    let token = redress(dir.path())
        .args(["token", "create", "--user", "admin"])
        .output()
        .expect("token created");
    assert!(token.status.success(), "{token:?}");
    let token = String::from_utf8(token.stdout)
        .expect("utf-8")
        .trim()
        .to_owned();
    let seen = Arc::new(Mutex::new(Acknowledged::default()));
    for n in 0..rounds {
        let clients = round(port, &token, n, 1 + random.below(40), &seen);
        kill(&mut server);
        join(clients);
        server = serve(dir.path(), port, &sink.url());
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let pool = runtime
        .block_on(sqlx::SqlitePool::connect(&format!(
            "sqlite:{}",
            dir.path().join("redress.db").display()
        )))
        .expect("the database opens");
    // The outbox drains after the last restart: wait for the worker, not for time to pass.
    let start = Instant::now();
    loop {
        let unsent: i64 = runtime
            .block_on(
                sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at_us IS NULL")
                    .fetch_one(&pool),
            )
            .expect("counted");
        if unsent == 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{unsent} message(s) still unsent"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    assert!(server.wait().expect("ended").success());

    let seen = seen.lock().expect("not poisoned");
    assert!(
        seen.submissions.len() >= rounds,
        "the rounds did work: {} submissions",
        seen.submissions.len()
    );
    assert!(
        !seen.notes.is_empty(),
        "staff actions were acknowledged too"
    );
    runtime.block_on(async {
        for (reference, marker) in &seen.submissions {
            let first: String =
                sqlx::query_scalar("SELECT data FROM events WHERE reference = $1 AND seq = 1")
                    .bind(reference)
                    .fetch_one(&pool)
                    .await
                    .unwrap_or_else(|_| panic!("acknowledged submission {reference} is there"));
            assert!(
                first.contains(marker.as_str()),
                "{reference} is whole: {first}"
            );
        }
        for (reference, text) in &seen.notes {
            let found: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM events WHERE reference = $1 AND data LIKE '%' || $2 || '%'",
            )
            .bind(reference)
            .bind(text)
            .fetch_one(&pool)
            .await
            .expect("counted");
            assert_eq!(found, 1, "acknowledged note {text} is on {reference} once");
        }
        let torn: Vec<String> = sqlx::query_scalar(
            "SELECT e.reference FROM events e LEFT JOIN cases c ON c.reference = e.reference \
             GROUP BY e.reference HAVING COUNT(*) != MAX(e.seq) OR MIN(e.seq) != 1 \
             OR MAX(c.version) IS NULL OR MAX(c.version) != MAX(e.seq)",
        )
        .fetch_all(&pool)
        .await
        .expect("checked");
        assert!(
            torn.is_empty(),
            "torn streams or stale read models: {torn:?}"
        );
        let unconfirmed: Vec<String> = sqlx::query_scalar(
            "SELECT e.reference FROM events e WHERE e.seq = 1 AND e.data LIKE '%@example.org%' \
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.reference = e.reference)",
        )
        .fetch_all(&pool)
        .await
        .expect("checked");
        assert!(
            unconfirmed.is_empty(),
            "cases with an address and no message in the outbox: {unconfirmed:?}"
        );
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM outbox")
            .fetch_all(&pool)
            .await
            .expect("ids");
        let received: std::collections::BTreeSet<String> = sink
            .messages()
            .iter()
            .map(|message| parse(message).message_id)
            .collect();
        for id in &ids {
            assert!(
                received.contains(&format!("{id}@mail.example.org")),
                "outbox message {id} reached the mail server"
            );
        }
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await
            .expect("checked");
        assert_eq!(integrity, "ok");
    });
    let before = runtime.block_on(read_models(&pool));
    let rebuilt = redress(dir.path())
        .arg("rebuild")
        .output()
        .expect("rebuild runs");
    assert!(rebuilt.status.success(), "{rebuilt:?}");
    let after = runtime.block_on(read_models(&pool));
    assert_eq!(before.len(), after.len());
    assert!(
        before == after,
        "redress rebuild gives the same read models"
    );
    eprintln!(
        "crash test: {} submissions and {} notes acknowledged, {} messages sent",
        seen.submissions.len(),
        seen.notes.len(),
        sink.messages().len()
    );
}
