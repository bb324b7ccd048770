//! `cartograph map`: bring the index up to date and print one screen (or `--json`).

use crate::app::Context;
use crate::exit::Exit;
use anyhow::Result;
use cartograph_pipeline::{map_structural, MapOptions, MapStats};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

pub fn run(context: &Context, wait: bool, _structural: bool) -> Result<Exit> {
    let (_lock, store) = context.open_store(wait, "map")?;
    let progress = Progress::new(!context.quiet && std::io::stderr().is_terminal());
    let on_progress = |done: u64, total: u64| progress.update(done, total);
    let output = map_structural(
        &store,
        &MapOptions {
            root: context.root.clone(),
            exclude: &context.config.scan.exclude,
            local_only: &context.config.scan.local_only,
            max_file_bytes: context.config.scan.max_file_bytes,
            skip_dirs: vec![".cartograph".into(), context.docs_dir()],
            progress: &on_progress,
        },
    )?;
    progress.finish();
    if context.global_json {
        super::print_json(&output.stats)?;
    } else if !context.quiet {
        print_summary(context, &output.stats);
    }
    Ok(Exit::Done)
}

/// A progress bar on stderr, shown only on a terminal and only once the scan has taken more
/// than a moment, so quick runs print nothing but their summary.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Progress {
    fn new(enabled: bool) -> Progress {
        let bar = enabled.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} mapping {pos}/{len} files {wide_bar} {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    fn update(&self, done: u64, total: u64) {
        let Some(bar) = &self.bar else { return };
        if bar.is_hidden() && self.started.elapsed() > Duration::from_millis(300) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_length(total);
        bar.set_position(done);
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn print_summary(context: &Context, stats: &MapStats) {
    println!("cartograph map · {}", context.root.display());
    println!(
        "  files      {}  ({} from cache, {} parsed, {} read)",
        group(stats.files),
        group(stats.cached),
        group(stats.parsed),
        group(stats.hashed)
    );
    println!("  symbols    {}", group(stats.symbols));
    println!("  tokens     {} (o200k)", group(stats.tokens));
    let mut languages: Vec<(&String, &u64)> = stats.languages.iter().collect();
    languages.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let languages: Vec<String> = languages
        .iter()
        .map(|(name, count)| format!("{name} {}", group(**count)))
        .collect();
    if !languages.is_empty() {
        println!("  languages  {}", languages.join(" · "));
    }
    let marked: Vec<String> = [
        ("lockfiles", stats.lockfiles),
        ("generated", stats.generated),
        ("vendored", stats.vendored),
        ("secret (never opened)", stats.secret_files),
    ]
    .iter()
    .filter(|(_, count)| *count > 0)
    .map(|(name, count)| format!("{name} {count}"))
    .collect();
    if !marked.is_empty() {
        println!(
            "  marked     {} — indexed, never summarized",
            marked.join(" · ")
        );
    }
    if !stats.skipped.is_empty() {
        let mut reasons = std::collections::BTreeMap::<&str, u64>::new();
        for skipped in &stats.skipped {
            *reasons.entry(skipped.reason.as_str()).or_default() += 1;
        }
        let reasons: Vec<String> = reasons
            .iter()
            .map(|(reason, count)| format!("{reason} {count}"))
            .collect();
        println!(
            "  skipped    {}: {}",
            stats.skipped.len(),
            reasons.join(" · ")
        );
        if tracing::enabled!(tracing::Level::INFO) {
            for skipped in &stats.skipped {
                let detail = skipped
                    .detail
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default();
                println!(
                    "             {} — {}{detail}",
                    skipped.path,
                    skipped.reason.as_str()
                );
            }
        } else {
            println!("             (-v lists them)");
        }
    }
    let elapsed = stats.elapsed_ms as f64 / 1000.0;
    println!("  elapsed    {elapsed:.2} s");
}

/// 1234567 → "1,234,567".
fn group(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
