//! The calls a file's definitions make, held compactly: what a page follows to say how a call
//! flows through the code (`FlagSet.Parse` calls `parseArgs`, which calls `parseLongArg`).
//!
//! A file may make thousands of calls, and every file's map is held while pages are written,
//! so the names are kept once each in one string and each call is five numbers.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a call was made on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver<'a> {
    /// Nothing: `parse(x)`.
    Bare,
    /// The caller's own object or type: `self.parse()`, `this.parse()`, `Self::new()`,
    /// `$this->parse()`, a Go method's receiver (`f.parseArgs()` in `func (f *FlagSet) Parse`).
    Own,
    /// One plain name: a type, a module or package, or a variable (`Router::new`,
    /// `strings.Split`, `r.Match`). Calls on anything longer (`self.router.match()`) are not kept.
    Named(&'a str),
}

/// One call: the calling definition (its index in the file's symbols), the line of the call,
/// the name called, what it was called on and how many arguments it passes (what chooses
/// between overloads: Java's `notNull(obj)` and `notNull(obj, message)`), when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSite<'a> {
    pub caller: usize,
    pub line: u32,
    pub name: &'a str,
    pub receiver: Receiver<'a>,
    pub arguments: Option<u32>,
    /// Made in a closure the caller stores or returns rather than runs (echo's `e.pool.New =
    /// func() … { return e.NewContext(nil, nil) }`): it runs later, if ever. A flow of what
    /// the caller does leaves it out; who calls a definition counts it.
    pub deferred: bool,
}

const BARE: u32 = u32::MAX;
const OWN: u32 = u32::MAX - 1;
/// The bit of a site's argument field that marks a deferred call.
const DEFERRED: u32 = 1 << 31;
/// The argument field's count when the arguments were not counted.
const UNCOUNTED: u32 = DEFERRED - 1;

/// The calls of one file, each once per caller (the first, by line), ordered by caller and line.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Calls {
    /// Every name the calls use, once each, each followed by `\n`.
    names: Box<str>,
    /// `[caller, line, name offset, receiver, arguments]`; the receiver is an offset into
    /// `names`, or `BARE`, or `OWN`; the arguments a count or `UNCOUNTED`.
    sites: Box<[[u32; 5]]>,
}

impl Calls {
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty()
    }

    pub fn len(&self) -> usize {
        self.sites.len()
    }

    /// Every call, ordered by caller and line.
    pub fn iter(&self) -> impl Iterator<Item = CallSite<'_>> + '_ {
        self.sites.iter().filter_map(|site| self.site(site))
    }

    /// The calls symbol `caller` makes, by line.
    pub fn of(&self, caller: usize) -> impl Iterator<Item = CallSite<'_>> + '_ {
        let (start, end) = match u32::try_from(caller) {
            Ok(caller) => (
                self.sites.partition_point(|site| site[0] < caller),
                self.sites.partition_point(|site| site[0] <= caller),
            ),
            Err(_) => (0, 0),
        };
        self.sites[start..end]
            .iter()
            .filter_map(|site| self.site(site))
    }

    fn site(&self, &[caller, line, name, receiver, arguments]: &[u32; 5]) -> Option<CallSite<'_>> {
        let receiver = match receiver {
            BARE => Receiver::Bare,
            OWN => Receiver::Own,
            offset => Receiver::Named(self.name_at(offset)?),
        };
        let count = arguments & !DEFERRED;
        Some(CallSite {
            caller: caller as usize,
            line,
            name: self.name_at(name)?,
            receiver,
            arguments: (count != UNCOUNTED).then_some(count),
            deferred: arguments & DEFERRED != 0,
        })
    }

    fn name_at(&self, offset: u32) -> Option<&str> {
        let rest = self.names.get(offset as usize..)?;
        rest.split('\n').next()
    }
}

/// Collects a file's calls in any order (`Calls` sorts them).
#[derive(Debug, Default)]
pub struct CallsBuilder {
    names: String,
    offsets: HashMap<String, u32>,
    sites: Vec<[u32; 5]>,
}

impl CallsBuilder {
    /// Records a call of `name` on `receiver` with `arguments` arguments (when counted) by
    /// symbol `caller` on `line`, `deferred` when made in a closure the caller keeps for later
    /// (`CallSite::deferred`). Names holding a line break, and callers or text past what four
    /// bytes count, are not kept.
    pub fn push(
        &mut self,
        caller: usize,
        line: u32,
        name: &str,
        receiver: Receiver<'_>,
        arguments: Option<usize>,
        deferred: bool,
    ) {
        let Ok(caller) = u32::try_from(caller) else {
            return;
        };
        let Some(name) = self.offset(name) else {
            return;
        };
        let receiver = match receiver {
            Receiver::Bare => BARE,
            Receiver::Own => OWN,
            Receiver::Named(named) => match self.offset(named) {
                Some(offset) => offset,
                None => return,
            },
        };
        let arguments = arguments
            .and_then(|count| u32::try_from(count).ok())
            .filter(|&count| count < UNCOUNTED)
            .unwrap_or(UNCOUNTED)
            | if deferred { DEFERRED } else { 0 };
        self.sites.push([caller, line, name, receiver, arguments]);
    }

    fn offset(&mut self, name: &str) -> Option<u32> {
        if name.is_empty() || name.contains('\n') {
            return None;
        }
        if let Some(&offset) = self.offsets.get(name) {
            return Some(offset);
        }
        let offset = u32::try_from(self.names.len()).ok()?;
        if offset >= OWN {
            return None;
        }
        self.names.push_str(name);
        self.names.push('\n');
        self.offsets.insert(name.to_string(), offset);
        Some(offset)
    }

    /// The calls, each `(caller, name, receiver, arguments)` once at its first line, ordered by
    /// caller and line.
    pub fn build(self) -> Calls {
        let mut sites = self.sites;
        sites.sort_unstable_by_key(|&[caller, line, name, receiver, arguments]| {
            (caller, name, receiver, arguments, line)
        });
        sites.dedup_by_key(|&mut [caller, _, name, receiver, arguments]| {
            (caller, name, receiver, arguments)
        });
        sites.sort_unstable_by_key(|&[caller, line, name, receiver, arguments]| {
            (caller, line, name, receiver, arguments)
        });
        Calls {
            names: self.names.into_boxed_str(),
            sites: sites.into_boxed_slice(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_read_back_by_caller_in_line_order_once_each() {
        let mut builder = CallsBuilder::default();
        builder.push(2, 30, "parse_long", Receiver::Own, None, false);
        builder.push(0, 5, "helper", Receiver::Bare, None, false);
        builder.push(2, 12, "split", Receiver::Named("strings"), None, false);
        builder.push(2, 40, "parse_long", Receiver::Own, None, false);
        builder.push(2, 41, "parse_long", Receiver::Bare, None, false);
        let calls = builder.build();
        assert_eq!(calls.len(), 4);
        let of_two: Vec<(u32, &str, Receiver<'_>)> = calls
            .of(2)
            .map(|site| (site.line, site.name, site.receiver))
            .collect();
        assert_eq!(
            of_two,
            vec![
                (12, "split", Receiver::Named("strings")),
                (30, "parse_long", Receiver::Own),
                (41, "parse_long", Receiver::Bare),
            ]
        );
        assert_eq!(
            calls.of(0).map(|site| site.name).collect::<Vec<_>>(),
            ["helper"]
        );
        assert_eq!(calls.of(1).count(), 0);
        assert_eq!(calls.of(7).count(), 0);
    }

    #[test]
    fn calls_of_one_name_with_different_argument_counts_are_kept_apart() {
        let mut builder = CallsBuilder::default();
        builder.push(0, 3, "notNull", Receiver::Named("Validate"), Some(1), false);
        builder.push(0, 4, "notNull", Receiver::Named("Validate"), Some(2), false);
        builder.push(0, 5, "notNull", Receiver::Named("Validate"), Some(1), false);
        builder.push(0, 6, "run", Receiver::Bare, None, false);
        let calls = builder.build();
        let sites: Vec<(u32, Option<u32>)> = calls
            .of(0)
            .map(|site| (site.line, site.arguments))
            .collect();
        assert_eq!(sites, vec![(3, Some(1)), (4, Some(2)), (6, None)]);
    }

    #[test]
    fn names_are_stored_once_and_survive_serialization() {
        let mut builder = CallsBuilder::default();
        builder.push(0, 1, "run", Receiver::Bare, None, false);
        builder.push(1, 2, "run", Receiver::Named("run"), None, false);
        builder.push(1, 3, "bad\nname", Receiver::Bare, None, false);
        let calls = builder.build();
        assert_eq!(&*calls.names, "run\n");
        let json = serde_json::to_string(&calls).unwrap_or_default();
        let back: Calls = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, calls);
        assert_eq!(back.iter().count(), 2);
    }
}
