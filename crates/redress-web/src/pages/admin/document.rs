//! HTML for a core `Document` (the explanation of a procedure): headings, paragraphs and
//! bulleted lists with GOV.UK classes. Every piece of text is HTML-escaped; the only markup is
//! the tags written here, so nothing in a procedure file can inject any.

use redress_core::procedure::{Block, Document, Span};

/// HTML for `document`. The level-1 heading is left out (the page's own `<h1>` carries the
/// title) and the others move down one level so the outline stays whole: level 2 becomes
/// `<h2>`, 3 `<h3>`, deeper ones `<h4>`.
pub fn to_html(document: &Document) -> String {
    let mut html = String::new();
    for block in &document.blocks {
        match block {
            Block::Heading { level: 1, .. } => {}
            Block::Heading { level, text } => {
                let (tag, class) = match level {
                    2 => ("h2", "govuk-heading-l"),
                    3 => ("h3", "govuk-heading-m"),
                    _ => ("h4", "govuk-heading-s"),
                };
                html.push_str(&format!(
                    "<{tag} class=\"{class}\">{}</{tag}>\n",
                    spans(text)
                ));
            }
            Block::Paragraph { text } => {
                html.push_str(&format!("<p class=\"govuk-body\">{}</p>\n", spans(text)));
            }
            Block::List { items } => {
                html.push_str("<ul class=\"govuk-list govuk-list--bullet\">\n");
                for item in items {
                    html.push_str(&format!("<li>{}</li>\n", spans(item)));
                }
                html.push_str("</ul>\n");
            }
        }
    }
    html
}

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match span {
            Span::Text(text) => escape(text),
            Span::Strong(text) => format!("<strong>{}</strong>", escape(text)),
        })
        .collect()
}

/// HTML-escapes text for element content and attribute values alike.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_each_block_with_its_class_and_moves_headings_down_a_level() {
        let mut document = Document::default();
        document.heading(1, "Org: Policy");
        document.paragraph(&["Version 1.", "This is how it works."]);
        document.heading(2, "How a complaint is handled");
        document.heading(3, "Stage 1");
        document.led_paragraph("Who handles it.", &["A panel."]);
        document.list(vec![
            vec![Span::text("one")],
            vec![Span::strong("two"), Span::text(": three")],
        ]);
        assert_eq!(
            to_html(&document),
            "<p class=\"govuk-body\">Version 1. This is how it works.</p>\n\
             <h2 class=\"govuk-heading-l\">How a complaint is handled</h2>\n\
             <h3 class=\"govuk-heading-m\">Stage 1</h3>\n\
             <p class=\"govuk-body\"><strong>Who handles it.</strong> A panel.</p>\n\
             <ul class=\"govuk-list govuk-list--bullet\">\n<li>one</li>\n<li><strong>two</strong>: three</li>\n</ul>\n"
        );
    }

    #[test]
    fn all_text_is_escaped_including_markdown_look_alikes() {
        let mut document = Document::default();
        document.heading(2, "<script>alert(1)</script>");
        document.paragraph(&["<img src=x onerror=\"alert('x')\"> & **<b>**"]);
        document.list(vec![vec![
            Span::strong("<b>"),
            Span::text("[link](javascript:x)"),
        ]]);
        let html = to_html(&document);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("onerror=&quot;alert(&#39;x&#39;)&quot;"),
            "{html}"
        );
        assert!(html.contains("**&lt;b&gt;**"), "{html}");
        assert!(
            html.contains("<li><strong>&lt;b&gt;</strong>[link](javascript:x)</li>"),
            "{html}"
        );
    }

    #[test]
    fn the_real_explanations_render_with_no_markdown_in_them() {
        for loaded in redress_app::procedures::Procedures::shipped().all() {
            let html = to_html(&redress_core::procedure::explain(&loaded.procedure));
            assert!(!html.contains("**"), "{html}");
            assert!(!html.contains("\n#"), "{html}");
            assert!(!html.contains("<li>- "), "{html}");
            assert!(html.contains("<h2 "), "{html}");
            assert!(html.contains("<strong>Who handles it.</strong>"), "{html}");
        }
    }
}
