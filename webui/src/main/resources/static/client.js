// The chat client: session, WebSocket, rooms, messages and pending sends, as reactive state that the
// views render. It follows docs/protocol.md ("Writing a client"): messages are kept by id (never twice),
// sends carry a clientId and are resent with the same one after a reconnect, every joined room is
// rejoined with `after` = the last id seen, and a `gap` reloads the room from history.

import { reactive, markRaw } from './vendor/vue.runtime.esm-browser.prod.js';
import { textLength } from './format.js';

export const MAX_TEXT = 4000;
const TYPING_EVERY_MS = 2500;
const TYPING_SHOWN_MS = 8000;
const ROOMS_REFRESH_MS = 15000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30000;
const OFFLINE_AFTER_ATTEMPTS = 3;

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
  try {
    res = await fetch(path, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
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
    pending: [],         // own sends not acknowledged yet: {clientId, text, state, error, createdAt}
    online: [],          // usernames, sorted
    typing: {},          // username -> time the indicator expires
    joined: false,       // joined on the current connection
    joinSent: false,
    historyRequested: false,
    historyLoaded: false,
    more: true,
    loadingOlder: false,
    refillAfterGap: false,
    lastSeen: saved ? saved.lastSeen || 0 : 0,   // highest id received
    lastRead: saved ? saved.lastRead || 0 : 0,   // highest id the user has had on screen
    unread: 0,
    firstUnread: null,   // id above which the "new" divider shows while the room is open
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
  let roomsTimer = null;
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
    if (!state.me) return;
    const rooms = {};
    const pending = {};
    for (const name of state.order) {
      const room = state.rooms[name];
      rooms[name] = { lastSeen: room.lastSeen, lastRead: room.lastRead };
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
      if (state.visible) markRead();
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

  async function continueAsGuest() {
    signedIn(await api('POST', '/api/guest'));
  }

  async function signOut() {
    saveNow();
    const socket = ws;
    teardown();
    if (socket) socket.close(1000, 'Signed out.');
    await api('POST', '/api/logout').catch(() => {});
    state.signedOutReason = '';
  }

  function signedIn(me) {
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
    refreshRooms().then(() => {
      if (!state.current && state.me) {
        const first = state.order[0] || (state.directory.some((r) => r.name === 'general') ? 'general' : null);
        if (first) openRoom(first);
      }
    });
    roomsTimer = setInterval(refreshRooms, ROOMS_REFRESH_MS);
    connect();
  }

  /** Forgets everything of the signed-in user in this page (not their saved read markers). */
  function teardown() {
    clearTimeout(retryTimer);
    clearInterval(roomsTimer);
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      ws = null;
    }
    for (const room of Object.values(state.rooms)) room.pending.forEach((p) => clearTimeout(p.timer));
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
    if (!state.me) return;
    try {
      state.directory = (await api('GET', '/api/rooms')).rooms;
    } catch (e) {
      if (e.status === 401) signedOut('Your session has ended. Please sign in again.');
    }
  }

  async function createRoom(name, topic) {
    const room = await api('POST', '/api/rooms', { name, topic: topic || undefined });
    await refreshRooms();
    openRoom(room.name);
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
    const room = addRoom(name);
    const previous = state.current && state.rooms[state.current];
    if (previous && previous !== room) previous.firstUnread = null;
    state.current = name;
    room.firstUnread = room.unread > 0 ? room.lastRead + 1 : null;
    if (ws && ws.readyState === WebSocket.OPEN && !room.joined && !room.joinSent) join(room);
    if (room.joined && !room.historyLoaded) requestHistory(room);
    markRead();
    save();
  }

  function leaveRoom(name) {
    const room = state.rooms[name];
    if (!room) return;
    room.pending.forEach((p) => clearTimeout(p.timer));
    sendFrame({ type: 'leave', room: name });
    delete state.rooms[name];
    state.order = state.order.filter((n) => n !== name);
    if (state.current === name) state.current = state.order[0] || null;
    if (state.current) openRoom(state.current);
    save();
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

  function connect() {
    clearTimeout(retryTimer);
    if (!state.me) return;
    state.connection = attempt === 0 ? 'connecting' : state.connection;
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
    ws = socket;
    socket.onopen = () => {
      state.connection = 'connected';
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
      ws = null;
      for (const room of Object.values(state.rooms)) {
        room.joined = false;
        room.joinSent = false;
        room.historyRequested = false;
        room.loadingOlder = false;
        room.typing = {};
      }
      if (event.code === 4401) {
        signedOut('You were signed out.');
        return;
      }
      scheduleReconnect();
    };
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

  /** Before opening a socket again, tells "signed out" (401) from "server away" (no answer). */
  async function reconnect() {
    if (!state.me) return;
    try {
      const me = await api('GET', '/api/session');
      if (!state.me) return;
      if (!me.signedIn) {
        signedOut('Your session has ended. Please sign in again.');
        return;
      }
      connect();
    } catch (e) {
      scheduleReconnect();
    }
  }

  function retryNow() {
    if (state.me && !ws) {
      clearTimeout(retryTimer);
      reconnect();
    }
  }

  function sendFrame(frame) {
    if (ws && ws.readyState === WebSocket.OPEN) {
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
    if (room.joinSent && !room.historyLoaded && room.name === state.current) requestHistory(room);
  }

  function requestHistory(room, before) {
    if (!before && room.historyRequested) return;
    const frame = { type: 'history', room: room.name, limit: 50 };
    if (before) frame.before = before;
    if (!sendFrame(frame)) return;
    if (before) room.loadingOlder = true;
    else room.historyRequested = true;
  }

  function loadOlder(name) {
    const room = state.rooms[name];
    if (!room || room.loadingOlder || !room.more || !room.historyLoaded) return;
    requestHistory(room, room.messages.length ? room.messages[0].id : undefined);
  }

  // ---- frames from the server -------------------------------------------------------------------

  function handle(frame) {
    const room = frame.room && state.rooms[frame.room];
    switch (frame.type) {
      case 'joined':
        if (!room) return;
        attempt = 0;
        room.joined = true;
        room.online = [...frame.online].sort();
        for (const p of room.pending) {
          if (p.state === 'pending') transmit(room, p);
        }
        break;
      case 'message':
        if (room) receive(room, frame, true);
        break;
      case 'ack':
        if (room) acknowledged(room, frame);
        break;
      case 'history':
        if (room) history(room, frame);
        break;
      case 'gap':
        if (!room) return;
        room.messages = [];
        room.more = true;
        room.historyLoaded = false;
        room.refillAfterGap = true;
        requestHistory(room);
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

  function receive(room, frame, live) {
    const message = toMessage(frame);
    const mine = state.me && message.user === state.me.username;
    if (mine) dropPending(room, message.clientId);
    const fresh = insert(room, message);
    if (message.id > room.lastSeen) {
      room.lastSeen = message.id;
      if (fresh && live && !mine && message.id > room.lastRead) room.unread++;
      save();
    }
    if (fresh) delete room.typing[message.user];
    if (room.name === state.current) markRead();
  }

  function acknowledged(room, frame) {
    const p = room.pending.find((x) => x.clientId === frame.clientId);
    if (!p) return;
    dropPending(room, frame.clientId);
    insert(room, markRaw({
      id: frame.id, user: state.me.username, text: normalise(p.text), ts: new Date(frame.ts), clientId: frame.clientId,
    }));
    if (frame.id > room.lastSeen) room.lastSeen = frame.id;
    if (room.name === state.current) markRead();
    save();
  }

  function history(room, frame) {
    const before = room.messages.length ? room.messages[0].id : Infinity;
    for (const m of frame.messages) insert(room, toMessage(m));
    const lowest = frame.messages.length ? frame.messages[frame.messages.length - 1].id : null;
    if (lowest === null || lowest <= before) room.more = frame.more;
    room.loadingOlder = false;
    room.historyRequested = false;
    room.historyLoaded = true;
    const newest = room.messages.length ? room.messages[room.messages.length - 1].id : 0;
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
        clearTimeout(p.timer);
        p.timer = setTimeout(() => transmit(room, p), frame.retryAfterMs || 1000);
      } else {
        p.state = 'failed';
        p.error = frame.message;
        save();
      }
      return;
    }
    if (room && (frame.code === 'no_such_room' || frame.code === 'invalid_room')) {
      state.notice = { kind: 'warning', text: `Room “${room.name}” is gone: ${frame.message}` };
      leaveRoom(room.name);
      return;
    }
    if (room && frame.code === 'unavailable') {
      setTimeout(() => { if (state.rooms[room.name] && !room.joined) join(room); }, 1000);
      return;
    }
    state.notice = { kind: 'warning', text: frame.message };
  }

  // ---- sending ----------------------------------------------------------------------------------

  function pendingSend(clientId, text) {
    return reactive({ clientId, text, state: 'pending', error: null, createdAt: new Date(), timer: null });
  }

  /** Shows the message at once as pending; it goes out now, or when the room is joined again. */
  function send(name, text) {
    const room = state.rooms[name];
    if (!room || !normalise(text) || textLength(normalise(text)) > MAX_TEXT) return false;
    const p = pendingSend(randomId(), text);
    room.pending.push(p);
    lastTypingSent = 0;
    if (room.joined) transmit(room, p);
    save();
    return true;
  }

  function transmit(room, p) {
    if (p.state !== 'pending' || !room.joined) return;
    sendFrame({ type: 'send', room: room.name, text: p.text, clientId: p.clientId });
  }

  function dropPending(room, clientId) {
    const i = room.pending.findIndex((p) => p.clientId === clientId);
    if (i >= 0) {
      clearTimeout(room.pending[i].timer);
      room.pending.splice(i, 1);
    }
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
    transmit(room, p);
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
    state, start, signIn, register, continueAsGuest, signOut, refreshRooms, createRoom, openRoom, leaveRoom,
    loadOlder, send, discard, retry, typing, retryNow, markRead,
  };
}
