//! Integration tests of the JSON API: the real server on port 0, a fresh SQLite database, the
//! five shipped procedures, and a clock moved by hand.

mod assess;
mod helpers;

mod access;
mod api_errors;
mod attachments;
mod bad_input;
mod bad_params;
mod compliments;
mod conduct;
mod enquiries;
mod fuzz;
mod hardening;
mod idempotency;
mod isolation;
mod letters;
mod mail_in;
mod mail_out;
mod matrix;
mod pages_admin;
mod pages_public;
mod pages_staff;
mod public_truth;
mod repeats;
mod reports_api;
mod seeds;
mod several_procedures;
