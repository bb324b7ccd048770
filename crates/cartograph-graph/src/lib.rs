//! Modules and the file dependency graph: which package owns each file, who imports whom, and
//! how central each file is. Pure functions over the index; no IO, no parsing.

mod graph;
mod layers;
mod modules;

pub use graph::{FileEdge, Graph, ModuleEdge};
pub use layers::{module_places, ModulePlace};
pub use modules::{detect_modules, file_modules, is_package_manifest, module_of};
