//! The curated rule table, in the spirit of gitleaks: one entry per shape of secret, each with the
//! keywords that must appear before its regex is worth running. Compiles the table; finds
//! nothing itself beyond what one rule sees.

use std::ops::Range;

use regex::Regex;

use crate::assignment::{self, NameCheck};
use crate::values::{is_allowlisted, is_filler, shannon_entropy};

/// One shape of secret. Several specs may share an id (`openai-key` has three formats); the
/// position in [`RULE_SPECS`] is the priority when two rules claim overlapping text.
pub(crate) struct RuleSpec {
    pub(crate) id: &'static str,
    /// Lower-case ASCII; the rule runs only on text that contains one of them, in any case.
    pub(crate) keywords: &'static [&'static str],
    pub(crate) shape: Shape,
}

pub(crate) enum Shape {
    /// A token with a recognisable format. `group` is the capture group that holds the
    /// secret (0 for the whole match); values below `min_entropy` are placeholders.
    Token {
        pattern: &'static str,
        group: usize,
        min_entropy: f64,
    },
    /// A value assigned to a name matching `name_pattern`; see `assignment`.
    Assignment {
        name_pattern: &'static str,
        name_check: NameCheck,
        min_entropy: f64,
    },
    /// A PEM or PGP private key block, with or without its END line.
    PrivateKeyBlock,
}

/// Names that `generic-secret` looks at. The keyword match is loose on purpose (`auth` also
/// finds `author`, `key` every map key); `assignment::name_holds_secret` then checks whole
/// words.
const SECRET_NAME: &str = concat!(
    r"[A-Za-z0-9_.-]*",
    r"(?i-u:pass|pwd|secret|token|auth|cred|key)",
    r"[A-Za-z0-9_.-]*",
);

/// Every built-in rule id, in priority order.
pub const RULE_IDS: &[&str] = &[
    "gcp-service-account",
    "private-key",
    "aws-access-key",
    "aws-secret-key",
    "gcp-api-key",
    "azure-storage-key",
    "azure-client-secret",
    "github-token",
    "gitlab-token",
    "slack-token",
    "slack-webhook",
    "stripe-key",
    "anthropic-key",
    "openai-key",
    "jwt",
    "url-password",
    "generic-secret",
];

pub(crate) const RULE_SPECS: &[RuleSpec] = &[
    // Before `private-key`, so the `private_key` field of a service-account file is reported
    // as what it is.
    RuleSpec {
        id: "gcp-service-account",
        keywords: &["private_key"],
        shape: Shape::Token {
            pattern: r#""private_key_id"[ \t]*:[ \t]*"([0-9a-f]{40})""#,
            group: 1,
            min_entropy: 0.0,
        },
    },
    RuleSpec {
        id: "gcp-service-account",
        keywords: &["private_key"],
        shape: Shape::Token {
            pattern: r#""private_key"[ \t]*:[ \t]*"(-----BEGIN[^"]{64,})""#,
            group: 1,
            min_entropy: 0.0,
        },
    },
    RuleSpec {
        id: "private-key",
        keywords: &["private key"],
        shape: Shape::PrivateKeyBlock,
    },
    RuleSpec {
        id: "aws-access-key",
        keywords: &["akia", "asia", "abia", "acca"],
        shape: Shape::Token {
            pattern: r"(?-u:\b)(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?-u:\b)",
            group: 0,
            min_entropy: 0.0,
        },
    },
    RuleSpec {
        id: "aws-secret-key",
        keywords: &["secret"],
        shape: Shape::Token {
            pattern: concat!(
                r"(?i-u:aws[A-Za-z0-9_.-]*secret|secret[A-Za-z0-9_.-]*aws|secret_?access_?key)",
                r#"[A-Za-z0-9_.-]*["']?[ \t]*(?:=>|:=|=|:)[ \t]*["']?"#,
                r"([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)",
            ),
            group: 1,
            min_entropy: 3.0,
        },
    },
    RuleSpec {
        id: "gcp-api-key",
        keywords: &["aiza"],
        shape: Shape::Token {
            pattern: r"AIza[0-9A-Za-z_-]{35}",
            group: 0,
            min_entropy: 0.0,
        },
    },
    RuleSpec {
        id: "azure-storage-key",
        keywords: &["accountkey"],
        shape: Shape::Token {
            pattern: r"(?i-u:AccountKey)[ \t]*=[ \t]*([A-Za-z0-9+/]{86,88}={0,2})",
            group: 1,
            min_entropy: 0.0,
        },
    },
    // Entra ID (Azure AD) client secrets carry `Q~` after three characters and a digit.
    RuleSpec {
        id: "azure-client-secret",
        keywords: &["q~"],
        shape: Shape::Token {
            pattern: r"[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}",
            group: 0,
            min_entropy: 3.0,
        },
    },
    RuleSpec {
        id: "azure-client-secret",
        keywords: &["azure"],
        shape: Shape::Assignment {
            name_pattern: r"[A-Za-z0-9_.-]*(?i-u:azure)[A-Za-z0-9_.-]*(?i-u:secret)[A-Za-z0-9_.-]*",
            name_check: NameCheck::Pinned,
            min_entropy: 3.5,
        },
    },
    RuleSpec {
        id: "github-token",
        keywords: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        shape: Shape::Token {
            pattern: r"(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{82,}",
            group: 0,
            min_entropy: 0.0,
        },
    },
    RuleSpec {
        id: "gitlab-token",
        keywords: &["glpat-"],
        shape: Shape::Token {
            pattern: r"glpat-[0-9A-Za-z_-]{20,}",
            group: 0,
            min_entropy: 0.0,
        },
    },
    RuleSpec {
        id: "slack-token",
        keywords: &["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"],
        shape: Shape::Token {
            pattern: r"xox[baprs]-[0-9A-Za-z][0-9A-Za-z-]{8,}",
            group: 0,
            min_entropy: 0.0,
        },
    },
    // Only the path is secret: `https://hooks.slack.com/services/[REDACTED:slack-webhook:1]`
    // still says what the URL was.
    RuleSpec {
        id: "slack-webhook",
        keywords: &["hooks.slack.com"],
        shape: Shape::Token {
            pattern: r"hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/+-]{20,})",
            group: 1,
            min_entropy: 0.0,
        },
    },
    RuleSpec {
        id: "stripe-key",
        keywords: &["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
        shape: Shape::Token {
            pattern: r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,}",
            group: 0,
            min_entropy: 0.0,
        },
    },
    // Before `openai-key`, whose generic `sk-` format must not claim Anthropic keys.
    RuleSpec {
        id: "anthropic-key",
        keywords: &["sk-ant-"],
        shape: Shape::Token {
            pattern: r"sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,}",
            group: 0,
            min_entropy: 0.0,
        },
    },
    RuleSpec {
        id: "openai-key",
        keywords: &["sk-"],
        shape: Shape::Token {
            pattern: concat!(
                r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}",
                r"|sk-[A-Za-z0-9]{20,}T3BlbkFJ[A-Za-z0-9]{20,}",
                r"|(?-u:\b)sk-[A-Za-z0-9]{48}(?-u:\b)",
            ),
            group: 0,
            min_entropy: 0.0,
        },
    },
    // Both header and payload start with `{"`, hence `eyJ`; the minimum lengths keep
    // `eyJhbGc.eyJ.x` in a tutorial sentence out.
    RuleSpec {
        id: "jwt",
        keywords: &["eyj"],
        shape: Shape::Token {
            pattern: r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+",
            group: 0,
            min_entropy: 0.0,
        },
    },
    // `postgres://app:s3cret@db/app`, `redis://:s3cret@cache`: only the password goes. The
    // host is part of the match so that `@db.example.com` marks documentation.
    RuleSpec {
        id: "url-password",
        keywords: &["://"],
        shape: Shape::Token {
            pattern: r#"[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s:@/?#'"]{0,128}:([^\s:@/?#'"]{3,256})@[^\s/?#'"]*"#,
            group: 1,
            // The generic threshold: `user:pass@`, `Aladdin:opensesame@` are documentation.
            min_entropy: 3.0,
        },
    },
    RuleSpec {
        id: "generic-secret",
        keywords: &["pass", "pwd", "secret", "token", "auth", "cred", "key"],
        shape: Shape::Assignment {
            name_pattern: SECRET_NAME,
            name_check: NameCheck::SecretWord,
            // 3.0 bits per character: eight distinct characters out of eight. Random tokens
            // score 4 to 6, English words and code identifiers 2 to 3.3.
            min_entropy: 3.0,
        },
    },
];

// The prefilter records active rules in a `u64`.
const _: () = assert!(RULE_SPECS.len() <= 64);

/// A rule ready to run.
pub(crate) struct Rule {
    pub(crate) id: &'static str,
    matcher: Matcher,
}

enum Matcher {
    Token {
        regex: Regex,
        group: usize,
        min_entropy: f64,
    },
    Assignment {
        regex: Regex,
        name_check: NameCheck,
        min_entropy: f64,
    },
    PrivateKeyBlock {
        begin: Regex,
        end: Regex,
    },
}

/// A rule whose regex did not compile, kept for the test that proves there are none.
#[derive(Debug)]
pub(crate) struct BrokenRule {
    pub(crate) id: &'static str,
    pub(crate) error: regex::Error,
}

/// Compiles every spec. A spec that fails to compile is returned in the second list instead of
/// panicking; a test keeps that list empty.
pub(crate) fn compile(specs: &[RuleSpec]) -> (Vec<Option<Rule>>, Vec<BrokenRule>) {
    let mut broken = Vec::new();
    let rules = specs
        .iter()
        .map(|spec| match compile_one(spec) {
            Ok(matcher) => Some(Rule {
                id: spec.id,
                matcher,
            }),
            Err(error) => {
                broken.push(BrokenRule { id: spec.id, error });
                None
            }
        })
        .collect();
    (rules, broken)
}

fn compile_one(spec: &RuleSpec) -> Result<Matcher, regex::Error> {
    Ok(match spec.shape {
        Shape::Token {
            pattern,
            group,
            min_entropy,
        } => Matcher::Token {
            regex: Regex::new(pattern)?,
            group,
            min_entropy,
        },
        Shape::Assignment {
            name_pattern,
            name_check,
            min_entropy,
        } => Matcher::Assignment {
            regex: Regex::new(&assignment::assignment_pattern(name_pattern))?,
            name_check,
            min_entropy,
        },
        Shape::PrivateKeyBlock => Matcher::PrivateKeyBlock {
            begin: Regex::new(r"-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----")?,
            end: Regex::new(r"-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----")?,
        },
    })
}

impl Rule {
    /// Byte ranges of this rule's secrets in `text`, in order.
    pub(crate) fn find(&self, text: &str) -> Vec<Range<usize>> {
        match &self.matcher {
            Matcher::Token {
                regex,
                group,
                min_entropy,
            } => regex
                .captures_iter(text)
                .filter_map(|captures| {
                    let secret = captures.get(*group)?;
                    let value = secret.as_str();
                    // The whole match too: `user:password@db.example.com` is documentation
                    // because of its host, not its password.
                    let is_placeholder = is_allowlisted(value)
                        || captures
                            .get(0)
                            .is_some_and(|whole| is_allowlisted(whole.as_str()))
                        || is_filler(value)
                        || shannon_entropy(value) < *min_entropy;
                    (!is_placeholder).then(|| secret.range())
                })
                .collect(),
            Matcher::Assignment {
                regex,
                name_check,
                min_entropy,
            } => assignment::find_secret_values(regex, *name_check, *min_entropy, text),
            Matcher::PrivateKeyBlock { begin, end } => find_private_key_blocks(begin, end, text),
        }
    }
}

/// How far past a BEGIN line to look for its END line. An 8192-bit RSA key is about 6.5 KiB;
/// the bound keeps text with many unmatched BEGIN lines linear.
const MAX_PRIVATE_KEY_LEN: usize = 64 * 1024;

/// A key body shorter than this (in base64 characters) is a placeholder such as `...` or
/// `<your key>`. Random base64 contains allowlist words often enough over a few kilobytes that
/// the usual allowlist would be a leak here, so key blocks are judged by size alone.
const MIN_PRIVATE_KEY_BODY: usize = 64;

/// `-----BEGIN ... PRIVATE KEY-----` through the matching END line. A block cut off before its
/// END line (a truncated prompt, a chunk boundary) still loses its body: the redaction runs
/// over the base64 and header lines that follow the BEGIN line.
fn find_private_key_blocks(begin: &Regex, end: &Regex, text: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut search_from = 0;
    while let Some(begin_match) = begin.find_at(text, search_from) {
        let body_start = begin_match.end();
        let window_end = floor_char_boundary(text, body_start.saturating_add(MAX_PRIVATE_KEY_LEN));
        let (body_end, block_end) = match end.find(&text[body_start..window_end]) {
            Some(end_match) => (body_start + end_match.start(), body_start + end_match.end()),
            None => {
                let body_end = body_start + unterminated_body_len(&text[body_start..]);
                (body_end, body_end)
            }
        };
        let n_base64 = text[body_start..body_end]
            .bytes()
            .filter(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'='))
            .count();
        if n_base64 >= MIN_PRIVATE_KEY_BODY {
            blocks.push(begin_match.start()..block_end);
            search_from = block_end.max(body_start);
        } else {
            // A placeholder block; a real one may still start inside what it spanned.
            search_from = body_start;
        }
    }
    blocks
}

/// The length of the key body after a BEGIN line that has no END line: the rest of the BEGIN
/// line if it holds only base64 and escaped newlines (a JSON string), then whole lines of
/// base64, PEM headers (`Proc-Type: ...`) or nothing.
fn unterminated_body_len(after_begin: &str) -> usize {
    let is_base64_or_escape = |line: &str| {
        line.replace("\\n", "")
            .replace("\\r", "")
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'='))
    };
    let is_pem_header = |line: &str| {
        line.split_once(": ").is_some_and(|(name, _)| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
        })
    };
    let mut len = 0;
    for (index, line) in after_begin.split_inclusive('\n').enumerate() {
        let content = line.trim();
        let belongs = if index == 0 {
            is_base64_or_escape(content)
        } else {
            content.is_empty() || is_base64_or_escape(content) || is_pem_header(content)
        };
        if !belongs {
            if index == 0 {
                // The BEGIN line goes on with something else: keep only its base64 run.
                return line
                    .find(|c: char| {
                        !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '\\'))
                    })
                    .unwrap_or(line.len());
            }
            break;
        }
        len += line.len();
    }
    len
}

/// The largest char boundary of `text` at or below `index`.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
