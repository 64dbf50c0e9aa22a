/**
 * `lp-messaging-sdk/browser-full`: the full SDK in a browser, brand features included (an
 * agent console), with the core's own upload previews. Larger than the consumer build
 * (`lp-messaging-sdk`'s browser entry); the build prints both sizes.
 *
 * @example
 * ```js
 * import lpm from 'lp-messaging-sdk/browser-full';
 * const connection = lpm.createConnection({ appId: 'console', accountId: '12345678', userType: lpm.UserType.BRAND, authData });
 * await connection.open();
 * ```
 * @module
 */
import { setPlatform } from './platform.js';
import { browserPlatform } from './platform-browser.js';
import * as api from './api.js';

const platform = browserPlatform(new URL('./lpm_wasm_bg.wasm', import.meta.url));
setPlatform(platform);

/** Resolves when the SDK's WebAssembly core is loaded. */
export const ready: Promise<void> = platform.ready();

export * from './api.js';
export default { ...api, ready };
