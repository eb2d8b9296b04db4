// The page's address follows the open room: `#/room/NAME`, and `#/room/NAME/message/ID` for one message. Opening
// another room adds a step to the browser's history, so Back and Forward move between rooms; such an address,
// pasted or bookmarked, opens its room once signed in (and, with a message id, scrolls to that message and
// highlights it, loading older pages until it is there). Nothing in an address is trusted: a room the user cannot
// see is opened as any unknown room is (the server answers that it does not exist). `#/admin` is the admin page
// (for admins; anyone else sees the chat): while it is shown, opening rooms does not change the address.

import { ref, watch } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { jumpTo } from './actions.js';

const state = client.state;
const ADDRESS = /^#\/room\/([^/?#]+)(?:\/message\/(\d{1,15}))?$/;
const FIND_FOR_MS = 10000;
const ADMIN = '#/admin';

/** Which page the address asks for: 'admin' or 'chat'. */
export const page = ref(location.hash === ADMIN ? 'admin' : 'chat');

function onAddress() {
  page.value = location.hash === ADMIN ? 'admin' : 'chat';
  // Back from the admin page: the address names the open room again.
  if (page.value === 'chat' && state.me && state.current && !parse(location.hash)) {
    history.replaceState(null, '', client.roomAddress(state.current));
  }
}

/** The room and message an address names, or null. */
export function parse(hash) {
  const match = ADDRESS.exec(hash);
  if (!match) return null;
  let room;
  try {
    room = decodeURIComponent(match[1]);
  } catch (e) {
    return null;
  }
  return { room, id: match[2] ? Number(match[2]) : null };
}

/** Opens what the address names (Back, Forward, a link followed); false when it names nothing. */
function follow() {
  const wanted = parse(location.hash);
  if (!wanted || !state.me) return false;
  client.openRoom(wanted.room);
  if (wanted.id !== null) showMessage(wanted.room, wanted.id);
  return true;
}

/** Scrolls to message `id` of the room once it is on the page, reading older pages for it if need be. */
export function showMessage(name, id) {
  const until = Date.now() + FIND_FOR_MS;
  const look = () => {
    const room = state.rooms[name];
    if (!room || state.current !== name || Date.now() > until) return;
    if (document.querySelector(`.message-list li.msg[data-id='${id}']`)) {
      jumpTo(id);
      return;
    }
    if (room.historyLoaded && room.messages.length > 0 && room.messages[0].id > id && room.more) client.loadOlder(name);
    else if (room.historyLoaded && (room.messages.length === 0 || room.messages[0].id <= id) && !room.loadingOlder
      && room.messages.every((m) => m.id !== id)) return; // not there (deleted, or never was)
    setTimeout(look, 100);
  };
  look();
}

export function startRouting() {
  window.addEventListener('popstate', follow);
  window.addEventListener('hashchange', follow);
  window.addEventListener('hashchange', onAddress);
  window.addEventListener('popstate', onAddress);
  // Signed in with an address that names a room: that room, not the one open when the page was last closed.
  watch(() => state.me, (me, before) => { if (me && !before) follow(); });
  watch(() => (state.me ? state.current : null), (name) => {
    if (!name || page.value === 'admin') return;
    const shown = parse(location.hash);
    if (shown && shown.room === name) return; // the address says so already (it may name a message too)
    // The first room of a page replaces its bare address; every other one is a step Back can undo.
    if (shown) history.pushState(null, '', client.roomAddress(name));
    else history.replaceState(null, '', client.roomAddress(name));
  });
}
