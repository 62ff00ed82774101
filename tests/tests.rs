//! The integration tests: one binary, one module per area.

mod cli;
mod glossary;
mod index;
mod lookup;
mod seeds;
mod translit;
