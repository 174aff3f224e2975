//! Stories about the case list: who may see what, filters, search and pages.

use std::collections::BTreeSet;

use redress_store::{CaseFilter, Store, StoreError};

use crate::Harness;
use crate::cases::filter_for;
use crate::support::{CaseSpec, at, deadline, org};

/// The references on the first page of `filter`, in list order.
async fn listed(store: &impl Store, filter: &CaseFilter) -> Vec<String> {
    let page = store
        .list_cases(filter)
        .await
        .unwrap_or_else(|error| panic!("list {filter:?}: {error}"));
    page.cases.into_iter().map(|case| case.reference).collect()
}

pub async fn the_list_is_limited_to_the_callers_organisations(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let leeds = CaseSpec::complaint("leeds-pps", 0).create(&store).await;
    let kings = CaseSpec {
        prefix: "KPP",
        ..CaseSpec::complaint("kings-park", 1)
    }
    .create(&store)
    .await;
    let sunderland = CaseSpec {
        prefix: "TFC",
        ..CaseSpec::complaint("tfc-sunderland", 2)
    }
    .create(&store)
    .await;

    assert!(
        listed(&store, &CaseFilter::default()).await.is_empty(),
        "no organisations, no cases"
    );
    assert_eq!(
        listed(&store, &filter_for("leeds-pps")).await,
        [leeds.as_str()]
    );
    let two = CaseFilter {
        viewer: redress_store::Viewer::system(vec![org("leeds-pps"), org("kings-park")]),
        ..Default::default()
    };
    assert_eq!(
        listed(&store, &two).await,
        [kings.as_str(), leeds.as_str()],
        "newest received first"
    );
    let one_of_two = CaseFilter {
        org: Some(org("kings-park")),
        ..two.clone()
    };
    assert_eq!(listed(&store, &one_of_two).await, [kings.as_str()]);
    let outside = CaseFilter {
        org: Some(org("tfc-sunderland")),
        ..two
    };
    assert!(
        listed(&store, &outside).await.is_empty(),
        "asking for another organisation does not widen `orgs`"
    );
    let all = CaseFilter {
        viewer: redress_store::Viewer::system(vec![org("tfc-sunderland"), org("leeds-pps")]),
        ..Default::default()
    };
    assert_eq!(
        listed(&store, &all).await,
        [sunderland.as_str(), leeds.as_str()]
    );
}

pub async fn the_list_filters_by_kind_status_stage_and_handler(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let base = CaseSpec::complaint("leeds-pps", 0);
    let plain = base.create(&store).await;
    let compliment = CaseSpec {
        kind: "compliment",
        stage: None,
        received_minutes: 1,
        ..base.clone()
    }
    .create(&store)
    .await;
    let closed = CaseSpec {
        status: "closed",
        received_minutes: 2,
        ..base.clone()
    }
    .create(&store)
    .await;
    let escalated = CaseSpec {
        stage: Some("stage-2"),
        handler: Some("Advisory Board"),
        received_minutes: 3,
        ..base.clone()
    }
    .create(&store)
    .await;
    let handled = CaseSpec {
        handler: Some("Co-ordinator"),
        received_minutes: 4,
        ..base
    }
    .create(&store)
    .await;

    let leeds = filter_for("leeds-pps");
    let by_kind = CaseFilter {
        kind: Some("compliment".into()),
        ..leeds.clone()
    };
    assert_eq!(listed(&store, &by_kind).await, [compliment.as_str()]);
    let by_status = CaseFilter {
        status: Some("open".into()),
        ..leeds.clone()
    };
    assert_eq!(
        listed(&store, &by_status).await,
        [
            handled.as_str(),
            escalated.as_str(),
            compliment.as_str(),
            plain.as_str()
        ]
    );
    let by_stage = CaseFilter {
        stage: Some("stage-2".into()),
        ..leeds.clone()
    };
    assert_eq!(listed(&store, &by_stage).await, [escalated.as_str()]);
    let by_handler = CaseFilter {
        handler: Some("Co-ordinator".into()),
        ..leeds.clone()
    };
    assert_eq!(listed(&store, &by_handler).await, [handled.as_str()]);
    let combined = CaseFilter {
        status: Some("closed".into()),
        stage: Some("stage-1".into()),
        ..leeds.clone()
    };
    assert_eq!(listed(&store, &combined).await, [closed.as_str()]);
    let nothing = CaseFilter {
        kind: Some("complaint".into()),
        handler: Some("nobody".into()),
        ..leeds
    };
    assert!(listed(&store, &nothing).await.is_empty());
}

pub async fn the_list_filters_by_running_deadlines(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let base = CaseSpec::complaint("leeds-pps", 0);
    let soon = CaseSpec {
        deadlines: vec![deadline("acknowledgement", 60, false)],
        ..base.clone()
    }
    .create(&store)
    .await;
    let later = CaseSpec {
        deadlines: vec![deadline("response", 6000, false)],
        received_minutes: 1,
        ..base.clone()
    }
    .create(&store)
    .await;
    let paused = CaseSpec {
        deadlines: vec![deadline("response", 30, true)],
        received_minutes: 2,
        ..base.clone()
    }
    .create(&store)
    .await;
    let none = CaseSpec {
        received_minutes: 3,
        ..base
    }
    .create(&store)
    .await;

    let leeds = filter_for("leeds-pps");
    assert_eq!(
        listed(&store, &leeds).await,
        [
            none.as_str(),
            paused.as_str(),
            later.as_str(),
            soon.as_str()
        ]
    );
    let due_before = |minutes| CaseFilter {
        due_before: Some(at(minutes)),
        ..leeds.clone()
    };
    assert_eq!(
        listed(&store, &due_before(61)).await,
        [soon.as_str()],
        "paused clocks are not due"
    );
    assert!(
        listed(&store, &due_before(60)).await.is_empty(),
        "due before is strictly before"
    );
    assert_eq!(
        listed(&store, &due_before(7000)).await,
        [later.as_str(), soon.as_str()]
    );

    let overdue_at = |minutes| CaseFilter {
        overdue_at: Some(at(minutes)),
        ..leeds.clone()
    };
    assert!(listed(&store, &overdue_at(59)).await.is_empty());
    assert_eq!(
        listed(&store, &overdue_at(60)).await,
        [soon.as_str()],
        "a deadline has passed at its instant"
    );
    assert_eq!(
        listed(&store, &overdue_at(100_000)).await,
        [later.as_str(), soon.as_str()]
    );
}

pub async fn text_search_matches_words_and_never_fails_on_query_syntax(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let base = CaseSpec::complaint("leeds-pps", 0);
    let letter = CaseSpec {
        search_text: "The letter about transport arrived late".into(),
        ..base.clone()
    }
    .create(&store)
    .await;
    let phone = CaseSpec {
        search_text: "Phone call: nobody rang back about the \"NEAR\" field -- or the e-mail"
            .into(),
        received_minutes: 1,
        ..base.clone()
    }
    .create(&store)
    .await;
    let other_org = CaseSpec {
        search_text: "letter late".into(),
        ..CaseSpec::complaint("kings-park", 2)
    };
    other_org.create(&store).await;

    let search = |text: &str| CaseFilter {
        text: Some(text.into()),
        ..filter_for("leeds-pps")
    };
    assert_eq!(listed(&store, &search("letter")).await, [letter.as_str()]);
    assert_eq!(
        listed(&store, &search("LATE Letter")).await,
        [letter.as_str()],
        "case-insensitive, all words"
    );
    assert!(
        listed(&store, &search("letter phone")).await.is_empty(),
        "every word must match"
    );
    assert_eq!(
        listed(&store, &search("about")).await,
        [phone.as_str(), letter.as_str()]
    );
    assert_eq!(
        listed(&store, &search("  ")).await,
        [phone.as_str(), letter.as_str()],
        "blank text does not filter"
    );
    assert_eq!(listed(&store, &search("\"rang\"")).await, [phone.as_str()]);
    assert_eq!(listed(&store, &search("rang*")).await, [phone.as_str()]);
    for hostile in [
        "\"",
        "\"\"\"",
        "*",
        "-",
        "- late",
        "NEAR(",
        "NEAR(letter late)",
        "letter OR phone",
        "letter AND",
        "NOT",
        "body:letter",
        "^letter",
        "(",
        ")",
        "{letter}",
        "'",
        "';--",
        "\\",
        "e-mail",
        "letter -late",
        "+",
        "&|!",
        ":*",
    ] {
        let result = store.list_cases(&search(hostile)).await;
        assert!(
            result.is_ok(),
            "searching for {hostile:?} failed: {result:?}"
        );
    }
    assert!(
        listed(&store, &search("NEAR("))
            .await
            .iter()
            .all(|reference| *reference == phone)
    );
    assert!(
        listed(&store, &search("\"*\"")).await.is_empty(),
        "text with no word matches nothing"
    );
}

pub async fn pages_return_every_case_exactly_once(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let base = CaseSpec::complaint("leeds-pps", 0);
    let mut created = BTreeSet::new();
    // Two pairs received at the same instant: the reference breaks the tie.
    for minutes in [10, 20, 20, 30, 30] {
        created.insert(
            CaseSpec {
                received_minutes: minutes,
                ..base.clone()
            }
            .create(&store)
            .await,
        );
    }
    let mut filter = CaseFilter {
        limit: 2,
        ..filter_for("leeds-pps")
    };
    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    loop {
        let page = store.list_cases(&filter).await.expect("a page");
        sizes.push(page.cases.len());
        seen.extend(page.cases);
        match page.next {
            Some(cursor) => filter.after = Some(cursor),
            None => break,
        }
    }
    assert_eq!(sizes, [2, 2, 1]);
    let references: BTreeSet<_> = seen.iter().map(|case| case.reference.clone()).collect();
    assert_eq!(references, created, "every case, once");
    assert_eq!(seen.len(), 5);
    let order: Vec<_> = seen
        .iter()
        .map(|case| (case.received_at, case.reference.clone()))
        .collect();
    let mut newest_first = order.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(order, newest_first);

    let exact = store
        .list_cases(&CaseFilter {
            limit: 5,
            ..filter_for("leeds-pps")
        })
        .await
        .expect("page");
    assert_eq!(
        (exact.cases.len(), exact.next),
        (5, None),
        "no next page when the last row fits"
    );
    let default = store
        .list_cases(&filter_for("leeds-pps"))
        .await
        .expect("page");
    assert_eq!(
        default.cases.len(),
        5,
        "limit 0 means the default page size"
    );
    let bad_cursor = store
        .list_cases(&CaseFilter {
            after: Some("not a cursor".into()),
            ..filter_for("leeds-pps")
        })
        .await;
    assert!(
        matches!(bad_cursor, Err(StoreError::NotFound)),
        "{bad_cursor:?}"
    );
}

pub async fn pages_across_organisations_merge_newest_first_exactly_once(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let mut created = BTreeSet::new();
    // Each organisation's cases are read in its own order and merged: cases of both received
    // at the same instant, and runs of one organisation longer than a page.
    for (org_id, prefix, minutes) in [
        ("leeds-pps", "LPP", [10, 20, 30, 40, 50, 60]),
        ("kings-park", "KP", [20, 30, 31, 32, 33, 70]),
    ] {
        for minute in minutes {
            let spec = CaseSpec {
                prefix,
                ..CaseSpec::complaint(org_id, minute)
            };
            created.insert(spec.create(&store).await);
        }
    }
    let mut filter = CaseFilter {
        viewer: redress_store::Viewer::system(vec![org("leeds-pps"), org("kings-park")]),
        limit: 3,
        ..Default::default()
    };
    let mut seen = Vec::new();
    loop {
        let page = store.list_cases(&filter).await.expect("a page");
        assert!(page.cases.len() <= 3);
        seen.extend(page.cases);
        match page.next {
            Some(cursor) => filter.after = Some(cursor),
            None => break,
        }
    }
    let references: BTreeSet<_> = seen.iter().map(|case| case.reference.clone()).collect();
    assert_eq!(references, created, "every case, once");
    assert_eq!(seen.len(), 12);
    let order: Vec<_> = seen
        .iter()
        .map(|case| (case.received_at, case.reference.clone()))
        .collect();
    let mut newest_first = order.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(order, newest_first);
    // Narrowed to one of them, only its cases.
    let leeds = store
        .list_cases(&CaseFilter {
            org: Some(org("leeds-pps")),
            limit: 50,
            after: None,
            ..filter.clone()
        })
        .await
        .expect("a page");
    assert_eq!(leeds.cases.len(), 6);
    assert!(leeds.cases.iter().all(|case| case.org == org("leeds-pps")));
}

pub async fn visible_cases_are_those_the_list_would_show(harness: &mut impl Harness) {
    use redress_core::access::{AccessRow, Sees};
    let store = harness.fresh().await;
    let open = CaseSpec::complaint("leeds-pps", 0).create(&store).await;
    let row = |kind: &'static str, subject: &str| AccessRow {
        kind,
        subject: subject.to_owned(),
    };
    let kept_out = CaseSpec {
        access: vec![row("out-user", "reader")],
        ..CaseSpec::complaint("leeds-pps", 1)
    }
    .create(&store)
    .await;
    let sensitive = CaseSpec {
        access: vec![row("sensitive", "")],
        ..CaseSpec::complaint("leeds-pps", 2)
    }
    .create(&store)
    .await;
    let sensitive_but_assigned = CaseSpec {
        access: vec![row("sensitive", ""), row("assigned-user", "reader")],
        ..CaseSpec::complaint("leeds-pps", 3)
    }
    .create(&store)
    .await;
    let elsewhere = CaseSpec {
        prefix: "KP",
        ..CaseSpec::complaint("kings-park", 4)
    }
    .create(&store)
    .await;
    let asked: Vec<String> = [
        &open,
        &kept_out,
        &sensitive,
        &sensitive_but_assigned,
        &elsewhere,
        &"LPP-2026-9999".to_owned(),
        &"NUL\0".to_owned(),
    ]
    .into_iter()
    .cloned()
    .collect();
    let reader = redress_store::Viewer {
        username: Some("reader".to_owned()),
        orgs: vec![redress_store::ViewerOrg {
            org: org("leeds-pps"),
            sees: Sees::All,
            holds: Vec::new(),
            member_ids: Vec::new(),
        }],
    };
    let seen = store.visible_cases(&reader, &asked).await.expect("visible");
    assert_eq!(
        seen,
        BTreeSet::from([open.clone(), sensitive_but_assigned.clone()])
    );
    let system = redress_store::Viewer::system(vec![org("leeds-pps")]);
    let seen = store.visible_cases(&system, &asked).await.expect("visible");
    assert_eq!(
        seen,
        BTreeSet::from([open, kept_out, sensitive, sensitive_but_assigned])
    );
    let nobody = store
        .visible_cases(&redress_store::Viewer::default(), &asked)
        .await
        .expect("visible");
    assert!(nobody.is_empty());
}

pub async fn the_soonest_due_list_is_one_page_in_due_order(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let mut due_order = Vec::new();
    // Received in one order, due in another, in two organisations; one case has nothing due.
    for (org_id, prefix, received, due) in [
        ("leeds-pps", "LPP", 10, 300),
        ("kings-park", "KP", 20, 100),
        ("leeds-pps", "LPP", 30, 200),
        ("kings-park", "KP", 40, 400),
    ] {
        let spec = CaseSpec {
            prefix,
            deadlines: vec![deadline("response", due, false)],
            ..CaseSpec::complaint(org_id, received)
        };
        due_order.push((due, spec.create(&store).await));
    }
    CaseSpec::complaint("leeds-pps", 50).create(&store).await;
    due_order.sort();
    let filter = CaseFilter {
        viewer: redress_store::Viewer::system(vec![org("leeds-pps"), org("kings-park")]),
        soonest_due: true,
        limit: 3,
        ..Default::default()
    };
    let page = store.list_cases(&filter).await.expect("a page");
    let listed: Vec<_> = page.cases.iter().map(|c| c.reference.clone()).collect();
    let soonest: Vec<_> = due_order.iter().take(3).map(|(_, r)| r.clone()).collect();
    assert_eq!(listed, soonest);
    assert_eq!(page.next, None, "one page, no cursor");
    let everything = store
        .list_cases(&CaseFilter {
            limit: 50,
            ..filter.clone()
        })
        .await
        .expect("a page");
    assert_eq!(
        everything.cases.len(),
        4,
        "the case with nothing due is left out"
    );
    let refused = store
        .list_cases(&CaseFilter {
            after: Some("00".to_owned()),
            ..filter
        })
        .await;
    assert!(matches!(refused, Err(StoreError::NotFound)));
}
