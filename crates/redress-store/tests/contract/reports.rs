//! Report facts (migration 0020): a report reads the facts of the cases whose days reach into
//! its span, and the events of cases stored before the read model, which have no facts yet;
//! one procedure's report (migration 0023) reads only its own cases' facts.

use jiff::civil::{Date, date};
use redress_core::ids::{ProcedureId, StageId};
use redress_core::procedure::{Channel, FeedbackKind};
use redress_core::report::{CaseFacts, StageFacts, Timed};
use redress_store::Store;

use super::Harness;
use super::support::CaseSpec;

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
        async move {
            store
                .report_facts(&org, first, last, None)
                .await
                .expect("read")
        }
    };
    // The span holds the response day: the facts are read, and the older case's events
    // (received on 2 March, its one event that day, inside the span's reach).
    let march = read(date(2026, 3, 2), date(2026, 3, 31)).await;
    assert_eq!(march.facts, vec![answered(), answered()]);
    let references: Vec<&str> = march
        .without_facts
        .iter()
        .map(|(r, _)| r.as_str())
        .collect();
    assert_eq!(references, vec![older.as_str()]);
    assert_eq!(march.without_facts[0].1.len(), 1);

    // The day after the last day anything counted: nothing, and the older case (quiet since
    // 2 March) is not read either.
    let after = read(date(2026, 3, 21), date(2026, 4, 30)).await;
    assert_eq!(after.facts, Vec::new());
    assert!(after.without_facts.is_empty());

    // A span ending the day before it was received: nothing.
    let before = read(date(2026, 1, 1), date(2026, 3, 1)).await;
    assert_eq!(before.facts, Vec::new());
    assert!(before.without_facts.is_empty());

    // The span's last day is the response day: still read.
    let last_day = read(date(2026, 3, 20), date(2026, 3, 20)).await;
    assert_eq!(last_day.facts, vec![answered(), answered()]);
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
            store
                .report_facts(
                    &org,
                    date(2026, 3, 1),
                    date(2026, 3, 31),
                    procedure.as_ref(),
                )
                .await
                .expect("read")
                .facts
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
