//! A string that must never be printed: passwords, API secrets, tokens.

use serde::{Deserialize, Serialize};

/// A secret string (password, API key secret, bearer, JWT, csrf).
///
/// `Debug` and `Display` print `<redacted>`; read the value with [`Secret::expose`] only
/// where it goes on the wire. Serialises as the plain string, so options and session data
/// round-trip through JSON (the wasm binding passes them as JSON).
///
/// ```
/// use lpm_core::connection::Secret;
/// let s = Secret::new("hunter2");
/// assert_eq!(format!("{s:?} {s}"), "<redacted> <redacted>");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for putting it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `true` when the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl core::fmt::Display for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

/// Replaces every occurrence of any non-trivial secret in `text` with `<redacted>`.
///
/// Server error texts are surfaced verbatim (they carry the useful detail), so they pass
/// through this first in case a server echoes a credential back.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for s in secrets {
        // Short values (e.g. "1") would shred ordinary text; real secrets are longer.
        if s.len() >= 4 && out.contains(s) {
            out = out.replace(s, "<redacted>");
        }
    }
    out
}
