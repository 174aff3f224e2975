//! An outbox row as an e-mail: the payload contract, and the RFC 5322 message built from it
//! (From, To, Reply-To, Subject, Date, Message-ID, a plain-text body and the letter's PDF).

use jiff::Timestamp;
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use redress_letters::RenderedLetter;
use redress_store::OutboxMessage;
use serde::{Deserialize, Serialize};

/// Where a secret (the tracking link) goes in a message's text; replaced by the row's secret
/// when it is sent, so the link itself is never part of the stored payload.
pub const TRACKING_LINK: &str = "{{tracking_link}}";

/// The payload of every outbox row that is an e-mail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    /// The address it goes to.
    pub to: String,
    /// The subject, carrying the case reference in square brackets.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// Where replies should go instead of `mail_from`.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// A letter to attach as a PDF.
    #[serde(default)]
    pub letter: Option<RenderedLetter>,
}

impl Payload {
    /// Reads a stored payload; the error says what is missing.
    pub fn read(payload: &serde_json::Value) -> Result<Payload, String> {
        serde_json::from_value(payload.clone())
            .map_err(|error| format!("not an e-mail: the payload {error}"))
    }

    /// The payload as stored.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a payload is plain data")
    }
}

/// Why a message could not be built: never worth trying again unchanged.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Unsendable(pub(crate) String);

/// The e-mail for an outbox row, from `from`, dated `date`, with the Message-ID
/// `<{id}@{domain}>`; the row's secret put in place of [`TRACKING_LINK`].
pub(crate) fn build(
    message: &OutboxMessage,
    from: &Mailbox,
    domain: &str,
    date: Timestamp,
) -> Result<Message, Unsendable> {
    let payload = Payload::read(&message.payload).map_err(Unsendable)?;
    let mailbox = |field: &str, text: &str| {
        text.parse::<Mailbox>()
            .map_err(|error| Unsendable(format!("{field} `{text}` is not an address: {error}")))
    };
    let mut text = payload.text.clone();
    let mut letter = payload.letter.clone();
    let needs_secret = text.contains(TRACKING_LINK)
        || letter
            .as_ref()
            .is_some_and(|l| l.body.contains(TRACKING_LINK));
    if needs_secret {
        let secret = message.secret.as_deref().ok_or_else(|| {
            Unsendable("the message needs its tracking link, which is no longer stored".into())
        })?;
        text = text.replace(TRACKING_LINK, secret);
        if let Some(letter) = letter.as_mut() {
            letter.body = letter.body.replace(TRACKING_LINK, secret);
        }
    }
    let mut builder = Message::builder()
        .from(from.clone())
        .to(mailbox("to", &payload.to)?)
        .subject(payload.subject.clone())
        .date(std::time::SystemTime::from(date))
        .message_id(Some(format!("<{}@{domain}>", message.id)));
    if let Some(reply_to) = payload.reply_to.as_deref() {
        builder = builder.reply_to(mailbox("reply_to", reply_to)?);
    }
    let body = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(text);
    let built = match letter {
        None => builder.singlepart(body),
        Some(letter) => {
            let pdf = redress_pdf::letter(&letter)
                .map_err(|error| Unsendable(format!("the letter's PDF: {error}")))?;
            let name = format!("{}-{}.pdf", letter.reference, letter.kind);
            let content_type = ContentType::parse("application/pdf").expect("a valid MIME type");
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(body)
                    .singlepart(Attachment::new(name).body(pdf, content_type)),
            )
        }
    };
    built.map_err(|error| Unsendable(format!("the message: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(payload: serde_json::Value, secret: Option<&str>) -> OutboxMessage {
        OutboxMessage {
            id: "0f6d7c4e-1111-4222-8333-944455556666".into(),
            reference: "LPP-2026-0001".into(),
            kind: "confirmation".into(),
            recipient: Some("parent@example.org".into()),
            payload,
            created_at: Timestamp::UNIX_EPOCH,
            secret: secret.map(str::to_owned),
        }
    }

    fn from() -> Mailbox {
        "Complaints <complaints@mail.example.org>"
            .parse()
            .expect("valid")
    }

    #[test]
    fn a_message_carries_its_outbox_id_and_the_link_in_place() {
        let payload = Payload {
            to: "parent@example.org".into(),
            subject: "Your complaint [LPP-2026-0001]".into(),
            text: format!("Your link: {TRACKING_LINK}\n"),
            reply_to: Some("office@example.org".into()),
            letter: None,
        };
        let message = build(
            &row(payload.to_json(), Some("https://x.example/track/abc")),
            &from(),
            "mail.example.org",
            Timestamp::UNIX_EPOCH,
        )
        .expect("built");
        let text = String::from_utf8(message.formatted()).expect("utf-8");
        assert!(
            text.contains("Message-ID: <0f6d7c4e-1111-4222-8333-944455556666@mail.example.org>"),
            "{text}"
        );
        assert!(text.contains("Reply-To: office@example.org"), "{text}");
        assert!(text.contains("https://x.example/track/abc"), "{text}");
        assert!(!text.contains(TRACKING_LINK), "{text}");
    }

    #[test]
    fn what_cannot_be_sent_says_why() {
        let error = |payload: serde_json::Value, secret: Option<&str>| {
            build(
                &row(payload, secret),
                &from(),
                "mail.example.org",
                Timestamp::UNIX_EPOCH,
            )
            .expect_err("unsendable")
            .0
        };
        assert!(error(serde_json::json!({"letter": {}}), None).contains("not an e-mail"));
        let bad_to = serde_json::json!({"to": "nobody", "subject": "s", "text": "t"});
        assert!(error(bad_to, None).contains("to `nobody`"));
        let needs = serde_json::json!({"to": "a@b.example", "subject": "s", "text": TRACKING_LINK});
        assert!(error(needs, None).contains("tracking link"));
    }
}
