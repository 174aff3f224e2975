//! Stories of tracking links for everyone and staff reminders: a tracking token replaced with
//! the events that say so, requests for a lost link counted, calendar feeds, and messages
//! queued at most once.

use redress_store::{NewUser, Store, StoreError};

use super::Harness;
use super::support::{CaseSpec, at, event, message};

pub async fn a_reissued_tracking_token_replaces_the_old_one_with_its_events(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let spec = CaseSpec {
        tracking_hash: Some([1; 32]),
        ..CaseSpec::complaint("leeds-pps", 0)
    };
    let reference = spec.create(&store).await;
    let mut commit = spec.commit(&reference, 1, vec![event("link issued", 5)]);
    commit.outbox = vec![message(&reference, "tracking-link", 5)];
    store
        .append_reissuing_tracking(commit, &[2; 32])
        .await
        .expect("reissue");
    assert_eq!(store.case_for_tracking(&[1; 32]).await.unwrap(), None);
    assert_eq!(
        store.case_for_tracking(&[2; 32]).await.unwrap(),
        Some(reference.clone())
    );
    let stream = store.load(&reference).await.unwrap().expect("the case");
    assert_eq!(stream.version(), 2);
    assert_eq!(store.pending_outbox(10).await.unwrap().len(), 1);

    // A stale version changes nothing: neither the events nor the token.
    let stale = spec.commit(&reference, 1, vec![event("again", 6)]);
    let refused = store.append_reissuing_tracking(stale, &[3; 32]).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict { .. })),
        "{refused:?}"
    );
    assert_eq!(
        store.case_for_tracking(&[2; 32]).await.unwrap(),
        Some(reference.clone())
    );
    assert_eq!(store.case_for_tracking(&[3; 32]).await.unwrap(), None);

    // A case created without a token gets one.
    let untracked = CaseSpec::complaint("leeds-pps", 1);
    let second = untracked.create(&store).await;
    store
        .append_reissuing_tracking(untracked.commit(&second, 1, vec![event("x", 7)]), &[4; 32])
        .await
        .expect("first token");
    assert_eq!(
        store.case_for_tracking(&[4; 32]).await.unwrap(),
        Some(second)
    );
}

pub async fn link_requests_are_counted_per_key_within_the_window(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let (address, case) = ([7; 32], [8; 32]);
    let counts = store
        .note_link_request(&[address, case], at(0), at(-60))
        .await
        .unwrap();
    assert_eq!(counts, vec![1, 1]);
    let counts = store
        .note_link_request(&[address], at(10), at(-50))
        .await
        .unwrap();
    assert_eq!(counts, vec![2]);
    let counts = store
        .note_link_request(&[address, case], at(20), at(-40))
        .await
        .unwrap();
    assert_eq!(counts, vec![3, 2]);
    // An hour after the first, the window no longer holds it.
    let counts = store
        .note_link_request(&[address, case], at(65), at(5))
        .await
        .unwrap();
    assert_eq!(counts, vec![3, 2], "the requests at 10 and 20 and this one");
}

pub async fn calendar_feeds_are_one_per_user_replaced_and_revoked(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    store
        .add_user(NewUser {
            username: "officer".to_owned(),
            display_name: "An Officer".to_owned(),
            password_hash: None,
        })
        .await
        .unwrap();
    assert!(!store.has_feed("officer").await.unwrap());
    store
        .set_feed("officer", Some(&[5; 32]), at(0))
        .await
        .unwrap();
    assert!(store.has_feed("officer").await.unwrap());
    assert_eq!(
        store.feed_user(&[5; 32]).await.unwrap().as_deref(),
        Some("officer")
    );
    store
        .set_feed("officer", Some(&[6; 32]), at(1))
        .await
        .unwrap();
    assert_eq!(store.feed_user(&[5; 32]).await.unwrap(), None);
    assert_eq!(
        store.feed_user(&[6; 32]).await.unwrap().as_deref(),
        Some("officer")
    );
    store.set_feed("officer", None, at(2)).await.unwrap();
    assert_eq!(store.feed_user(&[6; 32]).await.unwrap(), None);
    assert!(!store.has_feed("officer").await.unwrap());
    assert!(matches!(
        store.set_feed("nobody", Some(&[9; 32]), at(3)).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn a_message_queued_once_is_never_queued_again(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let digest = message("", "digest", 0);
    assert!(store.queue_once(digest.clone()).await.unwrap());
    assert!(!store.queue_once(digest.clone()).await.unwrap());
    store.mark_sent(&digest.id, at(1)).await.unwrap();
    assert!(
        !store.queue_once(digest).await.unwrap(),
        "sent already: still not again"
    );
    assert_eq!(store.pending_outbox(10).await.unwrap().len(), 0);
}
