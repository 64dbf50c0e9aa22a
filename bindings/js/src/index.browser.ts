/**
 * `lp-messaging-sdk` for browsers, the consumer build: what a chat page needs (consumer
 * connections, messages, files with previews drawn by the browser's own image decoders).
 * The wasm core is fetched next to this module and compiled while it streams in;
 * `connection.open()` waits for it and `lpm.ready` resolves once it is loaded. Brand
 * features in a browser (an agent console): `lp-messaging-sdk/browser-full`.
 *
 * @example
 * ```js
 * import lpm from 'lp-messaging-sdk';
 * const connection = lpm.createConnection({ appId: 'web_chat', accountId: '12345678', userType: lpm.UserType.CONSUMER });
 * await connection.open();
 * ```
 * @module
 */
import { setPlatform } from './platform.js';
import { browserPlatform } from './platform-browser.js';
import { drawPreview } from './preview-browser.js';
import * as api from './api.js';

const platform = browserPlatform(new URL('./lpm_wasm_consumer_bg.wasm', import.meta.url), drawPreview);
setPlatform(platform);

/** Resolves when the SDK's WebAssembly core is loaded. */
export const ready: Promise<void> = platform.ready();

export * from './api.js';
export default { ...api, ready };
