// The quick switcher (Ctrl+K, or ⌘K on a Mac): a field that finds a room or a direct message by name as it is
// typed, a list of what matches (the user's rooms with unread ones first, then public rooms they could join);
// Up and Down move through it, Enter opens the one chosen and sends the keyboard to its composer, Escape closes.
// The list is an ARIA listbox driven from the field (`aria-activedescendant`), so focus never leaves the field.

import { h, ref, computed } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { Dialog, dialogFocus } from './dialog.js';
import { focusComposer } from './actions.js';

const state = client.state;
const SHOWN = 12;

/** Every room the user could switch to: {name, label, kind, unread, mine}. */
function candidates() {
  const seen = new Map();
  const mine = new Set([...state.order, ...state.directory.filter((r) => r.joined).map((r) => r.name)]);
  for (const name of mine) {
    const room = state.rooms[name];
    seen.set(name, {
      name, label: client.roomLabel(name), kind: client.kindOf(name), unread: room ? room.unread : 0, mine: true,
    });
  }
  for (const r of state.directory) {
    if (!seen.has(r.name) && r.kind !== 'private' && r.kind !== 'direct') {
      seen.set(r.name, { name: r.name, label: client.roomLabel(r.name), kind: r.kind, unread: 0, mine: false });
    }
  }
  return [...seen.values()];
}

/** Matches of `typed`: names that start with it before names that contain it; the user's and unread ones first. */
export function matches(all, typed) {
  const q = typed.trim().replace(/^[#@]/, '').toLowerCase();
  const rank = (c) => {
    const label = c.label.replace(/^#/, '').toLowerCase();
    const at = label.indexOf(q);
    if (q && at < 0) return null;
    return [at === 0 ? 0 : 1, c.mine ? 0 : 1, c.unread ? 0 : 1, label];
  };
  return all.map((c) => ({ c, r: rank(c) })).filter((x) => x.r !== null)
    .sort((a, b) => {
      for (let i = 0; i < 3; i++) if (a.r[i] !== b.r[i]) return a.r[i] - b.r[i];
      return a.r[3].localeCompare(b.r[3]);
    })
    .map((x) => x.c);
}

export const SwitcherDialog = {
  emits: ['close'],
  setup(props, { emit }) {
    const typed = ref('');
    const active = ref(0);
    const input = ref(null);
    const { elsewhere } = dialogFocus(input);
    const found = computed(() => matches(candidates(), typed.value).slice(0, SHOWN));

    function pick(choice) {
      if (!choice) return;
      elsewhere();
      emit('close');
      client.openRoom(choice.name);
      focusComposer();
    }

    const close = () => emit('close');
    const optionId = (i) => `switch-option-${i}`;
    return () => Dialog({
      id: 'switcher', title: 'Go to a room', onClose: close,
      onSubmit: (e) => { e.preventDefault(); pick(found.value[active.value]); },
      body: [
        h('label', { class: 'visually-hidden', for: 'switch-input' }, 'Room or person'),
        h('input', {
          id: 'switch-input', ref: input, class: 'form-control', type: 'text', role: 'combobox',
          placeholder: 'Room or person', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
          'aria-expanded': 'true', 'aria-controls': 'switch-list', 'aria-autocomplete': 'list',
          'aria-activedescendant': found.value.length ? optionId(active.value) : null,
          value: typed.value,
          onInput: (e) => { typed.value = e.target.value; active.value = 0; },
          onKeydown: (e) => {
            const n = found.value.length;
            if (!n) return;
            if (e.key === 'ArrowDown') { e.preventDefault(); active.value = (active.value + 1) % n; }
            else if (e.key === 'ArrowUp') { e.preventDefault(); active.value = (active.value - 1 + n) % n; }
            else if (e.key === 'Home' && e.ctrlKey) { e.preventDefault(); active.value = 0; }
            else if (e.key === 'End' && e.ctrlKey) { e.preventDefault(); active.value = n - 1; }
          },
        }),
        h('ul', { class: 'list-group mt-2 switch-list', id: 'switch-list', role: 'listbox', 'aria-label': 'Rooms found' },
          found.value.map((c, i) => h('li', {
            key: c.name, id: optionId(i), role: 'option', 'aria-selected': String(i === active.value), 'data-room': c.name,
            class: ['list-group-item', 'list-group-item-action', 'd-flex', 'align-items-center', i === active.value ? 'active' : null],
            onMousedown: (e) => e.preventDefault(),
            onClick: () => pick(c),
          }, [
            h('span', { class: 'flex-grow-1 text-truncate' }, c.kind === 'direct' ? c.label : `#${c.name}`),
            c.mine ? null : h('span', { class: 'small ms-2' }, 'join'),
            c.unread ? h('span', { class: 'badge rounded-pill text-bg-primary ms-2' }, `${c.unread} unread`) : null,
          ]))),
        found.value.length ? null : h('p', { class: 'text-body-secondary small mt-2 mb-0', id: 'switch-none', role: 'status' }, 'No room or person by that name.'),
      ],
      footer: [h('span', { class: 'small text-body-secondary me-auto' }, '↑ ↓ to choose, Enter to open, Esc to close')],
    });
  },
};
