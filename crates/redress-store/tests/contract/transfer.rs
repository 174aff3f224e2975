//! Stories about moving data out and back: export, import and backup.

use redress_store::{AnyStore, Store, StoreError};

use crate::cases::filter_for;
use crate::support::{CaseSpec, event};
use crate::{Harness, support};

pub async fn export_then_import_reproduces_every_case(harness: &mut impl Harness) {
    let source = harness.fresh().await;
    let leeds = CaseSpec::complaint("leeds-pps", 0);
    let tracked = CaseSpec {
        tracking_hash: Some([3; 32]),
        received_minutes: 1,
        ..leeds.clone()
    };
    let first = tracked.create(&source).await;
    source
        .append(tracked.commit(&first, 1, vec![event("more", 5), event("and more", 6)]))
        .await
        .expect("append");
    let second = leeds.create(&source).await;
    let kings = CaseSpec {
        prefix: "KPP",
        ..CaseSpec::complaint("kings-park", 2)
    };
    kings.create(&source).await;

    let exported = source
        .export(&support::org("leeds-pps"))
        .await
        .expect("export");
    let positions: Vec<_> = exported
        .iter()
        .map(|event| (event.reference.as_str(), event.seq))
        .collect();
    assert_eq!(
        positions,
        [
            (first.as_str(), 1),
            (first.as_str(), 2),
            (first.as_str(), 3),
            (second.as_str(), 1)
        ]
    );
    assert_eq!(
        exported[0].tracking_hash.as_deref(),
        Some("03".repeat(32).as_str()),
        "hex, on the first event"
    );
    assert!(
        exported[1..]
            .iter()
            .all(|event| event.tracking_hash.is_none())
    );
    assert_eq!(exported[0].actor.as_deref(), Some("officer"));

    let target = harness.fresh().await;
    target
        .import(exported.clone(), Vec::new())
        .await
        .expect("import");
    assert_eq!(
        target.all_references().await.expect("references"),
        [first.clone(), second.clone()]
    );
    for reference in [&first, &second] {
        assert_eq!(
            target.load(reference).await.expect("load"),
            source.load(reference).await.expect("load")
        );
    }
    assert_eq!(
        target
            .export(&support::org("leeds-pps"))
            .await
            .expect("export"),
        exported
    );
    assert_eq!(
        target.case_for_tracking(&[3; 32]).await.expect("lookup"),
        Some(first.clone())
    );

    // The caller rebuilds read models after an import; until then the list is empty.
    assert!(
        target
            .list_cases(&filter_for("leeds-pps"))
            .await
            .expect("list")
            .cases
            .is_empty()
    );
    target
        .replace_read_models(tracked.read_models(&first, 3))
        .await
        .expect("rebuild");
    target
        .replace_read_models(leeds.read_models(&second, 1))
        .await
        .expect("rebuild");
    let listed = target
        .list_cases(&filter_for("leeds-pps"))
        .await
        .expect("list");
    let source_listed = source
        .list_cases(&filter_for("leeds-pps"))
        .await
        .expect("list");
    assert_eq!(listed, source_listed);

    let again = target.import(exported, Vec::new()).await;
    assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");
    assert_eq!(
        target.all_references().await.expect("references").len(),
        2,
        "a refused import adds nothing"
    );
    assert_eq!(
        leeds.create(&target).await,
        "LPP-2026-0003",
        "new cases are numbered after imported ones"
    );
}

pub async fn backup_writes_a_copy_that_opens_as_a_store<H: Harness>(harness: &mut H) {
    let store = harness.fresh().await;
    let spec = CaseSpec {
        tracking_hash: Some([5; 32]),
        ..CaseSpec::complaint("leeds-pps", 0)
    };
    let reference = spec.create(&store).await;
    store
        .append(spec.commit(&reference, 1, vec![event("after", 1)]))
        .await
        .expect("append");
    let path = harness.scratch().join("backup.db");

    let result = store.backup(&path).await;
    if !H::BACKUP_COPIES {
        let error = result.expect_err("this database is backed up by its own tools");
        assert!(
            error.to_string().contains("pg_dump"),
            "the refusal says what to use: {error}"
        );
        return;
    }
    result.expect("backup");
    let copy = AnyStore::open(&path.display().to_string())
        .await
        .expect("the backup opens as a store");
    assert_eq!(
        copy.load(&reference).await.expect("load"),
        store.load(&reference).await.expect("load")
    );
    assert_eq!(
        copy.list_cases(&filter_for("leeds-pps"))
            .await
            .expect("list"),
        store
            .list_cases(&filter_for("leeds-pps"))
            .await
            .expect("list")
    );
    assert_eq!(
        copy.case_for_tracking(&[5; 32]).await.expect("lookup"),
        Some(reference)
    );

    let overwrite = store.backup(&path).await;
    assert!(
        matches!(overwrite, Err(StoreError::Duplicate(_))),
        "a backup never overwrites a file: {overwrite:?}"
    );
}
