//! Byte spools for building big indexes in bounded memory: a buffer in memory that moves to an
//! anonymous temporary file once it outgrows its limit, and is read back from the start.
//!
//! A temporary file is created in the directory the builder was given (the output's directory,
//! or the system's temporary directory) and unlinked at once where the system allows it (Unix),
//! so that nothing is left behind when the build ends, fails, or is killed; elsewhere it is
//! removed when the spool is dropped.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Distinguishes the temporary files of one process.
static NEXT_TEMP: AtomicU32 = AtomicU32::new(0);

/// A temporary file that nobody else can open and that disappears with its handle.
#[derive(Debug)]
pub(crate) struct TempFile {
    file: File,
    /// The path, when the file could not be unlinked while open; removed on drop.
    path: Option<PathBuf>,
}

impl TempFile {
    /// A new, empty temporary file in `dir`.
    pub(crate) fn new(dir: &Path) -> io::Result<TempFile> {
        let pid = std::process::id();
        for _ in 0..100 {
            let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(".tilmach-index-sort.{pid}.{n}.tmp"));
            match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    let path = fs::remove_file(&path).err().map(|_| path);
                    return Ok(TempFile { file, path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "could not name a new temporary file",
        ))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = fs::remove_file(path);
        }
    }
}

/// Where a spool's bytes are.
#[derive(Debug)]
enum Store {
    Memory(Vec<u8>),
    Disk(BufWriter<File>, TempFile),
}

/// Bytes written once, then read once from the start: in memory up to `limit` bytes, on disk
/// (see [`TempFile`]) beyond.
#[derive(Debug)]
pub(crate) struct Spool {
    store: Store,
    len: u64,
    limit: usize,
    dir: Option<PathBuf>,
}

impl Spool {
    /// An empty spool kept in memory up to `limit` bytes, then moved to a file in `dir` (kept
    /// in memory whatever its size when `dir` is `None`).
    pub(crate) fn new(limit: usize, dir: Option<&Path>) -> Spool {
        Spool {
            store: Store::Memory(Vec::new()),
            len: 0,
            limit,
            dir: dir.map(Path::to_path_buf),
        }
    }

    /// The number of bytes written.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// A reader from the first byte written.
    pub(crate) fn into_reader(self) -> io::Result<SpoolReader> {
        match self.store {
            Store::Memory(bytes) => Ok(SpoolReader::Memory(io::Cursor::new(bytes))),
            Store::Disk(writer, temp) => {
                let mut file = writer
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)?;
                file.seek(SeekFrom::Start(0))?;
                Ok(SpoolReader::Disk(
                    BufReader::with_capacity(1 << 16, file),
                    temp,
                ))
            }
        }
    }

    /// The bytes, when the spool never moved to disk, or else a reader from the start.
    pub(crate) fn into_memory_or_reader(self) -> io::Result<Result<Vec<u8>, SpoolReader>> {
        match self.store {
            Store::Memory(bytes) => Ok(Ok(bytes)),
            Store::Disk(..) => self.into_reader().map(Err),
        }
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let (Store::Memory(bytes), Some(dir)) = (&mut self.store, &self.dir)
            && bytes.len() + buf.len() > self.limit
        {
            let temp = TempFile::new(dir)?;
            let mut writer = BufWriter::with_capacity(1 << 16, temp.file.try_clone()?);
            writer.write_all(bytes)?;
            self.store = Store::Disk(writer, temp);
        }
        match &mut self.store {
            Store::Memory(bytes) => bytes.extend_from_slice(buf),
            Store::Disk(writer, _) => writer.write_all(buf)?,
        }
        self.len += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.store {
            Store::Memory(_) => Ok(()),
            Store::Disk(writer, _) => writer.flush(),
        }
    }
}

/// Reads a [`Spool`] back.
#[derive(Debug)]
pub(crate) enum SpoolReader {
    /// The bytes were in memory.
    Memory(io::Cursor<Vec<u8>>),
    /// The bytes are in a temporary file, removed when the reader is dropped.
    Disk(BufReader<File>, #[allow(dead_code)] TempFile),
}

impl Read for SpoolReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            SpoolReader::Memory(c) => c.read(buf),
            SpoolReader::Disk(r, _) => r.read(buf),
        }
    }
}

impl io::BufRead for SpoolReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            SpoolReader::Memory(c) => c.fill_buf(),
            SpoolReader::Disk(r, _) => r.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            SpoolReader::Memory(c) => c.consume(amount),
            SpoolReader::Disk(r, _) => r.consume(amount),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spool_moves_to_disk_past_its_limit_and_reads_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::new(10, Some(dir.path()));
        for i in 0..100u8 {
            spool.write_all(&[i; 3]).unwrap();
        }
        assert_eq!(spool.len(), 300);
        let mut back = Vec::new();
        let mut reader = spool.into_reader().unwrap();
        assert!(matches!(reader, SpoolReader::Disk(..)));
        reader.read_to_end(&mut back).unwrap();
        let expected: Vec<u8> = (0..100u8).flat_map(|i| [i; 3]).collect();
        assert_eq!(back, expected);
        drop(reader);
        // Nothing is left in the directory, during or after.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_spool_without_a_directory_stays_in_memory() {
        let mut spool = Spool::new(1, None);
        spool.write_all(b"abc").unwrap();
        assert_eq!(
            spool.into_memory_or_reader().unwrap().ok(),
            Some(b"abc".to_vec())
        );
    }
}
