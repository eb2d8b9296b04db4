// The rooms: the directory the server lists, the rooms the user has open (each stays joined, so its
// unread count grows in the background), read markers, leaving, and a room an admin closed or renamed.

import { api } from './api.js';
import { state, newRoom } from './state.js';
import { save } from './storage.js';
import { join, requestHistory } from './feed.js';
import { pendingSend } from './outbox.js';
import { signedOut } from './session.js';
import { isOpen, sendFrame } from './socket.js';

const MAX_ROOM_PAGES = 10;          // the directory shows at most this many pages of 100 rooms

export async function refreshRooms() {
  const who = state.me;
  if (!who) return;
  try {
    // The server lists rooms a page at a time, after the last one seen.
    let rooms = [];
    for (let page = 0; page < MAX_ROOM_PAGES; page++) {
      const after = rooms.length ? `?after=${encodeURIComponent(rooms[rooms.length - 1].name)}` : '';
      const answer = await api('GET', '/api/rooms' + after);
      rooms = rooms.concat(answer.rooms);
      if (!answer.more) break;
    }
    if (state.me === who) state.directory = rooms;
  } catch (e) {
    if (e.status === 401 && state.me === who) signedOut('Your session has ended. Please sign in again.');
  }
}

export async function createRoom(name, topic) {
  const who = state.me;
  const room = await api('POST', '/api/rooms', { name, topic: topic || undefined });
  if (state.me !== who) return room;
  await refreshRooms();
  if (state.me === who) openRoom(room.name);
  return room;
}

export function addRoom(name, saved) {
  if (!state.rooms[name]) {
    state.rooms[name] = newRoom(name, saved);
    state.order.push(name);
  }
  return state.rooms[name];
}

export function openRoom(name) {
  if (!state.me) return;
  const room = addRoom(name);
  const previous = state.current && state.rooms[state.current];
  if (previous && previous !== room) previous.firstUnread = null;
  const switched = state.current !== name;
  state.current = name;
  if (switched) room.firstUnread = room.unread > 0 ? room.lastRead + 1 : null;
  if (isOpen() && !room.joined && !room.joinSent) join(room);
  if (room.joined && !room.historyLoaded) requestHistory(room);
  markRead();
  save();
}

/** Leaves a room; refused (false) while some of the user's messages there are not sent yet. */
export function leaveRoom(name) {
  const room = state.rooms[name];
  if (!room || room.pending.length > 0) return false;
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

export function markRead() {
  const room = state.current && state.rooms[state.current];
  if (!room || !state.visible) return;
  if (room.lastRead < room.lastSeen || room.unread) {
    room.lastRead = room.lastSeen;
    room.unread = 0;
    save();
  }
}

/**
 * An admin deleted the room or renamed it: the server has taken this connection out of it. A renamed
 * room that was open opens under its new name, with its read markers and unsent messages (ids and
 * clientIds move with the messages, so a resend there is still recognised).
 */
export function closed(room, renamedTo) {
  clearTimeout(room.retryTimer);
  delete state.rooms[room.name];
  state.order = state.order.filter((n) => n !== room.name);
  state.directory = state.directory.filter((r) => r.name !== room.name);
  const wasCurrent = state.current === room.name;
  if (wasCurrent) state.current = null;
  state.notice = {
    kind: 'warning',
    text: renamedTo ? `Room “${room.name}” was renamed to “${renamedTo}”.` : `Room “${room.name}” was deleted.`,
  };
  if (renamedTo && wasCurrent) {
    const moved = addRoom(renamedTo, { lastSeen: room.lastSeen, lastRead: room.lastRead, unread: room.unread });
    for (const p of room.pending) {
      if (p.state === 'pending') moved.pending.push(pendingSend(p.clientId, p.text));
    }
    openRoom(renamedTo);
  } else if (wasCurrent && state.order.length) {
    openRoom(state.order[0]);
  }
  save();
  refreshRooms();
}
