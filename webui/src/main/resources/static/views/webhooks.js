// A room's webhooks, in its members panel, for its owner and the server's admins (docs/protocol.md, "Webhooks"):
// the list (kind, bot, and an outgoing one's address and trigger word), making one — an incoming one's URL, or an
// outgoing one's signing secret, is shown this once, with a Copy button —, deleting one after a yes, and an outgoing
// one's delivery log (its last attempts). What the server refuses is shown beside the form in its own words.

import { h, ref, onMounted, nextTick } from '../vendor/vue.runtime.esm-browser.prod.js';
import { api } from '../client/api.js';
import { ErrorAlert, SecretBox, attempt } from './dialog.js';

const enc = encodeURIComponent;
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** The curl command that posts to an incoming webhook, for the user to try it. */
export function curlExample(url) {
  return `curl -X POST -H 'Content-Type: application/json' -d '{"text":"Hello from curl"}' '${url}'`;
}

export const WebhooksSection = {
  props: { room: String },
  emits: ['changed'],
  setup(props, { emit }) {
    const hooks = ref(null);         // null until the first answer
    const listError = ref('');
    const error = ref('');
    const busy = ref(false);
    const kind = ref('incoming');
    const name = ref('');
    const url = ref('');
    const trigger = ref('');
    const made = ref(null);          // the webhook just made, with its secret, until "Done"
    const confirming = ref(null);    // id of the webhook whose deletion waits for a yes
    const logs = ref({});            // id -> {attempts, error} of the delivery logs shown
    const nameInput = ref(null);
    const madeTitle = ref(null);
    const confirmButton = ref(null);
    const path = () => `/api/rooms/${enc(props.room)}/webhooks`;

    async function load() {
      try {
        hooks.value = (await api('GET', path())).webhooks;
        listError.value = '';
      } catch (e) {
        listError.value = e.message;
        if (hooks.value === null) hooks.value = [];
      }
    }
    onMounted(load);

    async function create(event) {
      event.preventDefault();
      if (!name.value.trim()) {
        error.value = 'Give the webhook a name: it is the name of the bot that speaks for it.';
        nameInput.value.focus();
        return;
      }
      const body = { kind: kind.value, name: name.value.trim().toLowerCase() };
      if (kind.value === 'outgoing') {
        body.url = url.value.trim();
        if (trigger.value.trim()) body.trigger = trigger.value.trim();
      }
      let hook = null;
      if (await attempt(busy, error, async () => { hook = await api('POST', path(), body); })) {
        made.value = hook;
        emit('changed'); // its bot is a member now
        name.value = '';
        url.value = '';
        trigger.value = '';
        await load();
        await nextTick();
        if (madeTitle.value) madeTitle.value.focus();
      }
    }

    async function done() {
      made.value = null;
      await nextTick();
      if (nameInput.value) nameInput.value.focus();
    }

    async function ask(id) {
      confirming.value = id;
      error.value = '';
      await nextTick();
      if (confirmButton.value) confirmButton.value.focus();
    }

    async function remove(id) {
      if (await attempt(busy, error, () => api('DELETE', `${path()}/${enc(id)}`))) {
        if (made.value && made.value.id === id) made.value = null;
        await load();
      }
      confirming.value = null;
      await nextTick();
      if (nameInput.value) nameInput.value.focus();
    }

    async function cancel(id) {
      confirming.value = null;
      await nextTick();
      const button = document.querySelector(`#webhook-list li[data-webhook='${id}'] .webhook-delete`);
      if (button) button.focus();
    }

    async function loadLog(id) {
      try {
        const answer = await api('GET', `${path()}/${enc(id)}/log`);
        logs.value = { ...logs.value, [id]: { attempts: answer.attempts, error: '' } };
      } catch (e) {
        logs.value = { ...logs.value, [id]: { attempts: (logs.value[id] || {}).attempts || [], error: e.message } };
      }
    }

    function toggleLog(id) {
      if (logs.value[id]) {
        const { [id]: gone, ...rest } = logs.value;
        logs.value = rest;
      } else {
        logs.value = { ...logs.value, [id]: { attempts: null, error: '' } };
        loadLog(id);
      }
    }

    const logTable = (w) => {
      const log = logs.value[w.id];
      const rows = log.attempts;
      return h('div', { class: 'webhook-log mt-2', id: `webhook-log-${w.id}` }, [
        h('div', { class: 'd-flex align-items-center gap-2 mb-1' }, [
          h('h5', { class: 'h6 mb-0 small fw-semibold' }, 'Delivery log'),
          h('button', {
            type: 'button', class: 'btn btn-sm btn-link py-0 webhook-log-refresh', 'aria-label': `Refresh the delivery log of ${w.bot}`,
            onClick: () => loadLog(w.id),
          }, 'Refresh'),
        ]),
        rows === null ? h('p', { class: 'small text-body-secondary mb-0', role: 'status' }, 'Loading…')
          : rows.length === 0 ? h('p', { class: 'small text-body-secondary mb-0 webhook-log-empty' }, 'Nothing sent yet.')
            : h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm small mb-0' }, [
              h('caption', { class: 'visually-hidden' }, `The last delivery attempts of ${w.bot}, newest first`),
              h('thead', h('tr', [
                h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Message'), h('th', { scope: 'col' }, 'Attempt'),
                h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Error'),
              ])),
              h('tbody', rows.map((a, i) => h('tr', { key: i, class: 'webhook-attempt' }, [
                h('td', { class: 'text-nowrap' }, h('time', { datetime: a.at }, dateTime.format(new Date(a.at)))),
                h('td', String(a.messageId)),
                h('td', String(a.attempt)),
                h('td', a.status ? String(a.status) : 'no answer'),
                h('td', { class: 'text-break' }, a.error === null || a.error === undefined ? 'taken' : a.error),
              ]))),
            ])),
        ErrorAlert(`webhook-log-error-${w.id}`, log.error),
      ]);
    };

    const row = (w) => h('li', { key: w.id, class: 'list-group-item webhook', 'data-webhook': w.id, 'data-kind': w.kind }, [
      h('div', { class: 'd-flex flex-wrap align-items-center gap-2' }, [
        h('span', { class: ['badge', w.kind === 'incoming' ? 'text-bg-info' : 'text-bg-secondary', 'webhook-kind'] }, w.kind),
        h('span', { class: 'fw-semibold webhook-bot text-break' }, w.bot),
        h('span', { class: 'ms-auto d-flex flex-wrap gap-2' }, [
          w.kind === 'outgoing' ? h('button', {
            type: 'button', class: 'btn btn-sm btn-outline-secondary webhook-log-toggle', 'aria-expanded': String(!!logs.value[w.id]),
            'aria-controls': `webhook-log-${w.id}`, 'aria-label': `Delivery log of ${w.bot}`, onClick: () => toggleLog(w.id),
          }, 'Delivery log') : null,
          confirming.value === w.id ? null : h('button', {
            type: 'button', class: 'btn btn-sm btn-outline-danger webhook-delete', disabled: busy.value,
            'aria-label': `Delete ${w.bot}`, onClick: () => ask(w.id),
          }, 'Delete'),
        ]),
      ]),
      w.kind === 'outgoing' ? h('div', { class: 'small webhook-target' }, [
        h('span', { class: 'text-break webhook-url' }, w.url),
        ' · ',
        h('span', { class: 'webhook-trigger' }, w.trigger ? `messages starting with ${w.trigger}` : 'every message'),
      ]) : h('div', { class: 'small text-body-secondary' }, 'Posts what programs send to its secret URL.'),
      confirming.value === w.id ? h('div', {
        class: 'd-flex flex-wrap align-items-center gap-2 mt-2 webhook-confirm', role: 'group', 'aria-label': `Delete ${w.bot}?`,
      }, [
        h('span', { class: 'small' }, w.kind === 'incoming'
          ? `Delete ${w.bot}? Its URL stops working at once; the bot and what it wrote stay.`
          : `Delete ${w.bot}? Nothing more is sent; the bot and what it wrote stay.`),
        h('button', {
          type: 'button', class: 'btn btn-sm btn-danger webhook-delete-yes', ref: confirmButton, disabled: busy.value,
          onClick: () => remove(w.id),
        }, 'Delete'),
        h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onClick: () => cancel(w.id) }, 'Cancel'),
      ]) : null,
      logs.value[w.id] ? logTable(w) : null,
    ]);

    const madeBox = () => {
      const w = made.value;
      const full = w.hookUrl ? location.origin + w.hookUrl : null;
      return h('div', { class: 'alert alert-success mb-3', id: 'webhook-made' }, [
        h('h4', { class: 'h6', id: 'webhook-made-title', tabindex: '-1', ref: madeTitle },
          `${w.kind === 'incoming' ? 'Incoming' : 'Outgoing'} webhook ${w.bot} is made`),
        full ? [
          h('p', { class: 'mb-2 small' }, [
            h('strong', 'Copy its URL now: you will not see it again.'),
            ' Anyone who has it can post here as ', w.bot, '.',
          ]),
          h(SecretBox, { id: 'webhook-hook-url', label: 'Webhook URL', value: full }),
          h('p', { class: 'small mb-1 mt-2', id: 'webhook-curl-label' }, 'Try it:'),
          h('pre', { class: 'webhook-curl small mb-2', id: 'webhook-curl', tabindex: '0', 'aria-labelledby': 'webhook-curl-label' },
            h('code', curlExample(full))),
        ] : [
          h('p', { class: 'mb-2 small' }, [
            h('strong', 'Copy its signing secret now: you will not see it again.'),
            ' Each request carries X-Chat-Signature, an HMAC-SHA256 made with it: the receiver checks it.',
          ]),
          h(SecretBox, { id: 'webhook-secret', label: 'Signing secret', value: w.secret }),
        ],
        h('button', { type: 'button', class: 'btn btn-sm btn-success mt-2', id: 'webhook-made-done', onClick: done }, 'Done, I have copied it'),
      ]);
    };

    const radio = (value, text) => h('div', { class: 'form-check form-check-inline' }, [
      h('input', {
        class: 'form-check-input', type: 'radio', name: 'webhook-kind', id: `webhook-kind-${value}`, value,
        checked: kind.value === value, onChange: () => { kind.value = value; error.value = ''; },
      }),
      h('label', { class: 'form-check-label', for: `webhook-kind-${value}` }, text),
    ]);

    const form = () => h('form', { class: 'webhook-form', id: 'webhook-form', onSubmit: create, novalidate: true }, [
      h('h4', { class: 'h6 fw-semibold border-top pt-3' }, 'New webhook'),
      h('fieldset', { class: 'mb-2' }, [
        h('legend', { class: 'form-label fs-6 mb-1' }, 'Kind'),
        radio('incoming', 'Incoming: programs post here'),
        radio('outgoing', 'Outgoing: messages are sent to a URL'),
      ]),
      h('div', { class: 'mb-2' }, [
        h('label', { class: 'form-label', for: 'webhook-name' }, 'Bot name'),
        h('input', {
          id: 'webhook-name', ref: nameInput, class: 'form-control', maxlength: 32, required: true, autocomplete: 'off',
          autocapitalize: 'none', spellcheck: 'false', 'aria-describedby': 'webhook-name-hint', value: name.value,
          onInput: (e) => { name.value = e.target.value; },
        }),
        h('div', { class: 'form-text', id: 'webhook-name-hint' }, 'A new username, 3–32 of a–z, 0–9, - and _: it speaks for the webhook.'),
      ]),
      kind.value === 'outgoing' ? [
        h('div', { class: 'mb-2' }, [
          h('label', { class: 'form-label', for: 'webhook-url' }, 'URL'),
          h('input', {
            id: 'webhook-url', class: 'form-control', type: 'url', inputmode: 'url', required: true, autocomplete: 'off',
            spellcheck: 'false', placeholder: 'https://', 'aria-describedby': 'webhook-url-hint', value: url.value,
            onInput: (e) => { url.value = e.target.value; },
          }),
          h('div', { class: 'form-text', id: 'webhook-url-hint' }, 'An https:// address on the internet: each new message is posted to it.'),
        ]),
        h('div', { class: 'mb-2' }, [
          h('label', { class: 'form-label', for: 'webhook-trigger' }, ['Trigger word ', h('span', { class: 'text-body-secondary' }, '(optional)')]),
          h('input', {
            id: 'webhook-trigger', class: 'form-control', maxlength: 32, autocomplete: 'off', autocapitalize: 'none',
            spellcheck: 'false', placeholder: '!status', 'aria-describedby': 'webhook-trigger-hint', value: trigger.value,
            onInput: (e) => { trigger.value = e.target.value; },
          }),
          h('div', { class: 'form-text', id: 'webhook-trigger-hint' }, 'Only messages whose first word it is are sent; empty: every message.'),
        ]),
      ] : null,
      h('button', { type: 'submit', class: 'btn btn-primary btn-sm', id: 'webhook-create', disabled: busy.value }, 'Create webhook'),
      ErrorAlert('webhook-error', error.value),
    ]);

    const list = () => {
      if (hooks.value === null) return h('p', { class: 'small text-body-secondary', role: 'status' }, 'Loading webhooks…');
      if (hooks.value.length === 0) return h('p', { class: 'small text-body-secondary', id: 'webhook-none' }, 'This room has no webhooks.');
      return h('ul', { class: 'list-group mb-3', id: 'webhook-list', 'aria-label': 'Webhooks' }, hooks.value.map(row));
    };

    return () => h('section', { class: 'webhooks mt-4', id: 'webhooks', 'aria-labelledby': 'webhooks-title' }, [
      h('h3', { class: 'h6', id: 'webhooks-title' }, 'Webhooks'),
      h('p', { class: 'small text-body-secondary' },
        'Programs post here through an incoming webhook, and hear what is said here through an outgoing one. '
        + 'Each speaks as a bot of its own, which stays when the webhook is deleted.'),
      made.value ? madeBox() : null,
      list(),
      ErrorAlert('webhook-list-error', listError.value),
      form(),
    ]);
  },
};
