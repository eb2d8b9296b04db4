// The dialog that creates a room, public or private; focus goes to its name field, and back to what opened
// it on close.

import { h, ref } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { Dialog, dialogFocus, attempt, ErrorAlert } from './dialog.js';
import { focusComposer } from './actions.js';

const NAME_SHAPE = /^[a-z0-9_-]{1,48}$/;

/** The name as the server takes it ("Q&A room" → "q-a-room"): lowercase, other characters runs of "-". */
export function roomNameFor(typed) {
  return typed.trim().toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '');
}

export const CreateRoomDialog = {
  emits: ['close'],
  setup(props, { emit }) {
    const name = ref('');
    const topic = ref('');
    const priv = ref(false);
    const error = ref('');
    const busy = ref(false);
    const nameInput = ref(null);
    const focus = dialogFocus(nameInput);
    // What the room will be called: what was typed when it has the shape of a name, else the nearest name that has.
    const chosen = () => (NAME_SHAPE.test(name.value.trim().toLowerCase()) ? name.value.trim() : roomNameFor(name.value));

    async function submit(event) {
      event.preventDefault();
      if (await attempt(busy, error, () => client.createRoom(chosen() || name.value.trim(), topic.value.trim(), priv.value))) {
        // The new room is open: the keyboard goes to its composer, not back to "+ New room".
        focus.elsewhere();
        emit('close');
        focusComposer();
      }
    }

    const close = () => emit('close');
    return () => Dialog({
      id: 'create-room', title: 'New room', onClose: close, onSubmit: submit,
      body: [
        h('div', { class: 'mb-3' }, [
          h('label', { class: 'form-label', for: 'room-name' }, 'Name'),
          h('input', {
            id: 'room-name', class: 'form-control', ref: nameInput, required: true, maxlength: 48,
            autocapitalize: 'none', spellcheck: 'false', value: name.value,
            onInput: (e) => { name.value = e.target.value; },
          }),
          name.value.trim() && chosen() && chosen() !== name.value.trim()
            ? h('div', { class: 'form-text', id: 'room-name-as', 'aria-live': 'polite' }, ['It will be called ', h('strong', `#${chosen()}`), '.'])
            : h('div', { class: 'form-text' }, 'Up to 48 letters, digits, - or _.'),
        ]),
        h('div', { class: 'mb-3' }, [
          h('label', { class: 'form-label', for: 'room-topic' }, ['Topic ', h('span', { class: 'text-body-secondary' }, '(optional)')]),
          h('input', {
            id: 'room-topic', class: 'form-control', maxlength: 200, value: topic.value,
            onInput: (e) => { topic.value = e.target.value; },
          }),
        ]),
        h('div', { class: 'form-check mb-1' }, [
          h('input', {
            id: 'room-private', type: 'checkbox', class: 'form-check-input', checked: priv.value,
            'aria-describedby': 'room-private-hint', onChange: (e) => { priv.value = e.target.checked; },
          }),
          h('label', { class: 'form-check-label', for: 'room-private' }, 'Private'),
          h('div', { class: 'form-text', id: 'room-private-hint' },
            'Only the people you add can find it and read it; to anyone else it does not exist.'),
        ]),
        ErrorAlert('create-room-error', error.value),
      ],
      footer: [
        h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: close }, 'Cancel'),
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'create-room-submit', disabled: busy.value }, 'Create room'),
      ],
    });
  },
};
