//! The import graph of fixture repositories, one per set of resolution rules, compared exactly
//! with the edges written by hand in each fixture's `expected_edges.json`.

use crate::common::{cartograph, expect_code};
use cartograph_testkit::repo::TempRepo;
use serde_json::Value;

/// `index.json`'s edges of `fixtures/graph/<name>` against its `expected_edges.json`.
fn check(name: &str) {
    let repo = TempRepo::fixture(&format!("graph/{name}")).unwrap();
    let run = cartograph(repo.path(), &["docs", "--json"]);
    expect_code(&run, 0);
    let index: Value =
        serde_json::from_str(&repo.read("docs/cartograph/index.json").unwrap()).unwrap();
    let expected: Value = serde_json::from_str(&repo.read("expected_edges.json").unwrap()).unwrap();
    let found = &index["edges"];
    if found != &expected {
        let lines = |edges: &Value| -> Vec<String> {
            edges
                .as_array()
                .map(|edges| edges.iter().map(Value::to_string).collect())
                .unwrap_or_default()
        };
        let (found, expected) = (lines(found), lines(&expected));
        let missing: Vec<&String> = expected.iter().filter(|e| !found.contains(e)).collect();
        let extra: Vec<&String> = found.iter().filter(|e| !expected.contains(e)).collect();
        panic!("{name}: edges differ\nmissing: {missing:#?}\nunexpected: {extra:#?}");
    }
}

#[test]
fn python_packages_submodules_roots_and_relative_imports() {
    check("python-packages");
}

#[test]
fn rust_workspace_use_trees_paths_and_the_module_tree() {
    check("rust-workspace");
}

#[test]
fn javascript_workspace_tsconfig_paths_packages_and_build_outputs() {
    check("js-workspace");
}

/// jotai: example apps with their own `package.json` outside the workspace declare the package
/// with a registry range and get it from npm, not from the repository's `src/`.
#[test]
fn javascript_example_apps_outside_the_workspace_get_packages_from_npm() {
    check("js-examples-from-npm");
}

#[test]
fn go_modules_names_to_declaring_files_nested_modules_and_replace() {
    check("go-modules");
}

#[test]
fn java_types_by_package_and_wildcards_by_used_names() {
    check("java-packages");
}

#[test]
fn c_includes_beside_include_directories_and_suffixes() {
    check("c-includes");
}

#[test]
fn csharp_usings_by_namespace_and_used_types_static_and_alias() {
    check("csharp-namespaces");
}

#[test]
fn ruby_requires_gem_lib_load_paths_and_require_relative() {
    check("ruby-requires");
}

#[test]
fn php_composer_psr4_group_uses_and_dir_includes() {
    check("php-psr4");
}

/// Where an import leads depends on other files: adding `pkg/name.py` moves the edge of an
/// unchanged `from pkg import name` from `pkg/__init__.py` to the new submodule.
#[test]
fn an_added_submodule_takes_the_edge_of_an_unchanged_importer() {
    let repo = TempRepo::git(&[
        ("pkg/__init__.py", "name = 1\n"),
        ("app.py", "from pkg import name\n"),
    ])
    .unwrap();
    let edges = |repo: &TempRepo| -> Vec<(String, String)> {
        let run = cartograph(repo.path(), &["docs", "--json"]);
        expect_code(&run, 0);
        let index: Value =
            serde_json::from_str(&repo.read("docs/cartograph/index.json").unwrap()).unwrap();
        index["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["from"].as_str().unwrap().into(),
                    e["to"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(edges(&repo), [("app.py".into(), "pkg/__init__.py".into())]);
    repo.write("pkg/name.py", "VALUE = 2\n").unwrap();
    assert_eq!(edges(&repo), [("app.py".into(), "pkg/name.py".into())]);
}
