//! Small pieces of English shared by the explanation and the flowchart: lists, durations, role
//! titles, the points clocks count from.

use crate::calendar::{Duration, Region};
use crate::ids::{RoleId, StageId};
use crate::procedure::model::*;

/// Joins items as English: "a", "a and b", "a, b and c".
pub(super) fn list<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", init.join(", "), last.as_ref())
        }
    }
}

/// The text with its first letter in capitals, for the start of a sentence.
pub(super) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text with its first letter in lower case, to continue a sentence, unless the first word
/// is an acronym or a name in capitals ("SFPS", "PIPS").
pub(super) fn uncapitalise(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), second) if second.is_none_or(|c| !c.is_uppercase()) => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}

/// "the Chair" for a title or a description. Text that already opens with an article keeps
/// it, in lower case, so it can sit mid-sentence.
pub(super) fn the(text: &str) -> String {
    for article in ["the ", "a ", "an "] {
        if starts_with_word(text, article) {
            return format!("{article}{}", &text[article.len()..]);
        }
    }
    format!("the {}", sentence_case_start(text))
}

/// A title written in sentence case ("Line manager", "Investigating officer") with its first
/// letter lowered so it can sit mid-sentence; titles in title case ("Chair of the Advisory
/// Board") or starting with an acronym keep their capitals.
fn sentence_case_start(text: &str) -> String {
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or_default();
    let rest: Vec<&str> = words.collect();
    let sentence_case = !rest.is_empty()
        && rest
            .iter()
            .all(|word| !word.starts_with(char::is_uppercase))
        && first.chars().skip(1).all(|c| !c.is_uppercase());
    if sentence_case {
        uncapitalise(text)
    } else {
        text.to_owned()
    }
}

/// Whether `text` opens with `article` (ignoring case) and has more after it.
fn starts_with_word(text: &str, article: &str) -> bool {
    text.len() > article.len()
        && text
            .get(..article.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(article))
}

/// A description such as "an external third party" turned definite: "the external third
/// party", for the second time it is mentioned.
pub(super) fn definite(text: &str) -> String {
    for article in ["a ", "an "] {
        if starts_with_word(text, article) {
            return format!("the {}", &text[article.len()..]);
        }
    }
    the(text)
}

/// A duration in words. Whole years beyond one read as years ("2 years"); twelve months stay
/// "12 months", as the procedures that use them write it.
pub(super) fn duration(span: Duration) -> String {
    match span {
        Duration::Months(months) if months > 12 && months % 12 == 0 => {
            format!("{} years", months / 12)
        }
        other => other.to_string(),
    }
}

/// A duration of a year or more in years where it divides evenly ("1 year", "2 years"), for
/// retention and review periods, which procedures state in years.
pub(super) fn duration_in_years(span: Duration) -> String {
    match span {
        Duration::Months(12) => "1 year".to_owned(),
        other => duration(other),
    }
}

/// A small count in words ("two"), larger ones in figures.
pub(super) fn count(number: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(number)
        .map_or_else(|| number.to_string(), |word| (*word).to_owned())
}

/// The region's name in a sentence.
pub(super) fn region(region: Region) -> &'static str {
    match region {
        Region::EnglandAndWales => "England and Wales",
        Region::Scotland => "Scotland",
        Region::NorthernIreland => "Northern Ireland",
    }
}

/// Words for a procedure, with its role titles and stage names to hand.
pub(super) struct Words<'a> {
    /// The procedure being explained.
    pub(super) procedure: &'a Procedure,
}

impl<'a> Words<'a> {
    /// Words for `procedure`.
    pub(super) fn new(procedure: &'a Procedure) -> Words<'a> {
        Words { procedure }
    }

    /// The organisation's name.
    pub(super) fn org(&self) -> &'a str {
        &self.procedure.organisation.name
    }

    /// A role's title as a noun phrase, "the Chair". A validated procedure defines every role it
    /// names; the fallback only keeps an unvalidated one readable.
    pub(super) fn role(&self, id: &RoleId) -> String {
        match self.procedure.roles.get(id) {
            Some(role) => the(&role.title),
            None => the(&id.as_str().replace('-', " ")),
        }
    }

    /// A role's bare title, "Chair", for labels.
    pub(super) fn title(&self, id: &RoleId) -> String {
        match self.procedure.roles.get(id) {
            Some(role) => role.title.clone(),
            None => id.as_str().replace('-', " "),
        }
    }

    /// Several roles: "the Chairperson or the Vice-Chairperson".
    pub(super) fn roles(&self, ids: &[RoleId], conjunction: &str) -> String {
        let titles: Vec<String> = ids.iter().map(|id| self.role(id)).collect();
        list(&titles, conjunction)
    }

    /// The list a panel is drawn from: a role's title when it names a role (the Advisory
    /// Board), the words themselves otherwise (the members).
    pub(super) fn panel_pool(&self, from: &str) -> String {
        match RoleId::parse(from)
            .ok()
            .and_then(|id| self.procedure.roles.get(&id))
        {
            Some(role) => the(&role.title),
            None => the(&from.replace('-', " ")),
        }
    }

    /// The stage's name, or its position if the id is unknown.
    pub(super) fn stage_name(&self, id: &StageId) -> String {
        self.procedure
            .stages
            .iter()
            .find(|stage| &stage.id == id)
            .map_or_else(|| "the next stage".to_owned(), |stage| stage.name.clone())
    }

    /// The index of the stage a stage escalates to, if it escalates.
    pub(super) fn escalation_target(&self, index: usize) -> Option<usize> {
        let next = self
            .procedure
            .next_stage(self.procedure.stages.get(index)?)?;
        self.procedure
            .stages
            .iter()
            .position(|stage| stage.id == next.id)
    }

    /// Who moves a case into stage `index`: the complainant, the previous handler, or neither
    /// (the first stage, or a stage reached only through a conflict rule).
    pub(super) fn reached_by(&self, index: usize) -> Option<Escalator> {
        (0..self.procedure.stages.len())
            .find(|&from| self.escalation_target(from) == Some(index))
            .and_then(|from| self.procedure.stages[from].escalation.as_ref())
            .map(|escalation| escalation.by)
    }

    /// What a stage's clock counts from, completing "within 3 working days ...".
    pub(super) fn since(&self, from: ClockStart, index: usize) -> String {
        let complainant = self.reached_by(index) == Some(Escalator::Complainant);
        match from {
            ClockStart::Receipt if index > 0 && complainant => "of receipt of your request".into(),
            ClockStart::Receipt => "of receipt".into(),
            ClockStart::Acknowledgement => "of the acknowledgement".into(),
            ClockStart::Escalation => match self.reached_by(index) {
                Some(Escalator::Complainant) => "of your request to move to this stage".into(),
                Some(Escalator::Handler) => "of the referral to this stage".into(),
                None => "of the complaint reaching this stage".into(),
            },
            ClockStart::Investigation => "of the formal investigation starting".into(),
            ClockStart::Response => "of this stage's response".into(),
        }
    }

    /// What a letter must say, completing "stating ...".
    pub(super) fn statement(&self, statement: Statement) -> String {
        match statement {
            Statement::Handler => "who is dealing with it".into(),
            Statement::Phone => "a phone number".into(),
            Statement::Email => "an e-mail address".into(),
            Statement::ResponseDue => "the date to expect a response".into(),
            Statement::Timeframe => "how long this stage takes".into(),
            Statement::NextSteps => "what happens next under the complaints procedure".into(),
            Statement::HowInvestigated => "how the complaint was investigated".into(),
            Statement::Findings => "the findings".into(),
            Statement::Outcome => "the outcome".into(),
            Statement::Actions => "any action to be taken to put things right".into(),
            Statement::EscalationRights => "your right to take the complaint further".into(),
            Statement::Ombudsman => match &self.procedure.ombudsman {
                Some(ombudsman) => format!("when you can go to {}", the(&ombudsman.name)),
                None => "when you can go to the ombudsman".into(),
            },
            Statement::Reason => "the reason".into(),
            Statement::NewDate => "the new date for the response".into(),
            Statement::InWriting => "what is needed in writing and where to send it".into(),
            Statement::Scope => {
                "that the matter is outside the procedure and where to go instead".into()
            }
            Statement::Summary => "what was agreed, done or said".into(),
            Statement::Withdrawal => "that the complaint is withdrawn".into(),
            Statement::Behaviour => "the behaviour of concern".into(),
            Statement::Restrictions => {
                "the restrictions, how long they last and when they are reviewed".into()
            }
            Statement::Stage => "which stage of the procedure the complaint is at".into(),
            Statement::Definition => {
                "how we understood your complaint and the outcome you are seeking".into()
            }
            Statement::OutstandingActions => {
                "any actions still outstanding and when they will be done".into()
            }
        }
    }

    /// The statements of a letter as one list: "who is dealing with it, a phone number and ...".
    pub(super) fn statements(&self, statements: &[Statement]) -> String {
        let words: Vec<String> = statements.iter().map(|s| self.statement(*s)).collect();
        list(&words, "and")
    }
}

/// Plain text ending in a full stop, question mark or exclamation mark, so free text from the
/// procedure can be placed as a sentence of its own.
pub(super) fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || text.ends_with(['.', '!', '?', ':']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}
