// The chat client: session, WebSocket, rooms, messages and pending sends, as reactive state that the
// views render. It follows docs/protocol.md ("Writing a client"): messages are kept by id (never twice),
// sends carry a clientId and are resent with the same one after a reconnect, every joined room is
// rejoined with `after` = the last id seen, and a `gap` reloads the room from history.
//
// The one invariant everything below keeps: a room's `lastSeen` is an id such that every message up to
// it is either on screen or can be paged in with `history before` the oldest one shown. So it moves only
// with `message` frames (each connection delivers a room's messages in id order, skipping only ids of
// deleted messages) and with history pages (each one a run of the room's ids, less deleted ones) — never
// with an `ack`, which can overtake a message. A `deleted` frame takes a message off the screen; it does
// not move `lastSeen`, because nothing can come back under that id.

import { reactive, markRaw } from './vendor/vue.runtime.esm-browser.prod.js';
import { textLength } from './format.js';

export const MAX_TEXT = 4000;
const TYPING_EVERY_MS = 2500;
const TYPING_SHOWN_MS = 8000;
const ROOMS_REFRESH_MS = 15000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30000;
const OFFLINE_AFTER_ATTEMPTS = 3;
const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 10000;
const RETRY_ROOM_MS = 1000;
const MAX_ROOM_PAGES = 10;          // the directory shows at most this many pages of 100 rooms

/** An error the server explained; `code` is the protocol's error code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body) {
  let res;
  // Every request that changes something is JSON, even without a body: the server refuses any other kind
  // from a signed-in browser, because a cross-site form can send those.
  const writes = method !== 'GET' && method !== 'HEAD';
  try {
    res = await fetch(path, {
      method,
      headers: writes ? { 'Content-Type': 'application/json' } : {},
      body: writes ? JSON.stringify(body || {}) : undefined,
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const error = data && data.error;
    throw new ApiError(res.status, error ? error.code : 'http_' + res.status,
      error ? error.message : `The server answered ${res.status}.`);
  }
  return data;
}

function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function normalise(text) {
  return text.replace(/\r\n?/g, '\n').trim();
}

function newRoom(name, saved) {
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
  };
}

export function createClient() {
  const state = reactive({
    ready: false,
    me: null,                 // {username, guest, admin}
    guestsAllowed: false,
    connection: 'offline',    // connecting | connected | reconnecting | offline
    retryAt: 0,
    directory: [],            // [{name, topic, online}] from GET /api/rooms
    rooms: {},                // joined rooms by name
    order: [],                // joined room names in the order the user opened them
    current: null,
    notice: null,             // {text, kind}
    signedOutReason: '',
    visible: document.visibilityState !== 'hidden',
  });

  let ws = null;
  let attempt = 0;
  let retryTimer = null;
  let reconnecting = false;
  let roomsTimer = null;
  let pingTimer = null;
  let pongDue = 0;
  let lastTypingSent = 0;
  let saveTimer = null;

  // ---- persistence: what must survive a refresh, per user ---------------------------------------

  const storageKey = () => `chat:${state.me.username}`;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(storageKey())) || {};
    } catch (e) {
      return {};
    }
  }

  function save() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, 200);
  }

  function saveNow() {
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

  // ---- session ----------------------------------------------------------------------------------

  async function start() {
    document.addEventListener('visibilitychange', () => {
      state.visible = document.visibilityState !== 'hidden';
      if (state.visible) {
        markRead();
        ping();
      }
    });
    window.addEventListener('online', () => retryNow());
    window.addEventListener('beforeunload', saveNow);
    setInterval(expireTyping, 1000);
    try {
      state.guestsAllowed = (await api('GET', '/api/config')).guests;
    } catch (e) {
      state.guestsAllowed = false;
    }
    try {
      const me = await api('GET', '/api/session');
      if (me.signedIn) signedIn(me);
    } catch (e) {
      state.notice = { kind: 'danger', text: e.message };
    }
    state.ready = true;
  }

  async function signIn(username, password) {
    signedIn(await api('POST', '/api/login', { username, password }));
  }

  async function register(username, password) {
    await api('POST', '/api/register', { username, password });
    await signIn(username, password);
  }

  /** Sets a new password with a one-time reset token an admin handed over; then the user signs in with it. */
  async function resetPassword(token, password) {
    const done = await api('POST', '/api/password/reset', { token, password });
    state.signedOutReason = 'Your new password is set. Sign in with it.';
    return done.username;
  }

  async function continueAsGuest() {
    signedIn(await api('POST', '/api/guest'));
  }

  async function signOut() {
    saveNow();
    teardown();
    await api('POST', '/api/logout').catch(() => {});
    state.signedOutReason = '';
  }

  function signedIn(me) {
    teardown();
    state.me = { username: me.username, guest: me.guest, admin: me.admin };
    state.signedOutReason = '';
    const saved = load();
    for (const name of saved.order || []) {
      addRoom(name, saved.rooms && saved.rooms[name]);
      for (const p of (saved.pending && saved.pending[name]) || []) {
        state.rooms[name].pending.push(pendingSend(p.clientId, p.text));
      }
    }
    state.current = saved.current && state.rooms[saved.current] ? saved.current : null;
    const who = state.me;
    refreshRooms().then(() => {
      if (state.me !== who || state.current) return;
      const first = state.order[0] || (state.directory.some((r) => r.name === 'general') ? 'general' : null);
      if (first) openRoom(first);
    });
    roomsTimer = setInterval(refreshRooms, ROOMS_REFRESH_MS);
    pingTimer = setInterval(ping, PING_EVERY_MS);
    connect();
  }

  /** Forgets everything of the signed-in user in this page (not their saved read markers). */
  function teardown() {
    clearTimeout(retryTimer);
    clearInterval(roomsTimer);
    clearInterval(pingTimer);
    closeSocket();
    for (const room of Object.values(state.rooms)) clearTimeout(room.retryTimer);
    state.me = null;
    state.rooms = {};
    state.order = [];
    state.current = null;
    state.directory = [];
    state.connection = 'offline';
    state.notice = null;
    attempt = 0;
  }

  function signedOut(reason) {
    saveNow();
    teardown();
    state.signedOutReason = reason;
  }

  // ---- rooms directory --------------------------------------------------------------------------

  async function refreshRooms() {
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

  async function createRoom(name, topic) {
    const who = state.me;
    const room = await api('POST', '/api/rooms', { name, topic: topic || undefined });
    if (state.me !== who) return room;
    await refreshRooms();
    if (state.me === who) openRoom(room.name);
    return room;
  }

  function addRoom(name, saved) {
    if (!state.rooms[name]) {
      state.rooms[name] = newRoom(name, saved);
      state.order.push(name);
    }
    return state.rooms[name];
  }

  function openRoom(name) {
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
  function leaveRoom(name) {
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

  function markRead() {
    const room = state.current && state.rooms[state.current];
    if (!room || !state.visible) return;
    if (room.lastRead < room.lastSeen || room.unread) {
      room.lastRead = room.lastSeen;
      room.unread = 0;
      save();
    }
  }

  // ---- connection -------------------------------------------------------------------------------

  const isOpen = () => ws !== null && ws.readyState === WebSocket.OPEN;

  function connect() {
    clearTimeout(retryTimer);
    if (!state.me || ws) return;
    if (attempt === 0) state.connection = 'connecting';
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
    ws = socket;
    socket.onopen = () => {
      state.connection = 'connected';
      pongDue = 0;
      if (state.order.length === 0) attempt = 0;
      for (const name of state.order) join(state.rooms[name]);
    };
    socket.onmessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      handle(frame);
    };
    socket.onclose = (event) => {
      if (ws !== socket) return;
      dropped();
      if (event.code === 4401) signedOut('You were signed out.');
      else if (event.code === 4403) signedOut('Your account was banned.');
      else scheduleReconnect();
    };
  }

  /** Lets go of the socket without waiting for it: its events no longer reach this client. */
  function closeSocket() {
    const socket = ws;
    if (!socket) return;
    ws = null;
    socket.onmessage = null;
    socket.onclose = null;
    if (socket.readyState === WebSocket.CONNECTING) socket.onopen = () => socket.close(1000);
    else {
      socket.onopen = null;
      socket.close(1000);
    }
  }

  /** The connection is gone: every room must be joined again on the next one. */
  function dropped() {
    closeSocket();
    for (const room of Object.values(state.rooms)) {
      room.joined = false;
      room.joinSent = false;
      room.asked = [];
      room.loadingOlder = false;
      room.typing = {};
    }
  }

  function scheduleReconnect() {
    attempt++;
    const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
    const delay = Math.round(base * (0.5 + Math.random()));
    state.connection = attempt > OFFLINE_AFTER_ATTEMPTS || !navigator.onLine ? 'offline' : 'reconnecting';
    state.retryAt = Date.now() + delay;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(reconnect, delay);
  }

  /** Before opening a socket again, tells "signed out" from "server away" (no answer). */
  async function reconnect() {
    const who = state.me;
    if (!who || ws || reconnecting) return;
    reconnecting = true;
    try {
      const me = await api('GET', '/api/session');
      if (state.me !== who) return;
      if (!me.signedIn) signedOut('Your session has ended. Please sign in again.');
      else connect();
    } catch (e) {
      if (state.me === who) scheduleReconnect();
    } finally {
      reconnecting = false;
    }
  }

  function retryNow() {
    if (state.me && !ws) {
      clearTimeout(retryTimer);
      reconnect();
    }
  }

  /** A connection can die without a close (sleep, network switch): no pong in time means it is gone. */
  function ping() {
    if (!isOpen() || pongDue) return;
    const socket = ws;
    pongDue = Date.now() + PONG_WITHIN_MS;
    sendFrame({ type: 'ping' });
    setTimeout(() => {
      if (ws === socket && pongDue && Date.now() >= pongDue) {
        dropped();
        scheduleReconnect();
      }
    }, PONG_WITHIN_MS + 50);
  }

  function sendFrame(frame) {
    if (isOpen()) {
      ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function join(room) {
    const frame = { type: 'join', room: room.name };
    // Once the room has been seen (even empty), ask for everything after it so nothing is missed.
    if (room.lastSeen > 0 || room.historyLoaded) frame.after = room.lastSeen;
    room.joinSent = sendFrame(frame);
    if (!room.joinSent) return;
    room.asked.push({ kind: 'join', generation: room.generation });
    if (!room.historyLoaded && room.name === state.current) requestHistory(room);
  }

  function requestHistory(room, before) {
    if (before ? room.loadingOlder
      : room.asked.some((a) => a.kind === 'latest' && a.generation === room.generation)) return;
    const frame = { type: 'history', room: room.name, limit: 50 };
    if (before) frame.before = before;
    if (!sendFrame(frame)) return;
    room.asked.push({ kind: before ? 'older' : 'latest', generation: room.generation });
    if (before) room.loadingOlder = true;
  }

  /** The request a `joined`, `history` or room error answers: each room's answers come in order. */
  function answered(room, kinds) {
    const i = room.asked.findIndex((a) => kinds.includes(a.kind));
    return i < 0 ? null : room.asked.splice(i, 1)[0];
  }

  function loadOlder(name) {
    const room = state.rooms[name];
    if (!room || room.loadingOlder || !room.more || !room.historyLoaded || room.messages.length === 0) return;
    requestHistory(room, room.messages[0].id);
  }

  /** Throws the room's view away (after a `gap`, or a failed load) and loads it again from the newest. */
  function restart(room) {
    room.generation++;
    room.messages = [];
    room.more = true;
    room.historyLoaded = false;
    room.loadingOlder = false;
  }

  // ---- frames from the server -------------------------------------------------------------------

  function handle(frame) {
    if (frame.type === 'pong') {
      pongDue = 0;
      return;
    }
    const room = frame.room && state.rooms[frame.room];
    switch (frame.type) {
      case 'joined':
        if (!room) return;
        answered(room, ['join']);
        attempt = 0;
        room.joined = true;
        room.online = [...frame.online].sort();
        if (!room.historyLoaded && room.name === state.current) requestHistory(room);
        transmitAll(room);
        break;
      case 'message':
        if (room) receive(room, frame);
        break;
      case 'ack':
        if (room) acknowledged(room, frame);
        break;
      case 'history':
        if (room) history(room, frame);
        break;
      case 'gap':
        if (!room) return;
        restart(room);
        room.refillAfterGap = true;
        requestHistory(room);
        break;
      case 'deleted':
        if (room) removeMessage(room, frame.id);
        break;
      case 'room_closed':
        if (room) closed(room, frame.renamedTo);
        break;
      case 'presence':
        if (!room) return;
        if (frame.state === 'online' && !room.online.includes(frame.user)) {
          room.online = [...room.online, frame.user].sort();
        } else if (frame.state === 'offline') {
          room.online = room.online.filter((u) => u !== frame.user);
          delete room.typing[frame.user];
        }
        break;
      case 'typing':
        if (!room || !state.me || frame.user === state.me.username) return;
        if (frame.stop) delete room.typing[frame.user];
        else room.typing[frame.user] = Date.now() + TYPING_SHOWN_MS;
        break;
      case 'error':
        failed(room, frame);
        break;
      default:
        break;
    }
  }

  function toMessage(frame) {
    return markRaw({
      id: frame.id, user: frame.user, text: frame.text, ts: new Date(frame.ts), clientId: frame.clientId,
    });
  }

  /** Puts a message in its place by id; false when the room already had it. */
  function insert(room, message) {
    const list = room.messages;
    let i = list.length;
    while (i > 0 && list[i - 1].id > message.id) i--;
    if (i > 0 && list[i - 1].id === message.id) {
      if (list[i - 1].text !== message.text) list.splice(i - 1, 1, message);
      return false;
    }
    list.splice(i, 0, message);
    return true;
  }

  function mine(message) {
    return state.me !== null && message.user === state.me.username;
  }

  function receive(room, frame) {
    const message = toMessage(frame);
    if (mine(message)) dropPending(room, message.clientId);
    const fresh = insert(room, message);
    if (message.id > room.lastSeen) {
      room.lastSeen = message.id;
      if (fresh && !mine(message) && message.id > room.lastRead) room.unread++;
      save();
    }
    if (fresh) delete room.typing[message.user];
    if (room.name === state.current) markRead();
  }

  function acknowledged(room, frame) {
    const p = room.pending.find((x) => x.clientId === frame.clientId);
    if (!p) return;
    dropPending(room, frame.clientId);
    // Shown at once only where it joins what is shown; otherwise history or the message frame brings it.
    // Never for a duplicate: its message frame was never received here (or it would not be pending), so
    // it comes with the replay, or not at all because an admin deleted it meanwhile.
    const list = room.messages;
    if (frame.duplicate) {
      save();
      return;
    }
    if (list.length > 0 ? frame.id >= list[0].id : room.historyLoaded && frame.id === room.lastSeen + 1) {
      insert(room, markRaw({
        id: frame.id, user: state.me.username, text: normalise(p.text), ts: new Date(frame.ts), clientId: frame.clientId,
      }));
    }
    save();
  }

  /** An admin deleted the message: off the screen, and off the unread count if it was on it. */
  function removeMessage(room, id) {
    const i = room.messages.findIndex((m) => m.id === id);
    if (i < 0) return;
    const [message] = room.messages.splice(i, 1);
    if (id > room.lastRead && !mine(message) && room.unread > 0) {
      room.unread--;
      save();
    }
  }

  /**
   * An admin deleted the room or renamed it: the server has taken this connection out of it. A renamed
   * room that was open opens under its new name, with its read markers and unsent messages (ids and
   * clientIds move with the messages, so a resend there is still recognised).
   */
  function closed(room, renamedTo) {
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

  function history(room, frame) {
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
    const newest = frame.messages.length ? frame.messages[0].id : 0;
    if (newest > room.lastSeen) room.lastSeen = newest;
    if (room.refillAfterGap) {
      room.refillAfterGap = false;
      if (room.name !== state.current) room.unread = Math.max(room.unread, room.lastSeen - room.lastRead);
    }
    if (room.name === state.current) markRead();
    save();
  }

  function failed(room, frame) {
    const p = frame.ref && room && room.pending.find((x) => x.clientId === frame.ref);
    if (p) {
      if (frame.code === 'rate_limited' || frame.code === 'not_stored') {
        hold(room, frame.retryAfterMs || RETRY_ROOM_MS);
      } else {
        p.state = 'failed';
        p.error = frame.message;
        save();
      }
      return;
    }
    const asked = room && !frame.ref && ['no_such_room', 'unavailable', 'internal'].includes(frame.code)
      ? answered(room, ['join', 'latest', 'older']) : null;
    if (room && (frame.code === 'no_such_room' || frame.code === 'invalid_room')) {
      state.notice = { kind: 'warning', text: `Room “${room.name}” is gone: ${frame.message}` };
      room.pending = [];
      leaveRoom(room.name);
      return;
    }
    if (asked) {
      // The store did not answer a join or a history read: ask again in a moment.
      if (asked.kind === 'join') room.joinSent = false;
      if (asked.kind === 'older') room.loadingOlder = false;
      setTimeout(() => {
        if (state.rooms[room.name] !== room || !isOpen()) return;
        if (asked.kind === 'join' && !room.joined && !room.joinSent) join(room);
        else if (asked.kind === 'latest' && room.joined && !room.historyLoaded && room.name === state.current) {
          requestHistory(room);
        }
      }, RETRY_ROOM_MS);
      return;
    }
    state.notice = { kind: 'warning', text: frame.message };
  }

  // ---- sending ----------------------------------------------------------------------------------

  function pendingSend(clientId, text) {
    return reactive({ clientId, text, state: 'pending', error: null });
  }

  /** Shows the message at once as pending; it goes out now, or when the room is joined again. */
  function send(name, text) {
    const room = state.rooms[name];
    if (!room || !normalise(text) || textLength(normalise(text)) > MAX_TEXT) return false;
    const p = pendingSend(randomId(), text);
    room.pending.push(p);
    lastTypingSent = 0;
    if (room.joined && Date.now() >= room.heldUntil) transmit(room, p);
    save();
    return true;
  }

  function transmit(room, p) {
    if (p.state !== 'pending' || !room.joined) return;
    sendFrame({ type: 'send', room: room.name, text: p.text, clientId: p.clientId });
  }

  /** Sends every pending message of the room again, in the order they were written. */
  function transmitAll(room) {
    if (Date.now() < room.heldUntil) return;
    for (const p of room.pending) transmit(room, p);
  }

  /**
   * The server asked to wait: hold the room's sends, then resend all pending ones in order (a resend of
   * a stored message is only acknowledged again), so that a later message never overtakes an earlier one.
   */
  function hold(room, ms) {
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

  function dropPending(room, clientId) {
    const i = room.pending.findIndex((p) => p.clientId === clientId);
    if (i >= 0) room.pending.splice(i, 1);
  }

  function discard(name, clientId) {
    const room = state.rooms[name];
    if (room) dropPending(room, clientId);
    save();
  }

  function retry(name, clientId) {
    const room = state.rooms[name];
    const p = room && room.pending.find((x) => x.clientId === clientId);
    if (!p) return;
    p.state = 'pending';
    p.error = null;
    if (Date.now() >= room.heldUntil) transmit(room, p);
  }

  function typing(name, empty) {
    const room = state.rooms[name];
    if (!room || !room.joined) return;
    const now = Date.now();
    if (empty) {
      if (lastTypingSent) sendFrame({ type: 'typing', room: name, stop: true });
      lastTypingSent = 0;
    } else if (now - lastTypingSent > TYPING_EVERY_MS) {
      sendFrame({ type: 'typing', room: name });
      lastTypingSent = now;
    }
  }

  function expireTyping() {
    const now = Date.now();
    for (const room of Object.values(state.rooms)) {
      for (const [user, until] of Object.entries(room.typing)) {
        if (until < now) delete room.typing[user];
      }
    }
  }

  return {
    state, start, signIn, register, continueAsGuest, resetPassword, signOut, refreshRooms, createRoom, openRoom,
    leaveRoom, loadOlder, send, discard, retry, typing, retryNow, markRead,
  };
}
