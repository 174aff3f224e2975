//! The audit log: entries appended with a change commit with it or not at all, many writers at
//! once leave one unbroken chain, and the chain read back verifies.

use redress_store::audit::{AuditEntry, ChainCheck};
use redress_store::{AuditHead, Store, StoreError};

use super::Harness;
use super::support::{CaseSpec, event};

const WRITERS: u64 = 16;
const APPENDS: u64 = 5;

fn entry(actor: &str, action: &str, reference: &str) -> AuditEntry {
    AuditEntry {
        at: jiff::Timestamp::from_second(1_780_000_000).expect("an instant"),
        actor: actor.to_owned(),
        action: action.to_owned(),
        reference: Some(reference.to_owned()),
        org: None,
        client: Some("192.0.2.7".to_owned()),
    }
}

async fn verdict(store: &impl Store) -> (u64, Vec<String>) {
    let head: AuditHead = store.audit_head().await.expect("the head");
    let mut walk = ChainCheck::default();
    let mut after = 0;
    loop {
        let page = store.audit_page(after, head.seq, 7).await.expect("a page");
        let Some(last) = page.last() else { break };
        after = last.seq;
        for record in &page {
            walk.push(record);
        }
    }
    let verdict = walk.finish(&head);
    (
        verdict.entries,
        verdict.problems.iter().map(ToString::to_string).collect(),
    )
}

pub async fn concurrent_changes_and_reads_leave_one_unbroken_chain(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let writers: Vec<_> = (0..WRITERS)
        .map(|_| {
            let (store, spec) = (store.clone(), spec.clone());
            tokio::spawn(async move {
                let reference = spec.create(&store).await;
                for round in 0..APPENDS {
                    let mut commit = spec.commit(
                        &reference,
                        1 + round,
                        vec![event(&format!("{reference} {round}"), 1)],
                    );
                    commit.audit = vec![entry("officer", "act: add-note", &reference)];
                    store.append(commit).await.expect("every append succeeds");
                    store
                        .record_audit(vec![
                            entry("officer", "read case", &reference),
                            entry("manager", "read case", &reference),
                        ])
                        .await
                        .expect("every read is recorded");
                }
                reference
            })
        })
        .collect();
    let mut references = Vec::new();
    for writer in writers {
        references.push(writer.await.expect("the writer ran"));
    }
    let (entries, problems) = verdict(&store).await;
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(entries, WRITERS * APPENDS * 3);
    let of_one = store
        .case_audit(&references[0], 100)
        .await
        .expect("a case's entries");
    assert_eq!(of_one.len() as u64, APPENDS * 3, "{of_one:?}");
    assert!(
        of_one.windows(2).all(|pair| pair[0].seq > pair[1].seq),
        "newest first"
    );
    assert!(
        of_one
            .iter()
            .all(|r| r.entry.reference.as_ref() == Some(&references[0]))
    );
}

pub async fn a_refused_change_leaves_no_audit_entry(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let reference = spec.create(&store).await;
    let mut stale = spec.commit(&reference, 0, vec![event("too late", 1)]);
    stale.audit = vec![entry("officer", "act: add-note", &reference)];
    let refused = store.append(stale).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict { .. })),
        "{refused:?}"
    );
    let mut unstorable = spec.commit(&reference, 1, vec![event("fine", 1)]);
    unstorable.audit = vec![entry("off\0icer", "act: add-note", &reference)];
    let refused = store.append(unstorable).await;
    assert!(
        matches!(refused, Err(StoreError::Unstorable(_))),
        "{refused:?}"
    );
    assert_eq!(
        store
            .load(&reference)
            .await
            .expect("load")
            .expect("exists")
            .version(),
        1
    );
    assert_eq!(verdict(&store).await, (0, Vec::new()));
    let mut kept = spec.commit(&reference, 1, vec![event("kept", 1)]);
    kept.audit = vec![entry("officer", "act: add-note", &reference)];
    store.append(kept).await.expect("the append");
    assert_eq!(verdict(&store).await, (1, Vec::new()));
}
