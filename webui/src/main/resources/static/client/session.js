// Who is signed in: the page's start, signing in and out, and what a signed-in user's page sets up
// (the open room and unsent messages back from storage, the user's rooms from the server and kept fresh,
// the connection).

import { api } from './api.js';
import { state } from './state.js';
import { load, saveNow, remembered, forgetTheRest, forgetDrafts } from './storage.js';
import { addRoom, openRoom, refreshRooms } from './rooms.js';
import { markRead } from './reads.js';
import { pendingSend } from './outbox.js';
import { expireTyping } from './presence.js';
import { startConnection, stopConnection, ping, retryNow } from './socket.js';

const ROOMS_REFRESH_MS = 60000; // a fallback: the list is live
const SIGN_OUT_RETRY_MS = 2000;
// Set while this browser signed out and the server has not heard it yet (it was away): the session cookie is
// HttpOnly, so only the server can end it. Until it has, every start of the page tells it first, and never
// signs in with that cookie.
const SIGNING_OUT = 'chat:signing-out';
const NOT_TOLD_YET = 'You are signed out. The server will be told as soon as it can be reached.';
// Who was signed in on this page last (name, guest, admin): a start that cannot reach the server shows their chat,
// offline, and the connection's retries find out when the server is back whether the session still holds.
const LAST_SIGNED_IN = 'chat:signed-in';

let roomsTimer = null;
let signOutTimer = null;

export async function start() {
  document.addEventListener('visibilitychange', () => {
    state.visible = document.visibilityState !== 'hidden';
    if (state.visible) {
      markRead();
      ping();
      retryNow();
    }
  });
  window.addEventListener('online', () => retryNow());
  window.addEventListener('beforeunload', saveNow);
  setInterval(expireTyping, 1000);
  // The two questions go out at once (on a slow phone network each round trip is half a second).
  const guests = api('GET', '/api/config').then((config) => config.guests, () => false);
  if (!(await endSession())) {
    state.guestsAllowed = await guests;
    state.signedOutReason = NOT_TOLD_YET;
    state.ready = true;
    return;
  }
  const session = api('GET', '/api/session');
  state.guestsAllowed = await guests;
  try {
    const me = await session;
    if (me.signedIn) signedIn(me);
    else forgetSignedIn();
  } catch (e) {
    const last = lastSignedIn();
    if (last && (e.status === 0 || e.status >= 500)) signedIn(last); // the server is away: the chat, offline
    else state.notice = { kind: 'danger', text: e.message };
  }
  state.ready = true;
}

export async function signIn(username, password) {
  await endSession();
  signedIn(await api('POST', '/api/login', { username, password }));
}

export async function register(username, password) {
  await api('POST', '/api/register', { username, password });
  await signIn(username, password);
}

/** Sets a new password with a one-time reset token an admin handed over; then the user signs in with it. */
export async function resetPassword(token, password) {
  const done = await api('POST', '/api/password/reset', { token, password });
  state.signedOutReason = 'Your new password is set. Sign in with it.';
  return done.username;
}

export async function continueAsGuest() {
  await endSession();
  signedIn(await api('POST', '/api/guest'));
}

/**
 * Signs out at once, whether the server answers or not: the page forgets the user now, and the server is told
 * (which ends the session and clears its cookie) as soon as it can be reached, before anything else this browser
 * does with it. A refresh meanwhile does not sign the user back in.
 */
export async function signOut() {
  saveNow();
  forgetSignedIn();
  forgetDrafts(true);
  teardown();
  state.signedOutReason = '';
  try {
    localStorage.setItem(SIGNING_OUT, '1');
  } catch (e) {
    // Storage disabled: the page is signed out; a refresh before the server hears it may not be.
  }
  if (!(await endSession())) state.signedOutReason = NOT_TOLD_YET;
}

/** Tells the server of a sign-out it has not heard yet; true once nothing is left to tell (or nothing was). */
async function endSession() {
  clearTimeout(signOutTimer);
  if (!signingOut()) return true;
  try {
    await api('POST', '/api/logout');
  } catch (e) {
    if (e.status === 0 || e.status >= 500) {
      signOutTimer = setTimeout(endSession, SIGN_OUT_RETRY_MS);
      return false;
    }
    // Refused (the session had ended already): nothing is left to end.
  }
  localStorage.removeItem(SIGNING_OUT);
  if (state.signedOutReason === NOT_TOLD_YET) state.signedOutReason = '';
  return true;
}

function signingOut() {
  try {
    return localStorage.getItem(SIGNING_OUT) !== null;
  } catch (e) {
    return false;
  }
}

function signedIn(me) {
  teardown();
  state.me = { username: me.username, guest: me.guest, admin: me.admin };
  try {
    localStorage.setItem(LAST_SIGNED_IN, JSON.stringify(state.me));
  } catch (e) {
    // Storage disabled: a start without the server shows the sign-in form instead.
  }
  state.signedOutReason = '';
  const saved = load();
  // The open room and rooms with unsent messages come back at once; the server lists the others. `order`
  // is the list of rooms an older page kept here: taken in once, joining them makes the user a member.
  const pending = saved.pending || {};
  for (const name of new Set([saved.current, ...Object.keys(pending), ...(saved.order || [])])) {
    if (!name) continue;
    const room = addRoom(name, remembered(name));
    for (const p of pending[name] || []) room.pending.push(pendingSend(p.clientId, p.text, p.replyTo));
  }
  state.current = saved.current || null;
  const who = state.me;
  refreshRooms().then((listed) => {
    if (state.me !== who) return;
    if (listed) forgetTheRest();
    if (state.current) return;
    const first = state.order[0] || (state.directory.some((r) => r.name === 'general') ? 'general' : null);
    if (first) openRoom(first);
  });
  roomsTimer = setInterval(refreshRooms, ROOMS_REFRESH_MS);
  startConnection();
}

/** Forgets everything of the signed-in user in this page (not their saved read markers). */
function teardown() {
  clearInterval(roomsTimer);
  forgetDrafts(false);
  stopConnection();
  for (const room of Object.values(state.rooms)) clearTimeout(room.retryTimer);
  state.me = null;
  state.rooms = {};
  state.order = [];
  state.current = null;
  state.directory = [];
  state.listed = false;
  state.connection = 'offline';
  state.notice = null;
}

/** The server ended the session (signed out elsewhere, expired, banned): back to the sign-in form. */
export function signedOut(reason) {
  saveNow();
  forgetSignedIn();
  teardown();
  state.signedOutReason = reason;
}

function lastSignedIn() {
  try {
    const last = JSON.parse(localStorage.getItem(LAST_SIGNED_IN));
    return last && typeof last.username === 'string' ? last : null;
  } catch (e) {
    return null;
  }
}

function forgetSignedIn() {
  try {
    localStorage.removeItem(LAST_SIGNED_IN);
  } catch (e) {
    // Storage disabled: nothing was kept.
  }
}
