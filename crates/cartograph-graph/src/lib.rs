//! Modules and the code graph: which package owns each file, who imports whom (and on which
//! line), which names cross from file to file, what each file offers as public API, how central
//! each file and symbol is, and how the modules layer. Pure functions over the index; no IO, no
//! parsing.

mod api;
mod graph;
mod hierarchy;
mod layers;
mod methods;
mod modules;
mod paths;
mod references;
mod rust_paths;

pub use api::{
    documentation_dirs, in_documentation, is_c_source, is_generic_parent, is_tool_configuration,
    is_top_level, type_name,
};
pub use graph::{
    is_test_beside_code, test_modules, FileEdge, Graph, ModuleEdge, Reference, SymbolFacts,
};
pub use hierarchy::{shape, Hierarchy, Shape, Supertype, TypeAt};
pub use layers::{module_places, ModulePlace};
pub use methods::declared_parameter_type;
pub use modules::{detect_modules, file_modules, is_package_manifest, module_of};
pub use paths::{
    holds_only_tests, in_benchmark_dir, is_benchmark_path, is_example_dir, is_example_path,
    is_java_descriptor, is_test_dir, is_test_path,
};
pub use rust_paths::{rust_crate_roots, rust_public_paths};
