//! Fuzzing the configuration parser (proptest, bounded for CI): whatever the text, parsing
//! returns a value or an error and never panics, and an error's line points inside the text.
//! The workspace's `tests/config_fuzz.rs` goes further: it builds the provider client and runs
//! the map phase from every configuration the loader accepts.
#![allow(clippy::unwrap_used)]

use cartograph_config::{parse_str, reference_toml};
use proptest::prelude::*;
use std::path::Path;

fn check(text: &str) {
    match parse_str(text, Path::new("pipeline.toml")) {
        Ok(_) => {}
        Err(error) => {
            let message = error.to_string();
            assert!(!message.is_empty());
            if let Some(line) = error.location().and_then(|location| location.line) {
                assert!(
                    line >= 1 && line <= text.lines().count().max(1) + 1,
                    "line {line} of {message}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(&text);
    }

    #[test]
    fn mutated_reference_never_panics(cut in 0usize..20_000, insert in "[\\[\\]=\"#a-z0-9_.\\n -]{0,30}") {
        let reference = reference_toml();
        let mut at = cut % reference.len().max(1);
        while !reference.is_char_boundary(at) {
            at -= 1;
        }
        let text = format!("{}{}{}", &reference[..at], insert, &reference[at..]);
        check(&text);
    }

    #[test]
    fn any_number_in_any_numeric_key_is_handled(value in prop_oneof![
        Just("nan".to_string()), Just("inf".to_string()), Just("-inf".to_string()),
        any::<i64>().prop_map(|n| n.to_string()), any::<f64>().prop_map(|n| format!("{n:?}")),
        "[0-9]{30,40}".prop_map(|digits| digits),
    ], key in prop_oneof![
        Just("[budget]\nmax_cost_usd"), Just("[scan]\nmax_file_bytes"), Just("[retry]\nbase_delay_ms"),
        Just("[phases.map]\nmax_output_tokens"), Just("[output]\nllms_txt_tokens"), Just("[cache]\nremote_ttl_days"),
        Just("[providers.openai]\ntimeout_secs"), Just("[providers.openai]\nmax_concurrency"),
    ]) {
        let text = format!("{key} = {value}\n");
        check(&text);
        // What the loader accepts lies inside the key's bounds.
        if let Ok(config) = parse_str(&text, Path::new("pipeline.toml")) {
            let provider = config.provider("openai").unwrap();
            prop_assert!(provider.timeout_secs > 0.0 && provider.timeout_secs <= 86_400.0);
            prop_assert!((1..=4_096).contains(&provider.max_concurrency));
            prop_assert!((1..=1 << 30).contains(&config.scan.max_file_bytes));
            prop_assert!(config.retry.base_delay_ms <= 3_600_000);
            prop_assert!(config.cache.remote_ttl_days <= 3_650);
        }
    }
}
