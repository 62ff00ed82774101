//! The integration tests: one binary, one module per area.

mod cli;
mod export;
mod glossary;
mod hygiene;
mod index;
mod layered;
mod lookup;
mod seeds;
mod text;
mod translit;
mod untrusted;
