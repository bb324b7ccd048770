//! Languages cartograph recognises, and how a path (or a shebang line) names one.

use serde::{Deserialize, Serialize};

/// A file's language. Code languages get symbols and imports from `cartograph-lang`; the
/// others are recorded with tokens (and Markdown with its headings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Rust,
    Python,
    JavaScript,
    TypeScript,
    Tsx,
    Go,
    Java,
    C,
    Cpp,
    CSharp,
    Ruby,
    Php,
    Bash,
    Markdown,
    Toml,
    Json,
    Yaml,
    /// Any other text file.
    Text,
}

impl Language {
    /// Every language, in an order that cache records persist (a language's index): add new
    /// languages at the end only.
    pub const ALL: [Language; 18] = [
        Language::Rust,
        Language::Python,
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Go,
        Language::Java,
        Language::C,
        Language::Cpp,
        Language::CSharp,
        Language::Ruby,
        Language::Php,
        Language::Bash,
        Language::Markdown,
        Language::Toml,
        Language::Json,
        Language::Yaml,
        Language::Text,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Tsx => "tsx",
            Language::Go => "go",
            Language::Java => "java",
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::CSharp => "csharp",
            Language::Ruby => "ruby",
            Language::Php => "php",
            Language::Bash => "bash",
            Language::Markdown => "markdown",
            Language::Toml => "toml",
            Language::Json => "json",
            Language::Yaml => "yaml",
            Language::Text => "text",
        }
    }

    pub fn from_name(name: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.name() == name)
    }

    /// True for languages with a tree-sitter grammar and symbol queries.
    pub fn is_code(self) -> bool {
        !matches!(
            self,
            Language::Markdown | Language::Toml | Language::Json | Language::Yaml | Language::Text
        )
    }

    /// Guesses the language from a file name alone.
    pub fn from_file_name(file_name: &str) -> Language {
        let lower = file_name.to_ascii_lowercase();
        match lower.as_str() {
            "cargo.lock" | "pipfile.lock" | "poetry.lock" | "uv.lock" => return Language::Toml,
            "makefile" | "dockerfile" | "license" | "copying" => return Language::Text,
            ".bashrc" | ".bash_profile" | ".profile" | ".zshrc" => return Language::Bash,
            "gemfile" | "rakefile" | "guardfile" | "podfile" => return Language::Ruby,
            _ => {}
        }
        let Some(dot) = lower.rfind('.') else {
            return Language::Text;
        };
        match &lower[dot + 1..] {
            "rs" => Language::Rust,
            "py" | "pyi" | "pyw" => Language::Python,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "go" => Language::Go,
            "java" => Language::Java,
            "c" | "h" => Language::C,
            "cc" | "cpp" | "cxx" | "c++" | "hpp" | "hh" | "hxx" | "h++" | "ipp" | "tpp" => {
                Language::Cpp
            }
            "cs" => Language::CSharp,
            "rb" | "rake" | "gemspec" => Language::Ruby,
            "php" | "phtml" => Language::Php,
            "sh" | "bash" | "zsh" | "ksh" | "bats" => Language::Bash,
            "md" | "markdown" | "mdx" => Language::Markdown,
            "toml" => Language::Toml,
            "json" | "jsonc" | "json5" | "ipynb" => Language::Json,
            "yaml" | "yml" => Language::Yaml,
            _ => Language::Text,
        }
    }

    /// Refines a `Text` guess from the first line: `#!/usr/bin/env python3` and the like.
    pub fn from_shebang(first_line: &str) -> Option<Language> {
        let line = first_line.strip_prefix("#!")?;
        let mut words = line.split_whitespace();
        let mut program = words.next()?.rsplit('/').next()?;
        if program == "env" {
            program = words.find(|word| !word.starts_with('-'))?;
        }
        let program = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        match program {
            "sh" | "bash" | "zsh" | "ksh" | "dash" => Some(Language::Bash),
            "python" => Some(Language::Python),
            "node" | "nodejs" => Some(Language::JavaScript),
            "ruby" => Some(Language::Ruby),
            "php" => Some(Language::Php),
            _ => None,
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for language in Language::ALL {
            assert_eq!(Language::from_name(language.name()), Some(language));
        }
    }

    #[test]
    fn detects_by_extension_and_shebang() {
        assert_eq!(Language::from_file_name("lib.RS"), Language::Rust);
        assert_eq!(Language::from_file_name("App.tsx"), Language::Tsx);
        assert_eq!(Language::from_file_name("x.hpp"), Language::Cpp);
        assert_eq!(Language::from_file_name("README"), Language::Text);
        assert_eq!(
            Language::from_shebang("#!/usr/bin/env python3"),
            Some(Language::Python)
        );
        assert_eq!(
            Language::from_shebang("#!/bin/bash -e"),
            Some(Language::Bash)
        );
        assert_eq!(Language::from_shebang("# not a shebang"), None);
    }
}
