//! The glossary: entries and their forms, loaded from TOML directories or embedded in the crate.

mod model;

pub use model::{Citation, Entry, Form, Kind, Origin, Source, Status};
