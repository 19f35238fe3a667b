//! The crate's errors. Extraction itself cannot fail (an article with no
//! event yields no candidate); only reading a gazetteer or a gold file can.

use thiserror::Error;

/// A gazetteer file that cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum GazetteerError {
    /// The CSV itself is malformed.
    #[error("gazetteer line {line}: {message}")]
    Csv {
        /// 1-based line.
        line: usize,
        /// The CSV reader's message.
        message: String,
    },
    /// A required column is absent from the header.
    #[error("gazetteer: no column {column}")]
    MissingColumn {
        /// The column's name.
        column: &'static str,
    },
    /// A coordinate is not a number.
    #[error("gazetteer line {line}: {column} is not a number")]
    BadNumber {
        /// 1-based line.
        line: usize,
        /// The column's name.
        column: &'static str,
    },
}

/// A gold file that cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum GoldError {
    /// The CSV itself is malformed.
    #[error("gold line {line}: {message}")]
    Csv {
        /// 1-based line.
        line: usize,
        /// The CSV reader's message.
        message: String,
    },
    /// A required column is absent from the header.
    #[error("gold: no column {column}")]
    MissingColumn {
        /// The column's name.
        column: &'static str,
    },
    /// A field's value is not what the column holds.
    #[error("gold line {line}: {column} {value:?} is not valid")]
    BadValue {
        /// 1-based line.
        line: usize,
        /// The column's name.
        column: &'static str,
        /// The value found.
        value: String,
    },
}
