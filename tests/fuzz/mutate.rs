//! The mutation engine of redress's fuzz tests (issue 11, item 7), shared by the crates' test
//! binaries through `#[path]`: a deterministic generator and byte- and token-level mutations of
//! a seed corpus, on the stable toolchain. A run is a fixed count of inputs, never a time:
//! `REDRESS_FUZZ_ITERATIONS` sets it (the long form), and a failure names the iteration and
//! seed that reproduce it. Inputs that once crashed are kept in `tests/fuzz/regressions/<target>/`
//! and replayed first by every run.

#![allow(dead_code, reason = "each test binary uses the parts it needs")]

use std::path::PathBuf;

/// A small, fast, deterministic generator (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// How many inputs a target gets: `REDRESS_FUZZ_ITERATIONS`, or `default` (the short run).
pub fn iterations(default: usize) -> usize {
    std::env::var("REDRESS_FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Tokens worth inserting: the syntax of TOML and JSON, numbers at the edges, and text that has
/// broken parsers before (NUL, bidi overrides, combining marks, huge exponents).
const TOKENS: &[&str] = &[
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    "[[",
    "]]",
    "=",
    ",",
    ":",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\\",
    "\\u0000",
    "\u{0}",
    "\u{202e}",
    "\u{2066}",
    "e\u{301}",
    "\u{feff}",
    "0",
    "-1",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "1e999",
    "-0",
    "NaN",
    "true",
    "null",
    "\"\"",
    "[]",
    "{}",
    "working days",
    "days",
    "weeks",
    "hours",
    "months",
    "years",
    "0 days",
    "999999999 years",
    "2026-02-29",
    "9999-12-31",
    "0000-01-01",
    "-",
    "#",
    "\"\"\"",
    "'''",
    "𝒳",
    "ﬀ",
    "İ",
];

/// One mutation of `input`, using `other` (another member of the corpus) for splices.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(8) {
            0 if !out.is_empty() => {
                let at = at.min(out.len() - 1);
                out[at] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            2 if !out.is_empty() => {
                let end = (at + 1 + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 if !out.is_empty() => {
                let end = (at + 1 + rng.below(256)).min(out.len());
                let copy = out[at.min(end)..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, copy);
            }
            4 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(512)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            5 => {
                let byte = rng.next() as u8;
                out.insert(at, byte);
            }
            6 if !out.is_empty() => {
                // Truncation: a file cut short.
                out.truncate(at);
            }
            _ => {
                let digits = rng.next().to_string();
                out.splice(at..at, digits.bytes());
            }
        }
    }
    out
}

/// The inputs kept for `target` because they once failed, oldest first by name.
pub fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("a regression input");
            (path.display().to_string(), bytes)
        })
        .collect()
}

/// Runs `check` on the regressions of `target`, then on `count` mutations of `corpus`. A panic
/// in `check` fails the test naming the input (as the iteration and seed, and the bytes).
pub fn run(
    target: &str,
    seed: u64,
    count: usize,
    corpus: &[Vec<u8>],
    mut check: impl FnMut(&[u8]),
) {
    for (name, input) in regressions(target) {
        run_one(target, &name, &input, &mut check);
    }
    for input in corpus {
        run_one(target, "a seed of the corpus", input, &mut check);
    }
    let mut rng = Rng(seed);
    for iteration in 0..count {
        let first = &corpus[rng.below(corpus.len())];
        let second = &corpus[rng.below(corpus.len())];
        let input = mutate(&mut rng, first, second);
        run_one(
            target,
            &format!("iteration {iteration} of seed {seed:#x}"),
            &input,
            &mut check,
        );
    }
}

fn run_one(target: &str, name: &str, input: &[u8], check: &mut impl FnMut(&[u8])) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(input)));
    if let Err(panic) = outcome {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        panic!(
            "fuzz target `{target}` failed on {name}: {message}\n\
             keep the input as a regression in tests/fuzz/regressions/{target}/; its bytes:\n{:?}",
            String::from_utf8_lossy(input)
        );
    }
}
