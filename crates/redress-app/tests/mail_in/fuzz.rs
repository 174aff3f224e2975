//! A fuzzing run of a fixed budget, on the stable toolchain: a deterministic mutation loop
//! (seeded byte and structure mutations of a corpus of real and hostile messages) through the
//! whole ingest path on an in-memory store. It asserts that ingest never panics or fails, and
//! that every outcome is one of stored (on a case, a new case, the triage queue, stored before)
//! or refused with a reason — and that what was stored keeps core's text rules.

use redress_app::mail::inbound::Ingested;
use redress_core::case::input::{limits, text};
use redress_store::{AnyStore, Store};

/// Iterations of the mutation loop: a count, never a time.
const ITERATIONS: u64 = 20_000;
/// The seed: the same run every time, so a failure names the iteration that reproduces it.
const SEED: u64 = 0x5eed_2026_0008;

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn crlf(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n").into_bytes()
}

/// MIME nested `depth` deep, a text part at the bottom.
fn nested(depth: usize) -> Vec<u8> {
    let mut text = String::from(
        "From: Deep <deep@example.org>\nMessage-ID: <deep@example.org>\nSubject: deep\nMIME-Version: 1.0\n",
    );
    for level in 0..depth {
        text.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{level}\"\n\n--b{level}\n"
        ));
    }
    text.push_str("Content-Type: text/plain\n\nat the bottom\n");
    for level in (0..depth).rev() {
        text.push_str(&format!("--b{level}--\n"));
    }
    crlf(&text)
}

/// The corpus: real-looking replies and new messages, and the hostile ones the issue names.
pub fn hostile_corpus() -> Vec<(String, Vec<u8>)> {
    let mut corpus: Vec<(String, Vec<u8>)> = vec![
        (
            "a reply".into(),
            crlf("From: A Parent <parent@example.org>\nMessage-ID: <r1@example.org>\nSubject: Re: Your complaint [LPP-2026-0001]\nIn-Reply-To: <abc@leeds.example.org>\nContent-Type: text/plain; charset=utf-8\n\nThank you.\n> quoted\n"),
        ),
        (
            "html with scripts".into(),
            crlf("From: x@example.org\nMessage-ID: <h1@example.org>\nSubject: hi\nContent-Type: text/html\n\n<script>alert(1)</script><style>b{}</style><p onclick=alert(2)>Hello &lt;there&gt; &#x1F600;</p><iframe src=javascript:alert(3)></iframe>\n"),
        ),
        (
            "wrong charset".into(),
            [
                crlf("From: x@example.org\nMessage-ID: <c1@example.org>\nSubject: =?x-no-such-charset?Q?caf=E9?=\nContent-Type: text/plain; charset=x-no-such-charset\n\n"),
                b"caf\xe9 cr\xe8me \xff\xfe\r\n".to_vec(),
            ]
            .concat(),
        ),
        (
            "missing charset, 8-bit".into(),
            [
                crlf("From: x@example.org\nMessage-ID: <c2@example.org>\nSubject: été\nContent-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n"),
                b"\xc0\xaf bad utf-8 \xed\xa0\x80 and \x00 NUL \x1b[31m\r\n".to_vec(),
            ]
            .concat(),
        ),
        (
            "bidi and controls in the subject".into(),
            crlf("From: =?utf-8?B?4oCuZXZpbA==?= <x@example.org>\nMessage-ID: <b1@example.org>\nSubject: =?utf-8?B?4oCuZ25pa2xhdwAK?=\n\nbody \u{202E}reversed\u{202C}\n"),
        ),
        ("MIME nested 100 deep".into(), nested(100)),
        (
            "multipart alternative with an attachment".into(),
            crlf("From: x@example.org\nMessage-ID: <m1@example.org>\nSubject: files\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"outer\"\n\n--outer\nContent-Type: multipart/alternative; boundary=\"inner\"\n\n--inner\nContent-Type: text/plain\n\nplain words\n--inner\nContent-Type: text/html\n\n<b>html words</b>\n--inner--\n--outer\nContent-Type: application/pdf; name=\"letter.pdf\"\nContent-Disposition: attachment; filename=\"../../etc/passwd\u{0}.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfsj6IK\n--outer--\n"),
        ),
        (
            "no body at all".into(),
            crlf("From: x@example.org\nMessage-ID: <e1@example.org>\nSubject:\n\n"),
        ),
        (
            "broken base64 and quoted-printable".into(),
            crlf("From: x@example.org\nMessage-ID: <q1@example.org>\nSubject: q\nContent-Type: multipart/mixed; boundary=z\n\n--z\nContent-Transfer-Encoding: base64\n\n!!!!====@@@@\n--z\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ=\n=0\n--z"),
        ),
    ];
    let mut huge = crlf("From: x@example.org\nMessage-ID: <hh@example.org>\nSubject: ");
    huge.extend(std::iter::repeat_n(b'a', 300 * 1024));
    huge.extend(crlf("\n\nbody\n"));
    corpus.push(("huge headers".into(), huge));
    let mut junk = Vec::new();
    let mut rng = Rng(7);
    while junk.len() < 4096 {
        let byte = (rng.next() >> 24) as u8;
        // Junk with no header line in it: no colon, no new line.
        if byte != b':' && byte != b'\n' && byte != b'\r' {
            junk.push(byte);
        }
    }
    corpus.push(("binary junk".into(), junk));
    corpus.push(("a 25 MB attachment".into(), big_attachment()));
    corpus
}

/// A message carrying a 25 MB attachment, base64-encoded (about 34 MB in all).
fn big_attachment() -> Vec<u8> {
    let mut raw = crlf(
        "From: Big <big@example.org>\nMessage-ID: <big@example.org>\nSubject: my evidence\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\nSee the attached video.\n--B\nContent-Type: video/mp4; name=\"evidence.mp4\"\nContent-Disposition: attachment; filename=\"evidence.mp4\"\nContent-Transfer-Encoding: base64\n\n",
    );
    // 25,000,000 bytes of zeros in base64: "AAAA" per three bytes, 76 characters a line.
    let line = [b'A'; 76];
    let lines = 25_000_000 / 57;
    for _ in 0..lines {
        raw.extend_from_slice(&line);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend(crlf("--B--\n"));
    raw
}

/// Tokens a structure mutation splices in.
const TOKENS: &[&str] = &[
    "\r\n",
    "\r\n\r\n",
    "\n\n",
    "--b0\r\n",
    "--outer--\r\n",
    "Content-Type: multipart/mixed; boundary=\"b0\"\r\n",
    "Content-Type: text/html; charset=x-bogus\r\n",
    "Content-Transfer-Encoding: base64\r\n",
    "Content-Transfer-Encoding: quoted-printable\r\n",
    "=?utf-8?B?",
    "=?iso-8859-1?Q?=E9?=",
    "?=",
    "<script>alert(1)</script>",
    "&#0;&#x202E;&amp;&lt;",
    "[LPP-2026-0001]",
    "[LPP-2026-9999]",
    "In-Reply-To: <nope@leeds.example.org>\r\n",
    "From: <parent@example.org>\r\n",
    "From: \"\" <>\r\n",
    "Message-ID: <>\r\n",
    "\u{202E}",
    "\0",
    "\u{FEFF}",
    ":",
    ";",
    "\"",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if !bytes.is_empty() => {
                let at = at.min(bytes.len() - 1);
                bytes[at] ^= 1 << rng.below(8);
            }
            1 => bytes.insert(at, (rng.next() >> 32) as u8),
            2 if !bytes.is_empty() => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            3 if !bytes.is_empty() => {
                let end = (at + rng.below(256)).min(bytes.len());
                let copy = bytes[at.min(end)..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy);
            }
            4 => bytes.truncate(at),
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
        }
    }
    bytes
}

#[tokio::test]
async fn ingest_survives_a_fixed_budget_of_mutated_hostile_mail() {
    let store = AnyStore::open("sqlite::memory:").await.expect("opens");
    let data = tempfile::tempdir().expect("a temporary directory");
    let (app, clock) = super::app(store, "2026-12-01 10:00", data.path()).await;
    // A case whose reference the corpus quotes, so replies reach a real case.
    let reference = super::case_from(&app, "parent@example.org").await;
    assert_eq!(reference, "LPP-2026-0001");
    let settings = super::settings();
    let corpus: Vec<(String, Vec<u8>)> = hostile_corpus()
        .into_iter()
        .filter(|(_, raw)| raw.len() < 1024 * 1024)
        .collect();
    let mut rng = Rng(SEED);
    let mut counts = std::collections::BTreeMap::<&str, u64>::new();
    for iteration in 0..ITERATIONS {
        let (name, seed) = &corpus[rng.below(corpus.len())];
        let mut raw = mutate(&mut rng, seed);
        // Half the messages get a Message-ID of their own, so the store path runs too, not
        // only the "stored before" answer.
        if rng.below(2) == 0 {
            let mut own = format!("Message-ID: <fuzz-{iteration}@example.org>\r\n").into_bytes();
            own.extend_from_slice(&raw);
            raw = own;
        }
        if iteration % 1000 == 0 {
            clock.advance(jiff::SignedDuration::from_mins(1));
        }
        let outcome = app
            .ingest_mail(&raw, None, &settings)
            .await
            .unwrap_or_else(|error| {
                panic!("iteration {iteration} (from {name:?}, seed {SEED:#x}): {error}")
            });
        let kind = match &outcome {
            Ingested::Information { .. } => "information",
            Ingested::NewCase { .. } => "new-case",
            Ingested::Triaged { reason, .. } => {
                assert!(
                    !reason.is_empty(),
                    "iteration {iteration}: triaged without a reason"
                );
                "triaged"
            }
            Ingested::AlreadyStored { .. } => "already-stored",
            Ingested::Refused { reason } => {
                assert!(
                    !reason.is_empty(),
                    "iteration {iteration}: refused without a reason"
                );
                "refused"
            }
        };
        *counts.entry(kind).or_default() += 1;
    }
    eprintln!("fuzz: {ITERATIONS} iterations: {counts:?}");
    // The run reached every outcome, so it tested more than the parser's refusals.
    for kind in [
        "information",
        "new-case",
        "triaged",
        "already-stored",
        "refused",
    ] {
        assert!(
            counts.get(kind).copied().unwrap_or(0) > 0,
            "no {kind}: {counts:?}"
        );
    }
    // Everything stored keeps core's text rules.
    let officer = super::officer();
    for mail in app.mail_queue(&officer).await.expect("the queue") {
        text(&mail.body, limits::STAFF_TEXT).expect("triaged text keeps core's rules");
        text(&mail.subject, limits::TEXT).expect("subjects keep core's rules");
        if let Some(reference) = &mail.reference
            && mail.route == "new-case"
        {
            let view = app.read_case(&officer, reference).await.expect("the case");
            let what = view.case.submission.expect("a submission").what_happened;
            text(&what, limits::WHAT_HAPPENED).expect("case text keeps core's rules");
        }
    }
    let stream = app
        .store()
        .load(&reference)
        .await
        .expect("loads")
        .expect("case");
    assert!(stream.events.len() > 1, "some replies reached the case");
}
