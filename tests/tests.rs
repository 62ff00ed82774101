//! The integration tests: one binary, one module per area.

mod index;
mod lookup;
