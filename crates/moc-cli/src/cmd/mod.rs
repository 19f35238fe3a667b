//! One module per top-level command; each owns its flags and its `run`.

pub mod bench;
pub mod keys;
pub mod log;
pub mod roster;
