//! The dashboard's counts: exact however many open cases there are (the page once counted the
//! first 2,000 in Rust), and the same cases as the lists behind them; the learning actions not
//! yet done, counted on the cases the viewer may see.

use jiff::civil::date;
use redress_core::access::{AccessRow, Sees};
use redress_store::{CaseFilter, DueBounds, LearningRow, OrgOpenCounts, Store, Viewer, ViewerOrg};

use super::Harness;
use super::support::{CaseSpec, at, deadline, org};

/// More overdue cases than the dashboard used to read.
const OVERDUE: u64 = 2_100;

/// Creates `how_many` cases like `spec`, 64 at a time (more would wait past the PostgreSQL
/// pool's acquire timeout on a busy machine).
async fn create_many(store: &(impl Store + 'static), spec: &CaseSpec, how_many: u64) {
    for start in (0..how_many).step_by(64) {
        let tasks: Vec<_> = (start..how_many.min(start + 64))
            .map(|_| {
                let (store, spec) = (store.clone(), spec.clone());
                tokio::spawn(async move { spec.create(&store).await })
            })
            .collect();
        for task in tasks {
            task.await.expect("the case was created");
        }
    }
}

/// Every case a filter lists, page by page.
async fn listed(store: &impl Store, filter: CaseFilter) -> u64 {
    let mut filter = CaseFilter {
        limit: 200,
        ..filter
    };
    let mut total = 0;
    loop {
        let page = store.list_cases(&filter).await.expect("a page");
        total += page.cases.len() as u64;
        match page.next {
            Some(next) => filter.after = Some(next),
            None => return total,
        }
    }
}

pub async fn open_counts_are_exact_beyond_two_thousand_and_match_the_lists(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let leeds = CaseSpec::complaint("leeds-pps", 0);
    let overdue = CaseSpec {
        deadlines: vec![deadline("response", -10, false)],
        ..leeds.clone()
    };
    create_many(&store, &overdue, OVERDUE).await;
    let awaiting = CaseSpec {
        deadlines: vec![deadline("acknowledgement", 100, false)],
        handler: Some("Complaints officer"),
        ..leeds.clone()
    };
    create_many(&store, &awaiting, 3).await;
    let compliments = CaseSpec {
        kind: "compliment",
        stage: None,
        deadlines: vec![deadline("reply", 5_000, false)],
        ..leeds.clone()
    };
    create_many(&store, &compliments, 2).await;
    let later = CaseSpec {
        deadlines: vec![deadline("response", 20_000, false)],
        handler: Some("Complaints officer"),
        ..leeds.clone()
    };
    create_many(&store, &later, 1).await;
    let closed = CaseSpec {
        status: "closed",
        ..overdue.clone()
    };
    create_many(&store, &closed, 1).await;
    let kings_park = CaseSpec {
        org: org("kings-park"),
        prefix: "KP",
        ..overdue.clone()
    };
    create_many(&store, &kings_park, 4).await;

    let bounds = DueBounds {
        now: at(0),
        today_ends: at(600),
        week_ends: at(10_000),
    };
    let counts = store
        .open_counts(
            &Viewer::system([org("leeds-pps")]),
            &bounds,
            "acknowledgement",
        )
        .await
        .expect("counts");
    let leeds_counts = OrgOpenCounts {
        org: org("leeds-pps"),
        open: OVERDUE + 6,
        complaints: OVERDUE + 4,
        overdue: OVERDUE,
        due_today: 3,
        due_week: 2,
        with_clock: 3,
    };
    assert_eq!(counts.orgs, std::slice::from_ref(&leeds_counts));
    assert_eq!(
        counts.by_stage,
        [(org("leeds-pps"), "stage-1".to_owned(), OVERDUE + 4)]
    );
    assert_eq!(
        counts.by_handler,
        [
            (None, OVERDUE + 2),
            (Some("Complaints officer".to_owned()), 4)
        ]
    );

    let both = store
        .open_counts(
            &Viewer::system([org("leeds-pps"), org("kings-park")]),
            &bounds,
            "acknowledgement",
        )
        .await
        .expect("counts");
    let kings_park_counts = OrgOpenCounts {
        org: org("kings-park"),
        open: 4,
        complaints: 4,
        overdue: 4,
        due_today: 0,
        due_week: 0,
        with_clock: 0,
    };
    assert_eq!(both.orgs, [kings_park_counts, leeds_counts]);
    assert_eq!(
        store
            .open_counts(&Viewer::default(), &bounds, "acknowledgement")
            .await
            .expect("counts"),
        Default::default(),
        "no organisation, nothing counted"
    );

    let open_in_leeds = CaseFilter {
        viewer: redress_store::Viewer::system(vec![org("leeds-pps")]),
        status: Some("open".to_owned()),
        ..CaseFilter::default()
    };
    let lists = [
        (None, Some(bounds.now), None, OVERDUE),
        (Some(bounds.now), Some(bounds.today_ends), None, 3),
        (Some(bounds.today_ends), Some(bounds.week_ends), None, 2),
        (None, None, Some("acknowledgement"), 3),
    ];
    for (after, until, clock, expected) in lists {
        let filter = CaseFilter {
            next_due_after: after,
            next_due_until: until,
            open_clock: clock.map(str::to_owned),
            ..open_in_leeds.clone()
        };
        assert_eq!(
            listed(&store, filter).await,
            expected,
            "{after:?} {until:?} {clock:?}"
        );
    }
}

/// A learning action not yet done, due on `due` (a day in December 2026) or never.
fn action(number: u32, due: Option<i8>) -> LearningRow {
    LearningRow {
        reference: String::new(),
        number,
        what: format!("action {number}"),
        owner: Some("Manager".to_owned()),
        due_on: due.map(|day| date(2026, 12, day)),
        done_on: None,
    }
}

pub async fn open_learning_is_counted_exactly_on_the_cases_the_viewer_may_see(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    // 30 cases with two actions each: one due on a day from 1 to 30 December, one with none.
    let mut references = Vec::new();
    for day in 1..=30 {
        let spec = CaseSpec {
            learning: vec![action(1, Some(31 - day)), action(2, None)],
            ..CaseSpec::complaint("leeds-pps", i64::from(day))
        };
        references.push(spec.create(&store).await);
    }
    // Done actions are not counted.
    let done = CaseSpec {
        learning: vec![LearningRow {
            done_on: Some(date(2026, 12, 2)),
            ..action(1, Some(1))
        }],
        ..CaseSpec::complaint("leeds-pps", 40)
    };
    done.create(&store).await;
    // A case the reader is kept out of, whose action would be listed first.
    let kept_out = CaseSpec {
        learning: vec![action(1, Some(1))],
        access: vec![AccessRow {
            kind: "out-user",
            subject: "reader".to_owned(),
        }],
        ..CaseSpec::complaint("leeds-pps", 50)
    };
    let kept_out = kept_out.create(&store).await;
    // Another organisation's, which the reader does not belong to.
    let other = CaseSpec {
        prefix: "KP",
        learning: vec![action(1, Some(1))],
        ..CaseSpec::complaint("kings-park", 60)
    };
    other.create(&store).await;

    let reader = Viewer {
        username: Some("reader".to_owned()),
        orgs: vec![ViewerOrg {
            org: org("leeds-pps"),
            sees: Sees::All,
            holds: Vec::new(),
            member_ids: Vec::new(),
        }],
    };
    // On 11 December, the actions due 1 to 10 December are overdue.
    let found = store
        .open_learning(&reader, date(2026, 12, 11), 20)
        .await
        .expect("the learning actions");
    assert_eq!((found.open, found.overdue), (60, 10));
    assert_eq!(found.first.len(), 20);
    // Soonest due first: 1 December is the last case's, 2 December the one before.
    let (first_org, first) = &found.first[0];
    assert_eq!(first_org, &org("leeds-pps"));
    assert_eq!(
        (first.reference.as_str(), first.due_on),
        (references[29].as_str(), Some(date(2026, 12, 1)))
    );
    assert_eq!(found.first[19].1.due_on, Some(date(2026, 12, 20)));
    assert!(found.first.iter().all(|(_, row)| row.reference != kept_out));

    // The system sees the kept-out case too, and the undated actions come last.
    let everything = store
        .open_learning(
            &Viewer::system([org("leeds-pps"), org("kings-park")]),
            date(2026, 12, 11),
            100,
        )
        .await
        .expect("the learning actions");
    assert_eq!((everything.open, everything.overdue), (62, 12));
    assert_eq!(everything.first.len(), 62);
    assert!(
        everything.first[..32]
            .iter()
            .all(|(_, row)| row.due_on.is_some())
    );
    assert!(
        everything.first[32..]
            .iter()
            .all(|(_, row)| row.due_on.is_none())
    );
    assert_eq!(
        store
            .open_learning(&Viewer::default(), date(2026, 12, 11), 20)
            .await
            .expect("nothing"),
        Default::default()
    );
}
