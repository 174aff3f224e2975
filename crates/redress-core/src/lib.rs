//! redress-core: the pure domain of complaints handling.
pub mod calendar;
pub mod ids;
pub mod procedure;
pub mod case;
pub mod letters;
pub mod simulate;
