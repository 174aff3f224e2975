//! The data generator: cases across the five shipped organisations, every kind each procedure
//! takes, received over the past year, with long texts and people named, written through
//! `App::submit` (the decider, the read models and the store's group commit) by staff recording
//! them. Deterministic: case `i` is the same on every run. Stages beyond receipt, outcomes and
//! closures are not generated yet.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context;
use redress_app::App;
use redress_app::auth::Actor;
use redress_app::clock::SystemClock;
use redress_app::procedures::Procedures;
use redress_core::case::Submission;
use redress_core::names::serde_name;
use redress_store::{AnyStore, Role};
use serde_json::json;

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
fn text(seed: usize, words: usize) -> String {
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

fn person(seed: usize) -> String {
    format!(
        "{} {}",
        FIRST[seed % FIRST.len()],
        LAST[(seed / 7) % LAST.len()]
    )
}

pub async fn run(database: &str, cases: usize, concurrency: usize) -> anyhow::Result<()> {
    let store = AnyStore::open(database)
        .await
        .context("opening the store")?;
    let app = App::start(store, Procedures::shipped(), Arc::new(SystemClock))
        .await
        .map_err(|error| anyhow::anyhow!("starting the app: {error}"))?;
    let orgs: Vec<_> = app.procedures().orgs().cloned().collect();
    // A second run into the same database finds the user there already.
    if app
        .add_user("bench", "Benchmark officer", Some("bench-password-123"))
        .await
        .is_ok()
    {
        for org in &orgs {
            app.grant("bench", org, Role::FeedbackOfficer)
                .await
                .map_err(|error| anyhow::anyhow!("granting: {error}"))?;
        }
    }
    let token = app
        .create_token("bench", "benchmark")
        .await
        .map_err(|error| anyhow::anyhow!("token: {error}"))?;
    // The generator acts as the officer who holds the roles each procedure names as deciding
    // or sending (the Co-ordinator, the Customer Feedback Manager, the Chairperson).
    let mut holds = Vec::new();
    for org in &orgs {
        let Some(loaded) = app.procedures().latest(org) else {
            continue;
        };
        let named = loaded.procedure.named_deciders();
        for role in named {
            if !holds.contains(&(org.clone(), role.clone())) {
                app.hold("bench", org, role.as_str())
                    .await
                    .map_err(|error| anyhow::anyhow!("holding: {error}"))?;
                holds.push((org.clone(), role));
            }
        }
    }
    let actor = Actor::User {
        username: "bench".to_owned(),
        roles: orgs
            .iter()
            .map(|org| (org.clone(), Role::FeedbackOfficer))
            .collect(),
        holds,
        member_ids: Vec::new(),
    };
    let next = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let now = jiff::Timestamp::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (app, actor, orgs, next, failures) =
                (app.clone(), actor.clone(), orgs.clone(), next.clone(), failures.clone());
            tokio::spawn(async move {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= cases {
                        break;
                    }
                    let org = &orgs[index % orgs.len()];
                    let Some(loaded) = app.procedures().latest(org) else {
                        continue;
                    };
                    let procedure = &loaded.procedure;
                    let kinds = &procedure.organisation.kinds;
                    let kind = &kinds[(index / orgs.len()) % kinds.len()];
                    let channels = &procedure.intake.channels;
                    let channel = &channels[index % channels.len()];
                    // Received over the past year, at a working-hours-ish minute.
                    let minutes_ago = (index.wrapping_mul(7_919) % (360 * 24 * 60)) as i64 + 60;
                    let at = now - jiff::SignedDuration::from_mins(minutes_ago);
                    let named: Vec<_> = (0..index % 4)
                        .map(|n| json!({ "name": person(index + n) }))
                        .collect();
                    let submission: Submission = match serde_json::from_value(json!({
                        "kind": serde_name(kind),
                        "channel": serde_name(channel),
                        "complainant": { "name": person(index), "email": format!("person{index}@example.org"), "phone": "0113 496 0000" },
                        "people_named": named,
                        "what_happened": text(index, 40 + index % 300),
                        "outcome_wanted": text(index + 1, 20),
                    })) {
                        Ok(submission) => submission,
                        Err(_) => {
                            failures.fetch_add(1, Ordering::Relaxed);
                            continue;
                        }
                    };
                    if let Err(error) = app.submit(&actor, org, submission, Some(at)).await
                        && failures.fetch_add(1, Ordering::Relaxed) < 5
                    {
                        eprintln!("case {index} ({org}, {kind:?}, {channel:?}): {error}");
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "cases": cases,
            "failed": failures.load(Ordering::Relaxed),
            "seconds": (seconds * 10.0).round() / 10.0,
            "per_second": (cases as f64 / seconds).round(),
            "token": token,
        })
    );
    Ok(())
}
