/**
 * The I/O driver of every wasm core (a connection's `WasmClient`, and the helpers'
 * `WasmTokenMaintainer`, `WasmShiftStatusPoller`, `WasmCsds`): one loop drains the core's
 * outputs (`pollOutputs`), performs the HTTP requests, token-source calls and (connections
 * only) websockets they ask for, hands events on, and arms the core's timer. No protocol
 * logic lives here.
 * @internal
 * @module
 */
import { WasmClient } from '../pkg/lpm_wasm.js';
import { fromCore, fromThrown, type LpmError } from './errors.js';
import type { CommandOutput } from './generated/CommandOutput.js';
import type { Event } from './generated/Event.js';
import type { ModelEventOutput } from './generated/ModelEventOutput.js';
import type { Output } from './generated/Output.js';
import type { Transmit } from './generated/Transmit.js';
import { describe, isCertificateFailure } from './failure.js';
import { platform, type SocketHandle } from './platform.js';
import { askToken, tellInvalid, type TokenSourceLike } from './token-source.js';

/** HTTP requests the core makes get no answer after this long. */
const HTTP_TIMEOUT_MS = 30_000;

/** A connection's event as `pollOutputs` gives it: the core's events, model events with their JS name and emitter. */
export type CoreEvent = Exclude<Event, { event: 'model' }> | ModelEventOutput;

/** What a command completes with (a downloaded file's bytes come with it). */
export type CommandResult = CommandOutput & { bytes?: Uint8Array };

/** Any field name of any command output. */
type OutputField = CommandOutput extends infer U ? (U extends unknown ? keyof U : never) : never;

/**
 * A field of a command's output, `undefined` when the core answered with a kind without it
 * (a send whose answer had no sequence completes with its `body`).
 */
export function outputField<F extends OutputField>(out: CommandOutput, field: F): Extract<CommandOutput, Record<F, unknown>>[F] | undefined {
  return field in out ? (out as Extract<CommandOutput, Record<F, unknown>>)[field] : undefined;
}

interface Pending {
  resolve(v: CommandResult): void;
  reject(e: LpmError): void;
}

/** What only a connection asks for. */
type SocketTransmit = Extract<Transmit, { kind: 'openSocket' | 'sendText' | 'closeSocket' }>;

/** The driver-facing methods every wasm core has (the core's `Machine` trait). */
export interface MachineCore {
  pollOutputs(): string | undefined;
  takeBytes(): Uint8Array;
  pollTimeout(): number | undefined;
  handleTimeout(now: number): void;
  handleHttpResponse(now: number, id: number, status: number, headersJson: string, body: Uint8Array): void;
  handleHttpFailure(now: number, id: number, message: string, certificate: boolean): void;
  handleToken(now: number, id: number, ok: boolean, text: string): void;
}

/**
 * Drives one core: feeds it inputs with the current time, drains its outputs, arms its timer.
 * The helpers use it as it is; a connection's {@link Driver} adds sockets and commands.
 */
export class MachineDriver<C extends MachineCore, E> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt: number | undefined;
  private pumping = false;
  private again = false;

  constructor(
    readonly core: C,
    private readonly onEvent: (e: E) => void,
    protected readonly tokenSource?: TokenSourceLike,
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
    this.timerAt = undefined;
  }

  /** Drains the core's outputs, then re-arms the timer. Re-entrant calls just ask for another round. */
  pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        // one crossing and one parse per batch; a batch ends early after an output whose
        // bytes wait in takeBytes, so this asks until the core has nothing left
        for (let batch = this.core.pollOutputs(); batch !== undefined; batch = this.core.pollOutputs()) {
          for (const out of JSON.parse(batch) as Output<E | null>[]) {
            // `event` is null only if the core failed to serialise one (not expected): skipped
            if ('transmit' in out) {
              const body = out.transmit.kind === 'http' ? this.core.takeBytes() : undefined;
              this.perform(out.transmit, body);
            } else if (out.event) {
              this.event(out.event);
            }
          }
        }
      } while (this.again);
    } finally {
      this.pumping = false;
    }
    this.arm();
  }

  /** Hands an event on. */
  protected event(ev: E): void {
    try {
      this.onEvent(ev);
    } catch (err) {
      // a throwing listener must not break the driver; report it asynchronously
      queueMicrotask(() => {
        throw err;
      });
    }
  }

  /** Whether the core's timer keeps Node.js alive: a helper's never does (like LivePerson's unref'd timers). */
  protected holds(): boolean {
    return false;
  }

  /** Websocket transmits: only a connection makes them. */
  protected socket(_t: SocketTransmit): void {}

  private arm(): void {
    const at = this.core.pollTimeout();
    if (at === this.timerAt && this.timer !== undefined) {
      // same deadline, but whether it must hold the process may have changed (a close)
      platform().holdTimer(this.timer, this.holds());
      return;
    }
    this.halt();
    this.timerAt = at;
    if (at === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      this.input((c, now) => c.handleTimeout(now));
    }, Math.max(0, at - Date.now()));
    platform().holdTimer(this.timer, this.holds());
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
        const source = this.tokenSource;
        if (!source) {
          this.input((c, now) => c.handleToken(now, t.id, false, 'no token source'));
          return;
        }
        void askToken(source).then((a) => this.input((c, now) => c.handleToken(now, t.id, a.ok, a.text)));
        return;
      }
      case 'tokenInvalid':
        if (this.tokenSource) tellInvalid(this.tokenSource, t.source);
        return;
      default:
        this.socket(t);
    }
  }
}

/** Which of the core's optional events anyone listens for (the core makes only those). */
export interface Listening {
  /** Raw `notification` events. */
  raw(): boolean;
  /** `<type>#request` / `<type>#response` timing events of UMS frames. */
  timings(): boolean;
}

/** Drives one connection's core: the shared loop, plus commands and websockets. */
export class Driver extends MachineDriver<WasmClient, CoreEvent> {
  private readonly pending = new Map<number, Pending>();
  private readonly sockets = new Map<number, SocketHandle>();

  /** What the core was last told about raw notifications and frame timings. */
  private raw = false;
  private timings = false;

  constructor(
    optionsJson: string,
    onEvent: (e: CoreEvent) => void,
    tokenSource?: TokenSourceLike,
    /** Who listens now (asked before each frame and command): events nobody hears are not made. */
    private readonly listening: Listening = { raw: () => true, timings: () => true },
  ) {
    super(Driver.create(optionsJson), onEvent, tokenSource);
    this.core.setRawNotifications(this.raw);
    this.core.setFrameTimings(this.timings);
  }

  private static create(optionsJson: string): WasmClient {
    try {
      return new WasmClient(optionsJson, Math.floor(Math.random() * 2 ** 52));
    } catch (e) {
      throw fromThrown(e);
    }
  }

  /** Tells the core which optional events anyone listens for, when that changed. */
  private syncListening(): void {
    const raw = this.listening.raw();
    if (raw !== this.raw) this.core.setRawNotifications((this.raw = raw));
    const timings = this.listening.timings();
    if (timings !== this.timings) this.core.setFrameTimings((this.timings = timings));
  }

  /** Runs a command and resolves with its output. */
  command(cmd: Record<string, unknown>): Promise<CommandResult> {
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

  private track(id: number): Promise<CommandResult> {
    const p = new Promise<CommandResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    });
    this.pump();
    return p;
  }

  protected override event(ev: CoreEvent): void {
    if (ev.event === 'command-completed') this.complete(ev);
    else super.event(ev);
  }

  private complete(ev: Extract<CoreEvent, { event: 'command-completed' }>): void {
    const p = this.pending.get(ev.id);
    if (!p) return;
    this.pending.delete(ev.id);
    const result = ev.result;
    if ('Err' in result) p.reject(fromCore(result.Err));
    else {
      const out: CommandResult = result.Ok;
      if (out.kind === 'file') out.bytes = this.core.takeBytes();
      p.resolve(out);
    }
  }

  /**
   * Keep the process alive while there is work in flight or the connection is open or
   * trying to be: between two reconnect attempts the timer is the only thing left, and a
   * bot that only registered listeners must not exit then. Only close() or a reported
   * permanent failure (the core's state leaves "active") lets the process end.
   */
  protected override holds(): boolean {
    return this.pending.size > 0 || this.sockets.size > 0 || this.core.isActive();
  }

  protected override socket(t: SocketTransmit): void {
    switch (t.kind) {
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
    }
  }

  private openSocket(t: Extract<Transmit, { kind: 'openSocket' }>): void {
    const id = t.id;
    const handle = platform().openSocket(t.url, t.headers, {
      opened: () => this.input((c, now) => c.handleSocketOpened(now, id)),
      failed: (status, message, certificate = false) => {
        this.sockets.delete(id);
        this.input((c, now) => c.handleSocketFailed(now, id, status, message, certificate));
      },
      text: (data) => {
        this.syncListening();
        // Node.js hands the frame's UTF-8 bytes: they go in as they are, not via a JS string
        if (typeof data === 'string') this.input((c, now) => c.handleSocketText(now, id, data));
        else this.input((c, now) => c.handleSocketBytes(now, id, data));
      },
      closed: (code, reason) => {
        this.sockets.delete(id);
        this.input((c, now) => c.handleSocketClosed(now, id, code, reason));
      },
    });
    this.sockets.set(id, handle);
  }
}
