//! How many working-day additions a calendar answers per second, over varied dates and counts.
//!
//! Run with `cargo bench -p redress-core --bench calendar`; criterion prints the throughput
//! as "elem/s" (one element = one `add_working_days` call). The target is at least ten
//! million additions per second on one core.

// criterion_group! generates a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jiff::civil::{Date, date};
use redress_core::calendar::{Calendar, Region};

/// A fixed, varied set of (date, n) pairs: dates spread over 2018–2029 (weekends and bank
/// holidays included), n from 0 to 60 working days, from a simple deterministic generator.
fn inputs(count: usize) -> Vec<(Date, u32)> {
    let first = date(2018, 1, 1);
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let offset = (state % 4380) as i64; // about 12 years of days
            let n = ((state >> 32) % 61) as u32;
            let day = first
                .checked_add(jiff::Span::new().days(offset))
                .expect("in range");
            (day, n)
        })
        .collect()
}

fn add_working_days(c: &mut Criterion) {
    let closures = [date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 30)];
    let calendar = Calendar::new(Region::EnglandAndWales, &closures);
    let inputs = inputs(10_000);
    let mut group = c.benchmark_group("calendar");
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("add_working_days", |b| {
        b.iter(|| {
            let mut checksum = 0i32;
            for &(day, n) in &inputs {
                let result = calendar.add_working_days(black_box(day), black_box(n));
                checksum = checksum.wrapping_add(result.map_or(0, |d| i32::from(d.day())));
            }
            black_box(checksum)
        })
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("new_calendar", |b| {
        b.iter(|| Calendar::new(black_box(Region::Scotland), black_box(&closures)))
    });
    group.finish();
}

criterion_group!(benches, add_working_days);
criterion_main!(benches);
