//! Commands: what someone asks to do to a case. The decider turns each into events or a refusal.
//!
//! Commands are the same in the JSON API, the simulation scripts and the tests: a `type` tag in
//! kebab-case and the fields below. The instant a command takes effect is passed beside it.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::RoleId;
use crate::procedure::{
    Channel, FeedbackKind, Ground, Outcome, RemedyKind, Restriction, StageMode,
};

/// Something someone asks to do to a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Command {
    /// Record feedback received: starts a case.
    Receive {
        /// The case reference the store allocated, e.g. `LPP-2026-0042`.
        #[serde(default)]
        reference: Option<String>,
        /// What was received.
        submission: Box<Submission>,
    },
    /// Add a person named in the complaint after receipt; conflict rules are applied again.
    NamePerson {
        /// Who.
        person: PersonNamed,
    },
    /// Decide whether the complaint falls within the procedure.
    DecideScope {
        /// The decision.
        decision: ScopeDecision,
    },
    /// Acknowledge the complaint (first stage) or the request to escalate (later stages).
    Acknowledge {
        /// Who is dealing with it, when a person's name should be given rather than the role.
        #[serde(default)]
        handler_name: Option<String>,
        /// A contact telephone number, when the procedure file gives none for the handler.
        #[serde(default)]
        phone: Option<String>,
        /// A contact e-mail address, when the procedure file gives none for the handler.
        #[serde(default)]
        email: Option<String>,
    },
    /// Settle the complaint informally or immediately; the case closes.
    ResolveInformally {
        /// What was agreed or done.
        summary: String,
    },
    /// Informal resolution was not possible: the formal investigation starts.
    StartInvestigation {
        /// Why the complaint needs investigation.
        #[serde(default)]
        reason: Option<String>,
    },
    /// Offer mediation.
    OfferMediation {
        /// The role that would mediate.
        by: RoleId,
    },
    /// Record a mediation meeting.
    RecordMediation {
        /// Whether the parties agreed a way forward.
        agreed: bool,
        /// What was discussed and agreed.
        summary: String,
    },
    /// Name the person handling the current stage.
    AssignHandler {
        /// Their name.
        name: String,
        /// The role they act in.
        role: RoleId,
    },
    /// Draw the current stage's panel at random.
    DrawPanel {
        /// Everyone on the list the panel is drawn from.
        candidates: Vec<Member>,
        /// Members who gave good reason not to serve (conflict of interest, illness).
        #[serde(default)]
        declined: Vec<Declined>,
        /// The random seed, recorded in the event so the draw can be checked. Never taken from
        /// the caller, who could search for a seed that draws the panel they want: redress-app
        /// draws it from its `Rng` port (see [`Command::with_seed`]).
        #[serde(skip_deserializing, default)]
        #[schemars(skip)]
        seed: u64,
    },
    /// Record a progress update sent to the complainant.
    SendUpdate {
        /// What they were told.
        summary: String,
    },
    /// Record more information received from the complainant.
    ReceiveInformation {
        /// What arrived.
        summary: String,
    },
    /// Move the current stage's response date, by holding letter.
    ExtendDeadline {
        /// The new date the response will be sent by.
        new_date: Date,
        /// Why more time is needed.
        reason: String,
    },
    /// Stop the current stage's clocks while waiting for information.
    PauseClock {
        /// What is awaited.
        reason: String,
    },
    /// Restart the clocks.
    ResumeClock,
    /// Send the current stage's response.
    Respond {
        /// The outcome.
        outcome: Outcome,
        /// What was found.
        findings: String,
        /// How the complaint was investigated.
        #[serde(default)]
        how_investigated: Option<String>,
        /// Investigation, mediation or review, where the stage offers a choice.
        #[serde(default)]
        mode: Option<StageMode>,
        /// Remedies offered.
        #[serde(default)]
        remedies: Vec<Remedy>,
        /// What the organisation will change or learn.
        #[serde(default)]
        learning: Vec<LearningAction>,
    },
    /// Record the complainant's request to take the complaint to the next stage.
    RequestEscalation {
        /// Why they remain dissatisfied, in their words.
        #[serde(default)]
        reasons: String,
        /// The grounds, where the procedure lists them.
        #[serde(default)]
        grounds: Vec<Ground>,
        /// The outcome they now seek.
        #[serde(default)]
        outcome_sought: String,
        /// Whether the request is in writing.
        in_writing: bool,
        /// Why a late request is accepted anyway. Needed only outside the window.
        #[serde(default)]
        late_reason: Option<String>,
    },
    /// Record that a request to escalate was refused.
    RefuseEscalation {
        /// Why.
        reason: String,
    },
    /// The handler refers the complaint up to the next stage (e.g. a panel unable to decide).
    ReferUp {
        /// Why.
        reason: String,
    },
    /// Record that the complaint went to the ombudsman or another external body.
    ReferExternally {
        /// Which body.
        body: String,
        /// Anything to note.
        #[serde(default)]
        note: Option<String>,
    },
    /// The complainant withdraws the complaint.
    Withdraw {
        /// Their reason, if they gave one.
        #[serde(default)]
        reason: Option<String>,
    },
    /// After a withdrawal, decide whether the matter still needs internal review.
    DecideInternalReview {
        /// Whether it does.
        needed: bool,
        /// Why.
        note: String,
    },
    /// Pass a compliment or comment on.
    PassOn {
        /// The role it goes to; absent for the person complimented.
        #[serde(default)]
        to: Option<RoleId>,
    },
    /// Reply to a compliment or comment.
    Reply {
        /// What was said.
        summary: String,
    },
    /// Publish a compliment or comment.
    Publish,
    /// Warn about unacceptable or unreasonably persistent behaviour.
    WarnBehaviour {
        /// Why the behaviour falls into that category.
        reason: String,
    },
    /// Restrict the complainant's contact.
    RestrictContact {
        /// Which restrictions.
        restrictions: Vec<Restriction>,
        /// Why.
        reason: String,
        /// The last day the restriction applies.
        until: Date,
        /// When it will be reviewed.
        review_on: Date,
        /// Set when behaviour threatens staff safety, which allows acting without prior warning.
        #[serde(default)]
        safety_risk: bool,
    },
    /// End contact with the complainant.
    TerminateContact {
        /// Why.
        reason: String,
    },
    /// Close the case.
    Close {
        /// Set when the complainant confirmed they are satisfied, which allows closing while
        /// they could still escalate.
        #[serde(default)]
        complainant_satisfied: bool,
        /// Anything to note.
        #[serde(default)]
        note: Option<String>,
    },
}

/// Which command, without its fields: what offers list and what forms are drawn for.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CommandKind {
    /// `receive`.
    Receive,
    /// `name-person`.
    NamePerson,
    /// `decide-scope`.
    DecideScope,
    /// `acknowledge`.
    Acknowledge,
    /// `resolve-informally`.
    ResolveInformally,
    /// `start-investigation`.
    StartInvestigation,
    /// `offer-mediation`.
    OfferMediation,
    /// `record-mediation`.
    RecordMediation,
    /// `assign-handler`.
    AssignHandler,
    /// `draw-panel`.
    DrawPanel,
    /// `send-update`.
    SendUpdate,
    /// `receive-information`.
    ReceiveInformation,
    /// `extend-deadline`.
    ExtendDeadline,
    /// `pause-clock`.
    PauseClock,
    /// `resume-clock`.
    ResumeClock,
    /// `respond`.
    Respond,
    /// `request-escalation`.
    RequestEscalation,
    /// `refuse-escalation`.
    RefuseEscalation,
    /// `refer-up`.
    ReferUp,
    /// `refer-externally`.
    ReferExternally,
    /// `withdraw`.
    Withdraw,
    /// `decide-internal-review`.
    DecideInternalReview,
    /// `pass-on`.
    PassOn,
    /// `reply`.
    Reply,
    /// `publish`.
    Publish,
    /// `warn-behaviour`.
    WarnBehaviour,
    /// `restrict-contact`.
    RestrictContact,
    /// `terminate-contact`.
    TerminateContact,
    /// `close`.
    Close,
}

impl CommandKind {
    /// Every command, in the order a case page lists them.
    pub const ALL: &[CommandKind] = &[
        CommandKind::Receive,
        CommandKind::DecideScope,
        CommandKind::Acknowledge,
        CommandKind::AssignHandler,
        CommandKind::DrawPanel,
        CommandKind::StartInvestigation,
        CommandKind::ResolveInformally,
        CommandKind::OfferMediation,
        CommandKind::RecordMediation,
        CommandKind::Respond,
        CommandKind::SendUpdate,
        CommandKind::ExtendDeadline,
        CommandKind::PauseClock,
        CommandKind::ResumeClock,
        CommandKind::RequestEscalation,
        CommandKind::RefuseEscalation,
        CommandKind::ReferUp,
        CommandKind::PassOn,
        CommandKind::Reply,
        CommandKind::Publish,
        CommandKind::Close,
        CommandKind::ReceiveInformation,
        CommandKind::NamePerson,
        CommandKind::Withdraw,
        CommandKind::DecideInternalReview,
        CommandKind::ReferExternally,
        CommandKind::WarnBehaviour,
        CommandKind::RestrictContact,
        CommandKind::TerminateContact,
    ];

    /// The command's name, as its `type` in JSON (`request-escalation`).
    pub fn as_str(self) -> &'static str {
        match self {
            CommandKind::Receive => "receive",
            CommandKind::NamePerson => "name-person",
            CommandKind::DecideScope => "decide-scope",
            CommandKind::Acknowledge => "acknowledge",
            CommandKind::ResolveInformally => "resolve-informally",
            CommandKind::StartInvestigation => "start-investigation",
            CommandKind::OfferMediation => "offer-mediation",
            CommandKind::RecordMediation => "record-mediation",
            CommandKind::AssignHandler => "assign-handler",
            CommandKind::DrawPanel => "draw-panel",
            CommandKind::SendUpdate => "send-update",
            CommandKind::ReceiveInformation => "receive-information",
            CommandKind::ExtendDeadline => "extend-deadline",
            CommandKind::PauseClock => "pause-clock",
            CommandKind::ResumeClock => "resume-clock",
            CommandKind::Respond => "respond",
            CommandKind::RequestEscalation => "request-escalation",
            CommandKind::RefuseEscalation => "refuse-escalation",
            CommandKind::ReferUp => "refer-up",
            CommandKind::ReferExternally => "refer-externally",
            CommandKind::Withdraw => "withdraw",
            CommandKind::DecideInternalReview => "decide-internal-review",
            CommandKind::PassOn => "pass-on",
            CommandKind::Reply => "reply",
            CommandKind::Publish => "publish",
            CommandKind::WarnBehaviour => "warn-behaviour",
            CommandKind::RestrictContact => "restrict-contact",
            CommandKind::TerminateContact => "terminate-contact",
            CommandKind::Close => "close",
        }
    }

    /// The command named `name`, if there is one.
    pub fn parse(name: &str) -> Option<CommandKind> {
        CommandKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == name)
    }
}

impl Command {
    /// The command with `seed` as its random seed, when it is a panel draw; any other command
    /// is returned unchanged.
    pub fn with_seed(self, seed: u64) -> Command {
        match self {
            Command::DrawPanel {
                candidates,
                declined,
                ..
            } => Command::DrawPanel {
                candidates,
                declined,
                seed,
            },
            other => other,
        }
    }

    /// Which command this is.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Receive { .. } => CommandKind::Receive,
            Command::NamePerson { .. } => CommandKind::NamePerson,
            Command::DecideScope { .. } => CommandKind::DecideScope,
            Command::Acknowledge { .. } => CommandKind::Acknowledge,
            Command::ResolveInformally { .. } => CommandKind::ResolveInformally,
            Command::StartInvestigation { .. } => CommandKind::StartInvestigation,
            Command::OfferMediation { .. } => CommandKind::OfferMediation,
            Command::RecordMediation { .. } => CommandKind::RecordMediation,
            Command::AssignHandler { .. } => CommandKind::AssignHandler,
            Command::DrawPanel { .. } => CommandKind::DrawPanel,
            Command::SendUpdate { .. } => CommandKind::SendUpdate,
            Command::ReceiveInformation { .. } => CommandKind::ReceiveInformation,
            Command::ExtendDeadline { .. } => CommandKind::ExtendDeadline,
            Command::PauseClock { .. } => CommandKind::PauseClock,
            Command::ResumeClock => CommandKind::ResumeClock,
            Command::Respond { .. } => CommandKind::Respond,
            Command::RequestEscalation { .. } => CommandKind::RequestEscalation,
            Command::RefuseEscalation { .. } => CommandKind::RefuseEscalation,
            Command::ReferUp { .. } => CommandKind::ReferUp,
            Command::ReferExternally { .. } => CommandKind::ReferExternally,
            Command::Withdraw { .. } => CommandKind::Withdraw,
            Command::DecideInternalReview { .. } => CommandKind::DecideInternalReview,
            Command::PassOn { .. } => CommandKind::PassOn,
            Command::Reply { .. } => CommandKind::Reply,
            Command::Publish => CommandKind::Publish,
            Command::WarnBehaviour { .. } => CommandKind::WarnBehaviour,
            Command::RestrictContact { .. } => CommandKind::RestrictContact,
            Command::TerminateContact { .. } => CommandKind::TerminateContact,
            Command::Close { .. } => CommandKind::Close,
        }
    }
}

/// What arrived when feedback was received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Complaint, compliment, comment or suggestion.
    pub kind: FeedbackKind,
    /// How it arrived.
    pub channel: Channel,
    /// Who it is from; absent when anonymous.
    #[serde(default)]
    pub complainant: Option<Contact>,
    /// Someone acting on the person's behalf.
    #[serde(default)]
    pub representative: Option<Representative>,
    /// People named, with the roles they hold where known.
    #[serde(default)]
    pub people_named: Vec<PersonNamed>,
    /// What happened, in the person's words.
    pub what_happened: String,
    /// When it happened.
    #[serde(default)]
    pub happened_on: Option<Date>,
    /// When the person became aware of it, if later.
    #[serde(default)]
    pub became_aware_on: Option<Date>,
    /// The outcome the person wants.
    #[serde(default)]
    pub outcome_wanted: Option<String>,
    /// Support or adjustments the person needs.
    #[serde(default)]
    pub adjustments: Option<String>,
    /// For compliments and comments: whether the giver consents to publication.
    #[serde(default)]
    pub consent_to_publish: bool,
}

/// How to reach someone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Their name.
    pub name: String,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// How they prefer to be contacted.
    #[serde(default)]
    pub prefers: Option<Channel>,
}

/// Someone acting for the person the complaint is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    /// How to reach them.
    pub contact: Contact,
    /// Their relationship to the person, e.g. "parent", "advocate", "solicitor".
    pub relationship: String,
    /// Whether the person's written authority (or Power of Attorney) is held.
    #[serde(default)]
    pub written_authority: bool,
}

/// A person named in a complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonNamed {
    /// Their name.
    pub name: String,
    /// The procedure role they hold, if any (this is what conflict rules look at).
    #[serde(default)]
    pub role: Option<RoleId>,
    /// Their id on a member list, if they are a member (panels exclude them).
    #[serde(default)]
    pub member_id: Option<String>,
}

/// Someone on a list a panel is drawn from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Stable id on the list.
    pub id: String,
    /// Name.
    pub name: String,
}

/// A member who gave good reason not to serve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declined {
    /// The member's id.
    pub member_id: String,
    /// The reason, e.g. "conflict of interest" or "illness".
    pub reason: String,
}

/// A scope decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "decision", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ScopeDecision {
    /// The complaint is within the procedure.
    InScope,
    /// The complaint is outside the time limit but accepted for special circumstances.
    LateAccepted {
        /// The circumstances.
        reason: String,
    },
    /// The complaint is outside the time limit and not accepted.
    OutOfTime,
    /// The matter is excluded; it goes where the exclusion routes it.
    Excluded {
        /// The exclusion's id in the procedure.
        exclusion: String,
        /// Anything to note.
        #[serde(default)]
        note: Option<String>,
    },
}

/// A remedy offered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Remedy {
    /// What kind.
    pub kind: RemedyKind,
    /// What exactly.
    pub description: String,
    /// Who agreed it, where the procedure requires a remedy to be agreed.
    #[serde(default)]
    pub agreed_by: Option<String>,
}

/// Something the organisation will learn or change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LearningAction {
    /// What will be done.
    pub description: String,
    /// Who owns it.
    #[serde(default)]
    pub owner: Option<String>,
    /// By when.
    #[serde(default)]
    pub due: Option<Date>,
}
