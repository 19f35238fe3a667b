//! moc's roster engine.
//!
//! A general shift-scheduling model that covers the Curtois & Qu benchmark
//! format, plus the rules of a joint mechanism's mixed patrols; an evaluator
//! that checks every hard rule and computes the objective on its own code
//! path; and a solver (construction, then local search) that is pure and
//! deterministic for a seed.
