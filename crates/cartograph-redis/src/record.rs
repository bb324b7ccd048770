//! Names and seals remote records: the Redis key of a record and the keyed BLAKE3 signature
//! that binds its payload to that key. Pure functions; no IO.

use std::fmt;

/// Every remote key starts with this; bump the version when the record format changes.
pub(crate) const KEY_PREFIX: &str = "cartograph:v1";

/// The first byte of every sealed record, so a later format can be told apart.
const RECORD_FORMAT: u8 = 1;
const MAC_LEN: usize = blake3::OUT_LEN;
const HEADER_LEN: usize = 1 + MAC_LEN;

/// The BLAKE3 context that turns a team secret into the signing key.
const KEY_DERIVATION_CONTEXT: &str = "cartograph remote cache v1";

/// The 32-byte key that signs and verifies records; derived from the team secret.
pub(crate) struct SigningKey([u8; blake3::KEY_LEN]);

impl SigningKey {
    pub(crate) fn derive(team_secret: &[u8]) -> Self {
        Self(blake3::derive_key(KEY_DERIVATION_CONTEXT, team_secret))
    }

    /// Signs the payload together with everything that names it, so a valid record copied to
    /// another namespace, tree or key does not verify there.
    fn mac(&self, address: &RecordAddress<'_>, payload: &[u8]) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new_keyed(&self.0);
        // Length prefixes keep the fields apart: ("ab", "c") and ("a", "bc") sign differently.
        for part in [
            address.namespace.as_bytes(),
            address.tree.as_bytes(),
            address.key,
            payload,
        ] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        hasher.finalize()
    }

    /// The stored form of a record: format byte, signature, payload.
    pub(crate) fn seal(&self, address: &RecordAddress<'_>, payload: &[u8]) -> Vec<u8> {
        let mac = self.mac(address, payload);
        let mut record = Vec::with_capacity(HEADER_LEN + payload.len());
        record.push(RECORD_FORMAT);
        record.extend_from_slice(mac.as_bytes());
        record.extend_from_slice(payload);
        record
    }

    /// The payload of a sealed record, or `None` when it was not sealed with this key for this
    /// address (tampered, moved, foreign format or another team's secret).
    pub(crate) fn open<'r>(
        &self,
        address: &RecordAddress<'_>,
        record: &'r [u8],
    ) -> Option<&'r [u8]> {
        if record.len() < HEADER_LEN || record[0] != RECORD_FORMAT {
            return None;
        }
        let stored_mac: [u8; MAC_LEN] = record[1..HEADER_LEN].try_into().ok()?;
        let payload = &record[HEADER_LEN..];
        // `blake3::Hash` compares in constant time.
        (self.mac(address, payload) == blake3::Hash::from_bytes(stored_mac)).then_some(payload)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// Where a record lives: the inputs of its Redis key, all of them signed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordAddress<'a> {
    pub(crate) namespace: &'a str,
    pub(crate) tree: &'a str,
    pub(crate) key: &'a [u8],
}

impl RecordAddress<'_> {
    /// `cartograph:v1:<namespace>:<tree>:<hex key>`.
    pub(crate) fn redis_key(&self) -> String {
        format!(
            "{}{}",
            tree_prefix(self.namespace, self.tree),
            to_hex(self.key)
        )
    }
}

/// `cartograph:v1:<namespace>:`, the prefix of every key of one namespace.
pub(crate) fn namespace_prefix(namespace: &str) -> String {
    format!("{KEY_PREFIX}:{namespace}:")
}

/// `cartograph:v1:<namespace>:<tree>:`, the prefix of every key of one tree.
pub(crate) fn tree_prefix(namespace: &str, tree: &str) -> String {
    format!("{KEY_PREFIX}:{namespace}:{tree}:")
}

/// Splits the part of a Redis key after the namespace prefix into its tree and key bytes.
pub(crate) fn split_tree_and_key(rest: &str) -> Option<(&str, Vec<u8>)> {
    let (tree, hex_key) = rest.split_once(':')?;
    Some((tree, from_hex(hex_key)?))
}

/// Namespaces and tree names become parts of Redis keys and SCAN patterns, so they are kept to
/// characters that are neither separators (`:`) nor glob syntax (`*?[]\`).
pub(crate) fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'))
}

pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

pub(crate) fn from_hex(hex: &str) -> Option<Vec<u8>> {
    fn nibble(digit: u8) -> Option<u8> {
        match digit {
            b'0'..=b'9' => Some(digit - b'0'),
            b'a'..=b'f' => Some(digit - b'a' + 10),
            _ => None,
        }
    }
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    hex.as_bytes()
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn address<'a>(namespace: &'a str, tree: &'a str, key: &'a [u8]) -> RecordAddress<'a> {
        RecordAddress {
            namespace,
            tree,
            key,
        }
    }

    #[test]
    fn redis_keys_have_the_documented_shape() {
        assert_eq!(
            address("abc", "maps-v1", &[0x00, 0xff, 0x1a]).redis_key(),
            "cartograph:v1:abc:maps-v1:00ff1a"
        );
        assert_eq!(
            split_tree_and_key("maps-v1:00ff1a"),
            Some(("maps-v1", vec![0x00, 0xff, 0x1a]))
        );
        assert_eq!(split_tree_and_key("maps-v1:0g"), None);
        assert_eq!(split_tree_and_key("maps-v1:0"), None);
    }

    #[test]
    fn names_that_could_break_keys_or_patterns_are_invalid() {
        assert!(is_valid_name("summaries-v1"));
        assert!(is_valid_name("0123abcd.team_x"));
        for bad in ["", "a:b", "a*", "a?", "[a]", "a b", "é", &"x".repeat(129)] {
            assert!(!is_valid_name(bad), "{bad:?} should be invalid");
        }
    }

    #[test]
    fn a_sealed_record_opens_only_at_its_own_address_with_its_own_key() {
        let signing_key = SigningKey::derive(b"team secret");
        let home = address("ns", "maps-v1", b"k1");
        let record = signing_key.seal(&home, b"payload");
        assert_eq!(signing_key.open(&home, &record), Some(&b"payload"[..]));

        for elsewhere in [
            address("ns", "maps-v1", b"k2"),
            address("ns", "summaries-v1", b"k1"),
            address("other", "maps-v1", b"k1"),
        ] {
            assert_eq!(signing_key.open(&elsewhere, &record), None);
        }
        assert_eq!(
            SigningKey::derive(b"another secret").open(&home, &record),
            None
        );

        let mut tampered = record.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(signing_key.open(&home, &tampered), None);
        assert_eq!(signing_key.open(&home, &record[..10]), None);
        assert_eq!(signing_key.open(&home, b""), None);
    }

    #[test]
    fn field_boundaries_are_signed() {
        let signing_key = SigningKey::derive(b"s");
        let record = signing_key.seal(&address("ab", "c", b"k"), b"p");
        assert_eq!(signing_key.open(&address("a", "bc", b"k"), &record), None);
    }

    #[test]
    fn the_signing_key_does_not_debug_print() {
        let debug = format!("{:?}", SigningKey::derive(b"hunter2"));
        assert_eq!(debug, "SigningKey(<redacted>)");
    }
}
