//! Offers: what may happen to a case now, each command with its choices and the fields it
//! needs. `decide` checks every command through the same [`gate`] first, so what a page or the
//! API offers and what the decider refuses can never disagree.
//!
//! The gate holds the rules about *when* a command applies (the stage is open, the policy
//! exists, the window is open); the decider's rules for each command then check the values
//! given (the outcome is one the stage allows, the date is within the cap).

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::clock::response_due;
use super::command::{CommandKind, InWritingWhat};
use super::decide::{Context, kind_word};
use super::refusal::{Refusal, RefusalCode};
use super::state::Case;
use crate::calendar::{Calendar, format_date, london_date};
use crate::ids::RoleId;
use crate::procedure::{
    Escalator, FeedbackKind, Ground, Handler, Outcome, Procedure, RemedyKind, Restriction, Stage,
    StageMode, Statement,
};

/// One command that may be given now, with its choices.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Offer {
    /// Which command.
    pub command: CommandKind,
    /// The fields it takes, in the order a form asks for them.
    pub fields: Vec<FieldSpec>,
    /// The values its choice fields may take now.
    pub choices: Choices,
}

/// One field of a command, as a form asks for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    /// The field's name on a form (`remedies` rows are `remedies.1.kind`, ...).
    pub name: &'static str,
    /// Where the value goes in the command's JSON, as a dotted path (`decision.reason`).
    pub path: &'static str,
    /// What kind of value it takes.
    pub input: Input,
    /// Whether the command cannot be given without it.
    pub required: bool,
    /// Sent only when the field `.0` has one of the values `.1` (a scope decision's reason
    /// belongs to a late acceptance only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_with: Option<(&'static str, &'static [&'static str])>,
}

/// The kind of value a field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Input {
    /// One line of text.
    Text,
    /// Text of several lines.
    LongText,
    /// A civil date.
    Date,
    /// Yes or no, which must be answered.
    YesNo,
    /// A tick box: ticked is true.
    Flag,
    /// Lines of "id, text", each an object with the two keys given.
    Pairs(&'static str, &'static str),
    /// One of the choices named.
    OneOf(Choice),
    /// Any number of the choices named.
    SomeOf(Choice),
    /// Rows of objects with these fields (remedies, learning actions).
    Rows(&'static [FieldSpec]),
    /// A file, uploaded: the app stores it and fills in the command's fields from it.
    File,
}

/// Which list of [`Choices`] a choice field takes its values from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Choice {
    /// `Choices::roles`.
    Roles,
    /// `Choices::decisions`.
    Decisions,
    /// `Choices::exclusions`.
    Exclusions,
    /// `Choices::outcomes`.
    Outcomes,
    /// `Choices::modes`.
    Modes,
    /// `Choices::remedies`.
    Remedies,
    /// `Choices::grounds`.
    Grounds,
    /// `Choices::restrictions`.
    Restrictions,
    /// `Choices::roles`, and the person complimented when `Choices::to_person`.
    PassTo,
    /// `Choices::in_writing`.
    InWriting,
    /// `Choices::deliveries`.
    Deliveries,
    /// `Choices::contact_kinds`.
    ContactKinds,
    /// `Choices::people`: the person's number, from 1.
    People,
    /// `Choices::themes`.
    Themes,
    /// `Choices::open_learning`: the action's number, from 1.
    LearningActions,
    /// `Choices::details`.
    Details,
    /// `Choices::open_enquiries`: the enquiry's number, from 1.
    Enquiries,
}

/// The values a command's choice fields may take now. Lists that do not apply are empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Choices {
    /// Roles: who may handle the stage after conflict rules (assign-handler), who may mediate
    /// (offer-mediation), where feedback may be passed (pass-on), or any role (name-person).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleId>,
    /// Pass-on: whether the person complimented may receive it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub to_person: bool,
    /// Scope decisions that fit the case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<ScopeChoice>,
    /// The procedure's exclusions, by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<String>,
    /// Outcomes the stage may reach.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<Outcome>,
    /// Ways the stage may be carried out, when it offers a choice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<StageMode>,
    /// Kinds of remedy the procedure provides for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remedies: Vec<RemedyKind>,
    /// Grounds on which escalation may be asked for now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub grounds: Vec<Ground>,
    /// Restrictions the behaviour policy provides for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub restrictions: Vec<Restriction>,
    /// Request-escalation: the window to ask for the next stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// Extend-deadline: the latest date the response may move to, where the procedure caps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<Date>,
    /// Extend-deadline: the date may go past `latest` when a good reason is recorded.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub beyond_latest_with_good_reason: bool,
    /// Extend-deadline: the complainant must agree to the new date first.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub complainant_agreement: bool,
    /// Close: the complainant may still ask for the next stage until the end of this day, so
    /// closing before then needs their confirmation that they are satisfied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfied_until: Option<Date>,
    /// Respond: the role who must agree remedies beyond an apology or explanation, where the
    /// procedure names one (the response then says who agreed each).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedies_agreed_by: Option<RoleId>,
    /// Restrict-contact: a warning must come first unless staff safety is at risk.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub warning_first: bool,
    /// Request-in-writing: what may be asked for in writing now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub in_writing: Vec<InWritingWhat>,
    /// Issue-tracking-link: how the link may reach the person (by e-mail only when the case
    /// has an address to send it to).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deliveries: Vec<super::command::LinkDelivery>,
    /// Record-contact: a call or a meeting.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contact_kinds: Vec<super::command::ContactKind>,
    /// Rectify: the contact details the case holds, which may be corrected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<super::command::Detail>,
    /// Issue-tracking-link by e-mail: the address on the case it goes to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_to: Option<String>,
    /// Link-person: the people named, in order; the choice is the person's number, from 1.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    /// Set-themes: the procedure's themes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<crate::ids::ThemeId>,
    /// Set-themes: the themes the case has now (the form starts from them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub themes_now: Vec<crate::ids::ThemeId>,
    /// Complete-learning-action: the actions not yet done, with their numbers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub open_learning: Vec<OpenLearning>,
    /// Answer-ombudsman-enquiry: the enquiries not yet answered, with their numbers (`what`
    /// is the ombudsman's reference).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub open_enquiries: Vec<OpenLearning>,
    /// Publish: the text the approved wording starts from (the giver's own words, for the
    /// officer to take anything identifying out of).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
}

/// A learning action not yet done, as complete-learning-action offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpenLearning {
    /// Its number on the case, from 1.
    pub number: u32,
    /// What it is.
    pub what: String,
}

/// A scope decision that may be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeChoice {
    /// Within the procedure.
    InScope,
    /// Late, accepted for special circumstances.
    LateAccepted,
    /// Late, not accepted.
    OutOfTime,
    /// Excluded by one of the procedure's exclusions.
    Excluded,
}

/// The window to ask for the next stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    /// When the window closes, where the procedure sets one.
    pub closes: Option<crate::calendar::Due>,
    /// Whether it has closed, so a request is accepted only with a reason.
    pub closed: bool,
    /// The stage a request would move the complaint to.
    #[serde(skip)]
    pub to: Option<crate::ids::StageId>,
}

/// Who is asking what they may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party<'a> {
    /// Staff of the organisation, holding these procedure roles there (the Chair, the
    /// Co-ordinator): where the procedure says who decides or sends something, only a holder of
    /// that role may do it.
    Staff {
        /// The procedure roles they hold.
        holds: &'a [RoleId],
    },
    /// The complainant, on their tracking page.
    Complainant,
    /// redress itself, filing what arrives by e-mail.
    System,
}

/// The commands the complainant may give themselves, on their tracking page.
const COMPLAINANT_MAY: &[CommandKind] = &[
    CommandKind::RequestEscalation,
    CommandKind::Withdraw,
    CommandKind::WithdrawConsent,
    CommandKind::ReceiveInformation,
    CommandKind::AddAttachment,
];

/// The commands redress gives itself: information and files that arrive by e-mail, and a new
/// tracking link for a lost-link request it matched to the case's address.
const SYSTEM_MAY: &[CommandKind] = &[
    CommandKind::ReceiveInformation,
    CommandKind::AddAttachment,
    CommandKind::IssueTrackingLink,
];

impl Party<'_> {
    /// Whether this party may give `kind` on `case` (the procedure may still refuse it now).
    /// A complainant may escalate, withdraw, withdraw their consent to publication or send more
    /// information (words or files), the last only while the case is open: after closure, what they send is a new matter.
    pub fn may(self, kind: CommandKind, case: &Case) -> bool {
        match self {
            Party::Staff { .. } => kind != CommandKind::Receive,
            Party::System => SYSTEM_MAY.contains(&kind),
            Party::Complainant => {
                COMPLAINANT_MAY.contains(&kind)
                    && !(matches!(
                        kind,
                        CommandKind::ReceiveInformation | CommandKind::AddAttachment
                    ) && case.is_closed())
            }
        }
    }
}

/// The procedure role that alone may give `kind` now, where the procedure names one: who sends
/// the acknowledgement or the response (Leeds: "Stage One responses are sent from the
/// Co-ordinator"), who decides on immediate resolution and on restricting contact (Sunderland:
/// the Customer Feedback Manager). After conflict rules: the role acting for it.
fn named_decider<'p>(cx: &'p Context, kind: CommandKind) -> Option<&'p RoleId> {
    use CommandKind as K;
    let stage = cx.current().ok().map(|(_, stage)| stage);
    let role = match kind {
        K::Acknowledge => stage?.acknowledge.as_ref()?.by.as_ref(),
        K::Respond => stage?.respond.as_ref()?.by.as_ref(),
        K::ExtendDeadline => stage?.extension.as_ref()?.authorised_by.as_ref(),
        K::ResolveInformally | K::StartInvestigation => {
            cx.procedure.informal.as_ref()?.decided_by.as_ref()
        }
        K::WarnBehaviour | K::RestrictContact | K::TerminateContact => {
            Some(&cx.procedure.behaviour.as_ref()?.decided_by)
        }
        _ => None,
    }?;
    Some(cx.instead_of(role))
}

/// Refuses `kind` to a member of staff who does not hold the role the procedure names for it.
fn authority(cx: &Context, kind: CommandKind) -> Result<(), Refusal> {
    let Party::Staff { holds } = cx.party else {
        return Ok(());
    };
    match named_decider(cx, kind) {
        Some(role) if !holds.contains(role) => Err(Refusal::new(
            RefusalCode::NotTheirRole,
            format!(
                "the procedure says the {} does this, and you do not hold that role here",
                cx.title(role)
            ),
        )
        .instead(format!(
            "ask the {} to do it, or an admin to give you the role",
            cx.title(role)
        ))),
        _ => Ok(()),
    }
}

/// Everything `party` may do to `case` at `now`, in the order a case page lists it. `procedure`
/// is the case's version, `calendar` the organisation's. A case not yet received offers nothing.
pub fn offers(
    case: &Case,
    procedure: &Procedure,
    calendar: &Calendar,
    now: Timestamp,
    party: Party,
) -> Vec<Offer> {
    if case.submission.is_none() {
        return Vec::new();
    }
    let cx = Context {
        case,
        procedure,
        calendar,
        at: now,
        party,
    };
    CommandKind::ALL
        .iter()
        .filter(|kind| party.may(**kind, case))
        .filter_map(|kind| {
            let choices = gate(&cx, *kind).ok()?;
            Some(Offer {
                command: *kind,
                fields: fields(&cx, *kind, &choices),
                choices,
            })
        })
        .collect()
}

/// Whether `kind` may be given now, and with which choices; the refusal says why not.
pub(crate) fn gate(cx: &Context, kind: CommandKind) -> Result<Choices, Refusal> {
    use CommandKind as K;
    let case = cx.case;
    if kind == K::Receive {
        return Err(
            Refusal::not_now("this case has already been received").instead("start a new case")
        );
    }
    if let Some(at) = case.erased_at {
        return Err(Refusal::new(
            RefusalCode::Closed,
            format!(
                "the case's personal data was erased on {}; nothing more can be recorded on it",
                format_date(london_date(at))
            ),
        )
        .instead("start a new case"));
    }
    if case.is_closed() && !allowed_after_closure(kind) {
        return Err(Refusal::new(RefusalCode::Closed, "the case is closed").instead(
            "after closure you may record a referral to an external body, information received, or behaviour measures",
        ));
    }
    if !cx.party.may(kind, case) {
        return Err(Refusal::not_now(format!(
            "{} is not yours to give on this case",
            kind.as_str()
        )));
    }
    authority(cx, kind)?;
    let mut choices = Choices::default();
    match kind {
        K::Receive => unreachable!("refused above"),
        K::NamePerson => {
            cx.complaint_only("naming people in a complaint")?;
            choices.roles = cx.procedure.roles.keys().cloned().collect();
        }
        K::DecideScope => {
            cx.complaint_only("a scope decision")?;
            if case.current_stage().is_some_and(|r| r.response.is_some()) {
                return Err(Refusal::not_now(
                    "the complaint has already been answered, so its scope is settled",
                ));
            }
            let late = case.time_limit.as_ref().is_some_and(|t| t.late);
            choices.exclusions = cx
                .procedure
                .exclusions
                .iter()
                .map(|e| e.id.clone())
                .collect();
            if late {
                if cx
                    .procedure
                    .time_limit
                    .as_ref()
                    .is_none_or(|t| t.late != crate::procedure::LateComplaints::Refused)
                {
                    choices.decisions.push(ScopeChoice::LateAccepted);
                }
                choices.decisions.push(ScopeChoice::OutOfTime);
            } else if choices.exclusions.is_empty() {
                return Err(Refusal::not_now(
                    "the complaint is within any time limit and this procedure lists no exclusions, so there is no scope to decide",
                ));
            } else {
                choices.decisions.push(ScopeChoice::InScope);
            }
            if !choices.exclusions.is_empty() {
                choices.decisions.push(ScopeChoice::Excluded);
            }
        }
        K::Acknowledge => {
            let (record, stage) = cx.open_stage("an acknowledgement")?;
            if let Some(at) = record.acknowledged_at {
                return Err(Refusal::not_now(format!(
                    "{} was already acknowledged on {}",
                    stage.name,
                    format_date(london_date(at))
                )));
            }
        }
        K::ResolveInformally => {
            let (record, stage) = cx.open_stage("informal resolution")?;
            authority_held(cx)?;
            if cx.procedure.informal.is_none() {
                return Err(Refusal::new(
                    RefusalCode::NotInProcedure,
                    "this procedure has no informal resolution",
                )
                .instead(format!("respond at {}", stage.name)));
            }
            if record.escalated {
                return Err(Refusal::not_now(
                    "informal resolution comes before the formal stages, and this complaint has been escalated",
                )
                .instead(format!("respond at {}", stage.name)));
            }
        }
        K::StartInvestigation => {
            let (record, stage) = cx.open_stage("starting the investigation")?;
            if let Some(at) = record.investigation_started_at {
                return Err(Refusal::not_now(format!(
                    "the investigation at {} started on {}",
                    stage.name,
                    format_date(london_date(at))
                )));
            }
            if is_panel(stage) {
                return Err(Refusal::not_now(format!(
                    "{}'s investigation starts when its panel is drawn",
                    stage.name
                ))
                .instead("draw the panel (draw-panel)"));
            }
        }
        K::OfferMediation => {
            let (record, stage) = cx.open_stage("mediation")?;
            choices.roles = case.mediator_roles(cx.procedure, record, stage);
            if choices.roles.is_empty() {
                return Err(Refusal::new(
                    RefusalCode::NotInProcedure,
                    format!("the procedure offers no mediation at {}", stage.name),
                ));
            }
            if case.mediation_offered_by.is_some() {
                return Err(Refusal::not_now("mediation has already been offered")
                    .instead("record the mediation meeting (record-mediation)"));
            }
        }
        K::RecordMediation => {
            cx.open_stage("mediation")?;
            if case.mediation_offered_by.is_none() {
                return Err(
                    Refusal::not_now("no mediation has been offered on this case")
                        .instead("offer it first (offer-mediation)"),
                );
            }
        }
        K::AssignHandler => {
            let (_, stage) = cx.open_stage("assigning a handler")?;
            if let Handler::Panel { size, .. } = stage.handler {
                return Err(Refusal::not_now(format!(
                    "{} is handled by a panel of {size} drawn at random",
                    stage.name
                ))
                .instead("draw the panel (draw-panel)"));
            }
            choices.roles = case.handler_roles(cx.procedure, stage);
        }
        K::DrawPanel => {
            let (record, stage) = cx.open_stage("drawing a panel")?;
            if !is_panel(stage) {
                return Err(
                    Refusal::not_now(format!("{} is not handled by a panel", stage.name))
                        .instead("assign a handler (assign-handler)"),
                );
            }
            if !record.panel.is_empty() {
                return Err(Refusal::not_now(format!(
                    "the panel for {} has been drawn",
                    stage.name
                )));
            }
        }
        K::SendUpdate => {
            cx.open_stage("a progress update")?;
        }
        K::ReceiveInformation => {}
        K::ExtendDeadline => {
            let (record, stage) = cx.open_stage("a holding letter")?;
            let Some(extension) = &stage.extension else {
                return Err(Refusal::new(
                    RefusalCode::NotInProcedure,
                    format!(
                        "the procedure does not allow {}'s response date to move",
                        stage.name
                    ),
                )
                .instead("send a progress update (send-update)"));
            };
            let Some(respond) = &stage.respond else {
                return Err(Refusal::not_now(format!(
                    "{} has no response date to move",
                    stage.name
                )));
            };
            if response_due(cx.calendar, record, respond, cx.at)?.is_none() {
                return Err(Refusal::not_now(format!(
                    "the response clock has not started: it counts from {}",
                    super::clock::start_words(record, respond.from)
                )));
            }
            if let Some(max) = extension.max {
                let original =
                    super::clock::original_response_due(cx.calendar, record, stage, cx.at)?
                        .expect("the clock has started");
                choices.latest = Some(super::clock::shift(cx.calendar, original.date, max)?.date);
                choices.beyond_latest_with_good_reason = extension.beyond_max_with_good_reason;
            }
            choices.complainant_agreement = extension.agreed_with_complainant;
        }
        K::PauseClock => {
            let (record, _) = cx.open_stage("stopping the clock")?;
            if record.paused() {
                return Err(Refusal::not_now("the clock is already stopped")
                    .instead("resume it (resume-clock)"));
            }
        }
        K::ResumeClock => {
            let (record, _) = cx.open_stage("restarting the clock")?;
            if !record.paused() {
                return Err(Refusal::not_now("the clock is not stopped"));
            }
        }
        K::Respond => {
            let (record, stage) = cx.open_stage("a response")?;
            authority_held(cx)?;
            if let Some(limit) = case.time_limit.as_ref().filter(|t| t.late)
                && !matches!(
                    case.scope,
                    Some(super::command::ScopeDecision::LateAccepted { .. })
                )
            {
                return Err(Refusal::not_now(format!(
                    "the complaint arrived after the time limit (the last day was {}) and has not been accepted late",
                    format_date(limit.last_day)
                ))
                .instead("decide its scope first (decide-scope: late-accepted with the special circumstances, or out-of-time)"));
            }
            if is_panel(stage) && record.panel.is_empty() {
                return Err(Refusal::not_now(format!(
                    "{} is decided by a panel, and none has been drawn",
                    stage.name
                ))
                .instead("draw the panel (draw-panel)"));
            }
            if stage.different_handler
                && matches!(stage.handler, Handler::Role { .. })
                && record.handler.is_none()
            {
                return Err(Refusal::not_now(format!(
                    "{} must be handled by someone other than the previous stage's handler, and nobody has been assigned to it",
                    stage.name
                ))
                .instead("assign a handler who did not handle the previous stage (assign-handler)"));
            }
            choices.outcomes = stage.outcomes.clone();
            choices.modes = stage.modes.clone();
            choices.remedies = cx
                .procedure
                .remedies
                .as_ref()
                .map(|r| r.kinds.clone())
                .filter(|kinds| !kinds.is_empty())
                .unwrap_or_else(|| RemedyKind::ALL.to_vec());
            choices.remedies_agreed_by = cx
                .procedure
                .remedies
                .as_ref()
                .and_then(|r| r.agreed_by.clone());
        }
        K::RequestEscalation => {
            let (grounds, window) = escalation_window(cx)?;
            choices.grounds = grounds;
            choices.window = Some(window);
        }
        K::RefuseEscalation => {
            escalation_window(cx)?;
        }
        K::ReferUp => {
            let (record, stage) = cx.open_stage("referring the complaint up")?;
            let handler_refers = stage
                .escalation
                .as_ref()
                .is_some_and(|e| e.by == Escalator::Handler || e.handler_may_refer);
            if !handler_refers && direct_entry(cx, record, stage).is_none() {
                return Err(Refusal::not_now(format!(
                    "{}'s handler does not refer complaints up under this procedure",
                    stage.name
                ))
                .instead("respond; the complainant may then ask to escalate"));
            }
        }
        K::ReferExternally => {
            cx.complaint_only("a referral to an external body")?;
        }
        K::Withdraw => {
            cx.complaint_only("withdrawal")?;
        }
        K::DecideInternalReview => {
            if case.withdrawn_at.is_none() {
                return Err(Refusal::not_now("the complaint has not been withdrawn"));
            }
            if !cx
                .procedure
                .withdrawal
                .as_ref()
                .is_some_and(|w| w.internal_review)
            {
                return Err(Refusal::new(
                    RefusalCode::NotInProcedure,
                    "this procedure does not call for an internal review decision after withdrawal",
                ));
            }
            if case.internal_review.is_some() {
                return Err(Refusal::not_now(
                    "the internal review decision has already been made",
                ));
            }
        }
        K::PassOn => {
            let rules = feedback_rules(cx)?;
            choices.roles = if rules.pass_to.is_empty() && !rules.to_person {
                cx.procedure.roles.keys().cloned().collect()
            } else {
                rules.pass_to
            };
            choices
                .roles
                .retain(|role| !case.passed_on.contains(&Some(role.clone())));
            choices.to_person = rules.to_person && !case.passed_on.contains(&None);
            if choices.roles.is_empty() && !choices.to_person {
                return Err(Refusal::not_now(format!(
                    "the {} has already been passed on to everyone the procedure names",
                    kind_word(cx.kind())
                )));
            }
        }
        K::Reply => {
            feedback_rules(cx)?;
            if case.replied_at.is_some() {
                return Err(Refusal::not_now("it has already been replied to"));
            }
        }
        K::RequestInWriting => {
            choices.in_writing = in_writing_wanted(cx);
            if choices.in_writing.is_empty() {
                return Err(Refusal::not_now(
                    "nothing needs asking for in writing: the complaint did not come by phone or in person, and no written authority for a representative is outstanding",
                ));
            }
        }
        K::Publish => {
            let Some(publish) = feedback_rules(cx)?.publish else {
                return Err(Refusal::new(
                    RefusalCode::NotInProcedure,
                    format!("this procedure does not publish {}s", kind_word(cx.kind())),
                ));
            };
            let consent = case
                .submission
                .as_ref()
                .is_some_and(|s| s.consent_to_publish);
            if publish.consent_required && !consent {
                return Err(
                    Refusal::not_now("the person did not consent to publication")
                        .instead("ask for their consent first"),
                );
            }
            if case.consent_withdrawn_at.is_some() {
                return Err(Refusal::not_now(
                    "the person withdrew their consent to publication",
                ));
            }
            if case.published_at.is_some() {
                return Err(Refusal::not_now("it has already been published")
                    .instead("take it down first (unpublish) to publish other wording"));
            }
            choices.wording = case.submission.as_ref().map(|s| s.what_happened.clone());
        }
        K::Unpublish => {
            if case.published_at.is_none() {
                return Err(Refusal::not_now("it is not published"));
            }
        }
        K::WithdrawConsent => {
            feedback_rules(cx)?;
            let consent = case
                .submission
                .as_ref()
                .is_some_and(|s| s.consent_to_publish);
            if !consent {
                return Err(Refusal::not_now(
                    "the person did not consent to publication, so there is nothing to withdraw",
                ));
            }
            if case.consent_withdrawn_at.is_some() {
                return Err(Refusal::not_now(
                    "the person has already withdrawn their consent",
                ));
            }
        }
        K::WarnBehaviour => {
            behaviour_policy(cx)?;
        }
        K::IssueTrackingLink => {
            use super::command::LinkDelivery;
            choices.send_to = case.correspondence_email(cx.procedure).map(str::to_owned);
            if choices.send_to.is_some() {
                choices.deliveries.push(LinkDelivery::Email);
            }
            choices.deliveries.push(LinkDelivery::Shown);
        }
        K::AddNote | K::MergeInto => {}
        K::LinkPerson => {
            if case.people_named.is_empty() {
                return Err(Refusal::not_now("nobody is named in this case")
                    .instead("name the person first (name-person)"));
            }
            choices.people = case.people_named.iter().map(|p| p.name.clone()).collect();
        }
        K::DeclareConflict => {}
        K::MarkSensitive => {
            choices.roles = cx.procedure.roles.keys().cloned().collect();
        }
        K::RecordContact => {
            use super::command::ContactKind;
            choices.contact_kinds = vec![ContactKind::Call, ContactKind::Meeting];
        }
        K::RecordWrittenAuthority => {
            let needed = cx
                .procedure
                .intake
                .representatives
                .as_ref()
                .is_some_and(|r| r.accepted && r.written_authority);
            if !needed {
                return Err(Refusal::new(
                    RefusalCode::NotInProcedure,
                    "this procedure does not ask for written authority for a representative",
                ));
            }
            if !case.awaiting_written_authority(cx.procedure) {
                return Err(Refusal::not_now(
                    if case
                        .submission
                        .as_ref()
                        .is_some_and(|s| s.representative.is_none())
                    {
                        "nobody is acting for the person on this case"
                    } else {
                        "the written authority for the representative is already held"
                    },
                ));
            }
        }
        K::RestrictContact => {
            let policy = behaviour_policy(cx)?;
            if policy.restrictions.is_empty() {
                return Err(Refusal::new(
                    RefusalCode::NotInProcedure,
                    "the policy provides for no restrictions on contact",
                ));
            }
            choices.restrictions = policy.restrictions.clone();
            choices.warning_first = policy.warning_first && case.warned_at.is_none();
        }
        K::TerminateContact => {
            let policy = behaviour_policy(cx)?;
            if !policy.termination {
                return Err(Refusal::new(
                    RefusalCode::NotInProcedure,
                    "the policy does not provide for ending contact",
                ));
            }
            if case.warned_at.is_none() && case.restrictions.is_empty() && !case.is_closed() {
                return Err(Refusal::not_now(
                    "contact is ended only after a warning or restrictions, or once the complaint is closed",
                )
                .instead("warn first (warn-behaviour)"));
            }
        }
        K::Close => close_gate(cx, &mut choices)?,
        // Any case while it is open (after closure it is refused above, as not allowed then).
        K::AddAttachment => {}
        // A hold is for cases whose data would otherwise go, so any case may be held, open or
        // closed; it is placed once and lifted once.
        K::PlaceLegalHold => {
            if case.legal_hold.is_some() {
                return Err(Refusal::not_now("the case is already under a legal hold")
                    .instead("lift the hold first (lift-legal-hold)"));
            }
        }
        K::LiftLegalHold => {
            if case.legal_hold.is_none() {
                return Err(Refusal::not_now("the case is not under a legal hold"));
            }
            if let Some(&open) = case.open_enquiries().first() {
                return Err(Refusal::not_now(format!(
                    "the ombudsman's enquiry {open} is open, and the case is kept while it is"
                ))
                .instead("answer the enquiry (answer-ombudsman-enquiry)"));
            }
        }
        // The ombudsman may be approached at any time, so an enquiry may come at any stage of
        // any case, open or closed.
        K::RecordOmbudsmanEnquiry => {}
        K::AnswerOmbudsmanEnquiry => {
            choices.open_enquiries = case
                .open_enquiries()
                .into_iter()
                .map(|number| OpenLearning {
                    number,
                    what: case.enquiries[number as usize - 1]
                        .ombudsman_reference
                        .clone(),
                })
                .collect();
            if choices.open_enquiries.is_empty() {
                return Err(
                    Refusal::not_now("no ombudsman's enquiry is open on this case")
                        .instead("record one first (record-ombudsman-enquiry)"),
                );
            }
        }
        // Themes and learning belong to every kind of feedback, open or closed: what a case
        // taught is often only clear once it is over.
        K::Rectify => {
            let submission = case.submission.as_ref();
            let has_person = submission.is_some_and(|s| s.complainant.is_some());
            let has_representative = submission.is_some_and(|s| s.representative.is_some());
            choices.details = super::command::Detail::ALL
                .into_iter()
                .filter(|d| {
                    if d.of_representative() {
                        has_representative
                    } else {
                        has_person
                    }
                })
                .collect();
            if choices.details.is_empty() {
                return Err(Refusal::not_now(
                    "the case holds no contact details (it was made anonymously)",
                ));
            }
        }
        K::SetThemes => {
            choices.themes = cx.procedure.reporting.themes();
            choices.themes_now = case.themes.clone();
        }
        K::AddLearningAction => {}
        K::CompleteLearningAction => {
            choices.open_learning = case
                .learning
                .iter()
                .enumerate()
                .filter(|(_, record)| record.done_at.is_none())
                .map(|(index, record)| OpenLearning {
                    number: index as u32 + 1,
                    what: record.action.description.clone(),
                })
                .collect();
            if choices.open_learning.is_empty() {
                return Err(Refusal::not_now("no learning action is open on this case")
                    .instead("record one first (add-learning-action)"));
            }
        }
    }
    Ok(choices)
}

fn allowed_after_closure(kind: CommandKind) -> bool {
    matches!(
        kind,
        CommandKind::ReferExternally
            | CommandKind::ReceiveInformation
            | CommandKind::DecideInternalReview
            | CommandKind::WarnBehaviour
            | CommandKind::RestrictContact
            | CommandKind::TerminateContact
            | CommandKind::IssueTrackingLink
            | CommandKind::AddNote
            | CommandKind::RecordContact
            | CommandKind::LinkPerson
            | CommandKind::DeclareConflict
            | CommandKind::MarkSensitive
            | CommandKind::PlaceLegalHold
            | CommandKind::LiftLegalHold
            | CommandKind::SetThemes
            | CommandKind::AddLearningAction
            | CommandKind::CompleteLearningAction
            | CommandKind::Rectify
            | CommandKind::RecordOmbudsmanEnquiry
            | CommandKind::AnswerOmbudsmanEnquiry
            | CommandKind::Unpublish
            | CommandKind::WithdrawConsent
    )
}

/// What may be asked for in writing: the complaint, when it was made by phone or in person
/// and is not yet answered; the person's written authority, when the procedure needs it for
/// a representative and it is not held.
fn in_writing_wanted(cx: &Context) -> Vec<InWritingWhat> {
    let mut out = Vec::new();
    let Some(submission) = cx.case.submission.as_ref() else {
        return out;
    };
    let answered = cx
        .case
        .current_stage()
        .is_some_and(|record| record.response.is_some());
    if cx.kind() == FeedbackKind::Complaint && submission.channel.is_verbal() && !answered {
        out.push(InWritingWhat::Complaint);
    }
    let authority_needed = cx
        .procedure
        .intake
        .representatives
        .as_ref()
        .is_some_and(|r| r.accepted && r.written_authority);
    if authority_needed
        && submission
            .representative
            .as_ref()
            .is_some_and(|r| !r.written_authority)
    {
        out.push(InWritingWhat::WrittenAuthority);
    }
    out
}

/// Refuses while the person's written authority for their representative is awaited: the
/// procedure says the complaint is not discussed with the representative until it arrives.
fn authority_held(cx: &Context) -> Result<(), Refusal> {
    if cx.case.awaiting_written_authority(cx.procedure) {
        return Err(Refusal::not_now(
            "the procedure needs the person's written authority before the complaint is discussed with their representative, and it has not arrived",
        )
        .instead("ask for it, and record it when it arrives (record-written-authority)"));
    }
    Ok(())
}

/// The later stage a complaint at `stage` may go straight to by its handler's decision (one
/// with `start_here_when`): only from the first stage, entered at receipt, before a response.
pub(crate) fn direct_entry<'p>(
    cx: &Context<'p>,
    record: &super::state::StageRecord,
    stage: &Stage,
) -> Option<&'p Stage> {
    let first = cx.procedure.stages.first()?;
    if first.id != stage.id || record.escalated || record.response.is_some() {
        return None;
    }
    cx.procedure
        .stages
        .iter()
        .skip(1)
        .find(|later| later.start_here_when.is_some())
}

/// Whether a stage is handled by a panel drawn at random.
pub(crate) fn is_panel(stage: &Stage) -> bool {
    matches!(stage.handler, Handler::Panel { .. })
}

/// Whether the complainant may ask for the next stage now: the grounds open to them and the
/// window. Before a response, only "no response within the set timescale" opens the way, once
/// the response is overdue.
pub(crate) fn escalation_window(cx: &Context) -> Result<(Vec<Ground>, Window), Refusal> {
    cx.complaint_only("escalation")?;
    let (record, stage) = cx.current()?;
    let Some(escalation) = &stage.escalation else {
        return Err(Refusal::not_now(format!(
            "{} is the final stage of this procedure",
            stage.name
        ))
        .instead(match &cx.procedure.ombudsman {
            Some(o) => format!("the complainant may go to the {}", o.name),
            None => "there is nowhere further within the procedure".to_owned(),
        }));
    };
    let to = Some(super::decide::next_stage_id(cx, stage));
    if escalation.by == Escalator::Handler {
        return Err(Refusal::not_now(format!(
            "under this procedure the complainant does not choose to move on: {}",
            escalation
                .when
                .as_deref()
                .unwrap_or("the handler refers complaints up")
        )));
    }
    match record.response {
        Some(_) => {
            let closes = super::clock::escalation_closes(cx.calendar, cx.case, record, escalation)?;
            Ok((
                escalation.grounds.clone(),
                Window {
                    closes,
                    closed: closes.is_some_and(|due| cx.at >= due.at),
                    to,
                },
            ))
        }
        None => {
            let overdue = match &stage.respond {
                Some(respond) => response_due(cx.calendar, record, respond, cx.at)?
                    .is_some_and(|(due, _)| cx.at >= due.at),
                None => false,
            };
            if escalation.grounds.contains(&Ground::NoResponse) && overdue {
                Ok((
                    vec![Ground::NoResponse],
                    Window {
                        closes: None,
                        closed: false,
                        to,
                    },
                ))
            } else {
                Err(
                    Refusal::not_now(format!("{} has not been answered yet", stage.name)).instead(
                        if escalation.grounds.contains(&Ground::NoResponse) {
                            "the complainant may escalate once the response is overdue, on the ground no-response"
                        } else {
                            "the complainant may escalate after the response"
                        },
                    ),
                )
            }
        }
    }
}

fn close_gate(cx: &Context, choices: &mut Choices) -> Result<(), Refusal> {
    let case = cx.case;
    if cx.kind() != FeedbackKind::Complaint {
        let reply_promised = match cx.kind() {
            FeedbackKind::Compliment => cx
                .procedure
                .compliments
                .as_ref()
                .and_then(|c| c.respond_within),
            _ => cx
                .procedure
                .comments
                .as_ref()
                .and_then(|c| c.respond_within),
        };
        if let Some(within) = reply_promised
            && case.replied_at.is_none()
            && case
                .submission
                .as_ref()
                .is_some_and(|s| s.complainant.is_some())
        {
            return Err(Refusal::not_now(format!(
                "this procedure promises a reply within {within}, and none has been sent"
            ))
            .instead("reply first (reply)"));
        }
        return Ok(());
    }
    let (record, stage) = cx.current()?;
    if case.contact_terminated_at.is_some() && record.response.is_none() {
        return Ok(());
    }
    let Some(_) = record.response else {
        return Err(
            Refusal::not_now(format!("{} has not been answered", stage.name)).instead(
                "respond, resolve it informally, decide it is out of scope, or record a withdrawal",
            ),
        );
    };
    if let Some(escalation) = stage
        .escalation
        .as_ref()
        .filter(|e| e.by == Escalator::Complainant)
        && case.escalations_refused.is_empty()
        && let Some(window) =
            super::clock::escalation_closes(cx.calendar, case, record, escalation)?
        && cx.at < window.at
    {
        choices.satisfied_until = Some(window.date);
    }
    Ok(())
}

/// The compliments or comments rules that apply to this case.
pub(crate) struct FeedbackRules<'a> {
    /// Roles it goes to.
    pub pass_to: Vec<RoleId>,
    /// Whether it goes to the person complimented.
    pub to_person: bool,
    /// How it is published, if it is.
    pub publish: Option<&'a crate::procedure::Publish>,
}

/// The compliments or comments rules that apply to this case, refusing complaints.
pub(crate) fn feedback_rules<'a>(cx: &Context<'a>) -> Result<FeedbackRules<'a>, Refusal> {
    match cx.kind() {
        FeedbackKind::Complaint => Err(Refusal::not_now(
            "complaints are not passed on, replied to or published",
        )
        .instead("acknowledge it and follow the complaints stages")),
        FeedbackKind::Compliment => {
            let rules = cx.procedure.compliments.as_ref();
            Ok(FeedbackRules {
                pass_to: rules.map(|c| c.pass_to.clone()).unwrap_or_default(),
                to_person: rules.is_some_and(|c| c.pass_to_person_named),
                publish: rules.and_then(|c| c.publish.as_ref()),
            })
        }
        FeedbackKind::Comment | FeedbackKind::Suggestion => {
            let rules = cx.procedure.comments.as_ref();
            Ok(FeedbackRules {
                pass_to: rules.map(|c| c.pass_to.clone()).unwrap_or_default(),
                to_person: false,
                publish: rules.and_then(|c| c.publish.as_ref()),
            })
        }
    }
}

/// The behaviour policy, refusing when the procedure has none or contact has ended.
pub(crate) fn behaviour_policy<'a>(
    cx: &Context<'a>,
) -> Result<&'a crate::procedure::BehaviourPolicy, Refusal> {
    let policy = cx.procedure.behaviour.as_ref().ok_or_else(|| {
        Refusal::new(
            RefusalCode::NotInProcedure,
            "this procedure has no policy on unacceptable or persistent behaviour",
        )
    })?;
    if cx.case.contact_terminated_at.is_some() {
        return Err(Refusal::not_now("contact with the complainant has ended"));
    }
    Ok(policy)
}

const fn field(name: &'static str, input: Input) -> FieldSpec {
    FieldSpec {
        name,
        path: name,
        input,
        required: false,
        only_with: None,
    }
}

const fn required(name: &'static str, input: Input) -> FieldSpec {
    FieldSpec {
        required: true,
        ..field(name, input)
    }
}

const fn at(path: &'static str, spec: FieldSpec) -> FieldSpec {
    FieldSpec { path, ..spec }
}

const REMEDY_ROW: &[FieldSpec] = &[
    field("kind", Input::OneOf(Choice::Remedies)),
    field("description", Input::Text),
    field("agreed_by", Input::Text),
];

const LEARNING_ROW: &[FieldSpec] = &[
    field("description", Input::Text),
    field("owner", Input::Text),
    field("due", Input::Date),
];

/// The fields of `kind`, before the case narrows them.
pub fn field_specs(kind: CommandKind) -> &'static [FieldSpec] {
    use CommandKind as K;
    use Input as I;
    const SUMMARY: &[FieldSpec] = &[required("summary", I::LongText)];
    const REASON: &[FieldSpec] = &[required("reason", I::LongText)];
    match kind {
        K::Receive | K::ResumeClock | K::WithdrawConsent => const { &[] },
        K::Publish => const { &[required("wording", I::LongText)] },
        K::Unpublish => REASON,
        K::NamePerson => {
            const {
                &[
                    at("person.name", required("name", I::Text)),
                    at("person.role", field("role", I::OneOf(Choice::Roles))),
                    at("person.member_id", field("member_id", I::Text)),
                ]
            }
        }
        K::DecideScope => {
            const {
                &[
                    at(
                        "decision.decision",
                        required("decision", I::OneOf(Choice::Decisions)),
                    ),
                    FieldSpec {
                        only_with: Some(("decision", &["late-accepted"])),
                        ..at("decision.reason", field("reason", I::LongText))
                    },
                    FieldSpec {
                        only_with: Some(("decision", &["excluded"])),
                        ..at(
                            "decision.exclusion",
                            field("exclusion", I::OneOf(Choice::Exclusions)),
                        )
                    },
                    FieldSpec {
                        only_with: Some(("decision", &["excluded"])),
                        ..at("decision.note", field("note", I::LongText))
                    },
                ]
            }
        }
        K::Acknowledge => {
            const {
                &[
                    field("handler_name", I::Text),
                    field("phone", I::Text),
                    field("email", I::Text),
                    field("definition", I::LongText),
                ]
            }
        }
        K::ResolveInformally | K::SendUpdate | K::ReceiveInformation | K::Reply => SUMMARY,
        K::StartInvestigation | K::Withdraw => const { &[field("reason", I::LongText)] },
        K::OfferMediation => const { &[required("by", I::OneOf(Choice::Roles))] },
        K::RecordMediation => {
            const {
                &[
                    required("agreed", I::YesNo),
                    required("summary", I::LongText),
                ]
            }
        }
        K::AssignHandler => {
            const {
                &[
                    required("name", I::Text),
                    required("role", I::OneOf(Choice::Roles)),
                    field("username", I::Text),
                ]
            }
        }
        K::DrawPanel => {
            const {
                &[
                    required("candidates", I::Pairs("id", "name")),
                    field("declined", I::Pairs("member_id", "reason")),
                ]
            }
        }
        K::ExtendDeadline => {
            const {
                &[
                    required("new_date", I::Date),
                    field("reason", I::LongText),
                    field("good_reason", I::LongText),
                    field("complainant_agreed", I::Flag),
                ]
            }
        }
        K::PauseClock
        | K::RefuseEscalation
        | K::ReferUp
        | K::WarnBehaviour
        | K::TerminateContact => REASON,
        K::Respond => {
            const {
                &[
                    required("outcome", I::OneOf(Choice::Outcomes)),
                    field("mode", I::OneOf(Choice::Modes)),
                    required("findings", I::LongText),
                    field("how_investigated", I::LongText),
                    field("definition", I::LongText),
                    field("outstanding_actions", I::LongText),
                    field("remedies", I::Rows(REMEDY_ROW)),
                    field("learning", I::Rows(LEARNING_ROW)),
                ]
            }
        }
        K::RequestEscalation => {
            const {
                &[
                    field("grounds", I::SomeOf(Choice::Grounds)),
                    field("reasons", I::LongText),
                    field("outcome_sought", I::LongText),
                    required("in_writing", I::YesNo),
                    field("late_reason", I::LongText),
                ]
            }
        }
        K::ReferExternally => const { &[required("body", I::Text), field("note", I::LongText)] },
        K::DecideInternalReview => {
            const { &[required("needed", I::YesNo), required("note", I::LongText)] }
        }
        K::PassOn => const { &[required("to", I::OneOf(Choice::PassTo))] },
        K::RestrictContact => {
            const {
                &[
                    required("restrictions", I::SomeOf(Choice::Restrictions)),
                    required("reason", I::LongText),
                    required("until", I::Date),
                    required("review_on", I::Date),
                    field("safety_risk", I::Flag),
                ]
            }
        }
        K::Close => {
            const {
                &[
                    field("complainant_satisfied", I::Flag),
                    field("note", I::LongText),
                ]
            }
        }
        K::RequestInWriting => const { &[required("what", I::OneOf(Choice::InWriting))] },
        K::IssueTrackingLink => const { &[required("delivery", I::OneOf(Choice::Deliveries))] },
        K::AddNote => const { &[required("text", I::LongText)] },
        K::MergeInto => const { &[required("reference", I::Text)] },
        K::RecordContact => {
            const {
                &[
                    required("kind", I::OneOf(Choice::ContactKinds)),
                    required("who", I::Text),
                    required("held_on", I::Date),
                    required("summary", I::LongText),
                ]
            }
        }
        K::RecordWrittenAuthority => const { &[field("note", I::LongText)] },
        K::AddAttachment => const { &[required("file", I::File)] },
        K::LinkPerson => {
            const {
                &[
                    required("person", I::OneOf(Choice::People)),
                    field("username", I::Text),
                    field("member_id", I::Text),
                ]
            }
        }
        K::DeclareConflict => {
            const {
                &[
                    required("username", I::Text),
                    required("reason", I::LongText),
                ]
            }
        }
        K::MarkSensitive => {
            const {
                &[
                    required("reason", I::LongText),
                    required("roles", I::SomeOf(Choice::Roles)),
                ]
            }
        }
        K::PlaceLegalHold => const { &[required("reason", I::LongText)] },
        K::Rectify => {
            const {
                &[
                    required("detail", I::OneOf(Choice::Details)),
                    field("value", I::Text),
                    required("request", I::LongText),
                ]
            }
        }
        K::LiftLegalHold => const { &[field("reason", I::LongText)] },
        K::SetThemes => const { &[field("themes", I::SomeOf(Choice::Themes))] },
        K::AddLearningAction => {
            const {
                &[
                    required("what", I::LongText),
                    required("owner", I::Text),
                    required("due", I::Date),
                ]
            }
        }
        K::CompleteLearningAction => {
            const {
                &[
                    required("action", I::OneOf(Choice::LearningActions)),
                    field("what_changed", I::LongText),
                ]
            }
        }
        K::RecordOmbudsmanEnquiry => {
            const {
                &[
                    required("ombudsman_reference", I::Text),
                    required("received_on", I::Date),
                    field("respond_by", I::Date),
                    required("summary", I::LongText),
                ]
            }
        }
        K::AnswerOmbudsmanEnquiry => {
            const {
                &[
                    required("enquiry", I::OneOf(Choice::Enquiries)),
                    required("summary", I::LongText),
                ]
            }
        }
    }
}

/// The fields of `kind` for this case: the ones that apply, marked required where the
/// procedure makes them so.
fn fields(cx: &Context, kind: CommandKind, choices: &Choices) -> Vec<FieldSpec> {
    let stage = cx.current().ok().map(|(_, stage)| stage);
    field_specs(kind)
        .iter()
        .filter(|spec| match (kind, spec.name) {
            (CommandKind::DecideScope, "reason") => {
                choices.decisions.contains(&ScopeChoice::LateAccepted)
            }
            (CommandKind::DecideScope, "exclusion" | "note") => !choices.exclusions.is_empty(),
            (CommandKind::Respond, "mode") => choices.modes.len() > 1,
            (CommandKind::RequestEscalation, "grounds") => !choices.grounds.is_empty(),
            (CommandKind::RequestEscalation, "late_reason") => {
                choices.window.as_ref().is_some_and(|w| w.closed)
            }
            (CommandKind::Close, "complainant_satisfied") => choices.satisfied_until.is_some(),
            (CommandKind::RestrictContact, "safety_risk") => choices.warning_first,
            (CommandKind::ExtendDeadline, "good_reason") => choices.beyond_latest_with_good_reason,
            (CommandKind::ExtendDeadline, "complainant_agreed") => choices.complainant_agreement,
            _ => true,
        })
        .map(|spec| {
            let required = spec.required
                || match (kind, spec.name) {
                    (CommandKind::Acknowledge, "phone") => contact_needed(cx, Statement::Phone),
                    (CommandKind::Acknowledge, "email") => contact_needed(cx, Statement::Email),
                    (CommandKind::Respond, "how_investigated") => stage.is_some_and(|s| {
                        s.respond
                            .as_ref()
                            .is_some_and(|r| r.must_state.contains(&Statement::HowInvestigated))
                    }),
                    (CommandKind::RequestEscalation, "grounds") => true,
                    (CommandKind::RequestEscalation, "reasons") => stage.is_some_and(|s| {
                        s.escalation.as_ref().is_some_and(|e| {
                            e.must_state
                                .contains(&crate::procedure::EscalationItem::Grounds)
                        })
                    }),
                    (CommandKind::RequestEscalation, "outcome_sought") => stage.is_some_and(|s| {
                        s.escalation.as_ref().is_some_and(|e| {
                            e.must_state
                                .contains(&crate::procedure::EscalationItem::OutcomeSought)
                        })
                    }),
                    (CommandKind::RequestEscalation, "late_reason") => true,
                    (CommandKind::ExtendDeadline, "reason") => stage
                        .is_some_and(|s| s.extension.as_ref().is_some_and(|e| e.reason_required)),
                    (CommandKind::ExtendDeadline, "complainant_agreed") => true,
                    (CommandKind::Acknowledge, "definition") => stage.is_some_and(|s| {
                        s.acknowledge
                            .as_ref()
                            .is_some_and(|a| a.must_state.contains(&Statement::Definition))
                    }),
                    (CommandKind::Respond, name @ ("definition" | "outstanding_actions")) => {
                        let statement = if name == "definition" {
                            Statement::Definition
                        } else {
                            Statement::OutstandingActions
                        };
                        stage.is_some_and(|s| {
                            s.respond
                                .as_ref()
                                .is_some_and(|r| r.must_state.contains(&statement))
                        })
                    }
                    _ => false,
                };
            FieldSpec { required, ..*spec }
        })
        .collect()
}

/// Whether the acknowledgement must give a telephone number or e-mail address that the
/// procedure file has for neither the handler nor the organisation, so the officer must.
fn contact_needed(cx: &Context, statement: Statement) -> bool {
    let Ok((_, stage)) = cx.current() else {
        return false;
    };
    let promised = stage
        .acknowledge
        .as_ref()
        .is_some_and(|a| a.must_state.contains(&statement));
    promised && super::decide::on_file(cx, stage, statement).is_none()
}
