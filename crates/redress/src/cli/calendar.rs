//! `redress calendar ...` subcommands: count working days and list bank holidays.

use std::process::ExitCode;

use anyhow::Context;
use jiff::civil::Date;
use redress_core::calendar::{Calendar, Duration, Region, format_date, london_date, start_of_day};

/// `redress calendar` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CalendarCommand {
    /// Print the date N working days after DATE (DATE is day 0, or the next working day
    /// if DATE is not one).
    Add {
        /// Bank-holiday region: england-and-wales, scotland or northern-ireland.
        #[arg(long, default_value = "england-and-wales")]
        region: Region,
        /// An extra closure day of the organisation (YYYY-MM-DD); repeat for more.
        #[arg(long = "closure", value_name = "DATE")]
        closures: Vec<Date>,
        /// Also print one line explaining how the date was worked out.
        #[arg(long)]
        explain: bool,
        /// The day of receipt, YYYY-MM-DD.
        date: Date,
        /// How many working days to add.
        working_days: u32,
    },
    /// Print when something is due: the last day and the instant the deadline passes.
    Due {
        /// Bank-holiday region: england-and-wales, scotland or northern-ireland.
        #[arg(long, default_value = "england-and-wales")]
        region: Region,
        /// An extra closure day of the organisation (YYYY-MM-DD); repeat for more.
        #[arg(long = "closure", value_name = "DATE")]
        closures: Vec<Date>,
        /// When it started: an instant such as 2026-06-01T10:00:00+01:00 or
        /// 2026-06-01T09:00:00Z, or a date (the start of that day in Europe/London).
        start: String,
        /// How long is allowed, e.g. "3 working days", "24 hours", "2 weeks", "12 months".
        duration: Duration,
    },
    /// List a region's bank holidays in a year, one per line.
    Holidays {
        /// Bank-holiday region: england-and-wales, scotland or northern-ireland.
        #[arg(long, default_value = "england-and-wales")]
        region: Region,
        /// The year, e.g. 2026.
        year: i16,
    },
}

/// Runs one `redress calendar` subcommand, printing its answer on standard output.
pub fn run(command: CalendarCommand) -> anyhow::Result<ExitCode> {
    match command {
        CalendarCommand::Add {
            region,
            closures,
            explain,
            date,
            working_days,
        } => {
            let calendar = Calendar::new(region, &closures);
            let result = calendar.add_working_days(date, working_days)?;
            println!("{result}");
            if explain {
                let (_, text) = calendar
                    .explain_due(start_of_day(date), Duration::WorkingDays(working_days))?;
                println!("{text}");
            }
        }
        CalendarCommand::Due {
            region,
            closures,
            start,
            duration,
        } => {
            let calendar = Calendar::new(region, &closures);
            let start = parse_start(&start)?;
            let (due, text) = calendar.explain_due(start, duration)?;
            println!("{}", due.date);
            println!("{}", due.at);
            println!("{text}");
        }
        CalendarCommand::Holidays { region, year } => {
            let calendar = Calendar::new(region, &[]);
            let holidays = calendar.holidays_in_year(year)?;
            for holiday in &holidays {
                let weekday = &format_date(holiday.date)[..3];
                let mark = if holiday.provisional {
                    "  (provisional)"
                } else {
                    ""
                };
                println!("{}  {weekday}  {}{mark}", holiday.date, holiday.name);
            }
            if holidays.iter().any(|holiday| holiday.provisional) {
                // On standard error so the list stays one holiday per line for scripts.
                eprintln!(
                    "provisional: not confirmed by the official feed in this build ({})",
                    calendar.data_source()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An instant with an offset, or a civil date meaning its start in Europe/London.
fn parse_start(text: &str) -> anyhow::Result<jiff::Timestamp> {
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        return Ok(instant);
    }
    let date: Date = text.parse().with_context(|| {
        format!("bad START \"{text}\": expected an instant with an offset (2026-06-01T10:00:00+01:00) or a date (2026-06-01)")
    })?;
    let instant = start_of_day(date);
    debug_assert_eq!(london_date(instant), date);
    Ok(instant)
}
