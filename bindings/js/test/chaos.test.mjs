// `lpm chaos --sdk js` at CI size: the seed's quick-start bot (examples/js, as written) runs as
// its own node process behind a TCP fault proxy while 20 consumers write 20 messages each and
// ten faults hit it (abrupt TCP resets and closes, a stall, 1011, 4401 after a revocation, 4407,
// 500s on login and CSDS, a delayed answer, the clock moved). Nothing lost, duplicated or
// reordered; every message answered; its subscription restored; its process alive.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lpmBin } from './support/platform.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The number after `label` in the report. */
function count(report, label) {
  const m = new RegExp(`^\\s*${label}\\s+(\\d+)`, 'm').exec(report);
  return m ? Number(m[1]) : undefined;
}

describe('lpm chaos with the JavaScript SDK', () => {
  it("the seed's quick-start bot loses nothing through drops, revocations, 500s, delays and the clock", () => {
    const run = spawnSync(
      lpmBin(),
      ['chaos', '--sdk', 'js', '--consumers', '20', '--messages', '20', '--faults', '10', '--seed', '1', '--timeout-secs', '150', '--node', process.execPath, '--bot-script', join(repo, 'examples', 'js', '02-agent-bot-quick-start.js')],
      { encoding: 'utf8', timeout: 200_000, env: { ...process.env, RUST_LOG: 'warn' } },
    );
    const report = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 0, report);
    assert.equal(count(run.stdout, 'sent:'), 400, report);
    assert.equal(count(run.stdout, 'seen by bot:'), 400, report);
    assert.equal(count(run.stdout, 'lost:'), 0, report);
    assert.equal(count(run.stdout, 'duplicated:'), 0, report);
    assert.equal(count(run.stdout, 'out of order:'), 0, report);
    assert.ok(count(run.stdout, 'echoes received:') >= 400, report);
    assert.ok(count(run.stdout, 'faults injected:') >= 10, report);
    // the drops the issue names for the quick-start bot: 1011, abrupt and 4401
    for (const kind of ['socket close 1011: 1', 'proxy reset (abrupt TCP close): 1', 'bearer revoked (4401): 1']) assert.ok(run.stdout.includes(kind), `${kind} missing:\n${report}`);
    assert.match(run.stdout, /subscriptions restored: yes/);
    assert.match(run.stdout, /bot process alive: {6}yes/);
    assert.match(run.stdout, /hang: {19}no/);
    assert.match(run.stdout, /result: {17}PASS/);
  });
});
