/**
 * The EventEmitter every SDK object extends: Node's `events` in Node.js, the `events` npm
 * package (same API) in browsers. Typed here so the declarations need neither.
 * @module
 */
import { EventEmitter as Base } from 'events';

/** A listener. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Listener = (...args: any[]) => void;

/** The Node.js EventEmitter API the SDK objects offer. */
export interface Emitter {
  on(event: string | symbol, listener: Listener): this;
  addListener(event: string | symbol, listener: Listener): this;
  once(event: string | symbol, listener: Listener): this;
  prependListener(event: string | symbol, listener: Listener): this;
  prependOnceListener(event: string | symbol, listener: Listener): this;
  off(event: string | symbol, listener: Listener): this;
  removeListener(event: string | symbol, listener: Listener): this;
  removeAllListeners(event?: string | symbol): this;
  emit(event: string | symbol, ...args: unknown[]): boolean;
  listenerCount(event: string | symbol): number;
  listeners(event: string | symbol): Listener[];
  eventNames(): (string | symbol)[];
  setMaxListeners(n: number): this;
}

/** Node-compatible EventEmitter class. */
export const EventEmitter: new () => Emitter = Base as unknown as new () => Emitter;
