//! Writing a log as CSV (RFC 4180) for a spreadsheet: every field quoted where it must be, and
//! text that a spreadsheet would run as a formula made inert.

/// A CSV document built row by row.
#[derive(Default)]
pub struct Csv {
    text: String,
}

impl Csv {
    /// A document that opens as UTF-8 in common spreadsheets (the byte-order mark says so).
    pub fn new() -> Csv {
        Csv {
            text: "\u{feff}".to_owned(),
        }
    }

    /// Adds a row.
    pub fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        let fields: Vec<String> = fields.iter().map(|f| field(f.as_ref())).collect();
        self.text.push_str(&fields.join(","));
        self.text.push_str("\r\n");
    }

    /// The document.
    pub fn finish(self) -> String {
        self.text
    }
}

/// One field: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front so a
/// spreadsheet shows it as text (a complainant's words could otherwise become a formula);
/// quoted when it holds a comma, a quote or a line break, with quotes doubled.
fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_made_inert() {
        let mut csv = Csv::new();
        csv.row(&["plain", "a, b", "say \"hi\"", "two\nlines"]);
        csv.row(&["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "2026-12-23"]);
        assert_eq!(
            csv.finish(),
            "\u{feff}plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\
             \"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1),2026-12-23\r\n"
        );
    }
}
