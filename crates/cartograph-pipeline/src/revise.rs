//! Revising a module page instead of writing it again. When a few of a module's files change,
//! the run model gets the page as it stands and what changed (a few thousand tokens) instead of
//! every file's facts (up to the run phase's whole context): a one-file commit costs in
//! proportion to the change, not to the module.
//!
//! Every cached module page body carries its [`Lineage`]: the facts it was written from and the
//! facts of its last full generation. A revision is made only within one line (same page, run
//! models and prompts), only for a small change, and only while the page has not drifted far
//! from its last full generation; otherwise the page is written again from scratch.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Revisions in a row before a page is written again from scratch, however small each was.
pub(crate) const MAX_REVISIONS: u32 = 12;
/// The key of the module's dependency edges in a facts map; no repository path is empty.
pub(crate) const EDGES: &str = "";

/// What a cached module page body was written from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Lineage {
    /// Page, run models and prompt versions: a revision never crosses a model or prompt change.
    pub line: String,
    /// A hash of each file's facts (and of the module's edges under [`EDGES`]) for this body.
    pub facts: BTreeMap<String, String>,
    /// The same at the last full generation: how far revisions have drifted from it.
    pub base: BTreeMap<String, String>,
    /// Revisions since the last full generation.
    pub revisions: u32,
}

impl Lineage {
    /// The lineage of a page written from scratch.
    pub fn full(line: String, facts: BTreeMap<String, String>) -> Lineage {
        Lineage {
            line,
            base: facts.clone(),
            facts,
            revisions: 0,
        }
    }

    /// The lineage of a revision of this body to `facts`.
    pub fn revised(&self, facts: BTreeMap<String, String>) -> Lineage {
        Lineage {
            line: self.line.clone(),
            facts,
            base: self.base.clone(),
            revisions: self.revisions + 1,
        }
    }
}

/// What changed between two facts maps.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Changes {
    /// Files that are new or whose facts differ, in path order.
    pub changed: Vec<String>,
    /// Files that are gone.
    pub removed: Vec<String>,
    pub edges_changed: bool,
}

impl Changes {
    fn between(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Changes {
        let mut changes = Changes::default();
        for (path, hash) in new {
            if old.get(path) != Some(hash) {
                if path == EDGES {
                    changes.edges_changed = true;
                } else {
                    changes.changed.push(path.clone());
                }
            }
        }
        for path in old.keys() {
            if !new.contains_key(path) {
                if path == EDGES {
                    changes.edges_changed = true;
                } else {
                    changes.removed.push(path.clone());
                }
            }
        }
        changes
    }

    fn files(&self) -> usize {
        self.changed.len() + self.removed.len()
    }

    fn is_empty(&self) -> bool {
        self.files() == 0 && !self.edges_changed
    }
}

/// The changes to revise `previous` with, when a revision is the right call: same line, some
/// change, at most a quarter of the module's files changed since the last full generation (at
/// least one), and fewer than [`MAX_REVISIONS`] revisions in a row.
pub(crate) fn plan(
    previous: &Lineage,
    line: &str,
    current: &BTreeMap<String, String>,
) -> Option<Changes> {
    if previous.line != line || previous.revisions >= MAX_REVISIONS {
        return None;
    }
    let step = Changes::between(&previous.facts, current);
    if step.is_empty() {
        return None;
    }
    let files = current.keys().filter(|path| path.as_str() != EDGES).count();
    let drift = Changes::between(&previous.base, current);
    (drift.files() <= (files / 4).max(1)).then_some(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(path, hash)| (path.to_string(), hash.to_string()))
            .collect()
    }

    fn module(files: usize) -> BTreeMap<String, String> {
        let mut map: BTreeMap<String, String> = (0..files)
            .map(|n| (format!("m/f{n:02}.py"), format!("h{n}")))
            .collect();
        map.insert(EDGES.into(), "e".into());
        map
    }

    #[test]
    fn a_small_change_is_revised_and_reports_what_changed() {
        let old = Lineage::full("line".into(), module(8));
        let mut new = module(8);
        new.insert("m/f03.py".into(), "changed".into());
        new.remove("m/f05.py");
        new.insert("m/new.py".into(), "n".into());
        new.insert(EDGES.into(), "e2".into());
        // Three files of eight is more than a quarter: written again.
        assert_eq!(plan(&old, "line", &new), None);
        let mut one = module(8);
        one.insert("m/f03.py".into(), "changed".into());
        assert_eq!(
            plan(&old, "line", &one),
            Some(Changes {
                changed: vec!["m/f03.py".into()],
                removed: vec![],
                edges_changed: false,
            })
        );
        let mut many = module(12);
        many.insert("m/f03.py".into(), "changed".into());
        many.remove("m/f05.py");
        many.insert("m/new.py".into(), "n".into());
        many.insert(EDGES.into(), "e2".into());
        let old = Lineage::full("line".into(), module(12));
        assert_eq!(
            plan(&old, "line", &many),
            Some(Changes {
                changed: vec!["m/f03.py".into(), "m/new.py".into()],
                removed: vec!["m/f05.py".into()],
                edges_changed: true,
            })
        );
    }

    #[test]
    fn another_line_no_change_drift_or_too_many_revisions_write_again() {
        let old = Lineage::full("line".into(), module(8));
        let mut one = module(8);
        one.insert("m/f01.py".into(), "x".into());
        assert_eq!(plan(&old, "other model", &one), None);
        assert_eq!(plan(&old, "line", &module(8)), None);

        // Revisions accumulate drift against the last full generation.
        let mut revised = old.revised(one.clone());
        let mut two = one.clone();
        two.insert("m/f02.py".into(), "y".into());
        assert_eq!(
            plan(&revised, "line", &two),
            Some(Changes {
                changed: vec!["m/f02.py".into()],
                removed: vec![],
                edges_changed: false,
            }),
            "only what changed since the last revision is sent"
        );
        revised = revised.revised(two.clone());
        let mut three = two.clone();
        three.insert("m/f04.py".into(), "z".into());
        assert_eq!(plan(&revised, "line", &three), None, "3 of 8 drifted");

        // Editing the same file over and over never drifts, but the run of revisions ends.
        let mut lineage = old;
        for round in 0..MAX_REVISIONS {
            let edit = facts(&[("m/f00.py", &format!("r{round}"))]);
            let mut next = module(8);
            next.extend(edit);
            assert_eq!(
                plan(&lineage, "line", &next),
                Some(Changes {
                    changed: vec!["m/f00.py".into()],
                    removed: vec![],
                    edges_changed: false,
                }),
                "round {round}"
            );
            lineage = lineage.revised(next);
        }
        let mut last = module(8);
        last.insert("m/f00.py".into(), "final".into());
        assert_eq!(plan(&lineage, "line", &last), None);
    }

    #[test]
    fn a_one_file_module_may_revise_its_file() {
        let old = Lineage::full("line".into(), facts(&[("a.py", "1")]));
        assert_eq!(
            plan(&old, "line", &facts(&[("a.py", "2")])),
            Some(Changes {
                changed: vec!["a.py".into()],
                removed: vec![],
                edges_changed: false,
            })
        );
    }
}
