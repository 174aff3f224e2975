//! Europe/London civil time: the zone every deadline is counted in.

use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The Europe/London zone from the tz database bundled into the binary.
pub(crate) fn london() -> &'static TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        TimeZone::get("Europe/London")
            .expect("jiff's bundled tz database (feature tzdb-bundle-always) has Europe/London")
    })
}

/// The civil date in Europe/London at the instant `t` (BST-aware).
pub fn london_date(t: Timestamp) -> Date {
    t.to_zoned(london().clone()).date()
}

/// The first instant of `d` in Europe/London.
///
/// For dates so far out that jiff cannot represent them, saturates to
/// `Timestamp::MIN`/`Timestamp::MAX`.
pub fn start_of_day(d: Date) -> Timestamp {
    match d.to_zoned(london().clone()) {
        Ok(zoned) => zoned.timestamp(),
        Err(_) if d.year() < 0 => Timestamp::MIN,
        Err(_) => Timestamp::MAX,
    }
}

/// The instant a deadline on `d` passes: the first instant of the next day in
/// Europe/London (midnight UTC in winter, 23:00 UTC the day before in summer).
///
/// Saturates to `Timestamp::MAX` for the last representable date.
pub fn end_of_day(d: Date) -> Timestamp {
    match d.tomorrow() {
        Ok(next) => start_of_day(next),
        Err(_) => Timestamp::MAX,
    }
}

/// A date as people read it in letters and explanations: "Wed 30 Dec 2026".
pub fn format_date(d: Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

/// `d` as a letter writes it in `language`: "15 December 2026" (`en`), "15 Rhagfyr 2026"
/// (`cy`). Any other language is written in English. Letters are checked for their dates in
/// this form, so the letter templates and the decider's check agree.
pub fn long_date(d: Date, language: &str) -> String {
    const CY: [&str; 12] = [
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ];
    match language {
        "cy" => format!("{} {} {}", d.day(), CY[d.month() as usize - 1], d.year()),
        _ => d.strftime("%-d %B %Y").to_string(),
    }
}

/// A time of day in Europe/London with its zone abbreviation: "16:00 BST on Fri 16 Oct 2026".
pub(crate) fn format_instant(t: Timestamp) -> String {
    let zoned = t.to_zoned(london().clone());
    format!(
        "{} on {}",
        zoned.strftime("%H:%M %Z"),
        format_date(zoned.date())
    )
}
