//! Sample letters for redress-pdf's tests and its timing example: invented people, addresses
//! and numbers only.

use redress_letters::{Letterhead, RenderedLetter};

/// A stage response as an officer might send it: a paragraph, a list of remedies, the right
/// to escalate by a due date.
pub fn response() -> RenderedLetter {
    RenderedLetter {
        kind: "response".into(),
        language: "en".into(),
        letterhead: Letterhead {
            organisation: "Leeds Parent Partnership Service".into(),
            address: vec!["1 Example Street".into(), "Leeds".into(), "LS1 1AA".into()],
            phone: Some("0113 000 0000".into()),
            email: Some("complaints@example.org".into()),
            web: Some("www.example.org/complaints".into()),
        },
        date: jiff::civil::date(2027, 1, 8),
        reference: "LPP-2027-0007".into(),
        addressee: vec![
            "Ms A. Parent".into(),
            "22 Sample Road".into(),
            "Leeds".into(),
            "LS2 2BB".into(),
        ],
        salutation: "Dear Ms Parent,".into(),
        subject: "Our response to your complaint [LPP-2027-0007]".into(),
        body: "Thank you for your complaint about the delay in arranging a meeting about your \
son's support plan. We have now looked into it.\n\n\
We found that the meeting was not arranged within the time we promise, and we are sorry.\n\n\
To put this right we will:\n\
- apologise in writing, which this letter does;\n\
- arrange the meeting within 10 working days.\n\n\
If you are not satisfied with this response, you may ask for your complaint to be reviewed by \
the Chair of the Advisory Board. Please ask by 22 January 2027."
            .into(),
        closing: "Yours sincerely,".into(),
        signature: vec![
            "Parent Partnership Service Co-ordinator".into(),
            "Leeds Parent Partnership Service".into(),
        ],
    }
}
