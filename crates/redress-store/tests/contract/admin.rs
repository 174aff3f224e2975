//! Stories about what the staff administration pages need: the list of users, revoking roles,
//! members' confirmations per procedure version, and the cases received in a period.

use redress_store::{NewUser, ProcedureVersion, Role, Store, StoreError};

use crate::Harness;
use crate::support::{CaseSpec, at, org};

/// A listed user as the story compares it: username, display name, roles.
type Listed<'a> = (&'a str, &'a str, &'a [(redress_core::ids::OrgId, Role)]);

fn user(username: &str, display_name: &str) -> NewUser {
    NewUser {
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        password_hash: Some(format!("$argon2id$v=19$hash-of-{username}")),
    }
}

fn version(org_id: &str, label: &str, from: &str) -> ProcedureVersion {
    ProcedureVersion {
        org: org(org_id),
        version: label.to_owned(),
        effective_from: from.parse().expect("a date"),
        text: format!("[organisation]\nid = \"{org_id}\" # {label}\n"),
    }
}

pub async fn users_are_listed_with_their_roles_and_roles_are_revoked(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    assert!(store.users().await.expect("users").is_empty());
    for (username, name) in [
        ("zoe", "Zoë Officer"),
        ("amir", "Amir Chair"),
        ("kim", "Kim"),
    ] {
        store.add_user(user(username, name)).await.expect("add");
    }
    store
        .grant("zoe", &org("leeds-pps"), Role::FeedbackOfficer)
        .await
        .expect("grant");
    store
        .grant("zoe", &org("kings-park-pp"), Role::ReadOnly)
        .await
        .expect("grant");
    store
        .grant("amir", &org("kings-park-pp"), Role::Admin)
        .await
        .expect("grant");

    let users = store.users().await.expect("users");
    let listed: Vec<Listed> = users
        .iter()
        .map(|u| {
            (
                u.username.as_str(),
                u.display_name.as_str(),
                u.roles.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (
                "amir",
                "Amir Chair",
                &[(org("kings-park-pp"), Role::Admin)][..]
            ),
            ("kim", "Kim", &[][..]),
            (
                "zoe",
                "Zoë Officer",
                &[
                    (org("kings-park-pp"), Role::ReadOnly),
                    (org("leeds-pps"), Role::FeedbackOfficer)
                ][..]
            ),
        ],
        "by username, roles by organisation"
    );
    assert_eq!(
        users[2],
        store.user("zoe").await.expect("user").expect("exists"),
        "the list agrees with reading one user"
    );

    store
        .revoke("zoe", &org("kings-park-pp"))
        .await
        .expect("revoke");
    store
        .revoke("zoe", &org("kings-park-pp"))
        .await
        .expect("revoking a role the user no longer has changes nothing");
    store
        .revoke("kim", &org("leeds-pps"))
        .await
        .expect("a user without roles stays without");
    let zoe = store.user("zoe").await.expect("user").expect("exists");
    assert_eq!(zoe.roles, [(org("leeds-pps"), Role::FeedbackOfficer)]);
    let nobody = store.revoke("nobody", &org("leeds-pps")).await;
    assert!(matches!(nobody, Err(StoreError::NotFound)), "{nobody:?}");
}

pub async fn confirmations_are_kept_per_version_and_the_first_stands(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let first = version("kings-park-pp", "1", "2024-01-01");
    let second = version("kings-park-pp", "2", "2026-09-01");
    store.save_procedure(first.clone()).await.expect("save");
    store.save_procedure(second.clone()).await.expect("save");
    for (username, name) in [("amir", "Amir Chair"), ("zoe", "Zoë Member")] {
        store.add_user(user(username, name)).await.expect("add");
    }
    let kings_park = org("kings-park-pp");
    assert!(
        store
            .confirmations(&kings_park, "1")
            .await
            .expect("list")
            .is_empty()
    );

    store
        .confirm_read(&kings_park, "1", "zoe", at(10))
        .await
        .expect("confirm");
    store
        .confirm_read(&kings_park, "1", "amir", at(20))
        .await
        .expect("confirm");
    store
        .confirm_read(&kings_park, "1", "zoe", at(30))
        .await
        .expect("confirming again is harmless");
    let confirmed: Vec<_> = store
        .confirmations(&kings_park, "1")
        .await
        .expect("list")
        .into_iter()
        .map(|c| (c.username, c.display_name, c.at))
        .collect();
    assert_eq!(
        confirmed,
        [
            ("zoe".to_owned(), "Zoë Member".to_owned(), at(10)),
            ("amir".to_owned(), "Amir Chair".to_owned(), at(20)),
        ],
        "earliest first, each at their first confirmation"
    );
    assert!(
        store
            .confirmations(&kings_park, "2")
            .await
            .expect("list")
            .is_empty(),
        "a new version asks again"
    );
    store
        .confirm_read(&kings_park, "2", "amir", at(40))
        .await
        .expect("confirm the new version");
    assert_eq!(
        store.confirmations(&kings_park, "2").await.expect("list")[0].at,
        at(40)
    );

    let unknown_version = store.confirm_read(&kings_park, "3", "amir", at(50)).await;
    assert!(
        matches!(unknown_version, Err(StoreError::NotFound)),
        "{unknown_version:?}"
    );
    let unknown_org = store
        .confirm_read(&org("leeds-pps"), "1", "amir", at(50))
        .await;
    assert!(
        matches!(unknown_org, Err(StoreError::NotFound)),
        "{unknown_org:?}"
    );
    let unknown_user = store.confirm_read(&kings_park, "1", "nobody", at(50)).await;
    assert!(
        matches!(unknown_user, Err(StoreError::NotFound)),
        "{unknown_user:?}"
    );
    assert_eq!(
        store
            .confirmations(&kings_park, "1")
            .await
            .expect("list")
            .len(),
        2,
        "refusals store nothing"
    );
}

pub async fn cases_received_in_a_period_come_oldest_first(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let before = CaseSpec::complaint("leeds-pps", -1).create(&store).await;
    let later = CaseSpec::complaint("leeds-pps", 50).create(&store).await;
    let first = CaseSpec {
        kind: "compliment",
        ..CaseSpec::complaint("leeds-pps", 0)
    }
    .create(&store)
    .await;
    let at_the_end = CaseSpec::complaint("leeds-pps", 100).create(&store).await;
    CaseSpec::complaint("kings-park-pp", 10)
        .create(&store)
        .await;

    let received = store
        .cases_received(&org("leeds-pps"), at(0), at(100))
        .await
        .expect("list");
    let references: Vec<&str> = received.iter().map(|c| c.reference.as_str()).collect();
    assert_eq!(
        references,
        [first.as_str(), later.as_str()],
        "from is included, until is not, other organisations are left out"
    );
    assert_eq!(received[0].kind, "compliment", "whole summaries come back");
    assert_ne!(before, at_the_end);
    assert!(
        store
            .cases_received(&org("leeds-pps"), at(100), at(0))
            .await
            .expect("an empty period")
            .is_empty()
    );
}
