/**
 * The I/O driver of the helper state machines (TokenMaintainer, ShiftStatusPoller, CSDS):
 * performs the HTTP requests and token-source calls the core asks for and arms its timer.
 * No protocol logic lives here.
 * @internal
 * @module
 */
import { describe, isCertificateFailure } from './failure.js';
import { platform } from './platform.js';
import { askToken, tellInvalid, type TokenSourceLike } from './token-source.js';

const HTTP_TIMEOUT_MS = 30_000;

/** The methods every helper core (`WasmTokenMaintainer`, …) has. */
export interface MachineCore {
  pollTransmit(): string | undefined;
  takeBytes(): Uint8Array;
  pollEvent(): string | undefined;
  pollTimeout(): number | undefined;
  handleTimeout(now: number): void;
  handleHttpResponse(now: number, id: number, status: number, headersJson: string, body: Uint8Array): void;
  handleHttpFailure(now: number, id: number, message: string, certificate: boolean): void;
  handleToken?(now: number, id: number, ok: boolean, text: string): void;
  free?(): void;
}

type Transmit =
  | { kind: 'http'; id: number; method: string; url: string; headers: [string, string][] }
  | { kind: 'tokenRequest'; id: number }
  | { kind: 'tokenInvalid'; source: string };

/** Drives one helper core. */
export class MachineDriver<C extends MachineCore> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pumping = false;
  private again = false;

  constructor(
    readonly core: C,
    private readonly onEvent: (e: Record<string, unknown>) => void,
    private readonly source?: TokenSourceLike,
  ) {}

  /** Runs `f` on the core with the current time, then pumps. */
  input<R>(f: (core: C, now: number) => R): R {
    const r = f(this.core, Date.now());
    this.pump();
    return r;
  }

  /** Stops the timer (the core keeps its state). */
  halt(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        for (let t = this.core.pollTransmit(); t !== undefined; t = this.core.pollTransmit()) {
          const tr = JSON.parse(t) as Transmit;
          const body = tr.kind === 'http' ? this.core.takeBytes() : undefined;
          this.perform(tr, body);
        }
        for (let e = this.core.pollEvent(); e !== undefined; e = this.core.pollEvent()) {
          try {
            this.onEvent(JSON.parse(e) as Record<string, unknown>);
          } catch (err) {
            queueMicrotask(() => {
              throw err;
            });
          }
        }
      } while (this.again);
    } finally {
      this.pumping = false;
    }
    this.arm();
  }

  private arm(): void {
    this.halt();
    const at = this.core.pollTimeout();
    if (at === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.input((c, now) => c.handleTimeout(now));
    }, Math.max(0, at - Date.now()));
    // a helper's own timers never keep Node.js alive (like LivePerson's unref'd timers)
    platform().holdTimer(this.timer, false);
  }

  private perform(t: Transmit, body: Uint8Array | undefined): void {
    switch (t.kind) {
      case 'http':
        platform()
          .http(t.method, t.url, t.headers, body && body.length > 0 ? body : undefined, HTTP_TIMEOUT_MS)
          .then(
            (a) => this.input((c, now) => c.handleHttpResponse(now, t.id, a.status, JSON.stringify(a.headers), a.body)),
            (e: unknown) => this.input((c, now) => c.handleHttpFailure(now, t.id, describe(e), isCertificateFailure(e))),
          );
        return;
      case 'tokenRequest': {
        const source = this.source;
        if (!source) {
          this.input((c, now) => c.handleToken?.(now, t.id, false, 'no token source'));
          return;
        }
        void askToken(source).then((a) => this.input((c, now) => c.handleToken?.(now, t.id, a.ok, a.text)));
        return;
      }
      case 'tokenInvalid':
        if (this.source) tellInvalid(this.source, t.source);
        return;
    }
  }
}
