//! HXL-tagged CSV export (the Humanitarian Exchange Language, hxlstandard.org):
//! the header row, then a row of hashtags, then the records.
//!
//! The hashtags are those the Humanitarian Data Exchange (HDX) puts on
//! ACLED's data (HDX's ACLED scraper and the `hdx-python-api` test
//! fixture built from ACLED columns): `#event+code`, `#date+occurred`,
//! `#date+year`, `#event+type`, `#group+name+first(+assoc)`,
//! `#group+name+second(+assoc)`, `#region+name`, `#country+name`,
//! `#adm1+name` … `#adm3+name`, `#loc+name`, `#geo+lat`, `#geo+lon`,
//! `#meta+source`, `#description` (notes), `#affected+killed`; plus
//! `#event+type+sub` for the sub-event type.

use crate::acled::{ExportError, join, source_text};
use crate::decimal::format_e6;
use crate::model::IncidentRecord;
use std::borrow::Borrow;
use std::io::Write;

/// The exported columns and their hashtags.
pub const COLUMNS: [(&str, &str); 20] = [
    ("event_id_cnty", "#event+code"),
    ("event_date", "#date+occurred"),
    ("year", "#date+year"),
    ("event_type", "#event+type"),
    ("sub_event_type", "#event+type+sub"),
    ("actor1", "#group+name+first"),
    ("assoc_actor_1", "#group+name+first+assoc"),
    ("actor2", "#group+name+second"),
    ("assoc_actor_2", "#group+name+second+assoc"),
    ("region", "#region+name"),
    ("country", "#country+name"),
    ("admin1", "#adm1+name"),
    ("admin2", "#adm2+name"),
    ("admin3", "#adm3+name"),
    ("location", "#loc+name"),
    ("latitude", "#geo+lat"),
    ("longitude", "#geo+lon"),
    ("source", "#meta+source"),
    ("notes", "#description"),
    ("fatalities", "#affected+killed"),
];

/// Writes the records as HXL-tagged CSV.
///
/// # Errors
/// [`ExportError`] when the writer fails.
pub fn write_hxl<W: Write>(
    records: impl IntoIterator<Item = impl Borrow<IncidentRecord>>,
    writer: W,
) -> Result<(), ExportError> {
    let mut out = csv::Writer::from_writer(writer);
    out.write_record(COLUMNS.map(|(c, _)| c))?;
    out.write_record(COLUMNS.map(|(_, t)| t))?;
    for r in records {
        let r: &IncidentRecord = r.borrow();
        let (actor2, assoc2) = r
            .actor2
            .as_ref()
            .map_or((String::new(), String::new()), |a| {
                (
                    a.name.clone(),
                    join(a.associated.iter().map(String::as_str)),
                )
            });
        out.write_record([
            r.event_id_cnty.as_str(),
            &r.event_date,
            &r.year().to_string(),
            r.event_type.label(),
            r.sub_event_type.label(),
            &r.actor1.name,
            &join(r.actor1.associated.iter().map(String::as_str)),
            &actor2,
            &assoc2,
            &r.region,
            &r.country,
            r.admin1.as_deref().unwrap_or(""),
            r.admin2.as_deref().unwrap_or(""),
            r.admin3.as_deref().unwrap_or(""),
            &r.location,
            &format_e6(r.latitude_e6),
            &format_e6(r.longitude_e6),
            &source_text(r),
            &r.notes,
            &r.fatalities.to_string(),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Whether `tag` is a valid HXL hashtag with attributes: '#', a name of
/// lower-case letters, digits and '_' starting with a letter, then any
/// number of "+attribute" of the same form.
#[must_use]
pub fn is_valid_hashtag(tag: &str) -> bool {
    let Some(rest) = tag.strip_prefix('#') else {
        return false;
    };
    rest.split('+').all(|part| {
        part.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::synthesize;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn tag_row_is_present_and_valid() {
        let records: Vec<IncidentRecord> =
            synthesize(50, &mut ChaCha8Rng::seed_from_u64(4)).collect();
        let mut out = Vec::new();
        write_hxl(&records, &mut out).expect("write");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("csv");
        assert_eq!(rows.len(), 2 + records.len());
        assert_eq!(rows[0].get(0), Some("event_id_cnty"));
        assert_eq!(rows[1].len(), COLUMNS.len());
        for tag in &rows[1] {
            assert!(is_valid_hashtag(tag), "{tag}");
        }
        assert_eq!(rows[1].get(0), Some("#event+code"));
        assert_eq!(rows[1].get(19), Some("#affected+killed"));
        assert_eq!(rows[2].get(0), Some(records[0].event_id_cnty.as_str()));
        for bad in [
            "event",
            "#Event",
            "#event+",
            "#+x",
            "#event+Type",
            "#1x",
            "#ev ent",
        ] {
            assert!(!is_valid_hashtag(bad), "{bad}");
        }
    }
}
