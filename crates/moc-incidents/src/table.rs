//! The row reader shared by the CSV importers: header lookup done once,
//! one reused `csv::ByteRecord`, size limits, UTF-8 checked per field so a
//! bad byte costs its row only.

use csv::{ByteRecord, ReaderBuilder};
use std::io::Read;

/// The largest field accepted, in bytes.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;
/// The largest record accepted, in bytes.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;

/// A file that cannot be imported at all.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum ImportError {
    /// The input has no header row.
    #[error("the input is empty: no header row")]
    Empty,
    /// A column the format requires is absent from the header.
    #[error("missing column {column:?}")]
    MissingColumn {
        /// The column's name.
        column: String,
    },
    /// The header row cannot be read.
    #[error("header row, column {column}: {reason}")]
    Header {
        /// The column's position, from 1.
        column: u64,
        /// Why.
        reason: String,
    },
    /// Reading failed.
    #[error("line {line}: {reason}")]
    Read {
        /// The line.
        line: u64,
        /// Why.
        reason: String,
    },
}

/// A row that cannot be imported; the rows around it still can.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("line {line}{}: {reason}", field.as_ref().map(|f| format!(", {f}")).unwrap_or_default())]
pub struct RowError {
    /// The line the row starts on (the header is line 1).
    pub line: u64,
    /// The column or field at fault, if one is.
    pub field: Option<String>,
    /// Why.
    pub reason: String,
}

impl RowError {
    pub(crate) fn at(line: u64, field: &str, reason: impl Into<String>) -> Self {
        RowError {
            line,
            field: Some(field.to_owned()),
            reason: reason.into(),
        }
    }
}

pub(crate) struct Table<R> {
    csv: csv::Reader<Lf<R>>,
    record: ByteRecord,
    headers: Vec<String>,
    line: u64,
    done: bool,
}

impl<R: Read> Table<R> {
    pub(crate) fn new(reader: R) -> Result<Self, ImportError> {
        let mut csv = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Lf::new(reader));
        let mut record = ByteRecord::new();
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Err(ImportError::Empty),
            Err(e) => {
                return Err(ImportError::Read {
                    line: 1,
                    reason: e.to_string(),
                });
            }
        }
        let mut headers = Vec::with_capacity(record.len());
        for (i, h) in record.iter().enumerate() {
            let column = i as u64 + 1;
            if h.len() > MAX_FIELD_BYTES {
                return Err(ImportError::Header {
                    column,
                    reason: format!("over {MAX_FIELD_BYTES} bytes"),
                });
            }
            let h = std::str::from_utf8(h).map_err(|e| ImportError::Header {
                column,
                reason: format!("invalid UTF-8: {e}"),
            })?;
            headers.push(h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase());
        }
        Ok(Table {
            csv,
            record,
            headers,
            line: 1,
            done: false,
        })
    }

    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    pub(crate) fn require(&self, name: &str) -> Result<usize, ImportError> {
        self.column(name).ok_or_else(|| ImportError::MissingColumn {
            column: name.to_owned(),
        })
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.column(name).is_some()
    }

    /// Reads the next row; `None` at the end (or after a read failure,
    /// which is reported once).
    pub(crate) fn advance(&mut self) -> Option<Result<u64, RowError>> {
        if self.done {
            return None;
        }
        match self.csv.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                self.line = self.record.position().map_or(self.line + 1, |p| p.line());
                Some(self.check().map(|()| self.line))
            }
            Err(e) => {
                self.done = true;
                let line = e.position().map_or(self.line + 1, |p| p.line());
                Some(Err(RowError {
                    line,
                    field: None,
                    reason: e.to_string(),
                }))
            }
        }
    }

    fn check(&self) -> Result<(), RowError> {
        let total = self.record.as_slice().len();
        if total > MAX_RECORD_BYTES {
            return Err(RowError {
                line: self.line,
                field: None,
                reason: format!("record of {total} bytes, over {MAX_RECORD_BYTES}"),
            });
        }
        for (i, f) in self.record.iter().enumerate() {
            if f.len() > MAX_FIELD_BYTES {
                let name = self.headers.get(i).map_or("?", String::as_str);
                return Err(RowError::at(
                    self.line,
                    name,
                    format!("field of {} bytes, over {MAX_FIELD_BYTES}", f.len()),
                ));
            }
        }
        if self.record.len() != self.headers.len() {
            return Err(RowError {
                line: self.line,
                field: None,
                reason: format!(
                    "{} fields where the header has {}",
                    self.record.len(),
                    self.headers.len()
                ),
            });
        }
        Ok(())
    }

    /// The current row's field in column `idx`, trimmed.
    pub(crate) fn get(&self, idx: usize) -> Result<&str, RowError> {
        let bytes = self.record.get(idx).unwrap_or_default();
        std::str::from_utf8(bytes).map(str::trim).map_err(|e| {
            RowError::at(
                self.line,
                &self.headers[idx],
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            )
        })
    }

    pub(crate) fn name(&self, idx: usize) -> &str {
        &self.headers[idx]
    }

    pub(crate) fn line(&self) -> u64 {
        self.line
    }
}

/// Splits a "; "-joined list, dropping empty items.
pub(crate) fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `None` for an empty text.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Reads `\r\n` as `\n`. The `csv` crate ends a record at the `\r` of a
/// CRLF file and counts the `\n` into the next one, so every row's line
/// number would be one short: files saved on Windows, or by Python's
/// `csv` module, are common, and a wrong line number sends the user to
/// the wrong row. A lone `\r` is kept.
pub(crate) struct Lf<R> {
    inner: R,
    /// Bytes ready to give out, from `pos`.
    out: Vec<u8>,
    pos: usize,
    /// The last byte read was a `\r` not yet given out: whether it stays
    /// depends on the next byte.
    cr: bool,
    eof: bool,
}

impl<R> Lf<R> {
    fn new(inner: R) -> Self {
        Lf {
            inner,
            out: Vec::with_capacity(1 << 16),
            pos: 0,
            cr: false,
            eof: false,
        }
    }
}

impl<R: Read> Lf<R> {
    /// Reads the next chunk of the source into `out`, converted.
    fn fill(&mut self) -> std::io::Result<()> {
        let mut raw = [0u8; 1 << 16];
        let n = self.inner.read(&mut raw)?;
        self.out.clear();
        self.pos = 0;
        if n == 0 {
            if self.cr {
                self.out.push(b'\r');
                self.cr = false;
            }
            self.eof = true;
            return Ok(());
        }
        for &b in &raw[..n] {
            if self.cr {
                self.cr = false;
                if b != b'\n' {
                    self.out.push(b'\r');
                }
            }
            if b == b'\r' {
                self.cr = true;
            } else {
                self.out.push(b);
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Lf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.out.len() {
            if self.eof {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod lf_tests {
    use std::io::Read;

    use super::Lf;

    /// Reads `input` through [`Lf`] in chunks of `chunk` bytes.
    fn through(input: &[u8], chunk: usize) -> Vec<u8> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        let mut lf = Lf::new(Trickle(input, chunk));
        let mut buf = [0u8; 3];
        loop {
            let n = lf.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    }

    #[test]
    fn crlf_becomes_lf_at_every_chunk_boundary() {
        let input = b"a,b\r\nc\r,d\r\n\r\r\ne\r";
        let want = b"a,b\nc\r,d\n\r\ne\r".to_vec();
        for chunk in 1..=input.len() {
            assert_eq!(through(input, chunk), want, "chunk {chunk}");
        }
    }

    #[test]
    fn rows_of_a_crlf_file_get_their_own_line_numbers() {
        let lf = "a,b\n1,2\n3,4\n";
        let crlf = lf.replace('\n', "\r\n");
        for text in [lf.to_owned(), crlf] {
            let mut t = super::Table::new(text.as_bytes()).unwrap();
            let lines: Vec<u64> = std::iter::from_fn(|| t.advance())
                .map(|r| r.unwrap())
                .collect();
            assert_eq!(lines, [2, 3], "{text:?}");
        }
    }
}
