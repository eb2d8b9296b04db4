// The rooms: the directory the server lists (which of them the user is in comes from the server, so the
// list follows them to every device, with the user's read state of each), the rooms the user is in (each stays
// joined, so its unread count grows in the background), direct rooms, rooms the server adds while the page is
// open, leaving, and a room closed (deleted, or the user removed) or renamed.

import { api } from './api.js';
import { state, newRoom } from './state.js';
import { save, remembered } from './storage.js';
import { join, requestHistory } from './feed.js';
import { learnRead, markRead } from './reads.js';
import { pendingSend } from './outbox.js';
import { signedOut } from './session.js';
import { isOpen, sendFrame } from './socket.js';

const MAX_ROOM_PAGES = 10;          // the directory shows at most this many pages of 100 rooms

// What the page learnt of single rooms (listed, or gone) while a listing may have been on its way: a
// listing asked for before is older than that, so it does not undo it.
let learnt = 0;
const lately = new Map();           // name -> [number of the change, room object or null when gone]

function learn(name, room) {
  lately.set(name, [++learnt, room]);
}

/** The list is live (`room_listed`, `room_unlisted`, `room_added`); this fallback read catches what a lost event missed. */
export async function refreshRooms() {
  const who = state.me;
  if (!who) return;
  const since = learnt;
  const asked = Date.now();
  try {
    // The server lists rooms a page at a time, after the last one seen.
    let rooms = [];
    for (let page = 0; page < MAX_ROOM_PAGES; page++) {
      const after = rooms.length ? `?after=${encodeURIComponent(rooms[rooms.length - 1].name)}` : '';
      const answer = await api('GET', '/api/rooms' + after);
      rooms = rooms.concat(answer.rooms);
      if (!answer.more) break;
    }
    if (state.me !== who) return;
    for (const [name, [n, room]] of lately) {
      if (n <= since) lately.delete(name);
      else rooms = rooms.filter((r) => r.name !== name).concat(room ? [room] : []);
    }
    state.directory = rooms;
    for (const r of rooms) {
      if (r.joined) enter(r.name, r);
      if (state.rooms[r.name]) learnRead(state.rooms[r.name], r, asked);
    }
    if (!state.listed) {
      state.listed = true;
      // The page opened on a room before the server said how far it was read: the "New" line shows now.
      const room = state.current && state.rooms[state.current];
      if (room && room.firstUnread === null && room.unread > 0) room.firstUnread = room.readUpTo + 1;
      markRead();
    }
    return true;
  } catch (e) {
    if (e.status === 401 && state.me === who) signedOut('Your session has ended. Please sign in again.');
    return false;
  }
}

export async function createRoom(name, topic, priv) {
  const who = state.me;
  const room = await api('POST', '/api/rooms', { name, topic: topic || undefined, visibility: priv ? 'private' : 'public' });
  if (state.me !== who) return room;
  listed({ ...room, joined: true });
  openRoom(room.name);
  return room;
}

/** Opens the direct room of the user and `users` (made by the server if new) and shows it. */
export async function openDm(users) {
  const who = state.me;
  const room = await api('POST', '/api/dms', { users });
  if (state.me !== who) return room;
  listed({ ...room, joined: true });
  openRoom(room.name);
  return room;
}

/** `room_added`: the user is now in a private or direct room; it is listed, and joined from its start. */
export function added(room) {
  listed(room);
  if (state.rooms[room.name]) return;
  const r = addRoom(room.name, remembered(room.name));
  r.fromStart = r.position === 0;
  if (isOpen()) join(r);
}

/**
 * `room_listed`: a public room is new (or newly named), or its topic changed: the directory shows it at once, with
 * what the page knew of it already (whether the user is in it, their role, the online count) kept.
 */
export function announced(room) {
  const known = state.directory.find((r) => r.name === room.name);
  listed(known ? { ...known, topic: room.topic } : { online: 0, joined: false, ...room });
}

/** `room_unlisted`: a public room is gone from the directory (deleted, or renamed: its new name is announced). */
export function unlisted(name) {
  if (!state.rooms[name]) dropListing(name);
}

/** Puts a room object in the directory, in place of what it said of that room before. */
function listed(room) {
  const i = state.directory.findIndex((r) => r.name === room.name);
  if (i >= 0) state.directory.splice(i, 1, room);
  else state.directory.push(room);
  learn(room.name, room);
}

function dropListing(name) {
  state.directory = state.directory.filter((r) => r.name !== name);
  learn(name, null);
}

/** The user is in this room: it is kept and joined, so it counts unread messages. */
function enter(name, listed) {
  const fresh = !state.rooms[name];
  const room = addRoom(name, remembered(name) || listed);
  if (fresh && isOpen()) join(room);
  return room;
}

export function addRoom(name, saved) {
  if (!state.rooms[name]) {
    state.rooms[name] = newRoom(name, saved);
    state.order.push(name);
  }
  return state.rooms[name];
}

/** What the directory says of a room (kind, role, members of a direct room), or an empty object. */
export function listing(name) {
  return state.directory.find((r) => r.name === name) || {};
}

/** A room's kind; a name starting `dm-` is kept for direct rooms, so it tells before the directory does. */
export function kindOf(name) {
  return listing(name).kind || (name.startsWith('dm-') ? 'direct' : 'public');
}

/** How a room is called: a direct room by the other people in it, any other as `#name`. */
export function roomLabel(name) {
  if (kindOf(name) !== 'direct') return `#${name}`;
  const others = (listing(name).members || []).filter((u) => !state.me || u !== state.me.username);
  return others.length ? others.join(', ') : 'direct message';
}

/** The page's address of a room, and of one message in it (views/route.js follows them). */
export const roomAddress = (name) => `#/room/${encodeURIComponent(name)}`;
export const messageAddress = (name, id) => `${roomAddress(name)}/message/${Number(id)}`;

export function openRoom(name) {
  if (!state.me) return;
  const room = addRoom(name);
  const previous = state.current && state.rooms[state.current];
  if (previous && previous !== room) previous.firstUnread = null;
  const switched = state.current !== name;
  state.current = name;
  if (switched) {
    room.firstUnread = room.unread > 0 ? room.readUpTo + 1 : null;
    room.atBottom = false; // until its message list shows where the reader is
  }
  if (isOpen() && !room.joined && !room.joinSent) join(room);
  if (room.joined && !room.historyLoaded) requestHistory(room);
  markRead();
  save();
}

/**
 * Leaves a room for good: the server ends the membership (its `room_closed` then needs no notice), so the
 * room leaves the list on every device. A guest is no member; their page only stops following the room.
 * Refused (false) while some of the user's messages there are not sent yet; throws what the server refused.
 */
export async function leaveRoom(name) {
  const room = state.rooms[name];
  if (!room || room.pending.length > 0) return false;
  if (!state.me.guest) {
    room.leaving = true;
    try {
      await api('DELETE', `/api/rooms/${encodeURIComponent(name)}/members/${encodeURIComponent(state.me.username)}`);
    } catch (e) {
      room.leaving = false;
      throw e;
    }
    const entry = listing(name);
    if (entry.kind === 'public') listed({ ...entry, joined: false, role: undefined });
    else dropListing(name);
  }
  forget(name);
  return true;
}

/** Stops following a room in this page: no more events, off the list of the user's rooms. */
export function forget(name) {
  const room = state.rooms[name];
  if (!room) return false;
  clearTimeout(room.retryTimer);
  sendFrame({ type: 'leave', room: name });
  delete state.rooms[name];
  state.order = state.order.filter((n) => n !== name);
  if (state.current === name) {
    state.current = null;
    if (state.order.length) openRoom(state.order[0]);
  }
  save();
  return true;
}

/**
 * An admin deleted the room or renamed it, or the user is no longer a member (removed, or left on another
 * page): the server has taken this connection out of it. A renamed
 * room that was open opens under its new name, with its read markers and unsent messages (ids and
 * clientIds move with the messages, so a resend there is still recognised).
 */
export function closed(room, renamedTo) {
  clearTimeout(room.retryTimer);
  delete state.rooms[room.name];
  state.order = state.order.filter((n) => n !== room.name);
  const label = roomLabel(room.name);
  const kind = kindOf(room.name);
  dropListing(room.name);
  const wasCurrent = state.current === room.name;
  if (wasCurrent) state.current = null;
  if (renamedTo) state.notice = { kind: 'warning', text: `Room “${room.name}” was renamed to “${renamedTo}”.` };
  else if (room.leaving) save(); // the user left it themselves: nothing to tell
  else if (kind === 'public') state.notice = { kind: 'warning', text: `Room “${room.name}” was deleted.` };
  else state.notice = { kind: 'warning', text: `You are no longer in “${label.replace(/^#/, '')}”: you were removed, or it was deleted.` };
  if (renamedTo && wasCurrent) {
    const moved = addRoom(renamedTo, {
      position: room.position, readUpTo: room.readUpTo, unread: room.unread, mentions: room.mentions,
    });
    for (const p of room.pending) {
      if (p.state === 'pending') moved.pending.push(pendingSend(p.clientId, p.text, p.replyTo));
    }
    openRoom(renamedTo);
  } else if (wasCurrent && state.order.length) {
    openRoom(state.order[0]);
  }
  save();
  refreshRooms();
}
