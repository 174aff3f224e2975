//! The officer's text of a letter: checked, at the moment it is sent, to still say everything
//! the letter must (each statement's essentials: dates in full, titles, numbers, addresses),
//! and kept on the event unchanged.

use super::Context;
use crate::case::event::Fact;
use crate::case::refusal::Refusal;
use crate::letters::{Delivery, Letter, LetterKind, LetterText, Said, Who};
use crate::names::serde_name;
use crate::procedure::Handler;

/// Puts `text` on the letter among `facts`, or refuses naming what the text lacks. Without a
/// text the facts are returned as they are: the letter is rendered from its template.
pub(super) fn attach(
    cx: &Context,
    mut facts: Vec<Fact>,
    text: Option<LetterText>,
) -> Result<Vec<Fact>, Refusal> {
    for letter in facts.iter_mut().filter_map(Fact::letter_mut) {
        sign(cx, letter);
    }
    let Some(text) = text else {
        return Ok(facts);
    };
    let Some(letter) = facts.iter_mut().find_map(Fact::letter_mut) else {
        return Err(Refusal::invalid(
            "letter",
            "this action sends no letter, so it takes no letter text",
        )
        .instead("leave `letter` out"));
    };
    if text.body.trim().is_empty() {
        return Err(Refusal::missing("letter.body", "the letter has no text"));
    }
    if let Some((statement, essential)) = letter.missing_from(&text.body) {
        return Err(Refusal::missing(
            "letter.body",
            format!(
                "the letter must state {} ({}: {}), and its text does not say it",
                essential.what,
                serde_name(&statement),
                essential.forms[0]
            ),
        )
        .instead(format!("put \"{}\" back in the letter", essential.forms[0])));
    }
    if text.delivery == Delivery::Email && recipient_email(cx).is_none() {
        return Err(Refusal::invalid(
            "letter.delivery",
            "there is no e-mail address on this case to send the letter to",
        )
        .instead("print it and mark it as posted (`post`)"));
    }
    letter.text = Some(text);
    Ok(facts)
}

/// The address a letter by e-mail goes to: the representative's, else the complainant's.
pub(crate) fn recipient_email<'a>(cx: &Context<'a>) -> Option<&'a str> {
    let submission = cx.case.submission.as_ref()?;
    submission
        .representative
        .as_ref()
        .and_then(|r| r.contact.email.as_deref())
        .or_else(|| {
            submission
                .complainant
                .as_ref()
                .and_then(|c| c.email.as_deref())
        })
}

/// Who a letter is from: the person named in it as handling the complaint, else the role the
/// procedure says sends it (the acknowledgement's or the response's sender, the behaviour
/// policy's decision-maker, whoever records compliments), else whoever handles the stage.
fn sign(cx: &Context, letter: &mut Letter) {
    if let Some(Said::Handler {
        handler: Who::Person { name, title },
    }) = letter
        .statements
        .iter()
        .find(|s| matches!(s, Said::Handler { .. }))
    {
        letter.signed_name = Some(name.clone());
        letter.signed_by = Some(title.clone());
        return;
    }
    let current = cx.current().ok();
    let stage = current.map(|(_, stage)| stage);
    let named_role = match letter.kind {
        LetterKind::Acknowledgement | LetterKind::EscalationAcknowledgement => {
            stage.and_then(|s| s.acknowledge.as_ref()?.by.clone())
        }
        LetterKind::Response | LetterKind::FinalResponse => {
            stage.and_then(|s| s.respond.as_ref()?.by.clone())
        }
        LetterKind::BehaviourWarning | LetterKind::ContactRestriction => cx
            .procedure
            .behaviour
            .as_ref()
            .map(|b| b.decided_by.clone()),
        LetterKind::ComplimentReply => cx
            .procedure
            .compliments
            .as_ref()
            .and_then(|c| c.recorded_by.clone()),
        _ => None,
    };
    if let Some(role) = named_role {
        letter.signed_by = Some(cx.title(cx.instead_of(&role)));
        return;
    }
    let Some((record, stage)) = current else {
        return;
    };
    if let Some((name, role)) = &record.handler {
        letter.signed_name = Some(name.clone());
        letter.signed_by = Some(cx.title(role));
    } else if let Some(role) = cx.handler_role(stage) {
        letter.signed_by = Some(cx.title(&role));
    } else if let Handler::Panel { .. } | Handler::External { .. } = &stage.handler {
        letter.signed_by = stage
            .handler
            .arranged_by()
            .map(|role| cx.title(cx.instead_of(role)));
    }
}
