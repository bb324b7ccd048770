//! Fuzzing the configuration parser (proptest, bounded for CI): whatever the text, parsing
//! returns a value or an error and never panics, and an error's line points inside the text.
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
    ]) {
        check(&format!("{key} = {value}\n"));
    }
}
