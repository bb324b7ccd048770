//! Plain types shared by every cartograph crate: paths, hashes, languages, file maps, symbols,
//! phases, and the one circuit breaker (a state machine over an injected clock). This crate
//! does no IO; everything here is data or pure logic over it.

mod boxed;
pub mod breaker;
mod calls;
mod files;
pub mod go_build;
mod hash;
mod language;
mod map;
mod outcome;
mod path;

pub use boxed::BoxedStr;
pub use calls::{CallSite, Calls, CallsBuilder, Receiver};
pub use files::{FileHead, FileSet};
pub use hash::ContentHash;
pub use language::Language;
pub use map::{
    command_decorator_callee, command_decorator_name, is_property_decorator, may_name_file,
    BuildConstraint, CargoPackage, Command, CommandFlag, ComposerAutoload, FileFlags, FileMap,
    GoModule, Import, ImportKind, JsManifest, Module, ParsedFile, Route, SkipReason, SkippedFile,
    Symbol, SymbolKind, TestBlocks, Visibility, ANYIO_FIXTURES, AUTOUSE_MULTIPLIES,
    MAX_PATH_LITERALS,
};
pub use outcome::ExitReason;
pub use path::{is_within_dir, join_dir, RepoPath, RepoPathError};

use serde::{Deserialize, Serialize};

/// The three phases of a run; each has its own models and budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Map,
    Lens,
    Run,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Map, Phase::Lens, Phase::Run];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Map => "map",
            Phase::Lens => "lens",
            Phase::Run => "run",
        }
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
