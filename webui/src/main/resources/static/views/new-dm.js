// The "New message" dialog: picks one or more people by name (completed from the people the page knows;
// a name typed in full works too), opens the direct room of them and the user, and sends the user on to
// its composer. A name the server does not know is said so, and stays among those chosen to be removed.

import { h, ref, computed, nextTick } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { Avatar } from './pieces.js';
import { Dialog, dialogFocus, attempt, ErrorAlert } from './dialog.js';

const MAX_PEOPLE = 8;
const normal = (name) => name.trim().toLowerCase();

export const NewMessageDialog = {
  emits: ['close'],
  setup(props, { emit }) {
    const chosen = ref([]);
    const typed = ref('');
    const error = ref('');
    const busy = ref(false);
    const input = ref(null);
    const { elsewhere } = dialogFocus(input);
    const suggestions = computed(() => client.knownPeople().filter((u) => !chosen.value.includes(u)));

    /** Takes what is typed as one more person; false when there was nothing to take. */
    function take() {
      const name = normal(typed.value.replace(/,/g, ''));
      if (!name) return false;
      if (!chosen.value.includes(name) && name !== client.state.me.username) chosen.value = [...chosen.value, name];
      typed.value = '';
      error.value = '';
      return true;
    }

    function drop(name) {
      chosen.value = chosen.value.filter((u) => u !== name);
      if (input.value) input.value.focus();
    }

    async function submit(event) {
      event.preventDefault();
      take();
      if (chosen.value.length === 0) {
        error.value = 'Type the name of the person to write to.';
        return;
      }
      if (await attempt(busy, error, () => client.openDm(chosen.value))) {
        elsewhere();
        emit('close');
        nextTick(() => {
          const composer = document.getElementById('message-input');
          if (composer) composer.focus();
        });
      }
    }

    const close = () => emit('close');
    return () => Dialog({
      id: 'new-dm', title: 'New message', onClose: close, onSubmit: submit,
      body: [
        h('label', { class: 'form-label', for: 'dm-person' }, 'To'),
        chosen.value.length ? h('ul', { class: 'chosen-people list-unstyled d-flex flex-wrap gap-1 mb-2', id: 'dm-chosen', 'aria-label': 'People chosen' },
          chosen.value.map((name) => h('li', { key: name, class: 'chosen-person badge rounded-pill text-bg-secondary', 'data-user': name }, [
            Avatar(name, 'small'),
            h('span', { class: 'mx-1' }, name),
            h('button', {
              type: 'button', class: 'btn-close btn-close-white', 'aria-label': `Remove ${name}`, onClick: () => drop(name),
            }),
          ]))) : null,
        h('input', {
          id: 'dm-person', ref: input, class: ['form-control', error.value ? 'is-invalid' : null], list: 'dm-people',
          autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', value: typed.value, maxlength: 32,
          'aria-describedby': 'dm-person-hint', disabled: chosen.value.length >= MAX_PEOPLE,
          onInput: (e) => {
            typed.value = e.target.value;
            if (typed.value.includes(',')) take();
          },
          onKeydown: (e) => {
            // Enter takes a typed name and stays for the next one; on an empty field it opens the conversation.
            if (e.key === 'Enter' && !e.isComposing && take()) e.preventDefault();
            else if (e.key === 'Backspace' && !typed.value && chosen.value.length) chosen.value = chosen.value.slice(0, -1);
          },
        }),
        h('datalist', { id: 'dm-people' }, suggestions.value.map((u) => h('option', { key: u, value: u }))),
        h('div', { class: 'form-text', id: 'dm-person-hint' },
          `A name, then Enter to add another (up to ${MAX_PEOPLE}). Enter on an empty field opens the conversation.`),
        ErrorAlert('dm-error', error.value),
      ],
      footer: [
        h('button', { type: 'button', class: 'btn btn-outline-secondary', onClick: close }, 'Cancel'),
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'dm-submit', disabled: busy.value }, 'Open conversation'),
      ],
    });
  },
};
