/**
 * Timing ("metrics") events: the core builds them (names, times, secret-free payloads); this
 * only shapes the listener argument.
 * @module
 */
import { fromCore, type LpmError } from './errors.js';
import type { Timing } from './generated/Timing.js';

/**
 * The argument of a timing event (`ms.PublishEvent#request`, `connect#response`,
 * `getAgentToken#response`, …). Times are epoch milliseconds.
 *
 * @example
 * ```js
 * connection.on('ms.PublishEvent#response', ({ start, end }) => console.log('publish took', end - start, 'ms'));
 * ```
 */
export interface TimingInfo {
  /** When the request started. */
  start: number;
  /** When its answer came (`#response` only). */
  end?: number;
  /** What was sent, without secrets: the UMS frame, or `{method, url}` / `{url}`. */
  request: unknown;
  /** What came back: the UMS response frame, `{status}`, `{opened: true}` or `{error}`. */
  response?: unknown;
}

/**
 * The argument of `getShiftStatus#error`: the failure, carrying the timing fields.
 *
 * @example
 * ```js
 * connection.on('getShiftStatus#error', (err) => console.warn(err.message, 'after', Date.now() - err.start, 'ms'));
 * ```
 */
export type TimingErrorEvent = LpmError & TimingInfo;

/** @internal the event name and listener argument of a core timing event. */
export function timingEvent(t: Timing): [string, TimingInfo | TimingErrorEvent] {
  const info: TimingInfo = { start: t.start, request: t.request };
  if (t.end !== undefined) info.end = t.end;
  if (t.response !== undefined) info.response = t.response;
  if (!t.error) return [t.name, info];
  return [t.name, Object.assign(fromCore(t.error), info)];
}
