/** Re-exports used to avoid import cycles in type positions. @internal @module */
export type { Message } from './message.js';
export type { MessageQuery } from './dialog.js';
