//! How a case's report facts are kept in `case_facts.facts`: one short line of words, about a
//! third the size of their JSON and several times faster to read, because a report over a
//! million cases reads a million of them. Lines written before this format are JSON and are
//! still read; `redress rebuild` rewrites them.
//!
//! A line is `1` (the format), then the procedure, the day received (`YYYYMMDD`), the kind, the
//! channel and the flags (`a` anonymous, `r` representative, `-` neither), then one word for
//! each thing that happened, its letter first:
//!
//! - `t:THEME,THEME` the themes;
//! - `s:STAGE,E,ENTERED,ACK,RESPONSE,OUTCOME` a stage, in order (`E` is `e` when it was entered by
//!   escalation; `ACK` and `RESPONSE` are `DAY/WORKING-DAYS/WITHIN` with `WITHIN` one of `y`, `n`,
//!   `-`; `-` for what is absent);
//! - `c:DAY,DECISION[,EXCLUSION]` the scope decision;
//! - `w:DAY` withdrawn; `o:DAY,DAY` the referrals; `l:OPENED/DONE,...` the learning actions.
//!
//! Kinds, channels, outcomes and decisions are written by their JSON names, and ids are kebab
//! case, so no word holds a space, comma, slash or colon. Facts with an exclusion id that is not
//! kebab case (ids in procedure files are free text there) are written as JSON instead.

use std::fmt::Write as _;

use jiff::civil::Date;
use redress_core::ids::{ProcedureId, StageId, ThemeId, is_kebab_id};
use redress_core::names::{from_serde_name, serde_name};
use redress_core::report::{CaseFacts, ScopeOutcome, StageFacts, Timed};

use crate::StoreResult;
use crate::sql_common::other;

/// The line kept for `facts`.
pub(crate) fn encode(facts: &CaseFacts) -> StoreResult<String> {
    if let Some((_, ScopeOutcome::Excluded { exclusion })) = &facts.scope
        && !is_kebab_id(exclusion)
    {
        return Ok(serde_json::to_string(facts)?);
    }
    let mut line = String::with_capacity(96);
    let flags = match (facts.anonymous, facts.representative) {
        (false, false) => "-",
        (true, false) => "a",
        (false, true) => "r",
        (true, true) => "ar",
    };
    // Writing to a String cannot fail.
    let _ = write!(
        line,
        "1 {} {} {} {} {flags}",
        facts.procedure,
        day(facts.received_on),
        serde_name(&facts.kind),
        serde_name(&facts.channel),
    );
    if !facts.themes.is_empty() {
        line.push_str(" t:");
        join(&mut line, &facts.themes, |line, theme| {
            line.push_str(theme.as_str())
        });
    }
    for stage in &facts.stages {
        let _ = write!(
            line,
            " s:{},{},{},",
            stage.id,
            if stage.escalated { "e" } else { "-" },
            day(stage.entered_on)
        );
        timed(&mut line, stage.acknowledged.as_ref());
        line.push(',');
        timed(&mut line, stage.responded.as_ref());
        line.push(',');
        match &stage.outcome {
            Some(outcome) => line.push_str(&serde_name(outcome)),
            None => line.push('-'),
        }
    }
    if let Some((on, decision)) = &facts.scope {
        let _ = write!(line, " c:{},", day(*on));
        match decision {
            ScopeOutcome::InScope => line.push_str("in-scope"),
            ScopeOutcome::LateAccepted => line.push_str("late-accepted"),
            ScopeOutcome::OutOfTime => line.push_str("out-of-time"),
            ScopeOutcome::Excluded { exclusion } => {
                let _ = write!(line, "excluded,{exclusion}");
            }
        }
    }
    if let Some(on) = facts.withdrawn_on {
        let _ = write!(line, " w:{}", day(on));
    }
    if !facts.referred_on.is_empty() {
        line.push_str(" o:");
        join(&mut line, &facts.referred_on, |line, on| {
            line.push_str(&day(*on))
        });
    }
    if !facts.learning.is_empty() {
        line.push_str(" l:");
        join(&mut line, &facts.learning, |line, (opened, done)| {
            let _ = write!(
                line,
                "{}/{}",
                day(*opened),
                done.map_or_else(|| "-".to_owned(), day)
            );
        });
    }
    Ok(line)
}

/// The facts a line keeps, in either format.
pub(crate) fn decode(line: &str) -> StoreResult<CaseFacts> {
    if line.starts_with('{') {
        return Ok(serde_json::from_str(line)?);
    }
    let bad = |what: &str| other(format!("report facts `{line}`: {what}"));
    let mut words = split(line, b' ');
    if words.next() != Some("1") {
        return Err(bad("not a format this version reads"));
    }
    let mut next = |what: &str| words.next().ok_or_else(|| bad(what));
    let procedure = ProcedureId::parse(next("no procedure")?).map_err(|e| bad(&e))?;
    let received_on = parse_day(next("no day received")?).ok_or_else(|| bad("day received"))?;
    let kind = from_serde_name(next("no kind")?).ok_or_else(|| bad("kind"))?;
    let channel = from_serde_name(next("no channel")?).ok_or_else(|| bad("channel"))?;
    let (anonymous, representative) = match next("no flags")? {
        "-" => (false, false),
        "a" => (true, false),
        "r" => (false, true),
        "ar" => (true, true),
        _ => return Err(bad("flags")),
    };
    let mut facts = CaseFacts {
        anonymous,
        representative,
        ..CaseFacts::received(procedure, received_on, kind, channel)
    };
    for word in words {
        // A letter, then `:`.
        let (tag, rest) = match word.as_bytes() {
            [_, b':', ..] => (&word[..1], &word[2..]),
            _ => return Err(bad("a word without its letter")),
        };
        let mut parts = split(rest, b',');
        match tag {
            "t" => {
                for theme in parts {
                    facts
                        .themes
                        .push(ThemeId::parse(theme).map_err(|e| bad(&e))?);
                }
            }
            "s" => facts
                .stages
                .push(stage(&mut parts).ok_or_else(|| bad("a stage"))?),
            "c" => {
                let on = parts
                    .next()
                    .and_then(parse_day)
                    .ok_or_else(|| bad("scope day"))?;
                let decision = match (parts.next(), parts.next()) {
                    (Some("in-scope"), None) => ScopeOutcome::InScope,
                    (Some("late-accepted"), None) => ScopeOutcome::LateAccepted,
                    (Some("out-of-time"), None) => ScopeOutcome::OutOfTime,
                    (Some("excluded"), Some(exclusion)) => ScopeOutcome::Excluded {
                        exclusion: exclusion.to_owned(),
                    },
                    _ => return Err(bad("scope decision")),
                };
                facts.scope = Some((on, decision));
            }
            "w" => facts.withdrawn_on = Some(parse_day(rest).ok_or_else(|| bad("withdrawn"))?),
            "o" => {
                for on in parts {
                    facts
                        .referred_on
                        .push(parse_day(on).ok_or_else(|| bad("referred"))?);
                }
            }
            "l" => {
                for action in parts {
                    let (opened, done) = action.split_once('/').ok_or_else(|| bad("learning"))?;
                    let opened = parse_day(opened).ok_or_else(|| bad("learning opened"))?;
                    let done = match done {
                        "-" => None,
                        done => Some(parse_day(done).ok_or_else(|| bad("learning done"))?),
                    };
                    facts.learning.push((opened, done));
                }
            }
            _ => return Err(bad("a word this version does not know")),
        }
    }
    Ok(facts)
}

/// A stage's parts after `s:`.
fn stage<'a>(parts: &mut impl Iterator<Item = &'a str>) -> Option<StageFacts> {
    let id = StageId::parse(parts.next()?).ok()?;
    let escalated = match parts.next()? {
        "e" => true,
        "-" => false,
        _ => return None,
    };
    let entered_on = parse_day(parts.next()?)?;
    let acknowledged = parse_timed(parts.next()?)?;
    let responded = parse_timed(parts.next()?)?;
    let outcome = match parts.next()? {
        "-" => None,
        outcome => Some(from_serde_name(outcome)?),
    };
    parts.next().is_none().then_some(StageFacts {
        id,
        escalated,
        entered_on,
        acknowledged,
        responded,
        outcome,
    })
}

/// `DAY/WORKING-DAYS/WITHIN`, or `-`.
fn timed(line: &mut String, timed: Option<&Timed>) {
    match timed {
        Some(t) => {
            let within = match t.within {
                Some(true) => "y",
                Some(false) => "n",
                None => "-",
            };
            let _ = write!(line, "{}/{}/{within}", day(t.on), t.working_days);
        }
        None => line.push('-'),
    }
}

/// Read back what `timed` wrote: the outer `None` when it is not that.
fn parse_timed(text: &str) -> Option<Option<Timed>> {
    if text == "-" {
        return Some(None);
    }
    let mut parts = split(text, b'/');
    let on = parse_day(parts.next()?)?;
    let working_days = parts.next()?.parse().ok()?;
    let within = match parts.next()? {
        "y" => Some(true),
        "n" => Some(false),
        "-" => None,
        _ => return None,
    };
    parts.next().is_none().then_some(Some(Timed {
        on,
        working_days,
        within,
    }))
}

/// `YYYYMMDD`.
fn day(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// Read back what `day` wrote.
fn parse_day(text: &str) -> Option<Date> {
    let [y1, y2, y3, y4, m1, m2, d1, d2] = *text.as_bytes() else {
        return None;
    };
    let mut digits = [y1, y2, y3, y4, m1, m2, d1, d2];
    for digit in &mut digits {
        *digit = digit.wrapping_sub(b'0');
        if *digit > 9 {
            return None;
        }
    }
    let [y1, y2, y3, y4, m1, m2, d1, d2] = digits.map(i16::from);
    let year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
    let month = (m1 * 10 + m2) as i8;
    let day_of_month = (d1 * 10 + d2) as i8;
    Date::new(year, month, day_of_month).ok()
}

/// The pieces of `text` between each `separator`, as `str::split` gives them, but found by a
/// plain loop: faster for pieces this short (a few bytes each; a report reads a million lines).
fn split(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.bytes().position(|b| b == separator) {
            Some(at) => {
                rest = Some(&text[at + 1..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// `items`, each written by `write`, with commas between.
fn join<T>(line: &mut String, items: &[T], mut write: impl FnMut(&mut String, &T)) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        write(line, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use redress_core::procedure::{Channel, FeedbackKind, Outcome};

    fn plain() -> CaseFacts {
        CaseFacts::received(
            ProcedureId::main(),
            date(2025, 12, 25),
            FeedbackKind::Complaint,
            Channel::Web,
        )
    }

    fn everything() -> CaseFacts {
        let timed = |on, working_days, within| Timed {
            on,
            working_days,
            within,
        };
        CaseFacts {
            procedure: ProcedureId::parse("childrens-social-care").unwrap(),
            anonymous: true,
            representative: true,
            themes: vec![
                ThemeId::parse("delay").unwrap(),
                ThemeId::parse("staff-conduct").unwrap(),
            ],
            stages: vec![
                StageFacts {
                    id: StageId::parse("stage-1").unwrap(),
                    escalated: false,
                    entered_on: date(2025, 12, 25),
                    acknowledged: Some(timed(date(2025, 12, 29), 1, Some(false))),
                    responded: Some(timed(date(2026, 1, 12), 10, Some(true))),
                    outcome: Some(Outcome::PartlyUpheld),
                },
                StageFacts {
                    id: StageId::parse("review-panel").unwrap(),
                    escalated: true,
                    entered_on: date(2026, 2, 1),
                    acknowledged: None,
                    responded: Some(timed(date(2026, 3, 2), 20, None)),
                    outcome: None,
                },
                StageFacts {
                    id: StageId::parse("stage-3").unwrap(),
                    escalated: true,
                    entered_on: date(2026, 3, 3),
                    acknowledged: None,
                    responded: None,
                    outcome: None,
                },
            ],
            scope: Some((
                date(2025, 12, 26),
                ScopeOutcome::Excluded {
                    exclusion: "data-protection".to_owned(),
                },
            )),
            withdrawn_on: Some(date(2026, 4, 1)),
            referred_on: vec![date(2026, 4, 2), date(2026, 5, 1)],
            learning: vec![
                (date(2026, 1, 12), Some(date(2026, 2, 1))),
                (date(2026, 1, 13), None),
            ],
            ..plain()
        }
    }

    #[test]
    fn facts_read_back_as_they_were_written() {
        let mut cases = vec![plain(), everything()];
        for decision in [
            ScopeOutcome::InScope,
            ScopeOutcome::LateAccepted,
            ScopeOutcome::OutOfTime,
        ] {
            cases.push(CaseFacts {
                scope: Some((date(2026, 1, 2), decision)),
                kind: FeedbackKind::Compliment,
                channel: Channel::Letter,
                anonymous: true,
                ..plain()
            });
        }
        for facts in cases {
            let line = encode(&facts).unwrap();
            assert!(line.starts_with("1 "), "{line}");
            assert_eq!(decode(&line).unwrap(), facts, "{line}");
        }
    }

    #[test]
    fn a_line_is_short_and_says_what_it_holds() {
        assert_eq!(encode(&plain()).unwrap(), "1 main 20251225 complaint web -");
        assert_eq!(
            encode(&everything()).unwrap(),
            "1 childrens-social-care 20251225 complaint web ar t:delay,staff-conduct \
             s:stage-1,-,20251225,20251229/1/n,20260112/10/y,partly-upheld \
             s:review-panel,e,20260201,-,20260302/20/-,- s:stage-3,e,20260303,-,-,- \
             c:20251226,excluded,data-protection w:20260401 o:20260402,20260501 \
             l:20260112/20260201,20260113/-"
        );
    }

    #[test]
    fn json_written_before_the_format_is_still_read() {
        for facts in [plain(), everything()] {
            let json = serde_json::to_string(&facts).unwrap();
            assert_eq!(decode(&json).unwrap(), facts);
        }
    }

    #[test]
    fn an_exclusion_id_that_is_not_kebab_case_is_kept_as_json() {
        let facts = CaseFacts {
            scope: Some((
                date(2026, 1, 2),
                ScopeOutcome::Excluded {
                    exclusion: "Data protection, FOI".to_owned(),
                },
            )),
            ..plain()
        };
        let line = encode(&facts).unwrap();
        assert!(line.starts_with('{'), "{line}");
        assert_eq!(decode(&line).unwrap(), facts);
    }

    #[test]
    fn a_damaged_line_is_an_error_naming_it() {
        for line in [
            "",
            "2 main 20251225 complaint web -",
            "1 main 20251325 complaint web -",
            "1 main 20251225 grumble web -",
            "1 main 20251225 complaint web - s:stage-1,-,20251225,-,-",
            "1 main 20251225 complaint web - s:stage-1,-,20251225,-,-,-,extra",
            "1 main 20251225 complaint web - z:1",
            "1 main 20251225 complaint web x",
            "1 main 20251225 complaint web - c:20251226,excluded",
            "1 main 20251225",
        ] {
            let error = decode(line).expect_err(line).to_string();
            assert!(error.contains("report facts"), "{line}: {error}");
        }
    }
}
