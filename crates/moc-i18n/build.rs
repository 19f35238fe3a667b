//! The translation files are compiled in by `static_loader!`, which sees a
//! file added to `locales/` only when this crate is rebuilt: this makes any
//! change under `locales/`, a new file included, rebuild it.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
