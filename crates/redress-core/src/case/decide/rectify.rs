//! `rectify`: a contact detail corrected at the person's request (UK GDPR art. 16). The
//! corrected value keeps the rules every contact detail keeps at intake, and the way the person
//! prefers to be contacted cannot be taken away.

use super::Context;
use crate::case::command::Detail;
use crate::case::event::Fact;
use crate::case::input::{Email, Phone, limits, required, submission_refusal, text};
use crate::case::refusal::Refusal;
use crate::procedure::Channel;

pub(super) fn rectify(
    cx: &Context,
    detail: Detail,
    value: String,
    request: String,
) -> Result<Vec<Fact>, Refusal> {
    let request = super::required("request", request)?;
    if cx.case.erased_at.is_some() {
        return Err(Refusal::not_now(
            "this case's personal data has been erased: there is nothing to correct",
        ));
    }
    let Some(mut submission) = cx.case.submission.clone() else {
        return Err(Refusal::not_now("the case has not been received"));
    };
    let Some(contact) = detail.of(&mut submission.complainant, &mut submission.representative)
    else {
        return Err(Refusal::not_now(if detail.of_representative() {
            "the case has no representative"
        } else {
            "the case holds no contact details for the person (it was made anonymously)"
        })
        .field("detail"));
    };
    let value = value.trim().to_owned();
    let corrected = if value.is_empty() { None } else { Some(value) };
    let problem = match (detail, corrected.as_deref()) {
        (Detail::Name | Detail::RepresentativeName, _) => {
            required(corrected.as_deref().unwrap_or(""), limits::NAME).err()
        }
        (Detail::Email | Detail::RepresentativeEmail, Some(email)) => Email::parse(email).err(),
        (Detail::Phone | Detail::RepresentativePhone, Some(phone)) => Phone::parse(phone).err(),
        (Detail::Address | Detail::RepresentativeAddress, Some(address)) => {
            text(address, limits::ADDRESS).err()
        }
        (_, None) => None,
    };
    if let Some(problem) = problem {
        return Err(submission_refusal("value", problem));
    }
    if detail.get(contact) == corrected.as_deref() {
        return Err(
            Refusal::not_now("the case already holds that value: nothing changes").field("value"),
        );
    }
    let preferred = match contact.prefers {
        Some(Channel::Email) => Some(Detail::Email),
        Some(Channel::Phone) => Some(Detail::Phone),
        Some(Channel::Letter) => Some(Detail::Address),
        _ => None,
    };
    let this = match detail {
        Detail::RepresentativeEmail => Detail::Email,
        Detail::RepresentativePhone => Detail::Phone,
        Detail::RepresentativeAddress => Detail::Address,
        other => other,
    };
    if corrected.is_none() && preferred == Some(this) {
        return Err(Refusal::missing(
            "value",
            "it is how they prefer to be contacted: give the corrected one",
        ));
    }
    Ok(vec![Fact::Rectified {
        detail,
        value: corrected,
        request,
    }])
}
