// A room's messages: joined with `after` so nothing is missed, loaded and paged with `history`, kept in
// id order with each id once whichever frame brings it, and reloaded from the newest after a `gap`.
//
// The one invariant everything below keeps: a room's `position` is a position such that everything that happened
// in the room up to it is either on screen or comes in its current state with `history before` the oldest message
// shown. So it moves only with `message` frames (at their id) and change frames (at their seq) — each connection
// delivers a room's frames in position order — and with the newest history page (its newest id: the page was read
// after the join, and shows each message as it is now); never with an `ack`, which can overtake a message, nor with
// the `seq` inside a message object, which may be ahead of frames still on their way. Each shown message keeps
// the `seq` of its state, and a state replaces it only with a larger one (client/changes.js).

import { markRaw } from '../vendor/vue.runtime.esm-browser.prod.js';
import { state } from './state.js';
import { save } from './storage.js';
import { counted, uncounted, markRead } from './reads.js';
import { pendingChange } from './changes.js';
import { dropPending, normalise } from './outbox.js';
import { sendFrame } from './socket.js';

// ---- what is asked of the server for a room -------------------------------------------------------

export function join(room) {
  const frame = { type: 'join', room: room.name };
  // Once the room has been seen (even empty), ask for everything after it so nothing is missed; a room the
  // user was just added to is all new to them, so it is read from its start.
  if (room.position > 0 || room.historyLoaded || room.fromStart) frame.after = room.position;
  room.joinSent = sendFrame(frame);
  if (!room.joinSent) return;
  room.asked.push({ kind: 'join', generation: room.generation });
  if (!room.historyLoaded && room.name === state.current) requestHistory(room);
}

export function requestHistory(room, before) {
  if (before ? room.loadingOlder
    : room.asked.some((a) => a.kind === 'latest' && a.generation === room.generation)) return;
  const frame = { type: 'history', room: room.name, limit: 50 };
  if (before) frame.before = before;
  if (!sendFrame(frame)) return;
  room.asked.push({ kind: before ? 'older' : 'latest', generation: room.generation });
  if (before) room.loadingOlder = true;
}

/** The request a `joined`, `history` or room error answers: each room's answers come in order. */
export function answered(room, kinds) {
  const i = room.asked.findIndex((a) => kinds.includes(a.kind));
  return i < 0 ? null : room.asked.splice(i, 1)[0];
}

export function loadOlder(name) {
  const room = state.rooms[name];
  if (!room || room.loadingOlder || !room.more || !room.historyLoaded || room.messages.length === 0) return;
  requestHistory(room, room.messages[0].id);
}

/** Throws the room's view away (after a `gap`, or a failed load) and loads it again from the newest. */
function restart(room) {
  room.generation++;
  room.messages = [];
  room.changes.clear();
  room.more = true;
  room.historyLoaded = false;
  room.loadingOlder = false;
}

// ---- what the server sends for a room -------------------------------------------------------------

/** More was missed than the server replays: empty the room and reload it from history. */
export function gap(room) {
  restart(room);
  room.refillAfterGap = true;
  requestHistory(room);
}

/** A message object of the protocol as the page keeps it: never reactive, replaced whole when it changes. */
export function toMessage(frame) {
  return markRaw({
    id: frame.id,
    user: frame.user,
    text: frame.text,
    ts: new Date(frame.ts),
    clientId: frame.clientId,
    seq: typeof frame.seq === 'number' ? frame.seq : frame.id,
    edited: frame.edited ? new Date(frame.edited) : null,
    replyTo: typeof frame.replyTo === 'number' ? frame.replyTo : null,
    reactions: Array.isArray(frame.reactions) ? frame.reactions : [],
    bot: frame.bot === true,
    via: typeof frame.via === 'string' && frame.via ? frame.via : null,
  });
}

/** The room moved on to `position` (a message frame's id or a change frame's seq). */
export function advance(room, position) {
  if (position > room.position) {
    room.position = position;
    save();
  }
}

/**
 * Puts a message in its place by id, or in place of the state shown when it is newer (a larger `seq`); false when
 * the room already had it. A change that came while the message was not shown is applied on the way in.
 */
export function insert(room, message) {
  const later = pendingChange(room, message);
  if (later === null) return false;
  message = later;
  const list = room.messages;
  let i = list.length;
  while (i > 0 && list[i - 1].id > message.id) i--;
  if (i > 0 && list[i - 1].id === message.id) {
    if (message.seq > list[i - 1].seq) list.splice(i - 1, 1, message);
    return false;
  }
  list.splice(i, 0, message);
  return true;
}

export function mine(message) {
  return state.me !== null && message.user === state.me.username;
}

export function receive(room, frame) {
  const message = toMessage(frame);
  if (mine(message)) dropPending(room, message.clientId);
  const fresh = insert(room, message);
  if (message.id > room.position) {
    advance(room, message.id);
    if (fresh) counted(room, message);
  }
  if (fresh) delete room.typing[message.user];
  if (room.name === state.current) markRead();
}

export function acknowledged(room, frame) {
  const p = room.pending.find((x) => x.clientId === frame.clientId);
  if (!p) return;
  dropPending(room, frame.clientId);
  // Shown at once only where it joins what is shown; otherwise history or the message frame brings it.
  // Never for a duplicate: its message frame was never received here (or it would not be pending), so
  // it comes with the replay, or not at all because it was deleted meanwhile.
  const list = room.messages;
  if (frame.duplicate) {
    save();
    return;
  }
  if (list.length > 0 ? frame.id >= list[0].id : room.historyLoaded && frame.id === room.position + 1) {
    insert(room, toMessage({
      id: frame.id, user: state.me.username, text: normalise(p.text), ts: frame.ts, clientId: frame.clientId,
      replyTo: p.replyTo,
    }));
  }
  save();
}

/** The message was deleted: off the screen, and off the unread count if it was on it. */
export function removeMessage(room, id) {
  const i = room.messages.findIndex((m) => m.id === id);
  if (i < 0) return;
  const [message] = room.messages.splice(i, 1);
  uncounted(room, message);
}

export function history(room, frame) {
  const asked = answered(room, ['latest', 'older']);
  if (!asked || asked.generation !== room.generation) return;
  if (asked.kind === 'older') room.loadingOlder = false;
  const before = room.messages.length ? room.messages[0].id : Infinity;
  for (const m of frame.messages) {
    const message = toMessage(m);
    if (mine(message)) dropPending(room, message.clientId);
    insert(room, message);
  }
  const lowest = frame.messages.length ? frame.messages[frame.messages.length - 1].id : null;
  if (lowest === null || lowest <= before) room.more = frame.more;
  room.historyLoaded = true;
  if (asked.kind === 'latest' && frame.messages.length) advance(room, frame.messages[0].id);
  if (room.refillAfterGap) {
    room.refillAfterGap = false;
    if (room.name !== state.current && state.me.guest) {
      room.unread = Math.max(room.unread, room.messages.filter((m) => m.id > room.readUpTo && !mine(m)).length);
    }
  }
  if (room.name === state.current) markRead();
  save();
}
