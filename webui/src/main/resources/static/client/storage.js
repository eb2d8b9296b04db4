// What must survive a refresh, per user, in localStorage: the rooms in the order they were opened, each
// room's read markers, the open room, and the messages not sent yet (with their clientIds, so a resend
// after the refresh is recognised as the same message).

import { state } from './state.js';

let saveTimer = null;

const storageKey = () => `chat:${state.me.username}`;

export function load() {
  try {
    return JSON.parse(localStorage.getItem(storageKey())) || {};
  } catch (e) {
    return {};
  }
}

export function save() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, 200);
}

export function saveNow() {
  clearTimeout(saveTimer);
  if (!state.me) return;
  const rooms = {};
  const pending = {};
  for (const name of state.order) {
    const room = state.rooms[name];
    rooms[name] = { lastSeen: room.lastSeen, lastRead: room.lastRead, unread: room.unread };
    const waiting = room.pending.filter((p) => p.state === 'pending');
    if (waiting.length) pending[name] = waiting.map((p) => ({ clientId: p.clientId, text: p.text }));
  }
  try {
    localStorage.setItem(storageKey(), JSON.stringify({ order: state.order, rooms, pending, current: state.current }));
  } catch (e) {
    // Storage full or disabled: the chat works, it only forgets read markers on refresh.
  }
}
