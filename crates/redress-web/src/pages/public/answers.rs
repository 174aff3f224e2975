//! The feedback form's answers as typed. There are no drafts on the server: every page posts
//! back every answer given so far (the page's own inputs, the rest as hidden fields), so a page
//! re-shown with errors loses nothing and a restart of the server loses nothing either.

use std::collections::BTreeMap;

/// Every field the form has, by its name (which is also its input's id).
pub const FIELDS: &[&str] = &[
    "kind",
    "what",
    "happened-day",
    "happened-month",
    "happened-year",
    "aware-day",
    "aware-month",
    "aware-year",
    "late-reason",
    "outcome",
    "person-1-name",
    "person-1-role",
    "person-2-name",
    "person-2-role",
    "person-3-name",
    "person-3-role",
    "behalf",
    "their-name",
    "relationship",
    "anonymous",
    "prefers",
    "name",
    "email",
    "phone",
    "address",
    "support",
    "publish",
];

/// How many people the form lets someone name.
pub const PEOPLE: usize = 3;

/// The answers so far, as typed (never trimmed: what was typed is shown back).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(BTreeMap<&'static str, String>);

/// What the form posts besides the answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Posted {
    /// The answers.
    pub answers: Answers,
    /// The page the answers come from.
    pub step: String,
    /// Where to go instead of onwards: "back", or a page's name (a Change link).
    pub goto: String,
    /// Set once the person has reached the check-your-answers page: onwards leads back there.
    pub checking: bool,
    /// The CSRF token.
    pub csrf: String,
}

impl Posted {
    /// Reads a posted form. Unknown names are ignored; a name given twice keeps the first.
    pub fn parse(pairs: Vec<(String, String)>) -> Posted {
        let mut posted = Posted::default();
        for (name, value) in pairs {
            match name.as_str() {
                "step" => posted.step = value,
                "goto" => posted.goto = value,
                "checking" => posted.checking = value == "yes",
                super::csrf::FIELD => posted.csrf = value,
                _ => {
                    if let Some(field) = FIELDS.iter().find(|f| **f == name) {
                        posted.answers.0.entry(field).or_insert(value);
                    }
                }
            }
        }
        posted
    }
}

impl Answers {
    /// The answer to `field`, as typed, or "".
    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map_or("", String::as_str)
    }

    /// The answer with surrounding space removed.
    pub fn trimmed(&self, field: &str) -> &str {
        self.get(field).trim()
    }

    /// The trimmed answer, or `None` when it is blank.
    pub fn optional(&self, field: &str) -> Option<String> {
        Some(self.trimmed(field).to_owned()).filter(|v| !v.is_empty())
    }

    /// Sets an answer (tests and the kind of a single-kind procedure).
    pub fn set(&mut self, field: &'static str, value: impl Into<String>) {
        self.0.insert(field, value.into());
    }

    /// Hidden fields for every non-blank answer except `shown` (the page's own inputs).
    pub fn hidden_except(&self, shown: &[&str]) -> Vec<(&'static str, String)> {
        self.0
            .iter()
            .filter(|(name, value)| !shown.contains(name) && !value.is_empty())
            .map(|(name, value)| (*name, value.clone()))
            .collect()
    }

    /// The name of person `n` (1-based) and the role id chosen for them.
    pub fn person(&self, n: usize) -> (&str, &str) {
        match n {
            1 => (self.get("person-1-name"), self.get("person-1-role")),
            2 => (self.get("person-2-name"), self.get("person-2-role")),
            3 => (self.get("person-3-name"), self.get("person-3-role")),
            _ => ("", ""),
        }
    }

    /// True when the feedback is given for someone else.
    pub fn for_someone_else(&self) -> bool {
        self.get("behalf") == "someone-else"
    }

    /// True when the person chose to stay anonymous (never when acting for someone else).
    pub fn anonymous(&self) -> bool {
        !self.for_someone_else() && self.get("anonymous") == "yes"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_posted_form_keeps_known_answers_as_typed_and_ignores_the_rest() {
        let posted = Posted::parse(pairs(&[
            ("step", "what"),
            ("csrf", "t"),
            ("what", "  Nobody called me back.  "),
            ("what", "second copy ignored"),
            ("evil", "ignored"),
            ("kind", "complaint"),
            ("checking", "yes"),
        ]));
        assert_eq!(posted.step, "what");
        assert!(posted.checking);
        assert_eq!(posted.answers.get("what"), "  Nobody called me back.  ");
        assert_eq!(posted.answers.trimmed("what"), "Nobody called me back.");
        assert_eq!(posted.answers.get("evil"), "");
        assert_eq!(
            posted.answers.hidden_except(&["what"]),
            vec![("kind", "complaint".to_owned())]
        );
    }
}
