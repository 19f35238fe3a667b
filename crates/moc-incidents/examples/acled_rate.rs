//! Measures ACLED CSV parsing: synthesizes 200,000 records, writes them to
//! an in-memory ACLED CSV, and times reading them back. Prints JSON.
//!
//! `cargo run --release -p moc-incidents --example acled_rate [-- ROWS]`

use moc_incidents::{AcledReader, IncidentRecord, synthesize, write_acled};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let records: Vec<IncidentRecord> =
        synthesize(rows, &mut ChaCha8Rng::seed_from_u64(1)).collect();
    let mut csv = Vec::new();
    let write_start = Instant::now();
    if let Err(e) = write_acled(&records, &mut csv) {
        eprintln!("write failed: {e}");
        std::process::exit(1);
    }
    let write_secs = write_start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut ok = 0usize;
    let mut bad = 0usize;
    match AcledReader::new(csv.as_slice()) {
        Ok(reader) => {
            for row in reader {
                match row {
                    Ok(_) => ok += 1,
                    Err(_) => bad += 1,
                }
            }
        }
        Err(e) => {
            eprintln!("header refused: {e}");
            std::process::exit(1);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{{\"rows\":{ok},\"bad_rows\":{bad},\"bytes\":{},\"parse_seconds\":{secs:.3},\"rows_per_second\":{:.0},\"write_rows_per_second\":{:.0}}}",
        csv.len(),
        ok as f64 / secs,
        rows as f64 / write_secs
    );
}
