//! Stories of `Idempotency-Key`s: a case made once per key and organisation with the key in its
//! transaction, a replay that makes nothing, expiry, a failed build that records no key, and
//! racing requests with one key making one case.

use redress_store::{NewIdempotencyKey, Once, Store};

use super::Harness;
use super::support::{CaseSpec, at};

fn key(byte: u8, request: u8, minutes: i64) -> NewIdempotencyKey {
    NewIdempotencyKey {
        key_hash: [byte; 32],
        request_hash: [request; 32],
        sealed_token: vec![byte ^ 0xff; 32],
        at: at(minutes),
        // Keys count for an hour in these stories.
        expired_before: at(minutes - 60),
    }
}

async fn once(store: &impl Store, spec: &CaseSpec, key: NewIdempotencyKey, answer: &str) -> Once {
    store
        .create_case_once(&spec.org, spec.prefix, 2026, key, |reference| {
            Ok::<_, String>((spec.new_case(reference), format!("{answer} {reference}")))
        })
        .await
        .expect("the store accepts it")
        .expect("the build succeeds")
}

pub async fn a_key_makes_its_case_once_and_replays_its_answer_until_it_expires(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let Once::Created(first) = once(&store, &spec, key(1, 7, 0), "first").await else {
        panic!("the first use makes the case");
    };
    // The same key again, even with another request: nothing made, the first answer back.
    for request in [7, 8] {
        let replayed = once(&store, &spec, key(1, request, 30), "second").await;
        let Once::Replayed(found) = replayed else {
            panic!("a replay makes nothing: {replayed:?}");
        };
        assert_eq!(found.reference, first);
        assert_eq!(found.request_hash, [7; 32], "the first request's hash");
        assert_eq!(found.answer, format!("first {first}"));
        assert_eq!(found.sealed_token, vec![1 ^ 0xff; 32]);
    }
    assert_eq!(store.all_references().await.unwrap(), vec![first.clone()]);

    // Another organisation's key of the same bytes is its own.
    let other = CaseSpec {
        prefix: "TFC",
        ..CaseSpec::complaint("tfc-sunderland", 1)
    };
    assert!(matches!(
        once(&store, &other, key(1, 7, 31), "other").await,
        Once::Created(_)
    ));

    // Past its hour the key is gone: a new case, and the key now names it.
    let Once::Created(later) = once(&store, &spec, key(1, 7, 61), "later").await else {
        panic!("an expired key makes a new case");
    };
    assert_ne!(later, first);
    let Once::Replayed(found) = once(&store, &spec, key(1, 7, 62), "again").await else {
        panic!("the new key replays");
    };
    assert_eq!(found.reference, later);
}

pub async fn a_failed_build_records_no_key(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let failed = store
        .create_case_once(&spec.org, spec.prefix, 2026, key(2, 7, 0), |_| {
            Err::<(redress_store::NewCase, String), _>("refused".to_owned())
        })
        .await
        .expect("the store is fine");
    assert_eq!(failed, Err("refused".to_owned()));
    assert!(store.all_references().await.unwrap().is_empty());
    let Once::Created(reference) = once(&store, &spec, key(2, 7, 1), "made").await else {
        panic!("the key was not recorded, so it makes the case now");
    };
    assert!(
        reference.ends_with("-0001"),
        "the number was not used: {reference}"
    );
}

pub async fn racing_requests_with_one_key_make_one_case(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let mut racers = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let store = store.clone();
        let spec = spec.clone();
        racers.spawn(async move { once(&store, &spec, key(3, 7, 0), "raced").await });
    }
    let mut references = Vec::new();
    while let Some(answer) = racers.join_next().await {
        references.push(match answer.expect("the task ran") {
            Once::Created(reference) => reference,
            Once::Replayed(found) => found.reference,
        });
    }
    references.dedup();
    assert_eq!(references.len(), 1, "{references:?}");
    assert_eq!(store.all_references().await.unwrap(), references);
}
