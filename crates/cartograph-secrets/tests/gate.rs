//! The secret gate against realistic text: every rule on a fake secret of its kind, a corpus of
//! secret and non-secret lines, placeholders, offsets, and a property test.
//!
//! Fake secrets are assembled from pieces at run time so that this file holds nothing that
//! looks like a live credential to a push-protection scanner.

#![allow(clippy::unwrap_used)]

use std::borrow::Cow;
use std::collections::BTreeSet;

use cartograph_secrets::{shared, Redaction, SecretScanner, RULE_IDS};
use proptest::prelude::*;

/// `parts` joined: keeps recognisable prefixes apart from their bodies in the source.
fn fake(parts: &[&str]) -> String {
    parts.concat()
}

/// A PEM block with a body of `n_lines` lines of 64 base64 characters.
fn pem_block(label: &str, n_lines: usize) -> String {
    let line = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"
        .chars()
        .rev()
        .collect::<String>();
    let body = vec![line; n_lines].join("\n");
    format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----")
}

/// One realistic fake per rule: (rule, the line it sits in, the secret inside that line).
fn fakes() -> Vec<(&'static str, String, String)> {
    let aws_access_key = fake(&["AK", "IA", "Q7XZ3PLM", "9KD2RT5W"]);
    let aws_secret_key = fake(&["Zq3+Lm8/Tr5v", "Zq3+Lm8/Tr5v", "Kd9wHy2/Pn6+Bx4c"]);
    let gcp_api_key = fake(&["AI", "za", "Sy", &"D4-k".repeat(8), "Q"]);
    let gcp_key_id = "a3f5c8e1".repeat(5);
    let azure_storage_key = fake(&[&"Tk9Rq3Lm+8/Zv2Xw".repeat(6)[..86], "=="]);
    let azure_client_secret = fake(&["Ab1", "8Q~", "Zk3.Lm9_Pq2-Rt7~Wv5Xy8Bn4Cd6Fg1Hj"]);
    let github_token = fake(&["gh", "p_", &"a1B2".repeat(9)]);
    let github_pat = fake(&[
        "github",
        "_pat_",
        "11ABCDEFG0",
        &"Zx9Lm2Pq7_".repeat(7),
        "Wv5Xy8Bn4Cd6",
    ]);
    let gitlab_token = fake(&["gl", "pat-", "Xy3-Kq9_Lm2Pz7Rt4Wv8"]);
    let slack_token = fake(&[
        "xo",
        "xb-",
        "1234567890-1234567890123-",
        &"a1B2c3D4".repeat(3),
    ]);
    let slack_webhook_path = fake(&["T01ABCD2E/B02FGHI3J/", &"a1B2c3D4e5F6".repeat(2)]);
    let stripe_key = fake(&["sk", "_live_", &"Zq8Lm3Vr".repeat(3)]);
    let openai_project_key = fake(&["sk-", "proj-", &"Ab3_Cd5-Ef7".repeat(4)]);
    let openai_legacy_key = fake(&[
        "sk-",
        &"Ab3Cd5Ef7G".repeat(2),
        "T3Blbk",
        "FJ",
        &"Hi9Jk1Lm3N".repeat(2),
    ]);
    let anthropic_key = fake(&["sk-", "ant-", "api03-", &"Ab3_Cd5-Ef7Gh9Ij".repeat(6)]);
    let private_key = pem_block("RSA PRIVATE KEY", 6);
    let jwt = fake(&[
        "eyJ",
        "hbGciOiJIUzI1NiJ9",
        ".eyJ",
        "zdWIiOiIxMjM0NTY3ODkwIn0",
        ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    ]);
    let url_password = "Zx9Lm2Pq7!".to_owned();
    let generic_password = "Xy7#kLm9!qRz".to_owned();
    vec![
        ("aws-access-key", format!("AWS_ACCESS_KEY_ID={aws_access_key}"), aws_access_key),
        ("aws-secret-key", format!("aws_secret_access_key = {aws_secret_key}"), aws_secret_key),
        ("gcp-api-key", format!("maps_key = \"{gcp_api_key}\""), gcp_api_key),
        ("gcp-service-account", format!("  \"private_key_id\": \"{gcp_key_id}\","), gcp_key_id),
        (
            "azure-storage-key",
            format!("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={azure_storage_key};EndpointSuffix=core.windows.net"),
            azure_storage_key,
        ),
        ("azure-client-secret", format!("AZURE_CLIENT_SECRET={azure_client_secret}"), azure_client_secret),
        ("github-token", format!("GITHUB_TOKEN={github_token}"), github_token),
        ("github-token", format!("gh auth login --with-token {github_pat}"), github_pat),
        ("gitlab-token", format!("git clone https://oauth2:{gitlab_token}@gitlab.com/acme/app.git"), gitlab_token),
        ("slack-token", format!("SLACK_BOT_TOKEN={slack_token}"), slack_token),
        (
            "slack-webhook",
            format!("webhook_url: https://hooks.slack.com/services/{slack_webhook_path}"),
            slack_webhook_path,
        ),
        ("stripe-key", format!("stripe.api_key = \"{stripe_key}\""), stripe_key),
        ("openai-key", format!("OPENAI_API_KEY={openai_project_key}"), openai_project_key),
        ("openai-key", format!("openai.api_key = '{openai_legacy_key}'"), openai_legacy_key),
        ("anthropic-key", format!("ANTHROPIC_API_KEY={anthropic_key}"), anthropic_key),
        ("private-key", format!("key.pem:\n{private_key}\n"), private_key),
        ("jwt", format!("Cookie: session={jwt}; Path=/"), jwt),
        ("url-password", format!("DATABASE_URL=mysql://admin:{url_password}@db.acme.internal/prod"), url_password),
        ("generic-secret", format!("password = \"{generic_password}\""), generic_password),
    ]
}

#[test]
fn every_rule_finds_its_fake_secret_at_the_right_offsets() {
    for (rule, line, secret) in fakes() {
        let start = line.find(&secret).unwrap();
        assert_eq!(
            shared().find(&line),
            [Redaction {
                rule,
                start,
                end: start + secret.len()
            }],
            "{line}"
        );
    }
}

#[test]
fn every_rule_has_a_fake() {
    let covered: BTreeSet<&str> = fakes().iter().map(|(rule, _, _)| *rule).collect();
    let all: BTreeSet<&str> = RULE_IDS.iter().copied().collect();
    assert_eq!(covered, all);
}

#[test]
fn placeholder_keeps_the_name_readable() {
    let redacted = shared().redact("password = \"Xy7#kLm9!qRz\"\n");
    assert_eq!(
        redacted.text,
        "password = \"[REDACTED:generic-secret:1]\"\n"
    );
    assert_eq!(redacted.count, 1);
    assert_eq!(redacted.rules, ["generic-secret"]);
}

/// Secret lines in the shapes they take in code, config and shell: `{secret}` marks the value
/// that must go.
fn secret_corpus() -> Vec<(String, &'static str)> {
    let token = "Zk8qLm3VtR9wXy2p";
    let lines: &[(&str, &str, &str)] = &[
        ("password = \"{secret}\"", "Xy7#kLm9!qRz", "generic-secret"),
        ("DB_PASSWORD={secret}", "Tr0ub4dor&3x", "generic-secret"),
        (
            "export API_KEY={secret}",
            "a8f5f167f44f4964e6c998dee827110c",
            "generic-secret",
        ),
        (
            "  \"token\": \"{secret}\",",
            "4f9c2a7e-81d3-4b6a-9e0f-2c5d8a1b7e3f",
            "generic-secret",
        ),
        ("  password: {secret}", "s3cr3tPa55w0rd!", "generic-secret"),
        ("api_key: \"{secret}\"", token, "generic-secret"),
        (
            "const API_KEY: &str = \"{secret}\";",
            token,
            "generic-secret",
        ),
        (
            "let password: String = String::from(\"{secret}\");",
            "Xy7#kLm9!qRz",
            "generic-secret",
        ),
        ("apiKey := \"{secret}\"", token, "generic-secret"),
        (
            "    'db_password' => '{secret}',",
            "Tr0ub4dor&3x",
            "generic-secret",
        ),
        (
            "config.secret_key_base = \"{secret}\"",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "generic-secret",
        ),
        ("client_secret = '{secret}'", token, "generic-secret"),
        (
            "const authToken: string = \"{secret}\";",
            token,
            "generic-secret",
        ),
        ("Authorization: Bearer {secret}", token, "generic-secret"),
        (
            "headers = {\"Authorization\": \"Bearer {secret}\"}",
            token,
            "generic-secret",
        ),
        (
            "curl -H \"X-Api-Key: {secret}\" https://api.acme.dev/v1/items",
            token,
            "generic-secret",
        ),
        (
            "GET https://api.acme.dev/v1/items?access_token={secret}&page=2",
            token,
            "generic-secret",
        ),
        (
            "mysql -u root --password={secret} app",
            "Zx9Lm2Pq7wQ",
            "generic-secret",
        ),
        ("passwd = {secret}", "N0t-S0-S3cret!", "generic-secret"),
        (
            "secret: {secret}",
            "c2VjcmV0LXZhbHVlLTEyMzQ=",
            "generic-secret",
        ),
        ("SMTP_PASS={secret}", "mK8#vQ2$zL5p", "generic-secret"),
        (
            "refresh_token = \"{secret}\"",
            "1//0gLm3VtR9wXy2pZk8q-Ab3Cd5Ef7",
            "generic-secret",
        ),
        ("$db_pass = \"{secret}\";", "Xy7#kLm9!qRz", "generic-secret"),
        (
            "spring.datasource.password={secret}",
            "Tr0ub4dor&3x",
            "generic-secret",
        ),
        (
            "aws_secret_access_key={secret}",
            "Zq3+Lm8/Tr5vZq3+Lm8/Tr5vKd9wHy2/Pn6+Bx4c",
            "aws-secret-key",
        ),
        (
            "redis://:{secret}@cache.acme.internal:6379/0",
            "Zx9Lm2Pq7wQ",
            "url-password",
        ),
        (
            "amqp://guest:{secret}@queue:5672/",
            "gU7$kQ2pW9",
            "url-password",
        ),
        (
            "PGPASSWORD={secret} psql -h db",
            "Tr0ub4dor&3x",
            "generic-secret",
        ),
        (
            "  private_key: \"{secret}\"",
            "Ab3Cd5Ef7Gh9Ij1Kl3Mn5Op7",
            "generic-secret",
        ),
        (
            "    <password>{secret}</password>",
            "Zx9Lm2Pq7wQ",
            "generic-secret",
        ),
        (
            "app.config['SECRET_KEY'] = '{secret}'",
            "f3a9c1e7b5d2",
            "generic-secret",
        ),
        (
            "ENCRYPTION_KEY={secret}",
            "4f9c2a7e81d34b6a9e0f2c5d8a1b7e3f",
            "generic-secret",
        ),
        (
            "DOCKER_AUTH_CONFIG={\"auths\":{\"registry.acme.dev\":{\"auth\":\"{secret}\"}}}",
            "ZGVwbG95OlMzY3IzdFBhc3M=",
            "generic-secret",
        ),
        (
            "mongodb+srv://admin:{secret}@cluster0.ab1cd.mongodb.net/test",
            "Qw3rTy9!xZ",
            "url-password",
        ),
    ];
    lines
        .iter()
        .map(|(template, secret, rule)| (template.replace("{secret}", secret), *rule))
        .collect()
}

#[test]
fn corpus_of_secret_lines_is_redacted() {
    let mut missed = Vec::new();
    for (line, rule) in secret_corpus() {
        let redacted = shared().redact(&line);
        let placeholder = format!("[REDACTED:{rule}:1]");
        if redacted.count != 1 || !redacted.text.contains(&placeholder) {
            missed.push(format!("{line}\n  -> {}", redacted.text));
        }
    }
    assert!(
        missed.is_empty(),
        "not redacted as expected:\n{}",
        missed.join("\n")
    );
    assert!(secret_corpus().len() >= 28);
}

/// Lines that mention secrets without holding one. None may change.
const NON_SECRET_CORPUS: &[&str] = &[
    "let token = parser.next_token();",
    "password = os.environ[\"DB_PASSWORD\"]",
    "token = get_token()",
    "secret = None",
    "password: str",
    "    api_key: Optional[str] = None",
    "let token_count = tokens.len();",
    "    max_tokens: 4096,",
    "if token.kind == TokenKind::Ident {",
    "password = \"changeme\"",
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "API_KEY=<your-api-key>",
    "password: ${DB_PASSWORD}",
    "token: {{ .Values.token }}",
    "password = \"********\"",
    "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "      secretName: db-credentials",
    "password_prompt = \"Enter your password:\"",
    "author = \"Jane Doe <jane@acme.dev>\"",
    "let tokenizer = Tokenizer::from_file(\"tokenizer.json\")?;",
    "auth_url = \"https://login.acme.dev/oauth2/authorize\"",
    "private_key_path = \"/etc/ssl/private/server.key\"",
    "credentials_file = \"service-account.json\"",
    "def authenticate(self, password: str) -> bool:",
    "const AUTH_HEADER: &str = \"Authorization\";",
    "token = self.lexer.peek()",
    "PWD=/home/dev/projects/cartograph",
    "password = hashlib.sha256(raw).hexdigest()",
    "  \"token_type\": \"bearer\",",
    "TOKEN_TTL=3600",
    "user.password = bcrypt.hash(plain, 12)",
    "Read the secret from the vault; never log tokens.",
    "The access key is rotated every 90 days.",
    "DATABASE_URL=postgres://localhost:5432/app",
    "auth: true",
    "const secretsManager = new SecretsManagerClient({ region });",
    "let password_hash = argon2.hash_password(password.as_bytes(), &salt)?;",
    "  token: tokenValue,",
    "Authorization: Bearer <token>",
    "password = \"password\"",
    "JWTs start with eyJ because {\" encodes to it.",
    "-----BEGIN RSA PRIVATE KEY-----",
    "api_key = settings.OPENAI_API_KEY",
    "export GITHUB_TOKEN=$(gh auth token)",
    "  password: process.env.DB_PASSWORD,",
    "fn verify_token(token: &str, secret: &[u8]) -> Result<Claims, Error> {",
    "self.access_token = access_token",
    "client = OpenAI(api_key=api_key)",
    "const TOKEN_PREFIX: &str = \"ghp_\";",
    "- name: GITHUB_TOKEN\n  valueFrom:\n    secretKeyRef:\n      name: ci-secrets\n      key: github-token",
    "Set `DB_PASSWORD` in your `.env` file; see docs/secrets.md.",
    "pwd = os.getcwd()",
    "token_url = f\"{base}/oauth/token\"",
    "The task-runner and disk-usage tools are unaffected.",
    // Found in crates.io sources while tuning the rules.
    "let url = Url::parse(\"https://user:password@db.acme.dev/tmp\")?;",
    ".all(\"http://Aladdin:opensesame@localhost:8887\")",
    "pub const CRYPT_OID_IMPORT_PRIVATE_KEY_INFO_FUNC: &str = \"CryptDllImportPrivateKeyInfoEx\";",
    "    pub credentials: MI_UserCredentials_0,",
    "pub const WBEM_E_LOCAL_CREDENTIALS: WBEMSTATUS = -2147217308i32;",
    "    StencilPassOp: D3D12_STENCIL_OP,",
    "let takes_ownership = move |token: CancellationToken| {",
    "pub const TOKEN: &str = \"$serde_json::private::RawValue\";",
    "//!   require_full_match: true/false",
    "pub type ACQUIRE_CREDENTIALS_HANDLE_FN = Option<unsafe extern \"system\" fn()>;",
    "b\"GET / HTTP/1.1\\r\\nAuthorization: true\\r\\nHost: x\\r\\n\"",
    "    backend: \"Backend\", private_key: \"_RSAPrivateKey\", data: bytes",
    "    auth_header = 'Proxy-Authorization'",
    "#password_encryption = scram-sha-256\t# scram-sha-256 or md5",
    "  PWD: '/Users/maciej',",
    "    let bsaes_key = unsafe { AES_KEY::derive(vpaes_encrypt_key_to_bsaes, vpaes_key) };",
    "[set up the credentials]: https://github.com/nodejs/node-core-utils#setting-up-github-credentials",
];

#[test]
fn corpus_of_non_secret_lines_is_untouched() {
    let mut touched = Vec::new();
    for line in NON_SECRET_CORPUS {
        let redacted = shared().redact(line);
        if redacted.count != 0 {
            touched.push(format!("{line}\n  -> {}", redacted.text));
        }
    }
    assert!(
        touched.is_empty(),
        "false positives:\n{}",
        touched.join("\n")
    );
    assert!(NON_SECRET_CORPUS.len() >= 30);
}

#[test]
fn unchanged_input_is_borrowed() {
    let text = "fn main() {\n    println!(\"no secrets here\");\n}\n";
    let redacted = shared().redact(text);
    assert!(matches!(redacted.text, Cow::Borrowed(_)));
    assert_eq!(redacted.count, 0);
    assert!(redacted.rules.is_empty());
}

#[test]
fn same_value_gets_the_same_number_and_numbers_count_per_rule() {
    let github_first = fake(&["gh", "p_", &"a1B2".repeat(9)]);
    let github_second = fake(&["gh", "o_", &"Zq8L".repeat(9)]);
    let text = format!(
        "A={github_first}\npassword = \"Xy7#kLm9!qRz\"\nB={github_second}\nC={github_first}\n"
    );
    let redacted = shared().redact(&text);
    assert_eq!(
        redacted.text,
        "A=[REDACTED:github-token:1]\npassword = \"[REDACTED:generic-secret:1]\"\n\
         B=[REDACTED:github-token:2]\nC=[REDACTED:github-token:1]\n"
    );
    assert_eq!(redacted.count, 4);
    assert_eq!(redacted.rules, ["github-token", "generic-secret"]);
}

#[test]
fn redaction_is_deterministic_and_idempotent() {
    let text: String = fakes()
        .into_iter()
        .map(|(_, line, _)| line + "\n")
        .collect();
    let first = shared().redact(&text);
    let second = SecretScanner::new().redact(&text);
    assert_eq!(first, second);
    let again = shared().redact(&first.text);
    assert_eq!(again.count, 0, "{}", again.text);
}

#[test]
fn a_found_value_is_redacted_everywhere_in_the_text() {
    let text = "DB_PASSWORD=Tr0ub4dor&3x\n\nmysql -u app -pTr0ub4dor&3x db\n";
    assert_eq!(
        shared().redact(text).text,
        "DB_PASSWORD=[REDACTED:generic-secret:1]\n\nmysql -u app -p[REDACTED:generic-secret:1] db\n"
    );
}

#[test]
fn query_parameters_end_a_value_but_a_plain_ampersand_does_not() {
    assert_eq!(
        shared()
            .redact("GET /v1/items?access_token=Zk8qLm3VtR9wXy2p&page=2")
            .text,
        "GET /v1/items?access_token=[REDACTED:generic-secret:1]&page=2"
    );
    assert_eq!(
        shared().redact("DB_PASSWORD=Tr0ub4dor&3x").text,
        "DB_PASSWORD=[REDACTED:generic-secret:1]"
    );
}

#[test]
fn offsets_are_bytes_and_survive_unicode_around_secrets() {
    let token = fake(&["gl", "pat-", "Xy3-Kq9_Lm2Pz7Rt4Wv8"]);
    let text = format!("héllo 世界 🦀 «{token}» ünïcödé\npassword = \"Xy7#kLm9!qRz\" — ✓");
    let found = shared().find(&text);
    let token_start = text.find(&token).unwrap();
    let password_start = text.find("Xy7#").unwrap();
    assert_eq!(
        found,
        [
            Redaction {
                rule: "gitlab-token",
                start: token_start,
                end: token_start + token.len()
            },
            Redaction {
                rule: "generic-secret",
                start: password_start,
                end: password_start + 12
            },
        ]
    );
    assert_eq!(
        shared().redact(&text).text,
        "héllo 世界 🦀 «[REDACTED:gitlab-token:1]» ünïcödé\n\
         password = \"[REDACTED:generic-secret:1]\" — ✓"
    );
}

#[test]
fn private_key_blocks_of_every_kind_are_redacted_whole() {
    for label in [
        "RSA PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        "EC PRIVATE KEY",
        "DSA PRIVATE KEY",
        "PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "PGP PRIVATE KEY BLOCK",
    ] {
        let block = pem_block(label, 4);
        let text = format!("before\n{block}\nafter");
        assert_eq!(
            shared().redact(&text).text,
            "before\n[REDACTED:private-key:1]\nafter",
            "{label}"
        );
    }
}

#[test]
fn private_key_without_its_end_line_still_loses_its_body() {
    let block = pem_block("RSA PRIVATE KEY", 4);
    let cut = &block[..block.find("-----END").unwrap()];
    let text = format!("{cut}Proc-Type is not here, this is prose.\n");
    assert_eq!(
        shared().redact(&text).text,
        "[REDACTED:private-key:1]Proc-Type is not here, this is prose.\n"
    );
}

#[test]
fn unterminated_escaped_key_in_json_loses_its_body() {
    let block = pem_block("PRIVATE KEY", 3).replace('\n', "\\n");
    let cut = &block[..block.find("-----END").unwrap()];
    let text = format!("{{\"key\": \"{cut}");
    assert_eq!(
        shared().redact(&text).text,
        "{\"key\": \"[REDACTED:private-key:1]"
    );
}

#[test]
fn many_unterminated_begin_lines_stay_fast_and_redact_nothing() {
    let text = "-----BEGIN RSA PRIVATE KEY-----\nsee the docs\n".repeat(20_000);
    let started = std::time::Instant::now();
    assert_eq!(shared().redact(&text).count, 0);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn odd_inputs_do_not_panic() {
    for text in [
        "",
        "=",
        "password=",
        "password = \"",
        "token: '\\",
        "-----BEGIN PRIVATE KEY-----",
        "postgres://:@",
        &"a".repeat(1 << 20),
        &"password=".repeat(10_000),
        "пароль = \"Xy7#kLm9!qRz\" 🔑 token=Zk8qLm3VtR9wXy2p",
    ] {
        let redacted = shared().redact(text);
        assert_eq!(redacted.count as usize, shared().find(text).len());
    }
}

#[test]
fn service_account_json_loses_key_and_key_id_but_keeps_its_shape() {
    let body = pem_block("PRIVATE KEY", 3).replace('\n', "\\n");
    let key_id = "a3f5c8e1".repeat(5);
    let json = format!(
        "{{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod\",\n  \"private_key_id\": \"{key_id}\",\n  \"private_key\": \"{body}\\n\",\n  \"client_email\": \"ci@acme-prod.iam.gserviceaccount.com\"\n}}"
    );
    assert_eq!(
        shared().redact(&json).text,
        "{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod\",\n  \"private_key_id\": \"[REDACTED:gcp-service-account:1]\",\n  \"private_key\": \"[REDACTED:gcp-service-account:2]\",\n  \"client_email\": \"ci@acme-prod.iam.gserviceaccount.com\"\n}"
    );
}

#[test]
fn allowlisted_placeholders_pass() {
    for text in [
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        &fake(&["GITHUB_TOKEN=gh", "p_", &"a".repeat(36)]),
        &fake(&["STRIPE_KEY=sk", "_live_", "your_stripe_key_goes_here_ok"]),
        "OPENAI_API_KEY=sk-proj-dummy-key-for-tests-0123456789abcdefghij",
        "password = \"{{ vault_db_password }}\"",
        "api_key: \"<paste your key>\"",
        "secret = \"placeholder-secret-value\"",
        "token = \"${{ secrets.DEPLOY_TOKEN }}\"",
        "password = \"zzzzzzzzzzzz\"",
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
    ] {
        let redacted = shared().redact(text);
        assert_eq!(redacted.count, 0, "{text}\n  -> {}", redacted.text);
    }
}

#[test]
fn generic_entropy_threshold_separates_words_from_random_values() {
    // "sunshine1" has 2.7 bits per character, "Sunsh1ne!7" 3.1.
    assert_eq!(shared().redact("password = \"sunshine1\"").count, 0);
    assert_eq!(shared().redact("password = \"Sunsh1ne!7\"").count, 1);
    // Seven characters are too short whatever their entropy.
    assert_eq!(shared().redact("password = \"Xy7#kLm\"").count, 0);
}

#[test]
fn secret_in_an_assignment_is_reported_under_its_specific_rule() {
    let github_token = fake(&["gh", "p_", &"a1B2".repeat(9)]);
    let text = format!("token = \"Bearer {github_token}\"");
    assert_eq!(
        shared().redact(&text).text,
        "token = \"Bearer [REDACTED:github-token:1]\""
    );
}

fn fake_token() -> impl Strategy<Value = String> {
    // No `x` in bodies: runs of x are placeholders by design.
    prop_oneof![
        "[a-wyzA-WYZ0-9]{36}".prop_map(|body| format!("gh{}_{body}", "p")),
        "[A-WYZ0-9]{16}".prop_map(|body| format!("AK{}{body}", "IA")),
        "[a-wyzA-WYZ0-9]{20}".prop_map(|body| format!("gl{}-{body}", "pat")),
        "[a-wyzA-WYZ0-9]{24}".prop_map(|body| format!("sk_{}_{body}", "live")),
        "[a-wyzA-WYZ0-9]{80}".prop_map(|body| format!("sk-{}-api03-{body}", "ant")),
        "[a-wyzA-WYZ0-9]{20}".prop_map(|body| format!("eyJ{body}.eyJ{body}.{body}")),
    ]
}

#[derive(Debug, Clone)]
enum Piece {
    Noise(String),
    Token(String),
    Assignment(String),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        "\\PC{0,40}".prop_map(Piece::Noise),
        "[ -~]{0,40}".prop_map(Piece::Noise),
        fake_token().prop_map(Piece::Token),
        "[a-zA-Z0-9!#%]{8,16}"
            .prop_map(|value| Piece::Assignment(format!("password = \"{value}\""))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn redaction_never_panics_and_never_leaks_what_it_found(pieces in prop::collection::vec(piece(), 0..12)) {
        let text: String = pieces
            .iter()
            .map(|piece| match piece {
                Piece::Noise(text) | Piece::Token(text) | Piece::Assignment(text) => text.as_str(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let scanner = shared();
        let found = scanner.find(&text);
        let redacted = scanner.redact(&text);
        prop_assert_eq!(redacted.count as usize, found.len());
        for pair in found.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start);
        }
        for redaction in &found {
            let value = &text[redaction.start..redaction.end];
            // Short values (a URL password `abc`) are redacted where found but not hunted
            // elsewhere, so they may legitimately remain as ordinary words.
            if value.len() >= 8 {
                prop_assert!(!redacted.text.contains(value), "{value:?} survived in {:?}", redacted.text);
            }
        }
        for piece in &pieces {
            if let Piece::Token(token) = piece {
                prop_assert!(!redacted.text.contains(token.as_str()), "{token:?} survived");
            }
        }
    }
}

/// Prints redaction throughput on large synthetic text. Run with
/// `cargo test -p cartograph-secrets --release -- --ignored --nocapture throughput`.
#[test]
#[ignore = "prints a throughput figure; slow in debug builds"]
fn throughput() {
    let code = "    let token = parser.next_token();\n    // Read the password from the environment, never from a file.\n    let url = format!(\"https://api.acme.dev/v1/items?page={page}\");\n    let n_tokens = tokenizer.count(&text); // auth happens upstream\n    fn summarize_file(source_file: &SourceFile) -> Summary { todo!() }\n";
    let prose = "The pipeline walks the repository, hashes every file and asks the model for a summary of each module in turn.\n";
    let scanner = shared();
    for (label, unit) in [
        ("code with keywords", code),
        ("prose without keywords", prose),
    ] {
        let text = unit.repeat(16 * 1024 * 1024 / unit.len());
        let started = std::time::Instant::now();
        let redacted = scanner.redact(&text);
        let elapsed = started.elapsed();
        assert_eq!(redacted.count, 0);
        let megabytes = text.len() as f64 / 1e6;
        println!(
            "{label}: {megabytes:.1} MB in {:.3} s = {:.0} MB/s",
            elapsed.as_secs_f64(),
            megabytes / elapsed.as_secs_f64()
        );
    }
}
