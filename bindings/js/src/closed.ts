/**
 * `close()` ends what is still pending: requests waiting for an answer or for a reconnect
 * reject with a `StateError` of kind `closed`. A caller that awaits gets it as always. A caller
 * that does not await (the seed's bots call `sendMessage`, `join` and `accept` from listeners
 * without awaiting, or await them inside an `async` listener that nobody awaits) must not have
 * its process ended by an unhandled rejection for a close it asked for itself. So such a
 * rejection is marked handled the moment it happens; every other rejection stays as it was
 * (an unawaited one is still reported by the runtime).
 *
 * Requests in flight when the socket *drops* do not reject at all: the core sends them again
 * after the reconnect.
 * @internal
 * @module
 */
import { LpmError } from './errors.js';

/** Whether `e` is the rejection `close()` gives pending requests. */
export function isClosedError(e: unknown): boolean {
  return e instanceof LpmError && e.kind === 'closed';
}

/**
 * The same outcome as `p`, but a `closed` rejection is already handled when it happens.
 *
 * @example
 * ```js
 * const p = quietOnClose(conversation.sendMessage('bye')); // not awaited: a close() in between ends no process
 * ```
 */
export function quietOnClose<T>(p: Promise<T>): Promise<T> {
  const out: Promise<T> = new Promise<T>((resolve, reject) => {
    p.then(resolve, (e: unknown) => {
      reject(e);
      // Attached in the same turn as the rejection: the runtime never sees it unhandled.
      if (isClosedError(e)) out.catch(() => {});
    });
  });
  return out;
}

/**
 * A listener's returned promise (an `async` listener): a `closed` rejection of it is handled,
 * any other one is left to the runtime as before.
 */
export function guardListenerResult(r: unknown): void {
  if (r instanceof Promise) {
    r.then(undefined, (e: unknown) => {
      if (!isClosedError(e)) throw e;
    });
  }
}

/**
 * Wraps every public method of each class so that a promise it returns goes through
 * {@link quietOnClose}. Applied once to the SDK's classes by the module API.
 *
 * @example
 * ```js
 * quietPublicMethods(Conversation, Dialog); // conversation.sendMessage(...) unawaited is safe at close()
 * ```
 */
export function quietPublicMethods(...classes: Array<{ prototype: object }>): void {
  for (const cls of classes) {
    const proto = cls.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name.startsWith('_')) continue;
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (!d || typeof d.value !== 'function') continue;
      const original = d.value as (...args: unknown[]) => unknown;
      const wrapped = function (this: unknown, ...args: unknown[]): unknown {
        const r = original.apply(this, args);
        return r instanceof Promise ? quietOnClose(r) : r;
      };
      Object.defineProperty(wrapped, 'name', { value: name });
      Object.defineProperty(wrapped, 'length', { value: original.length });
      Object.defineProperty(proto, name, { ...d, value: wrapped });
    }
  }
}
