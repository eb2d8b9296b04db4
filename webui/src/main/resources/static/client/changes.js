// Changes to messages: `edited`, `deleted` and `reactions` frames applied by the rule that states never go back
// (a state replaces the one shown only with a larger `seq`), the user's own edits, deletions and reactions, and
// the originals that replies quote.
//
// A change can arrive before the message it changes is shown: a history page read before the change was stored
// may come after its frame. Such changes are kept (the latest few hundred messages' worth) and applied when the
// message comes in with an older state.

import { markRaw } from '../vendor/vue.runtime.esm-browser.prod.js';
import { api } from './api.js';
import { state } from './state.js';
import { advance, removeMessage, toMessage } from './feed.js';
import { listing } from './rooms.js';

const KEPT_CHANGED = 500;          // messages whose changes are kept while they are not shown

const messagePath = (room, id) => `/api/rooms/${encodeURIComponent(room)}/messages/${id}`;

/**
 * The message with one change frame applied: every part of the state the frame carries (an `edited` or `reactions`
 * frame carries the text, edit time and reactions after the change: a replayed one may stand for changes of the
 * other kind made before it).
 */
function withChange(message, frame) {
  const next = { ...message, seq: frame.seq };
  if (typeof frame.text === 'string') next.text = frame.text;
  if (typeof frame.edited === 'string') next.edited = new Date(frame.edited);
  if (Array.isArray(frame.reactions)) next.reactions = frame.reactions;
  return markRaw(next);
}

/** An `edited`, `deleted` or `reactions` frame of a room: the room's position moves to its seq, whatever it does. */
export function changed(room, frame) {
  if (typeof frame.id !== 'number' || typeof frame.seq !== 'number') return;
  advance(room, frame.seq);
  const quoted = room.quotes[frame.id];
  if (frame.type === 'deleted') room.quotes[frame.id] = { state: 'gone' };
  else if (quoted && quoted.state === 'ok' && frame.seq > quoted.message.seq) {
    room.quotes[frame.id] = { state: 'ok', message: withChange(quoted.message, frame) };
  }
  const i = room.messages.findIndex((m) => m.id === frame.id);
  if (i < 0) {
    hold(room, frame);
    return;
  }
  if (frame.seq <= room.messages[i].seq) return;
  if (frame.type === 'deleted') removeMessage(room, frame.id);
  else room.messages.splice(i, 1, withChange(room.messages[i], frame));
}

function hold(room, frame) {
  const held = room.changes.get(frame.id) || [];
  room.changes.delete(frame.id);
  room.changes.set(frame.id, [...held, frame].sort((a, b) => a.seq - b.seq));
  if (room.changes.size > KEPT_CHANGED) room.changes.delete(room.changes.keys().next().value);
}

/**
 * The message as it is after the changes held for it that are newer than its state, or null when one of them
 * deleted it.
 */
export function pendingChange(room, message) {
  const held = room.changes.get(message.id);
  let m = message;
  for (const frame of held || []) {
    if (frame.seq <= m.seq) continue;
    if (frame.type === 'deleted') return null;
    m = withChange(m, frame);
  }
  return m;
}

/** A message object the server answered over HTTP: shown in place of the state shown when it is newer. */
function answered(name, object) {
  const room = state.rooms[name];
  if (!room || !object) return;
  const i = room.messages.findIndex((m) => m.id === object.id);
  if (i >= 0 && object.seq > room.messages[i].seq) room.messages.splice(i, 1, toMessage(object));
}

/** Whether the user may delete the message: their own, or any as the room's moderator or owner, or an admin. */
export function mayDelete(name, message) {
  if (!state.me) return false;
  if (message.user === state.me.username || state.me.admin) return true;
  const role = listing(name).role;
  return role === 'owner' || role === 'moderator';
}

// ---- what the user does to messages (over HTTP, so that a refusal is the answer to this request) -----

/** Gives an own message a new text; throws what the server refused. */
export async function editMessage(name, id, text) {
  answered(name, await api('PATCH', messagePath(name, id), { text }));
}

/** Deletes a message (own, or as a moderator, owner or admin); it leaves the page at once. */
export async function deleteMessage(name, id) {
  await api('DELETE', messagePath(name, id));
  const room = state.rooms[name];
  if (!room) return;
  room.quotes[id] = { state: 'gone' };
  removeMessage(room, id);
}

/** Adds the user's reaction, or takes it back when they have it. */
export async function toggleReaction(name, id, emoji) {
  const room = state.rooms[name];
  const message = room && room.messages.find((m) => m.id === id);
  const had = message && message.reactions.some((r) => r.emoji === emoji && r.me);
  const path = `${messagePath(name, id)}/reactions/${encodeURIComponent(emoji)}`;
  answered(name, await api(had ? 'DELETE' : 'PUT', path));
}

// ---- the originals replies quote --------------------------------------------------------------------

const asking = new Set();         // "room/id" being fetched

/**
 * The message a reply answers: the one shown, else as fetched (`GET …/messages/{id}`), else {state: 'loading'}
 * while it is fetched, {state: 'gone'} when it was deleted (or never was) or {state: 'failed'}. Fetches at most
 * once per message, after the render that asked.
 */
export function original(name, id) {
  const room = state.rooms[name];
  if (!room) return { state: 'failed' };
  const shown = room.messages.find((m) => m.id === id);
  if (shown) return { state: 'ok', message: shown, shown: true };
  const known = room.quotes[id];
  if (known) return known;
  const key = `${room.name}/${id}`;
  if (!asking.has(key)) {
    asking.add(key);
    Promise.resolve().then(() => api('GET', messagePath(room.name, id))).then(
      (object) => { room.quotes[id] = { state: 'ok', message: toMessage(object) }; },
      (e) => { room.quotes[id] = { state: e.status === 404 ? 'gone' : 'failed' }; },
    ).finally(() => asking.delete(key));
  }
  return { state: 'loading' };
}
