// The app shell's service worker. A refresh while the server or the network is away shows this chat's own page
// instead of the browser's "This site can't be reached"; and a reload costs the page and the API calls, not a
// revalidation of every module.
//
// - The page (a navigation to / or /index.html): the network first, so a new deployment is seen at once; the
//   cached copy when the network fails.
// - The files the page loads (its modules, style, icon, vendor/vue.<hash>.js, …): from the cache of the build
//   the page names (<meta name="chat-build">, a hash the build makes of every other file, so any change to any
//   file is a new build); a file not cached yet comes from the network and is kept. One cache per build, so a
//   page never gets a module of another build; the caches of older builds are dropped once a page of a newer
//   one arrives.
// - /api/, /ws, /healthz, /readyz, sw.js, other origins and anything but GET: not touched and never cached. The
//   data is the server's; a stale answer there would be a lie.

const PREFIX = 'chat-shell-';
const PAGE = new URL('./', self.registration.scope).href;
const BUILD = /<meta name="chat-build" content="([^"]*)">/;
const LINKS = /<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"/g;
const NOT_SHELL = /^\/(?:api\/|ws$|healthz$|readyz$|sw\.js$)/;
/** After a page of a new build arrived, what it has not loaded by then is fetched for the cache. */
const FILL_AFTER_MS = 10000;

/** The cache of the build of the newest page seen (null until one is: then the newest cache there is). */
let current = null;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const page = await fetch(PAGE, { cache: 'no-cache' });
    if (!page.ok) throw new Error(`the page answered ${page.status}`);
    const html = await page.clone().text();
    const name = cacheOf(html);
    const cache = await caches.open(name);
    await cache.put(PAGE, page);
    await fill(cache, html);
    current = name;
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || NOT_SHELL.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    if (url.pathname === '/' || url.pathname === '/index.html') event.respondWith(page(request, event));
    return;
  }
  event.respondWith(file(request));
});

/** The page from the network, kept in its build's cache; the cached page when the network fails. */
async function page(request, event) {
  let response;
  try {
    response = await fetch(request);
  } catch (e) {
    const cached = await (await currentCache()).match(PAGE);
    if (cached) return cached;
    throw e;
  }
  if (!response.ok) return response;
  const html = await response.clone().text();
  const name = cacheOf(html);
  const cache = await caches.open(name);
  await cache.put(PAGE, response.clone());
  if (name !== current) {
    current = name;
    event.waitUntil(dropOtherBuilds(name)
      .then(() => new Promise((resolve) => { setTimeout(resolve, FILL_AFTER_MS); }))
      .then(() => fill(cache, html)));
  }
  return response;
}

/** A file of the page: from the current build's cache, else from the network (and then kept). */
async function file(request) {
  const cache = await currentCache();
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

async function currentCache() {
  if (!current) {
    const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX));
    current = names.length ? names[names.length - 1] : PREFIX + 'none';
  }
  return caches.open(current);
}

function cacheOf(html) {
  const build = BUILD.exec(html);
  return PREFIX + (build ? build[1] : 'unnamed');
}

/** Fetches every file the page links that the cache lacks (through the browser's HTTP cache). */
async function fill(cache, html) {
  const urls = new Set();
  for (const [, link] of html.matchAll(LINKS)) {
    const url = new URL(link, PAGE);
    if (url.origin === self.location.origin) urls.add(url.href);
  }
  await Promise.all([...urls].map(async (url) => {
    if (await cache.match(url, { ignoreVary: true })) return;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    await cache.put(url, response);
  }));
}

async function dropOtherBuilds(keep) {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== keep) await caches.delete(name);
  }
}
