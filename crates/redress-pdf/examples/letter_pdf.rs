//! Typesets the sample response letter of the tests: writes it to the path given (default
//! `letter.pdf`) and prints how long one PDF takes, averaged over a number of runs (default 20).
//!
//! `cargo run --release -p redress-pdf --example letter_pdf -- /tmp/letter.pdf 50`

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "letter.pdf".into());
    let runs: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let letter = common::response();
    let first = Instant::now();
    let pdf = redress_pdf::letter(&letter).expect("the sample letter typesets");
    let first = first.elapsed();
    let start = Instant::now();
    for n in 0..runs {
        // A different reference each time, so typst's memoisation cannot replay a whole letter.
        let mut letter = letter.clone();
        letter.reference = format!("LPP-2027-{:04}", 100 + n);
        letter.body = format!("{} ({n})", letter.body);
        redress_pdf::letter(&letter).expect("the sample letter typesets");
    }
    let each = start.elapsed() / runs.max(1);
    std::fs::write(&path, &pdf).expect("the PDF is written");
    println!(
        "{path}: {} bytes; first PDF {:.1} ms (fonts and library loaded), then {:.1} ms each over {runs} runs",
        pdf.len(),
        first.as_secs_f64() * 1e3,
        each.as_secs_f64() * 1e3
    );
}
