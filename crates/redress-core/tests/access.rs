//! Who may see a case (`redress_core::access`), on the shipped procedures: the people named
//! keep out the users who are them (by role, by member list, by an officer's confirmed link),
//! a declared conflict keeps its declarer out, roles that see only assigned cases see only
//! those, and a sensitive case narrows to the roles it names.

mod common;

use common::Scenario;
use redress_core::access::{CaseAccess, Denied, Staff, StaffRole, Subject, suggest};
use redress_core::case::PersonNamed;
use redress_core::ids::RoleId;
use serde_json::json;

fn role(id: &str) -> RoleId {
    RoleId::parse(id).expect("a role id")
}

fn staff<'a>(
    username: &'a str,
    role: StaffRole,
    holds: &'a [RoleId],
    member_ids: &'a [String],
) -> Staff<'a> {
    Staff {
        username,
        role,
        holds,
        member_ids,
    }
}

/// PIPS' policy: "If the complaint is in relation to the Chair ... If a complaint involves a Chair
/// they will not be involved in the investigation." The user holding the Chair's role is kept
/// out, even as admin; the Data Protection/Membership Secretary, who acts for the Chair, is not.
#[test]
fn a_complaint_naming_the_chair_keeps_every_holder_of_the_chair_out_even_an_admin() {
    let mut s = Scenario::new("pips-stockport.toml");
    s.receive(
        "2026-12-16 10:00",
        json!({ "people_named": [{ "name": "The Chair", "role": "chair" }] }),
    );
    let access = CaseAccess::of(&s.case);
    let chair = [role("chair")];
    let secretary = [role("data-protection-secretary")];
    for staff_role in StaffRole::ALL {
        let denied = access.admits(&staff("chair-user", staff_role, &chair, &[]));
        assert!(
            matches!(&denied, Err(Denied::KeptOut(k)) if k.subject == Subject::Role(role("chair"))),
            "{staff_role:?} holding the Chair's role: {denied:?}"
        );
    }
    assert_eq!(
        access.admits(&staff(
            "secretary",
            StaffRole::FeedbackOfficer,
            &secretary,
            &[]
        )),
        Ok(())
    );
    assert_eq!(
        access.admits(&staff("admin", StaffRole::Admin, &[], &[])),
        Ok(())
    );
}

/// A person named by name only is kept out once an officer links them to a user; before the
/// link nobody is (names are never matched by guesswork), and the suggestion offers the match.
#[test]
fn a_person_named_is_kept_out_once_an_officer_links_them_to_their_user() {
    let mut s = Scenario::new("leeds-pps.toml");
    s.receive(
        "2027-02-25 10:00",
        json!({ "people_named": [{ "name": "Sam Adviser" }] }),
    );
    let sam = staff("sam", StaffRole::FeedbackOfficer, &[], &[]);
    assert_eq!(CaseAccess::of(&s.case).admits(&sam), Ok(()));

    let candidates = [
        redress_core::access::Candidate {
            id: "sam".into(),
            name: "Sam Adviser".into(),
            holds: vec![],
        },
        redress_core::access::Candidate {
            id: "kim".into(),
            name: "Kim Other".into(),
            holds: vec![],
        },
    ];
    let person = PersonNamed {
        name: "sam ADVISER".into(),
        role: None,
        member_id: None,
    };
    let suggested: Vec<&str> = suggest(&person, &candidates)
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(suggested, ["sam"]);

    s.act(
        "2027-02-25 11:00",
        json!({ "type": "link-person", "person": 1, "username": "sam" }),
    );
    assert!(matches!(
        CaseAccess::of(&s.case).admits(&sam),
        Err(Denied::KeptOut(_))
    ));
    // There is no person 2.
    let refusal = s.refused(
        "2027-02-25 11:05",
        json!({ "type": "link-person", "person": 2, "username": "kim" }),
    );
    assert_eq!(refusal.field.as_deref(), Some("person"));
}

/// A declared conflict keeps its declarer out, and they can no longer be assigned.
#[test]
fn a_declared_conflict_keeps_the_declarer_out_and_off_the_case() {
    let mut s = Scenario::new("tfc-sunderland.toml");
    s.receive("2027-02-01 10:00", json!({}));
    s.act(
        "2027-02-01 11:00",
        json!({ "type": "declare-conflict", "username": "jo", "reason": "The parent is my neighbour." }),
    );
    let jo = staff("jo", StaffRole::Manager, &[], &[]);
    assert!(matches!(
        CaseAccess::of(&s.case).admits(&jo),
        Err(Denied::KeptOut(_))
    ));
    let refusal = s.refused(
        "2027-02-01 12:00",
        json!({ "type": "assign-handler", "name": "Jo", "role": "feedback-officer", "username": "jo" }),
    );
    assert_eq!(refusal.code, "conflict-of-interest");
    assert_eq!(refusal.field.as_deref(), Some("username"));
}

/// Investigators see the cases assigned to them at any stage; reviewers only while the stage
/// they were assigned to is the current one.
#[test]
fn investigators_and_reviewers_see_only_what_is_assigned_to_them() {
    let mut s = Scenario::new("pips-stockport.toml");
    s.receive("2026-12-16 10:00", json!({}));
    let investigator = staff("ivy", StaffRole::Investigator, &[], &[]);
    let reviewer = staff("rex", StaffRole::Reviewer, &[], &[]);
    assert_eq!(
        CaseAccess::of(&s.case).admits(&investigator),
        Err(Denied::NotAssigned)
    );
    s.act("2026-12-17 10:00", json!({ "type": "acknowledge" }));
    s.act(
        "2026-12-17 10:05",
        json!({ "type": "assign-handler", "name": "Ivy", "role": "chair", "username": "ivy" }),
    );
    assert_eq!(CaseAccess::of(&s.case).admits(&investigator), Ok(()));
    assert_eq!(
        CaseAccess::of(&s.case).admits(&reviewer),
        Err(Denied::NotAssigned)
    );
    s.act(
        "2027-01-11 10:00",
        json!({ "type": "respond", "outcome": "not-upheld", "findings": "The calls were returned." }),
    );
    s.act(
        "2027-01-12 10:00",
        json!({ "type": "request-escalation", "reasons": "I do not accept it.", "in_writing": true }),
    );
    // Stage 2 now: the stage-1 investigator still sees the case; a reviewer assigned to stage 2
    // sees it while it is at stage 2.
    assert_eq!(CaseAccess::of(&s.case).admits(&investigator), Ok(()));
    s.act(
        "2027-01-13 10:00",
        json!({ "type": "assign-handler", "name": "Rex", "role": "independent-reviewer", "username": "rex" }),
    );
    assert_eq!(CaseAccess::of(&s.case).admits(&reviewer), Ok(()));
}

/// King's Park: members drawn onto the subgroup are assigned; a member named is kept out (and
/// left out of the draw).
#[test]
fn members_drawn_are_assigned_and_members_named_are_kept_out() {
    let mut s = Scenario::new("kings-park-pp.toml");
    s.receive(
        "2026-12-01 10:00",
        json!({ "people_named": [{ "name": "A Member", "member_id": "m7" }] }),
    );
    s.act(
        "2026-12-07 10:00",
        json!({ "type": "draw-panel", "seed": 7, "candidates": [
            { "id": "m1", "name": "One" }, { "id": "m2", "name": "Two" },
            { "id": "m3", "name": "Three" }, { "id": "m7", "name": "A Member" }
        ] }),
    );
    let access = CaseAccess::of(&s.case);
    let drawn: Vec<String> = access
        .assigned
        .iter()
        .map(|s| match s {
            Subject::Member(id) => id.clone(),
            other => panic!("only members are assigned: {other:?}"),
        })
        .collect();
    assert_eq!(drawn.len(), 3);
    assert!(!drawn.contains(&"m7".to_owned()));
    let m1 = ["m1".to_owned()];
    let m7 = ["m7".to_owned()];
    assert_eq!(
        access.admits(&staff("one", StaffRole::Investigator, &[], &m1)),
        Ok(())
    );
    assert!(matches!(
        access.admits(&staff("member-seven", StaffRole::FeedbackOfficer, &[], &m7)),
        Err(Denied::KeptOut(_))
    ));
}

/// A sensitive case is seen only by holders of the roles it names (and those assigned).
#[test]
fn a_sensitive_case_narrows_to_the_roles_it_names() {
    let mut s = Scenario::new("tfc-sunderland.toml");
    s.receive("2027-02-01 10:00", json!({}));
    s.act(
        "2027-02-01 10:30",
        json!({ "type": "mark-sensitive", "reason": "A safeguarding concern about a child.", "roles": ["feedback-manager"] }),
    );
    let manager = [role("feedback-manager")];
    assert_eq!(
        CaseAccess::of(&s.case).admits(&staff("fo", StaffRole::FeedbackOfficer, &[], &[])),
        Err(Denied::Sensitive)
    );
    assert_eq!(
        CaseAccess::of(&s.case).admits(&staff("cfm", StaffRole::FeedbackOfficer, &manager, &[])),
        Ok(())
    );
    let refusal = s.refused(
        "2027-02-01 10:40",
        json!({ "type": "mark-sensitive", "reason": "Again.", "roles": ["headteacher"] }),
    );
    assert_eq!(refusal.field.as_deref(), Some("roles"));
}
