//! A real SMTP server for tests: `tests/smtp/sink.py` (PyPI `aiosmtpd`) on 127.0.0.1, started
//! as a child process, writing each message it accepts to a directory read here. Included by
//! the web and the CLI test suites with `#[path]`.

#![allow(dead_code, reason = "each suite uses the part it needs")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

/// A running SMTP server and the messages it received. Stopped when dropped (its standard
/// input closes, so it also stops if the test process dies).
pub struct SmtpSink {
    child: Child,
    _stdin: ChildStdin,
    /// Its port on 127.0.0.1.
    pub port: u16,
    dir: tempfile::TempDir,
}

/// How long to wait for a real process to do something (not for time to pass).
const PATIENCE: Duration = Duration::from_secs(60);

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/smtp/sink.py")
}

impl SmtpSink {
    /// Starts a server on a free port.
    pub fn start() -> SmtpSink {
        SmtpSink::on(0)
    }

    /// Starts a server on `port` (0: a free one).
    pub fn on(port: u16) -> SmtpSink {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut child = Command::new("python3")
            .arg(script())
            .args(["--dir", &dir.path().join("mail").display().to_string()])
            .args(["--port", &port.to_string()])
            .args(["--stall", &dir.path().join("stall").display().to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs tests/smtp/sink.py");
        let stdin = child.stdin.take().expect("piped");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("the SMTP server says where it listens");
        let port = line
            .trim()
            .strip_prefix("listening on 127.0.0.1:")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                panic!("the SMTP server did not start (is aiosmtpd installed? `pip install aiosmtpd`; .ci/run does): {line:?}")
            });
        SmtpSink {
            child,
            _stdin: stdin,
            port,
            dir,
        }
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in order, as raw RFC 5322 text.
    pub fn messages(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.dir.path().join("mail")) else {
            return Vec::new();
        };
        let mut names: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("a message file"))
            .collect()
    }

    /// Waits (for the server and the sender, real processes) until at least `count` messages
    /// have arrived; panics after a minute.
    pub fn wait_for(&self, count: usize) -> Vec<String> {
        let start = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{} of {count} messages arrived",
                messages.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// From now on the server takes each message and then holds back its answer.
    pub fn stall(&self) {
        std::fs::write(self.dir.path().join("stall"), "").expect("stall file");
    }

    /// Lets a held-back answer go.
    pub fn release(&self) {
        std::fs::remove_file(self.dir.path().join("stall")).ok();
    }

    /// Waits until the server holds a message with its answer held back.
    pub fn wait_until_stalled(&self) {
        let start = Instant::now();
        while !self.dir.path().join("mail/stalled").exists() {
            assert!(start.elapsed() < PATIENCE, "no message arrived to stall on");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A received message, decoded.
pub struct Received {
    /// `Message-ID` without the angle brackets.
    pub message_id: String,
    /// `To`.
    pub to: String,
    /// `Subject`.
    pub subject: String,
    /// The plain-text body, decoded.
    pub text: String,
    /// Names of attachments.
    pub attachments: Vec<String>,
    /// The raw message.
    pub raw: String,
}

/// Decodes a raw message with mail-parser.
pub fn parse(raw: &str) -> Received {
    use mail_parser::MimeHeaders;
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .expect("a parseable message");
    Received {
        message_id: message.message_id().unwrap_or_default().to_owned(),
        to: message
            .to()
            .and_then(|to| to.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_owned(),
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
        attachments: message
            .attachments()
            .filter_map(|a| a.attachment_name().map(str::to_owned))
            .collect(),
        raw: raw.to_owned(),
    }
}
