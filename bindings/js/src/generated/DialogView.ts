// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { ChannelType } from "./ChannelType.js";
import type { CloseReason } from "./CloseReason.js";
import type { DialogState } from "./DialogState.js";
import type { DialogType } from "./DialogType.js";
import type { ParticipantRef } from "./ParticipantRef.js";
import type { JsonValue } from "./serde_json/JsonValue.js";

/**
 * A dialog: its stored fields, participants (active and suggested) and `removedParticipants`
 * as references, the `sequences` of its messages, `assignedAgent`, `consumer` and `self`
 * references, and `isOpen`.
 */
export type DialogView = { conversationId: string, dialogId: string, dialogType: DialogType, channelType: ChannelType, state: DialogState, closing: boolean, startTime: number | null, updateTime: number | null, endTime: number | null, closedBy: CloseReason | null, closedCause: string | null, metaData: JsonValue | null, participants: Array<ParticipantRef>, removedParticipants: Array<ParticipantRef>, sequences: Array<number>, assignedAgent: ParticipantRef | null, consumer: ParticipantRef | null, self: ParticipantRef | null, isOpen: boolean, };
