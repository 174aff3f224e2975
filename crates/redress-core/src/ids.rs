//! Identifier newtypes: organisations, roles, stages and case references.
//!
//! Ids that appear in procedure files are lowercase kebab-case (`leeds-pps`, `stage-1`); they are
//! checked once, when parsed, so the rest of the code can trust them.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Whether `text` is a non-empty lowercase kebab-case id: `a-z`, `0-9` and single inner hyphens.
pub fn is_kebab_id(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

macro_rules! kebab_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses an id, refusing anything but lowercase kebab-case.
            pub fn parse(text: &str) -> Result<Self, String> {
                if is_kebab_id(text) {
                    Ok(Self(text.to_owned()))
                } else {
                    Err(format!(
                        "{} `{text}` must be lowercase letters, digits and single hyphens, like `stage-1`",
                        $what
                    ))
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(text: String) -> Result<Self, String> {
                Self::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "description": concat!("A ", $what, ": lowercase letters, digits and single hyphens."),
                    "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"
                })
            }
        }
    };
}

kebab_id!(
    /// An organisation's id, e.g. `leeds-pps`.
    OrgId,
    "organisation id"
);
kebab_id!(
    /// A role's id within a procedure, e.g. `chair`.
    RoleId,
    "role id"
);
kebab_id!(
    /// A stage's id within a procedure, e.g. `stage-1`.
    StageId,
    "stage id"
);
kebab_id!(
    /// A theme cases are tagged with for reporting, e.g. `delay`.
    ThemeId,
    "theme"
);
kebab_id!(
    /// Which of an organisation's procedures, e.g. `main` or `childrens-social-care`.
    ProcedureId,
    "procedure id"
);
kebab_id!(
    /// A kind of matter a procedure covers, e.g. `childrens-social-care`.
    MatterId,
    "matter"
);

impl ProcedureId {
    /// The id of an organisation's main procedure, which a file without `[procedure] id` is.
    pub const MAIN: &'static str = "main";

    /// `main`.
    pub fn main() -> ProcedureId {
        ProcedureId(ProcedureId::MAIN.to_owned())
    }

    /// Whether this is the organisation's main procedure.
    pub fn is_main(&self) -> bool {
        self.0 == ProcedureId::MAIN
    }
}
