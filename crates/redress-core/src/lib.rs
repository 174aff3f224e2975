//! redress-core: the pure domain of complaints handling.
