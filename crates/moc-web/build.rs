//! Stops the build with a clear message when the front-end packages are not
//! installed: the pages embed files from the workspace's `node_modules`
//! (`src/assets.rs`), which `scripts/setup` fills from `package-lock.json`.

use std::path::Path;

/// A file of every package the pages embed: if one is missing, `npm ci`
/// has not run (or ran on an older `package.json`).
const REQUIRED: [&str; 8] = [
    "htmx.org/dist/htmx.min.js",
    "leaflet/dist/leaflet.js",
    "leaflet.markercluster/dist/leaflet.markercluster.js",
    "topojson-client/dist/topojson-client.min.js",
    "world-atlas/countries-110m.json",
    "@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2",
    "@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2",
    "@fontsource/noto-sans/LICENSE",
];

fn main() {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules");
    println!("cargo::rerun-if-changed=../../package-lock.json");
    println!("cargo::rerun-if-changed=../../node_modules");
    for file in REQUIRED {
        println!("cargo::rerun-if-changed=../../node_modules/{file}");
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|f| !modules.join(f).is_file())
        .collect();
    if missing.is_empty() {
        return;
    }
    let what = if modules.is_dir() {
        format!("node_modules/ lacks {}", missing.join(", "))
    } else {
        "there is no node_modules/".to_owned()
    };
    println!(
        "cargo::error=moc-web embeds the front-end packages installed from npm, \
         but {what}. Run `scripts/setup` (or `npm ci`) at the repository's root, \
         then build again."
    );
}
