//! Ruby `require`, `require_relative`, `load` and `autoload` resolved against the load paths a
//! checkout would have.
//!
//! `require_relative 'x'` (written `./x` by the extractor) and `../x` are relative to the
//! requiring file. `require 'a/b'` (and `autoload :B, 'a/b'`) searches, in order: the `lib/` of
//! the project holding the requiring file (the nearest directory above it with a `*.gemspec` or
//! a `Gemfile`, else the repository root), the root's `lib/`, the `lib/` of every other project
//! in the tree (by path), then that project's own directory and its `spec/` and `test/` (which
//! RSpec and Rake's test task put on the load path). Each place is tried with `.rb` added, then
//! as written (`load` names the file with its extension). A name found nowhere is the standard
//! library's or a gem's: it leads nowhere.

use super::{first_existing, is_relative, join, parent_dir, FileSet};
use cartograph_core::RepoPath;
use std::collections::BTreeSet;

pub(crate) struct RubyResolver<'s, 'a> {
    files: &'s FileSet<'a>,
    /// Directories holding a `*.gemspec` or a `Gemfile`, `""` for the root when it does.
    projects: BTreeSet<&'a str>,
}

impl<'s, 'a> RubyResolver<'s, 'a> {
    pub(crate) fn new(files: &'s FileSet<'a>) -> RubyResolver<'s, 'a> {
        let projects = files
            .paths()
            .filter(|path| {
                let name = path.rsplit('/').next().unwrap_or(path);
                name == "Gemfile" || name.ends_with(".gemspec")
            })
            .map(parent_dir)
            .collect();
        RubyResolver { files, projects }
    }

    pub(crate) fn resolve(&self, from: &RepoPath, raw: &str) -> Option<RepoPath> {
        let candidates = candidates(raw);
        if is_relative(raw) {
            return first_existing(from.parent(), &candidates, self.files);
        }
        let project = super::ancestors(from.parent())
            .find(|dir| self.projects.contains(dir))
            .unwrap_or("");
        let own_lib = join(project, "lib");
        let other_libs = self
            .projects
            .iter()
            .filter(|dir| **dir != project && !dir.is_empty())
            .map(|dir| join(dir, "lib"));
        let load_path = std::iter::once(own_lib)
            .chain(std::iter::once("lib".to_string()))
            .chain(other_libs)
            .chain([
                project.to_string(),
                join(project, "spec"),
                join(project, "test"),
            ]);
        load_path
            .into_iter()
            .find_map(|dir| first_existing(&dir, &candidates, self.files))
    }
}

/// `x.rb` then `x`, or only `x` when it ends in `.rb` already.
fn candidates(raw: &str) -> Vec<String> {
    if raw.ends_with(".rb") {
        vec![raw.to_string()]
    } else {
        vec![format!("{raw}.rb"), raw.to_string()]
    }
}
