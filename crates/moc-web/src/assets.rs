//! The files the pages load, embedded into the binary: our own style sheet
//! and script (`assets/`), and the front-end packages installed from npm
//! (`node_modules/`, pinned by `package-lock.json`).
//!
//! Only the files the pages use are embedded, not the packages' sources,
//! maps or other builds. URLs carry a build id ([`build_id`]), a digest of
//! every embedded file, so that a server may let browsers cache them for a
//! year: a new binary with different files has different URLs.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_embed::RustEmbed;
use sha2::{Digest as _, Sha256};

/// Our own files.
#[derive(RustEmbed)]
#[folder = "assets/"]
struct Own;

/// The npm packages' files the pages use, by their path in `node_modules`.
#[derive(RustEmbed)]
#[folder = "../../node_modules/"]
#[include = "htmx.org/dist/htmx.min.js"]
#[include = "htmx.org/LICENSE"]
#[include = "leaflet/dist/leaflet.js"]
#[include = "leaflet/dist/leaflet.css"]
#[include = "leaflet/dist/images/*.png"]
#[include = "leaflet/LICENSE"]
#[include = "leaflet.markercluster/dist/leaflet.markercluster.js"]
#[include = "leaflet.markercluster/dist/MarkerCluster.css"]
#[include = "leaflet.markercluster/dist/MarkerCluster.Default.css"]
#[include = "leaflet.markercluster/MIT-LICENCE.txt"]
#[include = "topojson-client/dist/topojson-client.min.js"]
#[include = "topojson-client/LICENSE"]
#[include = "world-atlas/countries-110m.json"]
#[include = "world-atlas/LICENSE"]
#[include = "@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2"]
#[include = "@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2"]
#[include = "@fontsource/noto-sans/LICENSE"]
#[include = "@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2"]
#[include = "@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2"]
#[include = "@fontsource/noto-sans-arabic/LICENSE"]
struct Vendor;

/// The prefix of vendored files' paths: `vendor/htmx.org/dist/htmx.min.js`.
const VENDOR: &str = "vendor/";

/// One embedded file.
#[derive(Clone, Debug)]
pub struct Asset {
    /// Its bytes.
    pub bytes: Cow<'static, [u8]>,
    /// Its media type, for `Content-Type`.
    pub content_type: &'static str,
}

/// The file at `path` (`moc.css`, `vendor/leaflet/dist/leaflet.js`), if
/// embedded. Paths are looked up, never joined to a directory: `..` finds
/// nothing.
pub fn get(path: &str) -> Option<Asset> {
    let file = match path.strip_prefix(VENDOR) {
        Some(rest) => Vendor::get(rest)?,
        None => Own::get(path)?,
    };
    Some(Asset {
        bytes: file.data,
        content_type: content_type(path),
    })
}

/// A digest of every embedded file, 12 hex digits: the URLs' version.
pub fn build_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let mut hasher = Sha256::new();
        let own = Own::iter().map(|p| (String::new(), p));
        let vendor = Vendor::iter().map(|p| (VENDOR.to_owned(), p));
        let mut paths: Vec<String> = own.chain(vendor).map(|(pre, p)| pre + &p).collect();
        paths.sort();
        for path in &paths {
            hasher.update(path.as_bytes());
            if let Some(asset) = get(path) {
                hasher.update(Sha256::digest(&asset.bytes));
            }
        }
        let digest = hasher.finalize();
        digest[..6].iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// The URL of the file at `path`: `/assets/{build id}/{path}`.
pub fn url(path: &str) -> String {
    format!("/assets/{}/{path}", build_id())
}

/// The media type by extension; the files are ours, so the list is short.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("woff2") => "font/woff2",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("txt") | None => "text/plain; charset=utf-8",
        Some(_) if path.ends_with("LICENSE") => "text/plain; charset=utf-8",
        Some(_) => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_files_are_embedded_with_their_types() {
        for (path, kind) in [
            ("moc.css", "text/css; charset=utf-8"),
            (
                "vendor/htmx.org/dist/htmx.min.js",
                "text/javascript; charset=utf-8",
            ),
            ("vendor/leaflet/dist/leaflet.css", "text/css; charset=utf-8"),
            ("vendor/world-atlas/countries-110m.json", "application/json"),
            (
                "vendor/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2",
                "font/woff2",
            ),
            ("vendor/leaflet/LICENSE", "text/plain; charset=utf-8"),
        ] {
            let asset = get(path).unwrap_or_else(|| panic!("{path} is not embedded"));
            assert!(!asset.bytes.is_empty(), "{path}");
            assert_eq!(asset.content_type, kind, "{path}");
        }
    }

    #[test]
    fn only_listed_files_are_found() {
        for path in [
            "",
            "vendor/",
            "vendor/leaflet/package.json",
            "vendor/htmx.org/dist/htmx.js",
            "../Cargo.toml",
            "vendor/../../Cargo.toml",
            "/etc/passwd",
        ] {
            assert!(get(path).is_none(), "{path}");
        }
    }

    #[test]
    fn urls_carry_the_build_id() {
        let id = build_id();
        assert_eq!(id.len(), 12);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(url("moc.css"), format!("/assets/{id}/moc.css"));
    }
}
