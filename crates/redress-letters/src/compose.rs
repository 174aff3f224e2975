//! From core's typed letter to a letter as printed: the body from the kind's template (or the
//! officer's text, when one was sent), with letterhead, date, reference, addressee, salutation,
//! subject and sign-off around it.

use jiff::civil::Date;
use redress_core::case::Submission;
use redress_core::letters::Letter;
use redress_core::procedure::Procedure;
use serde::Serialize;

use crate::{Letterhead, RenderedLetter, TemplateError, Templates};

/// Everything a letter is written from.
#[derive(Clone, Copy, Debug)]
pub struct LetterSource<'a> {
    /// What the letter states (core's letter, from the event or a dry run).
    pub letter: &'a Letter,
    /// The case's procedure version.
    pub procedure: &'a Procedure,
    /// What was received: who the letter goes to.
    pub submission: &'a Submission,
    /// The case reference.
    pub reference: &'a str,
    /// The day the case was received.
    pub received_on: Date,
    /// The day the letter is dated.
    pub date: Date,
    /// The language to write in (`en`; an organisation may add others).
    pub language: &'a str,
}

/// What every letter template is given (documented in `docs/templates.md`).
#[derive(Serialize)]
struct Context<'a> {
    kind: &'static str,
    organisation: &'a str,
    reference: &'a str,
    received_on: Date,
    date: Date,
    language: &'a str,
    /// The person the letter is addressed to (the representative, when there is one).
    addressee: Option<&'a str>,
    /// The person the complaint is about, when the letter goes to their representative.
    on_behalf_of: Option<&'a str>,
    feedback: &'a redress_core::procedure::FeedbackKind,
    statements: &'a [redress_core::letters::Said],
    /// Who signs: a name where one was given, and the role title.
    signed_by: Option<&'a str>,
    signed_name: Option<&'a str>,
}

impl Templates {
    /// The body the template for `source`'s kind writes: what an officer starts editing from,
    /// and what a letter sent without a text says.
    pub fn default_body(&self, source: &LetterSource) -> Result<String, TemplateError> {
        let name = format!("letter-{}.txt", source.letter.kind.as_str());
        let text = self.render(
            &source.procedure.organisation.id,
            source.language,
            &name,
            context(source),
        )?;
        Ok(tidy(&text))
    }

    /// The letter as printed: the officer's text where the letter carries one (unchanged),
    /// else the template's.
    pub fn compose(&self, source: &LetterSource) -> Result<RenderedLetter, TemplateError> {
        let body = match &source.letter.text {
            Some(text) => text.body.clone(),
            None => self.default_body(source)?,
        };
        self.compose_with(source, body)
    }

    /// The letter as printed with `body` as its body (a draft being edited).
    pub fn compose_with(
        &self,
        source: &LetterSource,
        body: String,
    ) -> Result<RenderedLetter, TemplateError> {
        let org = &source.procedure.organisation;
        let part = |name: &str| -> Result<String, TemplateError> {
            Ok(self
                .render(&org.id, source.language, name, context(source))?
                .trim()
                .to_owned())
        };
        let (name, address) = addressee(source.submission);
        let mut addressee_lines: Vec<String> = name.into_iter().collect();
        addressee_lines.extend(address);
        let signature: Vec<String> = [
            source.letter.signed_name.clone(),
            source.letter.signed_by.clone(),
            Some(org.name.clone()),
        ]
        .into_iter()
        .flatten()
        .collect();
        Ok(RenderedLetter {
            kind: source.letter.kind.as_str().to_owned(),
            language: source.language.to_owned(),
            letterhead: Letterhead {
                organisation: org.name.clone(),
                address: org
                    .contact
                    .address
                    .as_deref()
                    .map(lines)
                    .unwrap_or_default(),
                phone: org.contact.phone.clone(),
                email: org.contact.email.clone(),
                web: org.contact.web.clone(),
            },
            date: source.date,
            reference: source.reference.to_owned(),
            addressee: addressee_lines,
            salutation: part("letter-salutation.txt")?,
            subject: part("letter-subject.txt")?,
            body,
            closing: part("letter-closing.txt")?,
            signature,
        })
    }
}

fn context<'a>(source: &'a LetterSource) -> Context<'a> {
    let submission = source.submission;
    let complainant = submission.complainant.as_ref().map(|c| c.name.as_str());
    let representative = submission
        .representative
        .as_ref()
        .map(|r| r.contact.name.as_str());
    Context {
        kind: source.letter.kind.as_str(),
        organisation: &source.procedure.organisation.name,
        reference: source.reference,
        received_on: source.received_on,
        date: source.date,
        language: source.language,
        addressee: representative
            .or(complainant)
            .filter(|n| !n.trim().is_empty()),
        on_behalf_of: representative.and(complainant),
        feedback: &submission.kind,
        statements: &source.letter.statements,
        signed_by: source.letter.signed_by.as_deref(),
        signed_name: source.letter.signed_name.as_deref(),
    }
}

/// The addressee's name and postal address lines: the representative's when there is one.
fn addressee(submission: &Submission) -> (Option<String>, Vec<String>) {
    let contact = submission
        .representative
        .as_ref()
        .map(|r| &r.contact)
        .or(submission.complainant.as_ref());
    match contact {
        Some(contact) => (
            Some(contact.name.clone()).filter(|n| !n.trim().is_empty()),
            contact.address.as_deref().map(lines).unwrap_or_default(),
        ),
        None => (None, Vec::new()),
    }
}

/// An address as lines: split at new lines, or at commas when written on one line.
fn lines(address: &str) -> Vec<String> {
    let separator = if address.contains('\n') { '\n' } else { ',' };
    address
        .split(separator)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A template's output as a body: no trailing spaces, at most one blank line between
/// paragraphs, none at either end.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line.trim_start());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_output_is_tidied_into_paragraphs() {
        assert_eq!(tidy("\n\n  One.\n\n\n\nTwo\n- a  \n\n"), "One.\n\nTwo\n- a");
    }

    #[test]
    fn an_address_on_one_line_is_split_at_commas() {
        assert_eq!(
            lines("City Hall, Plater Way, Sunderland"),
            ["City Hall", "Plater Way", "Sunderland"]
        );
        assert_eq!(lines("1 Road\nTown"), ["1 Road", "Town"]);
    }
}
