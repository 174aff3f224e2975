//! Dates in procedure files, written either way a person writing TOML would: quoted
//! (`"2024-01-01"`) or as a bare TOML date (`2024-01-01`).

use std::fmt;

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date like 2024-01-01")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
        text.parse()
            .map_err(|_| E::custom(format!("`{text}` is not a date like 2024-01-01")))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
        let datetime =
            toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => {
                Date::new(date.year as i16, date.month as i8, date.day as i8)
                    .map_err(de::Error::custom)
            }
            _ => Err(de::Error::custom(format!(
                "`{datetime}` is not a date: write just the day, like 2024-01-01"
            ))),
        }
    }
}

/// A date: a TOML date or a string.
struct FileDate(Date);

impl<'de> Deserialize<'de> for FileDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FileDate, D::Error> {
        deserializer.deserialize_any(DateVisitor).map(FileDate)
    }
}

/// `deserialize_with` for one date.
pub(crate) fn one<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    FileDate::deserialize(deserializer).map(|d| d.0)
}

/// `deserialize_with` for a list of dates.
pub(crate) fn many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Date>, D::Error> {
    Ok(Vec::<FileDate>::deserialize(deserializer)?
        .into_iter()
        .map(|d| d.0)
        .collect())
}
