//! Injected faults: "delay or fail the next response of a kind" (a test control).
//!
//! A kind is a string chosen by the service that answers: `http:<route name>` for REST routes
//! (e.g. `http:login`, `http:signup`) and `ums:<v3 type name>` for websocket requests
//! (e.g. `ums:ms.PublishEvent`). Each queued fault is used once, by the next matching response.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// What to do to one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    /// Wait this long before answering.
    #[serde(default)]
    pub delay_ms: u64,
    /// Answer with this status/code instead of the real result (none: answer normally, after the delay).
    #[serde(default)]
    pub status: Option<u16>,
    /// The error body to send with `status` (a string for UMS, JSON for REST); a default when absent.
    #[serde(default)]
    pub body: Option<serde_json::Value>,
}

/// Queues of faults by kind.
#[derive(Debug, Default)]
pub struct Faults {
    queues: Mutex<HashMap<String, VecDeque<Fault>>>,
}

impl Faults {
    /// Queues `fault` for the next response of `kind`.
    pub fn push(&self, kind: &str, fault: Fault) {
        let mut queues = self.queues.lock().unwrap_or_else(|p| p.into_inner());
        queues.entry(kind.to_owned()).or_default().push_back(fault);
    }

    /// Takes the fault queued for the next response of `kind`, if any.
    pub fn take(&self, kind: &str) -> Option<Fault> {
        let mut queues = self.queues.lock().unwrap_or_else(|p| p.into_inner());
        let queue = queues.get_mut(kind)?;
        let fault = queue.pop_front();
        if queue.is_empty() {
            queues.remove(kind);
        }
        fault
    }

    /// Drops every queued fault.
    pub fn clear(&self) {
        self.queues
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fault_is_used_once_in_order() {
        let faults = Faults::default();
        let fail = Fault {
            delay_ms: 0,
            status: Some(500),
            body: None,
        };
        let slow = Fault {
            delay_ms: 100,
            status: None,
            body: None,
        };
        faults.push("http:login", fail.clone());
        faults.push("http:login", slow.clone());
        assert_eq!(faults.take("ums:GetClock"), None);
        assert_eq!(faults.take("http:login"), Some(fail));
        assert_eq!(faults.take("http:login"), Some(slow));
        assert_eq!(faults.take("http:login"), None);
    }
}
