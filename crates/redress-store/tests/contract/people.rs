//! Stories about what surrounds cases: the outbox, procedure versions, users, roles and tokens.

use redress_store::{NewUser, ProcedureVersion, Role, Store, StoreError};

use crate::Harness;
use crate::support::{CaseSpec, at, event, message, org};

pub async fn the_outbox_lists_pending_messages_oldest_first_until_sent(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    assert!(store.pending_outbox(10).await.expect("outbox").is_empty());
    let spec = CaseSpec {
        outbox_kinds: vec!["acknowledgement", "notice"],
        ..CaseSpec::complaint("leeds-pps", 100)
    };
    let reference = spec.create(&store).await;
    let mut commit = spec.commit(&reference, 1, vec![event("responded", 200)]);
    commit.outbox = vec![message(&reference, "response", 50)];
    store.append(commit).await.expect("append");

    let pending = store.pending_outbox(10).await.expect("outbox");
    let kinds: Vec<_> = pending
        .iter()
        .map(|message| message.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        ["response", "acknowledgement", "notice"],
        "oldest created first"
    );
    assert_eq!(
        pending[0],
        message(&reference, "response", 50),
        "stored as given, payload included"
    );
    assert_eq!(store.pending_outbox(2).await.expect("outbox").len(), 2);

    store
        .mark_sent(&pending[0].id, at(300))
        .await
        .expect("mark sent");
    store
        .mark_sent(&pending[0].id, at(400))
        .await
        .expect("marking again is harmless");
    let kinds: Vec<_> = store
        .pending_outbox(10)
        .await
        .expect("outbox")
        .into_iter()
        .map(|message| message.kind)
        .collect();
    assert_eq!(kinds, ["acknowledgement", "notice"]);
    let unknown = store.mark_sent("no-such-message", at(300)).await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
}

pub async fn procedures_are_kept_per_version(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let version = |label: &str, from: &str, text: &str| ProcedureVersion {
        org: org("leeds-pps"),
        version: label.to_owned(),
        effective_from: from.parse().expect("a date"),
        text: text.to_owned(),
    };
    let second = version(
        "2026-2",
        "2026-09-01",
        "[organisation]\nid = \"leeds-pps\" # v2\n",
    );
    let first = version(
        "2026-1",
        "2026-01-01",
        "[organisation]\nid = \"leeds-pps\"\n",
    );
    store.save_procedure(second.clone()).await.expect("save");
    store.save_procedure(first.clone()).await.expect("save");
    store
        .save_procedure(first.clone())
        .await
        .expect("saving the same text again is harmless");
    let changed = store
        .save_procedure(version("2026-1", "2026-01-01", "something else"))
        .await;
    assert!(
        matches!(changed, Err(StoreError::Duplicate(_))),
        "{changed:?}"
    );
    let moved = store
        .save_procedure(version("2026-1", "2026-02-01", &first.text))
        .await;
    assert!(matches!(moved, Err(StoreError::Duplicate(_))), "{moved:?}");

    assert_eq!(
        store.procedures(&org("leeds-pps")).await.expect("list"),
        [first, second],
        "oldest first"
    );
    assert!(
        store
            .procedures(&org("kings-park"))
            .await
            .expect("list")
            .is_empty()
    );
}

pub async fn users_roles_and_tokens(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    assert!(!store.has_users().await.expect("has users"));
    let admin = NewUser {
        username: "admin".to_owned(),
        display_name: "The Administrator".to_owned(),
        password_hash: Some("$argon2id$v=19$...".to_owned()),
    };
    store.add_user(admin.clone()).await.expect("add");
    assert!(store.has_users().await.expect("has users"));
    let again = store
        .add_user(NewUser {
            display_name: "Someone else".to_owned(),
            ..admin.clone()
        })
        .await;
    assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");
    store
        .add_user(NewUser {
            username: "robot".to_owned(),
            display_name: "Robot".to_owned(),
            password_hash: None,
        })
        .await
        .expect("a user without a password");

    store
        .grant("admin", &org("leeds-pps"), Role::FeedbackOfficer)
        .await
        .expect("grant");
    store
        .grant("admin", &org("kings-park"), Role::Reviewer)
        .await
        .expect("grant");
    store
        .grant("admin", &org("leeds-pps"), Role::Admin)
        .await
        .expect("a new role replaces the old");
    let user = store.user("admin").await.expect("user").expect("exists");
    assert_eq!(
        (user.username.as_str(), user.display_name.as_str()),
        ("admin", "The Administrator")
    );
    assert_eq!(user.password_hash, admin.password_hash);
    assert_eq!(
        user.roles,
        [
            (org("kings-park"), Role::Reviewer),
            (org("leeds-pps"), Role::Admin)
        ]
    );
    assert_eq!(store.user("nobody").await.expect("user"), None);
    let ungranted = store
        .grant("nobody", &org("leeds-pps"), Role::ReadOnly)
        .await;
    assert!(
        matches!(ungranted, Err(StoreError::NotFound)),
        "{ungranted:?}"
    );

    store
        .add_token("robot", &[9; 32], "nightly report")
        .await
        .expect("token");
    let robot = store
        .user_for_token(&[9; 32])
        .await
        .expect("lookup")
        .expect("the token's user");
    assert_eq!(
        (robot.username.as_str(), robot.password_hash),
        ("robot", None)
    );
    assert_eq!(store.user_for_token(&[8; 32]).await.expect("lookup"), None);
    let reused = store.add_token("admin", &[9; 32], "copy").await;
    assert!(
        matches!(reused, Err(StoreError::Duplicate(_))),
        "{reused:?}"
    );
    let orphan = store.add_token("nobody", &[7; 32], "orphan").await;
    assert!(matches!(orphan, Err(StoreError::NotFound)), "{orphan:?}");
}
