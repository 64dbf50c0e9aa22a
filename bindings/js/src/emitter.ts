/**
 * The EventEmitter every SDK object extends: Node's `events` in Node.js, the `events` npm
 * package (same API) in browsers.
 * @module
 */
export { EventEmitter } from 'events';
