//! No name leaks: the demo's 680 members have invented, distinctive names
//! (*Tessaloumé*, *Karabindo*); this test requests every page and API route
//! the public and an observer can see, reads every file the logs publish
//! and the server's own log output, and finds none of the names — while a
//! party officer, who may, does read its own members' names.

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};

use common::{READER, demo, new_member};
use moc_domain::MechanismId;
use serde_json::Value;

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).expect("a directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push((
                path.display().to_string(),
                std::fs::read(&path).expect("a file"),
            ));
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_name_reaches_the_public_the_observers_the_logs_or_the_server_log() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    let d = demo().await;

    // A new member with a name of our own, registered over the API.
    let planted = "Zanabaroukié Tiguitoubalo";
    let r = d
        .post(
            "/api/v1/mechanisms/moc-gao/members",
            Some("cma-officer"),
            &new_member("CMA-0777", "cma", planted),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());

    // Every name on record: full names, family names, next of kin.
    let mut names = vec![planted.to_owned(), "Tiguitoubalo".to_owned()];
    let mut members = Vec::new();
    {
        let state = d.node.state().await;
        for (m, mech) in &state.mechanisms {
            for sn in mech.members.keys() {
                members.push((m.clone(), sn.clone(), mech.members[sn].party.clone()));
            }
        }
    }
    for (m, sn, _) in &members {
        let row = d
            .node
            .store()
            .identity(m.as_str(), sn.as_str())
            .await
            .unwrap()
            .expect("every member has a record");
        let record: Value = serde_json::from_str(&row.record).unwrap();
        let full = record["full_name"].as_str().unwrap().to_owned();
        names.push(full.rsplit(' ').next().unwrap().to_owned());
        if let Some(kin) = record["next_of_kin"].as_str() {
            names.push(kin.to_owned());
        }
        names.push(full);
    }
    names.sort();
    names.dedup();
    assert!(names.len() > 680, "{}", names.len());

    // What the public and an observer can reach.
    let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
    let mut uris = vec![
        "/".to_owned(),
        "/?lang=en".to_owned(),
        "/?lang=ar".to_owned(),
        "/sign-in".to_owned(),
        "/dashboard".to_owned(),
        "/dashboard?lang=en&m=mali-mauritanie".to_owned(),
        "/dashboard?lang=ar".to_owned(),
        "/map".to_owned(),
        "/api/v1/mechanisms".to_owned(),
        "/api/v1/session".to_owned(),
        "/api/v1/tokens".to_owned(),
    ];
    let mechanisms: Vec<MechanismId> = d.node.state().await.mechanisms.keys().cloned().collect();
    for m in &mechanisms {
        let base = format!("/api/v1/mechanisms/{m}");
        uris.extend([
            base.clone(),
            format!("{base}/members"),
            format!("{base}/patrols"),
            format!("{base}/incidents"),
            format!("{base}/incidents?include_merged=true"),
            format!("{base}/incidents/aggregate"),
            format!("{base}/incidents/export"),
            format!("{base}/incidents/export?format=geojson"),
            format!("{base}/incidents/export?format=hxl"),
            format!("/logs/{m}/checkpoint"),
        ]);
        let incidents: Vec<String> = d.node.state().await.mechanisms[m]
            .incidents
            .keys()
            .map(ToString::to_string)
            .collect();
        uris.extend(incidents.iter().map(|i| format!("{base}/incidents/{i}")));
        uris.push(format!("/incidents?m={m}"));
        for lang in ["fr", "ar"] {
            uris.extend(
                incidents
                    .iter()
                    .map(|i| format!("/incident?lang={lang}&m={m}&id={i}")),
            );
        }
        let patrols: Vec<String> = d.node.state().await.mechanisms[m]
            .patrols
            .keys()
            .map(ToString::to_string)
            .collect();
        uris.extend(patrols.iter().map(|p| format!("{base}/patrols/{p}")));
        uris.push(format!("/patrols?m={m}"));
        uris.push(format!("/incidents/new?m={m}"));
        uris.push(format!("/members?m={m}"));
        uris.push(format!("/members?lang=ar&m={m}&offset=50"));
        uris.push(format!("/vetting?m={m}"));
        uris.push(format!("/roster?m={m}"));
        uris.push(format!("/patrols?lang=ar&m={m}&status=completed"));
        // Every patrol's page in French; a sample in Arabic.
        uris.extend(patrols.iter().map(|p| format!("/patrol?m={m}&id={p}")));
        uris.extend(
            patrols
                .iter()
                .step_by(25)
                .map(|p| format!("/patrol?lang=ar&m={m}&id={p}")),
        );
    }
    for (m, sn, _) in &members {
        uris.push(format!("/api/v1/mechanisms/{m}/members/{sn}"));
        // Asked, and refused to the public and the observer.
        uris.push(format!("/api/v1/mechanisms/{m}/members/{sn}/identity"));
    }
    for caller in [None, Some(READER)] {
        for uri in &uris {
            let r = d.get_as(uri, caller).await;
            if uri.ends_with("/identity") {
                assert!(
                    matches!(r.status.as_u16(), 401 | 403),
                    "{uri}: {}",
                    r.status
                );
            }
            let mut bytes = format!("{:?}", r.headers).into_bytes();
            bytes.extend_from_slice(&r.body);
            seen.push((format!("{caller:?} GET {uri}"), bytes));
        }
    }
    // An observer's export of names is refused; so is the public's.
    for caller in [None, Some(READER)] {
        let r = d
            .post(
                "/api/v1/mechanisms/moc-gao/identities/export",
                caller,
                &serde_json::json!({"members": ["CMA-0777"]}),
            )
            .await;
        assert!(matches!(r.status.as_u16(), 401 | 403), "{}", r.text());
        seen.push((format!("{caller:?} export"), r.body));
    }

    // A party officer reads its own member's name: the route does give
    // names to those who may, so finding none elsewhere means something.
    let r = d
        .get_as(
            "/api/v1/mechanisms/moc-gao/members/CMA-0777/identity",
            Some("cma-officer"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains(planted));
    assert_eq!(r.header(axum::http::header::CACHE_CONTROL), "no-store");

    // Every file the logs publish.
    let mut published = Vec::new();
    files(&d.node.dir().join("logs"), &mut published);
    assert!(published.len() > 10, "{}", published.len());
    seen.extend(published);

    d.node.close().await;
    let server_log = logs.0.lock().unwrap().clone();
    assert!(
        contains(&server_log, "identity read"),
        "the log was captured"
    );
    seen.push(("server log".into(), server_log));

    let mut leaks = Vec::new();
    for (what, bytes) in &seen {
        // Binary tiles too: a name in them is a valid UTF-8 run, which the
        // lossy conversion keeps.
        let text = String::from_utf8_lossy(bytes);
        for name in &names {
            if text.contains(name.as_str()) {
                leaks.push(format!("{name:?} in {what}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks: {:?}",
        leaks.len(),
        &leaks[..leaks.len().min(20)]
    );
    assert!(seen.len() > 2 * uris.len(), "{}", seen.len());
}
