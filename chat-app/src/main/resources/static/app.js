// A plain test page for the chat protocol (docs/protocol.md). No framework, no build step.
// User data is only ever shown through textContent.
'use strict';

const $ = (id) => document.getElementById(id);

/** A new element; text goes in through textContent only. */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

const state = {
  me: null,        // {username, guest, admin} once signed in
  ws: null,
  attempt: 0,      // reconnect attempts since the last successful join
  retryTimer: null,
  pingTimer: null,
  rooms: new Map(),   // name -> {name, lastId, more, online: Set, typing: Set, list: <ul>, byId: Map}
  current: null,
  pending: new Map(), // clientId -> {frame, el}
  lastTyping: 0,
};

// ---- HTTP ----------------------------------------------------------------------------------

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(data && data.error ? data.error.message : `The server answered ${res.status}.`);
    err.status = res.status;
    throw err;
  }
  return data;
}

async function init() {
  try {
    $('guest').hidden = !(await api('GET', '/api/config')).guests;
  } catch (err) {
    setStatus(err.message);
  }
  try {
    signedIn(await api('GET', '/api/me'));
  } catch (err) {
    showSignIn();
  }
}

async function signIn(steps) {
  $('signin-error').textContent = '';
  try {
    signedIn(await steps());
  } catch (err) {
    $('signin-error').textContent = err.message;
  }
}

$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const body = { username: $('username').value, password: $('password').value };
  const register = event.submitter && event.submitter.value === 'register';
  signIn(async () => {
    if (register) await api('POST', '/api/register', body);
    return api('POST', '/api/login', body);
  });
});

$('guest').addEventListener('click', () => signIn(() => api('POST', '/api/guest')));

$('signout').addEventListener('click', async () => {
  teardown();
  await api('POST', '/api/logout').catch(() => {});
  showSignIn();
});

function signedIn(me) {
  state.me = me;
  $('signin').hidden = true;
  $('chat').hidden = false;
  $('signout').hidden = false;
  $('me').textContent = me.username + (me.guest ? ' (guest)' : '');
  $('password').value = '';
  loadRooms();
  connect();
}

function showSignIn() {
  teardown();
  $('chat').hidden = true;
  $('signout').hidden = true;
  $('me').textContent = '';
  $('signin').hidden = false;
}

function teardown() {
  state.me = null;
  clearTimeout(state.retryTimer);
  clearInterval(state.pingTimer);
  const ws = state.ws;
  state.ws = null; // so that its close does not reconnect
  if (ws) ws.close(1000);
  state.rooms.clear();
  state.pending.clear();
  state.current = null;
  $('messages').replaceChildren();
  render();
}

async function loadRooms() {
  try {
    const { rooms } = await api('GET', '/api/rooms');
    $('rooms').replaceChildren(...rooms.map((room) => {
      const button = el('button', '', `${room.name} (${room.online})`);
      button.type = 'button';
      button.title = room.topic;
      button.dataset.room = room.name;
      button.addEventListener('click', () => openRoom(room.name));
      const li = el('li');
      li.append(button);
      return li;
    }));
    render();
  } catch (err) {
    if (err.status === 401) showSignIn(); else setStatus(err.message);
  }
}
$('refresh-rooms').addEventListener('click', loadRooms);

// ---- WebSocket -----------------------------------------------------------------------------

function connect() {
  clearTimeout(state.retryTimer);
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  state.ws = ws;
  ws.onopen = () => {
    setStatus('Connected.');
    for (const room of state.rooms.values()) join(room);
    // Frames run in the order sent, so the joins above come first; same clientId = stored once.
    for (const p of state.pending.values()) send(p.frame);
    // The server only pings connections silent both ways; a listener in a busy room must speak.
    state.pingTimer = setInterval(() => send({ type: 'ping' }), 25000);
  };
  ws.onmessage = (event) => onFrame(JSON.parse(event.data));
  ws.onclose = (event) => {
    clearInterval(state.pingTimer);
    if (state.ws !== ws) return;
    state.ws = null;
    if (event.code === 4401) { showSignIn(); return; }
    api('GET', '/api/me').then(() => retry(event.code), (err) => (err.status === 401 ? showSignIn() : retry(event.code)));
  };
}

function retry(code) {
  const delay = Math.min(30000, 500 * 2 ** state.attempt++) * (0.5 + Math.random() / 2);
  setStatus(`Disconnected (${code}). Reconnecting in ${Math.ceil(delay / 1000)} s…`);
  state.retryTimer = setTimeout(connect, delay);
}

function send(frame) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(frame));
}

function join(room) {
  if (room.lastId === null) {
    send({ type: 'join', room: room.name });
    send({ type: 'history', room: room.name });
  } else {
    send({ type: 'join', room: room.name, after: room.lastId });
  }
}

function onFrame(f) {
  const room = f.room ? state.rooms.get(f.room.toLowerCase()) : null;
  if (!room && f.type !== 'error') return; // pong, or a room this page no longer shows
  switch (f.type) {
    case 'joined':
      state.attempt = 0;
      room.online = new Set(f.online);
      room.typing.clear();
      break;
    case 'message':
      room.lastId = Math.max(room.lastId || 0, f.id);
      room.typing.delete(f.user);
      addMessage(room, f);
      break;
    case 'ack': {
      const p = state.pending.get(f.clientId);
      if (!p) break;
      state.pending.delete(f.clientId);
      p.el.remove();
      addMessage(room, { id: f.id, user: state.me.username, text: p.frame.text, ts: f.ts });
      break;
    }
    case 'presence':
      if (f.state === 'online') room.online.add(f.user); else room.online.delete(f.user);
      break;
    case 'typing':
      if (f.stop) room.typing.delete(f.user); else room.typing.add(f.user);
      break;
    case 'gap': // more was missed than the server replays: start the view again from the newest page
      room.list.replaceChildren();
      room.byId.clear();
      send({ type: 'history', room: room.name });
      break;
    case 'history':
      room.lastId = Math.max(room.lastId || 0, ...f.messages.map((m) => m.id));
      room.more = f.more;
      f.messages.forEach((m) => addMessage(room, m));
      break;
    case 'error':
      onError(f);
      break;
    default:
      break;
  }
  render();
}

function onError(f) {
  const p = f.ref && state.pending.get(f.ref);
  if (p && (f.code === 'rate_limited' || f.code === 'not_stored')) {
    setTimeout(() => send(p.frame), f.retryAfterMs || 1000);
  } else if (p) {
    state.pending.delete(f.ref);
    p.el.classList.replace('pending', 'failed');
    p.el.querySelector('.time').textContent = f.message;
  } else {
    setStatus(f.message);
  }
}

// ---- Rooms and messages --------------------------------------------------------------------

function openRoom(name) {
  let room = state.rooms.get(name);
  if (!room) {
    room = { name, lastId: null, more: false, online: new Set(), typing: new Set(), list: el('ul'), byId: new Map() };
    state.rooms.set(name, room);
    $('messages').append(room.list);
    join(room);
  }
  state.current = room;
  render();
  $('messages').scrollTop = $('messages').scrollHeight;
  $('text').focus();
}

function messageElement(user, ts, text) {
  // ts has 0-9 fraction digits; Date only promises to parse 3.
  const time = el('time', 'time', ts ? new Date(ts.replace(/(\.\d{3})\d+/, '$1')).toLocaleTimeString() : '');
  if (ts) time.dateTime = ts;
  const li = el('li');
  li.append(el('span', 'user', user), time, el('div', 'text', text));
  return li;
}

/** Shows a stored message once, in id order; pending sends (no id) stay at the end. */
function addMessage(room, m) {
  if (room.byId.has(m.id)) return;
  const li = messageElement(m.user, m.ts, m.text);
  li.dataset.id = m.id;
  room.byId.set(m.id, li);
  const next = [...room.list.children].find((el) => !el.dataset.id || Number(el.dataset.id) > m.id);
  room.list.insertBefore(li, next || null);
  if (room === state.current && !next) $('messages').scrollTop = $('messages').scrollHeight;
}

function sendMessage() {
  const room = state.current;
  const text = $('text').value.trim();
  if (!room || !text) return;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const clientId = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const frame = { type: 'send', room: room.name, text, clientId };
  const el = messageElement(state.me.username, null, text);
  el.classList.add('pending');
  room.list.append(el);
  state.pending.set(clientId, { frame, el });
  send(frame);
  $('text').value = '';
  state.lastTyping = 0;
  $('messages').scrollTop = $('messages').scrollHeight;
}

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  sendMessage();
});

$('text').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    sendMessage();
  }
});

$('text').addEventListener('input', () => {
  const now = Date.now();
  if (state.current && $('text').value.trim() && now - state.lastTyping > 2000) {
    state.lastTyping = now;
    send({ type: 'typing', room: state.current.name });
  }
});

$('older').addEventListener('click', () => {
  const room = state.current;
  const oldest = Math.min(...room.byId.keys());
  send({ type: 'history', room: room.name, before: oldest });
});

function render() {
  const room = state.current;
  for (const button of $('rooms').querySelectorAll('button')) {
    button.setAttribute('aria-current', String(room !== null && button.dataset.room === room.name));
  }
  for (const r of state.rooms.values()) r.list.hidden = r !== room;
  $('room-name').textContent = room ? room.name : 'Pick a room';
  $('text').disabled = $('send').disabled = !room;
  $('older').hidden = !room || !room.more || room.byId.size === 0;
  const typing = room ? [...room.typing] : [];
  $('typing').textContent = typing.length === 0 ? ''
    : `${typing.join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…`;
  $('online').replaceChildren(...(room ? [...room.online].sort() : []).map((user) => el('li', '', user)));
}

function setStatus(text) {
  $('status').textContent = text;
}

init();
