//! How much a cartograph hook adds to `git commit`: N commits in a temporary repository with no
//! hook, with an empty hook (what git charges for running any hook), with the hooks calling a shell stub that only starts `sleep 1` in the background, and
//! with the hooks calling the real `hook run` path (`run_from_hook`: `git rev-parse`, a marker
//! write, a lock probe, a detached spawn), whose `docs` run holds the lock for a second. Prints
//! the median and 90th percentile of each side by side.
//!
//! cargo run --release -p cartograph-hook --example commit_bench -- [N]
//!
//! This binary is also the stand-in `cartograph` for the last column: the hooks call it back
//! with `hook run ...` and `docs`.

use cartograph_hook::HookEvent;
use cartograph_lock::RunLock;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = std::env::current_dir()?;
    match words.as_slice() {
        ["hook", "install", exe] => {
            cartograph_hook::install(&root, &HookEvent::DEFAULT, Path::new(exe))?;
        }
        ["hook", "run", "--event", event, "--", git_args @ ..] => {
            let git_args: Vec<String> = git_args.iter().map(|arg| arg.to_string()).collect();
            let exe = std::env::current_exe()?;
            cartograph_hook::run_from_hook(&root, event.parse()?, &git_args, &exe, &["docs"])?;
        }
        ["docs"] => {
            let lock_path = cartograph_hook::lock_path(&root);
            let Ok(lock) = RunLock::acquire(&lock_path, false, "docs") else {
                return Ok(());
            };
            cartograph_hook::run_coalesced(
                &root,
                lock,
                || Ok::<_, Error>(RunLock::acquire(&lock_path, false, "docs").ok()),
                |_| {
                    std::thread::sleep(Duration::from_secs(1));
                    Ok(())
                },
            )?;
        }
        [] => bench(30)?,
        [n] => bench(n.parse()?)?,
        _ => return Err(format!("unexpected arguments: {args:?}").into()),
    }
    Ok(())
}

fn bench(n: usize) -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let stub = dir.path().join("cartograph-stub.sh");
    std::fs::write(
        &stub,
        "#!/bin/sh\n[ \"$1\" = hook ] && (sleep 1) </dev/null >/dev/null 2>&1 &\nexit 0\n",
    )?;
    std::fs::set_permissions(&stub, std::os::unix::fs::PermissionsExt::from_mode(0o755))?;
    let this = std::env::current_exe()?;

    // What git charges for running any hook at all: a script that exits at once.
    let empty = dir.path().join("empty-hook.sh");
    std::fs::write(&empty, "#!/bin/sh\nexit 0\n")?;
    std::fs::set_permissions(&empty, std::os::unix::fs::PermissionsExt::from_mode(0o755))?;

    let columns: [(&str, Hook); 4] = [
        ("no hook", Hook::None),
        ("empty hook", Hook::Empty(&empty)),
        ("hook → sh stub", Hook::Cartograph(&stub)),
        ("hook → run_from_hook", Hook::Cartograph(&this)),
    ];
    let mut repos = Vec::new();
    for (index, (_, hook)) in columns.iter().enumerate() {
        let repo = Repo::new(dir.path(), &format!("repo{index}"))?;
        match hook {
            Hook::None => {}
            Hook::Empty(script) => {
                std::fs::copy(script, repo.root.join(".git/hooks/post-commit"))?;
            }
            Hook::Cartograph(exe) => {
                repo.run(&this, &["hook", "install", &exe.to_string_lossy()])?
            }
        }
        repos.push(repo);
    }
    // The columns take turns, commit by commit, so that a burst of load on the machine lands on
    // all of them alike.
    let mut times = vec![Vec::with_capacity(n); columns.len()];
    for commit in 0..n {
        for (repo, times) in repos.iter().zip(&mut times) {
            std::fs::write(repo.root.join("file.txt"), commit.to_string())?;
            repo.run(Path::new("git"), &["add", "file.txt"])?;
            let start = Instant::now();
            repo.run(Path::new("git"), &["commit", "-q", "-m", "bench"])?;
            times.push(start.elapsed());
        }
    }
    let mut results = Vec::new();
    for ((name, _), mut times) in columns.iter().zip(times) {
        times.sort();
        results.push((name, times));
    }
    println!("{n} commits each; time of `git commit`");
    println!("{:<22} {:>10} {:>10}", "", "median", "p90");
    for (name, times) in &results {
        println!(
            "{name:<22} {:>10} {:>10}",
            ms(times[times.len() / 2]),
            ms(times[times.len() * 9 / 10])
        );
    }
    // Let the last background run (and its rerun) finish before the temporary directory goes.
    let lock = cartograph_hook::lock_path(&dir.path().join("repo3"));
    let deadline = Instant::now() + Duration::from_secs(5);
    while RunLock::holder(&lock).is_some() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

enum Hook<'a> {
    None,
    /// Copied in as `post-commit`.
    Empty(&'a Path),
    /// `install` with this as the cartograph binary.
    Cartograph(&'a Path),
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

struct Repo {
    root: PathBuf,
    home: PathBuf,
}

impl Repo {
    fn new(dir: &Path, name: &str) -> Result<Repo, Error> {
        let repo = Repo {
            root: dir.join(name),
            home: dir.to_path_buf(),
        };
        std::fs::create_dir_all(&repo.root)?;
        repo.run(Path::new("git"), &["init", "-q", "-b", "main"])?;
        Ok(repo)
    }

    /// Runs with `HOME` in the temporary directory, so no user git configuration applies.
    fn run(&self, program: &Path, args: &[&str]) -> Result<(), Error> {
        let status = Command::new(program)
            .args(args)
            .current_dir(&self.root)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", &self.home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "bench")
            .env("GIT_AUTHOR_EMAIL", "bench@cartograph.invalid")
            .env("GIT_COMMITTER_NAME", "bench")
            .env("GIT_COMMITTER_EMAIL", "bench@cartograph.invalid")
            .status()?;
        if !status.success() {
            return Err(format!("{} {args:?} failed: {status}", program.display()).into());
        }
        Ok(())
    }
}
