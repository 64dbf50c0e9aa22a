//! Fixed string bodies of UMS responses.
//!
//! LivePerson's client compares success bodies with these exact texts
//! (`requests.md` §6, §16, §20, §22; VERIFIED), so a server must send them
//! verbatim. The error texts are the few known ones (`errors.md` §1).

/// `ConversationStateField` / `Stage` / `DialogChange` close.
pub const CONVERSATION_RESOLVED: &str = "OK Conversation resolved successfully";
/// `ParticipantsChange ADD` (join).
pub const AGENT_ADDED: &str = "OK Agent added successfully";
/// A change containing a `ParticipantsChange REMOVE` (back to queue, transfer).
pub const AGENT_REMOVED: &str = "OK Agent removed successfully";
/// A skill change without a `REMOVE`.
pub const SKILL_CHANGED: &str = "Skill changed successfully";
/// `CSATRate`.
pub const CSAT_PROCESSED: &str = "OK CSAT processed successfully";
/// `Note`.
pub const NOTE_UPDATED: &str = "OK Update note success";
/// `TTRField`.
pub const TTR_UPDATED: &str = "Update TTR ended successfully";
/// `ManualETTR`.
pub const MANUAL_ETTR_UPDATED: &str = "Update manual Ettr ended successfully";
/// `SetUserProfile` on the socket.
pub const USER_PROFILE_SET: &str = "OK User Profile set successfully";
/// `SetAgentState` (code 202).
pub const AGENT_STATE_UPDATED: &str = "Agent state updated successfully";
/// `UpdateRingState` (code 202).
pub const RING_STATE_UPDATED: &str = "Ring state updated successfully";

/// Error (400): the agent named in a change does not participate
/// (node-agent-sdk issue #127).
pub const AGENT_DOES_NOT_EXIST: &str = "Agent does not exist in conversation";
/// Error: a transfer target already participates in another role.
pub const TRANSFER_AGENT_ALREADY_EXISTS: &str = "Transfer to agent failed: Agent already exist";
