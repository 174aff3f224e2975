//! "Who looked at this case" on the case page: the case's audit entries (who, when, what, from
//! where) for an administrator of its organisation; nothing for anyone else.

use redress_app::AppError;

use super::super::messages::Messages;
use super::StaffUser;
use crate::AppState;

/// One audit entry in words.
pub(super) struct LookedLine {
    pub(super) who: String,
    pub(super) when: String,
    pub(super) what: String,
    pub(super) from: String,
}

/// The lines for `user`, or `None` when they are not to see them. A failure to read the log is
/// logged and shows as no section, so the rest of the page still shows.
pub(super) async fn lines(
    state: &AppState,
    user: &StaffUser,
    reference: &str,
) -> Option<Vec<LookedLine>> {
    let m = Messages::english();
    match state.app.case_audit(&user.actor, reference).await {
        Ok(records) => records.map(|records| {
            records
                .into_iter()
                .map(|record| LookedLine {
                    who: record.entry.actor,
                    when: super::words::instant(record.entry.at),
                    what: record.entry.action,
                    from: record
                        .entry
                        .client
                        .unwrap_or_else(|| m.get("staff.case.looked_nowhere").to_owned()),
                })
                .collect()
        }),
        Err(AppError::NotFound) => None,
        Err(error) => {
            tracing::error!(%error, reference, "the case's audit entries could not be read");
            None
        }
    }
}
