//! Where an e-mail that arrives belongs: the one rule of e-mail in, over facts the app has already
//! read from the message and the store (the references it carries, its sender, each referenced
//! case's contact addresses). Pure: no parsing of MIME here, no I/O.
//!
//! A message that names exactly one case — by a reference in its subject such as
//! `[LPP-2026-0007]`, or by In-Reply-To/References naming a message redress sent about the case
//! — and comes from that case's contact address is information received on the case. From any
//! other address, or naming several cases, or a reference no case has, it waits in the triage
//! queue for an officer. With no reference at all it is new feedback: a new case.

use serde::{Deserialize, Serialize};

use crate::case::{Case, CommandKind, Party};

/// What the app read from one message and found in the store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Arrival {
    /// The sender's address (`From`), if the message has one that parses.
    pub sender: Option<String>,
    /// Every reference the message carries (subject, or the thread of a message redress sent),
    /// each once, in the order found.
    pub references: Vec<String>,
    /// The cases among `references` that exist, with their contact addresses.
    pub cases: Vec<KnownCase>,
}

/// A referenced case that exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownCase {
    /// Its reference.
    pub reference: String,
    /// The addresses redress may take as the case's own: the complainant's and the
    /// representative's e-mail addresses ([`contact_addresses`]).
    pub contacts: Vec<String>,
    /// Whether the complainant may send information to it now (`Party::Complainant.may`:
    /// not once it is closed, when what they send is a new matter).
    pub takes_information: bool,
}

impl KnownCase {
    /// The facts of `case`, under `reference`, that the rule reads.
    pub fn of(reference: &str, case: &Case) -> KnownCase {
        KnownCase {
            reference: reference.to_owned(),
            contacts: contact_addresses(case),
            takes_information: Party::Complainant.may(CommandKind::ReceiveInformation, case),
        }
    }
}

/// Where a message goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "route", rename_all = "kebab-case")]
pub enum Route {
    /// Information received on the case.
    Information {
        /// The case.
        reference: String,
    },
    /// The triage queue, for an officer to match to a case or reject.
    Triage {
        /// The case it seems to belong to, when there is one.
        reference: Option<String>,
        /// Why it could not go to a case by itself.
        reason: TriageReason,
    },
    /// A new case, awaiting triage.
    NewCase,
}

/// Why a message waits for an officer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TriageReason {
    /// It names a case but does not come from that case's contact address.
    NotFromContact,
    /// It names a case but has no sender address.
    NoSender,
    /// It names a reference no case has.
    UnknownReference,
    /// It names more than one case.
    SeveralCases,
    /// It would have gone to a case or become one, but the procedure refused (a closed case,
    /// feedback the procedure cannot take by e-mail): the app records the refusal beside it.
    Refused,
    /// It comes from the case's address, but the case is closed: what the complainant sends
    /// now is a new matter, for an officer to look at.
    CaseClosed,
}

impl TriageReason {
    /// The reason in words, for the triage queue.
    pub fn words(self) -> &'static str {
        match self {
            TriageReason::NotFromContact => "it quotes a case but is not from that case's address",
            TriageReason::NoSender => "it quotes a case but has no sender address",
            TriageReason::UnknownReference => "it quotes a reference no case has",
            TriageReason::SeveralCases => "it quotes more than one case",
            TriageReason::Refused => "the procedure refused it",
            TriageReason::CaseClosed => "it is from the case's address, but the case is closed",
        }
    }
}

/// Where a message goes, given what was read from it.
pub fn route(arrival: &Arrival) -> Route {
    if arrival.references.is_empty() {
        return Route::NewCase;
    }
    let case = match arrival.cases.as_slice() {
        [] => {
            return Route::Triage {
                reference: None,
                reason: TriageReason::UnknownReference,
            };
        }
        [case] => case,
        [first, ..] => {
            return Route::Triage {
                reference: Some(first.reference.clone()),
                reason: TriageReason::SeveralCases,
            };
        }
    };
    let Some(sender) = &arrival.sender else {
        return Route::Triage {
            reference: Some(case.reference.clone()),
            reason: TriageReason::NoSender,
        };
    };
    if !case
        .contacts
        .iter()
        .any(|contact| same_address(contact, sender))
    {
        Route::Triage {
            reference: Some(case.reference.clone()),
            reason: TriageReason::NotFromContact,
        }
    } else if !case.takes_information {
        Route::Triage {
            reference: Some(case.reference.clone()),
            reason: TriageReason::CaseClosed,
        }
    } else {
        Route::Information {
            reference: case.reference.clone(),
        }
    }
}

/// Whether two e-mail addresses are the same mailbox. Compared without case: the domain is
/// case-insensitive, and no mail system in use treats the local part otherwise.
pub fn same_address(one: &str, other: &str) -> bool {
    one.trim().eq_ignore_ascii_case(other.trim())
}

/// The e-mail addresses a case's messages may come from: the complainant's and the
/// representative's, as given on the case.
pub fn contact_addresses(case: &Case) -> Vec<String> {
    let Some(submission) = &case.submission else {
        return Vec::new();
    };
    submission
        .complainant
        .iter()
        .filter_map(|contact| contact.email.clone())
        .chain(
            submission
                .representative
                .iter()
                .filter_map(|representative| representative.contact.email.clone()),
        )
        .collect()
}

/// Every case reference in `text` with one of `prefixes`: `PREFIX-YYYY-NNNN` (four or more
/// digits of number), standing alone (not inside a longer word), each once, in order.
pub fn find_references(text: &str, prefixes: &[&str]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let bytes = text.as_bytes();
    for prefix in prefixes.iter().filter(|prefix| !prefix.is_empty()) {
        let mut from = 0;
        while let Some(offset) = text[from..].find(prefix) {
            let start = from + offset;
            from = start + prefix.len();
            if start > 0 && is_word_byte(bytes[start - 1]) {
                continue;
            }
            if let Some(end) = reference_end(bytes, start + prefix.len()) {
                let reference = &text[start..end];
                if !found.iter().any(|known| known == reference) {
                    found.push(reference.to_owned());
                }
            }
        }
    }
    // In the order they appear in the text, whatever the prefixes' order.
    found.sort_by_key(|reference| text.find(reference.as_str()));
    found
}

/// Where `-YYYY-NNNN` starting at `at` ends, if it is there and ends a word.
fn reference_end(bytes: &[u8], at: usize) -> Option<usize> {
    let digits = |from: usize| {
        bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    if bytes.get(at) != Some(&b'-') || digits(at + 1) != 4 {
        return None;
    }
    let number_at = at + 6;
    if bytes.get(number_at - 1) != Some(&b'-') {
        return None;
    }
    let number = digits(number_at);
    if !(4..=9).contains(&number) {
        return None;
    }
    let end = number_at + number;
    match bytes.get(end) {
        Some(&byte) if is_word_byte(byte) => None,
        _ => Some(end),
    }
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The outbox id in a Message-ID redress sent, `<{outbox id}@{domain}>`; `None` for any other
/// Message-ID. The domain is compared without case.
pub fn sent_message_id<'a>(message_id: &'a str, domain: &str) -> Option<&'a str> {
    let inner = message_id.trim();
    let inner = inner.strip_prefix('<').unwrap_or(inner);
    let inner = inner.strip_suffix('>').unwrap_or(inner);
    let (id, at_domain) = inner.rsplit_once('@')?;
    (!id.is_empty() && !domain.is_empty() && at_domain.eq_ignore_ascii_case(domain)).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(reference: &str, contacts: &[&str]) -> KnownCase {
        KnownCase {
            reference: reference.to_owned(),
            contacts: contacts.iter().map(|c| (*c).to_owned()).collect(),
            takes_information: true,
        }
    }

    fn arrival(sender: Option<&str>, references: &[&str], cases: Vec<KnownCase>) -> Arrival {
        Arrival {
            sender: sender.map(str::to_owned),
            references: references.iter().map(|r| (*r).to_owned()).collect(),
            cases,
        }
    }

    fn triage(reference: Option<&str>, reason: TriageReason) -> Route {
        Route::Triage {
            reference: reference.map(str::to_owned),
            reason,
        }
    }

    #[test]
    fn the_routing_rule_in_every_case() {
        let lpp7 = || {
            case(
                "LPP-2026-0007",
                &["parent@example.org", "Advocate@Example.org"],
            )
        };
        let table: Vec<(&str, Arrival, Route)> = vec![
            (
                "no reference: a new case",
                arrival(Some("someone@example.org"), &[], vec![]),
                Route::NewCase,
            ),
            (
                "no reference and no sender: still a new case",
                arrival(None, &[], vec![]),
                Route::NewCase,
            ),
            (
                "the case's complainant: information received",
                arrival(Some("parent@example.org"), &["LPP-2026-0007"], vec![lpp7()]),
                Route::Information {
                    reference: "LPP-2026-0007".into(),
                },
            ),
            (
                "the representative, in other letter case: information received",
                arrival(
                    Some(" advocate@EXAMPLE.org "),
                    &["LPP-2026-0007"],
                    vec![lpp7()],
                ),
                Route::Information {
                    reference: "LPP-2026-0007".into(),
                },
            ),
            (
                "another address: triage",
                arrival(Some("spoof@example.net"), &["LPP-2026-0007"], vec![lpp7()]),
                triage(Some("LPP-2026-0007"), TriageReason::NotFromContact),
            ),
            (
                "an address that only contains the contact's: triage",
                arrival(
                    Some("xparent@example.org"),
                    &["LPP-2026-0007"],
                    vec![lpp7()],
                ),
                triage(Some("LPP-2026-0007"), TriageReason::NotFromContact),
            ),
            (
                "a case with no e-mail address: triage",
                arrival(
                    Some("parent@example.org"),
                    &["LPP-2026-0008"],
                    vec![case("LPP-2026-0008", &[])],
                ),
                triage(Some("LPP-2026-0008"), TriageReason::NotFromContact),
            ),
            (
                "no sender: triage",
                arrival(None, &["LPP-2026-0007"], vec![lpp7()]),
                triage(Some("LPP-2026-0007"), TriageReason::NoSender),
            ),
            (
                "a reference no case has: triage",
                arrival(Some("parent@example.org"), &["LPP-2026-0999"], vec![]),
                triage(None, TriageReason::UnknownReference),
            ),
            (
                "two cases: triage, even from a contact",
                arrival(
                    Some("parent@example.org"),
                    &["LPP-2026-0007", "LPP-2026-0008"],
                    vec![lpp7(), case("LPP-2026-0008", &["parent@example.org"])],
                ),
                triage(Some("LPP-2026-0007"), TriageReason::SeveralCases),
            ),
            (
                "a closed case's own address: triage, as a new matter",
                arrival(
                    Some("parent@example.org"),
                    &["LPP-2026-0007"],
                    vec![KnownCase {
                        takes_information: false,
                        ..lpp7()
                    }],
                ),
                triage(Some("LPP-2026-0007"), TriageReason::CaseClosed),
            ),
            (
                "a closed case, another address: still not from the contact",
                arrival(
                    Some("spoof@example.net"),
                    &["LPP-2026-0007"],
                    vec![KnownCase {
                        takes_information: false,
                        ..lpp7()
                    }],
                ),
                triage(Some("LPP-2026-0007"), TriageReason::NotFromContact),
            ),
            (
                "one known and one unknown reference: the known case decides",
                arrival(
                    Some("parent@example.org"),
                    &["LPP-2026-0007", "LPP-2026-0999"],
                    vec![lpp7()],
                ),
                Route::Information {
                    reference: "LPP-2026-0007".into(),
                },
            ),
        ];
        for (name, arrival, expected) in table {
            assert_eq!(route(&arrival), expected, "{name}");
        }
    }

    #[test]
    fn references_are_found_standing_alone() {
        let prefixes = ["LPP", "KPS"];
        let table: &[(&str, &[&str])] = &[
            ("Re: Your complaint [LPP-2026-0007]", &["LPP-2026-0007"]),
            (
                "RE: [KPS-2025-12345] and LPP-2026-0001",
                &["KPS-2025-12345", "LPP-2026-0001"],
            ),
            ("LPP-2026-0007 LPP-2026-0007", &["LPP-2026-0007"]),
            ("XLPP-2026-0007", &[]),
            ("LPP-2026-00071x", &[]),
            ("LPP-26-0007", &[]),
            ("LPP-2026-007", &[]),
            ("ABC-2026-0007", &[]),
            ("LPP-2026-", &[]),
            ("LPP", &[]),
            ("", &[]),
            ("é LPP-2026-0042é", &["LPP-2026-0042"]),
        ];
        for (text, expected) in table {
            assert_eq!(find_references(text, &prefixes), *expected, "{text:?}");
        }
    }

    #[test]
    fn only_message_ids_redress_sent_name_an_outbox_row() {
        let domain = "pips.example.org";
        assert_eq!(
            sent_message_id("<3f2a@pips.example.org>", domain),
            Some("3f2a")
        );
        assert_eq!(
            sent_message_id("3f2a@PIPS.example.org", domain),
            Some("3f2a")
        );
        assert_eq!(sent_message_id("<3f2a@elsewhere.example>", domain), None);
        assert_eq!(sent_message_id("<@pips.example.org>", domain), None);
        assert_eq!(sent_message_id("<no-at-sign>", domain), None);
        assert_eq!(sent_message_id("<a@pips.example.org>", ""), None);
    }
}
