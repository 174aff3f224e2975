//! The typst source of a letter: its values as typst string literals, then the fixed layout.

use std::fmt::Write;

use redress_letters::{Block, RenderedLetter, long_date};

/// The fixed layout every letter is set in.
const LAYOUT: &str = include_str!("letter.typ");

/// The few words the layout itself prints, per language (English when a language has none).
struct Words {
    reference: &'static str,
    page_of: &'static str,
    telephone: &'static str,
    email: &'static str,
    web: &'static str,
}

fn words(language: &str) -> Words {
    match language {
        "cy" => Words {
            reference: "Ein cyfeirnod",
            page_of: "Tudalen {n} o {total}",
            telephone: "Ffôn",
            email: "E-bost",
            web: "Gwefan",
        },
        _ => Words {
            reference: "Our reference",
            page_of: "Page {n} of {total}",
            telephone: "Telephone",
            email: "Email",
            web: "Web",
        },
    }
}

/// A typst array of string literals; the trailing comma keeps a one-item array an array.
pub(crate) fn string_array<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::from("(");
    for item in items {
        out.push_str(&escape_string(item.as_ref()));
        out.push_str(", ");
    }
    out.push(')');
    out
}

/// `text` as a typst string literal, quotes included: backslashes, quotes and every control
/// character escaped, so whatever it holds is shown as text and never read as markup or code.
pub fn escape_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A typst array of string literals; the trailing comma keeps a one-item array an array.
fn array<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::from("(");
    for item in items {
        out.push_str(&escape_string(item.as_ref()));
        out.push_str(", ");
    }
    out.push(')');
    out
}

/// The language for typst's `text(lang:)`: a two- or three-letter code, else English.
fn language(code: &str) -> &str {
    let ok = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    if ok { code } else { "en" }
}

/// The whole `main.typ` for `letter`.
pub fn typst_source(letter: &RenderedLetter) -> String {
    let lang = language(&letter.language);
    let words = words(lang);
    let head = &letter.letterhead;
    let mut contact = Vec::new();
    if let Some(phone) = head.phone.as_deref().filter(|s| !s.trim().is_empty()) {
        contact.push(format!("{}: {phone}", words.telephone));
    }
    if let Some(email) = head.email.as_deref().filter(|s| !s.trim().is_empty()) {
        contact.push(format!("{}: {email}", words.email));
    }
    if let Some(web) = head.web.as_deref().filter(|s| !s.trim().is_empty()) {
        contact.push(format!("{}: {web}", words.web));
    }
    let mut blocks = String::from("(");
    for block in letter.blocks() {
        match block {
            Block::Paragraph(text) => {
                let _ = write!(blocks, "(kind: \"par\", text: {}), ", escape_string(&text));
            }
            Block::List(items) => {
                let _ = write!(blocks, "(kind: \"list\", items: {}), ", array(&items));
            }
        }
    }
    blocks.push(')');

    let date = letter.date;
    let mut out = String::new();
    out.push_str("#let letter = (\n");
    let mut field = |name: &str, value: String| {
        let _ = writeln!(out, "  {name}: {value},");
    };
    field("lang", escape_string(lang));
    field("organisation", escape_string(&head.organisation));
    field("address", array(&head.address));
    field("contact", array(&contact));
    field("date", escape_string(&long_date(date, lang)));
    field(
        "date_meta",
        format!(
            "datetime(year: {}, month: {}, day: {})",
            date.year(),
            date.month(),
            date.day()
        ),
    );
    field("reference", escape_string(&letter.reference));
    field("reference_label", escape_string(words.reference));
    field("page_of", escape_string(words.page_of));
    field("addressee", array(&letter.addressee));
    field("subject", escape_string(&letter.subject));
    field("salutation", escape_string(&letter.salutation));
    field("blocks", blocks);
    field("closing", escape_string(&letter.closing));
    field("signature", array(&letter.signature));
    out.push_str(")\n\n");
    out.push_str(LAYOUT);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_what_typst_reads() {
        assert_eq!(escape_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(escape_string("x\ny\u{7}"), r#""x\ny\u{7}""#);
        assert_eq!(escape_string("#*$]<script>"), r##""#*$]<script>""##);
    }

    #[test]
    fn odd_languages_fall_back_to_english() {
        assert_eq!(language("cy"), "cy");
        assert_eq!(language("\") #panic(\""), "en");
        assert_eq!(language("EN"), "en");
    }
}
