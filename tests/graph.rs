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
