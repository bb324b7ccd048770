//! Reads package manifests (`Cargo.toml`, `package.json`, `pyproject.toml`, `requirements.txt`,
//! `go.mod`, `Gemfile`, `composer.json`, `pom.xml`, `build.gradle`, `CMakeLists.txt`, `*.csproj`,
//! `Makefile`) for what the pages say about them: the package name and description, declared
//! dependencies with the line that declares each, and the usual commands to build and test;
//! task runners and CI workflows (`justfile`, `tox.ini`, `noxfile.py`, `.github/workflows/*.yml`,
//! `.gitlab-ci.yml`, in `tasks.rs`) for commands only.
//! It never runs a tool and never resolves versions (a Maven `${property}` is only filled in from
//! the same pom's `<properties>`); a manifest that does not parse is skipped.
//! TOML manifests are read with `toml_edit` and XML ones with `roxmltree`, so each dependency's
//! line is the line of its own entry, from the parser's spans rather than a text search.

mod tasks;

pub use tasks::{script_steps, ScriptSteps};

use cartograph_core::RepoPath;
use std::collections::{BTreeMap, BTreeSet};
use toml_edit::{ImDocument, Item, TableLike, Value};

/// One declared dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    /// The requirement as written (`1.0`, `^4.17`, `>=2`), `workspace`, `path: ../x`, or empty.
    pub version: String,
    /// `normal`, `dev`, `build`, `peer`, `workspace`, `indirect`, a Maven scope, ... as the
    /// ecosystem says it.
    pub kind: String,
    /// Installed only on request: Cargo's `optional = true`, an npm optional dependency, a
    /// Python extra, Maven's `<optional>`.
    pub optional: bool,
    /// The features, extras or groups that turn it on (Cargo features naming it, a Python extra
    /// or dependency group); empty when nothing gates it.
    pub features: Vec<String>,
    /// The platform it is built for only (Cargo's `[target.'cfg(windows)'.dependencies]`:
    /// `cfg(windows)`); `None` on every platform.
    pub target: Option<String>,
    /// The 1-based line of its own entry, when it could be found.
    pub line: Option<u32>,
    /// What it is when it is no package one installs but what the project runs on: `runtime`
    /// (composer's `php`, `package.json`'s `engines.node`, `go.mod`'s `go` line), `engine`
    /// (another `engines` entry: `npm`, `vscode`), `PHP extension` (`ext-json`), `system
    /// library` (`lib-curl`), `Composer API` (`composer-plugin-api`). `None` for a package.
    pub platform: Option<String>,
    /// The package's own name when the entry gives it another (bytes' `extra-platforms = {
    /// package = "portable-atomic", … }`, npm's `"x": "npm:y@1"`): `name` is what the code
    /// calls it, this what is installed.
    pub package: Option<String>,
    /// The extras a Python requirement asks of the package (`toml` of `coverage[toml]`).
    pub extras: Vec<String>,
}

impl Dependency {
    /// True for a dependency declared under `cfg(any())`, which is never true: serde_json pins
    /// `serde` so that its version moves with `serde_core`'s, and never builds it.
    pub fn never_built(&self) -> bool {
        self.target
            .as_deref()
            .is_some_and(|target| target.split_whitespace().collect::<String>() == "cfg(any())")
    }

    /// How the pages show its kind: `normal`, `normal, cfg(windows)`,
    /// `dev, optional (enabled by: fuzz)`, ...
    pub fn kind_label(&self) -> String {
        // commander's `engines.node` is the version of Node it runs on, no package it needs.
        let platform = self.platform.as_deref().map(|platform| match platform {
            "runtime" | "engine" => format!("{platform} version"),
            other => other.to_string(),
        });
        let mut label = match (platform, self.kind.as_str()) {
            (Some(platform), "normal") => platform,
            (Some(platform), kind) => format!("{platform}, {kind}"),
            (None, kind) => kind.to_string(),
        };
        if let Some(target) = &self.target {
            // serde_json pins `serde` under `cfg(any())` so that its version moves with
            // `serde_core`'s; it is never built.
            if self.never_built() {
                return format!("{label}, never built (`cfg(any())` is never true)");
            }
            label.push_str(", ");
            label.push_str(target);
        }
        if !self.extras.is_empty() {
            let which = if self.extras.len() == 1 {
                "extra"
            } else {
                "extras"
            };
            label.push_str(&format!(", with the {which} {}", self.extras.join(", ")));
        }
        if self.optional {
            label.push_str(", optional");
        }
        if !self.features.is_empty() {
            // A development group (PEP 735, Poetry's groups) is chosen by whoever installs,
            // not turned on by a feature of the package.
            let how = if self.kind == "dev" && !self.optional {
                "group"
            } else {
                "enabled by"
            };
            label.push_str(&format!(" ({how}: {})", self.features.join(", ")));
        }
        label
    }
}

/// A command a newcomer would run, with where the manifest suggests it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub command: String,
    pub purpose: String,
    /// When it runs only under a condition (a CI step's `if:`, as written).
    pub condition: Option<String>,
    /// The directory it runs in, relative to the repository root, when that is not the root:
    /// a CI step's `working-directory:` (or its job's or workflow's default), or a `cd` earlier
    /// in the step's script. The command is meant for that directory and may fail, or do
    /// something else, at the root (`npm publish` of a built `dist/`).
    pub directory: Option<String>,
    pub line: Option<u32>,
}

/// What one manifest declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub path: RepoPath,
    /// `cargo`, `npm`, `python`, `go`, `ruby`, `composer`, `maven`, `gradle`, `cmake`, `dotnet`,
    /// `make`, `just`, `tox`, `nox`, `ci`.
    pub ecosystem: &'static str,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Dependencies on packages from outside the repository.
    pub dependencies: Vec<Dependency>,
    /// Dependencies on packages of this repository: declared by path (Cargo's `path = ".."`,
    /// npm's `file:` and `workspace:`), or Cargo's `workspace = true` naming a workspace
    /// dependency that is a path. The pages show them as internal, not as external packages.
    pub local_dependencies: Vec<Dependency>,
    pub commands: Vec<Command>,
    /// How many more commands the file defines than `commands` lists, which stops at a few
    /// (wcwidth's `tox.ini` has 26 environments).
    pub commands_left_out: usize,
    /// Entry points the manifest declares, as repository paths; they may not exist.
    pub entry_points: Vec<String>,
    /// The commands installing the package puts on the user's path, each with the file it runs.
    pub executables: Vec<Executable>,
    /// The features one builds the package with (Cargo's `[features]`, an optional dependency
    /// standing for a feature of its name), in the order declared.
    pub features: Vec<Feature>,
    /// The package is kept from its registry: Cargo's `publish = false` (log's
    /// `test_max_level_features`, a harness CI builds, is no command users install).
    pub unpublished: bool,
}

/// A feature of a package: what turning it on turns on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    pub name: String,
    /// On unless the user turns default features off.
    pub default: bool,
    /// What it turns on as written: other features, `dep:x`, `x/feature`.
    pub enables: Vec<String>,
    /// True for an optional dependency that is a feature only by being optional.
    pub implicit: bool,
    pub line: Option<u32>,
}

/// A command a package installs (`[project.scripts]`, `package.json` `bin`, Cargo's binaries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Executable {
    /// The command's name (`httpx`).
    pub name: String,
    /// The files it may run, as repository paths in the order a package manager would try
    /// them; those that exist are the entry point (`httpx:main` → `httpx.py`, then
    /// `httpx/__init__.py`, ...).
    pub paths: Vec<String>,
    /// The function it calls, when the manifest names one (`main` of `httpx:main`).
    pub function: Option<String>,
}

/// True for the manifests this crate reads.
pub fn is_manifest(path: &RepoPath) -> bool {
    manifest_kind(path).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cargo,
    PackageJson,
    Pyproject,
    SetupPy,
    Requirements,
    GoMod,
    Gemfile,
    Gemspec,
    Composer,
    Pom,
    Gradle,
    Cmake,
    Csproj,
    Makefile,
    Just,
    Rake,
    Tox,
    Nox,
    CiWorkflow,
}

fn manifest_kind(path: &RepoPath) -> Option<Kind> {
    let name = path.file_name();
    let lower = name.to_ascii_lowercase();
    Some(match name {
        "Cargo.toml" => Kind::Cargo,
        "package.json" => Kind::PackageJson,
        "pyproject.toml" => Kind::Pyproject,
        "setup.py" => Kind::SetupPy,
        "go.mod" => Kind::GoMod,
        "Gemfile" => Kind::Gemfile,
        "composer.json" => Kind::Composer,
        "pom.xml" => Kind::Pom,
        "build.gradle" | "build.gradle.kts" => Kind::Gradle,
        "CMakeLists.txt" => Kind::Cmake,
        "Makefile" | "makefile" | "GNUmakefile" => Kind::Makefile,
        "justfile" | "Justfile" | ".justfile" => Kind::Just,
        "Rakefile" | "rakefile" | "Rakefile.rb" => Kind::Rake,
        "tox.ini" => Kind::Tox,
        "noxfile.py" => Kind::Nox,
        ".gitlab-ci.yml" => Kind::CiWorkflow,
        _ if path.parent() == ".github/workflows"
            && (lower.ends_with(".yml") || lower.ends_with(".yaml")) =>
        {
            Kind::CiWorkflow
        }
        _ if lower.ends_with(".txt")
            && (lower.contains("requirements") || in_requirements_dir(path)) =>
        {
            Kind::Requirements
        }
        _ if lower.ends_with(".gemspec") => Kind::Gemspec,
        _ if lower.ends_with(".csproj") => Kind::Csproj,
        _ => return None,
    })
}

/// Parses one manifest; `None` when `path` is not a manifest or its text does not parse.
pub fn parse_manifest(path: &RepoPath, text: &str) -> Option<Manifest> {
    let kind = manifest_kind(path)?;
    let mut manifest = Manifest {
        path: path.clone(),
        ecosystem: "",
        name: None,
        description: None,
        dependencies: Vec::new(),
        local_dependencies: Vec::new(),
        commands: Vec::new(),
        commands_left_out: 0,
        entry_points: Vec::new(),
        executables: Vec::new(),
        features: Vec::new(),
        unpublished: false,
    };
    let dir = path.parent();
    match kind {
        Kind::Cargo => cargo(&mut manifest, text, dir)?,
        Kind::PackageJson => package_json(&mut manifest, text, dir)?,
        Kind::Pyproject => pyproject(&mut manifest, text, dir)?,
        Kind::SetupPy => setup_py(&mut manifest, text, dir),
        Kind::Requirements => requirements(&mut manifest, text, path),
        Kind::GoMod => go_mod(&mut manifest, text),
        Kind::Gemfile => gemfile(&mut manifest, text),
        Kind::Gemspec => gemspec(&mut manifest, text),
        Kind::Composer => composer(&mut manifest, text)?,
        Kind::Pom => pom(&mut manifest, text),
        Kind::Gradle => gradle(&mut manifest, text),
        Kind::Cmake => cmake(&mut manifest, text),
        Kind::Csproj => csproj(&mut manifest, text, path),
        Kind::Makefile => makefile(&mut manifest, text),
        Kind::Just => tasks::justfile(&mut manifest, text),
        Kind::Rake => tasks::rakefile(&mut manifest, text),
        Kind::Tox => tasks::tox_ini(&mut manifest, text),
        Kind::Nox => tasks::noxfile(&mut manifest, text),
        Kind::CiWorkflow => tasks::ci_workflow(&mut manifest, text),
    }
    for dependency in &mut manifest.dependencies {
        dependency.version = one_line(&dependency.version);
    }
    let (local, external): (Vec<Dependency>, Vec<Dependency>) = manifest
        .dependencies
        .drain(..)
        .partition(|dependency| is_local_requirement(&dependency.version));
    manifest.dependencies = external;
    manifest.local_dependencies = local;
    // Declaration order reads naturally, and it does not depend on how a map parser orders keys.
    for list in [&mut manifest.dependencies, &mut manifest.local_dependencies] {
        list.sort_by(|a, b| {
            (a.line.unwrap_or(u32::MAX), &a.name).cmp(&(b.line.unwrap_or(u32::MAX), &b.name))
        });
    }
    manifest.description = manifest
        .description
        .map(|d| one_line(&d))
        .filter(|d| !d.is_empty());
    Some(manifest)
}

fn command(command: &str, purpose: &str, line: Option<u32>) -> Command {
    Command {
        command: command.to_string(),
        purpose: purpose.to_string(),
        condition: None,
        directory: None,
        line,
    }
}

/// True for a requirement that names a package of this repository rather than a published one:
/// a path (`path: ..` as `cargo_requirement` writes it, npm's `file:`, `link:` and the
/// `workspace:` protocol of pnpm and Yarn).
fn is_local_requirement(version: &str) -> bool {
    ["path: ", "file:", "link:", "workspace:"]
        .iter()
        .any(|prefix| version.starts_with(prefix))
}

/// What manifests say about each other, settled once all of a tree's manifests are parsed:
///
/// - Cargo's `dep = { workspace = true }` is local when an enclosing workspace declares `dep`
///   by path.
/// - A plain `requirements.txt` beside a `pyproject.toml` or `setup.py` pins the development
///   environment (test runners, linters, docs tools, usually the package itself with `-e .`):
///   the package's runtime dependencies are those its `pyproject.toml` or `setup.py` declares,
///   so the pins are `dev`. A `requirements.txt` alone is what the project runs with, `normal`.
pub fn settle_across_manifests(manifests: &mut [Manifest]) {
    // `(workspace directory, dependency name)` of the workspace dependencies declared by path.
    let workspace_paths: Vec<(String, String)> = manifests
        .iter()
        .filter(|m| m.ecosystem == "cargo")
        .flat_map(|m| {
            m.local_dependencies
                .iter()
                .filter(|d| d.kind == "workspace")
                .map(|d| (m.path.parent().to_string(), d.name.clone()))
        })
        .collect();
    let python_projects: Vec<String> = manifests
        .iter()
        .filter(|m| matches!(m.path.file_name(), "pyproject.toml" | "setup.py"))
        .map(|m| m.path.parent().to_string())
        .collect();
    for manifest in manifests.iter_mut() {
        let dir = manifest.path.parent().to_string();
        if manifest.ecosystem == "cargo" && !workspace_paths.is_empty() {
            let (local, external): (Vec<Dependency>, Vec<Dependency>) =
                manifest.dependencies.drain(..).partition(|d| {
                    d.version == "workspace"
                        && workspace_paths.iter().any(|(root, name)| {
                            *name == d.name && cartograph_core::is_within_dir(&dir, root)
                        })
                });
            manifest.dependencies = external;
            manifest.local_dependencies.extend(local);
            manifest
                .local_dependencies
                .sort_by_key(|d| d.line.unwrap_or(u32::MAX));
        }
        let plain_requirements = manifest
            .path
            .file_name()
            .eq_ignore_ascii_case("requirements.txt");
        if plain_requirements && python_projects.contains(&dir) {
            for dependency in &mut manifest.dependencies {
                dependency.kind = "dev".to_string();
            }
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The path `relative` names from directory `dir`, both relative to the repository root;
/// `None` when it is the root itself or lies above it.
fn join_dir(dir: &str, relative: &str) -> Option<String> {
    cartograph_core::join_dir(dir, relative).filter(|joined| !joined.is_empty())
}

fn executable(name: &str, paths: Vec<String>, function: Option<String>) -> Executable {
    Executable {
        name: name.to_string(),
        paths,
        function,
    }
}

fn dependency(name: &str, version: &str, kind: &str, line: Option<u32>) -> Dependency {
    Dependency {
        name: name.to_string(),
        version: version.to_string(),
        kind: kind.to_string(),
        optional: false,
        features: Vec::new(),
        target: None,
        line,
        platform: None,
        package: None,
        extras: Vec::new(),
    }
}

/// The 1-based line of byte `offset`.
fn line_at(text: &str, offset: usize) -> u32 {
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count()) as u32
        + 1
}

/// The 1-based line that declares `name`, searching from the line after `section` (an exact
/// trimmed header line such as `[dependencies]`) when that header exists.
fn find_line(text: &str, name: &str, section: Option<&str>) -> Option<u32> {
    let lines: Vec<&str> = text.lines().collect();
    let start = section
        .and_then(|header| lines.iter().position(|line| line.trim() == header))
        .map_or(0, |at| at + 1);
    let declares = |line: &str| {
        let start = line.trim_start();
        let quote = start.chars().next().filter(|c| matches!(c, '"' | '\''));
        let trimmed = start.trim_start_matches(['"', '\'']);
        // A quoted name goes on no further: nanoid's `"test"` is not `"test:coverage"`; a
        // requirement's version may follow it (`"pytest>=7"`).
        let plain = trimmed.strip_prefix(name).is_some_and(|rest| {
            let goes_on = |c: char| {
                c.is_alphanumeric() || c == '_' || c == '-' || (quote.is_some() && c == ':')
            };
            !rest.starts_with(goes_on)
        });
        plain || line.contains(&format!(".{name}]")) || line.contains(&format!("\"{name}\""))
    };
    let found = lines
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, line)| declares(line))
        .or_else(|| lines.iter().enumerate().find(|(_, line)| declares(line)));
    found.map(|(at, _)| at as u32 + 1)
}

fn toml_str<'t>(table: &'t dyn TableLike, keys: &[&str]) -> Option<&'t str> {
    let (last, parents) = keys.split_last()?;
    toml_table(table, parents)?.get(last)?.as_str()
}

fn toml_table<'t>(table: &'t dyn TableLike, keys: &[&str]) -> Option<&'t dyn TableLike> {
    let mut current = table;
    for key in keys {
        current = current.get(key)?.as_table_like()?;
    }
    Some(current)
}

/// The line of `key`'s own entry in `table`, from the parser's span of the key.
fn key_line(text: &str, table: &dyn TableLike, key: &str) -> Option<u32> {
    let (key, _) = table.get_key_value(key)?;
    Some(line_at(text, key.span()?.start))
}

/// The requirement a Cargo dependency entry states, and whether it is optional.
fn cargo_requirement(value: &Item) -> (String, bool) {
    if let Some(version) = value.as_str() {
        return (version.to_string(), false);
    }
    let Some(spec) = value.as_table_like() else {
        return (String::new(), false);
    };
    let optional = spec
        .get("optional")
        .and_then(Item::as_bool)
        .unwrap_or(false);
    // A `path` wins over a `version`: Cargo builds the crate at that path, and the version only
    // matters once the dependent is published (`walkdir = { version = "*", path = ".." }`).
    let version = if let Some(path) = spec.get("path").and_then(Item::as_str) {
        format!("path: {path}")
    } else if let Some(version) = spec.get("version").and_then(Item::as_str) {
        version.to_string()
    } else if spec.get("workspace").and_then(Item::as_bool) == Some(true) {
        "workspace".to_string()
    } else if spec.contains_key("git") {
        "git".to_string()
    } else {
        String::new()
    };
    (version, optional)
}

/// For each dependency a `[features]` entry turns on (`dep:x`, `x/feature`, or a plain
/// optional dependency `x`), the features that do. `x?/feature` turns on `x`'s feature only
/// when something else turns `x` on (env_filter's `std = ["regex?/std"]`), so it is no gate.
fn cargo_feature_gates(table: &dyn TableLike) -> Vec<(String, String)> {
    let Some(features) = toml_table(table, &["features"]) else {
        return Vec::new();
    };
    let mut gates = Vec::new();
    for (feature, enables) in features.iter() {
        let Some(list) = enables.as_array() else {
            continue;
        };
        for entry in list.iter().filter_map(Value::as_str) {
            if entry.contains("?/") {
                continue;
            }
            let name = entry
                .strip_prefix("dep:")
                .unwrap_or(entry)
                .split('/')
                .next()
                .unwrap_or(entry)
                .trim_end_matches('?');
            if !name.is_empty() {
                gates.push((name.to_string(), feature.to_string()));
            }
        }
    }
    gates
}

/// Cargo's features: the `[features]` table's entries (`default` marking the others), then
/// each optional dependency no entry names as `dep:x`, which is a feature of its own name.
fn cargo_features(text: &str, table: &dyn TableLike, dependencies: &[Dependency]) -> Vec<Feature> {
    let mut features = Vec::new();
    let declared = toml_table(table, &["features"]);
    let list = |value: &Item| -> Vec<String> {
        value
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let defaults: Vec<String> = declared
        .and_then(|features| features.get("default"))
        .map(list)
        .unwrap_or_default();
    let mut named_as_dep: BTreeSet<String> = BTreeSet::new();
    if let Some(declared) = declared {
        for (name, value) in declared.iter() {
            let enables = list(value);
            named_as_dep.extend(
                enables
                    .iter()
                    .filter_map(|entry| entry.strip_prefix("dep:"))
                    .map(String::from),
            );
            if name == "default" {
                continue;
            }
            features.push(Feature {
                name: name.to_string(),
                default: defaults.iter().any(|default| default == name),
                enables,
                implicit: false,
                line: key_line(text, declared, name),
            });
        }
    }
    for dependency in dependencies.iter().filter(|dependency| dependency.optional) {
        if named_as_dep.contains(&dependency.name)
            || features
                .iter()
                .any(|feature| feature.name == dependency.name)
        {
            continue;
        }
        features.push(Feature {
            name: dependency.name.clone(),
            default: defaults.contains(&dependency.name),
            enables: vec![format!("dep:{}", dependency.name)],
            implicit: true,
            line: dependency.line,
        });
    }
    features
}

fn cargo(manifest: &mut Manifest, text: &str, dir: &str) -> Option<()> {
    let document = ImDocument::parse(text).ok()?;
    let table = document.as_table();
    manifest.ecosystem = "cargo";
    manifest.name = toml_str(table, &["package", "name"]).map(String::from);
    manifest.description = toml_str(table, &["package", "description"]).map(String::from);
    // Each table of dependencies, its kind, and the platform it is limited to.
    let mut sections: Vec<(&dyn TableLike, &str, Option<&str>)> = Vec::new();
    // Cargo still reads the old underscore spellings (smallvec's `[dev_dependencies]`).
    for (key, kind) in [
        ("dependencies", "normal"),
        ("dev-dependencies", "dev"),
        ("dev_dependencies", "dev"),
        ("build-dependencies", "build"),
        ("build_dependencies", "build"),
    ] {
        sections.extend(toml_table(table, &[key]).map(|deps| (deps, kind, None)));
        // Platform-specific tables: `[target.'cfg(unix)'.dependencies]`.
        if let Some(targets) = toml_table(table, &["target"]) {
            for (platform, target) in targets.iter() {
                if let Some(deps) = target.as_table_like().and_then(|t| toml_table(t, &[key])) {
                    sections.push((deps, kind, Some(platform)));
                }
            }
        }
    }
    sections.extend(
        toml_table(table, &["workspace", "dependencies"]).map(|deps| (deps, "workspace", None)),
    );
    let gates = cargo_feature_gates(table);
    for (deps, kind, platform) in sections {
        for (name, value) in deps.iter() {
            let (version, optional) = cargo_requirement(value);
            let mut dependency = dependency(name, &version, kind, key_line(text, deps, name));
            dependency.optional = optional;
            dependency.target = platform.map(String::from);
            dependency.package = value
                .as_table_like()
                .and_then(|spec| spec.get("package"))
                .and_then(Item::as_str)
                .filter(|package| *package != name)
                .map(String::from);
            // Only an optional dependency is turned on by features; a feature naming a
            // required one (`full = ["serde/derive"]`) turns on a feature of it, not it.
            dependency.features = gates
                .iter()
                .filter(|(gated, _)| optional && gated == name)
                .map(|(_, feature)| feature.clone())
                .collect();
            dependency.features.dedup();
            manifest.dependencies.push(dependency);
        }
    }
    manifest.features = cargo_features(text, table, &manifest.dependencies);
    if table.contains_key("package") || table.contains_key("workspace") {
        let line = key_line(text, table, "package").or_else(|| key_line(text, table, "workspace"));
        // In a workspace whose root is a package too (ripgrep), plain `cargo test` tests that
        // package alone; `--workspace` reaches every member, as a virtual workspace does.
        let members = table
            .get("workspace")
            .and_then(|workspace| workspace.get("members"))
            .and_then(Item::as_array)
            .is_some_and(|members| !members.is_empty());
        let (build, test, tests) = if members && table.contains_key("package") {
            (
                "cargo build --workspace",
                "cargo test --workspace",
                "run the tests of every workspace member",
            )
        } else {
            ("cargo build", "cargo test", "run the tests")
        };
        manifest.commands.push(command(build, "build", line));
        manifest.commands.push(command(test, tests, line));
    }
    let package = table
        .get("package")
        .and_then(|package| package.get("name"))
        .and_then(Item::as_str);
    // cargo-fuzz's targets are `[[bin]]`s that only `cargo fuzz run` builds: nothing installs
    // them as commands.
    let fuzz = table
        .get("package")
        .and_then(|package| package.get("metadata"))
        .and_then(|metadata| metadata.get("cargo-fuzz"))
        .and_then(Item::as_bool)
        == Some(true);
    manifest.unpublished = table
        .get("package")
        .and_then(|package| package.get("publish"))
        .is_some_and(|publish| {
            publish.as_bool() == Some(false)
                || publish
                    .as_array()
                    .is_some_and(|registries| registries.is_empty())
        });
    if let Some(bins) = table.get("bin").and_then(Item::as_array_of_tables) {
        for bin in bins.iter() {
            let name = bin.get("name").and_then(Item::as_str);
            // Without `path`, Cargo looks for `src/bin/<name>.rs`, or `src/main.rs` for the
            // package's own name.
            let path = match (bin.get("path").and_then(Item::as_str), name) {
                (Some(path), _) => Some(path.to_string()),
                (None, Some(name)) if Some(name) == package => Some("src/main.rs".to_string()),
                (None, Some(name)) => Some(format!("src/bin/{name}.rs")),
                (None, None) => None,
            };
            let Some(path) = path.and_then(|path| join_dir(dir, &path)) else {
                continue;
            };
            manifest.entry_points.push(path.clone());
            if let Some(name) = name.filter(|_| !fuzz) {
                manifest
                    .executables
                    .push(executable(name, vec![path], None));
            }
        }
    }
    if let Some(package) = package {
        if let Some(main) = join_dir(dir, "src/main.rs") {
            manifest.entry_points.push(main.clone());
            if !fuzz
                && !manifest
                    .executables
                    .iter()
                    .any(|bin| bin.paths == [main.clone()])
            {
                manifest
                    .executables
                    .push(executable(package, vec![main], None));
            }
        }
    }
    Some(())
}

/// A JSON manifest's ecosystem, `name` and `description`; the parsed document for the rest.
fn json_manifest(
    manifest: &mut Manifest,
    text: &str,
    ecosystem: &'static str,
) -> Option<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let object = json.as_object()?;
    manifest.ecosystem = ecosystem;
    let field = |key: &str| {
        object
            .get(key)
            .and_then(|value| value.as_str())
            .map(String::from)
    };
    manifest.name = field("name");
    manifest.description = field("description");
    Some(json)
}

/// The `package.json` scripts a newcomer looks for first, in that order.
const MAIN_SCRIPTS: &[&str] = &[
    "build",
    "test",
    "lint",
    "check",
    "typecheck",
    "format",
    "start",
    "dev",
    "serve",
];

fn package_json(manifest: &mut Manifest, text: &str, dir: &str) -> Option<()> {
    let json = json_manifest(manifest, text, "npm")?;
    let object = json.as_object()?;
    json_dependencies(
        manifest,
        object,
        text,
        &[
            ("dependencies", "normal"),
            ("devDependencies", "dev"),
            ("peerDependencies", "peer"),
            ("optionalDependencies", "optional"),
        ],
    );
    // `engines`: the Node.js (and npm, VS Code, ...) versions the package runs on.
    if let Some(engines) = object.get("engines").and_then(|v| v.as_object()) {
        for (name, version) in engines {
            let Some(version) = version.as_str() else {
                continue;
            };
            let line = json_entry_line(text, "engines", name);
            let mut engine = dependency(name, version, "normal", line);
            engine.platform = Some(if name == "node" { "runtime" } else { "engine" }.to_string());
            manifest.dependencies.push(engine);
        }
    }
    // The package manager the project pins (`"packageManager": "pnpm@9.1.0"`), else npm.
    let tool = object
        .get("packageManager")
        .and_then(|v| v.as_str())
        .and_then(|pinned| pinned.split('@').next())
        .filter(|name| matches!(*name, "npm" | "pnpm" | "yarn" | "bun"))
        .unwrap_or("npm");
    manifest.commands.push(command(
        &format!("{tool} install"),
        "install dependencies",
        None,
    ));
    if let Some(scripts) = object.get("scripts").and_then(|v| v.as_object()) {
        // What a newcomer runs first (build, test, lint, start), then the other scripts, then
        // the variants (`build:react`, `test:types`); lifecycle hooks (`prebuild`,
        // `postbuild`) run by themselves.
        let mut names: Vec<(&String, &serde_json::Value)> = scripts
            .iter()
            .filter(|(name, _)| {
                let hook = |prefix: &str| {
                    name.strip_prefix(prefix)
                        .is_some_and(|rest| scripts.contains_key(rest))
                };
                !hook("pre") && !hook("post") && !NPM_LIFECYCLE.contains(&name.as_str())
            })
            .collect();
        names.sort_by_key(|(name, _)| {
            let base = name.split([':', '-']).next().unwrap_or(name);
            let common = MAIN_SCRIPTS.iter().position(|main| *main == base);
            let variant = name.contains([':', '-']);
            (variant, common.unwrap_or(MAIN_SCRIPTS.len()), *name)
        });
        for (name, script) in names.into_iter().take(12) {
            let run = match (tool, name.as_str()) {
                ("bun", _) => format!("bun run {name}"),
                (_, "test" | "start") => format!("{tool} {name}"),
                _ => format!("{tool} run {name}"),
            };
            let purpose = script.as_str().map(|s| truncate(s, 80)).unwrap_or_default();
            let line = find_line(text, name, None);
            manifest.commands.push(command(&run, &purpose, line));
        }
    }
    // `browser` (a string) is the file bundlers take in place of `main` (debug's
    // `src/browser.js`).
    for key in ["main", "module", "browser"] {
        if let Some(path) = object.get(key).and_then(|v| v.as_str()) {
            if let Some(path) = join_dir(dir, path) {
                if !manifest.entry_points.contains(&path) {
                    manifest.entry_points.push(path);
                }
            }
        }
    }
    // `"bin": "cli.js"` installs a command named after the package, without its scope.
    let bins: Vec<(&str, &str)> = match object.get("bin") {
        Some(serde_json::Value::String(path)) => {
            let package = object
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let name = package.rsplit('/').next().unwrap_or(package);
            vec![(name, path.as_str())]
        }
        Some(serde_json::Value::Object(bins)) => bins
            .iter()
            .filter_map(|(name, path)| Some((name.as_str(), path.as_str()?)))
            .collect(),
        _ => Vec::new(),
    };
    for (name, path) in bins {
        let Some(path) = join_dir(dir, path) else {
            continue;
        };
        manifest.entry_points.push(path.clone());
        if !name.is_empty() {
            manifest
                .executables
                .push(executable(name, vec![path], None));
        }
    }
    Some(())
}

fn json_dependencies(
    manifest: &mut Manifest,
    object: &serde_json::Map<String, serde_json::Value>,
    text: &str,
    sections: &[(&str, &str)],
) {
    for (key, kind) in sections {
        let Some(deps) = object.get(*key).and_then(|v| v.as_object()) else {
            continue;
        };
        for (name, version) in deps {
            let version = version.as_str().unwrap_or_default();
            let line = json_entry_line(text, key, name);
            // npm installs an optional dependency like a normal one, and goes on without it
            // when it fails to install.
            let (kind, optional) = match *kind {
                "optional" => ("normal", true),
                kind => (kind, false),
            };
            let mut dependency = dependency(name, version, kind, line);
            dependency.optional = optional;
            if manifest.ecosystem == "composer" {
                dependency.platform = composer_platform(name).map(str::to_string);
            }
            manifest.dependencies.push(dependency);
        }
    }
}

/// What a platform package of Composer is (what the project runs on, not a package Composer
/// installs): `php` (and `php-64bit`, `hhvm`) the runtime, `ext-json` a PHP extension,
/// `lib-curl` a system library, `composer-plugin-api` Composer's own API. A package's name has
/// a vendor (`php-http/message-factory`); a platform package's never does.
fn composer_platform(name: &str) -> Option<&'static str> {
    if name.contains('/') {
        None
    } else if name == "php" || name.starts_with("php-") || name == "hhvm" {
        Some("runtime")
    } else if name.starts_with("ext-") {
        Some("PHP extension")
    } else if name.starts_with("lib-") {
        Some("system library")
    } else if name == "composer" || name.starts_with("composer-") {
        Some("Composer API")
    } else {
        None
    }
}

/// The line of `"name":` inside the object of `"section":` in a JSON text. serde_json keeps no
/// positions, so this scans the text: the section's object holds only strings, so its first
/// `}` ends it.
fn json_entry_line(text: &str, section: &str, name: &str) -> Option<u32> {
    let key_at = |haystack: &str, key: &str| -> Option<usize> {
        let quoted = format!("\"{key}\"");
        let mut from = 0;
        while let Some(found) = haystack[from..].find(&quoted) {
            let at = from + found;
            let after = haystack[at + quoted.len()..].trim_start();
            if after.starts_with(':') {
                return Some(at);
            }
            from = at + quoted.len();
        }
        None
    };
    let section_at = key_at(text, section)?;
    let open = section_at + text[section_at..].find('{')?;
    let close = open + text[open..].find('}')?;
    let entry = open + key_at(&text[open..close], name)?;
    Some(line_at(text, entry))
}

/// Splits a PEP 508 requirement (`requests[socks]>=2.0; python_version<"3.8"`) into name,
/// the rest, and the extras asked for (`socks`).
fn split_requirement(requirement: &str) -> Option<(String, String, Vec<String>)> {
    let requirement = requirement.trim();
    let end = requirement
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(requirement.len());
    let name = &requirement[..end];
    if name.is_empty() {
        return None;
    }
    let mut rest = requirement[end..].trim();
    let mut extras = Vec::new();
    if rest.starts_with('[') {
        if let Some(at) = rest.find(']') {
            extras = rest[1..at]
                .split(',')
                .map(str::trim)
                .filter(|extra| !extra.is_empty())
                .map(str::to_string)
                .collect();
        }
        rest = rest.find(']').map_or("", |at| rest[at + 1..].trim());
    }
    // The environment marker (`; python_version >= "3.10"`) is a condition, no version.
    let rest = rest
        .split_once(';')
        .map_or(rest, |(version, _)| version)
        .trim();
    Some((name.to_string(), rest.to_string(), extras))
}

/// The environment marker of a PEP 508 requirement (`platform_python_implementation ==
/// "CPython"` of `cloudpickle; platform_python_implementation == "CPython"`), if it has one.
fn requirement_marker(requirement: &str) -> Option<String> {
    let (_, marker) = requirement.split_once(';')?;
    let marker = marker.trim();
    (!marker.is_empty()).then(|| marker.to_string())
}

/// A Python distribution name as PEP 503 compares them: lower case, runs of `-`, `_` and `.`
/// as one `-`.
fn normalized_python_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn pyproject(manifest: &mut Manifest, text: &str, dir: &str) -> Option<()> {
    let document = ImDocument::parse(text).ok()?;
    let table = document.as_table();
    manifest.ecosystem = "python";
    manifest.name = toml_str(table, &["project", "name"])
        .or_else(|| toml_str(table, &["tool", "poetry", "name"]))
        .map(String::from);
    manifest.description = toml_str(table, &["project", "description"])
        .or_else(|| toml_str(table, &["tool", "poetry", "description"]))
        .map(String::from);
    // The package itself named in an extra (marshmallow's `dev = ["marshmallow[tests]", …]`)
    // pulls in its other extras: no dependency of its own.
    let own = manifest.name.as_deref().map(normalized_python_name);
    // PEP 508 strings in an array: each one's line is the line of its own string.
    let add_list = |manifest: &mut Manifest, list: &Item, kind: &str, gate: Option<&str>| {
        let Some(list) = list.as_array() else {
            return;
        };
        for value in list.iter() {
            let Some(requirement) = value.as_str() else {
                continue;
            };
            if let Some((name, version, extras)) = split_requirement(requirement) {
                if own.as_deref() == Some(normalized_python_name(&name).as_str()) {
                    continue;
                }
                let line = value.span().map(|span| line_at(text, span.start));
                let mut dependency = dependency(&name, &version, kind, line);
                dependency.extras = extras;
                dependency.target = requirement_marker(requirement);
                if let Some(gate) = gate {
                    dependency.optional = kind == "normal";
                    dependency.features = vec![gate.to_string()];
                }
                manifest.dependencies.push(dependency);
            }
        }
    };
    if let Some(list) = toml_table(table, &["project"]).and_then(|p| p.get("dependencies")) {
        add_list(manifest, list, "normal", None);
    }
    // Extras: installed with `pkg[extra]` only.
    if let Some(groups) = toml_table(table, &["project", "optional-dependencies"]) {
        for (group, list) in groups.iter() {
            add_list(manifest, list, "normal", Some(group));
        }
    }
    // PEP 518: what building the package needs (humanize's `hatchling`, `hatch-vcs`).
    if let Some(list) = toml_table(table, &["build-system"]).and_then(|b| b.get("requires")) {
        add_list(manifest, list, "build", None);
    }
    // PEP 735 dependency groups are for development and are never installed with the package.
    if let Some(groups) = toml_table(table, &["dependency-groups"]) {
        for (group, list) in groups.iter() {
            add_list(manifest, list, "dev", Some(group));
        }
    }
    let mut poetry_sections: Vec<(Vec<String>, &str, Option<String>)> = vec![
        (vec!["dependencies".into()], "normal", None),
        (vec!["dev-dependencies".into()], "dev", None),
    ];
    if let Some(groups) = toml_table(table, &["tool", "poetry", "group"]) {
        for (group, _) in groups.iter() {
            poetry_sections.push((
                vec!["group".into(), group.to_string(), "dependencies".into()],
                "dev",
                Some(group.to_string()),
            ));
        }
    }
    for (keys, kind, group) in poetry_sections {
        let mut path = vec!["tool", "poetry"];
        path.extend(keys.iter().map(String::as_str));
        let Some(deps) = toml_table(table, &path) else {
            continue;
        };
        for (name, value) in deps.iter() {
            if name == "python" {
                continue;
            }
            let spec = value.as_table_like();
            let version = value
                .as_str()
                .or_else(|| spec.and_then(|spec| spec.get("version")?.as_str()))
                .unwrap_or_default();
            let mut dependency = dependency(name, version, kind, key_line(text, deps, name));
            dependency.optional = spec
                .and_then(|spec| spec.get("optional")?.as_bool())
                .unwrap_or(false);
            dependency.features.extend(group.clone());
            manifest.dependencies.push(dependency);
        }
    }
    let line = key_line(text, table, "project");
    // The extra that holds the test tools (loguru's `dev`, with `pytest`): without it the
    // tests' own imports are missing.
    let extras: Vec<&str> = toml_table(table, &["project", "optional-dependencies"])
        .map(|groups| groups.iter().map(|(group, _)| group).collect())
        .unwrap_or_default();
    let with_pytest = |extra: &&&str| {
        manifest.dependencies.iter().any(|dependency| {
            dependency.name == "pytest" && dependency.features.iter().any(|f| f == **extra)
        })
    };
    let development_extra = extras.iter().find(with_pytest).or_else(|| {
        extras.iter().find(|extra| {
            matches!(
                **extra,
                "dev" | "develop" | "development" | "test" | "tests" | "testing"
            )
        })
    });
    // Else the dependency group that holds pytest (PEP 735; click's `tests`), which `pip`
    // installs with `--group` since 25.1.
    let groups: Vec<&str> = toml_table(table, &["dependency-groups"])
        .map(|groups| groups.iter().map(|(group, _)| group).collect())
        .unwrap_or_default();
    let test_group = groups.iter().find(with_pytest);
    match (development_extra, test_group) {
        (Some(extra), _) => manifest.commands.push(command(
            &format!("pip install -e \".[{extra}]\""),
            &format!("install the package for development, with its {extra} extra"),
            line,
        )),
        (None, Some(group)) => manifest.commands.push(command(
            &format!("pip install -e . --group {group}"),
            &format!("install the package for development, with its {group} dependency group (pip 25.1 or later)"),
            line,
        )),
        (None, None) => manifest.commands.push(command(
            "pip install -e .",
            "install the package for development",
            line,
        )),
    }
    let uses_pytest = toml_table(table, &["tool", "pytest"]).is_some()
        || manifest.dependencies.iter().any(|d| d.name == "pytest");
    if uses_pytest {
        manifest.commands.push(command(
            "python -m pytest",
            "run the tests",
            find_line(text, "pytest", None),
        ));
    }
    if let Some(scripts) = toml_table(table, &["project", "scripts"]) {
        for (name, target) in scripts.iter().filter_map(|(k, v)| Some((k, v.as_str()?))) {
            python_script(manifest, dir, name, target);
        }
    }
    Some(())
}

/// A command a Python package installs, `name` running `target` (`httpx:main`,
/// `pkg.cli:Main.run`): its entry point's candidate files and the function it calls.
fn python_script(manifest: &mut Manifest, dir: &str, name: &str, target: &str) {
    let (module, function) = match target.split_once(':') {
        Some((module, function)) => (module.trim(), Some(function.trim())),
        None => (target.trim(), None),
    };
    let module = module.replace('.', "/");
    let paths: Vec<String> = [
        format!("{module}.py"),
        format!("src/{module}.py"),
        format!("{module}/__init__.py"),
        format!("src/{module}/__init__.py"),
        format!("{module}/__main__.py"),
    ]
    .iter()
    .filter_map(|candidate| join_dir(dir, candidate))
    .collect();
    manifest.entry_points.extend(paths.iter().cloned());
    // `pkg.cli:Main.run` calls `run` of `Main`: the function is the last name.
    let function = function
        .and_then(|function| function.rsplit('.').next())
        .filter(|function| !function.is_empty());
    manifest
        .executables
        .push(executable(name, paths, function.map(str::to_string)));
}

/// A `setup.py`, read for what its `setup(…)` call writes as literals: the name, the
/// requirements of `install_requires=[…]` and of each extra of `extras_require={…}`, and the
/// commands of `entry_points={'console_scripts': […]}` (glom's `glom = glom.cli:console_main`).
/// A value held in a variable of the file (`extras_require=extras_requires` after
/// `extras_requires = {…}`) is read from the variable's literal.
fn setup_py(manifest: &mut Manifest, text: &str, dir: &str) {
    manifest.ecosystem = "python";
    manifest.name = quoted_after(text, "name=");
    manifest.commands.push(command(
        "pip install -e .",
        "install the package for development",
        None,
    ));
    let own = manifest.name.as_deref().map(normalized_python_name);
    let add = |manifest: &mut Manifest, at: usize, requirement: &str, extra: Option<&str>| {
        let Some((name, version, extras)) = split_requirement(requirement) else {
            return;
        };
        if own.as_deref() == Some(normalized_python_name(&name).as_str()) {
            return;
        }
        let mut dependency = dependency(&name, &version, "normal", Some(line_at(text, at)));
        dependency.extras = extras;
        dependency.target = requirement_marker(requirement);
        if let Some(extra) = extra {
            dependency.optional = true;
            dependency.features = vec![extra.to_string()];
        }
        manifest.dependencies.push(dependency);
    };
    if let Some((start, list)) = literal_or_variable(text, "install_requires", '[', ']') {
        for (offset, requirement) in quoted_strings_at(list) {
            add(manifest, start + offset, requirement, None);
        }
    }
    if let Some((start, extras)) = literal_or_variable(text, "extras_require", '{', '}') {
        // `'toml': ['tomli; python_version<"3.11"']`: a key, then its list.
        let mut extra: Option<&str> = None;
        for (offset, value) in quoted_strings_at(extras) {
            let before = &extras[..offset];
            let inside_list = before.matches('[').count() > before.matches(']').count();
            match (inside_list, extra) {
                (false, _) => extra = Some(value),
                (true, Some(extra)) => add(manifest, start + offset, value, Some(extra)),
                (true, None) => {}
            }
        }
    }
    if let Some((_, entry_points)) = literal_after(text, "entry_points", '{', '}') {
        let scripts = entry_points
            .find("console_scripts")
            .and_then(|at| literal_after(&entry_points[at..], "", '[', ']'));
        if let Some((_, scripts)) = scripts {
            for (_, script) in quoted_strings_at(scripts) {
                if let Some((name, target)) = script.split_once('=') {
                    python_script(manifest, dir, name.trim(), target.trim());
                }
            }
        }
    }
}

/// `literal_after`, or when `key=` is followed by a variable's name, the literal assigned to
/// that variable.
fn literal_or_variable<'t>(
    text: &'t str,
    key: &str,
    open: char,
    close: char,
) -> Option<(usize, &'t str)> {
    literal_after(text, key, open, close).or_else(|| {
        let variable = text.match_indices(key).find_map(|(at, _)| {
            let rest = text[at + key.len()..].trim_start().strip_prefix('=')?;
            let rest = rest.trim_start();
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) && name != key)
                .then_some(name)
        })?;
        literal_after(text, variable, open, close)
    })
}

/// The text between `open` and its matching `close` where `key` is followed by `=` (or, with
/// an empty `key`, `:`) and then `open`, with the byte offset of that text in `text`.
fn literal_after<'t>(
    text: &'t str,
    key: &str,
    open: char,
    close: char,
) -> Option<(usize, &'t str)> {
    let mut from = 0;
    loop {
        let at = from + text.get(from..)?.find(key)?;
        from = at + key.len().max(1);
        let rest = text[at + key.len()..].trim_start();
        let rest = match rest.strip_prefix('=').or_else(|| rest.strip_prefix(':')) {
            Some(rest) => rest.trim_start(),
            None if key.is_empty() => rest,
            None => continue,
        };
        if !rest.starts_with(open) {
            continue;
        }
        let start = text.len() - rest.len() + open.len_utf8();
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        for (offset, c) in rest.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == open => depth += 1,
                None if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        let end = text.len() - rest.len() + offset;
                        return Some((start, &text[start..end]));
                    }
                }
                None => {}
            }
        }
        return None;
    }
}

/// The quoted strings of a Python literal's text, each with the offset of its first character.
fn quoted_strings_at(text: &str) -> Vec<(usize, &str)> {
    let mut strings = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (offset, c) in text.char_indices() {
        match open {
            Some((quote, start)) if c == quote => {
                strings.push((start, &text[start..offset]));
                open = None;
            }
            Some(_) => {}
            None if c == '"' || c == '\'' => open = Some((c, offset + 1)),
            None => {}
        }
    }
    strings
}

/// True for a file of a `requirements/` folder (`requirements/test.txt`).
fn in_requirements_dir(path: &RepoPath) -> bool {
    path.parent().rsplit('/').next() == Some("requirements")
}

/// Words that, in a requirements file's name or folder, mark its pins as development tools:
/// `requirements-dev.txt`, `test-requirements.txt`, `requirements/docs.txt`.
const DEV_REQUIREMENT_WORDS: &[&str] = &[
    "dev",
    "develop",
    "development",
    "test",
    "tests",
    "testing",
    "lint",
    "linting",
    "doc",
    "docs",
    "ci",
    "typing",
    "types",
    "mypy",
    "tools",
    "tooling",
    "build",
    "bench",
    "style",
    "check",
    "coverage",
    "format",
    // more-itertools' `requirements/packaging.txt` (flit, twine, wheel) and
    // `requirements/typechecks.txt` (mypy).
    "packaging",
    "release",
    "publish",
    "typecheck",
    "typechecks",
    // wcwidth's `requirements-update.txt`: what its table-update scripts need.
    "update",
    "scripts",
];

/// The pins of a requirements file, `dev` when its name or folder says it is for development
/// (see `DEV_REQUIREMENT_WORDS`); a plain `requirements.txt` is settled by
/// `settle_across_manifests`, which knows whether a package manifest sits beside it.
fn requirements(manifest: &mut Manifest, text: &str, path: &RepoPath) {
    manifest.ecosystem = "python";
    let lower = path.as_str().to_ascii_lowercase();
    let stem = lower.strip_suffix(".txt").unwrap_or(&lower);
    // The file's name and its folder's (humanize's `docs/requirements.txt` builds the docs).
    let named_words = stem
        .rsplit('/')
        .take(2)
        .flat_map(|part| part.split(['-', '_', '.']))
        .collect::<Vec<_>>();
    let kind = if named_words
        .iter()
        // wcwidth's `requirements-tests38.txt` pins the tests' packages for Python 3.8.
        .map(|word| word.trim_end_matches(|c: char| c.is_ascii_digit()))
        .any(|word| DEV_REQUIREMENT_WORDS.contains(&word))
    {
        "dev"
    } else {
        "normal"
    };
    for (at, line) in text.lines().enumerate() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('-') {
            continue;
        }
        if let Some((name, version, extras)) = split_requirement(line) {
            let mut dependency = dependency(&name, &version, kind, Some(at as u32 + 1));
            dependency.target = requirement_marker(line);
            dependency.extras = extras;
            manifest.dependencies.push(dependency);
        }
    }
    manifest.commands.push(command(
        &format!("pip install -r {path}"),
        "install dependencies",
        None,
    ));
}

fn go_mod(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "go";
    let mut in_require = false;
    for (at, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(module) = line.strip_prefix("module ") {
            manifest.name = Some(module.trim().trim_matches('"').to_string());
            continue;
        }
        // `go 1.25`: the Go version the module needs.
        if let Some(version) = line.strip_prefix("go ") {
            let version = version.split("//").next().unwrap_or_default().trim();
            if !version.is_empty() && !in_require {
                let mut go = dependency("go", version, "normal", Some(at as u32 + 1));
                go.platform = Some("runtime".to_string());
                manifest.dependencies.push(go);
            }
            continue;
        }
        let spec = if in_require {
            if line.starts_with(')') {
                in_require = false;
                continue;
            }
            line
        } else if let Some(rest) = line.strip_prefix("require") {
            let rest = rest.trim();
            if rest.starts_with('(') {
                in_require = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        let kind = if spec.contains("// indirect") {
            "indirect"
        } else {
            "normal"
        };
        let mut words = spec.split_whitespace();
        if let (Some(name), Some(version)) = (words.next(), words.next()) {
            if !name.starts_with("//") {
                manifest
                    .dependencies
                    .push(dependency(name, version, kind, Some(at as u32 + 1)));
            }
        }
    }
    // `./...` stops at a directory with a `go.mod` of its own (afero's `gcsfs`, `sftpfs`).
    manifest.commands.push(command(
        "go build ./...",
        "build every package of this module",
        None,
    ));
    manifest
        .commands
        .push(command("go test ./...", "run this module's tests", None));
}

/// The first quoted string after `key` (`name="x"`, `name = 'x'`).
fn quoted_after(text: &str, key: &str) -> Option<String> {
    text.match_indices(key).find_map(|(at, _)| {
        // `name=`, not `package_name=`.
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        // A literal, not an expression (python-slugify's `name=about['__title__']`).
        let rest = text[at + key.len()..].trim_start_matches([' ', '=']);
        if !rest.starts_with(['"', '\'']) {
            return None;
        }
        quoted_strings(rest).into_iter().next()
    })
}

/// The quoted strings of a line, in order (`"a", 'b'` → `a`, `b`); a quote left open ends them.
pub fn quoted_strings(line: &str) -> Vec<String> {
    quoted_strings_at(line)
        .into_iter()
        .map(|(_, string)| string.to_string())
        .collect()
}

fn gemfile(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "ruby";
    let mut groups: Vec<String> = Vec::new();
    for (at, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(group) = line
            .strip_prefix("group ")
            .and_then(|rest| rest.strip_suffix(" do"))
        {
            groups.push(group.replace(':', "").trim().to_string());
        } else if line == "end" {
            groups.pop();
        } else if let Some(rest) = line.strip_prefix("gem ") {
            let Some(gem) = gem_arguments(rest) else {
                continue;
            };
            let kind = gem
                .group
                .as_ref()
                .or(groups.last())
                .map_or_else(|| "normal".to_string(), |g| format!("group: {g}"));
            manifest.dependencies.push(dependency(
                &gem.name,
                &gem.requirement,
                &kind,
                Some(at as u32 + 1),
            ));
        }
    }
    manifest
        .commands
        .push(command("bundle install", "install dependencies", None));
}

/// A Gemfile's `gem` line, read from its arguments.
#[derive(Debug, PartialEq, Eq)]
struct Gem {
    name: String,
    /// The version constraints (`~> 5.0`, `>= 1, < 2`), else where the gem comes from
    /// (`path: rack-protection`, `git: …`, `github: rack/rack`), else empty.
    requirement: String,
    /// The `group:` option (`gem 'rspec', group: :test`).
    group: Option<String>,
}

/// Parses what follows `gem `: the quoted name, the quoted version constraints, and the
/// options (`path: 'x'`, `:git => 'x'`, `require: false`). An argument that is neither a
/// string nor an option (sinatra's `gem 'rack', rack_version`) is a version known only when
/// the Gemfile runs: no requirement is claimed. `None` when the name is not a string.
fn gem_arguments(rest: &str) -> Option<Gem> {
    let rest = rest.split(" #").next().unwrap_or(rest);
    let mut arguments = split_arguments(rest).into_iter();
    let name = unquoted(arguments.next()?)?;
    let mut versions: Vec<String> = Vec::new();
    let mut source: Option<String> = None;
    let mut group: Option<String> = None;
    for argument in arguments {
        if let Some(version) = unquoted(argument) {
            versions.push(version);
            continue;
        }
        let option = argument
            .split_once("=>")
            .map(|(key, value)| (key.trim().trim_start_matches(':'), value))
            .or_else(|| argument.split_once(": "))
            .or_else(|| argument.split_once(':'));
        let Some((key, value)) = option else {
            continue;
        };
        let value = value.trim();
        let text = unquoted(value).unwrap_or_else(|| value.trim_start_matches(':').to_string());
        match key.trim() {
            "path" | "git" | "github" | "gitlab" | "bitbucket" => {
                source = Some(format!("{}: {text}", key.trim()));
            }
            "group" | "groups" => {
                group = Some(text.trim_matches(['[', ']']).replace(':', ""));
            }
            _ => {}
        }
    }
    let requirement = if versions.is_empty() {
        source.unwrap_or_default()
    } else {
        versions.join(", ")
    };
    Some(Gem {
        name,
        requirement,
        group,
    })
}

/// `text` split at the commas outside quotes and brackets, each part trimmed.
fn split_arguments(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (Some(open), _) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{' | '(') => depth += 1,
            (None, ']' | '}' | ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(text[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts.retain(|part| !part.is_empty());
    parts
}

/// The text of a whole quoted string argument (`'rack'`, `"~> 5.0"`); `None` for anything else.
fn unquoted(argument: &str) -> Option<String> {
    let quote = argument
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    let inner = argument.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote)).then(|| inner.to_string())
}

fn gemspec(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "ruby";
    // `s.name = 'x'`, or the name given to the constructor (sinatra's
    // `Gem::Specification.new 'sinatra', version do |s|`).
    manifest.name = text
        .lines()
        .find(|line| line.contains(".name") && line.contains('='))
        .or_else(|| {
            text.lines()
                .find(|line| line.contains("Gem::Specification.new") && line.contains(['\'', '"']))
        })
        .and_then(|line| quoted_strings(line).into_iter().next());
    // The summary, else the description: a value Ruby interpolates (rack-protection's
    // `s.summary = "#{s.description}."`) is not its text.
    let field = |name: &str| {
        text.lines()
            .find(|line| line.contains(name) && line.contains('='))
            .and_then(|line| quoted_strings(line).into_iter().next())
            .filter(|value| !value.contains("#{"))
    };
    manifest.description = field(".summary").or_else(|| field(".description"));
    for (at, line) in text.lines().enumerate() {
        let kind = if line.contains("add_development_dependency") {
            "dev"
        } else if line.contains("add_dependency") || line.contains("add_runtime_dependency") {
            "normal"
        } else {
            continue;
        };
        let strings = quoted_strings(line);
        if let Some(name) = strings.first() {
            let version = strings[1..].join(", ");
            manifest
                .dependencies
                .push(dependency(name, &version, kind, Some(at as u32 + 1)));
        }
    }
}

fn composer(manifest: &mut Manifest, text: &str) -> Option<()> {
    let json = json_manifest(manifest, text, "composer")?;
    let object = json.as_object()?;
    json_dependencies(
        manifest,
        object,
        text,
        &[("require", "normal"), ("require-dev", "dev")],
    );
    manifest
        .commands
        .push(command("composer install", "install dependencies", None));
    if object.get("scripts").and_then(|s| s.get("test")).is_some() {
        manifest.commands.push(command(
            "composer test",
            "run the tests",
            find_line(text, "test", None),
        ));
    }
    Some(())
}

/// The text between `<tag>` and `</tag>` in `xml`, trimmed.
fn xml_value(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&close)? + start;
    Some(xml[start..end].trim().to_string())
}

/// A child element's trimmed text.
fn xml_child<'a>(node: roxmltree::Node<'a, 'a>, tag: &str) -> Option<&'a str> {
    node.children()
        .find(|child| child.has_tag_name(tag))?
        .text()
        .map(str::trim)
}

/// The project's own dependencies: `<project><dependencies>` and those of its `<profiles>`.
/// `<dependencyManagement>` only pins versions for modules that declare a dependency, and a
/// plugin's `<dependencies>` are the build tool's, so neither is counted. A version written as
/// `${name}` is filled in from the pom's `<properties>` (a profile's own first) and
/// `${project.version}` from its `<version>`; one that only a parent pom or the command line
/// defines stays as written. A `pom.xml` that is not well-formed XML gives no dependencies.
fn pom(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "maven";
    manifest
        .commands
        .push(command("mvn package", "build", None));
    manifest
        .commands
        .push(command("mvn test", "run the tests", None));
    let Ok(document) = roxmltree::Document::parse(text) else {
        return;
    };
    let project = document.root_element();
    manifest.name = xml_child(project, "artifactId").map(String::from);
    manifest.description = xml_child(project, "description").map(String::from);
    let profiles = project
        .children()
        .filter(|child| child.has_tag_name("profiles"))
        .flat_map(|profiles| profiles.children().filter(|p| p.has_tag_name("profile")));
    let mut project_properties = pom_properties(project);
    // A module without its own `<version>` has its parent's.
    let version = xml_child(project, "version").or_else(|| {
        let parent = project.children().find(|c| c.has_tag_name("parent"))?;
        xml_child(parent, "version")
    });
    if let Some(version) = version {
        project_properties.insert("project.version".to_string(), version.to_string());
    }
    let owners = std::iter::once(project).chain(profiles);
    for owner in owners {
        let mut properties = project_properties.clone();
        if owner != project {
            properties.extend(pom_properties(owner));
        }
        let entries = owner
            .children()
            .filter(|child| child.has_tag_name("dependencies"))
            .flat_map(|list| list.children().filter(|c| c.has_tag_name("dependency")));
        manifest
            .dependencies
            .extend(entries.filter_map(|entry| pom_dependency(&document, entry, &properties)));
    }
}

/// One `<dependency>` of a pom, its version's `${name}`s filled in from `properties`; `None`
/// without an `<artifactId>`.
fn pom_dependency(
    document: &roxmltree::Document<'_>,
    entry: roxmltree::Node<'_, '_>,
    properties: &BTreeMap<String, String>,
) -> Option<Dependency> {
    let artifact = xml_child(entry, "artifactId")?;
    let name = match xml_child(entry, "groupId") {
        Some(group) => format!("{group}:{artifact}"),
        None => artifact.to_string(),
    };
    let version = expand_properties(xml_child(entry, "version").unwrap_or_default(), properties);
    let kind = xml_child(entry, "scope").unwrap_or("compile");
    let line = document.text_pos_at(entry.range().start).row;
    let mut dependency = dependency(&name, &version, kind, Some(line));
    dependency.optional = xml_child(entry, "optional") == Some("true");
    Some(dependency)
}

/// The `<properties>` of a `<project>` or `<profile>`: each child's tag name and text.
fn pom_properties(owner: roxmltree::Node<'_, '_>) -> BTreeMap<String, String> {
    owner
        .children()
        .filter(|child| child.has_tag_name("properties"))
        .flat_map(|properties| properties.children().filter(|c| c.is_element()))
        .map(|property| {
            let value = property.text().map(str::trim).unwrap_or_default();
            (property.tag_name().name().to_string(), value.to_string())
        })
        .collect()
}

/// `text` with each `${name}` that `properties` defines replaced by its value; a property may
/// name others (`<a>${b}</a>`), up to a few levels, so a cycle cannot loop. A placeholder that
/// nothing defines stays as written.
fn expand_properties(text: &str, properties: &BTreeMap<String, String>) -> String {
    let mut expanded = text.to_string();
    for _ in 0..8 {
        let mut next = String::with_capacity(expanded.len());
        let mut rest = expanded.as_str();
        while let Some(start) = rest.find("${") {
            next.push_str(&rest[..start]);
            let placeholder = &rest[start..];
            let Some(end) = placeholder.find('}') else {
                next.push_str(placeholder);
                rest = "";
                break;
            };
            match properties.get(&placeholder[2..end]) {
                Some(value) => next.push_str(value),
                None => next.push_str(&placeholder[..=end]),
            }
            rest = &placeholder[end + 1..];
        }
        next.push_str(rest);
        if next == expanded {
            break;
        }
        expanded = next;
    }
    expanded
}

fn gradle(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "gradle";
    const CONFIGURATIONS: &[&str] = &[
        "implementation",
        "api",
        "compileOnly",
        "runtimeOnly",
        "testImplementation",
        "testRuntimeOnly",
        "annotationProcessor",
        "kapt",
        "compile",
        "testCompile",
    ];
    for (at, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let Some(configuration) = CONFIGURATIONS.iter().find(|c| {
            line.strip_prefix(**c)
                .is_some_and(|rest| rest.starts_with([' ', '(']))
        }) else {
            continue;
        };
        let Some(coordinate) = quoted_strings(line).into_iter().next() else {
            continue;
        };
        let mut parts = coordinate.splitn(3, ':');
        let (group, artifact, version) = (parts.next(), parts.next(), parts.next());
        let name = match (group, artifact) {
            (Some(group), Some(artifact)) => format!("{group}:{artifact}"),
            _ => coordinate.clone(),
        };
        manifest.dependencies.push(dependency(
            &name,
            version.unwrap_or_default(),
            configuration,
            Some(at as u32 + 1),
        ));
    }
    manifest
        .commands
        .push(command("gradle build", "build", None));
    manifest
        .commands
        .push(command("gradle test", "run the tests", None));
}

fn cmake(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "cmake";
    for (at, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let lower = line.to_ascii_lowercase();
        let argument = |prefix: &str| {
            lower.strip_prefix(prefix).map(|_| {
                line[prefix.len()..]
                    .trim_start_matches([' ', '('])
                    .split(|c: char| c.is_whitespace() || c == ')')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
        };
        if let Some(name) = argument("project") {
            if manifest.name.is_none() && !name.is_empty() {
                manifest.name = Some(name);
            }
        } else if let Some(name) = argument("find_package") {
            if !name.is_empty() {
                manifest.dependencies.push(dependency(
                    &name,
                    "",
                    "find_package",
                    Some(at as u32 + 1),
                ));
            }
        }
    }
    manifest
        .commands
        .push(command("cmake -B build", "configure", None));
    manifest
        .commands
        .push(command("cmake --build build", "build", None));
    let lower = text.to_ascii_lowercase();
    if lower.contains("enable_testing") || lower.contains("add_test") {
        manifest
            .commands
            .push(command("ctest --test-dir build", "run the tests", None));
    }
}

fn csproj(manifest: &mut Manifest, text: &str, path: &RepoPath) {
    manifest.ecosystem = "dotnet";
    let name = path.file_name();
    manifest.name = Some(
        name.rsplit_once('.')
            .map_or(name, |(stem, _)| stem)
            .to_string(),
    );
    manifest.description = xml_value(text, "Description");
    for (at, line) in text.lines().enumerate() {
        if !line.contains("<PackageReference") {
            continue;
        }
        let attribute = |key: &str| {
            let start = line.find(&format!("{key}=\""))? + key.len() + 2;
            let end = line[start..].find('"')? + start;
            Some(line[start..end].to_string())
        };
        if let Some(name) = attribute("Include") {
            let version = attribute("Version").unwrap_or_default();
            manifest
                .dependencies
                .push(dependency(&name, &version, "package", Some(at as u32 + 1)));
        }
    }
    manifest
        .commands
        .push(command("dotnet build", "build", None));
    manifest
        .commands
        .push(command("dotnet test", "run the tests", None));
}

/// Scripts npm runs by itself around its own commands (`npm install`, `npm publish`,
/// `npm version`, `npm pack`): no one runs them by name.
const NPM_LIFECYCLE: &[&str] = &[
    "prepare",
    "prepublish",
    "prepublishOnly",
    "publish",
    "postpublish",
    "prepack",
    "postpack",
    "preinstall",
    "install",
    "postinstall",
    "preuninstall",
    "postuninstall",
    "preversion",
    "version",
    "postversion",
    "dependencies",
];

/// Words of Makefile target names, by what a newcomer needs first: testing, building,
/// linting and static analysis, coverage, installing, docs and running; other targets after.
const MAKE_TARGET_WORDS: &[&[&str]] = &[
    &["test", "tests", "check", "verify", "spec", "e2e"],
    &["build", "all", "compile"],
    &[
        "lint",
        "fmt",
        "format",
        "static",
        "analyse",
        "analyze",
        "vet",
        "typecheck",
        "style",
    ],
    &["coverage", "cover", "cov"],
    &["install", "deps", "setup", "bootstrap"],
    &["docs", "doc", "html", "run", "dev", "serve", "start"],
];

/// Every target one can run by name (`make NAME`), so that a file description's count ("and
/// 15 more") is the Makefile's: those declared `.PHONY` (mux's `verify`), and the others whose
/// name is a plain word (`test`, `start-server`: letters, digits, `-` and `_`), since a file
/// target names a file (`build/foo.o`, `README.md`). Never pattern rules (`%.o: %.c`),
/// special targets (`.PHONY`), names built from variables (`$(BIN):`), `_internal` helpers,
/// variable assignments (`X := a:b`), a target's own variables (`test: ARGS = -v`), or a
/// target that does nothing (no recipe, no prerequisite) or only prints (chi's `all` banner;
/// `help` is kept, printing is what it is for). The usual ones come first (`MAKE_TARGET_WORDS`:
/// `test`, `build`, `lint`, ...), plain names before their variants (`static` before
/// `static-phpstan`), else in file order; the onboarding table shows the first few.
fn makefile(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "make";
    let lines: Vec<&str> = text.lines().collect();
    let rules = make_rules(&lines);
    let phony: BTreeSet<&str> = lines
        .iter()
        .filter_map(|line| line.strip_prefix(".PHONY:"))
        .flat_map(|names| names.split_whitespace())
        .collect();
    let runnable = |target: &str| {
        let word = target
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
        !target.is_empty()
            && !target.starts_with(['_', '.', '-'])
            && !target.contains(['%', '$'])
            && (word || phony.contains(target))
    };
    // The targets a prerequisite may run: not the files it reads or makes (`build/artifacts`).
    let defined: BTreeSet<&str> = rules
        .iter()
        .map(|rule| rule.target)
        .filter(|target| runnable(target))
        .collect();
    let variables = make_variables(&lines);
    let mut seen = BTreeSet::new();
    let mut targets = Vec::new();
    for rule in &rules {
        if !runnable(rule.target) || !seen.insert(rule.target) {
            continue;
        }
        let Some(purpose) = make_target_purpose(&lines, rule, &defined) else {
            continue;
        };
        let purpose = expand_make_variables(&purpose, &variables);
        targets.push((rule.target, purpose, rule.line));
    }
    let rank = |target: &str| {
        let words: Vec<&str> = target.split(['-', '_']).collect();
        // The first word that says what it is for: `static-codestyle-check` is static
        // analysis, `view-coverage` shows coverage.
        let group = words
            .iter()
            .find_map(|word| {
                MAKE_TARGET_WORDS
                    .iter()
                    .position(|group| group.contains(word))
            })
            .unwrap_or(MAKE_TARGET_WORDS.len());
        (words.len() > 1, group)
    };
    // Sphinx's Makefile passes any target to `sphinx-build -M` through its catch-all rule
    // (`%: Makefile`): `make html` is what it is for, though no rule names it.
    if let Some(rule) = rules.iter().find(|rule| rule.target == "%") {
        let recipe = lines
            .iter()
            .skip(rule.line + 1)
            .take_while(|line| line.starts_with('\t') || line.trim().is_empty())
            .any(|line| line.contains("SPHINXBUILD") || line.contains("sphinx-build"));
        if recipe && !seen.contains("html") {
            targets.push((
                "html",
                "builds the HTML documentation with Sphinx (`make <builder>` runs any other \
                 Sphinx builder)"
                    .to_string(),
                rule.line,
            ));
        }
    }
    // A stable sort: file order within a rank.
    targets.sort_by_key(|(target, _, _)| rank(target));
    for (target, purpose, line) in targets {
        manifest.commands.push(command(
            &format!("make {target}"),
            &purpose,
            Some(line as u32 + 1),
        ));
    }
}

/// The variables a Makefile sets once (`LIBNAME=libhiredis`, `STLIBNAME=$(LIBNAME).a`,
/// `X := y`, `X ?= y`): a variable set twice (`SSL_STLIB=` under `ifeq ($(USE_SSL),1)` and
/// its `else`) depends on how make is run, and is left as written.
fn make_variables(lines: &[&str]) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    let mut twice: BTreeSet<String> = BTreeSet::new();
    for line in lines {
        if line.starts_with('\t') || line.trim_start().starts_with('#') {
            continue;
        }
        let line = line.trim();
        let line = line
            .strip_prefix("export ")
            .or_else(|| line.strip_prefix("override "))
            .unwrap_or(line);
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim_end_matches([':', '?', '+', '!']).trim();
        let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !plain || line[..line.find('=').unwrap_or(0)].contains('+') {
            continue;
        }
        if values
            .insert(name.to_string(), value.trim().to_string())
            .is_some()
        {
            twice.insert(name.to_string());
        }
    }
    values.retain(|name, _| !twice.contains(name));
    values
}

/// `text` with the `$(NAME)` and `${NAME}` of `variables` replaced by their values, the
/// values' own variables too, a few levels deep.
fn expand_make_variables(text: &str, variables: &BTreeMap<String, String>) -> String {
    let mut text = text.to_string();
    for _ in 0..4 {
        let mut changed = false;
        for (name, value) in variables {
            for written in [format!("$({name})"), format!("${{{name}}}")] {
                if text.contains(&written) {
                    text = text.replace(&written, value);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    text
}

/// One target of a Makefile rule (`a b: c` is two), with its line (0-based) and the text after
/// its colon.
struct MakeRule<'t> {
    target: &'t str,
    line: usize,
    rest: &'t str,
}

/// The rules of a Makefile: lines `targets: prerequisites`, not recipe lines (a tab), comments,
/// the lines a `\` continues, `define` blocks, assignments (`X := a:b`, `X = a:b`) or a
/// target's own variables (`test: ARGS = -v`).
fn make_rules<'t>(lines: &[&'t str]) -> Vec<MakeRule<'t>> {
    let mut rules = Vec::new();
    let mut continued = false;
    let mut in_define = false;
    for (at, line) in lines.iter().enumerate() {
        let was_continued = continued;
        continued = line.ends_with('\\');
        let trimmed = line.trim();
        if in_define {
            in_define = trimmed != "endef";
            continue;
        }
        if trimmed.starts_with("define ") || trimmed.starts_with("override define ") {
            in_define = true;
            continue;
        }
        if was_continued || line.starts_with(['\t', ' ', '#']) {
            continue;
        }
        // The colon of a rule is outside `$(...)` and `${...}`: cobra's
        // `$(warning "could not find golangci-lint, run: curl -sfL ...")` is a call, not a rule.
        let Some((head, rest)) = split_outside_references(line, ':') else {
            continue;
        };
        // `::` makes a double-colon rule; `:=` and `::=` assign.
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        if rest.starts_with('=') || head.contains('=') {
            continue;
        }
        let prerequisites = rest.split(['#', ';']).next().unwrap_or_default();
        if prerequisites.contains('=') {
            continue;
        }
        for target in head.split_whitespace() {
            rules.push(MakeRule {
                target,
                line: at,
                rest,
            });
        }
    }
    rules
}

/// `line` split at the first `separator` that no `$(...)` or `${...}` reference encloses.
fn split_outside_references(line: &str, separator: char) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (at, c) in line.char_indices() {
        match c {
            '(' | '{' if depth > 0 || line[..at].ends_with('$') => depth += 1,
            ')' | '}' if depth > 0 => depth -= 1,
            c if c == separator && depth == 0 => {
                return Some((&line[..at], &line[at + c.len_utf8()..]));
            }
            _ => {}
        }
    }
    None
}

/// What a Makefile target does, as its file says it: a `## help` comment on its line, else a
/// comment right above it, else the other targets it runs first and its recipe's commands
/// ("runs the start-server target, then vendor/bin/phpunit && $(MAKE) stop-server"; banners
/// printed with `echo` left out), else the prerequisites it runs (`all: build test`). `None`
/// for a target that does nothing but print, unless it is `help`.
fn make_target_purpose(
    lines: &[&str],
    rule: &MakeRule<'_>,
    defined: &BTreeSet<&str>,
) -> Option<String> {
    let at = rule.line;
    let (prerequisites, inline) = match rule.rest.split_once('#') {
        Some((prerequisites, comment)) => (prerequisites, Some(comment)),
        None => (rule.rest, None),
    };
    // `target: prerequisites ; command` writes a recipe's first line on the rule's line.
    let (prerequisites, same_line) = match prerequisites.split_once(';') {
        Some((prerequisites, command)) => (prerequisites, Some(command.trim())),
        None => (prerequisites, None),
    };
    let comment = |text: &str| {
        let text = text.trim_start_matches('#').trim();
        (!text.is_empty()).then(|| truncate(text, 80))
    };
    if let Some(text) = inline.and_then(comment) {
        return Some(text);
    }
    if let Some(text) = at
        .checked_sub(1)
        .and_then(|above| lines.get(above))
        .filter(|above| above.starts_with('#'))
        .and_then(|above| comment(above))
    {
        return Some(text);
    }
    // A recipe line a `\\` continues is one command.
    let mut body: Vec<String> = Vec::new();
    let mut continued = false;
    for line in lines[at + 1..]
        .iter()
        .take_while(|line| line.starts_with('\t'))
    {
        let text = line.trim();
        let (text, continues) = match text.strip_suffix('\\') {
            Some(text) => (text.trim_end(), true),
            None => (text, false),
        };
        match body.last_mut() {
            Some(last) if continued => {
                last.push(' ');
                last.push_str(text);
            }
            _ => body.push(text.trim_start_matches(['@', '-', '+']).trim().to_string()),
        }
        continued = continues;
    }
    let recipe: Vec<&str> = same_line
        .into_iter()
        .chain(body.iter().map(String::as_str))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    // `$(info ...)` and `$(warning ...)` print as make reads the recipe (cobra's banners).
    let printing = |line: &&str| {
        line.starts_with("echo ")
            || *line == "echo"
            || line.starts_with("$(info ")
            || line.starts_with("$(warning ")
    };
    let commands: Vec<&str> = recipe
        .iter()
        .copied()
        .filter(|line| !printing(line))
        .collect();
    // The order-only prerequisites (after `|`) run first too.
    let prerequisites: Vec<&str> = prerequisites
        .split_whitespace()
        .filter(|name| *name != "|")
        .collect();
    let targets = |names: &[&str]| match names {
        [] => String::new(),
        [one] => format!("the {one} target"),
        [first @ .., last] => format!("the {} and {last} targets", first.join(", ")),
    };
    if commands.is_empty() {
        if prerequisites.is_empty() {
            // A target that only prints is one a user may still run (chi's default `all`
            // prints a banner): left out, "and 2 more" of its five read as all of them.
            return match (recipe.is_empty(), rule.target == "help") {
                (true, _) => None,
                (false, true) => Some("prints its help text".to_string()),
                (false, false) => Some("only prints a message".to_string()),
            };
        }
        return Some(truncate(&format!("runs {}", targets(&prerequisites)), 80));
    }
    let recipe = commands.join(" && ");
    // Of the prerequisites, the other targets of this Makefile, not the files it reads.
    let first: Vec<&str> = prerequisites
        .into_iter()
        .filter(|name| defined.contains(name))
        .collect();
    Some(match first.as_slice() {
        [] => truncate(&recipe, 80),
        names => truncate(&format!("runs {}, then {recipe}", targets(names)), 80),
    })
}

/// `text` on one line, cut to `max_chars` at a space when it is longer: a command is never cut
/// inside a word (mux's `go test ... ./...` read `./…`, which no shell runs), and the ` …` after
/// the last whole word says the rest is left out.
fn truncate(text: &str, max_chars: usize) -> String {
    let text = one_line(text);
    if text.chars().count() <= max_chars {
        return text;
    }
    let cut: String = text.chars().take(max_chars + 1).collect();
    match cut.rfind(' ') {
        Some(at) if at > 0 => format!("{} …", cut[..at].trim_end()),
        _ => format!("{}…", text.chars().take(max_chars).collect::<String>()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parse(path: &str, text: &str) -> Manifest {
        parse_manifest(&RepoPath::new(path).unwrap(), text).unwrap()
    }

    fn deps(manifest: &Manifest) -> Vec<(String, String, String, Option<u32>)> {
        manifest
            .dependencies
            .iter()
            .map(|d| (d.name.clone(), d.version.clone(), d.kind.clone(), d.line))
            .collect()
    }

    /// Sphinx's generated `docs/Makefile` (itsdangerous, markupsafe): `help` and the catch-all
    /// `%: Makefile` that hands any target to `sphinx-build -M`, which is how `make html` runs.
    #[test]
    fn a_sphinx_makefile_builds_html_through_its_catch_all_rule() {
        let text = "SPHINXOPTS    ?=\nSPHINXBUILD   ?= sphinx-build\nSOURCEDIR     = .\nBUILDDIR      = _build\n\n# Put it first so that \"make\" without argument is like \"make help\".\nhelp:\n\t@$(SPHINXBUILD) -M help \"$(SOURCEDIR)\" \"$(BUILDDIR)\" $(SPHINXOPTS) $(O)\n\n.PHONY: help Makefile\n\n# Catch-all target: route all unknown targets to Sphinx using the new\n%: Makefile\n\t@$(SPHINXBUILD) -M $@ \"$(SOURCEDIR)\" \"$(BUILDDIR)\" $(SPHINXOPTS) $(O)\n";
        let manifest = parse("docs/Makefile", text);
        let commands: Vec<(&str, Option<u32>)> = manifest
            .commands
            .iter()
            .map(|command| (command.command.as_str(), command.line))
            .collect();
        assert_eq!(commands, [("make html", Some(13)), ("make help", Some(7))]);
        // Another catch-all is no Sphinx's.
        let other = parse("Makefile", "test:\n\tpytest\n\n%:\n\t@echo $@\n");
        assert_eq!(other.commands.len(), 1);
    }

    /// chi's Makefile: a target that runs two others, one that runs a tool, one that only
    /// prints a banner (said so: left out, "`make test`, `make docs` and 2 more" of five read
    /// as all of them); the purpose column said "the test target" for each.
    #[test]
    fn makefile_targets_say_what_they_run() {
        let manifest = parse(
            "Makefile",
            "all:\n\t@echo \"chi build tool\"\n\n.PHONY: test\ntest:\n\tgo clean -testcache && $(MAKE) test-router\n\n# Serve the docs site.\ndocs:\n\tnpx docsify-cli serve ./docs\n\nbuild: lint compile ## Build everything\n\ncheck: lint fmt\n",
        );
        let purposes: Vec<(&str, &str)> = manifest
            .commands
            .iter()
            .map(|command| (command.command.as_str(), command.purpose.as_str()))
            .collect();
        assert_eq!(
            purposes,
            vec![
                ("make test", "go clean -testcache && $(MAKE) test-router"),
                ("make check", "runs the lint and fmt targets"),
                ("make all", "only prints a message"),
                ("make build", "Build everything"),
                ("make docs", "Serve the docs site."),
            ]
        );
    }

    /// cobra's Makefile: `$(warning "..., run: curl ...")` is a call, not the rules `run`,
    /// `curl`...; a recipe's `$(info ***)` banner prints, so `test` runs `go test`.
    #[test]
    fn makefile_calls_are_not_rules_and_info_banners_print() {
        let manifest = parse(
            "Makefile",
            "ifeq (, $(shell which golangci-lint))\n$(warning \"could not find golangci-lint in $(PATH), run: curl -sfL https://x.sh | sh\")\nendif\n\n$(BIN)/tool: main.go\n\tgo build -o $@\n\ntest: install_deps\n\t$(info ******** running tests ********)\n\tgo test -v ./...\n\ninstall_deps:\n\t$(info ******** downloading ********)\n\tgo get -v ./...\n",
        );
        let purposes: Vec<(&str, &str)> = manifest
            .commands
            .iter()
            .map(|command| (command.command.as_str(), command.purpose.as_str()))
            .collect();
        assert_eq!(
            purposes,
            vec![
                (
                    "make test",
                    "runs the install_deps target, then go test -v ./..."
                ),
                ("make install_deps", "go get -v ./..."),
            ]
        );
    }

    /// hiredis' `static: $(STLIBNAME) $(SSL_STLIB)`: a variable set once reads as its value;
    /// one set under a condition and its `else` stays as written, as `$(MAKE)` does.
    #[test]
    fn makefile_variables_set_once_read_as_their_values() {
        let manifest = parse(
            "Makefile",
            "LIBNAME=libhiredis\nSTLIBSUFFIX=a\nSTLIBNAME=$(LIBNAME).$(STLIBSUFFIX)\nifeq ($(USE_SSL),1)\n  SSL_STLIB=libhiredis_ssl.a\nelse\n  SSL_STLIB=\nendif\n\nstatic: $(STLIBNAME) $(SSL_STLIB)\n\ncheck:\n\t$(MAKE) static && ./${LIBNAME}-test\n",
        );
        let purposes: Vec<(&str, &str)> = manifest
            .commands
            .iter()
            .map(|command| (command.command.as_str(), command.purpose.as_str()))
            .collect();
        assert_eq!(
            purposes,
            vec![
                ("make check", "$(MAKE) static && ./libhiredis-test"),
                (
                    "make static",
                    "runs the libhiredis.a and $(SSL_STLIB) targets"
                ),
            ]
        );
    }

    /// mux's Makefile: `verify` and the linters are declared `.PHONY`, so they are commands
    /// one runs by name; a file target, a pattern rule and an `_internal` helper are not.
    #[test]
    fn phony_makefile_targets_are_commands() {
        let manifest = parse(
            "Makefile",
            ".PHONY: golangci-lint\ngolangci-lint:\n\t@echo \"##### Running golangci-lint\"\n\tgolangci-lint run -v\n\n.PHONY: verify _setup\nverify: golangci-lint\n\n_setup:\n\tmkdir -p out\n\nout/app: main.go\n\tgo build -o out/app\n\n%.o: %.c\n\tcc -c $<\n\n.PHONY: test\ntest:\n\tgo test ./...\n",
        );
        let commands: Vec<&str> = manifest
            .commands
            .iter()
            .map(|command| command.command.as_str())
            .collect();
        assert_eq!(commands, ["make verify", "make test", "make golangci-lint"]);
    }

    /// guzzle's Makefile: 17 targets, none but `docs` declared `.PHONY`, were described as
    /// "Defines the commands `make test`, `make coverage-show` and 2 more.", and `make test`
    /// as "vendor/bin/phpunit && $(MAKE) stop-server", without the `start-server` it runs
    /// first. Every target one runs by name is a command, the usual ones first; what a target
    /// runs first is part of what it does.
    #[test]
    fn every_runnable_make_target_is_a_command_with_what_it_runs_first() {
        let text = "help:\n\t@echo \"Please use make <target>\"\n\t@echo \"  test  to run the tests\"\n\nbanner:\n\t@echo \"** build tool **\"\n\nstart-server: stop-server\n\tnode tests/server.js &> /dev/null &\n\nstop-server:\n\t@PID=$(shell ps axo pid,command \\\n\t  | grep 'tests/server.js' \\\n\t) && kill $$PID || true\n\ntest: start-server\n\tvendor/bin/phpunit\n\t$(MAKE) stop-server\n\ncoverage: start-server | build/artifacts\n\tvendor/bin/phpunit --coverage-html=build/artifacts/coverage\n\ncoverage-show: view-coverage\n\nview-coverage:\n\topen build/artifacts/coverage/index.html\n\nclean:\n\trm -rf artifacts/*\n\nstatic: static-phpstan static-codestyle-check\n\nstatic-phpstan:\n\tvendor/bin/phpstan analyze $(PHPSTAN_PARAMS)\n\nstatic-codestyle-check: ; $(MAKE) static-codestyle-fix CS_PARAMS=\"--dry-run\"\n\nbuild/artifacts:\n\tmkdir -p build/artifacts\n\nREADME.html: README.md\n\tpandoc README.md\n\n%.o: %.c\n\tcc -c $<\n\n$(BIN): main.go\n\tgo build\n\nVERSION := 1.0:beta\nURL = http://example.com\ntest: ARGS = -v\n\ndefine HELP\nusage: make\nendef\n\nnothing:\n\n.PHONY: docs coverage-show view-coverage\n";
        let manifest = parse("Makefile", text);
        let commands: Vec<(&str, &str)> = manifest
            .commands
            .iter()
            .map(|command| (command.command.as_str(), command.purpose.as_str()))
            .collect();
        assert_eq!(
            commands,
            [
                (
                    "make test",
                    "runs the start-server target, then vendor/bin/phpunit && $(MAKE) stop-server"
                ),
                ("make static", "runs the static-phpstan and static-codestyle-check targets"),
                (
                    "make coverage",
                    "runs the start-server target, then vendor/bin/phpunit …"
                ),
                ("make help", "prints its help text"),
                ("make banner", "only prints a message"),
                ("make clean", "rm -rf artifacts/*"),
                ("make static-phpstan", "vendor/bin/phpstan analyze $(PHPSTAN_PARAMS)"),
                (
                    "make static-codestyle-check",
                    "$(MAKE) static-codestyle-fix CS_PARAMS=\"--dry-run\""
                ),
                ("make coverage-show", "runs the view-coverage target"),
                ("make view-coverage", "open build/artifacts/coverage/index.html"),
                ("make start-server", "runs the stop-server target, then node tests/server.js &> /dev/null &"),
                (
                    "make stop-server",
                    "PID=$(shell ps axo pid,command | grep 'tests/server.js' ) && kill $$PID || true"
                ),
            ]
        );
    }

    #[test]
    fn cargo_toml() {
        let manifest = parse(
            "Cargo.toml",
            "[package]\nname = \"demo\"\ndescription = \"A demo\"\n\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nlocal = { path = \"../local\" }\n\n[dev-dependencies]\ninsta.workspace = true\n",
        );
        assert_eq!(manifest.name.as_deref(), Some("demo"));
        assert_eq!(manifest.description.as_deref(), Some("A demo"));
        assert_eq!(
            deps(&manifest),
            vec![
                ("serde".into(), "1".into(), "normal".into(), Some(6)),
                ("insta".into(), "workspace".into(), "dev".into(), Some(10)),
            ]
        );
        assert_eq!(manifest.local_dependencies.len(), 1);
        assert_eq!(manifest.local_dependencies[0].name, "local");
        assert_eq!(manifest.entry_points, vec!["src/main.rs".to_string()]);
        assert!(manifest.commands.iter().any(|c| c.command == "cargo test"));
        // ripgrep: a package at the workspace's root with members of its own.
        let rooted = parse(
            "Cargo.toml",
            "[package]\nname = \"ripgrep\"\n\n[workspace]\nmembers = [\"crates/*\"]\n",
        );
        let commands: Vec<&str> = rooted
            .commands
            .iter()
            .map(|command| command.command.as_str())
            .collect();
        assert_eq!(
            commands,
            ["cargo build --workspace", "cargo test --workspace"]
        );
        // bytes' `extra-platforms` is `portable-atomic` by another name.
        let renamed = parse(
            "Cargo.toml",
            "[package]\nname = \"bytes\"\n\n[dependencies]\nextra-platforms = { package = \"portable-atomic\", version = \"1.3\", optional = true }\nserde = { version = \"1\", package = \"serde\" }\n",
        );
        let packages: Vec<(&str, Option<&str>)> = renamed
            .dependencies
            .iter()
            .map(|dependency| (dependency.name.as_str(), dependency.package.as_deref()))
            .collect();
        assert_eq!(
            packages,
            [
                ("extra-platforms", Some("portable-atomic")),
                ("serde", None)
            ]
        );
        let features = parse(
            "Cargo.toml",
            "[package]\nname = \"bytes\"\n\n[features]\ndefault = [\"std\"]\nstd = []\nfull = [\"std\", \"dep:loom\"]\n\n[dependencies]\nserde = { version = \"1\", optional = true }\nloom = { version = \"0.7\", optional = true }\n",
        );
        let shown: Vec<(&str, bool, bool, Vec<&str>)> = features
            .features
            .iter()
            .map(|feature| {
                (
                    feature.name.as_str(),
                    feature.default,
                    feature.implicit,
                    feature.enables.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("std", true, false, vec![]),
                ("full", false, false, vec!["std", "dep:loom"]),
                ("serde", false, true, vec!["dep:serde"]),
            ]
        );
    }

    /// httpx's `[project.scripts] httpx = "httpx:main"`, ripgrep's `[[bin]] name = "rg"`, an
    /// npm package's `bin`: the command a user types, and the file and function it runs.
    #[test]
    fn installed_commands_name_their_files_and_functions() {
        let executables = |path: &str, text: &str| -> Vec<(String, Vec<String>, Option<String>)> {
            let path = RepoPath::new(path).unwrap();
            parse_manifest(&path, text)
                .unwrap()
                .executables
                .into_iter()
                .map(|bin| (bin.name, bin.paths, bin.function))
                .collect()
        };
        let python = executables(
            "pyproject.toml",
            "[project]\nname = \"httpx\"\n[project.scripts]\nhttpx = \"httpx:main\"\ntool = \"pkg.cli:App.run\"\n",
        );
        assert_eq!(python[0].0, "httpx");
        assert!(python[0].1.contains(&"httpx/__init__.py".to_string()));
        assert_eq!(python[0].2.as_deref(), Some("main"));
        assert_eq!(python[1].2.as_deref(), Some("run"));
        assert!(python[1].1.contains(&"pkg/cli.py".to_string()));
        let rust = executables(
            "Cargo.toml",
            "[package]\nname = \"ripgrep\"\n[[bin]]\nname = \"rg\"\npath = \"crates/core/main.rs\"\n[[bin]]\nname = \"helper\"\n",
        );
        assert_eq!(
            rust,
            [
                (
                    "rg".to_string(),
                    vec!["crates/core/main.rs".to_string()],
                    None
                ),
                (
                    "helper".to_string(),
                    vec!["src/bin/helper.rs".to_string()],
                    None
                ),
                ("ripgrep".to_string(), vec!["src/main.rs".to_string()], None),
            ]
        );
        // ripgrep's `fuzz/Cargo.toml`: cargo-fuzz targets are no installed commands.
        let fuzz = executables(
            "fuzz/Cargo.toml",
            "[package]\nname = \"fuzz\"\n[package.metadata]\ncargo-fuzz = true\n[[bin]]\nname = \"fuzz_glob\"\npath = \"fuzz_targets/fuzz_glob.rs\"\n",
        );
        assert_eq!(fuzz, []);
        let npm = executables(
            "web/package.json",
            r#"{"name": "@acme/tool", "bin": "cli.js"}"#,
        );
        assert_eq!(
            npm,
            [("tool".to_string(), vec!["web/cli.js".to_string()], None)]
        );
    }

    #[test]
    fn package_json_and_pyproject_and_requirements() {
        let manifest = parse(
            "web/package.json",
            "{\n  \"name\": \"web\",\n  \"main\": \"./lib/index.js\",\n  \"browser\": \"./lib/browser.js\",\n  \"scripts\": {\"test\": \"jest\"},\n  \"dependencies\": {\n    \"react\": \"^18\"\n  }\n}\n",
        );
        assert_eq!(
            deps(&manifest),
            vec![("react".into(), "^18".into(), "normal".into(), Some(7))]
        );
        assert_eq!(
            manifest.entry_points,
            vec![
                "web/lib/index.js".to_string(),
                "web/lib/browser.js".to_string()
            ]
        );
        assert!(manifest
            .commands
            .iter()
            .any(|c| c.command == "npm test" && c.line == Some(5)));

        let manifest = parse(
            "pyproject.toml",
            "[project]\nname = \"pkg\"\ndependencies = [\n  \"requests[socks]>=2.0\",\n  \"click\",\n]\n[project.optional-dependencies]\ntest = [\"pytest>=7\"]\ndev = [\"Pkg[test]\"]\n[project.scripts]\npkg = \"pkg.cli:main\"\n",
        );
        assert_eq!(
            deps(&manifest),
            vec![
                ("requests".into(), ">=2.0".into(), "normal".into(), Some(4)),
                ("click".into(), "".into(), "normal".into(), Some(5)),
                ("pytest".into(), ">=7".into(), "normal".into(), Some(8)),
            ]
        );
        // packaging's `coverage[toml]>=7.2.0`: the extra is part of what is required.
        assert_eq!(
            manifest.dependencies[0].kind_label(),
            "normal, with the extra socks"
        );
        let pytest = &manifest.dependencies[2];
        assert!(pytest.optional);
        assert_eq!(pytest.features, vec!["test".to_string()]);
        assert_eq!(pytest.kind_label(), "normal, optional (enabled by: test)");
        assert!(manifest.entry_points.contains(&"pkg/cli.py".to_string()));
        assert!(manifest
            .commands
            .iter()
            .any(|c| c.command == "python -m pytest"));
        // The tests need the extra that holds pytest (loguru's `dev`).
        assert!(manifest
            .commands
            .iter()
            .any(|c| c.command == "pip install -e \".[test]\""));
        assert!(!manifest
            .commands
            .iter()
            .any(|c| c.command == "pip install -e ."));
        // click keeps pytest in a PEP 735 dependency group.
        let manifest = parse(
            "pyproject.toml",
            "[project]\nname = \"click\"\n[dependency-groups]\ntests = [\"pytest\"]\n[tool.pytest.ini_options]\n",
        );
        assert!(manifest
            .commands
            .iter()
            .any(|c| c.command == "pip install -e . --group tests"));

        let manifest = parse(
            "requirements-dev.txt",
            "# tools\nblack==24.1 # fmt\n-r requirements.txt\nruff\n",
        );
        assert_eq!(
            deps(&manifest),
            vec![
                ("black".into(), "==24.1".into(), "dev".into(), Some(2)),
                ("ruff".into(), "".into(), "dev".into(), Some(4)),
            ]
        );
        // more-itertools' packaging and type-checking pins are tools, not what it runs with.
        // wcwidth's tests' pins per Python version, and its table-update scripts' needs.
        for name in [
            "requirements/packaging.txt",
            "requirements/typechecks.txt",
            "requirements-tests38.txt",
            "requirements-update.txt",
        ] {
            let manifest = parse(name, "flit\nmypy\n");
            assert!(
                manifest.dependencies.iter().all(|d| d.kind == "dev"),
                "{name}"
            );
        }
    }

    /// walkdir: `walkdir-list/Cargo.toml` has `walkdir = { version = "*", path = ".." }`, the
    /// workspace's own root crate, which dependencies.md listed as an external `walkdir | *`;
    /// and `[target.'cfg(windows)'.dependencies.winapi-util]` was a plain `normal`.
    #[test]
    fn path_and_workspace_path_dependencies_are_local_and_targets_are_kept() {
        let mut manifests = vec![
            parse(
                "Cargo.toml",
                "[package]\nname = \"walkdir\"\n[workspace]\nmembers = [\"walkdir-list\"]\n[workspace.dependencies]\nshared = { path = \"crates/shared\" }\nserde = \"1\"\n[dependencies]\nsame-file = \"1.0.1\"\n[target.'cfg(windows)'.dependencies.winapi-util]\nversion = \"0.1.1\"\n",
            ),
            parse(
                "walkdir-list/Cargo.toml",
                "[package]\nname = \"walkdir-bin\"\n[dependencies]\natty = \"0.2.11\"\nwalkdir = { version = \"*\", path = \"..\" }\nshared = { workspace = true }\nserde.workspace = true\n",
            ),
        ];
        settle_across_manifests(&mut manifests);
        let [root, list] = &manifests[..] else {
            panic!("two manifests")
        };
        assert_eq!(
            deps(root),
            vec![
                ("serde".into(), "1".into(), "workspace".into(), Some(7)),
                ("same-file".into(), "1.0.1".into(), "normal".into(), Some(9)),
                (
                    "winapi-util".into(),
                    "0.1.1".into(),
                    "normal".into(),
                    Some(10)
                ),
            ]
        );
        assert_eq!(root.dependencies[2].kind_label(), "normal, cfg(windows)");
        let pinned = Dependency {
            target: Some("cfg(any())".into()),
            ..root.dependencies[2].clone()
        };
        assert_eq!(
            pinned.kind_label(),
            "normal, never built (`cfg(any())` is never true)"
        );
        assert_eq!(
            deps(list),
            vec![
                ("atty".into(), "0.2.11".into(), "normal".into(), Some(4)),
                ("serde".into(), "workspace".into(), "normal".into(), Some(7)),
            ]
        );
        let local: Vec<(&str, &str)> = list
            .local_dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str()))
            .collect();
        assert_eq!(local, [("walkdir", "path: .."), ("shared", "workspace")]);
        let npm = parse(
            "package.json",
            "{\"dependencies\": {\"core\": \"workspace:*\", \"util\": \"file:../util\", \"react\": \"^18\"}}",
        );
        assert_eq!(deps(&npm).len(), 1);
        assert_eq!(npm.local_dependencies.len(), 2);
    }

    /// uvicorn: every pin of its root `requirements.txt` (pytest, mypy, mkdocs, twine, ruff)
    /// was `normal`, though `pyproject.toml` beside it declares the runtime dependencies.
    #[test]
    fn requirements_files_for_development_pin_dev_dependencies() {
        let kinds = |manifest: &Manifest| -> Vec<String> {
            manifest
                .dependencies
                .iter()
                .map(|d| d.kind.clone())
                .collect()
        };
        for path in [
            "dev-requirements.txt",
            "requirements/test.txt",
            "requirements_docs.txt",
            "tools/requirements-lint.txt",
            "docs/requirements.txt",
        ] {
            assert_eq!(kinds(&parse(path, "pytest==8\n")), ["dev"], "{path}");
        }
        assert_eq!(kinds(&parse("requirements/base.txt", "h11\n")), ["normal"]);

        let pins = "-e .[standard]\nh11==0.16.0\npytest==8.3.5\n";
        let project = "[project]\nname = \"uvicorn\"\ndependencies = [\"click>=7.0\"]\n";
        let mut manifests = vec![
            parse("pyproject.toml", project),
            parse("requirements.txt", pins),
            parse("service/requirements.txt", pins),
        ];
        settle_across_manifests(&mut manifests);
        assert_eq!(kinds(&manifests[0]), ["normal"]);
        assert_eq!(kinds(&manifests[1]), ["dev", "dev"]);
        // An application's own requirements file, with no package manifest beside it.
        assert_eq!(kinds(&manifests[2]), ["normal", "normal"]);
    }

    /// rack-protection's gemspec: the summary interpolates the description.
    #[test]
    fn a_gemspec_value_ruby_interpolates_is_not_its_description() {
        let manifest = parse(
            "rack-protection.gemspec",
            "Gem::Specification.new do |s|\n  s.name = 'rack-protection'\n  s.description = 'Protect against typical web attacks'\n  s.summary     = \"#{s.description}.\"\nend\n",
        );
        assert_eq!(
            manifest.description.as_deref(),
            Some("Protect against typical web attacks")
        );
        // sinatra's gemspec names the gem in the constructor.
        let manifest = parse(
            "sinatra.gemspec",
            "version = File.read('VERSION').strip\n\nGem::Specification.new 'sinatra', version do |s|\n  s.summary = 'Classy web-development dressed in a DSL'\n  s.add_dependency 'tilt', '~> 2.0'\nend\n",
        );
        assert_eq!(manifest.name.as_deref(), Some("sinatra"));
        assert_eq!(
            deps(&manifest),
            [("tilt".into(), "~> 2.0".into(), "normal".into(), Some(5))]
        );
    }

    /// guzzle's composer.json requires `"php": "^7.2.5 || ^8.0"` and `ext-json`, and for
    /// development `ext-curl`: the dependencies page left them out, so nothing said which PHP
    /// it runs on. They are listed as what they are (the runtime, PHP extensions), as are
    /// `package.json`'s `engines` and `go.mod`'s `go` line.
    #[test]
    fn platform_requirements_are_listed_as_what_they_are() {
        let labels = |manifest: &Manifest| -> Vec<(String, String, String, Option<u32>)> {
            manifest
                .dependencies
                .iter()
                .map(|d| (d.name.clone(), d.version.clone(), d.kind_label(), d.line))
                .collect()
        };
        let row = |name: &str, version: &str, label: &str, line: u32| {
            (
                name.to_string(),
                version.to_string(),
                label.to_string(),
                Some(line),
            )
        };
        let composer = parse(
            "composer.json",
            "{\n  \"name\": \"guzzlehttp/guzzle\",\n  \"require\": {\n    \"php\": \"^7.2.5 || ^8.0\",\n    \"ext-json\": \"*\",\n    \"guzzlehttp/psr7\": \"^2.5.1\"\n  },\n  \"require-dev\": {\n    \"ext-curl\": \"*\",\n    \"lib-libxml\": \"*\",\n    \"php-http/message-factory\": \"^1.1\",\n    \"phpunit/phpunit\": \"^9.6\"\n  }\n}\n",
        );
        assert_eq!(
            labels(&composer),
            [
                row("php", "^7.2.5 || ^8.0", "runtime version", 4),
                row("ext-json", "*", "PHP extension", 5),
                row("guzzlehttp/psr7", "^2.5.1", "normal", 6),
                row("ext-curl", "*", "PHP extension, dev", 9),
                row("lib-libxml", "*", "system library, dev", 10),
                row("php-http/message-factory", "^1.1", "dev", 11),
                row("phpunit/phpunit", "^9.6", "dev", 12),
            ]
        );
        let npm = parse(
            "package.json",
            "{\n  \"name\": \"fastify\",\n  \"engines\": {\n    \"node\": \">=20\",\n    \"npm\": \">=10\"\n  },\n  \"devDependencies\": {\"tap\": \"^18\"}\n}\n",
        );
        assert_eq!(
            labels(&npm),
            [
                row("node", ">=20", "runtime version", 4),
                row("npm", ">=10", "engine version", 5),
                row("tap", "^18", "dev", 7),
            ]
        );
        let go = parse(
            "go.mod",
            "module github.com/gin-gonic/gin\n\ngo 1.25 // minimum\n\ntoolchain go1.25.1\n",
        );
        assert_eq!(labels(&go), [row("go", "1.25", "runtime version", 3)]);
    }

    #[test]
    fn go_mod_gemfile_pom_cmake() {
        let manifest = parse(
            "go.mod",
            "module example.com/tool\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n\tgolang.org/x/sys v0.1.0 // indirect\n)\nrequire github.com/x/y v1.0.0\n",
        );
        assert_eq!(manifest.name.as_deref(), Some("example.com/tool"));
        assert_eq!(
            deps(&manifest),
            vec![
                ("go".into(), "1.22".into(), "normal".into(), Some(3)),
                (
                    "github.com/spf13/cobra".into(),
                    "v1.8.0".into(),
                    "normal".into(),
                    Some(6)
                ),
                (
                    "golang.org/x/sys".into(),
                    "v0.1.0".into(),
                    "indirect".into(),
                    Some(7)
                ),
                (
                    "github.com/x/y".into(),
                    "v1.0.0".into(),
                    "normal".into(),
                    Some(9)
                ),
            ]
        );
        let _ = parse("Gemfile", "group do\ngem\ngem 'x\ngem \"\ngem ,,\n");
        let manifest = parse("Gemfile", "source 'https://rubygems.org'\ngem 'rails', '~> 7.0'\ngroup :test do\n  gem \"rspec\"\nend\n");
        assert_eq!(
            deps(&manifest),
            vec![
                ("rails".into(), "~> 7.0".into(), "normal".into(), Some(2)),
                ("rspec".into(), "".into(), "group: test".into(), Some(4)),
            ]
        );
        // sinatra's Gemfile: a local path is where the gem comes from, not its version; a
        // version held in a variable is not claimed.
        let manifest = parse(
            "Gemfile",
            "gem 'rack-protection', path: 'rack-protection'\ngem 'rack', rack_version\ngem 'rubocop', '~> 1.32.0', require: false\ngem \"rack\", :github => \"rack/rack\"\ngem 'pry', '>= 1', '< 2', group: :development # debugging\n",
        );
        assert_eq!(
            deps(&manifest),
            vec![
                ("rack".into(), "".into(), "normal".into(), Some(2)),
                (
                    "rubocop".into(),
                    "~> 1.32.0".into(),
                    "normal".into(),
                    Some(3)
                ),
                (
                    "rack".into(),
                    "github: rack/rack".into(),
                    "normal".into(),
                    Some(4)
                ),
                (
                    "pry".into(),
                    ">= 1, < 2".into(),
                    "group: development".into(),
                    Some(5)
                ),
            ]
        );
        let local: Vec<(&str, &str)> = manifest
            .local_dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str()))
            .collect();
        assert_eq!(local, [("rack-protection", "path: rack-protection")]);
        let manifest = parse(
            "pom.xml",
            "<project>\n<parent><artifactId>p</artifactId></parent>\n<artifactId>app</artifactId>\n<dependencies>\n<dependency>\n<groupId>junit</groupId><artifactId>junit</artifactId><version>4</version><scope>test</scope>\n</dependency>\n</dependencies>\n</project>\n",
        );
        assert_eq!(manifest.name.as_deref(), Some("app"));
        assert_eq!(
            deps(&manifest),
            vec![("junit:junit".into(), "4".into(), "test".into(), Some(5))]
        );
        let manifest = parse(
            "CMakeLists.txt",
            "project(Demo CXX)\nfind_package(Boost REQUIRED)\nenable_testing()\n",
        );
        assert_eq!(manifest.name.as_deref(), Some("Demo"));
        assert_eq!(
            deps(&manifest),
            vec![("Boost".into(), "".into(), "find_package".into(), Some(2))]
        );
        assert_eq!(manifest.commands.len(), 3);
    }

    /// Issue 11: `arbitrary` was cited on its feature line and not marked optional.
    #[test]
    fn cargo_optional_and_feature_gated_dependencies_are_cited_at_their_own_entry() {
        let manifest = parse(
            "Cargo.toml",
            "[package]\nname = \"demo\"\n\n[features]\narbitrary = [\"dep:arbitrary\"]\nfull = [\"serde/derive\", \"log\"]\nstd = [\"log?/std\"]\n\n[dependencies]\nserde = \"1\"\nlog = { version = \"0.4\", optional = true }\n\n[dependencies.arbitrary]\nversion = \"1.3\"\noptional = true\n\n[target.'cfg(unix)'.dependencies]\nlibc = \"0.2\"\n\n[build-dependencies]\ncc = \"1\"\n",
        );
        let found = |name: &str| {
            manifest
                .dependencies
                .iter()
                .find(|d| d.name == name)
                .unwrap_or_else(|| panic!("{name} in {:?}", manifest.dependencies))
                .clone()
        };
        let arbitrary = found("arbitrary");
        assert_eq!(
            arbitrary.line,
            Some(13),
            "its own table, not the feature line 5"
        );
        assert_eq!(arbitrary.version, "1.3");
        assert!(arbitrary.optional);
        assert_eq!(arbitrary.features, vec!["arbitrary".to_string()]);
        assert_eq!(
            arbitrary.kind_label(),
            "normal, optional (enabled by: arbitrary)"
        );
        let log = found("log");
        // `log?/std` turns on `log`'s feature when `log` is on: it does not enable `log`.
        assert_eq!((log.line, log.optional), (Some(11), true));
        assert_eq!(log.features, vec!["full".to_string()]);
        assert_eq!(log.kind_label(), "normal, optional (enabled by: full)");
        let serde = found("serde");
        assert_eq!((serde.line, serde.optional), (Some(10), false));
        assert!(serde.features.is_empty(), "{:?}", serde.features);
        assert_eq!(serde.kind_label(), "normal");
        assert_eq!(found("libc").line, Some(18));
        let cc = found("cc");
        assert_eq!((cc.kind.as_str(), cc.line), ("build", Some(21)));
    }

    /// smallvec's `[dev_dependencies]`: Cargo still reads the old underscore spelling.
    #[test]
    fn cargo_underscore_tables_are_dependencies_too() {
        let manifest = parse(
            "Cargo.toml",
            "[package]\nname = \"smallvec\"\n\n[dependencies]\nserde = { version = \"1\", optional = true }\n\n[dev_dependencies]\nbincode = \"1.0.1\"\n\n[build_dependencies]\ncc = \"1\"\n",
        );
        let kinds: Vec<(&str, &str, Option<u32>)> = manifest
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.kind.as_str(), d.line))
            .collect();
        assert_eq!(
            kinds,
            [
                ("serde", "normal", Some(5)),
                ("bincode", "dev", Some(8)),
                ("cc", "build", Some(11)),
            ]
        );
    }

    /// glom's `setup.py`: its requirements, its extras' and its console script, as literals of
    /// the `setup(…)` call.
    #[test]
    fn setup_py_literals_give_requirements_extras_and_scripts() {
        let text = "from setuptools import setup\n\nsetup(name='glom',\n      install_requires=['boltons>=19.3.0', 'attrs', 'face>=20.1.1'],\n      extras_require={\n          'toml': ['tomli; python_version<\"3.11\"'],\n          'yaml': ['PyYAML'],\n      },\n      entry_points={'console_scripts': ['glom = glom.cli:console_main']},\n)\n";
        let manifest = parse("setup.py", text);
        type Row<'m> = (&'m str, &'m str, bool, Vec<String>, Option<u32>);
        let deps: Vec<Row> = manifest
            .dependencies
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.version.as_str(),
                    d.optional,
                    d.features.clone(),
                    d.line,
                )
            })
            .collect();
        assert_eq!(
            deps,
            [
                ("attrs", "", false, vec![], Some(4)),
                ("boltons", ">=19.3.0", false, vec![], Some(4)),
                ("face", ">=20.1.1", false, vec![], Some(4)),
                ("tomli", "", true, vec!["toml".to_string()], Some(6)),
                ("PyYAML", "", true, vec!["yaml".to_string()], Some(7)),
            ]
        );
        assert_eq!(manifest.executables.len(), 1);
        assert_eq!(manifest.executables[0].name, "glom");
        assert_eq!(
            manifest.executables[0].function.as_deref(),
            Some("console_main")
        );
        assert!(manifest.entry_points.contains(&"glom/cli.py".to_string()));
        // A value in a variable the file does not assign a literal to is not followed.
        let held = parse("setup.py", "setup(name='x', install_requires=REQUIRES)\n");
        assert!(held.dependencies.is_empty());
        // python-slugify: the extras in a variable are read from it; a name that is an
        // expression is no name.
        let slugify = parse(
            "setup.py",
            "install_requires = ['text-unidecode>=1.3']\nextras_requires = {'unidecode': ['Unidecode>=1.1.1']}\npackage_name = 'x'\nsetup(\n    name=about['__title__'],\n    install_requires=install_requires,\n    extras_require=extras_requires,\n)\n",
        );
        assert_eq!(slugify.name, None);
        let deps: Vec<(&str, bool, u32)> = slugify
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.optional, d.line.unwrap_or(0)))
            .collect();
        assert_eq!(deps, [("text-unidecode", false, 1), ("Unidecode", true, 2)]);
    }

    #[test]
    fn package_json_scripts_run_with_the_pinned_manager_main_ones_first() {
        let text = r#"{
  "name": "store",
  "packageManager": "pnpm@11.3.0+sha512.abc",
  "scripts": {
    "prebuild": "shx rm -rf dist",
    "build": "rollup -c",
    "build:react": "rollup -c --config-react",
    "build:vanilla": "rollup -c --config-vanilla",
    "build-watch": "rollup -c --watch",
    "fix": "eslint --fix .",
    "postbuild": "pnpm run copy",
    "prepare": "husky install",
    "postpublish": "git push --tags",
    "test": "vitest",
    "test:types": "tsc --noEmit",
    "copy": "shx cp README.md dist"
  }
}"#;
        let manifest = parse("package.json", text);
        let commands: Vec<&str> = manifest
            .commands
            .iter()
            .map(|c| c.command.as_str())
            .collect();
        assert_eq!(
            commands,
            [
                "pnpm install",
                "pnpm run build",
                "pnpm test",
                "pnpm run copy",
                "pnpm run fix",
                "pnpm run build-watch",
                "pnpm run build:react",
                "pnpm run build:vanilla",
                "pnpm run test:types",
            ]
        );
        let bun = parse(
            "package.json",
            r#"{"packageManager": "bun@1.1.0", "scripts": {"test": "bun test"}}"#,
        );
        assert!(bun.commands.iter().any(|c| c.command == "bun run test"));
        // nanoid's `"test"` comes after `"test:coverage"`: its line is its own.
        let nanoid = parse(
            "package.json",
            "{\n  \"scripts\": {\n    \"test:coverage\": \"bnt\",\n    \"test\": \"pnpm run /^test:/\"\n  }\n}\n",
        );
        let test = nanoid.commands.iter().find(|c| c.command == "npm test");
        assert_eq!(test.and_then(|c| c.line), Some(4), "{:?}", nanoid.commands);
    }

    #[test]
    fn package_json_lines_are_those_of_the_entries() {
        // A script named like a dependency comes first; the dependency's line is its entry's.
        let manifest = parse(
            "package.json",
            "{\n  \"scripts\": {\"jest\": \"jest\"},\n  \"dependencies\": {\"react\": \"^18\"},\n  \"devDependencies\": {\n    \"jest\": \"^29\"\n  },\n  \"optionalDependencies\": {\n    \"fsevents\": \"2\"\n  }\n}\n",
        );
        let rows: Vec<(String, String, bool, Option<u32>)> = manifest
            .dependencies
            .iter()
            .map(|d| (d.name.clone(), d.kind.clone(), d.optional, d.line))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("react".into(), "normal".into(), false, Some(3)),
                ("jest".into(), "dev".into(), false, Some(5)),
                ("fsevents".into(), "normal".into(), true, Some(8)),
            ]
        );
    }

    /// attrs' groups: the environment marker showed as the requirement
    /// (`; platform_python_implementation == "CPython"`), and a group read "enabled by".
    #[test]
    fn python_markers_are_conditions_and_groups_are_groups() {
        let manifest = parse(
            "pyproject.toml",
            "[project]\nname = \"attrs\"\ndependencies = [\"importlib-metadata>=4; python_version < '3.8'\"]\n\n[dependency-groups]\ntests = [\n  'cloudpickle; platform_python_implementation == \"CPython\"',\n  \"pytest>9\",\n]\n",
        );
        let rows: Vec<(String, String, String)> = manifest
            .dependencies
            .iter()
            .map(|d| (d.name.clone(), d.version.clone(), d.kind_label()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (
                    "importlib-metadata".into(),
                    ">=4".into(),
                    "normal, python_version < '3.8'".into()
                ),
                (
                    "cloudpickle".into(),
                    String::new(),
                    "dev, platform_python_implementation == \"CPython\" (group: tests)".into()
                ),
                ("pytest".into(), ">9".into(), "dev (group: tests)".into()),
            ]
        );
        let requirements = parse(
            "requirements.txt",
            "uvloop>=0.17; sys_platform != 'win32'\n",
        );
        assert_eq!(
            requirements.dependencies[0].target.as_deref(),
            Some("sys_platform != 'win32'")
        );
        assert_eq!(requirements.dependencies[0].version, ">=0.17");
    }

    #[test]
    fn pyproject_groups_and_poetry_optional() {
        let manifest = parse(
            "pyproject.toml",
            "[project]\nname = \"p\"\ndependencies = [\"httpx>=0.27\"]\n\n[dependency-groups]\ndev = [\n  \"ruff\",\n]\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\nrich = { version = \"^13\", optional = true }\n\n[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\n",
        );
        type Row = (String, String, bool, Vec<String>, Option<u32>);
        let rows: Vec<Row> = manifest
            .dependencies
            .iter()
            .map(|d| {
                (
                    d.name.clone(),
                    d.kind.clone(),
                    d.optional,
                    d.features.clone(),
                    d.line,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("httpx".into(), "normal".into(), false, vec![], Some(3)),
                (
                    "ruff".into(),
                    "dev".into(),
                    false,
                    vec!["dev".into()],
                    Some(7)
                ),
                ("rich".into(), "normal".into(), true, vec![], Some(12)),
                ("hatch-vcs".into(), "build".into(), false, vec![], Some(15)),
                ("hatchling".into(), "build".into(), false, vec![], Some(15)),
            ]
        );
    }

    /// Issue 15: `<dependencyManagement>` entries only pin versions; plugin dependencies
    /// belong to the build. Neither is a dependency of the project.
    #[test]
    fn pom_counts_only_the_projects_own_dependencies() {
        let manifest = parse(
            "pom.xml",
            r#"<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>app</artifactId>
  <description>An app</description>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>org.bom</groupId><artifactId>pinned</artifactId><version>9</version></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId>
      <optional>true</optional>
    </dependency>
  </dependencies>
  <build><plugins><plugin><artifactId>p</artifactId>
    <dependencies><dependency><groupId>x</groupId><artifactId>plugin-only</artifactId></dependency></dependencies>
  </plugin></plugins></build>
  <profiles><profile><dependencies>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><scope>test</scope></dependency>
  </dependencies></profile></profiles>
</project>
"#,
        );
        assert_eq!(manifest.name.as_deref(), Some("app"));
        assert_eq!(manifest.description.as_deref(), Some("An app"));
        let rows: Vec<(String, String, bool, Option<u32>)> = manifest
            .dependencies
            .iter()
            .map(|d| (d.name.clone(), d.kind.clone(), d.optional, d.line))
            .collect();
        assert_eq!(
            rows,
            vec![
                (
                    "org.slf4j:slf4j-api".into(),
                    "compile".into(),
                    true,
                    Some(11)
                ),
                ("junit:junit".into(), "test".into(), false, Some(20)),
            ]
        );
        // Not XML: the commands, no guesses.
        let broken = parse("pom.xml", "<project><dependencies>");
        assert!(broken.dependencies.is_empty());
    }

    /// javapoet's `pom.xml` showed `${truth.version}` and `${junit.version}` as requirements
    /// though its `<properties>` gives them.
    #[test]
    fn pom_versions_are_read_from_its_properties() {
        let manifest = parse(
            "pom.xml",
            r#"<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>org.x</groupId><artifactId>parent</artifactId><version>3.1.0</version></parent>
  <artifactId>app</artifactId>
  <properties>
    <junit.version>4.13.2</junit.version>
    <truth.version>1.4.4</truth.version>
    <guava.version>${truth.version}-jre</guava.version>
    <loop>${loop}</loop>
  </properties>
  <dependencies>
    <dependency><groupId>com.google.truth</groupId><artifactId>truth</artifactId><version>${truth.version}</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>[${junit.version},5)</version></dependency>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>${guava.version}</version></dependency>
    <dependency><groupId>org.x</groupId><artifactId>sibling</artifactId><version>${project.version}</version></dependency>
    <dependency><groupId>org.y</groupId><artifactId>from-parent</artifactId><version>${parent.only}</version></dependency>
    <dependency><groupId>org.y</groupId><artifactId>cycle</artifactId><version>${loop}</version></dependency>
    <dependency><groupId>org.y</groupId><artifactId>unclosed</artifactId><version>${junit.version</version></dependency>
  </dependencies>
  <profiles><profile>
    <properties><junit.version>5.0</junit.version></properties>
    <dependencies><dependency><groupId>junit</groupId><artifactId>junit-profile</artifactId><version>${junit.version}</version></dependency></dependencies>
  </profile></profiles>
</project>
"#,
        );
        let versions: Vec<(String, String)> = manifest
            .dependencies
            .iter()
            .map(|d| (d.name.clone(), d.version.clone()))
            .collect();
        let pair = |name: &str, version: &str| (name.to_string(), version.to_string());
        assert_eq!(
            versions,
            [
                pair("com.google.truth:truth", "1.4.4"),
                pair("junit:junit", "[4.13.2,5)"),
                pair("com.google.guava:guava", "1.4.4-jre"),
                pair("org.x:sibling", "3.1.0"),
                pair("org.y:from-parent", "${parent.only}"),
                pair("org.y:cycle", "${loop}"),
                pair("org.y:unclosed", "${junit.version"),
                pair("junit:junit-profile", "5.0"),
            ]
        );
    }

    #[test]
    fn broken_manifests_are_skipped() {
        assert!(parse_manifest(&RepoPath::new("Cargo.toml").unwrap(), "[package\nname=").is_none());
        assert!(parse_manifest(&RepoPath::new("package.json").unwrap(), "{").is_none());
        assert!(parse_manifest(&RepoPath::new("src/lib.rs").unwrap(), "").is_none());
        assert!(is_manifest(&RepoPath::new("web/package.json").unwrap()));
        assert!(!is_manifest(&RepoPath::new("src/lib.rs").unwrap()));
    }
}
