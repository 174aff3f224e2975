//! The names values have in procedure files, commands and JSON: an enum's serde name, such as
//! `face-to-face` for `Channel::FaceToFace`.

use serde::de::IntoDeserializer;
use serde::{Deserialize, Serialize};

/// The serde name of a unit enum value; empty for anything that does not serialise to a string.
pub fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The unit enum value whose serde name is `name` (the inverse of [`serde_name`]); `None` for
/// a name it does not have.
pub fn from_serde_name<'de, T: Deserialize<'de>>(name: &'de str) -> Option<T> {
    T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(name)).ok()
}
