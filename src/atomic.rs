//! Atomic file writes: a new temporary file in the target's directory, filled, synced, then
//! renamed over the target, so that a reader sees the old file or the new one and an interrupted
//! run never leaves a truncated file behind. Index files and exports are written this way.
//!
//! - A target that is a symbolic link is written through: the file the link points to (after
//!   every hop) is replaced and the link stays a link.
//! - A target that exists keeps its permissions (a `0600` file stays `0600`).
//! - A writer killed half-way cannot remove its temporary file (`.NAME.PID.N.tmp` beside the
//!   target); the next write to the same target removes every such file whose process no longer
//!   runs (on systems with `/proc`; elsewhere they stay until removed by hand).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically.
///
/// # Errors
///
/// The I/O error of the step that failed; the temporary file is removed and the target is left
/// as it was.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |out| out.write_all(bytes))
}

/// Writes what `fill` produces to `path` atomically; `fill` writes into a buffered temporary file.
///
/// # Errors
///
/// The error of `fill`, or the I/O error of the step that failed; the temporary file is removed
/// and the target is left as it was.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let resolved = resolve_links(path)?;
    let path = resolved.as_path();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    remove_stale_temps(&dir, &name);
    let (temp, file) = create_temp(&dir, &name)?;
    let result = (|| {
        let mut writer = io::BufWriter::new(file);
        fill(&mut writer)?;
        let file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        if let Ok(old) = fs::metadata(path) {
            file.set_permissions(old.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        if let Ok(d) = fs::File::open(&dir) {
            // Persist the rename; not every platform can sync a directory.
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// The file `path` names after following symbolic links (at most 40 hops, as the kernel does);
/// `path` itself when it is not a link or does not exist.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links; point the output at a file",
    ))
}

/// Removes the temporary files of earlier writes to `name` in `dir` whose writer no longer runs.
fn remove_stale_temps(dir: &Path, name: &str) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|f| f.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('.') else {
            continue;
        };
        let (Ok(pid), Ok(_)) = (pid.parse::<u32>(), n.parse::<u32>()) else {
            continue;
        };
        if !proc.join(pid.to_string()).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Creates a new temporary file next to the target, never reusing an existing name (another
/// writer's temporary file is left alone).
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    let pid = std::process::id();
    for n in 0u32..100 {
        let temp = dir.join(format!(".{name}.{pid}.{n}.tmp"));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free name for a temporary file; remove stale .*.tmp files",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write(&path, b"old").unwrap();
        let err = write_with(&path, |out| {
            out.write_all(b"half of the new")?;
            Err(io::Error::other("interrupted"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        write(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn the_next_write_removes_temporary_files_of_writers_that_died() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.idx");
        // A process id above the kernel's limit (2^22) never runs.
        let dead = dir.path().join(".out.idx.4294967294.0.tmp");
        let alive = dir
            .path()
            .join(format!(".out.idx.{}.7.tmp", std::process::id()));
        let other = dir.path().join(".other.idx.4294967294.0.tmp");
        for p in [&dead, &alive, &other] {
            fs::write(p, b"half").unwrap();
        }
        write(&path, b"new").unwrap();
        assert!(!dead.exists());
        assert!(alive.exists(), "a running writer's file stays");
        assert!(other.exists(), "another target's file stays");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.idx");
        let link = dir.path().join("link.idx");
        fs::write(&real, b"old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::symlink("real.idx", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
