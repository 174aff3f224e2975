//! Which of an organisation's procedures a new case runs on, the one rule: the matter the
//! feedback is about chooses the procedure that lists it, and anything no procedure claims
//! goes to the main one.

use crate::case::refusal::Refusal;
use crate::procedure::{Matter, Procedure};

/// The procedure, of those an organisation has in force on the day (`in_force`, each at one
/// version), that feedback about `matter` runs on: the one that lists the matter, or the main
/// procedure when none is named. A matter no procedure lists is refused naming `matter`, so a
/// typing mistake is never quietly handled under the wrong procedure.
pub fn choose_procedure<'a>(
    in_force: &[&'a Procedure],
    matter: Option<&str>,
) -> Result<&'a Procedure, Refusal> {
    let main = || {
        in_force
            .iter()
            .find(|p| p.procedure.id.is_main())
            .copied()
            .ok_or_else(|| Refusal::invalid("matter", "this organisation has no main procedure"))
    };
    let Some(matter) = matter.map(str::trim).filter(|m| !m.is_empty()) else {
        return main();
    };
    in_force
        .iter()
        .find(|p| covers(p, matter))
        .copied()
        .ok_or_else(|| unknown(in_force, matter))
}

/// The matters offered when feedback arrives, in the order of the procedures given (main
/// first, as `Procedures` lists them); none when the organisation runs one procedure that
/// lists none, so the form asks nothing new.
pub fn matter_choices<'a>(in_force: &[&'a Procedure]) -> Vec<&'a Matter> {
    in_force
        .iter()
        .flat_map(|p| p.procedure.matters.iter())
        .collect()
}

/// Whether `procedure` lists `matter`.
pub fn covers(procedure: &Procedure, matter: &str) -> bool {
    procedure
        .procedure
        .matters
        .iter()
        .any(|m| m.id.as_str() == matter)
}

fn unknown(in_force: &[&Procedure], matter: &str) -> Refusal {
    let ids: Vec<&str> = matter_choices(in_force)
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    let refusal = Refusal::invalid(
        "matter",
        format!("no procedure of this organisation covers the matter `{matter}`"),
    );
    if ids.is_empty() {
        refusal.instead("leave out `matter`: this organisation runs one procedure")
    } else {
        refusal.instead(format!(
            "name one of: {}, or leave it out for anything else",
            ids.join(", ")
        ))
    }
}
