//! Column positions of a CSV header, shared by the gazetteer and gold
//! readers.

/// The position of each of `names` in the header row of `reader`, in
/// order; `Err(Ok(name))` names the first missing column, `Err(Err(e))`
/// carries the CSV reader's error.
pub(crate) fn positions<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    names: &[&'static str],
) -> Result<Vec<usize>, Result<&'static str, csv::Error>> {
    let headers = reader.headers().map_err(Err)?;
    names
        .iter()
        .map(|name| headers.iter().position(|h| h == *name).ok_or(Ok(*name)))
        .collect()
}
