//! Stories about e-mail in: a message stored once per Message-ID whichever way it goes (alone in
//! the triage queue, with the events it adds to a case, with the case it starts), the queue per
//! organisation, and an officer's decision taken once, with the events it adds.

use redress_store::{InboundMail, MailDecision, Store, StoreError};

use crate::Harness;
use crate::support::{CaseSpec, at, event, org};

fn mail(id: &str, message_id: &str, org_id: &str, route: &str, status: &str) -> InboundMail {
    InboundMail {
        id: id.to_owned(),
        message_id: message_id.to_owned(),
        org: org(org_id),
        received_at: at(5),
        sender: Some("parent@example.org".to_owned()),
        subject: "Re: [LPP-2026-0001]".to_owned(),
        body: "the text".to_owned(),
        route: route.to_owned(),
        reason: Some("it quotes a case but is not from that case's address".to_owned()),
        reference: None,
        status: status.to_owned(),
        resolved_by: None,
        resolved_at: None,
        attachments: serde_json::json!([{"name": "a.pdf", "size": 3}]),
    }
}

pub async fn each_message_id_is_stored_once_whichever_way_it_goes(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let reference = spec.create(&store).await;

    store
        .add_mail(mail("m1", "one@example.org", "leeds-pps", "triage", "open"))
        .await
        .expect("stored");
    let read = store.mail("m1").await.expect("reads").expect("there");
    assert_eq!(
        read,
        mail("m1", "one@example.org", "leeds-pps", "triage", "open")
    );
    assert_eq!(
        store
            .mail_by_message_id("one@example.org")
            .await
            .expect("reads"),
        Some(read)
    );
    assert!(matches!(
        store
            .add_mail(mail("m2", "one@example.org", "leeds-pps", "triage", "open"))
            .await,
        Err(StoreError::Duplicate(_))
    ));

    // With events: a second delivery appends nothing.
    let commit = spec.commit(&reference, 1, vec![event("by e-mail", 10)]);
    let mut on_case = mail("m3", "two@example.org", "leeds-pps", "information", "done");
    on_case.reference = Some(reference.clone());
    store
        .append_with_mail(commit.clone(), on_case.clone())
        .await
        .expect("appended");
    let again = spec.commit(&reference, 2, vec![event("by e-mail again", 11)]);
    on_case.id = "m4".into();
    assert!(matches!(
        store.append_with_mail(again, on_case).await,
        Err(StoreError::Duplicate(_))
    ));
    assert_eq!(
        store
            .load(&reference)
            .await
            .expect("loads")
            .expect("case")
            .events
            .len(),
        2
    );
    // A stale version stores neither the events nor the message.
    let stale = spec.commit(&reference, 1, vec![event("stale", 12)]);
    assert!(matches!(
        store
            .append_with_mail(
                stale,
                mail(
                    "m5",
                    "three@example.org",
                    "leeds-pps",
                    "information",
                    "done"
                )
            )
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        store
            .mail_by_message_id("three@example.org")
            .await
            .expect("reads"),
        None
    );

    // With a new case: the message carries its reference; twice is refused before a number is used.
    let created = store
        .create_case_with_mail(
            &org("leeds-pps"),
            "LPP",
            2026,
            |reference| Ok::<_, String>(spec.new_case(reference)),
            mail("m6", "four@example.org", "leeds-pps", "new-case", "open"),
        )
        .await
        .expect("stored")
        .expect("built");
    assert_eq!(created, "LPP-2026-0002");
    let stored = store.mail("m6").await.expect("reads").expect("there");
    assert_eq!(stored.reference.as_deref(), Some(created.as_str()));
    assert!(matches!(
        store
            .create_case_with_mail(
                &org("leeds-pps"),
                "LPP",
                2026,
                |reference| Ok::<_, String>(spec.new_case(reference)),
                mail("m7", "four@example.org", "leeds-pps", "new-case", "open"),
            )
            .await,
        Err(StoreError::Duplicate(_))
    ));
    assert_eq!(spec.create(&store).await, "LPP-2026-0003");
}

pub async fn the_queue_is_per_organisation_and_a_decision_is_taken_once(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let spec = CaseSpec::complaint("leeds-pps", 0);
    let reference = spec.create(&store).await;
    store
        .add_mail(mail("a", "a@example.org", "leeds-pps", "triage", "open"))
        .await
        .expect("stored");
    store
        .add_mail(mail(
            "b",
            "b@example.org",
            "tfc-sunderland",
            "triage",
            "open",
        ))
        .await
        .expect("stored");
    store
        .add_mail(mail(
            "c",
            "c@example.org",
            "leeds-pps",
            "information",
            "done",
        ))
        .await
        .expect("stored");
    let ids = |mails: Vec<InboundMail>| mails.into_iter().map(|m| m.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.open_mail(&[org("leeds-pps")]).await.expect("queue")),
        ["a"]
    );
    assert_eq!(
        ids(store
            .open_mail(&[org("leeds-pps"), org("tfc-sunderland")])
            .await
            .expect("queue")),
        ["a", "b"]
    );
    assert!(store.open_mail(&[]).await.expect("queue").is_empty());

    let decision = MailDecision {
        id: "a".into(),
        status: "matched".into(),
        reference: Some(reference.clone()),
        by: "officer".into(),
        at: at(20),
        commit: Some(spec.commit(&reference, 1, vec![event("matched", 20)])),
    };
    store.decide_mail(decision.clone()).await.expect("decided");
    let decided = store.mail("a").await.expect("reads").expect("there");
    assert_eq!(decided.status, "matched");
    assert_eq!(decided.resolved_by.as_deref(), Some("officer"));
    assert_eq!(decided.resolved_at, Some(at(20)));
    assert_eq!(decided.body, "", "the text went to the case");
    assert_eq!(
        store
            .load(&reference)
            .await
            .expect("loads")
            .expect("case")
            .events
            .len(),
        2
    );
    assert!(matches!(
        store.decide_mail(decision).await,
        Err(StoreError::Duplicate(_))
    ));
    assert_eq!(
        store
            .load(&reference)
            .await
            .expect("loads")
            .expect("case")
            .events
            .len(),
        2
    );
    let unknown = MailDecision {
        id: "nope".into(),
        status: "rejected".into(),
        reference: None,
        by: "officer".into(),
        at: at(21),
        commit: None,
    };
    assert!(matches!(
        store.decide_mail(unknown).await,
        Err(StoreError::NotFound)
    ));
    // A decision whose events conflict records nothing.
    let stale = MailDecision {
        id: "b".into(),
        status: "matched".into(),
        reference: Some(reference.clone()),
        by: "officer".into(),
        at: at(22),
        commit: Some(spec.commit(&reference, 1, vec![event("stale", 22)])),
    };
    assert!(matches!(
        store.decide_mail(stale).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        store.mail("b").await.expect("reads").expect("there").status,
        "open"
    );
    // Outbox ids find their case; others find nothing.
    assert_eq!(
        store.outbox_reference("no-such-id").await.expect("reads"),
        None
    );
    assert_eq!(store.outbox_reference("nul\0").await.expect("reads"), None);
}
