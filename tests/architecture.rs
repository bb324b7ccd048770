//! The dependency invariants of ARCHITECTURE.md, checked over `cargo metadata` (issue 15): which
//! crate may depend on which, what reaches the network, which crates hold a database. Only
//! normal dependencies count; tests may use anything. Each rule is checked on everything a
//! crate pulls in through the workspace's own crates, not only what it names.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Each workspace crate and the crates its normal `[dependencies]` name.
fn workspace_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut crates = BTreeMap::new();
    for package in metadata["packages"].as_array().unwrap() {
        let names = package["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|dependency| dependency["kind"].is_null())
            .map(|dependency| dependency["name"].as_str().unwrap().to_string())
            .collect();
        crates.insert(package["name"].as_str().unwrap().to_string(), names);
    }
    crates
}

/// Everything `name` depends on through workspace crates: their names and their external
/// dependencies.
fn closure(crates: &BTreeMap<String, BTreeSet<String>>, name: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending = vec![name.to_string()];
    while let Some(current) = pending.pop() {
        for dependency in crates.get(&current).into_iter().flatten() {
            if seen.insert(dependency.clone()) && crates.contains_key(dependency) {
                pending.push(dependency.clone());
            }
        }
    }
    seen
}

/// Fails naming every crate that breaks the rule.
fn check(
    crates: &BTreeMap<String, BTreeSet<String>>,
    rule: &str,
    applies: impl Fn(&str) -> bool,
    forbidden: &[&str],
) {
    let broken: Vec<String> = crates
        .keys()
        .filter(|name| applies(name))
        .filter_map(|name| {
            let reached = closure(crates, name);
            let found: Vec<&str> = forbidden
                .iter()
                .copied()
                .filter(|f| reached.contains(*f))
                .collect();
            (!found.is_empty()).then(|| format!("{name} -> {}", found.join(", ")))
        })
        .collect();
    assert!(broken.is_empty(), "{rule}: {broken:?}");
}

#[test]
fn crate_dependencies_keep_the_architecture_invariants() {
    let crates = workspace_dependencies();
    let cartograph_crates: Vec<String> = crates
        .keys()
        .filter(|name| name.starts_with("cartograph-"))
        .cloned()
        .collect();
    let all_ours: Vec<&str> = cartograph_crates.iter().map(String::as_str).collect();
    // The listed crates exist, so a renamed crate cannot make a rule pass vacuously.
    for name in [
        "cartograph-core",
        "cartograph-lock",
        "cartograph-hook",
        "cartograph-store",
        "cartograph-llm",
        "cartograph-redis",
        "cartograph-manifest",
        "cartograph-render",
        "cartograph-pipeline",
    ] {
        assert!(crates.contains_key(name), "{name} is not in the workspace");
    }

    check(
        &crates,
        "cartograph-core and cartograph-lock depend on no other cartograph crate",
        |name| name == "cartograph-core" || name == "cartograph-lock",
        &all_ours,
    );
    // Outbound connections: reqwest in the provider layer, redis in the team cache tier.
    // The test kit's fake provider only listens on loopback, for tests. The pipeline and the
    // MCP server call models only through cartograph-llm; the MCP server also serves HTTP
    // (axum over hyper), which is inbound.
    check(
        &crates,
        "only cartograph-llm reaches a model over HTTP",
        |name| {
            !matches!(
                name,
                "cartograph-llm" | "cartograph-pipeline" | "cartograph-mcp" | "cartograph"
            )
        },
        &["reqwest", "hyper"],
    );
    let mcp_direct = crates.get("cartograph-mcp").cloned().unwrap_or_default();
    assert!(
        !mcp_direct.contains("reqwest") && mcp_direct.contains("cartograph-llm"),
        "the MCP server calls models through cartograph-llm, never with reqwest itself: {mcp_direct:?}"
    );
    check(
        &crates,
        "only cartograph-redis talks to Redis",
        |name| !matches!(name, "cartograph-redis" | "cartograph"),
        &["redis"],
    );
    check(
        &crates,
        "the only embedded database is cartograph-store's sled, and the hook and lock need none",
        |name| {
            matches!(
                name,
                "cartograph-hook"
                    | "cartograph-lock"
                    | "cartograph-core"
                    | "cartograph-config"
                    | "cartograph-render"
                    | "cartograph-manifest"
                    | "cartograph-graph"
                    | "cartograph-lens"
                    | "cartograph-scan"
                    | "cartograph-secrets"
                    | "cartograph-tokens"
            )
        },
        &["sled", "cartograph-store"],
    );
    // The pipeline sees storage and providers only through `&dyn Store` and the provider
    // client: it reaches sled and reqwest through those crates, never by naming them.
    check(
        &crates,
        "the pipeline never reaches Redis",
        |name| name == "cartograph-pipeline",
        &["redis", "cartograph-redis"],
    );
    let pipeline = crates.get("cartograph-pipeline").unwrap();
    for direct in ["sled", "reqwest", "redis"] {
        assert!(
            !pipeline.contains(direct),
            "cartograph-pipeline names {direct} directly"
        );
    }
    check(
        &crates,
        "rendering, manifests, graph and lens are pure: no store, no provider, no runtime",
        |name| {
            matches!(
                name,
                "cartograph-render"
                    | "cartograph-manifest"
                    | "cartograph-graph"
                    | "cartograph-lens"
            )
        },
        &[
            "cartograph-store",
            "cartograph-llm",
            "cartograph-scan",
            "cartograph-redis",
            "tokio",
            "reqwest",
        ],
    );
    check(
        &crates,
        "library crates return typed errors: anyhow is the binary's",
        |name| name.starts_with("cartograph-") && name != "cartograph-bench",
        &["anyhow"],
    );
}

/// The repository stands on its own: docs/reference.md documents every command the binary
/// offers and every exit code it can return.
#[test]
fn the_reference_documents_every_command_and_exit_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = std::fs::read_to_string(root.join("docs/reference.md")).unwrap();
    let help = Command::new(env!("CARGO_BIN_EXE_cartograph"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    assert!(commands.len() >= 10, "{help}");
    for command in commands {
        assert!(
            reference.contains(&format!("| `{command}")),
            "docs/reference.md does not document `{command}`"
        );
    }
    for code in 0..=5 {
        assert!(
            reference.contains(&format!("\n| {code} |")),
            "exit code {code}"
        );
    }
}
