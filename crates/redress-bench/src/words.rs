//! The words of generated cases: texts of any length and people's names, the same for the same
//! seed on every run. Names are made up from placeholder words, never anyone's.

const WORDS: &[&str] = &[
    "the",
    "meeting",
    "was",
    "cancelled",
    "again",
    "and",
    "nobody",
    "called",
    "back",
    "about",
    "my",
    "son's",
    "annual",
    "review",
    "plan",
    "letter",
    "school",
    "adviser",
    "waited",
    "weeks",
    "for",
    "a",
    "reply",
    "promised",
    "transport",
    "support",
    "hours",
    "office",
    "phone",
    "email",
];
const FIRST: &[&str] = &[
    "Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Morgan",
];
const LAST: &[&str] = &["Example", "Sample", "Placeholder", "Testcase", "Specimen"];

/// A text of about `words` words, different for each `seed`.
pub fn text(seed: usize, words: usize) -> String {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let mut out = Vec::with_capacity(words);
    for _ in 0..words {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        out.push(WORDS[(state >> 33) % WORDS.len()]);
    }
    let mut text = out.join(" ");
    text.push('.');
    text
}

/// A made-up name, different for nearby seeds.
pub fn person(seed: usize) -> String {
    format!(
        "{} {}",
        FIRST[seed % FIRST.len()],
        LAST[(seed / 7) % LAST.len()]
    )
}
