//! Where a key lives in the file: key paths (`phases.map.budget_tokens`), and the line and
//! column of a key or value, found in the spans `toml_edit` keeps. Reads no file.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml_edit::{ImDocument, TableLike};

/// A place in a configuration file; line and column are 1-based and absent when the value
/// is not written in the file (a default) or the file could not be parsed that far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

impl Location {
    /// The location of byte `offset` in `text`.
    pub(crate) fn at(path: &Path, text: &str, offset: Option<usize>) -> Location {
        let Some(before) = offset.and_then(|offset| text.get(..offset)) else {
            return Location {
                path: path.to_path_buf(),
                line: None,
                column: None,
            };
        };
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = before[line_start..].chars().count() + 1;
        Location {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// A path to a key or an array element, shown as TOML writes it: `models."openai/gpt-4o".input`,
/// `scan.exclude[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KeyPath(Vec<Segment>);

impl<const N: usize> From<[&str; N]> for KeyPath {
    fn from(keys: [&str; N]) -> KeyPath {
        KeyPath(
            keys.iter()
                .map(|key| Segment::Key((*key).to_string()))
                .collect(),
        )
    }
}

impl KeyPath {
    pub(crate) fn key(&self, key: &str) -> KeyPath {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_string()));
        path
    }

    pub(crate) fn index(&self, index: usize) -> KeyPath {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }

    /// The path without its last segment: the table that holds a key.
    pub(crate) fn parent(&self) -> KeyPath {
        let mut path = self.clone();
        path.0.pop();
        path
    }

    pub(crate) fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) => {
                    if n > 0 {
                        f.write_str(".")?;
                    }
                    let bare = !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if bare {
                        f.write_str(key)?;
                    } else {
                        write!(f, "{key:?}")?;
                    }
                }
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The span of the key (or array element) at `path`, or of the deepest part of it the file
/// writes: a phase key left at its default is reported at its table's header.
pub(crate) fn span_of(document: &ImDocument<&str>, path: &KeyPath) -> Option<Range<usize>> {
    let mut item = document.as_item();
    let mut span = None;
    for segment in &path.0 {
        match segment {
            Segment::Key(key) => {
                let Some((key, child)) = item
                    .as_table_like()
                    .and_then(|table| table.get_key_value(key))
                else {
                    break;
                };
                span = key.span().or(span);
                item = child;
            }
            Segment::Index(index) => {
                let Some(value) = item.as_array().and_then(|array| array.get(*index)) else {
                    break;
                };
                span = value.span().or(span);
                break;
            }
        }
    }
    span
}

/// The path of the deepest key whose name or value holds byte `offset`: where a serde error
/// that toml reports at `offset` belongs.
pub(crate) fn path_at(document: &ImDocument<&str>, offset: usize) -> KeyPath {
    let mut path = KeyPath::default();
    if let Some(table) = document.as_item().as_table_like() {
        descend(table, offset, &mut path);
    }
    path
}

fn descend(table: &dyn TableLike, offset: usize, path: &mut KeyPath) -> bool {
    let holds = |span: Option<Range<usize>>| span.is_some_and(|span| span.contains(&offset));
    for (name, item) in table.iter() {
        let Some((key, _)) = table.get_key_value(name) else {
            continue;
        };
        if holds(key.span()) {
            path.0.push(Segment::Key(name.to_string()));
            return true;
        }
        if let Some(child) = item.as_table_like() {
            path.0.push(Segment::Key(name.to_string()));
            if descend(child, offset, path) {
                return true;
            }
            path.0.pop();
        } else if holds(item.span()) {
            path.0.push(Segment::Key(name.to_string()));
            if let Some(array) = item.as_array() {
                if let Some(index) = array.iter().position(|value| holds(value.span())) {
                    path.0.push(Segment::Index(index));
                }
            }
            return true;
        }
    }
    false
}

/// The keys at the top of the file, in file order.
pub(crate) fn top_level_keys<'a>(document: &'a ImDocument<&str>) -> Vec<&'a str> {
    document.as_table().iter().map(|(key, _)| key).collect()
}
