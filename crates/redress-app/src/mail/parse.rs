//! Reading one RFC 5322 message, however hostile, into plain facts: its Message-ID, sender,
//! subject, the Message-IDs of its thread, its text as sanitised plain text (an HTML body has
//! its tags stripped, scripts and styles dropped and entities decoded; it is never kept as HTML)
//! and its attachments. Limits first: a message or header block over its limit is refused with
//! the reason, before any MIME is parsed.

use mail_parser::{MessageParser, MimeHeaders};
use redress_core::case::input::{Email, is_bidi_control, limits};
use sha2::{Digest, Sha256};

/// How much of a message redress reads. Settings (`mail_max_message_bytes`,
/// `mail_max_header_bytes`, `mail_max_parts`) with defaults that fit real mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MailLimits {
    /// The largest message accepted, in bytes (default 40 MiB: a 25 MB attachment in base64
    /// fits; its size against the attachment limit is decided separately).
    pub max_message_bytes: usize,
    /// The largest header block accepted, in bytes (default 256 KiB).
    pub max_header_bytes: usize,
    /// The most MIME parts read (default 500).
    pub max_parts: usize,
}

impl Default for MailLimits {
    fn default() -> MailLimits {
        MailLimits {
            max_message_bytes: 40 * 1024 * 1024,
            max_header_bytes: 256 * 1024,
            max_parts: 500,
        }
    }
}

/// What redress takes from a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedMail {
    /// The Message-ID without angle brackets; for a message without one, `sha256-<hex>@redress`
    /// from its bytes, so the same message ingested twice is still recognised.
    pub message_id: String,
    /// The sender's address, when `From` holds one that core takes as an e-mail address.
    pub sender: Option<String>,
    /// The sender's display name, cleaned to one line.
    pub sender_name: Option<String>,
    /// The subject, one line (at most 500 characters).
    pub subject: String,
    /// Message-IDs from In-Reply-To and References, without brackets (at most 100).
    pub thread: Vec<String>,
    /// The body as sanitised plain text, at most core's limit for a staff text.
    pub text: String,
    /// Whether the text was cut to fit that limit.
    pub truncated: bool,
    /// The attachments, as found.
    pub attachments: Vec<Attachment>,
}

/// One attachment of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// Its file name, cleaned to one line (or `attachment-N`).
    pub name: String,
    /// The content type the sender declared (content sniffing decides what is kept).
    pub declared_type: String,
    /// Its decoded bytes.
    pub bytes: Vec<u8>,
}

/// Why a message was not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    /// Over `max_message_bytes`.
    #[error("the message is {size} bytes, over the limit of {max}")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// The header block is over `max_header_bytes`.
    #[error("the message's headers are over the limit of {max} bytes")]
    HeadersTooLarge {
        /// The limit.
        max: usize,
    },
    /// More MIME parts than `max_parts`.
    #[error("the message has {parts} MIME parts, over the limit of {max}")]
    TooManyParts {
        /// How many.
        parts: usize,
        /// The limit.
        max: usize,
    },
    /// Empty, or nothing a mail parser can read.
    #[error("the input is not an e-mail message")]
    NotAMessage,
}

/// The most characters of a subject kept.
const SUBJECT_MAX: usize = 500;
/// The most thread Message-IDs read.
const THREAD_MAX: usize = 100;

/// Reads a message within `limits`.
pub fn parse(raw: &[u8], limits: &MailLimits) -> Result<ParsedMail, Unreadable> {
    if raw.len() > limits.max_message_bytes {
        return Err(Unreadable::TooLarge {
            size: raw.len(),
            max: limits.max_message_bytes,
        });
    }
    if header_length(raw) > limits.max_header_bytes {
        return Err(Unreadable::HeadersTooLarge {
            max: limits.max_header_bytes,
        });
    }
    if !starts_with_a_header(raw) {
        return Err(Unreadable::NotAMessage);
    }
    let message = MessageParser::default()
        .parse(raw)
        .ok_or(Unreadable::NotAMessage)?;
    if message.parts.len() > limits.max_parts {
        return Err(Unreadable::TooManyParts {
            parts: message.parts.len(),
            max: limits.max_parts,
        });
    }
    // A message with no header at all is not mail (binary junk parses as a body).
    if message.headers().is_empty() {
        return Err(Unreadable::NotAMessage);
    }
    let message_id = message
        .message_id()
        .map(|id| one_line(id, limits::EMAIL.max))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| format!("sha256-{}@redress", hex::encode(Sha256::digest(raw))));
    let from = message.from().and_then(|address| address.first());
    let sender = from
        .and_then(|addr| addr.address())
        .and_then(|address| Email::parse(address).ok())
        .map(|email| email.as_str().to_owned());
    let sender_name = from
        .and_then(|addr| addr.name())
        .map(|name| one_line(name, limits::NAME.max))
        .filter(|name| !name.is_empty());
    let subject = one_line(message.subject().unwrap_or_default(), SUBJECT_MAX);
    let mut thread = Vec::new();
    for value in [message.in_reply_to(), message.references()] {
        let ids: Vec<&str> = match (value.as_text_list(), value.as_text()) {
            (Some(list), _) => list.iter().map(|id| id.as_ref()).collect(),
            (None, Some(id)) => vec![id],
            (None, None) => Vec::new(),
        };
        for id in ids {
            let id = one_line(id, limits::EMAIL.max);
            if !id.is_empty() && !thread.contains(&id) && thread.len() < THREAD_MAX {
                thread.push(id);
            }
        }
    }
    let body = match message.text_bodies().find(|part| !part.is_text_html()) {
        Some(part) => part.text_contents().unwrap_or_default().to_owned(),
        None => message
            .html_bodies()
            .next()
            .and_then(|part| part.text_contents())
            .map(html_to_text)
            .unwrap_or_default(),
    };
    let (text, truncated) = block(&body, limits::STAFF_TEXT.max);
    let attachments = message
        .attachments()
        .enumerate()
        .map(|(index, part)| Attachment {
            name: part
                .attachment_name()
                .map(|name| one_line(name, limits::NAME.max))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| format!("attachment-{}", index + 1)),
            declared_type: part
                .content_type()
                .map(|ct| {
                    one_line(
                        &format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("octet-stream")),
                        limits::NAME.max,
                    )
                })
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
            bytes: part.contents().to_vec(),
        })
        .collect();
    Ok(ParsedMail {
        message_id,
        sender,
        sender_name,
        subject,
        thread,
        text,
        truncated,
        attachments,
    })
}

/// Whether the input opens with a header field (`Name: value`, RFC 5322's field name of
/// printable ASCII), after an mbox `From ` line if a mail server's pipe put one first. Binary
/// junk does not, and mail parsers would otherwise read it as a body.
fn starts_with_a_header(raw: &[u8]) -> bool {
    let raw = if raw.starts_with(b"From ") {
        match raw.iter().position(|byte| *byte == b'\n') {
            Some(end) => &raw[end + 1..],
            None => return false,
        }
    } else {
        raw
    };
    let name_length = raw
        .iter()
        .take_while(|byte| (33..=126).contains(*byte) && **byte != b':')
        .count();
    name_length > 0 && raw.get(name_length) == Some(&b':')
}

/// The length of the header block: up to the first empty line, or the whole input.
fn header_length(raw: &[u8]) -> usize {
    let mut line_start = 0;
    for (index, byte) in raw.iter().enumerate() {
        if *byte == b'\n' {
            let line = &raw[line_start..index];
            if line.is_empty() || line == b"\r" {
                return line_start;
            }
            line_start = index + 1;
        }
    }
    raw.len()
}

/// HTML as plain text: tags stripped, `script`, `style` and `head` dropped, entities decoded
/// (mail-parser's converter), then cleaned like any other text.
pub fn html_to_text(html: &str) -> String {
    mail_parser::decoders::html::html_to_text(html)
}

/// A text cleaned to core's rules for one line: control characters, new lines and bidi
/// controls become spaces, runs of spaces one, at most `max` characters.
pub fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in text.chars() {
        if c.is_control() || c.is_whitespace() || is_bidi_control(c) {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out.chars().take(max).collect()
}

/// A text cleaned to core's rules for paragraphs: `\r\n` becomes `\n`, other control
/// characters and bidi controls are dropped, three or more new lines become two, trimmed, and
/// cut to `max` characters (with whether it was cut).
pub fn block(text: &str, max: usize) -> (String, bool) {
    let mut out = String::with_capacity(text.len().min(max * 4));
    let mut newlines = 0;
    for c in text.chars() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines <= 2 {
                    out.push('\n');
                }
            }
            '\t' => {
                newlines = 0;
                out.push('\t');
            }
            c if c.is_control() || is_bidi_control(c) => {}
            c => {
                newlines = 0;
                out.push(c);
            }
        }
    }
    let trimmed = out.trim();
    let count = trimmed.chars().count();
    if count <= max {
        (trimmed.to_owned(), false)
    } else {
        (trimmed.chars().take(max).collect(), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> ParsedMail {
        parse(raw.as_bytes(), &MailLimits::default()).expect("a message")
    }

    #[test]
    fn html_is_read_as_text_without_scripts_or_tags() {
        let mail = parsed(
            "From: A Parent <parent@example.org>\r\nSubject: Re: [LPP-2026-0007]\r\n\
             Content-Type: text/html; charset=utf-8\r\n\r\n\
             <html><head><style>p{}</style></head><body><script>alert('x')</script>\
             <p>Fish &amp; chips &lt;b&gt; &#8364;5</p><img src=x onerror=alert(1)></body></html>",
        );
        assert!(mail.text.contains("Fish & chips <b> €5"), "{:?}", mail.text);
        assert!(!mail.text.contains("alert"), "{:?}", mail.text);
        assert!(!mail.text.contains("<p>") && !mail.text.contains("<img"));
        assert_eq!(mail.sender.as_deref(), Some("parent@example.org"));
        assert_eq!(mail.sender_name.as_deref(), Some("A Parent"));
    }

    #[test]
    fn texts_keep_to_cores_rules() {
        let (text, cut) = block("a\u{202E}b\u{0}c\r\n\r\n\r\n\r\nd\u{1b}[31m", 100);
        assert_eq!(text, "abc\n\nd[31m");
        assert!(!cut);
        let (text, cut) = block(&"é".repeat(30), 10);
        assert_eq!(text.chars().count(), 10);
        assert!(cut);
        assert_eq!(one_line(" a\r\n\tb\u{2066} c ", 100), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc");
        let (text, _) = block("x\u{7}y\u{202A}\r\nz", 100);
        redress_core::case::input::text(&text, limits::STAFF_TEXT).expect("core accepts");
    }

    #[test]
    fn limits_refuse_before_parsing() {
        let limits = MailLimits {
            max_message_bytes: 1000,
            max_header_bytes: 100,
            max_parts: 3,
        };
        let big = format!("Subject: x\r\n\r\n{}", "a".repeat(1000));
        assert!(matches!(
            parse(big.as_bytes(), &limits),
            Err(Unreadable::TooLarge { .. })
        ));
        let headers = format!("Subject: {}\r\n\r\nbody", "a".repeat(200));
        assert_eq!(
            parse(headers.as_bytes(), &limits),
            Err(Unreadable::HeadersTooLarge { max: 100 })
        );
        for junk in [
            &b""[..],
            b"   \r\n",
            b"\x00\xff junk",
            b"no colon here\r\n\r\nbody",
            b": no name",
        ] {
            assert_eq!(
                parse(junk, &limits),
                Err(Unreadable::NotAMessage),
                "{junk:?}"
            );
        }
        let mbox = b"From someone@example.org Tue Dec  1 09:00:00 2026\r\nSubject: hi\r\n\r\nbody";
        assert_eq!(
            parse(mbox, &MailLimits::default()).expect("mail").subject,
            "hi"
        );
    }

    #[test]
    fn a_message_without_message_id_gets_one_from_its_bytes() {
        let one = parsed("From: a@example.org\r\nSubject: hello\r\n\r\nbody");
        let again = parsed("From: a@example.org\r\nSubject: hello\r\n\r\nbody");
        let other = parsed("From: a@example.org\r\nSubject: hello\r\n\r\nbody!");
        assert!(one.message_id.starts_with("sha256-"));
        assert_eq!(one.message_id, again.message_id);
        assert_ne!(one.message_id, other.message_id);
    }

    #[test]
    fn thread_ids_come_from_in_reply_to_and_references() {
        let mail = parsed(
            "From: a@example.org\r\nMessage-ID: <m1@example.org>\r\n\
             In-Reply-To: <abc@pips.example.org>\r\nReferences: <x@y> <abc@pips.example.org>\r\n\r\nhi",
        );
        assert_eq!(mail.message_id, "m1@example.org");
        assert_eq!(mail.thread, vec!["abc@pips.example.org", "x@y"]);
    }
}
