//! Attachments: which kinds of file a case may hold, told by their content (magic numbers),
//! never by their name or the type a sender declared; and the rules for adding one.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::event::Fact;
use super::refusal::{Refusal, RefusalCode};
use super::state::Case;

/// Where an attachment came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AttachmentSource {
    /// The complainant, with the public feedback form.
    PublicForm,
    /// The complainant, on their tracking page.
    TrackingPage,
    /// Staff, on the case.
    Staff,
    /// An e-mail that came in on the case.
    Email,
}

/// The kinds of file a case may hold, by media type, with the words a page uses for them.
pub const MEDIA_TYPES: &[(&str, &str)] = &[
    ("application/pdf", "PDF"),
    ("image/png", "PNG image"),
    ("image/jpeg", "JPEG image"),
    ("image/gif", "GIF image"),
    ("image/webp", "WebP image"),
    ("image/heic", "HEIC image"),
    ("text/plain", "text"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel spreadsheet",
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
    ),
    (
        "application/vnd.oasis.opendocument.text",
        "OpenDocument text",
    ),
    (
        "application/vnd.oasis.opendocument.spreadsheet",
        "OpenDocument spreadsheet",
    ),
    (
        "application/vnd.oasis.opendocument.presentation",
        "OpenDocument presentation",
    ),
];

/// What the allowed kinds are, in words for a refusal or a hint.
pub const ALLOWED_WORDS: &str = "PDF, PNG, JPEG, GIF, WebP or HEIC images, plain text (UTF-8), Word, Excel or PowerPoint (.docx, .xlsx, .pptx) or OpenDocument files";

/// The media type of `bytes`, told by its content, if it is a kind a case may hold.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"%PDF-") {
        return Some("application/pdf");
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if starts(b"\xFF\xD8\xFF") {
        return Some("image/jpeg");
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some("image/gif");
    }
    if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        let heif = [
            b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
        ];
        return heif.iter().any(|b| brand == *b).then_some("image/heic");
    }
    if starts(b"PK\x03\x04") {
        return office(bytes);
    }
    if bytes.contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok().map(|_| "text/plain")
}

/// An Office Open XML or OpenDocument file, told from its zip directory; any other zip is none.
fn office(bytes: &[u8]) -> Option<&'static str> {
    // OpenDocument: the first entry is `mimetype`, stored uncompressed, holding the type.
    if bytes.len() > 38 && &bytes[30..38] == b"mimetype" {
        let rest = &bytes[38..bytes.len().min(38 + 100)];
        for (media_type, _) in MEDIA_TYPES {
            if media_type.starts_with("application/vnd.oasis")
                && rest.starts_with(media_type.as_bytes())
            {
                return Some(media_type);
            }
        }
        return None;
    }
    let names = zip_names(bytes)?;
    if !names.iter().any(|n| n == b"[Content_Types].xml") {
        return None;
    }
    let has = |prefix: &[u8]| names.iter().any(|n| n.starts_with(prefix));
    if has(b"word/") {
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    } else if has(b"xl/") {
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    } else if has(b"ppt/") {
        Some("application/vnd.openxmlformats-officedocument.presentationml.presentation")
    } else {
        None
    }
}

/// The entry names in a zip's central directory (at most a few thousand), if it has one.
fn zip_names(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let u16_at = |at: usize| -> Option<usize> {
        Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as usize)
    };
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    // The end-of-central-directory record is in the last 22 + 65,535 bytes.
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let end = (tail_start..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))?;
    let count = u16_at(end + 10)?.min(5_000);
    let mut at = u32_at(end + 16)?;
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        if !bytes.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let (name, extra, comment) = (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        names.push(bytes.get(at + 46..at + 46 + name)?);
        at += 46 + name + extra + comment;
    }
    Some(names)
}

/// Whether `text` is a SHA-256 digest in lower-case hex.
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The words for `media_type`, e.g. "PDF".
pub fn media_type_words(media_type: &str) -> &'static str {
    MEDIA_TYPES
        .iter()
        .find(|(t, _)| *t == media_type)
        .map_or("file", |(_, words)| words)
}

/// The rules of `add-attachment`'s values. The gate has already said it may be given now.
pub(crate) fn add(
    case: &Case,
    command: super::command::AddAttachment,
) -> Result<Vec<Fact>, Refusal> {
    let super::command::AddAttachment {
        name,
        media_type,
        size,
        sha256,
        source,
    } = command;
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(Refusal::new(RefusalCode::Missing, "the file needs a name").field("name"));
    }
    if !MEDIA_TYPES.iter().any(|(t, _)| *t == media_type) {
        return Err(Refusal::invalid(
            "media_type",
            format!("this kind of file cannot be attached: attach {ALLOWED_WORDS}"),
        ));
    }
    if size == 0 {
        return Err(Refusal::invalid("size", "the file is empty"));
    }
    if !is_sha256(&sha256) {
        return Err(Refusal::invalid(
            "sha256",
            "the file's SHA-256 must be 64 lower-case hexadecimal digits",
        ));
    }
    if let Some(same) = case.attachments.iter().find(|a| a.sha256 == sha256) {
        return Err(Refusal::not_now(format!(
            "this file is already attached to the case, as {}",
            same.name
        ))
        .field("file"));
    }
    Ok(vec![Fact::AttachmentAdded {
        name,
        media_type,
        size,
        sha256,
        source,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip(names: &[&str]) -> Vec<u8> {
        // A zip with empty stored entries: local headers, central directory, end record.
        let mut out = Vec::new();
        let mut central = Vec::new();
        for name in names {
            let offset = out.len() as u32;
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&[0; 12]);
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(name.as_bytes());
            central.extend_from_slice(b"PK\x01\x02");
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let start = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn files_are_told_by_their_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a\x01\0"), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Some("image/heic"));
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0\0\0"), None, "an MP4 video");
        assert_eq!(sniff("Annwyl Syr, ŵ ŷ\n".as_bytes()), Some("text/plain"));
        assert_eq!(sniff(b"text with a \0 NUL"), None);
        assert_eq!(sniff(b"\xC3\x28 not UTF-8"), None);
        assert_eq!(sniff(b"MZ\x90\0 a Windows program"), None);
        assert_eq!(
            sniff(&zip(&["[Content_Types].xml", "word/document.xml"])),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
        assert_eq!(
            sniff(&zip(&["[Content_Types].xml", "xl/workbook.xml"])),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        assert_eq!(sniff(&zip(&["[Content_Types].xml", "evil.exe"])), None);
        assert_eq!(sniff(&zip(&["word/document.xml"])), None);
        assert_eq!(sniff(&zip(&["setup.exe"])), None, "a plain zip");
        let mut odt = zip(&["mimetype"]);
        let type_ = b"application/vnd.oasis.opendocument.text";
        odt.splice(38..38, type_.iter().copied());
        assert_eq!(sniff(&odt), Some("application/vnd.oasis.opendocument.text"));
        assert_eq!(sniff(b"PK\x03\x04 truncated"), None);
    }

    #[test]
    fn digests_are_lower_case_hex() {
        assert!(is_sha256(&"ab".repeat(32)));
        assert!(!is_sha256(&"AB".repeat(32)));
        assert!(!is_sha256("../../etc/passwd"));
        assert!(!is_sha256(&"a".repeat(63)));
    }
}
