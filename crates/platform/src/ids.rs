//! Identifiers in the formats of `conversation-model.md` §1, from a seedable random source.
//!
//! A fixed seed (`PlatformOptions::seed`) makes a test run's ids reproducible.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Mutex;

/// The platform's source of identifiers and secrets.
#[derive(Debug)]
pub struct Ids {
    rng: Mutex<StdRng>,
}

impl Ids {
    /// A source seeded from `seed`, or from the OS when `None`.
    pub fn new(seed: Option<u64>) -> Self {
        let rng = match seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => rand::make_rng(),
        };
        Self {
            rng: Mutex::new(rng),
        }
    }

    fn bytes<const N: usize>(&self) -> [u8; N] {
        let mut out = [0u8; N];
        let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
        rng.fill_bytes(&mut out);
        out
    }

    /// A random UUID v4: conversation, consumer, PID and subscription ids.
    pub fn uuid(&self) -> String {
        uuid::Builder::from_random_bytes(self.bytes::<16>())
            .into_uuid()
            .to_string()
    }

    /// 64 lowercase hex characters: agent bearer tokens, csrf tokens, session ids.
    pub fn hex64(&self) -> String {
        hex::encode(self.bytes::<32>())
    }

    /// 22 characters of url-safe base64: ids of dialogs other than MAIN.
    pub fn dialog_id(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.bytes::<16>())
    }

    /// A ten-digit numeric string: agent user ids and skill ids.
    pub fn digits(&self) -> String {
        let n = u64::from_le_bytes(self.bytes::<8>()) % 9_000_000_000 + 1_000_000_000;
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_match_the_reference() {
        let ids = Ids::new(Some(7));
        let uuid = ids.uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(uuid.as_bytes()[14], b'4', "{uuid} is v4");
        let hex = ids.hex64();
        assert_eq!(hex.len(), 64);
        assert!(
            hex.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        let dialog = ids.dialog_id();
        assert_eq!(dialog.len(), 22);
        assert!(!dialog.contains(['+', '/', '=']));
        let digits = ids.digits();
        assert_eq!(digits.len(), 10);
        assert!(digits.chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn same_seed_same_ids() {
        let a = Ids::new(Some(42));
        let b = Ids::new(Some(42));
        assert_eq!(a.uuid(), b.uuid());
        assert_eq!(a.hex64(), b.hex64());
    }
}
