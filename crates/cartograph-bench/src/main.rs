//! Benchmarks `cartograph map` on real corpora found on every machine: the sources of this
//! project's dependencies in cargo's registry and Python's standard library. Each corpus is
//! copied to a temporary directory, then mapped cold, warm with no change, and after editing one
//! file; every figure is printed next to `cat` of the same bytes measured in the same run.
//!
//! Run: `cargo build --release && cargo run --release -p cartograph-bench [-- CORPUS_DIR...]`;
//! `-- --lens` measures retrieval on real history instead (see `lens.rs`).
// Peak RSS of one child needs `wait4`, which std does not expose; this is the only unsafe code.
#![allow(unsafe_code)]

mod lens;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

struct Measured {
    seconds: f64,
    peak_rss_mb: f64,
    stdout: String,
    stderr: String,
}

fn main() {
    let binary = std::env::var("CARTOGRAPH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/cartograph")
        });
    if !binary.exists() {
        eprintln!(
            "build the release binary first: cargo build --release ({} is missing)",
            binary.display()
        );
        std::process::exit(2);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--scale") {
        scale(&binary);
        return;
    }
    if args.first().map(String::as_str) == Some("--lens") {
        lens::lens_bench(&binary, &args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some("--remote") {
        remote_bench(&binary);
        return;
    }
    if args.first().map(String::as_str) == Some("--docs") {
        let sizes: Vec<usize> = args.iter().skip(1).filter_map(|n| n.parse().ok()).collect();
        let sizes = if sizes.is_empty() {
            vec![1_000, 5_000]
        } else {
            sizes
        };
        for files in sizes {
            docs_bench(&binary, files);
        }
        return;
    }
    let corpora: Vec<(String, PathBuf)> = if args.is_empty() {
        default_corpora()
    } else {
        args.iter()
            .map(|dir| (dir.clone(), PathBuf::from(dir)))
            .collect()
    };
    println!("binary: {}", binary.display());
    println!(
        "| corpus | files | MB | cat | map cold | cold/cat | files/s | MB/s | peak RSS | warm | warm/cat | one edit | edit−warm | tokenizer load |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, source) in corpora {
        if !source.is_dir() {
            eprintln!("skipping {name}: {} is not a directory", source.display());
            continue;
        }
        bench_corpus(&binary, &name, &source);
    }
}

fn default_corpora() -> Vec<(String, PathBuf)> {
    let mut corpora = Vec::new();
    let cargo_home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    if let Ok(entries) = std::fs::read_dir(cargo_home.join("registry/src")) {
        for entry in entries.flatten() {
            corpora.push(("cargo registry sources".to_string(), entry.path()));
        }
    }
    if let Ok(output) = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
    {
        let stdlib = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if !stdlib.is_empty() {
            corpora.push(("Python stdlib".to_string(), PathBuf::from(stdlib)));
        }
    }
    corpora
}

fn bench_corpus(binary: &Path, name: &str, source: &Path) {
    let work = std::env::temp_dir().join(format!("cartograph-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let copied = Command::new("cp").arg("-a").arg(source).arg(&work).status();
    if !copied.is_ok_and(|status| status.success()) {
        eprintln!("skipping {name}: copy failed");
        return;
    }
    // Warm the page cache for both contenders, then measure cat of every byte.
    let cat_command = format!(
        "find '{}' -type f -not -path '*/.cartograph/*' -print0 | xargs -0 cat > /dev/null",
        work.display()
    );
    let _ = run_shell(&cat_command);
    let cat = median(3, || run_shell(&cat_command).seconds);

    let map = |extra: &[&str]| {
        let mut command = Command::new(binary);
        command
            .arg("-C")
            .arg(&work)
            .args(["map", "--structural", "--json", "-q"])
            .args(extra);
        measure(&mut command)
    };
    let _ = std::fs::remove_dir_all(work.join(".cartograph"));
    let cold = map(&[]);
    let stats: serde_json::Value = serde_json::from_str(&cold.stdout).unwrap_or_default();
    let files = stats["files"].as_u64().unwrap_or(0);
    let tokenizer_ms = stats["tokenizer_load_ms"].as_u64().unwrap_or(0);
    let bytes = corpus_bytes(&work);
    let megabytes = bytes as f64 / 1e6;
    let warm_runs: Vec<Measured> = (0..3).map(|_| map(&[])).collect();
    let warm = median_of(&warm_runs);

    let edited = pick_file(&work);
    if let Some(path) = &edited {
        let mut text = std::fs::read_to_string(path).unwrap_or_default();
        text.push_str("\n# cartograph-bench edit\n");
        let _ = std::fs::write(path, text);
    }
    let edit = map(&[]);
    let edit_stats: serde_json::Value = serde_json::from_str(&edit.stdout).unwrap_or_default();
    let edit_tokenizer = edit_stats["tokenizer_load_ms"].as_u64().unwrap_or(0) as f64 / 1000.0;

    println!(
        "| {name} | {files} | {megabytes:.0} | {cat:.3} s | {:.2} s | {:.1}× | {:.0} | {:.1} | {:.0} MB | {warm:.3} s | {:.2}× | {:.3} s | {:+.0} ms (tokenizer {:.0} ms excluded) | {tokenizer_ms} ms |",
        cold.seconds,
        cold.seconds / cat,
        files as f64 / cold.seconds,
        megabytes / cold.seconds,
        cold.peak_rss_mb,
        warm / cat,
        edit.seconds,
        (edit.seconds - edit_tokenizer - warm) * 1000.0,
        edit_tokenizer * 1000.0,
    );
    let _ = std::fs::remove_dir_all(&work);
}

fn pick_file(root: &Path) -> Option<PathBuf> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "find '{}' -name '*.py' -o -name '*.rs' | head -1",
            root.display()
        ))
        .output()
        .ok()?;
    let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
    (!path.is_empty()).then(|| PathBuf::from(path))
}

fn corpus_bytes(root: &Path) -> u64 {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "find '{}' -type f -not -path '*/.cartograph/*' -printf '%s\\n'",
            root.display()
        ))
        .output();
    output
        .map(|output| {
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .filter_map(|line| line.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0)
}

fn run_shell(script: &str) -> Measured {
    measure(Command::new("sh").arg("-c").arg(script))
}

fn median(runs: usize, mut f: impl FnMut() -> f64) -> f64 {
    let mut values: Vec<f64> = (0..runs).map(|_| f()).collect();
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn median_of(runs: &[Measured]) -> f64 {
    let mut values: Vec<f64> = runs.iter().map(|run| run.seconds).collect();
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// Runs a command to completion and reads its wall time and peak RSS (from `wait4`).
fn measure(command: &mut Command) -> Measured {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return Measured {
            seconds: f64::NAN,
            peak_rss_mb: f64::NAN,
            stdout: String::new(),
            stderr: String::new(),
        };
    };
    // stderr is read on its own thread so that neither pipe can fill up and stall the child.
    let stderr_pipe = child.stderr.take();
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = stderr_pipe {
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        }
        text
    });
    let mut stdout = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        let _ = std::io::Read::read_to_string(&mut pipe, &mut stdout);
    }
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our own child, which has
    // not been waited for yet.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    Measured {
        seconds: started.elapsed().as_secs_f64(),
        peak_rss_mb: usage.ru_maxrss as f64 / 1024.0,
        stdout,
        stderr: stderr_reader.join().unwrap_or_default(),
    }
}

/// `--scale`: a synthetic 100,000-file repository, and one 50 MB file with `max_file_bytes`
/// raised above it. Prints wall time and peak RSS of cold and warm `map`.
fn scale(binary: &Path) {
    let work = std::env::temp_dir().join(format!("cartograph-scale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let started = Instant::now();
    for index in 0..100_000u32 {
        let dir = work.join(format!(
            "pkg{:03}/mod{:02}",
            index / 1000,
            (index / 50) % 20
        ));
        if index % 50 == 0 && std::fs::create_dir_all(&dir).is_err() {
            eprintln!("cannot create {}", dir.display());
            return;
        }
        let (name, text) = match index % 4 {
            0 => (
                format!("f{index}.rs"),
                format!(
                    "/// Item {index}.\npub fn item_{index}(x: u32) -> u32 {{ x + {index} }}\n"
                ),
            ),
            1 => (
                format!("f{index}.py"),
                format!(
                    "def item_{index}(x):\n    \"\"\"Item {index}.\"\"\"\n    return x + {index}\n"
                ),
            ),
            2 => (
                format!("f{index}.ts"),
                format!(
                    "export function item{index}(x: number): number {{ return x + {index}; }}\n"
                ),
            ),
            _ => (
                format!("f{index}.md"),
                format!("# Item {index}\n\nSome text about item {index}.\n"),
            ),
        };
        if std::fs::write(dir.join(name), text).is_err() {
            eprintln!("cannot write into {}", dir.display());
            return;
        }
    }
    println!(
        "generated 100,000 files in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let map = |root: &Path| {
        let mut command = Command::new(binary);
        command
            .arg("-C")
            .arg(root)
            .args(["map", "--structural", "--json", "-q"]);
        measure(&mut command)
    };
    let cold = map(&work);
    let warm = map(&work);
    let files = serde_json::from_str::<serde_json::Value>(&cold.stdout).unwrap_or_default()
        ["files"]
        .as_u64()
        .unwrap_or(0);
    println!("| 100,000 small files | {files} indexed | cold {:.2} s, {:.0} MB peak RSS | warm {:.3} s, {:.0} MB peak RSS |", cold.seconds, cold.peak_rss_mb, warm.seconds, warm.peak_rss_mb);
    let _ = std::fs::remove_dir_all(&work);

    let big = std::env::temp_dir().join(format!("cartograph-bigfile-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&big);
    let line = "pub fn generated_function(argument: u64) -> u64 { argument.wrapping_mul(31).rotate_left(7) }\n";
    let text = line.repeat(50_000_000 / line.len());
    let written = std::fs::write(big.join("huge.rs"), &text).is_ok()
        && std::fs::write(
            big.join("pipeline.toml"),
            "[scan]\nmax_file_bytes = 60_000_000\n",
        )
        .is_ok();
    if !written {
        eprintln!("cannot write the 50 MB file");
        return;
    }
    let cold = map(&big);
    let stats = serde_json::from_str::<serde_json::Value>(&cold.stdout).unwrap_or_default();
    println!(
        "| one {:.0} MB file | files {} tokens {} | cold {:.2} s, {:.0} MB peak RSS |",
        text.len() as f64 / 1e6,
        stats["files"],
        stats["tokens"],
        cold.seconds,
        cold.peak_rss_mb
    );
    let _ = std::fs::remove_dir_all(&big);
}

/// `--docs`: `docs` against the project's fake provider (50 ms per call) on the first `files`
/// files of Python's standard library directory (site-packages included), by path: cold, warm with no change (against warm `map`), and
/// after a one-file edit (calls, and cost against the cold run).
fn docs_bench(binary: &Path, files: usize) {
    let fake_binary = binary.with_file_name("fake-provider");
    if !fake_binary.exists() {
        eprintln!(
            "build it first: cargo build --release -p cartograph-testkit --bin fake-provider"
        );
        return;
    }
    let Some((_, stdlib)) = default_corpora()
        .into_iter()
        .find(|(name, _)| name == "Python stdlib")
    else {
        eprintln!("no Python standard library found");
        return;
    };
    let work = std::env::temp_dir().join(format!(
        "cartograph-docs-bench-{}-{files}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&work);
    let listing = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "cd '{}' && find . -type f -not -path '*/__pycache__/*' -not -name '*.pyc' | sort | head -{files}",
            stdlib.display()
        ))
        .output();
    let Ok(listing) = listing else { return };
    for relative in String::from_utf8_lossy(&listing.stdout).lines() {
        let target = work.join(relative);
        if let Some(parent) = target.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::copy(stdlib.join(relative), &target);
    }
    let mut fake = match fake_provider(&fake_binary).spawn() {
        Ok(child) => child,
        Err(error) => {
            eprintln!("cannot start the fake provider: {error}");
            return;
        }
    };
    let mut base_url = String::new();
    if let Some(stdout) = fake.stdout.take() {
        let mut reader = std::io::BufReader::new(stdout);
        let _ = std::io::BufRead::read_line(&mut reader, &mut base_url);
    }
    let config = format!(
        "[providers.fake]\nkind = \"openai\"\nbase_url = \"{}/v1\"\napi_key_env = \"\"\nlocal = false\nmax_concurrency = 32\n\n[phases.map]\nmodels = [\"fake/cheap\"]\nbudget_tokens = 1_000_000_000\n\n[phases.run]\nmodels = [\"fake/big\"]\nbudget_tokens = 1_000_000_000\n\n[budget]\nmax_cost_usd = 100000.0\n\n[models.\"fake/cheap\"]\ninput = 0.15\noutput = 0.60\n\n[models.\"fake/big\"]\ninput = 3.00\noutput = 15.00\n",
        base_url.trim()
    );
    let _ = std::fs::write(work.join("pipeline.toml"), config);
    let run = |args: &[&str]| {
        let mut command = Command::new(binary);
        command.arg("-C").arg(&work).args(args);
        measure(&mut command)
    };
    let cold = run(&["docs", "--json", "-q"]);
    let cold_stats: serde_json::Value = serde_json::from_str(&cold.stdout).unwrap_or_default();
    let warm_map = median_of(
        &(0..3)
            .map(|_| run(&["map", "--structural", "--json", "-q"]))
            .collect::<Vec<_>>(),
    );
    let warm_runs: Vec<Measured> = (0..3).map(|_| run(&["docs", "--json", "-q"])).collect();
    let warm_docs = median_of(&warm_runs);
    let warm_stats: serde_json::Value =
        serde_json::from_str(&warm_runs[0].stdout).unwrap_or_default();
    let listed = String::from_utf8_lossy(&listing.stdout).into_owned();
    let python: Vec<&str> = listed
        .lines()
        .filter(|relative| relative.ends_with(".py"))
        .collect();
    let edited = python
        .get(python.len() / 2)
        .map(|relative| work.join(relative));
    if let Some(path) = edited {
        eprintln!("editing {}", path.display());
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        text.push_str("\n\ndef cartograph_bench_edit(value):\n    return value * 2\n");
        let _ = std::fs::write(&path, text);
    }
    let edit = run(&["docs", "--json", "-q"]);
    let edit_stats: serde_json::Value = serde_json::from_str(&edit.stdout).unwrap_or_default();
    eprintln!(
        "edit run: summarized {} summaries_cached {} pages_written {}",
        edit_stats["summarized"], edit_stats["summaries_cached"], edit_stats["pages_written"]
    );
    for (name, run) in [("cold", &cold), ("edit", &edit)] {
        if serde_json::from_str::<serde_json::Value>(&run.stdout).is_err() {
            eprintln!(
                "the {name} docs run printed no JSON; stderr:\n{}",
                run.stderr
            );
        }
    }
    let calls = |stats: &serde_json::Value, phase: &str| {
        stats["calls"][phase]["requests"].as_u64().unwrap_or(0)
    };
    let cold_cost = cold_stats["cost_usd"].as_f64().unwrap_or(0.0);
    let edit_cost = edit_stats["cost_usd"].as_f64().unwrap_or(0.0);
    println!(
        "| {files} files | cold docs {:.1} s: {} map + {} run calls, ${cold_cost:.4} | warm docs {warm_docs:.3} s vs warm map {warm_map:.3} s = {:.2}×, {} calls, {} pages written | one edit: {} map + {} run calls, ${edit_cost:.4} = {:.2}% of cold |",
        cold.seconds,
        calls(&cold_stats, "map"),
        calls(&cold_stats, "run"),
        warm_docs / warm_map,
        calls(&warm_stats, "map") + calls(&warm_stats, "run"),
        warm_stats["pages_written"],
        calls(&edit_stats, "map"),
        calls(&edit_stats, "run"),
        if cold_cost > 0.0 { edit_cost / cold_cost * 100.0 } else { 0.0 },
    );
    let _ = fake.kill();
    let _ = fake.wait();
    let _ = std::fs::remove_dir_all(&work);
}

/// `--remote`: the team cache. One checkout runs `docs` cold with a Redis behind its cache
/// (filling it); then a second checkout of the same files, with an empty local cache, runs cold
/// `docs` with that warm Redis, side by side with a third checkout and no remote.
fn remote_bench(binary: &Path) {
    let fake_binary = binary.with_file_name("fake-provider");
    let Some((_, stdlib)) = default_corpora()
        .into_iter()
        .find(|(name, _)| name == "Python stdlib")
    else {
        eprintln!("no Python standard library found");
        return;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()
        .and_then(|listener| listener.local_addr().ok())
        .map(|address| address.port())
        .unwrap_or(6390);
    let Ok(mut redis) = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        eprintln!("redis-server is needed: apt-get install redis-server");
        return;
    };
    let Ok(mut fake) = fake_provider(&fake_binary).spawn() else {
        eprintln!(
            "build it first: cargo build --release -p cartograph-testkit --bin fake-provider"
        );
        let _ = redis.kill();
        return;
    };
    let mut base_url = String::new();
    if let Some(stdout) = fake.stdout.take() {
        let mut reader = std::io::BufReader::new(stdout);
        let _ = std::io::BufRead::read_line(&mut reader, &mut base_url);
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let files = 1_000;
    let base = std::env::temp_dir().join(format!("cartograph-remote-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let listing = Command::new("sh")
        .arg("-c")
        .arg(format!("cd '{}' && find . -type f -not -path '*/__pycache__/*' -not -name '*.pyc' | sort | head -{files}", stdlib.display()))
        .output();
    let Ok(listing) = listing else { return };
    let config = |remote: bool| {
        let mut text = format!(
            "[providers.fake]\nkind = \"openai\"\nbase_url = \"{}/v1\"\napi_key_env = \"\"\nlocal = false\nmax_concurrency = 32\n\n[phases.map]\nmodels = [\"fake/cheap\"]\nbudget_tokens = 1_000_000_000\n\n[phases.run]\nmodels = [\"fake/big\"]\nbudget_tokens = 1_000_000_000\n\n[budget]\nmax_cost_usd = 100000.0\n\n[models.\"fake/cheap\"]\ninput = 0.15\noutput = 0.60\n\n[models.\"fake/big\"]\ninput = 3.00\noutput = 15.00\n",
            base_url.trim()
        );
        if remote {
            text.push_str(&format!("\n[cache]\nremote = \"redis://127.0.0.1:{port}/0\"\nremote_key_env = \"CARTOGRAPH_BENCH_TEAM_KEY\"\nnamespace = \"bench\"\n"));
        }
        text
    };
    let checkout = |name: &str, remote: bool| {
        let dir = base.join(name);
        for relative in String::from_utf8_lossy(&listing.stdout).lines() {
            let target = dir.join(relative);
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::copy(stdlib.join(relative), &target);
        }
        let _ = std::fs::write(dir.join("pipeline.toml"), config(remote));
        dir
    };
    let docs = |dir: &Path| {
        let mut command = Command::new(binary);
        command
            .arg("-C")
            .arg(dir)
            .args(["docs", "--json", "-q"])
            .env("CARTOGRAPH_BENCH_TEAM_KEY", "bench-team-secret-0123456789");
        measure(&mut command)
    };
    let calls = |run: &Measured| {
        let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_default();
        let phase = |name: &str| stats["calls"][name]["requests"].as_u64().unwrap_or(0);
        (
            phase("map") + phase("run"),
            stats["cost_usd"].as_f64().unwrap_or(0.0),
        )
    };
    let filler = docs(&checkout("first", true));
    let (filler_calls, filler_cost) = calls(&filler);
    let with_remote = docs(&checkout("second", true));
    let (remote_calls, remote_cost) = calls(&with_remote);
    let without = docs(&checkout("third", false));
    let (local_calls, local_cost) = calls(&without);
    println!("| {files} files | first checkout fills Redis: {:.1} s, {filler_calls} calls, ${filler_cost:.4} | second checkout, empty local cache, warm Redis: {:.1} s, {remote_calls} calls, ${remote_cost:.4} | third checkout, no remote: {:.1} s, {local_calls} calls, ${local_cost:.4} |", filler.seconds, with_remote.seconds, without.seconds);
    let _ = fake.kill();
    let _ = fake.wait();
    let _ = redis.kill();
    let _ = redis.wait();
    let _ = std::fs::remove_dir_all(&base);
}

/// The fake provider process the docs benchmarks run against: 50 ms a call, replies as long as
/// real ones (a summary of ~150 words, a page of ~700), its URL on the first stdout line.
fn fake_provider(binary: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .args([
            "--latency-ms",
            "50",
            "--max-runtime-secs",
            "1800",
            "--reply-words",
            "150,700",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}
