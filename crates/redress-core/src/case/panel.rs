//! Random panels: a reproducible draw from a member list, leaving out everyone excluded.
//!
//! The draw is a Fisher–Yates shuffle driven by SplitMix64 from a recorded seed, over the
//! eligible members sorted by id. Anyone holding the `PanelDrawn` event can run it again and get
//! the same panel, which is how a draw is shown to have been fair.

use super::command::Member;
use super::event::{Excluded, Fact};

/// SplitMix64: small, fast, and fully specified, so a draw is reproducible forever.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..bound` (rejection sampling, so no bias).
    fn below(&mut self, bound: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let value = self.next();
            if value < zone {
                return value % bound;
            }
        }
    }
}

/// Draws `size` members at random from `candidates` less `excluded`, reproducibly from `seed`.
/// Returns fewer than `size` only when fewer are eligible.
pub fn draw_panel(
    seed: u64,
    candidates: &[Member],
    excluded: &[Excluded],
    size: usize,
) -> Vec<Member> {
    let mut eligible: Vec<Member> = candidates
        .iter()
        .filter(|member| !excluded.iter().any(|e| e.member_id == member.id))
        .cloned()
        .collect();
    eligible.sort();
    eligible.dedup_by(|a, b| a.id == b.id);
    let mut random = SplitMix64(seed);
    let take = size.min(eligible.len());
    for i in 0..take {
        let j = i + random.below((eligible.len() - i) as u64) as usize;
        eligible.swap(i, j);
    }
    eligible.truncate(take);
    eligible
}

/// Whether a recorded `PanelDrawn` fact is what its seed and exclusions give.
pub fn verify_panel(fact: &Fact) -> bool {
    match fact {
        Fact::PanelDrawn {
            seed,
            candidates,
            excluded,
            drawn,
            ..
        } => draw_panel(*seed, candidates, excluded, drawn.len()) == *drawn,
        _ => false,
    }
}
