// One stored message in the list: who wrote it and when, "(edited)", the start of the message it replies to, its
// text (or the box it is edited in), its reactions, and its actions: on hover or keyboard focus on a desktop, behind
// a "…" button or a long press on a touch screen.

import { h, ref, onMounted } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { exactTime } from '../format.js';
import { Avatar, Icon, MessageText, Time, ShortTime } from './pieces.js';
import {
  ui, startEdit, cancelEdit, saveEdit, startReply, askDelete, togglePicker, snippet,
} from './actions.js';
import { ReactionChips, EmojiPicker } from './reactions.js';
import { showMessage } from './route.js';

const state = client.state;
const LONG_PRESS_MS = 500;

/** The message's text in a box: Enter saves, Shift+Enter breaks the line, Escape cancels. */
const MessageEditor = {
  setup() {
    const box = ref(null);
    const grow = () => {
      const el = box.value;
      if (!el) return;
      el.style.height = 'auto';
      el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
    };
    onMounted(() => {
      const el = box.value;
      if (!el) return;
      grow();
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    });
    return () => {
      const editing = ui.editing;
      if (!editing) return null;
      return h('div', { class: 'msg-editor' }, [
        h('label', { class: 'visually-hidden', for: 'edit-input' }, 'Edit your message'),
        h('textarea', {
          id: 'edit-input', ref: box, class: ['form-control', 'form-control-sm', editing.error ? 'is-invalid' : null],
          rows: 1, value: editing.text, 'aria-describedby': 'edit-hint',
          onInput: (e) => { editing.text = e.target.value; grow(); },
          onKeydown: (e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              saveEdit();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              cancelEdit();
            }
          },
        }),
        h('div', { class: 'small text-body-secondary d-flex align-items-center gap-2 mt-1', id: 'edit-hint' }, [
          h('span', 'Enter to save, Esc to cancel'),
          h('button', { type: 'button', class: 'btn btn-link btn-sm p-0', id: 'edit-save', disabled: editing.busy, onClick: saveEdit }, 'Save'),
          h('button', { type: 'button', class: 'btn btn-link btn-sm p-0', id: 'edit-cancel', onClick: cancelEdit }, 'Cancel'),
        ]),
        editing.error ? h('div', { class: 'text-danger small', role: 'alert', id: 'edit-error' }, editing.error) : null,
      ]);
    };
  },
};

/** The start of the message a reply answers; a button that jumps to it when it is shown. */
export function Quote(room, message) {
  const original = client.original(room, message.replyTo);
  if (original.state === 'gone' || original.state === 'failed') {
    return h('div', { class: 'reply-quote gone text-body-secondary', 'data-reply-to': message.replyTo },
      original.state === 'gone' ? 'Original message deleted' : 'The original message could not be loaded');
  }
  if (original.state !== 'ok') {
    return h('div', { class: 'reply-quote text-body-secondary', 'data-reply-to': message.replyTo, 'aria-busy': 'true' }, '…');
  }
  const o = original.message;
  const content = [
    h('span', { class: 'reply-mark', 'aria-hidden': 'true' }, '↪'), ' ',
    h('span', { class: 'reply-user' }, o.user), ' ',
    h('span', { class: 'reply-text' }, snippet(o.text)),
  ];
  // The original is one step in the browser's history away (Back returns), loaded with older pages if need be.
  return h('button', {
    type: 'button', class: 'reply-quote', 'data-reply-to': message.replyTo,
    'aria-label': `Replying to ${o.user}: ${snippet(o.text, 60)}. Show the original`,
    onClick: () => {
      history.pushState(null, '', client.messageAddress(room, message.replyTo));
      showMessage(room, message.replyTo);
    },
  }, content);
}

/** The text, and "(edited)" after it (the time in its tooltip) when its author changed it. */
function Text(m) {
  const text = h('div', { class: 'msg-text' }, MessageText(m.text));
  if (!m.edited) return text;
  return h('div', { class: 'msg-line' }, [
    text,
    h('time', { class: 'msg-edited', datetime: m.edited.toISOString(), title: `Edited ${exactTime(m.edited)}` }, '(edited)'),
  ]);
}

function Actions(room, m, own) {
  const button = (cls, label, icon, onClick, extra) => h('button', {
    type: 'button', class: ['btn', 'btn-sm', 'msg-action', cls], 'aria-label': label, title: label, onClick, ...extra,
  }, Icon(icon));
  const picking = ui.picker && ui.picker.room === room && ui.picker.id === m.id;
  return h('div', { class: 'msg-actions', role: 'toolbar', 'aria-label': `Actions for the message from ${m.user}` }, [
    button('act-react', 'Add a reaction', 'smile', () => togglePicker(room, m.id), {
      'aria-expanded': String(Boolean(picking)), 'aria-haspopup': 'true',
    }),
    button('act-reply', 'Reply', 'reply', () => startReply(room, m)),
    own ? button('act-edit', 'Edit', 'pencil', () => startEdit(room, m)) : null,
    client.mayDelete(room, m) ? button('act-delete', 'Delete', 'trash', () => askDelete(room, m), { 'aria-haspopup': 'dialog' }) : null,
  ]);
}

let pressTimer = null;

function longPress(id) {
  return {
    onPointerdown: (e) => {
      if (e.pointerType !== 'touch') return;
      clearTimeout(pressTimer);
      pressTimer = setTimeout(() => { ui.menu = id; }, LONG_PRESS_MS);
    },
    onPointerup: () => clearTimeout(pressTimer),
    onPointercancel: () => clearTimeout(pressTimer),
    onPointermove: () => clearTimeout(pressTimer),
  };
}

/** A stored message of the list; `item` says whether it follows another of the same person's (grouped). */
export function MessageRow(room, item) {
  const m = item.message;
  const own = m.user === state.me.username;
  const editing = ui.editing && ui.editing.room === room && ui.editing.id === m.id;
  const picking = ui.picker && ui.picker.room === room && ui.picker.id === m.id;
  return h('li', {
    key: item.key,
    class: ['msg', own ? 'own' : null, item.grouped ? 'grouped' : null, client.callsMe(m) ? 'mentions-me' : null,
      ui.menu === m.id ? 'menu-open' : null, ui.flashed === m.id ? 'flash' : null, editing ? 'editing' : null],
    'data-id': m.id, 'data-user': m.user,
    ...longPress(m.id),
  }, [
    h('div', { class: 'msg-gutter' }, item.grouped ? h('span', { class: 'msg-side' }, ShortTime(m.ts)) : Avatar(m.user)),
    h('div', { class: 'msg-body' }, [
      item.grouped ? null : h('div', { class: 'msg-head' }, [
        h('span', { class: 'msg-user' }, m.user),
        // A bot's messages say so; one an incoming webhook posted names who sent it ("ci (via webhook)").
        m.bot ? h('span', { class: 'badge text-bg-secondary msg-bot' }, 'bot') : null,
        m.via ? h('span', { class: 'msg-via small text-body-secondary' }, `${m.via} (via webhook)`) : null,
        Time(m.ts),
      ]),
      m.clientId && state.writtenOffline.has(m.clientId)
        ? h('div', { class: 'msg-state sent-when-back' }, 'sent when back online')
        : null,
      m.replyTo ? Quote(room, m) : null,
      editing ? h(MessageEditor, { key: `edit-${m.id}` }) : Text(m),
      ReactionChips(room, m),
      picking ? h(EmojiPicker, { room, id: m.id, key: `pick-${m.id}` }) : null,
    ]),
    editing ? null : h('button', {
      type: 'button', class: 'btn btn-sm msg-more', 'aria-label': 'Message actions',
      'aria-expanded': String(ui.menu === m.id),
      onClick: () => { ui.menu = ui.menu === m.id ? null : m.id; },
    }, h('span', { 'aria-hidden': 'true' }, '…')),
    editing ? null : Actions(room, m, own),
  ]);
}
