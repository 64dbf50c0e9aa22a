/**
 * `lpm.ShiftStatusPoller` (sdk-api §1.2): polls skill shift status on the core's cadence
 * (`WasmShiftStatusPoller`); this class performs its HTTP and token-source calls and
 * re-emits its events.
 * @module
 */
import { WasmShiftStatusPoller } from '../pkg/lpm_wasm.js';
import { EventEmitter } from './emitter.js';
import { fromCore, fromThrown, StateError } from './errors.js';
import { MachineDriver } from './driver.js';
import type { PollerEvent } from './generated/PollerEvent.js';
import { platform } from './platform.js';
import { checkTokenSource, type TokenSourceLike } from './token-source.js';

/** One skill's shift status. */
export interface ShiftStatus {
  skillId: string;
  onShift: boolean;
  nextOn: number | null;
  nextOff: number | null;
}

/** `new ShiftStatusPoller(options)`: `token` or `tokenMaintainer` is required. */
export interface ShiftStatusPollerOptions {
  /** Brand account id (required). */
  accountId: string;
  /** A fixed bearer (a 401 is reported, not retried). */
  token?: string;
  /** A token source (e.g. an `lpm.TokenMaintainer`): a 401 regenerates its token, the poll is retried once. */
  tokenMaintainer?: TokenSourceLike;
  /** CSDS location (default LivePerson's; `LPM_CSDS_URL` in Node.js). */
  csdsUrl?: string;
}

/**
 * Polls skill shift status: right away, after a random 0–60 s, then every 54–60 s.
 *
 * Events: `shiftStatusData` (array of `{skillId, onShift, nextOn, nextOff}`),
 * `getShiftStatus#request` `{start}`, `getShiftStatus#response` `{start, end}`,
 * `getShiftStatus#error` (an Error).
 *
 * @example
 * ```js
 * const poller = new lpm.ShiftStatusPoller({ accountId: '12345678', tokenMaintainer: maintainer });
 * poller.on('shiftStatusData', (skills) => console.log(skills));
 * poller.start();
 * ```
 */
export class ShiftStatusPoller extends EventEmitter {
  private readonly driver: MachineDriver<WasmShiftStatusPoller, PollerEvent>;

  constructor(options: ShiftStatusPollerOptions) {
    super();
    if (options === null || typeof options !== 'object') throw fromThrown(JSON.stringify({ kind: 'invalid', message: 'new ShiftStatusPoller needs an options object' }));
    if (!platform().isReady()) throw new StateError('the SDK is still loading; construct a ShiftStatusPoller after `await lpm.ready`', { kind: 'invalidState' });
    const { tokenMaintainer, ...rest } = options;
    const source = tokenMaintainer === undefined ? undefined : checkTokenSource(tokenMaintainer);
    const json = { ...rest, tokenMaintainer: source !== undefined, csdsUrl: rest.csdsUrl ?? platform().env('LPM_CSDS_URL') };
    let core: WasmShiftStatusPoller;
    try {
      core = new WasmShiftStatusPoller(JSON.stringify(json), Math.floor(Math.random() * 2 ** 52));
    } catch (e) {
      throw fromThrown(e);
    }
    this.driver = new MachineDriver(core, (e) => this.onCoreEvent(e), source);
  }

  private onCoreEvent(e: PollerEvent): void {
    switch (e.event) {
      case 'shiftStatusData':
        this.emit('shiftStatusData', e.skills as unknown as ShiftStatus[]);
        return;
      case 'getShiftStatus#error':
        this.emit('getShiftStatus#error', fromCore(e.error));
        return;
      default: {
        const { event, ...rest } = e;
        this.emit(event, rest);
      }
    }
  }

  /**
   * Starts polling (harmless when running).
   *
   * @example
   * ```js
   * const poller = new lpm.ShiftStatusPoller({ accountId: '12345678', token: await connection.getToken() });
   * poller.on('shiftStatusData', (skills) => console.log(skills.filter((s) => s.onShift).map((s) => s.skillId)));
   * poller.start();
   * ```
   */
  start(): void {
    this.driver.input((c, now) => c.start(now));
  }

  /**
   * Stops polling.
   *
   * @example
   * ```js
   * process.on('SIGTERM', () => poller.stop());
   * ```
   */
  stop(): void {
    this.driver.input((c) => c.stop());
    this.driver.halt();
  }
}
