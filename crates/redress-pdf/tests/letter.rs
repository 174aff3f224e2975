//! Letters typeset as PDFs and read back with poppler's tools (`pdftotext`, `pdfinfo`,
//! `pdffonts`, Debian's poppler-utils, installed by `.ci/run`): what a person wrote comes out
//! as the same selectable text, whatever typst would make of it as markup.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs a poppler tool on `pdf` (written to a temporary file of its own) and returns its
/// output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("redress-pdf-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("letter.pdf");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(pdf)
        .unwrap();
    let output = Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian poppler-utils) is needed: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The text of `pdf` with runs of white space made single spaces.
fn text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The value of `name` in pdfinfo's output.
fn info_field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {name} in {info}"))
        .trim()
        .to_owned()
}

#[test]
fn the_text_finds_the_reference_the_organisation_and_the_due_date() {
    let letter = common::response();
    let pdf = redress_pdf::letter(&letter).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text(&pdf);
    for wanted in [
        "LPP-2027-0007",
        "Leeds Parent Partnership Service",
        "22 January 2027",
        "8 January 2027",
        "Dear Ms Parent,",
        "Our response to your complaint [LPP-2027-0007]",
        "22 Sample Road",
        "Telephone: 0113 000 0000",
        "Email: complaints@example.org",
        "arrange the meeting within 10 working days.",
        "Yours sincerely,",
        "Parent Partnership Service Co-ordinator",
        "Our reference: LPP-2027-0007",
        "Page 1 of 1",
    ] {
        assert!(text.contains(wanted), "{wanted:?} not in {text:?}");
    }
}

#[test]
fn the_pdf_is_a4_tagged_with_its_fonts_embedded() {
    let pdf = redress_pdf::letter(&common::response()).unwrap();
    let info = poppler("pdfinfo", &[], &pdf);
    let field = |name: &str| info_field(&info, name);
    assert!(field("Page size").ends_with("(A4)"), "{info}");
    assert_eq!(field("Tagged"), "yes", "{info}");
    assert_eq!(field("Pages"), "1", "{info}");
    assert_eq!(
        field("Title"),
        "Our response to your complaint [LPP-2027-0007]"
    );
    assert_eq!(field("Author"), "Leeds Parent Partnership Service");
    let fonts = poppler("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // Columns: name type encoding emb sub uni object ID.
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(cols[n - 5], "yes", "font not embedded: {row}");
        assert_eq!(cols[n - 3], "yes", "font without a Unicode map: {row}");
    }
}

#[test]
fn hostile_and_non_ascii_text_is_printed_as_written() {
    let mut letter = common::response();
    let hostile = [
        r#"#panic("boom") *bold* $x^2$ \ ] [ <script>alert(1)</script> `raw` @ref _under_ // no"#,
        r#"") #panic("out") #(""#,
        "Gwasanaeth Cwynion: ŵ ŷ â ê î ô û ï; Zażółć gęślą jaźń; Ελληνικά; Привет; façade",
        "= not a heading",
        "+ not a list",
    ];
    letter.letterhead.organisation = format!("Ysgol {}", hostile[0]);
    letter.addressee = vec![hostile[1].into(), hostile[2].into()];
    letter.salutation = format!("Annwyl {},", hostile[1]);
    letter.subject = format!("{} [LPP-2027-0007]", hostile[0]);
    letter.body = hostile.join("\n\n") + "\n\n- " + hostile[0] + "\n- " + hostile[2];
    letter.signature = vec![hostile[3].into(), hostile[4].into()];
    letter.language = "\") #panic(\"lang".into();
    let pdf = redress_pdf::letter(&letter).unwrap();
    let text = text(&pdf);
    for wanted in hostile {
        assert!(text.contains(wanted), "{wanted:?} not in {text:?}");
    }
    assert!(text.contains(r#"Annwyl ") #panic("out") #(","#), "{text}");
}

#[test]
fn a_long_letter_numbers_its_pages_with_the_reference() {
    let mut letter = common::response();
    letter.body = (1..=40)
        .map(|n| format!("Paragraph {n} of a long letter, which goes on for a while so that it fills the page and runs onto another one."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let pdf = redress_pdf::letter(&letter).unwrap();
    let info = poppler("pdfinfo", &[], &pdf);
    let pages: usize = info_field(&info, "Pages").parse().unwrap();
    assert!(pages >= 2, "{info}");
    let text = text(&pdf);
    for n in 1..=pages {
        assert!(text.contains(&format!("Page {n} of {pages}")), "{text}");
    }
    assert_eq!(
        text.matches("Our reference: LPP-2027-0007").count(),
        pages + 1,
        "the reference beside the date and in every footer: {text}"
    );
    assert!(text.contains("Paragraph 40 of a long letter"));
}

#[test]
fn a_welsh_letter_has_welsh_page_numbers_and_labels() {
    let mut letter = common::response();
    letter.language = "cy".into();
    let text = text(&redress_pdf::letter(&letter).unwrap());
    assert!(text.contains("Tudalen 1 o 1"), "{text}");
    assert!(text.contains("Ein cyfeirnod: LPP-2027-0007"), "{text}");
    assert!(text.contains("Ffôn: 0113 000 0000"), "{text}");
}

#[test]
fn a_letter_with_little_in_it_still_typesets() {
    let mut letter = common::response();
    letter.letterhead.address.clear();
    letter.letterhead.phone = None;
    letter.letterhead.email = None;
    letter.letterhead.web = None;
    letter.addressee.clear();
    letter.signature.clear();
    letter.body = String::new();
    let text = text(&redress_pdf::letter(&letter).unwrap());
    assert!(text.contains("Leeds Parent Partnership Service"), "{text}");
    assert!(!text.contains("Telephone"), "{text}");
}
