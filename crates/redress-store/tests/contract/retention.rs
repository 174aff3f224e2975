//! The cases a retention run reads (migrations 0024 and 0026): of one organisation, the closed
//! ones whose day has come, and those of a silent procedure closed before the instant the
//! default period gives; never the open, the erased, or those whose day is still to come; and
//! a case's next commit moves it in or out.

use jiff::civil::date;
use redress_core::case::retention::RetentionCheck;
use redress_store::Store;

use super::Harness;
use super::support::{CaseSpec, at, event};

pub async fn retention_reads_only_the_cases_whose_day_has_come(harness: &mut impl Harness) {
    let store = harness.fresh().await;
    let today = date(2027, 6, 1);
    let leeds = |received: i64, closed: Option<i64>, retention| CaseSpec {
        closed_minutes: closed,
        retention,
        ..CaseSpec::complaint("leeds-pps", received)
    };
    let specs = [
        // Closed, due yesterday and today: read.
        leeds(0, Some(10), RetentionCheck::From(date(2027, 5, 31))),
        leeds(1, Some(11), RetentionCheck::From(today)),
        // Closed, due tomorrow: not yet.
        leeds(2, Some(12), RetentionCheck::From(date(2027, 6, 2))),
        // The procedure is silent: read once it closed before the default period's instant.
        leeds(3, Some(13), RetentionCheck::Every),
        // Erased already.
        leeds(4, Some(14), RetentionCheck::Never),
        // Open.
        leeds(5, None, RetentionCheck::Never),
        // Silent too, closed later: not yet due by `at(14)`.
        leeds(6, Some(30), RetentionCheck::Every),
    ];
    let mut references = Vec::new();
    for spec in &specs {
        references.push(spec.create(&store).await);
    }
    // Another organisation's case that is due is not Leeds'.
    let pips = CaseSpec {
        prefix: "PIPS",
        closed_minutes: Some(10),
        retention: RetentionCheck::From(date(2027, 1, 1)),
        ..CaseSpec::complaint("pips-stockport", 0)
    };
    let elsewhere = pips.create(&store).await;

    let candidates = |on, silent_closed_before| {
        let store = store.clone();
        let org = specs[0].org.clone();
        async move {
            store
                .retention_candidates(&org, on, silent_closed_before)
                .await
                .expect("read")
        }
    };
    // The silent case closed at minute 13 is due by `at(14)`; the one at 30 is not.
    let read = |on| candidates(on, at(14));
    // Oldest closure first.
    assert_eq!(
        read(today).await,
        vec![
            references[0].clone(),
            references[1].clone(),
            references[3].clone()
        ]
    );
    assert_eq!(
        store
            .retention_candidates(&pips.org, today, at(14))
            .await
            .expect("read"),
        vec![elsewhere]
    );
    // Closed at the very instant: not before it, so not read; later, both silent cases are.
    let silent = |before| candidates(date(2027, 5, 1), before);
    assert!(silent(at(13)).await.is_empty());
    assert_eq!(
        silent(at(31)).await,
        vec![references[3].clone(), references[6].clone()]
    );
    // A day later the third is due too.
    assert_eq!(read(date(2027, 6, 2)).await.len(), 4);

    // Its next commit (erased, say) takes a case out; a hold lifted on a due one puts it in.
    let erased = CaseSpec {
        retention: RetentionCheck::Never,
        ..specs[0].clone()
    };
    store
        .append(erased.commit(&references[0], 1, vec![event("erased", 20)]))
        .await
        .expect("appended");
    let lifted = CaseSpec {
        retention: RetentionCheck::From(date(2027, 5, 1)),
        ..specs[4].clone()
    };
    store
        .append(lifted.commit(&references[4], 1, vec![event("hold lifted", 20)]))
        .await
        .expect("appended");
    assert_eq!(
        read(today).await,
        vec![
            references[1].clone(),
            references[3].clone(),
            references[4].clone()
        ]
    );
    // A rebuild's read models are written the same way.
    let mut rebuilt = specs[1].read_models(&references[1], 1);
    rebuilt.retention = RetentionCheck::From(date(2027, 7, 1));
    store.replace_read_models(rebuilt).await.expect("replaced");
    assert_eq!(
        read(today).await,
        vec![references[3].clone(), references[4].clone()]
    );
}
