//! The cost ledger, `.cartograph/ledger.jsonl`: one JSON line per provider attempt, appended
//! and flushed to disk (`sync_data`) before the attempt's result is used, plus one closing
//! `outcome: "run"` row per run with its cache hits and what they saved. It is the source of
//! truth for `cartograph costs`; reading it tolerates a line torn by a crash.

use crate::error::LlmError;
use cartograph_core::Phase;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    /// Failed; the same model is tried again.
    Retried,
    /// 429 (or a rate-limit error event).
    RateLimited,
    Timeout,
    /// The reply ended before its terminal event or length.
    Truncated,
    /// Failed; the chain moves on (or the run stops).
    Failed,
    /// Not sent: the model's breaker was open.
    BreakerOpen,
    /// The closing row of a run: cache hits and savings.
    Run,
    /// Written by a newer version.
    #[serde(other)]
    Other,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Retried => "retried",
            Outcome::RateLimited => "rate_limited",
            Outcome::Timeout => "timeout",
            Outcome::Truncated => "truncated",
            Outcome::Failed => "failed",
            Outcome::BreakerOpen => "breaker_open",
            Outcome::Run => "run",
            Outcome::Other => "other",
        }
    }

    /// Whether a request went to the provider.
    pub fn is_attempt(self) -> bool {
        !matches!(self, Outcome::BreakerOpen | Outcome::Run | Outcome::Other)
    }
}

/// The cache hits of one model in one phase of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacheHits {
    pub phase: Phase,
    pub provider: String,
    pub model: String,
    pub calls: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// What the hits would have cost (their original cost, or today's price).
    pub saved_usd: f64,
}

/// One line of the ledger. Field names are stable (docs/reference.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// RFC 3339, UTC, milliseconds.
    pub ts: String,
    pub run_id: String,
    /// `null` in the closing `run` row.
    pub phase: Option<Phase>,
    /// Empty in the closing `run` row.
    pub provider: String,
    /// The model requested (without the provider prefix); empty in the closing `run` row.
    pub model: String,
    /// What the provider says served the request; `null` when no reply came.
    pub served_model: Option<String>,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Prompt tokens served from the provider's prompt cache (part of `prompt_tokens`).
    pub cached_tokens: u64,
    /// The provider reported no usage (or the outcome is unknown): local estimates.
    pub tokens_estimated: bool,
    /// `null` when the price is unknown, never 0 for "unknown".
    pub cost_usd: Option<f64>,
    pub latency_ms: u64,
    /// 1 for the first attempt of a model within a request.
    pub attempt: u32,
    pub outcome: Outcome,
    #[serde(default)]
    pub files: Vec<String>,
    #[serde(default)]
    pub redactions: u32,
    /// Only in the closing `run` row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cache_hits: Vec<CacheHits>,
    /// Why the attempt failed, one line, no key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub(crate) fn now_rfc3339() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

/// An append-only ledger file. Cloning shares the file. Concurrent appends are group-committed:
/// each waits for a `sync_data` that covers its row, and one sync covers every row written
/// before it.
#[derive(Debug, Clone)]
pub struct Ledger {
    inner: Arc<LedgerInner>,
}

#[derive(Debug)]
struct LedgerInner {
    path: PathBuf,
    /// Rows encoded but not yet written.
    pending: Mutex<Pending>,
    /// Held by whoever writes and syncs.
    file: Mutex<File>,
    /// Every row up to this sequence number is on disk.
    synced: AtomicU64,
    /// Ranges of sequence numbers whose rows were lost to a failed write, and why.
    failed: Mutex<Vec<(u64, u64, String)>>,
}

#[derive(Debug, Default)]
struct Pending {
    bytes: Vec<u8>,
    /// The sequence number of the last row encoded.
    last: u64,
    /// Rows up to this sequence number have been taken by a writer.
    taken: u64,
}

impl Ledger {
    /// Opens (creating it and its folder) the ledger at `path`.
    pub fn open(path: &Path) -> Result<Ledger, LlmError> {
        let error = |what: &str, error: std::io::Error| LlmError::Ledger {
            path: path.display().to_string(),
            detail: format!("{what}: {error}"),
        };
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|e| error("cannot create its folder", e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| error("cannot open", e))?;
        // A crash may have left a torn last line; start ours on a fresh line.
        let length = file.metadata().map_err(|e| error("cannot stat", e))?.len();
        if length > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(length - 1))
                .map_err(|e| error("cannot read", e))?;
            file.read_exact(&mut last)
                .map_err(|e| error("cannot read", e))?;
            if last[0] != b'\n' {
                file.write_all(b"\n")
                    .map_err(|e| error("cannot write", e))?;
            }
        }
        Ok(Ledger {
            inner: Arc::new(LedgerInner {
                path: path.to_path_buf(),
                pending: Mutex::new(Pending::default()),
                file: Mutex::new(file),
                synced: AtomicU64::new(0),
                failed: Mutex::new(Vec::new()),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Writes one JSON line and returns once it is on disk.
    pub fn append(&self, row: &LedgerRow) -> Result<(), LlmError> {
        let inner = &self.inner;
        let ledger_error = |detail: String| LlmError::Ledger {
            path: inner.path.display().to_string(),
            detail,
        };
        let mut line = serde_json::to_vec(row)
            .map_err(|error| ledger_error(format!("cannot encode a row: {error}")))?;
        line.push(b'\n');
        let sequence = {
            let mut pending = inner.pending.lock().unwrap_or_else(PoisonError::into_inner);
            pending.bytes.extend_from_slice(&line);
            pending.last += 1;
            pending.last
        };
        let mut file = inner.file.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let failed = inner.failed.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((_, _, detail)) = failed
                .iter()
                .find(|(first, last, _)| (*first..=*last).contains(&sequence))
            {
                return Err(ledger_error(detail.clone()));
            }
        }
        if inner.synced.load(Ordering::Acquire) >= sequence {
            return Ok(()); // another append wrote and synced this row with its own
        }
        let (bytes, first, last) = {
            let mut pending = inner.pending.lock().unwrap_or_else(PoisonError::into_inner);
            let first = pending.taken + 1;
            pending.taken = pending.last;
            (std::mem::take(&mut pending.bytes), first, pending.last)
        };
        let written = file.write_all(&bytes).and_then(|()| file.sync_data());
        match written {
            Ok(()) => {
                inner.synced.store(last, Ordering::Release);
                Ok(())
            }
            Err(error) => {
                let detail = format!("cannot write: {error}");
                let mut failed = inner.failed.lock().unwrap_or_else(PoisonError::into_inner);
                failed.push((first, last, detail.clone()));
                Err(ledger_error(detail))
            }
        }
    }
}

/// Reads every row. A missing file is an empty ledger; a line that does not parse (the torn
/// last line of a crash, or a row of a foreign format) is skipped.
pub fn read_ledger(path: &Path) -> Result<Vec<LedgerRow>, LlmError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(LlmError::Ledger {
                path: path.display().to_string(),
                detail: format!("cannot open: {error}"),
            })
        }
    };
    let mut rows = Vec::new();
    for (number, line) in BufReader::new(file).split(b'\n').enumerate() {
        let line = line.map_err(|error| LlmError::Ledger {
            path: path.display().to_string(),
            detail: format!("cannot read: {error}"),
        })?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<LedgerRow>(&line) {
            Ok(row) => rows.push(row),
            Err(error) => tracing::debug!(line = number + 1, %error, "skipping a ledger line"),
        }
    }
    Ok(rows)
}

/// Totals of some ledger rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CostTotals {
    /// Requests sent to providers (attempts, failed ones included).
    pub calls: u64,
    /// Requests answered from the response cache.
    pub cached_calls: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    /// Prompt tokens the provider served from its prompt cache.
    pub cached_tokens: u64,
    /// Known costs only; see `unpriced_calls`.
    pub cost_usd: f64,
    /// What the response cache saved.
    pub saved_usd: f64,
    /// Attempts whose cost is unknown.
    pub unpriced_calls: u64,
    /// Attempts that did not succeed.
    pub failed_calls: u64,
}

impl CostTotals {
    fn add_attempt(&mut self, row: &LedgerRow) {
        self.calls += 1;
        self.prompt_tokens += row.prompt_tokens;
        self.completion_tokens += row.completion_tokens;
        self.cached_tokens += row.cached_tokens;
        match row.cost_usd {
            Some(cost) if cost.is_finite() => self.cost_usd += cost,
            _ => self.unpriced_calls += 1,
        }
        if row.outcome != Outcome::Ok {
            self.failed_calls += 1;
        }
    }

    fn add_hits(&mut self, hits: &CacheHits) {
        self.cached_calls += hits.calls;
        if hits.saved_usd.is_finite() {
            self.saved_usd += hits.saved_usd;
        }
    }
}

/// `cartograph costs`: totals, and the same by phase, model (`provider/model`), provider and
/// UTC day. Field names are `costs --json`'s (docs/reference.md).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CostReport {
    #[serde(flatten)]
    pub total: CostTotals,
    pub by_phase: BTreeMap<String, CostTotals>,
    pub by_model: BTreeMap<String, CostTotals>,
    pub by_provider: BTreeMap<String, CostTotals>,
    pub by_day: BTreeMap<String, CostTotals>,
    /// Distinct runs seen.
    pub runs: u64,
}

/// Sums `rows`, keeping those of `since` (a `YYYY-MM-DD` UTC date) and later.
pub fn cost_report(rows: &[LedgerRow], since: Option<&str>) -> CostReport {
    let mut report = CostReport::default();
    let mut runs = std::collections::BTreeSet::new();
    for row in rows {
        let day = row.ts.get(..10).unwrap_or(&row.ts).to_string();
        if since.is_some_and(|since| day.as_str() < since) {
            continue;
        }
        runs.insert(row.run_id.clone());
        if row.outcome == Outcome::Run {
            for hits in &row.cache_hits {
                report.total.add_hits(hits);
                report
                    .by_phase
                    .entry(hits.phase.to_string())
                    .or_default()
                    .add_hits(hits);
                report
                    .by_model
                    .entry(format!("{}/{}", hits.provider, hits.model))
                    .or_default()
                    .add_hits(hits);
                report
                    .by_provider
                    .entry(hits.provider.clone())
                    .or_default()
                    .add_hits(hits);
                report.by_day.entry(day.clone()).or_default().add_hits(hits);
            }
            continue;
        }
        if !row.outcome.is_attempt() {
            continue;
        }
        report.total.add_attempt(row);
        if let Some(phase) = row.phase {
            report
                .by_phase
                .entry(phase.to_string())
                .or_default()
                .add_attempt(row);
        }
        report
            .by_model
            .entry(format!("{}/{}", row.provider, row.model))
            .or_default()
            .add_attempt(row);
        report
            .by_provider
            .entry(row.provider.clone())
            .or_default()
            .add_attempt(row);
        report.by_day.entry(day).or_default().add_attempt(row);
    }
    report.runs = runs.len() as u64;
    report
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn row(ts: &str, phase: Phase, model: &str, outcome: Outcome, cost: Option<f64>) -> LedgerRow {
        LedgerRow {
            ts: ts.into(),
            run_id: "r1".into(),
            phase: Some(phase),
            provider: "openai".into(),
            model: model.into(),
            served_model: Some(model.into()),
            prompt_tokens: 100,
            completion_tokens: 10,
            cached_tokens: 40,
            tokens_estimated: false,
            cost_usd: cost,
            latency_ms: 5,
            attempt: 1,
            outcome,
            files: vec!["src/lib.rs".into()],
            redactions: 0,
            cache_hits: Vec::new(),
            error: None,
        }
    }

    #[test]
    fn rows_round_trip_with_exact_field_names() {
        let row = row(
            "2026-11-27T10:00:00.000Z",
            Phase::Map,
            "gpt-4o-mini",
            Outcome::RateLimited,
            None,
        );
        let json = serde_json::to_value(&row).unwrap();
        for field in [
            "ts",
            "run_id",
            "phase",
            "provider",
            "model",
            "served_model",
            "prompt_tokens",
            "completion_tokens",
            "cached_tokens",
            "tokens_estimated",
            "cost_usd",
            "latency_ms",
            "attempt",
            "outcome",
            "files",
            "redactions",
        ] {
            assert!(json.get(field).is_some(), "field {field}");
        }
        assert_eq!(json["cost_usd"], serde_json::Value::Null);
        assert_eq!(json["outcome"], "rate_limited");
        assert_eq!(json["phase"], "map");
        assert!(json.get("cache_hits").is_none());
        let back: LedgerRow = serde_json::from_value(json).unwrap();
        assert_eq!(back, row);
    }

    #[test]
    fn appends_survive_a_torn_line_and_concurrency() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".cartograph/ledger.jsonl");
        let ledger = Ledger::open(&path).unwrap();
        ledger
            .append(&row(
                "2026-11-27T10:00:00.000Z",
                Phase::Map,
                "m",
                Outcome::Ok,
                Some(0.1),
            ))
            .unwrap();
        // A crash mid-write leaves half a line.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"ts\":\"20")
            .unwrap();
        drop(ledger);
        let ledger = Ledger::open(&path).unwrap();
        std::thread::scope(|scope| {
            for _ in 0..8 {
                let ledger = ledger.clone();
                scope.spawn(move || {
                    for _ in 0..10 {
                        ledger
                            .append(&row(
                                "2026-11-28T10:00:00.000Z",
                                Phase::Run,
                                "m",
                                Outcome::Ok,
                                Some(0.1),
                            ))
                            .unwrap();
                    }
                });
            }
        });
        let rows = read_ledger(&path).unwrap();
        assert_eq!(rows.len(), 81);
        // A torn last line is skipped too.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"ts\":")
            .unwrap();
        assert_eq!(read_ledger(&path).unwrap().len(), 81);
        assert!(read_ledger(&dir.path().join("missing.jsonl"))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn report_totals_and_breakdowns() {
        let mut rows = vec![
            row(
                "2026-11-27T10:00:00.000Z",
                Phase::Map,
                "gpt-4o-mini",
                Outcome::Ok,
                Some(0.25),
            ),
            row(
                "2026-11-27T10:00:01.000Z",
                Phase::Map,
                "gpt-4o-mini",
                Outcome::RateLimited,
                Some(0.0),
            ),
            row(
                "2026-11-28T09:00:00.000Z",
                Phase::Run,
                "gpt-4o",
                Outcome::Ok,
                None,
            ),
        ];
        let mut breaker = row(
            "2026-11-28T09:00:00.000Z",
            Phase::Run,
            "gpt-4o",
            Outcome::BreakerOpen,
            Some(0.0),
        );
        breaker.prompt_tokens = 0;
        rows.push(breaker);
        let mut run = row(
            "2026-11-28T09:01:00.000Z",
            Phase::Map,
            "",
            Outcome::Run,
            None,
        );
        run.phase = None;
        run.cache_hits = vec![CacheHits {
            phase: Phase::Map,
            provider: "openai".into(),
            model: "gpt-4o-mini".into(),
            calls: 3,
            prompt_tokens: 300,
            completion_tokens: 30,
            saved_usd: 0.75,
        }];
        rows.push(run);

        let report = cost_report(&rows, None);
        assert_eq!(report.total.calls, 3);
        assert_eq!(report.total.cached_calls, 3);
        assert_eq!(report.total.prompt_tokens, 300);
        assert_eq!(report.total.cached_tokens, 120);
        assert!((report.total.cost_usd - 0.25).abs() < 1e-12);
        assert!((report.total.saved_usd - 0.75).abs() < 1e-12);
        assert_eq!(report.total.unpriced_calls, 1);
        assert_eq!(report.by_phase["map"].calls, 2);
        assert_eq!(report.by_phase["map"].cached_calls, 3);
        assert_eq!(report.by_model["openai/gpt-4o"].calls, 1);
        assert_eq!(report.by_provider["openai"].calls, 3);
        assert_eq!(report.by_day["2026-11-27"].calls, 2);
        assert_eq!(report.by_day["2026-11-28"].cached_calls, 3);

        let since = cost_report(&rows, Some("2026-11-28"));
        assert_eq!(since.total.calls, 1);
        assert_eq!(since.total.cached_calls, 3);

        let json = serde_json::to_value(&report).unwrap();
        for field in [
            "calls",
            "cached_calls",
            "prompt_tokens",
            "completion_tokens",
            "cached_tokens",
            "cost_usd",
            "saved_usd",
            "by_phase",
            "by_model",
            "by_provider",
            "by_day",
        ] {
            assert!(json.get(field).is_some(), "field {field}");
        }
    }
}
