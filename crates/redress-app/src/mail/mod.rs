//! E-mail: what comes in (`parse`, `inbound`: reading a message and where it goes; `imap`:
//! fetching from a mailbox).

pub mod imap;
pub mod inbound;
pub mod parse;
