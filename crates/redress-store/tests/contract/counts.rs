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
        .open_counts(&Viewer::system([org("leeds-pps")]), &bounds)
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
            .open_counts(&Viewer::default(), &bounds)
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
        (None, Some(bounds.now), false, OVERDUE),
        (Some(bounds.now), Some(bounds.today_ends), false, 3),
        (Some(bounds.today_ends), Some(bounds.week_ends), false, 2),
        (None, None, true, 3),
    ];
    for (after, until, awaiting_acknowledgement, expected) in lists {
        let filter = CaseFilter {
            next_due_after: after,
            next_due_until: until,
            awaiting_acknowledgement,
            ..open_in_leeds.clone()
        };
        assert_eq!(
            listed(&store, filter).await,
            expected,
            "{after:?} {until:?} {awaiting_acknowledgement}"
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

/// The counts one organisation's open cases give, with those by stage and by handler.
fn leeds_counts(
    [open, complaints, overdue, due_today, due_week, with_clock]: [u64; 6],
    stages: &[(&str, u64)],
    handlers: &[(Option<&str>, u64)],
) -> redress_store::OpenCounts {
    redress_store::OpenCounts {
        orgs: vec![OrgOpenCounts {
            org: org("leeds-pps"),
            open,
            complaints,
            overdue,
            due_today,
            due_week,
            with_clock,
        }],
        by_stage: stages
            .iter()
            .map(|(stage, open)| (org("leeds-pps"), (*stage).to_owned(), *open))
            .collect(),
        by_handler: handlers
            .iter()
            .map(|(handler, open)| (handler.map(str::to_owned), *open))
            .collect(),
    }
}

/// The dashboard sums tallies that every write keeps (migration 0025): they follow a case
/// through a change of stage and handler, its closing and reopening, a deadline moved across
/// days, and a change of who may see it; and `recount_tallies` counts them again alike.
pub async fn tallies_follow_every_write_and_are_counted_again_alike(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    // `at(0)` is 09:00 UTC on Monday 2 March 2026. A deadline ten hours before it fell on the
    // UTC day before (a tally of its day); one an hour before it, on this one (read from
    // `cases`).
    let bounds = DueBounds {
        now: at(0),
        today_ends: at(600),
        week_ends: at(10_000),
    };
    let leeds = CaseSpec::complaint("leeds-pps", 0);
    let due = |minutes| CaseSpec {
        deadlines: vec![deadline("response", minutes, false)],
        ..leeds.clone()
    };
    let (yesterday, two_days_ago, this_morning) = (due(-600), due(-2_880), due(-60));
    let (this_afternoon, this_week, later) = (due(60), due(2_000), due(20_000));
    let compliment = CaseSpec {
        kind: "compliment",
        stage: None,
        ..leeds.clone()
    };
    let mut references = Vec::new();
    for spec in [
        &yesterday,
        &two_days_ago,
        &this_morning,
        &this_afternoon,
        &this_week,
        &later,
        &compliment,
    ] {
        references.push(spec.create(&store).await);
    }
    let [
        yesterday_ref,
        two_days_ref,
        morning_ref,
        afternoon_ref,
        week_ref,
        later_ref,
        _,
    ] = &references[..]
    else {
        unreachable!("seven cases")
    };
    let system = Viewer::system([org("leeds-pps")]);
    let counts = |viewer: Viewer| {
        let store = store.clone();
        async move { store.open_counts(&viewer, &bounds).await.expect("counts") }
    };
    assert_eq!(
        counts(system.clone()).await,
        leeds_counts([7, 6, 3, 1, 1, 0], &[("stage-1", 6)], &[(None, 7)])
    );

    let commit = |spec: &CaseSpec, reference: &str, version: u64| {
        spec.commit(
            reference,
            version,
            vec![super::support::event("a change", 1)],
        )
    };
    // To stage 2 and an officer, awaiting acknowledgement again.
    let escalated = CaseSpec {
        stage: Some("stage-2"),
        handler: Some("Complaints officer"),
        deadlines: vec![deadline("acknowledgement", -600, false)],
        ..yesterday.clone()
    };
    store
        .append(commit(&escalated, yesterday_ref, 1))
        .await
        .expect("escalated");
    // Closed.
    let closed = |spec: &CaseSpec| CaseSpec {
        status: "closed",
        closed_minutes: Some(0),
        deadlines: Vec::new(),
        ..spec.clone()
    };
    store
        .append(commit(&closed(&this_morning), morning_ref, 1))
        .await
        .expect("closed");
    // Closed, then reopened with a deadline later this week.
    store
        .append(commit(&closed(&two_days_ago), two_days_ref, 1))
        .await
        .expect("closed");
    assert_eq!(
        counts(system.clone()).await,
        leeds_counts(
            [5, 4, 1, 1, 1, 1],
            &[("stage-1", 3), ("stage-2", 1)],
            &[(None, 4), (Some("Complaints officer"), 1)]
        )
    );
    store
        .append(commit(&due(3_000), two_days_ref, 2))
        .await
        .expect("reopened");
    // A deadline brought forward from weeks away to half an hour ago.
    store
        .append(commit(&due(-30), later_ref, 1))
        .await
        .expect("brought forward");
    // Kept from a reader; an investigator assigned to two others.
    let kept = CaseSpec {
        access: vec![AccessRow {
            kind: "out-user",
            subject: "reader".to_owned(),
        }],
        ..this_week.clone()
    };
    store
        .append(commit(&kept, week_ref, 1))
        .await
        .expect("kept from the reader");
    let assigned = |spec: &CaseSpec| CaseSpec {
        access: vec![AccessRow {
            kind: "assigned-user",
            subject: "investigator".to_owned(),
        }],
        ..spec.clone()
    };
    store
        .append(commit(&assigned(&escalated), yesterday_ref, 2))
        .await
        .expect("assigned");
    store
        .append(commit(&assigned(&this_afternoon), afternoon_ref, 1))
        .await
        .expect("assigned");

    let everything = leeds_counts(
        [6, 5, 2, 1, 2, 1],
        &[("stage-1", 4), ("stage-2", 1)],
        &[(None, 5), (Some("Complaints officer"), 1)],
    );
    assert_eq!(counts(system.clone()).await, everything);
    let viewer = |username: &str, sees| Viewer {
        username: Some(username.to_owned()),
        orgs: vec![ViewerOrg {
            org: org("leeds-pps"),
            sees,
            holds: Vec::new(),
            member_ids: Vec::new(),
        }],
    };
    assert_eq!(
        counts(viewer("reader", Sees::All)).await,
        leeds_counts(
            [5, 4, 2, 1, 1, 1],
            &[("stage-1", 3), ("stage-2", 1)],
            &[(None, 4), (Some("Complaints officer"), 1)]
        ),
        "all but the case the reader is kept from"
    );
    assert_eq!(
        counts(viewer("investigator", Sees::Assigned)).await,
        leeds_counts(
            [2, 2, 1, 1, 0, 1],
            &[("stage-1", 1), ("stage-2", 1)],
            &[(None, 1), (Some("Complaints officer"), 1)]
        ),
        "only the cases the investigator is assigned to"
    );

    store.recount_tallies().await.expect("counted again");
    assert_eq!(counts(system).await, everything);
}

/// The dashboard reads the cases a viewer is kept from, and those an assigned-only viewer
/// sees, from the access rows of live cases only (open, or with a learning action not yet done:
/// migration 0028), and the learning count from a tally kept on write. So a case that comes to
/// life again (a learning action added after closing, a reopening) must be counted again at
/// once, and one that is done with must drop out.
pub async fn what_a_viewer_is_kept_from_follows_a_case_as_it_closes_reopens_and_learns(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let today = date(2026, 12, 11);
    let bounds = DueBounds {
        now: at(0),
        today_ends: at(600),
        week_ends: at(10_000),
    };
    let viewer = |username: &str, sees| Viewer {
        username: Some(username.to_owned()),
        orgs: vec![ViewerOrg {
            org: org("leeds-pps"),
            sees,
            holds: Vec::new(),
            member_ids: Vec::new(),
        }],
    };
    let (reader, investigator) = (
        viewer("reader", Sees::All),
        viewer("investigator", Sees::Assigned),
    );
    let system = Viewer::system([org("leeds-pps")]);
    let learning = |viewer: &Viewer| {
        let (store, viewer) = (store.clone(), viewer.clone());
        async move {
            let found = store
                .open_learning(&viewer, today, 20)
                .await
                .expect("the learning actions");
            let first: Vec<String> = found
                .first
                .into_iter()
                .map(|(_, row)| row.reference)
                .collect();
            (found.open, found.overdue, first)
        }
    };
    let open = |viewer: &Viewer| {
        let (store, viewer) = (store.clone(), viewer.clone());
        async move {
            let counts = store.open_counts(&viewer, &bounds).await.expect("counts");
            counts.orgs.first().map_or(0, |org| org.open)
        }
    };
    let closed = |spec: CaseSpec| CaseSpec {
        status: "closed",
        stage: None,
        closed_minutes: Some(-60),
        ..spec
    };
    let kept_from_reader = vec![AccessRow {
        kind: "out-user",
        subject: "reader".to_owned(),
    }];
    // Open, with an action due on 1 December: overdue on the 11th.
    let plain = CaseSpec {
        learning: vec![action(1, Some(1))],
        ..CaseSpec::complaint("leeds-pps", -100)
    };
    let plain_ref = plain.create(&store).await;
    // Closed, kept from the reader, with nothing to learn: not live.
    let kept = closed(CaseSpec {
        access: kept_from_reader.clone(),
        ..CaseSpec::complaint("leeds-pps", -90)
    });
    let kept_ref = kept.create(&store).await;
    // Closed, assigned to the investigator, with an action due on 20 December.
    let assigned = closed(CaseSpec {
        access: vec![AccessRow {
            kind: "assigned-user",
            subject: "investigator".to_owned(),
        }],
        learning: vec![action(1, Some(20))],
        ..CaseSpec::complaint("leeds-pps", -80)
    });
    let assigned_ref = assigned.create(&store).await;

    assert_eq!(
        learning(&reader).await,
        (2, 1, vec![plain_ref.clone(), assigned_ref.clone()])
    );
    assert_eq!(
        learning(&investigator).await,
        (1, 0, vec![assigned_ref.clone()])
    );
    assert_eq!((open(&system).await, open(&reader).await), (1, 1));

    // A learning action is added to the closed case the reader is kept from, due 2 December.
    let learns = CaseSpec {
        learning: vec![action(1, Some(2))],
        ..kept.clone()
    };
    store
        .append(learns.commit(&kept_ref, 1, vec![super::support::event("learn", 1)]))
        .await
        .expect("an action added");
    assert_eq!(learning(&system).await.0, 3);
    assert_eq!(
        learning(&reader).await,
        (2, 1, vec![plain_ref.clone(), assigned_ref.clone()]),
        "the action of a case the reader is kept from is not theirs to see"
    );

    // The same case reopened: open, and still kept from the reader.
    let reopened = CaseSpec {
        status: "open",
        stage: Some("stage-1"),
        closed_minutes: None,
        ..learns.clone()
    };
    store
        .append(reopened.commit(&kept_ref, 2, vec![super::support::event("reopened", 2)]))
        .await
        .expect("reopened");
    assert_eq!((open(&system).await, open(&reader).await), (2, 1));

    // The investigator's action done on 10 December; the kept case closed again with its
    // action done too.
    let done = |spec: &CaseSpec| CaseSpec {
        learning: spec
            .learning
            .iter()
            .map(|row| LearningRow {
                done_on: Some(date(2026, 12, 10)),
                ..row.clone()
            })
            .collect(),
        ..spec.clone()
    };
    store
        .append(done(&assigned).commit(&assigned_ref, 1, vec![super::support::event("done", 3)]))
        .await
        .expect("done");
    store
        .append(closed(done(&reopened)).commit(
            &kept_ref,
            3,
            vec![super::support::event("closed", 4)],
        ))
        .await
        .expect("closed again");
    assert_eq!(learning(&investigator).await, (0, 0, Vec::new()));
    assert_eq!(learning(&reader).await, (1, 1, vec![plain_ref.clone()]));
    assert_eq!(learning(&system).await, (1, 1, vec![plain_ref.clone()]));
    assert_eq!((open(&system).await, open(&reader).await), (1, 1));

    store.recount_tallies().await.expect("counted again");
    assert_eq!(learning(&reader).await, (1, 1, vec![plain_ref]));
    assert_eq!(learning(&system).await.0, 1);
}
