//! Files that say how a project is built and tested without declaring a package: `justfile`,
//! `tox.ini`, `noxfile.py` and CI workflows (`.github/workflows/*.yml`, `.gitlab-ci.yml`).
//! Each yields commands with the line that defines them; none declares dependencies. Read line
//! by line: these formats are only skimmed for names and `run:` steps, never interpreted.

use crate::{command, truncate, Manifest};

/// Recipes past this many are left out: the onboarding table shows the usual ones.
const MAX_COMMANDS: usize = 10;

/// Words that mark a CI step as building, testing or checking the project (rather than setting
/// up the machine).
const CI_WORDS: &[&str] = &[
    "test", "build", "check", "lint", "clippy", "fmt", "cargo", "make", "pytest", "tox", "nox",
    "npm", "pnpm", "yarn", "go ", "mvn", "gradle", "just ", "ruff", "mypy", "tsc", "bundle",
    "rake", "dotnet", "cmake", "ctest", "composer", "phpunit", "hatch", "poetry", "uv ",
];

/// Steps that set the machine up rather than build or test the project.
const SETUP_PREFIXES: &[&str] = &[
    "echo", "sudo ", "export ", "cd ", "mkdir ", "curl ", "wget ",
];

/// `just NAME` for each recipe; a `#` comment right above a recipe is its purpose.
pub(crate) fn justfile(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "just";
    let mut comment: Option<String> = None;
    for (at, line) in text.lines().enumerate() {
        if let Some(doc) = line.strip_prefix('#') {
            comment = Some(doc.trim().to_string());
            continue;
        }
        let recipe = recipe_name(line);
        if let Some(name) = recipe.filter(|_| manifest.commands.len() < MAX_COMMANDS) {
            let purpose = comment
                .take()
                .unwrap_or_else(|| format!("the {name} recipe"));
            manifest.commands.push(command(
                &format!("just {name}"),
                &truncate(&purpose, 80),
                Some(at as u32 + 1),
            ));
        }
        comment = None;
    }
}

/// The recipe a justfile line starts (`test:`, `@build target:`, `run *args: build`), if any.
fn recipe_name(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '[']) {
        return None;
    }
    let (head, rest) = line.split_once(':')?;
    if rest.starts_with('=') {
        return None;
    }
    let name = head.trim_start_matches('@').split_whitespace().next()?;
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let keyword = matches!(
        name,
        "set" | "alias" | "export" | "import" | "mod" | "if" | "else"
    );
    (valid && !keyword).then_some(name)
}

/// `tox` for the default environments, and `tox -e NAME` for each `[testenv:NAME]` (its
/// `description` as the purpose).
pub(crate) fn tox_ini(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "tox";
    let mut current: Option<usize> = None;
    for (at, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(section) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            current = None;
            if section == "tox" && manifest.commands.is_empty() {
                manifest.commands.push(command(
                    "tox",
                    "run the default test environments",
                    Some(at as u32 + 1),
                ));
            }
            if let Some(name) = section.strip_prefix("testenv:") {
                if manifest.commands.len() < MAX_COMMANDS {
                    manifest.commands.push(command(
                        &format!("tox -e {}", name.trim()),
                        &format!("the {} environment", name.trim()),
                        Some(at as u32 + 1),
                    ));
                    current = Some(manifest.commands.len() - 1);
                }
            }
            continue;
        }
        if let (Some(at), Some((key, value))) = (current, trimmed.split_once('=')) {
            if key.trim() == "description" && !value.trim().is_empty() {
                manifest.commands[at].purpose = truncate(value.trim(), 80);
            }
        }
    }
}

/// `nox -s NAME` for each function decorated with `@nox.session`; its docstring's first line is
/// the purpose.
pub(crate) fn noxfile(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "nox";
    let lines: Vec<&str> = text.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        if !line.trim_start().starts_with("@nox.session") || manifest.commands.len() >= MAX_COMMANDS
        {
            continue;
        }
        // The decorated function: the next `def`, past other decorators and arguments.
        let Some((def_at, def_line)) = lines
            .iter()
            .enumerate()
            .skip(at + 1)
            .take(12)
            .find(|(_, l)| l.trim_start().starts_with("def "))
        else {
            continue;
        };
        let Some(name) = def_line
            .trim_start()
            .strip_prefix("def ")
            .and_then(|rest| rest.split('(').next())
            .map(str::trim)
            .filter(|name| !name.is_empty())
        else {
            continue;
        };
        // `@nox.session(name="x")` renames the session.
        let name = line
            .split_once("name=")
            .and_then(|(_, rest)| {
                let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                rest[1..].split(quote).next()
            })
            .unwrap_or(name);
        let purpose = lines
            .get(def_at + 1)
            .map(|l| l.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|doc| {
                !doc.is_empty() && lines[def_at + 1].trim_start().starts_with(['"', '\''])
            })
            .map(str::to_string)
            .unwrap_or_else(|| format!("the {name} session"));
        manifest.commands.push(command(
            &format!("nox -s {name}"),
            &truncate(&purpose, 80),
            Some(at as u32 + 1),
        ));
    }
}

/// The commands of a CI workflow's steps that build, test or check (`run:` of GitHub Actions,
/// `script:` lines of GitLab CI), each with its step's `name:` as the purpose and its `if:` as
/// the condition. A step's name and condition are its own: a new `- ` item at the step's
/// indentation (or less) forgets them, so an unnamed step never borrows the name of the one
/// before it.
pub(crate) fn ci_workflow(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "ci";
    let lines: Vec<&str> = text.lines().collect();
    let mut step_name: Option<String> = None;
    let mut step_condition: Option<String> = None;
    // The indentation of the `- ` that opened the current item.
    let mut item_indent: Option<usize> = None;
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let item = trimmed.strip_prefix("- ").map(str::trim_start);
        let content = !trimmed.is_empty() && !trimmed.starts_with('#');
        if item.is_some() && item_indent.is_none_or(|open| indent <= open) {
            item_indent = Some(indent);
            step_name = None;
            step_condition = None;
        } else if item.is_none() && content && item_indent.is_some_and(|open| indent <= open) {
            // A key at the list's indentation or less: the list, and its last item, ended.
            item_indent = None;
            step_name = None;
            step_condition = None;
        }
        let key = item.unwrap_or(trimmed);
        if let Some(name) = key.strip_prefix("name:") {
            step_name = Some(unquote(name.trim()).to_string());
        }
        if let Some(condition) = key.strip_prefix("if:") {
            step_condition = Some(condition_text(condition)).filter(|c| !c.is_empty());
        }
        let value = key
            .strip_prefix("run:")
            .or_else(|| key.strip_prefix("script:"));
        let Some(value) = value else {
            at += 1;
            continue;
        };
        let value = value.trim();
        let mut commands: Vec<(usize, String)> = Vec::new();
        if value.is_empty() || value.starts_with(['|', '>']) {
            // A block: every more-indented line that follows (a list of lines for `script:`).
            let mut next = at + 1;
            while next < lines.len() {
                let body = lines[next];
                let body_trimmed = body.trim_start();
                if !body_trimmed.is_empty() && body.len() - body_trimmed.len() <= indent {
                    break;
                }
                let text = body_trimmed.strip_prefix("- ").unwrap_or(body_trimmed);
                if !text.is_empty() && !text.starts_with('#') {
                    commands.push((next, unquote(text).to_string()));
                }
                next += 1;
            }
            at = next;
        } else {
            commands.push((at, unquote(value).to_string()));
            at += 1;
        }
        let purpose = step_name.take().unwrap_or_else(|| "a CI step".to_string());
        let condition = step_condition.take();
        for (line, text) in commands {
            let lower = text.to_ascii_lowercase();
            let relevant = runs_a_program(&text)
                && CI_WORDS.iter().any(|word| lower.contains(word))
                && !SETUP_PREFIXES
                    .iter()
                    .any(|prefix| lower.starts_with(prefix))
                && !lower.contains("apt-get")
                && !lower.contains(" config ")
                && !lower.contains("curl ");
            let duplicate = manifest.commands.iter().any(|c| c.command == text);
            if relevant && !duplicate && manifest.commands.len() < MAX_COMMANDS {
                let mut step = command(
                    &truncate(&text, 100),
                    &truncate(&purpose, 80),
                    Some(line as u32 + 1),
                );
                step.condition = condition.as_deref().map(|c| truncate(c, 80));
                manifest.commands.push(step);
            }
        }
    }
}

/// False for a line that only sets shell variables (`BODY="... README.md changed ..."`, whose
/// quoted value may go on over the next lines): what follows the assignments is the program.
fn runs_a_program(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let is_assignment = name_len > 0
            && !rest.as_bytes()[0].is_ascii_digit()
            && rest[name_len..].starts_with('=');
        if !is_assignment {
            return !rest.is_empty();
        }
        let value = &rest[name_len + 1..];
        let value_len = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].find(quote).map_or(value.len(), |end| end + 2),
            _ => value.find(char::is_whitespace).unwrap_or(value.len()),
        };
        rest = value[value_len..].trim_start();
    }
}

/// A step's `if:` as a reader wants it: without quotes and without the `${{ }}` that GitHub
/// Actions allows around it.
fn condition_text(value: &str) -> String {
    let value = unquote(value.trim());
    let value = value
        .strip_prefix("${{")
        .and_then(|rest| rest.strip_suffix("}}"))
        .unwrap_or(value);
    crate::one_line(value)
}

fn unquote(text: &str) -> &str {
    let text = text.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::parse_manifest;
    use cartograph_core::RepoPath;

    fn commands(path: &str, text: &str) -> Vec<(String, String, Option<u32>)> {
        parse_manifest(&RepoPath::new(path).unwrap(), text)
            .unwrap()
            .commands
            .into_iter()
            .map(|c| (c.command, c.purpose, c.line))
            .collect()
    }

    fn triple(command: &str, purpose: &str, line: u32) -> (String, String, Option<u32>) {
        (command.to_string(), purpose.to_string(), Some(line))
    }

    #[test]
    fn just_recipes_with_their_comments() {
        let text = "set shell := [\"bash\", \"-c\"]\nversion := \"1\"\n\n# Run the tests\ntest *args:\n    cargo test {{args}}\n\n@fmt:\n    cargo fmt\n\n[private]\nhelper:\n    true\nalias t := test\n";
        assert_eq!(
            commands("justfile", text),
            [
                triple("just test", "Run the tests", 5),
                triple("just fmt", "the fmt recipe", 8),
                triple("just helper", "the helper recipe", 12),
            ]
        );
    }

    #[test]
    fn tox_environments_with_descriptions() {
        let text = "[tox]\nenvlist = py311, lint\n\n[testenv]\ncommands = pytest\n\n[testenv:lint]\ndescription = run linters\ncommands = ruff check .\n";
        assert_eq!(
            commands("tox.ini", text),
            [
                triple("tox", "run the default test environments", 1),
                triple("tox -e lint", "run linters", 7),
            ]
        );
    }

    #[test]
    fn nox_sessions_with_docstrings() {
        let text = "import nox\n\n@nox.session(python=[\"3.11\"])\ndef tests(session):\n    \"\"\"Run the test suite.\"\"\"\n    session.run(\"pytest\")\n\n@nox.session(name=\"docs-build\")\n@nox.parametrize(\"x\", [1])\ndef docs(session, x):\n    session.run(\"sphinx-build\")\n";
        assert_eq!(
            commands("noxfile.py", text),
            [
                triple("nox -s tests", "Run the test suite.", 3),
                triple("nox -s docs-build", "the docs-build session", 8),
            ]
        );
    }

    #[test]
    fn a_line_that_only_sets_variables_runs_no_program() {
        assert!(!super::runs_a_program(
            "BODY=\"🤓 $AUTHORS README.md changed [commit](x) test"
        ));
        assert!(!super::runs_a_program("A=1 B='x y'"));
        assert!(super::runs_a_program("RUSTFLAGS='-D warnings' cargo test"));
        assert!(super::runs_a_program("cargo test --features a=b"));
    }

    #[test]
    fn ci_steps_that_build_and_test() {
        let text = "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Install\n        run: sudo apt-get install -y redis\n      - name: Configure\n        run: npm config set loglevel error\n      - name: Lint\n        run: cargo clippy --all-targets -- -D warnings\n      - name: Test\n        run: |\n          cargo build --locked\n          echo done\n          cargo test --workspace\n      - run: \"make check\"\n";
        assert_eq!(
            commands(".github/workflows/ci.yml", text),
            [
                triple("cargo clippy --all-targets -- -D warnings", "Lint", 13),
                triple("cargo build --locked", "Test", 16),
                triple("cargo test --workspace", "Test", 18),
                triple("make check", "a CI step", 19),
            ]
        );
        let gitlab = "test:\n  script:\n    - pip install -e .\n    - pytest -q\n";
        assert_eq!(
            commands(".gitlab-ci.yml", gitlab),
            [triple("pytest -q", "a CI step", 4)]
        );
    }

    /// walkdir's `ci.yml`: `- run: cargo build --verbose` right after `- name: Install Rust`
    /// (a `uses:` step) was reported as "Install Rust", and the nightly-only
    /// `cargo generate-lockfile -Z minimal-versions` as an unconditional command.
    #[test]
    fn ci_steps_keep_their_own_name_and_condition() {
        let text = "jobs:\n  test:\n    name: test\n    strategy:\n      matrix:\n        include:\n        - build: nightly\n          rust: nightly\n    steps:\n    - name: Install Rust\n      uses: dtolnay/rust-toolchain@master\n      with:\n        toolchain: ${{ matrix.rust }}\n    - run: cargo build --verbose\n    - if: startsWith(matrix.build, 'pinned-') == false\n      run: cargo test --verbose\n    - if: matrix.build == 'nightly'\n      run: |\n        set -x\n        cargo generate-lockfile -Z minimal-versions\n    - name: Lint\n      if: \"${{ matrix.build == 'stable' }}\"\n      run: cargo clippy\n  other:\n    steps:\n      - run: cargo fmt --check\n";
        let steps: Vec<(String, String, Option<String>)> =
            parse_manifest(&RepoPath::new(".github/workflows/ci.yml").unwrap(), text)
                .unwrap()
                .commands
                .into_iter()
                .map(|c| (c.command, c.purpose, c.condition))
                .collect();
        let step = |command: &str, purpose: &str, condition: Option<&str>| {
            (
                command.to_string(),
                purpose.to_string(),
                condition.map(String::from),
            )
        };
        assert_eq!(
            steps,
            [
                step("cargo build --verbose", "a CI step", None),
                step(
                    "cargo test --verbose",
                    "a CI step",
                    Some("startsWith(matrix.build, 'pinned-') == false")
                ),
                step(
                    "cargo generate-lockfile -Z minimal-versions",
                    "a CI step",
                    Some("matrix.build == 'nightly'")
                ),
                step("cargo clippy", "Lint", Some("matrix.build == 'stable'")),
                step("cargo fmt --check", "a CI step", None),
            ]
        );
    }

    #[test]
    fn odd_input_yields_nothing_and_never_panics() {
        for (path, text) in [
            ("justfile", ":\n@:\n::=\n# only a comment"),
            ("tox.ini", "[testenv:\n=\n[]\ndescription=x"),
            ("noxfile.py", "@nox.session\n@nox.session(name=\"\ndef (\n"),
            (".github/workflows/x.yml", "run:\n- run: |\nscript:"),
        ] {
            let _ = commands(path, text);
        }
    }
}
