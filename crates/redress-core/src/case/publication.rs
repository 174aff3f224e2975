//! Publishing compliments and suggestions: the one rule of what wording may go public
//! ([`check_wording`]), which kinds of feedback an organisation publishes and where
//! ([`published_kinds`]), and what of a case the public page shows ([`PublicItem::of`]).
//!
//! The check is deliberately simple and honest about it: it refuses wording that still holds
//! the giver's (or their representative's) name, any part of it of three letters or more written
//! as in the name, their e-mail address, phone number or the first line of their postal address,
//! the name of anyone named in the case, and anything shaped like an e-mail address, a phone
//! number (ten digits or more) or a UK postcode. It cannot know every name; the officer who
//! approves the wording remains the judge, and the check catches what they missed of the case's
//! own details.

use jiff::civil::Date;
use serde::Serialize;

use super::refusal::Refusal;
use super::state::Case;
use crate::calendar::london_date;
use crate::procedure::{FeedbackKind, Procedure, Publish};

/// The field a refusal of the wording names.
pub const WORDING: &str = "wording";

/// The wording as it may be published (trimmed), or a refusal naming [`WORDING`] that says what
/// it still holds.
pub fn check_wording(case: &Case, wording: &str) -> Result<String, Refusal> {
    let wording = wording.trim();
    if wording.is_empty() {
        return Err(
            Refusal::missing(WORDING, "the wording to publish must not be empty").instead(
                "approve the giver's words with anything that identifies anyone taken out",
            ),
        );
    }
    if let Some(what) = identifies(case, wording) {
        return Err(
            Refusal::invalid(WORDING, format!("the wording still contains {what}")).instead(
                "take out names, addresses, e-mail addresses and phone numbers before publishing",
            ),
        );
    }
    Ok(wording.to_owned())
}

/// What in `wording` identifies someone, in words, if anything does.
fn identifies(case: &Case, wording: &str) -> Option<String> {
    let submission = case.submission.as_ref()?;
    let contacts = [
        ("the giver's", submission.complainant.as_ref()),
        (
            "the representative's",
            submission.representative.as_ref().map(|r| &r.contact),
        ),
    ];
    for (whose, contact) in contacts {
        let Some(contact) = contact else { continue };
        if contains_name(wording, &contact.name) {
            return Some(format!("{whose} name"));
        }
        if let Some(email) = contact.email.as_deref()
            && !email.trim().is_empty()
            && wording
                .to_lowercase()
                .contains(&email.trim().to_lowercase())
        {
            return Some(format!("{whose} e-mail address"));
        }
        if let Some(phone) = contact.phone.as_deref() {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 6 && digit_runs(wording).iter().any(|run| run.contains(&digits)) {
                return Some(format!("{whose} phone number"));
            }
        }
        if let Some(first_line) = contact
            .address
            .as_deref()
            .and_then(|a| a.lines().next())
            .map(|line| line.trim().trim_end_matches(',').to_lowercase())
            && first_line.len() >= 5
            && wording.to_lowercase().contains(&first_line)
        {
            return Some(format!("{whose} address"));
        }
    }
    let named = submission.people_named.iter().chain(&case.people_named);
    for person in named {
        if contains_name(wording, &person.name) {
            return Some("the name of someone named in the case".to_owned());
        }
    }
    if wording.split_whitespace().any(looks_like_email) {
        return Some("an e-mail address".to_owned());
    }
    if digit_runs(wording).iter().any(|run| run.len() >= 10) {
        return Some("a phone number".to_owned());
    }
    if has_postcode(wording) {
        return Some("a postcode".to_owned());
    }
    None
}

/// Whether `wording` holds `name`: the whole name in any case, or a part of it of three letters
/// or more as a word written as in the name ("Jane" of "Jane Smith", but not "jane").
fn contains_name(wording: &str, name: &str) -> bool {
    let words_of = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let name_words = words_of(name);
    if name_words.is_empty() {
        return false;
    }
    let text_words = words_of(wording);
    let lower =
        |words: &[String]| -> Vec<String> { words.iter().map(|w| w.to_lowercase()).collect() };
    let (name_lower, text_lower) = (lower(&name_words), lower(&text_words));
    if text_lower
        .windows(name_lower.len())
        .any(|window| window == name_lower.as_slice())
    {
        return true;
    }
    name_words
        .iter()
        .filter(|part| part.chars().count() >= 3)
        .any(|part| text_words.iter().any(|word| word == part))
}

/// The runs of digits in `text`, joined across the separators phone numbers are written with
/// (spaces, hyphens, dots, brackets, a plus).
fn digit_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+') && !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Whether a word looks like an e-mail address: something, an `@`, and a domain with a dot.
fn looks_like_email(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    match word.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
        }
        None => false,
    }
}

/// Whether `text` holds a UK postcode written in two parts (`LS1 4AP`, `SR1 3AA`).
fn has_postcode(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    words
        .windows(2)
        .any(|pair| outward(pair[0]) && inward(pair[1]))
}

fn outward(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let letters = chars.iter().take_while(|c| c.is_ascii_uppercase()).count();
    (2..=4).contains(&chars.len())
        && (1..=2).contains(&letters)
        && chars.get(letters).is_some_and(char::is_ascii_digit)
        && chars[letters + 1..]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

fn inward(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.len() == 3 && chars[0].is_ascii_digit() && chars[1..].iter().all(char::is_ascii_uppercase)
}

/// The kinds of feedback `procedure` publishes, each with where, in the order its organisation
/// lists its kinds. Empty: the organisation publishes nothing, and has no public page of them.
pub fn published_kinds(procedure: &Procedure) -> Vec<(FeedbackKind, &Publish)> {
    procedure
        .organisation
        .kinds
        .iter()
        .filter_map(|kind| {
            let publish = match kind {
                FeedbackKind::Complaint => None,
                FeedbackKind::Compliment => procedure.compliments.as_ref()?.publish.as_ref(),
                FeedbackKind::Comment | FeedbackKind::Suggestion => {
                    procedure.comments.as_ref()?.publish.as_ref()
                }
            }?;
            Some((*kind, publish))
        })
        .collect()
}

/// A compliment or suggestion as the public sees it: what kind, the day it was published (shown
/// no finer than its month), and the approved wording. Nothing else of the case, not even its
/// reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublicItem {
    /// Compliment, comment or suggestion.
    pub kind: FeedbackKind,
    /// The day it was published (Europe/London).
    pub published_on: Date,
    /// The words as the officer approved them.
    pub wording: String,
}

impl PublicItem {
    /// What `case` shows the public: `None` unless it is published now with approved wording,
    /// its giver has not withdrawn their consent, and its personal data has not been erased.
    pub fn of(case: &Case) -> Option<PublicItem> {
        if case.erased_at.is_some() || case.consent_withdrawn_at.is_some() {
            return None;
        }
        let wording = case.published_wording.as_ref().filter(|w| !w.is_empty())?;
        Some(PublicItem {
            kind: case.submission.as_ref()?.kind,
            published_on: london_date(case.published_at?),
            wording: wording.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_join_what_phone_numbers_are_written_with() {
        assert_eq!(
            digit_runs("call 0113 000-0000 or (0191) 561 7997."),
            vec!["01130000000", "01915617997"]
        );
        assert_eq!(digit_runs("in 2027, 3 times"), vec!["2027", "3"]);
    }

    #[test]
    fn postcodes_are_told_from_ordinary_words() {
        assert!(has_postcode("we are at LS1 4AP now"));
        assert!(has_postcode("City Hall, SR1 3AA."));
        assert!(!has_postcode("in Year 11 the SEN team"));
        assert!(!has_postcode("A1 road"));
    }

    #[test]
    fn a_name_is_found_whole_in_any_case_or_by_a_part_as_written() {
        assert!(contains_name("thanks to jane smith!", "Jane Smith"));
        assert!(contains_name("Jane was kind", "Jane Smith"));
        assert!(!contains_name("the janitor was kind", "Jane Smith"));
        assert!(!contains_name("A parent's view", "A Parent"));
    }
}
