//! The `Rng` port: where random numbers come from (panel draws), beside `Clock`.
//!
//! Production uses [`SystemRng`], the operating system's random source; tests use [`FixedRng`]
//! so a draw is known in advance. No caller of the API or the pages ever supplies a seed: one
//! could search for a seed that draws the panel they want. The seed drawn is recorded in the
//! event, so anyone can re-run the draw and check it.

use std::sync::atomic::{AtomicU64, Ordering};

/// Gives random seeds.
pub trait Rng: Send + Sync + 'static {
    /// A fresh random 64-bit seed.
    fn seed(&self) -> u64;
}

/// The operating system's random source.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemRng;

impl Rng for SystemRng {
    fn seed(&self) -> u64 {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("the operating system's random source is available");
        u64::from_le_bytes(bytes)
    }
}

/// Seeds counting up from a fixed start, for tests.
#[derive(Debug)]
pub struct FixedRng(AtomicU64);

impl FixedRng {
    /// Seeds `first`, `first + 1`, ...
    pub fn new(first: u64) -> FixedRng {
        FixedRng(AtomicU64::new(first))
    }
}

impl Rng for FixedRng {
    fn seed(&self) -> u64 {
        self.0.fetch_add(1, Ordering::Relaxed)
    }
}
