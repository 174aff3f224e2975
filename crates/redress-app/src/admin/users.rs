//! Users and roles, managed per organisation by its admins. Password hashes never leave here.

use redress_core::ids::{OrgId, RoleId};
use redress_store::{Role, Store, User};

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};

/// A user as an admin sees them: never their password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserView {
    /// Login name.
    pub username: String,
    /// How they are shown.
    pub display_name: String,
    /// Their roles in the organisations the viewing admin administers (and only those).
    pub roles: Vec<(OrgId, Role)>,
    /// The procedure roles they hold there (the Chair, the Co-ordinator).
    pub holds: Vec<(OrgId, RoleId)>,
}

/// What the users page shows an admin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsersPage {
    /// The organisations the admin may manage roles in, by id.
    pub administers: Vec<OrgId>,
    /// Every user, by username. A user with no role in those organisations is listed too, so
    /// the admin can give them one.
    pub users: Vec<UserView>,
}

/// A new user with their first role.
#[derive(Clone, Debug)]
pub struct NewMember<'a> {
    /// Login name: letters, digits, `.`, `_`, `-` or `@`; up to 64.
    pub username: &'a str,
    /// How they are shown; up to 100 characters.
    pub display_name: &'a str,
    /// Their first password: at least 12 characters.
    pub password: &'a str,
    /// The organisation they join.
    pub org: &'a OrgId,
    /// Their role there.
    pub role: Role,
}

/// The organisations `actor` is admin of.
fn administered(actor: &Actor) -> Vec<OrgId> {
    actor
        .orgs()
        .into_iter()
        .filter(|org| actor.administers(org))
        .collect()
}

fn check_username(username: &str) -> AppResult<()> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    if username.is_empty() {
        return Err(AppError::invalid("username", "enter a username"));
    }
    if username.chars().count() > 64 || !username.chars().all(allowed) {
        return Err(AppError::invalid(
            "username",
            "a username is up to 64 letters, digits, dots, dashes, underscores or @, without spaces",
        ));
    }
    Ok(())
}

fn check_display_name(name: &str) -> AppResult<()> {
    if name.trim().is_empty() {
        return Err(AppError::invalid("display_name", "enter the person's name"));
    }
    if name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "display_name",
            "a name is up to 100 characters on one line",
        ));
    }
    Ok(())
}

fn check_password(password: &str) -> AppResult<()> {
    match password.chars().count() {
        0..12 => Err(AppError::invalid(
            "password",
            "a password needs at least 12 characters",
        )),
        // Hashing is deliberately slow; a megabyte of password would make it slower still.
        1025.. => Err(AppError::invalid(
            "password",
            "a password is at most 1,024 characters",
        )),
        _ => Ok(()),
    }
}

impl<S: Store> App<S> {
    /// Every user, with their roles in the organisations the actor administers. `Forbidden`
    /// unless the actor is an admin somewhere.
    pub async fn users_page(&self, actor: &Actor) -> AppResult<UsersPage> {
        let administers = administered(actor);
        if administers.is_empty() {
            return Err(AppError::Forbidden(
                "only an admin of an organisation can manage users and roles".to_owned(),
            ));
        }
        let users = self
            .store
            .users()
            .await?
            .into_iter()
            .map(|user| UserView {
                roles: user
                    .roles
                    .into_iter()
                    .filter(|(org, _)| administers.contains(org))
                    .collect(),
                holds: user
                    .holds
                    .into_iter()
                    .filter(|(org, _)| administers.contains(org))
                    .collect(),
                username: user.username,
                display_name: user.display_name,
            })
            .collect();
        Ok(UsersPage { administers, users })
    }

    /// Adds a user and gives them a role in an organisation the actor administers. Everything
    /// is checked before anything is stored.
    pub async fn add_member(&self, actor: &Actor, member: NewMember<'_>) -> AppResult<()> {
        self.admin_of(actor, member.org)?;
        let username = member.username.trim();
        check_username(username)?;
        check_display_name(member.display_name)?;
        check_password(member.password)?;
        self.add_user(username, member.display_name.trim(), Some(member.password))
            .await
            .map_err(|error| match error {
                AppError::Invalid { field, .. } if field.is_empty() => AppError::invalid(
                    "username",
                    format!("the username {username} is taken; choose another"),
                ),
                other => other,
            })?;
        Ok(self.store.grant(username, member.org, member.role).await?)
    }

    /// Gives `username` a role in `org` (replacing any role they had there). The actor must be
    /// admin in `org`; the organisation's last admin cannot be given a lesser role.
    pub async fn grant_as(
        &self,
        actor: &Actor,
        username: &str,
        org: &OrgId,
        role: Role,
    ) -> AppResult<()> {
        self.admin_of(actor, org)?;
        let user = self.known_user(username).await?;
        if role != Role::Admin {
            self.keep_an_admin(&user, org).await?;
        }
        Ok(self.store.grant(username, org, role).await?)
    }

    /// Takes away `username`'s role in `org`. The actor must be admin in `org`; the
    /// organisation's last admin cannot be removed.
    pub async fn revoke_as(&self, actor: &Actor, username: &str, org: &OrgId) -> AppResult<()> {
        self.admin_of(actor, org)?;
        let user = self.known_user(username).await?;
        self.keep_an_admin(&user, org).await?;
        Ok(self.store.revoke(username, org).await?)
    }

    async fn known_user(&self, username: &str) -> AppResult<User> {
        self.store.user(username).await?.ok_or_else(|| {
            AppError::invalid("username", format!("there is no user called {username}"))
        })
    }

    /// Refuses to leave an organisation without an admin: nobody could manage it from the
    /// pages again.
    async fn keep_an_admin(&self, user: &User, org: &OrgId) -> AppResult<()> {
        let is_admin = user.roles.iter().any(|(o, r)| o == org && r.administers());
        if !is_admin {
            return Ok(());
        }
        let admins = self
            .store
            .users()
            .await?
            .iter()
            .filter(|u| u.roles.iter().any(|(o, r)| o == org && r.administers()))
            .count();
        if admins <= 1 {
            return Err(AppError::invalid(
                "role",
                format!(
                    "{} is the only admin of this organisation; make someone else an admin first",
                    user.username
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_one_plain_word() {
        for good in ["amir", "zoe.m", "z_o-e", "chair@kpsspp", "A1"] {
            assert!(check_username(good).is_ok(), "{good}");
        }
        for bad in ["", "two words", "zoë", "<script>", &"x".repeat(65)] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_are_twelve_to_1024_characters() {
        assert!(check_password("elevenchars").is_err());
        assert!(check_password("twelve chars").is_ok());
        assert!(check_password(&"p".repeat(1024)).is_ok());
        assert!(check_password(&"p".repeat(1025)).is_err());
    }

    #[test]
    fn display_names_are_one_line() {
        assert!(check_display_name("Zoë O'Neill").is_ok());
        assert!(check_display_name("  ").is_err());
        assert!(check_display_name("a\nb").is_err());
    }
}
