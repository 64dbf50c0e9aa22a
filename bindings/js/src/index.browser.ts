/**
 * `lp-messaging-sdk` for browsers: the wasm core is fetched next to this module;
 * `connection.open()` waits for it. `lpm.ready` resolves once it is loaded.
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
import * as api from './api.js';

setPlatform(browserPlatform);

/** Resolves when the SDK's WebAssembly core is loaded. */
export const ready: Promise<void> = browserPlatform.ready();

export * from './api.js';
export default { ...api, ready };
