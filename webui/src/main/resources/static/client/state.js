// The one reactive object the views render, and the shape of a room in it. Every part of the client
// changes this object; none keeps a second copy of what is in it.

import { reactive, markRaw } from '../vendor/vue.runtime.esm-browser.prod.js';

export const state = reactive({
  ready: false,
  me: null,                 // {username, guest, admin}
  guestsAllowed: false,
  connection: 'offline',    // connecting | connected | reconnecting | offline
  retryAt: 0,
  directory: [],            // room objects from GET /api/rooms, room_added…: {name, topic, online, kind, joined, role, members}
  rooms: {},                // the rooms the user is in (and a public one they opened), by name; each joined on the socket
  order: [],                // their names, in the order this page took them in
  people: {},               // username -> true: members the page has listed, for completing names
  current: null,
  listed: false,            // the server has listed the rooms once since sign-in: read markers are known
  notice: null,             // {text, kind}
  signedOutReason: '',
  visible: document.visibilityState !== 'hidden',
  notifications: typeof Notification === 'function' ? Notification.permission : 'unsupported',
  // clientIds of own messages written while the page was not connected: stored when it was back, after what others
  // wrote meanwhile, so they are marked "sent when back online" (in this page).
  writtenOffline: new Set(),
});

export function newRoom(name, saved) {
  return {
    name,
    messages: [],        // stored messages, ascending id, each id once
    pending: [],         // own sends not acknowledged yet: {clientId, text, replyTo, state, error}
    online: [],          // usernames, sorted
    typing: {},          // username -> time the indicator expires
    joined: false,       // joined on the current connection
    joinSent: false,
    asked: [],           // requests awaiting their answer, oldest first: {kind: join|latest|older, generation}
    generation: 0,       // bumped when the room's view is thrown away; answers asked before are ignored
    historyLoaded: false,
    more: true,
    loadingOlder: false,
    refillAfterGap: false,
    heldUntil: 0,        // sends wait until then after a rate_limited or not_stored
    retryTimer: null,
    // The room's position: the largest message id or change seq received (see client/feed.js).
    position: saved ? saved.position || saved.lastSeen || 0 : 0,
    // Read state: the server's for a signed-in user (GET /api/rooms, read_state), the page's own for a guest.
    readUpTo: saved ? saved.readUpTo || saved.lastRead || 0 : 0,
    unread: saved ? saved.unread || 0 : 0,
    mentions: saved ? saved.mentions || 0 : 0,
    mentioned: markRaw(new Set()), // ids of messages whose mention this page has counted
    countedAt: 0,        // when the page last counted a message or mention up itself
    readSentAt: 0,       // when the page last sent `read` for the room
    atBottom: true,      // the newest message is on screen (the message list says so while the room is open)
    changes: markRaw(new Map()), // id -> change frames, in seq order, of a message not shown (client/changes.js)
    quotes: {},          // id -> {state: ok|gone|failed, message}: originals of replies, fetched or deleted
    firstUnread: null,   // id above which the "New" divider shows while the room is open
    fromStart: false,    // added to the user while the page was open: join replays it from its first message
    leaving: false,      // the user asked the server to end their membership
  };
}
