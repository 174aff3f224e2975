//! What can go wrong when counting time, in words a person can act on.

use jiff::civil::Date;

use super::Duration;

/// What can go wrong when counting time.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// A date (or year) outside the bank-holiday data embedded in this build.
    #[error("no bank-holiday data for {date}: redress knows {first} to {last}")]
    OutOfRange {
        /// The date asked about (1 January for a year).
        date: Date,
        /// The first day the data covers.
        first: Date,
        /// The last day the data covers.
        last: Date,
    },
    /// A year outside the bank-holiday data embedded in this build.
    #[error("no bank-holiday data for {year}: redress knows {first} to {last}")]
    YearOutOfRange {
        /// The year asked about.
        year: i16,
        /// The first day the data covers.
        first: Date,
        /// The last day the data covers.
        last: Date,
    },
    /// Counting working days ran past the end of the data.
    #[error(
        "{working_days} working days after {from} falls after {last}, the last day redress has bank-holiday data for"
    )]
    CountPastData {
        /// The date counting started from (before moving to a working day).
        from: Date,
        /// How many working days were asked for.
        working_days: u32,
        /// The last day the data covers.
        last: Date,
    },
    /// A deadline so far away that no date can represent it.
    #[error("{duration} after {from} is beyond the last date redress can represent")]
    TooFar {
        /// The duration asked for.
        duration: Duration,
        /// Day 0 of the count.
        from: Date,
    },
    /// Text that is not a duration.
    #[error("bad duration \"{text}\": {reason}")]
    BadDuration {
        /// The text as given.
        text: String,
        /// What is wrong with it and what is accepted.
        reason: String,
    },
    /// Text that is not a region name.
    #[error("unknown region \"{text}\": expected england-and-wales, scotland or northern-ireland")]
    UnknownRegion {
        /// The text as given.
        text: String,
    },
}
