// The browser chat. Vue 3's runtime build with render functions (h), so the page runs under a strict
// Content-Security-Policy: no inline script, no eval, no template compiler. User text only ever
// reaches the DOM as text nodes.
//
// This is the entry module: the protocol client is client.js (its parts under client/), the views are
// under views/. index.html preloads every module this one imports, so the page costs no waterfall.

import { createApp, defineAsyncComponent, h, watchEffect } from './vendor/vue.runtime.esm-browser.prod.js';
import { client } from './client.js';
import { AuthView } from './views/sign-in.js';
import { ChatView } from './views/chat.js';
import { startRouting, page } from './views/route.js';

// The admin page is fetched when an admin first opens it: nobody else's first visit carries it.
const AdminView = defineAsyncComponent(() => import('./views/admin.js').then((module) => module.AdminView));

const state = client.state;

// ---- colour scheme: follow the system's light or dark setting ------------------------------------

const dark = window.matchMedia('(prefers-color-scheme: dark)');
const applyScheme = () => { document.documentElement.dataset.bsTheme = dark.matches ? 'dark' : 'light'; };
applyScheme();
dark.addEventListener('change', applyScheme);

const App = {
  setup() {
    return () => {
      if (!state.ready) return h('div', { class: 'boot text-body-secondary' }, 'Loading…');
      if (!state.me) return h(AuthView);
      return page.value === 'admin' && state.me.admin ? h(AdminView) : h(ChatView);
    };
  },
};

// ---- the tab's title: "(2) Chat" while two mentions wait to be read, "5 new · Chat" for unread messages --------

watchEffect(() => {
  const mentions = state.me ? client.unreadMentions() : 0;
  const unread = state.me ? Object.values(state.rooms).reduce((n, room) => n + room.unread, 0) : 0;
  document.title = mentions ? `(${mentions}) Chat` : unread ? `${unread > 99 ? '99+' : unread} new · Chat` : 'Chat';
});

createApp(App).mount('#app');
startRouting();
client.start();

// ---- the app shell's service worker (sw.js): a refresh during an outage shows this page, not the browser's
// error page. Registered once the page has loaded, so it never competes with the page's own first load.

if ('serviceWorker' in navigator) {
  const register = () => navigator.serviceWorker.register('sw.js').catch(() => {});
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
}
