//! The gazetteer: places with their variants, region (admin1), point and
//! population, looked up by folded name (case, diacritics and hyphens
//! ignored: "TOMBOUCTOU", "Tombouctou" and "Timbuktu" are one place;
//! "Tin-Essako" and "Ti-n-Essako" too).
//!
//! The embedded one ([`Gazetteer::mali`]) is `data/gazetteer/mali.csv`,
//! the project's GeoNames extract (CC BY 4.0; see its README). A node adds
//! its own zones and localities with [`Gazetteer::add`], so a place the
//! extract lacks (Anefis, Ber, Léré) can still be recognised.
//!
//! Country names ("Mali", "Niger") are never places here, although
//! GeoNames has villages of those names: in a news article they name the
//! country.

use serde::Serialize;

use crate::error::GazetteerError;
use crate::text::{WordMap, WordSet, fold_words};

/// The project's gazetteer of Mali and its border band.
const MALI_CSV: &str = include_str!("../../../data/gazetteer/mali.csv");

/// Folded names that are countries (or a whole region of the world) in
/// the articles, whatever village GeoNames gives them to.
const COUNTRY_NAMES: &[&str] = &[
    "mali",
    "niger",
    "guinea",
    "guinee",
    "algeria",
    "algerie",
    "mauritania",
    "mauritanie",
    "senegal",
    "burkina faso",
    "burkina",
    "cote d ivoire",
    "ivory coast",
    "france",
    "libya",
    "libye",
    "sahel",
    "sahara",
    "azawad",
];

/// Whether folded words name a country or a region of the world rather
/// than a place ("niger", "burkina faso").
pub fn is_country(folded: &str) -> bool {
    COUNTRY_NAMES.contains(&folded)
}

/// One place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    /// A stable key (GeoNames id, or the node's zone id).
    pub id: String,
    /// The canonical name (GeoNames' main name: "Timbuktu", "Ménaka").
    pub name: String,
    /// The region (admin1) name, empty when unknown.
    pub admin1: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Latitude, WGS 84 degrees.
    pub latitude: f64,
    /// Longitude, WGS 84 degrees.
    pub longitude: f64,
    /// Inhabitants (0 when unknown).
    pub population: u64,
    /// Other spellings.
    pub variants: Vec<String>,
}

/// Places indexed by folded name.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: WordMap<String, Vec<usize>>,
    /// The first word of every name, so that a word that starts no name
    /// is passed over with one lookup.
    first_words: WordSet<String>,
    regions: WordMap<String, String>,
    longest: usize,
}

impl Gazetteer {
    /// The embedded gazetteer of Mali and its border band.
    ///
    /// # Errors
    /// Only if the embedded file were malformed, which a test rules out.
    pub fn mali() -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_csv(MALI_CSV)
    }

    /// Reads the columns of `data/gazetteer/mali.csv` (`geonameid`,
    /// `name`, `alternate_names` separated by `|`, `latitude`,
    /// `longitude`, `country_code`, `admin1_name`, `population`); other
    /// columns are ignored.
    ///
    /// # Errors
    /// [`GazetteerError`] naming the line and the column that is missing or
    /// not a number.
    pub fn from_csv(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let c = crate::columns::positions(
            &mut reader,
            &[
                "geonameid",
                "name",
                "alternate_names",
                "latitude",
                "longitude",
                "country_code",
                "admin1_name",
                "population",
            ],
        )
        .map_err(|e| match e {
            Ok(column) => GazetteerError::MissingColumn { column },
            Err(e) => GazetteerError::Csv {
                line: 1,
                message: e.to_string(),
            },
        })?;
        let (id, name, alt, lat, lon) = (c[0], c[1], c[2], c[3], c[4]);
        let (country, admin1, population) = (c[5], c[6], c[7]);
        let mut gazetteer = Gazetteer::default();
        for (n, record) in reader.records().enumerate() {
            let line = n + 2;
            let record = record.map_err(|e| GazetteerError::Csv {
                line,
                message: e.to_string(),
            })?;
            let field = |i: usize| record.get(i).unwrap_or_default();
            let number = |i: usize, column: &'static str| {
                field(i)
                    .parse::<f64>()
                    .map_err(|_| GazetteerError::BadNumber { line, column })
            };
            gazetteer.add(Place {
                id: field(id).to_string(),
                name: field(name).to_string(),
                admin1: field(admin1).to_string(),
                country: field(country).to_string(),
                latitude: number(lat, "latitude")?,
                longitude: number(lon, "longitude")?,
                population: field(population).parse().unwrap_or(0),
                variants: field(alt)
                    .split('|')
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
        Ok(gazetteer)
    }

    /// Adds a place (a node's zone or locality) under its name and
    /// variants.
    pub fn add(&mut self, place: Place) {
        let index = self.places.len();
        let mut keys: Vec<String> = std::iter::once(&place.name)
            .chain(&place.variants)
            .map(|n| fold_words(n))
            .filter(|k| !k.is_empty() && !COUNTRY_NAMES.contains(&k.as_str()))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            self.longest = self.longest.max(key.split(' ').count());
            if let Some(first) = key.split(' ').next() {
                self.first_words.insert(first.to_string());
            }
            let places = &self.places;
            let entry = self.by_name.entry(key).or_default();
            entry.push(index);
            // Most likely first: Malian places before foreign ones, then by
            // population (the new place is not in `places` yet).
            let rank = |i: usize| {
                let p = places.get(i).unwrap_or(&place);
                (p.country != "ML", std::cmp::Reverse(p.population))
            };
            entry.sort_by_key(|&i| rank(i));
        }
        if !place.admin1.is_empty() {
            self.regions
                .insert(fold_words(&place.admin1), place.admin1.clone());
        }
        self.places.push(place);
        // A region named after its capital is known by the capital's
        // variants too ("Timbuktu region" is the region of Tombouctou).
        let place = &self.places[index];
        if let Some(region) = self.regions.get(&fold_words(&place.admin1)).cloned() {
            let names_it = std::iter::once(&place.name)
                .chain(&place.variants)
                .any(|n| fold_words(n) == fold_words(&region));
            if names_it {
                for n in std::iter::once(&place.name).chain(&place.variants) {
                    self.regions.insert(fold_words(n), region.clone());
                }
            }
        }
    }

    /// Every place, in the order they were added.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The place at `index` (as returned by [`Gazetteer::lookup_folded`]).
    pub fn place(&self, index: usize) -> Option<&Place> {
        self.places.get(index)
    }

    /// The longest name, in words.
    pub fn longest_name(&self) -> usize {
        self.longest
    }

    /// The places called `folded` (folded words, as [`fold_words`] makes
    /// them), most likely first: Malian places before foreign ones, then
    /// by population.
    pub fn lookup_folded(&self, folded: &str) -> &[usize] {
        self.by_name.get(folded).map_or(&[], Vec::as_slice)
    }

    /// Whether some name starts with the folded word `word`.
    pub fn starts_a_name(&self, word: &str) -> bool {
        self.first_words.contains(word)
    }

    /// The most likely place called `name`, in any spelling.
    pub fn find(&self, name: &str) -> Option<&Place> {
        self.lookup_folded(&fold_words(name))
            .first()
            .and_then(|&i| self.places.get(i))
    }

    /// The canonical name of the region called `name` ("Timbuktu",
    /// "tombouctou", "Tombouctou region" → "Tombouctou").
    pub fn region(&self, name: &str) -> Option<&str> {
        let folded = fold_words(name);
        let bare = folded
            .strip_suffix(" region")
            .or_else(|| folded.strip_prefix("region de "))
            .or_else(|| folded.strip_prefix("region of "))
            .unwrap_or(&folded);
        self.regions.get(bare).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mali() -> Gazetteer {
        Gazetteer::mali().expect("the embedded gazetteer reads")
    }

    #[test]
    fn the_embedded_file_reads_whole() {
        let g = mali();
        assert_eq!(g.places().len(), 936);
        assert!(g.longest_name() >= 3);
    }

    #[test]
    fn variants_case_and_diacritics() {
        let g = mali();
        for (spelling, canonical, region) in [
            ("Tombouctou", "Timbuktu", "Tombouctou"),
            ("TIMBUKTU", "Timbuktu", "Tombouctou"),
            ("Menaka", "Ménaka", "Ménaka"),
            ("ménaka", "Ménaka", "Ménaka"),
            ("Tin-Essako", "Ti-n-Essako", "Kidal"),
            ("Ti-n-Essako", "Ti-n-Essako", "Kidal"),
            ("Gao", "Gao", "Gao"),
        ] {
            let p = g.find(spelling).expect(spelling);
            assert_eq!((p.name.as_str(), p.admin1.as_str()), (canonical, region));
        }
    }

    #[test]
    fn countries_are_not_places() {
        let g = mali();
        assert!(g.find("Mali").is_none());
        assert!(g.find("Niger").is_none());
    }

    #[test]
    fn regions_by_any_name_of_their_capital() {
        let g = mali();
        assert_eq!(g.region("Timbuktu"), Some("Tombouctou"));
        assert_eq!(
            g.region("the Kidal region").or(g.region("Kidal region")),
            Some("Kidal")
        );
        assert_eq!(g.region("menaka"), Some("Ménaka"));
        assert_eq!(g.region("Atlantis"), None);
    }

    #[test]
    fn a_node_adds_its_own_places() {
        let mut g = mali();
        assert!(g.find("Anefis").is_none());
        g.add(Place {
            id: "zone-anefis".into(),
            name: "Anéfis".into(),
            admin1: "Kidal".into(),
            country: "ML".into(),
            latitude: 18.05,
            longitude: 0.6,
            population: 0,
            variants: vec!["Anefif".into()],
        });
        assert_eq!(g.find("ANEFIS").map(|p| p.admin1.as_str()), Some("Kidal"));
    }

    #[test]
    fn bad_rows_are_named() {
        let bad = "geonameid,name,alternate_names,latitude,longitude,country_code,admin1_name,population\n1,X,,north,1,ML,Gao,0\n";
        assert_eq!(
            Gazetteer::from_csv(bad).err(),
            Some(GazetteerError::BadNumber {
                line: 2,
                column: "latitude"
            })
        );
        assert_eq!(
            Gazetteer::from_csv("name\nX\n").err(),
            Some(GazetteerError::MissingColumn {
                column: "geonameid"
            })
        );
    }
}
