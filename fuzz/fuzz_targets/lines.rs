//! Any bytes through the command line's line reader: with `lossy`, every line comes out as
//! UTF-8 and only a line over the length limit stops it; without, invalid UTF-8 stops it with the
//! line and an offset inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmach::lines::{LineError, for_each_line};

fuzz_target!(|bytes: &[u8]| {
    let mut lines = 0usize;
    let lossy = for_each_line(bytes, true, |n, line| {
        lines += 1;
        assert_eq!(n, lines);
        assert!(!line.contains('\n'));
        Ok::<(), LineError>(())
    });
    assert!(lossy.is_ok(), "{lossy:?}");
    assert!(lines <= bytes.iter().filter(|&&b| b == b'\n').count() + 1);
    match for_each_line(bytes, false, |_, _| Ok::<(), LineError>(())) {
        Ok(()) => assert!(std::str::from_utf8(bytes).is_ok()),
        Err(LineError::Utf8 { line, offset }) => {
            assert!(line >= 1 && line <= lines);
            assert!(offset < bytes.len() as u64);
        }
        Err(e) => panic!("unexpected error {e}"),
    }
});
