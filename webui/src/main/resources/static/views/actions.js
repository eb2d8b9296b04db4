// What the user is doing to messages, shared by the views that show it: the message edited in place, the one the
// composer replies to, the emoji picker, the deletion waiting for a yes, the actions opened on a touch screen, and
// the original a reply's quote jumped to. After each, the keyboard goes back to the composer.

import { reactive, nextTick } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';

const state = client.state;
const FLASH_MS = 1600;

export const ui = reactive({
  editing: null,   // {room, id, text, error, busy}: the message edited in place
  replying: {},    // room -> id of the message the composer answers
  picker: null,    // {room, id}: the emoji picker is open on this message
  confirm: null,   // {room, id, user, text}: deleting this message waits for the user's yes
  menu: null,      // id of the message whose actions a touch screen shows
  flashed: null,   // id of the message a reply's quote just jumped to
});

export function focusComposer() {
  nextTick(() => {
    const box = document.getElementById('message-input');
    if (box) box.focus();
  });
}

export function startEdit(room, message) {
  ui.editing = { room, id: message.id, text: message.text, error: '', busy: false };
  ui.menu = null;
  ui.picker = null;
}

/** Up-arrow in an empty composer: the user's newest stored message in the room, edited in place. */
export function editLast(room) {
  const r = state.rooms[room];
  const last = r && [...r.messages].reverse().find((m) => m.user === state.me.username);
  if (!last) return false;
  startEdit(room, last);
  return true;
}

export function cancelEdit() {
  ui.editing = null;
  focusComposer();
}

/** Saves the text edited in place; what the server refuses stays shown under the editor. */
export async function saveEdit() {
  const editing = ui.editing;
  if (!editing || editing.busy) return;
  const text = editing.text.trim();
  if (!text) {
    editing.error = 'A message cannot be empty: delete it instead.';
    return;
  }
  editing.busy = true;
  editing.error = '';
  try {
    await client.editMessage(editing.room, editing.id, text);
    if (ui.editing === editing) cancelEdit();
  } catch (e) {
    editing.error = e.message;
  } finally {
    editing.busy = false;
  }
}

export function startReply(room, message) {
  ui.replying[room] = message.id;
  ui.menu = null;
  focusComposer();
}

export function cancelReply(room) {
  delete ui.replying[room];
  focusComposer();
}

export function askDelete(room, message) {
  ui.confirm = { room, id: message.id, user: message.user, text: message.text };
  ui.menu = null;
}

export function togglePicker(room, id) {
  ui.picker = ui.picker && ui.picker.room === room && ui.picker.id === id ? null : { room, id };
}

/** Adds or takes back the user's reaction; a refusal is shown as the page's notice. */
export function react(room, id, emoji, thenComposer) {
  client.toggleReaction(room, id, emoji).catch((e) => { state.notice = { kind: 'warning', text: e.message }; });
  if (thenComposer) {
    ui.picker = null;
    focusComposer();
  }
}

let flashTimer = null;

/** Scrolls to a shown message and highlights it for a moment. */
export function jumpTo(id) {
  const row = document.querySelector(`.message-list li.msg[data-id='${Number(id)}']`);
  if (!row) return;
  row.scrollIntoView({ block: 'center' });
  // The list learns now, not after the next render, that the reader left the newest messages.
  const list = row.closest('.messages');
  if (list) list.dispatchEvent(new Event('scroll'));
  ui.flashed = id;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => { ui.flashed = null; }, FLASH_MS);
}

/** The start of a message, on one line, for a quote or a dialog. */
export function snippet(text, length = 100) {
  const line = Array.from(text.replace(/\s+/g, ' ').trim());
  return line.length > length ? `${line.slice(0, length - 1).join('')}…` : line.join('');
}
