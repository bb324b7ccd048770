//! Files that say how a project is built and tested without declaring a package: `justfile`,
//! `Rakefile`, `tox.ini`, `noxfile.py` and CI workflows (`.github/workflows/*.yml`, `.gitlab-ci.yml`).
//! Each yields commands with the line that defines them; none declares dependencies. Read line
//! by line: these formats are only skimmed for names and `run:` steps, never interpreted.

use crate::{command, truncate, Command, Manifest};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

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
    // Moving files about prepares a later step (attrs' CI unpacks the sdist, then
    // `rm -rf src # ensure tests run against wheel`), and run alone in a checkout it
    // destroys it.
    "rm ", "mv ", "cp ", "tar ", "ln ", "touch ", "chmod ",
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
        if recipe.is_some() && manifest.commands.len() >= MAX_COMMANDS {
            manifest.commands_left_out += 1;
        }
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

/// `rake NAME` for each task a `desc` describes (what `rake -T` lists), in its namespace
/// (`db:migrate`); the test tasks of `Rake::TestTask.new` and `RSpec::Core::RakeTask.new`; and
/// `rake` alone for the default task (`task default: :test`), first.
pub(crate) fn rakefile(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "rake";
    let mut description: Option<String> = None;
    // (indent, name) of each open `namespace :x do`.
    let mut namespaces: Vec<(usize, String)> = Vec::new();
    let mut tasks = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if trimmed == "end" {
            if namespaces.last().is_some_and(|(open, _)| *open == indent) {
                namespaces.pop();
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("desc ") {
            description = ruby_string(rest).map(str::to_string);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("namespace ") {
            if let Some(name) = ruby_symbol(rest) {
                namespaces.push((indent, name.to_string()));
            }
            continue;
        }
        let qualified = |name: &str| {
            let mut full: Vec<&str> = namespaces.iter().map(|(_, n)| n.as_str()).collect();
            full.push(name);
            full.join(":")
        };
        if let Some(rest) = trimmed.strip_prefix("task ") {
            let Some(name) = ruby_symbol(rest) else {
                description = None;
                continue;
            };
            if name == "default" && namespaces.is_empty() {
                let runs: Vec<&str> = rest
                    .split(['>', ':', '[', ']', ',', ' ', '"', '\''])
                    .filter(|word| {
                        !word.is_empty()
                            && *word != "default"
                            && *word != "="
                            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
                    .collect();
                if !runs.is_empty() {
                    let purpose = match runs[..] {
                        [one] => format!("runs the {one} task"),
                        [ref first @ .., last] => {
                            format!("runs the {} and {last} tasks", first.join(", "))
                        }
                        [] => String::new(),
                    };
                    tasks.insert(0, ("rake".to_string(), purpose, at));
                }
            } else if let Some(purpose) = description.take() {
                tasks.push((format!("rake {}", qualified(name)), purpose, at));
            }
            description = None;
            continue;
        }
        for (maker, default_name, purpose) in [
            ("Rake::TestTask.new", "test", "run the tests"),
            ("RSpec::Core::RakeTask.new", "spec", "run the specs"),
        ] {
            if let Some(rest) = trimmed.strip_prefix(maker) {
                let name = rest
                    .trim_start_matches('(')
                    .split([')', ' '])
                    .next()
                    .and_then(ruby_symbol)
                    .unwrap_or(default_name);
                let purpose = description.take().unwrap_or_else(|| purpose.to_string());
                tasks.push((format!("rake {}", qualified(name)), purpose, at));
            }
        }
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            description = None;
        }
    }
    manifest.commands_left_out += tasks.len().saturating_sub(MAX_COMMANDS);
    for (run, purpose, at) in tasks.into_iter().take(MAX_COMMANDS) {
        manifest
            .commands
            .push(command(&run, &truncate(&purpose, 80), Some(at as u32 + 1)));
    }
}

/// The text of a Ruby string literal at the start of `text` (`"Run the tests"`, `'x'`).
fn ruby_string(text: &str) -> Option<&str> {
    let text = text.trim().trim_start_matches('(');
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let rest = &text[1..];
    let end = rest.find(quote)?;
    Some(&rest[..end])
}

/// The name a task or namespace is given at the start of `text`: `:test`, `test:` (a hash
/// key, `task test: :build`), `"test"`, `:test =>`.
fn ruby_symbol(text: &str) -> Option<&str> {
    let text = text.trim().trim_start_matches('(');
    let name = if let Some(rest) = text.strip_prefix(':') {
        rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()?
    } else if let Some(quoted) = ruby_string(text) {
        quoted
    } else {
        let (name, _) = text.split_once(':')?;
        name
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then_some(name)
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

/// `tox` for the default environments (its `envlist` named), and `tox -e NAME` for each
/// `[testenv:NAME]`: its `description` is the purpose, else the first of its `commands`.
pub(crate) fn tox_ini(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "tox";
    // The command each section's keys describe, and the key a continuation line extends.
    let mut current: Option<usize> = None;
    let mut key = String::new();
    let mut envlist: Option<(usize, String)> = None;
    let mut described: BTreeSet<usize> = BTreeSet::new();
    let mut runs: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (at, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if let Some(section) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            current = None;
            key.clear();
            if section == "tox" && manifest.commands.is_empty() {
                manifest.commands.push(command(
                    "tox",
                    "run the default test environments",
                    Some(at as u32 + 1),
                ));
                current = Some(0);
            }
            if let Some(name) = section.strip_prefix("testenv:") {
                if manifest.commands.len() >= MAX_COMMANDS {
                    manifest.commands_left_out += 1;
                }
                if manifest.commands.len() < MAX_COMMANDS {
                    // A generative name (structlog's `3.1{0,3}-tests{,-colorama}`) is no
                    // environment one can pass to `-e`: its first expansion is.
                    let names = expand_braces(name.trim());
                    let first = names.first().map_or(name.trim(), String::as_str);
                    let purpose = match names.len() {
                        0 | 1 => format!("the {first} environment"),
                        count => format!(
                            "the {first} environment, one of the {count} `{}` writes",
                            name.trim()
                        ),
                    };
                    manifest.commands.push(command(
                        &format!("tox -e {first}"),
                        &purpose,
                        Some(at as u32 + 1),
                    ));
                    current = Some(manifest.commands.len() - 1);
                }
            }
            continue;
        }
        let Some(at) = current else {
            continue;
        };
        // An indented line goes on with the key above it.
        let (name, value) = match trimmed.split_once('=') {
            Some((name, value)) if !line.starts_with([' ', '\t']) => {
                key = name.trim().to_string();
                (key.as_str(), value.trim())
            }
            _ => (key.as_str(), trimmed),
        };
        // The `[tox]` section's own command is the first, when there is one.
        let environment = manifest.commands[at].command != "tox";
        match name {
            "description" if !value.is_empty() && environment => {
                manifest.commands[at].purpose = truncate(value, 80);
                described.insert(at);
            }
            "envlist" | "env_list" if at == 0 && !value.is_empty() => {
                let list = envlist.get_or_insert((at, String::new()));
                if !list.1.is_empty() {
                    list.1.push_str(", ");
                }
                list.1.push_str(value.trim_end_matches(','));
            }
            "commands" if !value.is_empty() && environment => {
                let commands = runs.entry(at).or_default();
                match commands.last_mut() {
                    // A command continued over lines (`watchfiles \` then its arguments).
                    Some(last) if last.ends_with('\\') => {
                        last.pop();
                        let joined = format!("{} {value}", last.trim_end());
                        *last = joined;
                    }
                    _ => commands.push(value.to_string()),
                }
            }
            _ => {}
        }
    }
    if let Some((at, list)) = envlist {
        manifest.commands[at].purpose =
            truncate(&format!("run the default environments: {list}"), 80);
    }
    for (at, commands) in runs {
        if described.contains(&at) {
            continue;
        }
        // `build: sphinx-build …` runs only in the environments with the factor `build`
        // (structlog's `[testenv:docs-{build,doctests,linkcheck}]`): one command each.
        if let Some((factor, first)) = factor_command(&commands[0]) {
            let mut purpose = format!("runs `{}` for `{factor}`", truncate(first, 60));
            if commands.len() > 1 {
                let more = commands.len() - 1;
                let _ = write!(
                    purpose,
                    ", and {more} more command{} for other factors",
                    if more == 1 { "" } else { "s" }
                );
            }
            manifest.commands[at].purpose = purpose;
            continue;
        }
        let mut purpose = format!("runs `{}`", truncate(&commands[0], 60));
        if commands.len() > 1 {
            let more = commands.len() - 1;
            let _ = write!(
                purpose,
                " and {more} more command{}",
                if more == 1 { "" } else { "s" }
            );
        }
        manifest.commands[at].purpose = purpose;
    }
}

/// The names a tox generative name stands for, in tox's order: `3.1{0,3}-tests{,-rich}` is
/// `3.10-tests`, `3.10-tests-rich`, `3.13-tests`, `3.13-tests-rich`. A name without braces
/// (or with unbalanced ones) is itself.
fn expand_braces(name: &str) -> Vec<String> {
    let Some(open) = name.find('{') else {
        return vec![name.to_string()];
    };
    let Some(close) = name[open..].find('}').map(|at| open + at) else {
        return vec![name.to_string()];
    };
    let (before, alternatives, after) = (&name[..open], &name[open + 1..close], &name[close + 1..]);
    let rest = expand_braces(after);
    alternatives
        .split(',')
        .flat_map(|alternative| {
            rest.iter()
                .map(move |tail| format!("{before}{}{tail}", alternative.trim()))
        })
        .collect()
}

/// A tox command written for some factors only: `build: sphinx-build …` → `("build",
/// "sphinx-build …")`.
fn factor_command(command: &str) -> Option<(&str, &str)> {
    let (factor, rest) = command.split_once(": ")?;
    let is_factor = !factor.is_empty()
        && factor
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ',' | '!' | '.'));
    is_factor.then(|| (factor, rest.trim()))
}

/// `nox -s NAME` for each function decorated with `@nox.session`; its docstring's first line is
/// the purpose.
pub(crate) fn noxfile(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "nox";
    let lines: Vec<&str> = text.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        if !line.trim_start().starts_with("@nox.session") {
            continue;
        }
        if manifest.commands.len() >= MAX_COMMANDS {
            manifest.commands_left_out += 1;
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

/// The commands of a CI workflow's steps that build, test or check (a step's `run:` of GitHub
/// Actions or its action's command input, `with: testCommand:`; `script:` lines of GitLab
/// CI), each with its step's `name:` as the purpose, its `if:` as the
/// condition and the directory it runs in (`working-directory:`, or `defaults: run:
/// working-directory:` of its job or workflow). The YAML is skimmed by indentation, not
/// parsed: the keys and list items that enclose a line say what it belongs to (a step, a job,
/// `defaults:`), and a step's commands are taken when the step ends, so a `working-directory:`
/// written after `run:` still counts. The `defaults:` of the workflow and its jobs are read in
/// a first skim, so they count wherever they are written (after a job's `steps:`, or after
/// `jobs:`). A step's name and condition are its own: an unnamed step never borrows the name of
/// the one before it. `script_commands` reads what a script runs.
///
/// A command with a `${{ … }}` expression (`tox run -e ${{ matrix.tox }}`) cannot be run as
/// written outside CI: it is left out when its job runs another command that can (guzzle's
/// `composer require "guzzlehttp/psr7:${{ matrix.psr7 }}"` before `composer update`), and
/// otherwise kept as what CI runs, its purpose saying so and naming the values the workflow
/// fills in.
pub(crate) fn ci_workflow(manifest: &mut Manifest, text: &str) {
    manifest.ecosystem = "ci";
    let mut scratch = manifest.clone();
    let (defaults, _) = skim_workflow(&mut scratch, text, Defaults::default());
    let first = manifest.commands.len();
    let (_, jobs) = skim_workflow(manifest, text, defaults);
    let mut added: Vec<Command> = manifest.commands.drain(first..).collect();
    // flysystem's `COMPOSER_OPTS='${{ matrix.composer-flags }}' vendor/bin/phpunit ${{
    // matrix.phpunit-flags }}`: expressions that only add options leave a command one can
    // run, `vendor/bin/phpunit`.
    for command in &mut added {
        let values = expressions(&command.command);
        if let Some(plain) = without_optional_expressions(&command.command) {
            command.command = plain;
            command.purpose = format!(
                "{} (CI also passes {})",
                command.purpose,
                join_values(&values)
            );
        }
    }
    // The jobs that run a command one can run as written.
    let runnable: Vec<&Option<String>> = added
        .iter()
        .zip(&jobs)
        .filter(|(command, _)| expressions(&command.command).is_empty())
        .map(|(_, job)| job)
        .collect();
    for (mut command, job) in added.into_iter().zip(&jobs) {
        let values = expressions(&command.command);
        if !values.is_empty() {
            if runnable.contains(&job) {
                continue;
            }
            command.purpose = format!(
                "{} (CI only: the workflow fills in {})",
                command.purpose,
                join_values(&values)
            );
        }
        if manifest.commands.len() - first < MAX_COMMANDS {
            manifest.commands.push(command);
        } else {
            manifest.commands_left_out += 1;
        }
    }
}

/// "a, b and c".
fn join_values(values: &[String]) -> String {
    match values {
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
        [] => String::new(),
    }
}

/// `command` without its `${{ … }}` expressions when each is a whole word of its own or the
/// whole value of a leading `NAME=` assignment: what is left runs as written, with the
/// options CI adds left out. `None` when an expression is part of a word (`"psr7:${{
/// matrix.psr7 }}"`, `-e ${{ matrix.tox }}` whose option needs it) or there is none.
fn without_optional_expressions(command: &str) -> Option<String> {
    if !command.contains("${{") {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    let mut rest = command.trim();
    let mut leading = true;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("${{") {
            let close = after.find("}}")?;
            rest = after[close + 2..].trim_start();
            // The program itself (ripgrep's `${{ env.CARGO }} build`), or an option that
            // takes the value (`-e ${{ matrix.tox }}`), needs it.
            if words.last().is_none_or(|word| word.starts_with('-')) {
                return None;
            }
            continue;
        }
        if leading {
            // `NAME='${{ ... }}'`, quoted or not, before the program.
            let name_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if name_len > 0 && rest[name_len..].starts_with('=') {
                let value = &rest[name_len + 1..];
                let quote = value.chars().next().filter(|c| matches!(c, '\'' | '"'));
                let unquoted = quote.map_or(value, |quote| &value[quote.len_utf8()..]);
                if let Some(after) = unquoted.strip_prefix("${{") {
                    let close = after.find("}}")?;
                    let mut after = &after[close + 2..];
                    if let Some(quote) = quote {
                        after = after.strip_prefix(quote)?;
                    }
                    if after.is_empty() || after.starts_with(char::is_whitespace) {
                        rest = after.trim_start();
                        continue;
                    }
                }
            }
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        if word.contains("${{") {
            return None;
        }
        leading = false;
        words.push(word);
        rest = rest[end..].trim_start();
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// The values a workflow's `${{ … }}` expressions in `text` read, in order: `matrix.tox` and
/// `matrix.python` of `${{ matrix.tox || format('py{0}', matrix.python) }}`; the expression
/// itself when it reads none by name.
fn expressions(text: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("${{") {
        let after = &rest[open + 3..];
        let (inner, next) = match after.find("}}") {
            Some(close) => (&after[..close], &after[close + 2..]),
            None => (after, ""),
        };
        let mut named = false;
        for word in
            inner.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            let is_value = word.contains('.')
                && word.starts_with(|c: char| c.is_ascii_alphabetic())
                && !word.ends_with('.');
            if is_value {
                named = true;
                if !values.iter().any(|known| known == word) {
                    values.push(word.to_string());
                }
            }
        }
        if !named {
            values.push(format!("${{{{{inner}}}}}"));
        }
        rest = next;
    }
    values
}

/// One skim over a workflow's lines (see `ci_workflow`), with the defaults `known` from an
/// earlier skim; returns the defaults it read and the job of each command it added (its key
/// under `jobs:`; `None` outside `jobs:`).
fn skim_workflow(
    manifest: &mut Manifest,
    text: &str,
    known: Defaults,
) -> (Defaults, Vec<Option<String>>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut skim = Skim {
        working_directory: known.workflow.clone(),
        known,
        ..Skim::default()
    };
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            at += 1;
            continue;
        }
        let indent = line.len() - trimmed.len();
        let item = trimmed
            .strip_prefix('-')
            .filter(|rest| rest.is_empty() || rest.starts_with(' '));
        let entry = match item {
            Some(rest) => {
                // A new item ends the items before it at its indentation and all that they hold.
                skim.close(manifest, |frame| {
                    frame.indent > indent || (frame.indent == indent && frame.key.is_none())
                });
                let is_step = skim.frames.last().and_then(|f| f.key.as_deref()) == Some("steps");
                skim.frames.push(Frame {
                    indent,
                    key: None,
                    step: is_step.then(Step::default),
                });
                rest.trim_start()
            }
            None => {
                skim.close(manifest, |frame| frame.indent >= indent);
                trimmed
            }
        };
        let Some((key, value)) = split_key(entry) else {
            at += 1;
            continue;
        };
        // Only a step's own `run:` is a GitHub Actions command: a job may be named `run`
        // (fastify's `jobs: run:`, whose `if:` and `runs-on:` are no commands), and
        // `defaults: run:` holds settings. GitLab CI's `script:` belongs to a job; an action's
        // inputs (`with: script:` of `actions/github-script` is JavaScript) are not the
        // workflow's shell.
        let command_key = match key {
            "run" => skim.step_mut().is_some(),
            "script" => !skim.within("defaults") && !skim.within("with"),
            _ => false,
        };
        if command_key {
            let (script, next) = read_script(&lines, at, indent, value, key == "script");
            at = next;
            match skim.step_mut() {
                Some(step) => step.script = script,
                // GitLab CI's `script:` belongs to a job, not to a step.
                None => skim.emit(
                    manifest,
                    &Step {
                        script,
                        ..Step::default()
                    },
                ),
            }
            continue;
        }
        if value.is_empty() {
            if skim.frames.len() == 1 && skim.within("jobs") {
                // A new job: what the last one checked out and where it ran end with it.
                skim.job = Job {
                    id: Some(key.to_string()),
                    working_directory: skim.known.jobs.get(key).cloned(),
                    ..Job::default()
                };
            }
            skim.frames.push(Frame {
                indent: indent + (trimmed.len() - entry.len()),
                key: Some(key.to_string()),
                step: None,
            });
            at += 1;
        } else if value.starts_with(['|', '>']) {
            // Another key's block text (a comment's body, an input of an action): not YAML.
            at = block_end(&lines, at, indent);
        } else {
            skim.set(key, value, at);
            at += 1;
        }
    }
    skim.close(manifest, |_| true);
    (skim.found, skim.jobs)
}

/// The `defaults: run: working-directory:` of a workflow and of its jobs, by job.
#[derive(Default)]
struct Defaults {
    workflow: Option<String>,
    jobs: HashMap<String, String>,
}

/// A key (`steps:`) or list item (`- `) that encloses the lines after it while skimming a
/// workflow.
struct Frame {
    indent: usize,
    /// `None` for a list item.
    key: Option<String>,
    /// The step an item of `steps:` is, filled in as its keys are read.
    step: Option<Step>,
}

/// What one step says about its commands.
#[derive(Default)]
struct Step {
    name: Option<String>,
    condition: Option<String>,
    working_directory: Option<String>,
    shell: Option<String>,
    uses: Option<String>,
    /// `with: repository:` and `with: path:`, of a checkout.
    repository: Option<String>,
    path: Option<String>,
    /// The script's lines (0-based line numbers in the workflow).
    script: Vec<(usize, String)>,
}

/// What an `actions/checkout` step puts in the workspace.
enum Checkout {
    /// Another repository (a `repository:` other than `${{ github.repository }}`), wherever it
    /// goes.
    Another,
    /// This repository, at the workspace root (no `path:`).
    This,
}

impl Step {
    /// What the step checks out, when it is an `actions/checkout` that matters for the steps
    /// after it; a checkout of this repository into a subdirectory changes nothing.
    fn checkout(&self) -> Option<Checkout> {
        let uses = self.uses.as_deref()?;
        if !uses.starts_with("actions/checkout") {
            return None;
        }
        let another = self
            .repository
            .as_deref()
            .is_some_and(|repository| !repository.contains("github.repository"));
        let at_root = self
            .path
            .as_deref()
            .is_none_or(|path| matches!(path, "" | "." | "./"));
        if another {
            Some(Checkout::Another)
        } else {
            at_root.then_some(Checkout::This)
        }
    }
}

/// What the steps of one job share.
#[derive(Default)]
struct Job {
    /// The job's key under `jobs:` and its `name:`: an unnamed step is "a step of" it.
    id: Option<String>,
    name: Option<String>,
    /// The job's `defaults: run: working-directory:`.
    working_directory: Option<String>,
    /// An earlier step checked out another repository, so the steps after it run that
    /// repository's commands, not this project's (jotai's ecosystem CI checks out
    /// `jotai-ecosystem-ci` and runs its `pnpm run ecosystem-ci`). They are left out even when
    /// the checkout has a `path:`: which of them work in the other checkout is more than a skim
    /// can tell, and a missing command misleads less than a false one. A later checkout of this
    /// repository at the root ends it.
    foreign: bool,
}

/// The state of one skim over a workflow.
#[derive(Default)]
struct Skim {
    frames: Vec<Frame>,
    /// The workflow's `defaults: run: working-directory:`.
    working_directory: Option<String>,
    job: Job,
    /// The defaults an earlier skim read, wherever they are written.
    known: Defaults,
    /// The defaults this skim reads.
    found: Defaults,
    /// The job of each command added, in order.
    jobs: Vec<Option<String>>,
}

impl Skim {
    /// Pops the innermost frames while `ends` holds for them, emitting the commands of each step
    /// that ends with its frame.
    fn close(&mut self, manifest: &mut Manifest, ends: impl Fn(&Frame) -> bool) {
        while let Some(frame) = self.frames.pop_if(|frame| ends(frame)) {
            if let Some(step) = frame.step {
                self.emit(manifest, &step);
            }
        }
    }

    /// True when a key named `key` encloses the current line.
    fn within(&self, key: &str) -> bool {
        self.frames
            .iter()
            .any(|frame| frame.key.as_deref() == Some(key))
    }

    /// The step whose own keys the current line writes, if any.
    fn step_mut(&mut self) -> Option<&mut Step> {
        self.frames.last_mut()?.step.as_mut()
    }

    /// Records a `key: value` line (line `at`) where it belongs: a step's own key, a checkout's
    /// `with: repository:` or `path:`, an action's command input (`with: testCommand:`), or
    /// `defaults: run: working-directory:` of the job or workflow.
    fn set(&mut self, key: &str, value: &str, at: usize) {
        let value = unquote(value).to_string();
        let depth = self.frames.len();
        let in_with = self.frames.last().and_then(|f| f.key.as_deref()) == Some("with");
        if in_with && depth >= 2 {
            if let Some(step) = self.frames[depth - 2].step.as_mut() {
                match key {
                    "repository" => step.repository = Some(value),
                    "path" => step.path = Some(value),
                    // The step's `run:`, if it has one, is what it runs.
                    _ if is_command_input(key) && step.script.is_empty() => {
                        step.script = vec![(at, value)];
                    }
                    _ => {}
                }
            }
            return;
        }
        if let Some(step) = self.step_mut() {
            match key {
                "name" => step.name = Some(value),
                "if" => step.condition = Some(condition_text(&value)).filter(|c| !c.is_empty()),
                "working-directory" => step.working_directory = Some(value),
                "shell" => step.shell = Some(value),
                "uses" => step.uses = Some(value),
                _ => {}
            }
            return;
        }
        if key == "name" {
            let at_job = self.frames.len() == 2
                && self.frames[0].key.as_deref() == Some("jobs")
                && self.frames[1].key.as_deref() == self.job.id.as_deref();
            if at_job {
                self.job.name = Some(value);
            }
            return;
        }
        if key == "working-directory" {
            let keys: Vec<&str> = self
                .frames
                .iter()
                .filter_map(|frame| frame.key.as_deref())
                .collect();
            match keys.as_slice() {
                ["defaults", "run"] => {
                    self.found.workflow = Some(value.clone());
                    self.working_directory = Some(value);
                }
                ["jobs", job, "defaults", "run"] => {
                    self.found.jobs.insert(job.to_string(), value.clone());
                    self.job.working_directory = Some(value);
                }
                _ => {}
            }
        }
    }

    /// Adds the build and test commands of `step`'s script to `manifest`, unless the job works
    /// in another repository by now.
    fn emit(&mut self, manifest: &mut Manifest, step: &Step) {
        match step.checkout() {
            Some(Checkout::Another) => self.job.foreign = true,
            Some(Checkout::This) => self.job.foreign = false,
            None => {}
        }
        if self.job.foreign {
            return;
        }
        // `shell: python` runs the script as Python: no line of it is a shell command.
        if step
            .shell
            .as_deref()
            .is_some_and(|shell| shell.starts_with("python"))
        {
            return;
        }
        // A step's `working-directory:` replaces the defaults rather than adding to them.
        let start = step
            .working_directory
            .as_deref()
            .or(self.job.working_directory.as_deref())
            .or(self.working_directory.as_deref())
            .map_or(Place::root(), |dir| Place::root().enter(dir));
        // A name written as an expression (`${{ matrix.name }}`) says nothing before it runs.
        let job_name = self.job.name.as_ref().filter(|name| !name.contains("${{"));
        let purpose = match (&step.name, job_name.or(self.job.id.as_ref())) {
            (Some(name), _) => name.clone(),
            (None, Some(job)) => format!("a step of the \"{job}\" job"),
            (None, None) => "a CI step".to_string(),
        };
        let commands = script_commands(&step.script, start);
        // A step's name says what all of its script does: one of several commands is a part
        // of it (monolog's "Run tests with psr/log 3" first removes and requires packages).
        let purpose = match &step.name {
            Some(name) if commands.len() > 1 => format!("part of the step \"{name}\""),
            _ => purpose,
        };
        // A step named by one word ("Test", "Check") or not at all says less than a command
        // whose purpose is known (http's `cargo check --target wasm32-unknown-unknown`).
        // A longer name is the author's label, which may not say what the command does
        // (env_logger's "Default features" over `cargo hack check --each-feature`): the
        // known purpose is said, and the step by its name.
        let plain_name = step
            .name
            .as_deref()
            .is_none_or(|name| !name.trim().contains(char::is_whitespace));
        for (line, text, place) in commands {
            let purpose = match known_purpose(&text) {
                Some(known) => match (&step.name, job_name.or(self.job.id.as_ref())) {
                    (None, Some(job)) => format!("{known}, in the \"{job}\" job"),
                    (Some(name), _) if !plain_name => format!("{known} (step \"{name}\")"),
                    _ => known,
                },
                None => purpose.clone(),
            };
            // A command whose directory the workflow does not say plainly is left out: run
            // from the root it may fail, or do harm (`rm -rf *` meant for `build/`).
            let Place::Dir(directory) = place else {
                continue;
            };
            let directory = Some(directory).filter(|dir| !dir.is_empty());
            let text = if text.contains('\n') {
                crate::one_line(&text)
            } else {
                text
            };
            let duplicate = manifest
                .commands
                .iter()
                .any(|c| c.command == text && c.directory == directory);
            if duplicate || !is_build_or_test(&text) {
                continue;
            }
            let mut command = command(
                &truncate(&text, 100),
                &truncate(&purpose, 120),
                Some(line as u32 + 1),
            );
            command.condition = step.condition.as_deref().map(|c| truncate(c, 80));
            command.directory = directory;
            manifest.commands.push(command);
            self.jobs.push(self.job.id.clone());
        }
    }
}

/// What a well-known build, test or lint command does, read from its program, subcommand and
/// flags (variables set before it aside): "run the tests under Miri, which detects undefined
/// behaviour" for `MIRIFLAGS=… cargo miri test`; `None` for any other.
fn known_purpose(command: &str) -> Option<String> {
    let words: Vec<&str> = command
        .split_whitespace()
        .skip_while(|word| {
            word.split_once('=').is_some_and(|(name, _)| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        })
        .collect();
    // A value with spaces set before the program (`MIRIFLAGS="-Zmiri-a -Zmiri-b"`) leaves its
    // tail as words: the program is the first word that starts like one.
    let start = words
        .iter()
        .position(|word| word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '.'))?;
    let words = &words[start..];
    let program = words.first()?.rsplit('/').next()?;
    // A toolchain chosen for the run (`cargo +nightly check`) is no subcommand.
    let words: Vec<&str> = match program {
        "cargo" => words
            .iter()
            .enumerate()
            .filter(|(at, word)| !(*at == 1 && word.starts_with('+')))
            .map(|(_, word)| *word)
            .collect(),
        _ => words.to_vec(),
    };
    let words = words.as_slice();
    let has = |flag: &str| words.contains(&flag);
    let value_of = |flag: &str| {
        words.iter().enumerate().find_map(|(at, word)| {
            word.strip_prefix(&format!("{flag}=")).or_else(|| {
                (*word == flag)
                    .then(|| words.get(at + 1).copied())
                    .flatten()
            })
        })
    };
    let sub = words.get(1).copied().unwrap_or_default();
    let purpose = match (program, sub) {
        ("cargo", "test") if has("--no-run") => "build the tests without running them".to_string(),
        ("cargo", "test") if has("--doc") => "run the doctests".to_string(),
        ("cargo", "test") => "run the tests".to_string(),
        // indexmap's CI runs `cargo miri test --doc`: its doctests only.
        ("cargo", "miri") if words.get(2) == Some(&"test") && has("--doc") => {
            "run the doctests under Miri, which detects undefined behaviour".to_string()
        }
        ("cargo", "miri") if words.get(2) == Some(&"test") => {
            "run the tests under Miri, which detects undefined behaviour".to_string()
        }
        ("cargo", "check") => match value_of("--target") {
            Some(target) => format!("type-check, without building, for the `{target}` target"),
            None => "type-check without building".to_string(),
        },
        ("cargo", "build") => "build".to_string(),
        ("cargo", "clippy") => "lint with Clippy".to_string(),
        ("cargo", "fmt") if has("--check") => "check the formatting with rustfmt".to_string(),
        ("cargo", "doc") => "build the API documentation".to_string(),
        ("cargo", "bench") if has("--no-run") => {
            "build the benchmarks without running them".to_string()
        }
        ("cargo", "bench") => "run the benchmarks".to_string(),
        ("cargo", "minimal-versions") => {
            "check against the lowest dependency versions the manifests allow".to_string()
        }
        // env_logger's `cargo hack check --each-feature --rust-version`.
        ("cargo", "hack") => {
            // The subcommand is the first word after `hack` that is no flag: `cargo hack
            // --remove-dev-deps update` (tracing's CI) checks no features.
            let verb = match words
                .iter()
                .skip(2)
                .find(|word| !word.starts_with('-'))
                .copied()
            {
                Some("test") => "test",
                Some("build") => "build",
                Some("clippy") => "lint",
                Some("check") => "check",
                _ => return None,
            };
            let how = if has("--each-feature") {
                "each feature of the crate on its own"
            } else if has("--feature-powerset") {
                "every combination of the crate's features"
            } else {
                "combinations of the crate's features"
            };
            let msrv = if has("--rust-version") {
                ", on the declared minimum Rust version"
            } else {
                ""
            };
            format!("{verb} {how}{msrv}")
        }
        ("cargo", "deny") => "check the dependencies' licences and advisories".to_string(),
        ("cargo", "audit") => "check the dependencies against security advisories".to_string(),
        // echo's `go test -run="-" -bench=".*"`: the benchmarks, no test.
        ("go", "test") if words.iter().any(|word| word.starts_with("-bench")) => {
            if words.iter().any(|word| word.starts_with("-run")) {
                "run the benchmarks".to_string()
            } else {
                "run the tests and the benchmarks".to_string()
            }
        }
        ("go", "test") if has("-race") => "run the tests with the race detector".to_string(),
        ("go", "test") => "run the tests".to_string(),
        ("go", "vet") => "report suspicious constructs with go vet".to_string(),
        ("go", "build") => "build".to_string(),
        ("golangci-lint", "run") => "run the golangci-lint linters".to_string(),
        ("npm" | "yarn" | "pnpm", "test") => "run the tests".to_string(),
        ("npm", "ci") => "install the dependencies the lockfile pins".to_string(),
        ("pytest", _) => pytest_purpose(&words[1..]),
        ("python" | "python3", "-m") if words.get(2) == Some(&"pytest") => {
            pytest_purpose(&words[3..])
        }
        // toolz's `coverage run -m pytest --doctest-modules toolz/`.
        ("coverage", "run") if words.get(2) == Some(&"-m") && words.get(3) == Some(&"pytest") => {
            format!("{}, measuring coverage", pytest_purpose(&words[4..]))
        }
        ("mypy", _) => "type-check with mypy".to_string(),
        ("ruff", "check") => "lint with Ruff".to_string(),
        ("ruff", "format") if has("--check") => "check the formatting with Ruff".to_string(),
        ("black", _) if has("--check") => "check the formatting with Black".to_string(),
        ("flake8", _) => "lint with flake8".to_string(),
        ("pycodestyle", _) => "check the code style (PEP 8) with pycodestyle".to_string(),
        ("pylint", _) => "lint with Pylint".to_string(),
        ("isort", _) if has("--check") || has("--check-only") || has("-c") => {
            "check the order of the imports with isort".to_string()
        }
        _ => return None,
    };
    Some(purpose)
}

/// What a pytest run with `arguments` does: toolz's CI runs `pytest bench/`, its benchmarks,
/// and `pytest --doctest-modules toolz/`, the tests and the docstrings' examples.
fn pytest_purpose(arguments: &[&str]) -> String {
    // Options that take the next word as their value (`-k expr`, `-m slow`, `-n 4`).
    const WITH_VALUE: &[&str] = &["-k", "-m", "-n", "-p", "-c", "-o", "--rootdir", "--maxfail"];
    let paths: Vec<&str> = arguments
        .iter()
        .enumerate()
        .filter(|(at, word)| {
            let value_of_option = *at > 0 && WITH_VALUE.contains(&arguments[at - 1]);
            !(word.starts_with('-') || word.contains('$') || value_of_option)
        })
        .map(|(_, word)| word.trim_start_matches("./"))
        .collect();
    let benchmarks = !paths.is_empty()
        && paths.iter().all(|path| {
            let first = path.split(['/', ':']).next().unwrap_or(path);
            matches!(
                first,
                "bench" | "benches" | "benchmark" | "benchmarks" | "asv_bench"
            )
        });
    if benchmarks {
        "run the benchmarks".to_string()
    } else if arguments.contains(&"--doctest-modules") {
        "run the tests and the examples in the docstrings".to_string()
    } else {
        "run the tests".to_string()
    }
}

/// True for an action's input that holds a shell command by its name: `testCommand` of
/// `nearform-actions/github-action-test-compare` (`npm run test:ci`), `build-command`,
/// `test_command`. A bare `command:` is left out: `actions-rs/cargo` takes `command: build`, a
/// subcommand of the tool, not a command line.
fn is_command_input(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower
        .strip_suffix("command")
        .is_some_and(|prefix| !prefix.is_empty())
}

/// `key: value` (or `key:` with an empty value) of a YAML line, without a trailing comment;
/// `None` for a line that is not a mapping entry (a list of plain strings, a continued
/// scalar).
fn split_key(entry: &str) -> Option<(&str, &str)> {
    let colon = entry.char_indices().find_map(|(at, c)| {
        let ends_key = entry[at + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
        (c == ':' && ends_key).then_some(at)
    })?;
    let key = unquote(&entry[..colon]);
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    let value = entry[colon + 1..].trim();
    // In a plain scalar ` #` starts a comment; a quoted one runs to its closing quote.
    let value = match value.find(" #") {
        Some(at) if !value.starts_with(['"', '\'']) => value[..at].trim_end(),
        _ => value,
    };
    Some((key, value))
}

/// The index of the first line after `at` that is indented no more than `indent`: where a
/// block under the key on line `at` ends.
fn block_end(lines: &[&str], at: usize, indent: usize) -> usize {
    lines
        .iter()
        .enumerate()
        .skip(at + 1)
        .find(|(_, line)| {
            let trimmed = line.trim_start();
            !trimmed.is_empty() && line.len() - trimmed.len() <= indent
        })
        .map_or(lines.len(), |(next, _)| next)
}

/// The lines of a `run:` or `script:` value on line `at`, indented `indent` (a plain value, or
/// a `|` or `>` block; for `script:` a list of lines), and the index of the line after it. A
/// folded `>` block's lines are one line until a blank line, as YAML reads them.
fn read_script(
    lines: &[&str],
    at: usize,
    indent: usize,
    value: &str,
    list: bool,
) -> (Vec<(usize, String)>, usize) {
    if !(value.is_empty() || value.starts_with(['|', '>'])) {
        return (vec![(at, unquote(value).to_string())], at + 1);
    }
    let folded = value.starts_with('>');
    let end = if list && value.is_empty() {
        sequence_end(lines, at)
    } else {
        block_end(lines, at, indent)
    };
    let mut script: Vec<(usize, String)> = Vec::new();
    let mut paragraph = false;
    for (number, body) in lines.iter().enumerate().take(end).skip(at + 1) {
        let mut text = body.trim();
        if list {
            if let Some(item) = text.strip_prefix("- ") {
                text = unquote(item);
            }
            if matches!(text, "|" | "|-" | "|+" | ">" | ">-" | ">+") {
                continue;
            }
        }
        match script.last_mut() {
            _ if text.is_empty() => paragraph = false,
            Some((_, last)) if folded && paragraph => {
                last.push(' ');
                last.push_str(text);
            }
            _ => {
                script.push((number, text.to_string()));
                paragraph = true;
            }
        }
    }
    (script, end)
}

/// Where the list under the key on line `at` ends: YAML lets its `- ` items stand at the
/// key's own indentation (GitLab's `script:` with `- make test` right below it), so only a
/// line indented less than the key, or another key at its indentation, ends it.
fn sequence_end(lines: &[&str], at: usize) -> usize {
    let line = lines.get(at).copied().unwrap_or_default();
    let key = line.trim_start_matches([' ', '-']);
    let indent = line.len() - key.len();
    lines
        .iter()
        .enumerate()
        .skip(at + 1)
        .find(|(_, line)| {
            let trimmed = line.trim_start();
            let own = line.len() - trimmed.len();
            let item = trimmed == "-" || trimmed.starts_with("- ");
            !trimmed.is_empty()
                && !trimmed.starts_with('#')
                && (own < indent || (own == indent && !item))
        })
        .map_or(lines.len(), |(next, _)| next)
}

/// True for a CI command that builds, tests or checks the project, rather than setting up the
/// machine or passing values between steps.
fn is_build_or_test(text: &str) -> bool {
    // What a comment says is not what the command runs (`rm -rf src # ensure tests run
    // against wheel`).
    let text = without_comment(text);
    let lower = text.to_ascii_lowercase();
    // `git checkout` checks nothing: tqdm's "git checkout master && git checkout -".
    let lower = lower.replace("checkout", "");
    // The shell's `test` (and `[`) asks a question of a variable: tqdm's `test -z "$CHANGES"
    // || exit 1` runs no test.
    let condition = ["test ", "[ ", "[[ "]
        .iter()
        .any(|builtin| text.trim_start().starts_with(builtin));
    // A word inside quotes is an argument's, not the command's (pretty_assertions' `eprintln
    // "Linting sources"` prints a message), unless a shell is given it to run (`sh -c "make"`).
    let shell_runs = lower.starts_with("sh -c") || lower.starts_with("bash -c");
    let unquoted = if shell_runs {
        lower.clone()
    } else {
        without_quoted(&lower)
    };
    !condition
        && runs_a_program(text)
        && !writes_to_the_runner(text)
        && CI_WORDS.iter().any(|word| unquoted.contains(word))
        && !SETUP_PREFIXES
            .iter()
            .any(|prefix| lower.starts_with(prefix))
        && !lower.contains("apt-get")
        && !installs_a_tool(&lower)
        && !publishes(&lower)
        && !prints_a_version(&lower)
        && !lower.contains(" config ")
        && !lower.contains("curl ")
}

/// `text` with its quoted parts (`"…"`, `'…'`) left out.
fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// `text` without a shell comment: from a `#` that starts a word outside quotes.
fn without_comment(text: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (at, c) in text.char_indices() {
        match quote {
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return text[..at].trim_end(),
            None => {}
        }
        previous = c;
    }
    text
}

/// True for a command that only prints a tool's version (redux's `yarn tsc --version` before
/// `yarn type-tests` in its "Test types" step): a log line, no test.
fn prints_a_version(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.len() <= 4
        && matches!(
            words.last(),
            Some(&"--version" | &"-v" | &"-version" | &"version")
        )
}

/// True for a command that publishes a release (`npm publish`, `cargo publish`, `twine
/// upload`, `gem push`): CI's job with the project's credentials, not a step a newcomer runs.
fn publishes(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.contains(&"publish")
        || words
            .windows(2)
            .any(|pair| matches!(pair, ["twine", "upload"] | ["gem" | "docker", "push"]))
}

/// True for a command that installs a tool rather than the project (marshmallow's `python -m
/// pip install tox` before `tox -e docs`, `cargo install cargo-hack`): the machine's set-up.
/// Installing the project itself (`pip install -e .`, `cargo install --path .`) or its
/// requirements (`pip install -r requirements-test.txt`) is not.
fn installs_a_tool(lower: &str) -> bool {
    let mut words = lower.split_whitespace().peekable();
    for prefix in ["sudo", "python", "python3", "-m"] {
        words.next_if(|word| *word == prefix);
    }
    let installer: Vec<&str> = words.by_ref().take(2).collect();
    let is_installer = matches!(
        installer.as_slice(),
        ["pip" | "pip3" | "pipx" | "cargo" | "gem" | "go", "install"]
            | ["npm" | "pnpm" | "yarn", "install" | "i" | "add"]
    );
    if !is_installer {
        return false;
    }
    let rest: Vec<&str> = words.collect();
    if matches!(installer[0], "npm" | "pnpm" | "yarn") {
        return rest
            .iter()
            .any(|word| matches!(*word, "-g" | "--global" | "global"));
    }
    let the_project = rest.iter().any(|word| {
        matches!(
            *word,
            "-e" | "--editable" | "-r" | "--requirement" | "--path" | "./..."
        ) || word.starts_with('.')
            || word.starts_with('/')
            || word.starts_with("-e.")
            || word.contains("requirements")
    });
    let names_something = rest.iter().any(|word| !word.starts_with('-'));
    names_something && !the_project
}

/// Files the runner reads back after a step: writing to one passes outputs, variables or a
/// summary on to later steps.
const RUNNER_FILES: &[&str] = &[
    "GITHUB_OUTPUT",
    "GITHUB_ENV",
    "GITHUB_PATH",
    "GITHUB_STEP_SUMMARY",
];

/// True for a command whose output goes to one of the runner's files (`>> $GITHUB_OUTPUT`,
/// `| tee -a $GITHUB_OUTPUT`, PowerShell's `Out-File`/`Add-Content`): CI plumbing, such as
/// fd's `cargo metadata ... | jq ... | tee -a $GITHUB_OUTPUT`, even when it runs cargo.
fn writes_to_the_runner(text: &str) -> bool {
    let tokens = lex(text).tokens;
    let names_runner_file = |word: &str| RUNNER_FILES.iter().any(|file| word.contains(file));
    let redirected = tokens.windows(2).any(|pair| match pair {
        [Token::Op(">" | ">>" | ">|" | "&>"), Token::Word(target)] => names_runner_file(target),
        _ => false,
    });
    let written = segments(&tokens).iter().any(|segment| {
        let writer = segment.words.first().is_some_and(|program| {
            ["tee", "Out-File", "Add-Content", "Set-Content"]
                .iter()
                .any(|writer| program.eq_ignore_ascii_case(writer))
        });
        writer
            && segment.words[1..]
                .iter()
                .any(|word| names_runner_file(word))
    });
    redirected || written
}

/// Where a script's command runs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// A directory relative to the repository root; `""` is the root.
    Dir(String),
    /// Somewhere the script does not say plainly: `cd "$DIR"`, an absolute path, a directory
    /// above the root, or after a `cd` that runs only sometimes.
    Unknown,
}

impl Place {
    fn root() -> Place {
        Place::Dir(String::new())
    }

    /// Where `cd target`, or a `working-directory: target`, leads from here.
    fn enter(&self, target: &str) -> Place {
        let Place::Dir(dir) = self else {
            return Place::Unknown;
        };
        let target = unquote(target);
        let (from, target) = match workspace_relative(target) {
            Some(rest) => ("", rest),
            None => (dir.as_str(), target),
        };
        let plain = !target.starts_with(['/', '~', '-'])
            && !target.contains(['$', '`', '*', '?', '\\', '"', '\'', '{']);
        match plain
            .then(|| cartograph_core::join_dir(from, target))
            .flatten()
        {
            Some(dir) => Place::Dir(dir),
            None => Place::Unknown,
        }
    }
}

/// What follows the workspace in a path that starts there (`$GITHUB_WORKSPACE/sub`,
/// `${{ github.workspace }}`, GitLab's `$CI_PROJECT_DIR`): `sub`, or `""`.
fn workspace_relative(path: &str) -> Option<&str> {
    let rest = [
        "$GITHUB_WORKSPACE",
        "${GITHUB_WORKSPACE}",
        "$CI_PROJECT_DIR",
        "${CI_PROJECT_DIR}",
    ]
    .iter()
    .find_map(|workspace| path.strip_prefix(workspace))
    .or_else(|| {
        let (expression, rest) = path.strip_prefix("${{")?.split_once("}}")?;
        (expression.trim() == "github.workspace").then_some(rest)
    })?;
    (rest.is_empty() || rest.starts_with('/')).then(|| rest.trim_start_matches('/'))
}

/// The commands of a shell script that run every time, each with the line it starts on, its
/// text and where it runs; `start` is where the script starts.
///
/// A line continued with `\`, or a quoted string that goes on over lines, makes one command
/// with the lines after it; a heredoc's body is text. Lines that open, go on with or close a
/// compound command (`if ...; then`, `elif`, `else`, `fi`, `for`/`while`/`until ...; do`,
/// `done`, `case`/`esac`, a function and its braces) are never commands, and nothing inside
/// one is listed: a command in a conditional or a loop runs only sometimes, or not as written.
///
/// After a top-level `cd DIR` or `pushd DIR` (alone or first in a list such as
/// `cd build && cmake ..`) the lines that follow run in DIR, and each command records it:
/// cJSON's `cmake .. || (rm -rf * && cmake ..)` runs in `build/`, where `rm -rf *` is
/// harmless, and must not read as a command for the root. A `cd` in a subshell changes nothing
/// after it; one inside a conditional or loop, or to a directory the script does not spell
/// out, leaves the place unknown.
fn script_commands(script: &[(usize, String)], start: Place) -> Vec<(usize, String, Place)> {
    walk_script(script, start).0
}

/// As [`script_commands`], with the commands inside compound commands (`if`, loops, `case`,
/// braces), which run only under conditions, apart.
fn walk_script(
    script: &[(usize, String)],
    start: Place,
) -> (Vec<(usize, String, Place)>, Vec<String>) {
    let mut commands = Vec::new();
    let mut nested = Vec::new();
    let mut place = start;
    let mut pushed: Vec<Place> = Vec::new();
    // How many compound commands (`if`, loops, `case`, braces) enclose the current line.
    let mut depth = 0usize;
    for (line, text, tokens) in logical_lines(script) {
        let depth_before = depth;
        let here = place.clone();
        let mut control = false;
        for segment in segments(&tokens) {
            let mut words = segment.words.as_slice();
            match words.first().copied() {
                Some("if" | "while" | "until") => {
                    depth += 1;
                    control = true;
                    words = &words[1..];
                }
                Some("for" | "case" | "select" | "{") => {
                    depth += 1;
                    control = true;
                }
                Some("fi" | "done" | "esac" | "}") => {
                    depth = depth.saturating_sub(1);
                    control = true;
                }
                Some("then" | "do" | "else" | "elif") => {
                    control = true;
                    words = &words[1..];
                }
                Some("function") => {
                    control = true;
                    if words.contains(&"{") {
                        depth += 1;
                    }
                }
                _ => {}
            }
            control |= segment.defines_function;
            let (program, arguments) = match words.split_first() {
                Some((program, arguments)) => (*program, arguments),
                None => continue,
            };
            if !matches!(program, "cd" | "pushd" | "popd") || segment.in_subshell {
                continue;
            }
            place = if depth > 0 {
                Place::Unknown
            } else if program == "popd" {
                pushed.pop().unwrap_or(Place::Unknown)
            } else {
                if program == "pushd" {
                    pushed.push(place.clone());
                }
                // Options (`cd -P dir`) come before the directory; `cd` alone goes home.
                match arguments.iter().find(|word| !word.starts_with('-')) {
                    Some(target) => place.enter(target),
                    None => Place::Unknown,
                }
            };
        }
        if !control && depth_before == 0 && depth == 0 {
            // `cd web && npm test` is `npm test`, run in `web` (the `cd` stays in force after).
            match entered_then_run(&text) {
                Some(rest) if place != Place::Unknown => {
                    commands.push((line, rest.to_string(), place.clone()));
                }
                _ => commands.push((line, text, here)),
            }
        } else if !control {
            nested.push(text);
        }
    }
    (commands, nested)
}

/// The build, test and check commands of a shell script: what the script is for when no
/// comment says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptSteps {
    /// Those it runs at its top level, in order, once each, without the variables set before
    /// them (bytes' `ci/tsan.sh`: `RUSTFLAGS="-Z sanitizer=address" cargo test …` is `cargo
    /// test …`).
    pub steps: Vec<String>,
    /// How many more (once each) it runs only under a condition or in a loop (bytes'
    /// `ci/test-stable.sh` checks benchmarks and minimal versions only on nightly).
    pub conditional: usize,
    /// The other programs it runs at its top level, once each, the shell's own commands
    /// (`set`, `export`, `echo`, `cd`) left out: what a script that builds and tests nothing
    /// does (httpx's `scripts/docs`: `${PREFIX}mkdocs serve`).
    pub others: Vec<String>,
    /// As `others`, for the programs it runs only under a condition or in a loop (httpx's
    /// `scripts/clean`, whose every `rm -r` runs only if the directory is there).
    pub conditional_others: Vec<String>,
}

pub fn script_steps(text: &str) -> ScriptSteps {
    let script: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .map(|(at, line)| (at, line.to_string()))
        .collect();
    let (top, nested) = walk_script(&script, Place::root());
    let mut steps: Vec<String> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for (_, command, _) in top {
        let command = crate::one_line(&command);
        let command = without_assignments(&command);
        let known = steps.iter().chain(&others).any(|step| step == command);
        if known {
            continue;
        }
        if is_build_or_test(command) {
            steps.push(command.to_string());
        } else if runs_another_program(command) {
            others.push(command.to_string());
        }
    }
    let mut conditional: Vec<String> = Vec::new();
    let mut conditional_others: Vec<String> = Vec::new();
    for command in nested {
        let command = crate::one_line(&command);
        let command = without_assignments(&command);
        let known = steps
            .iter()
            .chain(&conditional)
            .chain(&others)
            .chain(&conditional_others)
            .any(|step| step == command);
        if known {
            continue;
        }
        if is_build_or_test(command) {
            conditional.push(command.to_string());
        } else if runs_another_program(command) {
            conditional_others.push(command.to_string());
        }
    }
    ScriptSteps {
        steps,
        conditional: conditional.len(),
        others,
        conditional_others,
    }
}

/// Whether a command runs a program of its own: not one of the shell's built-in commands,
/// which set the stage (`set -x`, `export PREFIX=""`, `cd`) or talk (`echo`), and not an
/// assignment alone or a test of a condition.
fn runs_another_program(command: &str) -> bool {
    const SHELL_OWN: &[&str] = &[
        "set", "export", "unset", "local", "declare", "readonly", "typeset", "cd", "pushd", "popd",
        "echo", "printf", "exit", "return", "shift", "read", "source", ".", "true", "false", ":",
        "test", "[", "[[", "trap", "wait", "sleep", "umask", "shopt", "alias", "eval", "exec",
        "break", "continue", "then", "else", "fi", "do", "done", "esac", "{", "}", "(", ")",
        "function",
    ];
    let command = without_comment(command);
    if !runs_a_program(command) {
        return false;
    }
    let program = command.split_whitespace().next().unwrap_or_default();
    // What is left of a substitution cut at a line's end (`dirname "${BASH_SOURCE[0]}" )"`,
    // `/..`) is no command a reader could run.
    let balanced = command.matches('(').count() == command.matches(')').count()
        && command.matches('"').count().is_multiple_of(2)
        && command.matches('\'').count().is_multiple_of(2);
    // A function's definition (`usage() {`) runs nothing yet.
    balanced
        && !program.contains("()")
        && !SHELL_OWN.contains(&program)
        && program.starts_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '$' | '.' | '/'))
        && program.chars().any(|c| c.is_ascii_alphabetic())
}

/// `command` without the `NAME=value` assignments before its program.
fn without_assignments(command: &str) -> &str {
    let mut rest = command.trim_start();
    loop {
        let Some((name, value)) = rest.split_once('=') else {
            return rest;
        };
        let is_name = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if !is_name {
            return rest;
        }
        // `bad_files=$(find . -name '*.go' | xargs gofmt -l)` (pflag's `verify/gofmt.sh`)
        // runs what the substitution holds; so does a command written after it.
        if let Some(inner) = value.strip_prefix("$(") {
            let close = substitution_end(inner);
            let after = close.map_or("", |close| inner[close + 1..].trim_start());
            if after.is_empty() {
                return close.map_or(inner, |close| &inner[..close]).trim();
            }
            rest = after;
            continue;
        }
        // The value ends at the first blank outside quotes.
        let mut quote: Option<char> = None;
        let mut end = value.len();
        for (at, c) in value.char_indices() {
            match (quote, c) {
                (Some(open), c) if c == open => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                (None, c) if c.is_whitespace() => {
                    end = at;
                    break;
                }
                _ => {}
            }
        }
        let after = value[end..].trim_start();
        if after.is_empty() {
            return rest;
        }
        rest = after;
    }
}

/// Where the `$(` whose inside `text` starts closes: the byte of its `)`, parentheses nested
/// and quoted text passed over.
fn substitution_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') if depth == 0 => return Some(at),
            (None, ')') => depth -= 1,
            _ => {}
        }
    }
    None
}

/// What a line runs after a leading `cd DIR &&` or `pushd DIR &&` (`npm test` of `cd web &&
/// npm test`); `None` for any other line.
fn entered_then_run(text: &str) -> Option<&str> {
    let trimmed = text.trim_start();
    if !(trimmed.starts_with("cd ") || trimmed.starts_with("pushd ")) {
        return None;
    }
    let (enter, rest) = trimmed.split_once("&&")?;
    // One `cd` with one plain directory: no `;`, `||` or subshell before the `&&`.
    if enter.contains([';', '|', '(', ')', '$', '`']) || enter.split_whitespace().count() != 2 {
        return None;
    }
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// A script's lines as the shell reads them: continued lines and multi-line strings joined,
/// heredoc bodies and comments dropped. Each comes with the line it starts on and its tokens.
fn logical_lines(script: &[(usize, String)]) -> Vec<(usize, String, Vec<Token>)> {
    let mut lines = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    let mut heredoc: Option<String> = None;
    for (line, raw) in script {
        if let Some(delimiter) = &heredoc {
            if raw.trim() == delimiter {
                heredoc = None;
            }
            continue;
        }
        let (start, mut text) = match pending.take() {
            Some((start, text)) => (start, text + raw),
            None => (*line, raw.clone()),
        };
        let backslashes = text.chars().rev().take_while(|c| *c == '\\').count();
        if backslashes % 2 == 1 {
            text.pop();
            let joined = format!("{} ", text.trim_end());
            pending = Some((start, joined));
            continue;
        }
        let lexed = lex(&text);
        if lexed.open {
            text.push('\n');
            pending = Some((start, text));
            continue;
        }
        heredoc = lexed.heredoc;
        if !lexed.tokens.is_empty() {
            lines.push((start, text.trim().to_string(), lexed.tokens));
        }
    }
    // A quote that never closes leaves text that is no command.
    lines
}

/// A word or an operator of a shell line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A word as written, quotes included.
    Word(String),
    Op(&'static str),
}

/// Shell operators, the longer before their prefixes.
const OPERATORS: &[&str] = &[
    "<<<", "<<-", ";;", "&&", "||", "|&", ">>", ">&", ">|", "<<", "&>", "<&", ";", "&", "|", "(",
    ")", "<", ">",
];

/// One shell line, tokenized.
struct Lexed {
    tokens: Vec<Token>,
    /// A quote, `$(` or `${` is still open at the end: the line goes on.
    open: bool,
    /// The delimiter of a heredoc the line starts (`<<EOF`, `<<-'EOF'`).
    heredoc: Option<String>,
}

/// Splits a shell line into words and operators, keeping quoted strings, `$(...)` and `${...}`
/// (and GitHub's `${{ ... }}`) inside their words; a `#` that starts a word starts a comment.
fn lex(line: &str) -> Lexed {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    // How many `$(` and `${` (and the brackets inside them) the current word has open.
    let mut nesting = 0usize;
    let mut rest = line;
    let next_len = |text: &str| text.chars().next().map_or(0, char::len_utf8);
    while let Some(c) = rest.chars().next() {
        let mut len = c.len_utf8();
        if let Some(open) = quote {
            if c == '\\' && open != '\'' {
                len += next_len(&rest[1..]);
            } else if c == open {
                quote = None;
            }
            word.push_str(&rest[..len]);
        } else if c == '\\' {
            len += next_len(&rest[1..]);
            word.push_str(&rest[..len]);
        } else if matches!(c, '\'' | '"' | '`') {
            quote = Some(c);
            word.push(c);
        } else if rest.starts_with("$(") || rest.starts_with("${") {
            nesting += 1;
            len = 2;
            word.push_str(&rest[..2]);
        } else if nesting > 0 {
            match c {
                '(' | '{' => nesting += 1,
                ')' | '}' => nesting -= 1,
                _ => {}
            }
            word.push(c);
        } else if c == '#' && word.is_empty() {
            break;
        } else if c.is_whitespace() {
            flush(&mut word, &mut tokens);
        } else if let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) {
            flush(&mut word, &mut tokens);
            tokens.push(Token::Op(op));
            len = op.len();
        } else {
            word.push(c);
        }
        rest = &rest[len..];
    }
    flush(&mut word, &mut tokens);
    let heredoc = tokens.windows(2).find_map(|pair| match pair {
        [Token::Op("<<" | "<<-"), Token::Word(delimiter)] => {
            Some(unquote(delimiter.trim_start_matches('\\')).to_string())
        }
        _ => None,
    });
    Lexed {
        tokens,
        open: quote.is_some() || nesting > 0,
        heredoc,
    }
}

fn flush(word: &mut String, tokens: &mut Vec<Token>) {
    if !word.is_empty() {
        tokens.push(Token::Word(std::mem::take(word)));
    }
}

/// One simple command of a shell line: its words (a redirection's target among them).
struct Segment<'t> {
    words: Vec<&'t str>,
    /// Inside `( ... )`: a `cd` here changes nothing after the subshell.
    in_subshell: bool,
    /// `name() ...`: the line defines a function.
    defines_function: bool,
}

/// A line's tokens split at `;`, `&&`, `||`, `|`, `&` and parentheses.
fn segments(tokens: &[Token]) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut subshells = 0usize;
    let mut current = Segment {
        words: Vec::new(),
        in_subshell: false,
        defines_function: false,
    };
    for (at, token) in tokens.iter().enumerate() {
        let defines_function = match token {
            Token::Word(word) => {
                current.words.push(word);
                continue;
            }
            Token::Op("(") if current.words.is_empty() => {
                subshells += 1;
                false
            }
            Token::Op("(") => matches!(tokens.get(at + 1), Some(Token::Op(")"))),
            Token::Op(")") => {
                subshells = subshells.saturating_sub(1);
                false
            }
            Token::Op(";" | ";;" | "&&" | "||" | "|" | "|&" | "&") => false,
            // A redirection: its target is the next word.
            Token::Op(_) => continue,
        };
        current.defines_function |= defines_function;
        let next = Segment {
            words: Vec::new(),
            in_subshell: subshells > 0,
            defines_function: false,
        };
        segments.push(std::mem::replace(&mut current, next));
    }
    segments.push(current);
    segments
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

    /// sinatra's Rakefile shape: a default task, test tasks made by `Rake::TestTask`, tasks
    /// with `desc` (listed) and without (hidden, as `rake -T` hides them), a namespace.
    #[test]
    fn rake_tasks_with_their_descriptions() {
        let text = "require 'rake/testtask'\n\ntask default: :test\n\nRake::TestTask.new(:test) do |t|\n  t.pattern = 'test/*_test.rb'\nend\n\ndesc \"Build the gem\"\ntask :build => [:clean] do\n  sh 'gem build'\nend\n\ntask :clean do\n  rm_rf 'pkg'\nend\n\nnamespace :doc do\n  desc 'Generate the API docs'\n  task :api do\n  end\nend\n\ndesc \"Release it\"\ntask \"release\" do\nend\n";
        assert_eq!(
            commands("Rakefile", text),
            [
                triple("rake", "runs the test task", 3),
                triple("rake test", "run the tests", 5),
                triple("rake build", "Build the gem", 10),
                triple("rake doc:api", "Generate the API docs", 20),
                triple("rake release", "Release it", 25),
            ]
        );
    }

    /// wcwidth's `tox.ini` has 26 environments: the list stops at ten and counts the rest.
    #[test]
    fn environments_past_the_list_are_counted() {
        let mut text = "[tox]\nenvlist = a\n".to_string();
        for at in 0..12 {
            text.push_str(&format!("\n[testenv:env{at}]\ncommands = run {at}\n"));
        }
        let manifest = parse_manifest(&RepoPath::new("tox.ini").unwrap(), &text).unwrap();
        assert_eq!(manifest.commands.len(), 10);
        assert_eq!(manifest.commands_left_out, 3);
    }

    #[test]
    fn tox_environments_with_descriptions() {
        let text = "[tox]\nenvlist = py311, lint\n\n[testenv]\ncommands = pytest\n\n[testenv:lint]\ndescription = run linters\ncommands = ruff check .\n";
        assert_eq!(
            commands("tox.ini", text),
            [
                triple("tox", "run the default environments: py311, lint", 1),
                triple("tox -e lint", "run linters", 7),
            ]
        );
        // marshmallow's: the environments say what they run; a list goes on over lines.
        let text = "[tox]\nenvlist = lint,\n    py{39,313}\n\n[testenv:lint]\ndeps = pre-commit~=3.5\ncommands = pre-commit run --all-files\n\n[testenv:docs]\ncommands =\n    sphinx-build docs/ docs/_build {posargs}\n    python -m doctest README.rst\n[testenv:bare]\ndeps = x\n";
        assert_eq!(
            commands("tox.ini", text),
            [
                triple("tox", "run the default environments: lint, py{39,313}", 1),
                triple("tox -e lint", "runs `pre-commit run --all-files`", 5),
                triple(
                    "tox -e docs",
                    "runs `sphinx-build docs/ docs/_build {posargs}` and 1 more command",
                    9
                ),
                triple("tox -e bare", "the bare environment", 13),
            ]
        );
        // structlog's: one command per factor, and one continued over lines.
        let text = "[testenv:docs-{build,linkcheck}]\ncommands =\n    build: sphinx-build -b html docs out\n    linkcheck: sphinx-build -b linkcheck docs out\n\n[testenv:docs-watch]\ncommands =\n    watchfiles \\\n        --ignore-paths docs/_build/ \\\n        src\n";
        assert_eq!(
            commands("tox.ini", text),
            [
                triple(
                    "tox -e docs-build",
                    "runs `sphinx-build -b html docs out` for `build`, and 1 more command for other factors",
                    1
                ),
                triple(
                    "tox -e docs-watch",
                    "runs `watchfiles --ignore-paths docs/_build/ src`",
                    6
                ),
            ]
        );
    }

    #[test]
    fn tox_generative_names_expand_to_environments() {
        assert_eq!(
            super::expand_braces("3.1{0,3}-tests{,-rich}"),
            [
                "3.10-tests",
                "3.10-tests-rich",
                "3.13-tests",
                "3.13-tests-rich"
            ]
        );
        assert_eq!(super::expand_braces("docs-watch"), ["docs-watch"]);
        assert_eq!(super::expand_braces("odd-{a"), ["odd-{a"]);
        let mut manifest = super::super::parse_manifest(
            &cartograph_core::RepoPath::new("tox.ini").unwrap(),
            "[tox]\nenvlist = py\n\n[testenv:3.1{0,3}-tests{,-rich}]\ncommands = pytest\n",
        )
        .unwrap();
        let env = manifest.commands.remove(1);
        assert_eq!(
            (env.command.as_str(), env.purpose.as_str()),
            ("tox -e 3.10-tests", "runs `pytest`")
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
                triple(
                    "cargo clippy --all-targets -- -D warnings",
                    "lint with Clippy",
                    13
                ),
                triple("cargo build --locked", "build", 16),
                triple("cargo test --workspace", "run the tests", 18),
                triple("make check", "a step of the \"test\" job", 19),
            ]
        );
        let gitlab = "test:\n  script:\n    - pip install -e .\n    - pytest -q\n";
        assert_eq!(
            commands(".gitlab-ci.yml", gitlab),
            [triple("pytest -q", "run the tests", 4)]
        );
    }

    /// fastify's `test-compare.yml`: a job named `run` was read as a `run:` script, so its
    /// `if:`, `runs-on:` and `permissions:` lines were listed as commands. Only a step's `run:`
    /// runs; an action's input named for a command (`testCommand:`) says what the step runs,
    /// a bare `command:` (`actions-rs/cargo`'s subcommand) does not.
    #[test]
    fn installing_a_tool_is_set_up_and_installing_the_project_is_not() {
        for release in [
            "npm publish --provenance",
            "cargo publish -p x",
            "twine upload dist/*",
        ] {
            assert!(super::publishes(release), "{release}");
        }
        assert!(!super::publishes("npm run publish-docs-check"));
        for version in [
            "yarn tsc --version",
            "node -v",
            "go version",
            "cargo --version",
        ] {
            assert!(super::prints_a_version(version), "{version}");
            assert!(!super::is_build_or_test(version), "{version}");
        }
        assert!(!super::prints_a_version("npm run bump-version"));
        for tool in [
            "python -m pip install tox",
            "pip install --upgrade pip",
            "cargo install cargo-hack --locked",
            "npm install -g pnpm",
            "go install golang.org/x/tools/cmd/goimports@latest",
        ] {
            assert!(super::installs_a_tool(tool), "{tool}");
        }
        for project in [
            "pip install -e .[tests]",
            "python -m pip install -r requirements-test.txt",
            "cargo install --path .",
            "npm install",
            "pip install .",
            "go install ./...",
            "pytest -q",
        ] {
            assert!(!super::installs_a_tool(project), "{project}");
        }
    }

    /// bytes' `ci/miri.sh` and `ci/tsan.sh`.
    #[test]
    fn a_script_s_steps_are_its_top_level_build_and_test_commands() {
        let miri = "#!/bin/bash\nset -e\n\nrustup component add miri\ncargo miri setup\n\nexport MIRIFLAGS=\"-Zmiri-strict-provenance\"\n\ncargo miri test\n# wrapping overflow\ncargo miri test --release\nif [ -n \"$X\" ]; then\n  cargo bench\nfi\n";
        let steps = super::script_steps(miri);
        assert_eq!(
            steps.steps,
            [
                "cargo miri setup",
                "cargo miri test",
                "cargo miri test --release"
            ]
        );
        // `cargo bench` runs only when `X` is set.
        assert_eq!(steps.conditional, 1);
        let tsan = "#!/bin/bash\nset -ex\nRUSTFLAGS=\"-Z sanitizer=address\" \\\ncargo test --test test_bytes\nCC=clang CFLAGS='-O2 -g' make check\n";
        let steps = super::script_steps(tsan);
        assert_eq!(steps.steps, ["cargo test --test test_bytes", "make check"]);
        assert_eq!(steps.conditional, 0);
        // pretty_assertions' `scripts/check` prints what it does through a function of its
        // own: the message's words run nothing.
        let check = "#!/usr/bin/env bash\nfunction eprintln() {\n  >&2 echo \"$1\"\n}\neprintln \"Linting sources\"\ncargo clippy --all-targets\nsh -c \"cargo test\"\n";
        assert_eq!(
            super::script_steps(check).steps,
            ["cargo clippy --all-targets", "sh -c \"cargo test\""]
        );
    }

    /// httpx's `scripts/docs` and `scripts/clean` build and test nothing: what they run is
    /// kept apart, the shell's own commands left out.
    #[test]
    fn a_script_s_other_programs_are_kept_apart() {
        let docs = "#!/bin/sh -e\n\nexport PREFIX=\"\"\nif [ -d 'venv' ] ; then\n    export PREFIX=\"venv/bin/\"\nfi\n\nset -x\n\n${PREFIX}mkdocs serve\necho done\nusage() {\n  echo usage\n}\n";
        let steps = super::script_steps(docs);
        assert!(steps.steps.is_empty(), "{steps:?}");
        assert_eq!(steps.others, ["${PREFIX}mkdocs serve"]);
        assert!(steps.conditional_others.is_empty(), "{steps:?}");
        let clean = "#!/bin/sh -e\n\nif [ -d 'dist' ] ; then\n    rm -r dist\nfi\nif [ -d 'site' ] ; then\n    rm -r site\nfi\n";
        let steps = super::script_steps(clean);
        assert!(steps.others.is_empty(), "{steps:?}");
        assert_eq!(steps.conditional_others, ["rm -r dist", "rm -r site"]);
        // similar's `scripts/wasmtime-wrapper.sh` and pflag's `verify/all.sh`.
        let wrapper = "#!/bin/bash\nSCRIPT_DIR=\"$( cd \"$( dirname \"${BASH_SOURCE[0]}\" )\" && pwd )\"\ncd $SCRIPT_DIR/..\nROOT=$(dirname \"${BASH_SOURCE}\")/..\nwasmtime run -- \"$@\"\n";
        assert_eq!(
            super::script_steps(wrapper).others,
            ["wasmtime run -- \"$@\""]
        );
    }

    /// attrs' CI unpacks the sdist over the checkout, then removes `src` so that the tests
    /// import the wheel: a newcomer running that line destroys the checkout. The comment's
    /// "tests" makes no test of it.
    #[test]
    fn file_moves_and_comments_make_no_test_command() {
        let text = "jobs:\n  tests:\n    steps:\n      - run: tar xf dist/*.tar.gz --strip-components=1\n      - run: rm -rf src # ensure tests run against wheel\n      - run: python -Im tox run -e tests # '#' in 'tests'\n";
        assert_eq!(
            commands(".github/workflows/ci.yml", text),
            [triple(
                "python -Im tox run -e tests",
                "a step of the \"tests\" job",
                6
            )]
        );
        assert_eq!(super::without_comment("a '#b' # c"), "a '#b'");
        assert_eq!(super::without_comment("make a#b"), "make a#b");
    }

    /// pflag's `verify/gofmt.sh` assigns what a pipeline prints: the step is the pipeline,
    /// not what is left after the first word of the substitution.
    #[test]
    fn a_command_substitution_runs_its_command() {
        let script = "#!/bin/bash\nGOFMT=\"gofmt\"\nbad_files=$(find . -name '*.go' | xargs $GOFMT -s -l)\nout=$(go vet ./...) && echo done\n";
        assert_eq!(
            super::without_assignments("bad_files=$(find . -name '*.go' | xargs $GOFMT -s -l)"),
            "find . -name '*.go' | xargs $GOFMT -s -l"
        );
        assert_eq!(
            super::without_assignments("A=$(date +%s) make test"),
            "make test"
        );
        assert_eq!(super::without_assignments("X=$(echo (a) b)"), "echo (a) b");
        let steps = super::script_steps(script).steps;
        assert!(
            !steps
                .iter()
                .any(|step| step.starts_with(". ") || step.ends_with(')')),
            "{steps:?}"
        );
    }

    /// flysystem runs `COMPOSER_OPTS='${{ matrix.composer-flags }}' vendor/bin/phpunit ${{
    /// matrix.phpunit-flags }}`: without the options CI adds, `vendor/bin/phpunit` runs as
    /// written, and is the command that runs the tests.
    #[test]
    fn expressions_that_only_add_options_leave_a_runnable_command() {
        assert_eq!(
            super::without_optional_expressions(
                "COMPOSER_OPTS='${{ matrix.composer-flags }}' vendor/bin/phpunit ${{ matrix.phpunit-flags }}"
            )
            .as_deref(),
            Some("vendor/bin/phpunit")
        );
        assert_eq!(
            super::without_optional_expressions(
                "composer require \"guzzlehttp/psr7:${{ matrix.psr7 }}\""
            ),
            None
        );
        assert_eq!(
            super::without_optional_expressions("tox run -e ${{ matrix.tox }}"),
            None
        );
        assert_eq!(super::without_optional_expressions("make test"), None);
        // ripgrep's release job runs cargo or cross, as the matrix says.
        assert_eq!(
            super::without_optional_expressions(
                "${{ env.CARGO }} build --verbose ${{ env.TARGET_FLAGS }}"
            ),
            None
        );
        let text = "jobs:\n  phpunit:\n    steps:\n      - run: php test_files/wait_for_sftp.php\n      - run: COMPOSER_OPTS='${{ matrix.composer-flags }}' vendor/bin/phpunit ${{ matrix.phpunit-flags }}\n";
        assert_eq!(
            commands(".github/workflows/qa.yml", text),
            [
                triple("php test_files/wait_for_sftp.php", "a step of the \"phpunit\" job", 4),
                triple(
                    "vendor/bin/phpunit",
                    "a step of the \"phpunit\" job (CI also passes matrix.composer-flags and matrix.phpunit-flags)",
                    5
                ),
            ]
        );
    }

    /// http's MSRV job ran `cargo check -p http` in a step named "Test"; its Miri job set
    /// flags before `cargo miri test`.
    #[test]
    fn well_known_commands_say_what_they_do() {
        use super::known_purpose;
        assert_eq!(
            known_purpose("cargo check -p http").as_deref(),
            Some("type-check without building")
        );
        assert_eq!(
            known_purpose("cargo check --target wasm32-unknown-unknown").as_deref(),
            Some("type-check, without building, for the `wasm32-unknown-unknown` target")
        );
        assert_eq!(
            known_purpose(
                "MIRIFLAGS=\"-Zmiri-disable-isolation -Zmiri-ignore-leaks\" cargo miri test"
            )
            .as_deref(),
            Some("run the tests under Miri, which detects undefined behaviour")
        );
        assert_eq!(
            known_purpose("cargo miri test --doc").as_deref(),
            Some("run the doctests under Miri, which detects undefined behaviour")
        );
        assert_eq!(
            known_purpose("go test -race ./...").as_deref(),
            Some("run the tests with the race detector")
        );
        assert_eq!(
            known_purpose("python -m pytest tests").as_deref(),
            Some("run the tests")
        );
        // toolz's CI: a pytest run of the benchmarks' directory, and one with doctests under
        // coverage.
        assert_eq!(
            known_purpose("pytest bench/").as_deref(),
            Some("run the benchmarks")
        );
        assert_eq!(
            known_purpose("pytest -k slow benchmarks/test_x.py").as_deref(),
            Some("run the benchmarks")
        );
        assert_eq!(
            known_purpose("pytest -m bench tests").as_deref(),
            Some("run the tests")
        );
        assert_eq!(
            known_purpose("coverage run -m pytest --doctest-modules toolz/").as_deref(),
            Some("run the tests and the examples in the docstrings, measuring coverage")
        );
        assert_eq!(
            known_purpose("pycodestyle --exclude=conf.py,tests -r .").as_deref(),
            Some("check the code style (PEP 8) with pycodestyle")
        );
        assert_eq!(known_purpose("isort ."), None);
        assert_eq!(known_purpose("make check"), None);
        assert_eq!(known_purpose("cargo hack --remove-dev-deps update"), None);
        assert_eq!(
            known_purpose("cargo hack test --feature-powerset --depth 3").as_deref(),
            Some("test every combination of the crate's features")
        );
        assert_eq!(
            known_purpose("go test -run=\"-\" -bench=\".*\" -count=8 ./...").as_deref(),
            Some("run the benchmarks")
        );
        assert_eq!(
            known_purpose("go test -bench . ./...").as_deref(),
            Some("run the tests and the benchmarks")
        );
        assert_eq!(known_purpose("cargo generate-lockfile"), None);
        // A step with a name of several words is named beside what the command does: the
        // name may not say it (env_logger's "Default features").
        let text = "jobs:\n  msrv:\n    steps:\n      - name: Test\n        run: cargo check -p http\n      - name: Check the docs build\n        run: cargo doc --no-deps\n      - name: Default features\n        run: cargo hack check --each-feature --locked --rust-version\n      - name: Build tests\n        run: cargo +nightly test --no-run\n      - name: Unknown\n        run: make check\n      - name: Run the checks\n        run: make check-all\n";
        assert_eq!(
            commands(".github/workflows/ci.yml", text),
            [
                triple("cargo check -p http", "type-check without building", 5),
                triple(
                    "cargo doc --no-deps",
                    "build the API documentation (step \"Check the docs build\")",
                    7
                ),
                triple(
                    "cargo hack check --each-feature --locked --rust-version",
                    "check each feature of the crate on its own, on the declared minimum Rust version (step \"Default features\")",
                    9
                ),
                triple("cargo +nightly test --no-run", "build the tests without running them (step \"Build tests\")", 11),
                triple("make check", "Unknown", 13),
                triple("make check-all", "Run the checks", 15),
            ]
        );
    }

    #[test]
    fn a_job_named_run_is_no_script() {
        let text = "name: Test compare\non:\n  pull_request:\n\njobs:\n  run:\n    if: contains(github.event.pull_request.labels.*.name, 'test-compare')\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - name: Test compare\n        uses: nearform-actions/github-action-test-compare@d50bc37 # v1.0.26\n        with:\n          label: test-compare\n          testCommand: 'npm run test:ci'\n  other:\n    steps:\n      - uses: actions-rs/cargo@v1\n        with:\n          command: build\n      - run: npm test\n";
        assert_eq!(
            commands(".github/workflows/test-compare.yml", text),
            [
                triple("npm run test:ci", "Test compare", 16),
                triple("npm test", "run the tests, in the \"other\" job", 22),
            ]
        );
        let gitlab = "run:\n  image: node\n  script:\n    - npm test\n";
        assert_eq!(
            commands(".gitlab-ci.yml", gitlab),
            [triple("npm test", "run the tests", 4)]
        );
    }

    /// guzzle's `ci.yml` and jinja's `tests.yaml`: a command with a `${{ … }}` expression
    /// cannot be run as written outside CI. guzzle's `build` job runs `composer update` and
    /// `phpunit` too, so its `composer require "guzzlehttp/psr7:${{ matrix.psr7 }}"` is left
    /// out; jinja's `tests` job runs nothing else, so its tox line stays, marked as CI's.
    #[test]
    fn ci_commands_with_expressions_are_left_out_or_marked() {
        let text = "jobs:\n  build:\n    name: Build\n    steps:\n      - name: Download dependencies\n        run: |\n          composer require --no-update \"guzzlehttp/psr7:${{ matrix.psr7 }}\"\n          composer update --no-interaction\n      - name: Run tests\n        run: ./vendor/bin/phpunit\n  tests:\n    name: ${{ matrix.name || matrix.python }}\n    steps:\n      - run: uv run --locked tox run -e ${{ matrix.tox || format('py{0}', matrix.python) }}\n  typing:\n    steps:\n      - run: make test ARGS=${{ inputs.args }}\n      - run: make lint\n";
        assert_eq!(
            commands(".github/workflows/ci.yml", text),
            [
                triple(
                    "composer update --no-interaction",
                    "part of the step \"Download dependencies\"",
                    8
                ),
                triple("./vendor/bin/phpunit", "Run tests", 10),
                triple(
                    "uv run --locked tox run -e ${{ matrix.tox || format('py{0}', matrix.python) }}",
                    "a step of the \"tests\" job (CI only: the workflow fills in matrix.tox and matrix.python)",
                    14
                ),
                triple("make lint", "a step of the \"typing\" job", 18),
            ]
        );
        assert_eq!(super::expressions("a ${{ 1 + 2 }} b"), ["${{ 1 + 2 }}"]);
    }

    /// tqdm's `check.yml`: its "Install" step's `git checkout master && git checkout -` and its
    /// "Benchmark" step's `test -z "$CHANGES" || exit 1` were listed as building or testing.
    #[test]
    fn a_checkout_and_a_shell_test_are_no_build_or_test() {
        assert!(!super::is_build_or_test(
            "git checkout master && git checkout -"
        ));
        assert!(!super::is_build_or_test("test -z \"$CHANGES\" || exit 1"));
        assert!(!super::is_build_or_test("[ -f setup.py ] && make"));
        assert!(super::is_build_or_test("make check"));
        assert!(super::is_build_or_test("pytest tests/"));
    }

    /// walkdir's `ci.yml`: `- run: cargo build --verbose` right after `- name: Install Rust`
    /// (a `uses:` step) was reported as "Install Rust", and the nightly-only
    /// `cargo generate-lockfile -Z minimal-versions` as an unconditional command.
    #[test]
    fn ci_steps_keep_their_own_name_and_condition() {
        let text = "jobs:\n  test:\n    name: Unit tests\n    strategy:\n      matrix:\n        include:\n        - build: nightly\n          rust: nightly\n    steps:\n    - name: Install Rust\n      uses: dtolnay/rust-toolchain@master\n      with:\n        toolchain: ${{ matrix.rust }}\n    - run: cargo build --verbose\n    - if: startsWith(matrix.build, 'pinned-') == false\n      run: cargo test --verbose\n    - if: matrix.build == 'nightly'\n      run: |\n        set -x\n        cargo generate-lockfile -Z minimal-versions\n    - name: Lint\n      if: \"${{ matrix.build == 'stable' }}\"\n      run: cargo clippy\n  other:\n    name: ${{ matrix.name }}\n    steps:\n      - run: cargo fmt --check\n";
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
                // An unnamed step is said by what its command does, in its job (by the job's
                // name, else its key), or by its job alone.
                step(
                    "cargo build --verbose",
                    "build, in the \"Unit tests\" job",
                    None
                ),
                step(
                    "cargo test --verbose",
                    "run the tests, in the \"Unit tests\" job",
                    Some("startsWith(matrix.build, 'pinned-') == false")
                ),
                step(
                    "cargo generate-lockfile -Z minimal-versions",
                    "a step of the \"Unit tests\" job",
                    Some("matrix.build == 'nightly'")
                ),
                // A one-word name says less than the command.
                step(
                    "cargo clippy",
                    "lint with Clippy",
                    Some("matrix.build == 'stable'")
                ),
                step(
                    "cargo fmt --check",
                    "check the formatting with rustfmt, in the \"other\" job",
                    None
                ),
            ]
        );
    }

    /// Each command with the directory it runs in.
    fn commands_in(path: &str, text: &str) -> Vec<(String, Option<String>)> {
        parse_manifest(&RepoPath::new(path).unwrap(), text)
            .unwrap()
            .commands
            .into_iter()
            .map(|c| (c.command, c.directory))
            .collect()
    }

    fn at(command: &str, directory: Option<&str>) -> (String, Option<String>) {
        (command.to_string(), directory.map(String::from))
    }

    /// cJSON's `CI.yml`: a `run: |` block of `if`/`elif`/`else`/`fi` gave the `if` and `elif`
    /// lines as commands, and `cmake .. || (rm -rf * && cmake ..)`, which runs after
    /// `cd build`, as a command for the root.
    #[test]
    fn shell_control_flow_is_no_command_and_cd_moves_what_follows() {
        let text = r#"jobs:
  linux:
    steps:
    - uses: actions/checkout@v2
    - name: build and test
      shell: bash
      run: |
          if [ "${{ matrix.mem_check }}" == "ENABLE_VALGRIND" ]; then
            EVENT_CMAKE_OPTIONS="-DENABLE_VALGRIND=ON"
          elif [ "${{ matrix.mem_check }}" == "ENABLE_SANITIZERS" ]; then
            make sanitize
          else
            EVENT_CMAKE_OPTIONS="-DENABLE_VALGRIND=OFF"
          fi
          for target in lib cli; do make $target; done
          while read -r name; do
            cargo test -p "$name"
          done < crates.txt
          build_all() {
            make all
          }
          case "$OS" in
            linux) make linux ;;
          esac
          cargo build \
            --release
          MESSAGE="a build
          that goes on"
          cat <<EOF > notes.txt
          make notes
          EOF
          mkdir -p build
          cd build
          cmake .. $EVENT_CMAKE_OPTIONS || (rm -rf * && cmake .. $EVENT_CMAKE_OPTIONS)
          make test
          (cd ../docs && make html)
          cmake --build .
          pushd ../tools
          make tools
          popd
          cd "$SOME_DIR"
          make install
    - run: make check
"#;
        assert_eq!(
            commands_in(".github/workflows/CI.yml", text),
            [
                at("cargo build --release", None),
                at(
                    "cmake .. $EVENT_CMAKE_OPTIONS || (rm -rf * && cmake .. $EVENT_CMAKE_OPTIONS)",
                    Some("build")
                ),
                at("make test", Some("build")),
                at("(cd ../docs && make html)", Some("build")),
                at("cmake --build .", Some("build")),
                at("make tools", Some("tools")),
                // A new step is a new shell: back at the root.
                at("make check", None),
            ]
        );
    }

    /// `cd web && npm test` was dropped as set-up; it is `npm test`, run in `web`, and the `cd`
    /// holds for the lines after it.
    #[test]
    fn a_command_after_cd_and_runs_in_that_directory() {
        let text = r#"
jobs:
  test:
    steps:
      - run: |
          cd web && npm ci && npm test
          npm run lint
          cd "$DIR" && make
      - run: cd ../.. && make
"#;
        assert_eq!(
            commands_in(".github/workflows/web.yml", text),
            [
                at("npm ci && npm test", Some("web")),
                at("npm run lint", Some("web")),
            ]
        );
    }

    /// jotai's `publish.yml` runs its npm commands with `working-directory: dist`; at the root
    /// they fail (`"private": true`).
    #[test]
    fn working_directory_of_the_step_job_or_workflow_is_where_it_runs() {
        let text = r#"defaults:
  run:
    working-directory: web
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: pnpm install
      - run: npm run build
        working-directory: dist
      - run: cargo test
        working-directory: ${{ matrix.crate }}
  docs:
    defaults:
      run:
        working-directory: ./docs/
    steps:
      - run: make html
      - name: Lint
        run: |
          cd ..
          make lint
      - run: make linkcheck
        working-directory: "${{ github.workspace }}/site"
"#;
        assert_eq!(
            commands_in(".github/workflows/publish.yml", text),
            [
                at("pnpm install", Some("web")),
                at("npm run build", Some("dist")),
                at("make html", Some("docs")),
                at("make lint", None),
                at("make linkcheck", Some("site")),
            ]
        );
    }

    /// `defaults:` may follow the steps of a job, or the jobs of a workflow; YAML keys have no
    /// order, and the commands run where they say all the same.
    #[test]
    fn defaults_written_after_the_steps_still_count() {
        let text = r#"jobs:
  site:
    steps:
      - run: npm test
    defaults:
      run:
        working-directory: site
  lib:
    steps:
      - run: cargo test
defaults:
  run:
    working-directory: core
"#;
        assert_eq!(
            commands_in(".github/workflows/ci.yml", text),
            [at("npm test", Some("site")), at("cargo test", Some("core"))]
        );
    }

    /// jotai's `ecosystem-ci.yml` checks out `jotaijs/jotai-ecosystem-ci` and runs its
    /// `pnpm run ecosystem-ci`, a script this repository does not have.
    #[test]
    fn steps_after_a_checkout_of_another_repository_are_not_the_projects() {
        let text = r#"jobs:
  trigger:
    steps:
      - uses: actions/checkout@v4
      - run: pnpm build
      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
        with:
          repository: 'jotaijs/jotai-ecosystem-ci'
      - run: pnpm install
      - name: Run Ecosystem CI
        run: pnpm run ecosystem-ci
  test:
    steps:
      - uses: actions/checkout@v4
        with:
          repository: ${{ github.repository }}
      - run: pnpm test
"#;
        let commands: Vec<String> = commands_in(".github/workflows/ecosystem-ci.yml", text)
            .into_iter()
            .map(|(command, _)| command)
            .collect();
        assert_eq!(commands, ["pnpm build", "pnpm test"]);
    }

    /// fd's `CICD.yml` extracts crate metadata with `cargo metadata ... | tee -a $GITHUB_OUTPUT`:
    /// passing values to later steps, not building or testing.
    #[test]
    fn writing_to_the_runner_s_files_is_plumbing() {
        let text = r#"jobs:
  crate_metadata:
    steps:
    - name: Extract crate information
      run: |
        echo "name=fd" | tee -a $GITHUB_OUTPUT
        cargo metadata --no-deps --format-version 1 | jq -r '"version=" + .packages[0].version' | tee -a $GITHUB_OUTPUT
        cargo metadata --no-deps | jq -r '.x' >> "$GITHUB_ENV"
        cargo --version >${GITHUB_STEP_SUMMARY}
        echo "$HOME/.cargo/bin" >> $GITHUB_PATH
        cargo test --locked | tee test.log
    - shell: pwsh
      run: cargo metadata --no-deps | Out-File -FilePath $env:GITHUB_OUTPUT -Append
"#;
        let commands: Vec<String> = commands_in(".github/workflows/CICD.yml", text)
            .into_iter()
            .map(|(command, _)| command)
            .collect();
        assert_eq!(commands, ["cargo test --locked | tee test.log"]);
    }

    /// GitLab's `script:` may list its lines at the key's own indentation; `actions/github-script`
    /// takes JavaScript in `with: script:`, which is no shell command (`npm run build` in a
    /// comment's body read as one).
    #[test]
    fn compact_script_lists_count_and_action_inputs_do_not() {
        let gitlab = "test:\n  script:\n  - make test\n  - cd sub\n  - make sub\n  tags:\n  - docker\nlint:\n  script: npm run lint\n";
        assert_eq!(
            commands_in(".gitlab-ci.yml", gitlab),
            [
                at("make test", None),
                at("make sub", Some("sub")),
                at("npm run lint", None),
            ]
        );
        let github = r#"jobs:
  comment:
    steps:
      - uses: actions/github-script@v7
        with:
          script: |
            const body = 'run `npm run build` first'
            github.rest.issues.createComment({ body })
      - run: npm test
"#;
        assert_eq!(
            commands_in(".github/workflows/comment.yml", github),
            [at("npm test", None)]
        );
    }

    /// A checkout of this repository at the root after another repository's makes the steps
    /// after it the project's again; one into a subdirectory does not.
    #[test]
    fn checking_this_repository_out_again_at_the_root_ends_the_other() {
        let text = r#"jobs:
  compat:
    steps:
      - uses: actions/checkout@v4
        with:
          repository: other/plugin
      - run: make plugin
      - uses: actions/checkout@v4
        with:
          path: mine
      - run: make still-plugin
      - uses: actions/checkout@v4
        with:
          path: .
      - run: make mine
"#;
        let commands: Vec<String> = commands_in(".github/workflows/compat.yml", text)
            .into_iter()
            .map(|(command, _)| command)
            .collect();
        assert_eq!(commands, ["make mine"]);
    }

    #[test]
    fn odd_input_yields_nothing_and_never_panics() {
        for (path, text) in [
            ("justfile", ":\n@:\n::=\n# only a comment"),
            ("tox.ini", "[testenv:\n=\n[]\ndescription=x"),
            ("noxfile.py", "@nox.session\n@nox.session(name=\"\ndef (\n"),
            (".github/workflows/x.yml", "run:\n- run: |\nscript:"),
            (
                ".github/workflows/y.yml",
                "jobs:\n  a:\n    steps:\n    - run: |\n        echo \"open\n        cd ../..\n        fi\n        done\n        cat <<\n        $(\n    -\n    - run: >\n",
            ),
        ] {
            let _ = commands(path, text);
        }
    }
}
