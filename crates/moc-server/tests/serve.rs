//! The server on a real loopback port, spoken to in raw HTTP/1.1, with every
//! log line of the process captured: the request log says method, route,
//! status and latency, and never a body or a header's value.

mod common;

use std::io::{Read as _, Write as _};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use common::{PASSWORD, demo, new_member};

/// Every formatted log line of this test process.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

/// One raw HTTP/1.1 exchange: status, head and body.
struct Exchange {
    status: u16,
    head: String,
    body: String,
}

/// Sends `request` (with `Connection: close`) and reads the whole answer,
/// with the standard library's blocking socket in a blocking task.
async fn http(addr: SocketAddr, request: String) -> Exchange {
    tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .expect("timeout");
        s.write_all(request.as_bytes()).expect("write");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").expect("a head and a body");
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .expect("a status line");
        Exchange {
            status,
            head: head.to_owned(),
            body: body.to_owned(),
        }
    })
    .await
    .expect("client task")
}

fn request(method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        r.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    r.push_str("\r\n");
    r.push_str(body);
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_http_on_a_real_port_and_logs_no_personal_data() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let d = demo().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(moc_server::serve(
        Arc::clone(&d.node),
        listener,
        async move {
            let _ = stopped.await;
        },
    ));

    let r = http(addr, request("GET", "/api/v1/mechanisms", &[], "")).await;
    assert_eq!(r.status, 200, "{}", r.head);
    assert!(
        r.head
            .to_ascii_lowercase()
            .contains("content-type: application/json")
    );
    assert!(r.body.contains("\"moc-gao\"") && r.body.contains("\"mali-mauritanie\""));

    // Sign in as a browser would: a session cookie and a CSRF token.
    let sign_in = |user: &str, password: &str| {
        request(
            "POST",
            "/api/v1/session",
            &[("Content-Type", "application/json")],
            &serde_json::json!({"user": user, "password": password}).to_string(),
        )
    };
    let r = http(addr, sign_in("plateforme-officer", PASSWORD)).await;
    assert_eq!(r.status, 200, "{}\n{}", r.head, r.body);
    let set_cookie = r
        .head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .expect("a session cookie")
        .to_owned();
    for flag in [
        "moc_session=",
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
    ] {
        assert!(set_cookie.contains(flag), "{set_cookie}");
    }
    let cookie = set_cookie
        .split_once(':')
        .unwrap()
        .1
        .split(';')
        .next()
        .unwrap()
        .trim()
        .to_owned();
    let who: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(who["party"], "plateforme");
    let csrf = who["csrf_token"].as_str().expect("a CSRF token").to_owned();

    let name = "Hamadoun Tracéconfidentiel";
    let body = new_member("PLAT-0999", "plateforme", name).to_string();
    // Without the CSRF token, the session's write is refused.
    let r = http(
        addr,
        request(
            "POST",
            "/api/v1/mechanisms/moc-gao/members?lang=en",
            &[("Content-Type", "application/json"), ("Cookie", &cookie)],
            &body,
        ),
    )
    .await;
    assert_eq!(r.status, 403, "{}\n{}", r.head, r.body);
    assert!(r.body.contains("\"code\":\"csrf\""), "{}", r.body);
    let r = http(
        addr,
        request(
            "POST",
            "/api/v1/mechanisms/moc-gao/members?lang=en",
            &[
                ("Content-Type", "application/json"),
                ("Cookie", &cookie),
                ("X-CSRF-Token", &csrf),
            ],
            &body,
        ),
    )
    .await;
    assert_eq!(r.status, 201, "{}\n{}", r.head, r.body);
    assert!(!r.body.contains(name));

    let r = http(
        addr,
        request(
            "POST",
            "/api/v1/mechanisms/moc-gao/members",
            &[
                ("Content-Type", "application/json"),
                ("Cookie", &cookie),
                ("X-CSRF-Token", &csrf),
                ("Accept-Language", "en"),
            ],
            "{\"identity\": {\"full_name\": \"Hamadoun Tracéconfidentiel\",",
        ),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.head
            .to_ascii_lowercase()
            .contains("content-type: application/problem+json")
    );
    assert!(r.body.contains("\"line\":1"), "{}", r.body);
    // Rendered again in English at the edge, with a length to match.
    assert!(
        r.body.contains("\"title\":\"Malformed JSON\""),
        "{}",
        r.body
    );
    assert!(r.head.to_ascii_lowercase().contains("content-language: en"));
    assert!(
        r.head
            .to_ascii_lowercase()
            .contains(&format!("content-length: {}", r.body.len())),
        "{}",
        r.head
    );

    let r = http(addr, request("GET", "/", &[("Accept-Language", "ar")], "")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("dir=\"rtl\""));

    let r = http(
        addr,
        request(
            "GET",
            "/api/v1/mechanisms/moc-gao/members/PLAT-0999",
            &[("Cookie", &cookie)],
            "",
        ),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("\"registered\"") && !r.body.contains(name));

    // Signing out ends the session: the same cookie, replayed, is refused.
    let r = http(
        addr,
        request(
            "DELETE",
            "/api/v1/session",
            &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
            "",
        ),
    )
    .await;
    assert_eq!(r.status, 204, "{}\n{}", r.head, r.body);
    let members = "/api/v1/mechanisms/moc-gao/members?lang=en";
    for forged in [cookie.as_str(), "moc_session=AAAAAAAAAAAAAAAAAAAAAA"] {
        let r = http(addr, request("GET", members, &[("Cookie", forged)], "")).await;
        assert_eq!(r.status, 401, "{forged}: {}", r.body);
        assert!(r.body.contains("session-invalid"), "{}", r.body);
    }

    // Twenty wrong passwords: refused, then rate-limited.
    let mut statuses = Vec::new();
    for _ in 0..20 {
        let r = http(addr, sign_in("cma-officer", "not the password at all")).await;
        if r.status == 429 {
            assert!(
                r.head.to_ascii_lowercase().contains("retry-after:"),
                "{}",
                r.head
            );
        }
        statuses.push(r.status);
    }
    assert_eq!(statuses[0], 401, "{statuses:?}");
    assert_eq!(statuses[19], 429, "{statuses:?}");
    // The right password is refused too while the account is limited.
    let r = http(addr, sign_in("cma-officer", PASSWORD)).await;
    assert_eq!(r.status, 429, "{}", r.body);

    stop.send(()).expect("the server listens");
    server
        .await
        .expect("server task")
        .expect("a clean shutdown");
    d.close().await;

    // The request log has what it should, and nothing else.
    let text = logs.text();
    assert!(
        text.contains("route=/api/v1/mechanisms/{m}/members"),
        "{text}"
    );
    assert!(text.contains("status=201"), "{text}");
    assert!(text.contains("status=400"), "{text}");
    assert!(text.contains("method=POST"), "{text}");
    assert!(text.contains("latency_us="), "{text}");
    // Account ids (call signs, not names) are logged on purpose: the
    // sign-in trail is how a stolen account is noticed.
    assert!(
        text.contains("signed in user=\"plateforme-officer\""),
        "{text}"
    );
    assert!(text.contains("sign-in refused"), "{text}");
    let session_id = cookie.trim_start_matches("moc_session=");
    for secret in [
        name,
        "Tracéconfidentiel",
        "Tessalit-Ouest-Essai",
        "Essaidonnée",
        "PLAT-0999",
        "lang=en",
        PASSWORD,
        "not the password at all",
        csrf.as_str(),
        session_id,
    ] {
        assert!(!text.contains(secret), "{secret} reached the log:\n{text}");
    }
}
