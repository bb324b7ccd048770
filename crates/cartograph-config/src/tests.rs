#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn loopback_urls() {
    assert!(is_loopback_url("http://127.0.0.1:11434/v1"));
    assert!(is_loopback_url("http://localhost/v1"));
    assert!(is_loopback_url("http://[::1]:8080"));
    assert!(!is_loopback_url("https://api.openai.com/v1"));
    assert!(!is_loopback_url("https://127.0.0.1.example.com/v1"));
}

#[test]
fn key_paths_read_like_toml() {
    let path = location::KeyPath::from(["models", "openai/gpt-4o"]).key("input");
    assert_eq!(path.to_string(), "models.\"openai/gpt-4o\".input");
    assert_eq!(
        location::KeyPath::from(["scan", "exclude"])
            .index(2)
            .to_string(),
        "scan.exclude[2]"
    );
    assert_eq!(
        location::KeyPath::from(["phases", "map"])
            .key("budget_tokens")
            .parent()
            .to_string(),
        "phases.map"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = "# é\n[output]\ndir = \"é\" # ü\nx = 1\n";
    let offset = text.find("x = 1").unwrap();
    let location = Location::at(std::path::Path::new("p.toml"), text, Some(offset));
    assert_eq!((location.line, location.column), (Some(4), Some(1)));
    let offset = text.find("# ü").unwrap();
    let location = Location::at(std::path::Path::new("p.toml"), text, Some(offset));
    assert_eq!((location.line, location.column), (Some(3), Some(11)));
    assert_eq!(
        Location::at(std::path::Path::new("p.toml"), text, Some(10_000)).line,
        None
    );
}

#[test]
fn typos_are_close_and_strangers_are_not() {
    assert_eq!(strsim::levenshtein("outptu", "output"), 2);
    assert!(is_close("outptu", "output"));
    assert!(is_close("max_output_token", "max_output_tokens"));
    assert!(!is_close("tool", "hook"));
    assert!(!is_close("stages", "scan"));
}
