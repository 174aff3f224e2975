//! U+0000 never reaches a database. PostgreSQL cannot hold it in `TEXT` or `JSONB` (the driver
//! fails and the caller would see a fault); SQLite stores it. So both stores treat it alike:
//! a key or filter with a NUL names nothing (no stored value has one), and a write carrying one
//! is refused as `Unstorable`. Core refuses control characters in every text first; this is
//! the last guard, for callers that skip the app.

use serde::Serialize;

use crate::{StoreError, StoreResult};

/// True when `text` can be a key or filter value some row might hold.
pub(crate) fn can_match(text: &str) -> bool {
    !text.contains('\0')
}

/// Refuses a text to be written that holds a NUL.
pub(crate) fn storable_text(what: &str, text: &str) -> StoreResult<()> {
    if can_match(text) {
        Ok(())
    } else {
        Err(StoreError::Unstorable(format!(
            "{what} contains a NUL character"
        )))
    }
}

/// Refuses a value to be written whose JSON holds a NUL anywhere (serde_json writes it as
/// `\u0000`; a literal backslash is escaped, so `\\u0000` is not a false alarm).
pub(crate) fn storable<T: Serialize>(what: &str, value: &T) -> StoreResult<()> {
    let json = serde_json::to_string(value)?;
    let mut rest = json.as_str();
    while let Some(at) = rest.find("\\u0000") {
        let backslashes = rest[..at].chars().rev().take_while(|c| *c == '\\').count();
        if backslashes % 2 == 0 {
            return Err(StoreError::Unstorable(format!(
                "{what} contains a NUL character"
            )));
        }
        rest = &rest[at + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_anywhere_in_a_value_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(storable("x", &"fine").is_ok());
        assert!(storable("x", &vec!["a", "b\0c"]).is_err());
        assert!(storable("x", &r"C:\u0000 is a path, not a NUL").is_ok());
        assert!(storable("x", &"\\\0").is_err());
        assert!(storable_text("x", "a\0").is_err());
        assert!(can_match("LPP-2026-0001") && !can_match("LPP\0"));
    }
}
