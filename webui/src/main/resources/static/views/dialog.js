// The frame every dialog shares: a modal over a backdrop that Escape, a click beside it or its close button
// closes; focus starts in it and goes back to what opened it. The page behind is made inert by the chat view
// while a dialog is open, so the keyboard stays in the dialog.

import { h, ref, onMounted, onBeforeUnmount } from '../vendor/vue.runtime.esm-browser.prod.js';

/**
 * Focus for a dialog: `first` (a ref) has it once mounted, and what opened the dialog has it back on close,
 * unless the dialog calls the returned `elsewhere()` because it sends the user on (to a composer, say).
 */
export function dialogFocus(first) {
  const opener = document.activeElement;
  let giveBack = true;
  onMounted(() => first.value && first.value.focus());
  onBeforeUnmount(() => { if (giveBack && opener && opener.isConnected) opener.focus(); });
  return { elsewhere: () => { giveBack = false; } };
}

/**
 * A dialog named by `id` (its title is `<id>-title`; its content `<id>-form` when `onSubmit` makes it a
 * form, else `<id>-panel`), with `body` and `footer` as children.
 */
export function Dialog({ id, title, onClose, onSubmit, body, footer, wide }) {
  return [
    h('div', {
      class: 'modal d-block', tabindex: '-1', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': `${id}-title`,
      onKeydown: (e) => { if (e.key === 'Escape') onClose(); },
      onClick: (e) => { if (e.target === e.currentTarget) onClose(); },
    }, h('div', { class: ['modal-dialog', 'modal-dialog-centered', 'modal-dialog-scrollable', wide ? 'modal-lg' : null] },
      h(onSubmit ? 'form' : 'div', {
        class: 'modal-content', id: `${id}-${onSubmit ? 'form' : 'panel'}`, onSubmit, novalidate: onSubmit ? true : null,
      }, [
        h('div', { class: 'modal-header' }, [
          h('h2', { class: 'modal-title h5', id: `${id}-title` }, title),
          h('button', { type: 'button', class: 'btn-close', 'aria-label': 'Close', onClick: onClose }),
        ]),
        h('div', { class: 'modal-body' }, body),
        h('div', { class: 'modal-footer' }, footer),
      ]))),
    h('div', { class: 'modal-backdrop show' }),
  ];
}

/** Runs `task` with `busy` set, and what the server refused shown in `error`; true when it worked. */
export async function attempt(busy, error, task) {
  error.value = '';
  busy.value = true;
  try {
    await task();
    return true;
  } catch (e) {
    error.value = e.message;
    return false;
  } finally {
    busy.value = false;
  }
}

/** What went wrong, said where the user looks, and read out at once. */
export function ErrorAlert(id, text) {
  return text ? h('div', { class: 'alert alert-danger py-2 mt-3 mb-0', role: 'alert', id }, text) : null;
}

/**
 * A secret the server shows this once (an access token, a webhook's URL or signing key): read-only in a field the
 * user can select, with a Copy button that says whether it worked. `id` names the field; `label` is its label.
 */
export const SecretBox = {
  props: { id: String, label: String, value: String },
  setup(props) {
    const field = ref(null);
    const said = ref('');
    async function copy() {
      try {
        await navigator.clipboard.writeText(props.value);
        said.value = 'Copied.';
      } catch (e) {
        // No clipboard here (an insecure origin, a denied permission): the text is selected for Ctrl+C instead.
        field.value.focus();
        field.value.select();
        said.value = 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.';
      }
    }
    return () => h('div', { class: 'secret-box' }, [
      h('label', { class: 'form-label', for: props.id }, props.label),
      h('div', { class: 'input-group' }, [
        h('input', {
          id: props.id, ref: field, class: 'form-control font-monospace', readonly: true, value: props.value,
          spellcheck: 'false', autocomplete: 'off', onFocus: (e) => e.target.select(),
        }),
        h('button', { type: 'button', class: 'btn btn-outline-secondary', id: `${props.id}-copy`, onClick: copy }, 'Copy'),
      ]),
      h('div', { class: 'form-text', role: 'status', id: `${props.id}-copied` }, said.value),
    ]);
  },
};
