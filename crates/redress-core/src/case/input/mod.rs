//! The rules every value a person sends must keep, checked once, here, for every caller: the
//! public form, the JSON API, staff pages and simulation scripts all reach the decider, and the
//! decider parses what it is given before any procedure rule looks at it.
//!
//! Texts: no control characters but new lines and tabs (and only in texts that may run over
//! several lines), no bidirectional overrides or isolates (they make text read differently
//! from what it contains), and a length limit per field. Plus e-mail addresses, telephone
//! numbers and dates in a sensible range. `submission` turns a `Submission` into a
//! `ValidSubmission`; `command` applies the text rules to every text of every other command.

mod command;
mod submission;

use jiff::civil::{Date, date};

pub use command::check_texts;
pub(crate) use submission::refusal as submission_refusal;
pub use submission::{Submitter, ValidSubmission};

/// Whether a text may run over several lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One line: a name, an e-mail address. No new lines or tabs.
    Line,
    /// Paragraphs: new lines (`\n`, `\r\n`) and tabs are allowed.
    Block,
}

/// How long a text may be, in characters (Unicode scalar values), and its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// The most characters allowed.
    pub max: usize,
    /// One line or paragraphs.
    pub shape: Shape,
}

/// The limits, per kind of field. Generous for what a person might really write (a long letter
/// is about 10,000 characters), small enough that one case cannot fill a page of the log.
pub mod limits {
    use super::{Limit, Shape};

    /// `what_happened`: the complaint in the person's words, with room for a long letter typed
    /// out in full.
    pub const WHAT_HAPPENED: Limit = Limit {
        max: 20_000,
        shape: Shape::Block,
    };
    /// Other free texts a person gives: the outcome wanted, the support they need, the reasons
    /// they give for escalating.
    pub const TEXT: Limit = Limit {
        max: 10_000,
        shape: Shape::Block,
    };
    /// Texts staff write on a case: findings, reasons, summaries, notes. A full investigation
    /// report is longer than a complaint, so the same room as `what_happened`.
    pub const STAFF_TEXT: Limit = Limit {
        max: 20_000,
        shape: Shape::Block,
    };
    /// Names, relationships, member ids, the names of bodies: one line.
    pub const NAME: Limit = Limit {
        max: 200,
        shape: Shape::Line,
    };
    /// An e-mail address: 254 is the most SMTP carries (RFC 5321's path limit less the brackets).
    pub const EMAIL: Limit = Limit {
        max: 254,
        shape: Shape::Line,
    };
    /// A telephone number as typed, with spaces and brackets.
    pub const PHONE: Limit = Limit {
        max: 40,
        shape: Shape::Line,
    };
    /// A postal address, over several lines.
    pub const ADDRESS: Limit = Limit {
        max: 1_000,
        shape: Shape::Block,
    };
    /// A path parameter or query value: a reference, tracking token, organisation id,
    /// username, filter, search words or cursor (hex of a reference and an instant). One line.
    pub const PARAMETER: Limit = Limit {
        max: 500,
        shape: Shape::Line,
    };
    /// The most people one submission may name. The form offers fewer; a list this long is
    /// not a complaint about people but a list of staff.
    pub const PEOPLE_NAMED: usize = 20;
}

/// The earliest date anything in a case may be dated: earlier is a typing mistake.
pub const EARLIEST: Date = date(1900, 1, 1);

/// Why a value was not accepted, for programs; `Display` gives the plain words. The public
/// form maps each to its catalogue's wording; the decider's refusals use `Display`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Empty, or only spaces.
    #[error("must not be empty")]
    Empty,
    /// Over the field's limit.
    #[error("must be at most {max} characters")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// A control character (NUL, ESC, ...) other than a new line or tab in a text that may
    /// have them.
    #[error("must not contain control characters")]
    ControlCharacter,
    /// A new line or tab in a one-line text.
    #[error("must be on one line")]
    LineBreak,
    /// A bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069).
    #[error("must not contain characters that reorder text (bidirectional overrides)")]
    Bidi,
    /// Not an e-mail address.
    #[error("must be an e-mail address like name@example.org")]
    NotEmail,
    /// Not a telephone number.
    #[error(
        "must be a telephone number: 7 to 20 digits, with spaces, brackets, dashes or a leading +"
    )]
    NotPhone,
    /// After the day the feedback was received.
    #[error("cannot be dated after the day it was received")]
    Future,
    /// Before `EARLIEST`.
    #[error("cannot be dated before 1900")]
    TooEarly,
    /// The day they found out is before the day it happened.
    #[error("cannot be dated before the date it happened")]
    AwareBeforeEvent,
    /// More items than the list allows.
    #[error("must have at most {max} entries")]
    TooMany {
        /// The limit.
        max: usize,
    },
}

/// Bidirectional embeddings, overrides and isolates: they reorder how text is displayed, so a
/// complaint could read differently on screen from what was stored ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The characters a one-line text (`Shape::Line`) may not hold, as inclusive ranges: the
/// control characters (line breaks and tabs among them) and the bidirectional controls. The
/// API's OpenAPI document states its parameters' rule from this list.
pub const LINE_EXCLUDED: [(char, char); 4] = [
    ('\u{0}', '\u{1F}'),
    ('\u{7F}', '\u{9F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2066}', '\u{2069}'),
];

/// Checks a text against a limit: characters first (so a NUL is named as such however long
/// the text), then length. An empty text passes; use `required` when it must not be empty.
pub fn text(value: &str, limit: Limit) -> Result<(), Problem> {
    for c in value.chars() {
        if is_bidi_control(c) {
            return Err(Problem::Bidi);
        }
        let line_break = matches!(c, '\n' | '\r' | '\t');
        if line_break && limit.shape == Shape::Line {
            return Err(Problem::LineBreak);
        }
        if c.is_control() && !line_break {
            return Err(Problem::ControlCharacter);
        }
    }
    if value.chars().count() > limit.max {
        return Err(Problem::TooLong { max: limit.max });
    }
    Ok(())
}

/// `text`, and not empty or only spaces.
pub fn required(value: &str, limit: Limit) -> Result<(), Problem> {
    if value.trim().is_empty() {
        return Err(Problem::Empty);
    }
    text(value, limit)
}

/// An e-mail address, checked loosely: something, one `@`, a domain with a dot inside it, no
/// spaces. Whether it reaches anyone only sending can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses an address as typed (surrounding spaces are ignored).
    pub fn parse(value: &str) -> Result<Email, Problem> {
        let value = value.trim();
        text(value, limits::EMAIL)?;
        let Some((local, domain)) = value.split_once('@') else {
            return Err(Problem::NotEmail);
        };
        let plausible = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !value.chars().any(char::is_whitespace);
        if plausible {
            Ok(Email(value.to_owned()))
        } else {
            Err(Problem::NotEmail)
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A telephone number: 7 to 20 digits, with spaces, brackets, dashes and a leading `+`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Parses a number as typed (surrounding spaces are ignored).
    pub fn parse(value: &str) -> Result<Phone, Problem> {
        let value = value.trim();
        text(value, limits::PHONE)?;
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let plausible = (7..=20).contains(&digits)
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || " +()-".contains(c));
        if plausible {
            Ok(Phone(value.to_owned()))
        } else {
            Err(Problem::NotPhone)
        }
    }

    /// The number as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A date something happened: not before 1900 and not after `received`, the day the feedback
/// arrived (so "9999-12-31" cannot start a time limit that never ends).
pub fn past_date(value: Date, received: Date) -> Result<Date, Problem> {
    if value < EARLIEST {
        Err(Problem::TooEarly)
    } else if value > received {
        Err(Problem::Future)
    } else {
        Ok(value)
    }
}

/// The day someone found out about something is not before the day it happened.
pub fn awareness(happened: Date, aware: Date) -> Result<(), Problem> {
    if aware < happened {
        Err(Problem::AwareBeforeEvent)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_excluded_lists_exactly_the_characters_a_line_refuses() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let listed = LINE_EXCLUDED
                .iter()
                .any(|(first, last)| (*first..=*last).contains(&c));
            assert_eq!(
                text(&c.to_string(), limits::PARAMETER).is_err(),
                listed,
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn texts_refuse_control_and_bidi_characters_and_keep_their_limit() {
        let line = limits::NAME;
        let block = limits::TEXT;
        assert_eq!(text("Ann O'Neill", line), Ok(()));
        assert_eq!(text("one\ntwo\r\n\tthree", block), Ok(()));
        assert_eq!(text("one\ntwo", line), Err(Problem::LineBreak));
        assert_eq!(text("nul\0", block), Err(Problem::ControlCharacter));
        assert_eq!(text("esc\u{1b}[31m", block), Err(Problem::ControlCharacter));
        assert_eq!(text("c1\u{85}", block), Err(Problem::ControlCharacter));
        assert_eq!(text("abc\u{202E}fed", block), Err(Problem::Bidi));
        assert_eq!(text("abc\u{2066}x\u{2069}", block), Err(Problem::Bidi));
        assert_eq!(text("مرحبا", line), Ok(()));
        assert_eq!(text(&"é".repeat(200), line), Ok(()));
        assert_eq!(
            text(&"é".repeat(201), line),
            Err(Problem::TooLong { max: 200 })
        );
        assert_eq!(required("  \n ", block), Err(Problem::Empty));
    }

    #[test]
    fn emails_and_phone_numbers_are_checked_loosely() {
        assert!(Email::parse(" parent@example.org ").is_ok());
        for bad in [
            "not-an-email",
            "parent@example",
            "a b@c.org",
            "a@b@c.org",
            "@c.org",
            "a@.org",
            "a@org.",
        ] {
            assert_eq!(Email::parse(bad), Err(Problem::NotEmail), "{bad}");
        }
        assert!(Phone::parse("0191 561 7997").is_ok());
        assert!(Phone::parse("+44 (0)191 561-7997").is_ok());
        assert_eq!(Phone::parse("call me"), Err(Problem::NotPhone));
        assert_eq!(Phone::parse("123"), Err(Problem::NotPhone));
    }

    #[test]
    fn dates_are_between_1900_and_the_day_received() {
        let received = date(2026, 12, 1);
        assert_eq!(
            past_date(date(2026, 12, 1), received),
            Ok(date(2026, 12, 1))
        );
        assert_eq!(past_date(date(2026, 12, 2), received), Err(Problem::Future));
        assert_eq!(
            past_date(date(9999, 12, 31), received),
            Err(Problem::Future)
        );
        assert_eq!(
            past_date(date(1899, 12, 31), received),
            Err(Problem::TooEarly)
        );
    }
}
