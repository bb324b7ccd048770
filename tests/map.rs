//! `cartograph map`: cold, warm, one edit, a rename, and a hostile repository.

use crate::common::{cartograph, expect_code};
use cartograph_testkit::repo::TempRepo;
use serde_json::Value;

fn map_json(repo: &TempRepo) -> Value {
    let run = cartograph(repo.path(), &["map", "--json"]);
    expect_code(&run, 0);
    run.json()
}

fn skipped_reason(json: &Value, path: &str) -> Option<String> {
    json["skipped"]
        .as_array()?
        .iter()
        .find(|entry| entry["path"] == path)
        .map(|entry| entry["reason"].as_str().unwrap_or_default().to_string())
}

#[test]
fn cold_warm_edit_rename_on_every_fixture() {
    for fixture in ["rust-app", "python-lib", "web-ts", "polyglot"] {
        let repo = TempRepo::fixture(fixture).unwrap();
        let cold = map_json(&repo);
        let files = cold["files"].as_u64().unwrap();
        assert!(files >= 4, "{fixture}: {cold}");
        assert_eq!(
            cold["parsed"], cold["files"],
            "{fixture}: every file parsed cold: {cold}"
        );
        assert_eq!(cold["cached"], 0, "{fixture}");
        assert!(cold["symbols"].as_u64().unwrap() > 0, "{fixture}: {cold}");
        assert!(cold["tokens"].as_u64().unwrap() > 0, "{fixture}");

        let warm = map_json(&repo);
        assert_eq!(warm["files"], files, "{fixture}");
        assert_eq!(warm["parsed"], 0, "{fixture}: nothing re-parsed: {warm}");
        assert_eq!(warm["hashed"], 0, "{fixture}: nothing re-read: {warm}");
        assert_eq!(warm["cached"], files, "{fixture}");
        assert_eq!(warm["symbols"], cold["symbols"], "{fixture}");
        assert_eq!(warm["tokens"], cold["tokens"], "{fixture}");

        // One edit: exactly that file is read and parsed again.
        let edited = match fixture {
            "rust-app" => "src/scan.rs",
            "python-lib" => "pkg/util.py",
            "web-ts" => "src/api.ts",
            _ => "pkg/util/util.go",
        };
        let text = repo.read(edited).unwrap();
        repo.write(edited, &format!("{text}\n// one more line\n"))
            .unwrap();
        let after_edit = map_json(&repo);
        assert_eq!(after_edit["parsed"], 1, "{fixture}: {after_edit}");
        assert_eq!(after_edit["hashed"], 1, "{fixture}: {after_edit}");

        // A rename: read to hash it, but the content is known, so nothing is parsed.
        let renamed = format!("{edited}.renamed.txt");
        let renamed_same_language = match edited.rsplit_once('.') {
            Some((stem, extension)) => format!("{stem}_moved.{extension}"),
            None => renamed,
        };
        repo.rename(edited, &renamed_same_language).unwrap();
        let after_rename = map_json(&repo);
        assert_eq!(after_rename["parsed"], 0, "{fixture}: {after_rename}");
        assert_eq!(after_rename["files"], files, "{fixture}");
    }
}

#[test]
fn identical_content_is_parsed_once() {
    let repo = TempRepo::git(&[
        ("a/one.py", "def same():\n    return 1\n"),
        ("b/two.py", "def same():\n    return 1\n"),
        ("c/three.py", "def same():\n    return 1\n"),
    ])
    .unwrap();
    let cold = map_json(&repo);
    assert_eq!(cold["files"], 3);
    assert_eq!(cold["parsed"], 1, "{cold}");
    assert_eq!(cold["symbols"], 3, "every copy reports its symbols: {cold}");
    let warm = map_json(&repo);
    assert_eq!(warm["hashed"], 0, "twins get stat records too: {warm}");
}

#[cfg(unix)]
#[test]
fn hostile_repository_is_mapped_with_every_bad_file_reported() {
    use std::os::unix::fs::symlink;
    let repo = TempRepo::fixture("hostile").unwrap();
    let root = repo.path();
    repo.write_bytes("bin/blob.dat", b"\x7fELF\0\0\x01binary")
        .unwrap();
    repo.write_bytes("src/latin1.txt", b"caf\xe9 cr\xe8me")
        .unwrap();
    repo.write("big/huge.txt", &"x\n".repeat(700_000)).unwrap();
    repo.write("web/app.min.js", &format!("var a={};", "b+".repeat(20_000)))
        .unwrap();
    repo.write("names/with space.py", "x = 1\n").unwrap();
    repo.write("names/ünïcødé.rs", "fn f() {}\n").unwrap();
    repo.write("names/new\nline.sh", "echo hi\n").unwrap();
    repo.write("empty.rs", "").unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "outside").unwrap();
    symlink(outside.path().join("secret.txt"), root.join("escape.txt")).unwrap();
    symlink("loop2", root.join("loop1")).unwrap();
    symlink("loop1", root.join("loop2")).unwrap();
    symlink("src", root.join("srclink")).unwrap();
    std::process::Command::new("mkfifo")
        .arg(root.join("fifo"))
        .status()
        .unwrap();
    let unreadable = root.join("locked.py");
    std::fs::write(&unreadable, "x = 1\n").unwrap();
    let locked = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads anything; only assert the reason when the file is really unreadable.
        std::fs::read(&unreadable).is_err()
    };

    let json = map_json(&repo);
    let expect = [
        ("bin/blob.dat", "binary"),
        ("src/latin1.txt", "invalid_utf8"),
        ("big/huge.txt", "too_large"),
        ("web/app.min.js", "minified"),
        ("escape.txt", "symlink_outside_repository"),
        ("loop1", "symlink_loop"),
        ("srclink", "symlinked_directory"),
        ("fifo", "special_file"),
    ];
    for (path, reason) in expect {
        assert_eq!(
            skipped_reason(&json, path).as_deref(),
            Some(reason),
            "{path}: {json}"
        );
    }
    if locked {
        assert_eq!(
            skipped_reason(&json, "locked.py").as_deref(),
            Some("unreadable")
        );
    }
    let files = json["files"].as_u64().unwrap();
    assert!(files >= 12, "{json}");
    assert!(json["syntax_error_files"].as_u64().is_some());
    assert_eq!(json["lockfiles"], 1, "{json}");
    assert_eq!(json["secret_files"], 1, "{json}");
    assert!(
        json["generated"].as_u64().unwrap() >= 2,
        "gen.go header and .gitattributes: {json}"
    );
    assert_eq!(json["vendored"], 1, "{json}");
    // The content of a secret file is never read: the secret never shows in the index.
    let warm = cartograph(root, &["map", "--json"]);
    assert!(!warm.stdout.contains("not-a-real-key"));
}

#[test]
fn empty_directory_and_non_git_directory() {
    let empty = tempfile::tempdir().unwrap();
    let run = cartograph(empty.path(), &["map", "--json"]);
    expect_code(&run, 0);
    assert_eq!(run.json()["files"], 0);
    std::fs::write(empty.path().join("a.rs"), "fn a() {}\n").unwrap();
    let run = cartograph(empty.path(), &["map", "--json"]);
    assert_eq!(run.json()["files"], 1);
}

#[test]
fn human_summary_is_one_screen() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    let run = cartograph(repo.path(), &["map"]);
    expect_code(&run, 0);
    assert!(run.stdout.contains("files"), "{}", run.stdout);
    assert!(run.stdout.contains("symbols"));
    assert!(run.stdout.lines().count() < 25, "{}", run.stdout);
}

#[test]
fn a_second_process_is_refused_while_the_lock_is_held() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    let lock =
        cartograph_store::RunLock::acquire(&repo.path().join(".cartograph/lock"), false, "docs")
            .unwrap();
    let run = cartograph(repo.path(), &["map", "--json"]);
    expect_code(&run, 5);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("pid"), "{}", run.stderr);
    drop(lock);
    expect_code(&cartograph(repo.path(), &["map", "--json"]), 0);
}

#[test]
fn a_corrupt_cache_is_moved_aside_with_one_warning() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    expect_code(&cartograph(repo.path(), &["map", "--json"]), 0);
    let cache = repo.path().join(".cartograph/cache");
    for entry in std::fs::read_dir(&cache).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::write(&path, b"\x00garbage\xff not a sled file").unwrap();
        }
    }
    let run = cartograph(repo.path(), &["map", "--json"]);
    expect_code(&run, 0);
    assert_eq!(
        run.json()["parsed"],
        run.json()["files"],
        "rebuilt from scratch"
    );
    let warnings = run
        .stderr
        .lines()
        .filter(|line| line.contains("WARN") || line.contains("warn"))
        .count();
    assert_eq!(warnings, 1, "{}", run.stderr);
    let aside = std::fs::read_dir(repo.path().join(".cartograph"))
        .unwrap()
        .filter_map(Result::ok)
        .any(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("cache.broken-")
        });
    assert!(aside, "the broken cache was kept aside");
    let verify = cartograph(repo.path(), &["cache", "verify"]);
    expect_code(&verify, 0);
}
