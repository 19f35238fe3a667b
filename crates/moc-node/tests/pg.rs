//! A fresh PostgreSQL database per test, from `MOC_TEST_DATABASE_URL`
//! (CI sets it; without it the PostgreSQL tests say so and skip).

#![allow(dead_code)]

use sqlx::Connection;

/// A database made for one test.
pub struct TestDb {
    /// Its URL.
    pub url: String,
    admin: String,
    name: String,
}

/// Creates `moc_test_<tag>_<random>` on the server of
/// `MOC_TEST_DATABASE_URL`, or returns `None` (saying so) when it is unset.
pub async fn fresh_database(tag: &str) -> Option<TestDb> {
    let Ok(admin) = std::env::var("MOC_TEST_DATABASE_URL") else {
        eprintln!(
            "SKIPPED: MOC_TEST_DATABASE_URL is not set, so this PostgreSQL test does not run"
        );
        return None;
    };
    let name = format!("moc_test_{tag}_{:016x}", rand::random::<u64>());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("MOC_TEST_DATABASE_URL must point at a running PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    Some(TestDb {
        url: format!("{base}/{name}"),
        admin,
        name,
    })
}

impl TestDb {
    /// Drops the database.
    pub async fn drop(self) {
        let mut conn = sqlx::PgConnection::connect(&self.admin).await.unwrap();
        sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    }
}
