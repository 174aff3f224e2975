//! redress-core: the pure domain of complaints handling.
pub mod access;
pub mod calendar;
pub mod case;
pub mod codes;
pub mod conduct;
pub mod ids;
pub mod letters;
pub mod mail;
pub mod names;
pub mod procedure;
pub mod repeats;
pub mod report;
pub mod simulate;
