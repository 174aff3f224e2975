//! Commands: what someone asks to do to a case. The decider turns each into events or a refusal.
//!
//! Commands are the same in the JSON API, the simulation scripts and the tests: a `type` tag in
//! kebab-case and the fields below. The instant a command takes effect is passed beside it.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::RoleId;
use crate::letters::LetterText;
use crate::procedure::{
    Channel, FeedbackKind, Ground, Outcome, RemedyKind, Restriction, StageMode,
};

/// Something someone asks to do to a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Command {
    /// Record feedback received: starts a case.
    Receive(Receive),
    /// Add a person named in the complaint after receipt; conflict rules are applied again.
    NamePerson(NamePerson),
    /// Decide whether the complaint falls within the procedure.
    DecideScope(DecideScope),
    /// Acknowledge the complaint (first stage) or the request to escalate (later stages).
    Acknowledge(Acknowledge),
    /// Settle the complaint informally or immediately; the case closes.
    ResolveInformally(ResolveInformally),
    /// Informal resolution was not possible: the formal investigation starts.
    StartInvestigation(StartInvestigation),
    /// Offer mediation.
    OfferMediation(OfferMediation),
    /// Record a mediation meeting.
    RecordMediation(RecordMediation),
    /// Name the person handling the current stage.
    AssignHandler(AssignHandler),
    /// Draw the current stage's panel at random.
    DrawPanel(DrawPanel),
    /// Record a progress update sent to the complainant.
    SendUpdate(SendUpdate),
    /// Record more information received from the complainant.
    ReceiveInformation(ReceiveInformation),
    /// Move the current stage's response date, by holding letter.
    ExtendDeadline(ExtendDeadline),
    /// Stop the current stage's clocks while waiting for information.
    PauseClock(PauseClock),
    /// Restart the clocks.
    ResumeClock,
    /// Send the current stage's response.
    Respond(Respond),
    /// Record the complainant's request to take the complaint to the next stage.
    RequestEscalation(RequestEscalation),
    /// Record that a request to escalate was refused.
    RefuseEscalation(RefuseEscalation),
    /// The handler refers the complaint up to the next stage (e.g. a panel unable to decide).
    ReferUp(ReferUp),
    /// Record that the complaint went to the ombudsman or another external body.
    ReferExternally(ReferExternally),
    /// The complainant withdraws the complaint.
    Withdraw(Withdraw),
    /// After a withdrawal, decide whether the matter still needs internal review.
    DecideInternalReview(DecideInternalReview),
    /// Pass a compliment or comment on.
    PassOn(PassOn),
    /// Reply to a compliment or comment.
    Reply(Reply),
    /// Publish a compliment or comment, in the wording an officer approved.
    Publish(Publish),
    /// Take a published compliment or comment down.
    Unpublish(Unpublish),
    /// The giver withdraws their consent to publication (anything published comes down).
    WithdrawConsent,
    /// Warn about unacceptable or unreasonably persistent behaviour.
    WarnBehaviour(WarnBehaviour),
    /// Restrict the complainant's contact.
    RestrictContact(RestrictContact),
    /// End contact with the complainant.
    TerminateContact(TerminateContact),
    /// Close the case.
    Close(Close),
    /// Ask for the complaint in writing, or for the person's written authority for their
    /// representative.
    RequestInWriting(RequestInWriting),
    /// Issue a new tracking link (the old one stops working): sent by e-mail to the address on
    /// the case, or shown once to the officer to write into a letter.
    IssueTrackingLink(IssueTrackingLink),
    /// Add an internal note: for staff only, never shown to the complainant or in a letter.
    AddNote(AddNote),
    /// `merge-into`.
    MergeInto(MergeInto),
    /// Record a telephone call or a meeting: who, when, and what was said.
    RecordContact(RecordContact),
    /// Record that the person's written authority for their representative has arrived.
    RecordWrittenAuthority(RecordWrittenAuthority),
    /// Attach a file to the case (its content is stored by the app, addressed by SHA-256).
    AddAttachment(AddAttachment),
    /// Confirm that a person named in the complaint is a user or a member: they are kept out.
    LinkPerson(LinkPerson),
    /// Record that a member of staff declared a conflict of interest: they are kept out.
    DeclareConflict(DeclareConflict),
    /// Mark the case sensitive (safeguarding): only holders of the roles named may see it.
    MarkSensitive(MarkSensitive),
    /// Hold the case's personal data past its retention period (an ombudsman or a court is
    /// considering it).
    PlaceLegalHold(PlaceLegalHold),
    /// Lift the legal hold.
    LiftLegalHold(LiftLegalHold),
    /// Tag the case with themes for reporting, from the procedure's list (replaces any set
    /// before).
    SetThemes(SetThemes),
    /// Record something the organisation will learn or change, with its owner and due date.
    AddLearningAction(AddLearningAction),
    /// Record that a learning action is done, and what changed.
    CompleteLearningAction(CompleteLearningAction),
    /// Correct a contact detail the person says is wrong (their right to rectification, UK
    /// GDPR art. 16): the request is recorded with the correction.
    Rectify(Rectify),
    /// Record an enquiry from the ombudsman about the case (at any stage, open or closed): it
    /// has its own response deadline, and a legal hold keeps the case while it is open.
    RecordOmbudsmanEnquiry(RecordOmbudsmanEnquiry),
    /// Record that an ombudsman's enquiry was answered.
    AnswerOmbudsmanEnquiry(AnswerOmbudsmanEnquiry),
}

/// Record an enquiry from the ombudsman.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordOmbudsmanEnquiry {
    /// The ombudsman's own reference for the enquiry.
    pub ombudsman_reference: String,
    /// The day the enquiry arrived (not after today).
    pub received_on: Date,
    /// The day the ombudsman asked for a reply by; absent: the procedure's
    /// `[ombudsman] enquiry_response` from `received_on` (20 working days when it is silent).
    #[serde(default)]
    pub respond_by: Option<Date>,
    /// What the ombudsman asks for.
    pub summary: String,
}

/// Record that an ombudsman's enquiry was answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerOmbudsmanEnquiry {
    /// The enquiry's number on the case, from 1 (in the order they were recorded).
    pub enquiry: u32,
    /// What was sent to the ombudsman, in short.
    pub summary: String,
}

/// Correct a contact detail of the person or their representative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rectify {
    /// Which detail.
    pub detail: Detail,
    /// The corrected value; empty removes a detail that is not needed (any but a name).
    #[serde(default)]
    pub value: String,
    /// The request as made: who asked, when and how.
    pub request: String,
}

/// A contact detail held on a case, which the person may have corrected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Detail {
    /// The person's name.
    Name,
    /// The person's e-mail address.
    Email,
    /// The person's telephone number.
    Phone,
    /// The person's postal address.
    Address,
    /// The representative's name.
    RepresentativeName,
    /// The representative's e-mail address.
    RepresentativeEmail,
    /// The representative's telephone number.
    RepresentativePhone,
    /// The representative's postal address.
    RepresentativeAddress,
}

impl Detail {
    /// Every detail, the person's first.
    pub const ALL: [Detail; 8] = [
        Detail::Name,
        Detail::Email,
        Detail::Phone,
        Detail::Address,
        Detail::RepresentativeName,
        Detail::RepresentativeEmail,
        Detail::RepresentativePhone,
        Detail::RepresentativeAddress,
    ];

    /// Whether it is the representative's.
    pub fn of_representative(self) -> bool {
        matches!(
            self,
            Detail::RepresentativeName
                | Detail::RepresentativeEmail
                | Detail::RepresentativePhone
                | Detail::RepresentativeAddress
        )
    }

    /// The contact it belongs to, in `complainant` and `representative`.
    pub fn of<'a>(
        self,
        complainant: &'a mut Option<Contact>,
        representative: &'a mut Option<Representative>,
    ) -> Option<&'a mut Contact> {
        if self.of_representative() {
            representative.as_mut().map(|r| &mut r.contact)
        } else {
            complainant.as_mut()
        }
    }

    /// Puts `value` (none: removed) in its place in `contact`.
    pub fn set(self, contact: &mut Contact, value: Option<String>) {
        match self {
            Detail::Name | Detail::RepresentativeName => contact.name = value.unwrap_or_default(),
            Detail::Email | Detail::RepresentativeEmail => contact.email = value,
            Detail::Phone | Detail::RepresentativePhone => contact.phone = value,
            Detail::Address | Detail::RepresentativeAddress => contact.address = value,
        }
    }

    /// Its value in `contact`.
    pub fn get(self, contact: &Contact) -> Option<&str> {
        match self {
            Detail::Name | Detail::RepresentativeName => Some(contact.name.as_str()),
            Detail::Email | Detail::RepresentativeEmail => contact.email.as_deref(),
            Detail::Phone | Detail::RepresentativePhone => contact.phone.as_deref(),
            Detail::Address | Detail::RepresentativeAddress => contact.address.as_deref(),
        }
    }
}

/// Tag the case with themes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetThemes {
    /// The themes, each one of the procedure's `[reporting] themes` (or the defaults). Text,
    /// so a theme not in the list is refused by the decider naming `themes[n]`.
    pub themes: Vec<String>,
}

/// Record a learning action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddLearningAction {
    /// What will be done.
    pub what: String,
    /// Who owns it (a person or a role).
    pub owner: String,
    /// The day it is due.
    pub due: Date,
}

/// Record that a learning action is done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteLearningAction {
    /// The action's number on the case, from 1 (in the order they were recorded).
    pub action: u32,
    /// What changed, in words the complainant may read: shown on their tracking page. Absent:
    /// they are not told.
    #[serde(default)]
    pub what_changed: Option<String>,
}

/// Place a legal hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceLegalHold {
    /// Why the case is held, e.g. "the ombudsman is considering the complaint".
    pub reason: String,
}

/// Lift the legal hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LiftLegalHold {
    /// Why, if worth saying.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Record feedback received: starts a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Receive {
    /// The case reference the store allocated, e.g. `LPP-2026-0042`.
    #[serde(default)]
    pub reference: Option<String>,
    /// What was received.
    pub submission: Box<Submission>,
}

/// Add a person named in the complaint after receipt; conflict rules are applied again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamePerson {
    /// Who.
    pub person: PersonNamed,
}

/// Decide whether the complaint falls within the procedure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideScope {
    /// The decision.
    pub decision: ScopeDecision,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// Acknowledge the complaint (first stage) or the request to escalate (later stages).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledge {
    /// Who is dealing with it, when a person's name should be given rather than the role.
    #[serde(default)]
    pub handler_name: Option<String>,
    /// A contact telephone number, when the procedure file gives none for the handler.
    #[serde(default)]
    pub phone: Option<String>,
    /// A contact e-mail address, when the procedure file gives none for the handler.
    #[serde(default)]
    pub email: Option<String>,
    /// How the complaint was understood: what will be looked into and the outcome sought.
    /// Needed where the acknowledgement must state the complaint's definition.
    #[serde(default)]
    pub definition: Option<String>,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// Settle the complaint informally or immediately; the case closes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveInformally {
    /// What was agreed or done.
    pub summary: String,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// Informal resolution was not possible: the formal investigation starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartInvestigation {
    /// Why the complaint needs investigation.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Offer mediation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferMediation {
    /// The role that would mediate.
    pub by: RoleId,
}

/// Record a mediation meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordMediation {
    /// Whether the parties agreed a way forward.
    pub agreed: bool,
    /// What was discussed and agreed.
    pub summary: String,
}

/// Name the person handling the current stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignHandler {
    /// Their name.
    pub name: String,
    /// The role they act in.
    pub role: RoleId,
    /// Their username, when they are a user of redress: the case is then assigned to them
    /// (investigators, reviewers and external handlers see only the cases assigned to them).
    #[serde(default)]
    pub username: Option<String>,
}

/// Confirm that person number `person` named in the complaint (1 is the first) is a user or a
/// member on a list: an officer's confirmed match, never a guess.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkPerson {
    /// The person's number among those named, from 1.
    pub person: u32,
    /// The user they are.
    #[serde(default)]
    pub username: Option<String>,
    /// The member they are, by id on the organisation's list.
    #[serde(default)]
    pub member_id: Option<String>,
}

/// A member of staff declared a conflict of interest in the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclareConflict {
    /// Their username.
    pub username: String,
    /// Why.
    pub reason: String,
}

/// Mark the case sensitive, narrowing who may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkSensitive {
    /// Why (a safeguarding concern).
    pub reason: String,
    /// The procedure roles whose holders may still see it (those assigned to it always may).
    pub roles: Vec<RoleId>,
}

/// Draw the current stage's panel at random.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DrawPanel {
    /// Everyone on the list the panel is drawn from.
    pub candidates: Vec<Member>,
    /// Members who gave good reason not to serve (conflict of interest, illness).
    #[serde(default)]
    pub declined: Vec<Declined>,
    /// The random seed, recorded in the event so the draw can be checked. Never taken from
    /// the caller, who could search for a seed that draws the panel they want: redress-app
    /// draws it from its `Rng` port (see [`Command::with_seed`]).
    #[serde(skip_deserializing, default)]
    #[schemars(skip)]
    pub seed: u64,
}

/// Record a progress update sent to the complainant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendUpdate {
    /// What they were told.
    pub summary: String,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// Record more information received from the complainant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveInformation {
    /// What arrived.
    pub summary: String,
    /// How it arrived, when redress's own intake recorded it (`email` for a message read from
    /// the mailbox); `None` when staff typed it in. Set by the app, never taken from a caller.
    #[serde(skip_deserializing, default)]
    #[schemars(skip)]
    pub channel: Option<Channel>,
    /// The e-mail's Message-ID, for a message read from the mailbox. Set by the app.
    #[serde(skip_deserializing, default)]
    #[schemars(skip)]
    pub message_id: Option<String>,
}

/// Move the current stage's response date, by holding letter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendDeadline {
    /// The new date the response will be sent by.
    pub new_date: Date,
    /// Why more time is needed.
    pub reason: String,
    /// Why the date must move past the procedure's cap: allowed only where the procedure
    /// lets a good reason exceed it, and only with one.
    #[serde(default)]
    pub good_reason: Option<String>,
    /// That the complainant agreed to the new date, where the procedure needs their agreement.
    #[serde(default)]
    pub complainant_agreed: bool,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// Stop the current stage's clocks while waiting for information.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PauseClock {
    /// What is awaited.
    pub reason: String,
}

/// Send the current stage's response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Respond {
    /// The outcome.
    pub outcome: Outcome,
    /// What was found.
    pub findings: String,
    /// How the complaint was investigated.
    #[serde(default)]
    pub how_investigated: Option<String>,
    /// Investigation, mediation or review, where the stage offers a choice.
    #[serde(default)]
    pub mode: Option<StageMode>,
    /// Remedies offered.
    #[serde(default)]
    pub remedies: Vec<Remedy>,
    /// What the organisation will change or learn.
    #[serde(default)]
    pub learning: Vec<LearningAction>,
    /// How the complaint was understood, where the response must state its definition.
    #[serde(default)]
    pub definition: Option<String>,
    /// The actions still outstanding and when they will be done, where the response must
    /// state them.
    #[serde(default)]
    pub outstanding_actions: Option<String>,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// Record the complainant's request to take the complaint to the next stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestEscalation {
    /// Why they remain dissatisfied, in their words.
    #[serde(default)]
    pub reasons: String,
    /// The grounds, where the procedure lists them.
    #[serde(default)]
    pub grounds: Vec<Ground>,
    /// The outcome they now seek.
    #[serde(default)]
    pub outcome_sought: String,
    /// Whether the request is in writing.
    pub in_writing: bool,
    /// Why a late request is accepted anyway. Needed only outside the window.
    #[serde(default)]
    pub late_reason: Option<String>,
}

/// Record that a request to escalate was refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefuseEscalation {
    /// Why.
    pub reason: String,
}

/// The handler refers the complaint up to the next stage (e.g. a panel unable to decide).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferUp {
    /// Why.
    pub reason: String,
}

/// Record that the complaint went to the ombudsman or another external body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferExternally {
    /// Which body.
    pub body: String,
    /// Anything to note.
    #[serde(default)]
    pub note: Option<String>,
}

/// The complainant withdraws the complaint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdraw {
    /// Their reason, if they gave one.
    #[serde(default)]
    pub reason: Option<String>,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// After a withdrawal, decide whether the matter still needs internal review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideInternalReview {
    /// Whether it does.
    pub needed: bool,
    /// Why.
    pub note: String,
}

/// Pass a compliment or comment on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PassOn {
    /// The role it goes to; absent for the person complimented.
    #[serde(default)]
    pub to: Option<RoleId>,
}

/// Reply to a compliment or comment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// What was said.
    pub summary: String,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// Publish a compliment or comment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    /// The words to publish, as the officer approved them: the giver's text with anything that
    /// identifies anyone taken out. Refused while it holds the giver's name, e-mail address or
    /// phone number, a name of anyone named in the case, or any e-mail address or phone number.
    pub wording: String,
}

/// Take a published compliment or comment down.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unpublish {
    /// Why it comes down (kept on the case, never shown to the public).
    pub reason: String,
}

/// Warn about unacceptable or unreasonably persistent behaviour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WarnBehaviour {
    /// Why the behaviour falls into that category.
    pub reason: String,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// Restrict the complainant's contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestrictContact {
    /// Which restrictions.
    pub restrictions: Vec<Restriction>,
    /// Why.
    pub reason: String,
    /// The last day the restriction applies.
    pub until: Date,
    /// When it will be reviewed.
    pub review_on: Date,
    /// Set when behaviour threatens staff safety, which allows acting without prior warning.
    #[serde(default)]
    pub safety_risk: bool,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// End contact with the complainant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TerminateContact {
    /// Why.
    pub reason: String,
}

/// Close the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Close {
    /// Set when the complainant confirmed they are satisfied, which allows closing while
    /// they could still escalate.
    #[serde(default)]
    pub complainant_satisfied: bool,
    /// Anything to note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Ask for the complaint in writing, or for the person's written authority for their
/// representative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestInWriting {
    /// What is asked for.
    pub what: InWritingWhat,
    /// The letter's text as the officer wrote it, and how it goes out; absent: the letter is
    /// rendered from its template.
    #[serde(default)]
    pub letter: Option<LetterText>,
}

/// What a request in writing asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InWritingWhat {
    /// The complaint itself, made by phone or in person, put in writing.
    Complaint,
    /// The person's written authority (or Power of Attorney) for their representative.
    WrittenAuthority,
}

/// Issue a new tracking link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueTrackingLink {
    /// How the link reaches the person.
    pub delivery: LinkDelivery,
    /// Set by redress-app when the person asked for it on the public page; never taken from
    /// a caller, so staff and the history cannot be told a request happened when it did not.
    #[serde(skip_deserializing, default)]
    #[schemars(skip)]
    pub requested: bool,
}

/// How a tracking link reaches the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LinkDelivery {
    /// By e-mail, to the address on the case.
    Email,
    /// Shown once to the officer, who writes it into a letter or reads it out.
    Shown,
}

/// Merge this case, a duplicate, into another case of the organisation: this case closes as
/// merged, its events staying, and both cases point to each other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInto {
    /// The reference of the case that goes on.
    pub reference: String,
}

/// Add an internal note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddNote {
    /// The note.
    pub text: String,
}

/// Record a telephone call or a meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordContact {
    /// A call or a meeting.
    pub kind: ContactKind,
    /// Who it was with.
    pub who: String,
    /// The day it took place.
    pub held_on: Date,
    /// What was said and agreed.
    pub summary: String,
}

/// Kinds of contact recorded on a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ContactKind {
    /// A telephone call.
    Call,
    /// A meeting, in person or online.
    Meeting,
}

/// Record that written authority for the representative arrived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordWrittenAuthority {
    /// What arrived (a signed consent form, a copy of a Power of Attorney).
    #[serde(default)]
    pub note: Option<String>,
}

/// Attach a file to the case. The app stores the content and fills in what it found: the
/// media type told by the content, the size and the SHA-256 digest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddAttachment {
    /// The file's name, as given.
    pub name: String,
    /// Its media type, told by its content (never by its name or a declared type).
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 digest of its content, lower-case hex: where the content is stored.
    pub sha256: String,
    /// Who added it, and how.
    pub source: super::attachment::AttachmentSource,
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
    /// `unpublish`.
    Unpublish,
    /// `withdraw-consent`.
    WithdrawConsent,
    /// `warn-behaviour`.
    WarnBehaviour,
    /// `restrict-contact`.
    RestrictContact,
    /// `terminate-contact`.
    TerminateContact,
    /// `close`.
    Close,
    /// `request-in-writing`.
    RequestInWriting,
    /// `issue-tracking-link`.
    IssueTrackingLink,
    /// `add-note`.
    AddNote,
    /// `merge-into`.
    MergeInto,
    /// `record-contact`.
    RecordContact,
    /// `record-written-authority`.
    RecordWrittenAuthority,
    /// `add-attachment`.
    AddAttachment,
    /// `link-person`.
    LinkPerson,
    /// `declare-conflict`.
    DeclareConflict,
    /// `mark-sensitive`.
    MarkSensitive,
    /// `place-legal-hold`.
    PlaceLegalHold,
    /// `lift-legal-hold`.
    LiftLegalHold,
    /// `set-themes`.
    SetThemes,
    /// `add-learning-action`.
    AddLearningAction,
    /// `complete-learning-action`.
    CompleteLearningAction,
    /// `rectify`.
    Rectify,
    /// `record-ombudsman-enquiry`.
    RecordOmbudsmanEnquiry,
    /// `answer-ombudsman-enquiry`.
    AnswerOmbudsmanEnquiry,
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
        CommandKind::Unpublish,
        CommandKind::WithdrawConsent,
        CommandKind::Close,
        CommandKind::SetThemes,
        CommandKind::AddLearningAction,
        CommandKind::CompleteLearningAction,
        CommandKind::RecordOmbudsmanEnquiry,
        CommandKind::AnswerOmbudsmanEnquiry,
        CommandKind::ReceiveInformation,
        CommandKind::NamePerson,
        CommandKind::LinkPerson,
        CommandKind::DeclareConflict,
        CommandKind::MarkSensitive,
        CommandKind::Withdraw,
        CommandKind::DecideInternalReview,
        CommandKind::ReferExternally,
        CommandKind::WarnBehaviour,
        CommandKind::RestrictContact,
        CommandKind::TerminateContact,
        CommandKind::RequestInWriting,
        CommandKind::IssueTrackingLink,
        CommandKind::AddNote,
        CommandKind::MergeInto,
        CommandKind::RecordContact,
        CommandKind::RecordWrittenAuthority,
        CommandKind::AddAttachment,
        CommandKind::PlaceLegalHold,
        CommandKind::LiftLegalHold,
        CommandKind::Rectify,
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
            CommandKind::Unpublish => "unpublish",
            CommandKind::WithdrawConsent => "withdraw-consent",
            CommandKind::WarnBehaviour => "warn-behaviour",
            CommandKind::RestrictContact => "restrict-contact",
            CommandKind::TerminateContact => "terminate-contact",
            CommandKind::Close => "close",
            CommandKind::RequestInWriting => "request-in-writing",
            CommandKind::IssueTrackingLink => "issue-tracking-link",
            CommandKind::AddNote => "add-note",
            CommandKind::MergeInto => "merge-into",
            CommandKind::RecordContact => "record-contact",
            CommandKind::RecordWrittenAuthority => "record-written-authority",
            CommandKind::AddAttachment => "add-attachment",
            CommandKind::LinkPerson => "link-person",
            CommandKind::DeclareConflict => "declare-conflict",
            CommandKind::MarkSensitive => "mark-sensitive",
            CommandKind::PlaceLegalHold => "place-legal-hold",
            CommandKind::LiftLegalHold => "lift-legal-hold",
            CommandKind::SetThemes => "set-themes",
            CommandKind::AddLearningAction => "add-learning-action",
            CommandKind::CompleteLearningAction => "complete-learning-action",
            CommandKind::Rectify => "rectify",
            CommandKind::RecordOmbudsmanEnquiry => "record-ombudsman-enquiry",
            CommandKind::AnswerOmbudsmanEnquiry => "answer-ombudsman-enquiry",
        }
    }

    /// Whether the command may send a letter, and so takes a letter's text (`letter`). Some
    /// send one only in some cases (a scope decision only when the matter is out of scope).
    pub fn may_send_letter(self) -> bool {
        matches!(
            self,
            CommandKind::DecideScope
                | CommandKind::Acknowledge
                | CommandKind::ResolveInformally
                | CommandKind::SendUpdate
                | CommandKind::ExtendDeadline
                | CommandKind::Respond
                | CommandKind::Withdraw
                | CommandKind::Reply
                | CommandKind::WarnBehaviour
                | CommandKind::RestrictContact
                | CommandKind::RequestInWriting
        )
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
            Command::DrawPanel(crate::case::DrawPanel {
                candidates,
                declined,
                ..
            }) => Command::DrawPanel(crate::case::DrawPanel {
                candidates,
                declined,
                seed,
            }),
            other => other,
        }
    }

    /// Which command this is.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Receive(_) => CommandKind::Receive,
            Command::NamePerson(_) => CommandKind::NamePerson,
            Command::DecideScope(_) => CommandKind::DecideScope,
            Command::Acknowledge(_) => CommandKind::Acknowledge,
            Command::ResolveInformally(_) => CommandKind::ResolveInformally,
            Command::StartInvestigation(_) => CommandKind::StartInvestigation,
            Command::OfferMediation(_) => CommandKind::OfferMediation,
            Command::RecordMediation(_) => CommandKind::RecordMediation,
            Command::AssignHandler(_) => CommandKind::AssignHandler,
            Command::DrawPanel(_) => CommandKind::DrawPanel,
            Command::SendUpdate(_) => CommandKind::SendUpdate,
            Command::ReceiveInformation(_) => CommandKind::ReceiveInformation,
            Command::ExtendDeadline(_) => CommandKind::ExtendDeadline,
            Command::PauseClock(_) => CommandKind::PauseClock,
            Command::ResumeClock => CommandKind::ResumeClock,
            Command::Respond(_) => CommandKind::Respond,
            Command::RequestEscalation(_) => CommandKind::RequestEscalation,
            Command::RefuseEscalation(_) => CommandKind::RefuseEscalation,
            Command::ReferUp(_) => CommandKind::ReferUp,
            Command::ReferExternally(_) => CommandKind::ReferExternally,
            Command::Withdraw(_) => CommandKind::Withdraw,
            Command::DecideInternalReview(_) => CommandKind::DecideInternalReview,
            Command::PassOn(_) => CommandKind::PassOn,
            Command::Reply(_) => CommandKind::Reply,
            Command::Publish(_) => CommandKind::Publish,
            Command::Unpublish(_) => CommandKind::Unpublish,
            Command::WithdrawConsent => CommandKind::WithdrawConsent,
            Command::WarnBehaviour(_) => CommandKind::WarnBehaviour,
            Command::RestrictContact(_) => CommandKind::RestrictContact,
            Command::TerminateContact(_) => CommandKind::TerminateContact,
            Command::Close(_) => CommandKind::Close,
            Command::RequestInWriting(_) => CommandKind::RequestInWriting,
            Command::IssueTrackingLink(_) => CommandKind::IssueTrackingLink,
            Command::AddNote(_) => CommandKind::AddNote,
            Command::MergeInto(_) => CommandKind::MergeInto,
            Command::RecordContact(_) => CommandKind::RecordContact,
            Command::RecordWrittenAuthority(_) => CommandKind::RecordWrittenAuthority,
            Command::AddAttachment(_) => CommandKind::AddAttachment,
            Command::LinkPerson(_) => CommandKind::LinkPerson,
            Command::DeclareConflict(_) => CommandKind::DeclareConflict,
            Command::MarkSensitive(_) => CommandKind::MarkSensitive,
            Command::PlaceLegalHold(_) => CommandKind::PlaceLegalHold,
            Command::LiftLegalHold(_) => CommandKind::LiftLegalHold,
            Command::SetThemes(_) => CommandKind::SetThemes,
            Command::AddLearningAction(_) => CommandKind::AddLearningAction,
            Command::CompleteLearningAction(_) => CommandKind::CompleteLearningAction,
            Command::Rectify(_) => CommandKind::Rectify,
            Command::RecordOmbudsmanEnquiry(_) => CommandKind::RecordOmbudsmanEnquiry,
            Command::AnswerOmbudsmanEnquiry(_) => CommandKind::AnswerOmbudsmanEnquiry,
        }
    }

    /// The letter text the command carries, if it sends a letter and has one.
    pub fn letter_text(&self) -> Option<&LetterText> {
        match self {
            Command::DecideScope(c) => c.letter.as_ref(),
            Command::Acknowledge(c) => c.letter.as_ref(),
            Command::ResolveInformally(c) => c.letter.as_ref(),
            Command::SendUpdate(c) => c.letter.as_ref(),
            Command::ExtendDeadline(c) => c.letter.as_ref(),
            Command::Respond(c) => c.letter.as_ref(),
            Command::Withdraw(c) => c.letter.as_ref(),
            Command::Reply(c) => c.letter.as_ref(),
            Command::WarnBehaviour(c) => c.letter.as_ref(),
            Command::RestrictContact(c) => c.letter.as_ref(),
            Command::RequestInWriting(c) => c.letter.as_ref(),
            _ => None,
        }
    }

    /// The command with `text` as its letter's text (or none); a command that sends no
    /// letter is returned unchanged.
    pub fn with_letter(mut self, text: Option<LetterText>) -> Command {
        let slot = match &mut self {
            Command::DecideScope(c) => &mut c.letter,
            Command::Acknowledge(c) => &mut c.letter,
            Command::ResolveInformally(c) => &mut c.letter,
            Command::SendUpdate(c) => &mut c.letter,
            Command::ExtendDeadline(c) => &mut c.letter,
            Command::Respond(c) => &mut c.letter,
            Command::Withdraw(c) => &mut c.letter,
            Command::Reply(c) => &mut c.letter,
            Command::WarnBehaviour(c) => &mut c.letter,
            Command::RestrictContact(c) => &mut c.letter,
            Command::RequestInWriting(c) => &mut c.letter,
            _ => return self,
        };
        *slot = text;
        self
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
    /// The kind of matter it is about, one of the `matters` of the organisation's procedures
    /// (see `choose_procedure`). Absent: the main procedure's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter: Option<String>,
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
