// The user's own messages until the server has them: shown at once as pending, sent with a clientId of
// their own, resent with the same clientId after every rejoin (a resend of a stored message is only
// acknowledged again), held back in order when the server asks to wait, and kept across a refresh.

import { reactive } from '../vendor/vue.runtime.esm-browser.prod.js';
import { textLength } from '../format.js';
import { state } from './state.js';
import { save } from './storage.js';
import { sent } from './presence.js';
import { sendFrame } from './socket.js';

export const MAX_TEXT = 4000;

function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The text as the server stores it. */
export function normalise(text) {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** An own message until the server has it; `replyTo` is the id of the message it answers, or undefined. */
export function pendingSend(clientId, text, replyTo) {
  return reactive({ clientId, text, replyTo: replyTo || undefined, state: 'pending', error: null });
}

/** Shows the message at once as pending; it goes out now, or when the room is joined again. */
export function send(name, text, replyTo) {
  const room = state.rooms[name];
  if (!room || !normalise(text) || textLength(normalise(text)) > MAX_TEXT) return false;
  const p = pendingSend(randomId(), text, replyTo);
  if (state.connection !== 'connected') state.writtenOffline.add(p.clientId);
  room.pending.push(p);
  sent();
  if (room.joined && Date.now() >= room.heldUntil) transmit(room, p);
  save();
  return true;
}

function transmit(room, p) {
  if (p.state !== 'pending' || !room.joined) return;
  sendFrame({ type: 'send', room: room.name, text: p.text, clientId: p.clientId, replyTo: p.replyTo });
}

/** Sends every pending message of the room again, in the order they were written. */
export function transmitAll(room) {
  if (Date.now() < room.heldUntil) return;
  for (const p of room.pending) transmit(room, p);
}

/**
 * The server asked to wait: hold the room's sends, then resend all pending ones in order (a resend of
 * a stored message is only acknowledged again), so that a later message never overtakes an earlier one.
 */
export function hold(room, ms) {
  const until = Date.now() + ms;
  if (until <= room.heldUntil) return;
  room.heldUntil = until;
  clearTimeout(room.retryTimer);
  room.retryTimer = setTimeout(() => {
    if (state.rooms[room.name] !== room) return;
    room.heldUntil = 0;
    transmitAll(room);
  }, ms);
}

export function dropPending(room, clientId) {
  const i = room.pending.findIndex((p) => p.clientId === clientId);
  if (i >= 0) room.pending.splice(i, 1);
}

export function discard(name, clientId) {
  const room = state.rooms[name];
  if (room) dropPending(room, clientId);
  save();
}

export function retry(name, clientId) {
  const room = state.rooms[name];
  const p = room && room.pending.find((x) => x.clientId === clientId);
  if (!p) return;
  p.state = 'pending';
  p.error = null;
  if (Date.now() >= room.heldUntil) transmit(room, p);
}
