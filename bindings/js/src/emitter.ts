/**
 * The EventEmitter every SDK object extends: Node's `events` in Node.js, the `events` npm
 * package (same API) in browsers. Typed here so the declarations need neither.
 * @module
 */
import { EventEmitter as Base } from 'events';
import { guardListenerResult } from './closed.js';

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

/**
 * Node's emit, one difference: a listener's returned promise (an `async` listener) that
 * rejects because `close()` ended its request is handled (`closed.ts`), so a bot's `async`
 * listener still awaiting a request at close does not end the process.
 */
class SdkEmitter extends (Base as unknown as new () => Emitter & { rawListeners(event: string | symbol): Listener[] }) {
  /**
   * Changes whenever a listener is added or removed, so that what is derived from the
   * listeners (which optional events the core makes) is recomputed only then, not per frame.
   * @internal
   */
  _listenerVersion = 0;

  // `once`, `prependOnceListener` and a once-listener's removal go through these.
  override on(event: string | symbol, listener: Listener): this {
    this._listenerVersion++;
    return super.on(event, listener);
  }
  override addListener(event: string | symbol, listener: Listener): this {
    this._listenerVersion++;
    return super.addListener(event, listener);
  }
  override prependListener(event: string | symbol, listener: Listener): this {
    this._listenerVersion++;
    return super.prependListener(event, listener);
  }
  override off(event: string | symbol, listener: Listener): this {
    this._listenerVersion++;
    return super.off(event, listener);
  }
  override removeListener(event: string | symbol, listener: Listener): this {
    this._listenerVersion++;
    return super.removeListener(event, listener);
  }
  override removeAllListeners(event?: string | symbol): this {
    this._listenerVersion++;
    // Node tells "all events" from "the event `undefined`" by the argument count
    return event === undefined ? super.removeAllListeners() : super.removeAllListeners(event);
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    // Node throws an unheard 'error' itself; keep that exactly.
    if (event === 'error' && this.listenerCount('error') === 0) return super.emit(event, ...args);
    // rawListeners: once-wrappers included (they remove themselves and return the result).
    const listeners = this.rawListeners(event);
    if (listeners.length === 0) return false;
    for (const l of listeners) guardListenerResult(Reflect.apply(l, this, args));
    return true;
  }
}

/** Node-compatible EventEmitter class. */
export const EventEmitter: new () => Emitter = SdkEmitter as unknown as new () => Emitter;
