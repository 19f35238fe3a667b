//! For tests of every crate: a fresh PostgreSQL database per test, on the
//! server named by `MOC_TEST_DATABASE_URL` (CI sets it; without it the
//! PostgreSQL tests say so on standard error and skip).

use sqlx::Connection;

/// A database made for one test; [`TestDb::drop_database`] removes it.
#[derive(Debug)]
pub struct TestDb {
    /// Its URL.
    pub url: String,
    admin: String,
    name: String,
}

/// Creates `moc_test_<tag>_<random>`, or returns `None` (saying so) when
/// `MOC_TEST_DATABASE_URL` is unset.
///
/// # Panics
/// When the variable is set but the server cannot be reached: a test that
/// was asked to run on PostgreSQL must not pass silently.
pub async fn fresh_postgres(tag: &str) -> Option<TestDb> {
    let Ok(admin) = std::env::var("MOC_TEST_DATABASE_URL") else {
        eprintln!(
            "SKIPPED: MOC_TEST_DATABASE_URL is not set, so this PostgreSQL test does not run"
        );
        return None;
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let tag: String = tag
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(20)
        .collect();
    let name = format!("moc_test_{tag}_{}_{nanos}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("MOC_TEST_DATABASE_URL must point at a running PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("CREATE DATABASE");
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    Some(TestDb {
        url: format!("{base}/{name}"),
        admin,
        name,
    })
}

impl TestDb {
    /// Drops the database.
    ///
    /// # Panics
    /// When the server refuses.
    pub async fn drop_database(self) {
        let mut conn = sqlx::PgConnection::connect(&self.admin)
            .await
            .expect("connect");
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&mut conn)
        .await
        .expect("DROP DATABASE");
    }
}

/// Runs `check` on a store in a fresh PostgreSQL database, then drops the
/// database; skips (saying so) as [`fresh_postgres`] does.
///
/// # Panics
/// As [`fresh_postgres`], or when the store cannot connect.
pub async fn on_postgres(tag: &str, check: impl AsyncFnOnce(&crate::Store)) {
    let Some(db) = fresh_postgres(tag).await else {
        return;
    };
    let store = crate::Store::connect(&db.url).await.expect("connect");
    check(&store).await;
    store.close().await;
    db.drop_database().await;
}
