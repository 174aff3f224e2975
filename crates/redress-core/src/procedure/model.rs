//! The procedure file as data: every rule a written complaints procedure states, in types.
//!
//! These types are the TOML format (see `procedures/*.toml`) and, through `schemars`, its JSON
//! Schema. They are deliberately plain data; the rules that tie fields together (a handler names
//! a role that exists, an escalation points at a later stage, ...) live in `validate`. A stage's
//! `Handler`, which is read from several shapes of TOML, has its own module (`handler.rs`).

use std::collections::BTreeMap;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::handler::Handler;
use crate::calendar::{Duration, Region};
use crate::ids::{MatterId, OrgId, ProcedureId, RoleId, StageId, ThemeId};

/// One organisation's complaints, compliments and comments procedure, at one version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Which version of the procedure this is and when it takes effect.
    pub procedure: Meta,
    /// Who runs the procedure.
    pub organisation: Organisation,
    /// The roles the procedure names, by id. Role titles and role mailboxes only: never the
    /// private names, e-mail addresses or telephone numbers of individuals.
    #[serde(default)]
    pub roles: BTreeMap<RoleId, Role>,
    /// How feedback may arrive.
    pub intake: Intake,
    /// How long after the events someone has to complain.
    #[serde(default)]
    pub time_limit: Option<TimeLimit>,
    /// Matters this procedure does not handle, and where each goes instead.
    #[serde(default, rename = "exclusion")]
    pub exclusions: Vec<Exclusion>,
    /// Settling a complaint without a formal investigation.
    #[serde(default)]
    pub informal: Option<Informal>,
    /// The formal stages, in order. The first stage is where every complaint starts unless a
    /// conflict rule says otherwise.
    #[serde(default, rename = "stage")]
    pub stages: Vec<Stage>,
    /// Who must not handle a complaint, and what happens instead.
    #[serde(default, rename = "conflict")]
    pub conflicts: Vec<ConflictRule>,
    /// The ombudsman or other external body a complainant may go to.
    #[serde(default)]
    pub ombudsman: Option<Ombudsman>,
    /// What putting things right may involve.
    #[serde(default)]
    pub remedies: Option<Remedies>,
    /// How compliments are handled.
    #[serde(default)]
    pub compliments: Option<Compliments>,
    /// How comments and suggestions are handled.
    #[serde(default)]
    pub comments: Option<Comments>,
    /// Whether and how a complaint may be withdrawn.
    #[serde(default)]
    pub withdrawal: Option<Withdrawal>,
    /// The unacceptable or unreasonably persistent behaviour policy.
    #[serde(default)]
    pub behaviour: Option<BehaviourPolicy>,
    /// How long case records are kept before personal data is deleted.
    #[serde(default)]
    pub retention: Option<Retention>,
    /// Reports the organisation makes about its feedback.
    #[serde(default, rename = "report")]
    pub reports: Vec<Report>,
    /// When the procedure itself is reviewed, and whether members must confirm they read it.
    #[serde(default)]
    pub review: Option<PolicyReview>,
    /// How personal data in a case is used, in plain words for the public page.
    #[serde(default)]
    pub privacy: Option<String>,
    /// Reminders to staff: the daily digest of what falls due and of cases nobody has touched.
    /// Absent: the defaults of [`Reminders`].
    #[serde(default)]
    pub reminders: Reminders,
    /// What reports count: the themes cases are tagged with. Absent: the defaults of
    /// [`Reporting`].
    #[serde(default)]
    pub reporting: Reporting,
}

/// What reports count: `[reporting]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// The themes a case may be tagged with, in the order reports list them. Empty or absent:
    /// [`Reporting::DEFAULT_THEMES`].
    #[serde(default)]
    pub themes: Vec<ThemeId>,
}

impl Reporting {
    /// The themes used when a procedure names none.
    pub const DEFAULT_THEMES: &[&str] = &[
        "communication",
        "delay",
        "staff-conduct",
        "information-given",
        "accessibility",
        "policy",
    ];

    /// The themes cases of this procedure may carry: the file's list, or the defaults.
    pub fn themes(&self) -> Vec<ThemeId> {
        if self.themes.is_empty() {
            Reporting::DEFAULT_THEMES
                .iter()
                .map(|t| ThemeId::parse(t).expect("the default themes are kebab-case"))
                .collect()
        } else {
            self.themes.clone()
        }
    }
}

/// The version block: `[procedure]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The document's own title, e.g. "Compliments and Complaints Policy".
    pub title: String,
    /// A version label the organisation chooses, e.g. "2024.1". Unique per organisation,
    /// across all its procedures: a case's version names its procedure too.
    pub version: String,
    /// The first day cases are received under this version.
    #[serde(deserialize_with = "super::dates::one")]
    pub effective_from: Date,
    /// Which of the organisation's procedures this file is, when it runs more than one.
    /// Absent: `main`, the organisation's main procedure, which takes every matter no other
    /// procedure claims.
    #[serde(default = "ProcedureId::main")]
    pub id: ProcedureId,
    /// The kinds of matter this procedure covers, which the public form offers when the
    /// organisation runs more than one procedure. Empty for a procedure that only takes what
    /// no other claims.
    #[serde(default)]
    pub matters: Vec<Matter>,
}

/// A kind of matter a procedure covers: `[[procedure.matters]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    /// Its id, sent as a submission's `matter`, e.g. `childrens-social-care`.
    pub id: MatterId,
    /// The words the public form shows, e.g. "Children's social care".
    pub label: String,
}

/// The organisation block: `[organisation]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Short stable id used in addresses, e.g. "leeds-pps".
    pub id: OrgId,
    /// The organisation's name as the public sees it.
    pub name: String,
    /// Prefix of case references, e.g. "LPP" gives `LPP-2026-0042`. Capital letters and digits.
    pub reference_prefix: String,
    /// Whose bank holidays count as non-working days.
    pub region: Region,
    /// The organisation's own closure days, which are not working days either.
    #[serde(default, deserialize_with = "super::dates::many")]
    pub closure_days: Vec<Date>,
    /// The kinds of feedback the procedure covers.
    pub kinds: Vec<FeedbackKind>,
    /// Contact details of the organisation itself (a team mailbox, not a person's).
    #[serde(default)]
    pub contact: Contact,
    /// When staff are at work: reminders go out only on working days, within these hours.
    /// Absent: 09:00 to 17:00, Europe/London.
    #[serde(default)]
    pub working_hours: WorkingHours,
}

/// The organisation's working hours: `[organisation.working_hours]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkingHours {
    /// When the working day starts, as `HH:MM`. Default `09:00`.
    #[serde(default = "nine")]
    #[schemars(with = "String")]
    pub start: jiff::civil::Time,
    /// When it ends, as `HH:MM` (not included). Default `17:00`.
    #[serde(default = "five")]
    #[schemars(with = "String")]
    pub end: jiff::civil::Time,
    /// The IANA time zone the hours are in. Default `Europe/London`.
    #[serde(default = "london_zone")]
    pub time_zone: String,
}

impl Default for WorkingHours {
    fn default() -> WorkingHours {
        WorkingHours {
            start: nine(),
            end: five(),
            time_zone: london_zone(),
        }
    }
}

fn nine() -> jiff::civil::Time {
    jiff::civil::time(9, 0, 0, 0)
}

fn five() -> jiff::civil::Time {
    jiff::civil::time(17, 0, 0, 0)
}

fn london_zone() -> String {
    "Europe/London".to_owned()
}

/// Reminders to staff: `[reminders]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reminders {
    /// A case at a stage the procedure sets no timescale for, untouched for this long, is
    /// listed in the digest as stale. In working days. Default "10 working days".
    #[serde(default = "ten_working_days")]
    pub stale_after: Duration,
    /// The digest lists what falls due within this many working days. Default "5 working days".
    #[serde(default = "five_working_days")]
    pub due_within: Duration,
}

impl Default for Reminders {
    fn default() -> Reminders {
        Reminders {
            stale_after: ten_working_days(),
            due_within: five_working_days(),
        }
    }
}

fn ten_working_days() -> Duration {
    Duration::WorkingDays(10)
}

fn five_working_days() -> Duration {
    Duration::WorkingDays(5)
}

/// Role mailboxes and numbers. Every field is optional. The e-mail address and telephone
/// number are checked when the file is loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// A role or team e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// A role or team telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// A postal address: one string (its lines separated by new lines, as in a TOML `"""`
    /// string) or a list of lines, as a letterhead prints them. Kept with one line per `\n`.
    #[serde(default, deserialize_with = "address_text")]
    #[schemars(with = "Option<AddressLines>")]
    pub address: Option<String>,
    /// A web address for the organisation's own pages.
    #[serde(default)]
    pub web: Option<String>,
}

impl Contact {
    /// The postal address, one line per element, blank lines left out.
    pub fn address_lines(&self) -> Vec<String> {
        self.address
            .iter()
            .flat_map(|address| address.lines())
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Whether any way of reaching the organisation is given.
    pub fn is_empty(&self) -> bool {
        self.email.is_none() && self.phone.is_none() && self.address.is_none() && self.web.is_none()
    }
}

/// `deserialize_with` for a postal address: a string, or a list of lines joined by new lines.
fn address_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Text(String),
        Lines(Vec<String>),
    }
    // `null` (a contact written back from an event) is no address.
    Ok(match Option::<Written>::deserialize(deserializer)? {
        None => None,
        Some(Written::Text(text)) => Some(text),
        Some(Written::Lines(lines)) => Some(lines.join("\n")),
    })
}

/// A postal address as written in the file: a string or a list of lines (for the schema).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, reason = "only its JSON Schema is used")]
enum AddressLines {
    /// One string; lines separated by new lines.
    Text(String),
    /// One element per line.
    Lines(Vec<String>),
}

/// A role the procedure names: `[roles.chair]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// The role's title, e.g. "Chair".
    pub title: String,
    /// True when the role is filled from outside the organisation (an independent reviewer).
    #[serde(default)]
    pub external: bool,
    /// How to reach whoever holds the role, by role mailbox.
    #[serde(default)]
    pub contact: Contact,
}

/// Kinds of feedback.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum FeedbackKind {
    /// An expression of dissatisfaction that needs a response.
    Complaint,
    /// Praise or thanks.
    Compliment,
    /// A comment on the service.
    Comment,
    /// A suggestion for improving the service. Handled as a comment.
    Suggestion,
}

/// Ways feedback arrives.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// E-mail.
    Email,
    /// A posted or handed-in letter.
    Letter,
    /// A telephone call.
    Phone,
    /// In person.
    FaceToFace,
    /// A paper feedback form.
    Form,
    /// The organisation's web form.
    Web,
    /// Fax.
    Fax,
    /// A social media message.
    SocialMedia,
    /// Passed on by a member of staff on the person's behalf.
    ViaStaff,
    /// Referred by another body's complaints procedure (e.g. a county council's).
    Referral,
}

impl Channel {
    /// True for channels where nothing arrives in writing unless someone writes it down.
    pub fn is_verbal(self) -> bool {
        matches!(self, Channel::Phone | Channel::FaceToFace)
    }

    /// True for channels a member of the public uses by themselves, through this software:
    /// the web form (and the public API behind it). Every other channel is recorded by staff.
    pub fn is_self_service(self) -> bool {
        matches!(self, Channel::Web)
    }
}

/// How feedback may arrive: `[intake]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intake {
    /// Channels by which feedback is accepted.
    pub channels: Vec<Channel>,
    /// What happens to feedback given by phone or face to face when those channels are not
    /// accepted as they are. Absent: verbal feedback is refused like any other channel.
    #[serde(default)]
    pub verbal: Option<VerbalRule>,
    /// Channels that are not accepted but get a helpful answer instead.
    #[serde(default)]
    pub redirect: Vec<Redirect>,
    /// Whether anonymous feedback is taken. Absent: the procedure does not say, so anonymous
    /// feedback is still recorded (as a careful officer would) but nothing is promised about it.
    #[serde(default)]
    pub anonymous: Option<Anonymous>,
    /// Whether someone may complain on another's behalf.
    #[serde(default)]
    pub representatives: Option<Representatives>,
    /// What the person is asked to tell us.
    #[serde(default)]
    pub ask_for: Vec<String>,
    /// Support offered: advocacy, language, communication needs.
    #[serde(default)]
    pub support: Option<String>,
}

/// What happens to verbal feedback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VerbalRule {
    /// The officer who takes the call writes it down and it is handled as received.
    RecordInWriting,
    /// The person is asked to put it in writing; the case starts when the writing arrives.
    AskInWriting,
}

/// A channel that is answered with directions rather than accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Redirect {
    /// The channels this applies to.
    pub channels: Vec<Channel>,
    /// What the person is told.
    pub say: String,
}

/// How anonymous feedback is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Anonymous {
    /// Recorded and handled like any other.
    Accepted,
    /// Recorded and considered, but action may be limited without more information.
    AcceptedLimited,
    /// Not accepted.
    NotAccepted,
}

/// Complaints made on someone else's behalf.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Representatives {
    /// Whether representatives are accepted at all.
    pub accepted: bool,
    /// Whether the person's written authority (or Power of Attorney) is needed before the
    /// organisation discusses the complaint with the representative.
    #[serde(default)]
    pub written_authority: bool,
}

/// The time limit to complain: `[time_limit]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// How long after the counting date a complaint may be made, e.g. "12 months".
    pub within: Duration,
    /// What the limit counts from.
    pub from: TimeLimitFrom,
    /// Whether a late complaint may still be accepted, and on what basis.
    pub late: LateComplaints,
}

/// What the time limit to complain counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TimeLimitFrom {
    /// The date of the events complained about.
    Event,
    /// The date of the events, or the date the complainant became aware of them if later.
    EventOrAwareness,
}

/// What may happen to a complaint made after the time limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LateComplaints {
    /// Never accepted.
    Refused,
    /// Accepted only when special or exceptional circumstances are recorded.
    SpecialCircumstances,
}

/// What the procedure does with a matter it does not handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExclusionAction {
    /// Passed to another team or procedure, which handles it.
    Refer,
    /// The person is told where to go.
    Signpost,
    /// Explained, not investigated.
    Explain,
    /// Not considered.
    Decline,
}

/// A matter out of scope: `[[exclusion]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// Stable id, e.g. "data-protection".
    pub id: String,
    /// What the matter is, in plain words.
    pub title: String,
    /// Where it goes instead, e.g. "the Data Protection service".
    #[serde(default)]
    pub route: Option<String>,
    /// What happens to it.
    pub action: ExclusionAction,
    /// Anything the person should be told.
    #[serde(default)]
    pub note: Option<String>,
}

/// Informal or immediate resolution: `[informal]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Informal {
    /// How it works, in plain words.
    pub description: String,
    /// Who attempts it.
    #[serde(default)]
    pub by: Vec<RoleId>,
    /// Who decides whether a complaint can be resolved immediately or needs investigation.
    #[serde(default)]
    pub decided_by: Option<RoleId>,
    /// Mediation on offer as part of informal resolution.
    #[serde(default)]
    pub mediation: Option<Mediation>,
}

/// Mediation: who offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mediation {
    /// Roles that may mediate.
    pub by: Vec<RoleId>,
}

/// One formal stage: `[[stage]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable id, e.g. "stage-1".
    pub id: StageId,
    /// The stage's name as the procedure gives it, e.g. "Stage Two – Independent Review".
    pub name: String,
    /// What happens at this stage, in plain words.
    #[serde(default)]
    pub description: Option<String>,
    /// Who handles the stage.
    pub handler: Handler,
    /// How the stage may be carried out. Absent: investigation only.
    #[serde(default)]
    pub modes: Vec<StageMode>,
    /// Acknowledging the complaint (first stage) or the request to escalate (later stages).
    #[serde(default)]
    pub acknowledge: Option<Acknowledge>,
    /// The stage's response and its clock. Absent: the procedure sets no timescale.
    #[serde(default)]
    pub respond: Option<Respond>,
    /// A holding letter with a new date, due by a point if the response is not yet sent.
    #[serde(default)]
    pub holding_letter: Option<HoldingLetter>,
    /// Whether the response date may be moved, and by how much at most.
    #[serde(default)]
    pub extension: Option<Extension>,
    /// Progress updates while the response is late or extended.
    #[serde(default)]
    pub updates: Option<Updates>,
    /// Outcomes this stage may reach.
    pub outcomes: Vec<Outcome>,
    /// How the case leaves this stage for the next. Absent on the final stage.
    #[serde(default)]
    pub escalation: Option<Escalation>,
    /// Whether this stage's handler must be a different person from the previous stage's: the
    /// stage cannot be answered until a handler is assigned, and nobody who handled the
    /// previous stage may be assigned.
    #[serde(default)]
    pub different_handler: bool,
    /// A complaint may start at this (later) stage instead of going through the earlier ones,
    /// by the first stage's handler's decision, when this holds; written to follow "a
    /// complaint goes straight to this stage when": "it is complex and needs investigation".
    #[serde(default)]
    pub start_here_when: Option<String>,
}

/// How a stage may be carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StageMode {
    /// The handler investigates.
    Investigation,
    /// The parties meet to agree a way forward.
    Mediation,
    /// The handler reviews how the earlier stage was handled and its findings.
    Review,
}

/// What a clock counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ClockStart {
    /// The complaint's receipt (for a later stage: the receipt of the request to escalate).
    Receipt,
    /// The acknowledgement of this stage.
    Acknowledgement,
    /// The escalation into this stage (a request from the complainant or a referral up).
    Escalation,
    /// The start of the formal investigation (after informal resolution, or the panel draw).
    Investigation,
    /// This stage's response.
    Response,
}

/// Something a letter must say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Statement {
    /// Who is dealing with the complaint.
    Handler,
    /// A contact telephone number.
    Phone,
    /// A contact e-mail address.
    Email,
    /// The date a substantive response can be expected.
    ResponseDue,
    /// The timeframe for the stage, in words ("two weeks").
    Timeframe,
    /// That the complaints procedure is being followed and what happens next.
    NextSteps,
    /// How the complaint was investigated.
    HowInvestigated,
    /// The findings.
    Findings,
    /// The outcome.
    Outcome,
    /// Actions to be taken and remedies.
    Actions,
    /// The right to escalate, to whom, and by when.
    EscalationRights,
    /// The ombudsman or external body and when they may be approached.
    Ombudsman,
    /// The reason for a delay or decision.
    Reason,
    /// The new date by which the response will be sent.
    NewDate,
    /// What the organisation needs in writing (the complaint, or the person's written authority
    /// for their representative) and where to send it.
    InWriting,
    /// That the matter is outside the procedure (excluded, or out of time) and where to go
    /// instead.
    Scope,
    /// What was agreed, done or said, in the officer's words (informal resolution, a progress
    /// update, the reply to a compliment or comment).
    Summary,
    /// That the complaint is withdrawn, and whether the organisation will still review it.
    Withdrawal,
    /// The behaviour of concern, under the unacceptable behaviour policy.
    Behaviour,
    /// The restrictions on contact, how long they last and when they will be reviewed.
    Restrictions,
    /// Which stage of the procedure the complaint is at.
    Stage,
    /// How the complaint was understood: what the organisation will look into, and the
    /// outcome sought (the complaint's "definition").
    Definition,
    /// Any actions still outstanding, and when they will be done.
    OutstandingActions,
}

/// Acknowledgement rules of a stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledge {
    /// The limit, e.g. "3 working days" or "24 hours".
    pub within: Duration,
    /// What it counts from. Default: receipt.
    #[serde(default = "receipt")]
    pub from: ClockStart,
    /// Whether it must be in writing.
    #[serde(default)]
    pub in_writing: bool,
    /// What it must say.
    #[serde(default)]
    pub must_state: Vec<Statement>,
    /// Who sends it.
    #[serde(default)]
    pub by: Option<RoleId>,
}

fn receipt() -> ClockStart {
    ClockStart::Receipt
}

/// A stage's response rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Respond {
    /// The limit, e.g. "20 working days".
    pub within: Duration,
    /// What it counts from.
    pub from: ClockStart,
    /// What the response must say.
    #[serde(default)]
    pub must_state: Vec<Statement>,
    /// Who sends the response, when not the handler (e.g. the Chair notifies the panel's decision).
    #[serde(default)]
    pub by: Option<RoleId>,
}

/// A holding letter that must go out by a point if the response has not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldingLetter {
    /// The limit, e.g. "20 working days".
    pub within: Duration,
    /// What it counts from.
    pub from: ClockStart,
}

/// Moving a stage's response date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The furthest the response date may move past the original, in total. Absent: no cap.
    #[serde(default)]
    pub max: Option<Duration>,
    /// Whether a reason must be given. Default: true.
    #[serde(default = "yes")]
    pub reason_required: bool,
    /// Whether the response date may move past `max` when a good reason for going beyond it is
    /// recorded (the Housing Ombudsman's Code: "no more than 10 working days without good
    /// reason"). Default: false, `max` is never exceeded.
    #[serde(default)]
    pub beyond_max_with_good_reason: bool,
    /// The role who must authorise each extension (after conflict rules, the role acting for
    /// it). Absent: whoever handles the stage.
    #[serde(default)]
    pub authorised_by: Option<RoleId>,
    /// Whether each extension must be agreed with the complainant before it is made.
    #[serde(default)]
    pub agreed_with_complainant: bool,
    /// What the holding letter must state besides the reason and the new date: any of
    /// "handler", "phone", "email", "stage", "ombudsman".
    #[serde(default)]
    pub must_state: Vec<Statement>,
}

fn yes() -> bool {
    true
}

/// Progress updates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Updates {
    /// How often at least, e.g. "2 weeks". Absent: "kept updated" without a set interval.
    #[serde(default)]
    pub every: Option<Duration>,
}

/// Outcomes a stage can reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The complaint is upheld.
    Upheld,
    /// Part of the complaint is upheld.
    PartlyUpheld,
    /// The complaint is not upheld.
    NotUpheld,
    /// The handlers could not decide.
    Undecided,
    /// A reviewer finds the earlier investigation and outcome appropriate.
    OutcomeStands,
    /// A reviewer recommends changes to the earlier outcome.
    OutcomeChanged,
    /// Resolved by agreement (mediation, or informal resolution).
    Resolved,
}

impl Outcome {
    /// True where any part of the complaint is upheld, which may call for a remedy.
    pub fn upholds(self) -> bool {
        matches!(
            self,
            Outcome::Upheld | Outcome::PartlyUpheld | Outcome::OutcomeChanged
        )
    }
}

/// Who may move a case to the next stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Escalator {
    /// The complainant asks, after this stage's response.
    Complainant,
    /// The stage's handler refers the complaint up (e.g. a panel unable to decide).
    Handler,
}

/// Grounds on which a complainant may escalate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Ground {
    /// Unhappy with the response or the outcome.
    Outcome,
    /// Unhappy with the way the complaint was handled.
    Handling,
    /// No response within the set timescale.
    NoResponse,
}

/// How a case leaves a stage for the next: `[stage.escalation]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// Who escalates.
    pub by: Escalator,
    /// The stage it goes to. Default: the next stage.
    #[serde(default)]
    pub to: Option<StageId>,
    /// The window for a complainant's request. Absent: no limit.
    #[serde(default)]
    pub within: Option<Duration>,
    /// What the window counts from. Default: this stage's response.
    #[serde(default = "response")]
    pub from: ClockStart,
    /// Whether the request must be in writing.
    #[serde(default)]
    pub in_writing: bool,
    /// What the request must state: "grounds" (why still dissatisfied), "outcome-sought".
    #[serde(default)]
    pub must_state: Vec<EscalationItem>,
    /// The grounds accepted. Empty: any dissatisfaction.
    #[serde(default)]
    pub grounds: Vec<Ground>,
    /// For `by = "handler"`: when the handler refers up, in plain words.
    #[serde(default)]
    pub when: Option<String>,
    /// Whether the complainant is told when the handler refers the complaint up.
    #[serde(default)]
    pub notify_complainant: bool,
    /// For `by = "complainant"`: the handler may also refer the complaint up before
    /// responding, so escalation is open to either.
    #[serde(default)]
    pub handler_may_refer: bool,
    /// A second span for the complainant's window: the window ends at the later of `within`
    /// (from `from`) and this (e.g. six months from the events, or two months from the
    /// response, whichever is later).
    #[serde(default)]
    pub or_if_later: Option<WindowSpan>,
}

/// A second span for an escalation window: `{ within = "6 months", from = "event" }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowSpan {
    /// How long, in days, weeks or months.
    pub within: Duration,
    /// What it counts from.
    pub from: WindowFrom,
}

/// What a second escalation span counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WindowFrom {
    /// The day of the events complained about (as the complaint gives it; a complaint that
    /// gives none has only the first span).
    Event,
    /// The complaint's receipt at the first stage.
    Receipt,
}

fn response() -> ClockStart {
    ClockStart::Response
}

/// What an escalation request must state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EscalationItem {
    /// Why the complainant remains dissatisfied.
    Grounds,
    /// What outcome they seek.
    OutcomeSought,
}

/// A conflict-of-interest rule: `[[conflict]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictRule {
    /// Applies when a person named in the complaint holds this role.
    pub when_named: RoleId,
    /// The role that takes over wherever `when_named` would have handled or acted.
    #[serde(default)]
    pub handler: Option<RoleId>,
    /// The stage the complaint starts at instead of the first.
    #[serde(default)]
    pub start_at: Option<StageId>,
}

/// When the ombudsman may be approached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OmbudsmanWhen {
    /// After the final stage.
    AfterFinalStage,
    /// At any time, though the ombudsman usually expects the procedure to be finished first.
    AnyTime,
}

/// The external body after the procedure: `[ombudsman]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ombudsman {
    /// Its name.
    pub name: String,
    /// When the complainant may go to it.
    pub when: OmbudsmanWhen,
    /// How to reach it, for the letter that ends the procedure: its web site, phone, e-mail or
    /// postal address (at least one).
    #[serde(default)]
    pub contact: Contact,
    /// Anything else the complainant should be told.
    #[serde(default)]
    pub note: Option<String>,
    /// How long the organisation has to answer an enquiry from the ombudsman that gives no date
    /// of its own, from the day it arrives; absent: [`ENQUIRY_RESPONSE_DEFAULT`].
    #[serde(default)]
    pub enquiry_response: Option<Duration>,
    /// With `when = "after-final-stage"`: the complainant may also contact it at any time
    /// while the procedure runs (for advice and support), as well as after the final stage.
    #[serde(default)]
    pub also_any_time: bool,
}

/// How long an ombudsman's enquiry without a date of its own is given when the procedure does
/// not say: 20 working days, the time the ombudsman codes commonly allow an organisation to
/// answer an information request.
pub const ENQUIRY_RESPONSE_DEFAULT: Duration = Duration::WorkingDays(20);

/// Kinds of remedy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RemedyKind {
    /// An apology.
    Apology,
    /// An explanation of what happened and why.
    Explanation,
    /// Something done to put it right.
    PracticalAction,
    /// A change made because of the complaint.
    Change,
    /// A review of practice.
    ReviewOfPractice,
    /// A recommendation to the organisation.
    Recommendation,
    /// Anything else.
    Other,
}

impl RemedyKind {
    /// Every kind, for a procedure that does not list its own.
    pub const ALL: &[RemedyKind] = &[
        RemedyKind::Apology,
        RemedyKind::Explanation,
        RemedyKind::PracticalAction,
        RemedyKind::Change,
        RemedyKind::ReviewOfPractice,
        RemedyKind::Recommendation,
        RemedyKind::Other,
    ];
}

/// Remedies: `[remedies]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Remedies {
    /// The kinds offered.
    pub kinds: Vec<RemedyKind>,
    /// When any part is upheld, at least one of these must be among the remedies.
    #[serde(default)]
    pub when_upheld: Vec<RemedyKind>,
    /// Who must agree remedies beyond an apology or explanation.
    #[serde(default)]
    pub agreed_by: Option<RoleId>,
}

/// Compliments: `[compliments]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compliments {
    /// Who records them.
    #[serde(default)]
    pub recorded_by: Option<RoleId>,
    /// Roles they are passed on to.
    #[serde(default)]
    pub pass_to: Vec<RoleId>,
    /// Whether they are also passed to the person complimented.
    #[serde(default)]
    pub pass_to_person_named: bool,
    /// The time to reply. Absent: no reply is promised.
    #[serde(default)]
    pub respond_within: Option<Duration>,
    /// Where they are published. Absent: not published.
    #[serde(default)]
    pub publish: Option<Publish>,
}

/// Publishing compliments or comments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    /// Where, e.g. "the website".
    #[serde(rename = "where")]
    pub place: String,
    /// Whether the giver's consent is needed. Default: true.
    #[serde(default = "yes")]
    pub consent_required: bool,
}

/// Comments and suggestions: `[comments]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Comments {
    /// Roles they are passed on to.
    #[serde(default)]
    pub pass_to: Vec<RoleId>,
    /// The time to reply. Absent: no reply is promised.
    #[serde(default)]
    pub respond_within: Option<Duration>,
    /// Where they are published. Absent: not published.
    #[serde(default)]
    pub publish: Option<Publish>,
}

/// Withdrawal: `[withdrawal]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    /// Whether a complaint may be withdrawn at any time.
    pub any_time: bool,
    /// Whether the service must decide if the matter still needs an internal review.
    #[serde(default)]
    pub internal_review: bool,
}

/// Restrictions on contact under the behaviour policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Restriction {
    /// Contact in one form only (e.g. letters only).
    SingleForm,
    /// Contact with one named officer.
    NamedOfficer,
    /// Telephone calls on set days and times.
    CallTimes,
    /// An agreement about future contact.
    ContactAgreement,
    /// Further correspondence without new matters is kept on file but not acknowledged.
    NoAcknowledgement,
}

/// The behaviour policy: `[behaviour]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BehaviourPolicy {
    /// Who decides.
    pub decided_by: RoleId,
    /// Whether a warning must come before restrictions (except where safety is at risk).
    pub warning_first: bool,
    /// The restrictions that may be imposed.
    pub restrictions: Vec<Restriction>,
    /// Whether contact may be terminated.
    #[serde(default)]
    pub termination: bool,
}

/// What retention counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RetentionFrom {
    /// The case's closure.
    Closure,
    /// The case's receipt.
    Receipt,
}

/// Retention: `[retention]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// How long, e.g. "1 year".
    pub keep: Duration,
    /// Counted from.
    pub from: RetentionFrom,
    /// Anything else, e.g. "nothing is kept by individual members".
    #[serde(default)]
    pub note: Option<String>,
}

/// A report: `[[report]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The period covered, e.g. "12 months" or "6 months". Absent: at each meeting.
    #[serde(default)]
    pub every: Option<Duration>,
    /// Who receives it.
    pub to: String,
    /// What it covers.
    #[serde(default)]
    pub contents: Vec<String>,
}

/// Reviewing the procedure itself: `[review]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyReview {
    /// How often, e.g. "2 years".
    pub every: Duration,
    /// Whether members confirm they have read and understood the procedure.
    #[serde(default)]
    pub members_confirm: bool,
    /// The declaration they confirm.
    #[serde(default)]
    pub declaration: Option<String>,
}
