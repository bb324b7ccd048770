//! C and C++ `#include`s resolved as a compiler with the repository's include directories on
//! its search path would find them.
//!
//! `#include "x/y.h"` is looked up beside the including file, then in each directory above it
//! (a project built with `-I.` at its root), then in every directory of the tree named
//! `include` (the one sharing the longest path prefix with the including file first), then by a
//! unique suffix match: the one file of the tree whose path ends in `/x/y.h`. `#include <x/y.h>`
//! skips the first two steps and needs a directory in its path for the suffix match, since a
//! bare `<name.h>` is most often a system header that a file of the same name in the tree
//! merely shadows.

use super::{ancestors, FileSet};
use cartograph_core::RepoPath;
use std::collections::HashMap;

pub(crate) struct IncludeResolver<'a> {
    files: &'a FileSet<'a>,
    /// Directories named `include`.
    include_dirs: Vec<&'a str>,
    /// File name → every path with that name, for suffix matches.
    by_name: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> IncludeResolver<'a> {
    pub(crate) fn new(files: &'a FileSet<'a>) -> IncludeResolver<'a> {
        let mut include_dirs: Vec<&str> = Vec::new();
        let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
        for path in files.paths() {
            let name = path.rsplit('/').next().unwrap_or(path);
            by_name.entry(name).or_default().push(path);
            let mut end = 0;
            for part in path.split('/') {
                end += part.len();
                if part == "include" && end < path.len() {
                    include_dirs.push(&path[..end]);
                }
                end += 1;
            }
        }
        include_dirs.sort_unstable();
        include_dirs.dedup();
        IncludeResolver {
            files,
            include_dirs,
            by_name,
        }
    }

    pub(crate) fn resolve(&self, from: &RepoPath, raw: &str) -> Option<RepoPath> {
        let (header, quoted) = match raw.strip_prefix('<') {
            Some(angled) => (angled.strip_suffix('>').unwrap_or(angled), false),
            None => (raw, true),
        };
        if header.is_empty() || header.starts_with('/') {
            return None;
        }
        if quoted {
            if let Some(found) = ancestors(from.parent()).find_map(|dir| self.at(dir, header)) {
                return Some(found);
            }
        }
        let mut include_dirs = self.include_dirs.clone();
        include_dirs.sort_by_key(|dir| {
            (
                std::cmp::Reverse(shared_prefix(dir, from.as_str())),
                dir.matches('/').count(),
            )
        });
        if let Some(found) = include_dirs.iter().find_map(|dir| self.at(dir, header)) {
            return Some(found);
        }
        if !quoted && !header.contains('/') {
            // hiredis' examples include `<hiredis.h>`, built with `-I.` at the root: a bare
            // name that no system has is the project's own, in a directory above the file.
            if is_system_header(header) {
                return None;
            }
            return ancestors(from.parent()).find_map(|dir| self.at(dir, header));
        }
        let name = header.rsplit('/').next().unwrap_or(header);
        let suffix = format!("/{header}");
        let mut matches = self
            .by_name
            .get(name)?
            .iter()
            .filter(|path| path.ends_with(&suffix) || **path == header);
        let only = matches.next()?;
        matches.next().is_none().then(|| RepoPath::new(only).ok())?
    }

    fn at(&self, dir: &str, header: &str) -> Option<RepoPath> {
        let path = RepoPath::join_relative(dir, header)?;
        self.files.contains(path.as_str()).then_some(path)
    }
}

/// The headers of the C and C++ standard libraries, POSIX and Windows: a bare `<name>` among
/// them is the system's, whatever the tree holds of the same name.
fn is_system_header(header: &str) -> bool {
    const SYSTEM: &[&str] = &[
        // C
        "assert.h",
        "complex.h",
        "ctype.h",
        "errno.h",
        "fenv.h",
        "float.h",
        "inttypes.h",
        "iso646.h",
        "limits.h",
        "locale.h",
        "math.h",
        "setjmp.h",
        "signal.h",
        "stdalign.h",
        "stdarg.h",
        "stdatomic.h",
        "stdbit.h",
        "stdbool.h",
        "stdckdint.h",
        "stddef.h",
        "stdint.h",
        "stdio.h",
        "stdlib.h",
        "stdnoreturn.h",
        "string.h",
        "tgmath.h",
        "threads.h",
        "time.h",
        "uchar.h",
        "wchar.h",
        "wctype.h",
        "malloc.h",
        "alloca.h",
        "memory.h",
        // POSIX and common Unix
        "aio.h",
        "arpa",
        "cpio.h",
        "dirent.h",
        "dlfcn.h",
        "fcntl.h",
        "fnmatch.h",
        "glob.h",
        "grp.h",
        "iconv.h",
        "langinfo.h",
        "libgen.h",
        "monetary.h",
        "mqueue.h",
        "ndbm.h",
        "netdb.h",
        "nl_types.h",
        "poll.h",
        "pthread.h",
        "pwd.h",
        "regex.h",
        "sched.h",
        "search.h",
        "semaphore.h",
        "spawn.h",
        "strings.h",
        "stropts.h",
        "syslog.h",
        "tar.h",
        "termios.h",
        "trace.h",
        "ulimit.h",
        "unistd.h",
        "utime.h",
        "utmp.h",
        "utmpx.h",
        "wordexp.h",
        "endian.h",
        "getopt.h",
        "err.h",
        "execinfo.h",
        "features.h",
        "ifaddrs.h",
        "paths.h",
        "sysexits.h",
        "ucontext.h",
        // Windows
        "windows.h",
        "winsock.h",
        "winsock2.h",
        "ws2tcpip.h",
        "io.h",
        "process.h",
        "direct.h",
        "conio.h",
        "tchar.h",
        "intrin.h",
        "mswsock.h",
        "afunix.h",
    ];
    // C++'s headers have no extension (`<vector>`, `<cstdio>`), and no project's file is
    // named so.
    !header.contains('.') || SYSTEM.contains(&header)
}

/// How many leading path components two paths share.
fn shared_prefix(a: &str, b: &str) -> usize {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_prefixes_count_components() {
        assert_eq!(shared_prefix("lib/a/include", "lib/a/src/x.c"), 2);
        assert_eq!(shared_prefix("include", "src/x.c"), 0);
    }
}
