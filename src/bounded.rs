//! Bounded file reads: a file is read only if it is a regular file, and never more than a cap
//! plus one byte, whatever its metadata says.
//!
//! Metadata lengths lie: a FIFO, a character device such as `/dev/zero` and a file that grows
//! while it is read all report a length that says nothing about how much a read returns. So
//! [`read_file`] refuses anything but a regular file before opening it (opening a FIFO would
//! block until a writer comes), checks the opened file again, and reads through
//! [`Read::take`] with `cap + 1` bytes, so that an oversized file is refused after reading at
//! most one byte more than the cap.
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("a.txt");
//! std::fs::write(&path, "four")?;
//! assert_eq!(tilmach::bounded::read_file(&path, 4)?, b"four");
//! let err = tilmach::bounded::read_file(&path, 3).unwrap_err();
//! assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
//! # Ok::<(), std::io::Error>(())
//! ```

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// Reads the regular file at `path` (symbolic links followed), refusing more than `cap` bytes.
///
/// # Errors
///
/// [`io::ErrorKind::InvalidInput`] for a directory, FIFO, socket or device;
/// [`io::ErrorKind::FileTooLarge`] when the file holds more than `cap` bytes; the operating
/// system's error when it cannot be opened or read. Each message says what to do.
pub fn read_file(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    regular(&fs::metadata(path)?)?;
    let file = File::open(path)?;
    let metadata = file.metadata()?;
    regular(&metadata)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len().min(cap)).unwrap_or(0));
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "the file holds more than the {cap} bytes accepted; split it into smaller files"
            ),
        ));
    }
    Ok(bytes)
}

/// Refuses whatever is not a regular file.
fn regular(metadata: &fs::Metadata) -> io::Result<()> {
    if metadata.is_file() {
        return Ok(());
    }
    let what = if metadata.is_dir() {
        "a directory"
    } else {
        special_kind(metadata)
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "this is {what}, not a regular file; only regular files are read (replace it with a file or remove it)"
        ),
    ))
}

#[cfg(unix)]
fn special_kind(metadata: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = metadata.file_type();
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::Metadata) -> &'static str {
    "a special file"
}
