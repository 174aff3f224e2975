//! Events: facts about a case, in the past tense. A case is its stream of events.
//!
//! Events carry what the decider worked out when they happened (the letter's contents, the
//! panel drawn and who was excluded, whether an escalation was in time), so the history reads
//! on its own and can be re-checked later without re-running rules that may since have changed.

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::command::{
    ContactKind, InWritingWhat, LearningAction, LinkDelivery, Member, PersonNamed, Remedy,
    ScopeDecision, Submission,
};
use crate::calendar::Due;
use crate::ids::{RoleId, StageId};
use crate::letters::Letter;
use crate::procedure::{Ground, Outcome, Restriction, StageMode};

/// One fact about a case, with the instant it happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    /// When it happened (not when it was typed in).
    pub at: Timestamp,
    /// What happened.
    #[serde(flatten)]
    pub fact: Fact,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Fact {
    /// Feedback was received and the case began.
    Received {
        /// The case reference, if the store gave one.
        reference: Option<String>,
        /// The procedure version the case runs on, to the end.
        procedure_version: String,
        /// What was received.
        submission: Box<Submission>,
        /// The stage a complaint starts at (after conflict rules); none for other kinds.
        first_stage: Option<StageId>,
        /// Conflict rules that applied.
        conflicts: Vec<ConflictApplied>,
        /// The time limit to complain, where the procedure has one and the dates are known.
        time_limit: Option<TimeLimitCheck>,
    },
    /// A person named in the complaint was added.
    PersonNamed {
        /// Who.
        person: PersonNamed,
        /// Conflict rules that now apply.
        conflicts: Vec<ConflictApplied>,
        /// The stage the complaint moved to because of them, if any, and when it counts as
        /// having entered it.
        rerouted_to: Option<Reroute>,
    },
    /// The complaint's scope was decided.
    ScopeDecided {
        /// The decision.
        decision: ScopeDecision,
        /// Where the matter goes instead, for exclusions.
        route: Option<String>,
        /// The letter that told the complainant, where one was sent (absent in events recorded
        /// before such letters existed).
        #[serde(default)]
        letter: Option<Letter>,
    },
    /// The complaint, or a request to escalate, was acknowledged.
    Acknowledged {
        /// The stage acknowledged.
        stage: StageId,
        /// What the acknowledgement said.
        letter: Letter,
    },
    /// The complaint was resolved informally or immediately.
    ResolvedInformally {
        /// What was agreed or done.
        summary: String,
        /// The letter that told the complainant, where one was sent (absent in events recorded
        /// before such letters existed).
        #[serde(default)]
        letter: Option<Letter>,
    },
    /// The formal investigation began.
    InvestigationStarted {
        /// The stage.
        stage: StageId,
        /// Why informal resolution was not enough.
        reason: Option<String>,
    },
    /// Mediation was offered.
    MediationOffered {
        /// The role mediating.
        by: RoleId,
    },
    /// A mediation meeting was held.
    MediationHeld {
        /// Whether a way forward was agreed.
        agreed: bool,
        /// What happened.
        summary: String,
    },
    /// Someone was named as the stage's handler.
    HandlerAssigned {
        /// The stage.
        stage: StageId,
        /// Their name.
        name: String,
        /// Their role.
        role: RoleId,
        /// Their username, when they are a user of redress.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        username: Option<String>,
    },
    /// A person named in the complaint was confirmed to be a user or a member.
    PersonLinked {
        /// The person's position among those named, from 0.
        person: usize,
        /// Their name as named, so the history reads on its own.
        name: String,
        /// The user they are.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        username: Option<String>,
        /// The member they are.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        member_id: Option<String>,
    },
    /// A member of staff declared a conflict of interest.
    ConflictDeclared {
        /// Their username.
        username: String,
        /// Why.
        reason: String,
    },
    /// The case was marked sensitive.
    MarkedSensitive {
        /// Why.
        reason: String,
        /// The procedure roles whose holders may still see it.
        roles: Vec<RoleId>,
    },
    /// A panel was drawn at random.
    PanelDrawn {
        /// The stage.
        stage: StageId,
        /// The number the panel shares with the complaint.
        number: Option<String>,
        /// The seed of the draw.
        seed: u64,
        /// Everyone on the list.
        candidates: Vec<Member>,
        /// Who was left out of the draw, and why.
        excluded: Vec<Excluded>,
        /// Who was drawn, in draw order.
        drawn: Vec<Member>,
    },
    /// A progress update was sent.
    UpdateSent {
        /// The stage.
        stage: StageId,
        /// What was said.
        summary: String,
        /// The letter that told the complainant, where one was sent (absent in events recorded
        /// before such letters existed).
        #[serde(default)]
        letter: Option<Letter>,
    },
    /// The complainant sent more information.
    InformationReceived {
        /// What arrived.
        summary: String,
        /// How it arrived, when redress's intake recorded it (`email`); absent when typed in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<crate::procedure::Channel>,
        /// The e-mail's Message-ID, for a message read from the mailbox.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message_id: Option<String>,
    },
    /// The response date was moved and a holding letter sent.
    DeadlineExtended {
        /// The stage.
        stage: StageId,
        /// The new deadline.
        new_due: Due,
        /// Why.
        reason: String,
        /// Why it goes past the procedure's cap, where the procedure allows that with a good
        /// reason and the new date does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        good_reason: Option<String>,
        /// Whether the complainant agreed to the new date (recorded where the procedure needs it).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        complainant_agreed: bool,
        /// The holding letter.
        letter: Letter,
    },
    /// The stage's clocks stopped.
    ClockPaused {
        /// The stage.
        stage: StageId,
        /// What is awaited.
        reason: String,
    },
    /// The stage's clocks restarted.
    ClockResumed {
        /// The stage.
        stage: StageId,
    },
    /// The stage's response was sent.
    Responded {
        /// The stage.
        stage: StageId,
        /// The outcome.
        outcome: Outcome,
        /// The findings.
        findings: String,
        /// How it was investigated.
        how_investigated: Option<String>,
        /// Investigation, mediation or review.
        mode: Option<StageMode>,
        /// Remedies.
        remedies: Vec<Remedy>,
        /// Learning actions.
        learning: Vec<LearningAction>,
        /// The response letter.
        letter: Letter,
    },
    /// The complainant asked for the next stage.
    EscalationRequested {
        /// From which stage.
        from: StageId,
        /// To which stage.
        to: StageId,
        /// Why they remain dissatisfied.
        reasons: String,
        /// The grounds.
        grounds: Vec<Ground>,
        /// The outcome sought.
        outcome_sought: String,
        /// Whether in writing.
        in_writing: bool,
        /// When the window closed, where there is one.
        window: Option<Due>,
        /// Why it was accepted although late.
        late_reason: Option<String>,
    },
    /// A request to escalate was refused.
    EscalationRefused {
        /// Why.
        reason: String,
    },
    /// The handler referred the complaint up.
    ReferredUp {
        /// From which stage.
        from: StageId,
        /// To which stage.
        to: StageId,
        /// Why.
        reason: String,
        /// Whether the complainant is to be told.
        complainant_notified: bool,
    },
    /// The complaint went to an external body.
    ReferredExternally {
        /// Which.
        body: String,
        /// Anything to note.
        note: Option<String>,
    },
    /// The complainant withdrew.
    Withdrawn {
        /// Their reason.
        reason: Option<String>,
        /// The letter that told the complainant, where one was sent (absent in events recorded
        /// before such letters existed).
        #[serde(default)]
        letter: Option<Letter>,
    },
    /// Whether a withdrawn matter needs internal review was decided.
    InternalReviewDecided {
        /// Whether it does.
        needed: bool,
        /// Why.
        note: String,
    },
    /// A compliment or comment was passed on.
    PassedOn {
        /// To which role; none for the person complimented.
        to: Option<RoleId>,
    },
    /// A compliment or comment was replied to.
    Replied {
        /// What was said.
        summary: String,
        /// The letter that told the complainant, where one was sent (absent in events recorded
        /// before such letters existed).
        #[serde(default)]
        letter: Option<Letter>,
    },
    /// A compliment or comment was published.
    Published {
        /// Where.
        place: String,
        /// The words published, as the officer approved them (empty in events recorded before
        /// the wording was approved; such an item is not shown on the public page).
        #[serde(default)]
        wording: String,
    },
    /// A published compliment or comment was taken down.
    Unpublished {
        /// Why, as the officer gave it; absent when the giver withdrew their consent (a
        /// `ConsentWithdrawn` comes just before it).
        #[serde(default)]
        reason: Option<String>,
    },
    /// The giver withdrew their consent to publication.
    ConsentWithdrawn,
    /// The complainant was warned about their behaviour.
    BehaviourWarned {
        /// Why.
        reason: String,
        /// The letter that told the complainant, where one was sent (absent in events recorded
        /// before such letters existed).
        #[serde(default)]
        letter: Option<Letter>,
    },
    /// Contact was restricted.
    ContactRestricted {
        /// Which restrictions.
        restrictions: Vec<Restriction>,
        /// Why.
        reason: String,
        /// Last day.
        until: Date,
        /// Review date.
        review_on: Date,
        /// Whether taken without warning because of a safety risk.
        safety_risk: bool,
        /// The letter that told the complainant, where one was sent (absent in events recorded
        /// before such letters existed).
        #[serde(default)]
        letter: Option<Letter>,
    },
    /// Contact was ended.
    ContactTerminated {
        /// Why.
        reason: String,
    },
    /// The case closed.
    Closed {
        /// How it ended.
        how: Ending,
        /// Anything to note.
        note: Option<String>,
        /// The day its personal data falls due for deletion, where the procedure says.
        delete_after: Option<Date>,
    },
    /// The complaint in writing, or the person's written authority, was asked for.
    InWritingRequested {
        /// What was asked for.
        what: InWritingWhat,
        /// The letter asking for it.
        letter: Letter,
    },
    /// A new tracking link was issued; any earlier link stopped working. The link itself is a
    /// secret and is never part of the history.
    TrackingLinkIssued {
        /// How it reaches the person.
        delivery: LinkDelivery,
        /// The address it was sent to, for e-mail.
        to: Option<String>,
        /// Whether the person asked for it on the public page (they had lost theirs).
        requested: bool,
    },
    /// The case was found to duplicate `survivor` and merged into it; it closes with it.
    MergedInto {
        /// The case that goes on.
        survivor: String,
    },
    /// The duplicate `from` was merged into this case; its events stay on it.
    DuplicateMerged {
        /// The duplicate.
        from: String,
    },
    /// An internal note was added (never shown to the complainant).
    NoteAdded {
        /// The note.
        text: String,
    },
    /// A telephone call or meeting was recorded.
    ContactRecorded {
        /// A call or a meeting.
        kind: ContactKind,
        /// Who it was with.
        who: String,
        /// The day it took place.
        held_on: Date,
        /// What was said.
        summary: String,
    },
    /// The person's written authority for their representative arrived.
    WrittenAuthorityReceived {
        /// What arrived.
        note: Option<String>,
    },
    /// A file was attached to the case.
    AttachmentAdded {
        /// The file's name, as given.
        name: String,
        /// Its media type, told by its content.
        media_type: String,
        /// Its size in bytes.
        size: u64,
        /// The SHA-256 digest of its content, lower-case hex.
        sha256: String,
        /// Who added it, and how.
        source: super::attachment::AttachmentSource,
    },
    /// A legal hold was placed: the case's personal data is kept past its retention period
    /// until the hold is lifted (for example while an ombudsman considers the case).
    LegalHoldPlaced {
        /// Why it is held.
        reason: String,
        /// The ombudsman's enquiry (its number on the case, from 1) the hold was placed for:
        /// it is lifted when the last open enquiry is answered. Absent: placed by hand.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        for_enquiry: Option<u32>,
    },
    /// An enquiry from the ombudsman about the case arrived.
    OmbudsmanEnquiryReceived {
        /// The ombudsman's reference for it.
        ombudsman_reference: String,
        /// The day it arrived.
        received_on: Date,
        /// The day the ombudsman asked for a reply by, if it gave one.
        respond_by: Option<Date>,
        /// What it asks for.
        summary: String,
    },
    /// An ombudsman's enquiry was answered.
    OmbudsmanEnquiryAnswered {
        /// Its number on the case, from 1.
        enquiry: u32,
        /// What was sent, in short.
        summary: String,
    },
    /// A contact detail was corrected at the person's request (what was received stays in
    /// the history, marked corrected by this event; erasure removes both).
    Rectified {
        /// Which detail.
        detail: super::command::Detail,
        /// The corrected value; none when the detail was removed.
        value: Option<String>,
        /// The request as made.
        request: String,
    },
    /// The legal hold was lifted; retention runs again.
    LegalHoldLifted {
        /// Why, if said.
        reason: Option<String>,
    },
    /// The case's personal data was erased: every earlier event was rewritten into its redacted
    /// form (see `case::retention`), leaving the facts reports need.
    PersonalDataErased {
        /// Why: the retention period ran out, or a person asked.
        by: ErasedBy,
        /// The request's reason, for an erasure asked for.
        reason: Option<String>,
    },
    /// The case was tagged with themes (replacing any before).
    ThemesSet {
        /// The themes, from the procedure's list.
        themes: Vec<crate::ids::ThemeId>,
    },
    /// A learning action was recorded.
    LearningActionAdded {
        /// What, who owns it and by when.
        action: LearningAction,
    },
    /// A learning action was done.
    LearningActionCompleted {
        /// Its number on the case, from 1.
        action: u32,
        /// What changed, for the complainant to read; none if they are not told.
        what_changed: Option<String>,
    },
}

/// Why a case's personal data was erased.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ErasedBy {
    /// Its retention period ran out.
    Retention,
    /// The person it is about asked for erasure, and it was carried out.
    Request,
}

impl Fact {
    /// The letter this fact sent, if any.
    pub fn letter(&self) -> Option<&Letter> {
        match self {
            Fact::Acknowledged { letter, .. }
            | Fact::DeadlineExtended { letter, .. }
            | Fact::Responded { letter, .. }
            | Fact::InWritingRequested { letter, .. } => Some(letter),
            Fact::ScopeDecided { letter, .. }
            | Fact::ResolvedInformally { letter, .. }
            | Fact::UpdateSent { letter, .. }
            | Fact::Withdrawn { letter, .. }
            | Fact::Replied { letter, .. }
            | Fact::BehaviourWarned { letter, .. }
            | Fact::ContactRestricted { letter, .. } => letter.as_ref(),
            _ => None,
        }
    }

    /// The letter this fact sent, to change before the fact is recorded.
    pub fn letter_mut(&mut self) -> Option<&mut Letter> {
        match self {
            Fact::Acknowledged { letter, .. }
            | Fact::DeadlineExtended { letter, .. }
            | Fact::Responded { letter, .. }
            | Fact::InWritingRequested { letter, .. } => Some(letter),
            Fact::ScopeDecided { letter, .. }
            | Fact::ResolvedInformally { letter, .. }
            | Fact::UpdateSent { letter, .. }
            | Fact::Withdrawn { letter, .. }
            | Fact::Replied { letter, .. }
            | Fact::BehaviourWarned { letter, .. }
            | Fact::ContactRestricted { letter, .. } => letter.as_mut(),
            _ => None,
        }
    }
}

/// A complaint moved to a later stage because someone named after receipt holds a role a
/// conflict rule sends elsewhere. It starts afresh there, so the decider dates its entry from
/// the complaint's original receipt; the event says so rather than leaving `apply` to work it out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reroute {
    /// The stage the complaint now starts at.
    pub stage: StageId,
    /// When it counts as having entered that stage: the complaint's receipt.
    pub entered_at: Timestamp,
}

/// A conflict rule that applied to a complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ConflictApplied {
    /// The person named.
    pub person: String,
    /// The role they hold.
    pub role: RoleId,
    /// Who handles instead, if the rule replaces a handler.
    pub handler: Option<RoleId>,
    /// Where the complaint starts instead, if the rule moves it.
    pub start_at: Option<StageId>,
}

/// The time limit to complain, worked out at receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TimeLimitCheck {
    /// The date the limit counts from.
    pub counted_from: Date,
    /// The last day a complaint is in time.
    pub last_day: Date,
    /// Whether this complaint arrived after it.
    pub late: bool,
}

/// Someone left out of a panel draw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Excluded {
    /// Their member id.
    pub member_id: String,
    /// Why.
    pub reason: String,
}

/// How a case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    /// The procedure ran its course (responses given, no further escalation).
    Completed,
    /// Resolved informally or immediately.
    ResolvedInformally,
    /// Outside the procedure, routed elsewhere.
    OutOfScope,
    /// Withdrawn by the complainant.
    Withdrawn,
    /// A compliment or comment, dealt with.
    Acknowledged,
    /// A duplicate, merged into another case (`Case::merged_into`).
    Merged,
}
