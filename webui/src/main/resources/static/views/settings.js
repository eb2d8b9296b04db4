// The settings dialog of a signed-in account (not a guest's): its access tokens (docs/protocol.md, "Access tokens
// and bots"). Each is listed with its limits and dates; a new one is made with a name, optionally some rooms, read
// only and a lifetime in days, and its secret is shown this once, with a Copy button; revoking asks first. What the
// server refuses is shown beside the form in its own words.

import { h, ref, computed, onMounted, nextTick } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { api } from '../client/api.js';
import { Dialog, dialogFocus, attempt, ErrorAlert, SecretBox } from './dialog.js';

const state = client.state;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 3650;
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "12 May 2026", or `never` for a missing date. */
const day = (iso, never) => (iso ? date.format(new Date(iso)) : never);

export const SettingsDialog = {
  emits: ['close'],
  setup(props, { emit }) {
    const tokens = ref(null);        // null until the first answer
    const listError = ref('');
    const error = ref('');
    const busy = ref(false);
    const name = ref('');
    const rooms = ref([]);           // names ticked; none is every room
    const readOnly = ref(false);
    const days = ref('');
    const made = ref(null);          // the token just made, with its secret, until "Done"
    const confirming = ref(null);    // id of the token whose revocation waits for a yes
    const nameInput = ref(null);
    const madeTitle = ref(null);
    const confirmButton = ref(null);
    const closeButton = ref(null);
    dialogFocus(nameInput);

    // The rooms the user is in, by the name the page shows them under: what a token may be limited to.
    const myRooms = computed(() => state.directory.filter((r) => r.joined)
      .map((r) => ({ name: r.name, label: client.roomLabel(r.name) }))
      .sort((a, b) => a.label.localeCompare(b.label)));
    const label = (room) => (state.rooms[room] || state.directory.some((r) => r.name === room) ? client.roomLabel(room) : `#${room}`);

    async function load() {
      try {
        tokens.value = (await api('GET', '/api/tokens')).tokens;
        listError.value = '';
      } catch (e) {
        listError.value = e.message;
        if (tokens.value === null) tokens.value = [];
      }
    }
    onMounted(load);

    const daysValue = () => days.value.trim();
    const daysWrong = () => daysValue() !== '' && !(/^\d+$/.test(daysValue()) && +daysValue() >= 1 && +daysValue() <= MAX_DAYS);

    async function create(event) {
      event.preventDefault();
      if (!name.value.trim()) {
        error.value = 'Give the token a name, such as the program that will use it.';
        nameInput.value.focus();
        return;
      }
      if (daysWrong()) {
        error.value = `The lifetime is a whole number of days from 1 to ${MAX_DAYS}, or empty for a token that never expires.`;
        return;
      }
      const body = { name: name.value.trim(), scope: readOnly.value ? 'read' : 'read_write' };
      if (rooms.value.length) body.rooms = [...rooms.value];
      if (daysValue()) body.expiresAt = new Date(Date.now() + Number(daysValue()) * DAY_MS).toISOString();
      let token = null;
      if (await attempt(busy, error, async () => { token = await api('POST', '/api/tokens', body); })) {
        made.value = token;
        name.value = '';
        rooms.value = [];
        readOnly.value = false;
        days.value = '';
        await load();
        await nextTick();
        if (madeTitle.value) madeTitle.value.focus();
      }
    }

    async function done() {
      made.value = null;
      await nextTick();
      if (nameInput.value) nameInput.value.focus();
    }

    async function ask(id) {
      confirming.value = id;
      error.value = '';
      await nextTick();
      if (confirmButton.value) confirmButton.value.focus();
    }

    async function revoke(id) {
      if (await attempt(busy, error, () => api('DELETE', `/api/tokens/${encodeURIComponent(id)}`))) {
        if (made.value && made.value.id === id) made.value = null;
        await load();
      }
      confirming.value = null;
      await nextTick();
      const next = nameInput.value || closeButton.value;
      if (next) next.focus();
    }

    async function cancel(id) {
      confirming.value = null;
      await nextTick();
      const button = document.querySelector(`#token-list li[data-token='${id}'] .token-revoke`);
      if (button) button.focus();
    }

    const limits = (t) => [
      t.rooms && t.rooms.length ? t.rooms.map(label).join(', ') : 'All rooms',
      t.scope === 'read' ? 'read only' : 'read and write',
    ].join(' · ');

    const row = (t) => h('li', { key: t.id, class: 'list-group-item token', 'data-token': t.id }, [
      h('div', { class: 'd-flex flex-wrap align-items-center gap-2' }, [
        h('span', { class: 'fw-semibold token-name text-break' }, t.name),
        h('span', { class: ['badge', t.scope === 'read' ? 'text-bg-secondary' : 'text-bg-primary', 'token-scope'] },
          t.scope === 'read' ? 'read' : 'read + write'),
        confirming.value === t.id ? null : h('button', {
          type: 'button', class: 'btn btn-sm btn-outline-danger ms-auto token-revoke', disabled: busy.value,
          'aria-label': `Revoke ${t.name}`, onClick: () => ask(t.id),
        }, 'Revoke'),
      ]),
      h('div', { class: 'small token-rooms' }, limits(t)),
      h('div', { class: 'small text-body-secondary token-dates' }, [
        h('span', { title: t.createdAt ? dateTime.format(new Date(t.createdAt)) : null }, `Created ${day(t.createdAt, '')}`),
        ' · ',
        h('span', { class: 'token-expires' }, t.expiresAt ? `expires ${day(t.expiresAt)}` : 'never expires'),
        ' · ',
        h('span', { class: 'token-used', title: t.lastUsedAt ? dateTime.format(new Date(t.lastUsedAt)) : null },
          t.lastUsedAt ? `last used ${day(t.lastUsedAt)}` : 'never used'),
      ]),
      confirming.value === t.id ? h('div', {
        class: 'd-flex flex-wrap align-items-center gap-2 mt-2 token-confirm', role: 'group', 'aria-label': `Revoke ${t.name}?`,
      }, [
        h('span', { class: 'small' }, `Revoke “${t.name}”? Programs that use it stop working at once.`),
        h('button', {
          type: 'button', class: 'btn btn-sm btn-danger token-revoke-yes', ref: confirmButton, disabled: busy.value,
          onClick: () => revoke(t.id),
        }, 'Revoke'),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onClick: () => cancel(t.id) }, 'Cancel'),
      ]) : null,
    ]);

    const madeBox = () => h('div', { class: 'alert alert-success mb-3', id: 'token-made' }, [
      h('h4', { class: 'h6', id: 'token-made-title', tabindex: '-1', ref: madeTitle }, `Token “${made.value.name}” is made`),
      h('p', { class: 'mb-2 small' }, [
        h('strong', 'Copy its secret now: you will not see it again.'),
        ' A program sends it in the header ', h('code', 'Authorization: Bearer <secret>'), '.',
      ]),
      h(SecretBox, { id: 'token-secret', label: 'Secret', value: made.value.token }),
      h('button', { type: 'button', class: 'btn btn-sm btn-success mt-2', id: 'token-made-done', onClick: done }, 'Done, I have copied it'),
    ]);

    const form = () => h('form', { class: 'token-form', id: 'token-form', onSubmit: create, novalidate: true }, [
      h('h4', { class: 'h6 fw-semibold border-top pt-3' }, 'New token'),
      h('div', { class: 'mb-3' }, [
        h('label', { class: 'form-label', for: 'token-name' }, 'Name'),
        h('input', {
          id: 'token-name', ref: nameInput, class: 'form-control', maxlength: 64, required: true, autocomplete: 'off',
          'aria-describedby': 'token-name-hint', value: name.value, onInput: (e) => { name.value = e.target.value; },
        }),
        h('div', { class: 'form-text', id: 'token-name-hint' }, 'What will use it, such as “deploy notices”.'),
      ]),
      h('fieldset', { class: 'mb-3' }, [
        h('legend', { class: 'form-label fs-6 mb-1' }, ['Rooms ', h('span', { class: 'text-body-secondary' }, '(none ticked: all your rooms)')]),
        myRooms.value.length ? h('div', { class: 'token-room-choices border rounded px-2 py-1', id: 'token-rooms' }, myRooms.value.map((r, i) => (
          h('div', { class: 'form-check', key: r.name }, [
            h('input', {
              class: 'form-check-input', type: 'checkbox', id: `token-room-${i}`, value: r.name,
              checked: rooms.value.includes(r.name),
              onChange: (e) => {
                rooms.value = e.target.checked ? [...rooms.value, r.name] : rooms.value.filter((n) => n !== r.name);
              },
            }),
            h('label', { class: 'form-check-label', for: `token-room-${i}` }, r.label),
          ])))) : h('p', { class: 'small text-body-secondary mb-0' }, 'You are in no room yet.'),
      ]),
      h('div', { class: 'form-check mb-3' }, [
        h('input', {
          class: 'form-check-input', type: 'checkbox', id: 'token-read-only', checked: readOnly.value,
          'aria-describedby': 'token-read-only-hint', onChange: (e) => { readOnly.value = e.target.checked; },
        }),
        h('label', { class: 'form-check-label', for: 'token-read-only' }, 'Read only'),
        h('div', { class: 'form-text', id: 'token-read-only-hint' }, 'It reads rooms and history, and cannot post, edit or delete.'),
      ]),
      h('div', { class: 'mb-3' }, [
        h('label', { class: 'form-label', for: 'token-days' }, ['Expires after ', h('span', { class: 'text-body-secondary' }, '(days, optional)')]),
        h('input', {
          id: 'token-days', class: ['form-control', 'token-days', daysWrong() ? 'is-invalid' : null], type: 'number',
          inputmode: 'numeric', min: 1, max: MAX_DAYS, step: 1, 'aria-describedby': 'token-days-hint',
          'aria-invalid': daysWrong() ? 'true' : null, value: days.value, onInput: (e) => { days.value = e.target.value; },
        }),
        h('div', { class: 'form-text', id: 'token-days-hint' }, 'Empty: it works until you revoke it.'),
      ]),
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'token-create', disabled: busy.value }, 'Create token'),
      ErrorAlert('token-error', error.value),
    ]);

    const list = () => {
      if (tokens.value === null) return h('p', { class: 'text-body-secondary', role: 'status' }, 'Loading tokens…');
      if (tokens.value.length === 0) return h('p', { class: 'text-body-secondary', id: 'token-none' }, 'You have no access tokens.');
      return h('ul', { class: 'list-group mb-3', id: 'token-list', 'aria-label': 'Your access tokens' }, tokens.value.map(row));
    };

    return () => Dialog({
      id: 'settings', title: 'Settings', wide: true, onClose: () => emit('close'),
      body: h('section', { 'aria-labelledby': 'tokens-title' }, [
        h('h3', { class: 'h5', id: 'tokens-title' }, 'Access tokens'),
        h('p', { class: 'small text-body-secondary' },
          'A token lets a program (a script, a CI job, a bot) use the chat as you, within the limits you give it. '
          + 'It cannot sign in, change your password or make other tokens.'),
        state.me.guest ? h('p', { id: 'token-guest' }, 'Guests have no access tokens: create an account first.') : [
          made.value ? madeBox() : null,
          list(),
          ErrorAlert('token-list-error', listError.value),
          form(),
        ],
      ]),
      footer: h('button', { type: 'button', class: 'btn btn-secondary', ref: closeButton, onClick: () => emit('close') }, 'Close'),
    });
  },
};
