// The admin page (#/admin, for the server's admins only): every node's figures, refreshed every 5 s; users, searched
// by name, banned and unbanned; rooms renamed, given a topic, deleted. It acts only through the HTTP admin API
// (docs/protocol.md, "Administration"): the page shows what the server answered, and the server's refusal when it
// refuses.

import { h, reactive, ref, computed, onMounted, onBeforeUnmount } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { api } from '../client/api.js';

const state = client.state;
const REFRESH_MS = 5000;

const enc = encodeURIComponent;

export const AdminView = {
  setup() {
    const stats = ref(null);
    const users = ref([]);
    const rooms = ref([]);
    const search = ref('');
    const error = ref(null);
    const done = ref(null);
    // The row being edited: {room, field: 'name'|'topic'|'delete', value}.
    const editing = reactive({ room: null, field: null, value: '' });
    let timer = null;

    const failed = (e) => { error.value = e.message; done.value = null; };
    const said = (text) => { done.value = text; error.value = null; };

    const loadStats = () => api('GET', '/api/admin/stats').then((s) => { stats.value = s; }).catch(failed);
    const loadUsers = () => api('GET', '/api/admin/users').then((u) => { users.value = u.users; }).catch(failed);
    const loadRooms = () => api('GET', '/api/rooms').then((r) => {
      rooms.value = r.rooms.filter((room) => room.kind !== 'direct');
    }).catch(failed);

    onMounted(() => {
      loadStats();
      loadUsers();
      loadRooms();
      timer = setInterval(loadStats, REFRESH_MS);
    });
    onBeforeUnmount(() => clearInterval(timer));

    const found = computed(() => {
      const wanted = search.value.trim().toLowerCase();
      return wanted ? users.value.filter((u) => u.username.includes(wanted)) : users.value;
    });

    const ban = (user, banned) => api(banned ? 'POST' : 'DELETE', `/api/admin/users/${enc(user)}/ban`)
      .then(() => { said(banned ? `${user} is banned.` : `${user} may sign in again.`); return loadUsers(); })
      .catch(failed);

    const edit = (room, field) => {
      editing.room = room.name;
      editing.field = field;
      editing.value = field === 'name' ? room.name : field === 'topic' ? (room.topic || '') : '';
    };
    const stopEditing = () => { editing.room = null; editing.field = null; };
    const save = (room) => {
      const change = editing.field === 'name' ? { name: editing.value.trim() } : { topic: editing.value.trim() };
      return api('PATCH', `/api/rooms/${enc(room)}`, change)
        .then((r) => { said(editing.field === 'name' ? `${room} is now ${r.name}.` : `The topic of ${r.name} is set.`); stopEditing(); return loadRooms(); })
        .catch(failed);
    };
    const remove = (room) => api('DELETE', `/api/rooms/${enc(room)}`)
      .then(() => { said(`${room} is deleted.`); stopEditing(); return loadRooms(); })
      .catch(failed);

    const section = (id, title, body) => h('section', { class: 'admin-section mb-4', 'aria-labelledby': id }, [
      h('h2', { class: 'h5', id }, title), body,
    ]);

    const nodes = () => {
      const s = stats.value;
      if (!s) return h('p', { class: 'text-body-secondary' }, 'Loading…');
      return [
        h('p', { class: 'mb-2', id: 'admin-totals' },
          `${s.onlineUsers} ${s.onlineUsers === 1 ? 'user' : 'users'} online, ${s.messagesPerMinute} messages in the last minute.`),
        h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle', id: 'admin-nodes' }, [
          h('caption', { class: 'visually-hidden' }, 'Server nodes, refreshed every 5 seconds'),
          h('thead', h('tr', [
            h('th', { scope: 'col' }, 'Node'), h('th', { scope: 'col', class: 'text-end' }, 'Connections'),
            h('th', { scope: 'col', class: 'text-end' }, 'Users online'), h('th', { scope: 'col', class: 'text-end' }, 'Messages / min'),
          ])),
          h('tbody', s.nodes.map((n) => h('tr', { key: n.node, 'data-node': n.node }, [
            h('th', { scope: 'row', class: 'fw-normal' }, n.node),
            h('td', { class: 'text-end connections' }, String(n.connections)),
            h('td', { class: 'text-end' }, String(n.onlineUsers)),
            h('td', { class: 'text-end' }, String(n.messagesPerMinute)),
          ]))),
        ])),
      ];
    };

    const userRows = () => [
      h('label', { class: 'form-label', for: 'admin-search' }, 'Find a user'),
      h('input', {
        class: 'form-control mb-2', id: 'admin-search', type: 'search', autocomplete: 'off', value: search.value,
        onInput: (e) => { search.value = e.target.value; },
      }),
      h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle', id: 'admin-users' }, [
        h('thead', h('tr', [
          h('th', { scope: 'col' }, 'User'), h('th', { scope: 'col' }, 'Since'), h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
        ])),
        h('tbody', found.value.map((u) => h('tr', { key: u.username, 'data-user': u.username }, [
          h('th', { scope: 'row', class: 'fw-normal' }, u.username),
          h('td', new Date(u.createdAt).toLocaleDateString()),
          h('td', { class: 'status' }, [
            u.banned ? h('span', { class: 'badge text-bg-danger me-1' }, 'banned') : null,
            u.admin ? h('span', { class: 'badge text-bg-secondary' }, 'admin') : null,
          ]),
          h('td', { class: 'text-end' }, u.username === state.me.username ? null : h('button', {
            type: 'button', class: ['btn', 'btn-sm', u.banned ? 'btn-outline-secondary' : 'btn-outline-danger', 'ban'],
            'aria-label': `${u.banned ? 'Unban' : 'Ban'} ${u.username}`,
            onClick: () => ban(u.username, !u.banned),
          }, u.banned ? 'Unban' : 'Ban')),
        ]))),
      ])),
      found.value.length === 0 ? h('p', { class: 'text-body-secondary', id: 'admin-no-users' }, 'No user has that name.') : null,
    ];

    const roomEditor = (room) => {
      if (editing.field === 'delete') {
        return h('div', { class: 'd-flex flex-wrap gap-2 align-items-center' }, [
          h('span', `Delete ${room.name} and all its messages?`),
          h('button', { type: 'button', class: 'btn btn-sm btn-danger confirm-delete', onClick: () => remove(room.name) }, 'Delete'),
          h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onClick: stopEditing }, 'Cancel'),
        ]);
      }
      const label = editing.field === 'name' ? `New name of ${room.name}` : `Topic of ${room.name}`;
      return h('form', {
        class: 'd-flex flex-wrap gap-2 align-items-center', onSubmit: (e) => { e.preventDefault(); save(room.name); },
      }, [
        h('input', {
          class: 'form-control form-control-sm w-auto room-field', 'aria-label': label, value: editing.value,
          onInput: (e) => { editing.value = e.target.value; },
        }),
        h('button', { type: 'submit', class: 'btn btn-sm btn-primary save' }, 'Save'),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onClick: stopEditing }, 'Cancel'),
      ]);
    };

    const roomRows = () => h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle', id: 'admin-rooms' }, [
      h('thead', h('tr', [
        h('th', { scope: 'col' }, 'Room'), h('th', { scope: 'col' }, 'Topic'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
      ])),
      h('tbody', rooms.value.map((r) => h('tr', { key: r.name, 'data-room': r.name }, [
        h('th', { scope: 'row', class: 'fw-normal' }, [r.name, r.kind === 'private' ? h('span', { class: 'badge text-bg-secondary ms-1' }, 'private') : null]),
        h('td', { class: 'topic' }, r.topic || ''),
        h('td', { class: 'text-end' }, editing.room === r.name ? roomEditor(r) : h('div', { class: 'd-flex flex-wrap gap-2 justify-content-end' }, [
          h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary rename', 'aria-label': `Rename ${r.name}`, onClick: () => edit(r, 'name') }, 'Rename'),
          h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary set-topic', 'aria-label': `Set the topic of ${r.name}`, onClick: () => edit(r, 'topic') }, 'Topic'),
          h('button', { type: 'button', class: 'btn btn-sm btn-outline-danger delete', 'aria-label': `Delete ${r.name}`, onClick: () => edit(r, 'delete') }, 'Delete'),
        ])),
      ]))),
    ]));

    return () => h('div', { class: 'admin' }, [
      h('header', { class: 'topbar navbar border-bottom px-3' }, [
        h('h1', { class: 'navbar-brand mb-0 h1 me-auto' }, 'Administration'),
        h('a', { class: 'btn btn-sm btn-outline-secondary', href: '#/', id: 'back-to-chat' }, 'Back to the chat'),
      ]),
      h('main', { class: 'container-fluid py-3 admin-main', id: 'main' }, [
        error.value ? h('div', { class: 'alert alert-danger py-2', role: 'alert', id: 'admin-error' }, error.value) : null,
        h('div', { role: 'status', id: 'admin-done' }, done.value ? h('div', { class: 'alert alert-success py-2' }, done.value) : null),
        section('admin-nodes-title', 'Nodes', nodes()),
        section('admin-users-title', 'Users', userRows()),
        section('admin-rooms-title', 'Rooms', roomRows()),
      ]),
    ]);
  },
};
