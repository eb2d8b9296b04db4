// The one reactive object the views render, and the shape of a room in it. Every part of the client
// changes this object; none keeps a second copy of what is in it.

import { reactive } from '../vendor/vue.runtime.esm-browser.prod.js';

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
  notice: null,             // {text, kind}
  signedOutReason: '',
  visible: document.visibilityState !== 'hidden',
});

export function newRoom(name, saved) {
  return {
    name,
    messages: [],        // stored messages, ascending id, each id once
    pending: [],         // own sends not acknowledged yet: {clientId, text, state, error}
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
    lastSeen: saved ? saved.lastSeen || 0 : 0,
    lastRead: saved ? saved.lastRead || 0 : 0,   // highest id the user has had on screen
    unread: saved ? saved.unread || 0 : 0,
    firstUnread: null,   // id above which the "New" divider shows while the room is open
    fromStart: false,    // added to the user while the page was open: join replays it from its first message
    leaving: false,      // the user asked the server to end their membership
  };
}
