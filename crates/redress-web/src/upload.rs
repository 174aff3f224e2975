//! Uploads: multipart bodies on the few routes that take a file, read with a body limit raised
//! to the attachment limit (every other route keeps `BODY_LIMIT`), and the download answer
//! (`file`), which every route that answers with a file uses.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use redress_core::case::AttachmentRecord;

use crate::AppState;

/// Room for the form's other fields and the multipart framing, beyond the file itself.
const OVERHEAD: u64 = 256 * 1024;

/// A posted multipart form: its text fields and the file, if one was chosen.
#[derive(Debug, Default)]
pub struct Uploaded {
    /// The text fields, in order.
    pub fields: Vec<(String, String)>,
    /// The file field `file`: its name as given and its content (none when left empty).
    pub file: Option<(String, Vec<u8>)>,
    /// What stopped the reading, if anything: the fields before it were read (the forms put
    /// the file input last, so the token and the answers survive a file that is too large).
    pub error: Option<UploadError>,
}

/// Why a multipart body could not be read.
#[derive(Debug)]
pub enum UploadError {
    /// Larger than the attachment limit allows.
    TooLarge(u64),
    /// Not a multipart form, or broken.
    Unreadable,
}

impl UploadError {
    /// The words for the `file` field.
    pub fn message(&self) -> String {
        match self {
            UploadError::TooLarge(max) => format!(
                "The file is larger than the {} a file may be.",
                redress_app::attachments::size_words(*max)
            ),
            UploadError::Unreadable => "The form could not be read: choose the file again.".into(),
        }
    }
}

/// The largest file this instance accepts.
pub fn max_bytes(state: &AppState) -> u64 {
    state
        .app
        .files()
        .map_or(redress_app::files::Limits::default().max_bytes, |f| {
            f.limits.max_bytes
        })
}

/// Reads a multipart form, at most the attachment limit and its overhead.
pub async fn read(state: &AppState, request: Request) -> Uploaded {
    let mut uploaded = Uploaded::default();
    if let Err(error) = read_into(state, request, &mut uploaded).await {
        uploaded.file = None;
        uploaded.error = Some(error);
    }
    uploaded
}

async fn read_into(
    state: &AppState,
    request: Request,
    uploaded: &mut Uploaded,
) -> Result<(), UploadError> {
    let max = max_bytes(state);
    let limit = usize::try_from(max + OVERHEAD).unwrap_or(usize::MAX);
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    let request = Request::from_parts(parts, body);
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| UploadError::Unreadable)?;
    let too_large = |e: &axum::extract::multipart::MultipartError| {
        e.status() == StatusCode::PAYLOAD_TOO_LARGE || e.body_text().contains("length limit")
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if too_large(&e) => return Err(UploadError::TooLarge(max)),
            Err(_) => return Err(UploadError::Unreadable),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) if too_large(&e) => return Err(UploadError::TooLarge(max)),
            Err(_) => return Err(UploadError::Unreadable),
        };
        match (name.as_str(), file_name) {
            ("file", Some(file_name)) => {
                // A file input left empty posts an empty part with no name.
                if !(file_name.is_empty() && bytes.is_empty()) {
                    uploaded.file = Some((file_name, bytes.to_vec()));
                }
            }
            (_, _) => {
                let text =
                    String::from_utf8(bytes.to_vec()).map_err(|_| UploadError::Unreadable)?;
                uploaded.fields.push((name, text));
            }
        }
    }
    Ok(())
}

/// A stored file as a download: its sniffed type (see [`file`]).
pub fn download(record: &AttachmentRecord, bytes: Vec<u8>) -> Response {
    file(&record.media_type, &record.name, bytes)
}

/// A file as a download, whether stored (an attachment) or made for the asker (a report, a log,
/// a letter, an evidence pack): saved under `name`, never shown in the browser, never sniffed,
/// never cached. Text is said to be UTF-8.
pub fn file(media_type: &str, name: &str, bytes: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    let media_type = if media_type == "text/plain" {
        "text/plain; charset=utf-8"
    } else {
        media_type
    };
    if let Ok(value) = HeaderValue::from_str(media_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition(name)).expect("ASCII only"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    response
}

/// `attachment; filename="…"; filename*=UTF-8''…` for `name`: an ASCII fallback with anything
/// unsafe replaced, and the name as given, percent-encoded (RFC 6266, RFC 8187).
pub fn disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b".-_~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::disposition;

    #[test]
    fn names_cannot_break_out_of_the_header() {
        assert_eq!(
            disposition("a\"b;\r\nc.pdf"),
            "attachment; filename=\"a_b___c.pdf\"; filename*=UTF-8''a%22b%3B%0D%0Ac.pdf"
        );
        assert_eq!(
            disposition("llythyr ŵ.txt"),
            "attachment; filename=\"llythyr _.txt\"; filename*=UTF-8''llythyr%20%C5%B5.txt"
        );
    }
}
