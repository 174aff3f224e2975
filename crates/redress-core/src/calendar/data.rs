//! The bank-holiday data embedded in the binary: parsed once, shared by every calendar.

use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Deserialize;

use super::{Holiday, Region};

/// The generated file; see `tools/bank-holidays/README.md` for where it comes from.
const BANK_HOLIDAYS_JSON: &str = include_str!("../../data/bank-holidays.json");

/// The embedded file, parsed.
#[derive(Debug)]
pub(super) struct EmbeddedData {
    pub(super) source: String,
    pub(super) generated: Date,
    pub(super) first: Date,
    pub(super) last: Date,
    england_and_wales: Vec<Holiday>,
    scotland: Vec<Holiday>,
    northern_ireland: Vec<Holiday>,
}

impl EmbeddedData {
    /// The region's bank holidays in date order.
    pub(super) fn holidays(&self, region: Region) -> &[Holiday] {
        match region {
            Region::EnglandAndWales => &self.england_and_wales,
            Region::Scotland => &self.scotland,
            Region::NorthernIreland => &self.northern_ireland,
        }
    }
}

#[derive(Deserialize)]
struct RawFile {
    source: String,
    generated: Date,
    first: Date,
    last: Date,
    divisions: RawDivisions,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawDivisions {
    england_and_wales: Vec<RawHoliday>,
    scotland: Vec<RawHoliday>,
    northern_ireland: Vec<RawHoliday>,
}

#[derive(Deserialize)]
struct RawHoliday {
    date: Date,
    title: String,
    provisional: bool,
}

/// The embedded data, parsed on first use.
pub(super) fn embedded() -> &'static EmbeddedData {
    static DATA: OnceLock<EmbeddedData> = OnceLock::new();
    DATA.get_or_init(|| {
        // The file is compiled in and a test parses it, so a failure here is a build defect.
        let raw: RawFile = serde_json::from_str(BANK_HOLIDAYS_JSON)
            .expect("the embedded bank-holidays.json is valid (checked by tests)");
        let convert = |list: Vec<RawHoliday>| -> Vec<Holiday> {
            let mut holidays: Vec<Holiday> = list
                .into_iter()
                .filter(|h| h.date >= raw.first && h.date <= raw.last)
                .map(|h| Holiday {
                    date: h.date,
                    name: h.title,
                    provisional: h.provisional,
                })
                .collect();
            holidays.sort_by_key(|h| h.date);
            holidays
        };
        EmbeddedData {
            england_and_wales: convert(raw.divisions.england_and_wales),
            scotland: convert(raw.divisions.scotland),
            northern_ireland: convert(raw.divisions.northern_ireland),
            source: raw.source,
            generated: raw.generated,
            first: raw.first,
            last: raw.last,
        }
    })
}
