/**
 * `lpm.CSDS` (sdk-api §1.2): the process-wide domain look-up cache. Caching (10 minutes),
 * sharing of concurrent look-ups and the request are the core's (`WasmCsds`); this object
 * performs the HTTP and settles promises.
 * @module
 */
import { WasmCsds } from '../pkg/lpm_wasm.js';
import { fromCore, fromThrown, StateError } from './errors.js';
import { MachineDriver } from './driver.js';
import type { Resolved } from './generated/Resolved.js';
import { platform } from './platform.js';

/**
 * CSDS service names the SDK and LivePerson's APIs use (any other name works too).
 *
 * @example
 * ```js
 * const host = await lpm.CSDS.lookup('12345678', lpm.ServiceName.ACCOUNT_CONFIG_READ_ONLY);
 * ```
 */
export const ServiceName = Object.freeze({
  AGENT_VEP: 'agentVep',
  ASYNC_MESSAGING: 'asyncMessaging',
  ASYNC_MESSAGING_ENT: 'asyncMessagingEnt',
  FACADE_MSG: 'facadeMsg',
  IDP: 'idp',
  SWIFT: 'swift',
  SENTINEL: 'sentinel',
  AC_CDN_DOMAIN: 'acCdnDomain',
  ACCOUNT_CONFIG_READ_ONLY: 'accountConfigReadOnly',
  ACCOUNT_CONFIG_READ_WRITE: 'accountConfigReadWrite',
  MSG_HIST: 'msgHist',
  RUNTIME_FORM_LOGIC: 'runtimeFormLogic',
  LE_DATA_REPORTING: 'leDataReporting',
} as const);

/** @internal */
export interface Waiter {
  resolve(host: string): void;
  reject(e: Error): void;
}

/** The type of {@link CSDS}. */
export class CsdsCache {
  /**
   * Scheme of HTTP hosts built from look-ups.
   *
   * @example
   * ```js
   * const host = await lpm.CSDS.lookup('12345678', lpm.ServiceName.AGENT_VEP);
   * const url = `${lpm.CSDS.defaultHttpProtocol}://${host}/api/account/12345678/login?v=1.3`;
   * ```
   */
  readonly defaultHttpProtocol = 'https';
  /**
   * Scheme of websocket hosts built from look-ups.
   *
   * @example
   * ```js
   * const host = await lpm.CSDS.lookup('12345678', lpm.ServiceName.ASYNC_MESSAGING_ENT);
   * const wsBase = `${lpm.CSDS.defaultWebsocketProtocol}://${host}`; // e.g. 'wss://va.msg.liveperson.net'
   * ```
   */
  readonly defaultWebsocketProtocol = 'wss';
  /**
   * Service names.
   *
   * @example
   * ```js
   * const host = await lpm.CSDS.lookup('12345678', lpm.CSDS.ServiceName.MSG_HIST);
   * ```
   */
  readonly ServiceName = ServiceName;
  private driver: MachineDriver<WasmCsds, Resolved> | undefined;
  private readonly waiters = new Map<number, Waiter>();
  private url: string | undefined;

  private ensure(): MachineDriver<WasmCsds, Resolved> {
    if (!this.driver) {
      if (!platform().isReady()) throw new StateError('the SDK is still loading; await lpm.ready first', { kind: 'invalidState' });
      this.driver = new MachineDriver(new WasmCsds(), (e) => this.settle(e));
      this.apply();
    }
    return this.driver;
  }

  private apply(): void {
    try {
      this.driver?.core.setCsdsUrl(this.url ?? platform().env('LPM_CSDS_URL'));
    } catch (e) {
      throw fromThrown(e);
    }
  }

  /**
   * CSDS location (default: `LPM_CSDS_URL` in Node.js, else LivePerson's); `undefined` resets.
   *
   * @example
   * ```js
   * lpm.CSDS.csdsUrl = 'http://localhost:8080/csds'; // e.g. a local test platform
   * lpm.CSDS.csdsUrl = undefined; // back to the default
   * ```
   */
  get csdsUrl(): string | undefined {
    return this.url;
  }
  set csdsUrl(url: string | undefined) {
    this.url = url;
    if (this.driver) this.apply();
  }

  /**
   * The host (no scheme) of `serviceName` for `accountId`.
   *
   * @example
   * ```js
   * const host = await lpm.CSDS.lookup('12345678', lpm.ServiceName.FACADE_MSG);
   * ```
   */
  lookup(accountId: string, serviceName: string): Promise<string> {
    return new Promise((resolve, reject) => {
      try {
        this.ensure().input((c, now) => this.waiters.set(c.lookup(now, String(accountId ?? ''), String(serviceName ?? '')), { resolve, reject }));
      } catch (e) {
        reject(e);
      }
    });
  }

  /**
   * Forgets every cached host.
   *
   * @example
   * ```js
   * lpm.CSDS.clearCache(); // the next lookup asks CSDS again
   * ```
   */
  clearCache(): void {
    this.driver?.core.clearCache();
  }

  private settle(e: Resolved): void {
    const w = this.waiters.get(e.id);
    if (!w) return;
    this.waiters.delete(e.id);
    if ('Err' in e.result) w.reject(fromCore(e.result.Err));
    else w.resolve(e.result.Ok);
  }
}

/**
 * The CSDS cache singleton: `lookup(accountId, serviceName) → Promise<host>`, `clearCache()`,
 * `ServiceName`, `defaultHttpProtocol` (`https`), `defaultWebsocketProtocol` (`wss`), and
 * `csdsUrl` (this SDK's addition, like the connection option).
 *
 * @example
 * ```js
 * const host = await lpm.CSDS.lookup('12345678', lpm.CSDS.ServiceName.AGENT_VEP);
 * ```
 */
export const CSDS = new CsdsCache();
