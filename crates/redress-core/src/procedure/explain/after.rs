//! What comes after and around the stages, in words: the ombudsman, remedies, compliments,
//! comments, withdrawal, the behaviour policy, retention and privacy, reports and the review of
//! the procedure itself.

use super::words::{Words, duration, duration_in_years, list, sentence, the, uncapitalise};
use crate::procedure::document::Document;
use crate::procedure::model::*;

pub(super) fn after(words: &Words, out: &mut Document) {
    ombudsman(words, out);
    remedies(words, out);
    compliments(words, out);
    comments(words, out);
    withdrawal(words, out);
    behaviour(words, out);
    records(words, out);
    reports(words, out);
    review(words, out);
}

fn ombudsman(words: &Words, out: &mut Document) {
    let Some(ombudsman) = &words.procedure.ombudsman else {
        return;
    };
    out.heading(2, "Going to the ombudsman");
    let name = the(&ombudsman.name);
    let mut sentences = vec![match ombudsman.when {
        OmbudsmanWhen::AfterFinalStage => format!(
            "If you are still not satisfied when this procedure has finished, you can take your \
             complaint to {name}."
        ),
        OmbudsmanWhen::AnyTime => format!(
            "You can go to {name} at any time, though it usually expects a complaint to have \
             been through this procedure first."
        ),
    }];
    if ombudsman.also_any_time {
        sentences.push(format!(
            "You can also contact {name} at any time while your complaint is with us, for \
             advice and support."
        ));
    }
    sentences.extend(ombudsman.note.as_deref().map(sentence));
    out.paragraph(&sentences);
}

fn remedy_words(kind: RemedyKind) -> &'static str {
    match kind {
        RemedyKind::Apology => "an apology",
        RemedyKind::Explanation => "an explanation of what happened and why",
        RemedyKind::PracticalAction => "action to put things right",
        RemedyKind::Change => "a change to how we do things",
        RemedyKind::ReviewOfPractice => "a review of our practice",
        RemedyKind::Recommendation => "a recommendation to the organisation",
        RemedyKind::Other => "anything else that is appropriate",
    }
}

fn remedies(words: &Words, out: &mut Document) {
    let Some(remedies) = &words.procedure.remedies else {
        return;
    };
    out.heading(2, "Putting things right");
    let kinds: Vec<&str> = remedies.kinds.iter().map(|k| remedy_words(*k)).collect();
    let mut sentences = vec![format!(
        "Where something went wrong, putting it right may include {}.",
        list(&kinds, "or")
    )];
    if !remedies.when_upheld.is_empty() {
        let musts: Vec<&str> = remedies
            .when_upheld
            .iter()
            .map(|k| remedy_words(*k))
            .collect();
        sentences.push(format!(
            "When any part of a complaint is upheld, you always receive at least {}.",
            list(&musts, "or")
        ));
    }
    if let Some(role) = &remedies.agreed_by {
        sentences.push(format!(
            "Any remedy beyond an apology or an explanation is agreed with {}.",
            words.role(role)
        ));
    }
    out.paragraph(&sentences);
}

/// "With your consent, we publish them on the website."
fn publish(publish: &Option<Publish>) -> Option<String> {
    publish.as_ref().map(|publish| {
        let place = publish.place.trim_end_matches('.');
        if publish.consent_required {
            format!("With your consent, we publish them on {place}.")
        } else {
            format!("We publish them on {place}.")
        }
    })
}

fn compliments(words: &Words, out: &mut Document) {
    let Some(compliments) = &words.procedure.compliments else {
        return;
    };
    out.heading(2, "Compliments");
    let mut first = "We welcome compliments. They are recorded".to_owned();
    if let Some(role) = &compliments.recorded_by {
        first.push_str(&format!(" by {}", words.role(role)));
    }
    let mut to: Vec<String> = compliments.pass_to.iter().map(|r| words.role(r)).collect();
    if compliments.pass_to_person_named {
        to.push("the person they are about".to_owned());
    }
    if !to.is_empty() {
        first.push_str(&format!(" and passed to {}", list(&to, "and")));
    }
    first.push('.');
    let mut sentences = vec![first];
    sentences.extend(
        compliments
            .respond_within
            .map(|within| format!("We reply within {} of receipt.", duration(within))),
    );
    sentences.extend(publish(&compliments.publish));
    out.paragraph(&sentences);
}

fn comments(words: &Words, out: &mut Document) {
    let Some(comments) = &words.procedure.comments else {
        return;
    };
    let kinds = &words.procedure.organisation.kinds;
    let heading = match (
        kinds.contains(&FeedbackKind::Comment),
        kinds.contains(&FeedbackKind::Suggestion),
    ) {
        (true, true) => "Comments and suggestions",
        (false, true) => "Suggestions",
        _ => "Comments",
    };
    out.heading(2, heading);
    let mut first = format!("We welcome {}. They are recorded", heading.to_lowercase());
    if !comments.pass_to.is_empty() {
        first.push_str(&format!(
            " and passed to {}",
            words.roles(&comments.pass_to, "and")
        ));
    }
    first.push('.');
    let mut sentences = vec![first];
    sentences.extend(
        comments
            .respond_within
            .map(|within| format!("We reply within {} of receipt.", duration(within))),
    );
    sentences.extend(publish(&comments.publish));
    out.paragraph(&sentences);
}

fn withdrawal(words: &Words, out: &mut Document) {
    let Some(withdrawal) = &words.procedure.withdrawal else {
        return;
    };
    out.heading(2, "Withdrawing a complaint");
    let mut sentences = vec![if withdrawal.any_time {
        "You can withdraw your complaint at any time.".to_owned()
    } else {
        "You can withdraw your complaint by telling us.".to_owned()
    }];
    if withdrawal.internal_review {
        sentences.push(
            "If you do, we still decide whether the matter needs an internal review.".to_owned(),
        );
    }
    out.paragraph(&sentences);
}

fn restriction_words(restriction: Restriction) -> &'static str {
    match restriction {
        Restriction::SingleForm => "contact in one form only, for example by letter only",
        Restriction::NamedOfficer => "contact with one named officer only",
        Restriction::CallTimes => "phone calls only on set days and at set times",
        Restriction::ContactAgreement => "an agreement about future contact",
        Restriction::NoAcknowledgement => {
            "further correspondence that raises nothing new kept on file but not acknowledged"
        }
    }
}

fn behaviour(words: &Words, out: &mut Document) {
    let Some(policy) = &words.procedure.behaviour else {
        return;
    };
    out.heading(2, "Unacceptable behaviour");
    let mut sentences = vec![format!(
        "If someone's behaviour towards our staff is unacceptable or unreasonably persistent, {} \
         decides what to do.",
        words.role(&policy.decided_by)
    )];
    if policy.warning_first {
        sentences.push("A warning comes first, unless someone's safety is at risk.".to_owned());
    }
    if !policy.restrictions.is_empty() {
        sentences.push("Contact may then be restricted, for example by:".to_owned());
    }
    out.paragraph(&sentences);
    let restrictions: Vec<&str> = policy
        .restrictions
        .iter()
        .map(|r| restriction_words(*r))
        .collect();
    out.bullets(&restrictions);
    if policy.termination {
        out.paragraph(&["As a last resort, contact may be ended."]);
    }
}

fn records(words: &Words, out: &mut Document) {
    let procedure = words.procedure;
    if procedure.retention.is_none() && procedure.privacy.is_none() {
        return;
    }
    out.heading(2, "Your information");
    if let Some(privacy) = &procedure.privacy {
        out.paragraph(&[sentence(privacy)]);
    }
    if let Some(retention) = &procedure.retention {
        let from = match retention.from {
            RetentionFrom::Closure => "after the case is closed",
            RetentionFrom::Receipt => "after the case is received",
        };
        let mut sentences = vec![format!(
            "Case records are kept for {} {from}; then the personal information in them is deleted.",
            duration_in_years(retention.keep)
        )];
        sentences.extend(retention.note.as_deref().map(sentence));
        out.paragraph(&sentences);
    }
}

fn reports(words: &Words, out: &mut Document) {
    let reports = &words.procedure.reports;
    if reports.is_empty() {
        return;
    }
    out.heading(2, "Reports");
    for report in reports {
        let mut text = match report.every {
            Some(every) => format!(
                "Every {}, a report goes to {}",
                duration(every),
                the(&report.to)
            ),
            None => format!("A report goes to each meeting of {}", the(&report.to)),
        };
        text.push_str(if report.contents.is_empty() {
            "."
        } else {
            ", covering:"
        });
        out.paragraph(&[text]);
        let contents: Vec<String> = report.contents.iter().map(|c| uncapitalise(c)).collect();
        out.bullets(&contents);
    }
}

fn review(words: &Words, out: &mut Document) {
    let Some(review) = &words.procedure.review else {
        return;
    };
    out.heading(2, "Reviewing this procedure");
    let mut sentences = vec![format!(
        "This procedure is reviewed every {}.",
        duration_in_years(review.every)
    )];
    if review.members_confirm {
        let mut text = "Every member confirms that they have read and understood it".to_owned();
        match &review.declaration {
            Some(declaration) => text.push_str(&format!(": “{}”", sentence(declaration))),
            None => text.push('.'),
        }
        sentences.push(text);
    }
    out.paragraph(&sentences);
}
