//! The feedback form's answers as typed. There are no drafts on the server: every page posts
//! back every answer given so far (the page's own inputs, the rest as hidden fields), so a page
//! re-shown with errors loses nothing and a restart of the server loses nothing either.

use std::collections::BTreeMap;

/// Every field the form has, by its name (which is also its input's id).
pub const FIELDS: &[&str] = &[
    "matter",
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
    "file-1-name",
    "file-1-sha",
    "file-2-name",
    "file-2-sha",
    "file-3-name",
    "file-3-sha",
    "file-4-name",
    "file-4-sha",
    "file-5-name",
    "file-5-sha",
];

/// How many files the form carries.
pub const FILES: usize = 5;

/// The fields of the files page: each file's name and SHA-256, carried to the check page and
/// linked to the case when it is received (the content is stored when uploaded).
pub const FILE_FIELDS: [&str; 2 * FILES] = [
    "file-1-name",
    "file-1-sha",
    "file-2-name",
    "file-2-sha",
    "file-3-name",
    "file-3-sha",
    "file-4-name",
    "file-4-sha",
    "file-5-name",
    "file-5-sha",
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

    /// The files uploaded so far: (name, SHA-256), in order.
    pub fn files(&self) -> Vec<(String, String)> {
        (0..FILES)
            .map(|i| {
                (
                    self.get(FILE_FIELDS[2 * i]).to_owned(),
                    self.get(FILE_FIELDS[2 * i + 1]).to_owned(),
                )
            })
            .filter(|(_, sha)| !sha.is_empty())
            .collect()
    }

    /// Adds an uploaded file in the first free place; false when all are taken.
    pub fn add_file(&mut self, name: &str, sha256: &str) -> bool {
        for i in 0..FILES {
            if self.get(FILE_FIELDS[2 * i + 1]).is_empty() {
                self.0.insert(FILE_FIELDS[2 * i], name.to_owned());
                self.0.insert(FILE_FIELDS[2 * i + 1], sha256.to_owned());
                return true;
            }
        }
        false
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
