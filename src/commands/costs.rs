//! `cartograph costs`: the ledger, totalled by phase, model, provider and day. Reads only the
//! ledger file, so it answers while a run holds the lock.

use crate::app::Context;
use crate::exit::{coded, Exit};
use crate::out::sayln;
use anyhow::Result;

pub fn run(context: &Context, since: Option<&str>) -> Result<Exit> {
    if let Some(date) = since {
        let valid = date.len() == 10
            && date.chars().enumerate().all(|(index, c)| {
                if index == 4 || index == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        // The shape alone lets `2024-13-45` and `2024-02-30` through: the calendar decides.
        let valid = valid && humantime::parse_rfc3339(&format!("{date}T00:00:00Z")).is_ok();
        if !valid {
            return Err(coded(
                Exit::Usage,
                format!("--since takes a real UTC date as YYYY-MM-DD, not `{date}`"),
            ));
        }
    }
    let path = context.state_dir().join("ledger.jsonl");
    let rows = if path.exists() {
        cartograph_llm::read_ledger(&path)?
    } else {
        Vec::new()
    };
    let report = cartograph_llm::cost_report(&rows, since);
    if context.global_json {
        super::print_json(&report)?;
        return Ok(Exit::Done);
    }
    let totals = serde_json::to_value(&report)?;
    let number = |value: &serde_json::Value, key: &str| {
        value.get(key).and_then(|v| v.as_f64()).unwrap_or(0.0)
    };
    sayln!(
        "calls {} ({} from cache) · tokens {} in / {} out ({} cached) · cost ${:.4} · saved ${:.4}",
        number(&totals, "calls"),
        number(&totals, "cached_calls"),
        number(&totals, "prompt_tokens"),
        number(&totals, "completion_tokens"),
        number(&totals, "cached_tokens"),
        number(&totals, "cost_usd"),
        number(&totals, "saved_usd"),
    );
    for section in ["by_phase", "by_model", "by_provider", "by_day"] {
        let Some(rows) = totals.get(section).and_then(|value| value.as_object()) else {
            continue;
        };
        if rows.is_empty() {
            continue;
        }
        sayln!("{}:", section.trim_start_matches("by_"));
        for (name, row) in rows {
            sayln!(
                "  {name:<40} {:>6} calls  {:>10} in  {:>8} out  ${:.4}",
                number(row, "calls"),
                number(row, "prompt_tokens"),
                number(row, "completion_tokens"),
                number(row, "cost_usd")
            );
        }
    }
    Ok(Exit::Done)
}
