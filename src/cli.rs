//! The command line, as docs/reference.md lists it.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "cartograph",
    version,
    about = "Turns a repository checkout into living documentation"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Run as if started in this directory.
    #[arg(short = 'C', global = true, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The configuration file (default: $CARTOGRAPH_CONFIG, then <root>/pipeline.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// More detail on stderr (-vv for debug logs).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Machine-readable output on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Wait for another run holding this repository's lock instead of exiting with 5.
    #[arg(long, global = true)]
    pub wait: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented pipeline.toml and ignore .cartograph/ in git.
    Init {
        /// Overwrite an existing pipeline.toml.
        #[arg(long)]
        force: bool,
    },
    /// Bring the index up to date (structural map, and summaries when a map model is configured).
    Map {
        /// Skip the model summaries.
        #[arg(long)]
        structural: bool,
    },
    /// Show the files and symbols that would be sent for a question.
    Lens {
        #[arg(default_value = "")]
        question: String,
        /// Evaluate retrieval instead: a file of `{question, files}` JSON lines (or
        /// `question<TAB>path` lines); prints recall@5, hit@5 and MRR of lens and of BM25.
        #[arg(long, value_name = "FILE", hide = true)]
        eval: Option<std::path::PathBuf>,
        /// With `--eval`: skip the BM25 baseline (its figures print as zeros).
        #[arg(long, requires = "eval", hide = true)]
        no_baseline: bool,
    },
    /// Answer a question about the code, streaming to stdout.
    Run { question: String },
    /// Map, then regenerate every stale page of the docs folder.
    Docs {
        /// Estimate calls, tokens and cost per phase; spend nothing.
        #[arg(long)]
        plan: bool,
        /// Cap this run's cost in USD.
        #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = usd)]
        max_cost: Option<f64>,
        /// Spend nothing; exit 1 when the committed docs are stale.
        #[arg(long)]
        check: bool,
    },
    /// What changed since the last docs run, stale pages, cost to refresh.
    Status,
    /// Costs from the ledger: totals by phase, model, provider and day.
    Costs {
        /// Only rows on or after this UTC date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
    /// The prompts in use, their versions and hashes.
    Prompts,
    /// Git hook management.
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },
    /// Serve the index, lens, pages and run to coding agents over the Model Context Protocol.
    #[command(long_about = MCP_ABOUT)]
    Mcp {
        /// Serve streamable HTTP at this address (at `/mcp`) instead of stdio; an address other
        /// than loopback needs a bearer token ([mcp] token_env).
        #[arg(long, value_name = "ADDR:PORT")]
        http: Option<String>,
    },
    /// The local cache.
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
}

const MCP_ABOUT: &str =
    "Serve the index, lens, pages and run to coding agents over the Model Context Protocol.

Speaks MCP on stdin/stdout (as agents start it) or, with --http, streamable HTTP. Logs go to stderr.

Tools:
  search   ranked files and symbols for a query, with scores, reasons and token counts
  symbol   definitions of a name (or path::name): lines, signature, doc, public, and uses
  outline  a file's symbols, or a module's files and public API
  read     a file or a line range (secrets redacted; secret and ignored files refused)
  page     a docs page: index, architecture, onboarding, dependencies, a module, llms.txt
  ask      an answer from the run model within the budgets, or the lens selection offline

Resources: the docs pages and llms.txt (cartograph://docs/...).

The server serves from an in-memory snapshot of the index and takes the run lock only to
refresh it, when a watched file changed (at most once a second).";

#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Install the hooks (default: post-commit, post-merge and post-rewrite).
    Install {
        /// post-commit, post-merge, post-checkout, post-rewrite or pre-push; repeatable.
        #[arg(long)]
        event: Vec<String>,
    },
    /// Remove cartograph's hooks and restore the ones they chained (default: all events).
    Uninstall {
        #[arg(long)]
        event: Vec<String>,
    },
    /// What is installed and how the last hook-started run ended.
    Status,
    /// Called by the installed hook script: decides and starts the background run.
    #[command(hide = true)]
    Run {
        #[arg(long)]
        event: String,
        /// The arguments git passed to the hook.
        #[arg(last = true)]
        git_args: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CacheAction {
    Stats,
    Verify,
    Gc,
    Clear,
}

/// `--max-cost`: a finite amount, 0 or more. Negative numbers reach this check (rather than
/// clap's "unexpected argument '-1'"), so the message says what a cap must be.
fn usd(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(amount) if amount.is_finite() && amount >= 0.0 => Ok(amount),
        _ => Err(format!(
            "a cost cap is a number of USD, 0 or more (e.g. 1.50), not `{text}`"
        )),
    }
}
