// Waiting for events with a timeout (no sleeps as synchronisation).

/** Resolves with the first event `name` of `emitter` whose arguments satisfy `pred`. */
export function once(emitter, name, { timeout = 10_000, pred = () => true } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, on);
      reject(new Error(`timed out after ${timeout} ms waiting for '${name}'`));
    }, timeout);
    function on(...args) {
      if (!pred(...args)) return;
      clearTimeout(timer);
      emitter.off(name, on);
      resolve(args.length > 1 ? args : args[0]);
    }
    emitter.on(name, on);
  });
}

/** Polls `check()` (a cheap, synchronous read) until it returns a truthy value. */
export async function until(check, { timeout = 10_000, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Rejects if `p` does not settle within `ms`. */
export function within(p, ms, what = 'operation') {
  let t;
  return Promise.race([p, new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`${what} did not finish within ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}
