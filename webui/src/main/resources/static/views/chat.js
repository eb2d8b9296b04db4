// The signed-in page: the top bar (the page's h1, connection, notifications, who is signed in, settings, sign out),
// notices, the room list and the open room (the main landmark), and the dialogs over them (new room, new message, a
// room's members, the account's settings, deleting a message), one at a time.

import { defineAsyncComponent, h, ref, onMounted, onBeforeUnmount } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { Avatar, Icon } from './pieces.js';
import { CreateRoomDialog } from './create-room.js';
import { NewMessageDialog } from './new-dm.js';
import { MembersDialog } from './members.js';
import { RoomList } from './room-list.js';
import { RoomView } from './room.js';
import { DeleteMessageDialog } from './delete-message.js';
import { ui } from './actions.js';
import { SwitcherDialog } from './switcher.js';

// Loaded when first opened: a first visit on a phone does not pay for it (FirstLoadTest).
const SettingsDialog = defineAsyncComponent(() => import('./settings.js').then((module) => module.SettingsDialog));

const state = client.state;
const narrow = window.matchMedia('(max-width: 767.98px)'); // where the room list is a drawer over the room

const CONNECTION_LABELS = {
  connected: ['Connected', 'text-bg-success'],
  connecting: ['Connecting…', 'text-bg-secondary'],
  reconnecting: ['Reconnecting…', 'text-bg-warning'],
  offline: ['Offline', 'text-bg-danger'],
};

export const ChatView = {
  setup() {
    const dialog = ref(null);      // null, 'room', 'message', 'switch', 'settings' or {members: room name}
    const roomsOpen = ref(false);
    const drawer = ref(narrow.matches);
    const fit = () => { drawer.value = narrow.matches; };
    const tick = ref(Date.now());
    let ticker = null;
    const escape = (e) => {
      if (e.key === 'Escape' && !open()) roomsOpen.value = false;
      // Ctrl+K (⌘K on a Mac) finds a room from anywhere on the page, over whatever dialog is not open.
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k' && !open()) {
        e.preventDefault();
        roomsOpen.value = false;
        dialog.value = 'switch';
      }
    };
    onMounted(() => {
      ticker = setInterval(() => { tick.value = Date.now(); }, 1000);
      document.addEventListener('keydown', escape);
      narrow.addEventListener('change', fit);
    });
    onBeforeUnmount(() => {
      clearInterval(ticker);
      document.removeEventListener('keydown', escape);
      narrow.removeEventListener('change', fit);
    });

    const close = () => { dialog.value = null; };
    // The members panel of a room the user is no longer in (removed, or the room deleted) goes with it.
    const membersOf = () => (dialog.value && dialog.value.members && state.rooms[dialog.value.members] ? dialog.value.members : null);
    const open = () => ui.confirm !== null
      || (dialog.value !== null && (typeof dialog.value === 'string' || membersOf() !== null));

    const connection = () => {
      const [label, tone] = CONNECTION_LABELS[state.connection];
      const waiting = (state.connection === 'reconnecting' || state.connection === 'offline') && state.retryAt > tick.value;
      return h('div', { class: 'connection', id: 'connection', role: 'status', 'data-state': state.connection }, [
        h('span', { class: ['badge', tone] }, label),
        waiting ? h('span', { class: 'small ms-2 d-none d-sm-inline', 'aria-hidden': 'true' }, `retrying in ${Math.ceil((state.retryAt - tick.value) / 1000)} s`) : null,
        waiting ? h('button', { type: 'button', class: 'btn btn-link btn-sm py-0', id: 'retry-now', onClick: client.retryNow }, 'Retry now') : null,
      ]);
    };

    // What waits in the rooms not on screen, for the phone's Rooms button (the list itself is in the drawer).
    const waiting = () => {
      let unread = 0;
      let mentions = 0;
      for (const room of Object.values(state.rooms)) {
        if (room.name === state.current) continue;
        unread += room.unread;
        mentions += room.mentions;
      }
      return { unread, mentions };
    };
    const roomsButton = () => {
      const { unread, mentions } = waiting();
      const said = [unread ? `${unread} unread` : null, mentions ? `${mentions} ${mentions === 1 ? 'mention' : 'mentions'}` : null]
        .filter(Boolean).join(', ');
      // Named by what it shows (the badge is hidden from screen readers, which read the words after it instead).
      return h('button', {
        type: 'button', class: 'btn btn-sm btn-outline-secondary d-md-none me-2 text-nowrap', id: 'rooms-toggle',
        'aria-controls': 'rooms', 'aria-expanded': String(roomsOpen.value),
        onClick: () => { roomsOpen.value = !roomsOpen.value; },
      }, [
        'Rooms',
        unread || mentions ? h('span', {
          class: ['badge', 'rounded-pill', 'ms-1', mentions ? 'text-bg-danger' : 'text-bg-primary'], id: 'rooms-waiting', 'aria-hidden': 'true',
        }, mentions ? `@${mentions > 99 ? '99+' : mentions}` : (unread > 99 ? '99+' : String(unread))) : null,
        said ? h('span', { class: 'visually-hidden' }, `, ${said}`) : null,
      ]);
    };

    return () => h('div', { class: 'chat' }, [
      h('header', { class: 'topbar navbar border-bottom px-3', inert: open() }, [
        roomsButton(),
        // The page's one h1: shown from small screens up, on a phone still there for screen readers.
        h('h1', { class: 'navbar-brand mb-0 h1 me-auto brand' }, 'Chat'),
        h('span', { class: 'me-auto d-sm-none' }),
        connection(),
        state.notifications === 'default' && !state.me.guest ? h('button', {
          type: 'button', class: 'btn btn-sm btn-outline-secondary ms-3', id: 'enable-notifications',
          'aria-label': 'Enable notifications when someone mentions you', title: 'Notify me when someone mentions me',
          onClick: () => client.enableNotifications(),
        }, [Icon('bell'), h('span', { class: 'd-none d-lg-inline ms-1' }, 'Enable notifications')]) : null,
        h('span', { class: 'me ms-2 ms-sm-3 d-flex align-items-center', id: 'me', title: `Signed in as ${state.me.username}` }, [
          Avatar(state.me.username, 'small'),
          h('span', { class: 'ms-2 me-name text-truncate' }, state.me.username),
          state.me.guest ? h('span', { class: 'badge text-bg-secondary ms-1' }, 'guest') : null,
        ]),
        // Settings hold the account's access tokens, which a guest has none of.
        state.me.guest ? null : h('button', {
          type: 'button', class: 'btn btn-sm btn-outline-secondary ms-2 ms-sm-3 text-nowrap', id: 'settings-toggle',
          'aria-haspopup': 'dialog', 'aria-label': 'Settings', title: 'Settings: access tokens',
          onClick: () => { roomsOpen.value = false; dialog.value = 'settings'; },
        }, [Icon('gear'), h('span', { class: 'd-none d-lg-inline ms-1' }, 'Settings')]),
        state.me.admin ? h('a', { class: 'btn btn-sm btn-outline-secondary ms-3', href: '#/admin', id: 'admin-link' }, 'Admin') : null,
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary ms-3', id: 'sign-out', onClick: () => client.signOut() }, 'Sign out'),
      ]),
      state.notice ? h('div', { class: `alert alert-${state.notice.kind} alert-dismissible m-2 mb-0 py-2`, role: 'alert', id: 'notice' }, [
        state.notice.text,
        h('button', { type: 'button', class: 'btn-close py-2', 'aria-label': 'Dismiss', onClick: () => { state.notice = null; } }),
      ]) : null,
      h('div', { class: 'layout', inert: open() }, [
        h(RoomList, {
          open: roomsOpen.value, onCreate: () => { dialog.value = 'room'; }, onMessage: () => { dialog.value = 'message'; },
          onPicked: () => { roomsOpen.value = false; },
        }),
        // Behind the open drawer the room is out of reach of Tab too, not only of the eye.
        h('main', { class: 'room-area', id: 'main', inert: roomsOpen.value && drawer.value }, state.current
          ? h(RoomView, { name: state.current, onMembers: () => { dialog.value = { members: state.current }; } })
          : h('section', { class: 'room empty-room' }, h('div', { class: 'text-center text-body-secondary' }, [
            h('p', { class: 'h5' }, 'Pick a room to start chatting.'),
            state.me.guest ? null : h('button', { type: 'button', class: 'btn btn-primary', onClick: () => { dialog.value = 'room'; } }, 'Create a room'),
          ]))),
      ]),
      dialog.value === 'room' ? h(CreateRoomDialog, { onClose: close }) : null,
      dialog.value === 'message' ? h(NewMessageDialog, { onClose: close }) : null,
      dialog.value === 'switch' ? h(SwitcherDialog, { onClose: close }) : null,
      dialog.value === 'settings' ? h(SettingsDialog, { onClose: close }) : null,
      membersOf() ? h(MembersDialog, { name: membersOf(), key: membersOf(), onClose: close }) : null,
      ui.confirm ? h(DeleteMessageDialog) : null,
    ]);
  },
};
