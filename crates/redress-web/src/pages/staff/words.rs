//! Words for values on the staff pages: dates and times in Europe/London, and the names of
//! kinds, channels, outcomes and the like from the message catalogue (`staff.value.*`).

use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use redress_app::views::word;
use redress_core::calendar::format_date;
use redress_core::ids::RoleId;
use redress_core::procedure::Procedure;
use serde::Serialize;

use super::super::messages::Messages;

/// The Europe/London zone, from the tz database bundled into the binary.
pub fn london() -> &'static TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        TimeZone::get("Europe/London").expect("jiff's bundled tz database has Europe/London")
    })
}

/// A day as the letters write it: "Wed 23 Dec 2026".
pub fn date(d: Date) -> String {
    format_date(d)
}

/// An instant in London time: "Wed 23 Dec 2026, 10:00".
pub fn instant(t: Timestamp) -> String {
    let zoned = t.to_zoned(london().clone());
    format!("{}, {}", format_date(zoned.date()), zoned.strftime("%H:%M"))
}

/// The catalogue's name for a value: `staff.value.{group}.{serde name}`.
pub fn value<T: Serialize>(m: &Messages, group: &str, v: &T) -> String {
    name(m, group, &word(v))
}

/// The catalogue's name for a value already in words: `staff.value.{group}.{word}`.
pub fn name(m: &Messages, group: &str, word: &str) -> String {
    let key = format!("staff.value.{group}.{word}");
    let text = m.get(&key);
    if text == key {
        word.to_owned()
    } else {
        text.to_owned()
    }
}

/// A role's title in a procedure, or its id when the procedure lacks it.
pub fn role(procedure: &Procedure, role: &RoleId) -> String {
    procedure
        .roles
        .get(role)
        .map_or_else(|| role.to_string(), |r| r.title.clone())
}

/// A stage's name in a procedure, or its id when the procedure lacks it.
pub fn stage(procedure: &Procedure, id: &str) -> String {
    procedure
        .stages
        .iter()
        .find(|s| s.id.as_str() == id)
        .map_or_else(|| id.to_owned(), |s| s.name.clone())
}

#[cfg(test)]
mod tests {
    use redress_core::case::{Clock, Ending};
    use redress_core::procedure::{
        Channel, FeedbackKind, Ground, Outcome, RemedyKind, Restriction, StageMode,
    };

    use super::*;

    fn has<T: Serialize>(group: &str, values: &[T]) {
        let m = Messages::english();
        for v in values {
            let key = format!("staff.value.{group}.{}", word(v));
            assert_ne!(m.get(&key), key, "messages/en.toml lacks {key}");
        }
    }

    #[test]
    fn every_message_key_written_out_in_the_staff_pages_is_in_the_catalogue() {
        let m = Messages::english();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("templates/staff"), root.join("src/pages/staff")];
        let mut missing = Vec::new();
        let mut files = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("a directory") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                files += 1;
                let text = std::fs::read_to_string(&path).expect("text");
                for piece in text.split('"').skip(1).step_by(2) {
                    let is_key = piece.starts_with("staff.") || piece.starts_with("common.");
                    if is_key
                        && !piece.contains(['{', ' '])
                        && !piece.ends_with('.')
                        && m.get(piece) == piece
                    {
                        missing.push(format!("{}: {piece}", path.display()));
                    }
                }
            }
        }
        assert!(files > 10, "the staff pages' sources are found");
        assert!(
            missing.is_empty(),
            "missing from messages/en.toml: {missing:#?}"
        );
    }

    #[test]
    fn every_action_form_of_every_shipped_procedure_has_its_words() {
        use redress_core::case::{Choices, CommandKind, Offer, ScopeChoice, field_specs};
        use redress_core::procedure::{Ground, Outcome, RemedyKind};
        let m = Messages::english();
        let procedures = redress_app::procedures::Procedures::shipped();
        for loaded in procedures.all() {
            let procedure = &loaded.procedure;
            // Every choice a form could offer, so every label is looked up.
            let choices = Choices {
                roles: procedure.roles.keys().cloned().collect(),
                to_person: true,
                decisions: vec![
                    ScopeChoice::InScope,
                    ScopeChoice::LateAccepted,
                    ScopeChoice::OutOfTime,
                    ScopeChoice::Excluded,
                ],
                exclusions: procedure.exclusions.iter().map(|e| e.id.clone()).collect(),
                outcomes: vec![Outcome::Upheld, Outcome::NotUpheld],
                modes: procedure
                    .stages
                    .iter()
                    .flat_map(|s| s.modes.clone())
                    .collect(),
                remedies: RemedyKind::ALL.to_vec(),
                grounds: vec![Ground::NoResponse],
                remedies_agreed_by: procedure
                    .remedies
                    .as_ref()
                    .and_then(|r| r.agreed_by.clone()),
                restrictions: procedure
                    .behaviour
                    .as_ref()
                    .map(|b| b.restrictions.clone())
                    .unwrap_or_default(),
                details: redress_core::case::Detail::ALL.to_vec(),
                ..Choices::default()
            };
            for kind in CommandKind::ALL
                .iter()
                .filter(|k| **k != CommandKind::Receive)
            {
                let action = kind.as_str();
                for part in ["title", "button", "done"] {
                    let key = format!("staff.action.{action}.{part}");
                    assert_ne!(m.get(&key), key);
                }
                let offer = Offer {
                    command: *kind,
                    fields: field_specs(*kind).to_vec(),
                    choices: choices.clone(),
                };
                for field in super::super::offer_form::fields(m, procedure, &offer) {
                    assert!(
                        !field.label.is_empty() && !field.label.starts_with("staff."),
                        "{action}: {field:?}"
                    );
                    assert!(
                        field
                            .options
                            .iter()
                            .all(|(_, label)| !label.starts_with("staff.")),
                        "{action}: {field:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_value_the_staff_pages_name_has_words_in_the_catalogue() {
        use Channel as C;
        has(
            "kind",
            &[
                FeedbackKind::Complaint,
                FeedbackKind::Compliment,
                FeedbackKind::Comment,
                FeedbackKind::Suggestion,
            ],
        );
        has(
            "channel",
            &[
                C::Email,
                C::Letter,
                C::Phone,
                C::FaceToFace,
                C::Form,
                C::Web,
                C::Fax,
                C::SocialMedia,
                C::ViaStaff,
                C::Referral,
            ],
        );
        has(
            "outcome",
            &[
                Outcome::Upheld,
                Outcome::PartlyUpheld,
                Outcome::NotUpheld,
                Outcome::Undecided,
                Outcome::OutcomeStands,
                Outcome::OutcomeChanged,
                Outcome::Resolved,
            ],
        );
        has(
            "ground",
            &[Ground::Outcome, Ground::Handling, Ground::NoResponse],
        );
        has("remedy", RemedyKind::ALL);
        has(
            "restriction",
            &[
                Restriction::SingleForm,
                Restriction::NamedOfficer,
                Restriction::CallTimes,
                Restriction::ContactAgreement,
                Restriction::NoAcknowledgement,
            ],
        );
        has(
            "mode",
            &[
                StageMode::Investigation,
                StageMode::Mediation,
                StageMode::Review,
            ],
        );
        has(
            "ending",
            &[
                Ending::Completed,
                Ending::ResolvedInformally,
                Ending::OutOfScope,
                Ending::Withdrawn,
                Ending::Acknowledged,
                Ending::Merged,
            ],
        );
        has(
            "clock",
            &[
                Clock::Acknowledgement,
                Clock::Response,
                Clock::HoldingLetter,
                Clock::Update,
                Clock::EscalationWindow,
                Clock::Reply,
                Clock::RestrictionReview,
                Clock::OmbudsmanEnquiry,
                Clock::Deletion,
            ],
        );
        for status in [
            "open",
            "overdue",
            "met",
            "met-late",
            "paused",
            "not-needed",
            "lapsed",
        ] {
            has("clock_status", &[status]);
        }
        for status in redress_app::views::STATUSES {
            has("status", &[status]);
        }
    }
}
