//! Subject access and erasure requests: the one rule of which cases hold a person's data (where
//! their e-mail address is the complainant's or the representative's, compared without regard
//! to case), and whether a case may be erased at their request now.

use serde::Serialize;

use super::Case;
use super::retention::Retained;

/// In what capacity a case holds someone's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Capacity {
    /// They made the complaint (or gave the feedback).
    Complainant,
    /// They represent the complainant.
    Representative,
}

/// The capacities in which `case` holds the person with `email` (already parsed with
/// `input::Email`), in the order above; empty when it does not hold them.
pub fn capacities(case: &Case, email: &str) -> Vec<Capacity> {
    let Some(submission) = case.submission.as_ref() else {
        return Vec::new();
    };
    let same = |held: Option<&str>| {
        held.is_some_and(|held| held.trim().eq_ignore_ascii_case(email.trim()))
    };
    let mut found = Vec::new();
    if same(
        submission
            .complainant
            .as_ref()
            .and_then(|c| c.email.as_deref()),
    ) {
        found.push(Capacity::Complainant);
    }
    if same(
        submission
            .representative
            .as_ref()
            .and_then(|r| r.contact.email.as_deref()),
    ) {
        found.push(Capacity::Representative);
    }
    found
}

/// Why a case is not erased at a person's request now. The law (UK GDPR article 17(3)) lets an
/// organisation keep data it needs to establish, exercise or defend legal claims, and a
/// complaint still being handled needs its complainant's details to be answered; so an erasure
/// request is carried out on closed cases only, and never on a case under a legal hold (kept
/// for an ombudsman or a court). The person is told which cases were kept and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ErasureRefused {
    /// The case is still open.
    #[error(
        "the case is still open: its details are needed to answer the complaint; ask again once it is closed"
    )]
    Open,
    /// A legal hold is in force.
    #[error(
        "a legal hold is in force ({reason}): the case is kept for legal claims until the hold is lifted"
    )]
    Held {
        /// The hold's reason.
        reason: String,
    },
    /// Erased already.
    #[error("its personal data was erased already")]
    Erased,
}

/// Whether `case` may be erased at the request of someone it holds, given what retention says
/// of it (`retention::retained`).
pub fn erasable(retained: &Retained) -> Result<(), ErasureRefused> {
    match retained {
        Retained::Open => Err(ErasureRefused::Open),
        Retained::Held(reason) => Err(ErasureRefused::Held {
            reason: reason.clone(),
        }),
        Retained::Erased => Err(ErasureRefused::Erased),
        Retained::Until(_) | Retained::Due(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Submission;

    fn case_of(complainant: Option<&str>, representative: Option<&str>) -> Case {
        let submission: Submission = serde_json::from_value(serde_json::json!({
            "kind": "complaint",
            "channel": "email",
            "complainant": complainant.map(|email| serde_json::json!({ "name": "A", "email": email })),
            "representative": representative.map(|email| serde_json::json!({
                "contact": { "name": "B", "email": email },
                "relationship": "parent",
            })),
            "what_happened": "x",
        }))
        .expect("a submission");
        Case {
            submission: Some(submission),
            ..Case::default()
        }
    }

    #[test]
    fn a_case_holds_a_person_by_either_address_whatever_its_case() {
        let table = [
            (Some("a@example.org"), None, vec![Capacity::Complainant]),
            (
                None,
                Some(" A@Example.ORG "),
                vec![Capacity::Representative],
            ),
            (
                Some("a@example.org"),
                Some("a@example.org"),
                vec![Capacity::Complainant, Capacity::Representative],
            ),
            (Some("ab@example.org"), Some("b@example.org"), vec![]),
            (None, None, vec![]),
        ];
        for (complainant, representative, expected) in table {
            assert_eq!(
                capacities(&case_of(complainant, representative), "a@example.org"),
                expected,
                "{complainant:?} {representative:?}"
            );
        }
        assert_eq!(capacities(&Case::default(), "a@example.org"), vec![]);
    }

    #[test]
    fn only_closed_cases_without_a_hold_are_erased_on_request() {
        let day = jiff::civil::date(2026, 3, 10);
        assert_eq!(erasable(&Retained::Open), Err(ErasureRefused::Open));
        assert_eq!(
            erasable(&Retained::Held("ombudsman".into())),
            Err(ErasureRefused::Held {
                reason: "ombudsman".into()
            })
        );
        assert_eq!(erasable(&Retained::Erased), Err(ErasureRefused::Erased));
        assert_eq!(erasable(&Retained::Until(day)), Ok(()));
        assert_eq!(erasable(&Retained::Due(day)), Ok(()));
    }
}
