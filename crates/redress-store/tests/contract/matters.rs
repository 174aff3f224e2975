//! The cases a new one is compared with for repeats: the most recent of its organisation and
//! every case of its people however old, each once, with which of the people are on it.

use redress_store::Store;

use super::Harness;
use super::support::CaseSpec;

pub async fn matters_bring_every_case_of_the_people_beside_the_most_recent(
    harness: &mut impl Harness,
) {
    let store = harness.fresh().await;
    let mut references = Vec::new();
    // Received at minutes 0..5; the parent is on the first three, the advocate on 1 and 4.
    for minutes in 0..5 {
        let spec = CaseSpec::complaint("leeds-pps", minutes);
        let reference = store
            .create_case(&spec.org, spec.prefix, 2026, |reference| {
                let mut case = spec.new_case(reference);
                if minutes < 3 {
                    case.read_models
                        .people
                        .push("parent@example.org".to_owned());
                }
                if minutes == 1 || minutes == 4 {
                    case.read_models
                        .people
                        .push("advocate@example.org".to_owned());
                }
                Ok::<_, String>(case)
            })
            .await
            .expect("stored")
            .expect("built");
        references.push(reference);
    }
    let people = [
        "parent@example.org".to_owned(),
        "advocate@example.org".to_owned(),
    ];
    let org = CaseSpec::complaint("leeds-pps", 0).org;
    let rows = store.matters(&org, &people, 2).await.expect("read");
    let seen: Vec<(&str, Vec<&str>)> = rows
        .iter()
        .map(|row| {
            let on: Vec<&str> = row.people.iter().map(String::as_str).collect();
            (row.reference.as_str(), on)
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            // The two most recent, newest first.
            (references[4].as_str(), vec!["advocate@example.org"]),
            (references[3].as_str(), vec![]),
            // Then the parent's older cases, newest first, and the advocate's on one of them.
            (references[2].as_str(), vec!["parent@example.org"]),
            (
                references[1].as_str(),
                vec!["parent@example.org", "advocate@example.org"]
            ),
            (references[0].as_str(), vec!["parent@example.org"]),
        ]
    );
}
