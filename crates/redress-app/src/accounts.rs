//! Staff credentials: passwords set (temporary ones must be changed at the next sign-in) and
//! changed, and API tokens made with a lifetime, listed without their secret, and revoked.
//!
//! Decision: a temporary password forces a change only where the password is used, the sign-in
//! pages. An API token is a separate credential that only an administrator can make (`redress
//! token create`), so it is not blocked by the user's temporary password; a user signing in
//! with one has no token of their own until an administrator makes it.

use jiff::SignedDuration;
use redress_store::{NewToken, Store, TokenInfo};

use crate::auth::{hash_password, new_token, verify_password};
use crate::{App, AppError, AppResult};

/// How long an API token lasts unless configured otherwise.
pub const DEFAULT_TOKEN_LIFETIME_DAYS: u32 = 90;
/// The longest lifetime a token may be given (ten years).
pub const MAX_TOKEN_LIFETIME_DAYS: u32 = 3650;
/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Checks a new password's length, naming `field` when it is too short.
pub fn check_new_password(field: &str, password: &str) -> AppResult<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            field,
            format!("a password needs at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

fn check_lifetime(days: u32) -> AppResult<()> {
    if days == 0 || days > MAX_TOKEN_LIFETIME_DAYS {
        return Err(AppError::invalid(
            "days",
            format!("a token lasts from 1 to {MAX_TOKEN_LIFETIME_DAYS} days"),
        ));
    }
    Ok(())
}

impl<S: Store> App<S> {
    /// The app with new API tokens lasting `days` unless told otherwise.
    pub fn with_token_lifetime(mut self, days: u32) -> AppResult<App<S>> {
        check_lifetime(days)?;
        self.token_lifetime_days = days;
        Ok(self)
    }

    /// Creates an API token for a user lasting `days` from now; returns the token (shown once)
    /// and its id (for listing and revoking).
    pub async fn create_token_lasting(
        &self,
        username: &str,
        label: &str,
        days: u32,
    ) -> AppResult<(String, String)> {
        check_lifetime(days)?;
        self.store.user(username).await?.ok_or(AppError::NotFound)?;
        let (token, token_hash) = new_token();
        let created = self.clock.now();
        let expires = created + SignedDuration::from_hours(24 * i64::from(days));
        let id = self
            .store
            .add_token(NewToken {
                username: username.to_owned(),
                token_hash,
                label: label.to_owned(),
                created,
                expires,
            })
            .await?;
        Ok((token, id))
    }

    /// Every API token, or one user's, without secrets.
    pub async fn tokens(&self, username: Option<&str>) -> AppResult<Vec<TokenInfo>> {
        Ok(self.store.tokens(username).await?)
    }

    /// Revokes the token with this id; it answers as an unknown token from now on.
    pub async fn revoke_token(&self, id: &str) -> AppResult<()> {
        Ok(self.store.revoke_token(id, self.clock.now()).await?)
    }

    /// Sets a user's password; `temporary` makes them change it at the next sign-in.
    pub async fn set_password(
        &self,
        username: &str,
        password: &str,
        temporary: bool,
    ) -> AppResult<()> {
        check_new_password("password", password)?;
        Ok(self
            .store
            .set_password(username, &hash_password(password), temporary)
            .await?)
    }

    /// A user changes their own password: the current one, then the new one twice. Each
    /// problem names its field (`current_password`, `new_password`, `new_password_again`).
    pub async fn change_password(
        &self,
        username: &str,
        current: &str,
        new: &str,
        again: &str,
    ) -> AppResult<()> {
        let user = self.store.user(username).await?.ok_or(AppError::NotFound)?;
        let current_right = user
            .password_hash
            .as_deref()
            .is_some_and(|hash| verify_password(current, hash));
        if !current_right {
            return Err(AppError::invalid(
                "current_password",
                "the current password is not right",
            ));
        }
        check_new_password("new_password", new)?;
        if new != again {
            return Err(AppError::invalid(
                "new_password_again",
                "the two new passwords are not the same",
            ));
        }
        Ok(self
            .store
            .set_password(username, &hash_password(new), false)
            .await?)
    }
}
