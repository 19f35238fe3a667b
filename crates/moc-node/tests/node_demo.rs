//! The node end to end, in process: the demo on SQLite (and on PostgreSQL
//! when `MOC_TEST_DATABASE_URL` is set), reindex, catch-up after a crash
//! between append and projection, and the log files free of names.

use moc_domain::demo::DemoConfig;
use moc_domain::{
    Command, Language, MechanismId, MemberRef, MemberRole, PartyId, Rank, ServiceNumber, UnitId,
};
use moc_node::demo::open_or_create;
use moc_node::identity::{NewMember, PersonalRecord};
use moc_node::{Node, NodeOptions, Password};
use moc_store::MemberFilter;

fn password() -> Password {
    Password::new("demo-password-for-tests").unwrap()
}

async fn demo_checks(options: NodeOptions) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let (node, report) =
        open_or_create(&data, options.clone(), &DemoConfig::default(), &password())
            .await
            .unwrap();
    assert!(!report.reused);
    assert_eq!(report.members, 680);

    let members = node
        .store()
        .members("moc-gao", &MemberFilter::default())
        .await
        .unwrap();
    assert_eq!(members.len(), 600);
    for party in ["fama", "cma", "plateforme"] {
        assert_eq!(
            members.iter().filter(|m| m.party == party).count(),
            200,
            "{party}"
        );
    }
    let summaries = node.store().mechanisms().await.unwrap();
    assert_eq!(summaries.len(), 2);

    // Reindex gives the same tables.
    let before = node.dump().await.unwrap();
    let r = node.reindex().await.unwrap();
    assert!(r.identical);
    assert!(
        node.dump().await.unwrap() == before,
        "reindex changed the tables"
    );
    node.close().await;
    drop(node);

    // Reopening the demo directory reuses it.
    let (node, report) =
        open_or_create(&data, options.clone(), &DemoConfig::default(), &password())
            .await
            .unwrap();
    assert!(report.reused);
    assert_eq!(report.members, 680);
    node.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_on_sqlite() {
    demo_checks(NodeOptions::default()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_on_postgres() {
    let Some(db) = moc_store::testing::fresh_postgres("demo").await else {
        return;
    };
    demo_checks(NodeOptions {
        database_url: Some(db.url.clone()),
        ..NodeOptions::default()
    })
    .await;
    db.drop_database().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_projection_behind_the_log_catches_up_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let (node, _) = open_or_create(
        &data,
        NodeOptions::default(),
        &DemoConfig::default(),
        &password(),
    )
    .await
    .unwrap();
    node.close().await;
    drop(node);
    // The database as it was before the commands below: restoring it
    // afterwards is exactly a crash after their log appends and before
    // their projection.
    let db = data.join("moc.sqlite");
    let old = dir.path().join("old.sqlite");
    std::fs::copy(&db, &old).unwrap();

    let node = Node::open(&data, NodeOptions::default()).await.unwrap();
    let officer = node.actor("fama-officer").unwrap();
    let vetting = node.actor("fama-vetting").unwrap();
    let member = |n: u32| NewMember {
        mechanism: MechanismId::new("mali-mauritanie").unwrap(),
        service_number: ServiceNumber::new(format!("FAMA-59{n:02}")).unwrap(),
        party: PartyId::new("fama").unwrap(),
        unit: UnitId::new("patrouilles-mixtes").unwrap(),
        rank: Rank::Private,
        roles: [MemberRole::Driver].into(),
        languages: [Language::French].into(),
        identity: PersonalRecord {
            full_name: format!("Rattrapage Essai {n}"),
            birth_date: None,
            birth_place: None,
            photo_ref: None,
            next_of_kin: None,
        },
    };
    for n in 0..3 {
        node.register_member(&officer, member(n)).await.unwrap();
    }
    node.execute(
        &vetting,
        Command::OpenVetting(MemberRef {
            mechanism: MechanismId::new("mali-mauritanie").unwrap(),
            service_number: ServiceNumber::new("FAMA-5900").unwrap(),
        }),
    )
    .await
    .unwrap();
    let full = node.dump().await.unwrap();
    node.close().await;
    drop(node);

    // The crash: the projection lost the last four commands.
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    std::fs::copy(&old, &db).unwrap();
    let store = moc_store::Store::connect(&moc_store::Store::sqlite_url(&db))
        .await
        .unwrap();
    assert!(
        store.dump().await.unwrap() != full,
        "the restored database is behind"
    );
    store.close().await;

    let node = Node::open(&data, NodeOptions::default()).await.unwrap();
    assert!(
        node.dump().await.unwrap() == full,
        "the projection caught up"
    );
    node.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_name_reaches_the_log_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let (node, _) = open_or_create(
        &data,
        NodeOptions::default(),
        &DemoConfig::default(),
        &password(),
    )
    .await
    .unwrap();
    // Every personal field of every member, from the restricted table.
    let mut needles = Vec::new();
    for m in node.store().mechanisms().await.unwrap() {
        for member in node
            .store()
            .members(&m.id, &MemberFilter::default())
            .await
            .unwrap()
        {
            let row = node
                .store()
                .identity(&m.id, &member.service_number)
                .await
                .unwrap()
                .unwrap();
            let record: serde_json::Value = serde_json::from_str(&row.record).unwrap();
            needles.push(record["full_name"].as_str().unwrap().to_owned());
            let kin = record["next_of_kin"].as_str().unwrap();
            needles.push(kin.split(" (").next().unwrap().to_owned());
            needles.push(record["birth_date"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(needles.len(), 680 * 3);
    node.close().await;
    let mut haystack = Vec::new();
    for entry in walk(&data.join("logs")) {
        haystack.extend(std::fs::read(entry).unwrap());
    }
    assert!(haystack.len() > 100_000, "the logs hold the demo");
    let text = String::from_utf8_lossy(&haystack);
    for n in &needles {
        assert!(!text.contains(n.as_str()), "{n} is in the log files");
    }
    // The search works: a commitment does appear.
    assert!(text.contains("sha256:"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
