//! One allocator for the whole process: mimalloc serves Rust's allocations and, through
//! tree-sitter's allocator hook, the parser's C code, which allocates and frees a node for every
//! token it reads. glibc's malloc spent a tenth of a cold `map` in its own bookkeeping.
#![allow(unsafe_code)]

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_arena_eager_commit` and `mi_option_purge_delay` (the same values in its
/// v2 and v3 headers; the sys crate does not name them).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory is committed when used and returned as soon as it is freed: the parse tree of a large
/// file is freed whole, and mimalloc's defaults kept up to 250 MB more at the peak of a cold
/// `map`. Options must be set before mimalloc reserves its first arena, which happens before
/// `main` runs, so this runs as an ELF constructor.
extern "C" fn set_options() {
    // SAFETY: sets two integer options; no allocation has to exist or be in flight.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

/// How long a long-lived server keeps freed memory before returning it, in milliseconds.
const SERVER_PURGE_DELAY_MS: std::ffi::c_long = 10_000;

/// Keeps freed memory a while instead of returning it at once: for `cartograph mcp`, where
/// every query allocates and frees the same per-file working set (a few MB over 30k files).
/// Returned at once, each query took it back from the kernel page by page, zeroed (a quarter
/// of a `search` on the standard library went to page faults); kept, the next query reuses it.
/// `cartograph lens` keeps it too: it lives for a second, and a sixth of a warm one's CPU on
/// the standard library went to faulting in pages its own threads had just freed.
/// The delay is read each time mimalloc schedules a purge, so it can change at any time.
pub fn keep_freed_memory_for_reuse() {
    // SAFETY: sets one integer option that mimalloc reads when it schedules a purge; no
    // allocation depends on its value.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, SERVER_PURGE_DELAY_MS);
    }
}

/// Returns to the system what every thread of rayon's pool and the calling thread have freed.
/// A block freed by another thread than the one that allocated it waits in its owner's queue
/// until the owner allocates again, and the pool's threads sleep once the map phase is over:
/// what they allocated during it (cache pages written, parse results) and the main thread
/// freed later stayed resident, 37 MB of a cold `docs` on 28k files with the cache's release.
pub fn return_freed_memory() {
    rayon::broadcast(|_| collect_this_thread());
    collect_this_thread();
}

/// Lets go of the pages of the program's own read-only data that are in memory. The map phase
/// reads there the tokenizer's vocabulary (32 MB, decoded into the heap on first use and never
/// read again) and the grammars' parse tables, and the kernel goes on counting those pages as
/// the process's own until it needs the memory. Only a mapping of the executable that is
/// read-only and clean throughout (no page written or anonymous, which rules out the relocated
/// RELRO segment) is advised: a page read again comes back from the file.
#[cfg(target_os = "linux")]
pub fn release_read_only_data() {
    let (Ok(exe), Ok(smaps)) = (
        std::fs::read_link("/proc/self/exe"),
        std::fs::read_to_string("/proc/self/smaps"),
    ) else {
        return;
    };
    for mapping in clean_read_only_mappings(&smaps, &exe) {
        // SAFETY: the range is a whole private, read-only mapping of the executable with no
        // dirty or anonymous page: dropping its pages loses nothing, and a later read faults
        // them in again from the file. No Rust reference is invalidated, since the contents
        // stay the same.
        unsafe {
            libc::madvise(
                mapping.start as *mut libc::c_void,
                mapping.end - mapping.start,
                libc::MADV_DONTNEED,
            );
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub fn release_read_only_data() {}

/// The address ranges of `/proc/self/smaps` mappings of `exe` that are private, read-only, and
/// hold no dirty or anonymous page.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn clean_read_only_mappings(smaps: &str, exe: &std::path::Path) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut current: Option<(std::ops::Range<usize>, bool)> = None;
    let mut close = |current: Option<(std::ops::Range<usize>, bool)>| {
        if let Some((range, true)) = current {
            found.push(range);
        }
    };
    for line in smaps.lines() {
        let mut fields = line.splitn(6, ' ');
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        if let Some((start, end)) = range.split_once('-').and_then(|(start, end)| {
            Some((
                usize::from_str_radix(start, 16).ok()?,
                usize::from_str_radix(end, 16).ok()?,
            ))
        }) {
            close(current.take());
            let path = fields.nth(3).map(str::trim_start).unwrap_or_default();
            let ours = perms == "r--p" && std::path::Path::new(path) == exe && start < end;
            current = Some((start..end, ours));
            continue;
        }
        // A field of the current mapping: `Private_Dirty:   12 kB`.
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if matches!(name, "Private_Dirty" | "Anonymous") && value.trim() != "0 kB" {
            if let Some((_, clean)) = &mut current {
                *clean = false;
            }
        }
    }
    close(current.take());
    found
}

fn collect_this_thread() {
    // SAFETY: mimalloc's public entry point for the calling thread's own heap; it touches no
    // block that is still in use.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static SET_OPTIONS: extern "C" fn() = set_options;

/// Routes tree-sitter's allocations to mimalloc. Call first thing in `main`, before any parser,
/// tree or query exists: memory must be freed by the allocator that gave it.
pub fn install() {
    #[cfg(not(target_os = "linux"))]
    set_options();
    // SAFETY: runs before any tree-sitter object is created (first statement of `main`), so
    // nothing allocated by the previous allocator is ever freed by the new one; the functions
    // are mimalloc's C entry points with malloc's contracts.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(libmimalloc_sys::mi_calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_clean_read_only_mappings_of_the_executable_are_released() {
        let smaps = "\
1000-3000 r--p 00000000 fd:01 42                         /usr/bin/cartograph
Size:                  8 kB
Rss:                   8 kB
Private_Dirty:         0 kB
Anonymous:             0 kB
VmFlags: rd mr mw me
3000-5000 r-xp 00002000 fd:01 42                         /usr/bin/cartograph
Private_Dirty:         0 kB
Anonymous:             0 kB
5000-6000 r--p 00004000 fd:01 42                         /usr/bin/cartograph
Private_Dirty:         4 kB
Anonymous:             4 kB
6000-7000 rw-p 00005000 fd:01 42                         /usr/bin/cartograph
Private_Dirty:         4 kB
7000-8000 r--p 00000000 fd:01 77                         /usr/lib/libc.so.6
Private_Dirty:         0 kB
Anonymous:             0 kB
8000-a000 r--p 00000000 00:00 0 
Private_Dirty:         0 kB
a000-c000 r--p 00006000 fd:01 42                         /usr/bin/cartograph
Private_Dirty:         0 kB
Anonymous:             0 kB
";
        let exe = std::path::Path::new("/usr/bin/cartograph");
        assert_eq!(
            clean_read_only_mappings(smaps, exe),
            [0x1000..0x3000, 0xa000..0xc000]
        );
        assert!(clean_read_only_mappings(smaps, std::path::Path::new("/other")).is_empty());
    }
}
