// The parity check: parity.json names every public operation of the Rust SDK and of this
// package with its counterpart, or says why there is none. Fails when either SDK gains an
// operation the list does not name, when the list names one that no longer exists, or when a
// one-sided row gives no reason. `node test/support/parity.mjs` prints both sides.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsOperations, pkgRoot, rustOperations } from './support/parity.mjs';

const list = JSON.parse(readFileSync(join(pkgRoot, 'parity.json'), 'utf8'));
const rows = list.operations.filter((r) => !('section' in r));
const names = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
const listed = (side) => new Set(rows.flatMap((r) => names(r[side])));

function diff(actual, named) {
  return { missing: actual.filter((op) => !named.has(op)), stale: [...named].filter((op) => !actual.includes(op)) };
}

describe('parity between the Rust and the JavaScript SDK (parity.json)', () => {
  const rust = rustOperations();
  const js = jsOperations();

  it('finds the operations of both SDKs', () => {
    // guards against a scanner that silently finds nothing
    for (const op of ['Connection::open', 'Conversation::join_with_metadata', 'Connection::subscribe_agent_state', 'configure_proxy']) assert.ok(rust.includes(op), op);
    for (const op of ['Connection.open', 'Connection.subscribeAgentState', 'Connection.agentRequestConversation', 'Conversation.backToQueue', 'createConnection', 'rest.publishMessage', 'CSDS.lookup']) assert.ok(js.includes(op), op);
    assert.ok(!js.some((op) => /\._command$|\._core$|\.info$/.test(op)), 'internal members are not public operations');
  });

  it('names every public operation of the Rust SDK, and only existing ones', () => {
    const { missing, stale } = diff(rust, listed('rust'));
    assert.deepEqual(missing, [], `Rust operations missing from parity.json (add a row: its JavaScript counterpart, or why there is none): ${missing.join(', ')}`);
    assert.deepEqual(stale, [], `parity.json names Rust operations that do not exist: ${stale.join(', ')}`);
  });

  it('names every public operation of the JavaScript SDK, and only existing ones', () => {
    const { missing, stale } = diff(js, listed('js'));
    assert.deepEqual(missing, [], `JavaScript operations missing from parity.json (add a row: its Rust counterpart, or why there is none): ${missing.join(', ')}`);
    assert.deepEqual(stale, [], `parity.json names JavaScript operations that do not exist: ${stale.join(', ')}`);
  });

  it('gives a reason wherever one side has no counterpart', () => {
    const unexplained = rows.filter((r) => (names(r.rust).length === 0 || names(r.js).length === 0) && !(r.why ?? '').trim());
    assert.deepEqual(unexplained, []);
    const empty = rows.filter((r) => names(r.rust).length === 0 && names(r.js).length === 0);
    assert.deepEqual(empty, []);
  });

  it('the three features once missing from JavaScript have counterparts', () => {
    const pairs = [
      ['Connection::subscribe_agent_state', 'Connection.subscribeAgentState'],
      ['Connection::agent_request_conversation', 'Connection.agentRequestConversation'],
      ['Conversation::transfer_with_metadata', 'Conversation.transfer'],
      ['Conversation::join_with_metadata', 'Conversation.join'],
      ['Conversation::leave_with_metadata', 'Conversation.leave'],
      ['Conversation::back_to_queue_with_metadata', 'Conversation.backToQueue'],
      ['Conversation::close_with_metadata', 'Conversation.close'],
      ['Conversation::set_ttr_with_metadata', 'Conversation.setTTR'],
      ['Conversation::set_manual_ettr_with_metadata', 'Conversation.setManualETTR'],
      ['Conversation::set_note_with_metadata', 'Conversation.setNote'],
      ['Dialog::close_with_metadata', 'Dialog.close'],
      ['Connection::close_conversation_with_metadata', 'Connection.closeConversation'],
    ];
    for (const [r, j] of pairs) assert.ok(rows.some((row) => names(row.rust).includes(r) && names(row.js).includes(j)), `${r} ↔ ${j}`);
  });
});

