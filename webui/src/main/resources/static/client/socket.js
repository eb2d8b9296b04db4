// The WebSocket: opening it and rejoining every room on it, sending frames, finding a dead one by ping,
// and reconnecting with backoff: 0.5 s doubling to 5 s (a chat is back within seconds of its server, as with
// Socket.io's default), each ×0.5–1.5 at random so that clients spread out, after asking `GET /api/session`
// whether the session still holds. The browser's `online` event and the tab coming back into view try at once.

import { api } from './api.js';
import { state } from './state.js';
import { join } from './feed.js';
import { handle } from './frames.js';
import { signedOut } from './session.js';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;
const OFFLINE_AFTER_ATTEMPTS = 3;
const PING_EVERY_MS = 25000;
const PONG_WITHIN_MS = 10000;

let ws = null;
let attempt = 0;
let retryTimer = null;
let reconnecting = false;
let pingTimer = null;
let pongDue = 0;

export const isOpen = () => ws !== null && ws.readyState === WebSocket.OPEN;

/** Opens the signed-in user's connection and keeps checking that it is alive. */
export function startConnection() {
  pingTimer = setInterval(ping, PING_EVERY_MS);
  connect();
}

/** Closes the connection and forgets its retries, for the next user of the page. */
export function stopConnection() {
  clearTimeout(retryTimer);
  clearInterval(pingTimer);
  closeSocket();
  attempt = 0;
}

/** A room was joined: the connection works, so the next drop starts the backoff from its beginning. */
export function connectionWorks() {
  attempt = 0;
}

export function ponged() {
  pongDue = 0;
}

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
    room.online = []; // not known until the room is joined again
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

export function retryNow() {
  if (state.me && !ws) {
    clearTimeout(retryTimer);
    reconnect();
  }
}

/** A connection can die without a close (sleep, network switch): no pong in time means it is gone. */
export function ping() {
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

export function sendFrame(frame) {
  if (isOpen()) {
    ws.send(JSON.stringify(frame));
    return true;
  }
  return false;
}
