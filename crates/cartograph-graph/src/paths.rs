//! Which paths are tests and which are examples, by the conventions of their ecosystems: one
//! definition for every reader (the public API, the structural pages, lens's penalties), so
//! that a file is set aside the same way everywhere. Paths only; no file is read.

use cartograph_core::{Language, RepoPath};

/// Directories that hold tests, their fixtures and their data. A name that begins with `test_`,
/// `tests_`, `test-` or `tests-` does too (`is_test_dir`).
const TEST_DIRS: &[&str] = &[
    "tests",
    "test",
    "testing",
    "__tests__",
    "spec",
    "specs",
    "fixtures",
    // echo's `_fixture/`, jest's `__fixtures__/`: what tests read.
    "_fixture",
    "_fixtures",
    "__fixtures__",
    "testdata",
];

/// Directories that hold examples, demos and benchmarks: code that uses the project.
/// `docs_src` is where FastAPI, Typer and SQLModel keep the programs their docs include;
/// `tutorials` holds the programs a tutorial walks through (bubbletea).
const EXAMPLE_DIRS: &[&str] = &[
    "examples",
    "example",
    "samples",
    "sample",
    "demo",
    "demos",
    "benches",
    "benchmarks",
    "benchmark",
    "bench",
    "docs_src",
    "tutorials",
    "tutorial",
];

/// True for a test: a file under a test directory, or named as one (`test_x.py`, `x_test.go`,
/// `x.test.ts`, `x.spec.js`, `x_spec.rb`, `XTest.java`, `XTests.cs`, `conftest.py`; the name
/// compared without regard to ASCII case).
pub fn is_test_path(path: &RepoPath) -> bool {
    let name = path.file_name();
    // Cargo builds each `.rs` file of `examples/` and `benches/` as a program of its own,
    // whatever its name: once_cell's `examples/test_synchronization.rs` is a `main` that
    // checks synchronization, no test (its `#[test]`s, if any, are counted where they are).
    let cargo_target_dir = path
        .parent()
        .rsplit('/')
        .next()
        .is_some_and(|dir| matches!(dir, "examples" | "benches"));
    if cargo_target_dir && name.ends_with(".rs") {
        return false;
    }
    // Up to the first dot for `x.test.ts`, up to the last for `bool_func_go1.21_test.go`.
    let stem = AsciiCaseless(name.split('.').next().unwrap_or(name).as_bytes());
    let full_stem = AsciiCaseless(
        name.rsplit_once('.')
            .map_or(name, |(stem, _)| stem)
            .as_bytes(),
    );
    let name = AsciiCaseless(name.as_bytes());
    // Outside a test directory, `test_helpers.rb` (sinatra-contrib's `Sinatra::TestHelpers`)
    // is code that helps others test, not a test.
    let helper = matches!(
        stem.0.to_ascii_lowercase().as_slice(),
        b"test_helper" | b"test_helpers" | b"test_utils" | b"test_util" | b"test_support"
    );
    is_test_dir(path.parent())
        || (stem.starts_with("test_") && !helper)
        || stem.ends_with("_test")
        || full_stem.ends_with("_test")
        // go-isatty's `go.test.sh` runs `go test` over every package: a script, not a test.
        || (name.contains(".test.") && !name.ends_with(".sh"))
        || name.contains(".spec.")
        || name.contains(".test-d.")
        || name.contains("_spec.")
        || name.ends_with("test.java")
        || name.ends_with("tests.cs")
        || is_xunit_class_file(path.file_name())
        || stem.0 == b"conftest"
        // A C program named so is the suite (hiredis' `test.c`, which includes two adapters
        // the library never does).
        || matches!(
            name.0.to_ascii_lowercase().as_slice(),
            b"test.c" | b"tests.c" | b"test.cc" | b"test.cpp" | b"tests.cpp"
        )
        // So is a JavaScript or TypeScript file named so (ora's `test.js`, which `npm test`
        // runs with `node --test test.js`), unless it is one of the examples (picomatch's
        // `examples/test.js` shows off `picomatch.test`).
        || !is_example_dir(path.parent()) && matches!(
            name.0.to_ascii_lowercase().as_slice(),
            b"test.js" | b"test.mjs" | b"test.cjs" | b"test.ts" | b"test.mts" | b"tests.js"
                | b"tests.ts"
                // python-slugify's `test.py`, and a Django app's `tests.py`.
                | b"test.py"
                | b"tests.py"
        )
        || name.ends_with(".feature")
}

/// A PHPUnit or JUnit class file by its PascalCase name (`ReaderTest.php`, `ParserTests.java`):
/// league/csv keeps its tests beside the code in `src/`, as PHPUnit's `<directory
/// suffix="Test.php">src</directory>` allows. The capital `T` keeps `Contest.php` out. A base
/// class named `*TestCase` may be shipped for users' tests (monolog's `MonologTestCase`), so it
/// is not one by its name.
fn is_xunit_class_file(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    matches!(extension, "php" | "java" | "kt")
        && ["Test", "Tests"]
            .iter()
            .any(|suffix| stem.len() > suffix.len() && stem.ends_with(suffix))
}

/// True when the code among `files` is tests and there is some: a module that exists to test
/// another (gson's `test-graal-native-image`, a Maven module with only `src/test/java`). A
/// file's language is told by its name; Java's `module-info.java` and `package-info.java`
/// declare no class and do not count (test-jpms's dummy `src/main/java/module-info.java`).
///
/// Go's `doc.go` holds a package's doc and no code (zap's `benchmarks`: a `doc.go` and the
/// benchmarks, all `_test.go`).
pub fn holds_only_tests(files: &[RepoPath]) -> bool {
    let mut code = files.iter().filter(|file| {
        Language::from_file_name(file.file_name()).is_code()
            && !is_java_descriptor(file)
            && file.file_name() != "doc.go"
    });
    let first = code.next();
    first.is_some_and(is_test_path) && code.all(is_test_path)
}

/// Java's `module-info.java` and `package-info.java`: a module's or a package's declaration
/// and doc, no class.
pub fn is_java_descriptor(path: &RepoPath) -> bool {
    matches!(path.file_name(), "module-info.java" | "package-info.java")
}

/// True for a directory of tests (`test`, `tests/unit`, a test program of its own such as log's
/// `test_max_level_features`) or one inside it. A hyphenated `test-` name is the suite's own:
/// `tsd`'s type tests in `test-d` (execa's, chalk's), koa's `test-helpers/context.js`, gson's
/// Maven modules `test-jpms` and `test-shrinker`, which exist to test the main one; no language
/// imports a package by a hyphenated name (a Go `testutil` may be a library for users).
pub fn is_test_dir(dir: &str) -> bool {
    dir.split('/').any(|component| {
        let caseless = AsciiCaseless(component.as_bytes());
        is_named(TEST_DIRS, component)
            || ["test_", "tests_", "test-", "tests-"]
                .iter()
                .any(|prefix| caseless.starts_with(prefix))
            // attrs' `typing_tests`, an `e2e-tests` or `integration_test` suite.
            || ["_tests", "-tests", "_test", "-test"]
                .iter()
                .any(|suffix| caseless.ends_with(suffix))
    }) || is_cucumber_code_dir(dir)
}

/// Cucumber's step definitions and support code (`features/step_definitions`,
/// `features/support`, httparty's `features/steps`): the code behind its `.feature` files.
/// `features/` itself is a test directory only through those files: elsewhere it is often
/// the application's code (a web app's `src/features/`).
fn is_cucumber_code_dir(dir: &str) -> bool {
    let components: Vec<&str> = dir.split('/').collect();
    components.windows(2).any(|pair| {
        pair[0] == "features" && matches!(pair[1], "step_definitions" | "steps" | "support")
    })
}

/// True for a directory of examples, demos or benchmarks (`examples/auth`, `benches`) or one
/// inside it.
pub fn is_example_dir(dir: &str) -> bool {
    dir.split('/')
        .any(|component| is_named(EXAMPLE_DIRS, component))
}

/// True for a file in a directory of examples, demos or benchmarks
/// (`docs_src/first_steps/tutorial001.py`).
pub fn is_example_path(path: &RepoPath) -> bool {
    is_example_dir(path.parent()) || is_php_benchmark(path.file_name())
}

/// A PHPBench benchmark class file (league/csv's `src/ReaderBench.php`, beside the code).
fn is_php_benchmark(name: &str) -> bool {
    name.strip_suffix("Bench.php")
        .is_some_and(|stem| !stem.is_empty())
}

/// True when `component` is one of `names`, or one of them hidden from the language's tools
/// by a leading underscore (Go's `_examples`).
fn is_named(names: &[&str], component: &str) -> bool {
    names.contains(&component)
        || component
            .strip_prefix('_')
            .is_some_and(|rest| names.contains(&rest))
}

/// Bytes compared with lowercase ASCII patterns as if their ASCII letters were lowercase, so
/// that no lowercase copy of a name is made for every file.
struct AsciiCaseless<'a>(&'a [u8]);

impl AsciiCaseless<'_> {
    fn starts_with(&self, pattern: &str) -> bool {
        self.0
            .get(..pattern.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(pattern.as_bytes()))
    }

    fn ends_with(&self, pattern: &str) -> bool {
        self.0
            .len()
            .checked_sub(pattern.len())
            .is_some_and(|at| self.0[at..].eq_ignore_ascii_case(pattern.as_bytes()))
    }

    fn contains(&self, pattern: &str) -> bool {
        self.0
            .windows(pattern.len())
            .any(|window| window.eq_ignore_ascii_case(pattern.as_bytes()))
    }
}

/// True for a file under `benches/`, `benchmarks/`, `bench/`.
pub fn in_benchmark_dir(path: &RepoPath) -> bool {
    // A .NET project's `test/MediatR.Benchmarks/`, a `perf-benchmarks/`: the last word counts.
    path.parent().split('/').any(|dir| {
        let last = dir.rsplit(['.', '-', '_']).next().unwrap_or(dir);
        matches!(
            last.to_ascii_lowercase().as_str(),
            "benches" | "benchmarks" | "benchmark" | "bench"
        )
    })
}

/// True for a benchmark: a file under `benches/`, `benchmarks/`, `bench/`, or named as one.
pub fn is_benchmark_path(path: &RepoPath) -> bool {
    let name = path.file_name();
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    in_benchmark_dir(path)
        // marshmallow's `performance/benchmark.py`, `bench_parser.py`; gson's Java class
        // `ParseBenchmark`.
        || matches!(stem, "benchmark" | "benchmarks" | "bench")
        || stem.starts_with("bench_")
        || stem.ends_with("Benchmark")
        || stem.ends_with("Benchmarks")
        // Vitest's `index.bench.ts`.
        || name
            .split('.')
            .skip(1)
            .any(|part| matches!(part, "bench" | "benchmark"))
}
