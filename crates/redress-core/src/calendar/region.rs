//! The three UK bank-holiday regions and their names.

use std::fmt;
use std::str::FromStr;

use super::CalendarError;

/// A bank-holiday region of the United Kingdom, named as in the official feed.
///
/// Written "england-and-wales", "scotland" or "northern-ireland" in procedure files,
/// JSON and on the command line (`FromStr`/`Display` use the same names).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// England and Wales (one list of bank holidays).
    EnglandAndWales,
    /// Scotland.
    Scotland,
    /// Northern Ireland.
    NorthernIreland,
}

impl Region {
    /// Every region, in the order the official feed lists them.
    pub const ALL: [Region; 3] = [
        Region::EnglandAndWales,
        Region::Scotland,
        Region::NorthernIreland,
    ];

    /// The region's name as written in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::EnglandAndWales => "england-and-wales",
            Region::Scotland => "scotland",
            Region::NorthernIreland => "northern-ireland",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = CalendarError;

    /// Accepts exactly the names [`Region::as_str`] gives, ignoring case and surrounding space.
    fn from_str(text: &str) -> Result<Region, CalendarError> {
        let wanted = text.trim().to_ascii_lowercase();
        Region::ALL
            .into_iter()
            .find(|region| region.as_str() == wanted)
            .ok_or_else(|| CalendarError::UnknownRegion {
                text: text.to_string(),
            })
    }
}
