//! Reading standard input line by line: the library's bounded line reader, with its errors
//! located by the input's name.

use std::io::BufRead;

use tilmach::lines::LineError;

use crate::Failure;

/// Calls `each` with every line of `reader`, as [`tilmach::lines::for_each_line`] does; an
/// unreadable line stops with a message that starts with `what` (`<stdin>:LINE: …`).
pub fn for_each_line(
    reader: impl BufRead,
    what: &str,
    lossy: bool,
    mut each: impl FnMut(usize, &str) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut failure = None;
    let result = tilmach::lines::for_each_line(reader, lossy, |number, line| {
        each(number, line).map_err(|f| {
            failure = Some(f);
            LineError::Io(std::io::Error::other("stopped"))
        })
    });
    match (result, failure) {
        (_, Some(f)) => Err(f),
        (Ok(()), None) => Ok(()),
        (Err(LineError::Io(e)), None) => Err(Failure::Io(e)),
        (Err(e), None) => Err(Failure::Input(format!("{what}:{e}"))),
    }
}
