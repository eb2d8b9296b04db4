// The question before a message is deleted for everyone: focus starts on "Cancel", the deletion waits for the
// user's yes, and the keyboard goes back to the composer either way.

import { h, ref } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client } from '../client.js';
import { Dialog, dialogFocus, attempt, ErrorAlert } from './dialog.js';
import { ui, focusComposer, snippet } from './actions.js';

const state = client.state;

export const DeleteMessageDialog = {
  setup() {
    const cancel = ref(null);
    const error = ref('');
    const busy = ref(false);
    const { elsewhere } = dialogFocus(cancel);
    elsewhere();

    const close = () => {
      ui.confirm = null;
      focusComposer();
    };

    async function confirm() {
      const asked = ui.confirm;
      if (!asked) return;
      if (await attempt(busy, error, () => client.deleteMessage(asked.room, asked.id))) close();
    }

    return () => {
      const asked = ui.confirm;
      if (!asked) return null;
      const someoneElses = asked.user !== state.me.username;
      return Dialog({
        id: 'delete-message', title: 'Delete this message?', onClose: close,
        body: [
          h('p', someoneElses
            ? `This deletes ${asked.user}’s message for everyone in the room. It cannot be undone.`
            : 'This deletes your message for everyone in the room. It cannot be undone.'),
          h('blockquote', { class: 'delete-preview text-body-secondary mb-0' }, snippet(asked.text, 200)),
          ErrorAlert('delete-message-error', error.value),
        ],
        footer: [
          h('button', { type: 'button', class: 'btn btn-outline-secondary', ref: cancel, onClick: close }, 'Cancel'),
          h('button', {
            type: 'button', class: 'btn btn-danger', id: 'delete-confirm', disabled: busy.value, onClick: confirm,
          }, 'Delete'),
        ],
      });
    };
  },
};
