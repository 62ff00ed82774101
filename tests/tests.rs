//! The integration tests: one binary, one module per area.

mod cli;
mod export;
mod glossary;
mod seeds;
mod text;
