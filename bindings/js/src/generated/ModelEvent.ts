// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { AgentState } from "./AgentState.js";
import type { ChatState } from "./ChatState.js";
import type { ParticipantRole } from "./ParticipantRole.js";
import type { ParticipantState } from "./ParticipantState.js";
import type { RingState } from "./RingState.js";
import type { TtrType } from "./TtrType.js";

/**
 * One user event.
 */
export type ModelEvent = { "event": "conversation", 
/**
 * Conversation id.
 */
conversationId: string, } | { "event": "conversationDeleted", 
/**
 * Conversation id.
 */
conversationId: string, } | { "event": "message", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The message's sequence.
 */
sequence: number, 
/**
 * `true` when it came from loaded history (QueryMessages or the first messaging
 * notification after subscribing) rather than live.
 */
history: boolean, } | { "event": "messageDeliveryEvent", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * Sequences of the messages whose receipts changed.
 */
sequences: Array<number>, } | { "event": "close", 
/**
 * Conversation id.
 */
conversationId: string, } | { "event": "transferSkill", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * The new skill.
 */
skillId: string, } | { "event": "transferAgent", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The suggested agent (user id as in the dialog).
 */
userId: string, } | { "event": "backToQueue", 
/**
 * Conversation id.
 */
conversationId: string, } | { "event": "participantAdded", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The participant.
 */
userId: string, 
/**
 * Its role.
 */
role: ParticipantRole, 
/**
 * It was suggested before (a transfer-to-agent was accepted).
 */
previouslySuggested: boolean, } | { "event": "participantRemoved", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The participant.
 */
userId: string, 
/**
 * The role it left.
 */
role: ParticipantRole, } | { "event": "participantSuggested", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The participant.
 */
userId: string, 
/**
 * Its role.
 */
role: ParticipantRole, } | { "event": "participantSuggestedRemoved", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The participant.
 */
userId: string, 
/**
 * Its role.
 */
role: ParticipantRole, } | { "event": "consumerStepUp", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The previous consumer's id (now a removed participant).
 */
previousConsumer: string, 
/**
 * The new consumer's id.
 */
consumer: string, } | { "event": "skillChange", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * The skill before.
 */
prevSkillId: string, 
/**
 * The skill now.
 */
newSkillId: string, } | { "event": "groupChange", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * The group before.
 */
prevGroupId: string | null, 
/**
 * The group now.
 */
newGroupId: string | null, } | { "event": "ttrChange", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * TTR type.
 */
ttrType: TtrType | null, 
/**
 * TTR value (s).
 */
ttrValue: number | null, 
/**
 * Effective TTR (epoch ms).
 */
ttrEffective: number | null, } | { "event": "manualEttrChange", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Manual ETTR (epoch ms).
 */
ttrEffectiveManual: number | null, 
/**
 * Effective TTR (epoch ms).
 */
ttrEffective: number | null, } | { "event": "dialog", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, } | { "event": "dialogClose", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, } | { "event": "notificationIgnored", 
/**
 * Conversation id.
 */
conversationId: string, } | { "event": "notificationOutOfOrder", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * The dialog, when only a dialog's update was out of order.
 */
dialogId: string | null, } | { "event": "chatStateChange", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The participant.
 */
userId: string, 
/**
 * New chat state.
 */
chatState: ChatState, } | { "event": "roleChange", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The participant.
 */
userId: string, 
/**
 * The role before.
 */
prevRole: ParticipantRole, 
/**
 * The role now.
 */
role: ParticipantRole, } | { "event": "stateChange", 
/**
 * Conversation id.
 */
conversationId: string, 
/**
 * Dialog id.
 */
dialogId: string, 
/**
 * The participant.
 */
userId: string, 
/**
 * Its role.
 */
role: ParticipantRole, 
/**
 * New state.
 */
state: ParticipantState, } | { "event": "ring", 
/**
 * Ring id.
 */
ringId: string, } | { "event": "ringStateChange", 
/**
 * Ring id.
 */
ringId: string, 
/**
 * The new state.
 */
ringState: RingState, } | { "event": "agentStateChange", 
/**
 * `agentUserId` (old id).
 */
agentId: string, 
/**
 * New availability.
 */
agentState: AgentState, } | { "event": "skillEnteredWorkHours", 
/**
 * Skill id.
 */
skillId: string, } | { "event": "skillEnteredOffHours", 
/**
 * Skill id.
 */
skillId: string, } | { "event": "error", 
/**
 * The conversation concerned, if known.
 */
conversationId: string | null, 
/**
 * What was wrong.
 */
message: string, };
