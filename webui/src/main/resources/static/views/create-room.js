// The dialog that creates a room; focus goes to its name field, and back to what opened it on close.

import { h, ref, onMounted, onBeforeUnmount } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';

export const CreateRoomDialog = {
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
