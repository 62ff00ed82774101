//! The `tilmach` command-line tool: glue over the library.
fn main() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
