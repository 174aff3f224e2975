//! The case decider: commands in, events out (DESIGN §2).
//!
//! `decide` holds every rule; `Case::apply` only records; `deadlines` derives every clock of a
//! case from its events and its procedure. Nothing here reads the clock or does I/O: the
//! instant a command takes effect, and "now" for deadlines, are passed in.

pub mod attachment;
mod clock;
mod command;
mod deadlines;
mod decide;
pub mod digest;
mod event;
pub mod input;
mod matter;
mod offers;
mod panel;
pub mod publication;
mod refusal;
pub mod replay;
pub mod retention;
mod roles;
mod state;
pub mod subject;

pub use attachment::AttachmentSource;
pub(crate) use clock::{original_response_due, start_of};
pub use command::*;
pub use deadlines::{Clock, ClockStatus, Deadline, deadlines};
pub use decide::decide;
pub use event::*;
pub use matter::{choose_procedure, covers, matter_choices};
pub use offers::{
    Choice, Choices, FieldSpec, Input, Offer, OpenLearning, Party, ScopeChoice, Window,
    field_specs, offers,
};
pub use panel::{draw_panel, verify_panel};
pub use refusal::{Refusal, RefusalCode};
pub use state::{AttachmentRecord, Case, LearningRecord, RestrictionRecord, StageRecord};
