//! The statements of e-mail in: storing a message once per Message-ID — alone in the triage
//! queue, with the events it adds to a case, or with the case it starts — reading the queue, and
//! an officer's decision on a message.
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use redress_core::ids::OrgId;
use sqlx::{AssertSqlSafe, Pool};

use super::writes::unique_as;
use super::{Db, ThisStore, Tx, append_in, begin_write, create_in};
use crate::sql_common::{MAIL_COLUMNS, MailRecord, micros, nul};
use crate::{Commit, InboundMail, MailDecision, NewCase, StoreError, StoreResult};

fn storable_mail(mail: &InboundMail) -> StoreResult<()> {
    nul::storable("e-mail", mail)
}

pub(super) async fn by_column(
    pool: &Pool<Db>,
    column: &str,
    value: &str,
) -> StoreResult<Option<InboundMail>> {
    if !nul::can_match(value) {
        return Ok(None);
    }
    let sql = format!("SELECT {MAIL_COLUMNS} FROM inbound_mail WHERE {column} = $1");
    let record: Option<MailRecord> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(value)
        .fetch_optional(pool)
        .await?;
    record.map(MailRecord::into_mail).transpose()
}

pub(super) async fn open(pool: &Pool<Db>, orgs: &[OrgId]) -> StoreResult<Vec<InboundMail>> {
    let mut mails = Vec::new();
    // One short query per organisation keeps the SQL the same on both databases (no arrays).
    for org in orgs {
        let sql = format!(
            "SELECT {MAIL_COLUMNS} FROM inbound_mail WHERE org = $1 AND status = 'open' \
             ORDER BY received_at_us, id LIMIT 500"
        );
        let records: Vec<MailRecord> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(org.as_str())
            .fetch_all(pool)
            .await?;
        for record in records {
            mails.push(record.into_mail()?);
        }
    }
    mails.sort_by(|a, b| (a.received_at, &a.id).cmp(&(b.received_at, &b.id)));
    mails.truncate(500);
    Ok(mails)
}

/// Inserts the row; `Duplicate` if the Message-ID (or id) is stored.
async fn insert_mail(tx: &mut Tx, mail: &InboundMail) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO inbound_mail (id, message_id, org, received_at_us, sender, subject, body, \
         route, reason, reference, status, resolved_by, resolved_at_us, attachments) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&mail.id)
    .bind(&mail.message_id)
    .bind(mail.org.as_str())
    .bind(micros(mail.received_at))
    .bind(&mail.sender)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(&mail.route)
    .bind(&mail.reason)
    .bind(&mail.reference)
    .bind(&mail.status)
    .bind(&mail.resolved_by)
    .bind(mail.resolved_at.map(micros))
    .bind(serde_json::to_string(&mail.attachments)?)
    .execute(&mut **tx)
    .await
    .map_err(|error| {
        unique_as(error, || {
            StoreError::Duplicate(format!("the e-mail {}", mail.message_id))
        })
    })?;
    Ok(())
}

pub(super) async fn add(store: &ThisStore, mail: &InboundMail) -> StoreResult<()> {
    storable_mail(mail)?;
    let mut tx = begin_write(store).await?;
    insert_mail(&mut tx, mail).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn append_with(
    store: &ThisStore,
    commit: &Commit,
    mail: &InboundMail,
) -> StoreResult<()> {
    storable_mail(mail)?;
    let mut tx = begin_write(store).await?;
    // The message first: a second delivery stops here, before any event is written.
    insert_mail(&mut tx, mail).await?;
    append_in(&mut tx, commit).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn create_with<E: Send + 'static>(
    store: &ThisStore,
    org: &OrgId,
    prefix: &str,
    year: i16,
    build: impl FnOnce(&str) -> Result<NewCase, E> + Send,
    mut mail: InboundMail,
) -> StoreResult<Result<String, E>> {
    storable_mail(&mail)?;
    let mut tx = begin_write(store).await?;
    if by_message_id_in(&mut tx, &mail.message_id).await? {
        return Err(StoreError::Duplicate(format!(
            "the e-mail {}",
            mail.message_id
        )));
    }
    let reference = match create_in(&mut tx, org, prefix, year, build).await? {
        Ok(reference) => reference,
        Err(error) => return Ok(Err(error)),
    };
    mail.reference = Some(reference.clone());
    insert_mail(&mut tx, &mail).await?;
    tx.commit().await?;
    Ok(Ok(reference))
}

async fn by_message_id_in(tx: &mut Tx, message_id: &str) -> StoreResult<bool> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM inbound_mail WHERE message_id = $1")
            .bind(message_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(found.is_some())
}

pub(super) async fn decide(store: &ThisStore, decision: &MailDecision) -> StoreResult<()> {
    if !nul::can_match(&decision.id) {
        return Err(StoreError::NotFound);
    }
    nul::storable_text("decided by", &decision.by)?;
    nul::storable_text("status", &decision.status)?;
    nul::storable_text(
        "reference",
        decision.reference.as_deref().unwrap_or_default(),
    )?;
    let mut tx = begin_write(store).await?;
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM inbound_mail WHERE id = $1")
            .bind(&decision.id)
            .fetch_optional(&mut *tx)
            .await?;
    match status.as_deref() {
        None => return Err(StoreError::NotFound),
        Some("open") => {}
        Some(_) => {
            return Err(StoreError::Duplicate(
                "a decision on this e-mail".to_owned(),
            ));
        }
    }
    if let Some(commit) = &decision.commit {
        append_in(&mut tx, commit).await?;
    }
    // The text goes with the message to the case; a rejected message keeps no personal data.
    sqlx::query(
        "UPDATE inbound_mail SET status = $2, reference = COALESCE($3, reference), \
         resolved_by = $4, resolved_at_us = $5, body = '' WHERE id = $1 AND status = 'open'",
    )
    .bind(&decision.id)
    .bind(&decision.status)
    .bind(&decision.reference)
    .bind(&decision.by)
    .bind(micros(decision.at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn outbox_reference(pool: &Pool<Db>, id: &str) -> StoreResult<Option<String>> {
    if !nul::can_match(id) {
        return Ok(None);
    }
    Ok(
        sqlx::query_scalar("SELECT reference FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}
