//! The integration tests: one binary, one module per area.

mod cli;
mod cli_conventions;
mod cli_json;
mod eval;
mod export;
mod geography;
mod glossary;
#[path = "../examples/evaluate/harness.rs"]
#[allow(dead_code)]
mod harness;
mod hygiene;
mod import;
mod index;
mod index_build;
mod layered;
mod lookup;
mod seeds;
mod stream;
mod tbx_valid;
mod text;
mod translit;
mod untrusted;
mod xinjiang;
