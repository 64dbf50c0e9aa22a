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

/** Who connects: a consumer or a brand user (agent, bot). */
export const UserType = Object.freeze({ CONSUMER: 'consumer', BRAND: 'brand' } as const);
/** Transport of a connection. */
export const ConnectionType = Object.freeze({ WEBSOCKET: 'ws', REST: 'rest', SEND_API: 'sendapi', NULL: 'null' } as const);
/** `connection.state` values. */
export const ConnectionState = Object.freeze({
  INITIAL: 'initial', CONNECTING: 'connecting', CONNECTED: 'connected', FAILED_TO_CONNECT: 'failed_to_connect',
  DISCONNECTED: 'disconnected', CLOSING: 'closing', CLOSED: 'closed', NULL: 'null',
} as const);
/** Agent availability for `setAgentState`. */
export const AgentState = names('ONLINE', 'OFFLINE', 'AWAY', 'BACK_SOON', 'OCCUPIED');
/** Conversation `stage` values (`CLOSING` while `close()` runs). */
export const ConversationState = names('OPEN', 'CLOSE', 'LOCKED', 'CLOSING');
/** Context types for `createConversation({context})`. */
export const ConversationContextType = Object.freeze({
  SHARK: 'SharkContext', FACEBOOK: 'FacebookContext', CUSTOM: 'CustomContext', MOBILE_APP: 'MobileAppContext',
  SMS: 'SMSContext', PROACTIVE: 'ProactiveContext', VOICE: 'VoiceContext',
} as const);
/** Dialog types. */
export const DialogType = names('MAIN', 'AGENTS', 'OTHER', 'POST_SURVEY', 'PRE_CONVERSATION_OPT_IN');
/** Dialog states. */
export const DialogState = names('OPEN', 'CLOSE');
/** Who closed a dialog. */
export const DialogCloseReason = names('CONSUMER', 'AGENT', 'SYSTEM');
/** Participant roles. */
export const ParticipantRole = names('CONSUMER', 'ASSIGNED_AGENT', 'AGENT', 'MANAGER', 'READER', 'BRAND_BOT', 'CONTROLLER');
/** Participant states. */
export const ParticipantState = names('ACTIVE', 'SUGGESTED', 'REMOVED');
/** Chat states (typing indicators and presence). */
export const ParticipantChatState = names('ACTIVE', 'INACTIVE', 'GONE', 'COMPOSING', 'PAUSE', 'BACKGROUND', 'REMOVED');
/** Ring states; ignore rings that are not `WAITING`. */
export const RingState = names('WAITING', 'CANCELLED', 'EXPIRED', 'ACCEPTED', 'REJECTED');
/** CSAT statuses. */
export const CsatStatus = names('FILLED', 'PARTIALLY_FILLED', 'SKIPPED', 'EMPTY');
/** Device families for client properties. */
export const DeviceFamily = names('DESKTOP', 'TABLET', 'MOBILE', 'PDA', 'OTHER', 'UNKNOWN');
/** Operating systems for client properties. */
export const OS = names('WINDOWS', 'LINUX', 'OSX', 'ANDROID', 'IOS', 'OTHER');
/** Messaging features a client supports. */
export const Features = names('CO_BROWSE', 'CO_APP', 'PHOTO_SHARING', 'FILE_SHARING', 'SECURE_FORMS', 'AUTO_MESSAGES',
  'RICH_CONTENT', 'QUICK_REPLIES', 'MULTI_DIALOG', 'MARKDOWN_HYPERLINKS');
/** Integrations for client properties. */
export const Integration = names('WEB_SDK', 'MOBILE_SDK', 'BRAND_SDK');
/** Message content types. */
export const ContentType = Object.freeze({ PLAIN_TEXT: 'text/plain', HOSTED_FILE: 'hosted/file', RICH_TEXT: 'RichContentEvent' } as const);
/** Who can see a message. */
export const MessageAudience = names('ALL', 'AGENTS_AND_MANAGERS', 'UNKNOWN');
/** Dialog channel types. */
export const ChannelType = names('MESSAGING', 'LIVE_CHAT', 'COBROWSE');
/** Time-to-respond types. */
export const TTRType = names('NORMAL', 'URGENT', 'PRIORITIZED', 'CUSTOM');
/** Receipt statuses. */
export const DeliveryStatus = names('ACCEPT', 'READ', 'ENRICH', 'ACTION', 'ACCESS', 'NACK', 'VIEWED', 'ABORTED', 'ERROR');
/** Subscription states. */
export const SubscriptionState = Object.freeze({
  INITIAL: 'initial', SUBSCRIBED: 'subscribed', UNSUBSCRIBING: 'unsubscribing', UNSUBSCRIBED: 'unsubscribed',
  DISCONNECTED: 'disconnected', RESUBSCRIBING: 'subscribing', FAILED_TO_SUBSCRIBE: 'failed_to_subscribe',
} as const);
/** Routing subscription states (same values as {@link SubscriptionState}). */
export const RoutingSubscriptionState = SubscriptionState;

/** A value of one of the enums above. */
export type ValueOf<T> = T[keyof T];
