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
