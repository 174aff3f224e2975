//! `redress mail ingest` as a mail server's pipe runs it: the real binary, one message on
//! standard input, the exit code a mail server reads (0 stored, 65 refused), stored once. And
//! `serve` polling a real dovecot when `imap_url` is set, stopping cleanly on SIGTERM.

#[path = "../../redress-app/tests/mail_in/dovecot.rs"]
mod dovecot;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn ingest(dir: &Path, message: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_redress"))
        .current_dir(dir)
        .env_remove("REDRESS_DATABASE_URL")
        .env_remove("REDRESS_MAIL_ORG")
        .args([
            "--mail-org",
            "leeds-pps",
            "--mail-from",
            "Complaints <complaints@leeds.example.org>",
            "mail",
            "ingest",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("redress starts");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(message)
        .expect("the message is written");
    child.wait_with_output().expect("redress ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_piped_message_is_stored_once_and_junk_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let message = b"From: A Parent <parent@example.org>\r\nTo: complaints@leeds.example.org\r\n\
        Message-ID: <piped-1@example.org>\r\nSubject: Nobody called me back\r\n\
        Content-Type: text/html; charset=utf-8\r\n\r\n<p>I rang three times &amp; waited.</p><script>x()</script>\r\n";
    let first = ingest(dir.path(), message);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let stdout = text(&first.stdout);
    assert!(stdout.contains("stored: new case LPP-"), "{stdout}");
    assert!(dir.path().join("redress.db").exists());

    let again = ingest(dir.path(), message);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("stored before"),
        "{}",
        text(&again.stdout)
    );

    let reference = stdout
        .split_whitespace()
        .find(|word| word.starts_with("LPP-"))
        .expect("the reference")
        .trim_end_matches(',')
        .to_owned();
    let reply = format!(
        "From: parent@example.org\r\nMessage-ID: <piped-2@example.org>\r\n\
         Subject: Re: Your complaint [{reference}]\r\n\r\nThe calls were on Monday.\r\n"
    );
    let replied = ingest(dir.path(), reply.as_bytes());
    assert!(replied.status.success(), "{}", text(&replied.stderr));
    assert!(
        text(&replied.stdout).contains(&format!("information received on {reference}")),
        "{}",
        text(&replied.stdout)
    );

    let junk = ingest(dir.path(), b"\x00\x01\x02\xff\xfe binary junk");
    assert_eq!(junk.status.code(), Some(65), "{}", text(&junk.stdout));
    assert!(text(&junk.stderr).contains("refused: the input is not an e-mail message"));
}

#[tokio::test]
async fn serve_polls_the_mailbox_when_imap_url_is_set_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader};
    let imap = dovecot::Dovecot::start().await;
    let message = b"From: A Parent <parent@example.org>\r\nMessage-ID: <served-1@example.org>\r\n\
        Subject: The taxi did not come\r\n\r\nNobody told us.\r\n";
    imap.deliver("INBOX", message, "01-Dec-2026 09:15:00 +0000")
        .await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut server = Command::new(env!("CARGO_BIN_EXE_redress"))
        .current_dir(dir.path())
        .env_remove("REDRESS_DATABASE_URL")
        .env("RUST_LOG", "info")
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--mail-org",
            "leeds-pps",
            "--imap-interval",
            "3600",
        ])
        .arg("--imap-url")
        .arg(imap.url())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stderr = BufReader::new(server.stderr.take().expect("a pipe"));
    let (lines_tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    // The first poll runs at start: wait for the server to say it read the message.
    let mut seen = Vec::new();
    while !seen
        .iter()
        .any(|line: &String| line.contains("e-mail read"))
    {
        let line = lines
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("serve did not poll: {seen:#?}"));
        seen.push(line);
    }
    assert!(
        seen.iter()
            .any(|line| line.contains("e-mail became a new case")),
        "{seen:#?}"
    );
    assert_eq!(imap.count("INBOX").await, 0);
    assert_eq!(imap.count("Processed").await, 1);
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    assert!(server.wait().expect("serve ends").success());
    let rest: Vec<String> = lines.try_iter().collect();
    assert!(
        rest.iter()
            .any(|line| line.contains("stopped polling for e-mail")),
        "{rest:#?}"
    );
    // Secrets stay out of the log.
    assert!(
        !seen
            .iter()
            .chain(&rest)
            .any(|line| line.contains(dovecot::PASSWORD))
    );
}
