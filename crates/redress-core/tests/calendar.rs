//! The working-day calendar: dates worked out by hand, the embedded data, durations, and
//! properties that must hold for every date and count.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use redress_core::calendar::{
    Calendar, CalendarError, Due, Duration, Holiday, NonWorking, Region, end_of_day, format_date,
    london_date, start_of_day,
};

const EW: Region = Region::EnglandAndWales;
const SCT: Region = Region::Scotland;
const NI: Region = Region::NorthernIreland;

fn d(text: &str) -> Date {
    text.parse().expect("test dates are valid")
}

fn t(text: &str) -> Timestamp {
    text.parse().expect("test instants are valid")
}

/// One hand-worked addition: in `region`, `n` working days after `from` is `expected`.
fn check_add(region: Region, from: &str, n: u32, expected: &str) {
    let calendar = Calendar::new(region, &[]);
    let got = calendar.add_working_days(d(from), n).unwrap();
    assert_eq!(got, d(expected), "{region}: {n} working days after {from}");
}

#[test]
fn christmas_2026_skips_christmas_day_and_boxing_day_substitute() {
    check_add(EW, "2026-12-23", 3, "2026-12-30");
    check_add(EW, "2026-12-23", 0, "2026-12-23");
    check_add(EW, "2026-12-23", 1, "2026-12-24");
    check_add(EW, "2026-12-23", 2, "2026-12-29");
    check_add(EW, "2026-12-31", 1, "2027-01-04");
}

#[test]
fn receipt_on_a_non_working_day_counts_from_the_next_working_day() {
    // Saturday 19 December 2026: day 0 is Monday 21st.
    check_add(EW, "2026-12-19", 0, "2026-12-21");
    check_add(EW, "2026-12-19", 3, "2026-12-24");
    check_add(EW, "2026-12-20", 3, "2026-12-24");
    // Christmas Day itself: day 0 is Tuesday 29th.
    check_add(EW, "2026-12-25", 1, "2026-12-30");
    let calendar = Calendar::new(EW, &[]);
    assert_eq!(
        calendar.start_day(d("2026-12-25")).unwrap(),
        d("2026-12-29")
    );
    assert_eq!(
        calendar.start_day(d("2026-12-23")).unwrap(),
        d("2026-12-23")
    );
}

#[test]
fn one_off_bank_holidays_are_skipped_everywhere() {
    for region in Region::ALL {
        // State Funeral of Queen Elizabeth II, Monday 19 September 2022.
        check_add(region, "2022-09-16", 1, "2022-09-20");
        // Coronation of King Charles III, Monday 8 May 2023.
        check_add(region, "2023-05-05", 1, "2023-05-09");
        // VE Day: the early May bank holiday moved to Friday 8 May 2020...
        check_add(region, "2020-05-07", 1, "2020-05-11");
        // ...so Monday 4 May 2020 was a working day.
        check_add(region, "2020-05-01", 1, "2020-05-04");
        // Platinum Jubilee, Thursday 2 and Friday 3 June 2022, spring holiday moved there...
        check_add(region, "2022-06-01", 1, "2022-06-06");
        // ...so Monday 30 May 2022 was a working day.
        check_add(region, "2022-05-27", 1, "2022-05-30");
    }
}

#[test]
fn easter_monday_is_not_a_bank_holiday_in_scotland() {
    // Good Friday 3 April 2026, Easter Monday 6 April 2026.
    check_add(EW, "2026-04-02", 1, "2026-04-07");
    check_add(NI, "2026-04-02", 1, "2026-04-07");
    check_add(SCT, "2026-04-02", 1, "2026-04-06");
}

#[test]
fn scotland_has_2_january_st_andrews_day_and_the_first_monday_of_august() {
    // Friday 2 January 2026.
    check_add(SCT, "2025-12-31", 1, "2026-01-05");
    check_add(EW, "2025-12-31", 1, "2026-01-02");
    // St Andrew's Day, Monday 30 November 2026.
    check_add(SCT, "2026-11-27", 1, "2026-12-01");
    check_add(EW, "2026-11-27", 1, "2026-11-30");
    // Summer bank holiday: Monday 3 August in Scotland, Monday 31 August elsewhere.
    check_add(SCT, "2026-07-31", 1, "2026-08-04");
    check_add(EW, "2026-07-31", 1, "2026-08-03");
    check_add(SCT, "2026-08-28", 1, "2026-08-31");
    check_add(EW, "2026-08-28", 1, "2026-09-01");
}

#[test]
fn northern_ireland_has_st_patricks_day_and_the_twelfth_with_substitutes() {
    // Tuesday 17 March 2026.
    check_add(NI, "2026-03-16", 1, "2026-03-18");
    check_add(EW, "2026-03-16", 1, "2026-03-17");
    // 12 July 2026 is a Sunday: the holiday is Monday 13th.
    check_add(NI, "2026-07-10", 1, "2026-07-14");
    check_add(EW, "2026-07-10", 1, "2026-07-13");
    // Monday 12 July 2027.
    check_add(NI, "2027-07-09", 1, "2027-07-13");
    // 17 March 2029 is a Saturday: the (provisional) holiday is Monday 19th.
    check_add(NI, "2029-03-16", 1, "2029-03-20");
}

#[test]
fn closure_days_are_skipped() {
    let closures = [
        d("2026-12-24"),
        d("2026-12-29"),
        d("2026-12-30"),
        d("2026-12-31"),
    ];
    let calendar = Calendar::new(EW, &closures);
    assert_eq!(
        calendar.add_working_days(d("2026-12-23"), 1).unwrap(),
        d("2027-01-04")
    );
    assert_eq!(
        calendar.start_day(d("2026-12-24")).unwrap(),
        d("2027-01-04")
    );
    assert_eq!(
        calendar.non_working_reason(d("2026-12-24")).unwrap(),
        Some(NonWorking::Closure)
    );
    assert!(!calendar.is_working_day(d("2026-12-30")).unwrap());
    // A closure on a weekend or bank holiday keeps the stronger reason.
    let calendar = Calendar::new(EW, &[d("2026-12-25"), d("2026-12-26"), d("2035-01-01")]);
    assert_eq!(
        calendar.non_working_reason(d("2026-12-25")).unwrap(),
        Some(NonWorking::BankHoliday("Christmas Day".into()))
    );
    assert_eq!(
        calendar.non_working_reason(d("2026-12-26")).unwrap(),
        Some(NonWorking::Weekend)
    );
    assert_eq!(calendar.non_working_reason(d("2026-12-23")).unwrap(), None);
}

#[test]
fn dates_outside_the_data_are_an_error_not_a_guess() {
    let calendar = Calendar::new(EW, &[]);
    let error = calendar.add_working_days(d("2031-01-02"), 1).unwrap_err();
    assert_eq!(
        error,
        CalendarError::OutOfRange {
            date: d("2031-01-02"),
            first: d("2018-01-01"),
            last: d("2030-12-31")
        }
    );
    assert_eq!(
        error.to_string(),
        "no bank-holiday data for 2031-01-02: redress knows 2018-01-01 to 2030-12-31"
    );
    assert!(calendar.is_working_day(d("2017-12-29")).is_err());
    assert!(calendar.non_working_reason(d("2031-06-01")).is_err());
    assert_eq!(
        calendar.holidays_in_year(2031).unwrap_err().to_string(),
        "no bank-holiday data for 2031: redress knows 2018-01-01 to 2030-12-31"
    );
    assert!(matches!(
        calendar.holidays_in_year(2017),
        Err(CalendarError::YearOutOfRange { year: 2017, .. })
    ));
    assert!(
        calendar
            .working_days_between(d("2030-12-01"), d("2031-01-05"))
            .is_err()
    );
    // The count itself running past the data is an error too.
    let error = calendar.add_working_days(d("2030-12-20"), 30).unwrap_err();
    assert_eq!(
        error.to_string(),
        "30 working days after 2030-12-20 falls after 2030-12-31, the last day redress has bank-holiday data for"
    );
    assert!(
        calendar
            .due(t("2031-03-02T10:00:00Z"), Duration::WorkingDays(1))
            .is_err()
    );
}

#[test]
fn data_covers_2018_to_2030_in_every_region() {
    for region in Region::ALL {
        let calendar = Calendar::new(region, &[]);
        assert!(calendar.first_day() <= d("2018-01-01"));
        assert!(calendar.last_day() >= d("2030-12-31"));
        // Whole years only, so a year is either covered or not.
        assert_eq!(
            (calendar.first_day().month(), calendar.first_day().day()),
            (1, 1)
        );
        assert_eq!(
            (calendar.last_day().month(), calendar.last_day().day()),
            (12, 31)
        );
        assert_eq!(calendar.region(), region);
        for year in 2018..=2030 {
            let holidays = calendar.holidays_in_year(year).unwrap();
            assert!(holidays.len() >= 8, "{region} {year}: {holidays:?}");
            assert!(holidays.windows(2).all(|pair| pair[0].date < pair[1].date));
            for holiday in &holidays {
                assert!(
                    holiday.date.weekday().to_monday_one_offset() <= 5,
                    "{holiday:?} is a weekend"
                );
                assert!(!calendar.is_working_day(holiday.date).unwrap());
                // Years the bundled official copy covers are not provisional, bar announced one-offs.
                if year <= 2028 && holiday.date != d("2026-06-15") {
                    assert!(!holiday.provisional, "{holiday:?}");
                }
            }
        }
        assert!(
            calendar
                .holidays_in_year(2030)
                .unwrap()
                .iter()
                .all(|h| h.provisional)
        );
        assert!(calendar.data_source().contains("govuk-bank-holidays"));
    }
}

#[test]
fn holidays_in_year_lists_the_regions_own_holidays() {
    let names = |region, year| -> Vec<(Date, String)> {
        let holidays: Vec<Holiday> = Calendar::new(region, &[]).holidays_in_year(year).unwrap();
        holidays.into_iter().map(|h| (h.date, h.name)).collect()
    };
    let ew = names(EW, 2026);
    assert_eq!(ew.len(), 8);
    assert_eq!(ew[0], (d("2026-01-01"), "New Year’s Day".to_string()));
    assert_eq!(ew[7], (d("2026-12-28"), "Boxing Day".to_string()));
    let scotland = names(SCT, 2026);
    assert!(scotland.contains(&(d("2026-11-30"), "St Andrew’s Day".to_string())));
    assert!(scotland.contains(&(d("2026-01-02"), "2nd January".to_string())));
    assert!(!scotland.iter().any(|(date, _)| *date == d("2026-04-06")));
    let ni = names(NI, 2026);
    assert!(ni.contains(&(d("2026-03-17"), "St Patrick’s Day".to_string())));
    assert!(ni.iter().any(|(date, _)| *date == d("2026-07-13")));
    // Closures are not bank holidays.
    let with_closure = Calendar::new(EW, &[d("2026-06-01")])
        .holidays_in_year(2026)
        .unwrap();
    assert_eq!(with_closure.len(), 8);
}

#[test]
fn counting_and_skipping_between_dates() {
    let calendar = Calendar::new(EW, &[]);
    assert_eq!(
        calendar
            .working_days_between(d("2026-12-23"), d("2026-12-30"))
            .unwrap(),
        3
    );
    assert_eq!(
        calendar
            .working_days_between(d("2026-12-23"), d("2026-12-23"))
            .unwrap(),
        0
    );
    assert_eq!(
        calendar
            .working_days_between(d("2026-12-23"), d("2026-12-01"))
            .unwrap(),
        0
    );
    assert_eq!(
        calendar
            .working_days_between(d("2026-12-19"), d("2026-12-24"))
            .unwrap(),
        3
    );
    // Counting up to a non-working day counts the working days before it.
    assert_eq!(
        calendar
            .working_days_between(d("2026-12-23"), d("2026-12-28"))
            .unwrap(),
        1
    );
    let skipped = calendar
        .skipped_between(d("2026-12-23"), d("2027-01-04"))
        .unwrap();
    assert_eq!(
        skipped,
        vec![
            (
                d("2026-12-25"),
                NonWorking::BankHoliday("Christmas Day".into())
            ),
            (
                d("2026-12-28"),
                NonWorking::BankHoliday("Boxing Day".into())
            ),
            (
                d("2027-01-01"),
                NonWorking::BankHoliday("New Year’s Day".into())
            ),
        ]
    );
    assert!(
        calendar
            .skipped_between(d("2026-12-30"), d("2026-12-01"))
            .unwrap()
            .is_empty()
    );
}

/// One hand-worked deadline: `duration` after the instant `start` is due on `date`,
/// passing at the instant `at`.
fn check_due(region: Region, start: &str, duration: &str, date: &str, at: &str) {
    let calendar = Calendar::new(region, &[]);
    let duration: Duration = duration.parse().unwrap();
    let due = calendar.due(t(start), duration).unwrap();
    assert_eq!(
        due,
        Due {
            date: d(date),
            at: t(at)
        },
        "{duration} after {start}"
    );
}

#[test]
fn deadlines_pass_at_midnight_london_time() {
    // 10:00 BST on Monday 1 June 2026: the deadline passes at midnight BST, 23:00 UTC.
    check_due(
        EW,
        "2026-06-01T09:00:00Z",
        "1 working day",
        "2026-06-02",
        "2026-06-02T23:00:00Z",
    );
    // In winter midnight is midnight UTC.
    check_due(
        EW,
        "2026-01-12T10:00:00Z",
        "1 working day",
        "2026-01-13",
        "2026-01-14T00:00:00Z",
    );
    // 23:30 UTC on Friday 5 June 2026 is 00:30 BST on Saturday: received at the weekend.
    check_due(
        EW,
        "2026-06-05T23:30:00Z",
        "1 working day",
        "2026-06-09",
        "2026-06-09T23:00:00Z",
    );
    // The clocks change: Sunday 29 March and Sunday 25 October 2026.
    assert_eq!(end_of_day(d("2026-03-28")), t("2026-03-29T00:00:00Z"));
    assert_eq!(end_of_day(d("2026-03-29")), t("2026-03-29T23:00:00Z"));
    assert_eq!(end_of_day(d("2026-10-24")), t("2026-10-24T23:00:00Z"));
    assert_eq!(end_of_day(d("2026-10-25")), t("2026-10-26T00:00:00Z"));
    assert_eq!(start_of_day(d("2026-06-01")), t("2026-05-31T23:00:00Z"));
    assert_eq!(london_date(t("2026-05-31T23:00:00Z")), d("2026-06-01"));
    assert_eq!(london_date(t("2026-05-31T22:59:59Z")), d("2026-05-31"));
    assert_eq!(london_date(t("2026-12-31T23:59:59Z")), d("2026-12-31"));
}

#[test]
fn hours_are_an_exact_span() {
    // 16:00 BST on Friday 16 October 2026 to 16:00 BST on Saturday.
    check_due(
        EW,
        "2026-10-16T15:00:00Z",
        "24 hours",
        "2026-10-17",
        "2026-10-17T15:00:00Z",
    );
    // Across the change back to GMT, 24 hours is still 24 hours (11:00 GMT on Sunday).
    check_due(
        EW,
        "2026-10-24T11:00:00Z",
        "24 hours",
        "2026-10-25",
        "2026-10-25T11:00:00Z",
    );
    // Late evening in summer lands on the next London day.
    check_due(
        EW,
        "2026-06-01T22:30:00Z",
        "1 hour",
        "2026-06-02",
        "2026-06-01T23:30:00Z",
    );
}

#[test]
fn days_weeks_and_months_count_calendar_time_from_day_0() {
    check_due(
        EW,
        "2026-12-23T10:00:00Z",
        "5 days",
        "2026-12-28",
        "2026-12-29T00:00:00Z",
    );
    // Received on Saturday 19 December: day 0 is Monday 21st.
    check_due(
        EW,
        "2026-12-19T10:00:00Z",
        "5 days",
        "2026-12-26",
        "2026-12-27T00:00:00Z",
    );
    check_due(
        EW,
        "2026-03-04T10:00:00Z",
        "2 weeks",
        "2026-03-18",
        "2026-03-19T00:00:00Z",
    );
    // 12 months from 29 February clamps to 28 February; "1 year" is the same.
    check_due(
        EW,
        "2024-02-29T10:00:00Z",
        "12 months",
        "2025-02-28",
        "2025-03-01T00:00:00Z",
    );
    check_due(
        EW,
        "2024-02-29T10:00:00Z",
        "1 year",
        "2025-02-28",
        "2025-03-01T00:00:00Z",
    );
    check_due(
        EW,
        "2025-01-31T10:00:00Z",
        "1 month",
        "2025-02-28",
        "2025-03-01T00:00:00Z",
    );
    // A calendar count may end beyond the bank-holiday data: no holiday knowledge is needed.
    check_due(
        EW,
        "2030-06-03T10:00:00Z",
        "12 months",
        "2031-06-03",
        "2031-06-03T23:00:00Z",
    );
}

#[test]
fn explanations_name_day_0_and_every_skipped_day() {
    let calendar = Calendar::new(EW, &[d("2026-12-24")]);
    let explain = |start: &str, duration: &str| {
        calendar
            .explain_due(t(start), duration.parse().unwrap())
            .unwrap()
            .1
    };
    let plain = Calendar::new(EW, &[]);
    let (due, text) = plain
        .explain_due(t("2026-12-23T10:00:00Z"), Duration::WorkingDays(3))
        .unwrap();
    assert_eq!(due.date, d("2026-12-30"));
    assert_eq!(
        text,
        "3 working days after Wed 23 Dec 2026 (day 0), skipping Fri 25 Dec 2026 (Christmas Day) and Mon 28 Dec 2026 (Boxing Day): end of Wed 30 Dec 2026"
    );
    assert_eq!(
        explain("2026-12-23T10:00:00Z", "3 working days"),
        "3 working days after Wed 23 Dec 2026 (day 0), skipping Thu 24 Dec 2026 (closure day), Fri 25 Dec 2026 (Christmas Day) and Mon 28 Dec 2026 (Boxing Day): end of Thu 31 Dec 2026"
    );
    assert_eq!(
        explain("2026-12-19T10:00:00Z", "1 working day"),
        "1 working day after Mon 21 Dec 2026 (day 0; received Sat 19 Dec 2026, a weekend): end of Tue 22 Dec 2026"
    );
    assert_eq!(
        explain("2026-10-16T15:00:00Z", "24 hours"),
        "24 hours after 16:00 BST on Fri 16 Oct 2026: 16:00 BST on Sat 17 Oct 2026"
    );
    assert_eq!(
        explain("2024-02-29T10:00:00Z", "12 months"),
        "12 months after Thu 29 Feb 2024 (day 0): end of Fri 28 Feb 2025 (the last day of the month, as it has no 29th)"
    );
    assert_eq!(format_date(d("2026-12-30")), "Wed 30 Dec 2026");
    assert_eq!(format_date(d("2026-06-01")), "Mon 1 Jun 2026");
}

#[test]
fn durations_parse_and_display_canonically() {
    let cases = [
        ("3 working days", Duration::WorkingDays(3), "3 working days"),
        ("1 working day", Duration::WorkingDays(1), "1 working day"),
        ("0 working days", Duration::WorkingDays(0), "0 working days"),
        ("5 days", Duration::Days(5), "5 days"),
        ("1 day", Duration::Days(1), "1 day"),
        ("2 weeks", Duration::Weeks(2), "2 weeks"),
        ("24 hours", Duration::Hours(24), "24 hours"),
        ("12 months", Duration::Months(12), "12 months"),
        ("1 year", Duration::Months(12), "12 months"),
        ("2 years", Duration::Months(24), "24 months"),
        (
            "  10   Working   Days ",
            Duration::WorkingDays(10),
            "10 working days",
        ),
        ("1 working days", Duration::WorkingDays(1), "1 working day"),
    ];
    for (text, value, canonical) in cases {
        let parsed: Duration = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(parsed, value, "{text}");
        assert_eq!(parsed.to_string(), canonical);
        assert_eq!(canonical.parse::<Duration>().unwrap(), value);
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, format!("\"{canonical}\""));
        assert_eq!(serde_json::from_str::<Duration>(&json).unwrap(), value);
    }
}

#[test]
fn bad_durations_say_what_is_wrong_and_what_is_accepted() {
    let error = |text: &str| text.parse::<Duration>().unwrap_err().to_string();
    assert_eq!(
        error("3 fortnights"),
        "bad duration \"3 fortnights\": unknown unit \"fortnights\"; expected a whole number and a unit: working days, days, weeks, hours, months or years (e.g. \"3 working days\")"
    );
    assert!(error("").contains("it is empty"));
    assert!(error("three days").contains("\"three\" is not a whole number"));
    assert!(error("-1 days").contains("is not a whole number"));
    assert!(error("1.5 days").contains("is not a whole number"));
    assert!(error("3").contains("the unit is missing"));
    assert!(error("3 working hours").contains("unknown unit \"working hours\""));
    assert!(error("99999999999 days").contains("too large"));
    let json = serde_json::from_str::<Duration>("\"3 weekz\"")
        .unwrap_err()
        .to_string();
    assert!(json.contains("bad duration \"3 weekz\""), "{json}");
}

#[test]
fn duration_schema_is_a_string_with_a_pattern() {
    let schema = schemars::schema_for!(Duration);
    let value = serde_json::to_value(&schema).unwrap();
    assert_eq!(value["type"], "string");
    assert!(value["pattern"].as_str().unwrap().contains("working"));
}

#[test]
fn regions_have_one_name_everywhere() {
    for (region, name) in [
        (EW, "england-and-wales"),
        (SCT, "scotland"),
        (NI, "northern-ireland"),
    ] {
        assert_eq!(region.to_string(), name);
        assert_eq!(name.parse::<Region>().unwrap(), region);
        assert_eq!(
            serde_json::to_string(&region).unwrap(),
            format!("\"{name}\"")
        );
        assert_eq!(
            serde_json::from_str::<Region>(&format!("\"{name}\"")).unwrap(),
            region
        );
    }
    assert_eq!(
        "wales".parse::<Region>().unwrap_err().to_string(),
        "unknown region \"wales\": expected england-and-wales, scotland or northern-ireland"
    );
}

/// Any covered date, any region, a few closure days, and a count up to about two years.
fn scenario() -> impl Strategy<Value = (Region, Vec<Date>, Date, u32)> {
    let first = d("2018-01-01");
    let days = 0i32..4748; // 2018-01-01 ..= 2030-12-31
    let region = prop_oneof![Just(EW), Just(SCT), Just(NI)];
    let offset_to_date =
        move |offset: i32| first.checked_add(jiff::Span::new().days(offset)).unwrap();
    (
        region,
        proptest::collection::vec(days.clone().prop_map(offset_to_date), 0..20),
        days.prop_map(offset_to_date),
        0u32..520,
    )
}

proptest! {
    #[test]
    fn adding_lands_on_a_working_day((region, closures, from, n) in scenario()) {
        let calendar = Calendar::new(region, &closures);
        if let Ok(result) = calendar.add_working_days(from, n) {
            prop_assert!(calendar.is_working_day(result).unwrap());
            prop_assert!(result >= from);
            prop_assert!(!closures.contains(&result));
        }
    }

    #[test]
    fn adding_is_monotonic_in_n((region, closures, from, n) in scenario()) {
        let calendar = Calendar::new(region, &closures);
        if let (Ok(a), Ok(b)) = (calendar.add_working_days(from, n), calendar.add_working_days(from, n + 1)) {
            prop_assert!(a < b);
            // Nothing but non-working days lies strictly between them.
            let mut day = a.tomorrow().unwrap();
            while day < b {
                prop_assert!(!calendar.is_working_day(day).unwrap());
                day = day.tomorrow().unwrap();
            }
        }
    }

    #[test]
    fn counting_undoes_adding((region, closures, from, n) in scenario()) {
        let calendar = Calendar::new(region, &closures);
        if let Ok(result) = calendar.add_working_days(from, n) {
            prop_assert_eq!(calendar.working_days_between(from, result).unwrap(), n);
        }
    }

    #[test]
    fn day_0_is_the_first_working_day_on_or_after_receipt((region, closures, from, _n) in scenario()) {
        let calendar = Calendar::new(region, &closures);
        if let Ok(start) = calendar.start_day(from) {
            prop_assert!(calendar.is_working_day(start).unwrap());
            let mut day = from;
            while day < start {
                prop_assert!(!calendar.is_working_day(day).unwrap());
                day = day.tomorrow().unwrap();
            }
        }
    }
}

#[test]
fn a_receipt_date_the_data_covers_needs_no_other_date() {
    // Smoke check that every helper accepts the boundary days.
    let calendar = Calendar::new(EW, &[]);
    assert!(calendar.is_working_day(date(2018, 1, 1)).is_ok());
    assert!(calendar.is_working_day(date(2030, 12, 31)).is_ok());
    assert_eq!(
        calendar.add_working_days(date(2030, 12, 30), 1).unwrap(),
        date(2030, 12, 31)
    );
}
