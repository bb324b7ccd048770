//! What a `Cargo.toml` says about where its crates' roots are and what its dependencies are
//! called in code: the facts Rust import resolution needs. Dependencies themselves (versions,
//! kinds) are the manifest reader's business, not this module's.

use cartograph_core::CargoPackage;
use toml::{Table, Value};

/// The tables of dependencies, with the old underscore spellings Cargo still reads
/// (smallvec's `[dev_dependencies]`).
const DEPENDENCY_TABLES: [&str; 5] = [
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
];

/// The package a manifest declares, or `None` for a workspace-only manifest, another TOML
/// file or broken TOML.
pub(crate) fn cargo_package(source: &str) -> Option<CargoPackage> {
    // Most TOML files are not Cargo manifests; a substring test spares parsing them.
    if !source.contains("[package]") {
        return None;
    }
    let manifest: Table = toml::from_str(source).ok()?;
    let name = manifest.get("package")?.get("name")?.as_str()?.to_string();
    let lib = manifest.get("lib");
    let text = |value: Option<&Value>, key: &str| -> Option<String> {
        value?.get(key)?.as_str().map(str::to_string)
    };
    let target_paths = ["bin", "example", "test", "bench"]
        .iter()
        .filter_map(|kind| manifest.get(*kind)?.as_array())
        .flatten()
        .filter_map(|target| target.get("path")?.as_str().map(str::to_string))
        .collect();
    let package = manifest.get("package");
    let undiscovered_dirs = [
        ("autobins", "src/bin"),
        ("autoexamples", "examples"),
        ("autotests", "tests"),
        ("autobenches", "benches"),
    ]
    .iter()
    .filter(|(key, _)| package.and_then(|package| package.get(*key)?.as_bool()) == Some(false))
    .map(|(_, dir)| dir.to_string())
    .collect();
    let mut renamed_dependencies = Vec::new();
    let mut tables: Vec<&Table> = DEPENDENCY_TABLES
        .iter()
        .filter_map(|key| manifest.get(*key)?.as_table())
        .collect();
    if let Some(targets) = manifest.get("target").and_then(Value::as_table) {
        for target in targets.values() {
            for key in DEPENDENCY_TABLES {
                tables.extend(target.get(key).and_then(Value::as_table));
            }
        }
    }
    // `[patch.crates-io] memchr = { path = "." }` sends a registry dependency to a path.
    let patched: Vec<&String> = manifest
        .get("patch")
        .and_then(Value::as_table)
        .into_iter()
        .flat_map(|sources| sources.values())
        .filter_map(Value::as_table)
        .flat_map(|patches| patches.keys())
        .collect();
    let mut registry_dependencies = Vec::new();
    for table in tables {
        for (key, spec) in table {
            if let Some(package) = spec.get("package").and_then(Value::as_str) {
                renamed_dependencies.push((key.clone(), package.to_string()));
            }
            let from_registry = match spec {
                Value::String(_) => true,
                Value::Table(spec) => {
                    spec.contains_key("version")
                        && !["path", "git", "workspace"]
                            .iter()
                            .any(|source| spec.contains_key(*source))
                }
                _ => false,
            };
            if from_registry && !patched.contains(&key) {
                registry_dependencies.push(key.clone());
            }
        }
    }
    renamed_dependencies.sort();
    renamed_dependencies.dedup();
    registry_dependencies.sort();
    registry_dependencies.dedup();
    Some(CargoPackage {
        name,
        lib_name: text(lib, "name"),
        lib_path: text(lib, "path"),
        target_paths,
        renamed_dependencies,
        undiscovered_dirs,
        registry_dependencies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_targets_and_renames() {
        let package = cargo_package(
            "[package]\nname = \"grep-cli\"\nautotests = false\nautobins = true\n[lib]\nname = \"grep_cli2\"\npath = \"lib.rs\"\n\
             [[bin]]\nname = \"rg\"\npath = \"crates/core/main.rs\"\n\
             [dependencies]\nmatcher = { package = \"grep-matcher\", path = \"../matcher\" }\n\
             serde = \"1\"\n",
        );
        assert_eq!(
            package,
            Some(CargoPackage {
                name: "grep-cli".into(),
                lib_name: Some("grep_cli2".into()),
                lib_path: Some("lib.rs".into()),
                target_paths: vec!["crates/core/main.rs".into()],
                renamed_dependencies: vec![("matcher".into(), "grep-matcher".into())],
                undiscovered_dirs: vec!["tests".into()],
                registry_dependencies: vec!["serde".into()],
            })
        );
    }

    /// memchr's benchmark engines: one builds with the checkout, one with the release 2.5.0.
    #[test]
    fn registry_dependencies_are_those_without_a_path() {
        let package = cargo_package(
            "[package]\nname = \"main\"\n[workspace]\n[dependencies]\nmemchr = \"=2.5.0\"\nanyhow = { version = \"1\" }\nlocal = { version = \"*\", path = \"../../\" }\nshared = { workspace = true }\nforked = { git = \"https://x\" }\npatched = \"1\"\n[dev-dependencies]\nquickcheck = \"1\"\n[patch.crates-io]\npatched = { path = \"p\" }\n",
        );
        assert_eq!(
            package.map(|package| package.registry_dependencies),
            Some(vec![
                "anyhow".to_string(),
                "memchr".to_string(),
                "quickcheck".to_string()
            ])
        );
    }

    #[test]
    fn workspace_manifests_and_broken_toml_declare_no_package() {
        assert_eq!(cargo_package("[workspace]\nmembers = [\"a\"]\n"), None);
        assert_eq!(cargo_package("[package]\nname = \n"), None);
    }
}
