//! Stories about case streams: numbering, appending, optimistic concurrency, read models.

use redress_store::{Store, StoreError};

use crate::Harness;
use crate::support::{CaseSpec, deadline, event, message, org};

pub async fn create_case_numbers_each_organisation_and_year_from_one(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let lpp = CaseSpec::complaint("leeds-pps", 0);
    assert_eq!(lpp.create(&store).await, "LPP-2026-0001");
    assert_eq!(lpp.create(&store).await, "LPP-2026-0002");

    let kpp = CaseSpec {
        prefix: "KPP",
        ..CaseSpec::complaint("kings-park", 0)
    };
    assert_eq!(
        kpp.create(&store).await,
        "KPP-2026-0001",
        "each organisation counts on its own"
    );
    assert_eq!(lpp.create(&store).await, "LPP-2026-0003");

    let next_year = store
        .create_case(&lpp.org, "LPP", 2027, |reference| {
            Ok::<_, String>(lpp.new_case(reference))
        })
        .await
        .expect("stored")
        .expect("built");
    assert_eq!(
        next_year, "LPP-2027-0001",
        "each year starts again from one"
    );
    let references = store.all_references().await.expect("references");
    assert_eq!(
        references,
        [
            "KPP-2026-0001",
            "LPP-2026-0001",
            "LPP-2026-0002",
            "LPP-2026-0003",
            "LPP-2027-0001"
        ]
    );
}

pub async fn a_failed_build_stores_nothing_and_keeps_the_number(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec {
        outbox_kinds: vec!["acknowledgement"],
        tracking_hash: Some([7; 32]),
        ..CaseSpec::complaint("leeds-pps", 0)
    };
    assert_eq!(spec.create(&store).await, "LPP-2026-0001");

    let mut offered = None;
    let refused = store
        .create_case(&spec.org, "LPP", 2026, |reference| {
            offered = Some(reference.to_owned());
            Err::<redress_store::NewCase, _>("the form was incomplete")
        })
        .await
        .expect("the store itself did not fail");
    assert_eq!(refused, Err("the form was incomplete"));
    assert_eq!(offered.as_deref(), Some("LPP-2026-0002"));
    assert_eq!(
        store.all_references().await.expect("references"),
        ["LPP-2026-0001"]
    );
    assert_eq!(store.load("LPP-2026-0002").await.expect("load"), None);
    assert_eq!(
        store.pending_outbox(10).await.expect("outbox").len(),
        1,
        "only the first case's message"
    );

    let second = CaseSpec {
        tracking_hash: Some([8; 32]),
        ..spec.clone()
    };
    assert_eq!(
        second.create(&store).await,
        "LPP-2026-0002",
        "the refused case did not use up a number"
    );
}

pub async fn appends_and_loads_in_order(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let reference = spec.create(&store).await;
    let first = store
        .load(&reference)
        .await
        .expect("load")
        .expect("the case exists");
    assert_eq!(first.org, org("leeds-pps"));
    assert_eq!(first.version(), 1);

    let more = vec![
        event("a letter arrived", 10),
        event("a phone call", 5),
        event("an e-mail", 20),
    ];
    store
        .append(spec.commit(&reference, 1, more.clone()))
        .await
        .expect("append at version 1");
    store
        .append(spec.commit(&reference, 4, vec![event("a fax", 30)]))
        .await
        .expect("append at version 4");

    let stream = store
        .load(&reference)
        .await
        .expect("load")
        .expect("the case exists");
    let mut expected = first.events.clone();
    expected.extend(more);
    expected.push(event("a fax", 30));
    assert_eq!(
        stream.events, expected,
        "events come back in the order appended, not by their instants"
    );
    assert_eq!(stream.version(), 5);
    assert_eq!(store.load("LPP-2026-9999").await.expect("load"), None);
}

pub async fn a_stale_append_is_a_conflict_and_stores_nothing(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let reference = spec.create(&store).await;
    store
        .append(spec.commit(&reference, 1, vec![event("first", 1)]))
        .await
        .expect("append");

    let mut stale = spec.commit(&reference, 1, vec![event("stale", 2)]);
    stale.outbox.push(message(&reference, "stale-letter", 2));
    stale.read_models.summary.status = "closed".to_owned();
    match store.append(stale).await {
        Err(StoreError::Conflict {
            reference: conflicted,
            expected: 1,
            actual: 2,
        }) => assert_eq!(conflicted, reference),
        other => panic!("expected a conflict at version 2, got {other:?}"),
    }
    let stream = store.load(&reference).await.expect("load").expect("exists");
    assert_eq!(stream.version(), 2);
    assert!(
        store.pending_outbox(10).await.expect("outbox").is_empty(),
        "the stale commit's message was not queued"
    );
    let page = store
        .list_cases(&filter_for("leeds-pps"))
        .await
        .expect("list");
    assert_eq!(
        page.cases[0].status, "open",
        "the stale commit's read model was not written"
    );

    let missing = store
        .append(spec.commit("LPP-2026-0404", 0, vec![event("lost", 1)]))
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
}

pub async fn concurrent_appends_on_one_version_let_exactly_one_win(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let reference = spec.create(&store).await;
    for round in 0..5_u64 {
        let version = 1 + round * 2;
        let racers = ["left", "right"].map(|side| {
            let (store, spec, reference) = (store.clone(), spec.clone(), reference.clone());
            let events = vec![
                event(&format!("{side} {round} a"), 1),
                event(&format!("{side} {round} b"), 2),
            ];
            tokio::spawn(async move {
                (
                    events.clone(),
                    store.append(spec.commit(&reference, version, events)).await,
                )
            })
        });
        let mut winners = Vec::new();
        for racer in racers {
            match racer.await.expect("the task ran") {
                (events, Ok(())) => winners.push(events),
                (
                    _,
                    Err(StoreError::Conflict {
                        expected, actual, ..
                    }),
                ) => {
                    assert_eq!((expected, actual), (version, version + 2));
                }
                (_, Err(other)) => panic!("expected success or a conflict, got {other:?}"),
            }
        }
        assert_eq!(
            winners.len(),
            1,
            "exactly one of two appends on version {version} wins"
        );
        let stream = store.load(&reference).await.expect("load").expect("exists");
        assert_eq!(stream.version(), version + 2);
        assert_eq!(
            stream.events[version as usize..],
            winners[0][..],
            "the stream holds the winner's events only"
        );
    }
}

pub async fn read_models_follow_each_commit(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let mut spec = CaseSpec::complaint("leeds-pps", 0);
    spec.deadlines = vec![
        deadline("response", 600, false),
        deadline("acknowledgement", 60, false),
    ];
    let reference = spec.create(&store).await;
    let deadlines = store.case_deadlines(&reference).await.expect("deadlines");
    let clocks: Vec<_> = deadlines.iter().map(|row| row.clock.as_str()).collect();
    assert_eq!(clocks, ["acknowledgement", "response"], "earliest first");
    assert_eq!(deadlines[0], spec.deadlines[1]);

    spec.deadlines = vec![deadline("response", 600, true)];
    spec.handler = Some("Co-ordinator");
    store
        .append(spec.commit(&reference, 1, vec![event("acknowledged", 30)]))
        .await
        .expect("append");
    assert_eq!(
        store.case_deadlines(&reference).await.expect("deadlines"),
        spec.deadlines
    );
    let summary = &store
        .list_cases(&filter_for("leeds-pps"))
        .await
        .expect("list")
        .cases[0];
    assert_eq!(*summary, spec.summary(&reference, 2));

    spec.status = "closed";
    spec.deadlines.clear();
    let mut rebuilt = spec.read_models(&reference, 99);
    rebuilt.summary.org = org("someone-else");
    store.replace_read_models(rebuilt).await.expect("replace");
    assert!(
        store
            .case_deadlines(&reference)
            .await
            .expect("deadlines")
            .is_empty()
    );
    let summary = &store
        .list_cases(&filter_for("leeds-pps"))
        .await
        .expect("list")
        .cases[0];
    assert_eq!(summary.status, "closed");
    assert_eq!(
        summary.version, 2,
        "the version is the stream's, whatever the caller said"
    );
    assert_eq!(
        summary.org,
        org("leeds-pps"),
        "the organisation is the stream's, whatever the caller said"
    );

    let unknown = store
        .replace_read_models(spec.read_models("LPP-2026-0404", 1))
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
    assert!(
        store
            .case_deadlines("LPP-2026-0404")
            .await
            .expect("deadlines")
            .is_empty()
    );
}

pub async fn a_tracking_hash_finds_its_case(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let tracked = CaseSpec {
        tracking_hash: Some([1; 32]),
        ..CaseSpec::complaint("leeds-pps", 0)
    };
    let reference = tracked.create(&store).await;
    CaseSpec::complaint("leeds-pps", 1).create(&store).await;
    assert_eq!(
        store.case_for_tracking(&[1; 32]).await.expect("lookup"),
        Some(reference)
    );
    assert_eq!(
        store.case_for_tracking(&[2; 32]).await.expect("lookup"),
        None
    );

    let reused = store
        .create_case(&tracked.org, "LPP", 2026, |reference| {
            Ok::<_, String>(tracked.new_case(reference))
        })
        .await;
    assert!(
        matches!(reused, Err(StoreError::Duplicate(_))),
        "a tracking token belongs to one case: {reused:?}"
    );
}

/// Lists one organisation's cases.
pub fn filter_for(org_id: &str) -> redress_store::CaseFilter {
    redress_store::CaseFilter {
        viewer: redress_store::Viewer::system(vec![org(org_id)]),
        ..Default::default()
    }
}
