//! E-mail out: the outbox rows written with the events are sent over SMTP by a [`Worker`]
//! (inside `redress serve` by default; [`Worker::run_once`] for tests and scripts), and the
//! e-mails redress itself writes (`compose`): to the person, a confirmation with their
//! reference, what happens next and their tracking link; to staff, a new case and an
//! assignment.
//!
//! Every outbox row that is an e-mail has the payload [`Payload`]
//! (`{to, subject, text, reply_to, letter}`); the worker sends it as it is, with the letter's
//! PDF attached when there is one, and the Message-ID `<{outbox id}@{domain of mail_from}>`, so
//! a message sent again after a crash is recognisable as the same one.
//!
//! Delivery: claim → send → mark sent, each step its own transaction (see ARCHITECTURE.md,
//! "Sending e-mail", for what a crash between any two steps does). A failed attempt waits
//! [`retry_delay`] (exponential, by the app's clock); after [`MAX_ATTEMPTS`] attempts, or at once
//! when the mail server refuses the message for good, it is parked until an admin retries it.
//!
//! E-mail in: `parse` reads a message, `inbound` decides where it goes (by core's rule),
//! `imap` fetches from a mailbox.

mod compose;
mod delivery;
pub mod imap;
pub mod inbound;
mod message;
pub mod parse;
mod settings;
mod worker;

pub use delivery::{Delivery, MailLine};
pub use message::{Payload, TRACKING_LINK};
pub(crate) use settings::Mail;
pub use settings::{LEASE, MAX_ATTEMPTS, MailSettings, SMTP_TIMEOUT, retry_delay};
pub use worker::{RunReport, Worker};
