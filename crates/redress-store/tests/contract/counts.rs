//! The dashboard's counts: exact however many open cases there are (the page once counted the
//! first 2,000 in Rust), and the same cases as the lists behind them.

use redress_store::{CaseFilter, DueBounds, OrgOpenCounts, Store, Viewer};

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
