//! Writing to the terminal without panicking. `println!` panics when its reader has gone
//! (`cartograph lens … | head -3`), and a panic in the middle of a run is a crash; these
//! macros end the process quietly instead, as ripgrep does, once the store is closed.

use std::io::Write as _;

/// Writes to stdout, as `print!`.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::out::stdout(format_args!($($arg)*))
    };
}

/// Writes a line to stdout, as `println!`.
macro_rules! sayln {
    () => {
        $crate::out::stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::out::stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Writes a line to stderr, as `eprintln!`; a closed stderr is ignored (there is nobody to
/// tell).
macro_rules! tell {
    ($($arg:tt)*) => {
        $crate::out::stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {say, sayln, tell};

/// A reader that closed stdout has read what it wanted: the process ends with success. Any
/// other error writing stdout is ignored, as the output can no longer be seen.
pub fn stdout(text: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_fmt(text) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

pub fn stderr(text: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(text);
}
