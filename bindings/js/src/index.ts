/**
 * `lp-messaging-sdk` for Node.js (≥ 18): the wasm core is loaded synchronously, so
 * `require('lp-messaging-sdk').createConnection(...)` works at once.
 *
 * @example
 * ```js
 * const lpm = require('lp-messaging-sdk');
 * const connection = lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.CONSUMER });
 * ```
 * @module
 */
import { setPlatform } from './platform.js';
import { nodePlatform } from './platform-node.js';
import * as api from './api.js';

setPlatform(nodePlatform);
nodePlatform.isReady();

export * from './api.js';
export default api;
