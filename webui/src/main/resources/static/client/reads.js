// How far the user has read each room, and who called them: unread and mention counts, the `read` the page sends
// as the user reads, mentions highlighted, counted and notified, and the tab's title.
//
// A signed-in user's read state is the server's (docs/protocol.md, "Writing a client", 9): the room list brings
// `unread`, `mentions` and `readUpTo`, live messages of others count up, each `read_state` replaces them, and the
// page sends `read` with its position once the newest message is on screen in a visible tab (at most once a
// second per room). A guest has no read state on the server: the page counts and keeps it itself (storage.js).

import { state } from './state.js';
import { save } from './storage.js';
import { roomLabel, messageAddress } from './rooms.js';
import { sendFrame } from './socket.js';

const READ_EVERY_MS = 1000;
const NOTIFICATION_TEXT = 140;

// ---- mentions in a text, as the server finds them (chat-core Mentions) ------------------------------

const NAME = /(?<![\p{L}\p{N}_.@/-])@([A-Za-z0-9_-]{3,32})(?![A-Za-z0-9_-])/gu;
const FENCED = /```[\s\S]*?(?:```|$)/g;
const INLINE_CODE = /`[^`\n]*`/g;

/** Whether a message of someone else calls the user: `@theirname` or `@room`, outside code. */
export function callsMe(message) {
  if (!state.me || message.user === state.me.username) return false;
  const plain = message.text.replace(FENCED, ' ').replace(INLINE_CODE, ' ');
  for (const match of plain.matchAll(NAME)) {
    const name = match[1].toLowerCase();
    if (name === 'room' || name === state.me.username) return true;
  }
  return false;
}

// ---- counting ------------------------------------------------------------------------------------

const mine = (message) => state.me !== null && message.user === state.me.username;

/** A live message of someone else arrived after the read marker: one more unread (markRead takes it back). */
export function counted(room, message) {
  if (mine(message) || message.id <= room.readUpTo) return;
  room.unread++;
  room.countedAt = Date.now();
  save();
}

/** A message left the room: off the counts if it was on them. */
export function uncounted(room, message) {
  if (mine(message) || message.id <= room.readUpTo) return;
  if (room.unread > 0) room.unread--;
  if (room.mentioned.delete(message.id) && room.mentions > 0) room.mentions--;
  save();
}

/**
 * What the server says of a room's read state (a room object of the list, asked for at `since`, or a `read_state`
 * frame): markers only move forward, so an older one is ignored; one equal to the page's replaces the counts,
 * unless the page counted messages since it was asked (then the larger count stands until the next).
 */
export function learnRead(room, read, since) {
  if (typeof read.readUpTo !== 'number' || read.readUpTo < room.readUpTo) return;
  if (read.readUpTo === room.readUpTo && (room.countedAt || 0) > since) {
    room.unread = Math.max(room.unread, read.unread);
    room.mentions = Math.max(room.mentions, read.mentions);
    return;
  }
  if (read.readUpTo > room.readUpTo) room.mentioned.clear();
  room.readUpTo = read.readUpTo;
  room.unread = read.unread;
  room.mentions = read.mentions;
}

/** `read_state`: the marker moved, on this page or another of the user's. */
export function readState(frame) {
  const room = state.rooms[frame.room];
  if (room) learnRead(room, frame, room.readSentAt || 0);
}

/** `mention`: someone called the user, in a room this page may or may not follow. */
export function mentioned(frame) {
  const room = state.rooms[frame.room];
  if (room && frame.id > room.readUpTo && !room.mentioned.has(frame.id)) {
    room.mentioned.add(frame.id);
    room.mentions++;
    room.countedAt = Date.now();
  }
  notify(frame);
  if (room && room.name === state.current) markRead();
}

/** Mentions not read yet, over every room: the tab's title shows them. */
export function unreadMentions() {
  return Object.values(state.rooms).reduce((sum, room) => sum + room.mentions, 0);
}

// ---- reading -------------------------------------------------------------------------------------

const reads = new Map();   // room name -> {last: when a read last went, timer, due: id waiting to go}

/**
 * The user has the open room's newest message on screen in a visible tab: everything up to the room's position is
 * read. A guest's page moves its own marker; a signed-in user's tells the server once it knows where the server's
 * marker is (so that the "New" line shows where the user stopped), at most once a second.
 */
export function markRead() {
  const room = state.current && state.rooms[state.current];
  if (!room || !state.visible || !room.atBottom || !state.me) return;
  if (state.me.guest) {
    if (room.readUpTo < room.position || room.unread) {
      room.readUpTo = room.position;
      room.unread = 0;
      save();
    }
    return;
  }
  if (!state.listed || room.position <= room.readUpTo) return;
  room.readUpTo = room.position;
  room.unread = 0;
  room.mentions = 0;
  room.mentioned.clear();
  sendRead(room.name, room.position);
}

function sendRead(name, id) {
  const entry = reads.get(name) || { last: 0, timer: null, due: 0 };
  reads.set(name, entry);
  entry.due = Math.max(entry.due, id);
  clearTimeout(entry.timer);
  const wait = entry.last + READ_EVERY_MS - Date.now();
  if (wait > 0) entry.timer = setTimeout(() => flushRead(name), wait);
  else flushRead(name);
}

function flushRead(name) {
  const entry = reads.get(name);
  const room = state.rooms[name];
  if (!entry || !entry.due || !room) return;
  entry.last = Date.now();
  room.readSentAt = entry.last;
  // Without a connection, it goes when the room is joined again.
  if (sendFrame({ type: 'read', room: name, id: entry.due })) entry.due = 0;
}

/** The room was joined again: a read that could not go before goes now. */
export function retryRead(room) {
  const entry = reads.get(room.name);
  if (entry && entry.due) flushRead(room.name);
}

// ---- notifications -------------------------------------------------------------------------------

const supported = () => typeof window.Notification === 'function';

/** 'granted', 'denied', 'default' (not asked yet) or 'unsupported'. */
export function notificationPermission() {
  return supported() ? window.Notification.permission : 'unsupported';
}

/** Asks the browser for permission to show notifications; only ever called from a click of the user's. */
export async function enableNotifications() {
  if (!supported()) return 'unsupported';
  const answer = await window.Notification.requestPermission();
  state.notifications = answer;
  return answer;
}

/** A mention while the tab is hidden: a desktop notification, which opens the room when clicked. */
function notify(frame) {
  if (!document.hidden || notificationPermission() !== 'granted') return;
  const text = frame.message && typeof frame.message.text === 'string' ? Array.from(frame.message.text) : [];
  let notification;
  try {
    notification = new window.Notification(`${frame.user} mentioned you in ${roomLabel(frame.room)}`, {
      body: text.length > NOTIFICATION_TEXT ? `${text.slice(0, NOTIFICATION_TEXT - 1).join('')}…` : text.join(''),
      tag: `${frame.room}/${frame.id}`,
    });
  } catch (e) {
    return; // where only a service worker may notify (Chrome on Android), the badge and the title say it
  }
  notification.onclick = () => {
    window.focus();
    // The page follows the address: the room opens, scrolled to the message that called the user.
    if (state.me) location.hash = messageAddress(frame.room, frame.id);
    notification.close();
  };
}
