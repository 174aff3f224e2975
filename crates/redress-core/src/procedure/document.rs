//! A small document tree: headings, paragraphs and bulleted lists of inline text spans. The
//! explanation of a procedure is one; the CLI renders it as Markdown and the web as HTML, so
//! nothing has to parse text back into structure.

use serde::Serialize;

/// A document: blocks in reading order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The blocks.
    pub blocks: Vec<Block>,
}

/// One block of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "block", rename_all = "kebab-case")]
pub enum Block {
    /// A heading; level 1 is the document's title.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its text.
        text: Vec<Span>,
    },
    /// A paragraph.
    Paragraph {
        /// Its text.
        text: Vec<Span>,
    },
    /// A bulleted list.
    List {
        /// One entry per item.
        items: Vec<Vec<Span>>,
    },
}

/// A run of text within a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "span", content = "text", rename_all = "kebab-case")]
pub enum Span {
    /// Plain text.
    Text(String),
    /// Text to stress (bold), such as a paragraph's lead-in.
    Strong(String),
}

impl Span {
    /// Plain text.
    pub fn text(text: impl Into<String>) -> Span {
        Span::Text(text.into())
    }

    /// Stressed text.
    pub fn strong(text: impl Into<String>) -> Span {
        Span::Strong(text.into())
    }

    /// The span's text, without its stress.
    pub fn as_str(&self) -> &str {
        match self {
            Span::Text(text) | Span::Strong(text) => text,
        }
    }
}

impl Document {
    /// Adds a heading at `level` (1 is the title).
    pub fn heading(&mut self, level: u8, text: &str) {
        self.blocks.push(Block::Heading {
            level,
            text: vec![Span::text(text)],
        });
    }

    /// Adds a paragraph of sentences, joined by spaces; nothing when there are none.
    pub fn paragraph<S: AsRef<str>>(&mut self, sentences: &[S]) {
        let text = join(sentences);
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph {
                text: vec![Span::Text(text)],
            });
        }
    }

    /// Adds a paragraph led by stressed words ("**Response.** You receive ...").
    pub fn led_paragraph<S: AsRef<str>>(&mut self, lead: &str, sentences: &[S]) {
        let rest = join(sentences);
        let mut text = vec![Span::strong(lead)];
        if !rest.is_empty() {
            text.push(Span::Text(format!(" {rest}")));
        }
        self.blocks.push(Block::Paragraph { text });
    }

    /// Adds a paragraph of spans; nothing when it has none.
    pub fn spans(&mut self, text: Vec<Span>) {
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph { text });
        }
    }

    /// Adds a bulleted list of plain items; nothing when it is empty.
    pub fn bullets<S: AsRef<str>>(&mut self, items: &[S]) {
        self.list(
            items
                .iter()
                .map(|item| vec![Span::text(item.as_ref())])
                .collect(),
        );
    }

    /// Adds a bulleted list of items made of spans; nothing when it is empty.
    pub fn list(&mut self, items: Vec<Vec<Span>>) {
        if !items.is_empty() {
            self.blocks.push(Block::List { items });
        }
    }

    /// The document as Markdown: blocks separated by blank lines, `**` for stress, ending with
    /// a newline. Text is written as it is: the document's text is plain English, not Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !out.is_empty() {
                out.push('\n');
            }
            match block {
                Block::Heading { level, text } => {
                    out.push_str(&"#".repeat(usize::from(*level)));
                    out.push(' ');
                    out.push_str(&markdown_spans(text));
                }
                Block::Paragraph { text } => out.push_str(&markdown_spans(text)),
                Block::List { items } => {
                    let lines: Vec<String> = items
                        .iter()
                        .map(|item| format!("- {}", markdown_spans(item)))
                        .collect();
                    out.push_str(&lines.join("\n"));
                }
            }
            out.push('\n');
        }
        out
    }

    /// All the document's text, without structure or stress, for searching and tests.
    pub fn plain_text(&self) -> String {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Heading { text, .. } | Block::Paragraph { text } => out.push(plain(text)),
                Block::List { items } => out.extend(items.iter().map(|item| plain(item))),
            }
        }
        out.join("\n")
    }
}

fn join<S: AsRef<str>>(sentences: &[S]) -> String {
    sentences
        .iter()
        .map(AsRef::as_ref)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn plain(spans: &[Span]) -> String {
    spans.iter().map(Span::as_str).collect()
}

fn markdown_spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| match span {
            Span::Text(text) => text.clone(),
            Span::Strong(text) => format!("**{text}**"),
        })
        .collect()
}
