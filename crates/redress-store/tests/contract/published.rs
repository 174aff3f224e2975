//! The public compliments page's read model (migration 0022): each case published now is one
//! row, written with its other read models, replaced when the case changes and gone when it is
//! taken down or erased; an organisation's rows come newest first, a page at a time.

use jiff::civil::{Date, date};
use redress_store::{PublishedRow, Store};

use super::Harness;
use super::support::{CaseSpec, event};

fn row(kind: &str, on: Date, wording: &str) -> PublishedRow {
    PublishedRow {
        kind: kind.to_owned(),
        published_on: on,
        wording: wording.to_owned(),
    }
}

pub async fn published_items_follow_each_commit_newest_first_per_organisation_in_pages(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let leeds = CaseSpec {
        kind: "compliment",
        ..CaseSpec::complaint("leeds-pps", 0)
    };
    let mut references = Vec::new();
    for day in 1..=5 {
        let published = row(
            "compliment",
            date(2027, 3, day),
            &format!("Thank you, day {day}."),
        );
        let reference = store
            .create_case(&leeds.org, leeds.prefix, 2027, |reference| {
                let mut case = leeds.new_case(reference);
                case.read_models.published = Some(published.clone());
                Ok::<_, String>(case)
            })
            .await
            .expect("stored")
            .expect("built");
        references.push(reference);
    }
    // Another organisation's item is never on Leeds' page.
    let pips = CaseSpec {
        prefix: "PIPS",
        ..CaseSpec::complaint("pips-stockport", 0)
    };
    store
        .create_case(&pips.org, pips.prefix, 2027, |reference| {
            let mut case = pips.new_case(reference);
            case.read_models.published = Some(row("compliment", date(2027, 4, 1), "Elsewhere."));
            Ok::<_, String>(case)
        })
        .await
        .expect("stored")
        .expect("built");

    let page = |n: u32| {
        let store = store.clone();
        let org = leeds.org.clone();
        async move { store.published_items(&org, n, 2).await.expect("read") }
    };
    let first = page(0).await;
    let words = |p: &redress_store::PublishedPage| -> Vec<String> {
        p.items.iter().map(|i| i.wording.clone()).collect()
    };
    assert_eq!(
        words(&first),
        vec!["Thank you, day 5.", "Thank you, day 4."]
    );
    assert!(first.more);
    assert_eq!(
        words(&page(1).await),
        vec!["Thank you, day 3.", "Thank you, day 2."]
    );
    let last = page(2).await;
    assert_eq!(words(&last), vec!["Thank you, day 1."]);
    assert!(!last.more);
    assert!(page(3).await.items.is_empty());

    // New wording replaces the row; a take-down (no row in the read models) deletes it.
    let mut reworded = leeds.commit(&references[4], 1, vec![event("reworded", 10)]);
    reworded.read_models.published = Some(row("suggestion", date(2027, 3, 5), "New words."));
    store.append(reworded).await.expect("appended");
    assert_eq!(
        page(0).await.items[0],
        row("suggestion", date(2027, 3, 5), "New words.")
    );
    let taken_down = leeds.commit(&references[4], 2, vec![event("taken down", 20)]);
    store.append(taken_down).await.expect("appended");
    assert_eq!(
        words(&page(0).await),
        vec!["Thank you, day 4.", "Thank you, day 3."]
    );
    // A rebuild's read models are written the same way.
    let mut rebuilt = leeds.read_models(&references[0], 1);
    rebuilt.published = None;
    store.replace_read_models(rebuilt).await.expect("replaced");
    let all = store
        .published_items(&leeds.org, 0, 50)
        .await
        .expect("read");
    assert_eq!(
        words(&all),
        vec![
            "Thank you, day 4.",
            "Thank you, day 3.",
            "Thank you, day 2."
        ]
    );
}
