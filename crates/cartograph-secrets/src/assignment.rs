//! Finds `name = value` assignments whose value is a secret: `password = "..."` in code,
//! `API_KEY=...` in env files, `"token": "..."` in JSON and YAML. Only the value is reported, so
//! the name stays readable. Most of the work is telling a literal secret apart from code that
//! merely mentions one (`let token = parser.next_token();`).

use std::ops::Range;

use regex::{Captures, Match, Regex};

use crate::values::{is_allowlisted, is_filler, shannon_entropy};

/// How much a rule trusts the name its regex found.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NameCheck {
    /// The regex only finds a keyword somewhere in the name; a segment of the name must be a
    /// secret word (`db_password`, `apiKey`), not merely contain one (`author`, `tokenizer`).
    SecretWord,
    /// The regex already pins the name (`AZURE_CLIENT_SECRET`); only reject names that describe
    /// the secret instead of holding it (`..._SECRET_NAME`).
    Pinned,
}

/// The shortest value worth redacting: shorter values are defaults, flags and test values far
/// more often than credentials.
const MIN_VALUE_LEN: usize = 8;

/// The regex for assignments to a name matching `name_pattern`, which must be ASCII and
/// case-insensitive on its own (`(?i-u:...)`): Unicode case folding would turn every `[A-Za-z]`
/// into a non-ASCII class and halve the speed. Named groups: `name`, `op`, the
/// value as `dq`, `sq` or `bq` (double, single, back quotes) or `bare`, and an optional
/// `scheme` (`Bearer`) before a bare value; or, for an XML element, `xml_name` and `xml`.
pub(crate) fn assignment_pattern(name_pattern: &str) -> String {
    // `<password>...</password>` in Maven settings, .NET and Tomcat configs.
    const BEFORE_XML_NAME: &str = "<(?P<xml_name>";
    const AFTER_XML_NAME: &str = r")>(?P<xml>[^<\r\n]{1,256})</|";
    // Pieces, in order: the name and an optional closing quote and bracket (JSON, YAML, PHP
    // keys, `config['SECRET_KEY']`); an optional type annotation (`: &str`,
    // `: Option<String>`); the operator; an optional wrapper call (`String::from(`, `Some(`)
    // whose string argument is the value; the value. Spaces and tabs only around the
    // operator: `\s` would let `TOKEN=` at the end of a line take the first word of the next
    // line as its value.
    const BEFORE_NAME: &str = "(?P<name>";
    const AFTER_NAME: &str = concat!(
        r#")["']?\]?"#,
        r#"(?P<type>[ \t]*:[ \t]*&?(?:'static[ \t]+)?(?:mut[ \t]+)?[A-Za-z_][A-Za-z0-9_:<>]*)?"#,
        r#"[ \t]*(?P<op>=>|:=|==|=|:)[ \t]*"#,
        r#"(?:(?:[A-Za-z_][A-Za-z0-9_]*::)?(?:from|new)\([ \t]*|Some\([ \t]*)?"#,
        r#"(?:"(?P<dq>(?:[^"\\\r\n]|\\.)*)""#,
        r#"|'(?P<sq>(?:[^'\\\r\n]|\\.)*)'"#,
        r#"|`(?P<bq>[^`\r\n]*)`"#,
        r#"|(?:(?P<scheme>(?i-u:bearer|basic|token))[ \t]+)?(?P<bare>[^\s"'`,;)}\]]+))"#,
    );
    [
        BEFORE_XML_NAME,
        name_pattern,
        AFTER_XML_NAME,
        BEFORE_NAME,
        name_pattern,
        AFTER_NAME,
    ]
    .concat()
}

/// Byte ranges of secret values assigned in `text`, in order.
pub(crate) fn find_secret_values(
    regex: &Regex,
    name_check: NameCheck,
    min_entropy: f64,
    text: &str,
) -> Vec<Range<usize>> {
    regex
        .captures_iter(text)
        .filter_map(|captures| secret_value(&captures, name_check, min_entropy, text))
        .collect()
}

fn secret_value(
    captures: &Captures<'_>,
    name_check: NameCheck,
    min_entropy: f64,
    text: &str,
) -> Option<Range<usize>> {
    let name = captures
        .name("name")
        .or_else(|| captures.name("xml_name"))?;
    let op = captures.name("op");
    // `token == "abc"` compares; it does not assign. A type annotation is followed by `=`;
    // before any other operator it was something else (`[link]: https://...`).
    let op_text = op.map_or("", |op| op.as_str());
    if op_text == "==" || (captures.name("type").is_some() && op_text != "=") {
        return None;
    }
    if !name_holds_secret(name.as_str(), name_check) {
        return None;
    }
    let (value, quoted) = match ["dq", "sq", "bq", "xml"]
        .iter()
        .find_map(|group| captures.name(group))
    {
        Some(quoted_value) => (quoted_value, true),
        None => (captures.name("bare")?, false),
    };
    let mut range = value.range();
    if quoted {
        range.start += auth_scheme_len(value.as_str());
    } else {
        range.end = range.start + bare_value_len(value.as_str());
    }
    let value_text = &text[range.clone()];
    if value_text.chars().count() < MIN_VALUE_LEN
        || is_allowlisted(value_text)
        || is_shell_reference(value_text)
    {
        return None;
    }
    let env_style = !quoted && op.is_some_and(|op| is_env_style(name, op, range.start));
    if !quoted && !env_style {
        let whole_line = fills_its_line(text, name.start(), range.end);
        if is_code_reference(value_text, whole_line) {
            return None;
        }
    }
    if looks_like_non_secret(value_text, env_style) || is_filler(value_text) {
        return None;
    }
    (shannon_entropy(value_text) >= min_entropy).then_some(range)
}

/// `Bearer ` in `"Bearer abc..."`: the scheme is not secret and keeping it keeps the header
/// readable.
fn auth_scheme_len(value: &str) -> usize {
    ["bearer ", "basic ", "token "]
        .iter()
        .find(|scheme| {
            value
                .get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
        })
        .map_or(0, |scheme| scheme.len())
}

/// Where an unquoted value really ends. In a URL, `access_token=abc&page=2` ends before
/// `&name=`; an `&` not followed by a parameter is part of the value (`DB_PASSWORD=a&b`). In a
/// string literal, `auth: abc\r\nHost: ...` ends at the escaped line break.
fn bare_value_len(value: &str) -> usize {
    let escape = value
        .find('\\')
        .filter(|&backslash| value[backslash + 1..].starts_with(['r', 'n', 't', '0', 'x']))
        .unwrap_or(value.len());
    let value = &value[..escape];
    value
        .match_indices('&')
        .find(|&(ampersand, _)| {
            let rest = &value[ampersand + 1..];
            rest.split_once('=').is_some_and(|(parameter, _)| {
                !parameter.is_empty()
                    && parameter
                        .bytes()
                        .all(|byte| byte.is_ascii_alphanumeric() || b"_.-[]".contains(&byte))
            })
        })
        .map_or(value.len(), |(ampersand, _)| ampersand)
}

/// `$DB_PASSWORD`, `${TOKEN}`, `$(gh auth token)`: the shell fills these in, in env files too.
/// A bcrypt hash (`$2b$12$...`) starts with a digit and stays a literal.
fn is_shell_reference(value: &str) -> bool {
    value.strip_prefix('$').is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_alphabetic() || "_{(".contains(c))
    })
}

/// `API_KEY=abc` with no spaces and an upper-case name: a dotenv file, a shell script, a
/// Dockerfile. There the value is a literal whatever it looks like. Only with `=`: `:` is YAML
/// or code, and in `AES_KEY::derive` a path.
fn is_env_style(name: Match<'_>, op: Match<'_>, value_start: usize) -> bool {
    op.as_str() == "="
        && name.end() == op.start()
        && op.end() == value_start
        && name.as_str().bytes().any(|byte| byte.is_ascii_uppercase())
        && name
            .as_str()
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_')
}

/// Whether the assignment is alone on its line (`  password: hunter2x`, `export TOKEN=...`), as
/// in YAML and env files, rather than in the middle of code.
fn fills_its_line(text: &str, name_start: usize, value_end: usize) -> bool {
    let line_start = text[..name_start]
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    let line_end = text[value_end..]
        .find('\n')
        .map_or(text.len(), |newline| value_end + newline);
    let before = text[line_start..name_start].trim();
    let after = text[value_end..line_end].trim();
    matches!(before, "" | "-" | "export" | "set") && (after.is_empty() || after.starts_with('#'))
}

/// Whether an unquoted value is code rather than a literal: a call, an index, a field access, a
/// variable, a type. Inside a line of code only random-looking identifiers count as literals;
/// on a line of its own (YAML, config) every word does except those shaped like names and
/// types.
fn is_code_reference(value: &str, whole_line: bool) -> bool {
    const CODE_STARTS: &[char] = &[
        '$', '@', '&', '*', '%', '!', '<', '>', '{', '(', '[', ':', '=', '#', '?', '|', '\\', '+',
    ];
    // Calls, indexing, blocks, generics (`Option<T`), closures (`|token|`), `?`.
    if value.starts_with(CODE_STARTS)
        || value.contains(['(', '[', '{', '<', '>', '|', '?'])
        || value.contains("::")
        || value.contains("->")
    {
        return true;
    }
    let is_identifier_part = |part: &str| {
        !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if value.contains('.') && value.split('.').all(is_identifier_part) {
        let starts_with_letter = value.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if starts_with_letter {
            return true; // `config.token`, `os.environ`, `self.password`
        }
    }
    if !is_identifier_part(value) {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "none" | "null" | "nil" | "true" | "false" | "undefined" | "nothing"
    ) {
        return true;
    }
    let n_digits = value.bytes().filter(u8::is_ascii_digit).count();
    let has_upper = value.bytes().any(|byte| byte.is_ascii_uppercase());
    let has_lower = value.bytes().any(|byte| byte.is_ascii_lowercase());
    if whole_line {
        // `get_password`, `SecretStr`, `userPassword`: names and types even on a line of their
        // own.
        n_digits == 0 && (value.contains('_') || (has_upper && has_lower))
    } else {
        // In the middle of code an identifier is a name unless it flips between letters and
        // digits like generated text does: `Zx9Lm2Pq7wQ` flips six times, `Sha256Hasher`
        // twice. A whole word between underscores (`D3D12_STENCIL_OP`) marks a constant.
        let n_flips = value
            .as_bytes()
            .windows(2)
            .filter(|pair| pair[0].is_ascii_digit() != pair[1].is_ascii_digit())
            .count();
        let has_word_part = value
            .split('_')
            .any(|part| part.len() >= 4 && part.bytes().all(|byte| byte.is_ascii_alphabetic()));
        n_flips < 3 || has_word_part
    }
}

/// Values that are plainly not credentials whatever name holds them: prose, URLs without a
/// password, file paths and names, identifiers, words, numbers. An env file (`env_style`) is
/// trusted to hold literals, so a plain word there still counts as a password.
fn looks_like_non_secret(value: &str, env_style: bool) -> bool {
    // Machine secrets have no spaces; a value with spaces is a message, a label, a prompt.
    if value.contains(char::is_whitespace) {
        return true;
    }
    // A URL with a password inside is the `url-password` rule's business.
    if let Some(scheme_end) = value.find("://") {
        let scheme = &value[..scheme_end];
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        {
            return true;
        }
    }
    is_number_literal(value)
        || is_path(value)
        || is_file_name(value)
        || is_joined_words(value)
        || is_env_var_name(value)
        || is_code_path(value)
        || (!env_style && is_word_like(value))
}

/// Ports, timeouts, error codes: `3600`, `-2147217308i32`, `0x8004E10E_u32`, `1_000_000`.
/// A hex literal of 16 digits or more may be a key and is not a number here.
fn is_number_literal(value: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        "f32", "f64", "ul", "ull", "l", "u",
    ];
    let unsigned = value.trim_start_matches(['-', '+']);
    let lower = unsigned.to_ascii_lowercase();
    let without_suffix = SUFFIXES
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(&lower)
        .trim_end_matches('_');
    if let Some(hex_digits) = without_suffix.strip_prefix("0x") {
        let n_hex_digits = hex_digits.bytes().filter(u8::is_ascii_hexdigit).count();
        return n_hex_digits < 16
            && hex_digits
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b'_');
    }
    without_suffix.starts_with(|c: char| c.is_ascii_digit())
        && without_suffix
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'_' || byte == b'.')
}

/// `serde_json::private::RawValue`, `$crate::Token`: a path in code.
fn is_code_path(value: &str) -> bool {
    value.contains("::")
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"_:$".contains(&byte))
}

/// `PRIVATEBLOB`, `PrivKeyVal`, `_RSAPrivateKey`: letters (and underscores) only, in words of
/// three letters on average and never one. Generated secrets mix in digits or flip case every
/// letter or two (`aBcDeFgH`, `ZkqLmVtRwXyp`). The price: a password made of plain words in
/// code is not caught.
fn is_word_like(value: &str) -> bool {
    let words = split_name(value);
    let n_letters = value.bytes().filter(u8::is_ascii_alphabetic).count();
    value
        .bytes()
        .all(|byte| byte.is_ascii_alphabetic() || byte == b'_')
        && !words.is_empty()
        && words.iter().all(|word| word.len() >= 2)
        && n_letters >= 3 * words.len()
}

/// `/run/secrets/db_password`, `./keys`, `~/.ssh/id_rsa`, `/Users/dev`. Each part must be
/// lower case or one capitalised word: base64 may start with `/` too, but mixes cases within a
/// part.
fn is_path(value: &str) -> bool {
    let starts_like_path = ["/", "./", "../", "~/"]
        .iter()
        .any(|prefix| value.starts_with(prefix));
    starts_like_path
        && value.split('/').all(|part| {
            let is_lower_case = part.bytes().all(|byte| {
                byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"._-~".contains(&byte)
            });
            is_lower_case || is_one_word(part)
        })
}

/// `users`, `Users`, `USERS`: letters in one of the three cases people write words in.
fn is_one_word(part: &str) -> bool {
    let mut letters = part.chars();
    let Some(first) = letters.next() else {
        return false;
    };
    let rest = letters.as_str();
    first.is_ascii_alphabetic()
        && (rest.bytes().all(|byte| byte.is_ascii_lowercase())
            || (first.is_ascii_uppercase() && rest.bytes().all(|byte| byte.is_ascii_uppercase())))
}

/// `service-account.json`, `server.pem`: a file that holds a secret, not the secret.
fn is_file_name(value: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        "json", "pem", "key", "crt", "cer", "der", "p12", "pfx", "jks", "keystore", "txt", "yaml",
        "yml", "toml", "env", "ini", "cfg", "conf", "gpg", "asc", "pub",
    ];
    let Some((stem, extension)) = value.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
        && stem
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"/._-".contains(&byte))
}

/// `db-credentials`, `github_token`, `Proxy-Authorization`, `true/false`: words joined by `-`,
/// `_`, `.`, `/` or `|`, no digits. Names of secrets (Kubernetes `secretName`, vault paths),
/// header names and lists of choices, not secrets.
fn is_joined_words(value: &str) -> bool {
    const JOINERS: [char; 5] = ['-', '_', '.', '/', '|'];
    value.contains(JOINERS) && value.split(JOINERS).all(is_one_word)
}

/// `DB_PASSWORD` in `os.getenv("DB_PASSWORD")`: the name of a variable that holds the secret.
fn is_env_var_name(value: &str) -> bool {
    value.contains('_')
        && value.starts_with(|c: char| c.is_ascii_uppercase())
        && value.split('_').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
        && value.bytes().filter(u8::is_ascii_digit).count() <= 2
}

/// Words that, as a segment of a name, make it hold a secret. `pass` counts only at the end of
/// a name (`DB_PASS`, `smtp_pass`); elsewhere it is a render or compiler pass (`StencilPassOp`).
fn is_secret_word(segment: &str, is_last: bool) -> bool {
    if segment == "pass" {
        return is_last;
    }
    const EXACT: &[&str] = &["pwd", "auth", "authorization", "creds"];
    const SUFFIXES: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "secret",
        "secrets",
        "token",
        "apikey",
        "accesskey",
        "privatekey",
        "secretkey",
        "credential",
        "credentials",
    ];
    EXACT.contains(&segment) || SUFFIXES.iter().any(|suffix| segment.ends_with(suffix))
}

/// Segments that follow a secret word to describe it rather than hold it: `token_count`,
/// `password_prompt`, `auth_url`, `secret_name`.
const DESCRIBING_SEGMENTS: &[&str] = &[
    "url",
    "uri",
    "endpoint",
    "host",
    "port",
    "path",
    "file",
    "filename",
    "dir",
    "name",
    "type",
    "kind",
    "len",
    "length",
    "size",
    "count",
    "limit",
    "max",
    "min",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "timeout",
    "interval",
    "period",
    "lifetime",
    "age",
    "header",
    "field",
    "env",
    "var",
    "prefix",
    "suffix",
    "format",
    "policy",
    "mode",
    "method",
    "scheme",
    "scope",
    "scopes",
    "provider",
    "version",
    "index",
    "idx",
    "pos",
    "start",
    "end",
    "label",
    "placeholder",
    "hint",
    "prompt",
    "message",
    "msg",
    "text",
    "title",
    "description",
    "desc",
    "help",
    "error",
    "err",
    "regex",
    "pattern",
    "validator",
    "required",
    "enabled",
    "disabled",
    "user",
    "username",
    "email",
    "login",
    "algorithm",
    "alg",
    "encryption",
    "cipher",
    "audience",
    "issuer",
    "realm",
    "domain",
    "public",
    "location",
    "source",
    "ref",
    "class",
    "module",
    "service",
    "manager",
    "store",
    "cache",
];

/// Whether a variable called `name` holds a secret: some segment is a secret word and nothing
/// after the last such segment merely describes it.
fn name_holds_secret(name: &str, name_check: NameCheck) -> bool {
    let segments = split_name(name);
    let last_secret_word = match name_check {
        NameCheck::SecretWord => last_secret_word(&segments),
        NameCheck::Pinned => last_secret_word(&segments).or(Some(0)),
    };
    let Some(last_secret_word) = last_secret_word else {
        return false;
    };
    !segments[last_secret_word..]
        .iter()
        .skip(1)
        .any(|segment| DESCRIBING_SEGMENTS.contains(&segment.as_str()))
}

fn last_secret_word(segments: &[String]) -> Option<usize> {
    // A bare `key` is a map key or a keyboard key; these qualifiers make it a secret one.
    const KEY_QUALIFIERS: &[&str] = &[
        "api",
        "access",
        "private",
        "encryption",
        "signing",
        "master",
        "hmac",
        "aes",
        "jwt",
        "session",
        "license",
        "deploy",
        "ssh",
        "app",
    ];
    (0..segments.len()).rev().find(|&index| {
        is_secret_word(&segments[index], index + 1 == segments.len())
            || (index > 0
                && segments[index] == "key"
                && KEY_QUALIFIERS.contains(&segments[index - 1].as_str()))
    })
}

/// `self.dbPassword` → `self`, `db`, `password`; `APIKey` → `api`, `key`; `oauth2_token` →
/// `oauth`, `token`. Digits separate segments too.
fn split_name(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut segments = Vec::new();
    let mut current = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphabetic() {
            if !current.is_empty() {
                segments.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous = index.checked_sub(1).map(|previous| chars[previous]);
        let next = chars.get(index + 1);
        let starts_word = c.is_ascii_uppercase()
            && previous.is_some_and(|previous| {
                previous.is_ascii_lowercase()
                    || (previous.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
            });
        if starts_word && !current.is_empty() {
            segments.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        segments.push(current);
    }
    segments
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_split_into_words() {
        assert_eq!(split_name("self.dbPassword"), ["self", "db", "password"]);
        assert_eq!(split_name("APIKey"), ["api", "key"]);
        assert_eq!(split_name("oauth2_token"), ["oauth", "token"]);
        assert_eq!(split_name("--api-key"), ["api", "key"]);
        assert_eq!(split_name("GITHUB_TOKEN"), ["github", "token"]);
    }

    #[test]
    fn names_that_hold_secrets() {
        for name in [
            "password",
            "DB_PASSWORD",
            "dbPassword",
            "apiKey",
            "X-Api-Key",
            "AccessToken",
            "client_secret",
            "SECRET_KEY_BASE",
            "authToken",
            "pwd",
            "SMTP_PASS",
            "credentials",
            "private_key",
            "secret_access_key",
            "mysqlrootpassword",
        ] {
            assert!(name_holds_secret(name, NameCheck::SecretWord), "{name}");
        }
        for name in [
            "author",
            "authority",
            "tokenizer",
            "token_count",
            "password_prompt",
            "auth_url",
            "secret_name",
            "max_tokens",
            "bypass",
            "passage",
            "credits",
            "secretary",
            "PASSWORD_MIN_LENGTH",
            "public_key",
            "api_key_env",
        ] {
            assert!(!name_holds_secret(name, NameCheck::SecretWord), "{name}");
        }
    }

    #[test]
    fn code_references_are_not_literals() {
        for (value, whole_line) in [
            ("parser.next_token(", false),
            ("os.environ[", true),
            ("self.password", true),
            ("user_password", false),
            ("get_password", true),
            ("SecretStr", true),
            ("undefined", true),
            ("$DB_PASSWORD", true),
        ] {
            assert!(is_code_reference(value, whole_line), "{value}");
        }
        for (value, whole_line) in [
            ("aZ3kQ9pLm2Xx", false),
            ("a8f5f167f44f4964", false),
            ("supersecretvalue", true),
            ("hunter2hunter", true),
        ] {
            assert!(!is_code_reference(value, whole_line), "{value}");
        }
    }
}
