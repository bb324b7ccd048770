//! Lens on a synthetic repository: known answers rank first, identifiers split, generated and
//! test files step back, the budget holds, and the output is deterministic.
#![allow(clippy::unwrap_used)]

mod common;

use cartograph_core::RepoPath;
use cartograph_lens::{
    outline_size, rank, ranking, Corpus, LensResult, OutlineSize, RankTables, SentAs, Texts,
};
use common::{repo, repo_from, Repo, REPO};

/// Lens through the term index; `scanned` checks that reading every file gives the same,
/// `sized` that outline sizes kept beside the maps choose the same as counting them, and
/// `tabled` and `ahead` that ranking tables built once (their names analyzed ahead or not)
/// rank as tables built for each question.
fn lens(repo: &Repo, question: &str, budget: u32) -> LensResult {
    let corpus = repo.corpus();
    let (summary, source) = (repo.summary(), repo.source());
    let sizes: Vec<Option<OutlineSize>> = repo.files.iter().map(outline_size).collect();
    fn texts<'a>(
        summary: &'a (dyn Fn(&RepoPath) -> Option<String> + Sync),
        source: &'a (dyn Fn(&RepoPath) -> Option<String> + Sync),
        corpus: Option<&'a Corpus>,
        outlines: Option<&'a [Option<OutlineSize>]>,
        tables: Option<&'a RankTables>,
    ) -> Texts<'a> {
        Texts {
            summaries: summary,
            sources: source,
            corpus,
            outlines,
            tables,
            history: None,
        }
    }
    let indexed = rank(
        question,
        &repo.files,
        texts(&summary, &source, Some(&corpus), None, None),
        &repo.graph,
        &repo.modules,
        budget,
    );
    let scanned = rank(
        question,
        &repo.files,
        texts(&summary, &source, None, None, None),
        &repo.graph,
        &repo.modules,
        budget,
    );
    assert_eq!(indexed, scanned, "{question}");
    let sized = rank(
        question,
        &repo.files,
        texts(&summary, &source, Some(&corpus), Some(&sizes), None),
        &repo.graph,
        &repo.modules,
        budget,
    );
    assert_eq!(indexed, sized, "{question}");
    // Tables built once for many questions rank as tables built for each.
    let tables = RankTables::new(&repo.files, &repo.graph, &repo.modules);
    let tabled = rank(
        question,
        &repo.files,
        texts(
            &summary,
            &source,
            Some(&corpus),
            Some(&sizes),
            Some(&tables),
        ),
        &repo.graph,
        &repo.modules,
        budget,
    );
    assert_eq!(indexed, tabled, "{question}");
    // Names analyzed ahead of the questions rank as names analyzed when a question needs them.
    let analyzed = RankTables::new(&repo.files, &repo.graph, &repo.modules);
    analyzed.analyze_names(&repo.files, &repo.modules);
    let ahead = rank(
        question,
        &repo.files,
        texts(
            &summary,
            &source,
            Some(&corpus),
            Some(&sizes),
            Some(&analyzed),
        ),
        &repo.graph,
        &repo.modules,
        budget,
    );
    assert_eq!(indexed, ahead, "{question}");
    // Tables of other files are not used: they are built again for these.
    let other = RankTables::new(&repo.files[..1], &repo.graph, &repo.modules);
    let untabled = rank(
        question,
        &repo.files,
        texts(&summary, &source, Some(&corpus), None, Some(&other)),
        &repo.graph,
        &repo.modules,
        budget,
    );
    assert_eq!(indexed, untabled, "{question}");
    indexed
}

/// The reasons lens gives for `path` when it answers `question` within a 4,000-token budget.
fn reasons_for(repo: &Repo, question: &str, path: &str) -> Vec<String> {
    lens(repo, question, 4_000)
        .files
        .into_iter()
        .find(|file| file.path.as_str() == path)
        .map(|file| file.reasons)
        .unwrap_or_default()
}

fn top(repo: &Repo, question: &str) -> Vec<String> {
    let (summary, source) = (repo.summary(), repo.source());
    let corpus = repo.corpus();
    ranking(
        question,
        &repo.files,
        Texts {
            summaries: &summary,
            sources: &source,
            corpus: Some(&corpus),
            outlines: None,
            tables: None,
            history: None,
        },
        &repo.graph,
        &repo.modules,
    )
    .into_iter()
    .map(|(path, _)| path.to_string())
    .collect()
}

#[test]
fn known_answers_rank_first() {
    let repo = repo();
    for (question, expected) in [
        (
            "How does retry with exponential backoff work?",
            "src/http/retry.rs",
        ),
        (
            "Which code evicts the least recently used entry?",
            "src/cache/lru.rs",
        ),
        (
            "How are OAuth access tokens refreshed?",
            "src/auth/token.rs",
        ),
        ("How are database migrations applied?", "scripts/migrate.py"),
        ("Where is the settings file loaded?", "src/config.rs"),
        (
            "How does the connection pool hand out connections?",
            "src/db/pool.rs",
        ),
    ] {
        let ranked = top(&repo, question);
        assert_eq!(ranked[0], expected, "{question}: {:?}", &ranked[..5]);
    }
}

#[test]
fn camel_case_identifiers_split_both_ways() {
    let repo = repo();
    assert_eq!(
        top(&repo, "where is fetchUserProfile?")[0],
        "web/src/api.ts"
    );
    assert_eq!(
        top(&repo, "how is a user profile fetched")[0],
        "web/src/api.ts"
    );
    assert_eq!(
        top(&repo, "what does validate_credentials check?")[0],
        "web/src/components/LoginForm.tsx"
    );
    let result = lens(&repo, "where is fetchUserProfile?", 10_000);
    let symbol = &result.symbols[0];
    assert_eq!(
        (symbol.path.as_str(), symbol.name.as_str(), symbol.line),
        ("web/src/api.ts", "fetchUserProfile", 4)
    );
}

#[test]
fn generated_files_rank_down() {
    let repo = repo();
    let question = "retry backoff cache token config latency logging";
    let ranked = top(&repo, question);
    let generated = ranked
        .iter()
        .position(|p| p == "src/generated/schema.rs")
        .unwrap();
    assert!(generated >= 5, "{ranked:?}");
    let result = lens(&repo, question, 100_000);
    let file = result
        .files
        .iter()
        .find(|f| f.path.as_str() == "src/generated/schema.rs")
        .unwrap();
    assert!(
        file.reasons.iter().any(|r| r == "penalty: generated file"),
        "{:?}",
        file.reasons
    );
    assert_ne!(file.sent_as, SentAs::Source);
}

#[test]
fn tests_step_back_unless_asked_for() {
    let repo = repo();
    let ranked = top(&repo, "retry backoff");
    assert!(
        ranked.iter().position(|p| p == "src/http/retry.rs")
            < ranked.iter().position(|p| p == "tests/retry_test.rs")
    );
    assert_eq!(
        top(&repo, "which tests cover the retry backoff?")[0],
        "tests/retry_test.rs"
    );
}

#[test]
fn budget_is_respected_and_costs_add_up() {
    let repo = repo();
    for budget in [0, 50, 120, 400, 1_000, 100_000] {
        let result = lens(
            &repo,
            "how are responses cached and when do entries expire?",
            budget,
        );
        assert!(
            result.used_tokens <= budget,
            "{budget}: {}",
            result.used_tokens
        );
        let sum: u32 = result.files.iter().map(|f| f.tokens).sum();
        assert_eq!(sum, result.used_tokens);
        for file in &result.files {
            assert!(
                file.reasons.last().unwrap().starts_with("sent as: "),
                "{:?}",
                file.reasons
            );
        }
    }
    let roomy = lens(
        &repo,
        "how are responses cached and when do entries expire?",
        100_000,
    );
    assert_eq!(roomy.files[0].path.as_str(), "src/cache/store.rs");
    assert_eq!(roomy.files[0].sent_as, SentAs::Source);
    let file = repo
        .files
        .iter()
        .find(|f| f.path.as_str() == "src/cache/store.rs")
        .unwrap();
    assert_eq!(roomy.files[0].tokens, file.tokens);
    // With little room the best file still comes first, in a cheaper form.
    let tight = lens(
        &repo,
        "how are responses cached and when do entries expire?",
        120,
    );
    assert_eq!(tight.files[0].path.as_str(), "src/cache/store.rs");
    assert_eq!(tight.files[0].sent_as, SentAs::Outline);
}

#[test]
fn summaries_are_sent_for_supporting_files() {
    let mut repo = repo();
    repo.summaries.insert(
        RepoPath::new("src/http/client.rs").unwrap(),
        "Sends HTTP requests, retrying failures with the retry policy.".to_string(),
    );
    let result = lens(&repo, "how does retry with backoff work", 100_000);
    assert_eq!(result.files[0].path.as_str(), "src/http/retry.rs");
    let client = result
        .files
        .iter()
        .find(|f| f.path.as_str() == "src/http/client.rs")
        .unwrap();
    assert_eq!(client.sent_as, SentAs::Summary);
    assert_eq!(
        client.tokens as usize,
        cartograph_tokens::count("Sends HTTP requests, retrying failures with the retry policy.")
    );
    assert!(
        client.reasons.iter().any(|r| r.contains("in summary")),
        "{:?}",
        client.reasons
    );
}

#[test]
fn a_commit_message_finds_the_code_not_the_changelog_the_ci_script_or_the_link() {
    let fixture = format!(
        "{REPO}//- ci/install.sh\napt-get update\napt-get update --fix-missing\n\
         //- CHANGELOG.md\n# Changes\n\n- Size parsing accepts `10k`.\n- Size parsing rejects \
         negative sizes.\n- Faster size parsing.\n\
         //- src/size.rs\n/// Parses a size like `10k` into bytes.\npub fn parse_size(text: &str) \
         -> Option<u64> {{\n    text.strip_suffix('k')?.parse::<u64>().ok().map(|k| k * 1024)\n}}\n"
    );
    let repo = repo_from(&fixture);
    let ranked = top(
        &repo,
        "Update size parsing\n\nSee https://github.com/acme/cache/issues/12",
    );
    assert_eq!(ranked[0], "src/size.rs", "{:?}", &ranked[..4]);
    let at = |wanted: &str| ranked.iter().position(|path| path == wanted);
    // The link's `https` would otherwise match `src/http/client.rs`, and the CI script's two
    // `update`s would count as much as the size parser's own words.
    assert!(at("src/http/client.rs") > Some(4), "{ranked:?}");
    assert!(at("ci/install.sh") > Some(6), "{ranked:?}");
    assert!(at("CHANGELOG.md") > Some(0), "{ranked:?}");
}

#[test]
fn secret_files_are_never_candidates() {
    let fixture = format!("{REPO}//- .env secret\nRETRY_TOKEN=retry-backoff-secret\n");
    let repo = repo_from(&fixture);
    assert!(!top(&repo, "retry token backoff")
        .iter()
        .any(|p| p == ".env"));
}

#[test]
fn unmatched_questions_fall_back_to_central_files() {
    let repo = repo();
    let result = lens(&repo, "zyxxy quokka", 100_000);
    assert!(!result.files.is_empty());
    assert!(result.files[0].reasons[0].starts_with("no term of the question matched"));
    assert!(result.symbols.is_empty());
}

#[test]
fn output_is_deterministic_and_named_as_documented() {
    let repo = repo();
    let first =
        serde_json::to_string(&lens(&repo, "how are OAuth tokens refreshed?", 600)).unwrap();
    let second =
        serde_json::to_string(&lens(&repo, "how are OAuth tokens refreshed?", 600)).unwrap();
    assert_eq!(first, second);
    let value: serde_json::Value = serde_json::from_str(&first).unwrap();
    for key in [
        "question",
        "budget_tokens",
        "used_tokens",
        "files",
        "symbols",
    ] {
        assert!(value.get(key).is_some(), "{key}");
    }
    for key in ["path", "score", "tokens", "reasons"] {
        assert!(value["files"][0].get(key).is_some(), "{key}");
    }
    for key in ["path", "name", "kind", "line", "score"] {
        assert!(value["symbols"][0].get(key).is_some(), "{key}");
    }
    insta::assert_json_snapshot!("lens_oauth", value);
}

/// An index built before a change still ranks as reading every file does: the changed, new
/// and removed files are taken from the files as they are now, and a rebuild that copies the
/// unchanged files' postings answers the same.
#[test]
fn an_index_older_than_the_files_ranks_as_the_files_are_now() {
    let before = repo();
    let old = before.corpus();
    let changed = REPO
        .replace(
            "//- src/db/pool.rs",
            "//- src/db/pool.rs\n// The pool also hands out read replicas for reporting queries.",
        )
        .replace("//- src/metrics.rs", "//- src/telemetry/replicas.rs");
    let after = repo_from(&changed);
    let (summary, source) = (after.summary(), after.source());
    let key = cartograph_lens::index_key("test");
    let mut bytes = Vec::new();
    old.rebuild(
        &before.files,
        &before.summary(),
        &before.source(),
        &key,
        &mut bytes,
    )
    .unwrap();
    let reopen = |bytes: Vec<u8>| {
        Corpus::new(
            Some(cartograph_lens::TermIndex::open(Box::new(bytes), &key).unwrap()),
            &after.files,
            &summary,
        )
    };
    let mut stale = reopen(bytes);
    let (current, changed_files) = stale.counts();
    assert_eq!(changed_files, 2, "the changed and the new file");
    assert_eq!(
        current,
        after.files.iter().filter(|f| !f.flags.secret).count() - 2
    );
    assert!(!stale.needs_rebuild());
    stale.analyze_changed(&after.files, &summary, &source);
    let mut rebuilt_bytes = Vec::new();
    stale
        .rebuild(&after.files, &summary, &source, &key, &mut rebuilt_bytes)
        .unwrap();
    let rebuilt = reopen(rebuilt_bytes);
    assert_eq!(rebuilt.counts(), (current + 2, 0));
    for question in [
        "Which pool serves read replicas for reporting queries?",
        "How does retry with exponential backoff work?",
        "Where are metrics recorded?",
        "\"read replicas\" pool",
    ] {
        let rank_with = |corpus: Option<&Corpus>| {
            ranking(
                question,
                &after.files,
                Texts {
                    summaries: &summary,
                    sources: &source,
                    corpus,
                    outlines: None,
                    tables: None,
                    history: None,
                },
                &after.graph,
                &after.modules,
            )
        };
        let scanned = rank_with(None);
        assert_eq!(rank_with(Some(&stale)), scanned, "{question}");
        assert_eq!(rank_with(Some(&rebuilt)), scanned, "{question}");
    }
    assert_eq!(
        top(
            &after,
            "Which pool serves read replicas for reporting queries?"
        )[0],
        "src/db/pool.rs"
    );
}

/// A quoted string found in a source counts the same through the term index, even when its
/// first and last words are parts of longer words there (`tial backoff with full jit`).
#[test]
fn a_quoted_fragment_is_found_through_the_index_as_by_reading() {
    let repo = repo();
    for question in [
        "Why does the log say \"tial backoff with full jit\"?",
        "Where is \"exponential backoff with full jitter\" implemented?",
        "Who prints \"no such words anywhere here\"?",
    ] {
        let result = lens(&repo, question, 4000);
        let reasons: Vec<&String> = result
            .files
            .iter()
            .filter(|file| file.path.as_str() == "src/http/retry.rs")
            .flat_map(|file| &file.reasons)
            .collect();
        let exact = reasons.iter().any(|reason| reason.starts_with("exact:"));
        assert_eq!(
            exact,
            !question.contains("no such"),
            "{question}: {reasons:?}"
        );
    }
}

/// A small Python project laid out as Typer is: the project's command line in `pkg/`, and the
/// programs its documentation includes in `docs_src/`, each with a `main` of its own.
const DOCS_SRC: &str = "//- pkg/__init__.py\n\"\"\"The package.\"\"\"\nfrom .cli import main\n\
//- pkg/cli.py\n\"\"\"The command line.\"\"\"\nimport sys\ndef main():\n    run(sys.argv)\n\
def run(argv):\n    return len(argv)\n\
//- docs_src/first_steps/tutorial001.py\n\"\"\"Where execution starts: the first tutorial.\"\"\"\n\
import pkg\ndef main(name):\n    print(\"start\", name)\n";

/// Regression: on fastapi/typer, "where does execution start?" ranked a `docs_src` tutorial
/// above the package's own command line, since lens set tests aside but not examples.
#[test]
fn examples_step_back_unless_asked_for() {
    let repo = repo_from(DOCS_SRC);
    let question = "where does execution start?";
    let ranked = top(&repo, question);
    let at = |wanted: &str| ranked.iter().position(|path| path == wanted);
    assert!(
        at("pkg/cli.py") < at("docs_src/first_steps/tutorial001.py"),
        "{ranked:?}"
    );
    let reasons = reasons_for(&repo, question, "docs_src/first_steps/tutorial001.py");
    assert!(
        reasons
            .iter()
            .any(|reason| reason
                == "penalty: example file, and the question is not about examples"),
        "{reasons:?}"
    );
    assert_eq!(
        top(&repo, "which tutorial shows where execution starts?")[0],
        "docs_src/first_steps/tutorial001.py"
    );
}

/// A project laid out as fastapi/typer is: the command line in `pkg/`, and beside the pages of
/// its documentation the site's own scripts in `docs/js/`.
const DOCS_SITE: &str = "//- pkg/__init__.py\n\"\"\"The package.\"\"\"\nfrom .cli import main\n\
//- pkg/cli.py\n\"\"\"The command line.\"\"\"\nimport sys\ndef main():\n    run(sys.argv)\n\
def run(argv):\n    return len(argv)\n\
//- docs/index.md\n# Pkg\n\nA command line.\n\
//- docs/tutorial.md\n# Tutorial\n\nRun `pkg` to begin.\n\
//- docs/js/termynal.js\n// Starts the terminal animation when the page starts.\n\
function start() { startTyping(); }\nfunction startTyping() { return start; }\n";

/// Regression: on fastapi/typer, "where does execution start?" ranked the documentation
/// site's `docs/js/*.js`, which say `start` in their source, above `typer/main.py`.
#[test]
fn the_documentation_sites_code_steps_back_unless_asked_for() {
    let repo = repo_from(DOCS_SITE);
    let question = "where does execution start?";
    let ranked = top(&repo, question);
    assert_eq!(ranked[0], "pkg/cli.py", "{ranked:?}");
    let reasons = reasons_for(&repo, question, "docs/js/termynal.js");
    assert!(
        reasons.iter().any(|reason| reason
            == "penalty: builds the documentation site, and the question is not about the docs"),
        "{reasons:?}"
    );
    assert_eq!(
        top(
            &repo,
            "where does the docs site start its terminal animation?"
        )[0],
        "docs/js/termynal.js"
    );
}

/// A command line whose flag is spelled in the code that declares it and, as in fd, in the
/// changelog, the man page and the shell completions too.
const FLAG: &str = "//- src/main.rs\nmod cli;\nmod walk;\nfn main() { walk::walk(cli::args()); }\n\
//- src/cli.rs\npub fn args() -> Vec<&'static str> {\n    vec![\"--frobnicate\", \"--color\"]\n}\n\
//- src/walk.rs\n/// Walks the tree, skipping hidden entries unless asked to show hidden entries.\n\
pub fn walk(args: Vec<&str>) {\n    let show_hidden = args.contains(&\"hidden\");\n    \
let skip_hidden = !show_hidden;\n    hidden_entries(skip_hidden);\n}\n\
fn hidden_entries(skip_hidden: bool) -> bool { skip_hidden }\n\
//- CHANGELOG.md\n# Changes\n\n- New `--frobnicate` flag.\n\
//- doc/tool.1\n.TP\n.B \\-\\-frobnicate\nFrobnicate hidden entries.\n\
//- contrib/completion/_tool\n'--frobnicate[frobnicate hidden entries]'\n";

/// Regression (issue 13, fd's "Add --exact argument"): the changelog, the man page and the
/// completions that spell a flag no longer thin the share of the code that declares it.
#[test]
fn a_flag_belongs_to_the_code_that_declares_it_not_to_the_documents_that_spell_it() {
    let repo = repo_from(FLAG);
    let question = "Add --frobnicate to show hidden entries";
    let ranked = top(&repo, question);
    assert_eq!(ranked[0], "src/cli.rs", "{ranked:?}");
    let reasons = reasons_for(&repo, question, "src/cli.rs");
    assert!(
        reasons.contains(
            &"exact: defines --frobnicate (1.00 of the names the question spells out)".to_string()
        ),
        "{reasons:?}"
    );
}

/// A commit message's first line names what changed; its body explains why, in words the
/// code around it holds too.
const SUBJECT_AND_BODY: &str = "//- src/main.rs\nmod hyperlink;\nmod output;\n\
fn main() { output::print(); hyperlink::encode(\"a b\"); }\n\
//- src/hyperlink.rs\n/// Percent-encodes a path into a hyperlink.\n\
pub fn encode(path: &str) -> String {\n    path.replace(' ', \"%20\")\n}\n\
//- src/output.rs\n/// Prints entries: a formatter writing bytes to the stream.\n\
pub fn print() {}\n";

/// Regression (issue 13, fd's "Fix unicode encoding of hyperlinks"): the words of a long body
/// no longer outweigh the first line, which names the file the change goes to.
#[test]
fn the_first_line_of_a_commit_message_outweighs_its_body() {
    let repo = repo_from(SUBJECT_AND_BODY);
    let question = "Fix encoding of hyperlinks\n\nWe were writing bytes to the stream, but the \
                    formatter needs characters.";
    let ranked = top(&repo, question);
    assert_eq!(ranked[0], "src/hyperlink.rs", "{ranked:?}");
    // One line has no body: its words all count in full.
    assert_eq!(
        top(&repo, "writing bytes to the stream through the formatter")[0],
        "src/output.rs"
    );
}

/// A web framework laid out as tokio-rs/axum is: the routing module's tests in
/// `src/routing/tests/mod.rs`, which import the fronts of other modules (`src/response/mod.rs`,
/// `src/extract/mod.rs`) and say every word of a question about routing, and the code a
/// question about JSON bodies is about in `src/json.rs`.
const FRONT_TESTS: &str = "//- src/lib.rs imports=src/routing/mod.rs,src/response/mod.rs,src/extract/mod.rs,src/json.rs\n\
//! A web framework.\npub mod routing;\n\
//- src/routing/mod.rs imports=src/response/mod.rs\n//! Routes requests to handlers.\n\
pub struct Router;\nfn route(router: Router) -> Router { router }\n\
//- src/response/mod.rs\n//! Responses.\npub struct Response;\n\
//- src/extract/mod.rs\n//! Extractors.\npub struct Extract;\n\
//- src/json.rs imports=src/response/mod.rs\n//! Rejects JSON bodies that fail to parse.\n\
pub fn json_body(bytes: &[u8]) -> bool { !bytes.is_empty() }\n\
//- src/routing/tests/mod.rs imports=src/routing/mod.rs,src/response/mod.rs,src/extract/mod.rs\n\
fn json_bodies_with_trailing_characters_are_rejected() {\n\
    // Reject JSON bodies with trailing characters: trailing characters after the JSON body.\n\
    route(json(\"{} trailing characters\"));\n}\n";

/// Regression (issue 13, axum's "Reject JSON bodies with trailing chars"): a test named like a
/// directory's front, `routing/tests/mod.rs`, lent its relevance to every `mod.rs` it imports
/// (`response/mod.rs`, `extract/mod.rs`), which then outranked `json.rs`. It tests the routing
/// module only (`routing/mod.rs`, which may then rank above `json.rs`).
#[test]
fn a_test_named_like_a_front_tests_the_front_of_its_own_directory() {
    let repo = repo_from(FRONT_TESTS);
    let question = "Reject JSON bodies with trailing chars";
    let ranked = top(&repo, question);
    let at = |wanted: &str| ranked.iter().position(|path| path == wanted);
    for front in ["src/response/mod.rs", "src/extract/mod.rs"] {
        assert!(at("src/json.rs") < at(front), "{front}: {ranked:?}");
    }
    let lent = "tested by src/routing/tests/mod.rs, which matches".to_string();
    for front in ["src/response/mod.rs", "src/extract/mod.rs"] {
        assert!(
            !reasons_for(&repo, question, front).contains(&lent),
            "{front}"
        );
    }
    assert!(
        reasons_for(&repo, question, "src/routing/mod.rs").contains(&lent),
        "{:?}",
        reasons_for(&repo, question, "src/routing/mod.rs")
    );
}

/// A search tool laid out as ripgrep was: the printer that colours matches, and the searcher,
/// whose source says matches, empty and colors far more often.
const COMPONENTS: &str = "//- src/main.rs\nmod printer;\nmod search;\n\
fn main() { search::search(); printer::print(); }\n\
//- src/printer.rs\n/// Writes matches to the terminal.\npub fn print() { color_of(); }\n\
fn color_of() -> u8 { 1 }\n\
//- src/search.rs\n/// Finds matches, empty matches too, and the colors of matches.\n\
pub fn search() {\n    // empty matches: colors of empty matches, colors of matches\n    \
let colors = empty_matches();\n}\nfn empty_matches() -> Vec<u8> { vec![] }\n";

/// Regression (issue 13, ripgrep's "printer: fix colors on empty matches"): a commit subject's
/// prefix names the component the change goes to, and the file or module of that name now
/// rises above one whose text says the other words more often.
#[test]
fn a_component_named_before_a_colon_lifts_its_files() {
    let repo = repo_from(COMPONENTS);
    let ranked = top(&repo, "printer: fix colors on empty matches");
    assert_eq!(ranked[0], "src/printer.rs", "{ranked:?}");
    let reasons = reasons_for(
        &repo,
        "printer: fix colors on empty matches",
        "src/printer.rs",
    );
    assert!(
        reasons.contains(
            &"component: the commit subject's prefix names this file or its module".to_string()
        ),
        "{reasons:?}"
    );
    // Without the prefix, the words decide.
    assert_eq!(
        top(&repo, "fix colors on empty matches in the printer")[0],
        "src/search.rs"
    );
}

/// A CSV tool laid out as BurntSushi/xsv is: one file per command under `src/cmd/`, every one
/// of which speaks of the fields of CSV data, and `frequency.rs`, which says "empty" twice.
fn csv_commands() -> String {
    const OTHERS: [&str; 10] = [
        "cat", "flatten", "headers", "index", "join", "select", "slice", "sort", "split", "table",
    ];
    let run = "pub fn run(records: &[Vec<String>]) -> usize {\n    records.len()\n}\n";
    let mut fixture = String::from(
        "//- src/main.rs imports=src/cmd/mod.rs\n//! Command-line tools for CSV data.\nmod cmd;\n\
         fn main() {\n    // Reads CSV data and runs a command over it.\n    cmd::run();\n}\n",
    );
    let mut modules: Vec<String> = ["count", "stats", "frequency"]
        .iter()
        .chain(&OTHERS)
        .map(|name| format!("src/cmd/{name}.rs"))
        .collect();
    modules.sort();
    fixture.push_str(&format!(
        "//- src/cmd/mod.rs imports={}\npub mod count;\npub mod stats;\npub mod frequency;\npub fn run() {{}}\n",
        modules.join(",")
    ));
    fixture.push_str(&format!(
        "//- src/cmd/count.rs\n//! The number of records of CSV data.\n{run}"
    ));
    fixture.push_str(
        "//- src/cmd/frequency.rs\n//! Frequency tables of the fields of CSV data, empty or not.\n\
         pub fn run(records: &[Vec<String>]) -> usize {\n    \
         // An empty field is a value of its own; empty rows are kept.\n    \
         records.iter().map(|row| row.len()).sum()\n}\n",
    );
    fixture.push_str(
        "//- src/cmd/stats.rs\n//! Statistics of each column: empty values and bad rows of CSV data.\n\
         pub fn run(records: &[Vec<String>]) -> usize {\n    \
         records.iter().filter(|row| row.is_empty()).len()\n}\n",
    );
    for name in OTHERS {
        fixture.push_str(&format!(
            "//- src/cmd/{name}.rs\n//! The {name} command over the fields of CSV data.\n{run}"
        ));
    }
    fixture
}

/// Regression (issue 13, xsv's "Fix a bad bug in counting empty CSV data"): a file named by the
/// question's rarest word (`count.rs`, by "counting") rose by half of one word's share of the
/// question, so in a question of eight words a file that said a common word more often stayed
/// above it. The rise is now that word's share of the question's weight (its idf).
#[test]
fn a_file_named_by_the_rarest_word_of_a_long_question_rises_above_common_words() {
    let repo = repo_from(&csv_commands());
    let question = "Fix a bug in counting empty fields of CSV data";
    let ranked = top(&repo, question);
    assert_eq!(ranked[0], "src/cmd/count.rs", "{ranked:?}");
    assert!(
        reasons_for(&repo, question, "src/cmd/count.rs")
            .iter()
            .any(|reason| reason.starts_with("name: count.rs")),
        "{:?}",
        reasons_for(&repo, question, "src/cmd/count.rs")
    );
}

/// A command-line library laid out as fastapi/typer is: every test imports the package front
/// and the test runner, and the tests of a feature say its words far more often than the code
/// that has it (`core.py`), which no test is named after.
const TESTED_THROUGH_HELPERS: &str = "//- pkg/__init__.py imports=pkg/core.py\n\
\"\"\"A library for command-line programs.\"\"\"\nfrom .core import Command\n\
//- pkg/core.py imports=pkg/formatting.py\n\"\"\"Commands and their help.\"\"\"\n\
from .formatting import wrap\n\nclass Command:\n    def format_help(self):\n        \
# the help, in order\n        return wrap(self.params)\n\
//- pkg/formatting.py\n\"\"\"Wraps text to the terminal's width.\"\"\"\n\
def wrap(text):\n    return text\n\
//- pkg/testing.py\n\"\"\"Runs a command in a test and keeps what it printed.\"\"\"\n\
class Runner:\n    def invoke(self, command):\n        return command\n\
//- tests/test_ordering.py imports=pkg/__init__.py,pkg/testing.py\n\
def test_help_items_in_order_of_definition():\n    \
# help items: the order of definition, help items in order\n    \
assert Runner().invoke('help items order definition')\n\
//- tests/test_help_order.py imports=pkg/__init__.py,pkg/testing.py\n\
def test_help_order():\n    # help items keep the order of their definition\n    \
assert Runner().invoke('help order items definition')\n\
//- tests/test_definitions.py imports=pkg/__init__.py,pkg/testing.py\n\
def test_items_by_definition():\n    # the order of help items is their definition's order\n    \
assert Runner().invoke('items help definition order')\n";

/// Regression (issue 13, after typer's "Show help items in order of definition"): tests that match
/// the question seeded the graph lift with their whole relevance, so the test runner they all
/// import rose above the code the change goes to. A test now passes its relevance whole only to
/// the file it tests, and at its penalty to its other imports.
#[test]
fn tests_that_match_lift_the_helpers_they_import_at_their_penalty() {
    let repo = repo_from(TESTED_THROUGH_HELPERS);
    let question = "Show help items in order of definition";
    let ranked = top(&repo, question);
    let at = |wanted: &str| ranked.iter().position(|path| path == wanted);
    assert!(at("pkg/core.py") < at("pkg/testing.py"), "{ranked:?}");
}
