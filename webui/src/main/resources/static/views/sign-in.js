// The signed-out page: sign in, create an account, or (from an admin's reset link) set a new password;
// and continue as a guest when the server allows it.

import { h, ref } from '../vendor/vue.runtime.esm-browser.prod.js';
import { client, ApiError } from '../client.js';

const state = client.state;
const TABS = [['signin', 'Sign in'], ['register', 'Create account']];

export const AuthView = {
  setup() {
    // An admin's reset link is this page with #reset=<token>: the fragment never reaches a server or a log.
    const resetToken = location.hash.startsWith('#reset=') ? decodeURIComponent(location.hash.slice(7)) : null;
    const mode = ref(resetToken ? 'reset' : 'signin');
    const username = ref('');
    const password = ref('');
    const error = ref('');
    const busy = ref(false);

    async function run(action) {
      error.value = '';
      busy.value = true;
      try {
        await action();
      } catch (e) {
        error.value = e instanceof ApiError ? e.message : 'Something went wrong. Try again.';
      } finally {
        busy.value = false;
      }
    }

    const submit = (event) => {
      event.preventDefault();
      if (mode.value === 'reset') {
        run(async () => {
          username.value = await client.resetPassword(resetToken, password.value);
          password.value = '';
          history.replaceState(null, '', location.pathname);
          mode.value = 'signin';
        });
        return;
      }
      run(() => (mode.value === 'signin'
        ? client.signIn(username.value, password.value)
        : client.register(username.value, password.value)));
    };

    const pick = (name) => { mode.value = name; error.value = ''; };
    // A tablist as ARIA describes it: one Tab stop (the selected tab); the arrow keys, Home and End move to another
    // tab and select it, wrapping around at either end.
    const onTabKey = (e) => {
      const at = TABS.findIndex(([name]) => name === mode.value);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[e.key];
      if (to === undefined || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      const [name] = TABS[(to + TABS.length) % TABS.length];
      pick(name);
      document.getElementById(`tab-${name}`).focus();
    };
    const tab = ([name, label]) => h('li', { class: 'nav-item', role: 'presentation' },
      h('button', {
        type: 'button', role: 'tab', id: `tab-${name}`, 'aria-selected': String(mode.value === name),
        'aria-controls': 'auth-panel', tabindex: mode.value === name ? '0' : '-1',
        class: ['nav-link', mode.value === name ? 'active' : null],
        onClick: () => pick(name),
      }, label));

    return () => h('main', { class: 'auth container' }, h('div', { class: 'card auth-card shadow-sm' }, [
      h('div', { class: 'card-body p-4' }, [
        h('h1', { class: 'h3 mb-1' }, 'Chat'),
        h('p', { class: 'text-body-secondary mb-3' }, 'Talk with your team in real time.'),
        state.signedOutReason
          ? h('div', { class: 'alert alert-info py-2', role: 'status', id: 'signed-out-reason' }, state.signedOutReason)
          : null,
        mode.value === 'reset'
          ? h('h2', { class: 'h5 mb-3', id: 'reset-title' }, 'Choose a new password')
          : h('ul', {
            class: 'nav nav-tabs mb-3', role: 'tablist', 'aria-label': 'Sign in or create an account', onKeydown: onTabKey,
          }, TABS.map(tab)),
        h('div', {
          id: 'auth-panel', role: mode.value === 'reset' ? null : 'tabpanel',
          'aria-labelledby': mode.value === 'reset' ? null : `tab-${mode.value}`,
        }, h('form', { id: 'auth-form', onSubmit: submit, novalidate: true }, [
          mode.value === 'reset' ? null : h('div', { class: 'mb-3' }, [
            h('label', { class: 'form-label', for: 'username' }, 'Username'),
            h('input', {
              id: 'username', class: 'form-control', autocomplete: 'username', required: true, autofocus: true,
              autocapitalize: 'none', spellcheck: 'false', value: username.value,
              onInput: (e) => { username.value = e.target.value; },
            }),
            mode.value === 'register'
              ? h('div', { class: 'form-text' }, '3–32 letters, digits, - or _.')
              : null,
          ]),
          h('div', { class: 'mb-3' }, [
            h('label', { class: 'form-label', for: 'password' }, 'Password'),
            h('input', {
              id: 'password', type: 'password', class: 'form-control', required: true, value: password.value,
              autocomplete: mode.value === 'signin' ? 'current-password' : 'new-password',
              autofocus: mode.value === 'reset',
              onInput: (e) => { password.value = e.target.value; },
            }),
            mode.value !== 'signin' ? h('div', { class: 'form-text' }, 'At least 8 characters.') : null,
          ]),
          error.value
            ? h('div', { class: 'alert alert-danger py-2', role: 'alert', id: 'auth-error' }, error.value)
            : null,
          h('button', { type: 'submit', class: 'btn btn-primary w-100', id: 'auth-submit', disabled: busy.value },
            { signin: 'Sign in', register: 'Create account', reset: 'Set the new password' }[mode.value]),
        ])),
        state.guestsAllowed && mode.value !== 'reset' ? h('div', { class: 'text-center mt-3' }, [
          h('span', { class: 'text-body-secondary' }, 'or '),
          h('button', {
            type: 'button', class: 'btn btn-link p-0 align-baseline', id: 'guest', disabled: busy.value,
            onClick: () => run(() => client.continueAsGuest()),
          }, 'continue as a guest'),
        ]) : null,
      ]),
    ]));
  },
};
