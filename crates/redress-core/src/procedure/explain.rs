//! A procedure back as plain English (a `Document`) and as a flowchart (Mermaid), for the
//! complainant who wants to know what will happen and the officer who must make it happen.
//!
//! Every sentence is built from the procedure's data: role titles, never role ids; durations as
//! the procedure states them; silence where the procedure is silent. The sections follow a
//! complainant's path: who, how to get in touch, what is out of scope, informal resolution, the
//! stages (`stages`), then what comes after and around them (`after`).

mod after;
mod counting;
mod escalation;
mod mermaid;
mod stages;
mod words;

pub use mermaid::mermaid;

use super::document::{Document, Span};
use super::model::*;
use words::{Words, capitalise, duration, list, sentence, the};

/// The procedure as a document a complainant or an officer can read (render it with
/// [`Document::to_markdown`], or as HTML).
///
/// In order: who the organisation is and how to reach it; what feedback it takes and how
/// (channels, verbal and redirected contact, anonymous feedback, representatives); the time
/// limit to complain; what is out of scope and where each matter goes instead; informal
/// resolution and mediation; each stage with who handles it, its timescales, letters, outcomes
/// and how to move on, with one sentence on how working days are counted; conflict-of-interest
/// rules; the ombudsman; remedies; compliments; comments; withdrawal; the behaviour policy;
/// retention and privacy; reports; and the review of the procedure. Roles appear by title,
/// never by id. Sections the procedure says nothing about are left out.
pub fn explain(procedure: &Procedure) -> Document {
    let words = Words::new(procedure);
    let mut out = Document::default();
    intro(&words, &mut out);
    intake(&words, &mut out);
    time_limit(procedure, &mut out);
    exclusions(procedure, &mut out);
    informal(&words, &mut out);
    stages::stages(&words, &mut out);
    after::after(&words, &mut out);
    out
}

/// The plural of a kind of feedback, as a heading or list word.
fn kind_plural(kind: FeedbackKind) -> &'static str {
    match kind {
        FeedbackKind::Complaint => "complaints",
        FeedbackKind::Compliment => "compliments",
        FeedbackKind::Comment => "comments",
        FeedbackKind::Suggestion => "suggestions",
    }
}

fn intro(words: &Words, out: &mut Document) {
    let procedure = words.procedure;
    let organisation = &procedure.organisation;
    out.heading(
        1,
        &format!("{}: {}", organisation.name, procedure.procedure.title),
    );
    let kinds: Vec<&str> = organisation.kinds.iter().map(|k| kind_plural(*k)).collect();
    out.paragraph(&[
        format!(
            "Version {}, in effect from {}.",
            procedure.procedure.version,
            procedure.procedure.effective_from.strftime("%-d %B %Y")
        ),
        format!(
            "This is how {} handles {}.",
            organisation.name,
            list(&kinds, "and")
        ),
    ]);
    let contact = contact_lines(&organisation.contact);
    if !contact.is_empty() {
        out.paragraph(&[format!("Contact {}:", organisation.name)]);
        out.bullets(&contact);
    }
}

/// A contact block as list items: "E-mail: ...", "Phone: ...".
fn contact_lines(contact: &Contact) -> Vec<String> {
    [
        ("E-mail", &contact.email),
        ("Phone", &contact.phone),
        ("Post", &contact.address),
        ("Web", &contact.web),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.as_ref().map(|value| format!("{label}: {value}")))
    .collect()
}

/// How a channel reads in "You can get in touch ...".
fn channel_words(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "by e-mail",
        Channel::Letter => "by letter",
        Channel::Phone => "by phone",
        Channel::FaceToFace => "face to face",
        Channel::Form => "on a feedback form",
        Channel::Web => "through our website",
        Channel::Fax => "by fax",
        Channel::SocialMedia => "through social media",
        Channel::ViaStaff => "through any member of our staff",
        Channel::Referral => "through another body's complaints procedure, which passes it to us",
    }
}

fn intake(words: &Words, out: &mut Document) {
    let intake = &words.procedure.intake;
    out.heading(2, "How to get in touch");
    let channels: Vec<&str> = intake.channels.iter().map(|c| channel_words(*c)).collect();
    let mut sentences = vec![format!("You can get in touch {}.", list(&channels, "or"))];
    // The verbal channels the organisation takes, or both when it takes neither as they are.
    let mut verbal: Vec<&str> = intake
        .channels
        .iter()
        .filter(|channel| channel.is_verbal())
        .map(|channel| channel_words(*channel))
        .collect();
    if verbal.is_empty() {
        verbal = vec![
            channel_words(Channel::Phone),
            channel_words(Channel::FaceToFace),
        ];
    }
    let verbal = list(&verbal, "or");
    match intake.verbal {
        Some(VerbalRule::RecordInWriting) => sentences.push(format!(
            "If you tell us {verbal}, the person you speak to writes it down, and it is handled \
             just as if you had written to us."
        )),
        Some(VerbalRule::AskInWriting) => sentences.push(format!(
            "If you tell us {verbal}, we will ask you to put it in writing; we start on it when \
             we receive it in writing."
        )),
        None => {}
    }
    for redirect in &intake.redirect {
        let channels: Vec<&str> = redirect
            .channels
            .iter()
            .map(|c| channel_words(*c))
            .collect();
        sentences.push(format!(
            "If you contact us {}, we will tell you: “{}”",
            list(&channels, "or"),
            sentence(&redirect.say)
        ));
    }
    out.paragraph(&sentences);

    // A procedure that says nothing about anonymous feedback gets no promise either way.
    let mut who: Vec<String> = match intake.anonymous {
        None => Vec::new(),
        Some(Anonymous::Accepted) => vec!["You can give feedback anonymously.".to_owned()],
        Some(Anonymous::AcceptedLimited) => vec![
            "If you give feedback anonymously, it is recorded and considered, but what we can do \
             may be limited if we need more information to investigate fully and fairly."
                .to_owned(),
        ],
        Some(Anonymous::NotAccepted) => {
            vec!["We cannot accept anonymous feedback: please tell us who you are.".to_owned()]
        }
    };
    match &intake.representatives {
        Some(Representatives {
            accepted: true,
            written_authority,
        }) => {
            let mut text = "Someone else, such as a relative, friend or advocate, can complain \
                            on your behalf"
                .to_owned();
            if *written_authority {
                text.push_str(
                    "; we need your written permission (or a Power of Attorney) before we \
                     discuss your complaint with them",
                );
            }
            text.push('.');
            who.push(text);
        }
        Some(Representatives {
            accepted: false, ..
        }) => who.push(
            "A complaint must come from the person affected; we cannot accept one made on \
             someone else's behalf."
                .to_owned(),
        ),
        None => {}
    }
    out.paragraph(&who);

    if !intake.ask_for.is_empty() {
        out.paragraph(&["When you get in touch, please tell us:"]);
        out.bullets(&intake.ask_for);
    }
    if let Some(support) = &intake.support {
        out.paragraph(&[sentence(support)]);
    }
}

fn time_limit(procedure: &Procedure, out: &mut Document) {
    let Some(limit) = &procedure.time_limit else {
        return;
    };
    out.heading(2, "Time limit");
    let from = match limit.from {
        TimeLimitFrom::Event => "of the events you are complaining about",
        TimeLimitFrom::EventOrAwareness => {
            "of the events you are complaining about, or of when you first became aware of \
             them if that was later"
        }
    };
    let late = match limit.late {
        LateComplaints::Refused => "We cannot accept a complaint made after that.",
        LateComplaints::SpecialCircumstances => {
            "We accept a later complaint only if there are special circumstances, which we record."
        }
    };
    out.paragraph(&[
        format!("Please complain within {} {from}.", duration(limit.within)),
        late.to_owned(),
    ]);
}

/// What happens to an out-of-scope matter, completing "Title: ...".
fn exclusion_words(exclusion: &Exclusion) -> String {
    let route = exclusion.route.as_deref();
    match (exclusion.action, route) {
        (ExclusionAction::Refer, Some(route)) => format!("we pass it to {route}"),
        (ExclusionAction::Refer, None) => "we pass it to whoever deals with it".into(),
        (ExclusionAction::Signpost, Some(route)) => format!("we will point you to {route}"),
        (ExclusionAction::Signpost, None) => "we will tell you where to go instead".into(),
        (ExclusionAction::Explain, Some(route)) => {
            format!("it is explained rather than investigated as a complaint: {route}")
        }
        (ExclusionAction::Explain, None) => {
            "it is explained rather than investigated as a complaint".into()
        }
        (ExclusionAction::Decline, Some(route)) => {
            format!("it is not considered under this procedure; instead it goes to {route}")
        }
        (ExclusionAction::Decline, None) => "it is not considered under this procedure".into(),
    }
}

fn exclusions(procedure: &Procedure, out: &mut Document) {
    if procedure.exclusions.is_empty() {
        return;
    }
    out.heading(2, "What this procedure does not cover");
    let items: Vec<Vec<Span>> = procedure
        .exclusions
        .iter()
        .map(|exclusion| {
            let mut rest = format!(": {}.", exclusion_words(exclusion));
            if let Some(note) = &exclusion.note {
                rest.push(' ');
                rest.push_str(&sentence(note));
            }
            vec![Span::strong(&exclusion.title), Span::Text(rest)]
        })
        .collect();
    out.list(items);
}

fn informal(words: &Words, out: &mut Document) {
    let Some(informal) = &words.procedure.informal else {
        return;
    };
    out.heading(2, "Resolving things informally");
    let description = informal.description.to_lowercase();
    // The description is the organisation's own words; a fact it already states in them is
    // not repeated.
    let says = |words_needed: &[String]| {
        words_needed
            .iter()
            .all(|w| description.contains(&w.to_lowercase()))
    };
    let titles = |roles: &[crate::ids::RoleId]| -> Vec<String> {
        roles.iter().map(|role| words.title(role)).collect()
    };
    let mut sentences = vec![sentence(&informal.description)];
    if !informal.by.is_empty() && !says(&titles(&informal.by)) {
        sentences.push(format!(
            "{} will try to resolve it with you.",
            capitalise(&words.roles(&informal.by, "or"))
        ));
    }
    if let Some(role) = &informal.decided_by
        && !says(&[words.title(role), "decide".to_owned()])
    {
        sentences.push(format!(
            "{} decides whether a complaint can be resolved straight away or needs a formal \
             investigation.",
            capitalise(&words.role(role))
        ));
    }
    if let Some(mediation) = &informal.mediation
        && !says(&[titles(&mediation.by), vec!["mediation".to_owned()]].concat())
    {
        sentences.push(format!(
            "Mediation is available from {}.",
            words.roles(&mediation.by, "or")
        ));
    }
    if let Some(first) = words.procedure.stages.first() {
        sentences.push(format!(
            "If it cannot be resolved this way, the complaint goes to {}.",
            stage_ref(&first.name)
        ));
    }
    out.paragraph(&sentences);
}

/// A stage's name as a reference in a sentence: "Stage One – Complaint", bold-free.
fn stage_ref(name: &str) -> String {
    if name.to_lowercase().starts_with("stage") {
        name.to_owned()
    } else {
        the(name)
    }
}
