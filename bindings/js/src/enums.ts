/**
 * Every enum of the lp-messaging-sdk API, with LivePerson's values.
 *
 * @example
 * ```js
 * const lpm = require('lp-messaging-sdk');
 * lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.CONSUMER });
 * ```
 * @module
 */

function names<const T extends string>(...values: T[]): { readonly [K in T]: K } {
  const o = {} as { [K in T]: K };
  for (const v of values) (o as Record<string, string>)[v] = v;
  return Object.freeze(o);
}

/**
 * Who connects: a consumer or a brand user (agent, bot).
 *
 * @example
 * ```js
 * lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.BRAND, authData });
 * ```
 */
export const UserType = Object.freeze({ CONSUMER: 'consumer', BRAND: 'brand' } as const);
/**
 * Transport of a connection.
 *
 * @example
 * ```js
 * const webhooks = lpm.createConnection({ accountId: '12345678', userType: lpm.UserType.BRAND, connectionType: lpm.ConnectionType.NULL });
 * await webhooks.processWebhooksNotification(payload);
 * ```
 */
export const ConnectionType = Object.freeze({ WEBSOCKET: 'ws', REST: 'rest', SEND_API: 'sendapi', NULL: 'null' } as const);
/**
 * `connection.state` values.
 *
 * @example
 * ```js
 * if (connection.state === lpm.ConnectionState.CONNECTED) await conversation.sendMessage('hi');
 * ```
 */
export const ConnectionState = Object.freeze({
  INITIAL: 'initial', CONNECTING: 'connecting', CONNECTED: 'connected', FAILED_TO_CONNECT: 'failed_to_connect',
  DISCONNECTED: 'disconnected', CLOSING: 'closing', CLOSED: 'closed', NULL: 'null',
} as const);
/**
 * Agent availability for `setAgentState`.
 *
 * @example
 * ```js
 * await connection.setAgentState({ agentState: lpm.AgentState.ONLINE });
 * ```
 */
export const AgentState = names('ONLINE', 'OFFLINE', 'AWAY', 'BACK_SOON', 'OCCUPIED');
/**
 * Conversation `stage` values (`CLOSING` while `close()` runs).
 *
 * @example
 * ```js
 * if (conversation.stage === lpm.ConversationState.OPEN) await conversation.close();
 * ```
 */
export const ConversationState = names('OPEN', 'CLOSE', 'LOCKED', 'CLOSING');
/**
 * Context types for `createConversation({context})`.
 *
 * @example
 * ```js
 * await connection.createConversation({ context: { type: lpm.ConversationContextType.SHARK, lang: 'en-US' } });
 * ```
 */
export const ConversationContextType = Object.freeze({
  SHARK: 'SharkContext', FACEBOOK: 'FacebookContext', CUSTOM: 'CustomContext', MOBILE_APP: 'MobileAppContext',
  SMS: 'SMSContext', PROACTIVE: 'ProactiveContext', VOICE: 'VoiceContext',
} as const);
/**
 * Dialog types.
 *
 * @example
 * ```js
 * const survey = conversation.getDialog(lpm.DialogType.POST_SURVEY);
 * ```
 */
export const DialogType = names('MAIN', 'AGENTS', 'OTHER', 'POST_SURVEY', 'PRE_CONVERSATION_OPT_IN');
/**
 * Dialog states.
 *
 * @example
 * ```js
 * const open = conversation.dialogs.filter(d => d.state === lpm.DialogState.OPEN);
 * ```
 */
export const DialogState = names('OPEN', 'CLOSE');
/**
 * Who closed a dialog.
 *
 * @example
 * ```js
 * await conversation.openDialog.close(lpm.DialogCloseReason.AGENT);
 * ```
 */
export const DialogCloseReason = names('CONSUMER', 'AGENT', 'SYSTEM');
/**
 * Participant roles.
 *
 * @example
 * ```js
 * await conversation.join(lpm.ParticipantRole.MANAGER);
 * ```
 */
export const ParticipantRole = names('CONSUMER', 'ASSIGNED_AGENT', 'AGENT', 'MANAGER', 'READER', 'BRAND_BOT', 'CONTROLLER');
/**
 * Participant states.
 *
 * @example
 * ```js
 * conversation.assignedAgent?.on('stateChange', state => { if (state === lpm.ParticipantState.REMOVED) console.log('agent left'); });
 * ```
 */
export const ParticipantState = names('ACTIVE', 'SUGGESTED', 'REMOVED');
/**
 * Chat states (typing indicators and presence).
 *
 * @example
 * ```js
 * await conversation.openDialog.setChatState(lpm.ParticipantChatState.COMPOSING);
 * ```
 */
export const ParticipantChatState = names('ACTIVE', 'INACTIVE', 'GONE', 'COMPOSING', 'PAUSE', 'BACKGROUND', 'REMOVED');
/**
 * Ring states; ignore rings that are not `WAITING`.
 *
 * @example
 * ```js
 * connection.on('ring', ring => { if (ring.ringState === lpm.RingState.WAITING) ring.accept(); });
 * ```
 */
export const RingState = names('WAITING', 'CANCELLED', 'EXPIRED', 'ACCEPTED', 'REJECTED');
/**
 * CSAT statuses.
 *
 * @example
 * ```js
 * await conversation.setCsat('4', true, lpm.CsatStatus.FILLED);
 * ```
 */
export const CsatStatus = names('FILLED', 'PARTIALLY_FILLED', 'SKIPPED', 'EMPTY');
/**
 * Device families for client properties.
 *
 * @example
 * ```js
 * lpm.createClientProperties({ deviceFamily: lpm.DeviceFamily.MOBILE });
 * ```
 */
export const DeviceFamily = names('DESKTOP', 'TABLET', 'MOBILE', 'PDA', 'OTHER', 'UNKNOWN');
/**
 * Operating systems for client properties.
 *
 * @example
 * ```js
 * lpm.createClientProperties({ os: lpm.OS.ANDROID, osVersion: '14' });
 * ```
 */
export const OS = names('WINDOWS', 'LINUX', 'OSX', 'ANDROID', 'IOS', 'OTHER');
/**
 * Messaging features a client supports.
 *
 * @example
 * ```js
 * lpm.createClientProperties({ features: [lpm.Features.RICH_CONTENT, lpm.Features.QUICK_REPLIES, lpm.Features.MULTI_DIALOG] });
 * ```
 */
export const Features = names('CO_BROWSE', 'CO_APP', 'PHOTO_SHARING', 'FILE_SHARING', 'SECURE_FORMS', 'AUTO_MESSAGES',
  'RICH_CONTENT', 'QUICK_REPLIES', 'MULTI_DIALOG', 'MARKDOWN_HYPERLINKS');
/**
 * Integrations for client properties.
 *
 * @example
 * ```js
 * lpm.createClientProperties({ integration: lpm.Integration.BRAND_SDK, integrationVersion: '1.0.0' });
 * ```
 */
export const Integration = names('WEB_SDK', 'MOBILE_SDK', 'BRAND_SDK');
/**
 * Message content types.
 *
 * @example
 * ```js
 * conversation.on('message', m => { if (m.contentType === lpm.ContentType.HOSTED_FILE) console.log('file:', m.caption); });
 * ```
 */
export const ContentType = Object.freeze({ PLAIN_TEXT: 'text/plain', HOSTED_FILE: 'hosted/file', RICH_TEXT: 'RichContentEvent' } as const);
/**
 * Who can see a message.
 *
 * @example
 * ```js
 * const visible = dialog.messages.filter(m => m.messageAudience === lpm.MessageAudience.ALL);
 * ```
 */
export const MessageAudience = names('ALL', 'AGENTS_AND_MANAGERS', 'UNKNOWN');
/**
 * Dialog channel types.
 *
 * @example
 * ```js
 * const messaging = conversation.dialogs.filter(d => d.channelType === lpm.ChannelType.MESSAGING);
 * ```
 */
export const ChannelType = names('MESSAGING', 'LIVE_CHAT', 'COBROWSE');
/**
 * Time-to-respond types.
 *
 * @example
 * ```js
 * await conversation.setTTR(lpm.TTRType.URGENT);
 * ```
 */
export const TTRType = names('NORMAL', 'URGENT', 'PRIORITIZED', 'CUSTOM');
/**
 * Receipt statuses.
 *
 * @example
 * ```js
 * await connection.send({ type: '.ams.ms.PublishEvent', body: { dialogId, event: { type: 'AcceptStatusEvent', status: lpm.DeliveryStatus.READ, sequenceList: [3] } } });
 * ```
 */
export const DeliveryStatus = names('ACCEPT', 'READ', 'ENRICH', 'ACTION', 'ACCESS', 'NACK', 'VIEWED', 'ABORTED', 'ERROR');
/**
 * Subscription states.
 *
 * @example
 * ```js
 * if (connection.defaultSubscription?.state === lpm.SubscriptionState.SUBSCRIBED) console.log('receiving updates');
 * ```
 */
export const SubscriptionState = Object.freeze({
  INITIAL: 'initial', SUBSCRIBED: 'subscribed', UNSUBSCRIBING: 'unsubscribing', UNSUBSCRIBED: 'unsubscribed',
  DISCONNECTED: 'disconnected', RESUBSCRIBING: 'subscribing', FAILED_TO_SUBSCRIBE: 'failed_to_subscribe',
} as const);
/**
 * Routing subscription states (same values as {@link SubscriptionState}).
 *
 * @example
 * ```js
 * const sub = await connection.createRoutingTaskSubscription();
 * if (sub.state === lpm.RoutingSubscriptionState.SUBSCRIBED) console.log('waiting for rings');
 * ```
 */
export const RoutingSubscriptionState = SubscriptionState;

/** A value of one of the enums above. */
export type ValueOf<T> = T[keyof T];
