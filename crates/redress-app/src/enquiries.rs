//! Ombudsman enquiries from the app's side: a case's enquiries with their deadlines, and the
//! evidence pack for one — a PDF of the timeline, every letter and message, the deadlines with
//! how each was worked out and the procedure version, and a ZIP of what is kept (letters'
//! PDFs, e-mail received and sent as stored, attachments as received). Only for staff who may open the case
//! (`visible`), each read recorded in the audit log.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_core::case::{Case, ClockStatus, Deadline, Fact};
use redress_core::ids::OrgId;
use redress_pdf::{Report, Section};
use redress_store::Store;
use serde::Serialize;

use crate::App;
use crate::audit::Seen;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::person::PersonCase;
use crate::person_pdf::{case_sections, words_instant};
use crate::views::case_deadlines;

/// One enquiry on a case, as the API lists it.
#[derive(Clone, Debug, Serialize)]
pub struct EnquiryLine {
    /// Its number on the case, from 1.
    pub number: u32,
    /// The ombudsman's reference.
    pub ombudsman_reference: String,
    /// The day it arrived.
    pub received_on: Date,
    /// What it asks for.
    pub summary: String,
    /// Its response deadline, with how it was worked out and where it stands.
    pub deadline: Deadline,
    /// When it was answered, if it was.
    pub answered_at: Option<Timestamp>,
    /// What was sent, if it was answered.
    pub answer: Option<String>,
}

/// Everything an evidence pack holds.
#[derive(Clone, Debug, Serialize)]
pub struct EvidencePack {
    /// The enquiry it answers.
    pub enquiry: EnquiryLine,
    /// The procedure version the case ran on.
    pub procedure_version: String,
    /// Every clock of the case, with how each date was worked out.
    pub deadlines: Vec<Deadline>,
    /// The case whole.
    pub case: PersonCase,
    /// When the pack was made (the app's clock).
    pub generated_at: Timestamp,
}

impl<S: Store> App<S> {
    /// The ombudsman's enquiries on a case the actor may open (`read enquiries`).
    pub async fn enquiries(&self, actor: &Actor, reference: &str) -> AppResult<Vec<EnquiryLine>> {
        let (org, events) = self
            .visible(actor, reference, Seen::Read("read enquiries"))
            .await?;
        self.enquiry_lines(&org, &Case::from_events(&events))
    }

    fn enquiry_lines(&self, org: &OrgId, case: &Case) -> AppResult<Vec<EnquiryLine>> {
        let loaded = self.loaded_for(org, case)?;
        let deadlines = case_deadlines(case, loaded, self.clock.now())?;
        Ok(enquiry_lines(case, &deadlines))
    }

    /// The evidence pack for enquiry `number` (`evidence pack N`). `NotFound` when the case
    /// has no such enquiry.
    pub async fn evidence_pack(
        &self,
        actor: &Actor,
        reference: &str,
        number: u32,
    ) -> AppResult<EvidencePack> {
        let action = format!("evidence pack {number}");
        let (org, events) = self.visible(actor, reference, Seen::Read(&action)).await?;
        let case = Case::from_events(&events);
        let enquiry = self
            .enquiry_lines(&org, &case)?
            .into_iter()
            .find(|line| line.number == number)
            .ok_or(AppError::NotFound)?;
        let loaded = self.loaded_for(&org, &case)?;
        let deadlines = case_deadlines(&case, loaded, self.clock.now())?;
        let procedure_version = case.procedure_version.clone().unwrap_or_default();
        let case = self
            .gather_case(reference.to_owned(), org, events, Vec::new())
            .await?;
        Ok(EvidencePack {
            enquiry,
            procedure_version,
            deadlines,
            case,
            generated_at: self.clock.now(),
        })
    }

    /// The pack's ZIP: a `README.txt` saying what each part is and what is not kept, the
    /// pack's PDF, each letter's PDF, each e-mail received and sent as stored, and each
    /// attachment's content as received.
    ///
    /// redress keeps no raw message, received or sent: e-mail in is stored as the facts and the
    /// cleaned text read from it, e-mail out as the outbox payload it was built from (the
    /// tracking link erased once sent). So the ZIP holds those, named `.txt`, and never a
    /// `.eml` made up afterwards; only the attachments are the bytes as they arrived.
    pub async fn evidence_zip(&self, pack: &EvidencePack) -> AppResult<Vec<u8>> {
        let mut zip = crate::zip::Zip::default();
        zip.add("README.txt", readme(pack).as_bytes());
        zip.add("evidence-pack.pdf", &evidence_pdf(pack)?);
        for letter in &pack.case.letters {
            let pdf =
                redress_pdf::letter(&letter.letter).map_err(|e| AppError::Internal(e.into()))?;
            zip.add(&format!("letters/{}-{}.pdf", letter.id, letter.kind), &pdf);
        }
        let mut count = 0;
        for event in &pack.case.events {
            if let Fact::InformationReceived {
                summary,
                message_id: Some(message_id),
                ..
            } = &event.fact
                && let Some(mail) = self.store.mail_by_message_id(message_id).await?
            {
                count += 1;
                // The row keeps the message's facts; its text is the case's event.
                let text = format!(
                    "Message-ID: {}\nFrom: {}\nReceived: {}\nSubject: {}\n\n{}\n",
                    mail.message_id,
                    mail.sender.as_deref().unwrap_or(""),
                    mail.received_at,
                    mail.subject,
                    summary
                );
                zip.add(&format!("email/received/{count}.txt"), text.as_bytes());
            }
        }
        for (index, entry) in pack.case.messages_sent.iter().enumerate() {
            let (extension, text) = sent_as_stored(entry);
            let kind: String = entry
                .message
                .kind
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            zip.add(
                &format!("email/sent/{}-{kind}.{extension}", index + 1),
                text.as_bytes(),
            );
        }
        if let Some(files) = self.files() {
            for file in &pack.case.attachments {
                let bytes = files
                    .get(&file.sha256)
                    .map_err(|e| AppError::Internal(e.into()))?;
                if let Some(bytes) = bytes {
                    let name = file.name.replace(['/', '\\'], "_");
                    zip.add(&format!("files/{}-{name}", &file.sha256[..12]), &bytes);
                }
            }
        }
        Ok(zip.finish())
    }
}

/// An e-mail redress wrote, as the outbox keeps it: the recipient, subject and text with when it
/// was queued and sent (`txt`), or the stored payload itself when it is not an e-mail's (`json`).
fn sent_as_stored(entry: &redress_store::OutboxEntry) -> (&'static str, String) {
    let message = &entry.message;
    let Ok(payload) = crate::mail::Payload::read(&message.payload) else {
        let json = serde_json::to_string_pretty(&message.payload).unwrap_or_default();
        return ("json", json + "\n");
    };
    let sent = match (entry.sent_at, entry.parked_at) {
        (Some(at), _) => at.to_string(),
        (None, Some(_)) => "not sent: set aside after failing".to_owned(),
        (None, None) => "not sent yet".to_owned(),
    };
    let mut text = format!("Outbox id: {}\nTo: {}\n", message.id, payload.to);
    if let Some(reply_to) = &payload.reply_to {
        text.push_str(&format!("Reply-To: {reply_to}\n"));
    }
    text.push_str(&format!(
        "Subject: {}\nQueued: {}\nSent: {sent}\n",
        payload.subject, message.created_at
    ));
    if let Some(letter) = &payload.letter {
        text.push_str(&format!(
            "Attached: the letter {} ({}) as a PDF; see letters/\n",
            letter.reference, letter.kind
        ));
    }
    text.push('\n');
    text.push_str(&payload.text);
    text.push('\n');
    ("txt", text)
}

/// What the ZIP holds, and what redress does not keep, for whoever opens it.
fn readme(pack: &EvidencePack) -> String {
    format!(
        "Evidence pack for case {reference}, for the ombudsman's enquiry {enquiry}, made {made}.

evidence-pack.pdf
  The enquiry, the procedure version the case ran on, every deadline with how it was worked
  out, and the case whole: its timeline, letters, messages and the list of its files.

letters/
  Each letter the case sent, as a PDF set again from the letter as stored: the words, date,
  addressee and signature it was sent with.

email/received/
  Each e-mail that arrived on the case, as redress stored it: the Message-ID, sender, subject
  and time of arrival read from the message, and its text as extracted then (an HTML message
  reduced to its text). redress does not keep the raw message it received, so no original
  .eml is here. Files attached to an e-mail are under files/, as received. An e-mail that
  began a case is the case's submission, in evidence-pack.pdf.

email/sent/
  Each e-mail redress wrote for the case, as its outbox stored it: the recipient, subject and
  text, with when it was queued and sent. redress does not keep the message as it went out
  (its headers and MIME parts), so no .eml is here. Where a private tracking link was, the
  text says {{{{tracking_link}}}}: the link is not kept once the e-mail is sent.

files/
  Each file attached to the case, byte for byte as received, named by the first 12
  characters of its SHA-256 and its name.
",
        reference = pack.case.reference,
        enquiry = pack.enquiry.ombudsman_reference,
        made = words_instant(pack.generated_at),
    )
}

/// A case's enquiries, each with its reply's clock from `deadlines` (the case's `deadlines()`,
/// which has one `OmbudsmanEnquiry` clock per enquiry, in the order recorded): what the API
/// lists and the case page shows.
pub fn enquiry_lines(case: &Case, deadlines: &[Deadline]) -> Vec<EnquiryLine> {
    let clocks = deadlines
        .iter()
        .filter(|d| d.clock == redress_core::case::Clock::OmbudsmanEnquiry);
    case.enquiries
        .iter()
        .zip(clocks)
        .enumerate()
        .map(|(index, (record, deadline))| EnquiryLine {
            number: index as u32 + 1,
            ombudsman_reference: record.ombudsman_reference.clone(),
            received_on: record.received_on,
            summary: record.summary.clone(),
            deadline: deadline.clone(),
            answered_at: record.answered.as_ref().map(|(at, _)| *at),
            answer: record.answered.as_ref().map(|(_, text)| text.clone()),
        })
        .collect()
}

/// The pack as an A4 PDF.
pub fn evidence_pdf(pack: &EvidencePack) -> AppResult<Vec<u8>> {
    redress_pdf::report(&evidence_report(pack)).map_err(|error| AppError::Internal(error.into()))
}

/// The report the PDF sets: the enquiry, the procedure version, every deadline with how it was
/// worked out, then the case whole.
pub fn evidence_report(pack: &EvidencePack) -> Report {
    let enquiry = &pack.enquiry;
    let mut sections = vec![
        Section {
            level: 2,
            heading: format!("Enquiry {} from the ombudsman", enquiry.number),
            rows: vec![
                (
                    "Ombudsman's reference".to_owned(),
                    enquiry.ombudsman_reference.clone(),
                ),
                ("Received on".to_owned(), enquiry.received_on.to_string()),
                (
                    "Reply due".to_owned(),
                    enquiry.deadline.due.date.to_string(),
                ),
                (
                    "How the date was worked out".to_owned(),
                    enquiry.deadline.why.clone(),
                ),
                ("What it asks".to_owned(), enquiry.summary.clone()),
                (
                    "Procedure version the case ran on".to_owned(),
                    pack.procedure_version.clone(),
                ),
            ],
            paragraphs: Vec::new(),
        },
        Section {
            level: 2,
            heading: "Deadlines, and how each was worked out".to_owned(),
            rows: pack
                .deadlines
                .iter()
                .map(|d| {
                    (
                        format!("{} (due {})", d.what, d.due.date),
                        format!("{}; {}", status_words(&d.status), d.why),
                    )
                })
                .collect(),
            paragraphs: Vec::new(),
        },
    ];
    sections.extend(case_sections(&pack.case));
    Report {
        title: format!("Evidence for the ombudsman: case {}", pack.case.reference),
        intro: vec![format!(
            "Made on {} for the ombudsman's enquiry {}.",
            words_instant(pack.generated_at),
            enquiry.ombudsman_reference
        )],
        footer: format!("Evidence pack: {}", pack.case.reference),
        sections,
    }
}

fn status_words(status: &ClockStatus) -> String {
    match status {
        ClockStatus::Open => "open".to_owned(),
        ClockStatus::Overdue => "overdue".to_owned(),
        ClockStatus::Met { at, on_time } => format!(
            "done {}{}",
            words_instant(*at),
            if *on_time { ", on time" } else { ", late" }
        ),
        ClockStatus::Paused => "stopped".to_owned(),
        ClockStatus::NotNeeded => "not needed".to_owned(),
        ClockStatus::Lapsed => "lapsed".to_owned(),
    }
}
