//! `BoxedStr`, the text of a symbol's fields: a string that never grows once made.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An immutable string held as a boxed `str`: 16 bytes where a `String` takes 24 (no
/// capacity), and no spare room. A symbol has four of them, and a large tree has over a
/// million symbols, all held while pages are written: as `String`s they made each `Symbol`
/// 112 bytes, 80 as these. Reads as a `&str` (it derefs to one, compares with one and
/// prints as one); serialized as the string itself, so maps in the cache read the same.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BoxedStr(Box<str>);

impl BoxedStr {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for BoxedStr {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for BoxedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for BoxedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BoxedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for BoxedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<String> for BoxedStr {
    fn from(text: String) -> BoxedStr {
        BoxedStr(text.into_boxed_str())
    }
}

impl From<&str> for BoxedStr {
    fn from(text: &str) -> BoxedStr {
        BoxedStr(text.into())
    }
}

impl From<&String> for BoxedStr {
    fn from(text: &String) -> BoxedStr {
        BoxedStr(text.as_str().into())
    }
}

impl From<BoxedStr> for String {
    fn from(text: BoxedStr) -> String {
        text.0.into_string()
    }
}

impl PartialEq<str> for BoxedStr {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for BoxedStr {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for BoxedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<BoxedStr> for str {
    fn eq(&self, other: &BoxedStr) -> bool {
        *self == *other.0
    }
}

impl PartialEq<BoxedStr> for &str {
    fn eq(&self, other: &BoxedStr) -> bool {
        **self == *other.0
    }
}

impl PartialEq<BoxedStr> for String {
    fn eq(&self, other: &BoxedStr) -> bool {
        **self == *other.0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_compares_and_serializes_as_the_string() {
        let text = BoxedStr::from("fn main()");
        assert_eq!(text, "fn main()");
        assert_eq!(text, String::from("fn main()"));
        assert_eq!(text.as_str(), "fn main()");
        assert!(text.starts_with("fn "));
        assert_eq!(format!("{text} {text:?}"), "fn main() \"fn main()\"");
        assert_eq!(String::from(text.clone()), "fn main()");
        let json = serde_json::to_string(&text).unwrap();
        assert_eq!(json, "\"fn main()\"");
        assert_eq!(serde_json::from_str::<BoxedStr>(&json).unwrap(), text);
        assert_eq!(std::mem::size_of::<BoxedStr>(), 16);
        assert_eq!(std::mem::size_of::<Option<BoxedStr>>(), 16);
    }
}
