//! `ValidSubmission`: a `Submission` whose every field keeps the rules of `input`, and whose
//! channel the submitter may use. Made only by `ValidSubmission::parse`, which the decider's
//! receipt and the app's submit both call.

use jiff::civil::Date;

use super::{Email, Limit, Phone, Problem, awareness, limits, past_date, required, text};
use crate::case::command::{Contact, Submission};
use crate::case::refusal::Refusal;
use crate::names::serde_name;
use crate::procedure::{Channel, Procedure, VerbalRule};

/// Who hands the submission in, which decides the channels it may arrive by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Submitter {
    /// A member of the public, through the form or the public API: only the procedure's
    /// self-service channels (the web form). A caller cannot claim to have phoned.
    Public,
    /// Staff recording what arrived: any channel the procedure accepts, and verbal feedback
    /// where the procedure says it is written down.
    Staff,
}

/// A submission that keeps every rule of `input`. Read it with `as_submission` or take it
/// back with `into_inner`.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidSubmission(Submission);

/// The refusal for a problem with the field at `path`.
pub(crate) fn refusal(path: &str, problem: Problem) -> Refusal {
    match problem {
        Problem::Empty => Refusal::missing(path, format!("{path} {problem}")),
        _ => Refusal::invalid(path, format!("{path} {problem}")),
    }
}

fn optional_text(path: &str, value: Option<&str>, limit: Limit) -> Result<(), Refusal> {
    value.map_or(Ok(()), |v| text(v, limit).map_err(|p| refusal(path, p)))
}

fn required_text(path: &str, value: &str, limit: Limit) -> Result<(), Refusal> {
    required(value, limit).map_err(|p| refusal(path, p))
}

impl ValidSubmission {
    /// Checks `submission`, received at `received` (the London day of the receipt instant),
    /// from `by`, under `procedure`. The first problem found is refused, naming its field as a
    /// path such as `complainant.email` or `people_named[3].name`.
    pub fn parse(
        mut submission: Submission,
        procedure: &Procedure,
        received: Date,
        by: Submitter,
    ) -> Result<ValidSubmission, Refusal> {
        // A matter is an id: kept without surrounding spaces, and an empty one is none.
        submission.matter = submission
            .matter
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty());
        check_channel(procedure, submission.channel, by)?;
        let s = &submission;
        required_text("what_happened", &s.what_happened, limits::WHAT_HAPPENED)?;
        optional_text("outcome_wanted", s.outcome_wanted.as_deref(), limits::TEXT)?;
        optional_text("adjustments", s.adjustments.as_deref(), limits::TEXT)?;
        if let Some(complainant) = &s.complainant {
            contact("complainant", complainant)?;
        }
        if let Some(representative) = &s.representative {
            contact("representative.contact", &representative.contact)?;
            required_text(
                "representative.relationship",
                &representative.relationship,
                limits::NAME,
            )?;
        }
        if s.people_named.len() > limits::PEOPLE_NAMED {
            return Err(refusal(
                "people_named",
                Problem::TooMany {
                    max: limits::PEOPLE_NAMED,
                },
            ));
        }
        for (index, person) in s.people_named.iter().enumerate() {
            let path = format!("people_named[{index}]");
            required_text(&format!("{path}.name"), &person.name, limits::NAME)?;
            optional_text(
                &format!("{path}.member_id"),
                person.member_id.as_deref(),
                limits::NAME,
            )?;
        }
        if let Some(happened) = s.happened_on {
            past_date(happened, received).map_err(|p| refusal("happened_on", p))?;
        }
        if let Some(aware) = s.became_aware_on {
            past_date(aware, received).map_err(|p| refusal("became_aware_on", p))?;
            if let Some(happened) = s.happened_on {
                awareness(happened, aware).map_err(|p| refusal("became_aware_on", p))?;
            }
        }
        Ok(ValidSubmission(submission))
    }

    /// The submission.
    pub fn as_submission(&self) -> &Submission {
        &self.0
    }

    /// The submission, to put in a `Receive` command or a `Received` event.
    pub fn into_inner(self) -> Submission {
        self.0
    }
}

/// A complainant's or representative's contact details: a name, and any address given in a
/// form that could reach them (the one they prefer must be given).
fn contact(path: &str, contact: &Contact) -> Result<(), Refusal> {
    required_text(&format!("{path}.name"), &contact.name, limits::NAME)?;
    if let Some(email) = given(&contact.email) {
        Email::parse(email).map_err(|p| refusal(&format!("{path}.email"), p))?;
    }
    if let Some(phone) = given(&contact.phone) {
        Phone::parse(phone).map_err(|p| refusal(&format!("{path}.phone"), p))?;
    }
    optional_text(
        &format!("{path}.address"),
        contact.address.as_deref(),
        limits::ADDRESS,
    )?;
    let (needed, field) = match contact.prefers {
        Some(Channel::Email) => (&contact.email, "email"),
        Some(Channel::Phone) => (&contact.phone, "phone"),
        Some(Channel::Letter) => (&contact.address, "address"),
        _ => return Ok(()),
    };
    if given(needed).is_none() {
        return Err(Refusal::missing(
            format!("{path}.{field}"),
            format!("{path}.{field} is needed: it is how they prefer to be contacted"),
        ));
    }
    Ok(())
}

/// A value that is there and not only spaces.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

/// The channels `by` may use: the public only self-service channels the procedure accepts;
/// staff any the procedure accepts, and verbal feedback where the procedure says to write it
/// down.
fn check_channel(procedure: &Procedure, channel: Channel, by: Submitter) -> Result<(), Refusal> {
    let intake = &procedure.intake;
    if by == Submitter::Public {
        if channel.is_self_service() && intake.channels.contains(&channel) {
            return Ok(());
        }
        return Err(Refusal::invalid(
            "channel",
            format!(
                "feedback given here arrives by web, not by {}",
                serde_name(&channel)
            ),
        )
        .instead("send `web`; feedback by phone, letter or in person is recorded by staff"));
    }
    if intake.channels.contains(&channel) {
        return Ok(());
    }
    let accepted = intake
        .channels
        .iter()
        .map(serde_name)
        .collect::<Vec<_>>()
        .join(", ");
    if channel.is_verbal() {
        match intake.verbal {
            Some(VerbalRule::RecordInWriting) => return Ok(()),
            Some(VerbalRule::AskInWriting) => {
                return Err(Refusal::invalid(
                    "channel",
                    "this procedure asks for verbal feedback to be put in writing",
                )
                .instead(format!(
                    "ask the person to write ({accepted}) and record it when it arrives"
                )));
            }
            None => {}
        }
    }
    let refused = Refusal::invalid(
        "channel",
        format!("feedback by {} is not accepted", serde_name(&channel)),
    );
    match intake
        .redirect
        .iter()
        .find(|r| r.channels.contains(&channel))
    {
        Some(redirect) => Err(refused.instead(format!("tell the person: {}", redirect.say))),
        None => Err(refused.instead(format!("accepted channels: {accepted}"))),
    }
}
