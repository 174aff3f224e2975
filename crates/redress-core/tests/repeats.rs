//! Repeats and duplicates: a new complaint that closely matches an earlier one from the same
//! person or about the same matter, the refusal reason the procedures give for complaints
//! already investigated (Sunderland: "Complaints which have already been investigated ... will
//! not be considered"; SENDIASS 3.3), and when a duplicate may be merged into another case.

mod common;

use common::{Scenario, at, load};
use redress_core::case::{Case, Ending, Fact, Party, RefusalCode};
use redress_core::ids::{OrgId, RoleId};
use redress_core::repeats::{
    Earlier, decide_merge, matter_words, refusal_reason, repeats, similarity,
};
use serde_json::json;

fn received(what: &str, email: &str) -> Scenario {
    let mut s = Scenario::new("tfc-sunderland.toml");
    s.act(
        "2026-12-14 10:00",
        json!({"type": "receive", "reference": "TFC-2026-0001", "submission": {
            "kind": "complaint", "channel": "email",
            "complainant": {"name": "A Parent", "email": email},
            "what_happened": what,
        }}),
    );
    s
}

#[test]
fn the_matter_is_the_distinctive_words_each_once() {
    assert_eq!(
        matter_words("The bus did NOT come; the bus driver was rude, and I complained!"),
        ["bus", "come", "driver", "rude", "complained"]
    );
    let a = matter_words("My son's school transport bus did not arrive on Monday morning.");
    let b = matter_words("Again the school transport bus for my son did not arrive this morning.");
    let c = matter_words("The annual review meeting was cancelled without notice.");
    assert!(
        similarity(&a, &b) >= redress_core::repeats::SAME_MATTER,
        "{}",
        similarity(&a, &b)
    );
    assert!(similarity(&a, &c) < 20, "{}", similarity(&a, &c));
    assert_eq!(similarity(&a, &[]), 0);
}

#[test]
fn a_repeat_is_the_same_person_or_the_same_matter_most_alike_first_and_never_itself() {
    let words = matter_words("My son's school transport bus did not arrive on Monday morning.");
    let earlier = vec![
        Earlier {
            reference: "TFC-2026-0001".into(),
            same_person: true,
            words: matter_words("The annual review meeting was cancelled."),
            investigated: false,
        },
        Earlier {
            reference: "TFC-2026-0002".into(),
            same_person: false,
            words: matter_words("The school transport bus did not arrive for my son on Monday."),
            investigated: true,
        },
        Earlier {
            reference: "TFC-2026-0003".into(),
            same_person: false,
            words: matter_words("Nobody answered the telephone."),
            investigated: true,
        },
        Earlier {
            reference: "TFC-2026-0009".into(),
            same_person: true,
            words: words.clone(),
            investigated: false,
        },
    ];
    let found = repeats("TFC-2026-0009", &words, &earlier);
    let references: Vec<&str> = found.iter().map(|r| r.reference.as_str()).collect();
    assert_eq!(references, ["TFC-2026-0002", "TFC-2026-0001"]);
    assert!(found[0].same_matter && !found[0].same_person && found[0].investigated);
    assert!(found[1].same_person && !found[1].same_matter);

    // An investigated complaint about the same matter: Sunderland's exclusion is the reason.
    let sunderland = load("tfc-sunderland.toml");
    let reason = refusal_reason(&sunderland, &found).expect("a reason");
    assert_eq!(reason.id, "already-investigated");
    assert!(reason.title.contains("already investigated"));
    // The same person about another matter is no reason; nor a procedure without the exclusion.
    assert!(refusal_reason(&sunderland, &found[1..]).is_none());
    assert!(refusal_reason(&load("leeds-pps.toml"), &found).is_none());
    assert!(refusal_reason(&load("sendiass-staffordshire.toml"), &found).is_some());
}

fn staff() -> Vec<RoleId> {
    Vec::new()
}

#[test]
fn a_duplicate_merges_into_an_open_case_of_its_organisation_and_closes_as_merged() {
    let duplicate = received("The bus did not come again.", "parent@example.org");
    let survivor = received("The bus did not come.", "parent@example.org");
    let tfc = OrgId::parse("tfc-sunderland").unwrap();
    let leeds = OrgId::parse("leeds-pps").unwrap();
    let holds = staff();
    let merge = |merged_ref: &str,
                 merged: &Case,
                 merged_org: &OrgId,
                 into: &str,
                 survivor: &Case,
                 org: &OrgId| {
        decide_merge(
            merged_ref,
            merged,
            merged_org,
            into,
            survivor,
            org,
            &duplicate.procedure,
            &duplicate.calendar,
            at("2026-12-15 10:00"),
            Party::Staff { holds: &holds },
        )
    };
    let refused = merge(
        "TFC-2026-0002",
        &duplicate.case,
        &tfc,
        "TFC-2026-0002",
        &duplicate.case,
        &tfc,
    )
    .expect_err("not into itself");
    assert_eq!(refused.field.as_deref(), Some("reference"));
    let refused = merge(
        "TFC-2026-0002",
        &duplicate.case,
        &tfc,
        "LPP-2026-0001",
        &survivor.case,
        &leeds,
    )
    .expect_err("not across organisations");
    assert_eq!(refused.field.as_deref(), Some("reference"));

    let (merged, kept) = merge(
        "TFC-2026-0002",
        &duplicate.case,
        &tfc,
        "TFC-2026-0001",
        &survivor.case,
        &tfc,
    )
    .expect("merged");
    assert!(
        matches!(&merged[0].fact, Fact::MergedInto { survivor } if survivor == "TFC-2026-0001")
    );
    assert!(matches!(
        &merged[1].fact,
        Fact::Closed {
            how: Ending::Merged,
            ..
        }
    ));
    assert!(matches!(&kept[0].fact, Fact::DuplicateMerged { from } if from == "TFC-2026-0002"));
    let mut closed = duplicate.case.clone();
    for event in &merged {
        closed.apply(event);
    }
    let mut goes_on = survivor.case.clone();
    for event in &kept {
        goes_on.apply(event);
    }
    assert_eq!(closed.merged_into.as_deref(), Some("TFC-2026-0001"));
    assert_eq!(goes_on.merged_from, ["TFC-2026-0002"]);
    assert!(goes_on.closed.is_none());

    // Not again, not into a closed case, not from the public.
    let refused = merge(
        "TFC-2026-0002",
        &closed,
        &tfc,
        "TFC-2026-0001",
        &goes_on,
        &tfc,
    )
    .expect_err("already closed");
    assert_eq!(refused.code, RefusalCode::Closed);
    let refused = merge(
        "TFC-2026-0003",
        &goes_on,
        &tfc,
        "TFC-2026-0002",
        &closed,
        &tfc,
    )
    .expect_err("into a closed case");
    assert_eq!(refused.field.as_deref(), Some("reference"));
    let refused = decide_merge(
        "TFC-2026-0002",
        &duplicate.case,
        &tfc,
        "TFC-2026-0001",
        &survivor.case,
        &tfc,
        &duplicate.procedure,
        &duplicate.calendar,
        at("2026-12-15 10:00"),
        Party::Complainant,
    )
    .expect_err("staff only");
    assert_ne!(refused.code, RefusalCode::Closed);
}
