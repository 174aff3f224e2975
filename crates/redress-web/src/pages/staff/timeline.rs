//! A case's thread in words: every event (letters, e-mail in, calls, internal notes, files
//! and every step of the procedure) and every e-mail redress wrote for the case, newest first,
//! each letter with its PDF and how it went out, each file with its download.

use jiff::Timestamp;
use redress_core::case::{Event, Fact, ScopeDecision};
use redress_core::procedure::Procedure;

use super::super::messages::Messages;
use super::encode;
use super::outbox::MailWords;
use super::words::{date, instant, role, stage, value};

/// One entry of the thread.
pub struct Entry {
    /// When it happened.
    pub when: String,
    /// What kind of correspondence it is (letter, e-mail in or out, call, note, file), or
    /// empty for a step of the procedure.
    pub tag: String,
    /// What happened, in a line.
    pub title: String,
    /// (label, text) details.
    pub details: Vec<(String, String)>,
    /// The lines of the letter it sent, if any.
    pub letter: Vec<String>,
    /// How a letter or e-mail went out, in words; empty for the rest.
    pub status: String,
    /// (text, hidden words for screen readers, address) of its downloads: a letter's PDF, a file.
    pub links: Vec<(String, String, String)>,
}

/// The thread of the case `reference`, newest first: its `events`, with the `letters` they
/// sent, and the e-mails of `mail` that are not letters (a letter's e-mail is its letter's
/// status), each placed at the time it was written.
pub fn entries(
    m: &Messages,
    procedure: &Procedure,
    reference: &str,
    events: &[Event],
    letters: &[redress_app::letters::LetterEntry],
    mail: &[MailWords],
) -> Vec<Entry> {
    let mut thread: Vec<(Timestamp, usize, Entry)> = events
        .iter()
        .enumerate()
        .map(|(index, e)| {
            let mut entry = entry(m, procedure, e);
            if let Fact::AttachmentAdded { name, sha256, .. } = &e.fact {
                entry.links.push((
                    m.get("attachment.download").to_owned(),
                    name.clone(),
                    format!("/staff/cases/{}/attachments/{sha256}", encode(reference)),
                ));
            }
            // The letter as it was sent, paragraph by paragraph: worded once, by its template
            // or by the officer.
            if let Some(sent) = letters.iter().find(|l| l.id == index as u64 + 1) {
                let kind = m
                    .get(&format!("staff.letters.kind.{}", sent.kind))
                    .to_owned();
                entry.tag = m.get("staff.thread.letter").to_owned();
                entry.letter = sent.letter.body.split("\n\n").map(str::to_owned).collect();
                entry.status = m
                    .get(&format!(
                        "staff.letters.status.{}",
                        redress_core::names::serde_name(&sent.status)
                    ))
                    .to_owned();
                // An e-mailed letter says where its e-mail stands, in the outbox's words.
                if let Some(delivery) = mail.iter().find(|w| w.letter == Some(sent.id)) {
                    entry.status = delivery.status.clone();
                }
                entry.links.push((
                    m.get("staff.letters.download").to_owned(),
                    m.fill("staff.letters.download_hidden", &[("kind", &kind)]),
                    format!("/staff/cases/{}/letters/{}/pdf", encode(reference), sent.id),
                ));
            }
            (e.at, index, entry)
        })
        .collect();
    for (index, message) in mail.iter().enumerate() {
        if message.letter.is_some() {
            continue;
        }
        thread.push((
            message.created_at,
            events.len() + index,
            Entry {
                when: instant(message.created_at),
                tag: m.get("staff.thread.email_out").to_owned(),
                title: message.what.clone(),
                details: Vec::new(),
                letter: Vec::new(),
                status: message.status.clone(),
                links: Vec::new(),
            },
        ));
    }
    // By time, and at the same instant in the order written: events by their position, the
    // e-mails a commit queued after its events.
    thread.sort_by_key(|(at, order, _)| (*at, *order));
    thread
        .into_iter()
        .rev()
        .map(|(_, _, entry)| entry)
        .collect()
}

fn entry(m: &Messages, p: &Procedure, event: &Event) -> Entry {
    let mut details: Vec<(String, String)> = Vec::new();
    let mut add = |key: &str, text: String| {
        if !text.trim().is_empty() {
            details.push((m.get(&format!("staff.event.label.{key}")).to_owned(), text));
        }
    };
    let title = |key: &str, values: &[(&str, &str)]| m.fill(&format!("staff.event.{key}"), values);
    let yes_no = |b: bool| {
        m.get(if b {
            "staff.field.yes"
        } else {
            "staff.field.no"
        })
        .to_owned()
    };
    let title = match &event.fact {
        Fact::Received {
            submission,
            first_stage,
            conflicts,
            time_limit,
            ..
        } => {
            add("kind", value(m, "kind", &submission.kind));
            if let Some(first) = first_stage {
                add("stage", stage(p, first.as_str()));
            }
            for conflict in conflicts {
                add(
                    "conflict",
                    conflict_words(
                        m,
                        p,
                        &conflict.person,
                        &conflict.role,
                        conflict.handler.as_ref(),
                    ),
                );
            }
            if let Some(limit) = time_limit {
                let key = if limit.late {
                    "staff.event.time_limit_late"
                } else {
                    "staff.event.time_limit_ok"
                };
                add(
                    "time_limit",
                    m.fill(key, &[("last_day", &date(limit.last_day))]),
                );
            }
            title(
                "received",
                &[("channel", &value(m, "channel", &submission.channel))],
            )
        }
        Fact::PersonNamed {
            person,
            conflicts,
            rerouted_to,
        } => {
            for conflict in conflicts {
                add(
                    "conflict",
                    conflict_words(
                        m,
                        p,
                        &conflict.person,
                        &conflict.role,
                        conflict.handler.as_ref(),
                    ),
                );
            }
            if let Some(to) = rerouted_to {
                add("stage", stage(p, to.stage.as_str()));
            }
            title("person_named", &[("name", &person.name)])
        }
        Fact::ScopeDecided {
            decision, route, ..
        } => {
            add("route", route.clone().unwrap_or_default());
            let (key, extra) = match decision {
                ScopeDecision::InScope => ("in-scope", None),
                ScopeDecision::LateAccepted { reason } => ("late-accepted", Some(reason.clone())),
                ScopeDecision::OutOfTime => ("out-of-time", None),
                ScopeDecision::Excluded { note, .. } => ("excluded", note.clone()),
            };
            add("note", extra.unwrap_or_default());
            title(
                "scope_decided",
                &[(
                    "decision",
                    m.get(&format!("staff.action.decide-scope.{key}")),
                )],
            )
        }
        Fact::Acknowledged {
            stage: s,
            letter: _,
        } => title("acknowledged", &[("stage", &stage(p, s.as_str()))]),
        Fact::ResolvedInformally { summary, .. } => {
            add("summary", summary.clone());
            title("resolved_informally", &[])
        }
        Fact::InvestigationStarted { stage: s, reason } => {
            add("reason", reason.clone().unwrap_or_default());
            title("investigation_started", &[("stage", &stage(p, s.as_str()))])
        }
        Fact::MediationOffered { by } => title("mediation_offered", &[("role", &role(p, by))]),
        Fact::MediationHeld { agreed, summary } => {
            add("agreed", yes_no(*agreed));
            add("summary", summary.clone());
            title("mediation_held", &[])
        }
        Fact::HandlerAssigned {
            stage: s,
            name,
            role: r,
            ..
        } => title(
            "handler_assigned",
            &[
                ("name", name),
                ("role", &role(p, r)),
                ("stage", &stage(p, s.as_str())),
            ],
        ),
        Fact::PanelDrawn {
            stage: s,
            number,
            seed,
            candidates,
            excluded,
            drawn,
        } => {
            add("panel_number", number.clone().unwrap_or_default());
            add(
                "candidates",
                candidates
                    .iter()
                    .map(|c| format!("{} ({})", c.name, c.id))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            for left_out in excluded {
                add(
                    "excluded",
                    format!("{}: {}", left_out.member_id, left_out.reason),
                );
            }
            add("seed", seed.to_string());
            let names = drawn
                .iter()
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
                .join(", ");
            title(
                "panel_drawn",
                &[("stage", &stage(p, s.as_str())), ("names", &names)],
            )
        }
        Fact::UpdateSent {
            stage: s, summary, ..
        } => {
            add("summary", summary.clone());
            title("update_sent", &[("stage", &stage(p, s.as_str()))])
        }
        Fact::InformationReceived {
            summary, channel, ..
        } => {
            add("summary", summary.clone());
            if *channel == Some(redress_core::procedure::Channel::Email) {
                m.get("staff.mail.information_received_email").to_owned()
            } else {
                title("information_received", &[])
            }
        }
        Fact::DeadlineExtended {
            stage: s,
            new_due,
            reason,
            good_reason,
            complainant_agreed,
            letter: _,
        } => {
            add("reason", reason.clone());
            add("good_reason", good_reason.clone().unwrap_or_default());
            if *complainant_agreed {
                add("complainant_agreed", yes_no(true));
            }
            title(
                "deadline_extended",
                &[
                    ("stage", &stage(p, s.as_str())),
                    ("date", &date(new_due.date)),
                ],
            )
        }
        Fact::ClockPaused { stage: s, reason } => {
            add("reason", reason.clone());
            title("clock_paused", &[("stage", &stage(p, s.as_str()))])
        }
        Fact::ClockResumed { stage: s } => {
            title("clock_resumed", &[("stage", &stage(p, s.as_str()))])
        }
        Fact::Responded {
            stage: s,
            outcome,
            findings,
            how_investigated,
            mode,
            remedies,
            learning,
            letter: _,
        } => {
            add("findings", findings.clone());
            add(
                "how_investigated",
                how_investigated.clone().unwrap_or_default(),
            );
            add(
                "mode",
                mode.map(|x| value(m, "mode", &x)).unwrap_or_default(),
            );
            for remedy in remedies {
                let agreed = remedy
                    .agreed_by
                    .as_ref()
                    .map(|a| m.fill("staff.event.agreed_by", &[("name", a)]))
                    .unwrap_or_default();
                add(
                    "remedy",
                    format!(
                        "{}: {}{agreed}",
                        value(m, "remedy", &remedy.kind),
                        remedy.description
                    ),
                );
            }
            for action in learning {
                let mut text = action.description.clone();
                if let Some(owner) = &action.owner {
                    text.push_str(&m.fill("staff.event.owner", &[("name", owner)]));
                }
                if let Some(due) = action.due {
                    text.push_str(&m.fill("staff.event.due", &[("date", &date(due))]));
                }
                add("learning", text);
            }
            title(
                "responded",
                &[
                    ("stage", &stage(p, s.as_str())),
                    ("outcome", &value(m, "outcome", outcome)),
                ],
            )
        }
        Fact::EscalationRequested {
            from,
            to,
            reasons,
            grounds,
            outcome_sought,
            in_writing,
            window,
            late_reason,
        } => {
            add(
                "grounds",
                grounds
                    .iter()
                    .map(|g| value(m, "ground", g))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            add("reasons", reasons.clone());
            add("outcome_sought", outcome_sought.clone());
            add("in_writing", yes_no(*in_writing));
            add("window", window.map(|w| date(w.date)).unwrap_or_default());
            add("late_reason", late_reason.clone().unwrap_or_default());
            title(
                "escalation_requested",
                &[
                    ("from", &stage(p, from.as_str())),
                    ("to", &stage(p, to.as_str())),
                ],
            )
        }
        Fact::EscalationRefused { reason } => {
            add("reason", reason.clone());
            title("escalation_refused", &[])
        }
        Fact::ReferredUp {
            from,
            to,
            reason,
            complainant_notified,
        } => {
            add("reason", reason.clone());
            add("complainant_notified", yes_no(*complainant_notified));
            title(
                "referred_up",
                &[
                    ("from", &stage(p, from.as_str())),
                    ("to", &stage(p, to.as_str())),
                ],
            )
        }
        Fact::ReferredExternally { body, note } => {
            add("note", note.clone().unwrap_or_default());
            title("referred_externally", &[("body", body)])
        }
        Fact::Withdrawn { reason, .. } => {
            add("reason", reason.clone().unwrap_or_default());
            title("withdrawn", &[])
        }
        Fact::InternalReviewDecided { needed, note } => {
            add("note", note.clone());
            title(
                if *needed {
                    "internal_review_needed"
                } else {
                    "internal_review_not_needed"
                },
                &[],
            )
        }
        Fact::PassedOn { to } => {
            let whom = to.as_ref().map_or_else(
                || m.get("staff.action.pass-on.person").to_owned(),
                |r| role(p, r),
            );
            title("passed_on", &[("to", &whom)])
        }
        Fact::Replied { summary, .. } => {
            add("summary", summary.clone());
            title("replied", &[])
        }
        Fact::Published { place, wording } => {
            add("wording", wording.clone());
            title("published", &[("place", place)])
        }
        Fact::Unpublished { reason } => match reason {
            Some(reason) => {
                add("reason", reason.clone());
                title("unpublished", &[])
            }
            None => title("unpublished_consent", &[]),
        },
        Fact::ConsentWithdrawn => title("consent_withdrawn", &[]),
        Fact::BehaviourWarned { reason, .. } => {
            add("reason", reason.clone());
            title("behaviour_warned", &[])
        }
        Fact::ContactRestricted {
            restrictions,
            reason,
            until,
            review_on,
            safety_risk,
            ..
        } => {
            add(
                "restrictions",
                restrictions
                    .iter()
                    .map(|r| value(m, "restriction", r))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            add("reason", reason.clone());
            add("review_on", date(*review_on));
            add("safety_risk", yes_no(*safety_risk));
            title("contact_restricted", &[("until", &date(*until))])
        }
        Fact::ContactTerminated { reason } => {
            add("reason", reason.clone());
            title("contact_terminated", &[])
        }
        Fact::Closed {
            how,
            note,
            delete_after,
        } => {
            add("note", note.clone().unwrap_or_default());
            add("delete_after", delete_after.map(date).unwrap_or_default());
            title("closed", &[("how", &value(m, "ending", how))])
        }
        Fact::TrackingLinkIssued {
            delivery,
            to,
            requested,
        } => {
            add("sent_to", to.clone().unwrap_or_default());
            title(
                match (delivery, requested) {
                    (_, true) => "tracking_link_requested",
                    (redress_core::case::LinkDelivery::Email, false) => "tracking_link_emailed",
                    (redress_core::case::LinkDelivery::Shown, false) => "tracking_link_shown",
                },
                &[],
            )
        }
        Fact::NoteAdded { text } => {
            add("note", text.clone());
            title("note_added", &[])
        }
        Fact::MergedInto { survivor } => title("merged_into", &[("reference", survivor)]),
        Fact::DuplicateMerged { from } => title("duplicate_merged", &[("reference", from)]),
        Fact::ContactRecorded {
            kind,
            who,
            held_on,
            summary,
        } => {
            add("summary", summary.clone());
            title(
                "contact_recorded",
                &[
                    ("kind", &value(m, "contact_kind", kind)),
                    ("who", who),
                    ("date", &date(*held_on)),
                ],
            )
        }
        Fact::PersonLinked {
            name,
            username,
            member_id,
            ..
        } => {
            let who = [username.as_deref(), member_id.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            title("person_linked", &[("name", name), ("who", &who)])
        }
        Fact::ConflictDeclared { username, reason } => {
            add("reason", reason.clone());
            title("conflict_declared", &[("who", username)])
        }
        Fact::MarkedSensitive { reason, roles } => {
            add("reason", reason.clone());
            add(
                "roles",
                roles
                    .iter()
                    .map(|r| role(p, r))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            title("marked_sensitive", &[])
        }
        Fact::WrittenAuthorityReceived { note } => {
            add("note", note.clone().unwrap_or_default());
            title("written_authority_received", &[])
        }
        Fact::InWritingRequested { what, .. } => title(
            "in_writing_requested",
            &[(
                "what",
                m.get(&format!(
                    "staff.value.in_writing.{}",
                    redress_core::names::serde_name(what)
                )),
            )],
        ),
        Fact::AttachmentAdded {
            name,
            media_type,
            size,
            source,
            ..
        } => {
            add(
                "file_type",
                redress_core::case::attachment::media_type_words(media_type).to_owned(),
            );
            add("size", redress_app::attachments::size_words(*size));
            add(
                "source",
                m.get(&format!(
                    "attachment.source.{}",
                    redress_core::names::serde_name(source)
                ))
                .to_owned(),
            );
            title("attachment_added", &[("name", name)])
        }
        Fact::LegalHoldPlaced { reason, .. } => {
            add("reason", reason.clone());
            title("legal_hold_placed", &[])
        }
        Fact::Rectified {
            detail,
            value,
            request,
        } => {
            add("corrected_to", value.clone().unwrap_or_default());
            add("request", request.clone());
            let detail = m
                .get(&format!(
                    "staff.value.detail.{}",
                    redress_core::names::serde_name(detail)
                ))
                .to_owned();
            title("rectified", &[("detail", &detail)])
        }
        Fact::OmbudsmanEnquiryReceived {
            ombudsman_reference,
            received_on,
            respond_by,
            summary,
        } => {
            add("summary", summary.clone());
            add("respond_by", respond_by.map(date).unwrap_or_default());
            title(
                "ombudsman_enquiry_received",
                &[
                    ("reference", ombudsman_reference),
                    ("date", &date(*received_on)),
                ],
            )
        }
        Fact::OmbudsmanEnquiryAnswered { enquiry, summary } => {
            add("summary", summary.clone());
            title(
                "ombudsman_enquiry_answered",
                &[("number", &enquiry.to_string())],
            )
        }
        Fact::LegalHoldLifted { reason } => {
            add("reason", reason.clone().unwrap_or_default());
            title("legal_hold_lifted", &[])
        }
        Fact::PersonalDataErased { by, reason } => {
            add("reason", reason.clone().unwrap_or_default());
            title(
                match by {
                    redress_core::case::ErasedBy::Retention => "personal_data_erased_retention",
                    redress_core::case::ErasedBy::Request => "personal_data_erased_request",
                },
                &[],
            )
        }
        Fact::ThemesSet { themes } => {
            let words: Vec<String> = themes
                .iter()
                .map(|t| redress_core::report::theme_title(t.as_str()))
                .collect();
            if words.is_empty() {
                title("themes_cleared", &[])
            } else {
                title("themes_set", &[("themes", &words.join(", "))])
            }
        }
        Fact::LearningActionAdded { action } => {
            if let Some(owner) = &action.owner {
                add("owner", owner.clone());
            }
            if let Some(due) = action.due {
                add("due", date(due));
            }
            title("learning_action_added", &[("what", &action.description)])
        }
        Fact::LearningActionCompleted {
            action,
            what_changed,
        } => {
            add("what_changed", what_changed.clone().unwrap_or_default());
            title(
                "learning_action_completed",
                &[("number", &action.to_string())],
            )
        }
    };
    let tag = match &event.fact {
        Fact::InformationReceived {
            channel: Some(redress_core::procedure::Channel::Email),
            ..
        } => m.get("staff.thread.email_in").to_owned(),
        Fact::NoteAdded { .. } => m.get("staff.thread.note").to_owned(),
        Fact::ContactRecorded { kind, .. } => value(m, "contact_kind", kind),
        Fact::AttachmentAdded { .. } => m.get("staff.thread.file").to_owned(),
        _ => String::new(),
    };
    Entry {
        when: instant(event.at),
        tag,
        title,
        details,
        letter: Vec::new(),
        status: String::new(),
        links: Vec::new(),
    }
}

fn conflict_words(
    m: &Messages,
    p: &Procedure,
    person: &str,
    held: &redress_core::ids::RoleId,
    handler: Option<&redress_core::ids::RoleId>,
) -> String {
    let role_title = role(p, held);
    match handler {
        Some(instead) => m.fill(
            "staff.event.conflict_handler",
            &[
                ("person", person),
                ("role", &role_title),
                ("instead", &role(p, instead)),
            ],
        ),
        None => m.fill(
            "staff.event.conflict",
            &[("person", person), ("role", &role_title)],
        ),
    }
}
