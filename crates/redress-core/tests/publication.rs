//! Publishing compliments and suggestions (issue 10 item 10): the officer approves the wording,
//! which may not identify anyone; an officer takes it down, or the giver's withdrawn consent
//! does; and what the public page shows of a case, which erasure empties.

mod common;

use common::{Scenario, at};
use redress_core::case::ErasedBy;
use redress_core::case::publication::{PublicItem, published_kinds};
use redress_core::case::retention::erase;
use redress_core::case::{Case, CommandKind, Fact, Party, RefusalCode, offers};
use redress_core::procedure::FeedbackKind;
use serde_json::json;

const WORDS: &str = "The adviser made the annual review meeting so much easier.";

/// A Leeds compliment from a giver who consents, with a representative and a person named.
fn compliment(consent: bool) -> Scenario {
    let mut s = Scenario::new("leeds-pps.toml");
    s.receive(
        "2027-03-18 15:00",
        json!({
            "kind": "compliment",
            "channel": "web",
            "complainant": { "name": "Robin Oakes", "email": "robin@example.org",
                             "phone": "0113 496 0123", "address": "12 Example Street\nLeeds" },
            "representative": { "contact": { "name": "Sam Birch" }, "relationship": "advocate" },
            "people_named": [{ "name": "Alex Fenwick" }],
            "what_happened": WORDS,
            "outcome_wanted": null,
            "consent_to_publish": consent
        }),
    );
    s
}

fn publish(wording: &str) -> serde_json::Value {
    json!({ "type": "publish", "wording": wording })
}

#[test]
fn the_publish_offer_starts_from_the_givers_words_and_the_approved_wording_is_kept() {
    let mut s = compliment(true);
    let offered = offers(
        &s.case,
        &s.procedure,
        &s.calendar,
        at("2027-03-19 10:00"),
        Party::Staff { holds: &[] },
    );
    let offer = offered
        .iter()
        .find(|o| o.command == CommandKind::Publish)
        .expect("publish is offered");
    assert_eq!(offer.choices.wording.as_deref(), Some(WORDS));
    assert!(
        offer
            .fields
            .iter()
            .any(|f| f.name == "wording" && f.required)
    );
    let events = s.act(
        "2027-03-19 10:00",
        publish("  The adviser was wonderful.  "),
    );
    assert_eq!(
        events[0].fact,
        Fact::Published {
            place: "the Leeds Parent Partnership Service website".to_owned(),
            wording: "The adviser was wonderful.".to_owned(),
        }
    );
    let item = PublicItem::of(&s.case).expect("shown");
    assert_eq!(item.kind, FeedbackKind::Compliment);
    assert_eq!(item.wording, "The adviser was wonderful.");
    assert_eq!(item.published_on, common::date(2027, 3, 19));
}

#[test]
fn wording_that_still_identifies_someone_is_refused_naming_the_field() {
    let s = compliment(true);
    let cases = [
        ("Thanks, Robin: the adviser was great.", "the giver's name"),
        ("thanks from robin oakes", "the giver's name"),
        (
            "Mail robin@example.org for more",
            "the giver's e-mail address",
        ),
        ("Ring me on 0113 496 0123", "the giver's phone number"),
        ("Come to 12 Example Street", "the giver's address"),
        ("Sam helped me write this", "the representative's name"),
        (
            "Alex Fenwick was wonderful",
            "the name of someone named in the case",
        ),
        ("Write to someone@else.org.uk", "an e-mail address"),
        ("Call 07700 900 123 any time", "a phone number"),
        ("We live near LS1 4AP", "a postcode"),
    ];
    for (wording, says) in cases {
        let refusal = s.refused("2027-03-19 10:00", publish(wording));
        assert_eq!(refusal.code, RefusalCode::Invalid, "{wording}");
        assert_eq!(refusal.field.as_deref(), Some("wording"), "{wording}");
        assert!(
            refusal.reason.contains(says),
            "{wording}: {}",
            refusal.reason
        );
    }
    let empty = s.refused("2027-03-19 10:00", publish(" \n "));
    assert_eq!(empty.code, RefusalCode::Missing);
    assert_eq!(empty.field.as_deref(), Some("wording"));
    // Words that only look a little like the details pass: "oakes" written in lower case is
    // not taken for the name, and a year is not a phone number.
    s.try_act(
        "2027-03-19 10:00",
        publish("Under the oakes in 2027 the adviser was great."),
    )
    .expect("not taken for identifying");
}

#[test]
fn an_unconsented_compliment_cannot_be_published_nor_its_consent_withdrawn() {
    let s = compliment(false);
    let refusal = s.refused("2027-03-19 10:00", publish(WORDS));
    assert_eq!(refusal.code, RefusalCode::NotAllowedNow);
    assert!(refusal.reason.contains("did not consent"));
    let refusal = s.refused("2027-03-19 10:00", json!({ "type": "withdraw-consent" }));
    assert!(refusal.reason.contains("nothing to withdraw"));
}

#[test]
fn taken_down_or_consent_withdrawn_it_is_no_longer_shown() {
    let mut s = compliment(true);
    s.act("2027-03-19 10:00", publish(WORDS));
    let events = s.act(
        "2027-03-19 11:00",
        json!({ "type": "unpublish", "reason": "The adviser asked us to." }),
    );
    assert_eq!(
        events[0].fact,
        Fact::Unpublished {
            reason: Some("The adviser asked us to.".to_owned())
        }
    );
    assert_eq!(PublicItem::of(&s.case), None);
    s.act("2027-03-19 12:00", publish("The adviser was helpful."));
    assert!(PublicItem::of(&s.case).is_some());

    // The giver withdraws their consent from the tracking page: it comes down, for good.
    let events = redress_core::case::decide(
        &s.case,
        common::command(json!({ "type": "withdraw-consent" })),
        &s.procedure,
        &s.calendar,
        at("2027-03-20 09:00"),
        Party::Complainant,
    )
    .expect("the giver may withdraw their consent");
    for event in &events {
        s.case.apply(event);
    }
    let facts: Vec<_> = events.iter().map(|e| e.fact.clone()).collect();
    assert_eq!(
        facts,
        vec![Fact::ConsentWithdrawn, Fact::Unpublished { reason: None }]
    );
    assert_eq!(PublicItem::of(&s.case), None);
    let refusal = s.refused("2027-03-20 09:30", publish(WORDS));
    assert!(refusal.reason.contains("withdrew their consent"));
}

#[test]
fn an_erased_case_shows_nothing_and_its_wording_is_erased() {
    let mut s = compliment(true);
    s.act("2027-03-19 10:00", publish(WORDS));
    s.act(
        "2027-03-19 10:05",
        json!({ "type": "reply", "summary": "Thank you." }),
    );
    s.act("2027-03-19 10:10", json!({ "type": "close" }));
    let erasure = erase(
        &s.case,
        &s.events,
        at("2033-04-01 00:00"),
        ErasedBy::Retention,
        None,
    )
    .expect("erasable");
    let mut all = erasure.redacted.clone();
    all.push(erasure.erased.clone());
    let erased = Case::from_events(&all);
    assert!(erased.erased_at.is_some());
    assert_eq!(PublicItem::of(&erased), None);
    let published = erasure
        .redacted
        .iter()
        .find_map(|e| match &e.fact {
            Fact::Published { wording, .. } => Some(wording.clone()),
            _ => None,
        })
        .expect("the event stays");
    assert_eq!(published, "[erased]");
}

#[test]
fn only_leeds_publishes_and_it_publishes_compliments_and_suggestions() {
    let leeds = common::load("leeds-pps.toml");
    let kinds: Vec<_> = published_kinds(&leeds)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        kinds,
        vec![FeedbackKind::Compliment, FeedbackKind::Suggestion]
    );
    for other in [
        "pips-stockport.toml",
        "sendiass-staffordshire.toml",
        "kings-park-pp.toml",
        "tfc-sunderland.toml",
    ] {
        assert!(published_kinds(&common::load(other)).is_empty(), "{other}");
    }
}

#[test]
fn a_published_event_stored_before_wording_was_approved_still_reads_and_is_not_shown() {
    let old: Fact = serde_json::from_value(json!({ "type": "published", "place": "the website" }))
        .expect("an old event reads");
    assert_eq!(
        old,
        Fact::Published {
            place: "the website".to_owned(),
            wording: String::new()
        }
    );
    let mut s = compliment(true);
    s.case.apply(&redress_core::case::Event {
        at: at("2027-03-19 10:00"),
        fact: old,
    });
    assert!(s.case.published_at.is_some());
    assert_eq!(PublicItem::of(&s.case), None);
}
