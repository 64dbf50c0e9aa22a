/**
 * The I/O driver: runs one wasm core, performs the HTTP requests and websockets it asks for,
 * arms its timer, and hands its events to the connection. No protocol logic lives here.
 * @internal
 * @module
 */
import { WasmClient } from '../pkg/lpm_wasm.js';
import { fromCore, fromThrown, type CoreErrorJson, type LpmError } from './errors.js';
import { describe, isCertificateFailure } from './failure.js';
import { platform, type SocketHandle } from './platform.js';
import { askToken, tellInvalid, type TokenSourceLike } from './token-source.js';

/** HTTP requests the core makes get no answer after this long. */
const HTTP_TIMEOUT_MS = 30_000;

/** A core event as JSON. */
export interface CoreEvent {
  event: string;
  [key: string]: unknown;
}

/** What a command completes with. */
export interface CommandOutput {
  kind: string;
  [key: string]: unknown;
}

interface Pending {
  resolve(v: CommandOutput & { bytes?: Uint8Array }): void;
  reject(e: LpmError): void;
}

type Transmit =
  | { kind: 'http'; id: number; method: string; url: string; headers: [string, string][] }
  | { kind: 'openSocket'; id: number; url: string; headers: [string, string][] }
  | { kind: 'sendText'; id: number; text: string }
  | { kind: 'closeSocket'; id: number; code: number; reason: string }
  | { kind: 'tokenRequest'; id: number }
  | { kind: 'tokenInvalid'; source: string };

/** Which of the core's optional events anyone listens for (the core makes only those). */
export interface Listening {
  /** Raw `notification` events. */
  raw(): boolean;
  /** `<type>#request` / `<type>#response` timing events of UMS frames. */
  timings(): boolean;
}

/** Drives one core. */
export class Driver {
  readonly core: WasmClient;
  private readonly pending = new Map<number, Pending>();
  private readonly sockets = new Map<number, SocketHandle>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt: number | undefined;
  private pumping = false;
  private again = false;

  /** What the core was last told about raw notifications and frame timings. */
  private raw = false;
  private timings = false;

  constructor(
    optionsJson: string,
    private readonly onEvent: (e: CoreEvent) => void,
    private readonly tokenSource?: TokenSourceLike,
    /** Who listens now (asked before each frame and command): events nobody hears are not made. */
    private readonly listening: Listening = { raw: () => true, timings: () => true },
  ) {
    try {
      this.core = new WasmClient(optionsJson, Math.floor(Math.random() * 2 ** 52));
    } catch (e) {
      throw fromThrown(e);
    }
    this.core.setRawNotifications(this.raw);
    this.core.setFrameTimings(this.timings);
  }

  /** Tells the core which optional events anyone listens for, when that changed. */
  private syncListening(): void {
    const raw = this.listening.raw();
    if (raw !== this.raw) this.core.setRawNotifications((this.raw = raw));
    const timings = this.listening.timings();
    if (timings !== this.timings) this.core.setFrameTimings((this.timings = timings));
  }

  /** Runs a command and resolves with its output. */
  command(cmd: Record<string, unknown>): Promise<CommandOutput & { bytes?: Uint8Array }> {
    let id: number;
    this.syncListening();
    try {
      id = this.core.command(Date.now(), JSON.stringify(cmd));
    } catch (e) {
      return Promise.reject(fromThrown(e));
    }
    return this.track(id);
  }

  /** Uploads bytes (they do not go through JSON), with the preview the page drew, if any. */
  upload(fileType: string | undefined, data: Uint8Array, preview?: string): Promise<CommandOutput> {
    this.syncListening();
    return this.track(this.core.uploadFile(Date.now(), fileType, data, preview));
  }

  private track(id: number): Promise<CommandOutput & { bytes?: Uint8Array }> {
    const p = new Promise<CommandOutput & { bytes?: Uint8Array }>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    });
    this.pump();
    return p;
  }

  /** Feeds an input and pumps. */
  input(f: (now: number) => void): void {
    f(Date.now());
    this.pump();
  }

  /** Drains transmits and events, then re-arms the timer. Re-entrant calls just ask for another round. */
  pump(): void {
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
          const ev = JSON.parse(e) as CoreEvent;
          if (ev.event === 'command-completed') this.complete(ev);
          else this.deliver(ev);
        }
      } while (this.again);
    } finally {
      this.pumping = false;
    }
    this.arm();
  }

  private deliver(ev: CoreEvent): void {
    try {
      this.onEvent(ev);
    } catch (err) {
      // a throwing listener must not break the driver; report it asynchronously
      queueMicrotask(() => {
        throw err;
      });
    }
  }

  private complete(ev: CoreEvent): void {
    const id = ev.id as number;
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    const result = ev.result as { Ok?: CommandOutput; Err?: CoreErrorJson };
    if (result.Err) p.reject(fromCore(result.Err));
    else {
      const out = result.Ok ?? { kind: 'done' };
      if (out.kind === 'file') (out as { bytes?: Uint8Array }).bytes = this.core.takeBytes();
      p.resolve(out);
    }
  }

  private arm(): void {
    const at = this.core.pollTimeout();
    if (at === this.timerAt && this.timer !== undefined) {
      // same deadline, but whether it must hold the process may have changed (a close)
      platform().holdTimer(this.timer, this.holds());
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = at;
    if (at === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      this.input((now) => this.core.handleTimeout(now));
    }, Math.max(0, at - Date.now()));
    // Keep the process alive while there is work in flight or the connection is open or
    // trying to be: between two reconnect attempts this timer is the only thing left, and a
    // bot that only registered listeners must not exit then. Only close() or a reported
    // permanent failure (the core's state leaves "active") lets the process end.
    platform().holdTimer(this.timer, this.holds());
  }

  private holds(): boolean {
    return this.pending.size > 0 || this.sockets.size > 0 || this.core.isActive();
  }

  private perform(t: Transmit, body: Uint8Array | undefined): void {
    switch (t.kind) {
      case 'http':
        return this.http(t, body);
      case 'openSocket':
        return this.openSocket(t);
      case 'sendText':
        this.sockets.get(t.id)?.send(t.text);
        return;
      case 'closeSocket': {
        const s = this.sockets.get(t.id);
        this.sockets.delete(t.id);
        s?.close(t.code, t.reason);
        return;
      }
      case 'tokenRequest': {
        const source = this.tokenSource;
        if (!source) return this.input((now) => this.core.handleToken(now, t.id, false, 'no token source'));
        void askToken(source).then((a) => this.input((now) => this.core.handleToken(now, t.id, a.ok, a.text)));
        return;
      }
      case 'tokenInvalid':
        if (this.tokenSource) tellInvalid(this.tokenSource, t.source);
        return;
    }
  }

  private http(t: { id: number; method: string; url: string; headers: [string, string][] }, body: Uint8Array | undefined): void {
    platform()
      .http(t.method, t.url, t.headers, body && body.length > 0 ? body : undefined, HTTP_TIMEOUT_MS)
      .then(
        (a) => this.input((now) => this.core.handleHttpResponse(now, t.id, a.status, JSON.stringify(a.headers), a.body)),
        (e: unknown) => this.input((now) => this.core.handleHttpFailure(now, t.id, describe(e), isCertificateFailure(e))),
      );
  }

  private openSocket(t: { id: number; url: string; headers: [string, string][] }): void {
    const id = t.id;
    const handle = platform().openSocket(t.url, t.headers, {
      opened: () => this.input((now) => this.core.handleSocketOpened(now, id)),
      failed: (status, message, certificate = false) => {
        this.sockets.delete(id);
        this.input((now) => this.core.handleSocketFailed(now, id, status, message, certificate));
      },
      text: (data) => {
        this.syncListening();
        this.input((now) => this.core.handleSocketText(now, id, data));
      },
      closed: (code, reason) => {
        this.sockets.delete(id);
        this.input((now) => this.core.handleSocketClosed(now, id, code, reason));
      },
    });
    this.sockets.set(id, handle);
  }
}

