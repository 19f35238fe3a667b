//! Solver (placeholder).
