//! A tiny renderer for the Markdown that `redress_core::procedure::explain` writes: headings,
//! paragraphs, bulleted lists and `**bold**`. Everything else is text: every character is
//! HTML-escaped before any tag is added, so nothing in a procedure file can inject markup.

/// HTML for `markdown`, with GOV.UK classes. Level-1 headings are left out (the page's own
/// `<h1>` carries the title) and the others move down one level so the outline stays whole:
/// `##` becomes `<h2>`, `###` `<h3>`, deeper ones `<h4>`.
pub fn to_html(markdown: &str) -> String {
    let mut html = String::new();
    for block in blocks(markdown) {
        match block {
            Block::Heading(1, _) => {}
            Block::Heading(level, text) => {
                let (tag, class) = match level {
                    2 => ("h2", "govuk-heading-l"),
                    3 => ("h3", "govuk-heading-m"),
                    _ => ("h4", "govuk-heading-s"),
                };
                html.push_str(&format!(
                    "<{tag} class=\"{class}\">{}</{tag}>\n",
                    inline(&text)
                ));
            }
            Block::Paragraph(text) => {
                html.push_str(&format!("<p class=\"govuk-body\">{}</p>\n", inline(&text)));
            }
            Block::List(items) => {
                html.push_str("<ul class=\"govuk-list govuk-list--bullet\">\n");
                for item in items {
                    html.push_str(&format!("<li>{}</li>\n", inline(&item)));
                }
                html.push_str("</ul>\n");
            }
        }
    }
    html
}

#[derive(Debug, PartialEq)]
enum Block {
    Heading(usize, String),
    Paragraph(String),
    List(Vec<String>),
}

/// Splits the text into blocks at blank lines. A block whose first line starts with `- ` is a
/// list (lines that do not start a new item continue the one before); one that starts with one
/// to six `#` and a space is a heading; anything else is a paragraph, its lines joined.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in markdown.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !lines.is_empty() {
                blocks.push(block(&lines));
                lines.clear();
            }
        } else {
            lines.push(line);
        }
    }
    blocks
}

fn block(lines: &[&str]) -> Block {
    let first = lines[0];
    let hashes = first.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && first[hashes..].starts_with(' ') {
        let rest = lines[1..].iter().map(|l| l.trim());
        let text = std::iter::once(first[hashes..].trim()).chain(rest);
        return Block::Heading(hashes, text.collect::<Vec<_>>().join(" "));
    }
    if first.starts_with("- ") {
        let mut items: Vec<String> = Vec::new();
        for line in lines {
            match (line.strip_prefix("- "), items.last_mut()) {
                (Some(item), _) => items.push(item.trim().to_owned()),
                (None, Some(last)) => {
                    last.push(' ');
                    last.push_str(line.trim());
                }
                (None, None) => items.push(line.trim().to_owned()),
            }
        }
        return Block::List(items);
    }
    Block::Paragraph(lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" "))
}

/// Escaped text with `**…**` pairs as `<strong>`. An unpaired `**` stays as written.
fn inline(text: &str) -> String {
    let parts: Vec<&str> = text.split("**").collect();
    if parts.len().is_multiple_of(2) {
        return escape(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 && !part.is_empty() {
                format!("<strong>{}</strong>", escape(part))
            } else {
                escape(part)
            }
        })
        .collect()
}

/// HTML-escapes text for element content and attribute values alike.
pub fn escape(text: &str) -> String {
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
    fn renders_the_subset_explain_writes() {
        let markdown = "# Org: Policy\n\nVersion 1. This is how\nit works.\n\n## How a complaint is handled\n\n### Stage 1\n\n**Who handles it.** A panel.\n\n- one\n- **two**: three\n  continued\n";
        assert_eq!(
            to_html(markdown),
            "<p class=\"govuk-body\">Version 1. This is how it works.</p>\n\
             <h2 class=\"govuk-heading-l\">How a complaint is handled</h2>\n\
             <h3 class=\"govuk-heading-m\">Stage 1</h3>\n\
             <p class=\"govuk-body\"><strong>Who handles it.</strong> A panel.</p>\n\
             <ul class=\"govuk-list govuk-list--bullet\">\n<li>one</li>\n<li><strong>two</strong>: three continued</li>\n</ul>\n"
        );
    }

    #[test]
    fn everything_else_is_escaped_text() {
        let hostile = "## <script>alert(1)</script>\n\n<img src=x onerror=\"alert('x')\"> & **<b>**\n\n- [link](javascript:x) `code` ***\n\n####### seven";
        let html = to_html(hostile);
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
        assert!(html.contains("<strong>&lt;b&gt;</strong>"), "{html}");
        assert!(
            html.contains("<li>[link](javascript:x) `code` ***</li>"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"govuk-body\">####### seven</p>"),
            "{html}"
        );
    }

    #[test]
    fn the_real_explanations_render_with_no_markdown_left_over() {
        for loaded in redress_app::procedures::Procedures::shipped().all() {
            let html = to_html(&redress_core::procedure::explain(&loaded.procedure));
            assert!(!html.contains("**"), "{html}");
            assert!(!html.contains("\n#"), "{html}");
            assert!(!html.contains("<li>- "), "{html}");
            assert!(html.contains("<h2 "), "{html}");
        }
    }
}
