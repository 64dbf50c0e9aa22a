// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { CloseReason } from "./CloseReason.js";
import type { ConversationStage } from "./ConversationStage.js";
import type { DialogState } from "./DialogState.js";
import type { JsonText } from "./JsonText.js";
import type { MessageRef } from "./MessageRef.js";
import type { ParticipantRef } from "./ParticipantRef.js";
import type { SkillView } from "./SkillView.js";
import type { TtrType } from "./TtrType.js";
import type { UnreadCounts } from "./UnreadCounts.js";
import type { JsonValue } from "./serde_json/JsonValue.js";

/**
 * A conversation without its dialogs' content: its stored fields (but the dialogs and the
 * last content event), `dialogIds`, `openDialogId`, `mainDialogId`, `consumer` /
 * `assignedAgent` participant references, `skill`, and a `latestConsumerMessage` reference.
 */
export type ConversationView = { conversationId: string, accountId: string, stage: ConversationStage, state: DialogState | null, startTime: number | null, updateTime: number | null, closeTime: number | null, closeReason: CloseReason | null, skillId: string, groupId: string | null, ttrType: TtrType | null, ttrValue: number | null, ttrEffective: number | null, ttrEffectiveManual: number | null, delay: JsonValue | null, numberOfUnreadMessages: UnreadCounts, csat: JsonValue | null, csatRate: number | null, note: string | null, campaignId: string | null, engagementId: string | null, appInstId: string | null, handlerAccountId: string | null, handlerSkillId: string | null, firstConversation: boolean | null, context: JsonValue | null, clientProperties: JsonText | null, notificationCount: number, notificationIgnoredCount: number, notificationOutOfOrderCount: number, dialogIds: Array<string>, openDialogId: string | null, mainDialogId: string | null, consumer: ParticipantRef | null, assignedAgent: ParticipantRef | null, skill: SkillView, latestConsumerMessage: MessageRef | null, };
