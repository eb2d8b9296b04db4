// A room's messages: day and "New" dividers, messages grouped by sender (each drawn by message-row.js), own
// messages still being sent, and a scroll position that keeps what the reader looks at in place; whether the
// newest message is on screen goes to the client, which marks the room read then.

import {
  h, ref, onMounted, onBeforeUpdate, onUpdated, onBeforeUnmount,
} from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { sameDay, dayLabel } from '../format.js';
import { now, Avatar, MessageText } from './pieces.js';
import { MessageRow, Quote } from './message-row.js';
import { ui, focusComposer } from './actions.js';

const state = client.state;
const GROUP_WITHIN_MS = 5 * 60 * 1000;

function buildItems(room) {
  const items = [];
  let previous = null;
  let dividerShown = false;
  for (const m of room.messages) {
    if (!previous || !sameDay(previous.ts, m.ts)) {
      items.push({ kind: 'day', key: `day-${m.id}`, label: dayLabel(m.ts, now.value) });
      previous = null;
    }
    if (!dividerShown && room.firstUnread !== null && m.id >= room.firstUnread && m.user !== state.me.username) {
      items.push({ kind: 'unread', key: 'unread' });
      dividerShown = true;
      previous = null;
    }
    const grouped = previous && previous.user === m.user && previous.via === m.via && m.ts - previous.ts < GROUP_WITHIN_MS;
    items.push({ kind: 'message', key: `m-${m.id}`, message: m, grouped });
    previous = m;
  }
  return items;
}

function pendingRow(room, p) {
  return h('li', {
    key: `p-${p.clientId}`, class: ['msg', 'own', 'pending', p.state === 'failed' ? 'failed' : null],
    'data-client-id': p.clientId,
  }, [
    h('div', { class: 'msg-gutter' }, Avatar(state.me.username)),
    h('div', { class: 'msg-body' }, [
      h('div', { class: 'msg-head' }, [
        h('span', { class: 'msg-user' }, state.me.username),
        h('span', { class: 'msg-state' }, p.state === 'failed' ? 'not sent'
          : state.connection === 'connected' ? 'sending…' : 'will be sent when you are back online'),
      ]),
      p.replyTo ? Quote(room.name, p) : null,
      h('div', { class: 'msg-text' }, MessageText(p.text)),
      p.state === 'failed' ? h('div', { class: 'msg-error small' }, [
        h('span', { class: 'text-danger' }, p.error + ' '),
        h('button', { type: 'button', class: 'btn btn-link btn-sm p-0 me-2', onClick: () => client.retry(room.name, p.clientId) }, 'Retry'),
        h('button', { type: 'button', class: 'btn btn-link btn-sm p-0', onClick: () => client.discard(room.name, p.clientId) }, 'Discard'),
      ]) : null,
    ]),
  ]);
}

/** The scrolling message list of one room; keyed by room so each room starts at its newest message. */
export const MessageList = {
  props: { name: String },
  setup(props) {
    const scroller = ref(null);
    const unseen = ref(0);
    let snapshot = null;
    const room = () => state.rooms[props.name];

    const atBottom = (el) => el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    // Whether the reader is following the newest messages; kept across resizes (a growing composer,
    // a phone keyboard), which shrink the list without the reader scrolling.
    let stuck = true;
    // The client marks the room read while its newest message is on screen (in a visible tab).
    const report = () => {
      const el = scroller.value;
      const r = room();
      if (!el || !r) return;
      r.atBottom = atBottom(el);
      if (r.atBottom) client.markRead();
    };
    const toBottom = () => {
      const el = scroller.value;
      if (el) el.scrollTop = el.scrollHeight;
      stuck = true;
      unseen.value = 0;
      report();
    };
    const resized = new ResizeObserver(() => { if (stuck) toBottom(); });
    // A click or touch elsewhere closes the emoji picker and a touch screen's message actions.
    const outside = (e) => {
      if (ui.picker && !e.target.closest('.emoji-picker, .act-react')) ui.picker = null;
      if (ui.menu !== null && !e.target.closest('.msg.menu-open')) ui.menu = null;
    };

    function fillIfShort() {
      const el = scroller.value;
      const r = room();
      if (el && r && r.historyLoaded && r.more && el.scrollHeight <= el.clientHeight + 8) client.loadOlder(r.name);
    }

    // What the DOM showed after the last render. Reactive state has already changed when onBeforeUpdate
    // runs, so the ids are remembered here; the scroll metrics are read from the DOM before it is patched.
    let shown = { first: null, last: null, pending: 0 };
    const remember = () => {
      const r = room();
      shown = r ? {
        first: r.messages.length ? r.messages[0].id : null,
        last: r.messages.length ? r.messages[r.messages.length - 1].id : null,
        pending: r.pending.length,
      } : shown;
    };

    onMounted(() => {
      const el = scroller.value;
      const divider = el.querySelector('.unread-divider');
      if (divider) {
        el.scrollTop = Math.max(0, divider.offsetTop - 24);
        stuck = atBottom(el);
      } else {
        toBottom();
      }
      resized.observe(el);
      document.addEventListener('pointerdown', outside);
      remember();
      report();
      fillIfShort();
    });
    onBeforeUnmount(() => {
      resized.disconnect();
      document.removeEventListener('pointerdown', outside);
    });

    /** The first message at least partly in view, and how far its top is from the list's top edge. */
    function anchorOf(el) {
      const edge = el.getBoundingClientRect().top;
      for (const li of el.querySelectorAll('li.msg')) {
        const box = li.getBoundingClientRect();
        if (box.bottom > edge) return { key: li.dataset.id || li.dataset.clientId, offset: box.top - edge };
      }
      return null;
    }

    function keepInPlace(el, anchor) {
      const li = [...el.querySelectorAll('li.msg')].find((x) => (x.dataset.id || x.dataset.clientId) === anchor.key);
      if (li) el.scrollTop += (li.getBoundingClientRect().top - el.getBoundingClientRect().top) - anchor.offset;
    }

    onBeforeUpdate(() => {
      const el = scroller.value;
      const bottom = el && (stuck || atBottom(el));
      snapshot = el ? { bottom, anchor: bottom ? null : anchorOf(el) } : null;
    });

    onUpdated(() => {
      const el = scroller.value;
      const r = room();
      if (!el || !r || !snapshot) return;
      const before = shown;
      remember();
      const newLast = shown.last !== before.last;
      const ownSend = shown.pending > before.pending;
      const newest = r.messages[r.messages.length - 1];
      const own = ownSend || (newLast && newest && newest.user === state.me.username);
      if ((newLast || ownSend) && (snapshot.bottom || own || before.last === null)) {
        toBottom();
      } else if (snapshot.anchor) {
        // Older messages, a loading line or a divider changed above: what the reader looks at stays put.
        keepInPlace(el, snapshot.anchor);
        if (newLast) unseen.value += r.messages.filter((m) => m.id > before.last).length;
      } else if (snapshot.bottom) {
        toBottom();
      }
      if (atBottom(el)) unseen.value = 0;
      report();
      fillIfShort();
    });

    const onScroll = () => {
      const el = scroller.value;
      const r = room();
      if (!el || !r) return;
      if (el.scrollTop < 150) client.loadOlder(r.name);
      stuck = atBottom(el);
      if (stuck) unseen.value = 0;
      report();
    };

    return () => {
      const r = room();
      if (!r) return null;
      const items = buildItems(r);
      const start = client.kindOf(r.name) === 'direct'
        ? `This is the start of your conversation with ${client.roomLabel(r.name)}.` : `This is the start of #${r.name}.`;
      return h('div', { class: 'messages-wrap' }, [
        h('div', {
          class: 'messages', ref: scroller, onScroll, tabindex: '0', id: 'messages',
          role: 'log', 'aria-live': 'polite', 'aria-busy': String(r.loadingOlder || !r.historyLoaded),
          'aria-label': `Messages in ${client.roomLabel(r.name)}`,
        }, [
          r.loadingOlder ? h('div', { class: 'loading-older text-body-secondary small', role: 'status' }, 'Loading older messages…') : null,
          r.historyLoaded && !r.more ? h('div', { class: 'room-start text-body-secondary small', id: 'room-start' }, start) : null,
          !r.historyLoaded && r.messages.length === 0 ? h('div', { class: 'text-body-secondary small p-3' }, 'Loading…') : null,
          h('ol', { class: 'message-list' }, [
            ...items.map((item) => {
              // Dividers are items of the list like the messages (a list holds list items only), read out as text.
              if (item.kind === 'day') return h('li', { key: item.key, class: 'day-divider' }, h('span', item.label));
              if (item.kind === 'unread') {
                return h('li', { key: item.key, class: 'unread-divider' },
                  h('span', ['New', h('span', { class: 'visually-hidden' }, ' messages')]));
              }
              return MessageRow(r.name, item);
            }),
            ...r.pending.map((p) => pendingRow(r, p)),
          ]),
        ]),
        unseen.value > 0 ? h('button', {
          type: 'button', class: 'btn btn-primary btn-sm new-pill shadow', id: 'new-messages',
          // The pill leaves the keyboard where it was typing, as Send does.
          onMousedown: (e) => e.preventDefault(),
          onClick: () => { toBottom(); focusComposer(); },
        }, unseen.value === 1 ? '1 new message ↓' : `${unseen.value} new messages ↓`) : null,
      ]);
    };
  },
};
