// What must survive a refresh, per user, in localStorage: the open room, the messages not sent yet (with their
// clientIds, so a resend after the refresh is recognised as the same message) and, for a guest only, each room's
// position and read markers (the server keeps a signed-in user's read state, on every device). Which rooms the
// user is in is not kept here: the server lists them (`joined`), on every device.

import { state } from './state.js';

let saveTimer = null;
let markers = {};            // room -> read markers as loaded, of rooms the page has not taken in yet

const storageKey = () => `chat:${state.me.username}`;

export function load() {
  let saved;
  try {
    saved = JSON.parse(localStorage.getItem(storageKey())) || {};
  } catch (e) {
    saved = {};
  }
  markers = state.me.guest ? saved.rooms || {} : {};
  return saved;
}

/** The read markers a room had when the page was last closed; asked once, as the page takes the room in. */
export function remembered(name) {
  const saved = markers[name];
  delete markers[name];
  return saved;
}

/** The server has listed the user's rooms: markers of rooms not among them are not kept any longer. */
export function forgetTheRest() {
  markers = {};
}

export function save() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, 200);
}

export function saveNow() {
  clearTimeout(saveTimer);
  if (!state.me) return;
  const rooms = state.me.guest ? { ...markers } : undefined;
  const pending = {};
  for (const name of state.order) {
    const room = state.rooms[name];
    if (rooms) rooms[name] = { position: room.position, readUpTo: room.readUpTo, unread: room.unread };
    const waiting = room.pending.filter((p) => p.state === 'pending');
    if (waiting.length) pending[name] = waiting.map((p) => ({ clientId: p.clientId, text: p.text, replyTo: p.replyTo }));
  }
  try {
    localStorage.setItem(storageKey(), JSON.stringify({ rooms, pending, current: state.current }));
  } catch (e) {
    // Storage full or disabled: the chat works, it only forgets unsent messages (and a guest's read markers) on refresh.
  }
}

// Drafts: what is typed in a room's composer and not sent, kept per user so that a refresh does not lose it (and
// forgotten when the user signs out, so that the next person at a shared computer does not read it).
const draftsKey = () => `chat:${state.me.username}:drafts`;
let drafts = null;

function loadDrafts() {
  if (drafts === null) {
    try {
      drafts = JSON.parse(localStorage.getItem(draftsKey())) || {};
    } catch (e) {
      drafts = {};
    }
  }
  return drafts;
}

/** The draft of a room, or ''. */
export function draft(name) {
  return state.me ? loadDrafts()[name] || '' : '';
}

export function keepDraft(name, text) {
  if (!state.me) return;
  const all = loadDrafts();
  if (text) all[name] = text;
  else delete all[name];
  try {
    if (Object.keys(all).length) localStorage.setItem(draftsKey(), JSON.stringify(all));
    else localStorage.removeItem(draftsKey());
  } catch (e) {
    // Storage full or disabled: the draft stays for as long as the page does.
  }
}

/** Forgets the drafts kept in memory (another user may sign in next); `andStored` also those in storage. */
export function forgetDrafts(andStored) {
  if (andStored && state.me) localStorage.removeItem(draftsKey());
  drafts = null;
}
