//! The node through the real binary: `moc demo --no-serve`, the member,
//! vetting, patrol and incident commands, `moc reindex`, bad input that
//! changes nothing, and `moc serve` answering the same data over HTTP on a
//! loopback port. Everything runs on SQLite, and again on PostgreSQL when
//! `MOC_TEST_DATABASE_URL` is set.

mod util;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;
use util::{MOC, fails, ok};

/// `moc args… --data DIR [--database-url URL]`.
fn run(dir: &Path, db: Option<&str>, args: &[&str]) -> String {
    ok(dir, &with_node(args, db), "")
}

fn run_fails(dir: &Path, db: Option<&str>, args: &[&str]) -> String {
    fails(dir, &with_node(args, db), "")
}

fn with_node<'a>(args: &[&'a str], db: Option<&'a str>) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend(["--data", "node"]);
    if let Some(url) = db {
        v.extend(["--database-url", url]);
    }
    v
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON output")
}

/// The checkpoint of a mechanism's log: changes with every append.
fn checkpoint(dir: &Path, mechanism: &str) -> String {
    ok(
        dir,
        &[
            "log",
            "checkpoint",
            "--dir",
            &format!("node/logs/{mechanism}"),
        ],
        "",
    )
}

/// `moc roster plan`: a draft that meets the mechanism's rules, refused
/// without an account, planned in the log with one, and a second draft of
/// the same days that neither reuses an id nor books anyone twice.
fn roster_plan(dir: &Path, db: Option<&str>) {
    let members = json(&run(
        dir,
        db,
        &["member", "list", "-m", "moc-gao", "--json"],
    ));
    let party: BTreeMap<&str, &str> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["service_number"].as_str().unwrap(),
                m["party"].as_str().unwrap(),
            )
        })
        .collect();
    let args = [
        "roster",
        "plan",
        "-m",
        "moc-gao",
        "--start",
        "2017-04-05",
        "--days",
        "2",
        "--per-day",
        "2",
        "--time-limit",
        "2",
    ];
    // Accepting needs an account; nothing is planned without one.
    let err = run_fails(dir, db, &[&args[..], &["--accept"]].concat());
    assert!(err.contains("--as"), "{err}");
    let ids = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap_or_default().to_owned())
            .filter(|id| id.contains("-20170405-") || id.contains("-20170406-"))
            .collect()
    };
    let none = json(&run(
        dir,
        db,
        &["patrol", "list", "-m", "moc-gao", "--json"],
    ));
    assert!(ids(&none).is_empty());
    // (Each run searches anew: the draft accepted is the one printed.)
    let accepted = json(&run(
        dir,
        db,
        &[
            &args[..],
            &["--accept", "--as", "moc-gao-commander", "--json"],
        ]
        .concat(),
    ));
    assert_eq!(accepted["feasible"], true, "{accepted}");
    assert_eq!(accepted["accepted"], true, "{accepted}");
    assert!(accepted["seconds_to_feasible"].is_number(), "{accepted}");
    let patrols = accepted["patrols"].as_array().unwrap();
    // Four zones, two patrols a day, two days.
    assert_eq!(patrols.len(), 16, "{accepted}");
    let mut booked: BTreeMap<(String, String), String> = BTreeMap::new();
    for p in patrols {
        let crew: Vec<&str> = p["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert!(crew.contains(&p["leader"].as_str().unwrap()), "{p}");
        for side in ["fama", "cma", "plateforme"] {
            let n = crew.iter().filter(|m| party[*m] == side).count();
            assert!(n >= 2, "{side} on {p}");
        }
        let day = p["patrol"]
            .as_str()
            .unwrap()
            .split('-')
            .nth(1)
            .unwrap()
            .to_owned();
        for m in crew {
            let before = booked.insert((m.to_owned(), day.clone()), p["patrol"].to_string());
            assert!(before.is_none(), "{m} twice on {day}");
        }
    }
    let listed = json(&run(
        dir,
        db,
        &["patrol", "list", "-m", "moc-gao", "--json"],
    ));
    let mut want: Vec<String> = patrols
        .iter()
        .map(|p| p["patrol"].as_str().unwrap().to_owned())
        .collect();
    want.sort();
    let mut got = ids(&listed);
    got.sort();
    assert_eq!(got, want);
    // The same days again: new ids, and nobody already out those days.
    let again = json(&run(dir, db, &[&args[..], &["--json"]].concat()));
    for p in again["patrols"].as_array().unwrap() {
        let id = p["patrol"].as_str().unwrap();
        assert!(id.ends_with("-2"), "{id}");
        let day = id.split('-').nth(1).unwrap().to_owned();
        for m in p["members"].as_array().unwrap() {
            let key = (m.as_str().unwrap().to_owned(), day.clone());
            assert!(!booked.contains_key(&key), "{key:?} booked twice");
        }
    }
    // Bad flags name what is wrong.
    let err = run_fails(dir, db, &["roster", "plan", "-m", "moc-gao", "--days", "0"]);
    assert!(err.contains("--days"), "{err}");
    let err = run_fails(
        dir,
        db,
        &["roster", "plan", "-m", "moc-gao", "--zone", "nowhere"],
    );
    assert!(err.contains("nowhere") && err.contains("gao"), "{err}");
}

fn scenario(db: Option<&str>) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut demo = vec!["demo", "--no-serve", "--data", "node"];
    if let Some(url) = db {
        demo.extend(["--database-url", url]);
    }
    let out = ok(dir, &demo, "");
    assert!(out.contains("680 members"), "{out}");

    // 600 members in Gao, 200 per party.
    let members = json(&run(
        dir,
        db,
        &["member", "list", "-m", "moc-gao", "--json"],
    ));
    let members = members.as_array().unwrap();
    assert_eq!(members.len(), 600);
    for party in ["fama", "cma", "plateforme"] {
        let n = members.iter().filter(|m| m["party"] == party).count();
        assert_eq!(n, 200, "{party}");
    }
    // The table for people says the same.
    let table = run(
        dir,
        db,
        &["member", "list", "-m", "moc-gao", "--party", "cma"],
    );
    assert!(table.contains("200 members"), "{table}");

    // A member through the whole vetting, as the CLI's users would.
    const GAO: [&str; 2] = ["-m", "moc-gao"];
    let add = |sn: &'static str, party: &'static str| -> Vec<&'static str> {
        let mut a = vec![
            "member",
            "add",
            "--as",
            "fama-officer",
            "--service-number",
            sn,
            "--unit",
            "bataillon-gao",
            "--rank",
            "sergeant",
            "--role",
            "driver",
            "--language",
            "songhai",
            "--name",
            "Essai Tessalumbo",
            "--birth-date",
            "1991-04-05",
            "--json",
        ];
        a.extend(GAO);
        if !party.is_empty() {
            a.extend(["--party", party]);
        }
        a
    };
    // The Gao quota is 200 ± 10, so there is room for one more.
    let before = checkpoint(dir, "moc-gao");
    let rec = json(&run(dir, db, &add("FAMA-0999", "")));
    assert_eq!(rec["kind"], "member-registered");
    assert_ne!(checkpoint(dir, "moc-gao"), before);

    // Bad input: nothing changes.
    let before = checkpoint(dir, "moc-gao");
    let dump_before = run(dir, db, &["member", "list", "-m", "moc-gao", "--json"]);
    let err = run_fails(dir, db, &add("FAMA-0999", ""));
    assert!(err.contains("FAMA-0999"), "duplicate: {err}");
    let err = run_fails(dir, db, &add("FAMA-0998", "fictive"));
    assert!(err.contains("fictive"), "unknown party: {err}");
    let mut bad_rank = add("FAMA-0997", "");
    bad_rank[9] = "general-of-everything";
    let err = run_fails(dir, db, &bad_rank);
    assert!(err.contains("--rank"), "bad rank: {err}");
    let err = run_fails(
        dir,
        db,
        &[
            "member",
            "add",
            "--service-number",
            "X-1",
            "--unit",
            "u",
            "--rank",
            "private",
            "--name",
            "N",
            "-m",
            "moc-gao",
        ],
    );
    assert!(err.contains("--as"), "no account: {err}");
    assert_eq!(checkpoint(dir, "moc-gao"), before);
    assert_eq!(
        run(dir, db, &["member", "list", "-m", "moc-gao", "--json"]),
        dump_before
    );

    // Vetting by one party only is refused; a second party completes it.
    for (action, user, succeeds) in [
        ("open", "fama-vetting", true),
        ("approve", "fama-vetting", true),
        ("approve", "fama-vetting", false),
        ("approve", "cma-vetting", true),
    ] {
        let args = [
            "vetting",
            action,
            "FAMA-0999",
            "--as",
            user,
            "-m",
            "moc-gao",
        ];
        if succeeds {
            run(dir, db, &args);
        } else {
            run_fails(dir, db, &args);
        }
    }
    let shown = json(&run(
        dir,
        db,
        &["member", "show", "FAMA-0999", "-m", "moc-gao", "--json"],
    ));
    assert_eq!(shown["status"], "approved");
    assert!(
        !shown.to_string().contains("Tessalumbo"),
        "no name in views"
    );

    // An incident with two sources and their figures, a claim, a merge
    // into the demo's bombing and its undoing, and a joint verification.
    run(
        dir,
        db,
        &[
            "incident",
            "add",
            "--as",
            "minusma-observer",
            "-m",
            "moc-gao",
            "--id",
            "gao-essai",
            "--date",
            "2017-03-20",
            "--zone",
            "gao",
            "--sub-event",
            "Armed clash",
            "--actor1",
            "Unidentified Armed Group (Mali)",
            "--actor1-type",
            "3",
            "--location",
            "Gao",
            "--region",
            "Gao",
            "--at",
            "16.2717,-0.0102",
            "--notes",
            "Essai.",
            "--source",
            "RFI;killed=3;date=2017-03-21;lang=fr",
            "--source",
            "AFP;killed=about 5",
            "--tag",
            "ceasefire violation",
        ],
    );
    let incidents = json(&run(
        dir,
        db,
        &["incident", "list", "-m", "moc-gao", "--json"],
    ));
    assert_eq!(incidents["total"], 5);
    let essai = |dir: &Path| {
        json(&run(
            dir,
            db,
            &["incident", "show", "gao-essai", "-m", "moc-gao", "--json"],
        ))
    };
    let shown = essai(dir);
    assert_eq!(shown["killed"]["low"], 3);
    assert_eq!(shown["killed"]["high"], 5);
    assert_eq!(shown["record"]["fatalities"], 3);
    run(
        dir,
        db,
        &[
            "incident",
            "claim",
            "gao-essai",
            "--as",
            "cma-officer",
            "-m",
            "moc-gao",
            "--kind",
            "denial",
            "--by-party",
            "cma",
            "--statement",
            "La CMA dément.",
            "--source",
            "Studio Tamani;date=2017-03-22",
        ],
    );
    run(
        dir,
        db,
        &[
            "incident",
            "merge",
            "gao-2017-01-18",
            "gao-essai",
            "--as",
            "moc-gao-commander",
            "-m",
            "moc-gao",
            "--reason",
            "Essai de fusion.",
        ],
    );
    assert_eq!(essai(dir)["merged_into"], "gao-2017-01-18");
    let text = run(
        dir,
        db,
        &["incident", "show", "gao-2017-01-18", "-m", "moc-gao"],
    );
    assert!(
        text.contains("Studio Tamani") && text.contains("gao-essai"),
        "{text}"
    );
    run(
        dir,
        db,
        &[
            "incident",
            "split",
            "gao-essai",
            "--as",
            "moc-gao-commander",
            "-m",
            "moc-gao",
            "--reason",
            "Deux événements.",
        ],
    );
    assert_eq!(essai(dir)["merged_into"], serde_json::Value::Null);
    run(
        dir,
        db,
        &[
            "incident",
            "investigate",
            "gao-essai",
            "--as",
            "minusma-observer",
            "-m",
            "moc-gao",
            "--member",
            "fama:fama-officer",
            "--member",
            "cma:cma-officer",
            "--member",
            "minusma:minusma-observer",
        ],
    );
    for (user, finding) in [
        ("fama-officer", "verified"),
        ("cma-officer", "not-verified"),
        ("minusma-observer", "verified"),
    ] {
        run(
            dir,
            db,
            &[
                "incident",
                "finding",
                "gao-essai",
                "--as",
                user,
                "-m",
                "moc-gao",
                "--finding",
                finding,
                "--text",
                "Constaté sur place.",
            ],
        );
    }
    let disputed = json(&run(
        dir,
        db,
        &[
            "incident", "list", "-m", "moc-gao", "--status", "disputed", "--json",
        ],
    ));
    let ids: Vec<&str> = disputed["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["tin-essako-2017-01-22", "gao-essai"]);
    // A team of one party and the observer is refused, saying why.
    let refused = run_fails(
        dir,
        db,
        &[
            "incident",
            "investigate",
            "kidal-2014-05-21",
            "--as",
            "minusma-observer",
            "-m",
            "moc-gao",
            "--member",
            "fama:fama-officer",
            "--member",
            "minusma:minusma-observer",
        ],
    );
    assert!(refused.contains("two parties or more"), "{refused}");

    // Patrols: the demo's, by status.
    let planned = json(&run(
        dir,
        db,
        &[
            "patrol", "list", "-m", "moc-gao", "--status", "planned", "--json",
        ],
    ));
    assert!(!planned.as_array().unwrap().is_empty());

    roster_plan(dir, db);

    // Reindex rebuilds identical tables.
    let r = json(&run(dir, db, &["reindex", "--json"]));
    assert_eq!(r["identical"], true, "{r}");

    // Accounts: an operator adds a read-only observer account and a token
    // for it; the token is printed once, on its own line.
    let out = run(
        dir,
        db,
        &[
            "user",
            "add",
            "un-observer",
            "--party",
            "minusma",
            "--role",
            "observer",
            "--no-password",
        ],
    );
    assert!(out.contains("un-observer"), "{out}");
    let listed = json(&run(dir, db, &["user", "list", "--json"]));
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["user"] == "un-observer" && a["has_password"] == false),
        "{listed}"
    );
    // An officer may not add accounts; a FAMa admin may not add CMA's.
    let err = run_fails(
        dir,
        db,
        &[
            "user",
            "add",
            "x-1",
            "--party",
            "cma",
            "--role",
            "observer",
            "--as",
            "fama-admin",
        ],
    );
    assert!(err.contains("cannot act for cma"), "{err}");
    let err = run_fails(
        dir,
        db,
        &["user", "add", "x-2", "--party", "cma", "--role", "boss"],
    );
    assert!(err.contains("boss"), "{err}");
    // Exporting names for vetting is an explicit, logged act: refused to an
    // officer, done by a vetting officer into a new private file.
    let err = run_fails(
        dir,
        db,
        &[
            "vetting",
            "export",
            "FAMA-0999",
            "--as",
            "fama-officer",
            "-m",
            "moc-gao",
        ],
    );
    assert!(err.contains("vetting-officer"), "{err}");
    let before = checkpoint(dir, "moc-gao");
    run(
        dir,
        db,
        &[
            "vetting",
            "export",
            "FAMA-0999",
            "--as",
            "fama-vetting",
            "-m",
            "moc-gao",
            "--out",
            "export.json",
        ],
    );
    assert_ne!(
        checkpoint(dir, "moc-gao"),
        before,
        "the export is in the log"
    );
    let exported = std::fs::read_to_string(dir.join("export.json")).unwrap();
    assert!(exported.contains("Essai Tessalumbo"), "{exported}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.join("export.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
    let err = run_fails(
        dir,
        db,
        &[
            "vetting",
            "export",
            "FAMA-0999",
            "--as",
            "fama-vetting",
            "-m",
            "moc-gao",
            "--out",
            "export.json",
        ],
    );
    assert!(err.contains("export.json"), "{err}");

    let out = run(
        dir,
        db,
        &[
            "token",
            "create",
            "--as",
            "un-observer",
            "--scope",
            "read",
            "--label",
            "tests",
        ],
    );
    let token = out
        .lines()
        .find(|l| l.starts_with("moc_"))
        .unwrap_or_else(|| panic!("no token in {out}"))
        .to_owned();

    // The API on a loopback port answers the same data.
    let mut server = Server::start(dir, db);
    // Members are not for the public.
    assert!(
        server
            .status("/api/v1/mechanisms/moc-gao/members", None)
            .starts_with("HTTP/1.1 401")
    );
    server.token = Some(token);
    let body = server.get("/api/v1/mechanisms/moc-gao/members");
    let api = json(&body)["members"].clone();
    assert_eq!(api.as_array().unwrap().len(), 601);
    // Reads need no lock: the CLI answers while the server runs, and the
    // same as the API.
    let cli = json(&run(
        dir,
        db,
        &["member", "list", "-m", "moc-gao", "--json"],
    ));
    assert!(api == cli, "the API and the CLI answer the same members");
    // Writes need the logs' lock, which the server holds.
    let err = run_fails(dir, db, &add("FAMA-0996", ""));
    assert!(err.contains("lock"), "{err}");
    server.stop();
}

/// `moc serve` on a free loopback port.
struct Server {
    child: Option<Child>,
    addr: String,
    /// The bearer token requests carry.
    token: Option<String>,
}

impl Server {
    fn start(dir: &Path, db: Option<&str>) -> Server {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--data", "node"];
        if let Some(url) = db {
            args.extend(["--database-url", url]);
        }
        let mut child = Command::new(MOC)
            .args(&args)
            .current_dir(dir)
            .env("MOC_LANG", "en")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("moc serve runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        Server {
            child: Some(child),
            addr,
            token: None,
        }
    }

    /// A GET over plain HTTP/1.1 with `token`, whole.
    fn raw(&self, path: &str, token: Option<&str>) -> String {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\n{auth}Connection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        raw
    }

    /// The status line of a GET.
    fn status(&self, path: &str, token: Option<&str>) -> String {
        self.raw(path, token)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    }

    /// A GET over plain HTTP/1.1 with the server's token; returns the body
    /// of a 200.
    fn get(&self, path: &str) -> String {
        let raw = self.raw(path, self.token.as_deref());
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_owned()
        }
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

#[test]
fn the_node_on_sqlite() {
    scenario(None);
}

#[test]
fn the_node_on_postgres() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(moc_store::testing::fresh_postgres("cli")) else {
        return;
    };
    scenario(Some(&db.url));
    rt.block_on(db.drop_database());
}
