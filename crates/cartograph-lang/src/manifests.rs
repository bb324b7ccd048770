//! What `package.json`, `tsconfig.json`, `lerna.json`, `pnpm-workspace.yaml`, `composer.json`,
//! `go.mod` and pytest's configuration say about where imports lead: the facts
//! JavaScript, TypeScript, PHP, Go and Python import resolution need, read when the file is parsed so that
//! they are cached with its map. Broken or odd input gives `None` or fewer facts, never an
//! error.

use cartograph_core::{ComposerAutoload, GoModule, JsManifest};
use serde_json::{Map, Value};

/// Manifests are small; a larger JSON file (a lock file, a data file) is not worth parsing.
const MAX_JSON_MANIFEST_BYTES: usize = 512 * 1024;

/// Conditions of `package.json` `exports`, in the order their targets are tried: type
/// declarations and ES modules first, as TypeScript and bundlers read them.
const CONDITIONS: [&str; 6] = ["types", "import", "module", "require", "node", "default"];

/// A JSON array's strings; nothing for anything else.
fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// The import-resolution fields of a JSON object, or `None` when it has none (most JSON files)
/// or does not parse. tsconfig files may hold comments and trailing commas, so the text is read
/// as JSONC with the `jsonc-parser` crate.
pub(crate) fn js_manifest(source: &str) -> Option<JsManifest> {
    if source.len() > MAX_JSON_MANIFEST_BYTES
        || ![
            "\"name\"",
            "\"compilerOptions\"",
            "\"extends\"",
            "\"exports\"",
            "\"workspaces\"",
            "\"packages\"",
            "ependencies\"",
        ]
        .iter()
        .any(|key| source.contains(key))
    {
        return None;
    }
    let value = jsonc_parser::parse_to_serde_value(source, &Default::default()).ok()??;
    let object = value.as_object()?;
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_string);
    let options = object.get("compilerOptions").and_then(Value::as_object);
    let manifest = JsManifest {
        name: text(object.get("name")),
        exports: object
            .get("exports")
            .map(flatten_exports)
            .unwrap_or_default(),
        entry_points: ["types", "typings", "module", "main"]
            .iter()
            .filter_map(|key| text(object.get(*key)))
            .collect(),
        extends: match object.get("extends") {
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(several)) => several
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
        base_url: options.and_then(|options| text(options.get("baseUrl"))),
        paths: options
            .and_then(|options| options.get("paths")?.as_object())
            .map(|paths| {
                paths
                    .iter()
                    .map(|(pattern, targets)| (pattern.clone(), flatten_conditions(targets)))
                    .collect()
            }),
        workspaces: workspace_globs(object),
        dependencies: declared_dependencies(object),
        include: string_list(object.get("include")),
        exclude: string_list(object.get("exclude")),
        // Found against the whole tree when imports are resolved.
        entry_sources: Vec::new(),
    };
    (manifest != JsManifest::default()).then_some(manifest)
}

/// `package.json` `workspaces` (a list, or yarn's `{"packages": [...]}`) or `lerna.json`
/// `packages`: the workspace's directory globs.
fn workspace_globs(object: &Map<String, Value>) -> Vec<String> {
    let globs = match object.get("workspaces") {
        Some(Value::Object(yarn)) => yarn.get("packages"),
        Some(list) => Some(list),
        None => object.get("packages"),
    };
    match globs {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every dependency of the four `package.json` sections with its specifier; entries whose
/// specifier is no string (a lock file's `dependencies`) are not dependencies of a manifest.
fn declared_dependencies(object: &Map<String, Value>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for section in [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
    ] {
        let Some(entries) = object.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (name, specifier) in entries {
            if let Some(specifier) = specifier.as_str() {
                found.push((name.clone(), specifier.to_string()));
            }
        }
    }
    found.sort();
    found
}

/// A `pnpm-workspace.yaml`'s `packages` list as a manifest holding only `workspaces`, or
/// `None` when the YAML has no top-level `packages` list. A line scanner, not a YAML parser:
/// the file is a list of quoted or plain globs, in block (`- 'packages/*'`) or flow
/// (`packages: [a, b]`) style.
pub(crate) fn pnpm_workspace(source: &str) -> Option<JsManifest> {
    if source.len() > MAX_JSON_MANIFEST_BYTES || !source.contains("packages") {
        return None;
    }
    let unquote = |item: &str| -> Option<String> {
        let item = item.trim().trim_matches(|c| c == '\'' || c == '"').trim();
        (!item.is_empty()).then(|| item.to_string())
    };
    let mut globs = Vec::new();
    let mut in_list = false;
    for line in source.lines() {
        let code = match line.find(" #") {
            Some(comment) => &line[..comment],
            None if line.trim_start().starts_with('#') => "",
            None => line,
        };
        if code.trim().is_empty() {
            continue;
        }
        if in_list {
            match code.trim_start().strip_prefix('-') {
                Some(item) if code.starts_with([' ', '\t', '-']) => {
                    globs.extend(unquote(item));
                    continue;
                }
                _ => in_list = false,
            }
        }
        if let Some(rest) = code.strip_prefix("packages:") {
            let rest = rest.trim();
            match rest
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
            {
                Some(flow) => globs.extend(flow.split(',').filter_map(unquote)),
                None => in_list = rest.is_empty(),
            }
        }
    }
    (!globs.is_empty()).then(|| JsManifest {
        workspaces: globs,
        ..JsManifest::default()
    })
}

/// The `psr-4` and `psr-0` rules of a `composer.json`'s `autoload` and `autoload-dev`, or
/// `None` when it has none or does not parse. A prefix maps to one directory or a list.
pub(crate) fn composer_autoload(source: &str) -> Option<ComposerAutoload> {
    if source.len() > MAX_JSON_MANIFEST_BYTES || !source.contains("\"autoload") {
        return None;
    }
    let value: Value = serde_json::from_str(source).ok()?;
    let object = value.as_object()?;
    let mut autoload = ComposerAutoload::default();
    for section in ["autoload", "autoload-dev"] {
        let Some(section) = object.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (standard, rules) in [("psr-4", &mut autoload.psr4), ("psr-0", &mut autoload.psr0)] {
            let Some(map) = section.get(standard).and_then(Value::as_object) else {
                continue;
            };
            for (prefix, directories) in map {
                let directories: Vec<String> = match directories {
                    Value::String(one) => vec![one.clone()],
                    Value::Array(several) => several
                        .iter()
                        .filter_map(|item| item.as_str().map(str::to_string))
                        .collect(),
                    _ => Vec::new(),
                };
                if !directories.is_empty() {
                    rules.push((prefix.clone(), directories));
                }
            }
        }
    }
    (autoload != ComposerAutoload::default()).then_some(autoload)
}

/// `exports` as subpaths with their targets: a string or array is the `.` subpath, an object
/// whose keys start with `.` maps subpaths, any other object is the conditions of `.`.
fn flatten_exports(exports: &Value) -> Vec<(String, Vec<String>)> {
    match exports {
        Value::Object(map) if map.keys().any(|key| key.starts_with('.')) => map
            .iter()
            .filter(|(key, _)| key.starts_with('.'))
            .map(|(subpath, targets)| (subpath.clone(), flatten_conditions(targets)))
            .collect(),
        Value::Null => Vec::new(),
        other => vec![(".".to_string(), flatten_conditions(other))],
    }
}

/// The targets of a conditional export (or of a `paths` entry) in the order worth trying.
fn flatten_conditions(value: &Value) -> Vec<String> {
    let mut targets = Vec::new();
    collect_targets(value, &mut targets, 0);
    targets.dedup();
    targets
}

fn collect_targets(value: &Value, targets: &mut Vec<String>, depth: usize) {
    // Real `exports` nest conditions two or three deep; a limit keeps odd input cheap.
    if depth > 8 {
        return;
    }
    match value {
        Value::String(target) => targets.push(target.clone()),
        Value::Array(items) => {
            for item in items {
                collect_targets(item, targets, depth + 1);
            }
        }
        Value::Object(map) => {
            for condition in ordered_conditions(map) {
                if let Some(nested) = map.get(condition) {
                    collect_targets(nested, targets, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// The known conditions in `CONDITIONS` order, then the others by name.
fn ordered_conditions(map: &Map<String, Value>) -> Vec<&str> {
    let mut keys: Vec<&str> = CONDITIONS
        .iter()
        .copied()
        .filter(|condition| map.contains_key(*condition))
        .collect();
    keys.extend(
        map.keys()
            .map(String::as_str)
            .filter(|key| !CONDITIONS.contains(key)),
    );
    keys
}

/// A `go.mod`'s module path and local `replace` directives, or `None` when the text has no
/// `module` line.
pub(crate) fn go_module(source: &str) -> Option<GoModule> {
    let mut path = None;
    let mut local_replaces = Vec::new();
    let mut in_replace_block = false;
    for line in source.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if in_replace_block {
            if line == ")" {
                in_replace_block = false;
            } else {
                local_replaces.extend(local_replace(line));
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("module") {
            if rest.starts_with([' ', '\t', '"']) {
                let module = rest.trim().trim_matches('"');
                if !module.is_empty() && path.is_none() {
                    path = Some(module.to_string());
                }
            }
        } else if let Some(rest) = line.strip_prefix("replace") {
            let rest = rest.trim();
            if rest == "(" {
                in_replace_block = true;
            } else {
                local_replaces.extend(local_replace(rest));
            }
        }
    }
    Some(GoModule {
        path: path?,
        local_replaces,
    })
}

/// `old [version] => ./dir`: the old module path and the directory, when the target is local.
fn local_replace(directive: &str) -> Option<(String, String)> {
    let (old, new) = directive.split_once("=>")?;
    let old = old.split_whitespace().next()?.trim_matches('"');
    let mut new = new.split_whitespace();
    let target = new.next()?.trim_matches('"');
    // A local target is a directory path and has no version after it.
    let local = (target.starts_with("./") || target.starts_with("../")) && new.next().is_none();
    local.then(|| (old.to_string(), target.trim_end_matches('/').to_string()))
}

/// The directories pytest's `pythonpath` setting puts on `sys.path`, as written (relative to
/// the configuration file's directory): from a TOML file's `[tool.pytest.ini_options]` or
/// pytest 9's `[tool.pytest]` (a list, or one string of names split by whitespace), or an INI
/// file's `[pytest]` or `[tool:pytest]` section (names split by whitespace, continuation lines
/// included). Empty when the text sets none or does not parse.
pub(crate) fn pytest_pythonpath(source: &str, toml_text: bool) -> Vec<String> {
    if !source.contains("pythonpath") {
        return Vec::new();
    }
    let value = if toml_text {
        toml_pythonpath(source)
    } else {
        ini_pythonpath(source)
    };
    value
        .into_iter()
        .filter(|path| !path.is_empty() && !path.starts_with('/') && !path.contains("://"))
        .collect()
}

fn toml_pythonpath(source: &str) -> Vec<String> {
    let Ok(table) = toml::from_str::<toml::Table>(source) else {
        return Vec::new();
    };
    let Some(pytest) = table
        .get("tool")
        .and_then(|tool| tool.get("pytest"))
        .and_then(toml::Value::as_table)
    else {
        return Vec::new();
    };
    let setting = pytest
        .get("ini_options")
        .and_then(|options| options.get("pythonpath"))
        .or_else(|| pytest.get("pythonpath"));
    match setting {
        Some(toml::Value::Array(items)) => items
            .iter()
            .filter_map(toml::Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(toml::Value::String(text)) => text.split_whitespace().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

fn ini_pythonpath(source: &str) -> Vec<String> {
    let mut in_pytest = false;
    let mut in_setting = false;
    let mut paths = Vec::new();
    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_pytest = matches!(trimmed, "[pytest]" | "[tool:pytest]");
            in_setting = false;
            continue;
        }
        if !in_pytest || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let continued = line.starts_with([' ', '\t']) && !trimmed.is_empty();
        if in_setting && continued {
            paths.extend(trimmed.split_whitespace().map(str::to_string));
            continue;
        }
        in_setting = false;
        let Some((key, value)) = trimmed.split_once(['=', ':']) else {
            continue;
        };
        if key.trim() == "pythonpath" {
            in_setting = true;
            paths.extend(value.split_whitespace().map(str::to_string));
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pytest_pythonpath_from_toml_and_ini() {
        let pyproject = "[tool.pytest]\nini_options.testpaths = [\"tests\"]\n\
                         ini_options.pythonpath = [\n  \".\",\n  \"tasks\",\n]\n";
        assert_eq!(pytest_pythonpath(pyproject, true), [".", "tasks"]);
        let native = "[tool.pytest]\npythonpath = \"src helpers\"\n";
        assert_eq!(pytest_pythonpath(native, true), ["src", "helpers"]);
        let other_tool = "[tool.mypy]\npythonpath = [\"x\"]\n";
        assert!(pytest_pythonpath(other_tool, true).is_empty());
        assert!(pytest_pythonpath("[tool.pytest\npythonpath = [", true).is_empty());

        let tox = "[tox]\nenvlist = py3\n[pytest]\naddopts = -q\npythonpath =\n    src\n    /abs\n\
                   testpaths = tests\n[flake8]\npythonpath = nope\n";
        assert_eq!(pytest_pythonpath(tox, false), ["src"]);
        let setup_cfg = "[tool:pytest]\npythonpath = . lib\n";
        assert_eq!(pytest_pythonpath(setup_cfg, false), [".", "lib"]);
    }

    #[test]
    fn composer_autoload_reads_both_sections_and_ignores_the_odd() {
        let autoload = composer_autoload(
            r#"{"autoload": {"psr-4": {"App\\": "src/", "Lib\\": ["a/", 3, "b/"], "Bad\\": {}},
                "psr-0": {"Old_": "legacy/"}, "classmap": ["x/"]},
               "autoload-dev": {"psr-4": {"App\\Tests\\": "tests/"}}}"#,
        );
        assert_eq!(
            autoload,
            Some(ComposerAutoload {
                psr4: vec![
                    ("App\\".to_string(), vec!["src/".to_string()]),
                    (
                        "Lib\\".to_string(),
                        vec!["a/".to_string(), "b/".to_string()]
                    ),
                    ("App\\Tests\\".to_string(), vec!["tests/".to_string()]),
                ],
                psr0: vec![("Old_".to_string(), vec!["legacy/".to_string()])],
            })
        );
        assert_eq!(
            composer_autoload(r#"{"autoload": {"classmap": ["x/"]}}"#),
            None
        );
        assert_eq!(composer_autoload(r#"{"autoload": "#), None);
        assert_eq!(composer_autoload(r#"["autoload"]"#), None);
    }

    #[test]
    fn tsconfig_with_comments_and_trailing_commas() {
        let manifest = js_manifest(
            "{\n  // the base\n  \"extends\": \"./tsconfig.base.json\",\n  \"compilerOptions\": {\n    \
             \"baseUrl\": \".\", /* root */\n    \"paths\": { \"@app/*\": [\"src/*\", \"gen/*\",], },\n  },\n}\n",
        );
        assert_eq!(
            manifest,
            Some(JsManifest {
                extends: vec!["./tsconfig.base.json".into()],
                base_url: Some(".".into()),
                paths: Some(vec![(
                    "@app/*".into(),
                    vec!["src/*".into(), "gen/*".into()]
                )]),
                ..JsManifest::default()
            })
        );
    }

    #[test]
    fn package_exports_subpaths_and_conditions() {
        let manifest = js_manifest(
            r#"{"name": "@acme/ui", "main": "dist/index.js", "types": "dist/index.d.ts",
                "exports": {".": {"require": "./dist/index.cjs", "import": {"types": "./dist/index.d.mts", "default": "./dist/index.mjs"}},
                            "./button": "./src/button.ts", "./package.json": "./package.json"}}"#,
        );
        assert_eq!(
            manifest,
            Some(JsManifest {
                name: Some("@acme/ui".into()),
                exports: vec![
                    (
                        ".".into(),
                        vec![
                            "./dist/index.d.mts".into(),
                            "./dist/index.mjs".into(),
                            "./dist/index.cjs".into()
                        ]
                    ),
                    ("./button".into(), vec!["./src/button.ts".into()]),
                    ("./package.json".into(), vec!["./package.json".into()]),
                ],
                entry_points: vec!["dist/index.d.ts".into(), "dist/index.js".into()],
                ..JsManifest::default()
            })
        );
        assert_eq!(
            js_manifest(r#"{"exports": "./index.js"}"#).map(|m| m.exports),
            Some(vec![(".".into(), vec!["./index.js".into()])])
        );
    }

    #[test]
    fn workspaces_and_dependencies_of_package_json_and_lerna_json() {
        let manifest = js_manifest(
            r#"{"name": "app", "workspaces": {"packages": ["packages/*"], "nohoist": ["x"]},
                "dependencies": {"jotai": "^2.10.4", "@acme/ui": "workspace:*", "odd": 3},
                "devDependencies": {"local": "file:../local"}}"#,
        );
        assert_eq!(
            manifest,
            Some(JsManifest {
                name: Some("app".into()),
                workspaces: vec!["packages/*".into()],
                dependencies: vec![
                    ("@acme/ui".into(), "workspace:*".into()),
                    ("jotai".into(), "^2.10.4".into()),
                    ("local".into(), "file:../local".into()),
                ],
                ..JsManifest::default()
            })
        );
        assert_eq!(
            js_manifest(r#"{"workspaces": ["apps/*", "!apps/old"]}"#).map(|m| m.workspaces),
            Some(vec!["apps/*".into(), "!apps/old".into()])
        );
        assert_eq!(
            js_manifest(r#"{"version": "1.0.0", "packages": ["modules/*"]}"#).map(|m| m.workspaces),
            Some(vec!["modules/*".into()])
        );
        // A lock file's `dependencies` hold objects, not specifiers.
        assert_eq!(
            js_manifest(r#"{"dependencies": {"a": {"version": "1.0.0"}}}"#),
            None
        );
    }

    #[test]
    fn pnpm_workspace_globs_in_block_and_flow_style() {
        let globs = |source: &str| pnpm_workspace(source).map(|m| m.workspaces);
        assert_eq!(
            globs("packages:\n  - .\n  - 'apps/*' # the apps\n  - \"!**/test/**\"\nminimumReleaseAge: 1440\nminimumReleaseAgeExclude:\n  - 'react'\n"),
            Some(vec![".".into(), "apps/*".into(), "!**/test/**".into()])
        );
        assert_eq!(
            globs("# workspace\npackages: ['packages/*', \"tools\"]\n"),
            Some(vec!["packages/*".into(), "tools".into()])
        );
        assert_eq!(globs("catalog:\n  react: ^18\n"), None);
        assert_eq!(globs("packages:\nother: 1\n"), None);
    }

    #[test]
    fn broken_and_unrelated_json_give_nothing() {
        assert_eq!(js_manifest("{\"name\": "), None);
        assert_eq!(js_manifest("[1, 2]"), None);
        assert_eq!(js_manifest("{\"version\": 1}"), None);
        assert_eq!(js_manifest("{\"name\": 3}"), None);
    }

    #[test]
    fn go_mod_module_and_local_replaces() {
        let module = go_module(
            "// comment\nmodule \"example.com/app\" // the app\n\ngo 1.22\n\
             replace example.com/lib => ./lib\nreplace (\n  example.com/x v1.0.0 => ../x/\n  \
             example.com/y => example.com/z v1.2.3\n)\nrequire example.com/lib v0.0.0\n",
        );
        assert_eq!(
            module,
            Some(GoModule {
                path: "example.com/app".into(),
                local_replaces: vec![
                    ("example.com/lib".into(), "./lib".into()),
                    ("example.com/x".into(), "../x".into()),
                ],
            })
        );
        assert_eq!(go_module("go 1.22\nmodulex y\n"), None);
    }
}
