//! Stories about what surrounds cases: the outbox, procedure versions, users, roles and tokens.

use redress_store::{NewToken, NewUser, ProcedureVersion, Role, Store, StoreError};

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

    let id = store
        .add_token(token("robot", 9, "nightly report", 0, 90))
        .await
        .expect("token");
    assert_eq!(id, "090909090909", "the first 6 bytes of the hash");
    let robot = store
        .user_for_token(&[9; 32], at(1))
        .await
        .expect("lookup")
        .expect("the token's user");
    assert_eq!(
        (robot.username.as_str(), robot.password_hash),
        ("robot", None)
    );
    assert_eq!(
        store.user_for_token(&[8; 32], at(1)).await.expect("lookup"),
        None
    );
    let reused = store.add_token(token("admin", 9, "copy", 0, 90)).await;
    assert!(
        matches!(reused, Err(StoreError::Duplicate(_))),
        "{reused:?}"
    );
    let orphan = store.add_token(token("nobody", 7, "orphan", 0, 90)).await;
    assert!(matches!(orphan, Err(StoreError::NotFound)), "{orphan:?}");
}

/// A token whose hash is 32 bytes of `byte`, made at minute `made`, lasting `minutes`.
fn token(username: &str, byte: u8, label: &str, made: i64, minutes: i64) -> NewToken {
    NewToken {
        username: username.to_owned(),
        token_hash: [byte; 32],
        label: label.to_owned(),
        created: at(made),
        expires: at(made + minutes),
    }
}

pub async fn tokens_expire_are_revoked_and_listed_without_secrets(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    for name in ["ann", "bob"] {
        store
            .add_user(NewUser {
                username: name.to_owned(),
                display_name: name.to_owned(),
                password_hash: None,
            })
            .await
            .expect("add");
    }
    let short = store
        .add_token(token("ann", 1, "short", 0, 10))
        .await
        .expect("token");
    let long = store
        .add_token(token("ann", 2, "long", 1, 1000))
        .await
        .expect("token");
    let bobs = store
        .add_token(token("bob", 3, "bob's", 2, 1000))
        .await
        .expect("token");

    let user = |hash: u8, minute: i64| {
        let store = &store;
        async move {
            store
                .user_for_token(&[hash; 32], at(minute))
                .await
                .expect("lookup")
                .map(|u| u.username)
        }
    };
    assert_eq!(user(1, 9).await.as_deref(), Some("ann"));
    assert_eq!(user(1, 10).await, None, "expired at its instant");
    assert_eq!(user(2, 20).await.as_deref(), Some("ann"));
    assert_eq!(
        user(2, 20).await.as_deref(),
        Some("ann"),
        "used again within the minute"
    );

    store.revoke_token(&long, at(30)).await.expect("revoked");
    store.revoke_token(&long, at(40)).await.expect("again");
    assert_eq!(user(2, 31).await, None, "revoked");
    let missing = store.revoke_token("ffffffffffff", at(30)).await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");

    let listed = store.tokens(None).await.expect("list");
    let summary: Vec<_> = listed
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                t.username.as_str(),
                t.created,
                t.expires,
                t.last_used,
                t.revoked,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (short, "ann", at(0), Some(at(10)), Some(at(9)), None),
            (
                long.clone(),
                "ann",
                at(1),
                Some(at(1001)),
                Some(at(20)),
                Some(at(30))
            ),
            (bobs.clone(), "bob", at(2), Some(at(1002)), None, None),
        ]
    );
    let bobs_only = store.tokens(Some("bob")).await.expect("list");
    assert_eq!(bobs_only.len(), 1);
    assert_eq!(bobs_only[0].id, bobs);
    assert!(store.tokens(Some("nobody")).await.expect("list").is_empty());

    assert!(
        !store
            .user("ann")
            .await
            .expect("user")
            .expect("ann")
            .must_change_password,
        "no flag by default"
    );
    store
        .set_password("ann", "$argon2id$temporary", true)
        .await
        .expect("set");
    let ann = store.user("ann").await.expect("user").expect("ann");
    assert_eq!(ann.password_hash.as_deref(), Some("$argon2id$temporary"));
    assert!(ann.must_change_password);
    store
        .set_password("ann", "$argon2id$chosen", false)
        .await
        .expect("set");
    assert!(
        !store
            .user("ann")
            .await
            .expect("user")
            .expect("ann")
            .must_change_password
    );
    let nobody = store.set_password("nobody", "x", false).await;
    assert!(matches!(nobody, Err(StoreError::NotFound)), "{nobody:?}");
}
