//! Ombudsman enquiries: recorded on a case at any point, open or closed (the codes let people
//! go to the ombudsman at any time), each with its own response deadline, answered once. While
//! one is open the case is under a legal hold, placed with the first and lifted with the last
//! answer when it was placed for an enquiry.

use super::{Context, required};
use crate::calendar::{format_date, london_date};
use crate::case::command::RecordOmbudsmanEnquiry;
use crate::case::event::Fact;
use crate::case::refusal::Refusal;

/// `record-ombudsman-enquiry`: the ombudsman's reference and what it asks are required; it
/// cannot have arrived after today, nor ask for a reply before it arrived.
pub(super) fn record(cx: &Context, command: RecordOmbudsmanEnquiry) -> Result<Vec<Fact>, Refusal> {
    let RecordOmbudsmanEnquiry {
        ombudsman_reference,
        received_on,
        respond_by,
        summary,
    } = command;
    let ombudsman_reference = required("ombudsman_reference", ombudsman_reference)?;
    let summary = required("summary", summary)?;
    let today = london_date(cx.at);
    if received_on > today {
        return Err(Refusal::invalid(
            "received_on",
            format!(
                "an enquiry recorded on {} cannot have arrived after that day",
                format_date(today)
            ),
        ));
    }
    if let Some(by) = respond_by
        && by < received_on
    {
        return Err(Refusal::invalid(
            "respond_by",
            format!(
                "the reply cannot be due before the enquiry arrived on {}",
                format_date(received_on)
            ),
        ));
    }
    let number = cx.case.enquiries.len() as u32 + 1;
    let mut facts = vec![Fact::OmbudsmanEnquiryReceived {
        ombudsman_reference: ombudsman_reference.clone(),
        received_on,
        respond_by,
        summary,
    }];
    // A hold already in force (placed by hand or for an earlier enquiry) keeps the case; it
    // is not replaced, so lifting stays with whoever placed it.
    if cx.case.legal_hold.is_none() {
        facts.push(Fact::LegalHoldPlaced {
            reason: format!("the ombudsman's enquiry {ombudsman_reference} is open"),
            for_enquiry: Some(number),
        });
    }
    Ok(facts)
}

/// `answer-ombudsman-enquiry`: the enquiry must be one of the case's, not yet answered. The
/// last open enquiry answered lifts a hold placed for an enquiry.
pub(super) fn answer(cx: &Context, enquiry: u32, summary: String) -> Result<Vec<Fact>, Refusal> {
    let record = (enquiry as usize)
        .checked_sub(1)
        .and_then(|index| cx.case.enquiries.get(index));
    let Some(record) = record else {
        return Err(Refusal::invalid(
            "enquiry",
            format!(
                "this case has no ombudsman's enquiry {enquiry}; it has {}",
                cx.case.enquiries.len()
            ),
        ));
    };
    if let Some((at, _)) = &record.answered {
        return Err(Refusal::not_now(format!(
            "the ombudsman's enquiry {enquiry} was already answered on {}",
            format_date(london_date(*at))
        ))
        .field("enquiry"));
    }
    let summary = required("summary", summary)?;
    let mut facts = vec![Fact::OmbudsmanEnquiryAnswered { enquiry, summary }];
    let others_open = cx.case.open_enquiries().iter().any(|&n| n != enquiry);
    if cx.case.hold_for_enquiry.is_some() && !others_open {
        facts.push(Fact::LegalHoldLifted {
            reason: Some("every ombudsman's enquiry on the case is answered".to_owned()),
        });
    }
    Ok(facts)
}
