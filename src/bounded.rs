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

/// Reads the regular file at `path` as [`read_file`] does, into anonymous memory of its own
/// (not a map of the file: changes to the file cannot reach it) that the system is asked to
/// back with huge pages, which makes random reads of a large index cheaper. Falls back to
/// [`read_file`] (the `Err` side) for an empty file, one that changes length while it is read,
/// or where anonymous memory cannot be had.
pub(crate) fn read_file_anonymous(
    path: &Path,
    cap: u64,
) -> io::Result<Result<memmap2::Mmap, Vec<u8>>> {
    regular(&fs::metadata(path)?)?;
    let mut file = File::open(path)?;
    let metadata = file.metadata()?;
    regular(&metadata)?;
    let len = match usize::try_from(metadata.len()) {
        Ok(len) if len > 0 && metadata.len() <= cap => len,
        _ => return read_file(path, cap).map(Err),
    };
    let Ok(mut map) = memmap2::MmapMut::map_anon(len) else {
        return read_file(path, cap).map(Err);
    };
    #[cfg(target_os = "linux")]
    {
        // Only advice: without huge pages the bytes read the same.
        let _ = map.advise(memmap2::Advice::HugePage);
    }
    let mut filled = 0;
    while let Some(rest) = map.get_mut(filled..).filter(|rest| !rest.is_empty()) {
        match file.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    // A file that shrank or grew since its length was read is read again the bounded way.
    let mut probe = [0u8; 1];
    if filled < len || file.read(&mut probe)? > 0 {
        return read_file(path, cap).map(Err);
    }
    map.make_read_only().map(Ok)
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
