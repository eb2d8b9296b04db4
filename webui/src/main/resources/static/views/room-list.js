// The sidebar: the rooms the user is in (private ones marked with a lock), their direct messages by the
// other people's names, and the public rooms they could join; with unread, mention and online counts.

import { h, computed } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { Lock } from './pieces.js';

const state = client.state;

/** Words a screen reader says that the eye does not need (what a number counts). */
function said(text) {
  return h('span', { class: 'visually-hidden' }, text);
}

function roomOnline(name) {
  const room = state.rooms[name];
  if (room && room.joined) return room.online.length;
  return client.listing(name).online || 0;
}

export const RoomList = {
  props: { open: Boolean },
  emits: ['create', 'message', 'picked'],
  setup(props, { emit }) {
    // The user's rooms are those the server says they are in, and those this page is in (one just
    // opened, whose membership the listing does not show yet).
    const mine = computed(() => {
      const all = new Set(state.directory.filter((r) => r.joined).map((r) => r.name));
      state.order.forEach((n) => all.add(n));
      return [...all];
    });
    const rooms = computed(() => mine.value.filter((n) => client.kindOf(n) !== 'direct').sort());
    const dms = computed(() => mine.value.filter((n) => client.kindOf(n) === 'direct')
      .map((name) => ({ name, label: client.roomLabel(name) }))
      .sort((a, b) => a.label.localeCompare(b.label)));
    const others = computed(() => state.directory
      .filter((r) => r.kind !== 'private' && r.kind !== 'direct' && !mine.value.includes(r.name))
      .map((r) => r.name).sort());

    const item = (name, label) => {
      const room = state.rooms[name];
      const unread = room ? room.unread : 0;
      const mentions = room ? room.mentions : 0;
      const current = state.current === name;
      const kind = client.kindOf(name);
      const online = roomOnline(name);
      // The button's name is what it shows, in that order, each number followed by what it counts (visually hidden):
      // "general room, 1 mention, 3 unread, 2 online" for "# general @1 3 • 2". The hidden words carry the commas at
      // their end: Chrome puts a space between the button's flex items, which would stand before a leading comma.
      return h('li', { key: name }, h('button', {
        type: 'button',
        class: ['room-item', current ? 'active' : null, unread ? 'has-unread' : null, mentions ? 'has-mentions' : null,
          room ? 'is-joined' : null],
        'data-room': name, 'data-kind': kind,
        'aria-current': current ? 'true' : null,
        onClick: () => { client.openRoom(name); emit('picked'); },
      }, [
        kind === 'direct' ? null : h('span', { class: 'room-hash', 'aria-hidden': 'true' }, '#'),
        h('span', { class: 'room-name', title: kind === 'direct' ? label : name }, kind === 'direct' ? label : name),
        kind === 'private' ? Lock() : null,
        said(kind === 'direct' ? ' direct message,' : ' room,'),
        mentions ? [
          h('span', { class: 'badge rounded-pill text-bg-danger mention-badge', title: 'mentions' },
            [h('span', { 'aria-hidden': 'true' }, '@'), mentions > 99 ? '99+' : String(mentions)]),
          said(mentions === 1 ? ' mention,' : ' mentions,'),
        ] : null,
        unread ? [
          h('span', { class: 'badge rounded-pill text-bg-primary unread' }, unread > 99 ? '99+' : String(unread)),
          said(' unread,'),
        ] : null,
        // While offline who is online is not known: no count is shown for the user's rooms (or said).
        state.connection === 'connected' || !room
          ? [h('span', { class: 'online-count', title: 'online' }, [h('span', { class: 'dot' }), String(online)]), said(' online')]
          : null,
      ]));
    };

    const head = (id, title, button) => h('div', { class: 'sidebar-head' }, [
      h('h2', { class: 'h6 mb-0', id }, title),
      button,
    ]);
    const member = () => state.me && !state.me.guest;

    return () => h('nav', { class: ['sidebar', props.open ? 'open' : null], id: 'rooms', 'aria-label': 'Rooms' }, [
      head('rooms-title', 'Rooms', member() ? h('button', {
        type: 'button', class: 'btn btn-sm btn-outline-primary', id: 'new-room', onClick: () => emit('create'),
      }, '+ New room') : null),
      h('ul', { class: 'room-list', id: 'my-rooms', 'aria-labelledby': 'rooms-title' }, rooms.value.map((n) => item(n, n))),
      rooms.value.length === 0 ? h('p', { class: 'text-body-secondary small px-3' }, 'No rooms yet.') : null,

      head('dms-title', 'Direct messages', member() ? h('button', {
        type: 'button', class: 'btn btn-sm btn-outline-primary', id: 'new-dm', 'aria-label': 'New message',
        title: 'New message', onClick: () => emit('message'),
      }, '+ New') : null),
      h('ul', { class: 'room-list dm-list', id: 'dms', 'aria-labelledby': 'dms-title' }, dms.value.map((d) => item(d.name, d.label))),
      dms.value.length === 0 ? h('p', { class: 'text-body-secondary small px-3', id: 'no-dms' },
        member() ? 'No conversations yet.' : 'Sign in with an account to write to one person.') : null,

      others.value.length ? head('others-title', 'More rooms', null) : null,
      others.value.length
        ? h('ul', { class: 'room-list', id: 'other-rooms', 'aria-labelledby': 'others-title' }, others.value.map((n) => item(n, n)))
        : null,
    ]);
  },
};
