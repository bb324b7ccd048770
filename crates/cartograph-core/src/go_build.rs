//! Go's platform names, as `go/build` knows them: what a build constraint or a file name
//! (`_windows.go`, `_linux_amd64.go`) may select a platform by.

/// The GOOS values `go/build` knows (`nacl` kept: a file name may still use it).
pub const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// The GOOS values the `unix` constraint holds on.
pub const UNIX_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];

/// The GOARCH values `go/build` knows.
pub const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// The GOOS whose tag also holds on `goos`: `linux` on `android`, `darwin` on `ios`,
/// `solaris` on `illumos`.
pub fn implied_os(goos: &str) -> Option<&'static str> {
    match goos {
        "android" => Some("linux"),
        "ios" => Some("darwin"),
        "illumos" => Some("solaris"),
        _ => None,
    }
}

/// The platform a Go file's name builds it for, as `go build` reads it: `(GOOS, GOARCH)`
/// from `name_GOOS_GOARCH.go`, `name_GOOS.go` or `name_GOARCH.go` (a `_test` suffix aside;
/// the part before the first `_` never counts, so `windows.go` is any platform). `None` for a
/// name that selects no platform.
pub fn file_name_platform(file_name: &str) -> Option<(Option<&str>, Option<&str>)> {
    let stem = file_name.strip_suffix(".go")?;
    let (_, rest) = stem.split_once('_')?;
    let mut parts: Vec<&str> = rest.split('_').collect();
    if parts.last() == Some(&"test") {
        parts.pop();
    }
    let os = |part: &str| KNOWN_OS.contains(&part);
    let arch = |part: &str| KNOWN_ARCH.contains(&part);
    match parts.as_slice() {
        [.., goos, goarch] if os(goos) && arch(goarch) => Some((Some(*goos), Some(*goarch))),
        [.., last] if os(last) => Some((Some(*last), None)),
        [.., last] if arch(last) => Some((None, Some(*last))),
        _ => None,
    }
}

/// True when two Go files, each by its name and build constraint, are never in the same
/// build: the systems each is built on (its name's GOOS, its constraint's `built_on`) share
/// none. Unknown (a file built on every system, or on none) is not never.
pub fn never_built_together(
    a: (&str, Option<&crate::BuildConstraint>),
    b: (&str, Option<&crate::BuildConstraint>),
) -> bool {
    match (built_on(a.0, a.1), built_on(b.0, b.1)) {
        (Some(a), Some(b)) => !a.iter().any(|os| b.contains(os)),
        _ => false,
    }
}

/// The systems a Go file is built on, by its name's GOOS and its constraint's `built_on`;
/// `None` for every system (or for a name and a constraint that never meet, which claims
/// nothing).
pub fn built_on(
    file_name: &str,
    constraint: Option<&crate::BuildConstraint>,
) -> Option<Vec<String>> {
    let built: &[String] = constraint.map_or(&[], |constraint| &constraint.built_on);
    let named = file_name_platform(file_name).and_then(|(goos, _)| goos);
    match named {
        Some(os) if built.is_empty() || built.iter().any(|listed| listed == os) => {
            Some(vec![os.to_string()])
        }
        Some(_) => None,
        None => (!built.is_empty()).then(|| built.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_select_platforms_as_go_build_does() {
        assert_eq!(
            file_name_platform("exec_windows.go"),
            Some((Some("windows"), None))
        );
        assert_eq!(
            file_name_platform("syscall_linux_amd64.go"),
            Some((Some("linux"), Some("amd64")))
        );
        assert_eq!(
            file_name_platform("path_windows_test.go"),
            Some((Some("windows"), None))
        );
        assert_eq!(
            file_name_platform("asm_arm64.go"),
            Some((None, Some("arm64")))
        );
        assert_eq!(file_name_platform("windows.go"), None);
        assert_eq!(file_name_platform("binding_nomsgpack.go"), None);
        assert_eq!(file_name_platform("linux_test.go"), None);
        assert_eq!(file_name_platform("exec_windows.rs"), None);
    }
}
