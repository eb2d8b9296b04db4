// The sidebar: every room the server lists and every room the user has open, with unread and online counts.

import { h, computed } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';

const state = client.state;

function roomOnline(name) {
  const room = state.rooms[name];
  if (room && room.joined) return room.online.length;
  const listed = state.directory.find((r) => r.name === name);
  return listed ? listed.online : 0;
}

export const RoomList = {
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
