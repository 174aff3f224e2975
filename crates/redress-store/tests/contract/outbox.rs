//! Stories about the outbox's delivery state: claims, leases, failures, parking, retries and
//! secrets, as the mail-out worker uses them.

use std::collections::HashSet;

use redress_store::{Store, StoreError};

use crate::Harness;
use crate::support::{CaseSpec, at, message, org};

/// A case with outbox messages of `kinds`, created one minute apart from minute 0.
async fn case_with(store: &impl Store, kinds: Vec<&'static str>) -> String {
    CaseSpec {
        outbox_kinds: kinds,
        ..CaseSpec::complaint("leeds-pps", 0)
    }
    .create(store)
    .await
}

pub async fn a_claim_counts_the_attempt_and_leases_the_message(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let reference = case_with(&store, vec!["confirmation", "new-case"]).await;
    let first = store
        .claim_outbox(at(10), at(20), "worker-a")
        .await
        .expect("claim")
        .expect("a message is due");
    assert_eq!(first.message.kind, "confirmation", "oldest first");
    assert_eq!(first.attempts, 1, "the attempt is counted when claimed");
    assert_eq!(first.next_attempt_at, Some(at(20)), "leased until then");
    assert_eq!(first.org, Some(org("leeds-pps")), "the case's organisation");
    let second = store
        .claim_outbox(at(10), at(20), "worker-a")
        .await
        .expect("claim")
        .expect("the next message");
    assert_eq!(
        second.message.kind, "new-case",
        "a leased message is skipped"
    );
    assert!(
        store
            .claim_outbox(at(19), at(29), "worker-a")
            .await
            .expect("claim")
            .is_none(),
        "nothing is due while both are leased"
    );
    store
        .mark_sent(&second.message.id, at(11))
        .await
        .expect("sent");
    let again = store
        .claim_outbox(at(20), at(30), "worker-b")
        .await
        .expect("claim")
        .expect("the lease ran out: due again");
    assert_eq!(again.message.id, first.message.id);
    assert_eq!(again.attempts, 2);
    assert!(
        store
            .claim_outbox(at(29), at(39), "worker-b")
            .await
            .expect("claim")
            .is_none(),
        "a sent message is never claimed, and the other is leased again"
    );
    let listed = store.case_outbox(&reference).await.expect("listed");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1].sent_at, Some(at(11)));
    assert_eq!(listed[0].sent_at, None);
}

pub async fn failures_wait_until_their_retry_and_parked_messages_wait_for_an_admin(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let reference = case_with(&store, vec!["confirmation"]).await;
    let claimed = store
        .claim_outbox(at(1), at(60), "w")
        .await
        .expect("claim")
        .expect("due");
    let id = claimed.message.id.clone();
    store
        .outbox_failed(&id, "connection refused", Some(at(3)), at(1))
        .await
        .expect("failure recorded");
    assert!(
        store
            .claim_outbox(at(2), at(60), "w")
            .await
            .expect("claim")
            .is_none(),
        "not before its retry"
    );
    let retried = store
        .claim_outbox(at(3), at(60), "w")
        .await
        .expect("claim")
        .expect("due at its retry");
    assert_eq!(retried.attempts, 2);
    assert_eq!(retried.last_error.as_deref(), Some("connection refused"));
    store
        .outbox_failed(&id, "550 mailbox unavailable", None, at(4))
        .await
        .expect("parked");
    assert!(
        store
            .claim_outbox(at(10_000), at(10_060), "w")
            .await
            .expect("claim")
            .is_none(),
        "a parked message is never claimed"
    );
    let parked = store.parked_outbox().await.expect("parked list");
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].message.reference, reference);
    assert_eq!(parked[0].parked_at, Some(at(4)));
    assert_eq!(
        parked[0].last_error.as_deref(),
        Some("550 mailbox unavailable")
    );
    assert_eq!(
        store
            .outbox_entry(&id)
            .await
            .expect("entry")
            .map(|e| e.attempts),
        Some(2)
    );

    store.retry_outbox(&id, at(5)).await.expect("retried");
    assert!(store.parked_outbox().await.expect("parked list").is_empty());
    let again = store
        .claim_outbox(at(5), at(65), "w")
        .await
        .expect("claim")
        .expect("due at once after a retry");
    assert_eq!(again.attempts, 1, "attempts count from zero again");
    let not_parked = store.retry_outbox(&id, at(6)).await;
    assert!(
        matches!(not_parked, Err(StoreError::NotFound)),
        "{not_parked:?}"
    );
    let unknown = store.outbox_failed("no-such", "x", None, at(6)).await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
    store.mark_sent(&id, at(7)).await.expect("sent");
    store
        .outbox_failed(&id, "late failure report", None, at(8))
        .await
        .expect("a failure after sending changes nothing");
    let entry = store.outbox_entry(&id).await.expect("entry").expect("kept");
    assert_eq!(entry.sent_at, Some(at(7)));
    assert_eq!(entry.parked_at, None);
}

pub async fn a_secret_is_kept_until_sent_and_never_listed(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let reference = store
        .create_case(&spec.org, "LPP", 2026, |reference| {
            let mut case = spec.new_case(reference);
            let mut confirmation = message(reference, "confirmation", 0);
            confirmation.secret = Some("https://example.org/track/s3cret".to_owned());
            case.outbox.push(confirmation);
            Ok::<_, String>(case)
        })
        .await
        .expect("stored")
        .expect("built");
    let listed = store.case_outbox(&reference).await.expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].message.secret, None, "listings carry no secret");
    assert_eq!(
        store.pending_outbox(10).await.expect("pending")[0].secret,
        None
    );
    let claimed = store
        .claim_outbox(at(1), at(2), "w")
        .await
        .expect("claim")
        .expect("due");
    assert_eq!(
        claimed.message.secret.as_deref(),
        Some("https://example.org/track/s3cret"),
        "the claim carries it, to be put into the e-mail"
    );
    store
        .mark_sent(&claimed.message.id, at(1))
        .await
        .expect("sent");
    store.retry_outbox(&claimed.message.id, at(3)).await.ok();
    assert!(
        store
            .claim_outbox(at(100), at(101), "w")
            .await
            .expect("claim")
            .is_none(),
        "sent for good"
    );
    // The export (what leaves the store for another) holds no trace of the link either.
    let exported = store.export(&spec.org).await.expect("export");
    let text = serde_json::to_string(&exported).expect("json");
    assert!(!text.contains("s3cret"));
}

pub async fn a_restarted_claimant_gets_its_unfinished_claims_back(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    case_with(&store, vec!["one", "two", "three"]).await;
    let one = store
        .claim_outbox(at(5), at(500), "host:8080")
        .await
        .expect("claim")
        .expect("due");
    let two = store
        .claim_outbox(at(5), at(500), "other:8080")
        .await
        .expect("claim")
        .expect("due");
    let three = store
        .claim_outbox(at(5), at(500), "host:8080")
        .await
        .expect("claim")
        .expect("due");
    store
        .mark_sent(&three.message.id, at(6))
        .await
        .expect("sent");
    assert_eq!(
        store
            .release_claims("host:8080", at(7))
            .await
            .expect("released"),
        1,
        "only its own unsent claim"
    );
    let back = store
        .claim_outbox(at(7), at(500), "host:8080")
        .await
        .expect("claim")
        .expect("due");
    assert_eq!(back.message.id, one.message.id);
    assert_eq!(back.attempts, 2);
    assert!(
        store
            .claim_outbox(at(7), at(500), "host:8080")
            .await
            .expect("claim")
            .is_none(),
        "another claimant's lease stands: {}",
        two.message.id
    );
}

pub async fn concurrent_claims_never_hand_out_one_message_twice(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let kinds: Vec<&'static str> = vec!["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"];
    case_with(&store, kinds.clone()).await;
    let mut workers = Vec::new();
    for worker in 0..4 {
        let store = store.clone();
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(entry) = store
                .claim_outbox(at(60), at(6000), &format!("worker-{worker}"))
                .await
                .expect("claim")
            {
                mine.push(entry.message.id);
            }
            mine
        }));
    }
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.expect("worker"));
    }
    let distinct: HashSet<_> = all.iter().collect();
    assert_eq!(
        all.len(),
        kinds.len(),
        "every message claimed once: {all:?}"
    );
    assert_eq!(distinct.len(), kinds.len());
}
