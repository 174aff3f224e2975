//! Contact details in the catalogue's words (`letter.contact_*`), for the start and tracking
//! pages. Letters themselves are worded once, by their templates in redress-letters; the
//! timeline and the tracking page show each letter's text as it was sent.

use redress_core::procedure::Contact;

use super::messages::Messages;

/// "website https://...", "phone 0300 ...": the ways to reach someone, in the catalogue's words.
pub fn contact_ways(m: &Messages, contact: &Contact) -> Vec<String> {
    [
        ("letter.contact_web", &contact.web),
        ("letter.contact_phone", &contact.phone),
        ("letter.contact_email", &contact.email),
        ("letter.contact_address", &contact.address),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.as_ref().map(|v| m.fill(key, &[("value", v)])))
    .collect()
}
