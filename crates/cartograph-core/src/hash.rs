//! Content hashes: blake3 digests printed and serialized as lower-case hex.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A blake3 digest of some content. Cache keys are built from these.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    pub fn of(bytes: &[u8]) -> ContentHash {
        ContentHash(*blake3::hash(bytes).as_bytes())
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        blake3::Hash::from_bytes(self.0).to_hex().to_string()
    }

    pub fn from_hex(text: &str) -> Option<ContentHash> {
        blake3::Hash::from_hex(text)
            .ok()
            .map(|hash| ContentHash(*hash.as_bytes()))
    }

    /// The first 12 hex digits: enough to tell pages and records apart in messages.
    pub fn short(&self) -> String {
        let mut hex = self.to_hex();
        hex.truncate(12);
        hex
    }
}

impl From<blake3::Hash> for ContentHash {
    fn from(hash: blake3::Hash) -> Self {
        ContentHash(*hash.as_bytes())
    }
}

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentHash({})", self.short())
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for ContentHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for ContentHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ContentHash::from_hex(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid content hash `{text}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let hash = ContentHash::of(b"hello");
        assert_eq!(ContentHash::from_hex(&hash.to_hex()), Some(hash));
        assert_eq!(hash.short().len(), 12);
        let json = serde_json::to_string(&hash).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", hash.to_hex()));
    }

    #[test]
    fn rejects_bad_hex() {
        assert_eq!(ContentHash::from_hex("zz"), None);
        let hex = ContentHash::of(b"x").to_hex();
        assert_eq!(ContentHash::from_hex(&hex[..63]), None, "too short");
        assert_eq!(ContentHash::from_hex(&format!("{hex}0")), None, "too long");
        assert_eq!(ContentHash::from_hex(&format!("g{}", &hex[1..])), None);
        assert!(serde_json::from_str::<ContentHash>("\"abc\"").is_err());
    }

    /// Published BLAKE3 digests, so a change of hash function (or of how bytes reach it)
    /// cannot pass: every cache key in the workspace is built from these.
    #[test]
    fn digests_are_blake3_of_the_bytes() {
        let known = [
            (
                &b""[..],
                "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
            ),
            (
                &b"abc"[..],
                "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
            ),
        ];
        for (bytes, hex) in known {
            let hash = ContentHash::of(bytes);
            assert_eq!(hash.to_hex(), hex);
            assert_eq!(hash.to_string(), hex);
            assert_eq!(hash.short(), &hex[..12]);
            assert_eq!(format!("{hash:?}"), format!("ContentHash({})", &hex[..12]));
        }
    }

    #[test]
    fn different_contents_give_different_hashes_and_every_one_round_trips() {
        let inputs: [&[u8]; 6] = [b"", b"a", b"b", b"ab", b"ba", &[0u8; 4096]];
        let hashes: Vec<ContentHash> = inputs.iter().map(|bytes| ContentHash::of(bytes)).collect();
        for (index, hash) in hashes.iter().enumerate() {
            assert_eq!(ContentHash::from_hex(&hash.to_hex()), Some(*hash));
            let json = serde_json::to_string(hash).unwrap_or_default();
            assert_eq!(serde_json::from_str::<ContentHash>(&json).ok(), Some(*hash));
            for other in &hashes[index + 1..] {
                assert_ne!(hash, other);
            }
        }
        // One flipped bit anywhere changes the hash.
        let mut bytes = vec![7u8; 1000];
        let before = ContentHash::of(&bytes);
        bytes[999] ^= 1;
        assert_ne!(ContentHash::of(&bytes), before);
        assert_eq!(
            ContentHash::from(blake3::hash(&bytes)),
            ContentHash::of(&bytes)
        );
    }
}
