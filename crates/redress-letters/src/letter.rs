//! A letter as printed and sent: letterhead, date, reference, addressee, salutation, body,
//! sign-off. The PDF typesetter, the preview page and the e-mail worker all take this one shape.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A letter ready to print or send. The body is the text an officer edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedLetter {
    /// Which letter (core's letter kind, as named in files and JSON).
    pub kind: String,
    /// The language it is written in, e.g. `en`.
    pub language: String,
    /// Who it is from.
    pub letterhead: Letterhead,
    /// The date printed on it.
    pub date: Date,
    /// The case reference.
    pub reference: String,
    /// The addressee's name and postal address lines; empty when not known.
    pub addressee: Vec<String>,
    /// "Dear …,".
    pub salutation: String,
    /// The subject line (also the e-mail's subject), carrying the reference.
    pub subject: String,
    /// The body: paragraphs separated by blank lines; a line starting "- " is a list item.
    pub body: String,
    /// "Yours sincerely,".
    pub closing: String,
    /// The lines under the closing: a name where given, the role title, the organisation.
    pub signature: Vec<String>,
}

/// The organisation a letter is from, as its letterhead shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letterhead {
    /// The organisation's name.
    pub organisation: String,
    /// Its postal address, one line per element.
    pub address: Vec<String>,
    /// Its telephone number.
    pub phone: Option<String>,
    /// Its mailbox.
    pub email: Option<String>,
    /// Its web address.
    pub web: Option<String>,
}

/// A block of a letter's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph; its lines joined by spaces.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
}

impl RenderedLetter {
    /// The body as paragraphs and lists.
    pub fn blocks(&self) -> Vec<Block> {
        blocks(&self.body)
    }
}

/// `text` as paragraphs (separated by blank lines) and lists (lines starting "- ").
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for chunk in text.replace("\r\n", "\n").split("\n\n") {
        let mut paragraph: Vec<&str> = Vec::new();
        let mut items: Vec<String> = Vec::new();
        for line in chunk.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(item) = line.strip_prefix("- ") {
                if !paragraph.is_empty() {
                    out.push(Block::Paragraph(paragraph.join(" ")));
                    paragraph.clear();
                }
                items.push(item.trim().to_owned());
            } else {
                if !items.is_empty() {
                    out.push(Block::List(std::mem::take(&mut items)));
                }
                paragraph.push(line);
            }
        }
        if !items.is_empty() {
            out.push(Block::List(items));
        }
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join(" ")));
        }
    }
    out
}

/// `date` as a letter prints it in `language`: "15 December 2026".
pub fn long_date(date: Date, language: &str) -> String {
    // Core's, so the decider's check of an edited letter looks for the form templates write.
    redress_core::calendar::long_date(date, language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_as_paragraphs_and_lists() {
        let text = "We have looked into\nyour complaint.\n\nWe will:\n- apologise\n- refund the fee\n\nThank you.";
        assert_eq!(
            blocks(text),
            vec![
                Block::Paragraph("We have looked into your complaint.".into()),
                Block::Paragraph("We will:".into()),
                Block::List(vec!["apologise".into(), "refund the fee".into()]),
                Block::Paragraph("Thank you.".into()),
            ]
        );
    }

    #[test]
    fn dates_are_written_in_full() {
        let date = jiff::civil::date(2026, 12, 5);
        assert_eq!(long_date(date, "en"), "5 December 2026");
    }
}
