//! What a new user met (issue 15): each message through the real binary, with its exit code.

use crate::common::{cartograph, expect_code};
use cartograph_testkit::repo::TempRepo;

fn small_repo() -> TempRepo {
    TempRepo::git(&[(
        "src/lib.rs",
        "//! Parses the configuration files and\n//! reports every error with its line.\n\npub fn parse_config() {}\n",
    )])
    .unwrap()
}

#[test]
fn a_directory_that_does_not_exist_is_a_usage_error_with_its_reason() {
    let missing = std::env::temp_dir().join("cartograph-no-such-directory-15");
    let run = cartograph(&missing, &["status"]);
    expect_code(&run, 2);
    assert!(
        run.stderr.contains("cannot open directory")
            && run.stderr.contains("No such file or directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn costs_since_refuses_dates_that_are_not_in_the_calendar() {
    let repo = small_repo();
    for date in ["2024-13-45", "2024-02-30", "2023-02-29", "2024-1-01"] {
        let run = cartograph(repo.path(), &["costs", "--since", date]);
        expect_code(&run, 2);
        assert!(
            run.stderr.contains(&format!("not `{date}`")),
            "{date}: {}",
            run.stderr
        );
    }
    // A leap day is a real date.
    expect_code(
        &cartograph(repo.path(), &["costs", "--since", "2024-02-29"]),
        0,
    );
}

#[test]
fn a_negative_cost_cap_says_what_a_cap_must_be() {
    let repo = small_repo();
    for value in ["-1", "nan", "lots"] {
        let run = cartograph(repo.path(), &["docs", "--max-cost", value]);
        expect_code(&run, 2);
        assert!(
            run.stderr
                .contains("a cost cap is a number of USD, 0 or more"),
            "{value}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("unexpected argument"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_wrong_type_states_the_real_range() {
    let repo = small_repo();
    repo.write("pipeline.toml", "[retry]\nmax_attempts = \"five\"\n")
        .unwrap();
    let run = cartograph(repo.path(), &["status"]);
    expect_code(&run, 2);
    assert!(
        run.stderr.contains(
            "`retry.max_attempts`: expected an integer from 1 to 100, found string \"five\""
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn lens_says_how_many_files_it_does_not_show() {
    let files: Vec<(String, String)> = (0..44)
        .map(|index| {
            (
                format!("src/parser_{index}.rs"),
                format!("/// Parser number {index}.\npub fn parser_{index}() {{}}\n"),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let repo = TempRepo::git(&borrowed).unwrap();
    let run = cartograph(repo.path(), &["lens", "parser"]);
    expect_code(&run, 0);
    let found: usize = run
        .stdout
        .strip_prefix("lens: ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(found > 30, "{}", run.stdout);
    let listed = run
        .stdout
        .lines()
        .filter(|line| line.contains(" score "))
        .count();
    assert_eq!(listed, 30, "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "… and {} more file(s); --json lists them all",
            found - 30
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn offline_run_says_how_to_configure_a_model_and_shows_whole_sentences() {
    let repo = small_repo();
    let run = cartograph(repo.path(), &["run", "where is the configuration parsed"]);
    expect_code(&run, 0);
    assert!(
        run.stdout.contains("[phases.run] models = [") && run.stdout.contains("cartograph init"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "src/lib.rs  Parses the configuration files and reports every error with its line."
        ),
        "{}",
        run.stdout
    );
}
