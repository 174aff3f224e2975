//! Personal iCalendar feeds: each member of staff may create a secret feed address (its token
//! stored only as a hash, like every token) that lists the deadlines of the open cases of the
//! organisations they work in, as all-day events on the day each falls due, for their own
//! calendar program to subscribe to. Creating a new address revokes the old one.
//!
//! The text is RFC 5545: CRLF line ends, lines folded at 75 octets (never inside a UTF-8
//! character), TEXT values escaped, a stable UID per case and clock so a moved deadline moves
//! the same event, and a DTSTAMP on every event.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_store::{CaseFilter, Store};

use crate::App;
use crate::auth::{Actor, hash_token, new_token};
use crate::error::{AppError, AppResult};

/// One all-day event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayEvent {
    /// Stable across feeds: the same case and clock give the same UID.
    pub uid: String,
    /// The day it falls on.
    pub date: Date,
    /// One line.
    pub summary: String,
    /// Longer text.
    pub description: String,
    /// Where to act on it.
    pub url: String,
}

/// A TEXT value escaped (RFC 5545 §3.3.11): backslash, semicolon, comma and new lines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line folded at 75 octets (RFC 5545 §3.1): each continuation starts with a
/// space, and a UTF-8 character is never split. Ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let octets = c.len_utf8();
        if width + octets > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += octets;
    }
    out.push_str("\r\n");
    out
}

/// A whole calendar of `events`, stamped `stamp`.
pub fn calendar(name: &str, events: &[DayEvent], stamp: Timestamp) -> String {
    let stamp = stamp.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    let mut line = |text: String| out.push_str(&fold(&text));
    line("BEGIN:VCALENDAR".to_owned());
    line("VERSION:2.0".to_owned());
    line("PRODID:-//redress//deadlines//EN".to_owned());
    line("CALSCALE:GREGORIAN".to_owned());
    line("METHOD:PUBLISH".to_owned());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    for event in events {
        let next = event.date.tomorrow().unwrap_or(event.date);
        line("BEGIN:VEVENT".to_owned());
        line(format!("UID:{}", event.uid));
        line(format!("DTSTAMP:{stamp}"));
        line(format!(
            "DTSTART;VALUE=DATE:{}",
            event.date.strftime("%Y%m%d")
        ));
        line(format!("DTEND;VALUE=DATE:{}", next.strftime("%Y%m%d")));
        line(format!("SUMMARY:{}", escape(&event.summary)));
        line(format!("DESCRIPTION:{}", escape(&event.description)));
        line(format!("URL:{}", event.url));
        line("TRANSP:TRANSPARENT".to_owned());
        line("END:VEVENT".to_owned());
    }
    line("END:VCALENDAR".to_owned());
    out
}

impl<S: Store> App<S> {
    /// Gives the signed-in user a new secret feed address (replacing any other) and returns
    /// it; it is shown once.
    pub async fn create_feed(&self, actor: &Actor) -> AppResult<String> {
        let username = actor.username().ok_or(AppError::Unauthenticated)?;
        let (token, hash) = new_token();
        self.store
            .set_feed(&username, Some(&hash), self.clock.now())
            .await?;
        Ok(self.feed_link(&token))
    }

    /// Revokes the signed-in user's feed address.
    pub async fn revoke_feed(&self, actor: &Actor) -> AppResult<()> {
        let username = actor.username().ok_or(AppError::Unauthenticated)?;
        Ok(self
            .store
            .set_feed(&username, None, self.clock.now())
            .await?)
    }

    /// Whether the signed-in user has a feed address.
    pub async fn has_feed(&self, actor: &Actor) -> AppResult<bool> {
        let username = actor.username().ok_or(AppError::Unauthenticated)?;
        Ok(self.store.has_feed(&username).await?)
    }

    /// The feed address for `token`.
    pub fn feed_link(&self, token: &str) -> String {
        format!("{}/feeds/{token}.ics", self.public_url())
    }

    /// The calendar behind a feed token: the open deadlines of the cases its user may see.
    /// `NotFound` for a token that is not (or no longer) a feed's.
    pub async fn feed(&self, token: &str) -> AppResult<String> {
        let username = self
            .store
            .feed_user(&hash_token(token))
            .await?
            .ok_or(AppError::NotFound)?;
        let user = self
            .store
            .user(&username)
            .await?
            .ok_or(AppError::NotFound)?;
        let orgs: Vec<_> = user.roles.iter().map(|(org, _)| org.clone()).collect();
        // The feed lists only the cases its user may see: core's access rule, as on the pages.
        let viewer = Actor::from_user(user.clone()).viewer();
        let mut events = Vec::new();
        let host = self
            .public_url()
            .split("://")
            .nth(1)
            .unwrap_or("redress")
            .split(['/', ':'])
            .next()
            .unwrap_or("redress")
            .to_owned();
        let mut filter = CaseFilter {
            viewer,
            status: Some("open".to_owned()),
            limit: 200,
            ..CaseFilter::default()
        };
        while !orgs.is_empty() {
            let page = self.store.list_cases(&filter).await?;
            for case in &page.cases {
                for deadline in self.store.case_deadlines(&case.reference).await? {
                    let stage = deadline.stage.clone().unwrap_or_default();
                    events.push(DayEvent {
                        uid: format!("{}.{}.{stage}@{host}", case.reference, deadline.clock),
                        date: deadline.due_date,
                        summary: format!("[{}] {}", case.reference, deadline.what),
                        description: format!("{}\n{}", case.title, deadline.what),
                        url: format!("{}/staff/cases/{}", self.public_url(), case.reference),
                    });
                }
            }
            match page.next {
                Some(next) => filter.after = Some(next),
                None => break,
            }
        }
        events.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
        Ok(calendar(
            &format!("Complaint deadlines for {}", user.display_name),
            &events,
            self.clock.now(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn a_calendar_has_crlf_lines_and_an_event_per_deadline() {
        let stamp: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let text = calendar(
            "Deadlines",
            &[DayEvent {
                uid: "LPP-2026-0001.response.stage-1@example.org".to_owned(),
                date: date(2026, 12, 31),
                summary: "[LPP-2026-0001] Send the response".to_owned(),
                description: "x".to_owned(),
                url: "http://example.org/staff/cases/LPP-2026-0001".to_owned(),
            }],
            stamp,
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert!(text.contains("DTSTART;VALUE=DATE:20261231\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20270101\r\n"));
        assert!(text.contains("DTSTAMP:20261201T100000Z\r\n"));
    }
}
