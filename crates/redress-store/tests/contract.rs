//! The store contract: one suite of stories, each generic over [`Store`], that every
//! implementation must pass unchanged.
//!
//! Every story runs on a fresh SQLite file in a temporary directory, always, and on PostgreSQL
//! when `REDRESS_TEST_POSTGRES_URL` names a server (`scripts/postgres` starts one and prints its
//! URL). Without it the PostgreSQL variants say they skipped and pass.
//!
//! Isolation on PostgreSQL: each fresh store is a database of its own, created through the URL
//! given (which must be allowed to `CREATE DATABASE`) and dropped when the story ends, even if it
//! fails. So stories run in parallel on both databases and never see each other's rows.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use redress_store::{PgStore, SqliteStore, Store};
use sqlx::Connection;
use tempfile::TempDir;

#[path = "contract/admin.rs"]
mod admin;
#[path = "contract/audit.rs"]
mod audit;
#[path = "contract/cases.rs"]
mod cases;
#[path = "contract/concurrency.rs"]
mod concurrency;
#[path = "contract/counts.rs"]
mod counts;
#[path = "contract/idempotency.rs"]
mod idempotency;
#[path = "contract/listing.rs"]
mod listing;
#[path = "contract/mail.rs"]
mod mail;
#[path = "contract/matters.rs"]
mod matters;
#[path = "contract/outbox.rs"]
mod outbox;
#[path = "contract/people.rs"]
mod people;
#[path = "contract/published.rs"]
mod published;
#[path = "contract/reports.rs"]
mod reports;
#[path = "contract/retention.rs"]
mod retention;
#[path = "contract/support.rs"]
mod support;
#[path = "contract/tracking.rs"]
mod tracking;
#[path = "contract/transfer.rs"]
mod transfer;

/// Where a story gets its stores.
trait Harness {
    /// The store under test.
    type Store: Store;

    /// Whether `backup` writes a copy that opens as a store (SQLite), rather than refusing.
    const BACKUP_COPIES: bool;

    /// A new, empty store.
    async fn fresh(&mut self) -> Self::Store;

    /// A directory the story may write files into.
    fn scratch(&self) -> &Path;
}

static NEXT_STORE: AtomicU32 = AtomicU32::new(1);

/// SQLite stores, each a new file in a temporary directory.
struct SqliteHarness {
    directory: TempDir,
}

impl SqliteHarness {
    fn new() -> SqliteHarness {
        SqliteHarness {
            directory: tempfile::tempdir().expect("a temporary directory"),
        }
    }
}

impl Harness for SqliteHarness {
    type Store = SqliteStore;
    const BACKUP_COPIES: bool = true;

    async fn fresh(&mut self) -> SqliteStore {
        let number = NEXT_STORE.fetch_add(1, Ordering::Relaxed);
        let path = self.directory.path().join(format!("store-{number}.db"));
        SqliteStore::open(&format!("sqlite:{}", path.display()))
            .await
            .expect("open a SQLite store")
    }

    fn scratch(&self) -> &Path {
        self.directory.path()
    }
}

/// PostgreSQL stores, each a new database on the server named by `REDRESS_TEST_POSTGRES_URL`.
struct PgHarness {
    admin_url: String,
    databases: Vec<String>,
    directory: TempDir,
}

impl PgHarness {
    /// The harness, or `None` (having said so) when no server is configured.
    fn new(story: &str) -> Option<PgHarness> {
        match std::env::var("REDRESS_TEST_POSTGRES_URL") {
            Ok(admin_url) if !admin_url.trim().is_empty() => Some(PgHarness {
                admin_url,
                databases: Vec::new(),
                directory: tempfile::tempdir().expect("a temporary directory"),
            }),
            _ => {
                eprintln!("skipped {story} on PostgreSQL: REDRESS_TEST_POSTGRES_URL is not set");
                None
            }
        }
    }
}

impl Harness for PgHarness {
    type Store = PgStore;
    const BACKUP_COPIES: bool = false;

    async fn fresh(&mut self) -> PgStore {
        let url = self.new_database().await;
        PgStore::connect(&url)
            .await
            .expect("connect a PostgreSQL store")
    }

    fn scratch(&self) -> &Path {
        self.directory.path()
    }
}

impl PgHarness {
    /// Creates an empty database, dropped with the harness, and returns its URL.
    async fn new_database(&mut self) -> String {
        let name = format!(
            "redress_t{}_{}_{}",
            std::process::id(),
            NEXT_STORE.fetch_add(1, Ordering::Relaxed),
            jiff::Timestamp::now().as_millisecond() % 100_000_000
        );
        let mut admin = sqlx::PgConnection::connect(&self.admin_url)
            .await
            .expect("connect to REDRESS_TEST_POSTGRES_URL");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create a test database (the URL's user needs CREATEDB)");
        admin.close().await.ok();
        self.databases.push(name.clone());
        with_database(&self.admin_url, &name)
    }
}

impl Drop for PgHarness {
    /// Drops the story's databases, on a thread of its own because `drop` cannot await.
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let databases = std::mem::take(&mut self.databases);
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await else {
                    return;
                };
                for name in databases {
                    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    if let Err(error) = sqlx::query(sqlx::AssertSqlSafe(drop))
                        .execute(&mut admin)
                        .await
                    {
                        eprintln!("could not drop test database {name}: {error}");
                    }
                }
            });
        });
        cleanup.join().ok();
    }
}

/// `url` with its database name replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |index| index + 3);
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |index| authority_start + index);
    format!("{}/{database}{query}", &base[..authority_end])
}

/// Stamps out one `#[tokio::test]` per story and database: `sqlite::story` and
/// `postgres::story`.
macro_rules! stories {
    ($($module:ident :: $story:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    let mut harness = crate::SqliteHarness::new();
                    crate::$module::$story(&mut harness).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    let Some(mut harness) = crate::PgHarness::new(stringify!($story)) else { return };
                    crate::$module::$story(&mut harness).await;
                }
            )*
        }
    };
}

stories! {
    cases::create_case_numbers_each_organisation_and_year_from_one,
    cases::a_failed_build_stores_nothing_and_keeps_the_number,
    cases::appends_and_loads_in_order,
    cases::a_stale_append_is_a_conflict_and_stores_nothing,
    cases::concurrent_appends_on_one_version_let_exactly_one_win,
    cases::read_models_follow_each_commit,
    cases::a_tracking_hash_finds_its_case,
    audit::concurrent_changes_and_reads_leave_one_unbroken_chain,
    audit::a_refused_change_leaves_no_audit_entry,
    concurrency::sixty_four_concurrent_writers_all_succeed_in_order,
    concurrency::failed_and_refused_writes_beside_others_change_nothing,
    counts::open_counts_are_exact_beyond_two_thousand_and_match_the_lists,
    counts::open_learning_is_counted_exactly_on_the_cases_the_viewer_may_see,
    counts::tallies_follow_every_write_and_are_counted_again_alike,
    counts::what_a_viewer_is_kept_from_follows_a_case_as_it_closes_reopens_and_learns,
    reports::report_facts_are_read_by_their_days_and_older_cases_by_their_events,
    reports::one_procedures_report_reads_only_its_own_cases_facts,
    reports::every_case_is_read_once_however_many_chunks_it_takes,
    published::published_items_follow_each_commit_newest_first_per_organisation_in_pages,
    retention::retention_reads_only_the_cases_whose_day_has_come,
    matters::matters_bring_every_case_of_the_people_beside_the_most_recent,
    idempotency::a_key_makes_its_case_once_and_replays_its_answer_until_it_expires,
    idempotency::a_failed_build_records_no_key,
    idempotency::racing_requests_with_one_key_make_one_case,
    listing::the_list_is_limited_to_the_callers_organisations,
    listing::the_list_filters_by_kind_status_stage_and_handler,
    listing::the_list_filters_by_running_deadlines,
    listing::text_search_matches_words_and_never_fails_on_query_syntax,
    listing::pages_return_every_case_exactly_once,
    listing::pages_across_organisations_merge_newest_first_exactly_once,
    listing::visible_cases_are_those_the_list_would_show,
    listing::the_soonest_due_list_is_one_page_in_due_order,
    people::the_outbox_lists_pending_messages_oldest_first_until_sent,
    people::procedures_are_kept_per_version,
    people::users_roles_and_tokens,
    people::tokens_expire_are_revoked_and_listed_without_secrets,
    transfer::export_then_import_reproduces_every_case,
    transfer::backup_writes_a_copy_that_opens_as_a_store,
    admin::users_are_listed_with_their_roles_and_roles_are_revoked,
    admin::confirmations_are_kept_per_version_and_the_first_stands,
    admin::cases_received_in_a_period_come_oldest_first,
    tracking::a_reissued_tracking_token_replaces_the_old_one_with_its_events,
    tracking::link_requests_are_counted_per_key_within_the_window,
    tracking::calendar_feeds_are_one_per_user_replaced_and_revoked,
    tracking::a_message_queued_once_is_never_queued_again,
    outbox::a_claim_counts_the_attempt_and_leases_the_message,
    outbox::failures_wait_until_their_retry_and_parked_messages_wait_for_an_admin,
    outbox::a_secret_is_kept_until_sent_and_never_listed,
    outbox::a_restarted_claimant_gets_its_unfinished_claims_back,
    outbox::concurrent_claims_never_hand_out_one_message_twice,
    mail::each_message_id_is_stored_once_whichever_way_it_goes,
    mail::the_queue_is_per_organisation_and_a_decision_is_taken_once,
}

#[tokio::test]
async fn any_store_chooses_the_database_by_the_urls_scheme() {
    use redress_store::{AnyStore, StoreError};
    let directory = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite:{}", directory.path().join("by-url.db").display());
    assert!(matches!(
        AnyStore::open(&url).await,
        Ok(AnyStore::Sqlite(_))
    ));
    let path = directory.path().join("bare-path.db");
    assert!(matches!(
        AnyStore::open(&path.display().to_string()).await,
        Ok(AnyStore::Sqlite(_))
    ));
    assert!(
        path.exists(),
        "a bare path is a SQLite file, created if missing"
    );
    assert!(matches!(
        AnyStore::open("sqlite::memory:").await,
        Ok(AnyStore::Sqlite(_))
    ));
    for unsupported in ["mysql://localhost/redress", "redis://localhost"] {
        assert!(
            matches!(
                AnyStore::open(unsupported).await,
                Err(StoreError::UnsupportedUrl(_))
            ),
            "{unsupported}"
        );
    }
    if let Some(mut harness) = PgHarness::new("any_store_chooses_the_database_by_the_urls_scheme") {
        let url = harness.new_database().await;
        assert!(matches!(
            AnyStore::open(&url).await,
            Ok(AnyStore::Postgres(_))
        ));
        let postgresql = url.replacen("postgres://", "postgresql://", 1);
        assert!(matches!(
            AnyStore::open(&postgresql).await,
            Ok(AnyStore::Postgres(_))
        ));
    }
}

#[test]
fn database_names_are_swapped_in_urls() {
    assert_eq!(
        with_database("postgres://u:p@h:5432/redress_test", "x"),
        "postgres://u:p@h:5432/x"
    );
    assert_eq!(
        with_database("postgres://u:p@h:5432", "x"),
        "postgres://u:p@h:5432/x"
    );
    assert_eq!(
        with_database("postgres://h/db?sslmode=disable", "x"),
        "postgres://h/x?sslmode=disable"
    );
}
