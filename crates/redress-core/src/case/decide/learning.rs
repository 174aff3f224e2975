//! Themes and learning: tagging a case with the procedure's reporting themes, and recording
//! learning actions (with an owner and a due date) through to done.

use super::{Context, required};
use crate::calendar::{format_date, london_date};
use crate::case::command::LearningAction;
use crate::case::event::Fact;
use crate::case::refusal::Refusal;
use crate::ids::ThemeId;
use jiff::civil::Date;

/// `set-themes`: every theme must be one of the procedure's; repeats count once. An empty list
/// clears the case's themes.
pub(super) fn set_themes(cx: &Context, themes: Vec<String>) -> Result<Vec<Fact>, Refusal> {
    let allowed = cx.procedure.reporting.themes();
    let mut chosen: Vec<ThemeId> = Vec::new();
    for (index, theme) in themes.iter().enumerate() {
        let Some(known) = allowed.iter().find(|t| t.as_str() == theme.trim()) else {
            let list: Vec<&str> = allowed.iter().map(ThemeId::as_str).collect();
            return Err(Refusal::invalid(
                format!("themes[{index}]"),
                format!("`{theme}` is not one of this procedure's themes"),
            )
            .instead(format!("choose from: {}", list.join(", "))));
        };
        if !chosen.contains(known) {
            chosen.push(known.clone());
        }
    }
    if chosen == cx.case.themes {
        return Err(Refusal::not_now("the case already has exactly these themes").field("themes"));
    }
    Ok(vec![Fact::ThemesSet { themes: chosen }])
}

/// `add-learning-action`: what, who owns it, and a due date not before the day it is recorded.
pub(super) fn add(
    cx: &Context,
    what: String,
    owner: String,
    due: Date,
) -> Result<Vec<Fact>, Refusal> {
    let what = required("what", what)?;
    let owner = required("owner", owner)?;
    let today = london_date(cx.at);
    if due < today {
        return Err(Refusal::invalid(
            "due",
            format!(
                "a learning action recorded on {} cannot be due before that day",
                format_date(today)
            ),
        ));
    }
    Ok(vec![Fact::LearningActionAdded {
        action: LearningAction {
            description: what,
            owner: Some(owner),
            due: Some(due),
        },
    }])
}

/// `complete-learning-action`: the action must be one of the case's, not yet done (the gate
/// has already refused a case with none open).
pub(super) fn complete(
    cx: &Context,
    action: u32,
    what_changed: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    let record = (action as usize)
        .checked_sub(1)
        .and_then(|index| cx.case.learning.get(index));
    let Some(record) = record else {
        return Err(Refusal::invalid(
            "action",
            format!(
                "this case has no learning action {action}; it has {}",
                cx.case.learning.len()
            ),
        ));
    };
    if let Some(done) = record.done_at {
        return Err(Refusal::not_now(format!(
            "learning action {action} was already done on {}",
            format_date(london_date(done))
        ))
        .field("action"));
    }
    let what_changed = what_changed.filter(|text| !text.trim().is_empty());
    Ok(vec![Fact::LearningActionCompleted {
        action,
        what_changed,
    }])
}
