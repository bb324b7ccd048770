//! `lens --eval` through the real binary: JSON lines and TSV cases, figures for lens and BM25,
//! an expected file missing from the index counted as a miss, a broken line refused.

use crate::common::{cartograph, expect_code};
use cartograph_testkit::repo::TempRepo;

#[test]
fn eval_reads_json_lines_and_tsv_and_counts_a_missing_file_as_a_miss() {
    let repo = TempRepo::fixture("python-lib").unwrap();
    let cases = tempfile::tempdir().unwrap();
    let file = cases.path().join("cases.jsonl");
    std::fs::write(
        &file,
        "{\"question\": \"Convert Fahrenheit to Celsius in `celsius`\", \"files\": [\"pkg/util.py\", \"pkg/gone.py\"]}\n\
         # a comment, then a TSV line\n\
         which dataclass holds one day's forecast?\tpkg/core.py\n",
    )
    .unwrap();
    let run = cartograph(
        repo.path(),
        &["--json", "-q", "lens", "--eval", file.to_str().unwrap()],
    );
    expect_code(&run, 0);
    let report = run.json();
    assert_eq!(report["k"], 5);
    let outcomes = report["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 2);
    assert_eq!(outcomes[0]["files"][1], "pkg/gone.py");
    assert_eq!(outcomes[0]["lens_ranks"][0], 1);
    assert!(outcomes[0]["lens_ranks"][1].is_null());
    assert!(outcomes[0]["bm25_ranks"][1].is_null());
    assert_eq!(outcomes[1]["lens_ranks"][0], 1);
    // One of two files found in the first case, one of one in the second.
    let lens = &report["lens"];
    assert_eq!(lens["recall"], 0.75);
    assert_eq!(lens["hit"], 1.0);
    assert_eq!(lens["mrr"], 1.0);
    assert!(report["bm25"]["recall"].as_f64().unwrap() <= 0.75);

    std::fs::write(&file, "a question with no path\n").unwrap();
    let broken = cartograph(repo.path(), &["lens", "--eval", file.to_str().unwrap()]);
    expect_code(&broken, 2);
    assert!(broken.stderr.contains("line 1"), "{}", broken.stderr);
}
