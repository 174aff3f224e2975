//! The ombudsman's enquiries on the case page — each with its reply's due date and where it
//! stands — and their evidence packs behind the staff session, at
//! `/staff/cases/{reference}/enquiries/{number}/pack.pdf` and `.../pack.zip`: the same files
//! as the API's, by the same rule (whoever may open the case; anyone else is told the case is
//! not found, as on the case page).

use axum::extract::{Path, State};
use axum::response::Response;
use redress_app::enquiries::{EvidencePack, enquiry_lines, evidence_pdf};
use redress_app::views::CaseView;
use redress_core::calendar::london_date;

use super::super::messages::Messages;
use super::case::{DeadlineLine, deadline_line};
use super::words::date;
use super::{StaffUser, app_error_page, encode, not_found};
use crate::AppState;
use crate::api::enquiries::download;

/// One enquiry as the case page lists it.
pub(super) struct EnquiryView {
    pub(super) number: u32,
    pub(super) ombudsman_reference: String,
    pub(super) summary: String,
    pub(super) received: String,
    /// The reply's clock, as the deadlines table shows it.
    pub(super) reply: DeadlineLine,
    /// When it was answered, in words.
    pub(super) answered: Option<String>,
    /// Which enquiry the pack's links are of: "Enquiry 1 (LGSCO 26 004 321)".
    pub(super) pack_for: String,
    pub(super) pdf: String,
    pub(super) zip: String,
}

/// The case's enquiries, in the order recorded (the app's `enquiry_lines`, as the API lists
/// them).
pub(super) fn lines(m: &Messages, view: &CaseView) -> Vec<EnquiryView> {
    let base = format!("/staff/cases/{}/enquiries", encode(&view.reference));
    enquiry_lines(&view.case, &view.deadlines)
        .into_iter()
        .map(|line| EnquiryView {
            pdf: format!("{base}/{}/pack.pdf", line.number),
            zip: format!("{base}/{}/pack.zip", line.number),
            number: line.number,
            ombudsman_reference: line.ombudsman_reference.clone(),
            summary: line.summary,
            received: date(line.received_on),
            reply: deadline_line(m, &line.deadline),
            answered: line.answered_at.map(|at| {
                m.fill(
                    "staff.case.enquiry_answered",
                    &[("date", &date(london_date(at)))],
                )
            }),
            pack_for: m.fill(
                "staff.case.enquiry_pack_for",
                &[
                    ("number", &line.number.to_string()),
                    ("reference", &line.ombudsman_reference),
                ],
            ),
        })
        .collect()
}

/// The pack of enquiry `number` on the case, or the page to answer instead (the case page's
/// 404 for a user kept out, as for a number that is not one).
async fn pack(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
    number: &str,
) -> Result<EvidencePack, Response> {
    let Ok(n) = number.parse::<u32>() else {
        return Err(not_found(state, user));
    };
    state
        .app
        .evidence_pack(&user.actor, reference, n)
        .await
        .map_err(|error| app_error_page(state, user, error))
}

/// `GET /staff/cases/{reference}/enquiries/{number}/pack.pdf`.
pub(super) async fn pack_pdf(
    State(state): State<AppState>,
    user: StaffUser,
    Path((reference, number)): Path<(String, String)>,
) -> Response {
    let pack = match pack(&state, &user, &reference, &number).await {
        Ok(pack) => pack,
        Err(page) => return page,
    };
    match evidence_pdf(&pack) {
        Ok(pdf) => download(&reference, &number, "pdf", "application/pdf", pdf),
        Err(error) => app_error_page(&state, &user, error),
    }
}

/// `GET /staff/cases/{reference}/enquiries/{number}/pack.zip`.
pub(super) async fn pack_zip(
    State(state): State<AppState>,
    user: StaffUser,
    Path((reference, number)): Path<(String, String)>,
) -> Response {
    let pack = match pack(&state, &user, &reference, &number).await {
        Ok(pack) => pack,
        Err(page) => return page,
    };
    match state.app.evidence_zip(&pack).await {
        Ok(zip) => download(&reference, &number, "zip", "application/zip", zip),
        Err(error) => app_error_page(&state, &user, error),
    }
}
