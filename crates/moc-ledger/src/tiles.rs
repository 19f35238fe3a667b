//! C2SP tlog-tiles: tile paths, hash tiles and entry bundles (pure).
//!
//! The log stores its Merkle tree as tiles of height 8 (c2sp.org/tlog-tiles,
//! "Merkle Tree"): the `N`-th tile at level `L` lists up to 256 consecutive
//! hashes of level `8·L` of the tree, and sits at `tile/<L>/<N>[.p/<W>]`;
//! entries sit in bundles at `tile/entries/<N>[.p/<W>]` ("Log entries"), each
//! a sequence of big-endian uint16 length-prefixed entries. A tile is
//! *partial* (`.p/<W>`) when it holds fewer than 256 hashes.
//!
//! `tlog_tiles::Tile::path` writes Go sumdb's `tile/<H>/<L>/…` form, which is
//! not C2SP's, so the paths are built and parsed here. Everything in this
//! module takes bytes and returns values: no I/O.
//!
//! [`ExpandedTile`] and [`TiledHashReader`] turn stored tiles back into the
//! `tlog_tiles` stored-hash view, so proofs and tree hashes come from
//! `tlog_tiles::{prove_record, prove_tree, tree_hash}` unchanged.

use std::fmt;

use tlog_tiles::{HASH_SIZE, Hash, HashReader, node_hash, split_stored_hash_index};

/// The height of every tile: 8 levels of the tree, 256 hashes wide
/// (c2sp.org/tlog-tiles fixes it).
pub const HEIGHT: u8 = 8;

/// The number of hashes in a full tile and of entries in a full bundle.
pub const WIDTH: u64 = 1 << HEIGHT;

/// The largest entry a bundle can hold: its length is a big-endian uint16.
pub const MAX_ENTRY_LEN: usize = u16::MAX as usize;

/// The highest tile level a path may name (c2sp.org/tlog-tiles: 0 to 63).
pub const MAX_LEVEL: u8 = 63;

/// What a tile holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TileKind {
    /// Hashes of tree level `8·level`.
    Hashes {
        /// The tile level `L` of the path (0 holds the leaf hashes).
        level: u8,
    },
    /// An entry bundle: the entries whose leaf hashes a level-0 tile holds.
    Entries,
}

/// One tile or entry bundle: what it holds, its index within its level and
/// its width (1 to 256; 256 is a full tile).
///
/// The fields are private so that every value is a valid C2SP coordinate:
/// build one with [`TileId::hashes`], [`TileId::entries`] or
/// [`TileId::parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    kind: TileKind,
    index: u64,
    width: u16,
}

/// Why a tile path, a tile or a bundle was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    /// The path is not a C2SP tile or entry-bundle path.
    #[error("malformed tile path {path:?}: {why}")]
    BadPath {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A tile coordinate out of range (level above 63, width 0 or above 256).
    #[error("invalid tile coordinate: {0}")]
    BadCoordinate(&'static str),
    /// A hash tile whose length is not its width times 32 bytes.
    #[error("tile {path}: {found} bytes, expected {expected}")]
    TileLength {
        /// The tile's path.
        path: String,
        /// The length the width implies.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// An entry bundle that ends inside a length prefix or an entry.
    #[error("entry bundle {path}: truncated in entry {entry}")]
    TruncatedBundle {
        /// The bundle's path.
        path: String,
        /// The position in the bundle of the entry cut short.
        entry: usize,
    },
    /// An entry bundle holding a different number of entries than its width.
    #[error("entry bundle {path}: {found} entries, expected {expected}")]
    BundleWidth {
        /// The bundle's path.
        path: String,
        /// The width of the bundle.
        expected: usize,
        /// The entries found (counting only whole ones).
        found: usize,
    },
    /// An entry longer than a uint16 length prefix can say.
    #[error("entry of {0} bytes is longer than 65535")]
    EntryTooLong(usize),
}

impl TileId {
    /// The hash tile at `level`, `index`, `width`.
    ///
    /// # Errors
    ///
    /// [`TileError::BadCoordinate`] if `level > 63` or `width` is not in
    /// `1..=256`.
    pub fn hashes(level: u8, index: u64, width: u16) -> Result<Self, TileError> {
        if level > MAX_LEVEL {
            return Err(TileError::BadCoordinate("level above 63"));
        }
        Self::new(TileKind::Hashes { level }, index, width)
    }

    /// The entry bundle at `index`, `width`.
    ///
    /// # Errors
    ///
    /// [`TileError::BadCoordinate`] if `width` is not in `1..=256`.
    pub fn entries(index: u64, width: u16) -> Result<Self, TileError> {
        Self::new(TileKind::Entries, index, width)
    }

    fn new(kind: TileKind, index: u64, width: u16) -> Result<Self, TileError> {
        if width == 0 || u64::from(width) > WIDTH {
            return Err(TileError::BadCoordinate("width not in 1..=256"));
        }
        Ok(TileId { kind, index, width })
    }

    /// What the tile holds.
    pub fn kind(&self) -> TileKind {
        self.kind
    }

    /// The index `N` of the tile within its level.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// How many hashes (or entries) the tile holds.
    pub fn width(&self) -> u16 {
        self.width
    }

    /// Whether the tile is full (256 wide), hence immutable.
    pub fn is_full(&self) -> bool {
        u64::from(self.width) == WIDTH
    }

    /// The C2SP path: `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`,
    /// with `N` in 3-digit groups, all but the last prefixed by `x`
    /// (c2sp.org/tlog-tiles, "Merkle Tree").
    pub fn path(&self) -> String {
        let mut out = String::with_capacity(32);
        out.push_str("tile/");
        match self.kind {
            TileKind::Hashes { level } => out.push_str(&level.to_string()),
            TileKind::Entries => out.push_str("entries"),
        }
        out.push('/');
        let mut groups = Vec::new();
        let mut n = self.index;
        loop {
            groups.push(n % 1000);
            n /= 1000;
            if n == 0 {
                break;
            }
        }
        for (i, g) in groups.iter().rev().enumerate() {
            if i + 1 < groups.len() {
                out.push_str(&format!("x{g:03}/"));
            } else {
                out.push_str(&format!("{g:03}"));
            }
        }
        if !self.is_full() {
            out.push_str(&format!(".p/{}", self.width));
        }
        out
    }

    /// Parses a C2SP tile or entry-bundle path; only the canonical form is
    /// accepted (no leading zeros in `L` or `W`, no `x000` leading group),
    /// so that one tile has one path.
    ///
    /// # Errors
    ///
    /// [`TileError::BadPath`] naming what is wrong.
    pub fn parse(path: &str) -> Result<Self, TileError> {
        let bad = |why| TileError::BadPath {
            path: path.to_owned(),
            why,
        };
        let rest = path
            .strip_prefix("tile/")
            .ok_or_else(|| bad("not under tile/"))?;
        let (level, rest) = rest.split_once('/').ok_or_else(|| bad("no index"))?;
        let kind = if level == "entries" {
            TileKind::Entries
        } else {
            TileKind::Hashes {
                level: parse_small(level, MAX_LEVEL.into()).ok_or_else(|| bad("bad level"))? as u8,
            }
        };
        let (number, width) = match rest.split_once(".p/") {
            Some((number, w)) => {
                let w = parse_small(w, WIDTH - 1).ok_or_else(|| bad("bad partial width"))?;
                if w == 0 {
                    return Err(bad("partial width 0"));
                }
                (number, w as u16)
            }
            None => (rest, WIDTH as u16),
        };
        let groups: Vec<&str> = number.split('/').collect();
        if groups.len() > 7 {
            return Err(bad("index too long"));
        }
        let mut index: u64 = 0;
        for (i, g) in groups.iter().enumerate() {
            let last = i + 1 == groups.len();
            let digits = if last {
                *g
            } else {
                g.strip_prefix('x')
                    .ok_or_else(|| bad("index group without x"))?
            };
            if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("index group not 3 digits"));
            }
            let value: u64 = digits
                .parse()
                .map_err(|_| bad("index group not 3 digits"))?;
            if i == 0 && !last && value == 0 {
                return Err(bad("leading zero group in index"));
            }
            index = index
                .checked_mul(1000)
                .and_then(|x| x.checked_add(value))
                .ok_or_else(|| bad("index overflows"))?;
        }
        Self::new(kind, index, width).map_err(|_| bad("bad width"))
    }

    /// The tile as the tree of `tree_size` leaves has it, or `None` if that
    /// tree has no hash in it.
    ///
    /// `width` is ignored: this says which version (full or `.p/W`) of the
    /// tile at this coordinate a reader of that tree must fetch.
    pub fn in_tree(kind: TileKind, index: u64, tree_size: u64) -> Option<Self> {
        let level = match kind {
            TileKind::Hashes { level } => level,
            TileKind::Entries => 0,
        };
        let shift = u32::from(level) * u32::from(HEIGHT);
        let hashes_at_level = tree_size.checked_shr(shift).unwrap_or(0);
        let start = index.checked_mul(WIDTH)?;
        if hashes_at_level <= start {
            return None;
        }
        let width = (hashes_at_level - start).min(WIDTH) as u16;
        Some(TileId { kind, index, width })
    }

    /// For an entry bundle, the index of its first entry.
    pub fn first_entry(&self) -> u64 {
        self.index * WIDTH
    }
}

impl fmt::Display for TileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

/// A decimal ASCII number `<= max` with no leading zeros.
fn parse_small(s: &str, max: u64) -> Option<u64> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if s.len() > 1 && s.starts_with('0') {
        return None;
    }
    let v: u64 = s.parse().ok()?;
    (v <= max).then_some(v)
}

/// Every hash tile and entry bundle that growing a tree from `old_size` to
/// `new_size` leaves writes: the full tiles completed and the partial tiles
/// at the new size, at every level (the C2SP counterpart of Go's
/// `tlog.NewTiles`).
pub fn tiles_for_growth(old_size: u64, new_size: u64) -> Vec<TileId> {
    let mut out = Vec::new();
    if new_size <= old_size {
        return out;
    }
    let mut level: u8 = 0;
    loop {
        let shift = u32::from(level) * u32::from(HEIGHT);
        let old_n = old_size.checked_shr(shift).unwrap_or(0);
        let new_n = new_size.checked_shr(shift).unwrap_or(0);
        if new_n == 0 {
            break;
        }
        if old_n != new_n {
            let mut kinds = vec![TileKind::Hashes { level }];
            if level == 0 {
                kinds.push(TileKind::Entries);
            }
            for kind in kinds {
                for n in (old_n / WIDTH)..=((new_n - 1) / WIDTH) {
                    out.extend(TileId::in_tree(kind, n, new_size));
                }
            }
        }
        level += 1;
        if level > MAX_LEVEL {
            break;
        }
    }
    out
}

/// Encodes entries as a C2SP entry bundle: each a big-endian uint16 length
/// then its bytes.
///
/// # Errors
///
/// [`TileError::EntryTooLong`] for an entry over 65,535 bytes.
pub fn encode_bundle<'a>(
    entries: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Vec<u8>, TileError> {
    let mut out = Vec::new();
    for e in entries {
        let len = u16::try_from(e.len()).map_err(|_| TileError::EntryTooLong(e.len()))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    Ok(out)
}

/// Splits the entry bundle `tile` into its entries, which must be exactly
/// `tile.width()` with no byte left over.
///
/// # Errors
///
/// [`TileError::TruncatedBundle`] if it ends inside an entry,
/// [`TileError::BundleWidth`] if it holds more or fewer entries than its
/// width.
pub fn parse_bundle<'a>(tile: &TileId, bytes: &'a [u8]) -> Result<Vec<&'a [u8]>, TileError> {
    let width = usize::from(tile.width);
    let mut out = Vec::with_capacity(width);
    let mut rest = bytes;
    while !rest.is_empty() {
        if out.len() == width {
            // Count what follows to say how wide the bundle really is.
            let extra = parse_bundle_len(rest);
            return Err(TileError::BundleWidth {
                path: tile.path(),
                expected: width,
                found: width + extra,
            });
        }
        let truncated = || TileError::TruncatedBundle {
            path: tile.path(),
            entry: out.len(),
        };
        if rest.len() < 2 {
            return Err(truncated());
        }
        let len = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        if rest.len() < 2 + len {
            return Err(truncated());
        }
        out.push(&rest[2..2 + len]);
        rest = &rest[2 + len..];
    }
    if out.len() != width {
        return Err(TileError::BundleWidth {
            path: tile.path(),
            expected: width,
            found: out.len(),
        });
    }
    Ok(out)
}

/// How many whole entries `bytes` holds (for error messages).
fn parse_bundle_len(mut bytes: &[u8]) -> usize {
    let mut n = 0;
    while bytes.len() >= 2 {
        let len = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]));
        if bytes.len() < 2 + len {
            break;
        }
        bytes = &bytes[2 + len..];
        n += 1;
    }
    n
}

/// Encodes hashes as a hash tile: their 32 bytes, concatenated.
pub fn encode_hash_tile(hashes: &[Hash]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hashes.len() * HASH_SIZE);
    for h in hashes {
        out.extend_from_slice(&h.0);
    }
    out
}

/// Splits the hash tile `tile` into its hashes.
///
/// # Errors
///
/// [`TileError::TileLength`] unless it is exactly `width × 32` bytes.
pub fn parse_hash_tile(tile: &TileId, bytes: &[u8]) -> Result<Vec<Hash>, TileError> {
    let expected = usize::from(tile.width) * HASH_SIZE;
    if bytes.len() != expected {
        return Err(TileError::TileLength {
            path: tile.path(),
            expected,
            found: bytes.len(),
        });
    }
    Ok(bytes
        .chunks_exact(HASH_SIZE)
        .map(|c| {
            let mut h = [0u8; HASH_SIZE];
            h.copy_from_slice(c);
            Hash(h)
        })
        .collect())
}

/// The Merkle tree hash of a perfect subtree: `hashes.len()` must be a
/// power of two.
///
/// # Panics
///
/// If `hashes` is empty or its length is not a power of two.
pub fn perfect_root(hashes: &[Hash]) -> Hash {
    assert!(hashes.len().is_power_of_two(), "not a perfect subtree");
    let mut level: Vec<Hash> = hashes.to_vec();
    while level.len() > 1 {
        level = level
            .chunks_exact(2)
            .map(|p| node_hash(p[0], p[1]))
            .collect();
    }
    level[0]
}

/// A hash tile with the seven tree levels inside it computed: row `r` holds
/// the hashes of the complete subtrees of `2^r` tile hashes.
///
/// A tile stores only its bottom row; proofs also need the rows above it.
/// Computing them once per tile (255 hashes for a full one) instead of once
/// per proof is what makes serving proofs from tiles fast.
#[derive(Clone, Debug)]
pub struct ExpandedTile {
    rows: Vec<Vec<Hash>>,
}

impl ExpandedTile {
    /// Computes the rows above `hashes` (1 to 256 hashes).
    pub fn new(hashes: Vec<Hash>) -> Self {
        let mut rows = vec![hashes];
        while let Some(last) = rows.last() {
            if last.len() < 2 {
                break;
            }
            let next: Vec<Hash> = last
                .chunks_exact(2)
                .map(|p| node_hash(p[0], p[1]))
                .collect();
            rows.push(next);
        }
        ExpandedTile { rows }
    }

    /// The tile's own hashes.
    pub fn hashes(&self) -> &[Hash] {
        &self.rows[0]
    }

    /// The tile's width.
    pub fn width(&self) -> usize {
        self.rows[0].len()
    }

    /// The hash of the `pos`-th complete subtree of `2^row` tile hashes,
    /// if the tile is wide enough to hold it.
    pub fn get(&self, row: u8, pos: u64) -> Option<Hash> {
        self.rows
            .get(usize::from(row))?
            .get(usize::try_from(pos).ok()?)
            .copied()
    }

    /// The hash of the whole tile, meaningful only for a full tile (it is
    /// then one hash of the tile above).
    pub fn root(&self) -> Option<Hash> {
        (self.width() as u64 == WIDTH).then(|| self.rows[usize::from(HEIGHT)][0])
    }
}

/// Where a stored hash lives: the tile (at tile level, index) and the row and
/// position inside it; `min_width` is how wide the tile must be to hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashLocation {
    /// The tile level.
    pub level: u8,
    /// The tile's index within the level.
    pub index: u64,
    /// The row inside the tile (0 is the tile's own hashes).
    pub row: u8,
    /// The position in that row.
    pub pos: u64,
    /// The narrowest tile width holding it.
    pub min_width: u64,
}

/// Maps a `tlog_tiles` stored-hash index to its place in the C2SP tiles.
pub fn locate(stored_index: u64) -> HashLocation {
    let (tree_level, n) = split_stored_hash_index(stored_index);
    let level = tree_level / HEIGHT;
    let row = tree_level % HEIGHT;
    let per_tile = 1u64 << (HEIGHT - row);
    HashLocation {
        level,
        index: n >> (HEIGHT - row),
        row,
        pos: n & (per_tile - 1),
        min_width: ((n & (per_tile - 1)) + 1) << row,
    }
}

/// A source of expanded hash tiles, for [`TiledHashReader`].
pub trait TileSource {
    /// The hash tile `tile` (a version at least as wide), expanded.
    ///
    /// # Errors
    ///
    /// Whatever reading or parsing the tile failed with, as a
    /// `tlog_tiles::Error` (the `HashReader` contract).
    fn expanded(&self, tile: TileId) -> Result<std::sync::Arc<ExpandedTile>, tlog_tiles::Error>;
}

/// A `tlog_tiles::HashReader` over the tiles of a tree of `tree_size`
/// leaves: every stored hash is read from (a row of) its C2SP tile.
pub struct TiledHashReader<'a, S: ?Sized> {
    tree_size: u64,
    source: &'a S,
}

impl<'a, S: TileSource + ?Sized> TiledHashReader<'a, S> {
    /// A reader of the tree of `tree_size` leaves whose tiles `source` has.
    pub fn new(tree_size: u64, source: &'a S) -> Self {
        TiledHashReader { tree_size, source }
    }
}

impl<S: TileSource + ?Sized> HashReader for TiledHashReader<'_, S> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        let mut out = Vec::with_capacity(indexes.len());
        let mut last: Option<(TileId, std::sync::Arc<ExpandedTile>)> = None;
        for &i in indexes {
            let loc = locate(i);
            let tile = TileId::in_tree(
                TileKind::Hashes { level: loc.level },
                loc.index,
                self.tree_size,
            )
            .ok_or(tlog_tiles::Error::IndexesNotInTree)?;
            if u64::from(tile.width()) < loc.min_width {
                return Err(tlog_tiles::Error::IndexesNotInTree);
            }
            let expanded = match &last {
                Some((t, e)) if *t == tile => e.clone(),
                _ => {
                    let e = self.source.expanded(tile)?;
                    last = Some((tile, e.clone()));
                    e
                }
            };
            out.push(
                expanded
                    .get(loc.row, loc.pos)
                    .ok_or(tlog_tiles::Error::InvalidTile)?,
            );
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Arc;
    use tlog_tiles::{record_hash, stored_hashes, tree_hash};

    fn check_path(path: &str, expected: Option<(TileKind, u64, u16)>) {
        let got = TileId::parse(path)
            .ok()
            .map(|t| (t.kind(), t.index(), t.width()));
        assert_eq!(got, expected, "{path}");
        if let Some((kind, index, width)) = expected {
            let t = TileId::new(kind, index, width).unwrap();
            assert_eq!(t.path(), path);
        }
    }

    #[test]
    fn paths() {
        let h = |level| TileKind::Hashes { level };
        check_path("tile/0/000", Some((h(0), 0, 256)));
        check_path("tile/0/001.p/5", Some((h(0), 1, 5)));
        check_path("tile/1/x001/x234/067", Some((h(1), 1_234_067, 256)));
        check_path(
            "tile/entries/x001/x234/067.p/255",
            Some((TileKind::Entries, 1_234_067, 255)),
        );
        check_path("tile/63/999", Some((h(63), 999, 256)));
        check_path("tile/entries/000.p/1", Some((TileKind::Entries, 0, 1)));
        for bad in [
            "tile/0/1",
            "tile/00/000",
            "tile/64/000",
            "tile/0/001.p/0",
            "tile/0/001.p/256",
            "tile/0/001.p/05",
            "tile/0/x000/001",
            "tile/0/001/234",
            "tile/0/x1/234",
            "tile/data/000",
            "tiles/0/000",
            "tile/0/000.p/",
            "tile/0/",
            "tile/entries/x018/x446/x744/x073/x709/x551/616",
            "tile/entries/x18/446",
            "tile/0/x-01/000",
            "tile/0/+01",
        ] {
            check_path(bad, None);
        }
    }

    #[test]
    fn tiles_in_tree_example_from_spec() {
        // c2sp.org/tlog-tiles: a tree of size 70,000 is 273 full level-0
        // tiles, one partial of width 112, one full level-1 tile, one
        // partial of width 17, one partial level-2 tile of width 1.
        let tiles = tiles_for_growth(0, 70_000);
        let level = |l: u8| -> Vec<TileId> {
            tiles
                .iter()
                .copied()
                .filter(|t| t.kind() == TileKind::Hashes { level: l })
                .collect()
        };
        let l0 = level(0);
        assert_eq!(l0.len(), 274);
        assert_eq!(l0.iter().filter(|t| t.is_full()).count(), 273);
        assert_eq!(l0.last().unwrap().width(), 112);
        let l1 = level(1);
        assert_eq!(
            l1.iter().map(|t| t.width()).collect::<Vec<_>>(),
            vec![256, 17]
        );
        assert_eq!(
            level(2).iter().map(|t| t.width()).collect::<Vec<_>>(),
            vec![1]
        );
        assert!(level(3).is_empty());
        let bundles = tiles
            .iter()
            .filter(|t| t.kind() == TileKind::Entries)
            .count();
        assert_eq!(bundles, 274);
        // A tree of 256: one full level-0 tile and a level-1 tile of width 1.
        let t = tiles_for_growth(0, 256);
        assert_eq!(
            t.iter().map(|t| t.path()).collect::<Vec<_>>(),
            vec!["tile/0/000", "tile/entries/000", "tile/1/000.p/1"]
        );
    }

    #[test]
    fn growth_writes_only_changed_tiles() {
        let paths = |a, b| {
            tiles_for_growth(a, b)
                .iter()
                .map(|t| t.path())
                .collect::<Vec<_>>()
        };
        assert_eq!(paths(3, 5), vec!["tile/0/000.p/5", "tile/entries/000.p/5"]);
        assert_eq!(
            paths(250, 260),
            vec![
                "tile/0/000",
                "tile/0/001.p/4",
                "tile/entries/000",
                "tile/entries/001.p/4",
                "tile/1/000.p/1"
            ]
        );
        assert!(paths(5, 5).is_empty());
    }

    #[test]
    fn bundles_round_trip_and_reject_damage() {
        let entries: Vec<&[u8]> = vec![b"a", b"", b"hello world"];
        let bytes = encode_bundle(entries.iter().copied()).unwrap();
        let tile = TileId::entries(0, 3).unwrap();
        assert_eq!(parse_bundle(&tile, &bytes).unwrap(), entries);
        for cut in 1..bytes.len() {
            let err = parse_bundle(&tile, &bytes[..cut]).unwrap_err();
            assert!(
                matches!(
                    err,
                    TileError::TruncatedBundle { .. } | TileError::BundleWidth { .. }
                ),
                "{err}"
            );
        }
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0, 1, b'z']);
        assert_eq!(
            parse_bundle(&tile, &longer).unwrap_err(),
            TileError::BundleWidth {
                path: "tile/entries/000.p/3".into(),
                expected: 3,
                found: 4
            }
        );
        let big = vec![0u8; 65_536];
        assert_eq!(
            encode_bundle([big.as_slice()]).unwrap_err(),
            TileError::EntryTooLong(65_536)
        );
        let max = vec![7u8; 65_535];
        let b = encode_bundle([max.as_slice()]).unwrap();
        assert_eq!(
            parse_bundle(&TileId::entries(9, 1).unwrap(), &b).unwrap()[0].len(),
            65_535
        );
    }

    #[test]
    fn hash_tiles_reject_wrong_lengths() {
        let t = TileId::hashes(0, 0, 2).unwrap();
        let hashes = vec![record_hash(b"a"), record_hash(b"b")];
        let bytes = encode_hash_tile(&hashes);
        assert_eq!(parse_hash_tile(&t, &bytes).unwrap(), hashes);
        assert!(parse_hash_tile(&t, &bytes[..63]).is_err());
        assert!(parse_hash_tile(&t, &[bytes.clone(), vec![0]].concat()).is_err());
    }

    /// Tiles built from `tlog_tiles`' own stored hashes, served through
    /// [`TiledHashReader`], give the same tree hashes and valid proofs.
    struct Tiles(HashMap<(u8, u64), Vec<Hash>>);
    impl TileSource for Tiles {
        fn expanded(&self, tile: TileId) -> Result<Arc<ExpandedTile>, tlog_tiles::Error> {
            let level = match tile.kind() {
                TileKind::Hashes { level } => level,
                TileKind::Entries => return Err(tlog_tiles::Error::InvalidTile),
            };
            let all = self
                .0
                .get(&(level, tile.index()))
                .ok_or(tlog_tiles::Error::InvalidTile)?;
            Ok(Arc::new(ExpandedTile::new(
                all[..usize::from(tile.width())].to_vec(),
            )))
        }
    }

    /// All stored hashes in one vector, as `tlog_tiles`' own tests keep them.
    struct Flat(Vec<Hash>);
    impl HashReader for Flat {
        fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
            Ok(indexes.iter().map(|&i| self.0[i as usize]).collect())
        }
    }

    #[test]
    fn tiled_reader_agrees_with_tlog_tiles() {
        let n = 70_000u64;
        let mut storage = Flat(Vec::new());
        let mut leaves = Vec::new();
        let mut tiles: HashMap<(u8, u64), Vec<Hash>> = HashMap::new();
        for i in 0..n {
            let data = i.to_be_bytes();
            leaves.push(record_hash(&data));
            let new = stored_hashes(i, &data, &storage).unwrap();
            storage.0.extend(new);
        }
        // Tile hashes: level L holds tree level 8L.
        for level in 0..3u8 {
            let count = n >> (8 * u32::from(level));
            for j in 0..count {
                let idx = tlog_tiles::stored_hash_index(8 * level, j);
                tiles
                    .entry((level, j / 256))
                    .or_default()
                    .push(storage.0[idx as usize]);
            }
        }
        let tiles = Tiles(tiles);
        for size in [
            1u64, 2, 255, 256, 257, 65_535, 65_536, 65_537, 69_999, 70_000,
        ] {
            let reader = TiledHashReader::new(size, &tiles);
            let want = tree_hash(size, &storage).unwrap();
            assert_eq!(tree_hash(size, &reader).unwrap(), want, "size {size}");
            for i in [0, size / 3, size - 1] {
                let p = tlog_tiles::prove_record(size, i, &reader).unwrap();
                tlog_tiles::check_record(&p, size, want, i, leaves[i as usize]).unwrap();
            }
            if size > 1 {
                let old = size / 2;
                let p = tlog_tiles::prove_tree(size, old, &reader).unwrap();
                tlog_tiles::check_tree(&p, size, want, old, tree_hash(old, &storage).unwrap())
                    .unwrap();
            }
        }
    }

    #[test]
    fn expanded_tile_root_is_perfect_root() {
        let hashes: Vec<Hash> = (0..256u32).map(|i| record_hash(&i.to_be_bytes())).collect();
        let t = ExpandedTile::new(hashes.clone());
        assert_eq!(t.root(), Some(perfect_root(&hashes)));
        assert_eq!(ExpandedTile::new(hashes[..255].to_vec()).root(), None);
    }
}
