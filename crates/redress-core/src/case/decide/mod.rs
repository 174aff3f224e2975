//! `decide`: every rule of a procedure, applied to one command against one case.
//!
//! Split by part of the journey: `intake` (receipt, scope, people named), `stage` (the formal
//! stages: acknowledgement to escalation), `other` (informal resolution, compliments and
//! comments, behaviour, withdrawal, closure).

mod access;
mod clocks;
mod enquiry;
mod escalate;
mod handlers;
mod intake;
mod learning;
mod letter_text;
mod other;
mod rectify;
mod respond;
mod stage;
mod words;

pub(crate) use stage::{next_stage_id, on_file};

use crate::case::refusal::RefusalCode;
use jiff::Timestamp;

use super::command::Command;
use super::event::{Event, Fact};
use super::offers::{Choices, Party};
use super::refusal::Refusal;
use super::state::{Case, StageRecord};
use crate::calendar::{Calendar, format_date, london_date};
use crate::ids::RoleId;
use crate::procedure::{FeedbackKind, Handler, Procedure, Stage};

/// Decides what `command`, taking effect at `at`, does to `case` under `procedure`.
///
/// Returns the events to append (in order), or a refusal that names the rule and what would be
/// allowed instead. Never changes anything itself. `procedure` must be the version the case was
/// received under, validated; `calendar` the organisation's.
pub fn decide(
    case: &Case,
    command: Command,
    procedure: &Procedure,
    calendar: &Calendar,
    at: Timestamp,
    party: Party,
) -> Result<Vec<Event>, Refusal> {
    if let Some(last) = case.last_event_at
        && at < last
    {
        return Err(Refusal::new(
            RefusalCode::OutOfOrder,
            format!(
                "this case's latest event is dated {last}; an action cannot be dated before it"
            ),
        )
        .field("at")
        .instead(
            "record it with the date it is entered, and say when it really happened in its text",
        ));
    }
    if let Some(version) = &case.procedure_version
        && *version != procedure.procedure.version
    {
        return Err(Refusal::new(
            RefusalCode::WrongProcedure,
            format!(
                "this case runs on procedure version {version}, not {}",
                procedure.procedure.version
            ),
        ));
    }
    let context = Context {
        case,
        procedure,
        calendar,
        at,
        party,
    };
    let facts = match command {
        Command::Receive(crate::case::Receive {
            reference,
            submission,
        }) => intake::receive(&context, reference, submission)?,
        _ if case.submission.is_none() => {
            return Err(
                Refusal::not_now("nothing has been received on this case yet")
                    .instead("record what was received first (receive)"),
            );
        }
        command => {
            // Every text of every command keeps the same rules, whichever rule reads it, and
            // bad input is bad whatever the case's state: checked before any rule looks.
            super::input::check_texts(&command)?;
            // What may happen now is decided in one place, which offers read too.
            let choices = super::offers::gate(&context, command.kind())?;
            let text = command.letter_text().cloned();
            let facts = context.dispatch(command, &choices)?;
            letter_text::attach(&context, facts, text)?
        }
    };
    Ok(facts.into_iter().map(|fact| Event { at, fact }).collect())
}

/// Everything a rule may look at.
pub(crate) struct Context<'a> {
    pub case: &'a Case,
    pub procedure: &'a Procedure,
    pub calendar: &'a Calendar,
    pub at: Timestamp,
    /// Who gives the command.
    pub party: Party<'a>,
}

impl Context<'_> {
    /// Applies the rules of `command`'s values; `choices` are what the gate allows now.
    fn dispatch(&self, command: Command, choices: &Choices) -> Result<Vec<Fact>, Refusal> {
        use Command as C;
        match command {
            C::Receive(_) => unreachable!("handled before dispatch"),
            C::NamePerson(crate::case::NamePerson { person }) => intake::name_person(self, person),
            C::DecideScope(crate::case::DecideScope { decision, .. }) => {
                intake::decide_scope(self, decision)
            }
            C::Acknowledge(crate::case::Acknowledge {
                handler_name,
                phone,
                email,
                definition,
                ..
            }) => stage::acknowledge(
                self,
                stage::Given {
                    handler_name,
                    phone,
                    email,
                    definition,
                },
            ),
            C::StartInvestigation(crate::case::StartInvestigation { reason }) => {
                stage::start_investigation(self, reason)
            }
            C::AssignHandler(crate::case::AssignHandler {
                name,
                role,
                username,
            }) => handlers::assign_handler(self, choices, name, role, username),
            C::DrawPanel(crate::case::DrawPanel {
                candidates,
                declined,
                seed,
            }) => handlers::draw(self, candidates, declined, seed),
            C::SendUpdate(crate::case::SendUpdate { summary, .. }) => {
                clocks::send_update(self, summary)
            }
            C::ExtendDeadline(crate::case::ExtendDeadline {
                new_date,
                reason,
                good_reason,
                complainant_agreed,
                ..
            }) => clocks::extend(
                self,
                choices,
                clocks::Extend {
                    new_date,
                    reason,
                    good_reason,
                    complainant_agreed,
                },
            ),
            C::PauseClock(crate::case::PauseClock { reason }) => clocks::pause(self, reason),
            C::ResumeClock => clocks::resume(self),
            C::Respond(crate::case::Respond {
                outcome,
                findings,
                how_investigated,
                mode,
                remedies,
                learning,
                definition,
                outstanding_actions,
                ..
            }) => respond::respond(
                self,
                outcome,
                findings,
                respond::Stated {
                    how_investigated,
                    definition,
                    outstanding_actions,
                },
                mode,
                remedies,
                learning,
            ),
            C::RequestEscalation(crate::case::RequestEscalation {
                reasons,
                grounds,
                outcome_sought,
                in_writing,
                late_reason,
            }) => escalate::request_escalation(
                self,
                choices,
                reasons,
                grounds,
                outcome_sought,
                in_writing,
                late_reason,
            ),
            C::RefuseEscalation(crate::case::RefuseEscalation { reason }) => {
                escalate::refuse_escalation(reason)
            }
            C::ReferUp(crate::case::ReferUp { reason }) => escalate::refer_up(self, reason),
            C::ResolveInformally(crate::case::ResolveInformally { summary, .. }) => {
                other::resolve_informally(self, summary)
            }
            C::OfferMediation(crate::case::OfferMediation { by }) => {
                other::offer_mediation(self, choices, by)
            }
            C::RecordMediation(crate::case::RecordMediation { agreed, summary }) => {
                other::record_mediation(agreed, summary)
            }
            C::ReceiveInformation(crate::case::ReceiveInformation {
                summary,
                channel,
                message_id,
            }) => Ok(vec![Fact::InformationReceived {
                summary: required("summary", summary)?,
                channel,
                message_id,
            }]),
            C::ReferExternally(crate::case::ReferExternally { body, note }) => {
                Ok(vec![Fact::ReferredExternally {
                    body: required("body", body)?,
                    note,
                }])
            }
            C::Withdraw(crate::case::Withdraw { reason, .. }) => other::withdraw(self, reason),
            C::DecideInternalReview(crate::case::DecideInternalReview { needed, note }) => {
                other::decide_internal_review(needed, note)
            }
            C::PassOn(crate::case::PassOn { to }) => other::pass_on(self, to),
            C::Reply(crate::case::Reply { summary, .. }) => other::reply(self, summary),
            C::Publish(crate::case::Publish { wording }) => other::publish(self, &wording),
            C::Unpublish(crate::case::Unpublish { reason }) => other::unpublish(reason),
            C::WithdrawConsent => Ok(other::withdraw_consent(self)),
            C::WarnBehaviour(crate::case::WarnBehaviour { reason, .. }) => {
                other::warn(self, reason)
            }
            C::RestrictContact(crate::case::RestrictContact {
                restrictions,
                reason,
                until,
                review_on,
                safety_risk,
                ..
            }) => other::restrict(
                self,
                choices,
                restrictions,
                reason,
                until,
                review_on,
                safety_risk,
            ),
            C::TerminateContact(crate::case::TerminateContact { reason }) => {
                other::terminate(reason)
            }
            C::Close(crate::case::Close {
                complainant_satisfied,
                note,
            }) => other::close(self, choices, complainant_satisfied, note),
            C::RequestInWriting(crate::case::RequestInWriting { what, .. }) => {
                intake::request_in_writing(self, choices, what)
            }
            C::IssueTrackingLink(crate::case::IssueTrackingLink {
                delivery,
                requested,
            }) => other::issue_tracking_link(choices, delivery, requested),
            C::AddNote(crate::case::AddNote { text }) => Ok(vec![Fact::NoteAdded {
                text: required("text", text)?,
            }]),
            // The case merged into is checked by `repeats::decide_merge`, which calls this.
            C::MergeInto(crate::case::MergeInto { reference }) => Ok(vec![
                Fact::MergedInto {
                    survivor: required("reference", reference)?,
                },
                other::closing(self, crate::case::Ending::Merged, None)?,
            ]),
            C::RecordContact(crate::case::RecordContact {
                kind,
                who,
                held_on,
                summary,
            }) => other::record_contact(self, kind, who, held_on, summary),
            C::RecordWrittenAuthority(crate::case::RecordWrittenAuthority { note }) => {
                Ok(vec![Fact::WrittenAuthorityReceived { note }])
            }
            C::AddAttachment(attachment) => super::attachment::add(self.case, attachment),
            C::LinkPerson(crate::case::LinkPerson {
                person,
                username,
                member_id,
            }) => access::link_person(self, person, username, member_id),
            C::DeclareConflict(crate::case::DeclareConflict { username, reason }) => {
                access::declare_conflict(self, username, reason)
            }
            C::MarkSensitive(crate::case::MarkSensitive { reason, roles }) => {
                access::mark_sensitive(self, reason, roles)
            }
            C::PlaceLegalHold(crate::case::PlaceLegalHold { reason }) => {
                Ok(vec![Fact::LegalHoldPlaced {
                    reason: required("reason", reason)?,
                    for_enquiry: None,
                }])
            }
            C::RecordOmbudsmanEnquiry(command) => enquiry::record(self, command),
            C::AnswerOmbudsmanEnquiry(crate::case::AnswerOmbudsmanEnquiry { enquiry, summary }) => {
                enquiry::answer(self, enquiry, summary)
            }
            C::LiftLegalHold(crate::case::LiftLegalHold { reason }) => {
                Ok(vec![Fact::LegalHoldLifted { reason }])
            }
            C::SetThemes(crate::case::SetThemes { themes }) => learning::set_themes(self, themes),
            C::AddLearningAction(crate::case::AddLearningAction { what, owner, due }) => {
                learning::add(self, what, owner, due)
            }
            C::CompleteLearningAction(crate::case::CompleteLearningAction {
                action,
                what_changed,
            }) => learning::complete(self, action, what_changed),
            C::Rectify(crate::case::Rectify {
                detail,
                value,
                request,
            }) => rectify::rectify(self, detail, value, request),
        }
    }

    /// The kind of feedback (the case has been received).
    pub fn kind(&self) -> FeedbackKind {
        self.case.kind().unwrap_or(FeedbackKind::Complaint)
    }

    /// Refuses unless the case is a complaint.
    pub fn complaint_only(&self, what: &str) -> Result<(), Refusal> {
        if self.kind() == FeedbackKind::Complaint {
            Ok(())
        } else {
            Err(Refusal::not_now(format!(
                "{what} is part of the complaints procedure, and this is a {}",
                kind_word(self.kind())
            ))
            .instead("compliments and comments are passed on, replied to, published and closed"))
        }
    }

    /// The current stage's record and definition.
    pub fn current(&self) -> Result<(&StageRecord, &Stage), Refusal> {
        let record = self.case.current_stage().ok_or_else(|| {
            Refusal::not_now("this case is not at any stage of the complaints procedure")
        })?;
        let stage = self.stage(&record.id)?;
        Ok((record, stage))
    }

    /// A stage of the procedure by id.
    pub fn stage(&self, id: &crate::ids::StageId) -> Result<&Stage, Refusal> {
        self.procedure
            .stages
            .iter()
            .find(|stage| &stage.id == id)
            .ok_or_else(|| {
                Refusal::new(
                    RefusalCode::WrongProcedure,
                    format!("the procedure has no stage `{id}`"),
                )
            })
    }

    /// The index of a stage in the procedure.
    pub fn stage_index(&self, id: &crate::ids::StageId) -> usize {
        self.procedure
            .stages
            .iter()
            .position(|stage| &stage.id == id)
            .unwrap_or(0)
    }

    /// The current stage, refusing if its response has been sent.
    pub fn open_stage(&self, what: &str) -> Result<(&StageRecord, &Stage), Refusal> {
        self.complaint_only(what)?;
        let (record, stage) = self.current()?;
        if let Some((responded, _)) = record.response {
            return Err(Refusal::not_now(format!(
                "{} was answered on {}, so {what} no longer applies to it",
                stage.name,
                format_date(london_date(responded))
            )));
        }
        Ok((record, stage))
    }

    /// The role that handles a stage for this case, after conflict rules.
    pub fn handler_role(&self, stage: &Stage) -> Option<RoleId> {
        match &stage.handler {
            Handler::Role { role, .. } => Some(self.instead_of(role).clone()),
            Handler::Panel { .. } | Handler::External { .. } => None,
        }
    }

    /// The role acting for `role` in this case: its replacement if a conflict rule applies.
    pub fn instead_of<'r>(&'r self, role: &'r RoleId) -> &'r RoleId {
        self.case.acting_role(role)
    }

    /// The title of a role, or its id if the procedure lacks it.
    pub fn title(&self, role: &RoleId) -> String {
        self.procedure
            .roles
            .get(role)
            .map_or_else(|| role.to_string(), |r| r.title.clone())
    }
}

/// Words for a kind of feedback.
pub(crate) fn kind_word(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Complaint => "complaint",
        FeedbackKind::Compliment => "compliment",
        FeedbackKind::Comment => "comment",
        FeedbackKind::Suggestion => "suggestion",
    }
}

/// Refuses an empty text field.
pub(crate) fn required(field: &'static str, text: String) -> Result<String, Refusal> {
    if text.trim().is_empty() {
        Err(Refusal::missing(
            field,
            format!("{field} must not be empty"),
        ))
    } else {
        Ok(text)
    }
}
