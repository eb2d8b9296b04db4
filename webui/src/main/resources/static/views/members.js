// The members panel of a room the user is in: who is in it and with what role; in a private room its owner,
// its moderators and the server's admins add people by name, remove them and make them moderators and back;
// anyone leaves a public or private room from here; its owner and the server's admins manage its webhooks here too
// (views/webhooks.js). What the server refuses is shown, never swallowed.

import { defineAsyncComponent, h, ref, computed, onMounted } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { Avatar, BotBadge, Lock } from './pieces.js';
import { Dialog, dialogFocus, attempt, ErrorAlert } from './dialog.js';

// Loaded when an owner first opens the panel: a first visit on a phone does not pay for it (FirstLoadTest).
const WebhooksSection = defineAsyncComponent(() => import('./webhooks.js').then((module) => module.WebhooksSection));

const state = client.state;
const ROLE_TONES = { owner: 'text-bg-primary', moderator: 'text-bg-info', member: 'text-bg-light border' };

export const MembersDialog = {
  props: { name: String },
  emits: ['close'],
  setup(props, { emit }) {
    const list = ref(null);            // null until the first answer
    const error = ref('');
    const busy = ref(false);
    const adding = ref('');
    const closeButton = ref(null);
    const addInput = ref(null);
    dialogFocus(closeButton);
    const kind = computed(() => client.kindOf(props.name));
    const myRole = computed(() => {
      const me = list.value && list.value.find((m) => m.username === state.me.username);
      return me ? me.role : null;
    });
    const manage = computed(() => client.mayManage(props.name, myRole.value));
    // Webhooks are the owner's (and an admin's) only; a direct room has none.
    const hooks = computed(() => kind.value !== 'direct' && list.value !== null
      && (myRole.value === 'owner' || (state.me.admin && !state.me.guest)));

    async function load() {
      try {
        list.value = await client.members(props.name);
      } catch (e) {
        error.value = e.message;
        if (list.value === null) list.value = [];
      }
    }
    onMounted(load);

    /** Runs a change, then lists the members again (roles may have moved on, as when an owner leaves). */
    async function change(task) {
      if (await attempt(busy, error, task)) await load();
      const next = addInput.value || closeButton.value;
      if (next && !document.activeElement.closest('.modal')) next.focus();
    }

    async function add(event) {
      event.preventDefault();
      const user = adding.value.trim().toLowerCase();
      if (!user) return;
      await change(async () => {
        await client.addMember(props.name, user);
        adding.value = '';
      });
    }

    async function leave() {
      const left = await attempt(busy, error, async () => {
        if (!(await client.leaveRoom(props.name))) throw new Error('Your messages here are still being sent: wait for them first.');
      });
      if (left) emit('close');
    }

    const row = (m) => {
      const me = m.username === state.me.username;
      const mod = m.role === 'moderator';
      const actions = manage.value && !me && m.role !== 'owner' ? [
        h('button', {
          type: 'button', class: 'btn btn-sm btn-outline-secondary member-role-toggle', disabled: busy.value,
          'aria-label': mod ? `Make ${m.username} a member again` : `Make ${m.username} a moderator`,
          onClick: () => change(() => client.setRole(props.name, m.username, mod ? 'member' : 'moderator')),
        }, mod ? 'Make member' : 'Make moderator'),
        h('button', {
          type: 'button', class: 'btn btn-sm btn-outline-danger member-remove', disabled: busy.value,
          'aria-label': `Remove ${m.username}`,
          onClick: () => change(() => client.removeMember(props.name, m.username)),
        }, 'Remove'),
      ] : [];
      return h('li', { key: m.username, class: 'member list-group-item', 'data-user': m.username, 'data-role': m.role }, [
        Avatar(m.username, 'small'),
        h('span', { class: 'member-name' }, m.username),
        m.bot ? BotBadge() : null,
        me ? h('span', { class: 'text-body-secondary small' }, '(you)') : null,
        kind.value === 'direct' ? null : h('span', { class: ['badge', 'member-role', ROLE_TONES[m.role] || 'text-bg-light'] }, m.role),
        actions.length ? h('span', { class: 'member-actions' }, actions) : null,
      ]);
    };

    const addForm = () => h('form', { class: 'member-add mt-3', id: 'member-add-form', onSubmit: add, novalidate: true }, [
      h('label', { class: 'form-label', for: 'member-name' }, 'Add someone'),
      h('div', { class: 'input-group' }, [
        h('input', {
          id: 'member-name', ref: addInput, class: 'form-control', list: 'member-people', autocomplete: 'off',
          autocapitalize: 'none', spellcheck: 'false', maxlength: 32, placeholder: 'username', value: adding.value,
          onInput: (e) => { adding.value = e.target.value; },
        }),
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'member-add', disabled: busy.value || !adding.value.trim() }, 'Add'),
      ]),
      h('datalist', { id: 'member-people' }, client.knownPeople()
        .filter((u) => !(list.value || []).some((m) => m.username === u))
        .map((u) => h('option', { key: u, value: u }))),
    ]);

    const title = () => (kind.value === 'direct'
      ? `People in your conversation with ${client.roomLabel(props.name)}`
      : [`Members of #${props.name}`, kind.value === 'private' ? h('span', { class: 'ms-2' }, Lock()) : null]);

    const note = () => {
      if (kind.value === 'direct') return 'Nobody can be added to or removed from a direct conversation.';
      if (kind.value === 'public') return 'Anyone signed in can read and join this room.';
      return manage.value ? null : 'Only the owner and moderators add and remove members.';
    };

    return () => Dialog({
      id: 'members', title: title(), onClose: () => emit('close'), wide: hooks.value,
      body: [
        note() ? h('p', { class: 'small text-body-secondary' }, note()) : null,
        list.value === null
          ? h('p', { class: 'text-body-secondary', role: 'status' }, 'Loading members…')
          : h('ul', { class: 'list-group member-list', id: 'member-list', 'aria-label': 'Members' }, list.value.map(row)),
        manage.value ? addForm() : null,
        ErrorAlert('members-error', error.value),
        hooks.value ? h(WebhooksSection, { room: props.name, onChanged: load }) : null,
      ],
      footer: [
        kind.value !== 'direct' && myRole.value ? h('button', {
          type: 'button', class: 'btn btn-outline-danger me-auto', id: 'members-leave', disabled: busy.value, onClick: leave,
        }, `Leave #${props.name}`) : null,
        h('button', { type: 'button', class: 'btn btn-secondary', ref: closeButton, onClick: () => emit('close') }, 'Close'),
      ],
    });
  },
};
