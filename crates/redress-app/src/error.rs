//! `AppError`: what a use case can fail with, in terms the web layer and CLI map to answers.

use redress_core::case::Refusal;
use redress_store::StoreError;

/// Why a use case did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such thing, or the caller may not know it exists (so references do not leak).
    #[error("not found")]
    NotFound,
    /// Not signed in, or the credentials are wrong.
    #[error("authentication required")]
    Unauthenticated,
    /// Signed in, and may see it, but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The input is malformed; nothing was changed.
    #[error("{field}: {message}")]
    Invalid {
        /// The field at fault.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The procedure does not allow it now; nothing was changed.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// Someone else changed the case first; nothing was changed.
    #[error("{0}")]
    Conflict(String),
    /// Anything else: logged in full, shown to no one.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// An `Invalid` error.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> AppError {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        match error {
            StoreError::NotFound => AppError::NotFound,
            conflict @ StoreError::Conflict { .. } => AppError::Conflict(format!(
                "{conflict}; nothing was saved: reload the case and try again"
            )),
            StoreError::Duplicate(what) => AppError::invalid("", format!("{what} already exists")),
            // Core refuses control characters first, so this is a caller that skipped it.
            StoreError::Unstorable(what) => AppError::invalid("", what),
            other => AppError::Internal(Box::new(other)),
        }
    }
}

/// Result of a use case.
pub type AppResult<T> = Result<T, AppError>;
