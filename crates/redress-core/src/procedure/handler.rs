//! Who handles a stage, as an enum: one role, a panel drawn at random, or someone from outside.
//!
//! A procedure file writes a handler as a role id (`handler = "coordinator"`) or as a table with
//! exactly one of `role`, `panel` or `external`:
//!
//! ```toml
//! handler = { role = "coordinator", with = ["service-manager"] }
//! handler = { panel = 3, from = "members", exclude_named = true, arranged_by = "chair" }
//! handler = { external = "An external third party", arranged_by = "chair" }
//! ```
//!
//! The table is read once, here, into the variant it describes, so nothing downstream asks which
//! of four optional fields happens to be set. A table that mixes shapes (a `role` with a `panel`,
//! `with` beside a panel, ...) is a parse error on the handler's line, saying what would be right.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ids::RoleId;

/// Who handles a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handler {
    /// One role handles it, perhaps with others beside it.
    Role {
        /// The main role.
        role: RoleId,
        /// Roles who handle it with the main role, e.g. the manager of the service complained
        /// about. Empty for most stages.
        with: Vec<RoleId>,
        /// Roles who may deal with it in the main role's place, e.g. "the Co-ordinator or
        /// investigating officer". Empty for most stages.
        or: Vec<RoleId>,
    },
    /// A panel of `size` people drawn at random from a list.
    Panel {
        /// How many people are drawn. A validated procedure has at least one.
        size: u32,
        /// The list drawn from: "members", or a role id whose title names the body.
        from: String,
        /// Whether everyone named in the complaint is left out of the draw.
        exclude_named: bool,
        /// Who convenes the panel.
        arranged_by: Option<RoleId>,
    },
    /// Someone from outside the organisation.
    External {
        /// Who, described: "An independent reviewer who is not a member".
        who: String,
        /// Who asks them.
        arranged_by: Option<RoleId>,
    },
}

impl Handler {
    /// Every role the handler names: the main role and those with it, or whoever arranges the
    /// panel or the external person.
    pub fn roles(&self) -> Vec<&RoleId> {
        match self {
            Handler::Role { role, with, or } => {
                std::iter::once(role).chain(with).chain(or).collect()
            }
            Handler::Panel { arranged_by, .. } | Handler::External { arranged_by, .. } => {
                arranged_by.iter().collect()
            }
        }
    }

    /// The role who convenes a panel or asks the external person; `None` for a role handler,
    /// which handles its own stage.
    pub fn arranged_by(&self) -> Option<&RoleId> {
        match self {
            Handler::Role { .. } => None,
            Handler::Panel { arranged_by, .. } | Handler::External { arranged_by, .. } => {
                arranged_by.as_ref()
            }
        }
    }
}

/// The list a panel is drawn from when the file does not say.
fn members() -> String {
    "members".to_owned()
}

fn is_false(value: &bool) -> bool {
    !value
}

/// `{ role = "...", with = [...] }`: one role handles the stage.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RoleHandler {
    /// The role that handles it.
    role: RoleId,
    /// Roles who handle it beside `role`, e.g. the manager of the service complained about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    with: Vec<RoleId>,
    /// Roles who may deal with it in `role`'s place ("the Co-ordinator or investigating
    /// officer").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    or: Vec<RoleId>,
}

/// `{ panel = N, from = "...", exclude_named = true, arranged_by = "..." }`: a random panel.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PanelHandler {
    /// How many people are drawn at random (at least 1).
    #[schemars(range(min = 1))]
    panel: u32,
    /// The list drawn from, e.g. "members" (the default) or a role id whose title names the
    /// body ("advisory-board").
    #[serde(default = "members")]
    from: String,
    /// Whether everyone named in the complaint is left out of the draw.
    #[serde(default, skip_serializing_if = "is_false")]
    exclude_named: bool,
    /// The role who convenes the panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    arranged_by: Option<RoleId>,
}

/// `{ external = "...", arranged_by = "..." }`: someone from outside.
#[derive(Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ExternalHandler {
    /// Who, described, e.g. "An independent reviewer who is not a member".
    external: String,
    /// The role who asks them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    arranged_by: Option<RoleId>,
}

/// A handler table as written, before it is known which shape it is. Unknown keys are refused
/// here, with the list of keys a handler may have.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHandler {
    #[serde(default)]
    role: Option<RoleId>,
    #[serde(default)]
    with: Option<Vec<RoleId>>,
    #[serde(default)]
    or: Option<Vec<RoleId>>,
    #[serde(default)]
    panel: Option<u32>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    exclude_named: Option<bool>,
    #[serde(default)]
    external: Option<String>,
    #[serde(default)]
    arranged_by: Option<RoleId>,
}

/// What every shape error ends with, so the reader sees the three right forms.
const FORMS: &str = "a handler is a role (`role = \"coordinator\"`, optionally `with = [...]` or `or = [...]`), a panel (`panel = 3`, optionally `from`, `exclude_named`, `arranged_by`) or someone external (`external = \"...\"`, optionally `arranged_by`)";

impl RawHandler {
    /// The handler this table describes, or what is wrong with it.
    fn into_handler(self) -> Result<Handler, String> {
        let not_for = |key: &str, set: bool, shape: &str| -> Result<(), String> {
            if set {
                Err(format!("`{key}` does not belong to {shape}; {FORMS}"))
            } else {
                Ok(())
            }
        };
        let panel_keys = "(it describes a panel)";
        let beside = "a panel or external handler (it adds roles beside a main `role`)";
        match (self.role, self.panel, self.external) {
            (Some(role), None, None) => {
                let shape = format!("a role handler {panel_keys}");
                not_for("from", self.from.is_some(), &shape)?;
                not_for("exclude_named", self.exclude_named.is_some(), &shape)?;
                not_for(
                    "arranged_by",
                    self.arranged_by.is_some(),
                    "a role handler (the role handles its own stage)",
                )?;
                Ok(Handler::Role {
                    role,
                    with: self.with.unwrap_or_default(),
                    or: self.or.unwrap_or_default(),
                })
            }
            (None, Some(size), None) => {
                not_for("with", self.with.is_some(), beside)?;
                not_for("or", self.or.is_some(), beside)?;
                Ok(Handler::Panel {
                    size,
                    from: self.from.unwrap_or_else(members),
                    exclude_named: self.exclude_named.unwrap_or(false),
                    arranged_by: self.arranged_by,
                })
            }
            (None, None, Some(who)) => {
                let shape = format!("an external handler {panel_keys}");
                not_for("with", self.with.is_some(), beside)?;
                not_for("or", self.or.is_some(), beside)?;
                not_for("from", self.from.is_some(), &shape)?;
                not_for("exclude_named", self.exclude_named.is_some(), &shape)?;
                Ok(Handler::External {
                    who,
                    arranged_by: self.arranged_by,
                })
            }
            (role, panel, external) => {
                let set: Vec<&str> = [
                    role.map(|_| "`role`"),
                    panel.map(|_| "`panel`"),
                    external.map(|_| "`external`"),
                ]
                .into_iter()
                .flatten()
                .collect();
                let found = if set.is_empty() {
                    "this one sets none of `role`, `panel` or `external`".to_owned()
                } else {
                    format!("this one sets {}", set.join(" and "))
                };
                Err(format!("{found}; {FORMS}"))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Handler {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Handler, D::Error> {
        struct HandlerVisitor;

        impl<'de> Visitor<'de> for HandlerVisitor {
            type Value = Handler;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a role id, or a table with one of `role`, `panel` or `external`")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Handler, E> {
                let role = RoleId::parse(text).map_err(E::custom)?;
                Ok(Handler::Role {
                    role,
                    with: Vec::new(),
                    or: Vec::new(),
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Handler, A::Error> {
                let raw = RawHandler::deserialize(de::value::MapAccessDeserializer::new(map))?;
                raw.into_handler().map_err(de::Error::custom)
            }
        }

        deserializer.deserialize_any(HandlerVisitor)
    }
}

impl Serialize for Handler {
    // Always the table form, so a serialised procedure reads like the files; the structs
    // are cloned into because they also describe the JSON Schema.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Handler::Role { role, with, or } => RoleHandler {
                role: role.clone(),
                with: with.clone(),
                or: or.clone(),
            }
            .serialize(serializer),
            Handler::Panel {
                size,
                from,
                exclude_named,
                arranged_by,
            } => PanelHandler {
                panel: *size,
                from: from.clone(),
                exclude_named: *exclude_named,
                arranged_by: arranged_by.clone(),
            }
            .serialize(serializer),
            Handler::External { who, arranged_by } => ExternalHandler {
                external: who.clone(),
                arranged_by: arranged_by.clone(),
            }
            .serialize(serializer),
        }
    }
}

impl JsonSchema for Handler {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Handler")
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let role_id = generator.subschema_for::<RoleId>();
        let role = generator.subschema_for::<RoleHandler>();
        let panel = generator.subschema_for::<PanelHandler>();
        let external = generator.subschema_for::<ExternalHandler>();
        schemars::json_schema!({
            "description": "Who handles the stage: a role id (short for `{ role = \"...\" }`), or a table that is exactly one of a role, a random panel or someone external.",
            "oneOf": [role_id, role, panel, external]
        })
    }
}
