// The box a message is written in: Enter sends, Shift+Enter breaks the line, Up in an empty box edits the user's
// last message, a counter near the limit, the message it replies to (with a ×), and a draft that stays with its room.

import { h, ref, computed, watch, nextTick, onMounted } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client, MAX_TEXT } from '../client.js';
import { textLength } from '../format.js';
import { ui, editLast, cancelReply, snippet } from './actions.js';

const COUNTER_FROM = MAX_TEXT - 500;
const touch = window.matchMedia('(pointer: coarse)');

export const Composer = {
  props: { name: String },
  setup(props) {
    const text = ref(client.draft(props.name));
    const box = ref(null);
    watch(text, (value) => client.keepDraft(props.name, value));
    const length = computed(() => textLength(text.value.trim()));
    const tooLong = computed(() => length.value > MAX_TEXT);

    const grow = () => {
      const el = box.value;
      if (!el) return;
      el.style.height = 'auto';
      el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
    };

    function submit() {
      if (tooLong.value || !text.value.trim()) return;
      if (client.send(props.name, text.value, ui.replying[props.name])) {
        text.value = '';
        delete ui.replying[props.name];
        nextTick(grow);
      }
      // Sent by a click or a tap on Send: the next keystrokes go on here (and a phone keeps its keyboard).
      if (box.value && document.activeElement !== box.value) box.value.focus();
    }

    onMounted(() => {
      grow();
      if (box.value && !touch.matches) box.value.focus();
    });

    const replyBar = () => {
      const id = ui.replying[props.name];
      if (!id) return null;
      const original = client.original(props.name, id);
      const who = original.state === 'ok' ? original.message.user : 'a message';
      return h('div', { class: 'replying small', id: 'replying' }, [
        h('span', { class: 'replying-label' }, [
          'Replying to ', h('strong', who),
          original.state === 'ok' ? h('span', { class: 'text-body-secondary ms-1' }, snippet(original.message.text, 60)) : null,
        ]),
        h('button', {
          type: 'button', class: 'btn-close btn-sm', id: 'cancel-reply', 'aria-label': 'Cancel the reply',
          onClick: () => cancelReply(props.name),
        }),
      ]);
    };

    return () => h('form', {
      class: 'composer', id: 'composer',
      onSubmit: (e) => { e.preventDefault(); submit(); },
    }, [
      replyBar(),
      h('label', { class: 'visually-hidden', for: 'message-input' }, `Message ${client.roomLabel(props.name)}`),
      h('textarea', {
        id: 'message-input', ref: box, class: ['form-control', tooLong.value ? 'is-invalid' : null], rows: 1,
        placeholder: `Message ${client.roomLabel(props.name)}`, value: text.value, 'aria-describedby': 'composer-hint',
        onInput: (e) => {
          text.value = e.target.value;
          grow();
          client.typing(props.name, text.value.trim() === '');
        },
        onKeydown: (e) => {
          // On a touch screen there is no Shift: Enter breaks the line and the Send button sends.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !touch.matches) {
            e.preventDefault();
            submit();
          } else if (e.key === 'ArrowUp' && !text.value && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
            if (editLast(props.name)) e.preventDefault();
          } else if (e.key === 'Escape' && ui.replying[props.name]) {
            cancelReply(props.name);
          }
        },
      }),
      h('button', {
        type: 'submit', class: 'btn btn-primary', id: 'send', disabled: tooLong.value || !text.value.trim(),
        'aria-label': 'Send',
        // Pressing Send does not take the focus from the box, so a phone's keyboard does not close and open again.
        onMousedown: (e) => e.preventDefault(),
      }, 'Send'),
      h('div', { class: 'composer-hint small text-body-secondary', id: 'composer-hint' }, [
        h('span', touch.matches ? 'Send with the button; Enter starts a new line' : 'Enter to send, Shift+Enter for a new line'),
        length.value >= COUNTER_FROM ? h('span', {
          class: ['counter', tooLong.value ? 'text-danger fw-semibold' : null], id: 'counter',
        }, `${length.value} / ${MAX_TEXT}`) : null,
      ]),
    ]);
  },
};
