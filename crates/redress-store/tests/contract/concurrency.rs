//! Many writers at once: every write that is told it succeeded is stored, in order, and a write
//! that fails or is refused beside others (on SQLite, in the same group commit) changes nothing
//! and costs the others nothing.

use std::collections::BTreeSet;

use redress_store::{Store, StoreError};

use super::Harness;
use super::support::{CaseSpec, event};

/// Writers at once, and appends each makes to its own case.
const WRITERS: u64 = 64;
const APPENDS: u64 = 10;

pub async fn sixty_four_concurrent_writers_all_succeed_in_order(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let creators: Vec<_> = (0..WRITERS)
        .map(|_| {
            let (store, spec) = (store.clone(), spec.clone());
            tokio::spawn(async move { spec.create(&store).await })
        })
        .collect();
    let mut references = Vec::new();
    for creator in creators {
        references.push(creator.await.expect("the creator ran"));
    }
    let distinct: BTreeSet<&String> = references.iter().collect();
    let expected: BTreeSet<String> = (1..=WRITERS)
        .map(|number| format!("LPP-2026-{number:04}"))
        .collect();
    assert_eq!(
        distinct,
        expected.iter().collect(),
        "every concurrent case has its own number, with no gaps"
    );

    let appenders: Vec<_> = references
        .iter()
        .map(|reference| {
            let (store, spec, reference) = (store.clone(), spec.clone(), reference.clone());
            tokio::spawn(async move {
                for round in 0..APPENDS {
                    let commit = spec.commit(
                        &reference,
                        1 + round,
                        vec![event(&format!("{reference} {round}"), 1)],
                    );
                    store.append(commit).await.expect("every append succeeds");
                }
            })
        })
        .collect();
    for appender in appenders {
        appender.await.expect("the appender ran");
    }
    for reference in &references {
        let stream = store.load(reference).await.expect("load").expect("exists");
        assert_eq!(stream.version(), 1 + APPENDS, "{reference}");
        let said: Vec<String> = stream.events[1..]
            .iter()
            .map(|event| match &event.fact {
                redress_core::case::Fact::InformationReceived { summary, .. } => summary.clone(),
                other => panic!("unexpected event {other:?}"),
            })
            .collect();
        let expected: Vec<String> = (0..APPENDS)
            .map(|round| format!("{reference} {round}"))
            .collect();
        assert_eq!(
            said, expected,
            "{reference}'s events are in the order written"
        );
    }
}

/// What one concurrent write came to.
#[derive(Debug)]
enum Outcome {
    Appended,
    Created(String),
    Refused,
    Conflict { expected: u64, actual: u64 },
    NotFound,
}

pub async fn failed_and_refused_writes_beside_others_change_nothing(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let mut references = Vec::new();
    for _ in 0..8 {
        references.push(spec.create(&store).await);
    }
    // Forty writes at once of five kinds: a good append, a stale one, one to a missing case, a
    // new case and a new case whose build refuses.
    let writes: Vec<_> = (0..40_usize)
        .map(|index| {
            let (store, spec) = (store.clone(), spec.clone());
            let reference = references[index % references.len()].clone();
            tokio::spawn(async move {
                match index % 5 {
                    0 => {
                        // Each case gets exactly one good append, at version 1.
                        let commit = spec.commit(&reference, 1, vec![event("good", 1)]);
                        store.append(commit).await.map(|()| Outcome::Appended)
                    }
                    1 => {
                        let commit = spec.commit(&reference, 7, vec![event("stale", 1)]);
                        match store.append(commit).await {
                            Err(StoreError::Conflict {
                                expected, actual, ..
                            }) => Ok(Outcome::Conflict { expected, actual }),
                            other => other.map(|()| Outcome::Appended),
                        }
                    }
                    2 => {
                        let commit = spec.commit("LPP-2026-0999", 0, vec![event("lost", 1)]);
                        match store.append(commit).await {
                            Err(StoreError::NotFound) => Ok(Outcome::NotFound),
                            other => other.map(|()| Outcome::Appended),
                        }
                    }
                    3 => store
                        .create_case(&spec.org, spec.prefix, 2026, |reference| {
                            Ok::<_, String>(spec.new_case(reference))
                        })
                        .await
                        .map(|built| Outcome::Created(built.expect("this build succeeds"))),
                    _ => store
                        .create_case(&spec.org, spec.prefix, 2026, |_| {
                            Err::<redress_store::NewCase, _>("refused".to_owned())
                        })
                        .await
                        .map(|built| {
                            assert_eq!(built, Err("refused".to_owned()));
                            Outcome::Refused
                        }),
                }
            })
        })
        .collect();
    let mut created = BTreeSet::new();
    for (index, write) in writes.into_iter().enumerate() {
        let outcome = write.await.expect("the write ran").expect("no store error");
        match (index % 5, outcome) {
            (0, Outcome::Appended) | (2, Outcome::NotFound) | (4, Outcome::Refused) => {}
            (1, Outcome::Conflict { expected, actual }) => {
                assert_eq!(expected, 7);
                assert!(actual == 1 || actual == 2, "the version then: {actual}");
            }
            (3, Outcome::Created(reference)) => {
                created.insert(reference);
            }
            (kind, outcome) => panic!("write {index} (kind {kind}) came to {outcome:?}"),
        }
    }
    // The refused builds gave their numbers back, so the eight new cases are 9 to 16.
    let expected: BTreeSet<String> = (9..=16).map(|n| format!("LPP-2026-{n:04}")).collect();
    assert_eq!(created, expected);
    let all = store.all_references().await.expect("references");
    assert_eq!(all.len(), 16, "{all:?}");
    for reference in &references {
        let stream = store.load(reference).await.expect("load").expect("exists");
        assert_eq!(
            stream.version(),
            2,
            "{reference}: the one good append, nothing else"
        );
    }
    assert_eq!(store.load("LPP-2026-0999").await.expect("load"), None);
}
