// The browser chat. Vue 3's runtime build with render functions (h), so the page runs under a strict
// Content-Security-Policy: no inline script, no eval, no template compiler. User text only ever
// reaches the DOM as text nodes.

import {
  createApp, h, ref, computed, watch, nextTick, onMounted, onBeforeUpdate, onUpdated, onBeforeUnmount,
} from './vendor/vue.runtime.esm-browser.prod.js';
import { client, MAX_TEXT, ApiError } from './client.js';
import {
  initials, avatarClass, exactTime, relativeTime, sameDay, dayLabel, linkify, splitOverrides, typingLine, textLength,
} from './format.js';

const state = client.state;
const now = ref(Date.now());
setInterval(() => { now.value = Date.now(); }, 30000);

const COUNTER_FROM = MAX_TEXT - 500;
const touch = window.matchMedia('(pointer: coarse)');
const drafts = new Map(); // room -> text not sent yet, so a draft stays with its room
const GROUP_WITHIN_MS = 5 * 60 * 1000;

// ---- colour scheme: follow the system's light or dark setting ------------------------------------

const dark = window.matchMedia('(prefers-color-scheme: dark)');
const applyScheme = () => { document.documentElement.dataset.bsTheme = dark.matches ? 'dark' : 'light'; };
applyScheme();
dark.addEventListener('change', applyScheme);

// ---- small pieces --------------------------------------------------------------------------------

function Avatar(name, size) {
  return h('span', {
    class: ['avatar', avatarClass(name), size === 'small' ? 'avatar-sm' : null],
    'aria-hidden': 'true',
  }, initials(name));
}

function MessageText(text) {
  return linkify(text).flatMap((piece) => (piece.href
    ? [h('a', { href: piece.href, target: '_blank', rel: 'noopener noreferrer' }, piece.text)]
    : splitOverrides(piece.text).map((part) => (part.control
      ? h('span', { class: 'bidi-control', title: 'A text direction control, shown instead of obeyed' }, `⟨${part.control}⟩`)
      : part.text))));
}

function Time(date) {
  return h('time', { class: 'msg-time', datetime: date.toISOString(), title: exactTime(date) },
    relativeTime(date, now.value));
}

const CONNECTION_LABELS = {
  connected: ['Connected', 'text-bg-success'],
  connecting: ['Connecting…', 'text-bg-secondary'],
  reconnecting: ['Reconnecting…', 'text-bg-warning'],
  offline: ['Offline', 'text-bg-danger'],
};

// ---- sign in / create account --------------------------------------------------------------------

const AuthView = {
  setup() {
    // An admin's reset link is this page with #reset=<token>: the fragment never reaches a server or a log.
    const resetToken = location.hash.startsWith('#reset=') ? decodeURIComponent(location.hash.slice(7)) : null;
    const mode = ref(resetToken ? 'reset' : 'signin');
    const username = ref('');
    const password = ref('');
    const error = ref('');
    const busy = ref(false);

    async function run(action) {
      error.value = '';
      busy.value = true;
      try {
        await action();
      } catch (e) {
        error.value = e instanceof ApiError ? e.message : 'Something went wrong. Try again.';
      } finally {
        busy.value = false;
      }
    }

    const submit = (event) => {
      event.preventDefault();
      if (mode.value === 'reset') {
        run(async () => {
          username.value = await client.resetPassword(resetToken, password.value);
          password.value = '';
          history.replaceState(null, '', location.pathname);
          mode.value = 'signin';
        });
        return;
      }
      run(() => (mode.value === 'signin'
        ? client.signIn(username.value, password.value)
        : client.register(username.value, password.value)));
    };

    const tab = (name, label) => h('li', { class: 'nav-item', role: 'presentation' },
      h('button', {
        type: 'button', role: 'tab', id: `tab-${name}`, 'aria-selected': String(mode.value === name),
        class: ['nav-link', mode.value === name ? 'active' : null],
        onClick: () => { mode.value = name; error.value = ''; },
      }, label));

    return () => h('main', { class: 'auth container' }, h('div', { class: 'card auth-card shadow-sm' }, [
      h('div', { class: 'card-body p-4' }, [
        h('h1', { class: 'h3 mb-1' }, 'Chat'),
        h('p', { class: 'text-body-secondary mb-3' }, 'Talk with your team in real time.'),
        state.signedOutReason
          ? h('div', { class: 'alert alert-info py-2', role: 'status', id: 'signed-out-reason' }, state.signedOutReason)
          : null,
        mode.value === 'reset'
          ? h('h2', { class: 'h5 mb-3', id: 'reset-title' }, 'Choose a new password')
          : h('ul', { class: 'nav nav-tabs mb-3', role: 'tablist' }, [
            tab('signin', 'Sign in'), tab('register', 'Create account'),
          ]),
        h('form', { id: 'auth-form', onSubmit: submit, novalidate: true }, [
          mode.value === 'reset' ? null : h('div', { class: 'mb-3' }, [
            h('label', { class: 'form-label', for: 'username' }, 'Username'),
            h('input', {
              id: 'username', class: 'form-control', autocomplete: 'username', required: true, autofocus: true,
              autocapitalize: 'none', spellcheck: 'false', value: username.value,
              onInput: (e) => { username.value = e.target.value; },
            }),
            mode.value === 'register'
              ? h('div', { class: 'form-text' }, '3–32 letters, digits, - or _.')
              : null,
          ]),
          h('div', { class: 'mb-3' }, [
            h('label', { class: 'form-label', for: 'password' }, 'Password'),
            h('input', {
              id: 'password', type: 'password', class: 'form-control', required: true, value: password.value,
              autocomplete: mode.value === 'signin' ? 'current-password' : 'new-password',
              autofocus: mode.value === 'reset',
              onInput: (e) => { password.value = e.target.value; },
            }),
            mode.value !== 'signin' ? h('div', { class: 'form-text' }, 'At least 8 characters.') : null,
          ]),
          error.value
            ? h('div', { class: 'alert alert-danger py-2', role: 'alert', id: 'auth-error' }, error.value)
            : null,
          h('button', { type: 'submit', class: 'btn btn-primary w-100', id: 'auth-submit', disabled: busy.value },
            { signin: 'Sign in', register: 'Create account', reset: 'Set the new password' }[mode.value]),
        ]),
        state.guestsAllowed && mode.value !== 'reset' ? h('div', { class: 'text-center mt-3' }, [
          h('span', { class: 'text-body-secondary' }, 'or '),
          h('button', {
            type: 'button', class: 'btn btn-link p-0 align-baseline', id: 'guest', disabled: busy.value,
            onClick: () => run(() => client.continueAsGuest()),
          }, 'continue as a guest'),
        ]) : null,
      ]),
    ]));
  },
};

// ---- create-room dialog --------------------------------------------------------------------------

const CreateRoomDialog = {
  emits: ['close'],
  setup(props, { emit }) {
    const name = ref('');
    const topic = ref('');
    const error = ref('');
    const busy = ref(false);
    const nameInput = ref(null);
    const opener = document.activeElement;
    onMounted(() => nameInput.value && nameInput.value.focus());
    onBeforeUnmount(() => { if (opener && opener.isConnected) opener.focus(); });

    async function submit(event) {
      event.preventDefault();
      error.value = '';
      busy.value = true;
      try {
        await client.createRoom(name.value.trim(), topic.value.trim());
        emit('close');
      } catch (e) {
        error.value = e.message;
      } finally {
        busy.value = false;
      }
    }

    const close = () => emit('close');
    return () => [
      h('div', {
        class: 'modal d-block', tabindex: '-1', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'create-room-title',
        onKeydown: (e) => { if (e.key === 'Escape') close(); },
        onClick: (e) => { if (e.target === e.currentTarget) close(); },
      }, h('div', { class: 'modal-dialog modal-dialog-centered' }, h('form', {
        class: 'modal-content', id: 'create-room-form', onSubmit: submit, novalidate: true,
      }, [
        h('div', { class: 'modal-header' }, [
          h('h2', { class: 'modal-title h5', id: 'create-room-title' }, 'New room'),
          h('button', { type: 'button', class: 'btn-close', 'aria-label': 'Close', onClick: close }),
        ]),
        h('div', { class: 'modal-body' }, [
          h('div', { class: 'mb-3' }, [
            h('label', { class: 'form-label', for: 'room-name' }, 'Name'),
            h('input', {
              id: 'room-name', class: 'form-control', ref: nameInput, required: true, maxlength: 48,
              autocapitalize: 'none', spellcheck: 'false', value: name.value,
              onInput: (e) => { name.value = e.target.value; },
            }),
            h('div', { class: 'form-text' }, 'Up to 48 letters, digits, - or _.'),
          ]),
          h('div', { class: 'mb-1' }, [
            h('label', { class: 'form-label', for: 'room-topic' }, ['Topic ', h('span', { class: 'text-body-secondary' }, '(optional)')]),
            h('input', {
              id: 'room-topic', class: 'form-control', maxlength: 200, value: topic.value,
              onInput: (e) => { topic.value = e.target.value; },
            }),
          ]),
          error.value ? h('div', { class: 'alert alert-danger py-2 mt-3 mb-0', role: 'alert', id: 'create-room-error' }, error.value) : null,
        ]),
        h('div', { class: 'modal-footer' }, [
          h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: close }, 'Cancel'),
          h('button', { type: 'submit', class: 'btn btn-primary', id: 'create-room-submit', disabled: busy.value }, 'Create room'),
        ]),
      ]))),
      h('div', { class: 'modal-backdrop show' }),
    ];
  },
};

// ---- room list -----------------------------------------------------------------------------------

function roomOnline(name) {
  const room = state.rooms[name];
  if (room && room.joined) return room.online.length;
  const listed = state.directory.find((r) => r.name === name);
  return listed ? listed.online : 0;
}

const RoomList = {
  props: { open: Boolean },
  emits: ['create', 'picked'],
  setup(props, { emit }) {
    const names = computed(() => {
      const all = new Set(state.directory.map((r) => r.name));
      state.order.forEach((n) => all.add(n));
      return [...all].sort();
    });

    const item = (name) => {
      const room = state.rooms[name];
      const unread = room ? room.unread : 0;
      const current = state.current === name;
      return h('li', { key: name }, h('button', {
        type: 'button',
        class: ['room-item', current ? 'active' : null, unread ? 'has-unread' : null, room ? 'is-joined' : null],
        'data-room': name,
        'aria-current': current ? 'true' : null,
        'aria-label': `${name}, ${roomOnline(name)} online${unread ? `, ${unread} unread` : ''}`,
        onClick: () => { client.openRoom(name); emit('picked'); },
      }, [
        h('span', { class: 'room-hash', 'aria-hidden': 'true' }, '#'),
        h('span', { class: 'room-name' }, name),
        unread ? h('span', { class: 'badge rounded-pill text-bg-primary unread', 'aria-hidden': 'true' }, unread > 99 ? '99+' : String(unread)) : null,
        h('span', { class: 'online-count', title: 'online', 'aria-hidden': 'true' }, [h('span', { class: 'dot' }), String(roomOnline(name))]),
      ]));
    };

    return () => h('nav', { class: ['sidebar', props.open ? 'open' : null], id: 'rooms', 'aria-label': 'Rooms' }, [
      h('div', { class: 'sidebar-head' }, [
        h('h2', { class: 'h6 mb-0' }, 'Rooms'),
        state.me && !state.me.guest ? h('button', {
          type: 'button', class: 'btn btn-sm btn-outline-primary', id: 'new-room', onClick: () => emit('create'),
        }, '+ New room') : null,
      ]),
      h('ul', { class: 'room-list' }, names.value.map(item)),
      names.value.length === 0 ? h('p', { class: 'text-body-secondary small px-3' }, 'No rooms yet.') : null,
    ]);
  },
};

// ---- messages ------------------------------------------------------------------------------------

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
    const grouped = previous && previous.user === m.user && m.ts - previous.ts < GROUP_WITHIN_MS;
    items.push({ kind: 'message', key: `m-${m.id}`, message: m, grouped });
    previous = m;
  }
  return items;
}

function messageRow(item) {
  const m = item.message;
  const own = m.user === state.me.username;
  return h('li', {
    key: item.key, class: ['msg', own ? 'own' : null, item.grouped ? 'grouped' : null],
    'data-id': m.id, 'data-user': m.user,
  }, [
    h('div', { class: 'msg-gutter' }, item.grouped ? null : Avatar(m.user)),
    h('div', { class: 'msg-body' }, [
      item.grouped ? null : h('div', { class: 'msg-head' }, [
        h('span', { class: 'msg-user' }, m.user), Time(m.ts),
      ]),
      h('div', { class: 'msg-text' }, MessageText(m.text)),
    ]),
    item.grouped ? h('div', { class: 'msg-side' }, Time(m.ts)) : null,
  ]);
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
        h('span', { class: 'msg-state' }, p.state === 'failed' ? 'not sent' : 'sending…'),
      ]),
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
const MessageList = {
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
    const toBottom = () => {
      const el = scroller.value;
      if (el) el.scrollTop = el.scrollHeight;
      stuck = true;
      unseen.value = 0;
    };
    const resized = new ResizeObserver(() => { if (stuck) toBottom(); });

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
      remember();
      fillIfShort();
    });
    onBeforeUnmount(() => resized.disconnect());

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
      fillIfShort();
    });

    const onScroll = () => {
      const el = scroller.value;
      const r = room();
      if (!el || !r) return;
      if (el.scrollTop < 150) client.loadOlder(r.name);
      stuck = atBottom(el);
      if (stuck) unseen.value = 0;
    };

    return () => {
      const r = room();
      if (!r) return null;
      const items = buildItems(r);
      return h('div', { class: 'messages-wrap' }, [
        h('div', {
          class: 'messages', ref: scroller, onScroll, tabindex: '0', id: 'messages',
          role: 'log', 'aria-live': 'polite', 'aria-busy': String(r.loadingOlder || !r.historyLoaded),
          'aria-label': `Messages in ${r.name}`,
        }, [
          r.loadingOlder ? h('div', { class: 'loading-older text-body-secondary small', role: 'status' }, 'Loading older messages…') : null,
          r.historyLoaded && !r.more ? h('div', { class: 'room-start text-body-secondary small', id: 'room-start' }, `This is the start of #${r.name}.`) : null,
          !r.historyLoaded && r.messages.length === 0 ? h('div', { class: 'text-body-secondary small p-3' }, 'Loading…') : null,
          h('ol', { class: 'message-list' }, [
            ...items.map((item) => {
              if (item.kind === 'day') return h('li', { key: item.key, class: 'day-divider', role: 'separator' }, h('span', item.label));
              if (item.kind === 'unread') return h('li', { key: item.key, class: 'unread-divider', role: 'separator' }, h('span', 'New'));
              return messageRow(item);
            }),
            ...r.pending.map((p) => pendingRow(r, p)),
          ]),
        ]),
        unseen.value > 0 ? h('button', {
          type: 'button', class: 'btn btn-primary btn-sm new-pill shadow', id: 'new-messages',
          onClick: toBottom,
        }, unseen.value === 1 ? '1 new message ↓' : `${unseen.value} new messages ↓`) : null,
      ]);
    };
  },
};

// ---- composer ------------------------------------------------------------------------------------

const Composer = {
  props: { name: String },
  setup(props) {
    const text = ref(drafts.get(props.name) || '');
    const box = ref(null);
    watch(text, (value) => { if (value) drafts.set(props.name, value); else drafts.delete(props.name); });
    const length = computed(() => textLength(text.value.trim()));
    const tooLong = computed(() => length.value > MAX_TEXT);

    const grow = () => {
      const el = box.value;
      if (!el) return;
      el.style.height = 'auto';
      el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
    };

    function submit() {
      if (tooLong.value || !text.value.trim()) return;
      if (client.send(props.name, text.value)) {
        text.value = '';
        nextTick(grow);
      }
    }

    onMounted(() => {
      grow();
      if (box.value && !touch.matches) box.value.focus();
    });

    return () => h('form', {
      class: 'composer', id: 'composer',
      onSubmit: (e) => { e.preventDefault(); submit(); },
    }, [
      h('label', { class: 'visually-hidden', for: 'message-input' }, `Message #${props.name}`),
      h('textarea', {
        id: 'message-input', ref: box, class: ['form-control', tooLong.value ? 'is-invalid' : null], rows: 1,
        placeholder: `Message #${props.name}`, value: text.value, 'aria-describedby': 'composer-hint',
        onInput: (e) => {
          text.value = e.target.value;
          grow();
          client.typing(props.name, text.value.trim() === '');
        },
        onKeydown: (e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        },
      }),
      h('button', {
        type: 'submit', class: 'btn btn-primary', id: 'send', disabled: tooLong.value || !text.value.trim(),
        'aria-label': 'Send',
      }, 'Send'),
      h('div', { class: 'composer-hint small text-body-secondary', id: 'composer-hint' }, [
        h('span', 'Enter to send, Shift+Enter for a new line'),
        length.value >= COUNTER_FROM ? h('span', {
          class: ['counter', tooLong.value ? 'text-danger fw-semibold' : null], id: 'counter',
        }, `${length.value} / ${MAX_TEXT}`) : null,
      ]),
    ]);
  },
};

// ---- who is online -------------------------------------------------------------------------------

function OnlineList(room) {
  return h('ul', { class: 'online-list', 'aria-label': 'Online in this room' }, room.online.map((user) => h('li', { key: user }, [
    Avatar(user, 'small'),
    h('span', { class: 'online-name' }, user),
    user === state.me.username ? h('span', { class: 'text-body-secondary small' }, ' (you)') : null,
  ])));
}

// ---- one room ------------------------------------------------------------------------------------

const RoomView = {
  props: { name: String },
  setup(props) {
    const showPeople = ref(false);
    watch(() => props.name, () => { showPeople.value = false; });
    const escape = (e) => { if (e.key === 'Escape') showPeople.value = false; };
    onMounted(() => document.addEventListener('keydown', escape));
    onBeforeUnmount(() => document.removeEventListener('keydown', escape));
    return () => {
      const room = state.rooms[props.name];
      if (!room) return null;
      const listed = state.directory.find((r) => r.name === room.name);
      const typers = Object.keys(room.typing).sort();
      return h('section', { class: 'room', 'aria-labelledby': 'room-title' }, [
        h('header', { class: 'room-head' }, [
          h('div', { class: 'room-title-wrap' }, [
            h('h2', { class: 'h5 mb-0', id: 'room-title' }, `#${room.name}`),
            listed && listed.topic ? h('div', { class: 'room-topic text-body-secondary small', id: 'room-topic' }, listed.topic) : null,
          ]),
          h('button', {
            type: 'button', class: 'btn btn-sm btn-outline-secondary people-toggle', id: 'people-toggle',
            'aria-expanded': String(showPeople.value), 'aria-controls': 'people-popover',
            onClick: () => { showPeople.value = !showPeople.value; },
          }, `${room.online.length} online`),
          h('button', {
            type: 'button', class: 'btn btn-sm btn-outline-secondary ms-2', id: 'leave-room',
            title: room.pending.length ? 'Your messages here are still being sent' : `Leave #${room.name}`,
            disabled: room.pending.length > 0,
            onClick: () => client.leaveRoom(room.name),
          }, 'Leave'),
          showPeople.value ? h('div', { class: 'people-popover card shadow', id: 'people-popover' }, h('div', { class: 'card-body p-2' }, OnlineList(room))) : null,
        ]),
        h('div', { class: 'room-main' }, [
          h('div', { class: 'room-center' }, [
            h(MessageList, { name: room.name, key: room.name }),
            h('div', { class: 'typing small text-body-secondary', id: 'typing', 'aria-live': 'polite' }, typingLine(typers)),
            h(Composer, { name: room.name, key: room.name }),
          ]),
          h('aside', { class: 'people', id: 'people', 'aria-label': 'Who is online' }, [
            h('h3', { class: 'h6' }, `Online — ${room.online.length}`),
            OnlineList(room),
          ]),
        ]),
      ]);
    };
  },
};

// ---- the signed-in page --------------------------------------------------------------------------

const ChatView = {
  setup() {
    const creating = ref(false);
    const roomsOpen = ref(false);
    const tick = ref(Date.now());
    let ticker = null;
    const escape = (e) => { if (e.key === 'Escape' && !creating.value) roomsOpen.value = false; };
    onMounted(() => {
      ticker = setInterval(() => { tick.value = Date.now(); }, 1000);
      document.addEventListener('keydown', escape);
    });
    onBeforeUnmount(() => {
      clearInterval(ticker);
      document.removeEventListener('keydown', escape);
    });

    const connection = () => {
      const [label, tone] = CONNECTION_LABELS[state.connection];
      const waiting = (state.connection === 'reconnecting' || state.connection === 'offline') && state.retryAt > tick.value;
      return h('div', { class: 'connection', id: 'connection', role: 'status', 'data-state': state.connection }, [
        h('span', { class: ['badge', tone] }, label),
        waiting ? h('span', { class: 'small ms-2 d-none d-sm-inline', 'aria-hidden': 'true' }, `retrying in ${Math.ceil((state.retryAt - tick.value) / 1000)} s`) : null,
        waiting ? h('button', { type: 'button', class: 'btn btn-link btn-sm py-0', id: 'retry-now', onClick: client.retryNow }, 'Retry now') : null,
      ]);
    };

    return () => h('div', { class: 'chat' }, [
      h('header', { class: 'topbar navbar border-bottom px-3', inert: creating.value }, [
        h('button', {
          type: 'button', class: 'btn btn-sm btn-outline-secondary d-md-none me-2', id: 'rooms-toggle',
          'aria-controls': 'rooms', 'aria-expanded': String(roomsOpen.value),
          onClick: () => { roomsOpen.value = !roomsOpen.value; },
        }, 'Rooms'),
        h('span', { class: 'navbar-brand mb-0 h1 me-auto d-none d-sm-inline' }, 'Chat'),
        h('span', { class: 'me-auto d-sm-none' }),
        connection(),
        h('span', { class: 'me ms-3 d-none d-sm-flex align-items-center', id: 'me' }, [
          Avatar(state.me.username, 'small'),
          h('span', { class: 'ms-2 d-none d-sm-inline' }, state.me.username),
          state.me.guest ? h('span', { class: 'badge text-bg-secondary ms-1' }, 'guest') : null,
        ]),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary ms-3', id: 'sign-out', onClick: () => client.signOut() }, 'Sign out'),
      ]),
      state.notice ? h('div', { class: `alert alert-${state.notice.kind} alert-dismissible m-2 mb-0 py-2`, role: 'alert', id: 'notice' }, [
        state.notice.text,
        h('button', { type: 'button', class: 'btn-close py-2', 'aria-label': 'Dismiss', onClick: () => { state.notice = null; } }),
      ]) : null,
      h('div', { class: 'layout', inert: creating.value }, [
        h(RoomList, { open: roomsOpen.value, onCreate: () => { creating.value = true; }, onPicked: () => { roomsOpen.value = false; } }),
        state.current
          ? h(RoomView, { name: state.current })
          : h('section', { class: 'room empty-room' }, h('div', { class: 'text-center text-body-secondary' }, [
            h('p', { class: 'h5' }, 'Pick a room to start chatting.'),
            state.me.guest ? null : h('button', { type: 'button', class: 'btn btn-primary', onClick: () => { creating.value = true; } }, 'Create a room'),
          ])),
      ]),
      creating.value ? h(CreateRoomDialog, { onClose: () => { creating.value = false; } }) : null,
    ]);
  },
};

const App = {
  setup() {
    return () => {
      if (!state.ready) return h('div', { class: 'boot text-body-secondary' }, 'Loading…');
      return state.me ? h(ChatView) : h(AuthView);
    };
  },
};

createApp(App).mount('#app');
client.start();
