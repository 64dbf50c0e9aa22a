/**
 * Delivers the core's object-model events to the facades (sdk-api §14). Unlike LivePerson's
 * SDK, where the first level with a listener swallowed the event, every level gets it:
 * dialog → conversation → connection (`conversation:<event>` with `{conversation, ...}`).
 * @internal
 * @module
 */
import type { Connection } from './connection.js';
import { fromCore } from './errors.js';
import type { MessageContent } from './generated/MessageContent.js';
import type { ModelEventOutput } from './generated/ModelEventOutput.js';


type Args = { payload: unknown[]; bubble: Record<string, unknown> };

function str(v: unknown): string {
  return v as string;
}

/** The listener arguments of one model event, and its `conversation:<event>` payload fields. */
function argsOf(c: Connection, name: string, m: Record<string, unknown>, content: MessageContent | undefined): Args {
  const conv = m.conversationId as string | undefined;
  const dlg = m.dialogId as string | undefined;
  const participant = (userId: unknown, role: unknown) => c._participant({ dialogId: str(dlg), userId: str(userId), role: str(role) });
  switch (name) {
    case 'message': {
      const message = c._message(str(dlg), m.sequence as number, content);
      return { payload: [message], bubble: { message } };
    }
    case 'message-delivery-event': {
      const messages = (m.sequences as number[]).map((s) => c._message(str(dlg), s));
      return { payload: [messages], bubble: { messages } };
    }
    case 'participant-added': {
      const p = { participant: participant(m.userId, m.role), context: { previouslySuggested: m.previouslySuggested } };
      return { payload: [p], bubble: p };
    }
    case 'participant-removed':
    case 'participant-suggested':
    case 'participant-suggested-removed': {
      const p = participant(m.userId, m.role);
      return { payload: [p], bubble: { participant: p } };
    }
    case 'transfer-agent': {
      const p = participant(m.userId, 'ASSIGNED_AGENT');
      return { payload: [p], bubble: { participant: p } };
    }
    case 'consumer-step-up': {
      const v = { previousConsumer: participant(m.previousConsumer, 'CONSUMER'), consumer: participant(m.consumer, 'CONSUMER') };
      return { payload: [v], bubble: v };
    }
    case 'dialog':
    case 'dialog:close': {
      const dialog = c._dialog(str(conv), str(dlg));
      return { payload: [dialog], bubble: { dialog } };
    }
    case 'close':
    case 'back-to-queue':
      return { payload: [], bubble: {} };
    default: {
      const { event: _e, conversationId: _c, ...rest } = m;
      return { payload: [rest], bubble: rest };
    }
  }
}

/** Delivers one model event. */
export function dispatchModelEvent(c: Connection, ev: ModelEventOutput): void {
  const { name, emitter } = ev;
  // dispatched by the JS event name, so the fields are read by name
  const m: Record<string, unknown> = ev.model;
  switch (emitter) {
    case 'Connection':
      return connectionEvent(c, name, m);
    case 'Ring': {
      const ring = c._ring(str(m.ringId));
      ring.emit(name, ring);
      return;
    }
    case 'Participant': {
      // chat-state events name the user only: take the role the core knows for them
      const role = name === 'roleChange' ? m.prevRole : (m.role ?? c._participantRole(str(m.dialogId), str(m.userId)));
      const p = c._participant({ dialogId: str(m.dialogId), userId: str(m.userId), role: str(role) });
      const value = name === 'chatStateChange' ? m.chatState : name === 'roleChange' ? m.role : m.state;
      p.emit(name, value);
      const conv = c._conversation(str(m.conversationId));
      c.emit(`conversation:participant:${name}`, { conversation: conv, participant: p, value });
      return;
    }
    default: {
      // Unheard at every level it would reach: no facade is made for it (a bot that follows
      // no messages does not keep an object per history message, and spends no time on them).
      const dialogId = emitter === 'Dialog' ? (m.dialogId as string | undefined) : undefined;
      if (!c._hearsModelEvent(str(m.conversationId), dialogId, name)) return;
      const conv = c._conversation(str(m.conversationId));
      const { payload, bubble } = argsOf(c, name, m, ev.content);
      if (emitter === 'Dialog' && m.dialogId) c._dialog(conv.conversationId, str(m.dialogId)).emit(name, ...payload);
      conv.emit(name, ...payload);
      c.emit(`conversation:${name}`, { conversation: conv, ...bubble });
      if (name === 'conversation-deleted') c.emit(name, conv);
    }
  }
}

function connectionEvent(c: Connection, name: string, m: Record<string, unknown>): void {
  switch (name) {
    case 'conversation':
    case 'conversation-deleted':
      c.emit(name, c._conversation(str(m.conversationId)));
      return;
    case 'ring': {
      const ring = c._ring(str(m.ringId));
      c.emit('ring', ring);
      for (const s of c._routingSubscriptions()) s.emit('ring', ring);
      return;
    }
    case 'agent-state': {
      const change = { agentId: str(m.agentId), agentState: str(m.agentState) };
      c.emit('agent-state', change);
      for (const s of c._agentStateSubscriptions()) if (s._watches(change.agentId)) s.emit('agent-state', change);
      return;
    }
    case 'error':
      c._emitError(fromCore({ kind: 'domain', message: str(m.message), conversationId: m.conversationId as string | undefined }));
      return;
    default: {
      const { event: _e, ...rest } = m;
      c.emit(name, rest);
    }
  }
}
