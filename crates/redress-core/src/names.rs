//! The names values have in procedure files, commands and JSON: an enum's serde name, such as
//! `face-to-face` for `Channel::FaceToFace`.

use serde::Serialize;

/// The serde name of a unit enum value; empty for anything that does not serialise to a string.
pub fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}
