//! GeoJSON export (RFC 7946): one FeatureCollection, one Point feature
//! per record, streamed to a writer.
//!
//! Coordinates are `[longitude, latitude]` in decimal degrees (RFC 7946
//! §3.1.1, WGS 84). The properties are the record's public fields, named
//! as ACLED's columns; a record holds nothing about the mechanism's
//! members, and nothing is added here.

use crate::acled::{ExportError, interaction, join, source_scale, source_text};
use crate::model::IncidentRecord;
use serde_json::{Map, Value, json};
use std::borrow::Borrow;
use std::io::Write;

/// The feature of one record.
#[must_use]
pub fn feature(r: &IncidentRecord) -> Value {
    let actor = |a: Option<&crate::model::Actor>| {
        a.map_or((Value::Null, Value::Null, Value::Null), |a| {
            (
                json!(a.name),
                json!(join(a.associated.iter().map(String::as_str))),
                json!(a.kind.label()),
            )
        })
    };
    let (actor1, assoc1, inter1) = actor(Some(&r.actor1));
    let (actor2, assoc2, inter2) = actor(r.actor2.as_ref());
    let mut p = Map::new();
    let mut put = |k: &str, v: Value| {
        p.insert(k.to_owned(), v);
    };
    put("event_id_cnty", json!(r.event_id_cnty));
    put("event_date", json!(r.event_date));
    put("year", json!(r.year()));
    put("time_precision", json!(r.time_precision.get()));
    put("disorder_type", json!(r.disorder_type.label()));
    put("event_type", json!(r.event_type.label()));
    put("sub_event_type", json!(r.sub_event_type.label()));
    put("actor1", actor1);
    put("assoc_actor_1", assoc1);
    put("inter1", inter1);
    put("actor2", actor2);
    put("assoc_actor_2", assoc2);
    put("inter2", inter2);
    put("interaction", json!(interaction(r)));
    put("civilian_targeting", json!(r.civilian_targeting));
    put("iso", json!(r.iso));
    put("region", json!(r.region));
    put("country", json!(r.country));
    put("admin1", json!(r.admin1));
    put("admin2", json!(r.admin2));
    put("admin3", json!(r.admin3));
    put("location", json!(r.location));
    put("geo_precision", json!(r.geo_precision.get()));
    put("source", json!(source_text(r)));
    put("source_scale", json!(source_scale(r)));
    put("notes", json!(r.notes));
    put("fatalities", json!(r.fatalities));
    put("tags", json!(r.tags));
    json!({
        "type": "Feature",
        "id": r.event_id_cnty,
        "geometry": {
            "type": "Point",
            "coordinates": [
                f64::from(r.longitude_e6) / 1e6,
                f64::from(r.latitude_e6) / 1e6,
            ],
        },
        "properties": p,
    })
}

/// Writes the records as one GeoJSON FeatureCollection, a feature at a
/// time (memory does not grow with the number of records).
///
/// # Errors
/// [`ExportError`] when the writer fails.
pub fn write_geojson<W: Write>(
    records: impl IntoIterator<Item = impl Borrow<IncidentRecord>>,
    mut writer: W,
) -> Result<(), ExportError> {
    writer.write_all(br#"{"type":"FeatureCollection","features":["#)?;
    for (i, r) in records.into_iter().enumerate() {
        if i > 0 {
            writer.write_all(b",\n")?;
        } else {
            writer.write_all(b"\n")?;
        }
        serde_json::to_writer(&mut writer, &feature(r.borrow())).map_err(|e| {
            if e.is_io() {
                ExportError::Io(e.into())
            } else {
                ExportError::Write {
                    reason: e.to_string(),
                }
            }
        })?;
    }
    writer.write_all(b"\n]}\n")?;
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::synthesize;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn parses_as_geojson_and_matches_every_record() {
        let mut records: Vec<IncidentRecord> =
            synthesize(300, &mut ChaCha8Rng::seed_from_u64(3)).collect();
        records.push(crate::model::fixtures::gao_2017());
        let mut out = Vec::new();
        write_geojson(&records, &mut out).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let gj: ::geojson::GeoJson = text.parse().expect("valid GeoJSON");
        let ::geojson::GeoJson::FeatureCollection(fc) = gj else {
            panic!("not a FeatureCollection");
        };
        assert_eq!(fc.features.len(), records.len());
        for (f, r) in fc.features.iter().zip(&records) {
            let geometry = f.geometry.as_ref().expect("geometry");
            let ::geojson::GeometryValue::Point { coordinates: pos } = &geometry.value else {
                panic!("not a point");
            };
            assert!((pos[0] - f64::from(r.longitude_e6) / 1e6).abs() < 1e-9);
            assert!((pos[1] - f64::from(r.latitude_e6) / 1e6).abs() < 1e-9);
            let props = f.properties.as_ref().expect("properties");
            assert_eq!(props["event_id_cnty"], json!(r.event_id_cnty));
            assert_eq!(props["fatalities"], json!(r.fatalities));
            assert_eq!(props["sub_event_type"], json!(r.sub_event_type.label()));
            assert_eq!(props["location"], json!(r.location));
            assert_eq!(props.len(), 28);
        }
        let mut empty = Vec::new();
        write_geojson(&[], &mut empty).expect("write");
        let gj: ::geojson::GeoJson = String::from_utf8(empty)
            .expect("utf-8")
            .parse()
            .expect("valid");
        assert!(matches!(gj, ::geojson::GeoJson::FeatureCollection(fc) if fc.features.is_empty()));
    }
}
