//! Report facts (migration 0020): a report reads the facts of the cases whose days reach into
//! its span, and the events of cases stored before the read model, which have no facts yet;
//! one procedure's report (migration 0023) reads only its own cases' facts.

use jiff::civil::{Date, date};
use redress_core::case::Event;
use redress_core::ids::{ProcedureId, StageId};
use redress_core::procedure::{Channel, FeedbackKind};
use redress_core::report::{CaseFacts, StageFacts, Timed};
use redress_store::{ExportedEvent, Store};

use super::Harness;
use super::support::{CaseSpec, event};

/// What `report_facts` hands on and returns: the facts, and the streams of cases without them.
async fn read_facts(
    store: &impl Store,
    org: &redress_core::ids::OrgId,
    (first, last): (Date, Date),
    procedure: Option<&ProcedureId>,
) -> (Vec<CaseFacts>, Vec<(String, Vec<Event>)>) {
    let mut facts = Vec::new();
    let without = store
        .report_facts(org, first, last, procedure, &mut |f| facts.push(f.clone()))
        .await
        .expect("the report's read answers");
    (facts, without)
}

/// A complaint received on 2 March 2026 and answered on 20 March.
fn answered() -> CaseFacts {
    CaseFacts {
        procedure: ProcedureId::main(),
        received_on: date(2026, 3, 2),
        kind: FeedbackKind::Complaint,
        channel: Channel::Email,
        anonymous: false,
        representative: false,
        themes: Vec::new(),
        stages: vec![StageFacts {
            id: StageId::parse("stage-1").expect("a stage id"),
            escalated: false,
            entered_on: date(2026, 3, 2),
            acknowledged: None,
            responded: Some(Timed {
                on: date(2026, 3, 20),
                working_days: 14,
                within: Some(true),
            }),
            outcome: None,
        }],
        scope: None,
        withdrawn_on: None,
        referred_on: Vec::new(),
        learning: Vec::new(),
    }
}

async fn create(store: &impl Store, spec: &CaseSpec, facts: Option<CaseFacts>) -> String {
    store
        .create_case(&spec.org, spec.prefix, 2026, |reference| {
            let mut case = spec.new_case(reference);
            case.read_models.facts = facts.clone();
            Ok::<_, String>(case)
        })
        .await
        .expect("the store accepts the case")
        .expect("the build succeeds")
}

pub async fn report_facts_are_read_by_their_days_and_older_cases_by_their_events(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let leeds = CaseSpec::complaint("leeds-pps", 0);
    // Two answered cases, so that reading them a few at a time is seen to read them all.
    create(&store, &leeds, Some(answered())).await;
    create(&store, &leeds, Some(answered())).await;
    // A case stored before the read model: no facts row, so its events are read instead.
    let older = create(&store, &leeds, None).await;
    // Another organisation's case is never read for this one.
    let pips = CaseSpec {
        prefix: "PIPS",
        ..CaseSpec::complaint("pips-stockport", 0)
    };
    create(&store, &pips, Some(answered())).await;

    let read = |first: Date, last: Date| {
        let store = store.clone();
        let org = leeds.org.clone();
        async move { read_facts(&store, &org, (first, last), None).await }
    };
    // The span holds the response day: the facts are read, and the older case's events
    // (received on 2 March, its one event that day, inside the span's reach).
    let (facts, without_facts) = read(date(2026, 3, 2), date(2026, 3, 31)).await;
    assert_eq!(facts, vec![answered(), answered()]);
    let references: Vec<&str> = without_facts.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(references, vec![older.as_str()]);
    assert_eq!(without_facts[0].1.len(), 1);

    // The day after the last day anything counted: nothing, and the older case (quiet since
    // 2 March) is not read either.
    let (facts, without_facts) = read(date(2026, 3, 21), date(2026, 4, 30)).await;
    assert_eq!(facts, Vec::new());
    assert!(without_facts.is_empty());

    // A span ending the day before it was received: nothing.
    let (facts, without_facts) = read(date(2026, 1, 1), date(2026, 3, 1)).await;
    assert_eq!(facts, Vec::new());
    assert!(without_facts.is_empty());

    // The span's last day is the response day: still read.
    let (facts, _) = read(date(2026, 3, 20), date(2026, 3, 20)).await;
    assert_eq!(facts, vec![answered(), answered()]);
}

/// The facts of a case of Leeds' second procedure.
fn answered_under(procedure: &str) -> CaseFacts {
    CaseFacts {
        procedure: ProcedureId::parse(procedure).expect("a procedure id"),
        ..answered()
    }
}

pub async fn one_procedures_report_reads_only_its_own_cases_facts(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let leeds = CaseSpec::complaint("leeds-pps", 0);
    create(&store, &leeds, Some(answered())).await;
    create(&store, &leeds, Some(answered_under("send-tribunal"))).await;
    create(&store, &leeds, Some(answered_under("send-tribunal"))).await;
    let read = |procedure: Option<&'static str>| {
        let store = store.clone();
        let org = leeds.org.clone();
        async move {
            let procedure = procedure.map(|p| ProcedureId::parse(p).expect("an id"));
            let span = (date(2026, 3, 1), date(2026, 3, 31));
            read_facts(&store, &org, span, procedure.as_ref()).await.0
        }
    };
    assert_eq!(
        read(Some("send-tribunal")).await,
        vec![
            answered_under("send-tribunal"),
            answered_under("send-tribunal")
        ]
    );
    assert_eq!(read(Some("main")).await, vec![answered()]);
    assert_eq!(read(Some("another")).await, Vec::new());
    let mut all = read(None).await;
    all.sort_by_key(|f| f.procedure.clone());
    assert_eq!(
        all,
        vec![
            answered(),
            answered_under("send-tribunal"),
            answered_under("send-tribunal")
        ]
    );
}

/// More cases than the store reads in one statement (5,000), and not a multiple of it: each
/// case's facts are handed on exactly once, whichever chunk it falls in.
pub async fn every_case_is_read_once_however_many_chunks_it_takes(harness: &mut impl Harness) {
    const CASES: usize = 10_001;
    let store = harness.fresh().await;
    let leeds = CaseSpec::complaint("leeds-pps", 0);
    // Case n is received n days after 1 January 2000 (inside the span, and each its own), with
    // n working days to its response; imported in one transaction, as `redress import` does.
    let facts_of = |n: usize| CaseFacts {
        received_on: date(2000, 1, 1) + jiff::Span::new().days(n as i64),
        stages: vec![StageFacts {
            responded: Some(Timed {
                on: date(2040, 1, 1),
                working_days: n as u32,
                within: Some(n.is_multiple_of(2)),
            }),
            ..answered().stages[0].clone()
        }],
        ..answered()
    };
    let mut events = Vec::with_capacity(CASES);
    let mut models = Vec::with_capacity(CASES);
    for n in 0..CASES {
        let reference = format!("LPP-2026-{n:05}");
        events.push(ExportedEvent {
            reference: reference.clone(),
            org: leeds.org.clone(),
            seq: 1,
            recorded_at: super::support::at(0),
            actor: None,
            tracking_hash: None,
            event: event(&format!("received {reference}"), 0),
        });
        let mut case_models = leeds.read_models(&reference, 1);
        case_models.facts = Some(facts_of(n));
        models.push(case_models);
    }
    store
        .import(events, models)
        .await
        .expect("the import is stored");

    let span = (date(2000, 1, 1), date(2040, 1, 1));
    let (mut read, without_facts) = read_facts(&store, &leeds.org, span, None).await;
    assert!(without_facts.is_empty(), "every case has its facts");
    read.sort_by_key(|f| f.received_on);
    assert_eq!(read.len(), CASES);
    assert!(read.into_iter().enumerate().all(|(n, f)| f == facts_of(n)));
}
