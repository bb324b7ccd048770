//! A stand-in for the `cartograph` binary, for this crate's tests: the `hook` subcommands call
//! the real library the way the binary does, `docs` only records that it ran (and for which
//! commit) under the real run lock, and `hold-lock` takes the lock and sleeps until killed.
//! Works in the current directory, which git sets to the work tree root for hooks.
//!
//! Every call appends its arguments to `.cartograph/stub-calls.log`; `hook run` appends its
//! decision to `.cartograph/stub-decisions.log`; `docs` appends `<HEAD>` to
//! `.cartograph/stub-runs.log`, sleeping `CARTOGRAPH_STUB_DOCS_MS` first.

use cartograph_hook::{HookError, HookEvent};
use cartograph_lock::RunLock;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("cartograph-hook-stub: {error}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &[String]) -> Result<u8, Box<dyn std::error::Error>> {
    let root = std::env::current_dir()?;
    append(&root, "stub-calls.log", &args.join(" "))?;
    let exe = std::env::current_exe()?;
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["hook", "install", rest @ ..] => {
            let events = events(rest, &HookEvent::DEFAULT)?;
            print_json(&cartograph_hook::install(&root, &events, &exe)?)?;
        }
        ["hook", "uninstall", rest @ ..] => {
            let events = events(rest, &HookEvent::ALL)?;
            print_json(&cartograph_hook::uninstall(&root, &events)?)?;
        }
        ["hook", "status"] => print_json(&cartograph_hook::status(&root)?)?,
        ["hook", "run", "--event", event, "--", git_args @ ..] => {
            let git_args: Vec<String> = git_args.iter().map(|arg| arg.to_string()).collect();
            let decision = cartograph_hook::run_from_hook(
                &root,
                event.parse()?,
                &git_args,
                &exe,
                &["docs", "-q"],
            )?;
            let line = serde_json::to_string(&decision)?;
            append(&root, "stub-decisions.log", &format!("{event} {line}"))?;
            println!("{line}");
        }
        ["docs", ..] => return docs(&root),
        ["hold-lock"] => {
            let _lock = RunLock::acquire(&cartograph_hook::lock_path(&root), false, "hold-lock")?;
            println!("locked");
            std::io::stdout().flush()?;
            std::thread::sleep(Duration::from_secs(60));
        }
        _ => return Err(format!("unexpected arguments: {args:?}").into()),
    }
    Ok(0)
}

/// What a hook-started `cartograph docs` does around its work: take the lock (a held lock means
/// another run will serve this commit: exit 5), then run under `run_coalesced`.
fn docs(root: &Path) -> Result<u8, Box<dyn std::error::Error>> {
    let lock_path = cartograph_hook::lock_path(root);
    let Ok(lock) = RunLock::acquire(&lock_path, false, "docs") else {
        append(root, "stub-runs.log", "lock held")?;
        return Ok(5);
    };
    let pause = std::env::var("CARTOGRAPH_STUB_DOCS_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .unwrap_or(0);
    cartograph_hook::run_coalesced(
        root,
        lock,
        || Ok::<_, Box<dyn std::error::Error>>(RunLock::acquire(&lock_path, false, "docs").ok()),
        |_| {
            let head = std::process::Command::new("git")
                .args(["rev-parse", "HEAD"])
                .output()?;
            std::thread::sleep(Duration::from_millis(pause));
            append(
                root,
                "stub-runs.log",
                String::from_utf8_lossy(&head.stdout).trim(),
            )
        },
    )?;
    Ok(0)
}

fn events(flags: &[&str], default: &[HookEvent]) -> Result<Vec<HookEvent>, HookError> {
    let named: Vec<HookEvent> = flags
        .chunks(2)
        .filter_map(|pair| match pair {
            ["--event", name] => Some(name.parse()),
            _ => None,
        })
        .collect::<Result<_, _>>()?;
    Ok(if named.is_empty() {
        default.to_vec()
    } else {
        named
    })
}

fn print_json(value: &impl serde::Serialize) -> Result<(), serde_json::Error> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn append(root: &Path, name: &str, line: &str) -> Result<(), Box<dyn std::error::Error>> {
    let dir = cartograph_hook::state_dir(root);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(".gitignore"), "*\n")?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(name))?;
    writeln!(file, "{line}")?;
    Ok(())
}
