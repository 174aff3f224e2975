//! `redress mail ingest` as a mail server's pipe runs it: the real binary, one message on
//! standard input, the exit code a mail server reads (0 stored, 65 refused), stored once.

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
