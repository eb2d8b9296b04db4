// One open room: its title (a direct room's: the other people) and topic, who is online, its members panel,
// leaving it, its messages, who is typing, the composer.

import { h, ref, watch, onMounted, onBeforeUnmount } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { typingLine } from '../format.js';
import { Avatar, Lock } from './pieces.js';
import { MessageList } from './messages.js';
import { Composer } from './composer.js';

const state = client.state;

function OnlineList(room) {
  if (state.connection !== 'connected') {
    return h('p', { class: 'text-body-secondary small mb-0 online-unknown' }, 'Who is online is not known while you are offline.');
  }
  return h('ul', { class: 'online-list', 'aria-label': 'Online in this room' }, room.online.map((user) => h('li', { key: user }, [
    Avatar(user, 'small'),
    h('span', { class: 'online-name' }, user),
    user === state.me.username ? h('span', { class: 'text-body-secondary small' }, ' (you)') : null,
  ])));
}

function leave(name) {
  client.leaveRoom(name).catch((e) => { state.notice = { kind: 'danger', text: e.message }; });
}

export const RoomView = {
  props: { name: String },
  emits: ['members'],
  setup(props, { emit }) {
    const showPeople = ref(false);
    const fullTopic = ref(false);
    watch(() => props.name, () => { showPeople.value = false; fullTopic.value = false; });
    const escape = (e) => { if (e.key === 'Escape') showPeople.value = false; };
    onMounted(() => document.addEventListener('keydown', escape));
    onBeforeUnmount(() => document.removeEventListener('keydown', escape));
    return () => {
      const room = state.rooms[props.name];
      if (!room) return null;
      const listed = client.listing(room.name);
      const kind = client.kindOf(room.name);
      const typers = Object.keys(room.typing).sort();
      return h('section', { class: 'room', 'aria-labelledby': 'room-title' }, [
        h('header', { class: 'room-head' }, [
          h('div', { class: 'room-title-wrap' }, [
            h('h2', { class: 'h5 mb-0', id: 'room-title', 'data-kind': kind, title: client.roomLabel(room.name) }, [
              client.roomLabel(room.name), kind === 'private' ? h('span', { class: 'ms-2' }, Lock()) : null,
            ]),
            // A topic too long for the bar is cut; a click (or Enter) shows it whole, and another cuts it again.
            listed.topic ? h('div', {
              class: ['room-topic text-body-secondary small', fullTopic.value ? 'whole' : null], id: 'room-topic',
              title: listed.topic, role: 'button', tabindex: '0', 'aria-expanded': String(fullTopic.value),
              onClick: () => { fullTopic.value = !fullTopic.value; },
              onKeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fullTopic.value = !fullTopic.value; } },
            }, listed.topic) : null,
          ]),
          h('button', {
            type: 'button', class: 'btn btn-sm btn-outline-secondary people-toggle text-nowrap', id: 'people-toggle',
            'aria-expanded': String(showPeople.value), 'aria-controls': 'people-popover',
            onClick: () => { showPeople.value = !showPeople.value; },
          }, state.connection === 'connected' ? `${room.online.length} online` : '– online'),
          h('button', {
            type: 'button', class: 'btn btn-sm btn-outline-secondary ms-2', id: 'members-toggle',
            'aria-haspopup': 'dialog', onClick: () => emit('members'),
          }, kind === 'direct' ? 'People' : 'Members'),
          kind === 'direct' ? null : h('button', {
            type: 'button', class: 'btn btn-sm btn-outline-secondary ms-2', id: 'leave-room',
            title: room.pending.length ? 'Your messages here are still being sent' : `Leave #${room.name}`,
            disabled: room.pending.length > 0,
            onClick: () => leave(room.name),
          }, 'Leave'),
          showPeople.value ? h('div', { class: 'people-popover card shadow', id: 'people-popover' }, h('div', { class: 'card-body p-2' }, OnlineList(room))) : null,
        ]),
        h('div', { class: 'room-main' }, [
          // The composer comes first in the page, so Tab from the room's header reaches it at once instead of after
          // every link and button of the history; style.css still draws it under the messages.
          h('div', { class: 'room-center' }, [
            h(Composer, { name: room.name, key: room.name }),
            h('div', { class: 'typing small text-body-secondary', id: 'typing', 'aria-live': 'polite' }, typingLine(typers)),
            h(MessageList, { name: room.name, key: room.name }),
          ]),
          // A region, not an aside: a complementary landmark belongs at the top level, and this one is in the main one.
          h('section', { class: 'people', id: 'people', 'aria-label': 'Who is online' }, [
            h('h3', { class: 'h6' }, state.connection === 'connected' ? `Online — ${room.online.length}` : 'Online'),
            OnlineList(room),
          ]),
        ]),
      ]);
    };
  },
};
