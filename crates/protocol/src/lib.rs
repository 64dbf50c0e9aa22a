//! Wire types of LivePerson's Messaging Platform.
//!
//! Shared by the SDK core and the local platform; no I/O.

pub mod rest;
