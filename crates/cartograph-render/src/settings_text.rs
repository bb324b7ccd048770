//! What a settings file or a release-notes file says, read from its text: the hooks
//! `.pre-commit-config.yaml` runs, the ecosystems Dependabot updates, how Read the Docs builds,
//! an issue template's title, the rules `.editorconfig` sets for every file, what
//! `MANIFEST.in` adds to a source distribution, the extensions a Sphinx `conf.py` loads, the
//! newest version release notes describe. Each reader takes the file's text and gives one
//! sentence, or `None` when the text does not say enough (the row then says what kind of file
//! it is). The files are small and mostly YAML written in block style, read line by line.

use crate::markdown::escape_inline;
use cartograph_core::RepoPath;
use std::collections::BTreeMap;

/// Names past this many in one sentence are counted ("and 3 more").
const MAX_NAMES: usize = 4;

/// Which reader a file's path calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    PreCommit,
    Dependabot,
    ReadTheDocs,
    IssueTemplate,
    EditorConfig,
    Manifest,
    SphinxConf,
    BumpVersion,
    ReleaseNotes,
    Notice,
    Ruff,
    Renovate,
    Funding,
    Triagebot,
    AsfYaml,
    Travis,
    AppVeyor,
    BazelBuild,
    BazelWorkspace,
}

fn kind(path: &RepoPath) -> Option<Kind> {
    let name = path.file_name();
    let parent = path.parent().to_ascii_lowercase();
    Some(match name {
        ".pre-commit-config.yaml" | ".pre-commit-config.yml" => Kind::PreCommit,
        "dependabot.yml" | "dependabot.yaml" if parent.ends_with(".github") => Kind::Dependabot,
        ".readthedocs.yml" | ".readthedocs.yaml" | "readthedocs.yml" | "readthedocs.yaml" => {
            Kind::ReadTheDocs
        }
        ".editorconfig" => Kind::EditorConfig,
        "MANIFEST.in" => Kind::Manifest,
        ".bumpversion.cfg" => Kind::BumpVersion,
        "NOTICE" | "NOTICE.txt" | "NOTICE.md" => Kind::Notice,
        "ruff.toml" | ".ruff.toml" => Kind::Ruff,
        "renovate.json" | ".renovaterc" | ".renovaterc.json" => Kind::Renovate,
        "FUNDING.yml" | "funding.yml" if parent.ends_with(".github") => Kind::Funding,
        "triagebot.toml" => Kind::Triagebot,
        ".asf.yaml" => Kind::AsfYaml,
        ".travis.yml" => Kind::Travis,
        "appveyor.yml" | ".appveyor.yml" => Kind::AppVeyor,
        "BUILD" | "BUILD.bazel" => Kind::BazelBuild,
        "WORKSPACE" | "WORKSPACE.bazel" | "MODULE.bazel" => Kind::BazelWorkspace,
        "conf.py" if is_docs_dir(&parent) => Kind::SphinxConf,
        _ if parent.ends_with("issue_template")
            && (name.ends_with(".md") || name.ends_with(".yml") || name.ends_with(".yaml"))
            && !name.starts_with("config.") =>
        {
            Kind::IssueTemplate
        }
        _ if is_release_notes_name(name) => Kind::ReleaseNotes,
        _ => return None,
    })
}

/// `docs`, `doc`, `docs/source`: where Sphinx's `conf.py` lives.
fn is_docs_dir(dir: &str) -> bool {
    let mut parts = dir.rsplit('/');
    let last = parts.next().unwrap_or("");
    matches!(last, "docs" | "doc" | "documentation")
        || (last == "source" && parts.next().is_some_and(|up| matches!(up, "docs" | "doc")))
}

/// `CHANGELOG.md`, `CHANGES.rst`, `HISTORY.md`, `NEWS`, `RELEASE-NOTES.txt`: release notes
/// written by hand (not a template that renders them).
fn is_release_notes_name(name: &str) -> bool {
    let (stem, extension) = name.split_once('.').unwrap_or((name, ""));
    let stem = stem.to_ascii_lowercase().replace(['-', '_', ' '], "");
    matches!(
        stem.as_str(),
        "changelog" | "changes" | "history" | "news" | "releasenotes"
    ) && matches!(extension, "" | "md" | "rst" | "txt" | "markdown")
}

/// True for the files one of the readers here reads.
pub(crate) fn reads(path: &RepoPath) -> bool {
    kind(path).is_some()
}

/// What `text`, the text of the file at `path`, says, in one sentence.
pub(crate) fn describe(path: &RepoPath, text: &str) -> Option<String> {
    match kind(path)? {
        Kind::PreCommit => pre_commit(text),
        Kind::Dependabot => dependabot(text),
        Kind::ReadTheDocs => read_the_docs(text),
        Kind::IssueTemplate => issue_template(text),
        Kind::EditorConfig => editorconfig(text),
        Kind::Manifest => source_manifest(text),
        Kind::SphinxConf => sphinx_conf(text),
        Kind::BumpVersion => bump_version(text),
        Kind::ReleaseNotes => release_notes(text),
        Kind::Notice => notice(text),
        Kind::Ruff => ruff(text),
        Kind::Renovate => renovate(text),
        Kind::Funding => funding(text),
        Kind::Triagebot => triagebot(text),
        Kind::AsfYaml => asf_yaml(text),
        Kind::Travis => travis(text),
        Kind::AppVeyor => appveyor(text),
        Kind::BazelBuild => bazel_build(text),
        Kind::BazelWorkspace => bazel_workspace(text),
    }
}

/// The calls at the top level of a Starlark file (Bazel's `BUILD`, `WORKSPACE`,
/// `MODULE.bazel`), each with the `name = "…"` it is given, in order: `go_library(name =
/// "resty", …)` on one line or over several.
fn starlark_calls(text: &str) -> Vec<(&str, Option<&str>)> {
    let mut calls = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some((rule, _)) = line.split_once('(') else {
            continue;
        };
        let is_rule = !rule.is_empty()
            && rule
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
        if !is_rule {
            continue;
        }
        let arguments = text.get(start + rule.len() + 1..).unwrap_or_default();
        calls.push((rule, own_name(arguments)));
    }
    calls
}

/// The `name = "…"` among a call's own arguments (not inside a list or a nested call), up
/// to the parenthesis that closes it.
fn own_name(arguments: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut word_start: Option<usize> = None;
    for (at, c) in arguments.char_indices() {
        if in_string {
            in_string = c != '"';
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                if depth == 0 {
                    return None;
                }
                depth -= 1;
            }
            _ => {}
        }
        let is_word = c.is_alphanumeric() || c == '_';
        match (is_word, word_start) {
            (true, None) => word_start = Some(at),
            (false, Some(from)) => {
                word_start = None;
                if depth == 0 && &arguments[from..at] == "name" {
                    let value = arguments[at..]
                        .trim_start()
                        .strip_prefix('=')
                        .map(str::trim_start)
                        .and_then(|rest| rest.strip_prefix('"'))
                        .and_then(|rest| rest.split_once('"'))
                        .map(|(name, _)| name);
                    if value.is_some() {
                        return value;
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// "Bazel targets: `go_library` `resty`, `go_test` `resty_test`." from a `BUILD` file's
/// rules (loads, `package` and Gazelle's own target left out).
fn bazel_build(text: &str) -> Option<String> {
    const NOT_TARGETS: &[&str] = &["load", "package", "licenses", "exports_files", "gazelle"];
    let targets: Vec<String> = starlark_calls(text)
        .into_iter()
        .filter(|(rule, _)| !NOT_TARGETS.contains(rule))
        .filter_map(|(rule, name)| Some(format!("`{rule}` `{}`", name?)))
        .collect();
    (!targets.is_empty()).then(|| format!("Bazel targets: {}.", listed(&targets, str::to_string)))
}

/// "The Bazel workspace `resty`; it fetches `io_bazel_rules_go` and `bazel_gazelle`." from a
/// `WORKSPACE`'s archives and repositories; "The Bazel module `app`; …" from a
/// `MODULE.bazel`'s `module` and `bazel_dep`s.
fn bazel_workspace(text: &str) -> Option<String> {
    let calls = starlark_calls(text);
    let own = calls
        .iter()
        .find(|(rule, _)| matches!(*rule, "workspace" | "module"))
        .and_then(|(rule, name)| Some((*rule, (*name)?)));
    let fetched: Vec<String> = calls
        .iter()
        .filter(|(rule, _)| {
            matches!(
                *rule,
                "http_archive"
                    | "git_repository"
                    | "bazel_dep"
                    | "local_repository"
                    | "go_repository"
            )
        })
        .filter_map(|(_, name)| Some(format!("`{}`", (*name)?)))
        .collect();
    let what = match own {
        Some(("module", name)) => format!("The Bazel module `{name}`"),
        Some((_, name)) => format!("The Bazel workspace `{name}`"),
        None if fetched.is_empty() => return None,
        None => "The Bazel workspace".to_string(),
    };
    Some(if fetched.is_empty() {
        format!("{what}.")
    } else {
        format!("{what}; it fetches {}.", listed(&fetched, str::to_string))
    })
}

/// "The notice the licence asks to keep with the code: Apache Commons CLI, Copyright
/// 2002-2026 The Apache Software Foundation." from its first lines.
fn notice(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .take(3)
        .collect();
    let said = lines.join(", ");
    (!said.is_empty() && said.chars().count() <= 200).then(|| {
        format!(
            "The notice the licence asks to keep with the code: {}",
            sentence(&escape_inline(&said))
        )
    })
}

/// "Ruff's settings: it checks the rules E4, E7, E9 and 4 more." from `select`, with the
/// line length and Python version when set.
fn ruff(text: &str) -> Option<String> {
    let rules = quoted_list(text, "select");
    let mut parts: Vec<String> = Vec::new();
    if !rules.is_empty() {
        parts.push(format!("it checks the rules {}", plain_list(&rules)));
    }
    let value = |key: &str| {
        text.lines().find_map(|line| {
            let rest = line
                .trim()
                .strip_prefix(key)?
                .trim_start()
                .strip_prefix('=')?;
            let value = scalar(rest);
            (!value.is_empty()).then_some(value)
        })
    };
    if let Some(length) = value("line-length") {
        parts.push(format!("lines up to {length} characters"));
    }
    if let Some(version) = value("target-version") {
        parts.push(format!("code for {}", escape_inline(version)));
    }
    (!parts.is_empty()).then(|| format!("Ruff's settings: {}.", parts.join("; ")))
}

/// "Renovate's settings: it extends config:base." from `extends`.
fn renovate(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let extends: Vec<String> = value
        .get("extends")?
        .as_array()?
        .iter()
        .filter_map(|preset| preset.as_str().map(str::to_string))
        .collect();
    (!extends.is_empty()).then(|| {
        format!(
            "Renovate's settings for dependency updates: it extends {}.",
            plain_list(&extends)
        )
    })
}

/// "Sponsorship links GitHub shows: GitHub Sponsors (labstack)." from the platforms given a
/// value.
fn funding(text: &str) -> Option<String> {
    let mut platforms: Vec<String> = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        if line.starts_with([' ', '\t', '#']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        // A list written over several lines (zustand's `custom: [` … `]`, or `- item` lines
        // under the key) is one value: its items joined.
        let rest = || {
            lines[at + 1..]
                .iter()
                .take_while(|line| line.starts_with([' ', '\t']))
        };
        let items: Vec<String> = if value.trim().starts_with('[') && !value.contains(']') {
            rest()
                .map(|line| line.split(" #").next().unwrap_or(line))
                .flat_map(|line| line.split(','))
                .map(|item| {
                    scalar(item.trim_end_matches([']', ' ']))
                        .trim_end_matches(']')
                        .trim()
                        .to_string()
                })
                .filter(|item| !item.is_empty() && !item.starts_with(']'))
                .collect()
        } else if scalar(value).is_empty() {
            rest()
                .filter_map(|line| line.trim_start().strip_prefix("- "))
                .map(|item| scalar(item).to_string())
                .filter(|item| !item.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        let joined = items.join(", ");
        let value = if items.is_empty() {
            scalar(value)
        } else {
            joined.as_str()
        };
        let value = value.trim_matches(['[', ']']).trim();
        if value.is_empty() {
            continue;
        }
        let platform = match key.trim() {
            "github" => "GitHub Sponsors",
            "open_collective" => "Open Collective",
            "patreon" => "Patreon",
            "ko_fi" => "Ko-fi",
            "tidelift" => "Tidelift",
            "liberapay" => "Liberapay",
            "polar" => "Polar",
            "buy_me_a_coffee" => "Buy Me a Coffee",
            "thanks_dev" => "thanks.dev",
            "custom" => "custom links",
            _ => continue,
        };
        platforms.push(format!("{platform} ({})", escape_inline(value)));
    }
    (!platforms.is_empty()).then(|| {
        format!(
            "The sponsorship links GitHub shows: {}.",
            crate::structural::join_and(&platforms)
        )
    })
}

/// "Settings of triagebot, the bot of rust-lang's repositories: it turns on its assign
/// feature." from the sections.
fn triagebot(text: &str) -> Option<String> {
    let features: Vec<String> = once(
        text.lines()
            .filter_map(|line| line.trim().strip_prefix('[')?.strip_suffix(']'))
            .map(|section| section.split('.').next().unwrap_or(section))
            .collect(),
    );
    (!features.is_empty()).then(|| {
        let noun = if features.len() == 1 { "feature" } else { "features" };
        format!(
            "Settings of triagebot, the bot of rust-lang's repositories: it turns on its {} {noun}.",
            plain_list(&features)
        )
    })
}

/// "The Apache Software Foundation's settings of the GitHub repository: its description
/// “Apache Commons CLI”, where notifications go."
fn asf_yaml(text: &str) -> Option<String> {
    let description = values_of(text, "description").into_iter().next();
    let notifies = text.lines().any(|line| line.starts_with("notifications:"));
    let mut parts: Vec<String> = Vec::new();
    if let Some(description) = description {
        parts.push(format!(
            "its description \u{201c}{}\u{201d}",
            escape_inline(description)
        ));
    }
    if notifies {
        parts.push("the mailing lists its commits, issues and pull requests go to".to_string());
    }
    (!parts.is_empty()).then(|| {
        format!(
            "The Apache Software Foundation's settings of the GitHub repository: {}.",
            parts.join(", and ")
        )
    })
}

/// "`a`, `b`, `c` and 3 more" of paths, patterns and commands, shown as code (which rendering
/// checks against the index where they read as names).
fn names_list(names: &[String]) -> String {
    listed(names, crate::markdown::code_span)
}

/// "a, b, c and 3 more" of names that are not the project's (hooks, ecosystems, extensions):
/// plain text, as a code span would be taken for a name of the index and lose its backticks.
fn plain_list(names: &[String]) -> String {
    listed(names, escape_inline)
}

fn listed(names: &[String], show: impl Fn(&str) -> String) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(if names.len() > MAX_NAMES {
            MAX_NAMES - 1
        } else {
            MAX_NAMES
        })
        .map(|name| show(name))
        .collect();
    let rest = names.len() - shown.len();
    match rest {
        0 => crate::structural::join_and(&shown),
        rest => format!("{} and {rest} more", shown.join(", ")),
    }
}

/// The value of the top-level `key` of a YAML file as a list: an inline list's items, a block
/// list's items (written at the key's indent or below it), a scalar or a folded block scalar
/// as one item. An item `cmd: …`, `ps: …` or `sh: …` (AppVeyor's shells) is its command.
fn top_level_list(text: &str, key: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines.iter().position(|line| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    }) else {
        return Vec::new();
    };
    let inline = scalar(&lines[at][key.len() + 1..]);
    // A command keeps its quotes but for a pair around the whole (`echo "No-op build"`).
    let unquoted = |item: &str| -> String {
        let item = item.trim();
        let item = if item.starts_with(['"', '\'']) {
            item
        } else {
            item.split(" #").next().unwrap_or(item).trim()
        };
        let pair = item.len() >= 2
            && ((item.starts_with('"') && item.ends_with('"'))
                || (item.starts_with('\'') && item.ends_with('\'')));
        if pair {
            item[1..item.len() - 1].to_string()
        } else {
            item.to_string()
        }
    };
    let command = |item: &str| -> String {
        let item = item.trim();
        ["cmd:", "ps:", "sh:", "pwsh:"]
            .iter()
            .find_map(|shell| item.strip_prefix(shell))
            .map_or_else(|| unquoted(item), unquoted)
    };
    let below = lines[at + 1..]
        .iter()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
    let is_block = |value: &str| matches!(value, ">" | ">-" | "|" | "|-");
    match inline {
        "" => {
            let mut items: Vec<String> = Vec::new();
            let mut folded: Option<usize> = None;
            for line in
                below.take_while(|line| line.starts_with([' ', '\t']) || line.starts_with("- "))
            {
                let depth = line.len() - line.trim_start().len();
                match (folded, line.trim_start().strip_prefix("- ")) {
                    // A line of an item's folded block (`- cmd: >-` then the command).
                    (Some(item_depth), _) if depth > item_depth => {
                        items.push(line.trim().to_string());
                        continue;
                    }
                    (_, Some(item)) => {
                        folded = None;
                        let item = command(item);
                        if is_block(&item) {
                            folded = Some(depth);
                        } else if !item.is_empty() {
                            items.push(item);
                        }
                    }
                    (_, None) => folded = None,
                }
            }
            items
        }
        // A folded or literal block: its lines, one command each.
        block if is_block(block) => below
            .take_while(|line| line.starts_with([' ', '\t']))
            .map(|line| line.trim().to_string())
            .collect(),
        list if list.starts_with('[') => list
            .trim_matches(['[', ']'])
            .split(',')
            .map(|item| scalar(item).to_string())
            .filter(|item| !item.is_empty())
            .collect(),
        value => vec![command(value)],
    }
}

/// Commands in code, "and N more" past four.
fn command_list(commands: &[String]) -> String {
    listed(commands, crate::markdown::code_span)
}

/// "Travis CI runs `make check` on Go `1.14`, `1.15` and `tip`." from `.travis.yml`'s
/// `language`, the versions listed under it and `script`.
fn travis(text: &str) -> Option<String> {
    let language = top_level_list(text, "language").into_iter().next();
    let (name, versions_key) = match language.as_deref() {
        Some("go") => ("Go", "go"),
        Some("node_js") => ("Node.js", "node_js"),
        Some("python") => ("Python", "python"),
        Some("rust") => ("Rust", "rust"),
        Some("ruby") => ("Ruby", "rvm"),
        Some("php") => ("PHP", "php"),
        Some("java") => ("Java", "jdk"),
        Some("c") => ("C", "compiler"),
        Some("cpp") => ("C++", "compiler"),
        _ => ("", ""),
    };
    let mut versions = if versions_key.is_empty() {
        Vec::new()
    } else {
        top_level_list(text, versions_key)
    };
    if versions.is_empty() && versions_key == "rvm" {
        versions = top_level_list(text, "ruby");
    }
    let on = match (name, versions.is_empty()) {
        ("", _) => String::new(),
        (name, true) => format!(" on {name}"),
        (name, false) => format!(" on {name} {}", command_list(&versions)),
    };
    let script = top_level_list(text, "script");
    if script.is_empty() {
        return (!on.is_empty()).then(|| format!("Travis CI runs its default script{on}."));
    }
    Some(format!("Travis CI runs {}{on}.", command_list(&script)))
}

/// "AppVeyor runs `go install -v ./...`, then `go test -v ./...`." from `appveyor.yml`'s
/// `build_script` and `test_script`, setting variables aside; a build that only echoes a line
/// (logrus's "No-op build to satisfy AppVeyor CI") is said to build nothing.
fn appveyor(text: &str) -> Option<String> {
    let is_setting = |command: &String| {
        let lower = command.to_ascii_lowercase();
        lower.starts_with("set ") || lower.starts_with("$env:") || lower.starts_with("export ")
    };
    let build: Vec<String> = top_level_list(text, "build_script")
        .into_iter()
        .filter(|command| !is_setting(command))
        .collect();
    let test: Vec<String> = top_level_list(text, "test_script")
        .into_iter()
        .filter(|command| !is_setting(command))
        .collect();
    let all: Vec<&String> = build.iter().chain(&test).collect();
    if all.is_empty() {
        return None;
    }
    if all.iter().all(|command| {
        let lower = command.to_ascii_lowercase();
        lower.starts_with("echo ") || lower.ends_with(" version") || lower.ends_with(" --version")
    }) {
        return Some(format!(
            "AppVeyor runs only {}: it builds and tests nothing.",
            command_list(&all.into_iter().cloned().collect::<Vec<_>>())
        ));
    }
    Some(match (build.is_empty(), test.is_empty()) {
        (false, false) => format!(
            "AppVeyor builds with {}, then tests with {}.",
            command_list(&build),
            command_list(&test)
        ),
        (false, true) => format!("AppVeyor builds with {}.", command_list(&build)),
        _ => format!("AppVeyor tests with {}.", command_list(&test)),
    })
}

/// A YAML scalar as written, without quotes and a trailing comment.
fn scalar(value: &str) -> &str {
    let value = value.trim();
    if value.starts_with('#') {
        return "";
    }
    // A quoted value ends at its closing quote, whatever follows (godotenv's `- 'v*' # Push
    // events to matching v*`).
    if let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let rest = &value[1..];
        return rest.find(quote).map_or(rest, |end| &rest[..end]).trim();
    }
    value.split(" #").next().unwrap_or(value).trim()
}

/// The values of every `key: value` line of `text` (at any depth, in list items too), in order.
fn values_of<'t>(text: &'t str, key: &str) -> Vec<&'t str> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            let value = line.strip_prefix(key)?.strip_prefix(':')?;
            let value = scalar(value);
            (!value.is_empty()).then_some(value)
        })
        .collect()
}

/// Each value once, in first order.
fn once(values: Vec<&str>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    values
        .into_iter()
        .filter(|value| seen.insert(*value))
        .map(str::to_string)
        .collect()
}

/// "The hooks pre-commit runs: ruff, ruff-format and 5 more (before each commit once
/// `pre-commit install` has set it up)." Not "before each commit" alone: humanize runs them
/// in CI, and on a commit only for a developer who installed them.
fn pre_commit(text: &str) -> Option<String> {
    let hooks = once(values_of(text, "id"));
    (!hooks.is_empty()).then(|| {
        let noun = if hooks.len() == 1 { "hook" } else { "hooks" };
        format!(
            "The {noun} pre-commit runs: {} (before each commit once `pre-commit install` has set it up).",
            plain_list(&hooks)
        )
    })
}

/// "Dependabot updates the `pip` and `github-actions` dependencies monthly."
fn dependabot(text: &str) -> Option<String> {
    let ecosystems = once(values_of(text, "package-ecosystem"));
    if ecosystems.is_empty() {
        return None;
    }
    let intervals = once(values_of(text, "interval"));
    let when = match intervals.as_slice() {
        [only] if matches!(only.as_str(), "daily" | "weekly" | "monthly") => format!(" {only}"),
        _ => String::new(),
    };
    Some(format!(
        "Dependabot checks the {} dependencies for updates{when}.",
        plain_list(&ecosystems)
    ))
}

/// "Read the Docs builds the documentation with Sphinx from `docs/conf.py`." or "… by running
/// `uv run --group docs sphinx-build …`."
fn read_the_docs(text: &str) -> Option<String> {
    let commands = block_items(text, "commands");
    // The command that builds (`sphinx-build`, `mkdocs build`), else the last; the others set
    // up tools.
    let runs = |tools: &[&str]| {
        commands.iter().find(|command| {
            !command.contains("install") && tools.iter().any(|tool| command.contains(tool))
        })
    };
    let builds = runs(&["sphinx-build", "mkdocs"])
        .or_else(|| runs(&["docs"]))
        .or_else(|| runs(&["make ", "build"]))
        .or(commands.last());
    if let Some(build) = builds {
        let more = match commands.len() - 1 {
            0 => String::new(),
            1 => " and 1 more command".to_string(),
            more => format!(" and {more} more commands"),
        };
        return Some(format!(
            "Read the Docs builds the documentation with {}{more}.",
            crate::markdown::code_span(build)
        ));
    }
    let (tool, configuration) = if let Some(sphinx) = values_of(text, "configuration")
        .into_iter()
        .find(|path| path.ends_with(".py"))
    {
        ("Sphinx", Some(sphinx))
    } else if text
        .lines()
        .any(|line| line.trim_start().starts_with("sphinx:"))
    {
        ("Sphinx", None)
    } else if let Some(mkdocs) = values_of(text, "configuration")
        .into_iter()
        .find(|path| path.ends_with(".yml") || path.ends_with(".yaml"))
    {
        ("MkDocs", Some(mkdocs))
    } else if text
        .lines()
        .any(|line| line.trim_start().starts_with("mkdocs:"))
    {
        ("MkDocs", None)
    } else {
        return None;
    };
    Some(match configuration {
        Some(path) => format!(
            "Read the Docs builds the documentation with {tool}, configured by {}.",
            crate::markdown::code_span(path)
        ),
        None => format!("Read the Docs builds the documentation with {tool}."),
    })
}

/// The items of the block list under `key:` (`commands:` then `- uv sync`, `- make html`).
fn block_items(text: &str, key: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut indent: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let depth = line.len() - trimmed.len();
        match indent {
            None => {
                if trimmed
                    .strip_prefix(key)
                    .and_then(|rest| rest.strip_prefix(':'))
                    .is_some_and(|rest| rest.trim().is_empty())
                {
                    indent = Some(depth);
                }
            }
            Some(at) => {
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                if let Some(item) = trimmed.strip_prefix("- ") {
                    if depth >= at {
                        let item = scalar(item);
                        if !item.is_empty() {
                            items.push(item.to_string());
                        }
                        continue;
                    }
                }
                if depth <= at {
                    break;
                }
            }
        }
    }
    items
}

/// "The issue template “Bug report”: Report a bug in ItsDangerous." from the front matter of a
/// Markdown template or the keys of an issue form.
fn issue_template(text: &str) -> Option<String> {
    let head: String = if text.trim_start().starts_with("---") {
        text.trim_start()
            .trim_start_matches("---")
            .split("\n---")
            .next()
            .unwrap_or("")
            .to_string()
    } else {
        // An issue form: its top-level keys, before `body:`.
        text.lines()
            .take_while(|line| !line.starts_with("body:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let top = |key: &str| {
        head.lines()
            .filter(|line| !line.starts_with([' ', '\t', '-']))
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
            .map(scalar)
            .filter(|value| !value.is_empty())
    };
    let name = top("name")?;
    Some(match top("about").or_else(|| top("description")) {
        Some(about) => format!(
            "The issue template \u{201c}{}\u{201d}: {}",
            escape_inline(name),
            sentence(&escape_inline(about))
        ),
        None => format!(
            "The issue template \u{201c}{}\u{201d}.",
            escape_inline(name)
        ),
    })
}

/// `text` ending with a full stop.
pub(crate) fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?', '…']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// "Editors indent with 4 spaces, end lines with LF and trim trailing whitespace; 3 more
/// sections set other rules for some files."
fn editorconfig(text: &str) -> Option<String> {
    let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(section) = line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            sections.push((section.to_string(), Vec::new()));
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if let Some((_, settings)) = sections.last_mut() {
            settings.push((
                key.trim().to_ascii_lowercase(),
                value.trim().to_ascii_lowercase(),
            ));
        }
    }
    let (_, all) = sections.iter().find(|(section, _)| section == "*")?;
    let get = |key: &str| {
        all.iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    };
    let mut rules: Vec<String> = Vec::new();
    match (get("indent_style"), get("indent_size")) {
        (Some("tab"), _) => rules.push("indent with tabs".to_string()),
        (Some("space"), Some(size)) if size.chars().all(|c| c.is_ascii_digit()) => {
            rules.push(format!("indent with {size} spaces"))
        }
        (Some("space"), _) => rules.push("indent with spaces".to_string()),
        _ => {}
    }
    if let Some(end) = get("end_of_line").filter(|end| matches!(*end, "lf" | "crlf" | "cr")) {
        rules.push(format!("end lines with {}", end.to_ascii_uppercase()));
    }
    if let Some(charset) = get("charset") {
        rules.push(format!("write {}", charset.to_ascii_uppercase()));
    }
    if get("trim_trailing_whitespace") == Some("true") {
        rules.push("trim trailing whitespace".to_string());
    }
    if get("insert_final_newline") == Some("true") {
        rules.push("end files with a newline".to_string());
    }
    if let Some(width) =
        get("max_line_length").filter(|width| width.chars().all(|c| c.is_ascii_digit()))
    {
        rules.push(format!("keep lines within {width} characters"));
    }
    if rules.is_empty() {
        return None;
    }
    let others: Vec<String> = sections
        .iter()
        .filter(|(section, settings)| section != "*" && !settings.is_empty())
        .map(|(section, _)| section.clone())
        .collect();
    let rest = match others.as_slice() {
        [] => String::new(),
        [only] => format!(
            "; {} has rules of its own",
            crate::markdown::code_span(only)
        ),
        others => format!("; {} have rules of their own", names_list(others)),
    };
    Some(format!(
        "Editors {}{rest}.",
        crate::structural::join_and(&rules)
    ))
}

/// "Adds `CHANGES.rst`, `tox.ini` and the directories `docs`, `tests` to the source
/// distribution." from `include`, `graft` and `recursive-include` lines.
fn source_manifest(text: &str) -> Option<String> {
    let mut files: Vec<&str> = Vec::new();
    let mut dirs: Vec<&str> = Vec::new();
    let mut pruned: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("include") => files.extend(words),
            Some("graft") => dirs.extend(words),
            Some("recursive-include") => dirs.extend(words.next()),
            Some("prune") => pruned.extend(words),
            _ => {}
        }
    }
    let files = once(files);
    let dirs = once(dirs);
    let mut parts: Vec<String> = Vec::new();
    if !files.is_empty() {
        let noun = if files.len() == 1 {
            "the file"
        } else {
            "the files"
        };
        parts.push(format!("{noun} {}", names_list(&files)));
    }
    if !dirs.is_empty() {
        let noun = if dirs.len() == 1 {
            "the directory"
        } else {
            "the directories"
        };
        parts.push(format!("{noun} {}", names_list(&dirs)));
    }
    if parts.is_empty() {
        return None;
    }
    let leaves = match once(pruned).as_slice() {
        [] => String::new(),
        pruned => format!(", without {}", names_list(pruned)),
    };
    Some(format!(
        "Adds {} to the source distribution{leaves}.",
        parts.join(", and ")
    ))
}

/// "Sphinx's settings for the documentation: the extensions `sphinx.ext.autodoc`, … and the
/// theme `flask`."
fn sphinx_conf(text: &str) -> Option<String> {
    let extensions = quoted_list(text, "extensions");
    let theme = text.lines().find_map(|line| {
        let value = line.trim_start().strip_prefix("html_theme")?;
        let value = value.trim_start().strip_prefix('=')?;
        let value = scalar(value);
        (!value.is_empty() && !value.contains(['(', ' '])).then_some(value)
    });
    let mut parts: Vec<String> = Vec::new();
    if !extensions.is_empty() {
        let noun = if extensions.len() == 1 {
            "the extension"
        } else {
            "the extensions"
        };
        parts.push(format!("{noun} {}", plain_list(&extensions)));
    }
    if let Some(theme) = theme {
        parts.push(format!("the theme {}", escape_inline(theme)));
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "Sphinx's settings for the documentation: {}.",
        parts.join("; ")
    ))
}

/// The strings of a list assigned to `name` (a Python list, `extensions = [`, or a TOML
/// array, `select = [`), over as many lines as it takes.
fn quoted_list(text: &str, name: &str) -> Vec<String> {
    let Some(start) = text.lines().position(|line| {
        line.trim_start()
            .strip_prefix(name)
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('='))
            .is_some_and(|rest| rest.trim_start().starts_with('['))
    }) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for line in text.lines().skip(start) {
        let code = line.split('#').next().unwrap_or("");
        items.extend(cartograph_manifest::quoted_strings(code));
        if code.contains(']') {
            break;
        }
    }
    items
}

/// "bump2version's settings: the version is 1.2.1, written in `src/dotenv/version.py`."
fn bump_version(text: &str) -> Option<String> {
    let version = text.lines().find_map(|line| {
        let value = line.trim().strip_prefix("current_version")?;
        let value = value.trim_start().strip_prefix('=')?.trim();
        (!value.is_empty()).then_some(value)
    })?;
    let files: Vec<String> = once(
        text.lines()
            .filter_map(|line| {
                line.trim()
                    .strip_prefix("[bumpversion:file:")?
                    .strip_suffix(']')
            })
            .collect(),
    );
    Some(match files.as_slice() {
        [] => format!(
            "bump2version's settings: the current version is {}.",
            crate::markdown::code_span(version)
        ),
        files => format!(
            "bump2version's settings: the current version is {}, written in {}.",
            crate::markdown::code_span(version),
            names_list(files)
        ),
    })
}

/// "Release notes: what changed in each version; the newest entry is for 2.3.0 (unreleased)." from the
/// first heading of the notes that names a version.
fn release_notes(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().take(80).collect();
    // An "Unreleased" section above the newest version is the newest entry (cattrs's `NEXT
    // (UNRELEASED)`, morgan's `unreleased`).
    let mut unreleased_first = false;
    // prettytable's "# PrettyTable 1.0.1 and newer", "See GitHub Releases": the notes of the
    // versions from there on are kept elsewhere, and the newest entry here is the next one.
    let mut moved_from: Option<String> = None;
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim().trim_start_matches('#').trim();
        let underlined = lines
            .get(at + 1)
            .map(|next| next.trim())
            .is_some_and(|next| next.len() >= 3 && next.chars().all(|c| "=-~^*".contains(c)));
        let heading = line.trim_start().starts_with('#') || underlined;
        if !heading {
            continue;
        }
        // "Unreleased" (a compare link `2.12.1...HEAD` beside it) is no version yet.
        if trimmed.to_ascii_lowercase().contains("unreleased") {
            // Only when it lists changes: keep-a-changelog's empty `## [Unreleased]` is none.
            unreleased_first |= lines
                .iter()
                .skip(at + 1)
                // Up to the next version's heading (`## [0.4.27]`, `1.10.1 / 2025-07-17`).
                .take_while(|next| {
                    let next = next.trim();
                    !(version_in(next).is_some()
                        && next.starts_with(|c: char| c.is_ascii_digit() || "#[`vV".contains(c)))
                })
                .any(|next| {
                    let next = next.trim_start();
                    next.starts_with("- ") || next.starts_with("* ") || next.starts_with("+ ")
                });
            continue;
        }
        let Some(version) = version_in(trimmed) else {
            continue;
        };
        let lower = trimmed.to_ascii_lowercase();
        if moved_from.is_none()
            && ["and newer", "and later", "onwards", "and above"]
                .iter()
                .any(|words| lower.contains(words))
        {
            moved_from = Some(version.to_string());
            continue;
        }
        // What follows the heading: pallets' "Unreleased" or "Released 2024-04-16".
        let after = lines
            .iter()
            .skip(at + if underlined { 2 } else { 1 })
            .map(|line| line.trim())
            .find(|line| !line.is_empty())
            .unwrap_or("");
        let date = date_in(trimmed).or_else(|| {
            after
                .to_ascii_lowercase()
                .starts_with("released")
                .then(|| date_in(after))
                .flatten()
        });
        let unreleased = trimmed.to_ascii_lowercase().contains("unreleased")
            || after.eq_ignore_ascii_case("unreleased");
        let when = match (date, unreleased) {
            (_, true) => " (not released yet)".to_string(),
            (Some(date), false) => format!(" ({date})"),
            (None, false) => String::new(),
        };
        if let Some(moved) = &moved_from {
            return Some(format!(
                "Release notes: what changed in each version up to {version}{when}; those of {moved} and newer are kept elsewhere."
            ));
        }
        if unreleased_first {
            return Some(format!(
                "Release notes: what changed in each version; the newest entry lists changes not released yet, above the one for {version}{when}."
            ));
        }
        return Some(format!(
            "Release notes: what changed in each version; the newest entry is for {version}{when}."
        ));
    }
    None
}

/// The first version number of `text` (`2.3.0`, `v1.10.1`, `1.9`), as written without a `v`.
fn version_in(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .map(|word| word.strip_prefix(['v', 'V']).unwrap_or(word))
        .map(|word| word.split("..").next().unwrap_or(word))
        .map(|word| word.trim_end_matches(['.', '-']))
        .find(|word| {
            let mut parts = word.split('.');
            let numeric = |part: Option<&str>| {
                part.is_some_and(|part| {
                    !part.is_empty() && part.chars().all(|c| c.is_ascii_digit())
                })
            };
            numeric(parts.next()) && numeric(parts.next()) && !is_date(word)
        })
}

/// A `YYYY-MM-DD` date in `text`.
fn date_in(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find(|word| is_date(word))
}

fn is_date(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && word
            .chars()
            .enumerate()
            .all(|(at, c)| at == 4 || at == 7 || c.is_ascii_digit())
}

/// When a GitHub Actions workflow runs and the actions it uses that are not setup steps:
/// "run on push, pull requests and a schedule", ["github/codeql-action"].
pub(crate) fn workflow_facts(text: &str) -> (Option<String>, Vec<String>) {
    (workflow_triggers(text), workflow_actions(text))
}

/// "run on push and pull requests" from a workflow's `on:`, in any of its forms (`on: push`,
/// `on: [push, pull_request]`, a block of events).
fn workflow_triggers(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|line| {
        let line = line.trim_end();
        ["on:", "\"on\":", "'on':"]
            .iter()
            .any(|key| line.starts_with(key))
    })?;
    let inline = lines[at]
        .split_once(':')
        .map_or("", |(_, rest)| rest)
        .trim();
    let inline = inline.split(" #").next().unwrap_or(inline).trim();
    let mut events: Vec<String> = Vec::new();
    // Per event of a block, the lines below it (its `branches:`, `tags:` filters).
    let mut filters: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    if inline.is_empty() {
        let mut indent: Option<usize> = None;
        for line in &lines[at + 1..] {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let depth = line.len() - trimmed.len();
            if depth == 0 {
                break;
            }
            let level = *indent.get_or_insert(depth);
            // `schedule:` with its `- cron: '…'` item written at the events' own indent
            // belongs to `schedule`; `- push` in a list of events is an event.
            let item_of_previous =
                trimmed.starts_with("- ") && trimmed.contains(':') && !events.is_empty();
            if depth == level && !item_of_previous {
                let event = trimmed.trim_start_matches("- ");
                let event = event.split(':').next().unwrap_or(event).trim();
                events.push(event.to_string());
            } else if let Some(event) = events.last() {
                filters.entry(event.clone()).or_default().push(trimmed);
            }
        }
    } else {
        events.extend(
            inline
                .trim_matches(['[', ']'])
                .split(',')
                .map(|event| scalar(event).to_string())
                .filter(|event| !event.is_empty()),
        );
    }
    let mut said: Vec<String> = Vec::new();
    for event in &events {
        let words = match event.as_str() {
            // tomlkit's release workflow runs on pushed tags only: "push" alone read as every
            // push publishing a release.
            "push" => {
                let below = filters.get(event).map(Vec::as_slice).unwrap_or_default();
                let tags = filter_values(below, "tags");
                let branches = filter_values(below, "branches");
                let pushes = match (tags.is_empty(), branches.is_empty()) {
                    (false, true) => format!("pushes of tags matching {}", or_list(&tags)),
                    (true, false) => format!("pushes to {}", or_list(&branches)),
                    (false, false) => format!(
                        "pushes to {} and of tags matching {}",
                        or_list(&branches),
                        or_list(&tags)
                    ),
                    (true, true) => "push".to_string(),
                };
                // humanize's "Sync labels" runs only when `.github/labels.yml` changes.
                with_paths(pushes, below)
            }
            // resty's "Label" workflow runs when a pull request is labelled, not on every
            // one.
            "pull_request" | "pull_request_target" => {
                let below = filters.get(event).map(Vec::as_slice).unwrap_or_default();
                let types = filter_values(below, "types");
                let requests = if types.is_empty() {
                    "pull requests".to_string()
                } else {
                    format!("pull requests, only when {}", or_list(&types))
                };
                with_paths(requests, below)
            }
            "schedule" => "a schedule".to_string(),
            "workflow_dispatch" => "by hand".to_string(),
            "release" => "releases".to_string(),
            "issues" => "issues".to_string(),
            "issue_comment" => "issue comments".to_string(),
            "workflow_call" => "calls from other workflows".to_string(),
            "merge_group" => "the merge queue".to_string(),
            // Any other event by its name (cors's `branch_protection_rule`): a list that left
            // it out read as all the triggers.
            other if !other.is_empty() => format!("the `{other}` event"),
            _ => continue,
        };
        if !said.contains(&words) {
            said.push(words);
        }
    }
    if said.is_empty() {
        return None;
    }
    Some(format!("run on {}", crate::structural::join_and(&said)))
}

/// An event said with the files that must change for it to run (`paths:`), or those whose
/// change alone does not (`paths-ignore:`).
fn with_paths(event: String, below: &[&str]) -> String {
    const SHOWN: usize = 3;
    let listed = |values: &[String]| -> String {
        if values.len() > SHOWN {
            let shown: Vec<String> = values[..SHOWN]
                .iter()
                .map(|value| format!("`{value}`"))
                .collect();
            format!("{} or {} more", shown.join(", "), values.len() - SHOWN)
        } else {
            or_list(values)
        }
    };
    let paths = filter_values(below, "paths");
    let ignored = filter_values(below, "paths-ignore");
    match (paths.is_empty(), ignored.is_empty()) {
        (false, _) => format!("{event} (only those that change {})", listed(&paths)),
        (true, false) => format!("{event} (not those that change only {})", listed(&ignored)),
        (true, true) => event,
    }
}

/// The values of an event's filter `key` among the lines below the event: `tags: ['*.*.*']`
/// or a block of `- v1.*` items.
fn filter_values(below: &[&str], key: &str) -> Vec<String> {
    let Some(at) = below.iter().position(|line| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    }) else {
        return Vec::new();
    };
    let inline = below[at][key.len() + 1..].trim();
    let inline = inline.split(" #").next().unwrap_or(inline).trim();
    if !inline.is_empty() {
        return inline
            .trim_matches(['[', ']'])
            .split(',')
            .map(|value| scalar(value).to_string())
            .filter(|value| !value.is_empty())
            .collect();
    }
    below[at + 1..]
        .iter()
        .map_while(|line| line.strip_prefix("- "))
        .map(|value| scalar(value).to_string())
        .filter(|value| !value.is_empty())
        .collect()
}

/// `a`, `` `a` or `b` ``, each value in code.
fn or_list(values: &[String]) -> String {
    let spans: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
    match spans.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} or {last}", init.join(", ")),
        _ => spans.join(""),
    }
}

/// The actions a workflow uses, without their versions and without the ones every workflow
/// sets up with (`actions/checkout`, `actions/setup-*`, caches, artifacts).
fn workflow_actions(text: &str) -> Vec<String> {
    let used = values_of(text, "uses").into_iter().filter_map(|action| {
        let action = action.split('@').next().unwrap_or(action);
        // A job's `uses:` of another repository's workflow calls it whole (qs's
        // `ljharb/actions/.github/workflows/node.yml`): named as written, no action.
        if action.contains("/.github/workflows/") && !action.starts_with('.') {
            return Some(action.to_string());
        }
        // `github/codeql-action/init` is the action `github/codeql-action`.
        let mut parts = action.split('/');
        let (owner, name) = (parts.next()?, parts.next()?);
        let setup = owner == "actions"
            && (name == "checkout"
                || name.starts_with("setup-")
                || matches!(
                    name,
                    "cache" | "upload-artifact" | "download-artifact" | "github-script"
                ));
        (!setup && !owner.starts_with('.') && !owner.is_empty()).then(|| format!("{owner}/{name}"))
    });
    once(
        used.collect::<Vec<String>>()
            .iter()
            .map(String::as_str)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about(path: &str, text: &str) -> Option<String> {
        let path = RepoPath::new(path).unwrap_or_else(|_| unreachable!());
        describe(&path, text)
    }

    #[test]
    fn travis_and_appveyor_say_what_they_run() {
        let travis = "arch:\n  - amd64\n  \nlanguage: go\ngo_import_path: github.com/pkg/errors\ngo:\n  - 1.14\n  - 1.15\n  - tip\n\nscript:\n  - make check\n";
        assert_eq!(
            about(".travis.yml", travis).as_deref(),
            Some("Travis CI runs `make check` on Go `1.14`, `1.15` and `tip`.")
        );
        let node = "language: \"node_js\"\nnode_js:\n  - \"13\"\n  - \"12\"\n  - \"11\"\n  - \"10\"\n  - \"0.10\"\n#  - \"0.8\"\n\nscript:\n  - \"make test-cov\"\n";
        assert_eq!(
            about(".travis.yml", node).as_deref(),
            Some("Travis CI runs `make test-cov` on Node.js `13`, `12`, `11` and 2 more.")
        );
        let java = "language: java\njdk:\n  - openjdk8\n\ninstall: true\n\nscript: ./gradlew assemble test\n";
        assert_eq!(
            about(".travis.yml", java).as_deref(),
            Some("Travis CI runs `./gradlew assemble test` on Java `openjdk8`.")
        );
        assert_eq!(
            about(".travis.yml", "language: rust\nrust: [stable, nightly]\n").as_deref(),
            Some("Travis CI runs its default script on Rust `stable` and `nightly`.")
        );
        let appveyor = "version: build-{build}.{branch}\n\nplatform:\n  - x64\n\ninstall:\n  # debugging\n  - go version\n\nbuild_script:\n  - go install -v ./...\n\ntest_script:\n  - set PATH=C:\\gopath\\bin;%PATH%\n  - go test -v ./...\n\ndeploy: off\n";
        assert_eq!(
            about("appveyor.yml", appveyor).as_deref(),
            Some("AppVeyor builds with `go install -v ./...`, then tests with `go test -v ./...`.")
        );
        let stub = "version: 1.0.{build}\nbranches:\n  only:\n    - master\n\nbuild_script:\n  - echo \"No-op build to satisfy AppVeyor CI\"\n";
        assert_eq!(
            about("appveyor.yml", stub).as_deref(),
            Some("AppVeyor runs only `echo \"No-op build to satisfy AppVeyor CI\"`: it builds and tests nothing.")
        );
        let folded = "version: '{build}'\nbuild_script:\n- cmd: >-\n    go version\n\n";
        assert_eq!(
            about("appveyor.yml", folded).as_deref(),
            Some("AppVeyor runs only `go version`: it builds and tests nothing.")
        );
        assert_eq!(about("appveyor.yml", "version: 1\n"), None);
    }

    #[test]
    fn pre_commit_hooks_dependabot_and_read_the_docs() {
        let hooks = "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.11\n    hooks:\n      - id: ruff\n      - id: ruff-format\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    hooks:\n      - id: check-merge-conflict\n      - id: debug-statements\n      - id: fix-byte-order-marker\n";
        assert_eq!(
            about(".pre-commit-config.yaml", hooks).as_deref(),
            Some("The hooks pre-commit runs: ruff, ruff-format, check-merge-conflict and 2 more (before each commit once `pre-commit install` has set it up).")
        );
        let bot = "version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: monthly\n  - package-ecosystem: \"pip\"\n    schedule:\n      interval: monthly\n";
        assert_eq!(
            about(".github/dependabot.yml", bot).as_deref(),
            Some("Dependabot checks the github-actions and pip dependencies for updates monthly.")
        );
        let rtd = "version: 2\nbuild:\n  os: ubuntu-24.04\n  tools:\n    python: '3.13'\n  commands:\n    - asdf plugin add uv\n    - uv run --group docs sphinx-build -W -b dirhtml docs $READTHEDOCS_OUTPUT/html\n";
        assert_eq!(
            about(".readthedocs.yaml", rtd).as_deref(),
            Some("Read the Docs builds the documentation with `uv run --group docs sphinx-build -W -b dirhtml docs $READTHEDOCS_OUTPUT/html` and 1 more command.")
        );
        let sphinx = "version: 2\nsphinx:\n  configuration: docs/conf.py\npython:\n  install:\n    - requirements: docs/requirements.txt\n";
        assert_eq!(
            about(".readthedocs.yml", sphinx).as_deref(),
            Some(
                "Read the Docs builds the documentation with Sphinx, configured by `docs/conf.py`."
            )
        );
        let tox = "mkdocs:\n  configuration: mkdocs.yml\nbuild:\n  commands:\n    - pip install -U tox\n    - tox -e docs\n    - mv site _readthedocs/html\n";
        assert_eq!(
            about(".readthedocs.yml", tox).as_deref(),
            Some("Read the Docs builds the documentation with `tox -e docs` and 2 more commands.")
        );
        assert_eq!(about(".readthedocs.yml", "version: 2\n"), None);
    }

    #[test]
    fn workflows_say_when_they_run_and_what_actions_they_use() {
        let codeql = "name: CodeQL\non:\n  push:\n    branches: [master]\n  pull_request:\n  schedule:\n    - cron: '0 0 * * 1'\njobs:\n  analyze:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: github/codeql-action/init@v3\n      - uses: github/codeql-action/analyze@v3\n      - uses: actions/setup-go@v5\n";
        assert_eq!(
            workflow_facts(codeql),
            (
                Some("run on pushes to `master`, pull requests and a schedule".to_string()),
                vec!["github/codeql-action".to_string()]
            )
        );
        // tomlkit's release runs on pushed tags only; cors's scorecard also on an event of
        // its own.
        let release = "name: Release\n\non:\n  push:\n    tags:\n      - '*.*.*'\n\njobs: {}\n";
        assert_eq!(
            workflow_facts(release).0.as_deref(),
            Some("run on pushes of tags matching `*.*.*`")
        );
        // godotenv's: a comment after the quoted pattern is no part of it.
        let commented =
            "on:\n  push:\n    tags:\n    - 'v*' # Push events to matching v*, i.e. v1.0\n";
        assert_eq!(
            workflow_facts(commented).0.as_deref(),
            Some("run on pushes of tags matching `v*`")
        );
        // A `- cron:` item at the events' own indent is the schedule's, no event.
        let flat = "on:\n  push:\n  schedule:\n  - cron: '0 0 * * 0'\n";
        assert_eq!(
            workflow_facts(flat).0.as_deref(),
            Some("run on push and a schedule")
        );
        let scorecard = "on:\n  branch_protection_rule:\n  schedule:\n    - cron: '16 21 * * 1'\n  push:\n    branches: [ \"master\" ]\n";
        assert_eq!(
            workflow_facts(scorecard).0.as_deref(),
            Some("run on the `branch_protection_rule` event, a schedule and pushes to `master`")
        );
        assert_eq!(
            workflow_facts("on: [push, workflow_dispatch]\njobs: {}\n"),
            (Some("run on push and by hand".to_string()), Vec::new())
        );
        assert_eq!(
            workflow_facts("on: pull_request\n").0.as_deref(),
            Some("run on pull requests")
        );
        assert_eq!(
            workflow_facts("on:\n  pull_request:\n    types: [labeled]\n    paths-ignore:\n      - '**.md'\njobs: {}\n")
                .0
                .as_deref(),
            Some("run on pull requests, only when `labeled` (not those that change only `**.md`)")
        );
        // humanize's "Sync labels" runs only when its labels file changes.
        let labels = "on:\n  push:\n    branches:\n      - main\n    paths:\n      - .github/labels.yml\n  workflow_dispatch:\n";
        assert_eq!(
            workflow_facts(labels).0.as_deref(),
            Some(
                "run on pushes to `main` (only those that change `.github/labels.yml`) and by hand"
            )
        );
        assert_eq!(workflow_facts("jobs: {}\n"), (None, Vec::new()));
        // qs's test workflows call a reusable workflow of another repository.
        assert_eq!(
            workflow_facts("on: [pull_request, push]\njobs:\n  tests:\n    uses: ljharb/actions/.github/workflows/node.yml@main\n    with:\n      range: '< 10'\n")
                .1,
            ["ljharb/actions/.github/workflows/node.yml"]
        );
    }

    /// resty's Bazel files were empty rows.
    #[test]
    fn bazel_files_say_their_targets_and_what_the_workspace_fetches() {
        let build = "load(\"@io_bazel_rules_go//go:def.bzl\", \"go_library\", \"go_test\")\n\ngazelle(name = \"gazelle\")\n\ngo_library(\n    name = \"resty\",\n    srcs = [\"client.go\"],\n    deps = [\n        \"//shellescape\",\n    ],\n)\n\ngo_test(\n    name = \"resty_test\",\n    embed = [\":resty\"],\n)\n\nalias(\n    name = \"go_default_library\",\n    actual = \":resty\",\n)\n";
        assert_eq!(
            about("BUILD.bazel", build).as_deref(),
            Some("Bazel targets: `go_library` `resty`, `go_test` `resty_test` and `alias` `go_default_library`.")
        );
        let workspace = "workspace(name = \"resty\")\n\nload(\"@bazel_tools//tools/build_defs/repo:http.bzl\", \"http_archive\")\n\nhttp_archive(\n    name = \"io_bazel_rules_go\",\n    urls = [\"https://x/rules_go.zip\"],\n)\n\nhttp_archive(\n    name = \"bazel_gazelle\",\n)\n\ngo_rules_dependencies()\n";
        assert_eq!(
            about("WORKSPACE", workspace).as_deref(),
            Some(
                "The Bazel workspace `resty`; it fetches `io_bazel_rules_go` and `bazel_gazelle`."
            )
        );
        let module = "module(name = \"app\", version = \"1.0\")\nbazel_dep(name = \"rules_go\", version = \"0.46.0\")\n";
        assert_eq!(
            about("MODULE.bazel", module).as_deref(),
            Some("The Bazel module `app`; it fetches `rules_go`.")
        );
        assert_eq!(about("BUILD", "Build notes.\n"), None);
    }

    #[test]
    fn notices_ruff_renovate_funding_triagebot_and_asf_settings() {
        assert_eq!(
            about("NOTICE.txt", "Apache Commons CLI\nCopyright 2002-2026 The Apache Software Foundation\n\nThis product includes software\n").as_deref(),
            Some("The notice the licence asks to keep with the code: Apache Commons CLI, Copyright 2002-2026 The Apache Software Foundation.")
        );
        let ruff_toml = "line-length = 88\n[lint]\nselect = [\n    # pycodestyle\n    \"E4\",\n    \"E7\",\n\n    \"F\",\n    \"B\",\n    \"I\",\n]\n";
        assert_eq!(
            about("ruff.toml", ruff_toml).as_deref(),
            Some("Ruff's settings: it checks the rules E4, E7, F and 2 more; lines up to 88 characters.")
        );
        assert_eq!(
            about("renovate.json", "{\"extends\": [\"config:base\"]}").as_deref(),
            Some("Renovate's settings for dependency updates: it extends config:base.")
        );
        let funding = "# platforms\n\ngithub: [labstack]\npatreon: # Replace with a single Patreon username\nopen_collective: echo\n";
        assert_eq!(
            about(".github/FUNDING.yml", funding).as_deref(),
            Some("The sponsorship links GitHub shows: GitHub Sponsors (labstack) and Open Collective (echo).")
        );
        // zustand's custom links over several lines, and links as `- item` lines.
        assert_eq!(
            super::funding("github: [dai-shi] # up to 4\npatreon: # one\ncustom: [\n    'https://a.example/x',\n    'https://b.example/y',\n  ] # e.g., ['link1', 'link2']\n").as_deref(),
            Some("The sponsorship links GitHub shows: GitHub Sponsors (dai-shi) and custom links (https://a.example/x, https://b.example/y).")
        );
        assert_eq!(
            super::funding("custom:\n  - https://a.example/x\n  - https://b.example/y\n").as_deref(),
            Some("The sponsorship links GitHub shows: custom links (https://a.example/x, https://b.example/y).")
        );
        assert_eq!(
            about("triagebot.toml", "[assign]\n").as_deref(),
            Some("Settings of triagebot, the bot of rust-lang's repositories: it turns on its assign feature.")
        );
        let asf = "# Licensed to the ASF\ngithub:\n  description: Apache Commons CLI\n  homepage: http://commons.apache.org/cli/\n\nnotifications:\n    commits: commits@commons.apache.org\n";
        assert_eq!(
            about(".asf.yaml", asf).as_deref(),
            Some("The Apache Software Foundation's settings of the GitHub repository: its description \u{201c}Apache Commons CLI\u{201d}, and the mailing lists its commits, issues and pull requests go to.")
        );
    }

    #[test]
    fn issue_templates_say_their_title_and_purpose() {
        let markdown = "---\nname: Bug report\nabout: Report a bug in ItsDangerous (not other projects which depend on ItsDangerous)\n---\n\n<!--\nThis issue tracker is a tool\n";
        assert_eq!(
            about(".github/ISSUE_TEMPLATE/bug-report.md", markdown).as_deref(),
            Some("The issue template \u{201c}Bug report\u{201d}: Report a bug in ItsDangerous (not other projects which depend on ItsDangerous).")
        );
        let form = "name: Feature request\ndescription: Suggest an idea\nbody:\n  - type: textarea\n    attributes:\n      name: ignored\n";
        assert_eq!(
            about(".github/ISSUE_TEMPLATE/feature.yml", form).as_deref(),
            Some("The issue template \u{201c}Feature request\u{201d}: Suggest an idea.")
        );
        assert_eq!(
            about(
                ".github/ISSUE_TEMPLATE/config.yml",
                "blank_issues_enabled: false\n"
            ),
            None
        );
        assert_eq!(
            about(".github/ISSUE_TEMPLATE/bug.md", "Describe the bug.\n"),
            None
        );
    }

    #[test]
    fn editorconfig_says_the_rules_for_every_file() {
        let text = "root = true\n\n[*]\nindent_style = space\nindent_size = 4\ninsert_final_newline = true\ntrim_trailing_whitespace = true\nend_of_line = lf\ncharset = utf-8\nmax_line_length = 88\n\n[*.{css,html,js,json,yml}]\nindent_size = 2\n";
        assert_eq!(
            about(".editorconfig", text).as_deref(),
            Some("Editors indent with 4 spaces, end lines with LF, write UTF-8, trim trailing whitespace, end files with a newline and keep lines within 88 characters; `*.{css,html,js,json,yml}` has rules of its own.")
        );
        assert_eq!(
            about(".editorconfig", "root = true\n[*.go]\nindent_style = tab\n"),
            None
        );
    }

    #[test]
    fn a_source_manifest_sphinx_conf_and_bumpversion() {
        let manifest = "include CHANGES.rst\ninclude tox.ini\ngraft artwork\ngraft docs\nprune docs/_build\nglobal-exclude *.pyc\n";
        assert_eq!(
            about("MANIFEST.in", manifest).as_deref(),
            Some("Adds the files `CHANGES.rst` and `tox.ini`, and the directories `artwork` and `docs` to the source distribution, without `docs/_build`.")
        );
        let conf = "project = \"ItsDangerous\"\n\nextensions = [\n    \"sphinx.ext.autodoc\",\n    \"sphinx.ext.extlinks\",  # links\n    'pallets_sphinx_themes',\n]\nhtml_theme = \"flask\"\n";
        assert_eq!(
            about("docs/conf.py", conf).as_deref(),
            Some("Sphinx's settings for the documentation: the extensions sphinx.ext.autodoc, sphinx.ext.extlinks and pallets\\_sphinx\\_themes; the theme flask.")
        );
        assert_eq!(about("src/conf.py", conf), None);
        let bump = "[bumpversion]\ncurrent_version = 1.2.1\ncommit = True\n\n[bumpversion:file:src/dotenv/version.py]\n";
        assert_eq!(
            about(".bumpversion.cfg", bump).as_deref(),
            Some("bump2version's settings: the current version is `1.2.1`, written in `src/dotenv/version.py`.")
        );
    }

    #[test]
    fn release_notes_name_their_newest_version() {
        let pallets = "Version 2.3.0\n-------------\n\nUnreleased\n\n-   Drop support for Python 3.8.\n\n\nVersion 2.2.0\n-------------\n\nReleased 2024-04-16\n";
        assert_eq!(
            about("CHANGES.rst", pallets).as_deref(),
            Some(
                "Release notes: what changed in each version; the newest entry is for 2.3.0 (not released yet)."
            )
        );
        let released = "Version 2.2.0\n-------------\n\nReleased 2024-04-16\n";
        assert_eq!(
            about("CHANGES.rst", released).as_deref(),
            Some("Release notes: what changed in each version; the newest entry is for 2.2.0 (2024-04-16).")
        );
        let morgan =
            "unreleased\n==========\n\n  * deps: x\n\n1.10.1 / 2025-07-17\n===================\n";
        assert_eq!(
            about("HISTORY.md", morgan).as_deref(),
            Some("Release notes: what changed in each version; the newest entry lists changes not released yet, above the one for 1.10.1 (2025-07-17).")
        );
        let keep = "# Changelog\n\n## [Unreleased]\n\n## [0.4.27] - 2025-03-24\n\n### Added\n\n- A thing.\n";
        assert_eq!(
            about("CHANGELOG.md", keep).as_deref(),
            Some("Release notes: what changed in each version; the newest entry is for 0.4.27 (2025-03-24).")
        );
        // cattrs: a `NEXT (UNRELEASED)` section of changes above the newest version.
        let cattrs = "# History\n\n## NEXT (UNRELEASED)\n\n- Fix `Counter` keys.\n\n## 26.1.0 (2026-01-12)\n\n- Drop 3.9.\n";
        assert_eq!(
            about("HISTORY.md", cattrs).as_deref(),
            Some("Release notes: what changed in each version; the newest entry lists changes not released yet, above the one for 26.1.0 (2026-01-12).")
        );
        // pyjwt: the unreleased section links a compare range from the last release.
        let pyjwt = "Changelog\n=========\n\n`Unreleased <https://github.com/jpadilla/pyjwt/compare/2.12.1...HEAD>`__\n-----------------------------------------------------------------------\n\nFixed\n~~~~~\n\n`v2.12.1 <https://github.com/jpadilla/pyjwt/compare/2.12.0...2.12.1>`__\n-----------------------------------------------------------------------\n";
        assert_eq!(
            about("CHANGELOG.rst", pyjwt).as_deref(),
            Some("Release notes: what changed in each version; the newest entry is for 2.12.1.")
        );
        // prettytable: the notes from 1.0.1 on went to GitHub Releases.
        let moved = "# PrettyTable 1.0.1 and newer\n\nSee GitHub Releases:\n\n- https://github.com/jazzband/prettytable/releases\n\n# PrettyTable 1.0 - October 4, 2020\n\n- Dropped support for EOL Python.\n";
        assert_eq!(
            about("CHANGELOG.md", moved).as_deref(),
            Some("Release notes: what changed in each version up to 1.0; those of 1.0.1 and newer are kept elsewhere.")
        );
        assert_eq!(about("CHANGES.md", "See the GitHub releases.\n"), None);
        assert_eq!(about("release-notes.vm", "## 1.2.0\n"), None);
    }
}
