//! The pages in a real browser: the `moc` binary serves the demo, Debian's
//! `chromium` (headless, driven through `chromedriver` with WebDriver)
//! reads them.
//!
//! Scenarios: the public page shows no member's name; signing in as a demo
//! officer shows the French dashboard; switching to Arabic renders right to
//! left; the map draws the countries and the incidents' markers; the
//! joint commander starts a patrol and files its report, and each party's
//! officer endorses it; an observer files an incident and adds a second
//! source to it. Screenshots of the pages are saved under `$MOC_SCREENSHOTS` when
//! set (`MOC_SCREENSHOTS=docs/screenshots` refreshes the README's), else
//! in the test's temporary directory.
//!
//! Without `chromium` and `chromedriver` the test says that it skips and
//! passes, unless `CI` is set: CI installs both (`scripts/setup`), so there
//! a missing browser is a failure.

use std::io::{BufRead as _, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

const MOC: &str = env!("CARGO_BIN_EXE_moc");
const PASSWORD: &str = "browser-test-password";

/// The syllables the demo's invented family names are made of
/// (`moc_node::demo`): every name the demo can give has three of them and
/// ends in `o` or `é`. The test reads one real name to check the list is
/// still the demo's.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "ten", "ba", "mi", "sor", "da", "ni", "ga", "ré", "wa", "zu", "fo", "lé", "ma",
    "tu", "bin", "sa", "ko", "dé",
];

/// Every family name the demo can make.
fn demo_family_names() -> Vec<String> {
    let mut names = Vec::with_capacity(SYLLABLES.len().pow(3) * 2);
    for a in SYLLABLES {
        for b in SYLLABLES {
            for c in SYLLABLES {
                for end in ['o', 'é'] {
                    let s = format!("{a}{b}{c}{end}");
                    let mut chars = s.chars();
                    if let Some(first) = chars.next() {
                        names.push(first.to_uppercase().chain(chars).collect());
                    }
                }
            }
        }
    }
    names
}

/// The names of `names` found in `text`.
fn names_in<'a>(text: &str, names: &'a [String]) -> Vec<&'a str> {
    names
        .iter()
        .filter(|n| text.contains(n.as_str()))
        .map(String::as_str)
        .collect()
}

/// A program on the `PATH`.
fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(program))
        .find(|p| p.is_file())
}

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `moc demo --no-serve`, then `moc serve` on a free port: its address.
fn serve_demo(dir: &Path) -> (Killed, String) {
    let out = Command::new(MOC)
        .args(["demo", "--no-serve", "--data", "node"])
        .current_dir(dir)
        .env("MOC_DEMO_PASSWORD", PASSWORD)
        .env("MOC_LANG", "en")
        .output()
        .expect("moc demo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = Command::new(MOC)
        .args(["serve", "--listen", "127.0.0.1:0", "--data", "node"])
        .current_dir(dir)
        .env("MOC_LANG", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("moc serve runs");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim()
        .to_owned();
    (Killed(child), format!("http://{addr}"))
}

/// `chromedriver` on a free port, once it accepts connections.
fn start_driver(chromedriver: &Path) -> (Killed, String) {
    let port = free_port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver runs");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (Killed(child), format!("http://127.0.0.1:{port}"))
}

async fn browser(driver: &str, chromium: &Path, profile: &Path) -> WebDriverResult<WebDriver> {
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(&chromium.display().to_string())?;
    for arg in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--window-size=1280,900",
        "--lang=fr",
        "--accept-lang=fr-FR,fr",
    ] {
        caps.add_arg(arg)?;
    }
    caps.add_arg(&format!("--user-data-dir={}", profile.display()))?;
    WebDriver::new(driver, caps).await
}

/// Saves the whole page (the window grown to the page's height).
async fn shot(driver: &WebDriver, dir: &Path, name: &str) -> WebDriverResult<()> {
    let height = driver
        .execute("return document.documentElement.scrollHeight", Vec::new())
        .await?
        .json()
        .as_i64()
        .unwrap_or(900)
        .clamp(600, 4000);
    driver
        .set_window_rect(0, 0, 1280, u32::try_from(height).unwrap_or(900) + 100)
        .await?;
    driver.screenshot(&dir.join(format!("{name}.png"))).await?;
    driver.set_window_rect(0, 0, 1280, 900).await?;
    Ok(())
}

async fn attribute(driver: &WebDriver, script: &str) -> WebDriverResult<String> {
    Ok(driver
        .execute(script, Vec::new())
        .await?
        .json()
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// The element `by` finds, waiting up to ten seconds for it (a submitted
/// form's answer may not have loaded yet).
async fn wait_find(driver: &WebDriver, by: By) -> WebDriverResult<WebElement> {
    driver
        .query(by)
        .wait(Duration::from_secs(10), Duration::from_millis(100))
        .first()
        .await
}

/// Waits for the page at a URL whose path is `path`.
async fn wait_for_path(driver: &WebDriver, path: &str) -> WebDriverResult<()> {
    let started = Instant::now();
    loop {
        if driver.current_url().await?.path() == path {
            return Ok(());
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never reached {path}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_dashboard_arabic_and_no_names_in_chromium() -> WebDriverResult<()> {
    let (Some(chromium), Some(chromedriver)) = (which("chromium"), which("chromedriver")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests: install chromium and chromium-driver (scripts/setup)"
        );
        eprintln!(
            "SKIPPED: the browser test needs Debian's chromium and chromium-driver \
             (`apt-get install chromium chromium-driver`, or scripts/setup)"
        );
        return Ok(());
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let shots =
        std::env::var_os("MOC_SCREENSHOTS").map_or_else(|| dir.path().join("shots"), PathBuf::from);
    std::fs::create_dir_all(&shots).expect("a screenshot directory");
    let (_server, base) = serve_demo(dir.path());
    let (_driver_process, driver_url) = start_driver(&chromedriver);
    let driver = browser(&driver_url, &chromium, &dir.path().join("profile")).await?;
    let result = scenario(&driver, &base, &shots).await;
    driver.quit().await?;
    result
}

async fn scenario(driver: &WebDriver, base: &str, shots: &Path) -> WebDriverResult<()> {
    let names = demo_family_names();

    // The public page, in French by default: figures, no name.
    driver.goto(format!("{base}/")).await?;
    assert_eq!(
        attribute(driver, "return document.documentElement.lang").await?,
        "fr"
    );
    let public = driver.source().await?;
    assert!(public.contains("Transparence des mécanismes"), "{public}");
    assert!(
        public.contains("MOC Gao") || public.contains("Gao"),
        "{public}"
    );
    let found = names_in(&public, &names);
    assert!(found.is_empty(), "names on the public page: {found:?}");
    // The embedded style sheet applied: the header band is coloured.
    let band = attribute(
        driver,
        "return getComputedStyle(document.querySelector('header.top')).backgroundColor",
    )
    .await?;
    assert_eq!(band, "rgb(11, 61, 92)");
    shot(driver, shots, "public-fr").await?;

    // A wrong password: the error on the page, the user name kept.
    driver
        .find(By::Css("header .account a"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/sign-in").await?;
    driver
        .find(By::Id("user"))
        .await?
        .send_keys("fama-officer")
        .await?;
    driver
        .find(By::Id("password"))
        .await?
        .send_keys("not-the-password")
        .await?;
    driver
        .find(By::Css("form.sign-in button"))
        .await?
        .click()
        .await?;
    let error = wait_find(driver, By::Id("form-error"))
        .await?
        .text()
        .await?;
    assert_eq!(error, "Identifiant ou mot de passe incorrect.");
    let kept = driver.find(By::Id("user")).await?.prop("value").await?;
    assert_eq!(kept.as_deref(), Some("fama-officer"));
    shot(driver, shots, "sign-in-fr").await?;

    // The right one: the French dashboard of Gao's battalion.
    driver
        .find(By::Id("password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    driver
        .find(By::Css("form.sign-in button"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/dashboard").await?;
    let h1 = driver.find(By::Css("h1")).await?.text().await?;
    assert!(h1.starts_with("Tableau de bord"), "{h1}");
    assert!(h1.contains("Gao"), "{h1}");
    let charts = driver.find_all(By::Css("svg.chart[role=img]")).await?;
    assert_eq!(charts.len(), 5);
    for chart in &charts {
        assert!(chart.is_displayed().await?);
    }
    let dashboard = driver.source().await?;
    let found = names_in(&dashboard, &names);
    assert!(found.is_empty(), "names on the dashboard: {found:?}");
    shot(driver, shots, "dashboard-fr").await?;

    // The names list is the demo's: a FAMa officer reads one of its own
    // members' names, and it is among them.
    driver
        .goto(format!(
            "{base}/api/v1/mechanisms/moc-gao/members?party=fama"
        ))
        .await?;
    let list: serde_json::Value =
        serde_json::from_str(&driver.find(By::Css("body")).await?.text().await?)
            .expect("the members as JSON");
    let sn = list["members"]
        .as_array()
        .and_then(|a| a.first())
        .and_then(|m| m["service_number"].as_str())
        .expect("a FAMa member")
        .to_owned();
    driver
        .goto(format!(
            "{base}/api/v1/mechanisms/moc-gao/members/{sn}/identity"
        ))
        .await?;
    let record: serde_json::Value =
        serde_json::from_str(&driver.find(By::Css("body")).await?.text().await?)
            .expect("the identity as JSON");
    let full = record["record"]["full_name"]
        .as_str()
        .unwrap_or_else(|| panic!("a name in {record}"));
    let family = full.rsplit(' ').next().unwrap_or_default();
    assert!(
        names.iter().any(|n| n == family),
        "{full} is not a demo name"
    );

    // Arabic, from the language switch: the same page, right to left.
    driver.goto(format!("{base}/dashboard")).await?;
    driver
        .find(By::Css("nav.langs a[hreflang=ar]"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/dashboard").await?;
    assert_eq!(
        attribute(driver, "return document.documentElement.dir").await?,
        "rtl"
    );
    assert_eq!(
        attribute(driver, "return document.documentElement.lang").await?,
        "ar"
    );
    assert!(
        driver
            .current_url()
            .await?
            .query()
            .unwrap_or("")
            .contains("lang=ar")
    );
    let h1 = driver.find(By::Css("h1")).await?.text().await?;
    assert!(h1.starts_with("لوحة المتابعة"), "{h1}");
    // Logical properties at work: the language links sit on the left.
    let langs_left = driver
        .execute(
            "return document.querySelector('nav.langs').getBoundingClientRect().left < \
             document.querySelector('.brand').getBoundingClientRect().left",
            Vec::new(),
        )
        .await?
        .json()
        .as_bool();
    assert_eq!(langs_left, Some(true));
    shot(driver, shots, "dashboard-ar").await?;

    // The map: country outlines and the incidents, clustered.
    driver.goto(format!("{base}/map?lang=fr")).await?;
    let started = Instant::now();
    loop {
        let drawn = attribute(
            driver,
            "var m = document.getElementById('map'); \
             return (m.dataset.markers && m.dataset.countries_drawn) ? m.dataset.markers : ''",
        )
        .await?;
        if !drawn.is_empty() {
            assert!(drawn.parse::<u32>().unwrap_or(0) >= 4, "markers: {drawn}");
            break;
        }
        if started.elapsed() > Duration::from_secs(15) {
            let why = attribute(
                driver,
                "return JSON.stringify({leaflet: !!window.L, topojson: !!window.topojson, \
                 cluster: !!(window.L && L.markerClusterGroup), \
                 data: Object.assign({}, document.getElementById('map').dataset)})",
            )
            .await?;
            panic!("the map never drew: {why}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let countries = driver
        .find_all(By::Css("#map .leaflet-overlay-pane path"))
        .await?;
    assert!(countries.len() > 100, "{} country shapes", countries.len());
    let markers = driver
        .find_all(By::Css("#map .leaflet-marker-icon"))
        .await?;
    assert!(!markers.is_empty(), "no marker or cluster drawn");
    shot(driver, shots, "map-fr").await?;

    // The incidents, from the navigation: the list, then the Gao bombing
    // with every source's toll side by side.
    driver
        .find(By::Css("header nav a[href^='/incidents']"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/incidents").await?;
    let rows = driver.find_all(By::Css("table.incidents tbody tr")).await?;
    assert!(rows.len() >= 4, "{} incidents listed", rows.len());
    shot(driver, shots, "incidents-fr").await?;
    driver
        .find(By::Css("table.incidents a[href*='id=gao-2017-01-18']"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/incident").await?;
    let sources = driver.find_all(By::Css("table.sources tbody tr")).await?;
    assert!(
        sources.len() >= 9,
        "{} sources (eight, and the merged report's)",
        sources.len()
    );
    let text = driver.find(By::Css("main")).await?.text().await?;
    assert!(
        text.contains("ISS Today") && text.contains("ORTM"),
        "{text}"
    );
    assert_eq!(
        driver
            .find_all(By::Css(".claims .claim-column"))
            .await?
            .len(),
        3
    );
    shot(driver, shots, "incident-fr").await?;

    // The ledger: the checkpoint, and an entry looked up with its proof.
    driver.goto(format!("{base}/ledger?lang=fr")).await?;
    driver.find(By::Id("entry")).await?.send_keys("3").await?;
    driver
        .find(By::Css("form.filters button"))
        .await?
        .click()
        .await?;
    let verdict = wait_find(driver, By::Css("main p.ok"))
        .await?
        .text()
        .await?;
    assert!(
        verdict.contains("L'entrée 3 est dans le journal"),
        "{verdict}"
    );
    shot(driver, shots, "ledger-fr").await?;

    // Signing out ends the session.
    sign_out(driver).await?;
    driver.goto(format!("{base}/dashboard")).await?;
    wait_for_path(driver, "/sign-in").await?;

    patrol_endorsed_by_each_party(driver, base, shots).await?;
    incident_with_two_sources(driver, base, shots).await
}

/// Sets a field's value as a person's picker would (date fields and
/// selects are not typed into).
async fn set_value(driver: &WebDriver, id: &str, value: &str) -> WebDriverResult<()> {
    driver
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![serde_json::json!(id), serde_json::json!(value)],
        )
        .await?;
    Ok(())
}

async fn type_into(driver: &WebDriver, id: &str, text: &str) -> WebDriverResult<()> {
    driver.find(By::Id(id)).await?.send_keys(text).await
}

/// An observer files an incident with its first source from the list's
/// form (a wrong figure first, said beside it), then adds a second source
/// on the incident's page: both tolls side by side, and their range.
async fn incident_with_two_sources(
    driver: &WebDriver,
    base: &str,
    shots: &Path,
) -> WebDriverResult<()> {
    sign_in(driver, base, "minusma-observer").await?;
    driver.goto(format!("{base}/incidents?lang=fr")).await?;
    driver.find(By::Id("new-incident")).await?.click().await?;
    wait_for_path(driver, "/incidents/new").await?;
    set_value(driver, "date", "2017-06-10").await?;
    set_value(driver, "sub_event", "armed-clash").await?;
    type_into(driver, "actor1", "CMA").await?;
    set_value(driver, "actor1_type", "rebel-group").await?;
    type_into(driver, "actor2", "GATIA").await?;
    set_value(driver, "actor2_type", "identity-militia").await?;
    type_into(driver, "location", "Anéfis").await?;
    type_into(driver, "region", "Kidal").await?;
    type_into(driver, "latitude", "18,0544").await?;
    type_into(driver, "longitude", "0,6055").await?;
    type_into(driver, "outlet", "Studio Tamani").await?;
    type_into(driver, "killed", "n/a !!").await?;
    driver.find(By::Id("file-incident")).await?.click().await?;
    let error = wait_find(driver, By::Id("killed-error"))
        .await?
        .text()
        .await?;
    assert!(error.starts_with("Saisissez un nombre"), "{error}");
    let kept = driver.find(By::Id("location")).await?.prop("value").await?;
    assert_eq!(kept.as_deref(), Some("Anéfis"));
    shot(driver, shots, "incident-new-error-fr").await?;
    let killed = driver.find(By::Id("killed")).await?;
    killed.clear().await?;
    killed.send_keys("12").await?;
    driver.find(By::Id("file-incident")).await?.click().await?;
    wait_for_path(driver, "/incident").await?;
    let url = driver.current_url().await?;
    assert!(
        url.query().unwrap_or("").contains("id=anefis-2017-06-10"),
        "{url}"
    );

    // The second source, from the incident's page.
    type_into(driver, "outlet", "RFI").await?;
    type_into(driver, "killed", "près de 20").await?;
    set_value(driver, "language", "fr").await?;
    driver.find(By::Id("add-source")).await?.click().await?;
    let started = Instant::now();
    loop {
        let rows = driver.find_all(By::Css("table.sources tbody tr")).await?;
        if rows.len() == 2 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{} sources shown",
            rows.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let text = driver.find(By::Css("table.sources")).await?.text().await?;
    assert!(
        text.contains("Studio Tamani") && text.contains("RFI") && text.contains("environ 20"),
        "{text}"
    );
    // The range of the two tolls: 12 to 20.
    let tolls = driver.find(By::Css("main table")).await?.text().await?;
    assert!(tolls.contains("12") && tolls.contains("20"), "{tolls}");
    shot(driver, shots, "incident-two-sources-fr").await?;
    sign_out(driver).await
}

/// Signs `user` in through the form, from any page.
async fn sign_in(driver: &WebDriver, base: &str, user: &str) -> WebDriverResult<()> {
    driver.goto(format!("{base}/sign-in?lang=fr")).await?;
    driver.find(By::Id("user")).await?.send_keys(user).await?;
    driver
        .find(By::Id("password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    driver
        .find(By::Css("form.sign-in button"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/dashboard").await
}

async fn sign_out(driver: &WebDriver) -> WebDriverResult<()> {
    driver
        .find(By::Css("header .account button"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/").await
}

/// The joint commander starts a planned patrol and files its report (a
/// wrong field first, said beside it); then each party's officer signs in
/// and endorses it for their own party, the only endorse button they see.
async fn patrol_endorsed_by_each_party(
    driver: &WebDriver,
    base: &str,
    shots: &Path,
) -> WebDriverResult<()> {
    sign_in(driver, base, "moc-gao-commander").await?;
    // The members, from the navigation: service numbers, never a name.
    driver
        .find(By::Css("header nav a[href^='/members']"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/members").await?;
    let rows = driver.find_all(By::Css("table.members tbody tr")).await?;
    assert_eq!(rows.len(), 50, "a page of members");
    let members = driver.source().await?;
    let names = demo_family_names();
    let found = names_in(&members, &names);
    assert!(found.is_empty(), "names on the members page: {found:?}");
    shot(driver, shots, "members-fr").await?;
    // The roster, from the navigation: a week of patrols per zone and day.
    driver
        .find(By::Css("header nav a[href^='/roster']"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/roster").await?;
    let cells = driver
        .find_all(By::Css("table.roster .roster-patrol"))
        .await?;
    assert!(!cells.is_empty(), "patrols on the roster");
    shot(driver, shots, "roster-fr").await?;
    driver
        .find(By::Css("header nav a[href^='/patrols']"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/patrols").await?;
    shot(driver, shots, "patrols-fr").await?;
    driver
        .goto(format!("{base}/patrols?lang=fr&status=planned"))
        .await?;
    driver
        .find(By::Css("table.patrols tbody tr a"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/patrol").await?;
    let patrol = driver.current_url().await?.to_string();
    driver.find(By::Id("start")).await?.click().await?;
    let file = wait_find(driver, By::Id("file-report")).await?;
    let departed = driver.find(By::Id("departed")).await?.prop("value").await?;
    assert!(
        departed.is_some_and(|d| d.contains('T')),
        "departure filled in"
    );
    // No return time: refused, said beside the field.
    driver
        .find(By::Id("distance_km"))
        .await?
        .send_keys("38,5")
        .await?;
    driver
        .find(By::Id("observations"))
        .await?
        .send_keys("Piste dégagée, marché calme.")
        .await?;
    file.click().await?;
    let error = wait_find(driver, By::Id("returned-error"))
        .await?
        .text()
        .await?;
    assert!(error.starts_with("Saisissez une date"), "{error}");
    let kept = driver
        .find(By::Id("distance_km"))
        .await?
        .prop("value")
        .await?;
    assert_eq!(kept.as_deref(), Some("38,5"));
    shot(driver, shots, "patrol-report-error-fr").await?;
    // Typing into a date-time field depends on the browser's locale: set
    // it as a person's picker would.
    driver
        .execute(
            "var d = document.getElementById('departed').value; \
             document.getElementById('returned').value = d.slice(0, 11) + '23:59';",
            Vec::new(),
        )
        .await?;
    driver.find(By::Id("file-report")).await?.click().await?;
    wait_find(driver, By::Css("dl.report")).await?;
    let parties: Vec<String> = {
        let mut ids = Vec::new();
        for crew in driver.find_all(By::Css("section.crew")).await? {
            let id = crew.id().await?.unwrap_or_default();
            ids.push(id.trim_start_matches("crew-").to_owned());
        }
        ids
    };
    assert!(parties.len() >= 2, "{parties:?}");
    assert!(driver.find_all(By::Css("button.endorse")).await?.is_empty());
    sign_out(driver).await?;

    for party in &parties {
        sign_in(driver, base, &format!("{party}-officer")).await?;
        driver.goto(&patrol).await?;
        let buttons = driver.find_all(By::Css("button.endorse")).await?;
        assert_eq!(buttons.len(), 1, "{party}: one button, its own");
        let mine = driver
            .find(By::Css(format!("#crew-{party} button.endorse")))
            .await?;
        mine.click().await?;
        let done = wait_find(driver, By::Css(format!("#crew-{party} .endorsement .ok")))
            .await?
            .text()
            .await?;
        assert_eq!(done, format!("Visé par {party}-officer"));
        sign_out(driver).await?;
    }

    sign_in(driver, base, "moc-gao-commander").await?;
    driver.goto(&patrol).await?;
    let all = driver.find(By::Id("endorsed")).await?.text().await?;
    assert!(all.starts_with("Toutes les parties"), "{all}");
    shot(driver, shots, "patrol-fr").await?;
    sign_out(driver).await
}
