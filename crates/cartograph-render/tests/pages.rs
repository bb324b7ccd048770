//! Renders every page of a small inline index and pins the bytes with snapshots; checks that
//! citations resolve, that bad ones are removed and counted, that moved symbols render at their
//! new lines, that unknown backticked names and raw HTML are neutralised, and that all output is
//! deterministic.
#![allow(clippy::unwrap_used)]

use cartograph_core::{
    BuildConstraint, ContentHash, FileFlags, FileMap, Import, ImportKind, JsManifest, Language,
    Module, ParsedFile, RepoPath, Route, SkipReason, Symbol, SymbolKind, TestBlocks, Visibility,
};
use cartograph_graph::{detect_modules, is_package_manifest, Graph};
use cartograph_render::*;
use std::collections::BTreeMap;

const README: &str = "# jsonkit\n\n[![ci](https://example.com/badge.svg)](https://example.com)\n\nA tiny JSON toolkit: decode, encode and validate documents\nwith clear errors.\n\n## Install\n\npip install jsonkit\n";
const PYPROJECT: &str = "[project]\nname = \"jsonkit\"\ndescription = \"Decode, encode and validate JSON\"\ndependencies = [\n  \"regex>=2023\",\n  \"click\",\n]\n\n[project.optional-dependencies]\ntest = [\"pytest>=7\"]\n\n[project.scripts]\njsonkit = \"jsonkit.cli:main\"\n";

struct Fixture {
    files: Vec<FileMap>,
    summaries: BTreeMap<RepoPath, Summary>,
    modules: Vec<Module>,
    graph: Graph,
    texts: BTreeMap<RepoPath, String>,
}

fn path(text: &str) -> RepoPath {
    RepoPath::new(text).unwrap()
}

fn symbol(
    kind: SymbolKind,
    name: &str,
    lines: (u32, u32),
    signature: &str,
    doc: Option<&str>,
) -> Symbol {
    Symbol {
        kind,
        name: name.into(),
        line: lines.0,
        end_line: lines.1,
        signature: signature.into(),
        doc: doc.map(Into::into),
        visibility: None,
        parent: None,
    }
}

fn method(parent: &str, name: &str, lines: (u32, u32), signature: &str) -> Symbol {
    Symbol {
        parent: Some(parent.into()),
        ..symbol(SymbolKind::Method, name, lines, signature, None)
    }
}

/// `file` as a Go file of `package`, naming `uses` from its package's other files.
fn in_go_package(mut file: FileMap, package: &str, uses: &[&str]) -> FileMap {
    file.parsed.package = Some(package.into());
    file.parsed.package_uses = uses.iter().map(|name| (*name).into()).collect();
    file
}

/// `fixture` with the file `name` of `lines` lines holding `text` (a document a page reads).
fn add_text(fixture: &mut Fixture, name: &str, lines: u32, text: &str) {
    fixture.files.push(file(name, lines, None, vec![], &[]));
    fixture.files.sort_by(|a, b| a.path.cmp(&b.path));
    fixture.texts.insert(path(name), text.into());
}

fn file(
    name: &str,
    lines: u32,
    doc: Option<&str>,
    symbols: Vec<Symbol>,
    imports: &[&str],
) -> FileMap {
    FileMap {
        path: path(name),
        hash: ContentHash::of(name.as_bytes()),
        language: Language::from_file_name(path(name).file_name()),
        bytes: u64::from(lines) * 30,
        lines,
        tokens: lines * 9,
        flags: FileFlags::default(),
        parsed: ParsedFile {
            doc: doc.map(String::from),
            symbols,
            imports: imports
                .iter()
                .map(|target| Import {
                    raw: target.to_string(),
                    resolved: Some(path(target)),
                    ..Import::default()
                })
                .collect(),
            ..ParsedFile::default()
        },
    }
}

fn fixture_with_decode_at(decode_line: u32) -> Fixture {
    let mut generated = file("jsonkit/_version.py", 3, None, vec![], &[]);
    generated.flags.generated = true;
    let mut lock = file("uv.lock", 200, None, vec![], &[]);
    lock.flags.lockfile = true;
    let mut files = vec![
        file(
            "README.md",
            12,
            None,
            vec![symbol(
                SymbolKind::Heading,
                "jsonkit",
                (1, 12),
                "# jsonkit",
                None,
            )],
            &[],
        ),
        file("pyproject.toml", 14, None, vec![], &[]),
        lock,
        file(
            "docs/guide.md",
            30,
            None,
            vec![symbol(
                SymbolKind::Heading,
                "Guide",
                (1, 30),
                "# Guide",
                None,
            )],
            &[],
        ),
        file(
            "jsonkit/__init__.py",
            10,
            Some("JSON toolkit: decoding, encoding and validation."),
            vec![],
            &["jsonkit/decoder.py", "jsonkit/encoder.py"],
        ),
        generated,
        file(
            "jsonkit/decoder.py",
            90,
            Some("Turns JSON text into Python values."),
            vec![
                Symbol {
                    doc: Some("A streaming decoder; see `decode` for the one-shot form.".into()),
                    ..symbol(
                        SymbolKind::Class,
                        "Decoder",
                        (5, 40),
                        "class Decoder:",
                        None,
                    )
                },
                method(
                    "Decoder",
                    "feed",
                    (12, 25),
                    "def feed(self, chunk: str) -> None:",
                ),
                method("Decoder", "close", (27, 40), "def close(self) -> Any:"),
                symbol(
                    SymbolKind::Function,
                    "decode",
                    (decode_line, decode_line + 18),
                    "def decode(text: str) -> Any:",
                    Some("Decode a whole JSON document.\n\nRaises `DecodeError` on bad input."),
                ),
                symbol(
                    SymbolKind::Function,
                    "_skip_ws",
                    (80, 88),
                    "def _skip_ws(text, at):",
                    None,
                ),
            ],
            &["jsonkit/errors.py"],
        ),
        file(
            "jsonkit/encoder.py",
            50,
            Some("Turns Python values into JSON text."),
            vec![symbol(
                SymbolKind::Function,
                "encode",
                (8, 30),
                "def encode(value: Any, *, indent: int | None = None) -> str:",
                Some("Encode a value | with pipes."),
            )],
            &["jsonkit/errors.py"],
        ),
        file(
            "jsonkit/errors.py",
            20,
            None,
            vec![symbol(
                SymbolKind::Class,
                "DecodeError",
                (3, 12),
                "class DecodeError(ValueError):",
                Some("Raised when text is not JSON."),
            )],
            &[],
        ),
        file(
            "jsonkit/cli.py",
            40,
            Some("Command line: `jsonkit decode FILE`."),
            vec![symbol(
                SymbolKind::Function,
                "main",
                (10, 38),
                "def main(argv=None):",
                Some("Entry point of the `jsonkit` command."),
            )],
            &["jsonkit/decoder.py", "jsonkit/encoder.py"],
        ),
        file(
            "jsonkit/schema/__init__.py",
            4,
            Some("Schema validation."),
            vec![],
            &["jsonkit/schema/validate.py"],
        ),
        file(
            "jsonkit/schema/validate.py",
            60,
            None,
            vec![symbol(
                SymbolKind::Function,
                "validate",
                (6, 50),
                "def validate(document, schema) -> list[str]:",
                Some("Check a document against a schema."),
            )],
            &["jsonkit/decoder.py", "jsonkit/errors.py"],
        ),
        file(
            "tests/test_decoder.py",
            45,
            None,
            vec![symbol(
                SymbolKind::Function,
                "test_decode_numbers",
                (5, 20),
                "def test_decode_numbers():",
                None,
            )],
            &["jsonkit/decoder.py"],
        ),
    ];
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let paths: Vec<RepoPath> = files.iter().map(|f| f.path.clone()).collect();
    let modules = detect_modules(&paths, is_package_manifest);
    let graph = Graph::build(&files);
    let mut summaries = BTreeMap::new();
    summaries.insert(
        path("jsonkit/decoder.py"),
        Summary {
            text: "Parses JSON text with the `Decoder` class and the `decode` helper; errors surface as `DecodeError`.".into(),
            key: "summary-key-1".into(),
        },
    );
    let mut texts = BTreeMap::new();
    texts.insert(path("README.md"), README.to_string());
    texts.insert(path("pyproject.toml"), PYPROJECT.to_string());
    Fixture {
        files,
        summaries,
        modules,
        graph,
        texts,
    }
}

fn fixture() -> Fixture {
    fixture_with_decode_at(42)
}

impl Fixture {
    /// A fixture of just `files`: their modules and graph, no summaries or texts.
    fn of(mut files: Vec<FileMap>) -> Fixture {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let paths: Vec<RepoPath> = files.iter().map(|f| f.path.clone()).collect();
        Fixture {
            modules: detect_modules(&paths, is_package_manifest),
            graph: Graph::build(&files),
            files,
            summaries: BTreeMap::new(),
            texts: BTreeMap::new(),
        }
    }

    fn index(&self) -> DocIndex<'_> {
        DocIndex {
            commit: Some("0123abcd"),
            files: &self.files,
            summaries: &self.summaries,
            modules: &self.modules,
            graph: &self.graph,
            texts: &self.texts,
            docs_dir: "docs/cartograph",
            root_name: "jsonkit-repo",
        }
    }
}

fn meta() -> PageMeta {
    PageMeta {
        inputs: "abc123".into(),
        commit: Some("0123abcd".into()),
        model: "offline".into(),
        prompt_version: "structural-1".into(),
        degraded: false,
        stale: false,
    }
}

fn render(kind: &PageKind, body: &str, fixture: &Fixture) -> RenderedPage {
    render_page(kind, body, &meta(), &fixture.index())
}

fn text(page: &RenderedPage) -> String {
    String::from_utf8(page.bytes.clone()).unwrap()
}

fn module_page(path: &str) -> PageKind {
    PageKind::Module(path.to_string())
}

#[test]
fn modules_of_the_fixture() {
    let fixture = fixture();
    let names: Vec<&str> = fixture.modules.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(names, ["", "jsonkit", "jsonkit/schema", "tests"]);
    let pages: Vec<String> = all_pages(&fixture.index()).iter().map(page_path).collect();
    assert_eq!(
        pages,
        [
            "index.md",
            "architecture.md",
            "onboarding.md",
            "dependencies.md",
            "modules/root.md",
            "modules/jsonkit.md",
            "modules/jsonkit/schema.md",
            "modules/tests.md"
        ]
    );
}

#[test]
fn structural_pages_snapshots() {
    let fixture = fixture();
    let index = fixture.index();
    for kind in all_pages(&index) {
        let body = structural_body(&kind, &index);
        let page = render_page(&kind, &body, &meta(), &index);
        let name = page.path.trim_end_matches(".md").replace('/', "__");
        insta::assert_snapshot!(name, text(&page));
    }
}

#[test]
fn every_structural_citation_resolves() {
    let fixture = fixture();
    let index = fixture.index();
    for kind in all_pages(&index) {
        let body = structural_body(&kind, &index);
        assert!(body.contains("[["), "{kind:?} cites nothing");
        let page = render_page(&kind, &body, &meta(), &index);
        assert_eq!(page.citations_removed, 0, "{kind:?}\n{}", text(&page));
        assert_eq!(page.names_unformatted, 0, "{kind:?}\n{}", text(&page));
        let rendered = text(&page);
        assert!(!rendered.contains("[["), "{kind:?} left a raw citation");
        // Every link to a source file climbs out of the docs folder to a file of the index.
        for (at, _) in rendered.match_indices("](") {
            let target = &rendered[at + 2..];
            let target = &target[..target.find(')').unwrap()];
            if target.starts_with("http") {
                continue;
            }
            let depth = page.path.matches('/').count() + 2;
            let up = "../".repeat(depth);
            if let Some(source) = target.strip_prefix(&up) {
                let source = source.split('#').next().unwrap();
                assert!(
                    fixture.files.iter().any(|f| f.path.as_str() == source),
                    "{kind:?}: {target}"
                );
            }
        }
    }
}

#[test]
fn citations_resolve_to_relative_links_with_lines() {
    let fixture = fixture();
    let body = "See [[jsonkit/decoder.py#decode]], [[jsonkit/decoder.py#Decoder.feed]], [[jsonkit/errors.py:3-12]], [[jsonkit/cli.py]] and [[encoder.py#encode|the encoder]].\n";
    let page = render(&module_page("jsonkit/schema"), body, &fixture);
    let rendered = text(&page);
    assert_eq!(page.citations_removed, 0, "{rendered}");
    assert!(
        rendered.contains("[decode](../../../../jsonkit/decoder.py#L42-L60)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("[Decoder.feed](../../../../jsonkit/decoder.py#L12-L25)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("[jsonkit/errors.py:3-12](../../../../jsonkit/errors.py#L3-L12)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("[jsonkit/cli.py](../../../../jsonkit/cli.py)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("[the encoder](../../../../jsonkit/encoder.py#L8-L30)"),
        "{rendered}"
    );
    let page = render(
        &PageKind::Index,
        "Plain `jsonkit/errors.py:3` and jsonkit/cli.py:10-38.\n",
        &fixture,
    );
    let rendered = text(&page);
    assert!(
        rendered.contains("[`jsonkit/errors.py:3`](../../jsonkit/errors.py#L3)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("[jsonkit/cli.py:10-38](../../jsonkit/cli.py#L10-L38)."),
        "{rendered}"
    );
}

#[test]
fn unresolvable_citations_are_removed_and_counted() {
    let fixture = fixture();
    let body = "A [[jsonkit/decoder.py:85-120]] b [[jsonkit/decoder.py#nope]] c [[missing.py]] d [[missing.py|the missing file]] e jsonkit/cli.py:99 f gone/away.py:3 g.\n";
    let page = render(&PageKind::Architecture, body, &fixture);
    let rendered = text(&page);
    assert_eq!(page.citations_removed, 6, "{rendered}");
    assert!(
        rendered.contains("A b c d the missing file e [jsonkit/cli.py](../../jsonkit/cli.py) f g."),
        "{rendered}"
    );
}

#[test]
fn a_line_citation_beside_a_symbol_points_at_the_symbol() {
    let fixture = fixture();
    let body = "`decode` ([[jsonkit/decoder.py:5-10]]); `decode` at jsonkit/decoder.py:500; `decode()` `jsonkit/decoder.py:1`; `decode` [[jsonkit/decoder.py:45-50]]; `Decoder` is used in [[jsonkit/cli.py:10-38]].\n";
    let page = render(&PageKind::Index, body, &fixture);
    let rendered = text(&page);
    assert_eq!(
        (page.citations_corrected, page.citations_removed),
        (3, 0),
        "{rendered}"
    );
    assert!(
        rendered
            .contains("`decode` ([jsonkit/decoder.py:42-60](../../jsonkit/decoder.py#L42-L60));"),
        "{rendered}"
    );
    assert!(
        rendered
            .contains("`decode` at [jsonkit/decoder.py:42-60](../../jsonkit/decoder.py#L42-L60);"),
        "{rendered}"
    );
    assert!(
        rendered
            .contains("`decode()` [`jsonkit/decoder.py:42-60`](../../jsonkit/decoder.py#L42-L60);"),
        "{rendered}"
    );
    assert!(
        rendered.contains("`decode` [jsonkit/decoder.py:45-50](../../jsonkit/decoder.py#L45-L50);"),
        "{rendered}"
    );
    assert!(
        rendered.contains("is used in [jsonkit/cli.py:10-38](../../jsonkit/cli.py#L10-L38)."),
        "{rendered}"
    );
}

#[test]
fn moved_symbols_render_at_their_new_lines() {
    let body = "The work happens in [[jsonkit/decoder.py#decode]].\n";
    let before = render(&PageKind::Index, body, &fixture_with_decode_at(42));
    let after = render(&PageKind::Index, body, &fixture_with_decode_at(50));
    assert!(text(&before).contains("decoder.py#L42-L60)"));
    assert!(text(&after).contains("decoder.py#L50-L68)"));
}

#[test]
fn markdown_links_from_a_body_are_checked() {
    let fixture = fixture();
    let body = "[decode](jsonkit/decoder.py#L42-L60), [relative](../../../jsonkit/cli.py), [arch](../architecture.md), [bad lines](jsonkit/cli.py#L1-L400), [nowhere](src/nothing.rs), [web](https://example.com), [js](javascript:alert(1)), ![img](https://tracker.example/x.png)\n";
    let page = render(&module_page("jsonkit"), body, &fixture);
    let rendered = text(&page);
    assert_eq!(page.citations_removed, 2, "{rendered}");
    assert!(
        rendered.contains("[decode](../../../jsonkit/decoder.py#L42-L60)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("[relative](../../../jsonkit/cli.py)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("[arch](../architecture.md)"),
        "{rendered}"
    );
    assert!(
        rendered.contains(", bad lines, nowhere, [web](https://example.com), js, img\n"),
        "{rendered}"
    );
}

#[test]
fn unknown_backticked_names_lose_their_formatting() {
    let fixture = fixture();
    let body = "`decode`, `Decoder.feed`, `decode()`, `frobnicate`, `my_var_name`, `jsonkit/cli.py`, `cli.py`, `jsonkit/schema`, `x + y`, `--json`, `click`, `None`, `make`, `__all__`\n\n```python\n`frobnicate` stays in code\n```\n";
    let page = render(&PageKind::Index, body, &fixture);
    let rendered = text(&page);
    assert_eq!(page.names_unformatted, 2, "{rendered}");
    assert!(rendered.contains("`decode`, `Decoder.feed`, `decode()`, frobnicate, my\\_var\\_name, `jsonkit/cli.py`, `cli.py`, `jsonkit/schema`, `x + y`, `--json`, `click`, `None`, `make`, `__all__`"), "{rendered}");
    assert!(
        rendered.contains("```python\n`frobnicate` stays in code\n```"),
        "{rendered}"
    );
}

#[test]
fn raw_html_is_neutralised() {
    let fixture = fixture();
    let body = "Hi <script>alert(1)</script> there <img src=x onerror=alert(1)> and <b>bold</b>, a < b, <https://example.com>.\n<script>\nsteal()\n</script>\nafter\n<!-- hidden -->\n[x]: javascript:alert(1)\n\n```html\n<script>kept in code</script>\n```\n";
    let page = render(&PageKind::Index, body, &fixture);
    let rendered = text(&page);
    assert!(!rendered.contains("alert(1)</script>"), "{rendered}");
    assert!(!rendered.contains("steal"), "{rendered}");
    assert!(!rendered.contains("javascript:"), "{rendered}");
    assert!(rendered.contains("Hi  there &lt;img src=x onerror=alert(1)> and &lt;b>bold&lt;/b>, a &lt; b, <https://example.com>."), "{rendered}");
    assert!(
        rendered.contains("\nafter\n&lt;!-- hidden -->\n"),
        "{rendered}"
    );
    assert!(
        rendered.contains("<script>kept in code</script>"),
        "{rendered}"
    );
    let outside_code: String = rendered.split("```").step_by(2).collect();
    for line in outside_code.lines() {
        let bytes = line.as_bytes();
        for (at, _) in line.match_indices('<') {
            let next = bytes.get(at + 1).copied().unwrap_or(b' ');
            assert!(
                !(next.is_ascii_alphabetic() || next == b'/' || next == b'!')
                    || line[at..].starts_with("<https://"),
                "{line}"
            );
        }
    }
}

#[test]
fn front_matter_and_titles() {
    let fixture = fixture();
    let stale = PageMeta {
        stale: true,
        degraded: true,
        commit: None,
        ..meta()
    };
    let page = render_page(
        &module_page("jsonkit"),
        "---\nmodel: fake\n---\nBody only.\n",
        &stale,
        &fixture.index(),
    );
    assert_eq!(
        text(&page),
        "---\ninputs: \"abc123\"\ncommit: null\nmodel: \"offline\"\nprompt_version: \"structural-1\"\ndegraded: true\nstale: true\n---\n\n# Module `jsonkit`\n\nBody only.\n"
    );
    let page = render(&PageKind::Onboarding, "# Custom title\n\ntext", &fixture);
    assert!(text(&page).ends_with("---\n\n# Custom title\n\ntext\n"));
    assert!(!text(&page).contains("stale"));
}

#[test]
fn rendering_is_deterministic() {
    let first = fixture();
    let second = fixture();
    for kind in all_pages(&first.index()) {
        let a = render(&kind, &structural_body(&kind, &first.index()), &first);
        let b = render(&kind, &structural_body(&kind, &second.index()), &second);
        assert_eq!(a, b);
        assert_eq!(
            inputs_hash(&kind, &first.index()),
            inputs_hash(&kind, &second.index())
        );
    }
    assert_eq!(
        render_index_json(&first.index()),
        render_index_json(&second.index())
    );
    assert_eq!(
        render_llms_txt(&first.index(), 2_000),
        render_llms_txt(&second.index(), 2_000)
    );
    let pages = all_pages(&first.index());
    assert_eq!(
        render_summary_md(&pages, &first.index()),
        render_summary_md(&pages, &second.index())
    );
}

#[test]
fn inputs_hash_ignores_moved_lines_but_not_content() {
    let before = fixture_with_decode_at(42);
    let moved = fixture_with_decode_at(50);
    let kind = module_page("jsonkit");
    assert_eq!(
        inputs_hash(&kind, &before.index()),
        inputs_hash(&kind, &moved.index())
    );
    let mut changed = fixture();
    changed
        .files
        .iter_mut()
        .find(|f| f.path.as_str() == "jsonkit/cli.py")
        .unwrap()
        .hash = ContentHash::of(b"new");
    assert_ne!(
        inputs_hash(&kind, &before.index()),
        inputs_hash(&kind, &changed.index())
    );
    assert_eq!(
        inputs_hash(&module_page("tests"), &before.index()),
        inputs_hash(&module_page("tests"), &changed.index())
    );
}

#[test]
fn summary_md_snapshot() {
    let fixture = fixture();
    let index = fixture.index();
    let bytes = render_summary_md(&all_pages(&index), &index);
    insta::assert_snapshot!("SUMMARY", String::from_utf8(bytes).unwrap());
}

/// A writer that takes at most three bytes per call: what a `BufWriter` over a file sees at its
/// worst, as `write_index_json` hands it pieces.
struct Trickle(Vec<u8>);

impl std::io::Write for Trickle {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let taken = bytes.len().min(3);
        self.0.extend_from_slice(&bytes[..taken]);
        Ok(taken)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Issue 12: `index.json` is written to its file as it is serialized instead of being held
/// whole; the bytes are the snapshot's, through a buffered writer and through a trickle.
#[test]
fn index_json_written_in_pieces_is_the_snapshot() {
    let fixture = fixture();
    let index = fixture.index();
    let mut buffered = std::io::BufWriter::with_capacity(16, Vec::new());
    write_index_json(&index, &mut buffered).unwrap();
    let buffered = buffered.into_inner().unwrap();
    let mut trickle = Trickle(Vec::new());
    write_index_json(&index, &mut trickle).unwrap();
    assert_eq!(buffered, trickle.0);
    assert_eq!(buffered, render_index_json(&index));
    insta::assert_snapshot!("index_json", String::from_utf8(buffered).unwrap());
}

#[test]
fn index_json_snapshot_and_round_trip() {
    let fixture = fixture();
    let bytes = render_index_json(&fixture.index());
    let rendered = String::from_utf8(bytes.clone()).unwrap();
    assert!(rendered.ends_with("}\n"));
    insta::assert_snapshot!("index_json", rendered);
    let parsed = parse_index_json(&bytes).unwrap();
    assert_eq!(parsed.version, INDEX_JSON_VERSION);
    assert_eq!(parsed.files.len(), fixture.files.len());
    let decoder = parsed
        .files
        .iter()
        .find(|f| f.path.as_str() == "jsonkit/decoder.py")
        .unwrap();
    assert_eq!(decoder.summary_key.as_deref(), Some("summary-key-1"));
    assert_eq!(
        serde_json::to_vec_pretty(&parsed).unwrap(),
        bytes[..bytes.len() - 1].to_vec()
    );
    assert!(parse_index_json(b"{").is_none());
    let version = format!("\"version\": {INDEX_JSON_VERSION}");
    let other_version = rendered.replacen(&version, "\"version\": 99", 1);
    assert!(parse_index_json(other_version.as_bytes()).is_none());
    // A version-1 file (no edge kinds or lines) is still read: its summaries seed the cache.
    let mut version_1: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    version_1["version"] = 1.into();
    for edge in version_1["edges"].as_array_mut().unwrap() {
        let edge = edge.as_object_mut().unwrap();
        edge.remove("kind");
        edge.remove("line");
    }
    let version_1 = serde_json::to_string(&version_1).unwrap();
    let seeded = parse_index_json(version_1.as_bytes()).unwrap();
    assert_eq!(seeded.version, 1);
    assert_eq!(seeded.files.len(), fixture.files.len());
}

/// A docs run reads the committed index.json for its files' hashes and summaries, and for the
/// symbols of the files changed since; the rest of it (hundreds of megabytes on a large tree) is
/// passed over.
#[test]
fn the_committed_index_keeps_only_the_symbols_asked_for() {
    let fixture = fixture();
    let bytes = render_index_json(&fixture.index());
    let full = parse_index_json(&bytes).unwrap();
    let lean =
        parse_committed_index(&bytes, |path, _| path.as_str() == "jsonkit/decoder.py").unwrap();
    assert_eq!(lean.commit, full.commit);
    assert_eq!(lean.files.len(), full.files.len());
    for (lean, full) in lean.files.iter().zip(&full.files) {
        assert_eq!(
            (&lean.path, &lean.hash, lean.language, lean.tokens),
            (&full.path, &full.hash, full.language, full.tokens)
        );
        assert_eq!(
            (&lean.summary, &lean.summary_key),
            (&full.summary, &full.summary_key)
        );
        if lean.path.as_str() == "jsonkit/decoder.py" {
            assert!(!full.symbols.is_empty());
            assert_eq!(lean.symbols, full.symbols);
        } else {
            assert!(lean.symbols.is_empty(), "{}", lean.path);
        }
    }
    assert!(parse_committed_index(b"{", |_, _| true).is_none());
    assert!(parse_committed_index(b"{\"version\": 2}", |_, _| true).is_none());
    let rendered = String::from_utf8(bytes).unwrap();
    let version = format!("\"version\": {INDEX_JSON_VERSION}");
    let other_version = rendered.replacen(&version, "\"version\": 99", 1);
    assert!(parse_committed_index(other_version.as_bytes(), |_, _| true).is_none());
}

/// `llms.txt` is listed while the index is held and fitted to its budget after it is let go
/// (fitting loads the tokenizer): the same bytes, at this commit or another.
#[test]
fn llms_txt_listed_first_and_fitted_later_is_the_same() {
    let fixture = fixture();
    let listed = Renderer::new(&fixture.index()).llms_map();
    for budget in [8_000, 150, 40] {
        assert_eq!(
            listed.fit(budget, Some("0123abcd")),
            render_llms_txt(&fixture.index(), budget)
        );
        let other = DocIndex {
            commit: Some("fedc9876"),
            ..fixture.index()
        };
        assert_eq!(
            listed.fit(budget, Some("fedc9876")),
            render_llms_txt(&other, budget)
        );
    }
}

#[test]
fn llms_txt_snapshot_and_budget() {
    let fixture = fixture();
    let full = String::from_utf8(render_llms_txt(&fixture.index(), 8_000)).unwrap();
    insta::assert_snapshot!("llms_txt", full);
    let full_tokens = cartograph_tokens::count(&full) as u32;
    let mut previous = full_tokens;
    for budget in [full_tokens - 1, 250, 150, 90, 40] {
        let text = String::from_utf8(render_llms_txt(&fixture.index(), budget)).unwrap();
        let tokens = cartograph_tokens::count(&text) as u32;
        assert!(tokens <= budget, "{budget}: {tokens}\n{text}");
        assert!(tokens <= previous);
        assert!(text.starts_with("# jsonkit\n"));
        previous = tokens;
    }
    // The most central file keeps its entry longest.
    let small = String::from_utf8(render_llms_txt(&fixture.index(), 330)).unwrap();
    assert!(
        small.contains("jsonkit/decoder.py") || small.contains("jsonkit/errors.py"),
        "{small}"
    );
    // A file listed keeps its description: entries go before descriptions do.
    for budget in [full_tokens - 1, 330, 250] {
        let text = String::from_utf8(render_llms_txt(&fixture.index(), budget)).unwrap();
        let files = text.split("## Files").nth(1).unwrap_or_default();
        for entry in files.lines().filter(|line| line.starts_with("- [")) {
            let described = fixture.index().files.iter().any(|file| {
                entry.starts_with(&format!("- [{}]", file.path)) && file.parsed.doc.is_none()
            });
            assert!(
                entry.contains("): ") || described,
                "{budget}: {entry}\n{text}"
            );
        }
    }
}

#[test]
fn a_page_for_a_module_that_vanished_still_renders() {
    let fixture = fixture();
    let body = structural_body(&module_page("gone"), &fixture.index());
    assert!(body.contains("no longer in the index"));
}

#[test]
fn an_empty_index_renders_every_page() {
    let graph = Graph::build(&[]);
    let summaries = BTreeMap::new();
    let texts = BTreeMap::new();
    let index = DocIndex {
        commit: None,
        files: &[],
        summaries: &summaries,
        modules: &[],
        graph: &graph,
        texts: &texts,
        docs_dir: "docs/cartograph",
        root_name: "",
    };
    for kind in all_pages(&index) {
        let page = render_page(&kind, &structural_body(&kind, &index), &meta(), &index);
        assert_eq!(page.citations_removed, 0);
    }
    assert!(String::from_utf8(render_llms_txt(&index, 100))
        .unwrap()
        .starts_with("# Project\n"));
    let _ = Visibility::Public;
}

const ITERATIONS: usize = 3_000;

/// Model text is untrusted: whatever arrives, rendering neither panics nor lets a tag through.
#[test]
fn hostile_bodies_never_panic_or_carry_tags() {
    let fixture = fixture();
    let renderer = Renderer::new(&fixture.index());
    let pieces = [
        "[[",
        "]]",
        "[",
        "]",
        "(",
        ")",
        "`",
        "``",
        "<",
        ">",
        "<script>",
        "</script>",
        "<SCRIPT src=x>",
        "<img",
        "<!--",
        "\\",
        "\n",
        "\r\n",
        "```",
        "~~~",
        "---\n",
        "|",
        "#",
        "*",
        "_",
        "é",
        "世界",
        "🦀",
        "jsonkit/decoder.py",
        ":12",
        ":0",
        ":99999999999",
        "-40",
        "#decode",
        "#L3-L9",
        "[[jsonkit/cli.py#",
        "](",
        "](javascript:x)",
        "](../../x)",
        "![",
        " ",
        "https://",
        "<https://a>",
        "&lt;",
        "\t",
        "    ",
        "[a]: ",
        "javascript:",
        "decode",
        "`decode`",
        "`nope`",
        "%",
        "%2",
        "%zz",
        "\n  ```\n",
        "\n- item\n",
        "> ",
        "\n1. ",
        "\n\n",
        "<https://x",
        "[x](<javascript:y>)",
        "[[a|<b>]]",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..ITERATIONS {
        let mut body = String::new();
        for _ in 0..(state % 40) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            body.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        for kind in [PageKind::Index, module_page("jsonkit/schema")] {
            let page = renderer.render_page(&kind, &body, &meta());
            let rendered = String::from_utf8(page.bytes).unwrap();
            // Code as CommonMark reads it at the top level: fences indented at most three
            // spaces, closed by a run of the same character at least as long.
            let mut prose: Vec<&str> = Vec::new();
            let mut fence: Option<(char, usize)> = None;
            for line in rendered.lines() {
                let trimmed = line.trim_start_matches(' ');
                let indent = line.len() - trimmed.len();
                let run_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
                let run = run_char.map_or(0, |c| trimmed.chars().take_while(|x| *x == c).count());
                match (fence, run_char) {
                    (Some((open, length)), Some(c))
                        if c == open
                            && run >= length
                            && indent <= 3
                            && trimmed.trim_end().chars().all(|x| x == c) =>
                    {
                        fence = None;
                        prose.push("");
                    }
                    (Some(_), _) => prose.push(""),
                    (None, Some(c))
                        if run >= 3
                            && indent <= 3
                            && !(c == '`' && trimmed[run..].contains('`')) =>
                    {
                        fence = Some((c, run));
                        prose.push("");
                    }
                    (None, _) => prose.push(line),
                }
            }
            // Whether a renderer reads each line alone (list items, table rows) or joins lines
            // into one paragraph, no tag and no script link may show outside code.
            let joined = prose.join("\n");
            for unit in prose
                .iter()
                .map(|line| line.to_string())
                .chain(joined.split("\n\n").map(String::from))
            {
                let text = without_autolinks(&outside_code_spans(&unit).to_ascii_lowercase());
                for (at, _) in text.match_indices('<') {
                    let next = text.as_bytes().get(at + 1).copied().unwrap_or(b' ');
                    let tag = next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?');
                    let autolink =
                        text[at..].starts_with("<http") || text[at..].starts_with("<mailto:");
                    assert!(!tag || autolink, "{body:?}\n{rendered}");
                }
                assert!(!text.contains("](javascript:"), "{body:?}\n{rendered}");
            }
        }
    }
}

/// The text of `markdown` with code spans removed, pairing backtick runs as CommonMark does.
fn outside_code_spans(markdown: &str) -> String {
    let bytes = markdown.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'\\' && bytes.get(at + 1).is_some_and(|b| b.is_ascii_punctuation()) {
            // An escaped character is literal text: it opens and closes nothing.
            out.push(b'_');
            at += 2;
            continue;
        }
        if bytes[at] == b'`' {
            let run = bytes[at..].iter().take_while(|b| **b == b'`').count();
            let mut search = at + run;
            let mut close = None;
            while search < bytes.len() {
                if bytes[search] == b'`' {
                    let length = bytes[search..].iter().take_while(|b| **b == b'`').count();
                    if length == run {
                        close = Some(search);
                        break;
                    }
                    search += length;
                } else {
                    search += 1;
                }
            }
            match close {
                Some(close) => at = close + run,
                None => {
                    out.extend_from_slice(&bytes[at..at + run]);
                    at += run;
                }
            }
            continue;
        }
        out.push(bytes[at]);
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `text` without `<https://…>` autolinks (a renderer links them to the web, nothing else).
fn without_autolinks(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<http") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match after.find('>') {
            Some(end) if !after[..end].contains(char::is_whitespace) => rest = &after[end + 1..],
            _ => {
                out.push_str(&after[..1]);
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn large_indexes_are_capped_and_mermaid_ids_are_safe() {
    // 120 packages in a chain, one with a hostile name.
    let mut files = Vec::new();
    for at in 0..120 {
        let dir = if at == 7 {
            "pkgs/we\"ird <b>#name".to_string()
        } else {
            format!("pkgs/p{at:03}")
        };
        let next = format!("pkgs/p{:03}/lib.py", (at + 1) % 120);
        files.push(file(&format!("{dir}/__init__.py"), 1, None, vec![], &[]));
        files.push(file(
            &format!("{dir}/lib.py"),
            10,
            Some("A package."),
            vec![],
            &[next.as_str()],
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let paths: Vec<RepoPath> = files.iter().map(|f| f.path.clone()).collect();
    let modules = detect_modules(&paths, is_package_manifest);
    assert_eq!(modules.len(), 120);
    let graph = Graph::build(&files);
    let (summaries, texts) = (BTreeMap::new(), BTreeMap::new());
    let index = DocIndex {
        commit: None,
        files: &files,
        summaries: &summaries,
        modules: &modules,
        graph: &graph,
        texts: &texts,
        docs_dir: "docs/cartograph",
        root_name: "many",
    };
    let architecture = structural_body(&PageKind::Architecture, &index);
    let diagram = architecture
        .split("```mermaid")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let nodes = diagram.lines().filter(|l| l.contains("[\"")).count();
    assert_eq!(nodes, 40);
    assert!(architecture.contains("The diagram shows the 40 most central of 120 modules"));
    assert!(
        !diagram.contains('<') && !diagram.contains("\"ird"),
        "{diagram}"
    );
    let overview = structural_body(&PageKind::Index, &index);
    assert!(overview.contains("and 20 more modules."));
    assert_eq!(
        overview
            .lines()
            .filter(|l| l.starts_with("| [`pkgs/"))
            .count(),
        100
    );
    for kind in all_pages(&index) {
        let page = render_page(&kind, &structural_body(&kind, &index), &meta(), &index);
        assert_eq!(page.citations_removed, 0, "{}", page.path);
    }
    let weird = page_path(&PageKind::Module("pkgs/we\"ird <b>#name".to_string()));
    assert!(
        weird.starts_with("modules/pkgs/we_ird__b__name~"),
        "{weird}"
    );
}

/// python-dotenv: the distribution `python-dotenv` imports as `dotenv`; its package has no
/// docstring, and `__main__.py`'s ("Entry point for cli") says how it runs, not what it is.
#[test]
fn a_python_package_is_described_by_its_distribution_not_by_its_main() {
    let mut fixture = Fixture::of(vec![
        file("pyproject.toml", 20, None, vec![], &[]),
        file("src/dotenv/__init__.py", 50, None, vec![], &[]),
        file(
            "src/dotenv/__main__.py",
            6,
            Some("Entry point for cli, enables execution with `python -m dotenv`"),
            vec![],
            &[],
        ),
        file("src/dotenv/main.py", 400, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("pyproject.toml"),
        "[project]\nname = \"python-dotenv\"\ndescription = \"Read key-value pairs from a .env file and set them as environment variables\"\n".to_string(),
    );
    let module = fixture
        .modules
        .iter()
        .find(|module| {
            module
                .files
                .iter()
                .any(|file| file.as_str() == "src/dotenv/main.py")
        })
        .map(|module| module.path.clone())
        .unwrap_or_default();
    let page = structural_body(&module_page(&module), &fixture.index());
    let purpose = page.lines().nth(2).unwrap_or_default();
    assert!(
        purpose.starts_with(
            "Read key-value pairs from a .env file and set them as environment variables"
        ),
        "{page}"
    );
}

#[test]
fn a_module_is_described_by_its_own_sources_never_by_one_file_as_if_by_itself() {
    let mut fixture = fixture();
    for file in &mut fixture.files {
        match file.path.as_str() {
            // The project's own package without a docstring: the root manifest describes it.
            "jsonkit/__init__.py" => file.parsed.doc = None,
            // A test module whose one file has a doc: shown as that file's.
            "tests/test_decoder.py" => {
                file.parsed.doc = Some("Round trips of every JSON number form.".into());
            }
            // A directory module without a primary file of its own.
            "jsonkit/schema/__init__.py" => file.parsed.doc = None,
            _ => {}
        }
    }
    let package = text(&render(
        &module_page("jsonkit"),
        &structural_body(&module_page("jsonkit"), &fixture.index()),
        &fixture,
    ));
    assert!(
        package.contains("Decode, encode and validate JSON [pyproject.toml]"),
        "{package}"
    );
    // A front file one directory down speaks for that directory, not for the module.
    fixture.files.push(file(
        "jsonkit/schema/draft/__init__.py",
        2,
        Some("Rules of the draft 7 schema dialect."),
        vec![],
        &[],
    ));
    if let Some(schema) = fixture
        .modules
        .iter_mut()
        .find(|module| module.path == "jsonkit/schema")
    {
        schema
            .files
            .push(RepoPath::new("jsonkit/schema/draft/__init__.py").unwrap());
        schema.files.sort();
    }
    // The Rust layout: `schema.rs` beside `schema/` documents the directory's module.
    fixture.files.push(file(
        "jsonkit/schema.rs",
        4,
        Some("Schemas that documents are validated against."),
        vec![],
        &[],
    ));
    let schema = text(&render(
        &module_page("jsonkit/schema"),
        &structural_body(&module_page("jsonkit/schema"), &fixture.index()),
        &fixture,
    ));
    assert!(
        schema.contains("Schemas that documents are validated against. [jsonkit/schema.rs]"),
        "{schema}"
    );
    assert!(
        !schema.contains("Rules of the draft 7 schema dialect. [jsonkit/schema/draft"),
        "{schema}"
    );
    // Go: the file whose doc is the package comment ("Package x ...") speaks for the module.
    fixture.files.push(file(
        "widgets/draw.go",
        30,
        Some("Draws lines."),
        vec![],
        &[],
    ));
    fixture.files.push(file(
        "widgets/widgets.go",
        8,
        Some("Package widgets lays out and paints widgets."),
        vec![],
        &[],
    ));
    fixture.modules.push(Module {
        path: "widgets".into(),
        files: vec![
            RepoPath::new("widgets/draw.go").unwrap(),
            RepoPath::new("widgets/widgets.go").unwrap(),
        ],
    });
    let widgets = text(&render(
        &module_page("widgets"),
        &structural_body(&module_page("widgets"), &fixture.index()),
        &fixture,
    ));
    assert!(
        widgets.contains("Package widgets lays out and paints widgets. [widgets/widgets.go]"),
        "{widgets}"
    );
    // As the package's own doc, not as one file's.
    assert!(!widgets.contains("widgets.go: Package"), "{widgets}");
    // A package without any doc is named by what it defines outside its tests, on its page
    // and in the index's table of modules.
    fixture.files.push(in_go_package(
        file(
            "gadgets/gear.go",
            20,
            None,
            vec![
                Symbol {
                    visibility: Some(Visibility::Public),
                    ..symbol(SymbolKind::Function, "Spin", (3, 5), "func Spin()", None)
                },
                Symbol {
                    visibility: Some(Visibility::Private),
                    ..symbol(
                        SymbolKind::Function,
                        "wobble",
                        (7, 9),
                        "func wobble()",
                        None,
                    )
                },
            ],
            &[],
        ),
        "gadgets",
        &[],
    ));
    fixture.files.push(in_go_package(
        file(
            "gadgets/gear_test.go",
            20,
            None,
            vec![symbol(
                SymbolKind::Function,
                "TestSpin",
                (3, 5),
                "func TestSpin(t *testing.T)",
                None,
            )],
            &[],
        ),
        "gadgets",
        &["Spin"],
    ));
    fixture.modules.push(Module {
        path: "gadgets".into(),
        files: vec![
            RepoPath::new("gadgets/gear.go").unwrap(),
            RepoPath::new("gadgets/gear_test.go").unwrap(),
        ],
    });
    // A test suite without a doc is described by what it tests.
    fixture.files.push(file(
        "spec/gear_test.go",
        20,
        None,
        vec![],
        &["gadgets/gear.go"],
    ));
    fixture.modules.push(Module {
        path: "spec".into(),
        files: vec![RepoPath::new("spec/gear_test.go").unwrap()],
    });
    // So are benchmarks; shell scripts are named.
    fixture.files.push(file(
        "benches/spin.go",
        20,
        None,
        vec![],
        &["gadgets/gear.go"],
    ));
    fixture.modules.push(Module {
        path: "benches".into(),
        files: vec![RepoPath::new("benches/spin.go").unwrap()],
    });
    for script in ["ci/miri.sh", "ci/tsan.sh"] {
        fixture.files.push(file(script, 5, None, vec![], &[]));
    }
    fixture.modules.push(Module {
        path: "ci".into(),
        files: vec![
            RepoPath::new("ci/miri.sh").unwrap(),
            RepoPath::new("ci/tsan.sh").unwrap(),
        ],
    });
    fixture.graph = Graph::build(&fixture.files);
    let gadgets = text(&render(
        &module_page("gadgets"),
        &structural_body(&module_page("gadgets"), &fixture.index()),
        &fixture,
    ));
    assert!(
        gadgets.contains("\n\nIts public names: the function `Spin`.\n"),
        "{gadgets}"
    );
    assert!(!gadgets.contains("describes this module yet"), "{gadgets}");
    // A test without a doc says which file it tests.
    assert!(
        gadgets.contains("| Tests [gadgets/gear.go](../../../gadgets/gear.go). |"),
        "{gadgets}"
    );
    let index = text(&render(
        &PageKind::Index,
        &structural_body(&PageKind::Index, &fixture.index()),
        &fixture,
    ));
    assert!(
        index.contains("| 2 | Its public names: the function `Spin`. |"),
        "{index}"
    );
    assert!(index.contains("| 1 | Tests of `gadgets`. |"), "{index}");
    assert!(
        index.contains("| 1 | Benchmarks of `gadgets`. |"),
        "{index}"
    );
    assert!(
        index.contains("| 2 | Shell scripts `miri.sh` and `tsan.sh`. |"),
        "{index}"
    );
    // A package's source directory is what the package's manifest describes.
    fixture
        .files
        .push(file("src/index.py", 3, None, vec![], &[]));
    fixture.modules.push(Module {
        path: "src".into(),
        files: vec![RepoPath::new("src/index.py").unwrap()],
    });
    let src = text(&render(
        &module_page("src"),
        &structural_body(&module_page("src"), &fixture.index()),
        &fixture,
    ));
    assert!(
        src.contains("Decode, encode and validate JSON [pyproject.toml]"),
        "{src}"
    );
    // So is a `source/` directory (sindresorhus/ky).
    fixture
        .files
        .push(file("source/index.ts", 3, None, vec![], &[]));
    fixture.modules.push(Module {
        path: "source".into(),
        files: vec![RepoPath::new("source/index.ts").unwrap()],
    });
    let source = text(&render(
        &module_page("source"),
        &structural_body(&module_page("source"), &fixture.index()),
        &fixture,
    ));
    assert!(
        source.contains("Decode, encode and validate JSON [pyproject.toml]"),
        "{source}"
    );
    let tests = text(&render(
        &module_page("tests"),
        &structural_body(&module_page("tests"), &fixture.index()),
        &fixture,
    ));
    // A test suite is described by what it tests, not by one test's doc.
    assert!(
        tests.contains("# Module `tests`\n\nTests of `jsonkit`.\n"),
        "{tests}"
    );
    assert!(
        !tests.contains("test\\_decoder.py: Round trips of every JSON number form."),
        "{tests}"
    );
}

#[test]
fn module_pages_link_the_documents_that_name_their_api() {
    let mut fixture = fixture();
    let before = inputs_hash(&module_page("jsonkit"), &fixture.index());
    fixture
        .files
        .push(file("docs/guide.md", 12, None, vec![], &[]));
    fixture
        .files
        .push(file("docs/other.md", 4, None, vec![], &[]));
    fixture.files.sort_by(|a, b| a.path.cmp(&b.path));
    fixture.texts.insert(
        RepoPath::new("docs/guide.md").unwrap(),
        "# Guide\n\nCreate a ``Decoder`` and call `decode(text)`.\n\n```python\nencode(x)\n```\n\nErrors are `DecodeError`s.\n".into(),
    );
    // One name is not enough, and names in fenced code do not count.
    fixture.texts.insert(
        RepoPath::new("docs/other.md").unwrap(),
        "Call `decode`.\n\n```\nDecoder()\n```\n".into(),
    );
    // `DecodeError-Code` is a header, not the class.
    add_text(
        &mut fixture,
        "docs/headers.md",
        2,
        "Send `DecodeError-Code` and `X-Decoder-Mode`.\n",
    );
    // Names a code block imports are the API's, plain words or not (zustand's README
    // imports `persist` and `immer`).
    add_text(&mut fixture, "docs/imports.md", 5, "# Use\n\n```python\nfrom jsonkit import decode, DecodeError\n\nprint(decode(\"1\"))\n```\n");
    add_text(&mut fixture, "docs/quick.rst", 6, "Quickstart\n==========\n\nParse a text:\n\n>>> from jsonkit import decode, DecodeError\n>>> decode('[1]')  # Decoder\n");
    let page = text(&render(
        &module_page("jsonkit"),
        &structural_body(&module_page("jsonkit"), &fixture.index()),
        &fixture,
    ));
    let section = page
        .split("## Documents that explain it")
        .nth(1)
        .unwrap_or_default();
    assert!(
        section.contains("[docs/guide.md]") && section.contains("`Decoder`"),
        "{page}"
    );
    assert!(section.contains("[docs/imports.md]"), "{page}");
    // A doctest's lines are code, their comments not (tomlkit's quickstart: `# String` in a
    // TOML sample).
    let quick = section
        .lines()
        .find(|line| line.contains("[docs/quick.rst]"))
        .unwrap_or_default();
    assert!(quick.contains("`decode`"), "{page}");
    assert!(!quick.contains("`Decoder`"), "{page}");
    // A model page shows what its inputs hold: a document that names the API is one of them.
    assert_ne!(
        inputs_hash(&module_page("jsonkit"), &fixture.index()),
        before
    );
    assert!(section.contains("`decode`"), "{page}");
    assert!(!section.contains("docs/other.md"), "{page}");
    assert!(!section.contains("docs/headers.md"), "{page}");
}

#[test]
fn a_command_ci_runs_too_is_cited_where_the_project_declares_it() {
    let mut fixture = fixture();
    let workflow = ".github/workflows/ci.yml";
    fixture.files.push(file(workflow, 9, None, vec![], &[]));
    fixture.files.sort_by(|a, b| a.path.cmp(&b.path));
    fixture.texts.insert(
        RepoPath::new(workflow).unwrap(),
        "name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip install -e .\n      - run: python -m pytest\n      - run: ruff check .\n  again:\n    steps:\n      - run: python3 -m pytest\n".into(),
    );
    let page = text(&render(
        &PageKind::Onboarding,
        &structural_body(&PageKind::Onboarding, &fixture.index()),
        &fixture,
    ));
    assert!(
        page.contains("| `python -m pytest` | run the tests | [pyproject.toml]"),
        "{page}"
    );
    assert!(page.contains("| `ruff check .` |"), "{page}");
    assert_eq!(page.matches("`python -m pytest`").count(), 1, "{page}");
    assert!(!page.contains("python3 -m pytest"), "{page}");
}

/// jotai's `publish.yml` runs npm with `working-directory: dist`: the table says
/// where, and the same command in another directory is a row of its own. A directory the
/// index does not hold (`dist/` is built) reads as plain text, as any unknown name does.
#[test]
fn a_ci_command_shows_the_directory_it_runs_in() {
    let mut fixture = fixture();
    let workflow = ".github/workflows/publish.yml";
    fixture.files.push(file(workflow, 9, None, vec![], &[]));
    fixture.files.sort_by(|a, b| a.path.cmp(&b.path));
    fixture.texts.insert(
        RepoPath::new(workflow).unwrap(),
        "jobs:\n  publish:\n    steps:\n      - run: python -m pytest\n      - run: python -m pytest\n        working-directory: jsonkit\n      - name: Pack\n        if: github.ref == 'refs/heads/main'\n        run: npm run build\n        working-directory: dist\n      - run: npm publish\n".into(),
    );
    let page = text(&render(
        &PageKind::Onboarding,
        &structural_body(&PageKind::Onboarding, &fixture.index()),
        &fixture,
    ));
    assert!(
        page.contains("| `python -m pytest` | run the tests | [pyproject.toml]"),
        "{page}"
    );
    assert!(
        page.contains(
            "| `python -m pytest`, in `jsonkit` | run the tests, in the \"publish\" job | "
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "| `npm run build`, in dist | Pack, when `github.ref == 'refs/heads/main'` | "
        ),
        "{page}"
    );
    // Publishing is CI's job, with the project's credentials.
    assert!(!page.contains("npm publish"), "{page}");
}

/// walkdir and uvicorn: a nightly-only CI step read as a plain command, a crate of the
/// workspace (`path = ".."`) as an external dependency, a `cfg(windows)` one as plain
/// `normal`, and the root `requirements.txt` pins beside `pyproject.toml` as runtime ones.
#[test]
fn conditions_local_crates_and_development_pins_read_as_such() {
    let mut fixture = fixture();
    let added = [
        (
            ".github/workflows/ci.yml",
            "jobs:\n  test:\n    steps:\n    - name: Install Rust\n      uses: dtolnay/rust-toolchain@master\n    - run: cargo build --verbose\n    - if: matrix.build == 'nightly'\n      run: cargo generate-lockfile -Z minimal-versions\n",
        ),
        (
            "tools/Cargo.toml",
            "[package]\nname = \"tools\"\n[dependencies]\njsonkit-core = { version = \"*\", path = \"..\" }\natty = \"0.2\"\n[target.'cfg(windows)'.dependencies]\nwinapi-util = \"0.1\"\n",
        ),
        ("requirements.txt", "-e .\npytest==8.3.5\n"),
    ];
    for (name, text) in added {
        fixture.files.push(file(name, 9, None, vec![], &[]));
        fixture.texts.insert(path(name), text.to_string());
    }
    fixture.files.sort_by(|a, b| a.path.cmp(&b.path));
    let page = |kind: PageKind| {
        text(&render(
            &kind,
            &structural_body(&kind, &fixture.index()),
            &fixture,
        ))
    };
    let onboarding = page(PageKind::Onboarding);
    assert!(
        onboarding.contains("| `cargo build --verbose` | build, in the \"test\" job | "),
        "{onboarding}"
    );
    assert!(
        onboarding.contains(
            "| `cargo generate-lockfile -Z minimal-versions` | a step of the \"test\" job, when `matrix.build == 'nightly'` | "
        ),
        "{onboarding}"
    );
    let dependencies = page(PageKind::Dependencies);
    // Not an external package: said under its manifest's table as one of this repository.
    assert!(!dependencies.contains("| `jsonkit-core`"), "{dependencies}");
    assert!(
        dependencies.contains("Also from this repository: `jsonkit-core` ("),
        "{dependencies}"
    );
    assert!(
        dependencies.contains("| `atty` | 0.2 | normal |"),
        "{dependencies}"
    );
    assert!(
        dependencies.contains("| `winapi-util` | 0.1 | normal, cfg(windows) |"),
        "{dependencies}"
    );
    assert!(
        dependencies.contains("| `pytest` | \\==8.3.5 | dev |"),
        "{dependencies}"
    );
}

#[test]
fn an_example_s_main_is_no_entry_point_of_the_project() {
    let mut fixture = fixture();
    let main = |name: &str| {
        file(
            name,
            6,
            None,
            vec![symbol(
                SymbolKind::Function,
                "main",
                (1, 6),
                "def main():",
                None,
            )],
            &["jsonkit/decoder.py"],
        )
    };
    fixture.files.push(main("examples/demo/main.py"));
    fixture.files.push(main("jsonkit/__main__.py"));
    fixture.files.sort_by(|a, b| a.path.cmp(&b.path));
    for kind in [PageKind::Index, PageKind::Onboarding] {
        let page = text(&render(
            &kind,
            &structural_body(&kind, &fixture.index()),
            &fixture,
        ));
        assert!(page.contains("[jsonkit/\\_\\_main\\_\\_.py]"), "{page}");
        assert!(!page.contains("examples/demo/main.py"), "{page}");
    }
}

/// anyhow's `tests/ui/*.rs` define `main` but must fail to compile: Cargo builds no target
/// of them. `src/main.rs`, `tests/*.rs` and `examples/*/main.rs` are targets.
#[test]
fn a_rust_main_is_an_entry_point_only_in_a_cargo_target() {
    let main = |name: &str| {
        file(
            name,
            3,
            None,
            vec![symbol(
                SymbolKind::Function,
                "main",
                (1, 3),
                "fn main()",
                None,
            )],
            &[],
        )
    };
    // ripgrep's binary is where its manifest says: `[[bin]] path = "core/main.rs"`.
    let mut fixture = Fixture::of(vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        main("src/main.rs"),
        main("core/main.rs"),
        main("tests/ui/no-impl.rs"),
        main("tests/harness.rs"),
        main("tests/under_the_harness.rs"),
        main("crates/tool/src/bin/run.rs"),
        file("crates/tool/Cargo.toml", 10, None, vec![], &[]),
        main("crates/tool/src/helpers.rs"),
    ]);
    fixture.texts.insert(
        path("Cargo.toml"),
        "[package]\nname = \"rg\"\n\n[[bin]]\nname = \"rg\"\npath = \"core/main.rs\"\n\n[[test]]\nname = \"harness\"\nharness = false\n".to_string(),
    );
    let section = |kind: PageKind, heading: &str| {
        let page = text(&render(
            &kind,
            &structural_body(&kind, &fixture.index()),
            &fixture,
        ));
        page.split(heading)
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .unwrap_or_default()
            .to_string()
    };
    let start = section(PageKind::Onboarding, "## Start here");
    for target in ["src/main.rs", "crates/tool/src/bin/run.rs"] {
        assert!(start.contains(&format!("[{target}]")), "{start}");
    }
    assert!(
        start.contains("[`main`](../../core/main.rs#L1-L3)"),
        "{start}"
    );
    let tests = section(module_page("tests"), "## Entry points");
    assert!(tests.contains("[tests/harness.rs]"), "{tests}");
    // A test under the harness has a `#[test] fn main` (indicatif's `multi-autodrop.rs`).
    for not_built in [
        "tests/ui/no-impl.rs",
        "crates/tool/src/helpers.rs",
        "tests/under_the_harness.rs",
    ] {
        assert!(!start.contains(not_built), "{start}");
        assert!(!tests.contains(not_built), "{tests}");
    }
}

#[test]
fn central_files_are_those_many_files_build_on_not_the_sinks_of_one_hub() {
    // Four files import `hub.py`; only `hub.py` imports `table.py`, so PageRank alone puts the
    // table first.
    let mut files = vec![
        file("app/hub.py", 50, None, vec![], &["app/table.py"]),
        file("app/table.py", 900, None, vec![], &[]),
    ];
    for user in ["a", "b", "c", "d"] {
        files.push(file(
            &format!("app/{user}.py"),
            10,
            None,
            vec![],
            &["app/hub.py"],
        ));
    }
    let fixture = Fixture::of(files);
    let graph = &fixture.graph;
    assert!(graph.rank_of(&path("app/table.py")) > graph.rank_of(&path("app/hub.py")));
    let architecture = structural_body(&PageKind::Architecture, &fixture.index());
    let central: Vec<&str> = architecture
        .split("## Central files")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|line| line.starts_with("| ["))
        .collect();
    assert!(central[0].starts_with("| [[app/hub.py]]"), "{central:#?}");
    assert!(central[1].starts_with("| [[app/table.py]]"), "{central:#?}");
}

#[test]
fn a_csharp_module_shows_the_public_types_of_its_namespaces() {
    let namespace = symbol(
        SymbolKind::Module,
        "Acme.Store",
        (1, 20),
        "namespace Acme.Store;",
        None,
    );
    let store = Symbol {
        parent: Some("Acme.Store".into()),
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            "MemoryStore",
            (3, 12),
            "public class MemoryStore",
            Some("Keeps items in memory."),
        )
    };
    let helper = Symbol {
        parent: Some("Acme.Store".into()),
        visibility: Some(Visibility::Crate),
        ..symbol(
            SymbolKind::Class,
            "Helper",
            (14, 16),
            "internal class Helper",
            None,
        )
    };
    let files = vec![file(
        "Store/MemoryStore.cs",
        20,
        None,
        vec![namespace, store, helper],
        &[],
    )];
    let page = structural_body(&module_page("Store"), &Fixture::of(files).index());
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(api.contains("`MemoryStore`"), "{page}");
    assert!(
        !api.contains("Helper") && !api.contains("`Acme.Store`"),
        "{page}"
    );
}

/// phpdotenv's `Dotenv\Dotenv`: a class named as its namespace. Its methods were listed as the
/// module's own API, and the class as a type nested in itself.
#[test]
fn a_php_class_named_as_its_namespace_keeps_its_methods() {
    let in_namespace = |kind, name: &str, lines: (u32, u32), signature: &str| Symbol {
        parent: Some("Dotenv".into()),
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, lines, signature, None)
    };
    let files = vec![file(
        "src/Dotenv.php",
        60,
        None,
        vec![
            symbol(
                SymbolKind::Module,
                "Dotenv",
                (3, 3),
                "namespace Dotenv;",
                None,
            ),
            in_namespace(SymbolKind::Class, "Dotenv", (10, 50), "final class Dotenv"),
            in_namespace(
                SymbolKind::Method,
                "load",
                (20, 25),
                "public function load()",
            ),
        ],
        &[],
    )];
    let page = structural_body(&module_page("src"), &Fixture::of(files).index());
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(
        api.contains("`final class Dotenv`\n  Methods: [[src/Dotenv.php#load|`load()`]].\n"),
        "{page}"
    );
    assert!(!api.contains("- [[src/Dotenv.php#load"), "{page}");
    assert!(!api.contains("  - [[src/Dotenv.php#Dotenv"), "{page}");
}

/// packaging's `Version`: its methods and properties said only their names, and its `__eq__`
/// and `__hash__` came before `parse`. A method is listed by its call shape, a property by its
/// type, the operators last.
#[test]
fn a_python_class_lists_its_methods_by_how_they_are_called() {
    let member = |kind, name: &str, lines: (u32, u32), signature: &str| Symbol {
        parent: Some("Version".into()),
        ..symbol(kind, name, lines, signature, None)
    };
    let files = vec![file(
        "src/version.py",
        60,
        None,
        vec![
            symbol(
                SymbolKind::Class,
                "Version",
                (1, 50),
                "class Version:",
                None,
            ),
            member(
                SymbolKind::Method,
                "__eq__",
                (3, 4),
                "def __eq__(self, other: object) -> bool:",
            ),
            member(
                SymbolKind::Method,
                "__init__",
                (5, 8),
                "def __init__(self, version: str) -> None:",
            ),
            member(
                SymbolKind::Method,
                "bump",
                (9, 12),
                "def bump(self, part: str = \"minor\") -> Version:",
            ),
            member(
                SymbolKind::Method,
                "epoch",
                (13, 15),
                "@property def epoch(self) -> int:",
            ),
        ],
        &[],
    )];
    let page = structural_body(&module_page("src"), &Fixture::of(files).index());
    assert!(
        page.contains("  Properties: [[src/version.py#epoch|`epoch: int`]].\n  Methods: [[src/version.py#__init__|`__init__(version: str) -> None`]], [[src/version.py#bump|`bump(part: str = \"minor\") -> Version`]], [[src/version.py#__eq__|`__eq__(other: object) -> bool`]].\n"),
        "{page}"
    );
}

/// sinatra's `lib`: every file reopens `module Sinatra`; the page listed that module six times
/// and none of the classes in it (`Sinatra::Base`).
#[test]
fn a_ruby_namespace_lists_the_classes_it_holds() {
    let inside = |kind, name: &str, parent: &str, lines: (u32, u32), signature: &str| Symbol {
        parent: Some(parent.into()),
        ..symbol(kind, name, lines, signature, None)
    };
    let files = vec![
        file(
            "lib/sinatra/base.rb",
            200,
            None,
            vec![
                symbol(
                    SymbolKind::Module,
                    "Sinatra",
                    (1, 200),
                    "module Sinatra",
                    None,
                ),
                inside(SymbolKind::Class, "Base", "Sinatra", (3, 150), "class Base"),
                inside(SymbolKind::Method, "call", "Base", (5, 9), "def call(env)"),
            ],
            &[],
        ),
        // The gem's front file (here `lib/zsinatra.rb`, the one file above `lib/sinatra/`): its
        // API comes first.
        file(
            "lib/zsinatra.rb",
            20,
            None,
            vec![
                symbol(
                    SymbolKind::Module,
                    "Sinatra",
                    (1, 20),
                    "module Sinatra",
                    None,
                ),
                inside(
                    SymbolKind::Class,
                    "Application",
                    "Sinatra",
                    (2, 19),
                    "class Application",
                ),
                inside(SymbolKind::Method, "run", "Application", (3, 5), "def run"),
            ],
            &[],
        ),
        // httparty's `request/body.rb`: `class Request` reopened only to hold `Body`.
        file(
            "lib/sinatra/base/body.rb",
            40,
            None,
            vec![
                symbol(
                    SymbolKind::Module,
                    "Sinatra",
                    (1, 40),
                    "module Sinatra",
                    None,
                ),
                inside(SymbolKind::Class, "Base", "Sinatra", (2, 39), "class Base"),
                inside(SymbolKind::Class, "Body", "Base", (3, 38), "class Body"),
                inside(SymbolKind::Method, "call", "Body", (5, 9), "def call"),
            ],
            &[],
        ),
        file(
            "lib/sinatra/version.rb",
            5,
            None,
            vec![
                symbol(
                    SymbolKind::Module,
                    "Sinatra",
                    (1, 3),
                    "module Sinatra",
                    None,
                ),
                inside(
                    SymbolKind::Constant,
                    "VERSION",
                    "Sinatra",
                    (2, 2),
                    "VERSION = '4.0'",
                ),
            ],
            &[],
        ),
    ];
    let fixture = Fixture::of(files);
    let index = fixture.index();
    let modules: Vec<&str> = index.modules.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(modules, ["lib"]);
    let page = structural_body(&module_page("lib"), &index);
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(
        api.contains("- [[lib/sinatra/base.rb#Base|`Sinatra::Base`]] (class)"),
        "{page}"
    );
    assert!(
        api.contains("Methods: [[lib/sinatra/base.rb#call|`call(env)`]]"),
        "{page}"
    );
    assert!(!api.contains("(module)"), "{page}");
    assert!(
        api.contains("- [[lib/sinatra/base/body.rb#Body|`Sinatra::Base::Body`]] (class)"),
        "{page}"
    );
    assert!(!api.contains("[[lib/sinatra/base/body.rb#Base"), "{page}");
    assert!(
        page.contains(
            "| [[lib/sinatra/base/body.rb]] | ruby | 40 | Defines the class `Sinatra::Base::Body`; its one method: `call`. |"
        ),
        "{page}"
    );
    assert!(
        api.trim_start().starts_with("From [[lib/zsinatra.rb]]:"),
        "{page}"
    );
}

/// sinatra's `release.yml` filled the table of what CI runs before its `test.yml` was read.
#[test]
fn ci_tests_come_before_ci_releases() {
    let mut fixture = Fixture::of(vec![
        file(".github/workflows/release.yml", 20, None, vec![], &[]),
        file(".github/workflows/test.yml", 20, None, vec![], &[]),
        file("lib/app.rb", 20, None, vec![], &[]),
    ]);
    let steps: String = (1..=7)
        .map(|n| format!("      - run: bundle exec rake release:part{n}\n"))
        .collect();
    fixture.texts.insert(
        path(".github/workflows/release.yml"),
        format!("jobs:\n  release:\n    steps:\n{steps}"),
    );
    fixture.texts.insert(
        path(".github/workflows/test.yml"),
        "jobs:\n  test:\n    steps:\n      - name: Run tests\n        run: bundle exec rake\n"
            .into(),
    );
    let page = structural_body(&PageKind::Onboarding, &fixture.index());
    let table = page.split("## Build and test").nth(1).unwrap_or_default();
    let rake = table.find("| `bundle exec rake` | Run tests |");
    let release = table.find("release:part1");
    assert!(rake.is_some() && rake < release, "{page}");
}

/// guzzle's CI runs `./vendor/bin/phpunit`, a path of no file of the checkout: the onboarding
/// still shows it as code.
#[test]
fn a_build_command_naming_no_file_of_the_checkout_stays_code() {
    let mut fixture = Fixture::of(vec![
        file(".github/workflows/ci.yml", 20, None, vec![], &[]),
        file("src/Client.php", 20, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path(".github/workflows/ci.yml"),
        "jobs:\n  test:\n    steps:\n      - name: Run tests\n        run: ./vendor/bin/phpunit\n"
            .into(),
    );
    let body = structural_body(&PageKind::Onboarding, &fixture.index());
    let page = text(&render(&PageKind::Onboarding, &body, &fixture));
    assert!(
        page.contains("| `./vendor/bin/phpunit` | Run tests |"),
        "{page}"
    );
}

/// uvicorn's shape: two packages that import each other are one layer, and that layer does
/// not "import no other module": it imports nothing outside its cycle.
#[test]
fn a_layer_of_an_import_cycle_says_it_imports_only_within_the_cycle() {
    let files = vec![
        file("core/__init__.py", 1, None, vec![], &[]),
        file("core/a.py", 10, None, vec![], &["io/b.py"]),
        file("io/__init__.py", 1, None, vec![], &[]),
        file("io/b.py", 10, None, vec![], &["core/a.py"]),
        file("app/__init__.py", 1, None, vec![], &[]),
        file("app/main.py", 10, None, vec![], &["core/a.py"]),
    ];
    let architecture = structural_body(&PageKind::Architecture, &Fixture::of(files).index());
    let layers = architecture.split("## Layers").nth(1).unwrap_or_default();
    assert!(
        layers.contains("- **Layer 0** (imports no module outside its own import cycle): "),
        "{architecture}"
    );
    assert!(
        !layers.contains("imports no other module"),
        "{architecture}"
    );
    assert!(
        layers.contains("- **Layer 1** (builds on layer 0): "),
        "{architecture}"
    );
    assert!(
        layers.contains("import each other (an import cycle)"),
        "{architecture}"
    );
}

/// uvicorn's `docs/plugins/main.py` is a mkdocs hook: no entry point, no public API, and the
/// docs come after the code in the reading order.
#[test]
fn the_code_of_the_docs_site_is_neither_entry_point_nor_api() {
    let hook = symbol(
        SymbolKind::Function,
        "on_page_markdown",
        (3, 5),
        "def on_page_markdown(markdown, page, config, files)",
        None,
    );
    let main = symbol(SymbolKind::Function, "main", (1, 4), "def main()", None);
    let files = vec![
        file("docs/.gitattributes", 2, None, vec![], &[]),
        file("docs/index.md", 20, None, vec![], &[]),
        file("docs/plugins/main.py", 10, None, vec![hook], &[]),
        file("app/__init__.py", 1, None, vec![], &[]),
        file("app/main.py", 10, None, vec![main], &["app/server.py"]),
        file("app/server.py", 10, None, vec![], &[]),
        // jotai's React component and a TypeScript file named main without a `main`.
        file("website/src/components/main.js", 10, None, vec![], &[]),
        file("lib/main.ts", 10, None, vec![], &[]),
    ];
    let fixture = Fixture::of(files);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    let start = onboarding
        .split("## Build and test")
        .next()
        .unwrap_or_default();
    assert!(
        !start.contains("website/src/components/main.js"),
        "{onboarding}"
    );
    assert!(!start.contains("lib/main.ts"), "{onboarding}");
    assert!(start.contains("[app/main.py]"), "{onboarding}");
    assert!(!start.contains("[docs/plugins/main.py]"), "{onboarding}");
    assert!(
        onboarding.contains("(modules/docs.md) — start with [[docs/index.md]]"),
        "{onboarding}"
    );
    let order = onboarding
        .split("## Reading order")
        .nth(1)
        .unwrap_or_default();
    let app = order.find("`app`").unwrap_or(usize::MAX);
    let docs = order.find("`docs`").unwrap_or(0);
    assert!(app < docs, "{onboarding}");
    let docs_page = structural_body(&module_page("docs"), &fixture.index());
    assert!(
        docs_page.contains(
            "The project's documentation: 1 document and 1 code file for building its site."
        ),
        "{docs_page}"
    );
    // dayjs's `docs/demo/index.js` shows the API; it builds nothing.
    let mut files = fixture.files.clone();
    files.push(file("docs/demo/index.js", 30, None, vec![], &[]));
    files.push(file("docs/guide.md", 30, None, vec![], &[]));
    files.push(file("docs/api.md", 30, None, vec![], &[]));
    let fixture = Fixture::of(files);
    let docs_page = structural_body(&module_page("docs"), &fixture.index());
    assert!(
        docs_page.contains(
            "The project's documentation: 3 documents, 1 code file of examples and 1 code file for building its site."
        ),
        "{docs_page}"
    );
    assert!(!docs_page.contains("## Public API"), "{docs_page}");
    assert!(!docs_page.contains("## Entry points"), "{docs_page}");
    // It says what it holds, without regretting a doc comment no documentation has.
    assert!(!docs_page.contains("No doc comment"), "{docs_page}");
}

/// uvicorn's `tests/middleware` imports the shared helpers of `tests/`: it tests `app`, not
/// `tests`.
#[test]
fn a_suite_is_described_by_the_code_it_tests_not_by_shared_test_helpers() {
    let files = vec![
        file("app/__init__.py", 1, None, vec![], &[]),
        file("app/core.py", 10, None, vec![], &[]),
        file("tests/__init__.py", 1, None, vec![], &[]),
        file("tests/utils.py", 10, None, vec![], &[]),
        file("tests/middleware/__init__.py", 1, None, vec![], &[]),
        file(
            "tests/middleware/test_proxy.py",
            10,
            None,
            vec![],
            &["app/core.py", "tests/utils.py"],
        ),
    ];
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("tests/middleware"), &fixture.index());
    assert!(page.contains("Tests of `app`.\n"), "{page}");
}

/// walkdir's tests are a `#[cfg(test)] mod tests` directory inside `src/`: they sit in
/// `src/tests/`, they are not "named `*.rs`".
#[test]
fn test_files_in_a_test_directory_of_a_code_module_are_listed_by_directory() {
    let files = vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        file("src/lib.rs", 10, None, vec![], &[]),
        file("src/tests/mod.rs", 10, None, vec![], &[]),
        file("src/tests/recursive.rs", 10, None, vec![], &[]),
        // ripgrep's `crates/matcher/tests/test_matcher.rs`: named like a test, but in `tests/`.
        file("src/tests/test_matcher.rs", 10, None, vec![], &[]),
        file("src/walk_test.rs", 10, None, vec![], &[]),
    ];
    let onboarding = structural_body(&PageKind::Onboarding, &Fixture::of(files).index());
    let tests = onboarding
        .split("## Where the tests live")
        .nth(1)
        .unwrap_or_default();
    assert!(
        tests.contains(
            "- 3 files in `src/tests/`: [[src/tests/mod.rs]], [[src/tests/recursive.rs]], [[src/tests/test_matcher.rs]]\n"
        ),
        "{onboarding}"
    );
    assert!(
        tests.contains(
            "- 1 file beside the code they test, named `*_test.rs`: [[src/walk_test.rs]]\n"
        ),
        "{onboarding}"
    );
    assert!(!tests.contains("named `*.rs`"), "{onboarding}");
}

/// uvicorn declares `__all__ = ["main", "run", "Config", "Server"]`: the module page says so
/// and lists those names first; a module's `__getattr__` hook is no API.
#[test]
fn a_python_package_s_all_leads_its_public_api() {
    let mut init = file("pkg/__init__.py", 3, None, vec![], &["pkg/main.py"]);
    init.parsed.exports = Some(vec!["run".into(), "Config".into()]);
    let config = symbol(SymbolKind::Class, "Config", (1, 5), "class Config:", None);
    let helper = symbol(
        SymbolKind::Function,
        "is_dir",
        (7, 9),
        "def is_dir(p):",
        None,
    );
    let run = symbol(SymbolKind::Function, "run", (1, 3), "def run():", None);
    let hook = symbol(
        SymbolKind::Function,
        "__getattr__",
        (5, 8),
        "def __getattr__(name):",
        None,
    );
    let files = vec![
        init,
        file("pkg/config.py", 10, None, vec![helper, config], &[]),
        file("pkg/main.py", 10, None, vec![run, hook], &["pkg/config.py"]),
        file("pkg/cli.py", 10, None, vec![], &["pkg/config.py"]),
    ];
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("pkg"), &fixture.index());
    // `__all__` is no symbol of the tree, and stays code when the page is rendered.
    let rendered = text(&render(&module_page("pkg"), &page, &fixture));
    assert!(rendered.contains(" (`__all__`): "), "{rendered}");
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(
        api.contains("The package declares its API in [[pkg/__init__.py]] (`__all__`): `run` and `Config`.\n\n- [[pkg/main.py#run|`run`]] (function)"),
        "{page}"
    );
    let at = |name: &str| api.find(name).unwrap_or(usize::MAX);
    assert!(at("`run`]]") < at("`Config`]]"), "{page}");
    assert!(at("`Config`]]") < at("Also public in its files"), "{page}");
    assert!(at("Also public in its files") < at("`is_dir`]]"), "{page}");
    assert!(!api.contains("__getattr__"), "{page}");
}

/// walkdir-list's `main.rs` has nothing public: its map line names its `main` (private, as
/// every Rust `fn main` is) beside its macro, not the macro alone.
#[test]
fn llms_txt_names_a_binary_s_main_among_its_definitions() {
    let main = Symbol {
        visibility: Some(Visibility::Private),
        ..symbol(SymbolKind::Function, "main", (5, 9), "fn main()", None)
    };
    let err = symbol(SymbolKind::Macro, "err", (1, 3), "macro_rules! err", None);
    let files = vec![
        file("Cargo.toml", 5, None, vec![], &[]),
        file("src/main.rs", 9, None, vec![err, main], &[]),
    ];
    let text = String::from_utf8(render_llms_txt(&Fixture::of(files).index(), 8_000)).unwrap();
    let line = text
        .lines()
        .skip_while(|line| !line.contains("src/main.rs"))
        .find(|line| line.contains("Symbols:"))
        .unwrap_or_default();
    let symbols = line.split("Symbols:").nth(1).unwrap_or_default();
    assert!(
        symbols.contains("main") && symbols.contains("err"),
        "{text}"
    );
}

/// fd's `filesystem.rs` defines `is_pipe` once for unix and once for other platforms: the
/// key definitions of its binary crate name it once.
#[test]
fn a_name_defined_per_platform_is_one_key_definition() {
    let variant = |line: u32| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            "is_pipe",
            (line, line + 2),
            "pub fn is_pipe(ft: FileType) -> bool {",
            None,
        )
    };
    let files = vec![
        file("Cargo.toml", 5, None, vec![], &[]),
        file(
            "src/main.rs",
            9,
            None,
            vec![symbol(
                SymbolKind::Function,
                "main",
                (1, 9),
                "fn main()",
                None,
            )],
            &["src/fs.rs"],
        ),
        file("src/fs.rs", 9, None, vec![variant(1), variant(5)], &[]),
    ];
    let page = structural_body(&module_page("src"), &Fixture::of(files).index());
    let key = page.split("## Key definitions").nth(1).unwrap_or_default();
    let key = key.split("## Entry points").next().unwrap_or_default();
    assert_eq!(key.matches("`is_pipe`").count(), 1, "{page}");
}

/// Reading a module starts where it says: fd's crate at `src/main.rs`, not at the file most
/// imported; uvicorn's package (a five-line `__init__.py`) at `main.py`, which defines `main`,
/// not at its two-line `__main__.py`.
#[test]
fn reading_starts_at_the_front_file_or_where_execution_starts() {
    let main = || symbol(SymbolKind::Function, "main", (1, 9), "fn main()", None);
    let files = vec![
        file("Cargo.toml", 5, None, vec![], &[]),
        file("src/main.rs", 80, None, vec![main()], &["src/entry.rs"]),
        file("src/entry.rs", 40, None, vec![], &[]),
        file("src/walk.rs", 40, None, vec![], &["src/entry.rs"]),
        file("pkg/__init__.py", 5, None, vec![], &["pkg/main.py"]),
        file("pkg/__main__.py", 2, None, vec![], &["pkg/main.py"]),
        file("pkg/main.py", 60, None, vec![main()], &["pkg/types.py"]),
        file("pkg/types.py", 30, None, vec![], &[]),
        file("pkg/server.py", 30, None, vec![], &["pkg/types.py"]),
    ];
    let onboarding = structural_body(&PageKind::Onboarding, &Fixture::of(files).index());
    assert!(
        onboarding.contains("(modules/src.md) — start with [[src/main.rs]]"),
        "{onboarding}"
    );
    assert!(
        onboarding.contains("(modules/pkg.md) — start with [[pkg/main.py]]"),
        "{onboarding}"
    );
}

/// fd's integration tests run its binary and import none of its modules: the index says so
/// rather than leaving the row empty.
#[test]
fn a_suite_that_imports_nothing_of_the_project_says_so() {
    let files = vec![
        file("Cargo.toml", 5, None, vec![], &[]),
        file("src/main.rs", 20, None, vec![], &[]),
        file("tests/cli.rs", 20, None, vec![], &[]),
    ];
    let index = structural_body(&PageKind::Index, &Fixture::of(files).index());
    assert!(
        index.contains("| 1 | Tests that import no module of the project. |"),
        "{index}"
    );
}

/// cJSON's `CMakeLists.txt` is CMake's build script, not documentation of its module; a
/// dotfile is a tool's.
#[test]
fn build_scripts_in_txt_files_are_no_documentation() {
    let files = vec![
        file("lib/CMakeLists.txt", 40, None, vec![], &[]),
        file("lib/requirements-dev.txt", 4, None, vec![], &[]),
        file("lib/NOTES.txt", 12, None, vec![], &[]),
        // structlog's hatch-vcs template.
        file("lib/.git_archival.txt", 3, None, vec![], &[]),
        file("lib/parse.c", 40, None, vec![], &[]),
    ];
    let page = structural_body(&module_page("lib"), &Fixture::of(files).index());
    let documents = page
        .split("## Documentation in the module")
        .nth(1)
        .unwrap_or_default();
    let documents = documents.split("\n## ").next().unwrap_or_default();
    assert!(documents.contains("[[lib/NOTES.txt]]"), "{page}");
    assert!(!documents.contains("CMakeLists"), "{page}");
    assert!(!documents.contains("requirements"), "{page}");
    assert!(!documents.contains("git_archival"), "{page}");
}

/// javapoet's API is its types' builders: `TypeSpec.Builder` shows under `TypeSpec` with its
/// own methods, and `MethodSpec`'s `Builder` (another file) keeps its own.
#[test]
fn public_nested_types_show_under_their_type_with_their_methods() {
    let public = |kind: SymbolKind, name: &str, parent: Option<&str>, line: u32| Symbol {
        visibility: Some(Visibility::Public),
        parent: parent.map(Into::into),
        ..symbol(
            kind,
            name,
            (line, line + 1),
            &format!("public {name}"),
            None,
        )
    };
    let type_spec = vec![
        public(SymbolKind::Class, "TypeSpec", None, 1),
        public(SymbolKind::Method, "toBuilder", Some("TypeSpec"), 3),
        public(SymbolKind::Class, "Builder", Some("TypeSpec"), 5),
        public(SymbolKind::Method, "addMethod", Some("Builder"), 7),
    ];
    let method_spec = vec![
        public(SymbolKind::Class, "MethodSpec", None, 1),
        public(SymbolKind::Class, "Builder", Some("MethodSpec"), 5),
        public(SymbolKind::Method, "addCode", Some("Builder"), 7),
    ];
    let files = vec![
        file("src/TypeSpec.java", 20, None, type_spec, &[]),
        file("src/MethodSpec.java", 20, None, method_spec, &[]),
    ];
    let page = structural_body(&module_page("src"), &Fixture::of(files).index());
    let type_spec = page
        .split("[[src/TypeSpec.java#TypeSpec|`TypeSpec`]]")
        .nth(1)
        .unwrap_or_default();
    let type_spec = type_spec.split("\n- ").next().unwrap_or_default();
    assert!(
        type_spec.contains("  Methods: [[src/TypeSpec.java#toBuilder|`toBuilder`]]."),
        "{page}"
    );
    assert!(type_spec.contains("  - [[src/TypeSpec.java#Builder|`Builder`]] (class)\n    Methods: [[src/TypeSpec.java#addMethod|`addMethod`]]."), "{page}");
    assert!(!type_spec.contains("addCode"), "{page}");
}

/// jotai's `src/index.ts` is `export * from './vanilla'` and `./react`: a row says so rather
/// than "—".
#[test]
fn a_barrel_file_is_described_by_what_it_re_exports() {
    let mut barrel = file(
        "src/index.ts",
        2,
        None,
        vec![],
        &["src/vanilla.ts", "src/react.ts"],
    );
    for import in &mut barrel.parsed.imports {
        import.kind = ImportKind::Reexport;
    }
    let files = vec![
        barrel,
        file("src/vanilla.ts", 20, None, vec![], &[]),
        file("src/react.ts", 20, None, vec![], &[]),
    ];
    let page = structural_body(&module_page("src"), &Fixture::of(files).index());
    assert!(
        page.contains("| [[src/index.ts]] | typescript | 2 | Re-exports [[src/vanilla.ts]] and [[src/react.ts]]. |"),
        "{page}"
    );
}

/// httpx's `__init__.py` imports eleven of its own modules (`from ._api import *`) and defines
/// only a fallback `main`: "Defines `main`." alone told a reader nothing of what it is.
#[test]
fn a_package_front_file_is_described_by_what_it_re_exports_first() {
    let main = symbol(
        SymbolKind::Function,
        "main",
        (18, 26),
        "def main() -> None:",
        None,
    );
    let files = vec![
        file(
            "httpx/__init__.py",
            30,
            None,
            vec![main],
            &[
                "httpx/_api.py",
                "httpx/_auth.py",
                "httpx/_client.py",
                "httpx/_models.py",
            ],
        ),
        file("httpx/_api.py", 20, None, vec![], &[]),
        file("httpx/_auth.py", 20, None, vec![], &[]),
        file("httpx/_client.py", 20, None, vec![], &[]),
        file("httpx/_models.py", 20, None, vec![], &[]),
    ];
    let page = structural_body(&module_page("httpx"), &Fixture::of(files).index());
    assert!(
        page.contains("| [[httpx/__init__.py]] | python | 30 | Re-exports [[httpx/_api.py]], [[httpx/_auth.py]], [[httpx/_client.py]] and [[httpx/_models.py]]. Defines the function `main`. |"),
        "{page}"
    );
}

/// zustand's example apps declare `"zustand": "^4.3.9"`: they run the published package, and
/// a reader should not take "imports no module of the project" for unrelated code.
#[test]
fn examples_of_the_published_package_say_so() {
    let mut fixture = Fixture::of(vec![
        file("package.json", 5, None, vec![], &[]),
        file("src/index.ts", 20, None, vec![], &[]),
        file("examples/demo/package.json", 5, None, vec![], &[]),
        file("examples/demo/src/App.jsx", 20, None, vec![], &[]),
        file("examples/plain/main.js", 20, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("package.json"),
        r#"{"name": "zustand", "main": "src/index.ts"}"#.into(),
    );
    fixture.texts.insert(
        path("examples/demo/package.json"),
        r#"{"name": "demo", "dependencies": {"zustand": "^4.3.9", "react": "^18"}}"#.into(),
    );
    let index = fixture.index();
    let demo = structural_body(&module_page("examples/demo"), &index);
    assert!(
        demo.contains(
            "Examples that use the published `zustand` package, not this checkout's source."
        ),
        "{demo}"
    );
    let plain = structural_body(&module_page("examples"), &index);
    assert!(
        plain.contains("Examples that import no module of the project."),
        "{plain}"
    );
}

/// ryu's benchmarks run under Criterion and its fuzz targets under libFuzzer: the suites
/// say so, beside what they exercise.
#[test]
fn a_suite_of_benchmarks_names_its_harness() {
    let with_import = |at: &str, raw: &str| {
        let mut map = file(at, 40, None, vec![], &["src/lib.rs"]);
        map.parsed.imports.push(Import {
            raw: raw.into(),
            line: 1,
            kind: ImportKind::Use,
            ..Import::default()
        });
        map
    };
    let fixture = Fixture::of(vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        file("src/lib.rs", 40, None, vec![], &[]),
        with_import("benches/bench.rs", "criterion::Criterion"),
        with_import(
            "fuzz/fuzz_targets/fuzz_ryu.rs",
            "libfuzzer_sys::fuzz_target",
        ),
    ]);
    let index = fixture.index();
    let benches = structural_body(&module_page("benches"), &index);
    assert!(
        benches.contains("Benchmarks of `src`, timed with Criterion."),
        "{benches}"
    );
    let fuzz = structural_body(&module_page("fuzz"), &index);
    assert!(
        fuzz.contains("Fuzz targets of `src`, run with libFuzzer (cargo-fuzz)."),
        "{fuzz}"
    );
}

/// memchr's `benchmarks/`: engines that time searches through a shared harness, one built
/// with the checkout, one with the release it pins (`memchr = "=2.5.0"`), one of libc. They
/// are benchmarks (not examples), of what they time (not of their harness).
#[test]
fn benchmark_engines_are_said_by_what_they_time() {
    let manifest = |at: &str, registry: &[&str]| {
        let mut map = file(at, 10, None, vec![], &[]);
        map.parsed.cargo = Some(Box::new(cartograph_core::CargoPackage {
            name: "main".into(),
            registry_dependencies: registry.iter().map(|name| name.to_string()).collect(),
            ..Default::default()
        }));
        map
    };
    let mut root = file("Cargo.toml", 10, None, vec![], &[]);
    root.parsed.cargo = Some(Box::new(cartograph_core::CargoPackage {
        name: "memchr".into(),
        ..Default::default()
    }));
    let mut fixture = Fixture::of(vec![
        root,
        file("src/lib.rs", 40, None, vec![], &[]),
        file("benchmarks/shared/lib.rs", 40, None, vec![], &[]),
        manifest("benchmarks/engines/new/Cargo.toml", &["anyhow"]),
        file(
            "benchmarks/engines/new/main.rs",
            40,
            None,
            vec![],
            &["src/lib.rs", "benchmarks/shared/lib.rs"],
        ),
        manifest("benchmarks/engines/old/Cargo.toml", &["anyhow", "memchr"]),
        file(
            "benchmarks/engines/old/main.rs",
            40,
            None,
            vec![],
            &["benchmarks/shared/lib.rs"],
        ),
        manifest("benchmarks/engines/libc/Cargo.toml", &["libc"]),
        file(
            "benchmarks/engines/libc/main.rs",
            40,
            None,
            vec![],
            &["benchmarks/shared/lib.rs"],
        ),
    ]);
    fixture
        .texts
        .insert(path("Cargo.toml"), "[package]\nname = \"memchr\"\n".into());
    fixture.texts.insert(
        path("benchmarks/engines/new/Cargo.toml"),
        "[package]\nname = \"main\"\n[dependencies]\nanyhow = \"1\"\nmemchr = { version = \"*\", path = \"../../../\" }\n".into(),
    );
    fixture.texts.insert(
        path("benchmarks/engines/old/Cargo.toml"),
        "[package]\nname = \"main\"\n[dependencies]\nanyhow = \"1\"\nmemchr = \"=2.5.0\"\n".into(),
    );
    fixture.texts.insert(
        path("benchmarks/engines/libc/Cargo.toml"),
        "[package]\nname = \"main\"\n[dependencies]\nlibc = \"0.2\"\n".into(),
    );
    let index = fixture.index();
    let body = |module: &str| structural_body(&module_page(module), &index);
    let new = body("benchmarks/engines/new");
    assert!(new.contains("Benchmarks of `src`."), "{new}");
    let old = body("benchmarks/engines/old");
    assert!(
        old.contains(
            "Benchmarks that use the published `memchr` package, not this checkout's source."
        ),
        "{old}"
    );
    let libc = body("benchmarks/engines/libc");
    assert!(
        libc.contains("Benchmarks that import no module of the project."),
        "{libc}"
    );
    let shared = body("benchmarks/shared");
    assert!(
        shared.contains("Helpers for the benchmarks, which import no module of the project."),
        "{shared}"
    );
    let overview = structural_body(&PageKind::Index, &index);
    assert!(!overview.contains("Examples of"), "{overview}");
}

/// ky's `package.json` names its build output, `distribution/index.js`, which the checkout
/// lacks; the import resolver followed it to `source/index.ts`, and zustand's `./vanilla`
/// subpath to `src/vanilla.ts`. ky showed no entry point.
#[test]
fn a_package_s_entries_are_the_sources_its_outputs_are_built_from() {
    let mut manifest = file("package.json", 5, None, vec![], &[]);
    manifest.parsed.js_manifest = Some(Box::new(JsManifest {
        entry_sources: vec![
            (".".into(), path("source/index.ts")),
            (".".into(), path("source/index.d.ts")),
            ("./vanilla".into(), path("source/vanilla.ts")),
        ],
        exports: vec![
            (".".into(), vec!["./distribution/index.js".into()]),
            ("./vanilla".into(), vec!["./distribution/vanilla.js".into()]),
            ("./*".into(), vec!["./distribution/*.js".into()]),
        ],
        ..JsManifest::default()
    }));
    let mut fixture = Fixture::of(vec![
        manifest,
        file("source/index.ts", 20, None, vec![], &[]),
        file("source/index.d.ts", 20, None, vec![], &[]),
        file("source/vanilla.ts", 20, None, vec![], &[]),
        file("source/core.ts", 20, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("package.json"),
        r#"{"name": "ky", "main": "./distribution/index.js"}"#.into(),
    );
    let page = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        page.contains("  - [[source/index.ts]], imported as `ky`\n  - [[source/vanilla.ts]], imported as `ky/vanilla`\n"),
        "{page}"
    );
    assert!(!page.contains("distribution"), "{page}");
    // A declaration runs nothing.
    assert!(!page.contains("[[source/index.d.ts]]"), "{page}");
    // zustand's `./*` leads to its other built modules: no one file, but said.
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("- `ky/*`, the package's other modules by their path (`./*` in [[package.json]]'s `exports`)\n"),
        "{index}"
    );
}

/// execa's `lib/methods` exports `normalizeParameters` to the package's other files; the
/// package offers importers only `index.js`, so a reader must not take it for execa's API.
#[test]
fn a_module_inside_a_package_says_its_exports_are_internal() {
    let exported = |name: &str, line: u32| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            name,
            (line, line + 2),
            &format!("export const {name} = () => {{"),
            None,
        )
    };
    let mut manifest = file("package.json", 5, None, vec![], &[]);
    manifest.parsed.js_manifest = Some(Box::new(JsManifest {
        name: Some("execa".into()),
        exports: vec![(".".into(), vec!["./index.js".into()])],
        entry_sources: vec![(".".into(), path("index.js"))],
        ..JsManifest::default()
    }));
    let files = vec![
        manifest,
        file(
            "index.js",
            20,
            None,
            vec![exported("execa", 1)],
            &["lib/parameters.js"],
        ),
        file(
            "lib/parameters.js",
            20,
            None,
            vec![exported("normalizeParameters", 3)],
            &["lib/bind.js"],
        ),
        file(
            "lib/bind.js",
            20,
            None,
            vec![exported("mergeOptions", 3)],
            &[],
        ),
    ];
    let mut fixture = Fixture::of(files);
    fixture.texts.insert(
        path("package.json"),
        r#"{"name": "execa", "exports": "./index.js"}"#.into(),
    );
    let index = fixture.index();
    let lib = structural_body(&module_page("lib"), &index);
    assert!(
        lib.contains("## Exported names\n\nInternal to the package `execa`: its `package.json` offers importers only [[index.js]]; these are what this module's files export to the package's other files.\n"),
        "{lib}"
    );
    let root = structural_body(&module_page(""), &index);
    assert!(!root.contains("Internal to the package"), "{root}");
    // dayjs's `package.json` has no `exports` map: its users import the plugins its entry
    // leaves out by their paths (`dayjs/plugin/utc`), so they are no internal names.
    let mut files = fixture.files.clone();
    for file in &mut files {
        if let Some(manifest) = file.parsed.js_manifest.as_deref_mut() {
            manifest.exports.clear();
        }
    }
    let mut fixture = Fixture::of(files);
    fixture.texts.insert(
        path("package.json"),
        r#"{"name": "execa", "main": "./index.js"}"#.into(),
    );
    let lib = structural_body(&module_page("lib"), &fixture.index());
    assert!(!lib.contains("Internal to the package"), "{lib}");
    assert!(
        lib.contains("The package `execa` is entered through [[index.js]], which passes on none of this module's names; with no `exports` map in its `package.json`, importers may still load these files by their paths."),
        "{lib}"
    );
}

/// express's `index.js` is `module.exports = require('./lib/express')`: what `lib/express.js`
/// exports is the package's API, listed first on `lib`'s page and named on the root's, while
/// `lib/utils.js` serves the package's own files. `lib/application.js` offers `app.use`, not
/// its private helper.
#[test]
fn an_entry_that_passes_a_file_on_makes_that_file_the_package_s_api() {
    let exported = |name: &str, line: u32| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            name,
            (line, line + 2),
            &format!("exports.{name} = function() {{"),
            None,
        )
    };
    let mut manifest = file("package.json", 5, None, vec![], &[]);
    manifest.parsed.js_manifest = Some(Box::new(JsManifest {
        name: Some("express".into()),
        entry_sources: vec![(".".into(), path("index.js"))],
        ..JsManifest::default()
    }));
    let mut entry = file("index.js", 3, None, vec![], &[]);
    entry.parsed.imports = vec![Import {
        raw: "./lib/express".into(),
        resolved: Some(path("lib/express.js")),
        kind: ImportKind::Reexport,
        ..Import::default()
    }];
    entry.parsed.clause_exports = vec![("*".into(), "./lib/express".into())];
    let application = file(
        "lib/application.js",
        40,
        None,
        vec![
            symbol(
                SymbolKind::Function,
                "logerror",
                (2, 4),
                "function logerror(err) {",
                None,
            ),
            Symbol {
                visibility: Some(Visibility::Public),
                parent: Some("app".into()),
                ..symbol(
                    SymbolKind::Method,
                    "use",
                    (10, 20),
                    "app.use = function use(fn) {",
                    None,
                )
            },
        ],
        &[],
    );
    let mut application = application;
    application.parsed.exports = Some(vec!["app".into()]);
    let files = vec![
        manifest,
        entry,
        file(
            "lib/express.js",
            20,
            None,
            vec![exported("createApplication", 3)],
            &["lib/utils.js", "lib/application.js"],
        ),
        file(
            "lib/utils.js",
            20,
            None,
            vec![exported("normalizeType", 3)],
            &[],
        ),
        application,
        file(
            "test/app.js",
            20,
            None,
            vec![],
            &["lib/utils.js", "lib/utils.js"],
        ),
    ];
    let mut fixture = Fixture::of(files);
    fixture
        .texts
        .insert(path("package.json"), r#"{"name": "express"}"#.into());
    let index = fixture.index();
    let lib = structural_body(&module_page("lib"), &index);
    assert!(
        lib.contains("## Public API\n\nThe package `express` is entered through [[index.js]], which passes on what [[lib/express.js]] exports; the other files are not passed on, though with no `exports` map importers may load them by their paths.\n\nFrom [[lib/express.js]]:\n\n- [[lib/express.js#createApplication|`createApplication`]]"),
        "{lib}"
    );
    assert!(
        lib.contains(
            "| [[lib/application.js]] | javascript | 40 | Exports the function `app.use`. |"
        ),
        "{lib}"
    );
    let root = structural_body(&module_page(""), &index);
    assert!(
        root.contains("## Public API\n\nThe package's entry file, [[index.js]], exports `createApplication`.\n"),
        "{root}"
    );
}

/// log's `lib.rs` defines `Log`, `Level` and `Record`; `kv/value.rs`'s `Value` is what the
/// crate's own files name most. The front file's names come first on the page and in the
/// line that names the module; an empty `__init__.py` is never where reading starts.
#[test]
fn a_module_s_front_file_leads_its_api() {
    let class = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            name,
            (3, 20),
            &format!("class {name}:"),
            None,
        )
    };
    let importer = |name: &str| {
        let mut file = file(name, 10, None, vec![], &[]);
        file.parsed.imports = vec![Import {
            raw: "levels.values".into(),
            resolved: Some(path("levels/values.py")),
            name: Some("Value".into()),
            line: 1,
            ..Import::default()
        }];
        file
    };
    let files = vec![
        file("levels/__init__.py", 40, None, vec![class("Level")], &[]),
        file("levels/values.py", 40, None, vec![class("Value")], &[]),
        importer("app_one.py"),
        importer("app_two.py"),
        importer("app_three.py"),
        file("tests/__init__.py", 0, None, vec![], &[]),
        file(
            "tests/test_levels.py",
            30,
            None,
            vec![symbol(
                SymbolKind::Function,
                "test_level",
                (1, 3),
                "def test_level():",
                None,
            )],
            &["levels/__init__.py", "levels/values.py"],
        ),
    ];
    let fixture = Fixture::of(files);
    let index = fixture.index();
    let page = structural_body(&module_page("levels"), &index);
    let level = page
        .find("From [[levels/__init__.py]]")
        .unwrap_or(usize::MAX);
    let value = page.find("From [[levels/values.py]]").unwrap_or(0);
    assert!(level < value, "{page}");
    let home = structural_body(&PageKind::Index, &index);
    assert!(
        home.contains("Defines the classes `Level` and `Value`."),
        "{home}"
    );
    let onboarding = structural_body(&PageKind::Onboarding, &index);
    assert!(
        onboarding.contains("start with [[tests/test_levels.py]]"),
        "{onboarding}"
    );
}

/// chi's `middleware/basic_auth.go` defines `BasicAuth` alone, and says what it is in its doc;
/// `client_ip_bench_test.go` benchmarks `client_ip.go`.
#[test]
fn a_file_of_one_documented_definition_is_described_by_it() {
    let function = |name: &str, doc: Option<&str>| Symbol {
        visibility: Some(if name.starts_with(char::is_uppercase) {
            Visibility::Public
        } else {
            Visibility::Private
        }),
        ..symbol(
            SymbolKind::Function,
            name,
            (5, 20),
            &format!("func {name}() {{"),
            doc,
        )
    };
    let files = vec![
        file(
            "middleware/basic_auth.go",
            33,
            None,
            vec![
                function(
                    "BasicAuth",
                    Some("BasicAuth implements a simple middleware handler."),
                ),
                function("unauthorized", Some("A private helper.")),
            ],
            &[],
        ),
        file(
            "middleware/heartbeat.go",
            26,
            None,
            vec![function(
                "Heartbeat",
                Some("Answers the load balancer's pings."),
            )],
            &[],
        ),
        in_go_package(
            file(
                "middleware/client_ip.go",
                200,
                None,
                vec![
                    function("GetClientIP", None),
                    function("ClientIPFromHeader", None),
                ],
                &[],
            ),
            "middleware",
            &[],
        ),
        in_go_package(
            file(
                "middleware/client_ip_bench_test.go",
                50,
                None,
                vec![function("BenchmarkWalkXFF", None)],
                &[],
            ),
            "middleware",
            &["GetClientIP"],
        ),
    ];
    let page = structural_body(&module_page("middleware"), &Fixture::of(files).index());
    for line in [
        "| [[middleware/basic_auth.go]] | go | 33 | `BasicAuth` implements a simple middleware handler. |",
        "| [[middleware/heartbeat.go]] | go | 26 | `Heartbeat`: Answers the load balancer's pings. |",
        "| [[middleware/client_ip.go]] | go | 200 | Defines the functions `GetClientIP` and `ClientIPFromHeader`. |",
        "| [[middleware/client_ip_bench_test.go]] | go | 50 | Benchmarks of [[middleware/client_ip.go]]: 1 benchmark, `BenchmarkWalkXFF`, using `GetClientIP`. |",
    ] {
        assert!(page.contains(line), "{line}\n{page}");
    }
}

/// starlette's package, in words below its diagram: `types.py` at the bottom, `routing.py`
/// on `requests.py`, `applications.py` on top; two files that import each other share a layer;
/// an import made inside a function does not lift a file.
#[test]
fn a_module_s_files_are_layered_in_words() {
    let py = |name: &str, imports: &[&str]| {
        file(
            &format!("web/{name}"),
            30,
            Some("A part of the framework."),
            vec![],
            &imports
                .iter()
                .map(|target| format!("web/{target}"))
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )
    };
    let mut types = py("types.py", &["requests.py"]);
    types.parsed.imports[0].kind = ImportKind::Local;
    let files = vec![
        types,
        py("status.py", &[]),
        py("datastructures.py", &["types.py"]),
        py("requests.py", &["datastructures.py", "types.py"]),
        py("responses.py", &["requests.py", "background.py"]),
        py("background.py", &["responses.py"]),
        py("routing.py", &["requests.py", "responses.py"]),
        py("applications.py", &["routing.py", "status.py"]),
        py("testclient.py", &["types.py"]),
    ];
    let page = structural_body(&module_page("web"), &Fixture::of(files).index());
    assert!(
        page.contains("In layers, of the files the diagram links: the first imports no other of the module's files, each later one only files of the layers before it (imports inside functions or for type checking left out):\n\n1. `status.py`, `types.py`\n2. `datastructures.py`, `testclient.py`\n3. `requests.py`\n4. `background.py`, `responses.py`\n5. `routing.py`\n6. `applications.py`\n\n`background.py` and `responses.py` import each other, so they share a layer.\n"),
        "{page}"
    );
}

/// attrs declares `dependencies = []` and only development groups: the page says the package
/// needs nothing to run, unless its dependencies are left to a build hook (`dynamic`).
#[test]
fn a_package_without_runtime_dependencies_says_so() {
    let page_for = |pyproject: &str| {
        let mut fixture = Fixture::of(vec![
            file("pyproject.toml", 8, None, vec![], &[]),
            file("tiny/__init__.py", 10, Some("Tiny."), vec![], &[]),
        ]);
        fixture
            .texts
            .insert(path("pyproject.toml"), pyproject.to_string());
        structural_body(&PageKind::Dependencies, &fixture.index())
    };
    let said = "The package `tiny` needs nothing to run: each dependency below is for development, building or an option.";
    let none = page_for(
        "[project]\nname = \"tiny\"\ndependencies = []\n\n[project.optional-dependencies]\ntest = [\"pytest>=7\"]\n",
    );
    assert!(none.contains(said), "{none}");
    let some = page_for(
        "[project]\nname = \"tiny\"\ndependencies = [\"click\"]\n\n[project.optional-dependencies]\ntest = [\"pytest>=7\"]\n",
    );
    assert!(!some.contains("needs nothing to run"), "{some}");
    let dynamic = page_for(
        "[project]\nname = \"tiny\"\ndynamic = [\"dependencies\"]\n\n[project.optional-dependencies]\ntest = [\"pytest>=7\"]\n",
    );
    assert!(!dynamic.contains("needs nothing to run"), "{dynamic}");
    // ripgrep's `grep` needs the crates of its workspace it names by path.
    let mut fixture = Fixture::of(vec![
        file("Cargo.toml", 8, None, vec![], &[]),
        file("src/lib.rs", 10, Some("Facade."), vec![], &[]),
    ]);
    fixture.texts.insert(
        path("Cargo.toml"),
        "[package]\nname = \"grep\"\n\n[dependencies]\ngrep-cli = { version = \"0.1\", path = \"../cli\" }\n\n[dev-dependencies]\ntermcolor = \"1\"\n".to_string(),
    );
    let local = structural_body(&PageKind::Dependencies, &fixture.index());
    assert!(!local.contains("needs nothing to run"), "{local}");
    // walkdir-list's `walkdir = { path = ".." }` was on no page: it is said under the table.
    assert!(
        local.contains("Also from this repository: `grep-cli` (normal, [[Cargo.toml:5]])."),
        "{local}"
    );
}

/// starlette's `tests/`: the fixtures of one test file say nothing about the suite; the
/// `TestClientFactory` that 25 test files import is what a newcomer needs first.
#[test]
fn a_test_suite_lists_the_helpers_its_files_share() {
    let class = |name: &str, line: u32| {
        symbol(
            SymbolKind::Class,
            name,
            (line, line + 5),
            &format!("class {name}:"),
            None,
        )
    };
    let function = |name: &str| {
        symbol(
            SymbolKind::Function,
            name,
            (30, 32),
            &format!("def {name}():"),
            None,
        )
    };
    let test_file = |name: &str| {
        let mut test = file(name, 40, None, vec![function("raise_runtime_error")], &[]);
        test.parsed.imports = vec![Import {
            raw: "tests.types".into(),
            resolved: Some(path("tests/types.py")),
            name: Some("TestClientFactory".into()),
            line: 1,
            ..Import::default()
        }];
        test
    };
    let files = vec![
        file("web/app.py", 40, Some("The app."), vec![], &[]),
        file(
            "tests/types.py",
            20,
            None,
            vec![
                class("TestClientFactory", 3),
                class("TestClientFactory", 12),
            ],
            &[],
        ),
        test_file("tests/test_app.py"),
        test_file("tests/test_routing.py"),
    ];
    let page = structural_body(&module_page("tests"), &Fixture::of(files).index());
    assert!(!page.contains("Key definitions"), "{page}");
    assert!(
        page.contains("## Shared test helpers\n\n- [[tests/types.py:3-8|`TestClientFactory`]] (class), used by [[tests/test_app.py]] and [[tests/test_routing.py]]\n  `class TestClientFactory:`\n\n"),
        "{page}"
    );
}

/// guzzle's `vendor-bin/psalm` holds one `composer.json` that installs the tool: its row says
/// so rather than "—"; the PHP it needs is what it runs on, not what it installs.
#[test]
fn a_module_of_manifests_alone_says_what_they_declare() {
    let mut fixture = Fixture::of(vec![
        file("composer.json", 10, None, vec![], &[]),
        file("src/Uri.php", 40, Some("A URI."), vec![], &[]),
        file("vendor-bin/psalm/composer.json", 8, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("composer.json"),
        r#"{"name": "acme/uri", "require": {"php": "^8.0"}}"#.into(),
    );
    fixture.texts.insert(
        path("vendor-bin/psalm/composer.json"),
        r#"{"require": {"php": "^8.0", "psalm/phar": "5.16.0"}}"#.into(),
    );
    let home = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        home.contains("Declares `psalm/phar` in `composer.json`, with no code of its own. |"),
        "{home}"
    );
}

/// tenacity's root holds its `pyproject.toml` and a CI workflow, and no code: its row names
/// the manifest that declares what it lists, not the workflow, and does not call the root the
/// package's code.
#[test]
fn a_root_of_manifests_names_the_one_that_declares() {
    let mut fixture = Fixture::of(vec![
        file(".github/workflows/ci.yaml", 20, None, vec![], &[]),
        file("pyproject.toml", 30, None, vec![], &[]),
        file(
            "tenacity/__init__.py",
            40,
            Some("Retry code until it succeeds."),
            vec![],
            &[],
        ),
    ]);
    fixture.texts.insert(
        path(".github/workflows/ci.yaml"),
        "name: CI\non: [push]\njobs:\n  test:\n    steps:\n      - run: pytest\n".into(),
    );
    fixture.texts.insert(
        path("pyproject.toml"),
        "[project]\nname = \"tenacity\"\ndescription = \"Retry code until it succeeds\"\n\n[project.optional-dependencies]\ntest = [\"pytest\", \"tornado>=6.0\"]\n".into(),
    );
    let home = structural_body(&PageKind::Index, &fixture.index());
    let row = home
        .lines()
        .find(|line| line.starts_with("| [(root)]"))
        .unwrap_or_default();
    assert!(!row.contains("The code of the package"), "{home}");
    assert!(!row.contains("in `ci.yaml`"), "{home}");
}

/// anyhow's `Error` is defined in `lib.rs`; its methods are in `impl Error` of `error.rs`.
#[test]
fn a_rust_type_lists_the_methods_another_module_implements() {
    let public = |kind, name: &str, line: u32, parent: Option<&str>| Symbol {
        visibility: Some(Visibility::Public),
        parent: parent.map(Into::into),
        ..symbol(
            kind,
            name,
            (line, line + 2),
            &format!("pub fn {name}() {{"),
            None,
        )
    };
    let mut error = file(
        "src/error.rs",
        60,
        None,
        vec![
            symbol(SymbolKind::Impl, "Error", (2, 20), "impl Error {", None),
            public(SymbolKind::Method, "new", 3, Some("Error")),
            public(SymbolKind::Method, "chain", 8, Some("Error")),
        ],
        &[],
    );
    error.parsed.imports = vec![Import {
        raw: "crate::Error".into(),
        name: Some("Error".into()),
        resolved: Some(path("src/lib.rs")),
        kind: ImportKind::Use,
        ..Import::default()
    }];
    let mut lib = file(
        "src/lib.rs",
        60,
        None,
        vec![Symbol {
            visibility: Some(Visibility::Public),
            ..symbol(
                SymbolKind::Struct,
                "Error",
                (10, 12),
                "pub struct Error {",
                None,
            )
        }],
        &[],
    );
    lib.parsed.imports = vec![Import {
        raw: "error".into(),
        resolved: Some(path("src/error.rs")),
        kind: ImportKind::ModDeclaration,
        ..Import::default()
    }];
    let fixture = Fixture::of(vec![file("Cargo.toml", 5, None, vec![], &[]), lib, error]);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains("`pub struct Error {`\n  Methods: [[src/error.rs#new|`new()`]], [[src/error.rs#chain|`chain()`]]."),
        "{page}"
    );
}

/// tqdm's `__init__.py` imports `tqdm` from `std.py` and names it in `__all__`; `auto.py` has a
/// class `tqdm` of its own, which the list had shown as the same name of the API, twice. Its
/// `tnrange` imports `notebook.py`'s `tqdm` inside the function, which binds nothing at the top:
/// taken for the last import of the name, it had put `std.py`'s class under "not in `__all__`".
#[test]
fn a_name_of_all_is_the_definition_the_package_imports() {
    let class = |name: &str, line: u32| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            name,
            (line, line + 5),
            &format!("class {name}:"),
            None,
        )
    };
    let mut init = file("tqdm/__init__.py", 20, None, vec![], &[]);
    init.parsed.exports = Some(vec!["tqdm".into()]);
    init.parsed.imports = vec![
        Import {
            raw: ".std".into(),
            name: Some("tqdm".into()),
            resolved: Some(path("tqdm/std.py")),
            kind: ImportKind::Import,
            ..Import::default()
        },
        Import {
            raw: ".notebook".into(),
            name: Some("tqdm".into()),
            resolved: Some(path("tqdm/notebook.py")),
            kind: ImportKind::Local,
            ..Import::default()
        },
    ];
    let fixture = Fixture::of(vec![
        init,
        file("tqdm/auto.py", 30, None, vec![class("tqdm", 3)], &[]),
        file("tqdm/notebook.py", 90, None, vec![class("tqdm", 8)], &[]),
        file("tqdm/std.py", 300, None, vec![class("tqdm", 40)], &[]),
    ]);
    let page = structural_body(&module_page("tqdm"), &fixture.index());
    let (listed, also) = page
        .split_once(
            "Also public in its files, though not in the `__all__` of [[tqdm/__init__.py]]:",
        )
        .unwrap_or_default();
    assert!(listed.contains("[[tqdm/std.py#tqdm|`tqdm`]]"), "{page}");
    assert!(!listed.contains("tqdm/auto.py#"), "{page}");
    assert!(!also.contains("tqdm/std.py#"), "{page}");
    assert!(also.contains("tqdm/auto.py"), "{page}");
}

/// zustand's dependencies page listed its example apps' manifests before its own package.json.
#[test]
fn the_project_s_own_dependencies_come_before_its_examples() {
    let mut fixture = Fixture::of(vec![
        file("package.json", 5, None, vec![], &[]),
        file("src/index.ts", 20, None, vec![], &[]),
        file("examples/demo/package.json", 5, None, vec![], &[]),
        file("examples/demo/src/App.jsx", 20, None, vec![], &[]),
        file("packages/core/package.json", 5, None, vec![], &[]),
    ]);
    for (manifest, dependency) in [
        ("package.json", "immer"),
        ("examples/demo/package.json", "three"),
        ("packages/core/package.json", "react"),
    ] {
        fixture.texts.insert(
            path(manifest),
            format!(r#"{{"name": "x", "dependencies": {{"{dependency}": "^1"}}}}"#),
        );
    }
    let page = structural_body(&PageKind::Dependencies, &fixture.index());
    let at = |name: &str| page.find(&format!("### [[{name}]]")).unwrap_or(usize::MAX);
    assert!(
        at("package.json") < at("packages/core/package.json"),
        "{page}"
    );
    assert!(
        at("packages/core/package.json") < at("examples/demo/package.json"),
        "{page}"
    );
    assert!(at("examples/demo/package.json") < usize::MAX, "{page}");
}

/// typer's layout: a package, 60 modules of programs its docs include (`docs_src/`) and a test
/// suite of packages. Pages that list every module show each suite as one row and one diagram
/// node, and the package's `main.py` (imported by its `__init__.py`) is no entry point.
#[test]
fn suites_of_many_modules_are_listed_as_one() {
    let mut files = vec![
        file(
            "typer/__init__.py",
            30,
            Some("Typer, build great CLIs."),
            vec![],
            &["typer/main.py"],
        ),
        file(
            "typer/main.py",
            300,
            None,
            vec![symbol(
                SymbolKind::Class,
                "Typer",
                (1, 200),
                "class Typer:",
                None,
            )],
            &["typer/_click/__init__.py"],
        ),
        file("typer/_click/__init__.py", 20, None, vec![], &[]),
        file(
            "typer/cli.py",
            40,
            None,
            vec![symbol(
                SymbolKind::Function,
                "main",
                (30, 40),
                "def main():",
                None,
            )],
            &["typer/main.py"],
        ),
        file("tests/__init__.py", 1, None, vec![], &[]),
        file(
            "tests/test_main.py",
            40,
            None,
            vec![],
            &["typer/__init__.py"],
        ),
    ];
    for topic in ["arguments", "commands", "options"] {
        files.push(file(
            &format!("docs_src/{topic}/__init__.py"),
            1,
            None,
            vec![],
            &[],
        ));
        for at in 1..=2 {
            files.push(file(
                &format!("docs_src/{topic}/tutorial00{at}.py"),
                12,
                None,
                vec![symbol(
                    SymbolKind::Function,
                    "main",
                    (5, 12),
                    "def main():",
                    None,
                )],
                &["typer/__init__.py"],
            ));
        }
        files.push(file(
            &format!("tests/test_{topic}/__init__.py"),
            1,
            None,
            vec![],
            &[],
        ));
        files.push(file(
            &format!("tests/test_{topic}/test_tutorial001.py"),
            20,
            None,
            vec![],
            &[
                "typer/__init__.py",
                &format!("docs_src/{topic}/tutorial001.py"),
            ],
        ));
    }
    let fixture = Fixture::of(files);
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("| `docs_src/` (3 modules) | 9 | Examples of `typer`. |"),
        "{index}"
    );
    assert!(
        index.contains("| [`tests`](modules/tests.md) (4 modules) | 8 | Tests of `typer` and the examples in `docs_src/`. |"),
        "{index}"
    );
    assert!(!index.contains("tests/test_options"), "{index}");
    // Entry points: the installed-looking `cli.py`, never the tutorials or `typer/main.py`.
    let entry_points = index
        .split("## Entry points")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    assert!(entry_points.contains("[[typer/cli.py]]"), "{index}");
    assert!(!entry_points.contains("typer/main.py"), "{index}");
    assert!(!entry_points.contains("docs_src"), "{index}");

    let architecture = structural_body(&PageKind::Architecture, &fixture.index());
    assert!(
        architecture.contains("[\"tests (4 modules)\"]")
            && architecture.contains("[\"docs_src (3 modules)\"]"),
        "{architecture}"
    );
    assert!(
        architecture.contains("Suites of tests and examples build on the layers they use and are left out: `docs_src/` (3 modules) and [`tests`](modules/tests.md) (4 modules)."),
        "{architecture}"
    );
}

/// typer's `__init__.py` has no `__all__`; it imports `Typer` and `run` from `main.py` (`from
/// .main import Typer as Typer`). Those are the package's API, listed first; the rest of
/// `main.py`'s public names follow as what the package does not import.
#[test]
fn a_package_without_all_offers_what_its_init_imports() {
    let function = |name: &str, line: u32| {
        symbol(
            SymbolKind::Function,
            name,
            (line, line + 5),
            &format!("def {name}():"),
            None,
        )
    };
    let mut init = file("typer/__init__.py", 10, Some("Typer."), vec![], &[]);
    init.parsed.imports = ["Typer", "run", "_private"]
        .iter()
        .map(|name| Import {
            raw: ".main".into(),
            resolved: Some(path("typer/main.py")),
            name: Some(name.to_string()),
            line: 2,
            ..Import::default()
        })
        .collect();
    let files = vec![
        init,
        file(
            "typer/main.py",
            100,
            None,
            vec![
                function("get_command", 1),
                symbol(SymbolKind::Class, "Typer", (10, 50), "class Typer:", None),
                function("run", 60),
            ],
            &[],
        ),
    ];
    let page = structural_body(&module_page("typer"), &Fixture::of(files).index());
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(
        api.contains("Importing the package offers what [[typer/__init__.py]] imports from the repository's files: `Typer` and `run`."),
        "{page}"
    );
    let typer = api.find("[[typer/main.py#Typer").unwrap_or(usize::MAX);
    let also = api
        .find("Also public in its files, though the package does not import them:")
        .unwrap_or(0);
    let get_command = api.find("get_command").unwrap_or(0);
    assert!(typer < also && also < get_command, "{page}");
}

/// toolz's `__init__.py` has no `__all__`: it star-imports its modules (each with its own
/// `__all__`, or none) and binds aliases itself (`comp = compose`). Those are what the package
/// offers, in the order bound; its `__getattr__` is no name of its API.
#[test]
fn a_package_offers_what_its_star_imports_bring_and_its_own_aliases() {
    let function = |name: &str, line: u32| {
        symbol(
            SymbolKind::Function,
            name,
            (line, line + 5),
            &format!("def {name}():"),
            None,
        )
    };
    let star = |module: &str, line: u32| Import {
        raw: format!(".{module}"),
        resolved: Some(path(&format!("toolz/{module}.py"))),
        name: Some("*".to_string()),
        line,
        ..Import::default()
    };
    let mut init = file(
        "toolz/__init__.py",
        30,
        None,
        vec![
            symbol(SymbolKind::Variable, "comp", (5, 5), "comp = compose", None),
            function("__getattr__", 20),
        ],
        &[],
    );
    init.parsed.imports = vec![star("itertoolz", 1), star("functoolz", 2)];
    let mut itertoolz = file(
        "toolz/itertoolz.py",
        100,
        None,
        vec![function("first", 1), function("helper", 10)],
        &[],
    );
    itertoolz.parsed.exports = Some(vec!["first".into()]);
    let files = vec![
        init,
        itertoolz,
        file(
            "toolz/functoolz.py",
            100,
            None,
            vec![function("compose", 1), function("_private", 10)],
            &[],
        ),
        file(
            "toolz/compatibility.py",
            30,
            None,
            vec![symbol(
                SymbolKind::Constant,
                "PY3",
                (3, 3),
                "PY3 = True",
                None,
            )],
            &[],
        ),
    ];
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("toolz"), &fixture.index());
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(
        api.contains("Importing the package offers what [[toolz/__init__.py]] imports from the repository's files and defines itself: `first`, `compose` and `comp`."),
        "{page}"
    );
    assert!(
        api.contains("Also public in its files, though the package does not import them:")
            && api.contains("PY3"),
        "{page}"
    );
    assert!(!page.contains("__getattr__`,"), "{page}");
}

/// cJSON keeps the Unity test framework under `tests/unity/` (vendored: a project of its own
/// under the tests) and JSON cases under `tests/json-patch-tests/`. Neither is the project's
/// tests as code: the framework is not listed, the cases are called test data.
#[test]
fn vendored_modules_are_not_listed_and_test_data_is_called_so() {
    let vendored = |name: &str| {
        let mut map = file(name, 50, None, vec![], &[]);
        map.flags.vendored = true;
        map
    };
    let files = vec![
        file("cJSON.c", 300, Some("JSON parser."), vec![], &[]),
        file("tests/parse_test.c", 40, None, vec![], &["cJSON.c"]),
        file("tests/misc_test.c", 40, None, vec![], &["cJSON.c"]),
        // Its own `package.json` makes the cases a module, as in cJSON.
        file("tests/json-patch-tests/package.json", 10, None, vec![], &[]),
        file("tests/json-patch-tests/cases.json", 80, None, vec![], &[]),
        file("tests/json-patch-tests/spec.json", 80, None, vec![], &[]),
        vendored("tests/unity/README.md"),
        // Unity's own build makes it a module, as in cJSON.
        vendored("tests/unity/CMakeLists.txt"),
        vendored("tests/unity/src/unity.c"),
        vendored("tests/unity/src/unity.h"),
        vendored("tests/unity/examples/example.c"),
    ];
    let fixture = Fixture::of(files);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains("- [`tests`](modules/tests.md): 2 code files\n"),
        "{onboarding}"
    );
    assert!(
        onboarding.contains(
            "- [`tests/json-patch-tests`](modules/tests/json-patch-tests.md): test data, 3 files\n"
        ),
        "{onboarding}"
    );
    assert!(!onboarding.contains("unity"), "{onboarding}");
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(!index.contains("unity"), "{index}");
    assert!(index.contains("tests/json-patch-tests"), "{index}");
    // The counts say how many modules the tables leave out.
    let vendored_modules = fixture
        .modules
        .iter()
        .filter(|module| module.path.starts_with("tests/unity"))
        .count();
    let note = format!("({vendored_modules} of them vendored or generated code, not listed below)");
    assert!(vendored_modules > 0 && index.contains(&note), "{index}");
    let architecture = structural_body(&PageKind::Architecture, &fixture.index());
    assert!(architecture.contains(&note), "{architecture}");
    // Prose names the root module plainly, not by its table label "(root)".
    assert!(
        index.contains("Tests of the code at the repository's root. |"),
        "{index}"
    );
}

/// ripgrep's `crates/grep`: its README opens with a setext title, a short line and then its
/// licence; its `src/lib.rs` says what it is. A Rust package is described by its crate root's
/// docs, never by a licence line.
#[test]
fn a_rust_package_is_described_by_its_crate_docs() {
    let mut manifest = file("crates/grep/Cargo.toml", 20, None, vec![], &[]);
    manifest.parsed.cargo = Some(Box::new(cartograph_core::CargoPackage {
        name: "grep".into(),
        ..Default::default()
    }));
    let files = vec![
        file("Cargo.toml", 20, None, vec![], &[]),
        file(
            "src/main.rs",
            40,
            Some("The main entry point."),
            vec![],
            &[],
        ),
        manifest,
        file("crates/grep/README.md", 20, None, vec![], &[]),
        file(
            "crates/grep/src/lib.rs",
            30,
            Some("ripgrep, as a library.\n\nA facade over the other crates."),
            vec![],
            &[],
        ),
    ];
    let mut fixture = Fixture::of(files);
    fixture.texts.insert(
        path("crates/grep/README.md"),
        "grep\n----\nA short line.\n\nDual-licensed under MIT or the UNLICENSE.\n".into(),
    );
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("| [`crates/grep`](modules/crates/grep.md) | 3 | ripgrep, as a library."),
        "{index}"
    );
    assert!(!index.contains("Dual-licensed"), "{index}");
}

/// marshmallow's `__all__` names its `fields` submodule and `missing`, a value `__init__.py`
/// imports from `utils.py`: neither is a symbol of the index, and both were left out of the
/// list below the sentence that names them.
#[test]
fn names_of_all_that_are_no_symbol_are_listed_with_their_file() {
    let mut init = file(
        "pkg/__init__.py",
        3,
        None,
        vec![],
        &["pkg/main.py", "pkg/fields.py"],
    );
    init.parsed.exports = Some(vec![
        "run".into(),
        "fields".into(),
        "missing".into(),
        "define".into(),
    ]);
    init.parsed.imports.push(Import {
        raw: "pkg.utils".into(),
        resolved: Some(path("pkg/utils.py")),
        name: Some("missing".into()),
        ..Import::default()
    });
    // attrs' `attrs/__init__.py` offers what the older `attr` package defines.
    init.parsed.imports.push(Import {
        raw: "attr".into(),
        resolved: Some(path("attr/_next_gen.py")),
        name: Some("define".into()),
        ..Import::default()
    });
    let run = symbol(SymbolKind::Function, "run", (1, 3), "def run():", None);
    let define = symbol(
        SymbolKind::Function,
        "define",
        (1, 9),
        "def define(maybe_cls=None):",
        Some("Define an attrs class."),
    );
    let files = vec![
        init,
        file("attr/_next_gen.py", 10, None, vec![define], &[]),
        file("pkg/main.py", 10, None, vec![run], &[]),
        file(
            "pkg/fields.py",
            10,
            Some("Field classes for various types of data."),
            vec![],
            &[],
        ),
        file("pkg/utils.py", 10, None, vec![], &[]),
    ];
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("pkg"), &fixture.index());
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(
        api.contains("- [[pkg/main.py#run|`run`]] (function)\n  `def run():`\n- [[pkg/fields.py|`fields`]] (module): Field classes for various types of data.\n- `missing` (imported from [[pkg/utils.py]])\n- [[attr/_next_gen.py#define|`define`]] (function), used by [[pkg/__init__.py]]: Define an attrs class.\n"),
        "{page}"
    );
    let rendered = text(&render(&module_page("pkg"), &page, &fixture));
    assert!(rendered.contains("[`fields`]("), "{rendered}");
}

/// serde_json's `fuzz/` (cargo-fuzz) had no description at all.
#[test]
fn fuzz_targets_say_what_they_fuzz() {
    let files = vec![
        file("Cargo.toml", 5, None, vec![], &[]),
        file("src/lib.rs", 20, None, vec![], &[]),
        file("fuzz/Cargo.toml", 5, None, vec![], &[]),
        file(
            "fuzz/fuzz_targets/from_slice.rs",
            8,
            None,
            vec![],
            &["src/lib.rs"],
        ),
    ];
    let index = structural_body(&PageKind::Index, &Fixture::of(files).index());
    assert!(index.contains("| Fuzz targets of `src`. |"), "{index}");
}

/// jotai's seven example apps each use the published `jotai`: their one row said they import
/// nothing of the project, while each module's page said what they use.
#[test]
fn a_group_of_examples_of_the_published_package_says_so() {
    let mut fixture = Fixture::of(vec![
        file("package.json", 5, None, vec![], &[]),
        file("src/index.ts", 20, None, vec![], &[]),
        file("examples/hello/package.json", 5, None, vec![], &[]),
        file("examples/hello/src/App.tsx", 20, None, vec![], &[]),
        file("examples/todos/package.json", 5, None, vec![], &[]),
        file("examples/todos/src/App.tsx", 20, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("package.json"),
        r#"{"name": "jotai", "main": "src/index.ts"}"#.into(),
    );
    for app in ["hello", "todos"] {
        fixture.texts.insert(
            path(&format!("examples/{app}/package.json")),
            format!(
                r#"{{"name": "{app}", "main": "src/App.tsx", "dependencies": {{"jotai": "^2.10.4"}}}}"#
            ),
        );
    }
    let index = fixture.index();
    let page = structural_body(&PageKind::Index, &index);
    assert!(
        page.contains(
            "| Examples that use the published `jotai` package, not this checkout's source. |"
        ),
        "{page}"
    );
    let hello = structural_body(&module_page("examples/hello"), &index);
    assert!(
        hello.contains("# Module `examples/hello`\n\nExamples that use the published `jotai`"),
        "{hello}"
    );
    // An example's package is run, not imported: its entry is no `imported as`.
    assert!(hello.contains("[[examples/hello/src/App.tsx]]"), "{hello}");
    assert!(!hello.contains("imported as `hello`"), "{hello}");
}

/// redux: most example apps use the published `redux`, two use Redux Toolkit instead.
#[test]
fn a_group_of_examples_mostly_of_the_published_package_says_how_many() {
    let mut fixture = Fixture::of(vec![
        file("package.json", 5, None, vec![], &[]),
        file("src/index.ts", 20, None, vec![], &[]),
        file("examples/todos/package.json", 5, None, vec![], &[]),
        file("examples/todos/src/App.tsx", 20, None, vec![], &[]),
        file("examples/async/package.json", 5, None, vec![], &[]),
        file("examples/async/src/App.tsx", 20, None, vec![], &[]),
        file("examples/counter/package.json", 5, None, vec![], &[]),
        file("examples/counter/src/App.tsx", 20, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("package.json"),
        r#"{"name": "redux", "main": "src/index.ts"}"#.into(),
    );
    for (app, dependency) in [
        ("todos", "redux"),
        ("async", "redux"),
        ("counter", "@reduxjs/toolkit"),
    ] {
        fixture.texts.insert(
            path(&format!("examples/{app}/package.json")),
            format!(r#"{{"name": "{app}", "dependencies": {{"{dependency}": "^4.0.5"}}}}"#),
        );
    }
    let page = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        page.contains("Examples that import no module of the project; 2 of the 3 use the published `redux` package instead of this checkout's source."),
        "{page}"
    );
}

/// serilog-sinks-console's root holds a README, a build script and settings beside the code in
/// `src/`: the README speaks for the project, the root's row says what the root holds (a
/// build script is no code of the project's).
#[test]
fn a_root_beside_the_code_says_what_it_holds() {
    let mut fixture = Fixture::of(vec![
        file("README.md", 30, None, vec![], &[]),
        file("build.sh", 10, None, vec![], &[]),
        file(
            "src/Sink.cs",
            80,
            Some("Writes log events to the console."),
            vec![],
            &[],
        ),
    ]);
    fixture.texts.insert(
        path("README.md"),
        "# Console sink\n\nA Serilog sink that writes log events to the console.\n".into(),
    );
    let architecture = structural_body(&PageKind::Architecture, &fixture.index());
    let row = architecture
        .lines()
        .find(|line| line.starts_with("| [(root)]"))
        .unwrap_or_default();
    assert!(row.contains("`build.sh`"), "{architecture}");
    assert!(!row.contains("A Serilog sink"), "{architecture}");
}

/// pkg/errors' `errors.go`: llms.txt lists its public names, and says so, since its private
/// types are left out; a file of private definitions only lists them as its symbols.
#[test]
fn llms_txt_says_when_a_file_s_symbols_are_its_public_ones() {
    let defined = |kind: SymbolKind, name: &str, line: u32, public: bool| Symbol {
        visibility: Some(if public {
            Visibility::Public
        } else {
            Visibility::Private
        }),
        ..symbol(kind, name, (line, line + 2), name, None)
    };
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file(
            "errors.go",
            60,
            Some("Package errors provides error handling primitives."),
            vec![
                defined(SymbolKind::Function, "New", 10, true),
                defined(SymbolKind::Struct, "fundamental", 20, false),
            ],
            &[],
        ),
        file(
            "stack.go",
            40,
            None,
            vec![defined(SymbolKind::Function, "callers", 5, false)],
            &[],
        ),
    ]);
    let text = String::from_utf8(render_llms_txt(&fixture.index(), 8_000)).unwrap();
    assert!(text.contains(" Exported symbols: New\n"), "{text}");
    assert!(text.contains(" Symbols: callers\n"), "{text}");
    // click's `utils.py` answers `__getattr__` for deprecated names, and wcwidth's
    // `grapheme.py` sets `__lazy_modules__`: hooks and settings, no names a user calls.
    let fixture = Fixture::of(vec![file(
        "pkg/utils.py",
        60,
        None,
        vec![
            defined(SymbolKind::Function, "echo", 10, true),
            defined(SymbolKind::Constant, "__lazy_modules__", 2, true),
            defined(SymbolKind::Function, "__getattr__", 40, true),
        ],
        &[],
    )]);
    let text = String::from_utf8(render_llms_txt(&fixture.index(), 8_000)).unwrap();
    assert!(text.contains("Symbols: echo\n"), "{text}");
}

/// A JavaScript file whose path does not mark it (`run-checks.js`) may hold mocha tests: it is
/// no code file with tests inside, as a Rust file's `#[cfg(test)]` module is.
#[test]
fn only_rust_files_hold_tests_inside_the_code() {
    let mut tests = file("run-checks.js", 40, None, vec![], &["src/index.js"]);
    tests.parsed.test_functions = 5;
    let mut lib = file("src/lib.rs", 40, None, vec![], &[]);
    lib.parsed.test_functions = 2;
    let fixture = Fixture::of(vec![
        tests,
        file("src/index.js", 40, None, vec![], &[]),
        lib,
    ]);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains("- 2 tests inside 1 file of the code they test: [[src/lib.rs]]"),
        "{onboarding}"
    );
    let live = onboarding
        .split("## Where the tests live")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    assert!(!live.contains("run-checks.js"), "{onboarding}");
}

/// chi's `_examples/versions`: its presenters import the example's own `data` module and
/// nothing else of the project; "import no module of the project" read as if none imported
/// any.
#[test]
fn a_group_of_examples_importing_only_each_other_says_so() {
    let fixture = Fixture::of(vec![
        file("chi.go", 20, None, vec![], &[]),
        file("examples/data/models.go", 20, None, vec![], &[]),
        file(
            "examples/v1/article.go",
            20,
            None,
            vec![],
            &["examples/data/models.go"],
        ),
        file(
            "examples/v2/article.go",
            20,
            None,
            vec![],
            &["examples/data/models.go"],
        ),
        // What an example serves (chi's `fileserver/data/notes.txt`) is no documentation.
        file("examples/v2/data/notes.txt", 1, None, vec![], &[]),
    ]);
    let mut fixture = fixture;
    let module = |dir: &str, files: &[&str]| Module {
        path: dir.into(),
        files: files.iter().map(|file| path(file)).collect(),
    };
    fixture.modules = vec![
        module("", &["chi.go"]),
        module("examples/data", &["examples/data/models.go"]),
        module("examples/v1", &["examples/v1/article.go"]),
        module(
            "examples/v2",
            &["examples/v2/article.go", "examples/v2/data/notes.txt"],
        ),
    ];
    let page = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        page.contains("Examples that import no module of the project besides each other."),
        "{page}"
    );
    let v2 = structural_body(&module_page("examples/v2"), &fixture.index());
    assert!(!v2.contains("## Documentation in the module"), "{v2}");
}

/// serde_json runs no program: its `build.rs` is Cargo's, its onboarding said to follow
/// execution from there; marshmallow's only "entry point" was `performance/benchmark.py`, and
/// its docs were to be read from a stylesheet of their theme.
#[test]
fn a_library_is_read_from_its_front_and_its_docs_from_their_index() {
    let main = || symbol(SymbolKind::Function, "main", (1, 9), "fn main()", None);
    let files = vec![
        file("Cargo.toml", 5, None, vec![], &[]),
        file("build.rs", 10, None, vec![main()], &[]),
        file("src/lib.rs", 50, None, vec![], &["src/lexical/mod.rs"]),
        file("src/lexical/mod.rs", 50, None, vec![], &[]),
        file("performance/benchmark.py", 50, None, vec![main()], &[]),
        file(
            "bench/test_benchmarks.py",
            50,
            None,
            vec![],
            &["src/lib.rs"],
        ),
        file("docs/_static/css/sponsor.css", 500, None, vec![], &[]),
        file("docs/index.rst", 20, None, vec![], &[]),
        file("docs/api/fields.rst", 20, None, vec![], &[]),
        // zap's README generator: a tool of the project's, no entry point of the library.
        file("internal/readme/readme.go", 50, None, vec![main()], &[]),
    ];
    let fixture = Fixture::of(files);
    let index = fixture.index();
    let onboarding = structural_body(&PageKind::Onboarding, &index);
    assert!(
        onboarding.contains("- A library (no `main`, script or binary outside its examples, tests and tools): begin with the public API of "),
        "{onboarding}"
    );
    assert!(
        onboarding.contains("- The tools the project runs while it is developed start at:\n  - [[internal/readme/readme.go]]"),
        "{onboarding}"
    );
    assert!(
        onboarding.contains(", from [[src/lib.rs]]\n"),
        "{onboarding}"
    );
    assert!(!onboarding.contains("Follow execution"), "{onboarding}");
    assert!(
        onboarding.contains("— start with [[docs/index.rst]]"),
        "{onboarding}"
    );
    let page = structural_body(&PageKind::Index, &index);
    assert!(!page.contains("## Entry points"), "{page}");
    assert!(
        page.contains("Benchmarks that import no module of the project."),
        "{page}"
    );
}

/// zerolog's root package: its files import nothing of each other (one Go package), so its
/// diagram held only the `_test.go` files' imports, as if tests were its structure.
#[test]
fn a_module_s_diagram_leaves_its_tests_out() {
    let mut files: Vec<FileMap> = (0..9)
        .map(|at| file(&format!("pkg/f{at}.py"), 10, None, vec![], &[]))
        .collect();
    files.push(file(
        "pkg/test_f0.py",
        10,
        None,
        vec![],
        &["pkg/f0.py", "pkg/f1.py"],
    ));
    let fixture = Fixture::of(files.clone());
    let page = structural_body(&module_page("pkg"), &fixture.index());
    assert!(!page.contains("```mermaid"), "{page}");
    files[2].parsed.imports.push(Import {
        raw: "pkg.f3".into(),
        resolved: Some(path("pkg/f3.py")),
        ..Import::default()
    });
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("pkg"), &fixture.index());
    assert!(page.contains("```mermaid"), "{page}");
    assert!(!page.contains("test_f0.py\"]"), "{page}");
}

/// zerolog's `cmd/prettylog/prettylog.go` has no doc; the README beside it says what it is.
#[test]
fn an_entry_point_without_a_doc_is_described_by_the_readme_beside_it() {
    let main = symbol(SymbolKind::Function, "main", (3, 9), "func main() {", None);
    let mut fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("log.go", 30, Some("Package zerolog logs."), vec![], &[]),
        file("cmd/prettylog/prettylog.go", 40, None, vec![main], &[]),
        file("cmd/prettylog/README.md", 5, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("cmd/prettylog/README.md"),
        "# Zerolog PrettyLog\n\nThis is a basic CLI utility that will colorize and pretty print your structured JSON logs.\n".into(),
    );
    let page = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        page.contains("`main`]]: This is a basic CLI utility that will colorize and pretty print your structured JSON logs. [[cmd/prettylog/README.md]]"),
        "{page}"
    );
}

/// axios offers `lib/helpers/buildURL.js` as `axios/unsafe/helpers/buildURL.js`; the README of
/// `lib/helpers/` is about the directory, not that file, which is named by what it defines.
#[test]
fn a_library_entry_is_not_described_by_its_directory_s_readme() {
    let mut manifest = file("package.json", 5, None, vec![], &[]);
    manifest.parsed.js_manifest = Some(Box::new(JsManifest {
        name: Some("axios".into()),
        entry_sources: vec![
            (".".into(), path("index.js")),
            (
                "./unsafe/helpers/buildURL.js".into(),
                path("lib/helpers/buildURL.js"),
            ),
        ],
        ..JsManifest::default()
    }));
    let build = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            "buildURL",
            (3, 9),
            "export default function buildURL(url, params) {",
            Some("Build a URL by appending params to the end."),
        )
    };
    let mut fixture = Fixture::of(vec![
        manifest,
        file("index.js", 10, None, vec![], &[]),
        file("lib/helpers/buildURL.js", 40, None, vec![build], &[]),
        file("lib/helpers/README.md", 5, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("lib/helpers/README.md"),
        "# axios // helpers\n\nThe modules found in `helpers/` should be generic modules.\n".into(),
    );
    fixture
        .texts
        .insert(path("package.json"), r#"{"name": "axios"}"#.into());
    let page = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        page.contains("- [[lib/helpers/buildURL.js]], imported as `axios/unsafe/helpers/buildURL.js`: `buildURL`: Build a URL by appending params to the end.\n"),
        "{page}"
    );
    // The specifier stays code once the page is checked: it names what the package offers.
    let rendered = text(&render(&PageKind::Index, &page, &fixture));
    assert!(
        rendered.contains("imported as `axios/unsafe/helpers/buildURL.js`"),
        "{rendered}"
    );
}

/// commander's `index.js` defines four names and exports seven more it imports from `lib/`
/// (one under another name); ky's `source/index.ts` passes its errors on with `export { … }
/// from`. The module page listed only the four, and everything any file of the module exports
/// as though it were the package's API.
#[test]
fn a_javascript_entry_lists_what_it_exports_and_passes_on() {
    let exported = |kind, name: &str, line: u32, signature: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, (line, line + 2), signature, None)
    };
    let mut entry = file(
        "pkg/index.js",
        12,
        None,
        vec![
            exported(
                SymbolKind::Constant,
                "program",
                1,
                "export const program = new Command();",
            ),
            // ky's `const ky = createInstance(); export default ky;`
            exported(
                SymbolKind::Constant,
                "ky",
                8,
                "const ky = createInstance();",
            ),
            // chalk's `const {stdout: stdoutColor} = supportsColor;`, exported only as
            // `export {stdoutColor as supportsColor}`.
            exported(
                SymbolKind::Constant,
                "stdoutColor",
                10,
                "const {stdout: stdoutColor} = supportsColor;",
            ),
        ],
        &[],
    );
    entry.parsed.imports = vec![
        Import {
            raw: "./command.js".into(),
            resolved: Some(path("pkg/command.js")),
            ..Import::default()
        },
        Import {
            raw: "./errors.js".into(),
            resolved: Some(path("pkg/errors.js")),
            kind: ImportKind::Reexport,
            ..Import::default()
        },
    ];
    entry.parsed.module_uses = vec![("./command.js".into(), "Command".into())];
    entry.parsed.clause_exports = vec![
        ("default".into(), "ky".into()),
        ("Command".into(), "Command".into()),
        ("HTTPError".into(), "HTTPError".into()),
        ("LegacyError".into(), "HTTPError".into()),
        ("cli".into(), "program".into()),
        ("supportsColor".into(), "stdoutColor".into()),
        // ky's `ky.stop = stop`: a property of the default export, no name of the entry.
        ("ky.stop".into(), "stop".into()),
    ];
    let files = vec![
        entry,
        file(
            "pkg/command.js",
            40,
            None,
            vec![exported(
                SymbolKind::Class,
                "Command",
                3,
                "export class Command {",
            )],
            &[],
        ),
        file(
            "pkg/errors.js",
            20,
            None,
            vec![exported(
                SymbolKind::Class,
                "HTTPError",
                2,
                "export class HTTPError extends Error {",
            )],
            &[],
        ),
        // chalk's `index.d.ts` declares what `index.js` exports.
        file(
            "pkg/types.d.ts",
            10,
            None,
            vec![exported(
                SymbolKind::Constant,
                "program",
                1,
                "export const program: Command;",
            )],
            &[],
        ),
        file(
            "pkg/internal.js",
            20,
            None,
            vec![exported(
                SymbolKind::Function,
                "retryDelay",
                5,
                "export function retryDelay(attempt) {",
            )],
            &[],
        ),
    ];
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("pkg"), &fixture.index());
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(
        api.contains("The package's entry file, [[pkg/index.js]], exports `program`, `ky` (its default export), `Command`, `HTTPError`, `LegacyError`, `cli` and `supportsColor`.\n\n- [[pkg/index.js#program|`program`]] (constant)"),
        "{page}"
    );
    assert!(
        api.contains("- [[pkg/command.js#Command|`Command`]] (class)"),
        "{page}"
    );
    assert!(
        api.contains("- [[pkg/errors.js#HTTPError|`HTTPError`]] (class)"),
        "{page}"
    );
    assert!(
        api.contains("- `LegacyError`: another name for [[pkg/errors.js#HTTPError|`HTTPError`]]\n"),
        "{page}"
    );
    let (listed, rest) = api
        .split_once("Also exported by its files, though [[pkg/index.js]] does not export them:")
        .unwrap_or_default();
    assert!(
        listed.contains("- `cli`: another name for [[pkg/index.js#program|`program`]]\n"),
        "{page}"
    );
    assert!(!listed.contains("retryDelay"), "{page}");
    assert!(rest.contains("`retryDelay`"), "{page}");
    assert!(
        listed.contains(
            "- `supportsColor`: another name for [[pkg/index.js#stdoutColor|`stdoutColor`]]\n"
        ),
        "{page}"
    );
    let also = rest.split("\n## ").next().unwrap_or_default();
    assert!(!also.contains("types.d.ts"), "{page}");
    assert!(!also.contains("stdoutColor"), "{page}");
}

/// chi's `_examples/versions/data/article.go` ranked among the project's most central files:
/// the example's other files import it, but nothing of the project does.
#[test]
fn central_files_are_the_projects_not_its_examples() {
    let files = vec![
        file("go.mod", 3, None, vec![], &[]),
        file("chi.go", 50, None, vec![], &[]),
        file("mux.go", 50, None, vec![], &["chi.go"]),
        file("_examples/rest/data.go", 20, None, vec![], &[]),
        file(
            "_examples/rest/main.go",
            20,
            None,
            vec![],
            &["_examples/rest/data.go", "chi.go"],
        ),
        file(
            "_examples/rest/routes.go",
            20,
            None,
            vec![],
            &["_examples/rest/data.go", "chi.go"],
        ),
    ];
    let fixture = Fixture::of(files);
    let architecture = structural_body(&PageKind::Architecture, &fixture.index());
    let central = architecture
        .split("## Central files")
        .nth(1)
        .unwrap_or_default();
    assert!(central.contains("[[chi.go]]"), "{architecture}");
    assert!(!central.contains("data.go"), "{architecture}");
}

/// packaging's `docs/licenses.rst` is the API page of its `packaging.licenses` module, not a
/// licence.
#[test]
fn a_page_of_api_reference_is_no_licence_by_its_name() {
    let mut fixture = Fixture::of(vec![
        file("src/lib.py", 20, None, vec![], &[]),
        file("docs/licenses.rst", 12, None, vec![], &[]),
        file("docs/license.rst", 3, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("docs/licenses.rst"),
        "Licenses\n========\n\n.. currentmodule:: packaging.licenses\n\nHelper for canonicalizing SPDX expressions.\n\n.. automodule:: packaging.licenses\n   :members:\n".into(),
    );
    fixture.texts.insert(
        path("docs/license.rst"),
        "License\n=======\n\nMIT.\n".into(),
    );
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        !page.contains("| [[docs/licenses.rst]] | text | 12 | A licence"),
        "{page}"
    );
    assert!(
        page.contains(
            "| [[docs/license.rst]] | text | 3 | The licence the project is distributed under. |"
        ),
        "{page}"
    );
}

/// walkdir's `COPYING` holds no licence: it says which apply, and was called "a licence" and
/// "The licence the project is distributed under". It is a notice, quoted in llms.txt.
#[test]
fn a_licence_file_that_only_names_licences_is_a_notice() {
    let mut fixture = Fixture::of(vec![
        file("Cargo.toml", 5, None, vec![], &[]),
        file("COPYING", 3, None, vec![], &[]),
        file("LICENSE-MIT", 20, None, vec![], &[]),
        file("src/lib.rs", 20, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("COPYING"),
        "This project is dual-licensed under the Unlicense and MIT licenses.\n\n\
         You may use this code under the terms of either license.\n"
            .into(),
    );
    fixture.texts.insert(
        path("LICENSE-MIT"),
        "The MIT License (MIT)\n\nPermission is hereby granted, free of charge, to any person \
         obtaining a copy of this software, to deal in the Software without restriction.\n"
            .into(),
    );
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("[[COPYING]] (a notice of the licences that apply)"),
        "{page}"
    );
    let llms = String::from_utf8(render_llms_txt(&fixture.index(), 10_000)).unwrap();
    assert!(
        llms.contains(
            "A notice: “This project is dual-licensed under the Unlicense and MIT licenses.”"
        ),
        "{llms}"
    );
}

/// log's `LICENSE-APACHE` and `LICENSE-MIT` had no description; chi's CONTRIBUTING.md was
/// described by its first step ("Install Go.").
#[test]
fn licences_and_contributing_guides_say_what_they_are() {
    let files = vec![
        file("Cargo.toml", 5, None, vec![], &[]),
        file("LICENSE-MIT", 20, None, vec![], &[]),
        file("LICENSE-APACHE", 20, None, vec![], &[]),
        file("LICENSE-THIRD-PARTY", 20, None, vec![], &[]),
        // redux's logo licence is not the project's.
        file("LICENSE-logo.md", 3, None, vec![], &[]),
        file("CONTRIBUTING.md", 20, None, vec![], &[]),
        file("src/lib.rs", 20, None, vec![], &[]),
        file("vitest.config.mts", 20, None, vec![], &[]),
        file("tsconfig.build.json", 20, None, vec![], &[]),
        file("phpunit.xml.dist", 20, None, vec![], &[]),
    ];
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page(""), &fixture.index());
    for expected in [
        // The project's licences are housekeeping, said in one line; a licence of
        // third-party code keeps its row.
        "Housekeeping: [[LICENSE-APACHE]] (a licence) and [[LICENSE-MIT]] (a licence).",
        "| [[LICENSE-THIRD-PARTY]] | text | 20 | The licences of third-party code the project includes. |",
        "| [[vitest.config.mts]] | typescript | 20 | Settings of Vitest, the test runner. |",
        "| [[tsconfig.build.json]] | json | 20 | Settings of the TypeScript compiler for part of the project. |",
        "| [[phpunit.xml.dist]] | text | 20 | Settings of PHPUnit: which tests it runs and how. |",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    assert!(
        !page.contains("[[LICENSE-logo.md]] | markdown | 3 | A licence the project"),
        "{page}"
    );
    assert!(
        !page.contains("describes this module yet. Settings"),
        "{page}"
    );
    assert!(!page.contains("| [[LICENSE-MIT]] |"), "{page}");
    assert!(
        page.contains("- [[CONTRIBUTING.md]]: How to contribute to the project."),
        "{page}"
    );
    // Listed once, among the documents.
    assert!(!page.contains("| [[CONTRIBUTING.md]] |"), "{page}");
}

/// markupsafe's root holds `setup.py`, `bench.py` and a devcontainer script: no code of the
/// project's, so the reading plan starts it with the README, not the script.
#[test]
fn a_root_of_tooling_and_benchmarks_is_read_from_its_readme() {
    let mut files = vec![
        file("README.md", 10, None, vec![], &[]),
        file("setup.py", 30, None, vec![], &[]),
        file("bench.py", 30, None, vec![], &["src/pkg/__init__.py"]),
        file(".devcontainer/on-create.sh", 10, None, vec![], &[]),
        // tqdm's `.meta/mkcompletion.py` writes its shell completion.
        file(".meta/mkcompletion.py", 40, None, vec![], &[]),
        file("src/pkg/__init__.py", 30, None, vec![], &[]),
    ];
    let mut texts = BTreeMap::new();
    texts.insert(path("README.md"), "# pkg\n\nA package.\n".to_string());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut fixture = Fixture::of(files);
    fixture.texts = texts;
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains("[(root)]") && onboarding.contains("start with [[README.md]]"),
        "{onboarding}"
    );
    assert!(
        !onboarding.contains("start with [[.devcontainer"),
        "{onboarding}"
    );
}

/// A file without a doc is introduced by its lead definition's doc (mini-redis's `parse.rs`:
/// "`Parse`: Utility for parsing a command. Also defines `ParseError`."), not by its names
/// alone; a test file's first test does not speak for it.
#[test]
fn a_file_without_a_doc_is_introduced_by_its_lead_definition() {
    let crate_private = |kind, name: &str, line, doc| Symbol {
        visibility: Some(Visibility::Crate),
        ..symbol(
            kind,
            name,
            (line, line + 5),
            &format!("pub(crate) struct {name} {{"),
            doc,
        )
    };
    let files = vec![
        file(
            "src/lib.rs",
            10,
            Some("A tiny server."),
            vec![],
            &["src/parse.rs"],
        ),
        file(
            "src/parse.rs",
            40,
            None,
            vec![
                crate_private(
                    SymbolKind::Struct,
                    "Parse",
                    3,
                    Some("Utility for parsing a command.\n\nMore."),
                ),
                crate_private(
                    SymbolKind::Enum,
                    "ParseError",
                    20,
                    Some("Error encountered while parsing."),
                ),
            ],
            &[],
        ),
        file(
            "tests/server.rs",
            40,
            None,
            vec![
                symbol(
                    SymbolKind::Function,
                    "ping_pong",
                    (3, 9),
                    "fn ping_pong() {",
                    Some("A PING PONG test."),
                ),
                symbol(
                    SymbolKind::Function,
                    "key_value",
                    (11, 19),
                    "fn key_value() {",
                    None,
                ),
            ],
            &["src/parse.rs"],
        ),
    ];
    let mut files = files;
    files.push(file(
        "tools/only.rs",
        20,
        None,
        vec![symbol(
            SymbolKind::Function,
            "only_tool",
            (3, 9),
            "pub fn only_tool() {",
            Some("Does the one thing the tools do."),
        )],
        &[],
    ));
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains(
            "| `Parse`: Utility for parsing a command. Also defines the enum `ParseError`. |"
        ),
        "{page}"
    );
    // A module of one file is what that file is: its lead definition, named with its doc
    // (not the doc alone, as if it were the module's).
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("| 1 | `only_tool`: Does the one thing the tools do. |"),
        "{index}"
    );
    let tests = structural_body(&module_page("tests"), &fixture.index());
    assert!(
        tests.contains("| Defines the functions `ping_pong` and `key_value`. |"),
        "{tests}"
    );
}

/// logrus's `formatter.go`: one public type with a doc, then public constants. Its row read
/// "`Formatter` is implemented by … Also defines  and 6 more.", with no name where names go.
#[test]
fn a_lead_definition_is_followed_by_the_public_names_beside_it() {
    let public = |kind, name: &str, line, doc| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, (line, line), name, doc)
    };
    let mut symbols = vec![public(
        SymbolKind::Interface,
        "Formatter",
        39,
        Some("Formatter is implemented by types that format log entries."),
    )];
    for (at, name) in [
        "FieldKeyMsg",
        "FieldKeyLevel",
        "FieldKeyTime",
        "FieldKeyFunc",
    ]
    .iter()
    .enumerate()
    {
        symbols.push(public(SymbolKind::Constant, name, 21 + at as u32, None));
    }
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("formatter.go", 60, None, symbols, &[]),
        file("logger.go", 60, None, vec![], &["formatter.go"]),
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    let row = page
        .lines()
        .find(|line| line.starts_with("| [[formatter.go]]"))
        .unwrap_or_default();
    assert!(
        row.ends_with("| `Formatter` is implemented by types that format log entries. Also defines 4 constants (`FieldKeyMsg`, `FieldKeyLevel` and 2 more). |"),
        "{page}"
    );
}

/// "Read the README" said nothing of what the README holds: its sections are named, at the
/// level below the title that has the most (loguru's features under `## Features`).
#[test]
fn the_readme_to_read_first_is_named_by_its_sections() {
    let heading = |name: &str, line, parent: Option<&str>| Symbol {
        parent: parent.map(Into::into),
        ..symbol(
            SymbolKind::Heading,
            name,
            (line, line + 1),
            &format!("# {name}"),
            None,
        )
    };
    let files = vec![
        file(
            "README.md",
            80,
            None,
            vec![
                heading("dotenv [![npm](https://x/y.svg)](https://x)", 1, None),
                heading(
                    "`Set-Cookie` object",
                    5,
                    Some("dotenv [![npm](https://x/y.svg)](https://x)"),
                ),
                heading(
                    "Advanced",
                    20,
                    Some("dotenv [![npm](https://x/y.svg)](https://x)"),
                ),
                heading("Multiline values", 22, Some("Advanced")),
                heading(
                    "No Handler, no Formatter, no Filter: one function to rule them all",
                    30,
                    Some("dotenv [![npm](https://x/y.svg)](https://x)"),
                ),
                heading(
                    "🌱 FAQ :smile:",
                    40,
                    Some("dotenv [![npm](https://x/y.svg)](https://x)"),
                ),
            ],
            &[],
        ),
        file("package.json", 10, None, vec![], &[]),
        file("lib/main.js", 40, None, vec![], &[]),
    ];
    let mut fixture = Fixture::of(files);
    fixture.texts.insert(
        path("README.md"),
        "# dotenv\n\nLoads environment variables.\n\n## Usage\n".to_string(),
    );
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding
            .contains("- Read the README: [[README.md]]; its sections: `Set-Cookie` object, Advanced, FAQ and 1 more\n"),
        "{onboarding}"
    );
}

/// loguru's tests were to be read from `tests/exceptions/source/ownership/usersite/somelib`, a
/// fixture package their test imports: a suite is read from its shallowest module.
#[test]
fn a_suite_is_read_from_its_top() {
    let test = |name: &str, imports: &[&str]| {
        let mut file = file(
            name,
            30,
            None,
            vec![symbol(
                SymbolKind::Function,
                "test_it",
                (1, 3),
                "def test_it():",
                None,
            )],
            imports,
        );
        file.parsed.test_functions = 1;
        file
    };
    let files = vec![
        file("pyproject.toml", 3, None, vec![], &[]),
        file("app/__init__.py", 40, None, vec![], &[]),
        file("tests/__init__.py", 0, None, vec![], &[]),
        test(
            "tests/test_ownership.py",
            &[
                "app/__init__.py",
                "tests/exceptions/source/somelib/__init__.py",
                "tests/exceptions/source/otherlib/__init__.py",
            ],
        ),
    ];
    let mut files = files;
    for name in ["somelib", "otherlib"] {
        files.push(file(
            &format!("tests/exceptions/source/{name}/__init__.py"),
            12,
            None,
            vec![symbol(
                SymbolKind::Function,
                "divide",
                (1, 3),
                "def divide(a, b):",
                None,
            )],
            &[],
        ));
    }
    let fixture = Fixture::of(files);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains("— start with [[tests/test_ownership.py]]"),
        "{onboarding}"
    );
    // The suite's row counts its tests, as a module's page does.
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("(3 modules) | 4 | Tests of `app`. 1 test in 1 file. |"),
        "{index}"
    );
}

/// logrus's `level_test.go` read "3 tests, using `Level`, …": its tests are named, as their
/// names say what each checks; `TestMain` and helpers are none of them.
#[test]
fn a_test_file_names_its_tests() {
    let function = |name: &str, line| {
        symbol(
            SymbolKind::Function,
            name,
            (line, line + 3),
            &format!("func {name}(t *testing.T) {{"),
            None,
        )
    };
    let mut few = file(
        "level_test.go",
        62,
        None,
        vec![
            function("TestMain", 1),
            function("TestLevelJsonEncoding", 5),
            function("TestLevelUnmarshalText", 10),
            function("helper", 20),
        ],
        &[],
    );
    few.parsed.test_functions = 2;
    let mut many = file(
        "entry_test.go",
        90,
        None,
        (0..5)
            .map(|at| function(&format!("TestEntry{at}"), 5 * at + 1))
            .collect(),
        &[],
    );
    many.parsed.test_functions = 5;
    let fixture = Fixture::of(vec![file("go.mod", 3, None, vec![], &[]), few, many]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("| 2 tests (`TestLevelJsonEncoding` and `TestLevelUnmarshalText`)."),
        "{page}"
    );
    assert!(
        page.contains("| 5 tests (among them `TestEntry0`, `TestEntry1` and `TestEntry2`)."),
        "{page}"
    );
}

/// logrus's `logrus.go` read "Defines `Level`, `Fields`, `AllLevels` and 16 more.": what it
/// defines is said by kind, the most used kind first, a function held in a const among the
/// functions, and past five kinds the rest counted.
#[test]
fn what_a_file_defines_is_said_by_kind() {
    let public = |kind, name: &str, line, signature: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, (line, line), signature, None)
    };
    let mut symbols = vec![
        public(SymbolKind::Type, "Level", 1, "type Level uint32"),
        public(SymbolKind::Type, "Fields", 2, "type Fields map[string]any"),
        public(
            SymbolKind::Variable,
            "AllLevels",
            3,
            "var AllLevels = []Level{",
        ),
        public(
            SymbolKind::Function,
            "ParseLevel",
            4,
            "func ParseLevel(lvl string) (Level, error) {",
        ),
        public(
            SymbolKind::Constant,
            "parse",
            5,
            "const parse = (text) => text.trim()",
        ),
    ];
    for (at, name) in ["StdLogger", "FieldLogger", "DebugLogger", "InfoLogger"]
        .iter()
        .enumerate()
    {
        symbols.push(public(SymbolKind::Interface, name, 10 + at as u32, name));
    }
    for (at, name) in ["PanicLevel", "FatalLevel"].iter().enumerate() {
        symbols.push(public(SymbolKind::Constant, name, 20 + at as u32, name));
    }
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("logrus.go", 60, None, symbols.clone(), &[]),
        file("logger.go", 60, None, vec![], &["logrus.go"]),
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("| [[logrus.go]] | go | 60 | Defines the types `Level` and `Fields`, the variable `AllLevels`, the function `ParseLevel`, 4 interfaces (`StdLogger`, `FieldLogger` and 2 more) and the constants `parse`, `PanicLevel` and `FatalLevel`. |"),
        "{page}"
    );
    // A function held in a const is one in JavaScript (nanoid's `export const nanoid = (size
    // = 21) => …`), not in Python (platformdirs' `PROPS = (` over a tuple).
    let fixture = Fixture::of(vec![
        file("package.json", 3, None, vec![], &[]),
        file(
            "index.js",
            60,
            None,
            vec![
                public(
                    SymbolKind::Constant,
                    "nanoid",
                    1,
                    "export const nanoid = (size = 21) => {",
                ),
                public(
                    SymbolKind::Constant,
                    "urlAlphabet",
                    5,
                    "export const urlAlphabet = 'abc'",
                ),
            ],
            &[],
        ),
        file(
            "tests/conftest.py",
            30,
            None,
            vec![public(SymbolKind::Constant, "PROPS", 10, "PROPS = (")],
            &[],
        ),
        file(
            "tests/test_x.py",
            10,
            None,
            vec![],
            &["index.js", "tests/conftest.py"],
        ),
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("the function `nanoid` and the constant `urlAlphabet`"),
        "{page}"
    );
    let tests = structural_body(&module_page("tests"), &fixture.index());
    assert!(tests.contains("the constant `PROPS`"), "{tests}");
    symbols.push(public(
        SymbolKind::Struct,
        "Entry",
        30,
        "type Entry struct {",
    ));
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("logrus.go", 60, None, symbols, &[]),
        file("logger.go", 60, None, vec![], &["logrus.go"]),
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("| [[logrus.go]] | go | 60 | Defines the types `Level` and `Fields`, the variable `AllLevels`, the function `ParseLevel`, 4 interfaces (`StdLogger`, `FieldLogger` and 2 more) and 4 more definitions. |"),
        "{page}"
    );
}

/// Manifests, workflows and well-known settings files say what they are instead of "—":
/// what the manifest declares, the workflow's name and what it runs, a Makefile's commands.
#[test]
fn manifests_workflows_and_settings_files_say_what_they_are() {
    let files = vec![
        file("src/lib.rs", 10, Some("A tiny server."), vec![], &[]),
        file("Cargo.toml", 12, None, vec![], &[]),
        file("Makefile", 8, None, vec![], &[]),
        file(".github/workflows/ci.yml", 12, None, vec![], &[]),
        file(".gitignore", 2, None, vec![], &[]),
        file("src/py.typed", 0, None, vec![], &[]),
        file(".mailmap", 4, None, vec![], &[]),
        file(".eslintrc.yml", 4, None, vec![], &[]),
        file(".github/PULL_REQUEST_TEMPLATE/pr.md", 4, None, vec![], &[]),
    ];
    let mut fixture = Fixture::of(files);
    for (name, text) in [
        ("Cargo.toml", "[package]\nname = \"tiny\"\n\n[dependencies]\nserde = \"1\"\ntokio = \"1\"\n"),
        ("Makefile", ".PHONY: test verify\ntest:\n\tcargo test\n\nverify:\n\tcargo clippy\n"),
        (
            ".github/workflows/ci.yml",
            "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Build\n        run: cargo build\n      - name: Test\n        run: cargo test\n",
        ),
    ] {
        fixture.texts.insert(path(name), text.into());
    }
    let root = structural_body(&module_page(""), &fixture.index());
    for expected in [
        "| [[Cargo.toml]] | toml | 12 | Declares the package `tiny`, with 2 dependencies. |",
        "| [[Makefile]] | text | 8 | Defines the commands `make test` and `make verify`. |",
        "| [[.github/workflows/ci.yml]] | yaml | 12 | The GitHub Actions workflow \"CI\", run on push; its steps include `cargo build` and `cargo test`. |",
        "| [[.eslintrc.yml]] | yaml | 4 | Settings of ESLint, the JavaScript linter. |",
        // Housekeeping files are one line under the table, not a row each.
        "Housekeeping: [[.github/PULL_REQUEST_TEMPLATE/pr.md]] (a pull request template), [[.gitignore]] (what git leaves untracked) and [[.mailmap]] (git's map of author names).",
    ] {
        assert!(root.contains(expected), "{expected}\n{root}");
    }
    let src = structural_body(&module_page("src"), &fixture.index());
    assert!(
        src.contains("| Marks the package as shipping type hints (PEP 561). |"),
        "{src}"
    );
}

/// attrs's `attrs/converters.py` is `from attr.converters import *` alone: it offers that
/// module again.
#[test]
fn a_python_star_import_is_a_reexport() {
    let mut attrs_init = file("src/attrs/__init__.py", 10, None, vec![], &[]);
    for name in ["asdict", "define", "_private"] {
        attrs_init.parsed.imports.push(Import {
            raw: "attr".into(),
            resolved: Some(path("src/attr/__init__.py")),
            name: Some(name.into()),
            ..Import::default()
        });
    }
    attrs_init.parsed.exports = Some(vec!["asdict".into(), "define".into()]);
    let mut converters = file("src/attrs/converters.py", 3, None, vec![], &[]);
    converters.parsed.imports.push(Import {
        raw: "attr.converters".into(),
        resolved: Some(path("src/attr/converters.py")),
        name: Some("*".into()),
        ..Import::default()
    });
    let files = vec![
        file(
            "src/attr/__init__.py",
            10,
            Some("Classes without boilerplate."),
            vec![],
            &[],
        ),
        file(
            "src/attr/converters.py",
            40,
            Some("Commonly useful converters."),
            vec![],
            &[],
        ),
        attrs_init,
        converters,
    ];
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("src/attrs"), &fixture.index());
    assert!(
        page.contains(
            "| [[src/attrs/converters.py]] | python | 3 | Re-exports [[src/attr/converters.py]]. |"
        ),
        "{page}"
    );
    // `src/attrs/__init__.py` offers in its `__all__` what it imports from the package
    // `attr`: it re-exports `src/attr/__init__.py`, not only the files beside it.
    assert!(
        page.contains(
            "| [[src/attrs/__init__.py]] | python | 10 | Re-exports [[src/attr/__init__.py]]. |"
        ),
        "{page}"
    );
}

/// koa's `request.js` exports an object literal: its methods are what the file offers, before
/// a private helper of the file.
#[test]
fn the_methods_of_an_exported_object_are_what_a_file_defines() {
    let mut request = file(
        "lib/request.js",
        60,
        None,
        vec![
            symbol(
                SymbolKind::Method,
                "header",
                (10, 12),
                "get header () {",
                Some("Return request header."),
            ),
            symbol(
                SymbolKind::Method,
                "url",
                (14, 16),
                "get url () {",
                Some("Get request URL."),
            ),
            symbol(
                SymbolKind::Function,
                "splitValues",
                (40, 50),
                "function splitValues (value) {",
                Some("Split a comma-separated value string into an array of values."),
            ),
        ],
        &[],
    );
    request.parsed.exports = Some(vec!["header".into(), "url".into()]);
    let fixture = Fixture::of(vec![
        file(
            "lib/application.js",
            20,
            Some("The application."),
            vec![],
            &["lib/request.js"],
        ),
        request,
    ]);
    let page = structural_body(&module_page("lib"), &fixture.index());
    assert!(
        page.contains("| [[lib/request.js]] | javascript | 60 | `header`: Return request header. Also exports the function `url`. |"),
        "{page}"
    );
}

/// debug's `src/node.js` exports `save` and `load` too, marked `@api private`: no API, but
/// counted apart, since "exports 2 functions" of four would be false.
#[test]
fn exported_names_marked_private_are_counted_apart() {
    let mut functions = Vec::new();
    for (at, (name, doc)) in [
        (
            "log",
            Some("Invokes util.formatWithOptions() with the specified arguments."),
        ),
        ("useColors", None),
        ("formatArgs", None),
        ("save", Some("Save `namespaces`.\n\n@api private")),
        ("load", Some("Load `namespaces`.\n\n@api private")),
    ]
    .into_iter()
    .enumerate()
    {
        let line = 10 * at as u32 + 1;
        let mut function = symbol(
            SymbolKind::Function,
            name,
            (line, line + 5),
            &format!("function {name}() {{"),
            doc,
        );
        if doc.is_some_and(|doc| doc.contains("@api private")) {
            function.visibility = Some(cartograph_core::Visibility::Private);
        }
        functions.push(function);
    }
    let mut node = file("src/node.js", 60, None, functions, &[]);
    node.parsed.exports = Some(
        ["log", "useColors", "formatArgs", "save", "load"]
            .map(String::from)
            .to_vec(),
    );
    let fixture = Fixture::of(vec![
        file("src/index.js", 5, None, vec![], &["src/node.js"]),
        node,
    ]);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains("| [[src/node.js]] | javascript | 60 | `log`: Invokes util.formatWithOptions() with the specified arguments. Also exports the functions `useColors` and `formatArgs`, besides 2 its doc comments mark private. |"),
        "{page}"
    );
}

/// httparty's `features/`: Cucumber scenarios and their Ruby steps are an acceptance suite.
#[test]
fn cucumber_features_are_an_acceptance_suite() {
    let fixture = Fixture::of(vec![
        file("lib/client.rb", 30, Some("The client."), vec![], &[]),
        file("features/basic_auth.feature", 12, None, vec![], &[]),
        file("features/redirects.feature", 12, None, vec![], &[]),
        file(
            "features/steps/env.rb",
            10,
            None,
            vec![symbol(
                SymbolKind::Function,
                "run_server",
                (2, 8),
                "def run_server",
                None,
            )],
            &[],
        ),
    ]);
    let index = text(&render(
        &PageKind::Index,
        &structural_body(&PageKind::Index, &fixture.index()),
        &fixture,
    ));
    assert!(
        index.contains("| 3 | Acceptance tests: 2 .feature files written in Gherkin (Cucumber), with the step definitions that run them. |"),
        "{index}"
    );
}

/// psr7's and koa's code directories are described by the package's manifest, which the index
/// quotes above the table: their row says whose code they are, then what they define, the
/// entry the manifest declares first.
#[test]
fn a_package_s_code_described_above_says_whose_code_it_is() {
    let mut app = file(
        "lib/app.js",
        30,
        None,
        vec![symbol(
            SymbolKind::Class,
            "App",
            (3, 20),
            "module.exports = class App {",
            None,
        )],
        &[],
    );
    app.parsed.exports = Some(vec!["App".into()]);
    let mut util = file(
        "lib/util.js",
        30,
        None,
        vec![
            symbol(
                SymbolKind::Function,
                "helper",
                (3, 9),
                "function helper() {",
                None,
            ),
            symbol(
                SymbolKind::Function,
                "other",
                (11, 19),
                "function other() {",
                None,
            ),
        ],
        &[],
    );
    util.parsed.exports = Some(vec!["helper".into(), "other".into()]);
    let mut fixture = Fixture::of(vec![
        file("README.md", 5, None, vec![], &[]),
        file("package.json", 8, None, vec![], &[]),
        app,
        util,
        file(
            "test/app.test.js",
            10,
            None,
            vec![],
            &["lib/util.js", "lib/util.js", "lib/app.js"],
        ),
    ]);
    fixture.texts.insert(
        path("package.json"),
        r#"{"name": "kit", "description": "A small kit for parsing things", "main": "lib/app.js"}"#
            .into(),
    );
    fixture.texts.insert(
        path("README.md"),
        "# kit\n\nA small kit for parsing things.\n".into(),
    );
    let index = text(&render(
        &PageKind::Index,
        &structural_body(&PageKind::Index, &fixture.index()),
        &fixture,
    ));
    assert!(
        index.contains("| 2 | The code of the package `kit`. Its public names: the class `App`. |"),
        "{index}"
    );
}

/// gson's Maven module `gson` holds `pom.xml` and a README; its code is in the packages under
/// `gson/src/main/java/…`, each a module of its own. The module's page said nothing of them
/// ("No import links this module with another module").
#[test]
fn a_module_lists_the_modules_inside_it() {
    let mut files = vec![
        file("gson/pom.xml", 50, None, vec![], &[]),
        file(
            "gson/README.md",
            4,
            Some("This Maven module contains the Gson source code."),
            vec![],
            &[],
        ),
        file("other/src/Main.java", 20, None, vec![], &[]),
    ];
    // Past 40 files, a module is split by directory, as gson's 264 are.
    for package in ["gson", "gson/internal"] {
        for class in 0..24 {
            files.push(file(
                &format!("gson/src/main/java/com/google/{package}/C{class}.java"),
                100,
                None,
                vec![],
                &[],
            ));
        }
    }
    let fixture = Fixture::of(files);
    let index = fixture.index();
    let paths: Vec<&str> = index.modules.iter().map(|m| m.path.as_str()).collect();
    assert!(paths.contains(&"gson"), "{paths:?}");
    assert!(
        paths.contains(&"gson/src/main/java/com/google/gson/internal"),
        "{paths:?}"
    );
    let page = structural_body(&module_page("gson"), &index);
    let inside = page
        .split("## Modules inside\n\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_default();
    for module in paths.iter().filter(|p| p.starts_with("gson/")) {
        assert!(inside.contains(&format!("`{module}`")), "{module}: {page}");
    }
    assert!(!inside.contains("other"), "{page}");
    let leaf = structural_body(
        &module_page("gson/src/main/java/com/google/gson/internal"),
        &index,
    );
    assert!(!leaf.contains("## Modules inside"), "{leaf}");
}

/// tqdm's `__main__.py` is `from .cli import main` and `main()`: an entry point without a
/// word of its own, shown as "—" in its module's files and bare among the entry points.
#[test]
fn a_package_main_says_what_python_m_runs() {
    let fixture = Fixture::of(vec![
        file("pyproject.toml", 10, None, vec![], &[]),
        file("tqdm/__init__.py", 20, None, vec![], &["tqdm/std.py"]),
        file("tqdm/__main__.py", 3, None, vec![], &["tqdm/cli.py"]),
        file(
            "tqdm/cli.py",
            300,
            Some("Module version for monitoring CLI pipes."),
            vec![],
            &["tqdm/std.py"],
        ),
        file(
            "tqdm/std.py",
            900,
            Some("Customisable progress bar decorator."),
            vec![],
            &[],
        ),
    ]);
    let page = structural_body(&module_page("tqdm"), &fixture.index());
    assert!(
        page.contains("| What `python -m tqdm` runs, from [[tqdm/cli.py]]. |"),
        "{page}"
    );
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains(
            "- [[tqdm/__main__.py]]: What `python -m tqdm` runs, from [[tqdm/cli.py]].\n"
        ),
        "{index}"
    );
}

/// koa's `__tests__/request/accepts.test.js` and chalk's `test/visible.js` define nothing and
/// are named after no file: their rows said "—". Their top-level test blocks say what they test.
#[test]
fn a_test_file_is_described_by_its_test_blocks() {
    let mut koa = file(
        "__tests__/request/accepts.test.js",
        90,
        None,
        vec![],
        &["lib/request.js"],
    );
    koa.parsed.test_blocks = Some(Box::new(TestBlocks {
        count: 1,
        titles: vec!["ctx.accepts(types)".into()],
    }));
    koa.parsed.test_functions = 12;
    koa.parsed.disabled_tests = 1;
    let mut chalk = file(
        "__tests__/visible.js",
        39,
        None,
        vec![],
        &["lib/request.js"],
    );
    chalk.parsed.test_blocks = Some(Box::new(TestBlocks {
        count: 5,
        titles: vec![
            "visible: normal output when level > 0".into(),
            "visible: no output when level is too low".into(),
            "test_switching *back*".into(),
        ],
    }));
    let fixture = Fixture::of(vec![
        file("package.json", 10, None, vec![], &[]),
        file(
            "lib/request.js",
            200,
            Some("Request prototype."),
            vec![],
            &[],
        ),
        koa,
        chalk,
    ]);
    let page = structural_body(&module_page("__tests__"), &fixture.index());
    // With its `it`/`test` calls counted, how many cases it holds, and the suite's total.
    assert!(
        page.contains("| Tests “ctx.accepts(types)”: 12 tests (1 skipped by default). |"),
        "{page}"
    );
    assert!(
        page.contains("| Tests “visible: normal output when level > 0”, “visible: no output when level is too low”, “test\\_switching \\*back\\*” and 2 more. |"),
        "{page}"
    );
    // path-to-regexp's `src/index.bench.ts`: Vitest's `describe` blocks of `bench` calls.
    let mut bench = file("src/index.bench.ts", 82, None, vec![], &["src/index.ts"]);
    bench.parsed.test_blocks = Some(Box::new(TestBlocks {
        count: 2,
        titles: vec!["parse".into(), "match".into()],
    }));
    let fixture = Fixture::of(vec![
        file("package.json", 10, None, vec![], &[]),
        file(
            "src/index.ts",
            300,
            Some("Paths to regular expressions."),
            vec![],
            &[],
        ),
        bench,
    ]);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains("| Benchmarks “parse” and “match”. |"),
        "{page}"
    );
}

/// express's `test/fixtures/` holds templates and text files the tests read, each shown as "—".
#[test]
fn a_fixture_says_it_is_test_data() {
    let fixture = Fixture::of(vec![
        file("package.json", 10, None, vec![], &[]),
        file("lib/express.js", 100, Some("Express."), vec![], &[]),
        file("test/app.js", 100, None, vec![], &["lib/express.js"]),
        file("test/fixtures/name.tmpl", 1, None, vec![], &[]),
        file("test/support/env.js", 3, None, vec![], &[]),
        // cJSON's parser inputs and the output expected of each.
        file("test/inputs/test1.expected", 20, None, vec![], &[]),
        file("test/inputs/helper.js", 20, None, vec![], &[]),
    ]);
    let page = structural_body(&module_page("test"), &fixture.index());
    assert!(
        page.contains("| [[test/fixtures/name.tmpl]] | text | 1 | Test data, under `fixtures/`. |"),
        "{page}"
    );
    assert!(
        page.contains("| [[test/support/env.js]] | javascript | 3 | — |"),
        "{page}"
    );
    assert!(
        page.contains(
            "| [[test/inputs/test1.expected]] | text | 20 | Test data, under `inputs/`. |"
        ),
        "{page}"
    );
    assert!(
        page.contains("| [[test/inputs/helper.js]] | javascript | 20 | — |"),
        "{page}"
    );
}

/// cJSON's root module listed `cJSON_Parse` from `cJSON.h` and again from `cJSON.c`, and
/// `cJSON.c`'s own `isinf` macro as public because a test framework's header defines one too.
#[test]
fn a_c_function_is_listed_as_its_header_declares_it() {
    let function = |name: &str, line: u32| {
        symbol(
            SymbolKind::Function,
            name,
            (line, line),
            &format!("CJSON_PUBLIC(cJSON *) {name}(const char *value)"),
            None,
        )
    };
    let macro_ = |name: &str, line: u32| {
        symbol(
            SymbolKind::Macro,
            name,
            (line, line),
            &format!("#define {name}(d) (d)"),
            None,
        )
    };
    let fixture = Fixture::of(vec![
        file("CMakeLists.txt", 10, None, vec![], &[]),
        file(
            "cJSON.h",
            300,
            None,
            vec![macro_("CJSON_PUBLIC", 90), function("cJSON_Parse", 154)],
            &[],
        ),
        file(
            "cJSON.c",
            3000,
            None,
            vec![macro_("isinf", 74), function("cJSON_Parse", 1222)],
            &["cJSON.h"],
        ),
        file(
            "tests/unity/src/unity_internals.h",
            900,
            None,
            vec![macro_("isinf", 300)],
            &[],
        ),
        file("tests/parse_test.c", 90, None, vec![], &["cJSON.h"]),
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    let api = page
        .split("## Public API")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    assert!(
        api.contains("[[cJSON.h#cJSON_Parse|`cJSON_Parse`]]"),
        "{page}"
    );
    assert!(!api.contains("cJSON.c#cJSON_Parse"), "{page}");
    // Its macros come after its functions in what the header is said to define.
    assert!(
        page.contains("| [[cJSON.h]] | c | 300 | Defines the function `cJSON_Parse` and the macro `CJSON_PUBLIC`. |"),
        "{page}"
    );
    assert!(!api.contains("isinf"), "{page}");
}

/// Files read by tools or by tests that said "—": an empty `tests/__init__.py`, anyhow's
/// `tests/ui/*.stderr` beside the programs trybuild compiles, requirements and tsconfig files.
#[test]
fn markers_expected_outputs_and_tool_settings_say_what_they_are() {
    let fixture = Fixture::of(vec![
        file("pyproject.toml", 10, None, vec![], &[]),
        file("tsconfig.json", 10, None, vec![], &[]),
        file("requirements-test.txt", 4, None, vec![], &[]),
        file("pkg/__init__.py", 1, None, vec![], &[]),
        file("tests/__init__.py", 0, None, vec![], &[]),
        file("tests/test_pkg.py", 40, None, vec![], &["pkg/__init__.py"]),
        file("tests/ui/no-impl.rs", 8, None, vec![], &[]),
        file("tests/ui/no-impl.stderr", 12, None, vec![], &[]),
    ]);
    let index = fixture.index();
    let root = structural_body(&module_page(""), &index);
    for expected in [
        "| [[tsconfig.json]] | json | 10 | Settings of the TypeScript compiler. |",
        "| [[requirements-test.txt]] | text | 4 | Python requirements, for `pip install -r`. |",
    ] {
        assert!(root.contains(expected), "{expected}\n{root}");
    }
    let tests = structural_body(&module_page("tests"), &index);
    for expected in [
        "| [[tests/__init__.py]] | python | 0 | Makes `tests/` a Python package. |",
        "| [[tests/ui/no-impl.stderr]] | text | 12 | The error output the test expects of [[tests/ui/no-impl.rs]]. |",
    ] {
        assert!(tests.contains(expected), "{expected}\n{tests}");
    }
}

/// pytest-mock's `test_pytest_mock.py` was "Tests [[src/pytest_mock/__init__.py]]", a front
/// whose `__all__` offers what `plugin.py` defines: it tests the package.
#[test]
fn a_test_named_after_a_package_that_declares_its_api_tests_the_package() {
    let mut front = file(
        "src/pytest_mock/__init__.py",
        30,
        None,
        vec![symbol(
            SymbolKind::TypeAlias,
            "MockFixture",
            (5, 5),
            "MockFixture = MockerFixture",
            None,
        )],
        &["src/pytest_mock/plugin.py"],
    );
    front.parsed.exports = Some(vec!["MockerFixture".to_string(), "MockFixture".to_string()]);
    let mut test = file(
        "tests/test_pytest_mock.py",
        900,
        None,
        vec![],
        &["src/pytest_mock/__init__.py"],
    );
    test.parsed.test_functions = 2;
    let fixture = Fixture::of(vec![
        file("pyproject.toml", 10, None, vec![], &[]),
        front,
        file(
            "src/pytest_mock/plugin.py",
            700,
            None,
            vec![symbol(
                SymbolKind::Class,
                "MockerFixture",
                (10, 600),
                "class MockerFixture:",
                None,
            )],
            &[],
        ),
        test,
    ]);
    let tests = structural_body(&module_page("tests"), &fixture.index());
    assert!(
        tests.contains("| Tests the package `src/pytest_mock`: 2 tests"),
        "{tests}"
    );
}

/// bytes' `tests/test_buf.rs` was "Tests [[benches/buf.rs]]" and zod's `docs/api.test.ts`,
/// which imports nothing of the project, "Tests" a `core/api.ts`. A test's subject away from
/// it is code (no benchmark), a directory module counts, and the test imports from its
/// package, itself or through a helper of the suite.
#[test]
fn a_test_is_about_code_it_imports_from() {
    let fixture = Fixture::of(vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        file("src/lib.rs", 10, None, vec![], &[]),
        file("src/buf/mod.rs", 10, None, vec![], &[]),
        file("src/bytes.rs", 10, None, vec![], &[]),
        file("src/core/api.ts", 10, None, vec![], &[]),
        file("benches/buf.rs", 10, None, vec![], &[]),
        file("benches/bytes.rs", 10, None, vec![], &[]),
        file("tests/test_buf.rs", 10, None, vec![], &["src/lib.rs"]),
        // A Rust test that names nothing of its namesake is not about it (thiserror's
        // `tests/test_display.rs` and `src/display.rs`).
        file(
            "tests/test_bytes.rs",
            10,
            None,
            vec![],
            &["tests/support.rs", "src/bytes.rs"],
        ),
        file("src/display.rs", 10, None, vec![], &[]),
        file("tests/test_display.rs", 10, None, vec![], &["src/lib.rs"]),
        file("tests/support.rs", 10, None, vec![], &["src/lib.rs"]),
        file("docs/api.test.ts", 10, None, vec![], &[]),
        // picomatch's `test/bash.spec.js` and `test/bash.js`: two suites, neither the other's
        // subject.
        file("package.json", 10, None, vec![], &[]),
        file("index.js", 10, None, vec![], &[]),
        file("tests/bash.js", 10, None, vec![], &["index.js"]),
        file("tests/bash.spec.js", 10, None, vec![], &["index.js"]),
    ]);
    let index = fixture.index();
    let tests = structural_body(&module_page("tests"), &index);
    assert!(!tests.contains("Tests [[tests/bash.js]]"), "{tests}");
    for expected in [
        // The module's front defines nothing here: the module, not its empty `mod.rs`.
        "| [[tests/test_buf.rs]] | rust | 10 | Tests the module `src/buf`. |",
        "| [[tests/test_bytes.rs]] | rust | 10 | Tests [[src/bytes.rs]]. |",
    ] {
        assert!(tests.contains(expected), "{expected}\n{tests}");
    }
    assert!(!tests.contains("Tests [[src/display.rs]]"), "{tests}");
    let docs = structural_body(&module_page("docs"), &index);
    assert!(!docs.contains("Tests [[src/core/api.ts]]"), "{docs}");
}

/// byteorder's `lib.rs` defines the quickcheck wrapper `Wi128<T>` in its `mod test`: its
/// `clone` is no method it adds to a type of another file.
#[test]
fn methods_of_a_generic_type_of_the_file_are_its_own() {
    let wrapper = Symbol {
        parent: Some("test".into()),
        ..symbol(
            SymbolKind::Struct,
            "Wi128",
            (20, 22),
            "struct Wi128<T>(T);",
            None,
        )
    };
    let clone = Symbol {
        visibility: Some(Visibility::Public),
        ..method("Wi128<T>", "clone", (24, 26), "fn clone(&self) -> Wi128<T>")
    };
    let lib = file(
        "src/lib.rs",
        40,
        None,
        vec![
            symbol(SymbolKind::Module, "test", (18, 40), "mod test {", None),
            wrapper,
            clone,
        ],
        &[],
    );
    let page = structural_body(
        &module_page("src"),
        &Fixture::of(vec![file("Cargo.toml", 5, None, vec![], &[]), lib]).index(),
    );
    assert!(!page.contains("Adds methods to"), "{page}");
    assert!(!page.contains("Methods of `Wi128"), "{page}");
}

/// cast's public functions live in its generated `zz_generated.go`: generated code is API as
/// written code is (vendored code is not).
#[test]
fn generated_code_is_public_api() {
    let public = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            name,
            (3, 5),
            "func ToString(i any) string",
            None,
        )
    };
    let mut generated = file("zz_generated.go", 900, None, vec![public("ToString")], &[]);
    generated.flags.generated = true;
    let mut vendored = file("vendor/x/x.go", 10, None, vec![public("Vendored")], &[]);
    vendored.flags.vendored = true;
    let files = vec![
        file("go.mod", 3, None, vec![], &[]),
        file(
            "cast.go",
            20,
            Some("Package cast converts values."),
            vec![],
            &[],
        ),
        generated,
        vendored,
    ];
    let page = structural_body(&module_page(""), &Fixture::of(files).index());
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(api.contains("`ToString`"), "{page}");
    assert!(!api.contains("`Vendored`"), "{page}");
}

/// cast's `zz_generated.go` defines 45 functions: its `llms.txt` entry listed eight as if all.
#[test]
fn a_files_symbols_in_llms_txt_say_how_many_more_there_are() {
    let function = |n: usize| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            &format!("To{n}"),
            (n as u32 * 3 + 1, n as u32 * 3 + 2),
            "func To()",
            None,
        )
    };
    let many = file(
        "cast.go",
        40,
        Some("Converts values."),
        (0..11).map(function).collect(),
        &[],
    );
    let text = String::from_utf8(render_llms_txt(
        &Fixture::of(vec![file("go.mod", 3, None, vec![], &[]), many]).index(),
        8_000,
    ))
    .unwrap();
    assert!(text.contains(", and 3 more"), "{text}");
}

/// pflag: thirty files, one per flag type, each defining `<Type>Var`, `<Type>VarP`, `Get<Type>`
/// and `<type>Value`, were thirty rows of near-identical text: one row says what they share.
/// A two-letter type is one of them (`ip.go`, left out when its stem was too short).
#[test]
fn a_family_of_files_defining_the_same_names_is_one_row() {
    let function = |name: &str| symbol(SymbolKind::Function, name, (1, 5), "func x()", None);
    let mut files: Vec<FileMap> = ["int", "bool", "float", "duration", "uint", "ip"]
        .iter()
        .map(|kind| {
            let upper = format!("{}{}", kind[..1].to_uppercase(), &kind[1..]);
            file(
                &format!("{kind}.go"),
                90,
                None,
                vec![
                    function(&format!("{kind}Value")),
                    function(&format!("{upper}Var")),
                    function(&format!("{upper}VarP")),
                    function(&format!("Get{upper}")),
                ],
                &[],
            )
        })
        .collect();
    files.push(file("go.mod", 3, None, vec![], &[]));
    files.push(file(
        "flag.go",
        900,
        Some("Package pflag is a drop-in replacement."),
        vec![],
        &[],
    ));
    let fixture = Fixture::of(files);
    // Each file's own line names its own names, not the first file's.
    let llms = String::from_utf8(render_llms_txt(&fixture.index(), 8_000)).unwrap();
    assert!(
        llms.contains("`int.go` defines `intValue`, `IntVar`, `IntVarP` and `GetInt`."),
        "{llms}"
    );
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("| (top level) | go | 540 | 6 files (`bool.go`, `duration.go` and 4 more) that each define the same names for the one thing they are named after: `bool.go` defines `boolValue`, `BoolVar`, `BoolVarP` and `GetBool`. |"),
        "{page}"
    );
    assert!(!page.contains("| [[int.go]]"), "{page}");
}

/// humanize's thirty-five `locale/*/LC_MESSAGES/` directories of one file each are one line of
/// the inner structure, not thirty-five.
#[test]
fn many_directories_of_one_file_are_one_line_of_the_inner_structure() {
    let mut files: Vec<FileMap> = ["ar", "bn", "ca", "da", "de", "el", "es", "fa"]
        .iter()
        .map(|locale| {
            file(
                &format!("src/pkg/locale/{locale}/LC_MESSAGES/pkg.po"),
                300,
                Some("Translations."),
                vec![],
                &[],
            )
        })
        .collect();
    files.push(file(
        "src/pkg/__init__.py",
        10,
        Some("The package."),
        vec![],
        &[],
    ));
    files.push(file("src/pkg/number.py", 10, Some("Numbers."), vec![], &[]));
    // Directories are listed when code sits in more than one.
    let without = structural_body(&module_page("src/pkg"), &Fixture::of(files.clone()).index());
    assert!(!without.contains("## Inner structure"), "{without}");
    files.push(file(
        "src/pkg/locale/compile.py",
        10,
        Some("Compiles the translations."),
        vec![],
        &[],
    ));
    let page = structural_body(&module_page("src/pkg"), &Fixture::of(files).index());
    assert!(
        page.contains("- 9 directories of one file each: `src/pkg/locale/`, `src/pkg/locale/ar/LC_MESSAGES/` and 7 more\n"),
        "{page}"
    );
    assert!(
        !page.contains("- `src/pkg/locale/ca/LC_MESSAGES/`: 1 file"),
        "{page}"
    );
}

/// byteorder's `BigEndian` derives eight traits beside the `ByteOrder` it implements: its
/// entry said only "Implements `ByteOrder`.", which read as all it implements.
#[test]
fn a_rust_type_says_what_it_derives_beside_what_it_implements() {
    let public = |kind, name: &str, lines, signature: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, lines, signature, None)
    };
    let mut lib = file(
        "src/lib.rs",
        100,
        Some("Reads and writes numbers in big-endian and little-endian order."),
        vec![
            public(
                SymbolKind::Trait,
                "ByteOrder",
                (1, 10),
                "pub trait ByteOrder",
            ),
            public(
                SymbolKind::Enum,
                "BigEndian",
                (14, 14),
                "pub enum BigEndian {}",
            ),
            symbol(
                SymbolKind::Impl,
                "ByteOrder for BigEndian",
                (16, 30),
                "impl ByteOrder for BigEndian",
                None,
            ),
        ],
        &[],
    );
    lib.parsed.bases = vec![(1, "Clone".into()), (1, "Copy".into()), (1, "Debug".into())];
    lib.parsed.cargo = None;
    let fixture = Fixture::of(vec![file("Cargo.toml", 10, None, vec![], &[]), lib]);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains("derives `Clone`, `Copy` and `Debug`."),
        "{page}"
    );
}

/// indicatif's examples define only `main`: each is said by the project's names it uses, not
/// "Defines `main`." (nor by `src/lib.rs`, which they all import).
#[test]
fn an_example_that_defines_only_main_is_said_by_the_names_it_uses() {
    let function = |name: &str| symbol(SymbolKind::Function, name, (1, 5), "fn x()", None);
    let mut example = file("examples/multi.rs", 40, None, vec![function("main")], &[]);
    example.parsed.imports = ["MultiProgress", "ProgressBar"]
        .iter()
        .map(|name| Import {
            raw: format!("indicatif::{name}"),
            resolved: Some(path("src/lib.rs")),
            name: Some((*name).into()),
            kind: ImportKind::Use,
            line: 1,
            ..Import::default()
        })
        .collect();
    let lib = file(
        "src/lib.rs",
        100,
        None,
        vec![
            symbol(
                SymbolKind::Struct,
                "ProgressBar",
                (1, 9),
                "pub struct ProgressBar",
                None,
            ),
            symbol(
                SymbolKind::Struct,
                "MultiProgress",
                (10, 19),
                "pub struct MultiProgress",
                None,
            ),
        ],
        &[],
    );
    let page = structural_body(
        &module_page("examples"),
        &Fixture::of(vec![lib, example]).index(),
    );
    assert!(
        page.contains("An example that uses `MultiProgress` and `ProgressBar`."),
        "{page}"
    );
}

/// jsoup's `server.p12` is a binary keystore, never opened: not "text"; humanize's
/// `CONTRIBUTORS` lists people, it is no guide.
#[test]
fn a_binary_secret_is_binary_and_contributors_are_people() {
    let mut keystore = file("src/test/resources/server.p12", 0, None, vec![], &[]);
    keystore.flags.secret = true;
    let mut pem = file("src/test/resources/server.pem", 0, None, vec![], &[]);
    pem.flags.secret = true;
    let files = vec![
        keystore,
        pem,
        file("CONTRIBUTORS", 12, None, vec![], &[]),
        file("src/lib.py", 10, None, vec![], &[]),
    ];
    let index = Fixture::of(files);
    let root = structural_body(&module_page(""), &index.index());
    assert!(
        root.contains(
            "| [[CONTRIBUTORS]] | text | 12 | The people who contributed to the project. |"
        ),
        "{root}"
    );
    let src = structural_body(&module_page("src"), &index.index());
    for expected in [
        "| [[src/test/resources/server.p12]] | binary | — |",
        "| [[src/test/resources/server.pem]] | text | — |",
    ] {
        assert!(src.contains(expected), "{expected}\n{src}");
    }
}

/// jcommander's checked-in Javadoc: a hundred rows of "Generated by a tool, not written by
/// hand." are one row per directory.
#[test]
fn a_directory_of_files_all_described_alike_is_one_row() {
    let mut files: Vec<FileMap> = (0..9)
        .map(|n| {
            let mut page = file(&format!("docs/api/Page{n}.html"), 100, None, vec![], &[]);
            page.flags.generated = true;
            page
        })
        .collect();
    files.push(file(
        "docs/api/search.js",
        10,
        Some("The search box of the API pages."),
        vec![],
        &[],
    ));
    files.push(file("src/lib.py", 10, None, vec![], &[]));
    let page = structural_body(&module_page("docs"), &Fixture::of(files).index());
    assert!(
        page.contains("| `docs/api/` | text | 900 | 9 files (`Page0.html`, `Page1.html` and 7 more), each: Generated by a tool, not written by hand. |"),
        "{page}"
    );
    // The one file of the directory said otherwise keeps its row.
    assert!(page.contains("| [[docs/api/search.js]] |"), "{page}");
    assert!(!page.contains("[[docs/api/Page3.html]]"), "{page}");
}

/// A settings file says what its text sets: p-queue's "tsconfig.json: Settings of the
/// TypeScript compiler." and ".gitignore: The files git leaves untracked here." said nothing.
#[test]
fn settings_files_say_what_their_text_sets() {
    let mut fixture = Fixture::of(vec![
        file(".gitignore", 4, None, vec![], &[]),
        file("tsconfig.json", 10, None, vec![], &[]),
        file(".nvmrc", 1, None, vec![], &[]),
        file("source/index.ts", 40, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path(".gitignore"),
        "# deps\nnode_modules\ndist\n*.log\n!keep.log\ncoverage\n".to_string(),
    );
    fixture.texts.insert(
        path("tsconfig.json"),
        "{\n  // shared settings\n  \"extends\": \"@sindresorhus/tsconfig\",\n  \"compilerOptions\": {\"outDir\": \"dist\"},\n  \"include\": [\"source\"]\n}\n".to_string(),
    );
    fixture.texts.insert(path(".nvmrc"), "20\n".to_string());
    let page = structural_body(&module_page(""), &fixture.index());
    for expected in [
        "| [[.gitignore]] | text | 4 | Leaves `node_modules`, `dist` and 2 more patterns untracked. |",
        "| [[tsconfig.json]] | json | 10 | Settings of the TypeScript compiler: extends `@sindresorhus/tsconfig`, compiles `source` and writes to `dist`. |",
        "| [[.nvmrc]] | text | 1 | The Node.js version the project uses: `20`. |",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
}

/// A file whose one definition is a type without a doc says what the type builds on and which
/// methods it has (phpdotenv's `ImmutableWriter.php` was "Defines `ImmutableWriter`.").
#[test]
fn an_undocumented_type_is_said_by_what_it_builds_on_and_its_methods() {
    let class = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            "ImmutableWriter",
            (5, 60),
            "final class ImmutableWriter implements WriterInterface",
            None,
        )
    };
    let public = |name: &str, line: u32| Symbol {
        visibility: Some(Visibility::Public),
        ..method(
            "ImmutableWriter",
            name,
            (line, line + 5),
            "public function x()",
        )
    };
    let mut writer = file(
        "src/Repository/ImmutableWriter.php",
        60,
        None,
        vec![
            class,
            public("__construct", 10),
            public("write", 20),
            public("delete", 30),
            Symbol {
                visibility: Some(Visibility::Private),
                ..method(
                    "ImmutableWriter",
                    "isExternallyDefined",
                    (40, 45),
                    "private function x()",
                )
            },
        ],
        &[],
    );
    writer.parsed.bases = vec![(0, "WriterInterface".into())];
    let page = structural_body(&module_page("src"), &Fixture::of(vec![writer]).index());
    assert!(
        page.contains("| Defines the class `ImmutableWriter`, which builds on `WriterInterface`; its public methods: `write` and `delete`. |"),
        "{page}"
    );
}

/// The files the scan left out for their content are listed on their module's page and
/// counted with its files, never read (ky's `media/` logos made its root "12 files" of 15;
/// pyjwt's one-line JWKS fixture and phpdotenv's Windows-1252 `.env` vanished from their
/// directories), and stay out of `index.json`.
#[test]
fn files_the_scan_left_out_are_listed_and_counted_on_their_pages() {
    let unread = |name: &str, reason: SkipReason| {
        let mut file = file(name, 0, None, vec![], &[]);
        file.flags.unread = Some(reason);
        file
    };
    // morgan's `test/fixtures/server.key`: named as secrets are, never read, so its lines are
    // not known either.
    let secret = |name: &str| {
        let mut file = file(name, 0, None, vec![], &[]);
        file.flags.secret = true;
        file
    };
    let files = vec![
        file("README.md", 20, Some("A client."), vec![], &[]),
        file("src/lib.py", 40, None, vec![], &[]),
        unread("media/logo.png", SkipReason::Binary),
        unread("media/logo.svg", SkipReason::Minified),
        // starlette's 1.3 MB screenshot, too large to read, is a binary file by its kind.
        unread("media/screenshot.png", SkipReason::TooLarge),
        unread("media/huge.csv", SkipReason::TooLarge),
        unread("tests/fixtures/windows.env", SkipReason::InvalidUtf8),
        // qs's `logos/Logo.ai`, a PDF not read as UTF-8.
        unread("media/logo.ai", SkipReason::InvalidUtf8),
        secret("tests/fixtures/server.key"),
    ];
    let fixture = Fixture::of(files);
    let index = fixture.index();
    let root = structural_body(&module_page(""), &index);
    for expected in [
        "| [[media/logo.png]] | binary | — | Not read: a binary file. |",
        "| [[media/logo.svg]] | text | — | Not read: its lines are too long to index (minified code or one-line data). |",
        "| [[media/screenshot.png]] | binary | — | Not read: larger than `max_file_bytes`. |",
        "| [[media/huge.csv]] | text | — | Not read: larger than `max_file_bytes`. |",
        "| [[media/logo.ai]] | binary | — | Not read: not UTF-8 text. |",
    ] {
        assert!(root.contains(expected), "{expected}\n{root}");
    }
    let page = structural_body(&PageKind::Index, &index);
    assert!(
        page.contains("The index holds 2 files (60 lines) in 2 modules: 1 python (40 lines) and 1 markdown (20 lines). 7 more files, not read (binary, not UTF-8, minified, too large, or named as secrets are), are listed on their modules' pages."),
        "{page}"
    );
    let json = String::from_utf8(render_index_json(&index)).unwrap();
    assert!(!json.contains("logo.png"), "{json}");
    assert!(!json.contains("windows.env"), "{json}");
}

/// A test file says how many tests a runner collects from it and which of the project's names
/// they use, its subject's first and constants last (javapoet's `CodeBlockTest.java` was
/// "Defines `CodeBlockTest`.", pflag's `bool_test.go` "Tests [[bool.go]].").
#[test]
fn a_test_file_says_how_many_tests_it_holds_and_what_they_use() {
    let class = |name: &str| {
        symbol(
            SymbolKind::Class,
            name,
            (3, 40),
            &format!("class {name}:"),
            None,
        )
    };
    let constant = symbol(SymbolKind::Constant, "DEFAULT", (1, 1), "DEFAULT = 1", None);
    let uses = |names: &[&str], target: &str| -> Vec<Import> {
        names
            .iter()
            .map(|name| Import {
                raw: target.into(),
                resolved: Some(path(target)),
                name: Some((*name).into()),
                line: 1,
                ..Import::default()
            })
            .collect()
    };
    let mut test_cache = file("tests/test_cache.py", 90, None, vec![class("TestLRU")], &[]);
    test_cache.parsed.test_functions = 14;
    test_cache.parsed.imports = uses(&["DEFAULT", "Cache", "LRUCache"], "pkg/cache.py");
    test_cache
        .parsed
        .imports
        .extend(uses(&["keys"], "pkg/keys.py"));
    let mut test_keys = file("tests/test_keys.py", 30, None, vec![], &[]);
    test_keys.parsed.test_functions = 1;
    test_keys.parsed.disabled_tests = 1;
    test_cache.parsed.disabled_tests = 2;
    test_keys.parsed.imports = uses(&["keys"], "pkg/keys.py");
    let mut helpers = file("tests/helpers.py", 30, None, vec![class("Clock")], &[]);
    helpers.parsed.imports = uses(&["Cache"], "pkg/cache.py");
    let files = vec![
        file(
            "pkg/cache.py",
            100,
            None,
            vec![constant, class("Cache"), class("LRUCache")],
            &[],
        ),
        file(
            "pkg/keys.py",
            20,
            None,
            vec![symbol(
                SymbolKind::Function,
                "keys",
                (1, 5),
                "def keys():",
                None,
            )],
            &[],
        ),
        test_cache,
        test_keys,
        helpers,
    ];
    let page = structural_body(&module_page("tests"), &Fixture::of(files).index());
    for expected in [
        // Its subject's names first, `LRUCache` (used by one file) before `Cache` (two), its
        // constant last of them; then the other file's.
        "| [[tests/test_cache.py]] | python | 90 | Tests [[pkg/cache.py]]: 14 tests (2 skipped by default), using `LRUCache`, `Cache`, `DEFAULT` and 1 more. |",
        "| [[tests/test_keys.py]] | python | 30 | Tests [[pkg/keys.py]]: 1 test, all skipped by default, using `keys`. |",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    // A helper holds no test: it is said by what it defines.
    assert!(
        !page.contains("[[tests/helpers.py]] | python | 30 | 0 tests"),
        "{page}"
    );
    // The suite says how many tests it holds, and in how many of its files.
    assert!(
        page.contains("Tests of `pkg`. 15 tests (3 skipped by default) in 2 files."),
        "{page}"
    );
}

/// zap's root `increase_level_test.go` tests `zap.IncreaseLevel` (a Go test is compiled with
/// its package), not `zapcore/increase_level.go`; redux's `tsconfig.test.json` configures
/// tests and tests no `tsconfig.json`.
#[test]
fn a_go_test_is_about_its_own_package_and_a_test_configuration_tests_nothing() {
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("options.go", 10, None, vec![], &[]),
        file(
            "increase_level_test.go",
            10,
            None,
            vec![],
            &["zapcore/core.go"],
        ),
        in_go_package(
            file(
                "zapcore/increase_level.go",
                10,
                None,
                vec![symbol(
                    SymbolKind::Function,
                    "newIncreaseLevel",
                    (3, 5),
                    "func newIncreaseLevel()",
                    None,
                )],
                &[],
            ),
            "zapcore",
            &[],
        ),
        in_go_package(
            file("zapcore/increase_level_test.go", 10, None, vec![], &[]),
            "zapcore",
            &["newIncreaseLevel"],
        ),
        // chi's `middleware_test.go` names nothing `middleware.go` defines: it tests other
        // files of the package, not its namesake.
        in_go_package(
            file("zapcore/core.go", 10, None, vec![], &[]),
            "zapcore",
            &[],
        ),
        in_go_package(
            file("zapcore/core_test.go", 10, None, vec![], &[]),
            "zapcore",
            &["newIncreaseLevel"],
        ),
        file("tsconfig.json", 10, None, vec![], &[]),
        file("tsconfig.test.json", 10, None, vec![], &[]),
    ]);
    let index = fixture.index();
    let root = structural_body(&module_page(""), &index);
    assert!(
        !root.contains("Tests [[zapcore/increase_level.go]]"),
        "{root}"
    );
    assert!(!root.contains("Tests [[tsconfig.json]]"), "{root}");
    let zapcore = structural_body(&module_page("zapcore"), &index);
    assert!(
        zapcore.contains("Tests [[zapcore/increase_level.go]]"),
        "{zapcore}"
    );
    assert!(!zapcore.contains("Tests [[zapcore/core.go]]"), "{zapcore}");
}

/// zod's `docs/content`: MDX pages and the one test that checks their examples are documents,
/// not "Tests that import no module of the project".
#[test]
fn a_module_of_documents_with_a_test_is_no_test_suite() {
    let fixture = Fixture::of(vec![
        file("src/lib.ts", 10, None, vec![], &[]),
        file("site/content/api.mdx", 300, None, vec![], &[]),
        file("site/content/basics.mdx", 200, None, vec![], &[]),
        file("site/content/guide/errors.mdx", 100, None, vec![], &[]),
        file("site/content/api.test.ts", 80, None, vec![], &[]),
        // A `.txt` the page lists among the documents is counted with them (itsdangerous's
        // `LICENSE.txt`: "5 documents" above a list of 6).
        file("site/content/LICENSE.txt", 20, None, vec![], &[]),
    ]);
    let index = fixture.index();
    let page = structural_body(&PageKind::Index, &index);
    assert!(
        page.contains("| 5 | Holds 4 documents and 1 code file. |"),
        "{page}"
    );
    assert!(!page.contains("Tests that import"), "{page}");
}

/// body-parser's `lib/types/json.js` is its package's `./json` entry; the package's own
/// (`.`) is `index.js`, in the root module: the lib page does not call it the entry file.
#[test]
fn a_subpath_entry_is_not_the_package_s_entry_file() {
    let exported = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            name,
            (3, 9),
            &format!("export function {name}(options) {{"),
            None,
        )
    };
    // The resolver's reading of the package's `exports`.
    let mut manifest = file("package.json", 10, None, vec![], &[]);
    manifest.parsed.js_manifest = Some(Box::new(JsManifest {
        name: Some("body-parser".into()),
        entry_sources: vec![
            (".".into(), path("index.js")),
            ("./json".into(), path("lib/types/json.js")),
        ],
        ..JsManifest::default()
    }));
    let mut fixture = Fixture::of(vec![
        manifest,
        file("index.js", 40, None, vec![exported("bodyParser")], &[]),
        file("lib/types/json.js", 90, None, vec![exported("json")], &[]),
        file("lib/read.js", 120, None, vec![exported("read")], &[]),
    ]);
    fixture.texts.insert(
        path("package.json"),
        "{\"name\": \"body-parser\", \"exports\": {\".\": \"./index.js\", \"./json\": \"./lib/types/json.js\"}}".to_string(),
    );
    let lib = structural_body(&module_page("lib"), &fixture.index());
    assert!(
        lib.contains("An entry file of the package, [[lib/types/json.js]], exports `json`."),
        "{lib}"
    );
    let root = structural_body(&module_page(""), &fixture.index());
    assert!(
        root.contains("The package's entry file, [[index.js]], exports `bodyParser`."),
        "{root}"
    );
}

/// zod's `src/index.ts` is `export * from "./v4/classic/external.js"`, which is `export * from
/// "./schemas.js"` and more: the entry's API is followed through both, and each name is the
/// definition it was followed to (`string` of `schemas.ts`, not the regex of `regexes.ts`).
#[test]
fn an_entry_passes_on_what_its_star_exports_pass_on() {
    let exported = |kind, name: &str, line: u32, signature: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, (line, line + 2), signature, None)
    };
    let reexport = |raw: &str, target: &str| Import {
        raw: raw.into(),
        resolved: Some(path(target)),
        kind: ImportKind::Reexport,
        ..Import::default()
    };
    let mut entry = file("src/index.ts", 3, None, vec![], &[]);
    entry.parsed.imports = vec![reexport("./v4/external.js", "src/v4/external.ts")];
    entry.parsed.clause_exports = vec![("*".into(), "./v4/external.js".into())];
    let mut external = file("src/v4/external.ts", 8, None, vec![], &[]);
    external.parsed.imports = vec![
        reexport("./schemas.js", "src/v4/schemas.ts"),
        reexport("./external.js", "src/v4/external.ts"),
    ];
    external.parsed.clause_exports = vec![
        ("*".into(), "./schemas.js".into()),
        // A cycle back to itself is followed once.
        ("*".into(), "./external.js".into()),
        ("default".into(), "z".into()),
    ];
    let files = vec![
        entry,
        external,
        file(
            "src/v4/schemas.ts",
            900,
            None,
            vec![exported(
                SymbolKind::Function,
                "string",
                614,
                "export function string(params) {",
            )],
            &[],
        ),
        file(
            "src/v4/regexes.ts",
            200,
            None,
            vec![exported(
                SymbolKind::Function,
                "string",
                143,
                "export const string = (params) => {",
            )],
            &[],
        ),
    ];
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("src"), &fixture.index());
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    assert!(
        api.contains("The package's entry file, [[src/index.ts]], exports `string`.\n\n- [[src/v4/schemas.ts#string|`string`]] (function)"),
        "{page}"
    );
}

/// zod's `src/v4` holds only an `index.ts` that passes on `classic/`: the module is what its
/// one file is, not "—".
#[test]
fn a_module_of_one_code_file_is_what_that_file_is() {
    let mut index = file("lib/v4/index.ts", 4, None, vec![], &[]);
    index.parsed.imports = vec![Import {
        raw: "./classic/index.js".into(),
        resolved: Some(path("lib/v4/classic/index.ts")),
        kind: ImportKind::Reexport,
        ..Import::default()
    }];
    index.parsed.clause_exports = vec![("*".into(), "./classic/index.js".into())];
    let fixture = Fixture::of(vec![
        index,
        file("lib/v4/package.json", 3, None, vec![], &[]),
        file("lib/v4/classic/package.json", 3, None, vec![], &[]),
        file("lib/v4/classic/index.ts", 40, None, vec![], &[]),
        file("lib/v4/classic/schemas.ts", 40, None, vec![], &[]),
    ]);
    let modules: Vec<&str> = fixture.modules.iter().map(|m| m.path.as_str()).collect();
    assert!(modules.contains(&"lib/v4"), "{modules:?}");
    let page = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        page.contains("| 2 | Re-exports [[lib/v4/classic/index.ts]]. |"),
        "{page}"
    );
}

/// express's `examples/cookies/index.js` defines nothing: it is described by what it uses, the
/// project's own files and declared packages, not by the helper beside it.
#[test]
fn an_example_that_defines_nothing_is_described_by_what_it_uses() {
    let mut example = file(
        "examples/cookies/index.js",
        30,
        None,
        vec![],
        &["index.js", "examples/cookies/helper.js"],
    );
    example.parsed.imports.push(Import {
        raw: "morgan".into(),
        ..Import::default()
    });
    example.parsed.imports.push(Import {
        raw: "node:fs".into(),
        ..Import::default()
    });
    let mut fixture = Fixture::of(vec![
        file("package.json", 10, None, vec![], &[]),
        file("index.js", 10, None, vec![], &[]),
        example,
        file("examples/cookies/helper.js", 10, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("package.json"),
        "{\"name\": \"express\", \"devDependencies\": {\"morgan\": \"1.11.0\"}}".into(),
    );
    let page = structural_body(&module_page("examples"), &fixture.index());
    assert!(
        page.contains("| An example that uses [[index.js]] and `morgan`. |"),
        "{page}"
    );
    // pino's `benchmarks/basic.bench.js`: a benchmark directory is no example.
    let bench = file("benchmarks/basic.bench.js", 30, None, vec![], &["index.js"]);
    let fixture = Fixture::of(vec![
        file("package.json", 10, None, vec![], &[]),
        file("index.js", 10, None, vec![], &[]),
        bench,
    ]);
    let page = structural_body(&module_page("benchmarks"), &fixture.index());
    assert!(
        page.contains("| A benchmark that uses [[index.js]]. |"),
        "{page}"
    );
    // kleur's `bench/load.js` times `require`; `bench/dryrun.js` prints colours and times
    // nothing: a script beside the benchmarks, not one of them.
    let mut fixture = Fixture::of(vec![
        file("package.json", 10, None, vec![], &[]),
        file("index.js", 10, None, vec![], &[]),
        file("bench/load.js", 15, None, vec![], &["index.js"]),
        file("bench/dryrun.js", 23, None, vec![], &["index.js"]),
    ]);
    fixture.texts.insert(
        path("bench/load.js"),
        "console.time('kleur');\nconst kleur = require('../index');\n".into(),
    );
    fixture.texts.insert(
        path("bench/dryrun.js"),
        "const kleur = require('../index');\nconsole.log(kleur.red('~foobar~'));\n".into(),
    );
    let page = structural_body(&module_page("bench"), &fixture.index());
    assert!(
        page.contains("| A benchmark that uses [[index.js]]. |")
            && page.contains("| A script beside the benchmarks that uses [[index.js]]. |"),
        "{page}"
    );
}

/// sinatra's `lib/sinatra.rb` defines nothing: `require 'sinatra'` loads `sinatra/main`.
#[test]
fn a_ruby_file_of_requires_says_what_it_loads() {
    let fixture = Fixture::of(vec![
        file("lib/app.rb", 5, None, vec![], &["lib/app/main.rb"]),
        file(
            "lib/app/main.rb",
            50,
            None,
            vec![symbol(
                SymbolKind::Class,
                "Main",
                (1, 40),
                "class Main",
                None,
            )],
            &[],
        ),
    ]);
    let page = structural_body(&module_page("lib"), &fixture.index());
    assert!(
        page.contains("| [[lib/app.rb]] | ruby | 5 | Loads [[lib/app/main.rb]]. |"),
        "{page}"
    );
}

/// sinatra's Gemfile and Rakefile, websocket's CircleCI settings and zod's `enumUtil.ts` (one
/// `export namespace`) said "—".
#[test]
fn gemfiles_rakefiles_ci_settings_and_namespaces_say_what_they_are() {
    let namespace = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Module,
            "enumUtil",
            (1, 17),
            "export namespace enumUtil {",
            None,
        )
    };
    let mut fixture = Fixture::of(vec![
        file("Gemfile", 4, None, vec![], &[]),
        file("Rakefile", 3, None, vec![], &[]),
        file(".circleci/config.yml", 70, None, vec![], &[]),
        file("src/enumUtil.ts", 17, None, vec![namespace], &[]),
    ]);
    fixture.texts.insert(
        path("Gemfile"),
        "source 'https://rubygems.org'\ngem 'rake'\ngem 'rack', path: 'rack'\ngem 'minitest', '~> 5.0'\n".into(),
    );
    fixture.texts.insert(
        path("Rakefile"),
        "task default: :test\ndesc 'Generate docs'\ntask :doc do\nend\n".into(),
    );
    let index = fixture.index();
    let root = structural_body(&module_page(""), &index);
    for expected in [
        "| [[Gemfile]] | ruby | 4 | Declares the gems Bundler installs: 3 dependencies. |",
        "| [[Rakefile]] | ruby | 3 | Defines the commands `rake` and `rake doc`. |",
        "| [[.circleci/config.yml]] | yaml | 70 | Settings of the CircleCI service's jobs. |",
    ] {
        assert!(root.contains(expected), "{expected}\n{root}");
    }
    let all: String = ["", "src"]
        .iter()
        .map(|module| structural_body(&module_page(module), &index))
        .collect();
    assert!(
        all.contains("| [[src/enumUtil.ts]] | typescript | 17 | Defines the module `enumUtil`. |"),
        "{all}"
    );
}

/// marshmallow's `performance/benchmark.py` is read with the tests and called what it is; a
/// module of tests says how many (blinker's `tests`: "25 tests in 3 files").
#[test]
fn benchmarks_are_named_where_the_tests_live() {
    let mut tests = file(
        "tests/test_pkg.py",
        40,
        None,
        vec![],
        &["src/pkg/__init__.py"],
    );
    tests.parsed.test_functions = 3;
    let fixture = Fixture::of(vec![
        file("pyproject.toml", 10, None, vec![], &[]),
        file("src/pkg/__init__.py", 10, None, vec![], &[]),
        file(
            "performance/benchmark.py",
            80,
            None,
            vec![],
            &["src/pkg/__init__.py"],
        ),
        tests,
        file(
            "tests/helpers.py",
            10,
            None,
            vec![],
            &["src/pkg/__init__.py"],
        ),
    ]);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains(
            "- [`performance`](modules/performance.md): benchmarks, 1 code file\n- [`tests`](modules/tests.md): 3 tests in 1 file, among 2 code files\n"
        ),
        "{onboarding}"
    );
}

/// jinja's `tests/res` (templates and an empty `__init__.py`), `scripts/` (one script whose
/// `main` says what it does), `docs/` (documents, Sphinx's `conf.py`, a Makefile and a pin
/// list), and a key file in the tests: what each is, said truly.
#[test]
fn test_data_scripts_and_docs_are_called_what_they_are() {
    let mut key = file("tests/res/server.pem", 18, None, vec![], &[]);
    key.flags.secret = true;
    key.lines = 0;
    let fixture = Fixture::of(vec![
        file("pyproject.toml", 10, None, vec![], &[]),
        file(
            "src/jinja/__init__.py",
            20,
            Some("A template engine."),
            vec![],
            &["src/jinja/lexer.py"],
        ),
        file(
            "src/jinja/lexer.py",
            200,
            Some("Splits templates into tokens."),
            vec![symbol(
                SymbolKind::Class,
                "Lexer",
                (3, 150),
                "class Lexer:",
                Some("Turns a template into tokens."),
            )],
            &[],
        ),
        file(
            "tests/test_lexer.py",
            40,
            None,
            vec![],
            &["src/jinja/lexer.py"],
        ),
        file("tests/res/__init__.py", 0, None, vec![], &[]),
        file("tests/res/templates/broken.html", 3, None, vec![], &[]),
        file("tests/res/templates/mojibake.txt", 1, None, vec![], &[]),
        key,
        file(
            "scripts/generate_pattern.py",
            70,
            None,
            vec![
                symbol(
                    SymbolKind::Function,
                    "get_characters",
                    (7, 23),
                    "def get_characters():",
                    Some("Find every character that is valid in an identifier."),
                ),
                symbol(
                    SymbolKind::Function,
                    "main",
                    (56, 69),
                    "def main():",
                    Some("Build the regex pattern and write it to the lexer's table."),
                ),
            ],
            &[],
        ),
        file("docs/index.rst", 40, Some("Jinja is fast."), vec![], &[]),
        file("docs/conf.py", 30, None, vec![], &[]),
        file("docs/Makefile", 20, None, vec![], &[]),
        file("docs/requirements.txt", 4, None, vec![], &[]),
        // packaging's invoke tasks, a package no code imports.
        file("tasks/__init__.py", 5, None, vec![], &[]),
        file("tasks/licenses.py", 50, None, vec![], &[]),
    ]);
    let index = structural_body(&PageKind::Index, &fixture.index());
    for row in [
        "| [`tests/res`](modules/tests/res.md) | 4 | Test data: `templates/`. |",
        "| [`scripts`](modules/scripts.md) | 1 | `main`: Build the regex pattern and write it to the lexer's table. Also defines the function `get_characters`. |",
        "| [`docs`](modules/docs.md) | 4 | The project's documentation: 1 document and 1 code file for building its site. |",
    ] {
        assert!(index.contains(row), "{row}\n{index}");
    }
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains("- [`tests/res`](modules/tests/res.md): test data, 3 files\n"),
        "{onboarding}"
    );
    // Scripts come after the code, its tests and its test data.
    let order = onboarding
        .split("## Reading order")
        .nth(1)
        .unwrap_or_default();
    let at = |module: &str| order.find(&format!("[`{module}`]")).unwrap_or(usize::MAX);
    assert!(at("src/jinja") < at("tests"), "{order}");
    assert!(at("tests") < at("scripts"), "{order}");
    assert!(
        at("tests") < at("tasks") && at("tasks") < usize::MAX,
        "{order}"
    );
    let res = structural_body(&module_page("tests/res"), &fixture.index());
    // What a test reads is no documentation; a key's lines were never read.
    assert!(!res.contains("## Documentation in the module"), "{res}");
    assert!(
        res.contains(
            "| text | — | Not read: files of this name often hold secrets, so it is listed by path only. |"
        ),
        "{res}"
    );
}

/// Files of one Go package use each other's names with no import: those uses are the
/// package's inner structure. A package whose files neither import nor use each other gets
/// no empty heading.
#[test]
fn a_package_whose_files_use_each_others_names_shows_it() {
    let go = |name: &str, declares: &[&str], uses: &[&str]| {
        let mut map = file(
            name,
            30,
            None,
            declares
                .iter()
                .map(|declared| {
                    symbol(
                        SymbolKind::Function,
                        declared,
                        (3, 9),
                        &format!("func {declared}() {{"),
                        None,
                    )
                })
                .collect(),
            &[],
        );
        map.parsed.package = Some("binding".into());
        map.parsed.package_uses = uses.iter().map(|used| used.to_string()).collect();
        map
    };
    let mut files = vec![file("go.mod", 3, None, vec![], &[])];
    let names: Vec<String> = (0..9).map(|at| format!("codec{at}")).collect();
    for (at, name) in names.iter().enumerate() {
        let uses: Vec<&str> = if at == 0 { Vec::new() } else { vec!["codec0"] };
        files.push(go(&format!("binding/{name}.go"), &[name], &uses));
    }
    let fixture = Fixture::of(files.clone());
    let page = structural_body(&module_page("binding"), &fixture.index());
    assert!(page.contains("## Inner structure"), "{page}");
    assert!(
        page.contains("An arrow points from a file to one it imports or whose names it uses"),
        "{page}"
    );
    for file in files.iter_mut() {
        file.parsed.package_uses.clear();
    }
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("binding"), &fixture.index());
    assert!(!page.contains("## Inner structure"), "{page}");
}

/// gin: `binding.go` (`//go:build !nomsgpack`) and `binding_nomsgpack.go` (`//go:build
/// nomsgpack`) both declare `Binding`, which `json.go` uses. A default build compiles
/// `binding.go`: the module's API lists `Binding` from there, once; the variant's own page line
/// says when it is built, and it ranks below the file it stands in for. A file for one
/// platform says which.
#[test]
fn a_go_variant_behind_a_build_tag_gives_way_to_the_default_build() {
    let constraint = |expr: &str, default_build: bool, tags: &[&str]| {
        Some(Box::new(BuildConstraint {
            expr: expr.to_string(),
            default_build,
            enabling_tags: tags.iter().map(|tag| tag.to_string()).collect(),
            ..BuildConstraint::default()
        }))
    };
    let public = |kind: SymbolKind, name: &str, line: u32, doc: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            kind,
            name,
            (line, line + 3),
            &format!("type {name} interface {{"),
            Some(doc),
        )
    };
    let go = |name: &str, symbols: Vec<Symbol>, uses: &[&str]| {
        let mut file = file(name, 40, None, symbols, &[]);
        file.parsed.package = Some("binding".to_string());
        file.parsed.package_uses = uses.iter().map(|name| name.to_string()).collect();
        file
    };
    let mut default = go(
        "binding/binding.go",
        vec![public(
            SymbolKind::Interface,
            "Binding",
            30,
            "Binding binds a request.",
        )],
        &[],
    );
    default.parsed.build_constraint = constraint("!nomsgpack", true, &[]);
    let mut variant = go(
        "binding/binding_nomsgpack.go",
        vec![public(
            SymbolKind::Interface,
            "Binding",
            28,
            "Binding binds a request.",
        )],
        &[],
    );
    variant.parsed.build_constraint = constraint("nomsgpack", false, &["nomsgpack"]);
    let mut windows = go(
        "binding/path_windows.go",
        vec![public(
            SymbolKind::Function,
            "Clean",
            5,
            "Clean cleans a path.",
        )],
        &[],
    );
    windows.parsed.symbols[0].signature = "func Clean(path string) string {".into();
    // go-isatty's `isatty_others.go`: a few systems, and others with a tag.
    let mut others = go("binding/others.go", vec![], &[]);
    others.parsed.build_constraint = Some(Box::new(BuildConstraint {
        expr: "(js || tinygo || wasm) && !windows".to_string(),
        default_build: true,
        enabling_tags: vec!["tinygo".to_string()],
        only_on: vec!["js".to_string(), "wasip1".to_string()],
        ..BuildConstraint::default()
    }));
    let files = vec![
        default,
        variant,
        windows,
        others,
        go("binding/json.go", vec![], &["Binding"]),
        go("binding/form.go", vec![], &["Binding"]),
    ];
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("binding"), &fixture.index());
    for line in [
        "From [[binding/binding.go]]:\n\n- [[binding/binding.go#Binding|`Binding`]] (interface), used by [[binding/form.go]] and [[binding/json.go]]: Binding binds a request.",
        "| [[binding/binding_nomsgpack.go]] | go | 40 | Built only with the `nomsgpack` build tag. `Binding` binds a request. |",
        "| [[binding/path_windows.go]] | go | 40 | Built only on `windows`. `Clean` cleans a path. |",
        "| [[binding/others.go]] | go | 40 | Built only on `js` or `wasip1`, and elsewhere with the build tag `tinygo`. |",
    ] {
        assert!(page.contains(line), "{line}\n{page}");
    }
    assert!(!page.contains("binding/binding_nomsgpack.go:28"), "{page}");
    let rank = |name: &str| fixture.graph.rank_of(&path(name));
    assert!(rank("binding/binding.go") > rank("binding/binding_nomsgpack.go"));
}

/// marshmallow's `examples/`: no one imports an example, so its page says what each one uses
/// of the project's code, not a public API; and a document naming `UserSchema` is about the
/// project's docs, not the example that happens to define one.
#[test]
fn an_example_is_shown_by_what_it_uses_of_the_project() {
    let class = |name: &str| {
        let mut class = symbol(
            SymbolKind::Class,
            name,
            (3, 20),
            &format!("class {name}:"),
            None,
        );
        class.visibility = Some(Visibility::Public);
        class
    };
    let example = |name: &str, used: &[&str]| {
        let mut file = file(name, 10, None, vec![class("UserSchema")], &[]);
        file.parsed.imports = used
            .iter()
            .map(|used| Import {
                raw: "shapes".into(),
                resolved: Some(path("shapes/__init__.py")),
                name: Some(used.to_string()),
                line: 1,
                ..Import::default()
            })
            .collect();
        file
    };
    let mut fixture = Fixture::of(vec![
        file(
            "shapes/__init__.py",
            40,
            None,
            vec![class("Schema"), class("Field"), class("Nested")],
            &[],
        ),
        example("examples/flask_example.py", &["Schema", "Field", "Nested"]),
        example("examples/plain.py", &["Schema"]),
        file("docs/guide.md", 20, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("docs/guide.md"),
        "Use `UserSchema` and `Schema`; `UserSchema` again.\n".into(),
    );
    let page = structural_body(&module_page("examples"), &fixture.index());
    for line in [
        "## What the examples use\n",
        "- [[examples/flask_example.py]]: `Field`, `Nested` and `Schema` of [`shapes`](shapes.md)\n",
        "- [[examples/plain.py]]: `Schema` of [`shapes`](shapes.md)\n",
    ] {
        assert!(page.contains(line), "{line}\n{page}");
    }
    assert!(!page.contains("## Public API"), "{page}");
    assert!(!page.contains("docs/guide.md"), "{page}");
}

/// chi's `go.mod` is a module path and a `go` line: the Go it needs is no dependency.
#[test]
fn what_a_manifest_runs_on_is_no_dependency() {
    let mut fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("mux.go", 40, Some("Package chi is a router."), vec![], &[]),
        file("pkg/package.json", 8, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("go.mod"),
        "module github.com/go-chi/chi/v5\n\ngo 1.23\n".into(),
    );
    fixture.texts.insert(
        path("pkg/package.json"),
        r#"{"name": "koa", "engines": {"node": ">= 18"}, "dependencies": {"accepts": "^1.3.5"}}"#
            .into(),
    );
    let root = structural_body(&module_page(""), &fixture.index());
    assert!(
        root.contains(
            "| [[go.mod]] | text | 3 | Declares the Go module `github.com/go-chi/chi/v5`, for `go 1.23`. |"
        ),
        "{root}"
    );
    let pkg = structural_body(&module_page("pkg"), &fixture.index());
    assert!(
        pkg.contains("Declares the package `koa`, for `node >= 18`, with 1 dependency. |"),
        "{pkg}"
    );
}

/// chi's `middleware/terminal.go`: an exported variable is what the file offers; `init` runs
/// as the package loads and no one calls it by name.
#[test]
fn a_go_file_is_named_by_its_exported_variable_not_init() {
    let go_symbol = |kind: SymbolKind, name: &str, line: u32, public: bool| Symbol {
        visibility: Some(if public {
            Visibility::Public
        } else {
            Visibility::Private
        }),
        ..symbol(kind, name, (line, line + 2), name, None)
    };
    let fixture = Fixture::of(vec![
        file(
            "middleware/terminal.go",
            63,
            None,
            vec![
                go_symbol(SymbolKind::Variable, "IsTTY", 35, true),
                go_symbol(SymbolKind::Function, "init", 37, false),
                go_symbol(SymbolKind::Function, "cW", 50, false),
            ],
            &[],
        ),
        file(
            "middleware/logger.go",
            40,
            Some("Package middleware logs."),
            vec![],
            &[],
        ),
    ]);
    let page = structural_body(&module_page("middleware"), &fixture.index());
    assert!(
        page.contains("| [[middleware/terminal.go]] | go | 63 | Exports the variable `IsTTY`. |"),
        "{page}"
    );
}

/// bytes' `ci/miri.sh` has no comment that says what it is for; what it runs does (its build
/// and test commands, counted as such: `rustup component add miri` is neither).
#[test]
fn a_script_without_a_doc_is_told_by_what_it_runs() {
    let mut fixture = Fixture::of(vec![
        file("ci/miri.sh", 13, None, vec![], &[]),
        file("ci/setup.sh", 3, None, vec![], &[]),
        file("ci/clean.sh", 6, None, vec![], &[]),
        file("src/lib.rs", 40, Some("Bytes."), vec![], &[]),
    ]);
    fixture.texts.insert(
        path("ci/clean.sh"),
        "#!/bin/sh -e\nif [ -d 'dist' ] ; then\n    rm -r dist\nfi\nif [ -d 'site' ] ; then\n    rm -r site\nfi\n".into(),
    );
    fixture.texts.insert(
        path("ci/miri.sh"),
        "#!/bin/bash\nset -e\nrustup component add miri\ncargo miri setup\nexport MIRIFLAGS=\"-Zmiri-strict-provenance\"\ncargo miri test\ncargo miri test --release\nMIRIFLAGS=x cargo miri test --target mips64-unknown-linux-gnuabi64\nif [[ \"$RUST_VERSION\" == nightly* ]]; then\n  cargo check --benches\n  cargo miri test\nfi\n".into(),
    );
    fixture.texts.insert(
        path("ci/setup.sh"),
        "#!/bin/sh\nset -e\nrustup update\n".into(),
    );
    let page = structural_body(&module_page("ci"), &fixture.index());
    assert!(
        page.contains(
            "| [[ci/miri.sh]] | bash | 13 | Runs `cargo miri setup`, `cargo miri test` and 2 more build or test commands; also `rustup component add miri`; 1 more under a condition or in a loop. |"
        ),
        "{page}"
    );
    // A script that builds and tests nothing is told by the programs it runs (httpx's
    // `scripts/docs`, `scripts/clean`).
    assert!(
        page.contains("| [[ci/setup.sh]] | bash | 3 | Runs `rustup update`. |"),
        "{page}"
    );
    assert!(
        page.contains("| [[ci/clean.sh]] | bash | 6 | Runs, each under a condition or in a loop, `rm -r dist` and `rm -r site`. |"),
        "{page}"
    );
}

/// similar's `src/snapshots/similar__udiff__unified_diff.snap`: insta's header says which
/// expression it holds and from which file, its name which test (without `test_`) wrote it.
#[test]
fn an_insta_snapshot_is_told_by_the_test_that_wrote_it() {
    let mut fixture = Fixture::of(vec![
        file(
            "src/udiff.rs",
            400,
            Some("Unified diffs."),
            vec![
                symbol(
                    SymbolKind::Function,
                    "unified_diff",
                    (323, 330),
                    "pub fn unified_diff(",
                    None,
                ),
                symbol(
                    SymbolKind::Function,
                    "test_unified_diff",
                    (340, 346),
                    "fn test_unified_diff() {",
                    None,
                ),
            ],
            &[],
        ),
        file(
            "src/snapshots/similar__udiff__unified_diff.snap",
            25,
            None,
            vec![],
            &[],
        ),
        file(
            "src/snapshots/similar__udiff__gone-2.snap",
            5,
            None,
            vec![],
            &[],
        ),
    ]);
    fixture.texts.insert(
        path("src/snapshots/similar__udiff__unified_diff.snap"),
        "---\nsource: src/udiff.rs\nexpression: \"&diff.unified_diff().to_string()\"\n---\n--- a.txt\n".into(),
    );
    fixture.texts.insert(
        path("src/snapshots/similar__udiff__gone-2.snap"),
        "---\nsource: src/udiff.rs\nexpression: x\n---\nx\n".into(),
    );
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains("| 25 | What the test [[src/udiff.rs:340|`test_unified_diff`]] expects of `&diff.unified_diff().to_string()`, as the snapshot library insta recorded it. |"),
        "{page}"
    );
    // A test the file no longer defines is not named.
    assert!(
        page.contains("| 5 | What a test of [[src/udiff.rs]] expects of `x`, as the snapshot library insta recorded it. |"),
        "{page}"
    );
}

/// koa's `test-helpers/`: the suite's helpers, which no one would call tests.
#[test]
fn a_directory_of_test_helpers_is_called_so() {
    let fixture = Fixture::of(vec![
        file(
            "lib/application.js",
            40,
            Some("The application."),
            vec![],
            &[],
        ),
        file(
            "test-helpers/context.js",
            20,
            None,
            vec![],
            &["lib/application.js"],
        ),
        file(
            "__tests__/app.test.js",
            20,
            None,
            vec![],
            &["test-helpers/context.js", "lib/application.js"],
        ),
    ]);
    let home = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        home.contains(
            "| [`test-helpers`](modules/test-helpers.md) | 1 | Helpers for the tests of `lib`. |"
        ),
        "{home}"
    );
    assert!(
        home.contains("| [`__tests__`](modules/__tests__.md) | 1 | Tests of `lib`. |"),
        "{home}"
    );
}

/// bytes' `Cargo.toml`: a dependency renamed with `package =`, and features, one on by
/// default, and optional dependencies that are features of their names.
#[test]
fn dependencies_show_renamed_packages_and_features() {
    let mut fixture = Fixture::of(vec![
        file("Cargo.toml", 12, None, vec![], &[]),
        file("src/lib.rs", 40, Some("Bytes."), vec![], &[]),
    ]);
    fixture.texts.insert(
        path("Cargo.toml"),
        "[package]\nname = \"bytes\"\n\n[features]\ndefault = [\"std\"]\nstd = []\n\n[dependencies]\nserde = { version = \"1\", optional = true }\nextra-platforms = { package = \"portable-atomic\", version = \"1.3\", optional = true }\n".into(),
    );
    let page = structural_body(&PageKind::Dependencies, &fixture.index());
    for line in [
        "| `extra-platforms` (the package `portable-atomic`) | 1.3 | normal, optional | [[Cargo.toml:10]] |",
        "Features:\n\n- [[Cargo.toml:6|`std`]], on by default\n- [[Cargo.toml:9|`serde`]]: the optional dependency of that name\n",
    ] {
        assert!(page.contains(line), "{line}\n{page}");
    }
}

/// chi's `_examples/README.md` says in a list what each example is, linking it by a GitHub
/// address; jotai-style READMEs link a directory relatively.
#[test]
fn a_readme_list_describes_the_files_and_directories_it_links() {
    let mut fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("mux.go", 40, Some("Package chi is a router."), vec![], &[]),
        file("_examples/README.md", 8, None, vec![], &[]),
        file("_examples/hello-world/main.go", 20, None, vec![], &[]),
        file("_examples/rest/go.mod", 3, None, vec![], &[]),
        file("_examples/rest/main.go", 20, None, vec![], &[]),
        file("_examples/rest/routes.go", 20, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("_examples/README.md"),
        "chi examples\n============\n\n* [hello-world](https://github.com/go-chi/chi/blob/master/_examples/hello-world/main.go) - Hello World!\n* [rest](./rest/) - REST APIs made easy\n* [gone](./gone/) - Not in the tree\n* [other](https://github.com/someone/else/blob/main/_examples/rest/routes.go) - Another project's file\n".into(),
    );
    fixture.texts.insert(
        path("go.mod"),
        "module github.com/go-chi/chi/v5\n\ngo 1.23\n".into(),
    );
    let examples = structural_body(&module_page("_examples"), &fixture.index());
    assert!(
        examples.contains("| [[_examples/hello-world/main.go]] | go | 20 | Hello World! |"),
        "{examples}"
    );
    let rest = structural_body(&module_page("_examples/rest"), &fixture.index());
    assert!(
        rest.contains("# Module `_examples/rest`\n\nREST APIs made easy"),
        "{rest}"
    );
    assert!(!examples.contains("Not in the tree"), "{examples}");
    assert!(!rest.contains("Another project"), "{rest}");
}

/// "Docs that teach": a Python file with a top-level `if __name__ == "__main__":` is a script
/// one runs, whatever its name; the guard is cited at its line. An example's script is an entry
/// point of its own module's page only.
#[test]
fn a_python_script_guard_is_an_entry_point_cited_at_its_line() {
    let main = symbol(SymbolKind::Function, "main", (3, 9), "def main():", None);
    let mut tool = file("app/tool.py", 20, None, vec![], &["app/orderedset.py"]);
    tool.parsed.script_guard = Some(12);
    // A module the code imports, which shows off itself when run.
    let mut orderedset = file("app/orderedset.py", 90, None, vec![], &[]);
    orderedset.parsed.script_guard = Some(84);
    let mut cli = file("app/cli.py", 20, None, vec![main], &[]);
    cli.parsed.script_guard = Some(15);
    let mut demo = file("examples/demo.py", 20, None, vec![], &[]);
    demo.parsed.script_guard = Some(4);
    // walkdir's `compare/walk.py`: no guard, a top level that reads `sys.argv`.
    let mut walk = file("app/walk.py", 10, None, vec![], &[]);
    walk.parsed.script_body = Some(6);
    // memchr's `scripts/make-byte-frequency-table`: Python by its `#!`, not by its name.
    let mut table = file("app/make-table", 80, None, vec![], &[]);
    table.language = Language::Python;
    table.parsed.script_guard = Some(73);
    let files = vec![
        file("app/__init__.py", 1, None, vec![], &[]),
        table,
        tool,
        cli,
        walk,
        file("app/util.py", 20, None, vec![], &[]),
        orderedset,
        demo,
    ];
    let fixture = Fixture::of(files);
    let index = fixture.index();
    let onboarding = structural_body(&PageKind::Onboarding, &index);
    let start = onboarding
        .split("## Build and test")
        .next()
        .unwrap_or_default();
    for line in [
        "  - [[app/tool.py]] — runs as a script ([[app/tool.py:12|`if __name__ == \"__main__\":` at line 12]])\n",
        "  - [[app/cli.py]] — [[app/cli.py#main|`main`]], runs as a script ([[app/cli.py:15|`if __name__ == \"__main__\":` at line 15]])\n",
        "  - [[app/walk.py]] — runs as a script: its top level reads the command line ([[app/walk.py:6|line 6]])\n",
        "  - [[app/make-table]] — runs as a script ([[app/make-table:73|`if __name__ == \"__main__\":` at line 73]])\n",
    ] {
        assert!(start.contains(line), "{line}\n{onboarding}");
    }
    assert!(!start.contains("app/util.py"), "{onboarding}");
    assert!(!start.contains("app/orderedset.py"), "{onboarding}");
    assert!(!start.contains("examples/demo.py"), "{onboarding}");
    let rendered = text(&render(&PageKind::Onboarding, &onboarding, &fixture));
    assert!(
        rendered.contains(
            "runs as a script ([`if __name__ == \"__main__\":` at line 12](../../app/tool.py#L12))"
        ),
        "{rendered}"
    );
    let examples = structural_body(&module_page("examples"), &index);
    assert!(
        examples.contains("## Entry points\n\n- [[examples/demo.py]] — runs as a script ("),
        "{examples}"
    );
}

fn route(method: &str, path: &str, line: u32, handler: Option<&str>) -> Route {
    Route {
        method: method.to_string(),
        path: path.to_string(),
        line,
        handler: handler.map(String::from),
    }
}

/// chi's examples: a router built in a function and mounted by another (`r.Mount("/admin",
/// adminRouter())`, `usersResource{}.Routes()`) registers its routes under the mount's path;
/// one mounted twice says both; one nothing mounts (`middleware.Profiler`) is said relative.
#[test]
fn go_sub_routers_register_under_the_paths_they_are_mounted_at() {
    let function = |name: &str, lines: (u32, u32), signature: &str| {
        symbol(SymbolKind::Function, name, lines, signature, None)
    };
    let mut main = file(
        "main.go",
        40,
        None,
        vec![
            function("main", (1, 12), "func main() {"),
            function("adminRouter", (14, 19), "func adminRouter() chi.Router {"),
            function(
                "articleRouter",
                (21, 25),
                "func articleRouter() http.Handler {",
            ),
            method(
                "usersResource",
                "Routes",
                (27, 31),
                "func (rs usersResource) Routes() chi.Router {",
            ),
            function("helper", (33, 38), "func helper() *Server {"),
        ],
        &[],
    );
    main.parsed.routes = Box::new([
        route("GET", "/", 3, Some("index")),
        route("ANY", "/v2/articles", 5, Some("articleRouter()")),
        route("ANY", "/v3/articles", 6, Some("articleRouter()")),
        route("ANY", "/admin", 7, Some("adminRouter()")),
        route("ANY", "/users/*", 8, Some("usersResource{}.Routes(…)")),
        route("GET", "/", 16, Some("adminIndex")),
        route("GET", "/accounts", 17, Some("accounts")),
        route("GET", "/{id}", 23, Some("getArticle")),
        route("GET", "/{userID}", 29, Some("rs.Get")),
        route("GET", "/health", 35, Some("health")),
    ]);
    let mut profiler = file(
        "middleware/profiler.go",
        20,
        None,
        vec![function(
            "Profiler",
            (5, 12),
            "func Profiler() http.Handler {",
        )],
        &[],
    );
    profiler.parsed.routes = Box::new([route("ANY", "/pprof/*", 8, Some("pprof.Index"))]);
    // A router a caller serves (chi's `_examples/graceful`: `Handler: service()`) is no
    // relative one.
    let mut graceful = file(
        "graceful/main.go",
        20,
        None,
        vec![
            function("main", (1, 5), "func main() {"),
            function("service", (7, 12), "func service() http.Handler {"),
        ],
        &[],
    );
    graceful.parsed.routes = Box::new([route("GET", "/slow", 9, Some("slow"))]);
    let mut calls = cartograph_core::CallsBuilder::default();
    calls.push(
        0,
        3,
        "service",
        cartograph_core::Receiver::Bare,
        Some(0),
        false,
    );
    graceful.parsed.calls = calls.build();
    let fixture = Fixture::of(vec![main, profiler, graceful]);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    for row in [
        "| GET | `/` | index | [[main.go:3]] |",
        "| GET | `/admin` | adminIndex | [[main.go:16]] |",
        "| GET | `/admin/accounts` | accounts | [[main.go:17]] |",
        "| GET | `/v2/articles/{id}` (also under `/v3/articles`) | getArticle | [[main.go:23]] |",
        "| GET | `/users/{userID}` | rs.Get | [[main.go:29]] |",
        "| GET | `/health` | health | [[main.go:35]] |",
        "| ANY | `/pprof/*` | pprof.Index | [[middleware/profiler.go:8]] |",
        "| GET | `/slow` | slow | [[graceful/main.go:9]] |",
    ] {
        assert!(onboarding.contains(row), "{row}\n{onboarding}");
    }
    assert!(
        onboarding.contains("where requests come in.\n\nThe paths `Profiler` registers are relative to where a caller mounts the router it returns.\n\n|"),
        "{onboarding}"
    );
}

/// The onboarding page lists the routes the project registers, after its entry points; each
/// module page lists its own files' routes. A test's routes (a test app, requests that look
/// like routes) show nowhere, an example's only on its module's page.
#[test]
fn the_project_s_routes_are_listed_with_their_handlers_and_where_they_are_registered() {
    let users = symbol(SymbolKind::Function, "users", (6, 9), "def users():", None);
    let mut views = file("app/views.py", 30, None, vec![users], &[]);
    views.parsed.routes = Box::new([
        route("POST", "/users/<id>", 20, Some("create")),
        route("GET, POST", "/users", 5, Some("users")),
        route("ANY", "/hooks", 25, None),
    ]);
    let mut server = file("app/server.go", 30, None, vec![], &[]);
    server.parsed.routes = Box::new([route("GET", "/health|live", 7, Some("health"))]);
    let mut example = file("examples/hello.py", 10, None, vec![], &[]);
    example.parsed.routes = Box::new([route("GET", "/hello", 3, Some("hello"))]);
    let mut test = file("tests/test_views.py", 10, None, vec![], &[]);
    test.parsed.routes = Box::new([route("GET", "/fake", 3, Some("fake"))]);
    let files = vec![
        file("app/__init__.py", 1, None, vec![], &[]),
        views,
        server,
        example,
        test,
    ];
    let fixture = Fixture::of(files);
    let index = fixture.index();
    let onboarding = structural_body(&PageKind::Onboarding, &index);
    let table =
        "## Routes\n\nThe HTTP routes the code registers, by file: where requests come in.\n\n\
        | method | path | handler | where |\n|---|---|---|---|\n\
        | GET | `/health\\|live` | health | [[app/server.go:7]] |\n\
        | GET, POST | `/users` | [[app/views.py#users\\|`users`]] | [[app/views.py:5]] |\n\
        | POST | `/users/<id>` | create | [[app/views.py:20]] |\n\
        | ANY | `/hooks` | inline | [[app/views.py:25]] |\n\n";
    assert!(onboarding.contains(table), "{onboarding}");
    let routes_at = onboarding.find("## Routes").unwrap();
    assert!(onboarding.find("## Start here").unwrap() < routes_at);
    assert!(routes_at < onboarding.find("## Build and test").unwrap());
    assert!(!onboarding.contains("`/hello`") && !onboarding.contains("`/fake`"));

    // Rendered, the handler links to its definition and the paths stay code.
    let rendered = text(&render(&PageKind::Onboarding, &onboarding, &fixture));
    for row in [
        "| GET, POST | `/users` | [`users`](../../app/views.py#L6-L9) | [app/views.py:5](../../app/views.py#L5) |",
        "| POST | `/users/<id>` | create | [app/views.py:20](../../app/views.py#L20) |",
    ] {
        assert!(rendered.contains(row), "{row}\n{rendered}");
    }

    let app = structural_body(&module_page("app"), &index);
    assert!(
        app.contains("## Routes\n\n| method | path | handler | where |"),
        "{app}"
    );
    assert!(
        app.contains("| ANY | `/hooks` | inline | [[app/views.py:25]] |"),
        "{app}"
    );
    let examples = structural_body(&module_page("examples"), &index);
    assert!(
        examples.contains("| GET | `/hello` | hello | [[examples/hello.py:3]] |"),
        "{examples}"
    );
    let tests = structural_body(&module_page("tests"), &index);
    assert!(!tests.contains("## Routes"), "{tests}");

    // A route added changes the onboarding page's inputs; one that only moves does not.
    let hash = |fixture: &Fixture| inputs_hash(&PageKind::Onboarding, &fixture.index());
    let mut moved = Fixture::of(fixture.files.clone());
    let mut added = Fixture::of(fixture.files.clone());
    for (fixture, edit) in [(&mut moved, 0), (&mut added, 1)] {
        let views = fixture
            .files
            .iter_mut()
            .find(|file| file.path.as_str() == "app/views.py")
            .unwrap();
        let mut routes = views.parsed.routes.to_vec();
        match edit {
            0 => routes.iter_mut().for_each(|route| route.line += 1),
            _ => routes.push(route("DELETE", "/users/<id>", 28, Some("delete"))),
        }
        views.parsed.routes = routes.into_boxed_slice();
    }
    assert_eq!(hash(&fixture), hash(&moved));
    assert_ne!(hash(&fixture), hash(&added));
}

/// A route table stops at 30 rows and says how many more there are, and in which files.
#[test]
fn a_long_route_table_says_where_the_rest_are() {
    let files: Vec<FileMap> = (0..8)
        .map(|at| {
            let mut views = file(&format!("app/views{at}.py"), 40, None, vec![], &[]);
            views.parsed.routes = (0..5)
                .map(|n| route("GET", &format!("/v{at}/r{n}"), n + 1, None))
                .collect();
            views
        })
        .collect();
    let fixture = Fixture::of(files);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert_eq!(
        onboarding.matches("| GET | `/v").count(),
        30,
        "{onboarding}"
    );
    assert!(
        onboarding.contains("| GET | `/v5/r4` | inline | [[app/views5.py:5]] |\n\nand 10 more routes in [[app/views6.py]] and [[app/views7.py]].\n"),
        "{onboarding}"
    );
    // Without routes, no section.
    let quiet = Fixture::of(vec![file("app/views.py", 40, None, vec![], &[])]);
    let onboarding = structural_body(&PageKind::Onboarding, &quiet.index());
    assert!(!onboarding.contains("## Routes"), "{onboarding}");
}

/// gson's `RawCollectionsExample` and metrics' `ParseBenchmark` start with a Java
/// `public static void main`: the entry points of their modules, not of the library, whose
/// onboarding still begins with its public API. A `main` of a nested class or an instance
/// method is no entry point; C#'s `static void Main` is.
#[test]
fn a_java_or_csharp_static_main_method_is_an_entry_point() {
    let class = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            name,
            (3, 40),
            &format!("public class {name} {{"),
            None,
        )
    };
    let main = |parent: &str, name: &str, signature: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..method(parent, name, (10, 20), signature)
    };
    let java_main = "public static void main(String[] args) {";
    let files = vec![
        file("pom.xml", 20, None, vec![], &[]),
        file("gson/pom.xml", 20, None, vec![], &[]),
        file(
            "gson/src/main/java/com/google/gson/Gson.java",
            100,
            None,
            vec![class("Gson"), main("Gson", "main", "public void main(String[] args) {")],
            &[],
        ),
        file("extras/pom.xml", 20, None, vec![], &[]),
        file(
            "extras/src/main/java/com/google/gson/extras/examples/rawcollections/RawCollectionsExample.java",
            60,
            None,
            vec![class("RawCollectionsExample"), main("RawCollectionsExample", "main", java_main)],
            &["gson/src/main/java/com/google/gson/Gson.java"],
        ),
        file(
            "extras/src/main/java/com/google/gson/extras/Outer.java",
            60,
            None,
            vec![
                class("Outer"),
                Symbol {
                    parent: Some("Outer".into()),
                    ..class("Inner")
                },
                main("Inner", "main", java_main),
            ],
            &["gson/src/main/java/com/google/gson/Gson.java"],
        ),
        file("metrics/pom.xml", 20, None, vec![], &[]),
        file(
            "metrics/src/main/java/com/google/gson/metrics/ParseBenchmark.java",
            200,
            None,
            vec![class("ParseBenchmark"), main("ParseBenchmark", "main", java_main)],
            &["gson/src/main/java/com/google/gson/Gson.java"],
        ),
        file(
            "tool/Program.cs",
            30,
            None,
            vec![
                class("Program"),
                main("Program", "Main", "static void Main(string[] args)"),
            ],
            &[],
        ),
    ];
    let fixture = Fixture::of(files);
    let index = fixture.index();
    let extras = structural_body(&module_page("extras"), &index);
    let entry_points = extras.split("## Entry points").nth(1).unwrap_or_default();
    let entry_points = entry_points.split("\n## ").next().unwrap_or_default();
    assert!(
        entry_points.contains("RawCollectionsExample.java"),
        "{extras}"
    );
    assert!(!entry_points.contains("Outer.java"), "{extras}");
    let metrics = structural_body(&module_page("metrics"), &index);
    assert!(metrics.contains("## Entry points"), "{metrics}");
    let onboarding = structural_body(&PageKind::Onboarding, &index);
    let start = onboarding.split("## Build").next().unwrap_or_default();
    assert!(start.contains("[[tool/Program.cs]]"), "{onboarding}");
    assert!(!start.contains("RawCollectionsExample"), "{onboarding}");
    assert!(!start.contains("ParseBenchmark"), "{onboarding}");
    assert!(!start.contains("Gson.java"), "{onboarding}");
    // An example among the code is not where its module's code starts.
    let order = onboarding
        .split("## Reading order")
        .nth(1)
        .unwrap_or_default();
    let extras = order
        .lines()
        .find(|line| line.contains("[`extras`]"))
        .unwrap_or_default();
    assert!(extras.contains("— start with [[extras/"), "{onboarding}");
    assert!(!extras.contains("RawCollectionsExample"), "{onboarding}");
}

/// gson's test classes were "Defines `CommentsTest`." beside their Javadoc: a test offers no
/// API, and its one class's doc says what it tests. A class of an internal package, no API
/// either, is described by its doc the same way; a test file of two classes still lists them.
#[test]
fn the_one_class_of_a_file_that_offers_nothing_describes_it() {
    let class = |name: &str, doc: Option<&str>| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            name,
            (26, 80),
            &format!("public class {name} {{"),
            doc,
        )
    };
    let mut excluder = file(
        "src/main/java/com/google/gson/internal/Excluder.java",
        80,
        None,
        vec![
            class(
                "Excluder",
                Some("This class selects which fields and types to omit."),
            ),
            Symbol {
                visibility: Some(Visibility::Public),
                ..method(
                    "Excluder",
                    "excludeClass",
                    (40, 50),
                    "public boolean excludeClass() {",
                )
            },
        ],
        &[],
    );
    excluder.parsed.package = Some("com.google.gson.internal".into());
    let fixture = Fixture::of(vec![
        file("pom.xml", 20, None, vec![], &[]),
        excluder,
        file(
            "src/test/java/com/google/gson/CommentsTest.java",
            80,
            None,
            vec![class(
                "CommentsTest",
                Some("Tests that by default Gson accepts several forms of comments."),
            )],
            &[],
        ),
        file(
            "src/test/java/com/google/gson/TwoTest.java",
            80,
            None,
            vec![
                class("TwoTest", Some("Tests two things.")),
                class("Helper", Some("Helps.")),
            ],
            &[],
        ),
    ]);
    let comments = path("src/test/java/com/google/gson/CommentsTest.java");
    let module = cartograph_graph::module_of(&fixture.modules, &comments).unwrap();
    let page = structural_body(&module_page(module), &fixture.index());
    assert!(
        page.contains("| java | 80 | `CommentsTest`: Tests that by default Gson accepts several forms of comments. |"),
        "{page}"
    );
    assert!(
        page.contains("| java | 80 | Defines the classes `TwoTest` and `Helper`. |"),
        "{page}"
    );
    let excluder = path("src/main/java/com/google/gson/internal/Excluder.java");
    let module = cartograph_graph::module_of(&fixture.modules, &excluder).unwrap();
    let page = structural_body(&module_page(module), &fixture.index());
    assert!(!page.contains("## Public API"), "{page}");
    assert!(
        page.contains(
            "| java | 80 | `Excluder`: This class selects which fields and types to omit. |"
        ),
        "{page}"
    );
}

/// gson's reading order began with `test-jpms` (its dummy `module-info.java`) and listed
/// `test-shrinker`'s fixtures as code: Maven modules named `test-…`, or whose code is tests
/// beside a module descriptor, are tests, read after the library.
#[test]
fn maven_modules_that_test_the_main_one_are_read_as_tests() {
    let class = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            name,
            (3, 40),
            &format!("public class {name} {{"),
            None,
        )
    };
    let gson = "gson/src/main/java/com/google/gson/Gson.java";
    let files = vec![
        file("pom.xml", 20, None, vec![], &[]),
        file("gson/pom.xml", 20, None, vec![], &[]),
        file(gson, 300, None, vec![class("Gson")], &[]),
        file("test-jpms/pom.xml", 20, None, vec![], &[]),
        file(
            "test-jpms/src/main/java/module-info.java",
            27,
            Some("Dummy module to prevent Maven Compiler Plugin from failing."),
            vec![],
            &[],
        ),
        file(
            "test-jpms/src/test/java/com/google/gson/jpms_test/ModuleTest.java",
            100,
            None,
            vec![class("ModuleTest")],
            &[gson],
        ),
        file("test-shrinker/pom.xml", 20, None, vec![], &[]),
        file(
            "test-shrinker/src/main/java/com/example/UnusedClass.java",
            30,
            None,
            vec![class("UnusedClass")],
            &[],
        ),
        file(
            "test-shrinker/src/test/java/com/google/gson/it/ShrinkingIT.java",
            200,
            None,
            vec![class("ShrinkingIT")],
            &[gson],
        ),
        file("jpms-check/pom.xml", 20, None, vec![], &[]),
        file(
            "jpms-check/src/main/java/module-info.java",
            5,
            None,
            vec![],
            &[],
        ),
        file(
            "jpms-check/src/test/java/com/google/gson/check/CheckTest.java",
            100,
            None,
            vec![class("CheckTest")],
            &[gson],
        ),
    ];
    let fixture = Fixture::of(files);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    let order = onboarding
        .split("## Reading order")
        .nth(1)
        .unwrap_or_default();
    let position = |module: &str| {
        order
            .find(&format!("[`{module}`]"))
            .unwrap_or_else(|| panic!("{module} not in {onboarding}"))
    };
    for tests in ["test-jpms", "test-shrinker", "jpms-check"] {
        assert!(position("gson") < position(tests), "{onboarding}");
    }
    // Each is read from a test, not from its dummy descriptor or the classes it shrinks.
    assert!(
        order.contains(
            "— start with [[test-jpms/src/test/java/com/google/gson/jpms_test/ModuleTest.java]]"
        ),
        "{onboarding}"
    );
    assert!(
        order.contains(
            "— start with [[test-shrinker/src/test/java/com/google/gson/it/ShrinkingIT.java]]"
        ),
        "{onboarding}"
    );
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("| [`jpms-check`](modules/jpms-check.md) | 3 | Tests of `gson`. |"),
        "{index}"
    );
    assert!(
        index.contains("| [`test-jpms`](modules/test-jpms.md) | 3 | Tests of `gson`. |"),
        "{index}"
    );
}

/// koa's `request.js`: `get header () {…}` is read as `ctx.request.header`, a property; a
/// method named `get` (`get (field) {…}`) is called.
#[test]
fn a_javascript_getter_is_a_property() {
    let member = |name: &str, line: u32, signature: &str| Symbol {
        parent: None,
        visibility: Some(Visibility::Public),
        ..symbol(SymbolKind::Method, name, (line, line + 2), signature, None)
    };
    let mut request = file(
        "lib/request.js",
        40,
        Some("Request prototype."),
        vec![
            member("header", 3, "get header () {"),
            member("get", 8, "get (field) {"),
        ],
        &[],
    );
    request.parsed.exports = Some(vec!["header".into(), "get".into()]);
    let fixture = Fixture::of(vec![request]);
    let page = structural_body(&module_page("lib"), &fixture.index());
    assert!(page.contains("|`header`]] (property)"), "{page}");
    assert!(page.contains("|`get`]] (method)"), "{page}");
}

/// starlette's `routing.py` has no docstring; `docs/routing.md` is about it and says what it
/// is. A document named like two files (`config.py` twice), a generic one (`docs/index.md`)
/// or one whose opening says nothing of the file (`docs/schemas.md` here) describes nothing.
#[test]
fn a_file_without_a_doc_is_described_by_the_document_named_after_it() {
    let route = symbol(SymbolKind::Class, "Route", (3, 9), "class Route:", None);
    let mount = symbol(SymbolKind::Class, "Mount", (3, 9), "class Mount:", None);
    let mut fixture = Fixture::of(vec![
        file("pyproject.toml", 10, None, vec![], &[]),
        file("starlette/__init__.py", 1, None, vec![], &[]),
        file("starlette/routing.py", 40, None, vec![route], &[]),
        file("starlette/schemas.py", 40, None, vec![mount], &[]),
        file("starlette/config.py", 20, None, vec![], &[]),
        file("starlette/index.py", 20, None, vec![], &[]),
        file("starlette/middleware/__init__.py", 20, None, vec![], &[]),
        file("starlette/middleware/config.py", 20, None, vec![], &[]),
        file("docs/routing.md", 50, None, vec![], &[]),
        file("docs/schemas.md", 50, None, vec![], &[]),
        file("docs/mount.md", 50, None, vec![], &[]),
        file(
            "starlette/mount.py",
            40,
            None,
            vec![symbol(
                SymbolKind::Class,
                "Mount",
                (3, 9),
                "class Mount:",
                None,
            )],
            &[],
        ),
        file("docs/config.md", 50, None, vec![], &[]),
        file("docs/index.md", 50, None, vec![], &[]),
        file("docs/middleware.md", 50, None, vec![], &[]),
        // itsdangerous: the paragraph names `Serializer`, but its first sentence is of the
        // signer.
        file(
            "starlette/serializer.py",
            40,
            None,
            vec![symbol(
                SymbolKind::Class,
                "Serializer",
                (3, 9),
                "class Serializer:",
                None,
            )],
            &[],
        ),
        file("docs/serializer.rst", 50, None, vec![], &[]),
    ]);
    for (name, text) in [
        ("docs/routing.md", "## HTTP Routing\n\nStarlette has a simple but capable request routing system. A routing table\nis defined as a list of routes.\n"),
        ("docs/schemas.md", "Starlette supports generating API descriptions.\n"),
        ("docs/mount.md", "The `Mount` option can take an array (as shown in the above example).\n"),
        ("docs/config.md", "Starlette encourages a strict separation of configuration from code.\n"),
        ("docs/index.md", "Starlette is a lightweight ASGI framework, ideal for the index.\n"),
        ("docs/middleware.md", "!!! note\n    Read this first.\n\nStarlette includes several middleware classes for adding behavior.\n"),
        ("docs/serializer.rst", "Serialization Interface\n=======================\n\nThe :doc:`/signer` only signs bytes. To sign other types, the\n:class:`Serializer` class provides a ``dumps``/``loads`` interface.\n"),
    ] {
        fixture.texts.insert(path(name), text.into());
    }
    let page = structural_body(&module_page("starlette"), &fixture.index());
    assert!(
        page.contains(
            "| Starlette has a simple but capable request routing system. [[docs/routing.md]] |"
        ),
        "{page}"
    );
    for unrelated in [
        "only signs bytes",
        "API descriptions",
        "above example",
        "separation of configuration",
        "for the index",
    ] {
        assert!(!page.contains(unrelated), "{unrelated}: {page}");
    }
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("Starlette includes several middleware classes for adding behavior. [[docs/middleware.md]]"),
        "{index}"
    );
    // llms.txt quotes the sentence without its source.
    let llms = String::from_utf8(render_llms_txt(&fixture.index(), 100_000)).unwrap();
    assert!(
        llms.contains("Starlette has a simple but capable request routing system. Symbols"),
        "{llms}"
    );
}

/// zap's `zaptest/observer` is imported only by tests beside the code of other packages: its
/// page says which modules' tests use it, and theirs that their tests use it, apart from
/// what the modules themselves use.
#[test]
fn imports_of_tests_beside_the_code_are_said_apart() {
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("logger.go", 30, Some("Package zap logs."), vec![], &[]),
        file(
            "logger_test.go",
            30,
            None,
            vec![],
            &["zaptest/observer/observer.go"],
        ),
        file(
            "zaptest/observer/observer.go",
            30,
            Some("Package observer records."),
            vec![],
            &[],
        ),
    ]);
    let observer = structural_body(&module_page("zaptest/observer"), &fixture.index());
    assert!(
        observer
            .contains("The tests of these modules use it:\n\n- [(root)](../root.md) (1 import)"),
        "{observer}"
    );
    assert!(
        !observer.contains("No import links this module"),
        "{observer}"
    );
    assert!(!observer.contains("Used by:"), "{observer}");
    let root = structural_body(&module_page(""), &fixture.index());
    assert!(root.contains("Its tests also use:\n\n- "), "{root}");
    assert!(!root.contains("Uses:"), "{root}");
    // The architecture's counts say they leave those imports out (go-cmp's fixture packages
    // read "used by 0"), and so does the dependencies page.
    let architecture = structural_body(&PageKind::Architecture, &fixture.index());
    assert!(
        architecture.contains("The counts leave out the imports of tests kept beside the code"),
        "{architecture}"
    );
    let dependencies = structural_body(&PageKind::Dependencies, &fixture.index());
    assert!(
        dependencies.contains("Imports of tests kept beside the code are left out"),
        "{dependencies}"
    );
}

/// zap's `internal/ztest`: Go lets only the project's own code import it, so its exported
/// names are no public API; `exp/internal/x` is the code under `exp/`'s.
#[test]
fn a_go_internal_package_has_no_public_api() {
    let exported = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            name,
            (3, 5),
            &format!("func {name}()"),
            None,
        )
    };
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file(
            "logger.go",
            30,
            Some("Package zap logs."),
            vec![exported("New")],
            &["internal/ztest/ztest.go"],
        ),
        file(
            "internal/ztest/ztest.go",
            30,
            Some("Package ztest helps."),
            vec![exported("Discarder")],
            &[],
        ),
        // zerolog's `diode/internal/diodes` keeps the README of the project it was copied
        // from.
        file("internal/ztest/README.md", 10, None, vec![], &[]),
        file(
            "exp/internal/x/x.go",
            30,
            Some("Package x helps."),
            vec![exported("Help")],
            &[],
        ),
    ]);
    let ztest = structural_body(&module_page("internal/ztest"), &fixture.index());
    assert!(ztest.contains("## Exported names\n\nA package inside `internal/`: Go lets only the repository's own code import it"), "{ztest}");
    assert!(!ztest.contains("## Public API"), "{ztest}");
    let x = structural_body(&module_page("exp/internal/x"), &fixture.index());
    assert!(
        x.contains("Go lets only the code under `exp/` import it"),
        "{x}"
    );
    let root = structural_body(&module_page(""), &fixture.index());
    assert!(root.contains("## Public API"), "{root}");
}

/// monolog's handler tests extend `src/Monolog/Test/MonologTestCase`: they are tests of the
/// handlers, not of that base class's module.
#[test]
fn a_suite_does_not_test_the_test_helpers_it_extends() {
    let class = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            name,
            (3, 9),
            &format!("class {name}"),
            None,
        )
    };
    // Enough files that `src` splits into its directories, as monolog's does.
    let mut files = vec![
        file("composer.json", 10, None, vec![], &[]),
        file(
            "src/Monolog/Test/MonologTestCase.php",
            60,
            None,
            vec![class("MonologTestCase")],
            &[],
        ),
        file(
            "src/Monolog/Test/Helper.php",
            60,
            None,
            vec![class("Helper")],
            &[],
        ),
    ];
    for at in 0..40 {
        let name = format!("Stream{at}Handler");
        files.push(file(
            &format!("src/Monolog/Handler/{name}.php"),
            100,
            None,
            vec![class(&name)],
            &[],
        ));
        files.push(file(
            &format!("tests/Monolog/Handler/{name}Test.php"),
            200,
            None,
            vec![class(&format!("{name}Test"))],
            &[
                "src/Monolog/Test/MonologTestCase.php",
                &format!("src/Monolog/Handler/{name}.php"),
            ],
        ));
    }
    let fixture = Fixture::of(files);
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(index.contains("Tests of `src/Monolog/Handler`."), "{index}");
    assert!(!index.contains("Tests of `src/Monolog/Test`"), "{index}");
}

/// javapoet: the package-private `Util` ("Like Guava, but worse") is the most central file,
/// but a module of code is read from what it offers, the public `TypeName`.
#[test]
fn reading_starts_at_a_file_that_offers_api() {
    let class = |name: &str, visibility: Option<Visibility>| Symbol {
        visibility,
        ..symbol(
            SymbolKind::Class,
            name,
            (3, 40),
            &format!("class {name} {{"),
            None,
        )
    };
    let util = "src/main/java/com/squareup/javapoet/Util.java";
    let type_name = "src/main/java/com/squareup/javapoet/TypeName.java";
    let fixture = Fixture::of(vec![
        file(util, 100, None, vec![class("Util", None)], &[]),
        file(
            type_name,
            300,
            None,
            vec![class("TypeName", Some(Visibility::Public))],
            &[util],
        ),
        file(
            "src/main/java/com/squareup/javapoet/ClassName.java",
            200,
            None,
            vec![class("ClassName", Some(Visibility::Public))],
            &[util, type_name],
        ),
        file(
            "src/main/java/com/squareup/javapoet/CodeWriter.java",
            200,
            None,
            vec![class("CodeWriter", None)],
            &[util],
        ),
    ]);
    let page = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        page.contains(&format!("— start with [[{type_name}]]")),
        "{page}"
    );
}

/// go-cmp's `cmp/internal/teststructs` (and the `testprotos` it imports) serve only
/// `cmp/compare_test.go`: they are read with the tests, after the package they test, and are
/// none of its central files.
#[test]
fn modules_only_tests_use_are_read_with_the_tests() {
    let exported = |kind: SymbolKind, name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, (3, 9), &format!("func {name}()"), None)
    };
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file(
            "cmp/compare.go",
            300,
            Some("Package cmp determines equality of values."),
            vec![exported(SymbolKind::Function, "Equal")],
            &["cmp/options.go"],
        ),
        file(
            "cmp/options.go",
            300,
            None,
            vec![exported(SymbolKind::Function, "Ignore")],
            &[],
        ),
        file(
            "cmp/compare_test.go",
            900,
            None,
            vec![],
            &[
                "cmp/compare.go",
                "cmp/internal/teststructs/structs.go",
                "cmp/internal/testprotos/protos.go",
            ],
        ),
        file(
            "cmp/internal/teststructs/structs.go",
            200,
            None,
            vec![exported(SymbolKind::Struct, "StructA")],
            &["cmp/internal/testprotos/protos.go"],
        ),
        file(
            "cmp/internal/testprotos/protos.go",
            100,
            None,
            vec![exported(SymbolKind::Struct, "Eagle")],
            &[],
        ),
    ]);
    let page = structural_body(&PageKind::Onboarding, &fixture.index());
    let order = page.split("## Reading order").nth(1).unwrap_or_default();
    let at = |module: &str| {
        order
            .find(&format!("[`{module}`]"))
            .unwrap_or_else(|| panic!("{module} not in {page}"))
    };
    assert!(at("cmp") < at("cmp/internal/teststructs"), "{page}");
    assert!(at("cmp") < at("cmp/internal/testprotos"), "{page}");
    let architecture = structural_body(&PageKind::Architecture, &fixture.index());
    let central = architecture
        .split("## Central files")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    assert!(!central.is_empty(), "{architecture}");
    assert!(!central.contains("testprotos"), "{architecture}");
}

/// urfave/cli's go.mod requires testify, which only its `_test.go` files import; `xrash/smetrics`
/// is imported by the code.
#[test]
fn a_go_module_only_tests_import_is_said_so() {
    let go_file = |name: &str, imports: &[&str]| {
        let mut file = file(name, 20, None, vec![], &[]);
        file.parsed.imports = imports
            .iter()
            .map(|raw| Import {
                raw: raw.to_string(),
                ..Import::default()
            })
            .collect();
        file
    };
    let mut fixture = Fixture::of(vec![
        file("go.mod", 8, None, vec![], &[]),
        go_file("command.go", &["github.com/xrash/smetrics", "fmt"]),
        go_file("command_test.go", &["github.com/stretchr/testify/assert"]),
    ]);
    fixture.texts.insert(
        path("go.mod"),
        "module github.com/urfave/cli/v3\n\ngo 1.22\n\nrequire (\n\tgithub.com/stretchr/testify v1.12.0\n\tgithub.com/xrash/smetrics v0.0.0-2024\n)\n".to_string(),
    );
    let page = structural_body(&PageKind::Dependencies, &fixture.index());
    assert!(
        page.contains(
            "| `github.com/stretchr/testify` | v1.12.0 | normal, imported by tests only |"
        ),
        "{page}"
    );
    assert!(
        page.contains("| `github.com/xrash/smetrics` | v0.0.0-2024 | normal |"),
        "{page}"
    );
}

/// urfave/cli keeps what its doc generator must print in `testdata/expected-doc-full.md`, and
/// `mkdocs-requirements.txt` declares packages: neither is documentation of the module.
#[test]
fn test_data_and_requirements_are_no_documentation() {
    let mut fixture = Fixture::of(vec![
        file("command.go", 100, None, vec![], &[]),
        file(
            "testdata/expected-doc-full.md",
            40,
            Some("greet - Some app"),
            vec![],
            &[],
        ),
        file("mkdocs-requirements.txt", 5, None, vec![], &[]),
        file(
            "CONTRIBUTING.md",
            30,
            Some("How to contribute."),
            vec![],
            &[],
        ),
    ]);
    fixture.texts.insert(
        path("mkdocs-requirements.txt"),
        "mkdocs-git-revision-date-localized-plugin~=1.4\nmkdocs-material~=9.6\n".to_string(),
    );
    let page = structural_body(&module_page(""), &fixture.index());
    let documents = page
        .split("## Documentation in the module")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    assert!(documents.contains("[[CONTRIBUTING.md]]"), "{page}");
    assert!(!documents.contains("expected-doc-full.md"), "{page}");
    assert!(!documents.contains("mkdocs-requirements.txt"), "{page}");
}

/// morgan's `test/` holds `morgan.js` and `fixtures/server.crt`: a directory of tests is read
/// from its tests' code, not from a certificate they read.
#[test]
fn a_test_directory_is_read_from_its_code() {
    let fixture = Fixture::of(vec![
        file("index.js", 400, Some("Morgan."), vec![], &[]),
        file("test/fixtures/server.crt", 20, None, vec![], &[]),
        file("test/morgan.js", 1600, None, vec![], &["index.js"]),
    ]);
    let page = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(page.contains("— start with [[test/morgan.js]]"), "{page}");
}

/// commander's examples import `Command` from `index.js`, which imports it from
/// `lib/command.js` and exports it again: what they use of the root module is `Command`,
/// not only `program`, the one name `index.js` defines.
#[test]
fn names_used_through_a_reexporting_file_cross_into_its_module() {
    let exported = |kind: SymbolKind, name: &str, signature: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, (3, 9), signature, None)
    };
    let mut entry = file(
        "index.js",
        20,
        None,
        vec![exported(
            SymbolKind::Constant,
            "program",
            "export const program = new Command();",
        )],
        &[],
    );
    entry.parsed.imports = vec![Import {
        raw: "./lib/command.js".into(),
        resolved: Some(path("lib/command.js")),
        ..Import::default()
    }];
    entry.parsed.module_uses = vec![("./lib/command.js".into(), "Command".into())];
    entry.parsed.clause_exports = vec![("Command".into(), "Command".into())];
    let mut example = file("examples/pm.js", 10, None, vec![], &[]);
    example.parsed.imports = vec![
        Import {
            raw: "commander".into(),
            resolved: Some(path("index.js")),
            line: 1,
            ..Import::default()
        },
        // commander's `tests/useColor.test.js` imports `useColor` from `lib/` itself.
        Import {
            raw: "../lib/color.js".into(),
            resolved: Some(path("lib/color.js")),
            line: 2,
            ..Import::default()
        },
    ];
    example.parsed.module_uses = vec![
        ("commander".into(), "Command".into()),
        ("../lib/color.js".into(), "useColor".into()),
    ];
    let fixture = Fixture::of(vec![
        entry,
        file(
            "lib/command.js",
            40,
            None,
            vec![exported(
                SymbolKind::Class,
                "Command",
                "export class Command {",
            )],
            &[],
        ),
        file(
            "lib/color.js",
            10,
            None,
            vec![exported(
                SymbolKind::Function,
                "useColor",
                "export function useColor() {",
            )],
            &[],
        ),
        example,
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("[`examples`](examples.md) (1 import): `Command`\n"),
        "{page}"
    );
    // What the examples use of `lib/` itself is what they import from it.
    let lib = structural_body(&module_page("lib"), &fixture.index());
    assert!(
        lib.contains("[`examples`](examples.md) (1 import): `useColor`\n"),
        "{lib}"
    );
}

/// debug's `test.js` takes `require('./src')` whole and calls it; `test.node.js` takes
/// `inspectOpts` of `src/node.js`. The names that cross are not all the root uses of `src`.
#[test]
fn a_module_imported_whole_is_said_beside_the_names_that_cross() {
    let mut node = file(
        "src/node.js",
        40,
        None,
        vec![symbol(
            SymbolKind::Variable,
            "inspectOpts",
            (3, 9),
            "exports.inspectOpts = {};",
            None,
        )],
        &[],
    );
    node.parsed.exports = Some(vec!["inspectOpts".into()]);
    let mut whole = file("check.js", 30, None, vec![], &[]);
    whole.parsed.imports = vec![Import {
        raw: "./src".into(),
        resolved: Some(path("src/index.js")),
        line: 4,
        ..Import::default()
    }];
    whole.parsed.module_uses = vec![("./src".into(), "debug".into())];
    let mut named = file("test.node.js", 20, None, vec![], &[]);
    named.parsed.imports = vec![Import {
        raw: "./src/node".into(),
        resolved: Some(path("src/node.js")),
        line: 6,
        ..Import::default()
    }];
    named.parsed.module_uses = vec![("./src/node".into(), "inspectOpts".into())];
    let fixture = Fixture::of(vec![
        file("src/index.js", 10, None, vec![], &[]),
        node,
        whole,
        named,
    ]);
    let root = structural_body(&module_page(""), &fixture.index());
    assert!(
        root.contains(
            "[`src`](src.md) (2 imports): `inspectOpts`, and [[src/index.js]] as a whole\n"
        ),
        "{root}"
    );
    // Names alone where every file importing takes some.
    let kept = |name: &str| {
        fixture
            .files
            .iter()
            .find(|file| file.path.as_str() == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let fixture = Fixture::of(vec![
        file("src/index.js", 10, None, vec![], &[]),
        kept("src/node.js"),
        kept("test.node.js"),
    ]);
    let root = structural_body(&module_page(""), &fixture.index());
    assert!(
        root.contains("[`src`](src.md) (1 import): `inspectOpts`\n"),
        "{root}"
    );
}

/// httpx's `httpx = "httpx:main"` runs the `main` that `httpx/__init__.py` imports from
/// `_main.py` (its own `main` is a fallback stub, no symbol): the entry point is the
/// definition, installed through the package.
#[test]
fn an_installed_command_leads_to_the_function_its_package_imports() {
    let function = |name: &str| {
        symbol(
            SymbolKind::Function,
            name,
            (313, 506),
            &format!("def {name}():"),
            Some("An HTTP command line client."),
        )
    };
    let mut init = file("httpx/__init__.py", 80, Some("HTTPX."), vec![], &[]);
    init.parsed.imports = vec![Import {
        raw: "._main".into(),
        name: Some("main".into()),
        resolved: Some(path("httpx/_main.py")),
        line: 15,
        ..Import::default()
    }];
    let mut fixture = Fixture::of(vec![
        file("pyproject.toml", 60, None, vec![], &[]),
        init,
        file("httpx/_main.py", 506, None, vec![function("main")], &[]),
    ]);
    fixture.texts.insert(
        path("pyproject.toml"),
        "[project]\nname = \"httpx\"\n\n[project.scripts]\nhttpx = \"httpx:main\"\n".to_string(),
    );
    let page = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(page.contains("- [[httpx/_main.py]] — "), "{page}");
    assert!(
        page.contains(", installed as the `httpx` command through [[httpx/__init__.py]]"),
        "{page}"
    );
    assert!(
        !page.contains("- [[httpx/__init__.py]], installed"),
        "{page}"
    );
}

/// A `Cargo.toml` at `at` declaring the package `name`.
fn cargo_manifest(at: &str, name: &str) -> FileMap {
    let mut manifest = file(at, 20, None, vec![], &[]);
    manifest.parsed.cargo = Some(Box::new(cartograph_core::CargoPackage {
        name: name.into(),
        ..Default::default()
    }));
    manifest
}

/// ripgrep's `grep` is a facade of `pub extern crate grep_searcher as searcher;` lines: its
/// public API is those crates, as users write them, not "nothing here is public".
#[test]
fn a_facade_crate_offers_the_crates_it_reexports() {
    let mut facade = file(
        "grep/src/lib.rs",
        20,
        Some("ripgrep, as a library."),
        vec![],
        &[],
    );
    facade.parsed.imports = vec![
        Import {
            raw: "grep_searcher".into(),
            resolved: Some(path("searcher/src/lib.rs")),
            kind: ImportKind::Reexport,
            name: Some("searcher".into()),
            line: 15,
            ..Import::default()
        },
        Import {
            raw: "grep_pcre2".into(),
            resolved: Some(path("pcre2/src/lib.rs")),
            kind: ImportKind::Reexport,
            name: Some("pcre2".into()),
            line: 17,
            condition: Some("feature=\"pcre2\"".into()),
            ..Import::default()
        },
    ];
    let public = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Struct,
            "Searcher",
            (1, 3),
            "pub struct Searcher",
            None,
        )
    };
    let fixture = Fixture::of(vec![
        cargo_manifest("grep/Cargo.toml", "grep"),
        facade,
        cargo_manifest("searcher/Cargo.toml", "grep-searcher"),
        file("searcher/src/lib.rs", 20, None, vec![public], &[]),
        cargo_manifest("pcre2/Cargo.toml", "grep-pcre2"),
        file("pcre2/src/lib.rs", 20, None, vec![], &[]),
    ]);
    let page = structural_body(&module_page("grep"), &fixture.index());
    assert!(page.contains("## Public API"), "{page}");
    assert!(!page.contains("Nothing here is public API"), "{page}");
    assert!(
        page.contains(
            "- `grep::searcher` is the crate `grep_searcher` ([`searcher`](searcher.md))"
        ),
        "{page}"
    );
    assert!(
        page.contains("- `grep::pcre2` is the crate `grep_pcre2` ([`pcre2`](pcre2.md)), compiled only with the feature `pcre2`"),
        "{page}"
    );
}

/// thiserror's crate root is `pub use thiserror_impl::*;`: all it offers is the derive `Error`
/// of its proc-macro crate `impl`, and the reading starts at the facade, not at `impl`.
#[test]
fn a_crate_root_offers_what_a_glob_of_another_crate_passes_on() {
    let mut facade = file(
        "src/lib.rs",
        300,
        Some("A derive macro for `std::error::Error`."),
        vec![],
        &[],
    );
    facade.parsed.imports = vec![Import {
        raw: "thiserror_impl::*".into(),
        resolved: Some(path("impl/src/lib.rs")),
        kind: ImportKind::Reexport,
        line: 287,
        ..Import::default()
    }];
    let derive = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Macro,
            "Error",
            (40, 43),
            "pub fn derive_error(input: TokenStream) -> TokenStream {",
            None,
        )
    };
    let mut fixture = Fixture::of(vec![
        cargo_manifest("Cargo.toml", "thiserror"),
        facade,
        cargo_manifest("impl/Cargo.toml", "thiserror-impl"),
        file("impl/src/lib.rs", 55, None, vec![derive], &[]),
    ]);
    for (at, name) in [
        ("Cargo.toml", "thiserror"),
        ("impl/Cargo.toml", "thiserror-impl"),
    ] {
        fixture
            .texts
            .insert(path(at), format!("[package]\nname = \"{name}\"\n"));
    }
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(!page.contains("Nothing here is public API"), "{page}");
    assert!(
        page.contains("- everything the crate `thiserror_impl` ([`impl`](impl.md)) offers, including `Error` [[src/lib.rs:287]]"),
        "{page}"
    );
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains("begin with the public API of [`src`](modules/src.md)"),
        "{onboarding}"
    );
}

/// serde_json defines `RawValue` in its private `raw` and re-exports it from `value`: the API
/// list names it as users write it.
#[test]
fn a_public_rust_item_shows_the_path_users_write() {
    let mut manifest = file("Cargo.toml", 20, None, vec![], &[]);
    manifest.parsed.cargo = Some(Box::new(cartograph_core::CargoPackage {
        name: "serde_json".into(),
        ..Default::default()
    }));
    let public = |kind: SymbolKind, name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, (1, 3), &format!("pub struct {name}"), None)
    };
    let private_module = |name: &str| Symbol {
        visibility: Some(Visibility::Private),
        ..symbol(
            SymbolKind::Module,
            name,
            (1, 1),
            &format!("mod {name};"),
            None,
        )
    };
    let reexport = |raw: &str, to: &str| Import {
        raw: raw.into(),
        resolved: Some(path(to)),
        kind: ImportKind::Reexport,
        ..Import::default()
    };
    let declaration = |name: &str, to: &str| Import {
        raw: name.into(),
        resolved: Some(path(to)),
        kind: ImportKind::ModDeclaration,
        ..Import::default()
    };
    let mut lib = file(
        "src/lib.rs",
        20,
        None,
        vec![public(SymbolKind::Module, "value"), private_module("raw")],
        &[],
    );
    lib.parsed.imports = vec![
        declaration("value", "src/value.rs"),
        declaration("raw", "src/raw.rs"),
    ];
    let mut value = file(
        "src/value.rs",
        20,
        None,
        vec![public(SymbolKind::Enum, "Value")],
        &[],
    );
    value.parsed.imports = vec![reexport("crate::raw::RawValue", "src/raw.rs")];
    let raw = file(
        "src/raw.rs",
        20,
        None,
        vec![public(SymbolKind::Struct, "RawValue")],
        &[],
    );
    let fixture = Fixture::of(vec![manifest, lib, value, raw]);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains("(struct, as `serde_json::value::RawValue`)"),
        "{page}"
    );
    assert!(
        page.contains("(enum, as `serde_json::value::Value`)"),
        "{page}"
    );
}

/// redux's `createStore` (`@deprecated` in its JSDoc) and zap's `OnFatal` (a Go
/// `Deprecated:` paragraph) are listed as deprecated; `New` is not.
#[test]
fn deprecated_api_is_marked() {
    let exported = |name: &str, doc: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            name,
            (3, 5),
            &format!("func {name}()"),
            Some(doc),
        )
    };
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file(
            "options.go",
            30,
            Some("Package zap logs."),
            vec![
                exported(
                    "OnFatal",
                    "OnFatal sets the action.\n\nDeprecated: Use [WithFatalHook] instead.",
                ),
                exported("New", "New makes a logger."),
                // A Rust `#[deprecated]` without a note, as the extractor says it.
                exported("Old", "Deprecated."),
            ],
            &[],
        ),
        file(
            "src/createStore.ts",
            30,
            None,
            vec![exported(
                "createStore",
                "@deprecated\n\n**We recommend `configureStore`**.",
            )],
            &[],
        ),
    ]);
    let root = structural_body(&module_page(""), &fixture.index());
    assert!(
        root.contains("`OnFatal`]] (function, deprecated)"),
        "{root}"
    );
    assert!(root.contains("`New`]] (function):"), "{root}");
    assert!(root.contains("`Old`]] (function, deprecated)"), "{root}");
    let src = structural_body(&module_page("src"), &fixture.index());
    assert!(
        src.contains("`createStore`]] (function, deprecated)"),
        "{src}"
    );
}

/// redux's `package.json` declares 24 devDependencies and nothing to run with.
#[test]
fn a_manifest_of_development_dependencies_only_says_so() {
    let mut fixture = Fixture::of(vec![
        file("package.json", 5, None, vec![], &[]),
        file("src/index.ts", 20, None, vec![], &[]),
        file("site/package.json", 5, None, vec![], &[]),
        file("tool/pyproject.toml", 9, None, vec![], &[]),
        file("tool/tool.py", 9, None, vec![], &[]),
        file("jar/pom.xml", 20, None, vec![], &[]),
        file("jar/src/main/java/A.java", 9, None, vec![], &[]),
    ]);
    // Maven's `provided` scope is there to build against, the platform supplies it.
    fixture.texts.insert(
        path("jar/pom.xml"),
        "<project><artifactId>jar</artifactId><dependencies><dependency><groupId>a</groupId><artifactId>api</artifactId><version>1</version><scope>provided</scope></dependency><dependency><groupId>b</groupId><artifactId>lib</artifactId><version>2</version></dependency></dependencies></project>".into(),
    );
    fixture.texts.insert(
        path("package.json"),
        r#"{"name": "redux", "devDependencies": {"vitest": "^3", "tsup": "^8"}}"#.into(),
    );
    fixture.texts.insert(
        path("site/package.json"),
        r#"{"name": "site", "dependencies": {"react": "^18"}, "devDependencies": {"tsup": "^8"}}"#
            .into(),
    );
    let root = structural_body(&module_page(""), &fixture.index());
    assert!(
        root.contains("Declares the package `redux`, with 2 dependencies (for development only)."),
        "{root}"
    );
    let site = structural_body(&module_page("site"), &fixture.index());
    assert!(
        site.contains(
            "Declares the package `site`, with 2 dependencies (1 to run, 1 for development only)."
        ),
        "{site}"
    );
    // zustand's peer dependencies are dev dependencies too: each package counts once, under
    // the strongest way it is declared.
    fixture.texts.insert(
        path("site/package.json"),
        r#"{"name": "site", "peerDependencies": {"react": ">=18"}, "devDependencies": {"react": "^19", "tsup": "^8"}}"#
            .into(),
    );
    let site = structural_body(&module_page("site"), &fixture.index());
    assert!(
        site.contains(
            "Declares the package `site`, with 2 dependencies (1 peer, 1 for development only)."
        ),
        "{site}"
    );
    // A Python extra is optional, whatever its kind says (loguru's `dev` extra).
    fixture.texts.insert(
        path("tool/pyproject.toml"),
        "[project]\nname = \"tool\"\ndependencies = [\"colorama\"]\n\n[project.optional-dependencies]\ndev = [\"pytest\", \"colorama\"]\n".into(),
    );
    let tool = structural_body(&module_page("tool"), &fixture.index());
    assert!(
        tool.contains("Declares the package `tool`, with 2 dependencies (1 to run, 1 optional)."),
        "{tool}"
    );
    let jar = structural_body(&module_page("jar"), &fixture.index());
    assert!(
        jar.contains("with 2 dependencies (1 to run, 1 to build)."),
        "{jar}"
    );
    // A package declared twice (a peer and a dev dependency) is named once.
    assert!(
        site.contains("Declares `react` and `tsup` in `package.json`"),
        "{site}"
    );
}

/// guzzle has no front file (`lib.rs`, `__init__.py`, `index.ts`); its documents write
/// `Client` in their samples, and its most central file is `Utils.php`.
#[test]
fn a_library_without_a_front_file_is_entered_where_its_documents_point() {
    let class = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            name,
            (3, 9),
            &format!("class {name}"),
            None,
        )
    };
    let mut fixture = Fixture::of(vec![
        file("composer.json", 5, None, vec![], &[]),
        file("src/Utils.php", 40, None, vec![class("Utils")], &[]),
        file(
            "src/Client.php",
            40,
            None,
            vec![class("Client")],
            &["src/Utils.php"],
        ),
        file(
            "src/Pool.php",
            40,
            None,
            vec![class("Pool")],
            &["src/Utils.php"],
        ),
        file("docs/quickstart.rst", 40, None, vec![], &[]),
        file("docs/testing.rst", 40, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("docs/quickstart.rst"),
        "Quickstart\n==========\n\n.. code-block:: php\n\n    $client = new GuzzleHttp\\Client();\n".into(),
    );
    fixture.texts.insert(
        path("docs/testing.rst"),
        "Testing\n=======\n\nMock the ``Client`` with a ``Pool``.\n".into(),
    );
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains(", from [[src/Client.php]]\n"),
        "{onboarding}"
    );
}

/// serde_json's `#[cfg(feature = "float_roundtrip")] mod lexical;`: the module's page says
/// once that it is compiled only with the feature; the parent's table notes `raw.rs`, behind
/// `raw_value`.
#[test]
fn a_rust_module_behind_a_feature_says_so() {
    let mut manifest = file("Cargo.toml", 20, None, vec![], &[]);
    manifest.parsed.cargo = Some(Box::new(cartograph_core::CargoPackage {
        name: "serde_json".into(),
        ..Default::default()
    }));
    let declaration = |name: &str, to: &str, condition: &str| Import {
        raw: name.into(),
        resolved: Some(path(to)),
        kind: ImportKind::ModDeclaration,
        condition: Some(condition.into()),
        ..Import::default()
    };
    let mut lib = file("src/lib.rs", 20, None, vec![], &[]);
    lib.parsed.imports = vec![
        declaration(
            "lexical",
            "src/lexical/mod.rs",
            "feature=\"float_roundtrip\"",
        ),
        declaration("raw", "src/raw.rs", "feature=\"raw_value\""),
        declaration("table", "src/table.rs", "not(feature=\"small\")"),
    ];
    // ryu's `tests/d2s_table_test.rs` pulls `src/d2s_full_table.rs` in by `#[path]`, under no
    // condition: the file is compiled without the feature too.
    let mut table_test = file("tests/table_test.rs", 20, None, vec![], &[]);
    table_test.parsed.imports = vec![Import {
        raw: "table".into(),
        resolved: Some(path("src/table.rs")),
        kind: ImportKind::ModDeclaration,
        ..Import::default()
    }];
    let mut lexical = file(
        "src/lexical/mod.rs",
        20,
        Some("Fast float parsing."),
        vec![],
        &[],
    );
    lexical.parsed.imports = vec![
        Import {
            raw: "math".into(),
            resolved: Some(path("src/lexical/math.rs")),
            kind: ImportKind::ModDeclaration,
            ..Import::default()
        },
        declaration("wide", "src/lexical/wide.rs", "feature=\"wide\""),
    ];
    let mut fixture = Fixture::of(vec![
        manifest,
        lib,
        lexical,
        file(
            "src/lexical/math.rs",
            20,
            Some("Big integer math."),
            vec![],
            &[],
        ),
        file("src/lexical/wide.rs", 20, Some("Wide limbs."), vec![], &[]),
        file("src/raw.rs", 20, Some("Raw JSON values."), vec![], &[]),
        file("src/table.rs", 20, Some("Tables."), vec![], &[]),
        table_test,
    ]);
    let module = |dir: &str, files: &[&str]| Module {
        path: dir.into(),
        files: files.iter().map(|file| path(file)).collect(),
    };
    fixture.modules = vec![
        module("", &["Cargo.toml"]),
        module("src", &["src/lib.rs", "src/raw.rs", "src/table.rs"]),
        module("tests", &["tests/table_test.rs"]),
        module(
            "src/lexical",
            &[
                "src/lexical/math.rs",
                "src/lexical/mod.rs",
                "src/lexical/wide.rs",
            ],
        ),
    ];
    let page = structural_body(&module_page("src/lexical"), &fixture.index());
    assert!(
        page.contains("\n\nCompiled only with the feature `float_roundtrip`.\n\n"),
        "{page}"
    );
    assert!(page.contains("| Big integer math. |"), "{page}");
    // A file behind one more feature says only that one.
    assert!(
        page.contains("| Compiled only with the feature `wide`. Wide limbs. |"),
        "{page}"
    );
    let src = structural_body(&module_page("src"), &fixture.index());
    assert!(
        src.contains("| Compiled only with the feature `raw_value`. Raw JSON values. |"),
        "{src}"
    );
    assert!(src.contains("| Tables. |"), "{src}");
}

/// logrus' `writer.go` offers `Logger.Writer` and `Entry.WriterLevel`; its one top-level
/// definition is the private `writerFinalizer`, whose doc said what the file was.
#[test]
fn a_file_of_methods_on_other_files_types_is_told_by_them() {
    let public_method = |parent: &str, name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..method(parent, name, (3, 5), &format!("func ({parent}) {name}()"))
    };
    let finalizer = Symbol {
        visibility: Some(Visibility::Private),
        ..symbol(
            SymbolKind::Function,
            "writerFinalizer",
            (90, 99),
            "func writerFinalizer()",
            Some("WriterFinalizer is a finalizer function that closes then given writer when it is garbage collected"),
        )
    };
    let logger = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Struct,
            "Logger",
            (3, 9),
            "type Logger struct",
            None,
        )
    };
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("logger.go", 40, None, vec![logger], &[]),
        file(
            "writer.go",
            100,
            None,
            vec![
                public_method("*Logger", "Writer"),
                public_method("*Logger", "WriterLevel"),
                public_method("*Entry", "Writer"),
                finalizer,
            ],
            &[],
        ),
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains(
            "| Methods of `Logger` (`Writer` and `WriterLevel`) and `Entry` (`Writer`). |"
        ),
        "{page}"
    );
    // sqlx's `sqlx_context.go` adds methods to five types: beyond the three shown, the
    // count says which kind it counts.
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("logger.go", 40, None, vec![logger_type()], &[]),
        file(
            "context.go",
            100,
            None,
            vec![
                public_method("*DB", "QueryxContext"),
                public_method("*Conn", "QueryxContext"),
                public_method("*Tx", "QueryxContext"),
                public_method("*Stmt", "QueryxContext"),
            ],
            &[],
        ),
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(page.contains("and 1 more exported type. |"), "{page}");
    // cobra's `bash_completions.go` has names of its own and adds `GenBashCompletion` to
    // `Command`: it says both.
    let constant = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Constant,
            "BashCompFilenameExt",
            (30, 30),
            "BashCompFilenameExt = \"cobra_annotation_bash_completion_filename_extensions\"",
            Some("Annotations for Bash completion."),
        )
    };
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("logger.go", 40, None, vec![logger_type()], &[]),
        file(
            "bash_completions.go",
            700,
            None,
            vec![constant, public_method("*Logger", "GenBashCompletion")],
            &[],
        ),
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains(
            "Annotations for Bash completion. Adds methods to `Logger` (`GenBashCompletion`). |"
        ),
        "{page}"
    );
    // ripgrep's `ignore/src/lib.rs` defines `TempDir` in its `mod tests`, with its methods: a
    // type of its own.
    let temp_dir = Symbol {
        parent: Some("tests".into()),
        ..symbol(
            SymbolKind::Struct,
            "TempDir",
            (40, 42),
            "struct TempDir",
            None,
        )
    };
    let fixture = Fixture::of(vec![
        file("Cargo.toml", 3, None, vec![], &[]),
        file(
            "src/lib.rs",
            500,
            Some("The ignore crate provides a fast recursive directory iterator."),
            vec![
                Symbol {
                    visibility: Some(Visibility::Public),
                    ..symbol(SymbolKind::Struct, "Walk", (3, 9), "pub struct Walk", None)
                },
                temp_dir,
                public_method("TempDir", "path"),
            ],
            &[],
        ),
    ]);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(page.contains("fast recursive directory iterator"), "{page}");
    assert!(!page.contains("Adds methods to `TempDir`"), "{page}");
}

/// cobra's `Command` is defined in `command.go`; `GenBashCompletion` is a method of it in
/// `bash_completions.go`. Its entry lists both, what the README shows first.
#[test]
fn a_go_type_lists_its_methods_from_every_file_of_its_package() {
    let public_method = |parent: &str, name: &str, line: u32| Symbol {
        visibility: Some(Visibility::Public),
        ..method(
            parent,
            name,
            (line, line + 2),
            &format!("func ({parent}) {name}()"),
        )
    };
    let command = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Struct,
            "Command",
            (3, 9),
            "type Command struct",
            Some("Command is just that, a command for your application."),
        )
    };
    let mut fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("README.md", 10, None, vec![], &[]),
        file(
            "command.go",
            400,
            None,
            vec![
                command,
                public_method("*Command", "SetArgs", 20),
                public_method("*Command", "Execute", 40),
            ],
            &[],
        ),
        file(
            "bash_completions.go",
            700,
            None,
            vec![public_method("*Command", "GenBashCompletion", 683)],
            &[],
        ),
        // A test file's method (mux's `Route.GoString` in `mux_test.go`) is no API.
        file(
            "command_test.go",
            50,
            None,
            vec![public_method("*Command", "GoString", 10)],
            &[],
        ),
    ]);
    fixture.texts.insert(
        path("README.md"),
        "# cobra\n\nRun `rootCmd.Execute()` from main.\n".to_string(),
    );
    let page = structural_body(&module_page(""), &fixture.index());
    let methods = page
        .lines()
        .find(|line| line.trim_start().starts_with("Methods:"))
        .unwrap_or_default();
    assert!(methods.contains("GenBashCompletion"), "{page}");
    assert!(!methods.contains("GoString"), "{page}");
    let at = |name: &str| methods.find(&format!("`{name}(")).unwrap_or(usize::MAX);
    assert!(at("Execute") < at("SetArgs"), "{methods}");
}

/// urfave/cli's package doc sits in `cli.go`: the library is read from there, not from the
/// first file by name (`args.go`).
#[test]
fn a_go_library_is_read_from_its_package_doc() {
    let exported = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Struct,
            name,
            (3, 9),
            &format!("type {name} struct"),
            None,
        )
    };
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        file("args.go", 120, None, vec![exported("Args")], &[]),
        file(
            "cli.go",
            60,
            Some(
                "Package cli provides a minimal framework for creating command line applications.",
            ),
            vec![exported("Flag")],
            &[],
        ),
        file(
            "command.go",
            400,
            None,
            vec![exported("Command")],
            &["args.go"],
        ),
    ]);
    let page = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(page.contains("from [[cli.go]]"), "{page}");
}

fn logger_type() -> Symbol {
    Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Struct,
            "Logger",
            (3, 9),
            "type Logger struct",
            None,
        )
    }
}

/// immer's entry passes `NOTHING` on as `nothing` (`export { NOTHING as nothing } from
/// "./internal"`): it is exported, under that name, not one of the names "its files export
/// though the entry does not".
#[test]
fn a_name_the_entry_passes_on_renamed_is_exported() {
    let exported = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Constant,
            name,
            (3, 3),
            &format!("export const {name} = Symbol()"),
            None,
        )
    };
    let mut entry = file(
        "src/immer.ts",
        20,
        None,
        vec![exported("produce")],
        &["src/env.ts"],
    );
    entry.parsed.clause_exports = vec![("nothing".into(), "NOTHING".into())];
    let mut fixture = Fixture::of(vec![
        file("package.json", 5, None, vec![], &[]),
        entry,
        file(
            "src/env.ts",
            20,
            None,
            vec![exported("NOTHING"), exported("DRAFT_STATE")],
            &[],
        ),
    ]);
    fixture.texts.insert(
        path("package.json"),
        r#"{"name": "immer", "main": "src/immer.ts"}"#.into(),
    );
    let page = structural_body(&module_page("src"), &fixture.index());
    let also = page
        .split("Also exported by its files")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_default();
    assert!(!also.contains("`NOTHING`"), "{page}");
    assert!(also.contains("`DRAFT_STATE`"), "{page}");
}

/// jsoup's `CleanerTest` names `Cleaner` of its own package without importing it, and imports
/// `nodes` and `parser`: the suite tests `safety` first, the code it mirrors.
#[test]
fn a_test_suite_is_first_about_the_code_it_mirrors() {
    let class = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            name,
            (3, 9),
            &format!("public class {name}"),
            None,
        )
    };
    let java = |path: &str, package: &str, symbols: Vec<Symbol>, imports: &[&str]| {
        let mut map = file(path, 40, None, symbols, imports);
        map.parsed.package = Some(package.into());
        map
    };
    let mut test = java(
        "src/test/java/org/jsoup/safety/CleanerTest.java",
        "org.jsoup.safety",
        vec![class("CleanerTest")],
        &[
            "src/main/java/org/jsoup/nodes/Document.java",
            "src/main/java/org/jsoup/nodes/Document.java",
            "src/main/java/org/jsoup/parser/Parser.java",
        ],
    );
    test.parsed.package_uses = vec!["Cleaner".into(), "Document".into()];
    let mut fixture = Fixture::of(vec![
        file("pom.xml", 40, None, vec![], &[]),
        java(
            "src/main/java/org/jsoup/safety/Cleaner.java",
            "org.jsoup.safety",
            vec![class("Cleaner")],
            &[],
        ),
        java(
            "src/main/java/org/jsoup/nodes/Document.java",
            "org.jsoup.nodes",
            vec![class("Document")],
            &[],
        ),
        java(
            "src/main/java/org/jsoup/parser/Parser.java",
            "org.jsoup.parser",
            vec![class("Parser")],
            &[],
        ),
        test,
    ]);
    let module = |dir: &str, files: &[&str]| Module {
        path: dir.into(),
        files: files.iter().map(|file| path(file)).collect(),
    };
    fixture.modules = vec![
        module("", &["pom.xml"]),
        module(
            "src/main/java/org/jsoup/nodes",
            &["src/main/java/org/jsoup/nodes/Document.java"],
        ),
        module(
            "src/main/java/org/jsoup/parser",
            &["src/main/java/org/jsoup/parser/Parser.java"],
        ),
        module(
            "src/main/java/org/jsoup/safety",
            &["src/main/java/org/jsoup/safety/Cleaner.java"],
        ),
        module(
            "src/test/java/org/jsoup/safety",
            &["src/test/java/org/jsoup/safety/CleanerTest.java"],
        ),
    ];
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("Tests of `src/main/java/org/jsoup/safety`, `src/main/java/org/jsoup/nodes` and `src/main/java/org/jsoup/parser`."),
        "{index}"
    );
}

/// jsoup's `module-info.java` was "—": it says which packages are the module's API.
#[test]
fn a_java_module_declaration_says_what_it_exports() {
    let mut declaration = file("src/main/java/module-info.java", 12, None, vec![], &[]);
    declaration.parsed.exports = Some(vec![
        "org.jsoup".into(),
        "org.jsoup.helper".into(),
        "org.jsoup.nodes".into(),
        "org.jsoup.select".into(),
    ]);
    let fixture = Fixture::of(vec![file("pom.xml", 40, None, vec![], &[]), declaration]);
    let index = fixture.index();
    let module = index
        .modules
        .iter()
        .find(|module| {
            module
                .files
                .iter()
                .any(|f| f.file_name() == "module-info.java")
        })
        .map(|module| module.path.clone())
        .unwrap_or_default();
    let page = structural_body(&module_page(&module), &index);
    assert!(
        page.contains("The Java module's declaration: it exports `org.jsoup`, `org.jsoup.helper`, `org.jsoup.nodes` and 1 more package (its public API)."),
        "{page}"
    );
}

/// http's `Method::GET` and the other associated constants are its API as much as `as_str`.
#[test]
fn a_type_s_public_constants_are_listed_with_its_methods() {
    let public = |symbol: Symbol| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol
    };
    let constant = |name: &str| {
        public(Symbol {
            parent: Some("Method".into()),
            ..symbol(
                SymbolKind::Constant,
                name,
                (5, 5),
                &format!("pub const {name}: Method"),
                None,
            )
        })
    };
    let fixture = Fixture::of(vec![
        file("Cargo.toml", 5, None, vec![], &[]),
        file(
            "src/lib.rs",
            40,
            None,
            vec![
                public(symbol(
                    SymbolKind::Struct,
                    "Method",
                    (1, 3),
                    "pub struct Method",
                    None,
                )),
                constant("GET"),
                constant("POST"),
                public(method(
                    "Method",
                    "as_str",
                    (8, 9),
                    "pub fn as_str(&self) -> &str",
                )),
            ],
            &[],
        ),
    ]);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(page.contains("  Constants: `GET`, `POST`.\n"), "{page}");
}

/// loguru keeps what `tests/exceptions/source/backtrace/enqueue.py` prints in
/// `tests/exceptions/output/backtrace/enqueue.txt`: a mirrored tree of expected outputs.
#[test]
fn an_expected_output_in_a_mirrored_tree_names_its_program() {
    let fixture = Fixture::of(vec![
        file("pyproject.toml", 5, None, vec![], &[]),
        file("loguru/__init__.py", 5, None, vec![], &[]),
        file(
            "tests/exceptions/source/backtrace/enqueue.py",
            20,
            None,
            vec![],
            &[],
        ),
        file(
            "tests/exceptions/output/backtrace/enqueue.txt",
            20,
            None,
            vec![],
            &[],
        ),
        file(
            "tests/exceptions/output/backtrace/orphan.txt",
            20,
            None,
            vec![],
            &[],
        ),
    ]);
    let index = fixture.index();
    let module = index
        .modules
        .iter()
        .find(|module| {
            module
                .files
                .iter()
                .any(|f| f.as_str().ends_with("enqueue.txt"))
        })
        .map(|module| module.path.clone())
        .unwrap_or_default();
    let page = structural_body(&module_page(&module), &index);
    assert!(
        page.contains(
            "| The output the test expects of the python program of the same name in `tests/exceptions/source/backtrace/`. |"
        ),
        "{page}"
    );
    assert!(page.contains("orphan.txt]] | text | 20 | — |"), "{page}");
}

/// tracing's workspace: each crate's front is its `src/lib.rs`, one level below the package
/// module; the onboarding started at `tracing-subscriber/src/layer/mod.rs`, the only front
/// file at its module's top.
#[test]
fn a_workspace_library_starts_at_a_crate_root() {
    let crate_manifest = |path: &str, name: &str| {
        let mut manifest = file(path, 10, None, vec![], &[]);
        manifest.parsed.cargo = Some(Box::new(cartograph_core::CargoPackage {
            name: name.into(),
            ..Default::default()
        }));
        manifest
    };
    let mut fixture = Fixture::of(vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        crate_manifest("tracing/Cargo.toml", "tracing"),
        file("tracing/src/lib.rs", 40, None, vec![], &[]),
        file("tracing/src/span.rs", 40, None, vec![], &[]),
        crate_manifest("tracing-subscriber/Cargo.toml", "tracing-subscriber"),
        file("tracing-subscriber/src/lib.rs", 40, None, vec![], &[]),
        file("tracing-subscriber/src/layer/mod.rs", 40, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("Cargo.toml"),
        "[workspace]\nmembers = [\"tracing\", \"tracing-subscriber\"]\n".into(),
    );
    fixture.texts.insert(
        path("tracing/Cargo.toml"),
        "[package]\nname = \"tracing\"\n".into(),
    );
    fixture.texts.insert(
        path("tracing-subscriber/Cargo.toml"),
        "[package]\nname = \"tracing-subscriber\"\n".into(),
    );
    let module = |dir: &str, files: &[&str]| Module {
        path: dir.into(),
        files: files.iter().map(|file| path(file)).collect(),
    };
    fixture.modules = vec![
        module("", &["Cargo.toml"]),
        module(
            "tracing",
            &[
                "tracing/Cargo.toml",
                "tracing/src/lib.rs",
                "tracing/src/span.rs",
            ],
        ),
        module(
            "tracing-subscriber",
            &[
                "tracing-subscriber/Cargo.toml",
                "tracing-subscriber/src/lib.rs",
            ],
        ),
        module(
            "tracing-subscriber/src/layer",
            &["tracing-subscriber/src/layer/mod.rs"],
        ),
    ];
    // The checkout's directory names the workspace.
    let mut index = fixture.index();
    index.root_name = "tracing";
    let onboarding = structural_body(&PageKind::Onboarding, &index);
    assert!(
        onboarding.contains(", from [[tracing/src/lib.rs]]\n"),
        "{onboarding}"
    );
}

/// tracing-attributes keeps compile-fail fixtures, each with a `main`, under `tests/ui/`: the
/// crate is read from its `src/lib.rs`, and the fixtures are no entry points of its page.
#[test]
fn a_crate_is_read_from_its_root_not_its_test_fixtures() {
    let main = || symbol(SymbolKind::Function, "main", (1, 3), "fn main()", None);
    let mut fixture = Fixture::of(vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        file("tracing-attributes/Cargo.toml", 10, None, vec![], &[]),
        file("tracing-attributes/src/lib.rs", 400, None, vec![], &[]),
        file("tracing-attributes/src/expand.rs", 400, None, vec![], &[]),
        file(
            "tracing-attributes/tests/ui/fail/async_instrument.rs",
            20,
            None,
            vec![main()],
            &[],
        ),
    ]);
    let module = |dir: &str, files: &[&str]| Module {
        path: dir.into(),
        files: files.iter().map(|file| path(file)).collect(),
    };
    fixture.modules = vec![
        module("", &["Cargo.toml"]),
        module(
            "tracing-attributes",
            &[
                "tracing-attributes/Cargo.toml",
                "tracing-attributes/src/expand.rs",
                "tracing-attributes/src/lib.rs",
                "tracing-attributes/tests/ui/fail/async_instrument.rs",
            ],
        ),
    ];
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains("— start with [[tracing-attributes/src/lib.rs]]"),
        "{onboarding}"
    );
    let page = structural_body(&module_page("tracing-attributes"), &fixture.index());
    assert!(!page.contains("## Entry points"), "{page}");
}

/// body-parser's `bodyParser` keeps the doc of what it did ("Create a middleware to parse json
/// and urlencoded bodies.") but now only throws: its file's row says it is deprecated.
#[test]
fn a_deprecated_lead_definition_is_said_so() {
    let lead = symbol(
        SymbolKind::Function,
        "bodyParser",
        (53, 55),
        "function bodyParser () {",
        Some("Create a middleware to parse json and urlencoded bodies.\n\n@deprecated\n@public"),
    );
    let fixture = Fixture::of(vec![file("index.js", 55, None, vec![lead], &[])]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("| Deprecated: `bodyParser`: Create a middleware to parse json and urlencoded bodies. |"),
        "{page}"
    );
}

/// pkg/errors: one Go package. Its architecture page said "1 module, with 0 dependencies
/// between them" over a diagram of one box; `errors.go` was described by the README's tagline
/// on four pages; `bench_test.go` by its helpers' names.
#[test]
fn a_one_module_project_says_its_files_not_a_tagline_or_a_box() {
    let tagline = "Package errors provides simple error handling primitives.";
    let new = symbol(
        SymbolKind::Function,
        "New",
        (102, 107),
        "func New(message string) error",
        Some("New returns an error with the supplied message."),
    );
    let wrap = symbol(
        SymbolKind::Function,
        "Wrap",
        (184, 196),
        "func Wrap(err error, message string) error",
        Some("Wrap returns an error annotating err with a stack trace."),
    );
    let errors = in_go_package(
        file("errors.go", 288, Some(tagline), vec![new, wrap], &[]),
        "errors",
        &[],
    );
    let benchmarks = in_go_package(
        file(
            "bench_test.go",
            110,
            None,
            vec![
                symbol(
                    SymbolKind::Function,
                    "noErrors",
                    (10, 12),
                    "func noErrors(at, depth int) error",
                    None,
                ),
                symbol(
                    SymbolKind::Function,
                    "BenchmarkErrors",
                    (30, 60),
                    "func BenchmarkErrors(b *testing.B)",
                    None,
                ),
                symbol(
                    SymbolKind::Function,
                    "BenchmarkStackFormatting",
                    (70, 110),
                    "func BenchmarkStackFormatting(b *testing.B)",
                    None,
                ),
                symbol(
                    SymbolKind::Function,
                    "Benchmarker",
                    (111, 112),
                    "func Benchmarker()",
                    None,
                ),
            ],
            &[],
        ),
        "errors",
        &["New"],
    );
    // A `doc.go` of the package doc alone still says it.
    let doc = in_go_package(file("doc.go", 3, Some(tagline), vec![], &[]), "errors", &[]);
    let mut fixture = Fixture::of(vec![
        errors,
        benchmarks,
        doc,
        file("README.md", 5, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("README.md"),
        format!("# errors\n\n{tagline}\n\n`go get github.com/pkg/errors`\n"),
    );
    let architecture = structural_body(&PageKind::Architecture, &fixture.index());
    assert!(
        architecture.contains(
            "is one module, [(root)](modules/root.md), of 4 files; its page lists its files."
        ),
        "{architecture}"
    );
    assert!(!architecture.contains("```mermaid"), "{architecture}");
    assert!(!architecture.contains("## Components"), "{architecture}");
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("| New returns an error with the supplied message. Also defines the function `Wrap`. |")
            || page.contains(
                "| `New` returns an error with the supplied message. Also defines the function `Wrap`. |"
            ),
        "{page}"
    );
    assert!(!page.contains(&format!("| 288 | {tagline}")), "{page}");
    assert!(
        page.contains(&format!("| [[doc.go]] | go | 3 | {tagline} |")),
        "{page}"
    );
    assert!(
        page.contains(
            "| 2 benchmarks, `BenchmarkErrors` and `BenchmarkStackFormatting`, using `New`. |"
        ),
        "{page}"
    );
}

/// Modules none of which imports another draw no diagram of unconnected boxes.
#[test]
fn modules_without_imports_between_them_draw_no_diagram() {
    let fixture = Fixture::of(vec![
        file(
            "a/one.py",
            10,
            Some("The first tool of the set."),
            vec![],
            &[],
        ),
        file(
            "b/two.py",
            10,
            Some("The second tool of the set."),
            vec![],
            &[],
        ),
    ]);
    let architecture = structural_body(&PageKind::Architecture, &fixture.index());
    assert!(architecture.contains("## Components"), "{architecture}");
    assert!(
        architecture.contains("No module imports another."),
        "{architecture}"
    );
    assert!(!architecture.contains("```mermaid"), "{architecture}");
    assert!(!architecture.contains("An arrow points"), "{architecture}");
    // llms.txt promises no diagram of them (pflag's did).
    let llms = String::from_utf8_lossy(&render_llms_txt(&fixture.index(), 2_000)).into_owned();
    assert!(
        llms.contains("modules, none of which imports another"),
        "{llms}"
    );
    assert!(!llms.contains("diagram"), "{llms}");
}

/// immer's `rolldown.config.js` and Docusaurus `sidebars.js`: the keys of the object a tool's
/// configuration exports were listed as "(constant)" key definitions.
#[test]
fn a_tools_settings_are_no_definitions() {
    let constant = |name: &str, line: u32| {
        symbol(
            SymbolKind::Constant,
            name,
            (line, line),
            &format!("{name}: …"),
            None,
        )
    };
    let fixture = Fixture::of(vec![
        file(
            "perf/rolldown.config.js",
            18,
            None,
            vec![
                constant("input", 2),
                constant("output", 3),
                constant("platform", 6),
                constant("define", 7),
            ],
            &[],
        ),
        file(
            "perf/sidebars.js",
            30,
            None,
            vec![constant("Immer", 1)],
            &[],
        ),
        file(
            "perf/bench.js",
            40,
            Some("Measures produce against plain spreads."),
            vec![symbol(
                SymbolKind::Function,
                "measure",
                (3, 30),
                "function measure(fn) {",
                None,
            )],
            &[],
        ),
    ]);
    let page = structural_body(&module_page("perf"), &fixture.index());
    assert!(!page.contains("(constant)"), "{page}");
    assert!(
        page.contains("| Settings of `rolldown`: `input`, `output`, `platform` and 1 more. |"),
        "{page}"
    );
    assert!(
        page.contains("| The sidebars of the documentation site: `Immer`. |"),
        "{page}"
    );
}

/// viper's `internal/features`: `Finder` and `BindStruct` each in a default file and a tagged
/// one (`finder.go`, `finder_default.go`) were "`BindStruct`, `Finder` and 2 more".
#[test]
fn a_go_name_in_two_build_variants_is_one_name() {
    let flag = |path: &str, name: &str| {
        let constant = Symbol {
            visibility: Some(Visibility::Public),
            ..symbol(
                SymbolKind::Constant,
                name,
                (6, 6),
                &format!("const {name} = true"),
                None,
            )
        };
        in_go_package(file(path, 6, None, vec![constant], &[]), "features", &[])
    };
    let fixture = Fixture::of(vec![
        flag("internal/features/finder.go", "Finder"),
        flag("internal/features/finder_default.go", "Finder"),
        flag("internal/features/bind_struct.go", "BindStruct"),
        flag("internal/features/bind_struct_default.go", "BindStruct"),
    ]);
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("Defines the constants `BindStruct` and `Finder`."),
        "{index}"
    );
    assert!(!index.contains("and 2 more"), "{index}");
}

/// viper's API is its root package, whose `viper.go` has no package doc (onboarding sent
/// readers to `remote`, which exports nothing); starlette's `__init__.py` holds only
/// `__version__` (onboarding sent readers there for the API).
#[test]
fn a_library_is_entered_where_its_api_is() {
    let public = |kind: SymbolKind, name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(kind, name, (3, 20), &format!("func {name}()"), None)
    };
    let fixture = Fixture::of(vec![
        in_go_package(
            file(
                "viper.go",
                200,
                None,
                vec![public(SymbolKind::Function, "New")],
                &[],
            ),
            "viper",
            &[],
        ),
        in_go_package(
            file(
                "remote/remote.go",
                120,
                Some("Package remote integrates the remote features of Viper."),
                vec![],
                &[],
            ),
            "remote",
            &[],
        ),
    ]);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding
            .contains("begin with the public API of [(root)](modules/root.md), from [[viper.go]]"),
        "{onboarding}"
    );

    let class = |name: &str| {
        symbol(
            SymbolKind::Class,
            name,
            (3, 40),
            &format!("class {name}:"),
            None,
        )
    };
    let mut fixture = Fixture::of(vec![
        file(
            "app/__init__.py",
            1,
            None,
            vec![symbol(
                SymbolKind::Variable,
                "__version__",
                (1, 1),
                "__version__ = \"0.47.3\"",
                None,
            )],
            &[],
        ),
        file(
            "app/applications.py",
            200,
            None,
            vec![class("Starlette")],
            &["app/types.py"],
        ),
        file("app/types.py", 40, None, vec![class("Scope")], &[]),
        file(
            "app/middleware/__init__.py",
            30,
            None,
            vec![class("Middleware")],
            &["app/types.py"],
        ),
        file("README.md", 5, None, vec![], &[]),
        file("docs/guide.md", 5, None, vec![], &[]),
    ]);
    for document in ["README.md", "docs/guide.md"] {
        fixture.texts.insert(
            path(document),
            "# app\n\nA toolkit.\n\n```python\napp = Starlette()\n```\n\nBuild a `Starlette` app.\n".into(),
        );
    }
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(
        onboarding.contains(
            "begin with the public API of [`app`](modules/app.md), from [[app/applications.py]]"
        ),
        "{onboarding}"
    );
}

/// immer installs with yarn (`yarn.lock`; `npm install` fails on a peer range yarn only warns
/// about): its commands are yarn's.
#[test]
fn a_package_is_run_with_the_tool_that_locked_it() {
    let mut fixture = Fixture::of(vec![
        file("package.json", 20, None, vec![], &[]),
        file("yarn.lock", 900, None, vec![], &[]),
        file("src/index.js", 10, Some("The entry."), vec![], &[]),
    ]);
    fixture.texts.insert(
        path("package.json"),
        "{\n  \"name\": \"immer\",\n  \"scripts\": {\n    \"test\": \"vitest\",\n    \"build\": \"tsup\"\n  }\n}\n".into(),
    );
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    assert!(onboarding.contains("| `yarn install` |"), "{onboarding}");
    assert!(onboarding.contains("| `yarn test` |"), "{onboarding}");
    assert!(onboarding.contains("| `yarn run build` |"), "{onboarding}");
    assert!(!onboarding.contains("`npm "), "{onboarding}");
}

/// starlette's `AuthenticationMiddleware` does its work in `__call__`, the ASGI entry: "its one
/// method: `default_on_error`" left it out.
#[test]
fn a_python_classs_special_methods_are_among_its_methods() {
    let class = symbol(
        SymbolKind::Class,
        "AuthenticationMiddleware",
        (16, 52),
        "class AuthenticationMiddleware:",
        None,
    );
    let methods = vec![
        class,
        method(
            "AuthenticationMiddleware",
            "__init__",
            (17, 27),
            "def __init__(self, app):",
        ),
        method(
            "AuthenticationMiddleware",
            "__call__",
            (29, 48),
            "async def __call__(self, scope, receive, send):",
        ),
        method(
            "AuthenticationMiddleware",
            "__check",
            (49, 49),
            "def __check(self):",
        ),
        method(
            "AuthenticationMiddleware",
            "default_on_error",
            (50, 52),
            "def default_on_error(conn, exc):",
        ),
    ];
    let fixture = Fixture::of(vec![file("authentication.py", 52, None, methods, &[])]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("Defines the class `AuthenticationMiddleware`; besides `__init__`, the methods `__call__` and `default_on_error`."),
        "{page}"
    );
}

/// starlette's `conftest.py` makes `test_client_factory` take anyio's backends: pytest runs each
/// test that takes it once per backend (773 tests collected of 430 functions).
#[test]
fn tests_a_parametrized_fixture_runs_again_are_counted_as_a_lower_bound() {
    let test = |name: &str| {
        symbol(
            SymbolKind::Function,
            name,
            (5, 9),
            &format!("def {name}(test_client_factory):"),
            None,
        )
    };
    let mut conftest = file(
        "tests/conftest.py",
        23,
        None,
        vec![symbol(
            SymbolKind::Function,
            "test_client_factory",
            (12, 23),
            "def test_client_factory(anyio_backend_name):",
            None,
        )],
        &[],
    );
    conftest.parsed.multiplying_fixtures = vec!["test_client_factory".into()];
    let mut tested = file(
        "tests/test_app.py",
        40,
        None,
        vec![test("test_a"), test("test_b")],
        &["app/core.py"],
    );
    tested.parsed.test_functions = 2;
    let mut plain = file("other/test_plain.py", 20, None, vec![test("test_c")], &[]);
    plain.parsed.test_functions = 1;
    let core = file("app/core.py", 30, Some("The core."), vec![], &[]);
    // A test through the file's own fixture, which takes the conftest's over several lines.
    let mut routing = file(
        "tests/test_routing.py",
        60,
        None,
        vec![
            symbol(
                SymbolKind::Function,
                "client",
                (10, 14),
                "def client(",
                None,
            ),
            symbol(
                SymbolKind::Function,
                "test_router",
                (20, 30),
                "def test_router(client: TestClient) -> None:",
                None,
            ),
        ],
        &["app/core.py"],
    );
    routing.parsed.test_functions = 1;
    routing.parsed.multiplying_fixtures = vec!["client<test_client_factory".into()];
    // A test that takes no such fixture counts exactly.
    let mut config = file(
        "tests/test_config.py",
        30,
        None,
        vec![symbol(
            SymbolKind::Function,
            "test_config",
            (3, 9),
            "def test_config(tmp_path):",
            None,
        )],
        &["app/core.py"],
    );
    config.parsed.test_functions = 1;
    let fixture = Fixture::of(vec![conftest, tested, plain, core, routing, config]);
    let page = structural_body(&module_page("tests"), &fixture.index());
    assert!(page.contains("At least 4 tests in 3 files."), "{page}");
    assert!(
        page.contains(
            "| [[tests/test_routing.py]] | python | 60 | At least 1 test (`test_router`). |"
        ),
        "{page}"
    );
    assert!(
        page.contains("| [[tests/test_config.py]] | python | 30 | 1 test (`test_config`). |"),
        "{page}"
    );
    assert!(
        page.contains("| At least 2 tests (`test_a` and `test_b`). |"),
        "{page}"
    );
    let other = structural_body(&module_page("other"), &fixture.index());
    assert!(other.contains("| 1 test"), "{other}");
    assert!(!other.contains("at least"), "{other}");
    // immer's `__tests__/base.js` registers its tests in a helper it calls again and again.
    let mut base = file("__tests__/base.js", 400, None, vec![], &[]);
    base.parsed.test_functions = 300;
    base.parsed.multiplying_fixtures = vec!["*".into()];
    let fixture = Fixture::of(vec![base]);
    let page = structural_body(&module_page("__tests__"), &fixture.index());
    assert!(page.contains("| At least 300 tests. |"), "{page}");
    // markupsafe's `conftest.py` runs every test below it once per implementation through an
    // `autouse=True` fixture with `params=`: no test names it.
    let mut conftest = file("tests/conftest.py", 20, None, vec![], &[]);
    conftest.parsed.multiplying_fixtures =
        vec!["_mod".into(), cartograph_core::AUTOUSE_MULTIPLIES.into()];
    let mut plain = file(
        "tests/test_escape.py",
        30,
        None,
        vec![test("test_escape")],
        &[],
    );
    plain.parsed.test_functions = 3;
    let fixture = Fixture::of(vec![conftest, plain]);
    let page = structural_body(&module_page("tests"), &fixture.index());
    assert!(page.contains("| At least 3 tests. |"), "{page}");
}

/// viper's `internal/testutil` holds one helper its tests import and no test: it is no place
/// where the tests live.
#[test]
fn a_test_helper_module_is_no_place_where_tests_live() {
    let helper = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            "AbsFilePath",
            (9, 18),
            "func AbsFilePath(t *testing.T, path string) string {",
            None,
        )
    };
    let mut tests = in_go_package(
        file(
            "viper_test.go",
            300,
            None,
            vec![symbol(
                SymbolKind::Function,
                "TestGet",
                (40, 60),
                "func TestGet(t *testing.T) {",
                None,
            )],
            &["internal/testutil/filepath.go"],
        ),
        "viper",
        &[],
    );
    tests.parsed.test_functions = 1;
    let fixture = Fixture::of(vec![
        in_go_package(
            file(
                "viper.go",
                200,
                Some("Package viper is a configuration registry."),
                vec![],
                &[],
            ),
            "viper",
            &[],
        ),
        tests,
        in_go_package(
            file("internal/testutil/filepath.go", 18, None, vec![helper], &[]),
            "testutil",
            &[],
        ),
        in_go_package(
            file("internal/features/finder.go", 6, None, vec![], &[]),
            "features",
            &[],
        ),
        // With a module file, each package directory is a module of its own.
        file("go.mod", 3, None, vec![], &[]),
    ]);
    let onboarding = structural_body(&PageKind::Onboarding, &fixture.index());
    let section = onboarding
        .split("## Where the tests live")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    assert!(section.contains("viper_test.go"), "{onboarding}");
    assert!(!section.contains("testutil"), "{onboarding}");
}

/// pino's `build/sync-version.js` defines nothing and had an empty row; the release workflow
/// runs it. A shell script says what it runs and then what runs it; a `package.json` script
/// runs a file by its path from the package's directory. A test a CI step names is said as a
/// test, not by the step.
#[test]
fn a_script_says_which_commands_of_the_project_run_it() {
    let mut fixture = Fixture::of(vec![
        file("build/sync-version.js", 25, None, vec![], &[]),
        file("test/helper.test.js", 25, None, vec![], &[]),
        file("tools/gen.js", 25, None, vec![], &[]),
        file("scripts/check.sh", 3, None, vec![], &[]),
        file("tools/rolldown.config.js", 3, None, vec![], &[]),
        file("tools/completion.sh", 3, None, vec![], &[]),
    ]);
    fixture
        .texts
        .insert(path("scripts/check.sh"), "#!/bin/sh\ncargo test\n".into());
    add_text(
        &mut fixture,
        ".github/workflows/publish-release.yml",
        9,
        "name: Publish release\non: workflow_dispatch\njobs:\n  release:\n    steps:\n      - run: npm install\n      - run: node build/sync-version.js ${{ inputs.version }}\n      - run: node test/helper.test.js\n",
    );
    add_text(
        &mut fixture,
        "package.json",
        5,
        r#"{"name": "pino", "scripts": {"test": "tap", "docs": "node ./tools/gen.js && prettier docs", "build": "rolldown -c tools/rolldown.config.js"}}"#,
    );
    add_text(
        &mut fixture,
        "Makefile",
        3,
        "check:\n\tsh scripts/check.sh\n\nsetup:\n\t@make tools/completion.sh\n",
    );
    let page = structural_body(&module_page("build"), &fixture.index());
    assert!(
        page.contains("| Run by the CI workflow [[.github/workflows/publish-release.yml]] as `node build/sync-version.js`. |"),
        "{page}"
    );
    let page = structural_body(&module_page("tools"), &fixture.index());
    assert!(
        page.contains("| Run by `npm run docs` ([[package.json]]). |"),
        "{page}"
    );
    // A configuration a command names after `-c` is read; tqdm's `make
    // tqdm/completion.sh` makes the file, running nothing of it.
    assert!(
        page.contains("| Settings of `rolldown`. Read by `npm run build` ([[package.json]]). |"),
        "{page}"
    );
    assert_eq!(page.matches("Run by").count(), 1, "{page}");
    let page = structural_body(&module_page("scripts"), &fixture.index());
    assert!(
        page.contains("| Runs `cargo test`. Run by `make check` ([[Makefile]]). |"),
        "{page}"
    );
    let page = structural_body(&module_page("test"), &fixture.index());
    assert!(!page.contains("Run by"), "{page}");
}

/// serde_json's `tests/lexical.rs` holds only `#[path]` module declarations: the test files
/// of `tests/lexical/` and the library's `src/lexical/mod.rs`. Its row was empty.
#[test]
fn a_rust_test_crate_of_module_declarations_says_what_it_compiles() {
    let mut root = file(
        "tests/lexical.rs",
        40,
        None,
        vec![
            symbol(SymbolKind::Module, "lexical", (2, 2), "mod lexical;", None),
            symbol(SymbolKind::Module, "float", (4, 4), "mod float;", None),
            symbol(SymbolKind::Module, "math", (6, 6), "mod math;", None),
        ],
        &[
            "src/lexical/mod.rs",
            "tests/lexical/float.rs",
            "tests/lexical/math.rs",
        ],
    );
    for import in &mut root.parsed.imports {
        import.kind = ImportKind::ModDeclaration;
    }
    let mut float = file("tests/lexical/float.rs", 100, None, vec![], &[]);
    float.parsed.test_functions = 8;
    let mut math = file("tests/lexical/math.rs", 100, None, vec![], &[]);
    math.parsed.test_functions = 6;
    let fixture = Fixture::of(vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        file("src/lexical/mod.rs", 10, None, vec![], &[]),
        root,
        float,
        math,
    ]);
    let page = structural_body(&module_page("tests"), &fixture.index());
    assert!(
        page.contains("| Compiles the 2 files of `tests/lexical/` (14 tests) into one test crate, with [[src/lexical/mod.rs]]. |"),
        "{page}"
    );
}

/// pino's `test/fixtures/broken-pipe/`: scripts its tests fork, holding no test, were "Tests of
/// the code at the repository's root"; a directory of tests beside it stays "Tests".
#[test]
fn a_fixture_directory_holding_no_test_is_no_tests() {
    let mut suite = file("test/basic.test.js", 30, None, vec![], &["pino.js"]);
    suite.parsed.test_functions = 3;
    let mut files = vec![
        file("package.json", 10, None, vec![], &[]),
        file("pino.js", 100, None, vec![], &[]),
        suite,
    ];
    for name in [
        "basic",
        "destination",
        "syncfalse",
        "exit",
        "pretty",
        "stdout",
    ] {
        files.push(file(
            &format!("test/fixtures/broken-pipe/{name}.js"),
            20,
            None,
            vec![],
            &["pino.js"],
        ));
    }
    let mut fixture = Fixture::of(files);
    // As pino's tree of 218 files splits them.
    let in_dir = |fixture: &Fixture, dir: &str| -> Vec<RepoPath> {
        fixture
            .files
            .iter()
            .filter(|file| file.path.parent() == dir)
            .map(|file| file.path.clone())
            .collect()
    };
    fixture.modules = ["", "test", "test/fixtures/broken-pipe"]
        .iter()
        .map(|dir| Module {
            path: (*dir).into(),
            files: in_dir(&fixture, dir),
        })
        .collect();
    let page = structural_body(&module_page("test/fixtures/broken-pipe"), &fixture.index());
    assert!(
        page.contains(
            "Test fixtures, holding no test, that use the code at the repository's root."
        ),
        "{page}"
    );
    let page = structural_body(&module_page("test"), &fixture.index());
    assert!(
        page.contains("Tests of the code at the repository's root."),
        "{page}"
    );
}

/// serde_json pins `serde` under `cfg(any())`, never built, and uses it for development: it
/// is a dependency for development only ("5 to run, 8 for development only" said of 4 and 9).
#[test]
fn a_dependency_never_built_counts_where_it_is_built() {
    let mut fixture = Fixture::of(vec![
        file("Cargo.toml", 20, None, vec![], &[]),
        file("src/lib.rs", 20, None, vec![], &[]),
    ]);
    fixture.texts.insert(
        path("Cargo.toml"),
        "[package]\nname = \"serde_json\"\n\n[dependencies]\nitoa = \"1\"\nserde_core = \"1\"\n\n[target.'cfg(any())'.dependencies]\nserde = \"1\"\n\n[dev-dependencies]\nserde = \"1\"\ntrybuild = \"1\"\n".into(),
    );
    let root = structural_body(&module_page(""), &fixture.index());
    assert!(
        root.contains("with 4 dependencies (2 to run, 2 for development only)."),
        "{root}"
    );
}

/// python-dotenv's `cli.py`: click's decorators made `list_values` the command `list`, which
/// one types, not a function one calls with the `def`'s parameters.
#[test]
fn a_python_function_a_decorator_makes_a_command_is_that_command() {
    let function = |name: &str, line: u32, signature: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            name,
            (line, line + 5),
            signature,
            None,
        )
    };
    let cli = file(
        "dotenv/cli.py",
        60,
        Some("The command line."),
        vec![
            function("cli", 3, "@click.group() def cli(ctx):"),
            function(
                "list_values",
                10,
                "@cli.command(name=\"list\") def list_values(ctx, output_format):",
            ),
            function("stream_file", 20, "def stream_file(path):"),
        ],
        &[],
    );
    let fixture = Fixture::of(vec![cli]);
    let page = structural_body(&module_page("dotenv"), &fixture.index());
    assert!(page.contains("|`cli`]] (command group “cli”)"), "{page}");
    assert!(page.contains("|`list_values`]] (command “list”)"), "{page}");
    assert!(page.contains("|`stream_file`]] (function)"), "{page}");
}

/// semver's `parse.rs` is the crate's parser: `FromStr` for five types and nine functions,
/// beside the three lines of `Error`, its one public item, whose doc had described the file.
#[test]
fn a_file_mostly_other_than_its_one_public_item_says_the_rest() {
    let public = |symbol: Symbol| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol
    };
    let error = public(symbol(
        SymbolKind::Struct,
        "Error",
        (21, 23),
        "pub struct Error",
        Some("Error parsing a SemVer version or version requirement."),
    ));
    let mut symbols = vec![error];
    for (at, target) in ["Version", "VersionReq", "Comparator"].iter().enumerate() {
        let line = 25 + 20 * at as u32;
        symbols.push(symbol(
            SymbolKind::Impl,
            &format!("FromStr for {target}"),
            (line, line + 18),
            &format!("impl FromStr for {target}"),
            None,
        ));
    }
    // Past three traits, the rest are counted.
    for (name, line) in [
        ("IntoIterator for &'a Slice<K, V>", 86),
        ("Default for Version", 87),
        ("Clone for Version", 88),
    ] {
        symbols.push(symbol(
            SymbolKind::Impl,
            name,
            (line, line),
            &format!("impl {name}"),
            None,
        ));
    }
    symbols.push(symbol(
        SymbolKind::Impl,
        "Display for Error",
        (90, 95),
        "impl Display for Error",
        None,
    ));
    for symbol in &mut symbols[1..] {
        symbol.visibility = Some(Visibility::Private);
    }
    for (name, lines) in [("wildcard", (100, 110)), ("comparator", (112, 190))] {
        symbols.push(Symbol {
            visibility: Some(Visibility::Private),
            ..symbol(
                SymbolKind::Function,
                name,
                lines,
                &format!("fn {name}()"),
                None,
            )
        });
    }
    let fixture = Fixture::of(vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        file("src/lib.rs", 200, None, symbols.clone(), &[]),
    ]);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains(
            "| `Error` parsing a SemVer version or version requirement. The rest of the file implements `FromStr` for `Version`, `VersionReq` and `Comparator`; \
             `IntoIterator` for `&'a Slice<K, V>`; `Default` for `Version`; 1 more trait, and \
             defines the functions `comparator` and `wildcard`. |"
        ),
        "{page}"
    );
    // The same item filling most of its file is what the file is.
    let fixture = Fixture::of(vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        file("src/lib.rs", 30, None, symbols[..1].to_vec(), &[]),
    ]);
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains("| `Error` parsing a SemVer version or version requirement. |"),
        "{page}"
    );
}

/// p-queue's `lowerBound`, whose comment has no full stop, ran into the callers' sentence:
/// "… after insertion Traced calls from other files …".
#[test]
fn a_doc_without_a_full_stop_ends_before_the_callers_sentence() {
    let lower_bound = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            "lower_bound",
            (1, 9),
            "def lower_bound(items, value):",
            Some("Keeps the queue sorted after insertion"),
        )
    };
    let enqueue = Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            "enqueue",
            (2, 6),
            "def enqueue(item):",
            None,
        )
    };
    let mut queue = file("pkg/queue.py", 8, None, vec![enqueue], &["pkg/bound.py"]);
    queue.parsed.imports[0].name = Some("lower_bound".into());
    let mut calls = cartograph_core::CallsBuilder::default();
    calls.push(
        0,
        4,
        "lower_bound",
        cartograph_core::Receiver::Bare,
        Some(2),
        false,
    );
    queue.parsed.calls = calls.build();
    let fixture = Fixture::of(vec![
        file("pkg/__init__.py", 1, None, vec![], &[]),
        file("pkg/bound.py", 10, None, vec![lower_bound], &[]),
        queue,
    ]);
    let page = structural_body(&module_page("pkg"), &fixture.index());
    assert!(
        page.contains("Keeps the queue sorted after insertion. Traced calls from other files"),
        "{page}"
    );
}

/// p-queue's root holds its manifest, README and `bench.ts`: a benchmark beside them does not
/// make the root "Benchmarks of `source`", nor is it said by the benchmark's names.
#[test]
fn a_root_with_a_benchmark_beside_the_manifest_is_no_benchmark_suite() {
    let helper = symbol(
        SymbolKind::Function,
        "shouldRunBenchmark",
        (3, 5),
        "function shouldRunBenchmark(name: string)",
        None,
    );
    let fixture = Fixture::of(vec![
        file("package.json", 40, None, vec![], &[]),
        file("readme.md", 300, None, vec![], &[]),
        file("bench.ts", 80, None, vec![helper], &["source/index.ts"]),
        file(
            "source/index.ts",
            200,
            Some("Promise queue with concurrency control."),
            vec![],
            &[],
        ),
    ]);
    let index = structural_body(&PageKind::Index, &fixture.index());
    let row = index
        .lines()
        .find(|line| line.contains("(root)"))
        .unwrap_or_default();
    assert!(row.contains("Holds "), "{index}");
    assert!(!row.contains("Benchmarks"), "{index}");
    assert!(!row.contains("shouldRunBenchmark"), "{index}");
}

/// kleur's root: "Holds `readme.md`, `package.json`, `colors.d.ts` and 8 more entries." counted
/// `shots/` (three images) as one entry, so the row did not add up to its 14 files. The rest is
/// said as files and directories, each directory with its files.
#[test]
fn a_root_listing_counts_its_directories_files() {
    let mut files = vec![
        file("readme.md", 300, None, vec![], &[]),
        file("package.json", 40, None, vec![], &[]),
        file("license", 9, None, vec![], &[]),
        file("index.js", 60, None, vec![], &[]),
        file("shots/1.png", 1, None, vec![], &[]),
        file("shots/2.png", 1, None, vec![], &[]),
        file("shots/3.png", 1, None, vec![], &[]),
        file("test/index.js", 40, None, vec![], &["index.json"]),
    ];
    for name in ["a", "b", "c", "d", "e"] {
        files.push(file(&format!("{name}.json"), 3, None, vec![], &[]));
    }
    let fixture = Fixture::of(files);
    let index = structural_body(&PageKind::Index, &fixture.index());
    let row = index
        .lines()
        .find(|line| line.contains("(root)"))
        .unwrap_or_default();
    assert!(
        row.contains("more files and `shots/` (3 files).") && !row.contains("entr"),
        "{index}"
    );
}

/// go-humanize's `Day`, `Week` and `Month` share the comment over their `const (` group, and
/// `KiByte` is written by `iota` after `Byte`: constants of one doc and the same users are one
/// entry that says the doc once, with the definitions written out.
#[test]
fn constants_under_one_comment_are_one_entry() {
    let constant = |name: &str, line: u32, signature: &str, doc: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Constant,
            name,
            (line, line),
            signature,
            Some(doc),
        )
    };
    let times = in_go_package(
        file(
            "times.go",
            40,
            None,
            vec![
                constant(
                    "Day",
                    12,
                    "Day      = 24 * time.Hour",
                    "Seconds-based time units",
                ),
                constant("Week", 13, "Week     = 7 * Day", "Seconds-based time units"),
                constant(
                    "Month",
                    14,
                    "Month    = 30 * Day",
                    "Seconds-based time units",
                ),
                constant("Byte", 20, "Byte = 1 << (iota * 10)", "IEC Sizes."),
                constant("KiByte", 21, "KiByte", "IEC Sizes."),
                constant("Epoch", 30, "Epoch = 1970", "The first year."),
            ],
            &[],
        ),
        "humanize",
        &[],
    );
    let user = in_go_package(
        file("times_test.go", 20, None, vec![], &["times.go"]),
        "humanize",
        &["Day", "Week", "Month", "Byte", "KiByte", "Epoch"],
    );
    let fixture = Fixture::of(vec![times, user]);
    let page = structural_body(&module_page(""), &fixture.index());
    assert!(
        page.contains("- [[times.go#Day|`Day`]], [[times.go#Week|`Week`]] and [[times.go#Month|`Month`]] (constants), used by [[times_test.go]]"),
        "{page}"
    );
    assert!(
        page.contains(": Seconds-based time units\n  `Day = 24 * time.Hour`, `Week = 7 * Day`, `Month = 30 * Day`\n"),
        "{page}"
    );
    let api = page.split("## Files").next().unwrap_or_default();
    assert_eq!(api.matches("Seconds-based time units").count(), 1, "{page}");
    // The name alone is no definition to show.
    assert!(
        page.contains(": IEC Sizes.\n  `Byte = 1 << (iota * 10)`\n"),
        "{page}"
    );
    // A constant of its own doc keeps its own entry.
    assert!(
        page.contains(
            "- [[times.go#Epoch|`Epoch`]] (constant), used by [[times_test.go]]: The first year."
        ),
        "{page}"
    );
}

/// meow's `test/fixtures/*`: programs its tests run, none holding a test. Their suite is
/// "Test fixtures", each file says what it uses rather than "Test data", and the tests are
/// read from the file with the most of them, not from a fixture or the first by name.
#[test]
fn fixtures_that_hold_no_test_are_said_so_and_reading_starts_at_the_main_tests() {
    let tests = |name: &str, count: u32| {
        let mut file = file(name, 40, None, vec![], &["source/index.js"]);
        file.parsed.test_functions = count;
        file
    };
    let mut files = vec![
        file(
            "source/index.js",
            120,
            Some("CLI app helper."),
            vec![symbol(
                SymbolKind::Function,
                "meow",
                (10, 100),
                "export default function meow(helpText, options) {",
                None,
            )],
            &[],
        ),
        tests("test/alpha.js", 1),
        tests("test/test.js", 12),
    ];
    for fixture in [
        "required",
        "allow-unknown-flags",
        "help",
        "version",
        "flags",
    ] {
        for name in ["fixture.js", "fixture-with-help.js"] {
            files.push(file(
                &format!("test/fixtures/{fixture}/{name}"),
                20,
                None,
                vec![],
                &["source/index.js"],
            ));
        }
    }
    let mut fixture = Fixture::of(files);
    // Each fixture directory a module of its own, as meow's are.
    let module_of = |path: &RepoPath| {
        let parent = path.parent();
        if parent.starts_with("test/fixtures/") {
            parent.to_string()
        } else {
            path.as_str()
                .split('/')
                .next()
                .unwrap_or_default()
                .to_string()
        }
    };
    let mut modules: BTreeMap<String, Vec<RepoPath>> = BTreeMap::new();
    for file in &fixture.files {
        modules
            .entry(module_of(&file.path))
            .or_default()
            .push(file.path.clone());
    }
    fixture.modules = modules
        .into_iter()
        .map(|(path, files)| Module { path, files })
        .collect();
    let index = fixture.index();
    let test_page = structural_body(&module_page("test"), &index);
    assert!(
        test_page.contains("10 files: Test fixtures, holding no test, that use `source`."),
        "{test_page}"
    );
    let fixture_page = structural_body(&module_page("test/fixtures/required"), &index);
    assert!(
        fixture_page.contains("| A test fixture that uses [[source/index.js]]. |"),
        "{fixture_page}"
    );
    assert!(!fixture_page.contains("Test data, under"), "{fixture_page}");
    let onboarding = structural_body(&PageKind::Onboarding, &index);
    assert!(
        onboarding.contains("— start with [[test/test.js]]"),
        "{onboarding}"
    );
}

/// prettytable's `__all__` leaves out `ColorTable`, which `colortable.py` defines and users
/// import from `prettytable.colortable`: a Python package's submodules are importable whatever
/// its `__all__` says, so the module's description counts it public, not internal.
#[test]
fn names_left_out_of_all_are_still_public_in_a_python_package() {
    let class = |name: &str| Symbol {
        visibility: Some(Visibility::Public),
        ..symbol(
            SymbolKind::Class,
            name,
            (1, 20),
            &format!("class {name}:"),
            None,
        )
    };
    let mut init = file(
        "src/prettytable/__init__.py",
        10,
        None,
        vec![],
        &["src/prettytable/prettytable.py"],
    );
    init.parsed.exports = Some(vec!["PrettyTable".into()]);
    init.parsed.imports[0].name = Some("PrettyTable".into());
    let fixture = Fixture::of(vec![
        init,
        file(
            "src/prettytable/prettytable.py",
            100,
            None,
            vec![class("PrettyTable")],
            &[],
        ),
        file(
            "src/prettytable/colortable.py",
            50,
            None,
            vec![class("ColorTable")],
            &["src/prettytable/prettytable.py"],
        ),
    ]);
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(
        index.contains("the classes `PrettyTable` and `ColorTable`")
            || index.contains("the classes `ColorTable` and `PrettyTable`"),
        "{index}"
    );
    assert!(!index.contains("internal"), "{index}");
}

/// meow's `test/_utils.js` is offered by no package: llms.txt lists what it exports,
/// `_verifyCli` among them, and not `getFixture`, which it keeps to itself.
#[test]
fn llms_txt_lists_what_a_test_helper_exports() {
    let function = |name: &str, line: u32, exported: bool| Symbol {
        visibility: exported.then_some(Visibility::Public),
        ..symbol(
            SymbolKind::Function,
            name,
            (line, line + 3),
            &format!("const {name} = () => {{"),
            None,
        )
    };
    let fixture = Fixture::of(vec![
        file("source/index.js", 20, Some("CLI app helper."), vec![], &[]),
        file(
            "test/_utils.js",
            40,
            None,
            vec![
                function("getFixture", 3, false),
                function("spawnFixture", 10, true),
                function("_verifyCli", 20, true),
            ],
            &[],
        ),
    ]);
    let llms = String::from_utf8(render_llms_txt(&fixture.index(), 8_000)).unwrap_or_default();
    let line = llms
        .lines()
        .find(|line| line.contains("[test/_utils.js]"))
        .unwrap_or_default();
    assert!(line.contains("Symbols: "), "{llms}");
    let symbols = line.split("Symbols: ").nth(1).unwrap_or_default();
    assert!(symbols.contains("_verifyCli"), "{line}");
    assert!(symbols.contains("spawnFixture"), "{line}");
    assert!(!symbols.contains("getFixture"), "{line}");
}

/// tomli's `tests` module: 989 files, nearly all TOML test data. A table cut at a hundred rows
/// kept the code (its three test modules had been hidden in "and 879 more files"), counted each
/// directory whole (`datetime/` had been "22 files" of 34), said what the rows left out are,
/// and said of a `.toml` file skipped as binary what it is.
#[test]
fn cut_file_tables_keep_the_code_and_count_what_they_leave_out() {
    let mut files = vec![
        file("pyproject.toml", 10, None, vec![], &[]),
        file(
            "src/tomli/__init__.py",
            8,
            Some("A TOML parser."),
            vec![],
            &[],
        ),
        file("tests/__init__.py", 9, None, vec![], &[]),
    ];
    let mut null = file("tests/data/control/bare-null.toml", 0, None, vec![], &[]);
    null.flags.unread = Some(SkipReason::Binary);
    files.push(null);
    // 120 directories of 3 files each, said alike per directory: 120 rows.
    for dir in 0..120 {
        for name in ["a", "b", "c"] {
            let mut data = file(
                &format!("tests/data/d{dir:03}/{name}.toml"),
                2,
                None,
                vec![],
                &[],
            );
            data.flags.vendored = true;
            files.push(data);
        }
    }
    files.push(file(
        "tests/test_misc.py",
        40,
        None,
        vec![],
        &["src/tomli/__init__.py"],
    ));
    let fixture = Fixture::of(files);
    let page = structural_body(&module_page("tests"), &fixture.index());
    assert!(page.contains("[[tests/test_misc.py]]"), "{page}");
    assert!(
        page.contains("Not read: a toml file by its name, but it holds a NUL byte."),
        "{page}"
    );
    // Three vendored files of a directory are no group; the rows left out are counted by
    // their files.
    let rows = page.lines().filter(|line| line.starts_with("| [[")).count();
    assert_eq!(rows, 100, "{page}");
    // Of 363 rows, the two code files, the binary file, then 97 of vendored data in order.
    assert!(page.contains("and 263 more files: 263 toml."), "{page}");
    assert!(page.contains("tests/data/d032/a.toml"), "{page}");
    assert!(!page.contains("tests/data/d032/b.toml"), "{page}");
    assert!(page.contains("tests/data/d000/a.toml"), "{page}");
    assert!(!page.contains("tests/data/d119/c.toml"), "{page}");
}

/// go-isatty's `isatty_others_test.go` (`//go:build !windows`) runs against `isatty_tcgets.go`
/// on linux; `isatty_others.go` is built only on `js`, `nacl` and `wasip1`. The test is not
/// said to test it; `isatty_windows_test.go` tests `isatty_windows.go`.
#[test]
fn a_go_test_built_where_its_namesake_is_not_is_no_test_of_it() {
    let constraint = |expr: &str, built_on: &[&str]| {
        Some(Box::new(BuildConstraint {
            expr: expr.to_string(),
            default_build: true,
            built_on: built_on.iter().map(|os| os.to_string()).collect(),
            ..BuildConstraint::default()
        }))
    };
    let go =
        |name: &str, symbols: Vec<Symbol>, uses: &[&str], built: Option<Box<BuildConstraint>>| {
            let mut file = file(name, 20, None, symbols, &[]);
            file.parsed.package = Some("isatty".to_string());
            file.parsed.package_uses = uses.iter().map(|name| name.to_string()).collect();
            file.parsed.build_constraint = built;
            file
        };
    let terminal = || {
        vec![symbol(
            SymbolKind::Function,
            "IsTerminal",
            (5, 8),
            "func IsTerminal(fd uintptr) bool {",
            Some("IsTerminal returns true if the file descriptor is terminal."),
        )]
    };
    let all_but_windows: Vec<&str> = ["linux", "darwin", "js", "wasip1", "plan9"].to_vec();
    let fixture = Fixture::of(vec![
        file("go.mod", 3, None, vec![], &[]),
        go(
            "isatty_others.go",
            terminal(),
            &[],
            constraint("js || wasip1", &["js", "wasip1"]),
        ),
        go(
            "isatty_tcgets.go",
            terminal(),
            &[],
            constraint("linux", &["linux"]),
        ),
        go(
            "isatty_windows.go",
            terminal(),
            &[],
            constraint("windows", &["windows"]),
        ),
        go(
            "isatty_others_test.go",
            vec![symbol(
                SymbolKind::Function,
                "TestTerminal",
                (3, 6),
                "func TestTerminal(t *testing.T) {",
                None,
            )],
            &["IsTerminal"],
            constraint("!windows", &all_but_windows),
        ),
        go(
            "isatty_windows_test.go",
            vec![symbol(
                SymbolKind::Function,
                "TestCygwinPipeName",
                (3, 6),
                "func TestCygwinPipeName(t *testing.T) {",
                None,
            )],
            &["IsTerminal"],
            constraint("windows", &["windows"]),
        ),
    ]);
    let page = structural_body(&module_page(""), &fixture.index());
    let row = |name: &str| {
        page.lines()
            .find(|line| line.starts_with(&format!("| [[{name}]]")))
            .unwrap_or_else(|| panic!("no row of {name}:\n{page}"))
            .to_string()
    };
    assert!(
        !row("isatty_others_test.go").contains("Tests [[isatty_others.go]]"),
        "{page}"
    );
    assert!(
        row("isatty_windows_test.go").contains("Tests [[isatty_windows.go]]"),
        "{page}"
    );
}

/// thiserror's `tests/ui/`: 37 programs `tests/compiletest.rs` compiles with trybuild, each
/// with the errors the compiler must give in a `.stderr`. A row each said "Defines the struct
/// `Error` and the function `main`"; one row says what they are, and one their outputs.
#[test]
fn trybuild_cases_are_said_as_programs_that_must_fail_to_compile() {
    let mut driver = file(
        "tests/compiletest.rs",
        7,
        None,
        vec![symbol(
            SymbolKind::Function,
            "ui",
            (4, 7),
            "fn ui() {",
            None,
        )],
        &[],
    );
    let mut calls = cartograph_core::CallsBuilder::default();
    for (line, name) in [(5, "new"), (6, "compile_fail")] {
        calls.push(
            0,
            line,
            name,
            cartograph_core::Receiver::Bare,
            Some(0),
            false,
        );
    }
    driver.parsed.calls = calls.build();
    let mut files = vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        file("src/lib.rs", 40, Some("Derive Error."), vec![], &[]),
        driver,
    ];
    // Over forty files: `tests/ui` is a module of its own.
    for n in 0..20 {
        let case = format!("case-{n:02}");
        files.push(file(
            &format!("tests/ui/{case}.rs"),
            10,
            None,
            vec![symbol(
                SymbolKind::Function,
                "main",
                (8, 8),
                "fn main() {}",
                None,
            )],
            &[],
        ));
        files.push(file(
            &format!("tests/ui/{case}.stderr"),
            5,
            None,
            vec![],
            &[],
        ));
    }
    let mut fixture = Fixture::of(files);
    fixture.texts.insert(
        RepoPath::new("tests/compiletest.rs").unwrap(),
        "#[rustversion::attr(not(nightly), ignore)]\n#[test]\nfn ui() {\n    let t = trybuild::TestCases::new();\n    t.compile_fail(\"tests/ui/*.rs\");\n}\n".into(),
    );
    let ui = structural_body(&module_page("tests/ui"), &fixture.index());
    let page = ui.clone();
    assert!(
        ui.contains("20 programs that must fail to compile, each with the compiler errors it must give in a `.stderr` beside it; [[tests/compiletest.rs]] checks them with trybuild."),
        "{ui}"
    );
    for row in [
        "| `tests/ui/` | rust | 200 | 20 files (`case-00.rs`, `case-01.rs` and 18 more), each: A program that must fail to compile: [[tests/compiletest.rs]] checks it with trybuild. |",
        "| `tests/ui/` | text | 100 | 20 files (`case-00.stderr`, `case-01.stderr` and 18 more), each: The errors the compiler must give for the program of the same name. |",
    ] {
        assert!(page.contains(row), "{row}\n{page}");
    }
    // llms.txt says them in one line each too.
    let llms = String::from_utf8(render_llms_txt(&fixture.index(), 100_000)).unwrap();
    assert!(
        llms.contains("- [tests/ui/](../../tests/ui/): 20 files (`case-00.rs`, `case-01.rs` and 18 more), each: A program that must fail to compile"),
        "{llms}"
    );
    assert!(!llms.contains("case-07.rs"), "{llms}");
}

/// ansi-styles is JavaScript; its `index.d.ts` and `index.test-d.ts` outweigh `index.js` in
/// lines, and run nothing: llms.txt said "its code mostly typescript".
#[test]
fn llms_txt_says_the_code_s_language_without_its_type_declarations() {
    let fixture = Fixture::of(vec![
        file("package.json", 40, None, vec![], &[]),
        file("index.js", 200, None, vec![], &[]),
        file("index.d.ts", 230, None, vec![], &[]),
        file("index.test-d.ts", 60, None, vec![], &[]),
        file("test/test.js", 100, None, vec![], &["index.js"]),
    ]);
    let llms = String::from_utf8(render_llms_txt(&fixture.index(), 10_000)).unwrap();
    assert!(llms.contains(", its code in javascript"), "{llms}");
}

/// thiserror's `src`: each of three files defines its own private `Sealed` trait beside a
/// public one. The module was said to define "4 traits"; it defines six.
#[test]
fn names_defined_in_several_files_are_counted_each() {
    let traits = |public: &str, line: u32| {
        vec![
            symbol(
                SymbolKind::Trait,
                public,
                (line, line + 4),
                &format!("pub trait {public} {{"),
                None,
            ),
            symbol(
                SymbolKind::Trait,
                "Sealed",
                (40, 40),
                "pub trait Sealed {}",
                None,
            ),
        ]
    };
    let fixture = Fixture::of(vec![
        file("Cargo.toml", 10, None, vec![], &[]),
        file(
            "src/lib.rs",
            30,
            None,
            vec![],
            &["src/aserror.rs", "src/display.rs", "src/provide.rs"],
        ),
        file("src/aserror.rs", 50, None, traits("AsDynError", 5), &[]),
        file("src/display.rs", 50, None, traits("AsDisplay", 6), &[]),
        file(
            "src/provide.rs",
            50,
            None,
            traits("ThiserrorProvide", 4),
            &[],
        ),
    ]);
    let index = structural_body(&PageKind::Index, &fixture.index());
    assert!(index.contains("6 traits ("), "{index}");
    let page = structural_body(&module_page("src"), &fixture.index());
    assert!(
        page.contains("Defines the traits `AsDynError` and `Sealed`."),
        "{page}"
    );
}

/// gorilla/schema's `cache.go` exports nothing: llms.txt lists what it defines, and its
/// top-level variables were left out of the list and of its "and N more".
#[test]
fn llms_txt_lists_a_private_file_s_variables_too() {
    let mut cache = file(
        "cache.go",
        300,
        None,
        vec![
            symbol(
                SymbolKind::Struct,
                "cache",
                (10, 20),
                "type cache struct {",
                None,
            ),
            symbol(
                SymbolKind::Function,
                "newCache",
                (22, 30),
                "func newCache() *cache {",
                None,
            ),
            symbol(
                SymbolKind::Variable,
                "errInvalidPath",
                (5, 5),
                "var errInvalidPath = errors.New(\"schema: invalid path\")",
                None,
            ),
        ],
        &[],
    );
    cache.parsed.package = Some("schema".to_string());
    let fixture = Fixture::of(vec![file("go.mod", 3, None, vec![], &[]), cache]);
    let llms = String::from_utf8(render_llms_txt(&fixture.index(), 100_000)).unwrap();
    let line = llms
        .lines()
        .find(|line| line.starts_with("- [cache.go]"))
        .unwrap_or_else(|| panic!("{llms}"));
    assert!(line.contains("errInvalidPath"), "{line}");
}
