//! Regenerates the embedded glossary (`src/glossary/embedded.idx`) from `glossary/`.
//!
//! Run it after editing the glossary: `cargo run --example regenerate`. The test
//! `embedded_glossary_is_current` fails until the compiled copy matches the directory.

use std::process::ExitCode;

fn main() -> ExitCode {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let glossary = match tilmach::Glossary::load_dir(root.join("glossary")) {
        Ok(glossary) => glossary,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let target = root.join("src/glossary/embedded.idx");
    let bytes = match glossary.to_index_bytes() {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::write(&target, &bytes) {
        eprintln!("error: {}: {e}", target.display());
        return ExitCode::from(2);
    }
    println!(
        "wrote {} entries, {} bytes to {}",
        glossary.len(),
        bytes.len(),
        target.display()
    );
    ExitCode::SUCCESS
}
