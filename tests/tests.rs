//! The integration tests: one binary, one module per area.

mod cli;
mod glossary;
mod seeds;
mod translit;
