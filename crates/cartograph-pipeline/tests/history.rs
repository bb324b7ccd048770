//! Lens's history read from a real git checkout: kept for the `HEAD` it was read at, read
//! again when `HEAD` moves, and absent outside git.
#![allow(clippy::unwrap_used)]

use cartograph_pipeline::history::read_history;
use cartograph_testkit::repo::TempRepo;

#[test]
fn the_history_is_read_from_git_and_kept_until_head_moves() {
    let repo = TempRepo::git(&[("src/walk.py", "def walk():\n    pass\n")]).unwrap();
    repo.write("src/walk.py", "def walk(depth):\n    pass\n")
        .unwrap();
    repo.commit_all("walk: respect the depth limit").unwrap();
    let state = repo.path().join(".cartograph");
    let history = read_history(repo.path(), &state).unwrap();
    assert_eq!(history.len(), 2);
    let kept = std::fs::read_to_string(state.join("lens/history.log")).unwrap();
    assert!(kept.contains("walk: respect the depth limit"), "{kept}");

    repo.write("src/sort.py", "def sort():\n    pass\n")
        .unwrap();
    repo.commit_all("sort: add a stable sort").unwrap();
    assert_eq!(read_history(repo.path(), &state).unwrap().len(), 3);
}

#[test]
fn a_tree_outside_git_has_no_history() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.py"), "x = 1\n").unwrap();
    assert!(read_history(dir.path(), &dir.path().join(".cartograph")).is_none());
}
