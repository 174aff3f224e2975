//! A case's state, folded from its events. `apply` only records; every rule is in `decide`.
//!
//! Recording means each fact changes only what it says: `apply` works nothing out from other
//! facts (no "a draw starts the investigation", no "a response ends a pause"), so a history
//! reads the same to anyone folding it, and a rule that changes in `decide` never rewrites the
//! meaning of events already stored.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::command::{LearningAction, Member, PersonNamed, ScopeDecision, Submission};
use super::event::{ConflictApplied, Ending, Event, Fact, TimeLimitCheck};
use crate::calendar::Due;
use crate::ids::{RoleId, StageId};
use crate::procedure::{FeedbackKind, Outcome, Restriction};

/// A case as its events make it. `Case::default()` is a case before anything was received.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Case {
    /// How many events have been applied: the version optimistic concurrency checks.
    pub version: u64,
    /// The reference the store gave.
    pub reference: Option<String>,
    /// The procedure version the case runs on.
    pub procedure_version: Option<String>,
    /// When it was received.
    pub received_at: Option<Timestamp>,
    /// What was received.
    pub submission: Option<Submission>,
    /// Everyone named, including those added after receipt.
    pub people_named: Vec<PersonNamed>,
    /// Conflict rules in force.
    pub conflicts: Vec<ConflictApplied>,
    /// The time limit to complain.
    pub time_limit: Option<TimeLimitCheck>,
    /// The scope decision, once made.
    pub scope: Option<ScopeDecision>,
    /// When the scope decision was made.
    pub scope_decided_at: Option<Timestamp>,
    /// The stages the complaint has entered, in order; the last is the current one.
    pub stages: Vec<StageRecord>,
    /// Whether mediation was offered, and by whom.
    pub mediation_offered_by: Option<RoleId>,
    /// Mediation meetings held: whether each agreed a way forward.
    pub mediations: Vec<bool>,
    /// When it was resolved informally.
    pub resolved_informally_at: Option<Timestamp>,
    /// When the complainant sent more information.
    pub information_received: Vec<Timestamp>,
    /// Requests to escalate that were refused.
    pub escalations_refused: Vec<Timestamp>,
    /// External bodies the complaint went to.
    pub referred_to: Vec<String>,
    /// When it went to each, in the same order.
    pub referred_at: Vec<Timestamp>,
    /// When it was withdrawn.
    pub withdrawn_at: Option<Timestamp>,
    /// After withdrawal: whether internal review is needed, once decided.
    pub internal_review: Option<bool>,
    /// Compliments and comments: who it was passed on to (`None` is the person complimented).
    pub passed_on: Vec<Option<RoleId>>,
    /// When a compliment or comment was replied to.
    pub replied_at: Option<Timestamp>,
    /// When a compliment or comment was published, while it stays published (a take-down
    /// clears it).
    pub published_at: Option<Timestamp>,
    /// The wording published, while it stays published.
    pub published_wording: Option<String>,
    /// When the giver withdrew their consent to publication.
    pub consent_withdrawn_at: Option<Timestamp>,
    /// When a behaviour warning was given.
    pub warned_at: Option<Timestamp>,
    /// Contact restrictions imposed.
    pub restrictions: Vec<RestrictionRecord>,
    /// When contact was terminated.
    pub contact_terminated_at: Option<Timestamp>,
    /// When and how the case closed.
    pub closed: Option<(Timestamp, Ending)>,
    /// When personal data falls due for deletion.
    pub delete_after: Option<Date>,
    /// The instant of the latest event; commands may not be dated before it.
    pub last_event_at: Option<Timestamp>,
    /// When new tracking links were issued after receipt.
    pub tracking_links_issued: Vec<Timestamp>,
    /// When written authority for the representative was recorded after intake.
    pub written_authority_at: Option<Timestamp>,
    /// The files attached to the case, in the order they were added.
    pub attachments: Vec<AttachmentRecord>,
    /// The reason of the legal hold in force, if any: retention waits while it holds.
    pub legal_hold: Option<String>,
    /// When the case's personal data was erased, and why.
    pub erased_at: Option<Timestamp>,
    /// People named who were confirmed to be users or members.
    pub links: Vec<PersonLink>,
    /// Conflicts of interest declared by staff.
    pub declared_conflicts: Vec<DeclaredConflict>,
    /// Set when the case is sensitive: why, and who may still see it.
    pub sensitive: Option<crate::access::Sensitivity>,
    /// The case this one was merged into as a duplicate (it closed then).
    pub merged_into: Option<String>,
    /// The duplicates merged into this case.
    pub merged_from: Vec<String>,
    /// The themes the case is tagged with, for reporting.
    pub themes: Vec<crate::ids::ThemeId>,
    /// Learning actions, from responses and recorded on their own, in order: an action's
    /// number is its position from 1.
    pub learning: Vec<LearningRecord>,
    /// Enquiries from the ombudsman, in order: an enquiry's number is its position from 1.
    pub enquiries: Vec<EnquiryRecord>,
    /// The enquiry the legal hold in force was placed for, if it was placed for one.
    pub hold_for_enquiry: Option<u32>,
}

/// An enquiry from the ombudsman and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnquiryRecord {
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// The ombudsman's reference for it.
    pub ombudsman_reference: String,
    /// The day it arrived.
    pub received_on: jiff::civil::Date,
    /// The day the ombudsman asked for a reply by, if it gave one.
    pub respond_by: Option<jiff::civil::Date>,
    /// What it asks for.
    pub summary: String,
    /// When it was answered, and what was sent.
    pub answered: Option<(Timestamp, String)>,
}

impl Case {
    /// The numbers (from 1) of the ombudsman's enquiries not yet answered.
    pub fn open_enquiries(&self) -> Vec<u32> {
        self.enquiries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.answered.is_none())
            .map(|(index, _)| index as u32 + 1)
            .collect()
    }
}

/// A learning action and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LearningRecord {
    /// When it was recorded.
    pub opened_at: Timestamp,
    /// What, who owns it and by when.
    pub action: LearningAction,
    /// When it was done.
    pub done_at: Option<Timestamp>,
    /// What changed, for the complainant to read.
    pub what_changed: Option<String>,
}

/// A person named, confirmed to be a user or a member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonLink {
    /// Their position among the people named, from 0.
    pub person: usize,
    /// The user they are.
    pub username: Option<String>,
    /// The member they are.
    pub member_id: Option<String>,
}

/// A conflict of interest a member of staff declared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeclaredConflict {
    /// Their username.
    pub username: String,
    /// Why.
    pub reason: String,
}

/// A file attached to a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttachmentRecord {
    /// When it was added.
    pub at: Timestamp,
    /// Its name, as given.
    pub name: String,
    /// Its media type, told by its content.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 digest of its content.
    pub sha256: String,
    /// Who added it, and how.
    pub source: super::attachment::AttachmentSource,
}

/// What happened at one stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageRecord {
    /// The stage's id in the case's procedure version.
    pub id: StageId,
    /// When the case entered it (receipt, or the request or referral that escalated it).
    pub entered_at: Timestamp,
    /// Whether it was entered by escalation.
    pub escalated: bool,
    /// When it was acknowledged.
    pub acknowledged_at: Option<Timestamp>,
    /// When formal investigation started.
    pub investigation_started_at: Option<Timestamp>,
    /// The named handler and their role.
    pub handler: Option<(String, RoleId)>,
    /// Everyone named as a handler of this stage, in order (a stage may have several, e.g. an
    /// officer and the manager of the service complained about).
    pub handled_by: Vec<String>,
    /// The usernames of those handlers who are users of redress: the stage is assigned to them.
    pub handler_usernames: Vec<String>,
    /// The panel drawn.
    pub panel: Vec<Member>,
    /// The latest extended deadline.
    pub extended_to: Option<Due>,
    /// When the first holding letter went out.
    pub extended_at: Option<Timestamp>,
    /// When the clocks stopped and restarted.
    pub pauses: Vec<(Timestamp, Option<Timestamp>)>,
    /// When updates were sent.
    pub updates: Vec<Timestamp>,
    /// The response.
    pub response: Option<(Timestamp, Outcome)>,
    /// Whether the case left this stage for a later one.
    pub left: bool,
}

impl StageRecord {
    fn new(id: StageId, entered_at: Timestamp, escalated: bool) -> StageRecord {
        StageRecord {
            id,
            entered_at,
            escalated,
            acknowledged_at: None,
            investigation_started_at: None,
            handler: None,
            handled_by: Vec::new(),
            panel: Vec::new(),
            extended_to: None,
            extended_at: None,
            pauses: Vec::new(),
            updates: Vec::new(),
            response: None,
            left: false,
            handler_usernames: Vec::new(),
        }
    }

    /// Whether the clocks are stopped now.
    pub fn paused(&self) -> bool {
        self.pauses.last().is_some_and(|(_, end)| end.is_none())
    }
}

/// A restriction on contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RestrictionRecord {
    /// When imposed.
    pub at: Timestamp,
    /// Which.
    pub restrictions: Vec<Restriction>,
    /// Last day.
    pub until: Date,
    /// Review date.
    pub review_on: Date,
}

impl Case {
    /// Folds events, in order, into a case.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Case {
        let mut case = Case::default();
        for event in events {
            case.apply(event);
        }
        case
    }

    /// The kind of feedback, once received.
    pub fn kind(&self) -> Option<FeedbackKind> {
        self.submission.as_ref().map(|s| s.kind)
    }

    /// The stage the complaint is at.
    pub fn current_stage(&self) -> Option<&StageRecord> {
        self.stages.last()
    }

    fn current_stage_mut(&mut self) -> Option<&mut StageRecord> {
        self.stages.last_mut()
    }

    /// Whether the case has closed.
    pub fn is_closed(&self) -> bool {
        self.closed.is_some()
    }

    /// Records one event. Never refuses: events are facts, already decided.
    pub fn apply(&mut self, event: &Event) {
        let at = event.at;
        self.version += 1;
        self.last_event_at = Some(at);
        match &event.fact {
            Fact::Received {
                reference,
                procedure_version,
                submission,
                first_stage,
                conflicts,
                time_limit,
            } => {
                self.reference = reference.clone();
                self.procedure_version = Some(procedure_version.clone());
                self.received_at = Some(at);
                self.people_named = submission.people_named.clone();
                self.submission = Some((**submission).clone());
                self.conflicts = conflicts.clone();
                self.time_limit = time_limit.clone();
                if let Some(stage) = first_stage {
                    self.stages.push(StageRecord::new(stage.clone(), at, false));
                }
            }
            Fact::PersonNamed {
                person,
                conflicts,
                rerouted_to,
            } => {
                self.people_named.push(person.clone());
                self.conflicts.extend(conflicts.iter().cloned());
                if let Some(reroute) = rerouted_to {
                    self.stages.clear();
                    self.stages.push(StageRecord::new(
                        reroute.stage.clone(),
                        reroute.entered_at,
                        false,
                    ));
                }
            }
            Fact::ScopeDecided { decision, .. } => {
                self.scope = Some(decision.clone());
                self.scope_decided_at = Some(at);
            }
            Fact::Acknowledged { .. } => {
                if let Some(stage) = self.current_stage_mut() {
                    stage.acknowledged_at = Some(at);
                }
            }
            Fact::ResolvedInformally { .. } => self.resolved_informally_at = Some(at),
            Fact::InvestigationStarted { .. } => {
                if let Some(stage) = self.current_stage_mut() {
                    stage.investigation_started_at = Some(at);
                }
            }
            Fact::MediationOffered { by } => self.mediation_offered_by = Some(by.clone()),
            Fact::MediationHeld { agreed, .. } => self.mediations.push(*agreed),
            Fact::HandlerAssigned {
                name,
                role,
                username,
                ..
            } => {
                if let Some(stage) = self.current_stage_mut() {
                    stage.handler = Some((name.clone(), role.clone()));
                    stage.handled_by.push(name.clone());
                    if let Some(username) = username
                        && !stage.handler_usernames.contains(username)
                    {
                        stage.handler_usernames.push(username.clone());
                    }
                }
            }
            Fact::PersonLinked {
                person,
                username,
                member_id,
                ..
            } => self.links.push(PersonLink {
                person: *person,
                username: username.clone(),
                member_id: member_id.clone(),
            }),
            Fact::ConflictDeclared { username, reason } => {
                self.declared_conflicts.push(DeclaredConflict {
                    username: username.clone(),
                    reason: reason.clone(),
                })
            }
            Fact::MarkedSensitive { reason, roles } => {
                self.sensitive = Some(crate::access::Sensitivity {
                    reason: reason.clone(),
                    roles: roles.clone(),
                })
            }
            Fact::PanelDrawn { drawn, .. } => {
                if let Some(stage) = self.current_stage_mut() {
                    stage.panel = drawn.clone();
                }
            }
            Fact::UpdateSent { .. } => {
                if let Some(stage) = self.current_stage_mut() {
                    stage.updates.push(at);
                }
            }
            Fact::InformationReceived { .. } => self.information_received.push(at),
            Fact::DeadlineExtended { new_due, .. } => {
                if let Some(stage) = self.current_stage_mut() {
                    stage.extended_to = Some(*new_due);
                    stage.extended_at.get_or_insert(at);
                }
            }
            Fact::ClockPaused { .. } => {
                if let Some(stage) = self.current_stage_mut() {
                    stage.pauses.push((at, None));
                }
            }
            Fact::ClockResumed { .. } => {
                if let Some(stage) = self.current_stage_mut()
                    && let Some(pause) = stage.pauses.last_mut()
                {
                    pause.1 = Some(at);
                }
            }
            Fact::Responded {
                outcome, learning, ..
            } => {
                if let Some(stage) = self.current_stage_mut() {
                    stage.response = Some((at, *outcome));
                }
                self.learning
                    .extend(learning.iter().map(|action| LearningRecord {
                        opened_at: at,
                        action: action.clone(),
                        done_at: None,
                        what_changed: None,
                    }));
            }
            Fact::EscalationRequested { to, .. } | Fact::ReferredUp { to, .. } => {
                if let Some(stage) = self.current_stage_mut() {
                    stage.left = true;
                }
                self.stages.push(StageRecord::new(to.clone(), at, true));
            }
            Fact::EscalationRefused { .. } => self.escalations_refused.push(at),
            Fact::ReferredExternally { body, .. } => {
                self.referred_to.push(body.clone());
                self.referred_at.push(at);
            }
            Fact::Withdrawn { .. } => self.withdrawn_at = Some(at),
            Fact::InternalReviewDecided { needed, .. } => self.internal_review = Some(*needed),
            Fact::PassedOn { to } => self.passed_on.push(to.clone()),
            Fact::Replied { .. } => self.replied_at = Some(at),
            Fact::Published { wording, .. } => {
                self.published_at = Some(at);
                self.published_wording = Some(wording.clone());
            }
            Fact::Unpublished { .. } => {
                self.published_at = None;
                self.published_wording = None;
            }
            Fact::ConsentWithdrawn => self.consent_withdrawn_at = Some(at),
            Fact::BehaviourWarned { .. } => self.warned_at = Some(at),
            Fact::ContactRestricted {
                restrictions,
                until,
                review_on,
                ..
            } => self.restrictions.push(RestrictionRecord {
                at,
                restrictions: restrictions.clone(),
                until: *until,
                review_on: *review_on,
            }),
            Fact::ContactTerminated { .. } => self.contact_terminated_at = Some(at),
            Fact::Closed {
                how, delete_after, ..
            } => {
                self.closed = Some((at, *how));
                self.delete_after = *delete_after;
            }
            // A request may be repeated (a reminder), so nothing is kept but the event.
            Fact::InWritingRequested { .. } => {}
            Fact::TrackingLinkIssued { .. } => self.tracking_links_issued.push(at),
            Fact::NoteAdded { .. } | Fact::ContactRecorded { .. } => {}
            Fact::MergedInto { survivor } => self.merged_into = Some(survivor.clone()),
            Fact::DuplicateMerged { from } => self.merged_from.push(from.clone()),
            Fact::WrittenAuthorityReceived { .. } => self.written_authority_at = Some(at),
            Fact::AttachmentAdded {
                name,
                media_type,
                size,
                sha256,
                source,
            } => self.attachments.push(AttachmentRecord {
                at,
                name: name.clone(),
                media_type: media_type.clone(),
                size: *size,
                sha256: sha256.clone(),
                source: *source,
            }),
            Fact::LegalHoldPlaced {
                reason,
                for_enquiry,
            } => {
                self.legal_hold = Some(reason.clone());
                self.hold_for_enquiry = *for_enquiry;
            }
            Fact::LegalHoldLifted { .. } => {
                self.legal_hold = None;
                self.hold_for_enquiry = None;
            }
            Fact::OmbudsmanEnquiryReceived {
                ombudsman_reference,
                received_on,
                respond_by,
                summary,
            } => self.enquiries.push(EnquiryRecord {
                recorded_at: at,
                ombudsman_reference: ombudsman_reference.clone(),
                received_on: *received_on,
                respond_by: *respond_by,
                summary: summary.clone(),
                answered: None,
            }),
            Fact::OmbudsmanEnquiryAnswered { enquiry, summary } => {
                if let Some(record) = (*enquiry as usize)
                    .checked_sub(1)
                    .and_then(|index| self.enquiries.get_mut(index))
                {
                    record.answered = Some((at, summary.clone()));
                }
            }
            Fact::Rectified { detail, value, .. } => {
                if let Some(submission) = self.submission.as_mut()
                    && let Some(contact) =
                        detail.of(&mut submission.complainant, &mut submission.representative)
                {
                    detail.set(contact, value.clone());
                }
            }
            Fact::PersonalDataErased { .. } => self.erased_at = Some(at),
            Fact::ThemesSet { themes } => self.themes = themes.clone(),
            Fact::LearningActionAdded { action } => self.learning.push(LearningRecord {
                opened_at: at,
                action: action.clone(),
                done_at: None,
                what_changed: None,
            }),
            Fact::LearningActionCompleted {
                action,
                what_changed,
            } => {
                if let Some(record) = (*action as usize)
                    .checked_sub(1)
                    .and_then(|index| self.learning.get_mut(index))
                {
                    record.done_at = Some(at);
                    record.what_changed = what_changed.clone();
                }
            }
        }
    }

    /// Whether the procedure needs the person's written authority before the complaint is
    /// discussed with their representative, and it has not arrived: not said at receipt and
    /// not recorded since.
    pub fn awaiting_written_authority(&self, procedure: &crate::procedure::Procedure) -> bool {
        let needed = procedure
            .intake
            .representatives
            .as_ref()
            .is_some_and(|r| r.accepted && r.written_authority);
        let representative = self
            .submission
            .as_ref()
            .and_then(|s| s.representative.as_ref());
        needed
            && representative.is_some_and(|r| !r.written_authority)
            && self.written_authority_at.is_none()
    }

    /// The e-mail address correspondence about the case goes to: the representative's, unless
    /// their written authority is still awaited, else the person's own.
    pub fn correspondence_email(&self, procedure: &crate::procedure::Procedure) -> Option<&str> {
        let submission = self.submission.as_ref()?;
        let representative = submission
            .representative
            .as_ref()
            .filter(|_| !self.awaiting_written_authority(procedure))
            .and_then(|r| r.contact.email.as_deref());
        representative.or_else(|| {
            submission
                .complainant
                .as_ref()
                .and_then(|c| c.email.as_deref())
        })
    }

    /// The e-mail addresses on the case, the person's and their representative's, for
    /// matching someone who asks for their tracking link again.
    pub fn email_addresses(&self) -> Vec<&str> {
        let Some(submission) = self.submission.as_ref() else {
            return Vec::new();
        };
        submission
            .complainant
            .iter()
            .chain(submission.representative.iter().map(|r| &r.contact))
            .filter_map(|c| c.email.as_deref())
            .collect()
    }
}
