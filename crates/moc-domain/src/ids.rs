//! Identifiers, times and coordinates.
//!
//! Every identifier is a validated short code, never free text: a field typed
//! `ServiceNumber` or `PartyId` cannot carry a person's name with spaces and
//! accents, and a member event has no other string field but the
//! [`IdentityCommitment`]. Coordinates are integer micro-degrees so that the
//! JSON payloads signed into the log hold no floating-point numbers, whose
//! text form is not canonical.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// Defines a validated string identifier: construction goes through
/// `TryFrom<String>` (also used by serde), so an invalid one never exists.
macro_rules! code_id {
    ($(#[$meta:meta])* $name:ident, $what:literal, $max:literal, $pattern:literal, $valid:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Validates `value`.
            ///
            /// # Errors
            /// [`DomainError::InvalidCode`] when it is empty, too long or
            /// holds a character outside the allowed set.
            pub fn new(value: impl Into<String>) -> Result<Self, DomainError> {
                let value = value.into();
                let valid: fn(char) -> bool = $valid;
                if value.is_empty() || value.len() > $max || !value.chars().all(valid) {
                    return Err(DomainError::InvalidCode { what: $what, value: truncate(&value) });
                }
                Ok(Self(value))
            }

            /// The code as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = DomainError;
            fn try_from(value: String) -> Result<Self, DomainError> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                crate::openapi::code($what, $max, $pattern)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

/// Keeps an invalid value short in an error message (it may be hostile input).
fn truncate(value: &str) -> String {
    value.chars().take(40).collect()
}

fn lower_code(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

fn general_code(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
}

code_id!(
    /// A mechanism, e.g. `moc-gao`. Lowercase so that it can name a log.
    MechanismId, "mechanism id", 64, "^[a-z0-9-]+$", lower_code
);
code_id!(
    /// A party, e.g. `fama`: the same string as its signed-note key name, so
    /// that the log's signatures and the domain's parties line up.
    PartyId, "party id", 32, "^[a-z0-9-]+$", lower_code
);
code_id!(
    /// A user account; accounts themselves live outside the domain.
    UserId, "user id", 64, "^[A-Za-z0-9_.:-]+$", general_code
);
code_id!(
    /// A member's service number, e.g. `FAMA-0001`: uppercase letters,
    /// digits and dashes, unique per mechanism.
    ServiceNumber, "service number", 32, "^[A-Z0-9-]+$", |c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'
);
code_id!(
    /// A zone or locality, e.g. `tombouctou`.
    ZoneId, "zone id", 64, "^[a-z0-9-]+$", lower_code
);
code_id!(
    /// A unit that quotas apply to, e.g. `bataillon-gao`.
    UnitId, "unit id", 64, "^[a-z0-9-]+$", lower_code
);
code_id!(
    /// A patrol, e.g. `gao-2017-03-01-a`.
    PatrolId, "patrol id", 64, "^[A-Za-z0-9_.:-]+$", general_code
);
code_id!(
    /// An incident, e.g. `gao-2017-01-18`.
    IncidentId, "incident id", 64, "^[A-Za-z0-9_.:-]+$", general_code
);
code_id!(
    /// A short code such as an incident type (`suicide-bombing`).
    Code, "code", 64, "^[A-Za-z0-9_.:-]+$", general_code
);

/// A salted commitment to a member's personal data (name, birth, next of
/// kin), computed outside the domain by the party-restricted store.
///
/// It is the only identity-related value a member event carries. Its `Debug`
/// is redacted so that it does not end up in logs by accident: it is not a
/// secret, but it links entries about one person.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdentityCommitment(String);

impl IdentityCommitment {
    /// Validates a commitment: 8 to 200 characters of `[A-Za-z0-9+/=:_-]`
    /// (hex, base64 or a `scheme:value` form), so no name fits in it.
    ///
    /// # Errors
    /// [`DomainError::InvalidCode`] otherwise.
    pub fn new(value: impl Into<String>) -> Result<Self, DomainError> {
        let value = value.into();
        let ok = (8..=200).contains(&value.len())
            && value.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | ':' | '_' | '-')
            });
        if ok {
            Ok(Self(value))
        } else {
            Err(DomainError::InvalidCode {
                what: "identity commitment",
                value: "<redacted>".into(),
            })
        }
    }

    /// A demo commitment, `demo:` and 16 hex digits: valid by construction.
    pub(crate) fn demo(hash: u64) -> Self {
        Self(format!("demo:{hash:016x}"))
    }

    /// The commitment as text, for the store that checks it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdentityCommitment {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, DomainError> {
        Self::new(value)
    }
}

impl From<IdentityCommitment> for String {
    fn from(c: IdentityCommitment) -> String {
        c.0
    }
}

impl fmt::Debug for IdentityCommitment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdentityCommitment(<redacted>)")
    }
}

/// A point in time: seconds since the Unix epoch, UTC. The domain never reads
/// a clock; the caller passes `now`.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// This time plus `seconds` (saturating, so no input overflows).
    #[must_use]
    pub fn plus(self, seconds: i64) -> Self {
        Self(self.0.saturating_add(seconds))
    }
}

/// A half-open time interval `[start, end)`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Inclusive start.
    pub start: Timestamp,
    /// Exclusive end; after `start`.
    pub end: Timestamp,
}

impl Window {
    /// Builds a window.
    ///
    /// # Errors
    /// [`DomainError::InvalidWindow`] unless `start < end`.
    pub fn new(start: Timestamp, end: Timestamp) -> Result<Self, DomainError> {
        let w = Self { start, end };
        w.check()?;
        Ok(w)
    }

    /// Checks `start < end` (a deserialised window has not been checked).
    ///
    /// # Errors
    /// [`DomainError::InvalidWindow`].
    pub fn check(&self) -> Result<(), DomainError> {
        if self.start < self.end {
            Ok(())
        } else {
            Err(DomainError::InvalidWindow {
                start: self.start.0,
                end: self.end.0,
            })
        }
    }

    /// Whether the two windows share at least one second.
    #[must_use]
    pub fn overlaps(&self, other: &Window) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A WGS 84 position in micro-degrees (1e-6°, about 11 cm).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Coord {
    /// Latitude × 1e6, in [-90e6, 90e6].
    #[cfg_attr(feature = "openapi", schema(minimum = -90_000_000, maximum = 90_000_000))]
    pub lat_e6: i32,
    /// Longitude × 1e6, in [-180e6, 180e6].
    #[cfg_attr(feature = "openapi", schema(minimum = -180_000_000, maximum = 180_000_000))]
    pub lon_e6: i32,
}

impl Coord {
    /// Builds a coordinate from micro-degrees.
    ///
    /// # Errors
    /// [`DomainError::InvalidCoordinates`] when out of range.
    pub fn new(lat_e6: i32, lon_e6: i32) -> Result<Self, DomainError> {
        let c = Self { lat_e6, lon_e6 };
        c.check()?;
        Ok(c)
    }

    /// Checks the ranges (a deserialised coordinate has not been checked).
    ///
    /// # Errors
    /// [`DomainError::InvalidCoordinates`].
    pub fn check(&self) -> Result<(), DomainError> {
        if (-90_000_000..=90_000_000).contains(&self.lat_e6)
            && (-180_000_000..=180_000_000).contains(&self.lon_e6)
        {
            Ok(())
        } else {
            Err(DomainError::InvalidCoordinates {
                lat_e6: self.lat_e6,
                lon_e6: self.lon_e6,
            })
        }
    }
}

/// A calendar date `YYYY-MM-DD`, for incidents and sources whose time of day
/// is often unknown.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date(String);

impl Date {
    /// Validates the shape and ranges (month 1–12, day 1–31).
    ///
    /// # Errors
    /// [`DomainError::InvalidCode`] otherwise.
    pub fn new(value: impl Into<String>) -> Result<Self, DomainError> {
        let value = value.into();
        let b = value.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && digits(0..4)
            && digits(5..7)
            && digits(8..10)
            && (1..=12).contains(&value[5..7].parse::<u8>().unwrap_or(0))
            && (1..=31).contains(&value[8..10].parse::<u8>().unwrap_or(0));
        if ok {
            Ok(Self(value))
        } else {
            Err(DomainError::InvalidCode {
                what: "date",
                value: truncate(&value),
            })
        }
    }

    /// The date as `YYYY-MM-DD`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Date {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, DomainError> {
        Self::new(value)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.0
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Date {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::openapi::date()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Date {}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ok: bool, result: Result<impl fmt::Debug, DomainError>) {
        assert_eq!(result.is_ok(), ok, "{result:?}");
    }

    #[test]
    fn codes_refuse_free_text() {
        check(true, ServiceNumber::new("FAMA-0001"));
        check(false, ServiceNumber::new("Moussa Traoré"));
        check(false, ServiceNumber::new(""));
        check(true, PartyId::new("fama"));
        check(false, PartyId::new("FAMa"));
        check(false, IdentityCommitment::new("Moussa Traore"));
        check(true, IdentityCommitment::new("sha256:0123456789abcdef"));
        check(true, Date::new("2017-01-18"));
        check(false, Date::new("2017-13-18"));
        check(false, Date::new("2017-1-18"));
        check(false, Date::new("éééééééééé"));
        check(false, Coord::new(200_000_000, 0));
        check(false, Window::new(Timestamp(5), Timestamp(5)));
    }

    #[test]
    fn commitment_debug_is_redacted() {
        let c = IdentityCommitment::new("sha256:0123456789abcdef").unwrap();
        assert!(!format!("{c:?}").contains("0123"));
        let err = serde_json::from_str::<ServiceNumber>("\"a b\"").unwrap_err();
        assert!(err.to_string().contains("service number"));
    }
}
